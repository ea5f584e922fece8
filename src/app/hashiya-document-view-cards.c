/* hashiya-document-view-cards.c: the document view's reader comments: the current comment,
 * its judgement, and the cards drawn around each comment with the review strip placed on them
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "hashiya-document-view-private.h"
#include "hashiya-settings.h"

#include <math.h>

/* ---- comments ------------------------------------------------------------- */

gboolean
dv_text_is_rtl (HashiyaText *text, gint64 start, gint64 end)
{
  for (gint64 i = start; i < end && i < start + 200; i++)
    {
      gunichar c = hashiya_text_get_char (text, i);
      if ((c >= 0x0590 && c <= 0x08FF) || (c >= 0xFB1D && c <= 0xFEFC))
        return TRUE;
      if (g_unichar_isalpha (c))
        return FALSE;
    }
  return FALSE;
}

static const Comment *
get_comment (HashiyaDocumentView *self, int index)
{
  if (self->comments == NULL || index < 1 || index > (int) self->comments->len)
    return NULL;
  return &g_array_index (self->comments, Comment, index - 1);
}

/* The comment whose text holds offset, 0 when none. */
int
dv_comment_at (HashiyaDocumentView *self, gint64 offset)
{
  guint lo = 0, hi = self->comments->len;

  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;
      if (g_array_index (self->comments, Comment, mid).end <= offset)
        lo = mid + 1;
      else
        hi = mid;
    }
  if (lo < self->comments->len)
    {
      const Comment *c = &g_array_index (self->comments, Comment, lo);
      if (c->start <= offset)
        return c->index;
    }
  return 0;
}

int
hashiya_document_view_get_n_comments (HashiyaDocumentView *self)
{
  return self->comments ? (int) self->comments->len : 0;
}

int
hashiya_document_view_get_current_comment (HashiyaDocumentView *self)
{
  return self->current_comment;
}

gboolean
hashiya_document_view_get_comment_range (HashiyaDocumentView *self,
                                         int index, gint64 *start, gint64 *end)
{
  const Comment *c = get_comment (self, index);

  if (c == NULL)
    return FALSE;
  *start = c->start;
  *end = c->end;
  return TRUE;
}

/* The current card's controls (the review strip) sit in the room its first line keeps
 * above the text, on the side where the comment's text starts. They live in an overlay
 * over the scrolled view (a GtkTextView overlay child was often left at a stale place
 * or hidden), placed again on every frame before layout, so they move with the card and
 * never over text: when that room is scrolled out of sight the strip is hidden (the side
 * panel has the same controls). */
static void
place_controls (HashiyaDocumentView *self)
{
  const Comment *c = get_comment (self, self->current_comment);
  GtkWidget *parent;
  GtkTextIter iter;
  graphene_point_t p = { 0, 0 };
  int y = 0, h, wx, wy = 0, nat = 0, width = 0, pw, ph;
  gboolean show;

  if (self->card_controls == NULL)
    return;

  parent = gtk_widget_get_parent (self->card_controls);
  /* leave it alone while the view is off screen (another page, being destroyed) */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)) || parent == NULL || !gtk_widget_get_mapped (parent))
    return;
  show = c != NULL;
  if (show)
    {
      dv_iter_at (self, &iter, c->start);
      gtk_text_view_get_line_yrange (GTK_TEXT_VIEW (self), &iter, &y, &h);
      gtk_text_view_buffer_to_window_coords (GTK_TEXT_VIEW (self), GTK_TEXT_WINDOW_WIDGET, 0,
                                             y + CARD_HEAD_PX - 2, &wx, &wy);
      if (!gtk_widget_compute_point (GTK_WIDGET (self), parent, &GRAPHENE_POINT_INIT (0, wy), &p))
        p = GRAPHENE_POINT_INIT (0, wy);
      /* its own width: the parts' (the strip itself measures 0 while hidden, and its
       * margins, which place it, would count) */
      nat = 0;
      for (GtkWidget *part = gtk_widget_get_first_child (self->card_controls); part != NULL;
           part = gtk_widget_get_next_sibling (part))
        {
          int n = 0;
          gtk_widget_measure (part, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &n, NULL, NULL);
          nat += n + (nat > 0 ? 8 : 0);
        }
      width = gtk_widget_get_width (GTK_WIDGET (self));
      pw = gtk_widget_get_width (parent);
      ph = gtk_widget_get_height (parent);
      /* the whole strip inside the view and inside the card's head room */
      show = p.y >= 0 && p.y + CARD_CONTROLS_PX <= ph
             && nat <= width - 32 - hashiya_document_view_get_comment_depth (self, c->index) * 28;
      if (show)
        {
          /* a reply's card is indented on the side its text starts */
          int indent = hashiya_document_view_get_comment_depth (self, c->index) * 28;
          int x = c->rtl ? MAX (width - 24 - indent - nat, 16) : 24 + indent;
          int start = gtk_widget_get_direction (self->card_controls) == GTK_TEXT_DIR_RTL
                      ? MAX (pw - x - nat, 0) : x;
          if (start != self->placed_x || (int) p.y != self->placed_y)
            {
              self->placed_x = start;
              self->placed_y = (int) p.y;
              gtk_widget_set_margin_start (self->card_controls, start);
              gtk_widget_set_margin_top (self->card_controls, (int) p.y);
            }
        }
    }
  if (gtk_widget_get_visible (self->card_controls) != show)
    gtk_widget_set_visible (self->card_controls, show);
}

static gboolean
place_controls_idle (gpointer data)
{
  HashiyaDocumentView *self = data;

  self->place_idle = 0;
  place_controls (self);
  return G_SOURCE_REMOVE;
}

/* Before the next frame's layout (GDK's frame phases run at G_PRIORITY_HIGH_IDLE + 20). */
void
dv_queue_place_controls (HashiyaDocumentView *self)
{
  if (self->card_controls != NULL && self->place_idle == 0)
    self->place_idle = g_idle_add_full (G_PRIORITY_HIGH_IDLE, place_controls_idle, self, NULL);
}

void
hashiya_document_view_set_card_controls (HashiyaDocumentView *self, GtkWidget *controls)
{
  g_return_if_fail (self->card_controls == NULL);
  self->card_controls = controls;
  self->placed_x = self->placed_y = -1;
  gtk_widget_set_halign (controls, GTK_ALIGN_START);
  gtk_widget_set_valign (controls, GTK_ALIGN_START);
  gtk_widget_set_visible (controls, FALSE);
  dv_queue_place_controls (self);
}

void
hashiya_document_view_set_current_comment (HashiyaDocumentView *self,
                                           int index, gboolean scroll)
{
  const Comment *c = get_comment (self, index);

  if (c == NULL)
    index = 0;
  if (c != NULL && scroll)
    {
      GtkTextIter iter;

      dv_iter_at (self, &iter, c->start);
      self->selecting = TRUE;
      gtk_text_buffer_place_cursor (dv_get_buffer (self), &iter);
      self->selecting = FALSE;
      /* the card goes to the upper part of the view, where the eye expects it */
      dv_scroll_to_offset (self, c->start, TRUE, 0.2);
    }
  if (index != self->current_comment)
    {
      self->current_comment = index;
      gtk_widget_queue_draw (GTK_WIDGET (self));
      dv_queue_place_controls (self);
      g_signal_emit (self, document_view_signals[CURRENT_COMMENT_CHANGED], 0);
    }
}

int
hashiya_document_view_find_comment (HashiyaDocumentView *self, int direction)
{
  int n = hashiya_document_view_get_n_comments (self);
  gint64 cursor;

  if (n == 0)
    return 0;
  if (self->current_comment > 0)
    {
      int next = self->current_comment + (direction > 0 ? 1 : -1);
      return next >= 1 && next <= n ? next : 0;
    }
  cursor = hashiya_document_view_get_cursor (self);
  if (direction > 0)
    {
      for (int i = 1; i <= n; i++)
        if (get_comment (self, i)->start >= cursor)
          return i;
      return 0;
    }
  for (int i = n; i >= 1; i--)
    if (get_comment (self, i)->end <= cursor)
      return i;
  return 0;
}

const HashiyaJudgement *
hashiya_document_view_get_judgement (HashiyaDocumentView *self, int index)
{
  return g_hash_table_lookup (self->judgements, GINT_TO_POINTER (index));
}

void
hashiya_document_view_set_judgement (HashiyaDocumentView    *self,
                                     int                     index,
                                     const HashiyaJudgement *j)
{
  if (j != NULL)
    g_hash_table_insert (self->judgements, GINT_TO_POINTER (index), hashiya_judgement_copy (j));
  else
    g_hash_table_remove (self->judgements, GINT_TO_POINTER (index));
  gtk_widget_queue_draw (GTK_WIDGET (self));
  if (index == self->current_comment)
    g_signal_emit (self, document_view_signals[CURRENT_COMMENT_CHANGED], 0);
}

/* ---- reply threads -------------------------------------------------------- */

#define REPLY_INDENT_PX 28
#define REPLY_MAX_DEPTH 4

int
hashiya_document_view_get_comment_parent (HashiyaDocumentView *self, int index)
{
  const Comment *c = get_comment (self, index);

  return c ? c->parent : 0;
}

int
hashiya_document_view_get_comment_depth (HashiyaDocumentView *self, int index)
{
  int depth = 0;
  const Comment *c = get_comment (self, index);

  /* a parent is always an earlier comment: the chain ends */
  while (c != NULL && c->parent > 0 && c->parent < c->index && depth < REPLY_MAX_DEPTH)
    {
      depth++;
      c = get_comment (self, c->parent);
    }
  return depth;
}

static GtkTextTag *
reply_tag (HashiyaDocumentView *self, int depth, gboolean rtl)
{
  GtkTextTag **tags = rtl ? self->reply_tags_rtl : self->reply_tags;

  if (tags[depth] == NULL)
    {
      /* the comment segment's own margins are 40 on each side */
      int indent = 40 + depth * REPLY_INDENT_PX;
      tags[depth] = gtk_text_buffer_create_tag (dv_get_buffer (self), NULL,
                                                rtl ? "right-margin" : "left-margin", indent,
                                                rtl ? "left-margin" : "right-margin", 40, NULL);
    }
  return tags[depth];
}

void
hashiya_document_view_apply_threads (HashiyaDocumentView *self)
{
  GtkTextBuffer *buffer = dv_get_buffer (self);
  GtkTextIter a, b;

  if (self->comments == NULL || self->segments == NULL)
    return;
  /* a new buffer text drops the tag table's use, not the tags: forget ours when reloaded */
  for (guint i = 0; i < self->segments->len; i++)
    {
      const HashiyaSegment *seg = &g_array_index (self->segments, HashiyaSegment, i);
      if (seg->kind == HASHIYA_SEGMENT_COMMENT && seg->comment_index >= 1
          && seg->comment_index <= (int) self->comments->len)
        g_array_index (self->comments, Comment, seg->comment_index - 1).parent = seg->parent_index;
    }
  gtk_text_buffer_get_bounds (buffer, &a, &b);
  for (int d = 1; d <= REPLY_MAX_DEPTH; d++)
    {
      if (self->reply_tags[d] != NULL)
        gtk_text_buffer_remove_tag (buffer, self->reply_tags[d], &a, &b);
      if (self->reply_tags_rtl[d] != NULL)
        gtk_text_buffer_remove_tag (buffer, self->reply_tags_rtl[d], &a, &b);
    }
  for (guint i = 0; i < self->comments->len; i++)
    {
      const Comment *c = &g_array_index (self->comments, Comment, i);
      int depth = hashiya_document_view_get_comment_depth (self, c->index);

      if (depth == 0)
        continue;
      dv_iter_at (self, &a, c->start);
      dv_iter_at (self, &b, c->end);
      gtk_text_buffer_apply_tag (buffer, reply_tag (self, depth, c->rtl), &a, &b);
    }
  dv_queue_place_controls (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
hashiya_document_view_set_comment_parent (HashiyaDocumentView *self, int index, int parent)
{
  if (get_comment (self, index) == NULL)
    return;
  for (guint i = 0; i < self->segments->len; i++)
    {
      HashiyaSegment *seg = &g_array_index (self->segments, HashiyaSegment, i);
      if (seg->kind == HASHIYA_SEGMENT_COMMENT && seg->comment_index == index)
        seg->parent_index = parent;
    }
  hashiya_document_view_apply_threads (self);
}

void
hashiya_document_view_set_key_hints (HashiyaDocumentView *self, const char *hints)
{
  g_free (self->key_hints);
  self->key_hints = hints && *hints ? g_strdup (hints) : NULL;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
hashiya_document_view_queue_draw_cards (HashiyaDocumentView *self)
{
  dv_queue_place_controls (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* The card's horizontal extent: indented on the side where the comment's text starts. */
static void
card_x (HashiyaDocumentView *self, const Comment *c, const GdkRectangle *visible, float *x, float *width)
{
  int indent = hashiya_document_view_get_comment_depth (self, c->index) * REPLY_INDENT_PX;

  *x = visible->x + 8 + (c->rtl ? 0 : indent);
  *width = MAX (visible->width - 16 - indent, 10);
}

/* ---- drawing the comment cards ------------------------------------------- */

/* The card of comment index as it is drawn, in buffer coordinates. */
static gboolean
card_rect (HashiyaDocumentView *self, int index, graphene_rect_t *out)
{
  GtkTextView *view = GTK_TEXT_VIEW (self);
  const Comment *c = get_comment (self, index);
  GdkRectangle visible;
  GtkTextIter a, b;
  int y0, h0, y1, h1;

  if (c == NULL)
    return FALSE;
  gtk_text_view_get_visible_rect (view, &visible);
  dv_iter_at (self, &a, c->start);
  dv_iter_at (self, &b, MAX (c->start, c->end - 1));
  gtk_text_view_get_line_yrange (view, &a, &y0, &h0);
  gtk_text_view_get_line_yrange (view, &b, &y1, &h1);
  {
    float x, width;
    card_x (self, c, &visible, &x, &width);
    *out = GRAPHENE_RECT_INIT (x, y0 + 4, width, (y1 + h1) - y0 - 2);
  }
  return TRUE;
}

gboolean
hashiya_document_view_get_card_bounds (HashiyaDocumentView *self, int index, graphene_rect_t *out)
{
  int x, y;

  g_return_val_if_fail (HASHIYA_IS_DOCUMENT_VIEW (self), FALSE);
  if (!card_rect (self, index, out))
    return FALSE;
  gtk_text_view_buffer_to_window_coords (GTK_TEXT_VIEW (self), GTK_TEXT_WINDOW_WIDGET,
                                         (int) out->origin.x, (int) out->origin.y, &x, &y);
  out->origin.x = x;
  out->origin.y = y;
  return TRUE;
}

static GPtrArray *
describe_judgement (const HashiyaJudgement *j)
{
  GPtrArray *parts = g_ptr_array_new_with_free_func (g_free);

  if (j == NULL)
    return parts;
  switch (j->sentiment)
    {
    case HASHIYA_SENTIMENT_POSITIVE: g_ptr_array_add (parts, g_strdup (_("Positive"))); break;
    case HASHIYA_SENTIMENT_NEGATIVE: g_ptr_array_add (parts, g_strdup (_("Negative"))); break;
    case HASHIYA_SENTIMENT_NEUTRAL:  g_ptr_array_add (parts, g_strdup (_("Neutral"))); break;
    case HASHIYA_SENTIMENT_MIXED:    g_ptr_array_add (parts, g_strdup (_("Mixed"))); break;
    case HASHIYA_SENTIMENT_NONE:
    default: break;
    }
  if (j->offensive == 1)
    g_ptr_array_add (parts, g_strdup (_("Offensive")));
  if (j->hate_speech == 1)
    g_ptr_array_add (parts, g_strdup (_("Hate speech")));
  switch (j->decision)
    {
    case HASHIYA_DECISION_APPROVE: g_ptr_array_add (parts, g_strdup (_("Approve"))); break;
    case HASHIYA_DECISION_REVIEW:  g_ptr_array_add (parts, g_strdup (_("Review"))); break;
    case HASHIYA_DECISION_REJECT:  g_ptr_array_add (parts, g_strdup (_("Reject"))); break;
    case HASHIYA_DECISION_NONE:
    default: break;
    }
  if (j->values != NULL)
    {
      /* the custom fields of the project's schema, by name */
      g_autoptr(GList) names = g_list_sort (g_hash_table_get_keys (j->values), (GCompareFunc) g_strcmp0);
      for (GList *l = names; l != NULL; l = l->next)
        g_ptr_array_add (parts, g_strdup_printf ("%s: %s", (const char *) l->data,
                                                 (const char *) g_hash_table_lookup (j->values, l->data)));
    }
  if (j->note != NULL && *j->note)
    {
      /* the note itself, shortened: the card says what was noted, not only that */
      g_autofree char *flat = g_strdelimit (g_strdup (j->note), "\n\t", ' ');
      GString *note = g_string_new (NULL);

      if (g_utf8_strlen (flat, -1) > 60)
        {
          g_string_append_len (note, flat, g_utf8_offset_to_pointer (flat, 59) - flat);
          g_string_append (note, "…");
        }
      else
        g_string_append (note, flat);
      /* TRANSLATORS: the note shown on a comment card, %s is the note's text */
      g_ptr_array_add (parts, g_strdup_printf (_("Note: “%s”"), note->str));
      g_string_free (note, TRUE);
    }
  return parts;
}

static void
snapshot_cards (HashiyaDocumentView *self, GtkSnapshot *snapshot, gboolean above)
{
  GtkTextView *view = GTK_TEXT_VIEW (self);
  GdkRectangle visible;
  GtkTextIter top, bottom;
  gint64 top_off, bottom_off;
  GdkRGBA fg, accent;
  GtkStyleContext *context = gtk_widget_get_style_context (GTK_WIDGET (self));
  guint lo = 0, hi;

  if (self->comments == NULL || self->comments->len == 0)
    return;
  gtk_text_view_get_visible_rect (view, &visible);
  gtk_text_view_get_line_at_y (view, &top, visible.y, NULL);
  gtk_text_view_get_line_at_y (view, &bottom, visible.y + visible.height, NULL);
  gtk_text_iter_forward_to_line_end (&bottom);
  top_off = gtk_text_iter_get_offset (&top);
  bottom_off = gtk_text_iter_get_offset (&bottom);

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (context, &fg);
  if (!gtk_style_context_lookup_color (context, "accent_bg_color", &accent))
    gdk_rgba_parse (&accent, "#3584e4");
  G_GNUC_END_IGNORE_DEPRECATIONS

  hi = self->comments->len;
  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;
      if (g_array_index (self->comments, Comment, mid).end < top_off)
        lo = mid + 1;
      else
        hi = mid;
    }

  for (guint i = lo; i < self->comments->len; i++)
    {
      const Comment *c = &g_array_index (self->comments, Comment, i);
      GtkTextIter a, b;
      int y0, h0, y1, h1;
      float x, width;
      gboolean current = c->index == self->current_comment;
      GskRoundedRect rr;
      graphene_rect_t rect;

      if (c->start > bottom_off)
        break;
      dv_iter_at (self, &a, c->start);
      dv_iter_at (self, &b, MAX (c->start, c->end - 1));
      gtk_text_view_get_line_yrange (view, &a, &y0, &h0);
      gtk_text_view_get_line_yrange (view, &b, &y1, &h1);
      card_x (self, c, &visible, &x, &width);
      rect = GRAPHENE_RECT_INIT (x, y0 + 4, width, (y1 + h1) - y0 - 2);

      if (!above)
        {
          GdkRGBA card = fg;
          card.alpha = current ? 0.10 : 0.05;
          gsk_rounded_rect_init_from_rect (&rr, &rect, 10);
          gtk_snapshot_push_rounded_clip (snapshot, &rr);
          gtk_snapshot_append_color (snapshot, &card, &rect);
          gtk_snapshot_pop (snapshot);
          if (current)
            {
              float widths[4] = { 2, 2, 2, 2 };
              GdkRGBA colors[4] = { accent, accent, accent, accent };
              gtk_snapshot_append_border (snapshot, &rr, widths, colors);
            }
        }
      else
        {
          g_autoptr(GPtrArray) parts = describe_judgement (hashiya_document_view_get_judgement (self, c->index));
          g_autoptr(GString) head = g_string_new (NULL);
          g_autoptr(PangoLayout) layout = NULL;
          PangoAttrList *attrs;
          int lw, lh;
          float lx;
          GdkRGBA color = current ? accent : fg;

          /* TRANSLATORS: the number of a reader comment on its card */
          {
            char *number = hashiya_localize_digits (g_strdup_printf (_("Comment %d"), c->index));
            g_string_assign (head, number);
            g_free (number);
          }
          if (c->parent > 0)
            {
              /* TRANSLATORS: on the card of a comment that replies to comment %d */
              char *reply = hashiya_localize_digits (g_strdup_printf (_("reply to #%d"), c->parent));
              g_string_append_printf (head, " · ↳ %s", reply);
              g_free (reply);
            }
          for (guint k = 0; k < parts->len; k++)
            g_string_append_printf (head, " · %s", (const char *) g_ptr_array_index (parts, k));
          if (parts->len == 0)
            g_string_append_printf (head, " · %s", _("not judged"));
          if (current && self->key_hints != NULL)
            /* TRANSLATORS: before the judgement keys on the current card, "keys: O offensive · …" */
            g_string_append_printf (head, "   %s %s", _("keys:"), self->key_hints);
          layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), head->str);
          attrs = pango_attr_list_new ();
          pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
          pango_attr_list_insert (attrs, pango_attr_scale_new (0.55));
          pango_layout_set_attributes (layout, attrs);
          pango_attr_list_unref (attrs);
          /* a long judgement (custom fields, a note) ends in "…" inside the card */
          pango_layout_get_pixel_size (layout, &lw, &lh);
          if (lw > width - 32)
            {
              pango_layout_set_width (layout, (int) MAX (width - 32, 40) * PANGO_SCALE);
              pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
              pango_layout_get_pixel_size (layout, &lw, &lh);
            }
          if (!current)
            color.alpha = 0.7;
          lx = c->rtl ? x + width - 16 - lw : x + 16;
          gtk_snapshot_save (snapshot);
          gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (lx, y0 + 10));
          gtk_snapshot_append_layout (snapshot, layout, &color);
          gtk_snapshot_restore (snapshot);
        }
    }
}

void
hashiya_document_view_snapshot_layer (GtkTextView      *view,
                                      GtkTextViewLayer  layer,
                                      GtkSnapshot      *snapshot)
{
  HashiyaDocumentView *self = HASHIYA_DOCUMENT_VIEW (view);

  snapshot_cards (HASHIYA_DOCUMENT_VIEW (view), snapshot, layer == GTK_TEXT_VIEW_LAYER_ABOVE_TEXT);
  if (layer == GTK_TEXT_VIEW_LAYER_ABOVE_TEXT)
    {
      /* the card may have moved since the strip was placed (lines above laid out) */
      dv_queue_place_controls (self);
      gint64 start, end;

      hashiya_span_layer_snapshot (view, snapshot, self->spans, self->chip_layouts, dv_label_color, self);
      if (self->show_invisibles)
        hashiya_span_layer_invisibles (view, snapshot, self->mark_layouts);
      /* the selection is an outline: the label colour under it stays visible */
      if (hashiya_document_view_get_selection (self, &start, &end))
        {
          GdkRGBA outline;
          G_GNUC_BEGIN_IGNORE_DEPRECATIONS
          gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (self)), &outline);
          G_GNUC_END_IGNORE_DEPRECATIONS
          hashiya_span_layer_outline (view, snapshot, start, end, &outline);
        }
    }
}
