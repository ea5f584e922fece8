/* ui-common.h: the project, fixture and helpers the GUI test programs share
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Included by one test program each (every helper is static inline, so programs that
 * use part of them build without warnings). Runs under Xvfb with memory GSettings;
 * every test builds its own project through the core API in a temporary folder.
 */
#pragma once

#include "config.h"

#include <locale.h>
#include <glib/gstdio.h>

#include "hashiya-application.h"
#include "hashiya-window.h"
#include "hashiya-document-view.h"
#include "hashiya-span-model.h"

#ifdef GDK_WINDOWING_X11
#include <gdk/x11/gdkx.h>
#endif

/* An article with a title, a byline, paragraphs and three comments. The name أحمد
 * appears spelt three ways (أحمد, احمد, أحمـد with tatweel) for Find. */
static const char *ARTICLE =
  "العراق والبشمركة يعززان التعاون\n"                               /* title */
  "\n"
  "خالد الطائي\n"                                                    /* byline */
  "\n"
  "قال أحمد الجبوري إن القوات العراقية والكردية تعمل معًا في كركوك منذ 2014.\n"
  "\n"
  "وأكد احمد أن التعاون مع Peshmerga مستمر.\n"
  "\n"
  "تعليق أول: شكرا للكاتب على المقال\n"                              /* comment 1 */
  "\n"
  "تعليق ثان: كلام فارغ يا أحمـد\n"                                  /* comment 2 */
  "\n"
  "This comment is in English.\n";                                  /* comment 3 */

typedef struct
{
  char          *dir;
  char          *path;
  gint64         doc_id;
  HashiyaWindow *window;
} Fixture;

static HashiyaApplication *app;

static inline void
spin (void)
{
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}

static inline GtkWidget *
find_named (GtkWidget *root, const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_named (c, name);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static inline gboolean
wait_for_flag (gboolean *flag, guint timeout_ms)
{
  gint64 end = g_get_monotonic_time () + timeout_ms * 1000;

  while (!*flag && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  return *flag;
}

static inline gint64
offset_of (const char *needle, guint nth)
{
  const char *p = ARTICLE;

  for (guint i = 0; i <= nth; i++)
    {
      p = strstr (i == 0 ? p : p + 1, needle);
      g_assert_nonnull (p);
    }
  return g_utf8_pointer_to_offset (ARTICLE, p);
}

static inline void
add_segment (GArray *segs, HashiyaSegmentKind kind, const char *needle, int comment_index)
{
  gint64 start = offset_of (needle, 0);
  const char *p = g_utf8_offset_to_pointer (ARTICLE, start);
  const char *nl = strchr (p, '\n');
  HashiyaSegment s = { kind, start, start + g_utf8_strlen (p, nl - p), comment_index };

  g_array_append_val (segs, s);
}

static inline char *
make_project (const char *dir, gint64 *doc_id)
{
  char *path = g_build_filename (dir, "test.hashiya", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(HashiyaStore) store = hashiya_store_open (path, TRUE, &error);
  g_autoptr(GArray) segs = g_array_new (FALSE, FALSE, sizeof (HashiyaSegment));
  g_autoptr(GPtrArray) labels = NULL;

  g_assert_no_error (error);
  add_segment (segs, HASHIYA_SEGMENT_TITLE, "العراق والبشمركة", 0);
  add_segment (segs, HASHIYA_SEGMENT_BYLINE, "خالد", 0);
  add_segment (segs, HASHIYA_SEGMENT_PARAGRAPH, "قال أحمد", 0);
  add_segment (segs, HASHIYA_SEGMENT_PARAGRAPH, "وأكد احمد", 0);
  add_segment (segs, HASHIYA_SEGMENT_COMMENT, "تعليق أول", 1);
  add_segment (segs, HASHIYA_SEGMENT_COMMENT, "تعليق ثان", 2);
  add_segment (segs, HASHIYA_SEGMENT_COMMENT, "This comment", 3);
  *doc_id = hashiya_store_add_document (store, "test-article.txt", ARTICLE, -1, NULL,
                                        (HashiyaSegment *) segs->data, segs->len, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (*doc_id, >, 0);

  /* a project always has a palette; make sure keys 1 and 2 exist for the tests */
  labels = hashiya_store_list_labels (store, &error);
  g_assert_no_error (error);
  if (labels->len < 2)
    {
      hashiya_store_add_label (store, "PER", NULL, "1", NULL);
      hashiya_store_add_label (store, "LOC", NULL, "2", NULL);
    }
  hashiya_store_close (store);
  return path;
}

static inline const char *
label_with_key (HashiyaStore *store, const char *key, char **out)
{
  g_autoptr(GPtrArray) labels = hashiya_store_list_labels (store, NULL);

  for (guint i = 0; i < labels->len; i++)
    {
      HashiyaLabel *l = g_ptr_array_index (labels, i);
      if (g_strcmp0 (l->key, key) == 0)
        {
          *out = g_strdup (l->name);
          return *out;
        }
    }
  g_assert_not_reached ();
  return NULL;
}

static inline void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("hashiya-ui-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = make_project (f->dir, &f->doc_id);
  f->window = hashiya_window_new (app);
  gtk_window_present (GTK_WINDOW (f->window));
  g_assert_true (hashiya_window_open_project (f->window, f->path, FALSE, &error));
  g_assert_no_error (error);
  spin ();
}

static inline void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (f->window != NULL)
    gtk_window_destroy (GTK_WINDOW (f->window));
  spin ();
  dir = g_dir_open (f->dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *p = g_build_filename (f->dir, name, NULL);
      g_remove (p);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static inline void
activate (Fixture *f, const char *action, GVariant *param)
{
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (f->window), action));
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (f->window), action));
  g_action_group_activate_action (G_ACTION_GROUP (f->window), action, param);
  spin ();
}

static inline GPtrArray *
spans_of (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *spans = hashiya_store_list_spans (hashiya_window_get_store (f->window), f->doc_id, &error);

  g_assert_no_error (error);
  return spans;
}

static inline void
select_text (Fixture *f, gint64 start, gint64 end)
{
  hashiya_document_view_set_selection (hashiya_window_get_view (f->window), start, end);
  spin ();
}

/* ---- helpers of the other programs ---------------------------------------- */

static inline gboolean
wait_until (gboolean (*cond) (gpointer), gpointer data, guint timeout_ms)
{
  gint64 end = g_get_monotonic_time () + timeout_ms * 1000;

  while (!cond (data) && g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
  return cond (data);
}

static inline const HashiyaSpan *
span_by_id (Fixture *f, gint64 id)
{
  HashiyaSpanModel *model = hashiya_document_view_get_span_model (hashiya_window_get_view (f->window));
  guint pos = hashiya_span_model_find (model, id);

  return pos == G_MAXUINT ? NULL : hashiya_span_model_get (model, pos);
}

/* Tags [start, end) with the label of key 1 (exact characters) and returns the span id. */
static inline gint64
tag_exact (Fixture *f, gint64 start, gint64 end)
{
  gint64 id;

  select_text (f, start, end);
  activate (f, "tag-key-exact", g_variant_new_string ("1"));
  id = hashiya_document_view_get_selected_span (hashiya_window_get_view (f->window));
  g_assert_cmpint (id, !=, 0);
  return id;
}

static inline GtkWindow *
toplevel_of_type (const char *type_name)
{
  GList *toplevels = gtk_window_list_toplevels ();
  GtkWindow *found = NULL;

  for (GList *l = toplevels; l; l = l->next)
    if (g_strcmp0 (G_OBJECT_TYPE_NAME (l->data), type_name) == 0)
      found = l->data;
  g_list_free (toplevels);
  return found;
}

static inline void
on_export_done (HashiyaWindow *window, gboolean ok, gpointer data)
{
  *(gboolean *) data = TRUE;
}

static inline void
collect_text (GtkWidget *root, GString *out)
{
  if (GTK_IS_LABEL (root))
    g_string_append_printf (out, "%s\n", gtk_label_get_text (GTK_LABEL (root)));
  for (GtkWidget *c = gtk_widget_get_first_child (root); c; c = gtk_widget_get_next_sibling (c))
    collect_text (c, out);
}

static inline GtkWidget *
find_type (GtkWidget *root, GType type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_type (c, type);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* ---- what every program's main() does ------------------------------------------- */

/* The app's own set-up (locale and our catalogue from the build tree), no dialogs, GLib's
 * test framework and the registered application `app`, held between tests. test_a11y: GTK's
 * test accessibility context, which keeps the properties set on each widget so that
 * accessible names can be read back (no AT-SPI bus is needed). */
static inline void
ui_test_init (int *argc, char ***argv, const char *app_id, gboolean test_a11y)
{
  g_autoptr(GError) error = NULL;

  hashiya_i18n_init ();
  g_setenv ("HASHIYA_TEST_NO_DIALOGS", "1", TRUE);
  if (test_a11y)
    g_setenv ("GTK_A11Y", "test", TRUE);
  g_test_init (argc, argv, NULL);

  app = hashiya_application_new (app_id, G_APPLICATION_NON_UNIQUE);
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    g_error ("cannot register the application: %s", error->message);
  /* startup ran in register: accelerators and the help overlay are in place */
  g_application_hold (G_APPLICATION (app));
}

/* Runs the tests added after ui_test_init and lets the application go. */
static inline int
ui_test_run (void)
{
  int rc = g_test_run ();

  g_application_release (G_APPLICATION (app));
  g_clear_object (&app);
  return rc;
}

/* ---- real input with xdotool (XTEST) under Xvfb --------------------------------- */

#ifdef GDK_WINDOWING_X11
/* Skips the test (and returns FALSE) without xdotool or an X11 display. */
static inline gboolean
have_xdotool (void)
{
  g_autofree char *path = g_find_program_in_path ("xdotool");

  if (path == NULL)
    {
      g_test_skip ("xdotool is not installed");
      return FALSE;
    }
  if (!GDK_IS_X11_DISPLAY (gdk_display_get_default ()))
    {
      g_test_skip ("not an X11 display (GDK_BACKEND=x11 under Xvfb)");
      return FALSE;
    }
  return TRUE;
}

/* Runs xdotool with the arguments (NULL-terminated), asserting it succeeds. */
static inline void
xdotool (const char *first, ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int status = 0;
  va_list ap;

  g_ptr_array_add (argv, (gpointer) "xdotool");
  va_start (ap, first);
  for (const char *a = first; a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (argv, (gpointer) a);
  va_end (ap);
  g_ptr_array_add (argv, NULL);
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH,
                               NULL, NULL, NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}
#endif
