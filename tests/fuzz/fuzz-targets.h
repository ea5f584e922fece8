/* fuzz-targets.h: the fuzz targets by name, shared by the libFuzzer entry point and the replay
 * program the test suite runs
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

typedef struct
{
  const char *name;                 /* also the folder under corpus/ and crashes/ */
  void      (*run) (const guint8 *data, gsize size);
} HashiyaFuzzTarget;

/* NULL-terminated */
extern const HashiyaFuzzTarget hashiya_fuzz_targets[];

const HashiyaFuzzTarget *hashiya_fuzz_target_find (const char *name);
