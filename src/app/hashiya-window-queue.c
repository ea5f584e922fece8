/* hashiya-window-queue.c: the moderation queue across documents (J/K past a document's ends, next unjudged)
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * J and K walk the comments of the open document (hashiya-window-judge.c); at its ends
 * they go on to the neighbouring document with comments in the sidebar's order, so a
 * queue of many short documents is judged without leaving the keyboard. "Next
 * unjudged" (Ctrl+J) skips every judged comment, across the corpus in import order,
 * through the store's summary (one query, not a scan of the documents).
 */
#include "config.h"

#include <glib/gi18n.h>

#include "hashiya-window-private.h"

/* The first comment the annotator has not judged, from index on (0 when none). */
static int
first_unjudged_from (HashiyaDocumentView *view, int index)
{
  int n = hashiya_document_view_get_n_comments (view);

  for (int i = MAX (index, 1); i <= n; i++)
    if (hashiya_document_view_get_judgement (view, i) == NULL)
      return i;
  return 0;
}

static gboolean
open_at_comment (HashiyaWindow *self, gint64 doc_id, gboolean last)
{
  g_autoptr(GError) error = NULL;
  int n, index;

  if (!hashiya_window_load_document (self, doc_id, &error))
    {
      hashiya_window_show_error (self, _("Cannot Open Document"), error->message);
      return FALSE;
    }
  n = hashiya_document_view_get_n_comments (self->doc_view);
  if (n == 0)
    return TRUE;
  index = last ? n : first_unjudged_from (self->doc_view, 1);
  hashiya_document_view_set_current_comment (self->doc_view, index > 0 ? index : 1, TRUE);
  return TRUE;
}

gboolean
hashiya_window_move_comment_across (HashiyaWindow *self, int direction)
{
  GListModel *model = G_LIST_MODEL (self->doc_model);
  guint n, pos;

  if (self->store == NULL || self->doc_id == 0)
    return FALSE;
  hashiya_window_ensure_document_list (self);
  n = g_list_model_get_n_items (model);
  pos = hashiya_document_list_find (self->doc_model, self->doc_id);
  if (pos == G_MAXUINT)
    return FALSE;
  /* documents without comments are not stops of the queue */
  for (gint64 p = (gint64) pos + direction; p >= 0 && p < n; p += direction)
    {
      g_autoptr(HashiyaDocItem) item = g_list_model_get_item (model, (guint) p);

      if (item != NULL && hashiya_doc_item_get_n_comments (item) > 0)
        return open_at_comment (self, hashiya_doc_item_get_id (item), direction < 0);
    }
  return FALSE;
}

void
hashiya_window_action_next_unjudged (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  HashiyaWindow *self = user_data;
  g_autoptr(GError) error = NULL;
  int current, index;
  gint64 next;

  if (self->store == NULL || self->doc_id == 0)
    return;
  hashiya_window_flush_note (self);
  current = hashiya_document_view_get_current_comment (self->doc_view);
  index = first_unjudged_from (self->doc_view, current + 1);
  if (index > 0)
    {
      hashiya_document_view_set_current_comment (self->doc_view, index, TRUE);
      return;
    }
  next = hashiya_store_next_unjudged_document (self->store, self->doc_id, TRUE, &error);
  if (next == 0 && error != NULL)
    {
      hashiya_window_toast (self, error->message);
      return;
    }
  if (next == 0)
    {
      hashiya_window_toast (self, _("No unjudged comment after this one"));
      return;
    }
  open_at_comment (self, next, FALSE);
}
