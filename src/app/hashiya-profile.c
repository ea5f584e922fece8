/* hashiya-profile.c: HASHIYA_PROFILE=1 prints where the time before the first frame goes
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <glib.h>

#include "hashiya-profile.h"

/* Milliseconds since this process started, or -1: /proc gives the start in clock ticks
 * since boot, which CLOCK_BOOTTIME counts too (btime in /proc/stat is in whole seconds,
 * too coarse for a first frame). */
double
hashiya_process_age_ms (void)
{
  g_autofree char *stat = NULL;
  char *p;
  unsigned long long start_ticks = 0;
  long hz = sysconf (_SC_CLK_TCK);
  struct timespec now;

  if (!g_file_get_contents ("/proc/self/stat", &stat, NULL, NULL)
      || clock_gettime (CLOCK_BOOTTIME, &now) != 0)
    return -1;
  p = strrchr (stat, ')');
  if (p == NULL)
    return -1;
  /* field 22 (starttime); after ")" comes field 3 */
  for (int field = 3; field <= 22 && p; field++)
    p = strchr (p + 1, ' ');
  if (p == NULL)
    return -1;
  start_ticks = g_ascii_strtoull (p + 1, NULL, 10);
  return now.tv_sec * 1000.0 + now.tv_nsec / 1e6 - start_ticks * 1000.0 / hz;
}

static double profile_base = -1;   /* process age (ms) at profile_t0 */
static gint64 profile_t0;

void
hashiya_profile (const char *phase)
{
  static int enabled = -1;

  if (enabled < 0)
    enabled = g_strcmp0 (g_getenv ("HASHIYA_PROFILE"), "1") == 0;
  if (!enabled)
    return;
  /* start-up only: the first frame ends it */
  if (g_str_equal (phase, "first frame painted"))
    enabled = 0;
  if (profile_base < 0)
    {
      profile_t0 = g_get_monotonic_time ();
      profile_base = hashiya_process_age_ms ();
    }
  g_printerr ("profile: %8.1f ms from exec  %s\n",
              profile_base + (g_get_monotonic_time () - profile_t0) / 1000.0, phase);
}

