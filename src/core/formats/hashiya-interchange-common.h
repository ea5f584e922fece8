/* hashiya-interchange-common.h: what the doccano, spaCy, Label Studio and brat modules share (raw spans, document building, JSON access, the writers' view of a document)
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Offsets: doccano counts UTF-16 code units (as its JavaScript front end does) unless
 * offsets_codepoint is set; Label Studio, brat and spaCy-style files count code points.
 * Every reader converts to code points explicitly (HashiyaText, hashiya-text.c, is the
 * one place that knows code points, bytes and UTF-16), checks each span against the text
 * (and against the span text the file stores, when it stores one) and fails the whole
 * file with file and line on any mismatch.
 */
#pragma once

#include <json-glib/json-glib.h>
#include "hashiya-format.h"
#include "hashiya-format-io.h"
#include "hashiya-json-guard.h"

G_BEGIN_DECLS

/* ---- reading ------------------------------------------------------------------- */

typedef struct
{
  gint64  start;       /* in the file's unit */
  gint64  end;
  char   *label;
  char   *note;
  char   *annotator;
  char   *text;        /* the file's copy of the span text, or NULL */
  guint   line;        /* line in the file (brat), 0 = the document's place */
} HashiyaRawSpan;

typedef struct
{
  int      comment;       /* 1-based comment index */
  gint64   start, end;    /* when given as a range instead (file unit), else -1 */
  char    *field;         /* sentiment, offensive, hate-speech, decision, note */
  char    *value;
  char    *annotator;
} HashiyaRawJudgement;

typedef struct
{
  const char *path;
  const HashiyaImportOptions *options;
  HashiyaImportReport *report;
  GHashTable *renamed;   /* labels already reported as renamed */
} HashiyaReadCtx;

typedef enum { HASHIYA_JSONL_DOCCANO, HASHIYA_JSONL_SPACY } HashiyaJsonlKind;

void        hashiya_ix_raw_span_free      (gpointer p);
void        hashiya_ix_raw_judgement_free (gpointer p);
void        hashiya_ix_ctx_message        (HashiyaReadCtx *ctx, const char *format, ...) G_GNUC_PRINTF (2, 3);
const char *hashiya_ix_ctx_annotator      (HashiyaReadCtx *ctx, const char *from_file);
/* Label names hold no whitespace: aliases first, then spaces become '_'. */
char       *hashiya_ix_clean_label        (HashiyaReadCtx *ctx, const char *where, const char *label);
/* One paragraph segment per non-empty line. */
void        hashiya_ix_line_segments      (const char *text, GArray *segments);
gboolean    hashiya_ix_parse_judgement_value (HashiyaRawJudgement *rj, HashiyaJudgement *j);
/* Builds one document: converts offsets (utf16 = file counts UTF-16 units), removes CR
 * (remapping offsets), checks every span. segments_in: HashiyaSegment in the file's unit
 * or NULL (one paragraph per non-empty line). */
HashiyaParsedDoc *hashiya_ix_build_doc    (HashiyaReadCtx *ctx, const char *doc_where,
                                           const char *source, const char *text_in,
                                           gboolean utf16, GArray *segments_in,
                                           GPtrArray *raw_spans, GPtrArray *raw_judgements,
                                           GPtrArray *doc_labels, GError **error);
/* "comment-3/sentiment=negative" → judgement; other cats stay document labels. */
void        hashiya_ix_sort_cat           (const char *cat, GPtrArray *judgements, GPtrArray *doc_labels);

gboolean    hashiya_ix_node_int           (JsonNode *n, gint64 *out);
const char *hashiya_ix_node_string        (JsonNode *n);
JsonNode   *hashiya_ix_member             (JsonObject *o, const char *name);
JsonArray  *hashiya_ix_member_array       (JsonObject *o, const char *name);
JsonObject *hashiya_ix_member_object      (JsonObject *o, const char *name);
gboolean    hashiya_ix_bad                (GError **error, const char *where, const char *what);
gboolean    hashiya_ix_read_segments      (JsonObject *meta, const char *where, GArray **out, GError **error);

/* doccano and spaCy-style JSONL: one document per line. */
gboolean    hashiya_ix_parse_jsonl        (HashiyaJsonlKind kind, const char *path,
                                           const char *data, gsize len,
                                           const HashiyaImportOptions *options,
                                           GPtrArray *docs_out, HashiyaImportReport *report,
                                           GError **error);

/* ---- writing ------------------------------------------------------------------- */

typedef struct
{
  const HashiyaExportOptions *options;
  HashiyaExportReport        *report;
  const HashiyaDocument      *doc;
  HashiyaText                *text;
  GArray                     *segments;
  GPtrArray                  *spans;       /* filtered, duplicates removed (not owned items) */
  GPtrArray                  *judgements;  /* filtered (not owned items) */
  guint                       index;       /* 1-based position in the export */
  const HashiyaJudgementSchema *schema;    /* the project's (hashiya-interchange-schema.h) */
} HashiyaDocView;

void hashiya_ix_doc_view_init (HashiyaDocView *d, HashiyaWriteJob *job, const HashiyaWriteDoc *doc,
                               HashiyaExportReport *report, gboolean merge_annotators);
void hashiya_ix_doc_view_done (HashiyaDocView *d, gboolean written);
void hashiya_ix_append_node   (GString *b, JsonNode *node, const char *before, const char *after);

const HashiyaSegment *hashiya_ix_comment_segment  (HashiyaDocView *d, int index);
void                  hashiya_ix_report_judgement (HashiyaDocView *d, const HashiyaJudgement *j,
                                                   const char *what);
/* A span's value (a date's "2019-03-08", its calendar and anchor) in a format with no field
 * for it (format: its title, "doccano"): one loss item when s has a value. */
void                  hashiya_ix_report_span_value (HashiyaDocView *d, const HashiyaSpan *s,
                                                    const char *format);
/* cats for doccano and spaCy: the first annotator's judgement of each comment. */
GPtrArray            *hashiya_ix_judgement_cats   (HashiyaDocView *d);
/* Appends j's custom fields to cats as "comment-N/FIELD=CHOICE" (free text: a loss item). */
void                  hashiya_ix_custom_cats      (HashiyaDocView *d, const HashiyaJudgement *j,
                                                   GPtrArray *cats);
gint64                hashiya_ix_unit             (HashiyaDocView *d, gint64 cp, gboolean utf16);
void                  hashiya_ix_add_meta         (JsonBuilder *b, HashiyaDocView *d, gboolean utf16);
JsonNode             *hashiya_ix_jsonl_record     (HashiyaDocView *d, gboolean spacy, gboolean utf16);

/* The document callback of the JSONL writers (doccano, spaCy): one hashiya_ix_jsonl_record
 * line, annotators merged; amend (may be NULL) may change the record before it is written. */
typedef void (*HashiyaIxRecordAmend) (HashiyaDocView *d, JsonObject *record);
gboolean hashiya_ix_write_jsonl_document (HashiyaWriteJob *job, const HashiyaWriteDoc *doc,
                                          HashiyaWriteOut *out, HashiyaExportReport *report,
                                          gboolean spacy, gboolean utf16,
                                          HashiyaIxRecordAmend amend, GError **error);

/* The interchange writers write whole documents: a scope is refused, naming the format. */
gboolean hashiya_ix_check_whole_documents (const HashiyaExportOptions *options, const char *name,
                                           GError **error);
/* begin for writers that want judgements and write no head; end that writes no tail. */
gboolean hashiya_ix_begin_judgements (HashiyaWriteJob *job, GString *head, GError **error);
gboolean hashiya_ix_end_nothing      (HashiyaWriteJob *job, gboolean ok, GString *tail, GError **error);

G_END_DECLS
