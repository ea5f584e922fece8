/* hashiya-agreement-view.c: the Agreement window (tables and a bar chart drawn with GtkSnapshot)
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "hashiya-agreement-view.h"
#include "hashiya-adjudication.h"

/* ---- a small horizontal bar chart ------------------------------------------------ */

#define HASHIYA_TYPE_AGREEMENT_CHART (hashiya_agreement_chart_get_type ())
G_DECLARE_FINAL_TYPE (HashiyaAgreementChart, hashiya_agreement_chart, HASHIYA, AGREEMENT_CHART, GtkWidget)

#define BAR_HEIGHT 18
#define BAR_GAP 6
#define NAME_WIDTH 120
#define VALUE_WIDTH 56

typedef struct
{
  char    *name;
  double   value;   /* NaN = undefined: no bar */
  gboolean alpha;   /* a judgement field (another colour) */
} Bar;

struct _HashiyaAgreementChart
{
  GtkWidget  parent_instance;
  GArray    *bars;
};

G_DEFINE_FINAL_TYPE (HashiyaAgreementChart, hashiya_agreement_chart, GTK_TYPE_WIDGET)

static void
bar_clear (gpointer data)
{
  g_free (((Bar *) data)->name);
}

static void
chart_add (HashiyaAgreementChart *self,
           const char            *name,
           double                 value,
           gboolean               alpha)
{
  Bar bar = { g_strdup (name), value, alpha };

  g_array_append_val (self->bars, bar);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

static void
chart_measure (GtkWidget      *widget,
               GtkOrientation  orientation,
               int             for_size,
               int            *minimum,
               int            *natural,
               int            *minimum_baseline,
               int            *natural_baseline)
{
  HashiyaAgreementChart *self = HASHIYA_AGREEMENT_CHART (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = NAME_WIDTH + VALUE_WIDTH + 80;
      *natural = NAME_WIDTH + VALUE_WIDTH + 360;
    }
  else
    *minimum = *natural = self->bars->len * (BAR_HEIGHT + BAR_GAP);
}

static void
draw_text (GtkSnapshot *snapshot,
           GtkWidget   *widget,
           const char  *text,
           float        x,
           float        y,
           float        width,
           gboolean     align_end)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, text);
  GdkRGBA color = { 0.2, 0.2, 0.2, 1 };
  int w, h;

  /* no layout width unless the text is too long: with a width, Pango aligns the text
   * inside it by its direction, and the offset below would count twice */
  pango_layout_get_pixel_size (layout, &w, &h);
  if (w > width)
    {
      pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
      pango_layout_get_pixel_size (layout, &w, &h);
      w = MIN (w, (int) width);
    }
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (align_end ? x + width - w : x,
                                                          y + (BAR_HEIGHT - h) / 2.0f));
  gtk_snapshot_append_layout (snapshot, layout, &color);
  gtk_snapshot_restore (snapshot);
}

static void
chart_snapshot (GtkWidget   *widget,
                GtkSnapshot *snapshot)
{
  HashiyaAgreementChart *self = HASHIYA_AGREEMENT_CHART (widget);
  gboolean rtl = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL;
  float width = gtk_widget_get_width (widget);
  float track = MAX (width - NAME_WIDTH - VALUE_WIDTH - 16, 20);
  const GdkRGBA span_color = { 0.21, 0.52, 0.89, 1 };    /* blue */
  const GdkRGBA field_color = { 0.90, 0.38, 0.0, 1 };    /* orange */
  const GdkRGBA track_color = { 0.5, 0.5, 0.5, 0.15 };

  for (guint i = 0; i < self->bars->len; i++)
    {
      Bar *bar = &g_array_index (self->bars, Bar, i);
      float y = i * (BAR_HEIGHT + BAR_GAP);
      float fill = isnan (bar->value) ? 0 : (float) CLAMP (bar->value, 0, 1) * track;
      float track_x = rtl ? VALUE_WIDTH + 8 : NAME_WIDTH + 8;
      g_autofree char *value = isnan (bar->value) ? g_strdup ("–")
                                                  : g_strdup_printf ("%.2f", bar->value);

      /* names on the start side, values on the end side, bars grow from the start */
      draw_text (snapshot, widget, bar->name, rtl ? width - NAME_WIDTH : 0, y, NAME_WIDTH, rtl);
      draw_text (snapshot, widget, value, rtl ? 0 : width - VALUE_WIDTH, y, VALUE_WIDTH, !rtl);
      gtk_snapshot_append_color (snapshot, &track_color,
                                 &GRAPHENE_RECT_INIT (track_x, y + 2, track, BAR_HEIGHT - 4));
      gtk_snapshot_append_color (snapshot, bar->alpha ? &field_color : &span_color,
                                 &GRAPHENE_RECT_INIT (rtl ? track_x + track - fill : track_x, y + 2,
                                                      fill, BAR_HEIGHT - 4));
    }
}

static void
chart_finalize (GObject *object)
{
  g_clear_pointer (&HASHIYA_AGREEMENT_CHART (object)->bars, g_array_unref);
  G_OBJECT_CLASS (hashiya_agreement_chart_parent_class)->finalize (object);
}

static void
hashiya_agreement_chart_class_init (HashiyaAgreementChartClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = chart_finalize;
  GTK_WIDGET_CLASS (klass)->measure = chart_measure;
  GTK_WIDGET_CLASS (klass)->snapshot = chart_snapshot;
  gtk_widget_class_set_accessible_role (GTK_WIDGET_CLASS (klass), GTK_ACCESSIBLE_ROLE_IMG);
}

static void
hashiya_agreement_chart_init (HashiyaAgreementChart *self)
{
  self->bars = g_array_new (FALSE, TRUE, sizeof (Bar));
  g_array_set_clear_func (self->bars, bar_clear);
}

/* ---- the window --------------------------------------------------------------- */

struct _HashiyaAgreementView
{
  AdwWindow         parent_instance;

  GtkWidget        *adjudicate_button;
  GtkSpinner       *spinner;
  GtkLabel         *summary;
  GtkGrid          *span_grid;
  GtkGrid          *field_grid;
  GtkBox           *chart_box;

  HashiyaWindow    *window;      /* weak */
  HashiyaAgreement *agreement;
  GCancellable     *cancellable;
};

G_DEFINE_FINAL_TYPE (HashiyaAgreementView, hashiya_agreement_view, ADW_TYPE_WINDOW)

static char *
format_value (double value)
{
  return isnan (value) ? g_strdup ("–") : g_strdup_printf ("%.3f", value);
}

static void
grid_text (GtkGrid    *grid,
           int         column,
           int         row,
           const char *text,
           gboolean    heading)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), heading || column == 0 ? 0 : 1);
  if (heading)
    gtk_widget_add_css_class (label, "dim-label");
  else if (column > 0)
    gtk_widget_add_css_class (label, "numeric");
  gtk_grid_attach (grid, label, column, row, 1, 1);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static void
fill (HashiyaAgreementView *self)
{
  const HashiyaAgreement *ag = self->agreement;
  HashiyaAgreementChart *chart = g_object_new (HASHIYA_TYPE_AGREEMENT_CHART, NULL);
  g_autoptr(GString) names = g_string_new (NULL);
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  g_autofree char *summary = NULL;

  for (guint i = 0; i < ag->annotators->len; i++)
    g_string_append_printf (names, "%s%s", i ? ", " : "", (char *) g_ptr_array_index (ag->annotators, i));
  summary = g_strdup_printf (_("Annotators: %s. Documents: %u, comments: %u."), names->str,
                             ag->n_documents, ag->n_comments);
  gtk_label_set_text (self->summary, summary);

  /* spans: rows are labels (and the total), two columns per pair */
  grid_text (self->span_grid, 0, 0, _("Label"), TRUE);
  for (guint p = 0; p < ag->pairs->len; p++)
    {
      const HashiyaPairAgreement *pair = g_ptr_array_index (ag->pairs, p);
      g_autofree char *title = g_strdup_printf ("%s / %s", pair->a, pair->b);

      grid_text (self->span_grid, 1 + p, 0, title, TRUE);
      for (guint l = 0; l < pair->per_label->len; l++)
        {
          const char *label = ((HashiyaLabelAgreement *) g_ptr_array_index (pair->per_label, l))->label;
          gboolean seen = FALSE;

          for (guint k = 0; k < labels->len && !seen; k++)
            seen = g_str_equal (g_ptr_array_index (labels, k), label);
          if (!seen)
            g_ptr_array_add (labels, (gpointer) label);
        }
    }
  g_ptr_array_sort (labels, compare_names);
  for (guint l = 0; l <= labels->len; l++)
    {
      const char *label = l < labels->len ? g_ptr_array_index (labels, l) : NULL;
      double sum = 0;
      guint n = 0;

      grid_text (self->span_grid, 0, 1 + l, label != NULL ? label : _("All labels"), FALSE);
      for (guint p = 0; p < ag->pairs->len; p++)
        {
          const HashiyaPairAgreement *pair = g_ptr_array_index (ag->pairs, p);
          const HashiyaPrf *exact = &pair->exact, *overlap = &pair->overlap;
          g_autofree char *e = NULL, *o = NULL, *cell = NULL;

          if (label != NULL)
            {
              exact = overlap = NULL;
              for (guint k = 0; k < pair->per_label->len; k++)
                {
                  HashiyaLabelAgreement *row = g_ptr_array_index (pair->per_label, k);
                  if (g_str_equal (row->label, label))
                    exact = &row->exact, overlap = &row->overlap;
                }
            }
          e = format_value (exact ? exact->f1 : NAN);
          o = format_value (overlap ? overlap->f1 : NAN);
          cell = g_strdup_printf ("%s / %s", e, o);
          grid_text (self->span_grid, 1 + p, 1 + l, cell, FALSE);
          if (label != NULL && exact != NULL && !isnan (exact->f1))
            sum += exact->f1, n++;
        }
      if (label != NULL)
        chart_add (chart, label, n > 0 ? sum / n : NAN, FALSE);
    }

  /* judgements: rows are fields, a column per pair (kappa, n) and alpha */
  grid_text (self->field_grid, 0, 0, _("Field"), TRUE);
  for (guint p = 0; p < ag->pairs->len; p++)
    {
      const HashiyaPairAgreement *pair = g_ptr_array_index (ag->pairs, p);
      g_autofree char *title = g_strdup_printf (_("κ %s / %s (n)"), pair->a, pair->b);

      grid_text (self->field_grid, 1 + p, 0, title, TRUE);
    }
  grid_text (self->field_grid, 1 + ag->pairs->len, 0, _("α (all)"), TRUE);
  for (int f = 0; f < HASHIYA_N_FIELDS; f++)
    {
      const char *names_[] = { N_("Sentiment"), N_("Offensive"), N_("Hate speech"), N_("Decision") };
      g_autofree char *alpha = format_value (ag->alpha[f]);
      g_autofree char *chart_name = NULL;

      grid_text (self->field_grid, 0, 1 + f, _(names_[f]), FALSE);
      for (guint p = 0; p < ag->pairs->len; p++)
        {
          const HashiyaPairAgreement *pair = g_ptr_array_index (ag->pairs, p);
          g_autofree char *k = format_value (pair->fields[f].kappa);
          g_autofree char *cell = g_strdup_printf ("%s (%u)", k, pair->fields[f].n);

          grid_text (self->field_grid, 1 + p, 1 + f, cell, FALSE);
        }
      grid_text (self->field_grid, 1 + ag->pairs->len, 1 + f, alpha, FALSE);
      chart_name = g_strdup_printf ("α %s", _(names_[f]));
      chart_add (chart, chart_name, ag->alpha[f], TRUE);
    }

  gtk_widget_set_name (GTK_WIDGET (chart), "agreement-chart");
  gtk_accessible_update_property (GTK_ACCESSIBLE (chart), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Bar chart of the agreement"), -1);
  gtk_box_append (self->chart_box, GTK_WIDGET (chart));
}

static void
compute_thread (GTask        *task,
                gpointer      source,
                gpointer      task_data,
                GCancellable *cancellable)
{
  HashiyaStore *store = task_data;
  GError *error = NULL;
  HashiyaAgreement *ag = hashiya_agreement_compute (store, NULL, &error);

  if (ag == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, ag, (GDestroyNotify) hashiya_agreement_free);
}

static void
on_computed (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(HashiyaAgreementView) self = user_data;
  g_autoptr(GError) error = NULL;
  HashiyaAgreement *ag = g_task_propagate_pointer (G_TASK (result), &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  gtk_spinner_set_spinning (self->spinner, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), FALSE);
  if (ag == NULL)
    {
      gtk_label_set_text (self->summary, error->message);
      return;
    }
  self->agreement = ag;
  fill (self);
  gtk_widget_set_sensitive (self->adjudicate_button,
                            self->window != NULL && hashiya_window_get_document (self->window) != 0);
}

static void
on_adjudicate_clicked (HashiyaAgreementView *self)
{
  if (self->window == NULL || hashiya_window_get_document (self->window) == 0)
    return;
  gtk_window_present (hashiya_adjudication_new (self->window,
                                                hashiya_window_get_document (self->window),
                                                NULL));
}

static void
hashiya_agreement_view_dispose (GObject *object)
{
  HashiyaAgreementView *self = HASHIYA_AGREEMENT_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  G_OBJECT_CLASS (hashiya_agreement_view_parent_class)->dispose (object);
}

static void
hashiya_agreement_view_finalize (GObject *object)
{
  HashiyaAgreementView *self = HASHIYA_AGREEMENT_VIEW (object);

  g_clear_weak_pointer (&self->window);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->agreement, hashiya_agreement_free);
  G_OBJECT_CLASS (hashiya_agreement_view_parent_class)->finalize (object);
}

static void
hashiya_agreement_view_class_init (HashiyaAgreementViewClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = hashiya_agreement_view_dispose;
  G_OBJECT_CLASS (klass)->finalize = hashiya_agreement_view_finalize;
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/hashiya/Hashiya/hashiya-agreement-view.ui");
  gtk_widget_class_bind_template_child (widget_class, HashiyaAgreementView, adjudicate_button);
  gtk_widget_class_bind_template_child (widget_class, HashiyaAgreementView, spinner);
  gtk_widget_class_bind_template_child (widget_class, HashiyaAgreementView, summary);
  gtk_widget_class_bind_template_child (widget_class, HashiyaAgreementView, span_grid);
  gtk_widget_class_bind_template_child (widget_class, HashiyaAgreementView, field_grid);
  gtk_widget_class_bind_template_child (widget_class, HashiyaAgreementView, chart_box);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
hashiya_agreement_view_init (HashiyaAgreementView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  g_signal_connect_swapped (self->adjudicate_button, "clicked", G_CALLBACK (on_adjudicate_clicked), self);
}

GtkWindow *
hashiya_agreement_view_new (HashiyaWindow *window)
{
  HashiyaAgreementView *self = g_object_new (HASHIYA_TYPE_AGREEMENT_VIEW, "transient-for", window, NULL);
  HashiyaStore *store = hashiya_window_get_store (window);
  g_autoptr(GTask) task = NULL;

  g_set_weak_pointer (&self->window, window);
  if (store == NULL)
    {
      gtk_label_set_text (self->summary, _("No project is open."));
      gtk_widget_set_visible (GTK_WIDGET (self->spinner), FALSE);
      return GTK_WINDOW (self);
    }
  task = g_task_new (NULL, self->cancellable, on_computed, g_object_ref (self));
  g_task_set_task_data (task, g_object_ref (store), g_object_unref);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, compute_thread);
  return GTK_WINDOW (self);
}

const HashiyaAgreement *
hashiya_agreement_view_get_agreement (HashiyaAgreementView *self)
{
  g_return_val_if_fail (HASHIYA_IS_AGREEMENT_VIEW (self), NULL);
  return self->agreement;
}

void
hashiya_window_action_agreement (GSimpleAction *action,
                                 GVariant      *param,
                                 gpointer       user_data)
{
  gtk_window_present (hashiya_agreement_view_new (HASHIYA_WINDOW (user_data)));
}
