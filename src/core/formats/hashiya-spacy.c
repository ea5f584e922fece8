/* hashiya-spacy.c: spaCy-style JSONL, read and written
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the format holds (anything else is listed in the export report; offsets: see
 * hashiya-interchange-common.h):
 *  - spaCy-style JSONL: {"text", "spans": [{"start", "end", "label"}], "cats":
 *    {"comment-N/…": 1.0}, "meta": {…}}, code points; same holdings as doccano.
 */
#include "config.h"

#include <inttypes.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "hashiya-spacy.h"
#include "hashiya-interchange-common.h"

static guint
spacy_detect (HashiyaSniff *sniff)
{
  JsonObject *obj;

  if (hashiya_sniff_json_opening (sniff) != '{')
    return 0;
  obj = hashiya_sniff_json_first_object (sniff);
  if (obj == NULL)
    return hashiya_sniff_json_window_has (sniff, "\"spans\"") ? 35 : 0;
  return json_object_has_member (obj, "text") && json_object_has_member (obj, "spans") ? 75 : 0;
}

gboolean
hashiya_parse_spacy (const char *path, const char *data, gsize len,
                     const HashiyaImportOptions *options,
                     GPtrArray *docs_out, HashiyaImportReport *report, GError **error)
{
  g_return_val_if_fail (data != NULL && docs_out != NULL, FALSE);
  return hashiya_ix_parse_jsonl (HASHIYA_JSONL_SPACY, path, data, len, options, docs_out,
                                 report, error);
}

static gboolean
spacy_read (const char *path, char **data, gsize len, const HashiyaImportOptions *options,
              GPtrArray *docs_out, GPtrArray *labels_out, HashiyaImportReport *report,
              GError **error)
{
  return hashiya_parse_spacy (path, *data, len, options, docs_out, report, error);
}

static gboolean
spacy_check (const HashiyaExportOptions *options,
               GError                    **error)
{
  return hashiya_ix_check_whole_documents (options, hashiya_format_spacy.name, error);
}

static gboolean
spacy_document (HashiyaWriteJob       *job,
                  const HashiyaWriteDoc *doc,
                  HashiyaWriteOut       *out,
                  HashiyaExportReport   *report,
                  GError               **error)
{
  HashiyaDocView d;
  g_autoptr(JsonNode) node = NULL;

  hashiya_ix_doc_view_init (&d, job, doc, report, TRUE);
  node = hashiya_ix_jsonl_record (&d, TRUE, FALSE);
  hashiya_ix_append_node (out->buf, node, "", "\n");
  hashiya_ix_doc_view_done (&d, TRUE);
  return hashiya_write_out_flush (out, error);
}

static const HashiyaFormatWriter spacy_writer = {
  .check = spacy_check,
  .begin = hashiya_ix_begin_judgements,
  .document = spacy_document,
  .end = hashiya_ix_end_nothing,
};

static const char * const spacy_extensions[] = { "jsonl", NULL };
static const char * const spacy_cannot_hold[] = {
  N_("span notes"),
  N_("judgement notes"),
  N_("a second annotator's judgement of the same comment"),
  N_("the same span from several annotators (written once)"),
  NULL
};

const HashiyaFormatDesc hashiya_format_spacy = {
  .name = "spacy",
  .title = N_("spaCy"),
  .label = N_("spaCy JSON Lines"),
  .extensions = spacy_extensions,
  .detect = spacy_detect,
  .read = spacy_read,
  .writer = &spacy_writer,
  .cannot_hold = spacy_cannot_hold,
};
