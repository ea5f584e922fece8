/* test-store.c: the project file: schema, refusals that leave files untouched, rules, concurrency
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <errno.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "hashiya-store.h"

/* An article with a title, a paragraph with harakat, and three comments around a reply line. */
static const char article[] =
  "عنوان الخبر\n"
  "زار مُحَمَّد القاهرة يوم الأحد.\n"
  "تعليق أول\n"
  "الرد\n"
  "تعليق ثاني\n"
  "تعليق ثالث\n";

typedef struct
{
  char *dir;
  char *path;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("hashiya-store-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "test.hashiya", NULL);
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
      g_unlink (p);
    }
  g_rmdir (dir);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

/* Code-point offset of needle in haystack (must occur). */
static gint64
cp_of (const char *haystack,
       const char *needle)
{
  const char *p = strstr (haystack, needle);

  g_assert_nonnull (p);
  return g_utf8_pointer_to_offset (haystack, p);
}

static gint64
cp_len (const char *s)
{
  return g_utf8_strlen (s, -1);
}

static HashiyaSegment
seg (HashiyaSegmentKind  kind,
     const char         *line)
{
  HashiyaSegment s = { kind, cp_of (article, line), cp_of (article, line) + cp_len (line), 0 };
  return s;
}

/* Adds the article with its six segments. */
static gint64
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

static HashiyaStore *
open_new (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  HashiyaStore *store = hashiya_store_open (f->path, TRUE, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  return store;
}

static GBytes *
file_bytes (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize len = 0;

  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, len);
}

static void
write_bytes (const char *path,
             const void *data,
             gsize       len)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, data, len, &error);
  g_assert_no_error (error);
}

/* The note of annotator's judgement of comment index in doc is expected. */
static void
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

static void
assert_no_sidecars (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  g_autofree char *journal = g_strconcat (path, "-journal", NULL);

  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (shm, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (journal, G_FILE_TEST_EXISTS));
}

static void
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

static gint64
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

/* ------------------------------------------------------------------------- */

static void
test_create_reopen (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HashiyaStore) store = NULL;
  g_autoptr(HashiyaDocument) doc = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  gint64 doc_id, span_id;

  /* create = FALSE on a missing file */
  store = hashiya_store_open (f->path, FALSE, &error);
  g_assert_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_IO);
  g_assert_null (store);
  g_assert_false (g_file_test (f->path, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  store = open_new (f);
  g_assert_cmpstr (hashiya_store_get_path (store), ==, f->path);
  g_assert_cmpint (hashiya_store_get_schema_version (store), ==, HASHIYA_STORE_SCHEMA_VERSION);
  doc_id = add_article (store, "a.txt");
  span_id = hashiya_store_add_span (store, doc_id, cp_of (article, "القاهرة"),
                                    cp_of (article, "القاهرة") + cp_len ("القاهرة"), "LOC",
                                    "amira", NULL, &error);
  g_assert_no_error (error);
  g_assert_true (hashiya_store_set_meta (store, "last-document", "1", &error));
  g_assert_no_error (error);
  g_clear_object (&store);

  /* the schema version is recorded in the file, and the marker row is there */
  g_assert_cmpint (raw_int (f->path, "PRAGMA user_version"), ==, HASHIYA_STORE_SCHEMA_VERSION);
  g_assert_cmpint (raw_int (f->path, "SELECT count(*) FROM meta WHERE key = 'application' "
                                     "AND value = 'hashiya'"), ==, 1);
  g_assert_cmpint (raw_int (f->path, "PRAGMA journal_mode"), ==, 0); /* "wal" is not a number */
  assert_no_sidecars (f->path);

  /* opening an existing project (create TRUE or FALSE) reads it as is and changes nothing */
  before = file_bytes (f->path);
  for (int create = 0; create <= 1; create++)
    {
      store = hashiya_store_open (f->path, create, &error);
      g_assert_no_error (error);
      g_assert_cmpint (hashiya_store_get_schema_version (store), ==, HASHIYA_STORE_SCHEMA_VERSION);
      doc = hashiya_store_get_document (store, doc_id, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (doc->source, ==, "a.txt");
      g_assert_cmpstr (doc->date, ==, "2024-05-01");
      g_assert_cmpint (doc->length, ==, cp_len (article));
      g_assert_cmpuint (doc->n_spans, ==, 1);
      g_assert_cmpuint (doc->n_comments, ==, 3);
      g_clear_pointer (&doc, hashiya_document_free);
      {
        g_autoptr(HashiyaSpan) span = hashiya_store_get_span (store, span_id, &error);
        g_assert_no_error (error);
        g_assert_cmpstr (span->label, ==, "LOC");
        g_assert_cmpstr (span->annotator, ==, "amira");
        g_assert_cmpstr (span->origin, ==, "manual");
      }
      {
        g_autofree char *v = hashiya_store_get_meta (store, "last-document");
        g_assert_cmpstr (v, ==, "1");
      }
      hashiya_store_close (store);
      g_clear_object (&store);
    }
  after = file_bytes (f->path);
  g_assert_true (g_bytes_equal (before, after));
  assert_no_sidecars (f->path);
}

static void
test_migrations (Fixture       *f,
                 gconstpointer  data)
{
  static const char * const tables[] = {
    "meta", "documents", "segments", "labels", "annotators", "spans", "judgements",
  };
  g_autoptr(HashiyaStore) store = open_new (f);
  g_autoptr(GBytes) bytes = NULL;
  const guint8 *header;

  g_clear_object (&store);
  g_assert_cmpint (raw_int (f->path, "PRAGMA user_version"), ==, HASHIYA_STORE_SCHEMA_VERSION);
  for (gsize i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM sqlite_master "
                                              "WHERE type = 'table' AND name = '%s'", tables[i]);
      g_assert_cmpint (raw_int (f->path, sql), ==, 1);
    }
  g_assert_cmpint (raw_int (f->path, "SELECT count(*) FROM sqlite_master WHERE type = 'index' "
                                     "AND name = 'spans_doc_start'"), ==, 1);
  g_assert_cmpint (raw_int (f->path, "SELECT count(*) FROM meta"), ==, 1);
  /* the file is in WAL mode: header bytes 18 and 19 are 2 */
  bytes = file_bytes (f->path);
  header = g_bytes_get_data (bytes, NULL);
  g_assert_cmpint (header[18], ==, 2);
  g_assert_cmpint (header[19], ==, 2);

  /* opening again runs no migration and writes nothing */
  store = hashiya_store_open (f->path, FALSE, &(GError *) { NULL });
  g_assert_nonnull (store);
  g_assert_cmpint (hashiya_store_get_schema_version (store), ==, HASHIYA_STORE_SCHEMA_VERSION);
  g_clear_object (&store);
  {
    g_autoptr(GBytes) again = file_bytes (f->path);
    g_assert_true (g_bytes_equal (bytes, again));
  }
  g_assert_cmpint (raw_int (f->path, "SELECT count(*) FROM labels"), ==, 5);
}

static void
test_default_labels (Fixture       *f,
                     gconstpointer  data)
{
  static const char * const names[] = { "PER", "LOC", "ORG", "DATE", "MISC" };
  g_autoptr(GError) error = NULL;
  g_autoptr(HashiyaStore) store = open_new (f);
  g_autoptr(GPtrArray) labels = hashiya_store_list_labels (store, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (labels->len, ==, 5);
  for (guint i = 0; i < labels->len; i++)
    {
      HashiyaLabel *label = labels->pdata[i];
      char key[2] = { '1' + i, 0 };

      g_assert_cmpstr (label->name, ==, names[i]);
      g_assert_cmpstr (label->key, ==, key);
      g_assert_cmpint (label->position, ==, i);
      g_assert_cmpuint (strlen (label->color), ==, 7);
      g_assert_cmpint (label->color[0], ==, '#');
      for (guint j = 0; j < i; j++)
        g_assert_cmpstr (label->color, !=, ((HashiyaLabel *) labels->pdata[j])->color);
    }
}

/* A refused file keeps every byte and gets no -wal/-shm beside it. */
static void
assert_refused (const char *path,
                gboolean    create,
                int         code,
                const char *fragment)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) before = file_bytes (path);
  g_autoptr(GBytes) after = NULL;
  HashiyaStore *store;

  store = hashiya_store_open (path, create, &error);
  g_assert_null (store);
  g_assert_error (error, HASHIYA_STORE_ERROR, code);
  g_test_message ("refused: %s", error->message);
  g_assert_nonnull (strstr (error->message, path));
  if (fragment)
    g_assert_nonnull (strstr (error->message, fragment));
  after = file_bytes (path);
  g_assert_true (g_bytes_equal (before, after));
  assert_no_sidecars (path);
}

static void
test_refuse_text_file (Fixture       *f,
                       gconstpointer  data)
{
  const char text[] = "PER\tمحمد\nLOC\tالقاهرة\nthis is a plain text file, not a project\n";

  write_bytes (f->path, text, sizeof text - 1);
  assert_refused (f->path, FALSE, HASHIYA_STORE_ERROR_NOT_PROJECT, "not an SQLite database");
  assert_refused (f->path, TRUE, HASHIYA_STORE_ERROR_NOT_PROJECT, "not a Hashiya project");

  /* shorter than the SQLite magic */
  write_bytes (f->path, "SQLite", 6);
  assert_refused (f->path, TRUE, HASHIYA_STORE_ERROR_NOT_PROJECT, NULL);
}

static void
test_refuse_empty (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HashiyaStore) store = NULL;

  write_bytes (f->path, "", 0);
  assert_refused (f->path, FALSE, HASHIYA_STORE_ERROR_NOT_PROJECT, "empty");
  /* create = TRUE turns an empty file (mktemp) into a project */
  store = hashiya_store_open (f->path, TRUE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);

  /* a folder */
  g_clear_object (&store);
  store = hashiya_store_open (f->dir, TRUE, &error);
  g_assert_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_IO);
  g_assert_null (store);
}

/* A real project with some rows in several pages. */
static GBytes *
make_project_bytes (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HashiyaStore) store = open_new (f);
  gint64 doc_id = add_article (store, "a.txt");

  for (int i = 0; i < 300; i++)
    {
      g_autofree char *name = g_strdup_printf ("n%d", i);
      hashiya_store_add_span (store, doc_id, 0, 5, "PER", name, NULL, &error);
      g_assert_no_error (error);
    }
  g_clear_object (&store);
  assert_no_sidecars (f->path);
  return file_bytes (f->path);
}

static void
test_refuse_truncated (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GBytes) bytes = make_project_bytes (f);
  gsize len;
  const guint8 *p = g_bytes_get_data (bytes, &len);

  g_assert_cmpuint (len, >, 4 * 4096);
  write_bytes (f->path, p, len / 2);
  assert_refused (f->path, FALSE, HASHIYA_STORE_ERROR_CORRUPT, "damaged");
  assert_refused (f->path, TRUE, HASHIYA_STORE_ERROR_CORRUPT, "damaged");

  /* cut inside the 100-byte header */
  write_bytes (f->path, p, 50);
  assert_refused (f->path, TRUE, HASHIYA_STORE_ERROR_CORRUPT, "damaged");
}

static void
test_refuse_garbled (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GBytes) bytes = make_project_bytes (f);
  gsize len;
  g_autofree guint8 *copy = g_memdup2 (g_bytes_get_data (bytes, &len), g_bytes_get_size (bytes));

  /* the schema page (page 1 after the header) overwritten with junk */
  for (gsize i = 100; i < 4096 && i < len; i++)
    copy[i] = (guint8) (0xA5 ^ (i * 7));
  write_bytes (f->path, copy, len);
  assert_refused (f->path, FALSE, HASHIYA_STORE_ERROR_CORRUPT, "damaged");

  /* a page in the middle (not the schema) overwritten */
  memcpy (copy, g_bytes_get_data (bytes, NULL), len);
  g_assert_cmpuint (len, >=, 8 * 4096);
  for (gsize i = 4 * 4096; i < 5 * 4096; i++)
    copy[i] = (guint8) (0x5A ^ (i * 13));
  write_bytes (f->path, copy, len);
  assert_refused (f->path, TRUE, HASHIYA_STORE_ERROR_CORRUPT, "damaged");
}

static void
test_refuse_too_new (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(HashiyaStore) store = open_new (f);

  add_article (store, "a.txt");
  g_clear_object (&store);
  raw_exec (f->path, "PRAGMA user_version = 99");
  assert_no_sidecars (f->path);
  assert_refused (f->path, FALSE, HASHIYA_STORE_ERROR_TOO_NEW, "schema 99, this build knows " G_STRINGIFY (HASHIYA_STORE_SCHEMA_VERSION));
  assert_refused (f->path, TRUE, HASHIYA_STORE_ERROR_TOO_NEW, "newer Hashiya");
}

static void
test_refuse_other_sqlite (Fixture       *f,
                          gconstpointer  data)
{
  /* another program's database, rollback journal */
  raw_exec (f->path, "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);"
                     "INSERT INTO notes (body) VALUES ('hello'), ('world');"
                     "PRAGMA user_version = 3;");
  assert_refused (f->path, FALSE, HASHIYA_STORE_ERROR_NOT_PROJECT, "another program");
  assert_refused (f->path, TRUE, HASHIYA_STORE_ERROR_NOT_PROJECT, "not a Hashiya project");
  g_unlink (f->path);

  /* one in WAL mode with a meta table of its own shape */
  raw_exec (f->path, "PRAGMA journal_mode = WAL;"
                     "CREATE TABLE meta (name TEXT, data BLOB);"
                     "INSERT INTO meta VALUES ('application', x'00');");
  assert_no_sidecars (f->path);
  assert_refused (f->path, TRUE, HASHIYA_STORE_ERROR_NOT_PROJECT, "not a Hashiya project");
  g_unlink (f->path);

  /* a meta table with a foreign application marker */
  raw_exec (f->path, "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);"
                     "INSERT INTO meta VALUES ('application', 'someone-else');");
  assert_refused (f->path, TRUE, HASHIYA_STORE_ERROR_NOT_PROJECT, NULL);
}

/* ------------------------------------------------------------------------- */

static void
test_documents (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HashiyaStore) store = open_new (f);
  g_autoptr(GPtrArray) docs = NULL;
  g_autoptr(GArray) segs = NULL;
  g_autoptr(HashiyaText) text = NULL;
  g_autofree char *sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, article, -1);
  gint64 a, b, c;

  a = add_article (store, "a.txt");
  g_assert_cmpint (hashiya_store_find_document_by_sha256 (store, sha), ==, a);
  g_assert_cmpint (hashiya_store_find_document_by_sha256 (store, "00"), ==, 0);

  /* the same text again */
  b = hashiya_store_add_document (store, "copy.txt", article, -1, NULL, NULL, 0, NULL, &error);
  g_assert_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_DUPLICATE);
  g_assert_nonnull (strstr (error->message, "a.txt"));
  g_assert_cmpint (b, ==, 0);
  g_clear_error (&error);

  /* invalid UTF-8 and NUL bytes, with the byte offset */
  b = hashiya_store_add_document (store, "bad.txt", "abc\xff" "def", -1, NULL, NULL, 0, NULL,
                                  &error);
  g_assert_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "byte 3"));
  g_clear_error (&error);
  b = hashiya_store_add_document (store, "nul.txt", "ab\0cd", 5, NULL, NULL, 0, NULL, &error);
  g_assert_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "byte 2"));
  g_clear_error (&error);

  /* segments outside, overlapping, empty */
  {
    HashiyaSegment outside[] = { { HASHIYA_SEGMENT_PARAGRAPH, 0, 7, 0 } };
    HashiyaSegment overlap[] = { { HASHIYA_SEGMENT_PARAGRAPH, 0, 3, 0 },
                                 { HASHIYA_SEGMENT_COMMENT, 2, 5, 0 } };
    HashiyaSegment empty[] = { { HASHIYA_SEGMENT_PARAGRAPH, 2, 2, 0 } };

    b = hashiya_store_add_document (store, "s.txt", "abcdef", -1, NULL, outside, 1, NULL, &error);
    g_assert_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_INVALID);
    g_clear_error (&error);
    b = hashiya_store_add_document (store, "s.txt", "abcdef", -1, NULL, overlap, 2, NULL, &error);
    g_assert_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "segment 1"));
    g_clear_error (&error);
    b = hashiya_store_add_document (store, "s.txt", "abcdef", -1, NULL, empty, 1, NULL, &error);
    g_assert_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_INVALID);
    g_clear_error (&error);
  }

  /* an explicit sha256 is stored lowercase; same source name twice */
  b = hashiya_store_add_document (store, "same.txt", "one", -1,
                                  "ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789",
                                  NULL, 0, NULL, &error);
  g_assert_no_error (error);
  c = hashiya_store_add_document (store, "same.txt", "two 😀", -1, NULL, NULL, 0, NULL, &error);
  g_assert_no_error (error);
  {
    g_autoptr(HashiyaDocument) doc = hashiya_store_get_document (store, b, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (doc->sha256, ==, "abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789");
    g_assert_null (doc->date);
    g_assert_false (doc->done);
  }
  {
    g_autoptr(HashiyaDocument) doc = hashiya_store_get_document (store, c, &error);
    g_assert_no_error (error);
    g_assert_cmpint (doc->length, ==, 5);  /* code points, the emoji is one */
  }

  /* resolve: id, unique source, ambiguous source, unknown */
  g_assert_cmpint (hashiya_store_resolve_document (store, "1", &error), ==, a);
  g_assert_cmpint (hashiya_store_resolve_document (store, "a.txt", &error), ==, a);
  g_assert_no_error (error);
  g_assert_cmpint (hashiya_store_resolve_document (store, "same.txt", &error), ==, 0);
  g_assert_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "2, 3"));
  g_clear_error (&error);
  g_assert_cmpint (hashiya_store_resolve_document (store, "nope.txt", &error), ==, 0);
  g_assert_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (hashiya_store_resolve_document (store, "77", &error), ==, 0);
  g_assert_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* text and segments */
  text = hashiya_store_get_text (store, a, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (hashiya_text_get_utf8 (text, NULL), ==, article);
  segs = hashiya_store_get_segments (store, a, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (segs->len, ==, 6);
  g_assert_cmpint (g_array_index (segs, HashiyaSegment, 0).kind, ==, HASHIYA_SEGMENT_TITLE);
  g_assert_cmpint (g_array_index (segs, HashiyaSegment, 0).comment_index, ==, 0);
  g_assert_cmpint (g_array_index (segs, HashiyaSegment, 2).comment_index, ==, 1);
  g_assert_cmpint (g_array_index (segs, HashiyaSegment, 3).comment_index, ==, 0);
  g_assert_cmpint (g_array_index (segs, HashiyaSegment, 4).comment_index, ==, 2);
  g_assert_cmpint (g_array_index (segs, HashiyaSegment, 5).comment_index, ==, 3);
  g_assert_cmpint (g_array_index (segs, HashiyaSegment, 5).start, ==, cp_of (article, "تعليق ثالث"));

  /* list with progress */
  hashiya_store_add_span (store, a, 0, 5, "ORG", "x", NULL, &error);
  hashiya_store_add_span (store, a, 0, 5, "ORG", "y", NULL, &error);
  hashiya_store_add_span (store, c, 0, 3, "MISC", "y", NULL, &error);
  g_assert_no_error (error);
  {
    HashiyaJudgement j = { a, 2, "x", HASHIYA_SENTIMENT_NEGATIVE, 1, -1, 0, NULL, 0 };
    hashiya_store_set_judgement (store, &j, &error);
    j.annotator = "y";
    hashiya_store_set_judgement (store, &j, &error);
    g_assert_no_error (error);
  }
  g_assert_true (hashiya_store_set_document_done (store, c, TRUE, &error));
  docs = hashiya_store_list_documents (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (docs->len, ==, 3);
  {
    HashiyaDocument *da = docs->pdata[0], *db = docs->pdata[1], *dc = docs->pdata[2];
    g_assert_cmpint (da->id, ==, a);
    g_assert_cmpuint (da->n_spans, ==, 2);
    g_assert_cmpuint (da->n_comments, ==, 3);
    g_assert_cmpuint (da->n_judged, ==, 1);
    g_assert_cmpuint (db->n_spans, ==, 0);
    g_assert_cmpuint (dc->n_spans, ==, 1);
    g_assert_true (dc->done);
    g_assert_false (da->done);
    g_assert_cmpint (da->imported_at, >, 1700000000);
  }

  /* remove cascades to spans, segments and judgements */
  g_assert_true (hashiya_store_remove_document (store, a, &error));
  g_assert_no_error (error);
  g_assert_false (hashiya_store_remove_document (store, a, &error));
  g_assert_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (hashiya_store_get_text (store, a, &error));
  g_assert_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_clear_object (&store);
  g_assert_cmpint (raw_int (f->path, "SELECT count(*) FROM spans"), ==, 1);
  g_assert_cmpint (raw_int (f->path, "SELECT count(*) FROM segments"), ==, 0);
  g_assert_cmpint (raw_int (f->path, "SELECT count(*) FROM judgements"), ==, 0);
}

static void
test_span_rules (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HashiyaStore) store = open_new (f);
  gint64 doc = add_article (store, "a.txt");
  gint64 name = cp_of (article, "مُحَمَّد");
  gint64 name_end = name + cp_len ("مُحَمَّد");
  gint64 len = cp_len (article);
  gint64 id;
  struct { gint64 start, end; const char *label; gint64 doc; int code; const char *msg; } bad[] = {
    { 5, 5, "PER", 0, HASHIYA_STORE_ERROR_INVALID, "empty" },
    { 6, 5, "PER", 0, HASHIYA_STORE_ERROR_INVALID, "before its end" },
    { -1, 5, "PER", 0, HASHIYA_STORE_ERROR_INVALID, "negative" },
    { 0, len + 1, "PER", 0, HASHIYA_STORE_ERROR_INVALID, "ends after the text" },
    { name + 1, name_end, "PER", 0, HASHIYA_STORE_ERROR_INVALID, "starts inside a character cluster" },
    { name, name + 1, "PER", 0, HASHIYA_STORE_ERROR_INVALID, "ends inside a character cluster" },
    { name, name_end, "FOO", 0, HASHIYA_STORE_ERROR_NOT_FOUND, "no label \"FOO\"; labels are PER, LOC, ORG, DATE, MISC" },
    { name, name_end, "PER", 99, HASHIYA_STORE_ERROR_NOT_FOUND, "no document 99" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      id = hashiya_store_add_span (store, bad[i].doc ? bad[i].doc : doc, bad[i].start, bad[i].end,
                                   bad[i].label, "amira", NULL, &error);
      g_assert_cmpint (id, ==, 0);
      g_assert_error (error, HASHIYA_STORE_ERROR, bad[i].code);
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, bad[i].msg));
      g_clear_error (&error);
    }
  {
    /* the exact message for a cluster split */
    g_autofree char *expect = g_strdup_printf ("span %" G_GINT64_FORMAT "-%" G_GINT64_FORMAT
                                               " in document %" G_GINT64_FORMAT
                                               " ends inside a character cluster at %"
                                               G_GINT64_FORMAT, name, name + 1, doc, name + 1);
    hashiya_store_add_span (store, doc, name, name + 1, "PER", NULL, NULL, &error);
    g_assert_nonnull (strstr (error->message, expect));
    g_clear_error (&error);
  }

  /* the whole text and the whole name are fine */
  id = hashiya_store_add_span (store, doc, 0, len, "MISC", "amira", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_clear_object (&store);
  g_assert_cmpint (raw_int (f->path, "SELECT count(*) FROM spans"), ==, 1);
}

static void
test_span_overlap_duplicate (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HashiyaStore) store = open_new (f);
  g_autoptr(GPtrArray) spans = NULL;
  gint64 doc = add_article (store, "a.txt");
  gint64 p = cp_of (article, "زار مُحَمَّد القاهرة");
  gint64 n = cp_of (article, "مُحَمَّد");
  gint64 c = cp_of (article, "القاهرة");
  gint64 ids[6];

  ids[0] = hashiya_store_add_span (store, doc, n, n + cp_len ("مُحَمَّد"), "PER", "amira", NULL, &error);
  g_assert_no_error (error);
  /* nested: a longer span around it */
  ids[1] = hashiya_store_add_span (store, doc, p, c + cp_len ("القاهرة"), "MISC", "amira", NULL, &error);
  g_assert_no_error (error);
  /* overlapping */
  ids[2] = hashiya_store_add_span (store, doc, n, c + cp_len ("القاهرة"), "ORG", "amira", "import", &error);
  g_assert_no_error (error);
  /* same range, other label */
  ids[3] = hashiya_store_add_span (store, doc, n, n + cp_len ("مُحَمَّد"), "ORG", "amira", NULL, &error);
  g_assert_no_error (error);
  /* same range and label, other annotator */
  ids[4] = hashiya_store_add_span (store, doc, n, n + cp_len ("مُحَمَّد"), "PER", "badr", NULL, &error);
  g_assert_no_error (error);
  /* exact duplicate */
  ids[5] = hashiya_store_add_span (store, doc, n, n + cp_len ("مُحَمَّد"), "PER", "amira", NULL, &error);
  g_assert_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_DUPLICATE);
  g_assert_nonnull (strstr (error->message, "already exists"));
  g_assert_cmpint (ids[5], ==, 0);
  g_clear_error (&error);

  spans = hashiya_store_list_spans (store, doc, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (spans->len, ==, 5);
  /* order: start ASC, end DESC, id ASC */
  g_assert_cmpint (((HashiyaSpan *) spans->pdata[0])->id, ==, ids[1]);
  g_assert_cmpint (((HashiyaSpan *) spans->pdata[1])->id, ==, ids[2]);
  g_assert_cmpint (((HashiyaSpan *) spans->pdata[2])->id, ==, ids[0]);
  g_assert_cmpint (((HashiyaSpan *) spans->pdata[3])->id, ==, ids[3]);
  g_assert_cmpint (((HashiyaSpan *) spans->pdata[4])->id, ==, ids[4]);
  g_assert_cmpstr (((HashiyaSpan *) spans->pdata[1])->origin, ==, "import");
  g_assert_cmpstr (((HashiyaSpan *) spans->pdata[4])->annotator, ==, "badr");
}

static void
test_span_edits (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HashiyaStore) store = open_new (f);
  g_autoptr(HashiyaSpan) span = NULL;
  g_autoptr(HashiyaSpan) again = NULL;
  gint64 doc = add_article (store, "a.txt");
  gint64 n = cp_of (article, "مُحَمَّد");
  gint64 n_end = n + cp_len ("مُحَمَّد");
  gint64 id, other;

  id = hashiya_store_add_span (store, doc, n, n_end, "PER", NULL, NULL, &error);
  g_assert_no_error (error);
  other = hashiya_store_add_span (store, doc, n, n_end, "LOC", NULL, NULL, &error);
  g_assert_no_error (error);

  span = hashiya_store_get_span (store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (span->annotator, ==, g_get_user_name ());

  /* relabel onto an existing span's label is a duplicate; to an unknown label NOT_FOUND */
  g_assert_false (hashiya_store_relabel_span (store, id, "LOC", &error));
  g_assert_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_DUPLICATE);
  g_clear_error (&error);
  g_assert_false (hashiya_store_relabel_span (store, id, "NOPE", &error));
  g_assert_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_true (hashiya_store_relabel_span (store, id, "ORG", &error));
  g_assert_no_error (error);

  /* resize keeps the rules */
  g_assert_false (hashiya_store_resize_span (store, id, n, n + 1, &error));
  g_assert_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (hashiya_store_resize_span (store, id, n - 4, n_end, &error));
  g_assert_no_error (error);

  g_assert_true (hashiya_store_set_span_note (store, id, "اسم علم", &error));
  g_assert_no_error (error);
  g_assert_false (hashiya_store_set_span_note (store, 999, "x", &error));
  g_assert_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_clear_pointer (&span, hashiya_span_free);
  span = hashiya_store_get_span (store, id, &error);
  g_assert_cmpstr (span->label, ==, "ORG");
  g_assert_cmpint (span->start, ==, n - 4);
  g_assert_cmpstr (span->note, ==, "اسم علم");

  /* remove, then undo with restore: same id, times and note */
  g_assert_true (hashiya_store_remove_span (store, id, &error));
  g_assert_no_error (error);
  g_assert_false (hashiya_store_remove_span (store, id, &error));
  g_assert_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (hashiya_store_get_span (store, id, &error));
  g_assert_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  span->created = 1600000000;
  g_assert_true (hashiya_store_restore_span (store, span, &error));
  g_assert_no_error (error);
  again = hashiya_store_get_span (store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (again->id, ==, span->id);
  g_assert_cmpint (again->start, ==, span->start);
  g_assert_cmpint (again->end, ==, span->end);
  g_assert_cmpstr (again->label, ==, span->label);
  g_assert_cmpstr (again->annotator, ==, span->annotator);
  g_assert_cmpstr (again->note, ==, span->note);
  g_assert_cmpint (again->created, ==, 1600000000);
  g_assert_cmpint (again->modified, ==, span->modified);
  /* restoring twice: the id exists */
  g_assert_false (hashiya_store_restore_span (store, span, &error));
  g_assert_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_DUPLICATE);
  g_clear_error (&error);
  (void) other;

  /* undo after a newer span was added: the removed span's id was not handed out again */
  {
    g_autoptr(HashiyaSpan) last = NULL;
    gint64 newer, newest;

    newer = hashiya_store_add_span (store, doc, 0, 5, "DATE", NULL, NULL, &error);
    g_assert_no_error (error);
    last = hashiya_store_get_span (store, newer, &error);
    g_assert_true (hashiya_store_remove_span (store, newer, &error));
    newest = hashiya_store_add_span (store, doc, 0, 5, "MISC", NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpint (newest, !=, newer);
    g_assert_true (hashiya_store_restore_span (store, last, &error));
    g_assert_no_error (error);
  }
}

static void
test_labels (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HashiyaStore) store = open_new (f);
  g_autoptr(GPtrArray) labels = NULL;
  g_autoptr(HashiyaLabel) label = NULL;
  gint64 doc = add_article (store, "a.txt");
  gint64 id, span;
  const char *bad_names[] = { "", "TWO WORDS", "TAB\tX", "-X", "NL\n" };

  for (gsize i = 0; i < G_N_ELEMENTS (bad_names); i++)
    {
      g_assert_cmpint (hashiya_store_add_label (store, bad_names[i], NULL, NULL, &error), ==, 0);
      g_assert_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_INVALID);
      g_clear_error (&error);
    }
  g_assert_cmpint (hashiya_store_add_label (store, "X", "red", NULL, &error), ==, 0);
  g_assert_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (hashiya_store_add_label (store, "X", NULL, "0", &error), ==, 0);
  g_assert_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (hashiya_store_add_label (store, "PER", NULL, NULL, &error), ==, 0);
  g_assert_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_DUPLICATE);
  g_clear_error (&error);
  g_assert_cmpint (hashiya_store_add_label (store, "X", NULL, "3", &error), ==, 0);
  g_assert_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_DUPLICATE);
  g_assert_nonnull (strstr (error->message, "ORG"));
  g_clear_error (&error);

  /* auto colour differs from the five defaults */
  id = hashiya_store_add_label (store, "EVENT", NULL, "6", &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  id = hashiya_store_add_label (store, "منظمة", "#ABCDEF", NULL, &error);
  g_assert_no_error (error);
  labels = hashiya_store_list_labels (store, &error);
  g_assert_cmpuint (labels->len, ==, 7);
  {
    HashiyaLabel *ev = labels->pdata[5];
    HashiyaLabel *ar = labels->pdata[6];
    g_assert_cmpstr (ev->name, ==, "EVENT");
    g_assert_cmpint (ev->position, ==, 5);
    for (guint i = 0; i < 5; i++)
      g_assert_cmpstr (ev->color, !=, ((HashiyaLabel *) labels->pdata[i])->color);
    g_assert_cmpstr (ar->color, ==, "#abcdef");
    g_assert_null (ar->key);
  }
  g_clear_pointer (&labels, g_ptr_array_unref);

  /* rename: spans follow; clash is DUPLICATE */
  span = hashiya_store_add_span (store, doc, 0, 5, "EVENT", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (hashiya_store_rename_label (store, "EVENT", "PER", &error));
  g_assert_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_DUPLICATE);
  g_clear_error (&error);
  g_assert_false (hashiya_store_rename_label (store, "NOPE", "NEW", &error));
  g_assert_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (hashiya_store_rename_label (store, "EVENT", "EV ENT", &error));
  g_assert_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (hashiya_store_rename_label (store, "EVENT", "EVT", &error));
  g_assert_no_error (error);
  {
    g_autoptr(HashiyaSpan) s = hashiya_store_get_span (store, span, &error);
    g_assert_cmpstr (s->label, ==, "EVT");
  }

  /* colour and key */
  g_assert_true (hashiya_store_set_label_color (store, "EVT", "#112233", &error));
  g_assert_false (hashiya_store_set_label_color (store, "EVT", "#11223", &error));
  g_assert_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (hashiya_store_set_label_key (store, "EVT", "1", &error));
  g_assert_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_DUPLICATE);
  g_clear_error (&error);
  g_assert_true (hashiya_store_set_label_key (store, "EVT", "6", &error)); /* its own key */
  g_assert_true (hashiya_store_set_label_key (store, "PER", NULL, &error));
  g_assert_true (hashiya_store_set_label_key (store, "EVT", "1", &error));
  g_assert_no_error (error);
  label = hashiya_store_get_label (store, "EVT", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (label->color, ==, "#112233");
  g_assert_cmpstr (label->key, ==, "1");
  g_clear_pointer (&label, hashiya_label_free);
  label = hashiya_store_get_label (store, "PER", &error);
  g_assert_null (label->key);
  g_clear_pointer (&label, hashiya_label_free);
  g_assert_null (hashiya_store_get_label (store, "NOPE", &error));
  g_assert_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* move: EVT to the front, MISC to the end (beyond the end clamps) */
  g_assert_true (hashiya_store_move_label (store, "EVT", 0, &error));
  g_assert_true (hashiya_store_move_label (store, "MISC", 100, &error));
  g_assert_no_error (error);
  labels = hashiya_store_list_labels (store, &error);
  {
    const char *expect[] = { "EVT", "PER", "LOC", "ORG", "DATE", "منظمة", "MISC" };
    for (guint i = 0; i < labels->len; i++)
      {
        g_assert_cmpstr (((HashiyaLabel *) labels->pdata[i])->name, ==, expect[i]);
        g_assert_cmpint (((HashiyaLabel *) labels->pdata[i])->position, ==, i);
      }
  }
  g_clear_pointer (&labels, g_ptr_array_unref);

  /* remove: in use refused with the count; unused removed and positions closed up */
  g_assert_false (hashiya_store_remove_label (store, "EVT", &error));
  g_assert_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_IN_USE);
  g_assert_nonnull (strstr (error->message, "1 span"));
  g_clear_error (&error);
  g_assert_true (hashiya_store_remove_label (store, "PER", &error));
  g_assert_no_error (error);
  g_assert_false (hashiya_store_remove_label (store, "PER", &error));
  g_assert_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  labels = hashiya_store_list_labels (store, &error);
  g_assert_cmpuint (labels->len, ==, 6);
  for (guint i = 0; i < labels->len; i++)
    g_assert_cmpint (((HashiyaLabel *) labels->pdata[i])->position, ==, i);
  g_assert_true (hashiya_store_remove_span (store, span, &error));
  g_assert_true (hashiya_store_remove_label (store, "EVT", &error));
  g_assert_no_error (error);
}

static void
test_judgements (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HashiyaStore) store = open_new (f);
  g_autoptr(HashiyaJudgement) got = NULL;
  g_autoptr(GPtrArray) list = NULL;
  gint64 doc = add_article (store, "a.txt");
  HashiyaJudgement j = { doc, 2, NULL, HASHIYA_SENTIMENT_NEGATIVE, 1, 0,
                         HASHIYA_DECISION_REVIEW, "ساخر", 0 };

  /* absent: NULL without error; a missing comment: NOT_FOUND */
  got = hashiya_store_get_judgement (store, doc, 2, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (got);
  got = hashiya_store_get_judgement (store, doc, 4, NULL, &error);
  g_assert_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "has no comment 4 (it has 3 comments)"));
  g_clear_error (&error);

  j.comment_index = 0;
  g_assert_false (hashiya_store_set_judgement (store, &j, &error));
  g_assert_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  j.comment_index = 2;
  j.offensive = 7;
  g_assert_false (hashiya_store_set_judgement (store, &j, &error));
  g_assert_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_INVALID);
  g_clear_error (&error);
  j.offensive = 1;

  g_assert_true (hashiya_store_set_judgement (store, &j, &error));
  g_assert_no_error (error);
  got = hashiya_store_get_judgement (store, doc, 2, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (got);
  g_assert_cmpstr (got->annotator, ==, g_get_user_name ());
  g_assert_cmpint (got->sentiment, ==, HASHIYA_SENTIMENT_NEGATIVE);
  g_assert_cmpint (got->offensive, ==, 1);
  g_assert_cmpint (got->hate_speech, ==, 0);
  g_assert_cmpint (got->decision, ==, HASHIYA_DECISION_REVIEW);
  g_assert_cmpstr (got->note, ==, "ساخر");
  g_assert_cmpint (got->modified, >, 0);
  g_clear_pointer (&got, hashiya_judgement_free);

  /* upsert replaces the whole record */
  {
    HashiyaJudgement k = { doc, 2, NULL, HASHIYA_SENTIMENT_MIXED, -1, -1, HASHIYA_DECISION_NONE,
                           NULL, 0 };
    g_assert_true (hashiya_store_set_judgement (store, &k, &error));
    k.annotator = "other";
    k.sentiment = HASHIYA_SENTIMENT_POSITIVE;
    k.comment_index = 1;
    g_assert_true (hashiya_store_set_judgement (store, &k, &error));
    g_assert_no_error (error);
  }
  got = hashiya_store_get_judgement (store, doc, 2, NULL, &error);
  g_assert_cmpint (got->sentiment, ==, HASHIYA_SENTIMENT_MIXED);
  g_assert_cmpint (got->offensive, ==, -1);
  g_assert_cmpint (got->hate_speech, ==, -1);
  g_assert_cmpint (got->decision, ==, HASHIYA_DECISION_NONE);
  g_assert_null (got->note);
  g_clear_pointer (&got, hashiya_judgement_free);

  list = hashiya_store_list_judgements (store, doc, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpint (((HashiyaJudgement *) list->pdata[0])->comment_index, ==, 1);
  g_assert_cmpstr (((HashiyaJudgement *) list->pdata[0])->annotator, ==, "other");
  g_clear_pointer (&list, g_ptr_array_unref);

  /* clear */
  g_assert_true (hashiya_store_clear_judgement (store, doc, 2, NULL, &error));
  g_assert_no_error (error);
  got = hashiya_store_get_judgement (store, doc, 2, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (got);
  g_assert_false (hashiya_store_clear_judgement (store, doc, 9, NULL, &error));
  g_assert_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  got = hashiya_store_get_judgement (store, doc, 1, "other", &error);
  g_assert_nonnull (got);
  g_clear_pointer (&got, hashiya_judgement_free);

  /* string forms */
  {
    HashiyaSentiment s;
    HashiyaDecision d;
    g_assert_null (hashiya_sentiment_to_string (HASHIYA_SENTIMENT_NONE));
    g_assert_cmpstr (hashiya_sentiment_to_string (HASHIYA_SENTIMENT_NEUTRAL), ==, "neutral");
    g_assert_true (hashiya_sentiment_from_string ("mixed", &s));
    g_assert_cmpint (s, ==, HASHIYA_SENTIMENT_MIXED);
    g_assert_false (hashiya_sentiment_from_string ("angry", &s));
    g_assert_cmpstr (hashiya_decision_to_string (HASHIYA_DECISION_REJECT), ==, "reject");
    g_assert_true (hashiya_decision_from_string ("approve", &d));
    g_assert_cmpint (d, ==, HASHIYA_DECISION_APPROVE);
    g_assert_false (hashiya_decision_from_string ("maybe", &d));
  }
}

static void
test_segment_kind (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HashiyaStore) store = open_new (f);
  g_autoptr(GArray) segs = NULL;
  g_autoptr(HashiyaJudgement) got = NULL;
  gint64 doc = add_article (store, "a.txt");
  HashiyaJudgement j = { doc, 1, "amira", HASHIYA_SENTIMENT_POSITIVE, -1, -1, 0, "first", 0 };

  /* judgements on comments 1, 2 and 3 (the 3 segments 2, 4, 5) */
  g_assert_true (hashiya_store_set_judgement (store, &j, &error));
  j.comment_index = 2; j.sentiment = HASHIYA_SENTIMENT_NEGATIVE; j.note = "second";
  g_assert_true (hashiya_store_set_judgement (store, &j, &error));
  j.comment_index = 3; j.sentiment = HASHIYA_SENTIMENT_NEUTRAL; j.note = "third";
  g_assert_true (hashiya_store_set_judgement (store, &j, &error));
  g_assert_no_error (error);

  /* the reply line (segment 3) was really a comment: later comments shift up by one */
  g_assert_true (hashiya_store_set_segment_kind (store, doc, 3, HASHIYA_SEGMENT_COMMENT, &error));
  g_assert_no_error (error);
  segs = hashiya_store_get_segments (store, doc, &error);
  g_assert_cmpint (g_array_index (segs, HashiyaSegment, 2).comment_index, ==, 1);
  g_assert_cmpint (g_array_index (segs, HashiyaSegment, 3).comment_index, ==, 2);
  g_assert_cmpint (g_array_index (segs, HashiyaSegment, 4).comment_index, ==, 3);
  g_assert_cmpint (g_array_index (segs, HashiyaSegment, 5).comment_index, ==, 4);
  g_clear_pointer (&segs, g_array_unref);

  got = hashiya_store_get_judgement (store, doc, 2, "amira", &error);
  g_assert_no_error (error);
  g_assert_null (got);
  assert_judgement_note (store, doc, 3, "amira", "second");
  assert_judgement_note (store, doc, 4, "amira", "third");
  assert_judgement_note (store, doc, 1, "amira", "first");

  /* the paragraph becomes a comment too: everything shifts by one more */
  g_assert_true (hashiya_store_set_segment_kind (store, doc, 1, HASHIYA_SEGMENT_COMMENT, &error));
  assert_judgement_note (store, doc, 5, "amira", "third");
  assert_judgement_note (store, doc, 2, "amira", "first");

  /* and back: the numbers come down again */
  g_assert_true (hashiya_store_set_segment_kind (store, doc, 1, HASHIYA_SEGMENT_PARAGRAPH, &error));
  g_assert_true (hashiya_store_set_segment_kind (store, doc, 3, HASHIYA_SEGMENT_BOILERPLATE, &error));
  g_assert_no_error (error);
  assert_judgement_note (store, doc, 3, "amira", "third");
  assert_judgement_note (store, doc, 2, "amira", "second");

  /* a judged comment cannot stop being a comment; an unjudged one can */
  g_assert_false (hashiya_store_set_segment_kind (store, doc, 4, HASHIYA_SEGMENT_PARAGRAPH, &error));
  g_assert_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_IN_USE);
  g_clear_error (&error);
  g_assert_true (hashiya_store_clear_judgement (store, doc, 2, "amira", &error));
  g_assert_true (hashiya_store_set_segment_kind (store, doc, 4, HASHIYA_SEGMENT_PARAGRAPH, &error));
  g_assert_no_error (error);
  assert_judgement_note (store, doc, 2, "amira", "third");

  g_assert_false (hashiya_store_set_segment_kind (store, doc, 6, HASHIYA_SEGMENT_PARAGRAPH, &error));
  g_assert_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  {
    HashiyaSegmentKind k;
    g_assert_true (hashiya_segment_kind_from_string ("boilerplate", &k));
    g_assert_cmpint (k, ==, HASHIYA_SEGMENT_BOILERPLATE);
    g_assert_cmpstr (hashiya_segment_kind_to_string (HASHIYA_SEGMENT_CAPTION), ==, "caption");
    g_assert_false (hashiya_segment_kind_from_string ("poem", &k));
  }
}

static void
test_transactions (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HashiyaStore) store = open_new (f);
  g_autoptr(GPtrArray) spans = NULL;
  gint64 doc = add_article (store, "a.txt");
  gint64 a, b;

  /* a failed write inside the caller's transaction only undoes itself */
  g_assert_true (hashiya_store_begin (store, &error));
  a = hashiya_store_add_span (store, doc, 0, 5, "PER", "amira", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (hashiya_store_add_span (store, doc, 0, 5, "PER", "amira", NULL, &error), ==, 0);
  g_assert_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_DUPLICATE);
  g_clear_error (&error);
  /* nested begin/commit */
  g_assert_true (hashiya_store_begin (store, &error));
  b = hashiya_store_add_span (store, doc, 0, 5, "LOC", "amira", NULL, &error);
  g_assert_true (hashiya_store_commit (store, &error));
  g_assert_true (hashiya_store_commit (store, &error));
  g_assert_no_error (error);
  spans = hashiya_store_list_spans (store, doc, &error);
  g_assert_cmpuint (spans->len, ==, 2);
  g_clear_pointer (&spans, g_ptr_array_unref);

  /* rollback of the whole group */
  g_assert_true (hashiya_store_begin (store, &error));
  g_assert_true (hashiya_store_remove_span (store, a, &error));
  hashiya_store_add_span (store, doc, 0, 5, "ORG", "amira", NULL, &error);
  hashiya_store_add_document (store, "b.txt", "نص آخر", -1, NULL, NULL, 0, NULL, &error);
  g_assert_true (hashiya_store_begin (store, &error));
  hashiya_store_add_label (store, "TMP", NULL, NULL, &error);
  hashiya_store_rollback (store);    /* inner savepoint only */
  g_assert_no_error (error);
  g_assert_null (hashiya_store_get_label (store, "TMP", NULL));
  hashiya_store_rollback (store);
  spans = hashiya_store_list_spans (store, doc, &error);
  g_assert_cmpuint (spans->len, ==, 2);
  g_assert_cmpint (((HashiyaSpan *) spans->pdata[0])->id, ==, a);
  g_assert_cmpint (((HashiyaSpan *) spans->pdata[1])->id, ==, b);
  g_clear_pointer (&spans, g_ptr_array_unref);
  g_assert_cmpint (hashiya_store_resolve_document (store, "b.txt", NULL), ==, 0);

  /* a document added and rolled back: its id comes again with another text, and the
   * span rules must see the new text, not a cached copy of the old one */
  {
    g_autofree char *long_text = g_strnfill (100, 'x');
    gint64 d1, d2;

    g_assert_true (hashiya_store_begin (store, &error));
    d1 = hashiya_store_add_document (store, "long.txt", long_text, -1, NULL, NULL, 0, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpint (hashiya_store_add_span (store, d1, 50, 60, "PER", NULL, NULL, &error), >, 0);
    hashiya_store_rollback (store);
    d2 = hashiya_store_add_document (store, "short.txt", "yy", -1, NULL, NULL, 0, NULL, &error);
    g_assert_no_error (error);
    g_test_message ("rolled back id %" G_GINT64_FORMAT ", new id %" G_GINT64_FORMAT, d1, d2);
    g_assert_cmpint (hashiya_store_add_span (store, d2, 50, 60, "PER", NULL, NULL, &error), ==, 0);
    g_assert_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_INVALID);
    g_clear_error (&error);
    g_assert_true (hashiya_store_remove_document (store, d2, &error));
  }

  /* commit without begin */
  g_assert_false (hashiya_store_commit (store, &error));
  g_assert_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_INVALID);
  g_clear_error (&error);

  /* a refused document leaves no row and no segment behind */
  {
    HashiyaSegment bad[] = { { HASHIYA_SEGMENT_PARAGRAPH, 0, 2, 0 },
                             { HASHIYA_SEGMENT_COMMENT, 1, 3, 0 } };
    g_assert_cmpint (hashiya_store_add_document (store, "c.txt", "abcdef", -1, NULL, bad, 2,
                                                 NULL, &error), ==, 0);
    g_assert_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_INVALID);
    g_clear_error (&error);
  }
  g_clear_object (&store);
  g_assert_cmpint (raw_int (f->path, "SELECT count(*) FROM documents"), ==, 1);
  g_assert_cmpint (raw_int (f->path, "SELECT count(*) FROM segments"), ==, 6);
  g_assert_cmpint (raw_int (f->path, "SELECT count(*) FROM spans"), ==, 2);
  g_assert_cmpint (raw_int (f->path, "SELECT count(*) FROM labels"), ==, 5);
}

static void
test_busy (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HashiyaStore) store = open_new (f);
  gint64 doc = add_article (store, "a.txt");
  sqlite3 *other = NULL;
  gint64 t0;

  g_assert_cmpint (sqlite3_open (f->path, &other), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (other, "BEGIN IMMEDIATE", NULL, NULL, NULL), ==, SQLITE_OK);

  t0 = g_get_monotonic_time ();
  g_assert_cmpint (hashiya_store_add_span (store, doc, 0, 5, "PER", NULL, NULL, &error), ==, 0);
  g_assert_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_BUSY);
  g_assert_cmpstr (error->message, ==, "the project is busy: another program is writing to it");
  g_assert_cmpint (g_get_monotonic_time () - t0, >=, 4 * G_USEC_PER_SEC);
  g_clear_error (&error);

  /* opening an existing project takes no write lock, and reading works meanwhile */
  t0 = g_get_monotonic_time ();
  {
    g_autoptr(HashiyaStore) second = hashiya_store_open (f->path, FALSE, &error);
    g_autoptr(GPtrArray) docs = NULL;

    g_assert_no_error (error);
    docs = hashiya_store_list_documents (second, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (docs->len, ==, 1);
  }
  g_assert_cmpint (g_get_monotonic_time () - t0, <, G_USEC_PER_SEC);

  sqlite3_exec (other, "ROLLBACK", NULL, NULL, NULL);
  sqlite3_close (other);
  g_assert_cmpint (hashiya_store_add_span (store, doc, 0, 5, "PER", NULL, NULL, &error), >, 0);
  g_assert_no_error (error);
}

/* Two processes add 200 spans each to the same document at the same time. */
static void
test_concurrency (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HashiyaStore) store = open_new (f);
  g_autofree char *text = g_strnfill (1000, 'a');
  gint64 doc;
  pid_t pids[2];
  guint total = 0;

  doc = hashiya_store_add_document (store, "a.txt", text, -1, NULL, NULL, 0, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&store);

  for (int c = 0; c < 2; c++)
    {
      pids[c] = fork ();
      g_assert_cmpint (pids[c], >=, 0);
      if (pids[c] == 0)
        {
          g_autofree char *out = g_strdup_printf ("%s/child%d.txt", f->dir, c);
          g_autofree char *who = g_strdup_printf ("child%d", c);
          GString *ids = g_string_new (NULL);
          HashiyaStore *s = hashiya_store_open (f->path, FALSE, NULL);
          int busy = 0;

          if (s == NULL)
            _exit (3);
          for (int i = 0; i < 200; i++)
            {
              GError *e = NULL;
              gint64 id = hashiya_store_add_span (s, doc, i, i + 1 + c, "PER", who, NULL, &e);
              if (id > 0)
                g_string_append_printf (ids, "%" G_GINT64_FORMAT "\n", id);
              else if (g_error_matches (e, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_BUSY))
                busy++;
              else
                _exit (4);
              g_clear_error (&e);
            }
          g_object_unref (s);
          g_string_append_printf (ids, "busy %d\n", busy);
          if (!g_file_set_contents (out, ids->str, -1, NULL))
            _exit (5);
          _exit (0);
        }
    }

  for (int c = 0; c < 2; c++)
    {
      int status = 0;
      g_autofree char *out = g_strdup_printf ("%s/child%d.txt", f->dir, c);
      g_autofree char *contents = NULL;
      g_auto(GStrv) lines = NULL;

      g_assert_cmpint (waitpid (pids[c], &status, 0), ==, pids[c]);
      g_assert_true (WIFEXITED (status));
      g_assert_cmpint (WEXITSTATUS (status), ==, 0);
      g_assert_true (g_file_get_contents (out, &contents, NULL, NULL));
      lines = g_strsplit (contents, "\n", -1);

      store = hashiya_store_open (f->path, FALSE, &error);
      g_assert_no_error (error);
      for (guint i = 0; lines[i] && *lines[i]; i++)
        {
          g_autoptr(HashiyaSpan) span = NULL;

          if (g_str_has_prefix (lines[i], "busy "))
            {
              g_test_message ("child %d: %s", c, lines[i]);
              continue;
            }
          span = hashiya_store_get_span (store, g_ascii_strtoll (lines[i], NULL, 10), &error);
          g_assert_no_error (error);
          g_assert_cmpint (span->end - span->start, ==, 1 + c);
          total++;
        }
      g_clear_object (&store);
    }
  /* every span reported as added is there, and nothing else */
  g_assert_cmpint (raw_int (f->path, "SELECT count(*) FROM spans"), ==, total);
  g_assert_cmpuint (total, >, 0);
}

static void
test_persist_and_stats (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HashiyaStore) store = open_new (f);
  g_autoptr(HashiyaStats) stats = NULL;
  gint64 doc = add_article (store, "a.txt");
  HashiyaJudgement j = { doc, 3, "amira", HASHIYA_SENTIMENT_NEUTRAL, 0, 1,
                         HASHIYA_DECISION_REJECT, NULL, 0 };

  hashiya_store_add_span (store, doc, 0, 5, "PER", "amira", NULL, &error);
  hashiya_store_add_span (store, doc, 0, 5, "LOC", "amira", NULL, &error);
  hashiya_store_add_span (store, doc, 6, 11, "LOC", "badr", NULL, &error);
  hashiya_store_set_judgement (store, &j, &error);
  hashiya_store_add_label (store, "EXTRA", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (hashiya_store_set_meta (store, "application", "x", &error));
  g_assert_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (hashiya_store_set_meta (store, "k", "v", &error));
  g_assert_true (hashiya_store_set_meta (store, "k", "w", &error));
  g_assert_true (hashiya_store_set_meta (store, "gone", "v", &error));
  g_assert_true (hashiya_store_set_meta (store, "gone", NULL, &error));
  hashiya_store_close (store);
  hashiya_store_close (store);  /* twice is harmless */
  g_assert_null (hashiya_store_list_labels (store, &error));
  g_assert_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_IO);
  g_clear_error (&error);
  g_clear_object (&store);

  store = hashiya_store_open (f->path, FALSE, &error);
  g_assert_no_error (error);
  stats = hashiya_store_get_stats (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stats->n_documents, ==, 1);
  g_assert_cmpuint (stats->n_segments, ==, 6);
  g_assert_cmpuint (stats->n_comments, ==, 3);
  g_assert_cmpuint (stats->n_spans, ==, 3);
  g_assert_cmpuint (stats->n_judgements, ==, 1);
  g_assert_cmpuint (stats->n_annotators, ==, 2);
  g_assert_cmpint (stats->n_chars, ==, cp_len (article));
  g_assert_cmpuint (stats->label_names->len, ==, 6);
  g_assert_cmpuint (stats->label_counts->len, ==, 6);
  g_assert_cmpstr (stats->label_names->pdata[1], ==, "LOC");
  g_assert_cmpuint (g_array_index (stats->label_counts, guint, 0), ==, 1);
  g_assert_cmpuint (g_array_index (stats->label_counts, guint, 1), ==, 2);
  g_assert_cmpuint (g_array_index (stats->label_counts, guint, 5), ==, 0);
  {
    g_autofree char *k = hashiya_store_get_meta (store, "k");
    g_autofree char *gone = hashiya_store_get_meta (store, "gone");
    g_autoptr(HashiyaJudgement) got = hashiya_store_get_judgement (store, doc, 3, "amira", &error);
    g_assert_cmpstr (k, ==, "w");
    g_assert_null (gone);
    g_assert_cmpint (got->hate_speech, ==, 1);
    g_assert_cmpint (got->offensive, ==, 0);
    g_assert_cmpint (got->decision, ==, HASHIYA_DECISION_REJECT);
  }
}

/* Many threads writing through one store: the mutex serialises them. */
static gpointer
thread_add (gpointer data)
{
  HashiyaStore *store = data;
  static gint counter;
  int t = g_atomic_int_add (&counter, 1);

  for (int i = 0; i < 50; i++)
    {
      g_autofree char *who = g_strdup_printf ("t%d", t);
      if (hashiya_store_add_span (store, 1, i, i + 1, "PER", who, NULL, NULL) == 0)
        return GINT_TO_POINTER (1);
    }
  return NULL;
}

static void
test_threads (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HashiyaStore) store = open_new (f);
  g_autofree char *text = g_strnfill (100, 'b');
  GThread *threads[4];

  g_assert_cmpint (hashiya_store_add_document (store, "t.txt", text, -1, NULL, NULL, 0, NULL,
                                               &error), ==, 1);
  for (int i = 0; i < 4; i++)
    threads[i] = g_thread_new ("adder", thread_add, store);
  for (int i = 0; i < 4; i++)
    g_assert_null (g_thread_join (threads[i]));
  {
    g_autoptr(GPtrArray) spans = hashiya_store_list_spans (store, 1, &error);
    g_assert_cmpuint (spans->len, ==, 200);
  }
}

/* ------------------------------------------------------------------------- */
/* hashiya_store_read_text ()                                                 */
/* ------------------------------------------------------------------------- */

static gint64
add_plain (HashiyaStore *store,
           const char   *source,
           const char   *text,
           gssize        len)
{
  g_autoptr(GError) error = NULL;
  gint64 id = hashiya_store_add_document (store, source, text, len, NULL, NULL, 0, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

/* The text read both ways is byte for byte the original. */
static void
assert_text_is (HashiyaStore *store,
                gint64        id,
                const char   *want,
                gsize         want_len)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HashiyaText) read = hashiya_store_read_text (store, id, &error);
  g_autoptr(HashiyaText) got = NULL;
  const char *r, *g;
  gsize r_len = G_MAXSIZE, g_len = G_MAXSIZE;

  g_assert_no_error (error);
  g_assert_nonnull (read);
  r = hashiya_text_get_utf8 (read, &r_len);
  g_assert_cmpuint (r_len, ==, want_len);
  g_assert_true (memcmp (r, want, want_len) == 0);
  g_assert_cmpint (r[r_len], ==, '\0');
  g_assert_cmpuint (hashiya_text_get_length (read), ==, g_utf8_strlen (want, want_len));

  got = hashiya_store_get_text (store, id, &error);
  g_assert_no_error (error);
  g = hashiya_text_get_utf8 (got, &g_len);
  g_assert_cmpuint (g_len, ==, r_len);
  g_assert_true (memcmp (g, r, r_len) == 0);
  g_assert_cmpuint (hashiya_text_get_length (got), ==, hashiya_text_get_length (read));
  g_assert_cmpuint (hashiya_text_get_utf16_length (got), ==,
                    hashiya_text_get_utf16_length (read));
}

static void
assert_not_found (HashiyaStore *store,
                  gint64        id)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, id);

  g_assert_null (hashiya_store_read_text (store, id, &error));
  g_assert_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, number));
}

static void
test_read_text (Fixture       *f,
                gconstpointer  data)
{
  /* BOM, CRLF, NBSP, format characters, harakat, tatweel, emoji, no final newline */
  static const char mixed[] =
    "\uFEFFسطر\r\nأول\u00A0مع\u200Fعلامة\u200D 👨‍👩‍👧 🇸🇦\r\n"
    "مُحَمَّد كـــبير 𝕏\u2028آخر";
  g_autoptr(GError) error = NULL;
  g_autoptr(HashiyaStore) store = open_new (f);
  GString *big = g_string_new (NULL);
  gint64 a, b, c, e;

  a = add_article (store, "a.txt");
  b = add_plain (store, "mixed.txt", mixed, -1);
  /* several megabytes, so the whole-blob read is not a small special case */
  for (guint i = 0; big->len < (3u << 20); i++)
    g_string_append_printf (big, "سطر %u فيه كلمات، وعلامات؟ 😀\n", i);
  c = add_plain (store, "big.txt", big->str, big->len);
  e = hashiya_store_add_document (store, "empty.txt", "", 0, NULL, NULL, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (e, >, 0);

  assert_text_is (store, a, article, strlen (article));
  assert_text_is (store, b, mixed, strlen (mixed));
  assert_text_is (store, c, big->str, big->len);
  assert_text_is (store, e, "", 0);

  /* again from a fresh connection: nothing cached, everything from the file */
  g_clear_object (&store);
  store = hashiya_store_open (f->path, FALSE, &error);
  g_assert_no_error (error);
  {
    g_autoptr(HashiyaText) t = hashiya_store_read_text (store, c, &error);
    gsize n = 0;

    g_assert_no_error (error);
    g_assert_true (memcmp (hashiya_text_get_utf8 (t, &n), big->str, big->len) == 0);
    g_assert_cmpuint (n, ==, big->len);
  }
  assert_text_is (store, b, mixed, strlen (mixed));
  g_string_free (big, TRUE);

  /* unknown ids: a clear error that names the id */
  assert_not_found (store, 0);
  assert_not_found (store, -1);
  assert_not_found (store, e + 1);
  assert_not_found (store, G_MAXINT64);

  /* a removed document is gone, even when its text was cached just before */
  {
    g_autoptr(HashiyaText) t = hashiya_store_get_text (store, b, &error);

    g_assert_no_error (error);
    g_assert_true (hashiya_store_remove_document (store, b, &error));
    g_assert_no_error (error);
    assert_not_found (store, b);
  }

  /* a document added in a transaction that is rolled back is gone too */
  {
    gint64 x;

    g_assert_true (hashiya_store_begin (store, &error));
    g_assert_no_error (error);
    x = add_plain (store, "later.txt", "نص مؤقت", -1);
    assert_text_is (store, x, "نص مؤقت", strlen ("نص مؤقت"));   /* also caches it */
    hashiya_store_rollback (store);
    assert_not_found (store, x);
    {
      g_autoptr(HashiyaText) t = hashiya_store_get_text (store, x, &error);
      g_assert_null (t);
      g_assert_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_NOT_FOUND);
      g_clear_error (&error);
    }
  }

  /* a closed project */
  hashiya_store_close (store);
  g_assert_null (hashiya_store_read_text (store, a, &error));
  g_assert_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_IO);
  g_clear_error (&error);
}

/* What the header promises about the cache: read_text () leaves it as it was (it
 * neither adds its text nor pushes a cached one out) and returns a cached text as is. */
static void
test_read_text_cache (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HashiyaStore) store = open_new (f);
  g_autoptr(HashiyaText) r1 = NULL;
  g_autoptr(HashiyaText) r2 = NULL;
  g_autoptr(HashiyaText) g1 = NULL;
  g_autoptr(HashiyaText) g2 = NULL;
  g_autoptr(HashiyaText) r3 = NULL;
  gint64 a, others[16];

  a = add_article (store, "a.txt");
  for (guint i = 0; i < G_N_ELEMENTS (others); i++)
    {
      g_autofree char *text = g_strdup_printf ("وثيقة رقم %u.", i);
      g_autofree char *source = g_strdup_printf ("d%u.txt", i);

      others[i] = add_plain (store, source, text, -1);
    }
  /* start with an empty cache */
  g_clear_object (&store);
  store = hashiya_store_open (f->path, FALSE, &error);
  g_assert_no_error (error);

  /* not cached: every read is a new text (both held, so the addresses cannot be reused) */
  r1 = hashiya_store_read_text (store, a, &error);
  g_assert_no_error (error);
  r2 = hashiya_store_read_text (store, a, &error);
  g_assert_no_error (error);
  g_assert_true (r1 != r2);
  g_assert_cmpstr (hashiya_text_get_utf8 (r1, NULL), ==, hashiya_text_get_utf8 (r2, NULL));

  /* read_text () did not put its text in the cache: get_text () reads its own */
  g1 = hashiya_store_get_text (store, a, &error);
  g_assert_no_error (error);
  g_assert_true (g1 != r1);
  g_assert_true (g1 != r2);
  g_assert_cmpstr (hashiya_text_get_utf8 (g1, NULL), ==, article);

  /* a cached text is returned as is */
  r3 = hashiya_store_read_text (store, a, &error);
  g_assert_no_error (error);
  g_assert_true (r3 == g1);

  /* reading every other document once does not push a's text out of the cache... */
  for (guint round = 0; round < 3; round++)
    for (guint i = 0; i < G_N_ELEMENTS (others); i++)
      {
        g_autoptr(HashiyaText) t = hashiya_store_read_text (store, others[i], &error);
        g_autofree char *want = g_strdup_printf ("وثيقة رقم %u.", i);

        g_assert_no_error (error);
        g_assert_cmpstr (hashiya_text_get_utf8 (t, NULL), ==, want);
      }
  g2 = hashiya_store_get_text (store, a, &error);
  g_assert_no_error (error);
  g_assert_true (g2 == g1);
  g_clear_pointer (&g2, hashiya_text_unref);

  /* ...while get_text () on them does (the cache holds a few texts, not sixteen), so
   * the check above could have failed */
  for (guint i = 0; i < G_N_ELEMENTS (others); i++)
    {
      g_autoptr(HashiyaText) t = hashiya_store_get_text (store, others[i], &error);
      g_assert_no_error (error);
    }
  g2 = hashiya_store_get_text (store, a, &error);
  g_assert_no_error (error);
  g_assert_true (g2 != g1);
  g_assert_cmpstr (hashiya_text_get_utf8 (g2, NULL), ==, article);
}

/* Text that is not valid UTF-8 in the file (written behind the store's back): the same
 * clear error from read_text () as from get_text (), naming the document and the byte. */
static void
test_read_text_bad_bytes (Fixture       *f,
                          gconstpointer  data)
{
  static const struct
  {
    const char *hex;
    int         code;
    const char *where;
  } cases[] = {
    { "D8B9D8B1FF62", HASHIYA_TEXT_ERROR_INVALID_UTF8, "byte offset 4" },
    { "D8B9D8B10062", HASHIYA_TEXT_ERROR_NUL, "byte offset 4" },
    { "6162EDA080", HASHIYA_TEXT_ERROR_INVALID_UTF8, "byte offset 2" },
    { "616263D8", HASHIYA_TEXT_ERROR_INVALID_UTF8, "byte offset 3" },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(HashiyaStore) store = open_new (f);
  gint64 ids[G_N_ELEMENTS (cases)];

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *source = g_strdup_printf ("bad%u.txt", i);
      g_autofree char *text = g_strdup_printf ("placeholder %u", i);

      ids[i] = add_plain (store, source, text, -1);
    }
  g_clear_object (&store);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *sql =
        g_strdup_printf ("UPDATE documents SET text = CAST(X'%s' AS TEXT) WHERE id = %"
                         G_GINT64_FORMAT, cases[i].hex, ids[i]);
      raw_exec (f->path, sql);
    }
  store = hashiya_store_open (f->path, FALSE, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) read_error = NULL;
      g_autoptr(GError) get_error = NULL;
      g_autofree char *doc = g_strdup_printf ("document %" G_GINT64_FORMAT, ids[i]);

      g_assert_null (hashiya_store_read_text (store, ids[i], &read_error));
      g_assert_error (read_error, HASHIYA_TEXT_ERROR, cases[i].code);
      g_assert_nonnull (strstr (read_error->message, doc));
      g_assert_nonnull (strstr (read_error->message, cases[i].where));
      g_assert_null (hashiya_store_get_text (store, ids[i], &get_error));
      g_assert_error (get_error, HASHIYA_TEXT_ERROR, cases[i].code);
      g_assert_cmpstr (get_error->message, ==, read_error->message);
    }
}

/* A document added and read inside a savepoint that is rolled back is gone, and its id,
 * handed out again, reads as the new document's text, not the old cached one. */
static void
test_read_text_savepoint_rollback (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HashiyaStore) store = open_new (f);
  gint64 x, y;

  g_assert_true (hashiya_store_begin (store, &error));
  g_assert_true (hashiya_store_begin (store, &error));
  g_assert_no_error (error);
  x = add_plain (store, "x.txt", "نص أول", -1);
  assert_text_is (store, x, "نص أول", strlen ("نص أول"));   /* get_text () caches it */
  hashiya_store_rollback (store);                             /* the inner one */
  assert_not_found (store, x);
  {
    g_autoptr(HashiyaText) t = hashiya_store_get_text (store, x, &error);
    g_assert_null (t);
    g_assert_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_NOT_FOUND);
    g_clear_error (&error);
  }
  y = add_plain (store, "y.txt", "كلمة أخرى تماما", -1);
  assert_text_is (store, y, "كلمة أخرى تماما", strlen ("كلمة أخرى تماما"));
  g_assert_true (hashiya_store_commit (store, &error));
  g_assert_no_error (error);
  assert_text_is (store, y, "كلمة أخرى تماما", strlen ("كلمة أخرى تماما"));
  if (x != y)
    assert_not_found (store, x);
}

typedef struct
{
  HashiyaStore *store;
  gint64       *ids;
  GPtrArray    *texts;
  guint         seed;
} ReaderData;

static gpointer
reader_thread (gpointer data)
{
  ReaderData *rd = data;
  g_autoptr(GRand) rand = g_rand_new_with_seed (rd->seed);

  for (guint k = 0; k < 400; k++)
    {
      guint i = g_rand_int_range (rand, 0, rd->texts->len);
      g_autoptr(GError) error = NULL;
      g_autoptr(HashiyaText) t = NULL;

      if (g_rand_boolean (rand))
        t = hashiya_store_read_text (rd->store, rd->ids[i], &error);
      else
        t = hashiya_store_get_text (rd->store, rd->ids[i], &error);
      if (t == NULL || strcmp (hashiya_text_get_utf8 (t, NULL), rd->texts->pdata[i]) != 0)
        return GINT_TO_POINTER (1);
    }
  return NULL;
}

/* Several threads reading texts through one store at once (read_text () validates and
 * indexes outside the store's lock). */
static void
test_read_text_threads (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(HashiyaStore) store = open_new (f);
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  gint64 ids[12];
  GThread *threads[4];
  ReaderData rd[G_N_ELEMENTS (threads)];

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      GString *s = g_string_new (NULL);
      g_autofree char *source = g_strdup_printf ("t%u.txt", i);

      for (guint k = 0; k < 2000 * (i + 1); k++)
        g_string_append_printf (s, "كلمة%u ", k + i);
      ids[i] = add_plain (store, source, s->str, s->len);
      g_ptr_array_add (texts, g_string_free (s, FALSE));
    }
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    {
      rd[i] = (ReaderData) { store, ids, texts, 77 + i };
      threads[i] = g_thread_new ("reader", reader_thread, &rd[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_assert_null (g_thread_join (threads[i]));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, fn) g_test_add (name, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/store/create-reopen", test_create_reopen);
  ADD ("/store/migrations", test_migrations);
  ADD ("/store/default-labels", test_default_labels);
  ADD ("/store/refuse/text-file", test_refuse_text_file);
  ADD ("/store/refuse/empty-or-folder", test_refuse_empty);
  ADD ("/store/refuse/truncated", test_refuse_truncated);
  ADD ("/store/refuse/garbled", test_refuse_garbled);
  ADD ("/store/refuse/too-new", test_refuse_too_new);
  ADD ("/store/refuse/other-sqlite", test_refuse_other_sqlite);
  ADD ("/store/documents", test_documents);
  ADD ("/store/spans/rules", test_span_rules);
  ADD ("/store/spans/overlap-duplicate", test_span_overlap_duplicate);
  ADD ("/store/spans/edits-restore", test_span_edits);
  ADD ("/store/labels", test_labels);
  ADD ("/store/judgements", test_judgements);
  ADD ("/store/segments/kind-renumbers", test_segment_kind);
  ADD ("/store/transactions", test_transactions);
  ADD ("/store/busy", test_busy);
  ADD ("/store/concurrency/two-processes", test_concurrency);
  ADD ("/store/concurrency/threads", test_threads);
  ADD ("/store/persist-stats", test_persist_and_stats);
  ADD ("/store/read-text/exact", test_read_text);
  ADD ("/store/read-text/cache", test_read_text_cache);
  ADD ("/store/read-text/bad-bytes", test_read_text_bad_bytes);
  ADD ("/store/read-text/savepoint-rollback", test_read_text_savepoint_rollback);
  ADD ("/store/read-text/threads", test_read_text_threads);
#undef ADD

  return g_test_run ();
}
