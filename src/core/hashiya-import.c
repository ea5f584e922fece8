/* hashiya-import.c: reading files into a project (checks, format detection, one transaction per file)
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A file is read once (g_file_get_contents), checked and cleaned in place (BOM, CRLF/CR),
 * and the buffer is handed down to the parser and then to the store without further
 * copies, so a large article costs about one copy of itself plus SQLite's page cache.
 * A large file of a format with read_stream (JSONL) is not read whole: its documents are
 * stored one at a time as the format reads them, in the file's one savepoint.
 * Several files in one transaction, and in a worker thread: hashiya-import-files.c.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include <json-glib/json-glib.h>

#include "hashiya-import.h"
#include "hashiya-import-private.h"
#include "hashiya-store-schema.h"
#include "hashiya-export.h"
#include "hashiya-format-registry.h"
#include "hashiya-json-guard.h"

/* ---- reports -------------------------------------------------------------------- */

static int
compare_label_counts (gconstpointer a,
                      gconstpointer b,
                      gpointer      table)
{
  const char *la = *(const char * const *) a;
  const char *lb = *(const char * const *) b;
  guint ca = GPOINTER_TO_UINT (g_hash_table_lookup (table, la));
  guint cb = GPOINTER_TO_UINT (g_hash_table_lookup (table, lb));

  if (ca != cb)
    return ca > cb ? -1 : 1;
  return strcmp (la, lb);
}

char *
hashiya_import_report_to_string (const HashiyaImportReport *report)
{
  GString *s;
  const char *path;
  const HashiyaFormatDesc *desc;

  g_return_val_if_fail (report != NULL, NULL);

  s = g_string_new (NULL);
  path = report->path ? report->path : "(input)";

  if (report->error != NULL)
    {
      const char *msg = report->error->message;
      gsize n = strlen (path);

      /* messages already start with the file name */
      if (strncmp (msg, path, n) == 0 && msg[n] == ':' && msg[n + 1] == ' ')
        msg += n + 2;
      g_string_append_printf (s, _("%s: not imported: %s\n"), path, msg);
    }
  else
    {
      g_string_append_printf (s, _("%s: imported as %s\n"), path,
                              hashiya_format_to_string (report->format));
      g_string_append_printf (s, _("  documents: %u added"), report->n_documents);
      if (report->doc_ids->len > 0)
        {
          g_string_append (s, " (id");
          if (report->doc_ids->len > 1)
            g_string_append_c (s, 's');
          for (guint i = 0; i < report->doc_ids->len && i < 20; i++)
            g_string_append_printf (s, "%s%" G_GINT64_FORMAT, i ? ", " : " ",
                                    g_array_index (report->doc_ids, gint64, i));
          if (report->doc_ids->len > 20)
            g_string_append (s, ", …");
          g_string_append_c (s, ')');
        }
      g_string_append_printf (s, dngettext (GETTEXT_PACKAGE, ", %u duplicate skipped\n",
                                         ", %u duplicates skipped\n",
                                         report->n_duplicates),
                              report->n_duplicates);
      if (report->n_sentences || report->n_tokens)
        g_string_append_printf (s, _("  sentences: %u, tokens: %u\n"),
                                report->n_sentences, report->n_tokens);
      desc = hashiya_format_registry_get (report->format);
      if (desc != NULL && desc->plain_text && report->n_spans == 0 && report->n_judgements == 0)
        goto tail;
      g_string_append_printf (s, _("  spans: %u"), report->n_spans);
      if (g_hash_table_size (report->spans_per_label) > 0)
        {
          g_autoptr(GPtrArray) names = g_ptr_array_new ();
          GHashTableIter iter;
          gpointer key;

          g_hash_table_iter_init (&iter, report->spans_per_label);
          while (g_hash_table_iter_next (&iter, &key, NULL))
            g_ptr_array_add (names, key);
          g_ptr_array_sort_with_data (names, compare_label_counts, report->spans_per_label);
          g_string_append (s, " (");
          for (guint i = 0; i < names->len; i++)
            {
              const char *name = g_ptr_array_index (names, i);
              g_string_append_printf (s, "%s%s %u", i ? ", " : "", name,
                                      GPOINTER_TO_UINT (g_hash_table_lookup (report->spans_per_label, name)));
            }
          g_string_append_c (s, ')');
        }
      g_string_append_c (s, '\n');
      g_string_append_printf (s, _("  judgements: %u\n"), report->n_judgements);
    tail:
      if (report->n_repairs)
        g_string_append_printf (s, _("  repairs: %u\n"), report->n_repairs);
      if (report->n_skipped_lines)
        g_string_append_printf (s, _("  skipped lines: %u\n"), report->n_skipped_lines);
      if (report->n_format_chars_dropped)
        g_string_append_printf (s, _("  format characters dropped: %u\n"),
                                report->n_format_chars_dropped);
    }

  for (guint i = 0; i < report->messages->len; i++)
    g_string_append_printf (s, "  %s\n", (const char *) g_ptr_array_index (report->messages, i));

  return g_string_free (s, FALSE);
}

/* ---- reading -------------------------------------------------------------------- */

/* 1-based line number of byte offset pos (LF, CRLF and lone CR all end a line). */
static gsize
line_of_offset (const char *data,
                gsize       pos)
{
  gsize line = 1;

  for (gsize i = 0; i < pos; i++)
    {
      if (data[i] == '\n')
        line++;
      else if (data[i] == '\r' && (i + 1 >= pos || data[i + 1] != '\n'))
        line++;
    }
  return line;
}

static gboolean
is_blank_text (const char *p,
               const char *end)
{
  while (p < end)
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_isspace (c) && c != 0xFEFF && c != 0x200B)
        return FALSE;
      p = g_utf8_next_char (p);
    }
  return TRUE;
}

gboolean
hashiya_read_text_file (const char  *path,
                        char       **data_out,
                        gsize       *len_out,
                        GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *data = NULL;
  gsize len = 0, r, w;
  const char *nul, *bad = NULL;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (data_out != NULL, FALSE);

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_READ,
                   _("%s: is a directory, not a file"), path);
      return FALSE;
    }

  if (!g_file_get_contents (path, &data, &len, &local_error))
    {
      const char *reason;

      if (local_error->code == G_FILE_ERROR_NOENT)
        reason = "no such file";
      else if (local_error->code == G_FILE_ERROR_ACCES || local_error->code == G_FILE_ERROR_PERM)
        reason = "permission denied";
      else
        reason = local_error->message;
      g_set_error (error, HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_READ,
                   _("%s: cannot read: %s"), path, reason);
      return FALSE;
    }

  if (len == 0)
    {
      g_set_error (error, HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_EMPTY,
                   _("%s: the file is empty"), path);
      return FALSE;
    }

  /* The first problem in the file wins: invalid UTF-8 before the first NUL byte, or
   * the NUL byte itself. Offsets are bytes of the file as it is on disk. */
  nul = memchr (data, '\0', len);
  if (!g_utf8_validate_len (data, nul ? (gsize) (nul - data) : len, &bad))
    {
      gsize off = bad - data;

      g_set_error (error, HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_ENCODING,
                   _("%s: invalid UTF-8 at byte %zu (line %zu)"),
                   path, off, line_of_offset (data, off));
      return FALSE;
    }
  if (nul != NULL)
    {
      gsize off = nul - data;

      g_set_error (error, HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_ENCODING,
                   _("%s: NUL byte at byte %zu (line %zu): "
                   "not a text file (UTF-16 or binary?)"),
                   path, off, line_of_offset (data, off));
      return FALSE;
    }

  /* Clean in place: drop a leading BOM, CRLF and lone CR become LF. */
  r = 0;
  if (len >= 3 && (guchar) data[0] == 0xEF && (guchar) data[1] == 0xBB && (guchar) data[2] == 0xBF)
    r = 3;
  w = 0;
  if (r == 0 && memchr (data, '\r', len) == NULL)
    w = len;   /* nothing to do: skip the copy loop */
  else
    {
      while (r < len)
        {
          char c = data[r++];

          if (c == '\r')
            {
              if (r < len && data[r] == '\n')
                r++;
              c = '\n';
            }
          data[w++] = c;
        }
      data[w] = '\0';
    }

  if (is_blank_text (data, data + w))
    {
      g_set_error (error, HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_EMPTY,
                   _("%s: the file holds only whitespace"), path);
      return FALSE;
    }

  *data_out = g_steal_pointer (&data);
  if (len_out)
    *len_out = w;
  return TRUE;
}

/* ---- format detection ----------------------------------------------------------- */

HashiyaFormat
hashiya_detect_format (const char *path,
                       const char *data,
                       gsize       len)
{
  /* AUTO: nothing recognises it (JSON of a kind we do not know): the caller says so */
  return hashiya_format_registry_detect (path, data, len);
}

/* ---- writing into the store ----------------------------------------------------- */

void
hashiya_import_report_reset_counts (HashiyaImportReport *report)
{
  g_array_set_size (report->doc_ids, 0);
  report->n_documents = 0;
  report->n_duplicates = 0;
  report->n_spans = 0;
  report->n_judgements = 0;
  g_hash_table_remove_all (report->spans_per_label);
}

static void
report_add_message (HashiyaImportReport *report,
                    const char          *format,
                    ...) G_GNUC_PRINTF (2, 3);

static void
report_add_message (HashiyaImportReport *report,
                    const char          *format,
                    ...)
{
  va_list args;

  if (report == NULL)
    return;
  va_start (args, format);
  g_ptr_array_add (report->messages, g_strdup_vprintf (format, args));
  va_end (args);
}

static char *
doc_name (const HashiyaImportReport *report,
          guint                      index,
          const HashiyaParsedDoc    *doc)
{
  const char *path = report && report->path ? report->path : "(input)";

  if (doc->source && report && report->path && strcmp (doc->source, report->path) != 0
      && !g_str_has_suffix (report->path, doc->source))
    return g_strdup_printf (_("%s: document %u (%s)"), path, index + 1, doc->source);
  return g_strdup_printf (_("%s: document %u"), path, index + 1);
}

static void
ensure_label (HashiyaStore *store,
              GHashTable   *known,
              const char   *name,
              const char   *color,
              const char   *key,
              HashiyaImportReport *report,
              GError      **error_out,
              gboolean     *ok)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HashiyaLabel) existing = NULL;

  if (!*ok || g_hash_table_contains (known, name))
    return;
  if (hashiya_store_add_label (store, name, color, key, &error) == 0)
    {
      /* A colour or key that the project already uses: keep the label, drop the extra. */
      if ((color || key)
          && (g_error_matches (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_DUPLICATE)
              || g_error_matches (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_INVALID))
          && (existing = hashiya_store_get_label (store, name, NULL)) == NULL)
        {
          g_autoptr(GError) error2 = NULL;

          if (hashiya_store_add_label (store, name, NULL, NULL, &error2) != 0)
            {
              report_add_message (report, _("%s: label %s: created without the file's "
                                  "colour/key (%s)"),
                                  report && report->path ? report->path : "(input)",
                                  name, error->message);
              g_hash_table_add (known, g_strdup (name));
              return;
            }
        }
      g_set_error (error_out, HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_DATA,
                   _("%s: cannot create label %s: %s"),
                   report && report->path ? report->path : "(input)", name, error->message);
      *ok = FALSE;
      return;
    }
  g_hash_table_add (known, g_strdup (name));
}

/* The decisions behind gold items that the file recorded (JSON keeps them), stored with
 * the items so that an export of the import says the same. Items sharing a region carry
 * the same decision: storing it again changes nothing. */
static gboolean
store_provenance (HashiyaStore           *store,
                  const HashiyaParsedDoc *doc,
                  gint64                  doc_id,
                  const char             *name,
                  GError                **error)
{
  GPtrArray *list = hashiya_parsed_doc_get_provenance (doc);

  for (guint i = 0; list != NULL && i < list->len; i++)
    {
      const HashiyaItemProvenance *ip = g_ptr_array_index (list, i);
      HashiyaProvenance p = { 0 };

      if (ip->layer == NULL)
        continue;
      if (!hashiya_adjudication_choice_from_string (ip->choice, &p.choice))
        {
          g_set_error (error, HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_DATA,
                       _("%s: unknown adjudication choice “%s” (auto, accept, none or edited)"),
                       name, ip->choice);
          return FALSE;
        }
      p.doc_id = doc_id;
      p.layer = ip->layer;
      p.start = ip->start;
      p.end = ip->end;
      p.comment_index = ip->comment_index;
      p.chosen = ip->chosen;
      p.agreed = ip->agreed;
      p.decided_by = ip->decided_by;
      p.decided_at = ip->decided_at;
      if (!hashiya_store_set_provenance (store, &p, error))
        {
          g_prefix_error (error, _("%s: the decision behind a %s item: "), name, ip->layer);
          return FALSE;
        }
    }
  return TRUE;
}

/* Writing parsed documents: one savepoint per file (begin), each document as it comes
 * (add: a streaming reader hands them one at a time), then commit or roll back (end). */
typedef struct
{
  HashiyaStore        *store;
  HashiyaImportReport *report;
  GCancellable        *cancellable;
  const char          *path;
  const char          *document_date;  /* --date: for documents without their own */
  GHashTable          *known;          /* label names the project has */
  GPtrArray           *existing;       /* HashiyaLabel: the project's, at begin */
  GPtrArray           *labels;         /* HashiyaLabel the file declares (not owned), or NULL */
  gboolean             labels_done;
  guint                index;          /* documents handed so far */
} ImportWriter;

static gboolean
writer_begin (ImportWriter        *w,
              HashiyaStore        *store,
              GPtrArray           *labels,
              HashiyaImportReport *report,
              GCancellable        *cancellable,
              GError             **error)
{
  g_autoptr(GError) local_error = NULL;

  memset (w, 0, sizeof *w);
  w->store = store;
  w->report = report;
  w->cancellable = cancellable;
  w->labels = labels;
  w->path = report->path ? report->path : "(input)";

  if (!hashiya_store_begin (store, &local_error))
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error), "%s: ", w->path);
      return FALSE;
    }

  w->known = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  w->existing = hashiya_store_list_labels (store, &local_error);
  if (w->existing == NULL)
    {
      g_set_error (error, HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_DATA,
                   _("%s: cannot list labels: %s"), w->path, local_error->message);
      hashiya_store_rollback (store);
      g_clear_pointer (&w->known, g_hash_table_unref);
      return FALSE;
    }
  for (guint i = 0; i < w->existing->len; i++)
    g_hash_table_add (w->known, g_strdup (((HashiyaLabel *) g_ptr_array_index (w->existing, i))->name));
  return TRUE;
}

/* The labels the file declares, in its order, with its colours and keys; a label the
 * project already has keeps the project's colour and key (said in the report). Runs
 * before the first document (a streaming reader has read them by then). */
static gboolean
writer_labels (ImportWriter  *w,
               GError       **error)
{
  HashiyaImportReport *report = w->report;
  gboolean ok = TRUE;

  if (w->labels_done)
    return TRUE;
  w->labels_done = TRUE;
  for (guint i = 0; ok && w->labels && i < w->labels->len; i++)
    {
      HashiyaLabel *l = g_ptr_array_index (w->labels, i);

      for (guint k = 0; k < w->existing->len; k++)
        {
          HashiyaLabel *e = g_ptr_array_index (w->existing, k);

          if (strcmp (e->name, l->name) == 0
              && ((l->color && g_ascii_strcasecmp (l->color, e->color ? e->color : "") != 0)
                  || (l->key && g_strcmp0 (l->key, e->key) != 0)))
            report_add_message (report, _("label %s: the project keeps its colour %s and key %s "
                                "(the file has %s and %s)"), e->name,
                                e->color ? e->color : "(none)", e->key ? e->key : "(none)",
                                l->color ? l->color : "(none)", l->key ? l->key : "(none)");
        }
      ensure_label (w->store, w->known, l->name, l->color, l->key, report, error, &ok);
    }

  /* the judgement schema the file declares (Hashiya JSON) */
  if (ok && report->schema != NULL)
    {
      g_autoptr(GError) local_error = NULL;
      gboolean replaced = FALSE;

      if (!hashiya_store_adopt_judgement_schema (w->store, report->schema, &replaced, &local_error))
        {
          g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                      _("%s: the file's judgement schema: "), w->path);
          ok = FALSE;
        }
      else if (!replaced)
        report_add_message (report, _("judgement schema: the file's fields and choices the "
                                      "project lacked were added"));
    }
  return ok;
}

/* One document into the open savepoint; a duplicate is skipped (and counted). */
static gboolean
writer_add (ImportWriter      *w,
            HashiyaParsedDoc  *doc,
            GError           **error)
{
  HashiyaStore *store = w->store;
  HashiyaImportReport *report = w->report;
  GCancellable *cancellable = w->cancellable;
  GHashTable *known = w->known;
  const char *path = w->path;
  g_autoptr(GError) local_error = NULL;
  guint d;
  gboolean ok = TRUE;

  if (!writer_labels (w, error))
    return FALSE;
  d = w->index++;
  if (w->document_date != NULL && doc->date == NULL)
    doc->date = g_strdup (w->document_date);

  do
    {
      g_autofree char *name = doc_name (report, d, doc);
      g_autofree char *sha = NULL;
      gint64 doc_id, dup;
      int done;

      if (g_cancellable_set_error_if_cancelled (cancellable, &local_error))
        {
          g_clear_error (&local_error);
          g_set_error (&local_error, HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_CANCELLED,
                       _("%s: import cancelled; nothing from this file was imported"), path);
          ok = FALSE;
          break;
        }

      sha = doc->sha256 ? g_strdup (doc->sha256)
                        : g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) doc->text,
                                                       doc->n_bytes);
      dup = hashiya_store_find_document_by_sha256 (store, sha);
      if (dup != 0)
        {
          report->n_duplicates++;
          report_add_message (report, _("%s: same content as document %" PRId64
                              " already in the project; skipped"), name, dup);
          continue;
        }

      doc_id = hashiya_store_add_document (store, doc->source, doc->text, doc->n_bytes, sha,
                                           (const HashiyaSegment *) doc->segments->data,
                                           doc->segments->len, doc->date, &local_error);
      if (doc_id == 0)
        {
          GError *e = g_error_new (HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_DATA, "%s: %s",
                                   name, local_error->message);
          g_clear_error (&local_error);
          local_error = e;
          ok = FALSE;
          break;
        }

      if (doc->whitespace_tokens &&
          !hashiya_export_set_whitespace_tokens (store, doc_id, TRUE, &local_error))
        {
          ok = FALSE;
          break;
        }

      for (guint s = 0; ok && s < doc->spans->len; s++)
        {
          HashiyaSpan *span = g_ptr_array_index (doc->spans, s);
          gint64 span_id;

          ensure_label (store, known, span->label, NULL, NULL, report, &local_error, &ok);
          if (!ok)
            break;

          {
            /* restore_span keeps a recorded note and times (0 = now) in one statement */
            HashiyaSpan copy = *span;

            copy.id = 0;
            copy.doc_id = doc_id;
            if (copy.origin == NULL)
              copy.origin = (char *) "import";
            span_id = hashiya_store_restore_span (store, &copy, &local_error) ? 1 : 0;
          }

          if (span_id == 0)
            {
              if (g_error_matches (local_error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_DUPLICATE))
                {
                  report_add_message (report, _("%s: span %" PRId64 "-%" PRId64
                                      " %s is listed twice; kept once"), name,
                                      span->start, span->end, span->label);
                  g_clear_error (&local_error);
                  continue;
                }
              else
                {
                  GError *e = g_error_new (HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_DATA,
                                           _("%s: span %" PRId64 "-%" PRId64 " %s: %s"),
                                           name, span->start, span->end, span->label,
                                           local_error->message);
                  g_clear_error (&local_error);
                  local_error = e;
                  ok = FALSE;
                  break;
                }
            }
          report->n_spans++;
          g_hash_table_insert (report->spans_per_label, g_strdup (span->label),
                               GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (report->spans_per_label,
                                                                                      span->label)) + 1));
        }
      if (!ok)
        break;

      for (guint j = 0; j < doc->judgements->len; j++)
        {
          HashiyaJudgement copy = *(HashiyaJudgement *) g_ptr_array_index (doc->judgements, j);

          copy.doc_id = doc_id;
          if (!hashiya_store_set_judgement (store, &copy, &local_error))
            {
              GError *e = g_error_new (HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_DATA,
                                       _("%s: judgement of comment %d by %s: %s"), name,
                                       copy.comment_index, copy.annotator ? copy.annotator : "(default)",
                                       local_error->message);
              g_clear_error (&local_error);
              local_error = e;
              ok = FALSE;
              break;
            }
          report->n_judgements++;
        }
      if (!ok)
        break;

      if (!store_provenance (store, doc, doc_id, name, &local_error))
        {
          ok = FALSE;
          break;
        }

      done = hashiya_parsed_doc_get_done (doc);
      if (done > 0 && !hashiya_store_set_document_done (store, doc_id, TRUE, &local_error))
        {
          g_prefix_error (&local_error, "%s: ", name);
          ok = FALSE;
          break;
        }

      if (doc->doc_labels->len > 0)
        {
          g_autofree char *joined = NULL;

          g_ptr_array_add (doc->doc_labels, NULL);
          joined = g_strjoinv (", ", (char **) doc->doc_labels->pdata);
          g_ptr_array_remove_index (doc->doc_labels, doc->doc_labels->len - 1);
          report_add_message (report, _("%s: document categories not stored (a project has no "
                              "place for them): %s"), name, joined);
        }

      g_array_append_val (report->doc_ids, doc_id);
      report->n_documents++;
    }
  while (0);

  if (!ok)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

/* Commits the file's savepoint when ok, else rolls it back and clears the report's counts. */
static gboolean
writer_end (ImportWriter  *w,
            gboolean       ok,
            GError       **error)
{
  g_autoptr(GError) local_error = NULL;

  if (ok && !writer_labels (w, &local_error))
    ok = FALSE;
  else if (ok && !hashiya_store_commit (w->store, &local_error))
    {
      g_prefix_error (&local_error, "%s: ", w->path);
      ok = FALSE;
    }
  g_clear_pointer (&w->known, g_hash_table_unref);
  g_clear_pointer (&w->existing, g_ptr_array_unref);
  if (!ok)
    {
      hashiya_store_rollback (w->store);
      hashiya_import_report_reset_counts (w->report);
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

gboolean
hashiya_import_parsed_full (HashiyaStore        *store,
                            GPtrArray           *docs,
                            GPtrArray           *labels,
                            HashiyaImportReport *report,
                            GCancellable        *cancellable,
                            GError             **error)
{
  g_autoptr(HashiyaImportReport) own_report = NULL;
  g_autoptr(GError) local_error = NULL;
  ImportWriter w;
  gboolean ok = TRUE;

  g_return_val_if_fail (HASHIYA_IS_STORE (store), FALSE);
  g_return_val_if_fail (docs != NULL, FALSE);

  if (report == NULL)
    report = own_report = hashiya_import_report_new (NULL);
  if (!writer_begin (&w, store, labels, report, cancellable, error))
    return FALSE;
  ok = writer_labels (&w, &local_error);
  for (guint d = 0; ok && d < docs->len; d++)
    ok = writer_add (&w, g_ptr_array_index (docs, d), &local_error);
  if (!writer_end (&w, ok, ok ? &local_error : NULL))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

gboolean
hashiya_import_parsed (HashiyaStore        *store,
                       GPtrArray           *docs,
                       HashiyaImportReport *report,
                       GError             **error)
{
  return hashiya_import_parsed_full (store, docs, NULL, report, NULL, error);
}

/* ---- one file ------------------------------------------------------------------- */

/* JSONL: the whole file is no JSON value, but its first line is one. */
static gboolean
first_line_is_json (JsonParser *parser,
                    const char *data,
                    gsize       len)
{
  const char *end = data + len, *p = data, *eol;

  while (p < end && g_ascii_isspace (*p))
    p++;
  eol = memchr (p, '\n', end - p);
  return eol != NULL && json_parser_load_from_data (parser, p, eol - p, NULL);
}

/* Detection found no format: the text starts with '[' or '{' but is no JSON any format
 * knows. Text that does not parse as JSON is an article (“[تنبيه] خبر…”); JSON of another
 * kind is refused. Nesting too deep for json-glib is refused before it parses. The
 * message is the window's as well as the CLI's, so it names no command-line option. */
static HashiyaFormat
detect_unknown_json (const char  *path,
                     const char  *data,
                     gsize        len,
                     GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GArray) plain = NULL;

  if (!hashiya_json_guard_check_depth (path, data, len, error))
    return HASHIYA_FORMAT_AUTO;
  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, len, NULL)
      && !first_line_is_json (parser, data, len))
    {
      plain = hashiya_format_registry_list (HASHIYA_FORMAT_LIST_READABLE);
      for (guint i = 0; i < plain->len; i++)
        {
          const HashiyaFormatDesc *desc = hashiya_format_registry_get (g_array_index (plain, guint, i));
          if (desc->plain_text && desc->read != NULL)
            return (HashiyaFormat) g_array_index (plain, guint, i);
        }
    }
  g_set_error (error, HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_FORMAT,
               _("%s: JSON, but not of a format Hashiya reads (hashiya/1 JSON or JSONL, "
                 "doccano, Label Studio, spaCy)"), path);
  return HASHIYA_FORMAT_AUTO;
}

/* ---- streamed files ----------------------------------------------------------- */

/* A file this large or larger goes through its format's read_stream when the format has
 * one (HASHIYA_IMPORT_STREAM_MIN in the environment, in bytes, overrides it: 0 streams
 * every such file, which the tests use to compare both paths). */
#define STREAM_MIN_DEFAULT (1024 * 1024)
/* Detection looks at the whole lines within the file's first bytes. */
#define STREAM_SNIFF_BYTES (1024 * 1024)

static guint64
stream_min (void)
{
  const char *env = g_getenv ("HASHIYA_IMPORT_STREAM_MIN");
  guint64 v;

  if (env != NULL && g_ascii_string_to_unsigned (env, 10, 0, G_MAXUINT64, &v, NULL))
    return v;
  return STREAM_MIN_DEFAULT;
}

/* The format to stream path with (given, or detected from the whole lines of its first
 * bytes), or AUTO to read the file whole: when it is small, its format has no read_stream,
 * or its first bytes are not plain enough to tell (a first line longer than
 * STREAM_SNIFF_BYTES, a BOM, CR, NUL or invalid UTF-8: the whole-file path says what is
 * wrong or cleans it). */
static HashiyaFormat
stream_format (const char    *path,
               HashiyaFormat  format)
{
  const HashiyaFormatDesc *desc;
  g_autofree char *head = NULL;
  const char *last_nl;
  GStatBuf st;
  gsize got;
  FILE *f;

  if (g_stat (path, &st) != 0 || !S_ISREG (st.st_mode) || st.st_size == 0
      || (guint64) st.st_size < stream_min ())
    return HASHIYA_FORMAT_AUTO;
  if (format != HASHIYA_FORMAT_AUTO)
    {
      desc = hashiya_format_registry_get (format);
      return desc != NULL && desc->read_stream != NULL ? format : HASHIYA_FORMAT_AUTO;
    }
  f = g_fopen (path, "rb");
  if (f == NULL)
    return HASHIYA_FORMAT_AUTO;
  head = g_malloc (STREAM_SNIFF_BYTES + 1);
  got = fread (head, 1, STREAM_SNIFF_BYTES, f);
  fclose (f);
  head[got] = '\0';
  if ((gsize) st.st_size > got)
    {
      last_nl = head + got;
      while (last_nl > head && last_nl[-1] != '\n')
        last_nl--;
      if (last_nl == head)
        return HASHIYA_FORMAT_AUTO;
      last_nl--;
      got = last_nl + 1 - head;
      head[got] = '\0';
    }
  if (memchr (head, '\0', got) != NULL || memchr (head, '\r', got) != NULL
      || !g_utf8_validate_len (head, got, NULL)
      || (got >= 3 && memcmp (head, "\xEF\xBB\xBF", 3) == 0))
    return HASHIYA_FORMAT_AUTO;
  format = hashiya_detect_format (NULL, head, got);
  desc = hashiya_format_registry_get (format);
  return desc != NULL && desc->read_stream != NULL ? format : HASHIYA_FORMAT_AUTO;
}

static gboolean
stream_doc (HashiyaParsedDoc  *doc,
            gpointer           user_data,
            GError           **error)
{
  g_autoptr(HashiyaParsedDoc) owned = doc;

  return writer_add (user_data, owned, error);
}

/* The file's documents go to the store as they are read, in one savepoint: a failure
 * anywhere rolls back what the file had written. */
static gboolean
import_streamed (HashiyaStore               *store,
                 const char                 *path,
                 const HashiyaFormatDesc    *desc,
                 const HashiyaImportOptions *options,
                 HashiyaImportReport        *report,
                 GCancellable               *cancellable,
                 GError                    **error)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func ((GDestroyNotify) hashiya_label_free);
  g_autoptr(GError) local_error = NULL;
  ImportWriter w;
  gboolean ok;

  if (!writer_begin (&w, store, labels, report, cancellable, error))
    return FALSE;
  w.document_date = options->document_date;
  ok = desc->read_stream (path, options, labels, report, stream_doc, &w, &local_error);
  if (!writer_end (&w, ok, ok ? &local_error : NULL))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

gboolean
hashiya_import_file (HashiyaStore               *store,
                     const char                 *path,
                     const HashiyaImportOptions *options,
                     HashiyaImportReport        *report,
                     GCancellable               *cancellable,
                     GError                    **error)
{
  g_autoptr(HashiyaImportReport) own_report = NULL;
  g_autoptr(GPtrArray) docs = NULL;
  g_autoptr(GPtrArray) labels = NULL;
  g_autoptr(GError) local_error = NULL;
  HashiyaImportOptions defaults;
  const HashiyaFormatDesc *desc;
  HashiyaFormat format;
  char *data = NULL;
  gsize len = 0;
  gboolean ok = FALSE;

  g_return_val_if_fail (HASHIYA_IS_STORE (store), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (options == NULL)
    {
      hashiya_import_options_init (&defaults);
      options = &defaults;
    }
  if (report == NULL)
    report = own_report = hashiya_import_report_new (path);
  if (report->path == NULL)
    report->path = g_strdup (path);

  docs = g_ptr_array_new_with_free_func ((GDestroyNotify) hashiya_parsed_doc_free);
  labels = g_ptr_array_new_with_free_func ((GDestroyNotify) hashiya_label_free);
  format = options->format;

  if (g_cancellable_is_cancelled (cancellable))
    {
      g_set_error (&local_error, HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_CANCELLED,
                   _("%s: import cancelled"), path);
      goto out;
    }

  /* a format of several files (brat) reads them itself; the name alone says it is one */
  if (format == HASHIYA_FORMAT_AUTO)
    {
      HashiyaFormat by_name = hashiya_detect_format (path, NULL, 0);

      desc = hashiya_format_registry_get (by_name);
      if (desc != NULL && desc->read_path != NULL)
        format = by_name;
    }
  desc = hashiya_format_registry_get (format);
  if (desc != NULL && desc->read_path != NULL)
    {
      report->format = format;
      if (!desc->read_path (path, options, docs, labels, report, &local_error))
        goto out;
    }
  else
    {
      HashiyaFormat streamed = stream_format (path, format);

      if (streamed != HASHIYA_FORMAT_AUTO)
        {
          report->format = streamed;
          ok = import_streamed (store, path, hashiya_format_registry_get (streamed), options,
                                report, cancellable, &local_error);
          goto out;
        }
      if (!hashiya_read_text_file (path, &data, &len, &local_error))
        goto out;

      if (format == HASHIYA_FORMAT_AUTO)
        {
          format = hashiya_detect_format (NULL, data, len);
          if (format == HASHIYA_FORMAT_AUTO)
            format = detect_unknown_json (path, data, len, &local_error);
          if (format == HASHIYA_FORMAT_AUTO)
            goto out;
        }
      report->format = format;
      desc = hashiya_format_registry_get (format);
      if (desc == NULL || desc->read == NULL)
        {
          g_set_error (&local_error, HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_FORMAT,
                       _("%s: format %s cannot be imported"), path, hashiya_format_to_string (format));
          goto out;
        }
      /* the reader may take the buffer (the article moves it into its document) */
      if (!desc->read (path, &data, len, options, docs, labels, report, &local_error))
        goto out;
      g_clear_pointer (&data, g_free);
    }

  /* --date: the date of every document the file does not date itself */
  for (guint i = 0; options->document_date != NULL && i < docs->len; i++)
    {
      HashiyaParsedDoc *doc = g_ptr_array_index (docs, i);

      if (doc->date == NULL)
        doc->date = g_strdup (options->document_date);
    }
  ok = hashiya_import_parsed_full (store, docs, labels, report, cancellable, &local_error);

out:
  g_free (data);
  if (!ok)
    {
      g_assert (local_error != NULL);
      hashiya_import_report_reset_counts (report);
      g_clear_error (&report->error);
      report->error = g_error_copy (local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
    }
  return ok;
}
