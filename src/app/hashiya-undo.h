/* hashiya-undo.h: the undo/redo history of annotation actions
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include "hashiya-store.h"

G_BEGIN_DECLS

typedef enum
{
  HASHIYA_COMMAND_ADD_SPANS,     /* spans: what was added (with ids) */
  HASHIYA_COMMAND_REMOVE_SPANS,  /* spans: what was removed */
  HASHIYA_COMMAND_RELABEL,       /* span_id, old_label, new_label */
  HASHIYA_COMMAND_RESIZE,        /* span_id, old/new range */
  HASHIYA_COMMAND_JUDGE,         /* comment_index, old_j/new_j (NULL = none) */
  HASHIYA_COMMAND_CORPUS_SPANS,  /* spans added across documents in one step (tag all over
                                  * the corpus): spans of any document, doc_id 0; undone
                                  * and redone in one transaction, without opening them */
  HASHIYA_COMMAND_CUSTOM,        /* apply (window, cmd, forward, error) with data */
  HASHIYA_COMMAND_REPLY,         /* comment_index, old_start/new_start: the parent (0 = none) */
} HashiyaCommandKind;

typedef struct _HashiyaCommand HashiyaCommand;
/* A command that knows how to apply itself (forward = redo); window is the HashiyaWindow. */
typedef gboolean (*HashiyaCommandApplyFunc) (gpointer         window,
                                             HashiyaCommand  *cmd,
                                             gboolean         forward,
                                             GError         **error);

struct _HashiyaCommand
{
  HashiyaCommandKind kind;
  gint64             doc_id;
  GPtrArray         *spans;      /* HashiyaSpan */
  gint64             span_id;
  char              *old_label;
  char              *new_label;
  gint64             old_start, old_end, new_start, new_end;
  int                comment_index;
  HashiyaJudgement  *old_j;
  HashiyaJudgement  *new_j;
  /* HASHIYA_COMMAND_CUSTOM */
  HashiyaCommandApplyFunc apply;
  gpointer           data;
  GDestroyNotify     data_free;
};

HashiyaCommand *hashiya_command_new  (HashiyaCommandKind kind, gint64 doc_id);
void            hashiya_command_free (HashiyaCommand *cmd);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HashiyaCommand, hashiya_command_free)

typedef struct _HashiyaUndo HashiyaUndo;

HashiyaUndo    *hashiya_undo_new       (void);
void            hashiya_undo_free      (HashiyaUndo *undo);
/* Takes ownership; clears the redo list. */
void            hashiya_undo_push      (HashiyaUndo *undo, HashiyaCommand *cmd);
gboolean        hashiya_undo_can_undo  (HashiyaUndo *undo);
gboolean        hashiya_undo_can_redo  (HashiyaUndo *undo);
/* The command to undo / redo now (still owned by the history), or NULL. */
HashiyaCommand *hashiya_undo_peek_undo (HashiyaUndo *undo);
HashiyaCommand *hashiya_undo_peek_redo (HashiyaUndo *undo);
/* After a successful undo / redo: move the command to the other list. */
void            hashiya_undo_did_undo  (HashiyaUndo *undo);
void            hashiya_undo_did_redo  (HashiyaUndo *undo);
void            hashiya_undo_clear     (HashiyaUndo *undo);

G_END_DECLS
