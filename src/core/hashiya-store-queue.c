/* hashiya-store-queue.c: the review queue over every comment of the corpus
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "hashiya-store-queue.h"
#include "hashiya-store-schema.h"

#include <glib/gi18n-lib.h>

static const char * const state_names[] = { "all", "unjudged", "mine", "others", "disagreements" };

const char *
hashiya_queue_state_to_string (HashiyaQueueState state)
{
  if ((int) state < 0 || (gsize) state >= G_N_ELEMENTS (state_names))
    return NULL;
  return state_names[state];
}

gboolean
hashiya_queue_state_from_string (const char        *str,
                                 HashiyaQueueState *state)
{
  for (gsize i = 0; str != NULL && i < G_N_ELEMENTS (state_names); i++)
    if (g_ascii_strcasecmp (str, state_names[i]) == 0)
      {
        if (state)
          *state = i;
        return TRUE;
      }
  return FALSE;
}

void
hashiya_queue_item_free (HashiyaQueueItem *item)
{
  if (item == NULL)
    return;
  g_free (item->source);
  g_free (item->text);
  g_clear_pointer (&item->judgements, g_ptr_array_unref);
  g_free (item);
}

gboolean
hashiya_judgements_disagree (const HashiyaJudgementSchema *schema,
                             GPtrArray                    *judgements)
{
  if (judgements == NULL || judgements->len < 2)
    return FALSE;
  for (guint f = 0; f < schema->fields->len; f++)
    {
      const char *name = ((HashiyaField *) g_ptr_array_index (schema->fields, f))->name;
      const char *first = hashiya_judgement_get_value (g_ptr_array_index (judgements, 0), name);

      for (guint i = 1; i < judgements->len; i++)
        if (g_strcmp0 (first, hashiya_judgement_get_value (g_ptr_array_index (judgements, i),
                                                           name)) != 0)
          return TRUE;
    }
  return FALSE;
}

/* Whether the comment (its judgements) passes query. */
static gboolean
comment_passes (const HashiyaQueueQuery      *query,
                const char                   *me,
                const HashiyaJudgementSchema *schema,
                GPtrArray                    *judgements)
{
  gboolean mine = FALSE, others = FALSE, tested = FALSE;

  for (guint i = 0; i < judgements->len; i++)
    {
      const HashiyaJudgement *j = g_ptr_array_index (judgements, i);
      if (g_strcmp0 (j->annotator, me) == 0)
        mine = TRUE;
      else
        others = TRUE;
    }
  switch (query->state)
    {
    case HASHIYA_QUEUE_UNJUDGED:
      if (judgements->len > 0)
        return FALSE;
      break;
    case HASHIYA_QUEUE_MINE:
      if (!mine)
        return FALSE;
      break;
    case HASHIYA_QUEUE_OTHERS:
      if (!others)
        return FALSE;
      break;
    case HASHIYA_QUEUE_DISAGREEMENTS:
      if (!hashiya_judgements_disagree (schema, judgements))
        return FALSE;
      break;
    case HASHIYA_QUEUE_ALL:
    default:
      break;
    }
  if (query->where == NULL)
    return TRUE;
  for (guint i = 0; i < judgements->len; i++)
    {
      const HashiyaJudgement *j = g_ptr_array_index (judgements, i);
      gboolean is_mine = g_strcmp0 (j->annotator, me) == 0;

      if ((query->state == HASHIYA_QUEUE_MINE && !is_mine)
          || (query->state == HASHIYA_QUEUE_OTHERS && is_mine))
        continue;
      tested = TRUE;
      if (hashiya_judgement_filter_matches (query->where, j))
        return TRUE;
    }
  return !tested && hashiya_judgement_filter_matches (query->where, NULL);
}

GPtrArray *
hashiya_store_query_comments (HashiyaStore             *self,
                              const HashiyaQueueQuery  *query,
                              guint                    *total,
                              GError                  **error)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) hashiya_queue_item_free);
  g_autoptr(GPtrArray) docs = NULL;
  g_autoptr(HashiyaJudgementSchema) schema = NULL;
  const char *me;
  guint n = 0;

  g_return_val_if_fail (HASHIYA_IS_STORE (self), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  me = query->annotator != NULL ? query->annotator : g_get_user_name ();
  /* no transaction: the store's write transactions take the write lock, and a listing
   * should neither wait for nor block a writer (each document is read whole, with its
   * segments and judgements, by one call each) */
  schema = hashiya_store_get_judgement_schema (self, error);
  if (schema == NULL)
    goto fail;
  if (query->where != NULL && !hashiya_judgement_filter_check (query->where, schema, error))
    goto fail;
  docs = hashiya_store_list_documents (self, error);
  if (docs == NULL)
    goto fail;
  for (guint d = 0; d < docs->len; d++)
    {
      const HashiyaDocument *doc = g_ptr_array_index (docs, d);
      g_autoptr(GArray) segs = NULL;
      g_autoptr(GPtrArray) judgements = NULL;
      g_autoptr(HashiyaText) text = NULL;
      guint next = 0;

      if (doc->n_comments == 0)
        continue;
      segs = hashiya_store_get_segments (self, doc->id, error);
      judgements = segs ? hashiya_store_list_judgements (self, doc->id, error) : NULL;
      if (judgements == NULL)
        goto fail;
      for (guint s = 0; s < segs->len; s++)
        {
          const HashiyaSegment *seg = &g_array_index (segs, HashiyaSegment, s);
          g_autoptr(GPtrArray) mine = NULL;
          HashiyaQueueItem *item;

          if (seg->comment_index <= 0)
            continue;
          /* judgements are sorted by comment, then annotator */
          mine = g_ptr_array_new_with_free_func ((GDestroyNotify) hashiya_judgement_free);
          while (next < judgements->len
                 && ((HashiyaJudgement *) g_ptr_array_index (judgements, next))->comment_index < seg->comment_index)
            next++;
          for (guint k = next; k < judgements->len; k++)
            {
              HashiyaJudgement *j = g_ptr_array_index (judgements, k);
              if (j->comment_index != seg->comment_index)
                break;
              g_ptr_array_add (mine, hashiya_judgement_copy (j));
            }
          if (!comment_passes (query, me, schema, mine))
            continue;
          n++;
          if (n <= query->offset || (query->limit > 0 && items->len >= query->limit))
            continue;
          if (text == NULL && (text = hashiya_store_get_text (self, doc->id, error)) == NULL)
            goto fail;
          item = g_new0 (HashiyaQueueItem, 1);
          item->doc_id = doc->id;
          item->source = g_strdup (doc->source);
          item->comment_index = seg->comment_index;
          item->parent_index = seg->parent_index;
          item->segment_index = s;
          item->start = seg->start;
          item->end = seg->end;
          item->text = hashiya_text_slice (text, seg->start, seg->end);
          item->judgements = g_steal_pointer (&mine);
          g_ptr_array_add (items, item);
        }
    }
  if (total)
    *total = n;
  return g_steal_pointer (&items);

fail:
  return NULL;
}
