/* hashiya-import-private.h: what the import files share
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "hashiya-interchange.h"

G_BEGIN_DECLS

/* A failed file's report: no documents, spans or judgements counted. */
void hashiya_import_report_reset_counts (HashiyaImportReport *report);

G_END_DECLS
