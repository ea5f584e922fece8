/* hashiya-settings.c: the app's settings, the annotator's name, recent projects, gettext set-up
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>
#include <glib/gi18n.h>

#include "hashiya-settings.h"

#define MAX_RECENT 10

GSettings *
hashiya_settings_get_default (void)
{
  static gsize once;
  static GSettings *settings;

  if (g_once_init_enter (&once))
    {
      GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
      g_autoptr(GSettingsSchema) schema = NULL;

      if (source != NULL)
        schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
      if (schema != NULL)
        settings = g_settings_new (APP_ID);
      else
        g_debug ("GSettings schema %s not found: preferences are not kept", APP_ID);
      g_once_init_leave (&once, 1);
    }
  return settings;
}

char *
hashiya_settings_get_string (GSettings *settings, const char *key, const char *fallback)
{
  g_autofree char *value = settings ? g_settings_get_string (settings, key) : NULL;

  if (value == NULL || *value == '\0')
    return g_strdup (fallback);
  return g_steal_pointer (&value);
}

gboolean
hashiya_settings_get_boolean (GSettings *settings, const char *key, gboolean fallback)
{
  return settings ? g_settings_get_boolean (settings, key) : fallback;
}

void
hashiya_i18n_init (void)
{
  const char *dir = g_getenv ("HASHIYA_LOCALEDIR");
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *build_po = g_build_filename (HASHIYA_BUILD_ROOT, "po", NULL);

  setlocale (LC_ALL, "");
  /* GLib translates GTK's own strings (and picks the RTL layout) only when the
   * program's domain has a catalogue, so an uninstalled build must find ours. */
  if (dir == NULL && exe != NULL && g_str_has_prefix (exe, HASHIYA_BUILD_ROOT "/")
      && g_file_test (build_po, G_FILE_TEST_IS_DIR))
    dir = build_po;
  bindtextdomain (GETTEXT_PACKAGE, dir ? dir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

char *
hashiya_localize_digits (char *str)
{
  /* TRANSLATORS: the ten digits your language writes counts with, after "digits:";
   * for example "digits:٠١٢٣٤٥٦٧٨٩". Keep "digits:0123456789" for ASCII digits. */
  const char *digits = _("digits:0123456789");
  gunichar map[10];
  const char *p;
  GString *out;

  if (str == NULL || !g_str_has_prefix (digits, "digits:") || g_str_equal (digits, "digits:0123456789"))
    return str;
  p = digits + strlen ("digits:");
  for (int i = 0; i < 10; i++)
    {
      if (*p == '\0')
        return str;
      map[i] = g_utf8_get_char (p);
      p = g_utf8_next_char (p);
    }
  out = g_string_sized_new (strlen (str) + 16);
  for (const char *q = str; *q; q++)
    if (*q >= '0' && *q <= '9')
      g_string_append_unichar (out, map[*q - '0']);
    else
      g_string_append_c (out, *q);
  g_free (str);
  return g_string_free (out, FALSE);
}

char *
hashiya_settings_dup_annotator (GSettings *settings)
{
  g_autofree char *name = hashiya_settings_get_string (settings, "annotator", NULL);
  const char *real;

  if (name != NULL)
    return g_steal_pointer (&name);
  real = g_get_real_name ();
  if (real == NULL || *real == '\0' || g_str_equal (real, "Unknown"))
    real = g_get_user_name ();
  return g_strdup (real);
}

char **
hashiya_settings_get_recent (GSettings *settings)
{
  if (settings == NULL)
    return g_new0 (char *, 1);
  return g_settings_get_strv (settings, "recent-projects");
}

void
hashiya_settings_add_recent (GSettings  *settings,
                             const char *path)
{
  g_auto(GStrv) old = NULL;
  g_autoptr(GStrvBuilder) builder = NULL;
  g_auto(GStrv) recent = NULL;
  g_autofree char *abs = NULL;
  guint n = 1;

  if (settings == NULL || path == NULL)
    return;
  abs = g_canonicalize_filename (path, NULL);
  old = g_settings_get_strv (settings, "recent-projects");
  builder = g_strv_builder_new ();
  g_strv_builder_add (builder, abs);
  for (guint i = 0; old[i] != NULL && n < MAX_RECENT; i++)
    if (!g_str_equal (old[i], abs))
      {
        g_strv_builder_add (builder, old[i]);
        n++;
      }
  recent = g_strv_builder_end (builder);
  g_settings_set_strv (settings, "recent-projects", (const char * const *) recent);
  g_settings_set_string (settings, "last-project", abs);
}
