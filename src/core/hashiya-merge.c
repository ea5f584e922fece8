/* hashiya-merge.c: merging project files (rules in the header)
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "hashiya-merge.h"
#include "hashiya-store-schema.h"

#include <inttypes.h>
#include <string.h>
#include <glib/gi18n-lib.h>

G_DEFINE_QUARK (hashiya-merge-error-quark, hashiya_merge_error)

typedef struct
{
  HashiyaStore              *target;
  HashiyaStore              *source;
  const HashiyaMergeOptions *options;
  HashiyaMergeResult        *result;
} Merge;

static const char *
renamed (const Merge *m,
         const char  *name)
{
  const char *to = NULL;

  if (m->options != NULL && m->options->renames != NULL)
    to = g_hash_table_lookup (m->options->renames, name);
  return to != NULL ? to : name;
}

static gboolean
merge_labels (Merge   *m,
              GError **error)
{
  g_autoptr(GPtrArray) source_labels = hashiya_store_list_labels (m->source, error);
  g_autoptr(GPtrArray) target_labels = NULL;
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) keys = g_hash_table_new (g_str_hash, g_str_equal);

  if (source_labels == NULL
      || (target_labels = hashiya_store_list_labels (m->target, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < target_labels->len; i++)
    {
      HashiyaLabel *label = g_ptr_array_index (target_labels, i);

      g_hash_table_add (names, label->name);
      if (label->key != NULL)
        g_hash_table_add (keys, label->key);
    }
  for (guint i = 0; i < source_labels->len; i++)
    {
      HashiyaLabel *label = g_ptr_array_index (source_labels, i);
      const char *key = label->key;

      if (g_hash_table_contains (names, label->name))
        continue;
      if (key != NULL && g_hash_table_contains (keys, key))
        key = NULL;
      if (hashiya_store_add_label (m->target, label->name, label->color, key, error) == 0)
        return FALSE;
      g_hash_table_add (names, label->name);
      if (key != NULL)
        g_hash_table_add (keys, (gpointer) key);
      m->result->labels_added++;
    }
  return TRUE;
}

static gboolean
conflict (GError     **error,
          const Merge *m,
          const char  *format,
          ...) G_GNUC_PRINTF (3, 4);

static gboolean
conflict (GError     **error,
          const Merge *m,
          const char  *format,
          ...)
{
  va_list args;
  g_autofree char *what = NULL;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, HASHIYA_MERGE_ERROR, HASHIYA_MERGE_ERROR_CONFLICT,
               _("cannot merge %s into %s: %s; nothing was written"),
               hashiya_store_get_path (m->source), hashiya_store_get_path (m->target), what);
  return FALSE;
}

/* Checks that a matched document has the same segments, and brings the source's kinds
 * when asked. */
static gboolean
merge_segments (Merge           *m,
                HashiyaDocument *doc,
                gint64           target_id,
                GArray          *source_segments,
                GError         **error)
{
  g_autoptr(GArray) target_segments = hashiya_store_get_segments (m->target, target_id, error);

  if (target_segments == NULL)
    return FALSE;
  if (target_segments->len != source_segments->len)
    return conflict (error, m, _("document %s (sha256 %.12s…) has %u segments in the source "
                                 "and %u in the target"), doc->source, doc->sha256,
                     source_segments->len, target_segments->len);
  for (guint i = 0; i < source_segments->len; i++)
    {
      HashiyaSegment *s = &g_array_index (source_segments, HashiyaSegment, i);
      HashiyaSegment *t = &g_array_index (target_segments, HashiyaSegment, i);

      if (s->start != t->start || s->end != t->end)
        return conflict (error, m, _("segment %u of document %s is %" PRId64 "-%" PRId64
                                     " in the source and %" PRId64 "-%" PRId64 " in the target"),
                         i, doc->source, s->start, s->end, t->start, t->end);
      if (s->kind == t->kind)
        continue;
      if (m->options == NULL || !m->options->take_source_segments)
        return conflict (error, m, _("segment %u of document %s is a %s in the source and a %s "
                                     "in the target (--source-segments takes the source's kinds)"),
                         i, doc->source, hashiya_segment_kind_to_string (s->kind),
                         hashiya_segment_kind_to_string (t->kind));
      if (!hashiya_store_set_segment_kind (m->target, target_id, i, s->kind, error))
        return FALSE;
      m->result->segments_changed++;
    }
  return TRUE;
}

static char *
span_key (const HashiyaSpan *span)
{
  return g_strdup_printf ("%" PRId64 ":%" PRId64 ":%s", span->start, span->end, span->label);
}

/* annotator -> (key -> HashiyaSpan*) */
static GHashTable *
spans_by_annotator (const Merge *m,
                    GPtrArray   *spans,
                    gboolean     rename)
{
  GHashTable *by = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify) g_hash_table_unref);

  for (guint i = 0; i < spans->len; i++)
    {
      HashiyaSpan *span = g_ptr_array_index (spans, i);
      const char *who = rename ? renamed (m, span->annotator) : span->annotator;
      GHashTable *set = g_hash_table_lookup (by, who);

      if (set == NULL)
        {
          set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
          g_hash_table_insert (by, g_strdup (who), set);
        }
      g_hash_table_insert (set, span_key (span), span);
    }
  return by;
}

/* Some key of a that b lacks, or NULL. */
static const char *
missing_key (GHashTable *a,
             GHashTable *b)
{
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, a);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (b, key))
      return key;
  return NULL;
}

static gboolean
merge_spans (Merge           *m,
             HashiyaDocument *doc,
             gint64           target_id,
             GError         **error)
{
  g_autoptr(GPtrArray) source_spans = hashiya_store_list_spans (m->source, doc->id, error);
  g_autoptr(GPtrArray) target_spans = NULL;
  g_autoptr(GHashTable) source_by = NULL;
  g_autoptr(GHashTable) target_by = NULL;
  GHashTableIter iter;
  gpointer key, value;

  if (source_spans == NULL
      || (target_spans = hashiya_store_list_spans (m->target, target_id, error)) == NULL)
    return FALSE;
  source_by = spans_by_annotator (m, source_spans, TRUE);
  target_by = spans_by_annotator (m, target_spans, FALSE);

  /* check every annotator before writing anything of this document */
  g_hash_table_iter_init (&iter, source_by);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      GHashTable *theirs = g_hash_table_lookup (target_by, key);
      const char *only_source, *only_target;

      if (theirs == NULL)
        continue;
      only_source = missing_key (value, theirs);
      only_target = missing_key (theirs, value);
      if (only_source != NULL && only_target != NULL)
        return conflict (error, m, _("annotator “%s” has different spans in document %s in the "
                                     "two files (%s only in the source, %s only in the target); "
                                     "--rename %s=NEW keeps both"),
                         (const char *) key, doc->source, only_source, only_target,
                         (const char *) key);
    }

  g_hash_table_iter_init (&iter, source_by);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      GHashTable *theirs = g_hash_table_lookup (target_by, key);
      GHashTableIter spans;
      gpointer span_key_p, span_p;

      g_hash_table_iter_init (&spans, value);
      while (g_hash_table_iter_next (&spans, &span_key_p, &span_p))
        {
          HashiyaSpan copy = *(HashiyaSpan *) span_p;

          if (theirs != NULL && g_hash_table_contains (theirs, span_key_p))
            continue;
          copy.id = 0;
          copy.doc_id = target_id;
          copy.annotator = key;
          if (!hashiya_store_restore_span (m->target, &copy, error))
            return FALSE;
          m->result->spans_added++;
        }
    }
  return TRUE;
}

static gboolean
same_judgement (const HashiyaJudgement *a,
                const HashiyaJudgement *b)
{
  return hashiya_judgement_same_values (a, b);
}

/* The comment index in the target of the source's comment (by segment position). */
static int
map_comment (GArray *source_segments,
             GArray *target_segments,
             int     comment_index)
{
  for (guint i = 0; i < source_segments->len && i < target_segments->len; i++)
    {
      HashiyaSegment *s = &g_array_index (source_segments, HashiyaSegment, i);

      if (s->comment_index == comment_index)
        return g_array_index (target_segments, HashiyaSegment, i).comment_index;
    }
  return 0;
}

static gboolean
merge_judgements (Merge           *m,
                  HashiyaDocument *doc,
                  gint64           target_id,
                  GArray          *source_segments,
                  GError         **error)
{
  g_autoptr(GPtrArray) judgements = hashiya_store_list_judgements (m->source, doc->id, error);
  g_autoptr(GArray) target_segments = NULL;
  g_autoptr(GPtrArray) todo = g_ptr_array_new_with_free_func ((GDestroyNotify) hashiya_judgement_free);

  if (judgements == NULL
      || (target_segments = hashiya_store_get_segments (m->target, target_id, error)) == NULL)
    return FALSE;

  for (guint i = 0; i < judgements->len; i++)
    {
      HashiyaJudgement *j = g_ptr_array_index (judgements, i);
      g_autoptr(HashiyaJudgement) theirs = NULL;
      g_autoptr(HashiyaJudgement) copy = hashiya_judgement_copy (j);
      g_autoptr(GError) local = NULL;

      g_free (copy->annotator);
      copy->annotator = g_strdup (renamed (m, j->annotator));
      copy->doc_id = target_id;
      copy->comment_index = map_comment (source_segments, target_segments, j->comment_index);
      if (copy->comment_index <= 0)
        return conflict (error, m, _("comment %d of document %s is not a comment in the target"),
                         j->comment_index, doc->source);
      theirs = hashiya_store_get_judgement (m->target, target_id, copy->comment_index,
                                            copy->annotator, &local);
      if (local != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      if (theirs == NULL)
        g_ptr_array_add (todo, g_steal_pointer (&copy));
      else if (!same_judgement (theirs, copy))
        return conflict (error, m, _("annotator “%s” judged comment %d of document %s "
                                     "differently in the two files; --rename %s=NEW keeps both"),
                         copy->annotator, copy->comment_index, doc->source, copy->annotator);
    }
  for (guint i = 0; i < todo->len; i++)
    {
      if (!hashiya_store_set_judgement (m->target, g_ptr_array_index (todo, i), error))
        return FALSE;
      m->result->judgements_added++;
    }
  return TRUE;
}

static gboolean
merge_document (Merge           *m,
                HashiyaDocument *doc,
                GError         **error)
{
  g_autoptr(GArray) segments = hashiya_store_get_segments (m->source, doc->id, error);
  gint64 target_id;

  if (segments == NULL)
    return FALSE;

  target_id = hashiya_store_find_document_by_sha256 (m->target, doc->sha256);
  if (target_id == 0)
    {
      g_autoptr(HashiyaText) text = hashiya_store_read_text (m->source, doc->id, error);
      gsize len = 0;
      const char *utf8;

      if (text == NULL)
        return FALSE;
      utf8 = hashiya_text_get_utf8 (text, &len);
      target_id = hashiya_store_add_document (m->target, doc->source, utf8, len, doc->sha256,
                                              (HashiyaSegment *) segments->data, segments->len,
                                              doc->date, error);
      if (target_id == 0)
        return FALSE;
      m->result->documents_added++;
    }
  else
    {
      if (!merge_segments (m, doc, target_id, segments, error))
        return FALSE;
      m->result->documents_matched++;
    }

  return merge_spans (m, doc, target_id, error)
    && merge_judgements (m, doc, target_id, segments, error);
}

gboolean
hashiya_merge (HashiyaStore               *target,
               HashiyaStore * const       *sources,
               guint                       n_sources,
               const HashiyaMergeOptions  *options,
               HashiyaMergeResult         *result,
               GError                    **error)
{
  HashiyaMergeResult local_result = { 0 };
  gboolean ok = TRUE;

  g_return_val_if_fail (HASHIYA_IS_STORE (target), FALSE);
  g_return_val_if_fail (sources != NULL || n_sources == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (result == NULL)
    result = &local_result;
  memset (result, 0, sizeof *result);

  for (guint s = 0; s < n_sources; s++)
    if (sources[s] == target)
      {
        g_set_error (error, HASHIYA_MERGE_ERROR, HASHIYA_MERGE_ERROR_INVALID,
                     _("cannot merge %s into itself"), hashiya_store_get_path (target));
        return FALSE;
      }

  if (!hashiya_store_begin (target, error))
    return FALSE;

  for (guint s = 0; ok && s < n_sources; s++)
    {
      Merge m = { target, sources[s], options, result };
      g_autoptr(GPtrArray) docs = NULL;

      ok = merge_labels (&m, error);
      if (ok)
        {
          /* the source's judgement fields and choices (a target without judgements takes the
           * source's schema whole) */
          g_autoptr(HashiyaJudgementSchema) schema = hashiya_store_get_judgement_schema (sources[s], error);

          ok = schema != NULL
               && hashiya_store_adopt_judgement_schema (target, schema, NULL, error);
        }
      if (ok)
        ok = (docs = hashiya_store_list_documents (sources[s], error)) != NULL;
      for (guint d = 0; ok && d < docs->len; d++)
        ok = merge_document (&m, g_ptr_array_index (docs, d), error);
    }

  if (!ok)
    {
      hashiya_store_rollback (target);
      memset (result, 0, sizeof *result);
      return FALSE;
    }
  if (!hashiya_store_commit (target, error))
    {
      hashiya_store_rollback (target);
      return FALSE;
    }
  return TRUE;
}
