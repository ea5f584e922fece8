/* hashiya-store.c: the project file (SQLite): opening, schema, migrations, refusals, transactions
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

G_DEFINE_QUARK (hashiya-store-error-quark, hashiya_store_error)

G_DEFINE_FINAL_TYPE (HashiyaStore, hashiya_store, G_TYPE_OBJECT)

/* ------------------------------------------------------------------------- */
/* SQLite helpers                                                             */
/* ------------------------------------------------------------------------- */

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
  if (self->depth == 0)
    {
      self->tx_first_new_doc = 0;
      g_hash_table_remove_all (self->pending_index);
    }
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
      if (!store_flush_index (self, error))
        {
          tx_rollback (self);
          return FALSE;
        }
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
  if (self->depth == 0)
    self->tx_first_new_doc = 0;
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
  "  ('PER',  '#0072b2', '1', 0),"
  "  ('LOC',  '#009e73', '2', 1),"
  "  ('ORG',  '#e69f00', '3', 2),"
  "  ('DATE', '#cc79a7', '4', 3),"
  "  ('MISC', '#f0e442', '5', 4);";

extern const char store_migration_2[];   /* hashiya-store-team.c: adjudication provenance */
extern const char store_migration_3[];   /* hashiya-store-corpus.c: document summary, search index */
extern const char store_migration_4[];   /* hashiya-store-suggest.c: span values, rejected suggestions, gazetteers */
extern const char store_migration_5[];   /* hashiya-store-schema.c: judgement schema, custom values, reply links */

static const char * const migrations[] = {
  migration_1,
  store_migration_2,
  store_migration_3,
  store_migration_4,
  store_migration_5,
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
  guint n_objects = 0;
  int rc;

  /* Reading the whole schema makes SQLite parse page 1 and every CREATE statement. */
  rc = sqlite3_prepare_v2 (db, "SELECT type, name FROM sqlite_master", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          const char *type = (const char *) sqlite3_column_text (stmt, 0);
          const char *name = (const char *) sqlite3_column_text (stmt, 1);
          n_objects++;
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

  if (n_objects == 0)
    {
      /* What an older build's init left when it was killed or ran out of disk space
       * before its tables were written: not "another program's database". */
      g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_EMPTY,
                   _("%s is not a Hashiya project: it is an SQLite database without any "
                   "table, as an interrupted creation leaves one; it holds nothing, and "
                   "creating a project there replaces it"), path);
      return FALSE;
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

/* Opens the existing project at path (checked by check_header). exclusive: keep the
 * write-ahead log's index in the connection's memory instead of the -shm file, which
 * holds the file for this connection alone until it closes (used when the -shm cannot
 * be made, on a full disk). */
static HashiyaStore *
open_existing (const char      *path,
               const GStatBuf  *st,
               gboolean         exclusive,
               GError         **error)
{
  g_autoptr(HashiyaStore) self = NULL;
  int version = 0;
  int rc;

  self = g_object_new (HASHIYA_TYPE_STORE, NULL);
  self->path = g_strdup (path);

  store_use_ofd_locks ();
  rc = sqlite3_open_v2 (path, &self->db, SQLITE_OPEN_READWRITE, NULL);
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
  store_register_functions (self->db);

  if (sqlite3_db_readonly (self->db, "main") == 1)
    {
      g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_IO,
                   _("cannot open %s: the file is read-only, and Hashiya saves every action "
                   "into it"), path);
      return NULL;
    }

  /* Before the first read, or SQLite makes the -shm. */
  if (exclusive && !exec_sql (self->db, "PRAGMA locking_mode = EXCLUSIVE", path, error))
    return NULL;

  /* Every check reads only, and so do the pragmas on a project already in write-ahead
   * logging: nothing is written at open unless a migration is due. */
  if (!check_project (self->db, path, st->st_size, &version, error))
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

  /* a project whose schema passed 3 without the corpus tables (a build that kept that
   * place empty) gains them now: that migration is due */
  if (!store_ensure_corpus_tables (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

/* Writes a complete project into tmp (an empty file): tables, default labels, write-ahead
 * logging, all checkpointed into the one file and synced. Messages name path. */
gboolean
store_build_project (const char  *tmp,
                     const char  *path,
                     GError     **error)
{
  g_autoptr(HashiyaStore) self = g_object_new (HASHIYA_TYPE_STORE, NULL);
  g_autofree char *wal = g_strconcat (tmp, "-wal", NULL);
  int rc;

  self->path = g_strdup (path);
  store_use_ofd_locks ();
  rc = sqlite3_open_v2 (tmp, &self->db, SQLITE_OPEN_READWRITE, NULL);
  if (rc != SQLITE_OK)
    {
      if (self->db != NULL)
        store_set_sqlite_error (self->db, rc, path, error);
      else
        g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_IO,
                     _("cannot create %s: %s"), path, sqlite3_errstr (rc));
      return FALSE;
    }
  sqlite3_extended_result_codes (self->db, 1);
  store_register_functions (self->db);
  if (!set_pragmas (self->db, path, error)
      || !migrate (self, error)
      /* everything into the main file, so that the file linked into place is whole */
      || !exec_sql (self->db, "PRAGMA wal_checkpoint(TRUNCATE)", path, error))
    return FALSE;
  hashiya_store_close (self);
  if (g_file_test (wal, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_IO,
                   _("cannot create %s: the new project could not be completed"), path);
      return FALSE;
    }
  return store_fsync_path (tmp, FALSE, error);
}

HashiyaStore *
hashiya_store_open (const char  *path,
                    gboolean     create,
                    GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *shm = NULL;
  HashiyaStore *self;
  GStatBuf st;
  gboolean had_shm;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (g_stat (path, &st) != 0)
    {
      int saved = errno;

      if (saved == ENOENT && create)
        return store_create_project (path, NULL, error);
      g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_IO,
                   _("cannot open %s: %s"), path, g_strerror (saved));
      return NULL;
    }
  if (S_ISDIR (st.st_mode))
    {
      g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_IO,
                   _("cannot open %s: it is a folder"), path);
      return NULL;
    }
  if (st.st_size == 0)
    {
      /* An empty file (made by mktemp, or left by an older build's interrupted init)
       * becomes a project only when asked to. */
      if (create)
        return store_create_project (path, &st, error);
      g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_EMPTY,
                   _("%s is not a Hashiya project: the file is empty, as an interrupted "
                   "creation leaves it; it holds nothing, and creating a project there "
                   "replaces it"), path);
      return NULL;
    }
  if (!check_header (path, st.st_size, error))
    return NULL;

  shm = g_strconcat (path, "-shm", NULL);
  had_shm = g_file_test (shm, G_FILE_TEST_EXISTS);
  self = open_existing (path, &st, FALSE, &local_error);
  if (self != NULL)
    return self;

  if (g_error_matches (local_error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_EMPTY) && create)
    return store_create_project (path, &st, error);

  if (g_error_matches (local_error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_DISK_FULL))
    {
      /* No room for the -shm: read with the index in memory. This holds the file alone,
       * which is free: had another program had it open, the -shm would have been there. */
      g_autoptr(GError) retry_error = NULL;

      self = open_existing (path, &st, TRUE, &retry_error);
      if (self != NULL)
        {
          /* The failed attempt left a -shm cut short (3 bytes); this connection holds the
           * file alone and does not use it. */
          if (!had_shm)
            g_unlink (shm);
          return self;
        }
      g_debug ("%s: opening with the index in memory failed too: %s", path,
               retry_error->message);
    }

  g_propagate_error (error, g_steal_pointer (&local_error));
  return NULL;
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
      self->tx_first_new_doc = 0;
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
  g_clear_pointer (&self->pending_index, g_hash_table_unref);
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
  self->pending_index = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
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
