/* test-formats.c: CoNLL reader shapes, doccano / Label Studio / brat / spaCy readers and writers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>
#include <glib/gstdio.h>

#include "hashiya-import.h"
#include "hashiya-export.h"
#include "hashiya-eval.h"
/* the format modules, tested through their readers */
#include "hashiya-conll.h"
#include "hashiya-doccano.h"
#include "hashiya-spacy.h"
#include "hashiya-label-studio.h"
#include "hashiya-brat.h"
#include "hashiya-json-guard.h"

/* ---- helpers ---------------------------------------------------------------- */


/* New projects may come with a default palette: add a label only when missing. */
static void
ensure_label (HashiyaStore *store, const char *name)
{
  g_autoptr(HashiyaLabel) label = hashiya_store_get_label (store, name, NULL);
  g_autoptr(GError) error = NULL;

  if (label == NULL)
    hashiya_store_add_label (store, name, NULL, NULL, &error);
  g_assert_no_error (error);
}

static GPtrArray *
parse_with (gboolean (*parser) (const char *, const char *, gsize, const HashiyaImportOptions *,
                                GPtrArray *, HashiyaImportReport *, GError **),
            const char *name, const char *data, const HashiyaImportOptions *options,
            HashiyaImportReport *report, GError **error)
{
  GPtrArray *docs = g_ptr_array_new_with_free_func ((GDestroyNotify) hashiya_parsed_doc_free);
  HashiyaImportOptions defaults;

  if (options == NULL)
    {
      hashiya_import_options_init (&defaults);
      options = &defaults;
    }
  if (!parser (name, data, strlen (data), options, docs, report, error))
    {
      g_ptr_array_unref (docs);
      return NULL;
    }
  return docs;
}

static char *
fixture (const char *name)
{
  const char *dir = g_getenv ("HASHIYA_TEST_DATA");
  return g_build_filename (dir ? dir : "tests/data", name, NULL);
}

static char *
read_fixture (const char *name)
{
  g_autofree char *path = fixture (name);
  char *data = NULL;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &data, NULL, &error);
  g_assert_no_error (error);
  return data;
}

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* "start-end:LABEL" for every span of doc, joined by spaces (spans sorted as parsed). */
static char *
spans_string (HashiyaParsedDoc *doc)
{
  GString *s = g_string_new (NULL);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < doc->spans->len; i++)
    {
      HashiyaSpan *sp = g_ptr_array_index (doc->spans, i);
      g_ptr_array_add (items, g_strdup_printf ("%03" G_GINT64_FORMAT "-%03" G_GINT64_FORMAT ":%s",
                                               sp->start, sp->end, sp->label));
    }
  g_ptr_array_sort (items, compare_strings);
  for (guint i = 0; i < items->len; i++)
    g_string_append_printf (s, "%s%s", i ? " " : "", (char *) g_ptr_array_index (items, i));
  return g_string_free (s, FALSE);
}

static char *
slice (HashiyaParsedDoc *doc, gint64 start, gint64 end)
{
  return g_utf8_substring (doc->text, start, end);
}

static gboolean
messages_contain (HashiyaImportReport *report, const char *needle)
{
  for (guint i = 0; i < report->messages->len; i++)
    if (strstr (g_ptr_array_index (report->messages, i), needle))
      return TRUE;
  return FALSE;
}

static void
rm_rf (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GDir) d = g_dir_open (path, 0, NULL);
      const char *name;
      while (d && (name = g_dir_read_name (d)))
        {
          g_autofree char *c = g_build_filename (path, name, NULL);
          rm_rf (c);
        }
      g_rmdir (path);
    }
  else
    g_remove (path);
}

/* ---- CoNLL ----------------------------------------------------------------------- */

static void
test_conll_bio_docstart (void)
{
  const char *data =
    "-DOCSTART- -X- O O\n\n"
    "زار B-PER\nمحمد I-PER\nدبي B-LOC\n.\tO\n\n"
    "ثم O\nعاد O\n\n"
    "-DOCSTART- -X- O O\n\n"
    "البنك B-ORG\nالدولي I-ORG\n";
  g_autoptr(HashiyaImportReport) report = hashiya_import_report_new ("t.conll");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) docs = parse_with (hashiya_parse_conll, "t.conll", data, NULL, report, &error);
  HashiyaParsedDoc *d0, *d1;
  g_autofree char *s0 = NULL, *s1 = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (docs->len, ==, 2);
  d0 = g_ptr_array_index (docs, 0);
  d1 = g_ptr_array_index (docs, 1);
  g_assert_cmpstr (d0->text, ==, "زار محمد دبي .\nثم عاد");
  g_assert_cmpuint (d0->n_bytes, ==, strlen (d0->text));
  g_assert_cmpstr (d0->source, ==, "t.conll#1");
  g_assert_cmpuint (d0->segments->len, ==, 2);
  g_assert_cmpint (g_array_index (d0->segments, HashiyaSegment, 0).kind, ==, HASHIYA_SEGMENT_PARAGRAPH);
  g_assert_cmpint (g_array_index (d0->segments, HashiyaSegment, 0).end, ==, 14);
  g_assert_cmpint (g_array_index (d0->segments, HashiyaSegment, 1).start, ==, 15);
  s0 = spans_string (d0);
  g_assert_cmpstr (s0, ==, "000-008:PER 009-012:LOC");
  g_assert_cmpstr (d1->text, ==, "البنك الدولي");
  s1 = spans_string (d1);
  g_assert_cmpstr (s1, ==, "000-012:ORG");
  g_assert_cmpuint (report->n_sentences, ==, 3);
  g_assert_cmpuint (report->n_tokens, ==, 8);
  g_assert_true (messages_contain (report, "BIO (IOB2)"));
  g_assert_cmpstr (((HashiyaSpan *) g_ptr_array_index (d0->spans, 0))->origin, ==, "import");
}

static void
test_conll_schemes (void)
{
  /* IOB1: I- opens a phrase, B- only between two phrases of one type */
  const char *iob1 = "أ I-PER\nب I-PER\nج B-PER\nد O\nه I-LOC\n";
  /* BILOU / BIOES */
  const char *bilou = "أ B-PER\nب L-PER\nج U-LOC\nد O\nه S-ORG\nو B-ORG\nز I-ORG\nح E-ORG\n";
  /* bare tags: a run of one type is one phrase */
  const char *bare = "أ PER\nب PER\nج LOC\nد O\nه ORG\n";
  /* BIO with an I- after O and after another type: each starts a phrase (conlleval) */
  const char *ibad = "أ O\nب I-PER\nج I-PER\nد I-LOC\nه B-ORG\nو I-PER\n";
  struct { const char *data; const char *spans; const char *scheme; } cases[] = {
    { iob1, "000-003:PER 004-005:PER 008-009:LOC", "IOB1" },
    { bilou, "000-003:PER 004-005:LOC 008-009:ORG 010-015:ORG", "BIOES" },
    { bare, "000-003:PER 004-005:LOC 008-009:ORG", "bare" },
    { ibad, "002-005:PER 006-007:LOC 008-009:ORG 010-011:PER", "BIO" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(HashiyaImportReport) report = hashiya_import_report_new ("s.conll");
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) docs = parse_with (hashiya_parse_conll, "s.conll", cases[i].data,
                                              NULL, report, &error);
      g_autofree char *s = NULL;

      g_assert_no_error (error);
      s = spans_string (g_ptr_array_index (docs, 0));
      g_assert_cmpstr (s, ==, cases[i].spans);
      g_assert_true (messages_contain (report, cases[i].scheme));
    }

  /* the I- starts are listed with their lines */
  {
    g_autoptr(HashiyaImportReport) report = hashiya_import_report_new ("s.conll");
    g_autoptr(GPtrArray) docs = parse_with (hashiya_parse_conll, "s.conll", ibad, NULL, report, NULL);
    g_assert_nonnull (docs);
    g_assert_true (messages_contain (report, "3 phrases start with an I- tag"));
    g_assert_true (messages_contain (report, "lines 2, 4, 6"));
  }
}

static void
test_conll_nested_columns (void)
{
  /* Wojood: extra tag columns, trailing O columns left out, $#$ sentinels */
  const char *data =
    "منظمة B-ORG\nالتعاون I-ORG\nالإسلامي I-ORG\nفي O\nفلسطين B-GPE\n$#$ O\n\n"
    "وزارة B-ORG\nالصحة I-ORG\nفي I-ORG\nمدينة I-ORG B-GPE\nالبيرة I-ORG I-GPE B-GPE\n";
  g_autoptr(HashiyaImportReport) report = hashiya_import_report_new ("w.txt");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) docs = parse_with (hashiya_parse_conll, "w.txt", data, NULL, report, &error);
  HashiyaParsedDoc *d;
  g_autofree char *s = NULL, *inner = NULL;

  g_assert_no_error (error);
  d = g_ptr_array_index (docs, 0);
  g_assert_cmpstr (d->text, ==, "منظمة التعاون الإسلامي في فلسطين\nوزارة الصحة في مدينة البيرة");
  s = spans_string (d);
  g_assert_cmpstr (s, ==, "000-022:ORG 026-032:GPE 033-060:ORG 048-060:GPE 054-060:GPE");
  inner = slice (d, 48, 60);
  g_assert_cmpstr (inner, ==, "مدينة البيرة");
  g_assert_cmpuint (report->n_skipped_lines, ==, 1);
  g_assert_true (messages_contain (report, "1 sentinel tokens “$#$” left out (lines 6)"));
  g_assert_true (messages_contain (report, "3 tag columns"));
}

static void
test_conll_quirks (void)
{
  /* BOM, LRM at line starts, TAB separated, a sentence break that is one TAB, an empty
   * token (a line that is only " O"), two words with one tag, CRLF */
  const char *data =
    "\xEF\xBB\xBF\xE2\x80\x8E" "فرانكفورت\tB-LOC\r\n"
    "\xE2\x80\x8E" "(\tO\r\n"
    "\t\r\n"
    "\xE2\x80\x8E" "قال\tO\r\n"
    " O\r\n"
    "الصالحية ونايفة B-LOC\r\n"
    "\xE2\x80\x8E\xE2\x80\x8F" "اليوم\tO\r\n";
  g_autoptr(HashiyaImportReport) report = hashiya_import_report_new ("n.txt");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) docs = parse_with (hashiya_parse_conll, "n.txt", data, NULL, report, &error);
  HashiyaParsedDoc *d;
  g_autofree char *s = NULL;

  g_assert_no_error (error);
  d = g_ptr_array_index (docs, 0);
  g_assert_cmpstr (d->text, ==, "فرانكفورت (\nقال الصالحية ونايفة اليوم");
  s = spans_string (d);
  /* the two words stay one phrase: B- then I- */
  g_assert_cmpstr (s, ==, "000-009:LOC 016-031:LOC");
  g_assert_cmpuint (report->n_format_chars_dropped, ==, 6);   /* BOM + 4 LRM + RLM */
  g_assert_cmpuint (report->n_repairs, ==, 1);
  g_assert_cmpuint (report->n_skipped_lines, ==, 1);
  g_assert_true (messages_contain (report, "n.txt:6: 2 words with one tag B-LOC"));
  g_assert_true (messages_contain (report, "1 empty tokens"));
  g_assert_cmpuint (report->n_sentences, ==, 2);
}

static void
test_conll_errors (void)
{
  struct { const char *data; const char *needle; int code; } cases[] = {
    /* an unreadable tag */
    { "أ B-PER\nب X-PER\nج O\n", "e.conll:2: cannot read the tag “X-PER”", HASHIYA_IMPORT_ERROR_SYNTAX },
    /* a line mixing words and tags: not one reading */
    { "أ O\nب O\nج B-PER د O\n", "e.conll:3: cannot read the columns: “ج B-PER د O” mixes words and tags", HASHIYA_IMPORT_ERROR_SYNTAX },
    /* our 4-column layout with a line that breaks it */
    { "أ -X- O O\nب -X- O B-PER\nج -X- O B-PER O\nد -X- X O\n", "e.conll:4: expected “token -X- O TAG…”, found “د -X- X O”", HASHIYA_IMPORT_ERROR_SYNTAX },
    /* CoNLL-2003 layout: a line with a different field count is not guessed */
    { "EU NNP B-NP B-ORG\nrejects VBZ B-VP O\nGerman JJ B-NP\n", "e.conll:3: 3 fields where the file has 4", HASHIYA_IMPORT_ERROR_SYNTAX },
    /* a token without a tag */
    { "أ O\nب\nج O\n", "e.conll:2: the token “ب” has no tag", HASHIYA_IMPORT_ERROR_SYNTAX },
    /* an empty type */
    { "أ O\nب B-\n", "e.conll:2: cannot read the tag", HASHIYA_IMPORT_ERROR_SYNTAX },
    /* nothing but blank lines */
    { "\n\n \n", "e.conll", HASHIYA_IMPORT_ERROR_EMPTY },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) docs = parse_with (hashiya_parse_conll, "e.conll", cases[i].data,
                                              NULL, NULL, &error);
      if (docs != NULL)
        g_error ("case %u: parsed without error", i);
      g_assert_error (error, HASHIYA_IMPORT_ERROR, cases[i].code);
      if (strstr (error->message, cases[i].needle) == NULL)
        g_error ("case %u: “%s” lacks “%s”", i, error->message, cases[i].needle);
    }
}

static void
test_conll_options (void)
{
  const char *conll2003 =
    "-DOCSTART- -X- O O\n\nEU NNP B-NP B-ORG\nrejects VBZ B-VP O\nGerman JJ B-NP B-MISC\n"
    "call NN I-NP O\n. . O O\n\nPeter NNP B-NP B-PERS\nBlackburn NNP I-NP I-PERS\n\n"
    "BRUSSELS NNP B-NP B-LOC\n";
  g_autoptr(GHashTable) aliases = g_hash_table_new (g_str_hash, g_str_equal);
  HashiyaImportOptions options;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) docs = NULL;
  g_autoptr(GPtrArray) docs2 = NULL;
  g_autoptr(GPtrArray) docs3 = NULL;
  g_autofree char *s = NULL, *s2 = NULL;

  /* CoNLL-2003 layout: the tag is the last column, POS and chunk are ignored */
  g_hash_table_insert (aliases, "PERS", "PER");
  hashiya_import_options_init (&options);
  options.aliases = aliases;
  docs = parse_with (hashiya_parse_conll, "c.conll", conll2003, &options, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (docs->len, ==, 1);
  s = spans_string (g_ptr_array_index (docs, 0));
  g_assert_cmpstr (s, ==, "000-002:ORG 011-017:MISC 025-040:PER 041-049:LOC");

  /* an explicit tag column (counted from 0: the chunk column) */
  options.tag_column = 2;
  options.aliases = NULL;
  docs2 = parse_with (hashiya_parse_conll, "c.conll", conll2003, &options, NULL, &error);
  g_assert_no_error (error);
  s2 = spans_string (g_ptr_array_index (docs2, 0));
  g_assert_cmpstr (s2, ==, "000-002:NP 003-010:VP 011-022:NP 025-040:NP 041-049:NP");

  /* a chosen tag column before a POS-like column: the scheme is read from that column */
  {
    g_autoptr(GPtrArray) dp = NULL;
    g_autofree char *sp = NULL;
    hashiya_import_options_init (&options);
    options.tag_column = 1;
    dp = parse_with (hashiya_parse_conll, "p.conll", "وصل B-PERS NN\nعلي I-PERS NNP\nإلى O IN\n"
                     "عمان B-LOC NNP\n", &options, NULL, &error);
    g_assert_no_error (error);
    sp = spans_string (g_ptr_array_index (dp, 0));
    g_assert_cmpstr (sp, ==, "000-007:PERS 012-016:LOC");
  }

  /* our own 4-column nested export: `token -X- O TAG1 TAG2` */
  {
    g_autoptr(GPtrArray) d4 = NULL;
    g_autofree char *s4 = NULL;
    hashiya_import_options_init (&options);
    d4 = parse_with (hashiya_parse_conll, "n4.conll",
                     "-DOCSTART-\t-X-\tO\tO\n\nمدينة\t-X-\tO\tB-GPE\tO\nالبيرة\t-X-\tO\tI-GPE\tB-GPE\n"
                     "اليوم\t-X-\tO\tO\tO\n", &options, NULL, &error);
    g_assert_no_error (error);
    s4 = spans_string (g_ptr_array_index (d4, 0));
    g_assert_cmpstr (s4, ==, "000-012:GPE 006-012:GPE");
  }

  /* doc_size: two sentences per document when there is no -DOCSTART- */
  hashiya_import_options_init (&options);
  options.doc_size = 2;
  docs3 = parse_with (hashiya_parse_conll, "d.conll",
                      "أ O\n\nب O\n\nج B-LOC\n\nد O\n\nه O\n", &options, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (docs3->len, ==, 3);
  g_assert_cmpstr (((HashiyaParsedDoc *) g_ptr_array_index (docs3, 1))->text, ==, "ج\nد");
  g_assert_cmpstr (((HashiyaParsedDoc *) g_ptr_array_index (docs3, 2))->source, ==, "d.conll#3");
}

static void
test_conll_anercorp (void)
{
  const char *shared = g_getenv ("HASHIYA_SHARED");
  g_autofree char *path = shared ? g_build_filename (shared, "corpora", "anercorp",
                                                     "ANERCorp.txt", NULL) : NULL;
  g_autofree char *data = NULL;
  gsize len = 0;
  g_autoptr(HashiyaImportReport) report = NULL;
  g_autoptr(GPtrArray) docs = g_ptr_array_new_with_free_func ((GDestroyNotify) hashiya_parsed_doc_free);
  g_autoptr(GError) error = NULL;
  HashiyaImportOptions options;
  gint64 t0;
  HashiyaParsedDoc *d;

  if (path == NULL || !g_file_get_contents (path, &data, &len, NULL))
    {
      g_test_skip ("../shared/corpora/anercorp/ANERCorp.txt not present");
      return;
    }
  hashiya_import_options_init (&options);
  report = hashiya_import_report_new (path);
  t0 = g_get_monotonic_time ();
  g_assert_true (hashiya_parse_conll (path, data, len, &options, docs, report, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_get_monotonic_time () - t0, <, 10 * G_USEC_PER_SEC);
  /* 150,313 lines: 191 empty tokens left out, two lines of two words repaired */
  g_assert_cmpuint (report->n_skipped_lines, ==, 191);
  g_assert_cmpuint (report->n_repairs, ==, 2);
  g_assert_cmpuint (report->n_tokens, ==, 150124);
  d = g_ptr_array_index (docs, 0);
  g_assert_cmpuint (d->spans->len, >, 11000);
  g_assert_true (messages_contain (report, "ANERCorp.txt:125306: 2 words with one tag O"));
  g_assert_true (messages_contain (report, "191 empty tokens"));
}

/* Import a shared corpus through the C API (which marks its documents as whitespace-
 * tokenised), export CoNLL again and compare token by token and phrase by phrase with the
 * original. */
static void
corpus_roundtrip (const char *corpus, const char *file, HashiyaNested nested)
{
  const char *shared = g_getenv ("HASHIYA_SHARED");
  g_autofree char *path = shared ? g_build_filename (shared, "corpora", corpus, file, NULL) : NULL;
  g_autofree char *dir = NULL, *project = NULL, *out = NULL, *a = NULL, *b = NULL;
  g_autoptr(HashiyaStore) store = NULL;
  g_autoptr(HashiyaImportReport) report = NULL;
  g_autoptr(HashiyaConllFile) orig = NULL, back = NULL;
  g_autoptr(HashiyaEvalResult) result = NULL;
  g_autoptr(GError) error = NULL;
  HashiyaImportOptions io;
  HashiyaExportOptions eo;
  gsize la = 0, lb = 0;

  if (path == NULL || !g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("../shared/corpora not present");
      return;
    }
  dir = g_dir_make_tmp ("hashiya-corpus-XXXXXX", NULL);
  project = g_build_filename (dir, "p.hashiya", NULL);
  out = g_build_filename (dir, "out.conll", NULL);
  store = hashiya_store_open (project, TRUE, &error);
  g_assert_no_error (error);
  hashiya_import_options_init (&io);
  io.format = HASHIYA_FORMAT_CONLL;
  report = hashiya_import_report_new (path);
  g_assert_true (hashiya_import_file (store, path, &io, report, NULL, &error));
  g_assert_no_error (error);
  /* the CoNLL import marked its documents as whitespace-tokenised */
  for (guint i = 0; i < report->doc_ids->len; i++)
    {
      g_autoptr(HashiyaDocument) doc =
        hashiya_store_get_document (store, g_array_index (report->doc_ids, gint64, i), &error);
      g_assert_no_error (error);
      g_assert_true (hashiya_export_get_whitespace_tokens (store, doc));
    }
  hashiya_export_options_init (&eo);
  eo.format = HASHIYA_FORMAT_CONLL;
  eo.nested = nested;
  g_assert_true (hashiya_export_to_file (store, &eo, out, NULL, NULL, &error));
  g_assert_no_error (error);

  g_assert_true (g_file_get_contents (path, &a, &la, NULL));
  g_assert_true (g_file_get_contents (out, &b, &lb, NULL));
  orig = hashiya_conll_read (path, a, la, NULL, &error);
  g_assert_no_error (error);
  back = hashiya_conll_read (out, b, lb, NULL, &error);
  g_assert_no_error (error);
  /* the same token sequence (format characters, empty tokens and $#$ as import reads them) */
  g_assert_cmpuint (back->rows->len, ==, orig->rows->len);
  for (guint i = 0; i < orig->rows->len; i++)
    {
      HashiyaConllRow *x = g_ptr_array_index (orig->rows, i), *y = g_ptr_array_index (back->rows, i);
      if (strcmp (x->token, y->token) != 0)
        g_error ("%s:%u “%s” against %s:%u “%s”", path, x->line, x->token, out, y->line, y->token);
    }
  g_assert_cmpuint (back->n_sentences, ==, orig->n_sentences);
  /* every phrase of every column back: F1 = 100 */
  result = hashiya_eval_conll_data (path, a, la, out, b, lb, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->overall.n_correct, ==, result->overall.n_gold);
  g_assert_cmpuint (result->overall.n_pred, ==, result->overall.n_gold);
  g_assert_cmpfloat (result->overall.f1, ==, 100.0);
  g_assert_cmpuint (result->messages->len, ==, 0);

  g_clear_object (&store);
  rm_rf (dir);
}

static void
test_conll_anercorp_roundtrip (void)
{
  corpus_roundtrip ("anercorp", "ANERCorp_test_camelstyle.txt", HASHIYA_NESTED_OUTER);
}

static void
test_conll_wojood_roundtrip (void)
{
  corpus_roundtrip ("wojood-sample", "test.txt", HASHIYA_NESTED_COLUMNS);
}

/* ---- doccano, spaCy, Label Studio, brat readers ------------------------------------ */

static void
test_doccano_import (void)
{
  g_autofree char *data = read_fixture ("interchange-doccano.jsonl");
  g_autoptr(HashiyaImportReport) report = hashiya_import_report_new ("d.jsonl");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) docs = parse_with (hashiya_parse_doccano, "d.jsonl", data, NULL, report, &error);
  HashiyaParsedDoc *d0, *d1;
  g_autofree char *s0 = NULL, *s1 = NULL, *t = NULL;
  HashiyaImportOptions options;
  g_autoptr(GPtrArray) cp_docs = NULL;
  g_autofree char *cp_s = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (docs->len, ==, 2);
  d0 = g_ptr_array_index (docs, 0);
  d1 = g_ptr_array_index (docs, 1);
  /* UTF-16 offsets 7-20 after the emoji are code points 6-19 */
  s0 = spans_string (d0);
  g_assert_cmpstr (s0, ==, "006-019:PER 014-019:PER 020-025:LOC 045-054:ORG");
  t = slice (d0, 45, 54);
  g_assert_cmpstr (t, ==, "فرانس برس");
  /* the entities/relations variant, cats as document labels */
  s1 = spans_string (d1);
  g_assert_cmpstr (s1, ==, "015-019:PERS");
  g_assert_cmpuint (d1->doc_labels->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (d1->doc_labels, 0), ==, "positive");
  g_assert_true (messages_contain (report, "1 relations not imported"));
  /* one paragraph per line when the file has no segments */
  g_assert_cmpuint (d0->segments->len, ==, 2);

  /* read as code points, the same numbers land one character later */
  hashiya_import_options_init (&options);
  options.offsets_codepoint = TRUE;
  /* (the second line's UTF-16 end 21 lies past its 19 code points: an error) */
  cp_docs = parse_with (hashiya_parse_doccano, "d.jsonl", data, &options, NULL, &error);
  g_assert_null (cp_docs);
  g_assert_error (error, HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_DATA);
  g_assert_nonnull (strstr (error->message, "d.jsonl:2: span end offset 21 is outside the text (19 characters)"));
  g_clear_error (&error);
  *strchr (data, '\n') = '\0';
  cp_docs = parse_with (hashiya_parse_doccano, "d.jsonl", data, &options, NULL, &error);
  g_assert_no_error (error);
  cp_s = spans_string (g_ptr_array_index (cp_docs, 0));
  g_assert_cmpstr (cp_s, ==, "007-020:PER 015-020:PER 021-026:LOC 048-057:ORG");
}

static void
test_doccano_errors (void)
{
  struct { const char *data; const char *needle; int code; } cases[] = {
    { "{\"text\":\"abc\",\"label\":[]}\n{\"text\":\"abc\",\"label\":[[0,9,\"X\"]]}\n",
      "x.jsonl:2: span end offset 9 is outside the text", HASHIYA_IMPORT_ERROR_DATA },
    { "{\"text\":\"\xF0\x9F\x98\x80" "ab\",\"label\":[[1,3,\"X\"]]}\n",
      "x.jsonl:1: span start offset 1", HASHIYA_IMPORT_ERROR_DATA },
    { "{\"text\":\"abc\",\"label\":[[0,2]]}\n", "x.jsonl:1: a span is not", HASHIYA_IMPORT_ERROR_SYNTAX },
    { "{\"text\":\"abc\"}\n{\"text\": \n", "x.jsonl:2: not a JSON object", HASHIYA_IMPORT_ERROR_SYNTAX },
    { "{\"label\":[]}\n", "x.jsonl:1: no \"text\"", HASHIYA_IMPORT_ERROR_SYNTAX },
    { "{\"text\":\"abc\",\"label\":[[2,1,\"X\"]]}\n", "x.jsonl:1: span 2-1 X is empty", HASHIYA_IMPORT_ERROR_DATA },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) docs = parse_with (hashiya_parse_doccano, "x.jsonl", cases[i].data,
                                              NULL, NULL, &error);
      g_assert_null (docs);
      g_assert_error (error, HASHIYA_IMPORT_ERROR, cases[i].code);
      if (strstr (error->message, cases[i].needle) == NULL)
        g_error ("case %u: “%s” lacks “%s”", i, error->message, cases[i].needle);
    }
}

static void
test_spacy_import (void)
{
  g_autofree char *data = read_fixture ("interchange-spacy.jsonl");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) docs = parse_with (hashiya_parse_spacy, "s.jsonl", data, NULL, NULL, &error);
  g_autofree char *s0 = NULL, *s1 = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (docs->len, ==, 2);
  s0 = spans_string (g_ptr_array_index (docs, 0));
  g_assert_cmpstr (s0, ==, "006-019:PER 014-019:PER 020-025:LOC 045-054:ORG");
  s1 = spans_string (g_ptr_array_index (docs, 1));
  g_assert_cmpstr (s1, ==, "015-019:PERS");
}

static void
test_label_studio_import (void)
{
  g_autofree char *data = read_fixture ("interchange-label-studio.json");
  g_autoptr(HashiyaImportReport) report = hashiya_import_report_new ("ls.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) docs = parse_with (hashiya_parse_label_studio, "ls.json", data, NULL, report, &error);
  HashiyaParsedDoc *d0, *d1;
  HashiyaJudgement *j;
  g_autofree char *s0 = NULL;
  HashiyaSpan *gpe = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (docs->len, ==, 2);
  d0 = g_ptr_array_index (docs, 0);
  s0 = spans_string (d0);
  g_assert_cmpstr (s0, ==, "014-032:FAC 026-032:GPE");
  for (guint i = 0; i < d0->spans->len; i++)
    {
      HashiyaSpan *sp = g_ptr_array_index (d0->spans, i);
      g_assert_cmpstr (sp->annotator, ==, "amal@example.org");
      if (strcmp (sp->label, "GPE") == 0)
        gpe = sp;
    }
  g_assert_nonnull (gpe);
  g_assert_cmpstr (gpe->note, ==, "عاصمة الإمارات");
  /* the segments from data.segments, the sentiment on the comment */
  g_assert_cmpuint (d0->segments->len, ==, 2);
  g_assert_cmpint (g_array_index (d0->segments, HashiyaSegment, 1).kind, ==, HASHIYA_SEGMENT_COMMENT);
  g_assert_cmpuint (d0->judgements->len, ==, 1);
  j = g_ptr_array_index (d0->judgements, 0);
  g_assert_cmpint (j->comment_index, ==, 1);
  g_assert_cmpint (j->sentiment, ==, HASHIYA_SENTIMENT_POSITIVE);
  g_assert_cmpint (j->offensive, ==, -1);
  g_assert_cmpstr (j->annotator, ==, "amal@example.org");
  /* a document-level choice is a document category */
  d1 = g_ptr_array_index (docs, 1);
  g_assert_cmpuint (d1->doc_labels->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (d1->doc_labels, 0), ==, "topic=culture");
}

static void
test_label_studio_comment_task (void)
{
  /* Label Studio's usual sentiment set-up: one comment per task, choices on the task */
  const char *data =
    "[{\"data\":{\"text\":\" مقال سيئ جدا 😡\\n\"},\"annotations\":[{\"result\":["
    "{\"type\":\"choices\",\"from_name\":\"sentiment\",\"to_name\":\"text\",\"value\":{\"choices\":[\"Negative\"]}},"
    "{\"type\":\"choices\",\"from_name\":\"offensive\",\"to_name\":\"text\",\"value\":{\"choices\":[\"Yes\"]}},"
    "{\"type\":\"choices\",\"from_name\":\"topic\",\"to_name\":\"text\",\"value\":{\"choices\":[\"sport\"]}}"
    "]}]}]";
  g_autoptr(HashiyaImportReport) report = hashiya_import_report_new ("c.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) docs = parse_with (hashiya_parse_label_studio, "c.json", data, NULL, report, &error);
  HashiyaParsedDoc *d;
  HashiyaSegment *seg;
  HashiyaJudgement *j;

  g_assert_no_error (error);
  d = g_ptr_array_index (docs, 0);
  g_assert_cmpuint (d->segments->len, ==, 1);
  seg = &g_array_index (d->segments, HashiyaSegment, 0);
  g_assert_cmpint (seg->kind, ==, HASHIYA_SEGMENT_COMMENT);
  g_assert_cmpint (seg->start, ==, 1);
  g_assert_cmpint (seg->end, ==, 15);
  g_assert_cmpuint (d->judgements->len, ==, 1);
  j = g_ptr_array_index (d->judgements, 0);
  g_assert_cmpint (j->sentiment, ==, HASHIYA_SENTIMENT_NEGATIVE);
  g_assert_cmpint (j->offensive, ==, 1);
  g_assert_cmpint (j->hate_speech, ==, -1);
  g_assert_cmpuint (d->doc_labels->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (d->doc_labels, 0), ==, "topic=sport");
  g_assert_true (messages_contain (report, "imported as one reader comment"));
}

/* issue 12: the results of one (comment, annotator) share a region id; the old shape (an id
 * per field, the note with its own range) still loads. */
static void
test_label_studio_comment_regions (void)
{
  const char *head =
    "[{\"data\":{\"text\":\"مقال.\\nتعليق سيئ\",\"segments\":["
    "[\"paragraph\",0,5],[\"comment\",6,15]]},"
    "\"annotations\":[{\"annotator\":\"sara\",\"result\":[";
  const char *shapes[] = {
    /* new: one id, the note without a range (as Label Studio saves a per-region note) */
    "{\"id\":\"c1-a1\",\"type\":\"choices\",\"from_name\":\"sentiment\",\"to_name\":\"text\","
    "\"value\":{\"start\":6,\"end\":15,\"choices\":[\"negative\"]}},"
    "{\"id\":\"c1-a1\",\"type\":\"choices\",\"from_name\":\"offensive\",\"to_name\":\"text\","
    "\"value\":{\"start\":6,\"end\":15,\"choices\":[\"yes\"]}},"
    "{\"id\":\"c1-a1\",\"type\":\"textarea\",\"from_name\":\"comment_note\",\"to_name\":\"text\","
    "\"value\":{\"text\":[\"قاس\"]}}]}]}]",
    /* old: one id per field, the note on the comment's range */
    "{\"id\":\"c1-sentiment-a1\",\"type\":\"choices\",\"from_name\":\"sentiment\",\"to_name\":\"text\","
    "\"value\":{\"start\":6,\"end\":15,\"choices\":[\"negative\"]}},"
    "{\"id\":\"c1-offensive-a1\",\"type\":\"choices\",\"from_name\":\"offensive\",\"to_name\":\"text\","
    "\"value\":{\"start\":6,\"end\":15,\"choices\":[\"yes\"]}},"
    "{\"id\":\"c1-comment_note-a1\",\"type\":\"textarea\",\"from_name\":\"comment_note\",\"to_name\":\"text\","
    "\"value\":{\"start\":6,\"end\":15,\"text\":[\"قاس\"]}}]}]}]",
  };

  for (guint i = 0; i < G_N_ELEMENTS (shapes); i++)
    {
      g_autofree char *data = g_strconcat (head, shapes[i], NULL);
      g_autoptr(HashiyaImportReport) report = hashiya_import_report_new ("c.json");
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) docs = parse_with (hashiya_parse_label_studio, "c.json", data, NULL, report, &error);
      HashiyaParsedDoc *d;
      HashiyaJudgement *j;

      g_assert_no_error (error);
      d = g_ptr_array_index (docs, 0);
      g_assert_cmpuint (d->judgements->len, ==, 1);
      j = g_ptr_array_index (d->judgements, 0);
      g_assert_cmpint (j->comment_index, ==, 1);
      g_assert_cmpint (j->sentiment, ==, HASHIYA_SENTIMENT_NEGATIVE);
      g_assert_cmpint (j->offensive, ==, 1);
      g_assert_cmpstr (j->note, ==, "قاس");
      g_assert_cmpstr (j->annotator, ==, "sara");
      g_assert_false (messages_contain (report, "other types"));
    }
}

static void
test_label_studio_config (void)
{
  const char *labels[] = { "PER", "LOC", "A&B", NULL };
  g_autofree char *xml = hashiya_label_studio_config (labels);
  const char *per = strstr (xml, "<Label value=\"PER\"/>");
  const char *loc = strstr (xml, "<Label value=\"LOC\"/>");

  g_assert_nonnull (per);
  g_assert_nonnull (loc);
  g_assert_true (per < loc);
  g_assert_nonnull (strstr (xml, "<Label value=\"A&amp;B\"/>"));
  g_assert_nonnull (strstr (xml, "<TextArea name=\"note\" toName=\"text\" perRegion=\"true\"/>"));
  g_assert_nonnull (strstr (xml, "<TextArea name=\"comment_note\" toName=\"text\" perRegion=\"true\"/>"));
  for (guint i = 0; i < 4; i++)
    {
      const char *names[] = { "sentiment", "offensive", "hate_speech", "decision" };
      g_autofree char *el = g_strdup_printf ("<Choices name=\"%s\" toName=\"text\" perRegion=\"true\">", names[i]);
      g_assert_nonnull (strstr (xml, el));
    }
  g_assert_nonnull (strstr (xml, "<Choice value=\"mixed\"/>"));
  g_assert_nonnull (strstr (xml, "<Choice value=\"reject\"/>"));
}

/* issue 13: completed_by user ids are annotators ls-user-ID (or the mapped name); the same
 * annotator judging the same comment twice differently is reported, the first kept. */
static void
test_label_studio_completed_by (void)
{
  const char *data =
    "[{\"data\":{\"text\":\"تعليق سيئ\"},\"annotations\":["
    "{\"completed_by\":1,\"result\":[{\"type\":\"choices\",\"from_name\":\"sentiment\",\"to_name\":\"text\",\"value\":{\"choices\":[\"negative\"]}}]},"
    "{\"completed_by\":2,\"result\":[{\"type\":\"choices\",\"from_name\":\"sentiment\",\"to_name\":\"text\",\"value\":{\"choices\":[\"positive\"]}}]},"
    "{\"completed_by\":{\"id\":2},\"result\":[{\"type\":\"choices\",\"from_name\":\"sentiment\",\"to_name\":\"text\",\"value\":{\"choices\":[\"neutral\"]}}]}"
    "]}]";
  g_autoptr(GHashTable) map = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(HashiyaImportReport) report = hashiya_import_report_new ("u.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) docs = NULL;
  HashiyaImportOptions options;
  HashiyaParsedDoc *d;

  hashiya_import_options_init (&options);
  options.annotator = "importer";
  g_hash_table_insert (map, (gpointer) "1", (gpointer) "sara");
  options.annotator_map = map;
  docs = parse_with (hashiya_parse_label_studio, "u.json", data, &options, report, &error);
  g_assert_no_error (error);
  d = g_ptr_array_index (docs, 0);
  g_assert_cmpuint (d->judgements->len, ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      HashiyaJudgement *j = g_ptr_array_index (d->judgements, i);
      if (strcmp (j->annotator, "sara") == 0)
        g_assert_cmpint (j->sentiment, ==, HASHIYA_SENTIMENT_NEGATIVE);
      else
        {
          g_assert_cmpstr (j->annotator, ==, "ls-user-2");
          g_assert_cmpint (j->sentiment, ==, HASHIYA_SENTIMENT_POSITIVE);
        }
    }
  g_assert_true (messages_contain (report, "comment 1: ls-user-2 judged sentiment=neutral, but the same "
                                   "annotator already gave it another value; the first was kept"));
}

static void
test_label_studio_errors (void)
{
  const char *mismatch =
    "[{\"data\":{\"text\":\"\xF0\x9F\x98\x80 abc def\"},\"annotations\":[{\"result\":["
    "{\"type\":\"labels\",\"from_name\":\"label\",\"to_name\":\"text\","
    "\"value\":{\"start\":2,\"end\":5,\"text\":\"bc \",\"labels\":[\"X\"]}}]}]}]";
  const char *outside =
    "[{\"data\":{\"text\":\"abc\"},\"annotations\":[{\"result\":["
    "{\"type\":\"labels\",\"value\":{\"start\":2,\"end\":5,\"labels\":[\"X\"]}}]}]}]";
  g_autoptr(GError) e1 = NULL, e2 = NULL, e3 = NULL;
  g_autoptr(GPtrArray) d1 = parse_with (hashiya_parse_label_studio, "l.json", mismatch, NULL, NULL, &e1);
  g_autoptr(GPtrArray) d2 = parse_with (hashiya_parse_label_studio, "l.json", outside, NULL, NULL, &e2);
  g_autoptr(GPtrArray) d3 = parse_with (hashiya_parse_label_studio, "l.json", "[{\"data\": 3}]", NULL, NULL, &e3);

  g_assert_null (d1);
  g_assert_error (e1, HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_DATA);
  g_assert_nonnull (strstr (e1->message, "l.json: task 1: span 2-5 X: the file says “bc ” but the text there is “abc”"));
  g_assert_null (d2);
  g_assert_error (e2, HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_DATA);
  g_assert_nonnull (strstr (e2->message, "task 1"));
  g_assert_null (d3);
  g_assert_error (e3, HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_SYNTAX);
}

static void
test_brat_import (void)
{
  g_autofree char *ann = fixture ("interchange-brat.ann");
  g_autoptr(GPtrArray) docs = g_ptr_array_new_with_free_func ((GDestroyNotify) hashiya_parsed_doc_free);
  g_autoptr(HashiyaImportReport) report = hashiya_import_report_new (ann);
  g_autoptr(GError) error = NULL;
  HashiyaImportOptions options;
  HashiyaParsedDoc *d;
  g_autofree char *s = NULL;

  hashiya_import_options_init (&options);
  g_assert_true (hashiya_parse_brat (ann, &options, docs, report, &error));
  g_assert_no_error (error);
  d = g_ptr_array_index (docs, 0);
  g_assert_cmpstr (d->source, ==, "interchange-brat.txt");
  s = spans_string (d);
  g_assert_cmpstr (s, ==, "006-010:ROLE 006-019:PER 011-019:ROLE 024-028:LOC 042-049:LOC");
  for (guint i = 0; i < d->spans->len; i++)
    {
      HashiyaSpan *sp = g_ptr_array_index (d->spans, i);
      g_assert_cmpstr (sp->note, ==, sp->start == 24 ? "عاصمة الأردن" : NULL);
    }
  g_assert_true (messages_contain (report, "interchange-brat.ann:4: discontinuous span T4 ROLE"));
  g_assert_true (messages_contain (report, "1 relation, event, attribute"));
}

static void
test_brat_errors (void)
{
  g_autofree char *dir = g_dir_make_tmp ("hashiya-brat-XXXXXX", NULL);
  g_autofree char *txt = g_build_filename (dir, "a.txt", NULL);
  g_autofree char *ann = g_build_filename (dir, "a.ann", NULL);
  g_autoptr(GPtrArray) docs = g_ptr_array_new_with_free_func ((GDestroyNotify) hashiya_parsed_doc_free);
  g_autoptr(GError) e1 = NULL, e2 = NULL;
  g_autofree char *want = NULL;

  g_assert_true (g_file_set_contents (txt, "\xF0\x9F\x98\x80 سلام عليكم\n", -1, NULL));
  /* UTF-16 offsets where brat wants code points: the text no longer matches */
  g_assert_true (g_file_set_contents (ann, "T1\tX 2 6\tسلام\nT2\tY 3 7\tسلام\n", -1, NULL));
  g_assert_false (hashiya_parse_brat (ann, NULL, docs, NULL, &e1));
  g_assert_error (e1, HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_DATA);
  want = g_strdup_printf ("%s:2: span 3-7 Y: the file says “سلام” but the text there is", ann);
  g_assert_nonnull (strstr (e1->message, want));
  g_assert_cmpuint (docs->len, ==, 0);

  /* a discontinuous span whose fragments do not spell its text */
  {
    g_autoptr(GError) e3 = NULL;
    g_assert_true (g_file_set_contents (ann, "T1\tX 2 6\tسلام\nT2\tY 2 4;7 9\tسل عل\n"
                                        "T3\tY 2 4;7 9\tسا عل\n", -1, NULL));
    g_assert_false (hashiya_parse_brat (ann, NULL, docs, NULL, &e3));
    g_assert_error (e3, HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_DATA);
    g_free (want);
    want = g_strdup_printf ("%s:3: the file says “سا عل” but the fragments' text is “سل عل”", ann);
    g_assert_cmpstr (e3->message, ==, want);
  }

  g_assert_true (g_file_set_contents (ann, "T1\tX 2 60\tسلام\n", -1, NULL));
  g_assert_false (hashiya_parse_brat (ann, NULL, docs, NULL, &e2));
  g_assert_error (e2, HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_DATA);
  g_assert_nonnull (strstr (e2->message, "outside the text"));

  g_remove (txt);
  g_remove (ann);
  g_rmdir (dir);
}

/* ---- writers: export → import in each format, and the loss report ------------------- */

typedef struct
{
  char         *dir;
  char         *path;
  HashiyaStore *store;
  gint64        doc;
} Project;

static const char *rt_text = "😀 زار محمد بن سلمان باريس.\nتعليق: رائع 👍";

static void
project_setup (Project *p, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  HashiyaSegment segs[2] = { { HASHIYA_SEGMENT_PARAGRAPH, 0, 26, 0 },
                             { HASHIYA_SEGMENT_COMMENT, 27, 40, 1 } };
  HashiyaJudgement j = { 0 };
  gint64 outer;

  p->dir = g_dir_make_tmp ("hashiya-formats-XXXXXX", &error);
  g_assert_no_error (error);
  p->path = g_build_filename (p->dir, "p.hashiya", NULL);
  p->store = hashiya_store_open (p->path, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_utf8_strlen (rt_text, -1), ==, 40);
  p->doc = hashiya_store_add_document (p->store, "rt.txt", rt_text, -1, NULL, segs, 2, NULL, &error);
  g_assert_no_error (error);
  ensure_label (p->store, "PER");
  g_assert_no_error (error);
  ensure_label (p->store, "LOC");
  g_assert_no_error (error);
  outer = hashiya_store_add_span (p->store, p->doc, 6, 19, "PER", "a", NULL, &error);
  g_assert_no_error (error);
  hashiya_store_add_span (p->store, p->doc, 14, 19, "PER", "a", NULL, &error);   /* nested */
  g_assert_no_error (error);
  hashiya_store_add_span (p->store, p->doc, 20, 25, "LOC", "a", NULL, &error);
  g_assert_no_error (error);
  hashiya_store_add_span (p->store, p->doc, 20, 25, "LOC", "b", NULL, &error);   /* 2nd annotator */
  g_assert_no_error (error);
  g_assert_true (hashiya_store_set_span_note (p->store, outer, "ولي العهد", &error));
  j.doc_id = p->doc;
  j.comment_index = 1;
  j.annotator = (char *) "a";
  j.sentiment = HASHIYA_SENTIMENT_POSITIVE;
  j.offensive = 0;
  j.hate_speech = -1;
  j.decision = HASHIYA_DECISION_APPROVE;
  j.note = (char *) "حسن";
  g_assert_true (hashiya_store_set_judgement (p->store, &j, &error));
}

static void
project_teardown (Project *p, gconstpointer data)
{
  g_clear_object (&p->store);
  rm_rf (p->dir);
  g_free (p->dir);
  g_free (p->path);
}

static char *
loss_kinds (HashiyaExportReport *report)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_free);
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < report->items->len; i++)
    {
      HashiyaLossItem *it = g_ptr_array_index (report->items, i);
      g_ptr_array_add (items, g_strdup_printf ("%s %" G_GINT64_FORMAT "-%" G_GINT64_FORMAT "%s%s",
                                               hashiya_loss_kind_to_string (it->kind),
                                               it->start, it->end,
                                               it->label ? " " : "", it->label ? it->label : ""));
    }
  g_ptr_array_sort (items, compare_strings);
  for (guint i = 0; i < items->len; i++)
    g_string_append_printf (s, "%s%s", i ? "; " : "", (char *) g_ptr_array_index (items, i));
  return g_string_free (s, FALSE);
}

typedef struct
{
  HashiyaFormat format;
  const char   *file;
  const char   *losses;
  gboolean      keeps_notes;
  gboolean      keeps_judgements;
  gboolean      keeps_annotators;
} RoundTrip;

static void
test_roundtrip (Project *p, gconstpointer data)
{
  const RoundTrip *rt = data;
  g_autofree char *out = g_build_filename (p->dir, rt->file, NULL);
  g_autofree char *path2 = g_build_filename (p->dir, "back.hashiya", NULL);
  g_autofree char *import_path = NULL;
  g_autoptr(HashiyaExportReport) report = hashiya_export_report_new ();
  g_autoptr(HashiyaImportReport) ireport = NULL;
  g_autoptr(HashiyaStore) back = NULL;
  g_autoptr(GPtrArray) orig = NULL, got = NULL, docs = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *kinds = NULL;
  HashiyaExportOptions eo;
  HashiyaImportOptions io;
  GString *a = g_string_new (NULL), *b = g_string_new (NULL);
  HashiyaDocument *d;

  hashiya_export_options_init (&eo);
  eo.format = rt->format;
  g_assert_true (hashiya_export_to_file (p->store, &eo, out, report, NULL, &error));
  g_assert_no_error (error);
  kinds = loss_kinds (report);
  g_assert_cmpstr (kinds, ==, rt->losses);
  g_assert_cmpuint (report->n_documents, ==, 1);

  back = hashiya_store_open (path2, TRUE, &error);
  g_assert_no_error (error);
  hashiya_import_options_init (&io);
  io.format = rt->format;
  io.annotator = "importer";
  if (rt->format == HASHIYA_FORMAT_BRAT)
    {
      g_autoptr(GDir) dir = g_dir_open (out, 0, &error);
      const char *name;
      g_assert_no_error (error);
      while ((name = g_dir_read_name (dir)))
        if (g_str_has_suffix (name, ".ann"))
          import_path = g_build_filename (out, name, NULL);
      g_assert_nonnull (import_path);
      {
        g_autofree char *conf = g_build_filename (out, "annotation.conf", NULL);
        g_autofree char *c = NULL;
        g_assert_true (g_file_get_contents (conf, &c, NULL, NULL));
        g_assert_nonnull (strstr (c, "[entities]\nLOC\nPER\n"));
      }
    }
  else
    import_path = g_strdup (out);
  ireport = hashiya_import_report_new (import_path);
  g_assert_true (hashiya_import_file (back, import_path, &io, ireport, NULL, &error));
  g_assert_no_error (error);

  /* the same text, the same spans */
  docs = hashiya_store_list_documents (back, &error);
  g_assert_cmpuint (docs->len, ==, 1);
  d = g_ptr_array_index (docs, 0);
  {
    g_autoptr(HashiyaText) t = hashiya_store_get_text (back, d->id, &error);
    g_assert_cmpstr (hashiya_text_get_utf8 (t, NULL), ==, rt_text);
  }
  orig = hashiya_store_list_spans (p->store, p->doc, &error);
  got = hashiya_store_list_spans (back, d->id, &error);
  for (guint i = 0; i < orig->len; i++)
    {
      HashiyaSpan *s = g_ptr_array_index (orig, i);
      if (!rt->keeps_annotators && strcmp (s->annotator, "b") == 0)
        continue;   /* merged with a's */
      g_string_append_printf (a, "%" G_GINT64_FORMAT "-%" G_GINT64_FORMAT ":%s:%s:%s ", s->start,
                              s->end, s->label, rt->keeps_annotators ? s->annotator : "importer",
                              rt->keeps_notes && s->note ? s->note : "-");
    }
  for (guint i = 0; i < got->len; i++)
    {
      HashiyaSpan *s = g_ptr_array_index (got, i);
      g_string_append_printf (b, "%" G_GINT64_FORMAT "-%" G_GINT64_FORMAT ":%s:%s:%s ", s->start,
                              s->end, s->label, s->annotator, s->note ? s->note : "-");
    }
  g_assert_cmpstr (b->str, ==, a->str);
  g_string_free (a, TRUE);
  g_string_free (b, TRUE);

  /* judgements where the format has a field for them */
  {
    g_autoptr(GPtrArray) js = hashiya_store_list_judgements (back, d->id, &error);
    g_assert_no_error (error);
    if (rt->keeps_judgements)
      {
        HashiyaJudgement *j;
        g_assert_cmpuint (js->len, ==, 1);
        j = g_ptr_array_index (js, 0);
        g_assert_cmpint (j->comment_index, ==, 1);
        g_assert_cmpint (j->sentiment, ==, HASHIYA_SENTIMENT_POSITIVE);
        g_assert_cmpint (j->offensive, ==, 0);
        g_assert_cmpint (j->hate_speech, ==, -1);
        g_assert_cmpint (j->decision, ==, HASHIYA_DECISION_APPROVE);
        g_assert_cmpstr (j->note, ==, rt->keeps_notes ? "حسن" : NULL);
        g_assert_cmpstr (j->annotator, ==, rt->keeps_annotators ? "a" : "importer");
      }
    else
      g_assert_cmpuint (js->len, ==, 0);
  }
}

static void
test_export_units (Project *p, gconstpointer data)
{
  /* doccano counts UTF-16 units unless asked for code points; spaCy always code points */
  g_autoptr(GOutputStream) m1 = g_memory_output_stream_new_resizable ();
  g_autoptr(GOutputStream) m2 = g_memory_output_stream_new_resizable ();
  g_autoptr(GOutputStream) m3 = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;
  HashiyaExportOptions eo;
  g_autofree char *s1 = NULL, *s2 = NULL, *s3 = NULL;

  hashiya_export_options_init (&eo);
  eo.format = HASHIYA_FORMAT_DOCCANO;
  g_assert_true (hashiya_export_to_stream (p->store, &eo, m1, NULL, NULL, &error));
  eo.offsets_codepoint = TRUE;
  g_assert_true (hashiya_export_to_stream (p->store, &eo, m2, NULL, NULL, &error));
  eo.format = HASHIYA_FORMAT_SPACY;
  eo.offsets_codepoint = FALSE;
  g_assert_true (hashiya_export_to_stream (p->store, &eo, m3, NULL, NULL, &error));
  g_assert_no_error (error);
  g_output_stream_write_all (m1, "", 1, NULL, NULL, NULL);
  g_output_stream_write_all (m2, "", 1, NULL, NULL, NULL);
  g_output_stream_write_all (m3, "", 1, NULL, NULL, NULL);
  s1 = g_strdup (g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (m1)));
  s2 = g_strdup (g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (m2)));
  s3 = g_strdup (g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (m3)));
  g_assert_nonnull (strstr (s1, "\"label\":[[7,20,\"PER\"],[15,20,\"PER\"],[21,26,\"LOC\"]]"));
  g_assert_nonnull (strstr (s1, "\"cats\":[\"comment-1/sentiment=positive\",\"comment-1/offensive=no\",\"comment-1/decision=approve\"]"));
  g_assert_nonnull (strstr (s1, "[\"comment\",28,42]"));
  g_assert_nonnull (strstr (s2, "\"label\":[[6,19,\"PER\"],[14,19,\"PER\"],[20,25,\"LOC\"]]"));
  g_assert_nonnull (strstr (s2, "[\"comment\",27,40]"));
  g_assert_nonnull (strstr (s3, "\"spans\":[{\"start\":6,\"end\":19,\"label\":\"PER\"}"));
  g_assert_true (g_str_has_suffix (s1, "}\n"));
}

static void
test_brat_strict (Project *p, gconstpointer data)
{
  g_autofree char *out = g_build_filename (p->dir, "strict-brat", NULL);
  g_autoptr(HashiyaExportReport) report = hashiya_export_report_new ();
  g_autoptr(GError) error = NULL;
  HashiyaExportOptions eo;

  hashiya_export_options_init (&eo);
  eo.format = HASHIYA_FORMAT_BRAT;
  eo.strict = TRUE;
  g_assert_false (hashiya_export_to_file (p->store, &eo, out, report, NULL, &error));
  g_assert_error (error, HASHIYA_EXPORT_ERROR, HASHIYA_EXPORT_ERROR_STRICT);
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (report->items->len, ==, 2);

  /* one annotator, no judgements to lose: strict passes */
  g_clear_error (&error);
  eo.annotator = "b";
  g_assert_true (hashiya_export_to_file (p->store, &eo, out, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (out, G_FILE_TEST_IS_DIR));

  /* whole documents only: a scope is refused, not ignored */
  {
    g_autoptr(GError) e2 = NULL;
    g_autofree char *other = g_build_filename (p->dir, "scoped", NULL);
    eo.scope = HASHIYA_SCOPE_COMMENTS;
    g_assert_false (hashiya_export_to_file (p->store, &eo, other, NULL, NULL, &e2));
    g_assert_error (e2, HASHIYA_EXPORT_ERROR, HASHIYA_EXPORT_ERROR_UNSUPPORTED);
    g_assert_false (g_file_test (other, G_FILE_TEST_EXISTS));
    eo.scope = HASHIYA_SCOPE_ALL;
  }

  /* a folder that is not empty is refused */
  eo.strict = FALSE;
  g_assert_false (hashiya_export_to_file (p->store, &eo, out, NULL, NULL, &error));
  g_assert_error (error, HASHIYA_EXPORT_ERROR, HASHIYA_EXPORT_ERROR_WRITE);
}

static const RoundTrip rt_doccano = {
  HASHIYA_FORMAT_DOCCANO, "out.jsonl",
  "merged 20-25 LOC; no-field 27-40; no-field 6-19 PER", FALSE, TRUE, FALSE
};
static const RoundTrip rt_spacy = {
  HASHIYA_FORMAT_SPACY, "out-spacy.jsonl",
  "merged 20-25 LOC; no-field 27-40; no-field 6-19 PER", FALSE, TRUE, FALSE
};
static const RoundTrip rt_label_studio = {
  HASHIYA_FORMAT_LABEL_STUDIO, "out-ls.json", "", TRUE, TRUE, TRUE
};
static const RoundTrip rt_brat = {
  HASHIYA_FORMAT_BRAT, "out-brat", "merged 20-25 LOC; no-field 27-40", TRUE, FALSE, FALSE
};

/* ---- the registry ----------------------------------------------------------------- */

/* Every format is reached through its descriptor: words, lists, detection and reading. */
static void
test_registry (void)
{
  HashiyaExportOptions defaults;
  HashiyaImportOptions options;
  HashiyaFormat f;
  g_autoptr(GArray) writable = hashiya_format_registry_list (HASHIYA_FORMAT_LIST_WRITABLE);
  g_autoptr(GArray) readable = hashiya_format_registry_list (HASHIYA_FORMAT_LIST_READABLE);
  g_autofree char *choices = hashiya_format_registry_join (HASHIYA_FORMAT_LIST_WRITABLE, ", ", " or ");
  g_autofree char *words = hashiya_format_registry_join (HASHIYA_FORMAT_LIST_READABLE, ", ", NULL);
  g_autoptr(GPtrArray) docs = g_ptr_array_new_with_free_func ((GDestroyNotify) hashiya_parsed_doc_free);
  g_autoptr(GError) error = NULL;
  const HashiyaFormatDesc *doccano;
  char *line;

  g_assert_cmpuint (hashiya_format_registry_size (), ==, 11);
  g_assert_null (hashiya_format_registry_get (HASHIYA_FORMAT_AUTO));
  g_assert_null (hashiya_format_registry_get (hashiya_format_registry_size ()));
  for (guint i = 1; i < hashiya_format_registry_size (); i++)
    {
      const HashiyaFormatDesc *d = hashiya_format_registry_get (i);

      g_assert_nonnull (d);
      g_assert_cmpstr (hashiya_format_to_string (i), ==, d->name);
      g_assert_true (hashiya_format_from_string (d->name, &f));
      g_assert_cmpuint (f, ==, i);
      for (guint k = 0; d->aliases != NULL && d->aliases[k] != NULL; k++)
        {
          g_assert_true (hashiya_format_from_string (d->aliases[k], &f));
          g_assert_cmpuint (f, ==, i);
        }
      g_assert_true (d->label != NULL && d->extensions != NULL && d->extensions[0] != NULL);
      /* readable, or written only (the comments tables) */
      g_assert_true (d->read != NULL || d->read_path != NULL || d->writer != NULL);
      if (d->writer != NULL)
        {
          g_assert_true (d->writer->begin != NULL && d->writer->document != NULL && d->writer->end != NULL);
          /* a folder writer writes files as it goes: never in worker threads */
          g_assert_false ((d->writer->flags & HASHIYA_WRITER_FOLDER) && (d->writer->flags & HASHIYA_WRITER_PARALLEL));
        }
    }
  g_assert_true (hashiya_format_from_string ("AUTO", &f));
  g_assert_cmpuint (f, ==, HASHIYA_FORMAT_AUTO);
  g_assert_true (hashiya_format_from_string ("Label_Studio", &f));
  g_assert_cmpuint (f, ==, HASHIYA_FORMAT_LABEL_STUDIO);
  g_assert_false (hashiya_format_from_string ("xml", &f));

  /* the lists the CLI and the window show: the default export format first */
  hashiya_export_options_init (&defaults);
  g_assert_cmpuint (g_array_index (writable, guint, 0), ==, defaults.format);
  g_assert_cmpstr (choices, ==, "conll, json, jsonl, doccano, label-studio, brat, spacy, "
                   "comments-csv or comments-tsv");
  g_assert_cmpuint (readable->len, ==, 8);
  g_assert_cmpstr (words, ==, "article, json, jsonl, conll, doccano, label-studio, brat, spacy");
  g_assert_cmpuint (hashiya_format_registry_comments_format (), ==, HASHIYA_FORMAT_ARTICLE);

  /* JSON of no known shape is claimed by nobody; plain text falls to the article */
  g_assert_cmpuint (hashiya_format_registry_detect (NULL, "{\"x\": 1}\n", 9), ==, HASHIYA_FORMAT_AUTO);
  g_assert_cmpuint (hashiya_format_registry_detect (NULL, "[1, 2]", 6), ==, HASHIYA_FORMAT_AUTO);
  g_assert_cmpuint (hashiya_format_registry_detect (NULL, "\xEF\xBB\xBFنص", 7), ==, HASHIYA_FORMAT_ARTICLE);
  g_assert_cmpuint (hashiya_format_registry_detect ("a/b.ANN", NULL, 0), ==, HASHIYA_FORMAT_BRAT);

  /* a reader called on bytes through its descriptor */
  line = g_strdup ("{\"text\": \"محمد في القاهرة\", \"label\": [[0, 4, \"PER\"]]}\n");
  f = hashiya_format_registry_detect (NULL, line, strlen (line));
  g_assert_cmpuint (f, ==, HASHIYA_FORMAT_DOCCANO);
  doccano = hashiya_format_registry_get (f);
  hashiya_import_options_init (&options);
  g_assert_true (doccano->read ("r.jsonl", &line, strlen (line), &options, docs, NULL, NULL, &error));
  g_assert_no_error (error);
  g_free (line);
  g_assert_cmpuint (docs->len, ==, 1);
  g_assert_cmpuint (((HashiyaParsedDoc *) g_ptr_array_index (docs, 0))->spans->len, ==, 1);
}

/* Issue 9: what json-glib 1.6 crashes on, cuts or wraps is refused before it parses,
 * with the position in the file. */
static void
expect_guard (const char *json, guint first_line, const char *needle)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = hashiya_json_guard_check ("f.json", json, strlen (json), first_line, &error);

  if (needle == NULL)
    {
      g_assert_no_error (error);
      g_assert_true (ok);
      return;
    }
  g_assert_false (ok);
  g_assert_error (error, HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_SYNTAX);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, needle));
}

static void
test_json_guard (void)
{
  g_autoptr(GString) deep = g_string_new (NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  /* 512 levels pass, 513 are refused at the 513th opening */
  for (int i = 0; i < 512; i++)
    g_string_append_c (deep, '[');
  for (int i = 0; i < 512; i++)
    g_string_append_c (deep, ']');
  expect_guard (deep->str, 1, NULL);
  g_string_prepend (deep, "\n  {\"a\":[");
  expect_guard (deep->str, 1, "f.json:2:519: arrays and objects are nested more than 512");
  expect_guard (deep->str, 40, "f.json:41:519:");
  /* brackets inside strings are text */
  expect_guard ("{\"t\":\"[[[[[[[[[[\"}", 1, NULL);

  expect_guard ("{\"t\":\"ab\\u0000c\"}", 1, "f.json:1:9: a string holds \\u0000");
  expect_guard ("{\"t\":\"ab\\\\u0000c\"}", 1, NULL);       /* an escaped backslash, then text */
  expect_guard ("{\"t\":\"\\ud83d\\ude00\"}", 1, NULL);       /* a pair */
  expect_guard ("{\"t\":\"\\ud83dx\"}", 1, "f.json:1:7: \\ud83d is a lone high surrogate");
  expect_guard ("{\"t\":\"\\ude00\"}", 1, "\\ude00 is a lone low surrogate");
  /* columns count characters, not bytes */
  expect_guard ("{\"نص\":\"\\u0000\"}", 1, "f.json:1:8:");

  expect_guard ("[9223372036854775807,-9223372036854775808,1.5e300,-0]", 1, NULL);
  expect_guard ("[9223372036854775808]", 1, "f.json:1:2: the number 9223372036854775808 does not fit");
  expect_guard ("[0, -9223372036854775809]", 1, "the number -9223372036854775809 does not fit");
  expect_guard ("{\"n\": 99999999999999999999}", 1, "the number 99999999999999999999");

  /* the loader refuses before json-glib sees the bytes */
  g_assert_false (hashiya_json_guard_load (parser, "f.json", "[\"\\u0000\"]", 10, 1, &error));
  g_assert_true (hashiya_json_guard_is_guard_error (error));
  g_clear_error (&error);
  g_assert_false (hashiya_json_guard_load (parser, "f.json", "[1,", 3, 1, &error));
  g_assert_false (hashiya_json_guard_is_guard_error (error));
  g_clear_error (&error);
  /* the depth-only check lets the rest through (json-glib or the reader says the rest) */
  g_assert_true (hashiya_json_guard_check_depth ("f.json", "[99999999999999999999]", 22, NULL));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/formats/conll/bio-docstart", test_conll_bio_docstart);
  g_test_add_func ("/formats/json-guard", test_json_guard);
  g_test_add_func ("/formats/conll/schemes", test_conll_schemes);
  g_test_add_func ("/formats/conll/nested-columns", test_conll_nested_columns);
  g_test_add_func ("/formats/conll/quirks", test_conll_quirks);
  g_test_add_func ("/formats/conll/errors", test_conll_errors);
  g_test_add_func ("/formats/conll/options", test_conll_options);
  g_test_add_func ("/formats/conll/anercorp-full", test_conll_anercorp);
  g_test_add_func ("/formats/conll/anercorp-roundtrip", test_conll_anercorp_roundtrip);
  g_test_add_func ("/formats/conll/wojood-roundtrip", test_conll_wojood_roundtrip);
  g_test_add_func ("/formats/doccano/import", test_doccano_import);
  g_test_add_func ("/formats/doccano/errors", test_doccano_errors);
  g_test_add_func ("/formats/spacy/import", test_spacy_import);
  g_test_add_func ("/formats/label-studio/import", test_label_studio_import);
  g_test_add_func ("/formats/label-studio/comment-task", test_label_studio_comment_task);
  g_test_add_func ("/formats/label-studio/errors", test_label_studio_errors);
  g_test_add_func ("/formats/label-studio/comment-regions", test_label_studio_comment_regions);
  g_test_add_func ("/formats/label-studio/config", test_label_studio_config);
  g_test_add_func ("/formats/label-studio/completed-by", test_label_studio_completed_by);
  g_test_add_func ("/formats/brat/import", test_brat_import);
  g_test_add_func ("/formats/brat/errors", test_brat_errors);
  g_test_add ("/formats/roundtrip/doccano", Project, &rt_doccano, project_setup, test_roundtrip, project_teardown);
  g_test_add ("/formats/roundtrip/spacy", Project, &rt_spacy, project_setup, test_roundtrip, project_teardown);
  g_test_add ("/formats/roundtrip/label-studio", Project, &rt_label_studio, project_setup, test_roundtrip, project_teardown);
  g_test_add ("/formats/roundtrip/brat", Project, &rt_brat, project_setup, test_roundtrip, project_teardown);
  g_test_add ("/formats/export/offset-units", Project, NULL, project_setup, test_export_units, project_teardown);
  g_test_add ("/formats/export/brat-strict", Project, NULL, project_setup, test_brat_strict, project_teardown);
  g_test_add_func ("/formats/registry", test_registry);

  return g_test_run ();
}
