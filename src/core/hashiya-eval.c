/* hashiya-eval.c: exact-match phrase precision, recall and F1 (conlleval's definition)
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Both sides become sets of phrases (document, start, end, label) and are compared by
 * a merge of the two sorted sets. For two CoNLL files the positions are character offsets
 * into the concatenated token text, so two files that hold the same characters but split
 * a token differently still compare (the difference is noted); different characters are
 * an error naming both lines.
 */
#include "config.h"

#include "hashiya-eval.h"

#include <inttypes.h>
#include <string.h>
#include <glib/gi18n-lib.h>

G_DEFINE_QUARK (hashiya-eval-error-quark, hashiya_eval_error)

void
hashiya_eval_options_init (HashiyaEvalOptions *options)
{
  g_return_if_fail (options != NULL);
  memset (options, 0, sizeof *options);
  options->tag_column = -1;
  options->scheme = HASHIYA_SCHEME_AUTO;
}

static void
eval_row_free (gpointer data)
{
  HashiyaEvalRow *row = data;

  g_free (row->label);
  g_free (row);
}

void
hashiya_eval_result_free (HashiyaEvalResult *result)
{
  if (result == NULL)
    return;
  g_clear_pointer (&result->rows, g_ptr_array_unref);
  g_clear_pointer (&result->messages, g_ptr_array_unref);
  g_free (result->overall.label);
  g_free (result);
}

const HashiyaEvalRow *
hashiya_eval_result_get_row (const HashiyaEvalResult *result,
                             const char              *label)
{
  g_return_val_if_fail (result != NULL && label != NULL, NULL);

  if (strcmp (label, "overall") == 0)
    return &result->overall;
  for (guint i = 0; i < result->rows->len; i++)
    {
      HashiyaEvalRow *row = g_ptr_array_index (result->rows, i);
      if (strcmp (row->label, label) == 0)
        return row;
    }
  return NULL;
}

static void
finish_row (HashiyaEvalRow *row)
{
  row->precision = row->n_pred ? 100.0 * row->n_correct / row->n_pred : 0.0;
  row->recall = row->n_gold ? 100.0 * row->n_correct / row->n_gold : 0.0;
  row->f1 = row->precision + row->recall > 0
            ? 2.0 * row->precision * row->recall / (row->precision + row->recall) : 0.0;
}

char *
hashiya_eval_result_to_string (const HashiyaEvalResult *result)
{
  GString *s = g_string_new (NULL);
  int w = 7;

  g_return_val_if_fail (result != NULL, NULL);

  for (guint i = 0; i < result->rows->len; i++)
    {
      HashiyaEvalRow *row = g_ptr_array_index (result->rows, i);
      w = MAX (w, (int) g_utf8_strlen (row->label, -1));
    }
  if (result->n_tokens)
    g_string_append_printf (s, "processed %u tokens with %u gold phrases; found %u phrases; "
                            "correct %u.\n", result->n_tokens, result->overall.n_gold,
                            result->overall.n_pred, result->overall.n_correct);
  else
    g_string_append_printf (s, "compared %u documents with %u gold phrases; found %u phrases; "
                            "correct %u.\n", result->n_documents, result->overall.n_gold,
                            result->overall.n_pred, result->overall.n_correct);
  g_string_append_printf (s, "%-*s %7s %7s %7s %9s %7s %7s\n", w, "label", "gold", "pred",
                          "correct", "precision", "recall", "F1");
  for (guint i = 0; i <= result->rows->len; i++)
    {
      const HashiyaEvalRow *row = i < result->rows->len ? g_ptr_array_index (result->rows, i)
                                                        : &result->overall;
      /* pad by characters, not bytes: labels may be Arabic */
      g_string_append (s, row->label);
      for (int k = g_utf8_strlen (row->label, -1); k < w; k++)
        g_string_append_c (s, ' ');
      g_string_append_printf (s, " %7u %7u %7u %9.2f %7.2f %7.2f\n",
                              row->n_gold, row->n_pred, row->n_correct,
                              row->precision, row->recall, row->f1);
    }
  g_string_append_printf (s, "overall F1: %.2f\n", result->overall.f1);
  for (guint i = 0; i < result->messages->len; i++)
    g_string_append_printf (s, "note: %s\n", (char *) g_ptr_array_index (result->messages, i));
  return g_string_free (s, FALSE);
}

/* ---- phrase sets ---------------------------------------------------------- */

typedef struct
{
  gint64      doc;
  gint64      start;
  gint64      end;
  const char *label;   /* interned */
} Phrase;

static int
compare_phrases (gconstpointer a, gconstpointer b)
{
  const Phrase *x = a, *y = b;

  if (x->doc != y->doc)
    return x->doc < y->doc ? -1 : 1;
  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  if (x->end != y->end)
    return x->end < y->end ? -1 : 1;
  return strcmp (x->label, y->label);
}

static void
sort_unique (GArray *phrases)
{
  guint out = 0;

  g_array_sort (phrases, compare_phrases);
  for (guint i = 0; i < phrases->len; i++)
    {
      Phrase *p = &g_array_index (phrases, Phrase, i);
      if (out > 0 && compare_phrases (&g_array_index (phrases, Phrase, out - 1), p) == 0)
        continue;
      g_array_index (phrases, Phrase, out++) = *p;
    }
  g_array_set_size (phrases, out);
}

static HashiyaEvalRow *
row_for (GHashTable *rows, const char *label)
{
  HashiyaEvalRow *row = g_hash_table_lookup (rows, label);

  if (row == NULL)
    {
      row = g_new0 (HashiyaEvalRow, 1);
      row->label = g_strdup (label);
      g_hash_table_insert (rows, (gpointer) label, row);
    }
  return row;
}

static int
compare_rows (gconstpointer a, gconstpointer b)
{
  const HashiyaEvalRow *x = *(const HashiyaEvalRow * const *) a;
  const HashiyaEvalRow *y = *(const HashiyaEvalRow * const *) b;

  return strcmp (x->label, y->label);
}

/* Takes the two phrase arrays (sorted and deduplicated here). */
static HashiyaEvalResult *
compare_sets (GArray *gold, GArray *pred, GPtrArray *messages)
{
  HashiyaEvalResult *result = g_new0 (HashiyaEvalResult, 1);
  g_autoptr(GHashTable) rows = g_hash_table_new (NULL, NULL);
  GHashTableIter iter;
  gpointer value;
  guint i = 0, j = 0;

  sort_unique (gold);
  sort_unique (pred);
  while (i < gold->len || j < pred->len)
    {
      Phrase *g = i < gold->len ? &g_array_index (gold, Phrase, i) : NULL;
      Phrase *p = j < pred->len ? &g_array_index (pred, Phrase, j) : NULL;
      int c = g == NULL ? 1 : p == NULL ? -1 : compare_phrases (g, p);

      if (c == 0)
        {
          HashiyaEvalRow *row = row_for (rows, g->label);
          row->n_gold++;
          row->n_pred++;
          row->n_correct++;
          i++;
          j++;
        }
      else if (c < 0)
        {
          row_for (rows, g->label)->n_gold++;
          i++;
        }
      else
        {
          row_for (rows, p->label)->n_pred++;
          j++;
        }
    }

  result->rows = g_ptr_array_new_with_free_func (eval_row_free);
  result->overall.label = g_strdup ("overall");
  g_hash_table_iter_init (&iter, rows);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      HashiyaEvalRow *row = value;
      finish_row (row);
      result->overall.n_gold += row->n_gold;
      result->overall.n_pred += row->n_pred;
      result->overall.n_correct += row->n_correct;
      g_ptr_array_add (result->rows, row);
    }
  g_ptr_array_sort (result->rows, compare_rows);
  finish_row (&result->overall);
  result->messages = messages ? g_ptr_array_ref (messages)
                              : g_ptr_array_new_with_free_func (g_free);
  return result;
}

/* ---- CoNLL files ---------------------------------------------------------- */

typedef struct
{
  HashiyaConllFile *file;
  GString          *concat;   /* tokens without separators */
  gsize            *starts;   /* byte offset of each row in concat, plus one past the end */
} Side;

static void
side_clear (Side *s)
{
  g_clear_pointer (&s->file, hashiya_conll_file_free);
  if (s->concat)
    g_string_free (s->concat, TRUE);
  s->concat = NULL;
  g_clear_pointer (&s->starts, g_free);
}

static gboolean
side_load (Side *s, const char *name, const char *data, gsize len,
           const HashiyaEvalOptions *options, GError **error)
{
  HashiyaImportOptions io;
  g_autoptr(GError) local = NULL;
  guint n;

  memset (&io, 0, sizeof io);
  io.tag_column = options->tag_column;
  io.scheme = options->scheme;
  io.aliases = options->aliases;

  s->file = hashiya_conll_read (name, data, len, &io, &local);
  if (s->file == NULL)
    {
      g_set_error (error, HASHIYA_EVAL_ERROR, HASHIYA_EVAL_ERROR_READ, "%s", local->message);
      return FALSE;
    }
  n = s->file->rows->len;
  s->concat = g_string_new (NULL);
  s->starts = g_new (gsize, n + 1);
  for (guint i = 0; i < n; i++)
    {
      HashiyaConllRow *row = g_ptr_array_index (s->file->rows, i);
      s->starts[i] = s->concat->len;
      g_string_append (s->concat, row->token);
    }
  s->starts[n] = s->concat->len;
  return TRUE;
}

/* The row holding byte offset pos of the concatenation. */
static guint
row_at (Side *s, gsize pos)
{
  guint lo = 0, hi = s->file->rows->len;

  while (hi - lo > 1)
    {
      guint mid = (lo + hi) / 2;
      if (s->starts[mid] <= pos)
        lo = mid;
      else
        hi = mid;
    }
  return lo;
}

static void
side_phrases (Side *s, GArray *out)
{
  g_autoptr(GArray) chunks = g_array_new (FALSE, FALSE, sizeof (HashiyaConllChunk));

  for (guint col = 0; col < s->file->n_columns; col++)
    {
      g_array_set_size (chunks, 0);
      hashiya_conll_chunks (s->file, 0, s->file->rows->len, col, chunks);
      for (guint k = 0; k < chunks->len; k++)
        {
          HashiyaConllChunk *ch = &g_array_index (chunks, HashiyaConllChunk, k);
          Phrase p = { 0, (gint64) s->starts[ch->first], (gint64) s->starts[ch->last + 1],
                       ch->type };
          g_array_append_val (out, p);
        }
    }
}

HashiyaEvalResult *
hashiya_eval_conll_data (const char               *gold_name,
                         const char               *gold_data,
                         gsize                     gold_len,
                         const char               *pred_name,
                         const char               *pred_data,
                         gsize                     pred_len,
                         const HashiyaEvalOptions *options,
                         GError                  **error)
{
  HashiyaEvalOptions defaults;
  Side g = { 0 }, p = { 0 };
  HashiyaEvalResult *result = NULL;
  g_autoptr(GArray) gp = g_array_new (FALSE, FALSE, sizeof (Phrase));
  g_autoptr(GArray) pp = g_array_new (FALSE, FALSE, sizeof (Phrase));
  GPtrArray *messages = g_ptr_array_new_with_free_func (g_free);

  if (options == NULL)
    {
      hashiya_eval_options_init (&defaults);
      options = &defaults;
    }
  if (!side_load (&g, gold_name, gold_data, gold_len, options, error)
      || !side_load (&p, pred_name, pred_data, pred_len, options, error))
    goto out;

  if (g.concat->len != p.concat->len || memcmp (g.concat->str, p.concat->str, g.concat->len) != 0)
    {
      gsize k = 0, n = MIN (g.concat->len, p.concat->len);
      while (k < n && g.concat->str[k] == p.concat->str[k])
        k++;
      /* back to a character start */
      while (k > 0 && (g.concat->str[k] & 0xC0) == 0x80)
        k--;
      if (k >= g.concat->len || k >= p.concat->len)
        {
          Side *longer = k >= g.concat->len ? &p : &g;
          HashiyaConllRow *row = g_ptr_array_index (longer->file->rows, row_at (longer, k));
          g_set_error (error, HASHIYA_EVAL_ERROR, HASHIYA_EVAL_ERROR_MISMATCH,
                       _("the files hold different tokens: %s ends where %s:%u still has “%s”"),
                       longer == &g ? pred_name : gold_name, longer == &g ? gold_name : pred_name,
                       row->line, row->token);
        }
      else
        {
          HashiyaConllRow *gr = g_ptr_array_index (g.file->rows, row_at (&g, k));
          HashiyaConllRow *pr = g_ptr_array_index (p.file->rows, row_at (&p, k));
          g_set_error (error, HASHIYA_EVAL_ERROR, HASHIYA_EVAL_ERROR_MISMATCH,
                       _("the files hold different tokens: %s:%u “%s” against %s:%u “%s”"),
                       gold_name, gr->line, gr->token, pred_name, pr->line, pr->token);
        }
      goto out;
    }

  /* same characters: are the tokens split the same way? */
  {
    guint i = 0, j = 0, n_diff = 0, first_g = 0, first_p = 0;
    guint ng = g.file->rows->len, np = p.file->rows->len;
    while (i < ng || j < np)
      {
        gsize a = i < ng ? g.starts[i] : G_MAXSIZE, b = j < np ? p.starts[j] : G_MAXSIZE;
        if (a == b)
          {
            i++;
            j++;
            continue;
          }
        if (n_diff++ == 0)
          {
            first_g = ((HashiyaConllRow *) g_ptr_array_index (g.file->rows, MIN (i, ng - 1)))->line;
            first_p = ((HashiyaConllRow *) g_ptr_array_index (p.file->rows, MIN (j, np - 1)))->line;
          }
        if (a < b)
          i++;
        else
          j++;
      }
    if (n_diff > 0)
      g_ptr_array_add (messages,
                       g_strdup_printf (_("the same text is split into tokens differently in %u "
                                        "places (first near %s:%u and %s:%u); phrases are "
                                        "compared by character position"), n_diff, gold_name,
                                        first_g, pred_name, first_p));
  }

  side_phrases (&g, gp);
  side_phrases (&p, pp);
  result = compare_sets (gp, pp, messages);
  result->n_tokens = g.file->rows->len;
  result->n_documents = g.file->n_documents;

out:
  g_ptr_array_unref (messages);
  side_clear (&g);
  side_clear (&p);
  return result;
}

static gboolean
read_file (const char *path, char **data, gsize *len, GError **error)
{
  g_autoptr(GError) local = NULL;

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, HASHIYA_EVAL_ERROR, HASHIYA_EVAL_ERROR_READ,
                   _("%s: is a folder, not a CoNLL file"), path);
      return FALSE;
    }
  if (!g_file_get_contents (path, data, len, &local))
    {
      g_set_error (error, HASHIYA_EVAL_ERROR, HASHIYA_EVAL_ERROR_READ, "%s", local->message);
      return FALSE;
    }
  return TRUE;
}

HashiyaEvalResult *
hashiya_eval_conll_files (const char               *gold_path,
                          const char               *pred_path,
                          const HashiyaEvalOptions *options,
                          GError                  **error)
{
  g_autofree char *gd = NULL, *pd = NULL;
  gsize gl = 0, pl = 0;

  g_return_val_if_fail (gold_path != NULL && pred_path != NULL, NULL);

  if (!read_file (gold_path, &gd, &gl, error) || !read_file (pred_path, &pd, &pl, error))
    return NULL;
  return hashiya_eval_conll_data (gold_path, gd, gl, pred_path, pd, pl, options, error);
}

/* ---- projects ------------------------------------------------------------- */

static gboolean
store_phrases (HashiyaStore *store, GPtrArray *docs, GHashTable *doc_key, const char *annotator,
               GHashTable *aliases, GArray *out, guint *n_annotator_spans, GError **error)
{
  for (guint d = 0; d < docs->len; d++)
    {
      HashiyaDocument *doc = g_ptr_array_index (docs, d);
      g_autoptr(GPtrArray) spans = hashiya_store_list_spans (store, doc->id, error);
      gint64 key = GPOINTER_TO_SIZE (g_hash_table_lookup (doc_key, doc));

      if (spans == NULL)
        return FALSE;
      for (guint s = 0; s < spans->len; s++)
        {
          HashiyaSpan *span = g_ptr_array_index (spans, s);
          const char *label = span->label;
          Phrase p;

          if (annotator && g_strcmp0 (span->annotator, annotator) != 0)
            continue;
          (*n_annotator_spans)++;
          if (aliases && g_hash_table_lookup (aliases, label))
            label = g_hash_table_lookup (aliases, label);
          p.doc = key;
          p.start = span->start;
          p.end = span->end;
          p.label = g_intern_string (label);
          g_array_append_val (out, p);
        }
    }
  return TRUE;
}

HashiyaEvalResult *
hashiya_eval_stores (HashiyaStore             *gold,
                     HashiyaStore             *pred,
                     const HashiyaEvalOptions *options,
                     GError                  **error)
{
  HashiyaEvalOptions defaults;
  g_autoptr(GPtrArray) gdocs = NULL, pdocs = NULL;
  g_autoptr(GHashTable) by_sha = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) gkey = g_hash_table_new (NULL, NULL);
  g_autoptr(GHashTable) pkey = g_hash_table_new (NULL, NULL);
  g_autoptr(GArray) gp = g_array_new (FALSE, FALSE, sizeof (Phrase));
  g_autoptr(GArray) pp = g_array_new (FALSE, FALSE, sizeof (Phrase));
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_free);
  guint n_gold_spans = 0, n_pred_spans = 0, n_matched = 0, n_unmatched_gold;
  HashiyaEvalResult *result;

  g_return_val_if_fail (HASHIYA_IS_STORE (gold), NULL);
  if (pred == NULL)
    pred = gold;
  if (options == NULL)
    {
      hashiya_eval_options_init (&defaults);
      options = &defaults;
    }
  if (gold == pred && g_strcmp0 (options->gold_annotator, options->pred_annotator) == 0)
    {
      g_set_error (error, HASHIYA_EVAL_ERROR, HASHIYA_EVAL_ERROR_INVALID,
                   _("comparing a project with itself needs two different annotators"));
      return NULL;
    }

  gdocs = hashiya_store_list_documents (gold, error);
  if (gdocs == NULL)
    return NULL;
  pdocs = gold == pred ? g_ptr_array_ref (gdocs) : hashiya_store_list_documents (pred, error);
  if (pdocs == NULL)
    return NULL;

  /* documents: the key is the gold id; a predicted document that matches none gets -id */
  for (guint i = 0; i < gdocs->len; i++)
    {
      HashiyaDocument *d = g_ptr_array_index (gdocs, i);
      g_hash_table_insert (gkey, d, GSIZE_TO_POINTER (d->id));
      if (d->sha256)
        g_hash_table_insert (by_sha, d->sha256, d);
    }
  for (guint i = 0; i < pdocs->len; i++)
    {
      HashiyaDocument *d = g_ptr_array_index (pdocs, i);
      HashiyaDocument *match = d->sha256 ? g_hash_table_lookup (by_sha, d->sha256) : NULL;
      if (match)
        {
          g_hash_table_insert (pkey, d, GSIZE_TO_POINTER (match->id));
          g_hash_table_remove (by_sha, d->sha256);
          n_matched++;
        }
      else
        {
          g_hash_table_insert (pkey, d, GSIZE_TO_POINTER (-d->id));
          g_ptr_array_add (messages,
                           g_strdup_printf (_("predicted document %" PRId64 " (%s) has no "
                                            "gold document with the same text; its spans count "
                                            "as false positives"), d->id,
                                            d->source ? d->source : ""));
        }
    }
  n_unmatched_gold = g_hash_table_size (by_sha);
  if (n_unmatched_gold > 0)
    g_ptr_array_add (messages,
                     g_strdup_printf (_("%u gold documents have no predicted document with the "
                                      "same text; their spans count as missed"), n_unmatched_gold));

  if (!store_phrases (gold, gdocs, gkey, options->gold_annotator, options->aliases, gp,
                      &n_gold_spans, error)
      || !store_phrases (pred, pdocs, pkey, options->pred_annotator, options->aliases, pp,
                         &n_pred_spans, error))
    return NULL;

  if (options->gold_annotator && n_gold_spans == 0)
    {
      g_set_error (error, HASHIYA_EVAL_ERROR, HASHIYA_EVAL_ERROR_INVALID,
                   _("annotator “%s” has no spans in %s"), options->gold_annotator,
                   hashiya_store_get_path (gold));
      return NULL;
    }
  if (options->pred_annotator && n_pred_spans == 0)
    {
      g_set_error (error, HASHIYA_EVAL_ERROR, HASHIYA_EVAL_ERROR_INVALID,
                   _("annotator “%s” has no spans in %s"), options->pred_annotator,
                   hashiya_store_get_path (pred));
      return NULL;
    }

  result = compare_sets (gp, pp, messages);
  result->n_documents = gdocs->len;
  return result;
}
