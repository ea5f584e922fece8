/* test-locks.c: other code in the process opening and closing the project file never
 * releases the store's locks (issue 9, point 1: the file chooser scenario)
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The scenario, as the window met it: a process holds a project open and has tagged
 * (the -wal and -shm files exist); code in the same process that is not the store (GTK's
 * file chooser sniffing content types) opens and closes the project file; another
 * process (hashiya-cli list) opens and closes the project; the first process tags again
 * and is killed with SIGKILL. With SQLite's process-wide POSIX locks the second process
 * saw no other connection, checkpointed and deleted the -wal, and the second tag went
 * into a deleted file. The program re-executes itself for the two other processes:
 *   test-locks --writer PATH     the window's part
 *   test-locks --lister PATH     hashiya-cli list's part
 */
#include "config.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>
#include <stdio.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include "hashiya-store.h"

static const char *self_exe;

static void
touch_and_close (const char *path)
{
  char buf[64];
  int fd = g_open (path, O_RDONLY, 0);

  if (fd < 0)
    return;
  if (read (fd, buf, sizeof buf) < 0)
    {
      /* a failed read changes nothing: the close below is the point */
    }
  close (fd);
}

static int
run_writer (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HashiyaStore) store = hashiya_store_open (path, TRUE, &error);
  const char *text = "قال وزير الدفاع في بغداد إن التعاون مستمر.";
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  char line[16];
  gint64 doc;

  if (store == NULL)
    g_error ("writer: %s", error->message);
  doc = hashiya_store_add_document (store, "a.txt", text, -1, NULL, NULL, 0, NULL, &error);
  if (doc == 0 || hashiya_store_add_span (store, doc, 0, 3, "PER", "w", NULL, &error) == 0)
    g_error ("writer: %s", error->message);

  /* what the file chooser did: open and close the project file (and its companions) */
  touch_and_close (path);
  touch_and_close (wal);
  touch_and_close (shm);

  printf ("1\n");
  fflush (stdout);
  if (fgets (line, sizeof line, stdin) == NULL)
    return 1;
  if (hashiya_store_add_span (store, doc, 4, 9, "PER", "w", NULL, &error) == 0)
    g_error ("writer: %s", error->message);
  printf ("2\n");
  fflush (stdout);
  for (;;)
    pause ();   /* killed here with SIGKILL: no clean close */
  return 0;
}

static int
run_lister (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HashiyaStore) store = hashiya_store_open (path, FALSE, &error);
  g_autoptr(GPtrArray) docs = NULL;

  if (store == NULL)
    g_error ("lister: %s", error->message);
  docs = hashiya_store_list_documents (store, &error);
  if (docs == NULL)
    g_error ("lister: %s", error->message);
  hashiya_store_close (store);
  return 0;
}

/* Runs the scenario; returns the number of spans the file holds after the kill and
 * whether the -wal survived the lister. */
static guint
run_scenario (gboolean classic_locks,
              gboolean *wal_survived)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-locks-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "p.hashiya", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) writer = NULL;
  g_autoptr(GSubprocess) lister = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(HashiyaStore) store = NULL;
  g_autoptr(GPtrArray) docs = NULL;
  g_autoptr(GPtrArray) spans = NULL;
  g_autofree char *l1 = NULL, *l2 = NULL;
  guint n;

  g_assert_no_error (error);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  if (classic_locks)
    g_subprocess_launcher_setenv (launcher, "HASHIYA_CLASSIC_LOCKS", "1", TRUE);
  else
    g_subprocess_launcher_unsetenv (launcher, "HASHIYA_CLASSIC_LOCKS");
  writer = g_subprocess_launcher_spawn (launcher, &error, self_exe, "--writer", path, NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (writer));
  l1 = g_data_input_stream_read_line (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (l1, ==, "1");
  g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));

  lister = g_subprocess_launcher_spawn (launcher, &error, self_exe, "--lister", path, NULL);
  g_assert_no_error (error);
  g_subprocess_wait_check (lister, NULL, &error);
  g_assert_no_error (error);
  *wal_survived = g_file_test (wal, G_FILE_TEST_EXISTS);

  g_output_stream_write_all (g_subprocess_get_stdin_pipe (writer), "go\n", 3, NULL, NULL, &error);
  g_assert_no_error (error);
  l2 = g_data_input_stream_read_line (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (l2, ==, "2");
  g_subprocess_send_signal (writer, SIGKILL);
  g_subprocess_wait (writer, NULL, NULL);

  store = hashiya_store_open (path, FALSE, &error);
  g_assert_no_error (error);
  docs = hashiya_store_list_documents (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (docs->len, ==, 1);
  spans = hashiya_store_list_spans (store, ((HashiyaDocument *) docs->pdata[0])->id, &error);
  g_assert_no_error (error);
  n = spans->len;
  g_clear_object (&store);
  g_unlink (wal);
  {
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);
    g_unlink (shm);
  }
  g_unlink (path);
  g_rmdir (dir);
  return n;
}

static void
test_foreign_close_keeps_locks (void)
{
  gboolean wal_survived = FALSE;
  guint n;

  g_assert_true (hashiya_store_locks_per_open_file ());
  n = run_scenario (FALSE, &wal_survived);
  g_assert_true (wal_survived);
  g_assert_cmpuint (n, ==, 2);
}

/* The same scenario with SQLite's own process-wide locks shows what the test guards
 * against: the lister deletes the -wal and the second span is lost at the kill. */
static void
test_classic_locks_lose_work (void)
{
  gboolean wal_survived = TRUE;
  guint n = run_scenario (TRUE, &wal_survived);

  if (wal_survived && n == 2)
    {
      g_test_skip ("this SQLite kept the work even with process-wide locks");
      return;
    }
  g_assert_false (wal_survived);
  g_assert_cmpuint (n, ==, 1);
}

int
main (int argc, char **argv)
{
  self_exe = argv[0];
  if (argc == 3 && g_str_equal (argv[1], "--writer"))
    return run_writer (argv[2]);
  if (argc == 3 && g_str_equal (argv[1], "--lister"))
    return run_lister (argv[2]);

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/locks/foreign-close-keeps-locks", test_foreign_close_keeps_locks);
  g_test_add_func ("/locks/classic-locks-lose-work", test_classic_locks_lose_work);
  return g_test_run ();
}
