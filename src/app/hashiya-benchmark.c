/* hashiya-benchmark.c: measures the window on a real project and prints the figures
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Times are taken in-process with the monotonic clock; "the frame after" is the frame
 * clock's after-paint signal following the action.
 */
#include "config.h"

#include <stdio.h>
#include <time.h>
#include <unistd.h>
#include <glib/gi18n.h>

#include "hashiya-benchmark.h"
#include "hashiya-profile.h"
#include "hashiya-corpus-find.h"
#include "hashiya-store-corpus.h"

#define N_TAGS 200
#define N_SCROLL_FRAMES 120
#define N_SWITCHES 50
#define N_FINDS 5
#define FIND_WORD "الحكومة"   /* in most of build-aux/gen-corpus.py's articles */

typedef enum { PHASE_FIRST_FRAME, PHASE_TAG, PHASE_SCROLL, PHASE_SWITCH, PHASE_DONE } Phase;

/* 1 once a step failed: the process exits with it (main.c asks after the run) */
static int benchmark_status;

typedef struct
{
  GApplication *app;
  HashiyaWindow      *window;
  char               *path;
  Phase               phase;
  gint64              t0;
  gint64              t_action;
  gboolean            waiting;
  GArray             *tag_times;     /* double ms */
  GArray             *action_times;  /* double ms: the action itself, before any frame */
  GArray             *layout_times;  /* double ms: the frame's layout phase */
  GArray             *paint_times;   /* double ms: the frame's paint phase */
  gint64              t_layout;
  gint64              t_paint;
  gint64              t_action_end;
  gint64              t_frame;
  GArray             *wait_times;    /* double ms: from the action's end to the frame's start */
  GArray             *scroll_times;  /* double ms */
  GArray             *tokens;        /* HashiyaToken inside the visible region */
  guint               n_labels;
  guint               i;
  gint64              last_frame;
  double              first_frame_ms;
  double              layout_ms;
  double              last_upper;
  gint64              upper_since;
  double              process_ms;
  char               *label;         /* the label of the tag about to be timed */
  GArray             *switch_times;  /* double ms: next/previous document to the frame after */
  GArray             *find_times;    /* double ms: Find in All Documents, the list filled */
  guint               find_hits;
  gint64              n_docs;
} Bench;

static int
cmp_double (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static double
percentile (GArray *values, double p)
{
  guint idx;

  if (values->len == 0)
    return 0;
  g_array_sort (values, cmp_double);
  idx = (guint) (p * (values->len - 1) + 0.5);
  return g_array_index (values, double, MIN (idx, values->len - 1));
}

static void finish (Bench *b);
static void next_switch (Bench *b);
static void next_tag (Bench *b);
static gboolean press_key_cb (gpointer data);

static gboolean
next_switch_cb (gpointer data)
{
  next_switch (data);
  return G_SOURCE_REMOVE;
}

static gboolean
next_tag_cb (gpointer data)
{
  next_tag (data);
  return G_SOURCE_REMOVE;
}

/* GtkTextView lays a long text out in the background after the first frame; the
 * scroll range stops growing when it is done. Tags are timed after that, so that
 * they measure the tag and not the layout running beside it. */
static gboolean
wait_layout_cb (gpointer data)
{
  Bench *b = data;
  GtkAdjustment *adj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (hashiya_window_get_view (b->window)));
  double upper = gtk_adjustment_get_upper (adj);
  gint64 now = g_get_monotonic_time ();

  if (upper != b->last_upper)
    {
      b->last_upper = upper;
      b->upper_since = now;
      return G_SOURCE_CONTINUE;
    }
  if (now - b->upper_since < 700000 && now - b->t0 < 60 * G_USEC_PER_SEC)
    return G_SOURCE_CONTINUE;
  b->layout_ms = (b->upper_since - b->t0) / 1000.0;
  next_tag (b);
  return G_SOURCE_REMOVE;
}

/* The frame clock's phases of the frame after a tag: where its time goes. These
 * handlers are connected after the window's own (at map), so "update" marks the end
 * of the update phase (the start of layout) and "layout" the end of layout (the start
 * of paint: snapshot and render). */
static void
on_before_paint (GdkFrameClock *clock, Bench *b)
{
  if (b->waiting && b->phase == PHASE_TAG && b->t_frame == 0)
    b->t_frame = g_get_monotonic_time ();
}

static void
on_update (GdkFrameClock *clock, Bench *b)
{
  if (b->waiting && b->phase == PHASE_TAG)
    b->t_layout = g_get_monotonic_time ();
}

static void
on_layout (GdkFrameClock *clock, Bench *b)
{
  if (b->waiting && b->phase == PHASE_TAG)
    b->t_paint = g_get_monotonic_time ();
}

static void
on_after_paint (GdkFrameClock *clock, Bench *b)
{
  gint64 now = g_get_monotonic_time ();

  if (!b->waiting)
    return;
  b->waiting = FALSE;
  switch (b->phase)
    {
    case PHASE_FIRST_FRAME:
      b->first_frame_ms = (now - b->t0) / 1000.0;
      b->process_ms = hashiya_process_age_ms ();
      hashiya_profile ("first frame painted");
      b->phase = PHASE_TAG;
      b->upper_since = now;
      g_timeout_add (100, wait_layout_cb, b);
      break;
    case PHASE_TAG:
      {
        double ms = (now - b->t_action) / 1000.0;
        g_array_append_val (b->tag_times, ms);
        if (b->t_layout != 0 && b->t_paint != 0)
          {
            double lay = (b->t_paint - b->t_layout) / 1000.0, paint = (now - b->t_paint) / 1000.0;
            g_array_append_val (b->layout_times, lay);
            g_array_append_val (b->paint_times, paint);
          }
        if (b->t_frame != 0)
          {
            double wait = (b->t_frame - b->t_action_end) / 1000.0;
            g_array_append_val (b->wait_times, wait);
          }
        /* leave the frame clock idle so each tag starts from a quiet state */
        g_timeout_add (20, next_tag_cb, b);
      }
      break;
    case PHASE_SWITCH:
      {
        double ms = (now - b->t_action) / 1000.0;
        g_array_append_val (b->switch_times, ms);
        g_timeout_add (20, next_switch_cb, b);
      }
      break;
    case PHASE_SCROLL:
    case PHASE_DONE:
    default:
      break;
    }
}

static void
pick_tokens (Bench *b)
{
  HashiyaDocumentView *view = hashiya_window_get_view (b->window);
  GdkRectangle rect;
  GtkTextIter top, bottom;
  HashiyaText *text = hashiya_document_view_get_text (view);

  gtk_text_view_get_visible_rect (GTK_TEXT_VIEW (view), &rect);
  gtk_text_view_get_iter_at_location (GTK_TEXT_VIEW (view), &top, rect.x, rect.y);
  gtk_text_view_get_iter_at_location (GTK_TEXT_VIEW (view), &bottom, rect.x + rect.width, rect.y + rect.height);
  gtk_text_iter_forward_to_line_end (&bottom);
  b->tokens = hashiya_tokenize (text, gtk_text_iter_get_offset (&top), gtk_text_iter_get_offset (&bottom));
  if (b->tokens->len == 0)
    {
      g_array_unref (b->tokens);
      b->tokens = hashiya_tokenize (text, 0, MIN (hashiya_text_get_length (text), 5000));
    }
}

static gboolean
scroll_tick (GtkWidget *widget, GdkFrameClock *clock, gpointer data)
{
  Bench *b = data;
  gint64 now = g_get_monotonic_time ();
  GtkAdjustment *adj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (widget));

  if (b->last_frame != 0)
    {
      double ms = (now - b->last_frame) / 1000.0;
      g_array_append_val (b->scroll_times, ms);
    }
  b->last_frame = now;
  if (b->scroll_times->len >= N_SCROLL_FRAMES)
    {
      b->phase = PHASE_SWITCH;
      next_switch (b);
      return G_SOURCE_REMOVE;
    }
  gtk_adjustment_set_value (adj, gtk_adjustment_get_value (adj) + gtk_adjustment_get_page_size (adj) * 0.5);
  return G_SOURCE_CONTINUE;
}

static void
next_tag (Bench *b)
{
  HashiyaDocumentView *view = hashiya_window_get_view (b->window);
  GPtrArray *labels;
  HashiyaToken *t;
  const char *label;
  g_autoptr(GPtrArray) list = NULL;

  if (b->tokens == NULL)
    pick_tokens (b);
  if (b->i >= N_TAGS || b->tokens->len == 0)
    {
      /* take the benchmark's tags out again (not timed) */
      for (guint k = 0; k < b->tag_times->len; k++)
        g_action_group_activate_action (G_ACTION_GROUP (b->window), "undo", NULL);
      b->phase = PHASE_SCROLL;
      hashiya_document_view_place_cursor (view, 0, TRUE);
      gtk_widget_add_tick_callback (GTK_WIDGET (view), scroll_tick, b, NULL);
      return;
    }
  list = hashiya_store_list_labels (hashiya_window_get_store (b->window), NULL);
  labels = list;
  if (labels == NULL || labels->len == 0)
    {
      g_printerr ("benchmark: the project has no labels\n");
      benchmark_status = 1;
      finish (b);
      return;
    }
  t = &g_array_index (b->tokens, HashiyaToken, b->i % b->tokens->len);
  label = ((HashiyaLabel *) g_ptr_array_index (labels, (b->i / b->tokens->len) % labels->len))->name;
  /* The annotator selects first and sees the selection, then presses the key: the
   * selection gets its own frame, and the tag is timed from the key. */
  hashiya_document_view_set_selection (view, t->start, t->end);
  gtk_widget_queue_draw (GTK_WIDGET (view));
  b->i++;
  g_free (b->label);
  b->label = g_strdup (label);
  g_timeout_add (40, press_key_cb, b);
}

static gboolean
press_key_cb (gpointer data)
{
  Bench *b = data;
  HashiyaDocumentView *view = hashiya_window_get_view (b->window);

  b->t_action = g_get_monotonic_time ();
  b->t_layout = b->t_paint = b->t_frame = 0;
  b->waiting = TRUE;
  g_action_group_activate_action (G_ACTION_GROUP (b->window), "tag-exact", g_variant_new_string (b->label));
  {
    double ms;

    b->t_action_end = g_get_monotonic_time ();
    ms = (b->t_action_end - b->t_action) / 1000.0;
    g_array_append_val (b->action_times, ms);
  }
  gtk_widget_queue_draw (GTK_WIDGET (view));
  return G_SOURCE_REMOVE;
}

/* Find in All Documents as the window runs it (the store's search and the list of
 * hits filled), a few times; the window is not shown. */
static void
time_corpus_find (Bench *b)
{
  HashiyaCorpusFind *find = hashiya_corpus_find_new (b->window);

  g_object_ref_sink (find);
  for (guint i = 0; i < N_FINDS; i++)
    {
      gint64 t = g_get_monotonic_time ();
      double ms;

      hashiya_corpus_find_search (find, FIND_WORD);
      ms = (g_get_monotonic_time () - t) / 1000.0;
      g_array_append_val (b->find_times, ms);
      b->find_hits = g_list_model_get_n_items (hashiya_corpus_find_get_hits (find));
      hashiya_corpus_find_search (find, "");
    }
  gtk_window_destroy (GTK_WINDOW (find));
  g_object_unref (find);
}

/* Switching document: Ctrl+Page Down (then Up), timed to the frame that shows it. */
static void
next_switch (Bench *b)
{
  guint i = b->switch_times->len;

  if (b->n_docs < 2 || i >= N_SWITCHES)
    {
      time_corpus_find (b);
      finish (b);
      return;
    }
  b->t_action = g_get_monotonic_time ();
  b->waiting = TRUE;
  g_action_group_activate_action (G_ACTION_GROUP (b->window),
                                  i < N_SWITCHES / 2 ? "next-document" : "prev-document", NULL);
  gtk_widget_queue_draw (GTK_WIDGET (hashiya_window_get_view (b->window)));
}

static void
finish (Bench *b)
{
  b->phase = PHASE_DONE;
  printf ("first frame: %.1f ms after opening the project (%.1f ms after process start)\n",
          b->first_frame_ms, b->process_ms);
  printf ("background layout of the whole text: done %.1f s after opening\n", b->layout_ms / 1000.0);
  printf ("tag: median %.2f ms, p95 %.2f ms, max %.2f ms (%u tags, action to the frame after)\n",
          percentile (b->tag_times, 0.5), percentile (b->tag_times, 0.95),
          percentile (b->tag_times, 1.0), b->tag_times->len);
  printf ("  of which the action: median %.2f ms, p95 %.2f ms; from the action to the start of the frame (idle work before it, such as GtkTextView validating the changed lines): median %.2f ms, p95 %.2f ms;\n"
          "  the frame's layout: median %.2f ms, p95 %.2f ms;"
          " its paint (snapshot and render): median %.2f ms, p95 %.2f ms\n",
          percentile (b->action_times, 0.5), percentile (b->action_times, 0.95),
          percentile (b->wait_times, 0.5), percentile (b->wait_times, 0.95),
          percentile (b->layout_times, 0.5), percentile (b->layout_times, 0.95),
          percentile (b->paint_times, 0.5), percentile (b->paint_times, 0.95));
  printf ("scroll: median %.2f ms, p95 %.2f ms, max %.2f ms per frame (%u frames, half a page each)\n",
          percentile (b->scroll_times, 0.5), percentile (b->scroll_times, 0.95),
          percentile (b->scroll_times, 1.0), b->scroll_times->len);
  if (b->switch_times->len > 0)
    printf ("switching document: median %.2f ms, p95 %.2f ms, max %.2f ms (%u switches, Ctrl+Page Down/Up to the frame after; target < 50 ms)\n",
            percentile (b->switch_times, 0.5), percentile (b->switch_times, 0.95),
            percentile (b->switch_times, 1.0), b->switch_times->len);
  else
    printf ("switching document: n/a (one document)\n");
  printf ("corpus find: median %.2f ms, max %.2f ms for “%s” (%u hits listed, %u runs; target < 200 ms)\n",
          percentile (b->find_times, 0.5), percentile (b->find_times, 1.0), FIND_WORD,
          b->find_hits, b->find_times->len);
  fflush (stdout);
  gtk_window_destroy (GTK_WINDOW (b->window));
  g_application_quit (G_APPLICATION (b->app));
}

static void
on_map (GtkWidget *widget, Bench *b)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);

  g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), b);
  g_signal_connect (clock, "before-paint", G_CALLBACK (on_before_paint), b);
  g_signal_connect (clock, "update", G_CALLBACK (on_update), b);
  g_signal_connect (clock, "layout", G_CALLBACK (on_layout), b);
  gdk_frame_clock_request_phase (clock, GDK_FRAME_CLOCK_PHASE_PAINT);
}

void
hashiya_benchmark_run (GApplication  *app,
                       HashiyaWindow *window,
                       const char    *path)
{
  Bench *b = g_new0 (Bench, 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) docs = NULL;
  HashiyaDocument *largest = NULL;
  HashiyaStore *store;
  HashiyaDocumentView *view;

  b->app = app;
  b->window = window;
  b->path = g_strdup (path);
  b->tag_times = g_array_new (FALSE, FALSE, sizeof (double));
  b->scroll_times = g_array_new (FALSE, FALSE, sizeof (double));
  b->action_times = g_array_new (FALSE, FALSE, sizeof (double));
  b->layout_times = g_array_new (FALSE, FALSE, sizeof (double));
  b->paint_times = g_array_new (FALSE, FALSE, sizeof (double));
  b->wait_times = g_array_new (FALSE, FALSE, sizeof (double));
  b->switch_times = g_array_new (FALSE, FALSE, sizeof (double));
  b->find_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_application_hold (G_APPLICATION (app));

  b->t0 = g_get_monotonic_time ();
  hashiya_profile ("benchmark: opening the project");
  if (!hashiya_window_open_project (window, path, FALSE, &error))
    {
      g_printerr ("benchmark: %s\n", error->message);
      benchmark_status = 1;
      gtk_window_destroy (GTK_WINDOW (window));
      g_application_release (G_APPLICATION (app));
      return;
    }
  store = hashiya_window_get_store (window);
  b->n_docs = hashiya_store_count_document_rows (store, NULL, NULL);
  /* the largest document of a small project (the 1 MB article); a large one is timed on
   * the document it opens with (listing every document would be the benchmark's cost) */
  if (b->n_docs <= 1000)
    docs = hashiya_store_list_documents (store, &error);
  else
    {
      docs = g_ptr_array_new_with_free_func ((GDestroyNotify) hashiya_document_free);
      largest = hashiya_store_get_document (store, hashiya_window_get_document (window), &error);
      if (largest != NULL)
        g_ptr_array_add (docs, largest);
    }
  for (guint i = 0; docs != NULL && i < docs->len; i++)
    {
      HashiyaDocument *d = g_ptr_array_index (docs, i);
      if (largest == NULL || d->length > largest->length)
        largest = d;
    }
  if (largest == NULL)
    {
      g_printerr ("benchmark: %s has no documents\n", path);
      benchmark_status = 1;
      gtk_window_destroy (GTK_WINDOW (window));
      g_application_release (G_APPLICATION (app));
      return;
    }
  if (largest->id != hashiya_window_get_document (window)
      && !hashiya_window_load_document (window, largest->id, &error))
    {
      g_printerr ("benchmark: %s\n", error->message);
      benchmark_status = 1;
      gtk_window_destroy (GTK_WINDOW (window));
      g_application_release (G_APPLICATION (app));
      return;
    }
  view = hashiya_window_get_view (window);
  printf ("benchmark: %s (%" G_GINT64_FORMAT " documents)\n", path, b->n_docs);
  printf ("document: %s, %" G_GINT64_FORMAT " characters, %d comments, %u spans\n",
          largest->source, largest->length, hashiya_document_view_get_n_comments (view),
          hashiya_span_model_get_count (hashiya_document_view_get_span_model (view)));
  b->waiting = TRUE;
  b->phase = PHASE_FIRST_FRAME;
  g_signal_connect (window, "map", G_CALLBACK (on_map), b);
  gtk_window_present (GTK_WINDOW (window));
  g_application_release (G_APPLICATION (app));
}

int
hashiya_benchmark_get_exit_status (void)
{
  return benchmark_status;
}
