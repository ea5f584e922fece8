/* hashiya-interchange.c: options, parsed documents and the import/export reports (model layer)
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <inttypes.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "hashiya-interchange.h"

G_DEFINE_QUARK (hashiya-import-error-quark, hashiya_import_error)
G_DEFINE_QUARK (hashiya-export-error-quark, hashiya_export_error)

/* ---- schemes ------------------------------------------------------------------ */

static const char * const scheme_names[] = {
  [HASHIYA_SCHEME_AUTO] = "auto",
  [HASHIYA_SCHEME_BIO] = "bio",
  [HASHIYA_SCHEME_IOB1] = "iob1",
  [HASHIYA_SCHEME_BIOES] = "bioes",
  [HASHIYA_SCHEME_BARE] = "bare",
};

const char *
hashiya_scheme_to_string (HashiyaScheme scheme)
{
  if ((guint) scheme < G_N_ELEMENTS (scheme_names))
    return scheme_names[scheme];
  return NULL;
}

gboolean
hashiya_scheme_from_string (const char    *str,
                            HashiyaScheme *scheme)
{
  g_return_val_if_fail (scheme != NULL, FALSE);

  if (str == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (scheme_names); i++)
    if (g_ascii_strcasecmp (str, scheme_names[i]) == 0)
      {
        *scheme = (HashiyaScheme) i;
        return TRUE;
      }
  if (g_ascii_strcasecmp (str, "iob2") == 0)
    *scheme = HASHIYA_SCHEME_BIO;
  else if (g_ascii_strcasecmp (str, "bilou") == 0 || g_ascii_strcasecmp (str, "iobes") == 0)
    *scheme = HASHIYA_SCHEME_BIOES;
  else if (g_ascii_strcasecmp (str, "io") == 0 || g_ascii_strcasecmp (str, "none") == 0)
    *scheme = HASHIYA_SCHEME_BARE;
  else
    return FALSE;
  return TRUE;
}

void
hashiya_import_options_init (HashiyaImportOptions *options)
{
  g_return_if_fail (options != NULL);

  memset (options, 0, sizeof *options);
  options->format = HASHIYA_FORMAT_AUTO;
  options->tag_column = -1;
  options->scheme = HASHIYA_SCHEME_AUTO;
}

/* ---- parsed documents ----------------------------------------------------------- */

/* Extra per-document values that HashiyaParsedDoc has no field for ("done") live in a
 * GLib dataset keyed by the document's address; hashiya_parsed_doc_free drops them. */
static GQuark
done_quark (void)
{
  static GQuark q;

  if (G_UNLIKELY (q == 0))
    q = g_quark_from_static_string ("hashiya-parsed-doc-done");
  return q;
}

HashiyaItemProvenance *
hashiya_item_provenance_new (void)
{
  HashiyaItemProvenance *p = g_new0 (HashiyaItemProvenance, 1);

  p->agreed = g_new0 (char *, 1);
  return p;
}

void
hashiya_item_provenance_free (HashiyaItemProvenance *p)
{
  if (p == NULL)
    return;
  g_free (p->layer);
  g_free (p->choice);
  g_free (p->chosen);
  g_strfreev (p->agreed);
  g_free (p->decided_by);
  g_free (p);
}

/* Like "done": kept beside the document (a dataset keyed by its address), so the struct
 * every reader fills is unchanged. */
static GQuark
provenance_quark (void)
{
  static GQuark q;

  if (G_UNLIKELY (q == 0))
    q = g_quark_from_static_string ("hashiya-parsed-doc-provenance");
  return q;
}

void
hashiya_parsed_doc_add_provenance (HashiyaParsedDoc      *doc,
                                   HashiyaItemProvenance *p)
{
  GPtrArray *list;

  g_return_if_fail (doc != NULL && p != NULL);
  list = g_dataset_id_get_data (doc, provenance_quark ());
  if (list == NULL)
    {
      list = g_ptr_array_new_with_free_func ((GDestroyNotify) hashiya_item_provenance_free);
      g_dataset_id_set_data_full (doc, provenance_quark (), list,
                                  (GDestroyNotify) g_ptr_array_unref);
    }
  g_ptr_array_add (list, p);
}

GPtrArray *
hashiya_parsed_doc_get_provenance (const HashiyaParsedDoc *doc)
{
  return g_dataset_id_get_data (doc, provenance_quark ());
}

HashiyaParsedDoc *
hashiya_parsed_doc_new (void)
{
  HashiyaParsedDoc *doc = g_new0 (HashiyaParsedDoc, 1);

  doc->segments = g_array_new (FALSE, FALSE, sizeof (HashiyaSegment));
  doc->spans = g_ptr_array_new_with_free_func ((GDestroyNotify) hashiya_span_free);
  doc->judgements = g_ptr_array_new_with_free_func ((GDestroyNotify) hashiya_judgement_free);
  doc->doc_labels = g_ptr_array_new_with_free_func (g_free);
  return doc;
}

void
hashiya_parsed_doc_free (HashiyaParsedDoc *doc)
{
  if (doc == NULL)
    return;
  g_dataset_destroy (doc);
  g_free (doc->source);
  g_free (doc->text);
  g_free (doc->sha256);
  g_free (doc->date);
  g_clear_pointer (&doc->segments, g_array_unref);
  g_clear_pointer (&doc->spans, g_ptr_array_unref);
  g_clear_pointer (&doc->judgements, g_ptr_array_unref);
  g_clear_pointer (&doc->doc_labels, g_ptr_array_unref);
  g_free (doc);
}

void
hashiya_parsed_doc_set_done (HashiyaParsedDoc *doc,
                             int               done)
{
  g_return_if_fail (doc != NULL);

  if (done < 0)
    g_dataset_id_remove_data (doc, done_quark ());
  else
    g_dataset_id_set_data (doc, done_quark (), GINT_TO_POINTER (done ? 2 : 1));
}

int
hashiya_parsed_doc_get_done (const HashiyaParsedDoc *doc)
{
  int v;

  g_return_val_if_fail (doc != NULL, -1);

  v = GPOINTER_TO_INT (g_dataset_id_get_data (doc, done_quark ()));
  return v == 0 ? -1 : v - 1;
}

/* ---- import reports ------------------------------------------------------------ */

HashiyaImportReport *
hashiya_import_report_new (const char *path)
{
  HashiyaImportReport *report = g_new0 (HashiyaImportReport, 1);

  report->path = g_strdup (path);
  report->format = HASHIYA_FORMAT_AUTO;
  report->doc_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  report->spans_per_label = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  report->messages = g_ptr_array_new_with_free_func (g_free);
  return report;
}

void
hashiya_import_report_free (HashiyaImportReport *report)
{
  if (report == NULL)
    return;
  g_free (report->path);
  g_clear_error (&report->error);
  g_clear_pointer (&report->doc_ids, g_array_unref);
  g_clear_pointer (&report->spans_per_label, g_hash_table_unref);
  g_clear_pointer (&report->messages, g_ptr_array_unref);
  g_clear_pointer (&report->schema, hashiya_judgement_schema_free);
  g_free (report);
}

/* ---- export options and reports ------------------------------------------------ */

void
hashiya_export_options_init (HashiyaExportOptions *options)
{
  g_return_if_fail (options != NULL);

  memset (options, 0, sizeof *options);
  options->format = HASHIYA_FORMAT_CONLL;
  options->scheme = HASHIYA_SCHEME_BIO;
  options->clitics = HASHIYA_CLITICS_TOKEN;
  options->scope = HASHIYA_SCOPE_ALL;
  options->nested = HASHIYA_NESTED_OUTER;
  options->docstart = FALSE;
  options->columns = 2;
  options->separator = ' ';
  options->offsets_codepoint = FALSE;
  options->strict = FALSE;
  options->annotator = NULL;
  options->doc_ids = NULL;
  options->spacy_spans = HASHIYA_SPACY_SPANS_EXACT;
}

const char *
hashiya_loss_kind_to_string (HashiyaLossKind kind)
{
  switch (kind)
    {
    case HASHIYA_LOSS_DROPPED:
      return "dropped";
    case HASHIYA_LOSS_WIDENED:
      return "widened";
    case HASHIYA_LOSS_MERGED:
      return "merged";
    case HASHIYA_LOSS_CROSSES_SENTENCE:
      return "crosses-sentence";
    case HASHIYA_LOSS_NO_FIELD:
      return "no-field";
    default:
      return "unknown";
    }
}

/* An item is one block with its detail text after it; source and label are interned
 * (the same few strings recur in every item). A report of 100k items (two annotators
 * tagging the same ranges) took about 19 MB, now about 12 MB. */
static void
loss_item_free (HashiyaLossItem *item)
{
  g_free (item);
}

HashiyaExportReport *
hashiya_export_report_new (void)
{
  HashiyaExportReport *report = g_new0 (HashiyaExportReport, 1);

  report->items = g_ptr_array_new_with_free_func ((GDestroyNotify) loss_item_free);
  return report;
}

void
hashiya_export_report_free (HashiyaExportReport *report)
{
  if (report == NULL)
    return;
  g_ptr_array_unref (report->items);
  g_free (report);
}

static void
report_add_valist (HashiyaExportReport *report,
                   HashiyaLossKind      kind,
                   gint64               doc_id,
                   const char          *source,
                   gint64               span_id,
                   gint64               start,
                   gint64               end,
                   const char          *label,
                   const char          *detail_format,
                   va_list              args)
{
  HashiyaLossItem *item;
  char buf[256];
  char *detail = NULL;
  int n = 0;

  if (detail_format != NULL)
    {
      va_list copy;

      G_VA_COPY (copy, args);
      n = g_vsnprintf (buf, sizeof buf, detail_format, copy);
      va_end (copy);
      if (n < 0)
        n = 0;
    }
  item = g_malloc0 (sizeof (HashiyaLossItem) + (detail_format != NULL ? n + 1 : 0));
  if (detail_format != NULL)
    {
      detail = (char *) (item + 1);
      if ((gsize) n < sizeof buf)
        memcpy (detail, buf, n + 1);
      else
        g_vsnprintf (detail, n + 1, detail_format, args);
    }
  item->kind = kind;
  item->doc_id = doc_id;
  item->source = (char *) g_intern_string (source);
  item->span_id = span_id;
  item->start = start;
  item->end = end;
  item->label = (char *) g_intern_string (label);
  item->detail = detail;
  g_ptr_array_add (report->items, item);
}

void
hashiya_export_report_add (HashiyaExportReport *report,
                           HashiyaLossKind      kind,
                           gint64               doc_id,
                           const char          *source,
                           const HashiyaSpan   *span,
                           const char          *detail_format,
                           ...)
{
  va_list args;

  g_return_if_fail (report != NULL);

  va_start (args, detail_format);
  report_add_valist (report, kind, doc_id, source,
                     span != NULL ? span->id : 0,
                     span != NULL ? span->start : 0,
                     span != NULL ? span->end : 0,
                     span != NULL ? span->label : NULL,
                     detail_format, args);
  va_end (args);
}
void
hashiya_export_report_add_range (HashiyaExportReport  *report,
                                 HashiyaLossKind       kind,
                                 gint64                doc_id,
                                 const char           *source,
                                 const HashiyaSegment *segment,
                                 const char           *detail_format,
                                 ...)
{
  va_list args;

  g_return_if_fail (report != NULL && segment != NULL);

  va_start (args, detail_format);
  report_add_valist (report, kind, doc_id, source, 0, segment->start, segment->end, NULL,
                     detail_format, args);
  va_end (args);
}

void
hashiya_export_report_merge (HashiyaExportReport *to,
                             HashiyaExportReport *from)
{
  for (guint i = 0; i < from->items->len; i++)
    g_ptr_array_add (to->items, g_ptr_array_steal_index (from->items, i--));
  to->n_documents += from->n_documents;
  to->n_sentences += from->n_sentences;
  to->n_tokens += from->n_tokens;
  to->n_entities += from->n_entities;
  to->n_format_chars_dropped += from->n_format_chars_dropped;
}

char *
hashiya_loss_item_to_string (const HashiyaLossItem *item)
{
  GString *s;

  g_return_val_if_fail (item != NULL, NULL);

  s = g_string_new (NULL);
  g_string_append_printf (s, _("doc %" PRId64), item->doc_id);
  if (item->source != NULL)
    g_string_append_printf (s, " (%s)", item->source);
  if (item->start != 0 || item->end != 0)
    g_string_append_printf (s, " %" G_GINT64_FORMAT "-%" G_GINT64_FORMAT,
                            item->start, item->end);
  if (item->label != NULL)
    g_string_append_printf (s, " %s", item->label);
  g_string_append_printf (s, ": %s", hashiya_loss_kind_to_string (item->kind));
  if (item->detail != NULL)
    g_string_append_printf (s, ": %s", item->detail);
  return g_string_free (s, FALSE);
}

/* ------------------------------------------------------------------------- */

gboolean
hashiya_export_options_selects (const HashiyaExportOptions *options,
                                gint64                      id)
{
  if (options->doc_ids == NULL)
    return TRUE;
  for (guint i = 0; i < options->doc_ids->len; i++)
    if (g_array_index (options->doc_ids, gint64, i) == id)
      return TRUE;
  return FALSE;
}
