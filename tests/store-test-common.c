/* store-test-common.c: the fixture and helpers the store's test programs share
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "store-test-common.h"

/* An article with a title, a paragraph with harakat, and three comments around a reply line. */
const char article[] =
  "عنوان الخبر\n"
  "زار مُحَمَّد القاهرة يوم الأحد.\n"
  "تعليق أول\n"
  "الرد\n"
  "تعليق ثاني\n"
  "تعليق ثالث\n";

void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("hashiya-store-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "test.hashiya", NULL);
}

void
remove_tree (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *p = g_build_filename (dir, name, NULL);
      g_unlink (p);
    }
  g_rmdir (dir);
}

void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

/* Code-point offset of needle in haystack (must occur). */
gint64
cp_of (const char *haystack,
       const char *needle)
{
  const char *p = strstr (haystack, needle);

  g_assert_nonnull (p);
  return g_utf8_pointer_to_offset (haystack, p);
}

gint64
cp_len (const char *s)
{
  return g_utf8_strlen (s, -1);
}

HashiyaSegment
seg (HashiyaSegmentKind  kind,
     const char         *line)
{
  HashiyaSegment s = { kind, cp_of (article, line), cp_of (article, line) + cp_len (line), 0 };
  return s;
}

/* Adds the article with its six segments. */
gint64
add_article (HashiyaStore *store,
             const char   *source)
{
  g_autoptr(GError) error = NULL;
  HashiyaSegment segs[] = {
    seg (HASHIYA_SEGMENT_TITLE, "عنوان الخبر"),
    seg (HASHIYA_SEGMENT_PARAGRAPH, "زار مُحَمَّد القاهرة يوم الأحد."),
    seg (HASHIYA_SEGMENT_COMMENT, "تعليق أول"),
    seg (HASHIYA_SEGMENT_BOILERPLATE, "الرد"),
    seg (HASHIYA_SEGMENT_COMMENT, "تعليق ثاني"),
    seg (HASHIYA_SEGMENT_COMMENT, "تعليق ثالث"),
  };
  gint64 id;

  id = hashiya_store_add_document (store, source, article, -1, NULL, segs, G_N_ELEMENTS (segs),
                                   "2024-05-01", &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

HashiyaStore *
open_new (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  HashiyaStore *store = hashiya_store_open (f->path, TRUE, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  return store;
}

GBytes *
file_bytes (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize len = 0;

  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, len);
}

void
write_bytes (const char *path,
             const void *data,
             gsize       len)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, data, len, &error);
  g_assert_no_error (error);
}

/* The note of annotator's judgement of comment index in doc is expected. */
void
assert_judgement_note (HashiyaStore *store,
                       gint64        doc,
                       int           index,
                       const char   *annotator,
                       const char   *expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HashiyaJudgement) got = hashiya_store_get_judgement (store, doc, index, annotator,
                                                                 &error);

  g_assert_no_error (error);
  g_assert_nonnull (got);
  g_assert_cmpstr (got->note, ==, expected);
}

void
assert_no_sidecars (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  g_autofree char *journal = g_strconcat (path, "-journal", NULL);

  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (shm, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (journal, G_FILE_TEST_EXISTS));
}

void
raw_exec (const char *path,
          const char *sql)
{
  sqlite3 *db = NULL;
  char *msg = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  if (sqlite3_exec (db, sql, NULL, NULL, &msg) != SQLITE_OK)
    g_error ("%s: %s", sql, msg);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
}

gint64
raw_int (const char *path,
         const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 v;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  v = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return v;
}
