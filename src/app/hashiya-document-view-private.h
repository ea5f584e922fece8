/* hashiya-document-view-private.h: what the document view's files share (not API)
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "hashiya-document-view.h"
#include "hashiya-span-layer.h"

G_BEGIN_DECLS

#define FIRST_SLICE_CHARS 20000   /* spans applied before the first frame */
#define SLICE_SPANS       1500    /* spans per idle slice afterwards */
#define CARD_HEAD_PX      34
#define CARD_CONTROLS_PX  34      /* room for the controls; every card keeps it, so that
                                     * moving between comments never shifts the text */

typedef struct
{
  GtkTextTag *bg;
  GtkTextTag *ul;
  GdkRGBA     color;   /* the label's own colour */
} LabelTags;

typedef struct
{
  int      index;
  gint64   start;
  gint64   end;
  gboolean rtl;
  int      parent;   /* the comment this one replies to, 0 = none (hashiya_document_view_apply_threads) */
} Comment;

struct _HashiyaDocumentView
{
  GtkTextView       parent_instance;

  HashiyaText      *text;
  GArray           *segments;
  HashiyaSpanModel *spans;
  GHashTable       *label_tags;    /* name → LabelTags */
  GHashTable       *chip_layouts;  /* name → PangoLayout of its chip */
  GHashTable       *mark_layouts;  /* the inspector's marks */
  gboolean          show_invisibles;
  GtkTextTag       *kind_tags[HASHIYA_N_SEGMENT_KINDS];
  GtkTextTag       *comment_head_tag;
  GtkWidget        *card_controls;  /* overlay on the current card, may be NULL */
  guint             place_idle;
  int               placed_x, placed_y;
  GtkTextTag       *match_tag;
  GtkTextTag       *lane_tags[HASHIYA_SPAN_MAX_LANES + 1];   /* [n]: room for n lanes */
  gint64            lanes_upto;    /* paragraphs before this offset have their lane room */

  GArray           *comments;      /* Comment, in text order; index i+1 */
  GHashTable       *judgements;    /* GINT_TO_POINTER (index) → HashiyaJudgement */
  int               current_comment;
  GtkTextTag       *reply_tags[5];   /* [d]: indentation of a reply d levels deep (LTR) */
  GtkTextTag       *reply_tags_rtl[5];
  char             *key_hints;       /* "O offensive · H hate speech …" on the current card */

  gint64            selected_span;
  gboolean          selecting;     /* we are moving the selection ourselves */
  gint64            applied_upto;  /* spans starting before this offset are tagged */
  guint             tag_idle;
  gint64            press_offset;

  GtkCssProvider   *font_provider;

  /* scrolling to a place: checked again while lines above it are still being laid out */
  GtkTextMark      *scroll_mark;
  gboolean          scroll_align;
  double            scroll_yalign;
  guint             scroll_check;
  int               scroll_tries;
  int               scroll_stable;

  guint             current_suggestion;  /* the suggestion under the cursor, G_MAXUINT: none */
};

enum { SELECTED_SPAN_CHANGED, CURRENT_COMMENT_CHANGED, CURRENT_SUGGESTION_CHANGED, N_SIGNALS };
G_GNUC_INTERNAL extern guint document_view_signals[N_SIGNALS];

/* shared between hashiya-document-view.c and hashiya-document-view-cards.c */
G_GNUC_INTERNAL void dv_iter_at (HashiyaDocumentView *self, GtkTextIter *iter, gint64 offset);
G_GNUC_INTERNAL GtkTextBuffer * dv_get_buffer (HashiyaDocumentView *self);
G_GNUC_INTERNAL void dv_scroll_to_offset (HashiyaDocumentView *self, gint64 offset, gboolean use_align, double yalign);
G_GNUC_INTERNAL const GdkRGBA * dv_label_color (const char *label, gpointer user_data);
G_GNUC_INTERNAL gboolean dv_text_is_rtl (HashiyaText *text, gint64 start, gint64 end);
G_GNUC_INTERNAL int dv_comment_at (HashiyaDocumentView *self, gint64 offset);
G_GNUC_INTERNAL void dv_queue_place_controls (HashiyaDocumentView *self);
G_GNUC_INTERNAL void hashiya_document_view_snapshot_layer (GtkTextView *view, GtkTextViewLayer layer, GtkSnapshot *snapshot);

G_END_DECLS
