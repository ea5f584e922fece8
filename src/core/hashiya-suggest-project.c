/* hashiya-suggest-project.c: suggestions for a project's documents, accepted or rejected
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "hashiya-suggest-project.h"
#include "suggest/hashiya-dates.h"
#include "suggest/hashiya-gazetteer.h"
#include "suggest/hashiya-dictionary.h"

#include <string.h>
#include <glib/gi18n-lib.h>

struct _HashiyaProjectSuggester
{
  HashiyaStore          *store;
  HashiyaSuggestSources  sources;
  char                  *annotator;
  HashiyaGazetteer      *gazetteer;
  HashiyaDictionary     *dictionary;
};

gboolean
hashiya_suggest_sources_from_string (const char            *list,
                                     HashiyaSuggestSources *sources)
{
  g_auto(GStrv) words = NULL;
  HashiyaSuggestSources out = 0;

  g_return_val_if_fail (sources != NULL, FALSE);
  if (list == NULL)
    return FALSE;
  words = g_strsplit (list, ",", -1);
  for (guint i = 0; words[i] != NULL; i++)
    {
      const char *w = g_strstrip (words[i]);

      if (strcmp (w, HASHIYA_SUGGEST_SOURCE_DATES) == 0)
        out |= HASHIYA_SUGGEST_SOURCE_FLAG_DATES;
      else if (strcmp (w, HASHIYA_SUGGEST_SOURCE_GAZETTEER) == 0)
        out |= HASHIYA_SUGGEST_SOURCE_FLAG_GAZETTEER;
      else if (strcmp (w, HASHIYA_SUGGEST_SOURCE_DICTIONARY) == 0)
        out |= HASHIYA_SUGGEST_SOURCE_FLAG_DICTIONARY;
      else
        return FALSE;
    }
  if (out == 0)
    return FALSE;
  *sources = out;
  return TRUE;
}

static void
learn_one (const char *text,
           const char *label,
           gpointer    user_data)
{
  if (text != NULL && label != NULL)
    hashiya_dictionary_learn (user_data, text, label);
}

HashiyaProjectSuggester *
hashiya_project_suggester_new (HashiyaStore           *store,
                               HashiyaSuggestSources   sources,
                               const char             *annotator,
                               GError                **error)
{
  g_autoptr(HashiyaProjectSuggester) self = NULL;

  g_return_val_if_fail (HASHIYA_IS_STORE (store), NULL);

  self = g_new0 (HashiyaProjectSuggester, 1);
  self->store = g_object_ref (store);
  self->sources = sources;
  self->annotator = g_strdup (annotator);

  if (sources & HASHIYA_SUGGEST_SOURCE_FLAG_GAZETTEER)
    {
      g_autoptr(GPtrArray) datas = NULL;
      g_autoptr(GPtrArray) names = NULL;

      self->gazetteer = hashiya_gazetteer_new_default (error);
      if (self->gazetteer == NULL)
        return NULL;
      /* the user's lists after the shipped ones: theirs win */
      names = hashiya_store_list_gazetteers (store, &datas, error);
      if (names == NULL)
        return NULL;
      for (guint i = 0; i < names->len; i++)
        if (!hashiya_gazetteer_load_data (self->gazetteer, g_ptr_array_index (names, i),
                                          g_ptr_array_index (datas, i), -1, error))
          return NULL;
    }
  if (sources & HASHIYA_SUGGEST_SOURCE_FLAG_DICTIONARY)
    {
      self->dictionary = hashiya_dictionary_new ();
      if (!hashiya_store_foreach_confirmed_span (store, annotator, learn_one, self->dictionary,
                                                 error))
        return NULL;
    }
  return g_steal_pointer (&self);
}

void
hashiya_project_suggester_free (HashiyaProjectSuggester *self)
{
  if (self == NULL)
    return;
  g_clear_object (&self->store);
  g_clear_pointer (&self->gazetteer, hashiya_gazetteer_unref);
  g_clear_pointer (&self->dictionary, hashiya_dictionary_unref);
  g_free (self->annotator);
  g_free (self);
}

static void
take_all (GPtrArray *into,
          GPtrArray *from)
{
  if (from == NULL)
    return;
  g_ptr_array_set_free_func (from, NULL);
  for (guint i = 0; i < from->len; i++)
    g_ptr_array_add (into, g_ptr_array_index (from, i));
  g_ptr_array_unref (from);
}

static guint
place_hash (gconstpointer p)
{
  const HashiyaSuggestion *s = p;

  return (guint) s->start * 31u + (guint) s->end * 7u + g_str_hash (s->label ? s->label : "");
}

static gboolean
place_equal (gconstpointer pa,
             gconstpointer pb)
{
  const HashiyaSuggestion *a = pa, *b = pb;

  return a->start == b->start && a->end == b->end && g_strcmp0 (a->label, b->label) == 0;
}

GPtrArray *
hashiya_project_suggester_suggest_text (HashiyaProjectSuggester  *self,
                                        const char               *text,
                                        gssize                    len,
                                        const char               *document_date,
                                        GError                  **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) hashiya_suggestion_free);
  g_autofree char *day = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (text != NULL, NULL);

  /* a date with a time ("2019-03-08T10:00") anchors by its day */
  if (document_date != NULL && strlen (document_date) >= 10)
    day = g_strndup (document_date, 10);

  if (self->sources & HASHIYA_SUGGEST_SOURCE_FLAG_DATES)
    {
      GPtrArray *dates = hashiya_suggest_dates (text, len, day, error);

      if (dates == NULL)
        return NULL;
      take_all (out, dates);
    }
  if (self->gazetteer != NULL)
    take_all (out, hashiya_gazetteer_suggest (self->gazetteer, text, len));
  if (self->dictionary != NULL)
    take_all (out, hashiya_dictionary_suggest (self->dictionary, text, len));

  /* the same range and label from two sources: the first source's (a date has a value) */
  {
    g_autoptr(GHashTable) seen = g_hash_table_new (place_hash, place_equal);
    guint k = 0;

    for (guint i = 0; i < out->len; i++)
      {
        HashiyaSuggestion *s = g_ptr_array_index (out, i);

        if (g_hash_table_contains (seen, s))
          hashiya_suggestion_free (s);
        else
          {
            g_hash_table_add (seen, s);
            out->pdata[k++] = s;
          }
      }
    out->len = k;
  }
  hashiya_suggestions_sort (out);
  return g_steal_pointer (&out);
}

GPtrArray *
hashiya_project_suggester_run (HashiyaProjectSuggester  *self,
                               gint64                    doc_id,
                               GError                  **error)
{
  g_autoptr(HashiyaDocument) doc = NULL;
  g_autoptr(HashiyaText) text = NULL;
  g_autoptr(GPtrArray) spans = NULL;
  g_autoptr(GPtrArray) rejections = NULL;
  g_autoptr(GPtrArray) out = NULL;
  g_autofree gsize *starts = NULL;
  g_autofree gsize *ends = NULL;
  const char *utf8;
  gsize n_bytes;
  guint n = 0;

  g_return_val_if_fail (self != NULL, NULL);

  if ((doc = hashiya_store_get_document (self->store, doc_id, error)) == NULL
      || (text = hashiya_store_read_text (self->store, doc_id, error)) == NULL
      || (spans = hashiya_store_list_spans (self->store, doc_id, error)) == NULL
      || (rejections = hashiya_store_list_rejections (self->store, doc_id, error)) == NULL)
    return NULL;
  utf8 = hashiya_text_get_utf8 (text, &n_bytes);
  out = hashiya_project_suggester_suggest_text (self, utf8, n_bytes, doc->date, error);
  if (out == NULL)
    return NULL;

  /* the spans' starts in order (list_spans sorts by start) with the largest end so far: a
   * suggestion [s, e) overlaps a span when one of those starting before e ends after s */
  starts = g_new (gsize, spans->len + 1);
  ends = g_new (gsize, spans->len + 1);
  for (guint i = 0; i < spans->len; i++)
    {
      const HashiyaSpan *span = g_ptr_array_index (spans, i);

      if (self->annotator != NULL && g_strcmp0 (span->annotator, self->annotator) != 0)
        continue;
      starts[n] = span->start;
      ends[n] = n > 0 ? MAX (ends[n - 1], (gsize) span->end) : (gsize) span->end;
      n++;
    }
  {
    guint k = 0;

    for (guint i = 0; i < out->len; i++)
      {
        HashiyaSuggestion *s = g_ptr_array_index (out, i);
        guint lo = 0, hi = n;

        while (lo < hi)
          {
            guint mid = lo + (hi - lo) / 2;

            if (starts[mid] < s->end)
              lo = mid + 1;
            else
              hi = mid;
          }
        if (lo > 0 && ends[lo - 1] > s->start)
          hashiya_suggestion_free (s);
        else
          out->pdata[k++] = s;
      }
    out->len = k;
  }

  for (guint i = out->len; i-- > 0;)
    {
      const HashiyaSuggestion *s = g_ptr_array_index (out, i);

      for (guint j = 0; j < rejections->len; j++)
        {
          const HashiyaRejection *r = g_ptr_array_index (rejections, j);

          if ((gint64) s->start == r->start && (gint64) s->end == r->end
              && g_strcmp0 (s->label, r->label) == 0)
            {
              g_ptr_array_remove_index (out, i);
              break;
            }
        }
    }
  return g_steal_pointer (&out);
}

gint64
hashiya_suggestion_accept (HashiyaStore             *store,
                           gint64                    doc_id,
                           const HashiyaSuggestion  *suggestion,
                           const char               *annotator,
                           GError                  **error)
{
  g_autofree char *origin = NULL;
  gint64 id;

  g_return_val_if_fail (HASHIYA_IS_STORE (store), 0);
  g_return_val_if_fail (suggestion != NULL, 0);

  origin = g_strconcat ("suggested:", suggestion->source, NULL);
  if (!hashiya_store_begin (store, error))
    return 0;
  id = hashiya_store_add_span (store, doc_id, suggestion->start, suggestion->end,
                               suggestion->label, annotator, origin, error);
  if (id != 0 && suggestion->value != NULL
      && !hashiya_store_set_span_value (store, id, suggestion->value, suggestion->calendar,
                                        suggestion->anchor, error))
    id = 0;
  if (id == 0)
    {
      hashiya_store_rollback (store);
      return 0;
    }
  if (!hashiya_store_commit (store, error))
    return 0;
  return id;
}

gboolean
hashiya_suggestion_reject (HashiyaStore             *store,
                           gint64                    doc_id,
                           const HashiyaSuggestion  *suggestion,
                           const char               *annotator,
                           GError                  **error)
{
  g_return_val_if_fail (suggestion != NULL, FALSE);
  return hashiya_store_reject_suggestion (store, doc_id, suggestion->start, suggestion->end,
                                          suggestion->label, suggestion->source, annotator,
                                          error);
}
