/* hashiya-store-corpus.c: schema 3 (document summary, full-text index) and the corpus-wide queries
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * doc_summary holds one row per document with the figures the document list shows; the
 * triggers below keep it in step inside the transaction of every write, by +1/-1, so one
 * action never recounts the corpus. doc_search is an FTS5 table (trigram tokenizer, so
 * that any substring of three characters or more is indexed: Arabic words carry their
 * clitics) over each document's search key, the same key find uses. Its rows are added
 * by the store when a document is added (the key is computed in C) and removed by a
 * trigger with the document.
 */
#include "config.h"

#include "hashiya-store-private.h"
#include "hashiya-store-corpus.h"

#include <inttypes.h>
#include <string.h>
#include <glib/gi18n-lib.h>

/* Migration 3 (run by the migration list of hashiya-store.c, which registers
 * hashiya_search_key () on the connection first). */
const char store_migration_3[] =
  "CREATE TABLE doc_summary ("
  "  doc_id   INTEGER PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,"
  "  name     TEXT NOT NULL,"
  "  spans    INTEGER NOT NULL DEFAULT 0,"
  "  comments INTEGER NOT NULL DEFAULT 0,"
  "  judged   INTEGER NOT NULL DEFAULT 0,"
  "  done     INTEGER NOT NULL DEFAULT 0);"
  "CREATE INDEX doc_summary_name ON doc_summary (name, doc_id);"
  "CREATE INDEX doc_summary_unjudged ON doc_summary (doc_id) WHERE judged < comments;"
  "INSERT INTO doc_summary (doc_id, name, spans, comments, judged, done)"
  "  SELECT d.id, d.source,"
  "    (SELECT count(*) FROM spans s WHERE s.doc_id = d.id),"
  "    (SELECT count(*) FROM segments g WHERE g.doc_id = d.id AND g.comment_index > 0),"
  "    (SELECT count(DISTINCT j.comment_index) FROM judgements j WHERE j.doc_id = d.id),"
  "    d.done"
  "  FROM documents d;"
  "CREATE VIRTUAL TABLE doc_search USING fts5 (key, tokenize = 'trigram', detail = 'none');"
  /* one row per document here; the store cuts a long document's key into rows of about
   * 1 MB (rowid = id * 2^20 + row), which keeps the memory of indexing it small */
  "INSERT INTO doc_search (rowid, key) SELECT id * 1048576, hashiya_search_key (text) FROM documents;"
  /* documents */
  "CREATE TRIGGER doc_summary_doc_insert AFTER INSERT ON documents BEGIN"
  "  INSERT INTO doc_summary (doc_id, name, done) VALUES (new.id, new.source, new.done);"
  "END;"
  "CREATE TRIGGER doc_summary_doc_update AFTER UPDATE OF source, done ON documents BEGIN"
  "  UPDATE doc_summary SET name = new.source, done = new.done WHERE doc_id = new.id;"
  "END;"
  "CREATE TRIGGER doc_summary_doc_delete AFTER DELETE ON documents BEGIN"
  "  DELETE FROM doc_summary WHERE doc_id = old.id;"
  "  DELETE FROM doc_search WHERE rowid >= old.id * 1048576 AND rowid < (old.id + 1) * 1048576;"
  "END;"
  /* spans */
  "CREATE TRIGGER doc_summary_span_insert AFTER INSERT ON spans BEGIN"
  "  UPDATE doc_summary SET spans = spans + 1 WHERE doc_id = new.doc_id;"
  "END;"
  "CREATE TRIGGER doc_summary_span_delete AFTER DELETE ON spans BEGIN"
  "  UPDATE doc_summary SET spans = spans - 1 WHERE doc_id = old.doc_id;"
  "END;"
  "CREATE TRIGGER doc_summary_span_move AFTER UPDATE OF doc_id ON spans"
  "  WHEN old.doc_id <> new.doc_id BEGIN"
  "  UPDATE doc_summary SET spans = spans - 1 WHERE doc_id = old.doc_id;"
  "  UPDATE doc_summary SET spans = spans + 1 WHERE doc_id = new.doc_id;"
  "END;"
  /* comments */
  "CREATE TRIGGER doc_summary_segment_insert AFTER INSERT ON segments"
  "  WHEN new.comment_index > 0 BEGIN"
  "  UPDATE doc_summary SET comments = comments + 1 WHERE doc_id = new.doc_id;"
  "END;"
  "CREATE TRIGGER doc_summary_segment_delete AFTER DELETE ON segments"
  "  WHEN old.comment_index > 0 BEGIN"
  "  UPDATE doc_summary SET comments = comments - 1 WHERE doc_id = old.doc_id;"
  "END;"
  "CREATE TRIGGER doc_summary_segment_update AFTER UPDATE OF comment_index, doc_id ON segments BEGIN"
  "  UPDATE doc_summary SET comments = comments - 1"
  "    WHERE doc_id = old.doc_id AND old.comment_index > 0;"
  "  UPDATE doc_summary SET comments = comments + 1"
  "    WHERE doc_id = new.doc_id AND new.comment_index > 0;"
  "END;"
  /* judged comments: distinct (doc, comment) pairs with a judgement */
  "CREATE TRIGGER doc_summary_judgement_insert AFTER INSERT ON judgements BEGIN"
  "  UPDATE doc_summary SET judged = judged + 1 WHERE doc_id = new.doc_id"
  "    AND NOT EXISTS (SELECT 1 FROM judgements j WHERE j.doc_id = new.doc_id"
  "                    AND j.comment_index = new.comment_index AND j.rowid <> new.rowid);"
  "END;"
  "CREATE TRIGGER doc_summary_judgement_delete AFTER DELETE ON judgements BEGIN"
  "  UPDATE doc_summary SET judged = judged - 1 WHERE doc_id = old.doc_id"
  "    AND NOT EXISTS (SELECT 1 FROM judgements j WHERE j.doc_id = old.doc_id"
  "                    AND j.comment_index = old.comment_index);"
  "END;"
  "CREATE TRIGGER doc_summary_judgement_move AFTER UPDATE OF doc_id, comment_index ON judgements"
  "  WHEN old.doc_id <> new.doc_id OR old.comment_index <> new.comment_index BEGIN"
  "  UPDATE doc_summary SET judged = judged - 1 WHERE doc_id = old.doc_id"
  "    AND NOT EXISTS (SELECT 1 FROM judgements j WHERE j.doc_id = old.doc_id"
  "                    AND j.comment_index = old.comment_index);"
  "  UPDATE doc_summary SET judged = judged + 1 WHERE doc_id = new.doc_id"
  "    AND NOT EXISTS (SELECT 1 FROM judgements j WHERE j.doc_id = new.doc_id"
  "                    AND j.comment_index = new.comment_index AND j.rowid <> new.rowid);"
  "END;";

/* Runs migration 3 when the schema is past it but its tables are missing (a build that
 * kept place 3 of the migration list empty made the file). Reads only otherwise. */
gboolean
store_ensure_corpus_tables (HashiyaStore  *self,
                            GError       **error)
{
  sqlite3_stmt *stmt = NULL;
  gboolean present = TRUE;
  char *err = NULL;
  int rc;

  if (self->schema_version < 3)
    return TRUE;
  rc = sqlite3_prepare_v2 (self->db, "SELECT count(*) FROM sqlite_master WHERE name = 'doc_summary'",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK && sqlite3_step (stmt) == SQLITE_ROW)
    present = sqlite3_column_int (stmt, 0) > 0;
  sqlite3_finalize (stmt);
  if (present)
    return TRUE;

  if (!store_tx_begin (self, error))
    return FALSE;
  rc = sqlite3_exec (self->db, store_migration_3, NULL, NULL, &err);
  if (rc != SQLITE_OK)
    {
      store_set_sqlite_error (self->db, rc, _("creating the project tables"), error);
      sqlite3_free (err);
      return store_tx_finish (self, FALSE, NULL);
    }
  return store_tx_finish (self, TRUE, error);
}

/* The search key of a text, line by line as find works (a match never crosses a line),
 * so that the working memory is bounded by the longest line, not the text. */
static char *
search_key (const char *text,
            gsize       len)
{
  GString *key = g_string_sized_new (len + 1);
  const char *p = text, *end = text + len;

  while (p < end)
    {
      const char *nl = memchr (p, '\n', end - p);
      const char *line_end = nl != NULL ? nl : end;
      g_autofree char *part = hashiya_normalize_key (p, line_end - p);

      g_string_append (key, part);
      if (nl == NULL)
        break;
      g_string_append_c (key, '\n');
      p = nl + 1;
    }
  return g_string_free (key, FALSE);
}

#define INDEX_ROW_SHIFT 20                 /* rowid = doc_id << 20 | row */
#define INDEX_ROW_BYTES (1024 * 1024)

static gboolean
insert_index_row (HashiyaStore  *self,
                  gint64         rowid,
                  GString       *key,
                  GError       **error)
{
  g_autoptr(HashiyaStmt) stmt =
    store_prepare (self, "INSERT INTO doc_search (rowid, key) VALUES (?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, rowid);
  sqlite3_bind_text (stmt, 2, key->str, key->len, SQLITE_STATIC);
  return store_step_done (self, stmt, _("indexing the document for search"), error);
}

/* Indexes a document's search key in rows of about INDEX_ROW_BYTES cut at line ends (a
 * match never crosses a line), so that a 50 MB text never has its whole key in memory. */
static gboolean
index_text (HashiyaStore  *self,
            gint64         doc_id,
            const char    *text,
            gsize          len,
            GError       **error)
{
  g_autoptr(GString) key = g_string_sized_new (MIN (len, INDEX_ROW_BYTES) + 1);
  const char *p = text, *end = text + len;
  gint64 row = 0;

  while (p < end)
    {
      const char *nl = memchr (p, '\n', end - p);
      const char *line_end = nl != NULL ? nl : end;
      g_autofree char *part = hashiya_normalize_key (p, line_end - p);

      g_string_append (key, part);
      if (nl != NULL)
        g_string_append_c (key, '\n');
      p = nl != NULL ? nl + 1 : end;
      if (key->len >= INDEX_ROW_BYTES && p < end)
        {
          if (!insert_index_row (self, (doc_id << INDEX_ROW_SHIFT) + row++, key, error))
            return FALSE;
          g_string_truncate (key, 0);
        }
    }
  return insert_index_row (self, (doc_id << INDEX_ROW_SHIFT) + row, key, error);
}

/* hashiya_search_key (text): the search key of a text, for the migration. */
static void
search_key_func (sqlite3_context  *ctx,
                 int               argc,
                 sqlite3_value   **argv)
{
  const char *text = (const char *) sqlite3_value_text (argv[0]);
  int len = sqlite3_value_bytes (argv[0]);
  char *key;

  if (text == NULL)
    {
      sqlite3_result_null (ctx);
      return;
    }
  key = search_key (text, len);
  sqlite3_result_text (ctx, key, -1, g_free);
}

int
store_register_functions (sqlite3 *db)
{
  return sqlite3_create_function (db, "hashiya_search_key", 1,
                                  SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                                  NULL, search_key_func, NULL, NULL);
}

gboolean
store_index_document (HashiyaStore  *self,
                      gint64         doc_id,
                      const char    *text,
                      gsize          len,
                      GError       **error)
{
  if (self->depth > 1)
    {
      g_hash_table_add (self->pending_index, g_memdup2 (&doc_id, sizeof doc_id));
      return TRUE;
    }
  return index_text (self, doc_id, text, len, error);
}

static int
cmp_id (gconstpointer a,
        gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;
  return x < y ? -1 : x > y;
}

/* At the outer commit: indexes the documents added inside savepoints that still exist
 * (a rolled-back one is gone; an id handed out again after a rollback is one entry). */
gboolean
store_flush_index (HashiyaStore  *self,
                   GError       **error)
{
  g_autoptr(GArray) ids = NULL;
  GHashTableIter iter;
  gpointer key;

  if (g_hash_table_size (self->pending_index) == 0)
    return TRUE;
  ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), g_hash_table_size (self->pending_index));
  g_hash_table_iter_init (&iter, self->pending_index);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_array_append_val (ids, *(gint64 *) key);
  g_hash_table_remove_all (self->pending_index);
  g_array_sort (ids, cmp_id);

  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);
      g_autoptr(HashiyaStmt) stmt =
        store_prepare (self, "SELECT text FROM documents WHERE id = ?", error);
      int rc;

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, id);
      rc = store_step_row (self, stmt, _("indexing the documents for search"), error);
      if (STEP_FAILED (rc))
        return FALSE;
      /* the text is read in place while its rows are written */
      if (rc == SQLITE_ROW
          && !index_text (self, id, (const char *) sqlite3_column_text (stmt, 0),
                          sqlite3_column_bytes (stmt, 0), error))
        return FALSE;
    }
  return TRUE;
}

/* ------------------------------------------------------------------------- */
/* Query keys                                                                 */
/* ------------------------------------------------------------------------- */

/* The words of a query's search key (split on white space), in order. */
static GPtrArray *
key_words (const char *query)
{
  g_autofree char *key = hashiya_normalize_key (query, -1);
  g_auto(GStrv) parts = g_strsplit_set (key, " \t\n\r", -1);
  GPtrArray *words = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; parts[i] != NULL; i++)
    if (*parts[i] != '\0')
      g_ptr_array_add (words, g_strdup (parts[i]));
  return words;
}

/* An FTS5 string token: the word in double quotes, quotes doubled. */
static void
append_fts_string (GString    *s,
                   const char *word)
{
  if (s->len > 0)
    g_string_append_c (s, ' ');
  g_string_append_c (s, '"');
  for (const char *p = word; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (s, '"');
      g_string_append_c (s, *p);
    }
  g_string_append_c (s, '"');
}

/* An FTS5 query (implicit AND) of the trigrams of every word of three characters or
 * more: detail=none cannot match phrases, and such a word is a phrase of trigrams to
 * FTS5, so (up to eight of) its trigrams are asked for one by one. */
static void
append_trigrams (GString   *match,
                 GPtrArray *words)
{
  for (guint i = 0; i < words->len; i++)
    {
      const char *w = words->pdata[i];
      glong n = g_utf8_strlen (w, -1);
      glong n_tri = n - 2, step;

      if (n_tri < 1)
        continue;
      step = n_tri <= 8 ? 1 : (n_tri + 7) / 8;
      for (glong t = 0; t < n_tri; t += step)
        {
          const char *a = g_utf8_offset_to_pointer (w, t);
          const char *z = g_utf8_offset_to_pointer (a, 3);
          g_autofree char *tri = g_strndup (a, z - a);
          append_fts_string (match, tri);
        }
    }
}

/* Adds to sql a condition on doc_search (alias-free, inside "WHERE") that every word
 * occurs in the key: words of three characters or more narrowed through the index (MATCH),
 * every word checked with instr (). binds gets the strings to bind, in order. Returns FALSE
 * when there is no word. */
static gboolean
append_key_condition (GString    *sql,
                      GPtrArray  *words,
                      GPtrArray  *binds)
{
  g_autoptr(GString) match = g_string_new (NULL);
  gboolean first = TRUE;

  if (words->len == 0)
    return FALSE;
  append_trigrams (match, words);
  if (match->len > 0)
    {
      g_string_append (sql, "doc_search MATCH ?");
      g_ptr_array_add (binds, g_strdup (match->str));
      first = FALSE;
    }
  /* detail=none keeps no positions (a third of the index, twice as fast to build), so
   * MATCH only says every trigram is there: instr () on the stored key decides */
  for (guint i = 0; i < words->len; i++)
      {
        g_string_append (sql, first ? "instr (key, ?) > 0" : " AND instr (key, ?) > 0");
        g_ptr_array_add (binds, g_strdup (words->pdata[i]));
        first = FALSE;
      }
  return TRUE;
}

/* ------------------------------------------------------------------------- */
/* Document rows                                                              */
/* ------------------------------------------------------------------------- */

void
hashiya_doc_query_init (HashiyaDocQuery *query)
{
  memset (query, 0, sizeof *query);
}

/* WHERE clause (possibly empty) of a document query over "doc_summary s". */
static void
append_where (GString               *sql,
              const HashiyaDocQuery *q,
              GPtrArray             *binds)
{
  const char *sep = " WHERE ";

  if (q == NULL)
    return;
  if (q->name_or_text && q->name != NULL && *q->name != '\0' && q->text != NULL)
    {
      g_autoptr(GPtrArray) words = key_words (q->text);
      g_autoptr(GString) cond = g_string_new (NULL);
      g_autoptr(GPtrArray) text_binds = g_ptr_array_new_with_free_func (g_free);

      g_string_append (sql, sep);
      g_string_append (sql, "(instr (lower (s.name), lower (?)) > 0");
      g_ptr_array_add (binds, g_strdup (q->name));
      if (append_key_condition (cond, words, text_binds))
        {
          g_string_append_printf (sql, " OR s.doc_id IN (SELECT rowid >> 20 FROM doc_search WHERE %s)",
                                  cond->str);
          for (guint i = 0; i < text_binds->len; i++)
            g_ptr_array_add (binds, g_strdup (text_binds->pdata[i]));
        }
      g_string_append (sql, ")");
      sep = " AND ";
    }
  else if (q->name != NULL && *q->name != '\0')
    {
      g_string_append (sql, sep);
      g_string_append (sql, "instr (lower (s.name), lower (?)) > 0");
      g_ptr_array_add (binds, g_strdup (q->name));
      sep = " AND ";
    }
  switch (q->state)
    {
    case HASHIYA_DOC_STATE_DONE:
      g_string_append_printf (sql, "%ss.done <> 0", sep);
      sep = " AND ";
      break;
    case HASHIYA_DOC_STATE_NOT_DONE:
      g_string_append_printf (sql, "%ss.done = 0", sep);
      sep = " AND ";
      break;
    case HASHIYA_DOC_STATE_UNJUDGED:
      g_string_append_printf (sql, "%ss.judged < s.comments", sep);
      sep = " AND ";
      break;
    case HASHIYA_DOC_STATE_ANY:
    default:
      break;
    }
  if (q->text != NULL && !(q->name_or_text && q->name != NULL && *q->name != '\0'))
    {
      g_autoptr(GPtrArray) words = key_words (q->text);
      g_autoptr(GString) cond = g_string_new (NULL);

      if (append_key_condition (cond, words, binds))
        g_string_append_printf (sql, "%ss.doc_id IN (SELECT rowid >> 20 FROM doc_search WHERE %s)",
                                sep, cond->str);
    }
}

static const char *
order_by (const HashiyaDocQuery *q)
{
  gboolean desc = q != NULL && q->descending;

  switch (q != NULL ? q->sort : HASHIYA_DOC_SORT_POSITION)
    {
    case HASHIYA_DOC_SORT_NAME:
      return desc ? " ORDER BY s.name DESC, s.doc_id" : " ORDER BY s.name, s.doc_id";
    case HASHIYA_DOC_SORT_SPANS:
      return desc ? " ORDER BY s.spans DESC, s.doc_id" : " ORDER BY s.spans, s.doc_id";
    case HASHIYA_DOC_SORT_UNJUDGED:
      return desc ? " ORDER BY s.comments - s.judged DESC, s.doc_id"
                  : " ORDER BY s.comments - s.judged, s.doc_id";
    case HASHIYA_DOC_SORT_POSITION:
    default:
      return desc ? " ORDER BY s.doc_id DESC" : " ORDER BY s.doc_id";
    }
}

/* Prepares a one-off statement (the text varies with the query) and binds the strings. */
static sqlite3_stmt *
prepare_query (HashiyaStore  *self,
               const char    *sql,
               GPtrArray     *binds,
               GError       **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);

  if (rc != SQLITE_OK)
    {
      store_set_sqlite_error (self->db, rc, _("listing documents"), error);
      sqlite3_finalize (stmt);
      return NULL;
    }
  for (guint i = 0; i < binds->len; i++)
    sqlite3_bind_text (stmt, i + 1, binds->pdata[i], -1, SQLITE_TRANSIENT);
  return stmt;
}

gint64
hashiya_store_count_document_rows (HashiyaStore           *self,
                                   const HashiyaDocQuery  *query,
                                   GError                **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT count(*) FROM doc_summary s");
  g_autoptr(GPtrArray) binds = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;
  gint64 n = -1;
  int rc;

  g_return_val_if_fail (HASHIYA_IS_STORE (self), -1);
  LOCK (self);
  if (!store_check_open (self, error))
    return -1;

  append_where (sql, query, binds);
  stmt = prepare_query (self, sql->str, binds, error);
  if (stmt == NULL)
    return -1;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  else
    store_set_sqlite_error (self->db, rc, _("counting documents"), error);
  sqlite3_finalize (stmt);
  return n;
}

GPtrArray *
hashiya_store_list_document_rows (HashiyaStore           *self,
                                  const HashiyaDocQuery  *query,
                                  guint                   offset,
                                  guint                   limit,
                                  GError                **error)
{
  g_autoptr(GString) sql =
    g_string_new ("SELECT s.doc_id, s.name, s.spans, s.comments, s.judged, s.done, "
                  "d.sha256, d.imported_at, d.date, d.length "
                  "FROM doc_summary s JOIN documents d ON d.id = s.doc_id");
  g_autoptr(GPtrArray) binds = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) rows = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (HASHIYA_IS_STORE (self), NULL);
  LOCK (self);
  if (!store_check_open (self, error))
    return NULL;

  append_where (sql, query, binds);
  g_string_append (sql, order_by (query));
  g_string_append_printf (sql, " LIMIT %u OFFSET %u", limit, offset);
  stmt = prepare_query (self, sql->str, binds, error);
  if (stmt == NULL)
    return NULL;

  rows = g_ptr_array_new_with_free_func ((GDestroyNotify) hashiya_document_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      HashiyaDocument *doc = g_new0 (HashiyaDocument, 1);

      doc->id = sqlite3_column_int64 (stmt, 0);
      doc->source = store_column_strdup (stmt, 1);
      doc->n_spans = sqlite3_column_int (stmt, 2);
      doc->n_comments = sqlite3_column_int (stmt, 3);
      doc->n_judged = sqlite3_column_int (stmt, 4);
      doc->done = sqlite3_column_int (stmt, 5) != 0;
      doc->sha256 = store_column_strdup (stmt, 6);
      doc->imported_at = sqlite3_column_int64 (stmt, 7);
      doc->date = store_column_strdup (stmt, 8);
      doc->length = sqlite3_column_int64 (stmt, 9);
      g_ptr_array_add (rows, doc);
    }
  if (rc != SQLITE_DONE)
    {
      store_set_sqlite_error (self->db, rc, _("listing documents"), error);
      g_clear_pointer (&rows, g_ptr_array_unref);
    }
  sqlite3_finalize (stmt);
  return g_steal_pointer (&rows);
}

HashiyaDocument *
hashiya_store_get_document_row (HashiyaStore  *self,
                                gint64         doc_id,
                                GError       **error)
{
  g_autoptr(HashiyaStmt) stmt = NULL;
  HashiyaDocument *doc;
  int rc;

  g_return_val_if_fail (HASHIYA_IS_STORE (self), NULL);
  LOCK (self);
  if (!store_check_open (self, error))
    return NULL;
  stmt = store_prepare (self, "SELECT s.doc_id, s.name, s.spans, s.comments, s.judged, s.done, "
                              "d.sha256, d.imported_at, d.date, d.length "
                              "FROM doc_summary s JOIN documents d ON d.id = s.doc_id "
                              "WHERE s.doc_id = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, doc_id);
  rc = store_step_row (self, stmt, _("reading a document"), error);
  if (STEP_FAILED (rc))
    return NULL;
  if (rc != SQLITE_ROW)
    {
      g_autofree char *num = g_strdup_printf ("%" G_GINT64_FORMAT, doc_id);

      g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_NOT_FOUND,
                   _("no document with id %s"), num);
      return NULL;
    }
  doc = g_new0 (HashiyaDocument, 1);
  doc->id = sqlite3_column_int64 (stmt, 0);
  doc->source = store_column_strdup (stmt, 1);
  doc->n_spans = sqlite3_column_int (stmt, 2);
  doc->n_comments = sqlite3_column_int (stmt, 3);
  doc->n_judged = sqlite3_column_int (stmt, 4);
  doc->done = sqlite3_column_int (stmt, 5) != 0;
  doc->sha256 = store_column_strdup (stmt, 6);
  doc->imported_at = sqlite3_column_int64 (stmt, 7);
  doc->date = store_column_strdup (stmt, 8);
  doc->length = sqlite3_column_int64 (stmt, 9);
  return doc;
}

gint64
hashiya_store_document_row_position (HashiyaStore           *self,
                                     const HashiyaDocQuery  *query,
                                     gint64                  doc_id,
                                     GError                **error)
{
  g_autoptr(GString) inner = g_string_new ("SELECT s.doc_id, row_number () OVER (");
  g_autoptr(GString) where = g_string_new (NULL);
  g_autoptr(GPtrArray) binds = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;
  gint64 pos = -1;
  int rc;

  g_return_val_if_fail (HASHIYA_IS_STORE (self), -1);
  LOCK (self);
  if (!store_check_open (self, error))
    return -1;

  append_where (where, query, binds);
  if (query == NULL || query->sort == HASHIYA_DOC_SORT_POSITION)
    {
      /* import order: the rows before it, counted along the key (no window over all) */
      gboolean desc = query != NULL && query->descending;
      const char *sep = where->len > 0 ? " AND " : " WHERE ";
      g_autofree char *sql =
        g_strdup_printf ("SELECT (SELECT count(*) FROM doc_summary s%s%ss.doc_id = %" G_GINT64_FORMAT "),"
                         " (SELECT count(*) FROM doc_summary s%s%ss.doc_id %s %" G_GINT64_FORMAT ")",
                         where->str, sep, doc_id, where->str, sep, desc ? ">" : "<", doc_id);
      g_autoptr(GPtrArray) twice = g_ptr_array_new_with_free_func (g_free);

      for (int k = 0; k < 2; k++)
        for (guint i = 0; i < binds->len; i++)
          g_ptr_array_add (twice, g_strdup (binds->pdata[i]));
      stmt = prepare_query (self, sql, twice, error);
      if (stmt == NULL)
        return -1;
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        pos = sqlite3_column_int64 (stmt, 0) > 0 ? sqlite3_column_int64 (stmt, 1) : -1;
      else
        store_set_sqlite_error (self->db, rc, _("listing documents"), error);
      sqlite3_finalize (stmt);
      return pos;
    }
  g_string_append (inner, order_by (query) + 1);
  g_string_append_printf (inner, ") - 1 AS pos FROM doc_summary s%s", where->str);
  g_string_prepend (inner, "SELECT pos FROM (");
  g_string_append_printf (inner, ") WHERE doc_id = %" G_GINT64_FORMAT, doc_id);
  stmt = prepare_query (self, inner->str, binds, error);
  if (stmt == NULL)
    return -1;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    pos = sqlite3_column_int64 (stmt, 0);
  else if (rc != SQLITE_DONE)
    store_set_sqlite_error (self->db, rc, _("listing documents"), error);
  sqlite3_finalize (stmt);
  return pos;
}

gint64
hashiya_store_next_unjudged_document (HashiyaStore  *self,
                                      gint64         doc_id,
                                      gboolean       forward,
                                      GError       **error)
{
  g_autoptr(HashiyaStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (HASHIYA_IS_STORE (self), 0);
  LOCK (self);
  if (!store_check_open (self, error))
    return 0;

  stmt = store_prepare (self, forward
                        ? "SELECT doc_id FROM doc_summary WHERE judged < comments AND doc_id > ? "
                          "ORDER BY doc_id LIMIT 1"
                        : "SELECT doc_id FROM doc_summary WHERE judged < comments AND doc_id < ? "
                          "ORDER BY doc_id DESC LIMIT 1", error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, doc_id);
  rc = store_step_row (self, stmt, _("looking for unjudged comments"), error);
  return rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
}

/* ------------------------------------------------------------------------- */
/* Corpus find                                                                */
/* ------------------------------------------------------------------------- */

void
hashiya_corpus_hit_free (HashiyaCorpusHit *hit)
{
  if (hit == NULL)
    return;
  g_free (hit->name);
  g_free (hit->before);
  g_free (hit->match);
  g_free (hit->after);
  g_free (hit);
}

/* A statement whose rows are the documents (ids, import order, a long document's id
 * repeated once per index row) that may hold a match of query: every word of the query's
 * key (split at spaces, as find lets a space match several) has its trigrams in one index
 * row. A query starting with ال may match as لل after a ل prefix, so its first word is
 * looked for without the alef. The rows stream: find stops reading once it has its hits.
 * Only the index is read (find_all decides); words under three characters cannot use it,
 * and a query of only such words goes through every document. */
static sqlite3_stmt *
candidate_documents (HashiyaStore  *self,
                     const char    *query,
                     GError       **error)
{
  g_autoptr(GPtrArray) words = key_words (query);
  g_autoptr(GPtrArray) binds = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) match = g_string_new (NULL);

  if (words->len > 0 && g_str_has_prefix (words->pdata[0], "\u0627\u0644"))
    {
      char *rest = g_strdup ((char *) words->pdata[0] + strlen ("\u0627"));
      g_free (words->pdata[0]);
      words->pdata[0] = rest;
    }
  append_trigrams (match, words);
  if (match->len == 0)
    return prepare_query (self, words->len > 0 ? "SELECT id FROM documents ORDER BY id"
                                               : "SELECT id FROM documents WHERE 0",
                          binds, error);
  g_ptr_array_add (binds, g_strdup (match->str));
  return prepare_query (self, "SELECT rowid >> 20 FROM doc_search WHERE doc_search MATCH ? "
                              "ORDER BY rowid", binds, error);
}

static char *
document_name (HashiyaStore *self,
               gint64        doc_id)
{
  g_autoptr(HashiyaStmt) stmt =
    store_prepare (self, "SELECT name FROM doc_summary WHERE doc_id = ?", NULL);

  if (stmt == NULL)
    return g_strdup ("");
  sqlite3_bind_int64 (stmt, 1, doc_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return g_strdup ("");
  return store_column_strdup (stmt, 0);
}

/* Appends the hits of one document. line_cp/line_no carry the line count forward. */
static void
add_hits (GPtrArray   *hits,
          gint64       doc_id,
          const char  *name,
          HashiyaText *text,
          GArray      *ranges,
          guint        max_hits,
          gboolean    *truncated)
{
  const char *utf8 = hashiya_text_get_utf8 (text, NULL);
  gsize length = hashiya_text_get_length (text);
  gsize counted_to = 0;    /* byte up to which newlines are counted */
  gint64 line = 1;

  for (guint i = 0; i < ranges->len; i++)
    {
      const HashiyaRange *r = &g_array_index (ranges, HashiyaRange, i);
      HashiyaCorpusHit *hit;
      gsize b_start, b_end, a, z, ctx;

      if (max_hits > 0 && hits->len >= max_hits)
        {
          *truncated = TRUE;
          return;
        }
      b_start = hashiya_text_cp_to_byte (text, r->start);
      b_end = hashiya_text_cp_to_byte (text, r->end);
      for (; counted_to < b_start; counted_to++)
        if (utf8[counted_to] == '\n')
          line++;

      /* context: up to HASHIYA_CORPUS_CONTEXT code points each side, inside the line */
      a = b_start;
      for (ctx = 0; ctx < HASHIYA_CORPUS_CONTEXT && a > 0 && utf8[a - 1] != '\n'; ctx++)
        a = g_utf8_find_prev_char (utf8, utf8 + a) - utf8;
      z = b_end;
      for (ctx = 0; ctx < HASHIYA_CORPUS_CONTEXT && r->end + ctx < length && utf8[z] != '\n'; ctx++)
        z = g_utf8_next_char (utf8 + z) - utf8;

      hit = g_new0 (HashiyaCorpusHit, 1);
      hit->doc_id = doc_id;
      hit->name = g_strdup (name);
      hit->start = r->start;
      hit->end = r->end;
      hit->line = line;
      hit->before = g_strndup (utf8 + a, b_start - a);
      hit->match = g_strndup (utf8 + b_start, b_end - b_start);
      hit->after = g_strndup (utf8 + b_end, z - b_end);
      g_ptr_array_add (hits, hit);
    }
}

GPtrArray *
hashiya_store_find_corpus (HashiyaStore  *self,
                           const char    *query,
                           guint          max_hits,
                           gboolean      *truncated,
                           GCancellable  *cancellable,
                           GError       **error)
{
  g_autoptr(GPtrArray) hits = NULL;
  sqlite3_stmt *cand;
  gint64 last_id = 0;
  gboolean cut = FALSE, ok = TRUE;
  int rc;

  g_return_val_if_fail (HASHIYA_IS_STORE (self), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  /* held throughout: the candidate statement reads while the texts are read */
  LOCK (self);
  if (!store_check_open (self, error))
    return NULL;
  cand = candidate_documents (self, query, error);
  if (cand == NULL)
    return NULL;

  hits = g_ptr_array_new_with_free_func ((GDestroyNotify) hashiya_corpus_hit_free);
  while (!cut && (rc = sqlite3_step (cand)) == SQLITE_ROW)
    {
      gint64 doc_id = sqlite3_column_int64 (cand, 0);
      g_autoptr(HashiyaText) text = NULL;
      g_autoptr(GArray) ranges = NULL;
      g_autofree char *name = NULL;

      if (doc_id == last_id)
        continue;   /* another index row of a long document */
      last_id = doc_id;
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          ok = FALSE;
          break;
        }
      text = hashiya_store_read_text (self, doc_id, error);
      if (text == NULL)
        {
          ok = FALSE;
          break;
        }
      ranges = hashiya_text_find_all (text, 0, hashiya_text_get_length (text), query);
      if (ranges->len == 0)
        continue;
      name = document_name (self, doc_id);
      add_hits (hits, doc_id, name, text, ranges, max_hits, &cut);
    }
  if (ok && !cut && rc != SQLITE_DONE)
    {
      store_set_sqlite_error (self->db, rc, _("searching the project"), error);
      ok = FALSE;
    }
  sqlite3_finalize (cand);
  if (!ok)
    return NULL;
  if (truncated != NULL)
    *truncated = cut;
  return g_steal_pointer (&hits);
}

/* ------------------------------------------------------------------------- */
/* Tag all                                                                    */
/* ------------------------------------------------------------------------- */

static gboolean
span_exists (HashiyaStore            *self,
             const HashiyaCorpusHit  *hit,
             const char              *label,
             const char              *annotator)
{
  g_autoptr(HashiyaStmt) stmt =
    store_prepare (self, "SELECT 1 FROM spans s JOIN labels l ON l.id = s.label_id "
                         "JOIN annotators a ON a.id = s.annotator_id "
                         "WHERE s.doc_id = ? AND s.start = ? AND s.\"end\" = ? "
                         "AND l.name = ? AND a.name = ?", NULL);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, hit->doc_id);
  sqlite3_bind_int64 (stmt, 2, hit->start);
  sqlite3_bind_int64 (stmt, 3, hit->end);
  sqlite3_bind_text (stmt, 4, label, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, annotator, -1, SQLITE_STATIC);
  return sqlite3_step (stmt) == SQLITE_ROW;
}

/* Counts, and when apply, adds the spans. Called inside a transaction when applying. */
static gboolean
tag_all_run (HashiyaStore       *self,
             GPtrArray          *hits,
             const char         *label,
             const char         *annotator,
             gboolean            apply,
             HashiyaTagAllCount *count,
             GArray             *span_ids,
             GError            **error)
{
  gint64 last_doc = 0;

  memset (count, 0, sizeof *count);
  count->n_hits = hits->len;
  for (guint i = 0; i < hits->len; i++)
    {
      const HashiyaCorpusHit *hit = hits->pdata[i];

      /* a hit may repeat (two spellings of a clitic); the store keeps one span */
      if (i > 0)
        {
          const HashiyaCorpusHit *prev = hits->pdata[i - 1];
          if (prev->doc_id == hit->doc_id && prev->start == hit->start && prev->end == hit->end)
            continue;
        }
      if (span_exists (self, hit, label, annotator))
        continue;
      if (apply)
        {
          gint64 id = hashiya_store_add_span (self, hit->doc_id, hit->start, hit->end, label,
                                              annotator, "manual", error);
          if (id == 0)
            return FALSE;
          if (span_ids != NULL)
            g_array_append_val (span_ids, id);
        }
      count->n_spans++;
      if (hit->doc_id != last_doc)
        {
          count->n_documents++;
          last_doc = hit->doc_id;
        }
    }
  return TRUE;
}

static gboolean
check_label (HashiyaStore  *self,
             const char    *label,
             GError       **error)
{
  g_autoptr(HashiyaLabel) l = hashiya_store_get_label (self, label, error);
  return l != NULL;
}

gboolean
hashiya_store_tag_all_count (HashiyaStore        *self,
                             const char          *query,
                             const char          *label,
                             const char          *annotator,
                             HashiyaTagAllCount  *count,
                             GError             **error)
{
  g_autoptr(GPtrArray) hits = NULL;

  g_return_val_if_fail (HASHIYA_IS_STORE (self), FALSE);
  g_return_val_if_fail (query != NULL && label != NULL && count != NULL, FALSE);
  LOCK (self);

  if (!check_label (self, label, error))
    return FALSE;
  hits = hashiya_store_find_corpus (self, query, 0, NULL, NULL, error);
  if (hits == NULL)
    return FALSE;
  return tag_all_run (self, hits, label, store_default_annotator (annotator), FALSE, count,
                      NULL, error);
}

gboolean
hashiya_store_tag_all (HashiyaStore        *self,
                       const char          *query,
                       const char          *label,
                       const char          *annotator,
                       HashiyaTagAllCount  *count,
                       GArray              *span_ids,
                       GError             **error)
{
  g_autoptr(GPtrArray) hits = NULL;
  HashiyaTagAllCount local;
  guint n_ids = span_ids != NULL ? span_ids->len : 0;
  gboolean ok;

  g_return_val_if_fail (HASHIYA_IS_STORE (self), FALSE);
  g_return_val_if_fail (query != NULL && label != NULL, FALSE);
  LOCK (self);

  if (count == NULL)
    count = &local;
  if (!store_tx_begin (self, error))
    return FALSE;
  ok = check_label (self, label, error)
       && (hits = hashiya_store_find_corpus (self, query, 0, NULL, NULL, error)) != NULL
       && tag_all_run (self, hits, label, store_default_annotator (annotator), TRUE, count,
                       span_ids, error);
  if (!ok && span_ids != NULL)
    g_array_set_size (span_ids, n_ids);
  return store_tx_finish (self, ok, error);
}

gboolean
hashiya_store_remove_spans (HashiyaStore  *self,
                            const gint64  *span_ids,
                            guint          n,
                            GError       **error)
{
  gboolean ok = TRUE;

  g_return_val_if_fail (HASHIYA_IS_STORE (self), FALSE);
  g_return_val_if_fail (n == 0 || span_ids != NULL, FALSE);
  LOCK (self);

  if (!store_tx_begin (self, error))
    return FALSE;
  for (guint i = 0; i < n && ok; i++)
    ok = hashiya_store_remove_span (self, span_ids[i], error);
  return store_tx_finish (self, ok, error);
}

gboolean
hashiya_store_set_bulk_import (HashiyaStore  *self,
                               guint          cache_mb,
                               GError       **error)
{
  g_autofree char *sql = NULL;
  int rc;

  g_return_val_if_fail (HASHIYA_IS_STORE (self), FALSE);
  LOCK (self);
  if (!store_check_open (self, error))
    return FALSE;
  sql = cache_mb > 0
        ? g_strdup_printf ("PRAGMA temp_store = MEMORY; PRAGMA cache_size = -%u", cache_mb * 1024)
        : g_strdup ("PRAGMA temp_store = DEFAULT; PRAGMA cache_size = -2000");
  rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      store_set_sqlite_error (self->db, rc, _("setting up the import"), error);
      return FALSE;
    }
  return TRUE;
}
