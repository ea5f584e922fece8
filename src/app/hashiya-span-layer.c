/* hashiya-span-layer.c: lanes and label chips under the lines, the selection outline
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Drawn in GtkTextView's snapshot_layer, after the text, in the room each paragraph keeps
 * below its lines (the document view reserves it with one tag per lane count): nothing
 * here covers a letter, and the text's shaping is never touched.
 */
#include "config.h"

#include "hashiya-span-layer.h"

#include <math.h>

#define CHIP_FONT "Sans Bold 7"

typedef struct
{
  GArray *lane_ends;   /* gint64 per lane: where the lane is free again */
  GArray *out;
  int     n_lanes;
} LaneState;

static void
assign_one (HashiyaSpanModel *model, guint index, gpointer user_data)
{
  LaneState *st = user_data;
  const HashiyaSpan *s = hashiya_span_model_get (model, index);
  HashiyaLanedSpan ls = { index, -1 };

  for (guint k = 0; k < st->lane_ends->len; k++)
    if (g_array_index (st->lane_ends, gint64, k) <= s->start)
      {
        ls.lane = (int) k;
        g_array_index (st->lane_ends, gint64, k) = s->end;
        break;
      }
  if (ls.lane < 0)
    {
      ls.lane = (int) st->lane_ends->len;
      g_array_append_val (st->lane_ends, s->end);
    }
  st->n_lanes = MAX (st->n_lanes, ls.lane + 1);
  if (st->out != NULL)
    g_array_append_val (st->out, ls);
}

int
hashiya_span_layer_assign_lanes (HashiyaSpanModel *model, gint64 start, gint64 end, GArray *out)
{
  LaneState st = { g_array_new (FALSE, FALSE, sizeof (gint64)), out, 0 };

  hashiya_span_model_foreach_overlapping (model, start, MAX (end, start + 1), assign_one, &st);
  g_array_unref (st.lane_ends);
  return st.n_lanes;
}

/* ---- display-line pieces ------------------------------------------------- */

static void
normalize (const GdkRectangle *r, int *x0, int *x1)
{
  *x0 = MIN (r->x, r->x + r->width);
  *x1 = MAX (r->x, r->x + r->width);
}

void
hashiya_span_layer_foreach_piece (GtkTextView *view, gint64 start, gint64 end,
                                  HashiyaPieceFunc func, gpointer user_data)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter it, stop;
  GdkRectangle visible;
  gboolean first = TRUE;
  int guard = 0;

  if (end <= start)
    return;
  gtk_text_view_get_visible_rect (view, &visible);
  gtk_text_buffer_get_iter_at_offset (buffer, &it, (int) start);
  gtk_text_buffer_get_iter_at_offset (buffer, &stop, (int) end);
  {
    /* only what is on screen: asking where off-screen text lies would make the view lay
     * those lines out while it draws */
    GtkTextIter top, bottom;

    gtk_text_view_get_line_at_y (view, &top, visible.y, NULL);
    gtk_text_view_get_line_at_y (view, &bottom, visible.y + visible.height, NULL);
    if (!gtk_text_iter_ends_line (&bottom))
      gtk_text_iter_forward_to_line_end (&bottom);
    if (gtk_text_iter_compare (&it, &top) < 0)
      {
        it = top;
        first = FALSE;
      }
    if (gtk_text_iter_compare (&stop, &bottom) > 0)
      stop = bottom;
  }
  while (gtk_text_iter_compare (&it, &stop) < 0 && guard++ < 4096)
    {
      GtkTextIter line_end = it, last;
      GdkRectangle ra, rb;
      int ax0, ax1, bx0, bx1;

      if (gtk_text_iter_ends_line (&it))
        {
          /* the paragraph's line break: nothing to draw, go on in the next paragraph */
          if (!gtk_text_iter_forward_char (&it))
            break;
          first = FALSE;
          continue;
        }
      gtk_text_view_forward_display_line_end (view, &line_end);
      if (gtk_text_iter_compare (&line_end, &it) <= 0 || gtk_text_iter_compare (&line_end, &stop) > 0)
        line_end = stop;
      last = line_end;
      gtk_text_iter_backward_char (&last);
      if (gtk_text_iter_compare (&last, &it) < 0)
        last = it;
      gtk_text_view_get_iter_location (view, &it, &ra);
      if (ra.y > visible.y + visible.height)
        break;
      gtk_text_view_get_iter_location (view, &last, &rb);
      normalize (&ra, &ax0, &ax1);
      normalize (&rb, &bx0, &bx1);
      ax0 = MIN (ax0, bx0);
      ax1 = MAX (ax1, bx1);
      if (ra.y + ra.height + HASHIYA_SPAN_LANE_PX * HASHIYA_SPAN_MAX_LANES >= visible.y)
        {
          /* a piece mixing directions (digits or Latin in Arabic) is not contiguous
           * between its first and last letters: then take every letter's box */
          GtkTextIter c = it;
          gboolean mixed = FALSE, rtl = FALSE, ltr = FALSE;
          int n = 0;

          while (gtk_text_iter_compare (&c, &line_end) < 0 && n++ < 256 && !mixed)
            {
              gunichar ch = gtk_text_iter_get_char (&c);
              if ((ch >= 0x0590 && ch <= 0x08FF) || (ch >= 0xFB1D && ch <= 0xFEFF))
                rtl = TRUE;
              else if (g_unichar_isalnum (ch))
                ltr = TRUE;
              mixed = rtl && ltr;
              gtk_text_iter_forward_char (&c);
            }
          c = it;
          n = 0;
          while (mixed && gtk_text_iter_compare (&c, &last) < 0 && n++ < 256)
            {
              GdkRectangle rc;
              int cx0, cx1;
              gtk_text_iter_forward_char (&c);
              gtk_text_view_get_iter_location (view, &c, &rc);
              if (rc.y != ra.y)
                continue;
              normalize (&rc, &cx0, &cx1);
              ax0 = MIN (ax0, cx0);
              ax1 = MAX (ax1, cx1);
            }
          func (ax0, ax1, ra.y, ra.height, first, user_data);
        }
      first = FALSE;
      it = line_end;
      if (gtk_text_iter_compare (&it, &stop) >= 0)
        break;
      if (!gtk_text_iter_ends_line (&it) && !gtk_text_view_starts_display_line (view, &it)
          && !gtk_text_view_forward_display_line (view, &it))
        break;
    }
}

/* ---- lanes and chips ------------------------------------------------------ */

static gboolean
char_is_rtl (gunichar c)
{
  return (c >= 0x0590 && c <= 0x08FF) || (c >= 0xFB1D && c <= 0xFDFF) || (c >= 0xFE70 && c <= 0xFEFF);
}

/* The direction the span reads in: its first strong character's (RTL when none). */
static gboolean
span_is_rtl (GtkTextView *view, gint64 start, gint64 end)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter it;

  gtk_text_buffer_get_iter_at_offset (buffer, &it, (int) start);
  for (gint64 i = start; i < end && i < start + 64; i++)
    {
      gunichar c = gtk_text_iter_get_char (&it);
      if (char_is_rtl (c))
        return TRUE;
      if (g_unichar_isalpha (c))
        return FALSE;
      gtk_text_iter_forward_char (&it);
    }
  return gtk_widget_get_direction (GTK_WIDGET (view)) == GTK_TEXT_DIR_RTL;
}

static double
luminance (const GdkRGBA *c)
{
  double v[3] = { c->red, c->green, c->blue };

  for (int i = 0; i < 3; i++)
    v[i] = v[i] <= 0.04045 ? v[i] / 12.92 : pow ((v[i] + 0.055) / 1.055, 2.4);
  return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2];
}

typedef struct
{
  GtkTextView   *view;
  GtkSnapshot   *snapshot;
  const GdkRGBA *color;
  const char    *label;
  int            lane;
  gboolean       rtl;
  gboolean       chip;   /* this paragraph holds the span's start */
  GHashTable    *layouts;
} DrawData;

static PangoLayout *
chip_layout (DrawData *d)
{
  PangoLayout *layout = g_hash_table_lookup (d->layouts, d->label);

  if (layout == NULL)
    {
      g_autoptr(PangoFontDescription) desc = pango_font_description_from_string (CHIP_FONT);
      g_autofree char *upper = g_utf8_strup (d->label, -1);

      layout = gtk_widget_create_pango_layout (GTK_WIDGET (d->view), upper);
      pango_layout_set_font_description (layout, desc);
      g_hash_table_insert (d->layouts, g_strdup (d->label), layout);
    }
  return layout;
}

static void
draw_piece (int x0, int x1, int y, int h, gboolean first, gpointer user_data)
{
  DrawData *d = user_data;
  int lane = MIN (d->lane, HASHIYA_SPAN_MAX_LANES - 1);
  float top = y + h + 2 + lane * HASHIYA_SPAN_LANE_PX;
  GdkRGBA bar = *d->color;

  bar.alpha = 1;
  /* the extent: a bar from the span's first letter to its last */
  gtk_snapshot_append_color (d->snapshot, &bar,
                             &GRAPHENE_RECT_INIT (x0, top + 5, MAX (x1 - x0, 2), 3));
  /* the span's ends: short ticks, so that two spans of one label side by side stay two */
  gtk_snapshot_append_color (d->snapshot, &bar, &GRAPHENE_RECT_INIT (x0, top + 1, 2, 11));
  gtk_snapshot_append_color (d->snapshot, &bar, &GRAPHENE_RECT_INIT (MAX (x1 - 2, x0), top + 1, 2, 11));

  if (first && d->chip)
    {
      PangoLayout *layout = chip_layout (d);
      int lw, lh;
      float cw, cx;
      GdkRGBA text;

      pango_layout_get_pixel_size (layout, &lw, &lh);
      cw = lw + 8;
      cx = d->rtl ? x1 - cw : x0;
      /* a plain box: a rounded clip costs an offscreen pass per chip in the GL renderer */
      gtk_snapshot_append_color (d->snapshot, &bar, &GRAPHENE_RECT_INIT (cx, top, cw, HASHIYA_SPAN_LANE_PX - 2));
      text = luminance (&bar) > 0.30 ? (GdkRGBA) { 0.08, 0.08, 0.08, 1 } : (GdkRGBA) { 1, 1, 1, 1 };
      gtk_snapshot_save (d->snapshot);
      gtk_snapshot_translate (d->snapshot, &GRAPHENE_POINT_INIT (cx + 4, top + (HASHIYA_SPAN_LANE_PX - 2 - lh) / 2.0f));
      gtk_snapshot_append_layout (d->snapshot, layout, &text);
      gtk_snapshot_restore (d->snapshot);
    }
}

void
hashiya_span_layer_snapshot (GtkTextView *view, GtkSnapshot *snapshot, HashiyaSpanModel *model,
                             GHashTable *layouts, HashiyaLabelColorFunc color_func, gpointer user_data)
{
  GdkRectangle visible;
  GtkTextIter line, bottom;
  gint64 top_off, bottom_off;
  g_autoptr(GArray) laned = g_array_new (FALSE, FALSE, sizeof (HashiyaLanedSpan));
  int guard = 0;

  if (hashiya_span_model_get_count (model) == 0)
    return;
  gtk_text_view_get_visible_rect (view, &visible);
  gtk_text_view_get_line_at_y (view, &line, visible.y, NULL);
  gtk_text_view_get_line_at_y (view, &bottom, visible.y + visible.height, NULL);
  gtk_text_iter_forward_to_line_end (&bottom);
  top_off = gtk_text_iter_get_offset (&line);
  bottom_off = gtk_text_iter_get_offset (&bottom);
  gtk_text_iter_set_line_offset (&line, 0);

  while (guard++ < 2000)
    {
      GtkTextIter para_end = line;
      gint64 ps, pe;

      if (!gtk_text_iter_ends_line (&para_end))
        gtk_text_iter_forward_to_line_end (&para_end);
      ps = gtk_text_iter_get_offset (&line);
      pe = gtk_text_iter_get_offset (&para_end);
      g_array_set_size (laned, 0);
      if (pe > ps)
        hashiya_span_layer_assign_lanes (model, ps, pe, laned);
      for (guint i = 0; i < laned->len; i++)
        {
          const HashiyaLanedSpan *ls = &g_array_index (laned, HashiyaLanedSpan, i);
          const HashiyaSpan *s = hashiya_span_model_get (model, ls->index);
          gint64 a = MAX (s->start, ps), b = MIN (s->end, pe);
          DrawData d = { view, snapshot, NULL, s->label, ls->lane, TRUE, s->start >= ps, layouts };

          if (b <= top_off || a > bottom_off)
            continue;
          d.color = color_func (s->label, user_data);
          if (d.color == NULL)
            continue;
          d.rtl = span_is_rtl (view, s->start, s->end);
          hashiya_span_layer_foreach_piece (view, a, b, draw_piece, &d);
        }
      if (pe >= bottom_off || !gtk_text_iter_forward_line (&line))
        break;
    }
}

GHashTable *
hashiya_span_layer_new_chip_cache (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
}

/* ---- selection outline ---------------------------------------------------- */

typedef struct
{
  GtkSnapshot   *snapshot;
  const GdkRGBA *color;
} OutlineData;

static void
outline_piece (int x0, int x1, int y, int h, gboolean first, gpointer user_data)
{
  OutlineData *d = user_data;
  GskRoundedRect rr;
  float widths[4] = { 2, 2, 2, 2 };
  GdkRGBA colors[4] = { *d->color, *d->color, *d->color, *d->color };

  gsk_rounded_rect_init_from_rect (&rr, &GRAPHENE_RECT_INIT (x0 - 3, y - 1, x1 - x0 + 6, h + 2), 4);
  gtk_snapshot_append_border (d->snapshot, &rr, widths, colors);
}

void
hashiya_span_layer_outline (GtkTextView *view, GtkSnapshot *snapshot, gint64 start, gint64 end,
                            const GdkRGBA *color)
{
  OutlineData d = { snapshot, color };

  hashiya_span_layer_foreach_piece (view, start, end, outline_piece, &d);
}

/* ---- suggestions: dashed outlines ---------------------------------------- */

#define DASH_PX 4
#define GAP_PX  3

typedef struct
{
  GtkSnapshot   *snapshot;
  GdkRGBA        color;
  float          width;
  float          inset;   /* inside another suggestion: a smaller box, so both show */
} DashData;

static void
dash_line (GtkSnapshot *snapshot, const GdkRGBA *color, float x, float y, float len,
           float width, gboolean horizontal)
{
  for (float t = 0; t < len; t += DASH_PX + GAP_PX)
    {
      float l = MIN (DASH_PX, len - t);

      gtk_snapshot_append_color (snapshot, color,
                                 horizontal ? &GRAPHENE_RECT_INIT (x + t, y, l, width)
                                            : &GRAPHENE_RECT_INIT (x, y + t, width, l));
    }
}

static void
dash_piece (int x0, int x1, int y, int h, gboolean first, gpointer user_data)
{
  DashData *d = user_data;
  /* just outside the letters' box, as the selection outline is: around the text, never
   * over it */
  float left = x0 - 2 + d->inset, right = x1 + 2 - d->inset, top = y + d->inset, bottom = y + h - d->inset;
  float w = right - left;

  dash_line (d->snapshot, &d->color, left, top, w, d->width, TRUE);
  dash_line (d->snapshot, &d->color, left, bottom - d->width, w, d->width, TRUE);
  dash_line (d->snapshot, &d->color, left, top, bottom - top, d->width, FALSE);
  dash_line (d->snapshot, &d->color, right - d->width, top, bottom - top, d->width, FALSE);
}

void
hashiya_span_layer_suggestions (GtkTextView *view, GtkSnapshot *snapshot, HashiyaSpanModel *model,
                                guint current, HashiyaLabelColorFunc color_func, gpointer user_data)
{
  guint n = hashiya_span_model_get_n_suggestions (model);
  GdkRectangle visible;
  GtkTextIter top, bottom;
  gint64 top_off, bottom_off;
  guint first;

  if (n == 0)
    return;
  gtk_text_view_get_visible_rect (view, &visible);
  gtk_text_view_get_line_at_y (view, &top, visible.y, NULL);
  gtk_text_view_get_line_at_y (view, &bottom, visible.y + visible.height, NULL);
  gtk_text_iter_forward_to_line_end (&bottom);
  top_off = gtk_text_iter_get_offset (&top);
  bottom_off = gtk_text_iter_get_offset (&bottom);
  /* suggestions are short (a date, a name): start a little before the top */
  first = hashiya_span_model_next_suggestion (model, MAX (top_off - 200, 0) - 1, 1);
  for (guint i = first; i < n; i++)
    {
      const HashiyaSuggestion *s = hashiya_span_model_get_suggestion (model, i);
      const GdkRGBA *color;
      DashData d = { snapshot };

      if ((gint64) s->start > bottom_off)
        break;
      if ((gint64) s->end < top_off)
        continue;
      color = color_func (s->label, user_data);
      if (color == NULL)
        continue;
      d.color = *color;
      d.color.alpha = 1;
      d.width = i == current ? 2.5f : 1.5f;
      /* suggestions may overlap one another (a gazetteer entry and a learned name inside
       * it): each one inside an earlier one is drawn 3 px further in */
      for (guint j = i, k = 0; j-- > 0 && k < 16; k++)
        if ((gint64) hashiya_span_model_get_suggestion (model, j)->end > (gint64) s->start)
          d.inset += 3;
      hashiya_span_layer_foreach_piece (view, s->start, s->end, dash_piece, &d);
    }
}

/* ---- invisible characters ------------------------------------------------- */

const char *
hashiya_invisible_char_name (gunichar c)
{
  switch (c)
    {
    case 0x200F: return "RLM";
    case 0x200E: return "LRM";
    case 0x061C: return "ALM";
    case 0x200C: return "ZWNJ";
    case 0x200D: return "ZWJ";
    case 0x00A0: return "NBSP";
    case 0x202F: return "NNBSP";
    case 0x0640: return "TATWEEL";
    case 0xFEFF: return "BOM";
    case 0x200B: return "ZWSP";
    case 0x2066: return "LRI";
    case 0x2067: return "RLI";
    case 0x2068: return "FSI";
    case 0x2069: return "PDI";
    case 0x202A: return "LRE";
    case 0x202B: return "RLE";
    case 0x202C: return "PDF";
    case 0x202D: return "LRO";
    case 0x202E: return "RLO";
    case 0x00AD: return "SHY";
    default:
      return g_unichar_type (c) == G_UNICODE_FORMAT ? "FMT" : NULL;
    }
}

void
hashiya_span_layer_invisibles (GtkTextView *view, GtkSnapshot *snapshot, GHashTable *layouts)
{
  GdkRectangle visible;
  GtkTextIter it, bottom;
  GdkRGBA mark = { 0.80, 0.10, 0.55, 1 }, white = { 1, 1, 1, 1 };
  int n = 0;

  gtk_text_view_get_visible_rect (view, &visible);
  gtk_text_view_get_line_at_y (view, &it, visible.y, NULL);
  gtk_text_view_get_line_at_y (view, &bottom, visible.y + visible.height, NULL);
  gtk_text_iter_forward_to_line_end (&bottom);
  for (; gtk_text_iter_compare (&it, &bottom) < 0 && n < 200000; gtk_text_iter_forward_char (&it), n++)
    {
      const char *name = hashiya_invisible_char_name (gtk_text_iter_get_char (&it));
      PangoLayout *layout;
      GdkRectangle r;
      int lw, lh, x0, x1;
      float cx;

      if (name == NULL)
        continue;
      layout = g_hash_table_lookup (layouts, name);
      if (layout == NULL)
        {
          g_autoptr(PangoFontDescription) desc = pango_font_description_from_string (CHIP_FONT);
          layout = gtk_widget_create_pango_layout (GTK_WIDGET (view), name);
          pango_layout_set_font_description (layout, desc);
          g_hash_table_insert (layouts, g_strdup (name), layout);
        }
      gtk_text_view_get_iter_location (view, &it, &r);
      normalize (&r, &x0, &x1);
      pango_layout_get_pixel_size (layout, &lw, &lh);
      /* a thin bar where the character sits (zero-width ones too), its name above it */
      gtk_snapshot_append_color (snapshot, &mark, &GRAPHENE_RECT_INIT (x0, r.y + 2, MAX (x1 - x0, 2), 2));
      gtk_snapshot_append_color (snapshot, &mark, &GRAPHENE_RECT_INIT (x0, r.y + 2, 2, r.height - 4));
      cx = x0 - lw / 2.0f;
      gtk_snapshot_append_color (snapshot, &mark, &GRAPHENE_RECT_INIT (cx - 2, r.y - lh + 2, lw + 4, lh));
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (cx, r.y - lh + 2));
      gtk_snapshot_append_layout (snapshot, layout, &white);
      gtk_snapshot_restore (snapshot);
    }
}
