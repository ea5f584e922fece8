/* test-usability.c: the window as a user meets it: font preference, export dialog and
 * loss report, contrast of text on label colours, selection unlike any highlight,
 * narrow windows, the current comment on screen, sidebar, span list, find, refused files
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "ui-common.h"

#include <math.h>
#include <signal.h>
#include <sqlite3.h>

#include "hashiya-export.h"
#include "hashiya-export-dialog.h"

static char *
font_of_first_run (GtkWidget *view, const char *text)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (view, text);
  PangoLayoutIter *iter = pango_layout_get_iter (layout);
  PangoLayoutRun *run = pango_layout_iter_get_run_readonly (iter);
  g_autoptr(PangoFontDescription) desc = NULL;
  char *family;

  g_assert_nonnull (run);
  desc = pango_font_describe (run->item->analysis.font);
  family = g_strdup (pango_font_description_get_family (desc));
  pango_layout_iter_free (iter);
  return family;
}

static gboolean
family_is_amiri (gpointer data)
{
  const PangoFontDescription *desc = pango_context_get_font_description (gtk_widget_get_pango_context (data));
  return g_strcmp0 (pango_font_description_get_family (desc), "Amiri") == 0;
}

static void
test_font_preference (Fixture *f, gconstpointer data)
{
  GtkWidget *view = GTK_WIDGET (hashiya_window_get_view (f->window));
  GSettings *settings = hashiya_application_get_settings (app);
  GtkWindow *prefs;
  GtkWidget *button;
  const PangoFontDescription *desc;
  g_autofree char *before = NULL, *after = NULL, *stored = NULL;

  spin ();
  before = font_of_first_run (view, "العراق");
  g_assert_cmpstr (before, ==, "Noto Naskh Arabic");

  activate (f, "preferences", NULL);
  prefs = toplevel_of_type ("HashiyaPreferences");
  g_assert_nonnull (prefs);
  button = find_named (GTK_WIDGET (prefs), "font-button");
  g_assert_nonnull (button);
  gtk_font_chooser_set_font (GTK_FONT_CHOOSER (button), "Amiri 26");
  g_signal_emit_by_name (button, "font-set");
  spin ();

  stored = g_settings_get_string (settings, "font");
  g_assert_cmpstr (stored, ==, "Amiri 26");
  /* the style (and with it the font) is recomputed at the next frame */
  g_assert_true (wait_until (family_is_amiri, view, 3000));
  /* the text is now laid out in that family and size */
  desc = pango_context_get_font_description (gtk_widget_get_pango_context (view));
  g_assert_cmpstr (pango_font_description_get_family (desc), ==, "Amiri");
  /* CSS turns points into pixels: 26 pt is 34.67 px at 96 dpi */
  g_assert_cmpfloat_with_epsilon ((double) pango_font_description_get_size (desc) / PANGO_SCALE,
                                  26 * 96 / 72.0, 0.5);
  after = font_of_first_run (view, "العراق");
  g_assert_cmpstr (after, ==, "Amiri");

  gtk_window_destroy (prefs);
  g_settings_reset (settings, "font");
  spin ();
}

/* ---- the export's loss report ------------------------------------------------ */

static void
test_export_loss_report (Fixture *f, gconstpointer data)
{
  g_autofree char *out = g_build_filename (f->dir, "nested.conll", NULL);
  gint64 name = offset_of ("أحمد الجبوري", 0);
  gint64 last = offset_of ("الجبوري", 0);
  gint64 name_end = last + g_utf8_strlen ("الجبوري", -1);
  gboolean finished = FALSE;
  GtkWindow *dialog = NULL;
  HashiyaExportReport *report;
  g_autoptr(GString) shown = g_string_new (NULL);
  GList *toplevels;

  /* nested spans: CoNLL holds one tag per token, so the inner one is lost */
  tag_exact (f, name, name_end);
  tag_exact (f, last, name_end);
  hashiya_window_get_export_options (f->window)->format = HASHIYA_FORMAT_CONLL;

  g_unsetenv ("HASHIYA_TEST_NO_DIALOGS");
  g_signal_connect (f->window, "export-finished", G_CALLBACK (on_export_done), &finished);
  activate (f, "export-to", g_variant_new_string (out));
  g_assert_true (wait_for_flag (&finished, 20000));
  g_setenv ("HASHIYA_TEST_NO_DIALOGS", "1", TRUE);
  spin ();

  report = hashiya_window_get_last_export_report (f->window);
  g_assert_nonnull (report);
  g_assert_cmpuint (report->items->len, >=, 1);
  toplevels = gtk_window_list_toplevels ();
  for (GList *l = toplevels; l; l = l->next)
    if (g_strcmp0 (gtk_widget_get_name (l->data), "export-report") == 0)
      dialog = l->data;
  g_list_free (toplevels);
  g_assert_nonnull (dialog);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  /* the user reads every lost item, as the report words it */
  g_string_append_printf (shown, "%s\n", adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)));
  g_assert_nonnull (find_named (GTK_WIDGET (dialog), "export-losses"));
  collect_text (find_named (GTK_WIDGET (dialog), "export-losses"), shown);
  for (guint i = 0; i < report->items->len; i++)
    {
      g_autofree char *line = hashiya_loss_item_to_string (g_ptr_array_index (report->items, i));
      g_assert_nonnull (strstr (shown->str, line));
    }
  gtk_window_destroy (dialog);
  spin ();
}

/* ---- contrast of text on label colours -------------------------------------- */

static double
luminance (const GdkRGBA *c)
{
  double v[3] = { c->red, c->green, c->blue };

  for (int i = 0; i < 3; i++)
    v[i] = v[i] <= 0.04045 ? v[i] / 12.92 : pow ((v[i] + 0.055) / 1.055, 2.4);
  return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2];
}

static double
contrast (const GdkRGBA *a, const GdkRGBA *b)
{
  double la = luminance (a), lb = luminance (b);
  return (MAX (la, lb) + 0.05) / (MIN (la, lb) + 0.05);
}

static GdkRGBA
over (const GdkRGBA *top, const GdkRGBA *below)
{
  GdkRGBA r = { top->red * top->alpha + below->red * (1 - top->alpha),
                top->green * top->alpha + below->green * (1 - top->alpha),
                top->blue * top->alpha + below->blue * (1 - top->alpha), 1 };
  return r;
}

static void
check_contrast (Fixture *f, const char *style)
{
  GtkWidget *view = GTK_WIDGET (hashiya_window_get_view (f->window));
  GtkTextTagTable *table = gtk_text_buffer_get_tag_table (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)));
  g_autoptr(GPtrArray) labels = hashiya_store_list_labels (hashiya_window_get_store (f->window), NULL);
  const char *dimmed[] = { "seg-byline", "seg-caption", "seg-site", "seg-boilerplate" };
  GdkRGBA page;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  g_assert_true (gtk_style_context_lookup_color (gtk_widget_get_style_context (view), "view_bg_color", &page));
  G_GNUC_END_IGNORE_DEPRECATIONS
  g_test_message ("%s: page %s", style, gdk_rgba_to_string (&page));

  for (guint i = 0; i < labels->len; i++)
    {
      HashiyaLabel *l = g_ptr_array_index (labels, i);
      g_autofree char *name = g_strdup_printf ("label-%s-bg", l->name);
      GtkTextTag *tag = gtk_text_tag_table_lookup (table, name);
      GdkRGBA *bg = NULL, *fg = NULL, under;
      gboolean fg_set = FALSE;

      g_assert_nonnull (tag);
      g_object_get (tag, "background-rgba", &bg, "foreground-rgba", &fg, "foreground-set", &fg_set, NULL);
      g_assert_true (fg_set);
      under = over (bg, &page);
      /* the text on the label colour, whatever the segment's own colour (the label tag wins) */
      if (contrast (fg, &under) < 4.5)
        g_test_fail_printf ("%s: %s text %s on %s: %.2f:1", style, l->name, gdk_rgba_to_string (fg),
                            gdk_rgba_to_string (&under), contrast (fg, &under));
      /* the label tag outranks every segment tag */
      for (guint k = 0; k < G_N_ELEMENTS (dimmed); k++)
        g_assert_cmpint (gtk_text_tag_get_priority (tag), >,
                         gtk_text_tag_get_priority (gtk_text_tag_table_lookup (table, dimmed[k])));
      gdk_rgba_free (bg);
      gdk_rgba_free (fg);
    }
  /* byline and captions stay readable on the page, dimmed text at least 3:1 */
  for (guint k = 0; k < G_N_ELEMENTS (dimmed); k++)
    {
      GdkRGBA *fg = NULL, on;
      g_object_get (gtk_text_tag_table_lookup (table, dimmed[k]), "foreground-rgba", &fg, NULL);
      on = over (fg, &page);
      if (contrast (&on, &page) < (k < 2 ? 4.5 : 3.0))
        g_test_fail_printf ("%s: %s %s on the page: %.2f:1", style, dimmed[k], gdk_rgba_to_string (fg),
                            contrast (&on, &page));
      gdk_rgba_free (fg);
    }
}

static void
test_label_contrast (Fixture *f, gconstpointer data)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();

  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_LIGHT);
  spin ();
  check_contrast (f, "light");
  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_DARK);
  spin ();
  g_assert_true (adw_style_manager_get_dark (manager));
  check_contrast (f, "dark");
  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_DEFAULT);
  spin ();
}

/* ---- narrow windows ---------------------------------------------------------- */

static void
dump_wide (GtkWidget *w, int depth, int limit)
{
  int min;

  gtk_widget_measure (w, GTK_ORIENTATION_HORIZONTAL, -1, &min, NULL, NULL, NULL);
  if (min < limit || !gtk_widget_get_visible (w))
    return;
  g_test_message ("%*s%s %s: %d", depth * 2, "", G_OBJECT_TYPE_NAME (w), gtk_widget_get_name (w), min);
  for (GtkWidget *c = gtk_widget_get_first_child (w); c; c = gtk_widget_get_next_sibling (c))
    dump_wide (c, depth + 1, limit / 3);
}

static gboolean
is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (data) && gtk_widget_get_width (data) > 0;
}

static void
test_narrow_window (Fixture *f, gconstpointer data)
{
  int min;

  activate (f, "find", NULL);
  activate (f, "next-comment", NULL);
  spin ();
  g_assert_true (gtk_widget_get_visible (find_named (GTK_WIDGET (f->window), "side-panel")));
  gtk_widget_measure (GTK_WIDGET (f->window), GTK_ORIENTATION_HORIZONTAL, -1, &min, NULL, NULL, NULL);
  if (min > 820)
    dump_wide (GTK_WIDGET (f->window), 0, 300);
  g_assert_cmpint (min, <=, 820);
  /* and a window asked to be 800 px wide is no wider than that */
  {
    HashiyaWindow *narrow = hashiya_window_new (app);
    g_autoptr(GError) error = NULL;

    gtk_window_set_default_size (GTK_WINDOW (narrow), 800, 600);
    gtk_window_present (GTK_WINDOW (narrow));
    g_assert_true (hashiya_window_open_project (narrow, f->path, FALSE, &error));
    g_assert_true (wait_until (is_mapped, narrow, 3000));
    spin ();
    g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (narrow)), <=, 820);
    gtk_window_destroy (GTK_WINDOW (narrow));
  }
}

/* ---- the current comment is scrolled into view ------------------------------ */

typedef struct
{
  HashiyaWindow *window;
  int            index;
} CommentShown;

static gboolean
comment_on_screen (gpointer data)
{
  CommentShown *c = data;
  HashiyaDocumentView *view = hashiya_window_get_view (c->window);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  GdkRectangle visible, line;
  GtkTextIter iter;
  gint64 start, end;

  if (!hashiya_document_view_get_comment_range (view, c->index, &start, &end))
    return FALSE;
  gtk_text_buffer_get_iter_at_offset (buffer, &iter, (int) start);
  gtk_text_view_get_visible_rect (GTK_TEXT_VIEW (view), &visible);
  gtk_text_view_get_iter_location (GTK_TEXT_VIEW (view), &iter, &line);
  return line.y >= visible.y && line.y + line.height <= visible.y + visible.height;
}

/* A long article (60 paragraphs) and four comments: J must bring each card on screen,
 * in a wide window and in a narrow one (where the text wraps into many more lines). */
static void
test_comment_scrolled (void)
{
  g_autofree char *dir = g_dir_make_tmp ("hashiya-ui-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "long.hashiya", NULL);
  g_autoptr(GString) text = g_string_new ("مقال طويل عن المياه في البصرة\n\n");
  g_autoptr(GArray) segs = g_array_new (FALSE, FALSE, sizeof (HashiyaSegment));
  g_autoptr(GError) error = NULL;
  int widths[] = { 1100, 800 };

  {
    HashiyaSegment title = { HASHIYA_SEGMENT_TITLE, 0, g_utf8_strlen ("مقال طويل عن المياه في البصرة", -1), 0 };
    g_array_append_val (segs, title);
  }
  for (int i = 0; i < 64; i++)
    {
      gint64 start = g_utf8_strlen (text->str, -1);
      HashiyaSegment seg = { i < 60 ? HASHIYA_SEGMENT_PARAGRAPH : HASHIYA_SEGMENT_COMMENT, start, 0,
                             i < 60 ? 0 : i - 59 };
      g_string_append_printf (text, "%s %d يعمل العمال في محطة التحلية الجديدة قرب شط العرب منذ الصباح حتى المساء، "
                              "ويقول السكان إن الماء صار أعذب من قبل بكثير وإن الانقطاع قل في الصيف.",
                              i < 60 ? "فقرة" : "تعليق", i + 1);
      seg.end = g_utf8_strlen (text->str, -1);
      g_array_append_val (segs, seg);
      g_string_append (text, "\n\n");
    }
  {
    g_autoptr(HashiyaStore) store = hashiya_store_open (path, TRUE, &error);
    g_assert_no_error (error);
    g_assert_cmpint (hashiya_store_add_document (store, "long.txt", text->str, -1, NULL,
                                                 (HashiyaSegment *) segs->data, segs->len, NULL, &error), >, 0);
    g_assert_no_error (error);
  }

  for (guint w = 0; w < G_N_ELEMENTS (widths); w++)
    {
      HashiyaWindow *window = hashiya_window_new (app);
      CommentShown shown = { window, 0 };

      gtk_window_set_default_size (GTK_WINDOW (window), widths[w], 700);
      gtk_window_present (GTK_WINDOW (window));
      g_assert_true (hashiya_window_open_project (window, path, FALSE, &error));
      g_assert_no_error (error);
      spin ();
      for (int i = 1; i <= 4; i++)
        {
          g_action_group_activate_action (G_ACTION_GROUP (window), "next-comment", NULL);
          shown.index = i;
          g_assert_cmpint (hashiya_document_view_get_current_comment (hashiya_window_get_view (window)), ==, i);
          if (!wait_until (comment_on_screen, &shown, 3000))
            {
              GdkRectangle visible, line;
              GtkTextIter iter;
              gint64 start, end;
              HashiyaDocumentView *view = hashiya_window_get_view (window);
              hashiya_document_view_get_comment_range (view, i, &start, &end);
              gtk_text_buffer_get_iter_at_offset (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), &iter, (int) start);
              gtk_text_view_get_visible_rect (GTK_TEXT_VIEW (view), &visible);
              gtk_text_view_get_iter_location (GTK_TEXT_VIEW (view), &iter, &line);
              g_test_fail_printf ("width %d: comment %d is not on screen (its line at %d+%d, the view shows %d+%d)",
                                  widths[w], i, line.y, line.height, visible.y, visible.height);
            }
        }
      gtk_window_destroy (GTK_WINDOW (window));
      spin ();
    }
  g_remove (path);
  g_rmdir (dir);
}

/* ---- sidebar, span list, judgement keys, selection ----------------------------- */

typedef struct
{
  GtkWidget  *window;
  const char *row_name;
  const char *want;
} RowText;

/* The row is looked up each time: the list view binds its rows anew after a change. */
static gboolean
row_says (gpointer data)
{
  RowText *r = data;
  GtkWidget *row = find_named (r->window, r->row_name);
  g_autoptr(GString) text = g_string_new (NULL);

  if (row == NULL)
    return FALSE;
  collect_text (row, text);
  return strstr (text->str, r->want) != NULL;
}

/* The sidebar shows each document's progress (spans, comments judged of total) and
 * follows every action; its filter hides other documents; a row opens its document. */
static void
test_sidebar (Fixture *f, gconstpointer data)
{
  g_autofree char *row_name = g_strdup_printf ("document-row-%" G_GINT64_FORMAT, f->doc_id);
  GtkWidget *row = find_named (GTK_WIDGET (f->window), row_name);
  GtkWidget *filter = find_named (GTK_WIDGET (f->window), "document-filter");
  GtkWidget *list = find_named (GTK_WIDGET (f->window), "document-list");
  gint64 word = offset_of ("كركوك", 0);
  gint64 doc2;
  RowText r = { GTK_WIDGET (f->window), row_name, "0 spans · 0 of 3 comments judged" };

  g_assert_nonnull (row);
  g_assert_true (row_says (&r));
  tag_exact (f, word, word + 2);
  activate (f, "next-comment", NULL);
  activate (f, "sentiment", g_variant_new_string ("neutral"));
  r.want = "1 span · 1 of 3 comments judged";
  g_assert_true (wait_until (row_says, &r, 3000));

  /* a second document, then the filter */
  {
    g_autoptr(GError) error = NULL;
    HashiyaSegment seg = { HASHIYA_SEGMENT_PARAGRAPH, 0, 11, 0 };
    doc2 = hashiya_store_add_document (hashiya_window_get_store (f->window), "second.txt", "نص ثاني هنا",
                                       -1, NULL, &seg, 1, NULL, &error);
    g_assert_no_error (error);
    /* opened again, the project lists both */
    g_assert_true (hashiya_window_open_project (f->window, f->path, FALSE, &error));
    g_assert_no_error (error);
    spin ();
  }
  {
    g_autofree char *name2 = g_strdup_printf ("document-row-%" G_GINT64_FORMAT, doc2);
    GtkWidget *row1 = find_named (GTK_WIDGET (f->window), row_name);
    GtkWidget *row2 = find_named (GTK_WIDGET (f->window), name2);

    g_assert_nonnull (row1);
    g_assert_nonnull (row2);
    /* the list shows only the rows its query keeps: a filtered-out document has no row */
    gtk_editable_set_text (GTK_EDITABLE (filter), "SECOND");
    g_signal_emit_by_name (filter, "search-changed");
    spin ();
    g_assert_null (find_named (GTK_WIDGET (f->window), row_name));
    g_assert_nonnull (find_named (GTK_WIDGET (f->window), name2));
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (list)))), ==, 1);
    gtk_editable_set_text (GTK_EDITABLE (filter), "");
    g_signal_emit_by_name (filter, "search-changed");
    spin ();
    g_assert_nonnull (find_named (GTK_WIDGET (f->window), row_name));
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (list)))), ==, 2);

    /* activating the second row (Enter, a double click) opens it */
    g_signal_emit_by_name (list, "activate", 1u);
    spin ();
    g_assert_cmpint (hashiya_window_get_document (f->window), ==, doc2);
  }
}

/* The side list names each span's label; activating a row selects that span. */
static void
test_span_list (Fixture *f, gconstpointer data)
{
  GtkWidget *list = find_named (GTK_WIDGET (f->window), "span-list");
  gint64 a = offset_of ("الجبوري", 0), b = offset_of ("كركوك", 0);
  gint64 first, second;
  GListModel *model;

  g_assert_nonnull (list);
  first = tag_exact (f, a, a + g_utf8_strlen ("الجبوري", -1));
  second = tag_exact (f, b, b + g_utf8_strlen ("كركوك", -1));
  activate (f, "clear-selection", NULL);
  spin ();
  model = G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (list)));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);
  {
    g_autoptr(GString) text = g_string_new (NULL);
    g_autofree char *label1 = NULL;
    label_with_key (hashiya_window_get_store (f->window), "1", &label1);
    collect_text (list, text);
    g_assert_nonnull (strstr (text->str, label1));
    g_assert_nonnull (strstr (text->str, "كركوك"));
  }
  g_signal_emit_by_name (list, "activate", 1);
  spin ();
  g_assert_cmpint (hashiya_document_view_get_selected_span (hashiya_window_get_view (f->window)), ==, second);
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (hashiya_window_get_view (f->window))));
  g_signal_emit_by_name (list, "activate", 0);
  spin ();
  g_assert_cmpint (hashiya_document_view_get_selected_span (hashiya_window_get_view (f->window)), ==, first);
}

/* The most common colour in a rectangle of the rendered view: the background there. */
static guint32
common_color (const guchar *pixels, gsize stride, int x0, int y0, int w, int h)
{
  g_autoptr(GHashTable) counts = g_hash_table_new (NULL, NULL);
  guint32 best = 0;
  guint best_n = 0;

  for (int y = y0; y < y0 + h; y++)
    for (int x = x0; x < x0 + w; x++)
      {
        const guchar *p = pixels + y * stride + x * 4;   /* B G R A (premultiplied, opaque here) */
        guint32 c = (p[2] << 16) | (p[1] << 8) | p[0];
        guint n = GPOINTER_TO_UINT (g_hash_table_lookup (counts, GUINT_TO_POINTER (c))) + 1;
        g_hash_table_insert (counts, GUINT_TO_POINTER (c), GUINT_TO_POINTER (n));
        if (n > best_n)
          {
            best_n = n;
            best = c;
          }
      }
  return best;
}

static guint32
background_of (Fixture *f, gint64 start, gint64 end)
{
  GtkWidget *view = GTK_WIDGET (hashiya_window_get_view (f->window));
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree guchar *pixels = NULL;
  int width = gtk_widget_get_width (view), height = gtk_widget_get_height (view);
  GtkTextIter a, b;
  GdkRectangle ra, rb;
  int x0, x1, y0, y1;

  spin ();
  gtk_text_buffer_get_iter_at_offset (buffer, &a, (int) start);
  gtk_text_buffer_get_iter_at_offset (buffer, &b, (int) end);
  gtk_text_view_get_iter_location (GTK_TEXT_VIEW (view), &a, &ra);
  gtk_text_view_get_iter_location (GTK_TEXT_VIEW (view), &b, &rb);
  gtk_text_view_buffer_to_window_coords (GTK_TEXT_VIEW (view), GTK_TEXT_WINDOW_WIDGET, MIN (ra.x, rb.x), ra.y, &x0, &y0);
  gtk_text_view_buffer_to_window_coords (GTK_TEXT_VIEW (view), GTK_TEXT_WINDOW_WIDGET, MAX (ra.x, rb.x), ra.y + ra.height, &x1, &y1);
  g_assert_cmpint (x1 - x0, >, 8);
  /* the text view draws its page, highlights, selection and text */
  GTK_WIDGET_GET_CLASS (view)->snapshot (view, snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (f->window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  pixels = g_malloc (width * 4 * height);
  gdk_texture_download (texture, pixels, width * 4);
  return common_color (pixels, width * 4, x0 + 2, y0 + 2, x1 - x0 - 4, y1 - y0 - 4);
}

static double
color_distance (guint32 a, guint32 b)
{
  int dr = ((a >> 16) & 0xff) - ((b >> 16) & 0xff);
  int dg = ((a >> 8) & 0xff) - ((b >> 8) & 0xff);
  int db = (a & 0xff) - (b & 0xff);
  return sqrt (dr * dr + dg * dg + db * db);
}

/* Pixels of the rendered view in the row band [y0, y0 + h) between x0 and x1 that are far
 * (> 150) from colour c: the ink there that is not the page. */
static guint
ink_in_band (Fixture *f, gint64 start, gint64 end, int dy, guint32 c)
{
  GtkWidget *view = GTK_WIDGET (hashiya_window_get_view (f->window));
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree guchar *pixels = NULL;
  int width = gtk_widget_get_width (view), height = gtk_widget_get_height (view);
  GtkTextIter a, b;
  GdkRectangle ra, rb;
  int x0, x1, y0, y1;
  guint n = 0;

  spin ();
  gtk_text_buffer_get_iter_at_offset (buffer, &a, (int) start);
  gtk_text_buffer_get_iter_at_offset (buffer, &b, (int) end);
  gtk_text_view_get_iter_location (GTK_TEXT_VIEW (view), &a, &ra);
  gtk_text_view_get_iter_location (GTK_TEXT_VIEW (view), &b, &rb);
  gtk_text_view_buffer_to_window_coords (GTK_TEXT_VIEW (view), GTK_TEXT_WINDOW_WIDGET, MIN (ra.x, rb.x), ra.y, &x0, &y0);
  gtk_text_view_buffer_to_window_coords (GTK_TEXT_VIEW (view), GTK_TEXT_WINDOW_WIDGET, MAX (ra.x, rb.x), ra.y + ra.height, &x1, &y1);
  GTK_WIDGET_GET_CLASS (view)->snapshot (view, snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (f->window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  pixels = g_malloc (width * 4 * height);
  gdk_texture_download (texture, pixels, width * 4);
  for (int y = y0 + dy - 1; y <= y0 + dy; y++)
    for (int x = x0 + 4; x < x1 - 4; x++)
      {
        const guchar *p = pixels + y * width * 4 + x * 4;
        guint32 px = (p[2] << 16) | (p[1] << 8) | p[0];
        if (color_distance (px, c) > 150)
          n++;
      }
  return n;
}

/* A selected span keeps its label's colour (the selection is an outline around it, not a
 * fill over it), and the outline tells it from an unselected span of the same label. */
static void
test_selection_keeps_label_colour (Fixture *f, gconstpointer data)
{
  HashiyaDocumentView *view = hashiya_window_get_view (f->window);
  g_autoptr(GPtrArray) labels = hashiya_store_list_labels (hashiya_window_get_store (f->window), NULL);
  gint64 word = offset_of ("كركوك", 0);
  gint64 end = word + g_utf8_strlen ("كركوك", -1);
  guint32 page = background_of (f, word, end);
  gint64 id;

  id = tag_exact (f, word, end);
  gtk_widget_grab_focus (GTK_WIDGET (view));
  for (guint i = 0; i < labels->len; i++)
    {
      HashiyaLabel *l = g_ptr_array_index (labels, i);
      guint32 highlight, selected;
      guint outline_on, outline_off;

      hashiya_document_view_select_span (view, id);
      activate (f, "tag", g_variant_new_string (l->name));   /* relabel the selected span */
      g_assert_cmpint (hashiya_document_view_get_selected_span (view), ==, id);
      selected = background_of (f, word, end);
      outline_on = ink_in_band (f, word, end, 0, page);
      activate (f, "clear-selection", NULL);
      highlight = background_of (f, word, end);
      outline_off = ink_in_band (f, word, end, 0, page);
      g_test_message ("%s: highlight #%06x, selected #%06x, outline %u/%u px", l->name, highlight,
                      selected, outline_on, outline_off);
      /* the label colour shows through (a faint tint at most) */
      if (color_distance (highlight, selected) > 40)
        g_test_fail_printf ("selected, the %s span is #%06x, not its colour #%06x", l->name, selected, highlight);
      g_assert_cmpuint (color_distance (highlight, page), >, 20);
      /* and the outline is drawn only when selected */
      if (outline_on < 20 || outline_off > outline_on / 4)
        g_test_fail_printf ("%s: no outline around the selected span (%u px, %u unselected)", l->name,
                            outline_on, outline_off);
    }
}

/* ---- find highlights, recolouring, files that are not projects ------------------ */

/* Find highlights every match (أحمد, احمد, أحمـد) and says how many there are. */
static void
test_find_highlights (Fixture *f, gconstpointer data)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (hashiya_window_get_view (f->window)));
  GtkTextTag *match = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer), "find-match");
  GtkWidget *entry = find_named (GTK_WIDGET (f->window), "find-entry");
  GtkWidget *count = find_named (GTK_WIDGET (f->window), "find-count");
  const char *spellings[] = { "أحمد", "احمد", "أحمـد" };
  GtkTextIter iter;

  g_assert_nonnull (match);
  activate (f, "find", NULL);
  gtk_editable_set_text (GTK_EDITABLE (entry), "احمد");
  g_signal_emit_by_name (entry, "search-changed");
  spin ();
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (count)), ==, "3 matches");
  for (guint i = 0; i < G_N_ELEMENTS (spellings); i++)
    {
      gint64 at = offset_of (spellings[i], 0);
      gtk_text_buffer_get_iter_at_offset (buffer, &iter, (int) at);
      g_assert_true (gtk_text_iter_has_tag (&iter, match));
      gtk_text_buffer_get_iter_at_offset (buffer, &iter, (int) at + g_utf8_strlen (spellings[i], -1) - 1);
      g_assert_true (gtk_text_iter_has_tag (&iter, match));
    }
  gtk_text_buffer_get_iter_at_offset (buffer, &iter, (int) offset_of ("كركوك", 0));
  g_assert_false (gtk_text_iter_has_tag (&iter, match));
  /* closing the bar takes the highlights away */
  activate (f, "find", NULL);
  gtk_text_buffer_get_iter_at_offset (buffer, &iter, (int) offset_of ("أحمد", 0));
  g_assert_false (gtk_text_iter_has_tag (&iter, match));
}

/* Recolouring a label in the preferences repaints its spans in the open document. */
static void
test_recolour_label (Fixture *f, gconstpointer data)
{
  GtkTextTagTable *table = gtk_text_buffer_get_tag_table (gtk_text_view_get_buffer (GTK_TEXT_VIEW (hashiya_window_get_view (f->window))));
  g_autofree char *label1 = NULL, *row_name = NULL, *tag_name = NULL;
  g_autoptr(HashiyaLabel) stored = NULL;
  GtkWindow *prefs;
  GtkWidget *row, *button;
  GdkRGBA red = { 1, 0, 0, 1 }, *bg = NULL;

  label_with_key (hashiya_window_get_store (f->window), "1", &label1);
  row_name = g_strdup_printf ("label-row-%s", label1);
  tag_name = g_strdup_printf ("label-%s-bg", label1);
  activate (f, "preferences", NULL);
  prefs = toplevel_of_type ("HashiyaPreferences");
  g_assert_nonnull (prefs);
  row = find_named (GTK_WIDGET (prefs), row_name);
  g_assert_nonnull (row);
  button = find_type (row, GTK_TYPE_COLOR_BUTTON);
  g_assert_nonnull (button);
  gtk_color_chooser_set_rgba (GTK_COLOR_CHOOSER (button), &red);
  g_signal_emit_by_name (button, "color-set");
  spin ();
  stored = hashiya_store_get_label (hashiya_window_get_store (f->window), label1, NULL);
  g_assert_cmpstr (stored->color, ==, "#ff0000");
  g_object_get (gtk_text_tag_table_lookup (table, tag_name), "background-rgba", &bg, NULL);
  g_assert_cmpfloat (bg->red, ==, 1);
  g_assert_cmpfloat (bg->green, ==, 0);
  g_assert_cmpfloat (bg->blue, ==, 0);
  gdk_rgba_free (bg);
  gtk_window_destroy (prefs);
}

static GtkWindow *
error_dialog (void)
{
  GList *toplevels = gtk_window_list_toplevels ();
  GtkWindow *found = NULL;

  for (GList *l = toplevels; l; l = l->next)
    if (g_strcmp0 (gtk_widget_get_name (l->data), "error-dialog") == 0 && gtk_widget_get_visible (l->data))
      found = l->data;
  g_list_free (toplevels);
  return found;
}

/* Opening a file that is not a project, or one from a newer Hashiya, through the
 * application (as a double click does): a dialog with the core's message, the file
 * unchanged, no project open. */
static void
test_refused_files (void)
{
  g_autofree char *dir = g_dir_make_tmp ("hashiya-ui-XXXXXX", NULL);
  g_autofree char *junk = g_build_filename (dir, "junk.hashiya", NULL);
  g_autofree char *newer = g_build_filename (dir, "newer.hashiya", NULL);
  const char *paths[] = { junk, newer };
  int codes[] = { HASHIYA_STORE_ERROR_NOT_PROJECT, HASHIYA_STORE_ERROR_TOO_NEW };

  g_assert_true (g_file_set_contents (junk, "this is not a database, only words\n", -1, NULL));
  {
    g_autoptr(GError) error = NULL;
    HashiyaStore *store = hashiya_store_open (newer, TRUE, &error);
    sqlite3 *db = NULL;

    g_assert_no_error (error);
    hashiya_store_close (store);
    g_object_unref (store);
    g_assert_cmpint (sqlite3_open (newer, &db), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (db, "PRAGMA user_version = 9999", NULL, NULL, NULL), ==, SQLITE_OK);
    sqlite3_close (db);
  }

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(GFile) file = g_file_new_for_path (paths[i]);
      g_autofree char *before = NULL, *after = NULL;
      gsize n_before, n_after;
      g_autoptr(GError) expected = NULL;
      GtkWindow *dialog;
      GtkWindow *window;

      g_assert_true (g_file_get_contents (paths[i], &before, &n_before, NULL));
      /* the message the core gives for this file */
      g_assert_null (hashiya_store_open (paths[i], FALSE, &expected));
      g_assert_error (expected, HASHIYA_STORE_ERROR, codes[i]);

      g_application_open (G_APPLICATION (app), &file, 1, "");
      spin ();
      dialog = error_dialog ();
      g_assert_nonnull (dialog);
      g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), expected->message));
      window = gtk_window_get_transient_for (dialog);
      g_assert_true (HASHIYA_IS_WINDOW (window));
      g_assert_null (hashiya_window_get_store (HASHIYA_WINDOW (window)));
      gtk_window_destroy (dialog);
      gtk_window_destroy (window);
      spin ();
      g_assert_true (g_file_get_contents (paths[i], &after, &n_after, NULL));
      g_assert_cmpuint (n_after, ==, n_before);
      g_assert_true (memcmp (before, after, n_before) == 0);
    }
  g_remove (junk);
  g_remove (newer);
  g_rmdir (dir);
}

/* The export dialog's choices are the ones the export uses. */
static void
test_export_options (Fixture *f, gconstpointer data)
{
  g_autofree char *out = g_build_filename (f->dir, "out.conll", NULL);
  g_autofree char *contents = NULL, *in_article = NULL, *in_comment = NULL;
  HashiyaExportOptions *o = hashiya_window_get_export_options (f->window);
  gboolean finished = FALSE;
  GtkWindow *dialog;
  struct { const char *row; guint pos; } choices[] = {
    { "export-format", 0 },     /* CoNLL */
    { "export-scheme", 2 },     /* BIOES */
    { "export-clitics", 1 },    /* split */
    { "export-scope", 2 },      /* comments only */
    { "export-documents", 1 },  /* this document */
  };

  {
    g_autofree char *l1 = NULL, *l2 = NULL;
    gint64 a = offset_of ("الجبوري", 0), c = offset_of ("المقال", 0);

    label_with_key (hashiya_window_get_store (f->window), "1", &l1);
    label_with_key (hashiya_window_get_store (f->window), "2", &l2);
    in_article = g_strdup_printf ("-%s", l1);
    in_comment = g_strdup_printf ("S-%s", l2);   /* BIOES: a one-token span */
    tag_exact (f, a, a + g_utf8_strlen ("الجبوري", -1));
    select_text (f, c, c + g_utf8_strlen ("المقال", -1));
    activate (f, "tag-key", g_variant_new_string ("2"));
  }
  activate (f, "export", NULL);
  dialog = toplevel_of_type ("HashiyaExportDialog");
  g_assert_nonnull (dialog);
  for (guint i = 0; i < G_N_ELEMENTS (choices); i++)
    {
      GtkWidget *row = find_named (GTK_WIDGET (dialog), choices[i].row);
      g_assert_nonnull (row);
      adw_combo_row_set_selected (ADW_COMBO_ROW (row), choices[i].pos);
    }
  spin ();
  g_assert_cmpint (o->format, ==, HASHIYA_FORMAT_CONLL);
  g_assert_cmpint (o->scheme, ==, HASHIYA_SCHEME_BIOES);
  g_assert_cmpint (o->clitics, ==, HASHIYA_CLITICS_SPLIT);
  g_assert_cmpint (o->scope, ==, HASHIYA_SCOPE_COMMENTS);
  g_assert_nonnull (o->doc_ids);
  g_assert_cmpuint (o->doc_ids->len, ==, 1);
  g_assert_cmpint (g_array_index (o->doc_ids, gint64, 0), ==, f->doc_id);
  gtk_window_destroy (dialog);
  spin ();

  /* opened again, it shows them */
  activate (f, "export", NULL);
  dialog = toplevel_of_type ("HashiyaExportDialog");
  for (guint i = 0; i < G_N_ELEMENTS (choices); i++)
    g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (find_named (GTK_WIDGET (dialog), choices[i].row))),
                      ==, choices[i].pos);
  gtk_window_destroy (dialog);

  /* the file chooser's answer runs win.export-to */
  g_signal_connect (f->window, "export-finished", G_CALLBACK (on_export_done), &finished);
  activate (f, "export-to", g_variant_new_string (out));
  g_assert_true (wait_for_flag (&finished, 20000));
  g_assert_true (g_file_get_contents (out, &contents, NULL, NULL));
  /* the comments' tokens only, in BIOES: the comment's span is there, the article's is not */
  g_assert_nonnull (strstr (contents, "المقال"));
  g_assert_null (strstr (contents, "الجبوري"));
  g_assert_nonnull (strstr (contents, in_comment));
  g_assert_null (strstr (contents, in_article));
}

/* issue 12: a Label Studio export from the window gets its labelling config beside it, the
 * project's labels in order and the per-region judgement controls. */
static void
test_label_studio_config_beside (Fixture *f, gconstpointer data)
{
  g_autofree char *out = g_build_filename (f->dir, "tasks.json", NULL);
  const HashiyaFormatDesc *desc = hashiya_format_registry_get (HASHIYA_FORMAT_LABEL_STUDIO);
  g_autofree char *config_path = hashiya_export_dialog_write_config (f->window, desc, out);
  g_autofree char *want = g_build_filename (f->dir, "tasks.label-config.xml", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GPtrArray) labels = hashiya_store_list_labels (hashiya_window_get_store (f->window), NULL);
  const char *last = NULL;

  g_assert_cmpstr (config_path, ==, want);
  g_assert_true (g_file_get_contents (config_path, &contents, NULL, NULL));
  g_assert_nonnull (labels);
  g_assert_cmpuint (labels->len, >, 1);
  for (guint i = 0; i < labels->len; i++)
    {
      g_autofree char *el = g_strdup_printf ("<Label value=\"%s\"/>",
                                             ((HashiyaLabel *) g_ptr_array_index (labels, i))->name);
      const char *at = strstr (contents, el);
      g_assert_nonnull (at);
      g_assert_true (last == NULL || at > last);
      last = at;
    }
  g_assert_nonnull (strstr (contents, "<Choices name=\"sentiment\" toName=\"text\" perRegion=\"true\">"));
  g_assert_nonnull (strstr (contents, "<TextArea name=\"comment_note\" toName=\"text\" perRegion=\"true\"/>"));
}

/* The header names the project and the document; the palette shows each label's
 * colour, name and key; the panel numbers the current comment. */
static void
test_header_palette (Fixture *f, gconstpointer data)
{
  GtkWidget *title = find_type (GTK_WIDGET (f->window), ADW_TYPE_WINDOW_TITLE);
  g_autoptr(GPtrArray) labels = hashiya_store_list_labels (hashiya_window_get_store (f->window), NULL);
  GtkWidget *comment_title = find_named (GTK_WIDGET (f->window), "comment-title");

  g_assert_nonnull (title);
  g_assert_cmpstr (adw_window_title_get_title (ADW_WINDOW_TITLE (title)), ==, "test");
  g_assert_cmpstr (adw_window_title_get_subtitle (ADW_WINDOW_TITLE (title)), ==, "test-article.txt");
  for (const char **b = (const char *[]) { "undo-button", "redo-button", "import-button", "export-button",
                                           "main-menu-button", NULL }; *b; b++)
    g_assert_true (gtk_widget_is_visible (find_named (GTK_WIDGET (f->window), *b)));

  g_assert_cmpuint (labels->len, >=, 2);
  for (guint i = 0; i < labels->len; i++)
    {
      HashiyaLabel *l = g_ptr_array_index (labels, i);
      g_autofree char *name = g_strdup_printf ("palette-%s", l->name);
      g_autofree char *swatch = g_strdup_printf ("background=\"%s\"", l->color);
      GtkWidget *button = find_named (GTK_WIDGET (f->window), name);
      g_autoptr(GString) text = g_string_new (NULL);
      gboolean coloured = FALSE;

      g_assert_nonnull (button);
      collect_text (button, text);
      g_assert_nonnull (strstr (text->str, l->name));
      if (l->key != NULL)
        g_assert_nonnull (strstr (text->str, l->key));
      /* the swatch is a label painted in the label's colour */
      for (GtkWidget *c = gtk_widget_get_first_child (gtk_button_get_child (GTK_BUTTON (button))); c;
           c = gtk_widget_get_next_sibling (c))
        if (GTK_IS_LABEL (c) && strstr (gtk_label_get_label (GTK_LABEL (c)), swatch) != NULL)
          coloured = TRUE;
      g_assert_true (coloured);
    }

  activate (f, "next-comment", NULL);
  activate (f, "next-comment", NULL);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (comment_title)), ==, "Comment 2 of 3");
}

/* Each segment is its own paragraph and runs the way its text does (Arabic right to
 * left, the English comment left to right); title, byline and comments carry their
 * own styles. */
static void
test_paragraphs (Fixture *f, gconstpointer data)
{
  GtkTextView *view = GTK_TEXT_VIEW (hashiya_window_get_view (f->window));
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextTagTable *table = gtk_text_buffer_get_tag_table (buffer);
  struct { const char *start, *end; gboolean rtl; const char *tag; } paras[] = {
    { "العراق والبشمركة", "التعاون", TRUE, "seg-title" },
    { "خالد", "الطائي", TRUE, "seg-byline" },
    { "قال أحمد", "2014", TRUE, NULL },
    { "This comment", "English", FALSE, "seg-comment" },
  };

  spin ();
  for (guint i = 0; i < G_N_ELEMENTS (paras); i++)
    {
      GtkTextIter a, b;
      GdkRectangle ra, rb;

      /* two characters on the same line, the first one and one a few words on */
      gtk_text_buffer_get_iter_at_offset (buffer, &a, (int) offset_of (paras[i].start, 0));
      b = a;
      gtk_text_iter_forward_chars (&b, 8);
      gtk_text_view_get_iter_location (view, &a, &ra);
      gtk_text_view_get_iter_location (view, &b, &rb);
      g_assert_cmpint (ra.y, ==, rb.y);
      if (paras[i].rtl)
        g_assert_cmpint (ra.x, >, rb.x);
      else
        g_assert_cmpint (ra.x, <, rb.x);
      if (paras[i].tag != NULL)
        g_assert_true (gtk_text_iter_has_tag (&a, gtk_text_tag_table_lookup (table, paras[i].tag)));
    }
  /* the title is larger than body text */
  {
    double scale = 1;
    g_object_get (gtk_text_tag_table_lookup (table, "seg-title"), "scale", &scale, NULL);
    g_assert_cmpfloat (scale, >, 1.2);
  }
}

/* Highlights change colour, background and underline only: a change of font, size or
 * weight inside a word would split its shaping run and unjoin the Arabic letters. */
static void
test_highlights_keep_shaping (Fixture *f, gconstpointer data)
{
  GtkTextTagTable *table = gtk_text_buffer_get_tag_table (gtk_text_view_get_buffer (GTK_TEXT_VIEW (hashiya_window_get_view (f->window))));
  g_autoptr(GPtrArray) labels = hashiya_store_list_labels (hashiya_window_get_store (f->window), NULL);
  g_autoptr(GPtrArray) tags = g_ptr_array_new ();
  const char *shaping[] = { "family-set", "size-set", "scale-set", "weight-set", "style-set",
                            "stretch-set", "variant-set", "letter-spacing-set", "rise-set",
                            "font-features-set", "language-set", "invisible-set" };

  for (guint i = 0; i < labels->len; i++)
    {
      HashiyaLabel *l = g_ptr_array_index (labels, i);
      g_autofree char *bg = g_strdup_printf ("label-%s-bg", l->name);
      g_autofree char *ul = g_strdup_printf ("label-%s-ul", l->name);
      g_ptr_array_add (tags, gtk_text_tag_table_lookup (table, bg));
      g_ptr_array_add (tags, gtk_text_tag_table_lookup (table, ul));
    }
  g_ptr_array_add (tags, gtk_text_tag_table_lookup (table, "find-match"));
  for (guint i = 0; i < tags->len; i++)
    {
      GtkTextTag *tag = g_ptr_array_index (tags, i);
      g_assert_nonnull (tag);
      for (guint k = 0; k < G_N_ELEMENTS (shaping); k++)
        {
          gboolean set = TRUE;
          g_object_get (tag, shaping[k], &set, NULL);
          if (set)
            {
              g_autofree char *name = NULL;
              g_object_get (tag, "name", &name, NULL);
              g_test_fail_printf ("%s sets %s", name, shaping[k]);
            }
        }
    }
}

/* Killing the process the moment an action returns (before the frame that shows it)
 * loses nothing: every action is committed to the project file at once. */
static void
test_killed_after_action (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  gint64 doc_id;

  if (g_test_subprocess ())
    {
      HashiyaWindow *window = hashiya_window_new (app);
      gint64 word = offset_of ("كركوك", 0);
      g_autoptr(GError) error = NULL;

      gtk_window_present (GTK_WINDOW (window));
      g_assert_true (hashiya_window_open_project (window, g_getenv ("HASHIYA_KILL_PROJECT"), FALSE, &error));
      spin ();
      hashiya_document_view_set_selection (hashiya_window_get_view (window), word, word + 2);
      g_action_group_activate_action (G_ACTION_GROUP (window), "tag-key", g_variant_new_string ("1"));
      g_action_group_activate_action (G_ACTION_GROUP (window), "next-comment", NULL);
      g_action_group_activate_action (G_ACTION_GROUP (window), "sentiment", g_variant_new_string ("negative"));
      g_action_group_activate_action (G_ACTION_GROUP (window), "toggle-done", NULL);
      kill (getpid (), SIGKILL);
      return;
    }

  dir = g_dir_make_tmp ("hashiya-ui-XXXXXX", NULL);
  path = make_project (dir, &doc_id);
  g_setenv ("HASHIYA_KILL_PROJECT", path, TRUE);
  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, 0);
  g_test_trap_assert_failed ();
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(HashiyaStore) store = hashiya_store_open (path, FALSE, &error);
    g_autoptr(GPtrArray) spans = NULL, judgements = NULL;
    g_autoptr(HashiyaDocument) doc = NULL;
    gint64 word = offset_of ("كركوك", 0);

    g_assert_no_error (error);
    spans = hashiya_store_list_spans (store, doc_id, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (spans->len, ==, 1);
    g_assert_cmpint (((HashiyaSpan *) g_ptr_array_index (spans, 0))->start, ==, word);
    g_assert_cmpint (((HashiyaSpan *) g_ptr_array_index (spans, 0))->end, ==, word + g_utf8_strlen ("كركوك", -1));
    judgements = hashiya_store_list_judgements (store, doc_id, &error);
    g_assert_cmpuint (judgements->len, ==, 1);
    g_assert_cmpint (((HashiyaJudgement *) g_ptr_array_index (judgements, 0))->sentiment, ==, HASHIYA_SENTIMENT_NEGATIVE);
    doc = hashiya_store_get_document (store, doc_id, &error);
    g_assert_no_error (error);
    g_assert_true (doc->done);
    hashiya_store_close (store);
  }
  {
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    const char *name;
    while (d != NULL && (name = g_dir_read_name (d)) != NULL)
      {
        g_autofree char *p = g_build_filename (dir, name, NULL);
        g_remove (p);
      }
    g_rmdir (dir);
  }
}

int
main (int argc, char *argv[])
{
  ui_test_init (&argc, &argv, "io.github.hashiya.Hashiya.TestUsability", TRUE);
  g_test_add ("/usability/font-preference", Fixture, NULL, fixture_setup, test_font_preference, fixture_teardown);
  g_test_add ("/usability/export-loss-report", Fixture, NULL, fixture_setup, test_export_loss_report, fixture_teardown);
  g_test_add ("/usability/label-contrast", Fixture, NULL, fixture_setup, test_label_contrast, fixture_teardown);
  g_test_add_func ("/usability/layout/comment-scrolled", test_comment_scrolled);
  g_test_add ("/usability/sidebar", Fixture, NULL, fixture_setup, test_sidebar, fixture_teardown);
  g_test_add ("/usability/span-list", Fixture, NULL, fixture_setup, test_span_list, fixture_teardown);
  g_test_add ("/usability/find-highlights", Fixture, NULL, fixture_setup, test_find_highlights, fixture_teardown);
  g_test_add ("/usability/recolour-label", Fixture, NULL, fixture_setup, test_recolour_label, fixture_teardown);
  g_test_add_func ("/usability/refused-files", test_refused_files);
  g_test_add_func ("/usability/killed-after-action", test_killed_after_action);
  g_test_add ("/usability/paragraphs", Fixture, NULL, fixture_setup, test_paragraphs, fixture_teardown);
  g_test_add ("/usability/highlights-keep-shaping", Fixture, NULL, fixture_setup, test_highlights_keep_shaping, fixture_teardown);
  g_test_add ("/usability/header-palette", Fixture, NULL, fixture_setup, test_header_palette, fixture_teardown);
  g_test_add ("/usability/export-options", Fixture, NULL, fixture_setup, test_export_options, fixture_teardown);
  g_test_add ("/usability/selection-keeps-label-colour", Fixture, NULL, fixture_setup, test_selection_keeps_label_colour, fixture_teardown);
  g_test_add ("/usability/label-studio-config", Fixture, NULL, fixture_setup, test_label_studio_config_beside, fixture_teardown);
  g_test_add ("/usability/layout/narrow-window", Fixture, NULL, fixture_setup, test_narrow_window, fixture_teardown);

  return ui_test_run ();
}
