/* hashiya-window-suggest.h: suggestions in the window (computed in the background, accepted, rejected, span values)
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "hashiya-window.h"

G_BEGIN_DECLS

typedef struct _HashiyaWindowSuggest HashiyaWindowSuggest;

/* Actions: win.show-suggestions (state, kept in settings; HASHIYA_SUGGESTIONS=0 or 1 starts it
 * off or on whatever the setting), win.accept-suggestion, win.reject-suggestion, win.accept-all-suggestions (the
 * current one's label and source, one undo step), win.next-suggestion,
 * win.prev-suggestion, win.span-details (a popover on the current suggestion or the
 * selected span), win.set-span-value ("(sss)": value, calendar, anchor; "" = none). */
void     hashiya_window_suggest_install   (HashiyaWindow *self);
void     hashiya_window_suggest_dispose   (HashiyaWindow *self);
/* A document was loaded (or none, doc_id 0): drop the old suggestions and compute the
 * new ones on a thread after the first frame. */
void     hashiya_window_suggest_document_loaded (HashiyaWindow *self);
/* The project changed (opened, closed, gazetteers edited): build the suggester again. */
void     hashiya_window_suggest_project_changed (HashiyaWindow *self);
/* TRUE while suggestions for the open document are being computed (tests wait on it). */
gboolean hashiya_window_suggest_is_running (HashiyaWindow *self);

G_END_DECLS
