/* bench-suggest.c: suggestion throughput (documents/s) over a generated corpus and a 1 MB article
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Built, not run by the suite:
 *   bench-suggest [--docs 10000] [--article-chars 1000000] [--date YYYY-MM-DD]
 *   bench-suggest --print FILE [--date YYYY-MM-DD]   (every suggestion of FILE, one a line)
 *   bench-suggest --write DIR [--docs N] [--article-chars N]   (the same corpus as files, for
 *     build-aux/bench-suggest.sh: DIR/corpus.jsonl, one hashiya/1 document a line, and
 *     DIR/article.txt)
 * The corpus is generated here, deterministically: news-like sentences carrying dates in every
 * written form the recogniser knows, governorates with proclitics, and repeated names, about
 * 1.5 KB a document. The dictionary is taught 200 names first, as a project would be.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <errno.h>

#include <json-glib/json-glib.h>

#include "suggest/hashiya-dates.h"
#include "suggest/hashiya-gazetteer.h"
#include "suggest/hashiya-dictionary.h"

static const char *sentences[] = {
  "وقال المسؤول في تصريح لوسائل الإعلام إن الاجتماع عقد يوم %d كانون الأول/ديسمبر %d في بغداد.",
  "وأضاف أن القوات الأمنية انتشرت في محافظة نينوى ومحيط الموصل منذ صيف %d.",
  "وأكد الناطق باسم وزارة الدفاع العراقية أن العمليات مستمرة في ديالى وكركوك وصلاح الدين.",
  "وفي %d آذار الماضي أعلنت حكومة إقليم كردستان عن خطة جديدة لإعادة النازحين إلى سنجار.",
  "وتابع أن التعاون مع البشمركة تراجع بعد استفتاء أيلول/سبتمبر %d في أربيل والسليمانية.",
  "ونقلت الوكالة عن مصادر محلية أن الجيش العراقي والحشد الشعبي أحكما السيطرة على تلعفر.",
  "وفي ١٢ رجب ١٤٤٠ هـ وصل وفد من تركيا وإيران إلى البصرة لبحث ملفات المياه والتجارة.",
  "ويذكر أن المحافظة شهدت عام %d موجة نزوح كبيرة نحو دهوك وزاخو والمناطق الجبلية.",
  "وقال الخبير فاضل أبو رغيف لديارنا إن التنظيم ما يزال يشكل تهديدًا حاليًا في الأنبار.",
  "وكانت الحكومة قد أعلنت الجمعة %d آذار عن تخصيص مبالغ لإعادة إعمار الفلوجة والرمادي.",
  "وأشار إلى أن الطرفين اتفقا على عقد جولة جديدة من المحادثات في %d نيسان المقبل.",
  "وقال جبار ياور إن التنسيق مع قيادة العمليات المشتركة مستمر لملاحقة الخلايا النائمة.",
  "ولفت إلى أن أسعار النفط ارتفعت بنسبة 3.5 في المئة خلال شهر رمضان من دون تأثير كبير.",
  "معلومات ضرورية 1500 / 1500 وقال أب الطفل إن العائلة عادت إلى منزلها في كربلاء.",
};

static const char *
pick (GRand *r)
{
  return sentences[g_rand_int_range (r, 0, G_N_ELEMENTS (sentences))];
}

static void
append_sentence (GString *s, GRand *r)
{
  g_string_append_printf (s, pick (r), g_rand_int_range (r, 1, 29), g_rand_int_range (r, 2003, 2024));
  g_string_append_c (s, g_rand_int_range (r, 0, 4) == 0 ? '\n' : ' ');
}

/* CPU time of this (single-threaded) process: on a shared machine wall time mostly measures
 * the other jobs. */
static double
now (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

typedef struct
{
  HashiyaGazetteer  *gz;
  HashiyaDictionary *dict;
  const char        *date;
} Engines;

static guint
run (Engines *e, const char *which, const char *text, gsize len)
{
  g_autoptr(GPtrArray) a = NULL;
  g_autoptr(GPtrArray) b = NULL;
  g_autoptr(GPtrArray) c = NULL;
  guint n = 0;

  if (strchr (which, 'd'))
    {
      a = hashiya_suggest_dates (text, len, e->date, NULL);
      n += a ? a->len : 0;
    }
  if (strchr (which, 'g'))
    {
      b = hashiya_gazetteer_suggest (e->gz, text, len);
      n += b->len;
    }
  if (strchr (which, 'k'))
    {
      c = hashiya_dictionary_suggest (e->dict, text, len);
      n += c->len;
    }
  return n;
}

static void
write_corpus (const char *dir,
              GPtrArray  *docs,
              GString    *article)
{
  g_autofree char *jsonl = g_build_filename (dir, "corpus.jsonl", NULL);
  g_autofree char *txt = g_build_filename (dir, "article.txt", NULL);
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  for (guint d = 0; d < docs->len; d++)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonGenerator) gen = json_generator_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *name = g_strdup_printf ("doc-%05u.txt", d + 1);
      g_autofree char *line = NULL;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "format");
      json_builder_add_string_value (b, "hashiya/1");
      json_builder_set_member_name (b, "source");
      json_builder_add_string_value (b, name);
      json_builder_set_member_name (b, "text");
      json_builder_add_string_value (b, g_ptr_array_index (docs, d));
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      json_generator_set_root (gen, root);
      line = json_generator_to_data (gen, NULL);
      g_string_append (out, line);
      g_string_append_c (out, '\n');
    }
  if (g_mkdir_with_parents (dir, 0755) != 0
      || !g_file_set_contents (jsonl, out->str, out->len, &error)
      || !g_file_set_contents (txt, article->str, article->len, &error))
    {
      fprintf (stderr, "%s: %s\n", dir, error ? error->message : g_strerror (errno));
      exit (1);
    }
  printf ("wrote %s (%u documents) and %s\n", jsonl, docs->len, txt);
}

static void
print_file (Engines *e, const char *path)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *all[3] = { NULL, };
  gsize len;

  if (!g_file_get_contents (path, &text, &len, &error))
    {
      fprintf (stderr, "%s\n", error->message);
      exit (1);
    }
  all[0] = hashiya_suggest_dates (text, len, e->date, &error);
  if (all[0] == NULL)
    {
      fprintf (stderr, "%s\n", error->message);
      exit (1);
    }
  all[1] = hashiya_gazetteer_suggest (e->gz, text, len);
  all[2] = hashiya_dictionary_suggest (e->dict, text, len);
  for (guint k = 0; k < 3; k++)
    {
      for (guint i = 0; i < all[k]->len; i++)
        {
          HashiyaSuggestion *s = all[k]->pdata[i];
          g_autofree char *flags = hashiya_suggestion_flags_to_string (s->flags);
          printf ("%s\t%zu\t%zu\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", s->source, s->start, s->end,
                  s->label, s->text, s->value ? s->value : "-", s->calendar ? s->calendar : "-",
                  s->anchor ? s->anchor : "-", *flags ? flags : "-", s->why);
        }
      g_ptr_array_unref (all[k]);
    }
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) docs = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GRand) r = g_rand_new_with_seed (14);
  g_autoptr(GString) article = g_string_new (NULL);
  Engines e = { NULL, };
  guint n_docs = 10000, article_chars = 1000000;
  const char *print = NULL;
  const char *write_dir = NULL;
  gsize total = 0;
  static const struct { const char *which, *name; } modes[] = {
    { "d", "dates" }, { "g", "gazetteer" }, { "k", "dictionary" }, { "dgk", "all three" },
  };

  for (int i = 1; i < argc; i++)
    {
      if (strcmp (argv[i], "--docs") == 0 && i + 1 < argc)
        n_docs = atoi (argv[++i]);
      else if (strcmp (argv[i], "--article-chars") == 0 && i + 1 < argc)
        article_chars = atoi (argv[++i]);
      else if (strcmp (argv[i], "--date") == 0 && i + 1 < argc)
        e.date = argv[++i];
      else if (strcmp (argv[i], "--print") == 0 && i + 1 < argc)
        print = argv[++i];
      else if (strcmp (argv[i], "--write") == 0 && i + 1 < argc)
        write_dir = argv[++i];
      else
        {
          fprintf (stderr, "usage: %s [--docs N] [--article-chars N] [--date YYYY-MM-DD] [--print FILE]\n", argv[0]);
          return 2;
        }
    }

  e.gz = hashiya_gazetteer_new_default (&error);
  if (e.gz == NULL)
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }
  e.dict = hashiya_dictionary_new ();
  hashiya_dictionary_learn (e.dict, "جبار ياور", "PER");
  hashiya_dictionary_learn (e.dict, "فاضل أبو رغيف", "PER");
  hashiya_dictionary_learn (e.dict, "ديارنا", "ORG");
  for (guint i = 0; i < 200; i++)
    {
      g_autofree char *name = g_strdup_printf ("الاسم%u عائلة%u", i, i % 37);
      hashiya_dictionary_learn (e.dict, name, "PER");
    }
  if (print)
    {
      print_file (&e, print);
      goto out;
    }

  for (guint d = 0; d < n_docs; d++)
    {
      GString *s = g_string_new (NULL);
      while (s->len < 1500)
        append_sentence (s, r);
      total += s->len;
      g_ptr_array_add (docs, g_string_free (s, FALSE));
    }
  while ((guint) g_utf8_strlen (article->str, article->len) < article_chars)
    append_sentence (article, r);
  if (write_dir != NULL)
    {
      write_corpus (write_dir, docs, article);
      goto out;
    }

  printf ("(CPU time)\ncorpus: %u documents, %.1f MB; article: %u characters, %.2f MB\n", n_docs,
          total / 1e6, article_chars, article->len / 1e6);
  for (guint m = 0; m < G_N_ELEMENTS (modes); m++)
    {
      double t0 = now (), t1, t2;
      guint64 found = 0;

      for (guint d = 0; d < docs->len; d++)
        found += run (&e, modes[m].which, docs->pdata[d], strlen (docs->pdata[d]));
      t1 = now ();
      found += run (&e, modes[m].which, article->str, article->len);
      t2 = now ();
      printf ("%-10s corpus %8.0f documents/s (%5.2f MB/s, %" G_GUINT64_FORMAT " suggestions); "
              "1 MB article %6.0f ms\n", modes[m].name, docs->len / (t1 - t0),
              total / 1e6 / (t1 - t0), found, (t2 - t1) * 1000);
    }
out:
  hashiya_gazetteer_unref (e.gz);
  hashiya_dictionary_unref (e.dict);
  return 0;
}
