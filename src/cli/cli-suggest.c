/* cli-suggest.c: hashiya-cli suggest, reject, value, date and gazetteer (issue 14: suggestions and span values)
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <inttypes.h>
#include <string.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "hashiya-cli.h"
#include "hashiya-store-suggest.h"
#include "hashiya-suggest-project.h"

static gboolean
parse_offset (const char *command,
              const char *what,
              const char *str,
              gint64     *out,
              int        *status)
{
  if (!cli_parse_uint (str, out))
    {
      *status = cli_usage_error (command, _("%s must be a non-negative integer, not “%s”"), what, str);
      return FALSE;
    }
  return TRUE;
}

static void
add_string_or_null (JsonBuilder *b,
                    const char  *name,
                    const char  *value)
{
  json_builder_set_member_name (b, name);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
suggestion_to_json (JsonBuilder             *b,
                    const HashiyaDocument   *doc,
                    const HashiyaSuggestion *s,
                    gint64                   span_id)
{
  g_autofree char *flags = hashiya_suggestion_flags_to_string (s->flags);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "document");
  json_builder_add_int_value (b, doc->id);
  json_builder_set_member_name (b, "source_file");
  json_builder_add_string_value (b, doc->source);
  json_builder_set_member_name (b, "start");
  json_builder_add_int_value (b, s->start);
  json_builder_set_member_name (b, "end");
  json_builder_add_int_value (b, s->end);
  add_string_or_null (b, "label", s->label);
  add_string_or_null (b, "text", s->text);
  add_string_or_null (b, "value", s->value);
  add_string_or_null (b, "calendar", s->calendar);
  add_string_or_null (b, "anchor", s->anchor);
  add_string_or_null (b, "source", s->source);
  add_string_or_null (b, "why", s->why);
  if (s->count > 0)
    {
      json_builder_set_member_name (b, "count");
      json_builder_add_int_value (b, s->count);
    }
  if (*flags != '\0')
    add_string_or_null (b, "flags", flags);
  if (span_id > 0)
    {
      json_builder_set_member_name (b, "span");
      json_builder_add_int_value (b, span_id);
    }
  json_builder_end_object (b);
}

static void
print_suggestion (const HashiyaDocument   *doc,
                  const HashiyaSuggestion *s,
                  gint64                   span_id)
{
  g_autofree char *flags = hashiya_suggestion_flags_to_string (s->flags);

  /* DOC START-END LABEL «text» VALUE why (which names the source: "dates: …") */
  g_print ("%" G_GINT64_FORMAT " %zu-%zu %s «%s» %s %s", doc->id, s->start, s->end,
           s->label, s->text, s->value ? s->value : "-", s->why ? s->why : s->source);
  if (*flags != '\0')
    g_print (" [%s]", flags);
  if (span_id > 0)
    g_print (_(" → span %" PRId64), span_id);
  g_print ("\n");
}

static gboolean
overlaps_any (GArray                  *taken,
              const HashiyaSuggestion *s)
{
  for (guint i = 0; i < taken->len; i += 2)
    if ((gint64) s->start < g_array_index (taken, gint64, i + 1)
        && g_array_index (taken, gint64, i) < (gint64) s->end)
      return TRUE;
  return FALSE;
}

/* Accepts the document's suggestions in order, in one transaction: none that overlaps one
 * accepted before it, none flagged (a weekday or month pair that disagrees, a surface
 * confirmed under several labels: those wait for a person). span_ids[i] = the new span,
 * 0 when left. */
static gboolean
accept_document (HashiyaStore  *store,
                 gint64         doc_id,
                 GPtrArray     *suggestions,
                 const char    *annotator,
                 GArray        *span_ids,
                 guint         *n_flagged,
                 GError       **error)
{
  g_autoptr(GArray) taken = g_array_new (FALSE, FALSE, sizeof (gint64));

  if (!hashiya_store_begin (store, error))
    return FALSE;
  for (guint i = 0; i < suggestions->len; i++)
    {
      const HashiyaSuggestion *s = g_ptr_array_index (suggestions, i);
      gint64 id = 0;

      if (s->flags != 0)
        (*n_flagged)++;
      else if (!overlaps_any (taken, s))
        {
          gint64 a = s->start, z = s->end;

          id = hashiya_suggestion_accept (store, doc_id, s, annotator, error);
          if (id == 0)
            {
              hashiya_store_rollback (store);
              return FALSE;
            }
          g_array_append_val (taken, a);
          g_array_append_val (taken, z);
        }
      g_array_append_val (span_ids, id);
    }
  return hashiya_store_commit (store, error);
}

int
cli_cmd_suggest (int argc, char **argv)
{
  g_autoptr(HashiyaStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HashiyaProjectSuggester) suggester = NULL;
  g_autoptr(GArray) doc_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(JsonBuilder) b = NULL;
  g_auto(GStrv) documents = NULL;
  g_autofree char *sources_arg = NULL;
  g_autofree char *annotator = NULL;
  gboolean json = FALSE, accept = FALSE;
  HashiyaSuggestSources sources = HASHIYA_SUGGEST_SOURCE_FLAG_ALL;
  guint n_suggested = 0, n_accepted = 0, n_flagged = 0;
  int status = 0;
  GOptionEntry entries[] = {
    { "document", 'd', 0, G_OPTION_ARG_STRING_ARRAY, &documents,
      N_("Only this document (id or source name; repeatable; default: every document)"), N_("DOC") },
    { "source", 's', 0, G_OPTION_ARG_STRING, &sources_arg,
      N_("Which recognisers: dates, gazetteer, dictionary, comma-separated (default: all)"), N_("LIST") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { "accept", 0, 0, G_OPTION_ARG_NONE, &accept,
      N_("Turn the suggestions into spans of the annotator (origin suggested:SOURCE, with their value)"), NULL },
    ANNOTATOR_ENTRY (annotator),
    { NULL }
  };

  if (!cli_parse_options ("suggest", _("PROJECT"),
                          _("List suggested spans: Arabic dates with their normalised value, places and "
                            "organisations from the gazetteers (shipped and the project's own), and names "
                            "the project's annotators confirmed elsewhere. Suggestions that overlap a span "
                            "of the annotator, or that were rejected before, are left out. With --accept "
                            "they become spans, in order, one transaction per document; one that overlaps "
                            "a span accepted just before, or that is flagged (a weekday or paired month "
                            "that disagrees, a surface confirmed under several labels), is left for a "
                            "person. Without a document date, a date without a year takes the year of "
                            "the document's nearest earlier date (see import --date)."),
                          NULL, entries, &argc, &argv))
    return CLI_EXIT_USAGE;
  if (!check_args ("suggest", argc, 1, 1, &status))
    return status;
  if (!cli_check_annotator ("suggest", annotator))
    return CLI_EXIT_USAGE;
  if (sources_arg != NULL && !hashiya_suggest_sources_from_string (sources_arg, &sources))
    return cli_usage_error ("suggest", _("--source takes dates, gazetteer and dictionary, "
                                         "comma-separated, not “%s”"), sources_arg);

  store = cli_open_store (argv[1], FALSE);
  if (store == NULL)
    return CLI_EXIT_DATA;
  if (documents != NULL)
    {
      for (guint i = 0; documents[i] != NULL; i++)
        {
          gint64 id = cli_resolve_doc (store, documents[i]);

          if (id == 0)
            return CLI_EXIT_DATA;
          g_array_append_val (doc_ids, id);
        }
    }
  else
    {
      g_autoptr(GPtrArray) docs = hashiya_store_list_documents (store, &error);

      if (docs == NULL)
        return cli_fail (argv[1], error);
      for (guint i = 0; i < docs->len; i++)
        g_array_append_val (doc_ids, ((HashiyaDocument *) g_ptr_array_index (docs, i))->id);
    }

  /* --accept writes the annotator's spans: only theirs count as existing, and teach.
   * A listing leaves out what anyone tagged, unless --annotator names whose work it is for. */
  suggester = hashiya_project_suggester_new (store, sources,
                                             accept || annotator != NULL ? cli_annotator (annotator) : NULL,
                                             &error);
  if (suggester == NULL)
    return cli_fail (argv[1], error);

  if (json)
    {
      b = json_builder_new ();
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "suggestions");
      json_builder_begin_array (b);
    }
  for (guint d = 0; d < doc_ids->len; d++)
    {
      gint64 doc_id = g_array_index (doc_ids, gint64, d);
      g_autoptr(HashiyaDocument) doc = hashiya_store_get_document (store, doc_id, &error);
      g_autoptr(GPtrArray) suggestions = NULL;
      g_autoptr(GArray) span_ids = g_array_new (FALSE, TRUE, sizeof (gint64));

      if (doc == NULL || (suggestions = hashiya_project_suggester_run (suggester, doc_id, &error)) == NULL)
        return cli_fail (argv[1], error);
      if (accept && !accept_document (store, doc_id, suggestions, cli_annotator (annotator),
                                      span_ids, &n_flagged, &error))
        {
          g_autofree char *where = g_strdup_printf (_("%s, document %" PRId64), argv[1], doc_id);
          return cli_fail (where, error);
        }
      for (guint i = 0; i < suggestions->len; i++)
        {
          const HashiyaSuggestion *s = g_ptr_array_index (suggestions, i);
          gint64 id = accept ? g_array_index (span_ids, gint64, i) : 0;

          n_suggested++;
          n_accepted += id > 0;
          if (b != NULL)
            suggestion_to_json (b, doc, s, id);
          else
            print_suggestion (doc, s, id);
        }
    }
  if (b != NULL)
    {
      g_autoptr(JsonGenerator) gen = json_generator_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *text = NULL;

      json_builder_end_array (b);
      if (accept)
        {
          json_builder_set_member_name (b, "accepted");
          json_builder_add_int_value (b, n_accepted);
        }
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      json_generator_set_root (gen, root);
      json_generator_set_pretty (gen, TRUE);
      text = json_generator_to_data (gen, NULL);
      g_print ("%s\n", text);
    }
  else if (accept)
    g_printerr (_("accepted %u of %u suggestions (%u flagged, left for a person)\n"),
                n_accepted, n_suggested, n_flagged);
  return CLI_EXIT_OK;
}

int
cli_cmd_reject (int argc, char **argv)
{
  g_autoptr(HashiyaStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *annotator = NULL;
  g_autofree char *source = NULL;
  gint64 doc_id, start, end;
  int status = 0;
  GOptionEntry entries[] = {
    { "source", 's', 0, G_OPTION_ARG_STRING, &source,
      N_("The recogniser that made it: dates, gazetteer or dictionary (default: dates for DATE, "
         "else gazetteer)"), N_("SOURCE") },
    ANNOTATOR_ENTRY (annotator),
    { NULL }
  };

  if (!cli_parse_options ("reject", _("PROJECT DOC START END LABEL"),
                          _("Reject a suggestion: the project remembers it, and that label over that "
                            "range of the document is not suggested again."),
                          NULL, entries, &argc, &argv))
    return CLI_EXIT_USAGE;
  if (!check_args ("reject", argc, 5, 5, &status))
    return status;
  if (!cli_check_annotator ("reject", annotator))
    return CLI_EXIT_USAGE;
  if (!parse_offset ("reject", "START", argv[3], &start, &status)
      || !parse_offset ("reject", "END", argv[4], &end, &status))
    return status;
  if (source != NULL)
    {
      HashiyaSuggestSources one;

      if (!hashiya_suggest_sources_from_string (source, &one) || strchr (source, ',') != NULL)
        return cli_usage_error ("reject", _("--source is dates, gazetteer or dictionary, not “%s”"),
                                source);
    }
  else
    source = g_strdup (g_str_equal (argv[5], "DATE") ? HASHIYA_SUGGEST_SOURCE_DATES
                                                     : HASHIYA_SUGGEST_SOURCE_GAZETTEER);

  store = cli_open_store (argv[1], FALSE);
  if (store == NULL)
    return CLI_EXIT_DATA;
  doc_id = cli_resolve_doc (store, argv[2]);
  if (doc_id == 0)
    return CLI_EXIT_DATA;
  if (!hashiya_store_reject_suggestion (store, doc_id, start, end, argv[5], source,
                                        cli_annotator (annotator), &error))
    return cli_fail (argv[1], error);
  g_print (_("rejected %" PRId64 "-%" PRId64 " %s in document %" PRId64 "\n"), start, end,
           argv[5], doc_id);
  return CLI_EXIT_OK;
}

int
cli_cmd_value (int argc, char **argv)
{
  g_autoptr(HashiyaStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *calendar = NULL;
  g_autofree char *anchor = NULL;
  gboolean clear = FALSE;
  gint64 span_id;
  int status = 0;
  GOptionEntry entries[] = {
    { "calendar", 0, 0, G_OPTION_ARG_STRING, &calendar,
      N_("The calendar of the text: gregorian or hijri (the value itself is Gregorian)"), N_("CALENDAR") },
    { "anchor", 0, 0, G_OPTION_ARG_STRING, &anchor,
      N_("What fixed a part the text leaves open: document_date or document_year"), N_("ANCHOR") },
    { "clear", 0, 0, G_OPTION_ARG_NONE, &clear, N_("Remove the span's value"), NULL },
    { NULL }
  };

  if (!cli_parse_options ("value", _("PROJECT SPAN_ID [VALUE]"),
                          _("Set a span's normalised value (a date's TIMEX3-like value: 2019-03-08, "
                            "2019-03, 2019, 2014-SU, XXXX-03-08), with its calendar and anchor; with "
                            "--clear, remove it. Without VALUE or --clear, print it."),
                          NULL, entries, &argc, &argv))
    return CLI_EXIT_USAGE;
  if (!check_args ("value", argc, 2, 3, &status))
    return status;
  if (!parse_offset ("value", "SPAN_ID", argv[2], &span_id, &status))
    return status;
  if (clear && (argc == 4 || calendar != NULL || anchor != NULL))
    return cli_usage_error ("value", _("--clear takes no value, calendar or anchor"));
  if (argc == 3 && !clear && (calendar != NULL || anchor != NULL))
    return cli_usage_error ("value", _("--calendar and --anchor go with a VALUE"));

  store = cli_open_store (argv[1], FALSE);
  if (store == NULL)
    return CLI_EXIT_DATA;
  if (argc == 3 && !clear)
    {
      g_autoptr(HashiyaSpan) span = hashiya_store_get_span (store, span_id, &error);

      if (span == NULL)
        return cli_fail (argv[1], error);
      if (span->value != NULL)
        g_print ("%s%s%s%s%s\n", span->value, span->calendar ? " " : "",
                 span->calendar ? span->calendar : "", span->anchor ? " " : "",
                 span->anchor ? span->anchor : "");
      return CLI_EXIT_OK;
    }
  if (!hashiya_store_set_span_value (store, span_id, clear ? NULL : argv[3], calendar, anchor,
                                     &error))
    {
      g_autofree char *where = g_strdup_printf (_("%s, span %" PRId64), argv[1], span_id);
      return cli_fail (where, error);
    }
  return CLI_EXIT_OK;
}

int
cli_cmd_gazetteer (int argc, char **argv)
{
  g_autoptr(HashiyaStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  int status = 0;
  GOptionEntry entries[] = {
    { "name", 0, 0, G_OPTION_ARG_STRING, &name,
      N_("add: the list's name in the project and in suggestions' reasons (default: the file's name)"),
      N_("NAME") },
    { NULL }
  };

  if (!cli_parse_options ("gazetteer", _("PROJECT add FILE | list | remove NAME"),
                          _("The project's own gazetteers, used by suggest with the shipped lists "
                            "(which they override). A list is UTF-8 text, one “surface<TAB>LABEL"
                            "[<TAB>entry]” a line; blank lines and lines starting with # are skipped. "
                            "Adding a list of a name the project has replaces it."),
                          NULL, entries, &argc, &argv))
    return CLI_EXIT_USAGE;
  if (!check_args ("gazetteer", argc, 2, 3, &status))
    return status;

  if (g_str_equal (argv[2], "add"))
    {
      g_autofree char *data = NULL;
      g_autofree char *base = NULL;
      gsize len = 0;

      if (argc != 4)
        return cli_usage_error ("gazetteer", _("gazetteer add takes a FILE"));
      if (!g_file_get_contents (argv[3], &data, &len, &error))
        return cli_fail (argv[3], error);
      if (memchr (data, '\0', len) != NULL || !g_utf8_validate (data, len, NULL))
        {
          const char *end = NULL;

          g_utf8_validate (data, len, &end);
          cli_error (argv[3], _("not UTF-8 text (at byte %zu)"),
                     end != NULL ? (gsize) (end - data) : (gsize) ((char *) memchr (data, '\0', len) - data));
          return CLI_EXIT_DATA;
        }
      base = name != NULL ? g_strdup (name) : g_path_get_basename (argv[3]);
      store = cli_open_store (argv[1], FALSE);
      if (store == NULL)
        return CLI_EXIT_DATA;
      if (!hashiya_store_add_gazetteer (store, base, data, len, &error))
        return cli_fail (argv[3], error);
      g_print (_("added gazetteer “%s”\n"), base);
      return CLI_EXIT_OK;
    }
  if (g_str_equal (argv[2], "list"))
    {
      g_autoptr(GPtrArray) names = NULL;
      g_autoptr(GPtrArray) datas = NULL;

      if (argc != 3)
        return cli_usage_error ("gazetteer", _("gazetteer list takes nothing more"));
      store = cli_open_store (argv[1], FALSE);
      if (store == NULL)
        return CLI_EXIT_DATA;
      names = hashiya_store_list_gazetteers (store, &datas, &error);
      if (names == NULL)
        return cli_fail (argv[1], error);
      for (guint i = 0; i < names->len; i++)
        {
          const char *d = g_ptr_array_index (datas, i);
          guint n = 0;
          g_auto(GStrv) lines = g_strsplit (d, "\n", -1);

          for (guint k = 0; lines[k] != NULL; k++)
            n += lines[k][0] != '\0' && lines[k][0] != '#' && lines[k][0] != '\r';
          g_print (ngettext ("%s: %u entry\n", "%s: %u entries\n", n),
                   (const char *) g_ptr_array_index (names, i), n);
        }
      return CLI_EXIT_OK;
    }
  if (g_str_equal (argv[2], "remove"))
    {
      if (argc != 4)
        return cli_usage_error ("gazetteer", _("gazetteer remove takes a NAME"));
      store = cli_open_store (argv[1], FALSE);
      if (store == NULL)
        return CLI_EXIT_DATA;
      if (!hashiya_store_remove_gazetteer (store, argv[3], &error))
        return cli_fail (argv[1], error);
      return CLI_EXIT_OK;
    }
  return cli_usage_error ("gazetteer", _("unknown subcommand “%s” (add, list or remove)"), argv[2]);
}

int
cli_cmd_date (int argc, char **argv)
{
  g_autoptr(HashiyaStore) store = NULL;
  g_autoptr(GError) error = NULL;
  gboolean clear = FALSE;
  gint64 doc_id;
  int status = 0;
  GOptionEntry entries[] = {
    { "clear", 0, 0, G_OPTION_ARG_NONE, &clear, N_("Remove the document's date"), NULL },
    { NULL }
  };

  if (!cli_parse_options ("date", _("PROJECT DOC [YYYY-MM-DD]"),
                          _("Set a document's date, which anchors suggested dates written without a "
                            "year; with --clear, remove it. Without a date or --clear, print it."),
                          NULL, entries, &argc, &argv))
    return CLI_EXIT_USAGE;
  if (!check_args ("date", argc, 2, 3, &status))
    return status;
  if (clear && argc == 4)
    return cli_usage_error ("date", _("--clear takes no date"));

  store = cli_open_store (argv[1], FALSE);
  if (store == NULL)
    return CLI_EXIT_DATA;
  doc_id = cli_resolve_doc (store, argv[2]);
  if (doc_id == 0)
    return CLI_EXIT_DATA;
  if (argc == 3 && !clear)
    {
      g_autoptr(HashiyaDocument) doc = hashiya_store_get_document (store, doc_id, &error);

      if (doc == NULL)
        return cli_fail (argv[1], error);
      if (doc->date != NULL)
        g_print ("%s\n", doc->date);
      return CLI_EXIT_OK;
    }
  if (!hashiya_store_set_document_date (store, doc_id, clear ? NULL : argv[3], &error))
    {
      g_autofree char *where = g_strdup_printf (_("%s, document %" PRId64), argv[1], doc_id);
      return cli_fail (where, error);
    }
  return CLI_EXIT_OK;
}
