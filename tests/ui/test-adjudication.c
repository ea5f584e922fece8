/* test-adjudication.c: the Agreement view and the adjudication mode, driven by real key presses
 * (xdotool under Xvfb), ending in the expected gold layer
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "ui-common.h"

#include <gdk/x11/gdkx.h>

#include "hashiya-adjudicate.h"
#include "hashiya-adjudication.h"
#include "hashiya-agreement-view.h"

static gint64
tag_as (HashiyaStore *store, gint64 doc, const char *word, guint nth, const char *label,
        const char *annotator)
{
  g_autoptr(GError) error = NULL;
  gint64 start = offset_of (word, nth);
  gint64 id = hashiya_store_add_span (store, doc, start, start + g_utf8_strlen (word, -1), label,
                                      annotator, NULL, &error);

  g_assert_no_error (error);
  return id;
}

static void
judge_as (HashiyaStore *store, gint64 doc, int comment, const char *annotator,
          HashiyaSentiment sentiment, int offensive)
{
  g_autoptr(GError) error = NULL;
  HashiyaJudgement j = { doc, comment, (char *) annotator, sentiment, offensive, -1,
                         HASHIYA_DECISION_NONE, NULL, 0 };

  g_assert_true (hashiya_store_set_judgement (store, &j, &error));
}

/* sara and omar: both PER أحمد (agreed), كركوك LOC vs ORG, only omar ORG Peshmerga,
 * comment 1 agreed, comment 2 negative vs neutral. Three disagreements. */
static void
add_team_work (Fixture *f)
{
  HashiyaStore *store = hashiya_window_get_store (f->window);

  tag_as (store, f->doc_id, "أحمد", 0, "PER", "sara");
  tag_as (store, f->doc_id, "أحمد", 0, "PER", "omar");
  tag_as (store, f->doc_id, "كركوك", 0, "LOC", "sara");
  tag_as (store, f->doc_id, "كركوك", 0, "ORG", "omar");
  tag_as (store, f->doc_id, "Peshmerga", 0, "ORG", "omar");
  judge_as (store, f->doc_id, 1, "sara", HASHIYA_SENTIMENT_POSITIVE, 0);
  judge_as (store, f->doc_id, 1, "omar", HASHIYA_SENTIMENT_POSITIVE, 0);
  judge_as (store, f->doc_id, 2, "sara", HASHIYA_SENTIMENT_NEGATIVE, 1);
  judge_as (store, f->doc_id, 2, "omar", HASHIYA_SENTIMENT_NEUTRAL, 1);
}

static char *
gold_spans (Fixture *f)
{
  g_autoptr(GPtrArray) spans = spans_of (f);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < spans->len; i++)
    {
      HashiyaSpan *s = g_ptr_array_index (spans, i);

      if (g_str_equal (s->annotator, "gold"))
        g_string_append_printf (out, "%s %" G_GINT64_FORMAT ";", s->label, s->start);
    }
  return g_string_free (out, FALSE);
}

/* A PNG of a window for people to look at, when HASHIYA_SCREENSHOT_DIR asks for one. */
static void
save_screenshot (GtkWidget  *widget,
                 const char *name)
{
  const char *dir = g_getenv ("HASHIYA_SCREENSHOT_DIR");
  GdkPaintable *paintable;
  GtkSnapshot *snapshot;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;

  if (dir == NULL)
    return;
  spin ();
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, gtk_widget_get_width (widget),
                          gtk_widget_get_height (widget));
  node = gtk_snapshot_free_to_node (snapshot);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (widget)), node, NULL);
  path = g_build_filename (dir, name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_object_unref (paintable);
}

typedef struct
{
  HashiyaAgreementView *view;
} ViewWait;

typedef struct
{
  Fixture    *f;
  const char *want;
} GoldWait;

static gboolean
gold_is (gpointer data)
{
  GoldWait *w = data;
  g_autofree char *gold = gold_spans (w->f);

  return g_strcmp0 (gold, w->want) == 0;
}

typedef struct
{
  HashiyaAdjudication *mode;
  guint                resolved;
} Progress;

static gboolean
resolved_is (gpointer data)
{
  Progress *p = data;
  guint resolved = 0;

  hashiya_adjudication_get_progress (p->mode, NULL, NULL, &resolved);
  return resolved == p->resolved;
}

static void
press_and_wait (HashiyaAdjudication *mode,
                const char          *key,
                guint                want_resolved)
{
  Progress p = { mode, want_resolved };

  xdotool ("key", key, NULL);
  g_assert_true (wait_until (resolved_is, &p, 3000));
  spin ();
}

static const char *
label_text (GtkWidget *root, const char *name)
{
  GtkWidget *w = find_named (root, name);

  g_assert_nonnull (w);
  return gtk_label_get_text (GTK_LABEL (w));
}

static void
test_adjudication_keys (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  HashiyaStore *store;
  HashiyaAdjudication *mode;
  HashiyaAutoResult auto_result;
  g_autofree char *xid = NULL;
  g_autofree char *gold = NULL;
  g_autofree char *want = NULL;
  guint index = 0, total = 0, resolved = 0;

  if (!have_xdotool ())
    return;
  add_team_work (f);
  store = hashiya_window_get_store (f->window);
  g_assert_true (hashiya_adjudication_auto_agreed (store, 0, "gold", NULL, &auto_result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (auto_result.spans, ==, 1);

  mode = HASHIYA_ADJUDICATION (hashiya_adjudication_new (f->window, f->doc_id, NULL));
  gtk_window_present (GTK_WINDOW (mode));
  while (!gtk_widget_get_mapped (GTK_WIDGET (mode)))
    g_main_context_iteration (NULL, TRUE);
  spin ();

  hashiya_adjudication_get_progress (mode, &index, &total, &resolved);
  g_assert_cmpuint (total, ==, 3);
  g_assert_cmpuint (resolved, ==, 0);
  g_assert_cmpstr (label_text (GTK_WIDGET (mode), "adjudication-progress"), ==,
                   "0 of 3 disagreements resolved");
  /* the versions side by side, the Arabic text right to left */
  g_assert_nonnull (find_named (GTK_WIDGET (mode), "adjudication-version-1"));
  g_assert_nonnull (find_named (GTK_WIDGET (mode), "adjudication-version-2"));
  g_assert_cmpint (gtk_widget_get_direction (find_named (GTK_WIDGET (mode), "adjudication-context")),
                   ==, GTK_TEXT_DIR_RTL);

  save_screenshot (GTK_WIDGET (mode), "adjudication-mode.png");

  /* the pointer over the mode's window: without a window manager X focus follows it */
  xid = g_strdup_printf ("%lu", (gulong) gdk_x11_surface_get_xid (gtk_native_get_surface (GTK_NATIVE (mode))));
  xdotool ("mousemove", "--window", xid, "40", "40", NULL);
  spin ();

  /* versions are in annotator order: 1 omar, 2 sara */
  press_and_wait (mode, "1", 1);     /* كركوك: omar's ORG */
  g_assert_cmpstr (label_text (GTK_WIDGET (mode), "adjudication-progress"), ==,
                   "1 of 3 disagreements resolved");
  press_and_wait (mode, "0", 2);     /* Peshmerga: none */
  press_and_wait (mode, "2", 3);     /* comment 2: sara's negative */
  g_assert_cmpstr (label_text (GTK_WIDGET (mode), "adjudication-progress"), ==,
                   "3 of 3 disagreements resolved");

  gold = gold_spans (f);
  want = g_strdup_printf ("PER %" G_GINT64_FORMAT ";ORG %" G_GINT64_FORMAT ";",
                          offset_of ("أحمد", 0), offset_of ("كركوك", 0));
  g_assert_cmpstr (gold, ==, want);
  {
    g_autoptr(HashiyaJudgement) j = hashiya_store_get_judgement (store, f->doc_id, 2, "gold", &error);
    g_autoptr(HashiyaProvenance) p = hashiya_store_get_judgement_provenance (store, f->doc_id, 2, "gold", &error);

    g_assert_nonnull (j);
    g_assert_cmpint (j->sentiment, ==, HASHIYA_SENTIMENT_NEGATIVE);
    g_assert_cmpstr (p->chosen, ==, "sara");
    /* decided by the user of the window (the annotator setting, else the login name) */
    g_assert_nonnull (p->decided_by);
    g_assert_cmpstr (p->decided_by, !=, "");
    g_assert_cmpstr (p->decided_by, !=, "auto");
  }

  /* Ctrl+Z takes the last decision back */
  press_and_wait (mode, "ctrl+z", 2);
  g_assert_null (hashiya_store_get_judgement (store, f->doc_id, 2, "gold", &error));
  hashiya_adjudication_get_progress (mode, &index, NULL, NULL);
  g_assert_cmpuint (index, ==, 2);

  /* E edits: the fields start from the first judged version (omar: neutral); Return writes */
  xdotool ("key", "e", NULL);
  spin ();
  g_assert_true (gtk_widget_get_visible (find_named (GTK_WIDGET (mode), "adjudication-editor")));
  press_and_wait (mode, "Return", 3);
  {
    g_autoptr(HashiyaJudgement) j = hashiya_store_get_judgement (store, f->doc_id, 2, "gold", &error);
    g_autoptr(HashiyaProvenance) p = hashiya_store_get_judgement_provenance (store, f->doc_id, 2, "gold", &error);

    g_assert_cmpint (j->sentiment, ==, HASHIYA_SENTIMENT_NEUTRAL);
    g_assert_cmpint (p->choice, ==, HASHIYA_ADJUDICATION_EDITED);
    g_assert_cmpstr (p->agreed[0], ==, "omar");
  }

  /* back to the first disagreement (P twice from the third), edit: both candidates */
  xdotool ("key", "p", NULL);
  xdotool ("key", "p", NULL);
  spin ();
  hashiya_adjudication_get_progress (mode, &index, NULL, NULL);
  g_assert_cmpuint (index, ==, 0);
  xdotool ("key", "e", NULL);
  spin ();
  xdotool ("key", "2", NULL);
  spin ();
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (find_named (GTK_WIDGET (mode), "adjudication-candidate-2"))));
  g_free (want);
  /* candidates in version order: 1 omar's ORG, 2 sara's LOC; only 2 is on */
  want = g_strdup_printf ("PER %" G_GINT64_FORMAT ";LOC %" G_GINT64_FORMAT ";",
                          offset_of ("أحمد", 0), offset_of ("كركوك", 0));
  xdotool ("key", "Return", NULL);
  {
    GoldWait gw = { f, want };
    g_assert_true (wait_until (gold_is, &gw, 3000));
  }
  spin ();
  g_free (gold);
  gold = gold_spans (f);
  g_assert_cmpstr (gold, ==, want);

  /* Ctrl+Page Down: the next document, its one disagreement (only sara tagged بغداد) */
  {
    static const char second[] = "خبر ثان عن بغداد والموصل";
    HashiyaSegment seg = { HASHIYA_SEGMENT_PARAGRAPH, 0, g_utf8_strlen (second, -1), 0 };
    gint64 doc2 = hashiya_store_add_document (store, "second.txt", second, -1, NULL, &seg, 1, NULL, &error);
    gint64 at = g_utf8_pointer_to_offset (second, strstr (second, "بغداد"));
    Progress p = { mode, 1 };

    g_assert_no_error (error);
    g_assert_cmpint (hashiya_store_add_span (store, doc2, at, at + 5, "LOC", "sara", NULL, &error), >, 0);
    xdotool ("key", "ctrl+Next", NULL);
    spin ();
    g_assert_cmpint (hashiya_adjudication_get_document (mode), ==, doc2);
    hashiya_adjudication_get_progress (mode, &index, &total, &resolved);
    g_assert_cmpuint (total, ==, 1);
    g_assert_cmpuint (resolved, ==, 0);
    press_and_wait (mode, "2", 1);   /* sara's LOC */
    {
      g_autoptr(GPtrArray) spans = hashiya_store_list_spans (store, doc2, &error);
      guint gold_n = 0;

      for (guint i = 0; i < spans->len; i++)
        gold_n += g_str_equal (((HashiyaSpan *) g_ptr_array_index (spans, i))->annotator, "gold");
      g_assert_cmpuint (gold_n, ==, 1);
    }
    /* back to the first document; Ctrl+Z takes back the last decision, in the second one */
    xdotool ("key", "ctrl+Prior", NULL);
    spin ();
    g_assert_cmpint (hashiya_adjudication_get_document (mode), ==, f->doc_id);
    xdotool ("key", "ctrl+z", NULL);
    p.resolved = 0;
    g_assert_true (wait_until (resolved_is, &p, 3000));
    g_assert_cmpint (hashiya_adjudication_get_document (mode), ==, doc2);
  }

  gtk_window_destroy (GTK_WINDOW (mode));
  spin ();
}


static gboolean
computed (gpointer data)
{
  return hashiya_agreement_view_get_agreement (((ViewWait *) data)->view) != NULL;
}

static void
test_agreement_view (Fixture *f, gconstpointer data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  HashiyaAgreementView *view = NULL;
  const HashiyaAgreement *ag;
  ViewWait w;

  add_team_work (f);
  activate (f, "agreement", NULL);
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) win = g_list_model_get_item (toplevels, i);

      if (HASHIYA_IS_AGREEMENT_VIEW (win))
        view = HASHIYA_AGREEMENT_VIEW (win);
    }
  g_assert_nonnull (view);
  w.view = view;
  g_assert_true (wait_until (computed, &w, 5000));
  spin ();
  ag = hashiya_agreement_view_get_agreement (view);
  g_assert_cmpuint (ag->annotators->len, ==, 2);
  /* omar (reference): PER, ORG كركوك, ORG Peshmerga; sara: PER, LOC كركوك: exact TP 1 */
  g_assert_cmpuint (((HashiyaPairAgreement *) g_ptr_array_index (ag->pairs, 0))->exact.tp, ==, 1);
  g_assert_nonnull (find_named (GTK_WIDGET (view), "agreement-chart"));
  g_assert_cmpint (gtk_widget_get_height (find_named (GTK_WIDGET (view), "agreement-chart")), >, 0);
  g_assert_nonnull (find_named (GTK_WIDGET (view), "agreement-span-table"));

  save_screenshot (GTK_WIDGET (view), "agreement-view.png");
  gtk_window_destroy (GTK_WINDOW (view));
  spin ();
}

static gboolean
view_computed (gpointer data)
{
  return hashiya_agreement_view_get_agreement (data) != NULL;
}

/* The merged sample project (HASHIYA_TEAM_PROJECT, made by the team demo) in the window:
 * screenshots of the Agreement view and the adjudication mode, for people to look at. */
static void
test_sample_screenshots (void)
{
  const char *project = g_getenv ("HASHIYA_TEAM_PROJECT");
  g_autoptr(GError) error = NULL;
  HashiyaWindow *window;
  GtkWindow *view, *mode;
  g_autoptr(GPtrArray) docs = NULL;

  if (project == NULL || g_getenv ("HASHIYA_SCREENSHOT_DIR") == NULL)
    {
      g_test_skip ("HASHIYA_TEAM_PROJECT and HASHIYA_SCREENSHOT_DIR are not set");
      return;
    }
  window = hashiya_window_new (app);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (hashiya_window_open_project (window, project, FALSE, &error));
  docs = hashiya_store_list_documents (hashiya_window_get_store (window), &error);
  g_assert_true (hashiya_window_load_document (window, ((HashiyaDocument *) g_ptr_array_index (docs, 0))->id, &error));
  spin ();
  view = hashiya_agreement_view_new (window);
  gtk_window_present (view);
  g_assert_true (wait_until (view_computed, view, 10000));
  while (!gtk_widget_get_mapped (GTK_WIDGET (view)))
    g_main_context_iteration (NULL, TRUE);
  save_screenshot (GTK_WIDGET (view), "sample-agreement-view.png");
  gtk_window_destroy (view);
  mode = hashiya_adjudication_new (window, hashiya_window_get_document (window), NULL);
  gtk_window_present (mode);
  while (!gtk_widget_get_mapped (GTK_WIDGET (mode)))
    g_main_context_iteration (NULL, TRUE);
  save_screenshot (GTK_WIDGET (mode), "sample-adjudication-mode.png");
  gtk_window_destroy (mode);
  gtk_window_destroy (GTK_WINDOW (window));
  spin ();
}

int
main (int argc, char *argv[])
{
  ui_test_init (&argc, &argv, "io.github.hashiya.Hashiya.TestAdjudication", FALSE);
  g_test_add ("/adjudication/keys-to-gold", Fixture, NULL, fixture_setup, test_adjudication_keys, fixture_teardown);
  g_test_add ("/adjudication/agreement-view", Fixture, NULL, fixture_setup, test_agreement_view, fixture_teardown);
  g_test_add_func ("/adjudication/sample-screenshots", test_sample_screenshots);

  return ui_test_run ();
}
