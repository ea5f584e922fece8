/* hashiya-suggestion.c: the suggestion value type and the tokenised key the recognisers share
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "suggest/hashiya-suggestion.h"
#include "suggest/hashiya-suggestion-private.h"

#include <string.h>

G_DEFINE_QUARK (hashiya-suggest-error-quark, hashiya_suggest_error)

G_DEFINE_BOXED_TYPE (HashiyaSuggestion, hashiya_suggestion,
                     hashiya_suggestion_copy, hashiya_suggestion_free)

HashiyaSuggestion *
hashiya_suggestion_new (gsize       start,
                        gsize       end,
                        const char *label,
                        const char *text,
                        const char *source)
{
  HashiyaSuggestion *s;

  g_return_val_if_fail (start <= end, NULL);
  g_return_val_if_fail (label != NULL, NULL);

  s = g_new0 (HashiyaSuggestion, 1);
  s->start = start;
  s->end = end;
  s->label = g_strdup (label);
  s->text = g_strdup (text ? text : "");
  s->source = g_intern_string (source ? source : "");
  return s;
}

HashiyaSuggestion *
hashiya_suggestion_copy (const HashiyaSuggestion *suggestion)
{
  HashiyaSuggestion *s;

  g_return_val_if_fail (suggestion != NULL, NULL);

  s = g_new0 (HashiyaSuggestion, 1);
  *s = *suggestion;
  s->label = g_strdup (suggestion->label);
  s->text = g_strdup (suggestion->text);
  s->value = g_strdup (suggestion->value);
  s->calendar = g_strdup (suggestion->calendar);
  s->anchor = g_strdup (suggestion->anchor);
  s->why = g_strdup (suggestion->why);
  return s;
}

void
hashiya_suggestion_free (HashiyaSuggestion *suggestion)
{
  if (suggestion == NULL)
    return;
  g_free (suggestion->label);
  g_free (suggestion->text);
  g_free (suggestion->value);
  g_free (suggestion->calendar);
  g_free (suggestion->anchor);
  g_free (suggestion->why);
  g_free (suggestion);
}

char *
hashiya_suggestion_flags_to_string (HashiyaSuggestionFlags flags)
{
  static const struct { HashiyaSuggestionFlags flag; const char *name; } names[] = {
    { HASHIYA_SUGGESTION_FLAG_WEEKDAY_MISMATCH, "weekday mismatch" },
    { HASHIYA_SUGGESTION_FLAG_MONTH_PAIR_MISMATCH, "month pair mismatch" },
    { HASHIYA_SUGGESTION_FLAG_CONFLICTING_LABELS, "conflicting labels" },
  };
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (flags & names[i].flag)
      {
        if (s->len)
          g_string_append (s, ", ");
        g_string_append (s, names[i].name);
      }
  return g_string_free (s, FALSE);
}

static int
compare_suggestions (gconstpointer a,
                     gconstpointer b)
{
  const HashiyaSuggestion *x = *(HashiyaSuggestion * const *) a;
  const HashiyaSuggestion *y = *(HashiyaSuggestion * const *) b;

  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  if (x->end != y->end)
    return x->end > y->end ? -1 : 1;
  return 0;
}

void
hashiya_suggestions_sort (GPtrArray *suggestions)
{
  g_return_if_fail (suggestions != NULL);
  g_ptr_array_sort (suggestions, compare_suggestions);
}

void
hashiya_suggestions_remove_overlapping (GPtrArray   *suggestions,
                                        const gsize *starts,
                                        const gsize *ends,
                                        guint        n)
{
  g_return_if_fail (suggestions != NULL);
  g_return_if_fail (n == 0 || (starts != NULL && ends != NULL));

  for (guint i = suggestions->len; i-- > 0;)
    {
      HashiyaSuggestion *s = g_ptr_array_index (suggestions, i);

      for (guint j = 0; j < n; j++)
        if (s->start < ends[j] && starts[j] < s->end)
          {
            g_ptr_array_remove_index (suggestions, i);
            break;
          }
    }
}

/* Longest first, then earliest. */
static int
compare_longest (gconstpointer a,
                 gconstpointer b)
{
  const HashiyaSuggestion *x = *(HashiyaSuggestion * const *) a;
  const HashiyaSuggestion *y = *(HashiyaSuggestion * const *) b;
  gsize lx = x->end - x->start, ly = y->end - y->start;

  if (lx != ly)
    return lx > ly ? -1 : 1;
  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  return 0;
}

void
suggest_keep_longest (GPtrArray *suggestions)
{
  g_autofree guint8 *taken = NULL;
  gsize n_chars = 0;
  guint kept = 0;

  if (suggestions->len < 2)
    return;
  /* Greedy, longest first: a code point already covered refuses later (shorter) ones.
   * Linear in the covered text, so a 1 MB article with tens of thousands of matches is cheap. */
  g_ptr_array_sort (suggestions, compare_longest);
  for (guint i = 0; i < suggestions->len; i++)
    n_chars = MAX (n_chars, ((HashiyaSuggestion *) suggestions->pdata[i])->end);
  taken = g_malloc0 (n_chars + 1);
  for (guint i = 0; i < suggestions->len; i++)
    {
      HashiyaSuggestion *s = suggestions->pdata[i];
      gboolean free_range = TRUE;

      for (gsize c = s->start; c < s->end && free_range; c++)
        free_range = !taken[c];
      if (!free_range)
        continue;
      memset (taken + s->start, 1, s->end - s->start);
      /* Kept ones move to the front, refused ones to the back. */
      suggestions->pdata[i] = suggestions->pdata[kept];
      suggestions->pdata[kept++] = s;
    }
  /* The array's free function (hashiya_suggestion_free) frees the refused ones. */
  g_ptr_array_remove_range (suggestions, kept, suggestions->len - kept);
  hashiya_suggestions_sort (suggestions);
}

/* ------------------------------------------------------------------------- */
/* The tokenised key                                                          */
/* ------------------------------------------------------------------------- */

static gboolean
is_key_letter (gunichar c)
{
  return g_unichar_isalpha (c) || g_unichar_ismark (c);
}

static gboolean
is_ascii_digit (gunichar c)
{
  return c >= '0' && c <= '9';
}

static gboolean
is_number_separator (gunichar c)
{
  return c == '.' || c == ',' || c == 0x066B || c == 0x066C;
}

/* Cuts key[0, n) into tokens; appends SuggestToken to tokens and each token's UTF-8 with a
 * NUL to strings. The str pointers are set by tokens_fix_strings () once strings is final. */
static void
tokenize_key (const gunichar *key,
              gsize           n,
              GArray         *tokens,
              GString        *strings)
{
  gsize i = 0;

  while (i < n)
    {
      SuggestToken t = { 0, };
      gunichar c = key[i];

      if (g_unichar_isspace (c))
        {
          i++;
          continue;
        }
      t.ks = i;
      t.number = -1;
      if (is_ascii_digit (c))
        {
          t.kind = SUGGEST_TOKEN_NUMBER;
          while (i < n && (is_ascii_digit (key[i])
                           || (is_number_separator (key[i]) && i + 1 < n
                               && is_ascii_digit (key[i + 1]) && i > t.ks)))
            {
              if (is_ascii_digit (key[i]))
                t.n_digits++;
              else
                t.decimal = TRUE;
              i++;
            }
        }
      else if (is_key_letter (c))
        {
          t.kind = SUGGEST_TOKEN_WORD;
          while (i < n && is_key_letter (key[i]))
            i++;
        }
      else
        {
          t.kind = SUGGEST_TOKEN_PUNCT;
          i++;
        }
      t.ke = i;
      /* Until tokens_fix_strings (): the offset into strings. */
      t.str = GSIZE_TO_POINTER (strings->len);
      for (gsize k = t.ks; k < t.ke; k++)
        g_string_append_unichar (strings, key[k]);
      if (t.kind == SUGGEST_TOKEN_NUMBER && !t.decimal && t.n_digits <= 9)
        t.number = g_ascii_strtoll (strings->str + GPOINTER_TO_SIZE (t.str), NULL, 10);
      g_string_append_c (strings, '\0');
      g_array_append_val (tokens, t);
    }
}

static void
tokens_fix_strings (SuggestToken *tokens,
                    guint         n,
                    const char   *strings)
{
  for (guint i = 0; i < n; i++)
    tokens[i].str = strings + GPOINTER_TO_SIZE (tokens[i].str);
}

SuggestDoc *
suggest_doc_new (const char *utf8,
                 gssize      len)
{
  SuggestDoc *doc = g_new0 (SuggestDoc, 1);
  GArray *tokens;
  GString *strings;
  glong n;

  if (len < 0)
    len = strlen (utf8);
  doc->src = g_utf8_to_ucs4_fast (utf8, len, &n);
  doc->n_src = n;
  doc->norm = hashiya_normalize (utf8, len);
  doc->key = g_utf8_to_ucs4_fast (doc->norm->key, -1, &n);
  doc->n_key = n;
  tokens = g_array_sized_new (FALSE, FALSE, sizeof (SuggestToken), doc->n_key / 4 + 1);
  strings = g_string_sized_new (strlen (doc->norm->key) + doc->n_key / 4 + 16);
  tokenize_key (doc->key, doc->n_key, tokens, strings);
  doc->n_tokens = tokens->len;
  doc->tokens = (SuggestToken *) (void *) g_array_free (tokens, FALSE);
  doc->strings = g_string_free (strings, FALSE);
  tokens_fix_strings (doc->tokens, doc->n_tokens, doc->strings);
  return doc;
}

void
suggest_doc_free (SuggestDoc *doc)
{
  if (doc == NULL)
    return;
  g_free (doc->strings);
  g_free (doc->tokens);
  g_free (doc->src);
  g_free (doc->key);
  hashiya_normalized_free (doc->norm);
  g_free (doc);
}

static gboolean
is_edge_junk (gunichar c)
{
  return hashiya_unichar_is_space (c) || hashiya_unichar_is_format (c);
}

HashiyaSuggestion *
suggest_doc_make (SuggestDoc *doc,
                  gsize       ks,
                  gsize       ke,
                  const char *label,
                  const char *source)
{
  gsize start, end;
  GString *text;

  g_assert (ks < ke && ke <= doc->n_key);
  start = doc->norm->map[ks];
  end = doc->norm->map[ke];
  while (start < end && is_edge_junk (doc->src[start]))
    start++;
  while (end > start && is_edge_junk (doc->src[end - 1]))
    end--;
  text = g_string_sized_new ((end - start) * 2);
  for (gsize i = start; i < end; i++)
    g_string_append_unichar (text, doc->src[i]);
  {
    HashiyaSuggestion *s = hashiya_suggestion_new (start, end, label, text->str, source);
    g_string_free (text, TRUE);
    return s;
  }
}

char *
suggest_phrase_key (const char *surface,
                    guint      *n_tokens)
{
  g_autofree char *key = hashiya_normalize_key (surface, -1);
  g_autofree gunichar *chars = NULL;
  g_autoptr(GArray) tokens = g_array_new (FALSE, FALSE, sizeof (SuggestToken));
  g_autoptr(GString) strings = g_string_new (NULL);
  GString *out;
  glong n;

  chars = g_utf8_to_ucs4_fast (key, -1, &n);
  tokenize_key (chars, n, tokens, strings);
  tokens_fix_strings ((SuggestToken *) (void *) tokens->data, tokens->len, strings->str);
  if (n_tokens)
    *n_tokens = tokens->len;
  {
    gboolean has_word = FALSE;
    for (guint i = 0; i < tokens->len; i++)
      has_word |= g_array_index (tokens, SuggestToken, i).kind != SUGGEST_TOKEN_PUNCT;
    if (!has_word)
      return NULL;
  }
  out = g_string_new (NULL);
  for (guint i = 0; i < tokens->len; i++)
    {
      SuggestToken *t = &g_array_index (tokens, SuggestToken, i);
      if (i)
        g_string_append_c (out, ' ');
      g_string_append (out, t->str);
    }
  return g_string_free (out, FALSE);
}

void
suggest_phrases_init (SuggestPhrases *phrases,
                      GDestroyNotify  value_free)
{
  phrases->table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, value_free);
  phrases->first = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  phrases->max_tokens = 0;
}

void
suggest_phrases_clear (SuggestPhrases *phrases)
{
  g_clear_pointer (&phrases->table, g_hash_table_unref);
  g_clear_pointer (&phrases->first, g_hash_table_unref);
  phrases->max_tokens = 0;
}

void
suggest_phrases_note_first (SuggestPhrases *phrases,
                            const char     *key)
{
  const char *space = strchr (key, ' ');
  char *first = space ? g_strndup (key, space - key) : g_strdup (key);

  g_hash_table_add (phrases->first, first);
}

gboolean
suggest_phrases_starts (SuggestPhrases *phrases,
                        const char     *token)
{
  return g_hash_table_contains (phrases->first, token);
}

gboolean
suggest_phrases_add (SuggestPhrases *phrases,
                     const char     *surface,
                     gpointer        value)
{
  guint n = 0;
  char *key = suggest_phrase_key (surface, &n);

  if (key == NULL)
    return FALSE;
  if (g_hash_table_contains (phrases->table, key))
    {
      g_free (key);
      return FALSE;
    }
  suggest_phrases_note_first (phrases, key);
  g_hash_table_insert (phrases->table, key, value);
  phrases->max_tokens = MAX (phrases->max_tokens, n);
  return TRUE;
}

gpointer
suggest_phrases_lookup_key (SuggestPhrases *phrases,
                            const char     *key)
{
  return g_hash_table_lookup (phrases->table, key);
}

#define AR_WAW  0x0648
#define AR_FEH  0x0641
#define AR_BEH  0x0628
#define AR_LAM  0x0644
#define AR_KAF  0x0643
#define AR_ALEF 0x0627

/* Proclitic lengths usable on the word starting at key position ks with length len,
 * longest first: [وف]?[بلك]?, leaving at least two letters. */
static guint
proclitics (const gunichar *w,
            gsize           len,
            guint           out[3])
{
  guint n = 0;
  gboolean conj = w[0] == AR_WAW || w[0] == AR_FEH;
  gsize p = conj ? 1 : 0;

  if (len > p + 1 && (w[p] == AR_BEH || w[p] == AR_LAM || w[p] == AR_KAF) && len - (p + 1) >= 2)
    out[n++] = p + 1;
  if (conj && len - 1 >= 2)
    out[n++] = 1;
  return n;
}

static gpointer
lookup_run (SuggestPhrases *phrases,
            SuggestDoc     *doc,
            guint           i,
            guint           n,
            const char     *first,
            GString        *buf)
{
  if (!g_hash_table_contains (phrases->first, first))
    return NULL;
  g_string_truncate (buf, 0);
  g_string_append (buf, first);
  for (guint k = 1; k < n; k++)
    {
      g_string_append_c (buf, ' ');
      g_string_append (buf, doc->tokens[i + k].str);
    }
  return g_hash_table_lookup (phrases->table, buf->str);
}

gboolean
suggest_phrases_match (SuggestPhrases     *phrases,
                       SuggestDoc         *doc,
                       guint               i,
                       gboolean            allow_proclitic,
                       SuggestPhraseMatch *match)
{
  const SuggestToken *t;
  guint max;
  guint pre[3];
  guint n_pre = 0;
  g_autoptr(GString) buf = NULL;

  if (i >= doc->n_tokens || phrases->max_tokens == 0)
    return FALSE;
  t = &doc->tokens[i];
  max = MIN (phrases->max_tokens, doc->n_tokens - i);
  if (allow_proclitic && t->kind == SUGGEST_TOKEN_WORD)
    n_pre = proclitics (doc->key + t->ks, t->ke - t->ks, pre);
  buf = g_string_sized_new (64);

  for (guint n = max; n >= 1; n--)
    {
      gpointer v = lookup_run (phrases, doc, i, n, t->str, buf);
      guint plen = 0;

      for (guint p = 0; v == NULL && p < n_pre; p++)
        {
          const char *rest = g_utf8_offset_to_pointer (t->str, pre[p]);

          v = lookup_run (phrases, doc, i, n, rest, buf);
          plen = pre[p];
          /* ل + ال is written لل: للموصل = ل + الموصل, the span is لموصل. */
          if (v == NULL && doc->key[t->ks + pre[p] - 1] == AR_LAM && doc->key[t->ks + pre[p]] == AR_LAM)
            {
              g_autofree char *with_alef = g_strconcat ("ا", rest, NULL);
              v = lookup_run (phrases, doc, i, n, with_alef, buf);
            }
        }
      if (v != NULL)
        {
          match->value = v;
          match->n_tokens = n;
          match->prefix_len = plen;
          match->ks = t->ks + plen;
          match->ke = doc->tokens[i + n - 1].ke;
          return TRUE;
        }
    }
  return FALSE;
}
