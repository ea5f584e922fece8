/* hashiya-span-rules.h: which spans a document accepts, shared by the window and the CLI
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "hashiya-store.h"

G_BEGIN_DECLS

/* A span crosses a segment boundary when a segment (title, byline, paragraph, comment…)
 * starts or ends strictly inside [start, end). Returns FALSE when it stays in one
 * segment (or in text no segment covers); else TRUE with *inside the index in segments
 * of the segment the span starts in and *into the one it runs into (-1 when text outside
 * every segment). segments: HashiyaSegment in text order; may be NULL. */
gboolean hashiya_span_crosses_segments (GArray *segments,
                                        gint64  start,
                                        gint64  end,
                                        int    *inside,
                                        int    *into);

/* The message the window and the CLI give for such a span ("from the title into the
 * byline …"), translated. */
char    *hashiya_span_crossing_message (GArray *segments,
                                        int     inside,
                                        int     into);

G_END_DECLS
