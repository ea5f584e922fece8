/* test-store-refuse.c: refused files left untouched, atomic creation, a full disk
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE   /* F_OFD_SETLK */
#endif
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <time.h>
#include <utime.h>
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
  assert_refused (f->path, FALSE, HASHIYA_STORE_ERROR_EMPTY, "the file is empty");
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

/* What an older build's init left when killed after SQLite wrote the header but before
 * the tables: refused as what it is, not as another program's database, and create = TRUE
 * makes the project there with the file's permissions. */
static void
test_refuse_tableless (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HashiyaStore) store = NULL;
  g_autoptr(GPtrArray) labels = NULL;
  GStatBuf st;

  raw_exec (f->path, "PRAGMA journal_mode = WAL; PRAGMA user_version = 0;");
  assert_no_sidecars (f->path);
  g_assert_cmpint (g_stat (f->path, &st), ==, 0);
  g_assert_cmpint (st.st_size, >, 0);
  g_assert_cmpint (g_chmod (f->path, 0640), ==, 0);
  assert_refused (f->path, FALSE, HASHIYA_STORE_ERROR_EMPTY, "without any table");
  {
    g_autoptr(GError) e = NULL;
    g_autoptr(HashiyaStore) s = hashiya_store_open (f->path, FALSE, &e);
    g_assert_null (strstr (e->message, "another program"));
  }

  store = hashiya_store_open (f->path, TRUE, &error);
  g_assert_no_error (error);
  labels = hashiya_store_list_labels (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (labels->len, ==, 5);
  g_assert_cmpint (g_stat (f->path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0640);
  g_clear_object (&store);
  assert_no_sidecars (f->path);
}

/* An empty file (mktemp makes them 0600) becomes a project that keeps its mode. */
static void
test_create_over_empty (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HashiyaStore) store = NULL;
  GStatBuf st;

  write_bytes (f->path, "", 0);
  g_assert_cmpint (g_chmod (f->path, 0600), ==, 0);
  store = hashiya_store_open (f->path, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (hashiya_store_get_schema_version (store), ==, HASHIYA_STORE_SCHEMA_VERSION);
  g_assert_cmpint (g_stat (f->path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_clear_object (&store);

  /* through a symbolic link, the link stays and its target becomes the project */
  {
    g_autofree char *target = g_build_filename (f->dir, "target.hashiya", NULL);
    g_autofree char *link = g_build_filename (f->dir, "link.hashiya", NULL);
    g_autoptr(HashiyaStore) linked = NULL;

    write_bytes (target, "", 0);
    g_assert_cmpint (symlink ("target.hashiya", link), ==, 0);
    linked = hashiya_store_open (link, TRUE, &error);
    g_assert_no_error (error);
    g_clear_object (&linked);
    g_assert_true (g_file_test (link, G_FILE_TEST_IS_SYMLINK));
    g_assert_cmpint (g_stat (target, &st), ==, 0);
    g_assert_cmpint (st.st_size, >, 0);
    g_unlink (link);
    g_unlink (target);
  }
  /* nothing else in the folder: the temporary file went into place */
  {
    g_autoptr(GDir) d = g_dir_open (f->dir, 0, NULL);
    const char *name;
    guint n = 0;

    while ((name = g_dir_read_name (d)) != NULL)
      {
        g_test_message ("in the folder: %s", name);
        n++;
      }
    g_assert_cmpuint (n, ==, 1);
  }
}

/* The folder holds path and nothing else than the creation's temporary files. After a
 * killed creation, path is absent or a whole project: never an empty or table-less file. */
static gboolean
check_after_kill (Fixture *f)
{
  g_autoptr(GDir) d = g_dir_open (f->dir, 0, NULL);
  g_autoptr(GPtrArray) litter = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *base = g_path_get_basename (f->path);
  g_autofree char *tmp_prefix = g_strdup_printf (".%s.new-", base);
  const char *name;
  gboolean interrupted = FALSE;

  while ((name = g_dir_read_name (d)) != NULL)
    if (g_str_has_prefix (name, tmp_prefix))
      {
        g_ptr_array_add (litter, g_build_filename (f->dir, name, NULL));
        interrupted = TRUE;
      }
  for (guint i = 0; i < litter->len; i++)
    g_unlink (litter->pdata[i]);

  if (g_file_test (f->path, G_FILE_TEST_EXISTS))
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(HashiyaStore) store = hashiya_store_open (f->path, FALSE, &error);
      g_autoptr(GPtrArray) labels = NULL;

      g_assert_no_error (error);
      labels = hashiya_store_list_labels (store, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (labels->len, ==, 5);
      g_clear_object (&store);
      assert_no_sidecars (f->path);
      g_unlink (f->path);
    }
  return interrupted;
}

static void
test_create_killed (Fixture       *f,
                    gconstpointer  data)
{
  gint64 t0, duration;
  guint interrupted = 0, absent = 0;
  const guint rounds = 120;

  /* how long one creation takes here (several fsyncs) */
  t0 = g_get_monotonic_time ();
  {
    g_autoptr(HashiyaStore) store = open_new (f);
  }
  duration = MAX (g_get_monotonic_time () - t0, 200);
  g_unlink (f->path);

  for (guint i = 0; i < rounds; i++)
    {
      pid_t pid = fork ();
      int status = 0;

      g_assert_cmpint (pid, >=, 0);
      if (pid == 0)
        {
          HashiyaStore *store = hashiya_store_open (f->path, TRUE, NULL);
          _exit (store != NULL ? 0 : 1);
        }
      g_usleep (g_test_rand_int_range (0, (gint32) MIN (duration * 3, G_MAXINT32)));
      kill (pid, SIGKILL);
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      if (!g_file_test (f->path, G_FILE_TEST_EXISTS))
        absent++;
      if (check_after_kill (f))
        interrupted++;
    }
  g_test_message ("%u creations killed at random: %u left their temporary file, %u no project, "
                  "never an empty or table-less one", rounds, interrupted, absent);
}

/* A killed creation's temporary file is removed by the next creation of the same path once
 * nobody holds it; one that a running creation holds (its lock) is left alone. */
static void
test_create_removes_abandoned (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HashiyaStore) store = NULL;
  g_autofree char *abandoned = g_build_filename (f->dir, ".test.hashiya.new-AbC123", NULL);
  g_autofree char *abandoned_journal = g_strconcat (abandoned, "-journal", NULL);
  g_autofree char *held = g_build_filename (f->dir, ".test.hashiya.new-XyZ789", NULL);
  g_autofree char *recent = g_build_filename (f->dir, ".test.hashiya.new-Rec456", NULL);
  g_autofree char *other = g_build_filename (f->dir, ".other.hashiya.new-AbC123", NULL);
  const char *old_files[] = { abandoned, abandoned_journal, held, other };
  struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 1 };
  int held_fd;

  for (guint i = 0; i < G_N_ELEMENTS (old_files); i++)
    {
      struct utimbuf times = { .actime = time (NULL) - 3600, .modtime = time (NULL) - 3600 };

      write_bytes (old_files[i], "SQLite format 3", 16);
      g_assert_cmpint (utime (old_files[i], &times), ==, 0);
    }
  write_bytes (recent, "", 0);
  held_fd = g_open (held, O_RDWR, 0);
  g_assert_cmpint (held_fd, >=, 0);
  g_assert_cmpint (fcntl (held_fd, F_OFD_SETLK, &fl), ==, 0);

  store = hashiya_store_open (f->path, TRUE, &error);
  g_assert_no_error (error);
  g_assert_false (g_file_test (abandoned, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (abandoned_journal, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (held, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (recent, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (other, G_FILE_TEST_EXISTS));
  close (held_fd);
}

/* ------------------------------------------------------------------------- */
/* A full disk: a small tmpfs (needs root; skipped otherwise)                 */
/* ------------------------------------------------------------------------- */

static gboolean
run_quiet (const char *const *argv)
{
  int status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL
                     | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, NULL))
    return FALSE;
  return g_spawn_check_wait_status (status, NULL);
}

/* Fills the file system holding dir up to the last byte with a file "fill". */
static void
fill_disk (const char *dir)
{
  g_autofree char *fill = g_build_filename (dir, "fill", NULL);
  char block[4096] = { 0 };
  int fd = g_open (fill, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  gsize chunk = sizeof block;

  g_assert_cmpint (fd, >=, 0);
  while (chunk > 0)
    {
      if (write (fd, block, chunk) < 0)
        {
          g_assert_cmpint (errno, ==, ENOSPC);
          chunk /= 2;
        }
    }
  close (fd);
}

static gboolean
mount_small_disk (const char *dir)
{
  const char *mount_argv[] = { "mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", dir, NULL };

  if (!run_quiet (mount_argv))
    {
      g_test_skip ("cannot mount a small tmpfs here (needs root): full-disk cases not run");
      return FALSE;
    }
  return TRUE;
}

static void
unmount_small_disk (const char *dir)
{
  const char *umount_argv[] = { "umount", dir, NULL };

  g_assert_true (run_quiet (umount_argv));
}

static void
test_disk_full (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *disk = g_build_filename (f->dir, "disk", NULL);
  g_autofree char *path = g_build_filename (disk, "p.hashiya", NULL);
  g_autofree char *other = g_build_filename (disk, "new.hashiya", NULL);
  g_autofree char *folder_message = g_strdup_printf ("no space left on the device that holds the project %s",
                                                     path);
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  gint64 doc_id;

  g_assert_cmpint (g_mkdir (disk, 0755), ==, 0);
  if (!mount_small_disk (disk))
    {
      g_rmdir (disk);
      return;
    }

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(HashiyaStore) store = hashiya_store_open (path, TRUE, &error);

    g_assert_no_error (error);
    doc_id = add_article (store, "a.txt");
  }
  assert_no_sidecars (path);
  fill_disk (disk);
  before = file_bytes (path);

  /* reading works, and leaves nothing beside the file */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(HashiyaStore) store = hashiya_store_open (path, FALSE, &error);
    g_autoptr(GPtrArray) docs = NULL;
    g_autoptr(GPtrArray) spans = NULL;
    g_autoptr(HashiyaText) text = NULL;
    g_autoptr(HashiyaStats) stats = NULL;

    g_assert_no_error (error);
    docs = hashiya_store_list_documents (store, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (docs->len, ==, 1);
    text = hashiya_store_read_text (store, doc_id, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (hashiya_text_get_utf8 (text, NULL), ==, article);
    spans = hashiya_store_list_spans (store, doc_id, &error);
    g_assert_no_error (error);
    stats = hashiya_store_get_stats (store, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (stats->n_documents, ==, 1);

    /* a write says the disk is full, and where */
    g_assert_cmpint (hashiya_store_add_span (store, doc_id, 0, 5, "PER", "amira", NULL, &error),
                     ==, 0);
    g_assert_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_DISK_FULL);
    g_test_message ("write on a full disk: %s", error->message);
    g_assert_nonnull (strstr (error->message, "the disk is full"));
    g_assert_nonnull (strstr (error->message, folder_message));
  }
  assert_no_sidecars (path);
  after = file_bytes (path);
  g_assert_true (g_bytes_equal (before, after));

  /* a new project cannot be made: no file is left, not even an empty one */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(HashiyaStore) store = hashiya_store_open (other, TRUE, &error);

    g_assert_null (store);
    g_assert_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_DISK_FULL);
    g_test_message ("creation on a full disk: %s", error->message);
    g_assert_nonnull (strstr (error->message, other));
    g_assert_false (g_file_test (other, G_FILE_TEST_EXISTS));
    {
      g_autoptr(GDir) d = g_dir_open (disk, 0, NULL);
      const char *name;

      while ((name = g_dir_read_name (d)) != NULL)
        g_assert_true (g_str_equal (name, "p.hashiya") || g_str_equal (name, "fill"));
    }
  }

  unmount_small_disk (disk);
  g_rmdir (disk);
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
  ADD ("/store/refuse/table-less", test_refuse_tableless);
  ADD ("/store/create/over-empty-file", test_create_over_empty);
  ADD ("/store/create/killed", test_create_killed);
  ADD ("/store/create/removes-abandoned", test_create_removes_abandoned);
  ADD ("/store/disk-full", test_disk_full);
#undef ADD

  return g_test_run ();
}
