/* hashiya-export.h: writing a project out in any format of the registry (the export dispatcher)
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Exports stream document by document (no whole-corpus string in memory) into a
 * temporary file that is renamed into place only on success. Anything a format cannot
 * hold is listed in a HashiyaExportReport: nothing is dropped silently. The options,
 * the report and the error codes are model types (hashiya-interchange.h); the formats
 * and their rules are in src/core/formats/.
 */
#pragma once

#include <gio/gio.h>
#include "hashiya-interchange.h"
#include "hashiya-store.h"
#include "hashiya-format-registry.h"
#include "hashiya-conll-plan.h"

G_BEGIN_DECLS

/* strict: to_stream makes a dry run first (for a format that may lose anything) and
 * writes nothing when anything would be lost; to_file removes its temporary file. */

/* Writes to a stream (no temporary file). A folder format (brat) is refused. */
gboolean hashiya_export_to_stream (HashiyaStore               *store,
                                   const HashiyaExportOptions *options,
                                   GOutputStream              *out,
                                   HashiyaExportReport        *report,
                                   GCancellable               *cancellable,
                                   GError                    **error);

/* Writes path.tmp-XXXXXX beside path and renames it into place on success; on failure
 * the temporary file is removed and path is untouched. For a folder format (brat), path
 * is a folder. */
gboolean hashiya_export_to_file   (HashiyaStore               *store,
                                   const HashiyaExportOptions *options,
                                   const char                 *path,
                                   HashiyaExportReport        *report,
                                   GCancellable               *cancellable,
                                   GError                    **error);

/* Documents rebuilt from an already tokenised corpus (CoNLL import: single spaces between
 * tokens, one line per sentence) keep their tokens in CoNLL export: with the mark set,
 * each segment is one sentence and its tokens are the runs between whitespace, instead of
 * hashiya_tokenize () and hashiya_split_sentences () (which would split ANERcorp's
 * "لأفغانستان؛" or "8%"). The mark is kept in the project's meta table, tied to the
 * document's id and sha256. The importer sets it for documents whose parsed form says so. */
gboolean hashiya_export_set_whitespace_tokens (HashiyaStore          *store,
                                               gint64                 doc_id,
                                               gboolean               on,
                                               GError               **error);
gboolean hashiya_export_get_whitespace_tokens (HashiyaStore          *store,
                                               const HashiyaDocument *doc);

/* Checks that entity_text is exactly the slice [span->start, span->end) of text and that
 * the range lies inside it; HASHIYA_EXPORT_ERROR_INTEGRITY (naming the document and span)
 * otherwise. The JSON writer runs it on every entity it writes. */
gboolean hashiya_export_check_entity (HashiyaText       *text,
                                      const HashiyaSpan *span,
                                      const char        *entity_text,
                                      gint64             doc_id,
                                      GError           **error);

/* The set-up file desc's tool needs (Label Studio's labelling config, desc->config not NULL)
 * for this project: its labels and its judgement schema (every field declared). What
 * `hashiya-cli export --print-config` prints and the window writes beside an export. */
char *hashiya_export_format_config (HashiyaStore            *store,
                                    const HashiyaFormatDesc *desc,
                                    GError                 **error);

G_END_DECLS
