/* hashiya-label-studio.h: Label Studio JSON (read and written)
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "hashiya-format.h"

G_BEGIN_DECLS

extern const HashiyaFormatDesc hashiya_format_label_studio;

gboolean hashiya_parse_label_studio (const char *path, const char *data, gsize len,
                                     const HashiyaImportOptions *options,
                                     GPtrArray *docs_out, HashiyaImportReport *report,
                                     GError **error);

/* The Label Studio labelling config (XML) that shows everything an export holds; labels:
 * the project's label names in order, NULL-terminated. Free with g_free (). */
char *hashiya_label_studio_config (const char * const *labels);
/* The same for a project's judgement schema (every field declared; see the .c). */
char *hashiya_label_studio_config_schema (const char * const           *labels,
                                          const HashiyaJudgementSchema *schema);

G_END_DECLS
