/* hashiya-model.c: copy, free and names of the model's plain values
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "hashiya-model.h"

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
  return copy;
}

void
hashiya_judgement_free (HashiyaJudgement *j)
{
  if (j == NULL)
    return;
  g_free (j->annotator);
  g_free (j->note);
  g_free (j);
}
