/* hashiya-dictionary.h: the project's own confirmed names, suggested again wherever they recur
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every confirmed span (manual or accepted) teaches its surface, normalised to the search key,
 * and its label. The same surface elsewhere (on token boundaries, after a proclitic that stays
 * outside) is suggested with the label confirmed most often and that count; a surface
 * confirmed under several labels carries HASHIYA_SUGGESTION_FLAG_CONFLICTING_LABELS and every
 * label with its count in `why`.
 */
#pragma once

#include "suggest/hashiya-suggestion.h"

G_BEGIN_DECLS

typedef struct
{
  const char *text;    /* the span's text as written */
  const char *label;
} HashiyaConfirmedSpan;

typedef struct _HashiyaDictionary HashiyaDictionary;

#define HASHIYA_TYPE_DICTIONARY (hashiya_dictionary_get_type ())
GType              hashiya_dictionary_get_type   (void) G_GNUC_CONST;

HashiyaDictionary *hashiya_dictionary_new        (void);
HashiyaDictionary *hashiya_dictionary_ref        (HashiyaDictionary *dictionary);
void               hashiya_dictionary_unref      (HashiyaDictionary *dictionary);

/* One confirmation; FALSE (nothing learnt) when the surface has no letter or digit. */
gboolean           hashiya_dictionary_learn      (HashiyaDictionary *dictionary,
                                                  const char        *surface,
                                                  const char        *label);
/* One confirmation fewer (a span deleted or relabelled); FALSE if there was none. */
gboolean           hashiya_dictionary_unlearn    (HashiyaDictionary *dictionary,
                                                  const char        *surface,
                                                  const char        *label);
/* Confirmations of surface (any spelling with the same key) under label. */
guint              hashiya_dictionary_get_count  (HashiyaDictionary *dictionary,
                                                  const char        *surface,
                                                  const char        *label);
guint              hashiya_dictionary_get_n_surfaces (HashiyaDictionary *dictionary);

/* Suggestions over text, source "dictionary", sorted by start, longest match first. */
GPtrArray         *hashiya_dictionary_suggest    (HashiyaDictionary *dictionary,
                                                  const char        *text,
                                                  gssize             len);

/* The pure form: learns spans[0..n_spans) into a fresh dictionary and suggests over text. */
GPtrArray         *hashiya_suggest_dictionary    (const char                 *text,
                                                  gssize                      len,
                                                  const HashiyaConfirmedSpan *spans,
                                                  guint                       n_spans);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HashiyaDictionary, hashiya_dictionary_unref)

G_END_DECLS
