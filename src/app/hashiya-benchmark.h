/* hashiya-benchmark.h: hashiya --benchmark FILE: first frame, tag latency, scroll frames
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "hashiya-window.h"

G_BEGIN_DECLS

void hashiya_benchmark_run             (GApplication  *app,
                                        HashiyaWindow *window,
                                        const char    *path);
/* 1 when a benchmark step failed, else 0 */
int  hashiya_benchmark_get_exit_status (void);

G_END_DECLS
