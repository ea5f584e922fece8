/* test-gazetteer.c: gazetteer suggestions (ICU countries, the Iraq list, user TSV lists, proclitics)
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>
#include <glib/gstdio.h>

#include "suggest/hashiya-gazetteer.h"

static HashiyaSuggestion *
find (GPtrArray *a, const char *text)
{
  for (guint i = 0; i < a->len; i++)
    {
      HashiyaSuggestion *s = a->pdata[i];
      if (strcmp (s->text, text) == 0)
        return s;
    }
  return NULL;
}

static void
dump (GPtrArray *a)
{
  for (guint i = 0; i < a->len; i++)
    {
      HashiyaSuggestion *s = a->pdata[i];
      g_test_message ("[%zu,%zu) «%s» %s (%s)", s->start, s->end, s->text, s->label, s->why);
    }
}

static void
test_proclitics (void)
{
  g_autoptr(HashiyaGazetteer) gz = hashiya_gazetteer_new ();
  g_autoptr(GPtrArray) a = NULL;
  HashiyaSuggestion *s;
  /* 0         1         2         3         4 */
  const char *text = "وصلوا للموصل وبغداد ثم فالبصرة وكربلاء وببغداد، لكن غداد ليست بغدادي.";

  hashiya_gazetteer_add (gz, "test", "الموصل", "LOC", NULL);
  hashiya_gazetteer_add (gz, "test", "بغداد", "LOC", NULL);
  hashiya_gazetteer_add (gz, "test", "البصرة", "LOC", NULL);
  hashiya_gazetteer_add (gz, "test", "كربلاء", "LOC", NULL);
  a = hashiya_gazetteer_suggest (gz, text, -1);
  dump (a);
  g_assert_cmpuint (a->len, ==, 5);

  /* ل + ال written لل: the first ل stays outside. */
  s = a->pdata[0];
  g_assert_cmpstr (s->text, ==, "لموصل");
  g_assert_cmpuint (s->start, ==, 7);
  g_assert_cmpuint (s->end, ==, 12);
  g_assert_cmpstr (s->source, ==, "gazetteer");
  g_assert_cmpstr (s->label, ==, "LOC");
  g_assert_nonnull (strstr (s->why, "test"));
  g_assert_nonnull (strstr (s->why, "الموصل"));
  /* و, ف and the pair وب stay outside. */
  s = a->pdata[1];
  g_assert_cmpstr (s->text, ==, "بغداد");
  g_assert_cmpuint (s->start, ==, 14);
  g_assert_cmpstr (((HashiyaSuggestion *) a->pdata[2])->text, ==, "البصرة");
  g_assert_cmpuint (((HashiyaSuggestion *) a->pdata[2])->start, ==, 24);
  g_assert_cmpstr (((HashiyaSuggestion *) a->pdata[3])->text, ==, "كربلاء");
  g_assert_cmpstr (((HashiyaSuggestion *) a->pdata[4])->text, ==, "بغداد");
  g_assert_cmpuint (((HashiyaSuggestion *) a->pdata[4])->start, ==, 41);
  /* Not inside a longer word, nor a word that only ends like the entry. */
  g_assert_null (find (a, "غداد"));
  g_assert_null (find (a, "بغدادي"));
}

static void
test_longest_match (void)
{
  g_autoptr(HashiyaGazetteer) gz = hashiya_gazetteer_new ();
  g_autoptr(GPtrArray) a = NULL;
  g_autoptr(GPtrArray) b = NULL;

  hashiya_gazetteer_add (gz, "l", "نينوى", "LOC", NULL);
  hashiya_gazetteer_add (gz, "l", "سهل نينوى", "LOC", NULL);
  hashiya_gazetteer_add (gz, "l", "وزارة الدفاع", "ORG", NULL);
  hashiya_gazetteer_add (gz, "l", "وزارة الدفاع العراقية", "ORG", NULL);
  a = hashiya_gazetteer_suggest (gz, "بيان لوزارة الدفاع العراقية عن سهل نينوى ونينوى", -1);
  dump (a);
  g_assert_cmpuint (a->len, ==, 3);
  g_assert_cmpstr (((HashiyaSuggestion *) a->pdata[0])->text, ==, "وزارة الدفاع العراقية");
  g_assert_cmpstr (((HashiyaSuggestion *) a->pdata[1])->text, ==, "سهل نينوى");
  g_assert_cmpstr (((HashiyaSuggestion *) a->pdata[2])->text, ==, "نينوى");
  /* Normalisation: the entry matches spellings with other alef, teh marbuta and harakat. */
  b = hashiya_gazetteer_suggest (gz, "وزاره الدِّفاع", -1);
  g_assert_cmpuint (b->len, ==, 1);
  g_assert_cmpstr (((HashiyaSuggestion *) b->pdata[0])->text, ==, "وزاره الدِّفاع");
}

static void
test_default_lists (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HashiyaGazetteer) gz = hashiya_gazetteer_new_default (&error);
  g_autoptr(GPtrArray) a = NULL;
  HashiyaSuggestion *s;

  g_assert_no_error (error);
  g_assert_nonnull (gz);
  /* ~250 ICU countries plus the Iraq list. */
  g_assert_cmpuint (hashiya_gazetteer_get_n_entries (gz), >, 300);
  a = hashiya_gazetteer_suggest (gz, "زار وفد من فرنسا وتركيا بمحافظة السليمانية وقوات البيش مركه في سوريا", -1);
  dump (a);
  s = find (a, "فرنسا");
  g_assert_nonnull (s);
  g_assert_nonnull (strstr (s->why, "icu-countries"));
  g_assert_nonnull (strstr (s->why, "FR"));
  s = find (a, "تركيا");   /* after و */
  g_assert_nonnull (s);
  s = find (a, "محافظة السليمانية");   /* after ب, the longest form */
  g_assert_nonnull (s);
  g_assert_nonnull (strstr (s->why, "gazetteer-iq"));
  g_assert_nonnull (strstr (s->why, "IQ-SU"));
  s = find (a, "البيش مركه");   /* a variant normalisation cannot reach */
  g_assert_nonnull (s);
  g_assert_cmpstr (s->label, ==, "ORG");
  g_assert_nonnull (find (a, "سوريا"));
}

static void
test_user_lists (void)
{
  g_autoptr(HashiyaGazetteer) gz = hashiya_gazetteer_new_default (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) a = NULL;
  g_autofree char *dir = g_dir_make_tmp ("hashiya-gaz-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "places.tsv", NULL);
  const char *good = "\xEF\xBB\xBF# my list\r\nجامعة الموصل\tORG\r\n\nالموصل\tGPE\tMosul as a city\n";
  HashiyaSuggestion *s;

  g_assert_true (g_file_set_contents (path, good, -1, NULL));
  g_assert_true (hashiya_gazetteer_load_file (gz, path, &error));
  g_assert_no_error (error);
  a = hashiya_gazetteer_suggest (gz, "درس في جامعة الموصل ثم عاد إلى الموصل", -1);
  dump (a);
  g_assert_cmpuint (a->len, ==, 2);
  s = a->pdata[0];
  g_assert_cmpstr (s->text, ==, "جامعة الموصل");
  g_assert_cmpstr (s->label, ==, "ORG");
  g_assert_nonnull (strstr (s->why, "places.tsv"));
  /* The user's list replaces the shipped entry. */
  s = a->pdata[1];
  g_assert_cmpstr (s->label, ==, "GPE");
  g_assert_nonnull (strstr (s->why, "Mosul as a city"));
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_bad_lists (void)
{
  static const struct { const char *data; const char *message; } cases[] = {
    { "بغداد\tLOC\nالموصل LOC\n", "bad.tsv:2:" },
    { "بغداد\tLOC\n\n# c\n\tLOC\n", "bad.tsv:4:" },
    { "بغداد\t\n", "bad.tsv:1:" },
    { "بغداد\tLOC X\n", "bad.tsv:1:" },
    { "بغداد\tLOC\ta\tb\n", "bad.tsv:1:" },
    { "بغداد\tLOC\nب\xff\tLOC\n", "bad.tsv:2:" },
    { "...\tLOC\n", "bad.tsv:1:" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(HashiyaGazetteer) gz = hashiya_gazetteer_new ();
      g_autoptr(GError) error = NULL;

      g_assert_false (hashiya_gazetteer_load_data (gz, "bad.tsv", cases[i].data, -1, &error));
      g_assert_error (error, HASHIYA_SUGGEST_ERROR, HASHIYA_SUGGEST_ERROR_PARSE);
      g_test_message ("%s", error->message);
      g_assert_true (g_str_has_prefix (error->message, cases[i].message));
      /* Nothing of a bad list is added. */
      g_assert_cmpuint (hashiya_gazetteer_get_n_entries (gz), ==, 0);
    }
  {
    g_autoptr(HashiyaGazetteer) gz = hashiya_gazetteer_new ();
    g_autoptr(GError) error = NULL;
    g_assert_false (hashiya_gazetteer_load_file (gz, "/nonexistent/places.tsv", &error));
    g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/gazetteer/proclitics", test_proclitics);
  g_test_add_func ("/gazetteer/longest-match", test_longest_match);
  g_test_add_func ("/gazetteer/default-lists", test_default_lists);
  g_test_add_func ("/gazetteer/user-lists", test_user_lists);
  g_test_add_func ("/gazetteer/bad-lists", test_bad_lists);
  return g_test_run ();
}
