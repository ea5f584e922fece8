/* hashiya-adjudication.h: the adjudication mode, walking a document's disagreements with keys
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Keys: 1-9 accept annotator N's version, 0 accepts none, E edits (then 1-9 toggle the
 * candidate spans, Return writes, Escape leaves), N / Page Down next, P / Page Up previous,
 * Ctrl+Page Down / Ctrl+Page Up the next / previous document, Ctrl+Z undoes the last
 * decision (in whichever document), Escape closes. Each decision is one transaction.
 */
#pragma once

#include <adwaita.h>
#include "hashiya-window.h"

G_BEGIN_DECLS

#define HASHIYA_TYPE_ADJUDICATION (hashiya_adjudication_get_type ())
G_DECLARE_FINAL_TYPE (HashiyaAdjudication, hashiya_adjudication, HASHIYA, ADJUDICATION, AdwWindow)

/* layer NULL = "gold". */
GtkWindow *hashiya_adjudication_new          (HashiyaWindow       *window,
                                              gint64               doc_id,
                                              const char          *layer);
/* The document shown. */
gint64     hashiya_adjudication_get_document (HashiyaAdjudication *self);
/* The shown disagreement (0-based), how many there are and how many are resolved. */
void       hashiya_adjudication_get_progress (HashiyaAdjudication *self,
                                              guint               *index,
                                              guint               *total,
                                              guint               *resolved);

G_END_DECLS
