/* hashiya-span-rules.c: a span stays inside one segment (the window refuses a selection
 * that crosses a boundary; hashiya-cli tag does too unless --across-segments)
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "hashiya-span-rules.h"

static int
segment_at (GArray *segments, gint64 offset)
{
  for (guint i = 0; segments != NULL && i < segments->len; i++)
    {
      const HashiyaSegment *s = &g_array_index (segments, HashiyaSegment, i);
      if (s->start <= offset && offset < s->end)
        return (int) i;
    }
  return -1;
}

gboolean
hashiya_span_crosses_segments (GArray *segments, gint64 start, gint64 end, int *inside, int *into)
{
  int first;

  if (inside != NULL)
    *inside = -1;
  if (into != NULL)
    *into = -1;
  if (segments == NULL || end <= start)
    return FALSE;
  for (guint i = 0; i < segments->len; i++)
    {
      const HashiyaSegment *s = &g_array_index (segments, HashiyaSegment, i);
      gboolean starts_inside = s->start > start && s->start < end;
      gboolean ends_inside = s->end > start && s->end < end;

      if (!starts_inside && !ends_inside)
        continue;
      first = segment_at (segments, start);
      if (inside != NULL)
        *inside = first;
      if (into != NULL)
        for (guint k = 0; k < segments->len; k++)
          {
            const HashiyaSegment *o = &g_array_index (segments, HashiyaSegment, k);
            if ((int) k != first && o->start < end && o->end > start)
              {
                *into = (int) k;
                break;
              }
          }
      return TRUE;
    }
  return FALSE;
}

static const char *
kind_name (GArray *segments, int index)
{
  const HashiyaSegment *s;

  if (segments == NULL || index < 0 || index >= (int) segments->len)
    /* TRANSLATORS: text between two segments, such as the blank line after a title */
    return _("the text between segments");
  s = &g_array_index (segments, HashiyaSegment, index);
  switch (s->kind)
    {
    case HASHIYA_SEGMENT_SITE:        return _("the site breadcrumbs");
    case HASHIYA_SEGMENT_TITLE:       return _("the title");
    case HASHIYA_SEGMENT_BYLINE:      return _("the byline");
    case HASHIYA_SEGMENT_PARAGRAPH:   return _("a paragraph");
    case HASHIYA_SEGMENT_HEADING:     return _("a heading");
    case HASHIYA_SEGMENT_CAPTION:     return _("a caption");
    case HASHIYA_SEGMENT_BOILERPLATE: return _("the page boilerplate");
    case HASHIYA_SEGMENT_COMMENT:     return _("a comment");
    case HASHIYA_N_SEGMENT_KINDS:
    default:                          return _("another segment");
    }
}

char *
hashiya_span_crossing_message (GArray *segments, int inside, int into)
{
  /* TRANSLATORS: "from the title into the byline"; a span is one entity inside one part */
  return g_strdup_printf (_("The span would run from %s into %s: a span must stay inside "
                            "one segment"),
                          kind_name (segments, inside), kind_name (segments, into));
}
