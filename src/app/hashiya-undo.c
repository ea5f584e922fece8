/* hashiya-undo.c: two stacks of annotation commands
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "hashiya-undo.h"

#define MAX_HISTORY 1000

struct _HashiyaUndo
{
  GPtrArray *undo;   /* oldest first */
  GPtrArray *redo;   /* oldest first: the last one is redone next */
};

HashiyaCommand *
hashiya_command_new (HashiyaCommandKind kind, gint64 doc_id)
{
  HashiyaCommand *cmd = g_new0 (HashiyaCommand, 1);

  cmd->kind = kind;
  cmd->doc_id = doc_id;
  cmd->spans = g_ptr_array_new_with_free_func ((GDestroyNotify) hashiya_span_free);
  return cmd;
}

void
hashiya_command_free (HashiyaCommand *cmd)
{
  if (cmd == NULL)
    return;
  g_ptr_array_unref (cmd->spans);
  g_free (cmd->old_label);
  g_free (cmd->new_label);
  g_clear_pointer (&cmd->old_j, hashiya_judgement_free);
  g_clear_pointer (&cmd->new_j, hashiya_judgement_free);
  if (cmd->data_free != NULL)
    cmd->data_free (cmd->data);
  g_free (cmd);
}

HashiyaUndo *
hashiya_undo_new (void)
{
  HashiyaUndo *undo = g_new0 (HashiyaUndo, 1);

  undo->undo = g_ptr_array_new_with_free_func ((GDestroyNotify) hashiya_command_free);
  undo->redo = g_ptr_array_new_with_free_func ((GDestroyNotify) hashiya_command_free);
  return undo;
}

void
hashiya_undo_free (HashiyaUndo *undo)
{
  if (undo == NULL)
    return;
  g_ptr_array_unref (undo->undo);
  g_ptr_array_unref (undo->redo);
  g_free (undo);
}

void
hashiya_undo_push (HashiyaUndo *undo, HashiyaCommand *cmd)
{
  g_ptr_array_add (undo->undo, cmd);
  g_ptr_array_set_size (undo->redo, 0);
  if (undo->undo->len > MAX_HISTORY)
    g_ptr_array_remove_index (undo->undo, 0);
}

gboolean hashiya_undo_can_undo (HashiyaUndo *undo) { return undo->undo->len > 0; }
gboolean hashiya_undo_can_redo (HashiyaUndo *undo) { return undo->redo->len > 0; }

HashiyaCommand *
hashiya_undo_peek_undo (HashiyaUndo *undo)
{
  return undo->undo->len ? g_ptr_array_index (undo->undo, undo->undo->len - 1) : NULL;
}

HashiyaCommand *
hashiya_undo_peek_redo (HashiyaUndo *undo)
{
  return undo->redo->len ? g_ptr_array_index (undo->redo, undo->redo->len - 1) : NULL;
}

void
hashiya_undo_did_undo (HashiyaUndo *undo)
{
  if (undo->undo->len == 0)
    return;
  g_ptr_array_add (undo->redo, g_ptr_array_steal_index (undo->undo, undo->undo->len - 1));
}

void
hashiya_undo_did_redo (HashiyaUndo *undo)
{
  if (undo->redo->len == 0)
    return;
  g_ptr_array_add (undo->undo, g_ptr_array_steal_index (undo->redo, undo->redo->len - 1));
}

void
hashiya_undo_clear (HashiyaUndo *undo)
{
  g_ptr_array_set_size (undo->undo, 0);
  g_ptr_array_set_size (undo->redo, 0);
}
