/* hashiya-json-guard.h: checks JSON text before json-glib parses it (depth, NUL escapes, lone surrogates, 64-bit integers)
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * json-glib 1.6 parses recursively (a file nested ~74,000 levels deep overflows the stack),
 * cuts a string at an escaped NUL (\u0000), and wraps integer literals that do not fit in
 * 64 bits (99999999999999999999 becomes -1) without an error. Every JSON reader and the
 * format sniffing run this check first, so such input is refused with its position in the
 * file instead of crashing or being read wrongly.
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Deeper nesting of arrays and objects is refused. */
#define HASHIYA_JSON_MAX_DEPTH 512

/* Checks len bytes of JSON text. path names the file in messages; first_line is the line of
 * the file on which data starts (1 for a whole file, N for line N of a JSONL file). On a
 * problem sets HASHIYA_IMPORT_ERROR_SYNTAX ("PATH:LINE:COLUMN: …", the column counted in
 * characters from 1) and returns FALSE. error may be NULL (the sniffing only asks). */
gboolean hashiya_json_guard_check (const char *path,
                                   const char *data,
                                   gsize       len,
                                   guint       first_line,
                                   GError    **error);

/* Only the nesting depth (what json-glib needs not to crash): for the format sniffing and
 * for telling JSON from plain text that happens to start with '[' or '{'. */
gboolean hashiya_json_guard_check_depth (const char *path,
                                         const char *data,
                                         gsize       len,
                                         GError    **error);

/* hashiya_json_guard_check, then json_parser_load_from_data. json-glib's own errors are
 * returned as they are (HashiyaImport errors come only from the guard). */
gboolean hashiya_json_guard_load (JsonParser *parser,
                                  const char *path,
                                  const char *data,
                                  gsize       len,
                                  guint       first_line,
                                  GError    **error);

/* TRUE when error came from hashiya_json_guard_check (not from json-glib). */
gboolean hashiya_json_guard_is_guard_error (const GError *error);

G_END_DECLS
