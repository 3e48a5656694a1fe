/* kz-criterion-page.c — one criterion across the centre
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kz-criterion-page"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "kz-criterion-page.h"
#include "kz-page-defer.h"
#include "kz-customer-voice-view.h"
#include "kz-dash.h"
#include "kz-report-export.h"
#include "kz-rollup.h"
#include "kz-store-job.h"

struct _KzCriterionPage
{
  AdwBin        parent_instance;

  GtkDropDown  *rubric_dropdown;
  GtkDropDown  *criterion_dropdown;
  GtkDropDown  *team_dropdown;
  GtkEntry     *from_entry;
  GtkEntry     *to_entry;
  GtkLabel     *status_label;
  GtkButton    *average_button;
  GtkButton    *na_button;
  GtkButton    *answers_button;
  KzChartFrame *trend_frame;
  KzChartFrame *na_frame;
  KzChartFrame *distribution_frame;
  KzChartFrame *teams_frame;
  KzDrillList  *drill_list;
  KzCustomerVoiceView *voice_view;
  GtkMenuButton *export_button;

  KzStore      *store;
  guint         n_exporting;
  GCancellable *cancellable;
  gboolean      loading;
  gboolean      populating;

  GPtrArray    *rubrics;     /* KzRubric*, newest version of each, by title */
  GPtrArray    *teams;       /* KzUnit* of kind team */
  GHashTable   *team_names;  /* gint64* → name (borrowed from teams) */

  /* What the figures shown are of. */
  KzRubric     *rubric;
  char         *criterion_id;
  gint64        team_id;
  int           first_week, last_week;
  GPtrArray    *weeks;       /* KzRollupCell*, by week */
  GPtrArray    *by_team;     /* KzRollupCell*, weakest first */
  GPtrArray    *counts;      /* KzAnswerCount* */
  GArray       *team_ids;    /* of the teams chart's bars */
  char         *voice_key;   /* rubric and days the customer's voice is of */
};

G_DEFINE_FINAL_TYPE (KzCriterionPage, kz_criterion_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void load_figures (KzCriterionPage *self);

static void
set_loading (KzCriterionPage *self,
             gboolean         loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
show_status (KzCriterionPage *self,
             const char      *text)
{
  gtk_label_set_text (self->status_label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), text != NULL);
}

/* ---- setup: rubrics and teams ------------------------------------------------------ */

typedef struct {
  GPtrArray *rubrics;
  GPtrArray *teams;
} Setup;

static void
setup_free (Setup *s)
{
  g_clear_pointer (&s->rubrics, g_ptr_array_unref);
  g_clear_pointer (&s->teams, g_ptr_array_unref);
  g_free (s);
}

static gpointer
setup_job (KzStore       *store,
           gpointer       data,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autoptr(GPtrArray) infos = kz_store_list_rubrics (store, error);
  g_autoptr(GPtrArray) units = NULL;
  Setup *s;

  if (infos == NULL)
    return NULL;
  units = kz_store_list_units (store, error);
  if (units == NULL)
    return NULL;
  s = g_new0 (Setup, 1);
  s->rubrics = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_rubric_unref);
  s->teams = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_unit_free);
  for (guint i = 0; i < infos->len; i++)
    {
      KzRubricInfo *info = g_ptr_array_index (infos, i);
      gboolean newer = FALSE;
      KzRubric *rubric;

      /* Only the newest version of each: the list is by title then version. */
      for (guint j = i + 1; j < infos->len; j++)
        newer |= g_strcmp0 (((KzRubricInfo *) g_ptr_array_index (infos, j))->id, info->id) == 0;
      if (newer)
        continue;
      rubric = kz_store_get_rubric (store, info->id, info->version, NULL);
      if (rubric != NULL)
        g_ptr_array_add (s->rubrics, rubric);
    }
  for (guint i = 0; i < units->len; i++)
    {
      KzUnit *u = g_ptr_array_index (units, i);
      if (u->kind == KZ_UNIT_TEAM)
        g_ptr_array_add (s->teams, g_steal_pointer (&units->pdata[i]));
    }
  return s;
}

static void
fill_criteria (KzCriterionPage *self)
{
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);

  if (self->rubric != NULL)
    for (guint i = 0; i < kz_rubric_get_sections (self->rubric)->len; i++)
      {
        KzSection *section = g_ptr_array_index (kz_rubric_get_sections (self->rubric), i);
        for (guint j = 0; j < section->criteria->len; j++)
          gtk_string_list_append (list, ((KzCriterion *) g_ptr_array_index (section->criteria, j))->title);
      }
  self->populating = TRUE;
  gtk_drop_down_set_model (self->criterion_dropdown, G_LIST_MODEL (list));
  gtk_drop_down_set_selected (self->criterion_dropdown, 0);
  self->populating = FALSE;
}

/* The rubric's @n-th criterion, in rubric order. */
static KzCriterion *
nth_criterion (KzRubric *rubric,
               guint     n)
{
  for (guint i = 0; rubric && i < kz_rubric_get_sections (rubric)->len; i++)
    {
      KzSection *section = g_ptr_array_index (kz_rubric_get_sections (rubric), i);
      if (n < section->criteria->len)
        return g_ptr_array_index (section->criteria, n);
      n -= section->criteria->len;
    }
  return NULL;
}

static void
setup_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(KzCriterionPage) self = user_data;
  g_autoptr(GError) error = NULL;
  Setup *s = kz_store_job_finish (result, &error);
  g_autoptr(GtkStringList) rubric_names = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) team_names = gtk_string_list_new (NULL);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_loading (self, FALSE);
  if (s == NULL)
    {
      show_status (self, error->message);
      return;
    }
  g_clear_pointer (&self->rubrics, g_ptr_array_unref);
  g_clear_pointer (&self->teams, g_ptr_array_unref);
  self->rubrics = g_steal_pointer (&s->rubrics);
  self->teams = g_steal_pointer (&s->teams);
  setup_free (s);
  g_hash_table_remove_all (self->team_names);

  for (guint i = 0; i < self->rubrics->len; i++)
    gtk_string_list_append (rubric_names, kz_rubric_get_title (g_ptr_array_index (self->rubrics, i)));
  gtk_string_list_append (team_names, _("All teams"));
  for (guint i = 0; i < self->teams->len; i++)
    {
      KzUnit *u = g_ptr_array_index (self->teams, i);
      gtk_string_list_append (team_names, u->name);
      g_hash_table_insert (self->team_names, &u->id, u->name);
    }
  self->populating = TRUE;
  gtk_drop_down_set_model (self->rubric_dropdown, G_LIST_MODEL (rubric_names));
  gtk_drop_down_set_model (self->team_dropdown, G_LIST_MODEL (team_names));
  gtk_drop_down_set_selected (self->team_dropdown, 0);
  gtk_drop_down_set_selected (self->rubric_dropdown, 0);
  self->populating = FALSE;
  g_clear_pointer (&self->rubric, kz_rubric_unref);
  if (self->rubrics->len > 0)
    self->rubric = kz_rubric_ref (g_ptr_array_index (self->rubrics, 0));
  fill_criteria (self);
  if (self->rubrics->len == 0)
    show_status (self, _("No rubrics yet: import one to see its criteria here."));
  load_figures (self);
}

void
kz_criterion_page_reload (KzCriterionPage *self)
{
  g_return_if_fail (KZ_IS_CRITERION_PAGE (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->voice_key, g_free);
  if (self->store == NULL)
    return;
  /* Hidden, it reads nothing: it loads when it is shown. */
  if (kz_page_defer_until_shown (GTK_WIDGET (self), (KzPageReload) kz_criterion_page_reload))
    return;
  self->cancellable = g_cancellable_new ();
  set_loading (self, TRUE);
  kz_store_job_run_async (self->store, self, setup_job, NULL, NULL, (GDestroyNotify) setup_free,
                          self->cancellable, setup_done, g_object_ref (self));
}

/* ---- the figures ------------------------------------------------------------------- */

typedef struct {
  char   *rubric_id;
  char   *criterion_id;
  GDate   from, to;
  gint64  team_id;
} FiguresJob;

static void
figures_job_free (FiguresJob *job)
{
  g_free (job->rubric_id);
  g_free (job->criterion_id);
  g_free (job);
}

typedef struct {
  GPtrArray *cells;
  GPtrArray *counts;
} Figures;

static void
figures_free (Figures *f)
{
  g_clear_pointer (&f->cells, g_ptr_array_unref);
  g_clear_pointer (&f->counts, g_ptr_array_unref);
  g_free (f);
}

static gpointer
figures_job (KzStore       *store,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  FiguresJob *job = data;
  g_autoptr(GPtrArray) cells = kz_store_rollup_criterion (store, job->rubric_id, job->criterion_id, &job->from,
                                                           &job->to, job->team_id, error);
  Figures *f;

  if (cells == NULL)
    return NULL;
  f = g_new0 (Figures, 1);
  f->cells = g_steal_pointer (&cells);
  f->counts = kz_store_answer_distribution (store, job->rubric_id, job->criterion_id, &job->from, &job->to,
                                            job->team_id, error);
  if (f->counts == NULL)
    {
      figures_free (f);
      return NULL;
    }
  return f;
}

static gboolean
parse_date (GtkEntry *entry,
            GDate    *date)
{
  g_autoptr(GDateTime) day = kz_parse_day (gtk_editable_get_text (GTK_EDITABLE (entry)));

  if (day == NULL)
    return FALSE;
  g_date_clear (date, 1);
  g_date_set_dmy (date, g_date_time_get_day_of_month (day), g_date_time_get_month (day),
                  g_date_time_get_year (day));
  return TRUE;
}

static const KzCriterion *
current_criterion (KzCriterionPage *self)
{
  return self->rubric && self->criterion_id ? kz_rubric_find_criterion (self->rubric, self->criterion_id) : NULL;
}

static void
set_card (GtkButton  *button,
          const char *figure,
          const char *caption)
{
  g_autofree char *markup = g_markup_printf_escaped ("<span size='x-large' weight='bold'>%s</span>\n%s",
                                                     figure, caption);
  GtkWidget *label = gtk_button_get_child (button);

  if (!GTK_IS_LABEL (label))
    {
      label = gtk_label_new (NULL);
      gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
      gtk_widget_set_margin_top (label, 6);
      gtk_widget_set_margin_bottom (label, 6);
      gtk_button_set_child (button, label);
    }
  gtk_label_set_markup (GTK_LABEL (label), markup);
  {
    g_autofree char *label_text = g_strdup_printf ("%s %s", caption, figure);
    gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label_text, -1);
  }
}

static void
figures_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(KzCriterionPage) self = user_data;
  g_autoptr(GError) error = NULL;
  Figures *f = kz_store_job_finish (result, &error);
  const KzCriterion *criterion = current_criterion (self);
  gboolean na_value = criterion ? kz_dash_na_has_value (criterion) : FALSE;
  g_autoptr(KzChartData) trend = NULL;
  g_autoptr(KzChartData) na = NULL;
  g_autoptr(KzChartData) dist = NULL;
  g_autoptr(KzChartData) teams = NULL;
  g_autofree char *mean = NULL;
  g_autofree char *rate = NULL;
  g_autofree char *answers = NULL;
  KzRollupCell total;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_loading (self, FALSE);
  if (f == NULL)
    {
      show_status (self, error->message);
      return;
    }
  g_clear_pointer (&self->weeks, g_ptr_array_unref);
  g_clear_pointer (&self->by_team, g_ptr_array_unref);
  g_clear_pointer (&self->counts, g_ptr_array_unref);
  self->weeks = kz_dash_sum_by_week (f->cells);
  self->by_team = kz_dash_sum_by_owner (f->cells);
  self->counts = g_steal_pointer (&f->counts);
  kz_dash_sum_all (f->cells, &total);
  g_array_set_size (self->team_ids, 0);
  for (guint i = 0; i < self->by_team->len; i++)
    g_array_append_val (self->team_ids, ((KzRollupCell *) g_ptr_array_index (self->by_team, i))->owner_id);

  trend = kz_dash_trend_chart (self->weeks);
  na = kz_dash_na_chart (self->weeks, na_value);
  dist = kz_dash_distribution_chart (self->counts, criterion);
  teams = kz_dash_team_chart (self->by_team, self->team_names);
  kz_chart_frame_set_data (self->trend_frame, trend);
  kz_chart_frame_set_data (self->na_frame, na);
  kz_chart_frame_set_data (self->distribution_frame, dist);
  kz_chart_frame_set_data (self->teams_frame, teams);

  mean = kz_chart_format_value (KZ_CHART_UNIT_SCORE, kz_dash_mean_score (&total));
  rate = kz_chart_format_value (KZ_CHART_UNIT_PERCENT, kz_dash_na_rate (&total, na_value));
  answers = g_strdup_printf ("%" G_GINT64_FORMAT, kz_dash_n_answers (&total, na_value));
  set_card (self->average_button, mean, _("Average"));
  set_card (self->na_button, rate, _("N/A rate"));
  set_card (self->answers_button, answers, _("Answers"));
  if (f->cells->len == 0)
    show_status (self, _("Nothing was answered on this criterion in these weeks."));
  else
    show_status (self, NULL);  /* the roll-ups are per rubric: another rubric's criterion never counts */
  figures_free (f);
}

/* The customer's voice is of the rubric over the same days (all teams: it
 * compares criteria, not teams); computed again only when those change. */
static void
load_voice (KzCriterionPage *self,
            const char      *criterion_id)
{
  g_autoptr(GDateTime) from = kz_parse_day (gtk_editable_get_text (GTK_EDITABLE (self->from_entry)));
  g_autoptr(GDateTime) last = kz_parse_day (gtk_editable_get_text (GTK_EDITABLE (self->to_entry)));
  g_autoptr(GDateTime) to = last ? g_date_time_add_days (last, 1) : NULL;
  g_autofree char *key = g_strdup_printf ("%s|%s|%s", kz_rubric_get_id (self->rubric),
                                          gtk_editable_get_text (GTK_EDITABLE (self->from_entry)),
                                          gtk_editable_get_text (GTK_EDITABLE (self->to_entry)));

  if (g_strcmp0 (key, self->voice_key) == 0)
    {
      kz_customer_voice_view_set_criterion (self->voice_view, criterion_id);
      return;
    }
  g_free (self->voice_key);
  self->voice_key = g_steal_pointer (&key);
  kz_customer_voice_view_load (self->voice_view, kz_rubric_get_id (self->rubric), from, to, criterion_id);
}

static void
load_figures (KzCriterionPage *self)
{
  FiguresJob *job;
  const KzCriterion *criterion;
  guint team_index;
  GDate from, to;

  if (self->populating || self->store == NULL || self->rubric == NULL)
    return;
  criterion = nth_criterion (self->rubric, gtk_drop_down_get_selected (self->criterion_dropdown));
  if (criterion == NULL)
    return;
  if (!parse_date (self->from_entry, &from) || !parse_date (self->to_entry, &to))
    {
      show_status (self, _("Write the dates as 2026-03-02."));
      return;
    }
  if (g_date_compare (&from, &to) > 0)
    {
      show_status (self, _("The period ends before it starts."));
      return;
    }
  g_free (self->criterion_id);
  self->criterion_id = g_strdup (criterion->id);
  team_index = gtk_drop_down_get_selected (self->team_dropdown);
  self->team_id = team_index == 0 || team_index == GTK_INVALID_LIST_POSITION || self->teams == NULL
                ? -1 : ((KzUnit *) g_ptr_array_index (self->teams, team_index - 1))->id;
  self->first_week = kz_rollup_week_of_date (&from);
  self->last_week = kz_rollup_week_of_date (&to);
  kz_drill_list_clear (self->drill_list);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  job = g_new0 (FiguresJob, 1);
  job->rubric_id = g_strdup (kz_rubric_get_id (self->rubric));
  job->criterion_id = g_strdup (criterion->id);
  job->from = from;
  job->to = to;
  job->team_id = self->team_id;
  load_voice (self, criterion->id);
  set_loading (self, TRUE);
  kz_store_job_run_async (self->store, self, figures_job, job, (GDestroyNotify) figures_job_free,
                          (GDestroyNotify) figures_free, self->cancellable, figures_done, g_object_ref (self));
}

/* ---- drill-down -------------------------------------------------------------------- */

static char *
period_text (KzCriterionPage *self,
             int              first,
             int              last)
{
  g_autofree char *a = kz_rollup_week_to_string (first);
  g_autofree char *b = kz_rollup_week_to_string (last);

  if (first == last)
    return g_strdup_printf (_("week of %s"), a);
  return g_strdup_printf (_("weeks of %s to %s"), a, b);
}

static const char *
team_text (KzCriterionPage *self,
           gint64           team_id)
{
  const char *name;

  if (team_id < 0)
    return _("all teams");
  if (team_id == 0)
    return _("no team");
  name = g_hash_table_lookup (self->team_names, &team_id);
  return name ? name : "";
}

static void
drill (KzCriterionPage *self,
       const char      *what,
       KzDrillAnswer    answer,
       int              first,
       int              last,
       gint64           team_id,
       const char      *rubric_id,
       double           point)
{
  const KzCriterion *criterion = current_criterion (self);
  g_autofree char *period = NULL;
  g_autofree char *title = NULL;
  KzDrillFilter filter;

  if (criterion == NULL)
    return;
  period = period_text (self, first, last);
  /* Translators: "Average · Greeting · week of 2026-03-02 · Team North" */
  title = g_strdup_printf (_("%s · %s · %s · %s"), what, criterion->title, period, team_text (self, team_id));
  kz_drill_filter_init (&filter);
  filter.criterion_id = self->criterion_id;
  filter.answer = answer;
  filter.first_week = first;
  filter.last_week = last;
  filter.team_id = team_id;
  filter.rubric_id = rubric_id;
  filter.point = point;
  kz_drill_list_show (self->drill_list, title, &filter);
}

static void
average_clicked_cb (KzCriterionPage *self)
{
  drill (self, _("Average"), KZ_DRILL_APPLICABLE, self->first_week, self->last_week, self->team_id, NULL, 0);
}

static void
na_clicked_cb (KzCriterionPage *self)
{
  drill (self, _("N/A"), KZ_DRILL_NA, self->first_week, self->last_week, self->team_id, NULL, 0);
}

static void
answers_clicked_cb (KzCriterionPage *self)
{
  drill (self, _("Answers"), KZ_DRILL_ANY_ANSWER, self->first_week, self->last_week, self->team_id, NULL, 0);
}

static void
trend_item_cb (KzChart         *chart,
               guint            row,
               guint            category,
               KzCriterionPage *self)
{
  KzRollupCell *w;

  if (self->weeks == NULL || category >= self->weeks->len)
    return;
  w = g_ptr_array_index (self->weeks, category);
  drill (self, _("Average"), KZ_DRILL_APPLICABLE, w->week, w->week, self->team_id, NULL, 0);
}

static void
na_item_cb (KzChart         *chart,
            guint            row,
            guint            category,
            KzCriterionPage *self)
{
  KzRollupCell *w;

  if (self->weeks == NULL || category >= self->weeks->len)
    return;
  w = g_ptr_array_index (self->weeks, category);
  drill (self, _("N/A"), KZ_DRILL_NA, w->week, w->week, self->team_id, NULL, 0);
}

static void
distribution_item_cb (KzChart         *chart,
                      guint            row,
                      guint            category,
                      KzCriterionPage *self)
{
  KzAnswerCount *c;
  g_autofree char *what = NULL;

  if (self->counts == NULL || category >= self->counts->len || self->rubric == NULL)
    return;
  c = g_ptr_array_index (self->counts, category);
  what = c->is_na ? g_strdup (_("Answered N/A")) : g_strdup_printf (_("Answered %g"), c->value);
  drill (self, what, c->is_na ? KZ_DRILL_NA : KZ_DRILL_POINT, self->first_week, self->last_week, self->team_id,
         kz_rubric_get_id (self->rubric), c->value);
}

static void
teams_item_cb (KzChart         *chart,
               guint            row,
               guint            category,
               KzCriterionPage *self)
{
  if (category >= self->team_ids->len)
    return;
  drill (self, _("Average"), KZ_DRILL_APPLICABLE, self->first_week, self->last_week,
         g_array_index (self->team_ids, gint64, category), NULL, 0);
}


static KzReport *
build_report (KzCriterionPage *self)
{
  const KzCriterion *criterion = current_criterion (self);
  g_autofree char *period = NULL;
  g_autofree char *figures = NULL;
  g_autofree char *title = NULL;
  const char *filters[9];
  KzRollupCell total;
  g_autoptr(GPtrArray) cells = NULL;
  gboolean na_value;

  if (criterion == NULL || self->weeks == NULL)
    return NULL;
  na_value = kz_dash_na_has_value (criterion);
  /* The totals again from the weeks shown. */
  cells = g_ptr_array_new ();
  for (guint i = 0; i < self->weeks->len; i++)
    g_ptr_array_add (cells, g_ptr_array_index (self->weeks, i));
  kz_dash_sum_all (cells, &total);
  period = period_text (self, self->first_week, self->last_week);
  title = g_strdup_printf (_("Criterion: %s"), criterion->title);
  filters[0] = _("Rubric");
  filters[1] = kz_rubric_get_title (self->rubric);
  filters[2] = _("Criterion");
  filters[3] = criterion->title;
  filters[4] = _("Team");
  filters[5] = team_text (self, self->team_id);
  filters[6] = _("Weeks");
  filters[7] = period;
  filters[8] = NULL;
  {
    g_autofree char *mean = kz_chart_format_value (KZ_CHART_UNIT_SCORE, kz_dash_mean_score (&total));
    g_autofree char *rate = kz_chart_format_value (KZ_CHART_UNIT_PERCENT, kz_dash_na_rate (&total, na_value));

    figures = g_strdup_printf (_("Average %s; N/A rate %s; %" G_GINT64_FORMAT " answers."), mean, rate,
                               kz_dash_n_answers (&total, na_value));
  }
  return kz_dash_report (title, filters, figures,
                         _("Average by week"), kz_chart_frame_get_data (self->trend_frame),
                         _("N/A rate by week"), kz_chart_frame_get_data (self->na_frame),
                         _("Answers by scale point"), kz_chart_frame_get_data (self->distribution_frame),
                         _("Teams, weakest first"), kz_chart_frame_get_data (self->teams_frame),
                         NULL);
}

/* ---- exporting ------------------------------------------------------------------------ */

static void
export_with (KzCriterionPage *self,
             KzReportFormat   format,
             const char       *path)
{
  kz_report_export_from_page (GTK_WIDGET (self), build_report (self), format, path, _("criterion"),
                              &self->n_exporting);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KzReportFormat format;

  if (kz_report_format_from_string (g_variant_get_string (parameter, NULL), &format))
    export_with (KZ_CRITERION_PAGE (widget), format, NULL);
}

void
kz_criterion_page_export_to (KzCriterionPage   *self,
                      KzReportFormat  format,
                      const char     *path)
{
  g_return_if_fail (path != NULL);
  export_with (self, format, path);
}

gboolean
kz_criterion_page_get_exporting (KzCriterionPage *self)
{
  return self->n_exporting > 0;
}

/* ---- filters ----------------------------------------------------------------------- */

static void
rubric_selected_cb (KzCriterionPage *self)
{
  guint i = gtk_drop_down_get_selected (self->rubric_dropdown);

  if (self->populating || self->rubrics == NULL || i >= self->rubrics->len)
    return;
  g_clear_pointer (&self->rubric, kz_rubric_unref);
  self->rubric = kz_rubric_ref (g_ptr_array_index (self->rubrics, i));
  fill_criteria (self);
  load_figures (self);
}

static void
filter_changed_cb (KzCriterionPage *self)
{
  load_figures (self);
}

gboolean
kz_criterion_page_select (KzCriterionPage *self,
                          const char      *rubric_id,
                          const char      *criterion_id)
{
  g_return_val_if_fail (KZ_IS_CRITERION_PAGE (self), FALSE);

  for (guint i = 0; self->rubrics && i < self->rubrics->len; i++)
    if (g_strcmp0 (kz_rubric_get_id (g_ptr_array_index (self->rubrics, i)), rubric_id) == 0)
      {
        KzRubric *rubric = g_ptr_array_index (self->rubrics, i);

        self->populating = TRUE;
        gtk_drop_down_set_selected (self->rubric_dropdown, i);
        self->populating = FALSE;
        g_clear_pointer (&self->rubric, kz_rubric_unref);
        self->rubric = kz_rubric_ref (rubric);
        fill_criteria (self);
        for (guint n = 0; nth_criterion (rubric, n) != NULL; n++)
          if (g_strcmp0 (nth_criterion (rubric, n)->id, criterion_id) == 0)
            {
              self->populating = TRUE;
              gtk_drop_down_set_selected (self->criterion_dropdown, n);
              self->populating = FALSE;
              load_figures (self);
              return TRUE;
            }
        return FALSE;
      }
  return FALSE;
}

gboolean
kz_criterion_page_select_team (KzCriterionPage *self,
                               gint64           team_id)
{
  g_return_val_if_fail (KZ_IS_CRITERION_PAGE (self), FALSE);

  if (team_id < 0)
    {
      gtk_drop_down_set_selected (self->team_dropdown, 0);
      return TRUE;
    }
  for (guint i = 0; self->teams && i < self->teams->len; i++)
    if (((KzUnit *) g_ptr_array_index (self->teams, i))->id == team_id)
      {
        gtk_drop_down_set_selected (self->team_dropdown, i + 1);
        return TRUE;
      }
  return FALSE;
}

void
kz_criterion_page_set_period (KzCriterionPage *self,
                              const char      *from,
                              const char      *to)
{
  g_return_if_fail (KZ_IS_CRITERION_PAGE (self));

  self->populating = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->from_entry), from);
  self->populating = FALSE;
  gtk_editable_set_text (GTK_EDITABLE (self->to_entry), to);
}

void
kz_criterion_page_get_weeks (KzCriterionPage *self,
                             int             *first_week,
                             int             *last_week)
{
  g_return_if_fail (KZ_IS_CRITERION_PAGE (self));
  *first_week = self->first_week;
  *last_week = self->last_week;
}

GtkWidget *
kz_criterion_page_new (void)
{
  return g_object_new (KZ_TYPE_CRITERION_PAGE, NULL);
}

void
kz_criterion_page_set_store (KzCriterionPage *self,
                             KzStore         *store)
{
  g_return_if_fail (KZ_IS_CRITERION_PAGE (self));

  if (!g_set_object (&self->store, store))
    return;
  kz_drill_list_set_store (self->drill_list, store);
  kz_customer_voice_view_set_store (self->voice_view, store);
  kz_criterion_page_reload (self);
}

KzCustomerVoiceView *
kz_criterion_page_get_voice_view (KzCriterionPage *self)
{
  g_return_val_if_fail (KZ_IS_CRITERION_PAGE (self), NULL);
  return self->voice_view;
}

gboolean
kz_criterion_page_get_loading (KzCriterionPage *self)
{
  g_return_val_if_fail (KZ_IS_CRITERION_PAGE (self), FALSE);
  return self->loading;
}

KzChartFrame *kz_criterion_page_get_trend_frame (KzCriterionPage *self) { return self->trend_frame; }
KzChartFrame *kz_criterion_page_get_na_frame (KzCriterionPage *self) { return self->na_frame; }
KzChartFrame *kz_criterion_page_get_distribution_frame (KzCriterionPage *self) { return self->distribution_frame; }
KzChartFrame *kz_criterion_page_get_teams_frame (KzCriterionPage *self) { return self->teams_frame; }
KzDrillList *kz_criterion_page_get_drill_list (KzCriterionPage *self) { return self->drill_list; }
GArray *kz_criterion_page_get_team_ids (KzCriterionPage *self) { return self->team_ids; }

static void
kz_criterion_page_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  KzCriterionPage *self = KZ_CRITERION_PAGE (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kz_criterion_page_dispose (GObject *object)
{
  KzCriterionPage *self = KZ_CRITERION_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (kz_criterion_page_parent_class)->dispose (object);
}

static void
kz_criterion_page_finalize (GObject *object)
{
  KzCriterionPage *self = KZ_CRITERION_PAGE (object);

  g_clear_pointer (&self->team_names, g_hash_table_unref);
  g_clear_pointer (&self->rubrics, g_ptr_array_unref);
  g_clear_pointer (&self->teams, g_ptr_array_unref);
  g_clear_pointer (&self->rubric, kz_rubric_unref);
  g_clear_pointer (&self->weeks, g_ptr_array_unref);
  g_clear_pointer (&self->by_team, g_ptr_array_unref);
  g_clear_pointer (&self->counts, g_ptr_array_unref);
  g_clear_pointer (&self->team_ids, g_array_unref);
  g_free (self->criterion_id);
  g_free (self->voice_key);
  G_OBJECT_CLASS (kz_criterion_page_parent_class)->finalize (object);
}

static void
kz_criterion_page_class_init (KzCriterionPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = kz_criterion_page_get_property;
  object_class->dispose = kz_criterion_page_dispose;
  object_class->finalize = kz_criterion_page_finalize;

  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (KZ_TYPE_CHART_FRAME);
  g_type_ensure (KZ_TYPE_DRILL_LIST);
  g_type_ensure (KZ_TYPE_CUSTOMER_VOICE_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/KaizenQA/Kaizen/kz-criterion-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KzCriterionPage, rubric_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KzCriterionPage, criterion_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KzCriterionPage, team_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KzCriterionPage, from_entry);
  gtk_widget_class_bind_template_child (widget_class, KzCriterionPage, to_entry);
  gtk_widget_class_bind_template_child (widget_class, KzCriterionPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, KzCriterionPage, average_button);
  gtk_widget_class_bind_template_child (widget_class, KzCriterionPage, na_button);
  gtk_widget_class_bind_template_child (widget_class, KzCriterionPage, answers_button);
  gtk_widget_class_bind_template_child (widget_class, KzCriterionPage, trend_frame);
  gtk_widget_class_bind_template_child (widget_class, KzCriterionPage, na_frame);
  gtk_widget_class_bind_template_child (widget_class, KzCriterionPage, distribution_frame);
  gtk_widget_class_bind_template_child (widget_class, KzCriterionPage, teams_frame);
  gtk_widget_class_bind_template_child (widget_class, KzCriterionPage, drill_list);
  gtk_widget_class_bind_template_child (widget_class, KzCriterionPage, voice_view);
  gtk_widget_class_bind_template_child (widget_class, KzCriterionPage, export_button);
  gtk_widget_class_install_action (widget_class, "criterion.export", "s", export_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "criterion.export", "s", "pdf");
}

static void
kz_criterion_page_init (KzCriterionPage *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) start = g_date_time_add_weeks (now, -26);
  g_autofree char *to = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *from = g_date_time_format (start, "%Y-%m-%d");

  g_autoptr(GMenuModel) menu = kz_report_export_menu ("criterion.export");

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_menu_button_set_menu_model (self->export_button, menu);
  self->team_names = g_hash_table_new (g_int64_hash, g_int64_equal);
  self->team_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->team_id = -1;
  gtk_editable_set_text (GTK_EDITABLE (self->from_entry), from);
  gtk_editable_set_text (GTK_EDITABLE (self->to_entry), to);

  g_signal_connect_swapped (self->rubric_dropdown, "notify::selected", G_CALLBACK (rubric_selected_cb), self);
  g_signal_connect_swapped (self->criterion_dropdown, "notify::selected", G_CALLBACK (filter_changed_cb), self);
  g_signal_connect_swapped (self->team_dropdown, "notify::selected", G_CALLBACK (filter_changed_cb), self);
  g_signal_connect_swapped (self->from_entry, "changed", G_CALLBACK (filter_changed_cb), self);
  g_signal_connect_swapped (self->to_entry, "changed", G_CALLBACK (filter_changed_cb), self);
  g_signal_connect_swapped (self->average_button, "clicked", G_CALLBACK (average_clicked_cb), self);
  g_signal_connect_swapped (self->na_button, "clicked", G_CALLBACK (na_clicked_cb), self);
  g_signal_connect_swapped (self->answers_button, "clicked", G_CALLBACK (answers_clicked_cb), self);
  g_signal_connect (kz_chart_frame_get_chart (self->trend_frame), "item-activated", G_CALLBACK (trend_item_cb), self);
  g_signal_connect (kz_chart_frame_get_chart (self->na_frame), "item-activated", G_CALLBACK (na_item_cb), self);
  g_signal_connect (kz_chart_frame_get_chart (self->distribution_frame), "item-activated",
                    G_CALLBACK (distribution_item_cb), self);
  g_signal_connect (kz_chart_frame_get_chart (self->teams_frame), "item-activated", G_CALLBACK (teams_item_cb), self);
}
