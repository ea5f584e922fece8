/* hashiya-store-queue.h: the review queue: comments across the corpus, filtered, in order, paged
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The comments of every document (documents by id, comments by index) that pass:
 *   state  ALL            every comment
 *          UNJUDGED       no judgement by anyone
 *          MINE           a judgement by query->annotator (NULL: g_get_user_name ())
 *          OTHERS         a judgement by someone other than query->annotator
 *          DISAGREEMENTS  judgements by two or more annotators that differ on a field of the
 *                         schema (one annotator's value set and another's unset counts)
 *   where  (optional, hashiya-judgement-filter.h) the comment passes when one of the
 *          judgements considered matches: query->annotator's judgement with MINE, the others'
 *          with OTHERS, and everyone's otherwise; a comment with no judgement considered is
 *          tested as an empty judgement (so "decision is unset" finds unjudged comments).
 * then offset/limit page the list; *total is the count before paging.
 */
#pragma once

#include "hashiya-store.h"
#include "hashiya-judgement-filter.h"

G_BEGIN_DECLS

typedef enum
{
  HASHIYA_QUEUE_ALL,
  HASHIYA_QUEUE_UNJUDGED,
  HASHIYA_QUEUE_MINE,
  HASHIYA_QUEUE_OTHERS,
  HASHIYA_QUEUE_DISAGREEMENTS,
} HashiyaQueueState;

const char *hashiya_queue_state_to_string   (HashiyaQueueState state);  /* "all", "unjudged", "mine", "others", "disagreements" */
gboolean    hashiya_queue_state_from_string (const char *str, HashiyaQueueState *state);

typedef struct
{
  HashiyaQueueState             state;
  const char                   *annotator;  /* for MINE / OTHERS; NULL = g_get_user_name () */
  const HashiyaJudgementFilter *where;      /* NULL = no value filter */
  guint                         offset;     /* skip this many matches */
  guint                         limit;      /* at most this many (0 = all) */
} HashiyaQueueQuery;

typedef struct
{
  gint64     doc_id;
  char      *source;          /* the document's source name */
  int        comment_index;   /* 1..n */
  int        parent_index;    /* 0 = none */
  guint      segment_index;   /* 0-based in the document's segments */
  gint64     start, end;      /* code points in the document */
  char      *text;            /* the comment's text */
  GPtrArray *judgements;      /* HashiyaJudgement* of the comment by everyone, by annotator */
} HashiyaQueueItem;

void hashiya_queue_item_free (HashiyaQueueItem *item);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HashiyaQueueItem, hashiya_queue_item_free)

/* HashiyaQueueItem*, in document then comment order; *total (may be NULL) the number of all
 * matches. where is checked against the project's schema first (HASHIYA_FILTER_ERROR). */
GPtrArray *hashiya_store_query_comments (HashiyaStore *self, const HashiyaQueueQuery *query,
                                         guint *total, GError **error);

/* Whether judgements (HashiyaJudgement*, of one comment) disagree on a field of schema. */
gboolean   hashiya_judgements_disagree  (const HashiyaJudgementSchema *schema,
                                         GPtrArray *judgements);

G_END_DECLS
