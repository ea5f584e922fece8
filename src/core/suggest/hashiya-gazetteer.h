/* hashiya-gazetteer.h: places and organisations from lists (ICU country names, Iraq, the user's)
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Entries are matched on the search key, on token boundaries; the first word may carry a
 * proclitic (و ف ب ل ك and the pairs وب ول وك فب فل فك, and ل + ال written لل), which stays
 * outside the suggested span. Of overlapping matches the longest wins.
 */
#pragma once

#include "suggest/hashiya-suggestion.h"

G_BEGIN_DECLS

typedef struct _HashiyaGazetteer HashiyaGazetteer;

#define HASHIYA_TYPE_GAZETTEER (hashiya_gazetteer_get_type ())
GType              hashiya_gazetteer_get_type     (void) G_GNUC_CONST;

/* An empty gazetteer. */
HashiyaGazetteer  *hashiya_gazetteer_new          (void);
/* The shipped lists: ICU's Arabic country names (list "icu-countries") and the Iraq list
 * data/suggest/gazetteer-iq.tsv (list "gazetteer-iq"). */
HashiyaGazetteer  *hashiya_gazetteer_new_default  (GError          **error);
HashiyaGazetteer  *hashiya_gazetteer_ref          (HashiyaGazetteer *gazetteer);
void               hashiya_gazetteer_unref        (HashiyaGazetteer *gazetteer);

/* ICU's Arabic display name (uloc_getDisplayCountry, "ar") of every ISO 3166 country
 * (uloc_getISOCountries), label LOC; a parenthesised qualifier is dropped. */
gboolean           hashiya_gazetteer_add_countries (HashiyaGazetteer *gazetteer,
                                                    GError          **error);

/* One entry. A surface already present is replaced: lists added later (the user's) win.
 * FALSE when the surface has no word or label is empty. */
gboolean           hashiya_gazetteer_add          (HashiyaGazetteer *gazetteer,
                                                   const char       *list,
                                                   const char       *surface,
                                                   const char       *label,
                                                   const char       *entry);

/* A list in TSV: one `surface<TAB>LABEL[<TAB>entry]` a line, UTF-8; blank lines and lines
 * starting with # are skipped; a trailing CR is ignored. Errors (HASHIYA_SUGGEST_ERROR_PARSE)
 * name the list and the line ("places.tsv:12: …"); on error nothing of the list is added.
 * The list's name in `why` is list_name (load_file: the file's base name). */
gboolean           hashiya_gazetteer_load_data    (HashiyaGazetteer *gazetteer,
                                                   const char       *list_name,
                                                   const char       *data,
                                                   gssize            len,
                                                   GError          **error);
gboolean           hashiya_gazetteer_load_file    (HashiyaGazetteer *gazetteer,
                                                   const char       *path,
                                                   GError          **error);

guint              hashiya_gazetteer_get_n_entries (HashiyaGazetteer *gazetteer);

/* Suggestions over text (source "gazetteer"; value, calendar and anchor NULL; why names the
 * list and the entry), sorted by start. Thread-safe once no more entries are added. */
GPtrArray         *hashiya_gazetteer_suggest      (HashiyaGazetteer *gazetteer,
                                                   const char       *text,
                                                   gssize            len);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HashiyaGazetteer, hashiya_gazetteer_unref)

G_END_DECLS
