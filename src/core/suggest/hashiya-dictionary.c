/* hashiya-dictionary.c: the project's own confirmed names, suggested again wherever they recur
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "suggest/hashiya-dictionary.h"
#include "suggest/hashiya-suggestion-private.h"

#include <string.h>
#include <glib/gi18n-lib.h>

struct _HashiyaDictionary
{
  gatomicrefcount ref_count;
  SuggestPhrases  phrases;   /* phrase key -> GHashTable label -> GUINT count */
};

G_DEFINE_BOXED_TYPE (HashiyaDictionary, hashiya_dictionary, hashiya_dictionary_ref, hashiya_dictionary_unref)

HashiyaDictionary *
hashiya_dictionary_new (void)
{
  HashiyaDictionary *d = g_new0 (HashiyaDictionary, 1);

  g_atomic_ref_count_init (&d->ref_count);
  suggest_phrases_init (&d->phrases, (GDestroyNotify) g_hash_table_unref);
  return d;
}

HashiyaDictionary *
hashiya_dictionary_ref (HashiyaDictionary *dictionary)
{
  g_return_val_if_fail (dictionary != NULL, NULL);
  g_atomic_ref_count_inc (&dictionary->ref_count);
  return dictionary;
}

void
hashiya_dictionary_unref (HashiyaDictionary *dictionary)
{
  g_return_if_fail (dictionary != NULL);
  if (g_atomic_ref_count_dec (&dictionary->ref_count))
    {
      suggest_phrases_clear (&dictionary->phrases);
      g_free (dictionary);
    }
}

guint
hashiya_dictionary_get_n_surfaces (HashiyaDictionary *dictionary)
{
  g_return_val_if_fail (dictionary != NULL, 0);
  return g_hash_table_size (dictionary->phrases.table);
}

static GHashTable *
labels_of (HashiyaDictionary *d,
           const char        *surface,
           gboolean           create)
{
  guint n = 0;
  g_autofree char *key = suggest_phrase_key (surface, &n);
  GHashTable *labels;

  if (key == NULL)
    return NULL;
  labels = g_hash_table_lookup (d->phrases.table, key);
  if (labels == NULL && create)
    {
      labels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      suggest_phrases_note_first (&d->phrases, key);
      g_hash_table_insert (d->phrases.table, g_steal_pointer (&key), labels);
      d->phrases.max_tokens = MAX (d->phrases.max_tokens, n);
    }
  return labels;
}

gboolean
hashiya_dictionary_learn (HashiyaDictionary *dictionary,
                          const char        *surface,
                          const char        *label)
{
  GHashTable *labels;
  guint count;

  g_return_val_if_fail (dictionary != NULL, FALSE);
  g_return_val_if_fail (surface != NULL && label != NULL && *label, FALSE);

  if ((labels = labels_of (dictionary, surface, TRUE)) == NULL)
    return FALSE;
  count = GPOINTER_TO_UINT (g_hash_table_lookup (labels, label));
  g_hash_table_replace (labels, g_strdup (label), GUINT_TO_POINTER (count + 1));
  return TRUE;
}

gboolean
hashiya_dictionary_unlearn (HashiyaDictionary *dictionary,
                            const char        *surface,
                            const char        *label)
{
  GHashTable *labels;
  guint count;

  g_return_val_if_fail (dictionary != NULL, FALSE);
  g_return_val_if_fail (surface != NULL && label != NULL, FALSE);

  if ((labels = labels_of (dictionary, surface, FALSE)) == NULL)
    return FALSE;
  count = GPOINTER_TO_UINT (g_hash_table_lookup (labels, label));
  if (count == 0)
    return FALSE;
  if (count == 1)
    g_hash_table_remove (labels, label);
  else
    g_hash_table_replace (labels, g_strdup (label), GUINT_TO_POINTER (count - 1));
  if (g_hash_table_size (labels) == 0)
    {
      g_autofree char *key = suggest_phrase_key (surface, NULL);
      g_hash_table_remove (dictionary->phrases.table, key);
    }
  return TRUE;
}

guint
hashiya_dictionary_get_count (HashiyaDictionary *dictionary,
                              const char        *surface,
                              const char        *label)
{
  GHashTable *labels;

  g_return_val_if_fail (dictionary != NULL, 0);
  g_return_val_if_fail (surface != NULL && label != NULL, 0);

  labels = labels_of (dictionary, surface, FALSE);
  return labels ? GPOINTER_TO_UINT (g_hash_table_lookup (labels, label)) : 0;
}

typedef struct
{
  const char *label;
  guint       count;
} LabelCount;

/* Most confirmations first; ties in label order, so the choice does not depend on hashing. */
static int
compare_counts (gconstpointer a,
                gconstpointer b)
{
  const LabelCount *x = a, *y = b;

  if (x->count != y->count)
    return x->count > y->count ? -1 : 1;
  return strcmp (x->label, y->label);
}

GPtrArray *
hashiya_dictionary_suggest (HashiyaDictionary *dictionary,
                            const char        *text,
                            gssize             len)
{
  SuggestDoc *doc;
  GPtrArray *out;

  g_return_val_if_fail (dictionary != NULL, NULL);
  g_return_val_if_fail (text != NULL || len == 0, NULL);

  out = g_ptr_array_new_with_free_func ((GDestroyNotify) hashiya_suggestion_free);
  doc = suggest_doc_new (text ? text : "", len);
  for (guint i = 0; i < doc->n_tokens; i++)
    {
      SuggestPhraseMatch m;
      GHashTable *labels;
      g_autoptr(GArray) counts = NULL;
      GHashTableIter iter;
      gpointer k, v;
      HashiyaSuggestion *s;
      GString *detail;
      LabelCount *best;

      if (doc->tokens[i].kind == SUGGEST_TOKEN_PUNCT
          || !suggest_phrases_match (&dictionary->phrases, doc, i, TRUE, &m))
        continue;
      labels = m.value;
      counts = g_array_new (FALSE, FALSE, sizeof (LabelCount));
      g_hash_table_iter_init (&iter, labels);
      while (g_hash_table_iter_next (&iter, &k, &v))
        {
          LabelCount lc = { k, GPOINTER_TO_UINT (v) };
          g_array_append_val (counts, lc);
        }
      g_array_sort (counts, compare_counts);
      best = &g_array_index (counts, LabelCount, 0);
      s = suggest_doc_make (doc, m.ks, m.ke, best->label, HASHIYA_SUGGEST_SOURCE_DICTIONARY);
      s->count = best->count;
      if (counts->len > 1)
        {
          s->flags |= HASHIYA_SUGGESTION_FLAG_CONFLICTING_LABELS;
          detail = g_string_new (NULL);
          for (guint c = 0; c < counts->len; c++)
            {
              LabelCount *lc = &g_array_index (counts, LabelCount, c);
              g_string_append_printf (detail, "%s%s ×%u", c ? ", " : "", lc->label, lc->count);
            }
          /* Translators: %s lists labels with their counts, e.g. "LOC ×3, ORG ×1" */
          s->why = g_strdup_printf (_("dictionary: conflicting labels for this name: %s"), detail->str);
          g_string_free (detail, TRUE);
        }
      else
        s->why = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               "dictionary: confirmed %u time as %s",
                                               "dictionary: confirmed %u times as %s", best->count),
                                  best->count, best->label);
      g_ptr_array_add (out, s);
    }
  suggest_doc_free (doc);
  suggest_keep_longest (out);
  return out;
}

GPtrArray *
hashiya_suggest_dictionary (const char                 *text,
                            gssize                      len,
                            const HashiyaConfirmedSpan *spans,
                            guint                       n_spans)
{
  g_autoptr(HashiyaDictionary) d = hashiya_dictionary_new ();

  g_return_val_if_fail (n_spans == 0 || spans != NULL, NULL);

  for (guint i = 0; i < n_spans; i++)
    if (spans[i].text && spans[i].label && *spans[i].label)
      hashiya_dictionary_learn (d, spans[i].text, spans[i].label);
  return hashiya_dictionary_suggest (d, text, len);
}
