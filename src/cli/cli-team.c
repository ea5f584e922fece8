/* cli-team.c: team work commands of hashiya-cli (agreement, merge, adjudicate)
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "hashiya-cli.h"
#include "hashiya-agreement.h"
#include "hashiya-merge.h"
#include "hashiya-adjudicate.h"

/* ---- agreement ---------------------------------------------------------------- */

int
cli_cmd_agreement (int argc, char **argv)
{
  g_autofree char *annotators = NULL;
  g_auto(GStrv) documents = NULL;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "annotators", 0, 0, G_OPTION_ARG_STRING, &annotators,
      N_("Compare only these annotators (comma-separated; default: all but adjudication layers)"),
      N_("A,B,…") },
    { "document", 0, 0, G_OPTION_ARG_STRING_ARRAY, &documents,
      N_("Only this document (id or source name; may be repeated)"), N_("DOC") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON instead of tables"), NULL },
    { NULL }
  };
  g_autoptr(HashiyaStore) store = NULL;
  g_autoptr(HashiyaAgreement) agreement = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) names = NULL;
  g_autoptr(GArray) doc_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  HashiyaAgreementOptions options = { NULL, NULL, 0 };
  g_autofree char *out = NULL;
  int status = 0;

  if (!cli_parse_options ("agreement", _("PROJECT"),
                          _("Inter-annotator agreement: span precision, recall and F1 for every "
                            "pair of annotators (exact boundaries and overlap, overall and per "
                            "label), Cohen's kappa per pair and Krippendorff's alpha (nominal) "
                            "for each field of the comment judgements."),
                          NULL, entries, &argc, &argv))
    return CLI_EXIT_USAGE;
  if (!check_args ("agreement", argc, 1, 1, &status))
    return status;

  if (annotators != NULL)
    {
      g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (g_free);
      g_auto(GStrv) parts = g_strsplit (annotators, ",", -1);

      for (guint i = 0; parts[i] != NULL; i++)
        {
          g_strstrip (parts[i]);
          if (*parts[i] != '\0')
            g_ptr_array_add (list, g_strdup (parts[i]));
        }
      if (list->len < 2)
        return cli_usage_error ("agreement", _("--annotators needs at least two names"));
      g_ptr_array_add (list, NULL);
      names = (char **) g_ptr_array_free (g_steal_pointer (&list), FALSE);
      options.annotators = (const char * const *) names;
    }

  store = cli_open_store (argv[1], FALSE);
  if (store == NULL)
    return CLI_EXIT_DATA;

  for (guint i = 0; documents != NULL && documents[i] != NULL; i++)
    {
      gint64 id = cli_resolve_doc (store, documents[i]);

      if (id == 0)
        return CLI_EXIT_DATA;
      g_array_append_val (doc_ids, id);
    }
  if (doc_ids->len > 0)
    {
      options.documents = (const gint64 *) doc_ids->data;
      options.n_documents = doc_ids->len;
    }

  agreement = hashiya_agreement_compute (store, &options, &error);
  if (agreement == NULL)
    return cli_fail (argv[1], error);

  out = json ? hashiya_agreement_to_json (agreement, TRUE) : hashiya_agreement_to_string (agreement);
  fputs (out, stdout);
  if (json)
    fputc ('\n', stdout);
  return CLI_EXIT_OK;
}

/* ---- merge ----------------------------------------------------------------------- */

static gboolean
same_file (const char *a,
           const char *b)
{
  GStatBuf sa, sb;

  return g_stat (a, &sa) == 0 && g_stat (b, &sb) == 0 && sa.st_dev == sb.st_dev
    && sa.st_ino == sb.st_ino;
}

int
cli_cmd_merge (int argc, char **argv)
{
  g_auto(GStrv) renames = NULL;
  gboolean source_segments = FALSE;
  GOptionEntry entries[] = {
    { "rename", 0, 0, G_OPTION_ARG_STRING_ARRAY, &renames,
      N_("Bring annotator OLD of the sources in as NEW (may be repeated)"), N_("OLD=NEW") },
    { "source-segments", 0, 0, G_OPTION_ARG_NONE, &source_segments,
      N_("When a segment's kind differs, take the source's instead of refusing"), NULL },
    { NULL }
  };
  g_autoptr(GHashTable) rename_map = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GPtrArray) sources = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(HashiyaStore) target = NULL;
  g_autoptr(GError) error = NULL;
  HashiyaMergeOptions options = { NULL, FALSE };
  HashiyaMergeResult result;
  int status = 0;

  if (!cli_parse_options ("merge", _("TARGET SOURCE…"),
                          _("Bring the documents, spans, judgements, segment-kind corrections and "
                            "labels of each SOURCE project into TARGET. Documents are matched by "
                            "the sha256 of their text; spans and judgements keep their annotator. "
                            "Merging the same file twice adds nothing. When the same annotator has "
                            "different work on the same item in two files the merge is refused and "
                            "nothing is written; --rename tells them apart."),
                          NULL, entries, &argc, &argv))
    return CLI_EXIT_USAGE;
  if (!check_args ("merge", argc, 2, -1, &status))
    return status;

  for (guint i = 0; renames != NULL && renames[i] != NULL; i++)
    {
      const char *eq = strchr (renames[i], '=');

      if (eq == NULL || eq == renames[i] || eq[1] == '\0' || strchr (eq + 1, '=') != NULL)
        return cli_usage_error ("merge", _("--rename needs OLD=NEW, not “%s”"), renames[i]);
      {
        g_autofree char *old = g_strndup (renames[i], eq - renames[i]);

        if (g_hash_table_contains (rename_map, old))
          return cli_usage_error ("merge", _("annotator “%s” is renamed twice"), old);
        g_hash_table_insert (rename_map, g_steal_pointer (&old), g_strdup (eq + 1));
      }
    }
  options.renames = rename_map;
  options.take_source_segments = source_segments;

  for (int i = 2; i < argc; i++)
    {
      HashiyaStore *source;

      if (same_file (argv[1], argv[i]))
        {
          cli_error (argv[i], _("a source is the target itself"));
          return CLI_EXIT_DATA;
        }
      for (int k = 2; k < i; k++)
        if (same_file (argv[k], argv[i]))
          {
            cli_error (argv[i], _("the same source is given twice"));
            return CLI_EXIT_DATA;
          }
      source = cli_open_store (argv[i], FALSE);
      if (source == NULL)
        return CLI_EXIT_DATA;
      g_ptr_array_add (sources, source);
    }

  target = cli_open_store (argv[1], FALSE);
  if (target == NULL)
    return CLI_EXIT_DATA;

  if (!hashiya_merge (target, (HashiyaStore * const *) sources->pdata, sources->len, &options,
                      &result, &error))
    return cli_fail (argv[1], error);

  g_print (_("%s: %u documents added, %u matched; %u spans, %u judgements, %u labels added; "
             "%u segment kinds changed\n"),
           argv[1], result.documents_added, result.documents_matched, result.spans_added,
           result.judgements_added, result.labels_added, result.segments_changed);
  return CLI_EXIT_OK;
}

/* ---- adjudicate -------------------------------------------------------------------- */

int
cli_cmd_adjudicate (int argc, char **argv)
{
  gboolean auto_agreed = FALSE;
  gboolean list = FALSE;
  g_autofree char *layer = NULL;
  g_autofree char *annotators = NULL;
  g_autofree char *document = NULL;
  GOptionEntry entries[] = {
    { "auto-agreed", 0, 0, G_OPTION_ARG_NONE, &auto_agreed,
      N_("Copy every span region and comment judgement all annotators agree on into the layer"), NULL },
    { "list", 0, 0, G_OPTION_ARG_NONE, &list,
      N_("List the disagreements and whether they are resolved"), NULL },
    { "into", 0, 0, G_OPTION_ARG_STRING, &layer,
      N_("The adjudication layer (an annotator name; default: gold)"), N_("NAME") },
    { "annotators", 0, 0, G_OPTION_ARG_STRING, &annotators,
      N_("Compare only these annotators (comma-separated)"), N_("A,B,…") },
    { "document", 0, 0, G_OPTION_ARG_STRING, &document,
      N_("Only this document (id or source name)"), N_("DOC") },
    { NULL }
  };
  g_autoptr(HashiyaStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) names = NULL;
  gint64 doc_id = 0;
  int status = 0;

  if (!cli_parse_options ("adjudicate", _("PROJECT"),
                          _("Work on the adjudication layer (gold): --auto-agreed copies what all "
                            "annotators agree on, with its provenance, so that people only look "
                            "at the rest; --list shows the disagreements left. The window's "
                            "adjudication mode resolves them one by one."),
                          NULL, entries, &argc, &argv))
    return CLI_EXIT_USAGE;
  if (!check_args ("adjudicate", argc, 1, 1, &status))
    return status;
  if (!auto_agreed && !list)
    return cli_usage_error ("adjudicate", _("say what to do: --auto-agreed or --list"));
  if (layer == NULL)
    layer = g_strdup (HASHIYA_DEFAULT_LAYER);
  if (annotators != NULL)
    {
      names = g_strsplit (annotators, ",", -1);
      for (guint i = 0; names[i] != NULL; i++)
        g_strstrip (names[i]);
    }

  store = cli_open_store (argv[1], FALSE);
  if (store == NULL)
    return CLI_EXIT_DATA;
  if (document != NULL && (doc_id = cli_resolve_doc (store, document)) == 0)
    return CLI_EXIT_DATA;

  if (auto_agreed)
    {
      HashiyaAutoResult result;

      if (!hashiya_adjudication_auto_agreed (store, doc_id, layer, (const char * const *) names,
                                             &result, &error))
        return cli_fail (argv[1], error);
      g_print (_("%s: %u agreed regions (%u spans) and %u agreed judgements copied into “%s”\n"),
               argv[1], result.regions, result.spans, result.judgements, layer);
    }
  if (list)
    {
      g_autoptr(GPtrArray) docs = NULL;
      guint total = 0, resolved = 0;

      if (doc_id != 0)
        {
          docs = g_ptr_array_new_with_free_func ((GDestroyNotify) hashiya_document_free);
          g_ptr_array_add (docs, hashiya_store_get_document (store, doc_id, &error));
        }
      else
        docs = hashiya_store_list_documents (store, &error);
      if (docs == NULL || g_ptr_array_index (docs, 0) == NULL)
        return cli_fail (argv[1], error);
      for (guint i = 0; i < docs->len; i++)
        {
          HashiyaDocument *doc = g_ptr_array_index (docs, i);
          g_autoptr(GPtrArray) items = hashiya_adjudication_list (store, doc->id, layer,
                                                                  (const char * const *) names,
                                                                  &error);
          if (items == NULL)
            return cli_fail (argv[1], error);
          for (guint k = 0; k < items->len; k++)
            {
              HashiyaDisagreement *d = g_ptr_array_index (items, k);

              if (d->kind == HASHIYA_DISAGREEMENT_SPANS)
                g_print (_("document %" PRId64 " spans %" PRId64 "-%" PRId64 ": "), doc->id,
                         d->start, d->end);
              else
                g_print (_("document %" PRId64 " comment %d: "), doc->id, d->comment_index);
              if (d->resolution != NULL)
                g_print (_("resolved (%s%s%s by %s)\n"),
                         hashiya_adjudication_choice_to_string (d->resolution->choice),
                         d->resolution->chosen ? " " : "",
                         d->resolution->chosen ? d->resolution->chosen : "",
                         d->resolution->decided_by);
              else
                g_print ("%s\n", _("open"));
            }
          total += items->len;
          for (guint k = 0; k < items->len; k++)
            resolved += ((HashiyaDisagreement *) g_ptr_array_index (items, k))->resolution != NULL;
        }
      g_print (_("%u of %u disagreements resolved\n"), resolved, total);
    }
  return CLI_EXIT_OK;
}
