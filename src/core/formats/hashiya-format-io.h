/* hashiya-format-io.h: helpers several writers share (writing bytes, JSON strings by hand, walking a text, checking an entity)
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <string.h>
#include "hashiya-format.h"

G_BEGIN_DECLS

/* A writer passes a document on once its buffer holds this many bytes. */
#define HASHIYA_WRITE_FLUSH_AT (64 * 1024)

/* Writes len bytes to out; HASHIYA_EXPORT_ERROR_WRITE or _CANCELLED on failure. */
gboolean hashiya_write_bytes      (GOutputStream *out, const char *data, gsize len,
                                   GCancellable *cancellable, GError **error);
/* HASHIYA_EXPORT_ERROR_CANCELLED ("Export cancelled") when cancellable is cancelled. */
gboolean hashiya_write_cancelled  (GCancellable *cancellable, GError **error);
/* Passes out->buf to out->stream once it holds HASHIYA_WRITE_FLUSH_AT bytes (nothing when
 * out->stream is NULL: the document is rendered ahead and stays in the buffer). */
gboolean hashiya_write_out_flush  (HashiyaWriteOut *out, GError **error);

/* Room for n more bytes (and the NUL) at the end of b, without changing its length:
 * the caller writes there and then calls hashiya_buf_commit (). */
static inline char *
hashiya_buf_reserve (GString *b,
                     gsize    n)
{
  if (G_UNLIKELY (b->len + n + 1 > b->allocated_len))
    {
      gsize len = b->len;

      g_string_set_size (b, len + n);   /* grows by doubling */
      b->len = len;
    }
  return b->str + b->len;
}

static inline void
hashiya_buf_commit (GString *b,
                    char    *end)
{
  b->len = end - b->str;
  *end = '\0';
}

/* Walks a text's UTF-8 forward; tokens and entities come in text order, so finding each
 * costs one pass over the document. */
typedef struct
{
  HashiyaText *text;
  const char  *p;
  gsize        cp;
} HashiyaTextCursor;

static inline void
hashiya_text_cursor_init (HashiyaTextCursor *cursor,
                          HashiyaText       *text)
{
  cursor->text = text;
  cursor->p = hashiya_text_get_utf8 (text, NULL);
  cursor->cp = 0;
}

static inline const char *
hashiya_text_cursor_seek (HashiyaTextCursor *cursor,
                          gsize              cp)
{
  if (cp < cursor->cp || cp - cursor->cp > 256)
    {
      cursor->p = hashiya_text_get_utf8 (cursor->text, NULL) + hashiya_text_cp_to_byte (cursor->text, cp);
      cursor->cp = cp;
    }
  while (cursor->cp < cp)
    {
      guchar b = (guchar) *cursor->p;

      cursor->p += b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
      cursor->cp++;
    }
  return cursor->p;
}

/* JSON written by hand (json-glib's builder costs three times the rest of an export, and
 * json-glib 1.6 writes U+001F unescaped, which strict parsers refuse). */
void hashiya_json_append_escaped    (GString *b, const char *s, gsize len);
void hashiya_json_append_string_len (GString *b, const char *s, gsize len);
/* key (with its quotes and colon, e.g. ",\"source\":") then the value */
void hashiya_json_member_string     (GString *b, const char *key, const char *value);  /* NULL → null */
void hashiya_json_member_int        (GString *b, const char *key, gint64 value);
void hashiya_json_member_tristate   (GString *b, const char *key, int value);          /* -1 → null */

/* Checks that bytes (n_bytes) are exactly the slice [span->start, span->end) of text and
 * that the range lies inside it; HASHIYA_EXPORT_ERROR_INTEGRITY naming the document and
 * the span otherwise (bytes NULL: only the range is checked, and found wrong). */
gboolean hashiya_format_check_entity_bytes (HashiyaText       *text,
                                            const HashiyaSpan *span,
                                            const char        *bytes,
                                            gsize              n_bytes,
                                            gint64             doc_id,
                                            GError           **error);

G_END_DECLS
