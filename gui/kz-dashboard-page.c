/* kz-dashboard-page.c — the team overview, and an agent's page
 *
 * The figures come from kz_team_overview_load() on a worker thread; this
 * file lays them out.  Each figure is a button that lists the evaluations
 * it rests on (kz_dashboard_evaluations(), also off the UI thread); the
 * gaps do the same for their criterion, and an agent opens the agent page
 * (the "open-agent" signal: the window has it as a page of its own).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kz-dashboard-page"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "kz-chart-frame.h"
#include "kz-dashboard-page.h"
#include "kz-page-defer.h"
#include "kz-drilldown-dialog.h"
#include "kz-reports.h"
#include "kz-store-job.h"

struct _KzDashboardPage
{
  AdwBin           parent_instance;

  KzStore         *store;
  GCancellable    *cancellable;
  gboolean         loading;
  gint64           agent_id;
  char            *agent_name;
  gint64           team_id;
  GArray          *team_ids;        /* gint64, parallel to team_names */
  gboolean         filling_teams;
  gboolean         setting_period;
  GDate            today;
  KzTeamOverview  *overview;
  GtkWidget       *drilldown;       /* weak */
  guint            n_exporting;
  gboolean         agent_page;      /* the window's agent page: nothing to show without an agent */

  GtkDropDown     *period_dropdown;
  GtkEntry        *from_entry;
  GtkEntry        *to_entry;
  GtkWidget       *team_label;
  GtkDropDown     *team_dropdown;
  GtkStringList   *team_names;
  GtkMenuButton   *export_button;
  GtkStack        *state_stack;
  AdwStatusPage   *error_page;
  GtkLabel        *heading_label;
  GtkWidget       *all_button;
  GtkLabel        *period_text;
  GtkFlowBox      *figures_box;
  GtkBox          *chart_box;
  GtkLabel        *gaps_heading;
  GtkListBox      *gaps_list;
  GtkWidget       *agents_heading;
  GtkListBox      *agents_list;
  KzChartFrame    *trend_frame;
};

G_DEFINE_FINAL_TYPE (KzDashboardPage, kz_dashboard_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_LOADING,
  PROP_AGENT_ID,
  PROP_AGENT_PAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  OPEN_AGENT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const guint preset_weeks[] = { 4, 13, 26, 52 };

/* ---- the period ---------------------------------------------------------------- */

static void
format_date (const GDate *d, char out[11])
{
  g_snprintf (out, 11, "%04d-%02d-%02d", g_date_get_year (d), g_date_get_month (d), g_date_get_day (d));
}

static gboolean
parse_date (const char *text, GDate *out)
{
  int y, m, d;
  char end;

  g_date_clear (out, 1);
  if (text == NULL || sscanf (text, "%4d-%2d-%2d%c", &y, &m, &d, &end) != 3 ||
      !g_date_valid_dmy (d, m, y))
    return FALSE;
  g_date_set_dmy (out, d, m, y);
  return TRUE;
}

/* The period the controls say, FALSE while a custom day is wrong. */
static gboolean
get_period (KzDashboardPage *self,
            GDate           *from,
            GDate           *to)
{
  guint preset = gtk_drop_down_get_selected (self->period_dropdown);

  if (preset < G_N_ELEMENTS (preset_weeks))
    {
      *to = self->today;
      *from = self->today;
      g_date_subtract_days (from, 7 * preset_weeks[preset] - 1);
      return TRUE;
    }
  return parse_date (gtk_editable_get_text (GTK_EDITABLE (self->from_entry)), from) &&
         parse_date (gtk_editable_get_text (GTK_EDITABLE (self->to_entry)), to) &&
         g_date_compare (from, to) <= 0;
}

/* The entries show the preset's days, and are editable only for Custom. */
static void
sync_entries (KzDashboardPage *self)
{
  gboolean custom = gtk_drop_down_get_selected (self->period_dropdown) >= G_N_ELEMENTS (preset_weeks);
  GDate from, to;

  gtk_editable_set_editable (GTK_EDITABLE (self->from_entry), custom);
  gtk_editable_set_editable (GTK_EDITABLE (self->to_entry), custom);
  gtk_widget_set_can_focus (GTK_WIDGET (self->from_entry), custom);
  gtk_widget_set_can_focus (GTK_WIDGET (self->to_entry), custom);
  if (!custom && get_period (self, &from, &to))
    {
      char a[11], b[11];

      format_date (&from, a);
      format_date (&to, b);
      self->setting_period = TRUE;
      gtk_editable_set_text (GTK_EDITABLE (self->from_entry), a);
      gtk_editable_set_text (GTK_EDITABLE (self->to_entry), b);
      self->setting_period = FALSE;
    }
}

static void
on_period_selected (KzDashboardPage *self)
{
  sync_entries (self);
  kz_dashboard_page_reload (self);
}

static void
on_custom_changed (KzDashboardPage *self)
{
  GDate from, to;
  gboolean ok;

  if (self->setting_period || gtk_drop_down_get_selected (self->period_dropdown) < G_N_ELEMENTS (preset_weeks))
    return;
  ok = get_period (self, &from, &to);
  if (ok)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->from_entry), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (self->to_entry), "error");
      kz_dashboard_page_reload (self);
    }
  else
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->from_entry), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->to_entry), "error");
    }
}

static void
on_team_selected (KzDashboardPage *self)
{
  guint i = gtk_drop_down_get_selected (self->team_dropdown);

  if (self->filling_teams || i >= self->team_ids->len)
    return;
  self->team_id = g_array_index (self->team_ids, gint64, i);
  kz_dashboard_page_reload (self);
}

/* ---- showing ---------------------------------------------------------------------- */

static void
set_loading (KzDashboardPage *self,
             gboolean         loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static GtkWidget *
figure_card (KzDashboardFigure *f)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *label = gtk_label_new (f->label);
  GtkWidget *value = gtk_label_new (f->value);
  GtkWidget *detail = gtk_label_new (f->detail);
  g_autofree char *name = g_strdup_printf ("figure-%s", f->id);
  g_autofree char *value_name = g_strdup_printf ("figure-value-%s", f->id);
  g_autofree char *accessible = g_strdup_printf ("%s: %s. %s", f->label, f->value, f->detail);
  GtkWidget *card;

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "caption-heading");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (value), 0);
  gtk_widget_set_name (value, value_name);
  gtk_widget_add_css_class (value, "title-1");
  gtk_widget_add_css_class (value, "numeric");
  gtk_label_set_xalign (GTK_LABEL (detail), 0);
  gtk_label_set_wrap (GTK_LABEL (detail), TRUE);
  /* Narrow enough for four cards a line on a laptop. */
  gtk_label_set_max_width_chars (GTK_LABEL (detail), 24);
  gtk_label_set_width_chars (GTK_LABEL (detail), 18);
  gtk_widget_add_css_class (detail, "caption");
  gtk_widget_add_css_class (detail, "dim-label");
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), value);
  gtk_box_append (GTK_BOX (box), detail);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);

  if (f->drills)
    {
      card = gtk_button_new ();
      gtk_button_set_child (GTK_BUTTON (card), box);
      gtk_widget_set_tooltip_text (card, _("Show the evaluations behind this figure"));
      g_object_set_data (G_OBJECT (card), "drill", GINT_TO_POINTER (f->drill));
      g_object_set_data_full (G_OBJECT (card), "title", g_strdup (f->label), g_free);
    }
  else
    {
      card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
      gtk_box_append (GTK_BOX (card), box);
    }
  gtk_widget_add_css_class (card, "card");
  gtk_widget_set_name (card, name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (card), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  return card;
}

static void drill (KzDashboardPage *self, KzDrillKind kind, const char *criterion_id, const char *title);

static void
on_figure_clicked (GtkButton       *button,
                   KzDashboardPage *self)
{
  drill (self, GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "drill")), NULL,
         g_object_get_data (G_OBJECT (button), "title"));
}

static GtkWidget *
gap_row (const KzDashboardGap *g,
         gboolean              agent)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *mean = kz_chart_format_value (KZ_CHART_UNIT_SCORE, g->mean);
  g_autofree char *target = kz_chart_format_mark (KZ_CHART_UNIT_SCORE, g->target);
  g_autofree char *subtitle = NULL;
  g_autofree char *gap = isnan (g->gap) ? g_strdup ("—") : g_strdup_printf ("%+.1f", g->gap);
  GtkWidget *gap_label = gtk_label_new (gap);

  subtitle = g_strdup_printf (_("Mean %s against target %s · weight %g · %" G_GINT64_FORMAT " answers"), mean, target,
                              g->weight, g->n);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), g->title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_add_css_class (gap_label, "numeric");
  gtk_widget_add_css_class (gap_label, g->gap > 0 ? "error" : "success");
  gtk_widget_set_tooltip_text (gap_label, _("Gap: the target minus the mean, in points"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gap_label);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  (void) agent;
  return row;
}

static GtkWidget *
agent_row (const KzDashboardAgent *a)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *mean = kz_chart_format_value (KZ_CHART_UNIT_SCORE, a->mean);
  g_autofree char *subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%" G_GINT64_FORMAT " evaluation, %"
                                                            G_GINT64_FORMAT " passed",
                                                            "%" G_GINT64_FORMAT " evaluations, %" G_GINT64_FORMAT
                                                            " passed", a->n_evaluations),
                                               a->n_evaluations, a->n_passed);
  GtkWidget *score = gtk_label_new (mean);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), a->name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_add_css_class (score, "numeric");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), score);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  return row;
}

static const char *
team_name (KzDashboardPage *self)
{
  guint i = gtk_drop_down_get_selected (self->team_dropdown);

  if (self->agent_id != 0)
    return self->agent_name != NULL ? self->agent_name : "—";
  if (i < g_list_model_get_n_items (G_LIST_MODEL (self->team_names)))
    return gtk_string_list_get_string (self->team_names, i);
  return _("All teams");
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static void
show_overview (KzDashboardPage *self)
{
  KzTeamOverview *o = self->overview;
  g_autoptr(GPtrArray) figures = kz_dashboard_figures (o);
  g_autoptr(GDateTime) last = g_date_time_add_days (o->end, -1);
  g_autofree char *a = g_date_time_format (o->start, "%Y-%m-%d");
  g_autofree char *b = g_date_time_format (last, "%Y-%m-%d");
  g_autofree char *period = g_strdup_printf (_("Weeks from Monday %s to Sunday %s"), a, b);
  GtkWidget *child;
  GPtrArray *gaps = self->agent_id != 0 ? o->criteria : o->gaps;

  gtk_label_set_text (self->heading_label, team_name (self));
  gtk_label_set_text (self->period_text, period);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->figures_box))) != NULL)
    gtk_flow_box_remove (self->figures_box, child);
  for (guint i = 0; i < figures->len; i++)
    {
      GtkWidget *card = figure_card (g_ptr_array_index (figures, i));

      if (GTK_IS_BUTTON (card))
        g_signal_connect (card, "clicked", G_CALLBACK (on_figure_clicked), self);
      gtk_flow_box_append (self->figures_box, card);
    }

  {
    g_autoptr(KzChartData) data = kz_dashboard_trend_chart (o);
    kz_chart_frame_set_data (self->trend_frame, data);
  }

  gtk_label_set_text (self->gaps_heading, self->agent_id != 0 ? _("Criteria against target") : _("Biggest gaps"));
  clear_list (self->gaps_list);
  for (guint i = 0; i < gaps->len; i++)
    gtk_list_box_append (self->gaps_list, gap_row (g_ptr_array_index (gaps, i), self->agent_id != 0));
  if (gaps->len == 0)
    {
      GtkWidget *none = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (none), self->agent_id != 0 ? _("No answers in this period")
                                                                                      : _("No criterion is below its target"));
      gtk_list_box_append (self->gaps_list, none);
    }

  clear_list (self->agents_list);
  gtk_widget_set_visible (GTK_WIDGET (self->agents_list), self->agent_id == 0);
  gtk_widget_set_visible (self->agents_heading, self->agent_id == 0);
  if (self->agent_id == 0)
    for (guint i = 0; i < o->agents->len; i++)
      gtk_list_box_append (self->agents_list, agent_row (g_ptr_array_index (o->agents, i)));

  gtk_stack_set_visible_child_name (self->state_stack, "overview");
}

/* ---- loading ------------------------------------------------------------------------ */

typedef struct {
  gint64 team_id, agent_id;
  GDate  from, to;
} LoadData;

typedef struct {
  KzTeamOverview *overview;
  GPtrArray      *units;
  char           *agent_name;
} LoadResult;

static void
load_result_free (gpointer p)
{
  LoadResult *r = p;

  g_clear_pointer (&r->overview, kz_team_overview_free);
  g_clear_pointer (&r->units, g_ptr_array_unref);
  g_free (r->agent_name);
  g_free (r);
}

static gpointer
load_job (KzStore       *store,
          gpointer       data,
          GCancellable  *cancellable,
          GError       **error)
{
  LoadData *d = data;
  LoadResult *r = g_new0 (LoadResult, 1);

  r->units = kz_store_list_units (store, error);
  if (r->units != NULL)
    r->overview = kz_team_overview_load (store, d->team_id, d->agent_id, &d->from, &d->to, error);
  if (r->overview != NULL && d->agent_id != 0)
    {
      g_autoptr(KzPerson) p = kz_store_get_person (store, d->agent_id, NULL);
      r->agent_name = g_strdup (p != NULL ? p->name : NULL);
    }
  if (r->overview == NULL)
    {
      load_result_free (r);
      return NULL;
    }
  return r;
}

static void
fill_teams (KzDashboardPage *self,
            GPtrArray       *units)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->team_names));
  guint selected = 0;
  gint64 id;

  self->filling_teams = TRUE;
  g_array_set_size (self->team_ids, 0);
  gtk_string_list_splice (self->team_names, 0, n, NULL);
  gtk_string_list_append (self->team_names, _("All teams"));
  id = KZ_ROLLUP_ANY_TEAM;
  g_array_append_val (self->team_ids, id);
  for (guint i = 0; i < units->len; i++)
    {
      KzUnit *u = g_ptr_array_index (units, i);

      if (u->kind != KZ_UNIT_TEAM)
        continue;
      if (u->id == self->team_id)
        selected = self->team_ids->len;
      gtk_string_list_append (self->team_names, u->name);
      g_array_append_val (self->team_ids, u->id);
    }
  gtk_string_list_append (self->team_names, _("(no team)"));
  id = 0;
  if (self->team_id == 0)
    selected = self->team_ids->len;
  g_array_append_val (self->team_ids, id);
  gtk_drop_down_set_selected (self->team_dropdown, selected);
  self->filling_teams = FALSE;
}

static void
load_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  KzDashboardPage *self = KZ_DASHBOARD_PAGE (source);
  g_autoptr(GError) error = NULL;
  LoadResult *r = kz_store_job_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->cancellable);
  if (r == NULL)
    {
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->state_stack, "error");
      set_loading (self, FALSE);
      return;
    }
  fill_teams (self, r->units);
  g_clear_pointer (&self->overview, kz_team_overview_free);
  self->overview = g_steal_pointer (&r->overview);
  g_free (self->agent_name);
  self->agent_name = g_steal_pointer (&r->agent_name);
  load_result_free (r);
  show_overview (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dashboard.export", TRUE);
  set_loading (self, FALSE);
}

void
kz_dashboard_page_reload (KzDashboardPage *self)
{
  LoadData *d;

  g_return_if_fail (KZ_IS_DASHBOARD_PAGE (self));

  if (self->store == NULL || (self->agent_page && self->agent_id == 0))
    return;
  /* Hidden pages read nothing: the figures are read when the page shows. */
  if (kz_page_defer_until_shown (GTK_WIDGET (self), (KzPageReload) kz_dashboard_page_reload))
    return;
  d = g_new0 (LoadData, 1);
  if (!get_period (self, &d->from, &d->to))
    {
      g_free (d);
      return;
    }
  d->team_id = self->team_id;
  d->agent_id = self->agent_id;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_clear_pointer (&self->overview, kz_team_overview_free);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dashboard.export", FALSE);
  gtk_stack_set_visible_child_name (self->state_stack, "loading");
  set_loading (self, TRUE);
  kz_store_job_run_async (self->store, self, load_job, d, g_free, load_result_free, self->cancellable, load_done,
                          NULL);
}

/* ---- drilling down ------------------------------------------------------------------ */

typedef struct {
  KzTeamOverview  overview;  /* only whose and when: team, agent, start, end (owned) */
  KzDrillKind     kind;
  char           *criterion_id;
  char           *title;
} DrillData;

static void
drill_data_free (gpointer p)
{
  DrillData *d = p;

  g_clear_pointer (&d->overview.start, g_date_time_unref);
  g_clear_pointer (&d->overview.end, g_date_time_unref);
  g_free (d->criterion_id);
  g_free (d->title);
  g_free (d);
}

typedef struct {
  GPtrArray *shown;  /* KzEvaluationSummary*, the newest KZ_DASHBOARD_DRILL_MAX_ROWS */
  guint      n_all;  /* how many the figure rests on */
} DrillResult;

static void
drill_result_free (gpointer p)
{
  DrillResult *r = p;

  g_clear_pointer (&r->shown, g_ptr_array_unref);
  g_free (r);
}

static gpointer
drill_job (KzStore       *store,
           gpointer       data,
           GCancellable  *cancellable,
           GError       **error)
{
  DrillData *d = data;
  g_autoptr(GArray) ids = NULL;
  GPtrArray *shown = kz_dashboard_evaluations (store, &d->overview, d->kind, d->criterion_id,
                                               KZ_DASHBOARD_DRILL_MAX_ROWS, &ids, error);
  DrillResult *r;

  if (shown == NULL)
    return NULL;
  r = g_new0 (DrillResult, 1);
  r->shown = shown;
  r->n_all = ids->len;
  return r;
}

typedef struct {
  KzDashboardPage *self;
  char            *title;
} DrillCall;

static void
drill_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  DrillCall *call = user_data;
  KzDashboardPage *self = call->self;
  g_autoptr(GError) error = NULL;
  DrillResult *r = kz_store_job_finish (result, &error);
  GtkRoot *root;

  if (r == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not list the evaluations: %s", error->message);
    }
  else if ((root = gtk_widget_get_root (GTK_WIDGET (self))) != NULL)
    {
      g_autofree char *subtitle = NULL;
      GPtrArray *list = r->shown;

      if (r->n_all > list->len)
        /* Translators: the newest of the evaluations behind a figure are listed */
        subtitle = g_strdup_printf (_("Showing the newest %'u of %'u evaluations"), list->len, r->n_all);
      else
        subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u evaluation", "%u evaluations", list->len),
                                    list->len);

      if (self->drilldown != NULL)
        g_object_remove_weak_pointer (G_OBJECT (self->drilldown), (gpointer *) &self->drilldown);
      self->drilldown = kz_drilldown_dialog_new (GTK_WINDOW (root), call->title, subtitle, list);
      g_object_add_weak_pointer (G_OBJECT (self->drilldown), (gpointer *) &self->drilldown);
      gtk_window_present (GTK_WINDOW (self->drilldown));
    }
  g_clear_pointer (&r, drill_result_free);
  g_object_unref (self);
  g_free (call->title);
  g_free (call);
}

static void
drill (KzDashboardPage *self,
       KzDrillKind      kind,
       const char      *criterion_id,
       const char      *title)
{
  DrillData *d;
  DrillCall *call;

  if (self->overview == NULL || self->store == NULL)
    return;
  d = g_new0 (DrillData, 1);
  /* A copy of what the list depends on: a reload may free the overview
   * while the job runs. */
  d->overview.team_id = self->overview->team_id;
  d->overview.agent_id = self->overview->agent_id;
  d->overview.start = g_date_time_ref (self->overview->start);
  d->overview.end = g_date_time_ref (self->overview->end);
  d->kind = kind;
  d->criterion_id = g_strdup (criterion_id);
  call = g_new0 (DrillCall, 1);
  call->self = g_object_ref (self);
  call->title = g_strdup (title);
  kz_store_job_run_async (self->store, NULL, drill_job, d, drill_data_free,
                          drill_result_free, NULL, drill_done, call);
}

static void
on_all_clicked (KzDashboardPage *self)
{
  drill (self, KZ_DRILL_EVALUATIONS, NULL, _("Evaluations"));
}

static void
on_gap_activated (KzDashboardPage *self,
                  GtkListBoxRow   *row)
{
  GPtrArray *gaps;
  int i = gtk_list_box_row_get_index (row);
  KzDashboardGap *g;

  if (self->overview == NULL)
    return;
  gaps = self->agent_id != 0 ? self->overview->criteria : self->overview->gaps;
  if (i < 0 || (guint) i >= gaps->len)
    return;
  g = g_ptr_array_index (gaps, i);
  drill (self, KZ_DRILL_CRITERION, g->criterion_id, g->title);
}

static void
on_agent_activated (KzDashboardPage *self,
                    GtkListBoxRow   *row)
{
  int i = gtk_list_box_row_get_index (row);

  if (self->overview == NULL || i < 0 || (guint) i >= self->overview->agents->len)
    return;
  g_signal_emit (self, signals[OPEN_AGENT], 0,
                 ((KzDashboardAgent *) g_ptr_array_index (self->overview->agents, i))->agent_id);
}

/* ---- exporting ------------------------------------------------------------------------ */

static void
export_with (KzDashboardPage *self,
             KzReportFormat   format,
             const char      *path)
{
  if (self->overview == NULL)
    return;
  kz_report_export_from_page (GTK_WIDGET (self), kz_reports_team_overview (self->overview, team_name (self)), format,
                              path, self->agent_id != 0 ? _("agent-quality") : _("team-overview"), &self->n_exporting);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KzReportFormat format;

  if (kz_report_format_from_string (g_variant_get_string (parameter, NULL), &format))
    export_with (KZ_DASHBOARD_PAGE (widget), format, NULL);
}

void
kz_dashboard_page_export_to (KzDashboardPage *self,
                             KzReportFormat   format,
                             const char      *path)
{
  g_return_if_fail (KZ_IS_DASHBOARD_PAGE (self));
  g_return_if_fail (path != NULL);
  export_with (self, format, path);
}

gboolean
kz_dashboard_page_get_exporting (KzDashboardPage *self)
{
  g_return_val_if_fail (KZ_IS_DASHBOARD_PAGE (self), FALSE);
  return self->n_exporting > 0;
}

/* ---- the object ---------------------------------------------------------------------- */

static void
kz_dashboard_page_dispose (GObject *object)
{
  KzDashboardPage *self = KZ_DASHBOARD_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->drilldown != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->drilldown), (gpointer *) &self->drilldown);
  self->drilldown = NULL;
  gtk_widget_dispose_template (GTK_WIDGET (self), KZ_TYPE_DASHBOARD_PAGE);
  G_OBJECT_CLASS (kz_dashboard_page_parent_class)->dispose (object);
}

static void
kz_dashboard_page_finalize (GObject *object)
{
  KzDashboardPage *self = KZ_DASHBOARD_PAGE (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->overview, kz_team_overview_free);
  g_clear_pointer (&self->team_ids, g_array_unref);
  g_free (self->agent_name);
  G_OBJECT_CLASS (kz_dashboard_page_parent_class)->finalize (object);
}

static void
kz_dashboard_page_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  KzDashboardPage *self = KZ_DASHBOARD_PAGE (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    case PROP_AGENT_ID:
      g_value_set_int64 (value, self->agent_id);
      break;
    case PROP_AGENT_PAGE:
      g_value_set_boolean (value, self->agent_page);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kz_dashboard_page_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  KzDashboardPage *self = KZ_DASHBOARD_PAGE (object);

  switch (prop_id)
    {
    case PROP_AGENT_ID:
      kz_dashboard_page_set_agent (self, g_value_get_int64 (value));
      break;
    case PROP_AGENT_PAGE:
      self->agent_page = g_value_get_boolean (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kz_dashboard_page_class_init (KzDashboardPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kz_dashboard_page_dispose;
  object_class->finalize = kz_dashboard_page_finalize;
  object_class->get_property = kz_dashboard_page_get_property;
  object_class->set_property = kz_dashboard_page_set_property;

  properties[PROP_LOADING] = g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                                                   G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_AGENT_ID] = g_param_spec_int64 ("agent-id", NULL, NULL, 0, G_MAXINT64, 0,
                                                  G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_AGENT_PAGE] = g_param_spec_boolean ("agent-page", NULL, NULL, FALSE,
                                                      G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[OPEN_AGENT] = g_signal_new ("open-agent", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                      NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/KaizenQA/Kaizen/kz-dashboard-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KzDashboardPage, period_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KzDashboardPage, from_entry);
  gtk_widget_class_bind_template_child (widget_class, KzDashboardPage, to_entry);
  gtk_widget_class_bind_template_child (widget_class, KzDashboardPage, team_label);
  gtk_widget_class_bind_template_child (widget_class, KzDashboardPage, team_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KzDashboardPage, team_names);
  gtk_widget_class_bind_template_child (widget_class, KzDashboardPage, export_button);
  gtk_widget_class_bind_template_child (widget_class, KzDashboardPage, state_stack);
  gtk_widget_class_bind_template_child (widget_class, KzDashboardPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, KzDashboardPage, heading_label);
  gtk_widget_class_bind_template_child (widget_class, KzDashboardPage, all_button);
  gtk_widget_class_bind_template_child (widget_class, KzDashboardPage, period_text);
  gtk_widget_class_bind_template_child (widget_class, KzDashboardPage, figures_box);
  gtk_widget_class_bind_template_child (widget_class, KzDashboardPage, chart_box);
  gtk_widget_class_bind_template_child (widget_class, KzDashboardPage, gaps_heading);
  gtk_widget_class_bind_template_child (widget_class, KzDashboardPage, gaps_list);
  gtk_widget_class_bind_template_child (widget_class, KzDashboardPage, agents_heading);
  gtk_widget_class_bind_template_child (widget_class, KzDashboardPage, agents_list);
  gtk_widget_class_bind_template_callback (widget_class, on_period_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_custom_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_team_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_all_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_gap_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_agent_activated);

  gtk_widget_class_install_action (widget_class, "dashboard.export", "s", export_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "dashboard.export", "s", "pdf");
}

static void
kz_dashboard_page_init (KzDashboardPage *self)
{
  g_autoptr(GMenuModel) menu = NULL;
  GDateTime *now = g_date_time_new_now_utc ();

  gtk_widget_init_template (GTK_WIDGET (self));
  self->team_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->team_id = KZ_ROLLUP_ANY_TEAM;
  g_date_clear (&self->today, 1);
  g_date_set_dmy (&self->today, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
  g_date_time_unref (now);

  self->trend_frame = KZ_CHART_FRAME (kz_chart_frame_new (_("Quality score by week")));
  gtk_widget_set_name (GTK_WIDGET (self->trend_frame), "dashboard-trend");
  /* Tall enough for the band to read at a glance. */
  gtk_widget_set_size_request (GTK_WIDGET (kz_chart_frame_get_chart (self->trend_frame)), -1, 220);
  gtk_box_append (self->chart_box, GTK_WIDGET (self->trend_frame));

  menu = kz_report_export_menu ("dashboard.export");
  gtk_menu_button_set_menu_model (self->export_button, menu);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dashboard.export", FALSE);
  gtk_string_list_append (self->team_names, _("All teams"));
  {
    gint64 any = KZ_ROLLUP_ANY_TEAM;
    g_array_append_val (self->team_ids, any);
  }
  gtk_widget_set_visible (self->all_button, FALSE);
  sync_entries (self);
}

GtkWidget *
kz_dashboard_page_new (void)
{
  return g_object_new (KZ_TYPE_DASHBOARD_PAGE, NULL);
}

void
kz_dashboard_page_set_store (KzDashboardPage *self,
                             KzStore         *store)
{
  g_return_if_fail (KZ_IS_DASHBOARD_PAGE (self));

  if (!g_set_object (&self->store, store))
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->overview, kz_team_overview_free);
  if (store != NULL)
    kz_dashboard_page_reload (self);
}

gboolean
kz_dashboard_page_get_loading (KzDashboardPage *self)
{
  g_return_val_if_fail (KZ_IS_DASHBOARD_PAGE (self), FALSE);
  return self->loading;
}

void
kz_dashboard_page_set_agent (KzDashboardPage *self,
                             gint64           agent_id)
{
  g_return_if_fail (KZ_IS_DASHBOARD_PAGE (self));

  if (self->agent_id == agent_id)
    return;
  self->agent_id = agent_id;
  gtk_widget_set_visible (self->team_label, agent_id == 0);
  gtk_widget_set_visible (GTK_WIDGET (self->team_dropdown), agent_id == 0);
  gtk_widget_set_visible (self->all_button, agent_id != 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AGENT_ID]);
  kz_dashboard_page_reload (self);
}

gint64
kz_dashboard_page_get_agent (KzDashboardPage *self)
{
  g_return_val_if_fail (KZ_IS_DASHBOARD_PAGE (self), 0);
  return self->agent_id;
}

void
kz_dashboard_page_set_today (KzDashboardPage *self,
                             const GDate     *today)
{
  g_return_if_fail (KZ_IS_DASHBOARD_PAGE (self));
  g_return_if_fail (today != NULL && g_date_valid (today));

  self->today = *today;
  sync_entries (self);
  kz_dashboard_page_reload (self);
}

void
kz_dashboard_page_set_period (KzDashboardPage *self,
                              const GDate     *from,
                              const GDate     *to)
{
  char a[11], b[11];

  g_return_if_fail (KZ_IS_DASHBOARD_PAGE (self));
  g_return_if_fail (from != NULL && g_date_valid (from) && to != NULL && g_date_valid (to));

  format_date (from, a);
  format_date (to, b);
  self->setting_period = TRUE;
  gtk_drop_down_set_selected (self->period_dropdown, G_N_ELEMENTS (preset_weeks));
  gtk_editable_set_text (GTK_EDITABLE (self->from_entry), a);
  gtk_editable_set_text (GTK_EDITABLE (self->to_entry), b);
  self->setting_period = FALSE;
  sync_entries (self);
  kz_dashboard_page_reload (self);
}

void
kz_dashboard_page_set_team (KzDashboardPage *self,
                            gint64           team_id)
{
  g_return_if_fail (KZ_IS_DASHBOARD_PAGE (self));

  self->team_id = team_id;
  for (guint i = 0; i < self->team_ids->len; i++)
    if (g_array_index (self->team_ids, gint64, i) == team_id)
      {
        self->filling_teams = TRUE;
        gtk_drop_down_set_selected (self->team_dropdown, i);
        self->filling_teams = FALSE;
      }
  kz_dashboard_page_reload (self);
}

const KzTeamOverview *
kz_dashboard_page_get_overview (KzDashboardPage *self)
{
  g_return_val_if_fail (KZ_IS_DASHBOARD_PAGE (self), NULL);
  return self->overview;
}

GtkWidget *
kz_dashboard_page_get_drilldown (KzDashboardPage *self)
{
  g_return_val_if_fail (KZ_IS_DASHBOARD_PAGE (self), NULL);
  return self->drilldown;
}
