/* hashiya-store-documents.c: documents (their text, cached) and their segments
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "hashiya-store-private.h"

#include <inttypes.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <sqlite3.h>

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
/* Documents                                                                  */
/* ------------------------------------------------------------------------- */

gboolean
store_document_exists (HashiyaStore  *self,
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
  int n_comments = 0;

  for (guint i = 0; i < n_segments; i++)
    {
      const HashiyaSegment *seg = &segments[i];

      if (seg->kind == HASHIYA_SEGMENT_COMMENT)
        n_comments++;
      /* a reply answers an earlier comment (so reply links never make a cycle) */
      if (seg->parent_index != 0
          && (seg->kind != HASHIYA_SEGMENT_COMMENT || seg->parent_index < 0
              || seg->parent_index >= n_comments))
        {
          g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_INVALID,
                       _("segment %u replies to comment %d, which is not an earlier comment"),
                       i, seg->parent_index);
          return FALSE;
        }

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
                             "(doc_id, idx, kind, start, \"end\", comment_index, parent) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?)", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, doc_id);
      sqlite3_bind_int (stmt, 2, i);
      sqlite3_bind_text (stmt, 3, hashiya_segment_kind_to_string (segments[i].kind), -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 4, segments[i].start);
      sqlite3_bind_int64 (stmt, 5, segments[i].end);
      sqlite3_bind_int (stmt, 6, segments[i].kind == HASHIYA_SEGMENT_COMMENT ? ++comment : 0);
      if (segments[i].kind == HASHIYA_SEGMENT_COMMENT && segments[i].parent_index > 0)
        sqlite3_bind_int (stmt, 7, segments[i].parent_index);
      else
        sqlite3_bind_null (stmt, 7);
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
    sqlite3_bind_int64 (stmt, 5, store_now_seconds ());
    store_bind_text_or_null (stmt, 6, date);
    if (!store_step_done (self, stmt, _("saving the document"), error))
      goto out;
    doc_id = sqlite3_last_insert_rowid (self->db);
    /* depth 1 is this call's own transaction; more is the caller's */
    if (self->depth > 1 && self->tx_first_new_doc == 0)
      self->tx_first_new_doc = doc_id;
  }

  ok = store_index_document (self, doc_id, text, len, error)
       && insert_segments (self, doc_id, segments, n_segments, error);

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

HashiyaText *
store_lookup_text (HashiyaStore  *self,
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
  text = store_lookup_text (self, doc_id, error);
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
  if (store_document_exists (self, doc_id, error))
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
  if (store_document_exists (self, doc_id, error))
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

  if (!store_document_exists (self, doc_id, error))
    return NULL;

  stmt = store_prepare (self, "SELECT kind, start, \"end\", comment_index, parent FROM segments "
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
      seg.parent_index = sqlite3_column_int (stmt, 4);   /* NULL reads as 0 */
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
    sqlite3_bind_text (stmt, 1, hashiya_segment_kind_to_string (kind), -1, SQLITE_STATIC);
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
  if (!store_run_with_id (self, "UPDATE judgements "
                                "SET comment_index = comment_index - 1000000000 "
                                "WHERE doc_id = ? AND comment_index > 1000000000", doc_id,
                          _("moving judgements"), error))
    return FALSE;

  /* Reply links name comment numbers too: follow the renumbering; a link to or from a
   * segment that is no longer a comment goes. */
  for (guint i = 0; i < segs->len; i++)
    {
      const HashiyaSegment *s = &g_array_index (segs, HashiyaSegment, i);
      int new_parent = 0;

      if (s->parent_index <= 0)
        continue;
      for (guint k = 0; k < segs->len; k++)
        if (g_array_index (segs, HashiyaSegment, k).comment_index == s->parent_index)
          new_parent = new_index[k];
      if (new_index[i] == 0)
        new_parent = 0;
      if (new_parent == s->parent_index)
        continue;
      {
        g_autoptr(HashiyaStmt) stmt =
          store_prepare (self, "UPDATE segments SET parent = ? WHERE doc_id = ? AND idx = ?", error);
        if (stmt == NULL)
          return FALSE;
        if (new_parent > 0)
          sqlite3_bind_int (stmt, 1, new_parent);
        else
          sqlite3_bind_null (stmt, 1);
        sqlite3_bind_int64 (stmt, 2, doc_id);
        sqlite3_bind_int (stmt, 3, i);
        if (!store_step_done (self, stmt, _("moving reply links"), error))
          return FALSE;
      }
    }
  return TRUE;
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
