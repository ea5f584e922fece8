/* hashiya-document-list.c: the sidebar's documents as a GListModel, read from the store by page
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A few pages of HASHIYA_DOCUMENT_LIST_PAGE rows are kept, the least recently used one
 * goes first. A list view holds the items it shows, and it asks for them again each
 * time it binds a row, so what it shows is always among the recent pages: refreshing
 * those pages is enough to keep it right.
 */
#include "config.h"

#include "hashiya-document-list.h"

#define MAX_PAGES 32

/* ---- one row ---------------------------------------------------------------- */

struct _HashiyaDocItem
{
  GObject  parent_instance;
  gint64   id;
  char    *name;
  guint    n_spans, n_comments, n_judged;
  gboolean done;
};

G_DEFINE_FINAL_TYPE (HashiyaDocItem, hashiya_doc_item, G_TYPE_OBJECT)

static void
hashiya_doc_item_finalize (GObject *object)
{
  g_free (HASHIYA_DOC_ITEM (object)->name);
  G_OBJECT_CLASS (hashiya_doc_item_parent_class)->finalize (object);
}

static void
hashiya_doc_item_class_init (HashiyaDocItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = hashiya_doc_item_finalize;
}

static void
hashiya_doc_item_init (HashiyaDocItem *self)
{
}

static HashiyaDocItem *
doc_item_new (const HashiyaDocument *doc)
{
  HashiyaDocItem *self = g_object_new (HASHIYA_TYPE_DOC_ITEM, NULL);

  if (doc != NULL)
    {
      self->id = doc->id;
      self->name = g_strdup (doc->source);
      self->n_spans = doc->n_spans;
      self->n_comments = doc->n_comments;
      self->n_judged = doc->n_judged;
      self->done = doc->done;
    }
  else
    self->name = g_strdup ("");
  return self;
}

static gboolean
doc_item_equal (const HashiyaDocItem *a, const HashiyaDocItem *b)
{
  return a->id == b->id && a->n_spans == b->n_spans && a->n_comments == b->n_comments
         && a->n_judged == b->n_judged && a->done == b->done && g_strcmp0 (a->name, b->name) == 0;
}

gint64      hashiya_doc_item_get_id         (HashiyaDocItem *self) { return self->id; }
const char *hashiya_doc_item_get_name       (HashiyaDocItem *self) { return self->name; }
guint       hashiya_doc_item_get_n_spans    (HashiyaDocItem *self) { return self->n_spans; }
guint       hashiya_doc_item_get_n_comments (HashiyaDocItem *self) { return self->n_comments; }
guint       hashiya_doc_item_get_n_judged   (HashiyaDocItem *self) { return self->n_judged; }
gboolean    hashiya_doc_item_get_done       (HashiyaDocItem *self) { return self->done; }

/* ---- the list --------------------------------------------------------------- */

struct _HashiyaDocumentList
{
  GObject          parent_instance;
  HashiyaStore    *store;
  HashiyaDocQuery  query;
  char            *name;     /* the query's strings, owned */
  char            *text;
  guint            n_items;
  GHashTable      *pages;    /* page index → GPtrArray of HashiyaDocItem */
  GQueue           lru;      /* page indices, most recent first */
  guint            n_reads;
};

static void hashiya_document_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (HashiyaDocumentList, hashiya_document_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, hashiya_document_list_model_init))

static void
drop_pages (HashiyaDocumentList *self)
{
  g_hash_table_remove_all (self->pages);
  g_queue_clear (&self->lru);
}

static guint
count_rows (HashiyaDocumentList *self)
{
  g_autoptr(GError) error = NULL;
  gint64 n;

  if (self->store == NULL)
    return 0;
  n = hashiya_store_count_document_rows (self->store, &self->query, &error);
  if (n < 0)
    {
      g_warning ("document list: %s", error->message);
      return 0;
    }
  return (guint) n;
}

/* Reads page index from the store: a GPtrArray of exactly the rows the page should
 * have (fewer only when the store says so). */
static GPtrArray *
read_page (HashiyaDocumentList *self, guint index)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  GPtrArray *page = g_ptr_array_new_with_free_func (g_object_unref);

  self->n_reads++;
  g_debug ("document list: page %u", index);
  rows = hashiya_store_list_document_rows (self->store, &self->query,
                                           index * HASHIYA_DOCUMENT_LIST_PAGE,
                                           HASHIYA_DOCUMENT_LIST_PAGE, &error);
  if (rows == NULL)
    {
      g_warning ("document list: %s", error->message);
      return page;
    }
  for (guint i = 0; i < rows->len; i++)
    g_ptr_array_add (page, doc_item_new (rows->pdata[i]));
  return page;
}

static void
touch_page (HashiyaDocumentList *self, guint index)
{
  GList *link = g_queue_find (&self->lru, GUINT_TO_POINTER (index));

  if (link != NULL && link == self->lru.head)
    return;
  if (link != NULL)
    g_queue_delete_link (&self->lru, link);
  g_queue_push_head (&self->lru, GUINT_TO_POINTER (index));
  while (g_queue_get_length (&self->lru) > MAX_PAGES)
    g_hash_table_remove (self->pages, g_queue_pop_tail (&self->lru));
}

static GPtrArray *
get_page (HashiyaDocumentList *self, guint index)
{
  GPtrArray *page = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (index));

  if (page == NULL)
    {
      page = read_page (self, index);
      g_hash_table_insert (self->pages, GUINT_TO_POINTER (index), page);
    }
  touch_page (self, index);
  return page;
}

static GType
list_get_item_type (GListModel *model)
{
  return HASHIYA_TYPE_DOC_ITEM;
}

static guint
list_get_n_items (GListModel *model)
{
  return HASHIYA_DOCUMENT_LIST (model)->n_items;
}

static gpointer
list_get_item (GListModel *model, guint position)
{
  HashiyaDocumentList *self = HASHIYA_DOCUMENT_LIST (model);
  GPtrArray *page;
  guint offset = position % HASHIYA_DOCUMENT_LIST_PAGE;

  if (position >= self->n_items || self->store == NULL)
    return NULL;
  page = get_page (self, position / HASHIYA_DOCUMENT_LIST_PAGE);
  /* the store changed under us (another process) before the watch noticed: an empty
   * row until the refresh comes, rather than NULL inside n_items */
  if (offset >= page->len)
    return doc_item_new (NULL);
  return g_object_ref (page->pdata[offset]);
}

static void
hashiya_document_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = list_get_item_type;
  iface->get_n_items = list_get_n_items;
  iface->get_item = list_get_item;
}

static void
hashiya_document_list_finalize (GObject *object)
{
  HashiyaDocumentList *self = HASHIYA_DOCUMENT_LIST (object);

  g_clear_object (&self->store);
  g_hash_table_unref (self->pages);
  g_queue_clear (&self->lru);
  g_free (self->name);
  g_free (self->text);
  G_OBJECT_CLASS (hashiya_document_list_parent_class)->finalize (object);
}

static void
hashiya_document_list_class_init (HashiyaDocumentListClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = hashiya_document_list_finalize;
}

static void
hashiya_document_list_init (HashiyaDocumentList *self)
{
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);
  g_queue_init (&self->lru);
  hashiya_doc_query_init (&self->query);
}

HashiyaDocumentList *
hashiya_document_list_new (void)
{
  return g_object_new (HASHIYA_TYPE_DOCUMENT_LIST, NULL);
}

/* Every row may have changed: read the count again, announce all of it. */
static void
reset (HashiyaDocumentList *self)
{
  guint old = self->n_items;

  drop_pages (self);
  self->n_items = count_rows (self);
  if (old != 0 || self->n_items != 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old, self->n_items);
}

void
hashiya_document_list_set_store (HashiyaDocumentList *self, HashiyaStore *store)
{
  g_return_if_fail (HASHIYA_IS_DOCUMENT_LIST (self));

  if (store != NULL)
    g_object_ref (store);
  g_clear_object (&self->store);
  self->store = store;
  reset (self);
}

void
hashiya_document_list_set_query (HashiyaDocumentList *self, const HashiyaDocQuery *query)
{
  g_return_if_fail (HASHIYA_IS_DOCUMENT_LIST (self));

  g_free (self->name);
  g_free (self->text);
  if (query != NULL)
    self->query = *query;
  else
    hashiya_doc_query_init (&self->query);
  self->name = g_strdup (self->query.name);
  self->text = g_strdup (self->query.text);
  self->query.name = self->name;
  self->query.text = self->text;
  reset (self);
}

const HashiyaDocQuery *
hashiya_document_list_get_query (HashiyaDocumentList *self)
{
  g_return_val_if_fail (HASHIYA_IS_DOCUMENT_LIST (self), NULL);
  return &self->query;
}

guint
hashiya_document_list_find (HashiyaDocumentList *self, gint64 doc_id)
{
  GHashTableIter iter;
  gpointer key, value;
  gint64 pos;

  g_return_val_if_fail (HASHIYA_IS_DOCUMENT_LIST (self), G_MAXUINT);
  if (self->store == NULL || doc_id == 0)
    return G_MAXUINT;
  /* a recent page first: no query */
  g_hash_table_iter_init (&iter, self->pages);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      GPtrArray *page = value;
      for (guint i = 0; i < page->len; i++)
        if (((HashiyaDocItem *) page->pdata[i])->id == doc_id)
          return GPOINTER_TO_UINT (key) * HASHIYA_DOCUMENT_LIST_PAGE + i;
    }
  pos = hashiya_store_document_row_position (self->store, &self->query, doc_id, NULL);
  return pos < 0 || pos >= self->n_items ? G_MAXUINT : (guint) pos;
}

/* Whether a change of one document's counts or state can move it or take it out. */
static gboolean
order_depends_on_counts (HashiyaDocumentList *self)
{
  return self->query.state != HASHIYA_DOC_STATE_ANY
         || self->query.sort == HASHIYA_DOC_SORT_SPANS
         || self->query.sort == HASHIYA_DOC_SORT_UNJUDGED;
}

void
hashiya_document_list_refresh_row (HashiyaDocumentList *self, gint64 doc_id)
{
  GHashTableIter iter;
  gpointer key, value;

  g_return_if_fail (HASHIYA_IS_DOCUMENT_LIST (self));
  if (self->store == NULL)
    return;
  if (order_depends_on_counts (self))
    {
      hashiya_document_list_refresh (self);
      return;
    }
  g_hash_table_iter_init (&iter, self->pages);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      GPtrArray *page = value;
      for (guint i = 0; i < page->len; i++)
        if (((HashiyaDocItem *) page->pdata[i])->id == doc_id)
          {
            g_autoptr(HashiyaDocument) doc = hashiya_store_get_document_row (self->store, doc_id, NULL);
            HashiyaDocItem *item;

            if (doc == NULL)
              {
                hashiya_document_list_refresh (self);   /* it went away */
                return;
              }
            item = doc_item_new (doc);
            if (doc_item_equal (item, page->pdata[i]))
              {
                g_object_unref (item);
                return;
              }
            g_object_unref (page->pdata[i]);
            page->pdata[i] = item;
            g_list_model_items_changed (G_LIST_MODEL (self),
                                        GPOINTER_TO_UINT (key) * HASHIYA_DOCUMENT_LIST_PAGE + i, 1, 1);
            return;
          }
    }
}

void
hashiya_document_list_refresh (HashiyaDocumentList *self)
{
  GHashTableIter iter;
  gpointer key, value;
  g_autoptr(GArray) changed = g_array_new (FALSE, FALSE, sizeof (guint));

  g_return_if_fail (HASHIYA_IS_DOCUMENT_LIST (self));
  if (self->store == NULL || count_rows (self) != self->n_items)
    {
      reset (self);
      return;
    }
  g_hash_table_iter_init (&iter, self->pages);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      GPtrArray *old = value;
      guint index = GPOINTER_TO_UINT (key);
      g_autoptr(GPtrArray) fresh = read_page (self, index);

      for (guint i = 0; i < MAX (old->len, fresh->len); i++)
        if (i >= old->len || i >= fresh->len || !doc_item_equal (old->pdata[i], fresh->pdata[i]))
          {
            guint pos = index * HASHIYA_DOCUMENT_LIST_PAGE + i;
            g_array_append_val (changed, pos);
          }
      /* swap the contents: the table keeps its array, now holding the fresh rows */
      g_ptr_array_set_size (old, 0);
      for (guint i = 0; i < fresh->len; i++)
        g_ptr_array_add (old, g_object_ref (fresh->pdata[i]));
    }
  /* announced after every page is read: a handler asking for an item sees the new rows */
  for (guint i = 0; i < changed->len; i++)
    {
      guint pos = g_array_index (changed, guint, i);
      if (pos < self->n_items)
        g_list_model_items_changed (G_LIST_MODEL (self), pos, 1, 1);
    }
}

guint
hashiya_document_list_get_n_page_reads (HashiyaDocumentList *self)
{
  return self->n_reads;
}
