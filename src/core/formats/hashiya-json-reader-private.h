/* hashiya-json-reader-private.h: what the hashiya/1 JSON readers share (whole file, streamed)
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "hashiya-format.h"

G_BEGIN_DECLS

/* One JSONL line (line_text, len bytes, no line end) parsed as document doc_index (1-based)
 * of the file and appended to docs_out; errors name path and line. n_docs_hint > 1 gives a
 * document without "source" the name FILE#N. */
gboolean hashiya_json_reader_parse_line (JsonParser                 *parser,
                                         const char                 *path,
                                         const char                 *line_text,
                                         gsize                       len,
                                         guint                       line,
                                         guint                       doc_index,
                                         guint                       n_docs_hint,
                                         const HashiyaImportOptions *options,
                                         GPtrArray                  *docs_out,
                                         HashiyaImportReport        *report,
                                         GError                    **error);

G_END_DECLS
