/* hashiya-sniff.h: what format detection looks at (a file's first bytes, its name), computed once for every format
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every format's detect function gets the same HashiyaSniff; what costs something (the
 * first line parsed as JSON) is computed on the first request and kept for the others.
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct _HashiyaSniff HashiyaSniff;

/* data may be NULL (name only: the formats that tell from a file's name); name may be NULL. */
HashiyaSniff *hashiya_sniff_new  (const char *data, gsize len, const char *name);
void          hashiya_sniff_free (HashiyaSniff *sniff);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HashiyaSniff, hashiya_sniff_free)

/* The bytes after a UTF-8 BOM (NULL when none were given). */
const char *hashiya_sniff_get_data (HashiyaSniff *sniff, gsize *len);
const char *hashiya_sniff_get_name (HashiyaSniff *sniff);

/* The first character after the BOM and whitespace is '{' or '[' ('{' / '[' returned, else 0). */
char        hashiya_sniff_json_opening (HashiyaSniff *sniff);
/* needle occurs in the first 64 KiB of the JSON text (from its opening character). */
gboolean    hashiya_sniff_json_window_has (HashiyaSniff *sniff, const char *needle);
/* The first line of a '{' text parsed as one JSON object (JSONL), or NULL when it is not one
 * (too long to try, broken, pretty-printed). Owned by sniff. */
JsonObject *hashiya_sniff_json_first_object (HashiyaSniff *sniff);

/* Whose "entities" a JSONL record with "text" and "entities" holds: doccano's have
 * start_offset/end_offset, ours start/end; UNSURE when the first entity tells neither. */
typedef enum {
  HASHIYA_SNIFF_ENTITIES_NONE,     /* no "text" and "entities" members */
  HASHIYA_SNIFF_ENTITIES_DOCCANO,
  HASHIYA_SNIFF_ENTITIES_HASHIYA,
  HASHIYA_SNIFF_ENTITIES_UNSURE,
} HashiyaSniffEntities;

HashiyaSniffEntities hashiya_sniff_entities_kind (JsonObject *obj);

G_END_DECLS
