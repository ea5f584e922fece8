/* hashiya-dates.c: Arabic date expressions with TIMEX3-like values (Gregorian and Hijri)
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two passes over the tokenised search key: the first (here) finds expressions and what they
 * say (weekday, day, month, year, era, relative word); the second (hashiya-date-values.c)
 * gives values, because a date without a year needs the years of the whole document (the
 * nearest earlier one, or the one its weekday fits).
 */
#include "config.h"

#include "suggest/hashiya-dates.h"
#include "suggest/hashiya-suggestion-private.h"
#include "suggest/hashiya-dates-private.h"
#include "hashiya-suggest-resources.h"

#include <string.h>
#include <json-glib/json-glib.h>
#include <glib/gi18n-lib.h>

#define DATES_RESOURCE "/io/github/hashiya/Hashiya/suggest/dates-ar.json"

/* ------------------------------------------------------------------------- */
/* Lexicon                                                                    */
/* ------------------------------------------------------------------------- */

typedef struct
{
  guint8  greg_month;      /* 1-12 or 0 */
  guint8  hijri_month;
  guint8  weekday;         /* ISO 1-7 */
  guint8  ordinal;         /* 1-31 */
  char    season[3];       /* "SU" … or "" */
  gint8   rel_mod;
  gint8   rel_day;
  char    rel_unit;        /* 'W' 'M' 'Y' or 0 */
  guint   has_rel_mod : 1;
  guint   has_rel_day : 1;
  guint   needs_context : 1;
  guint   day_trigger : 1;
  guint   month_trigger : 1;
  guint   year_trigger : 1;
  guint   era_gregorian : 1;
  guint   era_hijri : 1;
  guint   joiner : 1;
  guint   ordinal_link : 1;
  guint   date_link : 1;
  const char *vague;       /* interned value or NULL */
} DateWord;

typedef struct
{
  SuggestPhrases phrases;  /* phrase key -> DateWord */
} DateLexicon;

static DateWord *
lexicon_word (DateLexicon *lex,
              const char  *surface)
{
  guint n = 0;
  g_autofree char *key = suggest_phrase_key (surface, &n);
  DateWord *w;

  /* The joiners are single punctuation characters: one token each. */
  if (key == NULL)
    {
      key = g_strstrip (hashiya_normalize_key (surface, -1));
      n = 1;
      if (g_utf8_strlen (key, -1) != 1)
        return NULL;
    }
  w = g_hash_table_lookup (lex->phrases.table, key);
  if (w == NULL)
    {
      w = g_new0 (DateWord, 1);
      suggest_phrases_note_first (&lex->phrases, key);
      g_hash_table_insert (lex->phrases.table, g_steal_pointer (&key), w);
      lex->phrases.max_tokens = MAX (lex->phrases.max_tokens, n);
    }
  return w;
}

typedef void (*WordSetter) (DateWord *w, JsonNode *value);

static void set_greg (DateWord *w, JsonNode *v) { w->greg_month = json_node_get_int (v); }
static void set_hijri (DateWord *w, JsonNode *v) { w->hijri_month = json_node_get_int (v); }
static void set_weekday (DateWord *w, JsonNode *v) { w->weekday = json_node_get_int (v); }
static void set_ordinal (DateWord *w, JsonNode *v) { w->ordinal = json_node_get_int (v); }
static void set_rel_mod (DateWord *w, JsonNode *v) { w->rel_mod = json_node_get_int (v); w->has_rel_mod = TRUE; }
static void set_rel_day (DateWord *w, JsonNode *v) { w->rel_day = json_node_get_int (v); w->has_rel_day = TRUE; }
static void set_rel_unit (DateWord *w, JsonNode *v) { w->rel_unit = json_node_get_string (v)[0]; }
static void set_season (DateWord *w, JsonNode *v) { g_strlcpy (w->season, json_node_get_string (v), sizeof w->season); }
static void set_vague (DateWord *w, JsonNode *v) { w->vague = g_intern_string (json_node_get_string (v)); }
static void set_needs_context (DateWord *w, JsonNode *v) { w->needs_context = TRUE; }
static void set_day_trigger (DateWord *w, JsonNode *v) { w->day_trigger = TRUE; }
static void set_month_trigger (DateWord *w, JsonNode *v) { w->month_trigger = TRUE; }
static void set_year_trigger (DateWord *w, JsonNode *v) { w->year_trigger = TRUE; }
static void set_era_g (DateWord *w, JsonNode *v) { w->era_gregorian = TRUE; }
static void set_era_h (DateWord *w, JsonNode *v) { w->era_hijri = TRUE; }
static void set_joiner (DateWord *w, JsonNode *v) { w->joiner = TRUE; }
static void set_ordinal_link (DateWord *w, JsonNode *v) { w->ordinal_link = TRUE; }
static void set_date_link (DateWord *w, JsonNode *v) { w->date_link = TRUE; }

static const struct
{
  const char *member;
  gboolean    is_object;   /* {form: value} rather than [form, …] */
  WordSetter  set;
} lexicon_members[] = {
  { "gregorian_months", TRUE, set_greg },
  { "hijri_months", TRUE, set_hijri },
  { "weekdays", TRUE, set_weekday },
  { "ordinal_days", TRUE, set_ordinal },
  { "relative_modifiers", TRUE, set_rel_mod },
  { "relative_days", TRUE, set_rel_day },
  { "relative_units", TRUE, set_rel_unit },
  { "seasons", TRUE, set_season },
  { "vague_refs", TRUE, set_vague },
  { "needs_context", FALSE, set_needs_context },
  { "day_triggers", FALSE, set_day_trigger },
  { "month_triggers", FALSE, set_month_trigger },
  { "year_triggers", FALSE, set_year_trigger },
  { "era_gregorian", FALSE, set_era_g },
  { "era_hijri", FALSE, set_era_h },
  { "month_joiners", FALSE, set_joiner },
  { "ordinal_day_link", FALSE, set_ordinal_link },
  { "date_links", FALSE, set_date_link },
};

static DateLexicon *
lexicon_load (GError **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree DateLexicon *lex = NULL;
  JsonObject *root;

  bytes = g_resource_lookup_data (hashiya_suggest_get_resource (), DATES_RESOURCE,
                                  G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (bytes == NULL)
    return NULL;
  if (!json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL),
                                   g_bytes_get_size (bytes), error))
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, HASHIYA_SUGGEST_ERROR, HASHIYA_SUGGEST_ERROR_DATA,
                   _("%s: the date lexicon is not a JSON object"), DATES_RESOURCE);
      return NULL;
    }
  root = json_node_get_object (json_parser_get_root (parser));
  lex = g_new0 (DateLexicon, 1);
  suggest_phrases_init (&lex->phrases, g_free);

  for (guint m = 0; m < G_N_ELEMENTS (lexicon_members); m++)
    {
      JsonNode *node = json_object_get_member (root, lexicon_members[m].member);

      if (node == NULL
          || (lexicon_members[m].is_object && !JSON_NODE_HOLDS_OBJECT (node))
          || (!lexicon_members[m].is_object && !JSON_NODE_HOLDS_ARRAY (node)))
        {
          g_set_error (error, HASHIYA_SUGGEST_ERROR, HASHIYA_SUGGEST_ERROR_DATA,
                       _("%s: member “%s” is missing or of the wrong type"),
                       DATES_RESOURCE, lexicon_members[m].member);
          suggest_phrases_clear (&lex->phrases);
          return NULL;
        }
      if (lexicon_members[m].is_object)
        {
          JsonObject *o = json_node_get_object (node);
          g_autoptr(GList) names = json_object_get_members (o);

          for (GList *l = names; l; l = l->next)
            {
              DateWord *w = lexicon_word (lex, l->data);
              if (w)
                lexicon_members[m].set (w, json_object_get_member (o, l->data));
            }
        }
      else
        {
          JsonArray *a = json_node_get_array (node);

          for (guint k = 0; k < json_array_get_length (a); k++)
            {
              const char *form = json_array_get_string_element (a, k);
              DateWord *w = form ? lexicon_word (lex, form) : NULL;
              if (w)
                lexicon_members[m].set (w, NULL);
            }
        }
    }
  return g_steal_pointer (&lex);
}

static DateLexicon *
lexicon_get (GError **error)
{
  static DateLexicon *lexicon;
  static GMutex lock;
  DateLexicon *lex;

  g_mutex_lock (&lock);
  if (lexicon == NULL)
    lexicon = lexicon_load (error);
  lex = lexicon;
  g_mutex_unlock (&lock);
  return lex;
}

/* ------------------------------------------------------------------------- */
/* Pass 1: expressions                                                        */
/* ------------------------------------------------------------------------- */

typedef struct
{
  DateLexicon *lex;
  SuggestDoc  *doc;
  GString     *buf;   /* phrase being looked up */
} Parser;

static const DateWord *word_at_from (Parser *p, guint i, guint skip,
                                     gboolean (*want) (const DateWord *), guint *n_tokens);

static const DateWord *
word_at (Parser   *p,
         guint     i,
         gboolean (*want) (const DateWord *),
         guint    *n_tokens)
{
  return word_at_from (p, i, 0, want, n_tokens);
}

/* As word_at, also after a conjunction و or ف written on the first word (والعام الماضي);
 * *prefix gets the key characters of the conjunction, which stay outside the span. */
static const DateWord *
word_at_clitic (Parser   *p,
                guint     i,
                gboolean (*want) (const DateWord *),
                guint    *n_tokens,
                guint    *prefix)
{
  const DateWord *w = word_at_from (p, i, 0, want, n_tokens);
  const SuggestToken *t;

  *prefix = 0;
  if (w != NULL || i >= p->doc->n_tokens)
    return w;
  t = &p->doc->tokens[i];
  if (t->kind != SUGGEST_TOKEN_WORD || t->ke - t->ks < 3
      || (p->doc->key[t->ks] != 0x0648 && p->doc->key[t->ks] != 0x0641))
    return NULL;
  w = word_at_from (p, i, 1, want, n_tokens);
  if (w)
    *prefix = 1;
  return w;
}

static const DateWord *
word_at_from (Parser   *p,
              guint     i,
              guint     skip,
              gboolean (*want) (const DateWord *),
              guint    *n_tokens)
{
  SuggestDoc *doc = p->doc;
  GString *buf = p->buf;
  guint max;

  if (i >= doc->n_tokens
      || !suggest_phrases_starts (&p->lex->phrases,
                                  g_utf8_offset_to_pointer (doc->tokens[i].str, skip)))
    return NULL;
  max = MIN (p->lex->phrases.max_tokens, doc->n_tokens - i);
  for (guint n = max; n >= 1; n--)
    {
      const DateWord *w;

      g_string_truncate (buf, 0);
      for (guint k = 0; k < n; k++)
        {
          if (k)
            g_string_append_c (buf, ' ');
          g_string_append (buf, k ? doc->tokens[i + k].str
                                  : g_utf8_offset_to_pointer (doc->tokens[i].str, skip));
        }
      w = g_hash_table_lookup (p->lex->phrases.table, buf->str);
      if (w && (want == NULL || want (w)))
        {
          *n_tokens = n;
          return w;
        }
      /* The longest phrase decides: ربيع الأول is a month, so ربيع there is no season. */
      if (w && want != NULL)
        return NULL;
    }
  return NULL;
}

static gboolean is_month (const DateWord *w) { return w->greg_month || w->hijri_month; }
static gboolean is_weekday (const DateWord *w) { return w->weekday != 0; }
static gboolean is_ordinal (const DateWord *w) { return w->ordinal != 0; }
static gboolean is_season (const DateWord *w) { return w->season[0] != 0; }
static gboolean is_year_trigger (const DateWord *w) { return w->year_trigger; }
static gboolean is_era (const DateWord *w) { return w->era_gregorian || w->era_hijri; }
static gboolean is_rel_mod (const DateWord *w) { return w->has_rel_mod; }
static gboolean is_rel_day (const DateWord *w) { return w->has_rel_day; }
static gboolean is_rel_unit (const DateWord *w) { return w->rel_unit != 0; }
static gboolean is_vague (const DateWord *w) { return w->vague != NULL; }
static gboolean is_joiner (const DateWord *w) { return w->joiner; }
static gboolean is_ordinal_link (const DateWord *w) { return w->ordinal_link; }
static gboolean is_date_link (const DateWord *w) { return w->date_link; }
static gboolean is_month_trigger (const DateWord *w) { return w->month_trigger; }
static gboolean is_day_trigger (const DateWord *w) { return w->day_trigger; }

static gboolean
token_is (Parser *p, guint i, const char *s)
{
  return i < p->doc->n_tokens && strcmp (p->doc->tokens[i].str, s) == 0;
}

/* A four-digit year at token i (never a decimal). */
static gboolean
year_at (Parser *p, guint i, int *year)
{
  const SuggestToken *t;

  if (i >= p->doc->n_tokens)
    return FALSE;
  t = &p->doc->tokens[i];
  if (t->kind != SUGGEST_TOKEN_NUMBER || t->decimal || t->n_digits != 4 || t->number < 1000)
    return FALSE;
  *year = (int) t->number;
  return TRUE;
}

static gboolean
day_number_at (Parser *p, guint i, int *day)
{
  const SuggestToken *t;

  if (i >= p->doc->n_tokens)
    return FALSE;
  t = &p->doc->tokens[i];
  if (t->kind != SUGGEST_TOKEN_NUMBER || t->decimal || t->n_digits > 2
      || t->number < 1 || t->number > 31)
    return FALSE;
  *day = (int) t->number;
  return TRUE;
}

/* Does the token before i, if any, satisfy want (a trigger)? */
static gboolean
preceded_by (Parser *p, guint i, gboolean (*want) (const DateWord *))
{
  guint n;

  for (guint back = 1; back <= 2 && back <= i; back++)
    {
      const DateWord *w = word_at (p, i - back, want, &n);
      if (w && i - back + n == i)
        return TRUE;
    }
  return FALSE;
}

/* [YEAR-WORD|من …] YEAR [ERA] at j; advances *j past it. */
static gboolean
parse_year_part (Parser *p, guint *j, DateExpr *e)
{
  guint k = *j, n;

  if (token_is (p, k, "من"))
    k++;
  if (word_at (p, k, is_year_trigger, &n))
    k += n;
  if (!year_at (p, k, &e->year))
    return FALSE;
  k++;
  {
    const DateWord *era = word_at (p, k, is_era, &n);
    if (era)
      {
        e->era_hijri = era->era_hijri;
        k += n;
      }
  }
  *j = k;
  return TRUE;
}

/* The main pattern: [WEEKDAY [،] [الموافق]] [DAY] MONTH [JOIN MONTH] [YEAR [ERA]] [REL]. */
static gboolean
parse_date (Parser *p, guint i, DateExpr *e)
{
  guint j = i, n;
  const DateWord *w, *m;
  gboolean weekday_ambiguous = FALSE, month_ambiguous, context;
  guint wd_end = i;

  memset (e, 0, sizeof *e);
  e->kind = EXPR_DATE;
  e->t0 = i;

  if ((w = word_at_clitic (p, j, is_weekday, &n, &e->prefix)))
    {
      wd_end = j + n;
      e->weekday = w->weekday;
      weekday_ambiguous = w->needs_context;
      j += n;
      if (token_is (p, j, "،") || token_is (p, j, ","))
        j++;
      if (word_at (p, j, is_date_link, &n))
        j += n;
    }
  if (day_number_at (p, j, &e->day))
    j++;
  else if ((w = word_at (p, j, is_ordinal, &n)) && word_at (p, j + n, is_ordinal_link, &(guint){0}))
    {
      e->day = w->ordinal;
      j += n + 1;
    }

  if (j == i && e->prefix == 0)
    m = word_at_clitic (p, j, is_month, &n, &e->prefix);
  else
    m = word_at (p, j, is_month, &n);
  if (m == NULL)
    {
      /* A weekday alone: يوم الجمعة, or an unambiguous name. */
      if (e->weekday && e->day == 0 && (!weekday_ambiguous || preceded_by (p, i, is_day_trigger)))
        {
          e->kind = EXPR_WEEKDAY;
          e->t1 = wd_end;
          return TRUE;
        }
      return FALSE;
    }
  e->month = m->greg_month ? m->greg_month : m->hijri_month;
  e->hijri = m->greg_month == 0;
  month_ambiguous = m->needs_context;
  j += n;

  /* A paired name: كانون الأول/ديسمبر, ديسمبر (كانون الأول). */
  if (word_at (p, j, is_joiner, &n))
    {
      guint n2;
      const DateWord *m2 = word_at (p, j + n, is_month, &n2);

      if (m2)
        {
          gboolean open = token_is (p, j, "(");

          e->month2 = m2->greg_month ? m2->greg_month : m2->hijri_month;
          e->hijri2 = m2->greg_month == 0;
          if (month_ambiguous && !m2->needs_context)
            month_ambiguous = FALSE;
          j += n + n2;
          if (open && token_is (p, j, ")"))
            j++;
        }
    }

  if (!parse_year_part (p, &j, e))
    {
      e->year = 0;
      if ((w = word_at (p, j, is_rel_mod, &n)))
        {
          e->has_rel = TRUE;
          e->rel = w->rel_mod;
          j += n;
        }
    }

  context = e->day || e->year || preceded_by (p, i, is_month_trigger);
  if (month_ambiguous && !context)
    return FALSE;
  if (weekday_ambiguous && !e->day && !e->year && !preceded_by (p, i, is_day_trigger))
    return FALSE;
  e->t1 = j;
  return TRUE;
}

/* A month number 1-12 at token i. */
static gboolean
month_number_at (Parser *p, guint i, int *month)
{
  const SuggestToken *t;

  if (i >= p->doc->n_tokens)
    return FALSE;
  t = &p->doc->tokens[i];
  if (t->kind != SUGGEST_TOKEN_NUMBER || t->decimal || t->n_digits > 2
      || t->number < 1 || t->number > 12)
    return FALSE;
  *month = (int) t->number;
  return TRUE;
}

/* D/M/YYYY, D-M-YYYY (one separator used twice, no space needed) and YYYY-MM-DD. Day and month
 * ranges are checked, so 1500 / 1500 and a score 2-1 are not dates. */
static gboolean
parse_numeric_date (Parser *p, guint i, DateExpr *e)
{
  const char *sep;
  int a = 0, b = 0, c = 0;
  guint n;

  if (i + 4 >= p->doc->n_tokens)
    return FALSE;
  sep = p->doc->tokens[i + 1].str;
  if ((strcmp (sep, "/") != 0 && strcmp (sep, "-") != 0) || !token_is (p, i + 3, sep))
    return FALSE;
  if (day_number_at (p, i, &a) && month_number_at (p, i + 2, &b) && year_at (p, i + 4, &c))
    {
      e->day = a;
      e->month = b;
      e->year = c;
    }
  else if (strcmp (sep, "-") == 0 && year_at (p, i, &a) && month_number_at (p, i + 2, &b)
           && day_number_at (p, i + 4, &c))
    {
      e->year = a;
      e->month = b;
      e->day = c;
    }
  else
    return FALSE;
  e->kind = EXPR_DATE;
  e->numeric = TRUE;
  e->t0 = i;
  e->t1 = i + 5;
  {
    const DateWord *era = word_at (p, i + 5, is_era, &n);
    if (era)
      {
        e->hijri = era->era_hijri;
        e->t1 += n;
      }
  }
  return TRUE;
}

static gboolean
parse_other (Parser *p, guint i, DateExpr *e)
{
  guint n, j;
  const DateWord *w;

  memset (e, 0, sizeof *e);
  e->t0 = i;

  /* SEASON [عام] YEAR */
  if ((w = word_at_clitic (p, i, is_season, &n, &e->prefix)))
    {
      j = i + n;
      if (parse_year_part (p, &j, e))
        {
          e->kind = EXPR_SEASON;
          e->season = w->season;
          e->t1 = j;
          return TRUE;
        }
      e->year = 0;
    }
  /* YEAR-WORD YEAR: the year alone is the span (وعام 2018 too). */
  if ((w = word_at_clitic (p, i, is_year_trigger, &n, &e->prefix)))
    {
      gboolean paren;

      j = i + n;
      /* عام (1978): the parentheses stay outside, an era after them still counts. */
      paren = token_is (p, j, "(") && token_is (p, j + 2, ")");
      if (paren)
        j++;
      if (year_at (p, j, &e->year))
        {
          const DateWord *era = word_at (p, j + (paren ? 2 : 1), is_era, &n);

          e->kind = EXPR_YEAR;
          e->t0 = j;
          e->t1 = j + 1;
          e->prefix = 0;
          if (era)
            {
              e->era_hijri = era->era_hijri;
              if (!paren)
                e->t1 += n;
            }
          return TRUE;
        }
    }
  e->prefix = 0;
  /* Numeric dates: DAY/MONTH/YEAR (or with -), and ISO YEAR-MONTH-DAY; an era may follow. */
  if (parse_numeric_date (p, i, e))
    return TRUE;
  /* YEAR ERA, where the era is a word (هـ، هجري، ميلادي) and not the bare م, which is also metres. */
  if (year_at (p, i, &e->year))
    {
      const DateWord *era = word_at (p, i + 1, is_era, &n);

      if (era && !token_is (p, i + 1, "م"))
        {
          e->kind = EXPR_YEAR;
          e->era_hijri = era->era_hijri;
          e->t1 = i + 1 + n;
          return TRUE;
        }
      e->year = 0;
    }
  /* العام الماضي, الشهر المقبل */
  if ((w = word_at_clitic (p, i, is_rel_unit, &n, &e->prefix)))
    {
      guint n2;
      const DateWord *mod = word_at (p, i + n, is_rel_mod, &n2);

      if (mod)
        {
          e->kind = EXPR_REL_UNIT;
          e->unit = w->rel_unit;
          e->has_rel = TRUE;
          e->rel = mod->rel_mod;
          e->t1 = i + n + n2;
          return TRUE;
        }
    }
  if ((w = word_at_clitic (p, i, is_rel_day, &n, &e->prefix)))
    {
      e->kind = EXPR_REL_DAY;
      e->has_rel = TRUE;
      e->rel = w->rel_day;
      e->t1 = i + n;
      return TRUE;
    }
  if ((w = word_at_clitic (p, i, is_vague, &n, &e->prefix)))
    {
      e->kind = EXPR_VAGUE;
      e->vague = w->vague;
      e->t1 = i + n;
      return TRUE;
    }
  return FALSE;
}

GPtrArray *
hashiya_suggest_dates (const char  *text,
                       gssize       len,
                       const char  *document_date,
                       GError     **error)
{
  DateLexicon *lex;
  SuggestDoc *doc;
  DocDate dct;
  Parser p;
  g_autoptr(GArray) exprs = g_array_new (FALSE, FALSE, sizeof (DateExpr));
  g_autoptr(GArray) greg_years = g_array_new (FALSE, FALSE, sizeof (DocYear));
  g_autoptr(GArray) hijri_years = g_array_new (FALSE, FALSE, sizeof (DocYear));
  g_autoptr(GHashTable) distinct_years = g_hash_table_new (NULL, NULL);
  GPtrArray *out;

  g_return_val_if_fail (text != NULL || len == 0, NULL);

  if (!date_parse_document_date (document_date, &dct, error))
    return NULL;
  if ((lex = lexicon_get (error)) == NULL)
    return NULL;

  doc = suggest_doc_new (text ? text : "", len);
  p.lex = lex;
  p.doc = doc;
  p.buf = g_string_sized_new (64);

  for (guint i = 0; i < doc->n_tokens;)
    {
      DateExpr e;

      if (parse_date (&p, i, &e) || parse_other (&p, i, &e))
        {
          g_array_append_val (exprs, e);
          if (e.year && (e.kind == EXPR_DATE || e.kind == EXPR_SEASON || e.kind == EXPR_YEAR))
            {
              DocYear dy = { e.t0, e.year };
              gboolean hijri = e.kind == EXPR_DATE ? e.hijri : e.era_hijri;
              g_array_append_val (hijri ? hijri_years : greg_years, dy);
            }
          i = e.t1;
        }
      else
        i++;
    }

  for (guint k = 0; k < greg_years->len; k++)
    g_hash_table_add (distinct_years, GINT_TO_POINTER (g_array_index (greg_years, DocYear, k).year));
  out = g_ptr_array_new_with_free_func ((GDestroyNotify) hashiya_suggestion_free);
  for (guint k = 0; k < exprs->len; k++)
    {
      HashiyaSuggestion *s = date_resolve (doc, &g_array_index (exprs, DateExpr, k), &dct,
                                      greg_years, distinct_years, hijri_years);
      if (s)
        g_ptr_array_add (out, s);
    }
  suggest_doc_free (doc);
  g_string_free (p.buf, TRUE);
  return out;
}
