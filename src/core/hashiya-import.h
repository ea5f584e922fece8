/* hashiya-import.h: reading files into a project (the import dispatcher: detect → read → one transaction per file)
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every import is split in two: a format's reader (src/core/formats/, found through the
 * registry) turns a file's bytes into HashiyaParsedDoc values (pure, no store), and
 * hashiya_import_parsed(), which writes them into the store in one transaction. A file
 * that fails to parse imports nothing. The options, the parsed document, the report and
 * the error codes are model types (hashiya-interchange.h).
 */
#pragma once

#include <gio/gio.h>
#include "hashiya-interchange.h"
#include "hashiya-store.h"
#include "hashiya-format-registry.h"

G_BEGIN_DECLS

/* Human-readable multi-line summary (documents, sentences, tokens, spans per label, messages). */
char *hashiya_import_report_to_string (const HashiyaImportReport *report);

/* Reads, detects, parses and writes one file (or a brat .ann/.txt pair).
 * Returns FALSE with error (also copied into report->error) when the file failed;
 * a duplicate is not an error (report->n_duplicates). */
gboolean hashiya_import_file (HashiyaStore               *store,
                              const char                 *path,
                              const HashiyaImportOptions *options,
                              HashiyaImportReport        *report,
                              GCancellable               *cancellable,
                              GError                    **error);

/* Detect a file's format from its bytes (and its name: brat); AUTO when nothing knows it. */
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

/* ---- additions (import helper) ------------------------------------------------ */

/* hashiya_import_parsed with the labels a file declares (HashiyaLabel: name, color, key;
 * may be NULL), created in that order when the project lacks them, and a cancellable
 * checked between documents. Span labels missing from the project are created too. */
gboolean hashiya_import_parsed_full (HashiyaStore        *store,
                                     GPtrArray           *docs,
                                     GPtrArray           *labels,
                                     HashiyaImportReport *report,
                                     GCancellable        *cancellable,
                                     GError             **error);

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

/* ---- several files with few syncs ------------------------------------------------ */

/* A batch imports the files of one command in one write transaction, each file in a
 * savepoint of it: a file that fails imports nothing and the others still import, and
 * the transaction is committed (one sync) every commit_ms milliseconds or commit_bytes
 * bytes of input, so a crash keeps each file whole or absent. commit_ms 0 = the default
 * (HASHIYA_IMPORT_COMMIT_MS in the environment, else 2000); commit_bytes 0 = 64 MB.
 * Holding the write lock between commits, a batch keeps other writers waiting. */
typedef struct _HashiyaImportBatch HashiyaImportBatch;

HashiyaImportBatch *hashiya_import_batch_new      (HashiyaStore               *store,
                                                   guint                       commit_ms,
                                                   gsize                       commit_bytes);
/* As hashiya_import_file, inside the batch's transaction (begun when none is open):
 * FALSE when this file failed (nothing of it stays; the others are kept). The file's
 * documents are durable after the next hashiya_import_batch_commit (): call it when
 * hashiya_import_batch_is_due () and at the end. */
gboolean            hashiya_import_batch_add_file (HashiyaImportBatch         *batch,
                                                   const char                 *path,
                                                   const HashiyaImportOptions *options,
                                                   HashiyaImportReport        *report,
                                                   GCancellable               *cancellable,
                                                   GError                    **error);
/* Files imported since the last commit. */
guint               hashiya_import_batch_get_pending (HashiyaImportBatch      *batch);
/* TRUE when the open transaction has run commit_ms or taken commit_bytes of input. */
gboolean            hashiya_import_batch_is_due   (HashiyaImportBatch         *batch);
/* Commits the pending files (a no-op when none). On failure they are all rolled back. */
gboolean            hashiya_import_batch_commit   (HashiyaImportBatch         *batch,
                                                   GError                    **error);
/* Rolls back what is not committed. */
void                hashiya_import_batch_free     (HashiyaImportBatch         *batch);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HashiyaImportBatch, hashiya_import_batch_free)

G_END_DECLS
