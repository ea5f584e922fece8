/* hashiya-doccano.c: doccano JSONL, read and written
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the format holds (anything else is listed in the export report; offsets: see
 * hashiya-interchange-common.h):
 *  - doccano JSONL: {"id", "text", "label": [[start, end, "LABEL"]], "cats": [...],
 *    "meta": {"source", "segments": [["kind", start, end]]}}; overlapping and nested
 *    spans are kept (doccano shows them when the project allows overlap). Comment
 *    judgements become cats "comment-N/sentiment=negative", "comment-N/offensive=yes",
 *    "comment-N/hate-speech=no", "comment-N/decision=approve", one annotator per
 *    comment. No field: span notes, span values, judgement notes, a second annotator's judgement of
 *    the same comment; spans of several annotators with the same range and label are
 *    written once (merged).
 */
#include "config.h"

#include <inttypes.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "hashiya-doccano.h"
#include "hashiya-interchange-common.h"

static guint
doccano_detect (HashiyaSniff *sniff)
{
  JsonObject *obj;

  if (hashiya_sniff_json_opening (sniff) != '{')
    return 0;
  obj = hashiya_sniff_json_first_object (sniff);
  if (obj == NULL)
    return hashiya_sniff_json_window_has (sniff, "\"start_offset\"")
           || hashiya_sniff_json_window_has (sniff, "\"label\"") ? 30 : 0;
  if (json_object_has_member (obj, "text")
      && (json_object_has_member (obj, "label") || json_object_has_member (obj, "labels")))
    return 70;
  switch (hashiya_sniff_entities_kind (obj))
    {
    case HASHIYA_SNIFF_ENTITIES_DOCCANO:
      return 66;
    case HASHIYA_SNIFF_ENTITIES_UNSURE:
      return json_object_has_member (obj, "source") ? 0 : 64;
    default:
      return 0;
    }
}

gboolean
hashiya_parse_doccano (const char *path, const char *data, gsize len,
                       const HashiyaImportOptions *options,
                       GPtrArray *docs_out, HashiyaImportReport *report, GError **error)
{
  g_return_val_if_fail (data != NULL && docs_out != NULL, FALSE);
  return hashiya_ix_parse_jsonl (HASHIYA_JSONL_DOCCANO, path, data, len, options, docs_out,
                                 report, error);
}

static gboolean
doccano_read (const char *path, char **data, gsize len, const HashiyaImportOptions *options,
              GPtrArray *docs_out, GPtrArray *labels_out, HashiyaImportReport *report,
              GError **error)
{
  return hashiya_parse_doccano (path, *data, len, options, docs_out, report, error);
}

static gboolean
doccano_check (const HashiyaExportOptions *options,
               GError                    **error)
{
  return hashiya_ix_check_whole_documents (options, hashiya_format_doccano.name, error);
}

static void
doccano_record_amend (HashiyaDocView *d, JsonObject *record)
{
  for (guint i = 0; i < d->spans->len; i++)
    hashiya_ix_report_span_value (d, g_ptr_array_index (d->spans, i), "doccano");
}

static gboolean
doccano_document (HashiyaWriteJob       *job,
                  const HashiyaWriteDoc *doc,
                  HashiyaWriteOut       *out,
                  HashiyaExportReport   *report,
                  GError               **error)
{
  return hashiya_ix_write_jsonl_document (job, doc, out, report, FALSE,
                                         !job->options->offsets_codepoint, doccano_record_amend, error);
}

static const HashiyaFormatWriter doccano_writer = {
  .check = doccano_check,
  .begin = hashiya_ix_begin_judgements,
  .document = doccano_document,
  .end = hashiya_ix_end_nothing,
};

static const char * const doccano_extensions[] = { "jsonl", NULL };
static const char * const doccano_cannot_hold[] = {
  N_("span notes"),
  N_("span values (a date's normalised value, its calendar and anchor)"),
  N_("judgement notes"),
  N_("a second annotator's judgement of the same comment"),
  N_("the same span from several annotators (written once)"),
  N_("which annotator made a span or judgement, when there are several"),
  N_("free-text fields of the judgement schema"),
  NULL
};

const HashiyaFormatDesc hashiya_format_doccano = {
  .name = "doccano",
  .title = N_("doccano"),
  .label = N_("doccano JSON Lines"),
  .extensions = doccano_extensions,
  .detect = doccano_detect,
  .read = doccano_read,
  .writer = &doccano_writer,
  .cannot_hold = doccano_cannot_hold,
};
