/* hashiya-schema-editor.c: editing the project's judgement schema (fields, choices, keys, presets)
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One expander row per field: its title, name, key (yes/no), condition, position and its
 * choices (title, colour, key), each saved through the store's schema calls as soon as it is
 * made (Enter in an entry, a colour picked, a button). The store refuses what would break the
 * schema or lose judgements; its message is shown at the top of the editor and nothing
 * changes. After every change the window builds its panel, strip and keys again.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "hashiya-schema-editor.h"
#include "hashiya-store-schema.h"
#include "hashiya-window-private.h"

struct _HashiyaSchemaEditor
{
  AdwWindow        parent_instance;

  GtkRevealer     *message_revealer;
  GtkLabel        *message_label;
  AdwComboRow     *preset_row;
  GtkButton       *preset_button;
  GtkListBox      *fields_list;
  AdwEntryRow     *new_field_row;
  GtkDropDown     *new_kind;

  HashiyaWindow   *window;      /* weak */
  char            *expanded;    /* the field whose row is open, kept across rebuilds */
  char            *message;
};

G_DEFINE_FINAL_TYPE (HashiyaSchemaEditor, hashiya_schema_editor, ADW_TYPE_WINDOW)

static void rebuild (HashiyaSchemaEditor *self);

static HashiyaStore *
get_store (HashiyaSchemaEditor *self)
{
  return self->window ? hashiya_window_get_store (self->window) : NULL;
}

static void
show_message (HashiyaSchemaEditor *self, const char *message)
{
  g_free (self->message);
  self->message = g_strdup (message ? message : "");
  gtk_label_set_text (self->message_label, self->message);
  gtk_revealer_set_reveal_child (self->message_revealer, message != NULL && *message);
}

const char *
hashiya_schema_editor_get_message (HashiyaSchemaEditor *self)
{
  return self->message ? self->message : "";
}

/* After a store call: the message on failure; on success the editor and the window follow. */
static gboolean
done (HashiyaSchemaEditor *self, gboolean ok, GError **error)
{
  if (!ok)
    {
      show_message (self, *error ? (*error)->message : _("The change was refused"));
      return FALSE;
    }
  show_message (self, NULL);
  if (self->window != NULL)
    hashiya_window_load_schema (self->window);
  rebuild (self);
  return TRUE;
}

/* ---- callbacks: each widget carries "field" (and "choice") as data ---------- */

#define FIELD_OF(w)  ((const char *) g_object_get_data (G_OBJECT (w), "field"))
#define CHOICE_OF(w) ((const char *) g_object_get_data (G_OBJECT (w), "choice"))

static void
on_title_apply (GtkEditable *entry, HashiyaSchemaEditor *self)
{
  g_autoptr(GError) error = NULL;

  done (self, hashiya_store_schema_set_field_title (get_store (self), FIELD_OF (entry),
                                                    gtk_editable_get_text (entry), &error), &error);
}

static void
on_name_apply (GtkEditable *entry, HashiyaSchemaEditor *self)
{
  g_autoptr(GError) error = NULL;
  const char *name = gtk_editable_get_text (entry);

  if (g_strcmp0 (name, FIELD_OF (entry)) == 0)
    return;
  if (done (self, hashiya_store_schema_rename_field (get_store (self), FIELD_OF (entry), name, &error), &error))
    {
      g_free (self->expanded);
      self->expanded = g_strdup (name);
      rebuild (self);
    }
}

static void
on_key_apply (GtkEditable *entry, HashiyaSchemaEditor *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *key = g_strstrip (g_ascii_strdown (gtk_editable_get_text (entry), -1));

  done (self, hashiya_store_schema_set_key (get_store (self), FIELD_OF (entry), CHOICE_OF (entry),
                                            *key ? key : NULL, &error), &error);
}

static void
on_choice_title_apply (GtkEditable *entry, HashiyaSchemaEditor *self)
{
  g_autoptr(GError) error = NULL;

  done (self, hashiya_store_schema_set_choice (get_store (self), FIELD_OF (entry), CHOICE_OF (entry),
                                               gtk_editable_get_text (entry), NULL, &error), &error);
}

static void
on_color_set (GtkColorButton *button, HashiyaSchemaEditor *self)
{
  GdkRGBA rgba;
  g_autoptr(GError) error = NULL;
  g_autofree char *color = NULL;

  gtk_color_chooser_get_rgba (GTK_COLOR_CHOOSER (button), &rgba);
  color = g_strdup_printf ("#%02x%02x%02x", (int) (rgba.red * 255 + 0.5), (int) (rgba.green * 255 + 0.5),
                           (int) (rgba.blue * 255 + 0.5));
  done (self, hashiya_store_schema_set_choice (get_store (self), FIELD_OF (button), CHOICE_OF (button),
                                               NULL, color, &error), &error);
}

static void
on_remove_choice (GtkButton *button, HashiyaSchemaEditor *self)
{
  g_autoptr(GError) error = NULL;

  done (self, hashiya_store_schema_remove_choice (get_store (self), FIELD_OF (button), CHOICE_OF (button),
                                                  &error), &error);
}

static void
on_add_choice (GtkEditable *entry, HashiyaSchemaEditor *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HashiyaChoice) choice = NULL;
  const char *name = gtk_editable_get_text (entry);
  static const char *palette[] = { "#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442" };

  if (*name == '\0')
    return;
  choice = hashiya_choice_new (name, name, NULL, palette[g_str_hash (name) % G_N_ELEMENTS (palette)]);
  done (self, hashiya_store_schema_add_choice (get_store (self), FIELD_OF (entry), choice, &error), &error);
}

static void
on_move (GtkButton *button, HashiyaSchemaEditor *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HashiyaJudgementSchema) schema = hashiya_store_get_judgement_schema (get_store (self), NULL);
  int delta = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "delta"));
  int pos = schema ? hashiya_judgement_schema_field_index (schema, FIELD_OF (button)) : -1;

  if (pos < 0 || pos + delta < 0 || pos + delta >= (int) schema->fields->len)
    return;
  done (self, hashiya_store_schema_move_field (get_store (self), FIELD_OF (button), pos + delta, &error), &error);
}

static void
on_remove_field (GtkButton *button, HashiyaSchemaEditor *self)
{
  g_autoptr(GError) error = NULL;

  done (self, hashiya_store_schema_remove_field (get_store (self), FIELD_OF (button), &error), &error);
}

static void
on_condition_apply (GtkEditable *entry, HashiyaSchemaEditor *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  g_auto(GStrv) parts = NULL;

  if (*text == '\0')
    {
      done (self, hashiya_store_schema_set_condition (get_store (self), FIELD_OF (entry), NULL, NULL, &error), &error);
      return;
    }
  parts = g_strsplit (text, "=", 2);
  if (g_strv_length (parts) != 2)
    {
      show_message (self, _("Write the condition as field = value, for example hate_speech = yes"));
      return;
    }
  g_strstrip (parts[0]);
  g_strstrip (parts[1]);
  done (self, hashiya_store_schema_set_condition (get_store (self), FIELD_OF (entry), parts[0], parts[1],
                                                  &error), &error);
}

static void
on_new_field (AdwEntryRow *row, HashiyaSchemaEditor *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HashiyaField) field = NULL;
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
  HashiyaFieldKind kind = gtk_drop_down_get_selected (self->new_kind);

  if (*name == '\0')
    return;
  field = hashiya_field_new (name, name, kind);
  if (kind == HASHIYA_FIELD_SINGLE || kind == HASHIYA_FIELD_MULTI)
    {
      /* a choice field needs a choice: two to start with, renamed or removed afterwards */
      hashiya_field_add_choice (field, hashiya_choice_new ("yes", _("Yes"), NULL, "#009e73"));
      hashiya_field_add_choice (field, hashiya_choice_new ("no", _("No"), NULL, "#d55e00"));
    }
  if (done (self, hashiya_store_schema_add_field (get_store (self), field, -1, &error), &error))
    {
      gtk_editable_set_text (GTK_EDITABLE (row), "");
      g_free (self->expanded);
      self->expanded = g_strdup (name);
      rebuild (self);
    }
}

static void
on_preset_confirmed (AdwMessageDialog *dialog, const char *response, HashiyaSchemaEditor *self)
{
  g_autoptr(GError) error = NULL;
  const char *preset = g_object_get_data (G_OBJECT (dialog), "preset");

  if (g_strcmp0 (response, "apply") == 0)
    done (self, hashiya_store_apply_schema_preset (get_store (self), preset, &error), &error);
}

static void
on_preset_clicked (GtkButton *button, HashiyaSchemaEditor *self)
{
  guint i = adw_combo_row_get_selected (self->preset_row);
  const char * const *names = hashiya_judgement_schema_preset_names ();
  GtkWidget *dialog;
  g_autofree char *heading = NULL;

  if (i >= g_strv_length ((GStrv) names))
    return;
  heading = g_strdup_printf (_("Apply the Preset “%s”?"), names[i]);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading,
                                   _("Every field of the schema is replaced by the preset’s. Values of fields "
                                     "the preset keeps stay; the change is refused while judgements use a "
                                     "field the preset does not have."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "apply", _("_Apply"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "apply", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "preset", g_strdup (names[i]), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_preset_confirmed), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_expanded (AdwExpanderRow *row, GParamSpec *pspec, HashiyaSchemaEditor *self)
{
  if (adw_expander_row_get_expanded (row))
    {
      g_free (self->expanded);
      self->expanded = g_strdup (FIELD_OF (row));
    }
}

/* ---- building the rows ---------------------------------------------------- */

static void
tag (gpointer widget, const char *field, const char *choice)
{
  g_object_set_data_full (G_OBJECT (widget), "field", g_strdup (field), g_free);
  if (choice != NULL)
    g_object_set_data_full (G_OBJECT (widget), "choice", g_strdup (choice), g_free);
}

static GtkWidget *
entry_row (HashiyaSchemaEditor *self, const char *title, const char *text, const char *name,
           const char *field, const char *choice, GCallback apply)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (row), TRUE);
  gtk_editable_set_text (GTK_EDITABLE (row), text ? text : "");
  gtk_widget_set_name (row, name);
  tag (row, field, choice);
  /* Enter applies too (the row's apply button is shown) */
  g_signal_connect_object (row, "apply", apply, self, 0);
  return row;
}

static GtkWidget *
icon_button (const char *icon, const char *tooltip, const char *name)
{
  GtkWidget *b = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_tooltip_text (b, tooltip);
  gtk_widget_set_valign (b, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (b, "flat");
  gtk_widget_set_name (b, name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (b), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
  return b;
}

static char *
field_subtitle (const HashiyaField *f)
{
  GString *s = g_string_new (f->name);
  const char *kind = NULL;

  switch (f->kind)
    {
    case HASHIYA_FIELD_SINGLE: kind = _("one choice"); break;
    case HASHIYA_FIELD_MULTI:  kind = _("several choices"); break;
    case HASHIYA_FIELD_YESNO:  kind = _("yes or no"); break;
    case HASHIYA_FIELD_TEXT:   kind = _("free text"); break;
    default: break;
    }
  g_string_append_printf (s, " · %s", kind);
  for (guint i = 0; i < f->choices->len; i++)
    {
      HashiyaChoice *ch = g_ptr_array_index (f->choices, i);
      if (ch->key != NULL)
        g_string_append_printf (s, "%s%c %s", i == 0 ? " · " : ", ", g_ascii_toupper (ch->key[0]), ch->title);
    }
  if (f->key != NULL)
    g_string_append_printf (s, " · %c", g_ascii_toupper (f->key[0]));
  if (f->when_field != NULL)
    /* TRANSLATORS: a field's condition in the schema editor, "only when hate_speech = yes" */
    g_string_append_printf (s, " · %s %s = %s", _("only when"), f->when_field, f->when_value);
  return g_string_free (s, FALSE);
}

static GtkWidget *
field_row (HashiyaSchemaEditor *self, const HashiyaField *f, guint pos, guint n, guint uses)
{
  GtkWidget *row = adw_expander_row_new ();
  g_autofree char *subtitle = field_subtitle (f);
  g_autofree char *name = g_strdup_printf ("schema-field-%s", f->name);
  g_autofree char *id = NULL;
  GtkWidget *b;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), f->title);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);
  gtk_widget_set_name (row, name);
  tag (row, f->name, NULL);

  /* an expander row shows its actions last added first: up, down, remove */
  b = icon_button ("user-trash-symbolic", _("Remove the field"), (id = g_strdup_printf ("schema-remove-%s", f->name)));
  g_clear_pointer (&id, g_free);
  tag (b, f->name, NULL);
  g_signal_connect_object (b, "clicked", G_CALLBACK (on_remove_field), self, 0);
  adw_expander_row_add_action (ADW_EXPANDER_ROW (row), b);

  b = icon_button ("go-down-symbolic", _("Move down"), (id = g_strdup_printf ("schema-down-%s", f->name)));
  g_clear_pointer (&id, g_free);
  tag (b, f->name, NULL);
  g_object_set_data (G_OBJECT (b), "delta", GINT_TO_POINTER (1));
  gtk_widget_set_sensitive (b, pos + 1 < n);
  g_signal_connect_object (b, "clicked", G_CALLBACK (on_move), self, 0);
  adw_expander_row_add_action (ADW_EXPANDER_ROW (row), b);
  b = icon_button ("go-up-symbolic", _("Move up"), (id = g_strdup_printf ("schema-up-%s", f->name)));
  g_clear_pointer (&id, g_free);
  tag (b, f->name, NULL);
  g_object_set_data (G_OBJECT (b), "delta", GINT_TO_POINTER (-1));
  gtk_widget_set_sensitive (b, pos > 0);
  g_signal_connect_object (b, "clicked", G_CALLBACK (on_move), self, 0);
  adw_expander_row_add_action (ADW_EXPANDER_ROW (row), b);
  if (uses > 0)
    {
      GtkWidget *used = gtk_label_new (NULL);
      g_autofree char *text = hashiya_localize_digits (
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u judgement", "%u judgements", uses), uses));
      gtk_label_set_text (GTK_LABEL (used), text);
      gtk_widget_add_css_class (used, "dim-label");
      gtk_widget_add_css_class (used, "caption");
      adw_expander_row_add_action (ADW_EXPANDER_ROW (row), used);
    }

  adw_expander_row_add_row (ADW_EXPANDER_ROW (row),
                            entry_row (self, _("Title"), f->title, (id = g_strdup_printf ("schema-title-%s", f->name)),
                                       f->name, NULL, G_CALLBACK (on_title_apply)));
  g_clear_pointer (&id, g_free);
  if (!hashiya_field_name_is_builtin (f->name))
    {
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row),
                                entry_row (self, _("Name"), f->name, (id = g_strdup_printf ("schema-name-%s", f->name)),
                                           f->name, NULL, G_CALLBACK (on_name_apply)));
      g_clear_pointer (&id, g_free);
    }
  if (f->kind == HASHIYA_FIELD_YESNO)
    {
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row),
                                entry_row (self, _("Key (one letter)"), f->key, (id = g_strdup_printf ("schema-key-%s", f->name)),
                                           f->name, NULL, G_CALLBACK (on_key_apply)));
      g_clear_pointer (&id, g_free);
    }
  {
    g_autofree char *cond = f->when_field ? g_strdup_printf ("%s = %s", f->when_field, f->when_value) : NULL;
    adw_expander_row_add_row (ADW_EXPANDER_ROW (row),
                              entry_row (self, _("Only when (field = value, empty: always)"), cond,
                                         (id = g_strdup_printf ("schema-when-%s", f->name)),
                                         f->name, NULL, G_CALLBACK (on_condition_apply)));
    g_clear_pointer (&id, g_free);
  }
  for (guint c = 0; c < f->choices->len; c++)
    {
      HashiyaChoice *ch = g_ptr_array_index (f->choices, c);
      GtkWidget *crow = entry_row (self, ch->name, ch->title,
                                   (id = g_strdup_printf ("schema-choice-%s-%s", f->name, ch->name)),
                                   f->name, ch->name, G_CALLBACK (on_choice_title_apply));
      GtkWidget *color = gtk_color_button_new ();
      GtkWidget *key = gtk_entry_new ();
      g_autofree char *tip = NULL;
      GdkRGBA rgba;

      g_clear_pointer (&id, g_free);
      if (gdk_rgba_parse (&rgba, ch->color))
        gtk_color_chooser_set_rgba (GTK_COLOR_CHOOSER (color), &rgba);
      gtk_color_chooser_set_use_alpha (GTK_COLOR_CHOOSER (color), FALSE);
      gtk_widget_set_valign (color, GTK_ALIGN_CENTER);
      gtk_widget_set_name (color, (id = g_strdup_printf ("schema-color-%s-%s", f->name, ch->name)));
      g_clear_pointer (&id, g_free);
      tip = g_strdup_printf (_("Colour of “%s”"), ch->title);
      gtk_widget_set_tooltip_text (color, tip);
      gtk_accessible_update_property (GTK_ACCESSIBLE (color), GTK_ACCESSIBLE_PROPERTY_LABEL, tip, -1);
      tag (color, f->name, ch->name);
      g_signal_connect_object (color, "color-set", G_CALLBACK (on_color_set), self, 0);
      adw_entry_row_add_suffix (ADW_ENTRY_ROW (crow), color);

      gtk_editable_set_text (GTK_EDITABLE (key), ch->key ? ch->key : "");
      gtk_editable_set_width_chars (GTK_EDITABLE (key), 2);
      gtk_editable_set_max_width_chars (GTK_EDITABLE (key), 2);
      gtk_entry_set_max_length (GTK_ENTRY (key), 1);
      gtk_widget_set_valign (key, GTK_ALIGN_CENTER);
      gtk_widget_set_name (key, (id = g_strdup_printf ("schema-key-%s-%s", f->name, ch->name)));
      g_clear_pointer (&id, g_free);
      g_clear_pointer (&tip, g_free);
      tip = g_strdup_printf (_("Key of “%s” (Enter to save)"), ch->title);
      gtk_widget_set_tooltip_text (key, tip);
      gtk_accessible_update_property (GTK_ACCESSIBLE (key), GTK_ACCESSIBLE_PROPERTY_LABEL, tip, -1);
      tag (key, f->name, ch->name);
      g_signal_connect_object (key, "activate", G_CALLBACK (on_key_apply), self, 0);
      adw_entry_row_add_suffix (ADW_ENTRY_ROW (crow), key);

      b = icon_button ("list-remove-symbolic", _("Remove the choice"),
                       (id = g_strdup_printf ("schema-remove-%s-%s", f->name, ch->name)));
      g_clear_pointer (&id, g_free);
      tag (b, f->name, ch->name);
      g_signal_connect_object (b, "clicked", G_CALLBACK (on_remove_choice), self, 0);
      adw_entry_row_add_suffix (ADW_ENTRY_ROW (crow), b);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), crow);
    }
  if (f->kind == HASHIYA_FIELD_SINGLE || f->kind == HASHIYA_FIELD_MULTI)
    {
      GtkWidget *add = entry_row (self, _("New choice (name)"), NULL,
                                  (id = g_strdup_printf ("schema-add-choice-%s", f->name)),
                                  f->name, NULL, G_CALLBACK (on_add_choice));
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), add);
    }
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), g_strcmp0 (self->expanded, f->name) == 0);
  g_signal_connect_object (row, "notify::expanded", G_CALLBACK (on_expanded), self, 0);
  return row;
}

static void
rebuild (HashiyaSchemaEditor *self)
{
  g_autoptr(HashiyaJudgementSchema) schema = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->fields_list))) != NULL)
    gtk_list_box_remove (self->fields_list, child);
  if (get_store (self) == NULL)
    return;
  schema = hashiya_store_get_judgement_schema (get_store (self), &error);
  if (schema == NULL)
    {
      show_message (self, error->message);
      return;
    }
  for (guint i = 0; i < schema->fields->len; i++)
    {
      HashiyaField *f = g_ptr_array_index (schema->fields, i);
      guint uses = 0;

      hashiya_store_schema_count_uses (get_store (self), f->name, NULL, &uses, NULL);
      gtk_list_box_append (self->fields_list, field_row (self, f, i, schema->fields->len, uses));
    }
}

/* ---- set-up ----------------------------------------------------------------- */

static void
hashiya_schema_editor_dispose (GObject *object)
{
  HashiyaSchemaEditor *self = HASHIYA_SCHEMA_EDITOR (object);

  g_clear_weak_pointer (&self->window);
  gtk_widget_dispose_template (GTK_WIDGET (self), HASHIYA_TYPE_SCHEMA_EDITOR);
  G_OBJECT_CLASS (hashiya_schema_editor_parent_class)->dispose (object);
}

static void
hashiya_schema_editor_finalize (GObject *object)
{
  HashiyaSchemaEditor *self = HASHIYA_SCHEMA_EDITOR (object);

  g_free (self->expanded);
  g_free (self->message);
  G_OBJECT_CLASS (hashiya_schema_editor_parent_class)->finalize (object);
}

static void
hashiya_schema_editor_class_init (HashiyaSchemaEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hashiya_schema_editor_dispose;
  object_class->finalize = hashiya_schema_editor_finalize;
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/hashiya/Hashiya/hashiya-schema-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, HashiyaSchemaEditor, message_revealer);
  gtk_widget_class_bind_template_child (widget_class, HashiyaSchemaEditor, message_label);
  gtk_widget_class_bind_template_child (widget_class, HashiyaSchemaEditor, preset_row);
  gtk_widget_class_bind_template_child (widget_class, HashiyaSchemaEditor, preset_button);
  gtk_widget_class_bind_template_child (widget_class, HashiyaSchemaEditor, fields_list);
  gtk_widget_class_bind_template_child (widget_class, HashiyaSchemaEditor, new_field_row);
  gtk_widget_class_bind_template_child (widget_class, HashiyaSchemaEditor, new_kind);
}

static void
hashiya_schema_editor_init (HashiyaSchemaEditor *self)
{
  const char *kinds[] = { N_("One choice"), N_("Several choices"), N_("Yes or no"), N_("Free text"), NULL };
  g_autoptr(GtkStringList) kind_list = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  for (guint i = 0; kinds[i]; i++)
    gtk_string_list_append (kind_list, _(kinds[i]));
  gtk_drop_down_set_model (self->new_kind, G_LIST_MODEL (kind_list));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->new_kind), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Kind of the new field"), -1);
  {
    g_autoptr(GtkStringList) presets = gtk_string_list_new ((const char * const *) hashiya_judgement_schema_preset_names ());
    adw_combo_row_set_model (self->preset_row, G_LIST_MODEL (presets));
  }
  g_signal_connect_object (self->preset_button, "clicked", G_CALLBACK (on_preset_clicked), self, 0);
  g_signal_connect_object (self->new_field_row, "apply", G_CALLBACK (on_new_field), self, 0);
}

HashiyaSchemaEditor *
hashiya_schema_editor_new (HashiyaWindow *window, GtkWindow *parent)
{
  HashiyaSchemaEditor *self = g_object_new (HASHIYA_TYPE_SCHEMA_EDITOR, "transient-for", parent, NULL);

  g_set_weak_pointer (&self->window, window);
  rebuild (self);
  return self;
}
