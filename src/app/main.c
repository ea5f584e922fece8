/* main.c: the hashiya executable (the window; --benchmark FILE measures it)
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "hashiya-application.h"

int
main (int argc, char *argv[])
{
  g_autoptr(HashiyaApplication) app = NULL;
  GApplicationFlags flags = G_APPLICATION_DEFAULT_FLAGS;
  const char *benchmark = NULL;

  /* setlocale, bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR), textdomain */
  hashiya_i18n_init ();

  /* --benchmark runs alone (no single-instance hand-over) and takes its file itself */
  if (argc >= 2 && g_str_equal (argv[1], "--benchmark"))
    {
      if (argc != 3)
        {
          g_printerr (_("Usage: %s --benchmark FILE.hashiya\n"), argv[0]);
          return 2;
        }
      benchmark = argv[2];
      flags |= G_APPLICATION_NON_UNIQUE;
      argc = 1;
    }

  g_set_application_name (_("Hashiya"));
  app = hashiya_application_new (APP_ID, flags);
  if (benchmark != NULL)
    hashiya_application_set_benchmark (app, benchmark);
  {
    int status = g_application_run (G_APPLICATION (app), argc, argv);
    return status != 0 ? status : hashiya_application_get_exit_status (app);
  }
}
