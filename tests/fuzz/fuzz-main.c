/* fuzz-main.c: the libFuzzer entry point of one target (HASHIYA_FUZZ_TARGET, set by meson)
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdint.h>
#include <stdlib.h>
#include "fuzz-targets.h"

static const HashiyaFuzzTarget *target;

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  (void) argc;
  (void) argv;
  target = hashiya_fuzz_target_find (HASHIYA_FUZZ_TARGET);
  if (target == NULL)
    abort ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  target->run (data, size);
  return 0;
}
