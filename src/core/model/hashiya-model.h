/* hashiya-model.h: the plain values a project is made of (segment, document, label, span, judgement)
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The model layer: every other part of the core (the store, the format readers and
 * writers, import, export, evaluation) speaks in these types. It includes nothing of
 * the store or of any file format. All offsets are code points.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* ---- segments ------------------------------------------------------------ */

typedef enum
{
  HASHIYA_SEGMENT_SITE,
  HASHIYA_SEGMENT_TITLE,
  HASHIYA_SEGMENT_BYLINE,
  HASHIYA_SEGMENT_PARAGRAPH,
  HASHIYA_SEGMENT_HEADING,
  HASHIYA_SEGMENT_CAPTION,
  HASHIYA_SEGMENT_BOILERPLATE,
  HASHIYA_SEGMENT_COMMENT,
  HASHIYA_N_SEGMENT_KINDS
} HashiyaSegmentKind;

const char *hashiya_segment_kind_to_string   (HashiyaSegmentKind kind);   /* "site" … "comment" */
gboolean    hashiya_segment_kind_from_string (const char *str, HashiyaSegmentKind *kind);

typedef struct
{
  HashiyaSegmentKind kind;
  gint64             start;          /* code points, [start, end) */
  gint64             end;
  int                comment_index;  /* 1..n for comments (numbered in text order), else 0 */
  int                parent_index;   /* comments only: the comment_index of the comment this one
                                      * replies to, 0 = none (a top-level comment) */
} HashiyaSegment;

/* ---- documents ----------------------------------------------------------- */

typedef struct
{
  gint64  id;
  char   *source;        /* file name as imported (basename); not necessarily unique */
  char   *sha256;        /* of the stored text (after BOM/CRLF clean-up), lowercase hex */
  gint64  imported_at;   /* unix seconds, UTC */
  char   *date;          /* optional document date (ISO 8601), or NULL */
  gint64  length;        /* code points */
  gboolean done;
  /* progress, filled by list/get */
  guint   n_spans;
  guint   n_comments;
  guint   n_judged;      /* comments with a judgement by any annotator */
} HashiyaDocument;

void             hashiya_document_free (HashiyaDocument *doc);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HashiyaDocument, hashiya_document_free)

/* ---- labels -------------------------------------------------------------- */

typedef struct
{
  gint64  id;
  char   *name;      /* e.g. "PER"; unique; no whitespace, no '-' prefix problems */
  char   *color;     /* "#rrggbb" */
  char   *key;       /* shortcut key "1".."9" or NULL */
  int     position;  /* 0-based order in the palette */
} HashiyaLabel;

void hashiya_label_free (HashiyaLabel *label);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HashiyaLabel, hashiya_label_free)

/* ---- spans --------------------------------------------------------------- */

typedef struct
{
  gint64  id;
  gint64  doc_id;
  gint64  start;     /* code points, [start, end) */
  gint64  end;
  char   *label;     /* label name */
  char   *annotator;
  char   *origin;    /* "manual", "import", "suggestion", … */
  char   *note;      /* NULL when none */
  gint64  created;   /* unix seconds */
  gint64  modified;
  /* the normalised value (a date's TIMEX3-like "2019-03-08"), its calendar ("gregorian",
   * "hijri": the calendar of the text) and anchor ("document_date", "document_year": what
   * fixed a part the text leaves open); each NULL when none, calendar and anchor only with
   * a value */
  char   *value;
  char   *calendar;
  char   *anchor;
} HashiyaSpan;

HashiyaSpan *hashiya_span_copy (const HashiyaSpan *span);
void         hashiya_span_free (HashiyaSpan *span);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HashiyaSpan, hashiya_span_free)

/* ---- comment judgements -------------------------------------------------- */

/* Errors of judgement values and schemas (hashiya-judgement-schema.h). */
#define HASHIYA_SCHEMA_ERROR (hashiya_schema_error_quark ())

typedef enum
{
  HASHIYA_SCHEMA_ERROR_INVALID,     /* a bad name, kind, key, colour, value or condition */
  HASHIYA_SCHEMA_ERROR_DUPLICATE,   /* a field or choice name, or a key, used twice */
  HASHIYA_SCHEMA_ERROR_NOT_FOUND,   /* no such field, choice or preset */
} HashiyaSchemaError;

GQuark hashiya_schema_error_quark (void);


typedef enum
{
  HASHIYA_SENTIMENT_NONE,
  HASHIYA_SENTIMENT_POSITIVE,
  HASHIYA_SENTIMENT_NEGATIVE,
  HASHIYA_SENTIMENT_NEUTRAL,
  HASHIYA_SENTIMENT_MIXED,
} HashiyaSentiment;

typedef enum
{
  HASHIYA_DECISION_NONE,
  HASHIYA_DECISION_APPROVE,
  HASHIYA_DECISION_REVIEW,
  HASHIYA_DECISION_REJECT,
} HashiyaDecision;

/* Tri-state flags: -1 unset, 0 no, 1 yes */
typedef struct
{
  gint64           doc_id;
  int              comment_index;   /* 1..n */
  char            *annotator;
  HashiyaSentiment sentiment;
  int              offensive;
  int              hate_speech;
  HashiyaDecision  decision;
  char            *note;            /* NULL when none */
  gint64           modified;
  /* custom fields of the project's judgement schema (hashiya-judgement-schema.h): field name
   * (char*) -> value (char*, multi choice as "a,b"); NULL or empty when none. Owned: copy and
   * free handle it. Built-in names (sentiment, offensive, hate_speech, decision, note) are
   * never in it: they are the members above. Use the accessors below. */
  GHashTable      *values;
} HashiyaJudgement;

/* A new judgement with every field unset (flags -1). */
HashiyaJudgement *hashiya_judgement_new (gint64 doc_id, int comment_index, const char *annotator);

/* The value of any field by name: built-in names read the members ("yes"/"no" for the flags,
 * the sentiment/decision names, the note), others the values table. NULL when unset. */
const char *hashiya_judgement_get_value (const HashiyaJudgement *j, const char *field);
/* Sets (value NULL or "" unsets) the value of any field by name. Built-in names are checked
 * here (an invalid sentiment, decision or yes/no is an error); custom values are stored as
 * given: the schema (hashiya_field_check_value) or the store checks them. */
gboolean    hashiya_judgement_set_value (HashiyaJudgement *j, const char *field,
                                         const char *value, GError **error);
/* A multi-choice value split into its choice names (an empty vector when unset). */
char      **hashiya_judgement_get_choices (const HashiyaJudgement *j, const char *field);
/* Whether choice is the value of field, or one of its values (multi choice). */
gboolean    hashiya_judgement_has_choice  (const HashiyaJudgement *j, const char *field,
                                           const char *choice);
/* Whether a and b have the same value in every field (built-in and custom); doc, comment,
 * annotator and time are not compared. */
gboolean    hashiya_judgement_same_values (const HashiyaJudgement *a, const HashiyaJudgement *b);
/* Whether j has no value at all. */
gboolean    hashiya_judgement_is_empty    (const HashiyaJudgement *j);

const char *hashiya_sentiment_to_string   (HashiyaSentiment s);   /* NULL for NONE */
gboolean    hashiya_sentiment_from_string (const char *str, HashiyaSentiment *s);
const char *hashiya_decision_to_string    (HashiyaDecision d);    /* NULL for NONE */
gboolean    hashiya_decision_from_string  (const char *str, HashiyaDecision *d);

HashiyaJudgement *hashiya_judgement_copy (const HashiyaJudgement *j);
void              hashiya_judgement_free (HashiyaJudgement *j);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HashiyaJudgement, hashiya_judgement_free)

G_END_DECLS
