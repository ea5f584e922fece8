/* hashiya-dates-private.h: what the date parser hands to the value pass (not installed API)
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "suggest/hashiya-suggestion-private.h"

G_BEGIN_DECLS

typedef enum
{
  EXPR_DATE,       /* day and/or month, maybe weekday, year */
  EXPR_SEASON,
  EXPR_YEAR,
  EXPR_REL_DAY,
  EXPR_REL_UNIT,
  EXPR_VAGUE,
  EXPR_WEEKDAY,
} ExprKind;

typedef struct
{
  ExprKind    kind;
  guint       t0, t1;       /* tokens [t0, t1) */
  guint       prefix;       /* key characters of a conjunction on token t0, left outside */
  int         weekday;
  int         day;
  int         month;
  gboolean    hijri;
  gboolean    numeric;      /* written in digits: 30/10/1965, 2019-03-08 */
  int         month2;       /* paired name's month, 0 if none */
  gboolean    hijri2;
  int         year;
  gboolean    era_hijri;
  gboolean    has_rel;
  int         rel;
  char        unit;
  const char *season;
  const char *vague;
} DateExpr;

/* The document date, in both calendars. */
typedef struct
{
  int      year, month, day;
  gboolean set;
  int      hy, hm, hd;     /* the document date in Umm al-Qura */
  gboolean hijri_set;
} DocDate;

/* A Gregorian or Hijri year written in the document, at token t. */
typedef struct
{
  guint t;       /* token where the year was written */
  int   year;
} DocYear;

/* Parses "YYYY-MM-DD" (NULL or "" = no document date). */
gboolean           date_parse_document_date (const char  *iso,
                                             DocDate     *dct,
                                             GError     **error);

/* The suggestion for one expression, with its value; NULL for a day the month does not have.
 * greg_years and hijri_years: the document's written years in text order; distinct_years:
 * the set of Gregorian ones. */
HashiyaSuggestion *date_resolve             (SuggestDoc  *doc,
                                             DateExpr    *e,
                                             DocDate     *dct,
                                             GArray      *greg_years,
                                             GHashTable  *distinct_years,
                                             GArray      *hijri_years);

G_END_DECLS
