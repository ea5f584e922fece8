/* test-dictionary.c: the learned dictionary of confirmed spans (learning, counts, conflicts)
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "suggest/hashiya-dictionary.h"

static void
dump (GPtrArray *a)
{
  for (guint i = 0; i < a->len; i++)
    {
      HashiyaSuggestion *s = a->pdata[i];
      g_test_message ("[%zu,%zu) «%s» %s ×%u (%s)", s->start, s->end, s->text, s->label,
                      s->count, s->why);
    }
}

static void
test_learning (void)
{
  static const HashiyaConfirmedSpan spans[] = {
    { "جبار ياور", "PER" },
    { "جبار ياور", "PER" },
    { "ياور", "PER" },
    { "تحسين الخفاجي", "PER" },
  };
  /* 0         1         2         3         4         5 */
  const char *text = "وقال جبّار ياور إن الخفاجي وياور التقيا، ولجبار ياور رأي.";
  g_autoptr(GPtrArray) a = hashiya_suggest_dictionary (text, -1, spans, G_N_ELEMENTS (spans));
  HashiyaSuggestion *s;

  dump (a);
  g_assert_cmpuint (a->len, ==, 3);
  /* The shadda does not stop the match; the span keeps the text as written. */
  s = a->pdata[0];
  g_assert_cmpstr (s->text, ==, "جبّار ياور");
  g_assert_cmpuint (s->start, ==, 5);
  g_assert_cmpuint (s->end, ==, 15);
  g_assert_cmpstr (s->label, ==, "PER");
  g_assert_cmpstr (s->source, ==, "dictionary");
  g_assert_cmpuint (s->count, ==, 2);
  g_assert_cmpuint (s->flags, ==, 0);
  g_assert_nonnull (strstr (s->why, "2"));
  g_assert_null (s->value);
  /* The proclitic و stays outside; a part of a learnt name (الخفاجي) is not suggested. */
  s = a->pdata[1];
  g_assert_cmpstr (s->text, ==, "ياور");
  g_assert_cmpuint (s->count, ==, 1);
  s = a->pdata[2];
  g_assert_cmpstr (s->text, ==, "جبار ياور");
  g_assert_cmpuint (s->start, ==, 43);
}

static void
test_conflicts (void)
{
  g_autoptr(HashiyaDictionary) d = hashiya_dictionary_new ();
  g_autoptr(GPtrArray) a = NULL;
  g_autoptr(GPtrArray) b = NULL;
  HashiyaSuggestion *s;
  g_autofree char *flags = NULL;

  g_assert_true (hashiya_dictionary_learn (d, "ديارنا", "ORG"));
  g_assert_true (hashiya_dictionary_learn (d, "ديارنا", "ORG"));
  g_assert_true (hashiya_dictionary_learn (d, "ديارنا", "ORG"));
  g_assert_true (hashiya_dictionary_learn (d, "ديارنا", "LOC"));
  g_assert_false (hashiya_dictionary_learn (d, "…", "LOC"));
  g_assert_cmpuint (hashiya_dictionary_get_count (d, "ديارنا", "ORG"), ==, 3);
  g_assert_cmpuint (hashiya_dictionary_get_count (d, "دِيارنا", "LOC"), ==, 1);
  g_assert_cmpuint (hashiya_dictionary_get_n_surfaces (d), ==, 1);

  a = hashiya_dictionary_suggest (d, "في حديث لديارنا", -1);
  dump (a);
  g_assert_cmpuint (a->len, ==, 1);
  s = a->pdata[0];
  g_assert_cmpstr (s->text, ==, "ديارنا");
  g_assert_cmpstr (s->label, ==, "ORG");
  g_assert_cmpuint (s->count, ==, 3);
  g_assert_cmpuint (s->flags, ==, HASHIYA_SUGGESTION_FLAG_CONFLICTING_LABELS);
  flags = hashiya_suggestion_flags_to_string (s->flags);
  g_assert_cmpstr (flags, ==, "conflicting labels");
  g_assert_nonnull (strstr (s->why, "ORG ×3"));
  g_assert_nonnull (strstr (s->why, "LOC ×1"));

  /* Unlearning the odd one out removes the conflict. */
  g_assert_true (hashiya_dictionary_unlearn (d, "ديارنا", "LOC"));
  g_assert_false (hashiya_dictionary_unlearn (d, "ديارنا", "LOC"));
  b = hashiya_dictionary_suggest (d, "ديارنا", -1);
  g_assert_cmpuint (b->len, ==, 1);
  g_assert_cmpuint (((HashiyaSuggestion *) b->pdata[0])->flags, ==, 0);
}

static void
test_ties_and_longest (void)
{
  static const HashiyaConfirmedSpan spans[] = {
    { "الإقليم", "LOC" },
    { "الإقليم", "ORG" },
    { "حكومة الإقليم", "ORG" },
  };
  g_autoptr(GPtrArray) a = hashiya_suggest_dictionary ("حكومة الاقليم والإقليم", -1, spans,
                                                       G_N_ELEMENTS (spans));
  HashiyaSuggestion *s;

  dump (a);
  g_assert_cmpuint (a->len, ==, 2);
  s = a->pdata[0];
  g_assert_cmpstr (s->text, ==, "حكومة الاقليم");
  g_assert_cmpstr (s->label, ==, "ORG");
  /* A tie is broken by label order and still flagged. */
  s = a->pdata[1];
  g_assert_cmpstr (s->text, ==, "الإقليم");
  g_assert_cmpstr (s->label, ==, "LOC");
  g_assert_cmpuint (s->flags, ==, HASHIYA_SUGGESTION_FLAG_CONFLICTING_LABELS);
  /* Nothing learnt, nothing suggested. */
  {
    g_autoptr(GPtrArray) none = hashiya_suggest_dictionary ("حكومة الإقليم", -1, NULL, 0);
    g_assert_cmpuint (none->len, ==, 0);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/dictionary/learning", test_learning);
  g_test_add_func ("/dictionary/conflicts", test_conflicts);
  g_test_add_func ("/dictionary/ties-and-longest", test_ties_and_longest);
  return g_test_run ();
}
