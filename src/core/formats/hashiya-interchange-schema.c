/* hashiya-interchange-schema.c: judgement schema fields and reply links in the interchange formats
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "hashiya-interchange-schema.h"

static void
emit_one (const HashiyaField *field,
          const char         *name,
          const HashiyaJudgement *j,
          HashiyaIxValueFunc  emit,
          HashiyaIxValueFunc  lost,
          gpointer            data)
{
  const char *v = hashiya_judgement_get_value (j, name);

  if (v == NULL || *v == '\0')
    return;
  if (field != NULL && field->kind == HASHIYA_FIELD_TEXT)
    {
      lost (name, v, data);
      return;
    }
  if (field != NULL && field->kind != HASHIYA_FIELD_MULTI)
    {
      emit (name, v, data);
      return;
    }
  /* multi choice, or no schema: one per choice; a value that is no choice list (free text
   * without a schema to say so) is lost */
  {
    g_auto(GStrv) parts = hashiya_judgement_get_choices (j, name);

    for (guint i = 0; parts[i] != NULL; i++)
      if (!hashiya_field_name_is_valid (parts[i]) && field == NULL)
        {
          lost (name, v, data);
          return;
        }
    for (guint i = 0; parts[i] != NULL; i++)
      emit (name, parts[i], data);
  }
}

void
hashiya_ix_foreach_custom_value (const HashiyaJudgementSchema *schema,
                                 const HashiyaJudgement       *j,
                                 HashiyaIxValueFunc            emit,
                                 HashiyaIxValueFunc            lost,
                                 gpointer                      data)
{
  if (j->values == NULL || g_hash_table_size (j->values) == 0)
    return;
  if (schema != NULL)
    {
      for (guint i = 0; i < schema->fields->len; i++)
        {
          const HashiyaField *f = g_ptr_array_index (schema->fields, i);

          if (!hashiya_field_name_is_builtin (f->name))
            emit_one (f, f->name, j, emit, lost, data);
        }
      return;
    }
  {
    g_autoptr(GList) keys = g_list_sort (g_hash_table_get_keys (j->values), (GCompareFunc) strcmp);

    for (GList *l = keys; l != NULL; l = l->next)
      emit_one (NULL, l->data, j, emit, lost, data);
  }
}

gboolean
hashiya_ix_add_custom_value (HashiyaJudgement *j,
                             const char       *field,
                             const char       *value)
{
  const char *old;

  if (!hashiya_field_name_is_valid (field) || hashiya_field_name_is_builtin (field))
    return FALSE;
  old = hashiya_judgement_get_value (j, field);
  if (old != NULL && *old != '\0')
    {
      g_autofree char *joined = NULL;

      if (hashiya_judgement_has_choice (j, field, value))
        return TRUE;
      joined = g_strconcat (old, ",", value, NULL);
      return hashiya_judgement_set_value (j, field, joined, NULL);
    }
  return hashiya_judgement_set_value (j, field, value, NULL);
}

void
hashiya_ix_add_parents (JsonBuilder *b,
                        GArray      *segments)
{
  gboolean any = FALSE;

  for (guint i = 0; i < segments->len && !any; i++)
    any = g_array_index (segments, HashiyaSegment, i).parent_index > 0;
  if (!any)
    return;
  json_builder_set_member_name (b, "parent");
  json_builder_begin_object (b);
  for (guint i = 0; i < segments->len; i++)
    {
      const HashiyaSegment *s = &g_array_index (segments, HashiyaSegment, i);
      char key[16];

      if (s->kind != HASHIYA_SEGMENT_COMMENT || s->parent_index <= 0)
        continue;
      g_snprintf (key, sizeof key, "%d", s->comment_index);
      json_builder_set_member_name (b, key);
      json_builder_add_int_value (b, s->parent_index);
    }
  json_builder_end_object (b);
}

gboolean
hashiya_ix_read_parents (JsonObject *meta,
                         const char *where,
                         GArray     *segments,
                         GError    **error)
{
  JsonNode *n = meta != NULL ? json_object_get_member (meta, "parent") : NULL;
  JsonObject *o;
  g_autoptr(GList) members = NULL;

  if (n == NULL || JSON_NODE_HOLDS_NULL (n))
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (n))
    {
      g_set_error (error, HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_SYNTAX,
                   _("%s: meta.parent is not an object of comment numbers"), where);
      return FALSE;
    }
  o = json_node_get_object (n);
  members = json_object_get_members (o);
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *key = l->data;
      JsonNode *v = json_object_get_member (o, key);
      char *end = NULL;
      long comment = strtol (key, &end, 10);
      gint64 parent = -1;
      HashiyaSegment *seg = NULL;
      int number = 0;

      if (v != NULL && JSON_NODE_HOLDS_VALUE (v) && json_node_get_value_type (v) == G_TYPE_INT64)
        parent = json_node_get_int (v);
      for (guint i = 0; i < segments->len && end != key && *end == '\0'; i++)
        if (g_array_index (segments, HashiyaSegment, i).kind == HASHIYA_SEGMENT_COMMENT
            && ++number == comment)
          seg = &g_array_index (segments, HashiyaSegment, i);
      if (seg == NULL || parent < 0 || parent >= comment)
        {
          g_set_error (error, HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_DATA,
                       _("%s: meta.parent “%s”: a reply must be one of the document's comments "
                         "and its parent an earlier comment"), where, key);
          return FALSE;
        }
      seg->parent_index = (int) parent;
    }
  return TRUE;
}

gboolean
hashiya_ix_split_cat (const char *cat,
                      int        *comment,
                      char      **field,
                      char      **value)
{
  const char *p, *slash, *eq;
  char *end = NULL;
  long c;

  if (!g_str_has_prefix (cat, "comment-"))
    return FALSE;
  p = cat + strlen ("comment-");
  c = strtol (p, &end, 10);
  if (end == p || c <= 0 || c > G_MAXINT || *end != '/')
    return FALSE;
  slash = end;
  eq = strchr (slash, '=');
  if (eq == NULL || eq == slash + 1 || eq[1] == '\0')
    return FALSE;
  for (const char *q = slash + 1; q < eq; q++)
    if (!g_ascii_islower (*q) && !g_ascii_isdigit (*q) && *q != '_' && *q != '-')
      return FALSE;
  *comment = (int) c;
  *field = g_strndup (slash + 1, eq - slash - 1);
  *value = g_strdup (eq + 1);
  return TRUE;
}

char *
hashiya_ix_judgement_field_list (const HashiyaJudgementSchema *schema,
                                 const HashiyaJudgement       *j)
{
  static const char * const builtin[] = { "sentiment", "offensive", "hate_speech", "decision", "note" };
  GString *s = g_string_new (NULL);

  if (schema != NULL)
    {
      g_autoptr(GPtrArray) set = hashiya_judgement_schema_set_fields (schema, j);

      for (guint i = 0; i < set->len; i++)
        g_string_append_printf (s, "%s%s", i ? ", " : "", (const char *) g_ptr_array_index (set, i));
      return g_string_free (s, FALSE);
    }
  for (guint i = 0; i < G_N_ELEMENTS (builtin); i++)
    if (hashiya_judgement_get_value (j, builtin[i]) != NULL)
      g_string_append_printf (s, "%s%s", s->len ? ", " : "", builtin[i]);
  if (j->values != NULL)
    {
      g_autoptr(GList) keys = g_list_sort (g_hash_table_get_keys (j->values), (GCompareFunc) strcmp);

      for (GList *l = keys; l != NULL; l = l->next)
        if (hashiya_judgement_get_value (j, l->data) != NULL)
          g_string_append_printf (s, "%s%s", s->len ? ", " : "", (const char *) l->data);
    }
  return g_string_free (s, FALSE);
}

void
hashiya_ix_report_replies (HashiyaExportReport   *report,
                           const HashiyaDocument *doc,
                           GArray                *segments,
                           const char            *format)
{
  for (guint i = 0; i < segments->len; i++)
    {
      const HashiyaSegment *seg = &g_array_index (segments, HashiyaSegment, i);

      if (seg->kind == HASHIYA_SEGMENT_COMMENT && seg->parent_index > 0)
        hashiya_export_report_add_range (report, HASHIYA_LOSS_NO_FIELD, doc->id, doc->source, seg,
                                         _("comment %d replies to comment %d: %s has no field "
                                           "for reply links"), seg->comment_index,
                                         seg->parent_index, format);
    }
}
