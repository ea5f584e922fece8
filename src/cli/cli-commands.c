/* cli-commands.c: the hashiya-cli commands, each a thin layer over the core API
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <inttypes.h>

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "hashiya-cli.h"
#include "hashiya-export.h"
#include "hashiya-import.h"
#include "hashiya-span-rules.h"

gboolean
check_args (const char *command,
            int         argc,
            int         min_args,
            int         max_args,
            int        *status)
{
  int n = argc - 1;

  if (n < min_args)
    {
      *status = cli_usage_error (command, _("missing arguments"));
      return FALSE;
    }
  if (max_args >= 0 && n > max_args)
    {
      *status = cli_usage_error (command, _("too many arguments"));
      return FALSE;
    }
  return TRUE;
}

gboolean
parse_choice (const char      *str,
              const CliChoice *choices,
              int             *value)
{
  for (; choices->word != NULL; choices++)
    if (g_str_equal (str, choices->word))
      {
        *value = choices->value;
        return TRUE;
      }
  return FALSE;
}

const CliChoice offsets_choices[] = {
  { "codepoint", TRUE }, { "utf16", FALSE }, { NULL, 0 }
};

/* Opens the project at path and resolves the document ref in it; NULL (with the error
 * reported) when either fails. */
static HashiyaStore *
open_store_doc (const char *path,
                const char *ref,
                gint64     *doc_id)
{
  g_autoptr(HashiyaStore) store = cli_open_store (path, FALSE);

  if (store == NULL)
    return NULL;
  *doc_id = cli_resolve_doc (store, ref);
  if (*doc_id <= 0)
    return NULL;
  return g_steal_pointer (&store);
}

static gboolean
parse_uint_arg (const char *command,
                const char *what,
                const char *str,
                gint64     *out,
                int        *status)
{
  if (!cli_parse_uint (str, out))
    {
      /* digits only: a number, but past what any offset or id can be */
      if (*str != '\0' && strspn (str, "0123456789") == strlen (str))
        *status = cli_usage_error (command, _("%s is too large: “%s” (at most %" PRId64 ")"),
                                   what, str, G_MAXINT64);
      else
        *status = cli_usage_error (command, _("%s must be a non-negative integer, not “%s”"),
                                   what, str);
      return FALSE;
    }
  return TRUE;
}

static gboolean
is_color (const char *str)
{
  if (str == NULL || strlen (str) != 7 || str[0] != '#')
    return FALSE;
  for (int i = 1; i < 7; i++)
    if (!g_ascii_isxdigit (str[i]))
      return FALSE;
  return TRUE;
}

/* ---- init -------------------------------------------------------------------------- */

int
cli_cmd_init (int argc, char **argv)
{
  g_autoptr(HashiyaStore) store = NULL;
  g_autofree char *annotator = NULL;
  GOptionEntry entries[] = { ANNOTATOR_ENTRY (annotator), { NULL } };
  int status = 0;

  if (!cli_parse_options ("init", _("PROJECT"), _("Create a new, empty project file with the default labels (PER, LOC, ORG, DATE, MISC)."),
                          NULL, entries, &argc, &argv))
    return CLI_EXIT_USAGE;
  if (!check_args ("init", argc, 1, 1, &status))
    return status;

  if (g_file_test (argv[1], G_FILE_TEST_EXISTS))
    {
      g_autoptr(GError) error = NULL;

      /* Opening without create first tells a project from some other file, which stays
       * untouched; an empty file or a database without tables (what an interrupted init
       * leaves) holds nothing and is made a project below. */
      store = hashiya_store_open (argv[1], FALSE, &error);
      if (store != NULL)
        {
          cli_error (argv[1], _("the project already exists"));
          return CLI_EXIT_DATA;
        }
      if (!g_error_matches (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_EMPTY))
        return cli_fail (argv[1], error);
    }

  store = cli_open_store (argv[1], TRUE);
  if (store == NULL)
    return CLI_EXIT_DATA;
  g_print (_("created %s (schema version %d)\n"), argv[1],
           hashiya_store_get_schema_version (store));
  return CLI_EXIT_OK;
}

/* ---- import ------------------------------------------------------------------------ */

/* The core's report repeats the file name on its first line, which our own header line
 * already said: print the rest. */
static void
print_report_body (const char *text)
{
  g_auto(GStrv) lines = NULL;

  if (text == NULL)
    return;
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 1; lines[0] != NULL && lines[i] != NULL; i++)
    if (lines[i][0] != '\0')
      g_print ("%s%s\n", lines[i][0] == ' ' ? "" : "  ", lines[i]);
}

/* The lines of one imported file (printed once its batch is committed). */
static void
print_import_report (const char          *path,
                     HashiyaImportReport *report,
                     gboolean             quiet)
{
  if (report->n_documents == 0 && report->n_duplicates > 0)
    g_print (ngettext ("%s: skipped: its text is already in the project\n",
                       "%s: skipped: the text of its %u documents is already in the project\n",
                       report->n_duplicates),
             path, report->n_duplicates);
  else
    {
      g_autoptr(GString) ids = g_string_new (NULL);

      for (guint k = 0; report->doc_ids != NULL && k < report->doc_ids->len; k++)
        {
          if (k == 8)
            {
              g_string_append (ids, ", …");
              break;
            }
          g_string_append_printf (ids, "%s%" G_GINT64_FORMAT, k ? ", " : "",
                                  g_array_index (report->doc_ids, gint64, k));
        }
      g_print (ngettext ("%s: imported %u document (%s) as %s",
                         "%s: imported %u documents (%s) as %s",
                         report->n_documents),
               path, report->n_documents, hashiya_format_to_string (report->format),
               ids->len ? ids->str : "-");
      if (report->n_duplicates > 0)
        g_print (_("; skipped %u already in the project"), report->n_duplicates);
      g_print ("\n");
    }

  if (!quiet)
    {
      g_autofree char *summary = hashiya_import_report_to_string (report);
      print_report_body (summary);
    }
}

int
cli_cmd_import (int argc, char **argv)
{
  g_autoptr(HashiyaStore) store = NULL;
  g_autofree char *annotator = NULL;
  g_autofree char *format = NULL;
  g_autofree char *scheme = NULL;
  g_autofree char *offsets = NULL;
  g_auto(GStrv) aliases = NULL;
  g_autoptr(GHashTable) alias_table = NULL;
  g_auto(GStrv) annotator_map = NULL;
  g_autoptr(GHashTable) annotator_table = NULL;
  g_autoptr(HashiyaImportBatch) batch = NULL;
  g_autoptr(GPtrArray) pending = NULL;
  gboolean comments_only = FALSE;
  gboolean quiet = FALSE;
  g_autofree char *date = NULL;
  /* a string, so that every int a user types is a given value (no sentinel number) */
  g_autofree char *tag_column = NULL;
  int doc_size = 0;
  /* the formats' words and names come from the registry */
  /* TRANSLATORS: between the --format words a user may choose from */
  g_autofree char *words = hashiya_format_registry_join (HASHIYA_FORMAT_LIST_READABLE,
                                                         C_("format choices", ", "), NULL);
  g_autofree char *titles = hashiya_format_registry_join (HASHIYA_FORMAT_LIST_READABLE
                                                          | HASHIYA_FORMAT_LIST_TITLES,
                                                          /* TRANSLATORS: between the names of the formats in a list */
                                                          C_("format list", ", "), NULL);
  g_autofree char *format_help = g_strdup_printf (_("Force the format: %s (default: detect)"), words);
  g_autofree char *summary = g_strdup_printf (_("Import files into a project. Each file's format is detected from its content "
                                                "(%s) unless --format says otherwise. A file that fails imports nothing; the other "
                                                "files are still imported. A file whose text is already in the project is "
                                                "skipped."), titles);
  GOptionEntry entries[] = {
    { "comments-only", 0, 0, G_OPTION_ARG_NONE, &comments_only,
      N_("The files hold only reader comments, one per paragraph (plain text)"), NULL },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format, format_help, N_("FORMAT") },
    { "tag-column", 0, 0, G_OPTION_ARG_STRING, &tag_column,
      N_("CoNLL: the column holding the tag, counting from 1 (default: the last)"), N_("N") },
    { "scheme", 0, 0, G_OPTION_ARG_STRING, &scheme,
      N_("CoNLL tag scheme: bio, iob1, bioes, bare (default: detect)"), N_("SCHEME") },
    { "doc-size", 0, 0, G_OPTION_ARG_INT, &doc_size,
      N_("CoNLL without -DOCSTART-: sentences per document (default: the whole file)"), N_("N") },
    { "offsets", 0, 0, G_OPTION_ARG_STRING, &offsets,
      N_("doccano: offsets are codepoint or utf16 units (default: utf16)"), N_("UNIT") },
    { "alias", 0, 0, G_OPTION_ARG_STRING_ARRAY, &aliases,
      N_("Map a label found in the file to another (repeatable), e.g. PERS=PER"), N_("A=B") },
    { "annotator-map", 0, 0, G_OPTION_ARG_STRING_ARRAY, &annotator_map,
      N_("Label Studio: the annotator name of a user id (repeatable), e.g. 1=sara; "
         "other ids become ls-user-ID"), N_("ID=NAME") },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet,
      N_("Print only errors and one line per file"), NULL },
    { "date", 0, 0, G_OPTION_ARG_STRING, &date,
      N_("The date of the documents that the files do not date themselves (it anchors suggested "
         "dates written without a year)"), N_("YYYY-MM-DD") },
    ANNOTATOR_ENTRY (annotator),
    { NULL }
  };
  HashiyaImportOptions options;
  gboolean any_failed = FALSE;
  int status = 0;

  if (!cli_parse_options ("import", _("PROJECT FILE…"),
                          summary,
                          NULL, entries, &argc, &argv))
    return CLI_EXIT_USAGE;
  if (!check_args ("import", argc, 2, -1, &status))
    return status;

  hashiya_import_options_init (&options);
  options.comments_only = comments_only;
  options.annotator = cli_annotator (annotator);
  if (date != NULL)
    {
      int y = 0, m = 0, d = 0;

      if (strlen (date) != 10 || date[4] != '-' || date[7] != '-'
          || sscanf (date, "%4d-%2d-%2d", &y, &m, &d) != 3 || !g_date_valid_dmy (d, m, y))
        return cli_usage_error ("import", _("--date is a day written YYYY-MM-DD, not “%s”"), date);
      options.document_date = date;
    }

  if (format != NULL)
    {
      HashiyaFormat f;
      if (!hashiya_format_from_string (format, &f))
        return cli_usage_error ("import", _("unknown format “%s”"), format);
      options.format = f;
    }
  /* Only plain text has comment paragraphs to read: --comments-only means article text
   * (it was silently ignored for a file detected as another format). */
  if (comments_only)
    {
      const HashiyaFormatDesc *desc = hashiya_format_registry_get (options.format);

      if (options.format != HASHIYA_FORMAT_AUTO && (desc == NULL || !desc->comments_only))
        return cli_usage_error ("import", _("--comments-only reads plain-text articles, not --format %s"),
                                format);
      options.format = hashiya_format_registry_comments_format ();
    }
  if (tag_column != NULL)
    {
      guint64 n = 0;

      if (!g_ascii_string_to_unsigned (g_strstrip (tag_column), 10, 1, G_MAXINT, &n, NULL))
        return cli_usage_error ("import", _("--tag-column counts from 1: “%s” is not a column"),
                                tag_column);
      options.tag_column = (int) n - 1;
    }
  if (scheme != NULL)
    {
      HashiyaScheme s;
      if (!hashiya_scheme_from_string (scheme, &s))
        return cli_usage_error ("import", _("unknown tag scheme “%s”"), scheme);
      options.scheme = s;
    }
  if (doc_size < 0)
    return cli_usage_error ("import", _("--doc-size must not be negative"));
  options.doc_size = (guint) doc_size;
  if (offsets != NULL)
    {
      int v;

      if (!parse_choice (offsets, offsets_choices, &v))
        return cli_usage_error ("import", _("--offsets is codepoint or utf16, not “%s”"), offsets);
      options.offsets_codepoint = v;
    }
  if (aliases != NULL)
    {
      alias_table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      for (guint i = 0; aliases[i] != NULL; i++)
        {
          const char *eq = strchr (aliases[i], '=');
          if (eq == NULL || eq == aliases[i] || eq[1] == '\0')
            return cli_usage_error ("import", _("--alias takes FROM=TO, not “%s”"), aliases[i]);
          g_hash_table_insert (alias_table, g_strndup (aliases[i], eq - aliases[i]),
                               g_strdup (eq + 1));
        }
      options.aliases = alias_table;
    }
  if (annotator_map != NULL)
    {
      annotator_table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      for (guint i = 0; annotator_map[i] != NULL; i++)
        {
          const char *eq = strchr (annotator_map[i], '=');
          char *end = NULL;
          gint64 id = g_ascii_strtoll (annotator_map[i], &end, 10);

          if (eq == NULL || eq == annotator_map[i] || eq[1] == '\0' || end != eq)
            return cli_usage_error ("import", _("--annotator-map takes ID=NAME (a Label Studio user "
                                                "id), not “%s”"), annotator_map[i]);
          g_hash_table_insert (annotator_table, g_strdup_printf ("%" G_GINT64_FORMAT, id),
                               g_strdup (eq + 1));
        }
      options.annotator_map = annotator_table;
    }

  store = cli_open_store (argv[1], FALSE);
  if (store == NULL)
    return CLI_EXIT_DATA;

  /* One transaction for the files, a savepoint each, committed every few seconds: few
   * syncs; a file's lines are printed once it is committed. */
  batch = hashiya_import_batch_new (store, 0, 0);
  pending = g_ptr_array_new_with_free_func ((GDestroyNotify) hashiya_import_report_free);
  for (int i = 2; i < argc; i++)
    {
      const char *path = argv[i];
      g_autoptr(HashiyaImportReport) report = hashiya_import_report_new (path);
      g_autoptr(GError) error = NULL;

      if (!hashiya_import_batch_add_file (batch, path, &options, report, NULL, &error))
        {
          cli_fail (path, error);
          any_failed = TRUE;
        }
      else
        g_ptr_array_add (pending, g_steal_pointer (&report));

      if (i == argc - 1 || hashiya_import_batch_is_due (batch))
        {
          if (!hashiya_import_batch_commit (batch, &error))
            {
              for (guint k = 0; k < pending->len; k++)
                cli_fail (((HashiyaImportReport *) pending->pdata[k])->path, error);
              any_failed = TRUE;
            }
          else
            for (guint k = 0; k < pending->len; k++)
              {
                HashiyaImportReport *r = pending->pdata[k];
                print_import_report (r->path, r, quiet);
              }
          g_ptr_array_set_size (pending, 0);
        }
    }

  return any_failed ? CLI_EXIT_DATA : CLI_EXIT_OK;
}

/* ---- list ---------------------------------------------------------------------------- */

int
cli_cmd_list (int argc, char **argv)
{
  g_autoptr(HashiyaStore) store = NULL;
  g_autoptr(GPtrArray) docs = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  if (!cli_parse_options ("list", _("PROJECT"), _("List the documents of a project: id, length in characters, "
                                                  "comments, judged comments, spans, done, source."),
                          NULL, NULL, &argc, &argv))
    return CLI_EXIT_USAGE;
  if (!check_args ("list", argc, 1, 1, &status))
    return status;

  store = cli_open_store (argv[1], FALSE);
  if (store == NULL)
    return CLI_EXIT_DATA;

  docs = hashiya_store_list_documents (store, &error);
  if (docs == NULL)
    return cli_fail (argv[1], error);

  g_print ("%6s %10s %8s %6s %7s %4s  %s\n", _("ID"), _("CHARS"), _("COMMENTS"), _("JUDGED"),
           _("SPANS"), _("DONE"), _("SOURCE"));
  for (guint i = 0; i < docs->len; i++)
    {
      HashiyaDocument *d = g_ptr_array_index (docs, i);
      g_print ("%6" G_GINT64_FORMAT " %10" G_GINT64_FORMAT " %8u %6u %7u %4s  %s\n",
               d->id, d->length, d->n_comments, d->n_judged, d->n_spans,
               d->done ? _("yes") : _("no"), d->source);
    }
  return CLI_EXIT_OK;
}

/* ---- show ---------------------------------------------------------------------------- */

static char *
export_document_json (HashiyaStore *store,
                      gint64        doc_id,
                      GError      **error)
{
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(HashiyaExportReport) report = hashiya_export_report_new ();
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  HashiyaExportOptions options;
  char *data;
  gsize len;

  g_array_append_val (ids, doc_id);
  hashiya_export_options_init (&options);
  options.format = HASHIYA_FORMAT_JSONL;
  options.doc_ids = ids;

  if (!hashiya_export_to_stream (store, &options, out, report, NULL, error))
    return NULL;
  if (!g_output_stream_write_all (out, "", 1, NULL, NULL, error) ||
      !g_output_stream_close (out, NULL, error))
    return NULL;

  data = g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (out));
  len = strlen (data);
  while (len > 0 && data[len - 1] == '\n')
    data[--len] = '\0';
  return data;
}

static const char *
tristate (int value)
{
  return value < 0 ? "-" : value ? _("yes") : _("no");
}

int
cli_cmd_show (int argc, char **argv)
{
  g_autoptr(HashiyaStore) store = NULL;
  g_autoptr(HashiyaDocument) doc = NULL;
  g_autoptr(HashiyaText) text = NULL;
  g_autoptr(GArray) segments = NULL;
  g_autoptr(GPtrArray) spans = NULL;
  g_autoptr(GPtrArray) judgements = NULL;
  g_autoptr(GError) error = NULL;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      N_("Print the document object of the JSON export instead"), NULL },
    { NULL }
  };
  gint64 doc_id;
  int status = 0;

  if (!cli_parse_options ("show", _("PROJECT DOC"),
                          _("Show a document: its segments with their kind, index and code-point range, "
                            "its entity spans and its comment judgements."),
                          NULL, entries, &argc, &argv))
    return CLI_EXIT_USAGE;
  if (!check_args ("show", argc, 2, 2, &status))
    return status;

  store = open_store_doc (argv[1], argv[2], &doc_id);
  if (store == NULL)
    return CLI_EXIT_DATA;

  if (json)
    {
      g_autofree char *data = export_document_json (store, doc_id, &error);
      if (data == NULL)
        return cli_fail (argv[1], error);
      g_print ("%s\n", data);
      return CLI_EXIT_OK;
    }

  if ((doc = hashiya_store_get_document (store, doc_id, &error)) == NULL ||
      (text = hashiya_store_get_text (store, doc_id, &error)) == NULL ||
      (segments = hashiya_store_get_segments (store, doc_id, &error)) == NULL ||
      (spans = hashiya_store_list_spans (store, doc_id, &error)) == NULL ||
      (judgements = hashiya_store_list_judgements (store, doc_id, &error)) == NULL)
    return cli_fail (argv[1], error);

  g_print (_("document %" PRId64 ": %s\n"), doc->id, doc->source);
  g_print (_("  sha256 %s, %" PRId64 " characters, %u comments, %u spans%s\n"),
           doc->sha256, doc->length, doc->n_comments, doc->n_spans,
           doc->done ? _(", done") : "");
  if (doc->date != NULL)
    g_print (_("  date %s\n"), doc->date);

  g_print ("\n%s\n", _("segments (INDEX KIND START-END: text):"));
  for (guint i = 0; i < segments->len; i++)
    {
      const HashiyaSegment *seg = &g_array_index (segments, HashiyaSegment, i);
      g_autofree char *slice = hashiya_text_slice (text, seg->start, seg->end);
      g_autofree char *kind = NULL;

      if (seg->kind == HASHIYA_SEGMENT_COMMENT)
        kind = g_strdup_printf ("comment %d", seg->comment_index);
      else
        kind = g_strdup (hashiya_segment_kind_to_string (seg->kind));
      g_print ("[%u] %s %" G_GINT64_FORMAT "-%" G_GINT64_FORMAT ": %s\n",
               i, kind, seg->start, seg->end, slice);
    }

  g_print ("\n%s\n", _("spans (ID LABEL START-END text annotator/origin):"));
  for (guint i = 0; i < spans->len; i++)
    {
      const HashiyaSpan *span = g_ptr_array_index (spans, i);
      g_autofree char *slice = hashiya_text_slice (text, span->start, span->end);

      g_print ("%" G_GINT64_FORMAT " %s %" G_GINT64_FORMAT "-%" G_GINT64_FORMAT " «%s» %s/%s%s%s%s%s\n",
               span->id, span->label, span->start, span->end, slice,
               span->annotator, span->origin,
               span->value ? " value: " : "", span->value ? span->value : "",
               span->note ? " note: " : "", span->note ? span->note : "");
    }

  g_print ("\n%s\n", _("judgements (COMMENT annotator: sentiment offensive hate decision note):"));
  for (guint i = 0; i < judgements->len; i++)
    {
      const HashiyaJudgement *j = g_ptr_array_index (judgements, i);
      const char *sentiment = hashiya_sentiment_to_string (j->sentiment);
      const char *decision = hashiya_decision_to_string (j->decision);

      g_print (_("comment %d %s: sentiment %s, offensive %s, hate %s, decision %s%s%s\n"),
               j->comment_index, j->annotator, sentiment ? sentiment : "-",
               tristate (j->offensive), tristate (j->hate_speech), decision ? decision : "-",
               j->note ? _(", note: ") : "", j->note ? j->note : "");
    }
  return CLI_EXIT_OK;
}

/* ---- tag / untag ---------------------------------------------------------------------- */

int
cli_cmd_tag (int argc, char **argv)
{
  g_autoptr(HashiyaStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *annotator = NULL;
  gboolean across = FALSE;
  GOptionEntry entries[] = { ANNOTATOR_ENTRY (annotator),
                             { "across-segments", 0, 0, G_OPTION_ARG_NONE, &across,
                               N_("Allow a span that crosses a segment boundary (title into byline…)"), NULL },
                             { NULL } };
  gint64 doc_id, start, end, span_id;
  int status = 0;

  if (!cli_parse_options ("tag", _("PROJECT DOC START END LABEL"),
                          _("Add an entity span [START, END) in code points to a document and print "
                            "its id. Both ends must fall on character (grapheme) boundaries; nested "
                            "and overlapping spans are allowed, an exact duplicate is not; a span "
                            "that crosses a segment boundary is refused unless --across-segments."),
                          NULL, entries, &argc, &argv))
    return CLI_EXIT_USAGE;
  if (!check_args ("tag", argc, 5, 5, &status))
    return status;
  if (!parse_uint_arg ("tag", "START", argv[3], &start, &status) ||
      !parse_uint_arg ("tag", "END", argv[4], &end, &status))
    return status;

  store = open_store_doc (argv[1], argv[2], &doc_id);
  if (store == NULL)
    return CLI_EXIT_DATA;
  if (!across && start < end)
    {
      g_autoptr(GArray) segments = hashiya_store_get_segments (store, doc_id, NULL);
      g_autoptr(HashiyaText) text = hashiya_store_get_text (store, doc_id, NULL);
      int inside, into;

      /* (a range outside the text gets the store's own message below) */
      if (text != NULL && end <= (gint64) hashiya_text_get_length (text)
          && hashiya_span_crosses_segments (segments, start, end, &inside, &into))
        {
          g_autofree char *msg = hashiya_span_crossing_message (segments, inside, into);
          g_printerr (_("hashiya-cli: %s (document %" PRId64 ", %" PRId64 "-%" PRId64 " %s; "
                        "--across-segments allows it)\n"), msg, doc_id, start, end, argv[5]);
          return CLI_EXIT_DATA;
        }
    }

  span_id = hashiya_store_add_span (store, doc_id, start, end, argv[5],
                                    cli_annotator (annotator), "manual", &error);
  if (span_id <= 0)
    {
      g_autofree char *where = g_strdup_printf (_("document %" PRId64 ", %" PRId64
                                                  "-%" PRId64 " %s"),
                                                doc_id, start, end, argv[5]);
      return cli_fail (where, error);
    }
  g_print ("%" G_GINT64_FORMAT "\n", span_id);
  return CLI_EXIT_OK;
}

int
cli_cmd_untag (int argc, char **argv)
{
  g_autoptr(HashiyaStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *annotator = NULL;
  GOptionEntry entries[] = { ANNOTATOR_ENTRY (annotator), { NULL } };
  gint64 span_id;
  int status = 0;

  if (!cli_parse_options ("untag", _("PROJECT SPAN_ID"), _("Remove an entity span by its id."),
                          NULL, entries, &argc, &argv))
    return CLI_EXIT_USAGE;
  if (!check_args ("untag", argc, 2, 2, &status))
    return status;
  if (!parse_uint_arg ("untag", "SPAN_ID", argv[2], &span_id, &status))
    return status;

  store = cli_open_store (argv[1], FALSE);
  if (store == NULL)
    return CLI_EXIT_DATA;
  if (!hashiya_store_remove_span (store, span_id, &error))
    return cli_fail (argv[1], error);
  g_print (_("removed span %" PRId64 "\n"), span_id);
  return CLI_EXIT_OK;
}

/* ---- judge ------------------------------------------------------------------------------ */

static gboolean
parse_yes_no (const char *str, int *out)
{
  if (str == NULL)
    return TRUE;
  if (g_str_equal (str, "yes"))
    *out = 1;
  else if (g_str_equal (str, "no"))
    *out = 0;
  else if (g_str_equal (str, "unset"))
    *out = -1;
  else
    return FALSE;
  return TRUE;
}

int
cli_cmd_judge (int argc, char **argv)
{
  g_autoptr(HashiyaStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HashiyaJudgement) existing = NULL;
  g_autofree char *annotator = NULL;
  g_autofree char *sentiment = NULL;
  g_autofree char *offensive = NULL;
  g_autofree char *hate = NULL;
  g_autofree char *decision = NULL;
  g_autofree char *note = NULL;
  g_auto(GStrv) sets = NULL;
  gboolean clear = FALSE;
  GOptionEntry entries[] = {
    { "set", 0, 0, G_OPTION_ARG_STRING_ARRAY, &sets,
      N_("Set any field of the project's judgement schema (repeatable; VALUE unset clears it; "
         "a multi-choice field takes A,B)"), N_("FIELD=VALUE") },
    { "sentiment", 's', 0, G_OPTION_ARG_STRING, &sentiment,
      N_("positive, negative, neutral or mixed (unset clears it)"), N_("SENTIMENT") },
    { "offensive", 0, 0, G_OPTION_ARG_STRING, &offensive,
      N_("yes or no (unset clears it)"), N_("yes|no") },
    { "hate", 0, 0, G_OPTION_ARG_STRING, &hate,
      N_("Hate speech: yes or no (unset clears it)"), N_("yes|no") },
    { "decision", 0, 0, G_OPTION_ARG_STRING, &decision,
      N_("Moderation decision: approve, review or reject (unset clears it)"), N_("DECISION") },
    { "note", 0, 0, G_OPTION_ARG_STRING, &note,
      N_("A free-text note (an empty note clears it)"), N_("TEXT") },
    { "clear", 0, 0, G_OPTION_ARG_NONE, &clear,
      N_("Remove the annotator's whole judgement of the comment"), NULL },
    ANNOTATOR_ENTRY (annotator),
    { NULL }
  };
  HashiyaJudgement j = { 0 };
  HashiyaSentiment new_sentiment = HASHIYA_SENTIMENT_NONE;
  HashiyaDecision new_decision = HASHIYA_DECISION_NONE;
  int new_offensive = -1, new_hate = -1;
  gint64 doc_id, index;
  const char *who;
  int status = 0;

  if (!cli_parse_options ("judge", _("PROJECT DOC COMMENT_INDEX"),
                          _("Record a judgement of reader comment COMMENT_INDEX (1..n, as “show” numbers "
                            "them). Options not given keep the annotator's earlier values; --clear "
                            "removes the judgement."),
                          NULL, entries, &argc, &argv))
    return CLI_EXIT_USAGE;
  if (!check_args ("judge", argc, 3, 3, &status))
    return status;
  if (!parse_uint_arg ("judge", "COMMENT_INDEX", argv[3], &index, &status))
    return status;
  if (index > G_MAXINT)
    return cli_usage_error ("judge", _("COMMENT_INDEX is too large: “%s” (at most %d)"), argv[3],
                            G_MAXINT);
  if (index < 1)
    return cli_usage_error ("judge", _("COMMENT_INDEX counts from 1, not “%s”"), argv[3]);
  if (clear && (sentiment != NULL || offensive != NULL || hate != NULL || decision != NULL ||
                note != NULL || sets != NULL))
    return cli_usage_error ("judge", _("--clear goes alone, without --set, --sentiment, --offensive, "
                                       "--hate, --decision or --note"));
  if (!clear && sentiment == NULL && offensive == NULL && hate == NULL && decision == NULL &&
      note == NULL && sets == NULL)
    return cli_usage_error ("judge", _("nothing to record: give --set, --sentiment, --offensive, "
                                       "--hate, --decision, --note or --clear"));
  if (!cli_judge_check_sets (sets, &status))
    return status;

  /* Check every value before touching the project: a usage error changes nothing. */
  if (sentiment != NULL && !g_str_equal (sentiment, "unset") &&
      !hashiya_sentiment_from_string (sentiment, &new_sentiment))
    return cli_usage_error ("judge", _("--sentiment is positive, negative, neutral or mixed, not “%s”"),
                            sentiment);
  if (!parse_yes_no (offensive, &new_offensive))
    return cli_usage_error ("judge", _("--offensive is yes or no, not “%s”"), offensive);
  if (!parse_yes_no (hate, &new_hate))
    return cli_usage_error ("judge", _("--hate is yes or no, not “%s”"), hate);
  if (decision != NULL && !g_str_equal (decision, "unset") &&
      !hashiya_decision_from_string (decision, &new_decision))
    return cli_usage_error ("judge", _("--decision is approve, review or reject, not “%s”"), decision);

  who = cli_annotator (annotator);
  store = open_store_doc (argv[1], argv[2], &doc_id);
  if (store == NULL)
    return CLI_EXIT_DATA;

  if (clear)
    {
      g_autofree char *where = g_strdup_printf (_("document %" PRId64 ", comment %d"),
                                                doc_id, (int) index);
      g_autoptr(HashiyaJudgement) old = hashiya_store_get_judgement (store, doc_id, (int) index,
                                                                     who, &error);

      if (old == NULL && error != NULL)
        return cli_fail (where, error);
      if (old == NULL)
        {
          cli_error (where, _("no judgement by %s to remove"), who);
          return CLI_EXIT_DATA;
        }
      if (!hashiya_store_clear_judgement (store, doc_id, (int) index, who, &error))
        return cli_fail (where, error);
      g_print (_("comment %d of document %" PRId64 ": judgement by %s removed\n"),
               (int) index, doc_id, who);
      return CLI_EXIT_OK;
    }

  /* Merge with this annotator's earlier judgement of the comment. */
  existing = hashiya_store_get_judgement (store, doc_id, (int) index, who, &error);
  if (existing == NULL && error != NULL)
    return cli_fail (argv[1], error);

  if (existing != NULL)
    j = *existing;
  else
    {
      j.sentiment = HASHIYA_SENTIMENT_NONE;
      j.offensive = -1;
      j.hate_speech = -1;
      j.decision = HASHIYA_DECISION_NONE;
      j.note = NULL;
    }
  j.doc_id = doc_id;
  j.comment_index = (int) index;
  j.annotator = (char *) who;
  if (sentiment != NULL)
    j.sentiment = new_sentiment;
  if (offensive != NULL)
    j.offensive = new_offensive;
  if (hate != NULL)
    j.hate_speech = new_hate;
  if (decision != NULL)
    j.decision = new_decision;
  if (note != NULL)
    j.note = g_strdup (*note ? note : NULL);
  else
    j.note = g_strdup (j.note);
  /* j owns its note and values from here (existing keeps its own) */
  j.values = NULL;
  if (existing != NULL && existing->values != NULL)
    {
      g_autoptr(HashiyaJudgement) copy = hashiya_judgement_copy (existing);
      j.values = g_steal_pointer (&copy->values);
    }

  if (!cli_judge_apply_sets (store, &j, sets, &error)
      || !hashiya_store_set_judgement (store, &j, &error))
    {
      g_autofree char *where = g_strdup_printf (_("document %" PRId64 ", comment %d"),
                                                doc_id, (int) index);
      g_free (j.note);
      g_clear_pointer (&j.values, g_hash_table_unref);
      return cli_fail (where, error);
    }

  {
    const char *s = hashiya_sentiment_to_string (j.sentiment);
    const char *d = hashiya_decision_to_string (j.decision);
    g_print (_("comment %d of document %" PRId64 " by %s: sentiment %s, offensive %s, hate %s, decision %s\n"),
             j.comment_index, doc_id, who, s ? s : "-", tristate (j.offensive),
             tristate (j.hate_speech), d ? d : "-");
    if (j.values != NULL && g_hash_table_size (j.values) > 0)
      {
        g_autoptr(GList) keys = g_list_sort (g_hash_table_get_keys (j.values), (GCompareFunc) strcmp);

        for (GList *l = keys; l != NULL; l = l->next)
          g_print ("  %s=%s\n", (const char *) l->data,
                   (const char *) g_hash_table_lookup (j.values, l->data));
      }
  }
  g_free (j.note);
  g_clear_pointer (&j.values, g_hash_table_unref);
  return CLI_EXIT_OK;
}

/* ---- segment ------------------------------------------------------------------------------ */

int
cli_cmd_segment (int argc, char **argv)
{
  g_autoptr(HashiyaStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) segments = NULL;
  g_autofree char *annotator = NULL;
  GOptionEntry entries[] = { ANNOTATOR_ENTRY (annotator), { NULL } };
  HashiyaSegmentKind kind;
  gint64 doc_id, index;
  int status = 0;

  if (!cli_parse_options ("segment", _("PROJECT DOC SEGMENT_INDEX KIND"),
                          _("Correct the kind of segment SEGMENT_INDEX (0-based, as “show” prints it). "
                            "KIND is site, title, byline, paragraph, heading, caption, boilerplate or "
                            "comment; comments are numbered again and keep their judgements."),
                          NULL, entries, &argc, &argv))
    return CLI_EXIT_USAGE;
  if (!check_args ("segment", argc, 4, 4, &status))
    return status;
  if (!parse_uint_arg ("segment", "SEGMENT_INDEX", argv[3], &index, &status))
    return status;
  if (!hashiya_segment_kind_from_string (argv[4], &kind))
    return cli_usage_error ("segment", _("unknown segment kind “%s”"), argv[4]);

  store = open_store_doc (argv[1], argv[2], &doc_id);
  if (store == NULL)
    return CLI_EXIT_DATA;

  if (index > G_MAXUINT ||
      !hashiya_store_set_segment_kind (store, doc_id, (guint) index, kind, &error))
    {
      g_autofree char *where = g_strdup_printf (_("document %" PRId64 ", segment %" PRId64),
                                                doc_id, index);
      if (error == NULL)
        g_set_error (&error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_NOT_FOUND,
                     _("no such segment"));
      return cli_fail (where, error);
    }

  segments = hashiya_store_get_segments (store, doc_id, NULL);
  if (segments != NULL && index < segments->len)
    {
      const HashiyaSegment *seg = &g_array_index (segments, HashiyaSegment, index);
      if (seg->kind == HASHIYA_SEGMENT_COMMENT)
        g_print (_("segment %" PRId64 " of document %" PRId64 " is now comment %d\n"),
                 index, doc_id, seg->comment_index);
      else
        g_print (_("segment %" PRId64 " of document %" PRId64 " is now %s\n"),
                 index, doc_id, hashiya_segment_kind_to_string (seg->kind));
    }
  return CLI_EXIT_OK;
}

/* ---- labels -------------------------------------------------------------------------------- */

static int
labels_list (HashiyaStore *store, const char *path)
{
  g_autoptr(GPtrArray) labels = NULL;
  g_autoptr(HashiyaStats) stats = NULL;
  g_autoptr(GError) error = NULL;

  labels = hashiya_store_list_labels (store, &error);
  if (labels == NULL)
    return cli_fail (path, error);
  stats = hashiya_store_get_stats (store, NULL);

  g_print ("%3s %-12s %-8s %3s %7s\n", _("POS"), _("NAME"), _("COLOR"), _("KEY"), _("SPANS"));
  for (guint i = 0; i < labels->len; i++)
    {
      const HashiyaLabel *l = g_ptr_array_index (labels, i);
      guint count = 0;

      for (guint k = 0; stats != NULL && stats->label_names != NULL && k < stats->label_names->len; k++)
        if (g_str_equal (g_ptr_array_index (stats->label_names, k), l->name) &&
            k < stats->label_counts->len)
          count = g_array_index (stats->label_counts, guint, k);

      g_print ("%3d %-12s %-8s %3s %7u\n", l->position, l->name, l->color,
               l->key ? l->key : "-", count);
    }
  return CLI_EXIT_OK;
}

int
cli_cmd_labels (int argc, char **argv)
{
  g_autoptr(HashiyaStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *annotator = NULL;
  g_autofree char *color = NULL;
  g_autofree char *key = NULL;
  GOptionEntry entries[] = {
    { "color", 0, 0, G_OPTION_ARG_STRING, &color, N_("add: the colour, #rrggbb (default: a distinct one)"), N_("#RRGGBB") },
    { "colour", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, &color, NULL, NULL },
    { "key", 0, 0, G_OPTION_ARG_STRING, &key, N_("add: the shortcut key, 1-9"), N_("K") },
    ANNOTATOR_ENTRY (annotator),
    { NULL }
  };
  const char *sub;
  const char *path;
  gboolean ok = FALSE;
  int status = 0;

  if (!cli_parse_options ("labels", _("PROJECT [list | add NAME | rename OLD NEW | recolour NAME #RRGGBB | "
                                      "key NAME K | move NAME POS | remove NAME]"),
                          _("List the label palette (the default) or change it. Removing a label that "
                            "spans still use is refused; “key NAME none” clears a shortcut."),
                          NULL, entries, &argc, &argv))
    return CLI_EXIT_USAGE;
  if (!check_args ("labels", argc, 1, 4, &status))
    return status;

  path = argv[1];
  sub = argc > 2 ? argv[2] : "list";

#define NEED(n) G_STMT_START { \
    if (MAX (argc - 3, 0) != (n)) \
      return cli_usage_error ("labels", _("“labels %s” takes %d argument(s)"), sub, (n)); \
  } G_STMT_END

  if (g_str_equal (sub, "list"))
    NEED (0);
  else if (g_str_equal (sub, "add") || g_str_equal (sub, "remove"))
    NEED (1);
  else if (g_str_equal (sub, "rename") || g_str_equal (sub, "recolour") ||
           g_str_equal (sub, "recolor") || g_str_equal (sub, "key") || g_str_equal (sub, "move"))
    NEED (2);
  else
    return cli_usage_error ("labels", _("unknown labels subcommand “%s”"), sub);
#undef NEED

  if ((color != NULL || key != NULL) && !g_str_equal (sub, "add"))
    return cli_usage_error ("labels", _("--color and --key go with “labels add”"));
  if (color != NULL && !is_color (color))
    return cli_usage_error ("labels", _("a colour is #rrggbb, not “%s”"), color);
  if ((g_str_equal (sub, "recolour") || g_str_equal (sub, "recolor")) && !is_color (argv[4]))
    return cli_usage_error ("labels", _("a colour is #rrggbb, not “%s”"), argv[4]);

  store = cli_open_store (path, FALSE);
  if (store == NULL)
    return CLI_EXIT_DATA;

  if (g_str_equal (sub, "list"))
    return labels_list (store, path);

  if (g_str_equal (sub, "add"))
    {
      ok = hashiya_store_add_label (store, argv[3], color, key, &error) > 0;
      if (ok)
        g_print (_("added label %s\n"), argv[3]);
    }
  else if (g_str_equal (sub, "rename"))
    {
      ok = hashiya_store_rename_label (store, argv[3], argv[4], &error);
      if (ok)
        g_print (_("renamed label %s to %s\n"), argv[3], argv[4]);
    }
  else if (g_str_equal (sub, "recolour") || g_str_equal (sub, "recolor"))
    {
      ok = hashiya_store_set_label_color (store, argv[3], argv[4], &error);
      if (ok)
        g_print (_("label %s is now %s\n"), argv[3], argv[4]);
    }
  else if (g_str_equal (sub, "key"))
    {
      const char *k = g_str_equal (argv[4], "none") || *argv[4] == '\0' ? NULL : argv[4];
      ok = hashiya_store_set_label_key (store, argv[3], k, &error);
      if (ok)
        g_print (_("label %s has key %s\n"), argv[3], k ? k : _("none"));
    }
  else if (g_str_equal (sub, "move"))
    {
      gint64 pos;
      if (!parse_uint_arg ("labels", "POS", argv[4], &pos, &status))
        return status;
      ok = pos <= G_MAXINT && hashiya_store_move_label (store, argv[3], (int) pos, &error);
      if (ok)
        {
          /* a position past the end puts the label last: print where it really is */
          g_autoptr(HashiyaLabel) moved = hashiya_store_get_label (store, argv[3], NULL);

          g_print (_("moved label %s to position %d\n"), argv[3],
                   moved != NULL ? moved->position : (int) pos);
        }
      else if (error == NULL)
        g_set_error (&error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_INVALID,
                     _("position out of range"));
    }
  else if (g_str_equal (sub, "remove"))
    {
      ok = hashiya_store_remove_label (store, argv[3], &error);
      if (ok)
        g_print (_("removed label %s\n"), argv[3]);
    }

  if (!ok)
    {
      g_autofree char *where = g_strdup_printf (_("label “%s” in %s"), argv[3], path);
      return cli_fail (where, error);
    }
  return CLI_EXIT_OK;
}

/* ---- stats -------------------------------------------------------------------------------------- */

int
cli_cmd_stats (int argc, char **argv)
{
  g_autoptr(HashiyaStore) store = NULL;
  g_autoptr(HashiyaStats) stats = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  if (!cli_parse_options ("stats", _("PROJECT"), _("Print counts of documents, segments, comments, "
                                                   "spans (per label), judgements and annotators."),
                          NULL, NULL, &argc, &argv))
    return CLI_EXIT_USAGE;
  if (!check_args ("stats", argc, 1, 1, &status))
    return status;

  store = cli_open_store (argv[1], FALSE);
  if (store == NULL)
    return CLI_EXIT_DATA;
  stats = hashiya_store_get_stats (store, &error);
  if (stats == NULL)
    return cli_fail (argv[1], error);

  g_print (_("documents:   %u\n"), stats->n_documents);
  g_print (_("characters:  %" PRId64 "\n"), stats->n_chars);
  g_print (_("segments:    %u\n"), stats->n_segments);
  g_print (_("comments:    %u\n"), stats->n_comments);
  g_print (_("spans:       %u\n"), stats->n_spans);
  g_print (_("judgements:  %u\n"), stats->n_judgements);
  g_print (_("annotators:  %u\n"), stats->n_annotators);
  g_print ("%s\n", _("spans per label:"));
  for (guint i = 0; stats->label_names != NULL && i < stats->label_names->len; i++)
    g_print ("  %-12s %u\n", (const char *) g_ptr_array_index (stats->label_names, i),
             i < stats->label_counts->len ? g_array_index (stats->label_counts, guint, i) : 0);
  return CLI_EXIT_OK;
}
