/* hashiya-format-registry.h: the table of file formats (detection, words, lists for the CLI and the window)
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Adding a format: one module in this folder exposing a HashiyaFormatDesc, and one line
 * in the table of hashiya-format-registry.c. The importer, the exporter, the CLI's
 * --format words and help, and the window's format lists all read this table.
 */
#pragma once

#include "hashiya-format.h"

G_BEGIN_DECLS

/* Number of places in the table, AUTO (0, no descriptor) included: valid formats are
 * 1 .. hashiya_format_registry_size () - 1. */
guint                    hashiya_format_registry_size (void);
/* The descriptor of a format, NULL for AUTO or a value outside the table. */
const HashiyaFormatDesc *hashiya_format_registry_get  (HashiyaFormat format);

/* "auto", "article", "json", …; NULL outside the table. */
const char *hashiya_format_to_string   (HashiyaFormat format);
/* A --format word (a name or an alias, any case; "auto" gives AUTO). */
gboolean    hashiya_format_from_string (const char *str, HashiyaFormat *format);

/* The format whose detect is surest about data (may be NULL: then the name alone decides),
 * AUTO when none recognises it. data may start with a BOM. */
HashiyaFormat hashiya_format_registry_detect (const char *name,
                                              const char *data,
                                              gsize       len);

typedef enum
{
  HASHIYA_FORMAT_LIST_READABLE = 1 << 0,  /* formats with read or read_path */
  HASHIYA_FORMAT_LIST_WRITABLE = 1 << 1,  /* formats with a writer */
  HASHIYA_FORMAT_LIST_TITLES   = 1 << 2,  /* the (translated) titles instead of the words, formats without one left out */
} HashiyaFormatListFlags;

/* The formats in table order, as HashiyaFormat values (guint); with WRITABLE, the default
 * export format (hashiya_export_options_init ()) comes first. */
GArray *hashiya_format_registry_list (guint flags);
/* Their words (or titles) joined by sep, the last two by last_sep ("a, b or c");
 * last_sep NULL = sep. */
char   *hashiya_format_registry_join (guint       flags,
                                      const char *sep,
                                      const char *last_sep);
/* The first format whose descriptor sets comments_only (plain article text), or AUTO. */
HashiyaFormat hashiya_format_registry_comments_format (void);

G_END_DECLS
