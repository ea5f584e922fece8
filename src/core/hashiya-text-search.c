/* hashiya-text-search.c: the search key (folding Arabic letter variants, harakat, tatweel) and finding every match in a text
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "hashiya-text-private.h"

/* ------------------------------------------------------------------------- */
/* Normalisation                                                              */
/* ------------------------------------------------------------------------- */

typedef struct
{
  gunichar *chars;
  gsize    *starts;   /* source code point (absolute, as passed in) of each key char */
  gsize    *ends;     /* end of the source cluster it came from; NULL if not wanted */
  gsize     len;
  gsize     cap;
} NormBuf;

static void
norm_buf_grow (NormBuf *nb)
{
  nb->cap = nb->cap ? nb->cap * 2 : 64;
  nb->chars = g_renew (gunichar, nb->chars, nb->cap);
  nb->starts = g_renew (gsize, nb->starts, nb->cap);
  if (nb->ends)
    nb->ends = g_renew (gsize, nb->ends, nb->cap);
}

static void
norm_buf_clear (NormBuf *nb)
{
  g_free (nb->chars);
  g_free (nb->starts);
  g_free (nb->ends);
  memset (nb, 0, sizeof *nb);
}

/* Deletions and foldings applied after NFKC; 0 means "delete". */
static inline gunichar
fold_char (gunichar c)
{
  if (c < 0x80)
    return (c == '\t' || c == '\n' || c == '\r' || c == 0x0B || c == 0x0C) ? ' ' : c;
  switch (c)
    {
    case 0x0623: case 0x0625: case 0x0622: case 0x0671: case 0x0672: case 0x0673:
      return 0x0627;
    case 0x0649: case 0x06CC:
      return 0x064A;
    case 0x0629:
      return 0x0647;
    case 0x06A9:
      return 0x0643;
    case 0x0640:
      return 0;
    default:
      break;
    }
  if (c >= 0x0660 && c <= 0x0669)
    return '0' + (c - 0x0660);
  if (c >= 0x06F0 && c <= 0x06F9)
    return '0' + (c - 0x06F0);
  if (hashiya_unichar_is_harakah (c))
    return 0;
  if (hashiya_unichar_is_space (c))
    return ' ';
  if (hashiya_unichar_is_format (c))
    return 0;
  return c;
}

/* Characters NFKC leaves alone on their own (most of the Arabic block and ASCII). */
static inline gboolean
nfkc_stable (gunichar c)
{
  return c < 0xA0 || (c >= 0x0600 && c <= 0x06FF && !(c >= 0x0675 && c <= 0x0678));
}

/* Harakat that never compose with a base under NFC (0653-0655 do: آ أ إ ؤ ئ ۀ). */
static inline gboolean
plain_harakah (gunichar c)
{
  return hashiya_unichar_is_harakah (c) && !(c >= 0x0653 && c <= 0x0655);
}

static inline void
norm_emit (NormBuf  *nb,
           gunichar  c,
           gsize     src_start,
           gsize     src_end)
{
  c = fold_char (c);
  if (c == 0)
    return;
  if (nb->len == nb->cap)
    norm_buf_grow (nb);
  nb->chars[nb->len] = c;
  nb->starts[nb->len] = src_start;
  if (nb->ends)
    nb->ends[nb->len] = src_end;
  nb->len++;
}

/* Normalises [p, e) whose first code point is number base; cluster by cluster so each key
 * character maps back to the source cluster it came from. Returns the code points read. */
static gsize
normalize_into (NormBuf    *nb,
                const char *p,
                const char *e,
                gsize       base)
{
  gsize cp = base;

  while (p < e)
    {
      const char *cstart = p;
      gunichar c0 = get_char (p);
      gunichar prev = c0;
      gsize ccp = cp;
      gboolean simple = nfkc_stable (c0);

      p = next_char (p);
      cp++;
      while (p < e)
        {
          gunichar c = get_char (p);
          if (!continues_cluster (prev, c))
            break;
          if (!plain_harakah (c))
            simple = FALSE;
          prev = c;
          p = next_char (p);
          cp++;
        }

      if (simple)
        norm_emit (nb, c0, ccp, cp);
      else
        {
          g_autofree char *n = g_utf8_normalize (cstart, p - cstart, G_NORMALIZE_ALL_COMPOSE);
          if (n == NULL)
            continue;
          for (const char *q = n; *q; q = next_char (q))
            norm_emit (nb, get_char (q), ccp, cp);
        }
    }
  return cp - base;
}

static char *
ucs4_to_utf8 (const gunichar *chars,
              gsize           len)
{
  GString *s = g_string_sized_new (len * 2 + 1);

  for (gsize i = 0; i < len; i++)
    g_string_append_unichar (s, chars[i]);
  return g_string_free (s, FALSE);
}

HashiyaNormalized *
hashiya_normalize (const char *utf8,
                   gssize      len)
{
  NormBuf nb = { 0, };
  HashiyaNormalized *norm;
  gsize n_src;

  g_return_val_if_fail (utf8 != NULL || len == 0, NULL);

  if (len < 0)
    len = strlen (utf8);
  n_src = normalize_into (&nb, utf8, utf8 + len, 0);

  norm = g_new0 (HashiyaNormalized, 1);
  norm->key = ucs4_to_utf8 (nb.chars, nb.len);
  norm->length = nb.len;
  norm->map = g_new (gsize, nb.len + 1);
  if (nb.len)
    memcpy (norm->map, nb.starts, nb.len * sizeof (gsize));
  norm->map[nb.len] = n_src;
  norm_buf_clear (&nb);
  return norm;
}

void
hashiya_normalized_free (HashiyaNormalized *norm)
{
  if (norm == NULL)
    return;
  g_free (norm->key);
  g_free (norm->map);
  g_free (norm);
}

char *
hashiya_normalize_key (const char *utf8,
                       gssize      len)
{
  NormBuf nb = { 0, };
  char *key;

  g_return_val_if_fail (utf8 != NULL || len == 0, NULL);

  if (len < 0)
    len = strlen (utf8);
  normalize_into (&nb, utf8, utf8 + len, 0);
  key = ucs4_to_utf8 (nb.chars, nb.len);
  norm_buf_clear (&nb);
  return key;
}

/* ------------------------------------------------------------------------- */
/* Find all                                                                   */
/* ------------------------------------------------------------------------- */

#define AR_WAW  0x0648
#define AR_FEH  0x0641
#define AR_BEH  0x0628
#define AR_LAM  0x0644
#define AR_KAF  0x0643
#define AR_ALEF 0x0627

/* Is key[0..n) a proclitic prefix [وف]?[بلك]? (n is 1 or 2)? */
static gboolean
is_proclitic (const gunichar *k,
              gsize           n)
{
  if (n == 1)
    return k[0] == AR_WAW || k[0] == AR_FEH || k[0] == AR_BEH || k[0] == AR_LAM ||
           k[0] == AR_KAF;
  if (n == 2)
    return (k[0] == AR_WAW || k[0] == AR_FEH) &&
           (k[1] == AR_BEH || k[1] == AR_LAM || k[1] == AR_KAF);
  return FALSE;
}

/* Matches q[0..qn) at key position s; a space in q matches one or more spaces in the
 * key. Returns the key index after the match, or 0 when there is none. */
static gsize
match_at (const NormBuf  *nb,
          gsize           s,
          const gunichar *q,
          gsize           qn)
{
  gsize i = s;

  for (gsize j = 0; j < qn; j++)
    {
      if (i >= nb->len)
        return 0;
      if (q[j] == ' ')
        {
          if (nb->chars[i] != ' ')
            return 0;
          while (i < nb->len && nb->chars[i] == ' ')
            i++;
          continue;
        }
      if (nb->chars[i] != q[j])
        return 0;
      i++;
    }
  return i;
}

/* Finds matches inside one line [p, e) whose first code point is base. */
static void
find_in_line (HashiyaText    *text,
              NormBuf        *nb,
              const char     *p,
              const char     *e,
              gsize           base,
              const gunichar *q,
              gsize           qn,
              GArray         *out)
{
  g_autoptr(GArray) tokens = NULL;
  g_autofree gsize *tok_first = NULL;   /* first key index of each token */
  g_autofree gsize *tok_last = NULL;    /* one past its last key index */
  gsize n_src, k;
  gboolean al_query = qn >= 3 && q[0] == AR_ALEF && q[1] == AR_LAM;

  nb->len = 0;
  n_src = normalize_into (nb, p, e, base);
  if (nb->len == 0)
    return;
  tokens = hashiya_tokenize (text, base, base + n_src);
  if (tokens->len == 0)
    return;

  /* Key range of every token: key chars are in source order. */
  tok_first = g_new (gsize, tokens->len);
  tok_last = g_new (gsize, tokens->len);
  k = 0;
  for (guint t = 0; t < tokens->len; t++)
    {
      const HashiyaToken *tok = &g_array_index (tokens, HashiyaToken, t);

      while (k < nb->len && nb->starts[k] < tok->start)
        k++;
      tok_first[t] = k;
      while (k < nb->len && nb->starts[k] < tok->end)
        k++;
      tok_last[t] = k;
    }

  for (guint t = 0; t < tokens->len; t++)
    {
      const HashiyaToken *tok = &g_array_index (tokens, HashiyaToken, t);
      gsize a = tok_first[t], b = tok_last[t];

      if (a >= b)
        continue;
      for (gsize pre = 0; pre <= 2 && a + pre < b; pre++)
        {
          gboolean variants[2] = { TRUE, FALSE };

          if (pre > 0 && !is_proclitic (nb->chars + a, pre))
            continue;
          /* ل + ال → لل: the query's ال matches the second ل after a ل prefix. */
          if (al_query && pre > 0 && nb->chars[a + pre - 1] == AR_LAM)
            variants[1] = TRUE;

          for (int v = 0; v < 2; v++)
            {
              gsize s = a + pre, m_end, last_key, u;
              HashiyaRange r;

              if (!variants[v])
                continue;
              m_end = v == 0 ? match_at (nb, s, q, qn) : match_at (nb, s, q + 1, qn - 1);
              if (m_end == 0)
                continue;
              last_key = m_end - 1;
              /* The match must end where a token ends. */
              for (u = t; u < tokens->len && tok_last[u] <= last_key; u++)
                ;
              if (u >= tokens->len || tok_last[u] != m_end || tok_first[u] > last_key)
                continue;
              r.start = pre == 0 ? tok->start : nb->starts[s];
              r.end = g_array_index (tokens, HashiyaToken, u).end;
              g_array_append_val (out, r);
            }
        }
    }
}

GArray *
hashiya_text_find_all (HashiyaText *text,
                       gsize        start,
                       gsize        end,
                       const char  *query)
{
  GArray *out;
  NormBuf qb = { 0, };
  NormBuf nb = { 0, };
  g_autofree gunichar *q = NULL;
  gsize qn = 0;
  const char *p, *e;
  gsize cp;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (start <= end && end <= text->length, NULL);
  g_return_val_if_fail (query != NULL, NULL);

  out = g_array_new (FALSE, FALSE, sizeof (HashiyaRange));

  /* The query key, trimmed, with runs of spaces collapsed to one. */
  normalize_into (&qb, query, query + strlen (query), 0);
  q = g_new (gunichar, qb.len + 1);
  for (gsize i = 0; i < qb.len; i++)
    {
      if (qb.chars[i] == ' ' && (qn == 0 || q[qn - 1] == ' '))
        continue;
      q[qn++] = qb.chars[i];
    }
  while (qn > 0 && q[qn - 1] == ' ')
    qn--;
  norm_buf_clear (&qb);
  if (qn == 0)
    return out;

  /* A match never crosses a line, so work line by line: memory stays small. */
  p = text->utf8 + cp_to_byte_unchecked (text, start);
  e = text->utf8 + cp_to_byte_unchecked (text, end);
  cp = start;
  while (p < e)
    {
      const char *line_end = p;
      gsize n = 0;

      while (line_end < e && *line_end != '\n')
        {
          line_end = next_char (line_end);
          n++;
        }
      if (n > 0)
        find_in_line (text, &nb, p, line_end, cp, q, qn, out);
      cp += n;
      p = line_end;
      if (p < e)
        {
          p++;
          cp++;
        }
    }
  norm_buf_clear (&nb);
  return out;
}
