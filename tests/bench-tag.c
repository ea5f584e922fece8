/* bench-tag.c: times adding entity spans through the core API (one transaction per span, and batched)
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   bench-tag PROJECT [--spans N] [--batched N] [--batch-size N] [--doc ID]
 *
 * Candidate spans are whole tokens (or runs of two tokens) spread evenly over every
 * document, picked before the clock starts. "--spans N" adds N spans the way the app
 * does, each hashiya_store_add_span call its own transaction (annotator "bench");
 * "--batched N" adds N more inside hashiya_store_begin/commit groups of --batch-size
 * (annotator "bench-batch", so no span duplicates one of the first run).
 * Prints "key value" lines for build-aux/bench.sh, including the latency of one durable
 * action (median, 95th percentile, mean, in ms: what the annotator waits for each tag)
 * and the peak resident set size (VmHWM) of this process.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hashiya-store.h"
#include "hashiya-text.h"

typedef struct
{
  gint64 doc_id;
  gint64 start;
  gint64 end;
} Candidate;

static const char *labels[] = { "PER", "LOC", "ORG", "DATE", "MISC" };

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
cmp_double (gconstpointer a,
            gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* The q-quantile (0..1) of sorted values, nearest rank. */
static double
quantile (const double *sorted,
          guint         n,
          double        q)
{
  guint k;

  if (n == 0)
    return 0;
  k = (guint) (q * n + 0.5);
  return sorted[MIN (k, n - 1)];
}

static GArray *
pick_candidates (HashiyaStore *store,
                 gint64        only_doc,
                 guint         wanted,
                 GError      **error)
{
  g_autoptr(GPtrArray) docs = hashiya_store_list_documents (store, error);
  GArray *out = g_array_new (FALSE, FALSE, sizeof (Candidate));
  gint64 total_chars = 0;
  double stride;

  if (docs == NULL)
    {
      g_array_unref (out);
      return NULL;
    }
  for (guint i = 0; i < docs->len; i++)
    {
      HashiyaDocument *d = g_ptr_array_index (docs, i);
      if (only_doc == 0 || d->id == only_doc)
        total_chars += d->length;
    }
  /* about one token in six characters; leave room so candidates do not run out */
  stride = MAX (1.0, (double) total_chars / 6.5 / (double) wanted);

  for (guint i = 0; i < docs->len && out->len < wanted; i++)
    {
      HashiyaDocument *d = g_ptr_array_index (docs, i);
      g_autoptr(HashiyaText) text = NULL;
      g_autoptr(GArray) tokens = NULL;
      double next = 0;

      if (only_doc != 0 && d->id != only_doc)
        continue;
      text = hashiya_store_get_text (store, d->id, error);
      if (text == NULL)
        {
          g_array_unref (out);
          return NULL;
        }
      tokens = hashiya_tokenize (text, 0, hashiya_text_get_length (text));
      for (guint t = 0; t < tokens->len && out->len < wanted; t++)
        {
          const HashiyaToken *tok = &g_array_index (tokens, HashiyaToken, t);
          Candidate c;

          if ((double) t < next)
            continue;
          next += stride;
          c.doc_id = d->id;
          c.start = tok->start;
          c.end = tok->end;
          /* every fourth candidate covers two tokens, as multi-word names do */
          if (out->len % 4 == 3 && t + 1 < tokens->len)
            c.end = g_array_index (tokens, HashiyaToken, t + 1).end;
          g_array_append_val (out, c);
        }
    }
  return out;
}

int
main (int argc, char **argv)
{
  g_autoptr(HashiyaStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) cands = NULL;
  g_autoptr(GArray) latencies = NULL;
  gint64 n_single = 100000, n_batched = 100000, batch_size = 1000, only_doc = 0;
  gint64 t0, t1;
  guint i, done;

  if (argc < 2)
    {
      fprintf (stderr, "usage: %s PROJECT [--spans N] [--batched N] [--batch-size N] [--doc ID]\n", argv[0]);
      return 2;
    }
  for (int a = 2; a + 1 < argc; a += 2)
    {
      gint64 v = g_ascii_strtoll (argv[a + 1], NULL, 10);
      if (g_str_equal (argv[a], "--spans"))
        n_single = v;
      else if (g_str_equal (argv[a], "--batched"))
        n_batched = v;
      else if (g_str_equal (argv[a], "--batch-size"))
        batch_size = MAX (v, 1);
      else if (g_str_equal (argv[a], "--doc"))
        only_doc = v;
      else
        {
          fprintf (stderr, "bench-tag: unknown option %s\n", argv[a]);
          return 2;
        }
    }

  store = hashiya_store_open (argv[1], FALSE, &error);
  if (store == NULL)
    {
      fprintf (stderr, "bench-tag: %s\n", error->message);
      return 1;
    }

  t0 = g_get_monotonic_time ();
  cands = pick_candidates (store, only_doc, (guint) MAX (n_single, n_batched), &error);
  if (cands == NULL)
    {
      fprintf (stderr, "bench-tag: %s\n", error->message);
      return 1;
    }
  t1 = g_get_monotonic_time ();
  printf ("candidates %u\n", cands->len);
  printf ("candidates_seconds %.3f\n", (t1 - t0) / 1e6);

  /* one transaction per span, as the window does for each user action */
  latencies = g_array_sized_new (FALSE, FALSE, sizeof (double), (guint) MAX (n_single, 0));
  t0 = g_get_monotonic_time ();
  for (i = 0, done = 0; i < cands->len && done < n_single; i++)
    {
      const Candidate *c = &g_array_index (cands, Candidate, i);
      gint64 a0 = g_get_monotonic_time ();
      gint64 id = hashiya_store_add_span (store, c->doc_id, c->start, c->end, labels[i % 5],
                                          "bench", "manual", &error);
      double ms = (g_get_monotonic_time () - a0) / 1e3;

      g_array_append_val (latencies, ms);
      if (id <= 0)
        {
          fprintf (stderr, "bench-tag: span %u (doc %" G_GINT64_FORMAT " %" G_GINT64_FORMAT "-%"
                   G_GINT64_FORMAT "): %s\n", i, c->doc_id, c->start, c->end, error->message);
          return 1;
        }
      done++;
    }
  t1 = g_get_monotonic_time ();
  printf ("single_spans %u\n", done);
  printf ("single_seconds %.3f\n", (t1 - t0) / 1e6);
  printf ("single_spans_per_second %.0f\n", done / MAX ((t1 - t0) / 1e6, 1e-6));
  g_array_sort (latencies, cmp_double);
  printf ("single_ms_median %.3f\n", quantile ((double *) latencies->data, latencies->len, 0.5));
  printf ("single_ms_p95 %.3f\n", quantile ((double *) latencies->data, latencies->len, 0.95));
  printf ("single_ms_max %.3f\n",
          latencies->len ? g_array_index (latencies, double, latencies->len - 1) : 0.0);
  printf ("single_ms_mean %.3f\n", done ? (t1 - t0) / 1e3 / done : 0.0);

  /* the same ranges again in batches (another annotator, so none is a duplicate) */
  t0 = g_get_monotonic_time ();
  for (i = 0, done = 0; i < cands->len && done < n_batched; )
    {
      if (!hashiya_store_begin (store, &error))
        {
          fprintf (stderr, "bench-tag: begin: %s\n", error->message);
          return 1;
        }
      for (gint64 k = 0; k < batch_size && i < cands->len && done < n_batched; k++, i++)
        {
          const Candidate *c = &g_array_index (cands, Candidate, i);
          if (hashiya_store_add_span (store, c->doc_id, c->start, c->end, labels[(i + 1) % 5],
                                      "bench-batch", "manual", &error) <= 0)
            {
              fprintf (stderr, "bench-tag: batched span %u: %s\n", i, error->message);
              hashiya_store_rollback (store);
              return 1;
            }
          done++;
        }
      if (!hashiya_store_commit (store, &error))
        {
          fprintf (stderr, "bench-tag: commit: %s\n", error->message);
          return 1;
        }
    }
  t1 = g_get_monotonic_time ();
  printf ("batched_spans %u\n", done);
  printf ("batched_seconds %.3f\n", (t1 - t0) / 1e6);
  printf ("batched_spans_per_second %.0f\n", done / MAX ((t1 - t0) / 1e6, 1e-6));
  printf ("peak_rss_kb %ld\n", peak_rss_kb ());
  return 0;
}
