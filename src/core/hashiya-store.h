/* hashiya-store.h: the project file (*.hashiya, SQLite) and every write to it
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One HashiyaStore owns one SQLite connection. Every public write is one transaction
 * (or, inside hashiya_store_begin/commit, one savepoint of the caller's transaction),
 * so an action is either wholly in the file or not at all. All public functions are
 * safe to call from any thread: an internal recursive mutex serialises them.
 * All offsets are code points.
 */
#pragma once

#include <glib-object.h>
#include "hashiya-text.h"

G_BEGIN_DECLS

#define HASHIYA_STORE_ERROR (hashiya_store_error_quark ())

typedef enum
{
  HASHIYA_STORE_ERROR_NOT_PROJECT,  /* not SQLite, or SQLite without our meta table */
  HASHIYA_STORE_ERROR_CORRUPT,      /* SQLite says malformed / integrity failure */
  HASHIYA_STORE_ERROR_TOO_NEW,      /* user_version newer than this build knows */
  HASHIYA_STORE_ERROR_BUSY,         /* another process holds the write lock too long */
  HASHIYA_STORE_ERROR_IO,           /* cannot open / read / write the file */
  HASHIYA_STORE_ERROR_INVALID,      /* a value breaks a rule (span range, label name …) */
  HASHIYA_STORE_ERROR_NOT_FOUND,    /* no such document / span / label / segment */
  HASHIYA_STORE_ERROR_DUPLICATE,    /* exact duplicate span, existing label name or key */
  HASHIYA_STORE_ERROR_IN_USE,       /* removing a label that spans still use */
  HASHIYA_STORE_ERROR_FAILED,       /* any other SQLite error (message has SQLite's text) */
} HashiyaStoreError;

GQuark hashiya_store_error_quark (void);

#define HASHIYA_STORE_SCHEMA_VERSION 1

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
} HashiyaSpan;

HashiyaSpan *hashiya_span_copy (const HashiyaSpan *span);
void         hashiya_span_free (HashiyaSpan *span);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HashiyaSpan, hashiya_span_free)

/* ---- comment judgements -------------------------------------------------- */

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
} HashiyaJudgement;

const char *hashiya_sentiment_to_string   (HashiyaSentiment s);   /* NULL for NONE */
gboolean    hashiya_sentiment_from_string (const char *str, HashiyaSentiment *s);
const char *hashiya_decision_to_string    (HashiyaDecision d);    /* NULL for NONE */
gboolean    hashiya_decision_from_string  (const char *str, HashiyaDecision *d);

HashiyaJudgement *hashiya_judgement_copy (const HashiyaJudgement *j);
void              hashiya_judgement_free (HashiyaJudgement *j);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HashiyaJudgement, hashiya_judgement_free)

/* ---- stats --------------------------------------------------------------- */

typedef struct
{
  guint n_documents;
  guint n_segments;
  guint n_comments;
  guint n_spans;
  guint n_judgements;
  guint n_annotators;
  gint64 n_chars;
  GPtrArray *label_names;   /* char*, in palette order */
  GArray    *label_counts;  /* guint, spans per label, same order */
} HashiyaStats;

void hashiya_stats_free (HashiyaStats *stats);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HashiyaStats, hashiya_stats_free)

/* ---- the store ----------------------------------------------------------- */

#define HASHIYA_TYPE_STORE (hashiya_store_get_type ())
G_DECLARE_FINAL_TYPE (HashiyaStore, hashiya_store, HASHIYA, STORE, GObject)

/* create = TRUE: make a new project when the file does not exist (an existing project
 * is opened as is). create = FALSE: the file must exist. A file that is not a Hashiya
 * project, is corrupt or is newer is refused and its bytes are not modified. */
HashiyaStore *hashiya_store_open          (const char    *path,
                                           gboolean       create,
                                           GError       **error);
const char   *hashiya_store_get_path      (HashiyaStore  *self);
int           hashiya_store_get_schema_version (HashiyaStore *self);
void          hashiya_store_close         (HashiyaStore  *self);   /* also on finalize */

/* Group several writes into one transaction (nests with savepoints).
 * begin takes the write lock at once (BEGIN IMMEDIATE) and waits busy_timeout. */
gboolean      hashiya_store_begin         (HashiyaStore  *self, GError **error);
gboolean      hashiya_store_commit        (HashiyaStore  *self, GError **error);
void          hashiya_store_rollback      (HashiyaStore  *self);

/* meta key/value (e.g. "last-document") */
char         *hashiya_store_get_meta      (HashiyaStore *self, const char *key);
gboolean      hashiya_store_set_meta      (HashiyaStore *self, const char *key,
                                           const char *value, GError **error);

/* documents */
/* Adds a document with its segments. text must be valid UTF-8 (validated again).
 * sha256 may be NULL (computed). Fails with DUPLICATE if a document with the same
 * sha256 exists (message names it). Segments must lie inside the text, in order, not
 * overlapping. Returns the new id or 0. */
gint64        hashiya_store_add_document  (HashiyaStore         *self,
                                           const char           *source,
                                           const char           *text,
                                           gssize                len,
                                           const char           *sha256,
                                           const HashiyaSegment *segments,
                                           guint                 n_segments,
                                           const char           *date,
                                           GError              **error);
/* 0 when none */
gint64        hashiya_store_find_document_by_sha256 (HashiyaStore *self, const char *sha256);
/* ref is a numeric id or a source name. NOT_FOUND error otherwise; INVALID when a
 * source name matches several documents (the message lists their ids). */
gint64        hashiya_store_resolve_document (HashiyaStore *self, const char *ref,
                                              GError **error);
GPtrArray    *hashiya_store_list_documents (HashiyaStore *self, GError **error); /* HashiyaDocument */
HashiyaDocument *hashiya_store_get_document (HashiyaStore *self, gint64 doc_id, GError **error);
/* The text, cached: the last few documents' HashiyaText are kept. */
HashiyaText  *hashiya_store_get_text      (HashiyaStore *self, gint64 doc_id, GError **error);
/* The same text, without keeping it in the store's small cache of recent texts (a cached
 * one is returned as is): for a reader that goes through every document once, such as
 * an export, so that finished documents are not held in memory. */
HashiyaText  *hashiya_store_read_text     (HashiyaStore *self, gint64 doc_id, GError **error);
gboolean      hashiya_store_set_document_done (HashiyaStore *self, gint64 doc_id,
                                               gboolean done, GError **error);
gboolean      hashiya_store_remove_document (HashiyaStore *self, gint64 doc_id, GError **error);

/* segments, in text order (GArray of HashiyaSegment) */
GArray       *hashiya_store_get_segments  (HashiyaStore *self, gint64 doc_id, GError **error);
/* Correct a segment's kind (index is 0-based in text order); comments are renumbered.
 * Judgements of comments follow their segment. */
gboolean      hashiya_store_set_segment_kind (HashiyaStore *self, gint64 doc_id,
                                              guint index, HashiyaSegmentKind kind,
                                              GError **error);

/* labels (GPtrArray of HashiyaLabel, palette order) */
GPtrArray    *hashiya_store_list_labels   (HashiyaStore *self, GError **error);
HashiyaLabel *hashiya_store_get_label     (HashiyaStore *self, const char *name, GError **error);
/* color NULL = pick a distinct one; key NULL = none. */
gint64        hashiya_store_add_label     (HashiyaStore *self, const char *name,
                                           const char *color, const char *key, GError **error);
gboolean      hashiya_store_rename_label  (HashiyaStore *self, const char *name,
                                           const char *new_name, GError **error);
gboolean      hashiya_store_set_label_color (HashiyaStore *self, const char *name,
                                             const char *color, GError **error);
gboolean      hashiya_store_set_label_key (HashiyaStore *self, const char *name,
                                           const char *key, GError **error);
gboolean      hashiya_store_move_label    (HashiyaStore *self, const char *name,
                                           int new_position, GError **error);
/* IN_USE when spans use it */
gboolean      hashiya_store_remove_label  (HashiyaStore *self, const char *name, GError **error);

/* spans */
/* Rules: 0 <= start < end <= length, both on grapheme boundaries, label exists; an
 * exact duplicate (range, label, annotator) is DUPLICATE. Overlap and nesting are fine.
 * annotator NULL = g_get_user_name (). origin NULL = "manual". Returns the id or 0.
 * Each call is its own durable transaction (one fsync, synchronous=FULL): bulk tagging
 * should wrap its calls in hashiya_store_begin/commit. Ids are never reused. */
gint64        hashiya_store_add_span      (HashiyaStore *self, gint64 doc_id,
                                           gint64 start, gint64 end, const char *label,
                                           const char *annotator, const char *origin,
                                           GError **error);
/* Re-insert a span exactly as it was (undo of a removal): same id, times, note. */
gboolean      hashiya_store_restore_span  (HashiyaStore *self, const HashiyaSpan *span,
                                           GError **error);
gboolean      hashiya_store_remove_span   (HashiyaStore *self, gint64 span_id, GError **error);
gboolean      hashiya_store_relabel_span  (HashiyaStore *self, gint64 span_id,
                                           const char *label, GError **error);
gboolean      hashiya_store_resize_span   (HashiyaStore *self, gint64 span_id,
                                           gint64 start, gint64 end, GError **error);
gboolean      hashiya_store_set_span_note (HashiyaStore *self, gint64 span_id,
                                           const char *note, GError **error);
HashiyaSpan  *hashiya_store_get_span      (HashiyaStore *self, gint64 span_id, GError **error);
/* ordered by start ASC, end DESC, id ASC. GPtrArray of HashiyaSpan */
GPtrArray    *hashiya_store_list_spans    (HashiyaStore *self, gint64 doc_id, GError **error);

/* judgements: upsert of the whole record for (doc, comment_index, annotator).
 * annotator NULL = g_get_user_name (). NOT_FOUND when there is no such comment. */
gboolean      hashiya_store_set_judgement (HashiyaStore *self, const HashiyaJudgement *j,
                                           GError **error);
/* NULL and no error when the comment has no judgement by that annotator */
HashiyaJudgement *hashiya_store_get_judgement (HashiyaStore *self, gint64 doc_id,
                                               int comment_index, const char *annotator,
                                               GError **error);
gboolean      hashiya_store_clear_judgement (HashiyaStore *self, gint64 doc_id,
                                             int comment_index, const char *annotator,
                                             GError **error);
/* ordered by comment_index, annotator. GPtrArray of HashiyaJudgement */
GPtrArray    *hashiya_store_list_judgements (HashiyaStore *self, gint64 doc_id, GError **error);

HashiyaStats *hashiya_store_get_stats     (HashiyaStore *self, GError **error);

/* hashiya-store-watch.c: changes whenever another connection or process commits to the
 * file (SQLite PRAGMA data_version); this store's own writes leave it as it is. */
guint64       hashiya_store_get_data_version (HashiyaStore *self);

G_END_DECLS
