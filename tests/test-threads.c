/* test-threads.c: reply threads found by the article reader (rule 6 of hashiya-article-segment.c)
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The parents are checked on the reader's segments and again on what the store keeps after
 * an import, on the shared seed (no replies), on fixtures with nested replies and on
 * fixtures that must not get any.
 */
#include <string.h>
#include <glib/gstdio.h>

#include "hashiya-import.h"
#include "hashiya-store-schema.h"
#include "hashiya-article.h"

typedef struct
{
  char         *dir;
  char         *path;
  HashiyaStore *store;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("hashiya-threads-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "test.hashiya", NULL);
  f->store = hashiya_store_open (f->path, TRUE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->store);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (f->path, "-shm", NULL);

  hashiya_store_close (f->store);
  g_clear_object (&f->store);
  g_unlink (f->path);
  g_unlink (wal);
  g_unlink (shm);
  g_rmdir (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static char *
data_path (const char *name)
{
  const char *dir = g_getenv ("HASHIYA_TEST_DATA");

  return g_build_filename (dir ? dir : "tests/data", name, NULL);
}

/* "p1 p2 …": the parent of each comment, in comment order */
static char *
parents_of (GArray *segs)
{
  GString *s = g_string_new (NULL);
  int expect = 1;

  for (guint i = 0; i < segs->len; i++)
    {
      const HashiyaSegment *seg = &g_array_index (segs, HashiyaSegment, i);

      if (seg->kind != HASHIYA_SEGMENT_COMMENT)
        {
          g_assert_cmpint (seg->parent_index, ==, 0);
          continue;
        }
      g_assert_cmpint (seg->comment_index, ==, expect);
      expect++;
      /* a reply always answers an earlier comment */
      g_assert_cmpint (seg->parent_index, >=, 0);
      g_assert_cmpint (seg->parent_index, <, seg->comment_index);
      g_string_append_printf (s, "%s%d", s->len ? " " : "", seg->parent_index);
    }
  return g_string_free (s, FALSE);
}

static GArray *
segment_file (const char *path,
              gboolean    comments_only)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  gsize len = 0;

  g_assert_true (hashiya_read_text_file (path, &data, &len, &error));
  g_assert_no_error (error);
  return hashiya_article_segment (data, len, comments_only);
}

/* Imports path and returns the stored parents. */
static char *
import_parents (Fixture    *f,
                const char *path,
                gboolean    comments_only,
                gint64     *doc_id_out)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HashiyaImportReport) report = hashiya_import_report_new (path);
  g_autoptr(GArray) stored = NULL;
  HashiyaImportOptions options;
  gint64 doc_id;

  hashiya_import_options_init (&options);
  options.comments_only = comments_only;
  g_assert_true (hashiya_import_file (f->store, path, &options, report, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report->doc_ids->len, ==, 1);
  doc_id = g_array_index (report->doc_ids, gint64, 0);
  if (doc_id_out)
    *doc_id_out = doc_id;
  stored = hashiya_store_get_segments (f->store, doc_id, &error);
  g_assert_no_error (error);
  return parents_of (stored);
}

static void
check_file (Fixture    *f,
            const char *name,
            gboolean    comments_only,
            const char *expected)
{
  g_autofree char *path = data_path (name);
  g_autoptr(GArray) segs = segment_file (path, comments_only);
  g_autofree char *got = parents_of (segs);
  g_autofree char *stored = import_parents (f, path, comments_only, NULL);

  g_test_message ("%s: parents %s", name, got);
  g_assert_cmpstr (got, ==, expected);
  g_assert_cmpstr (stored, ==, expected);
}

/* The seed: two comments, each followed by its الرد line, "2 تعليق": both top-level. */
static void
test_seed (Fixture       *f,
           gconstpointer  unused)
{
  const char *shared = g_getenv ("HASHIYA_SHARED");
  g_autofree char *path = NULL;
  g_autoptr(GArray) segs = NULL;
  g_autofree char *got = NULL;
  g_autofree char *stored = NULL;

  if (shared != NULL && *shared != '\0')
    path = g_build_filename (shared, "seeds", "000_0931c406bb116436.txt", NULL);
  if (path == NULL || !g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("HASHIYA_SHARED/seeds/000_0931c406bb116436.txt not available: seed not checked");
      return;
    }
  segs = segment_file (path, FALSE);
  got = parents_of (segs);
  g_assert_cmpstr (got, ==, "0 0");
  stored = import_parents (f, path, FALSE, NULL);
  g_assert_cmpstr (stored, ==, "0 0");
}

/* Rule 6b (reply openings) and 6c (a reply's next line), on an article with a count line:
 *  1 top; 2 "رد على …" answers 1; 3 "@سعاد …" answers 2 (a reply to a reply); 4 top;
 *  5 "ردًا على …" answers 4 and 6, its second line, too; 7 top. */
static void
test_markers (Fixture       *f,
              gconstpointer  unused)
{
  check_file (f, "import-article-threads.txt", FALSE, "0 1 2 0 4 4 0");
}

/* Rule 6a (indentation), comments only: 2 answers 1, 3 answers 2 (deeper), 4 answers 1
 * again (back to 2's depth), 5 top, 6 (a tab) answers 5, 7 top. */
static void
test_indented (Fixture       *f,
               gconstpointer  unused)
{
  check_file (f, "import-comments-threads.txt", TRUE, "0 1 2 1 0 5 0");
}

/* No false replies: an address with "@" inside, a bare "رد" line, "ردود …", and every
 * other article fixture. */
static void
test_no_false_replies (Fixture       *f,
                       gconstpointer  unused)
{
  static const char * const files[] = {
    "import-article-mixed.txt", "import-article-nobyline.txt", "import-article-crumbs.txt",
  };
  g_autofree char *path = data_path ("import-comments-nothreads.txt");
  g_autoptr(GArray) segs = segment_file (path, TRUE);
  g_autofree char *got = parents_of (segs);

  g_assert_cmpstr (got, ==, "0 0 0");
  g_clear_pointer (&segs, g_array_unref);
  segs = segment_file (path, FALSE);   /* no count line: no comments at all */
  g_clear_pointer (&got, g_free);
  got = parents_of (segs);
  g_assert_cmpstr (got, ==, "");

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    for (int co = 0; co < 2; co++)
      {
        g_autofree char *p = data_path (files[i]);
        g_autoptr(GArray) s = segment_file (p, co);

        for (guint k = 0; k < s->len; k++)
          g_assert_cmpint (g_array_index (s, HashiyaSegment, k).parent_index, ==, 0);
      }
}

/* An article line between comments ends every thread; one comment has no parent. */
static void
test_edges (Fixture       *f,
            gconstpointer  unused)
{
  static const char text[] =
    "@أحمد أول تعليق\n"                 /* 1: nothing before it, top-level */
    "  عبارة مزاحة\n"                    /* 2: indented under 1 */
    "@\n"                               /* 3: "@" alone is no opening */
    "reply to all: yes\n";              /* 4: answers 3 */
  g_autoptr(GArray) segs = hashiya_article_segment (text, strlen (text), TRUE);
  g_autofree char *got = parents_of (segs);

  g_assert_cmpstr (got, ==, "0 1 0 3");
}

/* The reader's guess is corrected through the store: set, move, clear, refuse a cycle. */
static void
test_correct (Fixture       *f,
              gconstpointer  unused)
{
  g_autofree char *path = data_path ("import-article-threads.txt");
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) segs = NULL;
  g_autofree char *got = NULL;
  gint64 doc_id;

  got = import_parents (f, path, FALSE, &doc_id);
  g_assert_cmpstr (got, ==, "0 1 2 0 4 4 0");
  /* 3 answers 1, not 2 (a sibling); 7 answers 6; 5 is top-level after all */
  g_assert_true (hashiya_store_set_comment_parent (f->store, doc_id, 3, 1, &error));
  g_assert_true (hashiya_store_set_comment_parent (f->store, doc_id, 7, 6, &error));
  g_assert_true (hashiya_store_set_comment_parent (f->store, doc_id, 5, 0, &error));
  g_assert_no_error (error);
  g_assert_false (hashiya_store_set_comment_parent (f->store, doc_id, 2, 3, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  segs = hashiya_store_get_segments (f->store, doc_id, &error);
  g_assert_no_error (error);
  g_clear_pointer (&got, g_free);
  got = parents_of (segs);
  g_assert_cmpstr (got, ==, "0 1 1 0 0 4 6");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
#define ADD(name, fn) g_test_add ("/threads/" name, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("seed", test_seed);
  ADD ("markers-nested", test_markers);
  ADD ("indented-nested", test_indented);
  ADD ("no-false-replies", test_no_false_replies);
  ADD ("edges", test_edges);
  ADD ("correct", test_correct);
  return g_test_run ();
}
