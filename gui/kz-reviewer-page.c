/* kz-reviewer-page.c — one reviewer's work
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kz-reviewer-page"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "kz-calibration.h"
#include "kz-calibration-session.h"
#include "kz-dash.h"
#include "kz-reviewer-page.h"
#include "kz-page-defer.h"
#include "kz-report-export.h"
#include "kz-rollup.h"
#include "kz-store-job.h"

struct _KzReviewerPage
{
  AdwBin        parent_instance;

  GtkDropDown  *reviewer_dropdown;
  GtkEntry     *from_entry;
  GtkEntry     *to_entry;
  GtkLabel     *status_label;
  GtkButton    *volume_button;
  GtkButton    *leniency_button;
  GtkLabel     *bias_label;
  KzChartFrame *volume_frame;
  KzChartFrame *bias_frame;
  KzChartFrame *disagreement_frame;
  KzDrillList  *drill_list;
  GtkMenuButton *export_button;

  KzStore      *store;
  guint         n_exporting;
  char         *figures_text;   /* the cards, for the report */
  GCancellable *cancellable;
  gboolean      loading;
  gboolean      populating;

  GPtrArray    *reviewers;   /* KzPerson* */
  gint64        reviewer_id;
  char         *reviewer_name;
  int           first_week, last_week;
  GPtrArray    *weeks;       /* KzRollupWeek* */
  GArray       *leniency_ids;
  GArray       *bias_sessions;         /* gint64: the bias chart's points' sessions */
  GArray       *disagreement_sessions; /* gint64: the disagreement bars' newest sessions */
};

G_DEFINE_FINAL_TYPE (KzReviewerPage, kz_reviewer_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void load_figures (KzReviewerPage *self);

static void
set_loading (KzReviewerPage *self,
             gboolean        loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
show_status (KzReviewerPage *self,
             const char     *text)
{
  gtk_label_set_text (self->status_label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), text != NULL);
}

static void
set_card (GtkWidget  *widget,
          const char *figure,
          const char *caption)
{
  g_autofree char *markup = g_markup_printf_escaped ("<span size='x-large' weight='bold'>%s</span>\n%s",
                                                     figure, caption);
  g_autofree char *text = g_strdup_printf ("%s %s", caption, figure);
  GtkWidget *label = GTK_IS_BUTTON (widget) ? gtk_button_get_child (GTK_BUTTON (widget)) : widget;

  if (!GTK_IS_LABEL (label))
    {
      label = gtk_label_new (NULL);
      gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_widget_set_margin_top (label, 6);
      gtk_widget_set_margin_bottom (label, 6);
      gtk_button_set_child (GTK_BUTTON (widget), label);
    }
  gtk_label_set_markup (GTK_LABEL (label), markup);
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
}

/* ---- setup: the reviewers ----------------------------------------------------------- */

static gpointer
setup_job (KzStore       *store,
           gpointer       data,
           GCancellable  *cancellable,
           GError       **error)
{
  return kz_store_list_people (store, KZ_ROLE_REVIEWER, error);
}

static void
setup_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(KzReviewerPage) self = user_data;
  g_autoptr(GError) error = NULL;
  GPtrArray *people = kz_store_job_finish (result, &error);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  guint selected = 0;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_loading (self, FALSE);
  if (people == NULL)
    {
      show_status (self, error->message);
      return;
    }
  g_clear_pointer (&self->reviewers, g_ptr_array_unref);
  self->reviewers = people;
  for (guint i = 0; i < people->len; i++)
    {
      KzPerson *p = g_ptr_array_index (people, i);
      gtk_string_list_append (names, p->name);
      if (p->id == self->reviewer_id)
        selected = i;
    }
  self->populating = TRUE;
  gtk_drop_down_set_model (self->reviewer_dropdown, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->reviewer_dropdown, selected);
  self->populating = FALSE;
  if (people->len == 0)
    show_status (self, _("No reviewers yet."));
  load_figures (self);
}

void
kz_reviewer_page_reload (KzReviewerPage *self)
{
  g_return_if_fail (KZ_IS_REVIEWER_PAGE (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->store == NULL)
    return;
  /* Hidden, it reads nothing: it loads when it is shown. */
  if (kz_page_defer_until_shown (GTK_WIDGET (self), (KzPageReload) kz_reviewer_page_reload))
    return;
  self->cancellable = g_cancellable_new ();
  set_loading (self, TRUE);
  kz_store_job_run_async (self->store, self, setup_job, NULL, NULL, (GDestroyNotify) g_ptr_array_unref,
                          self->cancellable, setup_done, g_object_ref (self));
}

/* ---- the figures ------------------------------------------------------------------- */

typedef struct {
  gint64 reviewer_id;
  GDate  from, to;
  int    first_week, last_week;
} FiguresJob;

typedef struct {
  GPtrArray  *weeks;          /* KzRollupWeek* */
  gboolean    has_leniency;
  KzLeniency  leniency;
  GArray     *leniency_ids;
  GPtrArray  *points;         /* KzBiasPoint*, borrowed from trends */
  gboolean    has_drift;
  KzReviewerDrift drift;
  KzCalibrationTrends *trends;
  GPtrArray  *disagreements;  /* KzDisagreement* */
} Figures;

static void
figures_free (Figures *f)
{
  g_clear_pointer (&f->weeks, g_ptr_array_unref);
  g_clear_pointer (&f->leniency_ids, g_array_unref);
  g_clear_pointer (&f->points, g_ptr_array_unref);
  g_clear_pointer (&f->trends, kz_calibration_trends_free);
  g_clear_pointer (&f->disagreements, g_ptr_array_unref);
  g_free (f);
}

static gpointer
figures_job (KzStore       *store,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  FiguresJob *job = data;
  /* The weeks' bounds as moments: Monday 00:00 UTC of the first, of the one after the last. */
  g_autoptr(GDateTime) from = g_date_time_new_from_unix_utc ((gint64) job->first_week * 86400);
  g_autoptr(GDateTime) to = g_date_time_new_from_unix_utc (((gint64) job->last_week + 7) * 86400);
  KzEvaluationFilter filter = { .submitted_only = TRUE, .from = from, .to = to };
  g_autoptr(GPtrArray) leniency = NULL;
  g_autoptr(GPtrArray) summaries = NULL;
  g_autoptr(GPtrArray) sessions = NULL;
  g_autoptr(GPtrArray) reports = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_calibration_report_free);
  g_autoptr(GError) calibration_error = NULL;
  Figures *f = g_new0 (Figures, 1);

  f->weeks = kz_store_reviewer_weeks (store, job->reviewer_id, &job->from, &job->to, error);
  if (f->weeks == NULL)
    goto fail;
  leniency = kz_store_reviewer_leniency (store, from, to, error);
  if (leniency == NULL)
    goto fail;
  for (guint i = 0; i < leniency->len; i++)
    {
      KzLeniency *l = g_ptr_array_index (leniency, i);
      if (l->reviewer_id == job->reviewer_id)
        {
          f->has_leniency = TRUE;
          f->leniency = *l;
        }
    }
  summaries = kz_store_list_evaluations (store, &filter, error);
  if (summaries == NULL)
    goto fail;
  f->leniency_ids = kz_dash_leniency_evaluations (summaries, job->reviewer_id);

  /* Calibration: not every login may read every session; what cannot be
   * read is left out rather than failing the page. */
  f->points = g_ptr_array_new ();
  f->trends = kz_store_calibration_trends (store, from, to, &calibration_error);
  if (f->trends != NULL)
    {
      for (guint i = 0; i < f->trends->points->len; i++)
        {
          KzBiasPoint *p = g_ptr_array_index (f->trends->points, i);
          if (p->reviewer_id == job->reviewer_id)
            g_ptr_array_add (f->points, p);
        }
      for (guint i = 0; i < f->trends->drift->len; i++)
        {
          KzReviewerDrift *d = g_ptr_array_index (f->trends->drift, i);
          if (d->reviewer_id == job->reviewer_id)
            {
              f->has_drift = TRUE;
              f->drift = *d;
            }
        }
    }
  sessions = kz_store_list_calibrations (store, NULL);
  for (guint i = 0; sessions && i < sessions->len; i++)
    {
      KzCalibrationSession *s = g_ptr_array_index (sessions, i);
      KzCalibrationReport *report;

      if (s->closed_at == NULL || g_date_time_compare (s->closed_at, from) < 0 ||
          g_date_time_compare (s->closed_at, to) >= 0 ||
          !kz_calibration_session_has_reviewer (s, job->reviewer_id))
        continue;
      report = kz_store_calibration_report (store, s->id, NULL);
      if (report != NULL)
        g_ptr_array_add (reports, report);
    }
  f->disagreements = kz_dash_reviewer_disagreement (reports, job->reviewer_id);
  return f;

fail:
  figures_free (f);
  return NULL;
}

static void
figures_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(KzReviewerPage) self = user_data;
  g_autoptr(GError) error = NULL;
  Figures *f = kz_store_job_finish (result, &error);
  g_autoptr(KzChartData) volume = NULL;
  g_autoptr(KzChartData) bias = NULL;
  g_autoptr(KzChartData) disagreement = NULL;
  g_autofree char *n_text = NULL;
  g_autofree char *leniency = NULL;
  g_autofree char *leniency_caption = NULL;
  g_autofree char *bias_text = NULL;
  g_autofree char *bias_caption = NULL;
  gint64 n = 0;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_loading (self, FALSE);
  if (f == NULL)
    {
      show_status (self, error->message);
      return;
    }
  g_clear_pointer (&self->weeks, g_ptr_array_unref);
  g_clear_pointer (&self->leniency_ids, g_array_unref);
  self->weeks = g_steal_pointer (&f->weeks);
  self->leniency_ids = g_steal_pointer (&f->leniency_ids);
  for (guint i = 0; i < self->weeks->len; i++)
    n += ((KzRollupWeek *) g_ptr_array_index (self->weeks, i))->n_evaluations;

  volume = kz_dash_volume_chart (self->weeks);
  bias = kz_dash_bias_chart (f->points);
  disagreement = kz_dash_disagreement_chart (f->disagreements);
  g_array_set_size (self->bias_sessions, 0);
  for (guint i = 0; i < f->points->len; i++)
    g_array_append_val (self->bias_sessions, ((KzBiasPoint *) g_ptr_array_index (f->points, i))->session_id);
  g_array_set_size (self->disagreement_sessions, 0);
  for (guint i = 0; i < f->disagreements->len; i++)
    g_array_append_val (self->disagreement_sessions,
                        ((KzDisagreement *) g_ptr_array_index (f->disagreements, i))->session_id);
  kz_chart_frame_set_data (self->volume_frame, volume);
  kz_chart_frame_set_data (self->bias_frame, bias);
  kz_chart_frame_set_data (self->disagreement_frame, disagreement);

  n_text = g_strdup_printf ("%" G_GINT64_FORMAT, n);
  set_card (GTK_WIDGET (self->volume_button), n_text, _("Evaluations"));
  if (f->has_leniency)
    {
      leniency = g_strdup_printf ("%+.1f", f->leniency.leniency);
      if (f->leniency.interval.defined)
        leniency_caption = g_strdup_printf (_("Leniency against peers, points (95%% interval %+.1f to %+.1f; %u agents)"),
                                            f->leniency.interval.low, f->leniency.interval.high,
                                            f->leniency.n_agents);
      else
        leniency_caption = g_strdup_printf (_("Leniency against peers, points (%u agents)"), f->leniency.n_agents);
    }
  else
    {
      leniency = g_strdup ("—");
      leniency_caption = g_strdup (_("Leniency: no agent shared with another reviewer"));
    }
  set_card (GTK_WIDGET (self->leniency_button), leniency, leniency_caption);
  if (f->has_drift)
    {
      bias_text = g_strdup_printf ("%+.1f", f->drift.mean_bias);
      bias_caption = f->drift.has_drift
                   ? g_strdup_printf (_("Calibration bias, points; drift %+.1f per 30 days over %u sessions"),
                                      f->drift.drift, f->drift.n_sessions)
                   : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Calibration bias, points (%u session)",
                                                   "Calibration bias, points (%u sessions)", f->drift.n_sessions),
                                      f->drift.n_sessions);
    }
  else
    {
      bias_text = g_strdup ("—");
      bias_caption = g_strdup (_("No closed calibration session in these weeks"));
    }
  set_card (GTK_WIDGET (self->bias_label), bias_text, bias_caption);
  g_free (self->figures_text);
  self->figures_text = g_strdup_printf (_("%s evaluations. %s %s. %s %s."), n_text, leniency_caption, leniency,
                                        bias_caption, bias_text);
  show_status (self, n == 0 ? _("This reviewer submitted nothing in these weeks.") : NULL);
  figures_free (f);
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

static void
load_figures (KzReviewerPage *self)
{
  FiguresJob *job;
  guint i;
  GDate from, to;
  KzPerson *p;

  if (self->populating || self->store == NULL || self->reviewers == NULL)
    return;
  i = gtk_drop_down_get_selected (self->reviewer_dropdown);
  if (i >= self->reviewers->len)
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
  p = g_ptr_array_index (self->reviewers, i);
  self->reviewer_id = p->id;
  g_free (self->reviewer_name);
  self->reviewer_name = g_strdup (p->name);
  self->first_week = kz_rollup_week_of_date (&from);
  self->last_week = kz_rollup_week_of_date (&to);
  kz_drill_list_clear (self->drill_list);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  job = g_new0 (FiguresJob, 1);
  job->reviewer_id = p->id;
  job->from = from;
  job->to = to;
  job->first_week = self->first_week;
  job->last_week = self->last_week;
  set_loading (self, TRUE);
  kz_store_job_run_async (self->store, self, figures_job, job, g_free, (GDestroyNotify) figures_free,
                          self->cancellable, figures_done, g_object_ref (self));
}


static KzReport *
build_report (KzReviewerPage *self)
{
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *period = NULL;
  g_autofree char *title = NULL;
  const char *filters[5];

  if (self->weeks == NULL || self->reviewer_name == NULL)
    return NULL;
  a = kz_rollup_week_to_string (self->first_week);
  b = kz_rollup_week_to_string (self->last_week);
  period = g_strdup_printf (_("weeks of %s to %s"), a, b);
  title = g_strdup_printf (_("Reviewer: %s"), self->reviewer_name);
  filters[0] = _("Reviewer");
  filters[1] = self->reviewer_name;
  filters[2] = _("Weeks");
  filters[3] = period;
  filters[4] = NULL;
  return kz_dash_report (title, filters, self->figures_text,
                         _("Evaluations per week"), kz_chart_frame_get_data (self->volume_frame),
                         _("Calibration bias by session"), kz_chart_frame_get_data (self->bias_frame),
                         _("Criteria this reviewer disagrees on"), kz_chart_frame_get_data (self->disagreement_frame),
                         NULL);
}

/* ---- exporting ------------------------------------------------------------------------ */

static void
export_with (KzReviewerPage *self,
             KzReportFormat  format,
             const char      *path)
{
  kz_report_export_from_page (GTK_WIDGET (self), build_report (self), format, path, _("reviewer"),
                              &self->n_exporting);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KzReportFormat format;

  if (kz_report_format_from_string (g_variant_get_string (parameter, NULL), &format))
    export_with (KZ_REVIEWER_PAGE (widget), format, NULL);
}

void
kz_reviewer_page_export_to (KzReviewerPage   *self,
                      KzReportFormat  format,
                      const char     *path)
{
  g_return_if_fail (path != NULL);
  export_with (self, format, path);
}

gboolean
kz_reviewer_page_get_exporting (KzReviewerPage *self)
{
  return self->n_exporting > 0;
}

/* ---- drill-down -------------------------------------------------------------------- */

static void
drill_weeks (KzReviewerPage *self,
             int             first,
             int             last)
{
  g_autofree char *a = kz_rollup_week_to_string (first);
  g_autofree char *b = kz_rollup_week_to_string (last);
  g_autofree char *title = first == last
    ? g_strdup_printf (_("Evaluations by %s · week of %s"), self->reviewer_name, a)
    : g_strdup_printf (_("Evaluations by %s · weeks of %s to %s"), self->reviewer_name, a, b);
  KzDrillFilter filter;

  kz_drill_filter_init (&filter);
  filter.reviewer_id = self->reviewer_id;
  filter.first_week = first;
  filter.last_week = last;
  kz_drill_list_show (self->drill_list, title, &filter);
}

static void
volume_clicked_cb (KzReviewerPage *self)
{
  if (self->reviewer_name != NULL)
    drill_weeks (self, self->first_week, self->last_week);
}

static void
leniency_clicked_cb (KzReviewerPage *self)
{
  g_autofree char *title = NULL;

  if (self->leniency_ids == NULL)
    return;
  title = g_strdup_printf (_("Evaluations by %s on agents other reviewers scored too"), self->reviewer_name);
  kz_drill_list_show_ids (self->drill_list, title, self->first_week, self->last_week, self->reviewer_id,
                          self->leniency_ids);
}

static void
volume_item_cb (KzChart        *chart,
                guint           row,
                guint           category,
                KzReviewerPage *self)
{
  KzRollupWeek *w;

  if (self->weeks == NULL || category >= self->weeks->len)
    return;
  w = g_ptr_array_index (self->weeks, category);
  drill_weeks (self, w->week, w->week);
}

/* Calibration figures drill down to the session's results (the
 * Calibration page, through win.show-calibration-results). */
static void
session_item_cb (KzChart        *chart,
                 guint           row,
                 guint           category,
                 KzReviewerPage *self)
{
  GArray *sessions = chart == kz_chart_frame_get_chart (self->bias_frame) ? self->bias_sessions
                                                                           : self->disagreement_sessions;

  if (category < sessions->len && g_array_index (sessions, gint64, category) > 0)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.show-calibration-results", "x",
                                g_array_index (sessions, gint64, category));
}

GArray *
kz_reviewer_page_get_bias_sessions (KzReviewerPage *self)
{
  g_return_val_if_fail (KZ_IS_REVIEWER_PAGE (self), NULL);
  return self->bias_sessions;
}

static void
filter_changed_cb (KzReviewerPage *self)
{
  load_figures (self);
}

gboolean
kz_reviewer_page_select (KzReviewerPage *self,
                         gint64          reviewer_id)
{
  g_return_val_if_fail (KZ_IS_REVIEWER_PAGE (self), FALSE);

  for (guint i = 0; self->reviewers && i < self->reviewers->len; i++)
    if (((KzPerson *) g_ptr_array_index (self->reviewers, i))->id == reviewer_id)
      {
        if (gtk_drop_down_get_selected (self->reviewer_dropdown) == i)
          load_figures (self);
        else
          gtk_drop_down_set_selected (self->reviewer_dropdown, i);
        return TRUE;
      }
  return FALSE;
}

gint64
kz_reviewer_page_get_reviewer (KzReviewerPage *self)
{
  g_return_val_if_fail (KZ_IS_REVIEWER_PAGE (self), 0);
  return self->reviewer_id;
}

void
kz_reviewer_page_set_period (KzReviewerPage *self,
                             const char     *from,
                             const char     *to)
{
  g_return_if_fail (KZ_IS_REVIEWER_PAGE (self));

  self->populating = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->from_entry), from);
  self->populating = FALSE;
  gtk_editable_set_text (GTK_EDITABLE (self->to_entry), to);
}

void
kz_reviewer_page_get_weeks (KzReviewerPage *self,
                            int            *first_week,
                            int            *last_week)
{
  g_return_if_fail (KZ_IS_REVIEWER_PAGE (self));
  *first_week = self->first_week;
  *last_week = self->last_week;
}

GtkWidget *
kz_reviewer_page_new (void)
{
  return g_object_new (KZ_TYPE_REVIEWER_PAGE, NULL);
}

void
kz_reviewer_page_set_store (KzReviewerPage *self,
                            KzStore        *store)
{
  g_return_if_fail (KZ_IS_REVIEWER_PAGE (self));

  if (!g_set_object (&self->store, store))
    return;
  kz_drill_list_set_store (self->drill_list, store);
  kz_reviewer_page_reload (self);
}

gboolean
kz_reviewer_page_get_loading (KzReviewerPage *self)
{
  g_return_val_if_fail (KZ_IS_REVIEWER_PAGE (self), FALSE);
  return self->loading;
}

KzChartFrame *kz_reviewer_page_get_volume_frame (KzReviewerPage *self) { return self->volume_frame; }
KzChartFrame *kz_reviewer_page_get_bias_frame (KzReviewerPage *self) { return self->bias_frame; }
KzChartFrame *kz_reviewer_page_get_disagreement_frame (KzReviewerPage *self) { return self->disagreement_frame; }
KzDrillList *kz_reviewer_page_get_drill_list (KzReviewerPage *self) { return self->drill_list; }

static void
kz_reviewer_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  KzReviewerPage *self = KZ_REVIEWER_PAGE (object);

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
kz_reviewer_page_dispose (GObject *object)
{
  KzReviewerPage *self = KZ_REVIEWER_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (kz_reviewer_page_parent_class)->dispose (object);
}

static void
kz_reviewer_page_finalize (GObject *object)
{
  KzReviewerPage *self = KZ_REVIEWER_PAGE (object);

  g_clear_pointer (&self->reviewers, g_ptr_array_unref);
  g_clear_pointer (&self->weeks, g_ptr_array_unref);
  g_clear_pointer (&self->leniency_ids, g_array_unref);
  g_clear_pointer (&self->bias_sessions, g_array_unref);
  g_clear_pointer (&self->disagreement_sessions, g_array_unref);
  g_free (self->reviewer_name);
  g_free (self->figures_text);
  G_OBJECT_CLASS (kz_reviewer_page_parent_class)->finalize (object);
}

static void
kz_reviewer_page_class_init (KzReviewerPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = kz_reviewer_page_get_property;
  object_class->dispose = kz_reviewer_page_dispose;
  object_class->finalize = kz_reviewer_page_finalize;

  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (KZ_TYPE_CHART_FRAME);
  g_type_ensure (KZ_TYPE_DRILL_LIST);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/KaizenQA/Kaizen/kz-reviewer-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KzReviewerPage, reviewer_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KzReviewerPage, from_entry);
  gtk_widget_class_bind_template_child (widget_class, KzReviewerPage, to_entry);
  gtk_widget_class_bind_template_child (widget_class, KzReviewerPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, KzReviewerPage, volume_button);
  gtk_widget_class_bind_template_child (widget_class, KzReviewerPage, leniency_button);
  gtk_widget_class_bind_template_child (widget_class, KzReviewerPage, bias_label);
  gtk_widget_class_bind_template_child (widget_class, KzReviewerPage, volume_frame);
  gtk_widget_class_bind_template_child (widget_class, KzReviewerPage, bias_frame);
  gtk_widget_class_bind_template_child (widget_class, KzReviewerPage, disagreement_frame);
  gtk_widget_class_bind_template_child (widget_class, KzReviewerPage, drill_list);
  gtk_widget_class_bind_template_child (widget_class, KzReviewerPage, export_button);
  gtk_widget_class_install_action (widget_class, "reviewer.export", "s", export_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "reviewer.export", "s", "pdf");
}

static void
kz_reviewer_page_init (KzReviewerPage *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) start = g_date_time_add_weeks (now, -26);
  g_autofree char *to = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *from = g_date_time_format (start, "%Y-%m-%d");

  g_autoptr(GMenuModel) menu = kz_report_export_menu ("reviewer.export");

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_menu_button_set_menu_model (self->export_button, menu);
  self->bias_sessions = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->disagreement_sessions = g_array_new (FALSE, FALSE, sizeof (gint64));
  gtk_editable_set_text (GTK_EDITABLE (self->from_entry), from);
  gtk_editable_set_text (GTK_EDITABLE (self->to_entry), to);

  g_signal_connect_swapped (self->reviewer_dropdown, "notify::selected", G_CALLBACK (filter_changed_cb), self);
  g_signal_connect_swapped (self->from_entry, "changed", G_CALLBACK (filter_changed_cb), self);
  g_signal_connect_swapped (self->to_entry, "changed", G_CALLBACK (filter_changed_cb), self);
  g_signal_connect_swapped (self->volume_button, "clicked", G_CALLBACK (volume_clicked_cb), self);
  g_signal_connect_swapped (self->leniency_button, "clicked", G_CALLBACK (leniency_clicked_cb), self);
  g_signal_connect (kz_chart_frame_get_chart (self->volume_frame), "item-activated", G_CALLBACK (volume_item_cb), self);
  g_signal_connect (kz_chart_frame_get_chart (self->bias_frame), "item-activated", G_CALLBACK (session_item_cb), self);
  g_signal_connect (kz_chart_frame_get_chart (self->disagreement_frame), "item-activated",
                    G_CALLBACK (session_item_cb), self);
}
