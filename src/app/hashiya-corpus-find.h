/* hashiya-corpus-find.h: Find in all documents (Ctrl+Shift+F): the hits with their context, Tag All
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include "hashiya-window.h"
#include "hashiya-store-corpus.h"

G_BEGIN_DECLS

/* At most this many hits are listed (the count says when there were more); Tag All
 * always covers every hit. */
#define HASHIYA_CORPUS_FIND_MAX_HITS 2000

#define HASHIYA_TYPE_CORPUS_FIND (hashiya_corpus_find_get_type ())
G_DECLARE_FINAL_TYPE (HashiyaCorpusFind, hashiya_corpus_find, HASHIYA, CORPUS_FIND, AdwWindow)

HashiyaCorpusFind *hashiya_corpus_find_new    (HashiyaWindow     *window);
/* Searches now (the entry waits for a pause in typing). */
void               hashiya_corpus_find_search (HashiyaCorpusFind *self,
                                               const char        *query);
/* The list of hits (HashiyaCorpusHitItem), for tests. */
GListModel        *hashiya_corpus_find_get_hits (HashiyaCorpusFind *self);
/* Opens hit position in the window, its text selected. */
void               hashiya_corpus_find_jump   (HashiyaCorpusFind *self,
                                               guint              position);

#define HASHIYA_TYPE_CORPUS_HIT_ITEM (hashiya_corpus_hit_item_get_type ())
G_DECLARE_FINAL_TYPE (HashiyaCorpusHitItem, hashiya_corpus_hit_item, HASHIYA, CORPUS_HIT_ITEM, GObject)

/* The hit (owned by the list's result). */
const HashiyaCorpusHit *hashiya_corpus_hit_item_get_hit (HashiyaCorpusHitItem *self);

G_END_DECLS
