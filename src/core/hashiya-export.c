/* hashiya-export.c: CoNLL and hashiya/1 JSON/JSONL export, the loss report and the export dispatcher
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * CoNLL rules (see also README):
 * - Scope: "article" exports every segment that is neither a comment nor boilerplate
 *   (site, title, byline, paragraph, heading, caption); "comments" exports the comment
 *   segments; "all" exports both, article first (text order). Boilerplate is never
 *   exported. A document without segments is exported whole, as article text. Spans that
 *   lie only in segments excluded by the chosen scope are left out without a report (the
 *   user asked for that); spans in boilerplate are reported as dropped.
 * - Every segment starts a new sentence; inside a segment sentences come from
 *   hashiya_split_sentences () and tokens from hashiya_tokenize (). A sentence without
 *   tokens is not written. A document marked with hashiya_export_set_whitespace_tokens ()
 *   (rebuilt from a CoNLL corpus) keeps its own tokens instead: one sentence per segment,
 *   tokens split at whitespace only.
 * - Spans are mapped to the tokens they touch. clitics=token widens to whole tokens;
 *   clitics=split cuts a proclitic prefix (و ف ب ل ك وب ول وك فب فل فك, ignoring tatweel,
 *   harakat and format characters) before the span start, or an enclitic pronoun
 *   (ه ها هم هما هن ك كم كما كن ي نا) after the span end, into its own "O" token and
 *   widens otherwise. Any difference between the span and its token edges (other than
 *   format characters) is reported as "widened".
 * - One tag column holds one span per token: spans are taken in order (start, longest
 *   first) and a span that touches a token already taken is dropped (nested=outer); with
 *   nested=inner the shortest spans are taken first. Two spans on the same tokens with the
 *   same label are one entity ("merged"). nested=columns gives every span the first
 *   level (column) where its tokens are free, level 0 being the outermost; the number of
 *   tag columns is the deepest level over the whole export, shallower tokens padded with O.
 * - A span crossing a sentence break is cut, each part starting with B- (S- in BIOES).
 * - Lines: "token TAG" (columns 2) or "token -X- O TAG" (columns 4); with nested=columns
 *   the tag columns follow one another at the end ("token TAG1 TAG2", "token -X- O TAG1
 *   TAG2"). The separator is one space or one TAB. "-DOCSTART- -X- O O" (joined with the
 *   chosen separator) and a blank line open each document when docstart is set. Every
 *   sentence ends with a blank line.
 *
 * - Judgements and span notes have no CoNLL field: each is reported ("no-field") when
 *   its comment or span is in scope.
 *
 * JSON: "id" of a document is its 1-based position in the project's document list
 * (ordered by id), also when doc_ids selects some; "id" of an entity is its 1-based
 * position in the document's entity list (start, longest first, then creation). Import
 * times, modification times and store ids are never written, so export → import → export
 * gives the same bytes.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "hashiya-export.h"

G_DEFINE_QUARK (hashiya-export-error-quark, hashiya_export_error)

/* ------------------------------------------------------------------------- */
/* Options and report                                                         */
/* ------------------------------------------------------------------------- */

void
hashiya_export_options_init (HashiyaExportOptions *options)
{
  g_return_if_fail (options != NULL);

  memset (options, 0, sizeof *options);
  options->format = HASHIYA_FORMAT_CONLL;
  options->scheme = HASHIYA_SCHEME_BIO;
  options->clitics = HASHIYA_CLITICS_TOKEN;
  options->scope = HASHIYA_SCOPE_ALL;
  options->nested = HASHIYA_NESTED_OUTER;
  options->docstart = FALSE;
  options->columns = 2;
  options->separator = ' ';
  options->offsets_codepoint = FALSE;
  options->strict = FALSE;
  options->annotator = NULL;
  options->doc_ids = NULL;
}

const char *
hashiya_loss_kind_to_string (HashiyaLossKind kind)
{
  switch (kind)
    {
    case HASHIYA_LOSS_DROPPED:
      return "dropped";
    case HASHIYA_LOSS_WIDENED:
      return "widened";
    case HASHIYA_LOSS_MERGED:
      return "merged";
    case HASHIYA_LOSS_CROSSES_SENTENCE:
      return "crosses-sentence";
    case HASHIYA_LOSS_NO_FIELD:
      return "no-field";
    default:
      return "unknown";
    }
}

/* An item is one block with its detail text after it; source and label are interned
 * (the same few strings recur in every item). A report of 100k items (two annotators
 * tagging the same ranges) took about 19 MB, now about 12 MB. */
static void
loss_item_free (HashiyaLossItem *item)
{
  g_free (item);
}

HashiyaExportReport *
hashiya_export_report_new (void)
{
  HashiyaExportReport *report = g_new0 (HashiyaExportReport, 1);

  report->items = g_ptr_array_new_with_free_func ((GDestroyNotify) loss_item_free);
  return report;
}

void
hashiya_export_report_free (HashiyaExportReport *report)
{
  if (report == NULL)
    return;
  g_ptr_array_unref (report->items);
  g_free (report);
}

static void
report_add_valist (HashiyaExportReport *report,
                   HashiyaLossKind      kind,
                   gint64               doc_id,
                   const char          *source,
                   gint64               span_id,
                   gint64               start,
                   gint64               end,
                   const char          *label,
                   const char          *detail_format,
                   va_list              args)
{
  HashiyaLossItem *item;
  char buf[256];
  char *detail = NULL;
  int n = 0;

  if (detail_format != NULL)
    {
      va_list copy;

      G_VA_COPY (copy, args);
      n = g_vsnprintf (buf, sizeof buf, detail_format, copy);
      va_end (copy);
      if (n < 0)
        n = 0;
    }
  item = g_malloc0 (sizeof (HashiyaLossItem) + (detail_format != NULL ? n + 1 : 0));
  if (detail_format != NULL)
    {
      detail = (char *) (item + 1);
      if ((gsize) n < sizeof buf)
        memcpy (detail, buf, n + 1);
      else
        g_vsnprintf (detail, n + 1, detail_format, args);
    }
  item->kind = kind;
  item->doc_id = doc_id;
  item->source = (char *) g_intern_string (source);
  item->span_id = span_id;
  item->start = start;
  item->end = end;
  item->label = (char *) g_intern_string (label);
  item->detail = detail;
  g_ptr_array_add (report->items, item);
}

void
hashiya_export_report_add (HashiyaExportReport *report,
                           HashiyaLossKind      kind,
                           gint64               doc_id,
                           const char          *source,
                           const HashiyaSpan   *span,
                           const char          *detail_format,
                           ...)
{
  va_list args;

  g_return_if_fail (report != NULL);

  va_start (args, detail_format);
  report_add_valist (report, kind, doc_id, source,
                     span != NULL ? span->id : 0,
                     span != NULL ? span->start : 0,
                     span != NULL ? span->end : 0,
                     span != NULL ? span->label : NULL,
                     detail_format, args);
  va_end (args);
}

/* An item about a range that is not a span (a comment's judgements). */
static void G_GNUC_PRINTF (6, 7)
report_add_range (HashiyaExportReport *report,
                  HashiyaLossKind      kind,
                  gint64               doc_id,
                  const char          *source,
                  const HashiyaSegment *segment,
                  const char          *detail_format,
                  ...)
{
  va_list args;

  va_start (args, detail_format);
  report_add_valist (report, kind, doc_id, source, 0, segment->start, segment->end, NULL,
                     detail_format, args);
  va_end (args);
}

char *
hashiya_loss_item_to_string (const HashiyaLossItem *item)
{
  GString *s;

  g_return_val_if_fail (item != NULL, NULL);

  s = g_string_new (NULL);
  g_string_append_printf (s, _("doc %" PRId64), item->doc_id);
  if (item->source != NULL)
    g_string_append_printf (s, " (%s)", item->source);
  if (item->start != 0 || item->end != 0)
    g_string_append_printf (s, " %" G_GINT64_FORMAT "-%" G_GINT64_FORMAT,
                            item->start, item->end);
  if (item->label != NULL)
    g_string_append_printf (s, " %s", item->label);
  g_string_append_printf (s, ": %s", hashiya_loss_kind_to_string (item->kind));
  if (item->detail != NULL)
    g_string_append_printf (s, ": %s", item->detail);
  return g_string_free (s, FALSE);
}

/* ------------------------------------------------------------------------- */
/* The CoNLL plan                                                             */
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

/* Room for n more bytes (and the NUL) at the end of b, without changing its length:
 * the caller writes there and then calls buf_commit (). */
static inline char *
buf_reserve (GString *b,
             gsize    n)
{
  if (G_UNLIKELY (b->len + n + 1 > b->allocated_len))
    {
      gsize len = b->len;

      g_string_set_size (b, len + n);   /* grows by doubling */
      b->len = len;
    }
  return b->str + b->len;
}

static inline void
buf_commit (GString *b,
            char    *end)
{
  b->len = end - b->str;
  *end = '\0';
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
    char *d = buf_reserve (out, n + 2);

    d[0] = prefix[kind];
    d[1] = '-';
    memcpy (d + 2, label, n);
    buf_commit (out, d + 2 + n);
  }
}

/* Walks a text's UTF-8 forward; tokens come in text order, so appending every token
 * costs one pass over the document. */
typedef struct
{
  HashiyaText *text;
  const char  *p;
  gsize        cp;
} Cursor;

static void
cursor_init (Cursor      *cursor,
             HashiyaText *text)
{
  cursor->text = text;
  cursor->p = hashiya_text_get_utf8 (text, NULL);
  cursor->cp = 0;
}

static inline const char *
cursor_seek (Cursor *cursor,
             gsize   cp)
{
  if (cp < cursor->cp || cp - cursor->cp > 256)
    {
      cursor->p = hashiya_text_get_utf8 (cursor->text, NULL) + hashiya_text_cp_to_byte (cursor->text, cp);
      cursor->cp = cp;
    }
  while (cursor->cp < cp)
    {
      guchar b = (guchar) *cursor->p;

      cursor->p += b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
      cursor->cp++;
    }
  return cursor->p;
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
                   Cursor          *cursor,
                   const PlanToken *token)
{
  const char *p = cursor_seek (cursor, token->start);
  const char *run = p;
  /* at most 4 bytes a code point */
  char *d = buf_reserve (out, 4 * (gsize) (token->end - token->start));
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
  buf_commit (out, d);
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
  Cursor cursor;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (options != NULL, NULL);

  init_low_classes ();
  plan = plan_build (text, segments, spans, FALSE, options, doc_id, source, report);
  result = g_ptr_array_new_full (plan->tokens->len, (GDestroyNotify) hashiya_conll_token_free);
  buf = g_string_new (NULL);
  cursor_init (&cursor, text);
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

#define WHITESPACE_KEY "tokens:whitespace:%" G_GINT64_FORMAT

gboolean
hashiya_export_set_whitespace_tokens (HashiyaStore  *store,
                                      gint64         doc_id,
                                      gboolean       on,
                                      GError       **error)
{
  g_autoptr(HashiyaDocument) doc = NULL;
  g_autofree char *key = NULL;

  g_return_val_if_fail (HASHIYA_IS_STORE (store), FALSE);

  doc = hashiya_store_get_document (store, doc_id, error);
  if (doc == NULL)
    return FALSE;
  key = g_strdup_printf (WHITESPACE_KEY, doc_id);
  return hashiya_store_set_meta (store, key, on ? doc->sha256 : NULL, error);
}

gboolean
hashiya_export_get_whitespace_tokens (HashiyaStore          *store,
                                      const HashiyaDocument *doc)
{
  g_autofree char *key = NULL;
  g_autofree char *value = NULL;

  g_return_val_if_fail (HASHIYA_IS_STORE (store), FALSE);
  g_return_val_if_fail (doc != NULL, FALSE);

  key = g_strdup_printf (WHITESPACE_KEY, doc->id);
  value = hashiya_store_get_meta (store, key);
  /* the sha256 guards against a reused id */
  return value != NULL && g_strcmp0 (value, doc->sha256) == 0;
}

/* ------------------------------------------------------------------------- */
/* Output streams: a plain fd (fsync on close) or nothing (dry runs)          */
/* ------------------------------------------------------------------------- */

#define HASHIYA_TYPE_FD_STREAM (hashiya_fd_stream_get_type ())
G_DECLARE_FINAL_TYPE (HashiyaFdStream, hashiya_fd_stream, HASHIYA, FD_STREAM, GOutputStream)

struct _HashiyaFdStream
{
  GOutputStream parent_instance;
  int fd;          /* -1 = discard everything */
};

G_DEFINE_TYPE (HashiyaFdStream, hashiya_fd_stream, G_TYPE_OUTPUT_STREAM)

static gssize
hashiya_fd_stream_write (GOutputStream *stream,
                         const void    *buffer,
                         gsize          count,
                         GCancellable  *cancellable,
                         GError       **error)
{
  HashiyaFdStream *self = HASHIYA_FD_STREAM (stream);
  gssize n;

  if (self->fd < 0)
    return count;
  do
    n = write (self->fd, buffer, MIN (count, (gsize) G_MAXSSIZE));
  while (n < 0 && errno == EINTR);
  if (n < 0)
    {
      int saved = errno;

      g_set_error_literal (error, G_IO_ERROR, g_io_error_from_errno (saved),
                           g_strerror (saved));
      return -1;
    }
  return n;
}

static gboolean
hashiya_fd_stream_close (GOutputStream *stream,
                         GCancellable  *cancellable,
                         GError       **error)
{
  HashiyaFdStream *self = HASHIYA_FD_STREAM (stream);
  int fd = self->fd;

  self->fd = -1;
  if (fd < 0)
    return TRUE;
  if (fsync (fd) != 0 && errno != EINVAL && errno != EROFS)
    {
      int saved = errno;

      close (fd);
      g_set_error_literal (error, G_IO_ERROR, g_io_error_from_errno (saved),
                           g_strerror (saved));
      return FALSE;
    }
  if (close (fd) != 0)
    {
      int saved = errno;

      g_set_error_literal (error, G_IO_ERROR, g_io_error_from_errno (saved),
                           g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

static void
hashiya_fd_stream_finalize (GObject *object)
{
  HashiyaFdStream *self = HASHIYA_FD_STREAM (object);

  if (self->fd >= 0)
    close (self->fd);
  G_OBJECT_CLASS (hashiya_fd_stream_parent_class)->finalize (object);
}

static void
hashiya_fd_stream_class_init (HashiyaFdStreamClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GOutputStreamClass *stream_class = G_OUTPUT_STREAM_CLASS (klass);

  object_class->finalize = hashiya_fd_stream_finalize;
  stream_class->write_fn = hashiya_fd_stream_write;
  stream_class->close_fn = hashiya_fd_stream_close;
}

static void
hashiya_fd_stream_init (HashiyaFdStream *self)
{
  self->fd = -1;
}

static GOutputStream *
fd_stream_new (int fd)
{
  HashiyaFdStream *self = g_object_new (HASHIYA_TYPE_FD_STREAM, NULL);

  self->fd = fd;
  return G_OUTPUT_STREAM (self);
}

/* ------------------------------------------------------------------------- */
/* Shared writer helpers                                                      */
/* ------------------------------------------------------------------------- */

static gboolean
write_bytes (GOutputStream *out,
             const char    *data,
             gsize          len,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autoptr(GError) local = NULL;

  if (len == 0)
    return TRUE;
  if (g_output_stream_write_all (out, data, len, NULL, cancellable, &local))
    return TRUE;
  if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_set_error_literal (error, HASHIYA_EXPORT_ERROR, HASHIYA_EXPORT_ERROR_CANCELLED,
                         _("Export cancelled"));
  else
    g_set_error (error, HASHIYA_EXPORT_ERROR, HASHIYA_EXPORT_ERROR_WRITE,
                 _("Cannot write the export: %s"), local->message);
  return FALSE;
}

static gboolean
check_cancelled (GCancellable *cancellable,
                 GError      **error)
{
  if (g_cancellable_is_cancelled (cancellable))
    {
      g_set_error_literal (error, HASHIYA_EXPORT_ERROR, HASHIYA_EXPORT_ERROR_CANCELLED,
                           _("Export cancelled"));
      return TRUE;
    }
  return FALSE;
}

gboolean
hashiya_export_options_selects (const HashiyaExportOptions *options,
                                gint64                      id)
{
  if (options->doc_ids == NULL)
    return TRUE;
  for (guint i = 0; i < options->doc_ids->len; i++)
    if (g_array_index (options->doc_ids, gint64, i) == id)
      return TRUE;
  return FALSE;
}

/* The documents to export, in project order; every id in doc_ids must exist. */
static GPtrArray *
list_documents (HashiyaStore               *store,
                const HashiyaExportOptions *options,
                GError                    **error)
{
  g_autoptr(GPtrArray) docs = hashiya_store_list_documents (store, error);

  if (docs == NULL)
    return NULL;
  for (guint i = 0; options->doc_ids != NULL && i < options->doc_ids->len; i++)
    {
      gint64 id = g_array_index (options->doc_ids, gint64, i);
      gboolean found = FALSE;

      for (guint k = 0; k < docs->len && !found; k++)
        found = ((HashiyaDocument *) g_ptr_array_index (docs, k))->id == id;
      if (!found)
        {
          g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_NOT_FOUND,
                       _("No document with id %" PRId64 " in the project"), id);
          return NULL;
        }
    }
  return g_steal_pointer (&docs);
}

static gboolean
judgement_selected (const HashiyaExportOptions *options,
                    const HashiyaJudgement     *j)
{
  return options->annotator == NULL || g_strcmp0 (j->annotator, options->annotator) == 0;
}

/* ------------------------------------------------------------------------- */
/* Documents in parallel, written in order                                    */
/* ------------------------------------------------------------------------- */

/* Tokenising and serialising are per document and independent, so worker threads
 * render the next few documents into buffers while this thread writes them in export
 * order. At most AHEAD documents, of at most PARALLEL_MAX_LENGTH code points together
 * (or a single one), are rendered ahead or wait in memory; a document bigger than
 * PARALLEL_MAX_LENGTH is never rendered ahead: the writing thread renders it itself,
 * flushing as it goes, so the export stays within a few copies of the largest document.
 * Everything is serial on one core. */

typedef struct _ExportJob ExportJob;

/* Renders one document into buf. out is NULL when rendering ahead; otherwise the
 * renderer may flush buf into it on the way (huge documents). */
typedef gboolean (*RenderDocument) (ExportJob             *job,
                                    const HashiyaDocument *doc,
                                    guint                  position,
                                    guint                  index,
                                    GOutputStream         *out,
                                    GString               *buf,
                                    HashiyaExportReport   *report,
                                    GCancellable          *cancellable,
                                    GError               **error);

struct _ExportJob
{
  HashiyaStore               *store;
  const HashiyaExportOptions *options;
  RenderDocument              render;
  guint                       n_columns;   /* CoNLL tag columns */
  gboolean                    lines;       /* JSONL */
  GPtrArray                  *all;         /* every HashiyaDocument of the project */
  GPtrArray                  *docs;        /* the selected ones, export order (not owned) */
  GArray                     *positions;   /* guint: 1-based place in the project */
  GMutex                      store_lock;  /* see fetch_document () */
};

#define AHEAD 4
#define FLUSH_AT (64 * 1024)
#define PARALLEL_MAX_LENGTH (4 * 1024 * 1024)

/* Writing a document on the way: once b holds FLUSH_AT bytes, they go to out (NULL when
 * rendering ahead: then everything stays in b). */
static gboolean
flush_when_full (GString       *b,
                 GOutputStream *out,
                 GCancellable  *cancellable,
                 GError       **error)
{
  if (out == NULL || b->len < FLUSH_AT)
    return TRUE;
  if (!write_bytes (out, b->str, b->len, cancellable, error))
    return FALSE;
  g_string_truncate (b, 0);
  return TRUE;
}

/* HASHIYA_EXPORT_BIG_DOCUMENT (code points) lowers the limit, for the tests. */
static gint64
parallel_max_length (void)
{
  const char *env = g_getenv ("HASHIYA_EXPORT_BIG_DOCUMENT");

  return env != NULL ? g_ascii_strtoll (env, NULL, 10) : PARALLEL_MAX_LENGTH;
}

typedef struct
{
  GString             *buf;
  HashiyaExportReport *report;
  GError              *error;
  gboolean             ready;
  gboolean             big;     /* left to the writing thread, which streams it */
} Slot;

typedef struct
{
  ExportJob    *job;
  Slot         *slots;
  GMutex        lock;
  GCond         cond;
  guint         next_take;
  guint         next_write;
  gboolean      abort;
  GCancellable *cancellable;
  gint64        max_length;
  gint64        in_flight;   /* code points of the documents taken and not yet written */
} Pipeline;

static void
report_merge (HashiyaExportReport *to,
              HashiyaExportReport *from)
{
  for (guint i = 0; i < from->items->len; i++)
    g_ptr_array_add (to->items, g_ptr_array_steal_index (from->items, i--));
  to->n_documents += from->n_documents;
  to->n_sentences += from->n_sentences;
  to->n_tokens += from->n_tokens;
  to->n_entities += from->n_entities;
  to->n_format_chars_dropped += from->n_format_chars_dropped;
}

/* The next document may be rendered ahead when the documents already taken stay under
 * max_length code points with it (a big one is left to the writing thread and counts
 * nothing), or when nothing is taken: the buffers waiting in memory stay within a few
 * times the largest document that is rendered ahead. Called with the lock held. */
static gboolean
pipeline_may_take (Pipeline *p)
{
  const HashiyaDocument *doc = g_ptr_array_index (p->job->docs, p->next_take);

  return doc->length > p->max_length || p->in_flight == 0
         || p->in_flight + doc->length <= p->max_length;
}

static gpointer
pipeline_worker (gpointer data)
{
  Pipeline *p = data;
  ExportJob *job = p->job;

  for (;;)
    {
      Slot slot = { NULL, NULL, NULL, TRUE, FALSE };
      const HashiyaDocument *doc;
      guint i;

      g_mutex_lock (&p->lock);
      while (!p->abort && p->next_take < job->docs->len
             && (p->next_take >= p->next_write + AHEAD || !pipeline_may_take (p)))
        g_cond_wait (&p->cond, &p->lock);
      if (p->abort || p->next_take >= job->docs->len)
        {
          g_mutex_unlock (&p->lock);
          return NULL;
        }
      i = p->next_take++;
      doc = g_ptr_array_index (job->docs, i);
      if (doc->length <= p->max_length)
        p->in_flight += doc->length;
      g_mutex_unlock (&p->lock);

      if (doc->length > p->max_length)
        {
          slot.big = TRUE;
          g_mutex_lock (&p->lock);
          p->slots[i] = slot;
          g_cond_broadcast (&p->cond);
          g_mutex_unlock (&p->lock);
          continue;
        }
      slot.buf = g_string_new (NULL);
      slot.report = hashiya_export_report_new ();
      if (g_cancellable_is_cancelled (p->cancellable))
        g_set_error_literal (&slot.error, HASHIYA_EXPORT_ERROR, HASHIYA_EXPORT_ERROR_CANCELLED,
                             _("Export cancelled"));
      else
        job->render (job, doc, g_array_index (job->positions, guint, i), i, NULL, slot.buf,
                     slot.report, p->cancellable, &slot.error);

      g_mutex_lock (&p->lock);
      p->slots[i] = slot;
      g_cond_broadcast (&p->cond);
      g_mutex_unlock (&p->lock);
    }
}

static gboolean
export_documents (ExportJob           *job,
                  GOutputStream       *out,
                  HashiyaExportReport *report,
                  GCancellable        *cancellable,
                  GError             **error)
{
  guint n_threads = MIN (g_get_num_processors (), 4);
  Pipeline p = { 0 };
  GThread *threads[4] = { NULL };
  gboolean ok = TRUE;

  if (job->docs->len < 2)
    n_threads = 1;

  if (n_threads <= 1)
    {
      g_autoptr(GString) buf = g_string_sized_new (FLUSH_AT + 4096);

      for (guint i = 0; i < job->docs->len; i++)
        {
          if (check_cancelled (cancellable, error))
            return FALSE;
          if (!job->render (job, g_ptr_array_index (job->docs, i),
                            g_array_index (job->positions, guint, i), i, out, buf, report,
                            cancellable, error))
            return FALSE;
          if (buf->len >= FLUSH_AT)
            {
              if (!write_bytes (out, buf->str, buf->len, cancellable, error))
                return FALSE;
              g_string_truncate (buf, 0);
              /* a huge document leaves a huge buffer: give it back */
              if (buf->allocated_len > 16 * FLUSH_AT)
                {
                  g_string_free (buf, TRUE);
                  buf = g_string_sized_new (FLUSH_AT + 4096);
                }
            }
        }
      return write_bytes (out, buf->str, buf->len, cancellable, error);
    }

  p.job = job;
  p.slots = g_new0 (Slot, job->docs->len);
  p.cancellable = cancellable;
  p.max_length = parallel_max_length ();
  g_mutex_init (&p.lock);
  g_cond_init (&p.cond);
  for (guint t = 0; t < n_threads; t++)
    threads[t] = g_thread_new ("hashiya-export", pipeline_worker, &p);

  for (guint i = 0; i < job->docs->len && ok; i++)
    {
      Slot *slot = &p.slots[i];

      g_mutex_lock (&p.lock);
      while (!slot->ready)
        g_cond_wait (&p.cond, &p.lock);
      g_mutex_unlock (&p.lock);

      if (slot->big)
        {
          /* rendered here, flushing on the way: never held whole */
          g_autoptr(GString) buf = g_string_sized_new (FLUSH_AT + 4096);

          ok = !check_cancelled (cancellable, error)
               && job->render (job, g_ptr_array_index (job->docs, i),
                               g_array_index (job->positions, guint, i), i, out, buf, report,
                               cancellable, error)
               && write_bytes (out, buf->str, buf->len, cancellable, error);
        }
      else if (slot->error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&slot->error));
          ok = FALSE;
        }
      else
        {
          report_merge (report, slot->report);
          ok = write_bytes (out, slot->buf->str, slot->buf->len, cancellable, error);
        }
      if (slot->buf != NULL)
        g_string_free (g_steal_pointer (&slot->buf), TRUE);
      g_clear_pointer (&slot->report, hashiya_export_report_free);

      g_mutex_lock (&p.lock);
      if (!slot->big)
        p.in_flight -= ((const HashiyaDocument *) g_ptr_array_index (job->docs, i))->length;
      p.next_write++;
      if (!ok)
        p.abort = TRUE;
      g_cond_broadcast (&p.cond);
      g_mutex_unlock (&p.lock);
    }

  g_mutex_lock (&p.lock);
  p.abort = TRUE;
  g_cond_broadcast (&p.cond);
  g_mutex_unlock (&p.lock);
  for (guint t = 0; t < n_threads; t++)
    g_thread_join (threads[t]);

  for (guint i = 0; i < job->docs->len; i++)
    {
      if (p.slots[i].buf != NULL)
        g_string_free (p.slots[i].buf, TRUE);
      g_clear_pointer (&p.slots[i].report, hashiya_export_report_free);
      g_clear_error (&p.slots[i].error);
    }
  g_free (p.slots);
  g_mutex_clear (&p.lock);
  g_cond_clear (&p.cond);
  return ok;
}

/* The selected documents with their positions in the project. */
static gboolean
export_job_init (ExportJob                  *job,
                 HashiyaStore               *store,
                 const HashiyaExportOptions *options,
                 GError                    **error)
{
  GPtrArray *all;

  memset (job, 0, sizeof *job);
  all = list_documents (store, options, error);
  if (all == NULL)
    return FALSE;
  job->all = all;
  g_mutex_init (&job->store_lock);
  job->store = store;
  job->options = options;
  job->n_columns = 1;
  job->docs = g_ptr_array_new ();
  job->positions = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint i = 0; i < all->len; i++)
    {
      HashiyaDocument *doc = g_ptr_array_index (all, i);
      guint position = i + 1;

      if (!hashiya_export_options_selects (options, doc->id))
        continue;
      g_ptr_array_add (job->docs, doc);
      g_array_append_val (job->positions, position);
    }
  return TRUE;
}

static void
export_job_clear (ExportJob *job)
{
  g_clear_pointer (&job->docs, g_ptr_array_unref);
  g_clear_pointer (&job->all, g_ptr_array_unref);
  g_clear_pointer (&job->positions, g_array_unref);
  g_mutex_clear (&job->store_lock);
}

/* One document's data. The workers read the store one at a time: HashiyaStore locks
 * each call, but some calls (list_spans) reset their cached statement after dropping
 * the lock, which corrupts another thread's running query. The text is read apart:
 * hashiya_store_read_text holds the store's lock only while it copies the bytes, and
 * validating and indexing them (a tenth of an export's work) runs in parallel. */
static gboolean
fetch_document (ExportJob             *job,
                const HashiyaDocument *doc,
                HashiyaText          **text,
                GArray               **segments,
                GPtrArray            **spans,
                GPtrArray            **judgements,
                GError               **error)
{
  gboolean ok;

  /* outside the lock: it validates and indexes the text after the store's own lock */
  if ((*text = hashiya_store_read_text (job->store, doc->id, error)) == NULL)
    return FALSE;
  g_mutex_lock (&job->store_lock);
  ok = (*segments = hashiya_store_get_segments (job->store, doc->id, error)) != NULL
       && (*spans = hashiya_store_list_spans (job->store, doc->id, error)) != NULL
       && (judgements == NULL
           || (*judgements = hashiya_store_list_judgements (job->store, doc->id, error)) != NULL);
  g_mutex_unlock (&job->store_lock);
  return ok;
}

/* ------------------------------------------------------------------------- */
/* CoNLL writer                                                               */
/* ------------------------------------------------------------------------- */

static gboolean check_entity_bytes (HashiyaText       *text,
                                    const HashiyaSpan *span,
                                    const char        *bytes,
                                    gsize              n_bytes,
                                    gint64             doc_id,
                                    GError           **error);

static gboolean
conll_write_document (ExportJob                  *job,
                      const HashiyaDocument      *doc,
                      guint                       n_columns,
                      GOutputStream              *out,
                      GString                    *buf,
                      HashiyaExportReport        *report,
                      guint                      *max_levels,
                      GCancellable               *cancellable,
                      GError                    **error)
{
  g_autoptr(HashiyaText) text = NULL;
  g_autoptr(GArray) segments = NULL;
  g_autoptr(GPtrArray) spans = NULL;
  g_autoptr(GPtrArray) judgements = NULL;
  g_autoptr(Plan) plan = NULL;
  const HashiyaExportOptions *options = job->options;
  const char sep = options->separator;
  const PlanToken *tokens;
  Cursor cursor;
  gsize max_label = 1, line_room;
  gboolean whitespace_tokens;

  /* judgements have no place in CoNLL: only their loss is reported */
  if (!fetch_document (job, doc, &text, &segments, &spans,
                       max_levels == NULL && options->scope != HASHIYA_SCOPE_ARTICLE
                       ? &judgements : NULL, error))
    return FALSE;
  g_mutex_lock (&job->store_lock);
  whitespace_tokens = hashiya_export_get_whitespace_tokens (job->store, doc);
  g_mutex_unlock (&job->store_lock);
  for (guint i = 0; i < spans->len; i++)
    {
      const HashiyaSpan *span = g_ptr_array_index (spans, i);

      if ((span->start < 0 || span->end <= span->start
           || (gsize) span->end > hashiya_text_get_length (text))
          && !check_entity_bytes (text, span, NULL, 0, doc->id, error))
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

          if (!judgement_selected (options, j))
            continue;
          for (guint k = 0; k < segments->len; k++)
            {
              const HashiyaSegment *seg = &g_array_index (segments, HashiyaSegment, k);

              if (seg->kind == HASHIYA_SEGMENT_COMMENT && seg->comment_index == j->comment_index)
                report_add_range (report, HASHIYA_LOSS_NO_FIELD, doc->id, doc->source, seg,
                                  _("judgement of comment %d by %s: CoNLL has no field for "
                                  "judgements"), j->comment_index, j->annotator);
            }
        }
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
  cursor_init (&cursor, text);
  for (guint i = 0; i < plan->tokens->len; i++)
    {
      gboolean sentence_end;
      char *d;

      report->n_format_chars_dropped += append_token_text (buf, &cursor, &tokens[i]);
      d = buf_reserve (buf, line_room);
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
      buf_commit (buf, d);
      if (sentence_end && !flush_when_full (buf, out, cancellable, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
conll_render (ExportJob             *job,
              const HashiyaDocument *doc,
              guint                  position,
              guint                  index,
              GOutputStream         *out,
              GString               *buf,
              HashiyaExportReport   *report,
              GCancellable          *cancellable,
              GError               **error)
{
  return conll_write_document (job, doc, job->n_columns, out, buf, report,
                               NULL, cancellable, error);
}

static gboolean
conll_export (HashiyaStore               *store,
              const HashiyaExportOptions *options,
              GOutputStream              *out,
              HashiyaExportReport        *report,
              GCancellable               *cancellable,
              GError                    **error)
{
  ExportJob job;
  gboolean ok = TRUE;

  if (!export_job_init (&job, store, options, error))
    return FALSE;

  if (options->nested == HASHIYA_NESTED_COLUMNS)
    {
      /* the column count is the deepest nesting of the whole export */
      for (guint i = 0; i < job.docs->len && ok; i++)
        {
          ok = !check_cancelled (cancellable, error)
               && conll_write_document (&job, g_ptr_array_index (job.docs, i), 0,
                                        NULL, NULL, NULL, &job.n_columns, cancellable, error);
        }
    }

  init_low_classes ();
  job.render = conll_render;
  ok = ok && export_documents (&job, out, report, cancellable, error);
  export_job_clear (&job);
  return ok;
}

/* ------------------------------------------------------------------------- */
/* JSON / JSONL writer                                                        */
/* ------------------------------------------------------------------------- */

/* Documents are serialised by hand into one GString each: json-glib's builder and
 * generator cost three times the time of the rest of the export (a GHashTable and
 * several allocations per member), and json-glib 1.6 writes U+001F unescaped, which
 * strict parsers refuse. The labels header still goes through json-glib. */

static gboolean
check_entity_bytes (HashiyaText       *text,
                    const HashiyaSpan *span,
                    const char        *bytes,
                    gsize              n_bytes,
                    gint64             doc_id,
                    GError           **error)
{
  gsize length = hashiya_text_get_length (text);
  const char *utf8;
  gsize a, b;

  if (span->start < 0 || span->end <= span->start || (gsize) span->end > length)
    {
      g_set_error (error, HASHIYA_EXPORT_ERROR, HASHIYA_EXPORT_ERROR_INTEGRITY,
                   _("Document %" PRId64 ": span %" PRId64 " (%s) has the "
                   "range %" PRId64 "-%" PRId64 ", outside the text of "
                   "%zu characters"), doc_id, span->id,
                   span->label != NULL ? span->label : "?", span->start, span->end, length);
      return FALSE;
    }
  utf8 = hashiya_text_get_utf8 (text, NULL);
  a = hashiya_text_cp_to_byte (text, span->start);
  b = hashiya_text_cp_to_byte (text, span->end);
  if (bytes == NULL || n_bytes != b - a || memcmp (bytes, utf8 + a, b - a) != 0
      || g_utf8_strlen (bytes, n_bytes) != span->end - span->start)
    {
      g_set_error (error, HASHIYA_EXPORT_ERROR, HASHIYA_EXPORT_ERROR_INTEGRITY,
                   _("Document %" PRId64 ": the text of span %" PRId64
                   " (%s %" PRId64 "-%" PRId64 ") is not the slice of "
                   "the document"), doc_id, span->id,
                   span->label != NULL ? span->label : "?", span->start, span->end);
      return FALSE;
    }
  return TRUE;
}

gboolean
hashiya_export_check_entity (HashiyaText       *text,
                             const HashiyaSpan *span,
                             const char        *entity_text,
                             gint64             doc_id,
                             GError           **error)
{
  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (span != NULL, FALSE);

  return check_entity_bytes (text, span, entity_text,
                             entity_text != NULL ? strlen (entity_text) : 0, doc_id, error);
}

/* Bytes that cannot stand raw inside a JSON string: the letter of their escape after the
 * backslash ('u' for the \u00XX form), 0 for the bytes that can. */
static const guint8 *
json_escape_table (void)
{
  static guint8 table[256];
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      for (guint c = 0; c < 0x20; c++)
        table[c] = 'u';
      table['"'] = '"';
      table['\\'] = '\\';
      table['\n'] = 'n';
      table['\r'] = 'r';
      table['\t'] = 't';
      table['\b'] = 'b';
      table['\f'] = 'f';
      g_once_init_leave (&done, 1);
    }
  return table;
}

static void
json_append_escaped (GString    *b,
                     const char *s,
                     gsize       len)
{
  const guint8 *table = json_escape_table ();
  const char *end = s + len, *run = s;

  for (const char *p = s; p < end; p++)
    {
      guchar c = (guchar) *p;

      if (G_LIKELY (!table[c]))
        continue;
      g_string_append_len (b, run, p - run);
      run = p + 1;
      if (table[c] == 'u')
        g_string_append_printf (b, "\\u%04x", c);
      else
        {
          g_string_append_c (b, '\\');
          g_string_append_c (b, table[c]);
        }
    }
  g_string_append_len (b, run, end - run);
}

static void
json_append_string_len (GString    *b,
                        const char *s,
                        gsize       len)
{
  g_string_append_c (b, '"');
  json_append_escaped (b, s, len);
  g_string_append_c (b, '"');
}

/* "key": then a string or null */
static void
json_member_string (GString    *b,
                    const char *key,
                    const char *value)
{
  g_string_append (b, key);
  if (value == NULL)
    g_string_append (b, "null");
  else
    json_append_string_len (b, value, strlen (value));
}

static void
json_member_int (GString    *b,
                 const char *key,
                 gint64      value)
{
  char digits[24];
  char *p = digits + sizeof digits;
  guint64 v = value < 0 ? -(guint64) value : (guint64) value;

  do
    {
      *--p = '0' + v % 10;
      v /= 10;
    }
  while (v != 0);
  if (value < 0)
    *--p = '-';
  g_string_append (b, key);
  g_string_append_len (b, p, digits + sizeof digits - p);
}

static void
json_member_tristate (GString    *b,
                      const char *key,
                      int         value)
{
  g_string_append (b, key);
  g_string_append (b, value < 0 ? "null" : value ? "true" : "false");
}

/* Serialises one document into b (appending). */
static gboolean
json_document (ExportJob                  *job,
               const HashiyaDocument      *doc,
               guint                       position,
               GOutputStream              *out,
               GString                    *b,
               HashiyaExportReport        *report,
               GCancellable               *cancellable,
               GError                    **error)
{
  g_autoptr(HashiyaText) text = NULL;
  g_autoptr(GArray) segments = NULL;
  g_autoptr(GPtrArray) spans = NULL;
  g_autoptr(GPtrArray) judgements = NULL;
  guint entity_id = 0, j = 0;
  gboolean first;
  const char *utf8;
  gsize n_bytes;
  Cursor cursor;
  const HashiyaExportOptions *options = job->options;

  if (!fetch_document (job, doc, &text, &segments, &spans, &judgements, error))
    return FALSE;
  utf8 = hashiya_text_get_utf8 (text, &n_bytes);

  json_member_int (b, "{\"id\":", position);
  json_member_string (b, ",\"source\":", doc->source);
  json_member_string (b, ",\"sha256\":", doc->sha256);
  if (doc->date != NULL)
    json_member_string (b, ",\"date\":", doc->date);
  json_member_tristate (b, ",\"done\":", doc->done ? 1 : 0);
  /* the text in slices, so that a huge document is not held a second time */
  g_string_append (b, ",\"text\":\"");
  for (gsize off = 0; off < n_bytes; off += FLUSH_AT)
    {
      json_append_escaped (b, utf8 + off, MIN (FLUSH_AT, n_bytes - off));
      if (!flush_when_full (b, out, cancellable, error))
        return FALSE;
    }
  g_string_append_c (b, '"');

  g_string_append (b, ",\"segments\":[");
  for (guint i = 0; i < segments->len; i++)
    {
      const HashiyaSegment *seg = &g_array_index (segments, HashiyaSegment, i);

      json_member_string (b, i == 0 ? "{\"kind\":" : ",{\"kind\":",
                          hashiya_segment_kind_to_string (seg->kind));
      json_member_int (b, ",\"start\":", seg->start);
      json_member_int (b, ",\"end\":", seg->end);
      g_string_append_c (b, '}');
    }

  g_string_append (b, "],\"entities\":[");
  cursor_init (&cursor, text);
  for (guint i = 0; i < spans->len; i++)
    {
      const HashiyaSpan *span = g_ptr_array_index (spans, i);
      const char *s = NULL, *e = NULL;

      if (options->annotator != NULL && g_strcmp0 (span->annotator, options->annotator) != 0)
        continue;
      /* the slice, found by walking the text (not through the offset index), and checked
       * against the index: both must agree */
      if (span->start >= 0 && span->end > span->start
          && (gsize) span->end <= hashiya_text_get_length (text))
        {
          s = cursor_seek (&cursor, span->start);
          e = s;
          for (gint64 k = span->start; k < span->end && e < utf8 + n_bytes; k++)
            e = g_utf8_next_char (e);
        }
      if (!check_entity_bytes (text, span, s, e - s, doc->id, error))
        return FALSE;
      entity_id++;
      json_member_int (b, entity_id == 1 ? "{\"id\":" : ",{\"id\":", entity_id);
      json_member_int (b, ",\"start\":", span->start);
      json_member_int (b, ",\"end\":", span->end);
      json_member_string (b, ",\"label\":", span->label);
      g_string_append (b, ",\"text\":");
      json_append_string_len (b, s, e - s);
      json_member_string (b, ",\"annotator\":", span->annotator);
      json_member_string (b, ",\"origin\":", span->origin);
      if (span->note != NULL)
        json_member_string (b, ",\"note\":", span->note);
      g_string_append_c (b, '}');
      if (!flush_when_full (b, out, cancellable, error))
        return FALSE;
    }

  g_string_append (b, "],\"comments\":[");
  first = TRUE;
  for (guint i = 0; i < segments->len; i++)
    {
      const HashiyaSegment *seg = &g_array_index (segments, HashiyaSegment, i);
      gsize a, z;
      gboolean first_j = TRUE;

      if (seg->kind != HASHIYA_SEGMENT_COMMENT)
        continue;
      json_member_int (b, first ? "{\"index\":" : ",{\"index\":", seg->comment_index);
      first = FALSE;
      json_member_int (b, ",\"start\":", seg->start);
      json_member_int (b, ",\"end\":", seg->end);
      a = hashiya_text_cp_to_byte (text, seg->start);
      z = hashiya_text_cp_to_byte (text, seg->end);
      g_string_append (b, ",\"text\":");
      json_append_string_len (b, utf8 + a, z - a);
      g_string_append (b, ",\"judgements\":[");
      /* judgements come ordered by comment index */
      while (j < judgements->len
             && ((HashiyaJudgement *) g_ptr_array_index (judgements, j))->comment_index
                < seg->comment_index)
        j++;
      for (; j < judgements->len; j++)
        {
          const HashiyaJudgement *jd = g_ptr_array_index (judgements, j);

          if (jd->comment_index != seg->comment_index)
            break;
          if (!judgement_selected (options, jd))
            continue;
          json_member_string (b, first_j ? "{\"annotator\":" : ",{\"annotator\":",
                              jd->annotator);
          first_j = FALSE;
          json_member_string (b, ",\"sentiment\":", hashiya_sentiment_to_string (jd->sentiment));
          json_member_tristate (b, ",\"offensive\":", jd->offensive);
          json_member_tristate (b, ",\"hate_speech\":", jd->hate_speech);
          json_member_string (b, ",\"decision\":", hashiya_decision_to_string (jd->decision));
          json_member_string (b, ",\"note\":", jd->note);
          g_string_append_c (b, '}');
        }
      g_string_append (b, "]}");
    }
  g_string_append (b, "]}");

  if (report != NULL)
    {
      report->n_documents++;
      report->n_entities += entity_id;
    }
  return TRUE;
}

static char *
json_labels (HashiyaStore *store,
             gsize        *len,
             GError      **error)
{
  g_autoptr(GPtrArray) labels = hashiya_store_list_labels (store, error);
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonGenerator) gen = json_generator_new ();

  if (labels == NULL)
    return NULL;
  json_builder_begin_array (b);
  for (guint i = 0; i < labels->len; i++)
    {
      const HashiyaLabel *label = g_ptr_array_index (labels, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, label->name);
      json_builder_set_member_name (b, "color");
      json_builder_add_string_value (b, label->color);
      json_builder_set_member_name (b, "key");
      if (label->key != NULL)
        json_builder_add_string_value (b, label->key);
      else
        json_builder_add_null_value (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  return json_generator_to_data (gen, len);
}

static gboolean
json_render (ExportJob             *job,
             const HashiyaDocument *doc,
             guint                  position,
             guint                  index,
             GOutputStream         *out,
             GString               *buf,
             HashiyaExportReport   *report,
             GCancellable          *cancellable,
             GError               **error)
{
  if (!job->lines)
    g_string_append (buf, index == 0 ? "\n" : ",\n");
  if (!json_document (job, doc, position, out, buf, report, cancellable, error))
    return FALSE;
  if (job->lines)
    g_string_append_c (buf, '\n');
  return TRUE;
}

static gboolean
json_export (HashiyaStore               *store,
             const HashiyaExportOptions *options,
             gboolean                    lines,
             GOutputStream              *out,
             HashiyaExportReport        *report,
             GCancellable               *cancellable,
             GError                    **error)
{
  ExportJob job;
  gboolean ok;

  if (!export_job_init (&job, store, options, error))
    return FALSE;
  job.render = json_render;
  job.lines = lines;

  if (!lines)
    {
      static const char head[] = "{\"format\":\"hashiya/1\",\"offsets\":\"codepoint\",\"labels\":";
      static const char docs_head[] = ",\"documents\":[";
      gsize len = 0;
      g_autofree char *labels = json_labels (store, &len, error);

      if (labels == NULL
          || !write_bytes (out, head, strlen (head), cancellable, error)
          || !write_bytes (out, labels, len, cancellable, error)
          || !write_bytes (out, docs_head, strlen (docs_head), cancellable, error))
        {
          export_job_clear (&job);
          return FALSE;
        }
    }

  ok = export_documents (&job, out, report, cancellable, error);
  if (ok && !lines)
    ok = write_bytes (out, "\n]}\n", 4, cancellable, error);
  export_job_clear (&job);
  return ok;
}

/* ------------------------------------------------------------------------- */
/* Dispatcher                                                                 */
/* ------------------------------------------------------------------------- */

static gboolean
check_options (const HashiyaExportOptions *options,
               GError                    **error)
{
  switch (options->format)
    {
    case HASHIYA_FORMAT_CONLL:
      if (options->columns != 2 && options->columns != 4)
        {
          g_set_error (error, HASHIYA_EXPORT_ERROR, HASHIYA_EXPORT_ERROR_UNSUPPORTED,
                       _("CoNLL export has 2 or 4 columns, not %d"), options->columns);
          return FALSE;
        }
      if (options->separator != ' ' && options->separator != '\t')
        {
          g_set_error_literal (error, HASHIYA_EXPORT_ERROR, HASHIYA_EXPORT_ERROR_UNSUPPORTED,
                               _("CoNLL columns are separated by a space or a TAB"));
          return FALSE;
        }
      if (options->scheme != HASHIYA_SCHEME_BIO && options->scheme != HASHIYA_SCHEME_IOB1
          && options->scheme != HASHIYA_SCHEME_BIOES)
        {
          g_set_error_literal (error, HASHIYA_EXPORT_ERROR, HASHIYA_EXPORT_ERROR_UNSUPPORTED,
                               _("CoNLL export writes the schemes bio, iob1 and bioes only"));
          return FALSE;
        }
      return TRUE;
    case HASHIYA_FORMAT_JSON:
    case HASHIYA_FORMAT_JSONL:
    case HASHIYA_FORMAT_DOCCANO:
    case HASHIYA_FORMAT_LABEL_STUDIO:
    case HASHIYA_FORMAT_SPACY:
    case HASHIYA_FORMAT_BRAT:
      return TRUE;
    case HASHIYA_FORMAT_AUTO:
    case HASHIYA_FORMAT_ARTICLE:
    default:
      g_set_error_literal (error, HASHIYA_EXPORT_ERROR, HASHIYA_EXPORT_ERROR_UNSUPPORTED,
                           _("This format cannot be exported; choose conll, json, jsonl, "
                           "doccano, label-studio, brat or spacy"));
      return FALSE;
    }
}

static gboolean
export_stream_unchecked (HashiyaStore               *store,
                         const HashiyaExportOptions *options,
                         GOutputStream              *out,
                         HashiyaExportReport        *report,
                         GCancellable               *cancellable,
                         GError                    **error)
{
  switch (options->format)
    {
    case HASHIYA_FORMAT_CONLL:
      return conll_export (store, options, out, report, cancellable, error);
    case HASHIYA_FORMAT_JSON:
      return json_export (store, options, FALSE, out, report, cancellable, error);
    case HASHIYA_FORMAT_JSONL:
      return json_export (store, options, TRUE, out, report, cancellable, error);
    case HASHIYA_FORMAT_DOCCANO:
    case HASHIYA_FORMAT_LABEL_STUDIO:
    case HASHIYA_FORMAT_SPACY:
      return hashiya_formats_export_stream (store, options, out, report, cancellable, error);
    case HASHIYA_FORMAT_BRAT:
      g_set_error_literal (error, HASHIYA_EXPORT_ERROR, HASHIYA_EXPORT_ERROR_UNSUPPORTED,
                           _("brat export writes a folder, not a stream"));
      return FALSE;
    default:
      g_assert_not_reached ();
      return FALSE;
    }
}

static void
strict_error (HashiyaExportReport *report,
              GError             **error)
{
  g_autofree char *first = hashiya_loss_item_to_string (g_ptr_array_index (report->items, 0));

  g_set_error (error, HASHIYA_EXPORT_ERROR, HASHIYA_EXPORT_ERROR_STRICT,
               dngettext (GETTEXT_PACKAGE,
                          "Strict export refused: the format loses %u item (first: %s)",
                          "Strict export refused: the format loses %u items (first: %s)",
                          report->items->len),
               report->items->len, first);
}

static void
report_take_items (HashiyaExportReport *to,
                   HashiyaExportReport *from)
{
  for (guint i = 0; i < from->items->len; i++)
    g_ptr_array_add (to->items, g_ptr_array_steal_index (from->items, i--));
}

gboolean
hashiya_export_to_stream (HashiyaStore               *store,
                          const HashiyaExportOptions *options,
                          GOutputStream              *out,
                          HashiyaExportReport        *report,
                          GCancellable               *cancellable,
                          GError                    **error)
{
  g_autoptr(HashiyaExportReport) own = NULL;

  g_return_val_if_fail (HASHIYA_IS_STORE (store), FALSE);
  g_return_val_if_fail (options != NULL, FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (out), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_options (options, error))
    return FALSE;
  if (report == NULL)
    report = own = hashiya_export_report_new ();

  if (options->strict && options->format != HASHIYA_FORMAT_JSON
      && options->format != HASHIYA_FORMAT_JSONL)
    {
      /* a dry run first, so a refused export writes nothing to the stream */
      g_autoptr(HashiyaExportReport) dry = hashiya_export_report_new ();
      g_autoptr(GOutputStream) null = fd_stream_new (-1);

      if (!export_stream_unchecked (store, options, null, dry, cancellable, error))
        return FALSE;
      if (dry->items->len > 0)
        {
          report_take_items (report, dry);
          strict_error (report, error);
          return FALSE;
        }
    }

  if (!export_stream_unchecked (store, options, out, report, cancellable, error))
    return FALSE;
  if (options->strict && report->items->len > 0)
    {
      strict_error (report, error);
      return FALSE;
    }
  return TRUE;
}

gboolean
hashiya_export_to_file (HashiyaStore               *store,
                        const HashiyaExportOptions *options,
                        const char                 *path,
                        HashiyaExportReport        *report,
                        GCancellable               *cancellable,
                        GError                    **error)
{
  g_autoptr(HashiyaExportReport) own = NULL;
  g_autoptr(GOutputStream) raw = NULL;
  g_autoptr(GOutputStream) out = NULL;
  g_autoptr(GError) local = NULL;
  g_autofree char *tmp = NULL;
  g_autofree char *dir = NULL;
  gboolean ok;
  int fd;

  g_return_val_if_fail (HASHIYA_IS_STORE (store), FALSE);
  g_return_val_if_fail (options != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_options (options, error))
    return FALSE;
  if (report == NULL)
    report = own = hashiya_export_report_new ();

  if (options->format == HASHIYA_FORMAT_BRAT)
    return hashiya_formats_export_brat (store, options, path, report, cancellable, error);

  /* Say plainly what is wrong before exporting anything: a missing folder or a folder as the
   * target would otherwise surface as a failed temporary file or rename. */
  dir = g_path_get_dirname (path);
  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, HASHIYA_EXPORT_ERROR, HASHIYA_EXPORT_ERROR_WRITE,
                   _("Cannot write %s: the folder %s does not exist"), path, dir);
      return FALSE;
    }
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, HASHIYA_EXPORT_ERROR, HASHIYA_EXPORT_ERROR_WRITE,
                   _("Cannot write %s: it is a folder"), path);
      return FALSE;
    }

  tmp = g_strconcat (path, ".tmp-XXXXXX", NULL);
  fd = g_mkstemp_full (tmp, O_WRONLY | O_CLOEXEC, 0666);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, HASHIYA_EXPORT_ERROR, HASHIYA_EXPORT_ERROR_WRITE,
                   _("Cannot create a temporary file beside %s: %s"), path, g_strerror (saved));
      return FALSE;
    }
  raw = fd_stream_new (fd);
  out = g_buffered_output_stream_new_sized (raw, 256 * 1024);

  ok = export_stream_unchecked (store, options, out, report, cancellable, &local);
  if (ok && options->strict && report->items->len > 0)
    {
      strict_error (report, &local);
      ok = FALSE;
    }
  if (ok && !g_output_stream_close (out, cancellable, &local))
    {
      g_prefix_error (&local, _("Cannot write %s: "), tmp);
      if (local->domain != HASHIYA_EXPORT_ERROR)
        {
          GError *e = g_error_new_literal (HASHIYA_EXPORT_ERROR, HASHIYA_EXPORT_ERROR_WRITE,
                                           local->message);
          g_clear_error (&local);
          local = e;
        }
      ok = FALSE;
    }
  if (ok && g_rename (tmp, path) != 0)
    {
      int saved = errno;

      g_set_error (&local, HASHIYA_EXPORT_ERROR, HASHIYA_EXPORT_ERROR_WRITE,
                   _("Cannot rename %s to %s: %s"), tmp, path, g_strerror (saved));
      ok = FALSE;
    }
  if (!ok)
    {
      HashiyaFdStream *fds = HASHIYA_FD_STREAM (raw);

      /* drop what is still buffered: close the file first, so nothing is flushed or synced */
      if (fds->fd >= 0)
        {
          close (fds->fd);
          fds->fd = -1;
        }
      g_output_stream_close (out, NULL, NULL);
      g_unlink (tmp);
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }

  /* make the rename itself durable */
  fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0)
    {
      fsync (fd);
      close (fd);
    }
  return TRUE;
}
