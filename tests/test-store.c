/* test-store.c: the project file: creation, schema, documents, spans, labels, judgements, segments, figures
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "store-test-common.h"

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

/* Colour-blind safety of the default labels, computed here independently of the app:
 * each colour is simulated as seen with protanopia, deuteranopia and tritanopia (Machado,
 * Oliveira and Fernandes 2009, severity 1.0, in linear sRGB), converted to CIELAB (D65),
 * and every pair must stay at least MIN_DELTA_E (CIE76) apart. The earlier default palette
 * had a pair at 3.6 under protanopia, i.e. the same colour. */
#define MIN_DELTA_E 12.0

static double
srgb_to_linear (double c)
{
  return c <= 0.04045 ? c / 12.92 : pow ((c + 0.055) / 1.055, 2.4);
}

static double
lab_f (double t)
{
  return t > 0.008856 ? cbrt (t) : 7.787 * t + 16.0 / 116.0;
}

static void
seen_as_lab (const char *hex, const double m[3][3], double lab[3])
{
  unsigned int r, g, b;
  double rgb[3], s[3], x, y, z;

  g_assert_cmpint (sscanf (hex, "#%02x%02x%02x", &r, &g, &b), ==, 3);
  rgb[0] = srgb_to_linear (r / 255.0);
  rgb[1] = srgb_to_linear (g / 255.0);
  rgb[2] = srgb_to_linear (b / 255.0);
  for (int i = 0; i < 3; i++)
    s[i] = CLAMP (m[i][0] * rgb[0] + m[i][1] * rgb[1] + m[i][2] * rgb[2], 0.0, 1.0);
  x = (0.4124 * s[0] + 0.3576 * s[1] + 0.1805 * s[2]) / 0.9505;
  y = 0.2126 * s[0] + 0.7152 * s[1] + 0.0722 * s[2];
  z = (0.0193 * s[0] + 0.1192 * s[1] + 0.9505 * s[2]) / 1.089;
  lab[0] = 116 * lab_f (y) - 16;
  lab[1] = 500 * (lab_f (x) - lab_f (y));
  lab[2] = 200 * (lab_f (y) - lab_f (z));
}

static void
test_default_labels_colour_blind (Fixture       *f,
                                  gconstpointer  data)
{
  static const struct { const char *name; double m[3][3]; } vision[] = {
    { "protanopia",   { {  0.152286, 1.052583, -0.204868 }, {  0.114503, 0.786281, 0.099216 }, { -0.003882, -0.048116, 1.051998 } } },
    { "deuteranopia", { {  0.367322, 0.860646, -0.227968 }, {  0.280085, 0.672501, 0.047413 }, { -0.011820,  0.042940, 0.968881 } } },
    { "tritanopia",   { {  1.255528, -0.076749, -0.178779 }, { -0.078411, 0.930809, 0.147602 }, {  0.004733,  0.691367, 0.303900 } } },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(HashiyaStore) store = open_new (f);
  g_autoptr(GPtrArray) labels = hashiya_store_list_labels (store, &error);

  g_assert_no_error (error);
  for (guint v = 0; v < G_N_ELEMENTS (vision); v++)
    for (guint i = 0; i < labels->len; i++)
      for (guint j = i + 1; j < labels->len; j++)
        {
          HashiyaLabel *a = labels->pdata[i], *b = labels->pdata[j];
          double la[3], lb[3], d;

          seen_as_lab (a->color, vision[v].m, la);
          seen_as_lab (b->color, vision[v].m, lb);
          d = sqrt ((la[0] - lb[0]) * (la[0] - lb[0]) + (la[1] - lb[1]) * (la[1] - lb[1])
                    + (la[2] - lb[2]) * (la[2] - lb[2]));
          if (d < MIN_DELTA_E)
            g_error ("%s (%s) and %s (%s) look alike with %s: ΔE %.1f < %.1f",
                     a->name, a->color, b->name, b->color, vision[v].name, d, MIN_DELTA_E);
        }
}

/* A refused file keeps every byte and gets no -wal/-shm beside it. */
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

/* An import adds its document and spans in one transaction: a refused span names the
 * document by its source, never by an id that the rollback gives back. */
static void
test_span_new_document_message (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HashiyaStore) store = open_new (f);
  const char *text = "مُحَمَّد زار القاهرة";
  gint64 doc;
  g_autofree char *id_phrase = NULL;

  g_assert_true (hashiya_store_begin (store, &error));
  doc = hashiya_store_add_document (store, "import.jsonl#1", text, -1, NULL, NULL, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (hashiya_store_add_span (store, doc, 0, 1, "PER", "amira", NULL, &error), ==, 0);
  g_assert_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_INVALID);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "span 0-1 in the new document “import.jsonl#1” ends "
                                            "inside a character cluster at 1"));
  id_phrase = g_strdup_printf ("document %" G_GINT64_FORMAT, doc);
  g_assert_null (strstr (error->message, id_phrase));
  g_clear_error (&error);
  hashiya_store_rollback (store);

  /* committed, it is named by its id */
  doc = hashiya_store_add_document (store, "a.txt", text, -1, NULL, NULL, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (hashiya_store_begin (store, &error));
  g_assert_cmpint (hashiya_store_add_span (store, doc, 0, 1, "PER", "amira", NULL, &error), ==, 0);
  g_clear_pointer (&id_phrase, g_free);
  id_phrase = g_strdup_printf ("span 0-1 in document %" G_GINT64_FORMAT " ends", doc);
  g_assert_nonnull (strstr (error->message, id_phrase));
  g_clear_error (&error);
  hashiya_store_rollback (store);
}

/* Annotator names: one line, not empty, at most HASHIYA_ANNOTATOR_NAME_MAX characters. */
static void
test_annotator_rules (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(HashiyaStore) store = open_new (f);
  gint64 doc = add_article (store, "a.txt");
  g_autoptr(GString) longest = g_string_new (NULL);
  const char *bad[] = { "", "amira\nmallory", "tab\there", "nul\x01", "ls\u2028x", NULL };

  for (int i = 0; i < HASHIYA_ANNOTATOR_NAME_MAX; i++)
    g_string_append (longest, "ب");
  {
    g_autoptr(GError) error = NULL;
    g_assert_cmpint (hashiya_store_add_span (store, doc, 0, 5, "PER", longest->str, NULL, &error),
                     >, 0);
    g_assert_no_error (error);
  }
  g_string_append (longest, "ب");
  bad[0] = longest->str;   /* one character too many; "" is tried just below */
  {
    g_autoptr(GError) error = NULL;
    g_assert_cmpint (hashiya_store_add_span (store, doc, 0, 5, "PER", "", NULL, &error), ==, 0);
    g_assert_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_INVALID);
  }
  for (int i = 0; bad[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      HashiyaJudgement j = { .doc_id = doc, .comment_index = 1, .annotator = (char *) bad[i],
                             .offensive = 1, .hate_speech = -1 };

      g_assert_cmpint (hashiya_store_add_span (store, doc, 0, 5, "LOC", bad[i], NULL, &error), ==, 0);
      g_assert_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_INVALID);
      g_test_message ("%s", error->message);
      g_assert_null (strchr (error->message, '\n'));
      g_clear_error (&error);
      g_assert_false (hashiya_store_set_judgement (store, &j, &error));
      g_assert_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_INVALID);
    }
  g_assert_cmpint (raw_int (f->path, "SELECT count(*) FROM annotators"), ==, 1);
}

/* Label names have a length limit with a message that says it. */
static void
test_label_length (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(HashiyaStore) store = open_new (f);
  g_autoptr(GError) error = NULL;
  g_autofree char *ok = g_strnfill (HASHIYA_LABEL_NAME_MAX, 'A');
  g_autofree char *too_long = g_strnfill (10 * 1024, 'B');

  g_assert_cmpint (hashiya_store_add_label (store, ok, NULL, NULL, &error), >, 0);
  g_assert_no_error (error);
  g_assert_cmpint (hashiya_store_add_label (store, too_long, NULL, NULL, &error), ==, 0);
  g_assert_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_INVALID);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "10240 characters long; a label name has at most 64"));
  g_assert_cmpuint (strlen (error->message), <, 200);
  g_clear_error (&error);
  g_assert_false (hashiya_store_rename_label (store, "PER", too_long, &error));
  g_assert_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_INVALID);
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
  ADD ("/store/default-labels/colour-blind-safe", test_default_labels_colour_blind);
  ADD ("/store/documents", test_documents);
  ADD ("/store/spans/rules", test_span_rules);
  ADD ("/store/spans/overlap-duplicate", test_span_overlap_duplicate);
  ADD ("/store/spans/edits-restore", test_span_edits);
  ADD ("/store/labels", test_labels);
  ADD ("/store/labels/length", test_label_length);
  ADD ("/store/annotators/rules", test_annotator_rules);
  ADD ("/store/spans/new-document-message", test_span_new_document_message);
  ADD ("/store/judgements", test_judgements);
  ADD ("/store/segments/kind-renumbers", test_segment_kind);
  ADD ("/store/persist-stats", test_persist_and_stats);
#undef ADD

  return g_test_run ();
}
