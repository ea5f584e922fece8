/* hashiya-application.h: the single-instance application: windows, settings, recent projects
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include "hashiya-settings.h"

G_BEGIN_DECLS

#define HASHIYA_TYPE_APPLICATION (hashiya_application_get_type ())
G_DECLARE_FINAL_TYPE (HashiyaApplication, hashiya_application, HASHIYA, APPLICATION, AdwApplication)

HashiyaApplication *hashiya_application_new            (const char         *app_id,
                                                        GApplicationFlags   flags);
/* NULL when the schema is not installed (running uninstalled without GSETTINGS_SCHEMA_DIR) */
GSettings          *hashiya_application_get_settings   (HashiyaApplication *self);
/* The annotator name for new spans and judgements (setting, else the real name). */
char               *hashiya_application_dup_annotator  (HashiyaApplication *self);
void                hashiya_application_add_recent     (HashiyaApplication *self,
                                                        const char         *path);
char              **hashiya_application_get_recent     (HashiyaApplication *self);
/* Benchmark mode: open this project, measure, print, quit. */
void                hashiya_application_set_benchmark  (HashiyaApplication *self,
                                                        const char         *path);


/* The process exit status after g_application_run (benchmark failures set 1). */
void                hashiya_application_set_exit_status (HashiyaApplication *self, int status);
int                 hashiya_application_get_exit_status (HashiyaApplication *self);



G_END_DECLS
