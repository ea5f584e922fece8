/* hashiya-store-suggest.h: what a project keeps for suggestions (span values, rejected suggestions, user gazetteers)
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Schema migration 4 (hashiya-store-suggest.c): spans gain value, calendar and anchor;
 * suggestion_rejections remembers every suggestion a person turned down (so that it is not
 * suggested again); gazetteer_lists holds the user's gazetteers (TSV, as added).
 */
#pragma once

#include "hashiya-store.h"

G_BEGIN_DECLS

/* Sets (value non-NULL) or clears (value NULL: calendar and anchor are cleared too) a span's
 * normalised value. value: one line of UTF-8, at most HASHIYA_SPAN_VALUE_MAX characters;
 * calendar and anchor: NULL or a word of ASCII letters, digits, '_' and '-'. INVALID
 * otherwise, NOT_FOUND for no such span. */
#define HASHIYA_SPAN_VALUE_MAX 200
gboolean   hashiya_store_set_span_value   (HashiyaStore  *self,
                                           gint64         span_id,
                                           const char    *value,
                                           const char    *calendar,
                                           const char    *anchor,
                                           GError       **error);
/* The same checks, for readers (no store needed). */
gboolean   hashiya_span_value_check       (const char    *value,
                                           const char    *calendar,
                                           const char    *anchor,
                                           GError       **error);

/* Sets or clears (date NULL) a document's date (YYYY-MM-DD). */
gboolean   hashiya_store_set_document_date (HashiyaStore *self,
                                            gint64        doc_id,
                                            const char   *date,
                                            GError      **error);

/* ---- rejected suggestions ---- */

typedef struct
{
  gint64  doc_id;
  gint64  start;      /* code points, [start, end) */
  gint64  end;
  char   *label;
  char   *source;     /* "dates", "gazetteer", "dictionary" */
  char   *rejected_by;
  gint64  rejected_at;
} HashiyaRejection;

void       hashiya_rejection_free         (HashiyaRejection *rejection);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HashiyaRejection, hashiya_rejection_free)

/* Remembers that the suggestion [start, end) label in doc_id was rejected (again: kept as
 * the first time). annotator NULL = the default one. */
gboolean   hashiya_store_reject_suggestion (HashiyaStore *self,
                                            gint64        doc_id,
                                            gint64        start,
                                            gint64        end,
                                            const char   *label,
                                            const char   *source,
                                            const char   *annotator,
                                            GError      **error);
/* Forgets a rejection (undo); FALSE with NOT_FOUND when there was none. */
gboolean   hashiya_store_unreject_suggestion (HashiyaStore *self,
                                              gint64        doc_id,
                                              gint64        start,
                                              gint64        end,
                                              const char   *label,
                                              GError      **error);
/* A document's rejections (HashiyaRejection), by start. */
GPtrArray *hashiya_store_list_rejections  (HashiyaStore  *self,
                                           gint64         doc_id,
                                           GError       **error);

/* ---- user gazetteers ---- */

/* Stores a gazetteer (TSV, see hashiya-gazetteer.h) under name, replacing one of that name;
 * the data is checked first (HASHIYA_SUGGEST_ERROR_PARSE naming name:line, nothing stored). */
gboolean   hashiya_store_add_gazetteer    (HashiyaStore  *self,
                                           const char    *name,
                                           const char    *data,
                                           gssize         len,
                                           GError       **error);
gboolean   hashiya_store_remove_gazetteer (HashiyaStore  *self,
                                           const char    *name,
                                           GError       **error);
/* Names (char*), sorted; with the data in data_out (char*, same order) when non-NULL. */
GPtrArray *hashiya_store_list_gazetteers  (HashiyaStore  *self,
                                           GPtrArray    **data_out,
                                           GError       **error);

/* ---- confirmed spans ---- */

/* Calls func for every confirmed span of the project (origin "manual" or "suggested:…"):
 * its text and label. annotator NULL = every annotator's. */
typedef void (*HashiyaConfirmedFunc) (const char *text,
                                      const char *label,
                                      gpointer    user_data);
gboolean   hashiya_store_foreach_confirmed_span (HashiyaStore         *self,
                                                 const char           *annotator,
                                                 HashiyaConfirmedFunc  func,
                                                 gpointer              user_data,
                                                 GError              **error);

G_END_DECLS
