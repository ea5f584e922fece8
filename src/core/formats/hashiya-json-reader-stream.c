/* hashiya-json-reader-stream.c: reading a hashiya/1 JSONL file one line at a time
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The importer streams large JSONL files through here instead of reading them whole: each
 * line is read, checked as hashiya_read_text_file checks a whole file (UTF-8, NUL bytes,
 * a BOM, CRLF and lone CR ends), parsed into one document and handed on before the next
 * line is read, so memory is bounded by the longest line, not the file. The documents and
 * errors are those of the whole-file reader (hashiya-json-reader.c): errors name the file
 * and the line, and the byte for an encoding problem.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "hashiya-json.h"
#include "hashiya-json-reader-private.h"

typedef struct
{
  const char                 *path;
  const HashiyaImportOptions *options;
  HashiyaImportReport        *report;
  HashiyaParsedDocFunc        each_doc;
  gpointer                    user_data;
  JsonParser                 *parser;
  GPtrArray                  *one;        /* HashiyaParsedDoc: the document of the line */
  guint                       line;       /* lines read (CR, CRLF and LF each end one) */
  guint                       n_docs;
  gboolean                    several;    /* the file has a line end before or at this line */
} StreamState;

/* Line breaks (CR, CRLF, LF) in data before pos, counted as hashiya_read_text_file does. */
static gsize
breaks_before (const char *data,
               gsize       pos)
{
  gsize n = 0;

  for (gsize i = 0; i < pos; i++)
    if (data[i] == '\n' || (data[i] == '\r' && (i + 1 >= pos || data[i + 1] != '\n')))
      n++;
  return n;
}

/* One line of the cleaned text (no line end), on line st->line. */
static gboolean
stream_line (StreamState  *st,
             const char   *text,
             gsize         len,
             GError      **error)
{
  const char *a = text, *end = text + len;

  while (a < end && g_ascii_isspace (*a))
    a++;
  if (a == end)
    return TRUE;
  if (!hashiya_json_reader_parse_line (st->parser, st->path, text, len, st->line, ++st->n_docs,
                                       st->several ? 2 : 1, st->options, st->one, st->report,
                                       error))
    return FALSE;
  g_assert (st->one->len == 1);
  return st->each_doc (g_ptr_array_steal_index (st->one, 0), st->user_data, error);
}

gboolean
hashiya_json_read_jsonl_stream (const char                 *path,
                                const HashiyaImportOptions *options,
                                GPtrArray                  *labels_out,
                                HashiyaImportReport        *report,
                                HashiyaParsedDocFunc        each_doc,
                                gpointer                    user_data,
                                GError                    **error)
{
  g_autoptr(HashiyaImportReport) own_report = NULL;
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GPtrArray) one = g_ptr_array_new_with_free_func ((GDestroyNotify) hashiya_parsed_doc_free);
  StreamState st = { 0 };
  char *buf = NULL;
  size_t cap = 0;
  gssize n;
  guint64 offset = 0;      /* bytes of the file before this read */
  gboolean ok = TRUE, first = TRUE;
  FILE *f;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (each_doc != NULL, FALSE);
  (void) labels_out;   /* a JSONL file declares no labels */

  if (report == NULL)
    report = own_report = hashiya_import_report_new (path);
  f = g_fopen (path, "rb");
  if (f == NULL)
    {
      int e = errno;

      g_set_error (error, HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_READ,
                   _("%s: cannot read: %s"), path,
                   e == ENOENT ? "no such file" : e == EACCES || e == EPERM ? "permission denied"
                                                                              : g_strerror (e));
      return FALSE;
    }
  st.path = path;
  st.options = options;
  st.report = report;
  st.each_doc = each_doc;
  st.user_data = user_data;
  st.parser = parser;
  st.one = one;

  /* getline: one LF-ended line of the file (the last may lack its LF) */
  while (ok && (n = getline (&buf, &cap, f)) > 0)
    {
      char *p = buf, *end = buf + n, *nul, *line_start;
      const char *bad = NULL;

      if (first && n >= 3 && memcmp (buf, "\xEF\xBB\xBF", 3) == 0)
        p += 3;
      first = FALSE;

      /* the first problem wins: invalid UTF-8 before the first NUL byte, or the NUL byte */
      nul = memchr (buf, '\0', n);
      if (!g_utf8_validate_len (buf, nul ? (gsize) (nul - buf) : (gsize) n, &bad))
        {
          g_set_error (error, HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_ENCODING,
                       _("%s: invalid UTF-8 at byte %zu (line %zu)"), path,
                       (gsize) (offset + (bad - buf)), st.line + 1 + breaks_before (buf, bad - buf));
          ok = FALSE;
          break;
        }
      if (nul != NULL)
        {
          g_set_error (error, HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_ENCODING,
                       _("%s: NUL byte at byte %zu (line %zu): "
                       "not a text file (UTF-16 or binary?)"),
                       path, (gsize) (offset + (nul - buf)), st.line + 1 + breaks_before (buf, nul - buf));
          ok = FALSE;
          break;
        }

      /* lines of the cleaned text: CR, CRLF and LF each end one */
      line_start = p;
      while (ok && p < end)
        {
          char *cr = memchr (p, '\r', end - p);
          char *lf = end[-1] == '\n' ? end - 1 : NULL;
          char *stop = cr != NULL ? cr : lf != NULL ? lf : end;
          gboolean ended = stop < end;

          st.line++;
          if (ended)
            st.several = TRUE;   /* else the last line: several when one ended before */
          ok = stream_line (&st, line_start, stop - line_start, error);
          if (!ended)
            break;
          p = stop + 1;
          if (*stop == '\r' && p < end && *p == '\n')
            p++;
          line_start = p;
        }
      offset += n;
    }
  if (ok && ferror (f))
    {
      g_set_error (error, HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_READ,
                   _("%s: cannot read: %s"), path, g_strerror (errno));
      ok = FALSE;
    }
  free (buf);
  fclose (f);
  if (ok && st.n_docs == 0)
    {
      g_set_error (error, HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_EMPTY,
                   _("%s: no documents"), path);
      ok = FALSE;
    }
  return ok;
}
