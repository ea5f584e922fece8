/* hashiya-span-model.h: the spans of the open document, sorted, as a GListModel for the span list
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include "hashiya-store.h"
#include "suggest/hashiya-suggestion.h"

G_BEGIN_DECLS

/* One row of the span list (created on demand for visible rows). */
#define HASHIYA_TYPE_SPAN_ITEM (hashiya_span_item_get_type ())
G_DECLARE_FINAL_TYPE (HashiyaSpanItem, hashiya_span_item, HASHIYA, SPAN_ITEM, GObject)

gint64      hashiya_span_item_get_id    (HashiyaSpanItem *self);
gint64      hashiya_span_item_get_start (HashiyaSpanItem *self);
gint64      hashiya_span_item_get_end   (HashiyaSpanItem *self);
const char *hashiya_span_item_get_label (HashiyaSpanItem *self);
const char *hashiya_span_item_get_text  (HashiyaSpanItem *self);
/* a few words of the paragraph around the span */
const char *hashiya_span_item_get_before (HashiyaSpanItem *self);
const char *hashiya_span_item_get_after  (HashiyaSpanItem *self);
/* the invisible character (RLM, ZWNJ, NBSP, tatweel…) the span starts or ends on, or 0 */
gunichar    hashiya_span_item_get_edge_invisible (HashiyaSpanItem *self);

/* Format characters (RLM, LRM, ALM, ZWNJ, ZWJ…), no-break spaces and tatweel. */
gboolean    hashiya_char_is_invisible   (gunichar c);

#define HASHIYA_TYPE_SPAN_MODEL (hashiya_span_model_get_type ())
G_DECLARE_FINAL_TYPE (HashiyaSpanModel, hashiya_span_model, HASHIYA, SPAN_MODEL, GObject)

HashiyaSpanModel  *hashiya_span_model_new         (void);
/* Replaces everything; takes ownership of spans (HashiyaSpan, store order). */
void               hashiya_span_model_set_spans   (HashiyaSpanModel *self,
                                                   HashiyaText      *text,
                                                   GPtrArray        *spans);
guint              hashiya_span_model_get_count   (HashiyaSpanModel *self);
const HashiyaSpan *hashiya_span_model_get         (HashiyaSpanModel *self, guint index);
gboolean           hashiya_span_model_is_nested   (HashiyaSpanModel *self, guint index);
/* G_MAXUINT when absent */
guint              hashiya_span_model_find        (HashiyaSpanModel *self, gint64 span_id);
/* Inserts a copy in order; returns its index. */
guint              hashiya_span_model_insert      (HashiyaSpanModel *self, const HashiyaSpan *span);
/* Removes and returns the span (caller frees) or NULL. */
HashiyaSpan       *hashiya_span_model_remove      (HashiyaSpanModel *self, gint64 span_id);
/* Replace label and/or range of a span in place (keeps order). */
gboolean           hashiya_span_model_update      (HashiyaSpanModel *self, gint64 span_id,
                                                   gint64 start, gint64 end, const char *label);
/* The innermost (shortest) span containing [start, end) (start == end: covering start), or NULL. */
const HashiyaSpan *hashiya_span_model_at          (HashiyaSpanModel *self, gint64 start, gint64 end);
/* Spans that overlap [start, end): calls func for each index. */
void               hashiya_span_model_foreach_overlapping (HashiyaSpanModel *self,
                                                           gint64 start, gint64 end,
                                                           void (*func) (HashiyaSpanModel *, guint, gpointer),
                                                           gpointer user_data);
/* Recomputes which spans lie inside another; returns the indexes whose flag changed. */
GArray            *hashiya_span_model_update_nesting (HashiyaSpanModel *self);
/* First span index whose start is >= offset (count when none). */
guint              hashiya_span_model_lower_bound (HashiyaSpanModel *self, gint64 offset);
/* Sets or clears (value NULL) a span's value, calendar and anchor in place. */
gboolean           hashiya_span_model_set_value   (HashiyaSpanModel *self, gint64 span_id,
                                                   const char *value, const char *calendar,
                                                   const char *anchor);

/* ---- suggestions: proposed spans drawn apart from the spans (never in the list) ----
 * The suggestions the view shows now (HashiyaSuggestion, by start), already filtered by
 * the window (shown, not rejected, not overlapping a span). Nothing is copied: the model
 * keeps a reference on suggestions (pointers it does not free) and on owner (the array
 * that owns them), so a filter pass over thousands costs no allocation. Either may be
 * NULL (none). set_spans clears them. */
void               hashiya_span_model_set_suggestions (HashiyaSpanModel *self,
                                                       GPtrArray        *suggestions,
                                                       GPtrArray        *owner);
guint              hashiya_span_model_get_n_suggestions (HashiyaSpanModel *self);
const HashiyaSuggestion *hashiya_span_model_get_suggestion (HashiyaSpanModel *self, guint index);
/* The suggestion holding offset (start <= offset < end, or offset == end when no other
 * does), G_MAXUINT when none. */
guint              hashiya_span_model_suggestion_at (HashiyaSpanModel *self, gint64 offset);
/* The first suggestion starting after offset (direction 1) or the last ending before it
 * (direction -1), G_MAXUINT when none. */
guint              hashiya_span_model_next_suggestion (HashiyaSpanModel *self, gint64 offset,
                                                       int direction);

G_END_DECLS
