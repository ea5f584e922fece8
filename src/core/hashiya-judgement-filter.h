/* hashiya-judgement-filter.h: the small "--where" language over judgement values
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   expr   := or
 *   or     := and ( "or" and )*
 *   and    := unary ( "and" unary )*
 *   unary  := "not" unary | "(" expr ")" | test
 *   test   := FIELD "=" VALUE | FIELD "!=" VALUE | FIELD "is" "unset" | FIELD "is" "set"
 *   FIELD  := identifier (letters, digits, "_")
 *   VALUE  := a word (letters, digits, "_", "-", any non-ASCII) or a "double-quoted" string
 *             (\" and \\ inside)
 * Keywords (and, or, not, is, set, unset) are case-insensitive. Examples:
 *   decision=review
 *   offensive=yes and decision=approve
 *   target=religion            (multi choice: religion is among the chosen)
 *   target!=religion           (… is not among them, or the field is unset)
 *   note is unset
 *
 * A test on a field compares its value (hashiya_judgement_get_value): "=" is equality (for
 * multi choice: membership), "!=" its negation (so an unset field is != any value).
 * Parse errors: HASHIYA_FILTER_ERROR_PARSE, message "at character N: …" (N counts code points
 * from 1) and the 0-based code-point offset in *error_offset.
 */
#pragma once

#include <glib.h>
#include "hashiya-judgement-schema.h"

G_BEGIN_DECLS

#define HASHIYA_FILTER_ERROR (hashiya_filter_error_quark ())

typedef enum
{
  HASHIYA_FILTER_ERROR_PARSE,      /* the expression is not in the language */
  HASHIYA_FILTER_ERROR_FIELD,      /* a field the schema does not have */
  HASHIYA_FILTER_ERROR_VALUE,      /* a value the field cannot have */
} HashiyaFilterError;

GQuark hashiya_filter_error_quark (void);

typedef struct _HashiyaJudgementFilter HashiyaJudgementFilter;

/* NULL on error; error_offset (may be NULL) gets the 0-based code-point offset of the error. */
HashiyaJudgementFilter *hashiya_judgement_filter_parse (const char *expr, int *error_offset,
                                                        GError **error);
void                    hashiya_judgement_filter_free  (HashiyaJudgementFilter *filter);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HashiyaJudgementFilter, hashiya_judgement_filter_free)

/* Every field is in the schema and every value one that field can have (choices, yes/no).
 * Also records which fields are multi choice: call it before matches, or "=" on a multi-choice
 * field compares the whole value ("race,religion") instead of testing membership. */
gboolean hashiya_judgement_filter_check   (const HashiyaJudgementFilter *filter,
                                           const HashiyaJudgementSchema *schema,
                                           GError **error);
/* j NULL tests an empty judgement (every field unset). */
gboolean hashiya_judgement_filter_matches (const HashiyaJudgementFilter *filter,
                                           const HashiyaJudgement *j);
/* The expression written back in a normal form (for messages and tests). */
char    *hashiya_judgement_filter_to_string (const HashiyaJudgementFilter *filter);

G_END_DECLS
