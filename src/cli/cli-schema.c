/* cli-schema.c: hashiya-cli schema (print and edit the judgement schema), comments (the review
 * queue), and judge --set FIELD=VALUE
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <inttypes.h>
#include <string.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "hashiya-cli.h"
#include "hashiya-store-schema.h"
#include "hashiya-store-queue.h"
#include "hashiya-judgement-filter.h"
#include "hashiya-judgement-schema-json.h"

/* ---- printing ---------------------------------------------------------------- */

static void
print_schema (const HashiyaJudgementSchema *schema)
{
  g_print (g_dngettext (GETTEXT_PACKAGE, "judgement schema: %u field\n",
                        "judgement schema: %u fields\n", schema->fields->len),
           schema->fields->len);
  for (guint i = 0; i < schema->fields->len; i++)
    {
      const HashiyaField *f = g_ptr_array_index (schema->fields, i);
      g_autoptr(GString) line = g_string_new (NULL);

      g_string_append_printf (line, "%2u  %-14s %-6s “%s”", i, f->name,
                              hashiya_field_kind_to_string (f->kind), f->title);
      if (f->key != NULL)
        g_string_append_printf (line, _("  key %s"), f->key);
      if (f->when_field != NULL)
        g_string_append_printf (line, _("  (only when %s = %s)"), f->when_field, f->when_value);
      g_print ("%s\n", line->str);
      for (guint c = 0; c < f->choices->len; c++)
        {
          const HashiyaChoice *ch = g_ptr_array_index (f->choices, c);

          g_print ("      %-14s %s  %s  “%s”\n", ch->name, ch->key ? ch->key : "-", ch->color,
                   ch->title);
        }
    }
}

static char *
node_to_string (JsonNode *root)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();

  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  return json_generator_to_data (gen, NULL);
}

/* ---- schema -------------------------------------------------------------------- */

static const char *schema_subcommands =
  N_("PROJECT [add-field NAME --kind KIND | rename-field OLD NEW | remove-field NAME | "
     "move-field NAME POS | set-title FIELD TITLE | set-when FIELD F=V|none | "
     "add-choice FIELD NAME | rename-choice FIELD OLD NEW | move-choice FIELD CHOICE POS | "
     "remove-choice FIELD NAME | recolour FIELD CHOICE #RRGGBB | "
     "set-key FIELD [CHOICE] KEY|none]");

int
cli_cmd_schema (int argc, char **argv)
{
  g_autoptr(HashiyaStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *preset = NULL, *kind = NULL, *title = NULL, *choices = NULL, *when = NULL;
  g_autofree char *key = NULL, *color = NULL;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the schema as JSON"), NULL },
    { "preset", 0, 0, G_OPTION_ARG_STRING, &preset,
      N_("Replace the schema with a preset: default, osact-2022, l-hsab or arsarcasm"), N_("NAME") },
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind, N_("add-field: single, multi, yesno or text"), N_("KIND") },
    { "title", 0, 0, G_OPTION_ARG_STRING, &title, N_("add-field, add-choice: the title shown"), N_("TITLE") },
    { "choices", 0, 0, G_OPTION_ARG_STRING, &choices,
      N_("add-field: the choices, comma-separated"), N_("A,B,…") },
    { "when", 0, 0, G_OPTION_ARG_STRING, &when,
      N_("add-field: shown and valid only when FIELD has VALUE"), N_("FIELD=VALUE") },
    { "key", 0, 0, G_OPTION_ARG_STRING, &key, N_("add-field (yes/no), add-choice: the key letter"), N_("K") },
    { "color", 0, 0, G_OPTION_ARG_STRING, &color, N_("add-choice: the colour, #rrggbb"), N_("#RRGGBB") },
    { "colour", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, &color, NULL, NULL },
    { NULL }
  };
  const char *sub, *path;
  gboolean ok = FALSE;
  int status = 0, nargs;

  if (!cli_parse_options ("schema", _(schema_subcommands),
                          _("Print the project's judgement schema (the fields comments are judged "
                            "on), apply a preset, or edit it. Removing a field or choice that "
                            "judgements use is refused, as is a preset that would remove one."),
                          NULL, entries, &argc, &argv))
    return CLI_EXIT_USAGE;
  if (!check_args ("schema", argc, 1, 5, &status))
    return status;
  path = argv[1];
  sub = argc > 2 ? argv[2] : NULL;
  nargs = MAX (argc - 3, 0);

  if (preset != NULL && sub != NULL)
    return cli_usage_error ("schema", _("--preset goes alone, without a subcommand"));
  if ((kind != NULL || choices != NULL || when != NULL) && g_strcmp0 (sub, "add-field") != 0)
    return cli_usage_error ("schema", _("--kind, --choices and --when go with “schema add-field”"));
  if (color != NULL && g_strcmp0 (sub, "add-choice") != 0)
    return cli_usage_error ("schema", _("--color goes with “schema add-choice”"));
  if ((title != NULL || key != NULL) && g_strcmp0 (sub, "add-field") != 0
      && g_strcmp0 (sub, "add-choice") != 0)
    return cli_usage_error ("schema", _("--title and --key go with “schema add-field” or “schema add-choice”"));

#define NEED(lo, hi) G_STMT_START { \
    if (nargs < (lo) || nargs > (hi)) \
      return cli_usage_error ("schema", _("“schema %s” takes %d argument(s)"), sub, (hi)); \
  } G_STMT_END

  if (sub == NULL)
    ;
  else if (g_str_equal (sub, "add-field") || g_str_equal (sub, "remove-field"))
    NEED (1, 1);
  else if (g_str_equal (sub, "rename-field") || g_str_equal (sub, "move-field")
           || g_str_equal (sub, "set-title") || g_str_equal (sub, "set-when")
           || g_str_equal (sub, "add-choice") || g_str_equal (sub, "remove-choice"))
    NEED (2, 2);
  else if (g_str_equal (sub, "recolour") || g_str_equal (sub, "recolor")
           || g_str_equal (sub, "rename-choice") || g_str_equal (sub, "move-choice"))
    NEED (3, 3);
  else if (g_str_equal (sub, "set-key"))
    NEED (2, 3);
  else
    return cli_usage_error ("schema", _("unknown schema subcommand “%s”"), sub);
#undef NEED

  if (sub != NULL && g_str_equal (sub, "add-field") && kind == NULL)
    return cli_usage_error ("schema", _("“schema add-field” needs --kind (single, multi, yesno or text)"));
  if (kind != NULL && !hashiya_field_kind_from_string (kind, NULL))
    return cli_usage_error ("schema", _("--kind is single, multi, yesno or text, not “%s”"), kind);
  if (when != NULL && (strchr (when, '=') == NULL || when[0] == '='))
    return cli_usage_error ("schema", _("--when is FIELD=VALUE, not “%s”"), when);
  if (preset != NULL && !g_strv_contains (hashiya_judgement_schema_preset_names (), preset))
    {
      g_autofree char *all = g_strjoinv (", ", (char **) hashiya_judgement_schema_preset_names ());
      return cli_usage_error ("schema", _("no preset “%s” (the presets are %s)"), preset, all);
    }

  store = cli_open_store (path, FALSE);
  if (store == NULL)
    return CLI_EXIT_DATA;

  if (preset != NULL)
    {
      ok = hashiya_store_apply_schema_preset (store, preset, &error);
      if (ok)
        g_print (_("the judgement schema is now the preset %s\n"), preset);
    }
  else if (sub == NULL)
    {
      g_autoptr(HashiyaJudgementSchema) schema = hashiya_store_get_judgement_schema (store, &error);

      if (schema == NULL)
        return cli_fail (path, error);
      if (json)
        {
          g_autofree char *out = node_to_string (hashiya_judgement_schema_to_json (schema));
          g_print ("%s\n", out);
        }
      else
        print_schema (schema);
      return CLI_EXIT_OK;
    }
  else if (g_str_equal (sub, "add-field"))
    {
      HashiyaFieldKind k = HASHIYA_FIELD_TEXT;
      g_autoptr(HashiyaField) f = NULL;

      hashiya_field_kind_from_string (kind, &k);
      f = hashiya_field_new (argv[3], title, k);
      f->key = g_strdup (key);
      if (choices != NULL)
        {
          g_auto(GStrv) names = g_strsplit (choices, ",", -1);
          static const char * const palette[] = {
            "#0072b2", "#009e73", "#e69f00", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442", "#999999",
          };

          for (guint i = 0; names[i] != NULL; i++)
            {
              g_strstrip (names[i]);
              hashiya_field_add_choice (f, hashiya_choice_new (names[i], NULL, NULL,
                                                               palette[i % G_N_ELEMENTS (palette)]));
            }
        }
      if (when != NULL)
        {
          g_auto(GStrv) parts = g_strsplit (when, "=", 2);
          hashiya_field_set_condition (f, g_strstrip (parts[0]), g_strstrip (parts[1]));
        }
      ok = hashiya_store_schema_add_field (store, f, -1, &error);
      if (ok)
        g_print (_("added field %s (%s)\n"), f->name, hashiya_field_kind_to_string (f->kind));
    }
  else if (g_str_equal (sub, "rename-field"))
    {
      ok = hashiya_store_schema_rename_field (store, argv[3], argv[4], &error);
      if (ok)
        g_print (_("renamed field %s to %s\n"), argv[3], argv[4]);
    }
  else if (g_str_equal (sub, "remove-field"))
    {
      ok = hashiya_store_schema_remove_field (store, argv[3], &error);
      if (ok)
        g_print (_("removed field %s\n"), argv[3]);
    }
  else if (g_str_equal (sub, "move-field"))
    {
      gint64 pos;

      if (!cli_parse_uint (argv[4], &pos) || pos > G_MAXINT)
        return cli_usage_error ("schema", _("POS must be a non-negative integer, not “%s”"), argv[4]);
      ok = hashiya_store_schema_move_field (store, argv[3], (guint) pos, &error);
      if (ok)
        g_print (_("moved field %s to position %d\n"), argv[3], (int) pos);
    }
  else if (g_str_equal (sub, "set-title"))
    {
      ok = hashiya_store_schema_set_field_title (store, argv[3], argv[4], &error);
      if (ok)
        g_print (_("field %s is now titled “%s”\n"), argv[3], argv[4]);
    }
  else if (g_str_equal (sub, "set-when"))
    {
      if (g_str_equal (argv[4], "none"))
        ok = hashiya_store_schema_set_condition (store, argv[3], NULL, NULL, &error);
      else
        {
          g_auto(GStrv) parts = g_strsplit (argv[4], "=", 2);

          if (parts[0] == NULL || parts[1] == NULL)
            return cli_usage_error ("schema", _("the condition is FIELD=VALUE or none, not “%s”"),
                                    argv[4]);
          ok = hashiya_store_schema_set_condition (store, argv[3], g_strstrip (parts[0]),
                                                   g_strstrip (parts[1]), &error);
        }
      if (ok)
        g_print (_("field %s: condition %s\n"), argv[3], argv[4]);
    }
  else if (g_str_equal (sub, "add-choice"))
    {
      g_autoptr(HashiyaChoice) ch = hashiya_choice_new (argv[4], title, key,
                                                         color != NULL ? color : "#999999");

      g_free (ch->color);
      ch->color = g_ascii_strdown (color != NULL ? color : "#999999", -1);
      ok = hashiya_store_schema_add_choice (store, argv[3], ch, &error);
      if (ok)
        g_print (_("field %s: added choice %s\n"), argv[3], argv[4]);
    }
  else if (g_str_equal (sub, "rename-choice"))
    {
      ok = hashiya_store_schema_rename_choice (store, argv[3], argv[4], argv[5], &error);
      if (ok)
        g_print (_("field %s: renamed choice %s to %s\n"), argv[3], argv[4], argv[5]);
    }
  else if (g_str_equal (sub, "move-choice"))
    {
      gint64 pos;

      if (!cli_parse_uint (argv[5], &pos) || pos > G_MAXINT)
        return cli_usage_error ("schema", _("POS must be a non-negative integer, not “%s”"), argv[5]);
      ok = hashiya_store_schema_move_choice (store, argv[3], argv[4], (guint) pos, &error);
      if (ok)
        g_print (_("field %s: moved choice %s to position %d\n"), argv[3], argv[4], (int) pos);
    }
  else if (g_str_equal (sub, "remove-choice"))
    {
      ok = hashiya_store_schema_remove_choice (store, argv[3], argv[4], &error);
      if (ok)
        g_print (_("field %s: removed choice %s\n"), argv[3], argv[4]);
    }
  else if (g_str_equal (sub, "recolour") || g_str_equal (sub, "recolor"))
    {
      ok = hashiya_store_schema_set_choice (store, argv[3], argv[4], NULL, argv[5], &error);
      if (ok)
        g_print (_("field %s: choice %s is now %s\n"), argv[3], argv[4], argv[5]);
    }
  else if (g_str_equal (sub, "set-key"))
    {
      const char *choice = nargs == 3 ? argv[4] : NULL;
      const char *k = argv[nargs == 3 ? 5 : 4];

      if (g_str_equal (k, "none"))
        k = NULL;
      ok = hashiya_store_schema_set_key (store, argv[3], choice, k, &error);
      if (ok)
        g_print (_("%s%s%s has key %s\n"), argv[3], choice ? " " : "", choice ? choice : "",
                 k ? k : _("none"));
    }
  if (!ok)
    return cli_fail (path, error);
  return CLI_EXIT_OK;
}

/* ---- judge --set ---------------------------------------------------------------- */

gboolean
cli_judge_check_sets (char **sets, int *status)
{
  for (char **s = sets; s != NULL && *s != NULL; s++)
    {
      const char *eq = strchr (*s, '=');

      if (eq == NULL || eq == *s)
        {
          *status = cli_usage_error ("judge", _("--set is FIELD=VALUE (VALUE “unset” clears the "
                                                "field), not “%s”"), *s);
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
cli_judge_apply_sets (HashiyaStore      *store,
                      HashiyaJudgement  *j,
                      char             **sets,
                      GError           **error)
{
  g_autoptr(HashiyaJudgementSchema) schema = NULL;

  if (sets == NULL || *sets == NULL)
    return TRUE;
  schema = hashiya_store_get_judgement_schema (store, error);
  if (schema == NULL)
    return FALSE;
  for (char **s = sets; *s != NULL; s++)
    {
      g_autofree char *name = g_strndup (*s, strchr (*s, '=') - *s);
      const char *value = strchr (*s, '=') + 1;
      const HashiyaField *f = hashiya_judgement_schema_lookup (schema, g_strstrip (name));
      g_autofree char *canonical = NULL;

      if (f == NULL)
        {
          g_autoptr(GString) names = g_string_new (NULL);
          for (guint i = 0; i < schema->fields->len; i++)
            g_string_append_printf (names, "%s%s", i ? ", " : "",
                                    ((HashiyaField *) g_ptr_array_index (schema->fields, i))->name);
          g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_NOT_FOUND,
                       _("--set %s: the judgement schema has no field “%s” (it has %s)"), *s, name,
                       names->str);
          return FALSE;
        }
      if (g_str_equal (value, "unset") || *value == '\0')
        value = NULL;
      else if (!hashiya_field_check_value (f, value, &canonical, error))
        return FALSE;
      if (!hashiya_judgement_set_value (j, f->name, canonical, error))
        return FALSE;
    }
  return TRUE;
}

/* ---- comments ------------------------------------------------------------------- */

static void
add_judgement_json (JsonBuilder                  *b,
                    const HashiyaJudgementSchema *schema,
                    const HashiyaJudgement       *j)
{
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "annotator");
  json_builder_add_string_value (b, j->annotator);
  for (guint f = 0; f < schema->fields->len; f++)
    {
      const HashiyaField *field = g_ptr_array_index (schema->fields, f);
      const char *value = hashiya_judgement_get_value (j, field->name);

      json_builder_set_member_name (b, field->name);
      if (value == NULL)
        json_builder_add_null_value (b);
      else if (field->kind == HASHIYA_FIELD_YESNO)
        json_builder_add_boolean_value (b, g_str_equal (value, "yes"));
      else if (field->kind == HASHIYA_FIELD_MULTI)
        {
          g_auto(GStrv) names = hashiya_judgement_get_choices (j, field->name);
          json_builder_begin_array (b);
          for (char **n = names; *n; n++)
            json_builder_add_string_value (b, *n);
          json_builder_end_array (b);
        }
      else
        json_builder_add_string_value (b, value);
    }
  json_builder_end_object (b);
}

static char *
excerpt (const char *text,
         glong       max)
{
  g_autofree char *flat = g_strdup (text);
  glong n;

  g_strdelimit (flat, "\n\t\r", ' ');
  n = g_utf8_strlen (flat, -1);
  if (n <= max)
    return g_steal_pointer (&flat);
  return g_strconcat (g_utf8_substring (flat, 0, max - 1), "…", NULL);
}

int
cli_cmd_comments (int argc, char **argv)
{
  g_autoptr(HashiyaStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HashiyaJudgementFilter) filter = NULL;
  g_autoptr(HashiyaJudgementSchema) schema = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autofree char *where = NULL, *state = NULL, *annotator = NULL;
  gboolean json = FALSE;
  int limit = 0, offset = 0;
  GOptionEntry entries[] = {
    { "where", 'w', 0, G_OPTION_ARG_STRING, &where,
      N_("Only comments whose judgement matches, e.g. 'decision=review', "
         "'offensive=yes and decision=approve', 'target=religion', 'note is unset'"), N_("EXPR") },
    { "state", 0, 0, G_OPTION_ARG_STRING, &state,
      N_("all (default), unjudged, mine, others or disagreements"), N_("STATE") },
    { "annotator", 0, 0, G_OPTION_ARG_STRING, &annotator,
      N_("Whose are “mine” and “others” (default: $USER)"), N_("NAME") },
    { "limit", 0, 0, G_OPTION_ARG_INT, &limit, N_("Print at most N comments"), N_("N") },
    { "offset", 0, 0, G_OPTION_ARG_INT, &offset, N_("Skip the first N comments"), N_("N") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON instead of lines"), NULL },
    { NULL }
  };
  HashiyaQueueQuery q = { 0 };
  guint total = 0;
  int status = 0;

  if (!cli_parse_options ("comments", _("PROJECT"),
                          _("List reader comments across the corpus, in document order, filtered "
                            "by judgement state and by field values; prints each comment's "
                            "document, index, the comment it replies to, an excerpt and its "
                            "judgements, then the count."),
                          NULL, entries, &argc, &argv))
    return CLI_EXIT_USAGE;
  if (!check_args ("comments", argc, 1, 1, &status))
    return status;
  if (limit < 0 || offset < 0)
    return cli_usage_error ("comments", _("--limit and --offset must not be negative"));
  if (state != NULL && !hashiya_queue_state_from_string (state, &q.state))
    return cli_usage_error ("comments", _("--state is all, unjudged, mine, others or "
                                          "disagreements, not “%s”"), state);
  if (!cli_check_annotator ("comments", annotator))
    return CLI_EXIT_USAGE;
  if (where != NULL)
    {
      filter = hashiya_judgement_filter_parse (where, NULL, &error);
      if (filter == NULL)
        return cli_usage_error ("comments", "--where: %s", error->message);
    }

  store = cli_open_store (argv[1], FALSE);
  if (store == NULL)
    return CLI_EXIT_DATA;
  schema = hashiya_store_get_judgement_schema (store, &error);
  if (schema == NULL)
    return cli_fail (argv[1], error);
  if (filter != NULL && !hashiya_judgement_filter_check (filter, schema, &error))
    return cli_usage_error ("comments", "--where: %s", error->message);

  q.annotator = cli_annotator (annotator);
  q.where = filter;
  q.offset = offset;
  q.limit = limit;
  items = hashiya_store_query_comments (store, &q, &total, &error);
  if (items == NULL)
    return cli_fail (argv[1], error);

  if (json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autofree char *out = NULL;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "total");
      json_builder_add_int_value (b, total);
      json_builder_set_member_name (b, "comments");
      json_builder_begin_array (b);
      for (guint i = 0; i < items->len; i++)
        {
          const HashiyaQueueItem *it = items->pdata[i];

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "doc");
          json_builder_add_int_value (b, it->doc_id);
          json_builder_set_member_name (b, "source");
          json_builder_add_string_value (b, it->source);
          json_builder_set_member_name (b, "index");
          json_builder_add_int_value (b, it->comment_index);
          json_builder_set_member_name (b, "parent");
          if (it->parent_index > 0)
            json_builder_add_int_value (b, it->parent_index);
          else
            json_builder_add_null_value (b);
          json_builder_set_member_name (b, "start");
          json_builder_add_int_value (b, it->start);
          json_builder_set_member_name (b, "end");
          json_builder_add_int_value (b, it->end);
          json_builder_set_member_name (b, "text");
          json_builder_add_string_value (b, it->text);
          json_builder_set_member_name (b, "judgements");
          json_builder_begin_array (b);
          for (guint k = 0; k < it->judgements->len; k++)
            add_judgement_json (b, schema, it->judgements->pdata[k]);
          json_builder_end_array (b);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
      out = node_to_string (json_builder_get_root (b));
      g_print ("%s\n", out);
      return CLI_EXIT_OK;
    }

  for (guint i = 0; i < items->len; i++)
    {
      const HashiyaQueueItem *it = items->pdata[i];
      g_autofree char *ex = excerpt (it->text, 60);

      /* DOC  COMMENT  PARENT  SOURCE: excerpt */
      if (it->parent_index > 0)
        g_print ("%" PRId64 "\t%d\t↳%d\t%s: %s\n", it->doc_id, it->comment_index,
                 it->parent_index, it->source, ex);
      else
        g_print ("%" PRId64 "\t%d\t-\t%s: %s\n", it->doc_id, it->comment_index, it->source, ex);
      for (guint k = 0; k < it->judgements->len; k++)
        {
          const HashiyaJudgement *j = it->judgements->pdata[k];
          g_autoptr(GString) line = g_string_new (NULL);

          for (guint f = 0; f < schema->fields->len; f++)
            {
              const char *name = ((HashiyaField *) g_ptr_array_index (schema->fields, f))->name;
              const char *value = hashiya_judgement_get_value (j, name);

              if (value != NULL)
                g_string_append_printf (line, " %s=%s", name, value);
            }
          g_print ("\t\t\t%s:%s\n", j->annotator, line->len ? line->str : _(" (no value)"));
        }
    }
  g_print (g_dngettext (GETTEXT_PACKAGE, "%u comment\n", "%u comments\n", total), total);
  if (items->len < total)
    g_print (_("(showing %u from %u)\n"), items->len, (guint) offset + 1);
  return CLI_EXIT_OK;
}

/* ---- reply -------------------------------------------------------------------------- */

int
cli_cmd_reply (int argc, char **argv)
{
  g_autoptr(HashiyaStore) store = NULL;
  g_autoptr(GError) error = NULL;
  GOptionEntry entries[] = { { NULL } };
  gint64 doc_id, index, parent = 0;
  int status = 0;

  if (!cli_parse_options ("reply", _("PROJECT DOC COMMENT_INDEX PARENT_INDEX|none"),
                          _("Record that comment COMMENT_INDEX replies to the earlier comment "
                            "PARENT_INDEX of the same document (“none”: a top-level comment)."),
                          NULL, entries, &argc, &argv))
    return CLI_EXIT_USAGE;
  if (!check_args ("reply", argc, 4, 4, &status))
    return status;
  if (!cli_parse_uint (argv[3], &index) || index < 1 || index > G_MAXINT)
    return cli_usage_error ("reply", _("COMMENT_INDEX counts from 1, not “%s”"), argv[3]);
  if (!g_str_equal (argv[4], "none")
      && (!cli_parse_uint (argv[4], &parent) || parent < 1 || parent > G_MAXINT))
    return cli_usage_error ("reply", _("PARENT_INDEX is a comment index (from 1) or none, not “%s”"),
                            argv[4]);
  store = cli_open_store (argv[1], FALSE);
  if (store == NULL)
    return CLI_EXIT_DATA;
  doc_id = cli_resolve_doc (store, argv[2]);
  if (doc_id <= 0)
    return CLI_EXIT_DATA;
  if (!hashiya_store_set_comment_parent (store, doc_id, (int) index, (int) parent, &error))
    return cli_fail (argv[1], error);
  if (parent > 0)
    g_print (_("comment %d of document %" PRId64 " replies to comment %d\n"), (int) index, doc_id,
             (int) parent);
  else
    g_print (_("comment %d of document %" PRId64 " is a top-level comment\n"), (int) index, doc_id);
  return CLI_EXIT_OK;
}
