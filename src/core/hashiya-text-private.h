/* hashiya-text-private.h: HashiyaText's insides, shared by hashiya-text.c and hashiya-text-search.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The small decoders are inline: the tokenizer and the search call them for every character.
 */
#pragma once

#include "hashiya-text.h"

G_BEGIN_DECLS

/* One checkpoint every 2^CP_SHIFT code points. */
#define CP_SHIFT 6
#define CP_STEP  (1u << CP_SHIFT)
#define CP_MASK  (CP_STEP - 1)

typedef struct
{
  gsize byte;
  gsize u16;
} Checkpoint;

struct _HashiyaText
{
  gint        ref_count;
  char       *utf8;
  gsize       n_bytes;
  gsize       length;        /* code points */
  gsize       utf16_length;
  gsize       n_checkpoints;
  Checkpoint *checkpoints;   /* checkpoints[k] describes code point k * CP_STEP */
};

/* Length of the UTF-8 sequence starting with byte b (the text is valid). */
static inline guint
seq_len (guchar b)
{
  if (b < 0x80)
    return 1;
  if (b < 0xE0)
    return 2;
  if (b < 0xF0)
    return 3;
  return 4;
}

static inline gsize
cp_to_byte_unchecked (HashiyaText *text,
                      gsize        cp)
{
  const Checkpoint *ck = &text->checkpoints[cp >> CP_SHIFT];
  const guchar *s = (const guchar *) text->utf8;
  gsize b = ck->byte;
  guint rest = cp & CP_MASK;

  while (rest--)
    b += seq_len (s[b]);
  return b;
}

/* Decodes one character of valid UTF-8 (the text was validated). */
static inline gunichar
get_char (const char *p)
{
  const guchar *s = (const guchar *) p;

  if (s[0] < 0x80)
    return s[0];
  if (s[0] < 0xE0)
    return ((s[0] & 0x1F) << 6) | (s[1] & 0x3F);
  if (s[0] < 0xF0)
    return ((s[0] & 0x0F) << 12) | ((s[1] & 0x3F) << 6) | (s[2] & 0x3F);
  return ((s[0] & 0x07) << 18) | ((s[1] & 0x3F) << 12) | ((s[2] & 0x3F) << 6) | (s[3] & 0x3F);
}

static inline const char *
next_char (const char *p)
{
  return p + seq_len ((guchar) *p);
}

static inline gboolean
is_mark_type (GUnicodeType t)
{
  return t == G_UNICODE_NON_SPACING_MARK || t == G_UNICODE_SPACING_MARK ||
         t == G_UNICODE_ENCLOSING_MARK;
}

static inline gboolean
is_ext_pictographic (gunichar c)
{
  return c == 0xA9 || c == 0xAE || c == 0x203C || c == 0x2049 || c == 0x2122 ||
         c == 0x2139 || (c >= 0x2194 && c <= 0x21AA) || (c >= 0x231A && c <= 0x23FF) ||
         c == 0x24C2 || (c >= 0x25AA && c <= 0x27BF) || (c >= 0x2934 && c <= 0x2B55) ||
         c == 0x3030 || c == 0x303D || c == 0x3297 || c == 0x3299 ||
         (c >= 0x1F000 && c <= 0x1FAFF);
}

/* TRUE when c continues the grapheme cluster that prev belongs to. */
static inline gboolean
continues_cluster (gunichar prev,
                   gunichar c)
{
  if (prev == '\r')
    return c == '\n';
  if (c < 0x300)
    return FALSE;
  /* fast answer for the Arabic letters (not marks) that make up most of a text */
  if ((c >= 0x0621 && c <= 0x064A) || (c >= 0x0660 && c <= 0x066F) || (c >= 0x0671 && c <= 0x06D5))
    return FALSE;
  if (prev < 0x20 || prev == 0x7F || prev == 0x85 || prev == 0x2028 || prev == 0x2029)
    return FALSE;   /* nothing attaches to a control or line break */
  if (c == 0x200D)
    return TRUE;
  if ((c >= 0xFE00 && c <= 0xFE0F) || (c >= 0xE0100 && c <= 0xE01EF))
    return TRUE;
  if (c >= 0x1F3FB && c <= 0x1F3FF)
    return TRUE;
  if (c >= 0xE0020 && c <= 0xE007F)
    return TRUE;   /* tag characters of flag sequences */
  if (prev == 0x200D && is_ext_pictographic (c))
    return TRUE;
  return is_mark_type (g_unichar_type (c));
}

G_END_DECLS
