/* hashiya-interchange.h: the values that travel between files and a project (options, parsed documents, reports)
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Model layer, like hashiya-model.h: what a format reader produces (HashiyaParsedDoc),
 * the options a reader or writer takes, and the import and export reports with their
 * loss items. It includes no store, no format and no importer or exporter: the format
 * modules (src/core/formats/) and the dispatchers (hashiya-import.c, hashiya-export.c)
 * both build on it.
 */
#pragma once

#include <glib.h>
#include "hashiya-model.h"
#include "hashiya-judgement-schema.h"

G_BEGIN_DECLS

/* ---- error domains ------------------------------------------------------- */

#define HASHIYA_IMPORT_ERROR (hashiya_import_error_quark ())

typedef enum
{
  HASHIYA_IMPORT_ERROR_READ,       /* cannot read: missing, directory, permission */
  HASHIYA_IMPORT_ERROR_EMPTY,      /* empty file (or only whitespace) */
  HASHIYA_IMPORT_ERROR_ENCODING,   /* invalid UTF-8 or NUL byte; message gives the byte offset */
  HASHIYA_IMPORT_ERROR_SYNTAX,     /* malformed JSON/CoNLL/…; message gives line (and column) */
  HASHIYA_IMPORT_ERROR_DATA,       /* well-formed but wrong: offsets outside text, text mismatch */
  HASHIYA_IMPORT_ERROR_FORMAT,     /* format not recognised / not supported */
  HASHIYA_IMPORT_ERROR_CANCELLED,
} HashiyaImportErrorCode;

GQuark hashiya_import_error_quark (void);

#define HASHIYA_EXPORT_ERROR (hashiya_export_error_quark ())

typedef enum
{
  HASHIYA_EXPORT_ERROR_WRITE,       /* cannot write the target */
  HASHIYA_EXPORT_ERROR_INTEGRITY,   /* an entity's text is not the slice of the document */
  HASHIYA_EXPORT_ERROR_STRICT,      /* --strict and the report lists losses */
  HASHIYA_EXPORT_ERROR_UNSUPPORTED, /* option not valid for this format */
  HASHIYA_EXPORT_ERROR_CANCELLED,
} HashiyaExportErrorCode;

GQuark hashiya_export_error_quark (void);

/* ---- formats ------------------------------------------------------------- */

/* A format is its place in the registry's table (src/core/formats/hashiya-format-registry.c);
 * 0 (AUTO) is "detect". The named values are the places of the built-in formats, kept
 * for callers that name one in code; a format added to the table needs no name here
 * (hashiya_format_from_string () finds it by its word). Names and words:
 * hashiya_format_to_string () / hashiya_format_from_string () in hashiya-format-registry.h. */
typedef enum
{
  HASHIYA_FORMAT_AUTO,
  HASHIYA_FORMAT_ARTICLE,       /* scraped news page, plain text */
  HASHIYA_FORMAT_JSON,          /* hashiya/1 JSON */
  HASHIYA_FORMAT_JSONL,         /* hashiya/1 JSONL (one document per line) */
  HASHIYA_FORMAT_CONLL,
  HASHIYA_FORMAT_DOCCANO,       /* doccano JSONL */
  HASHIYA_FORMAT_LABEL_STUDIO,  /* Label Studio JSON */
  HASHIYA_FORMAT_BRAT,          /* brat standoff .ann/.txt (a folder on export) */
  HASHIYA_FORMAT_SPACY,         /* spaCy-style JSONL */
} HashiyaFormat;

typedef enum
{
  HASHIYA_SCHEME_AUTO,   /* detect (import only) */
  HASHIYA_SCHEME_BIO,    /* IOB2 */
  HASHIYA_SCHEME_IOB1,
  HASHIYA_SCHEME_BIOES,  /* also BILOU on import */
  HASHIYA_SCHEME_BARE,   /* tags without prefixes */
} HashiyaScheme;

const char *hashiya_scheme_to_string   (HashiyaScheme scheme);
gboolean    hashiya_scheme_from_string (const char *str, HashiyaScheme *scheme);

typedef enum { HASHIYA_CLITICS_TOKEN, HASHIYA_CLITICS_SPLIT } HashiyaClitics;
typedef enum { HASHIYA_SCOPE_ALL, HASHIYA_SCOPE_ARTICLE, HASHIYA_SCOPE_COMMENTS } HashiyaScope;
typedef enum { HASHIYA_NESTED_OUTER, HASHIYA_NESTED_INNER, HASHIYA_NESTED_COLUMNS } HashiyaNested;

/* ---- import -------------------------------------------------------------- */

typedef struct
{
  HashiyaFormat  format;          /* AUTO detects from content */
  gboolean       comments_only;   /* article text that is only comments, one per paragraph */
  const char    *annotator;       /* NULL = g_get_user_name () */
  /* corpus interchange */
  int            tag_column;      /* CoNLL: 0-based column of the tag, -1 = last */
  HashiyaScheme  scheme;          /* CoNLL scheme, AUTO = detect */
  guint          doc_size;        /* CoNLL: sentences per document without -DOCSTART-, 0 = whole file */
  gboolean       offsets_codepoint; /* doccano: offsets are code points, not UTF-16 */
  GHashTable    *aliases;         /* label alias → label name (char* → char*), may be NULL */
  const char    *document_date;   /* YYYY-MM-DD for documents the file gives no date, or NULL */
  GHashTable    *annotator_map;   /* Label Studio: user id ("1") → annotator name (char* → char*);
                                   * an id not in it becomes "ls-user-ID"; may be NULL */
} HashiyaImportOptions;

void hashiya_import_options_init (HashiyaImportOptions *options);

/* One parsed document, not yet in a store. Spans and judgements have doc_id 0. */
typedef struct
{
  char      *source;
  char      *text;        /* NUL-terminated UTF-8, BOM removed, LF line ends */
  gsize      n_bytes;
  char      *sha256;      /* NULL = compute */
  char      *date;        /* or NULL */
  GArray    *segments;    /* HashiyaSegment */
  GPtrArray *spans;       /* HashiyaSpan (label, start, end, annotator, origin, note) */
  GPtrArray *judgements;  /* HashiyaJudgement */
  GPtrArray *doc_labels;  /* char*: document-level categories (doccano "cats"), may be empty */
  gboolean   whitespace_tokens; /* the text is a corpus's own tokens joined by spaces (CoNLL):
                                 * exports split it at spaces only, keeping those tokens */
} HashiyaParsedDoc;

HashiyaParsedDoc *hashiya_parsed_doc_new  (void);
void              hashiya_parsed_doc_free (HashiyaParsedDoc *doc);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HashiyaParsedDoc, hashiya_parsed_doc_free)

/* How an item of an adjudication layer (a "gold" span or judgement) was decided, as files
 * carry it: the store's HashiyaProvenance (hashiya-store.h) without the document. */
typedef struct
{
  char   *layer;          /* the item's annotator: the adjudication layer */
  gint64  start;          /* the region decided (code points); 0, 0 for a comment */
  gint64  end;
  int     comment_index;  /* >= 1: the comment whose judgement was decided */
  char   *choice;         /* "auto", "accept", "none" or "edited" */
  char   *chosen;         /* accept: whose version; else NULL */
  char  **agreed;         /* NULL-terminated; never NULL */
  char   *decided_by;
  gint64  decided_at;     /* unix seconds */
} HashiyaItemProvenance;

HashiyaItemProvenance *hashiya_item_provenance_new  (void);
void                   hashiya_item_provenance_free (HashiyaItemProvenance *p);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HashiyaItemProvenance, hashiya_item_provenance_free)

/* Provenance read with a document's items (the JSON format keeps it), stored by the import;
 * p is taken. get: GPtrArray of HashiyaItemProvenance owned by doc, or NULL when none. */
void       hashiya_parsed_doc_add_provenance (HashiyaParsedDoc *doc, HashiyaItemProvenance *p);
GPtrArray *hashiya_parsed_doc_get_provenance (const HashiyaParsedDoc *doc);

/* The document's "done" flag from a file that records one: -1 unset (default), 0, 1. */
void     hashiya_parsed_doc_set_done (HashiyaParsedDoc *doc, int done);
int      hashiya_parsed_doc_get_done (const HashiyaParsedDoc *doc);

/* What one file's import did. Messages are full sentences with file and line. */
typedef struct
{
  char       *path;
  HashiyaFormat format;
  GError     *error;               /* set when this file failed (nothing imported) */
  GArray     *doc_ids;             /* gint64, documents added */
  guint       n_documents;
  guint       n_duplicates;        /* documents skipped: same content already in project */
  guint       n_sentences;
  guint       n_tokens;
  guint       n_spans;
  guint       n_judgements;
  GHashTable *spans_per_label;     /* char* → GUINT_TO_POINTER (count) */
  GPtrArray  *messages;            /* char*: repairs, skipped lines, warnings */
  guint       n_repairs;
  guint       n_skipped_lines;
  guint       n_format_chars_dropped;
  /* the judgement schema the file declares (Hashiya JSON's "judgement_schema"), or NULL:
   * the importer makes it the project's (a project without judgements) or adds its fields
   * and choices to the project's */
  HashiyaJudgementSchema *schema;  /* owned */
} HashiyaImportReport;

HashiyaImportReport *hashiya_import_report_new  (const char *path);
void                 hashiya_import_report_free (HashiyaImportReport *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HashiyaImportReport, hashiya_import_report_free)

/* ---- export -------------------------------------------------------------- */

/* spaCy export: what to do with a span whose edge falls inside a token (a clitic span) */
typedef enum
{
  HASHIYA_SPACY_SPANS_EXACT,    /* written as they are, each such span reported (default) */
  HASHIYA_SPACY_SPANS_WIDEN,    /* widened to the edges of the tokens they touch (reported) */
  HASHIYA_SPACY_SPANS_TOKENS,   /* exact, with a "tokens" list split at every span edge and
                                 * each span's token_start / token_end */
} HashiyaSpacySpans;

typedef struct
{
  HashiyaFormat  format;        /* any format whose registry entry has a writer */
  HashiyaScheme  scheme;        /* BIO (default), IOB1, BIOES */
  HashiyaClitics clitics;       /* TOKEN (default) */
  HashiyaScope   scope;         /* ALL (default) */
  HashiyaNested  nested;        /* OUTER (default) */
  gboolean       docstart;      /* write "-DOCSTART- -X- O O" + blank line before each document */
  int            columns;       /* CoNLL: 2 (default) or 4 */
  char           separator;     /* CoNLL: ' ' (default) or '\t' */
  gboolean       offsets_codepoint; /* doccano: code points instead of UTF-16 units */
  gboolean       strict;        /* any loss is an error, nothing written */
  const char    *annotator;     /* only this annotator's spans/judgements; NULL = all */
  GArray        *doc_ids;       /* gint64; NULL = every document */
  HashiyaSpacySpans spacy_spans; /* spaCy: spans inside tokens; EXACT (default) */
} HashiyaExportOptions;

void hashiya_export_options_init (HashiyaExportOptions *options);
/* TRUE when options->doc_ids is NULL or holds doc_id. */
gboolean hashiya_export_options_selects (const HashiyaExportOptions *options,
                                         gint64                      doc_id);

typedef enum
{
  HASHIYA_LOSS_DROPPED,          /* span not in the output (nested/overlapping flattened) */
  HASHIYA_LOSS_WIDENED,          /* span widened to token edges */
  HASHIYA_LOSS_MERGED,           /* span merged with a neighbour */
  HASHIYA_LOSS_CROSSES_SENTENCE, /* span crosses a sentence break and was cut */
  HASHIYA_LOSS_NO_FIELD,         /* judgement / note / category the format cannot hold */
} HashiyaLossKind;

const char *hashiya_loss_kind_to_string (HashiyaLossKind kind);   /* "dropped", "widened", … */

/* Items belong to their report (moving one between reports' items arrays is fine); their
 * strings are read-only: source and label are interned, detail lives in the item's block. */
typedef struct
{
  HashiyaLossKind kind;
  gint64  doc_id;
  char   *source;
  gint64  span_id;     /* 0 when not about a span */
  gint64  start;       /* code points, the span's original range */
  gint64  end;
  char   *label;       /* or NULL */
  char   *detail;      /* e.g. "inside span 12 (ORG 100-140)", "widened to 98-110" */
} HashiyaLossItem;

typedef struct
{
  GPtrArray *items;             /* HashiyaLossItem */
  guint n_documents;
  guint n_sentences;
  guint n_tokens;
  guint n_entities;             /* entities written */
  guint n_format_chars_dropped; /* Cf characters left out of CoNLL token text */
} HashiyaExportReport;

HashiyaExportReport *hashiya_export_report_new  (void);
void                 hashiya_export_report_free (HashiyaExportReport *report);
/* "doc 3 (article.txt) 120-135 PER: dropped: inside span 7 (ORG 100-140)" */
char                *hashiya_loss_item_to_string (const HashiyaLossItem *item);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HashiyaExportReport, hashiya_export_report_free)

/* Adds one loss item to report (helpers for every writer). */
void hashiya_export_report_add (HashiyaExportReport *report,
                                HashiyaLossKind      kind,
                                gint64               doc_id,
                                const char          *source,
                                const HashiyaSpan   *span,     /* may be NULL */
                                const char          *detail_format,
                                ...) G_GNUC_PRINTF (6, 7);
/* An item about a range that is not a span (a comment's judgements). */
void hashiya_export_report_add_range (HashiyaExportReport  *report,
                                      HashiyaLossKind       kind,
                                      gint64                doc_id,
                                      const char           *source,
                                      const HashiyaSegment *segment,
                                      const char           *detail_format,
                                      ...) G_GNUC_PRINTF (6, 7);
/* Moves from's items to the end of to's and adds its counts. */
void hashiya_export_report_merge (HashiyaExportReport *to,
                                  HashiyaExportReport *from);

G_END_DECLS
