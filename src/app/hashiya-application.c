/* hashiya-application.c: one running instance; every project opens in its own window
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>
#include <epoxy/gl.h>

#include "hashiya-application.h"
#include "hashiya-window.h"
#include "hashiya-benchmark.h"
#include "hashiya-profile.h"

struct _HashiyaApplication
{
  AdwApplication parent_instance;
  GSettings     *settings;
  char          *benchmark;
  int            exit_status;
};

G_DEFINE_FINAL_TYPE (HashiyaApplication, hashiya_application, ADW_TYPE_APPLICATION)

GSettings *
hashiya_application_get_settings (HashiyaApplication *self)
{
  g_return_val_if_fail (HASHIYA_IS_APPLICATION (self), NULL);
  return self->settings;
}

char *
hashiya_application_dup_annotator (HashiyaApplication *self)
{
  return hashiya_settings_dup_annotator (self->settings);
}

char **
hashiya_application_get_recent (HashiyaApplication *self)
{
  return hashiya_settings_get_recent (self->settings);
}

void
hashiya_application_add_recent (HashiyaApplication *self, const char *path)
{
  hashiya_settings_add_recent (self->settings, path);
}

void
hashiya_application_set_exit_status (HashiyaApplication *self, int status)
{
  self->exit_status = status;
}

int
hashiya_application_get_exit_status (HashiyaApplication *self)
{
  return self->exit_status != 0 ? self->exit_status : hashiya_benchmark_get_exit_status ();
}

void
hashiya_application_set_benchmark (HashiyaApplication *self, const char *path)
{
  g_free (self->benchmark);
  self->benchmark = g_strdup (path);
}

/* ---- windows -------------------------------------------------------------- */

static gboolean
same_file (const char *a, const char *b)
{
  g_autoptr(GFile) fa = NULL;
  g_autoptr(GFile) fb = NULL;

  if (a == NULL || b == NULL)
    return FALSE;
  fa = g_file_new_for_path (a);
  fb = g_file_new_for_path (b);
  return g_file_equal (fa, fb);
}

static HashiyaWindow *
find_window (HashiyaApplication *self, const char *path)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l; l = l->next)
    if (HASHIYA_IS_WINDOW (l->data)
        && same_file (hashiya_window_get_project_path (l->data), path))
      return l->data;
  return NULL;
}

static HashiyaWindow *
find_empty_window (HashiyaApplication *self)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l; l = l->next)
    if (HASHIYA_IS_WINDOW (l->data) && hashiya_window_get_store (l->data) == NULL)
      return l->data;
  return NULL;
}

static void
on_after_paint (GdkFrameClock *clock, GApplication *app)
{
  g_signal_handlers_disconnect_by_func (clock, on_after_paint, app);
  g_application_quit (app);
}

static void
on_window_mapped (GtkWidget *window, GApplication *app)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);

  if (clock != NULL)
    {
      g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), app);
      gdk_frame_clock_request_phase (clock, GDK_FRAME_CLOCK_PHASE_PAINT);
    }
}

static void
present (HashiyaApplication *self, HashiyaWindow *window)
{
  /* smoke runs: quit once the first frame is on screen */
  if (g_strcmp0 (g_getenv ("HASHIYA_QUIT_AFTER_FRAME"), "1") == 0
      && g_object_get_data (G_OBJECT (self), "quit-hooked") == NULL)
    {
      g_object_set_data (G_OBJECT (self), "quit-hooked", GINT_TO_POINTER (1));
      g_signal_connect (window, "map", G_CALLBACK (on_window_mapped), self);
    }
  gtk_window_present (GTK_WINDOW (window));
}

/* Opens path in its existing window, an empty window, or a new one. */
static void
open_path (HashiyaApplication *self, const char *path, gboolean create)
{
  HashiyaWindow *window = find_window (self, path);
  gboolean new_window = FALSE;
  g_autoptr(GError) error = NULL;

  if (window != NULL)
    {
      present (self, window);
      return;
    }
  window = find_empty_window (self);
  if (window == NULL)
    {
      window = hashiya_window_new (self);
      new_window = TRUE;
    }
  present (self, window);
  if (!hashiya_window_open_project (window, path, create, &error))
    {
      g_autofree char *heading = NULL;
      g_autofree char *base = g_path_get_basename (path);
      heading = g_strdup_printf (_("Cannot Open “%s”"), base);
      hashiya_window_show_error (window, heading, error->message);
    }
  (void) new_window;
}

static void
hashiya_application_activate (GApplication *app)
{
  HashiyaApplication *self = HASHIYA_APPLICATION (app);
  GtkWindow *active = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_autofree char *last = NULL;
  HashiyaWindow *window;

  if (self->benchmark != NULL)
    {
      window = hashiya_window_new (self);
      hashiya_benchmark_run (G_APPLICATION (self), window, self->benchmark);
      return;
    }
  if (active != NULL)
    {
      gtk_window_present (active);
      return;
    }
  last = hashiya_settings_get_string (self->settings, "last-project", NULL);
  if (last != NULL && g_file_test (last, G_FILE_TEST_IS_REGULAR))
    {
      open_path (self, last, FALSE);
      return;
    }
  window = hashiya_window_new (self);
  present (self, window);
}

static void
hashiya_application_open (GApplication  *app,
                          GFile        **files,
                          int            n_files,
                          const char    *hint)
{
  HashiyaApplication *self = HASHIYA_APPLICATION (app);

  if (self->benchmark != NULL)
    {
      hashiya_application_activate (app);
      return;
    }
  for (int i = 0; i < n_files; i++)
    {
      g_autofree char *path = g_file_get_path (files[i]);
      if (path != NULL)
        open_path (self, path, FALSE);
    }
}

/* ---- app actions ---------------------------------------------------------- */

static GtkWindow *
parent_window (HashiyaApplication *self)
{
  return gtk_application_get_active_window (GTK_APPLICATION (self));
}

static void
on_chooser_response (GtkNativeDialog *native, int response, HashiyaApplication *self)
{
  gboolean create = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (native), "create"));

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
      g_autofree char *path = g_file_get_path (file);

      if (path != NULL && create && !g_str_has_suffix (path, ".hashiya"))
        {
          char *with = g_strconcat (path, ".hashiya", NULL);
          g_free (path);
          path = with;
        }
      if (path != NULL)
        open_path (self, path, create);
    }
  g_object_unref (native);
}

static void
run_chooser (HashiyaApplication *self, gboolean create)
{
  GtkFileChooserNative *native;
  GtkFileFilter *filter = gtk_file_filter_new ();

  native = gtk_file_chooser_native_new (create ? _("New Project") : _("Open Project"),
                                        parent_window (self),
                                        create ? GTK_FILE_CHOOSER_ACTION_SAVE : GTK_FILE_CHOOSER_ACTION_OPEN,
                                        create ? _("_Create") : _("_Open"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Hashiya projects"));
  gtk_file_filter_add_pattern (filter, "*.hashiya");
  gtk_file_filter_add_mime_type (filter, "application/x-hashiya-project");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
  g_object_unref (filter);
  if (create)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), _("Untitled.hashiya"));
  g_object_set_data (G_OBJECT (native), "create", GINT_TO_POINTER (create));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  g_signal_connect (native, "response", G_CALLBACK (on_chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
on_new (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  run_chooser (user_data, TRUE);
}

static void
on_open (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  run_chooser (user_data, FALSE);
}

static void
on_open_recent (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  open_path (user_data, g_variant_get_string (param, NULL), FALSE);
}

static void
on_new_window (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  present (user_data, hashiya_window_new (user_data));
}

static void
on_about (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  HashiyaApplication *self = user_data;
  const char *developers[] = { _("The Hashiya authors"), NULL };
  GtkWidget *about = adw_about_window_new ();

  g_object_set (about,
                "transient-for", parent_window (self),
                "application-name", _("Hashiya"),
                "application-icon", APP_ID,
                "version", VERSION,
                "comments", _("Hand-label Arabic text: entities in articles and judgements of reader comments"),
                "license-type", GTK_LICENSE_GPL_3_0,
                "developers", developers,
                "translator-credits", _("translator-credits"),
                NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
on_quit (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  HashiyaApplication *self = user_data;
  GList *windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));

  /* close-request saves each window's size and project */
  for (GList *l = windows; l; l = l->next)
    gtk_window_close (l->data);
  g_list_free (windows);
  g_application_quit (G_APPLICATION (self));
}

static const GActionEntry app_entries[] = {
  { "new", on_new },
  { "open", on_open },
  { "open-recent", on_open_recent, "s" },
  { "new-window", on_new_window },
  { "about", on_about },
  { "quit", on_quit },
};

static void
apply_color_scheme (HashiyaApplication *self)
{
  g_autofree char *scheme = hashiya_settings_get_string (self->settings, "color-scheme", "default");
  AdwStyleManager *manager = adw_style_manager_get_default ();

  if (g_str_equal (scheme, "light"))
    adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_LIGHT);
  else if (g_str_equal (scheme, "dark"))
    adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_DARK);
  else
    adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_DEFAULT);
}

/* With software OpenGL (Mesa's llvmpipe or softpipe: a virtual machine, Xvfb, a remote
 * session) GSK's GL renderer draws the whole window on the CPU for every frame: 40 ms
 * and more per frame on a 2-core machine, so tags, scrolling and even GtkTextView's
 * background layout (every slice of it ends in a frame) crawl. The cairo renderer
 * draws only what changed. Unless the user chose a renderer, take cairo there.
 * GSK reads GSK_RENDERER when the first window is realized, after this. */
static void
avoid_software_gl (void)
{
  GdkDisplay *display = gdk_display_get_default ();
  g_autoptr(GdkGLContext) context = NULL;
  const char *renderer;

  if (display == NULL || g_getenv ("GSK_RENDERER") != NULL)
    return;
  context = gdk_display_create_gl_context (display, NULL);
  if (context == NULL || !gdk_gl_context_realize (context, NULL))
    return;
  gdk_gl_context_make_current (context);
  renderer = (const char *) glGetString (GL_RENDERER);
  if (renderer != NULL
      && (strstr (renderer, "llvmpipe") != NULL || strstr (renderer, "softpipe") != NULL
          || strstr (renderer, "Software Rasterizer") != NULL))
    {
      g_debug ("OpenGL renderer “%s” is software: drawing with cairo", renderer);
      g_setenv ("GSK_RENDERER", "cairo", TRUE);
    }
  gdk_gl_context_clear_current ();
}

static void
hashiya_application_startup (GApplication *app)
{
  HashiyaApplication *self = HASHIYA_APPLICATION (app);
  struct { const char *action; const char *accels[3]; } accels[] = {
    { "app.new", { "<Control>n", NULL } },
    { "app.open", { "<Control>o", NULL } },
    { "app.quit", { "<Control>q", NULL } },
    { "window.close", { "<Control>w", NULL } },
    { "win.undo", { "<Control>z", NULL } },
    { "win.redo", { "<Control><Shift>z", "<Control>y", NULL } },
    { "win.find", { "<Control>f", NULL } },
    { "win.import", { "<Control>i", NULL } },
    { "win.export", { "<Control>e", NULL } },
    { "win.preferences", { "<Control>comma", NULL } },
    { "win.toggle-done", { "<Control>d", NULL } },
    { "win.show-panel", { "F9", NULL } },
    { "win.show-invisibles", { "<Control><Shift>i", NULL } },
    { "win.snap", { "<Control>b", NULL } },
    { "win.next-document", { "<Control>Page_Down", NULL } },
    { "win.prev-document", { "<Control>Page_Up", NULL } },
    { "win.focus-documents", { "<Control>l", NULL } },
    { "win.next-unjudged", { "<Control>j", NULL } },
    { "win.corpus-find", { "<Control><Shift>f", NULL } },
  };

  hashiya_profile ("application start-up");
  G_APPLICATION_CLASS (hashiya_application_parent_class)->startup (app);
  hashiya_profile ("GTK and libadwaita initialised");
  avoid_software_gl ();
  hashiya_profile ("renderer chosen");

  self->settings = hashiya_settings_get_default ();
  if (self->settings != NULL)
    g_object_ref (self->settings);
  if (self->settings != NULL)
    g_signal_connect_object (self->settings, "changed::color-scheme",
                             G_CALLBACK (apply_color_scheme), self, G_CONNECT_SWAPPED);
  apply_color_scheme (self);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_entries, G_N_ELEMENTS (app_entries), self);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self), accels[i].action, accels[i].accels);
}

static void
hashiya_application_finalize (GObject *object)
{
  HashiyaApplication *self = HASHIYA_APPLICATION (object);

  g_clear_object (&self->settings);
  g_free (self->benchmark);
  G_OBJECT_CLASS (hashiya_application_parent_class)->finalize (object);
}

static void
hashiya_application_class_init (HashiyaApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = hashiya_application_finalize;
  app_class->startup = hashiya_application_startup;
  app_class->activate = hashiya_application_activate;
  app_class->open = hashiya_application_open;
}

static void
hashiya_application_init (HashiyaApplication *self)
{
}

HashiyaApplication *
hashiya_application_new (const char *app_id, GApplicationFlags flags)
{
  hashiya_profile ("main: creating the application");
  return g_object_new (HASHIYA_TYPE_APPLICATION,
                       "application-id", app_id,
                       "flags", flags | G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", "/io/github/hashiya/Hashiya",
                       NULL);
}
