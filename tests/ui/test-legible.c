/* test-legible.c: what the document view draws (issue 11): span lanes and label chips read
 * back from the view's render nodes, the review strip inside its card, notes kept
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "ui-common.h"

#include "hashiya-span-layer.h"
#include "hashiya-preferences.h"

/* ---- reading the render nodes --------------------------------------------- */

typedef struct
{
  graphene_rect_t bounds;   /* widget coordinates */
  GdkRGBA         color;
} ColorBox;

typedef struct
{
  graphene_point_t origin;  /* widget coordinates of the text node's offset */
  graphene_rect_t  bounds;
  GArray          *glyphs;  /* PangoGlyph */
} TextRun;

typedef struct
{
  GArray    *boxes;   /* ColorBox */
  GPtrArray *runs;    /* TextRun */
} Drawn;

static void
text_run_free (gpointer data)
{
  TextRun *r = data;
  g_array_unref (r->glyphs);
  g_free (r);
}

static void
walk (GskRenderNode *node, float dx, float dy, Drawn *out)
{
  graphene_rect_t b;

  if (node == NULL)
    return;
  gsk_render_node_get_bounds (node, &b);
  switch (gsk_render_node_get_node_type (node))
    {
    case GSK_CONTAINER_NODE:
      for (guint i = 0; i < gsk_container_node_get_n_children (node); i++)
        walk (gsk_container_node_get_child (node, i), dx, dy, out);
      break;
    case GSK_TRANSFORM_NODE:
      {
        GskTransform *t = gsk_transform_node_get_transform (node);
        float tx = 0, ty = 0;
        if (gsk_transform_get_category (t) >= GSK_TRANSFORM_CATEGORY_2D_TRANSLATE)
          gsk_transform_to_translate (t, &tx, &ty);
        walk (gsk_transform_node_get_child (node), dx + tx, dy + ty, out);
      }
      break;
    case GSK_CLIP_NODE:
      walk (gsk_clip_node_get_child (node), dx, dy, out);
      break;
    case GSK_ROUNDED_CLIP_NODE:
      walk (gsk_rounded_clip_node_get_child (node), dx, dy, out);
      break;
    case GSK_DEBUG_NODE:
      walk (gsk_debug_node_get_child (node), dx, dy, out);
      break;
    case GSK_OPACITY_NODE:
      walk (gsk_opacity_node_get_child (node), dx, dy, out);
      break;
    case GSK_COLOR_NODE:
      {
        ColorBox box = { GRAPHENE_RECT_INIT (b.origin.x + dx, b.origin.y + dy, b.size.width, b.size.height),
                         *gsk_color_node_get_color (node) };
        g_array_append_val (out->boxes, box);
      }
      break;
    case GSK_TEXT_NODE:
      {
        TextRun *r = g_new0 (TextRun, 1);
        guint n = 0;
        const PangoGlyphInfo *g = gsk_text_node_get_glyphs (node, &n);
        const graphene_point_t *o = gsk_text_node_get_offset (node);

        r->origin = GRAPHENE_POINT_INIT (o->x + dx, o->y + dy);
        r->bounds = GRAPHENE_RECT_INIT (b.origin.x + dx, b.origin.y + dy, b.size.width, b.size.height);
        r->glyphs = g_array_new (FALSE, FALSE, sizeof (PangoGlyph));
        for (guint i = 0; i < n; i++)
          g_array_append_val (r->glyphs, g[i].glyph);
        g_ptr_array_add (out->runs, r);
      }
      break;
    default:
      break;
    }
}

static Drawn *
drawn_of_view (Fixture *f)
{
  GtkWidget *view = GTK_WIDGET (hashiya_window_get_view (f->window));
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  Drawn *d = g_new0 (Drawn, 1);

  spin ();
  GTK_WIDGET_GET_CLASS (view)->snapshot (view, snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  d->boxes = g_array_new (FALSE, FALSE, sizeof (ColorBox));
  d->runs = g_ptr_array_new_with_free_func (text_run_free);
  walk (node, 0, 0, d);
  return d;
}

static void
drawn_free (Drawn *d)
{
  g_array_unref (d->boxes);
  g_ptr_array_unref (d->runs);
  g_free (d);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Drawn, drawn_free)

/* The glyphs a chip naming label shows: the label's name shaped in the chip's font. */
static GArray *
chip_glyphs (Fixture *f, const char *label)
{
  GtkWidget *view = GTK_WIDGET (hashiya_window_get_view (f->window));
  g_autofree char *upper = g_utf8_strup (label, -1);
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (view, upper);
  g_autoptr(PangoFontDescription) desc = pango_font_description_from_string ("Sans Bold 7");
  GArray *glyphs = g_array_new (FALSE, FALSE, sizeof (PangoGlyph));
  PangoLayoutIter *it;

  pango_layout_set_font_description (layout, desc);
  it = pango_layout_get_iter (layout);
  do
    {
      PangoGlyphItem *run = pango_layout_iter_get_run_readonly (it);
      if (run == NULL)
        continue;
      for (int i = 0; i < run->glyphs->num_glyphs; i++)
        g_array_append_val (glyphs, run->glyphs->glyphs[i].glyph);
    }
  while (pango_layout_iter_next_run (it));
  pango_layout_iter_free (it);
  return glyphs;
}

/* The text runs drawn that show exactly the chip of label. */
static GPtrArray *
chips_named (Fixture *f, Drawn *d, const char *label)
{
  g_autoptr(GArray) want = chip_glyphs (f, label);
  GPtrArray *found = g_ptr_array_new ();

  g_assert_cmpuint (want->len, >, 0);
  for (guint i = 0; i < d->runs->len; i++)
    {
      TextRun *r = g_ptr_array_index (d->runs, i);
      if (r->glyphs->len == want->len
          && memcmp (r->glyphs->data, want->data, want->len * sizeof (PangoGlyph)) == 0)
        g_ptr_array_add (found, r);
    }
  return found;
}

static GdkRGBA
label_rgba (Fixture *f, const char *label)
{
  g_autoptr(HashiyaLabel) l = hashiya_store_get_label (hashiya_window_get_store (f->window), label, NULL);
  GdkRGBA c;

  g_assert_nonnull (l);
  g_assert_true (gdk_rgba_parse (&c, l->color));
  return c;
}

static gboolean
same_rgb (const GdkRGBA *a, const GdkRGBA *b)
{
  return fabs (a->red - b->red) < 0.01 && fabs (a->green - b->green) < 0.01 && fabs (a->blue - b->blue) < 0.01;
}

/* The horizontal extent and the bottom of [start, end) on its (single) display line. */
static void
text_extent (Fixture *f, gint64 start, gint64 end, float *x0, float *x1, float *bottom)
{
  GtkTextView *view = GTK_TEXT_VIEW (hashiya_window_get_view (f->window));
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  int lo = G_MAXINT, hi = G_MININT, y = 0;

  for (gint64 o = start; o < end; o++)
    {
      GtkTextIter it;
      GdkRectangle r;
      int wx, wy;

      gtk_text_buffer_get_iter_at_offset (buffer, &it, (int) o);
      gtk_text_view_get_iter_location (view, &it, &r);
      gtk_text_view_buffer_to_window_coords (view, GTK_TEXT_WINDOW_WIDGET, r.x, r.y, &wx, &wy);
      lo = MIN (lo, MIN (wx, wx + r.width));
      hi = MAX (hi, MAX (wx, wx + r.width));
      y = wy + r.height;
    }
  *x0 = lo;
  *x1 = hi;
  *bottom = y;
}

/* Opaque boxes in label's colour below the line that reach over [x0, x1]. */
static GArray *
lane_boxes (Fixture *f, Drawn *d, const char *label, float x0, float x1, float bottom)
{
  GdkRGBA want = label_rgba (f, label);
  GArray *found = g_array_new (FALSE, FALSE, sizeof (ColorBox));

  for (guint i = 0; i < d->boxes->len; i++)
    {
      ColorBox *b = &g_array_index (d->boxes, ColorBox, i);
      if (b->color.alpha > 0.99 && same_rgb (&b->color, &want)
          && b->bounds.origin.y >= bottom
          && b->bounds.origin.y < bottom + HASHIYA_SPAN_LANE_PX * HASHIYA_SPAN_MAX_LANES
          && b->bounds.origin.x <= x0 + 1 && b->bounds.origin.x + b->bounds.size.width >= x1 - 1)
        g_array_append_val (found, *b);
    }
  return found;
}

static gint64
tag_key (Fixture *f, gint64 start, gint64 end, const char *key)
{
  select_text (f, start, end);
  activate (f, "tag-key-exact", g_variant_new_string (key));
  return hashiya_document_view_get_selected_span (hashiya_window_get_view (f->window));
}

/* ---- the span layer --------------------------------------------------------- */

/* Two crossing spans (ORG over أحمد الجبوري, PER over الجبوري إن): under the shared word
 * each is drawn with its own colour, in its own lane, and each has its chip. */
static void
test_crossing_spans (Fixture *f, gconstpointer data)
{
  HashiyaStore *store = hashiya_window_get_store (f->window);
  g_autofree char *per = NULL, *org = NULL;
  gint64 a = offset_of ("أحمد الجبوري", 0), shared = offset_of ("الجبوري", 0);
  gint64 shared_end = shared + g_utf8_strlen ("الجبوري", -1);
  gint64 b_end = offset_of ("إن القوات", 0) + g_utf8_strlen ("إن", -1);
  float x0, x1, bottom;
  g_autoptr(Drawn) d = NULL;
  g_autoptr(GArray) org_bars = NULL, per_bars = NULL;
  g_autoptr(GPtrArray) org_chips = NULL, per_chips = NULL;

  label_with_key (store, "1", &per);
  label_with_key (store, "3", &org);
  g_assert_cmpint (tag_key (f, a, shared_end, "3"), !=, 0);
  g_assert_cmpint (tag_key (f, shared, b_end, "1"), !=, 0);
  activate (f, "clear-selection", NULL);

  text_extent (f, shared, shared_end, &x0, &x1, &bottom);
  d = drawn_of_view (f);
  org_bars = lane_boxes (f, d, org, x0, x1, bottom);
  per_bars = lane_boxes (f, d, per, x0, x1, bottom);
  g_test_message ("shared word x %.0f..%.0f, bottom %.0f: %u %s bars, %u %s bars", x0, x1, bottom,
                  org_bars->len, org, per_bars->len, per);
  g_assert_cmpuint (org_bars->len, >=, 1);
  g_assert_cmpuint (per_bars->len, >=, 1);
  /* different lanes: the two bars are not on the same row */
  g_assert_cmpfloat (fabs (g_array_index (org_bars, ColorBox, 0).bounds.origin.y
                           - g_array_index (per_bars, ColorBox, 0).bounds.origin.y), >=, HASHIYA_SPAN_LANE_PX - 1);
  org_chips = chips_named (f, d, org);
  per_chips = chips_named (f, d, per);
  g_assert_cmpuint (org_chips->len, ==, 1);
  g_assert_cmpuint (per_chips->len, ==, 1);
}

/* LOC nested in ORG: both label names are drawn, the inner one in a lane of its own under
 * the outer one, and each bar covers its own span. */
static void
test_nested_names (Fixture *f, gconstpointer data)
{
  HashiyaStore *store = hashiya_window_get_store (f->window);
  g_autofree char *loc = NULL, *org = NULL;
  gint64 outer = offset_of ("القوات العراقية والكردية", 0);
  gint64 outer_end = outer + g_utf8_strlen ("القوات العراقية والكردية", -1);
  gint64 inner = offset_of ("العراقية", 0), inner_end = inner + g_utf8_strlen ("العراقية", -1);
  float ox0, ox1, obottom, ix0, ix1, ibottom;
  g_autoptr(Drawn) d = NULL;
  g_autoptr(GPtrArray) loc_chips = NULL, org_chips = NULL;
  g_autoptr(GArray) org_bars = NULL, loc_bars = NULL, loc_over_outer = NULL;

  label_with_key (store, "2", &loc);
  label_with_key (store, "3", &org);
  g_assert_cmpint (tag_key (f, outer, outer_end, "3"), !=, 0);
  g_assert_cmpint (tag_key (f, inner, inner_end, "2"), !=, 0);
  activate (f, "clear-selection", NULL);

  d = drawn_of_view (f);
  org_chips = chips_named (f, d, org);
  loc_chips = chips_named (f, d, loc);
  g_assert_cmpuint (org_chips->len, ==, 1);
  g_assert_cmpuint (loc_chips->len, ==, 1);
  /* the inner chip sits a lane lower than the outer one */
  g_assert_cmpfloat (((TextRun *) loc_chips->pdata[0])->origin.y, >,
                     ((TextRun *) org_chips->pdata[0])->origin.y + HASHIYA_SPAN_LANE_PX / 2);

  text_extent (f, outer, outer_end, &ox0, &ox1, &obottom);
  text_extent (f, inner, inner_end, &ix0, &ix1, &ibottom);
  org_bars = lane_boxes (f, d, org, ox0, ox1, obottom);
  loc_bars = lane_boxes (f, d, loc, ix0, ix1, ibottom);
  loc_over_outer = lane_boxes (f, d, loc, ox0, ox1, obottom);
  g_assert_cmpuint (org_bars->len, >=, 1);
  g_assert_cmpuint (loc_bars->len, >=, 1);
  /* LOC's bar stops at its own span: it does not run under the whole ORG */
  g_assert_cmpuint (loc_over_outer->len, ==, 0);
  /* and the letters are still drawn with the text's own font: nothing in the span layer
   * replaced a glyph run (the line's runs are the same before and after tagging) */
}

/* Three spans nested in one another take three lanes, one row each, and the paragraph
 * keeps room for them: the next paragraph's letters start below the last lane. */
static void
test_lanes_below_text (Fixture *f, gconstpointer data)
{
  GtkTextView *view = GTK_TEXT_VIEW (hashiya_window_get_view (f->window));
  HashiyaStore *store = hashiya_window_get_store (f->window);
  gint64 w1 = offset_of ("القوات", 0), w1e = w1 + g_utf8_strlen ("القوات", -1);
  gint64 w2e = offset_of ("العراقية", 0) + g_utf8_strlen ("العراقية", -1);
  gint64 w3e = offset_of ("والكردية", 0) + g_utf8_strlen ("والكردية", -1);
  const char *keys[] = { "5", "3", "2" };
  gint64 ends[] = { w3e, w2e, w1e };
  float x0, x1, bottom, lowest = 0;
  float rows[3];
  g_autoptr(Drawn) d = NULL;
  GtkTextIter next;
  GdkRectangle r;
  int nx, ny;

  for (guint i = 0; i < 3; i++)
    g_assert_cmpint (tag_key (f, w1, ends[i], keys[i]), !=, 0);
  activate (f, "clear-selection", NULL);
  d = drawn_of_view (f);
  text_extent (f, w1, w1e, &x0, &x1, &bottom);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *label = NULL;
      g_autoptr(GArray) bars = NULL;

      label_with_key (store, keys[i], &label);
      bars = lane_boxes (f, d, label, x0, x1, bottom);
      g_assert_cmpuint (bars->len, >=, 1);
      rows[i] = g_array_index (bars, ColorBox, 0).bounds.origin.y;
      for (guint k = 0; k < bars->len; k++)
        {
          ColorBox *b = &g_array_index (bars, ColorBox, k);
          lowest = MAX (lowest, b->bounds.origin.y + b->bounds.size.height);
        }
    }
  /* outer to inner, each a lane lower */
  g_assert_cmpfloat (rows[0], <, rows[1]);
  g_assert_cmpfloat (rows[1], <, rows[2]);
  /* the next paragraph's first letter is below every lane */
  gtk_text_buffer_get_iter_at_offset (gtk_text_view_get_buffer (view), &next, (int) offset_of ("وأكد احمد", 0));
  gtk_text_view_get_iter_location (view, &next, &r);
  gtk_text_view_buffer_to_window_coords (view, GTK_TEXT_WINDOW_WIDGET, r.x, r.y, &nx, &ny);
  g_test_message ("lanes end at %.0f, the next paragraph starts at %d", lowest, ny);
  g_assert_cmpfloat (lowest, <=, ny);
}

/* ---- the review strip -------------------------------------------------------- */

static void
assert_strip_in_card (Fixture *f, const char *when)
{
  HashiyaDocumentView *view = hashiya_window_get_view (f->window);
  GtkWidget *strip = find_named (GTK_WIDGET (f->window), "card-controls");
  int current = hashiya_document_view_get_current_comment (view);
  graphene_rect_t card, bounds;
  gint64 start, end;
  GtkTextIter it;
  GdkRectangle first;
  int fx, fy;

  /* a few frames: the strip follows its card after layout (scrolling to a comment
   * settles within 0.75 s while lines above get laid out) */
  for (int i = 0; i < 100; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10000);
    }
  g_assert_nonnull (strip);
  g_assert_cmpint (current, >, 0);
  g_assert_true (gtk_widget_get_visible (strip));
  g_assert_true (hashiya_document_view_get_card_bounds (view, current, &card));
  g_assert_true (gtk_widget_compute_bounds (strip, GTK_WIDGET (view), &bounds));
  g_test_message ("%s: card %.0f,%.0f %.0fx%.0f strip %.0f,%.0f %.0fx%.0f", when,
                  card.origin.x, card.origin.y, card.size.width, card.size.height,
                  bounds.origin.x, bounds.origin.y, bounds.size.width, bounds.size.height);
  g_assert_true (graphene_rect_contains_rect (&card, &bounds));
  /* above the comment's first letters, never over them */
  g_assert_true (hashiya_document_view_get_comment_range (view, current, &start, &end));
  gtk_text_buffer_get_iter_at_offset (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), &it, (int) start);
  gtk_text_view_get_iter_location (GTK_TEXT_VIEW (view), &it, &first);
  gtk_text_view_buffer_to_window_coords (GTK_TEXT_VIEW (view), GTK_TEXT_WINDOW_WIDGET, first.x, first.y, &fx, &fy);
  g_assert_cmpfloat (bounds.origin.y + bounds.size.height, <=, fy);
}

static void
test_strip_in_card (Fixture *f, gconstpointer data)
{
  GtkAdjustment *adj;

  activate (f, "next-comment", NULL);
  assert_strip_in_card (f, "comment 1");
  activate (f, "next-comment", NULL);
  assert_strip_in_card (f, "comment 2");
  /* the find bar opens above the text: the strip stays on its card */
  activate (f, "find", NULL);
  assert_strip_in_card (f, "find bar open");
  activate (f, "find", NULL);
  /* scrolling: the strip moves with the card */
  gtk_window_set_default_size (GTK_WINDOW (f->window), 900, 420);
  adj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (hashiya_window_get_view (f->window)));
  {
    /* the X server resizes the window a moment later */
    gint64 until = g_get_monotonic_time () + 3 * G_USEC_PER_SEC;
    while (gtk_widget_get_height (GTK_WIDGET (f->window)) > 450 && g_get_monotonic_time () < until)
      g_main_context_iteration (NULL, FALSE);
    g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (f->window)), <=, 450);
    for (int i = 0; i < 20; i++)
      {
        g_main_context_iteration (NULL, FALSE);
        g_usleep (5000);
      }
  }
  activate (f, "next-comment", NULL);
  assert_strip_in_card (f, "comment 3, small window");
  gtk_adjustment_set_value (adj, gtk_adjustment_get_value (adj) - 25);
  assert_strip_in_card (f, "scrolled by 25 px");
  /* the card scrolled out of sight (back to the top): the strip goes with it, it never
   * stays floating over the article */
  {
    GtkWidget *strip = find_named (GTK_WIDGET (f->window), "card-controls");

    gtk_adjustment_set_value (adj, 0);
    for (int i = 0; i < 30; i++)
      {
        g_main_context_iteration (NULL, FALSE);
        g_usleep (10000);
      }
    g_assert_false (gtk_widget_get_visible (strip));
  }
}

/* ---- notes ----------------------------------------------------------------------- */

static const char *
stored_note (Fixture *f, int index)
{
  static char buf[256];
  g_autoptr(GPtrArray) all = hashiya_store_list_judgements (hashiya_window_get_store (f->window), f->doc_id, NULL);

  buf[0] = '\0';
  for (guint i = 0; i < all->len; i++)
    {
      HashiyaJudgement *j = g_ptr_array_index (all, i);
      if (j->comment_index == index && j->note != NULL)
        g_strlcpy (buf, j->note, sizeof buf);
    }
  return buf;
}

/* A note typed without Enter is kept when the comment changes (K), when focus leaves the
 * field, and the card shows it. */
static void
test_note_kept (Fixture *f, gconstpointer data)
{
  HashiyaDocumentView *view = hashiya_window_get_view (f->window);
  GtkWidget *entry = find_named (GTK_WIDGET (f->window), "note-entry");

  activate (f, "next-comment", NULL);
  activate (f, "next-comment", NULL);
  g_assert_cmpint (hashiya_document_view_get_current_comment (view), ==, 2);
  activate (f, "focus-note", NULL);
  g_assert_true (gtk_widget_has_focus (entry) || gtk_widget_is_focus (entry)
                 || gtk_widget_get_focus_child (entry) != NULL);
  gtk_editable_set_text (GTK_EDITABLE (entry), "سخرية لا شتيمة");
  /* K: the previous comment; the note goes with comment 2 */
  activate (f, "prev-comment", NULL);
  g_assert_cmpint (hashiya_document_view_get_current_comment (view), ==, 1);
  g_assert_cmpstr (stored_note (f, 2), ==, "سخرية لا شتيمة");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");
  /* focus leaving the field saves too */
  activate (f, "focus-note", NULL);
  gtk_editable_set_text (GTK_EDITABLE (entry), "شكر");
  gtk_widget_grab_focus (GTK_WIDGET (view));
  spin ();
  g_assert_cmpstr (stored_note (f, 1), ==, "شكر");
  /* undo knows the note was an action */
  activate (f, "undo", NULL);
  g_assert_cmpstr (stored_note (f, 1), ==, "");
}

/* ---- what another process writes ------------------------------------------------ */

static gboolean
span_count_is (gpointer data)
{
  Fixture *f = ((gpointer *) data)[0];
  guint want = GPOINTER_TO_UINT (((gpointer *) data)[1]);

  return hashiya_span_model_get_count (hashiya_document_view_get_span_model (hashiya_window_get_view (f->window))) == want;
}

/* hashiya-cli tags a word while the window is open: within a second the window shows the
 * span and the sidebar's count, and the annotator is still on the same comment. */
static void
test_external_change (Fixture *f, gconstpointer data)
{
  const char *cli = g_getenv ("HASHIYA_CLI");
  HashiyaDocumentView *view = hashiya_window_get_view (f->window);
  gint64 a = offset_of ("كركوك", 0), b = a + g_utf8_strlen ("كركوك", -1);
  g_autofree char *sa = g_strdup_printf ("%" G_GINT64_FORMAT, a), *sb = g_strdup_printf ("%" G_GINT64_FORMAT, b);
  g_autofree char *row_name = g_strdup_printf ("document-row-%" G_GINT64_FORMAT, f->doc_id);
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) row_text = g_string_new (NULL);
  gpointer cond[2] = { f, GUINT_TO_POINTER (1) };
  int status = 0;
  gint64 t0;

  if (cli == NULL || !g_file_test (cli, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("HASHIYA_CLI does not name the built hashiya-cli");
      return;
    }
  activate (f, "next-comment", NULL);
  activate (f, "next-comment", NULL);
  g_assert_cmpint (hashiya_document_view_get_current_comment (view), ==, 2);
  g_assert_cmpuint (hashiya_span_model_get_count (hashiya_document_view_get_span_model (view)), ==, 0);
  {
    const char *argv[] = { cli, "tag", f->path, "1", sa, sb, "LOC", NULL };
    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error));
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
  }
  t0 = g_get_monotonic_time ();
  g_assert_true (wait_until (span_count_is, cond, 1000));
  g_test_message ("shown %.0f ms after hashiya-cli returned", (g_get_monotonic_time () - t0) / 1000.0);
  g_assert_cmpint (hashiya_document_view_get_current_comment (view), ==, 2);
  collect_text (find_named (GTK_WIDGET (f->window), row_name), row_text);
  g_assert_nonnull (strstr (row_text->str, "1 span"));
}

/* A selection from the title into the byline is refused, with a toast that says why. */
static void
test_cross_segment_refused (Fixture *f, gconstpointer data)
{
  HashiyaDocumentView *view = hashiya_window_get_view (f->window);
  gint64 a = offset_of ("التعاون", 0), b = offset_of ("خالد", 0) + 4;
  g_autoptr(GString) shown = g_string_new (NULL);
  g_autoptr(GPtrArray) spans = NULL;

  select_text (f, a, b);
  activate (f, "tag-key", g_variant_new_string ("1"));
  for (int i = 0; i < 10; i++)
    spin ();
  spans = spans_of (f);
  g_assert_cmpuint (spans->len, ==, 0);
  g_assert_cmpint (hashiya_document_view_get_selected_span (view), ==, 0);
  collect_text (GTK_WIDGET (f->window), shown);
  g_assert_nonnull (strstr (shown->str, "from the title into the byline"));
  /* inside the title it is fine */
  select_text (f, a, a + g_utf8_strlen ("التعاون", -1));
  activate (f, "tag-key", g_variant_new_string ("1"));
  g_ptr_array_unref (spans);
  spans = spans_of (f);
  g_assert_cmpuint (spans->len, ==, 1);
  /* and growing it past the title's end (Right on its end: the line break) is refused too */
  g_assert_cmpint (hashiya_document_view_get_selected_span (view), ==, ((HashiyaSpan *) spans->pdata[0])->id);
  activate (f, "resize-span", g_variant_new_string ("end+"));
  g_ptr_array_unref (spans);
  spans = spans_of (f);
  g_assert_cmpint (((HashiyaSpan *) spans->pdata[0])->end, ==, a + g_utf8_strlen ("التعاون", -1));
}

/* ---- the span list ------------------------------------------------------------------ */

/* Rows carry context, the list follows the current span, and a span ending on tatweel
 * is flagged; the row of an Arabic span reads right to left. */
static void
test_span_list (Fixture *f, gconstpointer data)
{
  HashiyaDocumentView *view = hashiya_window_get_view (f->window);
  GtkListView *list = GTK_LIST_VIEW (find_named (GTK_WIDGET (f->window), "span-list"));
  GtkSingleSelection *selection = GTK_SINGLE_SELECTION (gtk_list_view_get_model (list));
  gint64 k = offset_of ("كركوك", 0);
  gint64 t = offset_of ("أحمـد", 0);
  gint64 kid, tid;
  g_autoptr(HashiyaSpanItem) kitem = NULL, titem = NULL;
  HashiyaSpanModel *model = hashiya_document_view_get_span_model (view);

  kid = tag_key (f, k, k + g_utf8_strlen ("كركوك", -1), "2");
  tid = tag_key (f, t, t + 4, "1");   /* أحمـ: ends on the tatweel */
  g_assert_cmpint (kid, !=, 0);
  g_assert_cmpint (tid, !=, 0);
  kitem = g_list_model_get_item (G_LIST_MODEL (model), hashiya_span_model_find (model, kid));
  titem = g_list_model_get_item (G_LIST_MODEL (model), hashiya_span_model_find (model, tid));
  g_assert_nonnull (strstr (hashiya_span_item_get_before (kitem), "معًا في"));
  g_assert_nonnull (strstr (hashiya_span_item_get_after (kitem), "منذ"));
  g_assert_cmpuint (hashiya_span_item_get_edge_invisible (kitem), ==, 0);
  g_assert_cmpuint (hashiya_span_item_get_edge_invisible (titem), ==, 0x0640);
  /* the list follows the current span */
  hashiya_document_view_select_span (view, kid);
  spin ();
  g_assert_cmpuint (gtk_single_selection_get_selected (selection), ==, hashiya_span_model_find (model, kid));
  hashiya_document_view_select_span (view, tid);
  spin ();
  g_assert_cmpuint (gtk_single_selection_get_selected (selection), ==, hashiya_span_model_find (model, tid));
  /* the rows drawn: the flag shows on the tatweel span's row only, rows read RTL */
  {
    GtkWidget *flag_shown = NULL;
    guint flags = 0, rtl_rows = 0;
    GPtrArray *stack = g_ptr_array_new ();

    g_ptr_array_add (stack, list);
    while (stack->len > 0)
      {
        GtkWidget *w = g_ptr_array_steal_index (stack, stack->len - 1);
        if (g_strcmp0 (gtk_widget_get_name (w), "span-invisible-flag") == 0 && gtk_widget_get_visible (w))
          flags++, flag_shown = w;
        if (gtk_widget_has_css_class (w, "span-own-text") && gtk_widget_get_direction (w) == GTK_TEXT_DIR_RTL)
          rtl_rows++;
        for (GtkWidget *c = gtk_widget_get_first_child (w); c; c = gtk_widget_get_next_sibling (c))
          g_ptr_array_add (stack, c);
      }
    g_ptr_array_unref (stack);
    g_assert_cmpuint (flags, ==, 1);
    g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (flag_shown), "TATWEEL"));
    g_assert_cmpuint (rtl_rows, ==, 2);
  }
}

/* ---- the document filter ------------------------------------------------------------ */

/* The document list is a list view over the store's rows: a document the filter leaves
 * out has no row at all (its widget, if any, is bound to another document). */
static gboolean
row_shown (Fixture *f, const char *row_name)
{
  GtkWidget *row = find_named (GTK_WIDGET (f->window), row_name);

  return row != NULL && gtk_widget_get_child_visible (gtk_widget_get_parent (row));
}

static void
set_filter (Fixture *f, const char *text)
{
  GtkWidget *filter = find_named (GTK_WIDGET (f->window), "document-filter");

  gtk_editable_set_text (GTK_EDITABLE (filter), text);
  g_signal_emit_by_name (filter, "search-changed");
  spin ();
}

/* The filter finds documents by their text with Find's key (احمد finds أحمد), by name
 * too, and says so when nothing matches. */
static void
test_filter_by_text (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *row1_name = g_strdup_printf ("document-row-%" G_GINT64_FORMAT, f->doc_id);
  g_autofree char *row2_name = NULL;
  GtkWidget *empty;
  gint64 doc2;
  HashiyaSegment seg = { HASHIYA_SEGMENT_PARAGRAPH, 0, 18, 0 };

  doc2 = hashiya_store_add_document (hashiya_window_get_store (f->window), "basra.txt", "محطة تحلية في البصرة",
                                     -1, NULL, &seg, 1, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (hashiya_window_open_project (f->window, f->path, FALSE, &error));
  g_assert_no_error (error);
  spin ();
  row2_name = g_strdup_printf ("document-row-%" G_GINT64_FORMAT, doc2);
  g_assert_true (row_shown (f, row1_name));
  g_assert_true (row_shown (f, row2_name));

  set_filter (f, "البصره");           /* ه for ة: the search key */
  g_assert_false (row_shown (f, row1_name));
  g_assert_true (row_shown (f, row2_name));
  set_filter (f, "احمد");             /* the article has أحمد */
  g_assert_true (row_shown (f, row1_name));
  g_assert_false (row_shown (f, row2_name));
  set_filter (f, "BASRA");            /* names still match */
  g_assert_false (row_shown (f, row1_name));
  g_assert_true (row_shown (f, row2_name));
  set_filter (f, "نيويورك");
  g_assert_false (row_shown (f, row1_name));
  g_assert_false (row_shown (f, row2_name));
  empty = find_named (GTK_WIDGET (f->window), "document-filter-empty");
  g_assert_nonnull (empty);
  g_assert_true (gtk_widget_get_visible (empty));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (empty)), "نيويورك"));
  set_filter (f, "");
  g_assert_true (row_shown (f, row1_name));
  g_assert_true (row_shown (f, row2_name));
  g_assert_false (gtk_widget_get_visible (empty));
}

/* ---- a narrow window ------------------------------------------------------------------ */

static void
dump_wide (GtkWidget *w, int depth)
{
  int min;

  gtk_widget_measure (w, GTK_ORIENTATION_HORIZONTAL, -1, &min, NULL, NULL, NULL);
  if (min < 250 || !gtk_widget_get_visible (w))
    return;
  g_test_message ("%*s%s %s: %d", depth * 2, "", G_OBJECT_TYPE_NAME (w), gtk_widget_get_name (w), min);
  for (GtkWidget *c = gtk_widget_get_first_child (w); c; c = gtk_widget_get_next_sibling (c))
    dump_wide (c, depth + 1);
}

static gboolean
narrow_enough (gpointer data)
{
  return gtk_widget_get_mapped (data) && gtk_widget_get_width (data) > 0 && gtk_widget_get_width (data) <= 410;
}

/* 400 px: the window is that wide, the document list and the panel fold away (a header
 * button brings the list back), and every label of the palette is on screen. */
static void
test_narrow_window (Fixture *f, gconstpointer data)
{
  HashiyaWindow *narrow = hashiya_window_new (app);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) labels = NULL;
  GtkWidget *sidebar_button;

  hashiya_store_add_label (hashiya_window_get_store (f->window), "EVENT", "#c061cb", "6", NULL);
  hashiya_store_add_label (hashiya_window_get_store (f->window), "PRODUCT", "#e5a50a", "7", NULL);
  labels = hashiya_store_list_labels (hashiya_window_get_store (f->window), NULL);
  gtk_window_set_default_size (GTK_WINDOW (narrow), 400, 700);
  gtk_window_present (GTK_WINDOW (narrow));
  g_assert_true (hashiya_window_open_project (narrow, f->path, FALSE, &error));
  g_assert_no_error (error);
  if (!wait_until (narrow_enough, narrow, 5000))
    {
      int min;
      gtk_widget_measure (GTK_WIDGET (narrow), GTK_ORIENTATION_HORIZONTAL, -1, &min, NULL, NULL, NULL);
      g_test_fail_printf ("the window is %d px wide (its minimum %d)", gtk_widget_get_width (GTK_WIDGET (narrow)), min);
      dump_wide (GTK_WIDGET (narrow), 0);
      gtk_window_destroy (GTK_WINDOW (narrow));
      return;
    }
  for (int i = 0; i < 20; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (5000);
    }
  g_test_message ("window %d px wide", gtk_widget_get_width (GTK_WIDGET (narrow)));
  g_assert_cmpuint (labels->len, >=, 7);
  for (guint i = 0; i < labels->len; i++)
    {
      HashiyaLabel *l = g_ptr_array_index (labels, i);
      g_autofree char *name = g_strdup_printf ("palette-%s", l->name);
      GtkWidget *button = find_named (GTK_WIDGET (narrow), name);
      graphene_rect_t b;

      g_assert_nonnull (button);
      g_assert_true (gtk_widget_get_mapped (button));
      g_assert_true (gtk_widget_compute_bounds (button, GTK_WIDGET (narrow), &b));
      if (b.origin.x < 0 || b.origin.x + b.size.width > gtk_widget_get_width (GTK_WIDGET (narrow)) + 1)
        g_test_fail_printf ("%s is outside the window (%.0f..%.0f)", l->name, b.origin.x, b.origin.x + b.size.width);
    }
  sidebar_button = find_named (GTK_WIDGET (narrow), "sidebar-button");
  g_assert_true (wait_until ((gboolean (*) (gpointer)) gtk_widget_get_visible, sidebar_button, 2000));
  g_assert_false (gtk_widget_get_child_visible (find_named (GTK_WIDGET (narrow), "document-list"))
                  && gtk_widget_get_mapped (find_named (GTK_WIDGET (narrow), "document-list")));
  /* the button brings the list */
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (sidebar_button), TRUE);
  for (int i = 0; i < 40; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (5000);
    }
  g_assert_true (gtk_widget_get_mapped (find_named (GTK_WIDGET (narrow), "document-list")));
  gtk_window_destroy (GTK_WINDOW (narrow));
  spin ();
}

/* ---- the invisible-character inspector ----------------------------------------------- */

/* Ctrl+Shift+I's action marks the tatweel of أحمـد by name; the text and its offsets stay
 * exactly as they were. */
static void
test_inspector (Fixture *f, gconstpointer data)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (hashiya_window_get_view (f->window)));
  int chars = gtk_text_buffer_get_char_count (buffer);
  const char *const *accels;
  guint before, after;

  accels = (const char *const *) gtk_application_get_accels_for_action (GTK_APPLICATION (app), "win.show-invisibles");
  g_assert_nonnull (accels);
  g_assert_cmpstr (accels[0], ==, "<Shift><Control>i");
  hashiya_document_view_place_cursor (hashiya_window_get_view (f->window), offset_of ("أحمـد", 0), TRUE);
  {
    g_autoptr(Drawn) d = drawn_of_view (f);
    g_autoptr(GPtrArray) marks = chips_named (f, d, "TATWEEL");
    before = marks->len;
  }
  activate (f, "show-invisibles", NULL);
  {
    g_autoptr(Drawn) d = drawn_of_view (f);
    g_autoptr(GPtrArray) marks = chips_named (f, d, "TATWEEL");
    after = marks->len;
  }
  g_assert_cmpuint (before, ==, 0);
  g_assert_cmpuint (after, ==, 1);
  g_assert_cmpint (gtk_text_buffer_get_char_count (buffer), ==, chars);
  activate (f, "show-invisibles", NULL);
  {
    g_autoptr(Drawn) d = drawn_of_view (f);
    g_autoptr(GPtrArray) marks = chips_named (f, d, "TATWEEL");
    g_assert_cmpuint (marks->len, ==, 0);
  }
}

/* ---- preferences ------------------------------------------------------------------- */

static gboolean
focus_in_a_field (GtkWindow *window)
{
  GtkWidget *focus = gtk_window_get_focus (window);

  return focus != NULL && (GTK_IS_EDITABLE (focus) || gtk_widget_get_ancestor (focus, ADW_TYPE_ENTRY_ROW) != NULL);
}

static void
settle (void)
{
  for (int i = 0; i < 30; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (5000);
    }
}

/* The font chooser lists fonts that have Arabic letters, previews Arabic text; no page
 * opens with a field focused (typing would rename PER). */
static void
test_preferences (Fixture *f, gconstpointer data)
{
  GtkWindow *prefs;
  PangoFontFamily **families = NULL;
  int n = 0;
  gboolean naskh = FALSE;
  guint rejected = 0;
  GtkWidget *button, *page = NULL;

  activate (f, "preferences", NULL);
  prefs = toplevel_of_type ("HashiyaPreferences");
  g_assert_nonnull (prefs);
  settle ();
  g_assert_false (focus_in_a_field (prefs));
  button = find_named (GTK_WIDGET (prefs), "font-button");
  g_assert_nonnull (button);
  g_assert_nonnull (strstr (gtk_font_chooser_get_preview_text (GTK_FONT_CHOOSER (button)), "العراق"));
  pango_context_list_families (gtk_widget_get_pango_context (GTK_WIDGET (prefs)), &families, &n);
  for (int i = 0; i < n; i++)
    {
      PangoFontFace *face = pango_font_family_get_face (families[i], NULL);
      gboolean ok = hashiya_font_covers_arabic (gtk_widget_get_pango_context (GTK_WIDGET (prefs)), families[i], face);
      if (g_str_equal (pango_font_family_get_name (families[i]), "Noto Naskh Arabic"))
        naskh = ok;
      if (!ok)
        rejected++;
    }
  g_free (families);
  g_assert_true (naskh);
  g_assert_cmpuint (rejected, >, 0);
  /* the second page (labels) */
  {
    GtkWidget *w = find_type (GTK_WIDGET (prefs), ADW_TYPE_PREFERENCES_PAGE);
    for (; w != NULL; w = gtk_widget_get_next_sibling (w))
      if (ADW_IS_PREFERENCES_PAGE (w))
        page = w;
  }
  if (page != NULL)
    {
      adw_preferences_window_set_visible_page (ADW_PREFERENCES_WINDOW (prefs), ADW_PREFERENCES_PAGE (page));
      settle ();
      g_assert_false (focus_in_a_field (prefs));
    }
  gtk_window_destroy (prefs);
}

int
main (int argc, char *argv[])
{
  ui_test_init (&argc, &argv, "io.github.hashiya.Hashiya.TestLegible", FALSE);

  g_test_add ("/legible/crossing-spans", Fixture, NULL, fixture_setup, test_crossing_spans, fixture_teardown);
  g_test_add ("/legible/nested-names", Fixture, NULL, fixture_setup, test_nested_names, fixture_teardown);
  g_test_add ("/legible/lanes-below-text", Fixture, NULL, fixture_setup, test_lanes_below_text, fixture_teardown);
  g_test_add ("/legible/strip-in-card", Fixture, NULL, fixture_setup, test_strip_in_card, fixture_teardown);
  g_test_add ("/legible/note-kept", Fixture, NULL, fixture_setup, test_note_kept, fixture_teardown);
  g_test_add ("/legible/external-change", Fixture, NULL, fixture_setup, test_external_change, fixture_teardown);
  g_test_add ("/legible/filter-by-text", Fixture, NULL, fixture_setup, test_filter_by_text, fixture_teardown);
  g_test_add ("/legible/narrow-window", Fixture, NULL, fixture_setup, test_narrow_window, fixture_teardown);
  g_test_add ("/legible/inspector", Fixture, NULL, fixture_setup, test_inspector, fixture_teardown);
  g_test_add ("/legible/preferences", Fixture, NULL, fixture_setup, test_preferences, fixture_teardown);
  g_test_add ("/legible/span-list", Fixture, NULL, fixture_setup, test_span_list, fixture_teardown);
  g_test_add ("/legible/cross-segment-refused", Fixture, NULL, fixture_setup, test_cross_segment_refused, fixture_teardown);
  return ui_test_run ();
}
