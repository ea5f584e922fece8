/* hashiya-judgement-schema-json.c: a judgement schema to and from JSON
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "hashiya-judgement-schema-json.h"

#include <glib/gi18n-lib.h>

JsonNode *
hashiya_judgement_schema_to_json (const HashiyaJudgementSchema *schema)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "fields");
  json_builder_begin_array (b);
  for (guint i = 0; i < schema->fields->len; i++)
    {
      const HashiyaField *f = g_ptr_array_index (schema->fields, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, f->name);
      json_builder_set_member_name (b, "title");
      json_builder_add_string_value (b, f->title);
      json_builder_set_member_name (b, "kind");
      json_builder_add_string_value (b, hashiya_field_kind_to_string (f->kind));
      if (f->key != NULL)
        {
          json_builder_set_member_name (b, "key");
          json_builder_add_string_value (b, f->key);
        }
      if (f->kind == HASHIYA_FIELD_SINGLE || f->kind == HASHIYA_FIELD_MULTI)
        {
          json_builder_set_member_name (b, "choices");
          json_builder_begin_array (b);
          for (guint c = 0; c < f->choices->len; c++)
            {
              const HashiyaChoice *ch = g_ptr_array_index (f->choices, c);

              json_builder_begin_object (b);
              json_builder_set_member_name (b, "name");
              json_builder_add_string_value (b, ch->name);
              json_builder_set_member_name (b, "title");
              json_builder_add_string_value (b, ch->title);
              if (ch->key != NULL)
                {
                  json_builder_set_member_name (b, "key");
                  json_builder_add_string_value (b, ch->key);
                }
              json_builder_set_member_name (b, "color");
              json_builder_add_string_value (b, ch->color);
              json_builder_end_object (b);
            }
          json_builder_end_array (b);
        }
      if (f->when_field != NULL)
        {
          json_builder_set_member_name (b, "when");
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "field");
          json_builder_add_string_value (b, f->when_field);
          json_builder_set_member_name (b, "value");
          json_builder_add_string_value (b, f->when_value);
          json_builder_end_object (b);
        }
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* A string member (NULL when absent or null); FALSE when present and not a string. */
static gboolean
string_member (JsonObject  *o,
               const char  *name,
               const char **out)
{
  JsonNode *n = json_object_get_member (o, name);

  *out = NULL;
  if (n == NULL || JSON_NODE_HOLDS_NULL (n))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING)
    return FALSE;
  *out = json_node_get_string (n);
  return TRUE;
}

#define BAD(...) \
  G_STMT_START { \
    g_set_error (error, HASHIYA_SCHEMA_ERROR, HASHIYA_SCHEMA_ERROR_INVALID, __VA_ARGS__); \
    return NULL; \
  } G_STMT_END

HashiyaJudgementSchema *
hashiya_judgement_schema_from_json (JsonNode  *node,
                                    GError   **error)
{
  g_autoptr(HashiyaJudgementSchema) schema = hashiya_judgement_schema_new ();
  JsonNode *fields;
  JsonArray *arr;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    BAD (_("the judgement schema must be an object with \"fields\""));
  fields = json_object_get_member (json_node_get_object (node), "fields");
  if (fields == NULL || !JSON_NODE_HOLDS_ARRAY (fields))
    BAD (_("the judgement schema's \"fields\" is missing or not an array"));
  arr = json_node_get_array (fields);
  for (guint i = 0; i < json_array_get_length (arr); i++)
    {
      JsonNode *fn = json_array_get_element (arr, i);
      JsonObject *fo;
      const char *name, *title, *kind, *key;
      HashiyaFieldKind k;
      HashiyaField *f;
      JsonNode *choices, *when;

      if (!JSON_NODE_HOLDS_OBJECT (fn))
        BAD (_("judgement schema field #%u must be an object"), i + 1);
      fo = json_node_get_object (fn);
      if (!string_member (fo, "name", &name) || !string_member (fo, "title", &title)
          || !string_member (fo, "kind", &kind) || !string_member (fo, "key", &key))
        BAD (_("judgement schema field #%u: \"name\", \"title\", \"kind\" and \"key\" are "
               "strings"), i + 1);
      if (name == NULL)
        BAD (_("judgement schema field #%u has no \"name\""), i + 1);
      if (!hashiya_field_kind_from_string (kind, &k))
        BAD (_("judgement schema field “%s”: \"kind\" is single, multi, yesno or text, not "
               "“%s”"), name, kind ? kind : "");
      f = hashiya_judgement_schema_add_field (schema, hashiya_field_new (name, title, k));
      f->key = g_strdup (key);
      choices = json_object_get_member (fo, "choices");
      if (choices != NULL && !JSON_NODE_HOLDS_NULL (choices))
        {
          JsonArray *carr;

          if (!JSON_NODE_HOLDS_ARRAY (choices))
            BAD (_("judgement schema field “%s”: \"choices\" must be an array"), name);
          carr = json_node_get_array (choices);
          for (guint c = 0; c < json_array_get_length (carr); c++)
            {
              JsonNode *cn = json_array_get_element (carr, c);
              const char *cname, *ctitle, *ckey, *color;

              if (!JSON_NODE_HOLDS_OBJECT (cn)
                  || !string_member (json_node_get_object (cn), "name", &cname)
                  || !string_member (json_node_get_object (cn), "title", &ctitle)
                  || !string_member (json_node_get_object (cn), "key", &ckey)
                  || !string_member (json_node_get_object (cn), "color", &color)
                  || cname == NULL)
                BAD (_("judgement schema field “%s”: choice #%u must be an object with a "
                       "\"name\" and string \"title\", \"key\", \"color\""), name, c + 1);
              hashiya_field_add_choice (f, hashiya_choice_new (cname, ctitle, ckey, color));
            }
        }
      when = json_object_get_member (fo, "when");
      if (when != NULL && !JSON_NODE_HOLDS_NULL (when))
        {
          const char *wf, *wv;

          if (!JSON_NODE_HOLDS_OBJECT (when)
              || !string_member (json_node_get_object (when), "field", &wf)
              || !string_member (json_node_get_object (when), "value", &wv)
              || wf == NULL || wv == NULL)
            BAD (_("judgement schema field “%s”: \"when\" must be {\"field\": …, \"value\": …}"),
                 name);
          hashiya_field_set_condition (f, wf, wv);
        }
    }
  if (!hashiya_judgement_schema_validate (schema, error))
    return NULL;
  return g_steal_pointer (&schema);
}

gboolean
hashiya_judgement_schema_is_default (const HashiyaJudgementSchema *schema)
{
  g_autoptr(HashiyaJudgementSchema) d = hashiya_judgement_schema_preset_untranslated ("default");

  return hashiya_judgement_schema_equal (schema, d);
}
