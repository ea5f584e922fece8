/* hashiya-suggest-project.h: suggestions for a project's documents (dates, gazetteers, the learned dictionary), accepted or rejected
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A suggester is made once for a project: the shipped gazetteer plus the project's own
 * (hashiya_store_add_gazetteer), and a dictionary learnt from every confirmed span (origin
 * "manual" or "suggested:…"). It then suggests over one document at a time, leaving out
 * what overlaps an existing span and what was rejected there before. Accepting makes a
 * span with origin "suggested:<source>" and the suggestion's value, in one transaction.
 */
#pragma once

#include "hashiya-store.h"
#include "hashiya-store-suggest.h"
#include "suggest/hashiya-suggestion.h"

G_BEGIN_DECLS

typedef enum
{
  HASHIYA_SUGGEST_SOURCE_FLAG_DATES      = 1 << 0,
  HASHIYA_SUGGEST_SOURCE_FLAG_GAZETTEER  = 1 << 1,
  HASHIYA_SUGGEST_SOURCE_FLAG_DICTIONARY = 1 << 2,
  HASHIYA_SUGGEST_SOURCE_FLAG_ALL        = 7,
} HashiyaSuggestSources;

/* "dates,gazetteer,dictionary" (any of them, comma-separated) → flags; FALSE for an unknown
 * word or an empty list. */
gboolean hashiya_suggest_sources_from_string (const char            *list,
                                              HashiyaSuggestSources *sources);

typedef struct _HashiyaProjectSuggester HashiyaProjectSuggester;

/* annotator: whose spans count as existing (and teach the dictionary); NULL = everyone's. */
HashiyaProjectSuggester *hashiya_project_suggester_new   (HashiyaStore            *store,
                                                          HashiyaSuggestSources    sources,
                                                          const char              *annotator,
                                                          GError                 **error);
void                     hashiya_project_suggester_free  (HashiyaProjectSuggester *self);

/* The document's suggestions (HashiyaSuggestion), sorted by start: of one range and label
 * only the first source's (dates, gazetteer, dictionary); none overlapping an existing span
 * of the annotator, none rejected in this document before. The document's date anchors
 * dates without a year. */
GPtrArray               *hashiya_project_suggester_run   (HashiyaProjectSuggester *self,
                                                          gint64                   doc_id,
                                                          GError                 **error);

/* The pure part of run, for a caller that read the document itself (the window, in a
 * thread): suggestions over text with document_date (or NULL), without the filtering. */
GPtrArray               *hashiya_project_suggester_suggest_text (HashiyaProjectSuggester *self,
                                                                 const char              *text,
                                                                 gssize                   len,
                                                                 const char              *document_date,
                                                                 GError                 **error);

/* Makes the suggestion a span of annotator in doc_id (origin "suggested:<source>", its
 * value, calendar and anchor) in one transaction; returns its id, 0 on error. */
gint64                   hashiya_suggestion_accept       (HashiyaStore            *store,
                                                          gint64                   doc_id,
                                                          const HashiyaSuggestion *suggestion,
                                                          const char              *annotator,
                                                          GError                 **error);
/* Remembers the suggestion as rejected in doc_id. */
gboolean                 hashiya_suggestion_reject       (HashiyaStore            *store,
                                                          gint64                   doc_id,
                                                          const HashiyaSuggestion *suggestion,
                                                          const char              *annotator,
                                                          GError                 **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HashiyaProjectSuggester, hashiya_project_suggester_free)

G_END_DECLS
