/* hashiya-merge.h: bring annotators' project files together into one project
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Documents are matched by the sha256 of their text (same text = same document, whatever
 * its id or source name); a document the target lacks is added with its segments. Labels
 * merge by name (a label the target lacks is added with its colour, and its key when that
 * key is free). Spans and judgements keep their annotator (after --rename).
 *
 * Conflicts, refused with nothing written (the whole merge is one transaction):
 * - the same annotator has different spans in a document in the target and a source
 *   (neither set contains the other: a set that contains the other is the same work, later);
 * - the same annotator judged a comment differently;
 * - a matched document is segmented differently, or a segment's kind differs (unless
 *   take_source_segments: then the source's kinds win).
 * Merging the same source twice adds nothing.
 */
#pragma once

#include <glib.h>
#include "hashiya-store.h"

G_BEGIN_DECLS

#define HASHIYA_MERGE_ERROR (hashiya_merge_error_quark ())

typedef enum
{
  HASHIYA_MERGE_ERROR_CONFLICT,   /* the message names the source, document, annotator and item */
  HASHIYA_MERGE_ERROR_INVALID,    /* bad options (a rename with an empty name, a source that is the target) */
} HashiyaMergeErrorCode;

GQuark hashiya_merge_error_quark (void);

typedef struct
{
  GHashTable *renames;               /* source annotator name -> name in the target; may be NULL */
  gboolean    take_source_segments;  /* segment kinds that differ: take the source's */
} HashiyaMergeOptions;

typedef struct
{
  guint documents_added;
  guint documents_matched;
  guint labels_added;
  guint spans_added;
  guint judgements_added;
  guint segments_changed;
} HashiyaMergeResult;

/* Merges every source into target in order, in one transaction of target. On error
 * nothing is written. result may be NULL. */
gboolean hashiya_merge (HashiyaStore               *target,
                        HashiyaStore * const       *sources,
                        guint                       n_sources,
                        const HashiyaMergeOptions  *options,
                        HashiyaMergeResult         *result,
                        GError                    **error);

G_END_DECLS
