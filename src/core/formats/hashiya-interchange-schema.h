/* hashiya-interchange-schema.h: judgement schema fields and reply links in the interchange formats (doccano, spaCy, Label Studio)
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Custom fields (every field of the project's schema that is not a built-in one, see
 * hashiya-judgement-schema.h) travel as categories "comment-N/FIELD=CHOICE": one for a
 * single choice or yes/no, one per choice for a multi-choice field. Free-text fields cannot
 * be a category: each value is a loss item naming the field. Reply links travel in the
 * document's meta as "parent": {"N": P, …} (comment N replies to comment P), written only
 * when a document has a reply.
 */
#pragma once

#include <json-glib/json-glib.h>
#include "hashiya-format.h"
#include "hashiya-judgement-schema.h"

G_BEGIN_DECLS

/* The custom fields of j with a value, in schema order (schema NULL: the values' names,
 * sorted): emit (field, value, data) once per value, once per choice of a multi-choice field;
 * a free-text value goes to lost (field, value, data) instead. */
typedef void (*HashiyaIxValueFunc) (const char *field, const char *value, gpointer data);
void     hashiya_ix_foreach_custom_value (const HashiyaJudgementSchema *schema,
                                          const HashiyaJudgement *j,
                                          HashiyaIxValueFunc emit, HashiyaIxValueFunc lost,
                                          gpointer data);

/* Adds value to j's custom field (a second value of the same field makes a multi-choice
 * "a,b"); FALSE when field is not a field name. */
gboolean hashiya_ix_add_custom_value     (HashiyaJudgement *j, const char *field, const char *value);

/* Writes meta "parent" when any comment of segments replies to another. */
void     hashiya_ix_add_parents          (JsonBuilder *b, GArray *segments);
/* Reads meta "parent" into segments (comments numbered 1..n in order); an entry naming a
 * comment that is not there, or a parent that is not an earlier comment, is an error. */
gboolean hashiya_ix_read_parents         (JsonObject *meta, const char *where, GArray *segments,
                                          GError **error);

/* The names of the fields j has a value for, joined with ", " (schema order; schema NULL:
 * the built-in names, then the custom ones sorted), for loss reports. */
char    *hashiya_ix_judgement_field_list (const HashiyaJudgementSchema *schema,
                                          const HashiyaJudgement *j);
/* One loss item per comment of segments that replies to another, for a format with no place
 * for reply links (format: its name in the message). */
void     hashiya_ix_report_replies       (HashiyaExportReport *report, const HashiyaDocument *doc,
                                          GArray *segments, const char *format);

/* "comment-3/target=race" → comment, field and value (newly allocated); FALSE otherwise. */
gboolean hashiya_ix_split_cat            (const char *cat, int *comment, char **field, char **value);

G_END_DECLS
