/* hashiya-text.c: validated text with a code point index, character classes, graphemes, tokens and sentences (normalisation and search: hashiya-text-search.c)
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "hashiya-text-private.h"

G_DEFINE_QUARK (hashiya-text-error-quark, hashiya_text_error)

G_DEFINE_BOXED_TYPE (HashiyaText, hashiya_text, hashiya_text_ref, hashiya_text_unref)

/* ------------------------------------------------------------------------- */
/* Validation and index, one pass                                             */
/* ------------------------------------------------------------------------- */

static gboolean
build_index (HashiyaText  *self,
             GError      **error)
{
  const guchar *s = (const guchar *) self->utf8;
  gsize n = self->n_bytes;
  gsize i = 0, cp = 0, u16 = 0, ncp = 0;
  /* Every code point takes at least one byte, so this bounds the checkpoint count. */
  gsize cap = n / CP_STEP + 2;
  Checkpoint *cps = g_new (Checkpoint, cap);

  /* One block of CP_STEP code points per turn, with its checkpoint first. The buffer
   * has a NUL at n, which no continuation byte matches: a sequence cut short by the end
   * fails its checks without a length test, and nothing past the NUL is read. */
  while (i < n)
    {
      gsize block_end_cp = cp + CP_STEP;

      cps[ncp].byte = i;
      cps[ncp].u16 = u16;
      ncp++;

      while (i < n && cp < block_end_cp)
        {
          guchar b = s[i];

          if (b < 0x80)
            {
              if (G_UNLIKELY (b == 0))
                {
                  g_set_error (error, HASHIYA_TEXT_ERROR, HASHIYA_TEXT_ERROR_NUL,
                               _("NUL byte at byte offset %zu"), i);
                  g_free (cps);
                  return FALSE;
                }
              i++;
              u16++;
            }
          else if (b >= 0xC2 && b <= 0xDF)
            {
              if ((s[i + 1] & 0xC0) != 0x80)
                goto invalid;
              i += 2;
              u16++;
            }
          else if (b >= 0xE0 && b <= 0xEF)
            {
              guchar lo = b == 0xE0 ? 0xA0 : 0x80;
              guchar hi = b == 0xED ? 0x9F : 0xBF;   /* no UTF-16 surrogates */

              if (s[i + 1] < lo || s[i + 1] > hi || (s[i + 2] & 0xC0) != 0x80)
                goto invalid;
              i += 3;
              u16++;
            }
          else if (b >= 0xF0 && b <= 0xF4)
            {
              guchar lo = b == 0xF0 ? 0x90 : 0x80;
              guchar hi = b == 0xF4 ? 0x8F : 0xBF;   /* nothing above U+10FFFF */

              if (s[i + 1] < lo || s[i + 1] > hi ||
                  (s[i + 2] & 0xC0) != 0x80 || (s[i + 3] & 0xC0) != 0x80)
                goto invalid;
              i += 4;
              u16 += 2;
            }
          else
            goto invalid;
          cp++;
        }
    }

  if ((cp & CP_MASK) == 0)
    {
      cps[ncp].byte = i;
      cps[ncp].u16 = u16;
      ncp++;
    }

  self->length = cp;
  self->utf16_length = u16;
  self->n_checkpoints = ncp;
  /* Give back the unused part of the upper-bound allocation. */
  self->checkpoints = g_renew (Checkpoint, cps, ncp);
  return TRUE;

invalid:
  g_set_error (error, HASHIYA_TEXT_ERROR, HASHIYA_TEXT_ERROR_INVALID_UTF8,
               _("Invalid UTF-8 at byte offset %zu"), i);
  g_free (cps);
  return FALSE;
}

gboolean
hashiya_utf8_validate_count (const char *utf8,
                             gsize       len,
                             gsize      *n_chars,
                             gsize      *error_at)
{
  const guchar *s = (const guchar *) utf8;
  gsize i = 0, cp = 0;

  while (i < len)
    {
      guchar b = s[i];

      /* eight ASCII bytes at a time (none of them NUL) */
      if (b < 0x80 && i + 8 <= len)
        {
          guint64 w;

          memcpy (&w, s + i, 8);
          if ((w & G_GUINT64_CONSTANT (0x8080808080808080)) == 0 &&
              ((w - G_GUINT64_CONSTANT (0x0101010101010101)) & ~w
               & G_GUINT64_CONSTANT (0x8080808080808080)) == 0)
            {
              i += 8;
              cp += 8;
              continue;
            }
        }
      if (b < 0x80)
        {
          if (G_UNLIKELY (b == 0))
            goto invalid;
          i++;
        }
      else if (b >= 0xC2 && b <= 0xDF)
        {
          if (i + 1 >= len || (s[i + 1] & 0xC0) != 0x80)
            goto invalid;
          i += 2;
        }
      else if (b >= 0xE0 && b <= 0xEF)
        {
          guchar lo = b == 0xE0 ? 0xA0 : 0x80, hi = b == 0xED ? 0x9F : 0xBF;

          if (i + 2 >= len || s[i + 1] < lo || s[i + 1] > hi || (s[i + 2] & 0xC0) != 0x80)
            goto invalid;
          i += 3;
        }
      else if (b >= 0xF0 && b <= 0xF4)
        {
          guchar lo = b == 0xF0 ? 0x90 : 0x80, hi = b == 0xF4 ? 0x8F : 0xBF;

          if (i + 3 >= len || s[i + 1] < lo || s[i + 1] > hi ||
              (s[i + 2] & 0xC0) != 0x80 || (s[i + 3] & 0xC0) != 0x80)
            goto invalid;
          i += 4;
        }
      else
        goto invalid;
      cp++;
    }
  if (n_chars != NULL)
    *n_chars = cp;
  return TRUE;

invalid:
  if (error_at != NULL)
    *error_at = i;
  return FALSE;
}

static HashiyaText *
text_new_from_buffer (char    *buffer,
                      gsize    len,
                      GError **error)
{
  HashiyaText *self = g_new0 (HashiyaText, 1);

  self->ref_count = 1;
  self->utf8 = buffer;
  self->n_bytes = len;
  if (!build_index (self, error))
    {
      g_free (self->utf8);
      g_free (self);
      return NULL;
    }
  return self;
}

HashiyaText *
hashiya_text_new (const char  *utf8,
                  gssize       len,
                  GError     **error)
{
  char *copy;

  g_return_val_if_fail (utf8 != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (len < 0)
    len = strlen (utf8);
  copy = g_malloc (len + 1);
  if (len > 0)
    memcpy (copy, utf8, len);
  copy[len] = '\0';
  return text_new_from_buffer (copy, len, error);
}

/* Takes ownership of utf8 even on failure (it is freed then). It is validated anyway:
 * validation and the index are one pass, so trusting the caller would save nothing. */
HashiyaText *
hashiya_text_new_take (char    *utf8,
                       gsize    len,
                       GError **error)
{
  g_return_val_if_fail (utf8 != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  g_return_val_if_fail (utf8[len] == '\0', NULL);

  return text_new_from_buffer (utf8, len, error);
}

HashiyaText *
hashiya_text_ref (HashiyaText *text)
{
  g_return_val_if_fail (text != NULL, NULL);
  g_atomic_int_inc (&text->ref_count);
  return text;
}

void
hashiya_text_unref (HashiyaText *text)
{
  g_return_if_fail (text != NULL);
  if (g_atomic_int_dec_and_test (&text->ref_count))
    {
      g_free (text->utf8);
      g_free (text->checkpoints);
      g_free (text);
    }
}

const char *
hashiya_text_get_utf8 (HashiyaText *text,
                       gsize       *n_bytes)
{
  g_return_val_if_fail (text != NULL, NULL);
  if (n_bytes)
    *n_bytes = text->n_bytes;
  return text->utf8;
}

gsize
hashiya_text_get_length (HashiyaText *text)
{
  g_return_val_if_fail (text != NULL, 0);
  return text->length;
}

gsize
hashiya_text_get_utf16_length (HashiyaText *text)
{
  g_return_val_if_fail (text != NULL, 0);
  return text->utf16_length;
}

gsize
hashiya_text_cp_to_byte (HashiyaText *text,
                         gsize        cp)
{
  g_return_val_if_fail (text != NULL, 0);
  g_assert (cp <= text->length);
  return cp_to_byte_unchecked (text, cp);
}

gboolean
hashiya_text_byte_to_cp (HashiyaText *text,
                         gsize        byte,
                         gsize       *cp)
{
  const guchar *s;
  gsize lo, hi, b, c;

  g_return_val_if_fail (text != NULL, FALSE);

  s = (const guchar *) text->utf8;
  if (byte > text->n_bytes)
    return FALSE;
  if (byte < text->n_bytes && (s[byte] & 0xC0) == 0x80)
    return FALSE;

  /* Last checkpoint at or before byte. */
  lo = 0;
  hi = text->n_checkpoints;
  while (hi - lo > 1)
    {
      gsize mid = lo + (hi - lo) / 2;
      if (text->checkpoints[mid].byte <= byte)
        lo = mid;
      else
        hi = mid;
    }
  b = text->n_checkpoints ? text->checkpoints[lo].byte : 0;
  c = lo << CP_SHIFT;
  while (b < byte)
    {
      b += seq_len (s[b]);
      c++;
    }
  if (cp)
    *cp = c;
  return TRUE;
}

gsize
hashiya_text_cp_to_utf16 (HashiyaText *text,
                          gsize        cp)
{
  const Checkpoint *ck;
  const guchar *s;
  gsize b, u;
  guint rest;

  g_return_val_if_fail (text != NULL, 0);
  g_assert (cp <= text->length);

  s = (const guchar *) text->utf8;
  ck = &text->checkpoints[cp >> CP_SHIFT];
  b = ck->byte;
  u = ck->u16;
  rest = cp & CP_MASK;
  while (rest--)
    {
      guint l = seq_len (s[b]);
      u += l == 4 ? 2 : 1;
      b += l;
    }
  return u;
}

gboolean
hashiya_text_utf16_to_cp (HashiyaText  *text,
                          gsize         u16,
                          gsize        *cp,
                          GError      **error)
{
  const guchar *s;
  gsize lo, hi, b, u, c;

  g_return_val_if_fail (text != NULL, FALSE);

  if (u16 > text->utf16_length)
    {
      g_set_error (error, HASHIYA_TEXT_ERROR, HASHIYA_TEXT_ERROR_OUT_OF_RANGE,
                   _("UTF-16 offset %zu is beyond the end of the text (%zu "
                     "code units)"), u16, text->utf16_length);
      return FALSE;
    }

  s = (const guchar *) text->utf8;
  lo = 0;
  hi = text->n_checkpoints;
  while (hi - lo > 1)
    {
      gsize mid = lo + (hi - lo) / 2;
      if (text->checkpoints[mid].u16 <= u16)
        lo = mid;
      else
        hi = mid;
    }
  b = text->checkpoints[lo].byte;
  u = text->checkpoints[lo].u16;
  c = lo << CP_SHIFT;
  while (u < u16)
    {
      guint l = seq_len (s[b]);
      u += l == 4 ? 2 : 1;
      b += l;
      c++;
    }
  if (u != u16)
    {
      g_set_error (error, HASHIYA_TEXT_ERROR, HASHIYA_TEXT_ERROR_SPLIT_PAIR,
                   _("UTF-16 offset %zu falls inside a surrogate pair "
                   "(code point %zu)"), u16, c - 1);
      return FALSE;
    }
  if (cp)
    *cp = c;
  return TRUE;
}

gunichar
hashiya_text_get_char (HashiyaText *text,
                       gsize        cp)
{
  g_return_val_if_fail (text != NULL, 0);
  g_return_val_if_fail (cp < text->length, 0);
  return g_utf8_get_char (text->utf8 + cp_to_byte_unchecked (text, cp));
}

char *
hashiya_text_slice (HashiyaText *text,
                    gsize        start,
                    gsize        end)
{
  gsize bs, be;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (start <= end && end <= text->length, NULL);

  bs = cp_to_byte_unchecked (text, start);
  be = cp_to_byte_unchecked (text, end);
  return g_strndup (text->utf8 + bs, be - bs);
}

gsize
hashiya_utf8_cp_count_to_utf16 (const char *utf8,
                                gssize      len)
{
  const guchar *s = (const guchar *) utf8;
  gsize n = 0;

  g_return_val_if_fail (utf8 != NULL || len == 0, 0);

  if (len < 0)
    len = strlen (utf8);
  for (gssize i = 0; i < len; i++)
    {
      guchar b = s[i];
      if ((b & 0xC0) != 0x80)
        n += b >= 0xF0 ? 2 : 1;
    }
  return n;
}

/* ------------------------------------------------------------------------- */
/* Character classes                                                          */
/* ------------------------------------------------------------------------- */

gboolean
hashiya_unichar_is_space (gunichar c)
{
  switch (c)
    {
    case 0x09: case 0x0A: case 0x0B: case 0x0C: case 0x0D: case 0x20:
    case 0x85: case 0xA0: case 0x1680:
    case 0x2028: case 0x2029: case 0x202F: case 0x205F: case 0x3000:
    case 0x200B:   /* ZWSP: not White_Space, but a word separator by intent */
      return TRUE;
    default:
      return c >= 0x2000 && c <= 0x200A;
    }
}

gboolean
hashiya_unichar_is_format (gunichar c)
{
  if (c < 0x0600)
    return c == 0xAD;
  if (c <= 0x06FF)
    return c <= 0x0605 || c == 0x061C || c == 0x06DD;
  if (c == 0x200B)
    return FALSE;   /* counted as space */
  return g_unichar_type (c) == G_UNICODE_FORMAT;
}

gboolean
hashiya_unichar_is_digit (gunichar c)
{
  return (c >= '0' && c <= '9') ||
         (c >= 0x0660 && c <= 0x0669) ||
         (c >= 0x06F0 && c <= 0x06F9);
}

gboolean
hashiya_unichar_is_harakah (gunichar c)
{
  return (c >= 0x064B && c <= 0x065F) ||
         c == 0x0670 ||
         (c >= 0x06D6 && c <= 0x06ED && c != 0x06DD && c != 0x06DE && c != 0x06E9) ||
         (c >= 0x0610 && c <= 0x061A) ||
         (c >= 0x08D3 && c <= 0x08FF && c != 0x08E2);
}

static inline gboolean
type_is_word (GUnicodeType t)
{
  switch (t)
    {
    case G_UNICODE_LOWERCASE_LETTER:
    case G_UNICODE_MODIFIER_LETTER:
    case G_UNICODE_OTHER_LETTER:
    case G_UNICODE_TITLECASE_LETTER:
    case G_UNICODE_UPPERCASE_LETTER:
    case G_UNICODE_SPACING_MARK:
    case G_UNICODE_ENCLOSING_MARK:
    case G_UNICODE_NON_SPACING_MARK:
    case G_UNICODE_DECIMAL_NUMBER:
    case G_UNICODE_LETTER_NUMBER:
    case G_UNICODE_OTHER_NUMBER:
      return TRUE;
    default:
      return FALSE;
    }
}

gboolean
hashiya_unichar_is_word (gunichar c)
{
  if (c < 0x80)
    return g_ascii_isalnum (c);
  return type_is_word (g_unichar_type (c));
}

/* ------------------------------------------------------------------------- */
/* Tokenizer                                                                  */
/* ------------------------------------------------------------------------- */

typedef enum
{
  CLS_SPACE,     /* separates */
  CLS_CONTROL,   /* other control characters: separate, never a token */
  CLS_FORMAT,    /* joins, dropped from token text */
  CLS_WORD,      /* letters, marks, digits, tatweel */
  CLS_NUMSEP,    /* . , ٫ ٬: inside a number between two digits, else a token */
  CLS_OTHER,     /* punctuation, symbols, anything else: a token by itself */
} CharClass;

static inline CharClass
classify (gunichar c)
{
  GUnicodeType t;

  if (c < 0x80)
    {
      if (g_ascii_isalnum (c))
        return CLS_WORD;
      if (c == ' ' || (c >= 0x09 && c <= 0x0D))
        return CLS_SPACE;
      if (c < 0x20 || c == 0x7F)
        return CLS_CONTROL;
      if (c == '.' || c == ',')
        return CLS_NUMSEP;
      return CLS_OTHER;
    }
  /* the common Arabic letters, marks, tatweel and digits */
  if ((c >= 0x0621 && c <= 0x0669) || (c >= 0x066E && c <= 0x06D3))
    return CLS_WORD;
  if (hashiya_unichar_is_space (c))
    return CLS_SPACE;
  if (c == 0x066B || c == 0x066C)
    return CLS_NUMSEP;
  t = g_unichar_type (c);
  if (type_is_word (t))
    return CLS_WORD;
  if (t == G_UNICODE_FORMAT)
    return CLS_FORMAT;
  if (t == G_UNICODE_CONTROL)
    return CLS_CONTROL;
  return CLS_OTHER;
}

static inline gboolean
is_decimal (gunichar c)
{
  if (c < 0x80)
    return c >= '0' && c <= '9';
  return g_unichar_type (c) == G_UNICODE_DECIMAL_NUMBER;
}

static inline gboolean
is_line_break (gunichar c)
{
  return c == '\n' || c == '\r' || c == 0x85 || c == 0x2028 || c == 0x2029;
}

static inline gboolean
is_terminator (gunichar c)
{
  return c == '.' || c == '!' || c == '?' || c == 0x061F || c == 0x06D4 || c == 0x2026;
}

static inline gboolean
is_closer (gunichar c)
{
  return c == '"' || c == '\'' || c == 0xBB || c == 0x201D || c == 0x2019 ||
         c == ')' || c == ']' || c == 0xFD3E || c == 0xFD3F;
}

/* ------------------------------------------------------------------------- */
/* Per-character facts, cached for the code points below U+0800                */
/* ------------------------------------------------------------------------- */

/* What the tokenizer, the sentence splitter and the grapheme rule want to know about a
 * character, in one lookup. The table covers the one- and two-byte UTF-8 range (ASCII,
 * Latin, the Arabic block), which is nearly every character of an Arabic text; it is
 * filled once from the definitions above, so it cannot disagree with them. Other
 * characters are computed by the same function on the way. */
enum
{
  CI_CLASS      = 0x0007,   /* CharClass */
  CI_SPACE      = 0x0008,   /* hashiya_unichar_is_space () */
  CI_FORMAT     = 0x0010,   /* hashiya_unichar_is_format () */
  CI_LINE_BREAK = 0x0020,
  CI_TERMINATOR = 0x0040,
  CI_CLOSER     = 0x0080,
  CI_DECIMAL    = 0x0100,   /* is_decimal () */
  CI_MARK       = 0x0200,   /* a combining mark (General Category M*) */
  CI_SPLIT      = 0x0C00,   /* what the character does to the splitter's word count: */
  CI_SPLIT_NONE   = 0x0000, /*   tatweel, marks, format characters: nothing */
  CI_SPLIT_DIGIT  = 0x0400, /*   a number */
  CI_SPLIT_LETTER = 0x0800, /*   one more letter */
  CI_SPLIT_RESET  = 0x0C00, /*   anything else ends the word */
};

#define N_CACHED_INFO 0x800
static guint16 char_info_table[N_CACHED_INFO];

static guint
compute_char_info (gunichar c)
{
  guint info = classify (c);
  GUnicodeType t;

  if (hashiya_unichar_is_space (c))
    info |= CI_SPACE;
  if (hashiya_unichar_is_format (c))
    info |= CI_FORMAT;
  if (is_line_break (c))
    info |= CI_LINE_BREAK;
  if (is_terminator (c))
    info |= CI_TERMINATOR;
  if (is_closer (c))
    info |= CI_CLOSER;
  if (is_decimal (c))
    info |= CI_DECIMAL;

  if (c < 0x80)
    t = g_ascii_isalpha (c) ? G_UNICODE_LOWERCASE_LETTER :
        g_ascii_isdigit (c) ? G_UNICODE_DECIMAL_NUMBER : G_UNICODE_OTHER_PUNCTUATION;
  else
    t = g_unichar_type (c);
  if (c >= 0x80 && is_mark_type (t))
    info |= CI_MARK;
  if ((info & CI_FORMAT) || c == 0x0640 || is_mark_type (t))
    info |= CI_SPLIT_NONE;
  else if (t == G_UNICODE_DECIMAL_NUMBER || t == G_UNICODE_LETTER_NUMBER ||
           t == G_UNICODE_OTHER_NUMBER)
    info |= CI_SPLIT_DIGIT;
  else if (type_is_word (t))
    info |= CI_SPLIT_LETTER;
  else
    info |= CI_SPLIT_RESET;
  return info;
}

static void
init_char_info (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      for (gunichar c = 0; c < N_CACHED_INFO; c++)
        char_info_table[c] = (guint16) compute_char_info (c);
      g_once_init_leave (&done, 1);
    }
}

static inline guint
char_info (gunichar c)
{
  if (G_LIKELY (c < N_CACHED_INFO))
    return char_info_table[c];
  return compute_char_info (c);
}

/* Decodes the character at p (valid UTF-8) and returns the address of the next one. */
static inline const char *
decode (const char *p,
        gunichar   *c)
{
  const guchar *s = (const guchar *) p;

  if (s[0] < 0x80)
    {
      *c = s[0];
      return p + 1;
    }
  if (s[0] < 0xE0)
    {
      *c = ((s[0] & 0x1F) << 6) | (s[1] & 0x3F);
      return p + 2;
    }
  if (s[0] < 0xF0)
    {
      *c = ((s[0] & 0x0F) << 12) | ((s[1] & 0x3F) << 6) | (s[2] & 0x3F);
      return p + 3;
    }
  *c = ((s[0] & 0x07) << 18) | ((s[1] & 0x3F) << 12) | ((s[2] & 0x3F) << 6) | (s[3] & 0x3F);
  return p + 4;
}

/* continues_cluster () with the table's answer for the characters below U+0800: there
 * only a combining mark after anything but a control or line break continues a cluster
 * (and LF after CR). */
static inline gboolean
continues_cluster_fast (gunichar prev,
                        gunichar c)
{
  if (c < N_CACHED_INFO)
    {
      if (prev == '\r')
        return c == '\n';
      if (!(char_info_table[c] & CI_MARK) || c < 0x300)
        return FALSE;
      return !(prev < 0x20 || prev == 0x7F || prev == 0x85 || prev == 0x2028 || prev == 0x2029);
    }
  return continues_cluster (prev, c);
}

static inline void
push_range (GArray *out,
            gsize   start,
            gsize   end)
{
  HashiyaRange r = { start, end };
  g_array_append_val (out, r);
}

/* Tokens are gathered in a small buffer and appended to the GArray in bulk: one
 * g_array_append_val call per token was a tenth of the tokenizer's time. */
#define TOKEN_BUF 128

typedef struct
{
  HashiyaRange  buf[TOKEN_BUF];
  guint         n;
  GArray       *out;
} TokenBuf;

static inline void
token_buf_push (TokenBuf *tb,
                gsize     start,
                gsize     end)
{
  if (G_UNLIKELY (tb->n == TOKEN_BUF))
    {
      g_array_append_vals (tb->out, tb->buf, tb->n);
      tb->n = 0;
    }
  tb->buf[tb->n].start = start;
  tb->buf[tb->n].end = end;
  tb->n++;
}

#define IS_REGIONAL(c) ((c) >= 0x1F1E6 && (c) <= 0x1F1FF)

/* Appends the tokens of [cp, end) to out; p is the address of code point cp. */
static void
tokenize_from (const char *p,
               gsize       cp,
               gsize       end,
               GArray     *out)
{
  TokenBuf tb;
  gboolean in_word = FALSE;
  gsize wstart = 0, wend = 0;
  gboolean last_word_decimal = FALSE;   /* last non-format character of the word is a digit */

  tb.n = 0;
  tb.out = out;

  while (cp < end)
    {
      gunichar c;
      const char *next = decode (p, &c);
      guint info = char_info (c);
      CharClass cls = info & CI_CLASS;

      if (G_LIKELY (cls == CLS_WORD))
        {
          if (!in_word)
            {
              in_word = TRUE;
              wstart = cp;
            }
          wend = cp + 1;
          last_word_decimal = (info & CI_DECIMAL) != 0;
          p = next;
          cp++;
          continue;
        }

      if (cls == CLS_NUMSEP && in_word && last_word_decimal && cp + 1 < end)
        {
          gunichar d;

          decode (next, &d);
          if (char_info (d) & CI_DECIMAL)
            {
              /* inside a number: part of the word */
              wend = cp + 1;
              last_word_decimal = FALSE;
              p = next;
              cp++;
              continue;
            }
        }

      switch (cls)
        {
        case CLS_FORMAT:
          /* Never splits a word; trimmed from the edges of a token. */
          break;

        case CLS_SPACE:
        case CLS_CONTROL:
          if (in_word)
            {
              token_buf_push (&tb, wstart, wend);
              in_word = FALSE;
            }
          break;

        case CLS_NUMSEP:
        case CLS_OTHER:
        default:
          {
            gsize tstart = cp;
            gunichar prev = c;

            if (in_word)
              {
                token_buf_push (&tb, wstart, wend);
                in_word = FALSE;
              }
            /* Keep a symbol's grapheme cluster whole (emoji modifiers, ZWJ sequences, a
             * flag's pair of regional indicators). */
            guint n_regional = IS_REGIONAL (c) ? 1 : 0;
            while (cp + 1 < end)
              {
                gunichar n;
                const char *after = decode (next, &n);

                if (IS_REGIONAL (prev) && IS_REGIONAL (n) && n_regional == 1)
                  n_regional++;
                else if (!continues_cluster_fast (prev, n))
                  break;
                prev = n;
                next = after;
                cp++;
              }
            token_buf_push (&tb, tstart, cp + 1);
          }
          break;
        }
      p = next;
      cp++;
    }
  if (in_word)
    token_buf_push (&tb, wstart, wend);
  if (tb.n > 0)
    g_array_append_vals (out, tb.buf, tb.n);
}

GArray *
hashiya_tokenize (HashiyaText *text,
                  gsize        start,
                  gsize        end)
{
  GArray *out;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (start <= end && end <= text->length, NULL);

  init_char_info ();
  out = g_array_sized_new (FALSE, FALSE, sizeof (HashiyaToken), MIN ((end - start) / 6 + 4, 4096));
  tokenize_from (text->utf8 + cp_to_byte_unchecked (text, start), start, end, out);
  return out;
}

char *
hashiya_token_text (HashiyaText        *text,
                    const HashiyaToken *token)
{
  const char *p, *e;
  GString *s;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (token != NULL, NULL);
  g_return_val_if_fail (token->start <= token->end && token->end <= text->length, NULL);

  init_char_info ();
  p = text->utf8 + cp_to_byte_unchecked (text, token->start);
  e = text->utf8 + cp_to_byte_unchecked (text, token->end);
  s = g_string_sized_new (e - p);
  while (p < e)
    {
      gunichar c;
      const char *n = decode (p, &c);

      if (!(char_info (c) & (CI_FORMAT | CI_SPACE)))
        g_string_append_len (s, p, n - p);
      else if (char_info (c) & CI_FORMAT)
        {
          gunichar after = 0;
          if (n < e)
            decode (n, &after);
          if (hashiya_unichar_format_kept (c, after))
            g_string_append_len (s, p, n - p);
        }
      p = n;
    }
  return g_string_free (s, FALSE);
}

/* ------------------------------------------------------------------------- */
/* Sentences                                                                  */
/* ------------------------------------------------------------------------- */

/* Called for every sentence found: [start, end) in code points, p the address of start. */
typedef void (*SentenceSink) (const char *p,
                              gsize       start,
                              gsize       end,
                              gpointer    data);

static void
split_sentences_from (const char   *p,
                      gsize         cp,
                      gsize         end,
                      SentenceSink  sink,
                      gpointer      data)
{
  gboolean open = FALSE;        /* a sentence has started */
  gboolean content = FALSE;     /* it has a character other than format characters */
  gsize sstart = 0, send = 0;   /* send: end of its last non-space character */
  const char *sstart_p = NULL;
  guint word_letters = 0;       /* letters in the word just before the current char */
  gboolean word_digit = FALSE;

#define FLUSH() G_STMT_START {                   \
    if (open && content)                         \
      sink (sstart_p, sstart, send, data);       \
    open = FALSE;                                \
    content = FALSE;                             \
  } G_STMT_END

  while (cp < end)
    {
      gunichar c;
      const char *next = decode (p, &c);
      guint info = char_info (c);

      /* the common case first: a character inside an open sentence that is no space,
       * stop or format character (one test instead of four) */
      if (G_LIKELY (open && !(info & (CI_SPACE | CI_LINE_BREAK | CI_TERMINATOR | CI_FORMAT))))
        {
          content = TRUE;
          switch (info & CI_SPLIT)
            {
            case CI_SPLIT_LETTER:
              word_letters++;
              break;
            case CI_SPLIT_DIGIT:
              word_digit = TRUE;
              break;
            case CI_SPLIT_RESET:
              word_letters = 0;
              word_digit = FALSE;
              break;
            default:
              break;   /* tatweel and marks do not make a word longer */
            }
          p = next;
          cp++;
          send = cp;
          continue;
        }

      if (info & (CI_SPACE | CI_LINE_BREAK))
        {
          if (info & CI_LINE_BREAK)
            FLUSH ();
          word_letters = 0;
          word_digit = FALSE;
          p = next;
          cp++;
          continue;
        }

      if (!open)
        {
          open = TRUE;
          sstart = cp;
          sstart_p = p;
        }

      if (info & CI_TERMINATOR)
        {
          const char *q = p;
          gsize qcp = cp;
          guint n_term = 0;
          gboolean followed;

          /* the run of stops, then closing quotes and brackets */
          while (qcp < end)
            {
              gunichar d;
              const char *qn = decode (q, &d);
              guint dinfo = char_info (d);

              if (dinfo & CI_TERMINATOR)
                n_term++;
              else if (!(dinfo & CI_FORMAT))
                break;
              q = qn;
              qcp++;
            }
          while (qcp < end)
            {
              gunichar d;
              const char *qn = decode (q, &d);

              if (!(char_info (d) & (CI_CLOSER | CI_FORMAT)))
                break;
              q = qn;
              qcp++;
            }
          if (qcp >= end)
            followed = TRUE;
          else
            {
              gunichar d;

              decode (q, &d);
              followed = (char_info (d) & CI_SPACE) != 0;
            }
          content = TRUE;
          send = qcp;
          if (followed && !(n_term == 1 && c == '.' && word_letters == 1 && !word_digit))
            FLUSH ();
          word_letters = 0;
          word_digit = FALSE;
          p = q;
          cp = qcp;
          continue;
        }

      if (!(info & CI_FORMAT))
        {
          content = TRUE;
          switch (info & CI_SPLIT)
            {
            case CI_SPLIT_DIGIT:
              word_digit = TRUE;
              break;
            case CI_SPLIT_LETTER:
              word_letters++;
              break;
            case CI_SPLIT_RESET:
              word_letters = 0;
              word_digit = FALSE;
              break;
            default:
              break;   /* tatweel and marks do not make a word longer */
            }
        }
      p = next;
      cp++;
      send = cp;
    }
  FLUSH ();
#undef FLUSH
}

static void
sentence_to_array (const char *p,
                   gsize       start,
                   gsize       end,
                   gpointer    data)
{
  push_range (data, start, end);
}

GArray *
hashiya_split_sentences (HashiyaText *text,
                         gsize        start,
                         gsize        end)
{
  GArray *out;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (start <= end && end <= text->length, NULL);

  init_char_info ();
  out = g_array_new (FALSE, FALSE, sizeof (HashiyaRange));
  split_sentences_from (text->utf8 + cp_to_byte_unchecked (text, start), start, end,
                        sentence_to_array, out);
  return out;
}

typedef struct
{
  GArray              *tokens;
  HashiyaSentenceFunc  func;
  gpointer             user_data;
} ForeachSentence;

static void
sentence_to_func (const char *p,
                  gsize       start,
                  gsize       end,
                  gpointer    data)
{
  ForeachSentence *fs = data;

  g_array_set_size (fs->tokens, 0);
  tokenize_from (p, start, end, fs->tokens);
  fs->func (start, end, (const HashiyaToken *) fs->tokens->data, fs->tokens->len,
            fs->user_data);
}

void
hashiya_text_foreach_sentence (HashiyaText         *text,
                               gsize                start,
                               gsize                end,
                               HashiyaSentenceFunc  func,
                               gpointer             user_data)
{
  ForeachSentence fs;

  g_return_if_fail (text != NULL);
  g_return_if_fail (start <= end && end <= text->length);
  g_return_if_fail (func != NULL);

  init_char_info ();
  fs.tokens = g_array_sized_new (FALSE, FALSE, sizeof (HashiyaToken), 256);
  fs.func = func;
  fs.user_data = user_data;
  split_sentences_from (text->utf8 + cp_to_byte_unchecked (text, start), start, end,
                        sentence_to_func, &fs);
  g_array_unref (fs.tokens);
}
