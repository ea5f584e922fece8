/* hashiya-window-watch.c: showing what another process (hashiya-cli, another window) wrote
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every 500 ms the window asks SQLite whether another connection committed to the
 * project (PRAGMA data_version, a cheap read of the file header). When one did, the
 * labels, the document list with its counts and the open document are read again, and
 * the annotator's place is put back: the scroll position, the current comment, the
 * selected span or selection and the cursor.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "hashiya-window-private.h"

#define WATCH_INTERVAL_MS 500

typedef struct
{
  double   scroll;
  int      comment;
  gint64   span;
  gboolean has_selection;
  gint64   sel_start, sel_end;
  gint64   cursor;
} Place;

static void
save_place (HashiyaWindow *self, Place *p)
{
  GtkAdjustment *adj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->doc_view));

  p->scroll = adj ? gtk_adjustment_get_value (adj) : 0;
  p->comment = hashiya_document_view_get_current_comment (self->doc_view);
  p->span = hashiya_document_view_get_selected_span (self->doc_view);
  p->has_selection = hashiya_document_view_get_selection (self->doc_view, &p->sel_start, &p->sel_end);
  p->cursor = hashiya_document_view_get_cursor (self->doc_view);
}

typedef struct
{
  HashiyaWindow *self;
  double         scroll;
  int            tries;
} ScrollBack;

static void
scroll_back_free (gpointer data)
{
  ScrollBack *sb = data;

  g_object_unref (sb->self);
  g_free (sb);
}

/* Lines above the place are laid out again after a reload: set the scroll position until
 * the adjustment can hold it. */
static gboolean
scroll_back (gpointer data)
{
  ScrollBack *sb = data;
  GtkAdjustment *adj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (sb->self->doc_view));

  if (adj == NULL || sb->self->disposed)
    return G_SOURCE_REMOVE;
  gtk_adjustment_set_value (adj, sb->scroll);
  if (fabs (gtk_adjustment_get_value (adj) - sb->scroll) < 1 || --sb->tries <= 0)
    return G_SOURCE_REMOVE;
  return G_SOURCE_CONTINUE;
}

static void
restore_place (HashiyaWindow *self, const Place *p)
{
  HashiyaDocumentView *view = self->doc_view;
  gint64 n = hashiya_text_get_length (hashiya_document_view_get_text (view));
  ScrollBack *sb;

  if (p->comment > 0 && p->comment <= hashiya_document_view_get_n_comments (view))
    hashiya_document_view_set_current_comment (view, p->comment, FALSE);
  if (p->span != 0 && hashiya_span_model_find (hashiya_document_view_get_span_model (view), p->span) != G_MAXUINT)
    hashiya_document_view_select_span (view, p->span);
  else if (p->has_selection && p->sel_end <= n)
    hashiya_document_view_set_selection (view, p->sel_start, p->sel_end);
  else
    hashiya_document_view_place_cursor (view, MIN (p->cursor, n), FALSE);
  /* the comment change above may have changed the panel: it shows this comment again */
  hashiya_window_sync_comment_panel (self);
  sb = g_new0 (ScrollBack, 1);
  sb->self = g_object_ref (self);
  sb->scroll = p->scroll;
  sb->tries = 20;
  scroll_back (sb);
  g_timeout_add_full (G_PRIORITY_DEFAULT, 30, scroll_back, sb, scroll_back_free);
}

void
hashiya_window_refresh_external (HashiyaWindow *self)
{
  g_autoptr(GError) error = NULL;
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  Place place;

  if (self->store == NULL)
    return;
  hashiya_window_reload_labels (self);
  hashiya_window_refresh_documents (self);
  if (self->doc_id == 0)
    return;
  save_place (self, &place);
  if (!hashiya_window_load_document (self, self->doc_id, &error))
    {
      hashiya_window_toast (self, error->message);
      return;
    }
  restore_place (self, &place);
  /* loading gives the text the focus; whoever had it keeps it */
  if (focus != NULL && gtk_widget_get_root (focus) == GTK_ROOT (self))
    gtk_widget_grab_focus (focus);
}

static gboolean
on_watch (gpointer data)
{
  HashiyaWindow *self = data;
  guint64 version;

  if (self->store == NULL)
    {
      self->watch_id = 0;
      return G_SOURCE_REMOVE;
    }
  /* our own import writes through its own connection; it refreshes when it ends. A note
   * being typed is not disturbed: the refresh waits until the field is left. */
  if (self->busy || gtk_widget_has_focus (GTK_WIDGET (self->note_entry))
      || gtk_widget_get_focus_child (GTK_WIDGET (self->note_entry)) != NULL)
    return G_SOURCE_CONTINUE;
  version = hashiya_store_get_data_version (self->store);
  if (version != self->data_version)
    {
      self->data_version = version;
      hashiya_window_refresh_external (self);
      g_signal_emit_by_name (self, "external-change");
    }
  return G_SOURCE_CONTINUE;
}

void
hashiya_window_start_watch (HashiyaWindow *self)
{
  g_clear_handle_id (&self->watch_id, g_source_remove);
  if (self->store == NULL)
    return;
  self->data_version = hashiya_store_get_data_version (self->store);
  self->watch_id = g_timeout_add (WATCH_INTERVAL_MS, on_watch, self);
}

void
hashiya_window_stop_watch (HashiyaWindow *self)
{
  g_clear_handle_id (&self->watch_id, g_source_remove);
}
