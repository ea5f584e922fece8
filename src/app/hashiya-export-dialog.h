/* hashiya-export-dialog.h: choose format, scheme, clitic mode and scope, then a file
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include "hashiya-window.h"

G_BEGIN_DECLS

#define HASHIYA_TYPE_EXPORT_DIALOG (hashiya_export_dialog_get_type ())
G_DECLARE_FINAL_TYPE (HashiyaExportDialog, hashiya_export_dialog, HASHIYA, EXPORT_DIALOG, AdwWindow)

GtkWindow *hashiya_export_dialog_new (HashiyaWindow *window);

G_END_DECLS
