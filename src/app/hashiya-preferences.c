/* hashiya-preferences.c: settings and label set editing (the core refuses bad changes; we show why)
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "hashiya-preferences.h"
#include "hashiya-store-suggest.h"
#include "hashiya-window-private.h"
#include "hashiya-schema-editor.h"

struct _HashiyaPreferences
{
  AdwPreferencesWindow parent_instance;

  AdwEntryRow         *annotator_row;
  GtkFontButton       *font_button;
  GtkSwitch           *snap_switch;
  AdwComboRow         *scheme_row;
  AdwPreferencesGroup *labels_group;
  AdwEntryRow         *new_label_row;
  AdwPreferencesGroup *gazetteer_group;   /* the user's gazetteers (issue 14) */
  GtkWidget           *gazetteer_add_button;
  GPtrArray           *gazetteer_rows;
  GtkFileChooserNative *gazetteer_chooser;

  HashiyaWindow       *window;   /* weak */
  GPtrArray           *rows;     /* label rows currently in labels_group */
  guint                refill_idle;
  guint                focus_idle;
  GHashTable          *arabic_families;   /* family name → covers Arabic */
};

G_DEFINE_FINAL_TYPE (HashiyaPreferences, hashiya_preferences, ADW_TYPE_PREFERENCES_WINDOW)

static const char *schemes[] = { "default", "light", "dark" };

static GSettings *
get_settings (HashiyaPreferences *self)
{
  return hashiya_settings_get_default ();
}

static HashiyaStore *
get_store (HashiyaPreferences *self)
{
  return self->window ? hashiya_window_get_store (self->window) : NULL;
}

static void
report (HashiyaPreferences *self, GError *error)
{
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (error->message));
}

static void fill_labels (HashiyaPreferences *self);

static gboolean
refill_idle (gpointer data)
{
  HashiyaPreferences *self = data;

  self->refill_idle = 0;
  fill_labels (self);
  return G_SOURCE_REMOVE;
}

/* The rows are rebuilt after the current signal: the widget that emitted it lives
 * in one of them. */
static void
labels_changed (HashiyaPreferences *self)
{
  if (self->window != NULL)
    hashiya_window_reload_labels (self->window);
  if (self->refill_idle == 0)
    self->refill_idle = g_idle_add (refill_idle, self);
}

static void
on_rename (AdwEntryRow *row, HashiyaPreferences *self)
{
  const char *old = g_object_get_data (G_OBJECT (row), "label");
  const char *name = gtk_editable_get_text (GTK_EDITABLE (row));
  g_autoptr(GError) error = NULL;

  if (get_store (self) == NULL || g_strcmp0 (old, name) == 0)
    return;
  if (!hashiya_store_rename_label (get_store (self), old, name, &error))
    {
      report (self, error);
      gtk_editable_set_text (GTK_EDITABLE (row), old);
      return;
    }
  labels_changed (self);
  /* the open document shows the new name at once */
  if (self->window && hashiya_window_get_document (self->window) != 0)
    hashiya_window_load_document (self->window, hashiya_window_get_document (self->window), NULL);
}

static void
on_color_set (GtkColorButton *button, HashiyaPreferences *self)
{
  const char *name = g_object_get_data (G_OBJECT (button), "label");
  GdkRGBA rgba;
  g_autofree char *hex = NULL;
  g_autoptr(GError) error = NULL;

  gtk_color_chooser_get_rgba (GTK_COLOR_CHOOSER (button), &rgba);
  hex = g_strdup_printf ("#%02x%02x%02x", (int) (rgba.red * 255 + 0.5),
                         (int) (rgba.green * 255 + 0.5), (int) (rgba.blue * 255 + 0.5));
  if (!hashiya_store_set_label_color (get_store (self), name, hex, &error))
    report (self, error);
  labels_changed (self);
}

static void
on_key_selected (GtkDropDown *dropdown, GParamSpec *pspec, HashiyaPreferences *self)
{
  const char *name = g_object_get_data (G_OBJECT (dropdown), "label");
  guint pos = gtk_drop_down_get_selected (dropdown);
  char key[2] = { '0' + pos, 0 };
  g_autoptr(GError) error = NULL;

  if (g_object_get_data (G_OBJECT (dropdown), "filling"))
    return;
  if (!hashiya_store_set_label_key (get_store (self), name, pos == 0 ? NULL : key, &error))
    report (self, error);
  labels_changed (self);
}

static void
on_move (GtkButton *button, HashiyaPreferences *self)
{
  const char *name = g_object_get_data (G_OBJECT (button), "label");
  int to = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "to"));
  g_autoptr(GError) error = NULL;

  if (!hashiya_store_move_label (get_store (self), name, to, &error))
    report (self, error);
  labels_changed (self);
}

static void
on_remove (GtkButton *button, HashiyaPreferences *self)
{
  const char *name = g_object_get_data (G_OBJECT (button), "label");
  g_autoptr(GError) error = NULL;

  if (!hashiya_store_remove_label (get_store (self), name, &error))
    report (self, error);
  labels_changed (self);
}

static void
on_add (AdwEntryRow *row, HashiyaPreferences *self)
{
  const char *name = gtk_editable_get_text (GTK_EDITABLE (row));
  g_autoptr(GError) error = NULL;

  if (get_store (self) == NULL || name == NULL || *name == '\0')
    return;
  if (hashiya_store_add_label (get_store (self), name, NULL, NULL, &error) == 0)
    {
      report (self, error);
      return;
    }
  gtk_editable_set_text (GTK_EDITABLE (row), "");
  labels_changed (self);
}

static GtkWidget *
icon_button (const char *icon, const char *tooltip, const char *label, HashiyaPreferences *self,
             GCallback callback, const char *name)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);
  g_autofree char *wname = g_strdup_printf ("label-%s-%s", name, label);

  gtk_widget_set_name (button, wname);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
  g_object_set_data_full (G_OBJECT (button), "label", g_strdup (label), g_free);
  g_signal_connect (button, "clicked", callback, self);
  return button;
}

static void
fill_labels (HashiyaPreferences *self)
{
  g_autoptr(GPtrArray) labels = NULL;
  const char *keys[] = { N_("No key"), "1", "2", "3", "4", "5", "6", "7", "8", "9", NULL };

  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (self->labels_group, g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);
  if (get_store (self) == NULL)
    return;
  labels = hashiya_store_list_labels (get_store (self), NULL);
  for (guint i = 0; labels != NULL && i < labels->len; i++)
    {
      HashiyaLabel *l = g_ptr_array_index (labels, i);
      GtkWidget *row = adw_entry_row_new ();
      GtkWidget *color = gtk_color_button_new ();
      GtkStringList *key_model = gtk_string_list_new (NULL);
      GtkWidget *key;
      GtkWidget *up, *down, *remove;
      GdkRGBA rgba;
      g_autofree char *row_name = g_strdup_printf ("label-row-%s", l->name);

      gtk_string_list_append (key_model, _(keys[0]));
      for (guint k = 1; keys[k]; k++)
        gtk_string_list_append (key_model, keys[k]);
      key = gtk_drop_down_new (G_LIST_MODEL (key_model), NULL);
      {
        g_autofree char *kname = g_strdup_printf ("label-key-%s", l->name);
        gtk_widget_set_name (key, kname);
      }
      gtk_widget_set_name (row, row_name);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Name"));
      gtk_editable_set_text (GTK_EDITABLE (row), l->name);
      adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (row), TRUE);
      g_object_set_data_full (G_OBJECT (row), "label", g_strdup (l->name), g_free);
      g_signal_connect (row, "apply", G_CALLBACK (on_rename), self);

      if (l->color && gdk_rgba_parse (&rgba, l->color))
        gtk_color_chooser_set_rgba (GTK_COLOR_CHOOSER (color), &rgba);
      gtk_color_chooser_set_use_alpha (GTK_COLOR_CHOOSER (color), FALSE);
      gtk_widget_set_valign (color, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (color, _("Colour"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (color), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Colour"), -1);
      g_object_set_data_full (G_OBJECT (color), "label", g_strdup (l->name), g_free);
      g_signal_connect (color, "color-set", G_CALLBACK (on_color_set), self);
      adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), color);

      g_object_set_data (G_OBJECT (key), "filling", GINT_TO_POINTER (1));
      gtk_drop_down_set_selected (GTK_DROP_DOWN (key),
                                  l->key && l->key[0] >= '1' && l->key[0] <= '9' ? (guint) (l->key[0] - '0') : 0);
      g_object_set_data (G_OBJECT (key), "filling", NULL);
      gtk_widget_set_valign (key, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (key, _("Key"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (key), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Key"), -1);
      g_object_set_data_full (G_OBJECT (key), "label", g_strdup (l->name), g_free);
      g_signal_connect (key, "notify::selected", G_CALLBACK (on_key_selected), self);
      adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), key);

      up = icon_button ("go-up-symbolic", _("Move up"), l->name, self, G_CALLBACK (on_move), "up");
      g_object_set_data (G_OBJECT (up), "to", GINT_TO_POINTER (MAX ((int) i - 1, 0)));
      gtk_widget_set_sensitive (up, i > 0);
      adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), up);
      down = icon_button ("go-down-symbolic", _("Move down"), l->name, self, G_CALLBACK (on_move), "down");
      g_object_set_data (G_OBJECT (down), "to", GINT_TO_POINTER ((int) i + 1));
      gtk_widget_set_sensitive (down, i + 1 < labels->len);
      adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), down);
      remove = icon_button ("user-trash-symbolic", _("Remove label"), l->name, self, G_CALLBACK (on_remove), "remove");
      adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), remove);

      adw_preferences_group_add (self->labels_group, row);
      g_ptr_array_add (self->rows, row);
    }
}

static void
on_annotator_apply (AdwEntryRow *row, HashiyaPreferences *self)
{
  GSettings *settings = get_settings (self);

  if (settings != NULL)
    g_settings_set_string (settings, "annotator", gtk_editable_get_text (GTK_EDITABLE (row)));
}

static void
on_font_set (GtkFontButton *button, HashiyaPreferences *self)
{
  g_autofree char *font = gtk_font_chooser_get_font (GTK_FONT_CHOOSER (button));
  GSettings *settings = get_settings (self);

  if (settings != NULL)
    g_settings_set_string (settings, "font", font);
  /* every open window follows */
  if (self->window != NULL)
    for (GList *l = gtk_application_get_windows (gtk_window_get_application (GTK_WINDOW (self->window))); l; l = l->next)
      if (HASHIYA_IS_WINDOW (l->data))
        hashiya_window_set_font (l->data, font);
}

static void
on_snap_changed (GtkSwitch *sw, GParamSpec *pspec, HashiyaPreferences *self)
{
  GSettings *settings = get_settings (self);

  if (settings != NULL)
    g_settings_set_boolean (settings, "snap-to-words", gtk_switch_get_active (sw));
}

static void
on_scheme_changed (AdwComboRow *row, GParamSpec *pspec, HashiyaPreferences *self)
{
  GSettings *settings = get_settings (self);
  guint pos = adw_combo_row_get_selected (row);

  if (settings != NULL && pos < G_N_ELEMENTS (schemes))
    g_settings_set_string (settings, "color-scheme", schemes[pos]);
}

/* ---- the user's gazetteers ------------------------------------------------ */

static void fill_gazetteers (HashiyaPreferences *self);

/* The window's suggestions are made again with the new lists. */
static void
gazetteers_changed (HashiyaPreferences *self)
{
  if (self->window != NULL)
    {
      hashiya_window_suggest_project_changed (self->window);
      hashiya_window_suggest_document_loaded (self->window);
    }
  fill_gazetteers (self);
}

static void
on_remove_gazetteer (GtkButton *button, HashiyaPreferences *self)
{
  const char *name = g_object_get_data (G_OBJECT (button), "gazetteer");
  g_autoptr(GError) error = NULL;

  if (get_store (self) == NULL)
    return;
  if (!hashiya_store_remove_gazetteer (get_store (self), name, &error))
    report (self, error);
  gazetteers_changed (self);
}

static guint
count_entries (const char *data)
{
  guint n = 0;

  for (const char *p = data; p != NULL && *p; )
    {
      const char *nl = strchr (p, '\n');
      gsize len = nl ? (gsize) (nl - p) : strlen (p);

      if (len > 0 && *p != '#' && memchr (p, '\t', len) != NULL)
        n++;
      p = nl ? nl + 1 : NULL;
    }
  return n;
}

static void
fill_gazetteers (HashiyaPreferences *self)
{
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GPtrArray) datas = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < self->gazetteer_rows->len; i++)
    adw_preferences_group_remove (self->gazetteer_group, g_ptr_array_index (self->gazetteer_rows, i));
  g_ptr_array_set_size (self->gazetteer_rows, 0);
  gtk_widget_set_sensitive (self->gazetteer_add_button, get_store (self) != NULL);
  if (get_store (self) == NULL)
    return;
  names = hashiya_store_list_gazetteers (get_store (self), &datas, &error);
  if (names == NULL)
    {
      report (self, error);
      return;
    }
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      guint n = count_entries (g_ptr_array_index (datas, i));
      g_autofree char *subtitle = hashiya_localize_digits (g_strdup_printf (g_dngettext (NULL, "%u entry", "%u entries", n), n));
      g_autofree char *tip = g_strdup_printf (_("Remove %s"), name);
      g_autofree char *wname = g_strdup_printf ("gazetteer-remove-%s", name);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_widget_set_name (row, "gazetteer-row");
      gtk_widget_set_name (remove, wname);
      gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (remove, "flat");
      gtk_widget_set_tooltip_text (remove, tip);
      gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, tip, -1);
      g_object_set_data_full (G_OBJECT (remove), "gazetteer", g_strdup (name), g_free);
      g_signal_connect (remove, "clicked", G_CALLBACK (on_remove_gazetteer), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
      adw_preferences_group_add (self->gazetteer_group, row);
      g_ptr_array_add (self->gazetteer_rows, row);
    }
}

gboolean
hashiya_preferences_add_gazetteer (HashiyaPreferences *self, GFile *file, GError **error)
{
  g_autofree char *data = NULL;
  g_autofree char *name = NULL;
  gsize len = 0;

  g_return_val_if_fail (HASHIYA_IS_PREFERENCES (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  if (get_store (self) == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED, _("No project is open"));
      return FALSE;
    }
  if (!g_file_load_contents (file, NULL, &data, &len, NULL, error))
    return FALSE;
  name = g_file_get_basename (file);
  if (!hashiya_store_add_gazetteer (get_store (self), name, data, (gssize) len, error))
    return FALSE;
  gazetteers_changed (self);
  return TRUE;
}

static void
on_gazetteer_chosen (GtkNativeDialog *dialog, int response, HashiyaPreferences *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  g_clear_object (&self->gazetteer_chooser);
  if (file != NULL && !hashiya_preferences_add_gazetteer (self, file, &error))
    report (self, error);
}

static void
on_add_gazetteer (GtkButton *button, HashiyaPreferences *self)
{
  g_autoptr(GtkFileFilter) tsv = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  if (self->gazetteer_chooser != NULL)
    return;
  /* GtkFileDialog is GTK 4.10; this is 4.8 */
  self->gazetteer_chooser = gtk_file_chooser_native_new (_("Add a Gazetteer"), GTK_WINDOW (self),
                                                          GTK_FILE_CHOOSER_ACTION_OPEN,
                                                          _("_Add"), _("_Cancel"));
  gtk_file_filter_set_name (tsv, _("Gazetteers (TSV, text)"));
  gtk_file_filter_add_pattern (tsv, "*.tsv");
  gtk_file_filter_add_pattern (tsv, "*.txt");
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->gazetteer_chooser), tsv);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->gazetteer_chooser), all);
  g_signal_connect (self->gazetteer_chooser, "response", G_CALLBACK (on_gazetteer_chosen), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->gazetteer_chooser));
}

static void
hashiya_preferences_dispose (GObject *object)
{
  HashiyaPreferences *self = HASHIYA_PREFERENCES (object);

  if (self->gazetteer_chooser != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->gazetteer_chooser, self);
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->gazetteer_chooser));
      g_clear_object (&self->gazetteer_chooser);
    }

  g_clear_handle_id (&self->refill_idle, g_source_remove);
  g_clear_handle_id (&self->focus_idle, g_source_remove);
  G_OBJECT_CLASS (hashiya_preferences_parent_class)->dispose (object);
}

static void
hashiya_preferences_finalize (GObject *object)
{
  HashiyaPreferences *self = HASHIYA_PREFERENCES (object);

  g_clear_weak_pointer (&self->window);
  g_clear_handle_id (&self->refill_idle, g_source_remove);
  g_ptr_array_unref (self->rows);
  g_ptr_array_unref (self->gazetteer_rows);
  g_clear_pointer (&self->arabic_families, g_hash_table_unref);
  G_OBJECT_CLASS (hashiya_preferences_parent_class)->finalize (object);
}

gboolean
hashiya_font_covers_arabic (PangoContext *context, const PangoFontFamily *family, const PangoFontFace *face)
{
  g_autoptr(PangoFontDescription) desc = NULL;
  g_autoptr(PangoFont) font = NULL;
  g_autoptr(PangoFontDescription) got = NULL;

  if (face == NULL)
    return FALSE;
  desc = pango_font_face_describe ((PangoFontFace *) face);
  pango_font_description_set_size (desc, 12 * PANGO_SCALE);
  font = pango_context_load_font (context, desc);
  if (font == NULL)
    return FALSE;
  got = pango_font_describe (font);
  /* the font itself, not a fallback fontconfig chose for a name it lacks */
  if (g_ascii_strcasecmp (pango_font_description_get_family (got) ? pango_font_description_get_family (got) : "",
                          pango_font_family_get_name ((PangoFontFamily *) family)) != 0)
    return FALSE;
  /* alef, lam, heh, yeh: the letters of any Arabic word */
  return pango_font_has_char (font, 0x0627) && pango_font_has_char (font, 0x0644)
         && pango_font_has_char (font, 0x0647) && pango_font_has_char (font, 0x064A);
}

static gboolean
font_filter (const PangoFontFamily *family, const PangoFontFace *face, gpointer data)
{
  HashiyaPreferences *self = data;
  const char *name = pango_font_family_get_name ((PangoFontFamily *) family);
  gpointer cached;

  /* one answer per family: faces of a family share their coverage here */
  if (g_hash_table_lookup_extended (self->arabic_families, name, NULL, &cached))
    return GPOINTER_TO_INT (cached);
  {
    gboolean ok = hashiya_font_covers_arabic (gtk_widget_get_pango_context (GTK_WIDGET (self)), family, face);
    g_hash_table_insert (self->arabic_families, g_strdup (name), GINT_TO_POINTER (ok));
    return ok;
  }
}

/* A page that opens gives no field the focus: typing must not rename a label by itself. */
static gboolean
clear_focus (gpointer data)
{
  HashiyaPreferences *self = data;

  self->focus_idle = 0;
  gtk_window_set_focus (GTK_WINDOW (self), NULL);
  return G_SOURCE_REMOVE;
}

static void
queue_clear_focus (HashiyaPreferences *self)
{
  if (self->focus_idle == 0)
    self->focus_idle = g_idle_add (clear_focus, self);
}

/* the judgement schema editor (hashiya-schema-editor.c), over the project window */
static void
on_schema_editor_clicked (HashiyaPreferences *self)
{
  if (self->window != NULL)
    gtk_window_present (GTK_WINDOW (hashiya_schema_editor_new (self->window, GTK_WINDOW (self))));
}

static void
hashiya_preferences_class_init (HashiyaPreferencesClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = hashiya_preferences_dispose;
  G_OBJECT_CLASS (klass)->finalize = hashiya_preferences_finalize;
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/hashiya/Hashiya/hashiya-preferences.ui");
  gtk_widget_class_bind_template_child (widget_class, HashiyaPreferences, annotator_row);
  gtk_widget_class_bind_template_child (widget_class, HashiyaPreferences, font_button);
  gtk_widget_class_bind_template_child (widget_class, HashiyaPreferences, snap_switch);
  gtk_widget_class_bind_template_child (widget_class, HashiyaPreferences, scheme_row);
  gtk_widget_class_bind_template_child (widget_class, HashiyaPreferences, labels_group);
  gtk_widget_class_bind_template_child (widget_class, HashiyaPreferences, new_label_row);
  gtk_widget_class_bind_template_child (widget_class, HashiyaPreferences, gazetteer_group);
  gtk_widget_class_bind_template_child (widget_class, HashiyaPreferences, gazetteer_add_button);
  gtk_widget_class_bind_template_callback (widget_class, on_schema_editor_clicked);
}

static void
hashiya_preferences_init (HashiyaPreferences *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->rows = g_ptr_array_new ();
  self->gazetteer_rows = g_ptr_array_new ();
  self->arabic_families = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gtk_font_chooser_set_filter_func (GTK_FONT_CHOOSER (self->font_button), font_filter, self, NULL);
  /* the sample is the text this font is for, whatever the interface language */
  gtk_font_chooser_set_preview_text (GTK_FONT_CHOOSER (self->font_button),
                                     "العراق والبشمركة يعززان التعاون في كركوك منذ ٢٠١٤");
  g_signal_connect_swapped (self, "notify::visible-page", G_CALLBACK (queue_clear_focus), self);
  g_signal_connect_swapped (self, "map", G_CALLBACK (queue_clear_focus), self);
}

GtkWindow *
hashiya_preferences_new (HashiyaWindow *window)
{
  HashiyaPreferences *self = g_object_new (HASHIYA_TYPE_PREFERENCES, "transient-for", window, NULL);
  GSettings *settings;
  g_autofree char *annotator = NULL;
  g_autofree char *font = NULL;
  g_autofree char *scheme = NULL;

  g_set_weak_pointer (&self->window, window);
  settings = get_settings (self);
  annotator = hashiya_settings_dup_annotator (settings);
  gtk_editable_set_text (GTK_EDITABLE (self->annotator_row), annotator);
  font = hashiya_settings_get_string (settings, "font", "Noto Naskh Arabic 18");
  gtk_font_chooser_set_font (GTK_FONT_CHOOSER (self->font_button), font);
  gtk_switch_set_active (self->snap_switch, hashiya_settings_get_boolean (settings, "snap-to-words", TRUE));
  scheme = hashiya_settings_get_string (settings, "color-scheme", "default");
  for (guint i = 0; i < G_N_ELEMENTS (schemes); i++)
    if (g_str_equal (scheme, schemes[i]))
      adw_combo_row_set_selected (self->scheme_row, i);

  g_signal_connect (self->annotator_row, "apply", G_CALLBACK (on_annotator_apply), self);
  g_signal_connect (self->font_button, "font-set", G_CALLBACK (on_font_set), self);
  g_signal_connect (self->snap_switch, "notify::active", G_CALLBACK (on_snap_changed), self);
  g_signal_connect (self->scheme_row, "notify::selected", G_CALLBACK (on_scheme_changed), self);
  g_signal_connect (self->new_label_row, "apply", G_CALLBACK (on_add), self);
  fill_labels (self);
  g_signal_connect (self->gazetteer_add_button, "clicked", G_CALLBACK (on_add_gazetteer), self);
  fill_gazetteers (self);
  return GTK_WINDOW (self);
}
