/* hashiya-format.h: what a file format module provides (its descriptor) and what readers and writers are handed
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One module per format in this folder, each exposing one const HashiyaFormatDesc
 * (hashiya-json.c exposes two: JSON and JSONL share their code). The registry
 * (hashiya-format-registry.c) lists them; the importer and the exporter only go through
 * the registry. A format module includes the model (hashiya-model.h,
 * hashiya-interchange.h), the text engine (hashiya-text.h), the helpers of this folder
 * and its libraries: never the store, the importer or the exporter.
 *
 * Reading: detect → read. A reader turns bytes into HashiyaParsedDoc values (and,
 * optionally, the labels the file declares); the importer writes them to the store in one
 * transaction.
 * Writing: the exporter reads each selected document from the store and hands it to the
 * writer as a HashiyaWriteDoc, in project order; the writer appends bytes to a buffer
 * (or writes files, for a folder format) and lists in the report what it cannot hold.
 */
#pragma once

#include <gio/gio.h>
#include "hashiya-model.h"
#include "hashiya-interchange.h"
#include "hashiya-judgement-schema.h"
#include "hashiya-text.h"
#include "hashiya-sniff.h"

G_BEGIN_DECLS

typedef struct _HashiyaFormatDesc   HashiyaFormatDesc;
typedef struct _HashiyaFormatWriter HashiyaFormatWriter;

/* ---- reading ----------------------------------------------------------------- */

/* Parses one file. *data is the file's cleaned text (NUL-terminated, BOM removed, LF line
 * ends; see hashiya_read_text_file ()), len its length; a reader may take the buffer
 * (set *data to NULL) instead of copying it. Appends HashiyaParsedDoc to docs_out and,
 * when labels_out is not NULL and the file declares labels, HashiyaLabel (id 0) to
 * labels_out. report (may be NULL) gets counts and messages. On failure nothing is
 * imported: the error names the file and the position. */
typedef gboolean (*HashiyaFormatReadFunc) (const char                 *path,
                                           char                      **data,
                                           gsize                       len,
                                           const HashiyaImportOptions *options,
                                           GPtrArray                  *docs_out,
                                           GPtrArray                  *labels_out,
                                           HashiyaImportReport        *report,
                                           GError                    **error);

/* For a format of several files (brat's .txt/.ann pair): reads them itself from path. */
typedef gboolean (*HashiyaFormatReadPathFunc) (const char                 *path,
                                               const HashiyaImportOptions *options,
                                               GPtrArray                  *docs_out,
                                               GPtrArray                  *labels_out,
                                               HashiyaImportReport        *report,
                                               GError                    **error);

/* A parsed document handed over as soon as it is read; the function takes it. FALSE (with
 * error set) stops the reading. */
typedef gboolean (*HashiyaParsedDocFunc) (HashiyaParsedDoc  *doc,
                                          gpointer           user_data,
                                          GError           **error);

/* Optional, for formats of many documents in one file: reads path itself, one document at a
 * time, handing each to each_doc before reading the next, so memory stays bounded by the
 * largest document, not the file. labels_out (may be NULL) is complete before the first
 * call of each_doc. The checks and errors are read's (file and line named); what each_doc
 * has taken before an error is the caller's to undo. The importer uses it for large files. */
typedef gboolean (*HashiyaFormatReadStreamFunc) (const char                 *path,
                                                 const HashiyaImportOptions *options,
                                                 GPtrArray                  *labels_out,
                                                 HashiyaImportReport        *report,
                                                 HashiyaParsedDocFunc        each_doc,
                                                 gpointer                    user_data,
                                                 GError                    **error);

/* How sure detect is: 0 = not this format. The registry takes the highest (the first in
 * its table on a tie). The bands used by the built-in formats: 100 the file's name alone
 * says it (brat), 50..99 JSON shapes, 50 CoNLL columns, 1 plain text (the fallback). */
typedef guint (*HashiyaFormatDetectFunc) (HashiyaSniff *sniff);

/* ---- writing ----------------------------------------------------------------- */

typedef enum
{
  HASHIYA_FETCH_JUDGEMENTS = 1 << 0,   /* HashiyaWriteDoc.judgements */
  HASHIYA_FETCH_WHITESPACE = 1 << 1,   /* HashiyaWriteDoc.whitespace_tokens */
  HASHIYA_FETCH_PROVENANCE = 1 << 2,   /* HashiyaWriteDoc.span_provenance, .judgement_provenance */
} HashiyaWriteFetch;

/* One export, as a writer sees it. */
typedef struct
{
  const HashiyaFormatDesc    *format;
  const HashiyaExportOptions *options;
  GPtrArray                  *labels;      /* HashiyaLabel: the project's labels, palette order */
  HashiyaJudgementSchema     *schema;      /* the project's judgement schema (fields of judgements:
                                            * built-in ones are HashiyaJudgement's members, the
                                            * others its values; hashiya_judgement_get_value ()) */
  guint                       n_documents; /* documents selected */
  const char                 *target;      /* folder writers: the folder asked for */
  gboolean                    dry_run;     /* strict export's first pass: write nothing */
  guint                       fetch;       /* HashiyaWriteFetch, set by begin */
  gboolean                    measure;     /* set by begin: run the measure pass first */
  guint                       n_columns;   /* set by measure (CoNLL: tag columns), else 1 */
  gpointer                    state;       /* the writer's own, released by end */
} HashiyaWriteJob;

/* One document handed to a writer. */
typedef struct
{
  const HashiyaDocument *doc;
  guint                  position;    /* 1-based place in the project's document list */
  guint                  index;       /* 0-based place in this export */
  HashiyaText           *text;
  GArray                *segments;    /* HashiyaSegment */
  GPtrArray             *spans;       /* HashiyaSpan, every annotator's: the writer applies options->annotator */
  GPtrArray             *judgements;  /* HashiyaJudgement, every annotator's; NULL without HASHIYA_FETCH_JUDGEMENTS */
  gboolean               whitespace_tokens; /* see hashiya_export_set_whitespace_tokens () */
  /* HashiyaItemProvenance or NULL, one per span / judgement (same order): how an item of an
   * adjudication layer was decided; both NULL without HASHIYA_FETCH_PROVENANCE */
  GPtrArray             *span_provenance;
  GPtrArray             *judgement_provenance;
} HashiyaWriteDoc;

/* Where a document's bytes go: appended to buf; a writer may pass a big document on the way
 * with hashiya_write_out_flush () (stream is NULL when the document is rendered ahead in a
 * worker thread: then everything stays in buf). */
typedef struct
{
  GString       *buf;
  GOutputStream *stream;
  GCancellable  *cancellable;
} HashiyaWriteOut;

typedef enum
{
  HASHIYA_WRITER_PARALLEL = 1 << 0,  /* documents are independent: rendered ahead in worker threads */
  HASHIYA_WRITER_FOLDER   = 1 << 1,  /* writes a folder (job->target), not a stream */
} HashiyaWriterFlags;

struct _HashiyaFormatWriter
{
  guint flags;                                       /* HashiyaWriterFlags */
  /* Refuses options the format cannot honour (before anything is read or written). */
  gboolean (*check)    (const HashiyaExportOptions *options,
                        GError                    **error);
  /* Sets job->fetch and job->state; appends what comes before the first document. */
  gboolean (*begin)    (HashiyaWriteJob            *job,
                        GString                    *head,
                        GError                    **error);
  /* Optional first pass over every document before any is written (CoNLL's column count),
   * run only when begin sets job->measure (each document is read twice then). */
  gboolean (*measure)  (HashiyaWriteJob            *job,
                        const HashiyaWriteDoc      *doc,
                        GError                    **error);
  /* One document; may run in a worker thread with HASHIYA_WRITER_PARALLEL (job is then
   * read-only). Counts what it writes in report and adds a loss item for what it cannot. */
  gboolean (*document) (HashiyaWriteJob            *job,
                        const HashiyaWriteDoc      *doc,
                        HashiyaWriteOut            *out,
                        HashiyaExportReport        *report,
                        GError                    **error);
  /* Always called after a successful begin; ok says whether every document was written.
   * Appends what comes after the last document; releases job->state. */
  gboolean (*end)      (HashiyaWriteJob            *job,
                        gboolean                    ok,
                        GString                    *tail,
                        GError                    **error);
};

/* ---- the descriptor -------------------------------------------------------------- */

struct _HashiyaFormatDesc
{
  const char                *name;         /* the --format word and the report's name: "conll" */
  const char * const        *aliases;      /* other words --format takes (NULL-terminated), or NULL */
  const char                *title;        /* N_(): the format in prose lists ("CoNLL"), or NULL to leave it out */
  const char                *label;        /* N_(): the format in a chooser ("CoNLL (tokens and tags)") */
  const char                *read_label;   /* N_(): in the import chooser when it differs from label, or NULL */
  const char * const        *extensions;   /* without the dot, NULL-terminated; the first is the export default */
  HashiyaFormatDetectFunc    detect;       /* NULL: never detected, only named */
  HashiyaFormatReadFunc      read;         /* NULL: cannot be imported */
  HashiyaFormatReadPathFunc  read_path;    /* instead of read, for formats of several files */
  const HashiyaFormatWriter *writer;       /* NULL: cannot be exported */
  const char * const        *cannot_hold;  /* N_(): what the loss report may list (NULL: holds everything) */
  gboolean                   plain_text;   /* holds no annotations (the import summary says nothing of spans) */
  gboolean                   comments_only;/* reads options->comments_only (--comments-only picks it) */
  /* config for a project with this judgement schema (declares every field); NULL = config,
   * which knows the default schema only. hashiya_export_format_config () picks. */
  char                    *(*config_schema) (const char * const *labels,
                                             const HashiyaJudgementSchema *schema);
  /* The set-up file the target tool needs to show an export (Label Studio's labelling
   * config), from the project's label names (NULL-terminated, in order); NULL = none.
   * `hashiya-cli export --print-config` prints it; the window writes it beside the export
   * as NAME + config_suffix. */
  char                    *(*config) (const char * const *labels);
  const char                *config_suffix;
  HashiyaFormatReadStreamFunc read_stream; /* NULL: the file is read whole (see read) */
};

G_END_DECLS
