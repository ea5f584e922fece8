/* bench-scale.c: the core's side of a large project: open to first page of rows, one tag, switching document, corpus find
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   bench-scale PROJECT [--tags N] [--switches N] [--find WORD]
 *
 * Prints "key value" lines for build-aux/bench.sh (times in ms):
 *   open_ms       hashiya_store_open + the document count + the first page (60 rows) of the list
 *   tag_median_ms / tag_p95_ms   one durable hashiya_store_add_span on a random document plus
 *                 re-reading that document's row (what the sidebar shows), N times
 *   switch_median_ms / switch_p95_ms   opening a random document: text, segments, spans,
 *                 judgements and its row position in the list
 *   find_ms / find_hits   hashiya_store_find_corpus (first 1,000 hits) for WORD
 *   peak_rss_kb   VmHWM of this process
 * The spans it adds (annotator "bench-scale") are removed again, untimed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hashiya-store.h"
#include "hashiya-store-corpus.h"
#include "hashiya-text.h"

static long
peak_rss_kb (void)
{
  g_autofree char *status = NULL;
  const char *p;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  p = strstr (status, "VmHWM:");
  return p ? strtol (p + 6, NULL, 10) : -1;
}

static int
cmp_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static double
percentile (GArray *ms, double q)
{
  guint i;

  if (ms->len == 0)
    return 0;
  qsort (ms->data, ms->len, sizeof (double), cmp_double);
  i = (guint) (q * (ms->len - 1) + 0.5);
  return g_array_index (ms, double, i);
}

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HashiyaStore) store = NULL;
  g_autoptr(GArray) tag_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) switch_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) added = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  const char *path = NULL, *word = "الحكومة";
  int n_tags = 200, n_switches = 100;
  HashiyaDocQuery q;
  gint64 n_docs, max_id;
  double t0;

  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--tags") && i + 1 < argc)
        n_tags = atoi (argv[++i]);
      else if (g_str_equal (argv[i], "--switches") && i + 1 < argc)
        n_switches = atoi (argv[++i]);
      else if (g_str_equal (argv[i], "--find") && i + 1 < argc)
        word = argv[++i];
      else
        path = argv[i];
    }
  if (path == NULL)
    {
      fprintf (stderr, "usage: bench-scale PROJECT [--tags N] [--switches N] [--find WORD]\n");
      return 2;
    }

  t0 = now_ms ();
  store = hashiya_store_open (path, FALSE, &error);
  if (store == NULL)
    {
      fprintf (stderr, "bench-scale: %s\n", error->message);
      return 1;
    }
  hashiya_doc_query_init (&q);
  n_docs = hashiya_store_count_document_rows (store, &q, &error);
  {
    g_autoptr(GPtrArray) page = hashiya_store_list_document_rows (store, &q, 0, 60, &error);
    if (page == NULL || page->len == 0)
      {
        fprintf (stderr, "bench-scale: no documents\n");
        return 1;
      }
  }
  printf ("open_ms %.1f\n", now_ms () - t0);
  printf ("documents %" G_GINT64_FORMAT "\n", n_docs);
  q.descending = TRUE;
  {
    g_autoptr(GPtrArray) last = hashiya_store_list_document_rows (store, &q, 0, 1, &error);
    max_id = ((HashiyaDocument *) last->pdata[0])->id;
  }
  q.descending = FALSE;

  for (int i = 0; i < n_tags; i++)
    {
      gint64 doc = g_rand_int_range (rand, 1, max_id + 1);
      g_autoptr(HashiyaText) text = hashiya_store_get_text (store, doc, NULL);
      g_autoptr(GArray) tokens = NULL;
      const HashiyaToken *tok;
      gint64 id;
      double t;

      if (text == NULL)
        continue;
      tokens = hashiya_tokenize (text, 0, hashiya_text_get_length (text));
      if (tokens->len == 0)
        continue;
      tok = &g_array_index (tokens, HashiyaToken, g_rand_int_range (rand, 0, tokens->len));
      t = now_ms ();
      id = hashiya_store_add_span (store, doc, tok->start, tok->end, "PER", "bench-scale", NULL, NULL);
      if (id > 0)
        {
          g_autoptr(HashiyaDocument) row = hashiya_store_get_document_row (store, doc, NULL);
          g_array_append_val (tag_ms, (double) { now_ms () - t });
          g_array_append_val (added, id);
        }
    }
  printf ("tag_median_ms %.2f\n", percentile (tag_ms, 0.5));
  printf ("tag_p95_ms %.2f\n", percentile (tag_ms, 0.95));

  for (int i = 0; i < n_switches; i++)
    {
      gint64 doc = g_rand_int_range (rand, 1, max_id + 1);
      double t = now_ms ();
      g_autoptr(HashiyaText) text = hashiya_store_get_text (store, doc, NULL);
      g_autoptr(GArray) segs = NULL;
      g_autoptr(GPtrArray) spans = NULL;
      g_autoptr(GPtrArray) judgements = NULL;

      if (text == NULL)
        continue;
      segs = hashiya_store_get_segments (store, doc, NULL);
      spans = hashiya_store_list_spans (store, doc, NULL);
      judgements = hashiya_store_list_judgements (store, doc, NULL);
      hashiya_store_document_row_position (store, &q, doc, NULL);
      g_array_append_val (switch_ms, (double) { now_ms () - t });
    }
  printf ("switch_median_ms %.2f\n", percentile (switch_ms, 0.5));
  printf ("switch_p95_ms %.2f\n", percentile (switch_ms, 0.95));

  {
    gboolean truncated = FALSE;
    g_autoptr(GPtrArray) hits = NULL;

    t0 = now_ms ();
    hits = hashiya_store_find_corpus (store, word, 1000, &truncated, NULL, &error);
    printf ("find_ms %.1f\n", now_ms () - t0);
    printf ("find_hits %u%s\n", hits ? hits->len : 0, truncated ? "+" : "");
  }
  printf ("peak_rss_kb %ld\n", peak_rss_kb ());

  hashiya_store_remove_spans (store, (gint64 *) added->data, added->len, NULL);
  return 0;
}
