/* bench-bare-window.c: the first frame of a bare libadwaita window, for comparison with Hashiya's
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An AdwApplication with one AdwApplicationWindow holding a GtkTextView with a paragraph of
 * Arabic text, and nothing of Hashiya's: what the toolkit itself costs before the first
 * frame on this machine. The time is taken as `hashiya --benchmark` takes it: at the frame
 * clock's first after-paint, the milliseconds since the process started (from /proc, so
 * the dynamic linking and the toolkit's start-up count). build-aux/bench.sh prints it
 * beside Hashiya's first frame.
 *
 *   bench-bare-window    prints "first frame: N ms after process start" and exits
 */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <adwaita.h>

static gboolean painted;

/* Milliseconds since this process started, or -1: /proc/self/stat's start time (clock
 * ticks since boot) against CLOCK_BOOTTIME, the clock it counts in. (Comparing it with the
 * wall clock through /proc/stat's btime, which is whole seconds, errs by up to a second.) */
static double
process_age_ms (void)
{
  g_autofree char *stat = NULL;
  char *p;
  unsigned long long start_ticks;
  long hz = sysconf (_SC_CLK_TCK);
  struct timespec now;

  if (!g_file_get_contents ("/proc/self/stat", &stat, NULL, NULL)
      || clock_gettime (CLOCK_BOOTTIME, &now) != 0)
    return -1;
  p = strrchr (stat, ')');
  /* field 22 (starttime); after ")" comes field 3 */
  for (int field = 3; field <= 22 && p != NULL; field++)
    p = strchr (p + 1, ' ');
  if (p == NULL)
    return -1;
  start_ticks = g_ascii_strtoull (p + 1, NULL, 10);
  return now.tv_sec * 1000.0 + now.tv_nsec / 1e6 - start_ticks * 1000.0 / hz;
}

static void
on_after_paint (GdkFrameClock *clock,
                GtkWindow     *window)
{
  if (painted)
    return;
  painted = TRUE;
  printf ("first frame: %.1f ms after process start\n", process_age_ms ());
  fflush (stdout);
  gtk_window_destroy (window);
}

static void
on_map (GtkWidget *window,
        gpointer   user_data)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);

  g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), window);
  gdk_frame_clock_request_phase (clock, GDK_FRAME_CLOCK_PHASE_PAINT);
}

static void
on_activate (GtkApplication *app,
             gpointer        user_data)
{
  GtkWidget *window = adw_application_window_new (app);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *view = gtk_text_view_new ();
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  GString *text = g_string_new (NULL);

  for (int i = 0; i < 40; i++)
    g_string_append (text, "قال الوزير في المؤتمر الصحفي إن الحكومة ستعمل على تعزيز التعاون "
                           "مع المحافظات في مجالات الكهرباء والمياه والصحة خلال العام المقبل.\n");
  gtk_text_buffer_set_text (buffer, text->str, text->len);
  g_string_free (text, TRUE);
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_widget_set_vexpand (scroller, TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), view);
  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  gtk_box_append (GTK_BOX (box), scroller);
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), box);
  gtk_window_set_title (GTK_WINDOW (window), "bench-bare-window");
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  g_signal_connect (window, "map", G_CALLBACK (on_map), NULL);
  gtk_window_present (GTK_WINDOW (window));
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(AdwApplication) app =
    adw_application_new ("org.hashiya.BenchBareWindow", G_APPLICATION_NON_UNIQUE);

  g_signal_connect (app, "activate", G_CALLBACK (on_activate), NULL);
  g_application_run (G_APPLICATION (app), argc, argv);
  return painted ? 0 : 1;
}
