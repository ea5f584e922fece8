/* hashiya-store-team.c: schema 2 (provenance of adjudicated items) and the team queries of the store
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A row of `provenance` records one decision of an adjudication layer (an annotator name
 * such as "gold") in a document: a span region [start, end) (comment_index 0) or a comment
 * (comment_index >= 1, start = end = 0). The gold spans inside a region and the gold
 * judgement of a comment are ordinary spans and judgements of the layer; the row says how
 * they came about: which annotators' versions equal it, who decided and how.
 */
#include "config.h"

#include "hashiya-store-private.h"

#include <inttypes.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

/* Migration 2 (run by the migration list of hashiya-store.c). */
const char store_migration_2[] =
  "CREATE TABLE provenance ("
  "  doc_id        INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,"
  "  layer_id      INTEGER NOT NULL REFERENCES annotators (id),"
  "  start         INTEGER NOT NULL DEFAULT 0,"
  "  \"end\"         INTEGER NOT NULL DEFAULT 0,"
  "  comment_index INTEGER NOT NULL DEFAULT 0,"
  "  choice        TEXT NOT NULL,"
  "  chosen        TEXT,"
  "  agreed        TEXT NOT NULL DEFAULT '[]',"
  "  decided_by    TEXT NOT NULL,"
  "  decided_at    INTEGER NOT NULL,"
  "  PRIMARY KEY (doc_id, layer_id, start, \"end\", comment_index),"
  "  CHECK ((comment_index = 0 AND start >= 0 AND start < \"end\")"
  "      OR (comment_index > 0 AND start = 0 AND \"end\" = 0)));";

static const char * const choice_names[] = { "auto", "accept", "none", "edited" };

const char *
hashiya_adjudication_choice_to_string (HashiyaAdjudicationChoice choice)
{
  g_return_val_if_fail (choice < G_N_ELEMENTS (choice_names), NULL);
  return choice_names[choice];
}

gboolean
hashiya_adjudication_choice_from_string (const char                *str,
                                         HashiyaAdjudicationChoice *choice)
{
  for (guint i = 0; str != NULL && i < G_N_ELEMENTS (choice_names); i++)
    if (g_str_equal (str, choice_names[i]))
      {
        *choice = i;
        return TRUE;
      }
  return FALSE;
}

HashiyaProvenance *
hashiya_provenance_copy (const HashiyaProvenance *p)
{
  HashiyaProvenance *copy;

  g_return_val_if_fail (p != NULL, NULL);
  copy = g_new (HashiyaProvenance, 1);
  *copy = *p;
  copy->layer = g_strdup (p->layer);
  copy->chosen = g_strdup (p->chosen);
  copy->agreed = g_strdupv (p->agreed);
  copy->decided_by = g_strdup (p->decided_by);
  return copy;
}

void
hashiya_provenance_free (HashiyaProvenance *p)
{
  if (p == NULL)
    return;
  g_free (p->layer);
  g_free (p->chosen);
  g_strfreev (p->agreed);
  g_free (p->decided_by);
  g_free (p);
}

static char *
names_to_json (char **names)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_array (builder);
  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    json_builder_add_string_value (builder, names[i]);
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (gen, root);
  return json_generator_to_data (gen, NULL);
}

static char **
names_from_json (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  JsonNode *root;

  if (json != NULL && json_parser_load_from_data (parser, json, -1, NULL)
      && (root = json_parser_get_root (parser)) != NULL && JSON_NODE_HOLDS_ARRAY (root))
    {
      JsonArray *array = json_node_get_array (root);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          const char *s = json_array_get_string_element (array, i);
          if (s != NULL)
            g_ptr_array_add (names, g_strdup (s));
        }
    }
  g_ptr_array_add (names, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&names), FALSE);
}

static gboolean
check_schema (HashiyaStore  *self,
              GError       **error)
{
  if (!store_check_open (self, error))
    return FALSE;
  if (self->schema_version < 2)
    {
      g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_INVALID,
                   _("%s has schema %d, which cannot hold adjudications"),
                   self->path, self->schema_version);
      return FALSE;
    }
  return TRUE;
}

/* Inside a transaction: the id of annotator name, added when new. 0 on error. */
static gint64
layer_id (HashiyaStore  *self,
          const char    *name,
          GError       **error)
{
  g_autoptr(HashiyaStmt) stmt = NULL;
  int rc;

  if (name == NULL || *name == '\0' || !g_utf8_validate (name, -1, NULL))
    {
      g_set_error_literal (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_INVALID,
                           _("an annotator name must be non-empty UTF-8"));
      return 0;
    }
  stmt = store_prepare (self, "INSERT OR IGNORE INTO annotators (name) VALUES (?)", error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  if (!store_step_done (self, stmt, _("adding an annotator"), error))
    return 0;
  hashiya_stmt_release (stmt);
  stmt = store_prepare (self, "SELECT id FROM annotators WHERE name = ?", error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  rc = store_step_row (self, stmt, _("looking up an annotator"), error);
  if (rc != SQLITE_ROW)
    return 0;
  return sqlite3_column_int64 (stmt, 0);
}

gboolean
hashiya_store_set_provenance (HashiyaStore             *self,
                              const HashiyaProvenance  *p,
                              GError                  **error)
{
  gboolean ok = FALSE;
  gint64 lid;

  g_return_val_if_fail (HASHIYA_IS_STORE (self), FALSE);
  g_return_val_if_fail (p != NULL && p->layer != NULL && p->decided_by != NULL, FALSE);
  LOCK (self);

  if (!check_schema (self, error))
    return FALSE;
  if ((p->comment_index == 0 && (p->start < 0 || p->start >= p->end))
      || p->comment_index < 0 || (p->comment_index > 0 && (p->start != 0 || p->end != 0)))
    {
      g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_INVALID,
                   _("an adjudicated item is a range %" PRId64 "-%" PRId64
                     " or a comment, not both or neither (comment %d)"),
                   p->start, p->end, p->comment_index);
      return FALSE;
    }
  if (!store_tx_begin (self, error))
    return FALSE;
  if ((lid = layer_id (self, p->layer, error)) != 0)
    {
      g_autoptr(HashiyaStmt) stmt =
        store_prepare (self, "INSERT OR REPLACE INTO provenance (doc_id, layer_id, start, \"end\", "
                             "comment_index, choice, chosen, agreed, decided_by, decided_at) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
      if (stmt != NULL)
        {
          g_autofree char *agreed = names_to_json (p->agreed);

          sqlite3_bind_int64 (stmt, 1, p->doc_id);
          sqlite3_bind_int64 (stmt, 2, lid);
          sqlite3_bind_int64 (stmt, 3, p->start);
          sqlite3_bind_int64 (stmt, 4, p->end);
          sqlite3_bind_int (stmt, 5, p->comment_index);
          sqlite3_bind_text (stmt, 6, hashiya_adjudication_choice_to_string (p->choice), -1,
                             SQLITE_STATIC);
          store_bind_text_or_null (stmt, 7, p->chosen);
          sqlite3_bind_text (stmt, 8, agreed, -1, SQLITE_TRANSIENT);
          sqlite3_bind_text (stmt, 9, p->decided_by, -1, SQLITE_STATIC);
          sqlite3_bind_int64 (stmt, 10, p->decided_at > 0 ? p->decided_at
                                                          : g_get_real_time () / G_USEC_PER_SEC);
          ok = store_step_done (self, stmt, _("saving an adjudication"), error);
        }
    }
  return store_tx_finish (self, ok, error);
}

gboolean
hashiya_store_remove_provenance (HashiyaStore  *self,
                                 gint64         doc_id,
                                 const char    *layer,
                                 gint64         start,
                                 gint64         end,
                                 int            comment_index,
                                 GError       **error)
{
  gboolean ok = FALSE;

  g_return_val_if_fail (HASHIYA_IS_STORE (self), FALSE);
  g_return_val_if_fail (layer != NULL, FALSE);
  LOCK (self);

  if (!check_schema (self, error) || !store_tx_begin (self, error))
    return FALSE;
  {
    g_autoptr(HashiyaStmt) stmt =
      store_prepare (self, "DELETE FROM provenance WHERE doc_id = ? AND start = ? AND \"end\" = ? "
                           "AND comment_index = ? AND layer_id = "
                           "(SELECT id FROM annotators WHERE name = ?)", error);
    if (stmt != NULL)
      {
        sqlite3_bind_int64 (stmt, 1, doc_id);
        sqlite3_bind_int64 (stmt, 2, start);
        sqlite3_bind_int64 (stmt, 3, end);
        sqlite3_bind_int (stmt, 4, comment_index);
        sqlite3_bind_text (stmt, 5, layer, -1, SQLITE_STATIC);
        ok = store_step_done (self, stmt, _("removing an adjudication"), error);
      }
  }
  return store_tx_finish (self, ok, error);
}

#define PROVENANCE_SELECT \
  "SELECT p.doc_id, a.name, p.start, p.\"end\", p.comment_index, p.choice, p.chosen, " \
  "p.agreed, p.decided_by, p.decided_at FROM provenance p JOIN annotators a ON a.id = p.layer_id "

static HashiyaProvenance *
provenance_from_row (sqlite3_stmt *stmt)
{
  HashiyaProvenance *p = g_new0 (HashiyaProvenance, 1);

  p->doc_id = sqlite3_column_int64 (stmt, 0);
  p->layer = store_column_strdup (stmt, 1);
  p->start = sqlite3_column_int64 (stmt, 2);
  p->end = sqlite3_column_int64 (stmt, 3);
  p->comment_index = sqlite3_column_int (stmt, 4);
  if (!hashiya_adjudication_choice_from_string ((const char *) sqlite3_column_text (stmt, 5),
                                                &p->choice))
    p->choice = HASHIYA_ADJUDICATION_EDITED;
  p->chosen = store_column_strdup (stmt, 6);
  p->agreed = names_from_json ((const char *) sqlite3_column_text (stmt, 7));
  p->decided_by = store_column_strdup (stmt, 8);
  p->decided_at = sqlite3_column_int64 (stmt, 9);
  return p;
}

static GPtrArray *
collect_provenance (HashiyaStore  *self,
                    HashiyaStmt   *stmt,
                    GError       **error)
{
  g_autoptr(GPtrArray) list =
    g_ptr_array_new_with_free_func ((GDestroyNotify) hashiya_provenance_free);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (list, provenance_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      store_set_sqlite_error (self->db, rc, _("reading adjudications"), error);
      return NULL;
    }
  return g_steal_pointer (&list);
}

GPtrArray *
hashiya_store_list_provenance (HashiyaStore  *self,
                               gint64         doc_id,
                               const char    *layer,
                               GError       **error)
{
  g_return_val_if_fail (HASHIYA_IS_STORE (self), NULL);
  LOCK (self);
  g_autoptr(HashiyaStmt) stmt = NULL;

  if (!check_schema (self, error))
    return NULL;
  stmt = store_prepare (self, PROVENANCE_SELECT "WHERE p.doc_id = ?1 AND (?2 IS NULL OR a.name = ?2) "
                              "ORDER BY a.name, p.comment_index, p.start, p.\"end\"", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, doc_id);
  store_bind_text_or_null (stmt, 2, layer);
  return collect_provenance (self, stmt, error);
}

HashiyaProvenance *
hashiya_store_get_span_provenance (HashiyaStore  *self,
                                   gint64         span_id,
                                   GError       **error)
{
  int rc;

  g_return_val_if_fail (HASHIYA_IS_STORE (self), NULL);
  LOCK (self);
  g_autoptr(HashiyaStmt) stmt = NULL;

  if (!check_schema (self, error))
    return NULL;
  /* the narrowest region of the span's own layer that holds it */
  stmt = store_prepare (self, PROVENANCE_SELECT "JOIN spans s ON s.doc_id = p.doc_id "
                              "AND s.annotator_id = p.layer_id AND p.comment_index = 0 "
                              "AND p.start <= s.start AND s.\"end\" <= p.\"end\" "
                              "WHERE s.id = ? ORDER BY p.\"end\" - p.start LIMIT 1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, span_id);
  rc = store_step_row (self, stmt, _("reading an adjudication"), error);
  if (rc == SQLITE_ROW)
    return provenance_from_row (stmt);
  return NULL;
}

HashiyaProvenance *
hashiya_store_get_judgement_provenance (HashiyaStore  *self,
                                        gint64         doc_id,
                                        int            comment_index,
                                        const char    *layer,
                                        GError       **error)
{
  int rc;

  g_return_val_if_fail (HASHIYA_IS_STORE (self), NULL);
  g_return_val_if_fail (layer != NULL, NULL);
  LOCK (self);
  g_autoptr(HashiyaStmt) stmt = NULL;

  if (!check_schema (self, error))
    return NULL;
  stmt = store_prepare (self, PROVENANCE_SELECT "WHERE p.doc_id = ? AND p.comment_index = ? "
                              "AND a.name = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, doc_id);
  sqlite3_bind_int (stmt, 2, comment_index);
  sqlite3_bind_text (stmt, 3, layer, -1, SQLITE_STATIC);
  rc = store_step_row (self, stmt, _("reading an adjudication"), error);
  if (rc == SQLITE_ROW)
    return provenance_from_row (stmt);
  return NULL;
}

static GPtrArray *
list_names (HashiyaStore  *self,
            const char    *sql,
            GError       **error)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(HashiyaStmt) stmt = store_prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (names, store_column_strdup (stmt, 0));
  if (rc != SQLITE_DONE)
    {
      store_set_sqlite_error (self->db, rc, _("reading annotators"), error);
      return NULL;
    }
  return g_steal_pointer (&names);
}

GPtrArray *
hashiya_store_list_layers (HashiyaStore  *self,
                           GError       **error)
{
  g_return_val_if_fail (HASHIYA_IS_STORE (self), NULL);
  LOCK (self);

  if (!check_schema (self, error))
    return NULL;
  return list_names (self, "SELECT name FROM annotators WHERE id IN "
                           "(SELECT layer_id FROM provenance) ORDER BY name", error);
}

GPtrArray *
hashiya_store_list_annotators (HashiyaStore  *self,
                               GError       **error)
{
  g_return_val_if_fail (HASHIYA_IS_STORE (self), NULL);
  LOCK (self);

  if (!store_check_open (self, error))
    return NULL;
  return list_names (self, "SELECT name FROM annotators WHERE id IN "
                           "(SELECT annotator_id FROM spans UNION "
                           "SELECT annotator_id FROM judgements) ORDER BY name", error);
}
