/* hashiya-profile.h: HASHIYA_PROFILE=1 prints where the time before the first frame goes
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Milliseconds since this process started (exec), or -1. */
double hashiya_process_age_ms (void);
/* With HASHIYA_PROFILE=1: "profile: T ms from exec  PHASE" on stderr, until the phase
 * "first frame painted". */
void   hashiya_profile        (const char *phase);

G_END_DECLS
