/* hashiya-model.c: copy, free and names of the model's plain values
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "hashiya-model.h"

#include <glib/gi18n-lib.h>

G_DEFINE_QUARK (hashiya-schema-error-quark, hashiya_schema_error)

static const char * const segment_kind_names[HASHIYA_N_SEGMENT_KINDS] = {
  "site", "title", "byline", "paragraph", "heading", "caption", "boilerplate", "comment",
};

static const char * const sentiment_names[] = {
  NULL, "positive", "negative", "neutral", "mixed",
};

static const char * const decision_names[] = {
  NULL, "approve", "review", "reject",
};

const char *
hashiya_segment_kind_to_string (HashiyaSegmentKind kind)
{
  if ((int) kind < 0 || kind >= HASHIYA_N_SEGMENT_KINDS)
    return NULL;
  return segment_kind_names[kind];
}

gboolean
hashiya_segment_kind_from_string (const char         *str,
                                  HashiyaSegmentKind *kind)
{
  if (str == NULL)
    return FALSE;
  for (int i = 0; i < HASHIYA_N_SEGMENT_KINDS; i++)
    if (g_ascii_strcasecmp (str, segment_kind_names[i]) == 0)
      {
        if (kind)
          *kind = i;
        return TRUE;
      }
  return FALSE;
}

/* Index of str in names[1..n) (case-insensitive); NULL, "" and "none" are index 0. */
static gboolean
lookup_optional_name (const char * const *names,
                      gsize               n_names,
                      const char         *str,
                      int                *index)
{
  if (str == NULL || *str == '\0' || g_ascii_strcasecmp (str, "none") == 0)
    {
      *index = 0;
      return TRUE;
    }
  for (gsize i = 1; i < n_names; i++)
    if (g_ascii_strcasecmp (str, names[i]) == 0)
      {
        *index = i;
        return TRUE;
      }
  return FALSE;
}

const char *
hashiya_sentiment_to_string (HashiyaSentiment s)
{
  if ((int) s <= 0 || (gsize) s >= G_N_ELEMENTS (sentiment_names))
    return NULL;
  return sentiment_names[s];
}

gboolean
hashiya_sentiment_from_string (const char       *str,
                               HashiyaSentiment *s)
{
  int i;

  if (!lookup_optional_name (sentiment_names, G_N_ELEMENTS (sentiment_names), str, &i))
    return FALSE;
  if (s)
    *s = i;
  return TRUE;
}

const char *
hashiya_decision_to_string (HashiyaDecision d)
{
  if ((int) d <= 0 || (gsize) d >= G_N_ELEMENTS (decision_names))
    return NULL;
  return decision_names[d];
}

gboolean
hashiya_decision_from_string (const char      *str,
                              HashiyaDecision *d)
{
  int i;

  if (!lookup_optional_name (decision_names, G_N_ELEMENTS (decision_names), str, &i))
    return FALSE;
  if (d)
    *d = i;
  return TRUE;
}

void
hashiya_document_free (HashiyaDocument *doc)
{
  if (doc == NULL)
    return;
  g_free (doc->source);
  g_free (doc->sha256);
  g_free (doc->date);
  g_free (doc);
}

void
hashiya_label_free (HashiyaLabel *label)
{
  if (label == NULL)
    return;
  g_free (label->name);
  g_free (label->color);
  g_free (label->key);
  g_free (label);
}

HashiyaSpan *
hashiya_span_copy (const HashiyaSpan *span)
{
  HashiyaSpan *copy;

  g_return_val_if_fail (span != NULL, NULL);

  copy = g_new (HashiyaSpan, 1);
  *copy = *span;
  copy->label = g_strdup (span->label);
  copy->annotator = g_strdup (span->annotator);
  copy->origin = g_strdup (span->origin);
  copy->note = g_strdup (span->note);
  copy->value = g_strdup (span->value);
  copy->calendar = g_strdup (span->calendar);
  copy->anchor = g_strdup (span->anchor);
  return copy;
}

void
hashiya_span_free (HashiyaSpan *span)
{
  if (span == NULL)
    return;
  g_free (span->label);
  g_free (span->annotator);
  g_free (span->origin);
  g_free (span->note);
  g_free (span->value);
  g_free (span->calendar);
  g_free (span->anchor);
  g_free (span);
}

HashiyaJudgement *
hashiya_judgement_copy (const HashiyaJudgement *j)
{
  HashiyaJudgement *copy;

  g_return_val_if_fail (j != NULL, NULL);

  copy = g_new (HashiyaJudgement, 1);
  *copy = *j;
  copy->annotator = g_strdup (j->annotator);
  copy->note = g_strdup (j->note);
  copy->values = NULL;
  if (j->values != NULL && g_hash_table_size (j->values) > 0)
    {
      GHashTableIter iter;
      gpointer k, v;

      copy->values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      g_hash_table_iter_init (&iter, j->values);
      while (g_hash_table_iter_next (&iter, &k, &v))
        g_hash_table_insert (copy->values, g_strdup (k), g_strdup (v));
    }
  return copy;
}

void
hashiya_judgement_free (HashiyaJudgement *j)
{
  if (j == NULL)
    return;
  g_free (j->annotator);
  g_free (j->note);
  g_clear_pointer (&j->values, g_hash_table_unref);
  g_free (j);
}

HashiyaJudgement *
hashiya_judgement_new (gint64      doc_id,
                       int         comment_index,
                       const char *annotator)
{
  HashiyaJudgement *j = g_new0 (HashiyaJudgement, 1);

  j->doc_id = doc_id;
  j->comment_index = comment_index;
  j->annotator = g_strdup (annotator);
  j->offensive = -1;
  j->hate_speech = -1;
  return j;
}

static const char *
flag_to_string (int flag)
{
  return flag < 0 ? NULL : flag ? "yes" : "no";
}

const char *
hashiya_judgement_get_value (const HashiyaJudgement *j,
                             const char             *field)
{
  g_return_val_if_fail (j != NULL, NULL);
  g_return_val_if_fail (field != NULL, NULL);

  if (g_str_equal (field, "sentiment"))
    return hashiya_sentiment_to_string (j->sentiment);
  if (g_str_equal (field, "offensive"))
    return flag_to_string (j->offensive);
  if (g_str_equal (field, "hate_speech"))
    return flag_to_string (j->hate_speech);
  if (g_str_equal (field, "decision"))
    return hashiya_decision_to_string (j->decision);
  if (g_str_equal (field, "note"))
    return j->note != NULL && *j->note != '\0' ? j->note : NULL;
  if (j->values == NULL)
    return NULL;
  return g_hash_table_lookup (j->values, field);
}

static gboolean
flag_from_string (const char *value,
                  int        *flag)
{
  if (value == NULL)
    *flag = -1;
  else if (g_str_equal (value, "yes"))
    *flag = 1;
  else if (g_str_equal (value, "no"))
    *flag = 0;
  else
    return FALSE;
  return TRUE;
}

gboolean
hashiya_judgement_set_value (HashiyaJudgement  *j,
                             const char        *field,
                             const char        *value,
                             GError           **error)
{
  g_return_val_if_fail (j != NULL, FALSE);
  g_return_val_if_fail (field != NULL, FALSE);

  if (value != NULL && *value == '\0')
    value = NULL;
  if (g_str_equal (field, "sentiment"))
    {
      if (value == NULL || g_ascii_strcasecmp (value, "none") != 0)
        if (hashiya_sentiment_from_string (value, &j->sentiment))
          return TRUE;
      g_set_error (error, HASHIYA_SCHEMA_ERROR, HASHIYA_SCHEMA_ERROR_INVALID,
                   _("sentiment is positive, negative, neutral or mixed, not “%s”"), value);
      return FALSE;
    }
  if (g_str_equal (field, "decision"))
    {
      if (value == NULL || g_ascii_strcasecmp (value, "none") != 0)
        if (hashiya_decision_from_string (value, &j->decision))
          return TRUE;
      g_set_error (error, HASHIYA_SCHEMA_ERROR, HASHIYA_SCHEMA_ERROR_INVALID,
                   _("decision is approve, review or reject, not “%s”"), value);
      return FALSE;
    }
  if (g_str_equal (field, "offensive") || g_str_equal (field, "hate_speech"))
    {
      int *flag = g_str_equal (field, "offensive") ? &j->offensive : &j->hate_speech;

      if (flag_from_string (value, flag))
        return TRUE;
      g_set_error (error, HASHIYA_SCHEMA_ERROR, HASHIYA_SCHEMA_ERROR_INVALID,
                   _("%s is yes or no, not “%s”"), field, value);
      return FALSE;
    }
  if (g_str_equal (field, "note"))
    {
      g_free (j->note);
      j->note = g_strdup (value);
      return TRUE;
    }
  if (value == NULL)
    {
      if (j->values != NULL)
        g_hash_table_remove (j->values, field);
      return TRUE;
    }
  if (j->values == NULL)
    j->values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_hash_table_insert (j->values, g_strdup (field), g_strdup (value));
  return TRUE;
}

char **
hashiya_judgement_get_choices (const HashiyaJudgement *j,
                               const char             *field)
{
  const char *value = hashiya_judgement_get_value (j, field);

  if (value == NULL)
    return g_new0 (char *, 1);
  return g_strsplit (value, ",", -1);
}

gboolean
hashiya_judgement_has_choice (const HashiyaJudgement *j,
                              const char             *field,
                              const char             *choice)
{
  g_auto(GStrv) names = hashiya_judgement_get_choices (j, field);

  return choice != NULL && g_strv_contains ((const char * const *) names, choice);
}

gboolean
hashiya_judgement_is_empty (const HashiyaJudgement *j)
{
  return j->sentiment == HASHIYA_SENTIMENT_NONE && j->offensive < 0 && j->hate_speech < 0
         && j->decision == HASHIYA_DECISION_NONE && (j->note == NULL || *j->note == '\0')
         && (j->values == NULL || g_hash_table_size (j->values) == 0);
}

static gboolean
values_within (const HashiyaJudgement *a,
               const HashiyaJudgement *b)
{
  GHashTableIter iter;
  gpointer k, v;

  if (a->values == NULL)
    return TRUE;
  g_hash_table_iter_init (&iter, a->values);
  while (g_hash_table_iter_next (&iter, &k, &v))
    if (g_strcmp0 (v, hashiya_judgement_get_value (b, k)) != 0)
      return FALSE;
  return TRUE;
}

gboolean
hashiya_judgement_same_values (const HashiyaJudgement *a,
                               const HashiyaJudgement *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  return a->sentiment == b->sentiment && a->offensive == b->offensive
         && a->hate_speech == b->hate_speech && a->decision == b->decision
         && g_strcmp0 (hashiya_judgement_get_value (a, "note"),
                       hashiya_judgement_get_value (b, "note")) == 0
         && values_within (a, b) && values_within (b, a);
}
