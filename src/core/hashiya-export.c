/* hashiya-export.c: the export dispatcher (store → the format's writer → temporary file → rename) and the loss report
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The exporter knows no format: it looks the format up in the registry, checks the
 * options with the writer, reads each selected document from the store (text, segments,
 * spans and what the writer asks for), hands it to the writer as a HashiyaWriteDoc and
 * writes the bytes the writer produces, in project order. What a format cannot hold, its
 * writer lists in the report; with strict, a format that may lose anything is written
 * once to nowhere first, so a refused export writes nothing. The formats and their rules
 * are in src/core/formats/.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <glib/gi18n-lib.h>

#include "hashiya-export.h"
#include "hashiya-store-schema.h"
#include "hashiya-format-registry.h"
#include "hashiya-format-io.h"
#include "hashiya-output-file.h"

/* ------------------------------------------------------------------------- */
/* The whitespace-tokens mark                                                 */
/* ------------------------------------------------------------------------- */

#define WHITESPACE_KEY "tokens:whitespace:%" G_GINT64_FORMAT

gboolean
hashiya_export_set_whitespace_tokens (HashiyaStore  *store,
                                      gint64         doc_id,
                                      gboolean       on,
                                      GError       **error)
{
  g_autoptr(HashiyaDocument) doc = NULL;
  g_autofree char *key = NULL;

  g_return_val_if_fail (HASHIYA_IS_STORE (store), FALSE);

  doc = hashiya_store_get_document (store, doc_id, error);
  if (doc == NULL)
    return FALSE;
  key = g_strdup_printf (WHITESPACE_KEY, doc_id);
  return hashiya_store_set_meta (store, key, on ? doc->sha256 : NULL, error);
}

gboolean
hashiya_export_get_whitespace_tokens (HashiyaStore          *store,
                                      const HashiyaDocument *doc)
{
  g_autofree char *key = NULL;
  g_autofree char *value = NULL;

  g_return_val_if_fail (HASHIYA_IS_STORE (store), FALSE);
  g_return_val_if_fail (doc != NULL, FALSE);

  key = g_strdup_printf (WHITESPACE_KEY, doc->id);
  value = hashiya_store_get_meta (store, key);
  /* the sha256 guards against a reused id */
  return value != NULL && g_strcmp0 (value, doc->sha256) == 0;
}

/* ------------------------------------------------------------------------- */
/* Output streams: a plain fd (fsync on close) or nothing (dry runs)          */
/* ------------------------------------------------------------------------- */

#define HASHIYA_TYPE_FD_STREAM (hashiya_fd_stream_get_type ())
G_DECLARE_FINAL_TYPE (HashiyaFdStream, hashiya_fd_stream, HASHIYA, FD_STREAM, GOutputStream)

struct _HashiyaFdStream
{
  GOutputStream parent_instance;
  int fd;          /* -1 = discard everything */
};

G_DEFINE_TYPE (HashiyaFdStream, hashiya_fd_stream, G_TYPE_OUTPUT_STREAM)

static gssize
hashiya_fd_stream_write (GOutputStream *stream,
                         const void    *buffer,
                         gsize          count,
                         GCancellable  *cancellable,
                         GError       **error)
{
  HashiyaFdStream *self = HASHIYA_FD_STREAM (stream);
  gssize n;

  if (self->fd < 0)
    return count;
  do
    n = write (self->fd, buffer, MIN (count, (gsize) G_MAXSSIZE));
  while (n < 0 && errno == EINTR);
  if (n < 0)
    {
      int saved = errno;

      g_set_error_literal (error, G_IO_ERROR, g_io_error_from_errno (saved),
                           g_strerror (saved));
      return -1;
    }
  return n;
}

static gboolean
hashiya_fd_stream_close (GOutputStream *stream,
                         GCancellable  *cancellable,
                         GError       **error)
{
  HashiyaFdStream *self = HASHIYA_FD_STREAM (stream);
  int fd = self->fd;

  self->fd = -1;
  if (fd < 0)
    return TRUE;
  if (fsync (fd) != 0 && errno != EINVAL && errno != EROFS)
    {
      int saved = errno;

      close (fd);
      g_set_error_literal (error, G_IO_ERROR, g_io_error_from_errno (saved),
                           g_strerror (saved));
      return FALSE;
    }
  if (close (fd) != 0)
    {
      int saved = errno;

      g_set_error_literal (error, G_IO_ERROR, g_io_error_from_errno (saved),
                           g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

static void
hashiya_fd_stream_finalize (GObject *object)
{
  HashiyaFdStream *self = HASHIYA_FD_STREAM (object);

  if (self->fd >= 0)
    close (self->fd);
  G_OBJECT_CLASS (hashiya_fd_stream_parent_class)->finalize (object);
}

static void
hashiya_fd_stream_class_init (HashiyaFdStreamClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GOutputStreamClass *stream_class = G_OUTPUT_STREAM_CLASS (klass);

  object_class->finalize = hashiya_fd_stream_finalize;
  stream_class->write_fn = hashiya_fd_stream_write;
  stream_class->close_fn = hashiya_fd_stream_close;
}

static void
hashiya_fd_stream_init (HashiyaFdStream *self)
{
  self->fd = -1;
}

static GOutputStream *
fd_stream_new (int fd)
{
  HashiyaFdStream *self = g_object_new (HASHIYA_TYPE_FD_STREAM, NULL);

  self->fd = fd;
  return G_OUTPUT_STREAM (self);
}

/* ------------------------------------------------------------------------- */
/* Shared writer helpers                                                      */
/* ------------------------------------------------------------------------- */

/* ------------------------------------------------------------------------- */
/* Documents                                                                  */
/* ------------------------------------------------------------------------- */

/* The documents to export, in project order; every id in doc_ids must exist. */
static GPtrArray *
list_documents (HashiyaStore               *store,
                const HashiyaExportOptions *options,
                GError                    **error)
{
  g_autoptr(GPtrArray) docs = hashiya_store_list_documents (store, error);

  if (docs == NULL)
    return NULL;
  for (guint i = 0; options->doc_ids != NULL && i < options->doc_ids->len; i++)
    {
      gint64 id = g_array_index (options->doc_ids, gint64, i);
      gboolean found = FALSE;

      for (guint k = 0; k < docs->len && !found; k++)
        found = ((HashiyaDocument *) g_ptr_array_index (docs, k))->id == id;
      if (!found)
        {
          g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_NOT_FOUND,
                       _("No document with id %" PRId64 " in the project"), id);
          return NULL;
        }
    }
  return g_steal_pointer (&docs);
}

gboolean
hashiya_export_check_entity (HashiyaText       *text,
                             const HashiyaSpan *span,
                             const char        *entity_text,
                             gint64             doc_id,
                             GError           **error)
{
  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (span != NULL, FALSE);

  return hashiya_format_check_entity_bytes (text, span, entity_text,
                                            entity_text != NULL ? strlen (entity_text) : 0,
                                            doc_id, error);
}

/* ------------------------------------------------------------------------- */
/* Documents in parallel, written in order                                    */
/* ------------------------------------------------------------------------- */

/* ------------------------------------------------------------------------- */

/* Tokenising and serialising are per document and independent, so worker threads
 * render the next few documents into buffers while this thread writes them in export
 * order. At most AHEAD documents, of at most PARALLEL_MAX_LENGTH code points together
 * (or a single one), are rendered ahead or wait in memory; a document bigger than
 * PARALLEL_MAX_LENGTH is never rendered ahead: the writing thread renders it itself,
 * flushing as it goes, so the export stays within a few copies of the largest document.
 * Everything is serial on one core, and for writers without HASHIYA_WRITER_PARALLEL. */

typedef struct
{
  HashiyaStore               *store;
  const HashiyaFormatWriter  *writer;
  HashiyaWriteJob             wj;          /* what the writer sees */
  GPtrArray                  *all;         /* every HashiyaDocument of the project */
  GPtrArray                  *docs;        /* the selected ones, export order (not owned) */
  GArray                     *positions;   /* guint: 1-based place in the project */
  GMutex                      store_lock;  /* see fetch_document () */
} ExportJob;

#define AHEAD 4
#define FLUSH_AT HASHIYA_WRITE_FLUSH_AT
#define PARALLEL_MAX_LENGTH (4 * 1024 * 1024)

static gint64
parallel_max_length (void)
{
  const char *env = g_getenv ("HASHIYA_EXPORT_BIG_DOCUMENT");

  return env != NULL ? g_ascii_strtoll (env, NULL, 10) : PARALLEL_MAX_LENGTH;
}

typedef struct
{
  GString             *buf;
  HashiyaExportReport *report;
  GError              *error;
  gboolean             ready;
  gboolean             big;     /* left to the writing thread, which streams it */
} Slot;

typedef struct
{
  ExportJob    *job;
  Slot         *slots;
  GMutex        lock;
  GCond         cond;
  guint         next_take;
  guint         next_write;
  gboolean      abort;
  GCancellable *cancellable;
  gint64        max_length;
  gint64        in_flight;   /* code points of the documents taken and not yet written */
} Pipeline;

static gboolean
pipeline_may_take (Pipeline *p)
{
  const HashiyaDocument *doc = g_ptr_array_index (p->job->docs, p->next_take);

  return doc->length > p->max_length || p->in_flight == 0
         || p->in_flight + doc->length <= p->max_length;
}


static HashiyaItemProvenance *
item_provenance (HashiyaProvenance *p)
{
  HashiyaItemProvenance *ip;

  if (p == NULL)
    return NULL;
  ip = hashiya_item_provenance_new ();
  ip->layer = g_strdup (p->layer);
  ip->start = p->start;
  ip->end = p->end;
  ip->comment_index = p->comment_index;
  ip->choice = g_strdup (hashiya_adjudication_choice_to_string (p->choice));
  ip->chosen = g_strdup (p->chosen);
  if (p->agreed != NULL)
    {
      g_strfreev (ip->agreed);
      ip->agreed = g_strdupv (p->agreed);
    }
  ip->decided_by = g_strdup (p->decided_by);
  ip->decided_at = p->decided_at;
  hashiya_provenance_free (p);
  return ip;
}

/* The decision behind each span and judgement of an adjudication layer (the store is
 * asked only about items whose annotator is such a layer). Called with the store lock. */
static gboolean
fetch_provenance (ExportJob       *job,
                  HashiyaWriteDoc *d,
                  GError         **error)
{
  g_autoptr(GPtrArray) layers = hashiya_store_list_layers (job->store, error);
  g_autoptr(GHashTable) is_layer = g_hash_table_new (g_str_hash, g_str_equal);

  if (layers == NULL)
    return FALSE;
  for (guint i = 0; i < layers->len; i++)
    g_hash_table_add (is_layer, g_ptr_array_index (layers, i));
  d->span_provenance = g_ptr_array_new_with_free_func ((GDestroyNotify) hashiya_item_provenance_free);
  for (guint i = 0; i < d->spans->len; i++)
    {
      HashiyaSpan *s = g_ptr_array_index (d->spans, i);
      HashiyaProvenance *p = NULL;

      if (s->annotator != NULL && g_hash_table_contains (is_layer, s->annotator))
        {
          g_autoptr(GError) local = NULL;

          p = hashiya_store_get_span_provenance (job->store, s->id, &local);
          if (local != NULL)
            {
              g_propagate_error (error, g_steal_pointer (&local));
              return FALSE;
            }
        }
      g_ptr_array_add (d->span_provenance, item_provenance (p));
    }
  if (d->judgements == NULL)
    return TRUE;
  d->judgement_provenance = g_ptr_array_new_with_free_func ((GDestroyNotify) hashiya_item_provenance_free);
  for (guint i = 0; i < d->judgements->len; i++)
    {
      HashiyaJudgement *j = g_ptr_array_index (d->judgements, i);
      HashiyaProvenance *p = NULL;

      if (j->annotator != NULL && g_hash_table_contains (is_layer, j->annotator))
        {
          g_autoptr(GError) local = NULL;

          p = hashiya_store_get_judgement_provenance (job->store, d->doc->id, j->comment_index,
                                                      j->annotator, &local);
          if (local != NULL)
            {
              g_propagate_error (error, g_steal_pointer (&local));
              return FALSE;
            }
        }
      g_ptr_array_add (d->judgement_provenance, item_provenance (p));
    }
  return TRUE;
}

/* One document's data. The workers read the store one at a time: HashiyaStore locks
 * each call, but some calls (list_spans) reset their cached statement after dropping
 * the lock, which corrupts another thread's running query. The text is read apart:
 * hashiya_store_read_text holds the store's lock only while it copies the bytes, and
 * validating and indexing them (a tenth of an export's work) runs in parallel. */
static gboolean
fetch_document (ExportJob       *job,
                guint            i,
                guint            fetch,
                HashiyaWriteDoc *d,
                GError         **error)
{
  const HashiyaDocument *doc = g_ptr_array_index (job->docs, i);
  gboolean ok;

  memset (d, 0, sizeof *d);
  d->doc = doc;
  d->index = i;
  d->position = g_array_index (job->positions, guint, i);
  /* outside the lock: it validates and indexes the text after the store's own lock */
  if ((d->text = hashiya_store_read_text (job->store, doc->id, error)) == NULL)
    return FALSE;
  g_mutex_lock (&job->store_lock);
  ok = (d->segments = hashiya_store_get_segments (job->store, doc->id, error)) != NULL
       && (d->spans = hashiya_store_list_spans (job->store, doc->id, error)) != NULL
       && (!(fetch & HASHIYA_FETCH_JUDGEMENTS)
           || (d->judgements = hashiya_store_list_judgements (job->store, doc->id, error)) != NULL);
  if (ok && (fetch & HASHIYA_FETCH_WHITESPACE))
    d->whitespace_tokens = hashiya_export_get_whitespace_tokens (job->store, doc);
  if (ok && (fetch & HASHIYA_FETCH_PROVENANCE))
    ok = fetch_provenance (job, d, error);
  g_mutex_unlock (&job->store_lock);
  return ok;
}

static void
write_doc_clear (HashiyaWriteDoc *d)
{
  g_clear_pointer (&d->text, hashiya_text_unref);
  g_clear_pointer (&d->segments, g_array_unref);
  g_clear_pointer (&d->spans, g_ptr_array_unref);
  g_clear_pointer (&d->judgements, g_ptr_array_unref);
  g_clear_pointer (&d->span_provenance, g_ptr_array_unref);
  g_clear_pointer (&d->judgement_provenance, g_ptr_array_unref);
}

/* Renders document i into buf (out NULL when rendering ahead; otherwise the writer may
 * flush buf into it on the way: huge documents). */
static gboolean
render (ExportJob           *job,
        guint                i,
        GOutputStream       *out,
        GString             *buf,
        HashiyaExportReport *report,
        GCancellable        *cancellable,
        GError             **error)
{
  HashiyaWriteDoc d = { 0 };
  HashiyaWriteOut o = { buf, out, cancellable };
  gboolean ok;

  ok = fetch_document (job, i, job->wj.fetch, &d, error)
       && job->writer->document (&job->wj, &d, &o, report, error);
  write_doc_clear (&d);
  return ok;
}

static gpointer
pipeline_worker (gpointer data)
{
  Pipeline *p = data;
  ExportJob *job = p->job;

  for (;;)
    {
      Slot slot = { NULL, NULL, NULL, TRUE, FALSE };
      const HashiyaDocument *doc;
      guint i;

      g_mutex_lock (&p->lock);
      while (!p->abort && p->next_take < job->docs->len
             && (p->next_take >= p->next_write + AHEAD || !pipeline_may_take (p)))
        g_cond_wait (&p->cond, &p->lock);
      if (p->abort || p->next_take >= job->docs->len)
        {
          g_mutex_unlock (&p->lock);
          return NULL;
        }
      i = p->next_take++;
      doc = g_ptr_array_index (job->docs, i);
      if (doc->length <= p->max_length)
        p->in_flight += doc->length;
      g_mutex_unlock (&p->lock);

      if (doc->length > p->max_length)
        {
          slot.big = TRUE;
          g_mutex_lock (&p->lock);
          p->slots[i] = slot;
          g_cond_broadcast (&p->cond);
          g_mutex_unlock (&p->lock);
          continue;
        }
      slot.buf = g_string_new (NULL);
      slot.report = hashiya_export_report_new ();
      if (g_cancellable_is_cancelled (p->cancellable))
        g_set_error_literal (&slot.error, HASHIYA_EXPORT_ERROR, HASHIYA_EXPORT_ERROR_CANCELLED,
                             _("Export cancelled"));
      else
        render (job, i, NULL, slot.buf, slot.report, p->cancellable, &slot.error);

      g_mutex_lock (&p->lock);
      p->slots[i] = slot;
      g_cond_broadcast (&p->cond);
      g_mutex_unlock (&p->lock);
    }
}

static gboolean
export_documents (ExportJob           *job,
                  GOutputStream       *out,
                  HashiyaExportReport *report,
                  GCancellable        *cancellable,
                  GError             **error)
{
  guint n_threads = MIN (g_get_num_processors (), 4);
  Pipeline p = { 0 };
  GThread *threads[4] = { NULL };
  gboolean ok = TRUE;

  if (job->docs->len < 2 || !(job->writer->flags & HASHIYA_WRITER_PARALLEL))
    n_threads = 1;

  if (n_threads <= 1)
    {
      g_autoptr(GString) buf = g_string_sized_new (FLUSH_AT + 4096);

      for (guint i = 0; i < job->docs->len; i++)
        {
          if (hashiya_write_cancelled (cancellable, error))
            return FALSE;
          if (!render (job, i, out, buf, report, cancellable, error))
            return FALSE;
          if (buf->len >= FLUSH_AT)
            {
              if (!hashiya_write_bytes (out, buf->str, buf->len, cancellable, error))
                return FALSE;
              g_string_truncate (buf, 0);
              /* a huge document leaves a huge buffer: give it back */
              if (buf->allocated_len > 16 * FLUSH_AT)
                {
                  g_string_free (buf, TRUE);
                  buf = g_string_sized_new (FLUSH_AT + 4096);
                }
            }
        }
      return hashiya_write_bytes (out, buf->str, buf->len, cancellable, error);
    }

  p.job = job;
  p.slots = g_new0 (Slot, job->docs->len);
  p.cancellable = cancellable;
  p.max_length = parallel_max_length ();
  g_mutex_init (&p.lock);
  g_cond_init (&p.cond);
  for (guint t = 0; t < n_threads; t++)
    threads[t] = g_thread_new ("hashiya-export", pipeline_worker, &p);

  for (guint i = 0; i < job->docs->len && ok; i++)
    {
      Slot *slot = &p.slots[i];

      g_mutex_lock (&p.lock);
      while (!slot->ready)
        g_cond_wait (&p.cond, &p.lock);
      g_mutex_unlock (&p.lock);

      if (slot->big)
        {
          /* rendered here, flushing on the way: never held whole */
          g_autoptr(GString) buf = g_string_sized_new (FLUSH_AT + 4096);

          ok = !hashiya_write_cancelled (cancellable, error)
               && render (job, i, out, buf, report, cancellable, error)
               && hashiya_write_bytes (out, buf->str, buf->len, cancellable, error);
        }
      else if (slot->error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&slot->error));
          ok = FALSE;
        }
      else
        {
          hashiya_export_report_merge (report, slot->report);
          ok = hashiya_write_bytes (out, slot->buf->str, slot->buf->len, cancellable, error);
        }
      if (slot->buf != NULL)
        g_string_free (g_steal_pointer (&slot->buf), TRUE);
      g_clear_pointer (&slot->report, hashiya_export_report_free);

      g_mutex_lock (&p.lock);
      if (!slot->big)
        p.in_flight -= ((const HashiyaDocument *) g_ptr_array_index (job->docs, i))->length;
      p.next_write++;
      if (!ok)
        p.abort = TRUE;
      g_cond_broadcast (&p.cond);
      g_mutex_unlock (&p.lock);
    }

  g_mutex_lock (&p.lock);
  p.abort = TRUE;
  g_cond_broadcast (&p.cond);
  g_mutex_unlock (&p.lock);
  for (guint t = 0; t < n_threads; t++)
    g_thread_join (threads[t]);

  for (guint i = 0; i < job->docs->len; i++)
    {
      if (p.slots[i].buf != NULL)
        g_string_free (p.slots[i].buf, TRUE);
      g_clear_pointer (&p.slots[i].report, hashiya_export_report_free);
      g_clear_error (&p.slots[i].error);
    }
  g_free (p.slots);
  g_mutex_clear (&p.lock);
  g_cond_clear (&p.cond);
  return ok;
}


/* ------------------------------------------------------------------------- */
/* Dispatcher                                                                 */
/* ------------------------------------------------------------------------- */

/* The selected documents with their positions in the project, and the project's labels. */
static gboolean
export_job_init (ExportJob                  *job,
                 HashiyaStore               *store,
                 const HashiyaExportOptions *options,
                 const char                 *target,
                 gboolean                    dry_run,
                 GError                    **error)
{
  GPtrArray *all;

  memset (job, 0, sizeof *job);
  all = list_documents (store, options, error);
  if (all == NULL)
    return FALSE;
  job->all = all;
  g_mutex_init (&job->store_lock);
  job->store = store;
  job->wj.format = hashiya_format_registry_get (options->format);
  job->writer = job->wj.format->writer;
  job->wj.options = options;
  job->wj.target = target;
  job->wj.dry_run = dry_run;
  job->wj.n_columns = 1;
  job->docs = g_ptr_array_new ();
  job->positions = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint i = 0; i < all->len; i++)
    {
      HashiyaDocument *doc = g_ptr_array_index (all, i);
      guint position = i + 1;

      if (!hashiya_export_options_selects (options, doc->id))
        continue;
      g_ptr_array_add (job->docs, doc);
      g_array_append_val (job->positions, position);
    }
  job->wj.n_documents = job->docs->len;
  job->wj.labels = hashiya_store_list_labels (store, error);
  if (job->wj.labels == NULL)
    return FALSE;
  job->wj.schema = hashiya_store_get_judgement_schema (store, error);
  return job->wj.schema != NULL;
}

static void
export_job_clear (ExportJob *job)
{
  g_clear_pointer (&job->docs, g_ptr_array_unref);
  g_clear_pointer (&job->all, g_ptr_array_unref);
  g_clear_pointer (&job->positions, g_array_unref);
  g_clear_pointer (&job->wj.labels, g_ptr_array_unref);
  g_clear_pointer (&job->wj.schema, hashiya_judgement_schema_free);
  g_mutex_clear (&job->store_lock);
}

/* begin → (measure every document) → every document → end, into out. */
static gboolean
export_run (HashiyaStore               *store,
            const HashiyaExportOptions *options,
            const char                 *target,
            gboolean                    dry_run,
            GOutputStream              *out,
            HashiyaExportReport        *report,
            GCancellable               *cancellable,
            GError                    **error)
{
  ExportJob job;
  g_autoptr(GString) head = g_string_new (NULL);
  g_autoptr(GString) tail = g_string_new (NULL);
  g_autoptr(GError) end_error = NULL;
  gboolean ok;

  if (!export_job_init (&job, store, options, target, dry_run, error))
    {
      export_job_clear (&job);
      return FALSE;
    }
  if (!job.writer->begin (&job.wj, head, error))
    {
      export_job_clear (&job);
      return FALSE;
    }
  ok = hashiya_write_bytes (out, head->str, head->len, cancellable, error);

  if (job.writer->measure != NULL && job.wj.measure)
    {
      /* a first pass that only needs the spans */
      for (guint i = 0; i < job.docs->len && ok; i++)
        {
          HashiyaWriteDoc d = { 0 };

          ok = !hashiya_write_cancelled (cancellable, error)
               && fetch_document (&job, i, job.wj.fetch & ~HASHIYA_FETCH_JUDGEMENTS, &d, error)
               && job.writer->measure (&job.wj, &d, error);
          write_doc_clear (&d);
        }
    }

  ok = ok && export_documents (&job, out, report, cancellable, error);
  if (!job.writer->end (&job.wj, ok, tail, ok ? error : &end_error))
    ok = FALSE;
  ok = ok && hashiya_write_bytes (out, tail->str, tail->len, cancellable, error);
  export_job_clear (&job);
  return ok;
}

/* The format's writer, after its checks. */
static const HashiyaFormatWriter *
check_options (const HashiyaExportOptions *options,
               GError                    **error)
{
  const HashiyaFormatDesc *desc = hashiya_format_registry_get (options->format);

  if (desc == NULL || desc->writer == NULL)
    {
      g_autofree char *names = hashiya_format_registry_join (HASHIYA_FORMAT_LIST_WRITABLE,
                                                             C_("format choices", ", "),
                                                             C_("format choices", " or "));

      g_set_error (error, HASHIYA_EXPORT_ERROR, HASHIYA_EXPORT_ERROR_UNSUPPORTED,
                   _("This format cannot be exported; choose %s"), names);
      return NULL;
    }
  if (desc->writer->check != NULL && !desc->writer->check (options, error))
    return NULL;
  return desc->writer;
}

static void
strict_error (HashiyaExportReport *report,
              GError             **error)
{
  g_autofree char *first = hashiya_loss_item_to_string (g_ptr_array_index (report->items, 0));

  g_set_error (error, HASHIYA_EXPORT_ERROR, HASHIYA_EXPORT_ERROR_STRICT,
               dngettext (GETTEXT_PACKAGE,
                          "Strict export refused: the format loses %u item (first: %s)",
                          "Strict export refused: the format loses %u items (first: %s)",
                          report->items->len),
               report->items->len, first);
}

static void
report_take_items (HashiyaExportReport *to,
                   HashiyaExportReport *from)
{
  for (guint i = 0; i < from->items->len; i++)
    g_ptr_array_add (to->items, g_ptr_array_steal_index (from->items, i--));
}

/* strict: a dry run first, so a refused export writes nothing (formats that hold
 * everything need none: their report stays empty). */
static gboolean
strict_dry_run (HashiyaStore               *store,
                const HashiyaExportOptions *options,
                const char                 *target,
                HashiyaExportReport        *report,
                GCancellable               *cancellable,
                GError                    **error)
{
  g_autoptr(HashiyaExportReport) dry = NULL;
  g_autoptr(GOutputStream) null = NULL;

  if (!options->strict || hashiya_format_registry_get (options->format)->cannot_hold == NULL)
    return TRUE;
  dry = hashiya_export_report_new ();
  null = fd_stream_new (-1);
  if (!export_run (store, options, target, TRUE, null, dry, cancellable, error))
    return FALSE;
  if (dry->items->len > 0)
    {
      report_take_items (report, dry);
      strict_error (report, error);
      return FALSE;
    }
  return TRUE;
}

gboolean
hashiya_export_to_stream (HashiyaStore               *store,
                          const HashiyaExportOptions *options,
                          GOutputStream              *out,
                          HashiyaExportReport        *report,
                          GCancellable               *cancellable,
                          GError                    **error)
{
  g_autoptr(HashiyaExportReport) own = NULL;
  const HashiyaFormatWriter *writer;

  g_return_val_if_fail (HASHIYA_IS_STORE (store), FALSE);
  g_return_val_if_fail (options != NULL, FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (out), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if ((writer = check_options (options, error)) == NULL)
    return FALSE;
  if (report == NULL)
    report = own = hashiya_export_report_new ();
  if (writer->flags & HASHIYA_WRITER_FOLDER)
    {
      g_set_error (error, HASHIYA_EXPORT_ERROR, HASHIYA_EXPORT_ERROR_UNSUPPORTED,
                   _("%s export writes a folder, not a stream"),
                   hashiya_format_to_string (options->format));
      return FALSE;
    }

  if (!strict_dry_run (store, options, NULL, report, cancellable, error))
    return FALSE;
  if (!export_run (store, options, NULL, FALSE, out, report, cancellable, error))
    return FALSE;
  if (options->strict && report->items->len > 0)
    {
      strict_error (report, error);
      return FALSE;
    }
  return TRUE;
}

/* A folder format writes (and renames into place) its folder itself. */
static gboolean
export_to_folder (HashiyaStore               *store,
                  const HashiyaExportOptions *options,
                  const char                 *path,
                  HashiyaExportReport        *report,
                  GCancellable               *cancellable,
                  GError                    **error)
{
  g_autoptr(GOutputStream) null = fd_stream_new (-1);

  return strict_dry_run (store, options, path, report, cancellable, error)
         && export_run (store, options, path, FALSE, null, report, cancellable, error);
}

gboolean
hashiya_export_to_file (HashiyaStore               *store,
                        const HashiyaExportOptions *options,
                        const char                 *path,
                        HashiyaExportReport        *report,
                        GCancellable               *cancellable,
                        GError                    **error)
{
  g_autoptr(HashiyaExportReport) own = NULL;
  g_autoptr(GOutputStream) raw = NULL;
  g_autoptr(GOutputStream) out = NULL;
  g_autoptr(GError) local = NULL;
  g_autoptr(HashiyaOutputFile) file = NULL;
  const HashiyaFormatWriter *writer;
  gboolean ok;
  int fd;

  g_return_val_if_fail (HASHIYA_IS_STORE (store), FALSE);
  g_return_val_if_fail (options != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if ((writer = check_options (options, error)) == NULL)
    return FALSE;
  if (report == NULL)
    report = own = hashiya_export_report_new ();

  if (writer->flags & HASHIYA_WRITER_FOLDER)
    return export_to_folder (store, options, path, report, cancellable, error);

  /* a symbolic link is written through, a FIFO or device in place, a regular file replaced
   * whole (hashiya-output-file.h) */
  file = hashiya_output_file_open (path, error);
  if (file == NULL)
    return FALSE;
  /* a strict export into a device must fail before its first byte */
  if (hashiya_output_file_is_direct (file)
      && !strict_dry_run (store, options, path, report, cancellable, error))
    return FALSE;
  fd = dup (hashiya_output_file_get_fd (file));
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, HASHIYA_EXPORT_ERROR, HASHIYA_EXPORT_ERROR_WRITE,
                   _("Cannot write %s: %s"), path, g_strerror (saved));
      return FALSE;
    }
  raw = fd_stream_new (fd);
  out = g_buffered_output_stream_new_sized (raw, 256 * 1024);

  ok = export_run (store, options, NULL, FALSE, out, report, cancellable, &local);
  if (ok && options->strict && report->items->len > 0)
    {
      strict_error (report, &local);
      ok = FALSE;
    }
  if (ok && !g_output_stream_close (out, cancellable, &local))
    {
      g_prefix_error (&local, _("Cannot write %s: "), path);
      if (local->domain != HASHIYA_EXPORT_ERROR)
        {
          GError *e = g_error_new_literal (HASHIYA_EXPORT_ERROR, HASHIYA_EXPORT_ERROR_WRITE,
                                           local->message);
          g_clear_error (&local);
          local = e;
        }
      ok = FALSE;
    }
  if (ok && !hashiya_output_file_commit (file, &local))
    ok = FALSE;
  if (!ok)
    {
      HashiyaFdStream *fds = HASHIYA_FD_STREAM (raw);

      /* drop what is still buffered: close the file first, so nothing is flushed or synced;
       * freeing file drops the temporary */
      if (fds->fd >= 0)
        {
          close (fds->fd);
          fds->fd = -1;
        }
      g_output_stream_close (out, NULL, NULL);
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  return TRUE;
}

char *
hashiya_export_format_config (HashiyaStore            *store,
                              const HashiyaFormatDesc *desc,
                              GError                 **error)
{
  g_autoptr(GPtrArray) labels = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autoptr(HashiyaJudgementSchema) schema = NULL;

  g_return_val_if_fail (HASHIYA_IS_STORE (store), NULL);
  g_return_val_if_fail (desc != NULL && desc->config != NULL, NULL);
  labels = hashiya_store_list_labels (store, error);
  if (labels == NULL)
    return NULL;
  for (guint i = 0; i < labels->len; i++)
    g_ptr_array_add (names, ((HashiyaLabel *) g_ptr_array_index (labels, i))->name);
  g_ptr_array_add (names, NULL);
  if (desc->config_schema == NULL)
    return desc->config ((const char * const *) names->pdata);
  schema = hashiya_store_get_judgement_schema (store, error);
  if (schema == NULL)
    return NULL;
  return desc->config_schema ((const char * const *) names->pdata, schema);
}
