/* cli-export.c: hashiya-cli export (any writable format of the registry; interruptible, with the loss report)
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <inttypes.h>

#include <signal.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib-unix.h>

#include "hashiya-cli.h"
#include "hashiya-export.h"

/* ---- export ---------------------------------------------------------------------------------- */

static void
print_loss_report (const HashiyaExportReport *report,
                   const char                *format)
{
  guint counts[HASHIYA_LOSS_NO_FIELD + 1] = { 0 };
  g_autoptr(GString) buf = NULL;

  if (report->items == NULL || report->items->len == 0)
    return;

  /* stderr is unbuffered: a report of 100k lines written line by line costs 100k
   * system calls, more than the export itself. Write it in large blocks. */
  buf = g_string_sized_new (64 * 1024);
  for (guint i = 0; i < report->items->len; i++)
    {
      const HashiyaLossItem *item = g_ptr_array_index (report->items, i);
      g_autofree char *line = hashiya_loss_item_to_string (item);

      if ((guint) item->kind <= HASHIYA_LOSS_NO_FIELD)
        counts[item->kind]++;
      g_string_append (buf, line);
      g_string_append_c (buf, '\n');
      if (buf->len >= 60 * 1024)
        {
          fwrite (buf->str, 1, buf->len, stderr);
          g_string_truncate (buf, 0);
        }
    }
  fwrite (buf->str, 1, buf->len, stderr);
  {
    g_autofree char *spans = NULL;
    g_autofree char *fields = NULL;

    spans = g_strdup_printf (ngettext ("%u span dropped, %u widened, %u merged, %u cut at a sentence break",
                                       "%u spans dropped, %u widened, %u merged, %u cut at a sentence break",
                                       counts[HASHIYA_LOSS_DROPPED]),
                             counts[HASHIYA_LOSS_DROPPED], counts[HASHIYA_LOSS_WIDENED],
                             counts[HASHIYA_LOSS_MERGED], counts[HASHIYA_LOSS_CROSSES_SENTENCE]);
    fields = g_strdup_printf (ngettext ("%u item without a field in %s",
                                        "%u items without a field in %s",
                                        counts[HASHIYA_LOSS_NO_FIELD]),
                              counts[HASHIYA_LOSS_NO_FIELD], format);
    /* TRANSLATORS: the two counts above, then the number of report lines */
    g_printerr (_("%s; %s (%u in all)\n"), spans, fields, report->items->len);
  }
}

/* --print-config: the format's set-up file (Label Studio's labelling config) for this
 * project's labels and judgement schema */
static int
print_format_config (const HashiyaFormatDesc *desc,
                     HashiyaStore            *store,
                     const char              *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *config = hashiya_export_format_config (store, desc, &error);

  if (config == NULL)
    return cli_fail (path, error);
  fputs (config, stdout);
  return CLI_EXIT_OK;
}

/* ---- export into a file, interruptible -------------------------------------------------------- */

/* An export to -o writes a temporary file beside the target and renames it at the end. Killed by
 * Ctrl-C or SIGTERM half-way, it would leave that temporary file behind: so the export runs in a
 * thread while the main loop waits for SIGINT/SIGTERM, which cancel it; the core then removes its
 * temporary file, and the signal is raised again so the caller still sees us killed by it. */
typedef struct
{
  HashiyaStore               *store;
  const HashiyaExportOptions *options;
  const char                 *output;
  HashiyaExportReport        *report;
  GCancellable               *cancellable;
  GMainLoop                  *loop;
  gboolean                    ok;
  GError                     *error;
  int                         signum;
} CliExportJob;

static gboolean
export_job_quit (gpointer data)
{
  g_main_loop_quit (((CliExportJob *) data)->loop);
  return G_SOURCE_REMOVE;
}

static gpointer
export_job_thread (gpointer data)
{
  CliExportJob *job = data;

  job->ok = hashiya_export_to_file (job->store, job->options, job->output, job->report,
                                    job->cancellable, &job->error);
  g_idle_add (export_job_quit, job);
  return NULL;
}

static gboolean
export_job_on_signal (CliExportJob *job,
                      int           signum)
{
  if (job->signum == 0)
    job->signum = signum;
  g_cancellable_cancel (job->cancellable);
  return G_SOURCE_CONTINUE;
}

static gboolean
export_job_on_sigint (gpointer data)
{
  return export_job_on_signal (data, SIGINT);
}

static gboolean
export_job_on_sigterm (gpointer data)
{
  return export_job_on_signal (data, SIGTERM);
}

/* A signal the shell told us to ignore (a background job's SIGINT) stays ignored. */
static guint
export_job_watch (int         signum,
                  GSourceFunc func,
                  gpointer    data)
{
  struct sigaction old;

  if (sigaction (signum, NULL, &old) == 0 && old.sa_handler == SIG_IGN)
    return 0;
  return g_unix_signal_add (signum, func, data);
}

/* Returns what hashiya_export_to_file returns; *signum is the signal that cancelled it (or 0). */
static gboolean
export_to_file_interruptible (HashiyaStore               *store,
                              const HashiyaExportOptions *options,
                              const char                 *output,
                              HashiyaExportReport        *report,
                              int                        *signum,
                              GError                    **error)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  CliExportJob job = { store, options, output, report, cancellable, loop, FALSE, NULL, 0 };
  guint sigint_id, sigterm_id;
  GThread *thread;

  sigint_id = export_job_watch (SIGINT, export_job_on_sigint, &job);
  sigterm_id = export_job_watch (SIGTERM, export_job_on_sigterm, &job);
  thread = g_thread_new ("hashiya-export", export_job_thread, &job);
  g_main_loop_run (loop);
  g_thread_join (thread);
  if (sigint_id != 0)
    g_source_remove (sigint_id);
  if (sigterm_id != 0)
    g_source_remove (sigterm_id);

  *signum = job.signum;
  if (!job.ok)
    g_propagate_error (error, job.error);
  else
    g_clear_error (&job.error);
  return job.ok;
}

int
cli_cmd_export (int argc, char **argv)
{
  g_autoptr(HashiyaStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HashiyaExportReport) report = NULL;
  g_autoptr(GArray) doc_ids = NULL;
  g_autofree char *format = NULL;
  g_autofree char *output = NULL;
  g_autofree char *scheme = NULL;
  g_autofree char *separator = NULL;
  g_autofree char *nested = NULL;
  g_autofree char *offsets = NULL;
  g_autofree char *clitics = NULL;
  g_autofree char *scope = NULL;
  g_autofree char *annotator = NULL;
  g_autofree char *spacy_spans = NULL;
  g_auto(GStrv) documents = NULL;
  gboolean strict = FALSE;
  gboolean docstart = FALSE;
  gboolean print_config = FALSE;
  int columns = 0;
  const HashiyaFormatDesc *desc;
  g_autofree char *format_help = hashiya_format_registry_join (HASHIYA_FORMAT_LIST_WRITABLE,
                                                               C_("format choices", ", "),
                                                               /* TRANSLATORS: before the last of the --format words a user may choose from */
                                                               C_("format choices", " or "));
  g_autofree char *format_words = hashiya_format_registry_join (HASHIYA_FORMAT_LIST_WRITABLE,
                                                                C_("format choices", ", "), NULL);
  GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format, format_help, N_("FORMAT") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("Write to FILE (a folder for brat) instead of standard output"), N_("FILE") },
    { "scheme", 0, 0, G_OPTION_ARG_STRING, &scheme,
      N_("CoNLL tag scheme: bio (default), iob1 or bioes"), N_("SCHEME") },
    { "columns", 0, 0, G_OPTION_ARG_INT, &columns,
      N_("CoNLL columns: 2 (token TAG, default) or 4 (token POS chunk TAG)"), N_("N") },
    { "separator", 0, 0, G_OPTION_ARG_STRING, &separator,
      N_("CoNLL column separator: space (default) or tab"), N_("SEP") },
    { "nested", 0, 0, G_OPTION_ARG_STRING, &nested,
      N_("CoNLL nested spans: outer (default), inner or columns (one tag column per level)"), N_("MODE") },
    { "clitics", 0, 0, G_OPTION_ARG_STRING, &clitics,
      N_("CoNLL clitics: token (tag the whole token, default) or split"), N_("MODE") },
    { "scope", 0, 0, G_OPTION_ARG_STRING, &scope,
      N_("Which text: all (default), article or comments"), N_("SCOPE") },
    { "docstart", 0, 0, G_OPTION_ARG_NONE, &docstart,
      N_("CoNLL: write -DOCSTART- before each document"), NULL },
    { "offsets", 0, 0, G_OPTION_ARG_STRING, &offsets,
      N_("doccano offsets: utf16 (default) or codepoint"), N_("UNIT") },
    { "strict", 0, 0, G_OPTION_ARG_NONE, &strict,
      N_("Fail, writing nothing, if the format cannot hold everything"), NULL },
    { "annotator", 0, 0, G_OPTION_ARG_STRING, &annotator,
      N_("Only this annotator's spans and judgements (default: everybody's)"), N_("NAME") },
    { "document", 'd', 0, G_OPTION_ARG_STRING_ARRAY, &documents,
      N_("Only this document (id or source name; repeatable)"), N_("DOC") },
    { "spacy-spans", 0, 0, G_OPTION_ARG_STRING, &spacy_spans,
      N_("spaCy: spans with an edge inside a token: exact (default, reported), widen (to token "
         "edges) or tokens (write the tokens, split at span edges)"), N_("MODE") },
    { "print-config", 0, 0, G_OPTION_ARG_NONE, &print_config,
      N_("Label Studio: print the labelling config that shows everything the export holds, "
         "instead of exporting"), NULL },
    { NULL }
  };
  HashiyaExportOptions options;
  gboolean ok;
  int status = 0;

  if (!cli_parse_options ("export", _("PROJECT"),
                          _("Export a project. Without -o the export goes to standard output. "
                            "Everything the format cannot hold (nested spans flattened, spans widened "
                            "to token edges, judgements without a field …) is listed on standard "
                            "error, one line per item, with a count at the end."),
                          NULL, entries, &argc, &argv))
    return CLI_EXIT_USAGE;
  if (!check_args ("export", argc, 1, 1, &status))
    return status;

  hashiya_export_options_init (&options);
  if (format == NULL)
    return cli_usage_error ("export", _("--format is required (%s)"), format_words);
  if (!hashiya_format_from_string (format, &options.format)
      || (desc = hashiya_format_registry_get (options.format)) == NULL || desc->writer == NULL)
    return cli_usage_error ("export", _("cannot export to format “%s”"), format);
  if (scheme != NULL)
    {
      if (!hashiya_scheme_from_string (scheme, &options.scheme) ||
          (options.scheme != HASHIYA_SCHEME_BIO && options.scheme != HASHIYA_SCHEME_IOB1 &&
           options.scheme != HASHIYA_SCHEME_BIOES))
        return cli_usage_error ("export", _("--scheme is bio, iob1 or bioes, not “%s”"), scheme);
    }
  if (columns != 0)
    {
      if (columns != 2 && columns != 4)
        return cli_usage_error ("export", _("--columns is 2 or 4, not %d"), columns);
      options.columns = columns;
    }
  if (separator != NULL)
    {
      static const CliChoice choices[] = { { "space", ' ' }, { "tab", '\t' }, { NULL, 0 } };
      int v;

      if (!parse_choice (separator, choices, &v))
        return cli_usage_error ("export", _("--separator is space or tab, not “%s”"), separator);
      options.separator = v;
    }
  if (nested != NULL)
    {
      static const CliChoice choices[] = {
        { "outer", HASHIYA_NESTED_OUTER }, { "inner", HASHIYA_NESTED_INNER },
        { "columns", HASHIYA_NESTED_COLUMNS }, { NULL, 0 }
      };
      int v;

      if (!parse_choice (nested, choices, &v))
        return cli_usage_error ("export", _("--nested is outer, inner or columns, not “%s”"), nested);
      options.nested = v;
    }
  if (clitics != NULL)
    {
      static const CliChoice choices[] = {
        { "token", HASHIYA_CLITICS_TOKEN }, { "split", HASHIYA_CLITICS_SPLIT }, { NULL, 0 }
      };
      int v;

      if (!parse_choice (clitics, choices, &v))
        return cli_usage_error ("export", _("--clitics is token or split, not “%s”"), clitics);
      options.clitics = v;
    }
  if (scope != NULL)
    {
      static const CliChoice choices[] = {
        { "all", HASHIYA_SCOPE_ALL }, { "article", HASHIYA_SCOPE_ARTICLE },
        { "comments", HASHIYA_SCOPE_COMMENTS }, { NULL, 0 }
      };
      int v;

      if (!parse_choice (scope, choices, &v))
        return cli_usage_error ("export", _("--scope is all, article or comments, not “%s”"), scope);
      options.scope = v;
    }
  if (offsets != NULL)
    {
      int v;

      if (!parse_choice (offsets, offsets_choices, &v))
        return cli_usage_error ("export", _("--offsets is codepoint or utf16, not “%s”"), offsets);
      options.offsets_codepoint = v;
    }
  if (print_config && desc->config == NULL)
    return cli_usage_error ("export", _("--print-config: %s export needs no labelling config"), desc->name);
  if (spacy_spans != NULL)
    {
      static const CliChoice choices[] = {
        { "exact", HASHIYA_SPACY_SPANS_EXACT }, { "widen", HASHIYA_SPACY_SPANS_WIDEN },
        { "tokens", HASHIYA_SPACY_SPANS_TOKENS }, { NULL, 0 }
      };
      int v;

      if (!parse_choice (spacy_spans, choices, &v))
        return cli_usage_error ("export", _("--spacy-spans is exact, widen or tokens, not “%s”"), spacy_spans);
      options.spacy_spans = v;
    }
  options.docstart = docstart;
  options.strict = strict;
  options.annotator = annotator;
  if (print_config)
    {
      store = cli_open_store (argv[1], FALSE);
      return store == NULL ? CLI_EXIT_DATA : print_format_config (desc, store, argv[1]);
    }
  if ((desc->writer->flags & HASHIYA_WRITER_FOLDER) && output == NULL)
    return cli_usage_error ("export", _("%s export writes a folder: give it with -o"), desc->name);

  store = cli_open_store (argv[1], FALSE);
  if (store == NULL)
    return CLI_EXIT_DATA;

  if (documents != NULL)
    {
      doc_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      for (guint i = 0; documents[i] != NULL; i++)
        {
          gint64 id = cli_resolve_doc (store, documents[i]);
          if (id <= 0)
            return CLI_EXIT_DATA;
          g_array_append_val (doc_ids, id);
        }
      options.doc_ids = doc_ids;
    }

  report = hashiya_export_report_new ();
  if (output != NULL)
    {
      int signum = 0;

      ok = export_to_file_interruptible (store, &options, output, report, &signum, &error);
      if (!ok && signum != 0)
        {
          cli_error (output, _("interrupted: nothing written"));
          g_clear_object (&store);
          /* die of the signal, as without the handler, now that the temporary file is gone */
          signal (signum, SIG_DFL);
          raise (signum);
          return CLI_EXIT_DATA;
        }
    }
  else
    {
      g_autoptr(GOutputStream) out = cli_fd_output_stream_new (1);

      ok = hashiya_export_to_stream (store, &options, out, report, NULL, &error);
      if (!g_output_stream_close (out, NULL, ok ? &error : NULL))
        ok = FALSE;
    }

  print_loss_report (report, format);
  if (!ok)
    return cli_fail (output != NULL ? output : argv[1], error);

  if (output != NULL)
    g_print (_("wrote %s: %u documents, %u sentences, %u tokens, %u entities\n"),
             output, report->n_documents, report->n_sentences, report->n_tokens,
             report->n_entities);
  if (report->n_format_chars_dropped > 0)
    {
      /* the count README promises: on standard error when the export itself goes to stdout */
      g_autofree char *line = g_strdup_printf (ngettext ("%u format character (LRM, RLM, ZWNJ …) left out of token text\n",
                                                         "%u format characters (LRM, RLM, ZWNJ …) left out of token text\n",
                                                         report->n_format_chars_dropped),
                                               report->n_format_chars_dropped);
      if (output != NULL)
        g_print ("%s", line);
      else
        g_printerr ("%s", line);
    }
  return CLI_EXIT_OK;
}
