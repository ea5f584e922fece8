/* hashiya-adjudicate.c: finding disagreements and writing decisions into a gold layer
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "hashiya-adjudicate.h"

#include <inttypes.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#define AUTO_DECIDER "auto"
#define GOLD_ORIGIN "adjudication"

static void
version_free (gpointer data)
{
  HashiyaVersion *v = data;

  g_free (v->annotator);
  g_clear_pointer (&v->spans, g_ptr_array_unref);
  g_clear_pointer (&v->judgement, hashiya_judgement_free);
  g_free (v);
}

void
hashiya_disagreement_free (HashiyaDisagreement *d)
{
  if (d == NULL)
    return;
  g_clear_pointer (&d->versions, g_ptr_array_unref);
  g_clear_pointer (&d->resolution, hashiya_provenance_free);
  g_free (d);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static gboolean
contains (GPtrArray  *names,
          const char *name)
{
  for (guint i = 0; i < names->len; i++)
    if (g_str_equal (g_ptr_array_index (names, i), name))
      return TRUE;
  return FALSE;
}

GPtrArray *
hashiya_adjudication_default_annotators (HashiyaStore  *store,
                                         const char    *layer,
                                         GError       **error)
{
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) layers = NULL;
  GPtrArray *names;

  g_return_val_if_fail (HASHIYA_IS_STORE (store), NULL);

  if ((all = hashiya_store_list_annotators (store, error)) == NULL
      || (layers = hashiya_store_list_layers (store, error)) == NULL)
    return NULL;
  names = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < all->len; i++)
    {
      const char *name = g_ptr_array_index (all, i);

      if (!contains (layers, name) && g_strcmp0 (name, layer) != 0)
        g_ptr_array_add (names, g_strdup (name));
    }
  g_ptr_array_sort (names, compare_strings);
  return names;
}

static GPtrArray *
resolve_annotators (HashiyaStore        *store,
                    const char          *layer,
                    const char * const  *annotators,
                    GError             **error)
{
  g_autoptr(GPtrArray) names = NULL;

  if (annotators != NULL)
    {
      names = g_ptr_array_new_with_free_func (g_free);
      for (guint i = 0; annotators[i] != NULL; i++)
        {
          if (g_strcmp0 (annotators[i], layer) == 0)
            {
              g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_INVALID,
                           _("“%s” is the adjudication layer, it cannot be one of the "
                             "compared annotators"), layer);
              return NULL;
            }
          if (!contains (names, annotators[i]))
            g_ptr_array_add (names, g_strdup (annotators[i]));
        }
      g_ptr_array_sort (names, compare_strings);
    }
  else if ((names = hashiya_adjudication_default_annotators (store, layer, error)) == NULL)
    return NULL;

  if (names->len < 2)
    {
      g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_INVALID,
                   _("adjudication needs at least two annotators with work in %s (found %u)"),
                   hashiya_store_get_path (store), names->len);
      return NULL;
    }
  return g_steal_pointer (&names);
}

static int
annotator_index (GPtrArray  *names,
                 const char *name)
{
  for (guint i = 0; i < names->len; i++)
    if (g_str_equal (g_ptr_array_index (names, i), name))
      return i;
  return -1;
}

static gboolean
same_spans (GPtrArray *a,
            GPtrArray *b)
{
  if (a->len != b->len)
    return FALSE;
  /* both come in the store's order (start, end desc, id): compare as sorted sets */
  for (guint i = 0; i < a->len; i++)
    {
      gboolean found = FALSE;
      HashiyaSpan *sa = g_ptr_array_index (a, i);

      for (guint j = 0; j < b->len && !found; j++)
        {
          HashiyaSpan *sb = g_ptr_array_index (b, j);
          found = sa->start == sb->start && sa->end == sb->end && g_str_equal (sa->label, sb->label);
        }
      if (!found)
        return FALSE;
    }
  return TRUE;
}

static gboolean
same_fields (const HashiyaJudgement *a,
             const HashiyaJudgement *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return a->sentiment == b->sentiment && a->offensive == b->offensive
    && a->hate_speech == b->hate_speech && a->decision == b->decision;
}

static gboolean
is_agreed (const HashiyaDisagreement *d)
{
  HashiyaVersion *first = g_ptr_array_index (d->versions, 0);

  for (guint i = 1; i < d->versions->len; i++)
    {
      HashiyaVersion *v = g_ptr_array_index (d->versions, i);

      if (d->kind == HASHIYA_DISAGREEMENT_SPANS ? !same_spans (first->spans, v->spans)
                                                : !same_fields (first->judgement, v->judgement))
        return FALSE;
    }
  return d->kind == HASHIYA_DISAGREEMENT_SPANS || first->judgement != NULL;
}

static HashiyaDisagreement *
new_item (HashiyaDisagreementKind  kind,
          gint64                   doc_id,
          GPtrArray               *names)
{
  HashiyaDisagreement *d = g_new0 (HashiyaDisagreement, 1);

  d->kind = kind;
  d->doc_id = doc_id;
  d->versions = g_ptr_array_new_with_free_func (version_free);
  for (guint i = 0; i < names->len; i++)
    {
      HashiyaVersion *v = g_new0 (HashiyaVersion, 1);

      v->annotator = g_strdup (g_ptr_array_index (names, i));
      if (kind == HASHIYA_DISAGREEMENT_SPANS)
        v->spans = g_ptr_array_new_with_free_func ((GDestroyNotify) hashiya_span_free);
      g_ptr_array_add (d->versions, v);
    }
  return d;
}

static int
compare_items (gconstpointer a,
               gconstpointer b)
{
  const HashiyaDisagreement *da = *(HashiyaDisagreement * const *) a;
  const HashiyaDisagreement *db = *(HashiyaDisagreement * const *) b;

  if (da->start != db->start)
    return da->start < db->start ? -1 : 1;
  if (da->kind != db->kind)
    return da->kind == HASHIYA_DISAGREEMENT_SPANS ? -1 : 1;
  return 0;
}

/* Every item (agreed or not) of a document, in text order. */
static GPtrArray *
list_items (HashiyaStore  *store,
            gint64         doc_id,
            const char    *layer,
            GPtrArray     *names,
            GError       **error)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) hashiya_disagreement_free);
  g_autoptr(GPtrArray) spans = hashiya_store_list_spans (store, doc_id, error);
  g_autoptr(GPtrArray) judgements = NULL;
  g_autoptr(GArray) segments = NULL;
  g_autoptr(GPtrArray) decisions = NULL;
  HashiyaDisagreement *region = NULL;

  if (spans == NULL
      || (judgements = hashiya_store_list_judgements (store, doc_id, error)) == NULL
      || (segments = hashiya_store_get_segments (store, doc_id, error)) == NULL
      || (decisions = hashiya_store_list_provenance (store, doc_id, layer, error)) == NULL)
    return NULL;

  /* spans come ordered by start: a sweep groups overlapping ones */
  for (guint i = 0; i < spans->len; i++)
    {
      HashiyaSpan *span = g_ptr_array_index (spans, i);
      int who = annotator_index (names, span->annotator);
      HashiyaVersion *v;

      if (who < 0)
        continue;
      if (region == NULL || span->start >= region->end)
        {
          region = new_item (HASHIYA_DISAGREEMENT_SPANS, doc_id, names);
          region->start = span->start;
          region->end = span->end;
          g_ptr_array_add (items, region);
        }
      region->end = MAX (region->end, span->end);
      v = g_ptr_array_index (region->versions, who);
      g_ptr_array_add (v->spans, hashiya_span_copy (span));
    }

  for (guint i = 0; i < judgements->len; i++)
    {
      HashiyaJudgement *j = g_ptr_array_index (judgements, i);
      int who = annotator_index (names, j->annotator);
      HashiyaDisagreement *item = items->len > 0 ? g_ptr_array_index (items, items->len - 1) : NULL;
      HashiyaVersion *v;

      if (who < 0)
        continue;
      if (item == NULL || item->kind != HASHIYA_DISAGREEMENT_COMMENT
          || item->comment_index != j->comment_index)
        {
          item = new_item (HASHIYA_DISAGREEMENT_COMMENT, doc_id, names);
          item->comment_index = j->comment_index;
          for (guint s = 0; s < segments->len; s++)
            {
              HashiyaSegment *seg = &g_array_index (segments, HashiyaSegment, s);

              if (seg->comment_index == j->comment_index)
                {
                  item->start = seg->start;
                  item->end = seg->end;
                }
            }
          g_ptr_array_add (items, item);
        }
      v = g_ptr_array_index (item->versions, who);
      v->judgement = hashiya_judgement_copy (j);
    }
  g_ptr_array_sort (items, compare_items);

  for (guint i = 0; i < items->len; i++)
    {
      HashiyaDisagreement *d = g_ptr_array_index (items, i);

      for (guint k = 0; k < decisions->len; k++)
        {
          HashiyaProvenance *p = g_ptr_array_index (decisions, k);

          if (d->kind == HASHIYA_DISAGREEMENT_COMMENT ? p->comment_index == d->comment_index
              : (p->comment_index == 0 && p->start == d->start && p->end == d->end))
            {
              d->resolution = hashiya_provenance_copy (p);
              break;
            }
        }
    }
  return g_steal_pointer (&items);
}

GPtrArray *
hashiya_adjudication_list (HashiyaStore        *store,
                           gint64               doc_id,
                           const char          *layer,
                           const char * const  *annotators,
                           GError             **error)
{
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GPtrArray) items = NULL;
  GPtrArray *out;

  g_return_val_if_fail (HASHIYA_IS_STORE (store), NULL);
  if (layer == NULL)
    layer = HASHIYA_DEFAULT_LAYER;

  if ((names = resolve_annotators (store, layer, annotators, error)) == NULL
      || (items = list_items (store, doc_id, layer, names, error)) == NULL)
    return NULL;
  out = g_ptr_array_new_with_free_func ((GDestroyNotify) hashiya_disagreement_free);
  for (guint i = 0; i < items->len; i++)
    if (!is_agreed (g_ptr_array_index (items, i)))
      g_ptr_array_add (out, g_ptr_array_steal_index (items, i--));
  return out;
}

static gboolean
for_documents (HashiyaStore  *store,
               gint64         doc_id,
               GArray        *ids,
               GError       **error)
{
  if (doc_id != 0)
    {
      g_autoptr(HashiyaDocument) doc = hashiya_store_get_document (store, doc_id, error);

      if (doc == NULL)
        return FALSE;
      g_array_append_val (ids, doc_id);
    }
  else
    {
      g_autoptr(GPtrArray) docs = hashiya_store_list_documents (store, error);

      if (docs == NULL)
        return FALSE;
      for (guint i = 0; i < docs->len; i++)
        g_array_append_val (ids, ((HashiyaDocument *) g_ptr_array_index (docs, i))->id);
    }
  return TRUE;
}

gboolean
hashiya_adjudication_count (HashiyaStore        *store,
                            gint64               doc_id,
                            const char          *layer,
                            const char * const  *annotators,
                            guint               *n_total,
                            guint               *n_resolved,
                            GError             **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint total = 0, resolved = 0;

  g_return_val_if_fail (HASHIYA_IS_STORE (store), FALSE);

  if (!for_documents (store, doc_id, ids, error))
    return FALSE;
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(GPtrArray) list = hashiya_adjudication_list (store, g_array_index (ids, gint64, i),
                                                             layer, annotators, error);
      if (list == NULL)
        return FALSE;
      total += list->len;
      for (guint k = 0; k < list->len; k++)
        resolved += ((HashiyaDisagreement *) g_ptr_array_index (list, k))->resolution != NULL;
    }
  if (n_total != NULL)
    *n_total = total;
  if (n_resolved != NULL)
    *n_resolved = resolved;
  return TRUE;
}

/* ---- writing decisions ---------------------------------------------------------- */

struct _HashiyaAdjudicationUndo
{
  gint64             doc_id;
  char              *layer;
  gint64             start;
  gint64             end;
  int                comment_index;
  HashiyaProvenance *previous;          /* the row before, or NULL */
  GPtrArray         *removed_spans;     /* HashiyaSpan*: the layer's spans removed */
  GArray            *added_span_ids;    /* gint64 */
  HashiyaJudgement  *previous_judgement;
  gboolean           judgement_touched;
};

void
hashiya_adjudication_undo_free (HashiyaAdjudicationUndo *undo)
{
  if (undo == NULL)
    return;
  g_free (undo->layer);
  g_clear_pointer (&undo->previous, hashiya_provenance_free);
  g_clear_pointer (&undo->removed_spans, g_ptr_array_unref);
  g_clear_pointer (&undo->added_span_ids, g_array_unref);
  g_clear_pointer (&undo->previous_judgement, hashiya_judgement_free);
  g_free (undo);
}

static HashiyaAdjudicationUndo *
undo_new (const HashiyaDisagreement *d,
          const char                *layer)
{
  HashiyaAdjudicationUndo *undo = g_new0 (HashiyaAdjudicationUndo, 1);

  undo->doc_id = d->doc_id;
  undo->layer = g_strdup (layer);
  if (d->kind == HASHIYA_DISAGREEMENT_SPANS)
    {
      undo->start = d->start;
      undo->end = d->end;
    }
  else
    undo->comment_index = d->comment_index;
  undo->removed_spans = g_ptr_array_new_with_free_func ((GDestroyNotify) hashiya_span_free);
  undo->added_span_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  return undo;
}

/* The layer's spans inside [start, end). */
static GPtrArray *
layer_spans (HashiyaStore  *store,
             gint64         doc_id,
             const char    *layer,
             gint64         start,
             gint64         end,
             GError       **error)
{
  g_autoptr(GPtrArray) spans = hashiya_store_list_spans (store, doc_id, error);
  GPtrArray *out;

  if (spans == NULL)
    return NULL;
  out = g_ptr_array_new_with_free_func ((GDestroyNotify) hashiya_span_free);
  for (guint i = 0; i < spans->len; i++)
    {
      HashiyaSpan *span = g_ptr_array_index (spans, i);

      if (g_str_equal (span->annotator, layer) && span->start >= start && span->end <= end)
        g_ptr_array_add (out, hashiya_span_copy (span));
    }
  return out;
}

static char **
agreed_with_spans (const HashiyaDisagreement *d,
                   GPtrArray                 *gold)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  for (guint i = 0; i < d->versions->len; i++)
    {
      HashiyaVersion *v = g_ptr_array_index (d->versions, i);

      if (same_spans (v->spans, gold))
        g_ptr_array_add (names, g_strdup (v->annotator));
    }
  g_ptr_array_add (names, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&names), FALSE);
}

static char **
agreed_with_judgement (const HashiyaDisagreement *d,
                       const HashiyaJudgement    *gold)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  for (guint i = 0; i < d->versions->len; i++)
    {
      HashiyaVersion *v = g_ptr_array_index (d->versions, i);

      if (same_fields (v->judgement, gold))
        g_ptr_array_add (names, g_strdup (v->annotator));
    }
  g_ptr_array_add (names, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&names), FALSE);
}

static HashiyaVersion *
find_version (const HashiyaDisagreement  *d,
              const char                 *annotator,
              GError                    **error)
{
  for (guint i = 0; i < d->versions->len; i++)
    {
      HashiyaVersion *v = g_ptr_array_index (d->versions, i);

      if (g_str_equal (v->annotator, annotator))
        return v;
    }
  g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_NOT_FOUND,
               _("annotator “%s” is not one of the versions of this disagreement"), annotator);
  return NULL;
}

/* Inside a transaction: records the previous row and writes the new one. */
static gboolean
write_provenance (HashiyaStore               *store,
                  const HashiyaDisagreement  *d,
                  HashiyaAdjudicationUndo    *undo,
                  HashiyaAdjudicationChoice   choice,
                  const char                 *chosen,
                  char                      **agreed,
                  const char                 *decided_by,
                  GError                    **error)
{
  HashiyaProvenance p = { 0 };
  g_autoptr(GPtrArray) rows = hashiya_store_list_provenance (store, d->doc_id, undo->layer, error);

  if (rows == NULL)
    return FALSE;
  for (guint i = 0; i < rows->len; i++)
    {
      HashiyaProvenance *row = g_ptr_array_index (rows, i);

      if (row->start == undo->start && row->end == undo->end
          && row->comment_index == undo->comment_index)
        undo->previous = hashiya_provenance_copy (row);
    }
  p.doc_id = d->doc_id;
  p.layer = undo->layer;
  p.start = undo->start;
  p.end = undo->end;
  p.comment_index = undo->comment_index;
  p.choice = choice;
  p.chosen = (char *) chosen;
  p.agreed = agreed;
  p.decided_by = (char *) (decided_by != NULL ? decided_by : g_get_user_name ());
  return hashiya_store_set_provenance (store, &p, error);
}

static gboolean
replace_layer_spans (HashiyaStore               *store,
                     const HashiyaDisagreement  *d,
                     HashiyaAdjudicationUndo    *undo,
                     GPtrArray                  *new_spans,
                     GError                    **error)
{
  g_autoptr(GPtrArray) old = layer_spans (store, d->doc_id, undo->layer, d->start, d->end, error);

  if (old == NULL)
    return FALSE;
  for (guint i = 0; i < old->len; i++)
    {
      HashiyaSpan *span = g_ptr_array_index (old, i);

      if (!hashiya_store_remove_span (store, span->id, error))
        return FALSE;
      g_ptr_array_add (undo->removed_spans, hashiya_span_copy (span));
    }
  for (guint i = 0; new_spans != NULL && i < new_spans->len; i++)
    {
      HashiyaSpan *span = g_ptr_array_index (new_spans, i);
      gint64 id = hashiya_store_add_span (store, d->doc_id, span->start, span->end, span->label,
                                         undo->layer, GOLD_ORIGIN, error);
      if (id == 0)
        return FALSE;
      g_array_append_val (undo->added_span_ids, id);
    }
  return TRUE;
}

static gboolean
replace_layer_judgement (HashiyaStore               *store,
                         const HashiyaDisagreement  *d,
                         HashiyaAdjudicationUndo    *undo,
                         const HashiyaJudgement     *chosen,
                         GError                    **error)
{
  g_autoptr(GError) local = NULL;

  undo->previous_judgement = hashiya_store_get_judgement (store, d->doc_id, d->comment_index,
                                                          undo->layer, &local);
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  undo->judgement_touched = TRUE;
  if (chosen == NULL)
    return undo->previous_judgement == NULL
      || hashiya_store_clear_judgement (store, d->doc_id, d->comment_index, undo->layer, error);
  {
    HashiyaJudgement j = *chosen;

    j.doc_id = d->doc_id;
    j.comment_index = d->comment_index;
    j.annotator = undo->layer;
    j.note = NULL;
    return hashiya_store_set_judgement (store, &j, error);
  }
}

HashiyaAdjudicationUndo *
hashiya_adjudication_accept (HashiyaStore               *store,
                             const HashiyaDisagreement  *d,
                             const char                 *layer,
                             const char                 *annotator,
                             const char                 *decided_by,
                             GError                    **error)
{
  g_autoptr(HashiyaAdjudicationUndo) undo = NULL;
  g_auto(GStrv) agreed = NULL;
  HashiyaVersion *v = NULL;
  gboolean ok;

  g_return_val_if_fail (HASHIYA_IS_STORE (store), NULL);
  g_return_val_if_fail (d != NULL, NULL);
  if (layer == NULL)
    layer = HASHIYA_DEFAULT_LAYER;

  if (annotator != NULL && (v = find_version (d, annotator, error)) == NULL)
    return NULL;
  undo = undo_new (d, layer);

  if (!hashiya_store_begin (store, error))
    return NULL;
  if (d->kind == HASHIYA_DISAGREEMENT_SPANS)
    {
      g_autoptr(GPtrArray) none = g_ptr_array_new ();

      agreed = agreed_with_spans (d, v != NULL ? v->spans : none);
      ok = replace_layer_spans (store, d, undo, v != NULL ? v->spans : NULL, error);
    }
  else
    {
      agreed = agreed_with_judgement (d, v != NULL ? v->judgement : NULL);
      ok = replace_layer_judgement (store, d, undo, v != NULL ? v->judgement : NULL, error);
    }
  ok = ok && write_provenance (store, d, undo,
                               annotator != NULL ? HASHIYA_ADJUDICATION_ACCEPT
                                                 : HASHIYA_ADJUDICATION_NONE,
                               annotator, agreed, decided_by, error);
  if (!ok)
    {
      hashiya_store_rollback (store);
      return NULL;
    }
  if (!hashiya_store_commit (store, error))
    return NULL;
  return g_steal_pointer (&undo);
}

HashiyaAdjudicationUndo *
hashiya_adjudication_mark_edited (HashiyaStore               *store,
                                  const HashiyaDisagreement  *d,
                                  const char                 *layer,
                                  const char                 *decided_by,
                                  GError                    **error)
{
  g_autoptr(HashiyaAdjudicationUndo) undo = NULL;
  g_auto(GStrv) agreed = NULL;
  gboolean ok;

  g_return_val_if_fail (HASHIYA_IS_STORE (store), NULL);
  g_return_val_if_fail (d != NULL, NULL);
  if (layer == NULL)
    layer = HASHIYA_DEFAULT_LAYER;
  undo = undo_new (d, layer);

  if (!hashiya_store_begin (store, error))
    return NULL;
  if (d->kind == HASHIYA_DISAGREEMENT_SPANS)
    {
      g_autoptr(GPtrArray) gold = layer_spans (store, d->doc_id, layer, d->start, d->end, error);

      ok = gold != NULL;
      if (ok)
        agreed = agreed_with_spans (d, gold);
    }
  else
    {
      g_autoptr(GError) local = NULL;
      g_autoptr(HashiyaJudgement) gold = hashiya_store_get_judgement (store, d->doc_id,
                                                                      d->comment_index, layer,
                                                                      &local);
      ok = local == NULL;
      if (ok)
        agreed = agreed_with_judgement (d, gold);
      else
        g_propagate_error (error, g_steal_pointer (&local));
    }
  ok = ok && write_provenance (store, d, undo, HASHIYA_ADJUDICATION_EDITED, NULL, agreed,
                               decided_by, error);
  if (!ok)
    {
      hashiya_store_rollback (store);
      return NULL;
    }
  if (!hashiya_store_commit (store, error))
    return NULL;
  return g_steal_pointer (&undo);
}

HashiyaAdjudicationUndo *
hashiya_adjudication_write_version (HashiyaStore               *store,
                                    const HashiyaDisagreement  *d,
                                    const char                 *layer,
                                    GPtrArray                  *spans,
                                    const HashiyaJudgement     *judgement,
                                    const char                 *decided_by,
                                    GError                    **error)
{
  g_autoptr(HashiyaAdjudicationUndo) undo = NULL;
  g_autoptr(GPtrArray) none = g_ptr_array_new ();
  g_auto(GStrv) agreed = NULL;
  gboolean ok;

  g_return_val_if_fail (HASHIYA_IS_STORE (store), NULL);
  g_return_val_if_fail (d != NULL, NULL);
  if (layer == NULL)
    layer = HASHIYA_DEFAULT_LAYER;

  for (guint i = 0; d->kind == HASHIYA_DISAGREEMENT_SPANS && spans != NULL && i < spans->len; i++)
    {
      HashiyaSpan *span = g_ptr_array_index (spans, i);

      if (span->start < d->start || span->end > d->end)
        {
          g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_INVALID,
                       _("span %" PRId64 "-%" PRId64 " is outside the disagreement %"
                         PRId64 "-%" PRId64), span->start, span->end, d->start, d->end);
          return NULL;
        }
    }
  undo = undo_new (d, layer);
  if (!hashiya_store_begin (store, error))
    return NULL;
  if (d->kind == HASHIYA_DISAGREEMENT_SPANS)
    {
      agreed = agreed_with_spans (d, spans != NULL ? spans : none);
      ok = replace_layer_spans (store, d, undo, spans, error);
    }
  else
    {
      agreed = agreed_with_judgement (d, judgement);
      ok = replace_layer_judgement (store, d, undo, judgement, error);
    }
  ok = ok && write_provenance (store, d, undo, HASHIYA_ADJUDICATION_EDITED, NULL, agreed,
                               decided_by, error);
  if (!ok)
    {
      hashiya_store_rollback (store);
      return NULL;
    }
  if (!hashiya_store_commit (store, error))
    return NULL;
  return g_steal_pointer (&undo);
}

gboolean
hashiya_adjudication_undo (HashiyaStore             *store,
                           HashiyaAdjudicationUndo  *undo,
                           GError                  **error)
{
  gboolean ok = TRUE;

  g_return_val_if_fail (HASHIYA_IS_STORE (store), FALSE);
  g_return_val_if_fail (undo != NULL, FALSE);

  if (!hashiya_store_begin (store, error))
    return FALSE;
  for (guint i = 0; ok && i < undo->added_span_ids->len; i++)
    ok = hashiya_store_remove_span (store, g_array_index (undo->added_span_ids, gint64, i), error);
  for (guint i = 0; ok && i < undo->removed_spans->len; i++)
    ok = hashiya_store_restore_span (store, g_ptr_array_index (undo->removed_spans, i), error);
  if (ok && undo->judgement_touched)
    {
      if (undo->previous_judgement != NULL)
        ok = hashiya_store_set_judgement (store, undo->previous_judgement, error);
      else
        ok = hashiya_store_clear_judgement (store, undo->doc_id, undo->comment_index,
                                            undo->layer, error);
    }
  if (ok)
    {
      if (undo->previous != NULL)
        ok = hashiya_store_set_provenance (store, undo->previous, error);
      else
        ok = hashiya_store_remove_provenance (store, undo->doc_id, undo->layer, undo->start,
                                              undo->end, undo->comment_index, error);
    }
  if (!ok)
    {
      hashiya_store_rollback (store);
      return FALSE;
    }
  return hashiya_store_commit (store, error);
}

/* ---- --auto-agreed ------------------------------------------------------------------ */

static gboolean
auto_document (HashiyaStore       *store,
               gint64              doc_id,
               const char         *layer,
               GPtrArray          *names,
               HashiyaAutoResult  *result,
               GError            **error)
{
  g_autoptr(GPtrArray) items = list_items (store, doc_id, layer, names, error);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) all = NULL;

  if (items == NULL)
    return FALSE;
  for (guint i = 0; i < names->len; i++)
    g_strv_builder_add (builder, g_ptr_array_index (names, i));
  all = g_strv_builder_end (builder);
  for (guint i = 0; i < items->len; i++)
    {
      HashiyaDisagreement *d = g_ptr_array_index (items, i);
      HashiyaVersion *first = g_ptr_array_index (d->versions, 0);
      HashiyaProvenance p = { 0 };

      if (d->resolution != NULL || !is_agreed (d))
        continue;

      if (d->kind == HASHIYA_DISAGREEMENT_SPANS)
        {
          g_autoptr(GPtrArray) existing = layer_spans (store, doc_id, layer, d->start, d->end, error);

          if (existing == NULL)
            return FALSE;
          for (guint k = 0; k < first->spans->len; k++)
            {
              HashiyaSpan *span = g_ptr_array_index (first->spans, k);
              gboolean have = FALSE;

              for (guint e = 0; e < existing->len && !have; e++)
                {
                  HashiyaSpan *x = g_ptr_array_index (existing, e);
                  have = x->start == span->start && x->end == span->end
                    && g_str_equal (x->label, span->label);
                }
              if (have)
                continue;
              if (hashiya_store_add_span (store, doc_id, span->start, span->end, span->label,
                                          layer, GOLD_ORIGIN, error) == 0)
                return FALSE;
              result->spans++;
            }
          p.start = d->start;
          p.end = d->end;
          result->regions++;
        }
      else
        {
          HashiyaJudgement j = *first->judgement;

          j.annotator = (char *) layer;
          j.note = NULL;
          if (!hashiya_store_set_judgement (store, &j, error))
            return FALSE;
          p.comment_index = d->comment_index;
          result->judgements++;
        }
      p.doc_id = doc_id;
      p.layer = (char *) layer;
      p.choice = HASHIYA_ADJUDICATION_AUTO;
      p.agreed = all;
      p.decided_by = (char *) AUTO_DECIDER;
      if (!hashiya_store_set_provenance (store, &p, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
hashiya_adjudication_auto_agreed (HashiyaStore        *store,
                                  gint64               doc_id,
                                  const char          *layer,
                                  const char * const  *annotators,
                                  HashiyaAutoResult   *result,
                                  GError             **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) names = NULL;
  HashiyaAutoResult local = { 0 };
  gboolean ok = TRUE;

  g_return_val_if_fail (HASHIYA_IS_STORE (store), FALSE);
  if (layer == NULL)
    layer = HASHIYA_DEFAULT_LAYER;
  if (result == NULL)
    result = &local;
  memset (result, 0, sizeof *result);

  if ((names = resolve_annotators (store, layer, annotators, error)) == NULL
      || !for_documents (store, doc_id, ids, error))
    return FALSE;
  if (!hashiya_store_begin (store, error))
    return FALSE;
  for (guint i = 0; ok && i < ids->len; i++)
    ok = auto_document (store, g_array_index (ids, gint64, i), layer, names, result, error);
  if (!ok)
    {
      hashiya_store_rollback (store);
      memset (result, 0, sizeof *result);
      return FALSE;
    }
  return hashiya_store_commit (store, error);
}
