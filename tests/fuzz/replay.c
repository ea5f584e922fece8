/* replay.c: runs fuzz inputs through the same target code as the fuzzers, compiled with the
 * normal compiler (no clang, no libFuzzer): the test suite's regression replay.
 *   fuzz-replay --list            the targets, one a line
 *   fuzz-replay TARGET FILE…      each file through TARGET; a crash is the failure
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <locale.h>
#include "fuzz-targets.h"

int
main (int argc, char **argv)
{
  const HashiyaFuzzTarget *target;

  setlocale (LC_ALL, "");
  if (argc == 2 && g_str_equal (argv[1], "--list"))
    {
      for (guint i = 0; hashiya_fuzz_targets[i].name != NULL; i++)
        printf ("%s\n", hashiya_fuzz_targets[i].name);
      return 0;
    }
  if (argc < 3 || (target = hashiya_fuzz_target_find (argv[1])) == NULL)
    {
      fprintf (stderr, "usage: fuzz-replay --list | TARGET FILE…\n");
      return 2;
    }
  for (int i = 2; i < argc; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *data = NULL;
      gsize size = 0;

      if (!g_file_get_contents (argv[i], &data, &size, &error))
        {
          fprintf (stderr, "fuzz-replay: %s\n", error->message);
          return 2;
        }
      fprintf (stderr, "fuzz-replay: %s %s (%" G_GSIZE_FORMAT " bytes)\n", target->name, argv[i], size);
      target->run ((const guint8 *) data, size);
    }
  return 0;
}
