/* hashiya-application.h: the single-instance application: windows, settings, recent projects
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

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

/* setlocale + gettext set-up. Catalogues come from HASHIYA_LOCALEDIR, else from the
 * build tree when this program runs from it, else from the installed LOCALEDIR. */
void                hashiya_i18n_init                  (void);

/* The process exit status after g_application_run (benchmark failures set 1). */
void                hashiya_application_set_exit_status (HashiyaApplication *self, int status);
int                 hashiya_application_get_exit_status (HashiyaApplication *self);

/* Counts in the UI are written with the digits the translation asks for (the
 * translation of "digits:0123456789"); takes str, returns the converted string. */
char               *hashiya_localize_digits             (char *str);

/* Settings helpers that work without a schema. */
char               *hashiya_settings_get_string        (GSettings *settings, const char *key,
                                                        const char *fallback);
gboolean            hashiya_settings_get_boolean       (GSettings *settings, const char *key,
                                                        gboolean fallback);

G_END_DECLS
