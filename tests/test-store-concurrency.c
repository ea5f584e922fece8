/* test-store-concurrency.c: the store under transactions, other processes, threads, and its text cache
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
  ADD ("/store/transactions", test_transactions);
  ADD ("/store/busy", test_busy);
  ADD ("/store/concurrency/two-processes", test_concurrency);
  ADD ("/store/concurrency/threads", test_threads);
  ADD ("/store/read-text/exact", test_read_text);
  ADD ("/store/read-text/cache", test_read_text_cache);
  ADD ("/store/read-text/bad-bytes", test_read_text_bad_bytes);
  ADD ("/store/read-text/savepoint-rollback", test_read_text_savepoint_rollback);
  ADD ("/store/read-text/threads", test_read_text_threads);
#undef ADD

  return g_test_run ();
}
