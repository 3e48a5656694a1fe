/* kz-chart-frame.c — a chart with its title and a "Show as Table" toggle
 *
 * The table is a GtkGrid of labels built from the data's text table, so it
 * shows exactly the strings the description and the tooltips use; it is
 * rebuilt when the data change.  Suppressed heatmap cells read as their
 * reason, dimmed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kz-chart-frame"

#include "config.h"

#include <glib/gi18n.h>

#include "kz-chart-frame.h"

struct _KzChartFrame
{
  GtkWidget    parent_instance;

  GtkWidget   *header;
  GtkWidget   *title_label;
  GtkWidget   *toggle;
  GtkWidget   *stack;
  KzChart     *chart;
  GtkWidget   *scroller;
  GtkWidget   *table;
  gboolean     show_table;
};

G_DEFINE_FINAL_TYPE (KzChartFrame, kz_chart_frame, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TITLE,
  PROP_DATA,
  PROP_SHOW_TABLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
rebuild_table (KzChartFrame *self)
{
  KzChartData *data = kz_chart_get_data (self->chart);
  g_autoptr(KzChartTable) table = NULL;
  GtkWidget *child;
  gboolean heatmap;

  while ((child = gtk_widget_get_first_child (self->table)) != NULL)
    gtk_grid_remove (GTK_GRID (self->table), child);
  if (data == NULL)
    return;

  table = kz_chart_data_build_table (data);
  heatmap = kz_chart_data_get_kind (data) == KZ_CHART_HEATMAP;
  for (guint col = 0; col < table->n_columns; col++)
    {
      GtkWidget *label = gtk_label_new (kz_chart_table_get_header (table, col));

      gtk_label_set_xalign (GTK_LABEL (label), col == 0 ? 0 : 1);
      gtk_widget_add_css_class (label, "kz-chart-table-header");
      gtk_grid_attach (GTK_GRID (self->table), label, col, 0, 1, 1);
    }
  for (guint row = 0; row < table->n_rows; row++)
    for (guint col = 0; col < table->n_columns; col++)
      {
        GtkWidget *label = gtk_label_new (kz_chart_table_get_cell (table, row, col));

        gtk_label_set_xalign (GTK_LABEL (label), col == 0 ? 0 : 1);
        gtk_label_set_selectable (GTK_LABEL (label), FALSE);
        if (col > 0)
          gtk_widget_add_css_class (label, "numeric");
        if (heatmap && col > 0 && kz_chart_data_cell_is_suppressed (data, row, col - 1))
          {
            /* A reason is a phrase: wrapped, so its column stays narrow. */
            gtk_widget_add_css_class (label, "dim-label");
            gtk_label_set_wrap (GTK_LABEL (label), TRUE);
            gtk_label_set_max_width_chars (GTK_LABEL (label), 14);
            gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_RIGHT);
          }
        gtk_grid_attach (GTK_GRID (self->table), label, col, row + 1, 1, 1);
      }
}

static void
kz_chart_frame_dispose (GObject *object)
{
  KzChartFrame *self = KZ_CHART_FRAME (object);

  g_clear_pointer (&self->header, gtk_widget_unparent);
  g_clear_pointer (&self->stack, gtk_widget_unparent);
  G_OBJECT_CLASS (kz_chart_frame_parent_class)->dispose (object);
}

static void
kz_chart_frame_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  KzChartFrame *self = KZ_CHART_FRAME (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, kz_chart_frame_get_title (self));
      break;
    case PROP_DATA:
      g_value_set_boxed (value, kz_chart_frame_get_data (self));
      break;
    case PROP_SHOW_TABLE:
      g_value_set_boolean (value, self->show_table);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kz_chart_frame_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  KzChartFrame *self = KZ_CHART_FRAME (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      kz_chart_frame_set_title (self, g_value_get_string (value));
      break;
    case PROP_DATA:
      kz_chart_frame_set_data (self, g_value_get_boxed (value));
      break;
    case PROP_SHOW_TABLE:
      kz_chart_frame_set_show_table (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kz_chart_frame_class_init (KzChartFrameClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kz_chart_frame_dispose;
  object_class->get_property = kz_chart_frame_get_property;
  object_class->set_property = kz_chart_frame_set_property;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DATA] =
    g_param_spec_boxed ("data", NULL, NULL, KZ_TYPE_CHART_DATA,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHOW_TABLE] =
    g_param_spec_boolean ("show-table", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* A stateful action, so the toggle, a shortcut or a menu agree. */
  gtk_widget_class_install_property_action (widget_class, "chart.show-table", "show-table");

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "kzchartframe");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
kz_chart_frame_init (KzChartFrame *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));

  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 6);
  gtk_widget_add_css_class (GTK_WIDGET (self), "kz-chart-frame");

  self->header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_parent (self->header, GTK_WIDGET (self));

  self->title_label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->title_label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (self->title_label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (self->title_label, TRUE);
  gtk_widget_add_css_class (self->title_label, "heading");
  gtk_box_append (GTK_BOX (self->header), self->title_label);

  self->toggle = gtk_toggle_button_new ();
  gtk_button_set_icon_name (GTK_BUTTON (self->toggle), "view-list-symbolic");
  gtk_widget_set_tooltip_text (self->toggle, _("Show as Table"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->toggle),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Show as Table"), -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->toggle), "chart.show-table");
  gtk_widget_add_css_class (self->toggle, "flat");
  gtk_widget_set_valign (self->toggle, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (self->header), self->toggle);

  self->stack = gtk_stack_new ();
  gtk_stack_set_transition_type (GTK_STACK (self->stack), GTK_STACK_TRANSITION_TYPE_CROSSFADE);
  gtk_widget_set_vexpand (self->stack, TRUE);
  gtk_widget_set_parent (self->stack, GTK_WIDGET (self));

  self->chart = KZ_CHART (kz_chart_new ());
  gtk_widget_set_hexpand (GTK_WIDGET (self->chart), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self->chart), TRUE);
  gtk_stack_add_named (GTK_STACK (self->stack), GTK_WIDGET (self->chart), "chart");

  self->table = gtk_grid_new ();
  gtk_grid_set_column_spacing (GTK_GRID (self->table), 18);
  gtk_grid_set_row_spacing (GTK_GRID (self->table), 6);
  gtk_widget_set_margin_start (self->table, 6);
  gtk_widget_set_margin_end (self->table, 6);
  gtk_widget_add_css_class (self->table, "kz-chart-table");
  self->scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scroller), self->table);
  gtk_stack_add_named (GTK_STACK (self->stack), self->scroller, "table");

  /* The chart and its table are named by the title. */
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->chart),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, self->title_label, NULL, -1);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->table),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, self->title_label, NULL, -1);
}

GtkWidget *
kz_chart_frame_new (const char *title)
{
  return g_object_new (KZ_TYPE_CHART_FRAME, "title", title, NULL);
}

const char *
kz_chart_frame_get_title (KzChartFrame *self)
{
  g_return_val_if_fail (KZ_IS_CHART_FRAME (self), NULL);

  return gtk_label_get_text (GTK_LABEL (self->title_label));
}

void
kz_chart_frame_set_title (KzChartFrame *self,
                          const char   *title)
{
  g_return_if_fail (KZ_IS_CHART_FRAME (self));

  if (g_strcmp0 (title != NULL ? title : "", kz_chart_frame_get_title (self)) == 0)
    return;
  gtk_label_set_text (GTK_LABEL (self->title_label), title != NULL ? title : "");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

KzChartData *
kz_chart_frame_get_data (KzChartFrame *self)
{
  g_return_val_if_fail (KZ_IS_CHART_FRAME (self), NULL);

  return kz_chart_get_data (self->chart);
}

void
kz_chart_frame_set_data (KzChartFrame *self,
                         KzChartData  *data)
{
  g_return_if_fail (KZ_IS_CHART_FRAME (self));

  if (kz_chart_get_data (self->chart) == data)
    return;
  kz_chart_set_data (self->chart, data);
  rebuild_table (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATA]);
}

gboolean
kz_chart_frame_get_show_table (KzChartFrame *self)
{
  g_return_val_if_fail (KZ_IS_CHART_FRAME (self), FALSE);

  return self->show_table;
}

void
kz_chart_frame_set_show_table (KzChartFrame *self,
                               gboolean      show_table)
{
  g_return_if_fail (KZ_IS_CHART_FRAME (self));

  show_table = !!show_table;
  if (self->show_table == show_table)
    return;
  self->show_table = show_table;
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), show_table ? "table" : "chart");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_TABLE]);
}

KzChart *
kz_chart_frame_get_chart (KzChartFrame *self)
{
  g_return_val_if_fail (KZ_IS_CHART_FRAME (self), NULL);

  return self->chart;
}

GtkWidget *
kz_chart_frame_get_table (KzChartFrame *self)
{
  g_return_val_if_fail (KZ_IS_CHART_FRAME (self), NULL);

  return self->table;
}
