/* test-eval.c: conlleval-style phrase precision / recall / F1 over CoNLL files and projects
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>
#include <glib/gstdio.h>

#include "hashiya-eval.h"
#include "hashiya-import.h"
#include "hashiya-export.h"


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

static HashiyaEvalResult *
eval_strings (const char *gold, const char *pred, const HashiyaEvalOptions *options, GError **error)
{
  return hashiya_eval_conll_data ("gold.conll", gold, strlen (gold), "pred.conll", pred,
                                  strlen (pred), options, error);
}

static void
assert_row (const HashiyaEvalResult *r, const char *label, guint gold, guint pred, guint correct,
            double f1)
{
  const HashiyaEvalRow *row = hashiya_eval_result_get_row (r, label);

  g_assert_nonnull (row);
  g_assert_cmpuint (row->n_gold, ==, gold);
  g_assert_cmpuint (row->n_pred, ==, pred);
  g_assert_cmpuint (row->n_correct, ==, correct);
  g_assert_cmpfloat_with_epsilon (row->f1, f1, 0.005);
}

static void
test_counts (void)
{
  /* gold: PER(محمد علي) LOC(دبي) ORG(البنك)   pred: PER(محمد) LOC(دبي) ORG(البنك) LOC(أمس)
   * PER: boundary wrong → 0 of 1; LOC 1 correct of 2 predicted; ORG right. */
  const char *gold = "محمد B-PER\nعلي I-PER\nفي O\nدبي B-LOC\n\nالبنك B-ORG\nأمس O\n";
  const char *pred = "محمد B-PER\nعلي O\nفي O\nدبي B-LOC\n\nالبنك B-ORG\nأمس B-LOC\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(HashiyaEvalResult) r = eval_strings (gold, pred, NULL, &error);
  g_autofree char *table = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (r->n_tokens, ==, 6);
  assert_row (r, "PER", 1, 1, 0, 0.0);
  assert_row (r, "LOC", 1, 2, 1, 100.0 * 2 * 0.5 * 1.0 / 1.5);
  assert_row (r, "ORG", 1, 1, 1, 100.0);
  /* overall: 2 correct, 3 gold, 4 found: P 50, R 66.67, F1 57.14 */
  assert_row (r, "overall", 3, 4, 2, 57.142857);
  g_assert_cmpfloat_with_epsilon (r->overall.precision, 50.0, 0.005);
  g_assert_cmpfloat_with_epsilon (r->overall.recall, 66.6667, 0.005);
  table = hashiya_eval_result_to_string (r);
  g_assert_nonnull (strstr (table, "overall F1: 57.14"));
  g_assert_nonnull (strstr (table, "processed 6 tokens with 3 gold phrases; found 4 phrases; correct 2."));
  g_assert_null (hashiya_eval_result_get_row (r, "MISC"));
}

static void
test_conlleval_rules (void)
{
  /* the same phrases written in IOB1, BIO, BIOES and bare tags compare as equal */
  const char *bio   = "أ B-PER\nب I-PER\nج B-PER\nد O\nه B-LOC\nو I-LOC\n\nز I-ORG\n";
  const char *iob1  = "أ I-PER\nب I-PER\nج B-PER\nد O\nه I-LOC\nو I-LOC\n\nز I-ORG\n";
  const char *bioes = "أ B-PER\nب E-PER\nج S-PER\nد O\nه B-LOC\nو L-LOC\n\nز U-ORG\n";
  /* a sentence break ends a phrase: ز is a phrase of its own even after و I-LOC */
  const char *others[] = { iob1, bioes };

  for (guint i = 0; i < G_N_ELEMENTS (others); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(HashiyaEvalResult) r = eval_strings (bio, others[i], NULL, &error);
      g_assert_no_error (error);
      assert_row (r, "overall", 4, 4, 4, 100.0);
      assert_row (r, "PER", 2, 2, 2, 100.0);
    }

  /* an I- after another type starts a new phrase (conlleval), it does not continue one */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(HashiyaEvalResult) r =
      eval_strings ("أ B-PER\nب I-PER\nج I-PER\n", "أ B-PER\nب I-LOC\nج I-PER\n", NULL, &error);
    g_assert_no_error (error);
    assert_row (r, "PER", 1, 2, 0, 0.0);
    assert_row (r, "LOC", 0, 1, 0, 0.0);
  }

  /* every tag column counts (nested, Wojood); --tag-column picks one */
  {
    HashiyaEvalOptions options;
    g_autoptr(GError) error = NULL;
    g_autoptr(HashiyaEvalResult) all =
      eval_strings ("مدينة B-GPE\nالبيرة I-GPE B-GPE\n", "مدينة B-GPE\nالبيرة I-GPE\n", NULL, &error);
    g_autoptr(HashiyaEvalResult) one = NULL;
    g_assert_no_error (error);
    assert_row (all, "GPE", 2, 1, 1, 100.0 * 2 * 1.0 * 0.5 / 1.5);
    hashiya_eval_options_init (&options);
    options.tag_column = 1;
    one = eval_strings ("مدينة B-GPE\nالبيرة I-GPE\n", "مدينة B-GPE\nالبيرة I-GPE\n", &options, &error);
    g_assert_no_error (error);
    assert_row (one, "GPE", 1, 1, 1, 100.0);
  }

  /* aliases apply to both sides */
  {
    HashiyaEvalOptions options;
    g_autoptr(GHashTable) aliases = g_hash_table_new (g_str_hash, g_str_equal);
    g_autoptr(GError) error = NULL;
    g_autoptr(HashiyaEvalResult) r = NULL;
    hashiya_eval_options_init (&options);
    g_hash_table_insert (aliases, "PERS", "PER");
    options.aliases = aliases;
    r = eval_strings ("أ B-PERS\n", "أ B-PER\n", &options, &error);
    g_assert_no_error (error);
    assert_row (r, "PER", 1, 1, 1, 100.0);
  }
}

static void
test_mismatch (void)
{
  g_autoptr(GError) e1 = NULL, e2 = NULL, e3 = NULL;
  g_autoptr(HashiyaEvalResult) r1 = eval_strings ("أ O\nب O\n\nج O\n", "أ O\nب O\n\nد O\n", NULL, &e1);
  g_autoptr(HashiyaEvalResult) r2 = eval_strings ("أ O\nب O\nج O\n", "أ O\nب O\n", NULL, &e2);
  g_autoptr(HashiyaEvalResult) r3 = eval_strings ("أ O\nب B-\n", "أ O\nب O\n", NULL, &e3);
  g_autoptr(GError) e4 = NULL;
  g_autoptr(HashiyaEvalResult) r4 = NULL;

  g_assert_null (r1);
  g_assert_error (e1, HASHIYA_EVAL_ERROR, HASHIYA_EVAL_ERROR_MISMATCH);
  g_assert_cmpstr (e1->message, ==, "the files hold different tokens: gold.conll:4 “ج” against pred.conll:4 “د”");
  g_assert_null (r2);
  g_assert_error (e2, HASHIYA_EVAL_ERROR, HASHIYA_EVAL_ERROR_MISMATCH);
  g_assert_nonnull (strstr (e2->message, "gold.conll:3 still has “ج”"));
  g_assert_null (r3);
  g_assert_error (e3, HASHIYA_EVAL_ERROR, HASHIYA_EVAL_ERROR_READ);
  g_assert_nonnull (strstr (e3->message, "gold.conll:2"));

  /* the same characters split differently still compare, with a note */
  r4 = eval_strings ("زار O\nبيروت B-LOC\n%8 O\n", "زار O\nبيروت B-LOC\n% O\n8 O\n", NULL, &e4);
  g_assert_no_error (e4);
  assert_row (r4, "LOC", 1, 1, 1, 100.0);
  g_assert_cmpuint (r4->messages->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (r4->messages, 0), "split into tokens differently in 1 places"));

  /* a file that is not there */
  {
    g_autoptr(GError) e = NULL;
    g_assert_null (hashiya_eval_conll_files ("/nonexistent/gold.conll", "/nonexistent/p", NULL, &e));
    g_assert_error (e, HASHIYA_EVAL_ERROR, HASHIYA_EVAL_ERROR_READ);
  }
}

/* ---- projects ---------------------------------------------------------------- */

static HashiyaStore *
make_store (const char *dir, const char *name, const char *text, gint64 *doc)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;
  HashiyaSegment seg = { HASHIYA_SEGMENT_PARAGRAPH, 0, g_utf8_strlen (text, -1), 0 };
  HashiyaStore *s = hashiya_store_open (path, TRUE, &error);

  g_assert_no_error (error);
  *doc = hashiya_store_add_document (s, "a.txt", text, -1, NULL, &seg, 1, NULL, &error);
  g_assert_no_error (error);
  ensure_label (s, "PER");
  ensure_label (s, "LOC");
  g_assert_no_error (error);
  return s;
}

static void
add (HashiyaStore *s, gint64 doc, gint64 start, gint64 end, const char *label, const char *who)
{
  g_autoptr(GError) error = NULL;
  hashiya_store_add_span (s, doc, start, end, label, who, NULL, &error);
  g_assert_no_error (error);
}

static void
test_projects (void)
{
  const char *text = "زار محمد بن سلمان باريس";   /* محمد 4-8, محمد بن سلمان 4-17, باريس 18-23 */
  g_autofree char *dir = g_dir_make_tmp ("hashiya-eval-XXXXXX", NULL);
  g_autofree char *p3 = g_build_filename (dir, "c.hashiya", NULL);
  gint64 d1, d2, d3;
  g_autoptr(HashiyaStore) s1 = make_store (dir, "a.hashiya", text, &d1);
  g_autoptr(HashiyaStore) s2 = make_store (dir, "b.hashiya", text, &d2);
  g_autoptr(HashiyaStore) s3 = NULL;
  HashiyaEvalOptions options;
  g_autoptr(GError) error = NULL;
  g_autoptr(HashiyaEvalResult) r1 = NULL, r2 = NULL, r3 = NULL;

  /* two annotators in one project */
  add (s1, d1, 4, 17, "PER", "amal");
  add (s1, d1, 18, 23, "LOC", "amal");
  add (s1, d1, 4, 8, "PER", "omar");
  add (s1, d1, 18, 23, "LOC", "omar");
  hashiya_eval_options_init (&options);
  options.gold_annotator = "amal";
  options.pred_annotator = "omar";
  r1 = hashiya_eval_stores (s1, s1, &options, &error);
  g_assert_no_error (error);
  assert_row (r1, "PER", 1, 1, 0, 0.0);
  assert_row (r1, "LOC", 1, 1, 1, 100.0);
  assert_row (r1, "overall", 2, 2, 1, 50.0);
  g_assert_cmpuint (r1->n_documents, ==, 1);

  /* an annotator with no spans is an error, not a silent 0 */
  options.pred_annotator = "nobody";
  g_assert_null (hashiya_eval_stores (s1, s1, &options, &error));
  g_assert_error (error, HASHIYA_EVAL_ERROR, HASHIYA_EVAL_ERROR_INVALID);
  g_clear_error (&error);
  options.pred_annotator = "amal";
  g_assert_null (hashiya_eval_stores (s1, s1, &options, &error));
  g_assert_error (error, HASHIYA_EVAL_ERROR, HASHIYA_EVAL_ERROR_INVALID);
  g_clear_error (&error);

  /* two projects: documents matched by their text */
  add (s2, d2, 4, 17, "PER", "x");
  add (s2, d2, 18, 23, "LOC", "x");
  hashiya_eval_options_init (&options);
  options.gold_annotator = "amal";
  r2 = hashiya_eval_stores (s1, s2, &options, &error);
  g_assert_no_error (error);
  assert_row (r2, "overall", 2, 2, 2, 100.0);

  /* a predicted document with another text: its spans are false positives, noted */
  s3 = hashiya_store_open (p3, TRUE, &error);
  g_assert_no_error (error);
  {
    HashiyaSegment seg = { HASHIYA_SEGMENT_PARAGRAPH, 0, 5, 0 };
    d3 = hashiya_store_add_document (s3, "b.txt", "باريس", -1, NULL, &seg, 1, NULL, &error);
    g_assert_no_error (error);
    ensure_label (s3, "LOC");
    add (s3, d3, 0, 5, "LOC", "x");
  }
  r3 = hashiya_eval_stores (s1, s3, &options, &error);
  g_assert_no_error (error);
  assert_row (r3, "overall", 2, 1, 0, 0.0);
  g_assert_cmpuint (r3->messages->len, ==, 2);

  g_clear_object (&s1);
  g_clear_object (&s2);
  g_clear_object (&s3);
  {
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    const char *name;
    while ((name = g_dir_read_name (d)))
      {
        g_autofree char *p = g_build_filename (dir, name, NULL);
        g_remove (p);
      }
  }
  g_rmdir (dir);
}

/* ---- a real corpus: a file against itself and against a re-tagged copy ---------------- */

static void
test_anercorp (void)
{
  const char *shared = g_getenv ("HASHIYA_SHARED");
  g_autofree char *path = shared ? g_build_filename (shared, "corpora", "anercorp",
                                                     "ANERCorp_test_camelstyle.txt", NULL) : NULL;
  g_autofree char *data = NULL;
  g_autofree char *changed = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HashiyaEvalResult) same = NULL, diff = NULL;
  gsize len = 0;
  char *p;

  if (path == NULL || !g_file_get_contents (path, &data, &len, NULL))
    {
      g_test_skip ("../shared/corpora/anercorp/ANERCorp_test_camelstyle.txt not present");
      return;
    }
  same = hashiya_eval_conll_files (path, path, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (same->n_tokens, ==, 25057);
  /* the README counts 2,236 entities */
  assert_row (same, "overall", 2236, 2236, 2236, 100.0);

  /* one B-LOC turned into O: one gold LOC missed, nothing else changes */
  changed = g_strdup (data);
  /* a one-word LOC: the next line does not continue it */
  for (p = strstr (changed, " B-LOC\n"); p != NULL; p = strstr (p + 1, " B-LOC\n"))
    {
      const char *next_end = strchr (p + 7, '\n');
      if (next_end == NULL || g_strstr_len (p + 7, next_end - (p + 7), "I-LOC") == NULL)
        break;
    }
  g_assert_nonnull (p);
  memcpy (p, " O    \n", 7);
  diff = hashiya_eval_conll_data (path, data, len, "changed", changed, len, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (diff->overall.n_pred, ==, 2235);
  g_assert_cmpuint (diff->overall.n_correct, ==, 2235);
  g_assert_cmpuint (hashiya_eval_result_get_row (diff, "LOC")->n_correct,
                    ==, hashiya_eval_result_get_row (diff, "LOC")->n_gold - 1);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/eval/counts", test_counts);
  g_test_add_func ("/eval/conlleval-rules", test_conlleval_rules);
  g_test_add_func ("/eval/mismatch", test_mismatch);
  g_test_add_func ("/eval/projects", test_projects);
  g_test_add_func ("/eval/anercorp", test_anercorp);

  return g_test_run ();
}
