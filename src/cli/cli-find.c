/* cli-find.c: hashiya-cli find: every match of a query across the project's documents
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "hashiya-cli.h"
#include "hashiya-store-corpus.h"

static char *
hits_to_json (const char *query,
              GPtrArray  *hits,
              gboolean    truncated,
              const HashiyaTagAllCount *tagged)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "query");
  json_builder_add_string_value (b, query);
  json_builder_set_member_name (b, "offsets");
  json_builder_add_string_value (b, "codepoint");
  json_builder_set_member_name (b, "truncated");
  json_builder_add_boolean_value (b, truncated);
  json_builder_set_member_name (b, "hits");
  json_builder_begin_array (b);
  for (guint i = 0; i < hits->len; i++)
    {
      const HashiyaCorpusHit *hit = hits->pdata[i];

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "document");
      json_builder_add_int_value (b, hit->doc_id);
      json_builder_set_member_name (b, "source");
      json_builder_add_string_value (b, hit->name);
      json_builder_set_member_name (b, "start");
      json_builder_add_int_value (b, hit->start);
      json_builder_set_member_name (b, "end");
      json_builder_add_int_value (b, hit->end);
      json_builder_set_member_name (b, "line");
      json_builder_add_int_value (b, hit->line);
      json_builder_set_member_name (b, "before");
      json_builder_add_string_value (b, hit->before);
      json_builder_set_member_name (b, "match");
      json_builder_add_string_value (b, hit->match);
      json_builder_set_member_name (b, "after");
      json_builder_add_string_value (b, hit->after);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  if (tagged != NULL)
    {
      json_builder_set_member_name (b, "tagged");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "documents");
      json_builder_add_int_value (b, tagged->n_documents);
      json_builder_set_member_name (b, "spans");
      json_builder_add_int_value (b, tagged->n_spans);
      json_builder_end_object (b);
    }
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  return json_generator_to_data (gen, NULL);
}

int
cli_cmd_find (int argc, char **argv)
{
  gboolean json = FALSE;
  int limit = 0;
  g_autofree char *tag = NULL;
  g_autofree char *annotator = NULL;
  gboolean dry_run = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON instead of lines"), NULL },
    { "limit", 0, 0, G_OPTION_ARG_INT, &limit, N_("Print at most N hits (default: all)"), N_("N") },
    { "tag", 0, 0, G_OPTION_ARG_STRING, &tag,
      N_("Tag every hit with LABEL, in one transaction (hits already tagged so are skipped)"),
      N_("LABEL") },
    { "dry-run", 'n', 0, G_OPTION_ARG_NONE, &dry_run,
      N_("With --tag: only print how many documents and spans it would touch"), NULL },
    ANNOTATOR_ENTRY (annotator),
    { NULL }
  };
  g_autoptr(HashiyaStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  HashiyaTagAllCount count = { 0 };
  gboolean truncated = FALSE;
  int status = 0;

  if (!cli_parse_options ("find", _("PROJECT QUERY"),
                          _("Find QUERY in every document with the window's rules: the search "
                            "key folds alef, ya and ta marbuta spellings, drops harakat and "
                            "tatweel and reads Arabic-Indic digits as digits; a match starts at "
                            "a word (or after a proclitic) and ends at a word's end. Each hit is "
                            "printed with its document, code-point offsets and context."),
                          NULL, entries, &argc, &argv))
    return CLI_EXIT_USAGE;
  if (!check_args ("find", argc, 2, 2, &status))
    return status;
  if (limit < 0)
    return cli_usage_error ("find", _("--limit must not be negative"));
  if (dry_run && tag == NULL)
    return cli_usage_error ("find", _("--dry-run needs --tag"));
  if (!cli_check_annotator ("find", annotator))
    return CLI_EXIT_USAGE;

  store = cli_open_store (argv[1], FALSE);
  if (store == NULL)
    return CLI_EXIT_DATA;

  hits = hashiya_store_find_corpus (store, argv[2], limit, &truncated, NULL, &error);
  if (hits == NULL)
    return cli_fail (argv[1], error);

  if (tag != NULL)
    {
      gboolean ok = dry_run
        ? hashiya_store_tag_all_count (store, argv[2], tag, cli_annotator (annotator), &count, &error)
        : hashiya_store_tag_all (store, argv[2], tag, cli_annotator (annotator), &count, NULL, &error);
      if (!ok)
        return cli_fail (argv[1], error);
    }

  if (json)
    {
      g_autofree char *out = hits_to_json (argv[2], hits, truncated, tag != NULL ? &count : NULL);
      g_print ("%s\n", out);
      return CLI_EXIT_OK;
    }

  for (guint i = 0; i < hits->len; i++)
    {
      const HashiyaCorpusHit *hit = hits->pdata[i];

      /* DOC SOURCE:LINE START-END: context with the match in [ ] */
      g_print ("%" PRId64 "\t%s:%" PRId64 "\t%" PRId64 "-%" PRId64 "\t%s[%s]%s\n", hit->doc_id,
               hit->name, hit->line, hit->start, hit->end, hit->before, hit->match, hit->after);
    }
  if (truncated)
    g_printerr (_("(more hits left out by --limit %d)\n"), limit);
  if (tag != NULL)
    {
      /* TRANSLATORS: "tagged 5 spans in 3 documents" / "would tag …" */
      g_print (dry_run ? _("would tag %u spans in %u documents with %s\n")
                       : _("tagged %u spans in %u documents with %s\n"),
               count.n_spans, count.n_documents, tag);
    }
  else
    g_printerr (g_dngettext (GETTEXT_PACKAGE, "%u hit\n", "%u hits\n", hits->len), hits->len);
  return CLI_EXIT_OK;
}
