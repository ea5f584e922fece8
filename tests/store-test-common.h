/* store-test-common.h: the fixture and helpers the store's test programs share
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "hashiya-store.h"

/* An article with a title, a paragraph with harakat, and three comments around a reply line. */
extern const char article[];

typedef struct
{
  char *dir;
  char *path;
} Fixture;

void fixture_setup (Fixture *f, gconstpointer data);
void remove_tree (const char *dir);
void fixture_teardown (Fixture *f, gconstpointer data);
gint64 cp_of (const char *haystack, const char *needle);
gint64 cp_len (const char *s);
HashiyaSegment seg (HashiyaSegmentKind kind, const char *line);
gint64 add_article (HashiyaStore *store, const char *source);
HashiyaStore *open_new (Fixture *f);
GBytes *file_bytes (const char *path);
void write_bytes (const char *path, const void *data, gsize len);
void assert_judgement_note (HashiyaStore *store, gint64 doc, int index, const char *annotator,
                            const char *expected);
void assert_no_sidecars (const char *path);
void raw_exec (const char *path, const char *sql);
gint64 raw_int (const char *path, const char *sql);
