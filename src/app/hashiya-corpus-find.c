/* hashiya-corpus-find.c: Find in all documents (Ctrl+Shift+F): the hits with their context, Tag All
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The search is the store's (hashiya_store_find_corpus: the FTS index narrows the
 * documents, Find's rules decide the hits). The hits are a GListModel shown by a
 * GtkListView, so only the visible rows are widgets whatever their number. Tag All asks
 * the store first how many documents and spans it would touch, says so, then tags in
 * one transaction and pushes one undo step (HASHIYA_COMMAND_CORPUS_SPANS).
 */
#include "config.h"

#include <glib/gi18n.h>

#include "hashiya-corpus-find.h"
#include "hashiya-window-private.h"

/* ---- one hit ------------------------------------------------------------------ */

struct _HashiyaCorpusHitItem
{
  GObject    parent_instance;
  GPtrArray *hits;      /* the result it belongs to (a ref) */
  guint      index;
};

G_DEFINE_FINAL_TYPE (HashiyaCorpusHitItem, hashiya_corpus_hit_item, G_TYPE_OBJECT)

static void
hashiya_corpus_hit_item_finalize (GObject *object)
{
  g_ptr_array_unref (HASHIYA_CORPUS_HIT_ITEM (object)->hits);
  G_OBJECT_CLASS (hashiya_corpus_hit_item_parent_class)->finalize (object);
}

static void
hashiya_corpus_hit_item_class_init (HashiyaCorpusHitItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = hashiya_corpus_hit_item_finalize;
}

static void
hashiya_corpus_hit_item_init (HashiyaCorpusHitItem *self)
{
}

const HashiyaCorpusHit *
hashiya_corpus_hit_item_get_hit (HashiyaCorpusHitItem *self)
{
  g_return_val_if_fail (HASHIYA_IS_CORPUS_HIT_ITEM (self), NULL);
  return g_ptr_array_index (self->hits, self->index);
}

/* ---- the hits as a list model (items made when asked for) --------------------- */

#define HIT_TYPE_LIST (hit_list_get_type ())
G_DECLARE_FINAL_TYPE (HitList, hit_list, HIT, LIST, GObject)

struct _HitList
{
  GObject    parent_instance;
  GPtrArray *hits;      /* HashiyaCorpusHit */
};

static void hit_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (HitList, hit_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, hit_list_model_init))

static GType
hit_list_get_item_type (GListModel *model)
{
  return HASHIYA_TYPE_CORPUS_HIT_ITEM;
}

static guint
hit_list_get_n_items (GListModel *model)
{
  return HIT_LIST (model)->hits->len;
}

static gpointer
hit_list_get_item (GListModel *model, guint position)
{
  HitList *self = HIT_LIST (model);
  HashiyaCorpusHitItem *item;

  if (position >= self->hits->len)
    return NULL;
  item = g_object_new (HASHIYA_TYPE_CORPUS_HIT_ITEM, NULL);
  item->hits = g_ptr_array_ref (self->hits);
  item->index = position;
  return item;
}

static void
hit_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = hit_list_get_item_type;
  iface->get_n_items = hit_list_get_n_items;
  iface->get_item = hit_list_get_item;
}

static void
hit_list_finalize (GObject *object)
{
  g_ptr_array_unref (HIT_LIST (object)->hits);
  G_OBJECT_CLASS (hit_list_parent_class)->finalize (object);
}

static void
hit_list_class_init (HitListClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = hit_list_finalize;
}

static void
hit_list_init (HitList *self)
{
  self->hits = g_ptr_array_new_with_free_func ((GDestroyNotify) hashiya_corpus_hit_free);
}

/* Takes hits. */
static void
hit_list_set (HitList *self, GPtrArray *hits)
{
  guint old = self->hits->len;

  g_ptr_array_unref (self->hits);
  self->hits = hits != NULL ? hits : g_ptr_array_new_with_free_func ((GDestroyNotify) hashiya_corpus_hit_free);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, old, self->hits->len);
}

/* ---- the window --------------------------------------------------------------- */

struct _HashiyaCorpusFind
{
  AdwWindow       parent_instance;
  HashiyaWindow  *window;     /* weak: the find window is destroyed with it */
  GtkSearchEntry *entry;
  GtkLabel       *status;
  GtkDropDown    *label;
  GtkWidget      *tag_all;
  GtkListView    *list;
  HitList        *hits;
  char           *query;      /* what the hits are of */
};

G_DEFINE_FINAL_TYPE (HashiyaCorpusFind, hashiya_corpus_find, ADW_TYPE_WINDOW)

static gboolean
starts_rtl (const char *s)
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

static void
hit_setup (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *where = gtk_label_new (NULL);
  GtkWidget *line = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (where), 0);
  gtk_label_set_ellipsize (GTK_LABEL (where), PANGO_ELLIPSIZE_MIDDLE);
  gtk_widget_add_css_class (where, "dim-label");
  gtk_widget_add_css_class (where, "caption");
  gtk_label_set_ellipsize (GTK_LABEL (line), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (line, "corpus-hit-line");
  gtk_box_append (GTK_BOX (box), where);
  gtk_box_append (GTK_BOX (box), line);
  gtk_widget_set_margin_top (box, 4);
  gtk_widget_set_margin_bottom (box, 4);
  gtk_list_item_set_child (item, box);
}

/* At most this much context before the hit, so that the hit stays in view. */
#define BEFORE_CHARS 24

/* One label for context, hit and context: a hit inside a word (وبغداد for بغداد) stays
 * joined to its letters; the hit is marked by a background attribute only, which does
 * not split Arabic shaping. */
static void
hit_bind (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  const HashiyaCorpusHit *hit = hashiya_corpus_hit_item_get_hit (gtk_list_item_get_item (item));
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *where = gtk_widget_get_first_child (box);
  GtkWidget *line = gtk_widget_get_next_sibling (where);
  glong n_before = g_utf8_strlen (hit->before, -1);
  const char *before = n_before > BEFORE_CHARS ? g_utf8_offset_to_pointer (hit->before, n_before - BEFORE_CHARS)
                                               : hit->before;
  g_autofree char *text = g_strconcat (n_before > BEFORE_CHARS ? "…" : "", before, hit->match, hit->after, NULL);
  gsize match_start = strlen (text) - strlen (hit->after) - strlen (hit->match);
  PangoAttrList *attrs = pango_attr_list_new ();
  PangoAttribute *bg = pango_attr_background_new (0x3535, 0x8484, 0xe4e4);
  PangoAttribute *alpha = pango_attr_background_alpha_new (0x5555);
  /* TRANSLATORS: where a hit of Find in All Documents is: document name, line number */
  /* only the line number takes the interface's digits: a file name is shown as it is spelt */
  g_autofree char *line_no = hashiya_localize_digits (g_strdup_printf ("%" G_GINT64_FORMAT, hit->line));
  g_autofree char *place = g_strdup_printf (_("%s · line %s"), hit->name, line_no);
  g_autofree char *a11y = g_strdup_printf ("%s: %s%s%s", place, hit->before, hit->match, hit->after);

  bg->start_index = alpha->start_index = match_start;
  bg->end_index = alpha->end_index = match_start + strlen (hit->match);
  pango_attr_list_insert (attrs, bg);
  pango_attr_list_insert (attrs, alpha);
  gtk_label_set_text (GTK_LABEL (where), place);
  gtk_label_set_text (GTK_LABEL (line), text);
  gtk_label_set_attributes (GTK_LABEL (line), attrs);
  pango_attr_list_unref (attrs);
  /* the line reads in its own direction, right-aligned when Arabic */
  gtk_widget_set_direction (line, starts_rtl (text) ? GTK_TEXT_DIR_RTL : GTK_TEXT_DIR_LTR);
  gtk_label_set_xalign (GTK_LABEL (line), 0);
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y, -1);
}

static void
set_status (HashiyaCorpusFind *self, const char *text)
{
  gtk_label_set_text (self->status, text);
}

void
hashiya_corpus_find_search (HashiyaCorpusFind *self, const char *query)
{
  HashiyaStore *store;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) docs = NULL;
  GPtrArray *hits;
  gboolean truncated = FALSE;
  g_autofree char *count = NULL;

  g_return_if_fail (HASHIYA_IS_CORPUS_FIND (self));
  store = self->window != NULL ? hashiya_window_get_store (self->window) : NULL;
  g_free (self->query);
  self->query = g_strstrip (g_strdup (query != NULL ? query : ""));
  if (store == NULL || *self->query == '\0')
    {
      hit_list_set (self->hits, NULL);
      set_status (self, _("Type a word to find it in every document"));
      gtk_widget_set_sensitive (self->tag_all, FALSE);
      return;
    }
  hits = hashiya_store_find_corpus (store, self->query, HASHIYA_CORPUS_FIND_MAX_HITS, &truncated, NULL, &error);
  if (hits == NULL)
    {
      hit_list_set (self->hits, NULL);
      set_status (self, error->message);
      gtk_widget_set_sensitive (self->tag_all, FALSE);
      return;
    }
  docs = g_hash_table_new (g_int64_hash, g_int64_equal);
  for (guint i = 0; i < hits->len; i++)
    g_hash_table_add (docs, &((HashiyaCorpusHit *) hits->pdata[i])->doc_id);
  if (hits->len == 0)
    count = g_strdup (_("No matches in any document"));
  else if (truncated)
    /* TRANSLATORS: Find in All Documents stopped listing after the first N hits */
    count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "The first %u match, in %u documents",
                                          "The first %u matches, in %u documents", hits->len),
                             hits->len, g_hash_table_size (docs));
  else
    count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u match in %u documents",
                                          "%u matches in %u documents", hits->len),
                             hits->len, g_hash_table_size (docs));
  count = hashiya_localize_digits (count);
  set_status (self, count);
  gtk_widget_set_sensitive (self->tag_all, hits->len > 0);
  g_clear_pointer (&docs, g_hash_table_unref);
  hit_list_set (self->hits, hits);
}

GListModel *
hashiya_corpus_find_get_hits (HashiyaCorpusFind *self)
{
  g_return_val_if_fail (HASHIYA_IS_CORPUS_FIND (self), NULL);
  return G_LIST_MODEL (self->hits);
}

void
hashiya_corpus_find_jump (HashiyaCorpusFind *self, guint position)
{
  g_autoptr(HashiyaCorpusHitItem) item = NULL;
  const HashiyaCorpusHit *hit;
  g_autoptr(GError) error = NULL;
  HashiyaDocumentView *view;

  g_return_if_fail (HASHIYA_IS_CORPUS_FIND (self));
  item = g_list_model_get_item (G_LIST_MODEL (self->hits), position);
  if (item == NULL || self->window == NULL)
    return;
  hit = hashiya_corpus_hit_item_get_hit (item);
  if (hit->doc_id != hashiya_window_get_document (self->window)
      && !hashiya_window_load_document (self->window, hit->doc_id, &error))
    {
      hashiya_window_show_error (self->window, _("Cannot Open Document"), error->message);
      return;
    }
  view = hashiya_window_get_view (self->window);
  hashiya_document_view_place_cursor (view, hit->start, TRUE);
  hashiya_document_view_set_selection (view, hit->start, hit->end);
}

static void
on_activate (GtkListView *list, guint position, HashiyaCorpusFind *self)
{
  hashiya_corpus_find_jump (self, position);
}

static void
on_search_changed (HashiyaCorpusFind *self)
{
  hashiya_corpus_find_search (self, gtk_editable_get_text (GTK_EDITABLE (self->entry)));
}

/* Enter in the entry: the first hit. */
static void
on_entry_activate (HashiyaCorpusFind *self)
{
  on_search_changed (self);
  if (g_list_model_get_n_items (G_LIST_MODEL (self->hits)) > 0)
    hashiya_corpus_find_jump (self, 0);
}

static char *
selected_label (HashiyaCorpusFind *self)
{
  GtkStringObject *item = gtk_drop_down_get_selected_item (self->label);

  return item != NULL ? g_strdup (gtk_string_object_get_string (item)) : NULL;
}

/* Tags every hit (not only the listed ones) in one transaction: one undo step. */
static void
run_tag_all (HashiyaCorpusFind *self, const char *query, const char *label)
{
  HashiyaWindow *win = self->window;
  HashiyaStore *store = hashiya_window_get_store (win);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GError) error = NULL;
  HashiyaTagAllCount count = { 0 };
  HashiyaCommand *cmd;
  g_autofree char *msg = NULL;

  if (!hashiya_store_tag_all (store, query, label, win->annotator, &count, ids, &error))
    {
      hashiya_window_show_error (win, _("Cannot Tag All"), error->message);
      return;
    }
  cmd = hashiya_command_new (HASHIYA_COMMAND_CORPUS_SPANS, 0);
  for (guint i = 0; i < ids->len; i++)
    {
      HashiyaSpan *span = hashiya_store_get_span (store, g_array_index (ids, gint64, i), NULL);
      if (span == NULL)
        continue;
      if (span->doc_id == win->doc_id)
        hashiya_document_view_add_span (win->doc_view, span);
      g_ptr_array_add (cmd->spans, span);
    }
  if (cmd->spans->len > 0)
    hashiya_window_push_command (win, cmd);
  else
    hashiya_command_free (cmd);
  hashiya_window_refresh_documents (win);
  hashiya_window_update_span_title (win);
  /* TRANSLATORS: after Tag All in every document: spans added, documents */
  msg = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Tagged %u span as %s in %u documents",
                                      "Tagged %u spans as %s in %u documents", count.n_spans),
                         count.n_spans, label, count.n_documents);
  msg = hashiya_localize_digits (msg);
  hashiya_window_toast (win, msg);
  set_status (self, msg);
}

typedef struct
{
  HashiyaCorpusFind *self;
  char              *query;
  char              *label;
} TagAllData;

static void
tag_all_data_free (gpointer data)
{
  TagAllData *d = data;

  g_object_unref (d->self);
  g_free (d->query);
  g_free (d->label);
  g_free (d);
}

static void
on_tag_all_response (AdwMessageDialog *dialog, const char *response, TagAllData *d)
{
  if (g_strcmp0 (response, "tag") == 0 && d->self->window != NULL)
    run_tag_all (d->self, d->query, d->label);
}

static void
on_tag_all_clicked (HashiyaCorpusFind *self)
{
  HashiyaStore *store = self->window ? hashiya_window_get_store (self->window) : NULL;
  g_autofree char *label = selected_label (self);
  g_autoptr(GError) error = NULL;
  HashiyaTagAllCount count = { 0 };
  g_autofree char *heading = NULL, *body = NULL, *skipped = NULL;
  GtkWidget *dialog;
  TagAllData *d;

  if (store == NULL || label == NULL || self->query == NULL || *self->query == '\0')
    return;
  if (!hashiya_store_tag_all_count (store, self->query, label, self->window->annotator, &count, &error))
    {
      hashiya_window_show_error (self->window, _("Cannot Tag All"), error->message);
      return;
    }
  /* TRANSLATORS: heading of the confirmation of Tag All in every document */
  heading = g_strdup_printf (_("Tag All “%s” as %s?"), self->query, label);
  if (count.n_spans == 0)
    body = g_strdup (_("Every match already has this label: nothing would change."));
  else
    body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "This adds %u span in %u documents (%u matches in all). One undo removes them all.",
                                         "This adds %u spans in %u documents (%u matches in all). One undo removes them all.",
                                         count.n_spans),
                            count.n_spans, count.n_documents, count.n_hits);
  body = hashiya_localize_digits (body);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);
  gtk_widget_set_name (dialog, "corpus-tag-all-dialog");
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"));
  if (count.n_spans > 0)
    {
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "tag", _("_Tag All"));
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "tag", ADW_RESPONSE_SUGGESTED);
      adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "tag");
    }
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  d = g_new0 (TagAllData, 1);
  d->self = g_object_ref (self);
  d->query = g_strdup (self->query);
  d->label = g_strdup (label);
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_tag_all_response), d,
                         (GClosureNotify) (void (*) (void)) tag_all_data_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
hashiya_corpus_find_dispose (GObject *object)
{
  HashiyaCorpusFind *self = HASHIYA_CORPUS_FIND (object);

  if (self->window != NULL)
    {
      if (self->window->corpus_find == GTK_WINDOW (self))
        self->window->corpus_find = NULL;
      g_object_remove_weak_pointer (G_OBJECT (self->window), (gpointer *) &self->window);
      self->window = NULL;
    }
  G_OBJECT_CLASS (hashiya_corpus_find_parent_class)->dispose (object);
}

static void
hashiya_corpus_find_finalize (GObject *object)
{
  HashiyaCorpusFind *self = HASHIYA_CORPUS_FIND (object);

  g_clear_object (&self->hits);
  g_free (self->query);
  G_OBJECT_CLASS (hashiya_corpus_find_parent_class)->finalize (object);
}

static void
hashiya_corpus_find_class_init (HashiyaCorpusFindClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = hashiya_corpus_find_dispose;
  object_class->finalize = hashiya_corpus_find_finalize;
  gtk_widget_class_add_binding_action (GTK_WIDGET_CLASS (klass), GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
hashiya_corpus_find_init (HashiyaCorpusFind *self)
{
  GtkWidget *toolbar = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkNoSelection *selection;

  gtk_window_set_title (GTK_WINDOW (self), _("Find in All Documents"));
  gtk_window_set_default_size (GTK_WINDOW (self), 640, 560);
  gtk_widget_set_name (GTK_WIDGET (self), "corpus-find");
  gtk_box_append (GTK_BOX (toolbar), header);

  self->entry = GTK_SEARCH_ENTRY (gtk_search_entry_new ());
  gtk_widget_set_name (GTK_WIDGET (self->entry), "corpus-find-entry");
  g_object_set (self->entry, "placeholder-text", _("Find in all documents"), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Find in all documents"), -1);
  gtk_widget_set_hexpand (GTK_WIDGET (self->entry), TRUE);
  gtk_box_append (GTK_BOX (top), GTK_WIDGET (self->entry));

  self->status = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_set_name (GTK_WIDGET (self->status), "corpus-find-status");
  gtk_label_set_xalign (self->status, 0);
  gtk_label_set_wrap (self->status, TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self->status), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->status), "dim-label");
  gtk_box_append (GTK_BOX (row), GTK_WIDGET (self->status));

  self->label = GTK_DROP_DOWN (gtk_drop_down_new (NULL, NULL));
  gtk_widget_set_name (GTK_WIDGET (self->label), "corpus-find-label");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->label), _("Label for Tag All"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->label), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Label for Tag All"), -1);
  gtk_widget_set_valign (GTK_WIDGET (self->label), GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (row), GTK_WIDGET (self->label));
  self->tag_all = gtk_button_new_with_mnemonic (_("_Tag All…"));
  gtk_widget_set_name (self->tag_all, "corpus-find-tag-all");
  gtk_widget_set_tooltip_text (self->tag_all, _("Tag every match in every document with this label"));
  gtk_widget_set_valign (self->tag_all, GTK_ALIGN_CENTER);
  gtk_widget_set_sensitive (self->tag_all, FALSE);
  gtk_box_append (GTK_BOX (row), self->tag_all);
  gtk_box_append (GTK_BOX (top), row);
  gtk_widget_set_margin_start (top, 12);
  gtk_widget_set_margin_end (top, 12);
  gtk_widget_set_margin_top (top, 6);
  gtk_widget_set_margin_bottom (top, 6);
  gtk_box_append (GTK_BOX (toolbar), top);
  gtk_box_append (GTK_BOX (toolbar), gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));

  self->hits = g_object_new (HIT_TYPE_LIST, NULL);
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->hits)));
  self->list = GTK_LIST_VIEW (gtk_list_view_new (GTK_SELECTION_MODEL (selection), factory));
  gtk_widget_set_name (GTK_WIDGET (self->list), "corpus-find-list");
  gtk_list_view_set_single_click_activate (self->list, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "navigation-sidebar");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Matches"), -1);
  g_signal_connect (factory, "setup", G_CALLBACK (hit_setup), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (hit_bind), NULL);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (self->list));
  gtk_widget_set_vexpand (scroller, TRUE);
  gtk_box_append (GTK_BOX (toolbar), scroller);
  adw_window_set_content (ADW_WINDOW (self), toolbar);

  g_signal_connect_object (self->entry, "search-changed", G_CALLBACK (on_search_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->entry, "activate", G_CALLBACK (on_entry_activate), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->list, "activate", G_CALLBACK (on_activate), self, 0);
  g_signal_connect_object (self->tag_all, "clicked", G_CALLBACK (on_tag_all_clicked), self, G_CONNECT_SWAPPED);
  set_status (self, _("Type a word to find it in every document"));
}

HashiyaCorpusFind *
hashiya_corpus_find_new (HashiyaWindow *window)
{
  HashiyaCorpusFind *self = g_object_new (HASHIYA_TYPE_CORPUS_FIND,
                                          "transient-for", window,
                                          "destroy-with-parent", TRUE,
                                          NULL);
  GtkExpression *expr = gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string");

  self->window = window;
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &self->window);
  gtk_drop_down_set_expression (self->label, expr);
  gtk_expression_unref (expr);
  gtk_drop_down_set_model (self->label, G_LIST_MODEL (window->label_names));
  return self;
}

/* Ctrl+Shift+F: the find window (one per project window), with the text selected in
 * the document as its first query. */
void
hashiya_window_action_corpus_find (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  HashiyaWindow *self = user_data;
  HashiyaCorpusFind *find;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->doc_view));
  GtkTextIter a, b;

  if (self->store == NULL)
    return;
  if (self->corpus_find == NULL)
    self->corpus_find = GTK_WINDOW (hashiya_corpus_find_new (self));
  find = HASHIYA_CORPUS_FIND (self->corpus_find);
  if (gtk_text_buffer_get_selection_bounds (buffer, &a, &b) && gtk_text_iter_get_line (&a) == gtk_text_iter_get_line (&b))
    {
      g_autofree char *sel = gtk_text_iter_get_text (&a, &b);
      gtk_editable_set_text (GTK_EDITABLE (find->entry), sel);
      hashiya_corpus_find_search (find, sel);
    }
  gtk_window_present (self->corpus_find);
  gtk_widget_grab_focus (GTK_WIDGET (find->entry));
}
