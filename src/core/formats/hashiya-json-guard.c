/* hashiya-json-guard.c: checks JSON text before json-glib parses it (see the header for why)
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "hashiya-interchange.h"
#include "hashiya-json-guard.h"

/* The line and the column (in characters, from 1) of p, line_start being the first byte of
 * p's line. */
static guint
column_of (const char *line_start,
           const char *p)
{
  guint col = 1;

  for (const char *q = line_start; q < p; q++)
    if (((guchar) *q & 0xC0) != 0x80)
      col++;
  return col;
}

static int
hex4 (const char *p,
      const char *end)
{
  int v = 0;

  if (end - p < 4)
    return -1;
  for (int i = 0; i < 4; i++)
    {
      int d = g_ascii_xdigit_value (p[i]);
      if (d < 0)
        return -1;
      v = v * 16 + d;
    }
  return v;
}

/* An integer literal (optional '-', digits only) that a gint64 holds. */
static gboolean
integer_fits (const char *p,
              gsize       n)
{
  gboolean negative = n > 0 && *p == '-';
  guint64 limit = negative ? (guint64) G_MAXINT64 + 1 : (guint64) G_MAXINT64;
  guint64 v = 0;

  for (gsize i = negative ? 1 : 0; i < n; i++)
    {
      guint d = (guint) (p[i] - '0');
      if (v > (limit - d) / 10)
        return FALSE;
      v = v * 10 + d;
    }
  return TRUE;
}

static gboolean
guard_check (const char *path,
             const char *data,
             gsize       len,
             guint       first_line,
             gboolean    depth_only,
             GError    **error)
{
  const char *p = data, *end = data + len, *line_start = data;
  guint line = first_line > 0 ? first_line : 1;
  guint depth = 0;

  if (path == NULL)
    path = "(input)";

#define FAIL(at, ...)                                                                   \
  G_STMT_START {                                                                        \
    if (error != NULL)                                                                  \
      {                                                                                 \
        g_autofree char *_what = g_strdup_printf (__VA_ARGS__);                         \
        g_set_error (error, HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_SYNTAX,          \
                     "%s:%u:%u: %s", path, line, column_of (line_start, (at)), _what);  \
      }                                                                                 \
    return FALSE;                                                                       \
  } G_STMT_END

  while (p < end)
    {
      char c = *p;

      if (c == '\n')
        {
          line++;
          line_start = ++p;
        }
      else if (c == '{' || c == '[')
        {
          if (++depth > HASHIYA_JSON_MAX_DEPTH)
            FAIL (p, _("arrays and objects are nested more than %d levels deep; refused"),
                  HASHIYA_JSON_MAX_DEPTH);
          p++;
        }
      else if (c == '}' || c == ']')
        {
          if (depth > 0)
            depth--;
          p++;
        }
      else if (depth_only && c != '"')
        p++;
      else if (c == '-' || g_ascii_isdigit (c))
        {
          const char *s = p;
          gboolean integer = TRUE;

          p++;
          while (p < end && (g_ascii_isdigit (*p) || *p == '.' || *p == 'e' || *p == 'E'
                             || *p == '+' || *p == '-'))
            {
              if (!g_ascii_isdigit (*p))
                integer = FALSE;
              p++;
            }
          if (integer && p - s > (*s == '-' ? 1 : 0) && !integer_fits (s, p - s))
            FAIL (s, _("the number %.*s does not fit in 64 bits"), (int) (p - s), s);
        }
      else if (c == '"')
        {
          for (p++; p < end && *p != '"'; p++)
            {
              if (*p == '\n')
                {
                  line++;
                  line_start = p + 1;
                }
              else if (*p == '\\' && p + 1 < end && depth_only)
                p++;
              else if (*p == '\\' && p + 1 < end)
                {
                  const char *esc = p;
                  int u;

                  p++;
                  if (*p != 'u')
                    continue;
                  u = hex4 (p + 1, end);
                  if (u < 0)
                    continue;     /* json-glib says what is wrong with it */
                  p += 4;
                  if (u == 0)
                    FAIL (esc, _("a string holds \\u0000 (a NUL character), which would cut "
                                 "the text there; refused"));
                  if (u >= 0xDC00 && u <= 0xDFFF)
                    FAIL (esc, _("\\u%.4s is a lone low surrogate (no high surrogate before "
                                 "it)"), esc + 2);
                  if (u >= 0xD800 && u <= 0xDBFF)
                    {
                      int lo = end - p >= 3 && p[1] == '\\' && p[2] == 'u'
                               ? hex4 (p + 3, end) : -1;
                      if (lo < 0xDC00 || lo > 0xDFFF)
                        FAIL (esc, _("\\u%.4s is a lone high surrogate (no low surrogate "
                                     "after it)"), esc + 2);
                      p += 6;
                    }
                }
            }
          if (p < end)
            p++;
        }
      else
        p++;
    }
  return TRUE;
#undef FAIL
}

gboolean
hashiya_json_guard_check (const char *path,
                          const char *data,
                          gsize       len,
                          guint       first_line,
                          GError    **error)
{
  return guard_check (path, data, len, first_line, FALSE, error);
}

gboolean
hashiya_json_guard_check_depth (const char *path,
                                const char *data,
                                gsize       len,
                                GError    **error)
{
  return guard_check (path, data, len, 1, TRUE, error);
}

gboolean
hashiya_json_guard_load (JsonParser *parser,
                         const char *path,
                         const char *data,
                         gsize       len,
                         guint       first_line,
                         GError    **error)
{
  if (!hashiya_json_guard_check (path, data, len, first_line, error))
    return FALSE;
  return json_parser_load_from_data (parser, data, len, error);
}

gboolean
hashiya_json_guard_is_guard_error (const GError *error)
{
  /* json-glib's errors are in JSON_PARSER_ERROR */
  return error != NULL && error->domain == HASHIYA_IMPORT_ERROR;
}
