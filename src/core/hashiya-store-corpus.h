/* hashiya-store-corpus.h: the corpus at scale: per-document summary rows by page, full-text find, tag all
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Schema 3 keeps one summary row per document (name, spans, comments, judged, done),
 * maintained by triggers in the same transaction as every write, and an FTS5 index
 * (trigram) over each document's search key (hashiya_normalize_key). Nothing here
 * recounts over the corpus for one action; the paged queries run in SQL.
 */
#pragma once

#include <gio/gio.h>
#include "hashiya-store.h"

G_BEGIN_DECLS

typedef enum
{
  HASHIYA_DOC_STATE_ANY,
  HASHIYA_DOC_STATE_DONE,
  HASHIYA_DOC_STATE_NOT_DONE,
  HASHIYA_DOC_STATE_UNJUDGED,   /* has comments without any judgement */
} HashiyaDocState;

typedef enum
{
  HASHIYA_DOC_SORT_POSITION,    /* import order (id) */
  HASHIYA_DOC_SORT_NAME,
  HASHIYA_DOC_SORT_SPANS,
  HASHIYA_DOC_SORT_UNJUDGED,    /* comments without a judgement */
} HashiyaDocSort;

typedef struct
{
  const char      *name;        /* substring of the document name (case-insensitive for ASCII), or NULL */
  const char      *text;        /* every word of its search key occurs in the document's key, or NULL */
  HashiyaDocState  state;
  HashiyaDocSort   sort;
  gboolean         descending;  /* ties are always broken by id ascending */
  gboolean         name_or_text; /* name and text both set: either may match (one filter entry) */
} HashiyaDocQuery;

void       hashiya_doc_query_init            (HashiyaDocQuery *query);

/* Number of documents the query selects; -1 on error. */
gint64     hashiya_store_count_document_rows (HashiyaStore          *self,
                                              const HashiyaDocQuery *query,
                                              GError               **error);
/* Rows [offset, offset + limit) of the query: GPtrArray of HashiyaDocument with the
 * counts filled (n_spans, n_comments, n_judged, done). */
GPtrArray *hashiya_store_list_document_rows  (HashiyaStore          *self,
                                              const HashiyaDocQuery *query,
                                              guint                  offset,
                                              guint                  limit,
                                              GError               **error);
/* One document's row (as list_document_rows fills it), read from the summary: what a
 * list refreshes after an action. NULL with NOT_FOUND when there is no such document. */
HashiyaDocument *hashiya_store_get_document_row (HashiyaStore  *self,
                                                 gint64         doc_id,
                                                 GError       **error);
/* 0-based position of doc_id in the query's order; -1 when the query does not select it
 * (no error) or on error (error set). */
gint64     hashiya_store_document_row_position (HashiyaStore          *self,
                                                const HashiyaDocQuery *query,
                                                gint64                 doc_id,
                                                GError               **error);

/* The next (forward) or previous document after doc_id in import order that has a
 * comment without any judgement; 0 when there is none. */
gint64     hashiya_store_next_unjudged_document (HashiyaStore  *self,
                                                 gint64         doc_id,
                                                 gboolean       forward,
                                                 GError       **error);

/* ---- corpus find --------------------------------------------------------- */

typedef struct
{
  gint64  doc_id;
  char   *name;       /* the document's source name */
  gint64  start;      /* code points in the original text */
  gint64  end;
  gint64  line;       /* 1-based line of start */
  char   *before;     /* up to HASHIYA_CORPUS_CONTEXT code points of the line before the hit */
  char   *match;      /* the original text of the hit */
  char   *after;      /* up to HASHIYA_CORPUS_CONTEXT code points of the line after it */
} HashiyaCorpusHit;

#define HASHIYA_CORPUS_CONTEXT 40

void hashiya_corpus_hit_free (HashiyaCorpusHit *hit);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HashiyaCorpusHit, hashiya_corpus_hit_free)

/* Every match of query in every document (hashiya_text_find_all's rules: search key,
 * token boundaries, proclitics), documents in import order, hits in text order. The
 * FTS index narrows the documents; the result equals a scan of every document.
 * Documents added inside a caller's open transaction (hashiya_store_begin) are indexed
 * when it commits: until then they are not found. 
 * max_hits 0 = no limit; *truncated (may be NULL) says whether more were left out. */
GPtrArray *hashiya_store_find_corpus (HashiyaStore  *self,
                                      const char    *query,
                                      guint          max_hits,
                                      gboolean      *truncated,
                                      GCancellable  *cancellable,
                                      GError       **error);

/* ---- tag all over the corpus --------------------------------------------- */

typedef struct
{
  guint n_documents;   /* documents with at least one new span */
  guint n_spans;       /* spans it adds (hits already tagged with the label are skipped) */
  guint n_hits;
} HashiyaTagAllCount;

/* Counts what hashiya_store_tag_all would do, writing nothing. */
gboolean   hashiya_store_tag_all_count (HashiyaStore       *self,
                                        const char         *query,
                                        const char         *label,
                                        const char         *annotator,
                                        HashiyaTagAllCount *count,
                                        GError            **error);
/* Tags every hit of query with label in one transaction. span_ids (may be NULL) gets
 * the ids of the added spans (gint64), for one undo step. */
gboolean   hashiya_store_tag_all       (HashiyaStore       *self,
                                        const char         *query,
                                        const char         *label,
                                        const char         *annotator,
                                        HashiyaTagAllCount *count,
                                        GArray             *span_ids,
                                        GError            **error);
/* Removes the spans (undo of tag all) in one transaction. */
gboolean   hashiya_store_remove_spans  (HashiyaStore       *self,
                                        const gint64       *span_ids,
                                        guint               n,
                                        GError            **error);

/* An import batch's setting (hashiya-import-files.c), on for its life: SQLite's temporary
 * journals in memory, not in temporary files (each file's savepoint otherwise writes the
 * pages it changes again to a file under /var/tmp: 9 writes in 10 of a 2,000-file
 * import), and a page cache of cache_mb MB instead of SQLite's 2 MB (0: back to the
 * defaults). Changes nothing that is stored. */
gboolean   hashiya_store_set_bulk_import (HashiyaStore *self,
                                          guint         cache_mb,
                                          GError      **error);

G_END_DECLS
