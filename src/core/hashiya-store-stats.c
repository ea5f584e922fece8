/* hashiya-store-stats.c: the project's figures (hashiya-cli stats, the window's statistics)
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "hashiya-store-private.h"

#include <inttypes.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <sqlite3.h>

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
  rc = sqlite3_exec (self->db, self->depth ? "SAVEPOINT hashiya_stats" : "BEGIN", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      store_set_sqlite_error (self->db, rc, _("counting"), error);
      return NULL;
    }

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
