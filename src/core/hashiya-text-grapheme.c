/* hashiya-text-grapheme.c: grapheme cluster boundaries of a HashiyaText (a selection never cuts a mark off its letter)
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "hashiya-text-private.h"

/* ------------------------------------------------------------------------- */
/* Grapheme boundaries                                                        */
/* ------------------------------------------------------------------------- */

/* The character at code point cp when it has one on each side, NULL at the text's ends
 * (always a boundary). */
static const char *
inner_char_at (HashiyaText *text,
               gsize        cp)
{
  if (cp == 0 || cp == text->length)
    return NULL;
  return text->utf8 + cp_to_byte_unchecked (text, cp);
}

gboolean
hashiya_text_is_grapheme_boundary (HashiyaText *text,
                                   gsize        cp)
{
  const char *p;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (cp <= text->length, FALSE);

  p = inner_char_at (text, cp);
  if (p == NULL)
    return TRUE;
  return !continues_cluster (g_utf8_get_char (g_utf8_prev_char (p)), get_char (p));
}

gsize
hashiya_text_grapheme_floor (HashiyaText *text,
                             gsize        cp)
{
  const char *p;
  gunichar c;

  g_return_val_if_fail (text != NULL, 0);
  g_return_val_if_fail (cp <= text->length, 0);

  p = inner_char_at (text, cp);
  if (p == NULL)
    return cp;
  c = get_char (p);
  while (cp > 0)
    {
      const char *q = g_utf8_prev_char (p);
      gunichar prev = g_utf8_get_char (q);

      if (!continues_cluster (prev, c))
        break;
      p = q;
      c = prev;
      cp--;
    }
  return cp;
}

gsize
hashiya_text_grapheme_ceil (HashiyaText *text,
                            gsize        cp)
{
  const char *p;
  gunichar prev;

  g_return_val_if_fail (text != NULL, 0);
  g_return_val_if_fail (cp <= text->length, 0);

  p = inner_char_at (text, cp);
  if (p == NULL)
    return cp;
  prev = g_utf8_get_char (g_utf8_prev_char (p));
  while (cp < text->length)
    {
      gunichar c = get_char (p);

      if (!continues_cluster (prev, c))
        break;
      prev = c;
      p = next_char (p);
      cp++;
    }
  return cp;
}

gboolean
hashiya_unichar_format_kept (gunichar c,
                             gunichar next)
{
  if (c == 0x200D)
    return is_ext_pictographic (next);
  return c >= 0xE0020 && c <= 0xE007F;
}
