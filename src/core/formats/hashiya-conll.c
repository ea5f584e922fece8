/* hashiya-conll.c: the CoNLL format: detection, reading a corpus into documents, writing tokens and tags
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reading: hashiya-conll-reader.c turns lines into rows (see the rules there); the text of
 * a document is rebuilt from the tokens: single spaces between tokens, one line per
 * sentence, each sentence a paragraph segment, so exporting it again in token mode gives
 * the same tokens. Extra tag columns (Wojood) become nested spans.
 *
 * Writing (the plan itself is hashiya-conll-plan.c):
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
 * - Judgements, span notes and span values have no CoNLL field: each is reported
 *   ("no-field") when its comment or span is in scope.
 */
#include "config.h"

#include <inttypes.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "hashiya-conll.h"
#include "hashiya-conll-reader.h"
#include "hashiya-conll-plan.h"

/* ---- detection ------------------------------------------------------------------ */

/* A CoNLL tag: O, a prefixed tag (B- I- E- S- L- U- and the dotted/underscored variants)
 * or a bare upper-case tag such as PER. ASCII only: Arabic words are never tags. */
static gboolean
is_conll_tag (const char *t,
              gsize       n,
              gboolean   *strong)
{
  gsize i = 0;

  if (n == 1 && t[0] == 'O')
    {
      *strong = TRUE;
      return TRUE;
    }
  if (n >= 3 && strchr ("BIESLU", t[0]) && (t[1] == '-' || t[1] == '_'))
    {
      i = 2;
      *strong = TRUE;
    }
  else
    *strong = FALSE;
  if (i >= n || n > 40 || !g_ascii_isalpha (t[i]))
    return FALSE;
  for (; i < n; i++)
    {
      char c = t[i];

      if (*strong)
        {
          if (!(g_ascii_isalnum (c) || c == '_' || c == '-' || c == '.'))
            return FALSE;
        }
      else if (!(g_ascii_isupper (c) || g_ascii_isdigit (c) || c == '_' || c == '-'))
        return FALSE;
    }
  return TRUE;
}

static guint
conll_detect (HashiyaSniff *sniff)
{
  gsize len = 0;
  const char *data = hashiya_sniff_get_data (sniff, &len);
  const char *p, *end;
  guint n_lines = 0, n_match = 0, n_strong = 0, n_pairs = 0;

  /* JSON is never CoNLL (its formats say what it is) */
  if (data == NULL || hashiya_sniff_json_opening (sniff) != 0)
    return 0;
  p = data;
  end = data + len;
  while (p < end && n_lines < 400 && (gsize) (p - data) < 256 * 1024)
    {
      const char *line = p, *eol = memchr (p, '\n', end - p);
      const char *a, *b, *first_start = NULL, *last_start = NULL, *last_end = NULL;
      guint n_fields = 0;
      gboolean strong = FALSE, any_strong = FALSE;

      if (eol == NULL)
        eol = end;
      p = eol + 1;

      /* fields are separated by spaces or tabs; blank lines do not count */
      a = line;
      while (a < eol)
        {
          while (a < eol && (*a == ' ' || *a == '\t' || *a == '\r'))
            a++;
          if (a >= eol)
            break;
          b = a;
          while (b < eol && *b != ' ' && *b != '\t' && *b != '\r')
            b++;
          if (n_fields == 0)
            first_start = a;
          else if (!any_strong && is_conll_tag (a, b - a, &strong) && strong)
            any_strong = TRUE;   /* a prefixed tag or O in a column after the token */
          n_fields++;
          last_start = a;
          last_end = b;
          a = b;
        }
      if (n_fields == 0)
        continue;
      n_lines++;

      if ((gsize) (eol - first_start) >= 10 && memcmp (first_start, "-DOCSTART-", 10) == 0)
        {
          if (n_lines == 1)
            return 50;
          n_match++;
          n_strong++;
          continue;
        }
      /* token + tag columns: the last column is a tag (a POS column may follow the
       * tag when the tag column is chosen on import), or a lone O (an empty token) */
      if (n_fields == 1)
        {
          if (is_conll_tag (last_start, last_end - last_start, &strong) && strong
              && last_end - last_start == 1)
            {
              n_match++;
              n_strong++;
            }
        }
      else if (n_fields <= 8)
        {
          gboolean last_tag = is_conll_tag (last_start, last_end - last_start, &strong);

          if (last_tag || any_strong)
            {
              n_match++;
              if (any_strong)
                n_strong++;
              if (last_tag && strong)
                n_pairs++;   /* token … O or token … B-X */
            }
        }
    }

  /* Conservative: at least three lines, 90 % of them token + tag, and mostly O or
   * prefixed tags (a column of bare upper-case words alone is not enough). */
  if (n_lines >= 3 && n_match * 10 >= n_lines * 9 && n_strong * 2 >= n_match)
    return 50;
  /* A file of one or two tagged tokens ("محمد B-PER\nذهب O") is too short for the rule
   * above, yet no article looks like it: every line token … O or token … B-X. */
  if (n_lines > 0 && n_lines < 3 && n_pairs == n_lines)
    return 50;
  return 0;
}

/* ---- reading ------------------------------------------------------------------ */

static HashiyaSpan *
new_span (gint64 start, gint64 end, const char *label, const char *annotator)
{
  HashiyaSpan *s = g_new0 (HashiyaSpan, 1);

  s->start = start;
  s->end = end;
  s->label = g_strdup (label);
  s->annotator = g_strdup (annotator);
  s->origin = g_strdup ("import");
  return s;
}

static int
compare_spans (gconstpointer a, gconstpointer b)
{
  const HashiyaSpan *x = *(const HashiyaSpan * const *) a;
  const HashiyaSpan *y = *(const HashiyaSpan * const *) b;

  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  if (x->end != y->end)
    return x->end > y->end ? -1 : 1;
  return g_strcmp0 (x->label, y->label);
}

static HashiyaParsedDoc *
build_document (HashiyaConllFile *file, guint from, guint to, const char *source,
                const char *annotator, const char *path)
{
  HashiyaParsedDoc *doc = hashiya_parsed_doc_new ();
  GString *text = g_string_new (NULL);

  /* the corpus's tokens are kept as they are: exports split this text at spaces only */
  doc->whitespace_tokens = TRUE;
  g_autofree gint64 *starts = g_new (gint64, to - from);
  g_autofree gint64 *ends = g_new (gint64, to - from);
  g_autoptr(GArray) chunks = g_array_new (FALSE, FALSE, sizeof (HashiyaConllChunk));
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gint64 cp = 0;
  HashiyaSegment seg = { HASHIYA_SEGMENT_PARAGRAPH, 0, 0, 0 };
  gboolean in_sentence = FALSE;

  for (guint i = from; i < to; i++)
    {
      HashiyaConllRow *row = g_ptr_array_index (file->rows, i);
      gint64 n = g_utf8_strlen (row->token, -1);

      if (row->sentence_start || !in_sentence)
        {
          if (in_sentence)
            {
              seg.end = cp;
              g_array_append_val (doc->segments, seg);
              g_string_append_c (text, '\n');
              cp++;
            }
          seg.start = cp;
          in_sentence = TRUE;
        }
      else
        {
          g_string_append_c (text, ' ');
          cp++;
        }
      starts[i - from] = cp;
      g_string_append (text, row->token);
      cp += n;
      ends[i - from] = cp;
    }
  if (in_sentence)
    {
      seg.end = cp;
      g_array_append_val (doc->segments, seg);
    }

  for (guint col = 0; col < file->n_columns; col++)
    {
      g_array_set_size (chunks, 0);
      hashiya_conll_chunks (file, from, to, col, chunks);
      for (guint k = 0; k < chunks->len; k++)
        {
          HashiyaConllChunk *ch = &g_array_index (chunks, HashiyaConllChunk, k);
          gint64 s = starts[ch->first - from], e = ends[ch->last - from];
          char *key = g_strdup_printf ("%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT ":%s",
                                       s, e, ch->type);
          if (!g_hash_table_add (seen, key))
            {
              HashiyaConllRow *row = g_ptr_array_index (file->rows, ch->first);
              g_ptr_array_add (file->messages,
                               g_strdup_printf (_("%s:%u: the same %s phrase is in two tag columns; "
                                                "imported once"), path, row->line, ch->type));
              continue;
            }
          g_ptr_array_add (doc->spans, new_span (s, e, ch->type, annotator));
        }
    }
  g_ptr_array_sort (doc->spans, compare_spans);

  doc->source = g_strdup (source);
  doc->n_bytes = text->len;
  doc->text = g_string_free (text, FALSE);
  return doc;
}

gboolean
hashiya_parse_conll (const char *path, const char *data, gsize len,
                     const HashiyaImportOptions *options,
                     GPtrArray *docs_out, HashiyaImportReport *report,
                     GError **error)
{
  g_autoptr(HashiyaConllFile) file = NULL;
  g_autofree char *base = g_path_get_basename (path ? path : "conll");
  const char *annotator = options && options->annotator ? options->annotator : g_get_user_name ();
  guint doc_size = options ? options->doc_size : 0;
  gboolean has_docstart = FALSE;
  guint from = 0, n_sent = 0;
  GArray *bounds;

  g_return_val_if_fail (data != NULL, FALSE);
  g_return_val_if_fail (docs_out != NULL, FALSE);

  file = hashiya_conll_read (path, data, len, options, error);
  if (file == NULL)
    return FALSE;

  /* -DOCSTART- lines split documents; otherwise doc_size sentences (0 = whole file) */
  for (guint i = 1; i < file->rows->len; i++)
    if (((HashiyaConllRow *) g_ptr_array_index (file->rows, i))->doc_start)
      has_docstart = TRUE;

  if (has_docstart && doc_size > 0 && report && report->messages)
    g_ptr_array_add (report->messages,
                     g_strdup_printf (_("%s: -DOCSTART- lines split the documents; the document "
                                        "size of %u sentences was not used"), path, doc_size));
  bounds = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint i = 0; i < file->rows->len; i++)
    {
      HashiyaConllRow *row = g_ptr_array_index (file->rows, i);
      gboolean cut = FALSE;

      if (i == 0)
        {
          n_sent = row->sentence_start ? 1 : 0;
          continue;
        }
      if (has_docstart)
        cut = row->doc_start;
      else if (doc_size > 0 && row->sentence_start)
        cut = n_sent >= doc_size;
      if (cut)
        {
          g_array_append_val (bounds, i);
          n_sent = 0;
        }
      if (row->sentence_start)
        n_sent++;
    }
  g_array_append_val (bounds, file->rows->len);

  for (guint b = 0; b < bounds->len; b++)
    {
      guint to = g_array_index (bounds, guint, b);
      g_autofree char *source = bounds->len > 1 ? g_strdup_printf ("%s#%u", base, b + 1)
                                                : g_strdup (base);
      if (to > from)
        {
          g_ptr_array_add (docs_out, build_document (file, from, to, source, annotator, path));
        }
      from = to;
    }
  g_array_unref (bounds);

  if (report)
    {
      report->n_sentences += file->n_sentences;
      report->n_tokens += file->rows->len;
      report->n_repairs += file->n_repairs;
      report->n_skipped_lines += file->n_skipped_lines;
      report->n_format_chars_dropped += file->n_format_chars_dropped;
      if (report->messages)
        for (guint i = 0; i < file->messages->len; i++)
          g_ptr_array_add (report->messages, g_strdup (g_ptr_array_index (file->messages, i)));
    }

  return TRUE;
}

static gboolean
conll_read (const char                 *path,
            char                      **data,
            gsize                       len,
            const HashiyaImportOptions *options,
            GPtrArray                  *docs_out,
            GPtrArray                  *labels_out,
            HashiyaImportReport        *report,
            GError                    **error)
{
  return hashiya_parse_conll (path, *data, len, options, docs_out, report, error);
}

/* ---- writing -------------------------------------------------------------------- */

static gboolean
conll_check (const HashiyaExportOptions *options,
             GError                    **error)
{
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
}

static gboolean
conll_begin (HashiyaWriteJob *job,
             GString         *head,
             GError         **error)
{
  job->fetch = HASHIYA_FETCH_WHITESPACE;
  if (job->options->scope != HASHIYA_SCOPE_ARTICLE)
    job->fetch |= HASHIYA_FETCH_JUDGEMENTS;
  job->n_columns = 1;
  /* nested=columns: the column count is the deepest nesting of the whole export */
  job->measure = job->options->nested == HASHIYA_NESTED_COLUMNS;
  return TRUE;
}

static gboolean
conll_measure (HashiyaWriteJob       *job,
               const HashiyaWriteDoc *doc,
               GError               **error)
{
  return hashiya_conll_write_document (doc, job->options, 0, NULL, NULL, &job->n_columns, error);
}

static gboolean
conll_document (HashiyaWriteJob       *job,
                const HashiyaWriteDoc *doc,
                HashiyaWriteOut       *out,
                HashiyaExportReport   *report,
                GError               **error)
{
  return hashiya_conll_write_document (doc, job->options, job->n_columns, out, report, NULL, error);
}

static gboolean
conll_end (HashiyaWriteJob *job,
           gboolean         ok,
           GString         *tail,
           GError         **error)
{
  return TRUE;
}

static const HashiyaFormatWriter conll_writer = {
  .flags = HASHIYA_WRITER_PARALLEL,
  .check = conll_check,
  .begin = conll_begin,
  .measure = conll_measure,
  .document = conll_document,
  .end = conll_end,
};

static const char * const conll_extensions[] = { "conll", NULL };
static const char * const conll_cannot_hold[] = {
  N_("nested and overlapping spans (flattened, or one tag column per level)"),
  N_("span edges inside a token (widened to the token)"),
  N_("spans across a sentence break (cut)"),
  N_("comment judgements and span notes"),
  N_("span values (a date's normalised value, its calendar and anchor)"),
  N_("reply links between comments"),
  NULL
};

const HashiyaFormatDesc hashiya_format_conll = {
  .name = "conll",
  .title = N_("CoNLL"),
  .label = N_("CoNLL (tokens and tags)"),
  .extensions = conll_extensions,
  .detect = conll_detect,
  .read = conll_read,
  .writer = &conll_writer,
  .cannot_hold = conll_cannot_hold,
};
