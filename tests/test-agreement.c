/* test-agreement.c: agreement numbers against worked examples and against an independent computation
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The expected numbers below are worked out by hand from the textbook definitions; each
 * case says where the example comes from and shows the arithmetic.
 */
#include <math.h>
#include <json-glib/json-glib.h>

#include "hashiya-agreement.h"
#include "team-common.h"

#define M (-1)   /* a missing value */

static void
assert_close (double got,
              double want)
{
  if (isnan (want))
    g_assert_true (isnan (got));
  else
    g_assert_cmpfloat_with_epsilon (got, want, 1e-9);
}

/* ---- Cohen's kappa, worked examples ------------------------------------------- */

static void
test_kappa_textbook (void)
{
  /* The 2x2 example of the Wikipedia article "Cohen's kappa" (50 proposals, readers A
   * and B): both yes 20, A yes / B no 5, A no / B yes 10, both no 15.
   * p_o = (20 + 15) / 50 = 0.7; A says yes 25/50 = 0.5, B says yes 30/50 = 0.6;
   * p_e = 0.5 * 0.6 + 0.5 * 0.4 = 0.5; kappa = (0.7 - 0.5) / (1 - 0.5) = 0.4. */
  int a[50], b[50];
  guint n = 0, i = 0;
  double observed = 0;

  for (; i < 20; i++)
    a[i] = 1, b[i] = 1;
  for (; i < 25; i++)
    a[i] = 1, b[i] = 0;
  for (; i < 35; i++)
    a[i] = 0, b[i] = 1;
  for (; i < 50; i++)
    a[i] = 0, b[i] = 0;
  assert_close (hashiya_cohen_kappa (a, b, 50, &n, &observed), 0.4);
  g_assert_cmpuint (n, ==, 50);
  assert_close (observed, 0.7);
}

static void
test_kappa_three_categories (void)
{
  /* a = 0 0 1 1 2 2, b = 0 1 1 1 2 0 (plus two items with a missing value, skipped).
   * Equal at items 1, 3, 4, 5: p_o = 4/6. Marginals a: 2, 2, 2; b: 2, 3, 1.
   * p_e = (2*2 + 2*3 + 2*1) / 36 = 1/3; kappa = (2/3 - 1/3) / (2/3) = 0.5. */
  const int a[] = { 0, 0, 1, 1, 2, 2, M, 1 };
  const int b[] = { 0, 1, 1, 1, 2, 0, 2, M };
  guint n = 0;
  double observed = 0;

  assert_close (hashiya_cohen_kappa (a, b, G_N_ELEMENTS (a), &n, &observed), 0.5);
  g_assert_cmpuint (n, ==, 6);
  assert_close (observed, 4.0 / 6);

  /* every value the same category: p_e = 1, kappa undefined */
  {
    const int c[] = { 1, 1, 1 };
    assert_close (hashiya_cohen_kappa (c, c, 3, &n, &observed), NAN);
    assert_close (observed, 1.0);
  }
  /* nothing in common */
  {
    const int c[] = { 1, M }, d[] = { M, 1 };
    assert_close (hashiya_cohen_kappa (c, d, 2, &n, &observed), NAN);
    g_assert_cmpuint (n, ==, 0);
  }
}

/* ---- Krippendorff's alpha, worked examples ------------------------------------ */

static void
test_alpha_binary (void)
{
  /* Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section A: two
   * observers, binary data, ten units:
   *   A: 0 1 0 0 0 0 0 0 1 0
   *   B: 1 1 1 0 0 1 0 0 0 0
   * Coincidences: units 4 5 7 8 10 give o_00 = 10, unit 2 gives o_11 = 2, units 1 3 6 9
   * give o_01 = o_10 = 4; n_0 = 14, n_1 = 6, n = 20.
   * alpha = 1 - (n - 1) (o_01 + o_10) / (2 n_0 n_1) = 1 - 19 * 8 / 168 = 2/21 = 0.095. */
  const int a[] = { 0, 1, 0, 0, 0, 0, 0, 0, 1, 0 };
  const int b[] = { 1, 1, 1, 0, 0, 1, 0, 0, 0, 0 };
  int values[20];
  guint n = 0;

  for (int u = 0; u < 10; u++)
    values[u * 2] = a[u], values[u * 2 + 1] = b[u];
  assert_close (hashiya_krippendorff_alpha_nominal (values, 10, 2, &n), 2.0 / 21);
  g_assert_cmpuint (n, ==, 20);
}

static void
test_alpha_missing (void)
{
  /* Krippendorff (2011), section C: four observers, twelve units, nominal values 1..5,
   * missing values (M). The paper gives alpha_nominal = 0.743. By hand: unit 12 has one
   * value and is not pairable; the off-diagonal coincidences come from unit 2 (2 2 3 2:
   * o_23 = o_32 = 3 * 1/3), unit 6 (1 2 3 4: twelve ordered pairs of weight 1/3) and unit 8
   * (1 1 2 1: o_12 = o_21 = 1), so sum_{c != k} o_ck = 2 + 4 + 2 = 8. The pairable values
   * are n_1 = 9, n_2 = 13, n_3 = 10, n_4 = 5, n_5 = 3, n = 40, and
   * sum_{c != k} n_c n_k = 40^2 - (81 + 169 + 100 + 25 + 9) = 1216.
   * alpha = 1 - (n - 1) * 8 / 1216 = 1 - 312/1216 = 113/152 = 0.7434. */
  const int data[12][4] = {
    { 1, 1, M, 1 }, { 2, 2, 3, 2 }, { 3, 3, 3, 3 }, { 3, 3, 3, 3 },
    { 2, 2, 2, 2 }, { 1, 2, 3, 4 }, { 4, 4, 4, 4 }, { 1, 1, 2, 1 },
    { 2, 2, 2, 2 }, { M, 5, 5, 5 }, { M, M, 1, 1 }, { M, 3, M, M },
  };
  guint n = 0;

  assert_close (hashiya_krippendorff_alpha_nominal (&data[0][0], 12, 4, &n), 113.0 / 152);
  g_assert_cmpuint (n, ==, 40);
}

/* ---- spans: F1 on a small case ------------------------------------------------- */

static void
test_overlap_matching (void)
{
  /* one long span of a overlaps two short ones of b: one to one, it matches once */
  const gint64 as[] = { 10 }, ae[] = { 30 };
  const gint64 bs[] = { 10, 20 }, be[] = { 15, 25 };
  /* a chain where greedy first-fit would give 1 and the maximum is 2:
   * a0 [0,10) overlaps b0 [5,15) and b1 [0,3); a1 [12,20) overlaps b0 only */
  const gint64 cs[] = { 0, 12 }, ce[] = { 10, 20 };
  const gint64 ds[] = { 5, 0 }, de[] = { 15, 3 };
  /* touching ranges do not overlap */
  const gint64 es[] = { 0 }, ee[] = { 5 };
  const gint64 fs[] = { 5 }, fe[] = { 9 };

  g_assert_cmpuint (hashiya_overlap_matching (as, ae, 1, bs, be, 2), ==, 1);
  g_assert_cmpuint (hashiya_overlap_matching (cs, ce, 2, ds, de, 2), ==, 2);
  g_assert_cmpuint (hashiya_overlap_matching (es, ee, 1, fs, fe, 1), ==, 0);
}

static void
test_spans_small_case (void)
{
  TeamTmp tmp = { 0 };
  g_autofree char *path = team_tmp_path (&tmp, "p.hashiya");
  g_autoptr(HashiyaStore) store = team_open (path, TRUE);
  g_autoptr(HashiyaAgreement) ag = NULL;
  g_autoptr(GError) error = NULL;
  const HashiyaPairAgreement *pair;
  gint64 doc = team_add_document (store, "d.txt", 'x', 0);

  /* a (reference): PER 0-5, LOC 10-15, ORG 20-30
   * b (response):  PER 0-5 (exact), LOC 12-18 (overlap only), ORG 40-45, PER 50-55
   * exact:   TP 1 (PER 0-5), FP 3, FN 2: P = 1/4, R = 1/3, F1 = 2*1 / (2 + 3 + 2) = 2/7
   * overlap: TP 2 (+ LOC), FP 2, FN 1: P = 1/2, R = 2/3, F1 = 4 / (4 + 2 + 1) = 4/7
   * per label, exact: PER TP 1 FP 1 FN 0; LOC TP 0 FP 1 FN 1; ORG TP 0 FP 1 FN 1
   * LOC overlap: TP 1 FP 0 FN 0 (P = R = F1 = 1) */
  team_tag (store, doc, 0, 5, "PER", "a");
  team_tag (store, doc, 10, 15, "LOC", "a");
  team_tag (store, doc, 20, 30, "ORG", "a");
  team_tag (store, doc, 0, 5, "PER", "b");
  team_tag (store, doc, 12, 18, "LOC", "b");
  team_tag (store, doc, 40, 45, "ORG", "b");
  team_tag (store, doc, 50, 55, "PER", "b");

  ag = hashiya_agreement_compute (store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ag->annotators->len, ==, 2);
  pair = hashiya_agreement_get_pair (ag, "a", "b");
  g_assert_nonnull (pair);
  g_assert_cmpuint (pair->exact.tp, ==, 1);
  g_assert_cmpuint (pair->exact.fp, ==, 3);
  g_assert_cmpuint (pair->exact.fn, ==, 2);
  assert_close (pair->exact.precision, 0.25);
  assert_close (pair->exact.recall, 1.0 / 3);
  assert_close (pair->exact.f1, 2.0 / 7);
  g_assert_cmpuint (pair->overlap.tp, ==, 2);
  g_assert_cmpuint (pair->overlap.fp, ==, 2);
  g_assert_cmpuint (pair->overlap.fn, ==, 1);
  assert_close (pair->overlap.precision, 0.5);
  assert_close (pair->overlap.recall, 2.0 / 3);
  assert_close (pair->overlap.f1, 4.0 / 7);

  g_assert_cmpuint (pair->per_label->len, ==, 3);
  {
    HashiyaLabelAgreement *loc = g_ptr_array_index (pair->per_label, 0);
    HashiyaLabelAgreement *org = g_ptr_array_index (pair->per_label, 1);
    HashiyaLabelAgreement *per = g_ptr_array_index (pair->per_label, 2);

    g_assert_cmpstr (loc->label, ==, "LOC");
    g_assert_cmpuint (loc->exact.tp, ==, 0);
    g_assert_cmpuint (loc->exact.fp, ==, 1);
    g_assert_cmpuint (loc->exact.fn, ==, 1);
    assert_close (loc->exact.f1, 0);
    g_assert_cmpuint (loc->overlap.tp, ==, 1);
    assert_close (loc->overlap.f1, 1);
    g_assert_cmpstr (org->label, ==, "ORG");
    g_assert_cmpuint (org->overlap.tp, ==, 0);
    g_assert_cmpstr (per->label, ==, "PER");
    g_assert_cmpuint (per->exact.tp, ==, 1);
    g_assert_cmpuint (per->exact.fp, ==, 1);
    g_assert_cmpuint (per->exact.fn, ==, 0);
    assert_close (per->exact.precision, 0.5);
    assert_close (per->exact.recall, 1);
  }

  /* the JSON has the documented shape and the same numbers */
  {
    g_autofree char *json = hashiya_agreement_to_json (ag, FALSE);
    g_autoptr(JsonParser) parser = json_parser_new ();
    JsonObject *root, *p, *spans, *exact, *per, *comments;

    g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
    root = json_node_get_object (json_parser_get_root (parser));
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "annotators")), ==, 2);
    p = json_array_get_object_element (json_object_get_array_member (root, "pairs"), 0);
    g_assert_cmpstr (json_object_get_string_member (p, "a"), ==, "a");
    g_assert_cmpstr (json_object_get_string_member (p, "b"), ==, "b");
    spans = json_object_get_object_member (p, "spans");
    exact = json_object_get_object_member (spans, "exact");
    g_assert_cmpint (json_object_get_int_member (exact, "tp"), ==, 1);
    g_assert_cmpint (json_object_get_int_member (exact, "fp"), ==, 3);
    g_assert_cmpint (json_object_get_int_member (exact, "fn"), ==, 2);
    assert_close (json_object_get_double_member (exact, "f1"), 2.0 / 7);
    g_assert_true (json_object_has_member (json_object_get_object_member (spans, "overlap"), "recall"));
    per = json_object_get_object_member (json_object_get_object_member (spans, "per_label"), "PER");
    g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (per, "exact"), "fp"), ==, 1);
    comments = json_object_get_object_member (p, "comments");
    for (int f = 0; f < HASHIYA_N_FIELDS; f++)
      {
        JsonObject *field = json_object_get_object_member (comments, hashiya_judgement_field_to_string (f));

        g_assert_cmpint (json_object_get_int_member (field, "n"), ==, 0);
        /* no items: undefined, written as null */
        g_assert_true (json_object_get_null_member (field, "kappa"));
        g_assert_true (json_object_get_null_member (json_object_get_object_member (root, "alpha"),
                                                    hashiya_judgement_field_to_string (f)));
      }
  }
  g_clear_object (&store);
  team_tmp_clear (&tmp);
}

/* ---- judgements through the store, three annotators ---------------------------- */

static void
test_judgements_three_annotators (void)
{
  TeamTmp tmp = { 0 };
  g_autofree char *path = team_tmp_path (&tmp, "p.hashiya");
  g_autoptr(HashiyaStore) store = team_open (path, TRUE);
  g_autoptr(HashiyaAgreement) ag = NULL;
  g_autoptr(GError) error = NULL;
  const HashiyaPairAgreement *ab, *bc;
  gint64 doc = team_add_document (store, "d.txt", 'x', 4);

  /* sentiment:  c1      c2      c3      c4
   *   a         pos     neg     neg     -
   *   b         pos     pos     neg     neu
   *   c         pos     -       neg     neu
   * (a, b): items c1 c2 c3, 2 equal: p_o = 2/3; a: pos 1 neg 2, b: pos 2 neg 1;
   *         p_e = (1*2 + 2*1) / 9 = 4/9; kappa = (2/3 - 4/9) / (5/9) = 0.4
   * (b, c): items c1 c3 c4, all equal: p_o = 1; p_e = (1 + 1 + 1) / 9 = 1/3; kappa = 1
   * alpha: c1 gives o_pp = 3 (six ordered pairs of weight 1/2), c2 o_np = o_pn = 1,
   *        c3 o_nn = 3, c4 o_uu = 2; n_pos = 4, n_neg = 4, n_neu = 2, n = 10;
   *        alpha = 1 - 9 * 2 / (2 * (16 + 8 + 8)) = 1 - 18/64 = 0.71875
   * offensive: only a and b judge c1 (yes, no): alpha = 1 - 1 * 2 / 2 = 0 */
  team_judge (store, doc, 1, "a", HASHIYA_SENTIMENT_POSITIVE, 1, -1, HASHIYA_DECISION_NONE);
  team_judge (store, doc, 1, "b", HASHIYA_SENTIMENT_POSITIVE, 0, -1, HASHIYA_DECISION_NONE);
  team_judge (store, doc, 1, "c", HASHIYA_SENTIMENT_POSITIVE, -1, -1, HASHIYA_DECISION_NONE);
  team_judge (store, doc, 2, "a", HASHIYA_SENTIMENT_NEGATIVE, -1, -1, HASHIYA_DECISION_NONE);
  team_judge (store, doc, 2, "b", HASHIYA_SENTIMENT_POSITIVE, -1, -1, HASHIYA_DECISION_NONE);
  team_judge (store, doc, 3, "a", HASHIYA_SENTIMENT_NEGATIVE, -1, -1, HASHIYA_DECISION_REJECT);
  team_judge (store, doc, 3, "b", HASHIYA_SENTIMENT_NEGATIVE, -1, -1, HASHIYA_DECISION_REJECT);
  team_judge (store, doc, 3, "c", HASHIYA_SENTIMENT_NEGATIVE, -1, -1, HASHIYA_DECISION_REVIEW);
  team_judge (store, doc, 4, "b", HASHIYA_SENTIMENT_NEUTRAL, -1, -1, HASHIYA_DECISION_NONE);
  team_judge (store, doc, 4, "c", HASHIYA_SENTIMENT_NEUTRAL, -1, -1, HASHIYA_DECISION_NONE);

  ag = hashiya_agreement_compute (store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ag->annotators->len, ==, 3);
  g_assert_cmpuint (ag->pairs->len, ==, 3);
  ab = hashiya_agreement_get_pair (ag, "a", "b");
  bc = hashiya_agreement_get_pair (ag, "b", "c");
  g_assert_cmpuint (ab->fields[HASHIYA_FIELD_SENTIMENT].n, ==, 3);
  assert_close (ab->fields[HASHIYA_FIELD_SENTIMENT].observed, 2.0 / 3);
  assert_close (ab->fields[HASHIYA_FIELD_SENTIMENT].kappa, 0.4);
  g_assert_cmpuint (bc->fields[HASHIYA_FIELD_SENTIMENT].n, ==, 3);
  assert_close (bc->fields[HASHIYA_FIELD_SENTIMENT].kappa, 1.0);
  assert_close (ag->alpha[HASHIYA_FIELD_SENTIMENT], 0.71875);
  g_assert_cmpuint (ag->alpha_n[HASHIYA_FIELD_SENTIMENT], ==, 10);
  assert_close (ag->alpha[HASHIYA_FIELD_OFFENSIVE], 0.0);
  g_assert_cmpuint (ab->fields[HASHIYA_FIELD_OFFENSIVE].n, ==, 1);
  /* decision (a, b) on c3: both reject, one category: observed 1, kappa undefined */
  assert_close (ab->fields[HASHIYA_FIELD_DECISION].observed, 1.0);
  assert_close (ab->fields[HASHIYA_FIELD_DECISION].kappa, NAN);
  assert_close (ag->alpha[HASHIYA_FIELD_HATE_SPEECH], NAN);

  /* --annotators a,b: one pair, alpha over two annotators only */
  {
    const char *names[] = { "b", "a", NULL };
    HashiyaAgreementOptions options = { names, NULL, 0 };
    g_autoptr(HashiyaAgreement) two = hashiya_agreement_compute (store, &options, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (two->pairs->len, ==, 1);
    g_assert_nonnull (hashiya_agreement_get_pair (two, "a", "b"));
  }
  /* a name without work is refused */
  {
    const char *names[] = { "a", "zed", NULL };
    HashiyaAgreementOptions options = { names, NULL, 0 };
    g_autoptr(HashiyaAgreement) none = hashiya_agreement_compute (store, &options, &error);

    g_assert_null (none);
    g_assert_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "zed"));
    g_clear_error (&error);
  }
  g_clear_object (&store);
  team_tmp_clear (&tmp);
}

/* ---- random data against an independent computation ----------------------------- */

/* kappa from a contingency table */
static double
reference_kappa (const int *a,
                 const int *b,
                 guint      n,
                 int        k)
{
  double table[8][8] = { { 0 } };
  double total = 0, diag = 0, pe = 0;

  for (guint i = 0; i < n; i++)
    if (a[i] >= 0 && b[i] >= 0)
      table[a[i]][b[i]]++, total++;
  if (total == 0)
    return NAN;
  for (int c = 0; c < k; c++)
    {
      double row = 0, col = 0;

      diag += table[c][c];
      for (int d = 0; d < k; d++)
        row += table[c][d], col += table[d][c];
      pe += row * col;
    }
  pe /= total * total;
  if (pe >= 1)
    return NAN;
  return (diag / total - pe) / (1 - pe);
}

/* alpha = 1 - D_o / D_e with the disagreements counted on the values directly:
 * D_o = (1/n) sum_u 1/(m_u - 1) sum_{i != j} [v_ui != v_uj],
 * D_e = 1/(n (n - 1)) sum_c n_c (n - n_c), n_c counted over pairable values. */
static double
reference_alpha (const int *values,
                 guint      n_units,
                 guint      n_coders,
                 int        k)
{
  double counts[8] = { 0 };
  double n = 0, d_o = 0, d_e = 0;

  for (guint u = 0; u < n_units; u++)
    {
      const int *row = values + u * n_coders;
      int m = 0, pairs_differing = 0;

      for (guint i = 0; i < n_coders; i++)
        m += row[i] >= 0;
      if (m < 2)
        continue;
      for (guint i = 0; i < n_coders; i++)
        {
          if (row[i] < 0)
            continue;
          counts[row[i]]++;
          n++;
          for (guint j = 0; j < n_coders; j++)
            if (j != i && row[j] >= 0 && row[j] != row[i])
              pairs_differing++;
        }
      d_o += (double) pairs_differing / (m - 1);
    }
  if (n < 2)
    return NAN;
  d_o /= n;
  for (int c = 0; c < k; c++)
    d_e += counts[c] * (n - counts[c]);
  d_e /= n * (n - 1);
  if (d_e == 0)
    return NAN;
  return 1 - d_o / d_e;
}

static void
test_random_statistics (void)
{
  GRand *rand = g_rand_new_with_seed (20261204);

  for (int round = 0; round < 300; round++)
    {
      guint n_units = g_rand_int_range (rand, 1, 30);
      guint n_coders = g_rand_int_range (rand, 2, 6);
      int k = g_rand_int_range (rand, 1, 6);
      int missing = g_rand_int_range (rand, 0, 50);
      g_autofree int *values = g_new (int, n_units * n_coders);
      g_autofree int *a = g_new (int, n_units);
      g_autofree int *b = g_new (int, n_units);

      for (guint i = 0; i < n_units * n_coders; i++)
        values[i] = g_rand_int_range (rand, 0, 100) < missing ? M : g_rand_int_range (rand, 0, k);
      for (guint u = 0; u < n_units; u++)
        {
          a[u] = values[u * n_coders];
          b[u] = values[u * n_coders + 1];
        }
      assert_close (hashiya_krippendorff_alpha_nominal (values, n_units, n_coders, NULL),
                    reference_alpha (values, n_units, n_coders, k));
      assert_close (hashiya_cohen_kappa (a, b, n_units, NULL, NULL),
                    reference_kappa (a, b, n_units, k));
    }
  g_rand_free (rand);
}

/* the largest one-to-one matching of overlapping ranges, by trying every assignment */
static guint
brute_matching (const gint64 *as, const gint64 *ae, guint na, guint i,
                const gint64 *bs, const gint64 *be, guint nb, guint32 used)
{
  guint best;

  if (i == na)
    return 0;
  best = brute_matching (as, ae, na, i + 1, bs, be, nb, used);
  for (guint j = 0; j < nb; j++)
    if (!(used & (1u << j)) && as[i] < be[j] && bs[j] < ae[i])
      best = MAX (best, 1 + brute_matching (as, ae, na, i + 1, bs, be, nb, used | (1u << j)));
  return best;
}

static void
test_random_spans (void)
{
  static const char * const labels[] = { "PER", "LOC" };
  GRand *rand = g_rand_new_with_seed (4242);
  TeamTmp tmp = { 0 };
  g_autofree char *path = team_tmp_path (&tmp, "p.hashiya");
  g_autoptr(HashiyaStore) store = team_open (path, TRUE);

  for (int round = 0; round < 25; round++)
    {
      gint64 doc = team_add_document (store, "d.txt", 'a' + round, 0);
      /* per annotator, per label: ranges */
      gint64 s[2][2][8], e[2][2][8];
      guint n[2][2] = { { 0 } };
      guint want_exact[2] = { 0 }, want_overlap[2] = { 0 };
      guint total[2] = { 0 };
      g_autoptr(HashiyaAgreement) ag = NULL;
      g_autoptr(GError) error = NULL;
      const char *names[] = { "a", "b", NULL };
      HashiyaAgreementOptions options = { names, &doc, 1 };
      const HashiyaPairAgreement *pair;

      g_assert_true (hashiya_store_begin (store, NULL));
      for (int who = 0; who < 2; who++)
        for (int l = 0; l < 2; l++)
          {
            guint count = g_rand_int_range (rand, who == l ? 1 : 0, 7);  /* both have work */

            for (guint i = 0; i < count; i++)
              {
                gint64 start = g_rand_int_range (rand, 0, 40);
                gint64 end = start + g_rand_int_range (rand, 1, 12);
                gboolean dup = FALSE;

                for (guint x = 0; x < n[who][l]; x++)
                  dup |= s[who][l][x] == start && e[who][l][x] == end;
                if (dup)
                  continue;
                team_tag (store, doc, start, end, labels[l], who ? "b" : "a");
                s[who][l][n[who][l]] = start;
                e[who][l][n[who][l]] = end;
                n[who][l]++;
                total[who]++;
              }
          }
      g_assert_true (hashiya_store_commit (store, NULL));

      for (int l = 0; l < 2; l++)
        {
          for (guint i = 0; i < n[0][l]; i++)
            for (guint j = 0; j < n[1][l]; j++)
              want_exact[l] += s[0][l][i] == s[1][l][j] && e[0][l][i] == e[1][l][j];
          want_overlap[l] = brute_matching (s[0][l], e[0][l], n[0][l], 0,
                                            s[1][l], e[1][l], n[1][l], 0);
        }

      ag = hashiya_agreement_compute (store, &options, &error);
      g_assert_no_error (error);
      pair = hashiya_agreement_get_pair (ag, "a", "b");
      g_assert_cmpuint (pair->exact.tp, ==, want_exact[0] + want_exact[1]);
      g_assert_cmpuint (pair->exact.fp, ==, total[1] - want_exact[0] - want_exact[1]);
      g_assert_cmpuint (pair->exact.fn, ==, total[0] - want_exact[0] - want_exact[1]);
      g_assert_cmpuint (pair->overlap.tp, ==, want_overlap[0] + want_overlap[1]);
      g_assert_cmpuint (pair->overlap.fn, ==, total[0] - want_overlap[0] - want_overlap[1]);
      for (guint r = 0; r < pair->per_label->len; r++)
        {
          HashiyaLabelAgreement *row = g_ptr_array_index (pair->per_label, r);
          int l = g_str_equal (row->label, "PER") ? 0 : 1;
          double tp = want_overlap[l];

          g_assert_cmpuint (row->overlap.tp, ==, want_overlap[l]);
          if (n[0][l] + n[1][l] > 0)
            assert_close (row->overlap.f1, 2 * tp / (n[0][l] + n[1][l]));
        }
    }
  g_rand_free (rand);
  g_clear_object (&store);
  team_tmp_clear (&tmp);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/agreement/kappa/textbook", test_kappa_textbook);
  g_test_add_func ("/agreement/kappa/three-categories", test_kappa_three_categories);
  g_test_add_func ("/agreement/alpha/binary", test_alpha_binary);
  g_test_add_func ("/agreement/alpha/missing-values", test_alpha_missing);
  g_test_add_func ("/agreement/spans/overlap-matching", test_overlap_matching);
  g_test_add_func ("/agreement/spans/small-case", test_spans_small_case);
  g_test_add_func ("/agreement/judgements/three-annotators", test_judgements_three_annotators);
  g_test_add_func ("/agreement/random/statistics", test_random_statistics);
  g_test_add_func ("/agreement/random/spans", test_random_spans);
  return g_test_run ();
}
