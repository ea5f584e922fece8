/* hashiya-conll-plan.h: the CoNLL token/tag plan of one document, and its CoNLL lines
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "hashiya-format.h"

G_BEGIN_DECLS

/* The CoNLL token/tag plan for one document, shared by the CoNLL writer, the loss
 * report and the evaluator: tokens of the chosen scope, sentence breaks and one tag
 * column per nesting level (1 unless nested = COLUMNS). */
typedef struct
{
  char  *text;       /* token text, format characters dropped */
  gint64 start;      /* code points */
  gint64 end;
  gboolean sentence_start;
  GPtrArray *tags;   /* char*: one per column, "O", "B-PER", … */
} HashiyaConllToken;

GPtrArray *hashiya_conll_plan (HashiyaText                *text,
                               GArray                     *segments,
                               GPtrArray                  *spans,
                               const HashiyaExportOptions *options,
                               gint64                      doc_id,
                               const char                 *source,
                               HashiyaExportReport        *report);   /* HashiyaConllToken */
void       hashiya_conll_token_free (HashiyaConllToken *token);

/* Appends one document's CoNLL lines with n_columns tag columns to out (flushing on the
 * way), counting and reporting in report. With max_levels set it only measures: the
 * document's deepest nesting goes into *max_levels and nothing is written (out and
 * report may then be NULL). */
gboolean hashiya_conll_write_document (const HashiyaWriteDoc      *doc,
                                       const HashiyaExportOptions *options,
                                       guint                       n_columns,
                                       HashiyaWriteOut            *out,
                                       HashiyaExportReport        *report,
                                       guint                      *max_levels,
                                       GError                    **error);

G_END_DECLS
