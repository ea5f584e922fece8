/* hashiya-export-dialog.h: choose format, scheme, clitic mode and scope, then a file
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include "hashiya-window.h"
#include "hashiya-format.h"

G_BEGIN_DECLS

#define HASHIYA_TYPE_EXPORT_DIALOG (hashiya_export_dialog_get_type ())
G_DECLARE_FINAL_TYPE (HashiyaExportDialog, hashiya_export_dialog, HASHIYA, EXPORT_DIALOG, AdwWindow)

GtkWindow *hashiya_export_dialog_new (HashiyaWindow *window);
/* Writes desc's set-up file (desc->config: Label Studio's labelling config) for window's
 * project beside the export at path (NAME + desc->config_suffix); returns that file's path
 * (g_free) or NULL (warned). The dialog calls it for a format that has one. */
char      *hashiya_export_dialog_write_config (HashiyaWindow           *window,
                                               const HashiyaFormatDesc *desc,
                                               const char              *path);

G_END_DECLS
