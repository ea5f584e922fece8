/* hashiya-document-view.h: one document's text with its segments, spans and comment cards
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The GtkTextBuffer holds the document text exactly (buffer offsets are our code-point
 * offsets). Spans are drawn with two tags per label (background for outer spans,
 * underline for spans nested inside another), comments are drawn as numbered cards
 * behind their paragraphs.
 */
#pragma once

#include <gtk/gtk.h>
#include "hashiya-store.h"
#include "hashiya-span-model.h"

G_BEGIN_DECLS

#define HASHIYA_TYPE_DOCUMENT_VIEW (hashiya_document_view_get_type ())
G_DECLARE_FINAL_TYPE (HashiyaDocumentView, hashiya_document_view, HASHIYA, DOCUMENT_VIEW, GtkTextView)

GtkWidget        *hashiya_document_view_new              (void);
/* Takes ownership of spans and judgements (this annotator's). */
void              hashiya_document_view_load             (HashiyaDocumentView *self,
                                                          HashiyaText         *text,
                                                          GArray              *segments,
                                                          GPtrArray           *spans,
                                                          GPtrArray           *judgements);
void              hashiya_document_view_clear            (HashiyaDocumentView *self);
HashiyaText      *hashiya_document_view_get_text         (HashiyaDocumentView *self);
GArray           *hashiya_document_view_get_segments     (HashiyaDocumentView *self);
void              hashiya_document_view_set_labels       (HashiyaDocumentView *self,
                                                          GPtrArray           *labels);
void              hashiya_document_view_set_font         (HashiyaDocumentView *self,
                                                          const char          *font);
HashiyaSpanModel *hashiya_document_view_get_span_model   (HashiyaDocumentView *self);
gboolean          hashiya_document_view_is_fully_tagged  (HashiyaDocumentView *self);

void              hashiya_document_view_add_span         (HashiyaDocumentView *self,
                                                          const HashiyaSpan   *span);
void              hashiya_document_view_remove_span      (HashiyaDocumentView *self,
                                                          gint64               span_id);
void              hashiya_document_view_update_span      (HashiyaDocumentView *self,
                                                          gint64               span_id,
                                                          gint64               start,
                                                          gint64               end,
                                                          const char          *label);

/* The span selected by click / Tab / tagging, 0 when none. */
gint64            hashiya_document_view_get_selected_span (HashiyaDocumentView *self);
void              hashiya_document_view_select_span      (HashiyaDocumentView *self,
                                                          gint64               span_id);
gboolean          hashiya_document_view_get_selection    (HashiyaDocumentView *self,
                                                          gint64              *start,
                                                          gint64              *end);
void              hashiya_document_view_set_selection    (HashiyaDocumentView *self,
                                                          gint64               start,
                                                          gint64               end);
gint64            hashiya_document_view_get_cursor       (HashiyaDocumentView *self);
void              hashiya_document_view_place_cursor     (HashiyaDocumentView *self,
                                                          gint64               offset,
                                                          gboolean             scroll);
void              hashiya_document_view_clear_selection  (HashiyaDocumentView *self);

/* comments: numbered 1..n */
int               hashiya_document_view_get_n_comments   (HashiyaDocumentView *self);
int               hashiya_document_view_get_current_comment (HashiyaDocumentView *self);
void              hashiya_document_view_set_current_comment (HashiyaDocumentView *self,
                                                             int                  index,
                                                             gboolean             scroll);
/* next comment after the current one (or after the cursor); 0 when none */
int               hashiya_document_view_find_comment     (HashiyaDocumentView *self,
                                                          int                  direction);
gboolean          hashiya_document_view_get_comment_range (HashiyaDocumentView *self,
                                                           int                  index,
                                                           gint64              *start,
                                                           gint64              *end);
const HashiyaJudgement *hashiya_document_view_get_judgement (HashiyaDocumentView *self,
                                                             int                  index);
/* j NULL = no judgement */
void              hashiya_document_view_set_judgement    (HashiyaDocumentView    *self,
                                                          int                     index,
                                                          const HashiyaJudgement *j);

/* Reply threads: the comment index replies to (0 = none), read from the segments' parent_index
 * by apply_threads (after load), which indents replies under their parent; set changes one. */
void              hashiya_document_view_apply_threads    (HashiyaDocumentView *self);
int               hashiya_document_view_get_comment_parent (HashiyaDocumentView *self, int index);
void              hashiya_document_view_set_comment_parent (HashiyaDocumentView *self, int index,
                                                            int parent);
/* How many levels deep comment index is indented (0: not a reply). */
int               hashiya_document_view_get_comment_depth (HashiyaDocumentView *self, int index);
void              hashiya_document_view_queue_draw_cards (HashiyaDocumentView *self);
/* The judgement keys, shown small at the end of the current card's heading (NULL: none). */
void              hashiya_document_view_set_key_hints    (HashiyaDocumentView *self,
                                                          const char          *hints);
/* Where comment index's card is drawn (widget coordinates); FALSE when there is none. */
gboolean          hashiya_document_view_get_card_bounds  (HashiyaDocumentView *self,
                                                          int                  index,
                                                          graphene_rect_t     *out);

/* A widget shown on the current comment's card (its judgement controls). The caller
 * puts it in a GtkOverlay over the view's scrolled window; the view places it. */
void              hashiya_document_view_set_card_controls (HashiyaDocumentView *self,
                                                           GtkWidget           *controls);

/* The invisible-character inspector (RLM, ZWNJ, NBSP, tatweel… marked on screen). */
void              hashiya_document_view_set_show_invisibles (HashiyaDocumentView *self,
                                                             gboolean             show);
gboolean          hashiya_document_view_get_show_invisibles (HashiyaDocumentView *self);

/* Find matches (HashiyaRange), NULL clears. */
void              hashiya_document_view_set_matches      (HashiyaDocumentView *self,
                                                          GArray              *ranges);

/* Suggestions shown as dashed outlines (HashiyaSuggestion, by start; kept, not copied,
 * with owner, the array that owns them: see hashiya_span_model_set_suggestions), NULL
 * clears. The one under the cursor is the current one ("current-suggestion-changed"). */
void              hashiya_document_view_set_suggestions  (HashiyaDocumentView *self,
                                                          GPtrArray           *suggestions,
                                                          GPtrArray           *owner);
/* Index in the span model's suggestions, G_MAXUINT when the cursor is in none. */
guint             hashiya_document_view_get_current_suggestion (HashiyaDocumentView *self);
/* Where suggestion index starts (widget coordinates), for a popover. */
gboolean          hashiya_document_view_get_suggestion_rect (HashiyaDocumentView *self,
                                                             guint                index,
                                                             GdkRectangle        *rect);

G_END_DECLS
