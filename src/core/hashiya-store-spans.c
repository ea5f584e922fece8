/* hashiya-store-spans.c: annotators and spans
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "hashiya-store-private.h"

#include <inttypes.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <sqlite3.h>

#include "hashiya-store-suggest.h"

/* ------------------------------------------------------------------------- */
/* Annotators                                                                 */
/* ------------------------------------------------------------------------- */

const char *
store_default_annotator (const char *annotator)
{
  return annotator != NULL ? annotator : g_get_user_name ();
}

static gboolean
validate_annotator (const char  *annotator,
                    GError     **error)
{
  glong n;

  if (*annotator == '\0' || !g_utf8_validate (annotator, -1, NULL))
    {
      g_set_error_literal (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_INVALID,
                           _("an annotator name must be non-empty UTF-8"));
      return FALSE;
    }
  n = g_utf8_strlen (annotator, -1);
  if (n > HASHIYA_ANNOTATOR_NAME_MAX)
    {
      g_autofree char *start = g_utf8_substring (annotator, 0, 16);

      g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_INVALID,
                   _("annotator name \"%s…\" is %ld characters long; an annotator name has "
                   "at most %d"), start, n, HASHIYA_ANNOTATOR_NAME_MAX);
      return FALSE;
    }
  /* A name is one line of a listing, a column of an export and a key of agreement. */
  for (const char *p = annotator; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c) || c == 0x2028 || c == 0x2029)
        {
          g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_INVALID,
                       _("an annotator name cannot hold a line break or a control character "
                       "(U+%04X at character %ld)"), c, g_utf8_pointer_to_offset (annotator, p));
          return FALSE;
        }
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
gint64
store_ensure_annotator (HashiyaStore  *self,
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

/* How a span's message names its document: by id once it is in the project; by its
 * source while it is being added in the caller's open transaction, as an import does
 * (its id is not one the user will ever see if the import is refused). */
static char *
describe_document (HashiyaStore *self,
                   gint64        doc_id)
{
  if (self->tx_first_new_doc > 0 && doc_id >= self->tx_first_new_doc)
    {
      g_autoptr(HashiyaStmt) stmt = store_prepare (self, "SELECT source FROM documents "
                                                         "WHERE id = ?", NULL);

      if (stmt != NULL)
        {
          sqlite3_bind_int64 (stmt, 1, doc_id);
          if (sqlite3_step (stmt) == SQLITE_ROW)
            return g_strdup_printf (_("the new document “%s”"),
                                    (const char *) sqlite3_column_text (stmt, 0));
        }
      return g_strdup (_("the new document"));
    }
  return g_strdup_printf (_("document %" PRId64), doc_id);
}

static gboolean
validate_range (HashiyaStore  *self,
                gint64         doc_id,
                gint64         start,
                gint64         end,
                GError       **error)
{
  HashiyaText *text;
  g_autofree char *doc = NULL;   /* made only for a message: this runs for every span */
  gint64 length;

  if (start < 0 || end < 0)
    {
      g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_INVALID,
                   _("span %" PRId64 "-%" PRId64 " in %s has a negative offset"), start, end,
                   (doc = describe_document (self, doc_id)));
      return FALSE;
    }
  if (start >= end)
    {
      g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_INVALID,
                   _("span %" PRId64 "-%" PRId64 " in %s is empty or reversed: its start must be "
                   "before its end"),
                   start, end, (doc = describe_document (self, doc_id)));
      return FALSE;
    }

  text = store_lookup_text (self, doc_id, error);
  if (text == NULL)
    return FALSE;
  length = hashiya_text_get_length (text);
  if (end > length)
    {
      g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_INVALID,
                   _("span %" PRId64 "-%" PRId64 " in %s ends after the text, which has "
                   "%" PRId64 " characters"),
                   start, end, (doc = describe_document (self, doc_id)), length);
      return FALSE;
    }
  if (!hashiya_text_is_grapheme_boundary (text, start))
    {
      g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_INVALID,
                   _("span %" PRId64 "-%" PRId64 " in %s starts inside a character cluster "
                   "at %" PRId64 " (a mark would be cut off its letter)"),
                   start, end, (doc = describe_document (self, doc_id)), start);
      return FALSE;
    }
  if (!hashiya_text_is_grapheme_boundary (text, end))
    {
      g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_INVALID,
                   _("span %" PRId64 "-%" PRId64 " in %s ends inside a character cluster "
                   "at %" PRId64 " (a mark would be cut off its letter)"),
                   start, end, (doc = describe_document (self, doc_id)), end);
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
  if ((aid = store_ensure_annotator (self, annotator, error)) == 0)
    return FALSE;

  stmt = store_prepare (self, "INSERT INTO spans (doc_id, start, \"end\", label_id, annotator_id, "
                              "origin, created, modified) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  now = store_now_seconds ();
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

  annotator = store_default_annotator (annotator);
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

  annotator = store_default_annotator (span->annotator);
  if (!hashiya_span_value_check (span->value, span->calendar, span->anchor, error))
    return FALSE;
  if (!store_tx_begin (self, error))
    return FALSE;

  if (!validate_range (self, span->doc_id, span->start, span->end, error)
      || (lid = store_label_id (self, span->label, error)) == 0
      || (aid = store_ensure_annotator (self, annotator, error)) == 0)
    goto out;

  {
    g_autoptr(HashiyaStmt) stmt =
      store_prepare (self, "INSERT INTO spans (id, doc_id, start, \"end\", label_id, annotator_id, "
                           "origin, note, created, modified, value, calendar, anchor) "
                           "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     error);
    gint64 now = store_now_seconds ();
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
    store_bind_text_or_null (stmt, 11, span->value);
    store_bind_text_or_null (stmt, 12, span->calendar);
    store_bind_text_or_null (stmt, 13, span->anchor);
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
  "s.created, s.modified, s.value, s.calendar, s.anchor " \
  "FROM spans s JOIN labels l ON l.id = s.label_id " \
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
  span->value = store_column_strdup (stmt, 10);
  span->calendar = store_column_strdup (stmt, 11);
  span->anchor = store_column_strdup (stmt, 12);
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

  if (!store_check_open (self, error) || !store_document_exists (self, doc_id, error))
    return NULL;
  labels = load_names (self, "SELECT id, name FROM labels", error);
  if (labels == NULL)
    return NULL;
  annotators = load_names (self, "SELECT id, name FROM annotators", error);
  if (annotators == NULL)
    return NULL;
  stmt = store_prepare (self, "SELECT id, doc_id, start, \"end\", label_id, annotator_id, origin, "
                              "note, created, modified, value, calendar, anchor FROM spans "
                              "WHERE doc_id = ?", error);
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
      span->value = store_column_strdup (stmt, 10);
      span->calendar = store_column_strdup (stmt, 11);
      span->anchor = store_column_strdup (stmt, 12);
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
  ok = store_require_change (self, ok, error, _("no span %" PRId64), span_id);
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
    sqlite3_bind_int64 (stmt, 2, store_now_seconds ());
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
    sqlite3_bind_int64 (stmt, 3, store_now_seconds ());
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
        sqlite3_bind_int64 (stmt, 2, store_now_seconds ());
        sqlite3_bind_int64 (stmt, 3, span_id);
        ok = store_step_done (self, stmt, _("saving a span note"), error);
        ok = store_require_change (self, ok, error, _("no span %" PRId64), span_id);
      }
  }
  return store_tx_finish (self, ok, error);
}
