/* hashiya-export-dialog.c: export options, then a file chooser, then win.export-to
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "hashiya-export-dialog.h"
#include "hashiya-format-registry.h"

struct _HashiyaExportDialog
{
  AdwWindow      parent_instance;

  GtkButton     *export_button;
  AdwComboRow   *format_row;
  AdwComboRow   *scheme_row;
  AdwComboRow   *clitics_row;
  AdwComboRow   *scope_row;
  AdwComboRow   *docs_row;

  HashiyaWindow *window;   /* weak */
  GArray        *formats;  /* guint HashiyaFormat: the rows of format_row (the registry's writable formats) */
};

G_DEFINE_FINAL_TYPE (HashiyaExportDialog, hashiya_export_dialog, ADW_TYPE_WINDOW)

static const HashiyaFormatDesc *
selected_format (HashiyaExportDialog *self)
{
  guint f = MIN (adw_combo_row_get_selected (self->format_row), self->formats->len - 1);

  return hashiya_format_registry_get (g_array_index (self->formats, guint, f));
}
static const HashiyaScheme schemes[] = { HASHIYA_SCHEME_BIO, HASHIYA_SCHEME_IOB1, HASHIYA_SCHEME_BIOES };
static const HashiyaScope scopes[] = { HASHIYA_SCOPE_ALL, HASHIYA_SCOPE_ARTICLE, HASHIYA_SCOPE_COMMENTS };

static void
store_options (HashiyaExportDialog *self)
{
  HashiyaExportOptions *o;
  guint f = MIN (adw_combo_row_get_selected (self->format_row), self->formats->len - 1);

  if (self->window == NULL)
    return;
  o = hashiya_window_get_export_options (self->window);

  o->format = g_array_index (self->formats, guint, f);
  o->scheme = schemes[MIN (adw_combo_row_get_selected (self->scheme_row), G_N_ELEMENTS (schemes) - 1)];
  o->clitics = adw_combo_row_get_selected (self->clitics_row) == 1 ? HASHIYA_CLITICS_SPLIT : HASHIYA_CLITICS_TOKEN;
  o->scope = scopes[MIN (adw_combo_row_get_selected (self->scope_row), G_N_ELEMENTS (scopes) - 1)];
  g_clear_pointer (&o->doc_ids, g_array_unref);
  if (adw_combo_row_get_selected (self->docs_row) == 1 && hashiya_window_get_document (self->window) != 0)
    {
      gint64 id = hashiya_window_get_document (self->window);
      o->doc_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_array_append_val (o->doc_ids, id);
    }
}

/* A format whose tool needs a set-up file to show the export (Label Studio's labelling
 * config) gets it beside the export, as NAME + desc->config_suffix (the same text as
 * hashiya-cli export --print-config). */
char *
hashiya_export_dialog_write_config (HashiyaWindow           *window,
                                    const HashiyaFormatDesc *desc,
                                    const char              *path)
{
  HashiyaStore *store = hashiya_window_get_store (window);
  g_autoptr(GError) error = NULL;
  g_autofree char *stem = NULL;
  g_autofree char *config_path = NULL;
  g_autofree char *config = NULL;
  const char *dot = strrchr (path, '.');
  const char *slash = strrchr (path, G_DIR_SEPARATOR);

  g_return_val_if_fail (desc != NULL && desc->config != NULL && desc->config_suffix != NULL, NULL);
  if (store == NULL || (config = hashiya_export_format_config (store, desc, &error)) == NULL)
    {
      g_warning ("%s: %s", path, error ? error->message : "no project");
      return NULL;
    }
  stem = dot != NULL && (slash == NULL || dot > slash) ? g_strndup (path, dot - path) : g_strdup (path);
  config_path = g_strconcat (stem, desc->config_suffix, NULL);
  if (!g_file_set_contents (config_path, config, -1, &error))
    {
      g_warning ("%s", error->message);
      return NULL;
    }
  return g_steal_pointer (&config_path);
}

static void
on_file_response (GtkNativeDialog *native, int response, HashiyaExportDialog *self)
{
  if (response == GTK_RESPONSE_ACCEPT && self->window != NULL)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
      g_autofree char *path = g_file_get_path (file);

      if (path != NULL)
        {
          store_options (self);
          if (selected_format (self)->config != NULL)
            g_free (hashiya_export_dialog_write_config (self->window, selected_format (self), path));
          gtk_widget_activate_action (GTK_WIDGET (self->window), "win.export-to", "s", path);
        }
      gtk_window_destroy (GTK_WINDOW (self));
    }
  g_object_unref (native);
}

static void
on_export_clicked (HashiyaExportDialog *self)
{
  const HashiyaFormatDesc *desc = selected_format (self);
  gboolean folder = (desc->writer->flags & HASHIYA_WRITER_FOLDER) != 0;
  GtkFileChooserNative *native;
  g_autofree char *name = NULL;

  native = gtk_file_chooser_native_new (_("Export To"), GTK_WINDOW (self),
                                        folder ? GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER
                                               : GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("_Export"), _("_Cancel"));
  if (!folder)
    {
      /* TRANSLATORS: default export file name without its extension */
      name = g_strdup_printf ("%s.%s", _("export"), desc->extensions[0]);
      gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), name);
    }
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  g_signal_connect (native, "response", G_CALLBACK (on_file_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
hashiya_export_dialog_finalize (GObject *object)
{
  g_clear_weak_pointer (&HASHIYA_EXPORT_DIALOG (object)->window);
  g_clear_pointer (&HASHIYA_EXPORT_DIALOG (object)->formats, g_array_unref);
  G_OBJECT_CLASS (hashiya_export_dialog_parent_class)->finalize (object);
}

static void
hashiya_export_dialog_class_init (HashiyaExportDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = hashiya_export_dialog_finalize;
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/hashiya/Hashiya/hashiya-export-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, HashiyaExportDialog, export_button);
  gtk_widget_class_bind_template_child (widget_class, HashiyaExportDialog, format_row);
  gtk_widget_class_bind_template_child (widget_class, HashiyaExportDialog, scheme_row);
  gtk_widget_class_bind_template_child (widget_class, HashiyaExportDialog, clitics_row);
  gtk_widget_class_bind_template_child (widget_class, HashiyaExportDialog, scope_row);
  gtk_widget_class_bind_template_child (widget_class, HashiyaExportDialog, docs_row);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
hashiya_export_dialog_init (HashiyaExportDialog *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  self->formats = hashiya_format_registry_list (HASHIYA_FORMAT_LIST_WRITABLE);
  for (guint i = 0; i < self->formats->len; i++)
    {
      const HashiyaFormatDesc *desc = hashiya_format_registry_get (g_array_index (self->formats, guint, i));

      gtk_string_list_append (names, g_dgettext (GETTEXT_PACKAGE, desc->label));
    }
  adw_combo_row_set_model (self->format_row, G_LIST_MODEL (names));
  g_signal_connect_swapped (self->export_button, "clicked", G_CALLBACK (on_export_clicked), self);
}

GtkWindow *
hashiya_export_dialog_new (HashiyaWindow *window)
{
  HashiyaExportDialog *self = g_object_new (HASHIYA_TYPE_EXPORT_DIALOG, "transient-for", window, NULL);
  HashiyaExportOptions *o = hashiya_window_get_export_options (window);

  g_set_weak_pointer (&self->window, window);
  for (guint i = 0; i < self->formats->len; i++)
    if (g_array_index (self->formats, guint, i) == o->format)
      adw_combo_row_set_selected (self->format_row, i);
  for (guint i = 0; i < G_N_ELEMENTS (schemes); i++)
    if (schemes[i] == o->scheme)
      adw_combo_row_set_selected (self->scheme_row, i);
  adw_combo_row_set_selected (self->clitics_row, o->clitics == HASHIYA_CLITICS_SPLIT ? 1 : 0);
  for (guint i = 0; i < G_N_ELEMENTS (scopes); i++)
    if (scopes[i] == o->scope)
      adw_combo_row_set_selected (self->scope_row, i);
  adw_combo_row_set_selected (self->docs_row, o->doc_ids != NULL ? 1 : 0);
  /* the window keeps the choices (the next export starts from them), also when this
   * dialog is cancelled */
  {
    AdwComboRow *rows[] = { self->format_row, self->scheme_row, self->clitics_row,
                            self->scope_row, self->docs_row };
    for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
      g_signal_connect_object (rows[i], "notify::selected", G_CALLBACK (store_options), self,
                               G_CONNECT_SWAPPED);
  }
  return GTK_WINDOW (self);
}
