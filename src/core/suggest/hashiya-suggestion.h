/* hashiya-suggestion.h: a proposed span (dates, gazetteer, learned dictionary) with its value and reason
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Suggestions are computed from a document's text only; nothing here touches a project.
 * Offsets are code points of the original text, [start, end), like every span in Hashiya.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define HASHIYA_SUGGEST_ERROR (hashiya_suggest_error_quark ())

typedef enum
{
  HASHIYA_SUGGEST_ERROR_INVALID_DATE,   /* a document date that is not YYYY-MM-DD */
  HASHIYA_SUGGEST_ERROR_PARSE,          /* a list line that cannot be read; message names file:line */
  HASHIYA_SUGGEST_ERROR_DATA,           /* shipped data missing or broken (a build defect) */
  HASHIYA_SUGGEST_ERROR_ICU,            /* ICU refused (calendar, locale); message names the ICU error */
} HashiyaSuggestError;

GQuark hashiya_suggest_error_quark (void);

typedef enum
{
  HASHIYA_SUGGESTION_FLAG_NONE                = 0,
  HASHIYA_SUGGESTION_FLAG_WEEKDAY_MISMATCH    = 1 << 0, /* the weekday fits neither the date nor any candidate year */
  HASHIYA_SUGGESTION_FLAG_MONTH_PAIR_MISMATCH = 1 << 1, /* كانون الأول/نوفمبر: the two names are different months */
  HASHIYA_SUGGESTION_FLAG_CONFLICTING_LABELS  = 1 << 2, /* the dictionary holds this surface under several labels */
} HashiyaSuggestionFlags;

#define HASHIYA_SUGGEST_SOURCE_DATES      "dates"
#define HASHIYA_SUGGEST_SOURCE_GAZETTEER  "gazetteer"
#define HASHIYA_SUGGEST_SOURCE_DICTIONARY "dictionary"

/* Anchors of a value that the text alone does not fix. */
#define HASHIYA_SUGGEST_ANCHOR_DOCUMENT_DATE "document_date"  /* the year (or the day) comes from the document's date */
#define HASHIYA_SUGGEST_ANCHOR_DOCUMENT_YEAR "document_year"  /* the year of another date in the same document */

typedef struct
{
  gsize                  start;     /* code points of the original text, [start, end) */
  gsize                  end;
  char                  *label;     /* "DATE", "LOC", "ORG", … */
  char                  *text;      /* the original text of [start, end) */
  char                  *value;     /* TIMEX3-like value ("2019-03-08", "2019-03", "2019", "2014-SU",
                                     * "XXXX-03-08", "PRESENT_REF"), or NULL when none can be given */
  char                  *calendar;  /* "gregorian" or "hijri" for dates (the calendar of the text;
                                     * the value is always Gregorian), else NULL */
  char                  *anchor;    /* NULL (the text fixes the value) or HASHIYA_SUGGEST_ANCHOR_* */
  const char            *source;    /* HASHIYA_SUGGEST_SOURCE_* (static string) */
  char                  *why;       /* one line for a person: the rule, list or entry behind it */
  guint                  count;     /* dictionary: confirmations behind the label; else 0 */
  HashiyaSuggestionFlags flags;
} HashiyaSuggestion;

#define HASHIYA_TYPE_SUGGESTION (hashiya_suggestion_get_type ())
GType              hashiya_suggestion_get_type (void) G_GNUC_CONST;

HashiyaSuggestion *hashiya_suggestion_new      (gsize                    start,
                                                gsize                    end,
                                                const char              *label,
                                                const char              *text,
                                                const char              *source);
HashiyaSuggestion *hashiya_suggestion_copy     (const HashiyaSuggestion *suggestion);
void               hashiya_suggestion_free     (HashiyaSuggestion       *suggestion);

/* "weekday mismatch, month pair mismatch, conflicting labels" (untranslated keywords, stable
 * for JSON and tests); "" when flags is 0. */
char              *hashiya_suggestion_flags_to_string (HashiyaSuggestionFlags flags);

/* Sorts by start, then longer first. */
void               hashiya_suggestions_sort    (GPtrArray               *suggestions);

/* Removes, in place, every suggestion that overlaps one of the n ranges [starts[i], ends[i])
 * (the document's existing spans, or rejected suggestions). */
void               hashiya_suggestions_remove_overlapping (GPtrArray   *suggestions,
                                                           const gsize *starts,
                                                           const gsize *ends,
                                                           guint        n);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HashiyaSuggestion, hashiya_suggestion_free)

G_END_DECLS
