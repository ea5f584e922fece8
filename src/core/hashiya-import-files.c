/* hashiya-import-files.c: several files in one command: a batch (one transaction, a savepoint per file, few syncs) and the worker thread the window uses
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "hashiya-import.h"
#include "hashiya-import-private.h"
#include "hashiya-store-corpus.h"

/* The page cache of a batch (hashiya_store_set_bulk_import ()). */
#define BATCH_CACHE_MB 32

/* ---- several files in one transaction ------------------------------------------ */

struct _HashiyaImportBatch
{
  HashiyaStore *store;
  guint         commit_ms;
  gsize         commit_bytes;
  gboolean      open;        /* the batch's transaction is open */
  gint64        started;     /* monotonic µs at its start */
  gsize         bytes;       /* input bytes since */
  guint         pending;     /* files since */
};

HashiyaImportBatch *
hashiya_import_batch_new (HashiyaStore *store,
                          guint         commit_ms,
                          gsize         commit_bytes)
{
  HashiyaImportBatch *batch;

  g_return_val_if_fail (HASHIYA_IS_STORE (store), NULL);
  batch = g_new0 (HashiyaImportBatch, 1);
  batch->store = g_object_ref (store);
  if (commit_ms == 0)
    {
      const char *env = g_getenv ("HASHIYA_IMPORT_COMMIT_MS");
      guint64 v = 0;

      if (env != NULL && g_ascii_string_to_unsigned (env, 10, 0, 3600 * 1000, &v, NULL))
        commit_ms = (guint) v;
      else
        commit_ms = 2000;
    }
  batch->commit_ms = commit_ms;
  /* not fatal: only slower without it */
  hashiya_store_set_bulk_import (store, BATCH_CACHE_MB, NULL);
  batch->commit_bytes = commit_bytes > 0 ? commit_bytes : 64 * 1024 * 1024;
  return batch;
}

guint
hashiya_import_batch_get_pending (HashiyaImportBatch *batch)
{
  g_return_val_if_fail (batch != NULL, 0);
  return batch->pending;
}

gboolean
hashiya_import_batch_commit (HashiyaImportBatch  *batch,
                             GError             **error)
{
  gboolean ok = TRUE;

  g_return_val_if_fail (batch != NULL, FALSE);
  if (batch->open)
    {
      batch->open = FALSE;
      ok = hashiya_store_commit (batch->store, error);
      if (!ok)
        hashiya_store_rollback (batch->store);
    }
  batch->pending = 0;
  batch->bytes = 0;
  return ok;
}

gboolean
hashiya_import_batch_add_file (HashiyaImportBatch          *batch,
                               const char                  *path,
                               const HashiyaImportOptions  *options,
                               HashiyaImportReport         *report,
                               GCancellable                *cancellable,
                               GError                     **error)
{
  GStatBuf st;
  gboolean ok;

  g_return_val_if_fail (batch != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!batch->open)
    {
      if (!hashiya_store_begin (batch->store, error))
        {
          g_prefix_error (error, "%s: ", path);
          if (report != NULL)
            {
              g_clear_error (&report->error);
              report->error = error != NULL && *error != NULL ? g_error_copy (*error) : NULL;
            }
          return FALSE;
        }
      batch->open = TRUE;
      batch->started = g_get_monotonic_time ();
    }

  /* hashiya_import_file's transaction is a savepoint of the batch's */
  ok = hashiya_import_file (batch->store, path, options, report, cancellable, error);
  if (ok)
    batch->pending++;
  if (g_stat (path, &st) == 0)
    batch->bytes += st.st_size;

  return ok;
}

gboolean
hashiya_import_batch_is_due (HashiyaImportBatch *batch)
{
  g_return_val_if_fail (batch != NULL, FALSE);
  return batch->open
         && (batch->bytes >= batch->commit_bytes
             || g_get_monotonic_time () - batch->started >= (gint64) batch->commit_ms * 1000);
}

void
hashiya_import_batch_free (HashiyaImportBatch *batch)
{
  if (batch == NULL)
    return;
  if (batch->open)
    hashiya_store_rollback (batch->store);
  hashiya_store_set_bulk_import (batch->store, 0, NULL);
  g_clear_object (&batch->store);
  g_free (batch);
}

/* ---- several files in a worker thread ------------------------------------------- */

typedef struct
{
  HashiyaStore           *store;
  GStrv                   paths;
  HashiyaImportOptions    options;
  char                   *annotator;
  GPtrArray              *reports;
  HashiyaImportProgressFunc progress;
  gpointer                progress_data;
  GDestroyNotify          progress_destroy;
  GMainContext           *context;
} ImportJob;

static void
import_job_free (ImportJob *job)
{
  g_clear_object (&job->store);
  g_strfreev (job->paths);
  g_free (job->annotator);
  g_clear_pointer (&job->options.aliases, g_hash_table_unref);
  g_clear_pointer (&job->reports, g_ptr_array_unref);
  if (job->progress_destroy)
    job->progress_destroy (job->progress_data);
  g_clear_pointer (&job->context, g_main_context_unref);
  g_free (job);
}

typedef struct
{
  ImportJob           *job;
  guint                done;
  guint                total;
  HashiyaImportReport *report;   /* owned by job->reports */
  GMutex               lock;
  GCond                cond;
  gboolean             delivered;
} ProgressCall;

static gboolean
deliver_progress (gpointer data)
{
  ProgressCall *call = data;

  call->job->progress (call->done, call->total, call->report, call->job->progress_data);
  g_mutex_lock (&call->lock);
  call->delivered = TRUE;
  g_cond_signal (&call->cond);
  g_mutex_unlock (&call->lock);
  return G_SOURCE_REMOVE;
}

static void
import_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ImportJob *job = task_data;
  guint total = g_strv_length (job->paths);
  g_autoptr(HashiyaImportBatch) batch = hashiya_import_batch_new (job->store, 0, 0);
  guint first_pending = 0;   /* reports from here on are not committed yet */

  for (guint i = 0; i < total; i++)
    {
      HashiyaImportReport *report = hashiya_import_report_new (job->paths[i]);

      g_ptr_array_add (job->reports, report);
      if (g_cancellable_is_cancelled (cancellable))
        {
          report->error = g_error_new (HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_CANCELLED,
                                       _("%s: import cancelled"), job->paths[i]);
        }
      else
        hashiya_import_batch_add_file (batch, job->paths[i], &job->options, report, cancellable, NULL);

      /* commit when due and after the last file; a failed commit loses the pending files */
      if (i == total - 1 || hashiya_import_batch_is_due (batch))
        {
          g_autoptr(GError) commit_error = NULL;

          if (!hashiya_import_batch_commit (batch, &commit_error))
            for (guint k = first_pending; k <= i; k++)
              {
                HashiyaImportReport *r = job->reports->pdata[k];
                if (r->error == NULL)
                  {
                    hashiya_import_report_reset_counts (r);
                    r->error = g_error_new (commit_error->domain, commit_error->code, "%s: %s",
                                            r->path, commit_error->message);
                  }
              }
          first_pending = i + 1;
        }

      if (job->progress != NULL)
        {
          /* run the callback in the caller's main context and wait for it, so the
           * report it sees is not being written */
          ProgressCall call = { job, i + 1, total, report };

          g_mutex_init (&call.lock);
          g_cond_init (&call.cond);
          g_main_context_invoke (job->context, deliver_progress, &call);
          g_mutex_lock (&call.lock);
          while (!call.delivered)
            g_cond_wait (&call.cond, &call.lock);
          g_mutex_unlock (&call.lock);
          g_mutex_clear (&call.lock);
          g_cond_clear (&call.cond);
        }
    }
  g_task_return_pointer (task, g_ptr_array_ref (job->reports), (GDestroyNotify) g_ptr_array_unref);
}

void
hashiya_import_files_async (HashiyaStore               *store,
                            const char * const         *paths,
                            const HashiyaImportOptions *options,
                            HashiyaImportProgressFunc   progress,
                            gpointer                    progress_data,
                            GDestroyNotify              progress_destroy,
                            GCancellable               *cancellable,
                            GAsyncReadyCallback         callback,
                            gpointer                    user_data)
{
  g_autoptr(GTask) task = NULL;
  ImportJob *job;

  g_return_if_fail (HASHIYA_IS_STORE (store));
  g_return_if_fail (paths != NULL);

  job = g_new0 (ImportJob, 1);
  job->store = g_object_ref (store);
  job->paths = g_strdupv ((char **) paths);
  if (options != NULL)
    job->options = *options;
  else
    hashiya_import_options_init (&job->options);
  job->annotator = g_strdup (job->options.annotator);
  job->options.annotator = job->annotator;
  if (job->options.aliases)
    g_hash_table_ref (job->options.aliases);
  job->reports = g_ptr_array_new_with_free_func ((GDestroyNotify) hashiya_import_report_free);
  job->progress = progress;
  job->progress_data = progress_data;
  job->progress_destroy = progress_destroy;
  job->context = g_main_context_ref_thread_default ();

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, hashiya_import_files_async);
  g_task_set_task_data (task, job, (GDestroyNotify) import_job_free);
  g_task_run_in_thread (task, import_thread);
}

GPtrArray *
hashiya_import_files_finish (HashiyaStore  *store,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
