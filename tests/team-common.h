/* team-common.h: what the team-work tests share (a project in a temporary folder, documents with comments)
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "hashiya-store.h"

typedef struct
{
  char *dir;
} TeamTmp;

static inline char *
team_tmp_path (TeamTmp    *tmp,
               const char *name)
{
  if (tmp->dir == NULL)
    {
      g_autoptr(GError) error = NULL;

      tmp->dir = g_dir_make_tmp ("hashiya-team-XXXXXX", &error);
      g_assert_no_error (error);
    }
  return g_build_filename (tmp->dir, name, NULL);
}

static inline void
team_tmp_clear (TeamTmp *tmp)
{
  if (tmp->dir != NULL)
    {
      GDir *dir = g_dir_open (tmp->dir, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *path = g_build_filename (tmp->dir, name, NULL);
          g_unlink (path);
        }
      if (dir != NULL)
        g_dir_close (dir);
      g_rmdir (tmp->dir);
      g_clear_pointer (&tmp->dir, g_free);
    }
}

static inline HashiyaStore *
team_open (const char *path,
           gboolean    create)
{
  g_autoptr(GError) error = NULL;
  HashiyaStore *store = hashiya_store_open (path, create, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  return store;
}

/* A document of ASCII text: a 100-character paragraph ("p" * 100, then "\n"), then
 * n_comments comments of 9 characters each ("comment N" padded, then "\n"). The tag
 * (one letter) makes different texts (and sha256) for different documents.
 * Offsets 0..99 are the paragraph, where spans go. */
static inline gint64
team_add_document (HashiyaStore *store,
                   const char   *source,
                   char          tag,
                   guint         n_comments)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GArray) segs = g_array_new (FALSE, TRUE, sizeof (HashiyaSegment));
  HashiyaSegment seg = { HASHIYA_SEGMENT_PARAGRAPH, 0, 100, 0 };
  gint64 id;

  for (int i = 0; i < 100; i++)
    g_string_append_c (text, i % 10 == 9 ? ' ' : tag);
  g_string_append_c (text, '\n');
  g_array_append_val (segs, seg);
  for (guint c = 1; c <= n_comments; c++)
    {
      HashiyaSegment cs = { HASHIYA_SEGMENT_COMMENT, text->len, text->len + 9, c };

      g_string_append_printf (text, "comment%02u\n", c);
      g_array_append_val (segs, cs);
    }
  id = hashiya_store_add_document (store, source, text->str, text->len, NULL,
                                   (HashiyaSegment *) segs->data, segs->len, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static inline gint64
team_tag (HashiyaStore *store,
          gint64        doc,
          gint64        start,
          gint64        end,
          const char   *label,
          const char   *annotator)
{
  g_autoptr(GError) error = NULL;
  gint64 id = hashiya_store_add_span (store, doc, start, end, label, annotator, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

/* sentiment: NONE for unset; offensive / hate: -1 unset */
static inline void
team_judge (HashiyaStore     *store,
            gint64            doc,
            int               comment,
            const char       *annotator,
            HashiyaSentiment  sentiment,
            int               offensive,
            int               hate,
            HashiyaDecision   decision)
{
  g_autoptr(GError) error = NULL;
  HashiyaJudgement j = { doc, comment, (char *) annotator, sentiment, offensive, hate,
                         decision, NULL, 0 };

  g_assert_true (hashiya_store_set_judgement (store, &j, &error));
  g_assert_no_error (error);
}

/* The spans of one annotator (or layer) on a document, one "start-end LABEL" line each, in
 * the store's order. */
static inline char *
team_spans_of (HashiyaStore *store,
               gint64        doc,
               const char   *annotator)
{
  g_autoptr(GPtrArray) spans = hashiya_store_list_spans (store, doc, NULL);
  GString *out = g_string_new (NULL);

  g_assert_nonnull (spans);
  for (guint i = 0; i < spans->len; i++)
    {
      HashiyaSpan *s = g_ptr_array_index (spans, i);

      if (g_str_equal (s->annotator, annotator))
        g_string_append_printf (out, "%" G_GINT64_FORMAT "-%" G_GINT64_FORMAT " %s\n",
                                s->start, s->end, s->label);
    }
  return g_string_free (out, FALSE);
}

static inline void
team_assert_spans (HashiyaStore *store,
                   gint64        doc,
                   const char   *annotator,
                   const char   *want)
{
  g_autofree char *got = team_spans_of (store, doc, annotator);

  g_assert_cmpstr (got, ==, want);
}

static inline char *
team_read_file (const char *path,
                gsize      *len)
{
  g_autoptr(GError) error = NULL;
  char *data = NULL;

  g_assert_true (g_file_get_contents (path, &data, len, &error));
  g_assert_no_error (error);
  return data;
}
