/* test-suggestions.c: suggestions in the window by real keys (xdotool): shown as outlines,
 * accepted with Enter, rejected with BackSpace (and remembered), undone, accepted all of a
 * kind in one undo step, hidden by the toggle; a span's value edited and undone
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "ui-common.h"

#include "hashiya-window-private.h"
#include "hashiya-store-suggest.h"
#include "hashiya-preferences.h"

/* A date and governorates: dates and the shipped gazetteer suggest 5 spans.
 *   16-28 DATE «12 آذار 2019» 2019-03-12, 41-46 LOC «كركوك», 66-72 LOC «البصرة»,
 *   76-88 DATE «3 نيسان 2019» 2019-04-03, 90-95 LOC «بغداد» (after the proclitic و) */
static const char *DATED =
  "قال المتحدث يوم 12 آذار 2019 إن الوضع في كركوك مستقر.\n"
  "\n"
  "وزار الوفد البصرة في 3 نيسان 2019 وبغداد.\n"
  "\n"
  "وفي حي الزهور هدوء.\n";   /* in no shipped list: the user's gazetteer adds it */

static gint64
dated_offset (const char *needle)
{
  const char *p = strstr (DATED, needle);

  g_assert_nonnull (p);
  return g_utf8_pointer_to_offset (DATED, p);
}

static void
setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HashiyaStore) store = NULL;
  g_autoptr(GPtrArray) labels = NULL;
  gboolean have_date = FALSE, have_loc = FALSE;

  f->dir = g_dir_make_tmp ("hashiya-ui-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "suggest.hashiya", NULL);
  store = hashiya_store_open (f->path, TRUE, &error);
  g_assert_no_error (error);
  f->doc_id = hashiya_store_add_document (store, "dated.txt", DATED, -1, NULL, NULL, 0, NULL, &error);
  g_assert_no_error (error);
  labels = hashiya_store_list_labels (store, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < labels->len; i++)
    {
      const HashiyaLabel *l = g_ptr_array_index (labels, i);
      have_date |= g_str_equal (l->name, "DATE");
      have_loc |= g_str_equal (l->name, "LOC");
    }
  if (!have_date)
    hashiya_store_add_label (store, "DATE", NULL, NULL, NULL);
  if (!have_loc)
    hashiya_store_add_label (store, "LOC", NULL, NULL, NULL);
  hashiya_store_close (store);

  f->window = hashiya_window_new (app);
  gtk_window_present (GTK_WINDOW (f->window));
  g_assert_true (hashiya_window_open_project (f->window, f->path, FALSE, &error));
  g_assert_no_error (error);
  spin ();
}

static HashiyaSpanModel *
model_of (Fixture *f)
{
  return hashiya_document_view_get_span_model (hashiya_window_get_view (f->window));
}

static gboolean
settled (gpointer data)
{
  Fixture *f = data;

  return !hashiya_window_suggest_is_running (f->window);
}

static void
wait_settled (Fixture *f)
{
  g_assert_true (wait_until (settled, f, 10000));
  spin ();
}

/* "start-end LABEL source;" for each suggestion the view shows */
static char *
shown_suggestions (Fixture *f)
{
  HashiyaSpanModel *m = model_of (f);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < hashiya_span_model_get_n_suggestions (m); i++)
    {
      const HashiyaSuggestion *s = hashiya_span_model_get_suggestion (m, i);
      g_string_append_printf (out, "%" G_GSIZE_FORMAT "-%" G_GSIZE_FORMAT " %s %s;",
                              s->start, s->end, s->label, s->source);
    }
  return g_string_free (out, FALSE);
}

static gboolean
shows_suggestion_at (Fixture *f, gint64 start)
{
  HashiyaSpanModel *m = model_of (f);

  for (guint i = 0; i < hashiya_span_model_get_n_suggestions (m); i++)
    if ((gint64) hashiya_span_model_get_suggestion (m, i)->start == start)
      return TRUE;
  return FALSE;
}

typedef struct
{
  Fixture *f;
  guint    n_spans;
} SpanCount;

static gboolean
span_count_is (gpointer data)
{
  SpanCount *c = data;
  g_autoptr(GPtrArray) spans = spans_of (c->f);

  return spans->len == c->n_spans;
}

static void
key_and_wait_spans (Fixture *f, const char *key, guint n_spans)
{
  SpanCount c = { f, n_spans };

  xdotool ("key", key, NULL);
  g_assert_true (wait_until (span_count_is, &c, 5000));
  spin ();
}

typedef struct
{
  Fixture *f;
  gint64   offset;
} CursorAt;

static gboolean
cursor_is (gpointer data)
{
  CursorAt *c = data;

  return hashiya_document_view_get_cursor (hashiya_window_get_view (c->f->window)) == c->offset;
}

static void
key_and_wait_cursor (Fixture *f, const char *key, gint64 offset)
{
  CursorAt c = { f, offset };

  xdotool ("key", key, NULL);
  g_assert_true (wait_until (cursor_is, &c, 5000));
  spin ();
}

static guint
n_rejections (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) r = hashiya_store_list_rejections (hashiya_window_get_store (f->window), f->doc_id, &error);

  g_assert_no_error (error);
  return r->len;
}

typedef struct
{
  Fixture *f;
  guint    n;
} RejectCount;

static gboolean
rejections_are (gpointer data)
{
  RejectCount *c = data;

  return n_rejections (c->f) == c->n;
}

static void
focus_window (Fixture *f)
{
  g_autofree char *xid = NULL;

  xid = g_strdup_printf ("%lu", (gulong) gdk_x11_surface_get_xid (gtk_native_get_surface (GTK_NATIVE (f->window))));
  /* without a window manager X focus follows the pointer */
  xdotool ("mousemove", "--window", xid, "300", "300", NULL);
  gtk_widget_grab_focus (GTK_WIDGET (hashiya_window_get_view (f->window)));
  spin ();
}

static void
test_keys (Fixture *f, gconstpointer data)
{
  HashiyaDocumentView *view;
  g_autoptr(GError) error = NULL;
  g_autofree char *all = NULL;
  g_autofree char *after_reject = NULL;
  gint64 date = dated_offset ("12 آذار"), kirkuk = dated_offset ("كركوك");
  gint64 basra = dated_offset ("البصرة");

  if (!have_xdotool ())
    return;
  view = hashiya_window_get_view (f->window);
  wait_settled (f);

  /* the outlines: five suggestions in the span layer's model, no span yet */
  all = shown_suggestions (f);
  g_assert_cmpstr (all, ==, "16-28 DATE dates;41-46 LOC gazetteer;66-72 LOC gazetteer;"
                            "76-88 DATE dates;90-95 LOC gazetteer;");
  g_assert_cmpint (date, ==, 16);
  g_assert_cmpuint (hashiya_span_model_get_count (model_of (f)), ==, 0);

  focus_window (f);
  /* Alt+Down reaches the first suggestion, Enter accepts it */
  hashiya_document_view_place_cursor (view, 0, FALSE);
  spin ();
  g_assert_cmpuint (hashiya_document_view_get_current_suggestion (view), ==, G_MAXUINT);
  key_and_wait_cursor (f, "alt+Down", date);
  g_assert_cmpuint (hashiya_document_view_get_current_suggestion (view), ==, 0);
  key_and_wait_spans (f, "Return", 1);
  {
    g_autoptr(GPtrArray) spans = spans_of (f);
    const HashiyaSpan *s = g_ptr_array_index (spans, 0);

    g_assert_cmpint (s->start, ==, 16);
    g_assert_cmpint (s->end, ==, 28);
    g_assert_cmpstr (s->label, ==, "DATE");
    g_assert_cmpstr (s->origin, ==, "suggested:dates");
    g_assert_cmpstr (s->value, ==, "2019-03-12");
    g_assert_cmpstr (s->calendar, ==, "gregorian");
  }
  /* the accepted one is a span now, not a suggestion */
  g_assert_false (shows_suggestion_at (f, date));
  g_assert_cmpuint (hashiya_span_model_get_n_suggestions (model_of (f)), ==, 4);

  /* undo: no span, the suggestion again */
  activate (f, "undo", NULL);
  {
    g_autoptr(GPtrArray) spans = spans_of (f);
    g_assert_cmpuint (spans->len, ==, 0);
  }
  g_assert_true (shows_suggestion_at (f, date));

  /* BackSpace rejects كركوك: remembered in the project, no longer shown */
  hashiya_document_view_place_cursor (view, date, FALSE);
  spin ();
  key_and_wait_cursor (f, "alt+Down", kirkuk);
  {
    RejectCount c = { f, 1 };
    xdotool ("key", "BackSpace", NULL);
    g_assert_true (wait_until (rejections_are, &c, 5000));
    spin ();
  }
  g_assert_false (shows_suggestion_at (f, kirkuk));
  after_reject = shown_suggestions (f);
  /* undo forgets the rejection, redo makes it again */
  activate (f, "undo", NULL);
  g_assert_cmpuint (n_rejections (f), ==, 0);
  g_assert_true (shows_suggestion_at (f, kirkuk));
  activate (f, "redo", NULL);
  g_assert_cmpuint (n_rejections (f), ==, 1);
  g_assert_false (shows_suggestion_at (f, kirkuk));

  /* reopening the project: كركوك is not suggested again */
  hashiya_window_close_project (f->window);
  g_assert_true (hashiya_window_open_project (f->window, f->path, FALSE, &error));
  g_assert_no_error (error);
  wait_settled (f);
  {
    g_autofree char *again = shown_suggestions (f);
    g_assert_cmpstr (again, ==, after_reject);
    g_assert_false (shows_suggestion_at (f, kirkuk));
    g_assert_true (shows_suggestion_at (f, basra));
  }

  /* Shift+Enter on البصرة: every LOC from the gazetteer (البصرة, بغداد), one undo step */
  focus_window (f);
  hashiya_document_view_place_cursor (view, basra + 1, FALSE);
  spin ();
  key_and_wait_spans (f, "shift+Return", 2);
  {
    g_autoptr(GPtrArray) spans = spans_of (f);
    for (guint i = 0; i < spans->len; i++)
      {
        const HashiyaSpan *s = g_ptr_array_index (spans, i);
        g_assert_cmpstr (s->label, ==, "LOC");
        g_assert_cmpstr (s->origin, ==, "suggested:gazetteer");
      }
  }
  {
    g_autofree char *left = shown_suggestions (f);
    g_assert_cmpstr (left, ==, "16-28 DATE dates;76-88 DATE dates;");
  }
  activate (f, "undo", NULL);
  {
    g_autoptr(GPtrArray) spans = spans_of (f);
    g_assert_cmpuint (spans->len, ==, 0);
  }
  g_assert_true (shows_suggestion_at (f, basra));
  g_assert_true (shows_suggestion_at (f, dated_offset ("بغداد")));

  /* the toggle hides them, and shows them again */
  activate (f, "show-suggestions", NULL);
  g_assert_cmpuint (hashiya_span_model_get_n_suggestions (model_of (f)), ==, 0);
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (f->window), "next-suggestion"));
  activate (f, "show-suggestions", NULL);
  wait_settled (f);
  g_assert_cmpuint (hashiya_span_model_get_n_suggestions (model_of (f)), ==, 4);
}

static void
test_value_edit (Fixture *f, gconstpointer data)
{
  HashiyaDocumentView *view = hashiya_window_get_view (f->window);
  HashiyaStore *store = hashiya_window_get_store (f->window);
  g_autoptr(GError) error = NULL;
  gint64 id;
  GtkWidget *popover, *entry;

  wait_settled (f);
  /* accept the second date with the Accept button of its details popover, then edit its
   * value */
  hashiya_document_view_place_cursor (view, dated_offset ("3 نيسان") + 2, FALSE);
  spin ();
  activate (f, "span-details", NULL);
  popover = find_named (GTK_WIDGET (view), "span-details");
  g_assert_nonnull (popover);
  g_assert_true (gtk_widget_get_visible (popover));
  {
    GtkWidget *accept = find_named (popover, "suggestion-accept");
    g_assert_nonnull (accept);
    g_signal_emit_by_name (accept, "clicked");
    spin ();
  }
  g_assert_false (gtk_widget_get_visible (popover));
  id = hashiya_document_view_get_selected_span (view);
  g_assert_cmpint (id, !=, 0);
  g_assert_cmpstr (span_by_id (f, id)->origin, ==, "suggested:dates");

  /* the details popover shows the value in an entry */
  activate (f, "span-details", NULL);
  popover = find_named (GTK_WIDGET (view), "span-details");
  g_assert_nonnull (popover);
  g_assert_true (gtk_widget_get_visible (popover));
  entry = find_named (popover, "span-value");
  g_assert_nonnull (entry);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "2019-04-03");
  gtk_popover_popdown (GTK_POPOVER (popover));
  spin ();

  activate (f, "set-span-value", g_variant_new ("(sss)", "2019-04-04", "gregorian", ""));
  {
    g_autoptr(HashiyaSpan) s = hashiya_store_get_span (store, id, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (s->value, ==, "2019-04-04");
    g_assert_cmpstr (s->calendar, ==, "gregorian");
    g_assert_null (s->anchor);
    g_assert_cmpstr (span_by_id (f, id)->value, ==, "2019-04-04");
  }
  /* a value the store refuses (two lines) changes nothing */
  activate (f, "set-span-value", g_variant_new ("(sss)", "a\nb", "", ""));
  {
    g_autoptr(HashiyaSpan) s = hashiya_store_get_span (store, id, &error);
    g_assert_cmpstr (s->value, ==, "2019-04-04");
  }
  activate (f, "undo", NULL);
  {
    g_autoptr(HashiyaSpan) s = hashiya_store_get_span (store, id, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (s->value, ==, "2019-04-03");
    g_assert_cmpstr (span_by_id (f, id)->value, ==, "2019-04-03");
  }
  activate (f, "redo", NULL);
  {
    g_autoptr(HashiyaSpan) s = hashiya_store_get_span (store, id, &error);
    g_assert_cmpstr (s->value, ==, "2019-04-04");
  }
  /* clearing it: value, calendar and anchor go */
  hashiya_document_view_select_span (view, id);
  activate (f, "set-span-value", g_variant_new ("(sss)", "", "", ""));
  {
    g_autoptr(HashiyaSpan) s = hashiya_store_get_span (store, id, &error);
    g_assert_null (s->value);
    g_assert_null (s->calendar);
  }
}

static void
write_file (Fixture *f, const char *name, const char *contents, GFile **out)
{
  g_autofree char *path = g_build_filename (f->dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, contents, -1, &error));
  g_assert_no_error (error);
  *out = g_file_new_for_path (path);
}

static guint
count_named (GtkWidget *root, const char *name)
{
  guint n = g_strcmp0 (gtk_widget_get_name (root), name) == 0;

  for (GtkWidget *c = gtk_widget_get_first_child (root); c; c = gtk_widget_get_next_sibling (c))
    n += count_named (c, name);
  return n;
}

/* Hovering: a suggestion answers the tooltip query (what it would be, why); plain text,
 * or the same place with suggestions hidden, does not. */
static gboolean
tooltip_at (Fixture *f, gint64 offset)
{
  GtkTextView *view = GTK_TEXT_VIEW (hashiya_window_get_view (f->window));
  GtkTextIter it;
  GdkRectangle r;
  int wx, wy;
  gboolean shown = FALSE;
  GtkTooltip *tooltip = g_object_new (GTK_TYPE_TOOLTIP, NULL);

  gtk_text_buffer_get_iter_at_offset (gtk_text_view_get_buffer (view), &it, (int) offset);
  gtk_text_view_get_iter_location (view, &it, &r);
  gtk_text_view_buffer_to_window_coords (view, GTK_TEXT_WINDOW_WIDGET, r.x + r.width / 2,
                                         r.y + r.height / 2, &wx, &wy);
  g_signal_emit_by_name (view, "query-tooltip", wx, wy, FALSE, tooltip, &shown);
  g_object_unref (tooltip);
  return shown;
}

static void
test_tooltip (Fixture *f, gconstpointer data)
{
  gint64 kirkuk = dated_offset ("كركوك");

  wait_settled (f);
  g_assert_true (tooltip_at (f, kirkuk + 2));
  g_assert_false (tooltip_at (f, dated_offset ("مستقر") + 2));
  activate (f, "show-suggestions", NULL);
  g_assert_false (tooltip_at (f, kirkuk + 2));
  activate (f, "show-suggestions", NULL);
}

/* Preferences: the user's gazetteer file is added (and listed), its entries suggested in
 * the open document; a broken file is refused naming its line; removing it takes its
 * suggestions away. */
static void
test_gazetteer_preferences (Fixture *f, gconstpointer data)
{
  g_autoptr(GFile) good = NULL, bad = NULL;
  g_autoptr(GError) error = NULL;
  gint64 zuhur = dated_offset ("حي الزهور");
  GtkWindow *prefs;
  GtkWidget *remove;

  wait_settled (f);
  g_assert_false (shows_suggestion_at (f, zuhur));
  write_file (f, "districts.tsv", "# districts\nحي الزهور\tLOC\nحي الجامعة\tLOC\n", &good);
  write_file (f, "broken.tsv", "حي الزهور\tLOC\nno tab here\n", &bad);

  prefs = hashiya_preferences_new (f->window);
  gtk_window_present (prefs);
  spin ();
  g_assert_nonnull (find_named (GTK_WIDGET (prefs), "gazetteer-add-button"));
  g_assert_cmpuint (count_named (GTK_WIDGET (prefs), "gazetteer-row"), ==, 0);

  g_assert_false (hashiya_preferences_add_gazetteer (HASHIYA_PREFERENCES (prefs), bad, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "broken.tsv:2"));
  g_clear_error (&error);
  g_assert_cmpuint (count_named (GTK_WIDGET (prefs), "gazetteer-row"), ==, 0);

  g_assert_true (hashiya_preferences_add_gazetteer (HASHIYA_PREFERENCES (prefs), good, &error));
  g_assert_no_error (error);
  spin ();
  g_assert_cmpuint (count_named (GTK_WIDGET (prefs), "gazetteer-row"), ==, 1);
  {
    g_autoptr(GPtrArray) names = hashiya_store_list_gazetteers (hashiya_window_get_store (f->window), NULL, &error);
    g_assert_cmpuint (names->len, ==, 1);
    g_assert_cmpstr (g_ptr_array_index (names, 0), ==, "districts.tsv");
  }
  wait_settled (f);
  g_assert_true (shows_suggestion_at (f, zuhur));

  remove = find_named (GTK_WIDGET (prefs), "gazetteer-remove-districts.tsv");
  g_assert_nonnull (remove);
  g_signal_emit_by_name (remove, "clicked");
  spin ();
  g_assert_cmpuint (count_named (GTK_WIDGET (prefs), "gazetteer-row"), ==, 0);
  wait_settled (f);
  g_assert_false (shows_suggestion_at (f, zuhur));
  gtk_window_destroy (prefs);
  spin ();
}

int
main (int argc, char **argv)
{
  ui_test_init (&argc, &argv, "io.github.hashiya.Hashiya.TestSuggestions", FALSE);
  g_test_add ("/suggestions/keys", Fixture, NULL, setup, test_keys, fixture_teardown);
  g_test_add ("/suggestions/value-edit", Fixture, NULL, setup, test_value_edit, fixture_teardown);
  g_test_add ("/suggestions/tooltip", Fixture, NULL, setup, test_tooltip, fixture_teardown);
  g_test_add ("/suggestions/gazetteer-preferences", Fixture, NULL, setup, test_gazetteer_preferences, fixture_teardown);
  return ui_test_run ();
}
