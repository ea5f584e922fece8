/* hashiya-window-review.c: judging by the project's judgement schema
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The side panel's rows, the strip on the current comment card, the judgement keys on the
 * text and their entries in the shortcuts window are all built from the project's schema
 * (hashiya-store-schema.h) and built again whenever it changes. Every control ends in
 * judge_field (), which changes one field of this annotator's judgement of a comment and
 * saves the whole judgement (undoable as one step). Reply links (which comment a comment
 * answers) are set from the card's menu, undoable too.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "hashiya-window-private.h"
#include "hashiya-review-queue.h"
#include "hashiya-schema-editor.h"

typedef enum { JW_ROW, JW_CHOICE, JW_YESNO, JW_TEXT, JW_BUILTIN } JudgeWidgetKind;

typedef struct
{
  HashiyaWindow   *window;   /* not a reference */
  JudgeWidgetKind  kind;
  char            *field;
  char            *choice;   /* JW_CHOICE */
  GtkWidget       *widget;   /* not a reference: the panel or strip holds it */
} JudgeWidget;

static void
judge_widget_free (JudgeWidget *w)
{
  g_free (w->field);
  g_free (w->choice);
  g_free (w);
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

/* ---- changing one field ---------------------------------------------------- */

typedef struct
{
  const char *field;
  const char *value;
} FieldValue;

static void
set_field_value (HashiyaJudgement *j, gpointer data)
{
  FieldValue *fv = data;

  hashiya_judgement_set_value (j, fv->field, fv->value, NULL);
}

void
hashiya_window_drop_unmet_values (HashiyaWindow *self, HashiyaJudgement *j)
{
  if (self->schema == NULL)
    return;
  /* conditions name earlier fields only: one pass in schema order settles them */
  for (guint i = 0; i < self->schema->fields->len; i++)
    {
      HashiyaField *f = g_ptr_array_index (self->schema->fields, i);
      if (hashiya_judgement_get_value (j, f->name) != NULL
          && !hashiya_judgement_schema_condition_met (self->schema, f, j))
        hashiya_judgement_set_value (j, f->name, NULL, NULL);
    }
}

static const HashiyaJudgement *
current_judgement (HashiyaWindow *self)
{
  int current = hashiya_document_view_get_current_comment (self->doc_view);

  return current ? hashiya_document_view_get_judgement (self->doc_view, current) : NULL;
}

/* Sets field to value (NULL unsets) on the current comment; refuses, with a message, a field
 * whose condition does not hold. */
static void
judge_field (HashiyaWindow *self, const char *field, const char *value)
{
  HashiyaField *f = self->schema ? hashiya_judgement_schema_lookup (self->schema, field) : NULL;
  FieldValue fv = { field, value };

  if (f == NULL)
    {
      g_autofree char *msg = g_strdup_printf (_("This project’s judgement schema has no field “%s”"), field);
      hashiya_window_toast (self, msg);
      return;
    }
  if (f->when_field != NULL && hashiya_document_view_get_current_comment (self->doc_view) != 0)
    {
      g_autoptr(HashiyaJudgement) probe = NULL;
      const HashiyaJudgement *j = current_judgement (self);

      probe = j ? hashiya_judgement_copy (j) : hashiya_judgement_new (self->doc_id, 0, self->annotator);
      if (!hashiya_judgement_schema_condition_met (self->schema, f, probe))
        {
          HashiyaField *w = hashiya_judgement_schema_lookup (self->schema, f->when_field);
          /* TRANSLATORS: “Hate speech target” applies only when Hate speech = yes */
          g_autofree char *msg = g_strdup_printf (_("“%s” applies only when %s = %s"), f->title,
                                                  w ? w->title : f->when_field, f->when_value);
          hashiya_window_toast (self, msg);
          return;
        }
    }
  hashiya_window_judge_current (self, set_field_value, &fv);
}

/* The value field gets when choice is picked (single: the choice, multi: toggled in the set). */
static char *
value_with_choice (HashiyaWindow *self, HashiyaField *f, const char *choice)
{
  const HashiyaJudgement *j = current_judgement (self);
  g_autoptr(GString) out = NULL;
  gboolean had;

  if (f->kind != HASHIYA_FIELD_MULTI)
    return g_strdup (choice);
  had = j != NULL && hashiya_judgement_has_choice (j, f->name, choice);
  out = g_string_new (NULL);
  for (guint i = 0; i < f->choices->len; i++)
    {
      HashiyaChoice *ch = g_ptr_array_index (f->choices, i);
      gboolean on = g_str_equal (ch->name, choice) ? !had
                    : (j != NULL && hashiya_judgement_has_choice (j, f->name, ch->name));
      if (on)
        g_string_append_printf (out, "%s%s", out->len ? "," : "", ch->name);
    }
  return out->len ? g_strdup (out->str) : NULL;
}

static char *
value_toggled_yesno (HashiyaWindow *self, HashiyaField *f)
{
  const HashiyaJudgement *j = current_judgement (self);

  return g_strdup (g_strcmp0 (j ? hashiya_judgement_get_value (j, f->name) : NULL, "yes") == 0 ? "no" : "yes");
}

/* win.judge-key: a key of the schema (a choice's or a yes/no field's) */
static void
on_judge_key (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  HashiyaWindow *self = user_data;
  const char *key = g_variant_get_string (param, NULL);

  if (self->schema == NULL || self->updating_panel)
    return;
  for (guint i = 0; i < self->schema->fields->len; i++)
    {
      HashiyaField *f = g_ptr_array_index (self->schema->fields, i);
      if (f->kind == HASHIYA_FIELD_YESNO && g_strcmp0 (f->key, key) == 0)
        {
          g_autofree char *v = value_toggled_yesno (self, f);
          judge_field (self, f->name, v);
          return;
        }
      for (guint c = 0; c < f->choices->len; c++)
        {
          HashiyaChoice *ch = g_ptr_array_index (f->choices, c);
          if (g_strcmp0 (ch->key, key) == 0)
            {
              g_autofree char *v = value_with_choice (self, f, ch->name);
              judge_field (self, f->name, v);
              return;
            }
        }
    }
}

/* The fixed actions of earlier versions (win.sentiment, …) set the built-in fields. */
void
hashiya_window_action_sentiment (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  HashiyaWindow *self = user_data;

  if (!self->updating_panel)
    judge_field (self, "sentiment", g_variant_get_string (param, NULL));
}

void
hashiya_window_action_decision (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  HashiyaWindow *self = user_data;

  if (!self->updating_panel)
    judge_field (self, "decision", g_variant_get_string (param, NULL));
}

static void
toggle_builtin (HashiyaWindow *self, const char *name)
{
  HashiyaField *f = self->schema ? hashiya_judgement_schema_lookup (self->schema, name) : NULL;
  g_autofree char *v = NULL;

  if (self->updating_panel)
    return;
  if (f == NULL)
    {
      judge_field (self, name, NULL);   /* says the schema has no such field */
      return;
    }
  v = value_toggled_yesno (self, f);
  judge_field (self, name, v);
}

void
hashiya_window_action_offensive (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  toggle_builtin (user_data, "offensive");
}

void
hashiya_window_action_hate (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  toggle_builtin (user_data, "hate_speech");
}

/* ---- the controls --------------------------------------------------------- */

/* A button of the panel or the strip of a custom field; a yes/no field's button turns it on
 * or off */
static void
judge_choice (HashiyaWindow *self, const char *field, const char *choice)
{
  HashiyaField *f = self->schema ? hashiya_judgement_schema_lookup (self->schema, field) : NULL;
  g_autofree char *v = NULL;

  if (self->updating_panel || f == NULL)
    return;
  v = f->kind == HASHIYA_FIELD_YESNO ? value_toggled_yesno (self, f) : value_with_choice (self, f, choice);
  judge_field (self, field, v);
  hashiya_window_sync_comment_panel (self);   /* a refused click leaves the button as it was */
}

typedef struct
{
  HashiyaWindow *window;
  char          *field;
  char          *choice;
} ControlTarget;

static void
control_target_free (gpointer data, GClosure *closure)
{
  ControlTarget *t = data;

  g_free (t->field);
  g_free (t->choice);
  g_free (t);
}

static void
on_control_clicked (GtkWidget *button, ControlTarget *t)
{
  judge_choice (t->window, t->field, t->choice);
}

/* The built-in fields keep their own actions (win.sentiment::positive, win.offensive, …),
 * whose state the buttons follow; the others go through win.judge-choice. */
static JudgeWidget *add_widget (HashiyaWindow *self, JudgeWidgetKind kind, const char *field,
                                const char *choice, GtkWidget *widget);

static void
bind_control (HashiyaWindow *self, GtkWidget *button, const HashiyaField *f, const char *choice)
{
  g_autofree char *detailed = NULL;

  if (g_str_equal (f->name, "sentiment") || g_str_equal (f->name, "decision"))
    detailed = g_strdup_printf ("win.%s::%s", f->name, choice);
  else if (g_str_equal (f->name, "offensive"))
    detailed = g_strdup ("win.offensive");
  else if (g_str_equal (f->name, "hate_speech"))
    detailed = g_strdup ("win.hate");
  if (detailed != NULL)
    {
      gtk_actionable_set_detailed_action_name (GTK_ACTIONABLE (button), detailed);
      add_widget (self, JW_BUILTIN, f->name, choice, button);
      return;
    }
  {
    ControlTarget *t = g_new0 (ControlTarget, 1);
    t->window = self;
    t->field = g_strdup (f->name);
    t->choice = g_strdup (choice ? choice : "yes");
    g_signal_connect_data (button, GTK_IS_CHECK_BUTTON (button) ? "toggled" : "clicked",
                           G_CALLBACK (on_control_clicked), t, control_target_free, 0);
  }
  add_widget (self, f->kind == HASHIYA_FIELD_YESNO && GTK_IS_CHECK_BUTTON (button) ? JW_YESNO : JW_CHOICE,
              f->name, choice ? choice : "yes", button);
}

static void
on_text_activate (GtkEntry *entry, JudgeWidget *w)
{
  HashiyaWindow *self = w->window;
  const HashiyaJudgement *j = current_judgement (self);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));

  if (self->updating_panel)
    return;
  if (g_strcmp0 (j ? hashiya_judgement_get_value (j, w->field) : NULL, *text ? text : NULL) != 0)
    judge_field (self, w->field, text);
  gtk_widget_grab_focus (GTK_WIDGET (self->doc_view));
}

static JudgeWidget *
add_widget (HashiyaWindow *self, JudgeWidgetKind kind, const char *field, const char *choice,
            GtkWidget *widget)
{
  JudgeWidget *w = g_new0 (JudgeWidget, 1);

  w->window = self;
  w->kind = kind;
  w->field = g_strdup (field);
  w->choice = g_strdup (choice);
  w->widget = widget;
  g_ptr_array_add (self->judge_widgets, w);
  return w;
}

static char *
upper_key (const char *key)
{
  return key ? g_ascii_strup (key, -1) : NULL;
}

/* "Positive  P" with a small dot of the choice's colour */
static GtkWidget *
choice_content (const char *title, const char *color, const char *key)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  g_autofree char *dot = g_markup_printf_escaped ("<span foreground=\"%s\">●</span>", color ? color : "#888888");
  GtkWidget *label;

  label = gtk_label_new (NULL);
  gtk_label_set_markup (GTK_LABEL (label), dot);
  gtk_box_append (GTK_BOX (box), label);
  label = gtk_label_new (title);
  /* a long title takes two lines rather than losing its end */
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 12);   /* keeps the panel narrow */
  gtk_box_append (GTK_BOX (box), label);
  if (key != NULL)
    {
      g_autofree char *k = upper_key (key);
      label = gtk_label_new (k);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_add_css_class (label, "key-hint");
      gtk_box_append (GTK_BOX (box), label);
    }
  return box;
}

static char *
tip_with_key (const char *title, const char *key)
{
  g_autofree char *k = upper_key (key);

  /* TRANSLATORS: a judgement choice and its key, "Positive (P)" */
  return k ? g_strdup_printf (_("%s (%s)"), title, k) : g_strdup (title);
}

static GtkWidget *
panel_row (HashiyaWindow *self, HashiyaField *f)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  g_autofree char *row_name = g_strdup_printf ("field-%s", f->name);
  GtkWidget *caption = gtk_label_new (f->title);

  gtk_widget_set_name (row, row_name);
  gtk_label_set_xalign (GTK_LABEL (caption), 0);
  gtk_label_set_wrap (GTK_LABEL (caption), TRUE);
  gtk_widget_add_css_class (caption, "caption-heading");
  gtk_widget_add_css_class (caption, "dim-label");
  add_widget (self, JW_ROW, f->name, NULL, row);

  if (f->kind == HASHIYA_FIELD_SINGLE || f->kind == HASHIYA_FIELD_MULTI)
    {
      GtkWidget *flow = gtk_flow_box_new ();

      gtk_box_append (GTK_BOX (row), caption);
      gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (flow), GTK_SELECTION_NONE);
      /* two or three a line in the panel's width, never one tall column */
      gtk_flow_box_set_min_children_per_line (GTK_FLOW_BOX (flow), 2);
      gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (flow), 3);
      gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (flow), 4);
      gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (flow), 4);
      gtk_flow_box_set_homogeneous (GTK_FLOW_BOX (flow), TRUE);
      gtk_accessible_update_property (GTK_ACCESSIBLE (flow), GTK_ACCESSIBLE_PROPERTY_LABEL, f->title, -1);
      for (guint c = 0; c < f->choices->len; c++)
        {
          HashiyaChoice *ch = g_ptr_array_index (f->choices, c);
          GtkWidget *button = gtk_toggle_button_new ();
          g_autofree char *name = g_strdup_printf ("%s-%s", f->name, ch->name);
          g_autofree char *tip = tip_with_key (ch->title, ch->key);

          gtk_widget_set_name (button, name);
          gtk_widget_add_css_class (button, "choice-button");
          gtk_button_set_child (GTK_BUTTON (button), choice_content (ch->title, ch->color, ch->key));
          gtk_widget_set_tooltip_text (button, tip);
          gtk_widget_set_focus_on_click (button, FALSE);
          gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, tip, -1);
          bind_control (self, button, f, ch->name);
          gtk_flow_box_append (GTK_FLOW_BOX (flow), button);
          gtk_widget_set_focusable (gtk_widget_get_parent (button), FALSE);
        }
      gtk_box_append (GTK_BOX (row), flow);
    }
  else if (f->kind == HASHIYA_FIELD_YESNO)
    {
      GtkWidget *check = gtk_check_button_new ();
      g_autofree char *name = g_strdup_printf ("%s-check", f->name);
      g_autofree char *tip = tip_with_key (f->title, f->key);
      GtkWidget *content = choice_content (f->title, NULL, f->key);
      /* the caption would repeat the title: a check button says it itself */
      g_object_ref_sink (caption);
      g_object_unref (caption);
      gtk_widget_set_visible (gtk_widget_get_first_child (content), FALSE);
      gtk_widget_set_name (check, name);
      gtk_check_button_set_child (GTK_CHECK_BUTTON (check), content);
      gtk_widget_set_tooltip_text (check, tip);
      gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL, tip, -1);
      bind_control (self, check, f, NULL);
      gtk_box_append (GTK_BOX (row), check);
    }
  else if (g_str_equal (f->name, "note"))
    {
      /* the note keeps its own entry (saved when the focus leaves, key E) */
      g_object_ref_sink (caption);
      g_object_unref (caption);
      g_object_ref_sink (row);
      g_object_unref (row);
      g_ptr_array_remove_index (self->judge_widgets, self->judge_widgets->len - 1);
      return NULL;
    }
  else
    {
      GtkWidget *entry = gtk_entry_new ();
      g_autofree char *name = g_strdup_printf ("%s-entry", f->name);
      JudgeWidget *w;

      gtk_box_append (GTK_BOX (row), caption);
      gtk_widget_set_name (entry, name);
      gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Enter to save"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, f->title, -1);
      w = add_widget (self, JW_TEXT, f->name, NULL, entry);
      g_signal_connect (entry, "activate", G_CALLBACK (on_text_activate), w);
      gtk_box_append (GTK_BOX (row), entry);
    }
  return row;
}

/* ---- the strip on the current card ---------------------------------------- */

static GtkWidget *
strip_button (HashiyaWindow *self, const char *key, const char *tip, const char *name)
{
  g_autofree char *k = upper_key (key);
  GtkWidget *button = gtk_toggle_button_new_with_label (k);

  gtk_widget_set_name (button, name);
  gtk_widget_set_tooltip_text (button, tip);
  gtk_widget_set_focus_on_click (button, FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, tip, -1);
  return button;
}

static GMenuModel *
reply_menu (void)
{
  GMenu *menu = g_menu_new ();

  g_menu_append (menu, _("Reply to the Previous Comment"), "win.reply-to-previous");
  g_menu_append (menu, _("Reply to…"), "win.reply-to-choose");
  g_menu_append (menu, _("Not a Reply"), "win.not-a-reply");
  return G_MENU_MODEL (menu);
}

static void
fill_strip (HashiyaWindow *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->card_strip)) != NULL)
    gtk_box_remove (GTK_BOX (self->card_strip), child);
  for (guint i = 0; self->schema != NULL && i < self->schema->fields->len; i++)
    {
      HashiyaField *f = g_ptr_array_index (self->schema->fields, i);
      GtkWidget *group;
      g_autofree char *group_name = g_strdup_printf ("card-field-%s", f->name);

      if (f->kind == HASHIYA_FIELD_TEXT)
        continue;
      group = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
      gtk_widget_set_name (group, group_name);
      gtk_widget_add_css_class (group, "linked");
      gtk_accessible_update_property (GTK_ACCESSIBLE (group), GTK_ACCESSIBLE_PROPERTY_LABEL, f->title, -1);
      add_widget (self, JW_ROW, f->name, NULL, group);
      if (f->kind == HASHIYA_FIELD_YESNO)
        {
          g_autofree char *name = g_strdup_printf ("card-%s", f->name);
          g_autofree char *tip = tip_with_key (f->title, f->key);
          GtkWidget *b = strip_button (self, f->key ? f->key : "?", tip, name);

          bind_control (self, b, f, NULL);
          gtk_box_append (GTK_BOX (group), b);
        }
      for (guint c = 0; c < f->choices->len; c++)
        {
          HashiyaChoice *ch = g_ptr_array_index (f->choices, c);
          g_autofree char *name = g_strdup_printf ("card-%s-%s", f->name, ch->name);
          g_autofree char *tip = tip_with_key (ch->title, ch->key);
          g_autofree char *fallback = g_utf8_substring (ch->title, 0, 1);
          GtkWidget *b = strip_button (self, ch->key ? ch->key : fallback, tip, name);

          bind_control (self, b, f, ch->name);
          gtk_box_append (GTK_BOX (group), b);
        }
      gtk_box_append (GTK_BOX (self->card_strip), group);
    }
  {
    GtkWidget *menu = gtk_menu_button_new ();
    g_autoptr(GMenuModel) model = reply_menu ();

    gtk_widget_set_name (menu, "card-thread-menu");
    gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (menu), "mail-reply-sender-symbolic");
    gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (menu), model);
    gtk_widget_set_tooltip_text (menu, _("Reply thread"));
    gtk_widget_set_focus_on_click (menu, FALSE);
    gtk_accessible_update_property (GTK_ACCESSIBLE (menu), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    _("Reply thread"), -1);
    gtk_box_append (GTK_BOX (self->card_strip), menu);
  }
}

GtkWidget *
hashiya_window_make_card_strip (HashiyaWindow *self)
{
  GtkWidget *bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);

  gtk_widget_set_name (bar, "card-controls");
  gtk_widget_add_css_class (bar, "card-controls");
  gtk_accessible_update_property (GTK_ACCESSIBLE (bar), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Judgement of the current comment"), -1);
  self->card_strip = bar;
  if (self->judge_widgets == NULL)
    self->judge_widgets = g_ptr_array_new_with_free_func ((GDestroyNotify) judge_widget_free);
  return bar;
}

/* ---- the shortcuts window --------------------------------------------------- */

static GtkWidget *
find_shortcut_group (GtkWidget *root)
{
  if (GTK_IS_SHORTCUTS_SHORTCUT (root))
    {
      g_autofree char *accel = NULL;
      g_object_get (root, "accelerator", &accel, NULL);
      if (g_strcmp0 (accel, "j") == 0)
        return gtk_widget_get_parent (root);
    }
  for (GtkWidget *c = gtk_widget_get_first_child (root); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_shortcut_group (c);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
add_help_entry (GtkWidget *group, GtkWidget *before, const char *key, const char *title)
{
  GtkWidget *s = g_object_new (GTK_TYPE_SHORTCUTS_SHORTCUT, "accelerator", key, "title", title, NULL);

  g_object_set_data (G_OBJECT (s), "hashiya-schema-key", GINT_TO_POINTER (1));
  gtk_box_insert_child_after (GTK_BOX (group), s, before ? gtk_widget_get_prev_sibling (before) : NULL);
  if (before == NULL)
    gtk_box_reorder_child_after (GTK_BOX (group), s, gtk_widget_get_last_child (group));
}

static void
fill_help (HashiyaWindow *self)
{
  GtkShortcutsWindow *overlay = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (self));
  GtkWidget *group, *child, *next, *note = NULL;

  if (overlay == NULL || (group = find_shortcut_group (GTK_WIDGET (overlay))) == NULL)
    return;
  for (child = gtk_widget_get_first_child (group); child != NULL; child = next)
    {
      g_autofree char *accel = NULL;
      next = gtk_widget_get_next_sibling (child);
      if (g_object_get_data (G_OBJECT (child), "hashiya-schema-key") != NULL)
        gtk_box_remove (GTK_BOX (group), child);
      else if (GTK_IS_SHORTCUTS_SHORTCUT (child))
        {
          g_object_get (child, "accelerator", &accel, NULL);
          if (g_strcmp0 (accel, "e") == 0)
            note = child;
        }
    }
  for (guint i = 0; self->schema != NULL && i < self->schema->fields->len; i++)
    {
      HashiyaField *f = g_ptr_array_index (self->schema->fields, i);
      if (f->kind == HASHIYA_FIELD_YESNO && f->key != NULL)
        {
          /* TRANSLATORS: a yes/no field's key in the shortcuts window, "Offensive: yes or no" */
          g_autofree char *title = g_strdup_printf (_("%s: yes or no"), f->title);
          add_help_entry (group, note, f->key, title);
        }
      for (guint c = 0; c < f->choices->len; c++)
        {
          HashiyaChoice *ch = g_ptr_array_index (f->choices, c);
          if (ch->key != NULL)
            {
              /* TRANSLATORS: a choice's key in the shortcuts window, "Sentiment: Positive" */
              g_autofree char *title = g_strdup_printf (_("%s: %s"), f->title, ch->title);
              add_help_entry (group, note, ch->key, title);
            }
        }
    }
}

/* ---- (re)building everything from the schema ------------------------------ */

/* "O Offensive · H Hate speech · R Race …": what the strip's letters mean */
static char *
key_hints (const HashiyaJudgementSchema *schema)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; schema != NULL && i < schema->fields->len; i++)
    {
      HashiyaField *f = g_ptr_array_index (schema->fields, i);
      if (f->key != NULL)
        g_string_append_printf (out, "%s%c %s", out->len ? " · " : "", g_ascii_toupper (f->key[0]), f->title);
      for (guint c = 0; c < f->choices->len; c++)
        {
          HashiyaChoice *ch = g_ptr_array_index (f->choices, c);
          if (ch->key != NULL)
            g_string_append_printf (out, "%s%c %s", out->len ? " · " : "", g_ascii_toupper (ch->key[0]), ch->title);
        }
    }
  return g_string_free (out, FALSE);
}

void
hashiya_window_load_schema (HashiyaWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) keys = g_ptr_array_new ();
  GtkWidget *child;
  gboolean has_note = FALSE;
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  /* the application is set after the window's init: bind Ctrl+R here */
  if (app != NULL)
    {
      const char *queue_accels[] = { "<Control>r", NULL };
      gtk_application_set_accels_for_action (app, "win.review-queue", queue_accels);
    }
  g_clear_pointer (&self->schema, hashiya_judgement_schema_free);
  if (self->store != NULL)
    {
      self->schema = hashiya_store_get_judgement_schema (self->store, &error);
      if (self->schema == NULL)
        hashiya_window_toast (self, error->message);
    }
  if (self->judge_widgets == NULL)
    self->judge_widgets = g_ptr_array_new_with_free_func ((GDestroyNotify) judge_widget_free);
  g_ptr_array_set_size (self->judge_widgets, 0);
  while ((child = gtk_widget_get_first_child (self->schema_box)) != NULL)
    gtk_box_remove (GTK_BOX (self->schema_box), child);
  for (guint i = 0; self->schema != NULL && i < self->schema->fields->len; i++)
    {
      HashiyaField *f = g_ptr_array_index (self->schema->fields, i);
      GtkWidget *row = panel_row (self, f);

      if (row != NULL)
        gtk_box_append (GTK_BOX (self->schema_box), row);
      if (g_str_equal (f->name, "note"))
        has_note = TRUE;
      if (f->key != NULL)
        g_ptr_array_add (keys, f->key);
      for (guint c = 0; c < f->choices->len; c++)
        if (((HashiyaChoice *) g_ptr_array_index (f->choices, c))->key != NULL)
          g_ptr_array_add (keys, ((HashiyaChoice *) g_ptr_array_index (f->choices, c))->key);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->note_entry), has_note || self->schema == NULL);
  if (self->card_strip != NULL)
    fill_strip (self);
  g_ptr_array_add (keys, NULL);
  hashiya_window_set_judgement_keys (self, (GStrv) keys->pdata);
  {
    g_autofree char *hints = key_hints (self->schema);
    hashiya_document_view_set_key_hints (self->doc_view, hints);
  }
  fill_help (self);
  hashiya_window_sync_comment_panel (self);
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
      int parent = hashiya_document_view_get_comment_parent (self->doc_view, current);
      g_autofree char *title = NULL;

      if (parent > 0)
        /* TRANSLATORS: the panel's heading for a comment that replies to another */
        title = g_strdup_printf (_("Comment %d of %d, reply to #%d"), current, n, parent);
      else
        title = g_strdup_printf (_("Comment %d of %d"), current, n);
      title = hashiya_localize_digits (g_steal_pointer (&title));
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
  for (guint i = 0; self->judge_widgets != NULL && i < self->judge_widgets->len; i++)
    {
      JudgeWidget *w = g_ptr_array_index (self->judge_widgets, i);
      HashiyaField *f = self->schema ? hashiya_judgement_schema_lookup (self->schema, w->field) : NULL;
      const char *value = j ? hashiya_judgement_get_value (j, w->field) : NULL;

      if (f == NULL)
        continue;
      switch (w->kind)
        {
        case JW_ROW:
          {
            g_autoptr(HashiyaJudgement) probe = j ? hashiya_judgement_copy (j)
                                                  : hashiya_judgement_new (self->doc_id, current, self->annotator);
            gtk_widget_set_visible (w->widget, hashiya_judgement_schema_condition_met (self->schema, f, probe));
          }
          break;
        case JW_CHOICE:
          gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (w->widget),
                                        j != NULL && (f->kind == HASHIYA_FIELD_YESNO
                                                      ? g_strcmp0 (value, "yes") == 0
                                                      : hashiya_judgement_has_choice (j, w->field, w->choice)));
          break;
        case JW_YESNO:
          gtk_check_button_set_active (GTK_CHECK_BUTTON (w->widget), g_strcmp0 (value, "yes") == 0);
          break;
        case JW_TEXT:
          gtk_editable_set_text (GTK_EDITABLE (w->widget), value ? value : "");
          gtk_widget_set_sensitive (w->widget, current > 0);
          break;
        default:
          break;
        }
    }
  gtk_editable_set_text (GTK_EDITABLE (self->note_entry), j && j->note ? j->note : "");
  gtk_widget_set_sensitive (GTK_WIDGET (self->note_entry), current > 0);
  self->note_doc = self->doc_id;
  self->note_comment = current;
  self->note_dirty = FALSE;
  self->updating_panel = FALSE;
  if (self->card_strip != NULL)
    hashiya_document_view_queue_draw_cards (self->doc_view);
}

/* ---- reply links ------------------------------------------------------------ */

static gboolean
set_parent (HashiyaWindow *self, int index, int parent, GError **error)
{
  if (!hashiya_store_set_comment_parent (self->store, self->doc_id, index, parent, error))
    return FALSE;
  hashiya_document_view_set_comment_parent (self->doc_view, index, parent);
  return TRUE;
}

gboolean
hashiya_window_apply_reply (HashiyaWindow *self, HashiyaCommand *cmd, gboolean forward, GError **error)
{
  if (cmd->doc_id != self->doc_id && !hashiya_window_load_document (self, cmd->doc_id, error))
    return FALSE;
  if (!set_parent (self, cmd->comment_index, (int) (forward ? cmd->new_start : cmd->old_start), error))
    return FALSE;
  hashiya_document_view_set_current_comment (self->doc_view, cmd->comment_index, TRUE);
  hashiya_window_sync_comment_panel (self);
  return TRUE;
}

static void
reply_current (HashiyaWindow *self, int parent)
{
  int index = hashiya_document_view_get_current_comment (self->doc_view);
  int old;
  g_autoptr(GError) error = NULL;
  HashiyaCommand *cmd;

  if (self->store == NULL || index == 0)
    {
      hashiya_window_toast (self, _("No comment selected: press J to go to the next comment"));
      return;
    }
  old = hashiya_document_view_get_comment_parent (self->doc_view, index);
  if (old == parent)
    return;
  if (!set_parent (self, index, parent, &error))
    {
      hashiya_window_toast (self, error->message);
      return;
    }
  cmd = hashiya_command_new (HASHIYA_COMMAND_REPLY, self->doc_id);
  cmd->comment_index = index;
  cmd->old_start = old;
  cmd->new_start = parent;
  hashiya_window_push_command (self, cmd);
  hashiya_window_sync_comment_panel (self);
}

static void
on_not_a_reply (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  reply_current (user_data, 0);
}

static void
on_reply_to_previous (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  HashiyaWindow *self = user_data;
  int index = hashiya_document_view_get_current_comment (self->doc_view);

  reply_current (self, index > 1 ? index - 1 : index);
}

static void
on_reply_chosen (AdwMessageDialog *dialog, const char *response, HashiyaWindow *self)
{
  GtkSpinButton *spin = g_object_get_data (G_OBJECT (dialog), "spin");

  if (g_strcmp0 (response, "reply") == 0)
    reply_current (self, gtk_spin_button_get_value_as_int (spin));
}

static void
on_reply_to_choose (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  HashiyaWindow *self = user_data;
  int index = hashiya_document_view_get_current_comment (self->doc_view);
  GtkWidget *dialog, *spin;
  g_autofree char *body = NULL;

  if (index <= 1)
    {
      hashiya_window_toast (self, index == 0 ? _("No comment selected: press J to go to the next comment")
                                             : _("The first comment cannot reply to an earlier one"));
      return;
    }
  body = g_strdup_printf (_("Comment %d replies to comment number:"), index);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Reply to…"), body);
  spin = gtk_spin_button_new_with_range (1, index - 1, 1);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin),
                             MAX (hashiya_document_view_get_comment_parent (self->doc_view, index), index - 1));
  gtk_widget_set_name (spin, "reply-to-number");
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), spin);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "reply", _("_Reply To"), NULL);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "reply");
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "reply", ADW_RESPONSE_SUGGESTED);
  g_object_set_data (G_OBJECT (dialog), "spin", spin);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_reply_chosen), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- the review queue and the schema editor ------------------------------- */

static void
on_review_queue (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  HashiyaWindow *self = user_data;

  if (self->store == NULL)
    return;
  if (self->review_queue == NULL)
    {
      self->review_queue = GTK_WIDGET (hashiya_review_queue_new (self));
      g_object_add_weak_pointer (G_OBJECT (self->review_queue), (gpointer *) &self->review_queue);
    }
  gtk_window_present (GTK_WINDOW (self->review_queue));
}

static void
on_schema_editor (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  HashiyaWindow *self = user_data;

  if (self->store != NULL)
    gtk_window_present (GTK_WINDOW (hashiya_schema_editor_new (self, GTK_WINDOW (self))));
}

static const GActionEntry review_entries[] = {
  { "judge-key", on_judge_key, "s" },
  { "not-a-reply", on_not_a_reply },
  { "reply-to-previous", on_reply_to_previous },
  { "reply-to-choose", on_reply_to_choose },
  { "review-queue", on_review_queue },
  { "schema-editor", on_schema_editor },
};

void
hashiya_window_install_review_actions (HashiyaWindow *self)
{
  g_action_map_add_action_entries (G_ACTION_MAP (self), review_entries, G_N_ELEMENTS (review_entries), self);
}
