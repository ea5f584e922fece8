/* hashiya-preferences.h: preferences (annotator, font, snapping) and the project's label set
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include "hashiya-window.h"

G_BEGIN_DECLS

#define HASHIYA_TYPE_PREFERENCES (hashiya_preferences_get_type ())
G_DECLARE_FINAL_TYPE (HashiyaPreferences, hashiya_preferences, HASHIYA, PREFERENCES, AdwPreferencesWindow)

GtkWindow *hashiya_preferences_new (HashiyaWindow *window);

/* Adds the gazetteer file (surface<TAB>LABEL lines) to the window's project under its
 * base name, as the Choose File button does; FALSE with the store's error (the file and
 * line named) when it cannot be read or stored. */
gboolean   hashiya_preferences_add_gazetteer (HashiyaPreferences *self,
                                              GFile              *file,
                                              GError            **error);

/* Whether face (of family) has Arabic letters: the font chooser lists only those. */
gboolean   hashiya_font_covers_arabic (PangoContext          *context,
                                       const PangoFontFamily *family,
                                       const PangoFontFace   *face);

G_END_DECLS
