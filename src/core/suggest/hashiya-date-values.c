/* hashiya-date-values.c: values of date expressions (TIMEX3-like), Umm al-Qura conversion
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The second pass of the date recogniser: each expression found by hashiya-dates.c gets its
 * value, calendar, anchor, flags and reason. Hijri days go through ICU's islamic-umalqura
 * calendar in UTC; a date without a year takes the document date's year, else the weekday
 * chooses among the document's years, else the nearest earlier year.
 */
#include "config.h"

#include "suggest/hashiya-dates.h"
#include "suggest/hashiya-dates-private.h"

#include <stdio.h>
#include <string.h>
#include <unicode/ucal.h>
#include <unicode/uloc.h>
#include <glib/gi18n-lib.h>

/* ------------------------------------------------------------------------- */
/* Calendars                                                                  */
/* ------------------------------------------------------------------------- */

static const UChar utc_zone[] = { 'U', 'T', 'C', 0 };

static gboolean
icu_failed (UErrorCode  status,
            GError    **error)
{
  if (U_SUCCESS (status))
    return FALSE;
  g_set_error (error, HASHIYA_SUGGEST_ERROR, HASHIYA_SUGGEST_ERROR_ICU,
               _("ICU calendar error: %s"), u_errorName (status));
  return TRUE;
}

/* Converts a day between two calendars through UTC milliseconds; strict (no lenient roll-over). */
static gboolean
convert_day (const char  *from_locale,
             const char  *to_locale,
             int          y,
             int          m,
             int          d,
             int         *oy,
             int         *om,
             int         *od,
             GError     **error)
{
  UErrorCode status = U_ZERO_ERROR;
  UCalendar *from = ucal_open (utc_zone, -1, from_locale, UCAL_DEFAULT, &status);
  UCalendar *to = NULL;
  UDate ms = 0;
  gboolean ok = FALSE;

  if (icu_failed (status, error))
    goto out;
  ucal_setAttribute (from, UCAL_LENIENT, 0);
  ucal_clear (from);
  ucal_setDate (from, y, m - 1, d, &status);
  ms = ucal_getMillis (from, &status);
  if (icu_failed (status, error))
    goto out;
  to = ucal_open (utc_zone, -1, to_locale, UCAL_DEFAULT, &status);
  ucal_setMillis (to, ms, &status);
  *oy = ucal_get (to, UCAL_EXTENDED_YEAR, &status);
  *om = ucal_get (to, UCAL_MONTH, &status) + 1;
  *od = ucal_get (to, UCAL_DATE, &status);
  ok = !icu_failed (status, error);
out:
  if (from)
    ucal_close (from);
  if (to)
    ucal_close (to);
  return ok;
}

#define HIJRI_LOCALE "ar@calendar=islamic-umalqura"
#define GREGORIAN_LOCALE "en@calendar=gregorian"

gboolean
hashiya_hijri_to_gregorian (int      hijri_year,
                            int      hijri_month,
                            int      hijri_day,
                            int     *year,
                            int     *month,
                            int     *day,
                            GError **error)
{
  g_return_val_if_fail (year && month && day, FALSE);
  return convert_day (HIJRI_LOCALE, GREGORIAN_LOCALE, hijri_year, hijri_month, hijri_day,
                      year, month, day, error);
}

gboolean
hashiya_gregorian_to_hijri (int      year,
                            int      month,
                            int      day,
                            int     *hijri_year,
                            int     *hijri_month,
                            int     *hijri_day,
                            GError **error)
{
  g_return_val_if_fail (hijri_year && hijri_month && hijri_day, FALSE);
  return convert_day (GREGORIAN_LOCALE, HIJRI_LOCALE, year, month, day,
                      hijri_year, hijri_month, hijri_day, error);
}

static int
iso_weekday (int y, int m, int d)
{
  if (y < 1 || !g_date_valid_dmy (d, m, y))
    return 0;
  {
    GDate date;
    g_date_clear (&date, 1);
    g_date_set_dmy (&date, d, m, y);
    return g_date_get_weekday (&date);   /* G_DATE_MONDAY = 1 … G_DATE_SUNDAY = 7 */
  }
}

/* ------------------------------------------------------------------------- */
/* Pass 2: values                                                             */
/* ------------------------------------------------------------------------- */


static void
why_add (GString *why, const char *fragment)
{
  if (why->len)
    g_string_append (why, "; ");
  g_string_append (why, fragment);
}

static char *
iso_day (int y, int m, int d)
{
  return g_strdup_printf ("%04d-%02d-%02d", y, m, d);
}

/* Year of a month (and day) given relative to the document date: -1 the nearest strictly
 * before it, +1 strictly after, 0 its year. Compares in whichever calendar (y, m, d) are. */
static int
relative_year (int dy, int dm, int dd, int month, int day, int rel)
{
  int cmp = month != dm ? (month < dm ? -1 : 1) : (day == 0 ? 0 : (day < dd ? -1 : day > dd ? 1 : 0));

  if (rel < 0)
    return cmp < 0 ? dy : dy - 1;
  if (rel > 0)
    return cmp > 0 ? dy : dy + 1;
  return dy;
}


/* Index of the first year written at or after token t (years are in text order). */
static guint
years_lower_bound (GArray *years, guint t)
{
  guint lo = 0, hi = years->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      if (g_array_index (years, DocYear, mid).t < t)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

static int
nearest_earlier (GArray *years, guint t)
{
  guint k = years_lower_bound (years, t);

  return k > 0 ? g_array_index (years, DocYear, k - 1).year : 0;
}

/* The year nearest to token t (in tokens, either side) on which month/day falls on weekday;
 * 0 if none of the document's years fits. */
static int
weekday_year (GArray *years, GHashTable *distinct, guint t, int month, int day, int weekday)
{
  GHashTableIter iter;
  gpointer key;
  gboolean any = FALSE;
  guint r = years_lower_bound (years, t), l = r;

  g_hash_table_iter_init (&iter, distinct);
  while (!any && g_hash_table_iter_next (&iter, &key, NULL))
    any = iso_weekday (GPOINTER_TO_INT (key), month, day) == weekday;
  if (!any)
    return 0;
  /* Walk outwards from t, nearer side first. */
  while (l > 0 || r < years->len)
    {
      DocYear *left = l > 0 ? &g_array_index (years, DocYear, l - 1) : NULL;
      DocYear *right = r < years->len ? &g_array_index (years, DocYear, r) : NULL;
      DocYear *next;

      if (left && (!right || t - left->t <= right->t - t))
        {
          next = left;
          l--;
        }
      else
        {
          next = right;
          r++;
        }
      if (iso_weekday (next->year, month, day) == weekday)
        return next->year;
    }
  return 0;
}

HashiyaSuggestion *
date_resolve (SuggestDoc *doc,
              DateExpr   *e,
         DocDate    *dct,
         GArray     *greg_years,
         GHashTable *distinct_years,
         GArray     *hijri_years)
{
  g_autoptr(GString) why = g_string_new (NULL);
  HashiyaSuggestion *s;
  g_autofree char *value = NULL;
  const char *anchor = NULL;
  const char *calendar = "gregorian";
  HashiyaSuggestionFlags flags = 0;

  switch (e->kind)
    {
    case EXPR_VAGUE:
      value = g_strdup (e->vague);
      calendar = NULL;
      why_add (why, _("vague time reference"));
      break;

    case EXPR_WEEKDAY:
      value = g_strdup_printf ("XXXX-WXX-%d", e->weekday);
      why_add (why, _("a weekday alone"));
      break;

    case EXPR_REL_DAY:
      if (dct->set)
        {
          GDate d;
          g_date_clear (&d, 1);
          g_date_set_dmy (&d, dct->day, dct->month, dct->year);
          if (e->rel < 0)
            g_date_subtract_days (&d, -e->rel);
          else
            g_date_add_days (&d, e->rel);
          value = iso_day (g_date_get_year (&d), g_date_get_month (&d), g_date_get_day (&d));
          anchor = HASHIYA_SUGGEST_ANCHOR_DOCUMENT_DATE;
          why_add (why, _("relative day counted from the document date"));
        }
      else
        why_add (why, _("relative day: a value needs the document date"));
      break;

    case EXPR_REL_UNIT:
      if (dct->set)
        {
          anchor = HASHIYA_SUGGEST_ANCHOR_DOCUMENT_DATE;
          why_add (why, _("relative period counted from the document date"));
          if (e->unit == 'Y')
            value = g_strdup_printf ("%04d", dct->year + e->rel);
          else if (e->unit == 'M')
            {
              int m = dct->month - 1 + e->rel, y = dct->year;
              y += m < 0 ? -1 : m / 12;
              m = (m + 12) % 12;
              value = g_strdup_printf ("%04d-%02d", y, m + 1);
            }
          else
            {
              GDate d;
              guint week;
              g_date_clear (&d, 1);
              g_date_set_dmy (&d, dct->day, dct->month, dct->year);
              if (e->rel < 0)
                g_date_subtract_days (&d, 7);
              else if (e->rel > 0)
                g_date_add_days (&d, 7);
              week = g_date_get_iso8601_week_of_year (&d);
              /* The ISO week-numbering year is the year of that week's Thursday. */
              g_date_add_days (&d, 4 - (int) g_date_get_weekday (&d));
              value = g_strdup_printf ("%04d-W%02u", g_date_get_year (&d), week);
            }
        }
      else
        why_add (why, _("relative period: a value needs the document date"));
      break;

    case EXPR_SEASON:
      value = g_strdup_printf ("%04d-%s", e->year, e->season);
      why_add (why, _("season and year"));
      break;

    case EXPR_YEAR:
      if (e->era_hijri)
        {
          int y1, m1, d1, y2, m2, d2;
          calendar = "hijri";
          if (hashiya_hijri_to_gregorian (e->year, 1, 1, &y1, &m1, &d1, NULL)
              && hashiya_hijri_to_gregorian (e->year, 12, 29, &y2, &m2, &d2, NULL))
            {
              g_autofree char *a = iso_day (y1, m1, d1);
              g_autofree char *b = iso_day (y2, m2, d2);
              /* Translators: a Hijri year has no single Gregorian year; both ends are shown */
              g_string_append_printf (why, _("Hijri year %d runs from %s to %s (Umm al-Qura)"),
                                      e->year, a, b);
            }
        }
      else
        {
          value = g_strdup_printf ("%04d", e->year);
          why_add (why, _("a year after a year word or with an era"));
        }
      break;

    case EXPR_DATE:
      {
        int month = e->month, day = e->day, year = e->year;
        gboolean hijri = e->hijri;

        if (e->month2)
          {
            if (e->month2 != e->month || e->hijri2 != e->hijri)
              {
                flags |= HASHIYA_SUGGESTION_FLAG_MONTH_PAIR_MISMATCH;
                g_string_append_printf (why, _("the paired month names are different months (%d and %d); the first one is used"),
                                        e->month, e->month2);
              }
            else
              why_add (why, _("paired month names agree"));
          }
        if (hijri)
          {
            calendar = "hijri";
            if (year == 0 && dct->hijri_set)
              {
                year = e->has_rel ? relative_year (dct->hy, dct->hm, dct->hd, month, day, e->rel) : dct->hy;
                anchor = HASHIYA_SUGGEST_ANCHOR_DOCUMENT_DATE;
                why_add (why, _("no year in the text: the year of the document date"));
              }
            else if (year == 0 && (year = nearest_earlier (hijri_years, e->t0)))
              {
                anchor = HASHIYA_SUGGEST_ANCHOR_DOCUMENT_YEAR;
                g_string_append_printf (why, "%s", why->len ? "; " : "");
                g_string_append_printf (why, _("no year in the text: the year of an earlier date in the document (%d)"), year);
              }
            if (year == 0)
              why_add (why, _("Hijri date without a year: no Gregorian value"));
            else if (day)
              {
                int gy, gm, gd;
                if (!hashiya_hijri_to_gregorian (year, month, day, &gy, &gm, &gd, NULL))
                  return NULL;   /* a day this month does not have */
                value = iso_day (gy, gm, gd);
                why_add (why, _("Hijri date converted with ICU's Umm al-Qura calendar"));
                if (e->weekday && iso_weekday (gy, gm, gd) != e->weekday)
                  {
                    flags |= HASHIYA_SUGGESTION_FLAG_WEEKDAY_MISMATCH;
                    why_add (why, _("the weekday does not fall on this date"));
                  }
              }
            else
              {
                int y1, m1, d1, y2, m2, d2;
                if (hashiya_hijri_to_gregorian (year, month, 1, &y1, &m1, &d1, NULL)
                    && hashiya_hijri_to_gregorian (month == 12 ? year + 1 : year, month == 12 ? 1 : month + 1, 1,
                                                   &y2, &m2, &d2, NULL))
                  {
                    g_autofree char *a = iso_day (y1, m1, d1);
                    g_autofree char *b = NULL;
                    GDate last;
                    g_date_clear (&last, 1);
                    g_date_set_dmy (&last, d2, m2, y2);
                    g_date_subtract_days (&last, 1);
                    b = iso_day (g_date_get_year (&last), g_date_get_month (&last), g_date_get_day (&last));
                    if (why->len)
                      g_string_append (why, "; ");
                    g_string_append_printf (why, _("Hijri month %d of %d runs from %s to %s (Umm al-Qura)"),
                                            month, year, a, b);
                  }
              }
            break;
          }

        /* Gregorian. */
        if (year == 0 && dct->set)
          {
            anchor = HASHIYA_SUGGEST_ANCHOR_DOCUMENT_DATE;
            if (e->has_rel)
              {
                year = relative_year (dct->year, dct->month, dct->day, month, day, e->rel);
                why_add (why, _("no year in the text: the relative word counted from the document date"));
              }
            else
              {
                year = dct->year;
                if (e->weekday && day && iso_weekday (year, month, day) != e->weekday)
                  {
                    /* The weekday may say the date is in the neighbouring year (an article
                     * of early January about 29 December). */
                    for (int dy = -1; dy <= 1; dy += 2)
                      if (iso_weekday (dct->year + dy, month, day) == e->weekday)
                        year = dct->year + dy;
                  }
                why_add (why, year == dct->year ? _("no year in the text: the year of the document date")
                                                : _("no year in the text: the weekday chose the year next to the document date's"));
              }
          }
        else if (year == 0)
          {
            int earlier = nearest_earlier (greg_years, e->t0);

            if (e->weekday && day)
              {
                /* The weekday chooses among the document's years: the nearest one it fits. */
                int best = weekday_year (greg_years, distinct_years, e->t0, month, day, e->weekday);

                if (best)
                  {
                    year = best;
                    anchor = HASHIYA_SUGGEST_ANCHOR_DOCUMENT_YEAR;
                    if (why->len)
                      g_string_append (why, "; ");
                    g_string_append_printf (why, _("no year in the text: the weekday fits %d, a year of the document"), year);
                  }
                else if (greg_years->len)
                  {
                    flags |= HASHIYA_SUGGESTION_FLAG_WEEKDAY_MISMATCH;
                    why_add (why, _("the weekday fits none of the document's years"));
                  }
              }
            if (year == 0 && earlier)
              {
                year = earlier;
                anchor = HASHIYA_SUGGEST_ANCHOR_DOCUMENT_YEAR;
                if (why->len)
                  g_string_append (why, "; ");
                g_string_append_printf (why, _("no year in the text: the year of an earlier date in the document (%d)"), year);
              }
          }

        if (day && year && !g_date_valid_dmy (day, month, year))
          return NULL;   /* 31 شباط: not a date */
        if (day && year == 0 && !g_date_valid_dmy (day, month, 2000))
          return NULL;
        if (year == 0)
          {
            value = day ? g_strdup_printf ("XXXX-%02d-%02d", month, day) : g_strdup_printf ("XXXX-%02d", month);
            why_add (why, _("no year in the text, no document date and no earlier year"));
          }
        else
          {
            value = day ? iso_day (year, month, day) : g_strdup_printf ("%04d-%02d", year, month);
            if (e->numeric)
              why_add (why, _("a date written in digits"));
            else if (e->year)
              why_add (why, day ? _("Gregorian day, month and year") : _("Gregorian month and year"));
            if (e->weekday && day && !(flags & HASHIYA_SUGGESTION_FLAG_WEEKDAY_MISMATCH)
                && iso_weekday (year, month, day) != e->weekday)
              {
                flags |= HASHIYA_SUGGESTION_FLAG_WEEKDAY_MISMATCH;
                why_add (why, _("the weekday does not fall on this date"));
              }
          }
      }
      break;
    }

  s = suggest_doc_make (doc, doc->tokens[e->t0].ks + e->prefix, doc->tokens[e->t1 - 1].ke, "DATE",
                        HASHIYA_SUGGEST_SOURCE_DATES);
  s->value = g_steal_pointer (&value);
  s->calendar = g_strdup (calendar);
  s->anchor = g_strdup (anchor);
  s->flags = flags;
  s->why = g_strdup_printf ("%s: %s", _("dates"), why->str);
  return s;
}

gboolean
date_parse_document_date (const char *iso,
                     DocDate    *dct,
                     GError    **error)
{
  int y, m, d;
  char tail;

  memset (dct, 0, sizeof *dct);
  if (iso == NULL || *iso == '\0')
    return TRUE;
  if (strlen (iso) != 10 || sscanf (iso, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3
      || iso[4] != '-' || iso[7] != '-' || y < 1 || !g_date_valid_dmy (d, m, y))
    {
      g_set_error (error, HASHIYA_SUGGEST_ERROR, HASHIYA_SUGGEST_ERROR_INVALID_DATE,
                   _("“%s” is not a document date of the form YYYY-MM-DD"), iso);
      return FALSE;
    }
  dct->year = y;
  dct->month = m;
  dct->day = d;
  dct->set = TRUE;
  dct->hijri_set = hashiya_gregorian_to_hijri (y, m, d, &dct->hy, &dct->hm, &dct->hd, NULL);
  return TRUE;
}
