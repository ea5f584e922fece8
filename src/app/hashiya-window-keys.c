/* hashiya-window-keys.c: the single keys that act on the text while it has the focus
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Labels 1-9 (Alt: exact characters), Tab between spans, arrows resize the selected
 * span, Delete removes it, J/K and the judgement letters; Enter, BackSpace and Alt+Down
 * accept, reject and reach suggestions. They live on the document
 * view in the capture phase, so typing in an entry never triggers them.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "hashiya-window-private.h"

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

/* Each shortcut names the window action it ends in ("hashiya-action"), so that the
 * shortcuts window and keyboard reachability can be checked against what is bound. */
static void
add_key (GtkShortcutController *controller, guint keyval, GdkModifierType mods,
         GtkShortcutFunc func, GVariant *args, const char *action)
{
  GtkShortcut *shortcut = gtk_shortcut_new (gtk_keyval_trigger_new (keyval, mods),
                                            gtk_callback_action_new (func, NULL, NULL));
  gtk_shortcut_set_arguments (shortcut, args);
  g_object_set_data (G_OBJECT (shortcut), "hashiya-action", (gpointer) action);
  gtk_shortcut_controller_add_shortcut (controller, shortcut);
}

static void
add_action_key (GtkShortcutController *controller, guint keyval, GdkModifierType mods,
                const char *action, GVariant *target)
{
  add_key (controller, keyval, mods, on_window_action_key,
           g_variant_new ("(smv)", action, target), action);
}

void
hashiya_window_install_view_keys (HashiyaWindow *self)
{
  GtkEventController *controller = gtk_shortcut_controller_new ();
  GtkShortcutController *sc = GTK_SHORTCUT_CONTROLLER (controller);
  struct { guint keyval; const char *action; const char *target; } letters[] = {
    { GDK_KEY_j, "next-comment", NULL }, { GDK_KEY_k, "prev-comment", NULL },
    { GDK_KEY_e, "focus-note", NULL },   /* the judgement letters: hashiya_window_set_judgement_keys () */
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
  add_key (sc, GDK_KEY_Tab, 0, on_tab, g_variant_new_boolean (FALSE), "next-span");
  add_key (sc, GDK_KEY_ISO_Left_Tab, GDK_SHIFT_MASK, on_tab, g_variant_new_boolean (TRUE), "prev-span");
  add_key (sc, GDK_KEY_Tab, GDK_SHIFT_MASK, on_tab, g_variant_new_boolean (TRUE), "prev-span");
  add_key (sc, GDK_KEY_Delete, 0, on_delete_key, NULL, "delete-span");
  add_key (sc, GDK_KEY_BackSpace, 0, on_delete_key, NULL, "delete-span");
  add_key (sc, GDK_KEY_KP_Delete, 0, on_delete_key, NULL, "delete-span");
  add_action_key (sc, GDK_KEY_Escape, 0, "clear-selection", NULL);
  /* suggestions (hashiya-window-suggest.c): each key acts only when its action is enabled,
   * i.e. with the cursor in a suggestion; BackSpace rejects only when no span is selected
   * (the delete-span key above comes first) */
  add_action_key (sc, GDK_KEY_Return, 0, "accept-suggestion", NULL);
  add_action_key (sc, GDK_KEY_KP_Enter, 0, "accept-suggestion", NULL);
  add_action_key (sc, GDK_KEY_BackSpace, 0, "reject-suggestion", NULL);
  add_action_key (sc, GDK_KEY_Return, GDK_SHIFT_MASK, "accept-all-suggestions", NULL);
  add_action_key (sc, GDK_KEY_Down, GDK_ALT_MASK, "next-suggestion", NULL);
  add_action_key (sc, GDK_KEY_Up, GDK_ALT_MASK, "prev-suggestion", NULL);
  add_action_key (sc, GDK_KEY_Return, GDK_ALT_MASK, "span-details", NULL);
  for (guint m = 0; m < 4; m++)
    {
      GdkModifierType mods = ((m & 1) ? GDK_SHIFT_MASK : 0) | ((m & 2) ? GDK_CONTROL_MASK : 0);
      add_key (sc, GDK_KEY_Left, mods, on_arrow, g_variant_new ("(sbb)", "left", (m & 1) != 0, (m & 2) != 0), "resize-span");
      add_key (sc, GDK_KEY_Right, mods, on_arrow, g_variant_new ("(sbb)", "right", (m & 1) != 0, (m & 2) != 0), "resize-span");
      add_key (sc, GDK_KEY_KP_Left, mods, on_arrow, g_variant_new ("(sbb)", "left", (m & 1) != 0, (m & 2) != 0), "resize-span");
      add_key (sc, GDK_KEY_KP_Right, mods, on_arrow, g_variant_new ("(sbb)", "right", (m & 1) != 0, (m & 2) != 0), "resize-span");
    }
  gtk_widget_add_controller (GTK_WIDGET (self->doc_view), controller);
}

/* The judgement schema's keys (one lower-case letter each), bound to win.judge-key on the
 * text, replacing the keys of the previous schema. */
void
hashiya_window_set_judgement_keys (HashiyaWindow *self, GStrv keys)
{
  GListModel *controllers = gtk_widget_observe_controllers (GTK_WIDGET (self->doc_view));
  GtkShortcutController *sc = NULL;
  GPtrArray *old;

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) c = g_list_model_get_item (controllers, i);
      if (g_strcmp0 (gtk_event_controller_get_name (c), "hashiya-annotation-keys") == 0)
        sc = GTK_SHORTCUT_CONTROLLER (c);
    }
  g_object_unref (controllers);
  if (sc == NULL)
    return;
  old = g_object_get_data (G_OBJECT (sc), "hashiya-judgement-keys");
  for (guint i = 0; old != NULL && i < old->len; i++)
    gtk_shortcut_controller_remove_shortcut (sc, g_ptr_array_index (old, i));
  old = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
    {
      guint keyval = gdk_unicode_to_keyval ((guchar) keys[i][0]);
      GListModel *list = G_LIST_MODEL (sc);
      guint before = g_list_model_get_n_items (list);

      add_action_key (sc, keyval, 0, "judge-key", g_variant_new_string (keys[i]));
      add_action_key (sc, gdk_keyval_to_upper (keyval), GDK_SHIFT_MASK, "judge-key",
                      g_variant_new_string (keys[i]));
      for (guint k = before; k < g_list_model_get_n_items (list); k++)
        g_ptr_array_add (old, g_list_model_get_item (list, k));
    }
  g_object_set_data_full (G_OBJECT (sc), "hashiya-judgement-keys", old, (GDestroyNotify) g_ptr_array_unref);
}
