/* hashiya-window.c: the project window: start screen, document list, palette, panels
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "hashiya-window-private.h"
#include "hashiya-span-model.h"
#include "hashiya-store-corpus.h"
#include "hashiya-span-layer.h"
#include "hashiya-resources.h"
#include "hashiya-profile.h"

G_DEFINE_FINAL_TYPE (HashiyaWindow, hashiya_window, ADW_TYPE_APPLICATION_WINDOW)


static GSettings *
get_settings (HashiyaWindow *self)
{
  return hashiya_settings_get_default ();
}

/* ---- messages ------------------------------------------------------------- */

void
hashiya_window_show_error (HashiyaWindow *self, const char *heading, const char *message)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, message);

  gtk_widget_set_name (dialog, "error-dialog");
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "close");
  gtk_window_present (GTK_WINDOW (dialog));
}

void
hashiya_window_toast (HashiyaWindow *self, const char *message)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

/* The flap folds while it is being allocated: show the header button after that. */
static gboolean
show_sidebar_button (gpointer data)
{
  HashiyaWindow *self = data;

  self->sidebar_idle = 0;
  gtk_widget_set_visible (self->sidebar_button, adw_flap_get_folded (self->sidebar_flap));
  return G_SOURCE_REMOVE;
}

static void
on_sidebar_folded (HashiyaWindow *self)
{
  if (self->sidebar_idle == 0)
    self->sidebar_idle = g_idle_add (show_sidebar_button, self);
}

/* The panel folded away (or brought back by a swipe): F9's state follows. */
static void
on_panel_revealed (HashiyaWindow *self)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), "show-panel");
  gboolean revealed = adw_flap_get_reveal_flap (self->panel_flap);
  g_autoptr(GVariant) state = action ? g_action_get_state (action) : NULL;

  if (state != NULL && g_variant_get_boolean (state) != revealed)
    g_simple_action_set_state (G_SIMPLE_ACTION (action), g_variant_new_boolean (revealed));
}

/* ---- labels / palette ----------------------------------------------------- */

/* the button's action (win.tag::NAME) tags; then the text gets the keys back */
static void
on_palette_clicked (GtkButton *button, HashiyaWindow *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->doc_view));
}

void
hashiya_window_reload_labels (HashiyaWindow *self)
{
  GtkWidget *child;
  g_autoptr(GError) error = NULL;
  guint n_names;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->palette))) != NULL)
    gtk_flow_box_remove (self->palette, child);
  g_clear_pointer (&self->labels, g_ptr_array_unref);
  n_names = g_list_model_get_n_items (G_LIST_MODEL (self->label_names));
  gtk_string_list_splice (self->label_names, 0, n_names, NULL);
  if (self->store == NULL)
    return;
  self->labels = hashiya_store_list_labels (self->store, &error);
  if (self->labels == NULL)
    {
      self->labels = g_ptr_array_new_with_free_func ((GDestroyNotify) hashiya_label_free);
      hashiya_window_toast (self, error->message);
    }
  hashiya_document_view_set_labels (self->doc_view, self->labels);

  for (guint i = 0; i < self->labels->len; i++)
    {
      HashiyaLabel *l = g_ptr_array_index (self->labels, i);
      GtkWidget *button = gtk_button_new ();
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *swatch = gtk_label_new (NULL);
      GtkWidget *name = gtk_label_new (l->name);
      g_autofree char *tip = NULL;
      g_autofree char *wname = g_strdup_printf ("palette-%s", l->name);
      g_autofree char *markup = NULL;

      markup = g_markup_printf_escaped ("<span background=\"%s\">    </span>", l->color ? l->color : "#999999");
      gtk_label_set_markup (GTK_LABEL (swatch), markup);
      gtk_widget_add_css_class (swatch, "swatch");
      gtk_box_append (GTK_BOX (box), swatch);
      gtk_box_append (GTK_BOX (box), name);
      if (l->key != NULL && *l->key)
        {
          GtkWidget *key = gtk_label_new (l->key);
          gtk_widget_add_css_class (key, "dim-label");
          gtk_widget_add_css_class (key, "keycap");
          gtk_box_append (GTK_BOX (box), key);
          /* TRANSLATORS: tooltip of a label button: label name and its key */
          tip = g_strdup_printf (_("Tag the selection as %s (key %s)"), l->name, l->key);
        }
      else
        tip = g_strdup_printf (_("Tag the selection as %s"), l->name);
      gtk_button_set_child (GTK_BUTTON (button), box);
      gtk_widget_set_name (button, wname);
      gtk_widget_set_tooltip_text (button, tip);
      gtk_widget_set_focus_on_click (button, FALSE);
      gtk_widget_add_css_class (button, "flat");
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, tip, -1);
      g_object_set_data_full (G_OBJECT (button), "label", g_strdup (l->name), g_free);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.tag");
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_string (l->name));
      g_signal_connect_after (button, "clicked", G_CALLBACK (on_palette_clicked), self);
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_flow_box_append (self->palette, button);
      /* the flow box's cell is not a stop of its own: Tab goes to the button */
      gtk_widget_set_focusable (gtk_widget_get_parent (button), FALSE);
      gtk_string_list_append (self->label_names, l->name);
    }
}

/* ---- span list ------------------------------------------------------------ */

static void
span_setup (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *label = gtk_label_new (NULL);
  GtkWidget *flag = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *before = gtk_label_new (NULL);
  GtkWidget *text = gtk_label_new (NULL);
  GtkWidget *after = gtk_label_new (NULL);

  gtk_widget_add_css_class (label, "span-label");
  gtk_label_set_width_chars (GTK_LABEL (label), 5);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_name (flag, "span-invisible-flag");
  /* context, span, context: each its own label, so each is its own bidi paragraph; the
   * span is never the part that gets shortened */
  gtk_label_set_ellipsize (GTK_LABEL (before), PANGO_ELLIPSIZE_START);
  gtk_label_set_ellipsize (GTK_LABEL (after), PANGO_ELLIPSIZE_END);
  gtk_label_set_ellipsize (GTK_LABEL (text), PANGO_ELLIPSIZE_END);
  gtk_label_set_width_chars (GTK_LABEL (before), 2);
  gtk_label_set_width_chars (GTK_LABEL (after), 2);
  gtk_label_set_width_chars (GTK_LABEL (text), 6);
  gtk_label_set_max_width_chars (GTK_LABEL (before), 14);
  gtk_label_set_xalign (GTK_LABEL (after), 0);
  gtk_widget_set_hexpand (after, TRUE);
  gtk_widget_add_css_class (before, "dim-label");
  gtk_widget_add_css_class (after, "dim-label");
  gtk_widget_add_css_class (before, "span-text");
  gtk_widget_add_css_class (after, "span-text");
  gtk_widget_add_css_class (text, "span-text");
  gtk_widget_add_css_class (text, "span-own-text");
  gtk_widget_set_hexpand (line, TRUE);
  gtk_box_append (GTK_BOX (line), before);
  gtk_box_append (GTK_BOX (line), text);
  gtk_box_append (GTK_BOX (line), after);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), flag);
  gtk_box_append (GTK_BOX (box), line);
  gtk_list_item_set_child (item, box);
}

static gboolean
text_starts_rtl (const char *s)
{
  for (const char *p = s; p && *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if ((c >= 0x0590 && c <= 0x08FF) || (c >= 0xFB1D && c <= 0xFDFF) || (c >= 0xFE70 && c <= 0xFEFF))
        return TRUE;
      if (g_unichar_isalpha (c))
        return FALSE;
    }
  return FALSE;
}

/* Each row reads in its own direction (the span's paragraph's), with a few words of
 * context on each side; a span that starts or ends on an invisible character is flagged. */
static void
span_bind (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  HashiyaSpanItem *span = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *label = gtk_widget_get_first_child (box);
  GtkWidget *flag = gtk_widget_get_next_sibling (label);
  GtkWidget *line = gtk_widget_get_next_sibling (flag);
  GtkWidget *before = gtk_widget_get_first_child (line);
  GtkWidget *text = gtk_widget_get_next_sibling (before);
  GtkWidget *after = gtk_widget_get_next_sibling (text);
  g_autofree char *plain = NULL;
  gunichar invisible = hashiya_span_item_get_edge_invisible (span);
  GtkTextDirection dir;

  gtk_label_set_text (GTK_LABEL (label), hashiya_span_item_get_label (span));
  gtk_label_set_text (GTK_LABEL (before), hashiya_span_item_get_before (span));
  gtk_label_set_text (GTK_LABEL (text), hashiya_span_item_get_text (span));
  gtk_label_set_text (GTK_LABEL (after), hashiya_span_item_get_after (span));
  plain = g_strconcat (hashiya_span_item_get_before (span), hashiya_span_item_get_text (span), NULL);
  dir = text_starts_rtl (plain) ? GTK_TEXT_DIR_RTL : GTK_TEXT_DIR_LTR;
  gtk_widget_set_direction (line, dir);
  gtk_widget_set_direction (before, dir);
  gtk_widget_set_direction (after, dir);
  gtk_widget_set_direction (text, dir);
  /* the span itself is shown whole up to 20 characters; the context gives way first */
  gtk_label_set_width_chars (GTK_LABEL (text), MIN (20, (int) g_utf8_strlen (hashiya_span_item_get_text (span), -1)));
  gtk_widget_set_visible (flag, invisible != 0);
  if (invisible != 0)
    {
      const char *name = hashiya_invisible_char_name (invisible);
      g_autofree char *tip = name != NULL
        /* TRANSLATORS: %s is a character's short name (RLM, ZWNJ, NBSP…), %04X its code */
        ? g_strdup_printf (_("Starts or ends on an invisible character: %s (U+%04X)"), name, invisible)
        : g_strdup_printf (_("Starts or ends on an invisible character (U+%04X)"), invisible);
      gtk_widget_set_tooltip_text (flag, tip);
      gtk_accessible_update_property (GTK_ACCESSIBLE (flag), GTK_ACCESSIBLE_PROPERTY_LABEL, tip, -1);
    }
}

static void
on_span_activated (GtkListView *list, guint position, HashiyaWindow *self)
{
  GListModel *model = G_LIST_MODEL (gtk_list_view_get_model (list));
  g_autoptr(HashiyaSpanItem) item = g_list_model_get_item (model, position);

  if (item == NULL)
    return;
  hashiya_document_view_select_span (self->doc_view, hashiya_span_item_get_id (item));
  gtk_widget_grab_focus (GTK_WIDGET (self->doc_view));
}

static gboolean
scroll_span_list (gpointer data)
{
  HashiyaWindow *self = data;
  HashiyaSpanModel *model = hashiya_document_view_get_span_model (self->doc_view);

  self->follow_idle = 0;
  if (self->follow_pos < hashiya_span_model_get_count (model))
    gtk_widget_activate_action (GTK_WIDGET (self->span_list), "list.scroll-to-item", "u", self->follow_pos);
  return G_SOURCE_REMOVE;
}

/* The list follows the current span (Tab, a click, tagging): selected and scrolled to. */
static void
on_selected_span_changed (HashiyaWindow *self)
{
  GtkSelectionModel *sm = gtk_list_view_get_model (self->span_list);
  GtkSingleSelection *selection = sm ? GTK_SINGLE_SELECTION (sm) : NULL;
  HashiyaSpanModel *model = hashiya_document_view_get_span_model (self->doc_view);
  gint64 id = hashiya_document_view_get_selected_span (self->doc_view);
  guint pos = id != 0 ? hashiya_span_model_find (model, id) : G_MAXUINT;

  if (selection == NULL)
    return;
  if (pos == G_MAXUINT)
    {
      gtk_single_selection_set_selected (selection, GTK_INVALID_LIST_POSITION);
      return;
    }
  gtk_single_selection_set_selected (selection, pos);
  /* scrolling the list rebinds its rows: after the frame that shows the span, so that
   * tagging stays within a frame (Tab through many spans scrolls once, to the last) */
  self->follow_pos = pos;
  if (self->follow_idle == 0)
    self->follow_idle = g_timeout_add_full (G_PRIORITY_LOW, 120, scroll_span_list, self, NULL);
}

void
hashiya_window_attach_span_list (HashiyaWindow *self)
{
  if (self->span_selection == NULL || gtk_list_view_get_model (self->span_list) != NULL)
    return;
  gtk_list_view_set_model (self->span_list, self->span_selection);
  on_selected_span_changed (self);
}

void
hashiya_window_update_span_title (HashiyaWindow *self)
{
  guint n = hashiya_span_model_get_count (hashiya_document_view_get_span_model (self->doc_view));
  g_autofree char *title = hashiya_localize_digits (g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u Span", "%u Spans", n), n));

  gtk_label_set_text (self->span_title, title);
}

/* ---- project -------------------------------------------------------------- */

static void
save_place (HashiyaWindow *self)
{
  g_autofree char *id_str = NULL;

  g_clear_handle_id (&self->meta_idle, g_source_remove);
  if (self->store == NULL || self->doc_id == 0)
    return;
  id_str = g_strdup_printf ("%" G_GINT64_FORMAT, self->doc_id);
  /* a failure here is not worth a dialog */
  hashiya_store_set_meta (self->store, "last-document", id_str, NULL);
}

static gboolean
save_place_idle (gpointer data)
{
  HashiyaWindow *self = data;

  self->meta_idle = 0;
  save_place (self);
  return G_SOURCE_REMOVE;
}

gboolean
hashiya_window_load_document (HashiyaWindow *self, gint64 doc_id, GError **error)
{
  g_autoptr(HashiyaText) text = NULL;
  g_autoptr(GArray) segments = NULL;
  g_autoptr(GPtrArray) spans = NULL;
  g_autoptr(GPtrArray) all_judgements = NULL;
  g_autoptr(HashiyaDocument) doc = NULL;
  GPtrArray *judgements;

  g_return_val_if_fail (HASHIYA_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (self->store != NULL, FALSE);

  hashiya_window_flush_note (self);
  doc = hashiya_store_get_document (self->store, doc_id, error);
  if (doc == NULL)
    return FALSE;
  text = hashiya_store_get_text (self->store, doc_id, error);
  if (text == NULL)
    return FALSE;
  segments = hashiya_store_get_segments (self->store, doc_id, error);
  if (segments == NULL)
    return FALSE;
  spans = hashiya_store_list_spans (self->store, doc_id, error);
  if (spans == NULL)
    return FALSE;
  all_judgements = hashiya_store_list_judgements (self->store, doc_id, error);
  if (all_judgements == NULL)
    return FALSE;
  hashiya_profile ("  document read (text, segments, spans, judgements)");

  /* The cards show this annotator's judgements */
  judgements = g_ptr_array_new_with_free_func ((GDestroyNotify) hashiya_judgement_free);
  for (guint i = 0; i < all_judgements->len; i++)
    {
      HashiyaJudgement *j = g_ptr_array_index (all_judgements, i);
      if (g_strcmp0 (j->annotator, self->annotator) == 0)
        g_ptr_array_add (judgements, hashiya_judgement_copy (j));
    }

  self->doc_id = doc_id;
  hashiya_document_view_set_matches (self->doc_view, NULL);
  hashiya_document_view_load (self->doc_view, text, segments,
                              g_steal_pointer (&spans), judgements);
  hashiya_profile ("  document view loaded");
  hashiya_document_view_apply_threads (self->doc_view);
  adw_window_title_set_subtitle (self->window_title, doc->source);
  /* remembering the place is a convenience: written after a pause (each write is a
   * durable transaction, too slow for every Ctrl+Page Down), and when the project closes */
  g_clear_handle_id (&self->meta_idle, g_source_remove);
  self->meta_idle = g_timeout_add_seconds (2, save_place_idle, self);
  hashiya_window_sync_document_selection (self);
  if (gtk_search_bar_get_search_mode (self->find_bar))
    hashiya_window_run_find (self);
  hashiya_window_update_span_title (self);
  hashiya_window_sync_comment_panel (self);
  hashiya_window_update_actions (self);
  hashiya_window_sync_done_state (self);
  hashiya_window_suggest_document_loaded (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->doc_view));
  return TRUE;
}

gboolean
hashiya_window_open_project (HashiyaWindow *self, const char *path, gboolean create, GError **error)
{
  g_autoptr(HashiyaStore) store = NULL;
  g_autofree char *last = NULL;
  g_autofree char *basename = NULL;
  gint64 doc_id = 0;

  g_return_val_if_fail (HASHIYA_IS_WINDOW (self), FALSE);

  hashiya_profile ("opening the store");
  store = hashiya_store_open (path, create, error);
  if (store == NULL)
    return FALSE;
  hashiya_profile ("store open");

  hashiya_window_close_project (self);
  self->store = g_steal_pointer (&store);
  basename = g_path_get_basename (path);
  if (g_str_has_suffix (basename, ".hashiya"))
    basename[strlen (basename) - strlen (".hashiya")] = '\0';
  adw_window_title_set_title (self->window_title, basename);
  gtk_window_set_title (GTK_WINDOW (self), basename);
  gtk_stack_set_visible_child_name (self->main_stack, "project");

  hashiya_window_reload_labels (self);
  hashiya_profile ("labels and palette");
  hashiya_window_load_schema (self);
  last = hashiya_store_get_meta (self->store, "last-document");
  if (last != NULL)
    {
      gint64 want = g_ascii_strtoll (last, NULL, 10);
      g_autoptr(HashiyaDocument) row = want > 0 ? hashiya_store_get_document_row (self->store, want, NULL) : NULL;
      if (row != NULL)
        doc_id = want;
    }
  if (doc_id == 0)
    {
      /* the first in import order: one row, not the whole list */
      HashiyaDocQuery first;
      g_autoptr(GPtrArray) rows = NULL;

      hashiya_doc_query_init (&first);
      rows = hashiya_store_list_document_rows (self->store, &first, 0, 1, NULL);
      if (rows != NULL && rows->len > 0)
        doc_id = ((HashiyaDocument *) rows->pdata[0])->id;
    }
  self->doc_id = doc_id;
  /* the query first, then the store: the list reads its count once, and its rows when
   * they are drawn */
  hashiya_window_apply_document_query (self);
  self->list_pending = TRUE;
  if (self->painted)
    hashiya_window_ensure_document_list (self);
  hashiya_profile (self->painted ? "document list" : "document list (after the first frame)");
  if (doc_id != 0)
    {
      g_autoptr(GError) local = NULL;
      if (!hashiya_window_load_document (self, doc_id, &local))
        hashiya_window_show_error (self, _("Cannot Open Document"), local->message);
    }
  else
    adw_window_title_set_subtitle (self->window_title, _("No documents: import some files"));

  hashiya_profile ("document loaded");
  hashiya_settings_add_recent (get_settings (self), hashiya_store_get_path (self->store));
  hashiya_window_update_actions (self);
  hashiya_window_start_watch (self);
  hashiya_profile ("project open");
  return TRUE;
}

void
hashiya_window_close_project (HashiyaWindow *self)
{
  if (self->import_cancellable != NULL)
    g_cancellable_cancel (self->import_cancellable);
  hashiya_window_stop_watch (self);
  if (self->meta_idle != 0)
    save_place (self);
  hashiya_window_suggest_project_changed (self);
  hashiya_document_view_clear (self->doc_view);
  hashiya_undo_clear (self->undo);
  g_clear_object (&self->store);
  self->doc_id = 0;
  if (self->corpus_find != NULL)
    gtk_window_destroy (self->corpus_find);
  self->list_pending = FALSE;
  g_clear_handle_id (&self->list_idle, g_source_remove);
  hashiya_document_list_set_store (self->doc_model, NULL);
  hashiya_window_update_document_empty (self);
  hashiya_window_reload_labels (self);
  adw_window_title_set_title (self->window_title, _("Hashiya"));
  adw_window_title_set_subtitle (self->window_title, NULL);
  gtk_stack_set_visible_child_name (self->main_stack, "start");
  hashiya_window_update_actions (self);
}

HashiyaStore *
hashiya_window_get_store (HashiyaWindow *self)
{
  return self->store;
}

const char *
hashiya_window_get_project_path (HashiyaWindow *self)
{
  return self->store ? hashiya_store_get_path (self->store) : NULL;
}

gint64
hashiya_window_get_document (HashiyaWindow *self)
{
  return self->doc_id;
}

HashiyaDocumentView *
hashiya_window_get_view (HashiyaWindow *self)
{
  return self->doc_view;
}

void
hashiya_window_set_font (HashiyaWindow *self, const char *font)
{
  hashiya_document_view_set_font (self->doc_view, font);
}

HashiyaExportOptions *
hashiya_window_get_export_options (HashiyaWindow *self)
{
  return &self->export_options;
}

HashiyaExportReport *
hashiya_window_get_last_export_report (HashiyaWindow *self)
{
  return self->last_export_report;
}

gboolean
hashiya_window_is_busy (HashiyaWindow *self)
{
  return self->busy;
}

/* ---- start screen --------------------------------------------------------- */

static void
on_recent_activated (GtkListBox *list, GtkListBoxRow *row, HashiyaWindow *self)
{
  const char *path = g_object_get_data (G_OBJECT (row), "path");

  gtk_widget_activate_action (GTK_WIDGET (self), "app.open-recent", "s", path);
}

static void
fill_recent (HashiyaWindow *self)
{
  g_auto(GStrv) recent = NULL;
  GtkWidget *child;
  guint n = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->recent_list))) != NULL)
    gtk_list_box_remove (self->recent_list, child);
  recent = hashiya_settings_get_recent (get_settings (self));
  for (guint i = 0; recent != NULL && recent[i] != NULL; i++)
    {
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *base = g_path_get_basename (recent[i]);
      g_autofree char *dir = g_path_get_dirname (recent[i]);
      g_autofree char *title = g_markup_escape_text (base, -1);
      g_autofree char *subtitle = g_markup_escape_text (dir, -1);

      if (!g_file_test (recent[i], G_FILE_TEST_EXISTS))
        continue;
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      g_object_set_data_full (G_OBJECT (row), "path", g_strdup (recent[i]), g_free);
      gtk_list_box_append (self->recent_list, row);
      n++;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->recent_group), n > 0);
}

static void
on_stack_changed (HashiyaWindow *self)
{
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "start") == 0)
    fill_recent (self);
}

/* ---- window state --------------------------------------------------------- */

static gboolean
hashiya_window_close_request (GtkWindow *window)
{
  HashiyaWindow *self = HASHIYA_WINDOW (window);
  GSettings *settings = get_settings (self);

  hashiya_window_flush_note (self);
  if (settings != NULL)
    {
      int width, height;
      gtk_window_get_default_size (window, &width, &height);
      g_settings_set_boolean (settings, "window-maximized", gtk_window_is_maximized (window));
      if (!gtk_window_is_maximized (window) && width > 0 && height > 0)
        {
          g_settings_set_int (settings, "window-width", width);
          g_settings_set_int (settings, "window-height", height);
        }
      if (self->store != NULL)
        g_settings_set_string (settings, "last-project", hashiya_store_get_path (self->store));
    }
  if (self->import_cancellable != NULL)
    g_cancellable_cancel (self->import_cancellable);
  return GTK_WINDOW_CLASS (hashiya_window_parent_class)->close_request (window);
}

/* Spans and judgements made from now on carry the new name; the cards show that
 * annotator's judgements. */
static void
on_annotator_changed (HashiyaWindow *self)
{
  g_free (self->annotator);
  self->annotator = hashiya_settings_dup_annotator (get_settings (self));
  if (self->store != NULL && self->doc_id != 0)
    hashiya_window_load_document (self, self->doc_id, NULL);
}

/* Runs once the window belongs to its application (the "application" property is
 * not a construct property, so constructed() would see none): settings, actions. */
static void
setup_with_application (HashiyaWindow *self)
{
  GSettings *settings;
  g_autofree char *font = NULL;

  settings = get_settings (self);
  if (settings != NULL)
    {
      gtk_window_set_default_size (GTK_WINDOW (self),
                                   g_settings_get_int (settings, "window-width"),
                                   g_settings_get_int (settings, "window-height"));
      if (g_settings_get_boolean (settings, "window-maximized"))
        gtk_window_maximize (GTK_WINDOW (self));
    }
  if (settings != NULL)
    g_signal_connect_object (settings, "changed::annotator",
                             G_CALLBACK (on_annotator_changed), self, G_CONNECT_SWAPPED);
  font = hashiya_settings_get_string (settings, "font", "Noto Naskh Arabic 18");
  hashiya_document_view_set_font (self->doc_view, font);
  g_free (self->annotator);
  self->annotator = hashiya_settings_dup_annotator (settings);
  hashiya_window_install_actions (self);
  hashiya_window_suggest_install (self);
  fill_recent (self);
}

static void
hashiya_window_dispose (GObject *object)
{
  HashiyaWindow *self = HASHIYA_WINDOW (object);

  if (self->import_cancellable != NULL)
    g_cancellable_cancel (self->import_cancellable);
  g_clear_handle_id (&self->row_idle, g_source_remove);
  g_clear_handle_id (&self->sidebar_idle, g_source_remove);
  g_clear_handle_id (&self->list_idle, g_source_remove);
  if (self->meta_idle != 0)
    save_place (self);
  g_clear_handle_id (&self->follow_idle, g_source_remove);
  hashiya_window_stop_watch (self);
  if (self->review_queue != NULL)
    gtk_window_destroy (GTK_WINDOW (self->review_queue));
  self->disposed = TRUE;
  hashiya_window_suggest_dispose (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), HASHIYA_TYPE_WINDOW);
  G_OBJECT_CLASS (hashiya_window_parent_class)->dispose (object);
}

static void
hashiya_window_finalize (GObject *object)
{
  HashiyaWindow *self = HASHIYA_WINDOW (object);

  g_clear_object (&self->store);
  g_clear_object (&self->import_cancellable);
  g_clear_object (&self->label_names);
  g_clear_pointer (&self->labels, g_ptr_array_unref);
  g_clear_object (&self->doc_model);
  g_clear_object (&self->span_selection);
  g_clear_pointer (&self->matches, g_array_unref);
  g_clear_pointer (&self->undo, hashiya_undo_free);
  g_clear_pointer (&self->export_doc_ids, g_array_unref);
  g_clear_pointer (&self->export_options.doc_ids, g_array_unref);
  g_clear_pointer (&self->last_export_report, hashiya_export_report_free);
  g_free (self->annotator);
  g_clear_pointer (&self->schema, hashiya_judgement_schema_free);
  g_clear_pointer (&self->judge_widgets, g_ptr_array_unref);
  G_OBJECT_CLASS (hashiya_window_parent_class)->finalize (object);
}

static void
hashiya_window_class_init (HashiyaWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = hashiya_window_dispose;
  object_class->finalize = hashiya_window_finalize;
  window_class->close_request = hashiya_window_close_request;

  /* emitted when a worker finishes (tests wait for them) */
  g_signal_new ("import-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* emitted after the window showed what another process wrote (tests wait for it) */
  g_signal_new ("external-change", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  g_signal_new ("export-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);

  /* the app is a static library: referencing the bundle keeps it (and its
   * registering constructor) in every program that links the window */
  (void) hashiya_get_resource ();
  g_type_ensure (HASHIYA_TYPE_DOCUMENT_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/hashiya/Hashiya/hashiya-window.ui");
  gtk_widget_class_bind_template_child (widget_class, HashiyaWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, HashiyaWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, HashiyaWindow, import_revealer);
  gtk_widget_class_bind_template_child (widget_class, HashiyaWindow, import_label);
  gtk_widget_class_bind_template_child (widget_class, HashiyaWindow, import_progress);
  gtk_widget_class_bind_template_child (widget_class, HashiyaWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, HashiyaWindow, start_page);
  gtk_widget_class_bind_template_child (widget_class, HashiyaWindow, recent_group);
  gtk_widget_class_bind_template_child (widget_class, HashiyaWindow, recent_list);
  gtk_widget_class_bind_template_child (widget_class, HashiyaWindow, doc_filter);
  gtk_widget_class_bind_template_child (widget_class, HashiyaWindow, doc_list);
  gtk_widget_class_bind_template_child (widget_class, HashiyaWindow, doc_state);
  gtk_widget_class_bind_template_child (widget_class, HashiyaWindow, doc_sort);
  gtk_widget_class_bind_template_child (widget_class, HashiyaWindow, doc_empty);
  gtk_widget_class_bind_template_child (widget_class, HashiyaWindow, find_bar);
  gtk_widget_class_bind_template_child (widget_class, HashiyaWindow, find_entry);
  gtk_widget_class_bind_template_child (widget_class, HashiyaWindow, find_count);
  gtk_widget_class_bind_template_child (widget_class, HashiyaWindow, find_label);
  gtk_widget_class_bind_template_child (widget_class, HashiyaWindow, palette);
  gtk_widget_class_bind_template_child (widget_class, HashiyaWindow, sidebar_flap);
  gtk_widget_class_bind_template_child (widget_class, HashiyaWindow, panel_flap);
  gtk_widget_class_bind_template_child (widget_class, HashiyaWindow, sidebar_button);
  gtk_widget_class_bind_template_child (widget_class, HashiyaWindow, doc_overlay);
  gtk_widget_class_bind_template_child (widget_class, HashiyaWindow, doc_scroller);
  gtk_widget_class_bind_template_child (widget_class, HashiyaWindow, doc_view);
  gtk_widget_class_bind_template_child (widget_class, HashiyaWindow, panel_separator);
  gtk_widget_class_bind_template_child (widget_class, HashiyaWindow, side_panel);
  gtk_widget_class_bind_template_child (widget_class, HashiyaWindow, comment_title);
  gtk_widget_class_bind_template_child (widget_class, HashiyaWindow, note_entry);
  gtk_widget_class_bind_template_child (widget_class, HashiyaWindow, schema_box);
  gtk_widget_class_bind_template_child (widget_class, HashiyaWindow, span_title);
  gtk_widget_class_bind_template_child (widget_class, HashiyaWindow, span_list);
  gtk_widget_class_bind_template_child (widget_class, HashiyaWindow, undo_button);
  gtk_widget_class_bind_template_child (widget_class, HashiyaWindow, redo_button);
  gtk_widget_class_bind_template_child (widget_class, HashiyaWindow, import_button);
  gtk_widget_class_bind_template_child (widget_class, HashiyaWindow, export_button);
  gtk_widget_class_bind_template_child (widget_class, HashiyaWindow, panel_button);
  gtk_widget_class_bind_template_child (widget_class, HashiyaWindow, find_button);
  gtk_widget_class_bind_template_child (widget_class, HashiyaWindow, snap_button);
}

static void
hashiya_window_init (HashiyaWindow *self)
{
  GtkListItemFactory *factory;
  GtkSingleSelection *selection;
  GtkExpression *expr;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->undo = hashiya_undo_new ();
  self->label_names = gtk_string_list_new (NULL);
  hashiya_export_options_init (&self->export_options);

  expr = gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string");
  gtk_drop_down_set_expression (self->find_label, expr);
  gtk_expression_unref (expr);
  gtk_drop_down_set_model (self->find_label, G_LIST_MODEL (self->label_names));

  hashiya_window_setup_sidebar (self);
  /* narrow windows: the document list comes and goes with its header button, which is
   * only there while the list is folded away */
  g_object_bind_property (self->sidebar_flap, "reveal-flap", self->sidebar_button, "active",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_signal_connect_object (self->sidebar_flap, "notify::folded",
                           G_CALLBACK (on_sidebar_folded), self, G_CONNECT_SWAPPED);
  on_sidebar_folded (self);
  g_signal_connect_object (self->panel_flap, "notify::reveal-flap",
                           G_CALLBACK (on_panel_revealed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->recent_list, "row-activated",
                           G_CALLBACK (on_recent_activated), self, 0);
  g_signal_connect_object (self->main_stack, "notify::visible-child",
                           G_CALLBACK (on_stack_changed), self, G_CONNECT_SWAPPED);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (span_setup), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (span_bind), NULL);
  gtk_list_view_set_factory (self->span_list, factory);
  g_object_unref (factory);
  selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (hashiya_document_view_get_span_model (self->doc_view))));
  gtk_single_selection_set_autoselect (selection, FALSE);
  gtk_single_selection_set_can_unselect (selection, TRUE);
  gtk_single_selection_set_selected (selection, GTK_INVALID_LIST_POSITION);
  /* the list gets its rows after the first frame (hashiya_window_attach_span_list): on a
   * document with 10,000 spans its first 200 rows cost a quarter of a second */
  self->span_selection = GTK_SELECTION_MODEL (selection);
  g_signal_connect_object (self->doc_view, "selected-span-changed",
                           G_CALLBACK (on_selected_span_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->span_list, "activate", G_CALLBACK (on_span_activated), self, 0);

  gtk_search_bar_connect_entry (self->find_bar, GTK_EDITABLE (self->find_entry));
  {
    GtkWidget *controls = hashiya_window_make_card_strip (self);
    gtk_overlay_add_overlay (self->doc_overlay, controls);
    hashiya_document_view_set_card_controls (self->doc_view, controls);
  }
  if (gtk_icon_theme_has_icon (gtk_icon_theme_get_for_display (gtk_widget_get_display (GTK_WIDGET (self))),
                               APP_ID))
    adw_status_page_set_icon_name (self->start_page, APP_ID);
  gtk_stack_set_visible_child_name (self->main_stack, "start");
}

HashiyaWindow *
hashiya_window_new (gpointer app)
{
  HashiyaWindow *self;

  hashiya_profile ("window: building from its template");
  self = g_object_new (HASHIYA_TYPE_WINDOW, "application", app, NULL);
  hashiya_profile ("window built");
  setup_with_application (self);
  hashiya_profile ("window settings and actions");
  return self;
}
