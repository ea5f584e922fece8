/* hashiya-cli.h: what the command-line front's files share (exit codes, error output, helpers)
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "hashiya-store.h"

G_BEGIN_DECLS

/* Exit status: 0 ok, 1 bad input or data (store errors), 2 usage, 75 busy: another program
 * held the project's write lock longer than the wait (EX_TEMPFAIL of sysexits.h: try again). */
enum
{
  CLI_EXIT_OK = 0,
  CLI_EXIT_DATA = 1,
  CLI_EXIT_USAGE = 2,
  CLI_EXIT_BUSY = 75,
};

/* One command: name, positional synopsis (translated), one-line summary (translated),
 * and its implementation. argv[0] is "hashiya-cli NAME". */
typedef int (*CliCommandFunc) (int argc, char **argv);

/* Prints "hashiya-cli: <what> (<where>)" on stderr; where may be NULL. */
void          cli_error          (const char *where, const char *format, ...) G_GNUC_PRINTF (2, 3);
/* Prints a usage problem plus a pointer to --help and returns CLI_EXIT_USAGE. */
int           cli_usage_error    (const char *command, const char *format, ...) G_GNUC_PRINTF (2, 3);

/* Parses argv with a GOptionContext whose usage line is "hashiya-cli COMMAND [OPTION…] params".
 * Returns FALSE (after printing the problem) on a usage error. */
gboolean      cli_parse_options  (const char   *command,
                                  const char   *params,
                                  const char   *summary,
                                  const char   *description,
                                  GOptionEntry *entries,
                                  int          *argc,
                                  char       ***argv);

/* Opens a project; prints the error and returns NULL on failure. */
HashiyaStore *cli_open_store     (const char *path, gboolean create);
/* Resolves DOC (numeric id or source name); prints the error and returns 0 on failure. */
gint64        cli_resolve_doc    (HashiyaStore *store, const char *ref);
/* --annotator value or $USER or the login name. */
const char   *cli_annotator      (const char *option_value);
/* Parses a non-negative integer argument; FALSE when it is not one. */
gboolean      cli_parse_uint     (const char *str, gint64 *out);
/* Checks an --annotator value (NULL = not given: fine); prints a usage error and returns
 * FALSE when it is empty, too long or holds a line break or control character. */
gboolean      cli_check_annotator (const char *command, const char *name);
/* Reports a GError from the core with the right exit status (CLI_EXIT_BUSY when the
 * project is busy, CLI_EXIT_DATA otherwise). */
int           cli_fail           (const char *where, const GError *error);

/* A GOutputStream on a file descriptor (stdout), without gio-unix. */
GOutputStream *cli_fd_output_stream_new (int fd);

/* commands (cli-commands.c) */
/* ---- helpers the commands share (cli-commands.c) ---- */

/* Every writing command accepts --annotator; a macro keeps the entry the same everywhere. */
#define ANNOTATOR_ENTRY(var) \
  { "annotator", 0, 0, G_OPTION_ARG_STRING, &(var), \
    N_("Annotator name (default: $USER)"), N_("NAME") }

/* One word an option takes and the value it stands for; a table ends with a NULL word. */
typedef struct
{
  const char *word;
  int         value;
} CliChoice;

/* FALSE (with *status the usage error) when argc - 1 is outside [min_args, max_args]
 * (max_args -1: no limit). */
gboolean check_args   (const char *command, int argc, int min_args, int max_args, int *status);
/* Sets *value to the value of word str in choices; FALSE when str is none of them. */
gboolean parse_choice (const char *str, const CliChoice *choices, int *value);
/* --offsets: codepoint (TRUE) or utf16 (FALSE) */
extern const CliChoice offsets_choices[];

int cli_cmd_init     (int argc, char **argv);
int cli_cmd_import   (int argc, char **argv);
int cli_cmd_list     (int argc, char **argv);
int cli_cmd_show     (int argc, char **argv);
int cli_cmd_tag      (int argc, char **argv);
int cli_cmd_untag    (int argc, char **argv);
int cli_cmd_judge    (int argc, char **argv);
int cli_cmd_segment  (int argc, char **argv);
int cli_cmd_labels   (int argc, char **argv);
int cli_cmd_export   (int argc, char **argv);
int cli_cmd_stats    (int argc, char **argv);

/* team work (cli-team.c) */
int cli_cmd_merge      (int argc, char **argv);
int cli_cmd_agreement  (int argc, char **argv);
int cli_cmd_adjudicate (int argc, char **argv);
int cli_cmd_find     (int argc, char **argv);   /* cli-find.c */

/* suggestions and span values (cli-suggest.c) */
int cli_cmd_suggest    (int argc, char **argv);
int cli_cmd_reject     (int argc, char **argv);
int cli_cmd_value      (int argc, char **argv);
int cli_cmd_gazetteer  (int argc, char **argv);
int cli_cmd_date       (int argc, char **argv);

/* judgement schema, review queue (cli-schema.c) */
int cli_cmd_schema     (int argc, char **argv);
int cli_cmd_comments   (int argc, char **argv);
int cli_cmd_reply      (int argc, char **argv);
/* judge --set FIELD=VALUE: the form of each (usage error otherwise), then the values set on j
 * (checked against the project's schema; "unset" clears a field) */
gboolean cli_judge_check_sets (char **sets, int *status);
gboolean cli_judge_apply_sets (HashiyaStore *store, HashiyaJudgement *j, char **sets,
                               GError **error);

G_END_DECLS
