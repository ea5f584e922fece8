/* hashiya-span-layer.h: the span layer drawn by the document view (lanes, label chips, outline)
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every span gets a lane under its lines: a bar in its label's colour over its whole extent,
 * with a chip naming the label at the span's start. Spans that nest or cross get different
 * lanes, so each one is visible with its own extent. The text itself is never touched:
 * the lanes live in the room a paragraph keeps below its lines.
 */
#pragma once

#include <gtk/gtk.h>
#include "hashiya-span-model.h"

G_BEGIN_DECLS

#define HASHIYA_SPAN_LANE_PX   15   /* height of one lane */
#define HASHIYA_SPAN_MAX_LANES 6    /* lanes reserved at most (deeper ones share the last) */

typedef struct
{
  guint index;   /* in the span model */
  int   lane;    /* 0 is nearest the text */
} HashiyaLanedSpan;

/* Lanes for the spans overlapping [start, end) (one paragraph): greedy, in model order
 * (start ascending, longer first), so an outer span is above what it holds. Fills out
 * (may be NULL) and returns the number of lanes used. */
int  hashiya_span_layer_assign_lanes (HashiyaSpanModel *model,
                                      gint64            start,
                                      gint64            end,
                                      GArray           *out);

typedef const GdkRGBA *(*HashiyaLabelColorFunc) (const char *label, gpointer user_data);

/* Draws the lanes and chips of the paragraphs visible in view (buffer coordinates, as
 * GtkTextView's snapshot_layer gives them). layouts caches the chips' text between
 * frames (label name → PangoLayout; see hashiya_span_layer_new_chip_cache). */
GHashTable *hashiya_span_layer_new_chip_cache (void);
void hashiya_span_layer_snapshot     (GtkTextView          *view,
                                      GtkSnapshot          *snapshot,
                                      HashiyaSpanModel     *model,
                                      GHashTable           *layouts,
                                      HashiyaLabelColorFunc color_func,
                                      gpointer              user_data);

/* An outline around [start, end) on every display line it covers. */
void hashiya_span_layer_outline      (GtkTextView          *view,
                                      GtkSnapshot          *snapshot,
                                      gint64                start,
                                      gint64                end,
                                      const GdkRGBA        *color);

/* The model's suggestions on screen: a dashed outline in the label's colour around the
 * letters, no fill and no lane, so a suggestion is never taken for a span; current (an
 * index, G_MAXUINT for none) gets a heavier one. */
void hashiya_span_layer_suggestions  (GtkTextView          *view,
                                      GtkSnapshot          *snapshot,
                                      HashiyaSpanModel     *model,
                                      guint                 current,
                                      HashiyaLabelColorFunc color_func,
                                      gpointer              user_data);

/* Calls func for each display-line piece of [start, end) inside the visible rect:
 * x0 <= x1, y is the top and h the height of the display line (buffer coordinates). */
typedef void (*HashiyaPieceFunc) (int x0, int x1, int y, int h, gboolean first, gpointer user_data);
void hashiya_span_layer_foreach_piece (GtkTextView *view,
                                       gint64       start,
                                       gint64       end,
                                       HashiyaPieceFunc func,
                                       gpointer     user_data);

/* The invisible-character inspector: a small named mark at each format character,
 * no-break space and tatweel on screen (RLM, ZWNJ, NBSP…), drawn over the text's own
 * layout: no character is added, no offset moves. */
void hashiya_span_layer_invisibles    (GtkTextView          *view,
                                      GtkSnapshot          *snapshot,
                                      GHashTable           *layouts);
/* The short name the inspector shows for c, or NULL when c is not one it marks. */
const char *hashiya_invisible_char_name (gunichar c);

G_END_DECLS
