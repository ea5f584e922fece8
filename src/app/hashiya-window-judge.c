/* hashiya-window-judge.c: judging reader comments (keys, card controls and the panel)
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A judgement is one record per comment and annotator; every change writes the whole
 * record and keeps the previous one for undo.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "hashiya-window-private.h"

static void
set_state (HashiyaWindow *self, const char *name, GVariant *state)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), name);

  if (action != NULL)
    g_simple_action_set_state (G_SIMPLE_ACTION (action), state);
  else
    g_variant_unref (g_variant_ref_sink (state));
}

/* ---- the comment panel ---------------------------------------------------- */

void
hashiya_window_sync_comment_panel (HashiyaWindow *self)
{
  int current, n;
  const HashiyaJudgement *j;
  const char *sentiment, *decision;

  /* a note typed for the comment we leave is kept, Enter or not */
  hashiya_window_flush_note (self);
  current = hashiya_document_view_get_current_comment (self->doc_view);
  n = hashiya_document_view_get_n_comments (self->doc_view);
  j = current ? hashiya_document_view_get_judgement (self->doc_view, current) : NULL;
  sentiment = j ? hashiya_sentiment_to_string (j->sentiment) : NULL;
  decision = j ? hashiya_decision_to_string (j->decision) : NULL;

  self->updating_panel = TRUE;
  if (current > 0)
    {
      g_autofree char *title = hashiya_localize_digits (g_strdup_printf (_("Comment %d of %d"), current, n));
      gtk_label_set_text (self->comment_title, title);
    }
  else if (n > 0)
    gtk_label_set_text (self->comment_title, _("No comment selected (J / K)"));
  else
    gtk_label_set_text (self->comment_title, _("This document has no comments"));
  set_state (self, "sentiment", g_variant_new_string (sentiment ? sentiment : ""));
  set_state (self, "decision", g_variant_new_string (decision ? decision : ""));
  set_state (self, "offensive", g_variant_new_boolean (j && j->offensive == 1));
  set_state (self, "hate", g_variant_new_boolean (j && j->hate_speech == 1));
  gtk_editable_set_text (GTK_EDITABLE (self->note_entry), j && j->note ? j->note : "");
  gtk_widget_set_sensitive (GTK_WIDGET (self->note_entry), current > 0);
  self->note_doc = self->doc_id;
  self->note_comment = current;
  self->note_dirty = FALSE;
  self->updating_panel = FALSE;
}

/* ---- judgements ----------------------------------------------------------- */

typedef void (*JudgeFunc) (HashiyaJudgement *j, gpointer data);

static void judge_index (HashiyaWindow *self, int index, JudgeFunc func, gpointer data);

static void
judge_current (HashiyaWindow *self, JudgeFunc func, gpointer data)
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
  judge_index (self, index, func, data);
}

static void
judge_index (HashiyaWindow *self, int index, JudgeFunc func, gpointer data)
{
  const HashiyaJudgement *old;
  g_autoptr(HashiyaJudgement) j = NULL;
  g_autoptr(GError) error = NULL;
  HashiyaCommand *cmd;

  old = hashiya_document_view_get_judgement (self->doc_view, index);
  if (old != NULL)
    j = hashiya_judgement_copy (old);
  else
    {
      j = g_new0 (HashiyaJudgement, 1);
      j->doc_id = self->doc_id;
      j->comment_index = index;
      j->annotator = g_strdup (self->annotator);
      j->sentiment = HASHIYA_SENTIMENT_NONE;
      j->offensive = -1;
      j->hate_speech = -1;
      j->decision = HASHIYA_DECISION_NONE;
    }
  func (j, data);
  if (!hashiya_store_set_judgement (self->store, j, &error))
    {
      hashiya_window_toast (self, error->message);
      return;
    }
  cmd = hashiya_command_new (HASHIYA_COMMAND_JUDGE, self->doc_id);
  cmd->comment_index = index;
  cmd->old_j = old ? hashiya_judgement_copy (old) : NULL;
  cmd->new_j = hashiya_judgement_copy (j);
  hashiya_document_view_set_judgement (self->doc_view, index, j);
  hashiya_window_push_command (self, cmd);
  if (index == hashiya_document_view_get_current_comment (self->doc_view))
    hashiya_window_sync_comment_panel (self);
}

static void
set_sentiment (HashiyaJudgement *j, gpointer data)
{
  j->sentiment = GPOINTER_TO_INT (data);
}

static void
set_decision (HashiyaJudgement *j, gpointer data)
{
  j->decision = GPOINTER_TO_INT (data);
}

static void
toggle_offensive (HashiyaJudgement *j, gpointer data)
{
  j->offensive = j->offensive == 1 ? 0 : 1;
}

static void
toggle_hate (HashiyaJudgement *j, gpointer data)
{
  j->hate_speech = j->hate_speech == 1 ? 0 : 1;
}

static void
set_note (HashiyaJudgement *j, gpointer data)
{
  g_free (j->note);
  j->note = data && *(const char *) data ? g_strdup (data) : NULL;
}

void
hashiya_window_action_sentiment (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  HashiyaWindow *self = user_data;
  HashiyaSentiment s;

  if (self->updating_panel)
    return;
  if (!hashiya_sentiment_from_string (g_variant_get_string (param, NULL), &s))
    return;
  judge_current (self, set_sentiment, GINT_TO_POINTER (s));
}

void
hashiya_window_action_decision (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  HashiyaWindow *self = user_data;
  HashiyaDecision d;

  if (self->updating_panel)
    return;
  if (!hashiya_decision_from_string (g_variant_get_string (param, NULL), &d))
    return;
  judge_current (self, set_decision, GINT_TO_POINTER (d));
}

void
hashiya_window_action_offensive (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  HashiyaWindow *self = user_data;

  if (!self->updating_panel)
    judge_current (self, toggle_offensive, NULL);
}

void
hashiya_window_action_hate (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  HashiyaWindow *self = user_data;

  if (!self->updating_panel)
    judge_current (self, toggle_hate, NULL);
}

void
hashiya_window_action_note (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  HashiyaWindow *self = user_data;

  if (!self->updating_panel)
    judge_current (self, set_note, (gpointer) g_variant_get_string (param, NULL));
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
  judge_index (self, self->note_comment, set_note, copy);
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
