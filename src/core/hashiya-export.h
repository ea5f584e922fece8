/* hashiya-export.h: writing a project out (CoNLL, JSON/JSONL, and the interchange formats)
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Exports stream document by document (no whole-corpus string in memory) into a
 * temporary file that is renamed into place only on success. Anything a format cannot
 * hold is listed in a HashiyaExportReport: nothing is dropped silently.
 */
#pragma once

#include <gio/gio.h>
#include "hashiya-store.h"
#include "hashiya-import.h"

G_BEGIN_DECLS

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

typedef enum { HASHIYA_CLITICS_TOKEN, HASHIYA_CLITICS_SPLIT } HashiyaClitics;
typedef enum { HASHIYA_SCOPE_ALL, HASHIYA_SCOPE_ARTICLE, HASHIYA_SCOPE_COMMENTS } HashiyaScope;
typedef enum { HASHIYA_NESTED_OUTER, HASHIYA_NESTED_INNER, HASHIYA_NESTED_COLUMNS } HashiyaNested;

typedef struct
{
  HashiyaFormat  format;        /* CONLL, JSON, JSONL, DOCCANO, LABEL_STUDIO, BRAT, SPACY */
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

/* Conventions (details at the top of hashiya-export.c):
 * - CoNLL: scope "article" = every segment except comments and boilerplate, "comments" =
 *   comment segments, "all" = both; boilerplate is never exported. Each segment starts a
 *   sentence. With nested = COLUMNS the tag columns come last ("token TAG1 TAG2",
 *   "token -X- O TAG1 TAG2"), as many as the deepest nesting of the whole export.
 *   -DOCSTART- lines use the chosen separator.
 * - JSON/JSONL: a document's "id" is its 1-based position in the project's document
 *   list (also when doc_ids selects some), an entity's "id" its 1-based position in the
 *   document's entity list; no times or store ids are written, so the bytes survive
 *   export → import → export. "date" appears only when set, an entity's "note" only
 *   when set. A JSONL line is one document object (no labels).
 * - strict: to_stream makes a dry run first and writes nothing when anything would be
 *   lost; to_file removes its temporary file. */

/* Writes to a stream (no temporary file). */
gboolean hashiya_export_to_stream (HashiyaStore               *store,
                                   const HashiyaExportOptions *options,
                                   GOutputStream              *out,
                                   HashiyaExportReport        *report,
                                   GCancellable               *cancellable,
                                   GError                    **error);

/* Writes path.tmp-XXXXXX beside path and renames it into place on success; on failure
 * the temporary file is removed and path is untouched. For BRAT, path is a folder. */
gboolean hashiya_export_to_file   (HashiyaStore               *store,
                                   const HashiyaExportOptions *options,
                                   const char                 *path,
                                   HashiyaExportReport        *report,
                                   GCancellable               *cancellable,
                                   GError                    **error);

/* ---- per-format writers (one document at a time; used by the dispatcher) --------- */

/* The CoNLL token/tag plan for one document, shared by the CoNLL writer, the loss
 * report and the evaluator: tokens of the chosen scope, sentence breaks and one tag
 * column per nesting level (1 unless nested = COLUMNS). */
typedef struct
{
  char  *text;       /* token text, format characters dropped */
  gint64 start;      /* code points */
  gint64 end;
  gboolean sentence_start;
  GPtrArray *tags;   /* char*: one per column, "O", "B-PER", … */
} HashiyaConllToken;

GPtrArray *hashiya_conll_plan (HashiyaText                *text,
                               GArray                     *segments,
                               GPtrArray                  *spans,
                               const HashiyaExportOptions *options,
                               gint64                      doc_id,
                               const char                 *source,
                               HashiyaExportReport        *report);   /* HashiyaConllToken */
void       hashiya_conll_token_free (HashiyaConllToken *token);

/* ---- interchange formats (hashiya-formats.c) --------------------------------------
 * hashiya_export_to_stream/_to_file hand DOCCANO, LABEL_STUDIO and SPACY to
 * hashiya_formats_export_stream, and BRAT (a folder) to hashiya_formats_export_brat. */
gboolean hashiya_formats_export_stream (HashiyaStore               *store,
                                        const HashiyaExportOptions *options,
                                        GOutputStream              *out,
                                        HashiyaExportReport        *report,
                                        GCancellable               *cancellable,
                                        GError                    **error);
gboolean hashiya_formats_export_brat   (HashiyaStore               *store,
                                        const HashiyaExportOptions *options,
                                        const char                 *folder,
                                        HashiyaExportReport        *report,
                                        GCancellable               *cancellable,
                                        GError                    **error);

/* Adds one loss item to report (helpers for every writer). */
void hashiya_export_report_add (HashiyaExportReport *report,
                                HashiyaLossKind      kind,
                                gint64               doc_id,
                                const char          *source,
                                const HashiyaSpan   *span,     /* may be NULL */
                                const char          *detail_format,
                                ...) G_GNUC_PRINTF (6, 7);

/* Documents rebuilt from an already tokenised corpus (CoNLL import: single spaces between
 * tokens, one line per sentence) keep their tokens in CoNLL export: with the mark set,
 * each segment is one sentence and its tokens are the runs between whitespace, instead of
 * hashiya_tokenize () and hashiya_split_sentences () (which would split ANERcorp's
 * "لأفغانستان؛" or "8%"). The mark is kept in the project's meta table, tied to the
 * document's id and sha256. The CoNLL importer sets it. */
gboolean hashiya_export_set_whitespace_tokens (HashiyaStore          *store,
                                               gint64                 doc_id,
                                               gboolean               on,
                                               GError               **error);
gboolean hashiya_export_get_whitespace_tokens (HashiyaStore          *store,
                                               const HashiyaDocument *doc);

/* Checks that entity_text is exactly the slice [span->start, span->end) of text and that
 * the range lies inside it; HASHIYA_EXPORT_ERROR_INTEGRITY (naming the document and span)
 * otherwise. The JSON writer runs it on every entity it writes. */
gboolean hashiya_export_check_entity (HashiyaText       *text,
                                      const HashiyaSpan *span,
                                      const char        *entity_text,
                                      gint64             doc_id,
                                      GError           **error);

G_END_DECLS
