/* hashiya-window-io.c: importing files and exporting the project, each in a worker thread
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The store is thread-safe; the worker gets its own reference, reports progress through
 * the main context and hands its reports back when it finishes.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "hashiya-window-private.h"
#include "hashiya-import.h"
#include "hashiya-format-registry.h"
#include "hashiya-merge.h"
#include "hashiya-export-dialog.h"

#include <glib/gstdio.h>

/* ---- import --------------------------------------------------------------- */

typedef struct
{
  HashiyaStore  *store;
  GPtrArray     *paths;     /* char* */
  GPtrArray     *reports;   /* HashiyaImportReport */
  char          *annotator;
  HashiyaWindow *window;    /* weak: progress only */
} ImportJob;

static void
import_job_free (ImportJob *job)
{
  g_clear_object (&job->store);
  g_ptr_array_unref (job->paths);
  g_ptr_array_unref (job->reports);
  g_free (job->annotator);
  g_clear_weak_pointer (&job->window);
  g_free (job);
}

typedef struct
{
  GWeakRef window;
  double   fraction;
  char    *text;
} Progress;

static gboolean
show_progress (gpointer data)
{
  Progress *p = data;
  g_autoptr(HashiyaWindow) self = g_weak_ref_get (&p->window);

  if (self != NULL && !self->disposed)
    {
      gtk_progress_bar_set_fraction (self->import_progress, p->fraction);
      gtk_label_set_text (self->import_label, p->text);
    }
  g_weak_ref_clear (&p->window);
  g_free (p->text);
  g_free (p);
  return G_SOURCE_REMOVE;
}

/* A .hashiya project file is merged into the open project, as `hashiya-cli merge` does
 * (documents matched by their text, every annotator's work kept, conflicts refused with
 * nothing written). Told by its name only: opening and closing a project file in this
 * process to sniff it could release the locks of the window's own connection. */
static void
merge_project_file (HashiyaStore        *store,
                    const char          *path,
                    HashiyaImportReport *report)
{
  g_autoptr(HashiyaStore) source = NULL;
  g_autoptr(GError) error = NULL;
  HashiyaMergeResult result = { 0 };
  GStatBuf a, b;

  if (g_stat (path, &a) == 0 && g_stat (hashiya_store_get_path (store), &b) == 0
      && a.st_dev == b.st_dev && a.st_ino == b.st_ino)
    {
      report->error = g_error_new (HASHIYA_MERGE_ERROR, HASHIYA_MERGE_ERROR_INVALID,
                                   _("%s: this is the open project itself"), path);
      return;
    }
  source = hashiya_store_open (path, FALSE, &error);
  if (source == NULL || !hashiya_merge (store, &source, 1, NULL, &result, &error))
    {
      report->error = g_steal_pointer (&error);
      return;
    }
  report->n_documents = result.documents_added;
  report->n_duplicates = result.documents_matched;
  report->n_spans = result.spans_added;
  report->n_judgements = result.judgements_added;
}

static void
import_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  ImportJob *job = task_data;
  HashiyaImportOptions options;

  hashiya_import_options_init (&options);
  options.annotator = job->annotator;
  for (guint i = 0; i < job->paths->len; i++)
    {
      const char *path = g_ptr_array_index (job->paths, i);
      HashiyaImportReport *report = hashiya_import_report_new (path);
      g_autofree char *base = g_path_get_basename (path);
      Progress *p = g_new0 (Progress, 1);

      g_weak_ref_init (&p->window, source);
      p->fraction = (double) i / job->paths->len;
      /* TRANSLATORS: import progress: "Importing article.txt (2 of 5)" */
      p->text = g_strdup_printf (_("Importing %s (%u of %u)"), base, i + 1, job->paths->len);
      g_main_context_invoke (NULL, show_progress, p);

      if (g_cancellable_is_cancelled (cancellable))
        {
          hashiya_import_report_free (report);
          break;
        }
      if (g_str_has_suffix (path, ".hashiya"))
        merge_project_file (job->store, path, report);
      else
        hashiya_import_file (job->store, path, &options, report, cancellable, NULL);
      g_ptr_array_add (job->reports, report);
    }
  g_task_return_boolean (task, TRUE);
}

static void
import_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  HashiyaWindow *self = HASHIYA_WINDOW (source);
  ImportJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GString) failures = g_string_new (NULL);
  guint n_docs = 0, n_dups = 0, n_failed = 0;
  gboolean cancelled = g_cancellable_is_cancelled (self->import_cancellable);
  g_autofree char *summary = NULL;

  if (self->disposed)
    return;

  self->busy = FALSE;
  g_clear_object (&self->import_cancellable);
  gtk_revealer_set_reveal_child (self->import_revealer, FALSE);

  for (guint i = 0; i < job->reports->len; i++)
    {
      HashiyaImportReport *r = g_ptr_array_index (job->reports, i);
      if (r->error != NULL)
        {
          g_autofree char *base = g_path_get_basename (r->path);
          n_failed++;
          g_string_append_printf (failures, "• %s: %s\n", base, r->error->message);
        }
      n_docs += r->n_documents;
      n_dups += r->n_duplicates;
    }
  hashiya_window_refresh_documents (self);
  if (self->doc_id == 0 && self->store != NULL)
    {
      g_autoptr(GPtrArray) docs = hashiya_store_list_documents (self->store, NULL);
      if (docs != NULL && docs->len > 0)
        hashiya_window_load_document (self, ((HashiyaDocument *) g_ptr_array_index (docs, 0))->id, NULL);
    }
  summary = hashiya_localize_digits (g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Imported %u document", "Imported %u documents", n_docs), n_docs));
  if (n_dups > 0)
    {
      g_autofree char *dups = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u already in the project",
                                                            "%u already in the project", n_dups), n_dups);
      char *t = g_strdup_printf ("%s (%s)", summary, dups);
      g_free (summary);
      summary = t;
    }
  if (cancelled)
    {
      char *t = g_strdup_printf ("%s — %s", summary, _("cancelled"));
      g_free (summary);
      summary = t;
    }
  if (n_failed > 0)
    {
      g_autofree char *heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u File Could Not Be Imported",
                                                               "%u Files Could Not Be Imported", n_failed), n_failed);
      g_autofree char *body = g_strdup_printf ("%s\n\n%s", summary, failures->str);
      hashiya_window_show_error (self, heading, body);
    }
  else
    hashiya_window_toast (self, summary);
  hashiya_window_update_actions (self);
  g_signal_emit_by_name (self, "import-finished");
}

void
hashiya_window_import_files (HashiyaWindow *self, GPtrArray *paths)
{
  g_autoptr(GTask) task = NULL;
  ImportJob *job;

  g_return_if_fail (HASHIYA_IS_WINDOW (self));
  if (self->store == NULL || self->busy || paths == NULL || paths->len == 0)
    return;
  job = g_new0 (ImportJob, 1);
  job->store = g_object_ref (self->store);
  job->paths = g_ptr_array_ref (paths);
  job->reports = g_ptr_array_new_with_free_func ((GDestroyNotify) hashiya_import_report_free);
  job->annotator = g_strdup (self->annotator);
  g_set_weak_pointer (&job->window, self);
  self->busy = TRUE;
  self->import_cancellable = g_cancellable_new ();
  gtk_progress_bar_set_fraction (self->import_progress, 0);
  gtk_revealer_set_reveal_child (self->import_revealer, TRUE);
  hashiya_window_update_actions (self);

  task = g_task_new (self, self->import_cancellable, import_done, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify) import_job_free);
  g_task_run_in_thread (task, import_thread);
}

static void
on_import_response (GtkNativeDialog *native, int response, HashiyaWindow *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (native));
      g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);

      for (guint i = 0; i < g_list_model_get_n_items (files); i++)
        {
          g_autoptr(GFile) file = g_list_model_get_item (files, i);
          char *path = g_file_get_path (file);
          if (path != NULL)
            g_ptr_array_add (paths, path);
        }
      hashiya_window_import_files (self, paths);
    }
  g_object_unref (native);
}

/* Every file first (the format is detected from the content, whatever the name), then one
 * filter per format the registry can read, from its extensions. */
static void
add_import_filters (GtkFileChooser *chooser)
{
  g_autoptr(GArray) formats = hashiya_format_registry_list (HASHIYA_FORMAT_LIST_READABLE);
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (chooser, all);
  for (guint i = 0; i < formats->len; i++)
    {
      const HashiyaFormatDesc *desc = hashiya_format_registry_get (g_array_index (formats, guint, i));
      g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

      gtk_file_filter_set_name (filter, g_dgettext (GETTEXT_PACKAGE, desc->read_label != NULL
                                                                     ? desc->read_label : desc->label));
      for (guint k = 0; desc->extensions[k] != NULL; k++)
        gtk_file_filter_add_suffix (filter, desc->extensions[k]);
      gtk_file_chooser_add_filter (chooser, filter);
    }
  {
    g_autoptr(GtkFileFilter) projects = gtk_file_filter_new ();

    /* a project file is merged into the open one */
    gtk_file_filter_set_name (projects, _("Hashiya projects (merged)"));
    gtk_file_filter_add_suffix (projects, "hashiya");
    gtk_file_chooser_add_filter (chooser, projects);
  }
}

void
hashiya_window_action_import (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  HashiyaWindow *self = user_data;
  GtkFileChooserNative *native;

  native = gtk_file_chooser_native_new (_("Import Files"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Import"), _("_Cancel"));
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (native), TRUE);
  add_import_filters (GTK_FILE_CHOOSER (native));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  g_signal_connect (native, "response", G_CALLBACK (on_import_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

void
hashiya_window_action_cancel_import (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  HashiyaWindow *self = user_data;

  if (self->import_cancellable != NULL)
    g_cancellable_cancel (self->import_cancellable);
}

/* ---- export --------------------------------------------------------------- */

typedef struct
{
  HashiyaStore        *store;
  HashiyaExportOptions options;
  GArray              *doc_ids;
  char                *path;
  HashiyaExportReport *report;
} ExportJob;

static void
export_job_free (ExportJob *job)
{
  g_clear_object (&job->store);
  g_clear_pointer (&job->doc_ids, g_array_unref);
  g_clear_pointer (&job->report, hashiya_export_report_free);
  g_free (job->path);
  g_free (job);
}

static void
export_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  ExportJob *job = task_data;
  GError *error = NULL;

  if (hashiya_export_to_file (job->store, &job->options, job->path, job->report, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
show_export_report (HashiyaWindow *self, const char *path, HashiyaExportReport *report)
{
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  body = g_strdup_printf (_("Wrote %u documents and %u entities to %s."),
                          report->n_documents, report->n_entities, base);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Export Finished"), body);
  gtk_widget_set_name (dialog, "export-report");
  if (report->items->len > 0)
    {
      g_autoptr(GString) lines = g_string_new (NULL);
      GtkWidget *scroller = gtk_scrolled_window_new ();
      GtkWidget *label;
      g_autofree char *lost = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "The format could not hold %u item exactly:",
                                                            "The format could not hold %u items exactly:",
                                                            report->items->len), report->items->len);

      for (guint i = 0; i < report->items->len && i < 500; i++)
        {
          g_autofree char *line = hashiya_loss_item_to_string (g_ptr_array_index (report->items, i));
          g_string_append_printf (lines, "%s\n", line);
        }
      if (report->items->len > 500)
        g_string_append (lines, "…\n");
      label = gtk_label_new (lines->str);
      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), label);
      gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scroller), 200);
      gtk_widget_set_name (scroller, "export-losses");
      g_autofree char *with_losses = g_strdup_printf ("%s\n%s", body, lost);

      adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog), with_losses);
      adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), scroller);
    }
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
export_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  HashiyaWindow *self = HASHIYA_WINDOW (source);
  ExportJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  gboolean ok = g_task_propagate_boolean (G_TASK (result), &error);

  if (self->disposed)
    return;

  self->busy = FALSE;
  hashiya_window_update_actions (self);
  g_clear_pointer (&self->last_export_report, hashiya_export_report_free);
  if (ok)
    {
      self->last_export_report = g_steal_pointer (&job->report);
      if (g_getenv ("HASHIYA_TEST_NO_DIALOGS") == NULL)
        show_export_report (self, job->path, self->last_export_report);
    }
  else if (g_getenv ("HASHIYA_TEST_NO_DIALOGS") == NULL)
    hashiya_window_show_error (self, _("Export Failed"), error->message);
  g_signal_emit_by_name (self, "export-finished", ok);
}

void
hashiya_window_action_export_to (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  HashiyaWindow *self = user_data;
  g_autoptr(GTask) task = NULL;
  ExportJob *job;

  if (self->store == NULL || self->busy)
    return;
  job = g_new0 (ExportJob, 1);
  job->store = g_object_ref (self->store);
  job->options = self->export_options;
  job->options.annotator = NULL;
  if (self->export_options.doc_ids != NULL)
    job->doc_ids = g_array_ref (self->export_options.doc_ids);
  job->options.doc_ids = job->doc_ids;
  job->path = g_strdup (g_variant_get_string (param, NULL));
  job->report = hashiya_export_report_new ();
  self->busy = TRUE;
  hashiya_window_update_actions (self);
  task = g_task_new (self, NULL, export_done, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify) export_job_free);
  g_task_run_in_thread (task, export_thread);
}

void
hashiya_window_action_export (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  HashiyaWindow *self = user_data;

  gtk_window_present (hashiya_export_dialog_new (self));
}
