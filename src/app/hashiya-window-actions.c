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
#include "hashiya-span-rules.h"
#include "hashiya-preferences.h"
#include "hashiya-agreement-view.h"

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
                                    "hate", "decision", "note", "focus-note",
                                    "judge-key", "not-a-reply", "reply-to-previous",
                                    "reply-to-choose", NULL };

  for (guint i = 0; doc_actions[i]; i++)
    set_enabled (self, doc_actions[i], doc);
  for (guint i = 0; comment_actions[i]; i++)
    set_enabled (self, comment_actions[i], comments);
  set_enabled (self, "import", project && !self->busy);
  set_enabled (self, "export", project && !self->busy);
  set_enabled (self, "export-to", project && !self->busy);
  set_enabled (self, "agreement", project && !self->busy);
  set_enabled (self, "review-queue", project);
  set_enabled (self, "schema-editor", project);
  set_enabled (self, "cancel-import", self->busy);
  set_enabled (self, "undo", project && hashiya_undo_can_undo (self->undo));
  set_enabled (self, "redo", project && hashiya_undo_can_redo (self->undo));
  set_enabled (self, "open-document", project);
  set_enabled (self, "next-document", doc);
  set_enabled (self, "prev-document", doc);
  set_enabled (self, "focus-documents", project);
  set_enabled (self, "next-unjudged", doc);
  set_enabled (self, "corpus-find", project && !self->busy);
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
  hashiya_document_view_set_show_invisibles (self->doc_view, get_bool_state (self, "show-invisibles"));
  if (adw_flap_get_reveal_flap (self->panel_flap) != get_bool_state (self, "show-panel"))
    adw_flap_set_reveal_flap (self->panel_flap, get_bool_state (self, "show-panel"));
}

void
hashiya_window_sync_done_state (HashiyaWindow *self)
{
  g_autoptr(HashiyaDocument) d = NULL;

  if (self->store != NULL && self->doc_id != 0)
    d = hashiya_store_get_document (self->store, self->doc_id, NULL);
  set_state (self, "toggle-done", g_variant_new_boolean (d != NULL && d->done));
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

/* A corpus-wide tag all, undone or redone: one transaction for every document, the open
 * one's view updated, the sidebar's cached rows read again; no document is opened. */
static gboolean
apply_corpus_spans (HashiyaWindow *self, HashiyaCommand *cmd, gboolean add, GError **error)
{
  if (add)
    {
      if (!store_add_spans (self, cmd->spans, error))
        return FALSE;
    }
  else
    {
      g_autoptr(GArray) ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), cmd->spans->len);

      for (guint i = 0; i < cmd->spans->len; i++)
        g_array_append_val (ids, ((HashiyaSpan *) cmd->spans->pdata[i])->id);
      if (!hashiya_store_remove_spans (self->store, (const gint64 *) ids->data, ids->len, error))
        return FALSE;
    }
  for (guint i = 0; i < cmd->spans->len; i++)
    {
      HashiyaSpan *s = cmd->spans->pdata[i];
      if (s->doc_id != self->doc_id)
        continue;
      if (add)
        hashiya_document_view_add_span (self->doc_view, s);
      else
        hashiya_document_view_remove_span (self->doc_view, s->id);
    }
  hashiya_window_refresh_documents (self);
  hashiya_window_update_span_title (self);
  return TRUE;
}

/* Applies cmd forwards (redo) or backwards (undo) to the store, then to the view. */
static gboolean
apply_command (HashiyaWindow *self, HashiyaCommand *cmd, gboolean forward, GError **error)
{
  gboolean add;

  if (cmd->kind == HASHIYA_COMMAND_CORPUS_SPANS)
    return apply_corpus_spans (self, cmd, forward, error);
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
    case HASHIYA_COMMAND_CUSTOM:
      if (!cmd->apply (self, cmd, forward, error))
    case HASHIYA_COMMAND_REPLY:
      if (!hashiya_window_apply_reply (self, cmd, forward, error))
        return FALSE;
      break;
    default:
      g_assert_not_reached ();
    }
  queue_row_refresh (self);
  hashiya_window_update_span_title (self);
  return TRUE;
}

void
hashiya_window_push_command (HashiyaWindow *self, HashiyaCommand *cmd)
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
  hashiya_window_push_command (self, cmd);
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
  {
    /* a drag from the title into the byline is refused, with the reason (README) */
    GArray *segments = hashiya_document_view_get_segments (self->doc_view);
    int inside, into;

    if (hashiya_span_crosses_segments (segments, start, end, &inside, &into))
      {
        g_autofree char *msg = hashiya_span_crossing_message (segments, inside, into);
        hashiya_window_toast (self, msg);
        return;
      }
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
  hashiya_window_push_command (self, cmd);
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
  hashiya_window_push_command (self, cmd);
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
  {
    /* growing over a segment boundary is refused as a selection across one is (a span
     * that already crosses one, from hashiya-cli --across-segments, may still shrink) */
    GArray *segments = hashiya_document_view_get_segments (self->doc_view);
    int inside, into;

    if (hashiya_span_crosses_segments (segments, start, end, &inside, &into)
        && !hashiya_span_crosses_segments (segments, s->start, s->end, NULL, NULL))
      {
        g_autofree char *msg = hashiya_span_crossing_message (segments, inside, into);
        hashiya_window_toast (self, msg);
        return;
      }
  }
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
  hashiya_window_push_command (self, cmd);
}

static void
on_clear_selection (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  HashiyaWindow *self = user_data;

  hashiya_document_view_clear_selection (self->doc_view);
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
    hashiya_window_push_command (self, cmd);
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

/* Ctrl+Page Down/Up: the next or previous document in the sidebar's order (its filter
 * and sort), read from its model, not from a list of every document. */
static void
move_document (HashiyaWindow *self, int direction)
{
  GListModel *model = G_LIST_MODEL (self->doc_model);
  guint n, pos;
  g_autoptr(HashiyaDocItem) item = NULL;
  g_autoptr(GError) error = NULL;
  gint64 next;

  hashiya_window_ensure_document_list (self);
  n = g_list_model_get_n_items (model);
  pos = hashiya_document_list_find (self->doc_model, self->doc_id);
  next = pos == G_MAXUINT ? (direction > 0 ? 0 : (gint64) n - 1) : (gint64) pos + direction;
  if (next < 0 || next >= n)
    {
      hashiya_window_toast (self, direction > 0 ? _("This is the last document")
                                                : _("This is the first document"));
      return;
    }
  item = g_list_model_get_item (model, (guint) next);
  if (item != NULL && !hashiya_window_load_document (self, hashiya_doc_item_get_id (item), &error))
    hashiya_window_show_error (self, _("Cannot Open Document"), error->message);
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
  { "next-comment", hashiya_window_action_next_comment },
  { "prev-comment", hashiya_window_action_prev_comment },
  { "sentiment", hashiya_window_action_sentiment, "s", "''" },
  { "decision", hashiya_window_action_decision, "s", "''" },
  { "offensive", hashiya_window_action_offensive, NULL, "false" },
  { "hate", hashiya_window_action_hate, NULL, "false" },
  { "note", hashiya_window_action_note, "s" },
  { "focus-note", hashiya_window_action_focus_note },
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
  { "show-invisibles", on_toggle_state, NULL, "false" },
  { "preferences", on_preferences },
  { "import", hashiya_window_action_import },
  { "cancel-import", hashiya_window_action_cancel_import },
  { "export", hashiya_window_action_export },
  { "export-to", hashiya_window_action_export_to, "s" },
  { "agreement", hashiya_window_action_agreement },
  { "next-unjudged", hashiya_window_action_next_unjudged },
  { "corpus-find", hashiya_window_action_corpus_find },
};

void
hashiya_window_install_actions (HashiyaWindow *self)
{
  GSettings *settings = hashiya_settings_get_default ();

  g_action_map_add_action_entries (G_ACTION_MAP (self), win_entries, G_N_ELEMENTS (win_entries), self);
  set_state (self, "snap", g_variant_new_boolean (hashiya_settings_get_boolean (settings, "snap-to-words", TRUE)));
  hashiya_window_install_view_keys (self);
  hashiya_window_install_review_actions (self);

  g_signal_connect_object (self->doc_view, "current-comment-changed",
                           G_CALLBACK (on_view_state_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->note_entry, "activate", G_CALLBACK (hashiya_window_on_note_activate), self, 0);
  hashiya_window_setup_note (self);
  g_signal_connect_object (self->find_bar, "notify::search-mode-enabled",
                           G_CALLBACK (on_find_mode_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->find_entry, "search-changed",
                           G_CALLBACK (hashiya_window_run_find), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->find_entry, "activate",
                           G_CALLBACK (on_find_next), self, G_CONNECT_SWAPPED);
  hashiya_window_update_actions (self);
}
