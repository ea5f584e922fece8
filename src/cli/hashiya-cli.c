/* hashiya-cli.c: the command-line front of Hashiya (dispatch, help, shared helpers)
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "hashiya-cli.h"

/* The evaluation command lives in cli-interchange.c, which only some builds have:
 * a weak reference is NULL when that file is not linked in. */
extern int hashiya_cli_eval (int argc, char **argv) __attribute__ ((weak));

static int cli_cmd_eval (int argc, char **argv);

typedef struct
{
  const char     *name;
  const char     *synopsis;   /* translated at print time */
  const char     *summary;
  CliCommandFunc  func;
} CliCommand;

static const CliCommand commands[] = {
  { "init",    N_("PROJECT"),                          N_("Create a new project file"), cli_cmd_init },
  { "import",  N_("PROJECT FILE…"),                    N_("Import articles or corpus files"), cli_cmd_import },
  { "list",    N_("PROJECT"),                          N_("List the documents with their progress"), cli_cmd_list },
  { "show",    N_("PROJECT DOC"),                      N_("Show a document's segments, spans and judgements"), cli_cmd_show },
  { "tag",     N_("PROJECT DOC START END LABEL"),      N_("Add an entity span (prints its id)"), cli_cmd_tag },
  { "untag",   N_("PROJECT SPAN_ID"),                  N_("Remove an entity span"), cli_cmd_untag },
  { "judge",   N_("PROJECT DOC COMMENT_INDEX"),        N_("Record a judgement of a reader comment"), cli_cmd_judge },
  { "segment", N_("PROJECT DOC SEGMENT_INDEX KIND"),   N_("Correct the kind of a segment"), cli_cmd_segment },
  { "labels",  N_("PROJECT [SUBCOMMAND …]"),           N_("List and edit the label palette"), cli_cmd_labels },
  { "export",  N_("PROJECT --format FORMAT"),          N_("Export CoNLL, JSON, JSONL and interchange formats"), cli_cmd_export },
  { "stats",   N_("PROJECT"),                          N_("Print counts of documents, spans and judgements"), cli_cmd_stats },
  { "eval",    N_("GOLD PRED"),                        N_("Compare two annotations (precision, recall, F1)"), cli_cmd_eval },
  { "merge",      N_("TARGET SOURCE…"),                N_("Bring annotators' project files into one project"), cli_cmd_merge },
  { "agreement",  N_("PROJECT"),                       N_("Inter-annotator agreement (F1, kappa, alpha)"), cli_cmd_agreement },
  { "adjudicate", N_("PROJECT --auto-agreed"),         N_("Copy what all annotators agree on into a gold layer"), cli_cmd_adjudicate },
  { "suggest",    N_("PROJECT"),                       N_("Suggest dates, places and known names (--accept: as spans)"), cli_cmd_suggest },
  { "reject",     N_("PROJECT DOC START END LABEL"),   N_("Reject a suggestion so that it is not made again"), cli_cmd_reject },
  { "value",      N_("PROJECT SPAN_ID [VALUE]"),       N_("Set or print a span's normalised value"), cli_cmd_value },
  { "date",       N_("PROJECT DOC [YYYY-MM-DD]"),      N_("Set or print a document's date"), cli_cmd_date },
  { "gazetteer",  N_("PROJECT add FILE | list | remove NAME"), N_("The project's own gazetteers"), cli_cmd_gazetteer },
  { "find",       N_("PROJECT QUERY"),                 N_("Find a word or phrase across all documents"), cli_cmd_find },
  { "schema",     N_("PROJECT [--preset NAME | SUBCOMMAND …]"), N_("Print or edit the judgement schema (fields of comment judgements)"), cli_cmd_schema },
  { "comments",   N_("PROJECT [--where EXPR] [--state STATE]"), N_("List comments across the corpus by judgement (the review queue)"), cli_cmd_comments },
  { "reply",      N_("PROJECT DOC COMMENT_INDEX PARENT_INDEX|none"), N_("Record which comment a comment replies to"), cli_cmd_reply },
};

/* ---- output helpers ---------------------------------------------------------- */

/* Failures reported so far: a command that failed only because the project was busy
 * exits with CLI_EXIT_BUSY (see main), so that a script knows to try again. */
static guint n_busy_failures;
static guint n_other_failures;

static void
print_error (const char *where,
             const char *what)
{
  /* Core messages often name the file already; do not say it twice. */
  if (where != NULL && *where != '\0' && strstr (what, where) == NULL)
    g_printerr ("hashiya-cli: %s (%s)\n", what, where);
  else
    g_printerr ("hashiya-cli: %s\n", what);
}

void
cli_error (const char *where,
           const char *format,
           ...)
{
  va_list args;
  g_autofree char *what = NULL;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);

  n_other_failures++;
  print_error (where, what);
}

int
cli_usage_error (const char *command,
                 const char *format,
                 ...)
{
  va_list args;
  g_autofree char *what = NULL;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);

  if (command != NULL)
    {
      g_printerr ("hashiya-cli: %s (%s %s)\n", what, "hashiya-cli", command);
      g_printerr (_("Try “hashiya-cli %s --help” for more information.\n"), command);
    }
  else
    {
      g_printerr ("hashiya-cli: %s\n", what);
      g_printerr (_("Try “hashiya-cli --help” for more information.\n"));
    }
  return CLI_EXIT_USAGE;
}

int
cli_fail (const char    *where,
          const GError  *error)
{
  if (error == NULL)
    cli_error (where, "%s", _("unknown error"));
  else if (g_error_matches (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_BUSY))
    {
      /* the core's message already says "the project is busy: …" */
      n_busy_failures++;
      print_error (where, error->message);
      return CLI_EXIT_BUSY;
    }
  else if (g_error_matches (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_EMPTY))
    {
      cli_error (where, "%s", error->message);
      g_printerr (_("hashiya-cli: “hashiya-cli init %s” makes it a project; or remove it\n"), where);
    }
  else
    cli_error (where, "%s", error->message);
  return CLI_EXIT_DATA;
}

gboolean
cli_check_annotator (const char *command,
                     const char *name)
{
  glong n;

  if (name == NULL)
    return TRUE;
  if (*name == '\0')
    {
      cli_usage_error (command, _("--annotator cannot be empty (leave the option out for the default)"));
      return FALSE;
    }
  if (!g_utf8_validate (name, -1, NULL))
    {
      cli_usage_error (command, _("--annotator is not valid UTF-8"));
      return FALSE;
    }
  n = g_utf8_strlen (name, -1);
  if (n > HASHIYA_ANNOTATOR_NAME_MAX)
    {
      cli_usage_error (command, _("--annotator is %ld characters long; an annotator name has at "
                                  "most %d"), n, HASHIYA_ANNOTATOR_NAME_MAX);
      return FALSE;
    }
  for (const char *p = name; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c) || c == 0x2028 || c == 0x2029)
        {
          cli_usage_error (command, _("--annotator cannot hold a line break or a control "
                                      "character (U+%04X at character %ld)"),
                           c, g_utf8_pointer_to_offset (name, p));
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
cli_parse_options (const char   *command,
                   const char   *params,
                   const char   *summary,
                   const char   *description,
                   GOptionEntry *entries,
                   int          *argc,
                   char       ***argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *prgname = g_strdup_printf ("hashiya-cli %s", command);

  /* The usage line GOptionContext prints is "Usage: <prgname> [OPTION…] <params>". */
  g_set_prgname (prgname);
  context = g_option_context_new (params);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (summary != NULL)
    g_option_context_set_summary (context, summary);
  if (description != NULL)
    g_option_context_set_description (context, description);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      cli_usage_error (command, "%s", error->message);
      return FALSE;
    }
  /* every command's --annotator NAME follows the same rules */
  for (const GOptionEntry *e = entries; e != NULL && e->long_name != NULL; e++)
    if (g_str_equal (e->long_name, "annotator") && e->arg == G_OPTION_ARG_STRING
        && !cli_check_annotator (command, *(char **) e->arg_data))
      return FALSE;
  return TRUE;
}

HashiyaStore *
cli_open_store (const char *path,
                gboolean    create)
{
  g_autoptr(GError) error = NULL;
  HashiyaStore *store;

  if (!create && !g_file_test (path, G_FILE_TEST_EXISTS))
    {
      cli_error (path, _("no such project; create it with “hashiya-cli init”"));
      return NULL;
    }

  store = hashiya_store_open (path, create, &error);
  if (store == NULL)
    {
      cli_fail (path, error);
      return NULL;
    }
  return store;
}

gboolean
cli_parse_uint (const char *str,
                gint64     *out)
{
  guint64 value = 0;

  if (str == NULL || !g_ascii_isdigit (*str))
    return FALSE;
  if (!g_ascii_string_to_unsigned (str, 10, 0, G_MAXINT64, &value, NULL))
    return FALSE;
  *out = (gint64) value;
  return TRUE;
}

gint64
cli_resolve_doc (HashiyaStore *store,
                 const char   *ref)
{
  g_autoptr(GError) error = NULL;
  gint64 id;

  id = hashiya_store_resolve_document (store, ref, &error);
  if (id <= 0)
    {
      cli_fail (hashiya_store_get_path (store), error);
      return 0;
    }
  return id;
}

const char *
cli_annotator (const char *option_value)
{
  const char *user;

  if (option_value != NULL && *option_value != '\0')
    return option_value;
  user = g_getenv ("USER");
  if (user != NULL && *user != '\0')
    return user;
  return g_get_user_name ();
}

/* ---- a GOutputStream on a file descriptor ------------------------------------- */

typedef struct
{
  GOutputStream parent_instance;
  int fd;
} CliFdStream;

typedef struct
{
  GOutputStreamClass parent_class;
} CliFdStreamClass;

static GType cli_fd_stream_get_type (void);
G_DEFINE_TYPE (CliFdStream, cli_fd_stream, G_TYPE_OUTPUT_STREAM)

static gssize
cli_fd_stream_write (GOutputStream  *stream,
                     const void     *buffer,
                     gsize           count,
                     GCancellable   *cancellable,
                     GError        **error)
{
  CliFdStream *self = (CliFdStream *) stream;
  gssize n;

  do
    n = write (self->fd, buffer, count);
  while (n < 0 && errno == EINTR);

  if (n < 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("cannot write the output: %s"), g_strerror (saved));
    }
  return n;
}

static void
cli_fd_stream_class_init (CliFdStreamClass *klass)
{
  G_OUTPUT_STREAM_CLASS (klass)->write_fn = cli_fd_stream_write;
}

static void
cli_fd_stream_init (CliFdStream *self)
{
}

GOutputStream *
cli_fd_output_stream_new (int fd)
{
  CliFdStream *self = g_object_new (cli_fd_stream_get_type (), NULL);
  GOutputStream *buffered;

  self->fd = fd;
  buffered = g_buffered_output_stream_new_sized (G_OUTPUT_STREAM (self), 256 * 1024);
  g_object_unref (self);
  return buffered;
}

/* ---- eval (delegated) ------------------------------------------------------------ */

static int
cli_cmd_eval (int argc, char **argv)
{
  if (hashiya_cli_eval != NULL)
    return hashiya_cli_eval (argc, argv);
  g_printerr ("%s\n", _("eval: not available in this build"));
  return CLI_EXIT_DATA;
}

/* ---- top level ------------------------------------------------------------------- */

static void
print_tool_help (FILE *out)
{
  fprintf (out, "%s\n  hashiya-cli %s\n\n", _("Usage:"), _("COMMAND [OPTION…] ARGUMENTS"));
  fprintf (out, "%s\n\n", _("Hand-label Arabic text: entity spans and judgements of reader comments."));
  fprintf (out, "%s\n", _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *line = g_strdup_printf ("%s %s", commands[i].name, _(commands[i].synopsis));
      /* pad by characters, not bytes: the synopsis may hold “…” or Arabic */
      glong width = g_utf8_strlen (line, -1);

      fprintf (out, "  %s%*s %s\n", line, (int) MAX (42 - width, 0), "", _(commands[i].summary));
    }
  fprintf (out, "\n%s\n", _("Run “hashiya-cli COMMAND --help” for a command's options."));
  fprintf (out, "%s\n", _("DOC is a document's numeric id or its source name. Offsets are code points."));
  fprintf (out, "%s\n", _("Exit status: 0 ok, 1 bad input or data, 2 usage error, "
                          "75 the project is busy (another program is writing: try again)."));
}

int
main (int argc, char **argv)
{
  const char *name;

  setlocale (LC_ALL, "");
  /* HASHIYA_LOCALEDIR lets an uninstalled build (and the tests) use build/po, as the app does */
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("HASHIYA_LOCALEDIR") ? g_getenv ("HASHIYA_LOCALEDIR")
                                                                  : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_prgname ("hashiya-cli");

  if (argc < 2)
    {
      print_tool_help (stderr);
      return CLI_EXIT_USAGE;
    }

  name = argv[1];
  if (g_str_equal (name, "--help") || g_str_equal (name, "-h") || g_str_equal (name, "help"))
    {
      if (g_str_equal (name, "help") && argc > 2)
        {
          /* "hashiya-cli help CMD" is "hashiya-cli CMD --help" */
          for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
            if (g_str_equal (commands[i].name, argv[2]))
              {
                char *help_argv[] = { argv[0], (char *) "--help", NULL };
                return commands[i].func (2, help_argv);
              }
          return cli_usage_error (NULL, _("unknown command “%s”"), argv[2]);
        }
      print_tool_help (stdout);
      return CLI_EXIT_OK;
    }
  if (g_str_equal (name, "--version"))
    {
      g_print ("hashiya-cli %s\n", VERSION);
      return CLI_EXIT_OK;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (g_str_equal (commands[i].name, name))
        {
          /* The command sees argv[0] = program, argv[1..] = its own arguments. */
          int status;

          argv[1] = argv[0];
          status = commands[i].func (argc - 1, argv + 1);
          if (status == CLI_EXIT_DATA && n_busy_failures > 0 && n_other_failures == 0)
            status = CLI_EXIT_BUSY;
          return status;
        }
    }

  return cli_usage_error (NULL, _("unknown command “%s”"), name);
}
