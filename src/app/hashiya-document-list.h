/* hashiya-document-list.h: the sidebar's documents as a GListModel, read from the store by page
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Only the pages the list view asks for are read (hashiya_store_list_document_rows);
 * n_items comes from one count query. Filter, state and sort are a HashiyaDocQuery
 * run in SQL. Widgets never query the store themselves: they read these items.
 */
#pragma once

#include <gio/gio.h>
#include "hashiya-store.h"
#include "hashiya-store-corpus.h"

G_BEGIN_DECLS

#define HASHIYA_DOCUMENT_LIST_PAGE 200

/* One row: a document's name and counts as the summary table has them. */
#define HASHIYA_TYPE_DOC_ITEM (hashiya_doc_item_get_type ())
G_DECLARE_FINAL_TYPE (HashiyaDocItem, hashiya_doc_item, HASHIYA, DOC_ITEM, GObject)

gint64      hashiya_doc_item_get_id         (HashiyaDocItem *self);
const char *hashiya_doc_item_get_name       (HashiyaDocItem *self);
guint       hashiya_doc_item_get_n_spans    (HashiyaDocItem *self);
guint       hashiya_doc_item_get_n_comments (HashiyaDocItem *self);
guint       hashiya_doc_item_get_n_judged   (HashiyaDocItem *self);
gboolean    hashiya_doc_item_get_done       (HashiyaDocItem *self);

#define HASHIYA_TYPE_DOCUMENT_LIST (hashiya_document_list_get_type ())
G_DECLARE_FINAL_TYPE (HashiyaDocumentList, hashiya_document_list, HASHIYA, DOCUMENT_LIST, GObject)

HashiyaDocumentList *hashiya_document_list_new        (void);
/* NULL empties the list. */
void      hashiya_document_list_set_store   (HashiyaDocumentList   *self,
                                             HashiyaStore          *store);
/* Copies the query (its strings too) and reads the list again. */
void      hashiya_document_list_set_query   (HashiyaDocumentList   *self,
                                             const HashiyaDocQuery *query);
const HashiyaDocQuery *hashiya_document_list_get_query (HashiyaDocumentList *self);
/* Position of doc_id under the current query, G_MAXUINT when it does not select it. */
guint     hashiya_document_list_find        (HashiyaDocumentList   *self,
                                             gint64                 doc_id);
/* After an action on one document: its row is read again (items-changed for that row
 * alone when the query's order cannot have changed, else the list is read again). */
void      hashiya_document_list_refresh_row (HashiyaDocumentList   *self,
                                             gint64                 doc_id);
/* After an outside change or an import: the count is asked again; when it is the same,
 * the cached pages are read again and only the rows that differ are announced; else
 * every row is. */
void      hashiya_document_list_refresh     (HashiyaDocumentList   *self);
/* Pages read from the store so far (tests, benchmark). */
guint     hashiya_document_list_get_n_page_reads (HashiyaDocumentList *self);

G_END_DECLS
