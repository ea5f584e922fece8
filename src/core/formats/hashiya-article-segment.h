/* hashiya-article-segment.h: segmenting a scraped article's text (shared by the article and JSON readers)
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "hashiya-model.h"

G_BEGIN_DECLS

/* Segments of a scraped article (see README and hashiya-article-segment.c for the rules).
 * text is already cleaned (LF only, no BOM). Returns a GArray of HashiyaSegment. */
GArray *hashiya_article_segment (const char *text, gsize n_bytes, gboolean comments_only);

G_END_DECLS
