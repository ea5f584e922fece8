/* hashiya-document-view.c: the text view that shows a document, its spans and comment cards
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "hashiya-document-view-private.h"
#include "hashiya-settings.h"
#include "hashiya-span-layer.h"

#include <math.h>

G_DEFINE_FINAL_TYPE (HashiyaDocumentView, hashiya_document_view, GTK_TYPE_TEXT_VIEW)

guint document_view_signals[N_SIGNALS];

static void
label_tags_free (gpointer data)
{
  g_free (data);
}

GtkTextBuffer *
dv_get_buffer (HashiyaDocumentView *self)
{
  return gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
}

void
dv_iter_at (HashiyaDocumentView *self, GtkTextIter *iter, gint64 offset)
{
  gtk_text_buffer_get_iter_at_offset (dv_get_buffer (self), iter, (int) offset);
}

/* ---- scrolling ------------------------------------------------------------ */

static gboolean
scroll_mark_on_screen (HashiyaDocumentView *self)
{
  GtkTextIter iter;
  GdkRectangle visible, line;

  gtk_text_buffer_get_iter_at_mark (dv_get_buffer (self), &iter, self->scroll_mark);
  gtk_text_view_get_visible_rect (GTK_TEXT_VIEW (self), &visible);
  gtk_text_view_get_iter_location (GTK_TEXT_VIEW (self), &iter, &line);
  return line.y >= visible.y && line.y + line.height <= visible.y + visible.height;
}

static void
scroll_to_scroll_mark (HashiyaDocumentView *self)
{
  gtk_text_view_scroll_to_mark (GTK_TEXT_VIEW (self), self->scroll_mark,
                                self->scroll_align ? 0 : 0.1, self->scroll_align, 0, self->scroll_yalign);
}

/* GtkTextView scrolls with estimated heights for the lines above the target that are
 * not laid out yet, so a far target (a comment below a long article in a narrow
 * window) can land off screen. Check for a moment and scroll again until it stays. */
static gboolean
check_scroll (gpointer data)
{
  HashiyaDocumentView *self = data;

  if (scroll_mark_on_screen (self))
    self->scroll_stable++;
  else
    {
      self->scroll_stable = 0;
      scroll_to_scroll_mark (self);
    }
  if (self->scroll_stable >= 3 || --self->scroll_tries <= 0)
    {
      self->scroll_check = 0;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

void
dv_scroll_to_offset (HashiyaDocumentView *self, gint64 offset, gboolean use_align, double yalign)
{
  GtkTextIter iter;

  dv_iter_at (self, &iter, offset);
  if (self->scroll_mark == NULL)
    self->scroll_mark = gtk_text_buffer_create_mark (dv_get_buffer (self), "hashiya-scroll", &iter, TRUE);
  else
    gtk_text_buffer_move_mark (dv_get_buffer (self), self->scroll_mark, &iter);
  self->scroll_align = use_align;
  self->scroll_yalign = yalign;
  self->scroll_tries = 25;
  self->scroll_stable = 0;
  scroll_to_scroll_mark (self);
  if (self->scroll_check == 0)
    self->scroll_check = g_timeout_add (30, check_scroll, self);
}

/* ---- label tags ----------------------------------------------------------- */

static void style_label_tags (LabelTags *lt);

static LabelTags *
ensure_label_tags (HashiyaDocumentView *self, const char *name)
{
  LabelTags *lt = g_hash_table_lookup (self->label_tags, name);
  GtkTextTagTable *table = gtk_text_buffer_get_tag_table (dv_get_buffer (self));
  g_autofree char *bg_name = NULL, *ul_name = NULL;

  if (lt != NULL)
    return lt;
  bg_name = g_strdup_printf ("label-%s-bg", name);
  ul_name = g_strdup_printf ("label-%s-ul", name);
  lt = g_new0 (LabelTags, 1);
  lt->bg = gtk_text_tag_new (bg_name);
  lt->ul = gtk_text_tag_new (ul_name);
  g_object_set (lt->ul, "underline", PANGO_UNDERLINE_DOUBLE, NULL);
  gtk_text_tag_table_add (table, lt->bg);
  gtk_text_tag_table_add (table, lt->ul);
  g_object_unref (lt->bg);
  g_object_unref (lt->ul);
  /* find matches stay on top of every label */
  gtk_text_tag_set_priority (self->match_tag, gtk_text_tag_table_get_size (table) - 1);
  g_hash_table_insert (self->label_tags, g_strdup (name), lt);
  gdk_rgba_parse (&lt->color, "#9a9996");
  style_label_tags (lt);
  return lt;
}

/* ---- colours that follow the light or dark style ---------------------------- */

static gboolean
is_dark (void)
{
  return adw_style_manager_get_dark (adw_style_manager_get_default ());
}

/* the page under the text: libadwaita's view_bg_color in each style */
static GdkRGBA
page_color (void)
{
  return is_dark () ? (GdkRGBA) { 0x1e / 255.0, 0x1e / 255.0, 0x1e / 255.0, 1 }
                    : (GdkRGBA) { 1, 1, 1, 1 };
}

static double
luminance (const GdkRGBA *c)
{
  double v[3] = { c->red, c->green, c->blue };

  for (int i = 0; i < 3; i++)
    v[i] = v[i] <= 0.04045 ? v[i] / 12.92 : pow ((v[i] + 0.055) / 1.055, 2.4);
  return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2];
}

static double
contrast (const GdkRGBA *a, const GdkRGBA *b)
{
  double la = luminance (a), lb = luminance (b);

  return (MAX (la, lb) + 0.05) / (MIN (la, lb) + 0.05);
}

/* A label's highlight: its colour, translucent, over the page; the text on it is near
 * black or white, whichever reads better (never under 4.5:1, WCAG AA), so dimmed
 * segment colours (byline, caption, boilerplate) do not vanish on a highlight. */
static void
style_label_tags (LabelTags *lt)
{
  GdkRGBA page = page_color ();
  GdkRGBA bg = lt->color, under;
  GdkRGBA dark_text = { 0.1, 0.1, 0.1, 1 }, light_text = { 1, 1, 1, 1 };

  bg.alpha = is_dark () ? 0.45 : 0.38;
  under = (GdkRGBA) { bg.red * bg.alpha + page.red * (1 - bg.alpha),
                      bg.green * bg.alpha + page.green * (1 - bg.alpha),
                      bg.blue * bg.alpha + page.blue * (1 - bg.alpha), 1 };
  g_object_set (lt->ul, "underline-rgba", &lt->color, NULL);
  g_object_set (lt->bg, "background-rgba", &bg,
                "foreground-rgba", contrast (&dark_text, &under) >= contrast (&light_text, &under)
                                   ? &dark_text : &light_text,
                NULL);
}

/* Segment colours that stay readable on the page in both styles (dimmed ones at 3:1). */
static void
style_segment_tags (HashiyaDocumentView *self)
{
  gboolean dark = is_dark ();
  struct { HashiyaSegmentKind kind; GdkRGBA light, dark; } colors[] = {
    { HASHIYA_SEGMENT_SITE, { 0.5, 0.5, 0.5, 1 }, { 0.62, 0.62, 0.62, 1 } },
    { HASHIYA_SEGMENT_BYLINE, { 0.25, 0.36, 0.52, 1 }, { 0.6, 0.72, 0.88, 1 } },
    { HASHIYA_SEGMENT_CAPTION, { 0.38, 0.38, 0.38, 1 }, { 0.72, 0.72, 0.72, 1 } },
    { HASHIYA_SEGMENT_BOILERPLATE, { 0.45, 0.45, 0.45, 0.85 }, { 0.62, 0.62, 0.62, 0.8 } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (colors); i++)
    g_object_set (self->kind_tags[colors[i].kind], "foreground-rgba",
                  dark ? &colors[i].dark : &colors[i].light, NULL);
}

static void
on_dark_changed (HashiyaDocumentView *self)
{
  GHashTableIter it;
  gpointer value;

  style_segment_tags (self);
  g_hash_table_iter_init (&it, self->label_tags);
  while (g_hash_table_iter_next (&it, NULL, &value))
    style_label_tags (value);
}

static void
color_label_tags (HashiyaDocumentView *self, const char *name, const char *color)
{
  LabelTags *lt = ensure_label_tags (self, name);

  if (color == NULL || !gdk_rgba_parse (&lt->color, color))
    gdk_rgba_parse (&lt->color, "#9a9996");
  style_label_tags (lt);
}

void
hashiya_document_view_set_labels (HashiyaDocumentView *self,
                                  GPtrArray           *labels)
{
  g_return_if_fail (HASHIYA_IS_DOCUMENT_VIEW (self));

  for (guint i = 0; labels != NULL && i < labels->len; i++)
    {
      HashiyaLabel *l = g_ptr_array_index (labels, i);
      color_label_tags (self, l->name, l->color);
    }
}

/* ---- lanes ---------------------------------------------------------------- */

/* Gives each paragraph in [start, end] the room under its lines that its span lanes
 * need (one tag per lane count, so only a paragraph whose count changed is laid out
 * again). */
static void
update_lanes (HashiyaDocumentView *self, gint64 start, gint64 end)
{
  GtkTextBuffer *buffer = dv_get_buffer (self);
  GtkTextIter line, line_end;
  int guard = 0;

  dv_iter_at (self, &line, start);
  gtk_text_iter_set_line_offset (&line, 0);
  while (guard++ < 100000)
    {
      gint64 ps = gtk_text_iter_get_offset (&line), pe;
      int n, current = 0;

      line_end = line;
      if (!gtk_text_iter_ends_line (&line_end))
        gtk_text_iter_forward_to_line_end (&line_end);
      pe = gtk_text_iter_get_offset (&line_end);
      n = pe > ps ? hashiya_span_layer_assign_lanes (self->spans, ps, pe, NULL) : 0;
      n = MIN (n, HASHIYA_SPAN_MAX_LANES);
      for (int k = 1; k <= HASHIYA_SPAN_MAX_LANES; k++)
        if (gtk_text_iter_has_tag (&line, self->lane_tags[k]))
          current = k;
      if (current != n && pe > ps)
        {
          if (current > 0)
            gtk_text_buffer_remove_tag (buffer, self->lane_tags[current], &line, &line_end);
          if (n > 0)
            gtk_text_buffer_apply_tag (buffer, self->lane_tags[n], &line, &line_end);
        }
      if (pe >= end || !gtk_text_iter_forward_line (&line))
        break;
    }
}

const GdkRGBA *
dv_label_color (const char *label, gpointer user_data)
{
  HashiyaDocumentView *self = user_data;
  LabelTags *lt = g_hash_table_lookup (self->label_tags, label);

  return lt != NULL ? &lt->color : NULL;
}

static void
apply_span_index (HashiyaSpanModel *model, guint index, gpointer user_data)
{
  HashiyaDocumentView *self = user_data;
  const HashiyaSpan *span = hashiya_span_model_get (model, index);
  LabelTags *lt = ensure_label_tags (self, span->label);
  GtkTextIter a, b;

  dv_iter_at (self, &a, span->start);
  dv_iter_at (self, &b, span->end);
  gtk_text_buffer_apply_tag (dv_get_buffer (self),
                             hashiya_span_model_is_nested (model, index) ? lt->ul : lt->bg,
                             &a, &b);
}

/* The tags on any character of [a, b): those at a, then at each toggle before b. */
static GHashTable *
tags_in_range (const GtkTextIter *a, const GtkTextIter *b)
{
  GHashTable *set = g_hash_table_new (NULL, NULL);
  GtkTextIter iter = *a;

  do
    {
      GSList *tags = gtk_text_iter_get_tags (&iter);
      for (GSList *l = tags; l != NULL; l = l->next)
        g_hash_table_add (set, l->data);
      g_slist_free (tags);
    }
  while (gtk_text_iter_forward_to_tag_toggle (&iter, NULL) && gtk_text_iter_compare (&iter, b) < 0);
  return set;
}

/* Removes every label tag in [start, end) and applies again the spans that overlap it.
 * Only the tags that are there are removed: removing the other label tags as well
 * (absent ones included) made GtkTextView validate the paragraph again before the
 * frame and then lay it out once more to draw it. */
static void
retag_range (HashiyaDocumentView *self, gint64 start, gint64 end)
{
  GtkTextBuffer *buffer = dv_get_buffer (self);
  GHashTableIter it;
  gpointer value;
  GtkTextIter a, b;
  g_autoptr(GHashTable) present = NULL;

  dv_iter_at (self, &a, start);
  dv_iter_at (self, &b, end);
  present = tags_in_range (&a, &b);
  g_hash_table_iter_init (&it, self->label_tags);
  while (g_hash_table_iter_next (&it, NULL, &value))
    {
      LabelTags *lt = value;
      if (g_hash_table_contains (present, lt->bg))
        gtk_text_buffer_remove_tag (buffer, lt->bg, &a, &b);
      if (g_hash_table_contains (present, lt->ul))
        gtk_text_buffer_remove_tag (buffer, lt->ul, &a, &b);
    }
  hashiya_span_model_foreach_overlapping (self->spans, start, end, apply_span_index, self);
  update_lanes (self, start, end);
}

static void
refresh_nesting (HashiyaDocumentView *self, gint64 start, gint64 end)
{
  g_autoptr(GArray) changed = hashiya_span_model_update_nesting (self->spans);

  for (guint i = 0; i < changed->len; i++)
    {
      const HashiyaSpan *s = hashiya_span_model_get (self->spans, g_array_index (changed, guint, i));
      start = MIN (start, s->start);
      end = MAX (end, s->end);
    }
  retag_range (self, start, end);
}

/* Applies spans in order of their start, SLICE_SPANS at a time. */
static gboolean
apply_slice (HashiyaDocumentView *self, guint max_spans, gint64 max_offset)
{
  guint n = hashiya_span_model_get_count (self->spans);
  guint i = hashiya_span_model_lower_bound (self->spans, self->applied_upto);
  guint done = 0;

  while (i < n)
    {
      const HashiyaSpan *s = hashiya_span_model_get (self->spans, i);
      if ((done >= max_spans || s->start >= max_offset) && s->start > self->applied_upto)
        {
          self->applied_upto = s->start;
          return TRUE;
        }
      apply_span_index (self->spans, i, self);
      if (s->end > self->lanes_upto)
        {
          GtkTextIter e;
          update_lanes (self, MAX (s->start, self->lanes_upto), s->end);
          dv_iter_at (self, &e, s->end);
          if (!gtk_text_iter_ends_line (&e))
            gtk_text_iter_forward_to_line_end (&e);
          self->lanes_upto = gtk_text_iter_get_offset (&e) + 1;
        }
      self->applied_upto = s->start;
      i++;
      done++;
    }
  self->applied_upto = G_MAXINT64;
  return FALSE;
}

static gboolean
on_tag_idle (gpointer user_data)
{
  HashiyaDocumentView *self = user_data;

  if (apply_slice (self, SLICE_SPANS, G_MAXINT64))
    return G_SOURCE_CONTINUE;
  self->tag_idle = 0;
  return G_SOURCE_REMOVE;
}

/* While the idle pass is still on its way, whatever scrolls into view is tagged at once. */
static void
on_scrolled (GtkAdjustment *adjustment, HashiyaDocumentView *self)
{
  GdkRectangle rect;
  GtkTextIter top, bottom;

  if (self->applied_upto == G_MAXINT64)
    return;
  gtk_text_view_get_visible_rect (GTK_TEXT_VIEW (self), &rect);
  gtk_text_view_get_line_at_y (GTK_TEXT_VIEW (self), &top, rect.y, NULL);
  gtk_text_view_get_line_at_y (GTK_TEXT_VIEW (self), &bottom, rect.y + rect.height, NULL);
  gtk_text_iter_forward_to_line_end (&bottom);
  if (gtk_text_iter_get_offset (&bottom) <= self->applied_upto)
    return;
  hashiya_span_model_foreach_overlapping (self->spans, gtk_text_iter_get_offset (&top),
                                          gtk_text_iter_get_offset (&bottom), apply_span_index, self);
  update_lanes (self, gtk_text_iter_get_offset (&top), gtk_text_iter_get_offset (&bottom));
}


static void
on_vadjustment_changed (HashiyaDocumentView *self)
{
  GtkAdjustment *adj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self));

  if (adj != NULL)
    {
      g_signal_connect_object (adj, "value-changed", G_CALLBACK (on_scrolled), self, 0);
      /* the strip follows its card when the text scrolls or lines above it get laid out */
      g_signal_connect_object (adj, "value-changed", G_CALLBACK (dv_queue_place_controls), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (adj, "changed", G_CALLBACK (dv_queue_place_controls), self, G_CONNECT_SWAPPED);
    }
}

gboolean
hashiya_document_view_is_fully_tagged (HashiyaDocumentView *self)
{
  return self->applied_upto == G_MAXINT64;
}

/* ---- loading -------------------------------------------------------------- */

void
hashiya_document_view_clear (HashiyaDocumentView *self)
{
  g_clear_handle_id (&self->tag_idle, g_source_remove);
  self->selecting = TRUE;
  gtk_text_buffer_set_text (dv_get_buffer (self), "", 0);
  self->selecting = FALSE;
  g_clear_pointer (&self->text, hashiya_text_unref);
  g_clear_pointer (&self->segments, g_array_unref);
  g_clear_pointer (&self->comments, g_array_unref);
  self->comments = g_array_new (FALSE, FALSE, sizeof (Comment));
  g_hash_table_remove_all (self->judgements);
  hashiya_span_model_set_spans (self->spans, NULL, NULL);
  self->current_suggestion = G_MAXUINT;
  self->current_comment = 0;
  self->selected_span = 0;
  self->applied_upto = G_MAXINT64;
  dv_queue_place_controls (self);
}

void
hashiya_document_view_load (HashiyaDocumentView *self,
                            HashiyaText         *text,
                            GArray              *segments,
                            GPtrArray           *spans,
                            GPtrArray           *judgements)
{
  GtkTextBuffer *buffer = dv_get_buffer (self);
  gsize n_bytes;
  const char *utf8;
  GtkTextIter a, b;

  g_return_if_fail (HASHIYA_IS_DOCUMENT_VIEW (self));
  g_return_if_fail (text != NULL);

  hashiya_document_view_clear (self);
  self->text = hashiya_text_ref (text);
  self->segments = segments ? g_array_ref (segments) : g_array_new (FALSE, FALSE, sizeof (HashiyaSegment));

  utf8 = hashiya_text_get_utf8 (text, &n_bytes);
  self->selecting = TRUE;
  gtk_text_buffer_set_text (buffer, utf8, (int) n_bytes);
  self->selecting = FALSE;

  for (guint i = 0; i < self->segments->len; i++)
    {
      const HashiyaSegment *seg = &g_array_index (self->segments, HashiyaSegment, i);

      if (seg->kind >= HASHIYA_N_SEGMENT_KINDS || seg->end <= seg->start)
        continue;
      dv_iter_at (self, &a, seg->start);
      dv_iter_at (self, &b, seg->end);
      if (seg->kind != HASHIYA_SEGMENT_PARAGRAPH)
        gtk_text_buffer_apply_tag (buffer, self->kind_tags[seg->kind], &a, &b);
      if (seg->kind == HASHIYA_SEGMENT_COMMENT)
        {
          Comment c = { seg->comment_index, seg->start, seg->end,
                        dv_text_is_rtl (text, seg->start, seg->end) };
          if (c.index <= 0)
            c.index = self->comments->len + 1;
          g_array_append_val (self->comments, c);
          b = a;
          gtk_text_iter_forward_char (&b);
          gtk_text_buffer_apply_tag (buffer, self->comment_head_tag, &a, &b);
        }
    }

  for (guint i = 0; judgements != NULL && i < judgements->len; i++)
    {
      HashiyaJudgement *j = g_ptr_array_index (judgements, i);
      g_hash_table_insert (self->judgements, GINT_TO_POINTER (j->comment_index),
                           hashiya_judgement_copy (j));
    }
  g_clear_pointer (&judgements, g_ptr_array_unref);

  hashiya_span_model_set_spans (self->spans, text, spans);
  /* The view opens at the start: tag what is visible now, the rest in idle slices. */
  self->applied_upto = 0;
  self->lanes_upto = 0;
  if (apply_slice (self, G_MAXUINT, FIRST_SLICE_CHARS))
    self->tag_idle = g_idle_add_full (G_PRIORITY_LOW, on_tag_idle, self, NULL);

  hashiya_document_view_place_cursor (self, 0, TRUE);
}

HashiyaText *
hashiya_document_view_get_text (HashiyaDocumentView *self)
{
  return self->text;
}

GArray *
hashiya_document_view_get_segments (HashiyaDocumentView *self)
{
  return self->segments;
}

HashiyaSpanModel *
hashiya_document_view_get_span_model (HashiyaDocumentView *self)
{
  return self->spans;
}

/* ---- spans ---------------------------------------------------------------- */

static void select_exactly (HashiyaDocumentView *self, const GtkTextIter *a, const GtkTextIter *b);

void
hashiya_document_view_add_span (HashiyaDocumentView *self, const HashiyaSpan *span)
{
  if (hashiya_span_model_find (self->spans, span->id) != G_MAXUINT)
    return;
  hashiya_span_model_insert (self->spans, span);
  refresh_nesting (self, span->start, span->end);
}

void
hashiya_document_view_remove_span (HashiyaDocumentView *self, gint64 span_id)
{
  g_autoptr(HashiyaSpan) span = hashiya_span_model_remove (self->spans, span_id);

  if (span == NULL)
    return;
  if (self->selected_span == span_id)
    {
      self->selected_span = 0;
      g_signal_emit (self, document_view_signals[SELECTED_SPAN_CHANGED], 0);
    }
  refresh_nesting (self, span->start, span->end);
}

void
hashiya_document_view_update_span (HashiyaDocumentView *self, gint64 span_id,
                                   gint64 start, gint64 end, const char *label)
{
  guint pos = hashiya_span_model_find (self->spans, span_id);
  gint64 old_start, old_end;

  if (pos == G_MAXUINT)
    return;
  old_start = hashiya_span_model_get (self->spans, pos)->start;
  old_end = hashiya_span_model_get (self->spans, pos)->end;
  hashiya_span_model_update (self->spans, span_id, start, end, label);
  refresh_nesting (self, MIN (start, old_start), MAX (end, old_end));
  if (self->selected_span == span_id)
    {
      GtkTextIter a, b;
      dv_iter_at (self, &a, start);
      dv_iter_at (self, &b, end);
      /* the cursor at the start, as select_span leaves it: Escape then Tab comes back here */
      select_exactly (self, &a, &b);
      g_signal_emit (self, document_view_signals[SELECTED_SPAN_CHANGED], 0);
    }
}

/* Selects [a, b) with the cursor (insert) at a, so that keyboard focus reads from
 * there. A selection that is already exactly that is left alone: selecting again
 * still emits mark-set twice, and on X11 GtkTextBuffer hands the PRIMARY selection
 * over again each time (3 of the 4.4 ms of a tag, measured). */
static void
select_exactly (HashiyaDocumentView *self, const GtkTextIter *a, const GtkTextIter *b)
{
  GtkTextBuffer *buffer = dv_get_buffer (self);
  GtkTextIter insert, bound;

  gtk_text_buffer_get_iter_at_mark (buffer, &insert, gtk_text_buffer_get_insert (buffer));
  gtk_text_buffer_get_iter_at_mark (buffer, &bound, gtk_text_buffer_get_selection_bound (buffer));
  if (gtk_text_iter_equal (&insert, a) && gtk_text_iter_equal (&bound, b))
    return;
  self->selecting = TRUE;
  gtk_text_buffer_select_range (buffer, a, b);
  self->selecting = FALSE;
}

gint64
hashiya_document_view_get_selected_span (HashiyaDocumentView *self)
{
  return self->selected_span;
}

void
hashiya_document_view_select_span (HashiyaDocumentView *self, gint64 span_id)
{
  guint pos = hashiya_span_model_find (self->spans, span_id);

  if (pos == G_MAXUINT)
    span_id = 0;
  if (span_id != 0)
    {
      const HashiyaSpan *s = hashiya_span_model_get (self->spans, pos);
      GtkTextIter a, b;

      dv_iter_at (self, &a, s->start);
      dv_iter_at (self, &b, s->end);
      select_exactly (self, &a, &b);
      dv_scroll_to_offset (self, s->start, FALSE, 0);
    }
  if (span_id != self->selected_span)
    {
      self->selected_span = span_id;
      g_signal_emit (self, document_view_signals[SELECTED_SPAN_CHANGED], 0);
    }
}

gboolean
hashiya_document_view_get_selection (HashiyaDocumentView *self, gint64 *start, gint64 *end)
{
  GtkTextIter a, b;
  gboolean has = gtk_text_buffer_get_selection_bounds (dv_get_buffer (self), &a, &b);

  *start = gtk_text_iter_get_offset (&a);
  *end = gtk_text_iter_get_offset (&b);
  return has;
}

void
hashiya_document_view_set_selection (HashiyaDocumentView *self, gint64 start, gint64 end)
{
  GtkTextIter a, b;

  dv_iter_at (self, &a, start);
  dv_iter_at (self, &b, end);
  gtk_text_buffer_select_range (dv_get_buffer (self), &a, &b);
}

gint64
hashiya_document_view_get_cursor (HashiyaDocumentView *self)
{
  GtkTextIter iter;

  gtk_text_buffer_get_iter_at_mark (dv_get_buffer (self), &iter,
                                    gtk_text_buffer_get_insert (dv_get_buffer (self)));
  return gtk_text_iter_get_offset (&iter);
}

void
hashiya_document_view_place_cursor (HashiyaDocumentView *self, gint64 offset, gboolean scroll)
{
  GtkTextIter iter;

  dv_iter_at (self, &iter, offset);
  gtk_text_buffer_place_cursor (dv_get_buffer (self), &iter);
  if (scroll)
    dv_scroll_to_offset (self, offset, FALSE, 0);
}

void
hashiya_document_view_clear_selection (HashiyaDocumentView *self)
{
  hashiya_document_view_place_cursor (self, hashiya_document_view_get_cursor (self), FALSE);
  if (self->selected_span != 0)
    {
      self->selected_span = 0;
      g_signal_emit (self, document_view_signals[SELECTED_SPAN_CHANGED], 0);
    }
}

/* ---- find ----------------------------------------------------------------- */

void
hashiya_document_view_set_matches (HashiyaDocumentView *self, GArray *ranges)
{
  GtkTextBuffer *buffer = dv_get_buffer (self);
  GtkTextIter a, b;

  gtk_text_buffer_get_bounds (buffer, &a, &b);
  gtk_text_buffer_remove_tag (buffer, self->match_tag, &a, &b);
  for (guint i = 0; ranges != NULL && i < ranges->len; i++)
    {
      const HashiyaRange *r = &g_array_index (ranges, HashiyaRange, i);
      dv_iter_at (self, &a, r->start);
      dv_iter_at (self, &b, r->end);
      gtk_text_buffer_apply_tag (buffer, self->match_tag, &a, &b);
    }
}

/* ---- invisible characters ---------------------------------------------------- */

void
hashiya_document_view_set_show_invisibles (HashiyaDocumentView *self, gboolean show)
{
  g_return_if_fail (HASHIYA_IS_DOCUMENT_VIEW (self));
  if (self->show_invisibles == !!show)
    return;
  self->show_invisibles = !!show;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
hashiya_document_view_get_show_invisibles (HashiyaDocumentView *self)
{
  return self->show_invisibles;
}

/* ---- font ----------------------------------------------------------------- */

void
hashiya_document_view_set_font (HashiyaDocumentView *self, const char *font)
{
  g_autoptr(PangoFontDescription) desc = pango_font_description_from_string (font ? font : "");
  g_autoptr(GString) css = g_string_new ("textview.document {");
  const char *family = pango_font_description_get_family (desc);
  int size = pango_font_description_get_size (desc);

  if (family != NULL)
    g_string_append_printf (css, " font-family: \"%s\";", family);
  if (size > 0)
    g_string_append_printf (css, " font-size: %gpt;", (double) size / PANGO_SCALE);
  g_string_append (css, " }");
  gtk_css_provider_load_from_data (self->font_provider, css->str, css->len);
}

/* ---- tooltip, click, cursor ----------------------------------------------- */

typedef struct
{
  GString *names;
  gint64   offset;
} TooltipData;

static void
collect_label (HashiyaSpanModel *model, guint index, gpointer user_data)
{
  TooltipData *d = user_data;
  const HashiyaSpan *s = hashiya_span_model_get (model, index);

  if (d->names->len > 0)
    g_string_append (d->names, "\n");
  g_string_append (d->names, s->label);
  /* a date's normalised value (and its calendar) beside its label */
  if (s->value != NULL)
    g_string_append_printf (d->names, " = %s%s%s%s", s->value, s->calendar ? " (" : "",
                            s->calendar ? s->calendar : "", s->calendar ? ")" : "");
}

static gboolean
on_query_tooltip (GtkWidget  *widget,
                  int         x,
                  int         y,
                  gboolean    keyboard,
                  GtkTooltip *tooltip,
                  gpointer    user_data)
{
  HashiyaDocumentView *self = HASHIYA_DOCUMENT_VIEW (widget);
  GtkTextIter iter;
  int bx, by;
  TooltipData d;
  g_autoptr(GString) names = g_string_new (NULL);

  if (keyboard)
    return FALSE;
  gtk_text_view_window_to_buffer_coords (GTK_TEXT_VIEW (self), GTK_TEXT_WINDOW_WIDGET, x, y, &bx, &by);
  if (!gtk_text_view_get_iter_at_location (GTK_TEXT_VIEW (self), &iter, bx, by))
    return FALSE;
  d.names = names;
  d.offset = gtk_text_iter_get_offset (&iter);
  hashiya_span_model_foreach_overlapping (self->spans, d.offset, d.offset + 1, collect_label, &d);
  if (names->len == 0)
    {
      /* a suggestion: what it would be, and why */
      guint i = hashiya_span_model_suggestion_at (self->spans, d.offset);
      const HashiyaSuggestion *sg;

      if (i == G_MAXUINT)
        return FALSE;
      sg = hashiya_span_model_get_suggestion (self->spans, i);
      if ((gint64) sg->end == d.offset)
        return FALSE;
      g_string_append_printf (names, _("Suggested: %s"), sg->label);
      if (sg->value != NULL)
        g_string_append_printf (names, " = %s", sg->value);
      if (sg->why != NULL)
        g_string_append_printf (names, "\n%s", sg->why);
      g_string_append_printf (names, "\n%s", _("With the cursor in it: Enter accepts, Backspace rejects, Alt+Return shows more"));
    }
  gtk_tooltip_set_text (tooltip, names->str);
  return TRUE;
}

static gint64
offset_at_widget_point (HashiyaDocumentView *self, double x, double y)
{
  GtkTextIter iter;
  int bx, by;

  gtk_text_view_window_to_buffer_coords (GTK_TEXT_VIEW (self), GTK_TEXT_WINDOW_WIDGET,
                                         (int) x, (int) y, &bx, &by);
  if (!gtk_text_view_get_iter_at_location (GTK_TEXT_VIEW (self), &iter, bx, by))
    return -1;
  return gtk_text_iter_get_offset (&iter);
}

static gboolean
select_pending_span (gpointer user_data)
{
  HashiyaDocumentView *self = user_data;
  gint64 id = GPOINTER_TO_INT (g_object_steal_data (G_OBJECT (self), "pending-span"));
  gint64 start, end;

  if (id != 0 && !hashiya_document_view_get_selection (self, &start, &end))
    hashiya_document_view_select_span (self, id);
  return G_SOURCE_REMOVE;
}

static gboolean
on_legacy_event (GtkEventControllerLegacy *controller,
                 GdkEvent                 *event,
                 gpointer                  user_data)
{
  HashiyaDocumentView *self = user_data;
  GdkEventType type = gdk_event_get_event_type (event);
  double x, y;

  if (type != GDK_BUTTON_PRESS && type != GDK_BUTTON_RELEASE)
    return FALSE;
  if (gdk_button_event_get_button (event) != GDK_BUTTON_PRIMARY)
    return FALSE;
  if (!gdk_event_get_position (event, &x, &y))
    return FALSE;
  {
    GtkNative *native = gtk_widget_get_native (GTK_WIDGET (self));
    double nx, ny;
    gtk_native_get_surface_transform (native, &nx, &ny);
    x -= nx;
    y -= ny;
    gtk_widget_translate_coordinates (GTK_WIDGET (native), GTK_WIDGET (self), x, y, &x, &y);
  }
  if (type == GDK_BUTTON_PRESS)
    self->press_offset = offset_at_widget_point (self, x, y);
  else if (self->press_offset >= 0 && offset_at_widget_point (self, x, y) == self->press_offset
           && (gdk_event_get_modifier_state (event) & GDK_SHIFT_MASK) == 0)
    {
      const HashiyaSpan *s = hashiya_span_model_at (self->spans, self->press_offset, self->press_offset);
      if (s != NULL)
        {
          /* the view places the cursor on release; select the span after that */
          g_object_set_data (G_OBJECT (self), "pending-span", GINT_TO_POINTER ((int) s->id));
          g_idle_add_full (G_PRIORITY_DEFAULT, select_pending_span,
                           g_object_ref (self), g_object_unref);
        }
    }
  return FALSE;
}

static void
on_mark_set (GtkTextBuffer       *buffer,
             const GtkTextIter   *location,
             GtkTextMark         *mark,
             HashiyaDocumentView *self)
{
  gint64 start, end;
  int comment;

  if (mark == gtk_text_buffer_get_insert (buffer)
      && hashiya_span_model_get_n_suggestions (self->spans) > 0)
    {
      guint current = hashiya_span_model_suggestion_at (self->spans, gtk_text_iter_get_offset (location));

      if (current != self->current_suggestion)
        {
          self->current_suggestion = current;
          gtk_widget_queue_draw (GTK_WIDGET (self));
          g_signal_emit (self, document_view_signals[CURRENT_SUGGESTION_CHANGED], 0);
        }
    }
  if (self->selecting || mark != gtk_text_buffer_get_insert (buffer))
    return;
  hashiya_document_view_get_selection (self, &start, &end);
  if (self->selected_span != 0)
    {
      guint pos = hashiya_span_model_find (self->spans, self->selected_span);
      const HashiyaSpan *s = pos != G_MAXUINT ? hashiya_span_model_get (self->spans, pos) : NULL;
      if (s == NULL || s->start != start || s->end != end)
        {
          self->selected_span = 0;
          g_signal_emit (self, document_view_signals[SELECTED_SPAN_CHANGED], 0);
        }
    }
  comment = dv_comment_at (self, gtk_text_iter_get_offset (location));
  if (comment != 0)
    hashiya_document_view_set_current_comment (self, comment, FALSE);
}

/* ---- class ---------------------------------------------------------------- */

static void
hashiya_document_view_dispose (GObject *object)
{
  HashiyaDocumentView *self = HASHIYA_DOCUMENT_VIEW (object);

  g_clear_handle_id (&self->tag_idle, g_source_remove);
  g_clear_handle_id (&self->place_idle, g_source_remove);
  g_clear_handle_id (&self->scroll_check, g_source_remove);
  G_OBJECT_CLASS (hashiya_document_view_parent_class)->dispose (object);
}

static void
hashiya_document_view_finalize (GObject *object)
{
  HashiyaDocumentView *self = HASHIYA_DOCUMENT_VIEW (object);

  g_clear_pointer (&self->text, hashiya_text_unref);
  g_clear_pointer (&self->segments, g_array_unref);
  g_clear_pointer (&self->comments, g_array_unref);
  g_clear_pointer (&self->key_hints, g_free);
  g_clear_pointer (&self->judgements, g_hash_table_unref);
  g_clear_pointer (&self->label_tags, g_hash_table_unref);
  g_clear_pointer (&self->chip_layouts, g_hash_table_unref);
  g_clear_pointer (&self->mark_layouts, g_hash_table_unref);
  g_clear_object (&self->spans);
  g_clear_object (&self->font_provider);
  G_OBJECT_CLASS (hashiya_document_view_parent_class)->finalize (object);
}

/* Leaving the screen (another page of the window, the window closing) while a scroll is
 * animated: stop it first. GtkScrolledWindow's unmap then turns the adjustment's
 * animation off, and in GTK 4.8 that step fails a g_signal_handler_disconnect assertion
 * when an animation was running (seen in tests while lines above were still laid out). */
static void
hashiya_document_view_unmap (GtkWidget *widget)
{
  HashiyaDocumentView *self = HASHIYA_DOCUMENT_VIEW (widget);
  GtkAdjustment *adj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self));

  g_clear_handle_id (&self->scroll_check, g_source_remove);
  if (adj != NULL)
    gtk_adjustment_set_value (adj, gtk_adjustment_get_value (adj));
  GTK_WIDGET_CLASS (hashiya_document_view_parent_class)->unmap (widget);
}

/* A popover the window puts on the view (the span details) follows the text. */
static void
hashiya_document_view_size_allocate (GtkWidget *widget, int width, int height, int baseline)
{
  GTK_WIDGET_CLASS (hashiya_document_view_parent_class)->size_allocate (widget, width, height, baseline);
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    if (GTK_IS_POPOVER (c) && gtk_widget_get_visible (c)
        && g_strcmp0 (gtk_widget_get_name (c), "span-details") == 0)
      gtk_popover_present (GTK_POPOVER (c));
}

/* The cards' and spans' layers (hashiya-document-view-cards.c), then the suggestions'
 * dashed outlines above the text. */
static void
snapshot_layer (GtkTextView *view, GtkTextViewLayer layer, GtkSnapshot *snapshot)
{
  HashiyaDocumentView *self = HASHIYA_DOCUMENT_VIEW (view);

  hashiya_document_view_snapshot_layer (view, layer, snapshot);
  if (layer == GTK_TEXT_VIEW_LAYER_ABOVE_TEXT)
    hashiya_span_layer_suggestions (view, snapshot, self->spans, self->current_suggestion,
                                    dv_label_color, self);
}

static void
hashiya_document_view_class_init (HashiyaDocumentViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkTextViewClass *text_view_class = GTK_TEXT_VIEW_CLASS (klass);

  object_class->dispose = hashiya_document_view_dispose;
  object_class->finalize = hashiya_document_view_finalize;
  text_view_class->snapshot_layer = snapshot_layer;
  GTK_WIDGET_CLASS (klass)->unmap = hashiya_document_view_unmap;
  GTK_WIDGET_CLASS (klass)->size_allocate = hashiya_document_view_size_allocate;

  document_view_signals[SELECTED_SPAN_CHANGED] =
    g_signal_new ("selected-span-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  document_view_signals[CURRENT_SUGGESTION_CHANGED] =
    g_signal_new ("current-suggestion-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  document_view_signals[CURRENT_COMMENT_CHANGED] =
    g_signal_new ("current-comment-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
hashiya_document_view_init (HashiyaDocumentView *self)
{
  GtkTextView *view = GTK_TEXT_VIEW (self);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkEventController *legacy;

  self->spans = hashiya_span_model_new ();
  self->label_tags = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, label_tags_free);
  self->chip_layouts = hashiya_span_layer_new_chip_cache ();
  self->mark_layouts = hashiya_span_layer_new_chip_cache ();
  self->judgements = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) hashiya_judgement_free);
  self->comments = g_array_new (FALSE, FALSE, sizeof (Comment));
  self->applied_upto = G_MAXINT64;
  self->press_offset = -1;
  self->current_suggestion = G_MAXUINT;

  gtk_widget_set_name (GTK_WIDGET (self), "document-view");
  gtk_widget_add_css_class (GTK_WIDGET (self), "document");
  gtk_text_view_set_editable (view, FALSE);
  /* our own history undoes annotations; the buffer's would keep a copy of the text */
  gtk_text_buffer_set_enable_undo (buffer, FALSE);
  gtk_text_view_set_cursor_visible (view, TRUE);
  gtk_text_view_set_wrap_mode (view, GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_pixels_below_lines (view, 12);
  gtk_text_view_set_pixels_inside_wrap (view, 6);
  gtk_text_view_set_left_margin (view, 32);
  gtk_text_view_set_right_margin (view, 32);
  gtk_text_view_set_top_margin (view, 24);
  gtk_text_view_set_bottom_margin (view, 48);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Document text"),
                                  -1);

  /* Whole segments may change size and weight: a segment is one paragraph, so no
   * word is ever split by these. Spans only change colours. */
  self->kind_tags[HASHIYA_SEGMENT_SITE] =
    gtk_text_buffer_create_tag (buffer, "seg-site", "scale", 0.8, NULL);
  self->kind_tags[HASHIYA_SEGMENT_TITLE] =
    gtk_text_buffer_create_tag (buffer, "seg-title", "scale", 1.45, "weight", PANGO_WEIGHT_BOLD,
                                "pixels-above-lines", 8, "pixels-below-lines", 16, NULL);
  self->kind_tags[HASHIYA_SEGMENT_BYLINE] =
    gtk_text_buffer_create_tag (buffer, "seg-byline", "scale", 0.85, NULL);
  self->kind_tags[HASHIYA_SEGMENT_PARAGRAPH] =
    gtk_text_buffer_create_tag (buffer, "seg-paragraph", NULL);
  self->kind_tags[HASHIYA_SEGMENT_HEADING] =
    gtk_text_buffer_create_tag (buffer, "seg-heading", "scale", 1.15, "weight", PANGO_WEIGHT_BOLD,
                                "pixels-above-lines", 10, NULL);
  self->kind_tags[HASHIYA_SEGMENT_CAPTION] =
    gtk_text_buffer_create_tag (buffer, "seg-caption", "scale", 0.85, "left-margin", 48,
                                "right-margin", 48, NULL);
  self->kind_tags[HASHIYA_SEGMENT_BOILERPLATE] =
    gtk_text_buffer_create_tag (buffer, "seg-boilerplate", "scale", 0.8, NULL);
  self->kind_tags[HASHIYA_SEGMENT_COMMENT] =
    gtk_text_buffer_create_tag (buffer, "seg-comment", "left-margin", 40, "right-margin", 40,
                                "pixels-below-lines", 18, NULL);
  self->comment_head_tag =
    gtk_text_buffer_create_tag (buffer, "comment-head", "pixels-above-lines",
                                CARD_HEAD_PX + CARD_CONTROLS_PX, NULL);
  self->match_tag =
    gtk_text_buffer_create_tag (buffer, "find-match", "background-rgba",
                                &(GdkRGBA) { 1.0, 0.85, 0.1, 0.75 }, "foreground-rgba",
                                &(GdkRGBA) { 0.1, 0.1, 0.1, 1 }, NULL);

  for (int k = 1; k <= HASHIYA_SPAN_MAX_LANES; k++)
    {
      g_autofree char *name = g_strdup_printf ("span-lanes-%d", k);
      int room = k * HASHIYA_SPAN_LANE_PX + 6;
      self->lane_tags[k] = gtk_text_buffer_create_tag (buffer, name, "pixels-inside-wrap", room,
                                                       "pixels-below-lines", MAX (room, 12), NULL);
    }

  style_segment_tags (self);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (on_dark_changed), self, G_CONNECT_SWAPPED);

  self->font_provider = gtk_css_provider_new ();
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_add_provider (gtk_widget_get_style_context (GTK_WIDGET (self)),
                                  GTK_STYLE_PROVIDER (self->font_provider),
                                  GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  G_GNUC_END_IGNORE_DEPRECATIONS
  hashiya_document_view_set_font (self, "Noto Naskh Arabic 18");

  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (on_query_tooltip), NULL);
  g_signal_connect_object (buffer, "mark-set", G_CALLBACK (on_mark_set), self, 0);
  g_signal_connect (self, "notify::vadjustment", G_CALLBACK (on_vadjustment_changed), NULL);

  legacy = gtk_event_controller_legacy_new ();
  gtk_event_controller_set_propagation_phase (legacy, GTK_PHASE_CAPTURE);
  g_signal_connect (legacy, "event", G_CALLBACK (on_legacy_event), self);
  gtk_widget_add_controller (GTK_WIDGET (self), legacy);
}

GtkWidget *
hashiya_document_view_new (void)
{
  return g_object_new (HASHIYA_TYPE_DOCUMENT_VIEW, NULL);
}

/* ---- suggestions ---------------------------------------------------------- */

static void
update_current_suggestion (HashiyaDocumentView *self)
{
  guint current = G_MAXUINT;

  if (self->text != NULL && hashiya_span_model_get_n_suggestions (self->spans) > 0)
    current = hashiya_span_model_suggestion_at (self->spans, hashiya_document_view_get_cursor (self));
  if (current != self->current_suggestion)
    {
      self->current_suggestion = current;
      g_signal_emit (self, document_view_signals[CURRENT_SUGGESTION_CHANGED], 0);
    }
}

void
hashiya_document_view_set_suggestions (HashiyaDocumentView *self, GPtrArray *suggestions,
                                       GPtrArray *owner)
{
  g_return_if_fail (HASHIYA_IS_DOCUMENT_VIEW (self));

  hashiya_span_model_set_suggestions (self->spans, suggestions, owner);
  self->current_suggestion = G_MAXUINT;
  update_current_suggestion (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
hashiya_document_view_get_current_suggestion (HashiyaDocumentView *self)
{
  g_return_val_if_fail (HASHIYA_IS_DOCUMENT_VIEW (self), G_MAXUINT);
  return self->current_suggestion;
}

gboolean
hashiya_document_view_get_suggestion_rect (HashiyaDocumentView *self, guint index,
                                           GdkRectangle *rect)
{
  const HashiyaSuggestion *s;
  GtkTextIter it;
  GdkRectangle r;
  int x, y;

  g_return_val_if_fail (HASHIYA_IS_DOCUMENT_VIEW (self), FALSE);
  if (index >= hashiya_span_model_get_n_suggestions (self->spans))
    return FALSE;
  s = hashiya_span_model_get_suggestion (self->spans, index);
  dv_iter_at (self, &it, s->start);
  gtk_text_view_get_iter_location (GTK_TEXT_VIEW (self), &it, &r);
  gtk_text_view_buffer_to_window_coords (GTK_TEXT_VIEW (self), GTK_TEXT_WINDOW_WIDGET,
                                         r.x, r.y, &x, &y);
  *rect = (GdkRectangle) { x, y, MAX (r.width, 1), r.height };
  return TRUE;
}
