/* test-store-refuse.c: files the store refuses, and leaves untouched
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <errno.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "store-test-common.h"

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
  assert_refused (f->path, FALSE, HASHIYA_STORE_ERROR_TOO_NEW, "schema 99, this build knows 1");
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

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, fn) g_test_add (name, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/store/refuse/text-file", test_refuse_text_file);
  ADD ("/store/refuse/empty-or-folder", test_refuse_empty);
  ADD ("/store/refuse/truncated", test_refuse_truncated);
  ADD ("/store/refuse/garbled", test_refuse_garbled);
  ADD ("/store/refuse/too-new", test_refuse_too_new);
  ADD ("/store/refuse/other-sqlite", test_refuse_other_sqlite);
#undef ADD

  return g_test_run ();
}
