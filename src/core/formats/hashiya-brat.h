/* hashiya-brat.h: brat standoff (a .txt/.ann pair read, a folder written)
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "hashiya-format.h"

G_BEGIN_DECLS

extern const HashiyaFormatDesc hashiya_format_brat;

/* Reads ann_path and the .txt beside it. */
gboolean hashiya_parse_brat (const char *ann_path, const HashiyaImportOptions *options,
                             GPtrArray *docs_out, HashiyaImportReport *report, GError **error);

G_END_DECLS
