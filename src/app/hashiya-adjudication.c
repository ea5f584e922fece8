/* hashiya-adjudication.c: the adjudication mode (one disagreement at a time, decided with keys)
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <inttypes.h>
#include <glib/gi18n.h>

#include "hashiya-adjudication.h"
#include "hashiya-adjudicate.h"

#define CONTEXT_CHARS 60

typedef struct
{
  HashiyaAdjudicationUndo *undo;
  gint64                   doc_id;
  HashiyaDisagreementKind  kind;
  gint64                   start;
  int                      comment_index;
} Done;

struct _HashiyaAdjudication
{
  AdwWindow       parent_instance;

  AdwWindowTitle *window_title;
  GtkLabel       *position;
  GtkLabel       *progress;
  GtkLabel       *context;
  GtkBox         *versions;
  GtkLabel       *resolution;
  GtkBox         *editor;

  HashiyaWindow  *window;          /* weak */
  HashiyaStore   *store;
  HashiyaText    *text;
  gint64          doc_id;
  char           *layer;
  char           *decided_by;
  GPtrArray      *items;           /* HashiyaDisagreement* */
  guint           index;
  GArray         *done;            /* Done: decisions, for undo */
  gboolean        editing;
  gboolean        decided;         /* a decision was written (the main window reloads) */
  GPtrArray      *candidates;      /* HashiyaSpan*: union of the versions while editing */
  GPtrArray      *checks;          /* GtkCheckButton*, same order */
  GtkDropDown    *fields[4];       /* comment editing */
};

G_DEFINE_FINAL_TYPE (HashiyaAdjudication, hashiya_adjudication, ADW_TYPE_WINDOW)

static void
done_clear (gpointer data)
{
  g_clear_pointer (&((Done *) data)->undo, hashiya_adjudication_undo_free);
}

static const char *
sentiment_name (HashiyaSentiment s)
{
  switch (s)
    {
    case HASHIYA_SENTIMENT_POSITIVE: return _("positive");
    case HASHIYA_SENTIMENT_NEGATIVE: return _("negative");
    case HASHIYA_SENTIMENT_NEUTRAL:  return _("neutral");
    case HASHIYA_SENTIMENT_MIXED:    return _("mixed");
    default:                         return "–";
    }
}

static const char *
decision_name (HashiyaDecision d)
{
  switch (d)
    {
    case HASHIYA_DECISION_APPROVE: return _("approve");
    case HASHIYA_DECISION_REVIEW:  return _("review");
    case HASHIYA_DECISION_REJECT:  return _("reject");
    default:                       return "–";
    }
}

static const char *
flag_name (int flag)
{
  return flag < 0 ? "–" : flag ? _("yes") : _("no");
}

static void
show_error (HashiyaAdjudication *self,
            const GError        *error)
{
  gtk_label_set_text (self->resolution, error->message);
}

static HashiyaDisagreement *
current (HashiyaAdjudication *self)
{
  if (self->items == NULL || self->index >= self->items->len)
    return NULL;
  return g_ptr_array_index (self->items, self->index);
}

static guint
count_resolved (HashiyaAdjudication *self)
{
  guint n = 0;

  for (guint i = 0; self->items != NULL && i < self->items->len; i++)
    n += ((HashiyaDisagreement *) g_ptr_array_index (self->items, i))->resolution != NULL;
  return n;
}

static GtkWidget *
rtl_label (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  /* Arabic text: right to left whatever the interface language */
  gtk_widget_set_direction (label, GTK_TEXT_DIR_RTL);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  return label;
}

/* The Arabic text in its own right-to-left label, the label name and range beside it. */
static GtkWidget *
span_row (HashiyaAdjudication *self,
          const HashiyaSpan   *span,
          const char          *prefix)
{
  g_autofree char *text = hashiya_text_slice (self->text, span->start, span->end);
  g_autofree char *what = g_strdup_printf ("%s · %" G_GINT64_FORMAT "–%" G_GINT64_FORMAT,
                                           span->label, span->start, span->end);
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *text_label = rtl_label (text);
  GtkWidget *what_label = gtk_label_new (what);

  if (prefix != NULL)
    gtk_box_append (GTK_BOX (row), gtk_label_new (prefix));
  gtk_widget_set_hexpand (text_label, TRUE);
  gtk_widget_add_css_class (what_label, "dim-label");
  gtk_box_append (GTK_BOX (row), text_label);
  gtk_box_append (GTK_BOX (row), what_label);
  return row;
}

static GtkWidget *
version_card (HashiyaAdjudication *self,
              HashiyaDisagreement *d,
              guint                i)
{
  HashiyaVersion *v = g_ptr_array_index (d->versions, i);
  GtkWidget *frame = gtk_frame_new (NULL);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  g_autofree char *title = g_strdup_printf ("%u · %s", i + 1, v->annotator);
  g_autofree char *name = g_strdup_printf ("adjudication-version-%u", i + 1);
  GtkWidget *heading = gtk_label_new (title);

  gtk_widget_set_name (frame, name);
  gtk_widget_add_css_class (heading, "heading");
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_box_append (GTK_BOX (box), heading);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_widget_set_margin_start (box, 8);
  gtk_widget_set_margin_end (box, 8);

  if (d->kind == HASHIYA_DISAGREEMENT_SPANS)
    {
      if (v->spans->len == 0)
        gtk_box_append (GTK_BOX (box), gtk_label_new (_("(no span)")));
      for (guint k = 0; k < v->spans->len; k++)
        {
          GtkWidget *row = span_row (self, g_ptr_array_index (v->spans, k), NULL);

          gtk_box_append (GTK_BOX (box), row);
        }
    }
  else if (v->judgement == NULL)
    gtk_box_append (GTK_BOX (box), gtk_label_new (_("(not judged)")));
  else
    {
      g_autofree char *text =
        g_strdup_printf (_("Sentiment: %s\nOffensive: %s\nHate speech: %s\nDecision: %s"),
                         sentiment_name (v->judgement->sentiment), flag_name (v->judgement->offensive),
                         flag_name (v->judgement->hate_speech), decision_name (v->judgement->decision));
      GtkWidget *label = gtk_label_new (text);

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_box_append (GTK_BOX (box), label);
    }
  gtk_frame_set_child (GTK_FRAME (frame), box);
  return frame;
}

static void
clear_box (GtkBox *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))) != NULL)
    gtk_box_remove (box, child);
}

static void
leave_edit (HashiyaAdjudication *self)
{
  self->editing = FALSE;
  clear_box (self->editor);
  gtk_widget_set_visible (GTK_WIDGET (self->editor), FALSE);
  g_clear_pointer (&self->candidates, g_ptr_array_unref);
  g_clear_pointer (&self->checks, g_ptr_array_unref);
  memset (self->fields, 0, sizeof self->fields);
}

static void
show_current (HashiyaAdjudication *self)
{
  HashiyaDisagreement *d = current (self);
  guint total = self->items != NULL ? self->items->len : 0;
  g_autofree char *progress = g_strdup_printf (_("%u of %u disagreements resolved"),
                                               count_resolved (self), total);

  leave_edit (self);
  clear_box (self->versions);
  gtk_label_set_text (self->progress, progress);
  if (d == NULL)
    {
      gtk_label_set_text (self->position, total == 0 ? _("No disagreements in this document")
                                                     : "");
      gtk_label_set_text (self->context, "");
      gtk_label_set_text (self->resolution, "");
      return;
    }

  {
    g_autofree char *position = NULL;

    if (d->kind == HASHIYA_DISAGREEMENT_SPANS)
      position = g_strdup_printf (_("Disagreement %u of %u: spans at %" PRId64 "–%" PRId64),
                                  self->index + 1, total, d->start, d->end);
    else
      position = g_strdup_printf (_("Disagreement %u of %u: comment %d"), self->index + 1, total,
                                  d->comment_index);
    gtk_label_set_text (self->position, position);
  }

  /* the text around it, the disputed part highlighted (background only: no change of
   * weight inside a word, which would break Arabic joining) */
  {
    gint64 length = hashiya_text_get_length (self->text);
    gint64 from = d->kind == HASHIYA_DISAGREEMENT_SPANS ? MAX (0, d->start - CONTEXT_CHARS) : d->start;
    gint64 to = d->kind == HASHIYA_DISAGREEMENT_SPANS ? MIN (length, d->end + CONTEXT_CHARS) : d->end;
    g_autofree char *before = hashiya_text_slice (self->text, from, d->start);
    g_autofree char *middle = hashiya_text_slice (self->text, d->start, d->end);
    g_autofree char *after = hashiya_text_slice (self->text, d->end, to);
    g_autofree char *markup = g_markup_printf_escaped ("%s<span background=\"#f9e79f\">%s</span>%s",
                                                       before, middle, after);

    gtk_label_set_markup (self->context, markup);
  }

  for (guint i = 0; i < d->versions->len; i++)
    gtk_box_append (self->versions, version_card (self, d, i));

  if (d->resolution == NULL)
    gtk_label_set_text (self->resolution, _("Open: not decided yet"));
  else
    {
      g_autofree char *agreed = g_strjoinv (", ", d->resolution->agreed);
      g_autofree char *text = NULL;

      switch (d->resolution->choice)
        {
        case HASHIYA_ADJUDICATION_ACCEPT:
          text = g_strdup_printf (_("Resolved: %s's version (same as: %s), decided by %s"),
                                  d->resolution->chosen, agreed, d->resolution->decided_by);
          break;
        case HASHIYA_ADJUDICATION_NONE:
          text = g_strdup_printf (_("Resolved: none (same as: %s), decided by %s"),
                                  *agreed ? agreed : "–", d->resolution->decided_by);
          break;
        default:
          text = g_strdup_printf (_("Resolved: edited (same as: %s), decided by %s"),
                                  *agreed ? agreed : "–", d->resolution->decided_by);
          break;
        }
      gtk_label_set_text (self->resolution, text);
    }
}

static gboolean
reload (HashiyaAdjudication *self)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *items = hashiya_adjudication_list (self->store, self->doc_id, self->layer, NULL, &error);

  if (items == NULL)
    {
      g_clear_pointer (&self->items, g_ptr_array_unref);
      show_current (self);
      show_error (self, error);
      return FALSE;
    }
  g_clear_pointer (&self->items, g_ptr_array_unref);
  self->items = items;
  if (self->index >= items->len)
    self->index = items->len > 0 ? items->len - 1 : 0;
  return TRUE;
}

/* the item at (kind, start, comment), or G_MAXUINT */
static guint
find_item (HashiyaAdjudication     *self,
           HashiyaDisagreementKind  kind,
           gint64                   start,
           int                      comment_index)
{
  for (guint i = 0; self->items != NULL && i < self->items->len; i++)
    {
      HashiyaDisagreement *d = g_ptr_array_index (self->items, i);

      if (d->kind == kind && (kind == HASHIYA_DISAGREEMENT_COMMENT ? d->comment_index == comment_index
                                                                   : d->start == start))
        return i;
    }
  return G_MAXUINT;
}

static void
move_to_next_open (HashiyaAdjudication *self)
{
  guint n = self->items->len;

  for (guint step = 1; step <= n; step++)
    {
      guint i = (self->index + step) % n;

      if (((HashiyaDisagreement *) g_ptr_array_index (self->items, i))->resolution == NULL)
        {
          self->index = i;
          return;
        }
    }
}

static void
after_decision (HashiyaAdjudication     *self,
                HashiyaAdjudicationUndo *undo,
                HashiyaDisagreement     *d)
{
  Done done = { undo, self->doc_id, d->kind, d->start, d->comment_index };
  HashiyaDisagreementKind kind = d->kind;
  gint64 start = d->start;
  int comment = d->comment_index;
  guint at;

  g_array_append_val (self->done, done);
  self->decided = TRUE;
  /* d belongs to the list about to be replaced */
  if (reload (self))
    {
      at = find_item (self, kind, start, comment);
      if (at != G_MAXUINT)
        self->index = at;
      if (self->items->len > 0)
        move_to_next_open (self);
    }
  show_current (self);
}

static void
accept (HashiyaAdjudication *self,
        int                  version)   /* -1 = none */
{
  HashiyaDisagreement *d = current (self);
  g_autoptr(GError) error = NULL;
  HashiyaAdjudicationUndo *undo;
  const char *who = NULL;

  if (d == NULL)
    return;
  if (version >= 0)
    {
      if ((guint) version >= d->versions->len)
        return;
      who = ((HashiyaVersion *) g_ptr_array_index (d->versions, version))->annotator;
    }
  undo = hashiya_adjudication_accept (self->store, d, self->layer, who, self->decided_by, &error);
  if (undo == NULL)
    {
      show_error (self, error);
      return;
    }
  after_decision (self, undo, d);
}

/* Shows another document's disagreements (the first open one). */
static gboolean
load_document (HashiyaAdjudication *self,
               gint64               doc_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HashiyaDocument) doc = hashiya_store_get_document (self->store, doc_id, &error);
  HashiyaText *text = doc != NULL ? hashiya_store_get_text (self->store, doc_id, &error) : NULL;

  if (text == NULL)
    {
      show_error (self, error);
      return FALSE;
    }
  g_clear_pointer (&self->text, hashiya_text_unref);
  self->text = text;
  self->doc_id = doc_id;
  self->index = 0;
  adw_window_title_set_subtitle (self->window_title, doc->source);
  if (reload (self) && self->items->len > 0
      && ((HashiyaDisagreement *) g_ptr_array_index (self->items, 0))->resolution != NULL)
    move_to_next_open (self);
  show_current (self);
  return TRUE;
}

/* The next (direction 1) or previous (-1) document in the project's order. */
static void
move_document (HashiyaAdjudication *self,
               int                  direction)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) docs = hashiya_store_list_documents (self->store, &error);

  if (docs == NULL)
    {
      show_error (self, error);
      return;
    }
  for (guint i = 0; i < docs->len; i++)
    if (((HashiyaDocument *) g_ptr_array_index (docs, i))->id == self->doc_id)
      {
        int next = (int) i + direction;

        if (next >= 0 && next < (int) docs->len)
          load_document (self, ((HashiyaDocument *) g_ptr_array_index (docs, next))->id);
        return;
      }
}

static void
undo_last (HashiyaAdjudication *self)
{
  g_autoptr(GError) error = NULL;
  Done *done;
  guint at;

  if (self->done->len == 0)
    return;
  done = &g_array_index (self->done, Done, self->done->len - 1);
  if (!hashiya_adjudication_undo (self->store, done->undo, &error))
    {
      show_error (self, error);
      return;
    }
  /* the decision may have been in another document: show it where it was taken back */
  if (done->doc_id != self->doc_id && !load_document (self, done->doc_id))
    return;
  if (reload (self))
    {
      at = find_item (self, done->kind, done->start, done->comment_index);
      if (at != G_MAXUINT)
        self->index = at;
    }
  g_array_remove_index (self->done, self->done->len - 1);
  show_current (self);
}

static gboolean
same_span (const HashiyaSpan *a,
           const HashiyaSpan *b)
{
  return a->start == b->start && a->end == b->end && g_str_equal (a->label, b->label);
}

static GtkDropDown *
field_dropdown (GtkBox      *box,
                const char  *title,
                const char **items,
                guint        selected)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *label = gtk_label_new (title);
  GtkWidget *drop = gtk_drop_down_new_from_strings (items);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (drop), selected);
  gtk_box_append (GTK_BOX (row), label);
  gtk_box_append (GTK_BOX (row), drop);
  gtk_box_append (box, row);
  return GTK_DROP_DOWN (drop);
}

static void
enter_edit (HashiyaAdjudication *self)
{
  HashiyaDisagreement *d = current (self);
  GtkWidget *title;

  if (d == NULL || self->editing)
    return;
  self->editing = TRUE;
  title = gtk_label_new (d->kind == HASHIYA_DISAGREEMENT_SPANS
                         ? _("Your version: 1–9 toggle a candidate span, Return writes it, Esc cancels")
                         : _("Your version: choose the values, Return writes it, Esc cancels"));
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_add_css_class (title, "heading");
  gtk_box_append (self->editor, title);

  if (d->kind == HASHIYA_DISAGREEMENT_SPANS)
    {
      self->candidates = g_ptr_array_new_with_free_func ((GDestroyNotify) hashiya_span_free);
      self->checks = g_ptr_array_new ();
      for (guint i = 0; i < d->versions->len; i++)
        {
          HashiyaVersion *v = g_ptr_array_index (d->versions, i);

          for (guint k = 0; k < v->spans->len; k++)
            {
              HashiyaSpan *span = g_ptr_array_index (v->spans, k);
              gboolean seen = FALSE;

              for (guint c = 0; c < self->candidates->len && !seen; c++)
                seen = same_span (g_ptr_array_index (self->candidates, c), span);
              if (!seen)
                g_ptr_array_add (self->candidates, hashiya_span_copy (span));
            }
        }
      for (guint c = 0; c < self->candidates->len; c++)
        {
          g_autofree char *number = g_strdup_printf ("%u", c + 1);
          GtkWidget *check = gtk_check_button_new ();
          g_autofree char *name = g_strdup_printf ("adjudication-candidate-%u", c + 1);

          gtk_check_button_set_child (GTK_CHECK_BUTTON (check),
                                      span_row (self, g_ptr_array_index (self->candidates, c), number));
          gtk_widget_set_name (check, name);
          gtk_box_append (self->editor, check);
          g_ptr_array_add (self->checks, check);
        }
    }
  else
    {
      static const char *sentiments[] = { "–", N_("positive"), N_("negative"), N_("neutral"), N_("mixed"), NULL };
      static const char *flags[] = { "–", N_("yes"), N_("no"), NULL };
      static const char *decisions[] = { "–", N_("approve"), N_("review"), N_("reject"), NULL };
      const char *tr_sentiments[6] = { NULL }, *tr_flags[4] = { NULL }, *tr_decisions[5] = { NULL };
      HashiyaJudgement *first = NULL;

      /* item 0 is "unset" ("–"), not translated */
      for (guint i = 0; i < 5; i++)
        tr_sentiments[i] = i ? _(sentiments[i]) : sentiments[i];
      for (guint i = 0; i < 3; i++)
        tr_flags[i] = i ? _(flags[i]) : flags[i];
      for (guint i = 0; i < 4; i++)
        tr_decisions[i] = i ? _(decisions[i]) : decisions[i];
      for (guint i = 0; i < d->versions->len && first == NULL; i++)
        first = ((HashiyaVersion *) g_ptr_array_index (d->versions, i))->judgement;

      self->fields[0] = field_dropdown (self->editor, _("Sentiment"), tr_sentiments,
                                        first ? first->sentiment : 0);
      self->fields[1] = field_dropdown (self->editor, _("Offensive"), tr_flags,
                                        first == NULL || first->offensive < 0 ? 0 : first->offensive ? 1 : 2);
      self->fields[2] = field_dropdown (self->editor, _("Hate speech"), tr_flags,
                                        first == NULL || first->hate_speech < 0 ? 0 : first->hate_speech ? 1 : 2);
      self->fields[3] = field_dropdown (self->editor, _("Decision"), tr_decisions,
                                        first ? first->decision : 0);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->editor), TRUE);
}

static void
toggle_candidate (HashiyaAdjudication *self,
                  guint                n)
{
  GtkCheckButton *check;

  if (self->checks == NULL || n >= self->checks->len)
    return;
  check = g_ptr_array_index (self->checks, n);
  gtk_check_button_set_active (check, !gtk_check_button_get_active (check));
}

static void
write_edit (HashiyaAdjudication *self)
{
  HashiyaDisagreement *d = current (self);
  g_autoptr(GError) error = NULL;
  HashiyaAdjudicationUndo *undo;

  if (d == NULL || !self->editing)
    return;
  if (d->kind == HASHIYA_DISAGREEMENT_SPANS)
    {
      g_autoptr(GPtrArray) chosen = g_ptr_array_new ();

      for (guint c = 0; c < self->checks->len; c++)
        if (gtk_check_button_get_active (g_ptr_array_index (self->checks, c)))
          g_ptr_array_add (chosen, g_ptr_array_index (self->candidates, c));
      undo = hashiya_adjudication_write_version (self->store, d, self->layer, chosen, NULL,
                                                 self->decided_by, &error);
    }
  else
    {
      HashiyaJudgement j = { 0 };
      guint off = gtk_drop_down_get_selected (self->fields[1]);
      guint hate = gtk_drop_down_get_selected (self->fields[2]);
      gboolean any;

      j.sentiment = gtk_drop_down_get_selected (self->fields[0]);
      j.offensive = off == 0 ? -1 : off == 1;
      j.hate_speech = hate == 0 ? -1 : hate == 1;
      j.decision = gtk_drop_down_get_selected (self->fields[3]);
      any = j.sentiment != HASHIYA_SENTIMENT_NONE || j.offensive >= 0 || j.hate_speech >= 0
        || j.decision != HASHIYA_DECISION_NONE;
      undo = hashiya_adjudication_write_version (self->store, d, self->layer, NULL, any ? &j : NULL,
                                                 self->decided_by, &error);
    }
  if (undo == NULL)
    {
      show_error (self, error);
      return;
    }
  after_decision (self, undo, d);
}

static gboolean
on_key_pressed (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                HashiyaAdjudication   *self)
{
  guint n = self->items != NULL ? self->items->len : 0;

  state &= gtk_accelerator_get_default_mod_mask ();
  if (state == GDK_CONTROL_MASK && (keyval == GDK_KEY_z || keyval == GDK_KEY_Z))
    {
      undo_last (self);
      return TRUE;
    }
  if (state == GDK_CONTROL_MASK && (keyval == GDK_KEY_Page_Down || keyval == GDK_KEY_Page_Up))
    {
      leave_edit (self);
      move_document (self, keyval == GDK_KEY_Page_Down ? 1 : -1);
      return TRUE;
    }
  if (state != 0 && state != GDK_SHIFT_MASK)
    return FALSE;

  if (self->editing)
    {
      if (keyval >= GDK_KEY_1 && keyval <= GDK_KEY_9)
        toggle_candidate (self, keyval - GDK_KEY_1);
      else if (keyval >= GDK_KEY_KP_1 && keyval <= GDK_KEY_KP_9)
        toggle_candidate (self, keyval - GDK_KEY_KP_1);
      else if (keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter)
        write_edit (self);
      else if (keyval == GDK_KEY_Escape)
        leave_edit (self);
      else
        return FALSE;   /* Tab, arrows and Space work in the editor's widgets */
      return TRUE;
    }

  if (keyval >= GDK_KEY_1 && keyval <= GDK_KEY_9)
    accept (self, keyval - GDK_KEY_1);
  else if (keyval >= GDK_KEY_KP_1 && keyval <= GDK_KEY_KP_9)
    accept (self, keyval - GDK_KEY_KP_1);
  else if (keyval == GDK_KEY_0 || keyval == GDK_KEY_KP_0)
    accept (self, -1);
  else if (keyval == GDK_KEY_e || keyval == GDK_KEY_E)
    enter_edit (self);
  else if ((keyval == GDK_KEY_n || keyval == GDK_KEY_N || keyval == GDK_KEY_Page_Down) && n > 0)
    {
      self->index = (self->index + 1) % n;
      show_current (self);
    }
  else if ((keyval == GDK_KEY_p || keyval == GDK_KEY_P || keyval == GDK_KEY_Page_Up) && n > 0)
    {
      self->index = (self->index + n - 1) % n;
      show_current (self);
    }
  else if (keyval == GDK_KEY_Escape)
    gtk_window_close (GTK_WINDOW (self));
  else
    return FALSE;
  return TRUE;
}

static gboolean
on_close_request (HashiyaAdjudication *self)
{
  g_autoptr(GError) error = NULL;

  /* the main window shows the document again with the layer's new spans */
  if (self->window != NULL && self->decided && hashiya_window_get_document (self->window) != 0)
    hashiya_window_load_document (self->window, hashiya_window_get_document (self->window), &error);
  return FALSE;
}

static void
hashiya_adjudication_finalize (GObject *object)
{
  HashiyaAdjudication *self = HASHIYA_ADJUDICATION (object);

  g_clear_weak_pointer (&self->window);
  g_clear_object (&self->store);
  g_clear_pointer (&self->text, hashiya_text_unref);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->done, g_array_unref);
  g_clear_pointer (&self->candidates, g_ptr_array_unref);
  g_clear_pointer (&self->checks, g_ptr_array_unref);
  g_free (self->layer);
  g_free (self->decided_by);
  G_OBJECT_CLASS (hashiya_adjudication_parent_class)->finalize (object);
}

static void
hashiya_adjudication_class_init (HashiyaAdjudicationClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = hashiya_adjudication_finalize;
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/hashiya/Hashiya/hashiya-adjudication.ui");
  gtk_widget_class_bind_template_child (widget_class, HashiyaAdjudication, window_title);
  gtk_widget_class_bind_template_child (widget_class, HashiyaAdjudication, position);
  gtk_widget_class_bind_template_child (widget_class, HashiyaAdjudication, progress);
  gtk_widget_class_bind_template_child (widget_class, HashiyaAdjudication, context);
  gtk_widget_class_bind_template_child (widget_class, HashiyaAdjudication, versions);
  gtk_widget_class_bind_template_child (widget_class, HashiyaAdjudication, resolution);
  gtk_widget_class_bind_template_child (widget_class, HashiyaAdjudication, editor);
}

static void
hashiya_adjudication_init (HashiyaAdjudication *self)
{
  GtkEventController *keys = gtk_event_controller_key_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  self->done = g_array_new (FALSE, TRUE, sizeof (Done));
  g_array_set_clear_func (self->done, done_clear);
  /* capture: the keys are the mode's, before any focused widget sees them */
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
  g_signal_connect (self, "close-request", G_CALLBACK (on_close_request), NULL);
  /* the document text is Arabic: right to left in any interface language */
  gtk_widget_set_direction (GTK_WIDGET (self->context), GTK_TEXT_DIR_RTL);
}

GtkWindow *
hashiya_adjudication_new (HashiyaWindow *window,
                          gint64         doc_id,
                          const char    *layer)
{
  HashiyaAdjudication *self;
  HashiyaStore *store;

  g_return_val_if_fail (HASHIYA_IS_WINDOW (window), NULL);
  store = hashiya_window_get_store (window);
  g_return_val_if_fail (store != NULL, NULL);

  self = g_object_new (HASHIYA_TYPE_ADJUDICATION, "transient-for", window, NULL);
  g_set_weak_pointer (&self->window, window);
  self->store = g_object_ref (store);
  self->doc_id = doc_id;
  self->layer = g_strdup (layer != NULL ? layer : HASHIYA_DEFAULT_LAYER);
  self->decided_by = hashiya_settings_dup_annotator (hashiya_settings_get_default ());
  if (self->decided_by == NULL || *self->decided_by == '\0')
    {
      g_free (self->decided_by);
      self->decided_by = g_strdup (g_get_user_name ());
    }

  if (!load_document (self, doc_id))
    self->text = hashiya_text_new ("", 0, NULL);
  return GTK_WINDOW (self);
}

gint64
hashiya_adjudication_get_document (HashiyaAdjudication *self)
{
  g_return_val_if_fail (HASHIYA_IS_ADJUDICATION (self), 0);
  return self->doc_id;
}

void
hashiya_adjudication_get_progress (HashiyaAdjudication *self,
                                   guint               *index,
                                   guint               *total,
                                   guint               *resolved)
{
  g_return_if_fail (HASHIYA_IS_ADJUDICATION (self));
  if (index != NULL)
    *index = self->index;
  if (total != NULL)
    *total = self->items != NULL ? self->items->len : 0;
  if (resolved != NULL)
    *resolved = count_resolved (self);
}
