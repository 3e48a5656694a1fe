/* kz-drilldown-dialog.c — the evaluations behind a dashboard figure
 *
 * A number on a dashboard is only as good as what it rests on: this lists
 * those evaluations, newest first, and opens one in the window.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kz-drilldown-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "kz-drilldown-dialog.h"
#include "kz-types.h"

struct _KzDrilldownDialog
{
  AdwWindow        parent_instance;

  AdwWindowTitle  *window_title;
  GtkListBox      *list;
  GArray          *ids;
};

G_DEFINE_FINAL_TYPE (KzDrilldownDialog, kz_drilldown_dialog, ADW_TYPE_WINDOW)

static void
on_row_activated (KzDrilldownDialog *self,
                  GtkListBoxRow     *row)
{
  int i = gtk_list_box_row_get_index (row);
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  if (i < 0 || (guint) i >= self->ids->len || parent == NULL)
    return;
  gtk_widget_activate_action (GTK_WIDGET (parent), "win.show-evaluation", "x",
                              g_array_index (self->ids, gint64, i));
  gtk_window_close (GTK_WINDOW (self));
}

static void
kz_drilldown_dialog_finalize (GObject *object)
{
  KzDrilldownDialog *self = KZ_DRILLDOWN_DIALOG (object);

  g_clear_pointer (&self->ids, g_array_unref);
  G_OBJECT_CLASS (kz_drilldown_dialog_parent_class)->finalize (object);
}

static void
kz_drilldown_dialog_class_init (KzDrilldownDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = kz_drilldown_dialog_finalize;
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/KaizenQA/Kaizen/kz-drilldown-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, KzDrilldownDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, KzDrilldownDialog, list);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
kz_drilldown_dialog_init (KzDrilldownDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
}

static GtkWidget *
evaluation_row (const KzEvaluationSummary *s)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *date = s->date != NULL ? g_date_time_format (s->date, "%Y-%m-%d") : g_strdup ("—");
  g_autofree char *title = g_strdup_printf ("%s · %s", date, s->agent_name != NULL ? s->agent_name : "—");
  g_autofree char *subtitle = g_strdup_printf (_("Reviewed by %s · %s"), s->reviewer_name != NULL ? s->reviewer_name : "—",
                                               s->rubric_title != NULL ? s->rubric_title : s->rubric_id);
  g_autofree char *score = s->has_score ? g_strdup_printf ("%.1f", s->final) : g_strdup ("—");
  GtkWidget *score_label = gtk_label_new (score);
  GtkWidget *verdict = gtk_label_new (!s->has_score ? "" : s->pass ? _("Pass") : _("Fail"));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_add_css_class (score_label, "numeric");
  gtk_widget_add_css_class (verdict, s->pass ? "success" : "error");
  gtk_widget_add_css_class (verdict, "caption");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), score_label);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), verdict);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  return row;
}

GtkWidget *
kz_drilldown_dialog_new (GtkWindow  *parent,
                         const char *title,
                         const char *subtitle,
                         GPtrArray  *evaluations)
{
  KzDrilldownDialog *self = g_object_new (KZ_TYPE_DRILLDOWN_DIALOG, "transient-for", parent, "title", title, NULL);

  g_return_val_if_fail (evaluations != NULL, GTK_WIDGET (self));

  adw_window_title_set_title (self->window_title, title);
  adw_window_title_set_subtitle (self->window_title, subtitle);
  for (guint i = 0; i < evaluations->len; i++)
    {
      const KzEvaluationSummary *s = g_ptr_array_index (evaluations, i);

      g_array_append_val (self->ids, s->id);
      gtk_list_box_append (self->list, evaluation_row (s));
    }
  if (evaluations->len == 0)
    {
      GtkWidget *none = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (none), _("No evaluations"));
      gtk_list_box_append (self->list, none);
    }
  return GTK_WIDGET (self);
}

GArray *
kz_drilldown_dialog_get_ids (KzDrilldownDialog *self)
{
  g_return_val_if_fail (KZ_IS_DRILLDOWN_DIALOG (self), NULL);
  return self->ids;
}
