/* hashiya-comments-table.h: comments and judgements as CSV or TSV (export only)
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "hashiya-format.h"

G_BEGIN_DECLS

extern const HashiyaFormatDesc hashiya_format_comments_csv;
extern const HashiyaFormatDesc hashiya_format_comments_tsv;

G_END_DECLS
