/* schema-project.c: makes a project with a custom judgement schema for the interchange tests
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * schema-project OUT.hashiya DATA_DIR [--empty]: a new project with the osact-2022 preset plus a free
 * text field "reason", the threaded article fixture (7 comments, replies nested) imported, one
 * span, and judgements by two annotators using every kind (multi-choice target, conditional on
 * hate_speech = yes; text with quotes, commas, a tab and a line feed); with --empty, the
 * schema only (a project to import exports into). Prints what the store
 * then holds, read back from it, as JSON on stdout:
 *   {"schema": [{"name", "kind", "choices": [...], "when": [field, value] | null}],
 *    "documents": [{"id", "source", "comments": [{"index", "parent", "text"}],
 *                   "judgements": [{"comment", "annotator", "values": {field: value}}]}]}
 * Built by the project's own core (the tests never depend on a fixture made by a schema
 * version that may still change).
 */
#include <stdio.h>
#include <stdlib.h>

#include <json-glib/json-glib.h>

#include "hashiya-import.h"
#include "hashiya-store-schema.h"

static void
die (const char *what, GError *error)
{
  g_printerr ("schema-project: %s: %s\n", what, error ? error->message : "failed");
  exit (1);
}

typedef struct
{
  int         comment;
  const char *annotator;
  const char *field;
  const char *value;
} Set;

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HashiyaStore) store = NULL;
  g_autoptr(HashiyaImportReport) report = NULL;
  g_autoptr(HashiyaField) reason = NULL;
  g_autoptr(HashiyaJudgementSchema) schema = NULL;
  g_autoptr(GPtrArray) docs = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *fixture = NULL;
  g_autofree char *out = NULL;
  HashiyaImportOptions options;
  gint64 doc_id;
  static const Set sets[] = {
    { 1, "amal", "offensive", "yes" },
    { 1, "amal", "hate_speech", "yes" },
    { 1, "amal", "target", "religion,race" },
    { 1, "amal", "vulgar", "no" },
    { 1, "amal", "reason", "says \"they\", all of them,\tthen\na new line" },
    { 1, "badr", "offensive", "yes" },
    { 1, "badr", "hate_speech", "no" },
    { 1, "badr", "vulgar", "yes" },
    { 2, "amal", "offensive", "no" },
    { 3, "amal", "hate_speech", "yes" },
    { 3, "amal", "target", "gender" },
    { 3, "amal", "violence", "yes" },
    { 5, "badr", "violence", "no" },
    { 5, "badr", "reason", "قال: \"لا\" ، ثم سكت" },
    { 7, "amal", "hate_speech", "yes" },
    { 7, "amal", "target", "race,religion,ideology,disability,social_class,gender" },
  };

  if (argc != 3 && !(argc == 4 && g_str_equal (argv[3], "--empty")))
    {
      g_printerr ("usage: schema-project OUT.hashiya DATA_DIR [--empty]\n");
      return 2;
    }
  store = hashiya_store_open (argv[1], TRUE, &error);
  if (store == NULL)
    die (argv[1], error);
  if (!hashiya_store_apply_schema_preset (store, "osact-2022", &error))
    die ("preset", error);
  reason = hashiya_field_new ("reason", "Reason", HASHIYA_FIELD_TEXT);
  if (!hashiya_store_schema_add_field (store, reason, -1, &error))
    die ("add field", error);

  if (argc == 4)   /* --empty: the schema only, to import into */
    goto print;

  fixture = g_build_filename (argv[2], "import-article-threads.txt", NULL);
  hashiya_import_options_init (&options);
  report = hashiya_import_report_new (fixture);
  if (!hashiya_import_file (store, fixture, &options, report, NULL, &error))
    die (fixture, error);
  doc_id = g_array_index (report->doc_ids, gint64, 0);
  /* "الحي الشمالي" in the title (code points 31-43 of the text); LOC is a default label */
  if (hashiya_store_add_span (store, doc_id, 31, 43, "LOC", "amal", "manual", &error) <= 0)
    die ("span", error);
  for (guint i = 0; i < G_N_ELEMENTS (sets); i++)
    if (!hashiya_store_set_judgement_value (store, doc_id, sets[i].comment, sets[i].annotator,
                                            sets[i].field, sets[i].value, &error))
      die (sets[i].field, error);

print:
  /* what the store holds, read back */
  schema = hashiya_store_get_judgement_schema (store, &error);
  if (schema == NULL)
    die ("schema", error);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "schema");
  json_builder_begin_array (b);
  for (guint i = 0; i < schema->fields->len; i++)
    {
      HashiyaField *f = g_ptr_array_index (schema->fields, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, f->name);
      json_builder_set_member_name (b, "kind");
      json_builder_add_string_value (b, hashiya_field_kind_to_string (f->kind));
      json_builder_set_member_name (b, "choices");
      json_builder_begin_array (b);
      for (guint c = 0; c < f->choices->len; c++)
        json_builder_add_string_value (b, ((HashiyaChoice *) g_ptr_array_index (f->choices, c))->name);
      json_builder_end_array (b);
      json_builder_set_member_name (b, "when");
      if (f->when_field != NULL)
        {
          json_builder_begin_array (b);
          json_builder_add_string_value (b, f->when_field);
          json_builder_add_string_value (b, f->when_value);
          json_builder_end_array (b);
        }
      else
        json_builder_add_null_value (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  docs = hashiya_store_list_documents (store, &error);
  if (docs == NULL)
    die ("documents", error);
  json_builder_set_member_name (b, "documents");
  json_builder_begin_array (b);
  for (guint d = 0; d < docs->len; d++)
    {
      HashiyaDocument *doc = g_ptr_array_index (docs, d);
      g_autoptr(GArray) segs = hashiya_store_get_segments (store, doc->id, &error);
      g_autoptr(HashiyaText) text = hashiya_store_get_text (store, doc->id, &error);
      g_autoptr(GPtrArray) js = hashiya_store_list_judgements (store, doc->id, &error);

      if (segs == NULL || text == NULL || js == NULL)
        die ("document", error);
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_int_value (b, doc->id);
      json_builder_set_member_name (b, "source");
      json_builder_add_string_value (b, doc->source);
      json_builder_set_member_name (b, "comments");
      json_builder_begin_array (b);
      for (guint i = 0; i < segs->len; i++)
        {
          HashiyaSegment *s = &g_array_index (segs, HashiyaSegment, i);
          g_autofree char *t = NULL;

          if (s->kind != HASHIYA_SEGMENT_COMMENT)
            continue;
          t = hashiya_text_slice (text, s->start, s->end);
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "index");
          json_builder_add_int_value (b, s->comment_index);
          json_builder_set_member_name (b, "parent");
          json_builder_add_int_value (b, s->parent_index);
          json_builder_set_member_name (b, "text");
          json_builder_add_string_value (b, t);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_set_member_name (b, "judgements");
      json_builder_begin_array (b);
      for (guint i = 0; i < js->len; i++)
        {
          HashiyaJudgement *j = g_ptr_array_index (js, i);

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "comment");
          json_builder_add_int_value (b, j->comment_index);
          json_builder_set_member_name (b, "annotator");
          json_builder_add_string_value (b, j->annotator);
          json_builder_set_member_name (b, "values");
          json_builder_begin_object (b);
          for (guint f = 0; f < schema->fields->len; f++)
            {
              HashiyaField *field = g_ptr_array_index (schema->fields, f);
              const char *v = hashiya_judgement_get_value (j, field->name);

              if (v == NULL)
                continue;
              json_builder_set_member_name (b, field->name);
              json_builder_add_string_value (b, v);
            }
          json_builder_end_object (b);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  out = json_generator_to_data (gen, NULL);
  puts (out);
  hashiya_store_close (store);
  return 0;
}
