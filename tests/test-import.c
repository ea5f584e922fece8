/* test-import.c: the article importer, file checks, format detection and hashiya/1 JSON import
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>
#include <sys/resource.h>
#include <glib/gstdio.h>

#include "hashiya-import.h"
#include "hashiya-export.h"
#include "hashiya-article.h"

/* ---- helpers ------------------------------------------------------------------- */

typedef struct
{
  char         *dir;
  HashiyaStore *store;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = g_dir_make_tmp ("hashiya-import-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "test.hashiya", NULL);
  f->store = hashiya_store_open (path, TRUE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->store);
}

static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *p = g_build_filename (dir, name, NULL);

      if (g_file_test (p, G_FILE_TEST_IS_DIR))
        remove_tree (p);
      else
        g_unlink (p);
    }
  g_rmdir (dir);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  hashiya_store_close (f->store);
  g_clear_object (&f->store);
  remove_tree (f->dir);
  g_free (f->dir);
}

static char *
data_path (const char *name)
{
  const char *dir = g_getenv ("HASHIYA_TEST_DATA");

  if (dir == NULL)
    dir = "tests/data";
  return g_build_filename (dir, name, NULL);
}

static char *
seed_path (void)
{
  const char *shared = g_getenv ("HASHIYA_SHARED");
  char *p;

  if (shared == NULL || *shared == '\0')
    return NULL;
  p = g_build_filename (shared, "seeds", "000_0931c406bb116436.txt", NULL);
  if (!g_file_test (p, G_FILE_TEST_IS_REGULAR))
    {
      g_free (p);
      return NULL;
    }
  return p;
}

static char *
write_temp (Fixture    *f,
            const char *name,
            const char *data,
            gssize      len)
{
  g_autoptr(GError) error = NULL;
  char *p = g_build_filename (f->dir, name, NULL);

  g_file_set_contents (p, data, len, &error);
  g_assert_no_error (error);
  return p;
}

static guint
n_documents (HashiyaStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) docs = hashiya_store_list_documents (store, &error);

  g_assert_no_error (error);
  return docs->len;
}

/* the text of segment i */
static char *
segment_text (HashiyaText *text,
              GArray      *segs,
              guint        i)
{
  HashiyaSegment *s = &g_array_index (segs, HashiyaSegment, i);

  return hashiya_text_slice (text, s->start, s->end);
}

/* Checks a whole segmentation: kinds as a space-separated list of kind names. */
static void
assert_kinds (GArray     *segs,
              const char *expected)
{
  g_auto(GStrv) want = g_strsplit (expected, " ", -1);
  g_autoptr(GString) got = g_string_new (NULL);

  for (guint i = 0; i < segs->len; i++)
    g_string_append_printf (got, "%s%s", i ? " " : "",
                            hashiya_segment_kind_to_string (g_array_index (segs, HashiyaSegment, i).kind));
  g_assert_cmpstr (got->str, ==, expected);
  g_assert_cmpuint (g_strv_length (want), ==, segs->len);
}

static GArray *
segment_file (const char *path,
              gboolean    comments_only,
              char      **text_out)
{
  g_autoptr(GError) error = NULL;
  char *data = NULL;
  gsize len = 0;
  GArray *segs;

  g_assert_true (hashiya_read_text_file (path, &data, &len, &error));
  g_assert_no_error (error);
  segs = hashiya_article_segment (data, len, comments_only);
  if (text_out)
    *text_out = data;
  else
    g_free (data);
  return segs;
}

/* ---- the shared seed ------------------------------------------------------------ */

static void
test_seed_segments (Fixture       *f,
                    gconstpointer  unused)
{
  g_autofree char *path = seed_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(HashiyaImportReport) report = NULL;
  g_autoptr(GArray) segs = NULL;
  g_autoptr(HashiyaText) text = NULL;
  g_autofree char *raw = NULL;
  gsize raw_len;
  gint64 doc_id;
  guint n_comments = 0, caption_pair = 0, i;
  HashiyaImportOptions options;

  if (path == NULL)
    {
      g_test_skip ("HASHIYA_SHARED/seeds/000_0931c406bb116436.txt not available");
      return;
    }

  hashiya_import_options_init (&options);
  report = hashiya_import_report_new (path);
  g_assert_true (hashiya_import_file (f->store, path, &options, report, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (report->format, ==, HASHIYA_FORMAT_ARTICLE);
  g_assert_cmpuint (report->n_documents, ==, 1);
  g_assert_cmpuint (report->doc_ids->len, ==, 1);
  doc_id = g_array_index (report->doc_ids, gint64, 0);

  /* the text is kept exactly (this file has no BOM and LF line ends) */
  g_assert_true (g_file_get_contents (path, &raw, &raw_len, NULL));
  text = hashiya_store_get_text (f->store, doc_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (hashiya_text_get_utf8 (text, NULL), ==, raw);

  segs = hashiya_store_get_segments (f->store, doc_id, &error);
  g_assert_no_error (error);
  /* one segment per non-empty line: 85 lines, 44 of them non-empty */
  g_assert_cmpuint (segs->len, ==, 44);

#define KIND(i) (g_array_index (segs, HashiyaSegment, (i)).kind)
#define TEXT_IS(i, s) G_STMT_START { g_autofree char *t_ = segment_text (text, segs, (i)); \
                                     g_assert_cmpstr (t_, ==, (s)); } G_STMT_END

  TEXT_IS (0, "أخبار العراق");
  g_assert_cmpint (KIND (0), ==, HASHIYA_SEGMENT_SITE);
  TEXT_IS (1, "أمن");
  g_assert_cmpint (KIND (1), ==, HASHIYA_SEGMENT_SITE);
  TEXT_IS (2, "العراق والبشمركة يعززان التعاون العسكري");
  g_assert_cmpint (KIND (2), ==, HASHIYA_SEGMENT_TITLE);
  TEXT_IS (3, "خالد الطائي");
  g_assert_cmpint (KIND (3), ==, HASHIYA_SEGMENT_BYLINE);

  /* both repeated captions (lines 8/10 and 20/22 of the file) */
  g_assert_cmpint (KIND (4), ==, HASHIYA_SEGMENT_CAPTION);
  g_assert_cmpint (KIND (5), ==, HASHIYA_SEGMENT_CAPTION);
  g_assert_cmpint (KIND (6), ==, HASHIYA_SEGMENT_PARAGRAPH);
  g_assert_cmpint (KIND (10), ==, HASHIYA_SEGMENT_CAPTION);
  g_assert_cmpint (KIND (11), ==, HASHIYA_SEGMENT_CAPTION);
  {
    g_autofree char *a = segment_text (text, segs, 10);
    g_autofree char *b = segment_text (text, segs, 11);

    g_assert_cmpstr (a, ==, b);
    g_assert_true (g_str_has_suffix (a, "[حقوق الصورة لموقع PUKMEDIA الكردي]"));
  }
  for (i = 0; i < segs->len; i++)
    if (KIND (i) == HASHIYA_SEGMENT_CAPTION)
      caption_pair++;
  g_assert_cmpuint (caption_pair, ==, 4);

  TEXT_IS (15, "تعاون ثنائي");
  g_assert_cmpint (KIND (15), ==, HASHIYA_SEGMENT_HEADING);
  TEXT_IS (24, "الرغبة في العمل معًا");
  g_assert_cmpint (KIND (24), ==, HASHIYA_SEGMENT_HEADING);
  TEXT_IS (31, "'الجانبان يحتاج بعضهما للآخر'");
  g_assert_cmpint (KIND (31), ==, HASHIYA_SEGMENT_HEADING);
  g_assert_cmpint (KIND (14), ==, HASHIYA_SEGMENT_PARAGRAPH);
  g_assert_cmpint (KIND (16), ==, HASHIYA_SEGMENT_PARAGRAPH);
  g_assert_cmpint (KIND (36), ==, HASHIYA_SEGMENT_PARAGRAPH);

  TEXT_IS (37, "هل أعجبك هذا المقال؟");
  g_assert_cmpint (KIND (37), ==, HASHIYA_SEGMENT_BOILERPLATE);
  TEXT_IS (38, "2 تعليق");
  g_assert_cmpint (KIND (38), ==, HASHIYA_SEGMENT_BOILERPLATE);
  TEXT_IS (39, "سياسة ديارنا بشأن التعليقات * معلومات ضرورية 1500 / 1500");
  g_assert_cmpint (KIND (39), ==, HASHIYA_SEGMENT_BOILERPLATE);
  TEXT_IS (40, "العراق والبشمركة !!! هذا هو التطبيع على تمزيق العراق في ظل الأمريكان والموساد الأسرائيلي");
  g_assert_cmpint (KIND (40), ==, HASHIYA_SEGMENT_COMMENT);
  g_assert_cmpint (g_array_index (segs, HashiyaSegment, 40).comment_index, ==, 1);
  TEXT_IS (41, "الرد");
  g_assert_cmpint (KIND (41), ==, HASHIYA_SEGMENT_BOILERPLATE);
  g_assert_cmpint (KIND (42), ==, HASHIYA_SEGMENT_COMMENT);
  g_assert_cmpint (g_array_index (segs, HashiyaSegment, 42).comment_index, ==, 2);
  TEXT_IS (43, "الرد");
  g_assert_cmpint (KIND (43), ==, HASHIYA_SEGMENT_BOILERPLATE);

  /* every other segment between byline and the first boilerplate is a paragraph */
  for (i = 4; i < 37; i++)
    if (KIND (i) != HASHIYA_SEGMENT_CAPTION && KIND (i) != HASHIYA_SEGMENT_HEADING)
      g_assert_cmpint (KIND (i), ==, HASHIYA_SEGMENT_PARAGRAPH);
  for (i = 0; i < segs->len; i++)
    if (KIND (i) == HASHIYA_SEGMENT_COMMENT)
      n_comments++;
  g_assert_cmpuint (n_comments, ==, 2);
#undef KIND
#undef TEXT_IS

  /* the same file again: reported as a duplicate, not an error, nothing added */
  {
    g_autoptr(HashiyaImportReport) again = hashiya_import_report_new (path);
    g_autofree char *summary = NULL;

    g_assert_true (hashiya_import_file (f->store, path, &options, again, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (again->n_documents, ==, 0);
    g_assert_cmpuint (again->n_duplicates, ==, 1);
    g_assert_null (again->error);
    summary = hashiya_import_report_to_string (again);
    g_assert_nonnull (strstr (summary, "1 duplicate skipped"));
    g_assert_nonnull (strstr (summary, "already in the project"));
    g_assert_cmpuint (n_documents (f->store), ==, 1);
  }
}

/* ---- own fixtures --------------------------------------------------------------- */

static void
test_fixture_mixed (void)
{
  g_autofree char *path = data_path ("import-article-mixed.txt");
  g_autofree char *text = NULL;
  g_autoptr(GArray) segs = segment_file (path, FALSE, &text);

  /* one breadcrumb line, a byline with بقلم, English words, a caption with a Latin
   * credit, a question heading, "12 تعليقًا" */
  assert_kinds (segs, "site title byline paragraph caption caption paragraph heading paragraph "
                      "boilerplate boilerplate boilerplate comment boilerplate comment boilerplate");
  g_assert_cmpint (g_array_index (segs, HashiyaSegment, 12).comment_index, ==, 1);
  g_assert_cmpint (g_array_index (segs, HashiyaSegment, 14).comment_index, ==, 2);
}

static void
test_fixture_no_byline (void)
{
  g_autofree char *path = data_path ("import-article-nobyline.txt");
  g_autoptr(GArray) segs = segment_file (path, FALSE, NULL);

  /* no breadcrumb, no byline, no comment block: no comments at all */
  assert_kinds (segs, "title paragraph paragraph heading paragraph");
}

static void
test_fixture_crumbs (void)
{
  g_autofree char *path = data_path ("import-article-crumbs.txt");
  g_autoptr(GArray) segs = segment_file (path, FALSE, NULL);

  /* three breadcrumb lines, "تعليقان", a reply line right under a comment */
  assert_kinds (segs, "site site site title byline paragraph boilerplate boilerplate comment "
                      "boilerplate comment boilerplate");
}

static void
test_sample_articles (void)
{
  const char *src = g_getenv ("HASHIYA_SOURCE_DIR");
  const char *names[] = { "basra-desalination.txt", "qalam-app.txt" };

  if (src == NULL)
    {
      g_test_skip ("HASHIYA_SOURCE_DIR not set");
      return;
    }
  for (guint n = 0; n < G_N_ELEMENTS (names); n++)
    {
      g_autofree char *path = g_build_filename (src, "data", "sample", names[n], NULL);
      g_autoptr(GArray) segs = NULL;
      guint counts[HASHIYA_N_SEGMENT_KINDS] = { 0 };

      if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
        {
          g_test_message ("%s missing; skipped", path);
          continue;
        }
      segs = segment_file (path, FALSE, NULL);
      for (guint i = 0; i < segs->len; i++)
        counts[g_array_index (segs, HashiyaSegment, i).kind]++;
      g_assert_cmpint (g_array_index (segs, HashiyaSegment, 0).kind, ==, HASHIYA_SEGMENT_SITE);
      g_assert_cmpint (g_array_index (segs, HashiyaSegment, 2).kind, ==, HASHIYA_SEGMENT_TITLE);
      g_assert_cmpint (g_array_index (segs, HashiyaSegment, 3).kind, ==, HASHIYA_SEGMENT_BYLINE);
      g_assert_cmpuint (counts[HASHIYA_SEGMENT_SITE], ==, 2);
      g_assert_cmpuint (counts[HASHIYA_SEGMENT_TITLE], ==, 1);
      g_assert_cmpuint (counts[HASHIYA_SEGMENT_CAPTION], ==, 4);
      g_assert_cmpuint (counts[HASHIYA_SEGMENT_HEADING], ==, 2);
      g_assert_cmpuint (counts[HASHIYA_SEGMENT_COMMENT], ==, 5);
      /* like, count, policy and five reply lines */
      g_assert_cmpuint (counts[HASHIYA_SEGMENT_BOILERPLATE], ==, 8);
    }
}

static void
test_comments_only (Fixture       *f,
                    gconstpointer  unused)
{
  g_autofree char *path = data_path ("import-comments-only.txt");
  g_autoptr(GArray) segs = segment_file (path, TRUE, NULL);
  g_autoptr(GArray) stored = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HashiyaImportReport) report = hashiya_import_report_new (path);
  HashiyaImportOptions options;

  assert_kinds (segs, "comment boilerplate comment comment boilerplate");
  g_assert_cmpint (g_array_index (segs, HashiyaSegment, 0).comment_index, ==, 1);
  g_assert_cmpint (g_array_index (segs, HashiyaSegment, 2).comment_index, ==, 2);
  g_assert_cmpint (g_array_index (segs, HashiyaSegment, 3).comment_index, ==, 3);

  /* through the importer, with the option */
  hashiya_import_options_init (&options);
  options.comments_only = TRUE;
  g_assert_true (hashiya_import_file (f->store, path, &options, report, NULL, &error));
  g_assert_no_error (error);
  stored = hashiya_store_get_segments (f->store, g_array_index (report->doc_ids, gint64, 0), &error);
  g_assert_no_error (error);
  assert_kinds (stored, "comment boilerplate comment comment boilerplate");
}

/* BOM removed, CRLF and CR turned into LF; offsets count the cleaned text */
static void
test_bom_crlf (Fixture       *f,
               gconstpointer  unused)
{
  g_autofree char *path = write_temp (f, "crlf.txt",
                                      "\xEF\xBB\xBF" "عنوان الخبر\r\n\r\nفقرة أولى هنا.\rفقرة ثانية.\r\n", -1);
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  gsize len = 0;
  g_autoptr(HashiyaImportReport) report = hashiya_import_report_new (path);
  g_autoptr(HashiyaText) text = NULL;

  g_assert_true (hashiya_read_text_file (path, &data, &len, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (data, ==, "عنوان الخبر\n\nفقرة أولى هنا.\nفقرة ثانية.\n");
  g_assert_cmpuint (len, ==, strlen (data));

  g_assert_true (hashiya_import_file (f->store, path, NULL, report, NULL, &error));
  g_assert_no_error (error);
  text = hashiya_store_get_text (f->store, g_array_index (report->doc_ids, gint64, 0), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (hashiya_text_get_utf8 (text, NULL), ==, data);
}

/* ---- bad files ------------------------------------------------------------------ */

static void
test_bad_files (Fixture       *f,
                gconstpointer  unused)
{
  const char *good_text = "عنوان\n\nنص المقال هنا.\n";
  const char *head = "سطر أول\nab";
  g_autofree char *bad_utf8 = g_strconcat (head, "\xff" "cd\n", NULL);
  g_autofree char *p_utf8 = write_temp (f, "bad-utf8.txt", bad_utf8, -1);
  g_autofree char *p_nul = write_temp (f, "nul.txt", "abc\ndef\0ghi\n", 12);
  g_autofree char *p_empty = write_temp (f, "empty.txt", "", 0);
  g_autofree char *p_blank = write_temp (f, "blank.txt", " \n\t\n\xC2\xA0\n", -1);
  g_autofree char *p_good = write_temp (f, "good.txt", good_text, -1);
  g_autofree char *p_dir = g_build_filename (f->dir, "folder.txt", NULL);
  g_autofree char *p_missing = g_build_filename (f->dir, "missing.txt", NULL);
  g_autofree char *expect_utf8 = NULL;
  struct { const char *path; int code; const char *needle; } cases[] = {
    { p_utf8, HASHIYA_IMPORT_ERROR_ENCODING, NULL },
    { p_good, -1, NULL },
    { p_nul, HASHIYA_IMPORT_ERROR_ENCODING, "NUL byte at byte 7 (line 2)" },
    { p_empty, HASHIYA_IMPORT_ERROR_EMPTY, "empty" },
    { p_blank, HASHIYA_IMPORT_ERROR_EMPTY, "only whitespace" },
    { p_dir, HASHIYA_IMPORT_ERROR_READ, "directory" },
    { p_missing, HASHIYA_IMPORT_ERROR_READ, "no such file" },
  };

  g_assert_cmpint (g_mkdir (p_dir, 0755), ==, 0);
  expect_utf8 = g_strdup_printf ("%s: invalid UTF-8 at byte %zu (line 2)", p_utf8, strlen (head));
  cases[0].needle = expect_utf8;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(HashiyaImportReport) report = hashiya_import_report_new (cases[i].path);
      gboolean ok = hashiya_import_file (f->store, cases[i].path, NULL, report, NULL, &error);

      if (cases[i].code < 0)
        {
          g_assert_no_error (error);
          g_assert_true (ok);
          g_assert_cmpuint (report->n_documents, ==, 1);
          continue;
        }
      g_assert_false (ok);
      g_assert_error (error, HASHIYA_IMPORT_ERROR, cases[i].code);
      g_test_message ("%s", error->message);
      /* the message names the file and, for encoding problems, the byte offset */
      g_assert_true (g_str_has_prefix (error->message, cases[i].path));
      g_assert_nonnull (strstr (error->message, cases[i].needle));
      g_assert_error (report->error, HASHIYA_IMPORT_ERROR, cases[i].code);
      g_assert_cmpuint (report->n_documents, ==, 0);
      {
        g_autofree char *s = hashiya_import_report_to_string (report);
        g_assert_nonnull (strstr (s, "not imported"));
      }
    }
  /* only the good file is in the project */
  g_assert_cmpuint (n_documents (f->store), ==, 1);
}

/* ---- format detection ----------------------------------------------------------- */

static HashiyaFormat
detect_file (const char *name)
{
  g_autofree char *path = data_path (name);
  g_autofree char *data = NULL;
  gsize len = 0;

  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  return hashiya_detect_format (path, data, len);
}

static HashiyaFormat
detect_str (const char *s)
{
  return hashiya_detect_format (NULL, s, strlen (s));
}

static void
test_detect (void)
{
  g_autofree char *seed = seed_path ();

  g_assert_cmpint (detect_file ("import-article-mixed.txt"), ==, HASHIYA_FORMAT_ARTICLE);
  g_assert_cmpint (detect_file ("import-comments-only.txt"), ==, HASHIYA_FORMAT_ARTICLE);
  g_assert_cmpint (detect_file ("import-doc.json"), ==, HASHIYA_FORMAT_JSON);
  g_assert_cmpint (detect_file ("import-docs.jsonl"), ==, HASHIYA_FORMAT_JSONL);
  if (seed != NULL)
    {
      g_autofree char *data = NULL;
      gsize len;

      g_assert_true (g_file_get_contents (seed, &data, &len, NULL));
      g_assert_cmpint (hashiya_detect_format (seed, data, len), ==, HASHIYA_FORMAT_ARTICLE);
    }

  /* CoNLL: token TAG lines, -DOCSTART-, tabs, several columns */
  g_assert_cmpint (detect_str ("زار O\nأحمد B-PER\nالخطيب I-PER\nالموصل B-LOC\n. O\n\n"), ==,
                   HASHIYA_FORMAT_CONLL);
  g_assert_cmpint (detect_str ("-DOCSTART- -X- O O\n\nEU B-ORG\n"), ==, HASHIYA_FORMAT_CONLL);
  g_assert_cmpint (detect_str ("فرنسا\tS-LOC\nقالت\tO\nباريس\tS-LOC\n"), ==, HASHIYA_FORMAT_CONLL);
  g_assert_cmpint (detect_str ("في O O\nبغداد B-LOC B-GPE\nاليوم O B-DATE\n"), ==, HASHIYA_FORMAT_CONLL);
  /* a tag column followed by a POS column; CoNLL-2003 columns */
  g_assert_cmpint (detect_str ("وصل B-PERS NN\nعلي I-PERS NNP\nإلى O IN\nعمان B-LOC NNP\n"), ==,
                   HASHIYA_FORMAT_CONLL);
  g_assert_cmpint (detect_str ("EU NNP B-NP B-ORG\nrejects VBZ B-VP O\nGerman JJ B-NP B-MISC\n"), ==,
                   HASHIYA_FORMAT_CONLL);
  /* Arabic text is never CoNLL, even with Latin words and short lines */
  g_assert_cmpint (detect_str ("أخبار العراق\nأمن\n\nالعراق والبشمركة\n\nخالد الطائي\n"), ==,
                   HASHIYA_FORMAT_ARTICLE);
  g_assert_cmpint (detect_str ("بيان من PUKMEDIA\nتقرير BBC\nنقلا عن AFP\nO\n"), ==,
                   HASHIYA_FORMAT_ARTICLE);
  g_assert_cmpint (detect_str ("2 تعليق\nالرد\nالرد\n"), ==, HASHIYA_FORMAT_ARTICLE);
  /* a CoNLL file of one or two tagged tokens is still CoNLL; two short article lines are not */
  g_assert_cmpint (detect_str ("محمد B-PER\nذهب O\n"), ==, HASHIYA_FORMAT_CONLL);
  g_assert_cmpint (detect_str ("بغداد\tS-LOC\n"), ==, HASHIYA_FORMAT_CONLL);
  g_assert_cmpint (detect_str ("عنوان\n\nفقرة أولى هنا.\n"), ==, HASHIYA_FORMAT_ARTICLE);
  g_assert_cmpint (detect_str ("تقرير BBC\nنقلا عن AFP\n"), ==, HASHIYA_FORMAT_ARTICLE);
  g_assert_cmpint (detect_str ("O\n"), ==, HASHIYA_FORMAT_ARTICLE);

  /* JSON families */
  g_assert_cmpint (detect_str ("{\"format\":\"hashiya/1\",\"offsets\":\"codepoint\",\"labels\":[],\"documents\":[]}"),
                   ==, HASHIYA_FORMAT_JSON);
  g_assert_cmpint (detect_str ("{\"text\":\"نص\",\"label\":[[0,2,\"LOC\"]]}\n{\"text\":\"آخر\",\"label\":[]}\n"),
                   ==, HASHIYA_FORMAT_DOCCANO);
  g_assert_cmpint (detect_str ("{\"id\":1,\"text\":\"نص\",\"entities\":[{\"id\":1,\"label\":\"LOC\",\"start_offset\":0,\"end_offset\":2}]}\n"),
                   ==, HASHIYA_FORMAT_DOCCANO);
  g_assert_cmpint (detect_str ("{\"text\":\"نص\",\"spans\":[{\"start\":0,\"end\":2,\"label\":\"LOC\"}]}\n"),
                   ==, HASHIYA_FORMAT_SPACY);
  g_assert_cmpint (detect_str ("[{\"id\":1,\"data\":{\"text\":\"نص\"},\"annotations\":[]}]"),
                   ==, HASHIYA_FORMAT_LABEL_STUDIO);
  g_assert_cmpint (detect_str ("{\"source\":\"a.txt\",\"sha256\":\"00\",\"text\":\"نص\",\"segments\":[]}\n"),
                   ==, HASHIYA_FORMAT_JSONL);
  /* broken JSONL is still JSONL, so that its parser can say where it breaks */
  g_assert_cmpint (detect_str ("{\"source\":\"a.txt\",\"sha256\":\"00\",\"text\":\"نص\",}\n"),
                   ==, HASHIYA_FORMAT_JSONL);
  /* JSON of no known kind */
  g_assert_cmpint (detect_str ("{\"hello\": 1}\n"), ==, HASHIYA_FORMAT_AUTO);

  /* brat by name */
  g_assert_cmpint (hashiya_detect_format ("x/doc.ann", "T1\tPER 0 4\tأحمد\n", 20), ==, HASHIYA_FORMAT_BRAT);

  /* real CoNLL corpora, when present */
  {
    const char *shared = g_getenv ("HASHIYA_SHARED");
    const char *files[] = { "corpora/anercorp/ANERCorp.txt", "corpora/newsfane/NewsFANE_Gold_2014_170K.txt",
                            "corpora/wojood-sample/val.txt" };

    for (guint i = 0; shared && i < G_N_ELEMENTS (files); i++)
      {
        g_autofree char *p = g_build_filename (shared, files[i], NULL);
        g_autofree char *data = NULL;
        gsize len;

        if (!g_file_get_contents (p, &data, &len, NULL))
          {
            g_test_message ("%s not available", p);
            continue;
          }
        g_assert_cmpint (hashiya_detect_format (p, data, len), ==, HASHIYA_FORMAT_CONLL);
      }
  }
}

/* ---- hashiya/1 JSON ------------------------------------------------------------- */

static void
test_json_import (Fixture       *f,
                  gconstpointer  unused)
{
  g_autofree char *path = data_path ("import-doc.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(HashiyaImportReport) report = hashiya_import_report_new (path);
  g_autoptr(GPtrArray) spans = NULL;
  g_autoptr(GPtrArray) judgements = NULL;
  g_autoptr(GArray) segs = NULL;
  g_autoptr(HashiyaDocument) doc = NULL;
  g_autoptr(HashiyaLabel) event = NULL;
  g_autofree char *summary = NULL;
  HashiyaSpan *s;
  HashiyaJudgement *j;
  gint64 id;

  g_assert_true (hashiya_import_file (f->store, path, NULL, report, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (report->format, ==, HASHIYA_FORMAT_JSON);
  g_assert_cmpuint (report->n_documents, ==, 1);
  g_assert_cmpuint (report->n_spans, ==, 4);
  g_assert_cmpuint (report->n_judgements, ==, 3);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (report->spans_per_label, "PER")), ==, 2);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (report->spans_per_label, "EVENT")), ==, 1);
  summary = hashiya_import_report_to_string (report);
  g_assert_nonnull (strstr (summary, "PER 2"));
  id = g_array_index (report->doc_ids, gint64, 0);

  doc = hashiya_store_get_document (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (doc->source, ==, "mosul-visit.txt");
  g_assert_cmpstr (doc->date, ==, "2019-01-06");
  g_assert_true (doc->done);

  /* a label from "labels" with its colour and key */
  event = hashiya_store_get_label (f->store, "EVENT", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (event->color, ==, "#aa5500");
  g_assert_cmpstr (event->key, ==, "7");

  segs = hashiya_store_get_segments (f->store, id, &error);
  g_assert_no_error (error);
  assert_kinds (segs, "site title paragraph boilerplate comment boilerplate comment boilerplate");

  spans = hashiya_store_list_spans (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (spans->len, ==, 4);
  s = g_ptr_array_index (spans, 0);
  g_assert_cmpint (s->start, ==, 14);
  g_assert_cmpint (s->end, ==, 25);
  g_assert_cmpstr (s->label, ==, "PER");
  g_assert_cmpstr (s->annotator, ==, "alice");
  g_assert_cmpstr (s->origin, ==, "manual");
  s = g_ptr_array_index (spans, 2);
  g_assert_cmpstr (s->annotator, ==, "bob");
  g_assert_cmpstr (s->origin, ==, "suggestion");
  s = g_ptr_array_index (spans, 3);
  g_assert_cmpstr (s->label, ==, "EVENT");
  g_assert_cmpstr (s->origin, ==, "import");    /* no origin in the file */
  g_assert_cmpstr (s->note, ==, "تاريخ الزيارة");

  judgements = hashiya_store_list_judgements (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (judgements->len, ==, 3);
  j = g_ptr_array_index (judgements, 0);
  g_assert_cmpint (j->comment_index, ==, 1);
  g_assert_cmpstr (j->annotator, ==, "alice");
  g_assert_cmpint (j->sentiment, ==, HASHIYA_SENTIMENT_POSITIVE);
  g_assert_cmpint (j->offensive, ==, 0);
  g_assert_cmpint (j->hate_speech, ==, 0);
  g_assert_cmpint (j->decision, ==, HASHIYA_DECISION_APPROVE);
  g_assert_null (j->note);
  j = g_ptr_array_index (judgements, 1);
  g_assert_cmpstr (j->annotator, ==, "bob");
  g_assert_cmpint (j->sentiment, ==, HASHIYA_SENTIMENT_NEUTRAL);
  g_assert_cmpint (j->offensive, ==, -1);
  g_assert_cmpint (j->decision, ==, HASHIYA_DECISION_NONE);
  g_assert_cmpstr (j->note, ==, "قصير");
  j = g_ptr_array_index (judgements, 2);
  g_assert_cmpint (j->comment_index, ==, 2);
  g_assert_cmpint (j->sentiment, ==, HASHIYA_SENTIMENT_NEGATIVE);
  g_assert_cmpint (j->offensive, ==, 1);
  g_assert_cmpint (j->decision, ==, HASHIYA_DECISION_REJECT);
  g_assert_cmpstr (j->note, ==, "إهانة");

  /* importing it again is a duplicate */
  {
    g_autoptr(HashiyaImportReport) again = hashiya_import_report_new (path);

    g_assert_true (hashiya_import_file (f->store, path, NULL, again, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (again->n_duplicates, ==, 1);
    g_assert_cmpuint (again->n_spans, ==, 0);
  }
}

static void
test_jsonl_import (Fixture       *f,
                   gconstpointer  unused)
{
  g_autofree char *path = data_path ("import-docs.jsonl");
  g_autoptr(GError) error = NULL;
  g_autoptr(HashiyaImportReport) report = hashiya_import_report_new (path);
  g_autoptr(GPtrArray) spans = NULL;
  g_autoptr(GArray) segs = NULL;
  HashiyaSpan *s;

  g_assert_true (hashiya_import_file (f->store, path, NULL, report, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (report->format, ==, HASHIYA_FORMAT_JSONL);
  g_assert_cmpuint (report->n_documents, ==, 2);
  g_assert_cmpuint (report->n_spans, ==, 5);
  /* the second line has no segments: found by the article rules; no annotator and
   * origin: the importing user and "import" */
  segs = hashiya_store_get_segments (f->store, g_array_index (report->doc_ids, gint64, 1), &error);
  g_assert_no_error (error);
  assert_kinds (segs, "title paragraph");
  spans = hashiya_store_list_spans (f->store, g_array_index (report->doc_ids, gint64, 1), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (spans->len, ==, 1);
  s = g_ptr_array_index (spans, 0);
  g_assert_cmpstr (s->label, ==, "LOC");
  g_assert_cmpstr (s->origin, ==, "import");
  g_assert_cmpstr (s->annotator, ==, g_get_user_name ());
}

static void
test_json_errors (Fixture       *f,
                  gconstpointer  unused)
{
  struct { const char *name; int code; const char *needle; } cases[] = {
    { "import-bad-mismatch.json", HASHIYA_IMPORT_ERROR_DATA, "line 84: document 1: entity 2: \"text\" is \"بغداد\"" },
    { "import-bad-range.json", HASHIYA_IMPORT_ERROR_DATA, "document 1: entity 3: offsets 53-" },
    { "import-bad-syntax.json", HASHIYA_IMPORT_ERROR_SYNTAX, ": line 4, column" },
    { "import-bad-line.jsonl", HASHIYA_IMPORT_ERROR_SYNTAX, ": line 2" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = data_path (cases[i].name);
      g_autoptr(GError) error = NULL;
      g_autoptr(HashiyaImportReport) report = hashiya_import_report_new (path);

      g_assert_false (hashiya_import_file (f->store, path, NULL, report, NULL, &error));
      g_assert_error (error, HASHIYA_IMPORT_ERROR, cases[i].code);
      g_test_message ("%s", error->message);
      g_assert_true (g_str_has_prefix (error->message, path));
      g_assert_nonnull (strstr (error->message, cases[i].needle));
      g_assert_cmpuint (report->n_documents, ==, 0);
    }
  /* JSON that is no format we know */
  {
    g_autofree char *path = write_temp (f, "unknown.json", "{\"hello\": [1, 2]}\n", -1);
    g_autoptr(GError) error = NULL;

    g_assert_false (hashiya_import_file (f->store, path, NULL, NULL, NULL, &error));
    g_assert_error (error, HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_FORMAT);
    g_assert_true (g_str_has_prefix (error->message, path));
  }
  /* nothing at all was imported, not even the good first line of the JSONL file */
  g_assert_cmpuint (n_documents (f->store), ==, 0);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(HashiyaLabel) l = hashiya_store_get_label (f->store, "EVENT", &error);

    g_assert_null (l);
  }
}

/* a declared label whose key the project already uses is created without it */
static void
test_label_key_clash (Fixture       *f,
                      gconstpointer  unused)
{
  const char *json =
    "{\"format\":\"hashiya/1\",\"labels\":[{\"name\":\"GPE\",\"color\":\"#123456\",\"key\":\"1\"}],"
    "\"documents\":[{\"text\":\"زار بغداد\",\"entities\":[{\"id\":1,\"start\":4,\"end\":9,"
    "\"label\":\"GPE\",\"text\":\"بغداد\"}]}]}";
  g_autofree char *path = write_temp (f, "clash.json", json, -1);
  g_autoptr(GError) error = NULL;
  g_autoptr(HashiyaImportReport) report = hashiya_import_report_new (path);
  g_autoptr(HashiyaLabel) gpe = NULL;
  g_autoptr(HashiyaLabel) per = NULL;
  g_autofree char *summary = NULL;

  g_assert_true (hashiya_import_file (f->store, path, NULL, report, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report->n_spans, ==, 1);
  gpe = hashiya_store_get_label (f->store, "GPE", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gpe->key, !=, "1");
  per = hashiya_store_get_label (f->store, "PER", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (per->key, ==, "1");
  summary = hashiya_import_report_to_string (report);
  g_assert_nonnull (strstr (summary, "label GPE: created without the file's colour/key"));
}

/* A failure half-way through a file (a span the store refuses) rolls back the whole file. */
static void
test_rollback (Fixture       *f,
               gconstpointer  unused)
{
  /* the second document's span cuts a harakah off its letter: not a grapheme boundary */
  const char *json =
    "{\"format\":\"hashiya/1\",\"documents\":["
    "{\"text\":\"وثيقة أولى سليمة\",\"entities\":[{\"start\":0,\"end\":5,\"label\":\"ORG\"}]},"
    "{\"text\":\"مُحمد\",\"entities\":[{\"start\":0,\"end\":1,\"label\":\"PER\"}]}]}";
  g_autofree char *path = write_temp (f, "rollback.json", json, -1);
  g_autoptr(GError) error = NULL;
  g_autoptr(HashiyaImportReport) report = hashiya_import_report_new (path);

  g_assert_false (hashiya_import_file (f->store, path, NULL, report, NULL, &error));
  g_assert_error (error, HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_DATA);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "document 2"));
  g_assert_cmpuint (report->n_documents, ==, 0);
  g_assert_cmpuint (report->n_spans, ==, 0);
  g_assert_cmpuint (n_documents (f->store), ==, 0);
}

static void
test_cancel (Fixture       *f,
             gconstpointer  unused)
{
  g_autofree char *path = data_path ("import-docs.jsonl");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  g_cancellable_cancel (cancellable);
  g_assert_false (hashiya_import_file (f->store, path, NULL, NULL, cancellable, &error));
  g_assert_error (error, HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_CANCELLED);
  g_assert_cmpuint (n_documents (f->store), ==, 0);
}

/* export → import into a new project → export gives the same bytes */
static char *
export_json (HashiyaStore  *store,
             HashiyaFormat  format)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(HashiyaExportReport) report = hashiya_export_report_new ();
  HashiyaExportOptions options;
  char *data;

  hashiya_export_options_init (&options);
  options.format = format;
  g_assert_true (hashiya_export_to_stream (store, &options, out, report, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_write_all (out, "", 1, NULL, NULL, &error));
  g_assert_true (g_output_stream_close (out, NULL, &error));
  data = g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (out));
  return data;
}

static void
test_round_trip (Fixture       *f,
                 gconstpointer  unused)
{
  const HashiyaFormat formats[] = { HASHIYA_FORMAT_JSON, HASHIYA_FORMAT_JSONL };
  g_autofree char *path = data_path ("import-doc.json");
  g_autofree char *seed = seed_path ();
  g_autoptr(GError) error = NULL;

  g_assert_true (hashiya_import_file (f->store, path, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  if (seed)
    {
      g_assert_true (hashiya_import_file (f->store, seed, NULL, NULL, NULL, &error));
      g_assert_no_error (error);
    }

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autofree char *first = export_json (f->store, formats[i]);
      g_autofree char *file = write_temp (f, i ? "rt.jsonl" : "rt.json", first, -1);
      g_autofree char *store2_path = g_strdup_printf ("%s/rt-%u.hashiya", f->dir, i);
      g_autoptr(HashiyaStore) store2 = hashiya_store_open (store2_path, TRUE, &error);
      g_autoptr(HashiyaImportReport) report = hashiya_import_report_new (file);
      g_autofree char *second = NULL;

      g_assert_no_error (error);
      g_assert_true (hashiya_import_file (store2, file, NULL, report, NULL, &error));
      g_assert_no_error (error);
      g_assert_cmpint (report->format, ==, formats[i]);
      second = export_json (store2, formats[i]);
      g_assert_cmpstr (first, ==, second);
      hashiya_store_close (store2);
    }
}

/* ---- several files in a thread -------------------------------------------------- */

typedef struct
{
  GMainLoop *loop;
  GPtrArray *reports;
  guint      n_progress;
  guint      last_total;
} AsyncState;

static void
on_progress (guint                      n_done,
             guint                      n_total,
             const HashiyaImportReport *report,
             gpointer                   user_data)
{
  AsyncState *st = user_data;

  st->n_progress++;
  g_assert_cmpuint (n_done, ==, st->n_progress);
  st->last_total = n_total;
  g_assert_nonnull (report->path);
}

static void
on_imported (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  AsyncState *st = user_data;
  g_autoptr(GError) error = NULL;

  st->reports = hashiya_import_files_finish (HASHIYA_STORE (source), result, &error);
  g_assert_no_error (error);
  g_main_loop_quit (st->loop);
}

static void
test_async (Fixture       *f,
            gconstpointer  unused)
{
  g_autofree char *a = data_path ("import-article-mixed.txt");
  g_autofree char *b = write_temp (f, "bad.txt", "abc\xfe\n", -1);
  g_autofree char *c = data_path ("import-article-crumbs.txt");
  const char *paths[] = { a, b, c, NULL };
  AsyncState st = { 0 };

  st.loop = g_main_loop_new (NULL, FALSE);
  hashiya_import_files_async (f->store, paths, NULL, on_progress, &st, NULL, NULL, on_imported, &st);
  g_main_loop_run (st.loop);
  g_main_loop_unref (st.loop);

  g_assert_cmpuint (st.n_progress, ==, 3);
  g_assert_cmpuint (st.last_total, ==, 3);
  g_assert_cmpuint (st.reports->len, ==, 3);
  g_assert_null (((HashiyaImportReport *) g_ptr_array_index (st.reports, 0))->error);
  g_assert_error (((HashiyaImportReport *) g_ptr_array_index (st.reports, 1))->error,
                  HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_ENCODING);
  g_assert_null (((HashiyaImportReport *) g_ptr_array_index (st.reports, 2))->error);
  g_assert_cmpuint (n_documents (f->store), ==, 2);
  g_ptr_array_unref (st.reports);
}

/* ---- a 50 MB article ------------------------------------------------------------ */

static glong
max_rss_kb (void)
{
  struct rusage ru;

  getrusage (RUSAGE_SELF, &ru);
  return ru.ru_maxrss;
}

static void
test_large_article (Fixture       *f,
                    gconstpointer  unused)
{
  const char *para = "وقال المتحدث باسم وزارة الدفاع العراقية إن القوات المشتركة "
                     "نفذت عملية واسعة في صحراء الأنبار يوم 12 كانون الثاني/يناير 2019، "
                     "وأسفرت عن تدمير مخابئ للأسلحة والعتاد.\n\n";
  g_autofree char *path = g_build_filename (f->dir, "large.txt", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(HashiyaImportReport) report = hashiya_import_report_new (path);
  gsize size = 0, target = 50 * 1024 * 1024, plen = strlen (para);
  glong before, after;
  gint64 start_time;
  FILE *fp;

  if (!g_test_slow () && g_getenv ("HASHIYA_SKIP_LARGE"))
    {
      g_test_skip ("HASHIYA_SKIP_LARGE set");
      return;
    }

  fp = fopen (path, "w");
  g_assert_nonnull (fp);
  fputs ("أخبار العراق\nأمن\n\nعنوان مقال طويل جدًا للاختبار\n\nكاتب الاختبار\n\n", fp);
  while (size < target)
    {
      g_assert_cmpint (fwrite (para, 1, plen, fp), ==, plen);
      size += plen;
    }
  fputs ("هل أعجبك هذا المقال؟\n\n3 تعليقات\n\nتعليق أول\n\nالرد\n\nتعليق ثان\n\nالرد\n", fp);
  g_assert_cmpint (fclose (fp), ==, 0);

  before = max_rss_kb ();
  start_time = g_get_monotonic_time ();
  g_assert_true (hashiya_import_file (f->store, path, NULL, report, NULL, &error));
  g_assert_no_error (error);
  after = max_rss_kb ();
  g_test_message ("50 MB article: %.1f s, peak RSS grew by %ld MB (from %ld MB)",
                  (g_get_monotonic_time () - start_time) / 1e6, (after - before) / 1024, before / 1024);
  g_assert_cmpuint (report->n_documents, ==, 1);
  /* a few copies at most: growth under five times the file. AddressSanitizer keeps freed
   * blocks in quarantine and pads every allocation, so RSS says nothing there. */
#if defined(__SANITIZE_ADDRESS__)
  g_test_message ("AddressSanitizer build: the peak-memory bound is not checked");
#else
  g_assert_cmpint ((after - before) * 1024, <, 5 * (glong) size);
#endif

  {
    g_autoptr(GArray) segs = hashiya_store_get_segments (f->store, g_array_index (report->doc_ids, gint64, 0), &error);
    guint n = segs->len;

    g_assert_no_error (error);
    g_assert_cmpint (g_array_index (segs, HashiyaSegment, 2).kind, ==, HASHIYA_SEGMENT_TITLE);
    g_assert_cmpint (g_array_index (segs, HashiyaSegment, n - 2).kind, ==, HASHIYA_SEGMENT_COMMENT);
    g_assert_cmpint (g_array_index (segs, HashiyaSegment, n - 2).comment_index, ==, 2);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, fn) g_test_add (name, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/import/seed/segments", test_seed_segments);
  g_test_add_func ("/import/article/mixed", test_fixture_mixed);
  g_test_add_func ("/import/article/no-byline", test_fixture_no_byline);
  g_test_add_func ("/import/article/crumbs", test_fixture_crumbs);
  g_test_add_func ("/import/article/samples", test_sample_articles);
  ADD ("/import/article/comments-only", test_comments_only);
  ADD ("/import/read/bom-crlf", test_bom_crlf);
  ADD ("/import/read/bad-files", test_bad_files);
  g_test_add_func ("/import/detect", test_detect);
  ADD ("/import/json/store", test_json_import);
  ADD ("/import/json/jsonl", test_jsonl_import);
  ADD ("/import/json/errors", test_json_errors);
  ADD ("/import/json/rollback", test_rollback);
  ADD ("/import/json/label-key-clash", test_label_key_clash);
  ADD ("/import/cancel", test_cancel);
  ADD ("/import/json/round-trip", test_round_trip);
  ADD ("/import/async", test_async);
  ADD ("/import/large-article", test_large_article);
#undef ADD

  return g_test_run ();
}
