/* hashiya-agreement.c: inter-annotator agreement over a project (definitions in the header)
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "hashiya-agreement.h"

#include <inttypes.h>
#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

static const char * const field_names[HASHIYA_N_FIELDS] = {
  "sentiment", "offensive", "hate_speech", "decision",
};

const char *
hashiya_judgement_field_to_string (HashiyaJudgementField field)
{
  g_return_val_if_fail (field < HASHIYA_N_FIELDS, NULL);
  return field_names[field];
}

int
hashiya_judgement_field_value (const HashiyaJudgement *j,
                               HashiyaJudgementField   field)
{
  g_return_val_if_fail (j != NULL, -1);

  switch (field)
    {
    case HASHIYA_FIELD_SENTIMENT:
      return j->sentiment == HASHIYA_SENTIMENT_NONE ? -1 : (int) j->sentiment;
    case HASHIYA_FIELD_OFFENSIVE:
      return j->offensive < 0 ? -1 : !!j->offensive;
    case HASHIYA_FIELD_HATE_SPEECH:
      return j->hate_speech < 0 ? -1 : !!j->hate_speech;
    case HASHIYA_FIELD_DECISION:
      return j->decision == HASHIYA_DECISION_NONE ? -1 : (int) j->decision;
    default:
      g_return_val_if_reached (-1);
    }
}

void
hashiya_prf_compute (HashiyaPrf *prf)
{
  g_return_if_fail (prf != NULL);
  prf->precision = prf->tp + prf->fp > 0 ? (double) prf->tp / (prf->tp + prf->fp) : NAN;
  prf->recall = prf->tp + prf->fn > 0 ? (double) prf->tp / (prf->tp + prf->fn) : NAN;
  prf->f1 = 2 * prf->tp + prf->fp + prf->fn > 0
    ? 2.0 * prf->tp / (2.0 * prf->tp + prf->fp + prf->fn) : NAN;
}

/* ---- the statistics ------------------------------------------------------------- */

static int
max_code (const int *values,
          gsize      n)
{
  int max = -1;

  for (gsize i = 0; i < n; i++)
    max = MAX (max, values[i]);
  return max;
}

double
hashiya_cohen_kappa (const int *a,
                     const int *b,
                     guint      n,
                     guint     *n_out,
                     double    *observed_out)
{
  int k = MAX (max_code (a, n), max_code (b, n)) + 1;
  g_autofree guint *ma = g_new0 (guint, MAX (k, 1));
  g_autofree guint *mb = g_new0 (guint, MAX (k, 1));
  guint items = 0, agreed = 0;
  double po, pe = 0;

  for (guint i = 0; i < n; i++)
    {
      if (a[i] < 0 || b[i] < 0)
        continue;
      items++;
      agreed += a[i] == b[i];
      ma[a[i]]++;
      mb[b[i]]++;
    }
  if (n_out != NULL)
    *n_out = items;
  if (items == 0)
    {
      if (observed_out != NULL)
        *observed_out = NAN;
      return NAN;
    }
  po = (double) agreed / items;
  if (observed_out != NULL)
    *observed_out = po;
  for (int c = 0; c < k; c++)
    pe += ((double) ma[c] / items) * ((double) mb[c] / items);
  if (pe >= 1.0)
    return NAN;
  return (po - pe) / (1.0 - pe);
}

double
hashiya_krippendorff_alpha_nominal (const int *values,
                                    guint      n_units,
                                    guint      n_coders,
                                    guint     *n_pairable)
{
  int k = max_code (values, (gsize) n_units * n_coders) + 1;
  g_autofree double *o = NULL;
  g_autofree double *nc = NULL;
  double n = 0, disagree = 0, expected = 0;

  if (n_pairable != NULL)
    *n_pairable = 0;
  if (k <= 0)
    return NAN;
  o = g_new0 (double, (gsize) k * k);
  nc = g_new0 (double, k);

  for (guint u = 0; u < n_units; u++)
    {
      const int *row = values + (gsize) u * n_coders;
      guint m = 0;

      for (guint i = 0; i < n_coders; i++)
        m += row[i] >= 0;
      if (m < 2)
        continue;
      for (guint i = 0; i < n_coders; i++)
        for (guint j = 0; j < n_coders; j++)
          if (i != j && row[i] >= 0 && row[j] >= 0)
            o[row[i] * k + row[j]] += 1.0 / (m - 1);
    }

  for (int c = 0; c < k; c++)
    for (int d = 0; d < k; d++)
      {
        nc[c] += o[c * k + d];
        if (c != d)
          disagree += o[c * k + d];
      }
  for (int c = 0; c < k; c++)
    n += nc[c];
  for (int c = 0; c < k; c++)
    for (int d = 0; d < k; d++)
      if (c != d)
        expected += nc[c] * nc[d];

  if (n_pairable != NULL)
    *n_pairable = (guint) llround (n);
  if (n < 2 || expected <= 0)
    return NAN;
  return 1.0 - (n - 1) * disagree / expected;
}

/* Kuhn's augmenting paths: b_match[j] is the a index matched to b's j, or -1. */
static gboolean
augment (guint          i,
         const gint64  *a_starts,
         const gint64  *a_ends,
         const gint64  *b_starts,
         const gint64  *b_ends,
         guint          n_b,
         gboolean      *seen,
         int           *b_match)
{
  for (guint j = 0; j < n_b; j++)
    {
      if (seen[j] || !(a_starts[i] < b_ends[j] && b_starts[j] < a_ends[i]))
        continue;
      seen[j] = TRUE;
      if (b_match[j] < 0
          || augment (b_match[j], a_starts, a_ends, b_starts, b_ends, n_b, seen, b_match))
        {
          b_match[j] = i;
          return TRUE;
        }
    }
  return FALSE;
}

guint
hashiya_overlap_matching (const gint64 *a_starts,
                          const gint64 *a_ends,
                          guint         n_a,
                          const gint64 *b_starts,
                          const gint64 *b_ends,
                          guint         n_b)
{
  g_autofree int *b_match = g_new (int, MAX (n_b, 1));
  g_autofree gboolean *seen = g_new (gboolean, MAX (n_b, 1));
  guint size = 0;

  for (guint j = 0; j < n_b; j++)
    b_match[j] = -1;
  for (guint i = 0; i < n_a; i++)
    {
      memset (seen, 0, sizeof (gboolean) * MAX (n_b, 1));
      if (augment (i, a_starts, a_ends, b_starts, b_ends, n_b, seen, b_match))
        size++;
    }
  return size;
}

/* ---- results ----------------------------------------------------------------------- */

static void
label_agreement_free (gpointer data)
{
  HashiyaLabelAgreement *row = data;

  g_free (row->label);
  g_free (row);
}

static void
pair_free (gpointer data)
{
  HashiyaPairAgreement *pair = data;

  g_free (pair->a);
  g_free (pair->b);
  g_clear_pointer (&pair->per_label, g_ptr_array_unref);
  g_free (pair);
}

void
hashiya_agreement_free (HashiyaAgreement *agreement)
{
  if (agreement == NULL)
    return;
  g_clear_pointer (&agreement->annotators, g_ptr_array_unref);
  g_clear_pointer (&agreement->pairs, g_ptr_array_unref);
  g_free (agreement);
}

const HashiyaPairAgreement *
hashiya_agreement_get_pair (const HashiyaAgreement *agreement,
                            const char             *a,
                            const char             *b)
{
  g_return_val_if_fail (agreement != NULL, NULL);

  for (guint i = 0; i < agreement->pairs->len; i++)
    {
      const HashiyaPairAgreement *pair = g_ptr_array_index (agreement->pairs, i);

      if (g_strcmp0 (pair->a, a) == 0 && g_strcmp0 (pair->b, b) == 0)
        return pair;
    }
  return NULL;
}

/* ---- computing over a store ------------------------------------------------------- */

/* One annotator's spans of one label in one document, as ranges sorted by start. */
typedef struct
{
  GArray *starts;   /* gint64 */
  GArray *ends;
} Ranges;

static void
ranges_free (gpointer data)
{
  Ranges *r = data;

  g_array_unref (r->starts);
  g_array_unref (r->ends);
  g_free (r);
}

static HashiyaLabelAgreement *
pair_label (HashiyaPairAgreement *pair,
            GHashTable           *rows,
            const char           *label)
{
  HashiyaLabelAgreement *row = g_hash_table_lookup (rows, label);

  if (row == NULL)
    {
      row = g_new0 (HashiyaLabelAgreement, 1);
      row->label = g_strdup (label);
      g_hash_table_insert (rows, row->label, row);
      g_ptr_array_add (pair->per_label, row);
    }
  return row;
}

static guint
count_exact (const Ranges *a,
             const Ranges *b)
{
  g_autoptr(GHashTable) set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint n = 0;

  for (guint i = 0; i < a->starts->len; i++)
    g_hash_table_add (set, g_strdup_printf ("%" PRId64 ":%" PRId64,
                                            g_array_index (a->starts, gint64, i),
                                            g_array_index (a->ends, gint64, i)));
  for (guint j = 0; j < b->starts->len; j++)
    {
      g_autofree char *key = g_strdup_printf ("%" PRId64 ":%" PRId64,
                                              g_array_index (b->starts, gint64, j),
                                              g_array_index (b->ends, gint64, j));
      n += g_hash_table_contains (set, key);
    }
  return n;
}

/* Adds one document's spans of a and b (label -> Ranges, either may be NULL). */
static void
add_document_spans (HashiyaPairAgreement *pair,
                    GHashTable           *rows,
                    GHashTable           *a_labels,
                    GHashTable           *b_labels)
{
  g_autoptr(GHashTable) labels = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  gpointer key;

  if (a_labels != NULL)
    {
      g_hash_table_iter_init (&iter, a_labels);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        g_hash_table_add (labels, key);
    }
  if (b_labels != NULL)
    {
      g_hash_table_iter_init (&iter, b_labels);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        g_hash_table_add (labels, key);
    }

  g_hash_table_iter_init (&iter, labels);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      const char *label = key;
      Ranges *ra = a_labels ? g_hash_table_lookup (a_labels, label) : NULL;
      Ranges *rb = b_labels ? g_hash_table_lookup (b_labels, label) : NULL;
      guint na = ra ? ra->starts->len : 0;
      guint nb = rb ? rb->starts->len : 0;
      guint exact = ra && rb ? count_exact (ra, rb) : 0;
      guint overlap = ra && rb
        ? hashiya_overlap_matching ((gint64 *) ra->starts->data, (gint64 *) ra->ends->data, na,
                                    (gint64 *) rb->starts->data, (gint64 *) rb->ends->data, nb)
        : 0;
      HashiyaLabelAgreement *row = pair_label (pair, rows, label);

      row->exact.tp += exact;
      row->exact.fp += nb - exact;
      row->exact.fn += na - exact;
      row->overlap.tp += overlap;
      row->overlap.fp += nb - overlap;
      row->overlap.fn += na - overlap;
    }
}

static int
compare_label_rows (gconstpointer a,
                    gconstpointer b)
{
  const HashiyaLabelAgreement *ra = *(HashiyaLabelAgreement * const *) a;
  const HashiyaLabelAgreement *rb = *(HashiyaLabelAgreement * const *) b;

  return strcmp (ra->label, rb->label);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static gboolean
str_array_contains (GPtrArray  *array,
                    const char *s)
{
  for (guint i = 0; i < array->len; i++)
    if (g_str_equal (g_ptr_array_index (array, i), s))
      return TRUE;
  return FALSE;
}

HashiyaAgreement *
hashiya_agreement_compute (HashiyaStore                  *store,
                           const HashiyaAgreementOptions *options,
                           GError                       **error)
{
  g_autoptr(HashiyaAgreement) result = NULL;
  g_autoptr(GArray) doc_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  /* per document: annotator -> (label -> Ranges) */
  g_autoptr(GPtrArray) doc_spans = g_ptr_array_new_with_free_func ((GDestroyNotify) g_hash_table_unref);
  /* judgement values: per unit (comment), per annotator index, per field */
  g_autoptr(GPtrArray) unit_judgements = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GHashTable) with_work = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) annotators = g_ptr_array_new_with_free_func (g_free);
  guint n_ann, n_units;

  g_return_val_if_fail (HASHIYA_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  result = g_new0 (HashiyaAgreement, 1);

  if (options != NULL && options->documents != NULL)
    {
      for (guint i = 0; i < options->n_documents; i++)
        {
          g_autoptr(HashiyaDocument) doc = hashiya_store_get_document (store, options->documents[i],
                                                                       error);
          if (doc == NULL)
            return NULL;
          g_array_append_val (doc_ids, doc->id);
        }
    }
  else
    {
      g_autoptr(GPtrArray) docs = hashiya_store_list_documents (store, error);

      if (docs == NULL)
        return NULL;
      for (guint i = 0; i < docs->len; i++)
        g_array_append_val (doc_ids, ((HashiyaDocument *) g_ptr_array_index (docs, i))->id);
    }

  /* Read every document once. */
  for (guint d = 0; d < doc_ids->len; d++)
    {
      gint64 doc_id = g_array_index (doc_ids, gint64, d);
      g_autoptr(GPtrArray) spans = hashiya_store_list_spans (store, doc_id, error);
      g_autoptr(GPtrArray) judgements = NULL;
      g_autoptr(GHashTable) by_annotator = NULL;
      g_autoptr(GHashTable) units = NULL;
      g_autoptr(HashiyaDocument) doc = hashiya_store_get_document (store, doc_id, error);

      if (spans == NULL || doc == NULL
          || (judgements = hashiya_store_list_judgements (store, doc_id, error)) == NULL)
        return NULL;
      result->n_comments += doc->n_comments;

      by_annotator = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify) g_hash_table_unref);
      for (guint i = 0; i < spans->len; i++)
        {
          HashiyaSpan *span = g_ptr_array_index (spans, i);
          GHashTable *labels = g_hash_table_lookup (by_annotator, span->annotator);
          Ranges *ranges;

          if (labels == NULL)
            {
              labels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, ranges_free);
              g_hash_table_insert (by_annotator, g_strdup (span->annotator), labels);
            }
          ranges = g_hash_table_lookup (labels, span->label);
          if (ranges == NULL)
            {
              ranges = g_new0 (Ranges, 1);
              ranges->starts = g_array_new (FALSE, FALSE, sizeof (gint64));
              ranges->ends = g_array_new (FALSE, FALSE, sizeof (gint64));
              g_hash_table_insert (labels, g_strdup (span->label), ranges);
            }
          g_array_append_val (ranges->starts, span->start);
          g_array_append_val (ranges->ends, span->end);
          g_hash_table_add (with_work, g_strdup (span->annotator));
        }
      g_ptr_array_add (doc_spans, g_steal_pointer (&by_annotator));

      /* judgements are ordered by comment: one unit per judged comment */
      {
        GPtrArray *unit = NULL;
        int last = 0;

        for (guint i = 0; i < judgements->len; i++)
          {
            HashiyaJudgement *j = g_ptr_array_index (judgements, i);

            if (unit == NULL || j->comment_index != last)
              {
                unit = g_ptr_array_new_with_free_func ((GDestroyNotify) hashiya_judgement_free);
                g_ptr_array_add (unit_judgements, unit);
                last = j->comment_index;
              }
            g_ptr_array_add (unit, hashiya_judgement_copy (j));
            g_hash_table_add (with_work, g_strdup (j->annotator));
          }
      }
      result->n_documents++;
    }

  /* Which annotators. */
  if (options != NULL && options->annotators != NULL)
    {
      g_autoptr(GPtrArray) known = hashiya_store_list_annotators (store, error);

      if (known == NULL)
        return NULL;
      for (guint i = 0; options->annotators[i] != NULL; i++)
        {
          const char *name = options->annotators[i];

          if (!str_array_contains (known, name))
            {
              g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_INVALID,
                           _("annotator “%s” has no spans or judgements in %s"),
                           name, hashiya_store_get_path (store));
              return NULL;
            }
          if (!str_array_contains (annotators, name))
            g_ptr_array_add (annotators, g_strdup (name));
        }
    }
  else
    {
      g_autoptr(GPtrArray) layers = hashiya_store_list_layers (store, error);
      GHashTableIter iter;
      gpointer key;

      if (layers == NULL)
        return NULL;
      g_hash_table_iter_init (&iter, with_work);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        if (!str_array_contains (layers, key))
          g_ptr_array_add (annotators, g_strdup (key));
    }
  g_ptr_array_sort (annotators, compare_strings);
  n_ann = annotators->len;
  if (n_ann < 2)
    {
      g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_INVALID,
                   _("agreement needs at least two annotators with work in %s (found %u)"),
                   hashiya_store_get_path (store), n_ann);
      return NULL;
    }

  /* The judgement matrix: values[field][unit * n_ann + annotator], -1 missing. */
  n_units = unit_judgements->len;
  int *values[HASHIYA_N_FIELDS] = { NULL };
  for (int f = 0; f < HASHIYA_N_FIELDS; f++)
    {
      values[f] = g_new (int, MAX ((gsize) n_units * n_ann, 1));
      for (gsize i = 0; i < (gsize) n_units * n_ann; i++)
        values[f][i] = -1;
    }
  for (guint u = 0; u < n_units; u++)
    {
      GPtrArray *unit = g_ptr_array_index (unit_judgements, u);

      for (guint i = 0; i < unit->len; i++)
        {
          HashiyaJudgement *j = g_ptr_array_index (unit, i);

          for (guint k = 0; k < n_ann; k++)
            if (g_str_equal (j->annotator, g_ptr_array_index (annotators, k)))
              for (int f = 0; f < HASHIYA_N_FIELDS; f++)
                values[f][(gsize) u * n_ann + k] = hashiya_judgement_field_value (j, f);
        }
    }

  result->pairs = g_ptr_array_new_with_free_func (pair_free);
  for (guint i = 0; i < n_ann; i++)
    for (guint k = i + 1; k < n_ann; k++)
      {
        HashiyaPairAgreement *pair = g_new0 (HashiyaPairAgreement, 1);
        g_autoptr(GHashTable) rows = g_hash_table_new (g_str_hash, g_str_equal);
        const char *a = g_ptr_array_index (annotators, i);
        const char *b = g_ptr_array_index (annotators, k);

        pair->a = g_strdup (a);
        pair->b = g_strdup (b);
        pair->per_label = g_ptr_array_new_with_free_func (label_agreement_free);
        g_ptr_array_add (result->pairs, pair);

        for (guint d = 0; d < doc_spans->len; d++)
          {
            GHashTable *by_annotator = g_ptr_array_index (doc_spans, d);

            add_document_spans (pair, rows, g_hash_table_lookup (by_annotator, a),
                                g_hash_table_lookup (by_annotator, b));
          }
        g_ptr_array_sort (pair->per_label, compare_label_rows);
        for (guint l = 0; l < pair->per_label->len; l++)
          {
            HashiyaLabelAgreement *row = g_ptr_array_index (pair->per_label, l);

            hashiya_prf_compute (&row->exact);
            hashiya_prf_compute (&row->overlap);
            pair->exact.tp += row->exact.tp;
            pair->exact.fp += row->exact.fp;
            pair->exact.fn += row->exact.fn;
            pair->overlap.tp += row->overlap.tp;
            pair->overlap.fp += row->overlap.fp;
            pair->overlap.fn += row->overlap.fn;
          }
        hashiya_prf_compute (&pair->exact);
        hashiya_prf_compute (&pair->overlap);

        for (int f = 0; f < HASHIYA_N_FIELDS; f++)
          {
            g_autofree int *ca = g_new (int, MAX (n_units, 1));
            g_autofree int *cb = g_new (int, MAX (n_units, 1));
            HashiyaFieldAgreement *fa = &pair->fields[f];

            for (guint u = 0; u < n_units; u++)
              {
                ca[u] = values[f][(gsize) u * n_ann + i];
                cb[u] = values[f][(gsize) u * n_ann + k];
              }
            fa->kappa = hashiya_cohen_kappa (ca, cb, n_units, &fa->n, &fa->observed);
            fa->n_agreed = fa->n > 0 ? (guint) llround (fa->observed * fa->n) : 0;
          }
      }

  for (int f = 0; f < HASHIYA_N_FIELDS; f++)
    result->alpha[f] = hashiya_krippendorff_alpha_nominal (values[f], n_units, n_ann,
                                                           &result->alpha_n[f]);
  for (int f = 0; f < HASHIYA_N_FIELDS; f++)
    g_free (values[f]);

  result->annotators = g_steal_pointer (&annotators);
  return g_steal_pointer (&result);
}

/* ---- output ------------------------------------------------------------------------ */

static void
add_number (JsonBuilder *builder,
            const char  *name,
            double       value)
{
  json_builder_set_member_name (builder, name);
  if (isnan (value))
    json_builder_add_null_value (builder);
  else
    json_builder_add_double_value (builder, value);
}

static void
add_prf (JsonBuilder      *builder,
         const char       *name,
         const HashiyaPrf *prf)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "tp");
  json_builder_add_int_value (builder, prf->tp);
  json_builder_set_member_name (builder, "fp");
  json_builder_add_int_value (builder, prf->fp);
  json_builder_set_member_name (builder, "fn");
  json_builder_add_int_value (builder, prf->fn);
  add_number (builder, "precision", prf->precision);
  add_number (builder, "recall", prf->recall);
  add_number (builder, "f1", prf->f1);
  json_builder_end_object (builder);
}

char *
hashiya_agreement_to_json (const HashiyaAgreement *agreement,
                           gboolean                pretty)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (agreement != NULL, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "annotators");
  json_builder_begin_array (builder);
  for (guint i = 0; i < agreement->annotators->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (agreement->annotators, i));
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "pairs");
  json_builder_begin_array (builder);
  for (guint p = 0; p < agreement->pairs->len; p++)
    {
      const HashiyaPairAgreement *pair = g_ptr_array_index (agreement->pairs, p);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "a");
      json_builder_add_string_value (builder, pair->a);
      json_builder_set_member_name (builder, "b");
      json_builder_add_string_value (builder, pair->b);

      json_builder_set_member_name (builder, "spans");
      json_builder_begin_object (builder);
      add_prf (builder, "exact", &pair->exact);
      add_prf (builder, "overlap", &pair->overlap);
      json_builder_set_member_name (builder, "per_label");
      json_builder_begin_object (builder);
      for (guint l = 0; l < pair->per_label->len; l++)
        {
          const HashiyaLabelAgreement *row = g_ptr_array_index (pair->per_label, l);

          json_builder_set_member_name (builder, row->label);
          json_builder_begin_object (builder);
          add_prf (builder, "exact", &row->exact);
          add_prf (builder, "overlap", &row->overlap);
          json_builder_end_object (builder);
        }
      json_builder_end_object (builder);
      json_builder_end_object (builder);

      json_builder_set_member_name (builder, "comments");
      json_builder_begin_object (builder);
      for (int f = 0; f < HASHIYA_N_FIELDS; f++)
        {
          json_builder_set_member_name (builder, field_names[f]);
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "n");
          json_builder_add_int_value (builder, pair->fields[f].n);
          add_number (builder, "observed", pair->fields[f].observed);
          add_number (builder, "kappa", pair->fields[f].kappa);
          json_builder_end_object (builder);
        }
      json_builder_end_object (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "alpha");
  json_builder_begin_object (builder);
  for (int f = 0; f < HASHIYA_N_FIELDS; f++)
    add_number (builder, field_names[f], agreement->alpha[f]);
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, pretty);
  return json_generator_to_data (gen, NULL);
}

static char *
fmt (double value)
{
  if (isnan (value))
    return g_strdup ("–");
  return g_strdup_printf ("%.3f", value);
}

static void
append_prf (GString          *out,
            const HashiyaPrf *prf)
{
  g_autofree char *p = fmt (prf->precision);
  g_autofree char *r = fmt (prf->recall);
  g_autofree char *f = fmt (prf->f1);

  g_string_append_printf (out, " %5u %5u %5u %6s %6s %6s", prf->tp, prf->fp, prf->fn, p, r, f);
}

/* pads by characters (names may be Arabic) */
static void
append_padded (GString    *out,
               const char *text,
               int         width)
{
  glong n = g_utf8_strlen (text, -1);

  g_string_append (out, text);
  for (glong i = n; i < width; i++)
    g_string_append_c (out, ' ');
}

char *
hashiya_agreement_to_string (const HashiyaAgreement *agreement)
{
  GString *out = g_string_new (NULL);
  g_autoptr(GString) names = g_string_new (NULL);

  g_return_val_if_fail (agreement != NULL, NULL);

  for (guint i = 0; i < agreement->annotators->len; i++)
    g_string_append_printf (names, "%s%s", i ? ", " : "",
                            (char *) g_ptr_array_index (agreement->annotators, i));
  g_string_append_printf (out, _("Annotators: %s (%u documents, %u comments)\n\n"),
                          names->str, agreement->n_documents, agreement->n_comments);

  g_string_append_printf (out, "%s\n", _("Spans (a is the reference, b the response):"));
  append_padded (out, "", 25);
  append_padded (out, _("exact boundaries"), 41);
  g_string_append_printf (out, "%s\n", _("overlap"));
  append_padded (out, _("pair / label"), 24);
  for (int k = 0; k < 2; k++)
    g_string_append_printf (out, "%s %5s %5s %5s %6s %6s %6s", k ? " " : "", "TP", "FP", "FN",
                            "P", "R", "F1");
  g_string_append_c (out, '\n');
  for (guint p = 0; p < agreement->pairs->len; p++)
    {
      const HashiyaPairAgreement *pair = g_ptr_array_index (agreement->pairs, p);
      g_autofree char *title = g_strdup_printf ("%s / %s", pair->a, pair->b);

      append_padded (out, title, 24);
      append_prf (out, &pair->exact);
      g_string_append (out, "  ");
      append_prf (out, &pair->overlap);
      g_string_append_c (out, '\n');
      for (guint l = 0; l < pair->per_label->len; l++)
        {
          const HashiyaLabelAgreement *row = g_ptr_array_index (pair->per_label, l);
          g_autofree char *label = g_strdup_printf ("  %s", row->label);

          append_padded (out, label, 24);
          append_prf (out, &row->exact);
          g_string_append (out, "  ");
          append_prf (out, &row->overlap);
          g_string_append_c (out, '\n');
        }
    }

  g_string_append_printf (out, "\n%s\n", _("Comment judgements (items both judged, observed agreement, Cohen's kappa):"));
  append_padded (out, _("pair"), 24);
  for (int f = 0; f < HASHIYA_N_FIELDS; f++)
    g_string_append_printf (out, " %-22s", field_names[f]);
  g_string_append_c (out, '\n');
  for (guint p = 0; p < agreement->pairs->len; p++)
    {
      const HashiyaPairAgreement *pair = g_ptr_array_index (agreement->pairs, p);
      g_autofree char *title = g_strdup_printf ("%s / %s", pair->a, pair->b);

      append_padded (out, title, 24);
      for (int f = 0; f < HASHIYA_N_FIELDS; f++)
        {
          g_autofree char *o = fmt (pair->fields[f].observed);
          g_autofree char *k = fmt (pair->fields[f].kappa);
          g_autofree char *cell = g_strdup_printf ("%u %s %s", pair->fields[f].n, o, k);

          g_string_append_c (out, ' ');
          append_padded (out, cell, 22);
        }
      g_string_append_c (out, '\n');
    }

  g_string_append_printf (out, "\n%s\n", _("Krippendorff's alpha (nominal, all annotators):"));
  for (int f = 0; f < HASHIYA_N_FIELDS; f++)
    {
      g_autofree char *a = fmt (agreement->alpha[f]);

      g_string_append_printf (out, "  %-12s %6s  ", field_names[f], a);
      g_string_append_printf (out, _("(%u pairable values)"), agreement->alpha_n[f]);
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}
