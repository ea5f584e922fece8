/* hashiya-window-judge.c: judging reader comments (keys, card controls and the panel)
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A judgement is one record per comment and annotator; every change writes the whole
 * record and keeps the previous one for undo.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "hashiya-window-private.h"

/* ---- judgements ----------------------------------------------------------- */

void
hashiya_window_judge_current (HashiyaWindow *self, JudgeFunc func, gpointer data)
{
  int index = hashiya_document_view_get_current_comment (self->doc_view);

  if (self->store == NULL)
    return;
  if (index == 0)
    {
      index = hashiya_document_view_find_comment (self->doc_view, 1);
      if (index == 0)
        {
          hashiya_window_toast (self, _("No comment selected: press J to go to the next comment"));
          return;
        }
      hashiya_document_view_set_current_comment (self->doc_view, index, TRUE);
    }
  hashiya_window_judge_index (self, index, func, data);
}

void
hashiya_window_judge_index (HashiyaWindow *self, int index, JudgeFunc func, gpointer data)
{
  const HashiyaJudgement *old;
  g_autoptr(HashiyaJudgement) j = NULL;
  g_autoptr(GError) error = NULL;
  HashiyaCommand *cmd;

  old = hashiya_document_view_get_judgement (self->doc_view, index);
  if (old != NULL)
    j = hashiya_judgement_copy (old);
  else
    j = hashiya_judgement_new (self->doc_id, index, self->annotator);
  func (j, data);
  hashiya_window_drop_unmet_values (self, j);
  if (hashiya_judgement_is_empty (j))
    {
      /* every value taken away: no judgement at all, as before any was made */
      g_clear_pointer (&j, hashiya_judgement_free);
      if (old == NULL)
        return;
    }
  if (j != NULL ? !hashiya_store_set_judgement (self->store, j, &error)
                : !hashiya_store_clear_judgement (self->store, self->doc_id, index, self->annotator, &error))
    {
      hashiya_window_toast (self, error->message);
      return;
    }
  cmd = hashiya_command_new (HASHIYA_COMMAND_JUDGE, self->doc_id);
  cmd->comment_index = index;
  cmd->old_j = old ? hashiya_judgement_copy (old) : NULL;
  cmd->new_j = j ? hashiya_judgement_copy (j) : NULL;
  hashiya_document_view_set_judgement (self->doc_view, index, j);
  hashiya_window_push_command (self, cmd);
  if (index == hashiya_document_view_get_current_comment (self->doc_view))
    hashiya_window_sync_comment_panel (self);
}

static void
set_note (HashiyaJudgement *j, gpointer data)
{
  g_free (j->note);
  j->note = data && *(const char *) data ? g_strdup (data) : NULL;
}

void
hashiya_window_action_note (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  HashiyaWindow *self = user_data;

  if (!self->updating_panel)
    hashiya_window_judge_current (self, set_note, (gpointer) g_variant_get_string (param, NULL));
}

void
hashiya_window_on_note_activate (GtkEntry *entry, HashiyaWindow *self)
{
  self->note_dirty = FALSE;
  g_action_group_activate_action (G_ACTION_GROUP (self), "note",
                                  g_variant_new_string (gtk_editable_get_text (GTK_EDITABLE (entry))));
  gtk_widget_grab_focus (GTK_WIDGET (self->doc_view));
}

void
hashiya_window_flush_note (HashiyaWindow *self)
{
  const HashiyaJudgement *j;
  const char *text;
  g_autofree char *copy = NULL;

  if (self->updating_panel || !self->note_dirty || self->store == NULL || self->note_comment <= 0
      || self->note_doc != self->doc_id || self->doc_id == 0)
    return;
  self->note_dirty = FALSE;
  text = gtk_editable_get_text (GTK_EDITABLE (self->note_entry));
  j = hashiya_document_view_get_judgement (self->doc_view, self->note_comment);
  if (g_strcmp0 (j && j->note ? j->note : "", text ? text : "") == 0)
    return;
  copy = g_strdup (text);
  hashiya_window_judge_index (self, self->note_comment, set_note, copy);
}

static void
on_note_changed (HashiyaWindow *self)
{
  if (!self->updating_panel)
    self->note_dirty = TRUE;
}

static void
on_note_focus_leave (HashiyaWindow *self)
{
  hashiya_window_flush_note (self);
}

static gboolean
on_note_key (GtkEventControllerKey *controller, guint keyval, guint keycode,
             GdkModifierType state, HashiyaWindow *self)
{
  if (keyval != GDK_KEY_Escape)
    return FALSE;
  /* back to the text; leaving the field saves the note */
  gtk_widget_grab_focus (GTK_WIDGET (self->doc_view));
  return TRUE;
}

void
hashiya_window_setup_note (HashiyaWindow *self)
{
  GtkEventController *focus = gtk_event_controller_focus_new ();
  GtkEventController *keys = gtk_event_controller_key_new ();

  g_signal_connect_object (focus, "leave", G_CALLBACK (on_note_focus_leave), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->note_entry), focus);
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (on_note_key), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self->note_entry), keys);
  g_signal_connect_object (self->note_entry, "changed", G_CALLBACK (on_note_changed), self, G_CONNECT_SWAPPED);
}

/* E: the note of the current comment (the next one when none is current). */
void
hashiya_window_action_focus_note (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  HashiyaWindow *self = user_data;

  if (hashiya_document_view_get_current_comment (self->doc_view) == 0)
    {
      int index = hashiya_document_view_find_comment (self->doc_view, 1);
      if (index == 0)
        {
          hashiya_window_toast (self, _("No comment selected: press J to go to the next comment"));
          return;
        }
      hashiya_document_view_set_current_comment (self->doc_view, index, TRUE);
    }
  g_action_group_change_action_state (G_ACTION_GROUP (self), "show-panel", g_variant_new_boolean (TRUE));
  gtk_widget_grab_focus (GTK_WIDGET (self->note_entry));
}

static void
move_comment (HashiyaWindow *self, int direction)
{
  int index = hashiya_document_view_find_comment (self->doc_view, direction);

  if (index == 0)
    {
      /* the queue goes on in the next (previous) document: hashiya-window-queue.c */
      if (hashiya_window_move_comment_across (self, direction))
        return;
      hashiya_window_toast (self, direction > 0 ? _("This is the last comment") : _("This is the first comment"));
      return;
    }
  hashiya_document_view_set_current_comment (self->doc_view, index, TRUE);
}

void
hashiya_window_action_next_comment (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  move_comment (user_data, 1);
}

void
hashiya_window_action_prev_comment (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  move_comment (user_data, -1);
}
