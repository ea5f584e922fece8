/* hashiya-article.c: the article format: plain text of a scraped news page, segmented into site, title, byline, paragraphs, captions and comments (read only)
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The segmentation rules are at the top of hashiya-article-segment.c.
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "hashiya-article.h"
#include "hashiya-article-segment.h"

gboolean
hashiya_parse_article_take (const char                 *path,
                            char                       *data,
                            gsize                       len,
                            const HashiyaImportOptions *options,
                            GPtrArray                  *docs_out,
                            HashiyaImportReport        *report,
                            GError                    **error)
{
  g_autoptr(HashiyaParsedDoc) doc = NULL;
  guint n_comments = 0;

  g_return_val_if_fail (data != NULL, FALSE);
  g_return_val_if_fail (docs_out != NULL, FALSE);

  doc = hashiya_parsed_doc_new ();
  doc->source = path ? g_path_get_basename (path) : g_strdup ("article");
  doc->text = data;
  doc->n_bytes = len;
  g_clear_pointer (&doc->segments, g_array_unref);
  doc->segments = hashiya_article_segment (data, len, options ? options->comments_only : FALSE);

  if (doc->segments->len == 0)
    {
      g_set_error (error, HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_EMPTY,
                   _("%s: the file has no text"), path ? path : _("(input)"));
      return FALSE;
    }
  {
    guint counts[HASHIYA_N_SEGMENT_KINDS] = { 0 };
    GString *msg = g_string_new (NULL);

    for (guint i = 0; i < doc->segments->len; i++)
      counts[g_array_index (doc->segments, HashiyaSegment, i).kind]++;
    n_comments = counts[HASHIYA_SEGMENT_COMMENT];
    g_string_append_printf (msg, _("%s: %u segments:"), path ? path : _("(input)"),
                            doc->segments->len);
    for (guint k = 0; k < HASHIYA_N_SEGMENT_KINDS; k++)
      if (counts[k] > 0)
        g_string_append_printf (msg, " %u %s,", counts[k], hashiya_segment_kind_to_string (k));
    g_string_truncate (msg, msg->len - 1);
    if (report != NULL)
      g_ptr_array_add (report->messages, g_string_free (msg, FALSE));
    else
      g_string_free (msg, TRUE);
  }
  if (report != NULL && n_comments == 0 && options && options->comments_only)
    g_ptr_array_add (report->messages,
                     g_strdup_printf (_("%s: comments only, but every line is a reply line"),
                                      path ? path : _("(input)")));

  g_ptr_array_add (docs_out, g_steal_pointer (&doc));
  return TRUE;
}

gboolean
hashiya_parse_article (const char                 *path,
                       char                       *data,
                       gsize                       len,
                       const HashiyaImportOptions *options,
                       GPtrArray                  *docs_out,
                       HashiyaImportReport        *report,
                       GError                    **error)
{
  g_return_val_if_fail (data != NULL, FALSE);

  return hashiya_parse_article_take (path, g_strndup (data, len), len, options, docs_out,
                                     report, error);
}

/* ---- the descriptor ------------------------------------------------------------ */

/* Plain text is what is left: anything that does not open like JSON. */
static guint
article_detect (HashiyaSniff *sniff)
{
  return hashiya_sniff_json_opening (sniff) == 0 ? 1 : 0;
}

static gboolean
article_read (const char                 *path,
              char                      **data,
              gsize                       len,
              const HashiyaImportOptions *options,
              GPtrArray                  *docs_out,
              GPtrArray                  *labels_out,
              HashiyaImportReport        *report,
              GError                    **error)
{
  /* the buffer moves into the parsed document: no copy */
  return hashiya_parse_article_take (path, g_steal_pointer (data), len, options, docs_out,
                                     report, error);
}

static const char * const article_aliases[] = { "txt", "text", NULL };
static const char * const article_extensions[] = { "txt", NULL };

const HashiyaFormatDesc hashiya_format_article = {
  .name = "article",
  .aliases = article_aliases,
  .title = N_("article text"),
  .label = N_("Article text"),
  .extensions = article_extensions,
  .detect = article_detect,
  .read = article_read,
  .plain_text = TRUE,
  .comments_only = TRUE,
};
