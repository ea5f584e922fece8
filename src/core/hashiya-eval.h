/* hashiya-eval.h: exact-match phrase evaluation (conlleval's definition) (its CoNLL reader is formats/hashiya-conll-reader.h)
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A phrase is correct when its label and both boundaries match a gold phrase.
 * Precision = correct / predicted, recall = correct / gold, F1 = 2PR / (P + R), all in
 * percent; a ratio with a zero denominator is 0, as conlleval prints it.
 *
 * Inputs: two CoNLL files (read exactly as `hashiya-cli import` reads them: format
 * characters, empty tokens and `$#$` sentinels are not tokens; phrases are extracted from
 * every tag column with conlleval's start/end rules and compared as sets), two projects
 * (documents matched by the sha256 of their text) or two annotators of one project.
 * Span sets are compared by (document, start, end, label).
 */
#pragma once

#include <glib.h>
#include "hashiya-interchange.h"
#include "hashiya-conll-reader.h"
#include "hashiya-store.h"

G_BEGIN_DECLS

#define HASHIYA_EVAL_ERROR (hashiya_eval_error_quark ())

typedef enum
{
  HASHIYA_EVAL_ERROR_READ,      /* a file cannot be read or parsed (message has file:line) */
  HASHIYA_EVAL_ERROR_MISMATCH,  /* the two CoNLL files hold different tokens (message has both lines) */
  HASHIYA_EVAL_ERROR_INVALID,   /* bad options (e.g. an annotator with no spans) */
} HashiyaEvalErrorCode;

GQuark hashiya_eval_error_quark (void);

typedef struct
{
  int            tag_column;      /* CoNLL: 0-based column of the one tag column to compare; -1 = every tag column */
  HashiyaScheme  scheme;          /* CoNLL: AUTO = detect */
  GHashTable    *aliases;         /* label alias → label (applied to both sides), may be NULL */
  const char    *gold_annotator;  /* projects: only this annotator's spans; NULL = all */
  const char    *pred_annotator;
} HashiyaEvalOptions;

void hashiya_eval_options_init (HashiyaEvalOptions *options);

typedef struct
{
  char   *label;        /* "overall" for the total */
  guint   n_gold;
  guint   n_pred;
  guint   n_correct;
  double  precision;    /* percent */
  double  recall;
  double  f1;
} HashiyaEvalRow;

typedef struct
{
  GPtrArray      *rows;         /* HashiyaEvalRow*, sorted by label */
  HashiyaEvalRow  overall;
  guint           n_tokens;     /* CoNLL: tokens compared (0 for projects) */
  guint           n_documents;  /* projects: documents compared */
  GPtrArray      *messages;     /* char*: notes (tokenisation differences, unmatched documents …) */
} HashiyaEvalResult;

void hashiya_eval_result_free (HashiyaEvalResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HashiyaEvalResult, hashiya_eval_result_free)

/* The row for label, or NULL. */
const HashiyaEvalRow *hashiya_eval_result_get_row (const HashiyaEvalResult *result,
                                                   const char              *label);
/* A table: label, gold, predicted, correct, precision, recall, F1; then overall. */
char *hashiya_eval_result_to_string (const HashiyaEvalResult *result);

HashiyaEvalResult *hashiya_eval_conll_files (const char               *gold_path,
                                             const char               *pred_path,
                                             const HashiyaEvalOptions *options,
                                             GError                  **error);
HashiyaEvalResult *hashiya_eval_conll_data  (const char               *gold_name,
                                             const char               *gold_data,
                                             gsize                     gold_len,
                                             const char               *pred_name,
                                             const char               *pred_data,
                                             gsize                     pred_len,
                                             const HashiyaEvalOptions *options,
                                             GError                  **error);
/* pred may be the same store as gold (two annotators of one project). */
HashiyaEvalResult *hashiya_eval_stores      (HashiyaStore             *gold,
                                             HashiyaStore             *pred,
                                             const HashiyaEvalOptions *options,
                                             GError                  **error);

G_END_DECLS
