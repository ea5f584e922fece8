/* hashiya-benchmark.h: hashiya --benchmark FILE: first frame, tag latency, scroll frames
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "hashiya-application.h"
#include "hashiya-window.h"

G_BEGIN_DECLS

void hashiya_benchmark_run (HashiyaApplication *app,
                            HashiyaWindow      *window,
                            const char         *path);

G_END_DECLS
