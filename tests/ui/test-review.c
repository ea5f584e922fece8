/* test-review.c: reviewing comments by the project's judgement schema: the panel and keys built
 * from the schema (real keys with xdotool), the schema editor, reply threads and the review queue
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "ui-common.h"

#include "hashiya-store-schema.h"
#include "hashiya-store-queue.h"
#include "hashiya-review-queue.h"
#include "hashiya-schema-editor.h"
#include "hashiya-import.h"

#include <gdk/x11/gdkx.h>

/* ---- set-up: the fixture project, optionally with a preset applied before it opens ---- */

static void
setup_preset (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("hashiya-review-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = make_project (f->dir, &f->doc_id);
  if (data != NULL)
    {
      g_autoptr(HashiyaStore) store = hashiya_store_open (f->path, FALSE, &error);
      g_assert_no_error (error);
      g_assert_true (hashiya_store_apply_schema_preset (store, data, &error));
      g_assert_no_error (error);
      hashiya_store_close (store);
    }
  f->window = hashiya_window_new (app);
  gtk_window_present (GTK_WINDOW (f->window));
  g_assert_true (hashiya_window_open_project (f->window, f->path, FALSE, &error));
  g_assert_no_error (error);
  spin ();
}

static HashiyaStore *
store_of (Fixture *f)
{
  return hashiya_window_get_store (f->window);
}

/* This annotator's judgement of comment index of the fixture's document (NULL: none). */
static HashiyaJudgement *
judgement_of (Fixture *f, int index)
{
  g_autoptr(GPtrArray) all = hashiya_store_list_judgements (store_of (f), f->doc_id, NULL);
  HashiyaDocumentView *view = hashiya_window_get_view (f->window);
  const HashiyaJudgement *mine = hashiya_document_view_get_judgement (view, index);

  for (guint i = 0; all != NULL && i < all->len; i++)
    {
      HashiyaJudgement *j = g_ptr_array_index (all, i);
      if (j->comment_index == index && mine != NULL && g_strcmp0 (j->annotator, mine->annotator) == 0)
        return hashiya_judgement_copy (j);
    }
  return NULL;
}

static gboolean
row_shown (Fixture *f, const char *name)
{
  GtkWidget *w = find_named (GTK_WIDGET (f->window), name);

  g_assert_nonnull (w);
  return gtk_widget_get_visible (w);
}

/* ---- real keys ------------------------------------------------------------------ */

static void
surface_origin (GtkWindow *window, int *x, int *y)
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

/* The pointer over widget's middle (no window manager: the focus follows it), its focus set. */
static void
point_at (GtkWindow *window, GtkWidget *widget)
{
  int ox, oy;
  graphene_point_t p;
  g_autofree char *xs = NULL, *ys = NULL;

  surface_origin (window, &ox, &oy);
  g_assert_true (gtk_widget_compute_point (widget, GTK_WIDGET (window),
                                           &GRAPHENE_POINT_INIT (gtk_widget_get_width (widget) / 2.0,
                                                                 MIN (40, gtk_widget_get_height (widget) / 2.0)),
                                           &p));
  xs = g_strdup_printf ("%d", ox + (int) p.x);
  ys = g_strdup_printf ("%d", oy + (int) p.y);
  xdotool ("mousemove", xs, ys, NULL);
  gtk_widget_grab_focus (widget);
  spin ();
}

static void
press (const char *keys)
{
  g_auto(GStrv) each = g_strsplit (keys, " ", -1);

  for (guint i = 0; each[i]; i++)
    xdotool ("key", each[i], NULL);
}

typedef struct
{
  Fixture    *f;
  int         index;
  const char *field;
  const char *value;   /* NULL: unset */
} Want;

static gboolean
value_is (gpointer data)
{
  Want *w = data;
  g_autoptr(HashiyaJudgement) j = NULL;

  spin ();
  j = judgement_of (w->f, w->index);
  return g_strcmp0 (j ? hashiya_judgement_get_value (j, w->field) : NULL, w->value) == 0;
}

static gboolean
current_is (gpointer data)
{
  Want *w = data;

  spin ();
  return hashiya_document_view_get_current_comment (hashiya_window_get_view (w->f->window)) == w->index;
}

/* osact-2022: its keys judge the comment, the values land in the store, the conditional
 * "target" row appears only once hate_speech is yes, and Ctrl+Z takes a key back. */
static void
test_osact_keys (Fixture *f, gconstpointer data)
{
  Want w = { f, 1, NULL, NULL };
  HashiyaDocumentView *view = hashiya_window_get_view (f->window);

  /* the panel has osact's fields and no sentiment */
  g_assert_nonnull (find_named (GTK_WIDGET (f->window), "field-vulgar"));
  g_assert_null (find_named (GTK_WIDGET (f->window), "field-sentiment"));
  g_assert_nonnull (find_named (GTK_WIDGET (f->window), "card-target-race"));
  g_assert_false (row_shown (f, "field-target"));
  if (!have_xdotool ())
    return;
  point_at (GTK_WINDOW (f->window), GTK_WIDGET (view));
  press ("j");
  g_assert_true (wait_until (current_is, &w, 3000));
  g_assert_false (row_shown (f, "field-target"));
  /* R is race in osact; before hate_speech = yes it is refused and nothing is saved */
  press ("r");
  w.field = "target";
  w.value = NULL;
  g_assert_true (wait_until (value_is, &w, 1000));
  press ("o");
  w.field = "offensive";
  w.value = "yes";
  g_assert_true (wait_until (value_is, &w, 3000));
  press ("h");
  w.field = "hate_speech";
  g_assert_true (wait_until (value_is, &w, 3000));
  g_assert_true (row_shown (f, "field-target"));
  g_assert_true (row_shown (f, "card-field-target"));
  press ("r l");
  w.field = "target";
  w.value = "race,religion";
  g_assert_true (wait_until (value_is, &w, 3000));
  /* U is vulgar (a custom yes/no field): shown on the panel's check button */
  press ("u");
  w.field = "vulgar";
  w.value = "yes";
  g_assert_true (wait_until (value_is, &w, 3000));
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (find_named (GTK_WIDGET (f->window), "vulgar-check"))));
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (find_named (GTK_WIDGET (f->window), "card-target-religion"))));
  /* L again takes religion out of the set */
  press ("l");
  w.field = "target";
  w.value = "race";
  g_assert_true (wait_until (value_is, &w, 3000));
  /* hate_speech off: target no longer applies, its value goes with it, the row hides */
  press ("h");
  w.field = "target";
  w.value = NULL;
  g_assert_true (wait_until (value_is, &w, 3000));
  g_assert_false (row_shown (f, "field-target"));
  /* Ctrl+Z: target and hate_speech are back */
  press ("ctrl+z");
  w.value = "race";
  g_assert_true (wait_until (value_is, &w, 3000));
  g_assert_true (row_shown (f, "field-target"));
}

/* The shortcuts window lists the schema's keys, and only those. */
static void
test_help_lists_schema_keys (Fixture *f, gconstpointer data)
{
  GtkShortcutsWindow *overlay = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (f->window));
  g_autoptr(GString) titles = g_string_new (NULL);
  GtkWidget *stack[64];
  int top = 0;

  g_assert_nonnull (overlay);
  stack[top++] = GTK_WIDGET (overlay);
  while (top > 0)
    {
      GtkWidget *w = stack[--top];
      if (GTK_IS_SHORTCUTS_SHORTCUT (w))
        {
          g_autofree char *accel = NULL, *title = NULL;
          g_object_get (w, "accelerator", &accel, "title", &title, NULL);
          g_string_append_printf (titles, "%s=%s\n", accel, title);
        }
      for (GtkWidget *c = gtk_widget_get_first_child (w); c && top < 63; c = gtk_widget_get_next_sibling (c))
        stack[top++] = c;
    }
  g_assert_nonnull (strstr (titles->str, "r=Hate speech target: Race\n"));
  g_assert_nonnull (strstr (titles->str, "u=Vulgar: yes or no\n"));
  g_assert_null (strstr (titles->str, "Sentiment: Positive"));
}

/* ---- the strip never covers text ------------------------------------------------ */

/* The strip is inside the current card, above its first line; or, when it does not fit
 * (a narrow window), hidden: never over the text. */
static void
assert_strip_clear (Fixture *f, const char *when)
{
  HashiyaDocumentView *view = hashiya_window_get_view (f->window);
  GtkWidget *strip = find_named (GTK_WIDGET (f->window), "card-controls");
  int current = hashiya_document_view_get_current_comment (view);
  graphene_rect_t card, bounds;
  gint64 start, end;
  GtkTextIter it;
  GdkRectangle first;
  int fx, fy;

  for (int i = 0; i < 100; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10000);
    }
  g_assert_nonnull (strip);
  g_assert_cmpint (current, >, 0);
  if (!gtk_widget_get_visible (strip))
    {
      g_test_message ("%s: strip hidden (no room)", when);
      return;
    }
  g_assert_true (hashiya_document_view_get_card_bounds (view, current, &card));
  g_assert_true (gtk_widget_compute_bounds (strip, GTK_WIDGET (view), &bounds));
  g_test_message ("%s: card %.0f,%.0f %.0fx%.0f strip %.0f,%.0f %.0fx%.0f", when,
                  card.origin.x, card.origin.y, card.size.width, card.size.height,
                  bounds.origin.x, bounds.origin.y, bounds.size.width, bounds.size.height);
  g_assert_true (graphene_rect_contains_rect (&card, &bounds));
  g_assert_true (hashiya_document_view_get_comment_range (view, current, &start, &end));
  gtk_text_buffer_get_iter_at_offset (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), &it, (int) start);
  gtk_text_view_get_iter_location (GTK_TEXT_VIEW (view), &it, &first);
  gtk_text_view_buffer_to_window_coords (GTK_TEXT_VIEW (view), GTK_TEXT_WINDOW_WIDGET, first.x, first.y, &fx, &fy);
  g_assert_cmpfloat (bounds.origin.y + bounds.size.height, <=, fy);
}

static void
test_strip_clear (Fixture *f, gconstpointer data)
{
  activate (f, "next-comment", NULL);
  activate (f, "judge-key", g_variant_new_string ("h"));   /* the target group shows too */
  assert_strip_clear (f, "osact, comment 1");
  activate (f, "next-comment", NULL);
  activate (f, "reply-to-previous", NULL);
  assert_strip_clear (f, "osact, comment 2 replying to 1");
  activate (f, "next-comment", NULL);
  activate (f, "reply-to-previous", NULL);
  assert_strip_clear (f, "osact, comment 3 two levels deep");
  gtk_window_set_default_size (GTK_WINDOW (f->window), 480, 600);
  {
    gint64 until = g_get_monotonic_time () + 3 * G_USEC_PER_SEC;
    while (gtk_widget_get_width (GTK_WIDGET (f->window)) > 500 && g_get_monotonic_time () < until)
      g_main_context_iteration (NULL, FALSE);
  }
  assert_strip_clear (f, "osact, narrow, comment 3");
  activate (f, "prev-comment", NULL);
  assert_strip_clear (f, "osact, narrow, comment 2");
}

/* ---- the schema editor ------------------------------------------------------------ */

static const char *
caption_of (Fixture *f, const char *row)
{
  GtkWidget *w = find_named (GTK_WIDGET (f->window), row);

  g_assert_nonnull (w);
  return gtk_label_get_text (GTK_LABEL (gtk_widget_get_first_child (w)));
}

static void
test_editor_rebuilds_panel (Fixture *f, gconstpointer data)
{
  HashiyaSchemaEditor *editor = hashiya_schema_editor_new (f->window, GTK_WINDOW (f->window));
  GtkWidget *row;
  g_autoptr(HashiyaJudgementSchema) schema = NULL;

  gtk_window_present (GTK_WINDOW (editor));
  spin ();
  g_assert_cmpstr (caption_of (f, "field-sentiment"), ==, "Sentiment");
  /* a new title: the panel's row follows */
  row = find_named (GTK_WIDGET (editor), "schema-title-sentiment");
  g_assert_nonnull (row);
  gtk_editable_set_text (GTK_EDITABLE (row), "Feeling");
  g_signal_emit_by_name (row, "apply");
  spin ();
  g_assert_cmpstr (caption_of (f, "field-sentiment"), ==, "Feeling");
  g_assert_cmpstr (hashiya_schema_editor_get_message (editor), ==, "");

  /* a new key for Negative: the panel's hint and the key both follow */
  row = find_named (GTK_WIDGET (editor), "schema-key-sentiment-negative");
  g_assert_nonnull (row);
  gtk_editable_set_text (GTK_EDITABLE (row), "g");
  g_signal_emit_by_name (row, "activate");
  spin ();
  schema = hashiya_store_get_judgement_schema (store_of (f), NULL);
  g_assert_cmpstr (hashiya_field_lookup_choice (hashiya_judgement_schema_lookup (schema, "sentiment"), "negative")->key, ==, "g");
  activate (f, "next-comment", NULL);
  activate (f, "judge-key", g_variant_new_string ("g"));
  {
    g_autoptr(HashiyaJudgement) j = judgement_of (f, 1);
    g_assert_nonnull (j);
    g_assert_cmpint (j->sentiment, ==, HASHIYA_SENTIMENT_NEGATIVE);
  }

  /* removing a field in use is refused with a readable message; the panel keeps it */
  activate (f, "offensive", NULL);
  row = find_named (GTK_WIDGET (editor), "schema-remove-offensive");
  g_assert_nonnull (row);
  g_signal_emit_by_name (row, "clicked");
  spin ();
  g_test_message ("refusal: %s", hashiya_schema_editor_get_message (editor));
  g_assert_nonnull (strstr (hashiya_schema_editor_get_message (editor), "offensive"));
  g_assert_nonnull (strstr (hashiya_schema_editor_get_message (editor), "1"));
  g_assert_nonnull (find_named (GTK_WIDGET (f->window), "field-offensive"));

  /* a new custom yes/no field, with a key: a new row, and its key judges it */
  row = find_named (GTK_WIDGET (editor), "schema-new-kind");
  gtk_drop_down_set_selected (GTK_DROP_DOWN (row), HASHIYA_FIELD_YESNO);
  row = find_named (GTK_WIDGET (editor), "schema-new-field");
  gtk_editable_set_text (GTK_EDITABLE (row), "sarcastic");
  g_signal_emit_by_name (row, "apply");
  spin ();
  g_assert_cmpstr (hashiya_schema_editor_get_message (editor), ==, "");
  g_assert_nonnull (find_named (GTK_WIDGET (f->window), "field-sarcastic"));
  row = find_named (GTK_WIDGET (editor), "schema-key-sarcastic");
  g_assert_nonnull (row);
  gtk_editable_set_text (GTK_EDITABLE (row), "x");
  g_signal_emit_by_name (row, "apply");
  spin ();
  activate (f, "judge-key", g_variant_new_string ("x"));
  {
    g_autoptr(HashiyaJudgement) j = judgement_of (f, 1);
    g_assert_cmpstr (hashiya_judgement_get_value (j, "sarcastic"), ==, "yes");
  }

  /* rename it, move it up one place, recolour a choice: the store and the panel follow */
  row = find_named (GTK_WIDGET (editor), "schema-name-sarcastic");
  g_assert_nonnull (row);
  gtk_editable_set_text (GTK_EDITABLE (row), "irony");
  g_signal_emit_by_name (row, "apply");
  spin ();
  g_assert_cmpstr (hashiya_schema_editor_get_message (editor), ==, "");
  g_assert_null (find_named (GTK_WIDGET (f->window), "field-sarcastic"));
  g_assert_nonnull (find_named (GTK_WIDGET (f->window), "field-irony"));
  {
    g_autoptr(HashiyaJudgement) j = judgement_of (f, 1);
    g_assert_cmpstr (hashiya_judgement_get_value (j, "irony"), ==, "yes");   /* the value followed */
  }
  {
    g_autoptr(HashiyaJudgementSchema) before = hashiya_store_get_judgement_schema (store_of (f), NULL);
    g_autoptr(HashiyaJudgementSchema) after = NULL;
    int pos = hashiya_judgement_schema_field_index (before, "irony");

    g_signal_emit_by_name (find_named (GTK_WIDGET (editor), "schema-up-irony"), "clicked");
    spin ();
    after = hashiya_store_get_judgement_schema (store_of (f), NULL);
    g_assert_cmpint (hashiya_judgement_schema_field_index (after, "irony"), ==, pos - 1);
  }
  {
    GtkWidget *color = find_named (GTK_WIDGET (editor), "schema-color-decision-review");
    GdkRGBA rgba = { 0.2, 0.4, 0.6, 1 };
    g_autoptr(HashiyaJudgementSchema) after = NULL;

    g_assert_nonnull (color);
    gtk_color_chooser_set_rgba (GTK_COLOR_CHOOSER (color), &rgba);
    g_signal_emit_by_name (color, "color-set");
    spin ();
    after = hashiya_store_get_judgement_schema (store_of (f), NULL);
    g_assert_cmpstr (hashiya_field_lookup_choice (hashiya_judgement_schema_lookup (after, "decision"), "review")->color,
                     ==, "#336699");
  }
  /* a condition that names a later field is refused, with the schema's reason */
  row = find_named (GTK_WIDGET (editor), "schema-when-sentiment");
  g_assert_nonnull (row);
  gtk_editable_set_text (GTK_EDITABLE (row), "irony = yes");
  g_signal_emit_by_name (row, "apply");
  spin ();
  g_test_message ("condition refusal: %s", hashiya_schema_editor_get_message (editor));
  g_assert_nonnull (strstr (hashiya_schema_editor_get_message (editor), "irony"));

  /* a preset that would drop fields in use: asked first, then refused with the reason */
  {
    const char * const *names = hashiya_judgement_schema_preset_names ();
    guint lhsab = 0;
    GtkWindow *dialog;

    while (g_strcmp0 (names[lhsab], "l-hsab") != 0)
      lhsab++;
    adw_combo_row_set_selected (ADW_COMBO_ROW (find_named (GTK_WIDGET (editor), "schema-preset")), lhsab);
    g_signal_emit_by_name (find_named (GTK_WIDGET (editor), "schema-apply-preset"), "clicked");
    spin ();
    dialog = toplevel_of_type ("AdwMessageDialog");
    g_assert_nonnull (dialog);
    adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "apply");
    spin ();
    g_test_message ("preset refusal: %s", hashiya_schema_editor_get_message (editor));
    g_assert_nonnull (strstr (hashiya_schema_editor_get_message (editor), "sentiment"));
    g_assert_nonnull (find_named (GTK_WIDGET (f->window), "field-sentiment"));
  }
  /* with the judgement cleared, the preset goes through and the panel is l-hsab's */
  activate (f, "undo", NULL);
  activate (f, "undo", NULL);
  activate (f, "undo", NULL);
  g_assert_null (judgement_of (f, 1));
  {
    GtkWindow *dialog;
    g_signal_emit_by_name (find_named (GTK_WIDGET (editor), "schema-apply-preset"), "clicked");
    spin ();
    dialog = toplevel_of_type ("AdwMessageDialog");
    g_assert_nonnull (dialog);
    adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "apply");
    spin ();
    g_assert_cmpstr (hashiya_schema_editor_get_message (editor), ==, "");
    g_assert_null (find_named (GTK_WIDGET (f->window), "field-sentiment"));
    g_assert_nonnull (find_named (GTK_WIDGET (f->window), "field-class"));
  }
  gtk_window_destroy (GTK_WINDOW (editor));
}

/* ---- reply threads ------------------------------------------------------------------ */

static int
stored_parent (Fixture *f, int index)
{
  g_autoptr(GArray) segs = hashiya_store_get_segments (store_of (f), f->doc_id, NULL);

  for (guint i = 0; segs != NULL && i < segs->len; i++)
    {
      const HashiyaSegment *s = &g_array_index (segs, HashiyaSegment, i);
      if (s->kind == HASHIYA_SEGMENT_COMMENT && s->comment_index == index)
        return s->parent_index;
    }
  g_assert_not_reached ();
  return -1;
}

static float
card_width (Fixture *f, int index)
{
  graphene_rect_t r;

  spin ();
  g_assert_true (hashiya_document_view_get_card_bounds (hashiya_window_get_view (f->window), index, &r));
  return r.size.width;
}

static void
test_threads (Fixture *f, gconstpointer data)
{
  HashiyaDocumentView *view = hashiya_window_get_view (f->window);
  float plain;

  activate (f, "next-comment", NULL);
  activate (f, "next-comment", NULL);
  g_assert_cmpint (hashiya_document_view_get_current_comment (view), ==, 2);
  plain = card_width (f, 2);
  g_assert_cmpfloat (card_width (f, 1), ==, plain);

  activate (f, "reply-to-previous", NULL);
  g_assert_cmpint (stored_parent (f, 2), ==, 1);
  g_assert_cmpint (hashiya_document_view_get_comment_depth (view, 2), ==, 1);
  g_assert_cmpfloat (card_width (f, 2), <, plain);   /* indented under comment 1 */
  g_assert_cmpfloat (card_width (f, 1), ==, plain);

  /* comment 3 replies to 2: two levels deep */
  activate (f, "next-comment", NULL);
  activate (f, "reply-to-previous", NULL);
  g_assert_cmpint (stored_parent (f, 3), ==, 2);
  g_assert_cmpint (hashiya_document_view_get_comment_depth (view, 3), ==, 2);
  g_assert_cmpfloat (card_width (f, 3), <, card_width (f, 2));

  /* "Not a reply" on comment 2: back to the top level; Ctrl+Z restores, redo clears again */
  activate (f, "prev-comment", NULL);
  activate (f, "not-a-reply", NULL);
  g_assert_cmpint (stored_parent (f, 2), ==, 0);
  g_assert_cmpfloat (card_width (f, 2), ==, plain);
  g_assert_cmpint (hashiya_document_view_get_comment_depth (view, 3), ==, 1);
  activate (f, "undo", NULL);
  g_assert_cmpint (stored_parent (f, 2), ==, 1);
  g_assert_cmpint (hashiya_document_view_get_comment_parent (view, 2), ==, 1);
  g_assert_cmpfloat (card_width (f, 2), <, plain);
  activate (f, "redo", NULL);
  g_assert_cmpint (stored_parent (f, 2), ==, 0);

  /* the threads are read back when the project is opened again */
  {
    g_autoptr(GError) error = NULL;
    g_assert_true (hashiya_window_open_project (f->window, f->path, FALSE, &error));
    spin ();
    g_assert_cmpint (hashiya_document_view_get_comment_parent (hashiya_window_get_view (f->window), 3), ==, 2);
    g_assert_cmpint (hashiya_document_view_get_comment_parent (hashiya_window_get_view (f->window), 2), ==, 0);
  }
}

/* ---- the review queue ------------------------------------------------------------- */

static gint64 second_doc;

/* A second document of 4 comments and judgements by two annotators (and by "me"). */
static void
setup_queue (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  const char *text = "مقال ثان\n\nتعليق أ\n\nتعليق ب\n\nتعليق ج\n\nتعليق د\n";
  HashiyaSegment segs[5];
  struct { gint64 *doc; int comment; const char *annotator; const char *field, *value; } js[] = {
    { &f->doc_id, 1, "amal", "decision", "review" },
    { &f->doc_id, 1, "badr", "decision", "approve" },   /* a disagreement */
    { &f->doc_id, 2, "amal", "decision", "approve" },
    { &f->doc_id, 2, "badr", "decision", "approve" },
    { &second_doc, 1, "amal", "offensive", "yes" },
    { &second_doc, 3, "me", "decision", "review" },
    { &second_doc, 4, "badr", "decision", "review" },
  };

  setup_preset (f, NULL);
  {
    const char *p = text;
    int k = 0;
    segs[k++] = (HashiyaSegment) { HASHIYA_SEGMENT_TITLE, 0, 8, 0, 0 };
    for (int c = 1; c <= 4; c++)
      {
        const char *at = strstr (p, "تعليق");
        gint64 start = g_utf8_pointer_to_offset (text, at);
        segs[k++] = (HashiyaSegment) { HASHIYA_SEGMENT_COMMENT, start, start + 7, c, 0 };
        p = at + 1;
      }
  }
  second_doc = hashiya_store_add_document (store_of (f), "second.txt", text, -1, NULL, segs, 5, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (js); i++)
    {
      g_assert_true (hashiya_store_set_judgement_value (store_of (f), *js[i].doc, js[i].comment, js[i].annotator,
                                                        js[i].field, js[i].value, &error));
      g_assert_no_error (error);
    }
}

/* The queue's rows are exactly the store's query, for 3 filters. */
static void
assert_queue_is_query (HashiyaReviewQueue *queue, HashiyaStore *store, HashiyaQueueState state,
                       const char *where, guint expect)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HashiyaJudgementFilter) filter = where ? hashiya_judgement_filter_parse (where, NULL, &error) : NULL;
  HashiyaQueueQuery q = { state, "me", filter, 0, 0 };
  g_autoptr(GPtrArray) items = NULL;
  GListModel *model;

  g_assert_no_error (error);
  items = hashiya_store_query_comments (store, &q, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (hashiya_review_queue_set_filter (queue, state, where, &error));
  g_assert_no_error (error);
  model = hashiya_review_queue_get_model (queue);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, items->len);
  g_assert_cmpuint (items->len, ==, expect);
  g_assert_cmpuint (hashiya_review_queue_get_count (queue, state), ==, expect);
  for (guint i = 0; i < items->len; i++)
    {
      g_autoptr(HashiyaQueueRow) row = g_list_model_get_item (model, i);
      HashiyaQueueItem *it = g_ptr_array_index (items, i);
      g_assert_cmpint (hashiya_queue_row_get_doc_id (row), ==, it->doc_id);
      g_assert_cmpint (hashiya_queue_row_get_comment_index (row), ==, it->comment_index);
    }
}

static HashiyaReviewQueue *
open_queue (Fixture *f)
{
  GtkWindow *queue;

  g_settings_set_string (hashiya_settings_get_default (), "annotator", "me");
  spin ();
  activate (f, "review-queue", NULL);
  queue = toplevel_of_type ("HashiyaReviewQueue");
  g_assert_nonnull (queue);
  return HASHIYA_REVIEW_QUEUE (queue);
}

static void
test_queue_filters (Fixture *f, gconstpointer data)
{
  HashiyaReviewQueue *queue = open_queue (f);
  g_autoptr(GError) error = NULL;
  GtkWidget *err;

  /* 7 comments: 3 in the fixture, 4 in the second document */
  assert_queue_is_query (queue, store_of (f), HASHIYA_QUEUE_UNJUDGED, NULL, 2);   /* fixture 3, second 2 */
  assert_queue_is_query (queue, store_of (f), HASHIYA_QUEUE_DISAGREEMENTS, NULL, 1);
  assert_queue_is_query (queue, store_of (f), HASHIYA_QUEUE_ALL, "decision = review", 3);
  assert_queue_is_query (queue, store_of (f), HASHIYA_QUEUE_OTHERS, "decision = approve and not offensive = yes", 2);
  assert_queue_is_query (queue, store_of (f), HASHIYA_QUEUE_MINE, NULL, 1);

  /* a wrong expression: the message under the entry, the list as it was */
  err = find_named (GTK_WIDGET (queue), "queue-where-error");
  g_assert_false (gtk_widget_get_visible (err));
  g_assert_false (hashiya_review_queue_set_filter (queue, HASHIYA_QUEUE_ALL, "decision = maybe", &error));
  g_assert_nonnull (error);
  g_assert_true (gtk_widget_get_visible (err));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (err)), ==, error->message);
  g_assert_cmpuint (g_list_model_get_n_items (hashiya_review_queue_get_model (queue)), ==, 1);
  g_clear_error (&error);
  g_assert_false (hashiya_review_queue_set_filter (queue, HASHIYA_QUEUE_ALL, "decision = (", &error));
  g_assert_nonnull (error);
  g_assert_true (hashiya_review_queue_set_filter (queue, HASHIYA_QUEUE_ALL, "", NULL));
  g_assert_false (gtk_widget_get_visible (err));
  g_assert_cmpuint (g_list_model_get_n_items (hashiya_review_queue_get_model (queue)), ==, 7);
}

typedef struct
{
  Fixture *f;
  gint64   doc;
  int      comment;
} Place;

static gboolean
window_at (gpointer data)
{
  Place *p = data;

  spin ();
  return hashiya_window_get_document (p->f->window) == p->doc
         && hashiya_document_view_get_current_comment (hashiya_window_get_view (p->f->window)) == p->comment;
}

/* J / K move through the queue: the project window opens each document at the comment. */
static void
test_queue_jk (Fixture *f, gconstpointer data)
{
  HashiyaReviewQueue *queue = open_queue (f);
  Place p = { f, 0, 0 };

  /* decision = review: fixture #1, second #3, second #4 */
  g_assert_true (hashiya_review_queue_set_filter (queue, HASHIYA_QUEUE_ALL, "decision = review", NULL));
  spin ();
  if (have_xdotool ())
    {
      point_at (GTK_WINDOW (queue), find_named (GTK_WIDGET (queue), "queue-list"));
      press ("j");
      p.doc = f->doc_id;
      p.comment = 1;
      g_assert_true (wait_until (window_at, &p, 3000));
      press ("j");
      p.doc = second_doc;
      p.comment = 3;
      g_assert_true (wait_until (window_at, &p, 3000));
      press ("j");
      p.comment = 4;
      g_assert_true (wait_until (window_at, &p, 3000));
      press ("k k");
      p.doc = f->doc_id;
      p.comment = 1;
      g_assert_true (wait_until (window_at, &p, 3000));
    }
  /* the same through the queue's API (and without xdotool) */
  hashiya_review_queue_select (queue, GTK_INVALID_LIST_POSITION);
  g_assert_true (hashiya_review_queue_move (queue, 1));
  p.doc = f->doc_id;
  p.comment = 1;
  g_assert_true (window_at (&p));
  g_assert_true (hashiya_review_queue_move (queue, 1));
  g_assert_true (hashiya_review_queue_move (queue, 1));
  p.doc = second_doc;
  p.comment = 4;
  g_assert_true (window_at (&p));
  g_assert_false (hashiya_review_queue_move (queue, 1));   /* the end of the queue */
  g_assert_true (window_at (&p));
  g_assert_true (hashiya_review_queue_move (queue, -1));
  p.comment = 3;
  g_assert_true (window_at (&p));
}

/* ---- screenshots (only with HASHIYA_SCREENSHOT_DIR) ------------------------------- */

static void
save_png (GtkWidget *toplevel, const char *dir, const char *name)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = g_build_filename (dir, name, NULL);
  int w, h;

  for (int i = 0; i < 60; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10000);
    }
  paintable = gtk_widget_paintable_new (toplevel);
  /* a window being resized may have nothing to draw for a moment */
  for (int i = 0; i < 200 && node == NULL; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10000);
      w = gtk_widget_get_width (toplevel);
      h = gtk_widget_get_height (toplevel);
      {
        g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
        gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), w, h);
        node = gtk_snapshot_to_node (snapshot);
      }
    }
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (toplevel)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, w, h));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("saved %s (%dx%d)", path, w, h);
}

static void
resize (GtkWindow *window, int w, int h)
{
  gint64 until = g_get_monotonic_time () + 3 * G_USEC_PER_SEC;

  gtk_window_set_default_size (window, w, h);
  while ((gtk_widget_get_width (GTK_WIDGET (window)) != w) && g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
}

/* An OSACT-style session on the seed article: osact-2022, comment 1 judged by me and by
 * amal, comment 2 a reply to it; the window, the queue and the editor saved as PNGs. */
static void
test_screenshots (Fixture *f, gconstpointer data)
{
  const char *dir = g_getenv ("HASHIYA_SCREENSHOT_DIR");
  const char *suffix = g_getenv ("HASHIYA_SCREENSHOT_SUFFIX");
  const char *shared = g_getenv ("HASHIYA_SHARED");
  g_autofree char *seed = NULL, *name = NULL;
  g_autoptr(GError) error = NULL;
  HashiyaImportOptions io;
  HashiyaImportReport *ir;
  g_autoptr(GPtrArray) docs = NULL;
  gint64 doc;
  HashiyaReviewQueue *queue;
  HashiyaSchemaEditor *editor;
  int width = g_getenv ("HASHIYA_SCREENSHOT_WIDTH") ? atoi (g_getenv ("HASHIYA_SCREENSHOT_WIDTH")) : 1180;

  if (dir == NULL)
    {
      g_test_skip ("HASHIYA_SCREENSHOT_DIR is not set (screenshots only on demand)");
      return;
    }
  seed = g_build_filename (shared ? shared : "../shared", "seeds", "000_0931c406bb116436.txt", NULL);
  if (!g_file_test (seed, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("the seed article is not there (../shared is absent)");
      return;
    }
  if (g_getenv ("HASHIYA_SCREENSHOT_DARK"))
    adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  g_settings_set_string (hashiya_settings_get_default (), "annotator", "me");
  g_assert_true (hashiya_store_apply_schema_preset (store_of (f), "osact-2022", &error));
  hashiya_import_options_init (&io);
  ir = hashiya_import_report_new (seed);
  g_assert_true (hashiya_import_file (store_of (f), seed, &io, ir, NULL, &error));
  g_assert_no_error (error);
  hashiya_import_report_free (ir);
  docs = hashiya_store_list_documents (store_of (f), NULL);
  doc = ((HashiyaDocument *) g_ptr_array_index (docs, docs->len - 1))->id;
  g_assert_true (hashiya_store_set_comment_parent (store_of (f), doc, 2, 1, &error));
  hashiya_store_set_judgement_value (store_of (f), doc, 1, "amal", "offensive", "yes", NULL);
  hashiya_store_set_judgement_value (store_of (f), doc, 1, "amal", "hate_speech", "no", NULL);
  hashiya_store_set_judgement_value (store_of (f), f->doc_id, 2, "amal", "offensive", "yes", NULL);
  g_assert_true (hashiya_window_open_project (f->window, f->path, FALSE, &error));
  resize (GTK_WINDOW (f->window), width, 760);
  g_assert_true (hashiya_window_load_document (f->window, doc, &error));
  activate (f, "next-comment", NULL);
  activate (f, "judge-key", g_variant_new_string ("o"));
  activate (f, "judge-key", g_variant_new_string ("h"));
  activate (f, "judge-key", g_variant_new_string ("l"));
  activate (f, "judge-key", g_variant_new_string ("s"));
  name = g_strdup_printf ("review-osact%s.png", suffix ? suffix : "");
  save_png (GTK_WIDGET (f->window), dir, name);
  activate (f, "next-comment", NULL);
  g_clear_pointer (&name, g_free);
  name = g_strdup_printf ("review-thread%s.png", suffix ? suffix : "");
  save_png (GTK_WIDGET (f->window), dir, name);

  queue = open_queue (f);
  g_assert_true (hashiya_review_queue_set_filter (queue, HASHIYA_QUEUE_ALL, "offensive = yes", NULL));
  hashiya_review_queue_move (queue, 1);
  g_clear_pointer (&name, g_free);
  name = g_strdup_printf ("review-queue%s.png", suffix ? suffix : "");
  save_png (GTK_WIDGET (queue), dir, name);
  gtk_window_destroy (GTK_WINDOW (queue));

  editor = hashiya_schema_editor_new (f->window, GTK_WINDOW (f->window));
  gtk_window_present (GTK_WINDOW (editor));
  spin ();
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (find_named (GTK_WIDGET (editor), "schema-field-target")), TRUE);
  {
    GtkWidget *remove = find_named (GTK_WIDGET (editor), "schema-remove-hate_speech");
    g_signal_emit_by_name (remove, "clicked");   /* refused: its refusal is in the picture */
  }
  g_clear_pointer (&name, g_free);
  name = g_strdup_printf ("schema-editor%s.png", suffix ? suffix : "");
  save_png (GTK_WIDGET (editor), dir, name);
  gtk_window_destroy (GTK_WINDOW (editor));
}

int
main (int argc, char *argv[])
{
  ui_test_init (&argc, &argv, "io.github.hashiya.Hashiya.TestReview", FALSE);
  g_test_add ("/review/osact-keys", Fixture, "osact-2022", setup_preset, test_osact_keys, fixture_teardown);
  g_test_add ("/review/help-lists-schema-keys", Fixture, "osact-2022", setup_preset,
              test_help_lists_schema_keys, fixture_teardown);
  g_test_add ("/review/strip-clear-of-text", Fixture, "osact-2022", setup_preset, test_strip_clear,
              fixture_teardown);
  g_test_add ("/review/editor-rebuilds-panel", Fixture, NULL, setup_preset, test_editor_rebuilds_panel,
              fixture_teardown);
  g_test_add ("/review/threads", Fixture, NULL, setup_preset, test_threads, fixture_teardown);
  g_test_add ("/review/queue-filters", Fixture, NULL, setup_queue, test_queue_filters, fixture_teardown);
  g_test_add ("/review/queue-jk", Fixture, NULL, setup_queue, test_queue_jk, fixture_teardown);

  g_test_add ("/review/screenshots", Fixture, NULL, setup_preset, test_screenshots, fixture_teardown);

  return ui_test_run ();
}
