/* hashiya-window-suggest.c: suggestions in the window: computed on a thread when a document opens, drawn as dashed outlines, accepted or rejected by key, span values edited
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The suggester (shipped and user gazetteers, the dictionary of confirmed spans) is built
 * on the main loop after the first frame, then a GTask runs it over a copy of the text.
 * The window keeps every suggestion of the document and shows those that are not
 * rejected and overlap no span: undoing an accept (the span goes) shows the suggestion
 * again without asking the suggester.
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "hashiya-window-private.h"
#include "hashiya-settings.h"
#include "hashiya-suggest-project.h"
#include "hashiya-store-suggest.h"

/* The suggester shared with a worker that may outlive a rebuild. */
typedef struct
{
  HashiyaProjectSuggester *suggester;
} SuggesterRef;

static void
suggester_ref_clear (gpointer data)
{
  SuggesterRef *ref = data;

  g_clear_pointer (&ref->suggester, hashiya_project_suggester_free);
}

static void
suggester_ref_unref (SuggesterRef *ref)
{
  g_atomic_rc_box_release_full (ref, suggester_ref_clear);
}

typedef struct _HashiyaWindowSuggest HashiyaWindowSuggest;

struct _HashiyaWindowSuggest
{
  SuggesterRef *suggester;      /* NULL until needed, or after a change */
  GCancellable *cancellable;    /* the running computation */
  gint64        doc_id;         /* whose suggestions all holds */
  GPtrArray    *all;            /* HashiyaSuggestion of doc_id, by start; NULL: none yet */
  GHashTable   *rejected;       /* "start:end:label" of doc_id */
  guint         start_idle;
  guint         tick_id;
  guint         refilter_idle;
  gboolean      running;
  GtkPopover   *popover;
};

static HashiyaWindowSuggest *
state (HashiyaWindow *self)
{
  return self->suggest;
}

static char *
rejection_key (gint64 start, gint64 end, const char *label)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT ":%s", start, end, label);
}

static gboolean
shown (HashiyaWindow *self)
{
  g_autoptr(GVariant) st = g_action_group_get_action_state (G_ACTION_GROUP (self), "show-suggestions");

  return st != NULL && g_variant_get_boolean (st);
}

static gboolean
label_known (HashiyaWindow *self, const char *name)
{
  for (guint i = 0; self->labels != NULL && i < self->labels->len; i++)
    if (g_strcmp0 (((HashiyaLabel *) g_ptr_array_index (self->labels, i))->name, name) == 0)
      return TRUE;
  return FALSE;
}

static void
mark_found (HashiyaSpanModel *model, guint index, gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
}

static gboolean
overlaps_span (HashiyaSpanModel *model, const HashiyaSuggestion *s)
{
  gboolean found = FALSE;

  hashiya_span_model_foreach_overlapping (model, s->start, s->end, mark_found, &found);
  return found;
}

/* ---- which suggestions are shown ------------------------------------------ */

static void
update_actions (HashiyaWindow *self)
{
  HashiyaDocumentView *view = self->doc_view;
  guint current = hashiya_document_view_get_current_suggestion (view);
  guint n = hashiya_span_model_get_n_suggestions (hashiya_document_view_get_span_model (view));
  GActionMap *map = G_ACTION_MAP (self);
  const char *on_current[] = { "accept-suggestion", "reject-suggestion", "accept-all-suggestions" };

  for (guint i = 0; i < G_N_ELEMENTS (on_current); i++)
    g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (map, on_current[i])),
                                 current != G_MAXUINT && self->store != NULL);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (map, "next-suggestion")), n > 0);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (map, "prev-suggestion")), n > 0);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (map, "span-details")),
                               current != G_MAXUINT || hashiya_document_view_get_selected_span (view) != 0);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (map, "set-span-value")),
                               hashiya_document_view_get_selected_span (view) != 0);
}

static void
refilter (HashiyaWindow *self)
{
  HashiyaWindowSuggest *st = state (self);
  HashiyaSpanModel *model = hashiya_document_view_get_span_model (self->doc_view);
  g_autoptr(GPtrArray) visible = g_ptr_array_new ();

  g_clear_handle_id (&st->refilter_idle, g_source_remove);
  /* runs after every span change: no allocation per suggestion (an article has thousands) */
  if (st->all != NULL && st->doc_id == self->doc_id && shown (self))
    {
      gboolean any_rejected = g_hash_table_size (st->rejected) > 0;
      const char *known = NULL;

      for (guint i = 0; i < st->all->len; i++)
        {
          const HashiyaSuggestion *s = g_ptr_array_index (st->all, i);

          if (known == NULL || strcmp (known, s->label) != 0)
            {
              if (!label_known (self, s->label))
                continue;
              known = s->label;
            }
          if (overlaps_span (model, s))
            continue;
          if (any_rejected)
            {
              g_autofree char *key = rejection_key (s->start, s->end, s->label);
              if (g_hash_table_contains (st->rejected, key))
                continue;
            }
          g_ptr_array_add (visible, (gpointer) s);
        }
    }
  hashiya_document_view_set_suggestions (self->doc_view, visible, st->all);
  update_actions (self);
}

static gboolean
refilter_idle (gpointer data)
{
  HashiyaWindow *self = data;

  state (self)->refilter_idle = 0;
  refilter (self);
  return G_SOURCE_REMOVE;
}

static void
queue_refilter (HashiyaWindow *self)
{
  HashiyaWindowSuggest *st = state (self);

  if (st->refilter_idle == 0 && st->all != NULL)
    st->refilter_idle = g_idle_add (refilter_idle, self);
}

static void
on_spans_changed (HashiyaWindow *self)
{
  HashiyaWindowSuggest *st = state (self);

  /* loading a document replaces the spans too: only an edit of the shown one counts */
  if (st->doc_id != self->doc_id || st->all == NULL)
    return;
  /* the dictionary learns from confirmed spans: ask again at the next document */
  g_clear_pointer (&st->suggester, suggester_ref_unref);
  queue_refilter (self);
}

/* ---- computing -------------------------------------------------------------- */

typedef struct
{
  SuggesterRef *suggester;
  char         *text;
  gsize         len;
  char         *date;
  gint64        doc_id;
} Job;

static void
job_free (Job *job)
{
  suggester_ref_unref (job->suggester);
  g_free (job->text);
  g_free (job->date);
  g_free (job);
}

static void
run_job (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  Job *job = data;
  GError *error = NULL;
  GPtrArray *out;

  if (g_cancellable_is_cancelled (cancellable))
    {
      g_task_return_error_if_cancelled (task);
      return;
    }
  out = hashiya_project_suggester_suggest_text (job->suggester->suggester, job->text, job->len,
                                                job->date, &error);
  if (out == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, out, (GDestroyNotify) g_ptr_array_unref);
}

static void
load_rejections (HashiyaWindow *self)
{
  HashiyaWindowSuggest *st = state (self);
  g_autoptr(GPtrArray) rejections = NULL;

  g_hash_table_remove_all (st->rejected);
  rejections = hashiya_store_list_rejections (self->store, st->doc_id, NULL);
  for (guint i = 0; rejections != NULL && i < rejections->len; i++)
    {
      const HashiyaRejection *r = g_ptr_array_index (rejections, i);
      g_hash_table_add (st->rejected, rejection_key (r->start, r->end, r->label));
    }
}

static void
on_job_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  HashiyaWindow *self = HASHIYA_WINDOW (source);
  HashiyaWindowSuggest *st;
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  GPtrArray *out = g_task_propagate_pointer (G_TASK (result), &error);

  if (self->disposed || self->suggest == NULL)
    {
      g_clear_pointer (&out, g_ptr_array_unref);
      return;
    }
  st = state (self);
  if (out == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          st->running = FALSE;
          g_warning ("suggestions: %s", error->message);
        }
      return;
    }
  st->running = FALSE;
  if (job->doc_id != self->doc_id || self->store == NULL)
    {
      g_ptr_array_unref (out);
      return;
    }
  g_clear_pointer (&st->all, g_ptr_array_unref);
  st->all = out;
  st->doc_id = job->doc_id;
  load_rejections (self);
  refilter (self);
}

static gboolean
ensure_suggester (HashiyaWindow *self)
{
  HashiyaWindowSuggest *st = state (self);
  g_autoptr(GError) error = NULL;
  HashiyaProjectSuggester *s;
  gint64 t0;

  if (st->suggester != NULL)
    return TRUE;
  t0 = g_get_monotonic_time ();
  s = hashiya_project_suggester_new (self->store, HASHIYA_SUGGEST_SOURCE_FLAG_ALL, NULL, &error);
  g_debug ("suggester built in %.1f ms", (g_get_monotonic_time () - t0) / 1000.0);
  if (s == NULL)
    {
      g_warning ("suggestions: %s", error->message);
      return FALSE;
    }
  st->suggester = g_atomic_rc_box_new0 (SuggesterRef);
  st->suggester->suggester = s;
  return TRUE;
}

static gboolean
start_idle (gpointer data)
{
  HashiyaWindow *self = data;
  HashiyaWindowSuggest *st = state (self);
  g_autoptr(HashiyaDocument) doc = NULL;
  g_autoptr(GTask) task = NULL;
  HashiyaText *text;
  const char *utf8;
  Job *job;

  st->start_idle = 0;
  text = hashiya_document_view_get_text (self->doc_view);
  if (self->store == NULL || self->doc_id == 0 || text == NULL || !ensure_suggester (self))
    {
      st->running = FALSE;
      return G_SOURCE_REMOVE;
    }
  doc = hashiya_store_get_document (self->store, self->doc_id, NULL);
  job = g_new0 (Job, 1);
  job->suggester = g_atomic_rc_box_acquire (st->suggester);
  utf8 = hashiya_text_get_utf8 (text, &job->len);
  job->text = g_memdup2 (utf8, job->len + 1);
  job->date = doc != NULL ? g_strdup (doc->date) : NULL;
  job->doc_id = self->doc_id;

  st->cancellable = g_cancellable_new ();
  task = g_task_new (self, st->cancellable, on_job_done, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_set_name (task, "hashiya-suggest");
  g_task_run_in_thread (task, run_job);
  return G_SOURCE_REMOVE;
}

static gboolean
on_tick (GtkWidget *widget, GdkFrameClock *clock, gpointer data)
{
  HashiyaWindow *self = data;
  HashiyaWindowSuggest *st = state (self);

  st->tick_id = 0;
  st->start_idle = g_idle_add_full (G_PRIORITY_LOW, start_idle, self, NULL);
  return G_SOURCE_REMOVE;
}

static void
cancel (HashiyaWindow *self, HashiyaWindowSuggest *st)
{
  if (st->cancellable != NULL)
    {
      g_cancellable_cancel (st->cancellable);
      g_clear_object (&st->cancellable);
    }
  g_clear_handle_id (&st->start_idle, g_source_remove);
  if (st->tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self->doc_view), st->tick_id);
      st->tick_id = 0;
    }
  st->running = FALSE;
}

void
hashiya_window_suggest_document_loaded (HashiyaWindow *self)
{
  HashiyaWindowSuggest *st = state (self);

  if (st == NULL)
    return;
  cancel (self, st);
  if (st->doc_id != self->doc_id)
    {
      g_clear_pointer (&st->all, g_ptr_array_unref);
      g_hash_table_remove_all (st->rejected);
      st->doc_id = self->doc_id;
    }
  if (st->popover != NULL)
    gtk_popover_popdown (st->popover);
  if (st->all != NULL)
    {
      /* the same document again (undo across documents): what is known still holds */
      refilter (self);
      return;
    }
  update_actions (self);
  if (!shown (self) || self->store == NULL || self->doc_id == 0)
    return;
  st->running = TRUE;
  /* after the next frame (its paint has a higher priority than this idle): the document
   * is on screen before any of this runs */
  if (gtk_widget_get_mapped (GTK_WIDGET (self->doc_view)))
    st->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self->doc_view), on_tick, self, NULL);
  else
    st->start_idle = g_idle_add_full (G_PRIORITY_LOW, start_idle, self, NULL);
}

void
hashiya_window_suggest_project_changed (HashiyaWindow *self)
{
  HashiyaWindowSuggest *st = state (self);

  if (st == NULL)
    return;
  cancel (self, st);
  g_clear_pointer (&st->suggester, suggester_ref_unref);
  g_clear_pointer (&st->all, g_ptr_array_unref);
  g_hash_table_remove_all (st->rejected);
  st->doc_id = 0;
  hashiya_document_view_set_suggestions (self->doc_view, NULL, NULL);
  update_actions (self);
}

gboolean
hashiya_window_suggest_is_running (HashiyaWindow *self)
{
  return self->suggest != NULL && (self->suggest->running || self->suggest->refilter_idle != 0);
}

/* ---- accepting and rejecting ------------------------------------------------ */

static const HashiyaSuggestion *
current (HashiyaWindow *self)
{
  guint i = hashiya_document_view_get_current_suggestion (self->doc_view);

  if (i == G_MAXUINT)
    return NULL;
  return hashiya_span_model_get_suggestion (hashiya_document_view_get_span_model (self->doc_view), i);
}

/* Accepts suggestions (const HashiyaSuggestion *) in one transaction and one undo step. */
static gboolean
accept (HashiyaWindow *self, GPtrArray *suggestions, GError **error)
{
  g_autoptr(HashiyaCommand) cmd = hashiya_command_new (HASHIYA_COMMAND_ADD_SPANS, self->doc_id);

  if (!hashiya_store_begin (self->store, error))
    return FALSE;
  for (guint i = 0; i < suggestions->len; i++)
    {
      const HashiyaSuggestion *s = g_ptr_array_index (suggestions, i);
      gint64 id = hashiya_suggestion_accept (self->store, self->doc_id, s, self->annotator, error);
      HashiyaSpan *span;

      if (id == 0 || (span = hashiya_store_get_span (self->store, id, error)) == NULL)
        {
          hashiya_store_rollback (self->store);
          return FALSE;
        }
      g_ptr_array_add (cmd->spans, span);
    }
  if (!hashiya_store_commit (self->store, error))
    return FALSE;
  for (guint i = 0; i < cmd->spans->len; i++)
    hashiya_document_view_add_span (self->doc_view, g_ptr_array_index (cmd->spans, i));
  if (cmd->spans->len == 1)
    hashiya_document_view_select_span (self->doc_view, ((HashiyaSpan *) g_ptr_array_index (cmd->spans, 0))->id);
  hashiya_window_push_command (self, g_steal_pointer (&cmd));
  refilter (self);
  return TRUE;
}

static void
on_accept (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  HashiyaWindow *self = user_data;
  const HashiyaSuggestion *s = current (self);
  g_autoptr(GPtrArray) one = g_ptr_array_new_with_free_func ((GDestroyNotify) hashiya_suggestion_free);
  g_autoptr(GError) error = NULL;

  if (s == NULL || self->store == NULL)
    return;
  g_ptr_array_add (one, hashiya_suggestion_copy (s));
  if (!accept (self, one, &error))
    hashiya_window_show_error (self, _("Cannot Accept the Suggestion"), error->message);
}

/* Every shown suggestion of the current one's label and source, in text order, leaving
 * out flagged ones (they wait for a person) and any overlapping one taken before. */
static void
on_accept_all (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  HashiyaWindow *self = user_data;
  const HashiyaSuggestion *c = current (self);
  HashiyaSpanModel *model = hashiya_document_view_get_span_model (self->doc_view);
  g_autoptr(GPtrArray) kind = g_ptr_array_new_with_free_func ((GDestroyNotify) hashiya_suggestion_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *label = NULL, *source = NULL;
  gsize taken_end = 0;

  if (c == NULL || self->store == NULL)
    return;
  label = g_strdup (c->label);
  source = g_strdup (c->source);
  for (guint i = 0; i < hashiya_span_model_get_n_suggestions (model); i++)
    {
      const HashiyaSuggestion *s = hashiya_span_model_get_suggestion (model, i);

      if (g_strcmp0 (s->label, label) != 0 || g_strcmp0 (s->source, source) != 0
          || (s->flags != 0 && s != c) || (kind->len > 0 && s->start < taken_end))
        continue;
      g_ptr_array_add (kind, hashiya_suggestion_copy (s));
      taken_end = s->end;
    }
  if (!accept (self, kind, &error))
    {
      hashiya_window_show_error (self, _("Cannot Accept the Suggestions"), error->message);
      return;
    }
  {
    g_autofree char *msg = g_strdup_printf (g_dngettext (NULL, "%u suggestion accepted",
                                                         "%u suggestions accepted", kind->len),
                                            kind->len);
    hashiya_window_toast (self, hashiya_localize_digits (g_steal_pointer (&msg)));
  }
}

typedef struct
{
  HashiyaSuggestion *suggestion;
} RejectData;

static void
reject_data_free (gpointer data)
{
  RejectData *d = data;

  hashiya_suggestion_free (d->suggestion);
  g_free (d);
}

static gboolean
apply_reject (gpointer window, HashiyaCommand *cmd, gboolean forward, GError **error)
{
  HashiyaWindow *self = window;
  HashiyaWindowSuggest *st = state (self);
  RejectData *d = cmd->data;
  const HashiyaSuggestion *s = d->suggestion;
  g_autofree char *key = rejection_key (s->start, s->end, s->label);

  if (forward)
    {
      if (!hashiya_suggestion_reject (self->store, cmd->doc_id, s, self->annotator, error))
        return FALSE;
      g_hash_table_add (st->rejected, g_steal_pointer (&key));
    }
  else
    {
      if (!hashiya_store_unreject_suggestion (self->store, cmd->doc_id, s->start, s->end, s->label, error))
        return FALSE;
      g_hash_table_remove (st->rejected, key);
      hashiya_document_view_place_cursor (self->doc_view, s->start, TRUE);
    }
  refilter (self);
  return TRUE;
}

static void
on_reject (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  HashiyaWindow *self = user_data;
  const HashiyaSuggestion *s = current (self);
  g_autoptr(HashiyaCommand) cmd = NULL;
  g_autoptr(GError) error = NULL;
  RejectData *d;

  if (s == NULL || self->store == NULL)
    return;
  cmd = hashiya_command_new (HASHIYA_COMMAND_CUSTOM, self->doc_id);
  d = g_new0 (RejectData, 1);
  d->suggestion = hashiya_suggestion_copy (s);
  cmd->data = d;
  cmd->data_free = reject_data_free;
  cmd->apply = apply_reject;
  if (!apply_reject (self, cmd, TRUE, &error))
    {
      hashiya_window_show_error (self, _("Cannot Reject the Suggestion"), error->message);
      return;
    }
  hashiya_window_push_command (self, g_steal_pointer (&cmd));
}

static void
move_to (HashiyaWindow *self, int direction)
{
  HashiyaSpanModel *model = hashiya_document_view_get_span_model (self->doc_view);
  gint64 cursor = hashiya_document_view_get_cursor (self->doc_view);
  guint cur = hashiya_document_view_get_current_suggestion (self->doc_view);
  guint i;

  if (cur != G_MAXUINT)
    cursor = hashiya_span_model_get_suggestion (model, cur)->start;
  i = hashiya_span_model_next_suggestion (model, cursor, direction);
  if (i == G_MAXUINT)
    {
      /* round the document */
      guint n = hashiya_span_model_get_n_suggestions (model);
      if (n == 0)
        return;
      i = direction > 0 ? 0 : n - 1;
    }
  hashiya_document_view_clear_selection (self->doc_view);
  hashiya_document_view_place_cursor (self->doc_view,
                                      hashiya_span_model_get_suggestion (model, i)->start, TRUE);
}

static void
on_next (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  move_to (user_data, 1);
}

static void
on_prev (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  move_to (user_data, -1);
}

static void
on_show_suggestions (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  HashiyaWindow *self = user_data;
  g_autoptr(GVariant) old = g_action_get_state (G_ACTION (action));
  gboolean show = !g_variant_get_boolean (old);
  GSettings *settings = hashiya_settings_get_default ();

  g_simple_action_set_state (action, g_variant_new_boolean (show));
  if (settings != NULL)
    g_settings_set_boolean (settings, "show-suggestions", show);
  if (show && state (self)->all == NULL)
    hashiya_window_suggest_document_loaded (self);
  else
    refilter (self);
}

/* ---- span values ------------------------------------------------------------ */

typedef struct
{
  gint64  span_id;
  char   *value[2];     /* [0] before, [1] after */
  char   *calendar[2];
  char   *anchor[2];
} ValueData;

static void
value_data_free (gpointer data)
{
  ValueData *d = data;

  for (int i = 0; i < 2; i++)
    {
      g_free (d->value[i]);
      g_free (d->calendar[i]);
      g_free (d->anchor[i]);
    }
  g_free (d);
}

static gboolean
apply_value (gpointer window, HashiyaCommand *cmd, gboolean forward, GError **error)
{
  HashiyaWindow *self = window;
  ValueData *d = cmd->data;
  int k = forward ? 1 : 0;

  if (!hashiya_store_set_span_value (self->store, d->span_id, d->value[k], d->calendar[k],
                                     d->anchor[k], error))
    return FALSE;
  hashiya_span_model_set_value (hashiya_document_view_get_span_model (self->doc_view), d->span_id,
                                d->value[k], d->calendar[k], d->anchor[k]);
  hashiya_document_view_select_span (self->doc_view, d->span_id);
  return TRUE;
}

static char *
nonempty (const char *s)
{
  g_autofree char *t = g_strstrip (g_strdup (s != NULL ? s : ""));

  return *t ? g_steal_pointer (&t) : NULL;
}

static void
on_set_span_value (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  HashiyaWindow *self = user_data;
  gint64 id = hashiya_document_view_get_selected_span (self->doc_view);
  HashiyaSpanModel *model = hashiya_document_view_get_span_model (self->doc_view);
  guint pos = hashiya_span_model_find (model, id);
  const HashiyaSpan *span;
  const char *value, *calendar, *anchor;
  g_autoptr(HashiyaCommand) cmd = NULL;
  g_autoptr(GError) error = NULL;
  ValueData *d;

  if (id == 0 || pos == G_MAXUINT || self->store == NULL)
    return;
  span = hashiya_span_model_get (model, pos);
  g_variant_get (param, "(&s&s&s)", &value, &calendar, &anchor);
  d = g_new0 (ValueData, 1);
  d->span_id = id;
  d->value[0] = g_strdup (span->value);
  d->calendar[0] = g_strdup (span->calendar);
  d->anchor[0] = g_strdup (span->anchor);
  d->value[1] = nonempty (value);
  d->calendar[1] = d->value[1] != NULL ? nonempty (calendar) : NULL;
  d->anchor[1] = d->value[1] != NULL ? nonempty (anchor) : NULL;
  cmd = hashiya_command_new (HASHIYA_COMMAND_CUSTOM, self->doc_id);
  cmd->data = d;
  cmd->data_free = value_data_free;
  cmd->apply = apply_value;
  if (g_strcmp0 (d->value[0], d->value[1]) == 0 && g_strcmp0 (d->calendar[0], d->calendar[1]) == 0
      && g_strcmp0 (d->anchor[0], d->anchor[1]) == 0)
    return;
  if (!apply_value (self, cmd, TRUE, &error))
    {
      hashiya_window_show_error (self, _("Cannot Set the Value"), error->message);
      return;
    }
  hashiya_window_push_command (self, g_steal_pointer (&cmd));
}

/* ---- the details popover ---------------------------------------------------- */

static GtkWidget *
add_line (GtkGrid *grid, int row, const char *title, const char *value)
{
  GtkWidget *t = gtk_label_new (title);
  GtkWidget *v = gtk_label_new (value);

  gtk_widget_add_css_class (t, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (t), 0);
  gtk_label_set_xalign (GTK_LABEL (v), 0);
  gtk_label_set_wrap (GTK_LABEL (v), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (v), 40);
  gtk_grid_attach (grid, t, 0, row, 1, 1);
  gtk_grid_attach (grid, v, 1, row, 1, 1);
  return v;
}

static GtkWidget *
add_entry (GtkGrid *grid, int row, const char *title, const char *value, const char *name)
{
  GtkWidget *t = gtk_label_new_with_mnemonic (title);
  GtkWidget *e = gtk_entry_new ();

  gtk_widget_add_css_class (t, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (t), 0);
  gtk_label_set_mnemonic_widget (GTK_LABEL (t), e);
  gtk_editable_set_text (GTK_EDITABLE (e), value != NULL ? value : "");
  gtk_widget_set_name (e, name);
  gtk_entry_set_activates_default (GTK_ENTRY (e), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (e), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  gtk_label_get_text (GTK_LABEL (t)), -1);
  gtk_grid_attach (grid, t, 0, row, 1, 1);
  gtk_grid_attach (grid, e, 1, row, 1, 1);
  return e;
}

static void
popdown (HashiyaWindow *self)
{
  if (state (self)->popover != NULL)
    gtk_popover_popdown (state (self)->popover);
}

static void
on_popover_accept (GtkButton *button, HashiyaWindow *self)
{
  popdown (self);
  g_action_group_activate_action (G_ACTION_GROUP (self), "accept-suggestion", NULL);
}

static void
on_popover_reject (GtkButton *button, HashiyaWindow *self)
{
  popdown (self);
  g_action_group_activate_action (G_ACTION_GROUP (self), "reject-suggestion", NULL);
}

static void
on_popover_accept_all (GtkButton *button, HashiyaWindow *self)
{
  popdown (self);
  g_action_group_activate_action (G_ACTION_GROUP (self), "accept-all-suggestions", NULL);
}

static const char *
entry_text (GtkWidget *root, const char *name)
{
  for (GtkWidget *c = gtk_widget_get_first_child (root); c; c = gtk_widget_get_next_sibling (c))
    {
      const char *t;

      if (GTK_IS_ENTRY (c) && g_strcmp0 (gtk_widget_get_name (c), name) == 0)
        return gtk_editable_get_text (GTK_EDITABLE (c));
      if ((t = entry_text (c, name)) != NULL)
        return t;
    }
  return NULL;
}

static void
on_popover_set_value (GtkButton *button, HashiyaWindow *self)
{
  GtkWidget *root = GTK_WIDGET (state (self)->popover);
  GVariant *v = g_variant_new ("(sss)", entry_text (root, "span-value"),
                               entry_text (root, "span-calendar"), entry_text (root, "span-anchor"));

  popdown (self);
  g_action_group_activate_action (G_ACTION_GROUP (self), "set-span-value", v);
}

static GtkWidget *
button (const char *mnemonic, GCallback cb, HashiyaWindow *self)
{
  GtkWidget *b = gtk_button_new_with_mnemonic (mnemonic);

  g_signal_connect_object (b, "clicked", cb, self, 0);
  return b;
}

static void
fill_for_suggestion (HashiyaWindow *self, GtkGrid *grid, GtkBox *buttons, const HashiyaSuggestion *s)
{
  g_autofree char *flags = hashiya_suggestion_flags_to_string (s->flags);
  g_autofree char *all = g_strdup_printf (_("Accept All %s from %s"), s->label, s->source);
  GtkWidget *accept_button;
  int row = 0;

  add_line (grid, row++, _("Suggested"), s->label);
  add_line (grid, row++, _("Text"), s->text);
  if (s->value != NULL)
    add_line (grid, row++, _("Value"), s->value);
  if (s->calendar != NULL)
    add_line (grid, row++, _("Calendar"), s->calendar);
  if (s->anchor != NULL)
    add_line (grid, row++, _("Anchor"), s->anchor);
  add_line (grid, row++, _("Why"), s->why != NULL ? s->why : s->source);
  if (*flags)
    add_line (grid, row++, _("Check"), flags);
  accept_button = button (_("_Accept"), G_CALLBACK (on_popover_accept), self);
  gtk_widget_set_name (accept_button, "suggestion-accept");
  gtk_widget_add_css_class (accept_button, "suggested-action");
  gtk_box_append (buttons, accept_button);
  gtk_box_append (buttons, button (_("_Reject"), G_CALLBACK (on_popover_reject), self));
  gtk_box_append (buttons, button (all, G_CALLBACK (on_popover_accept_all), self));
  gtk_popover_set_default_widget (state (self)->popover, accept_button);
}

static void
fill_for_span (HashiyaWindow *self, GtkGrid *grid, GtkBox *buttons, const HashiyaSpan *span)
{
  GtkWidget *set;
  int row = 0;

  add_line (grid, row++, _("Label"), span->label);
  add_line (grid, row++, _("Origin"), span->origin != NULL ? span->origin : "");
  add_entry (grid, row++, _("_Value"), span->value, "span-value");
  add_entry (grid, row++, _("_Calendar"), span->calendar, "span-calendar");
  add_entry (grid, row++, _("A_nchor"), span->anchor, "span-anchor");
  set = button (_("_Set Value"), G_CALLBACK (on_popover_set_value), self);
  gtk_widget_add_css_class (set, "suggested-action");
  gtk_box_append (buttons, set);
  gtk_popover_set_default_widget (state (self)->popover, set);
}

static void
on_details (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  HashiyaWindow *self = user_data;
  HashiyaWindowSuggest *st = state (self);
  HashiyaSpanModel *model = hashiya_document_view_get_span_model (self->doc_view);
  gint64 id = hashiya_document_view_get_selected_span (self->doc_view);
  guint cur = hashiya_document_view_get_current_suggestion (self->doc_view);
  GtkWidget *box, *grid, *buttons;
  GdkRectangle rect;

  if (st->popover == NULL)
    {
      st->popover = GTK_POPOVER (gtk_popover_new ());
      gtk_widget_set_name (GTK_WIDGET (st->popover), "span-details");
      gtk_widget_set_parent (GTK_WIDGET (st->popover), GTK_WIDGET (self->doc_view));
    }
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  grid = gtk_grid_new ();
  buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  gtk_box_append (GTK_BOX (box), grid);
  gtk_box_append (GTK_BOX (box), buttons);
  if (id != 0 && hashiya_span_model_find (model, id) != G_MAXUINT)
    {
      const HashiyaSpan *span = hashiya_span_model_get (model, hashiya_span_model_find (model, id));
      GtkTextIter it;

      fill_for_span (self, GTK_GRID (grid), GTK_BOX (buttons), span);
      gtk_text_buffer_get_iter_at_offset (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->doc_view)),
                                          &it, (int) span->start);
      gtk_text_view_get_iter_location (GTK_TEXT_VIEW (self->doc_view), &it, &rect);
      gtk_text_view_buffer_to_window_coords (GTK_TEXT_VIEW (self->doc_view), GTK_TEXT_WINDOW_WIDGET,
                                             rect.x, rect.y, &rect.x, &rect.y);
    }
  else if (cur != G_MAXUINT)
    {
      fill_for_suggestion (self, GTK_GRID (grid), GTK_BOX (buttons),
                           hashiya_span_model_get_suggestion (model, cur));
      hashiya_document_view_get_suggestion_rect (self->doc_view, cur, &rect);
    }
  else
    return;
  rect.width = MAX (rect.width, 1);
  gtk_popover_set_child (st->popover, box);
  gtk_popover_set_pointing_to (st->popover, &rect);
  gtk_popover_popup (st->popover);
}

/* ---- installation ----------------------------------------------------------- */

static const GActionEntry entries[] = {
  { "show-suggestions", on_show_suggestions, NULL, "true" },
  { "accept-suggestion", on_accept },
  { "reject-suggestion", on_reject },
  { "accept-all-suggestions", on_accept_all },
  { "next-suggestion", on_next },
  { "prev-suggestion", on_prev },
  { "span-details", on_details },
  { "set-span-value", on_set_span_value, "(sss)" },
};

void
hashiya_window_suggest_install (HashiyaWindow *self)
{
  HashiyaWindowSuggest *st = g_new0 (HashiyaWindowSuggest, 1);
  GSettings *settings = hashiya_settings_get_default ();
  const char *env = g_getenv ("HASHIYA_SUGGESTIONS");
  gboolean show = hashiya_settings_get_boolean (settings, "show-suggestions", TRUE);
  GAction *action;

  st->rejected = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->suggest = st;
  /* the benchmark compares opening with and without: the variable wins over the setting */
  if (env != NULL && *env)
    show = !g_str_equal (env, "0");
  g_action_map_add_action_entries (G_ACTION_MAP (self), entries, G_N_ELEMENTS (entries), self);
  action = g_action_map_lookup_action (G_ACTION_MAP (self), "show-suggestions");
  g_simple_action_set_state (G_SIMPLE_ACTION (action), g_variant_new_boolean (show));
  g_signal_connect_object (hashiya_document_view_get_span_model (self->doc_view), "items-changed",
                           G_CALLBACK (on_spans_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->doc_view, "current-suggestion-changed",
                           G_CALLBACK (update_actions), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->doc_view, "selected-span-changed",
                           G_CALLBACK (update_actions), self, G_CONNECT_SWAPPED);
  update_actions (self);
}

void
hashiya_window_suggest_dispose (HashiyaWindow *self)
{
  HashiyaWindowSuggest *st = self->suggest;

  if (st == NULL)
    return;
  cancel (self, st);
  g_clear_handle_id (&st->refilter_idle, g_source_remove);
  if (st->popover != NULL)
    gtk_widget_unparent (GTK_WIDGET (st->popover));
  g_clear_pointer (&st->suggester, suggester_ref_unref);
  g_clear_pointer (&st->all, g_ptr_array_unref);
  g_clear_pointer (&st->rejected, g_hash_table_unref);
  g_free (st);
  self->suggest = NULL;
}
