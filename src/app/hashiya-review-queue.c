/* hashiya-review-queue.c: the review queue: comments across the corpus, by judgement state and value
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A window beside the project window. Its list is a GtkListView over QueueModel, a GListModel
 * whose rows are read from the store's queue query (hashiya-store-queue.h) a page at a time,
 * when the list view asks for them: a corpus of a hundred thousand comments costs one count
 * and the pages on screen. Choosing a row (click, J / K) opens the document in the project
 * window at that comment, with the review panel ready for the judgement keys.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "hashiya-review-queue.h"
#include "hashiya-store-schema.h"
#include "hashiya-window-private.h"

#define PAGE_SIZE 100

/* ---- a row ------------------------------------------------------------------ */

struct _HashiyaQueueRow
{
  GObject  parent_instance;
  gint64   doc_id;
  int      comment_index;
  int      parent_index;
  char    *source;
  char    *text;
  char    *summary;   /* the judgements, "amal: decision=review · badr: …" */
};

G_DEFINE_FINAL_TYPE (HashiyaQueueRow, hashiya_queue_row, G_TYPE_OBJECT)

static void
hashiya_queue_row_finalize (GObject *object)
{
  HashiyaQueueRow *self = HASHIYA_QUEUE_ROW (object);

  g_free (self->source);
  g_free (self->text);
  g_free (self->summary);
  G_OBJECT_CLASS (hashiya_queue_row_parent_class)->finalize (object);
}

static void
hashiya_queue_row_class_init (HashiyaQueueRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = hashiya_queue_row_finalize;
}

static void
hashiya_queue_row_init (HashiyaQueueRow *self)
{
}

gint64
hashiya_queue_row_get_doc_id (HashiyaQueueRow *self)
{
  return self->doc_id;
}

int
hashiya_queue_row_get_comment_index (HashiyaQueueRow *self)
{
  return self->comment_index;
}

static char *
summarize (const HashiyaJudgementSchema *schema, GPtrArray *judgements)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; judgements != NULL && i < judgements->len; i++)
    {
      HashiyaJudgement *j = g_ptr_array_index (judgements, i);
      g_autoptr(GPtrArray) set = schema ? hashiya_judgement_schema_set_fields (schema, j) : NULL;

      g_string_append_printf (out, "%s%s:", out->len ? " · " : "", j->annotator);
      for (guint k = 0; set != NULL && k < set->len; k++)
        {
          const char *name = g_ptr_array_index (set, k);
          if (g_str_equal (name, "note"))
            continue;
          g_string_append_printf (out, " %s=%s", name, hashiya_judgement_get_value (j, name));
        }
    }
  if (out->len == 0)
    g_string_append (out, _("not judged"));
  return g_string_free (out, FALSE);
}

static HashiyaQueueRow *
row_new (const HashiyaQueueItem *item, const HashiyaJudgementSchema *schema)
{
  HashiyaQueueRow *row = g_object_new (HASHIYA_TYPE_QUEUE_ROW, NULL);
  g_autofree char *flat = g_strdelimit (g_strdup (item->text ? item->text : ""), "\n\t", ' ');

  row->doc_id = item->doc_id;
  row->comment_index = item->comment_index;
  row->parent_index = item->parent_index;
  row->source = g_strdup (item->source);
  row->text = g_utf8_strlen (flat, -1) > 140 ? g_strconcat (g_utf8_substring (flat, 0, 139), "…", NULL)
                                              : g_strdup (flat);
  row->summary = summarize (schema, item->judgements);
  return row;
}

/* ---- the model -------------------------------------------------------------- */

#define QUEUE_TYPE_MODEL (queue_model_get_type ())
G_DECLARE_FINAL_TYPE (QueueModel, queue_model, QUEUE, MODEL, GObject)

struct _QueueModel
{
  GObject                 parent_instance;
  HashiyaStore           *store;
  HashiyaJudgementSchema *schema;
  HashiyaQueueState       state;
  HashiyaJudgementFilter *where;
  char                   *annotator;
  guint                   n_items;
  GHashTable             *pages;   /* page number → GPtrArray of HashiyaQueueRow */
};

static void queue_model_list_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (QueueModel, queue_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, queue_model_list_init))

static GType
queue_model_get_item_type (GListModel *list)
{
  return HASHIYA_TYPE_QUEUE_ROW;
}

static guint
queue_model_get_n_items (GListModel *list)
{
  return QUEUE_MODEL (list)->n_items;
}

static gpointer
queue_model_get_item (GListModel *list, guint position)
{
  QueueModel *self = QUEUE_MODEL (list);
  guint page = position / PAGE_SIZE;
  GPtrArray *rows;

  if (position >= self->n_items)
    return NULL;
  rows = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (page));
  if (rows == NULL)
    {
      HashiyaQueueQuery q = { self->state, self->annotator, self->where, page * PAGE_SIZE, PAGE_SIZE };
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) items = hashiya_store_query_comments (self->store, &q, NULL, &error);

      rows = g_ptr_array_new_with_free_func (g_object_unref);
      if (items == NULL)
        g_warning ("review queue: %s", error->message);
      for (guint i = 0; items != NULL && i < items->len; i++)
        g_ptr_array_add (rows, row_new (g_ptr_array_index (items, i), self->schema));
      g_hash_table_insert (self->pages, GUINT_TO_POINTER (page), rows);
    }
  if (position % PAGE_SIZE >= rows->len)
    return NULL;   /* the project changed under us: the next refresh fixes the count */
  return g_object_ref (g_ptr_array_index (rows, position % PAGE_SIZE));
}

static void
queue_model_list_init (GListModelInterface *iface)
{
  iface->get_item_type = queue_model_get_item_type;
  iface->get_n_items = queue_model_get_n_items;
  iface->get_item = queue_model_get_item;
}

static void
queue_model_finalize (GObject *object)
{
  QueueModel *self = QUEUE_MODEL (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->schema, hashiya_judgement_schema_free);
  g_clear_pointer (&self->where, hashiya_judgement_filter_free);
  g_clear_pointer (&self->pages, g_hash_table_unref);
  g_free (self->annotator);
  G_OBJECT_CLASS (queue_model_parent_class)->finalize (object);
}

static void
queue_model_class_init (QueueModelClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = queue_model_finalize;
}

static void
queue_model_init (QueueModel *self)
{
  self->pages = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, (GDestroyNotify) g_ptr_array_unref);
}

/* How many comments state and where select (0 on error). */
static guint
count_matches (HashiyaStore *store, const char *annotator, HashiyaQueueState state,
               const HashiyaJudgementFilter *where)
{
  HashiyaQueueQuery q = { state, annotator, where, 0, 1 };
  g_autoptr(GPtrArray) items = NULL;
  guint total = 0;

  items = hashiya_store_query_comments (store, &q, &total, NULL);
  return items != NULL ? total : 0;
}

/* Takes where; emits items-changed for the whole list. */
static void
queue_model_reset (QueueModel *self, HashiyaQueueState state, HashiyaJudgementFilter *where)
{
  guint old = self->n_items;

  self->state = state;
  g_clear_pointer (&self->where, hashiya_judgement_filter_free);
  self->where = where;
  g_clear_pointer (&self->schema, hashiya_judgement_schema_free);
  self->schema = hashiya_store_get_judgement_schema (self->store, NULL);
  g_hash_table_remove_all (self->pages);
  self->n_items = count_matches (self->store, self->annotator, state, where);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, old, self->n_items);
}

/* ---- the window ------------------------------------------------------------- */

struct _HashiyaReviewQueue
{
  AdwWindow           parent_instance;

  HashiyaWindow      *window;     /* weak */
  QueueModel         *model;
  GtkSingleSelection *selection;
  GtkDropDown        *state_drop;
  GtkStringList      *state_names;
  GtkEntry           *where_entry;
  GtkLabel           *where_error;
  GtkLabel           *count_label;
  GtkListView        *list;
  guint               counts[HASHIYA_QUEUE_DISAGREEMENTS + 1];
  gboolean            updating;
};

G_DEFINE_FINAL_TYPE (HashiyaReviewQueue, hashiya_review_queue, ADW_TYPE_WINDOW)

static const char *
state_title (HashiyaQueueState state)
{
  switch (state)
    {
    case HASHIYA_QUEUE_ALL:           return _("All comments");
    case HASHIYA_QUEUE_UNJUDGED:      return _("Not judged");
    case HASHIYA_QUEUE_MINE:          return _("Judged by me");
    case HASHIYA_QUEUE_OTHERS:        return _("Judged by others");
    case HASHIYA_QUEUE_DISAGREEMENTS: return _("Disagreements");
    default:                          return "";
    }
}

static void
update_counts (HashiyaReviewQueue *self)
{
  guint selected = gtk_drop_down_get_selected (self->state_drop);
  g_autoptr(GPtrArray) titles = g_ptr_array_new_with_free_func (g_free);

  for (guint s = 0; s <= HASHIYA_QUEUE_DISAGREEMENTS; s++)
    {
      self->counts[s] = count_matches (self->model->store, self->model->annotator, s, self->model->where);
      /* TRANSLATORS: a review queue filter and how many comments it finds, "Not judged (12)" */
      g_ptr_array_add (titles, hashiya_localize_digits (g_strdup_printf (_("%s (%u)"), state_title (s), self->counts[s])));
    }
  g_ptr_array_add (titles, NULL);
  self->updating = TRUE;
  gtk_string_list_splice (self->state_names, 0, g_list_model_get_n_items (G_LIST_MODEL (self->state_names)),
                          (const char * const *) titles->pdata);
  gtk_drop_down_set_selected (self->state_drop, selected);
  self->updating = FALSE;
  {
    g_autofree char *count = hashiya_localize_digits (
      g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u comment", "%u comments", self->model->n_items),
                       self->model->n_items));
    gtk_label_set_text (self->count_label, count);
  }
}

gboolean
hashiya_review_queue_set_filter (HashiyaReviewQueue *self, HashiyaQueueState state,
                                 const char *where, GError **error)
{
  g_autoptr(HashiyaJudgementFilter) filter = NULL;
  g_autoptr(GError) local = NULL;

  g_return_val_if_fail (HASHIYA_IS_REVIEW_QUEUE (self), FALSE);
  if (where != NULL && *where != '\0')
    {
      int offset = -1;
      g_autoptr(HashiyaJudgementSchema) schema = hashiya_store_get_judgement_schema (self->model->store, NULL);

      filter = hashiya_judgement_filter_parse (where, &offset, &local);
      if (filter != NULL && schema != NULL && !hashiya_judgement_filter_check (filter, schema, &local))
        g_clear_pointer (&filter, hashiya_judgement_filter_free);
      if (filter == NULL)
        {
          gtk_label_set_text (self->where_error, local->message);
          gtk_widget_set_visible (GTK_WIDGET (self->where_error), TRUE);
          gtk_widget_add_css_class (GTK_WIDGET (self->where_entry), "error");
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
    }
  gtk_widget_set_visible (GTK_WIDGET (self->where_error), FALSE);
  gtk_widget_remove_css_class (GTK_WIDGET (self->where_entry), "error");
  if (!self->updating)
    {
      self->updating = TRUE;
      gtk_drop_down_set_selected (self->state_drop, state);
      if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->where_entry)), where ? where : "") != 0)
        gtk_editable_set_text (GTK_EDITABLE (self->where_entry), where ? where : "");
      self->updating = FALSE;
    }
  queue_model_reset (self->model, state, g_steal_pointer (&filter));
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  update_counts (self);
  return TRUE;
}

static void
apply_from_widgets (HashiyaReviewQueue *self)
{
  guint state = gtk_drop_down_get_selected (self->state_drop);

  if (self->updating)
    return;
  self->updating = TRUE;
  hashiya_review_queue_set_filter (self, state == GTK_INVALID_LIST_POSITION ? HASHIYA_QUEUE_ALL : state,
                                   gtk_editable_get_text (GTK_EDITABLE (self->where_entry)), NULL);
  self->updating = FALSE;
}

GListModel *
hashiya_review_queue_get_model (HashiyaReviewQueue *self)
{
  return G_LIST_MODEL (self->model);
}

guint
hashiya_review_queue_get_count (HashiyaReviewQueue *self, HashiyaQueueState state)
{
  return state <= HASHIYA_QUEUE_DISAGREEMENTS ? self->counts[state] : 0;
}

guint
hashiya_review_queue_get_selected (HashiyaReviewQueue *self)
{
  return gtk_single_selection_get_selected (self->selection);
}

static void
open_selected (HashiyaReviewQueue *self)
{
  guint pos = gtk_single_selection_get_selected (self->selection);
  g_autoptr(HashiyaQueueRow) row = NULL;
  g_autoptr(GError) error = NULL;
  HashiyaDocumentView *view;

  if (pos == GTK_INVALID_LIST_POSITION || self->window == NULL)
    return;
  row = g_list_model_get_item (G_LIST_MODEL (self->model), pos);
  if (row == NULL)
    return;
  if (hashiya_window_get_document (self->window) != row->doc_id
      && !hashiya_window_load_document (self->window, row->doc_id, &error))
    {
      hashiya_window_toast (self->window, error->message);
      return;
    }
  view = hashiya_window_get_view (self->window);
  hashiya_document_view_set_current_comment (view, row->comment_index, TRUE);
}

void
hashiya_review_queue_select (HashiyaReviewQueue *self, guint position)
{
  gtk_single_selection_set_selected (self->selection, position);
  if (position != GTK_INVALID_LIST_POSITION)
    gtk_widget_activate_action (GTK_WIDGET (self->list), "list.scroll-to-item", "u", position);
}

gboolean
hashiya_review_queue_move (HashiyaReviewQueue *self, int direction)
{
  guint pos = gtk_single_selection_get_selected (self->selection);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  guint next;

  if (n == 0)
    return FALSE;
  if (pos == GTK_INVALID_LIST_POSITION)
    next = direction > 0 ? 0 : n - 1;
  else if (direction > 0)
    {
      if (pos + 1 >= n)
        return FALSE;
      next = pos + 1;
    }
  else
    {
      if (pos == 0)
        return FALSE;
      next = pos - 1;
    }
  hashiya_review_queue_select (self, next);
  return TRUE;
}

/* Coming back to the queue (after judging in the window): the list and counts are read again,
 * the selection kept at its place. */
static void
on_active_changed (HashiyaReviewQueue *self)
{
  guint pos = gtk_single_selection_get_selected (self->selection);
  guint n;

  if (!gtk_window_is_active (GTK_WINDOW (self)) || self->model == NULL || self->updating)
    return;
  self->updating = TRUE;
  g_signal_handlers_block_matched (self->selection, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  queue_model_reset (self->model, self->model->state,
                     g_steal_pointer (&self->model->where));
  n = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  gtk_single_selection_set_selected (self->selection,
                                     pos == GTK_INVALID_LIST_POSITION || n == 0 ? GTK_INVALID_LIST_POSITION
                                                                              : MIN (pos, n - 1));
  g_signal_handlers_unblock_matched (self->selection, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  update_counts (self);
  self->updating = FALSE;
}

static void
on_selection_changed (HashiyaReviewQueue *self)
{
  open_selected (self);
}

static gboolean
on_move_key (GtkWidget *widget, GVariant *args, gpointer user_data)
{
  HashiyaReviewQueue *self = HASHIYA_REVIEW_QUEUE (widget);

  if (gtk_widget_has_focus (GTK_WIDGET (self->where_entry))
      || (gtk_root_get_focus (GTK_ROOT (self)) != NULL
          && GTK_IS_TEXT (gtk_root_get_focus (GTK_ROOT (self)))))
    return FALSE;   /* typing a filter */
  if (!hashiya_review_queue_move (self, g_variant_get_int32 (args)) && self->window != NULL)
    hashiya_window_toast (self->window, g_variant_get_int32 (args) > 0 ? _("This is the last comment of the queue")
                                                                       : _("This is the first comment of the queue"));
  return TRUE;
}

/* ---- rows ------------------------------------------------------------------- */

static void
setup_row (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *head = gtk_label_new (NULL), *text = gtk_label_new (NULL), *summary = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (head), 0);
  gtk_widget_add_css_class (head, "caption-heading");
  gtk_label_set_xalign (GTK_LABEL (text), 0);
  gtk_label_set_wrap (GTK_LABEL (text), TRUE);
  gtk_label_set_lines (GTK_LABEL (text), 2);
  gtk_label_set_ellipsize (GTK_LABEL (text), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (summary), 0);
  gtk_label_set_ellipsize (GTK_LABEL (summary), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (summary, "caption");
  gtk_widget_add_css_class (summary, "dim-label");
  gtk_box_append (GTK_BOX (box), head);
  gtk_box_append (GTK_BOX (box), text);
  gtk_box_append (GTK_BOX (box), summary);
  gtk_widget_set_margin_top (box, 4);
  gtk_widget_set_margin_bottom (box, 4);
  gtk_list_item_set_child (item, box);
}

static void
bind_row (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer data)
{
  HashiyaQueueRow *row = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *head = gtk_widget_get_first_child (box);
  GtkWidget *text = gtk_widget_get_next_sibling (head);
  GtkWidget *summary = gtk_widget_get_next_sibling (text);
  g_autofree char *title = NULL;

  if (row == NULL)
    return;
  if (row->parent_index > 0)
    /* TRANSLATORS: a review queue row: document, comment number, the comment it replies to */
    title = g_strdup_printf (_("%s · comment %d · reply to #%d"), row->source, row->comment_index, row->parent_index);
  else
    /* TRANSLATORS: a review queue row: document and comment number */
    title = g_strdup_printf (_("%s · comment %d"), row->source, row->comment_index);
  title = hashiya_localize_digits (g_steal_pointer (&title));
  gtk_label_set_text (GTK_LABEL (head), title);
  gtk_label_set_text (GTK_LABEL (text), row->text);
  gtk_label_set_text (GTK_LABEL (summary), row->summary);
}

/* ---- set-up ----------------------------------------------------------------- */

static void
hashiya_review_queue_dispose (GObject *object)
{
  HashiyaReviewQueue *self = HASHIYA_REVIEW_QUEUE (object);

  if (self->window != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->window), (gpointer *) &self->window);
  self->window = NULL;
  g_clear_object (&self->selection);
  g_clear_object (&self->model);
  G_OBJECT_CLASS (hashiya_review_queue_parent_class)->dispose (object);
}

static void
hashiya_review_queue_class_init (HashiyaReviewQueueClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = hashiya_review_queue_dispose;
}

static void
hashiya_review_queue_init (HashiyaReviewQueue *self)
{
}

static GtkWidget *
build (HashiyaReviewQueue *self)
{
  GtkWidget *toolbar = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *controls = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  const char *none[] = { NULL };

  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), adw_window_title_new (_("Review Queue"), NULL));
  gtk_box_append (GTK_BOX (toolbar), header);

  gtk_widget_set_margin_start (controls, 12);
  gtk_widget_set_margin_end (controls, 12);
  gtk_widget_set_margin_top (controls, 6);
  gtk_widget_set_margin_bottom (controls, 6);
  self->state_names = gtk_string_list_new (none);
  self->state_drop = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (self->state_names), NULL));
  gtk_widget_set_name (GTK_WIDGET (self->state_drop), "queue-state");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->state_drop), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Which comments"), -1);
  gtk_box_append (GTK_BOX (controls), GTK_WIDGET (self->state_drop));

  self->where_entry = GTK_ENTRY (gtk_entry_new ());
  gtk_widget_set_name (GTK_WIDGET (self->where_entry), "queue-where");
  gtk_entry_set_placeholder_text (self->where_entry, _("Filter, e.g. decision = review and offensive = yes"));
  gtk_entry_set_icon_from_icon_name (self->where_entry, GTK_ENTRY_ICON_PRIMARY, "edit-find-symbolic");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->where_entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Filter by judgement values"), -1);
  gtk_box_append (GTK_BOX (controls), GTK_WIDGET (self->where_entry));

  self->where_error = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_set_name (GTK_WIDGET (self->where_error), "queue-where-error");
  gtk_label_set_xalign (self->where_error, 0);
  gtk_label_set_wrap (self->where_error, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->where_error), "error");
  gtk_widget_add_css_class (GTK_WIDGET (self->where_error), "caption");
  gtk_widget_set_visible (GTK_WIDGET (self->where_error), FALSE);
  gtk_box_append (GTK_BOX (controls), GTK_WIDGET (self->where_error));

  self->count_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_set_name (GTK_WIDGET (self->count_label), "queue-count");
  gtk_label_set_xalign (self->count_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->count_label), "dim-label");
  gtk_box_append (GTK_BOX (controls), GTK_WIDGET (self->count_label));
  gtk_box_append (GTK_BOX (toolbar), controls);

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), NULL);
  self->selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->model)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  self->list = GTK_LIST_VIEW (gtk_list_view_new (GTK_SELECTION_MODEL (g_object_ref (self->selection)), factory));
  gtk_widget_set_name (GTK_WIDGET (self->list), "queue-list");
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "navigation-sidebar");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Comments in the queue"), -1);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (self->list));
  gtk_widget_set_vexpand (scroller, TRUE);
  gtk_box_append (GTK_BOX (toolbar), scroller);

  g_signal_connect_object (self->state_drop, "notify::selected", G_CALLBACK (apply_from_widgets), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->where_entry, "activate", G_CALLBACK (apply_from_widgets), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selection, "notify::selected", G_CALLBACK (on_selection_changed), self, G_CONNECT_SWAPPED);
  return toolbar;
}

HashiyaReviewQueue *
hashiya_review_queue_new (HashiyaWindow *window)
{
  HashiyaReviewQueue *self = g_object_new (HASHIYA_TYPE_REVIEW_QUEUE,
                                           "title", _("Review Queue"),
                                           "default-width", 420, "default-height", 640, NULL);
  GtkEventController *keys = gtk_shortcut_controller_new ();

  self->window = window;
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &self->window);
  self->model = g_object_new (QUEUE_TYPE_MODEL, NULL);
  self->model->store = g_object_ref (hashiya_window_get_store (window));
  /* "judged by me" is by the window's annotator */
  self->model->annotator = g_strdup (window->annotator);
  adw_window_set_content (ADW_WINDOW (self), build (self));
  gtk_window_set_application (GTK_WINDOW (self), gtk_window_get_application (GTK_WINDOW (window)));

  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (keys), GTK_SHORTCUT_SCOPE_LOCAL);
  for (guint i = 0; i < 4; i++)
    {
      guint keyval = (guint[]) { GDK_KEY_j, GDK_KEY_k, GDK_KEY_J, GDK_KEY_K }[i];
      GtkShortcut *s = gtk_shortcut_new (gtk_keyval_trigger_new (keyval, i >= 2 ? GDK_SHIFT_MASK : 0),
                                         gtk_callback_action_new (on_move_key, NULL, NULL));
      gtk_shortcut_set_arguments (s, g_variant_new_int32 (i % 2 == 0 ? 1 : -1));
      gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys), s);
    }
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
  g_signal_connect_object (self, "notify::is-active", G_CALLBACK (on_active_changed), self, 0);
  hashiya_review_queue_set_filter (self, HASHIYA_QUEUE_UNJUDGED, NULL, NULL);
  return self;
}
