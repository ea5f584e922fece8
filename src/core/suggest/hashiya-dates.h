/* hashiya-dates.h: Arabic date expressions with TIMEX3-like values (Gregorian and Hijri)
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Rules (issue 14, point 1), run over the search key of the text with the lexicon
 * data/suggest/dates-ar.json (a GResource of the core):
 *   [WEEKDAY] [DAY] MONTH [(/|(|-|–|أو) MONTH [)]] [[من] [عام] YEAR [ERA]] [REL]
 *   SEASON [عام] YEAR → YYYY-SU|FA|WI|SP; YEAR-WORD YEAR → the year alone;
 *   YEAR + Hijri era (or ميلادي/للميلاد); relative days; العام/الشهر/الأسبوع + modifier;
 *   vague references (حاليًا → PRESENT_REF); a weekday alone.
 * Triggers (يوم، في، بتاريخ، شهر، عام) stay outside the spans. A bare number is never a date.
 * Ambiguous names fire only next to a day or a year, after شهر (or, for a month, paired with a
 * name that is not ambiguous; for a weekday, after يوم).
 */
#pragma once

#include "suggest/hashiya-suggestion.h"

G_BEGIN_DECLS

/* The date suggestions of text (UTF-8, len -1 = NUL-terminated), label "DATE", source
 * "dates", sorted by start. document_date: "YYYY-MM-DD" or NULL; it fixes the year of dates
 * written without one (anchor "document_date") and resolves relative words. Without it a
 * date without a year takes the year of the nearest earlier date with a year (anchor
 * "document_year"), or the weekday chooses among the document's years, else XXXX-MM-DD.
 * Fails only for a malformed document_date (HASHIYA_SUGGEST_ERROR_INVALID_DATE) or broken
 * shipped data. Thread-safe. */
GPtrArray *hashiya_suggest_dates       (const char  *text,
                                        gssize       len,
                                        const char  *document_date,
                                        GError     **error);

/* Umm al-Qura (ICU islamic-umalqura, UTC) conversions; FALSE with HASHIYA_SUGGEST_ERROR_ICU
 * for a day the calendar does not have (30 of a 29-day month). Months are 1–12. */
gboolean   hashiya_hijri_to_gregorian  (int          hijri_year,
                                        int          hijri_month,
                                        int          hijri_day,
                                        int         *year,
                                        int         *month,
                                        int         *day,
                                        GError     **error);
gboolean   hashiya_gregorian_to_hijri  (int          year,
                                        int          month,
                                        int          day,
                                        int         *hijri_year,
                                        int         *hijri_month,
                                        int         *hijri_day,
                                        GError     **error);

G_END_DECLS
