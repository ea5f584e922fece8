/* hashiya-store.c: the project file (SQLite): schema, migrations, refusals, transactions, writes
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "hashiya-store-private.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <string.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#define BUSY_TIMEOUT_MS 5000
#define QUICK_CHECK_MAX_BYTES (32 * 1024 * 1024)
#define APPLICATION_MARKER "hashiya"
#define BUSY_MESSAGE "the project is busy: another program is writing to it"

G_DEFINE_QUARK (hashiya-store-error-quark, hashiya_store_error)

G_DEFINE_FINAL_TYPE (HashiyaStore, hashiya_store, G_TYPE_OBJECT)

static const char * const segment_kind_names[HASHIYA_N_SEGMENT_KINDS] = {
  "site", "title", "byline", "paragraph", "heading", "caption", "boilerplate", "comment",
};

static const char * const sentiment_names[] = {
  NULL, "positive", "negative", "neutral", "mixed",
};

static const char * const decision_names[] = {
  NULL, "approve", "review", "reject",
};

/* ------------------------------------------------------------------------- */
/* Small value types                                                          */
/* ------------------------------------------------------------------------- */

const char *
hashiya_segment_kind_to_string (HashiyaSegmentKind kind)
{
  if ((int) kind < 0 || kind >= HASHIYA_N_SEGMENT_KINDS)
    return NULL;
  return segment_kind_names[kind];
}

gboolean
hashiya_segment_kind_from_string (const char         *str,
                                  HashiyaSegmentKind *kind)
{
  if (str == NULL)
    return FALSE;
  for (int i = 0; i < HASHIYA_N_SEGMENT_KINDS; i++)
    if (g_ascii_strcasecmp (str, segment_kind_names[i]) == 0)
      {
        if (kind)
          *kind = i;
        return TRUE;
      }
  return FALSE;
}

/* Index of str in names[1..n) (case-insensitive); NULL, "" and "none" are index 0. */
static gboolean
lookup_optional_name (const char * const *names,
                      gsize               n_names,
                      const char         *str,
                      int                *index)
{
  if (str == NULL || *str == '\0' || g_ascii_strcasecmp (str, "none") == 0)
    {
      *index = 0;
      return TRUE;
    }
  for (gsize i = 1; i < n_names; i++)
    if (g_ascii_strcasecmp (str, names[i]) == 0)
      {
        *index = i;
        return TRUE;
      }
  return FALSE;
}

const char *
hashiya_sentiment_to_string (HashiyaSentiment s)
{
  if ((int) s <= 0 || (gsize) s >= G_N_ELEMENTS (sentiment_names))
    return NULL;
  return sentiment_names[s];
}

gboolean
hashiya_sentiment_from_string (const char       *str,
                               HashiyaSentiment *s)
{
  int i;

  if (!lookup_optional_name (sentiment_names, G_N_ELEMENTS (sentiment_names), str, &i))
    return FALSE;
  if (s)
    *s = i;
  return TRUE;
}

const char *
hashiya_decision_to_string (HashiyaDecision d)
{
  if ((int) d <= 0 || (gsize) d >= G_N_ELEMENTS (decision_names))
    return NULL;
  return decision_names[d];
}

gboolean
hashiya_decision_from_string (const char      *str,
                              HashiyaDecision *d)
{
  int i;

  if (!lookup_optional_name (decision_names, G_N_ELEMENTS (decision_names), str, &i))
    return FALSE;
  if (d)
    *d = i;
  return TRUE;
}

void
hashiya_document_free (HashiyaDocument *doc)
{
  if (doc == NULL)
    return;
  g_free (doc->source);
  g_free (doc->sha256);
  g_free (doc->date);
  g_free (doc);
}

void
hashiya_label_free (HashiyaLabel *label)
{
  if (label == NULL)
    return;
  g_free (label->name);
  g_free (label->color);
  g_free (label->key);
  g_free (label);
}

HashiyaSpan *
hashiya_span_copy (const HashiyaSpan *span)
{
  HashiyaSpan *copy;

  g_return_val_if_fail (span != NULL, NULL);

  copy = g_new (HashiyaSpan, 1);
  *copy = *span;
  copy->label = g_strdup (span->label);
  copy->annotator = g_strdup (span->annotator);
  copy->origin = g_strdup (span->origin);
  copy->note = g_strdup (span->note);
  return copy;
}

void
hashiya_span_free (HashiyaSpan *span)
{
  if (span == NULL)
    return;
  g_free (span->label);
  g_free (span->annotator);
  g_free (span->origin);
  g_free (span->note);
  g_free (span);
}

HashiyaJudgement *
hashiya_judgement_copy (const HashiyaJudgement *j)
{
  HashiyaJudgement *copy;

  g_return_val_if_fail (j != NULL, NULL);

  copy = g_new (HashiyaJudgement, 1);
  *copy = *j;
  copy->annotator = g_strdup (j->annotator);
  copy->note = g_strdup (j->note);
  return copy;
}

void
hashiya_judgement_free (HashiyaJudgement *j)
{
  if (j == NULL)
    return;
  g_free (j->annotator);
  g_free (j->note);
  g_free (j);
}

void
hashiya_stats_free (HashiyaStats *stats)
{
  if (stats == NULL)
    return;
  g_clear_pointer (&stats->label_names, g_ptr_array_unref);
  g_clear_pointer (&stats->label_counts, g_array_unref);
  g_free (stats);
}

/* ------------------------------------------------------------------------- */
/* SQLite helpers                                                             */
/* ------------------------------------------------------------------------- */

static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

void
store_set_sqlite_error (sqlite3     *db,
                        int          rc,
                        const char  *what,
                        GError     **error)
{
  const char *msg = db ? sqlite3_errmsg (db) : sqlite3_errstr (rc);

  switch (rc & 0xff)
    {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      g_set_error_literal (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_BUSY, _(BUSY_MESSAGE));
      break;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_CORRUPT,
                   _("%s: the project file is damaged (%s)"), what, msg);
      break;
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
    case SQLITE_FULL:
    case SQLITE_READONLY:
    case SQLITE_PERM:
      /* A writable project in a folder we cannot write to: SQLite cannot create the
       * write-ahead log beside it, and only says "readonly database". */
      if (((rc & 0xff) == SQLITE_READONLY || (rc & 0xff) == SQLITE_CANTOPEN)
          && what != NULL && g_file_test (what, G_FILE_TEST_IS_REGULAR))
        {
          g_autofree char *dir = g_path_get_dirname (what);

          if (access (dir, W_OK) != 0)
            {
              g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_IO,
                           _("cannot open %s: its folder %s is read-only, and the project keeps "
                           "its journal (%s-wal, %s-shm) beside it"), what, dir, what, what);
              break;
            }
        }
      g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_IO,
                   _("%s: cannot read or write the project file (%s)"), what, msg);
      break;
    default:
      g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_FAILED,
                   "%s: %s", what, msg);
      break;
    }
}

HashiyaStmt *
store_prepare (HashiyaStore  *self,
               const char    *sql,
               GError       **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_assert (self->db != NULL);

  stmt = g_hash_table_lookup (self->stmts, sql);
  if (stmt != NULL)
    return stmt;

  rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      store_set_sqlite_error (self->db, rc, _("preparing a query"), error);
      sqlite3_finalize (stmt);
      return NULL;
    }
  g_hash_table_insert (self->stmts, (gpointer) sql, stmt);
  return stmt;
}

static gboolean
exec_sql (sqlite3     *db,
          const char  *sql,
          const char  *what,
          GError     **error)
{
  int rc = sqlite3_exec (db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      store_set_sqlite_error (db, rc, what, error);
      return FALSE;
    }
  return TRUE;
}

void
store_bind_text_or_null (sqlite3_stmt *stmt,
                         int           i,
                         const char   *str)
{
  if (str != NULL)
    sqlite3_bind_text (stmt, i, str, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, i);
}

char *
store_column_strdup (sqlite3_stmt *stmt,
                     int           i)
{
  const char *s = (const char *) sqlite3_column_text (stmt, i);

  return g_strdup (s);
}

/* Runs a statement that returns no rows (or ignores them). */
gboolean
store_step_done (HashiyaStore *self,
                 HashiyaStmt  *stmt,
                 const char   *what,
                 GError      **error)
{
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    ;
  if (rc != SQLITE_DONE)
    {
      store_set_sqlite_error (self->db, rc, what, error);
      return FALSE;
    }
  return TRUE;
}

/* For single-value queries. Returns SQLITE_ROW / SQLITE_DONE, or sets error and returns
 * the failing code. */
int
store_step_row (HashiyaStore *self,
                HashiyaStmt  *stmt,
                const char   *what,
                GError      **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    store_set_sqlite_error (self->db, rc, what, error);
  return rc;
}

/* Runs sql, a statement with one parameter, the row id, that returns no rows. */
gboolean
store_run_with_id (HashiyaStore *self,
                   const char   *sql,
                   gint64        id,
                   const char   *what,
                   GError      **error)
{
  g_autoptr(HashiyaStmt) stmt = store_prepare (self, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  return store_step_done (self, stmt, what, error);
}

/* Runs sql, a query with one parameter, the document id, and returns the statement on
 * its first row (the caller resets it: hold it in a g_autoptr(HashiyaStmt)), or NULL
 * with error set, NOT_FOUND when there is no such document. */
static HashiyaStmt *
document_row (HashiyaStore  *self,
              const char    *sql,
              gint64         doc_id,
              const char    *what,
              GError       **error)
{
  g_autoptr(HashiyaStmt) stmt = store_prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, doc_id);
  rc = store_step_row (self, stmt, what, error);
  if (STEP_FAILED (rc))
    return NULL;
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_NOT_FOUND,
                   _("no document %" PRId64), doc_id);
      return NULL;
    }
  return g_steal_pointer (&stmt);
}

/* ------------------------------------------------------------------------- */
/* Transactions                                                               */
/* ------------------------------------------------------------------------- */

static void clear_text_cache (HashiyaStore *self);

void
store_forget_names (HashiyaStore *self)
{
  g_hash_table_remove_all (self->label_ids);
  g_hash_table_remove_all (self->annotator_ids);
}

/* At the start of a transaction (the write lock is held): when another connection has
 * committed since we last looked, the label and annotator ids may be out of date. (The
 * cached texts cannot be: a document's text never changes and, with AUTOINCREMENT, its
 * id is never given to another one.) */
static void
check_data_version (HashiyaStore *self)
{
  sqlite3_stmt *stmt = store_prepare (self, "PRAGMA data_version", NULL);
  gint64 version = -1;

  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int64 (stmt, 0);
  if (stmt != NULL)
    sqlite3_reset (stmt);
  if (version < 0 || version != self->data_version)
    {
      store_forget_names (self);
      self->data_version = version;
    }
}

/* The transaction statements as static strings, so that store_prepare () caches them: a
 * span added inside hashiya_store_begin/commit opens and releases a savepoint, and
 * parsing that SQL again for every span cost about a quarter of the span. */
#define N_CACHED_SAVEPOINTS 8
static const char *const savepoint_sql[N_CACHED_SAVEPOINTS] = {
  NULL, "SAVEPOINT hashiya_1", "SAVEPOINT hashiya_2", "SAVEPOINT hashiya_3",
  "SAVEPOINT hashiya_4", "SAVEPOINT hashiya_5", "SAVEPOINT hashiya_6", "SAVEPOINT hashiya_7",
};
static const char *const release_sql[N_CACHED_SAVEPOINTS] = {
  NULL, "RELEASE hashiya_1", "RELEASE hashiya_2", "RELEASE hashiya_3",
  "RELEASE hashiya_4", "RELEASE hashiya_5", "RELEASE hashiya_6", "RELEASE hashiya_7",
};

/* Runs a transaction statement: cached when sql is one of the static strings above (or
 * another literal), parsed each time otherwise. Returns an SQLite result code, SQLITE_OK
 * on success. */
static int
tx_exec (HashiyaStore *self,
         const char   *sql,
         gboolean      cached)
{
  sqlite3_stmt *stmt;
  int rc;

  if (!cached)
    return sqlite3_exec (self->db, sql, NULL, NULL, NULL);
  stmt = store_prepare (self, sql, NULL);
  if (stmt == NULL)
    return sqlite3_exec (self->db, sql, NULL, NULL, NULL);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  return rc == SQLITE_DONE || rc == SQLITE_ROW ? SQLITE_OK : rc;
}

gboolean
store_tx_begin (HashiyaStore  *self,
                GError       **error)
{
  if (self->db == NULL)
    {
      g_set_error_literal (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_IO,
                           _("the project is closed"));
      return FALSE;
    }

  if (self->depth == 0)
    {
      int rc = tx_exec (self, "BEGIN IMMEDIATE", TRUE);

      if (rc != SQLITE_OK)
        {
          store_set_sqlite_error (self->db, rc, _("starting a transaction"), error);
          return FALSE;
        }
      check_data_version (self);
    }
  else if (self->depth < N_CACHED_SAVEPOINTS)
    {
      int rc = tx_exec (self, savepoint_sql[self->depth], TRUE);

      if (rc != SQLITE_OK)
        {
          store_set_sqlite_error (self->db, rc, _("starting a savepoint"), error);
          return FALSE;
        }
    }
  else
    {
      char sql[64];

      g_snprintf (sql, sizeof sql, "SAVEPOINT hashiya_%d", self->depth);
      if (!exec_sql (self->db, sql, _("starting a savepoint"), error))
        return FALSE;
    }
  self->depth++;
  return TRUE;
}

static void
tx_rollback (HashiyaStore *self)
{
  g_return_if_fail (self->depth > 0);

  self->depth--;
  if (self->db == NULL)
    return;
  /* an annotator added or a label changed inside may be gone again */
  store_forget_names (self);

  /* An I/O or full-disk error may already have rolled back the whole transaction. */
  if (sqlite3_get_autocommit (self->db))
    {
      clear_text_cache (self);
      return;
    }

  if (self->depth == 0)
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  else
    {
      char sql[96];

      g_snprintf (sql, sizeof sql, "ROLLBACK TO hashiya_%d; RELEASE hashiya_%d",
                  self->depth, self->depth);
      sqlite3_exec (self->db, sql, NULL, NULL, NULL);
    }
  /* A document added inside may be cached, and its id is handed out again (the
   * rollback undoes sqlite_sequence too), also after a savepoint's rollback: forget
   * cached texts, or the next document would read as the rolled-back one. */
  clear_text_cache (self);
}

static gboolean
tx_commit (HashiyaStore  *self,
           GError       **error)
{
  int rc;

  g_return_val_if_fail (self->depth > 0, FALSE);

  if (self->depth == 1)
    {
      rc = tx_exec (self, "COMMIT", TRUE);
      if (rc != SQLITE_OK)
        {
          store_set_sqlite_error (self->db, rc, _("saving to the project"), error);
          tx_rollback (self);
          return FALSE;
        }
    }
  else
    {
      char sql[64];

      if (self->depth - 1 < N_CACHED_SAVEPOINTS)
        rc = tx_exec (self, release_sql[self->depth - 1], TRUE);
      else
        {
          g_snprintf (sql, sizeof sql, "RELEASE hashiya_%d", self->depth - 1);
          rc = tx_exec (self, sql, FALSE);
        }
      if (rc != SQLITE_OK)
        {
          store_set_sqlite_error (self->db, rc, _("saving to the project"), error);
          tx_rollback (self);
          return FALSE;
        }
    }
  self->depth--;
  return TRUE;
}

/* Ends a write: commits when ok, rolls back otherwise. */
gboolean
store_tx_finish (HashiyaStore  *self,
                 gboolean       ok,
                 GError       **error)
{
  if (!ok)
    {
      tx_rollback (self);
      return FALSE;
    }
  return tx_commit (self, error);
}

gboolean
store_check_open (HashiyaStore  *self,
                  GError       **error)
{
  if (self->db == NULL)
    {
      g_set_error_literal (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_IO,
                           _("the project is closed"));
      return FALSE;
    }
  return TRUE;
}

gboolean
hashiya_store_begin (HashiyaStore  *self,
                     GError       **error)
{
  g_return_val_if_fail (HASHIYA_IS_STORE (self), FALSE);
  LOCK (self);
  return store_tx_begin (self, error);
}

gboolean
hashiya_store_commit (HashiyaStore  *self,
                      GError       **error)
{
  g_return_val_if_fail (HASHIYA_IS_STORE (self), FALSE);
  LOCK (self);
  if (self->depth == 0)
    {
      g_set_error_literal (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_INVALID,
                           _("commit without a transaction"));
      return FALSE;
    }
  return tx_commit (self, error);
}

void
hashiya_store_rollback (HashiyaStore *self)
{
  g_return_if_fail (HASHIYA_IS_STORE (self));
  LOCK (self);
  if (self->depth == 0)
    return;
  tx_rollback (self);
}

/* ------------------------------------------------------------------------- */
/* Schema                                                                     */
/* ------------------------------------------------------------------------- */

/* Migration 1 creates everything. The unique index on spans doubles as the
 * (doc_id, start) index every per-document query uses. Documents and spans never
 * reuse the id of a deleted row (AUTOINCREMENT): undo re-inserts a removed span under
 * its old id, and the text cache is keyed by document id. */
static const char migration_1[] =
  "CREATE TABLE meta ("
  "  key   TEXT PRIMARY KEY NOT NULL,"
  "  value TEXT);"
  "CREATE TABLE documents ("
  "  id          INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  source      TEXT NOT NULL,"
  "  sha256      TEXT NOT NULL UNIQUE,"
  "  text        TEXT NOT NULL,"
  "  length      INTEGER NOT NULL CHECK (length >= 0),"
  "  imported_at INTEGER NOT NULL,"
  "  date        TEXT,"
  "  done        INTEGER NOT NULL DEFAULT 0);"
  "CREATE TABLE segments ("
  "  doc_id        INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,"
  "  idx           INTEGER NOT NULL,"
  "  kind          TEXT NOT NULL,"
  "  start         INTEGER NOT NULL,"
  "  \"end\"         INTEGER NOT NULL,"
  "  comment_index INTEGER NOT NULL DEFAULT 0,"
  "  PRIMARY KEY (doc_id, idx),"
  "  CHECK (start >= 0 AND start < \"end\"));"
  "CREATE INDEX segments_comment ON segments (doc_id, comment_index);"
  "CREATE TABLE labels ("
  "  id       INTEGER PRIMARY KEY,"
  "  name     TEXT NOT NULL UNIQUE,"
  "  color    TEXT NOT NULL,"
  "  key      TEXT UNIQUE,"
  "  position INTEGER NOT NULL);"
  "CREATE TABLE annotators ("
  "  id   INTEGER PRIMARY KEY,"
  "  name TEXT NOT NULL UNIQUE);"
  "CREATE TABLE spans ("
  "  id           INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  doc_id       INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,"
  "  start        INTEGER NOT NULL,"
  "  \"end\"        INTEGER NOT NULL,"
  "  label_id     INTEGER NOT NULL REFERENCES labels (id),"
  "  annotator_id INTEGER NOT NULL REFERENCES annotators (id),"
  "  origin       TEXT NOT NULL DEFAULT 'manual',"
  "  note         TEXT,"
  "  created      INTEGER NOT NULL,"
  "  modified     INTEGER NOT NULL,"
  "  CHECK (start >= 0 AND start < \"end\"));"
  "CREATE UNIQUE INDEX spans_doc_start ON spans (doc_id, start, \"end\", label_id, annotator_id);"
  "CREATE TABLE judgements ("
  "  doc_id        INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,"
  "  comment_index INTEGER NOT NULL CHECK (comment_index >= 1),"
  "  annotator_id  INTEGER NOT NULL REFERENCES annotators (id),"
  "  sentiment     TEXT,"
  "  offensive     INTEGER,"
  "  hate_speech   INTEGER,"
  "  decision      TEXT,"
  "  note          TEXT,"
  "  modified      INTEGER NOT NULL,"
  "  PRIMARY KEY (doc_id, comment_index, annotator_id));"
  "INSERT INTO meta (key, value) VALUES ('application', '" APPLICATION_MARKER "');"
  "INSERT INTO labels (name, color, key, position) VALUES"
  "  ('PER',  '#62a0ea', '1', 0),"
  "  ('LOC',  '#57e389', '2', 1),"
  "  ('ORG',  '#ffa348', '3', 2),"
  "  ('DATE', '#c88ee0', '4', 3),"
  "  ('MISC', '#f8e45c', '5', 4);";

extern const char store_migration_2[];   /* hashiya-store-team.c: adjudication provenance */

static const char * const migrations[] = {
  migration_1,
  store_migration_2,
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == HASHIYA_STORE_SCHEMA_VERSION);

static int
read_user_version (sqlite3  *db,
                   int      *version)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL);

  if (rc == SQLITE_OK)
    {
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          *version = sqlite3_column_int (stmt, 0);
          rc = SQLITE_OK;
        }
    }
  sqlite3_finalize (stmt);
  return rc;
}

/* Runs the pending migrations in one transaction. */
static gboolean
migrate (HashiyaStore  *self,
         GError       **error)
{
  int version = 0;
  int rc;

  if (!store_tx_begin (self, error))
    return FALSE;

  /* Read again under the write lock: another process may have just created it. */
  rc = read_user_version (self->db, &version);
  if (rc != SQLITE_OK)
    {
      store_set_sqlite_error (self->db, rc, self->path, error);
      tx_rollback (self);
      return FALSE;
    }

  for (int v = version; v < HASHIYA_STORE_SCHEMA_VERSION; v++)
    {
      char sql[64];

      if (!exec_sql (self->db, migrations[v], _("creating the project tables"), error))
        {
          tx_rollback (self);
          return FALSE;
        }
      g_snprintf (sql, sizeof sql, "PRAGMA user_version = %d", v + 1);
      if (!exec_sql (self->db, sql, _("recording the schema version"), error))
        {
          tx_rollback (self);
          return FALSE;
        }
    }

  if (!tx_commit (self, error))
    return FALSE;

  self->schema_version = MAX (version, HASHIYA_STORE_SCHEMA_VERSION);
  return TRUE;
}

/* ------------------------------------------------------------------------- */
/* Opening                                                                    */
/* ------------------------------------------------------------------------- */

static guint32
read_be32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

/* Looks at the file's header without SQLite: the magic string, and whether the file is
 * shorter than its header says (a truncated copy). */
static gboolean
check_header (const char  *path,
              goffset      size,
              GError     **error)
{
  guint8 header[100];
  gssize n = 0;
  int fd;

  fd = g_open (path, O_RDONLY, 0);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_IO,
                   _("cannot read %s: %s"), path, g_strerror (saved));
      return FALSE;
    }
  while (n < (gssize) sizeof header)
    {
      gssize r = read (fd, header + n, sizeof header - n);
      if (r < 0 && errno == EINTR)
        continue;
      if (r < 0)
        {
          int saved = errno;
          close (fd);
          g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_IO,
                       _("cannot read %s: %s"), path, g_strerror (saved));
          return FALSE;
        }
      if (r == 0)
        break;
      n += r;
    }
  close (fd);

  if (n < 16 || memcmp (header, "SQLite format 3", 16) != 0)
    {
      g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_NOT_PROJECT,
                   _("%s is not a Hashiya project (not an SQLite database)"), path);
      return FALSE;
    }
  if (n < 100)
    {
      g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_CORRUPT,
                   _("%s is damaged: it is cut off inside its header (%zd bytes)"),
                   path, n);
      return FALSE;
    }

  {
    guint32 page_size = ((guint32) header[16] << 8) | header[17];
    guint32 n_pages = read_be32 (header + 28);
    guint32 change_counter = read_be32 (header + 24);
    guint32 valid_for = read_be32 (header + 92);
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);

    if (page_size == 1)
      page_size = 65536;
    /* The in-header size is only meaningful when it was written with the current
     * change counter; a -wal file may hold pages that are not in the main file yet. */
    if (n_pages > 0 && change_counter == valid_for
        && !g_file_test (wal, G_FILE_TEST_EXISTS)
        && (goffset) n_pages * page_size > size)
      {
        g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_CORRUPT,
                     _("%s is damaged: it is truncated (%" PRId64 " bytes, "
                     "its header says %" PRId64 ")"),
                     path, size, (goffset) n_pages * page_size);
        return FALSE;
      }
  }
  return TRUE;
}

/* Checks an existing file with reads only: nothing here writes to it. */
static gboolean
check_project (sqlite3     *db,
               const char  *path,
               goffset      size,
               int         *version,
               GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  gboolean has_meta = FALSE;
  gboolean marked = FALSE;
  int rc;

  /* Reading the whole schema makes SQLite parse page 1 and every CREATE statement. */
  rc = sqlite3_prepare_v2 (db, "SELECT type, name FROM sqlite_master", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          const char *type = (const char *) sqlite3_column_text (stmt, 0);
          const char *name = (const char *) sqlite3_column_text (stmt, 1);
          if (g_strcmp0 (type, "table") == 0 && g_strcmp0 (name, "meta") == 0)
            has_meta = TRUE;
        }
      if (rc == SQLITE_DONE)
        rc = SQLITE_OK;
    }
  sqlite3_finalize (stmt);
  stmt = NULL;
  if (rc != SQLITE_OK)
    goto sqlite_failed;

  if (has_meta)
    {
      rc = sqlite3_prepare_v2 (db, "SELECT value FROM meta WHERE key = 'application'", -1,
                               &stmt, NULL);
      if (rc == SQLITE_OK)
        {
          rc = sqlite3_step (stmt);
          if (rc == SQLITE_ROW)
            {
              marked = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0),
                                  APPLICATION_MARKER) == 0;
              rc = SQLITE_OK;
            }
          else if (rc == SQLITE_DONE)
            rc = SQLITE_OK;
        }
      sqlite3_finalize (stmt);
      stmt = NULL;
      /* A meta table of another shape is another program's table. */
      if ((rc & 0xff) == SQLITE_ERROR)
        rc = SQLITE_OK;
      if (rc != SQLITE_OK)
        goto sqlite_failed;
    }

  if (!marked)
    {
      g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_NOT_PROJECT,
                   _("%s is not a Hashiya project (an SQLite database of another program)"),
                   path);
      return FALSE;
    }

  rc = read_user_version (db, version);
  if (rc != SQLITE_OK)
    goto sqlite_failed;

  if (*version > HASHIYA_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_TOO_NEW,
                   _("%s was made by a newer Hashiya (schema %d, this build knows %d)"),
                   path, *version, HASHIYA_STORE_SCHEMA_VERSION);
      return FALSE;
    }

  /* A damaged page anywhere: quick_check reads every page, which costs about 6 ms per MB,
   * so big projects (opened by every CLI command) only get the first page of each table
   * read; a damaged page further in is then reported as CORRUPT by the first query that
   * reaches it. */
  {
    const char *sql = size <= QUICK_CHECK_MAX_BYTES
      ? "PRAGMA quick_check(1)"
      : "SELECT 'ok' FROM (SELECT 1 FROM documents LIMIT 1), (SELECT 1 FROM segments LIMIT 1), "
        "(SELECT 1 FROM spans LIMIT 1), (SELECT 1 FROM labels LIMIT 1), "
        "(SELECT 1 FROM judgements LIMIT 1), (SELECT 1 FROM annotators LIMIT 1) "
        "UNION ALL SELECT 'ok'";
    g_autofree char *result = NULL;

    rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
    if (rc == SQLITE_OK)
      {
        rc = sqlite3_step (stmt);
        if (rc == SQLITE_ROW)
          {
            result = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
            if (result != NULL)
              g_strdelimit (result, "\n", ' ');
            rc = SQLITE_OK;
          }
      }
    sqlite3_finalize (stmt);
    stmt = NULL;
    if (rc != SQLITE_OK)
      goto sqlite_failed;
    if (g_strcmp0 (result, "ok") != 0)
      {
        g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_CORRUPT,
                     _("%s is damaged (SQLite's check says: %s)"), path, result);
        return FALSE;
      }
  }
  return TRUE;

sqlite_failed:
  if ((rc & 0xff) == SQLITE_NOTADB)
    g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_CORRUPT,
                 _("%s is damaged: SQLite does not recognise it as a database (%s)"),
                 path, sqlite3_errmsg (db));
  else if ((rc & 0xff) == SQLITE_CORRUPT)
    g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_CORRUPT,
                 _("%s is damaged (%s)"), path, sqlite3_errmsg (db));
  else
    store_set_sqlite_error (db, rc, path, error);
  return FALSE;
}

static gboolean
set_pragmas (sqlite3     *db,
             const char  *path,
             GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  gboolean wal = FALSE;
  int rc;

  if (!exec_sql (db, "PRAGMA foreign_keys = ON", path, error))
    return FALSE;

  rc = sqlite3_prepare_v2 (db, "PRAGMA journal_mode = WAL", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          wal = g_ascii_strcasecmp ((const char *) sqlite3_column_text (stmt, 0), "wal") == 0;
          rc = SQLITE_OK;
        }
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_OK)
    {
      store_set_sqlite_error (db, rc, path, error);
      return FALSE;
    }
  if (!wal)
    {
      g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_IO,
                   _("%s: cannot switch the project to write-ahead logging"), path);
      return FALSE;
    }

  /* FULL: a committed action survives a power loss, not only a crash. */
  return exec_sql (db, "PRAGMA synchronous = FULL", path, error);
}

HashiyaStore *
hashiya_store_open (const char  *path,
                    gboolean     create,
                    GError     **error)
{
  g_autoptr(HashiyaStore) self = NULL;
  GStatBuf st;
  gboolean is_new = FALSE;
  int version = 0;
  int flags;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (g_stat (path, &st) != 0)
    {
      int saved = errno;

      if (saved == ENOENT && create)
        is_new = TRUE;
      else
        {
          g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_IO,
                       _("cannot open %s: %s"), path, g_strerror (saved));
          return NULL;
        }
    }
  else if (S_ISDIR (st.st_mode))
    {
      g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_IO,
                   _("cannot open %s: it is a folder"), path);
      return NULL;
    }
  else if (st.st_size == 0)
    {
      /* An empty file (e.g. made by mktemp) becomes a project only when asked to. */
      if (!create)
        {
          g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_NOT_PROJECT,
                       _("%s is not a Hashiya project (the file is empty)"), path);
          return NULL;
        }
      is_new = TRUE;
    }
  else if (!check_header (path, st.st_size, error))
    return NULL;

  self = g_object_new (HASHIYA_TYPE_STORE, NULL);
  self->path = g_strdup (path);

  flags = SQLITE_OPEN_READWRITE | (is_new ? SQLITE_OPEN_CREATE : 0);
  rc = sqlite3_open_v2 (path, &self->db, flags, NULL);
  if (rc != SQLITE_OK)
    {
      if (self->db != NULL)
        store_set_sqlite_error (self->db, rc, path, error);
      else
        g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_IO,
                     _("cannot open %s: %s"), path, sqlite3_errstr (rc));
      /* finalize closes the connection */
      return NULL;
    }
  sqlite3_extended_result_codes (self->db, 1);
  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);

  if (sqlite3_db_readonly (self->db, "main") == 1)
    {
      g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_IO,
                   _("cannot open %s: the file is read-only, and Hashiya saves every action "
                   "into it"), path);
      return NULL;
    }

  /* Every check on an existing file reads only; the first write is journal_mode=WAL
   * (it rewrites the header), so it comes after them. */
  if (!is_new && !check_project (self->db, path, st.st_size, &version, error))
    return NULL;

  if (!set_pragmas (self->db, path, error))
    return NULL;

  if (version < HASHIYA_STORE_SCHEMA_VERSION)
    {
      if (!migrate (self, error))
        return NULL;
    }
  else
    self->schema_version = version;

  return g_steal_pointer (&self);
}

const char *
hashiya_store_get_path (HashiyaStore *self)
{
  g_return_val_if_fail (HASHIYA_IS_STORE (self), NULL);
  return self->path;
}

int
hashiya_store_get_schema_version (HashiyaStore *self)
{
  g_return_val_if_fail (HASHIYA_IS_STORE (self), 0);
  return self->schema_version;
}

static void
clear_text_cache (HashiyaStore *self)
{
  for (int i = 0; i < N_CACHED_TEXTS; i++)
    {
      g_clear_pointer (&self->texts[i].text, hashiya_text_unref);
      self->texts[i].doc_id = 0;
    }
}

void
hashiya_store_close (HashiyaStore *self)
{
  g_return_if_fail (HASHIYA_IS_STORE (self));
  LOCK (self);

  if (self->db == NULL)
    return;

  if (self->depth > 0)
    {
      g_warning ("closing %s inside a transaction: rolling back", self->path);
      sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      self->depth = 0;
    }
  g_hash_table_remove_all (self->stmts);
  clear_text_cache (self);
  store_forget_names (self);
  sqlite3_close_v2 (self->db);
  self->db = NULL;
}

static void
hashiya_store_finalize (GObject *object)
{
  HashiyaStore *self = HASHIYA_STORE (object);

  hashiya_store_close (self);
  g_clear_pointer (&self->stmts, g_hash_table_unref);
  g_clear_pointer (&self->label_ids, g_hash_table_unref);
  g_clear_pointer (&self->annotator_ids, g_hash_table_unref);
  g_clear_pointer (&self->path, g_free);
  g_rec_mutex_clear (&self->lock);

  G_OBJECT_CLASS (hashiya_store_parent_class)->finalize (object);
}

static void
hashiya_store_class_init (HashiyaStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = hashiya_store_finalize;
}

static void
finalize_stmt (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static void
hashiya_store_init (HashiyaStore *self)
{
  g_rec_mutex_init (&self->lock);
  self->stmts = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, finalize_stmt);
  self->label_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->annotator_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->data_version = -1;
}

/* ------------------------------------------------------------------------- */
/* Meta                                                                       */
/* ------------------------------------------------------------------------- */

char *
hashiya_store_get_meta (HashiyaStore *self,
                        const char   *key)
{
  HashiyaStmt *stmt;

  g_return_val_if_fail (HASHIYA_IS_STORE (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);
  LOCK (self);

  if (self->db == NULL)
    return NULL;
  stmt = store_prepare (self, "SELECT value FROM meta WHERE key = ?", NULL);
  if (stmt == NULL)
    return NULL;
  {
    g_autoptr(HashiyaStmt) use = stmt;
    sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
    if (sqlite3_step (stmt) == SQLITE_ROW)
      return store_column_strdup (stmt, 0);
  }
  return NULL;
}

gboolean
hashiya_store_set_meta (HashiyaStore  *self,
                        const char    *key,
                        const char    *value,
                        GError       **error)
{
  gboolean ok;

  g_return_val_if_fail (HASHIYA_IS_STORE (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  LOCK (self);

  if (strcmp (key, "application") == 0)
    {
      g_set_error_literal (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_INVALID,
                           _("the meta key \"application\" marks the file as a Hashiya project "
                           "and cannot be changed"));
      return FALSE;
    }
  if (!store_tx_begin (self, error))
    return FALSE;
  {
    g_autoptr(HashiyaStmt) stmt = NULL;

    if (value != NULL)
      stmt = store_prepare (self, "INSERT INTO meta (key, value) VALUES (?1, ?2) "
                                  "ON CONFLICT (key) DO UPDATE SET value = ?2", error);
    else
      stmt = store_prepare (self, "DELETE FROM meta WHERE key = ?1", error);
    ok = stmt != NULL;
    if (ok)
      {
        sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
        if (value != NULL)
          sqlite3_bind_text (stmt, 2, value, -1, SQLITE_STATIC);
        ok = store_step_done (self, stmt, _("saving a setting"), error);
      }
  }
  return store_tx_finish (self, ok, error);
}

/* ------------------------------------------------------------------------- */
/* Documents                                                                  */
/* ------------------------------------------------------------------------- */

static gboolean
document_exists (HashiyaStore  *self,
                 gint64         doc_id,
                 GError       **error)
{
  g_autoptr(HashiyaStmt) stmt = document_row (self, "SELECT 1 FROM documents WHERE id = ?",
                                              doc_id, _("looking up a document"), error);

  return stmt != NULL;
}

static gboolean
is_sha256_hex (const char *s)
{
  if (strlen (s) != 64)
    return FALSE;
  for (int i = 0; i < 64; i++)
    if (!g_ascii_isxdigit (s[i]))
      return FALSE;
  return TRUE;
}

static gboolean
validate_segments (const HashiyaSegment *segments,
                   guint                 n_segments,
                   gint64                length,
                   GError              **error)
{
  gint64 prev_end = 0;

  for (guint i = 0; i < n_segments; i++)
    {
      const HashiyaSegment *seg = &segments[i];

      if ((int) seg->kind < 0 || seg->kind >= HASHIYA_N_SEGMENT_KINDS)
        {
          g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_INVALID,
                       _("segment %u has an unknown kind (%d)"), i, (int) seg->kind);
          return FALSE;
        }
      if (seg->start < 0 || seg->start >= seg->end || seg->end > length)
        {
          g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_INVALID,
                       _("segment %u (%" PRId64 "-%" PRId64 ") is not a "
                       "non-empty range inside the text (0-%" PRId64 ")"),
                       i, seg->start, seg->end, length);
          return FALSE;
        }
      if (seg->start < prev_end)
        {
          g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_INVALID,
                       _("segment %u (%" PRId64 "-%" PRId64 ") overlaps or "
                       "comes before the previous segment, which ends at %" PRId64),
                       i, seg->start, seg->end, prev_end);
          return FALSE;
        }
      prev_end = seg->end;
    }
  return TRUE;
}

static gboolean
insert_segments (HashiyaStore          *self,
                 gint64                 doc_id,
                 const HashiyaSegment  *segments,
                 guint                  n_segments,
                 GError               **error)
{
  int comment = 0;

  for (guint i = 0; i < n_segments; i++)
    {
      g_autoptr(HashiyaStmt) stmt =
        store_prepare (self, "INSERT INTO segments "
                             "(doc_id, idx, kind, start, \"end\", comment_index) "
                             "VALUES (?, ?, ?, ?, ?, ?)", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, doc_id);
      sqlite3_bind_int (stmt, 2, i);
      sqlite3_bind_text (stmt, 3, segment_kind_names[segments[i].kind], -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 4, segments[i].start);
      sqlite3_bind_int64 (stmt, 5, segments[i].end);
      sqlite3_bind_int (stmt, 6, segments[i].kind == HASHIYA_SEGMENT_COMMENT ? ++comment : 0);
      if (!store_step_done (self, stmt, _("saving a segment"), error))
        return FALSE;
    }
  return TRUE;
}

gint64
hashiya_store_add_document (HashiyaStore          *self,
                            const char            *source,
                            const char            *text,
                            gssize                 len,
                            const char            *sha256,
                            const HashiyaSegment  *segments,
                            guint                  n_segments,
                            const char            *date,
                            GError               **error)
{
  g_autofree char *computed = NULL;
  gsize n_chars = 0, bad = 0;
  gint64 length;
  gint64 doc_id = 0;
  gboolean ok = FALSE;

  g_return_val_if_fail (HASHIYA_IS_STORE (self), 0);
  g_return_val_if_fail (source != NULL, 0);
  g_return_val_if_fail (text != NULL, 0);
  g_return_val_if_fail (n_segments == 0 || segments != NULL, 0);

  if (len < 0)
    len = strlen (text);

  /* Fails on a NUL byte too; validates and counts in one pass. */
  if (!hashiya_utf8_validate_count (text, len, &n_chars, &bad))
    {
      g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_INVALID,
                   _("%s: %s at byte %zu"), source,
                   text[bad] == '\0' ? _("NUL byte") : _("invalid UTF-8"), bad);
      return 0;
    }
  length = (gint64) n_chars;

  if (sha256 == NULL)
    sha256 = computed = g_compute_checksum_for_data (G_CHECKSUM_SHA256,
                                                     (const guchar *) text, len);
  else if (!is_sha256_hex (sha256))
    {
      g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_INVALID,
                   _("%s: \"%s\" is not a SHA-256 digest (64 hex digits)"), source, sha256);
      return 0;
    }
  else
    sha256 = computed = g_ascii_strdown (sha256, -1);

  if (!validate_segments (segments, n_segments, length, error))
    {
      g_prefix_error (error, "%s: ", source);
      return 0;
    }

  LOCK (self);
  if (!store_tx_begin (self, error))
    return 0;

  {
    g_autoptr(HashiyaStmt) stmt =
      store_prepare (self, "SELECT id, source FROM documents WHERE sha256 = ?", error);
    int rc;

    if (stmt == NULL)
      goto out;
    sqlite3_bind_text (stmt, 1, sha256, -1, SQLITE_STATIC);
    rc = store_step_row (self, stmt, _("looking for the same text"), error);
    if (STEP_FAILED (rc))
      goto out;
    if (rc == SQLITE_ROW)
      {
        g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_DUPLICATE,
                     _("%s: the same text is already in the project as document %"
                     PRId64 " (%s)"), source, (gint64) sqlite3_column_int64 (stmt, 0),
                     (const char *) sqlite3_column_text (stmt, 1));
        goto out;
      }
  }

  {
    g_autoptr(HashiyaStmt) stmt =
      store_prepare (self, "INSERT INTO documents "
                           "(source, sha256, text, length, imported_at, date, done) "
                           "VALUES (?, ?, ?, ?, ?, ?, 0)", error);
    if (stmt == NULL)
      goto out;
    sqlite3_bind_text (stmt, 1, source, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, sha256, -1, SQLITE_STATIC);
    /* STATIC: SQLite reads the caller's buffer while the statement runs, no copy. */
    sqlite3_bind_text (stmt, 3, text, len, SQLITE_STATIC);
    sqlite3_bind_int64 (stmt, 4, length);
    sqlite3_bind_int64 (stmt, 5, now_seconds ());
    store_bind_text_or_null (stmt, 6, date);
    if (!store_step_done (self, stmt, _("saving the document"), error))
      goto out;
    doc_id = sqlite3_last_insert_rowid (self->db);
  }

  ok = insert_segments (self, doc_id, segments, n_segments, error);

out:
  if (!store_tx_finish (self, ok, error))
    return 0;
  return doc_id;
}

gint64
hashiya_store_find_document_by_sha256 (HashiyaStore *self,
                                       const char   *sha256)
{
  g_autofree char *lower = NULL;
  HashiyaStmt *raw;

  g_return_val_if_fail (HASHIYA_IS_STORE (self), 0);
  g_return_val_if_fail (sha256 != NULL, 0);
  LOCK (self);

  if (self->db == NULL)
    return 0;
  raw = store_prepare (self, "SELECT id FROM documents WHERE sha256 = ?", NULL);
  if (raw == NULL)
    return 0;
  {
    g_autoptr(HashiyaStmt) stmt = raw;
    lower = g_ascii_strdown (sha256, -1);
    sqlite3_bind_text (stmt, 1, lower, -1, SQLITE_STATIC);
    if (sqlite3_step (stmt) == SQLITE_ROW)
      return sqlite3_column_int64 (stmt, 0);
  }
  return 0;
}

gint64
hashiya_store_resolve_document (HashiyaStore  *self,
                                const char    *ref,
                                GError       **error)
{
  g_autoptr(GArray) ids = NULL;
  gboolean numeric;
  int rc;

  g_return_val_if_fail (HASHIYA_IS_STORE (self), 0);
  g_return_val_if_fail (ref != NULL, 0);
  LOCK (self);

  if (!store_check_open (self, error))
    return 0;

  numeric = *ref != '\0';
  for (const char *p = ref; *p; p++)
    if (!g_ascii_isdigit (*p))
      numeric = FALSE;

  if (numeric)
    {
      g_autoptr(HashiyaStmt) stmt =
        store_prepare (self, "SELECT id FROM documents WHERE id = ?", error);
      guint64 id;

      if (stmt == NULL)
        return 0;
      if (g_ascii_string_to_unsigned (ref, 10, 1, G_MAXINT64, &id, NULL))
        {
          sqlite3_bind_int64 (stmt, 1, (gint64) id);
          rc = store_step_row (self, stmt, _("looking up a document"), error);
          if (STEP_FAILED (rc))
            return 0;
          if (rc == SQLITE_ROW)
            return (gint64) id;
        }
    }

  ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  {
    g_autoptr(HashiyaStmt) stmt =
      store_prepare (self, "SELECT id FROM documents WHERE source = ? ORDER BY id", error);
    if (stmt == NULL)
      return 0;
    sqlite3_bind_text (stmt, 1, ref, -1, SQLITE_STATIC);
    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
      {
        gint64 id = sqlite3_column_int64 (stmt, 0);
        g_array_append_val (ids, id);
      }
    if (rc != SQLITE_DONE)
      {
        store_set_sqlite_error (self->db, rc, _("looking up a document"), error);
        return 0;
      }
  }

  if (ids->len == 1)
    return g_array_index (ids, gint64, 0);
  if (ids->len == 0)
    {
      g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_NOT_FOUND,
                   _("no document \"%s\" (give a document id or a source name)"), ref);
      return 0;
    }
  {
    g_autoptr(GString) list = g_string_new (NULL);
    for (guint i = 0; i < ids->len; i++)
      g_string_append_printf (list, "%s%" G_GINT64_FORMAT, i ? ", " : "",
                              g_array_index (ids, gint64, i));
    g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_INVALID,
                 _("\"%s\" names several documents (ids %s); use the id"), ref, list->str);
  }
  return 0;
}

#define DOCUMENT_COLUMNS "id, source, sha256, imported_at, date, length, done"

static HashiyaDocument *
document_from_row (sqlite3_stmt *stmt)
{
  HashiyaDocument *doc = g_new0 (HashiyaDocument, 1);

  doc->id = sqlite3_column_int64 (stmt, 0);
  doc->source = store_column_strdup (stmt, 1);
  doc->sha256 = store_column_strdup (stmt, 2);
  doc->imported_at = sqlite3_column_int64 (stmt, 3);
  doc->date = store_column_strdup (stmt, 4);
  doc->length = sqlite3_column_int64 (stmt, 5);
  doc->done = sqlite3_column_int (stmt, 6) != 0;
  return doc;
}

/* Runs a "doc_id, count" query and stores each count at offset in the matching document. */
static gboolean
fill_counts (HashiyaStore  *self,
             const char    *sql,
             gint64         doc_id,
             GHashTable    *by_id,
             gsize          offset,
             GError       **error)
{
  g_autoptr(HashiyaStmt) stmt = store_prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  if (doc_id > 0)
    sqlite3_bind_int64 (stmt, 1, doc_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      HashiyaDocument *doc = g_hash_table_lookup (by_id, &id);
      if (doc != NULL)
        G_STRUCT_MEMBER (guint, doc, offset) = sqlite3_column_int (stmt, 1);
    }
  if (rc != SQLITE_DONE)
    {
      store_set_sqlite_error (self->db, rc, _("counting progress"), error);
      return FALSE;
    }
  return TRUE;
}

static gboolean
fill_progress (HashiyaStore  *self,
               GHashTable    *by_id,
               gint64         doc_id,
               GError       **error)
{
  if (doc_id > 0)
    return fill_counts (self, "SELECT doc_id, count(*) FROM spans WHERE doc_id = ?",
                        doc_id, by_id, G_STRUCT_OFFSET (HashiyaDocument, n_spans), error)
        && fill_counts (self, "SELECT doc_id, count(*) FROM segments "
                              "WHERE doc_id = ? AND comment_index > 0",
                        doc_id, by_id, G_STRUCT_OFFSET (HashiyaDocument, n_comments), error)
        && fill_counts (self, "SELECT doc_id, count(DISTINCT comment_index) FROM judgements "
                              "WHERE doc_id = ?",
                        doc_id, by_id, G_STRUCT_OFFSET (HashiyaDocument, n_judged), error);

  return fill_counts (self, "SELECT doc_id, count(*) FROM spans GROUP BY doc_id",
                      0, by_id, G_STRUCT_OFFSET (HashiyaDocument, n_spans), error)
      && fill_counts (self, "SELECT doc_id, count(*) FROM segments "
                            "WHERE comment_index > 0 GROUP BY doc_id",
                      0, by_id, G_STRUCT_OFFSET (HashiyaDocument, n_comments), error)
      && fill_counts (self, "SELECT doc_id, count(DISTINCT comment_index) FROM judgements "
                            "GROUP BY doc_id",
                      0, by_id, G_STRUCT_OFFSET (HashiyaDocument, n_judged), error);
}

GPtrArray *
hashiya_store_list_documents (HashiyaStore  *self,
                              GError       **error)
{
  g_autoptr(GPtrArray) docs = NULL;
  g_autoptr(GHashTable) by_id = NULL;
  int rc;

  g_return_val_if_fail (HASHIYA_IS_STORE (self), NULL);
  LOCK (self);

  if (!store_check_open (self, error))
    return NULL;

  docs = g_ptr_array_new_with_free_func ((GDestroyNotify) hashiya_document_free);
  by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  {
    g_autoptr(HashiyaStmt) stmt =
      store_prepare (self, "SELECT " DOCUMENT_COLUMNS " FROM documents ORDER BY id", error);
    if (stmt == NULL)
      return NULL;
    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
      {
        HashiyaDocument *doc = document_from_row (stmt);
        g_ptr_array_add (docs, doc);
        g_hash_table_insert (by_id, &doc->id, doc);
      }
    if (rc != SQLITE_DONE)
      {
        store_set_sqlite_error (self->db, rc, _("listing documents"), error);
        return NULL;
      }
  }
  if (!fill_progress (self, by_id, 0, error))
    return NULL;
  return g_steal_pointer (&docs);
}

HashiyaDocument *
hashiya_store_get_document (HashiyaStore  *self,
                            gint64         doc_id,
                            GError       **error)
{
  g_autoptr(HashiyaDocument) doc = NULL;
  g_autoptr(GHashTable) by_id = NULL;

  g_return_val_if_fail (HASHIYA_IS_STORE (self), NULL);
  LOCK (self);

  if (!store_check_open (self, error))
    return NULL;
  {
    g_autoptr(HashiyaStmt) stmt =
      document_row (self, "SELECT " DOCUMENT_COLUMNS " FROM documents WHERE id = ?", doc_id,
                    _("reading a document"), error);
    if (stmt == NULL)
      return NULL;
    doc = document_from_row (stmt);
  }
  by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_hash_table_insert (by_id, &doc->id, doc);
  if (!fill_progress (self, by_id, doc_id, error))
    return NULL;
  return g_steal_pointer (&doc);
}

/* Borrowed reference, valid until the cache evicts it: callers inside this file use it
 * under the lock only. */
static HashiyaText *read_text (HashiyaStore  *self,
                               gint64         doc_id,
                               GError       **error);

static HashiyaText *
lookup_text (HashiyaStore  *self,
             gint64         doc_id,
             GError       **error)
{
  CachedText *slot = &self->texts[0];
  HashiyaText *text;

  for (int i = 0; i < N_CACHED_TEXTS; i++)
    {
      if (self->texts[i].text != NULL && self->texts[i].doc_id == doc_id)
        {
          self->texts[i].stamp = ++self->text_stamp;
          return self->texts[i].text;
        }
      if (self->texts[i].stamp < slot->stamp)
        slot = &self->texts[i];
    }

  text = read_text (self, doc_id, error);
  if (text == NULL)
    return NULL;
  g_clear_pointer (&slot->text, hashiya_text_unref);
  slot->text = text;
  slot->doc_id = doc_id;
  slot->stamp = ++self->text_stamp;
  return text;
}

/* The text's bytes straight into a buffer of our own (NUL-terminated): the statement
 * in read_text () would first assemble the text in SQLite's memory and we would copy
 * it, two copies of a 100 MB document at once. FALSE when the blob cannot be read (no
 * such row...): read_text () then uses the statement, which says what is wrong. */
static gboolean
read_text_bytes (HashiyaStore  *self,
                 gint64         doc_id,
                 char         **bytes,
                 gsize         *n_bytes)
{
  sqlite3_blob *blob = NULL;
  char *buf;
  int n, rc;

  if (sqlite3_blob_open (self->db, "main", "documents", "text", doc_id, 0, &blob) != SQLITE_OK)
    {
      if (blob != NULL)
        sqlite3_blob_close (blob);
      return FALSE;
    }
  n = sqlite3_blob_bytes (blob);
  buf = g_try_malloc ((gsize) n + 1);
  rc = buf != NULL ? sqlite3_blob_read (blob, buf, n, 0) : SQLITE_NOMEM;
  sqlite3_blob_close (blob);
  if (rc != SQLITE_OK)
    {
      g_free (buf);
      return FALSE;
    }
  buf[n] = '\0';
  *bytes = buf;
  *n_bytes = n;
  return TRUE;
}

static HashiyaText *
text_from_bytes (char    *bytes,
                 gsize    n_bytes,
                 gint64   doc_id,
                 GError **error)
{
  HashiyaText *text = hashiya_text_new_take (bytes, n_bytes, error);

  if (text == NULL)
    g_prefix_error (error, _("document %" PRId64 ": "), doc_id);
  return text;
}

/* A new reference to the text read from the database (the cache is not involved). */
static HashiyaText *
read_text (HashiyaStore  *self,
           gint64         doc_id,
           GError       **error)
{
  HashiyaText *text;
  char *bytes;
  gsize n_bytes;

  if (read_text_bytes (self, doc_id, &bytes, &n_bytes))
    return text_from_bytes (bytes, n_bytes, doc_id, error);

  {
    g_autoptr(HashiyaStmt) stmt =
      document_row (self, "SELECT text FROM documents WHERE id = ?", doc_id,
                    _("reading a document's text"), error);
    if (stmt == NULL)
      return NULL;
    text = hashiya_text_new ((const char *) sqlite3_column_text (stmt, 0),
                             sqlite3_column_bytes (stmt, 0), error);
    if (text == NULL)
      {
        g_prefix_error (error, _("document %" PRId64 ": "), doc_id);
        return NULL;
      }
  }
  return text;
}

static void
forget_text (HashiyaStore *self,
             gint64        doc_id)
{
  for (int i = 0; i < N_CACHED_TEXTS; i++)
    if (self->texts[i].doc_id == doc_id)
      {
        g_clear_pointer (&self->texts[i].text, hashiya_text_unref);
        self->texts[i].doc_id = 0;
        self->texts[i].stamp = 0;
      }
}

HashiyaText *
hashiya_store_get_text (HashiyaStore  *self,
                        gint64         doc_id,
                        GError       **error)
{
  HashiyaText *text;

  g_return_val_if_fail (HASHIYA_IS_STORE (self), NULL);
  LOCK (self);

  if (!store_check_open (self, error))
    return NULL;
  text = lookup_text (self, doc_id, error);
  return text ? hashiya_text_ref (text) : NULL;
}

HashiyaText *
hashiya_store_read_text (HashiyaStore  *self,
                         gint64         doc_id,
                         GError       **error)
{
  char *bytes = NULL;
  gsize n_bytes = 0;

  g_return_val_if_fail (HASHIYA_IS_STORE (self), NULL);

  {
    LOCK (self);

    if (!store_check_open (self, error))
      return NULL;
    for (int i = 0; i < N_CACHED_TEXTS; i++)
      if (self->texts[i].text != NULL && self->texts[i].doc_id == doc_id)
        return hashiya_text_ref (self->texts[i].text);
    if (!read_text_bytes (self, doc_id, &bytes, &n_bytes))
      return read_text (self, doc_id, error);
  }
  /* validation and the offset index after the lock: other threads may use the store */
  return text_from_bytes (bytes, n_bytes, doc_id, error);
}

gboolean
hashiya_store_set_document_done (HashiyaStore  *self,
                                 gint64         doc_id,
                                 gboolean       done,
                                 GError       **error)
{
  gboolean ok = FALSE;

  g_return_val_if_fail (HASHIYA_IS_STORE (self), FALSE);
  LOCK (self);

  if (!store_tx_begin (self, error))
    return FALSE;
  if (document_exists (self, doc_id, error))
    {
      g_autoptr(HashiyaStmt) stmt =
        store_prepare (self, "UPDATE documents SET done = ? WHERE id = ?", error);
      if (stmt != NULL)
        {
          sqlite3_bind_int (stmt, 1, done ? 1 : 0);
          sqlite3_bind_int64 (stmt, 2, doc_id);
          ok = store_step_done (self, stmt, _("marking a document done"), error);
        }
    }
  return store_tx_finish (self, ok, error);
}

gboolean
hashiya_store_remove_document (HashiyaStore  *self,
                               gint64         doc_id,
                               GError       **error)
{
  gboolean ok = FALSE;

  g_return_val_if_fail (HASHIYA_IS_STORE (self), FALSE);
  LOCK (self);

  if (!store_tx_begin (self, error))
    return FALSE;
  if (document_exists (self, doc_id, error))
    {
      ok = store_run_with_id (self, "DELETE FROM documents WHERE id = ?", doc_id,
                              _("removing a document"), error);
    }
  forget_text (self, doc_id);
  return store_tx_finish (self, ok, error);
}

/* ------------------------------------------------------------------------- */
/* Segments                                                                   */
/* ------------------------------------------------------------------------- */

static GArray *
load_segments (HashiyaStore  *self,
               gint64         doc_id,
               GError       **error)
{
  g_autoptr(GArray) segs = NULL;
  g_autoptr(HashiyaStmt) stmt = NULL;
  int rc;

  if (!document_exists (self, doc_id, error))
    return NULL;

  stmt = store_prepare (self, "SELECT kind, start, \"end\", comment_index FROM segments "
                              "WHERE doc_id = ? ORDER BY idx", error);
  if (stmt == NULL)
    return NULL;
  segs = g_array_new (FALSE, TRUE, sizeof (HashiyaSegment));
  sqlite3_bind_int64 (stmt, 1, doc_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      HashiyaSegment seg = { 0, };
      if (!hashiya_segment_kind_from_string ((const char *) sqlite3_column_text (stmt, 0),
                                             &seg.kind))
        seg.kind = HASHIYA_SEGMENT_PARAGRAPH;
      seg.start = sqlite3_column_int64 (stmt, 1);
      seg.end = sqlite3_column_int64 (stmt, 2);
      seg.comment_index = sqlite3_column_int (stmt, 3);
      g_array_append_val (segs, seg);
    }
  if (rc != SQLITE_DONE)
    {
      store_set_sqlite_error (self->db, rc, _("reading segments"), error);
      return NULL;
    }
  return g_steal_pointer (&segs);
}

GArray *
hashiya_store_get_segments (HashiyaStore  *self,
                            gint64         doc_id,
                            GError       **error)
{
  g_return_val_if_fail (HASHIYA_IS_STORE (self), NULL);
  LOCK (self);

  if (!store_check_open (self, error))
    return NULL;
  return load_segments (self, doc_id, error);
}

static gboolean
set_segment_kind_locked (HashiyaStore       *self,
                         gint64              doc_id,
                         guint               index,
                         HashiyaSegmentKind  kind,
                         GError            **error)
{
  g_autoptr(GArray) segs = load_segments (self, doc_id, error);
  g_autofree int *new_index = NULL;
  HashiyaSegment *seg;
  int n = 0;

  if (segs == NULL)
    return FALSE;
  if (index >= segs->len)
    {
      g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_NOT_FOUND,
                   _("document %" PRId64 " has %u segments; there is no segment %u"),
                   doc_id, segs->len, index);
      return FALSE;
    }
  seg = &g_array_index (segs, HashiyaSegment, index);
  if (seg->kind == kind)
    return TRUE;

  /* A comment that stops being one would leave its judgements without a comment. */
  if (seg->comment_index > 0)
    {
      g_autoptr(HashiyaStmt) stmt =
        store_prepare (self, "SELECT count(*) FROM judgements "
                             "WHERE doc_id = ? AND comment_index = ?", error);
      int count;

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, doc_id);
      sqlite3_bind_int (stmt, 2, seg->comment_index);
      if (store_step_row (self, stmt, _("counting judgements"), error) != SQLITE_ROW)
        return FALSE;
      count = sqlite3_column_int (stmt, 0);
      if (count > 0)
        {
          g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_IN_USE,
                       _("segment %u of document %" PRId64 " is comment %d, which has "
                       "%d judgement%s; clear %s before changing its kind"),
                       index, doc_id, seg->comment_index, count, count == 1 ? "" : "s",
                       count == 1 ? "it" : "them");
          return FALSE;
        }
    }

  seg->kind = kind;
  new_index = g_new0 (int, segs->len);
  for (guint i = 0; i < segs->len; i++)
    if (g_array_index (segs, HashiyaSegment, i).kind == HASHIYA_SEGMENT_COMMENT)
      new_index[i] = ++n;

  {
    g_autoptr(HashiyaStmt) stmt =
      store_prepare (self, "UPDATE segments SET kind = ? WHERE doc_id = ? AND idx = ?", error);
    if (stmt == NULL)
      return FALSE;
    sqlite3_bind_text (stmt, 1, segment_kind_names[kind], -1, SQLITE_STATIC);
    sqlite3_bind_int64 (stmt, 2, doc_id);
    sqlite3_bind_int (stmt, 3, index);
    if (!store_step_done (self, stmt, _("changing a segment's kind"), error))
      return FALSE;
  }

  /* Judgements key on the comment number: move each to its segment's new number.
   * Parked one thousand million higher first so that no two rows ever share a key in between. */
  for (guint i = 0; i < segs->len; i++)
    {
      int old = g_array_index (segs, HashiyaSegment, i).comment_index;

      if (old == new_index[i])
        continue;
      {
        g_autoptr(HashiyaStmt) stmt =
          store_prepare (self, "UPDATE segments SET comment_index = ? WHERE doc_id = ? AND idx = ?",
                         error);
        if (stmt == NULL)
          return FALSE;
        sqlite3_bind_int (stmt, 1, new_index[i]);
        sqlite3_bind_int64 (stmt, 2, doc_id);
        sqlite3_bind_int (stmt, 3, i);
        if (!store_step_done (self, stmt, _("renumbering comments"), error))
          return FALSE;
      }
      if (old > 0 && new_index[i] > 0)
        {
          g_autoptr(HashiyaStmt) stmt =
            store_prepare (self, "UPDATE judgements SET comment_index = ? + 1000000000 "
                                 "WHERE doc_id = ? AND comment_index = ?", error);
          if (stmt == NULL)
            return FALSE;
          sqlite3_bind_int (stmt, 1, new_index[i]);
          sqlite3_bind_int64 (stmt, 2, doc_id);
          sqlite3_bind_int (stmt, 3, old);
          if (!store_step_done (self, stmt, _("moving judgements"), error))
            return FALSE;
        }
    }
  return store_run_with_id (self, "UPDATE judgements "
                                  "SET comment_index = comment_index - 1000000000 "
                                  "WHERE doc_id = ? AND comment_index > 1000000000", doc_id,
                            _("moving judgements"), error);
}

gboolean
hashiya_store_set_segment_kind (HashiyaStore        *self,
                                gint64               doc_id,
                                guint                index,
                                HashiyaSegmentKind   kind,
                                GError             **error)
{
  gboolean ok;

  g_return_val_if_fail (HASHIYA_IS_STORE (self), FALSE);
  LOCK (self);

  if ((int) kind < 0 || kind >= HASHIYA_N_SEGMENT_KINDS)
    {
      g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_INVALID,
                   _("unknown segment kind %d"), (int) kind);
      return FALSE;
    }
  if (!store_tx_begin (self, error))
    return FALSE;
  ok = set_segment_kind_locked (self, doc_id, index, kind, error);
  return store_tx_finish (self, ok, error);
}

/* ------------------------------------------------------------------------- */
/* Annotators                                                                 */
/* ------------------------------------------------------------------------- */

static const char *
default_annotator (const char *annotator)
{
  return annotator != NULL ? annotator : g_get_user_name ();
}

static gboolean
validate_annotator (const char  *annotator,
                    GError     **error)
{
  if (*annotator == '\0' || !g_utf8_validate (annotator, -1, NULL))
    {
      g_set_error_literal (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_INVALID,
                           _("an annotator name must be non-empty UTF-8"));
      return FALSE;
    }
  return TRUE;
}

/* Looks an annotator up; 0 without error when absent. -1 on error. */
static gint64
find_annotator (HashiyaStore  *self,
                const char    *name,
                GError       **error)
{
  g_autoptr(HashiyaStmt) stmt = NULL;
  gint64 id;
  int rc;

  if (self->depth > 0)
    {
      gpointer cached = g_hash_table_lookup (self->annotator_ids, name);

      if (cached != NULL)
        return (gint64) GPOINTER_TO_SIZE (cached);
    }
  stmt = store_prepare (self, "SELECT id FROM annotators WHERE name = ?", error);
  if (stmt == NULL)
    return -1;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  rc = store_step_row (self, stmt, _("looking up an annotator"), error);
  if (STEP_FAILED (rc))
    return -1;
  if (rc != SQLITE_ROW)
    return 0;
  id = sqlite3_column_int64 (stmt, 0);
  if (self->depth > 0 && id > 0)
    g_hash_table_insert (self->annotator_ids, g_strdup (name), GSIZE_TO_POINTER ((gsize) id));
  return id;
}

/* Inside a transaction: the annotator's id, added when new. 0 on error. */
static gint64
ensure_annotator (HashiyaStore  *self,
                  const char    *name,
                  GError       **error)
{
  gint64 id;

  if (!validate_annotator (name, error))
    return 0;
  id = find_annotator (self, name, error);
  if (id < 0)
    return 0;
  if (id > 0)
    return id;
  {
    g_autoptr(HashiyaStmt) stmt =
      store_prepare (self, "INSERT INTO annotators (name) VALUES (?)", error);
    if (stmt == NULL)
      return 0;
    sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
    if (!store_step_done (self, stmt, _("adding an annotator"), error))
      return 0;
  }
  return sqlite3_last_insert_rowid (self->db);
}

/* ------------------------------------------------------------------------- */
/* Spans                                                                      */
/* ------------------------------------------------------------------------- */

static gboolean
validate_range (HashiyaStore  *self,
                gint64         doc_id,
                gint64         start,
                gint64         end,
                GError       **error)
{
  HashiyaText *text;
  gint64 length;

  if (start < 0 || end < 0)
    {
      g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_INVALID,
                   _("span %" PRId64 "-%" PRId64 " in document %"
                   PRId64 " has a negative offset"), start, end, doc_id);
      return FALSE;
    }
  if (start >= end)
    {
      g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_INVALID,
                   _("span %" PRId64 "-%" PRId64 " in document %"
                   PRId64 " is empty or reversed: its start must be before its end"),
                   start, end, doc_id);
      return FALSE;
    }

  text = lookup_text (self, doc_id, error);
  if (text == NULL)
    return FALSE;
  length = hashiya_text_get_length (text);
  if (end > length)
    {
      g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_INVALID,
                   _("span %" PRId64 "-%" PRId64 " in document %"
                   PRId64 " ends after the text, which has %" PRId64
                   " characters"), start, end, doc_id, length);
      return FALSE;
    }
  if (!hashiya_text_is_grapheme_boundary (text, start))
    {
      g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_INVALID,
                   _("span %" PRId64 "-%" PRId64 " in document %"
                   PRId64 " starts inside a character cluster at %" PRId64
                   " (a mark would be cut off its letter)"), start, end, doc_id, start);
      return FALSE;
    }
  if (!hashiya_text_is_grapheme_boundary (text, end))
    {
      g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_INVALID,
                   _("span %" PRId64 "-%" PRId64 " in document %"
                   PRId64 " ends inside a character cluster at %" PRId64
                   " (a mark would be cut off its letter)"), start, end, doc_id, end);
      return FALSE;
    }
  return TRUE;
}

static void
set_duplicate_span_error (gint64       doc_id,
                          gint64       start,
                          gint64       end,
                          const char  *label,
                          const char  *annotator,
                          GError     **error)
{
  g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_DUPLICATE,
               _("span %" PRId64 "-%" PRId64 " %s by %s already exists in "
               "document %" PRId64), start, end, label, annotator, doc_id);
}

static gboolean
add_span_locked (HashiyaStore  *self,
                 gint64         doc_id,
                 gint64         start,
                 gint64         end,
                 const char    *label,
                 const char    *annotator,
                 const char    *origin,
                 gint64        *id_out,
                 GError       **error)
{
  g_autoptr(HashiyaStmt) stmt = NULL;
  gint64 lid, aid, now;
  int rc;

  if (!validate_range (self, doc_id, start, end, error))
    return FALSE;
  if ((lid = store_label_id (self, label, error)) == 0)
    return FALSE;
  if ((aid = ensure_annotator (self, annotator, error)) == 0)
    return FALSE;

  stmt = store_prepare (self, "INSERT INTO spans (doc_id, start, \"end\", label_id, annotator_id, "
                              "origin, created, modified) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  now = now_seconds ();
  sqlite3_bind_int64 (stmt, 1, doc_id);
  sqlite3_bind_int64 (stmt, 2, start);
  sqlite3_bind_int64 (stmt, 3, end);
  sqlite3_bind_int64 (stmt, 4, lid);
  sqlite3_bind_int64 (stmt, 5, aid);
  sqlite3_bind_text (stmt, 6, origin, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 7, now);
  sqlite3_bind_int64 (stmt, 8, now);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_CONSTRAINT_UNIQUE)
    {
      set_duplicate_span_error (doc_id, start, end, label, annotator, error);
      return FALSE;
    }
  if (rc != SQLITE_DONE)
    {
      store_set_sqlite_error (self->db, rc, _("saving a span"), error);
      return FALSE;
    }
  *id_out = sqlite3_last_insert_rowid (self->db);
  return TRUE;
}

gint64
hashiya_store_add_span (HashiyaStore  *self,
                        gint64         doc_id,
                        gint64         start,
                        gint64         end,
                        const char    *label,
                        const char    *annotator,
                        const char    *origin,
                        GError       **error)
{
  gint64 id = 0;
  gboolean ok;

  g_return_val_if_fail (HASHIYA_IS_STORE (self), 0);
  g_return_val_if_fail (label != NULL, 0);
  LOCK (self);

  annotator = default_annotator (annotator);
  if (origin == NULL)
    origin = "manual";

  if (!store_tx_begin (self, error))
    return 0;
  ok = add_span_locked (self, doc_id, start, end, label, annotator, origin, &id, error);
  if (!store_tx_finish (self, ok, error))
    return 0;
  return id;
}

gboolean
hashiya_store_restore_span (HashiyaStore       *self,
                            const HashiyaSpan  *span,
                            GError            **error)
{
  const char *annotator;
  gboolean ok = FALSE;
  gint64 lid, aid;

  g_return_val_if_fail (HASHIYA_IS_STORE (self), FALSE);
  g_return_val_if_fail (span != NULL, FALSE);
  LOCK (self);

  annotator = default_annotator (span->annotator);
  if (!store_tx_begin (self, error))
    return FALSE;

  if (!validate_range (self, span->doc_id, span->start, span->end, error)
      || (lid = store_label_id (self, span->label, error)) == 0
      || (aid = ensure_annotator (self, annotator, error)) == 0)
    goto out;

  {
    g_autoptr(HashiyaStmt) stmt =
      store_prepare (self, "INSERT INTO spans (id, doc_id, start, \"end\", label_id, annotator_id, "
                           "origin, note, created, modified) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     error);
    gint64 now = now_seconds ();
    int rc;

    if (stmt == NULL)
      goto out;
    if (span->id > 0)
      sqlite3_bind_int64 (stmt, 1, span->id);
    else
      sqlite3_bind_null (stmt, 1);
    sqlite3_bind_int64 (stmt, 2, span->doc_id);
    sqlite3_bind_int64 (stmt, 3, span->start);
    sqlite3_bind_int64 (stmt, 4, span->end);
    sqlite3_bind_int64 (stmt, 5, lid);
    sqlite3_bind_int64 (stmt, 6, aid);
    sqlite3_bind_text (stmt, 7, span->origin ? span->origin : "manual", -1, SQLITE_STATIC);
    store_bind_text_or_null (stmt, 8, span->note);
    sqlite3_bind_int64 (stmt, 9, span->created > 0 ? span->created : now);
    sqlite3_bind_int64 (stmt, 10, span->modified > 0 ? span->modified : now);
    rc = sqlite3_step (stmt);
    if (rc == SQLITE_CONSTRAINT_PRIMARYKEY)
      g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_DUPLICATE,
                   _("span %" PRId64 " already exists"), span->id);
    else if (rc == SQLITE_CONSTRAINT_UNIQUE)
      set_duplicate_span_error (span->doc_id, span->start, span->end, span->label, annotator,
                                error);
    else if (rc != SQLITE_DONE)
      store_set_sqlite_error (self->db, rc, _("restoring a span"), error);
    else
      ok = TRUE;
  }

out:
  return store_tx_finish (self, ok, error);
}

#define SPAN_SELECT \
  "SELECT s.id, s.doc_id, s.start, s.\"end\", l.name, a.name, s.origin, s.note, " \
  "s.created, s.modified FROM spans s JOIN labels l ON l.id = s.label_id " \
  "JOIN annotators a ON a.id = s.annotator_id "

static HashiyaSpan *
span_from_row (sqlite3_stmt *stmt)
{
  HashiyaSpan *span = g_new0 (HashiyaSpan, 1);

  span->id = sqlite3_column_int64 (stmt, 0);
  span->doc_id = sqlite3_column_int64 (stmt, 1);
  span->start = sqlite3_column_int64 (stmt, 2);
  span->end = sqlite3_column_int64 (stmt, 3);
  span->label = store_column_strdup (stmt, 4);
  span->annotator = store_column_strdup (stmt, 5);
  span->origin = store_column_strdup (stmt, 6);
  span->note = store_column_strdup (stmt, 7);
  span->created = sqlite3_column_int64 (stmt, 8);
  span->modified = sqlite3_column_int64 (stmt, 9);
  return span;
}

static HashiyaSpan *
load_span (HashiyaStore  *self,
           gint64         span_id,
           GError       **error)
{
  g_autoptr(HashiyaStmt) stmt = store_prepare (self, SPAN_SELECT "WHERE s.id = ?", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, span_id);
  rc = store_step_row (self, stmt, _("reading a span"), error);
  if (STEP_FAILED (rc))
    return NULL;
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_NOT_FOUND,
                   _("no span %" PRId64), span_id);
      return NULL;
    }
  return span_from_row (stmt);
}

HashiyaSpan *
hashiya_store_get_span (HashiyaStore  *self,
                        gint64         span_id,
                        GError       **error)
{
  g_return_val_if_fail (HASHIYA_IS_STORE (self), NULL);
  LOCK (self);

  if (!store_check_open (self, error))
    return NULL;
  return load_span (self, span_id, error);
}

/* Names by id of a small table (labels, annotators), for joining in memory. */
static GHashTable *
load_names (HashiyaStore  *self,
            const char    *sql,
            GError       **error)
{
  g_autoptr(HashiyaStmt) stmt = store_prepare (self, sql, error);
  GHashTable *names;
  int rc;

  if (stmt == NULL)
    return NULL;
  names = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_insert (names, g_memdup2 (&(gint64) { sqlite3_column_int64 (stmt, 0) },
                                           sizeof (gint64)),
                         store_column_strdup (stmt, 1));
  if (rc != SQLITE_DONE)
    {
      store_set_sqlite_error (self->db, rc, _("reading names"), error);
      g_hash_table_unref (names);
      return NULL;
    }
  return names;
}

static int
cmp_span_order (gconstpointer a,
                gconstpointer b)
{
  const HashiyaSpan *x = *(HashiyaSpan * const *) a;
  const HashiyaSpan *y = *(HashiyaSpan * const *) b;

  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  if (x->end != y->end)
    return x->end > y->end ? -1 : 1;   /* the longer first */
  return (x->id > y->id) - (x->id < y->id);
}

/* A document's spans ordered by start, end descending, id. The label and annotator
 * names are joined in memory and the order is made here: SQLite's joins and sorter
 * took most of the time of this call, which an export makes for every document. */
GPtrArray *
hashiya_store_list_spans (HashiyaStore  *self,
                          gint64         doc_id,
                          GError       **error)
{
  g_autoptr(GPtrArray) spans = NULL;
  g_autoptr(GHashTable) labels = NULL;
  g_autoptr(GHashTable) annotators = NULL;
  int rc;

  g_return_val_if_fail (HASHIYA_IS_STORE (self), NULL);
  LOCK (self);
  /* declared after the lock: its cleanup (a reset) must run while we hold it */
  g_autoptr(HashiyaStmt) stmt = NULL;

  if (!store_check_open (self, error) || !document_exists (self, doc_id, error))
    return NULL;
  labels = load_names (self, "SELECT id, name FROM labels", error);
  if (labels == NULL)
    return NULL;
  annotators = load_names (self, "SELECT id, name FROM annotators", error);
  if (annotators == NULL)
    return NULL;
  stmt = store_prepare (self, "SELECT id, doc_id, start, \"end\", label_id, annotator_id, origin, "
                              "note, created, modified FROM spans WHERE doc_id = ?", error);
  if (stmt == NULL)
    return NULL;
  spans = g_ptr_array_new_with_free_func ((GDestroyNotify) hashiya_span_free);
  sqlite3_bind_int64 (stmt, 1, doc_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      HashiyaSpan *span = g_new0 (HashiyaSpan, 1);
      gint64 lid = sqlite3_column_int64 (stmt, 4);
      gint64 aid = sqlite3_column_int64 (stmt, 5);

      span->id = sqlite3_column_int64 (stmt, 0);
      span->doc_id = sqlite3_column_int64 (stmt, 1);
      span->start = sqlite3_column_int64 (stmt, 2);
      span->end = sqlite3_column_int64 (stmt, 3);
      span->label = g_strdup (g_hash_table_lookup (labels, &lid));
      span->annotator = g_strdup (g_hash_table_lookup (annotators, &aid));
      span->origin = store_column_strdup (stmt, 6);
      span->note = store_column_strdup (stmt, 7);
      span->created = sqlite3_column_int64 (stmt, 8);
      span->modified = sqlite3_column_int64 (stmt, 9);
      g_ptr_array_add (spans, span);
      if (G_UNLIKELY (span->label == NULL || span->annotator == NULL))
        {
          /* the foreign keys make this impossible in an intact project */
          g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_CORRUPT,
                       _("reading spans: span %" PRId64 " names a label or annotator "
                       "that does not exist: the project file is damaged"), span->id);
          return NULL;
        }
    }
  if (rc != SQLITE_DONE)
    {
      store_set_sqlite_error (self->db, rc, _("reading spans"), error);
      return NULL;
    }
  g_ptr_array_sort (spans, cmp_span_order);
  return g_steal_pointer (&spans);
}

gboolean
hashiya_store_remove_span (HashiyaStore  *self,
                           gint64         span_id,
                           GError       **error)
{
  gboolean ok = FALSE;

  g_return_val_if_fail (HASHIYA_IS_STORE (self), FALSE);
  LOCK (self);

  if (!store_tx_begin (self, error))
    return FALSE;
  ok = store_run_with_id (self, "DELETE FROM spans WHERE id = ?", span_id,
                          _("removing a span"), error);
  if (ok && sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_NOT_FOUND,
                   _("no span %" PRId64), span_id);
      ok = FALSE;
    }
  return store_tx_finish (self, ok, error);
}

gboolean
hashiya_store_relabel_span (HashiyaStore  *self,
                            gint64         span_id,
                            const char    *label,
                            GError       **error)
{
  g_autoptr(HashiyaSpan) span = NULL;
  gboolean ok = FALSE;
  gint64 lid;

  g_return_val_if_fail (HASHIYA_IS_STORE (self), FALSE);
  LOCK (self);

  if (!store_tx_begin (self, error))
    return FALSE;
  if ((span = load_span (self, span_id, error)) == NULL
      || (lid = store_label_id (self, label, error)) == 0)
    goto out;
  {
    g_autoptr(HashiyaStmt) stmt =
      store_prepare (self, "UPDATE spans SET label_id = ?, modified = ? WHERE id = ?", error);
    int rc;

    if (stmt == NULL)
      goto out;
    sqlite3_bind_int64 (stmt, 1, lid);
    sqlite3_bind_int64 (stmt, 2, now_seconds ());
    sqlite3_bind_int64 (stmt, 3, span_id);
    rc = sqlite3_step (stmt);
    if (rc == SQLITE_CONSTRAINT_UNIQUE)
      set_duplicate_span_error (span->doc_id, span->start, span->end, label, span->annotator,
                                error);
    else if (rc != SQLITE_DONE)
      store_set_sqlite_error (self->db, rc, _("relabelling a span"), error);
    else
      ok = TRUE;
  }
out:
  return store_tx_finish (self, ok, error);
}

gboolean
hashiya_store_resize_span (HashiyaStore  *self,
                           gint64         span_id,
                           gint64         start,
                           gint64         end,
                           GError       **error)
{
  g_autoptr(HashiyaSpan) span = NULL;
  gboolean ok = FALSE;

  g_return_val_if_fail (HASHIYA_IS_STORE (self), FALSE);
  LOCK (self);

  if (!store_tx_begin (self, error))
    return FALSE;
  if ((span = load_span (self, span_id, error)) == NULL
      || !validate_range (self, span->doc_id, start, end, error))
    goto out;
  {
    g_autoptr(HashiyaStmt) stmt =
      store_prepare (self, "UPDATE spans SET start = ?, \"end\" = ?, modified = ? WHERE id = ?",
                     error);
    int rc;

    if (stmt == NULL)
      goto out;
    sqlite3_bind_int64 (stmt, 1, start);
    sqlite3_bind_int64 (stmt, 2, end);
    sqlite3_bind_int64 (stmt, 3, now_seconds ());
    sqlite3_bind_int64 (stmt, 4, span_id);
    rc = sqlite3_step (stmt);
    if (rc == SQLITE_CONSTRAINT_UNIQUE)
      set_duplicate_span_error (span->doc_id, start, end, span->label, span->annotator, error);
    else if (rc != SQLITE_DONE)
      store_set_sqlite_error (self->db, rc, _("resizing a span"), error);
    else
      ok = TRUE;
  }
out:
  return store_tx_finish (self, ok, error);
}

gboolean
hashiya_store_set_span_note (HashiyaStore  *self,
                             gint64         span_id,
                             const char    *note,
                             GError       **error)
{
  gboolean ok = FALSE;

  g_return_val_if_fail (HASHIYA_IS_STORE (self), FALSE);
  LOCK (self);

  if (note != NULL && *note == '\0')
    note = NULL;
  if (note != NULL && !g_utf8_validate (note, -1, NULL))
    {
      g_set_error_literal (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_INVALID,
                           _("a note must be valid UTF-8"));
      return FALSE;
    }
  if (!store_tx_begin (self, error))
    return FALSE;
  {
    g_autoptr(HashiyaStmt) stmt =
      store_prepare (self, "UPDATE spans SET note = ?, modified = ? WHERE id = ?", error);
    if (stmt != NULL)
      {
        store_bind_text_or_null (stmt, 1, note);
        sqlite3_bind_int64 (stmt, 2, now_seconds ());
        sqlite3_bind_int64 (stmt, 3, span_id);
        ok = store_step_done (self, stmt, _("saving a span note"), error);
        if (ok && sqlite3_changes (self->db) == 0)
          {
            g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_NOT_FOUND,
                         _("no span %" PRId64), span_id);
            ok = FALSE;
          }
      }
  }
  return store_tx_finish (self, ok, error);
}

/* ------------------------------------------------------------------------- */
/* Judgements                                                                 */
/* ------------------------------------------------------------------------- */

static gboolean
comment_exists (HashiyaStore  *self,
                gint64         doc_id,
                int            comment_index,
                GError       **error)
{
  int rc;

  if (!document_exists (self, doc_id, error))
    return FALSE;
  {
    g_autoptr(HashiyaStmt) stmt =
      store_prepare (self, "SELECT 1 FROM segments WHERE doc_id = ? AND comment_index = ?", error);
    if (stmt == NULL)
      return FALSE;
    sqlite3_bind_int64 (stmt, 1, doc_id);
    sqlite3_bind_int (stmt, 2, comment_index);
    rc = store_step_row (self, stmt, _("looking up a comment"), error);
    if (STEP_FAILED (rc))
      return FALSE;
    if (comment_index >= 1 && rc == SQLITE_ROW)
      return TRUE;
  }
  {
    g_autoptr(HashiyaStmt) stmt =
      store_prepare (self, "SELECT count(*) FROM segments WHERE doc_id = ? AND comment_index > 0",
                     error);
    int n;

    if (stmt == NULL)
      return FALSE;
    sqlite3_bind_int64 (stmt, 1, doc_id);
    if (store_step_row (self, stmt, _("counting comments"), error) != SQLITE_ROW)
      return FALSE;
    n = sqlite3_column_int (stmt, 0);
    g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_NOT_FOUND,
                 _("document %" PRId64 " has no comment %d (it has %d comment%s)"),
                 doc_id, comment_index, n, n == 1 ? "" : "s");
  }
  return FALSE;
}

static gboolean
validate_judgement (const HashiyaJudgement  *j,
                    GError                 **error)
{
  const char *what = NULL;

  if ((int) j->sentiment < 0 || (gsize) j->sentiment >= G_N_ELEMENTS (sentiment_names))
    what = _("sentiment");
  else if ((int) j->decision < 0 || (gsize) j->decision >= G_N_ELEMENTS (decision_names))
    what = _("decision");
  else if (j->offensive < -1 || j->offensive > 1)
    what = _("offensive flag");
  else if (j->hate_speech < -1 || j->hate_speech > 1)
    what = _("hate-speech flag");
  else if (j->note != NULL && !g_utf8_validate (j->note, -1, NULL))
    what = _("note");

  if (what != NULL)
    {
      g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_INVALID,
                   _("judgement of comment %d in document %" PRId64 " has an invalid %s"),
                   j->comment_index, j->doc_id, what);
      return FALSE;
    }
  return TRUE;
}

static void
bind_flag (sqlite3_stmt *stmt,
           int           i,
           int           flag)
{
  if (flag < 0)
    sqlite3_bind_null (stmt, i);
  else
    sqlite3_bind_int (stmt, i, flag);
}

gboolean
hashiya_store_set_judgement (HashiyaStore            *self,
                             const HashiyaJudgement  *j,
                             GError                 **error)
{
  const char *annotator;
  gboolean ok = FALSE;
  gint64 aid;

  g_return_val_if_fail (HASHIYA_IS_STORE (self), FALSE);
  g_return_val_if_fail (j != NULL, FALSE);
  LOCK (self);

  if (!validate_judgement (j, error))
    return FALSE;
  annotator = default_annotator (j->annotator);
  if (!store_tx_begin (self, error))
    return FALSE;
  if (!comment_exists (self, j->doc_id, j->comment_index, error)
      || (aid = ensure_annotator (self, annotator, error)) == 0)
    goto out;
  {
    g_autoptr(HashiyaStmt) stmt =
      store_prepare (self, "INSERT INTO judgements "
                           "(doc_id, comment_index, annotator_id, sentiment, "
                           "offensive, hate_speech, decision, note, modified) "
                           "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
                           "ON CONFLICT (doc_id, comment_index, annotator_id) DO UPDATE SET "
                           "sentiment = ?4, offensive = ?5, hate_speech = ?6, decision = ?7, "
                           "note = ?8, modified = ?9", error);
    if (stmt == NULL)
      goto out;
    sqlite3_bind_int64 (stmt, 1, j->doc_id);
    sqlite3_bind_int (stmt, 2, j->comment_index);
    sqlite3_bind_int64 (stmt, 3, aid);
    store_bind_text_or_null (stmt, 4, hashiya_sentiment_to_string (j->sentiment));
    bind_flag (stmt, 5, j->offensive);
    bind_flag (stmt, 6, j->hate_speech);
    store_bind_text_or_null (stmt, 7, hashiya_decision_to_string (j->decision));
    store_bind_text_or_null (stmt, 8, j->note != NULL && *j->note != '\0' ? j->note : NULL);
    sqlite3_bind_int64 (stmt, 9, now_seconds ());
    ok = store_step_done (self, stmt, _("saving a judgement"), error);
  }
out:
  return store_tx_finish (self, ok, error);
}

#define JUDGEMENT_SELECT \
  "SELECT j.doc_id, j.comment_index, a.name, j.sentiment, j.offensive, j.hate_speech, " \
  "j.decision, j.note, j.modified FROM judgements j JOIN annotators a ON a.id = j.annotator_id "

static HashiyaJudgement *
judgement_from_row (sqlite3_stmt *stmt)
{
  HashiyaJudgement *j = g_new0 (HashiyaJudgement, 1);

  j->doc_id = sqlite3_column_int64 (stmt, 0);
  j->comment_index = sqlite3_column_int (stmt, 1);
  j->annotator = store_column_strdup (stmt, 2);
  if (!hashiya_sentiment_from_string ((const char *) sqlite3_column_text (stmt, 3), &j->sentiment))
    j->sentiment = HASHIYA_SENTIMENT_NONE;
  j->offensive = sqlite3_column_type (stmt, 4) == SQLITE_NULL ? -1 : sqlite3_column_int (stmt, 4);
  j->hate_speech = sqlite3_column_type (stmt, 5) == SQLITE_NULL ? -1 : sqlite3_column_int (stmt, 5);
  if (!hashiya_decision_from_string ((const char *) sqlite3_column_text (stmt, 6), &j->decision))
    j->decision = HASHIYA_DECISION_NONE;
  j->note = store_column_strdup (stmt, 7);
  j->modified = sqlite3_column_int64 (stmt, 8);
  return j;
}

HashiyaJudgement *
hashiya_store_get_judgement (HashiyaStore  *self,
                             gint64         doc_id,
                             int            comment_index,
                             const char    *annotator,
                             GError       **error)
{
  int rc;

  g_return_val_if_fail (HASHIYA_IS_STORE (self), NULL);
  LOCK (self);
  /* declared after the lock: its cleanup (a reset) must run while we hold it */
  g_autoptr(HashiyaStmt) stmt = NULL;

  if (!store_check_open (self, error) || !comment_exists (self, doc_id, comment_index, error))
    return NULL;
  stmt = store_prepare (self, JUDGEMENT_SELECT "WHERE j.doc_id = ? AND j.comment_index = ? "
                                               "AND a.name = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, doc_id);
  sqlite3_bind_int (stmt, 2, comment_index);
  sqlite3_bind_text (stmt, 3, default_annotator (annotator), -1, SQLITE_STATIC);
  rc = store_step_row (self, stmt, _("reading a judgement"), error);
  if (rc == SQLITE_ROW)
    return judgement_from_row (stmt);
  return NULL;
}

gboolean
hashiya_store_clear_judgement (HashiyaStore  *self,
                               gint64         doc_id,
                               int            comment_index,
                               const char    *annotator,
                               GError       **error)
{
  gboolean ok = FALSE;

  g_return_val_if_fail (HASHIYA_IS_STORE (self), FALSE);
  LOCK (self);

  if (!store_tx_begin (self, error))
    return FALSE;
  if (comment_exists (self, doc_id, comment_index, error))
    {
      g_autoptr(HashiyaStmt) stmt =
        store_prepare (self, "DELETE FROM judgements WHERE doc_id = ? AND comment_index = ? AND "
                             "annotator_id = (SELECT id FROM annotators WHERE name = ?)", error);
      if (stmt != NULL)
        {
          sqlite3_bind_int64 (stmt, 1, doc_id);
          sqlite3_bind_int (stmt, 2, comment_index);
          sqlite3_bind_text (stmt, 3, default_annotator (annotator), -1, SQLITE_STATIC);
          ok = store_step_done (self, stmt, _("clearing a judgement"), error);
        }
    }
  return store_tx_finish (self, ok, error);
}

GPtrArray *
hashiya_store_list_judgements (HashiyaStore  *self,
                               gint64         doc_id,
                               GError       **error)
{
  g_autoptr(GPtrArray) list = NULL;
  int rc;

  g_return_val_if_fail (HASHIYA_IS_STORE (self), NULL);
  LOCK (self);
  /* declared after the lock: its cleanup (a reset) must run while we hold it */
  g_autoptr(HashiyaStmt) stmt = NULL;

  if (!store_check_open (self, error) || !document_exists (self, doc_id, error))
    return NULL;
  stmt = store_prepare (self, JUDGEMENT_SELECT
                        "WHERE j.doc_id = ? ORDER BY j.comment_index, a.name", error);
  if (stmt == NULL)
    return NULL;
  list = g_ptr_array_new_with_free_func ((GDestroyNotify) hashiya_judgement_free);
  sqlite3_bind_int64 (stmt, 1, doc_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (list, judgement_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      store_set_sqlite_error (self->db, rc, _("reading judgements"), error);
      return NULL;
    }
  return g_steal_pointer (&list);
}

/* ------------------------------------------------------------------------- */
/* Stats                                                                      */
/* ------------------------------------------------------------------------- */

static gboolean
count_query (HashiyaStore  *self,
             const char    *sql,
             gint64        *out,
             GError       **error)
{
  g_autoptr(HashiyaStmt) stmt = store_prepare (self, sql, error);

  if (stmt == NULL || store_step_row (self, stmt, _("counting"), error) != SQLITE_ROW)
    return FALSE;
  *out = sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

HashiyaStats *
hashiya_store_get_stats (HashiyaStore  *self,
                         GError       **error)
{
  g_autoptr(HashiyaStats) stats = NULL;
  g_autoptr(GPtrArray) labels = NULL;
  g_autoptr(GHashTable) per_label = NULL;
  gint64 v[7];
  int rc;

  g_return_val_if_fail (HASHIYA_IS_STORE (self), NULL);
  LOCK (self);

  if (!store_check_open (self, error))
    return NULL;

  /* One read transaction so that the figures agree with each other. */
  if (!exec_sql (self->db, self->depth ? "SAVEPOINT hashiya_stats" : "BEGIN", _("counting"),
                 error))
    return NULL;

  if (!count_query (self, "SELECT count(*) FROM documents", &v[0], error)
      || !count_query (self, "SELECT coalesce(sum(length), 0) FROM documents", &v[1], error)
      || !count_query (self, "SELECT count(*) FROM segments", &v[2], error)
      || !count_query (self, "SELECT count(*) FROM segments WHERE comment_index > 0", &v[3], error)
      || !count_query (self, "SELECT count(*) FROM spans", &v[4], error)
      || !count_query (self, "SELECT count(*) FROM judgements", &v[5], error)
      || !count_query (self, "SELECT count(*) FROM annotators", &v[6], error)
      || (labels = store_load_labels (self, error)) == NULL)
    goto fail;

  per_label = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  {
    g_autoptr(HashiyaStmt) stmt =
      store_prepare (self, "SELECT label_id, count(*) FROM spans GROUP BY label_id", error);
    if (stmt == NULL)
      goto fail;
    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
      g_hash_table_insert (per_label, g_memdup2 (&(gint64) { sqlite3_column_int64 (stmt, 0) },
                                                 sizeof (gint64)),
                           GUINT_TO_POINTER (sqlite3_column_int (stmt, 1)));
    if (rc != SQLITE_DONE)
      {
        store_set_sqlite_error (self->db, rc, _("counting spans per label"), error);
        goto fail;
      }
  }
  sqlite3_exec (self->db, self->depth ? "RELEASE hashiya_stats" : "COMMIT", NULL, NULL, NULL);

  stats = g_new0 (HashiyaStats, 1);
  stats->n_documents = v[0];
  stats->n_chars = v[1];
  stats->n_segments = v[2];
  stats->n_comments = v[3];
  stats->n_spans = v[4];
  stats->n_judgements = v[5];
  stats->n_annotators = v[6];
  stats->label_names = g_ptr_array_new_with_free_func (g_free);
  stats->label_counts = g_array_new (FALSE, TRUE, sizeof (guint));
  for (guint i = 0; i < labels->len; i++)
    {
      HashiyaLabel *label = labels->pdata[i];
      guint count = GPOINTER_TO_UINT (g_hash_table_lookup (per_label, &label->id));
      g_ptr_array_add (stats->label_names, g_strdup (label->name));
      g_array_append_val (stats->label_counts, count);
    }
  return g_steal_pointer (&stats);

fail:
  sqlite3_exec (self->db, self->depth ? "RELEASE hashiya_stats" : "ROLLBACK", NULL, NULL, NULL);
  return NULL;
}
