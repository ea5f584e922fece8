/* cli-interchange.c: `hashiya-cli eval`, phrase precision/recall/F1 between two annotations
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   hashiya-cli eval GOLD.conll PRED.conll [--tag-column N] [--scheme S] [--alias A=B]
 *   hashiya-cli eval GOLD.hashiya PRED.hashiya [--annotators A B]
 *   hashiya-cli eval PROJECT.hashiya --annotators GOLD_ANNOTATOR PRED_ANNOTATOR
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "hashiya-cli.h"
#include "hashiya-eval.h"

int hashiya_cli_eval (int argc, char **argv);

static gboolean
is_project_file (const char *path)
{
  static const char magic[16] = "SQLite format 3";
  char head[16] = { 0 };
  FILE *f;
  gboolean yes = FALSE;

  if (g_str_has_suffix (path, ".hashiya"))
    return TRUE;
  f = fopen (path, "rb");
  if (f == NULL)
    return FALSE;
  if (fread (head, 1, sizeof head, f) == sizeof head && memcmp (head, magic, sizeof head) == 0)
    yes = TRUE;
  fclose (f);
  return yes;
}

int
hashiya_cli_eval (int argc, char **argv)
{
  g_autofree char *scheme = NULL, *gold_annotator = NULL, *pred_annotator = NULL;
  g_auto(GStrv) aliases = NULL;
  g_autoptr(GHashTable) alias_table = NULL;
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(HashiyaEvalResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *table = NULL;
  HashiyaEvalOptions options;
  int tag_column = G_MININT;   /* not given */
  char **av;
  int ac;
  GOptionEntry entries[] = {
    { "tag-column", 0, 0, G_OPTION_ARG_INT, &tag_column,
      N_("CoNLL: compare only this column (counting from 1; default: every tag column)"), N_("N") },
    { "scheme", 0, 0, G_OPTION_ARG_STRING, &scheme,
      N_("CoNLL: tag scheme bio, iob1, bioes or bare (default: detect)"), N_("SCHEME") },
    { "alias", 0, 0, G_OPTION_ARG_STRING_ARRAY, &aliases,
      N_("Read label FROM as TO on both sides (repeatable)"), N_("FROM=TO") },
    { "gold-annotator", 0, 0, G_OPTION_ARG_STRING, &gold_annotator,
      N_("Projects: only this annotator's spans on the gold side"), N_("NAME") },
    { "pred-annotator", 0, 0, G_OPTION_ARG_STRING, &pred_annotator,
      N_("Projects: only this annotator's spans on the predicted side"), N_("NAME") },
    { NULL }
  };

  /* --annotators A B takes two values, which GOption cannot: take it out first */
  for (int i = 0; i < argc; i++)
    {
      if (strcmp (argv[i], "--annotators") == 0)
        {
          if (i + 2 >= argc)
            return cli_usage_error ("eval", _("--annotators takes two names: GOLD PRED"));
          g_free (gold_annotator);
          g_free (pred_annotator);
          gold_annotator = g_strdup (argv[i + 1]);
          pred_annotator = g_strdup (argv[i + 2]);
          i += 2;
          continue;
        }
      g_ptr_array_add (args, argv[i]);
    }
  g_ptr_array_add (args, NULL);
  ac = args->len - 1;
  av = (char **) args->pdata;

  if (!cli_parse_options ("eval", _("GOLD [PRED]"),
                          _("Exact-match phrase precision, recall and F1 per label and overall, "
                            "as conlleval computes them."),
                          _("GOLD and PRED are two CoNLL files (aligned token by token), or two "
                            "projects (documents matched by their text), or one project with "
                            "--annotators GOLD_NAME PRED_NAME."),
                          entries, &ac, &av))
    return CLI_EXIT_USAGE;

  hashiya_eval_options_init (&options);
  if (tag_column != G_MININT && tag_column < 1)
    return cli_usage_error ("eval", _("--tag-column counts from 1"));
  options.tag_column = tag_column != G_MININT ? tag_column - 1 : -1;
  if (scheme != NULL && !hashiya_scheme_from_string (scheme, &options.scheme))
    return cli_usage_error ("eval", _("unknown scheme “%s” (bio, iob1, bioes, bare)"), scheme);
  if (aliases != NULL)
    {
      alias_table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      for (guint i = 0; aliases[i] != NULL; i++)
        {
          const char *eq = strchr (aliases[i], '=');
          if (eq == NULL || eq == aliases[i] || eq[1] == '\0')
            return cli_usage_error ("eval", _("--alias takes FROM=TO, not “%s”"), aliases[i]);
          g_hash_table_insert (alias_table, g_strndup (aliases[i], eq - aliases[i]),
                               g_strdup (eq + 1));
        }
      options.aliases = alias_table;
    }
  options.gold_annotator = gold_annotator;
  options.pred_annotator = pred_annotator;

  if (ac < 2 || ac > 3)
    return cli_usage_error ("eval", _("expected GOLD and PRED (or one project with --annotators)"));

  for (int i = 1; i < ac; i++)
    if (!g_file_test (av[i], G_FILE_TEST_EXISTS))
      {
        cli_error (av[i], _("no such file"));
        return CLI_EXIT_DATA;
      }

  if (is_project_file (av[1]))
    {
      g_autoptr(HashiyaStore) gold = NULL;
      g_autoptr(HashiyaStore) pred = NULL;

      if (ac == 3 && !is_project_file (av[2]))
        return cli_usage_error ("eval", _("cannot compare a project with a CoNLL file; export "
                                          "the project first"));
      if (ac == 2 && (gold_annotator == NULL || pred_annotator == NULL))
        return cli_usage_error ("eval", _("one project needs --annotators GOLD_NAME PRED_NAME"));
      gold = cli_open_store (av[1], FALSE);
      if (gold == NULL)
        return CLI_EXIT_DATA;
      if (ac == 3)
        {
          pred = cli_open_store (av[2], FALSE);
          if (pred == NULL)
            return CLI_EXIT_DATA;
        }
      result = hashiya_eval_stores (gold, pred ? pred : gold, &options, &error);
    }
  else
    {
      if (ac != 3)
        return cli_usage_error ("eval", _("expected two CoNLL files: GOLD PRED"));
      if (is_project_file (av[2]))
        return cli_usage_error ("eval", _("cannot compare a CoNLL file with a project; export "
                                          "the project first"));
      if (gold_annotator || pred_annotator)
        return cli_usage_error ("eval", _("--annotators applies to projects, not CoNLL files"));
      result = hashiya_eval_conll_files (av[1], av[2], &options, &error);
    }

  if (result == NULL)
    return cli_fail (NULL, error);

  table = hashiya_eval_result_to_string (result);
  fputs (table, stdout);
  return CLI_EXIT_OK;
}
