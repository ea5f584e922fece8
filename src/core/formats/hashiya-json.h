/* hashiya-json.h: Hashiya's own JSON (hashiya/1) and JSONL, read and written
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "hashiya-format.h"

G_BEGIN_DECLS

extern const HashiyaFormatDesc hashiya_format_json;
extern const HashiyaFormatDesc hashiya_format_jsonl;

/* hashiya-json-reader.c: our own JSON / JSONL. _full also returns the file's "labels"
 * (HashiyaLabel, id 0) in labels_out when it is not NULL. */
gboolean hashiya_parse_hashiya_json      (const char *path, const char *data, gsize len,
                                          gboolean jsonl, const HashiyaImportOptions *options,
                                          GPtrArray *docs_out, HashiyaImportReport *report,
                                          GError **error);
gboolean hashiya_parse_hashiya_json_full (const char *path, const char *data, gsize len,
                                          gboolean jsonl, const HashiyaImportOptions *options,
                                          GPtrArray *docs_out, GPtrArray *labels_out,
                                          HashiyaImportReport *report, GError **error);

/* hashiya-json-reader-stream.c: the JSONL descriptor's read_stream (one line at a time). */
gboolean hashiya_json_read_jsonl_stream (const char                 *path,
                                         const HashiyaImportOptions *options,
                                         GPtrArray                  *labels_out,
                                         HashiyaImportReport        *report,
                                         HashiyaParsedDocFunc        each_doc,
                                         gpointer                    user_data,
                                         GError                    **error);

G_END_DECLS
