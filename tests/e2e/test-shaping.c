/* test-shaping.c: headless proof that Arabic is shaped right-to-left and joined (PangoCairo on an
 * image surface, no display): the sample title in the app's default font, isolated against medial
 * forms, lam-alef, and highlight attributes that must not change the glyphs.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <locale.h>
#include <string.h>

#include <glib.h>
#include <pango/pangocairo.h>

/* the app's default document font (gschema key "font") */
#define APP_FONT "Noto Naskh Arabic 18"
/* the first sample article (alphabetically) and its title */
#define SAMPLE_FILE "basra-desalination.txt"
#define SAMPLE_TITLE "محطة جديدة لتحلية المياه في البصرة تخفف أزمة العطش قبل الصيف"

#define BEH "\xd8\xa8"        /* U+0628 ب */
#define LAM_ALEF "\xd9\x84\xd8\xa7" /* U+0644 U+0627 لا */
#define LAM "\xd9\x84"        /* U+0644 ل */
#define ALEF "\xd8\xa7"       /* U+0627 ا */

/* fonts in which لا is one ligature glyph (see desktop-testing.md §5) */
static const char * const ligature_fonts[] = { "Noto Sans Arabic", "DejaVu Sans" };

/* fonts tried for the letter-level checks: the app default plus the alternatives it offers */
static const char * const fonts[] = {
  "Noto Naskh Arabic", "Amiri", "Noto Sans Arabic", "DejaVu Sans",
};

typedef struct
{
  PangoGlyph glyph;
  int        byte;        /* log_cluster: byte index of the cluster's first char in the text */
  int        level;       /* bidi embedding level of the run */
  char      *family;      /* family of the font that shaped it */
} Glyph;

static void
glyph_clear (gpointer p)
{
  Glyph *g = p;

  g_free (g->family);
}

static cairo_t *
new_cairo (void)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 4, 4);
  cairo_t *cr = cairo_create (surface);

  cairo_surface_destroy (surface);
  return cr;
}

static PangoLayout *
new_layout (const char    *font,
            const char    *text,
            PangoAttrList *attrs)
{
  cairo_t *cr = new_cairo ();
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *desc = pango_font_description_from_string (font);

  pango_layout_set_font_description (layout, desc);
  pango_layout_set_text (layout, text, -1);
  if (attrs != NULL)
    pango_layout_set_attributes (layout, attrs);
  pango_font_description_free (desc);
  cairo_destroy (cr);
  return layout;
}

/* all glyphs of the layout, runs in visual order, glyphs in visual order within each run */
static GArray *
layout_glyphs (PangoLayout *layout)
{
  GArray *out = g_array_new (FALSE, TRUE, sizeof (Glyph));
  PangoLayoutIter *it = pango_layout_get_iter (layout);

  g_array_set_clear_func (out, glyph_clear);
  do
    {
      PangoGlyphItem *run = pango_layout_iter_get_run_readonly (it);
      PangoFontDescription *desc;

      if (run == NULL)
        continue;
      desc = pango_font_describe (run->item->analysis.font);
      for (int i = 0; i < run->glyphs->num_glyphs; i++)
        {
          Glyph g = {
            .glyph = run->glyphs->glyphs[i].glyph,
            .byte = run->item->offset + run->glyphs->log_clusters[i],
            .level = run->item->analysis.level,
            .family = g_strdup (pango_font_description_get_family (desc)),
          };
          g_array_append_val (out, g);
        }
      pango_font_description_free (desc);
    }
  while (pango_layout_iter_next_run (it));
  pango_layout_iter_free (it);
  return out;
}

static GArray *
shape (const char    *font,
       const char    *text,
       PangoAttrList *attrs)
{
  PangoLayout *layout = new_layout (font, text, attrs);
  GArray *glyphs;

  g_assert_cmpint (pango_layout_get_unknown_glyphs_count (layout), ==, 0);
  glyphs = layout_glyphs (layout);
  g_object_unref (layout);
  return glyphs;
}

/* is FAMILY installed (as itself, not a fallback)? */
static gboolean
font_installed (const char *family)
{
  PangoFontMap *map = pango_cairo_font_map_get_default ();
  PangoFontFamily **families = NULL;
  int n = 0;
  gboolean found = FALSE;

  pango_font_map_list_families (map, &families, &n);
  for (int i = 0; i < n && !found; i++)
    found = g_ascii_strcasecmp (pango_font_family_get_name (families[i]), family) == 0;
  g_free (families);
  return found;
}

static gboolean
require_font (const char *family)
{
  if (font_installed (family))
    return TRUE;
  g_test_message ("font %s is not installed", family);
  return FALSE;
}

static char *
read_sample_title (char **file_text)
{
  const char *srcdir = g_getenv ("HASHIYA_SOURCE_DIR");
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  char *text = NULL;
  gboolean seen_blank = FALSE;

  if (srcdir == NULL)
    return NULL;
  path = g_build_filename (srcdir, "data", "sample", SAMPLE_FILE, NULL);
  if (!g_file_get_contents (path, &text, NULL, &error))
    g_error ("cannot read %s: %s", path, error->message);
  *file_text = text;
  /* scraped-page format: breadcrumb lines, a blank line, then the title */
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_strstrip (lines[i]);
      if (lines[i][0] == '\0')
        seen_blank = TRUE;
      else if (seen_blank)
        return g_strdup (lines[i]);
    }
  return NULL;
}

/* The title from the sample file in the app's font: RTL, every glyph known, every run RTL,
 * shaped by an Arabic-capable font (not a fallback like DejaVu Sans). */
static void
test_title_rtl (void)
{
  g_autofree char *file_text = NULL;
  g_autofree char *title = read_sample_title (&file_text);
  PangoLayout *layout;
  GArray *glyphs;
  int x_pos;

  if (title == NULL && file_text == NULL)
    {
      g_test_skip ("HASHIYA_SOURCE_DIR not set: cannot read the sample article");
      return;
    }
  if (!require_font ("Noto Naskh Arabic"))
    {
      g_test_skip ("Noto Naskh Arabic (the app's default font) is not installed");
      return;
    }
  g_assert_nonnull (strstr (file_text, SAMPLE_TITLE));
  g_assert_cmpstr (title, ==, SAMPLE_TITLE);
  g_test_message ("title: %s", title);

  layout = new_layout (APP_FONT, title, NULL);
  g_assert_cmpint (pango_layout_get_unknown_glyphs_count (layout), ==, 0);
  g_assert_cmpint (pango_layout_get_line_count (layout), ==, 1);
  g_assert_cmpint (pango_layout_line_get_resolved_direction (pango_layout_get_line_readonly (layout, 0)),
                   ==, PANGO_DIRECTION_RTL);
  g_assert_cmpint (pango_layout_get_direction (layout, 0), ==, PANGO_DIRECTION_RTL);
  /* the first logical character sits at the right edge */
  {
    PangoRectangle pos, ink, logical;

    pango_layout_index_to_pos (layout, 0, &pos);
    pango_layout_get_extents (layout, &ink, &logical);
    x_pos = pos.x;
    g_assert_cmpint (ABS (x_pos - logical.width), <=, PANGO_SCALE);
    g_assert_cmpint (pos.width, <, 0);
  }

  glyphs = layout_glyphs (layout);
  g_assert_cmpuint (glyphs->len, >, 20);
  for (guint i = 0; i < glyphs->len; i++)
    {
      Glyph *g = &g_array_index (glyphs, Glyph, i);

      g_assert_cmpint (g->level % 2, ==, 1);
      g_assert_false (g->glyph & PANGO_GLYPH_UNKNOWN_FLAG);
      /* spaces may come from any font; letters must come from the chosen one */
      if (title[g->byte] != ' ')
        g_assert_cmpstr (g->family, ==, "Noto Naskh Arabic");
    }
  /* visual order: the leftmost glyph belongs to the logically last character */
  g_assert_cmpint (g_array_index (glyphs, Glyph, 0).byte, >,
                   g_array_index (glyphs, Glyph, glyphs->len - 1).byte);
  g_array_unref (glyphs);
  g_object_unref (layout);
}

/* isolated ب vs ببب: initial, medial and final forms are three distinct glyphs, none of them
 * the isolated one, and all from the requested font */
static void
test_joining (void)
{
  int tested = 0;

  for (guint f = 0; f < G_N_ELEMENTS (fonts); f++)
    {
      g_autofree char *desc = g_strdup_printf ("%s 18", fonts[f]);
      GArray *iso, *word;
      PangoGlyph forms[3];

      if (!require_font (fonts[f]))
        continue;
      iso = shape (desc, BEH, NULL);
      word = shape (desc, BEH BEH BEH, NULL);
      g_assert_cmpuint (iso->len, ==, 1);
      g_assert_cmpuint (word->len, ==, 3);
      g_assert_cmpstr (g_array_index (iso, Glyph, 0).family, ==, fonts[f]);
      for (guint i = 0; i < 3; i++)
        {
          Glyph *g = &g_array_index (word, Glyph, i);

          g_assert_cmpstr (g->family, ==, fonts[f]);
          g_assert_cmpint (g->level % 2, ==, 1);
          /* visual order in RTL: glyph 0 is the logically last letter */
          g_assert_cmpint (g->byte, ==, (2 - (int) i) * 2);
          forms[i] = g->glyph;
          g_assert_cmpuint (forms[i], !=, g_array_index (iso, Glyph, 0).glyph);
        }
      g_assert_cmpuint (forms[0], !=, forms[1]);
      g_assert_cmpuint (forms[1], !=, forms[2]);
      g_assert_cmpuint (forms[0], !=, forms[2]);
      g_test_message ("%s: ب isolated %u, ببب %u %u %u", fonts[f],
                      g_array_index (iso, Glyph, 0).glyph, forms[0], forms[1], forms[2]);
      g_array_unref (iso);
      g_array_unref (word);
      tested++;
    }
  if (tested == 0)
    g_test_skip ("no Arabic font installed");
  else
    g_assert_true (font_installed ("Noto Naskh Arabic")); /* the app default was among them */
}

/* لا is never isolated lam + isolated alef; one ligature glyph in the fonts known to have one */
static void
test_lam_alef (void)
{
  int tested = 0;

  for (guint f = 0; f < G_N_ELEMENTS (fonts); f++)
    {
      g_autofree char *desc = g_strdup_printf ("%s 18", fonts[f]);
      GArray *lam, *alef, *pair;
      PangoGlyph iso_lam, iso_alef;
      gboolean ligature_font = FALSE;

      if (!require_font (fonts[f]))
        continue;
      for (guint i = 0; i < G_N_ELEMENTS (ligature_fonts); i++)
        ligature_font |= g_str_equal (fonts[f], ligature_fonts[i]);
      lam = shape (desc, LAM, NULL);
      alef = shape (desc, ALEF, NULL);
      pair = shape (desc, LAM_ALEF, NULL);
      g_assert_cmpuint (lam->len, ==, 1);
      g_assert_cmpuint (alef->len, ==, 1);
      iso_lam = g_array_index (lam, Glyph, 0).glyph;
      iso_alef = g_array_index (alef, Glyph, 0).glyph;
      g_assert_cmpuint (pair->len, >=, 1);
      g_assert_cmpuint (pair->len, <=, 2);
      if (ligature_font)
        g_assert_cmpuint (pair->len, ==, 1);
      if (pair->len == 2)
        {
          /* visual order: alef (logically second) is drawn first, on the left */
          PangoGlyph drawn_alef = g_array_index (pair, Glyph, 0).glyph;
          PangoGlyph drawn_lam = g_array_index (pair, Glyph, 1).glyph;

          g_assert_false (drawn_lam == iso_lam && drawn_alef == iso_alef);
          /* in both fonts measured, each part takes its contextual form */
          g_assert_cmpuint (drawn_lam, !=, iso_lam);
          g_assert_cmpuint (drawn_alef, !=, iso_alef);
        }
      else
        {
          g_assert_cmpuint (g_array_index (pair, Glyph, 0).glyph, !=, iso_lam);
          g_assert_cmpuint (g_array_index (pair, Glyph, 0).glyph, !=, iso_alef);
        }
      g_test_message ("%s: لا -> %u glyph(s); isolated lam %u, alef %u", fonts[f], pair->len,
                      iso_lam, iso_alef);
      g_array_unref (lam);
      g_array_unref (alef);
      g_array_unref (pair);
      tested++;
    }
  if (tested == 0)
    g_test_skip ("no Arabic font installed");
}

static gboolean
same_glyphs (GArray *a,
             GArray *b)
{
  if (a->len != b->len)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    {
      Glyph *x = &g_array_index (a, Glyph, i), *y = &g_array_index (b, Glyph, i);

      if (x->glyph != y->glyph || x->byte != y->byte || x->level != y->level
          || g_strcmp0 (x->family, y->family) != 0)
        return FALSE;
    }
  return TRUE;
}

/* byte range of the Nth (0-based) space-separated word */
static void
word_range (const char *text,
            int         nth,
            guint      *start,
            guint      *end)
{
  const char *p = text;

  for (int i = 0; i < nth; i++)
    {
      p = strchr (p, ' ');
      g_assert (p != NULL);
      p++;
    }
  *start = p - text;
  *end = strchr (p, ' ') != NULL ? (guint) (strchr (p, ' ') - text) : (guint) strlen (text);
}

/* A highlighted word, as the document view draws a span (background + underline, colour for
 * the label), keeps exactly the glyphs of the unhighlighted text: the letters stay joined across
 * the highlight's edges. Also inside a word (a span that keeps a proclitic outside it). */
static void
test_highlight_keeps_glyphs (void)
{
  const char *text = SAMPLE_TITLE;
  GArray *plain;
  struct { const char *what; guint start, end; } cases[4];
  guint w_start, w_end;

  if (!require_font ("Noto Naskh Arabic"))
    {
      g_test_skip ("Noto Naskh Arabic is not installed");
      return;
    }
  plain = shape (APP_FONT, text, NULL);

  /* the word البصرة (5th word) */
  word_range (text, 5, &w_start, &w_end);
  g_assert_cmpint (strncmp (text + w_start, "البصرة", w_end - w_start), ==, 0);
  cases[0] = (typeof (cases[0])) { "whole word", w_start, w_end };
  /* لتحلية without its proclitic ل: the highlight starts inside a joined word */
  word_range (text, 2, &w_start, &w_end);
  g_assert_cmpint (strncmp (text + w_start, "لتحلية", w_end - w_start), ==, 0);
  cases[1] = (typeof (cases[1])) { "inside a word", w_start + strlen (LAM), w_end };
  /* ends in the middle of a word too (between two joined letters) */
  cases[2] = (typeof (cases[2])) { "two word parts", w_start + strlen (LAM), w_end + 1 + 4 };
  /* the whole text */
  cases[3] = (typeof (cases[3])) { "everything", 0, strlen (text) };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      PangoAttrList *attrs;
      PangoAttribute *a;
      GArray *styled;

      /* background + underline + foreground: what a span tag sets */
      attrs = pango_attr_list_new ();
      a = pango_attr_background_new (0xffff, 0xd5d5, 0x4f4f);
      a->start_index = cases[c].start;
      a->end_index = cases[c].end;
      pango_attr_list_insert (attrs, a);
      a = pango_attr_underline_new (PANGO_UNDERLINE_SINGLE);
      a->start_index = cases[c].start;
      a->end_index = cases[c].end;
      pango_attr_list_insert (attrs, a);
      a = pango_attr_underline_color_new (0x1c1c, 0x7171, 0xd8d8);
      a->start_index = cases[c].start;
      a->end_index = cases[c].end;
      pango_attr_list_insert (attrs, a);
      styled = shape (APP_FONT, text, attrs);
      if (!same_glyphs (plain, styled))
        g_test_fail_printf ("background+underline over %s (%u..%u) changed the glyphs",
                            cases[c].what, cases[c].start, cases[c].end);
      g_array_unref (styled);
      pango_attr_list_unref (attrs);

      /* foreground colour only */
      attrs = pango_attr_list_new ();
      a = pango_attr_foreground_new (0xc0c0, 0x1c1c, 0x2828);
      a->start_index = cases[c].start;
      a->end_index = cases[c].end;
      pango_attr_list_insert (attrs, a);
      styled = shape (APP_FONT, text, attrs);
      if (!same_glyphs (plain, styled))
        g_test_fail_printf ("foreground over %s (%u..%u) changed the glyphs",
                            cases[c].what, cases[c].start, cases[c].end);
      g_array_unref (styled);
      pango_attr_list_unref (attrs);
    }

  /* the check can fail: a weight change inside a word does split the run and change glyphs
   * (why CONVENTIONS.md forbids it); if it did not, the comparison above would prove nothing */
  {
    PangoAttrList *attrs = pango_attr_list_new ();
    PangoAttribute *a = pango_attr_size_new (30 * PANGO_SCALE);
    GArray *styled;

    a->start_index = cases[1].start;
    a->end_index = cases[1].end;
    pango_attr_list_insert (attrs, a);
    a = pango_attr_family_new ("Amiri");
    a->start_index = cases[1].start;
    a->end_index = cases[1].end;
    pango_attr_list_insert (attrs, a);
    styled = shape (APP_FONT, text, attrs);
    g_assert_false (same_glyphs (plain, styled));
    g_array_unref (styled);
    pango_attr_list_unref (attrs);
  }
  g_array_unref (plain);
}

/* the sample text mixes Latin and numbers: Latin runs come out LTR inside the RTL paragraph */
static void
test_mixed_runs (void)
{
  const char *text = "بتمويل من منظمة الأمم المتحدة للطفولة (UNICEF) بكلفة 38 مليون دولار";
  PangoLayout *layout;
  GArray *glyphs;
  gboolean saw_ltr = FALSE;
  const char *latin = strstr (text, "UNICEF");

  if (!require_font ("Noto Naskh Arabic"))
    {
      g_test_skip ("Noto Naskh Arabic is not installed");
      return;
    }
  layout = new_layout (APP_FONT, text, NULL);
  g_assert_cmpint (pango_layout_get_unknown_glyphs_count (layout), ==, 0);
  g_assert_cmpint (pango_layout_line_get_resolved_direction (pango_layout_get_line_readonly (layout, 0)),
                   ==, PANGO_DIRECTION_RTL);
  glyphs = layout_glyphs (layout);
  for (guint i = 0; i < glyphs->len; i++)
    {
      Glyph *g = &g_array_index (glyphs, Glyph, i);

      if (g->byte >= latin - text && g->byte < latin - text + 6)
        {
          g_assert_cmpint (g->level % 2, ==, 0);
          saw_ltr = TRUE;
        }
    }
  g_assert_true (saw_ltr);
  g_array_unref (glyphs);
  g_object_unref (layout);
}

int
main (int argc, char *argv[])
{
  /* before g_test_init, so that g_test_message prints Arabic, not '?' */
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  g_test_set_nonfatal_assertions ();

  g_test_add_func ("/shaping/title-rtl", test_title_rtl);
  g_test_add_func ("/shaping/joining", test_joining);
  g_test_add_func ("/shaping/lam-alef", test_lam_alef);
  g_test_add_func ("/shaping/highlight-keeps-glyphs", test_highlight_keeps_glyphs);
  g_test_add_func ("/shaping/mixed-runs", test_mixed_runs);
  return g_test_run ();
}
