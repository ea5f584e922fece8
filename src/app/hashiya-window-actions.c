/* hashiya-window-actions.c: what the annotator does: tag, relabel, resize, delete, judge,
 * find, undo/redo, import and export
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every action writes to the store at once (one transaction) and then updates the view;
 * a store error leaves the view as it was and tells the user why.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "hashiya-window-private.h"
#include "hashiya-import.h"
#include "hashiya-preferences.h"
#include "hashiya-export-dialog.h"

static HashiyaApplication *
get_app (HashiyaWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  return HASHIYA_IS_APPLICATION (app) ? HASHIYA_APPLICATION (app) : NULL;
}

static void
set_enabled (HashiyaWindow *self, const char *name, gboolean enabled)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), name);

  if (action != NULL)
    g_simple_action_set_enabled (G_SIMPLE_ACTION (action), enabled);
}

static void
set_state (HashiyaWindow *self, const char *name, GVariant *state)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), name);

  if (action != NULL)
    g_simple_action_set_state (G_SIMPLE_ACTION (action), state);
  else
    g_variant_unref (g_variant_ref_sink (state));
}

static gboolean
get_bool_state (HashiyaWindow *self, const char *name)
{
  g_autoptr(GVariant) state = g_action_group_get_action_state (G_ACTION_GROUP (self), name);
  return state != NULL && g_variant_get_boolean (state);
}

void
hashiya_window_update_actions (HashiyaWindow *self)
{
  gboolean project = self->store != NULL;
  gboolean doc = project && self->doc_id != 0;
  gboolean comments = doc && hashiya_document_view_get_n_comments (self->doc_view) > 0;
  const char *doc_actions[] = { "tag", "tag-exact", "tag-key", "tag-key-exact", "delete-span",
                                "next-span", "prev-span", "resize-span", "find", "tag-all",
                                "toggle-done", "clear-selection", NULL };
  const char *comment_actions[] = { "next-comment", "prev-comment", "sentiment", "offensive",
                                    "hate", "decision", "note", NULL };

  for (guint i = 0; doc_actions[i]; i++)
    set_enabled (self, doc_actions[i], doc);
  for (guint i = 0; comment_actions[i]; i++)
    set_enabled (self, comment_actions[i], comments);
  set_enabled (self, "import", project && !self->busy);
  set_enabled (self, "export", project && !self->busy);
  set_enabled (self, "export-to", project && !self->busy);
  set_enabled (self, "cancel-import", self->busy);
  set_enabled (self, "undo", project && hashiya_undo_can_undo (self->undo));
  set_enabled (self, "redo", project && hashiya_undo_can_redo (self->undo));
  set_enabled (self, "open-document", project);
  set_enabled (self, "next-document", doc);
  set_enabled (self, "prev-document", doc);
  set_enabled (self, "focus-documents", project);
  set_enabled (self, "show-panel", doc);
  {
    /* the start screen shows only what works without a project */
    GtkWidget *project_only[] = { self->undo_button, self->redo_button, self->import_button,
                                  self->export_button, self->panel_button, self->find_button,
                                  self->snap_button };
    for (guint i = 0; i < G_N_ELEMENTS (project_only); i++)
      if (project_only[i] != NULL)
        gtk_widget_set_visible (project_only[i], project);
  }
  gtk_widget_set_visible (GTK_WIDGET (self->side_panel), get_bool_state (self, "show-panel"));
  gtk_widget_set_visible (self->panel_separator, get_bool_state (self, "show-panel"));
}

void
hashiya_window_sync_done_state (HashiyaWindow *self)
{
  g_autoptr(HashiyaDocument) d = NULL;

  if (self->store != NULL && self->doc_id != 0)
    d = hashiya_store_get_document (self->store, self->doc_id, NULL);
  set_state (self, "toggle-done", g_variant_new_boolean (d != NULL && d->done));
}

/* ---- the comment panel ---------------------------------------------------- */

void
hashiya_window_sync_comment_panel (HashiyaWindow *self)
{
  int current = hashiya_document_view_get_current_comment (self->doc_view);
  int n = hashiya_document_view_get_n_comments (self->doc_view);
  const HashiyaJudgement *j = current ? hashiya_document_view_get_judgement (self->doc_view, current) : NULL;
  const char *sentiment = j ? hashiya_sentiment_to_string (j->sentiment) : NULL;
  const char *decision = j ? hashiya_decision_to_string (j->decision) : NULL;

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
  self->updating_panel = FALSE;
}

/* ---- applying commands ---------------------------------------------------- */

static gboolean
ensure_document (HashiyaWindow *self, gint64 doc_id, GError **error)
{
  if (doc_id == self->doc_id)
    return TRUE;
  return hashiya_window_load_document (self, doc_id, error);
}

static gboolean
store_add_spans (HashiyaWindow *self, GPtrArray *spans, GError **error)
{
  if (!hashiya_store_begin (self->store, error))
    return FALSE;
  for (guint i = 0; i < spans->len; i++)
    if (!hashiya_store_restore_span (self->store, g_ptr_array_index (spans, i), error))
      {
        hashiya_store_rollback (self->store);
        return FALSE;
      }
  return hashiya_store_commit (self->store, error);
}

static gboolean
store_remove_spans (HashiyaWindow *self, GPtrArray *spans, GError **error)
{
  if (!hashiya_store_begin (self->store, error))
    return FALSE;
  for (guint i = 0; i < spans->len; i++)
    if (!hashiya_store_remove_span (self->store, ((HashiyaSpan *) g_ptr_array_index (spans, i))->id, error))
      {
        hashiya_store_rollback (self->store);
        return FALSE;
      }
  return hashiya_store_commit (self->store, error);
}

static gboolean
store_set_judgement (HashiyaWindow *self, gint64 doc_id, int index,
                     const HashiyaJudgement *j, GError **error)
{
  if (j != NULL)
    return hashiya_store_set_judgement (self->store, j, error);
  return hashiya_store_clear_judgement (self->store, doc_id, index, self->annotator, error);
}

static gboolean
refresh_row_idle (gpointer data)
{
  HashiyaWindow *self = data;

  self->row_idle = 0;
  hashiya_window_refresh_document_row (self, self->doc_id);
  return G_SOURCE_REMOVE;
}

/* The sidebar's progress counts cost a query: refresh them after the frame, once. */
static void
queue_row_refresh (HashiyaWindow *self)
{
  if (self->row_idle == 0)
    self->row_idle = g_timeout_add_full (G_PRIORITY_LOW, 250, refresh_row_idle, self, NULL);
}

/* Applies cmd forwards (redo) or backwards (undo) to the store, then to the view. */
static gboolean
apply_command (HashiyaWindow *self, HashiyaCommand *cmd, gboolean forward, GError **error)
{
  gboolean add;

  if (!ensure_document (self, cmd->doc_id, error))
    return FALSE;
  switch (cmd->kind)
    {
    case HASHIYA_COMMAND_ADD_SPANS:
    case HASHIYA_COMMAND_REMOVE_SPANS:
      add = (cmd->kind == HASHIYA_COMMAND_ADD_SPANS) == forward;
      if (add ? !store_add_spans (self, cmd->spans, error) : !store_remove_spans (self, cmd->spans, error))
        return FALSE;
      for (guint i = 0; i < cmd->spans->len; i++)
        {
          HashiyaSpan *s = g_ptr_array_index (cmd->spans, i);
          if (add)
            hashiya_document_view_add_span (self->doc_view, s);
          else
            hashiya_document_view_remove_span (self->doc_view, s->id);
        }
      if (add && cmd->spans->len == 1)
        hashiya_document_view_select_span (self->doc_view, ((HashiyaSpan *) g_ptr_array_index (cmd->spans, 0))->id);
      break;
    case HASHIYA_COMMAND_RELABEL:
      {
        const char *label = forward ? cmd->new_label : cmd->old_label;
        guint pos = hashiya_span_model_find (hashiya_document_view_get_span_model (self->doc_view), cmd->span_id);
        const HashiyaSpan *s;

        if (!hashiya_store_relabel_span (self->store, cmd->span_id, label, error))
          return FALSE;
        if (pos != G_MAXUINT)
          {
            s = hashiya_span_model_get (hashiya_document_view_get_span_model (self->doc_view), pos);
            hashiya_document_view_update_span (self->doc_view, cmd->span_id, s->start, s->end, label);
          }
        hashiya_document_view_select_span (self->doc_view, cmd->span_id);
      }
      break;
    case HASHIYA_COMMAND_RESIZE:
      {
        gint64 start = forward ? cmd->new_start : cmd->old_start;
        gint64 end = forward ? cmd->new_end : cmd->old_end;

        if (!hashiya_store_resize_span (self->store, cmd->span_id, start, end, error))
          return FALSE;
        hashiya_document_view_update_span (self->doc_view, cmd->span_id, start, end, NULL);
        hashiya_document_view_select_span (self->doc_view, cmd->span_id);
      }
      break;
    case HASHIYA_COMMAND_JUDGE:
      {
        const HashiyaJudgement *j = forward ? cmd->new_j : cmd->old_j;

        if (!store_set_judgement (self, cmd->doc_id, cmd->comment_index, j, error))
          return FALSE;
        hashiya_document_view_set_judgement (self->doc_view, cmd->comment_index, j);
        hashiya_document_view_set_current_comment (self->doc_view, cmd->comment_index, TRUE);
        hashiya_window_sync_comment_panel (self);
      }
      break;
    default:
      g_assert_not_reached ();
    }
  queue_row_refresh (self);
  hashiya_window_update_span_title (self);
  return TRUE;
}

static void
push_command (HashiyaWindow *self, HashiyaCommand *cmd)
{
  gboolean could_undo = hashiya_undo_can_undo (self->undo);
  gboolean could_redo = hashiya_undo_can_redo (self->undo);

  hashiya_undo_push (self->undo, cmd);
  queue_row_refresh (self);
  hashiya_window_update_span_title (self);
  if (!could_undo || could_redo)
    hashiya_window_update_actions (self);
}

static void
on_undo (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  HashiyaWindow *self = user_data;
  HashiyaCommand *cmd = hashiya_undo_peek_undo (self->undo);
  g_autoptr(GError) error = NULL;

  if (cmd == NULL)
    return;
  if (apply_command (self, cmd, FALSE, &error))
    hashiya_undo_did_undo (self->undo);
  else
    hashiya_window_show_error (self, _("Cannot Undo"), error->message);
  hashiya_window_update_actions (self);
}

static void
on_redo (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  HashiyaWindow *self = user_data;
  HashiyaCommand *cmd = hashiya_undo_peek_redo (self->undo);
  g_autoptr(GError) error = NULL;

  if (cmd == NULL)
    return;
  if (apply_command (self, cmd, TRUE, &error))
    hashiya_undo_did_redo (self->undo);
  else
    hashiya_window_show_error (self, _("Cannot Redo"), error->message);
  hashiya_window_update_actions (self);
}

/* ---- spans ---------------------------------------------------------------- */

static const HashiyaLabel *
label_by_name (HashiyaWindow *self, const char *name)
{
  for (guint i = 0; self->labels && i < self->labels->len; i++)
    {
      HashiyaLabel *l = g_ptr_array_index (self->labels, i);
      if (g_strcmp0 (l->name, name) == 0)
        return l;
    }
  return NULL;
}

static const HashiyaLabel *
label_by_key (HashiyaWindow *self, const char *key)
{
  for (guint i = 0; self->labels && i < self->labels->len; i++)
    {
      HashiyaLabel *l = g_ptr_array_index (self->labels, i);
      if (g_strcmp0 (l->key, key) == 0)
        return l;
    }
  return NULL;
}

/* The tokens of the paragraph around [start, end) (a window of it for very long lines). */
static GArray *
tokens_around (HashiyaText *text, gint64 start, gint64 end)
{
  gint64 len = hashiya_text_get_length (text);
  gint64 a = start, b = end;

  while (a > 0 && start - a < 2000 && hashiya_text_get_char (text, a - 1) != '\n')
    a--;
  while (b < len && b - end < 2000 && hashiya_text_get_char (text, b) != '\n')
    b++;
  return hashiya_tokenize (text, a, b);
}

static gboolean
is_blank (gunichar c)
{
  return hashiya_unichar_is_space (c) || c == '\n';
}

/* Snaps a selection: outward to whole tokens, or (exact) to grapheme boundaries only. */
static gboolean
snap_range (HashiyaText *text, gboolean words, gint64 *start, gint64 *end)
{
  gint64 s = *start, e = *end;

  while (s < e && is_blank (hashiya_text_get_char (text, s)))
    s++;
  while (e > s && is_blank (hashiya_text_get_char (text, e - 1)))
    e--;
  if (s >= e)
    return FALSE;
  if (words)
    {
      g_autoptr(GArray) tokens = tokens_around (text, s, e);
      gint64 ns = -1, ne = -1;

      for (guint i = 0; i < tokens->len; i++)
        {
          HashiyaToken *t = &g_array_index (tokens, HashiyaToken, i);
          if ((gint64) t->end > s && (gint64) t->start < e)
            {
              if (ns < 0)
                ns = t->start;
              ne = t->end;
            }
        }
      if (ns >= 0)
        {
          s = MIN (s, ns);
          e = MAX (e, ne);
        }
    }
  s = hashiya_text_grapheme_floor (text, s);
  e = hashiya_text_grapheme_ceil (text, e);
  if (s >= e)
    return FALSE;
  *start = s;
  *end = e;
  return TRUE;
}

static void
relabel_span (HashiyaWindow *self, gint64 span_id, const char *label)
{
  HashiyaSpanModel *model = hashiya_document_view_get_span_model (self->doc_view);
  guint pos = hashiya_span_model_find (model, span_id);
  const HashiyaSpan *s;
  g_autoptr(GError) error = NULL;
  HashiyaCommand *cmd;

  if (pos == G_MAXUINT)
    return;
  s = hashiya_span_model_get (model, pos);
  if (g_strcmp0 (s->label, label) == 0)
    return;
  if (!hashiya_store_relabel_span (self->store, span_id, label, &error))
    {
      hashiya_window_toast (self, error->message);
      return;
    }
  cmd = hashiya_command_new (HASHIYA_COMMAND_RELABEL, self->doc_id);
  cmd->span_id = span_id;
  cmd->old_label = g_strdup (s->label);
  cmd->new_label = g_strdup (label);
  hashiya_document_view_update_span (self->doc_view, span_id, s->start, s->end, label);
  push_command (self, cmd);
}

static void
tag_selection (HashiyaWindow *self, const char *label, gboolean exact)
{
  gint64 start, end, id;
  gint64 selected = hashiya_document_view_get_selected_span (self->doc_view);
  HashiyaText *text = hashiya_document_view_get_text (self->doc_view);
  g_autoptr(GError) error = NULL;
  g_autoptr(HashiyaSpan) span = NULL;
  HashiyaCommand *cmd;
  gboolean words;

  if (self->store == NULL || self->doc_id == 0 || text == NULL)
    return;
  if (label_by_name (self, label) == NULL)
    {
      g_autofree char *msg = g_strdup_printf (_("There is no label “%s” in this project"), label);
      hashiya_window_toast (self, msg);
      return;
    }
  if (!hashiya_document_view_get_selection (self->doc_view, &start, &end))
    {
      if (selected == 0)
        {
          hashiya_window_toast (self, _("Select some text first"));
          return;
        }
    }
  if (selected != 0)
    {
      HashiyaSpanModel *model = hashiya_document_view_get_span_model (self->doc_view);
      const HashiyaSpan *s = hashiya_span_model_get (model, hashiya_span_model_find (model, selected));
      if (s->start == start && s->end == end)
        {
          relabel_span (self, selected, label);
          return;
        }
    }
  words = !exact && get_bool_state (self, "snap");
  if (!snap_range (text, words, &start, &end))
    {
      hashiya_window_toast (self, _("The selection holds no text to tag"));
      return;
    }
  id = hashiya_store_add_span (self->store, self->doc_id, start, end, label,
                               self->annotator, "manual", &error);
  if (id == 0)
    {
      hashiya_window_toast (self, error->message);
      return;
    }
  span = hashiya_store_get_span (self->store, id, &error);
  if (span == NULL)
    {
      hashiya_window_toast (self, error->message);
      return;
    }
  cmd = hashiya_command_new (HASHIYA_COMMAND_ADD_SPANS, self->doc_id);
  g_ptr_array_add (cmd->spans, hashiya_span_copy (span));
  hashiya_document_view_add_span (self->doc_view, span);
  hashiya_document_view_select_span (self->doc_view, id);
  push_command (self, cmd);
}

static void
on_tag (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  tag_selection (user_data, g_variant_get_string (param, NULL), FALSE);
}

static void
on_tag_exact (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  tag_selection (user_data, g_variant_get_string (param, NULL), TRUE);
}

static void
tag_by_key (HashiyaWindow *self, const char *key, gboolean exact)
{
  const HashiyaLabel *l = label_by_key (self, key);

  if (l == NULL)
    {
      g_autofree char *msg = g_strdup_printf (_("No label has the key %s"), key);
      hashiya_window_toast (self, msg);
      return;
    }
  tag_selection (self, l->name, exact);
}

static void
on_tag_key (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  tag_by_key (user_data, g_variant_get_string (param, NULL), FALSE);
}

static void
on_tag_key_exact (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  tag_by_key (user_data, g_variant_get_string (param, NULL), TRUE);
}

static void
on_delete_span (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  HashiyaWindow *self = user_data;
  gint64 id = hashiya_document_view_get_selected_span (self->doc_view);
  HashiyaSpanModel *model = hashiya_document_view_get_span_model (self->doc_view);
  g_autoptr(GError) error = NULL;
  HashiyaCommand *cmd;
  guint pos;
  AdwToast *toast;
  g_autofree char *title = NULL;

  if (id == 0)
    {
      gint64 start, end;
      if (hashiya_document_view_get_selection (self->doc_view, &start, &end))
        {
          const HashiyaSpan *s = hashiya_span_model_at (model, start, end);
          if (s != NULL && s->start == start && s->end == end)
            id = s->id;
        }
    }
  pos = id ? hashiya_span_model_find (model, id) : G_MAXUINT;
  if (pos == G_MAXUINT)
    {
      hashiya_window_toast (self, _("Select a span to delete it (click it or press Tab)"));
      return;
    }
  cmd = hashiya_command_new (HASHIYA_COMMAND_REMOVE_SPANS, self->doc_id);
  g_ptr_array_add (cmd->spans, hashiya_span_copy (hashiya_span_model_get (model, pos)));
  if (!hashiya_store_remove_span (self->store, id, &error))
    {
      hashiya_command_free (cmd);
      hashiya_window_toast (self, error->message);
      return;
    }
  title = g_strdup_printf (_("Removed %s span"), ((HashiyaSpan *) g_ptr_array_index (cmd->spans, 0))->label);
  hashiya_document_view_remove_span (self->doc_view, id);
  push_command (self, cmd);
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_action_name (toast, "win.undo");
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
move_span (HashiyaWindow *self, int direction)
{
  HashiyaSpanModel *model = hashiya_document_view_get_span_model (self->doc_view);
  guint n = hashiya_span_model_get_count (model);
  gint64 selected = hashiya_document_view_get_selected_span (self->doc_view);
  guint pos = selected ? hashiya_span_model_find (model, selected) : G_MAXUINT;
  guint next;

  if (n == 0)
    return;
  if (pos != G_MAXUINT)
    {
      if (direction > 0)
        next = pos + 1 < n ? pos + 1 : 0;
      else
        next = pos > 0 ? pos - 1 : n - 1;
    }
  else
    {
      gint64 cursor = hashiya_document_view_get_cursor (self->doc_view);
      guint lb = hashiya_span_model_lower_bound (model, cursor);
      if (direction > 0)
        next = lb < n ? lb : 0;
      else
        next = lb > 0 ? lb - 1 : n - 1;
    }
  hashiya_document_view_select_span (self->doc_view, hashiya_span_model_get (model, next)->id);
}

static void
on_next_span (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  move_span (user_data, 1);
}

static void
on_prev_span (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  move_span (user_data, -1);
}

/* param: "start-", "start+", "end-", "end+", with a "word-" prefix to move by words */
static void
on_resize_span (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  HashiyaWindow *self = user_data;
  const char *how = g_variant_get_string (param, NULL);
  gboolean words = g_str_has_prefix (how, "word-");
  gboolean at_end, grow;
  gint64 id = hashiya_document_view_get_selected_span (self->doc_view);
  HashiyaSpanModel *model = hashiya_document_view_get_span_model (self->doc_view);
  HashiyaText *text = hashiya_document_view_get_text (self->doc_view);
  guint pos = id ? hashiya_span_model_find (model, id) : G_MAXUINT;
  const HashiyaSpan *s;
  gint64 start, end, len;
  g_autoptr(GError) error = NULL;
  HashiyaCommand *cmd;

  if (pos == G_MAXUINT || text == NULL)
    return;
  if (words)
    how += strlen ("word-");
  at_end = g_str_has_prefix (how, "end");
  grow = at_end ? g_str_has_suffix (how, "+") : g_str_has_suffix (how, "-");
  s = hashiya_span_model_get (model, pos);
  start = s->start;
  end = s->end;
  len = hashiya_text_get_length (text);

  if (!words)
    {
      if (at_end)
        end = grow ? hashiya_text_grapheme_ceil (text, MIN (end + 1, len))
                   : hashiya_text_grapheme_floor (text, end - 1);
      else
        start = grow ? hashiya_text_grapheme_floor (text, MAX (start - 1, 0))
                     : hashiya_text_grapheme_ceil (text, start + 1);
    }
  else
    {
      g_autoptr(GArray) tokens = tokens_around (text, start, end);
      gint64 best = -1;

      for (guint i = 0; i < tokens->len; i++)
        {
          HashiyaToken *t = &g_array_index (tokens, HashiyaToken, i);
          gint64 ts = t->start, te = t->end;
          if (at_end && grow && te > end && best < 0)
            best = te;
          else if (at_end && !grow && te < end && te > start)
            best = te;
          else if (!at_end && grow && ts < start)
            best = ts;
          else if (!at_end && !grow && ts > start && ts < end && best < 0)
            best = ts;
        }
      if (best >= 0)
        {
          if (at_end)
            end = best;
          else
            start = best;
        }
    }
  if (start >= end || start < 0 || end > len || (start == s->start && end == s->end))
    return;
  if (!hashiya_store_resize_span (self->store, id, start, end, &error))
    {
      hashiya_window_toast (self, error->message);
      return;
    }
  cmd = hashiya_command_new (HASHIYA_COMMAND_RESIZE, self->doc_id);
  cmd->span_id = id;
  cmd->old_start = s->start;
  cmd->old_end = s->end;
  cmd->new_start = start;
  cmd->new_end = end;
  hashiya_document_view_update_span (self->doc_view, id, start, end, NULL);
  push_command (self, cmd);
}

static void
on_clear_selection (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  HashiyaWindow *self = user_data;

  hashiya_document_view_clear_selection (self->doc_view);
}

/* ---- judgements ----------------------------------------------------------- */

typedef void (*JudgeFunc) (HashiyaJudgement *j, gpointer data);

static void
judge_current (HashiyaWindow *self, JudgeFunc func, gpointer data)
{
  int index = hashiya_document_view_get_current_comment (self->doc_view);
  const HashiyaJudgement *old;
  g_autoptr(HashiyaJudgement) j = NULL;
  g_autoptr(GError) error = NULL;
  HashiyaCommand *cmd;

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
  push_command (self, cmd);
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

static void
on_sentiment (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  HashiyaWindow *self = user_data;
  HashiyaSentiment s;

  if (self->updating_panel)
    return;
  if (!hashiya_sentiment_from_string (g_variant_get_string (param, NULL), &s))
    return;
  judge_current (self, set_sentiment, GINT_TO_POINTER (s));
}

static void
on_decision (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  HashiyaWindow *self = user_data;
  HashiyaDecision d;

  if (self->updating_panel)
    return;
  if (!hashiya_decision_from_string (g_variant_get_string (param, NULL), &d))
    return;
  judge_current (self, set_decision, GINT_TO_POINTER (d));
}

static void
on_offensive (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  HashiyaWindow *self = user_data;

  if (!self->updating_panel)
    judge_current (self, toggle_offensive, NULL);
}

static void
on_hate (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  HashiyaWindow *self = user_data;

  if (!self->updating_panel)
    judge_current (self, toggle_hate, NULL);
}

static void
on_note (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  HashiyaWindow *self = user_data;

  if (!self->updating_panel)
    judge_current (self, set_note, (gpointer) g_variant_get_string (param, NULL));
}

static void
on_note_activate (GtkEntry *entry, HashiyaWindow *self)
{
  g_action_group_activate_action (G_ACTION_GROUP (self), "note",
                                  g_variant_new_string (gtk_editable_get_text (GTK_EDITABLE (entry))));
  gtk_widget_grab_focus (GTK_WIDGET (self->doc_view));
}

static void
move_comment (HashiyaWindow *self, int direction)
{
  int index = hashiya_document_view_find_comment (self->doc_view, direction);

  if (index == 0)
    {
      hashiya_window_toast (self, direction > 0 ? _("This is the last comment") : _("This is the first comment"));
      return;
    }
  hashiya_document_view_set_current_comment (self->doc_view, index, TRUE);
}

static void
on_next_comment (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  move_comment (user_data, 1);
}

static void
on_prev_comment (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  move_comment (user_data, -1);
}

/* ---- find ----------------------------------------------------------------- */

void
hashiya_window_run_find (HashiyaWindow *self)
{
  const char *query = gtk_editable_get_text (GTK_EDITABLE (self->find_entry));
  HashiyaText *text = hashiya_document_view_get_text (self->doc_view);

  g_clear_pointer (&self->matches, g_array_unref);
  if (text != NULL && query != NULL && *query)
    self->matches = hashiya_text_find_all (text, 0, hashiya_text_get_length (text), query);
  hashiya_document_view_set_matches (self->doc_view, self->matches);
  if (self->matches != NULL)
    {
      g_autofree char *count = hashiya_localize_digits (g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u match", "%u matches",
                                                                                      self->matches->len), self->matches->len));
      gtk_label_set_text (self->find_count, count);
      if (self->matches->len > 0)
        {
          HashiyaRange *r = &g_array_index (self->matches, HashiyaRange, 0);
          hashiya_document_view_place_cursor (self->doc_view, r->start, TRUE);
        }
    }
  else
    gtk_label_set_text (self->find_count, "");
}

static void
on_find_next (HashiyaWindow *self)
{
  gint64 cursor = hashiya_document_view_get_cursor (self->doc_view);

  if (self->matches == NULL || self->matches->len == 0)
    return;
  for (guint i = 0; i < self->matches->len; i++)
    {
      HashiyaRange *r = &g_array_index (self->matches, HashiyaRange, i);
      if ((gint64) r->start > cursor)
        {
          hashiya_document_view_place_cursor (self->doc_view, r->start, TRUE);
          return;
        }
    }
  hashiya_document_view_place_cursor (self->doc_view,
                                      g_array_index (self->matches, HashiyaRange, 0).start, TRUE);
}

static void
on_find (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  HashiyaWindow *self = user_data;
  gboolean on = !gtk_search_bar_get_search_mode (self->find_bar);

  gtk_search_bar_set_search_mode (self->find_bar, on);
  if (on)
    gtk_widget_grab_focus (GTK_WIDGET (self->find_entry));
}

static void
on_find_mode_changed (HashiyaWindow *self)
{
  gboolean on = gtk_search_bar_get_search_mode (self->find_bar);

  set_state (self, "find", g_variant_new_boolean (on));
  if (!on)
    {
      g_clear_pointer (&self->matches, g_array_unref);
      hashiya_document_view_set_matches (self->doc_view, NULL);
      gtk_label_set_text (self->find_count, "");
      gtk_widget_grab_focus (GTK_WIDGET (self->doc_view));
    }
  else
    hashiya_window_run_find (self);
}

static void
on_tag_all (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  HashiyaWindow *self = user_data;
  GtkStringObject *item = gtk_drop_down_get_selected_item (self->find_label);
  const char *label = param ? g_variant_get_string (param, NULL)
                            : item ? gtk_string_object_get_string (item) : NULL;
  g_autoptr(GError) error = NULL;
  HashiyaCommand *cmd;
  guint skipped = 0;
  g_autofree char *msg = NULL;

  if (label == NULL || *label == '\0')
    {
      hashiya_window_toast (self, _("Choose a label for Tag All"));
      return;
    }
  if (self->matches == NULL || self->matches->len == 0)
    {
      hashiya_window_toast (self, _("Nothing found to tag"));
      return;
    }
  if (!hashiya_store_begin (self->store, &error))
    {
      hashiya_window_show_error (self, _("Cannot Tag All"), error->message);
      return;
    }
  cmd = hashiya_command_new (HASHIYA_COMMAND_ADD_SPANS, self->doc_id);
  for (guint i = 0; i < self->matches->len; i++)
    {
      HashiyaRange *r = &g_array_index (self->matches, HashiyaRange, i);
      gint64 id = hashiya_store_add_span (self->store, self->doc_id, r->start, r->end, label,
                                          self->annotator, "manual", &error);
      HashiyaSpan *span;

      if (id == 0 && g_error_matches (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_DUPLICATE))
        {
          g_clear_error (&error);
          skipped++;
          continue;
        }
      if (id == 0 || (span = hashiya_store_get_span (self->store, id, &error)) == NULL)
        {
          hashiya_store_rollback (self->store);
          hashiya_command_free (cmd);
          hashiya_window_show_error (self, _("Cannot Tag All"), error->message);
          return;
        }
      g_ptr_array_add (cmd->spans, span);
    }
  if (!hashiya_store_commit (self->store, &error))
    {
      hashiya_store_rollback (self->store);
      hashiya_command_free (cmd);
      hashiya_window_show_error (self, _("Cannot Tag All"), error->message);
      return;
    }
  for (guint i = 0; i < cmd->spans->len; i++)
    hashiya_document_view_add_span (self->doc_view, g_ptr_array_index (cmd->spans, i));
  msg = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Tagged %u match as %s", "Tagged %u matches as %s",
                                      cmd->spans->len), cmd->spans->len, label);
  if (cmd->spans->len > 0)
    push_command (self, cmd);
  else
    hashiya_command_free (cmd);
  hashiya_window_toast (self, msg);
  (void) skipped;
}

/* ---- document ------------------------------------------------------------- */

static void
on_toggle_done (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  HashiyaWindow *self = user_data;
  g_autoptr(GVariant) state = g_action_get_state (G_ACTION (action));
  gboolean done = !g_variant_get_boolean (state);
  g_autoptr(GError) error = NULL;

  if (!hashiya_store_set_document_done (self->store, self->doc_id, done, &error))
    {
      hashiya_window_toast (self, error->message);
      return;
    }
  g_simple_action_set_state (action, g_variant_new_boolean (done));
  hashiya_window_refresh_document_row (self, self->doc_id);
  hashiya_window_toast (self, done ? _("Document marked as done") : _("Document marked as not done"));
}

static void
on_open_document (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  HashiyaWindow *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!hashiya_window_load_document (self, g_variant_get_int64 (param), &error))
    hashiya_window_show_error (self, _("Cannot Open Document"), error->message);
}

static void
move_document (HashiyaWindow *self, int direction)
{
  g_autoptr(GPtrArray) docs = hashiya_store_list_documents (self->store, NULL);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; docs != NULL && i < docs->len; i++)
    if (((HashiyaDocument *) g_ptr_array_index (docs, i))->id == self->doc_id)
      {
        int next = (int) i + direction;
        if (next < 0 || next >= (int) docs->len)
          {
            hashiya_window_toast (self, direction > 0 ? _("This is the last document")
                                                      : _("This is the first document"));
            return;
          }
        if (!hashiya_window_load_document (self, ((HashiyaDocument *) g_ptr_array_index (docs, next))->id, &error))
          hashiya_window_show_error (self, _("Cannot Open Document"), error->message);
        return;
      }
}

static void
on_next_document (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  move_document (user_data, 1);
}

static void
on_prev_document (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  move_document (user_data, -1);
}

static void
on_focus_documents (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  HashiyaWindow *self = user_data;

  gtk_widget_grab_focus (GTK_WIDGET (self->doc_filter));
}

static void
on_toggle_state (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  HashiyaWindow *self = user_data;
  g_autoptr(GVariant) state = g_action_get_state (G_ACTION (action));

  g_simple_action_set_state (action, g_variant_new_boolean (!g_variant_get_boolean (state)));
  hashiya_window_update_actions (self);
}

static void
on_preferences (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  HashiyaWindow *self = user_data;
  GtkWindow *prefs = hashiya_preferences_new (self);

  gtk_window_present (prefs);
}

/* ---- import --------------------------------------------------------------- */

typedef struct
{
  HashiyaStore  *store;
  GPtrArray     *paths;     /* char* */
  GPtrArray     *reports;   /* HashiyaImportReport */
  char          *annotator;
  HashiyaWindow *window;    /* weak: progress only */
} ImportJob;

static void
import_job_free (ImportJob *job)
{
  g_clear_object (&job->store);
  g_ptr_array_unref (job->paths);
  g_ptr_array_unref (job->reports);
  g_free (job->annotator);
  g_clear_weak_pointer (&job->window);
  g_free (job);
}

typedef struct
{
  GWeakRef window;
  double   fraction;
  char    *text;
} Progress;

static gboolean
show_progress (gpointer data)
{
  Progress *p = data;
  g_autoptr(HashiyaWindow) self = g_weak_ref_get (&p->window);

  if (self != NULL)
    {
      gtk_progress_bar_set_fraction (self->import_progress, p->fraction);
      gtk_label_set_text (self->import_label, p->text);
    }
  g_weak_ref_clear (&p->window);
  g_free (p->text);
  g_free (p);
  return G_SOURCE_REMOVE;
}

static void
import_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  ImportJob *job = task_data;
  HashiyaImportOptions options;

  hashiya_import_options_init (&options);
  options.annotator = job->annotator;
  for (guint i = 0; i < job->paths->len; i++)
    {
      const char *path = g_ptr_array_index (job->paths, i);
      HashiyaImportReport *report = hashiya_import_report_new (path);
      g_autofree char *base = g_path_get_basename (path);
      Progress *p = g_new0 (Progress, 1);

      g_weak_ref_init (&p->window, source);
      p->fraction = (double) i / job->paths->len;
      /* TRANSLATORS: import progress: "Importing article.txt (2 of 5)" */
      p->text = g_strdup_printf (_("Importing %s (%u of %u)"), base, i + 1, job->paths->len);
      g_main_context_invoke (NULL, show_progress, p);

      if (g_cancellable_is_cancelled (cancellable))
        {
          hashiya_import_report_free (report);
          break;
        }
      hashiya_import_file (job->store, path, &options, report, cancellable, NULL);
      g_ptr_array_add (job->reports, report);
    }
  g_task_return_boolean (task, TRUE);
}

static void
import_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  HashiyaWindow *self = HASHIYA_WINDOW (source);
  ImportJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GString) failures = g_string_new (NULL);
  guint n_docs = 0, n_dups = 0, n_failed = 0;
  gboolean cancelled = g_cancellable_is_cancelled (self->import_cancellable);
  g_autofree char *summary = NULL;

  self->busy = FALSE;
  g_clear_object (&self->import_cancellable);
  gtk_revealer_set_reveal_child (self->import_revealer, FALSE);

  for (guint i = 0; i < job->reports->len; i++)
    {
      HashiyaImportReport *r = g_ptr_array_index (job->reports, i);
      if (r->error != NULL)
        {
          g_autofree char *base = g_path_get_basename (r->path);
          n_failed++;
          g_string_append_printf (failures, "• %s: %s\n", base, r->error->message);
        }
      n_docs += r->n_documents;
      n_dups += r->n_duplicates;
    }
  hashiya_window_refresh_documents (self);
  if (self->doc_id == 0 && self->store != NULL)
    {
      g_autoptr(GPtrArray) docs = hashiya_store_list_documents (self->store, NULL);
      if (docs != NULL && docs->len > 0)
        hashiya_window_load_document (self, ((HashiyaDocument *) g_ptr_array_index (docs, 0))->id, NULL);
    }
  summary = hashiya_localize_digits (g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Imported %u document", "Imported %u documents", n_docs), n_docs));
  if (n_dups > 0)
    {
      g_autofree char *dups = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u already in the project",
                                                            "%u already in the project", n_dups), n_dups);
      char *t = g_strdup_printf ("%s (%s)", summary, dups);
      g_free (summary);
      summary = t;
    }
  if (cancelled)
    {
      char *t = g_strdup_printf ("%s — %s", summary, _("cancelled"));
      g_free (summary);
      summary = t;
    }
  if (n_failed > 0)
    {
      g_autofree char *heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u File Could Not Be Imported",
                                                               "%u Files Could Not Be Imported", n_failed), n_failed);
      g_autofree char *body = g_strdup_printf ("%s\n\n%s", summary, failures->str);
      hashiya_window_show_error (self, heading, body);
    }
  else
    hashiya_window_toast (self, summary);
  hashiya_window_update_actions (self);
  g_signal_emit_by_name (self, "import-finished");
}

void
hashiya_window_import_files (HashiyaWindow *self, GPtrArray *paths)
{
  g_autoptr(GTask) task = NULL;
  ImportJob *job;

  g_return_if_fail (HASHIYA_IS_WINDOW (self));
  if (self->store == NULL || self->busy || paths == NULL || paths->len == 0)
    return;
  job = g_new0 (ImportJob, 1);
  job->store = g_object_ref (self->store);
  job->paths = g_ptr_array_ref (paths);
  job->reports = g_ptr_array_new_with_free_func ((GDestroyNotify) hashiya_import_report_free);
  job->annotator = g_strdup (self->annotator);
  g_set_weak_pointer (&job->window, self);
  self->busy = TRUE;
  self->import_cancellable = g_cancellable_new ();
  gtk_progress_bar_set_fraction (self->import_progress, 0);
  gtk_revealer_set_reveal_child (self->import_revealer, TRUE);
  hashiya_window_update_actions (self);

  task = g_task_new (self, self->import_cancellable, import_done, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify) import_job_free);
  g_task_run_in_thread (task, import_thread);
}

static void
on_import_response (GtkNativeDialog *native, int response, HashiyaWindow *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (native));
      g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);

      for (guint i = 0; i < g_list_model_get_n_items (files); i++)
        {
          g_autoptr(GFile) file = g_list_model_get_item (files, i);
          char *path = g_file_get_path (file);
          if (path != NULL)
            g_ptr_array_add (paths, path);
        }
      hashiya_window_import_files (self, paths);
    }
  g_object_unref (native);
}

static void
on_import (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  HashiyaWindow *self = user_data;
  GtkFileChooserNative *native;

  native = gtk_file_chooser_native_new (_("Import Files"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Import"), _("_Cancel"));
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (native), TRUE);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  g_signal_connect (native, "response", G_CALLBACK (on_import_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
on_cancel_import (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  HashiyaWindow *self = user_data;

  if (self->import_cancellable != NULL)
    g_cancellable_cancel (self->import_cancellable);
}

/* ---- export --------------------------------------------------------------- */

typedef struct
{
  HashiyaStore        *store;
  HashiyaExportOptions options;
  GArray              *doc_ids;
  char                *path;
  HashiyaExportReport *report;
} ExportJob;

static void
export_job_free (ExportJob *job)
{
  g_clear_object (&job->store);
  g_clear_pointer (&job->doc_ids, g_array_unref);
  g_clear_pointer (&job->report, hashiya_export_report_free);
  g_free (job->path);
  g_free (job);
}

static void
export_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  ExportJob *job = task_data;
  GError *error = NULL;

  if (hashiya_export_to_file (job->store, &job->options, job->path, job->report, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
show_export_report (HashiyaWindow *self, const char *path, HashiyaExportReport *report)
{
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  body = g_strdup_printf (_("Wrote %u documents and %u entities to %s."),
                          report->n_documents, report->n_entities, base);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Export Finished"), body);
  gtk_widget_set_name (dialog, "export-report");
  if (report->items->len > 0)
    {
      g_autoptr(GString) lines = g_string_new (NULL);
      GtkWidget *scroller = gtk_scrolled_window_new ();
      GtkWidget *label;
      g_autofree char *lost = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "The format could not hold %u item exactly:",
                                                            "The format could not hold %u items exactly:",
                                                            report->items->len), report->items->len);

      for (guint i = 0; i < report->items->len && i < 500; i++)
        {
          g_autofree char *line = hashiya_loss_item_to_string (g_ptr_array_index (report->items, i));
          g_string_append_printf (lines, "%s\n", line);
        }
      if (report->items->len > 500)
        g_string_append (lines, "…\n");
      label = gtk_label_new (lines->str);
      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), label);
      gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scroller), 200);
      gtk_widget_set_name (scroller, "export-losses");
      adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog),
                                   g_strdup_printf ("%s\n%s", body, lost));
      adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), scroller);
    }
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
export_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  HashiyaWindow *self = HASHIYA_WINDOW (source);
  ExportJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  gboolean ok = g_task_propagate_boolean (G_TASK (result), &error);

  self->busy = FALSE;
  hashiya_window_update_actions (self);
  g_clear_pointer (&self->last_export_report, hashiya_export_report_free);
  if (ok)
    {
      self->last_export_report = g_steal_pointer (&job->report);
      if (g_getenv ("HASHIYA_TEST_NO_DIALOGS") == NULL)
        show_export_report (self, job->path, self->last_export_report);
    }
  else if (g_getenv ("HASHIYA_TEST_NO_DIALOGS") == NULL)
    hashiya_window_show_error (self, _("Export Failed"), error->message);
  g_signal_emit_by_name (self, "export-finished", ok);
}

static void
on_export_to (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  HashiyaWindow *self = user_data;
  g_autoptr(GTask) task = NULL;
  ExportJob *job;

  if (self->store == NULL || self->busy)
    return;
  job = g_new0 (ExportJob, 1);
  job->store = g_object_ref (self->store);
  job->options = self->export_options;
  job->options.annotator = NULL;
  if (self->export_options.doc_ids != NULL)
    job->doc_ids = g_array_ref (self->export_options.doc_ids);
  job->options.doc_ids = job->doc_ids;
  job->path = g_strdup (g_variant_get_string (param, NULL));
  job->report = hashiya_export_report_new ();
  self->busy = TRUE;
  hashiya_window_update_actions (self);
  task = g_task_new (self, NULL, export_done, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify) export_job_free);
  g_task_run_in_thread (task, export_thread);
}

static void
on_export (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  HashiyaWindow *self = user_data;

  gtk_window_present (hashiya_export_dialog_new (self));
}

/* ---- keys on the document view -------------------------------------------- */

static HashiyaWindow *
window_of (GtkWidget *widget)
{
  return HASHIYA_WINDOW (gtk_widget_get_root (widget));
}

static gboolean
text_rtl_at (HashiyaText *text, gint64 offset)
{
  gint64 a = offset;

  while (a > 0 && hashiya_text_get_char (text, a - 1) != '\n')
    a--;
  for (gint64 i = a; i < (gint64) hashiya_text_get_length (text) && i < a + 400; i++)
    {
      gunichar c = hashiya_text_get_char (text, i);
      if ((c >= 0x0590 && c <= 0x08FF) || (c >= 0xFB1D && c <= 0xFEFC))
        return TRUE;
      if (g_unichar_isalpha (c) || c == '\n')
        return FALSE;
    }
  return FALSE;
}

/* Arrow keys on a selected span: the key pointing along the text grows the end, the
 * other one shrinks it; with Shift the start edge moves instead; Ctrl moves by words. */
static gboolean
on_arrow (GtkWidget *widget, GVariant *args, gpointer user_data)
{
  HashiyaWindow *self = window_of (widget);
  HashiyaDocumentView *view = HASHIYA_DOCUMENT_VIEW (widget);
  gint64 id = hashiya_document_view_get_selected_span (view);
  const char *which;
  gboolean visual_left, shift, ctrl, forward;
  HashiyaSpanModel *model = hashiya_document_view_get_span_model (view);
  const HashiyaSpan *s;
  g_autofree char *how = NULL;

  if (id == 0)
    return FALSE;
  g_variant_get (args, "(&sbb)", &which, &shift, &ctrl);
  visual_left = g_str_equal (which, "left");
  s = hashiya_span_model_get (model, hashiya_span_model_find (model, id));
  forward = text_rtl_at (hashiya_document_view_get_text (view), s->start) ? visual_left : !visual_left;
  how = g_strdup_printf ("%s%s%s", ctrl ? "word-" : "", shift ? "start" : "end",
                         shift ? (forward ? "+" : "-") : (forward ? "+" : "-"));
  g_action_group_activate_action (G_ACTION_GROUP (self), "resize-span", g_variant_new_string (how));
  return TRUE;
}

static gboolean
on_tab (GtkWidget *widget, GVariant *args, gpointer user_data)
{
  HashiyaDocumentView *view = HASHIYA_DOCUMENT_VIEW (widget);

  if (hashiya_span_model_get_count (hashiya_document_view_get_span_model (view)) == 0)
    return FALSE;
  g_action_group_activate_action (G_ACTION_GROUP (window_of (widget)),
                                  g_variant_get_boolean (args) ? "prev-span" : "next-span", NULL);
  return TRUE;
}

static gboolean
on_delete_key (GtkWidget *widget, GVariant *args, gpointer user_data)
{
  HashiyaDocumentView *view = HASHIYA_DOCUMENT_VIEW (widget);

  if (hashiya_document_view_get_selected_span (view) == 0)
    return FALSE;
  g_action_group_activate_action (G_ACTION_GROUP (window_of (widget)), "delete-span", NULL);
  return TRUE;
}

static gboolean
on_window_action_key (GtkWidget *widget, GVariant *args, gpointer user_data)
{
  const char *action;
  g_autoptr(GVariant) target = NULL;

  g_variant_get (args, "(&smv)", &action, &target);
  if (!g_action_group_get_action_enabled (G_ACTION_GROUP (window_of (widget)), action))
    return FALSE;
  g_action_group_activate_action (G_ACTION_GROUP (window_of (widget)), action, target);
  return TRUE;
}

static void
add_key (GtkShortcutController *controller, guint keyval, GdkModifierType mods,
         GtkShortcutFunc func, GVariant *args)
{
  GtkShortcut *shortcut = gtk_shortcut_new (gtk_keyval_trigger_new (keyval, mods),
                                            gtk_callback_action_new (func, NULL, NULL));
  gtk_shortcut_set_arguments (shortcut, args);
  gtk_shortcut_controller_add_shortcut (controller, shortcut);
}

static void
add_action_key (GtkShortcutController *controller, guint keyval, GdkModifierType mods,
                const char *action, GVariant *target)
{
  add_key (controller, keyval, mods, on_window_action_key,
           g_variant_new ("(smv)", action, target));
}

void
hashiya_window_install_view_keys (HashiyaWindow *self)
{
  GtkEventController *controller = gtk_shortcut_controller_new ();
  GtkShortcutController *sc = GTK_SHORTCUT_CONTROLLER (controller);
  struct { guint keyval; const char *action; const char *target; } letters[] = {
    { GDK_KEY_j, "next-comment", NULL }, { GDK_KEY_k, "prev-comment", NULL },
    { GDK_KEY_p, "sentiment", "positive" }, { GDK_KEY_n, "sentiment", "negative" },
    { GDK_KEY_u, "sentiment", "neutral" }, { GDK_KEY_m, "sentiment", "mixed" },
    { GDK_KEY_o, "offensive", NULL }, { GDK_KEY_h, "hate", NULL },
    { GDK_KEY_a, "decision", "approve" }, { GDK_KEY_r, "decision", "reject" },
    { GDK_KEY_v, "decision", "review" },
  };

  /* Capture phase on the view itself: these keys act only while the text has focus,
   * never while typing in an entry. */
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  gtk_event_controller_set_name (controller, "hashiya-annotation-keys");

  for (guint i = 0; i < G_N_ELEMENTS (letters); i++)
    {
      add_action_key (sc, letters[i].keyval, 0, letters[i].action,
                      letters[i].target ? g_variant_new_string (letters[i].target) : NULL);
      add_action_key (sc, gdk_keyval_to_upper (letters[i].keyval), GDK_SHIFT_MASK, letters[i].action,
                      letters[i].target ? g_variant_new_string (letters[i].target) : NULL);
    }
  for (guint k = 1; k <= 9; k++)
    {
      char key[2] = { '0' + k, 0 };
      add_action_key (sc, GDK_KEY_0 + k, 0, "tag-key", g_variant_new_string (key));
      add_action_key (sc, GDK_KEY_KP_0 + k, 0, "tag-key", g_variant_new_string (key));
      add_action_key (sc, GDK_KEY_0 + k, GDK_ALT_MASK, "tag-key-exact", g_variant_new_string (key));
      add_action_key (sc, GDK_KEY_KP_0 + k, GDK_ALT_MASK, "tag-key-exact", g_variant_new_string (key));
    }
  add_key (sc, GDK_KEY_Tab, 0, on_tab, g_variant_new_boolean (FALSE));
  add_key (sc, GDK_KEY_ISO_Left_Tab, GDK_SHIFT_MASK, on_tab, g_variant_new_boolean (TRUE));
  add_key (sc, GDK_KEY_Tab, GDK_SHIFT_MASK, on_tab, g_variant_new_boolean (TRUE));
  add_key (sc, GDK_KEY_Delete, 0, on_delete_key, NULL);
  add_key (sc, GDK_KEY_BackSpace, 0, on_delete_key, NULL);
  add_key (sc, GDK_KEY_KP_Delete, 0, on_delete_key, NULL);
  add_action_key (sc, GDK_KEY_Escape, 0, "clear-selection", NULL);
  for (guint m = 0; m < 4; m++)
    {
      GdkModifierType mods = ((m & 1) ? GDK_SHIFT_MASK : 0) | ((m & 2) ? GDK_CONTROL_MASK : 0);
      add_key (sc, GDK_KEY_Left, mods, on_arrow, g_variant_new ("(sbb)", "left", (m & 1) != 0, (m & 2) != 0));
      add_key (sc, GDK_KEY_Right, mods, on_arrow, g_variant_new ("(sbb)", "right", (m & 1) != 0, (m & 2) != 0));
      add_key (sc, GDK_KEY_KP_Left, mods, on_arrow, g_variant_new ("(sbb)", "left", (m & 1) != 0, (m & 2) != 0));
      add_key (sc, GDK_KEY_KP_Right, mods, on_arrow, g_variant_new ("(sbb)", "right", (m & 1) != 0, (m & 2) != 0));
    }
  gtk_widget_add_controller (GTK_WIDGET (self->doc_view), controller);
}

/* ---- installation --------------------------------------------------------- */

static void
on_view_state_changed (HashiyaWindow *self)
{
  hashiya_window_sync_comment_panel (self);
}

static const GActionEntry win_entries[] = {
  { "undo", on_undo },
  { "redo", on_redo },
  { "tag", on_tag, "s" },
  { "tag-exact", on_tag_exact, "s" },
  { "tag-key", on_tag_key, "s" },
  { "tag-key-exact", on_tag_key_exact, "s" },
  { "delete-span", on_delete_span },
  { "next-span", on_next_span },
  { "prev-span", on_prev_span },
  { "resize-span", on_resize_span, "s" },
  { "clear-selection", on_clear_selection },
  { "next-comment", on_next_comment },
  { "prev-comment", on_prev_comment },
  { "sentiment", on_sentiment, "s", "''" },
  { "decision", on_decision, "s", "''" },
  { "offensive", on_offensive, NULL, "false" },
  { "hate", on_hate, NULL, "false" },
  { "note", on_note, "s" },
  { "find", on_find, NULL, "false" },
  { "tag-all", on_tag_all },
  { "tag-all-as", on_tag_all, "s" },
  { "toggle-done", on_toggle_done, NULL, "false" },
  { "open-document", on_open_document, "x" },
  { "next-document", on_next_document },
  { "prev-document", on_prev_document },
  { "focus-documents", on_focus_documents },
  { "snap", on_toggle_state, NULL, "true" },
  { "show-panel", on_toggle_state, NULL, "true" },
  { "preferences", on_preferences },
  { "import", on_import },
  { "cancel-import", on_cancel_import },
  { "export", on_export },
  { "export-to", on_export_to, "s" },
};

void
hashiya_window_install_actions (HashiyaWindow *self)
{
  HashiyaApplication *app = get_app (self);
  GSettings *settings = app ? hashiya_application_get_settings (app) : NULL;

  g_action_map_add_action_entries (G_ACTION_MAP (self), win_entries, G_N_ELEMENTS (win_entries), self);
  set_state (self, "snap", g_variant_new_boolean (hashiya_settings_get_boolean (settings, "snap-to-words", TRUE)));
  hashiya_window_install_view_keys (self);

  g_signal_connect_object (self->doc_view, "current-comment-changed",
                           G_CALLBACK (on_view_state_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->note_entry, "activate", G_CALLBACK (on_note_activate), self, 0);
  g_signal_connect_object (self->find_bar, "notify::search-mode-enabled",
                           G_CALLBACK (on_find_mode_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->find_entry, "search-changed",
                           G_CALLBACK (hashiya_window_run_find), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->find_entry, "activate",
                           G_CALLBACK (on_find_next), self, G_CONNECT_SWAPPED);
  hashiya_window_update_actions (self);
}
