/* hashiya-store-values.c: custom judgement values (per field) and reply links between comments
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "hashiya-store-private.h"
#include "hashiya-store-schema.h"

#include <inttypes.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <sqlite3.h>

/* ---- custom values --------------------------------------------------------- */

gboolean
store_save_values (HashiyaStore            *self,
                   const HashiyaJudgement  *j,
                   gint64                   annotator_id,
                   GError                 **error)
{
  {
    g_autoptr(HashiyaStmt) stmt =
      store_prepare (self, "DELETE FROM judgement_values "
                           "WHERE doc_id = ? AND comment_index = ? AND annotator_id = ?", error);
    if (stmt == NULL)
      return FALSE;
    sqlite3_bind_int64 (stmt, 1, j->doc_id);
    sqlite3_bind_int (stmt, 2, j->comment_index);
    sqlite3_bind_int64 (stmt, 3, annotator_id);
    if (!store_step_done (self, stmt, _("saving a judgement"), error))
      return FALSE;
  }
  if (j->values == NULL)
    return TRUE;
  {
    GHashTableIter iter;
    gpointer k, v;

    g_hash_table_iter_init (&iter, j->values);
    while (g_hash_table_iter_next (&iter, &k, &v))
      {
        g_auto(GStrv) parts = NULL;

        if (v == NULL || *(const char *) v == '\0')
          continue;
        /* one row per choice of a multi-choice value; a text value is one row whole */
        parts = strchr (v, ',') != NULL && store_field_is_multi (self, k)
                ? g_strsplit (v, ",", -1) : g_strsplit (v, "\x01", 1);
        for (char **p = parts; *p; p++)
          {
            g_autoptr(HashiyaStmt) stmt =
              store_prepare (self, "INSERT OR IGNORE INTO judgement_values "
                                   "(doc_id, comment_index, annotator_id, field, value) "
                                   "VALUES (?, ?, ?, ?, ?)", error);
            if (stmt == NULL)
              return FALSE;
            sqlite3_bind_int64 (stmt, 1, j->doc_id);
            sqlite3_bind_int (stmt, 2, j->comment_index);
            sqlite3_bind_int64 (stmt, 3, annotator_id);
            sqlite3_bind_text (stmt, 4, k, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text (stmt, 5, *p, -1, SQLITE_TRANSIENT);
            if (!store_step_done (self, stmt, _("saving a judgement"), error))
              return FALSE;
          }
      }
  }
  return TRUE;
}

gboolean
store_field_is_multi (HashiyaStore *self,
                      const char   *field)
{
  g_autoptr(HashiyaStmt) stmt =
    store_prepare (self, "SELECT 1 FROM judgement_fields WHERE name = ? AND kind = 'multi'", NULL);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, field, -1, SQLITE_TRANSIENT);
  return sqlite3_step (stmt) == SQLITE_ROW;
}

/* Adds the custom values of annotator_id's judgements of doc_id (comment_index 0: every
 * comment) to the judgements in list (matched by comment and annotator id, in ids). Multi
 * values are joined in the schema's choice order. */
gboolean
store_load_values (HashiyaStore  *self,
                   gint64         doc_id,
                   int            comment_index,
                   GPtrArray     *list,
                   GArray        *annotator_ids,
                   GError       **error)
{
  g_autoptr(HashiyaStmt) stmt =
    store_prepare (self, "SELECT v.comment_index, v.annotator_id, v.field, v.value "
                         "FROM judgement_values v "
                         "LEFT JOIN judgement_fields f ON f.name = v.field "
                         "LEFT JOIN judgement_choices c ON c.field = v.field AND c.name = v.value "
                         "WHERE v.doc_id = ?1 AND (?2 = 0 OR v.comment_index = ?2) "
                         "ORDER BY v.comment_index, v.annotator_id, f.position, c.position", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, doc_id);
  sqlite3_bind_int (stmt, 2, comment_index);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      int ci = sqlite3_column_int (stmt, 0);
      gint64 aid = sqlite3_column_int64 (stmt, 1);
      const char *field = (const char *) sqlite3_column_text (stmt, 2);
      const char *value = (const char *) sqlite3_column_text (stmt, 3);

      for (guint i = 0; i < list->len; i++)
        {
          HashiyaJudgement *j = g_ptr_array_index (list, i);
          const char *old;

          if (j->comment_index != ci || g_array_index (annotator_ids, gint64, i) != aid)
            continue;
          if (j->values == NULL)
            j->values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
          old = g_hash_table_lookup (j->values, field);
          if (old != NULL)
            g_hash_table_insert (j->values, g_strdup (field), g_strconcat (old, ",", value, NULL));
          else
            g_hash_table_insert (j->values, g_strdup (field), g_strdup (value));
          break;
        }
    }
  if (rc != SQLITE_DONE)
    {
      store_set_sqlite_error (self->db, rc, _("reading judgements"), error);
      return FALSE;
    }
  return TRUE;
}

gboolean
store_check_judgement (HashiyaStore            *self,
                       const HashiyaJudgement  *j,
                       GError                 **error)
{
  g_autoptr(HashiyaJudgementSchema) schema = store_load_schema (self, error);
  g_autoptr(GError) local = NULL;

  if (schema == NULL)
    return FALSE;
  if (!hashiya_judgement_schema_check_judgement (schema, j, &local))
    {
      g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_INVALID,
                   _("judgement of comment %d in document %" PRId64 ": %s"),
                   j->comment_index, j->doc_id, local->message);
      return FALSE;
    }
  return TRUE;
}

gboolean
hashiya_store_set_judgement_value (HashiyaStore  *self,
                                   gint64         doc_id,
                                   int            comment_index,
                                   const char    *annotator,
                                   const char    *field,
                                   const char    *value,
                                   GError       **error)
{
  g_autoptr(HashiyaJudgement) j = NULL;
  g_autoptr(HashiyaJudgementSchema) schema = NULL;
  g_autofree char *canonical = NULL;
  GError *local = NULL;
  const HashiyaField *f;
  gboolean ok = FALSE;

  g_return_val_if_fail (HASHIYA_IS_STORE (self), FALSE);
  g_return_val_if_fail (field != NULL, FALSE);
  LOCK (self);

  if (!store_tx_begin (self, error))
    return FALSE;
  schema = store_load_schema (self, error);
  if (schema == NULL)
    goto out;
  f = hashiya_judgement_schema_lookup (schema, field);
  if (f == NULL)
    {
      g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_NOT_FOUND,
                   _("the judgement schema has no field “%s”"), field);
      goto out;
    }
  if (value != NULL && *value != '\0' && !hashiya_field_check_value (f, value, &canonical, error))
    {
      store_schema_to_store_error (error);
      goto out;
    }
  j = hashiya_store_get_judgement (self, doc_id, comment_index, annotator, &local);
  if (local != NULL)
    {
      g_propagate_error (error, local);
      goto out;
    }
  if (j == NULL)
    j = hashiya_judgement_new (doc_id, comment_index, store_default_annotator (annotator));
  if (!hashiya_judgement_set_value (j, field, canonical, error))
    {
      store_schema_to_store_error (error);
      goto out;
    }
  if (hashiya_judgement_is_empty (j))
    ok = hashiya_store_clear_judgement (self, doc_id, comment_index, annotator, error);
  else
    ok = hashiya_store_set_judgement (self, j, error);
out:
  return store_tx_finish (self, ok, error);
}

/* ---- reply links ----------------------------------------------------------- */

gboolean
hashiya_store_set_comment_parent (HashiyaStore  *self,
                                  gint64         doc_id,
                                  int            comment_index,
                                  int            parent_index,
                                  GError       **error)
{
  g_autoptr(GArray) segs = NULL;
  int n_comments = 0;
  gboolean ok = FALSE;

  g_return_val_if_fail (HASHIYA_IS_STORE (self), FALSE);
  LOCK (self);

  if (!store_tx_begin (self, error))
    return FALSE;
  segs = hashiya_store_get_segments (self, doc_id, error);
  if (segs == NULL)
    goto out;
  for (guint i = 0; i < segs->len; i++)
    if (g_array_index (segs, HashiyaSegment, i).comment_index > 0)
      n_comments++;
  if (comment_index < 1 || comment_index > n_comments)
    {
      g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_NOT_FOUND,
                   _("document %" PRId64 " has no comment %d (it has %d comment%s)"),
                   doc_id, comment_index, n_comments, n_comments == 1 ? "" : "s");
      goto out;
    }
  if (parent_index < 0 || parent_index > n_comments)
    {
      g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_NOT_FOUND,
                   _("document %" PRId64 " has no comment %d (it has %d comment%s)"),
                   doc_id, parent_index, n_comments, n_comments == 1 ? "" : "s");
      goto out;
    }
  if (parent_index >= comment_index)
    {
      g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_INVALID,
                   _("comment %d cannot reply to comment %d: a reply answers an earlier comment "
                     "(so that replies never go round in a cycle)"), comment_index, parent_index);
      goto out;
    }
  {
    g_autoptr(HashiyaStmt) stmt =
      store_prepare (self, "UPDATE segments SET parent = ? WHERE doc_id = ? AND comment_index = ?",
                     error);
    if (stmt == NULL)
      goto out;
    if (parent_index > 0)
      sqlite3_bind_int (stmt, 1, parent_index);
    else
      sqlite3_bind_null (stmt, 1);
    sqlite3_bind_int64 (stmt, 2, doc_id);
    sqlite3_bind_int (stmt, 3, comment_index);
    ok = store_step_done (self, stmt, _("saving a reply link"), error);
  }
out:
  return store_tx_finish (self, ok, error);
}
