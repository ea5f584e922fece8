/* hashiya-agreement.h: inter-annotator agreement (span P/R/F1, Cohen's kappa, Krippendorff's alpha)
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Definitions (README, "Agreement", gives the references):
 * - Spans, for a pair (a, b): a's spans are the reference, b's the response. Exact: a span
 *   of b is a true positive when a has a span with the same document, start, end and label.
 *   Overlap: spans of the same label whose ranges intersect are matched one to one (a
 *   maximum matching, so one long span cannot count for two), TP is the size of the
 *   matching. FP = |b| - TP, FN = |a| - TP, precision = TP / (TP + FP), recall =
 *   TP / (TP + FN), F1 = 2PR / (P + R) = 2TP / (2TP + FP + FN). Swapping a and b swaps
 *   precision and recall; F1 is symmetric. A ratio with a zero denominator is undefined
 *   (NaN here, null in JSON).
 * - Comment judgements, per field (sentiment, offensive, hate_speech, decision): the items
 *   of a pair are the comments both annotators gave a value of that field. Observed
 *   agreement p_o is the share of equal values; Cohen's kappa (Cohen 1960) is
 *   (p_o - p_e) / (1 - p_e) with p_e = sum over categories of the product of the two
 *   annotators' marginal proportions; undefined when p_e = 1.
 * - Krippendorff's alpha, nominal (Krippendorff 2011, "Computing Krippendorff's
 *   Alpha-Reliability"): units are comments, values are the annotators' values of the field,
 *   missing values allowed; units with fewer than two values are not pairable. With the
 *   coincidence matrix o_ck and n_c = sum_k o_ck, n = sum_c n_c:
 *   alpha = 1 - (n - 1) * sum_{c != k} o_ck / sum_{c != k} n_c n_k; undefined when every
 *   pairable value is the same category (or no unit is pairable).
 * All values are ratios in [0, 1] (kappa and alpha may be negative).
 */
#pragma once

#include <glib.h>
#include "hashiya-store.h"

G_BEGIN_DECLS

typedef enum
{
  HASHIYA_FIELD_SENTIMENT,
  HASHIYA_FIELD_OFFENSIVE,
  HASHIYA_FIELD_HATE_SPEECH,
  HASHIYA_FIELD_DECISION,
  HASHIYA_N_FIELDS
} HashiyaJudgementField;

/* "sentiment", "offensive", "hate_speech", "decision" */
const char *hashiya_judgement_field_to_string (HashiyaJudgementField field);
/* The field's value as a category code >= 0, or -1 when the judgement leaves it unset. */
int         hashiya_judgement_field_value     (const HashiyaJudgement *j,
                                               HashiyaJudgementField   field);

typedef struct
{
  guint  tp;
  guint  fp;
  guint  fn;
  double precision;   /* NaN when tp + fp = 0 */
  double recall;      /* NaN when tp + fn = 0 */
  double f1;          /* NaN when 2tp + fp + fn = 0 */
} HashiyaPrf;

/* Fills precision, recall and f1 from tp, fp and fn. */
void hashiya_prf_compute (HashiyaPrf *prf);

typedef struct
{
  char       *label;
  HashiyaPrf  exact;
  HashiyaPrf  overlap;
} HashiyaLabelAgreement;

typedef struct
{
  guint  n;          /* items both annotators gave a value */
  guint  n_agreed;
  double observed;   /* NaN when n = 0 */
  double kappa;      /* NaN when undefined */
} HashiyaFieldAgreement;

typedef struct
{
  char                  *a;
  char                  *b;
  HashiyaPrf             exact;
  HashiyaPrf             overlap;
  GPtrArray             *per_label;   /* HashiyaLabelAgreement*, by label name */
  HashiyaFieldAgreement  fields[HASHIYA_N_FIELDS];
} HashiyaPairAgreement;

typedef struct
{
  GPtrArray *annotators;             /* char*, sorted */
  GPtrArray *pairs;                  /* HashiyaPairAgreement*, (annotators[i], annotators[j]) for i < j */
  double     alpha[HASHIYA_N_FIELDS];   /* NaN when undefined */
  guint      alpha_n[HASHIYA_N_FIELDS]; /* pairable values (n of the coincidence matrix) */
  guint      n_documents;
  guint      n_comments;             /* comments of the compared documents */
} HashiyaAgreement;

void hashiya_agreement_free (HashiyaAgreement *agreement);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HashiyaAgreement, hashiya_agreement_free)

typedef struct
{
  const char * const *annotators;   /* NULL-terminated; NULL = every annotator with work in
                                     * the documents except adjudication layers */
  const gint64       *documents;    /* n_documents ids; NULL = every document */
  guint               n_documents;
} HashiyaAgreementOptions;

/* options may be NULL. INVALID when fewer than two annotators are compared or a named
 * annotator has no spans or judgements in the project; NOT_FOUND for a missing document. */
HashiyaAgreement *hashiya_agreement_compute (HashiyaStore                  *store,
                                             const HashiyaAgreementOptions *options,
                                             GError                       **error);

const HashiyaPairAgreement *hashiya_agreement_get_pair (const HashiyaAgreement *agreement,
                                                        const char             *a,
                                                        const char             *b);

/* The --json object of `hashiya-cli agreement` (pretty when pretty). */
char *hashiya_agreement_to_json   (const HashiyaAgreement *agreement, gboolean pretty);
/* Readable tables (translated headings). */
char *hashiya_agreement_to_string (const HashiyaAgreement *agreement);

/* ---- the statistics alone, on category codes (>= 0; -1 = missing) ------------- */

/* Cohen's kappa of two codings of n items (items where either is missing are skipped).
 * n_out / observed_out may be NULL. NaN when undefined. */
double hashiya_cohen_kappa (const int *a,
                            const int *b,
                            guint      n,
                            guint     *n_out,
                            double    *observed_out);
/* Krippendorff's alpha (nominal) of values[unit * n_coders + coder]. n_pairable may be NULL. */
double hashiya_krippendorff_alpha_nominal (const int *values,
                                           guint      n_units,
                                           guint      n_coders,
                                           guint     *n_pairable);

/* Overlap matching of two span lists of one document and one label: the size of a maximum
 * one-to-one matching between a's and b's ranges where matched ranges intersect.
 * starts/ends are [start, end) pairs. */
guint  hashiya_overlap_matching (const gint64 *a_starts, const gint64 *a_ends, guint n_a,
                                 const gint64 *b_starts, const gint64 *b_ends, guint n_b);

G_END_DECLS
