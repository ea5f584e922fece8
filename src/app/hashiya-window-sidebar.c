/* hashiya-window-sidebar.c: the window's document list: a list view over the store's rows by page
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The rows come from HashiyaDocumentList (hashiya-document-list.c), which reads them
 * from the store a page at a time for the filter, state and sort chosen here; only the
 * rows near the visible ones are widgets. The selection follows the open document.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "hashiya-window-private.h"

static char *
progress_text (const HashiyaDocument *doc)
{
  g_autofree char *spans = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u span", "%u spans",
                                                         doc->n_spans), doc->n_spans);
  g_autofree char *comments = NULL;

  spans = hashiya_localize_digits (spans);
  if (doc->n_comments == 0)
    return g_steal_pointer (&spans);
  /* TRANSLATORS: "3 of 12 comments judged" */
  comments = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u comment judged",
                                           "%u of %u comments judged", doc->n_comments),
                              doc->n_judged, doc->n_comments);
  comments = hashiya_localize_digits (comments);
  return g_strdup_printf ("%s · %s", spans, comments);
}

/* Each row: the name, its progress, a tick when done. Named document-row-ID while
 * bound (tests and the screen reader find it by the document). */
static void
doc_row_setup (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *sub = gtk_label_new (NULL);
  GtkWidget *done = gtk_image_new_from_icon_name ("object-select-symbolic");

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_MIDDLE);
  gtk_label_set_xalign (GTK_LABEL (sub), 0);
  /* the progress wraps rather than losing its end (a narrow sidebar) */
  gtk_label_set_wrap (GTK_LABEL (sub), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (sub), PANGO_WRAP_WORD_CHAR);
  gtk_widget_add_css_class (sub, "dim-label");
  gtk_widget_add_css_class (sub, "caption");
  gtk_widget_set_hexpand (texts, TRUE);
  gtk_box_append (GTK_BOX (texts), name);
  gtk_box_append (GTK_BOX (texts), sub);
  gtk_box_append (GTK_BOX (box), texts);
  gtk_widget_add_css_class (box, "document-row");
  gtk_widget_set_tooltip_text (done, _("Done"));
  gtk_box_append (GTK_BOX (box), done);
  gtk_list_item_set_child (item, box);
}

static void
doc_row_bind (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  HashiyaDocItem *doc = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *texts = gtk_widget_get_first_child (box);
  GtkWidget *name = gtk_widget_get_first_child (texts);
  GtkWidget *sub = gtk_widget_get_next_sibling (name);
  GtkWidget *done = gtk_widget_get_next_sibling (texts);
  HashiyaDocument d = { 0 };
  g_autofree char *progress = NULL;
  g_autofree char *row_name = g_strdup_printf ("document-row-%" G_GINT64_FORMAT, hashiya_doc_item_get_id (doc));

  d.n_spans = hashiya_doc_item_get_n_spans (doc);
  d.n_comments = hashiya_doc_item_get_n_comments (doc);
  d.n_judged = hashiya_doc_item_get_n_judged (doc);
  progress = progress_text (&d);
  gtk_widget_set_name (box, row_name);
  gtk_label_set_text (GTK_LABEL (name), hashiya_doc_item_get_name (doc));
  gtk_label_set_text (GTK_LABEL (sub), progress);
  gtk_widget_set_visible (done, hashiya_doc_item_get_done (doc));
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  hashiya_doc_item_get_name (doc), -1);
}

static void
doc_row_unbind (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  gtk_widget_set_name (gtk_list_item_get_child (item), "document-row");
}

/* The list's selection follows the open document, scrolled into view. */
void
hashiya_window_sync_document_selection (HashiyaWindow *self)
{
  guint pos = hashiya_document_list_find (self->doc_model, self->doc_id);

  self->syncing_selection = TRUE;
  gtk_single_selection_set_selected (self->doc_selection, pos == G_MAXUINT ? GTK_INVALID_LIST_POSITION : pos);
  self->syncing_selection = FALSE;
  if (pos != G_MAXUINT && gtk_widget_get_mapped (GTK_WIDGET (self->doc_list)))
    gtk_widget_activate_action (GTK_WIDGET (self->doc_list), "list.scroll-to-item", "u", pos);
}

void
hashiya_window_refresh_document_row (HashiyaWindow *self, gint64 doc_id)
{
  if (self->store == NULL)
    return;
  hashiya_document_list_refresh_row (self->doc_model, doc_id);
  if (gtk_single_selection_get_selected (self->doc_selection) == GTK_INVALID_LIST_POSITION
      || hashiya_document_list_find (self->doc_model, self->doc_id) != gtk_single_selection_get_selected (self->doc_selection))
    hashiya_window_sync_document_selection (self);
}

void
hashiya_window_update_document_empty (HashiyaWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->doc_filter));
  gboolean empty = self->store != NULL && g_list_model_get_n_items (G_LIST_MODEL (self->doc_model)) == 0;

  if (empty && text != NULL && *text != '\0')
    {
      /* TRANSLATORS: shown in the document list when the filter matches nothing */
      g_autofree char *msg = g_strdup_printf (_("No document has “%s” in its name or text"), text);
      gtk_label_set_text (GTK_LABEL (self->doc_empty), msg);
    }
  else if (empty && gtk_drop_down_get_selected (self->doc_state) != 0)
    gtk_label_set_text (GTK_LABEL (self->doc_empty), _("No document is in this state"));
  else if (empty)
    gtk_label_set_text (GTK_LABEL (self->doc_empty), _("No documents"));
  gtk_widget_set_visible (self->doc_empty, empty);
}

/* The list's first rows are some 200 widgets (GTK 4.8's list view builds that many
 * around the visible ones): at start-up they are built after the first frame, so the
 * text shows first. */
void
hashiya_window_ensure_document_list (HashiyaWindow *self)
{
  if (!self->list_pending)
    return;
  self->list_pending = FALSE;
  g_clear_handle_id (&self->list_idle, g_source_remove);
  hashiya_document_list_set_store (self->doc_model, self->store);
  hashiya_window_sync_document_selection (self);
  hashiya_window_update_document_empty (self);
}

static gboolean
attach_list_idle (gpointer data)
{
  HashiyaWindow *self = data;

  self->list_idle = 0;
  hashiya_window_ensure_document_list (self);
  return G_SOURCE_REMOVE;
}

static void
on_first_paint (GdkFrameClock *clock, HashiyaWindow *self)
{
  g_signal_handlers_disconnect_by_func (clock, on_first_paint, self);
  self->painted = TRUE;
  hashiya_window_attach_span_list (self);
  if (self->list_pending && self->list_idle == 0)
    self->list_idle = g_idle_add (attach_list_idle, self);
}

static void
on_realize (HashiyaWindow *self)
{
  if (!self->painted)
    g_signal_connect_object (gtk_widget_get_frame_clock (GTK_WIDGET (self)), "after-paint",
                             G_CALLBACK (on_first_paint), self, 0);
}

void
hashiya_window_refresh_documents (HashiyaWindow *self)
{
  hashiya_window_ensure_document_list (self);
  hashiya_document_list_refresh (self->doc_model);
  hashiya_window_sync_document_selection (self);
  hashiya_window_update_document_empty (self);
}

/* Filter, state and sort make one query of the store (hashiya-document-list.c). The
 * filter keeps a document when its name holds the text or its text holds it as Find
 * would find it (the Arabic search key: أحمد finds احمد, hamza, tatweel and harakat
 * ignored), through the project's search index. */
void
hashiya_window_apply_document_query (HashiyaWindow *self)
{
  static const HashiyaDocState states[] = {
    HASHIYA_DOC_STATE_ANY, HASHIYA_DOC_STATE_NOT_DONE, HASHIYA_DOC_STATE_DONE, HASHIYA_DOC_STATE_UNJUDGED,
  };
  static const HashiyaDocSort sorts[] = {
    HASHIYA_DOC_SORT_POSITION, HASHIYA_DOC_SORT_NAME, HASHIYA_DOC_SORT_SPANS, HASHIYA_DOC_SORT_UNJUDGED,
  };
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->doc_filter));
  guint state = gtk_drop_down_get_selected (self->doc_state);
  guint sort = gtk_drop_down_get_selected (self->doc_sort);
  HashiyaDocQuery query;

  hashiya_doc_query_init (&query);
  if (text != NULL && *text != '\0')
    {
      query.name = text;
      query.text = text;
      query.name_or_text = TRUE;
    }
  query.state = state < G_N_ELEMENTS (states) ? states[state] : HASHIYA_DOC_STATE_ANY;
  query.sort = sort < G_N_ELEMENTS (sorts) ? sorts[sort] : HASHIYA_DOC_SORT_POSITION;
  query.descending = query.sort == HASHIYA_DOC_SORT_SPANS || query.sort == HASHIYA_DOC_SORT_UNJUDGED;
  self->syncing_selection = TRUE;
  hashiya_document_list_set_query (self->doc_model, &query);
  self->syncing_selection = FALSE;
  hashiya_window_sync_document_selection (self);
  hashiya_window_update_document_empty (self);
}

static void
open_doc_at (HashiyaWindow *self, guint position, gboolean focus_text)
{
  g_autoptr(HashiyaDocItem) item = g_list_model_get_item (G_LIST_MODEL (self->doc_model), position);
  g_autoptr(GError) error = NULL;
  gint64 id = item != NULL ? hashiya_doc_item_get_id (item) : 0;

  if (id == 0)
    return;
  if (id != self->doc_id && !hashiya_window_load_document (self, id, &error))
    hashiya_window_show_error (self, _("Cannot Open Document"), error->message);
  else if (focus_text)
    gtk_widget_grab_focus (GTK_WIDGET (self->doc_view));
}

/* Enter in the filter opens the first document it kept. */
static void
on_doc_filter_activate (HashiyaWindow *self)
{
  hashiya_window_apply_document_query (self);   /* the search entry may not have said so yet */
  if (g_list_model_get_n_items (G_LIST_MODEL (self->doc_model)) > 0)
    open_doc_at (self, 0, TRUE);
}

/* A click (or the arrow keys) in the list opens that document. */
static void
on_doc_selected (HashiyaWindow *self)
{
  guint pos = gtk_single_selection_get_selected (self->doc_selection);
  GtkWidget *focus;

  if (self->syncing_selection || pos == GTK_INVALID_LIST_POSITION)
    return;
  /* browsing the list with the arrow keys opens each document and keeps the focus in
   * the list (loading a document gives the text the focus) */
  focus = self->list_clicked ? NULL : gtk_root_get_focus (GTK_ROOT (self));
  if (focus != NULL && !gtk_widget_is_ancestor (focus, GTK_WIDGET (self->doc_list)))
    focus = NULL;
  if (focus != NULL)
    g_object_ref (focus);
  open_doc_at (self, pos, FALSE);
  if (focus != NULL)
    {
      gtk_widget_grab_focus (focus);
      g_object_unref (focus);
    }
}

/* A click opens the document with the text focused (the keys act on it at once), as
 * the list box did; the arrow keys keep the focus in the list. */
static void
on_list_pressed (GtkGestureClick *gesture, int n_press, double x, double y, HashiyaWindow *self)
{
  self->list_clicked = TRUE;
}

static void
on_list_released (GtkGestureClick *gesture, int n_press, double x, double y, HashiyaWindow *self)
{
  if (self->list_clicked && self->doc_id != 0)
    gtk_widget_grab_focus (GTK_WIDGET (self->doc_view));
  self->list_clicked = FALSE;
}

static void
on_doc_activated (GtkListView *list, guint position, HashiyaWindow *self)
{
  open_doc_at (self, position, TRUE);
}

void
hashiya_window_setup_sidebar (HashiyaWindow *self)
{
  GtkListItemFactory *factory;

  self->doc_model = hashiya_document_list_new ();
  self->doc_selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->doc_model)));
  gtk_single_selection_set_autoselect (self->doc_selection, FALSE);
  gtk_single_selection_set_can_unselect (self->doc_selection, TRUE);
  gtk_list_view_set_model (self->doc_list, GTK_SELECTION_MODEL (self->doc_selection));
  g_object_unref (self->doc_selection);   /* the list view holds it */
  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (doc_row_setup), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (doc_row_bind), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (doc_row_unbind), NULL);
  gtk_list_view_set_factory (self->doc_list, factory);
  g_object_unref (factory);
  g_signal_connect_object (self->doc_selection, "notify::selected",
                           G_CALLBACK (on_doc_selected), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->doc_list, "activate", G_CALLBACK (on_doc_activated), self, 0);
  {
    GtkGesture *click = gtk_gesture_click_new ();

    gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (click), GTK_PHASE_CAPTURE);
    g_signal_connect_object (click, "pressed", G_CALLBACK (on_list_pressed), self, 0);
    g_signal_connect_object (click, "released", G_CALLBACK (on_list_released), self, 0);
    gtk_widget_add_controller (GTK_WIDGET (self->doc_list), GTK_EVENT_CONTROLLER (click));
  }
  g_signal_connect (self, "realize", G_CALLBACK (on_realize), NULL);
  g_signal_connect_object (self->doc_state, "notify::selected",
                           G_CALLBACK (hashiya_window_apply_document_query), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->doc_sort, "notify::selected",
                           G_CALLBACK (hashiya_window_apply_document_query), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->doc_filter, "search-changed",
                           G_CALLBACK (hashiya_window_apply_document_query), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->doc_filter, "activate",
                           G_CALLBACK (on_doc_filter_activate), self, G_CONNECT_SWAPPED);
}
