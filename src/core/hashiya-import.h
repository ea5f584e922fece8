/* hashiya-import.h: reading files into a project (format detection, parsers, one transaction per file)
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every importer is split in two: a parser that turns a file's bytes into
 * HashiyaParsedDoc values (pure, no store), and hashiya_import_parsed(), which writes
 * them into the store in one transaction. A file that fails to parse imports nothing.
 */
#pragma once

#include <gio/gio.h>
#include "hashiya-store.h"

G_BEGIN_DECLS

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

const char *hashiya_format_to_string   (HashiyaFormat format);  /* "article", "json", "jsonl", "conll", "doccano", "label-studio", "brat", "spacy" */
gboolean    hashiya_format_from_string (const char *str, HashiyaFormat *format);

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
} HashiyaImportReport;

HashiyaImportReport *hashiya_import_report_new  (const char *path);
void                 hashiya_import_report_free (HashiyaImportReport *report);
/* Human-readable multi-line summary (documents, sentences, tokens, spans per label, messages). */
char                *hashiya_import_report_to_string (const HashiyaImportReport *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HashiyaImportReport, hashiya_import_report_free)

/* Reads, detects, parses and writes one file (or a brat .ann/.txt pair).
 * Returns FALSE with error (also copied into report->error) when the file failed;
 * a duplicate is not an error (report->n_duplicates). */
gboolean hashiya_import_file (HashiyaStore               *store,
                              const char                 *path,
                              const HashiyaImportOptions *options,
                              HashiyaImportReport        *report,
                              GCancellable               *cancellable,
                              GError                    **error);

/* Detect a file's format from its bytes (and name for brat). */
HashiyaFormat hashiya_detect_format (const char *path, const char *data, gsize len);

/* Reads a file as UTF-8 text: refuses directories, unreadable and empty files, NUL bytes
 * and invalid UTF-8 (with the byte offset), removes a BOM and turns CRLF/CR into LF in
 * place. On success *data is owned by the caller. */
gboolean hashiya_read_text_file (const char *path, char **data, gsize *len, GError **error);

/* Writes parsed documents to the store in one transaction. Duplicates (same sha256) are
 * counted in report and skipped. */
gboolean hashiya_import_parsed (HashiyaStore        *store,
                                GPtrArray           *docs,      /* HashiyaParsedDoc */
                                HashiyaImportReport *report,
                                GError             **error);

/* ---- parsers ------------------------------------------------------------- */

/* hashiya-article.c: segments of a scraped article (see README for the rules).
 * text is already cleaned (LF only, no BOM). Returns a GArray of HashiyaSegment. */
GArray  *hashiya_article_segment (const char *text, gsize n_bytes, gboolean comments_only);
gboolean hashiya_parse_article   (const char *path, char *data, gsize len,
                                  const HashiyaImportOptions *options,
                                  GPtrArray *docs_out, HashiyaImportReport *report,
                                  GError **error);

/* hashiya-json.c: our own JSON / JSONL */
gboolean hashiya_parse_hashiya_json (const char *path, const char *data, gsize len,
                                     gboolean jsonl, const HashiyaImportOptions *options,
                                     GPtrArray *docs_out, HashiyaImportReport *report,
                                     GError **error);

/* hashiya-conll.c and hashiya-formats.c (corpus interchange) */
gboolean hashiya_parse_conll        (const char *path, const char *data, gsize len,
                                     const HashiyaImportOptions *options,
                                     GPtrArray *docs_out, HashiyaImportReport *report,
                                     GError **error);
gboolean hashiya_parse_doccano      (const char *path, const char *data, gsize len,
                                     const HashiyaImportOptions *options,
                                     GPtrArray *docs_out, HashiyaImportReport *report,
                                     GError **error);
gboolean hashiya_parse_label_studio (const char *path, const char *data, gsize len,
                                     const HashiyaImportOptions *options,
                                     GPtrArray *docs_out, HashiyaImportReport *report,
                                     GError **error);
gboolean hashiya_parse_brat         (const char *ann_path, const HashiyaImportOptions *options,
                                     GPtrArray *docs_out, HashiyaImportReport *report,
                                     GError **error);
gboolean hashiya_parse_spacy        (const char *path, const char *data, gsize len,
                                     const HashiyaImportOptions *options,
                                     GPtrArray *docs_out, HashiyaImportReport *report,
                                     GError **error);

/* ---- additions (import helper) ------------------------------------------------ */

/* The document's "done" flag from a file that records one: -1 unset (default), 0, 1. */
void     hashiya_parsed_doc_set_done (HashiyaParsedDoc *doc, int done);
int      hashiya_parsed_doc_get_done (const HashiyaParsedDoc *doc);

/* hashiya_import_parsed with the labels a file declares (HashiyaLabel: name, color, key;
 * may be NULL), created in that order when the project lacks them, and a cancellable
 * checked between documents. Span labels missing from the project are created too. */
gboolean hashiya_import_parsed_full (HashiyaStore        *store,
                                     GPtrArray           *docs,
                                     GPtrArray           *labels,
                                     HashiyaImportReport *report,
                                     GCancellable        *cancellable,
                                     GError             **error);

/* As hashiya_parse_article, but takes ownership of data (a cleaned, NUL-terminated
 * buffer of len bytes, as hashiya_read_text_file returns it) and moves it into the
 * parsed document without copying. hashiya_parse_article copies data. */
gboolean hashiya_parse_article_take (const char *path, char *data, gsize len,
                                     const HashiyaImportOptions *options,
                                     GPtrArray *docs_out, HashiyaImportReport *report,
                                     GError **error);

/* As hashiya_parse_hashiya_json, also returning the file's "labels" (HashiyaLabel,
 * id 0) in labels_out when it is not NULL. */
gboolean hashiya_parse_hashiya_json_full (const char *path, const char *data, gsize len,
                                          gboolean jsonl, const HashiyaImportOptions *options,
                                          GPtrArray *docs_out, GPtrArray *labels_out,
                                          HashiyaImportReport *report, GError **error);

/* Imports several files in a worker thread (each file one transaction, as
 * hashiya_import_file). progress, when not NULL, runs in the calling thread's main
 * context after each file, with that file's report. The result is a GPtrArray of
 * HashiyaImportReport, one per path in order; a file that failed has report->error set
 * (the other files are still imported). Cancelling stops between documents and files. */
typedef void (*HashiyaImportProgressFunc) (guint                      n_done,
                                           guint                      n_total,
                                           const HashiyaImportReport *report,
                                           gpointer                   user_data);

void       hashiya_import_files_async  (HashiyaStore               *store,
                                        const char * const         *paths,
                                        const HashiyaImportOptions *options,
                                        HashiyaImportProgressFunc   progress,
                                        gpointer                    progress_data,
                                        GDestroyNotify              progress_destroy,
                                        GCancellable               *cancellable,
                                        GAsyncReadyCallback         callback,
                                        gpointer                    user_data);
GPtrArray *hashiya_import_files_finish (HashiyaStore               *store,
                                        GAsyncResult               *result,
                                        GError                    **error);

G_END_DECLS
