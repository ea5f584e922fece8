/* hashiya-settings.h: the app's settings (GSettings, working without a schema), the annotator's
 * name, recent projects, gettext set-up and localised digits: what every part of the window
 * needs without depending on the application object
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The process's settings, made on first use; NULL when the schema is not installed
 * (running uninstalled without GSETTINGS_SCHEMA_DIR): preferences are then not kept. */
GSettings  *hashiya_settings_get_default  (void);

/* Helpers that work without a schema (settings NULL). */
char       *hashiya_settings_get_string   (GSettings *settings, const char *key,
                                           const char *fallback);
gboolean    hashiya_settings_get_boolean  (GSettings *settings, const char *key,
                                           gboolean fallback);

/* The annotator name for new spans and judgements (setting, else the real name). */
char       *hashiya_settings_dup_annotator (GSettings *settings);
char      **hashiya_settings_get_recent   (GSettings *settings);
void        hashiya_settings_add_recent   (GSettings *settings, const char *path);

/* setlocale + gettext set-up. Catalogues come from HASHIYA_LOCALEDIR, else from the
 * build tree when this program runs from it, else from the installed LOCALEDIR. */
void        hashiya_i18n_init             (void);

/* Counts in the UI are written with the digits the translation asks for (the
 * translation of "digits:0123456789"); takes str, returns the converted string. */
char       *hashiya_localize_digits       (char *str);

G_END_DECLS
