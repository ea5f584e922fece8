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
#include "hashiya-model.h"

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
  HASHIYA_STORE_ERROR_EMPTY,        /* an empty file, or an SQLite database with no table (what
                                     * an interrupted creation by an older build left): no
                                     * project, nothing in it; opening with create = TRUE
                                     * makes a project there */
  HASHIYA_STORE_ERROR_DISK_FULL,    /* no space left on the device holding the project */
} HashiyaStoreError;

GQuark hashiya_store_error_quark (void);

#define HASHIYA_STORE_SCHEMA_VERSION 5

/* Longest label and annotator names the store accepts, in characters (code points). */
#define HASHIYA_LABEL_NAME_MAX 64
#define HASHIYA_ANNOTATOR_NAME_MAX 64

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
 * project, is corrupt or is newer is refused and its bytes are not modified.
 *
 * A new project is made whole in a temporary file beside path (tables, default labels,
 * write-ahead logging, synced to the disk) and only then linked into place, never over a
 * file that appeared meanwhile: a killed or failed creation leaves no file at path, or
 * the complete project. An empty file or an SQLite database without any table (EMPTY when
 * create = FALSE) holds nothing, so create = TRUE replaces it the same way, keeping its
 * permissions.
 *
 * Opening reads only: a project on a full disk can still be read (when SQLite cannot
 * make its shared-memory index beside the file, the connection keeps that index in its
 * own memory and holds the file alone until closed). */
HashiyaStore *hashiya_store_open          (const char    *path,
                                           gboolean       create,
                                           GError       **error);
const char   *hashiya_store_get_path      (HashiyaStore  *self);
int           hashiya_store_get_schema_version (HashiyaStore *self);
void          hashiya_store_close         (HashiyaStore  *self);   /* also on finalize */
/* TRUE when SQLite's locks on project files belong to the connection's own open file
 * (Linux OFD locks), so that other code in the process opening and closing the file
 * cannot release them (see hashiya-store-lock.c). Set up by the first open. */
gboolean      hashiya_store_locks_per_open_file (void);

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

/* judgements: upsert of the whole record for (doc, comment_index, annotator), custom values
 * (j->values; NULL = none) included. annotator NULL = g_get_user_name (). NOT_FOUND when
 * there is no such comment; INVALID when a value breaks the project's judgement schema
 * (hashiya-store-schema.h: unknown field, bad choice, condition not met). get and list
 * fill j->values. */
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

/* ---- team work: adjudication provenance (schema 2, hashiya-store-team.c) -------- */

typedef enum
{
  HASHIYA_ADJUDICATION_AUTO,     /* every annotator agreed (hashiya-cli adjudicate --auto-agreed) */
  HASHIYA_ADJUDICATION_ACCEPT,   /* one annotator's version was accepted */
  HASHIYA_ADJUDICATION_NONE,     /* no version: the gold layer has nothing there */
  HASHIYA_ADJUDICATION_EDITED,   /* the adjudicator wrote their own version */
} HashiyaAdjudicationChoice;

const char *hashiya_adjudication_choice_to_string   (HashiyaAdjudicationChoice choice);
gboolean    hashiya_adjudication_choice_from_string (const char *str,
                                                     HashiyaAdjudicationChoice *choice);

/* One decision of an adjudication layer: a span region [start, end) (comment_index 0),
 * whose gold spans are the layer's spans inside it, or a comment (comment_index >= 1,
 * start = end = 0), whose gold judgement is the layer's judgement of it. */
typedef struct
{
  gint64                     doc_id;
  char                      *layer;        /* e.g. "gold" */
  gint64                     start;
  gint64                     end;
  int                        comment_index;
  HashiyaAdjudicationChoice  choice;
  char                      *chosen;       /* ACCEPT: whose version; else NULL */
  char                     **agreed;       /* NULL-terminated: annotators whose version is the gold one */
  char                      *decided_by;   /* a person, or "auto" */
  gint64                     decided_at;   /* unix seconds; 0 = now when saving */
} HashiyaProvenance;

HashiyaProvenance *hashiya_provenance_copy (const HashiyaProvenance *p);
void               hashiya_provenance_free (HashiyaProvenance *p);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HashiyaProvenance, hashiya_provenance_free)

/* Upsert by (doc, layer, start, end, comment_index). */
gboolean           hashiya_store_set_provenance    (HashiyaStore *self, const HashiyaProvenance *p,
                                                    GError **error);
gboolean           hashiya_store_remove_provenance (HashiyaStore *self, gint64 doc_id,
                                                    const char *layer, gint64 start, gint64 end,
                                                    int comment_index, GError **error);
/* layer NULL = every layer. GPtrArray of HashiyaProvenance. */
GPtrArray         *hashiya_store_list_provenance   (HashiyaStore *self, gint64 doc_id,
                                                    const char *layer, GError **error);
/* The decision behind a span of an adjudication layer (the narrowest region of its
 * annotator holding it); NULL and no error when it has none. For writers of gold exports. */
HashiyaProvenance *hashiya_store_get_span_provenance (HashiyaStore *self, gint64 span_id,
                                                      GError **error);
/* The decision behind the layer's judgement of a comment; NULL and no error when none. */
HashiyaProvenance *hashiya_store_get_judgement_provenance (HashiyaStore *self, gint64 doc_id,
                                                           int comment_index, const char *layer,
                                                           GError **error);
/* Names (char*, sorted) of the adjudication layers (annotators with provenance rows). */
GPtrArray         *hashiya_store_list_layers       (HashiyaStore *self, GError **error);
/* Names (char*, sorted) of every annotator with a span or a judgement. */
GPtrArray         *hashiya_store_list_annotators   (HashiyaStore *self, GError **error);
/* hashiya-store-watch.c: changes whenever another connection or process commits to the
 * file (SQLite PRAGMA data_version); this store's own writes leave it as it is. */
guint64       hashiya_store_get_data_version (HashiyaStore *self);

G_END_DECLS
