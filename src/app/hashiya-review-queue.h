/* hashiya-review-queue.h: the review queue: comments across the corpus, by judgement state and value
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "hashiya-window.h"
#include "hashiya-store-queue.h"

G_BEGIN_DECLS

#define HASHIYA_TYPE_REVIEW_QUEUE (hashiya_review_queue_get_type ())
G_DECLARE_FINAL_TYPE (HashiyaReviewQueue, hashiya_review_queue, HASHIYA, REVIEW_QUEUE, AdwWindow)

/* A queue over window's project; choosing a comment opens it in window. */
HashiyaReviewQueue *hashiya_review_queue_new        (HashiyaWindow *window);
/* The state and the where-expression ("" or NULL: none). FALSE, with the error shown under the
 * entry (and in error), when the expression is wrong; the list is then left as it was. */
gboolean            hashiya_review_queue_set_filter (HashiyaReviewQueue *self, HashiyaQueueState state,
                                                     const char *where, GError **error);
/* The comments listed, as a GListModel of HashiyaQueueRow (paged from the store on demand). */
GListModel         *hashiya_review_queue_get_model  (HashiyaReviewQueue *self);
/* The selected position, G_MAXUINT when none; select opens the comment in the window. */
guint               hashiya_review_queue_get_selected (HashiyaReviewQueue *self);
void                hashiya_review_queue_select     (HashiyaReviewQueue *self, guint position);
/* J / K: the next / previous comment of the queue (FALSE at the end). */
gboolean            hashiya_review_queue_move       (HashiyaReviewQueue *self, int direction);
/* The count shown for state with the current where-expression. */
guint               hashiya_review_queue_get_count  (HashiyaReviewQueue *self, HashiyaQueueState state);

#define HASHIYA_TYPE_QUEUE_ROW (hashiya_queue_row_get_type ())
G_DECLARE_FINAL_TYPE (HashiyaQueueRow, hashiya_queue_row, HASHIYA, QUEUE_ROW, GObject)

gint64      hashiya_queue_row_get_doc_id        (HashiyaQueueRow *self);
int         hashiya_queue_row_get_comment_index (HashiyaQueueRow *self);

G_END_DECLS
