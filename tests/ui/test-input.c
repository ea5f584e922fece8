/* test-input.c: the window driven by real input: mouse clicks and key presses sent with
 * xdotool (XTEST) under Xvfb, checked in the view and the store
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "ui-common.h"

#include <gdk/x11/gdkx.h>

/* Screen position of the window's surface (no window manager: wherever X put it). */
static void
surface_origin (HashiyaWindow *window, int *x, int *y)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));
  g_autofree char *xid = g_strdup_printf ("%lu", (gulong) gdk_x11_surface_get_xid (surface));
  g_autofree char *out = NULL;
  const char *argv[] = { "xdotool", "getwindowgeometry", "--shell", xid, NULL };
  int status = 0;
  g_auto(GStrv) lines = NULL;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               &out, NULL, &status, NULL));
  lines = g_strsplit (out, "\n", -1);
  *x = *y = -1;
  for (guint i = 0; lines[i]; i++)
    {
      if (g_str_has_prefix (lines[i], "X="))
        *x = atoi (lines[i] + 2);
      if (g_str_has_prefix (lines[i], "Y="))
        *y = atoi (lines[i] + 2);
    }
  g_assert_cmpint (*x, >=, 0);
  g_assert_cmpint (*y, >=, 0);
}

/* The screen point in the middle of the characters [start, end) of one line. */
static void
screen_point_of (Fixture *f, gint64 start, gint64 end, int *sx, int *sy)
{
  GtkTextView *view = GTK_TEXT_VIEW (hashiya_window_get_view (f->window));
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter a, b;
  GdkRectangle ra, rb;
  int wx, wy, ox, oy;
  double nx, ny;
  graphene_point_t p;

  gtk_text_buffer_get_iter_at_offset (buffer, &a, (int) start);
  gtk_text_buffer_get_iter_at_offset (buffer, &b, (int) end);
  gtk_text_view_scroll_to_iter (view, &a, 0.1, FALSE, 0, 0);
  spin ();
  gtk_text_view_get_iter_location (view, &a, &ra);
  gtk_text_view_get_iter_location (view, &b, &rb);
  g_assert_cmpint (ra.y, ==, rb.y);
  gtk_text_view_buffer_to_window_coords (view, GTK_TEXT_WINDOW_WIDGET,
                                         (ra.x + rb.x) / 2, ra.y + ra.height / 2, &wx, &wy);
  g_assert_true (gtk_widget_compute_point (GTK_WIDGET (view), GTK_WIDGET (f->window),
                                           &GRAPHENE_POINT_INIT (wx, wy), &p));
  gtk_native_get_surface_transform (GTK_NATIVE (f->window), &nx, &ny);
  surface_origin (f->window, &ox, &oy);
  *sx = ox + (int) (p.x + nx);
  *sy = oy + (int) (p.y + ny);
}

typedef struct
{
  Fixture *f;
  gint64   want_span;
  gint64   want_start, want_end;
} Expect;

static gboolean
selected_is (gpointer data)
{
  Expect *e = data;
  return hashiya_document_view_get_selected_span (hashiya_window_get_view (e->f->window)) == e->want_span;
}

static gboolean
span_range_is (gpointer data)
{
  Expect *e = data;
  const HashiyaSpan *s = span_by_id (e->f, e->want_span);
  return s != NULL && s->start == e->want_start && s->end == e->want_end;
}

/* Puts the pointer over the window (X focus follows it without a window manager) and
 * the keyboard focus in the text. */
static void
focus_text (Fixture *f)
{
  int sx, sy;
  g_autofree char *xs = NULL, *ys = NULL;

  screen_point_of (f, 0, 1, &sx, &sy);
  xs = g_strdup_printf ("%d", sx);
  ys = g_strdup_printf ("%d", sy);
  xdotool ("mousemove", xs, ys, NULL);
  gtk_widget_grab_focus (GTK_WIDGET (hashiya_window_get_view (f->window)));
  spin ();
}

/* keys: xdotool key names separated by spaces, pressed one after the other */
static void
press (const char *keys)
{
  g_auto(GStrv) each = g_strsplit (keys, " ", -1);

  for (guint i = 0; each[i]; i++)
    xdotool ("key", each[i], NULL);
}

/* Clicking a span (press and release on it) selects the span. */
static void
test_click_selects_span (Fixture *f, gconstpointer data)
{
  gint64 word = offset_of ("كركوك", 0);
  gint64 end = word + g_utf8_strlen ("كركوك", -1);
  gint64 other = offset_of ("القوات", 0);
  gint64 id;
  int sx, sy;
  g_autofree char *xs = NULL, *ys = NULL;
  Expect e = { f, 0, 0, 0 };

  if (!have_xdotool ())
    return;
  id = tag_exact (f, word, end);
  activate (f, "clear-selection", NULL);
  g_assert_cmpint (hashiya_document_view_get_selected_span (hashiya_window_get_view (f->window)), ==, 0);

  screen_point_of (f, word, end, &sx, &sy);
  xs = g_strdup_printf ("%d", sx);
  ys = g_strdup_printf ("%d", sy);
  xdotool ("mousemove", xs, ys, "click", "1", NULL);
  e.want_span = id;
  g_assert_true (wait_until (selected_is, &e, 3000));
  {
    gint64 s, t;
    g_assert_true (hashiya_document_view_get_selection (hashiya_window_get_view (f->window), &s, &t));
    g_assert_cmpint (s, ==, word);
    g_assert_cmpint (t, ==, end);
  }

  /* a click on plain text selects no span */
  g_free (xs);
  g_free (ys);
  screen_point_of (f, other, other + 6, &sx, &sy);
  xs = g_strdup_printf ("%d", sx);
  ys = g_strdup_printf ("%d", sy);
  xdotool ("mousemove", xs, ys, "click", "1", NULL);
  e.want_span = 0;
  g_assert_true (wait_until (selected_is, &e, 3000));
}

/* Tab / Shift+Tab between spans, arrows resize (Shift: the start edge, Ctrl: by words),
 * Escape clears, Delete removes: real key presses. */
static void
test_span_keys (Fixture *f, gconstpointer data)
{
  HashiyaDocumentView *view = hashiya_window_get_view (f->window);
  gint64 name = offset_of ("أحمد الجبوري", 0);
  gint64 name_end = name + g_utf8_strlen ("أحمد", -1);
  gint64 next_end = offset_of ("الجبوري", 0) + g_utf8_strlen ("الجبوري", -1);
  gint64 kirkuk = offset_of ("كركوك", 0);
  gint64 kirkuk_end = kirkuk + g_utf8_strlen ("كركوك", -1);
  gint64 first, second;
  Expect e = { f, 0, 0, 0 };

  if (!have_xdotool ())
    return;
  first = tag_exact (f, name, name_end);
  second = tag_exact (f, kirkuk, kirkuk_end);
  activate (f, "clear-selection", NULL);
  hashiya_document_view_place_cursor (view, 0, TRUE);
  focus_text (f);

  press ("Tab");
  e.want_span = first;
  g_assert_true (wait_until (selected_is, &e, 3000));
  press ("Tab");
  e.want_span = second;
  g_assert_true (wait_until (selected_is, &e, 3000));
  press ("shift+Tab");
  e.want_span = first;
  g_assert_true (wait_until (selected_is, &e, 3000));

  /* Arabic runs right to left: Left moves along the text, so it grows the end */
  e.want_start = name;
  e.want_end = name_end + 1;
  press ("Left");
  g_assert_true (wait_until (span_range_is, &e, 3000));
  e.want_end = name_end;
  press ("Right");
  g_assert_true (wait_until (span_range_is, &e, 3000));
  /* Shift: the start edge; Right (against the text) grows it backwards */
  e.want_start = name - 1;
  press ("shift+Right");
  g_assert_true (wait_until (span_range_is, &e, 3000));
  e.want_start = name;
  press ("shift+Left");
  g_assert_true (wait_until (span_range_is, &e, 3000));
  /* Ctrl: by whole words */
  e.want_end = next_end;
  press ("ctrl+Left");
  g_assert_true (wait_until (span_range_is, &e, 3000));
  e.want_end = name_end;
  press ("ctrl+Right");
  g_assert_true (wait_until (span_range_is, &e, 3000));
  {
    g_autoptr(GPtrArray) spans = spans_of (f);
    HashiyaSpan *s = g_ptr_array_index (spans, 0);
    g_assert_cmpint (s->id, ==, first);
    g_assert_cmpint (s->start, ==, name);
    g_assert_cmpint (s->end, ==, name_end);
  }

  /* Escape clears; Delete on a selected span removes it */
  press ("Escape");
  e.want_span = 0;
  g_assert_true (wait_until (selected_is, &e, 3000));
  press ("Tab");
  e.want_span = first;
  g_assert_true (wait_until (selected_is, &e, 3000));
  press ("Delete");
  e.want_span = 0;
  g_assert_true (wait_until (selected_is, &e, 3000));
  g_assert_null (span_by_id (f, first));
  {
    g_autoptr(GPtrArray) spans = spans_of (f);
    g_assert_cmpuint (spans->len, ==, 1);
  }
}

/* ---- the delete toast ------------------------------------------------------ */

typedef struct
{
  Fixture *f;
  int      index;
  int      sentiment, offensive, hate, decision;
} WantJudgement;

static gboolean
judgement_is (gpointer data)
{
  WantJudgement *w = data;
  g_autoptr(GPtrArray) all = hashiya_store_list_judgements (hashiya_window_get_store (w->f->window), w->f->doc_id, NULL);

  for (guint i = 0; all != NULL && i < all->len; i++)
    {
      HashiyaJudgement *j = g_ptr_array_index (all, i);
      if (j->comment_index == w->index)
        return (int) j->sentiment == w->sentiment && (j->offensive == 1) == w->offensive
               && (j->hate_speech == 1) == w->hate && (int) j->decision == w->decision;
    }
  return FALSE;
}

static gboolean
current_is (gpointer data)
{
  WantJudgement *w = data;
  return hashiya_document_view_get_current_comment (hashiya_window_get_view (w->f->window)) == w->index;
}

/* J / K and every judgement letter, typed on the keyboard. */
static void
test_judge_keys (Fixture *f, gconstpointer data)
{
  WantJudgement w = { f, 1, HASHIYA_SENTIMENT_NEGATIVE, 1, 1, HASHIYA_DECISION_REVIEW };

  if (!have_xdotool ())
    return;
  focus_text (f);
  press ("j");
  g_assert_true (wait_until (current_is, &w, 3000));
  press ("n o h v");
  g_assert_true (wait_until (judgement_is, &w, 3000));
  press ("j");
  w.index = 2;
  g_assert_true (wait_until (current_is, &w, 3000));
  press ("p a");
  w.sentiment = HASHIYA_SENTIMENT_POSITIVE;
  w.offensive = w.hate = 0;
  w.decision = HASHIYA_DECISION_APPROVE;
  g_assert_true (wait_until (judgement_is, &w, 3000));
  press ("u");
  w.sentiment = HASHIYA_SENTIMENT_NEUTRAL;
  g_assert_true (wait_until (judgement_is, &w, 3000));
  press ("k");
  w.index = 1;
  g_assert_true (wait_until (current_is, &w, 3000));
  /* O and H toggle back off; M and R on comment 1 */
  press ("m o h r");
  w.sentiment = HASHIYA_SENTIMENT_MIXED;
  w.offensive = w.hate = 0;
  w.decision = HASHIYA_DECISION_REJECT;
  g_assert_true (wait_until (judgement_is, &w, 3000));
}

int
main (int argc, char *argv[])
{
  ui_test_init (&argc, &argv, "io.github.hashiya.Hashiya.TestInput", TRUE);
  g_test_add ("/input/click-selects-span", Fixture, NULL, fixture_setup, test_click_selects_span, fixture_teardown);
  g_test_add ("/input/span-keys", Fixture, NULL, fixture_setup, test_span_keys, fixture_teardown);
  g_test_add ("/input/judge-keys", Fixture, NULL, fixture_setup, test_judge_keys, fixture_teardown);

  return ui_test_run ();
}
