/* hashiya-spacy.c: spaCy-style JSONL, read and written
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the format holds (anything else is listed in the export report; offsets: see
 * hashiya-interchange-common.h):
 *  - spaCy-style JSONL: {"text", "spans": [{"start", "end", "label"}], "cats":
 *    {"comment-N/…": 1.0}, "meta": {…}}, code points; same holdings as doccano.
 *    spaCy's Doc.char_span () returns None for a span whose edge is inside one of its
 *    tokens: every span with an edge inside a Hashiya token (a clitic span) is reported;
 *    options->spacy_spans WIDEN widens them to token edges, TOKENS writes a "tokens" list
 *    ({"text", "start", "end", "id", "ws"}, Hashiya's tokens split at every span edge) and
 *    each span's "token_start" / "token_end" (inclusive), so the spans line up.
 */
#include "config.h"

#include <inttypes.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "hashiya-spacy.h"
#include "hashiya-interchange-common.h"

static guint
spacy_detect (HashiyaSniff *sniff)
{
  JsonObject *obj;

  if (hashiya_sniff_json_opening (sniff) != '{')
    return 0;
  obj = hashiya_sniff_json_first_object (sniff);
  if (obj == NULL)
    return hashiya_sniff_json_window_has (sniff, "\"spans\"") ? 35 : 0;
  return json_object_has_member (obj, "text") && json_object_has_member (obj, "spans") ? 75 : 0;
}

gboolean
hashiya_parse_spacy (const char *path, const char *data, gsize len,
                     const HashiyaImportOptions *options,
                     GPtrArray *docs_out, HashiyaImportReport *report, GError **error)
{
  g_return_val_if_fail (data != NULL && docs_out != NULL, FALSE);
  return hashiya_ix_parse_jsonl (HASHIYA_JSONL_SPACY, path, data, len, options, docs_out,
                                 report, error);
}

static gboolean
spacy_read (const char *path, char **data, gsize len, const HashiyaImportOptions *options,
              GPtrArray *docs_out, GPtrArray *labels_out, HashiyaImportReport *report,
              GError **error)
{
  return hashiya_parse_spacy (path, *data, len, options, docs_out, report, error);
}

static gboolean
spacy_check (const HashiyaExportOptions *options,
               GError                    **error)
{
  return hashiya_ix_check_whole_documents (options, hashiya_format_spacy.name, error);
}

/* The token holding cp strictly inside it (start < cp < end), or -1. */
static int
token_around (GArray *tokens, gint64 cp)
{
  guint lo = 0, hi = tokens->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      if ((gint64) g_array_index (tokens, HashiyaToken, mid).end <= cp)
        lo = mid + 1;
      else
        hi = mid;
    }
  if (lo < tokens->len && (gint64) g_array_index (tokens, HashiyaToken, lo).start < cp)
    return (int) lo;
  return -1;
}

/* The first token starting at or after cp (tokens->len when none). */
static gint64
tokens_from (GArray *tokens, gint64 cp)
{
  guint lo = 0, hi = tokens->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      if ((gint64) g_array_index (tokens, HashiyaToken, mid).start < cp)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

static int
compare_gint64 (gconstpointer a, gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

/* Checks every span's edges against the document's tokens (see the top of the file). */
static void
spacy_token_edges (HashiyaDocView *d, JsonObject *record, HashiyaSpacySpans mode)
{
  gsize n = hashiya_text_get_length (d->text);
  g_autoptr(GArray) tokens = hashiya_tokenize (d->text, 0, n);
  JsonArray *spans = json_object_get_array_member (record, "spans");
  g_autoptr(GArray) cuts = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; i < d->spans->len && i < json_array_get_length (spans); i++)
    {
      HashiyaSpan *s = g_ptr_array_index (d->spans, i);
      JsonObject *o = json_array_get_object_element (spans, i);
      int ts = token_around (tokens, s->start), te = token_around (tokens, s->end);

      if (ts < 0 && te < 0)
        continue;
      if (mode == HASHIYA_SPACY_SPANS_WIDEN)
        {
          gint64 ns = ts >= 0 ? (gint64) g_array_index (tokens, HashiyaToken, ts).start : s->start;
          gint64 ne = te >= 0 ? (gint64) g_array_index (tokens, HashiyaToken, te).end : s->end;
          json_object_set_int_member (o, "start", ns);
          json_object_set_int_member (o, "end", ne);
          hashiya_export_report_add (d->report, HASHIYA_LOSS_WIDENED, d->doc->id, d->doc->source, s,
                                     _("widened to token edges: %" PRId64 "-%" PRId64),
                                     ns, ne);
        }
      else if (mode == HASHIYA_SPACY_SPANS_TOKENS)
        {
          if (ts >= 0)
            g_array_append_val (cuts, s->start);
          if (te >= 0)
            g_array_append_val (cuts, s->end);
        }
      else
        hashiya_export_report_add (d->report, HASHIYA_LOSS_NO_FIELD, d->doc->id, d->doc->source, s,
                                   "%s",
                                   ts >= 0 && te >= 0
                                   ? _("starts and ends inside a token: spaCy's Doc.char_span () finds "
                                       "no span there unless its tokenizer splits there "
                                       "(--spacy-spans widen or tokens)")
                                   : ts >= 0
                                   ? _("starts inside a token: spaCy's Doc.char_span () finds no span "
                                       "there unless its tokenizer splits there (--spacy-spans widen "
                                       "or tokens)")
                                   : _("ends inside a token: spaCy's Doc.char_span () finds no span "
                                       "there unless its tokenizer splits there (--spacy-spans widen "
                                       "or tokens)"));
    }
  if (mode != HASHIYA_SPACY_SPANS_TOKENS)
    return;

  /* the tokens, split at the span edges inside them */
  {
    g_autoptr(GArray) split = g_array_new (FALSE, FALSE, sizeof (HashiyaToken));
    JsonArray *out = json_array_new ();
    guint c = 0;

    g_array_sort (cuts, compare_gint64);
    for (guint i = 0; i < tokens->len; i++)
      {
        HashiyaToken t = g_array_index (tokens, HashiyaToken, i);
        while (c < cuts->len && g_array_index (cuts, gint64, c) <= (gint64) t.start)
          c++;
        while (c < cuts->len && g_array_index (cuts, gint64, c) < (gint64) t.end)
          {
            HashiyaToken head = t;
            head.end = g_array_index (cuts, gint64, c);
            g_array_append_val (split, head);
            t.start = head.end;
            c++;
          }
        g_array_append_val (split, t);
      }
    for (guint i = 0; i < split->len; i++)
      {
        const HashiyaToken *t = &g_array_index (split, HashiyaToken, i);
        JsonObject *o = json_object_new ();
        g_autofree char *text = hashiya_text_slice (d->text, t->start, t->end);
        gunichar after = t->end < n ? hashiya_text_get_char (d->text, t->end) : 0;

        json_object_set_string_member (o, "text", text);
        json_object_set_int_member (o, "start", t->start);
        json_object_set_int_member (o, "end", t->end);
        json_object_set_int_member (o, "id", i);
        json_object_set_boolean_member (o, "ws", after != 0 && hashiya_unichar_is_space (after));
        json_array_add_object_element (out, o);
      }
    for (guint i = 0; i < d->spans->len && i < json_array_get_length (spans); i++)
      {
        HashiyaSpan *s = g_ptr_array_index (d->spans, i);
        JsonObject *o = json_array_get_object_element (spans, i);
        gint64 first = tokens_from (split, s->start), last = tokens_from (split, s->end) - 1;

        if (first < (gint64) split->len && last >= first
            && (gint64) g_array_index (split, HashiyaToken, last).end <= s->end)
          {
            json_object_set_int_member (o, "token_start", first);
            json_object_set_int_member (o, "token_end", last);
          }
      }
    json_object_set_array_member (record, "tokens", out);
  }
}

static void
spacy_record_amend (HashiyaDocView *d, JsonObject *record)
{
  spacy_token_edges (d, record, d->options->spacy_spans);
  for (guint i = 0; i < d->spans->len; i++)
    hashiya_ix_report_span_value (d, g_ptr_array_index (d->spans, i), "spaCy");
}

static gboolean
spacy_document (HashiyaWriteJob       *job,
                  const HashiyaWriteDoc *doc,
                  HashiyaWriteOut       *out,
                  HashiyaExportReport   *report,
                  GError               **error)
{
  return hashiya_ix_write_jsonl_document (job, doc, out, report, TRUE, FALSE,
                                         spacy_record_amend, error);
}

static const HashiyaFormatWriter spacy_writer = {
  .check = spacy_check,
  .begin = hashiya_ix_begin_judgements,
  .document = spacy_document,
  .end = hashiya_ix_end_nothing,
};

static const char * const spacy_extensions[] = { "jsonl", NULL };
static const char * const spacy_cannot_hold[] = {
  N_("span notes"),
  N_("span values (a date's normalised value, its calendar and anchor)"),
  N_("judgement notes"),
  N_("a second annotator's judgement of the same comment"),
  N_("the same span from several annotators (written once)"),
  N_("which annotator made a span or judgement, when there are several"),
  N_("spans with an edge inside a token (unless --spacy-spans widen or tokens)"),
  N_("free-text fields of the judgement schema"),
  NULL
};

const HashiyaFormatDesc hashiya_format_spacy = {
  .name = "spacy",
  .title = N_("spaCy"),
  .label = N_("spaCy JSON Lines"),
  .extensions = spacy_extensions,
  .detect = spacy_detect,
  .read = spacy_read,
  .writer = &spacy_writer,
  .cannot_hold = spacy_cannot_hold,
};
