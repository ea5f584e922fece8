/* hashiya-window.h: a project window (start screen when no project is open)
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include "hashiya-store.h"
#include "hashiya-export.h"
#include "hashiya-settings.h"
#include "hashiya-document-view.h"

G_BEGIN_DECLS

#define HASHIYA_TYPE_WINDOW (hashiya_window_get_type ())
G_DECLARE_FINAL_TYPE (HashiyaWindow, hashiya_window, HASHIYA, WINDOW, AdwApplicationWindow)

/* app: the GtkApplication the window belongs to (a HashiyaApplication) */
HashiyaWindow       *hashiya_window_new                (gpointer            app);
/* Opens (or with create, makes) a project; on failure the window is unchanged. */
gboolean             hashiya_window_open_project       (HashiyaWindow      *self,
                                                        const char         *path,
                                                        gboolean            create,
                                                        GError            **error);
void                 hashiya_window_close_project      (HashiyaWindow      *self);
HashiyaStore        *hashiya_window_get_store          (HashiyaWindow      *self);
const char          *hashiya_window_get_project_path   (HashiyaWindow      *self);
gint64               hashiya_window_get_document       (HashiyaWindow      *self);
gboolean             hashiya_window_load_document      (HashiyaWindow      *self,
                                                        gint64              doc_id,
                                                        GError            **error);
HashiyaDocumentView *hashiya_window_get_view           (HashiyaWindow      *self);
/* Re-reads labels (palette, tags) after the label set changed. */
void                 hashiya_window_reload_labels      (HashiyaWindow      *self);
void                 hashiya_window_set_font           (HashiyaWindow      *self,
                                                        const char         *font);
void                 hashiya_window_show_error         (HashiyaWindow      *self,
                                                        const char         *heading,
                                                        const char         *message);
void                 hashiya_window_toast              (HashiyaWindow      *self,
                                                        const char         *message);
/* Export options used by the win.export-to action (the dialog sets them). */
HashiyaExportOptions *hashiya_window_get_export_options (HashiyaWindow     *self);
/* The last export's report (NULL before the first). */
HashiyaExportReport *hashiya_window_get_last_export_report (HashiyaWindow *self);
/* Starts importing files in a worker thread (progress bar, Cancel). */
void                 hashiya_window_import_files       (HashiyaWindow      *self,
                                                        GPtrArray          *paths);
gboolean             hashiya_window_is_busy            (HashiyaWindow      *self);

G_END_DECLS
