/* hashiya-article.h: the article format (a scraped news page as plain text; read only)
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "hashiya-format.h"
#include "hashiya-article-segment.h"

G_BEGIN_DECLS

extern const HashiyaFormatDesc hashiya_format_article;

/* One document from an article's cleaned text; _take takes ownership of data (a
 * NUL-terminated buffer of len bytes, as hashiya_read_text_file returns it) and moves it
 * into the parsed document without copying; hashiya_parse_article copies data. */
gboolean hashiya_parse_article      (const char *path, char *data, gsize len,
                                     const HashiyaImportOptions *options,
                                     GPtrArray *docs_out, HashiyaImportReport *report,
                                     GError **error);
gboolean hashiya_parse_article_take (const char *path, char *data, gsize len,
                                     const HashiyaImportOptions *options,
                                     GPtrArray *docs_out, HashiyaImportReport *report,
                                     GError **error);

G_END_DECLS
