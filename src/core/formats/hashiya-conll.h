/* hashiya-conll.h: the CoNLL format (read and written)
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "hashiya-format.h"

G_BEGIN_DECLS

extern const HashiyaFormatDesc hashiya_format_conll;

/* One document per -DOCSTART- (or per options->doc_size sentences, or the whole file). */
gboolean hashiya_parse_conll (const char *path, const char *data, gsize len,
                              const HashiyaImportOptions *options,
                              GPtrArray *docs_out, HashiyaImportReport *report,
                              GError **error);

G_END_DECLS
