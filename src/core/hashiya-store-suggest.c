/* hashiya-store-suggest.c: span values, rejected suggestions and user gazetteers in the project (schema 4)
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "hashiya-store-private.h"
#include "hashiya-store-suggest.h"
#include "suggest/hashiya-gazetteer.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <sqlite3.h>

/* Migration 4. A value belongs to its span (a column: every read of spans carries it, and
 * undo, merge and import restore it with the span). A rejection is kept by range and
 * label: the same suggestion in the same place is not offered again; a different label or
 * range there still is. A user's gazetteer is kept whole, as added, and read again when
 * suggestions are made. */
const char store_migration_4[] =
  "ALTER TABLE spans ADD COLUMN value TEXT;"
  "ALTER TABLE spans ADD COLUMN calendar TEXT;"
  "ALTER TABLE spans ADD COLUMN anchor TEXT;"
  "CREATE TABLE suggestion_rejections ("
  "  doc_id      INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,"
  "  start       INTEGER NOT NULL,"
  "  \"end\"       INTEGER NOT NULL,"
  "  label       TEXT NOT NULL,"
  "  source      TEXT NOT NULL,"
  "  rejected_by TEXT NOT NULL,"
  "  rejected_at INTEGER NOT NULL,"
  "  PRIMARY KEY (doc_id, start, \"end\", label),"
  "  CHECK (start >= 0 AND start < \"end\"));"
  "CREATE TABLE gazetteer_lists ("
  "  name     TEXT PRIMARY KEY NOT NULL,"
  "  data     TEXT NOT NULL,"
  "  added_at INTEGER NOT NULL);";

/* ---- values ----------------------------------------------------------------- */

static gboolean
check_word (const char  *what,
            const char  *word,
            GError     **error)
{
  if (word == NULL)
    return TRUE;
  if (*word == '\0' || strlen (word) > 40)
    goto bad;
  for (const char *p = word; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '_' && *p != '-')
      goto bad;
  return TRUE;
bad:
  g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_INVALID,
               _("a span's %s is a word of ASCII letters, digits, “_” and “-” (at most 40), "
               "not “%s”"), what, word);
  return FALSE;
}

gboolean
hashiya_span_value_check (const char  *value,
                          const char  *calendar,
                          const char  *anchor,
                          GError     **error)
{
  if (value == NULL)
    {
      if (calendar != NULL || anchor != NULL)
        {
          g_set_error_literal (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_INVALID,
                               _("a span's calendar or anchor needs a value"));
          return FALSE;
        }
      return TRUE;
    }
  if (*value == '\0' || !g_utf8_validate (value, -1, NULL))
    {
      g_set_error_literal (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_INVALID,
                           _("a span's value must be non-empty UTF-8"));
      return FALSE;
    }
  if (g_utf8_strlen (value, -1) > HASHIYA_SPAN_VALUE_MAX)
    {
      g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_INVALID,
                   _("a span's value has at most %d characters"), HASHIYA_SPAN_VALUE_MAX);
      return FALSE;
    }
  for (const char *p = value; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c) || c == 0x2028 || c == 0x2029)
        {
          g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_INVALID,
                       _("a span's value cannot hold a line break or a control character "
                       "(U+%04X at character %ld)"), c, g_utf8_pointer_to_offset (value, p));
          return FALSE;
        }
    }
  return check_word (_("calendar"), calendar, error) && check_word (_("anchor"), anchor, error);
}

gboolean
hashiya_store_set_span_value (HashiyaStore  *self,
                              gint64         span_id,
                              const char    *value,
                              const char    *calendar,
                              const char    *anchor,
                              GError       **error)
{
  gboolean ok = FALSE;

  g_return_val_if_fail (HASHIYA_IS_STORE (self), FALSE);
  LOCK (self);

  if (value == NULL)
    calendar = anchor = NULL;
  if (!hashiya_span_value_check (value, calendar, anchor, error))
    return FALSE;
  if (!store_tx_begin (self, error))
    return FALSE;
  {
    g_autoptr(HashiyaStmt) stmt =
      store_prepare (self, "UPDATE spans SET value = ?, calendar = ?, anchor = ?, modified = ? "
                           "WHERE id = ?", error);
    if (stmt != NULL)
      {
        store_bind_text_or_null (stmt, 1, value);
        store_bind_text_or_null (stmt, 2, calendar);
        store_bind_text_or_null (stmt, 3, anchor);
        sqlite3_bind_int64 (stmt, 4, store_now_seconds ());
        sqlite3_bind_int64 (stmt, 5, span_id);
        ok = store_step_done (self, stmt, _("saving a span's value"), error);
        ok = store_require_change (self, ok, error, _("no span %" PRId64), span_id);
      }
  }
  return store_tx_finish (self, ok, error);
}

gboolean
hashiya_store_set_document_date (HashiyaStore  *self,
                                 gint64         doc_id,
                                 const char    *date,
                                 GError       **error)
{
  gboolean ok = FALSE;
  int y, m, d;

  g_return_val_if_fail (HASHIYA_IS_STORE (self), FALSE);
  LOCK (self);

  if (date != NULL
      && (strlen (date) != 10 || sscanf (date, "%4d-%2d-%2d", &y, &m, &d) != 3
          || date[4] != '-' || date[7] != '-' || !g_date_valid_dmy (d, m, y)))
    {
      g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_INVALID,
                   _("a document date is YYYY-MM-DD, not “%s”"), date);
      return FALSE;
    }
  if (!store_tx_begin (self, error))
    return FALSE;
  {
    g_autoptr(HashiyaStmt) stmt =
      store_prepare (self, "UPDATE documents SET date = ? WHERE id = ?", error);
    if (stmt != NULL)
      {
        store_bind_text_or_null (stmt, 1, date);
        sqlite3_bind_int64 (stmt, 2, doc_id);
        ok = store_step_done (self, stmt, _("saving a document's date"), error);
        ok = store_require_change (self, ok, error, _("no document %" PRId64), doc_id);
      }
  }
  return store_tx_finish (self, ok, error);
}

/* ---- rejections ------------------------------------------------------------- */

void
hashiya_rejection_free (HashiyaRejection *rejection)
{
  if (rejection == NULL)
    return;
  g_free (rejection->label);
  g_free (rejection->source);
  g_free (rejection->rejected_by);
  g_free (rejection);
}

gboolean
hashiya_store_reject_suggestion (HashiyaStore  *self,
                                 gint64         doc_id,
                                 gint64         start,
                                 gint64         end,
                                 const char    *label,
                                 const char    *source,
                                 const char    *annotator,
                                 GError       **error)
{
  gboolean ok = FALSE;

  g_return_val_if_fail (HASHIYA_IS_STORE (self), FALSE);
  g_return_val_if_fail (label != NULL && source != NULL, FALSE);
  LOCK (self);

  if (start < 0 || start >= end)
    {
      g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_INVALID,
                   _("suggestion %" PRId64 "-%" PRId64 " is empty or reversed"), start, end);
      return FALSE;
    }
  if (!store_tx_begin (self, error))
    return FALSE;
  if (store_document_exists (self, doc_id, error))
    {
      g_autoptr(HashiyaStmt) stmt =
        store_prepare (self, "INSERT OR IGNORE INTO suggestion_rejections "
                             "(doc_id, start, \"end\", label, source, rejected_by, rejected_at) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?)", error);
      if (stmt != NULL)
        {
          sqlite3_bind_int64 (stmt, 1, doc_id);
          sqlite3_bind_int64 (stmt, 2, start);
          sqlite3_bind_int64 (stmt, 3, end);
          sqlite3_bind_text (stmt, 4, label, -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 5, source, -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 6, store_default_annotator (annotator), -1, SQLITE_STATIC);
          sqlite3_bind_int64 (stmt, 7, store_now_seconds ());
          ok = store_step_done (self, stmt, _("remembering a rejected suggestion"), error);
        }
    }
  return store_tx_finish (self, ok, error);
}

gboolean
hashiya_store_unreject_suggestion (HashiyaStore  *self,
                                   gint64         doc_id,
                                   gint64         start,
                                   gint64         end,
                                   const char    *label,
                                   GError       **error)
{
  gboolean ok = FALSE;

  g_return_val_if_fail (HASHIYA_IS_STORE (self), FALSE);
  g_return_val_if_fail (label != NULL, FALSE);
  LOCK (self);

  if (!store_tx_begin (self, error))
    return FALSE;
  {
    g_autoptr(HashiyaStmt) stmt =
      store_prepare (self, "DELETE FROM suggestion_rejections WHERE doc_id = ? AND start = ? "
                           "AND \"end\" = ? AND label = ?", error);
    if (stmt != NULL)
      {
        sqlite3_bind_int64 (stmt, 1, doc_id);
        sqlite3_bind_int64 (stmt, 2, start);
        sqlite3_bind_int64 (stmt, 3, end);
        sqlite3_bind_text (stmt, 4, label, -1, SQLITE_STATIC);
        ok = store_step_done (self, stmt, _("forgetting a rejected suggestion"), error);
        ok = store_require_change (self, ok, error, _("no rejected suggestion %" PRId64 "-%" PRId64 " %s in document %" PRId64), start, end, label, doc_id);
      }
  }
  return store_tx_finish (self, ok, error);
}

GPtrArray *
hashiya_store_list_rejections (HashiyaStore  *self,
                               gint64         doc_id,
                               GError       **error)
{
  g_autoptr(GPtrArray) out = NULL;
  int rc;

  g_return_val_if_fail (HASHIYA_IS_STORE (self), NULL);
  LOCK (self);
  g_autoptr(HashiyaStmt) stmt = NULL;

  if (!store_check_open (self, error))
    return NULL;
  stmt = store_prepare (self, "SELECT start, \"end\", label, source, rejected_by, rejected_at "
                              "FROM suggestion_rejections WHERE doc_id = ? "
                              "ORDER BY start, \"end\" DESC, label", error);
  if (stmt == NULL)
    return NULL;
  out = g_ptr_array_new_with_free_func ((GDestroyNotify) hashiya_rejection_free);
  sqlite3_bind_int64 (stmt, 1, doc_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      HashiyaRejection *r = g_new0 (HashiyaRejection, 1);

      r->doc_id = doc_id;
      r->start = sqlite3_column_int64 (stmt, 0);
      r->end = sqlite3_column_int64 (stmt, 1);
      r->label = store_column_strdup (stmt, 2);
      r->source = store_column_strdup (stmt, 3);
      r->rejected_by = store_column_strdup (stmt, 4);
      r->rejected_at = sqlite3_column_int64 (stmt, 5);
      g_ptr_array_add (out, r);
    }
  if (rc != SQLITE_DONE)
    {
      store_set_sqlite_error (self->db, rc, _("reading rejected suggestions"), error);
      return NULL;
    }
  return g_steal_pointer (&out);
}

/* ---- gazetteers --------------------------------------------------------------- */

gboolean
hashiya_store_add_gazetteer (HashiyaStore  *self,
                             const char    *name,
                             const char    *data,
                             gssize         len,
                             GError       **error)
{
  g_autoptr(HashiyaGazetteer) check = NULL;
  g_autofree char *copy = NULL;
  gboolean ok = FALSE;

  g_return_val_if_fail (HASHIYA_IS_STORE (self), FALSE);
  g_return_val_if_fail (name != NULL && data != NULL, FALSE);

  if (len < 0)
    len = strlen (data);
  if (*name == '\0' || !g_utf8_validate (name, -1, NULL))
    {
      g_set_error_literal (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_INVALID,
                           _("a gazetteer's name must be non-empty UTF-8"));
      return FALSE;
    }
  /* read it whole now: an error names the line, and nothing is stored */
  check = hashiya_gazetteer_new ();
  if (!hashiya_gazetteer_load_data (check, name, data, len, error))
    return FALSE;
  copy = g_strndup (data, len);

  LOCK (self);
  if (!store_tx_begin (self, error))
    return FALSE;
  {
    g_autoptr(HashiyaStmt) stmt =
      store_prepare (self, "INSERT INTO gazetteer_lists (name, data, added_at) VALUES (?1, ?2, ?3) "
                           "ON CONFLICT (name) DO UPDATE SET data = ?2, added_at = ?3", error);
    if (stmt != NULL)
      {
        sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 2, copy, -1, SQLITE_STATIC);
        sqlite3_bind_int64 (stmt, 3, store_now_seconds ());
        ok = store_step_done (self, stmt, _("saving a gazetteer"), error);
      }
  }
  return store_tx_finish (self, ok, error);
}

gboolean
hashiya_store_remove_gazetteer (HashiyaStore  *self,
                                const char    *name,
                                GError       **error)
{
  gboolean ok = FALSE;

  g_return_val_if_fail (HASHIYA_IS_STORE (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  LOCK (self);

  if (!store_tx_begin (self, error))
    return FALSE;
  {
    g_autoptr(HashiyaStmt) stmt =
      store_prepare (self, "DELETE FROM gazetteer_lists WHERE name = ?", error);
    if (stmt != NULL)
      {
        sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
        ok = store_step_done (self, stmt, _("removing a gazetteer"), error);
        ok = store_require_change (self, ok, error, _("no gazetteer “%s” in the project"), name);
      }
  }
  return store_tx_finish (self, ok, error);
}

GPtrArray *
hashiya_store_list_gazetteers (HashiyaStore  *self,
                               GPtrArray    **data_out,
                               GError       **error)
{
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GPtrArray) datas = NULL;
  int rc;

  g_return_val_if_fail (HASHIYA_IS_STORE (self), NULL);
  LOCK (self);
  g_autoptr(HashiyaStmt) stmt = NULL;

  if (!store_check_open (self, error))
    return NULL;
  stmt = store_prepare (self, "SELECT name, data FROM gazetteer_lists ORDER BY name", error);
  if (stmt == NULL)
    return NULL;
  names = g_ptr_array_new_with_free_func (g_free);
  datas = g_ptr_array_new_with_free_func (g_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_ptr_array_add (names, store_column_strdup (stmt, 0));
      if (data_out != NULL)
        g_ptr_array_add (datas, store_column_strdup (stmt, 1));
    }
  if (rc != SQLITE_DONE)
    {
      store_set_sqlite_error (self->db, rc, _("reading gazetteers"), error);
      return NULL;
    }
  if (data_out != NULL)
    *data_out = g_steal_pointer (&datas);
  return g_steal_pointer (&names);
}

/* ---- confirmed spans ---------------------------------------------------------- */

typedef struct
{
  gint64  doc_id;
  gint64  start;
  gint64  end;
  char   *label;
} Confirmed;

static void
confirmed_clear (gpointer p)
{
  g_free (((Confirmed *) p)->label);
}

gboolean
hashiya_store_foreach_confirmed_span (HashiyaStore         *self,
                                      const char           *annotator,
                                      HashiyaConfirmedFunc  func,
                                      gpointer              user_data,
                                      GError              **error)
{
  g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (Confirmed));
  g_autoptr(HashiyaText) text = NULL;
  int rc;

  g_return_val_if_fail (HASHIYA_IS_STORE (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);
  g_array_set_clear_func (rows, confirmed_clear);
  LOCK (self);

  if (!store_check_open (self, error))
    return FALSE;
  {
    g_autoptr(HashiyaStmt) stmt =
      store_prepare (self, "SELECT s.doc_id, s.start, s.\"end\", l.name "
                           "FROM spans s JOIN labels l ON l.id = s.label_id "
                           "JOIN annotators a ON a.id = s.annotator_id "
                           "WHERE (s.origin = 'manual' OR s.origin LIKE 'suggested:%') "
                           "AND (?1 IS NULL OR a.name = ?1) ORDER BY s.doc_id", error);
    if (stmt == NULL)
      return FALSE;
    store_bind_text_or_null (stmt, 1, annotator);
    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
      {
        Confirmed c = { sqlite3_column_int64 (stmt, 0), sqlite3_column_int64 (stmt, 1),
                        sqlite3_column_int64 (stmt, 2), store_column_strdup (stmt, 3) };

        g_array_append_val (rows, c);
      }
    if (rc != SQLITE_DONE)
      {
        store_set_sqlite_error (self->db, rc, _("reading confirmed spans"), error);
        return FALSE;
      }
  }
  /* each document's text once, sliced through its offset index (SQL's substr walks the
   * text from its start for every span: minutes for a long article with many spans) */
  for (guint i = 0; i < rows->len; i++)
    {
      const Confirmed *c = &g_array_index (rows, Confirmed, i);
      g_autofree char *slice = NULL;

      if (i == 0 || c->doc_id != g_array_index (rows, Confirmed, i - 1).doc_id)
        {
          g_clear_pointer (&text, hashiya_text_unref);
          text = hashiya_store_read_text (self, c->doc_id, error);
          if (text == NULL)
            return FALSE;
        }
      if (c->end > (gint64) hashiya_text_get_length (text))
        continue;
      slice = hashiya_text_slice (text, c->start, c->end);
      func (slice, c->label, user_data);
    }
  return TRUE;
}
