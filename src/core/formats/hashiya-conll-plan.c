/* hashiya-conll-plan.c: the CoNLL token/tag plan of one document (tokens, sentences, one tag column per nesting level) and its lines
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by the CoNLL writer (hashiya-conll.c), the loss report and evaluation. The rules
 * are written at the top of hashiya-conll.c.
 */
#include "config.h"

#include <inttypes.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "hashiya-conll-plan.h"
#include "hashiya-format-io.h"
#include "hashiya-interchange-schema.h"

/* ------------------------------------------------------------------------- */

/* 8 bytes: a 100 MB document has about 9 million tokens. Code points fit in 31 bits
 * (SQLite holds at most 10^9 bytes in a value); a sentence is the run of tokens from
 * one with first set to the next one. */
typedef struct
{
  guint32 start;      /* code points */
  guint32 end : 31;
  guint32 first : 1;  /* the first token of its sentence */
} PlanToken;

G_STATIC_ASSERT (sizeof (PlanToken) == 8);

/* How many sentences tokens a..b (inclusive, a <= b) touch. */
static guint
sentences_touched (const GArray *tokens,
                   guint         a,
                   guint         b)
{
  guint n = 1;

  for (guint k = a + 1; k <= b; k++)
    n += g_array_index (tokens, PlanToken, k).first;
  return n;
}

typedef struct
{
  const HashiyaSpan *span;
  guint  order;       /* position in the caller's span list */
  guint  first;       /* token indices, inclusive */
  guint  last;
  int    level;       /* -1 = not placed */
  const char *split_refused;  /* clitics=split: why the span was widened instead */
} PlanSpan;

typedef struct
{
  HashiyaText *text;
  GArray      *tokens;     /* PlanToken */
  guint        n_sentences;
  GArray      *spans;      /* PlanSpan: every span that touches a token */
  guint        n_levels;   /* >= 1 */
  GPtrArray   *occ;        /* gint32[n_tokens] per level: index into spans, or -1 */
  guint        n_entities; /* entity parts (a cut span counts once per part) */
} Plan;

static void
plan_free (Plan *plan)
{
  if (plan == NULL)
    return;
  hashiya_text_unref (plan->text);
  g_array_unref (plan->tokens);
  g_array_unref (plan->spans);
  g_ptr_array_unref (plan->occ);
  g_free (plan);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Plan, plan_free)

static gboolean
segment_in_scope (HashiyaSegmentKind kind,
                  HashiyaScope       scope)
{
  if (kind == HASHIYA_SEGMENT_BOILERPLATE)
    return FALSE;
  switch (scope)
    {
    case HASHIYA_SCOPE_ARTICLE:
      return kind != HASHIYA_SEGMENT_COMMENT;
    case HASHIYA_SCOPE_COMMENTS:
      return kind == HASHIYA_SEGMENT_COMMENT;
    case HASHIYA_SCOPE_ALL:
    default:
      return TRUE;
    }
}

static void
plan_add_sentence (gsize               start,
                   gsize               end,
                   const HashiyaToken *toks,
                   guint               n_toks,
                   gpointer            data)
{
  Plan *plan = data;
  PlanToken *pt;
  guint base;

  if (n_toks == 0)
    return;
  base = plan->tokens->len;
  g_array_set_size (plan->tokens, base + n_toks);
  pt = &g_array_index (plan->tokens, PlanToken, base);
  for (guint j = 0; j < n_toks; j++)
    {
      pt[j].start = (guint32) toks[j].start;
      pt[j].end = (guint32) toks[j].end;
      pt[j].first = j == 0;
    }
  plan->n_sentences++;
}

/* Sentences and their tokens in one pass (no list of sentences is built). */
static void
plan_add_range (Plan  *plan,
                gsize  start,
                gsize  end)
{
  hashiya_text_foreach_sentence (plan->text, start, end, plan_add_sentence, plan);
}

/* A document rebuilt from a tokenised corpus: the range is one sentence and its tokens
 * are the runs between whitespace (a run of format characters only is no token). */
static void
plan_add_range_whitespace (Plan  *plan,
                           gsize  start,
                           gsize  end)
{
  const char *p = hashiya_text_get_utf8 (plan->text, NULL)
                  + hashiya_text_cp_to_byte (plan->text, start);
  gsize cp = start, tok_start = 0;
  gboolean in_token = FALSE, visible = FALSE, any = FALSE;

  for (; cp <= end; cp++)
    {
      gunichar c = cp < end ? g_utf8_get_char (p) : ' ';

      if (hashiya_unichar_is_space (c) || (c < 0x80 && g_ascii_isspace (c)))
        {
          if (in_token && visible)
            {
              PlanToken t = { (guint32) tok_start, (guint32) cp, !any };

              g_array_append_val (plan->tokens, t);
              any = TRUE;
            }
          in_token = FALSE;
        }
      else
        {
          if (!in_token)
            {
              in_token = TRUE;
              visible = FALSE;
              tok_start = cp;
            }
          if (!hashiya_unichar_is_format (c))
            visible = TRUE;
        }
      if (cp < end)
        p = g_utf8_next_char (p);
    }
  if (any)
    plan->n_sentences++;
}

/* First token whose end is after cp (tokens->len when none). */
static guint
tokens_lower_bound (GArray *tokens,
                    gint64  cp)
{
  guint lo = 0, hi = tokens->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if ((gint64) g_array_index (tokens, PlanToken, mid).end <= cp)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* Maps [start, end) to the tokens it touches; FALSE when it touches none. */
static gboolean
tokens_covering (GArray *tokens,
                 gint64  start,
                 gint64  end,
                 guint  *first,
                 guint  *last)
{
  guint f = tokens_lower_bound (tokens, start);
  guint l;

  if (f >= tokens->len || (gint64) g_array_index (tokens, PlanToken, f).start >= end)
    return FALSE;
  /* last token starting before end */
  l = f;
  {
    guint lo = f, hi = tokens->len;

    while (lo < hi)
      {
        guint mid = lo + (hi - lo) / 2;

        if ((gint64) g_array_index (tokens, PlanToken, mid).start < end)
          lo = mid + 1;
        else
          hi = mid;
      }
    l = lo - 1;
  }
  *first = f;
  *last = l;
  return TRUE;
}

/* TRUE when [a, b) holds only format characters (or is empty). */
static gboolean
only_format (HashiyaText *text,
             gint64       a,
             gint64       b)
{
  for (gint64 i = a; i < b; i++)
    if (!hashiya_unichar_is_format (hashiya_text_get_char (text, i)))
      return FALSE;
  return TRUE;
}

/* The letters of [a, b) without tatweel, harakat and format characters. */
static char *
bare_letters (HashiyaText *text,
              gint64       a,
              gint64       b)
{
  GString *s = g_string_new (NULL);

  for (gint64 i = a; i < b; i++)
    {
      gunichar c = hashiya_text_get_char (text, i);

      if (c == 0x0640 || hashiya_unichar_is_harakah (c) || hashiya_unichar_is_format (c)
          || g_unichar_ismark (c))
        continue;
      g_string_append_unichar (s, c);
      if (s->len > 16)
        break;
    }
  return g_string_free (s, FALSE);
}

static const char * const proclitics[] = {
  "و", "ف", "ب", "ل", "ك", "وب", "ول", "وك", "فب", "فل", "فك", NULL
};

static const char * const enclitics[] = {
  "ه", "ها", "هم", "هما", "هن", "ك", "كم", "كما", "كن", "ي", "نا", NULL
};

static gboolean
in_list (const char        *s,
         const char * const *list)
{
  for (guint i = 0; list[i] != NULL; i++)
    if (strcmp (s, list[i]) == 0)
      return TRUE;
  return FALSE;
}

static int
cmp_guint32 (gconstpointer a,
             gconstpointer b)
{
  guint32 x = *(const guint32 *) a, y = *(const guint32 *) b;

  return x < y ? -1 : x > y;
}

/* clitics=split: find the cut points, then cut the tokens at them. */
static void
plan_split_clitics (Plan *plan)
{
  g_autoptr(GArray) cuts = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autoptr(GArray) tokens = NULL;
  guint c = 0;

  for (guint i = 0; i < plan->spans->len; i++)
    {
      PlanSpan *ps = &g_array_index (plan->spans, PlanSpan, i);
      const PlanToken *tf = &g_array_index (plan->tokens, PlanToken, ps->first);
      const PlanToken *tl = &g_array_index (plan->tokens, PlanToken, ps->last);

      if (ps->span->start > tf->start && !only_format (plan->text, tf->start, ps->span->start))
        {
          g_autofree char *prefix = bare_letters (plan->text, tf->start, ps->span->start);

          if (in_list (prefix, proclitics))
            {
              guint32 cut = (guint32) ps->span->start;
              g_array_append_val (cuts, cut);
            }
          else
            ps->split_refused = "the text before the span is not a proclitic";
        }
      if (ps->span->end < tl->end && !only_format (plan->text, ps->span->end, tl->end))
        {
          g_autofree char *suffix = bare_letters (plan->text, ps->span->end, tl->end);

          if (in_list (suffix, enclitics))
            {
              guint32 cut = (guint32) ps->span->end;
              g_array_append_val (cuts, cut);
            }
          else
            ps->split_refused = ps->split_refused != NULL
              ? "neither the text before nor the text after the span is a clitic"
              : "the text after the span is not an enclitic pronoun";
        }
    }
  if (cuts->len == 0)
    return;

  g_array_sort (cuts, cmp_guint32);
  tokens = g_array_sized_new (FALSE, FALSE, sizeof (PlanToken), plan->tokens->len + cuts->len);
  for (guint i = 0; i < plan->tokens->len; i++)
    {
      PlanToken t = g_array_index (plan->tokens, PlanToken, i);

      while (c < cuts->len && g_array_index (cuts, guint32, c) <= t.start)
        c++;
      while (c < cuts->len && g_array_index (cuts, guint32, c) < t.end)
        {
          PlanToken head = t;
          guint32 cut = g_array_index (cuts, guint32, c);

          head.end = cut;
          g_array_append_val (tokens, head);
          t.start = cut;
          t.first = FALSE;   /* the head keeps the sentence start */
          while (c < cuts->len && g_array_index (cuts, guint32, c) == cut)
            c++;
        }
      g_array_append_val (tokens, t);
    }
  g_array_unref (plan->tokens);
  plan->tokens = g_steal_pointer (&tokens);

  for (guint i = 0; i < plan->spans->len; i++)
    {
      PlanSpan *ps = &g_array_index (plan->spans, PlanSpan, i);
      gboolean ok = tokens_covering (plan->tokens, ps->span->start, ps->span->end,
                                     &ps->first, &ps->last);
      g_assert (ok);
    }
}

static gint32 *
plan_level (Plan *plan,
            guint level)
{
  while (plan->occ->len <= level)
    {
      gint32 *occ = g_new (gint32, MAX (plan->tokens->len, 1));

      for (guint i = 0; i < plan->tokens->len; i++)
        occ[i] = -1;
      g_ptr_array_add (plan->occ, occ);
    }
  return g_ptr_array_index (plan->occ, level);
}

/* -1 when tokens [first, last] are free at this level, else the index of a holder. */
static gint32
level_holder (const gint32 *occ,
              guint         first,
              guint         last)
{
  for (guint i = first; i <= last; i++)
    if (occ[i] >= 0)
      return occ[i];
  return -1;
}

static void
level_take (gint32 *occ,
            guint   first,
            guint   last,
            gint32  index)
{
  for (guint i = first; i <= last; i++)
    occ[i] = index;
}

static int
cmp_outer (gconstpointer a,
           gconstpointer b,
           gpointer      user_data)
{
  GArray *spans = user_data;
  const PlanSpan *x = &g_array_index (spans, PlanSpan, *(const guint *) a);
  const PlanSpan *y = &g_array_index (spans, PlanSpan, *(const guint *) b);

  if (x->first != y->first)
    return x->first < y->first ? -1 : 1;
  if (x->last != y->last)
    return x->last > y->last ? -1 : 1;
  return x->order < y->order ? -1 : x->order > y->order;
}

static int
cmp_inner (gconstpointer a,
           gconstpointer b,
           gpointer      user_data)
{
  GArray *spans = user_data;
  const PlanSpan *x = &g_array_index (spans, PlanSpan, *(const guint *) a);
  const PlanSpan *y = &g_array_index (spans, PlanSpan, *(const guint *) b);
  guint lx = x->last - x->first, ly = y->last - y->first;

  if (lx != ly)
    return lx < ly ? -1 : 1;
  return cmp_outer (a, b, user_data);
}

/* "inside span 7 (ORG 100-140)" and friends, for a span that lost its tokens. */
static char *
describe_conflict (const PlanSpan *lost,
                   const PlanSpan *holder)
{
  const char *how;

  if (holder->first == lost->first && holder->last == lost->last)
    how = "same tokens as";
  else if (holder->first <= lost->first && holder->last >= lost->last)
    how = _("inside");
  else if (lost->first <= holder->first && lost->last >= holder->last)
    how = _("contains");
  else
    how = _("overlaps");
  return g_strdup_printf (_("%s span %" PRId64 " (%s %" PRId64 "-%" PRId64 ")"), how, holder->span->id, holder->span->label,
                          holder->span->start, holder->span->end);
}

typedef enum { FATE_KEPT, FATE_MERGED, FATE_DROPPED } Fate;

/* A span that touches no exported token, and why. */
typedef struct
{
  const HashiyaSpan *span;
  guint       order;
  const char *why;
} Uncovered;

static Plan *
plan_build (HashiyaText                *text,
            GArray                     *segments,
            GPtrArray                  *spans,
            gboolean                    whitespace_tokens,
            const HashiyaExportOptions *options,
            gint64                      doc_id,
            const char                 *source,
            HashiyaExportReport        *report)
{
  g_autoptr(Plan) plan = g_new0 (Plan, 1);
  g_autofree guint *order = NULL;
  g_autofree Fate *fate = NULL;
  g_autofree char **why = NULL;
  g_autoptr(GArray) uncovered = g_array_new (FALSE, FALSE, sizeof (Uncovered));
  gsize length = hashiya_text_get_length (text);
  guint n;

  plan->text = hashiya_text_ref (text);
  plan->tokens = g_array_new (FALSE, FALSE, sizeof (PlanToken));
  plan->spans = g_array_new (FALSE, TRUE, sizeof (PlanSpan));
  plan->occ = g_ptr_array_new_with_free_func (g_free);

  /* tokens and sentences of the segments in scope */
  if (segments == NULL || segments->len == 0)
    {
      if (options->scope != HASHIYA_SCOPE_COMMENTS)
        (whitespace_tokens ? plan_add_range_whitespace : plan_add_range) (plan, 0, length);
    }
  else
    {
      for (guint i = 0; i < segments->len; i++)
        {
          const HashiyaSegment *seg = &g_array_index (segments, HashiyaSegment, i);

          if (segment_in_scope (seg->kind, options->scope))
            (whitespace_tokens ? plan_add_range_whitespace : plan_add_range) (plan, seg->start,
                                                                              seg->end);
        }
    }

  /* spans onto tokens */
  for (guint i = 0; spans != NULL && i < spans->len; i++)
    {
      const HashiyaSpan *span = g_ptr_array_index (spans, i);
      PlanSpan ps = { span, i, 0, 0, -1, NULL };

      if (options->annotator != NULL && g_strcmp0 (span->annotator, options->annotator) != 0)
        continue;
      if (span->start < 0 || span->end <= span->start || (gsize) span->end > length)
        {
          /* the writers refuse such a project (integrity); the plan just leaves it out */
          Uncovered u = { span, i, "its range lies outside the text" };

          if (report != NULL)
            g_array_append_val (uncovered, u);
          continue;
        }
      if (tokens_covering (plan->tokens, span->start, span->end, &ps.first, &ps.last))
        {
          g_array_append_val (plan->spans, ps);
          continue;
        }
      if (report == NULL)
        continue;
      /* no token: say why, unless the scope left the span out on purpose */
      {
        gboolean excluded = FALSE, boilerplate = FALSE;
        Uncovered u = { span, i, NULL };

        for (guint k = 0; segments != NULL && k < segments->len; k++)
          {
            const HashiyaSegment *seg = &g_array_index (segments, HashiyaSegment, k);

            if (seg->end <= span->start || seg->start >= span->end)
              continue;
            if (seg->kind == HASHIYA_SEGMENT_BOILERPLATE)
              boilerplate = TRUE;
            else if (!segment_in_scope (seg->kind, options->scope))
              excluded = TRUE;
          }
        if ((segments == NULL || segments->len == 0) && options->scope == HASHIYA_SCOPE_COMMENTS)
          excluded = TRUE;
        if (boilerplate)
          u.why = "in boilerplate, which CoNLL does not export";
        else if (!excluded)
          u.why = "covers no token";
        if (u.why != NULL)
          g_array_append_val (uncovered, u);
      }
    }

  if (options->clitics == HASHIYA_CLITICS_SPLIT)
    plan_split_clitics (plan);

  n = plan->spans->len;
  order = g_new (guint, MAX (n, 1));
  fate = g_new0 (Fate, MAX (n, 1));
  why = g_new0 (char *, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    order[i] = i;
  g_qsort_with_data (order, n, sizeof (guint), cmp_outer, plan->spans);

  /* same tokens, same label: one entity */
  for (guint i = 0; i < n; i++)
    {
      const PlanSpan *x = &g_array_index (plan->spans, PlanSpan, order[i]);

      for (guint j = i; j-- > 0;)
        {
          const PlanSpan *y = &g_array_index (plan->spans, PlanSpan, order[j]);

          if (y->first != x->first || y->last != x->last)
            break;
          if (fate[order[j]] == FATE_KEPT && strcmp (y->span->label, x->span->label) == 0)
            {
              fate[order[i]] = FATE_MERGED;
              why[order[i]] = g_strdup_printf (_("same tokens and label as span %" PRId64
                                                 " (%s %" PRId64 "-%" PRId64 ")"),
                                               y->span->id, y->span->label,
                                               y->span->start, y->span->end);
              break;
            }
        }
    }

  if (options->nested == HASHIYA_NESTED_INNER)
    g_qsort_with_data (order, n, sizeof (guint), cmp_inner, plan->spans);

  plan_level (plan, 0);
  for (guint i = 0; i < n; i++)
    {
      PlanSpan *ps = &g_array_index (plan->spans, PlanSpan, order[i]);
      guint level = 0;
      gint32 holder;

      if (fate[order[i]] != FATE_KEPT)
        continue;
      for (;;)
        {
          gint32 *occ = plan_level (plan, level);

          holder = level_holder (occ, ps->first, ps->last);
          if (holder < 0)
            {
              level_take (occ, ps->first, ps->last, (gint32) order[i]);
              ps->level = (int) level;
              break;
            }
          if (options->nested != HASHIYA_NESTED_COLUMNS)
            {
              fate[order[i]] = FATE_DROPPED;
              why[order[i]] = describe_conflict (ps, &g_array_index (plan->spans, PlanSpan,
                                                                     holder));
              break;
            }
          level++;
        }
      if (ps->level >= 0)
        {
          plan->n_levels = MAX (plan->n_levels, (guint) ps->level + 1);
          plan->n_entities += sentences_touched (plan->tokens, ps->first, ps->last);
        }
    }
  plan->n_levels = MAX (plan->n_levels, 1);

  /* the report, in the caller's span order */
  for (guint i = 0, u = 0; report != NULL && (i < n || u < uncovered->len); i++)
    {
      const PlanSpan *ps;
      const PlanToken *tf, *tl;
      gint64 s, e;

      for (; u < uncovered->len
             && (i >= n || g_array_index (uncovered, Uncovered, u).order
                           < g_array_index (plan->spans, PlanSpan, i).order); u++)
        {
          const Uncovered *uc = &g_array_index (uncovered, Uncovered, u);

          hashiya_export_report_add (report, HASHIYA_LOSS_DROPPED, doc_id, source, uc->span,
                                     "%s", uc->why);
        }
      if (i >= n)
        break;
      ps = &g_array_index (plan->spans, PlanSpan, i);
      tf = &g_array_index (plan->tokens, PlanToken, ps->first);
      tl = &g_array_index (plan->tokens, PlanToken, ps->last);
      s = ps->span->start;
      e = ps->span->end;

      if (fate[i] != FATE_KEPT)
        {
          hashiya_export_report_add (report, fate[i] == FATE_MERGED ? HASHIYA_LOSS_MERGED
                                                                    : HASHIYA_LOSS_DROPPED,
                                     doc_id, source, ps->span, "%s", why[i]);
          continue;
        }
      if (!only_format (text, MIN (s, tf->start), MAX (s, tf->start))
          || !only_format (text, MIN (e, tl->end), MAX (e, tl->end)))
        {
          const char *verb = (tf->start <= s && tl->end >= e) ? "widened to" : "exported as";

          if (ps->split_refused != NULL)
            hashiya_export_report_add (report, HASHIYA_LOSS_WIDENED, doc_id, source, ps->span,
                                       "%s %u-%u (%s)", verb, tf->start, tl->end,
                                       ps->split_refused);
          else
            hashiya_export_report_add (report, HASHIYA_LOSS_WIDENED, doc_id, source, ps->span,
                                       "%s %u-%u", verb, tf->start, tl->end);
        }
      if (sentences_touched (plan->tokens, ps->first, ps->last) > 1)
        hashiya_export_report_add (report, HASHIYA_LOSS_CROSSES_SENTENCE, doc_id, source,
                                   ps->span, _("cut into %u parts at sentence breaks"),
                                   sentences_touched (plan->tokens, ps->first, ps->last));
      if (ps->span->note != NULL)
        hashiya_export_report_add (report, HASHIYA_LOSS_NO_FIELD, doc_id, source, ps->span,
                                   _("note: CoNLL has no field for span notes"));
      if (ps->span->value != NULL)
        hashiya_export_report_add (report, HASHIYA_LOSS_NO_FIELD, doc_id, source, ps->span,
                                   _("value %s: CoNLL has no field for span values"),
                                   ps->span->value);
    }
  for (guint i = 0; i < n; i++)
    g_free (why[i]);

  return g_steal_pointer (&plan);
}

typedef enum { TAG_O, TAG_B, TAG_I, TAG_E, TAG_S } TagKind;

/* The tag of token i at a level; *label gets the label name unless O. */
static TagKind
plan_tag (const Plan                 *plan,
          const HashiyaExportOptions *options,
          guint                       level,
          guint                       i,
          const char                **label)
{
  const gint32 *occ;
  const PlanSpan *ps;
  const PlanToken *tokens = (const PlanToken *) plan->tokens->data;
  gboolean begin, end;
  gint32 owner;

  if (level >= plan->occ->len)
    return TAG_O;
  occ = g_ptr_array_index (plan->occ, level);
  owner = occ[i];
  if (owner < 0)
    return TAG_O;
  ps = &g_array_index (plan->spans, PlanSpan, owner);
  *label = ps->span->label;
  begin = i == ps->first || tokens[i].first;
  end = i == ps->last || tokens[i + 1].first;

  switch (options->scheme)
    {
    case HASHIYA_SCHEME_BIOES:
      if (begin && end)
        return TAG_S;
      if (begin)
        return TAG_B;
      if (end)
        return TAG_E;
      return TAG_I;
    case HASHIYA_SCHEME_IOB1:
      if (begin && i > 0 && !tokens[i].first
          && occ[i - 1] >= 0 && occ[i - 1] != owner
          && strcmp (g_array_index (plan->spans, PlanSpan, occ[i - 1]).span->label,
                     ps->span->label) == 0)
        return TAG_B;
      return TAG_I;
    case HASHIYA_SCHEME_BIO:
    default:
      return begin ? TAG_B : TAG_I;
    }
}

static void
append_tag (GString    *out,
            TagKind     kind,
            const char *label)
{
  static const char prefix[] = "OBIES";

  if (kind == TAG_O)
    {
      g_string_append_c (out, 'O');
      return;
    }
  {
    gsize n = strlen (label);
    char *d = hashiya_buf_reserve (out, n + 2);

    d[0] = prefix[kind];
    d[1] = '-';
    memcpy (d + 2, label, n);
    hashiya_buf_commit (out, d + 2 + n);
  }
}

/* Classes of the code points below U+0800 (one or two UTF-8 bytes: Latin and the Arabic
 * block), cached from hashiya-text's definitions so the token loop makes no call for them. */
enum { CLASS_FORMAT = 1, CLASS_SPACE = 2 };
static guint8 low_classes[0x800];

/* By first byte: the length of the UTF-8 sequence, and LEAD_CHECK when the character
 * may be a format character or whitespace (every lead byte of 3 and 4 bytes, and those
 * of the 1- and 2-byte characters that low_classes flags). */
enum { LEAD_LENGTH = 0x7, LEAD_CHECK = 0x8 };
static guint8 lead_info[256];

static void
init_low_classes (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      for (gunichar c = 0; c < G_N_ELEMENTS (low_classes); c++)
        low_classes[c] = (hashiya_unichar_is_format (c) ? CLASS_FORMAT : 0)
                         | (hashiya_unichar_is_space (c) || (c < 0x80 && g_ascii_isspace (c))
                            ? CLASS_SPACE : 0);
      for (guint b = 0; b < 256; b++)
        lead_info[b] = b < 0x80 ? 1 : b < 0xC0 ? 1 | LEAD_CHECK : b < 0xE0 ? 2 : b < 0xF0 ? 3 | LEAD_CHECK
                       : 4 | LEAD_CHECK;
      for (gunichar c = 0; c < G_N_ELEMENTS (low_classes); c++)
        if (low_classes[c] != 0)
          lead_info[c < 0x80 ? c : 0xC0 | (c >> 6)] |= LEAD_CHECK;
      g_once_init_leave (&done, 1);
    }
}

/* Appends the token's text without format characters; returns how many it left out.
 * Most characters need no decoding: lead_info says from the first byte alone whether
 * the character can be a format character or whitespace at all. */
static guint
append_token_text (GString         *out,
                   HashiyaTextCursor          *cursor,
                   const PlanToken *token)
{
  const char *p = hashiya_text_cursor_seek (cursor, token->start);
  const char *run = p;
  /* at most 4 bytes a code point */
  char *d = hashiya_buf_reserve (out, 4 * (gsize) (token->end - token->start));
  guint dropped = 0;

  for (guint32 k = token->start; k < token->end; k++)
    {
      guint8 lead = lead_info[(guchar) *p];
      int klass;
      const char *next;

      if (G_LIKELY (!(lead & LEAD_CHECK)))
        {
          p += lead;
          continue;
        }
      next = p + (lead & LEAD_LENGTH);
      if (lead == (LEAD_CHECK | 2))
        klass = low_classes[(((guchar) p[0] & 0x1F) << 6) | ((guchar) p[1] & 0x3F)];
      else if ((lead & LEAD_LENGTH) == 1)
        klass = low_classes[(guchar) p[0]];
      else
        {
          gunichar c = g_utf8_get_char (p);

          klass = (hashiya_unichar_is_format (c) ? CLASS_FORMAT : 0)
                  | (hashiya_unichar_is_space (c) ? CLASS_SPACE : 0);
          /* a ZWJ inside an emoji sequence (👨‍👩‍👧) and flag tags stay in the token */
          if ((klass & CLASS_FORMAT)
              && hashiya_unichar_format_kept (c, k + 1 < token->end ? g_utf8_get_char (next) : 0))
            klass &= ~CLASS_FORMAT;
        }
      /* the tokenizer never puts whitespace in a token */
      g_assert (!(klass & CLASS_SPACE));
      if (klass & CLASS_FORMAT)
        {
          memcpy (d, run, p - run);
          d += p - run;
          run = next;
          dropped++;
        }
      p = next;
    }
  memcpy (d, run, p - run);
  d += p - run;
  hashiya_buf_commit (out, d);
  cursor->p = p;
  cursor->cp = token->end;
  return dropped;
}

GPtrArray *
hashiya_conll_plan (HashiyaText                *text,
                    GArray                     *segments,
                    GPtrArray                  *spans,
                    const HashiyaExportOptions *options,
                    gint64                      doc_id,
                    const char                 *source,
                    HashiyaExportReport        *report)
{
  g_autoptr(Plan) plan = NULL;
  GPtrArray *result;
  GString *buf;
  HashiyaTextCursor cursor;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (options != NULL, NULL);

  init_low_classes ();
  plan = plan_build (text, segments, spans, FALSE, options, doc_id, source, report);
  result = g_ptr_array_new_full (plan->tokens->len, (GDestroyNotify) hashiya_conll_token_free);
  buf = g_string_new (NULL);
  hashiya_text_cursor_init (&cursor, text);
  for (guint i = 0; i < plan->tokens->len; i++)
    {
      const PlanToken *t = &g_array_index (plan->tokens, PlanToken, i);
      HashiyaConllToken *ct = g_new0 (HashiyaConllToken, 1);
      guint dropped;

      g_string_truncate (buf, 0);
      dropped = append_token_text (buf, &cursor, t);
      ct->text = g_strndup (buf->str, buf->len);
      ct->start = t->start;
      ct->end = t->end;
      ct->sentence_start = i == 0 || t->first;
      ct->tags = g_ptr_array_new_full (plan->n_levels, g_free);
      for (guint level = 0; level < plan->n_levels; level++)
        {
          const char *label = NULL;
          TagKind kind = plan_tag (plan, options, level, i, &label);

          g_string_truncate (buf, 0);
          append_tag (buf, kind, label);
          g_ptr_array_add (ct->tags, g_strndup (buf->str, buf->len));
        }
      g_ptr_array_add (result, ct);
      if (report != NULL)
        report->n_format_chars_dropped += dropped;
    }
  if (report != NULL)
    {
      report->n_tokens += plan->tokens->len;
      report->n_sentences += plan->n_sentences;
      report->n_entities += plan->n_entities;
    }
  g_string_free (buf, TRUE);
  return result;
}

void
hashiya_conll_token_free (HashiyaConllToken *token)
{
  if (token == NULL)
    return;
  g_free (token->text);
  if (token->tags != NULL)
    g_ptr_array_unref (token->tags);
  g_free (token);
}

/* ---- lines ------------------------------------------------------------------- */

gboolean
hashiya_conll_write_document (const HashiyaWriteDoc      *d,
                              const HashiyaExportOptions *options,
                              guint                       n_columns,
                              HashiyaWriteOut            *out,
                              HashiyaExportReport        *report,
                              guint                      *max_levels,
                              GError                    **error)
{
  const HashiyaDocument *doc = d->doc;
  HashiyaText *text = d->text;
  GArray *segments = d->segments;
  GPtrArray *spans = d->spans;
  /* judgements have no place in CoNLL: only their loss is reported */
  GPtrArray *judgements = max_levels == NULL && options->scope != HASHIYA_SCOPE_ARTICLE
                          ? d->judgements : NULL;
  g_autoptr(Plan) plan = NULL;
  GString *buf = out != NULL ? out->buf : NULL;
  const char sep = options->separator;
  const PlanToken *tokens;
  HashiyaTextCursor cursor;
  gsize max_label = 1, line_room;
  gboolean whitespace_tokens;

  init_low_classes ();
  whitespace_tokens = d->whitespace_tokens;
  for (guint i = 0; i < spans->len; i++)
    {
      const HashiyaSpan *span = g_ptr_array_index (spans, i);

      if ((span->start < 0 || span->end <= span->start
           || (gsize) span->end > hashiya_text_get_length (text))
          && !hashiya_format_check_entity_bytes (text, span, NULL, 0, doc->id, error))
        return FALSE;
    }

  plan = plan_build (text, segments, spans, whitespace_tokens, options, doc->id, doc->source,
                     report);
  if (max_levels != NULL)
    {
      /* the pre-pass of nested=columns only wants the depth */
      *max_levels = MAX (*max_levels, plan->n_levels);
      return TRUE;
    }

  if (judgements != NULL)
    {
      for (guint i = 0; i < judgements->len; i++)
        {
          const HashiyaJudgement *j = g_ptr_array_index (judgements, i);

          if (options->annotator != NULL && g_strcmp0 (j->annotator, options->annotator) != 0)
            continue;
          g_autofree char *fields = hashiya_ix_judgement_field_list (NULL, j);

          for (guint k = 0; k < segments->len; k++)
            {
              const HashiyaSegment *seg = &g_array_index (segments, HashiyaSegment, k);

              if (seg->kind == HASHIYA_SEGMENT_COMMENT && seg->comment_index == j->comment_index)
                hashiya_export_report_add_range (report, HASHIYA_LOSS_NO_FIELD, doc->id, doc->source, seg,
                                  _("judgement of comment %d by %s: CoNLL has no field for "
                                  "judgements (%s)"), j->comment_index, j->annotator, fields);
            }
        }
      hashiya_ix_report_replies (report, doc, segments, "CoNLL");
    }

  report->n_documents++;
  report->n_tokens += plan->tokens->len;
  report->n_sentences += plan->n_sentences;
  report->n_entities += plan->n_entities;

  if (options->docstart)
    {
      g_string_append_printf (buf, "-DOCSTART-%c-X-%cO%cO\n\n", sep, sep, sep);
    }

  /* the longest line after the token text, reserved once per token */
  for (guint i = 0; i < plan->spans->len; i++)
    max_label = MAX (max_label, strlen (g_array_index (plan->spans, PlanSpan, i).span->label));
  line_room = 16 + (gsize) n_columns * (max_label + 3);

  tokens = (const PlanToken *) plan->tokens->data;
  hashiya_text_cursor_init (&cursor, text);
  for (guint i = 0; i < plan->tokens->len; i++)
    {
      gboolean sentence_end;
      char *d;

      report->n_format_chars_dropped += append_token_text (buf, &cursor, &tokens[i]);
      d = hashiya_buf_reserve (buf, line_room);
      *d++ = sep;
      if (options->columns == 4)
        {
          memcpy (d, "-X-", 3);
          d[3] = sep;
          d[4] = 'O';
          d[5] = sep;
          d += 6;
        }
      for (guint level = 0; level < n_columns; level++)
        {
          const char *label = NULL;
          TagKind kind = plan_tag (plan, options, level, i, &label);

          if (level > 0)
            *d++ = sep;
          if (kind == TAG_O)
            *d++ = 'O';
          else
            {
              gsize n = strlen (label);

              d[0] = "OBIES"[kind];
              d[1] = '-';
              memcpy (d + 2, label, n);
              d += 2 + n;
            }
        }
      *d++ = '\n';
      sentence_end = i + 1 == plan->tokens->len || tokens[i + 1].first;
      if (sentence_end)
        *d++ = '\n';
      hashiya_buf_commit (buf, d);
      if (sentence_end && !hashiya_write_out_flush (out, error))
        return FALSE;
    }
  return TRUE;
}
