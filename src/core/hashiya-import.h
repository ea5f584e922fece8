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

G_END_DECLS
