/* hashiya-adjudicate.h: disagreements between annotators and their resolution into a gold layer
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The compared annotators' spans of a document fall into regions: maximal groups of spans
 * (of any annotator and label) linked by overlapping ranges. A region is agreed when every
 * annotator has exactly the same spans (range and label) in it, else it is a disagreement
 * whose versions are each annotator's spans in it (possibly none). A comment is agreed
 * when every annotator judged it with the same sentiment, offensive, hate_speech and
 * decision; it is a disagreement when at least one judged it and they are not all equal
 * (the note is not compared).
 *
 * A decision writes the layer (an annotator name, "gold" by default): the layer's spans
 * inside the region, or its judgement of the comment, plus a provenance row (see
 * HashiyaProvenance in hashiya-store.h). Each decision is one transaction and returns what
 * undoes it.
 */
#pragma once

#include <glib.h>
#include "hashiya-store.h"

G_BEGIN_DECLS

#define HASHIYA_DEFAULT_LAYER "gold"

typedef enum
{
  HASHIYA_DISAGREEMENT_SPANS,
  HASHIYA_DISAGREEMENT_COMMENT,
} HashiyaDisagreementKind;

typedef struct
{
  char             *annotator;
  GPtrArray        *spans;       /* SPANS: HashiyaSpan* of this annotator in the region (maybe empty) */
  HashiyaJudgement *judgement;   /* COMMENT: NULL when this annotator did not judge the comment */
} HashiyaVersion;

typedef struct
{
  HashiyaDisagreementKind  kind;
  gint64                   doc_id;
  gint64                   start;          /* SPANS: the region; COMMENT: the comment's segment */
  gint64                   end;
  int                      comment_index;  /* COMMENT: 1..n; SPANS: 0 */
  GPtrArray               *versions;       /* HashiyaVersion*, in annotator order */
  HashiyaProvenance       *resolution;     /* the layer's decision, or NULL when open */
} HashiyaDisagreement;

void hashiya_disagreement_free (HashiyaDisagreement *d);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HashiyaDisagreement, hashiya_disagreement_free)

/* The annotators compared by default: every annotator with work in the project except
 * adjudication layers and layer itself. GPtrArray of char*, sorted. */
GPtrArray *hashiya_adjudication_default_annotators (HashiyaStore  *store,
                                                    const char    *layer,
                                                    GError       **error);

/* The disagreements of a document in text order (resolved ones included, with their
 * resolution). annotators NULL = the default; fewer than two is INVALID. */
GPtrArray *hashiya_adjudication_list (HashiyaStore        *store,
                                      gint64               doc_id,
                                      const char          *layer,
                                      const char * const  *annotators,
                                      GError             **error);

/* Counts over one document, or every document when doc_id is 0. */
gboolean   hashiya_adjudication_count (HashiyaStore        *store,
                                       gint64               doc_id,
                                       const char          *layer,
                                       const char * const  *annotators,
                                       guint               *n_total,
                                       guint               *n_resolved,
                                       GError             **error);

typedef struct
{
  guint spans;        /* gold spans written */
  guint regions;      /* agreed regions recorded */
  guint judgements;   /* gold judgements written */
} HashiyaAutoResult;

/* Copies every agreed region and comment not yet decided in the layer into it, with
 * provenance (choice AUTO, decided by "auto"). One document or all (doc_id 0); one
 * transaction. result may be NULL. */
gboolean   hashiya_adjudication_auto_agreed (HashiyaStore        *store,
                                             gint64               doc_id,
                                             const char          *layer,
                                             const char * const  *annotators,
                                             HashiyaAutoResult   *result,
                                             GError             **error);

typedef struct _HashiyaAdjudicationUndo HashiyaAdjudicationUndo;

void hashiya_adjudication_undo_free (HashiyaAdjudicationUndo *undo);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HashiyaAdjudicationUndo, hashiya_adjudication_undo_free)

/* Resolves d in the layer with annotator's version (NULL = none: the layer gets no span
 * in the region / no judgement of the comment). decided_by NULL = the login name.
 * Replaces an earlier decision. Returns what undoes it, or NULL with error. */
HashiyaAdjudicationUndo *hashiya_adjudication_accept (HashiyaStore               *store,
                                                      const HashiyaDisagreement  *d,
                                                      const char                 *layer,
                                                      const char                 *annotator,
                                                      const char                 *decided_by,
                                                      GError                    **error);
/* Records that the adjudicator wrote the layer's version of d by hand (its spans in the
 * region or its judgement as they are now). */
HashiyaAdjudicationUndo *hashiya_adjudication_mark_edited (HashiyaStore               *store,
                                                           const HashiyaDisagreement  *d,
                                                           const char                 *layer,
                                                           const char                 *decided_by,
                                                           GError                    **error);
/* Writes the adjudicator's own version of d and records it as EDITED: for a span region
 * the spans (HashiyaSpan*, only start, end and label are read; each must lie inside the
 * region), for a comment the judgement's fields (NULL = no judgement). */
HashiyaAdjudicationUndo *hashiya_adjudication_write_version (HashiyaStore               *store,
                                                             const HashiyaDisagreement  *d,
                                                             const char                 *layer,
                                                             GPtrArray                  *spans,
                                                             const HashiyaJudgement     *judgement,
                                                             const char                 *decided_by,
                                                             GError                    **error);
/* Puts the layer and the provenance back as they were before the decision (one transaction). */
gboolean hashiya_adjudication_undo (HashiyaStore             *store,
                                    HashiyaAdjudicationUndo  *undo,
                                    GError                  **error);

G_END_DECLS
