/* hashiya-format-io.c: helpers several writers share
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <inttypes.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "hashiya-format-io.h"

gboolean
hashiya_write_bytes (GOutputStream *out,
                     const char    *data,
                     gsize          len,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autoptr(GError) local = NULL;

  if (len == 0)
    return TRUE;
  if (g_output_stream_write_all (out, data, len, NULL, cancellable, &local))
    return TRUE;
  if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_set_error_literal (error, HASHIYA_EXPORT_ERROR, HASHIYA_EXPORT_ERROR_CANCELLED,
                         _("Export cancelled"));
  else
    g_set_error (error, HASHIYA_EXPORT_ERROR, HASHIYA_EXPORT_ERROR_WRITE,
                 _("Cannot write the export: %s"), local->message);
  return FALSE;
}

gboolean
hashiya_write_cancelled (GCancellable *cancellable,
                         GError      **error)
{
  if (g_cancellable_is_cancelled (cancellable))
    {
      g_set_error_literal (error, HASHIYA_EXPORT_ERROR, HASHIYA_EXPORT_ERROR_CANCELLED,
                           _("Export cancelled"));
      return TRUE;
    }
  return FALSE;
}

gboolean
hashiya_write_out_flush (HashiyaWriteOut *out,
                         GError         **error)
{
  GString *b = out->buf;

  if (out->stream == NULL || b->len < HASHIYA_WRITE_FLUSH_AT)
    return TRUE;
  if (!hashiya_write_bytes (out->stream, b->str, b->len, out->cancellable, error))
    return FALSE;
  g_string_truncate (b, 0);
  return TRUE;
}

gboolean
hashiya_format_check_entity_bytes (HashiyaText       *text,
                                   const HashiyaSpan *span,
                                   const char        *bytes,
                                   gsize              n_bytes,
                                   gint64             doc_id,
                                   GError           **error)
{
  gsize length = hashiya_text_get_length (text);
  const char *utf8;
  gsize a, b;

  if (span->start < 0 || span->end <= span->start || (gsize) span->end > length)
    {
      g_set_error (error, HASHIYA_EXPORT_ERROR, HASHIYA_EXPORT_ERROR_INTEGRITY,
                   _("Document %" PRId64 ": span %" PRId64 " (%s) has the "
                   "range %" PRId64 "-%" PRId64 ", outside the text of "
                   "%zu characters"), doc_id, span->id,
                   span->label != NULL ? span->label : "?", span->start, span->end, length);
      return FALSE;
    }
  utf8 = hashiya_text_get_utf8 (text, NULL);
  a = hashiya_text_cp_to_byte (text, span->start);
  b = hashiya_text_cp_to_byte (text, span->end);
  if (bytes == NULL || n_bytes != b - a || memcmp (bytes, utf8 + a, b - a) != 0
      || g_utf8_strlen (bytes, n_bytes) != span->end - span->start)
    {
      g_set_error (error, HASHIYA_EXPORT_ERROR, HASHIYA_EXPORT_ERROR_INTEGRITY,
                   _("Document %" PRId64 ": the text of span %" PRId64
                   " (%s %" PRId64 "-%" PRId64 ") is not the slice of "
                   "the document"), doc_id, span->id,
                   span->label != NULL ? span->label : "?", span->start, span->end);
      return FALSE;
    }
  return TRUE;
}

/* Bytes that cannot stand raw inside a JSON string: the letter of their escape after the
 * backslash ('u' for the \u00XX form), 0 for the bytes that can. */
static const guint8 *
json_escape_table (void)
{
  static guint8 table[256];
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      for (guint c = 0; c < 0x20; c++)
        table[c] = 'u';
      table['"'] = '"';
      table['\\'] = '\\';
      table['\n'] = 'n';
      table['\r'] = 'r';
      table['\t'] = 't';
      table['\b'] = 'b';
      table['\f'] = 'f';
      g_once_init_leave (&done, 1);
    }
  return table;
}

void
hashiya_json_append_escaped (GString    *b,
                             const char *s,
                             gsize       len)
{
  const guint8 *table = json_escape_table ();
  const char *end = s + len, *run = s;

  for (const char *p = s; p < end; p++)
    {
      guchar c = (guchar) *p;

      if (G_LIKELY (!table[c]))
        continue;
      g_string_append_len (b, run, p - run);
      run = p + 1;
      if (table[c] == 'u')
        g_string_append_printf (b, "\\u%04x", c);
      else
        {
          g_string_append_c (b, '\\');
          g_string_append_c (b, table[c]);
        }
    }
  g_string_append_len (b, run, end - run);
}

void
hashiya_json_append_string_len (GString    *b,
                                const char *s,
                                gsize       len)
{
  g_string_append_c (b, '"');
  hashiya_json_append_escaped (b, s, len);
  g_string_append_c (b, '"');
}

/* "key": then a string or null */
void
hashiya_json_member_string (GString    *b,
                            const char *key,
                            const char *value)
{
  g_string_append (b, key);
  if (value == NULL)
    g_string_append (b, "null");
  else
    hashiya_json_append_string_len (b, value, strlen (value));
}

void
hashiya_json_member_int (GString    *b,
                         const char *key,
                         gint64      value)
{
  char digits[24];
  char *p = digits + sizeof digits;
  guint64 v = value < 0 ? -(guint64) value : (guint64) value;

  do
    {
      *--p = '0' + v % 10;
      v /= 10;
    }
  while (v != 0);
  if (value < 0)
    *--p = '-';
  g_string_append (b, key);
  g_string_append_len (b, p, digits + sizeof digits - p);
}

void
hashiya_json_member_tristate (GString    *b,
                              const char *key,
                              int         value)
{
  g_string_append (b, key);
  g_string_append (b, value < 0 ? "null" : value ? "true" : "false");
}

