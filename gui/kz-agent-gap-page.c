/* kz-agent-gap-page.c — one agent's gaps, their trend and the evaluations behind them
 *
 * Opened from the gaps heatmap: per criterion of the rubric the agent's gap
 * (target − mean, model/kz-gaps.c) with n and the N/A rate, a weekly trend
 * of the criteria with the largest gaps (the store's roll-ups,
 * kz_store_rollup_agent_trend()), and under each criterion the evaluations
 * whose answers make its number — one click opens the evaluation.  "Plan
 * Coaching…" turns the chosen gaps into a 1:1 session (kz-coaching-dialog.c)
 * with those evaluations offered as evidence.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kz-agent-gap-page"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "kz-agent-gap-page.h"
#include "kz-chart-frame.h"
#include "kz-coaching-dialog.h"
#include "kz-error.h"
#include "kz-rollup.h"
#include "kz-store-job.h"

/* Criteria drawn in the trend: the largest gaps. */
#define TREND_SERIES 4
#define TREND_MAX_WEEKS 26

struct _KzAgentGapPage
{
  AdwBin        parent_instance;

  KzStore      *store;
  GCancellable *cancellable;
  gboolean      loading;
  gint64        person_id;
  gint64        agent_id;
  char         *agent_name;
  char         *rubric_id;
  char         *criterion_id;   /* the gap it was opened on */
  KzGapReport  *report;          /* the agent's cells only */
  GHashTable   *evidence;        /* criterion id → GArray of KzGapEvidence */
  GHashTable   *focus;           /* criterion id → GtkCheckButton (not a reference) */

  GtkLabel     *heading;
  GtkLabel     *subheading;
  GtkStack     *stack;
  AdwStatusPage *error_page;
  KzChartFrame *trend_frame;
  GtkListBox   *criteria_list;
  GtkWidget    *plan_button;
};

G_DEFINE_FINAL_TYPE (KzAgentGapPage, kz_agent_gap_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_LOADING,
  PROP_AGENT_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  PLAN_SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- loading ---------------------------------------------------------------- */

typedef struct {
  gint64     agent_id;
  char      *rubric_id;
  GDateTime *from, *to;
} LoadJob;

typedef struct {
  KzGapReport *report;
  char        *agent_name;
  GHashTable  *evidence;
  GPtrArray   *trend;     /* KzRollupCell* */
  int          first_week, last_week;
} LoadResult;

static void
load_job_free (gpointer data)
{
  LoadJob *job = data;

  g_free (job->rubric_id);
  g_clear_pointer (&job->from, g_date_time_unref);
  g_clear_pointer (&job->to, g_date_time_unref);
  g_free (job);
}

static void
load_result_free (gpointer data)
{
  LoadResult *result = data;

  g_clear_pointer (&result->report, kz_gap_report_free);
  g_free (result->agent_name);
  g_clear_pointer (&result->evidence, g_hash_table_unref);
  g_clear_pointer (&result->trend, g_ptr_array_unref);
  g_free (result);
}

static gpointer
load_thread (KzStore       *store,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  LoadJob *job = data;
  LoadResult *result = g_new0 (LoadResult, 1);
  g_autoptr(KzPerson) person = NULL;
  GPtrArray *cells;
  GDate last;
  guint n_weeks;

  person = kz_store_get_person (store, job->agent_id, error);
  if (person == NULL)
    goto failed;
  result->agent_name = g_strdup (person->name);
  result->report = kz_gaps_compute (store, job->rubric_id, KZ_GAPS_BY_AGENT, job->from, job->to, error);
  if (result->report == NULL)
    goto failed;
  /* Only this agent's cells, in the report's order. */
  cells = result->report->cells;
  for (guint i = cells->len; i > 0; i--)
    if (((KzGapCell *) g_ptr_array_index (cells, i - 1))->unit_id != job->agent_id)
      g_ptr_array_remove_index (cells, i - 1);

  result->evidence = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_array_unref);
  for (guint i = 0; i < cells->len; i++)
    {
      KzGapCell *cell = g_ptr_array_index (cells, i);
      g_autoptr(GArray) answers = NULL;
      GArray *evidence = g_array_new (FALSE, FALSE, sizeof (KzGapEvidence));

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          g_array_unref (evidence);
          goto failed;
        }
      answers = kz_store_criterion_answers (store, kz_rubric_get_id (result->report->rubric), cell->criterion_id,
                                            job->from, job->to, error);
      if (answers == NULL)
        {
          g_array_unref (evidence);
          goto failed;
        }
      for (guint j = 0; j < answers->len; j++)
        {
          KzCriterionAnswer *a = &g_array_index (answers, KzCriterionAnswer, j);
          KzGapEvidence e = { a->evaluation_id, a->created_at, a->is_na, a->value };

          if (a->agent_id == job->agent_id)
            g_array_append_val (evidence, e);
        }
      g_hash_table_insert (result->evidence, g_strdup (cell->criterion_id), evidence);
    }

  /* The trend: the weeks of the period, at most half a year back from its end. */
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
    g_autoptr(GDateTime) end = job->to != NULL ? g_date_time_add_seconds (job->to, -1) : g_date_time_ref (now);

    g_date_clear (&last, 1);
    g_date_set_dmy (&last, g_date_time_get_day_of_month (end), g_date_time_get_month (end), g_date_time_get_year (end));
    result->last_week = kz_rollup_week_of_date (&last);
    if (job->from != NULL)
      {
        GDate first;

        g_date_clear (&first, 1);
        g_date_set_dmy (&first, g_date_time_get_day_of_month (job->from), g_date_time_get_month (job->from),
                        g_date_time_get_year (job->from));
        result->first_week = MAX (kz_rollup_week_of_date (&first), result->last_week - 7 * (TREND_MAX_WEEKS - 1));
      }
    else
      result->first_week = result->last_week - 7 * 11;
    n_weeks = (guint) ((result->last_week - result->first_week) / 7 + 1);
  }
  result->trend = kz_store_rollup_agent_trend (store, job->agent_id, job->rubric_id, &last, n_weeks, NULL, error);
  if (result->trend == NULL)
    goto failed;
  return result;

failed:
  load_result_free (result);
  return NULL;
}

static void
set_loading (KzAgentGapPage *self,
             gboolean        loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static char *
format_day (gint64 unix_time)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (unix_time);

  return g_date_time_format (dt, "%Y-%m-%d");
}

static char *
evidence_label (const KzGapEvidence *e)
{
  g_autofree char *day = format_day (e->created_at);

  if (e->is_na)
    /* Translators: an evaluation behind a gap: its number, its day, answered N/A */
    return g_strdup_printf (_("Evaluation %" G_GINT64_FORMAT " · %s · N/A"), e->evaluation_id, day);
  /* Translators: an evaluation behind a gap: its number, its day, the answer's value */
  return g_strdup_printf (_("Evaluation %" G_GINT64_FORMAT " · %s · answer %g"), e->evaluation_id, day, e->value);
}

static char *
cell_subtitle (const KzGapCell *cell)
{
  g_autofree char *na = g_strdup_printf ("%.1f%%", 100.0 * cell->na_rate);

  if (!cell->has_mean)
    /* Translators: a criterion with only N/A answers */
    return g_strdup_printf (_("Only N/A answers (%u) · target %.1f"), cell->n_na, cell->target);
  /* Translators: gap, mean, target, n, N/A rate, weight of a criterion */
  return g_strdup_printf (_("Gap %+.1f · mean %.1f · target %.1f · n = %u · N/A %s · weight %g"),
                          cell->gap, cell->mean, cell->target, cell->n, na, cell->weight);
}

static void
show_trend (KzAgentGapPage *self,
            LoadResult     *result)
{
  g_autoptr(KzChartData) data = kz_chart_data_new (KZ_CHART_LINE, KZ_CHART_UNIT_SCORE, _("weekly criterion mean"));
  GPtrArray *cells = self->report->cells;
  guint n_series = 0;

  kz_chart_data_set_category_title (data, _("Week"));
  kz_chart_data_set_category_noun (data, _("week"), _("weeks"));
  for (int week = result->first_week; week <= result->last_week; week += 7)
    {
      g_autofree char *label = kz_rollup_week_to_string (week);

      kz_chart_data_add_category (data, label);
    }
  for (guint i = 0; i < cells->len && n_series < TREND_SERIES; i++)
    {
      KzGapCell *cell = g_ptr_array_index (cells, i);
      guint series;

      if (!cell->has_mean || cell->gap <= 0)
        continue;
      series = kz_chart_data_add_series (data, cell->criterion_title);
      n_series++;
      for (guint j = 0; j < result->trend->len; j++)
        {
          KzRollupCell *t = g_ptr_array_index (result->trend, j);
          double mean = kz_rollup_cell_mean (t);

          if (g_strcmp0 (t->criterion_id, cell->criterion_id) != 0 || isnan (mean) ||
              t->week < result->first_week || t->week > result->last_week)
            continue;
          kz_chart_data_set_value (data, series, (guint) ((t->week - result->first_week) / 7),
                                   100.0 * mean, (guint) t->n_applicable);
        }
    }
  if (n_series == 0)
    kz_chart_data_add_series (data, _("No gap"));
  kz_chart_frame_set_data (self->trend_frame, data);
}

static void
on_evidence_activated (AdwActionRow *row,
                       gpointer      user_data)
{
  gint64 id = (gint64) GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "kz-evaluation-id"));

  gtk_widget_activate_action (GTK_WIDGET (row), "win.show-evaluation", "x", id);
}

static void
on_focus_toggled (KzAgentGapPage *self)
{
  gboolean any = FALSE;
  GHashTableIter iter;
  gpointer button;

  g_hash_table_iter_init (&iter, self->focus);
  while (g_hash_table_iter_next (&iter, NULL, &button))
    any |= gtk_check_button_get_active (button);
  gtk_widget_set_sensitive (self->plan_button, any && self->person_id != 0 && self->person_id != self->agent_id);
}

static void
show_cells (KzAgentGapPage *self)
{
  GPtrArray *cells = self->report->cells;
  GtkWidget *child;
  const char *focus_id = self->criterion_id;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->criteria_list))) != NULL)
    gtk_list_box_remove (self->criteria_list, child);
  g_hash_table_remove_all (self->focus);
  /* Without a gap to start from: the largest. */
  if (focus_id == NULL && cells->len > 0 && ((KzGapCell *) g_ptr_array_index (cells, 0))->gap > 0)
    focus_id = ((KzGapCell *) g_ptr_array_index (cells, 0))->criterion_id;

  for (guint i = 0; i < cells->len; i++)
    {
      KzGapCell *cell = g_ptr_array_index (cells, i);
      GArray *evidence = g_hash_table_lookup (self->evidence, cell->criterion_id);
      GtkWidget *row = adw_expander_row_new ();
      GtkWidget *check = gtk_check_button_new ();
      g_autofree char *subtitle = cell_subtitle (cell);
      g_autofree char *row_name = g_strdup_printf ("gap-criterion-%s", cell->criterion_id);
      g_autofree char *check_name = g_strdup_printf ("focus-%s", cell->criterion_id);
      g_autofree char *check_label = g_strdup_printf (_("Focus on %s"), cell->criterion_title);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), cell->criterion_title);
      adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);
      gtk_widget_set_name (row, row_name);
      gtk_widget_set_name (check, check_name);
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (check, check_label);
      gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL, check_label, -1);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), g_strcmp0 (focus_id, cell->criterion_id) == 0);
      g_signal_connect_swapped (check, "toggled", G_CALLBACK (on_focus_toggled), self);
      adw_expander_row_add_prefix (ADW_EXPANDER_ROW (row), check);
      g_hash_table_insert (self->focus, g_strdup (cell->criterion_id), check);
      if (cell->has_mean && cell->gap > 0)
        gtk_widget_add_css_class (row, "kz-gap-below");

      for (guint j = 0; evidence != NULL && j < evidence->len; j++)
        {
          KzGapEvidence *e = &g_array_index (evidence, KzGapEvidence, j);
          GtkWidget *erow = adw_action_row_new ();
          g_autofree char *label = evidence_label (e);
          g_autofree char *name = g_strdup_printf ("evidence-%s-%" G_GINT64_FORMAT, cell->criterion_id, e->evaluation_id);

          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (erow), label);
          gtk_widget_set_name (erow, name);
          gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (erow), TRUE);
          adw_action_row_add_suffix (ADW_ACTION_ROW (erow), gtk_image_new_from_icon_name ("go-next-symbolic"));
          g_object_set_data (G_OBJECT (erow), "kz-evaluation-id", GSIZE_TO_POINTER ((gsize) e->evaluation_id));
          g_signal_connect (erow, "activated", G_CALLBACK (on_evidence_activated), NULL);
          adw_expander_row_add_row (ADW_EXPANDER_ROW (row), erow);
        }
      if (evidence == NULL || evidence->len == 0)
        adw_expander_row_set_enable_expansion (ADW_EXPANDER_ROW (row), FALSE);
      adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), g_strcmp0 (focus_id, cell->criterion_id) == 0);
      gtk_list_box_append (self->criteria_list, row);
    }
  on_focus_toggled (self);
}

static void
load_done (GObject      *object,
           GAsyncResult *res,
           gpointer      user_data)
{
  KzAgentGapPage *self = KZ_AGENT_GAP_PAGE (object);
  g_autoptr(GError) error = NULL;
  LoadResult *result = kz_store_job_finish (res, &error);
  g_autofree char *period = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_loading (self, FALSE);
  if (result == NULL)
    {
      if (g_error_matches (error, KZ_ERROR, KZ_ERROR_CONNECTION))
        gtk_widget_activate_action (GTK_WIDGET (self), "win.connection-lost", "s", error->message);
      else
        g_warning ("Could not read the agent's gaps: %s", error->message);
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      return;
    }
  g_clear_pointer (&self->report, kz_gap_report_free);
  self->report = g_steal_pointer (&result->report);
  g_clear_pointer (&self->evidence, g_hash_table_unref);
  self->evidence = g_steal_pointer (&result->evidence);
  g_free (self->agent_name);
  self->agent_name = g_steal_pointer (&result->agent_name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AGENT_NAME]);

  gtk_label_set_text (self->heading, self->agent_name);
  {
    g_autofree char *from = self->report->from != NULL ? g_date_time_format (self->report->from, "%Y-%m-%d") : NULL;
    g_autoptr(GDateTime) last = self->report->to != NULL ? g_date_time_add_days (self->report->to, -1) : NULL;
    g_autofree char *to = last != NULL ? g_date_time_format (last, "%Y-%m-%d") : NULL;

    if (from == NULL && to == NULL)
      period = g_strdup (_("all time"));
    else
      /* Translators: a period, first and last day */
      period = g_strdup_printf (_("%s to %s"), from != NULL ? from : "…", to != NULL ? to : "…");
    {
      /* Translators: the rubric's title and the period */
      g_autofree char *text = g_strdup_printf (_("%s, %s"), kz_rubric_get_title (self->report->rubric), period);

      gtk_label_set_text (self->subheading, text);
    }
  }
  show_trend (self, result);
  show_cells (self);
  load_result_free (result);
  gtk_stack_set_visible_child_name (self->stack, "gaps");
}

void
kz_agent_gap_page_load (KzAgentGapPage *self,
                        gint64          agent_id,
                        const char     *rubric_id,
                        GDateTime      *from,
                        GDateTime      *to,
                        const char     *criterion_id)
{
  LoadJob *job;

  g_return_if_fail (KZ_IS_AGENT_GAP_PAGE (self));

  if (self->store == NULL)
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->agent_id = agent_id;
  g_free (self->rubric_id);
  self->rubric_id = g_strdup (rubric_id);
  g_free (self->criterion_id);
  self->criterion_id = g_strdup (criterion_id);

  job = g_new0 (LoadJob, 1);
  job->agent_id = agent_id;
  job->rubric_id = g_strdup (rubric_id);
  job->from = from != NULL ? g_date_time_ref (from) : NULL;
  job->to = to != NULL ? g_date_time_ref (to) : NULL;
  set_loading (self, TRUE);
  gtk_stack_set_visible_child_name (self->stack, "loading");
  kz_store_job_run_async (self->store, self, load_thread, job, load_job_free, load_result_free,
                          self->cancellable, load_done, NULL);
}

/* ---- planning ----------------------------------------------------------------- */

static void
on_plan_saved (KzAgentGapPage   *self,
               KzCoachingDialog *dialog)
{
  g_signal_emit (self, signals[PLAN_SAVED], 0, kz_coaching_dialog_get_plan_id (dialog));
}

GtkWidget *
kz_agent_gap_page_plan_coaching (KzAgentGapPage *self)
{
  KzCoachingDialog *dialog;
  GtkRoot *root;

  g_return_val_if_fail (KZ_IS_AGENT_GAP_PAGE (self), NULL);

  if (self->report == NULL || self->store == NULL)
    return NULL;
  dialog = kz_coaching_dialog_new (self->store, self->agent_id, self->agent_name, self->person_id,
                                   kz_rubric_get_id (self->report->rubric));
  /* The gaps (criteria below target) and whatever was ticked here. */
  for (guint i = 0; i < self->report->cells->len; i++)
    {
      KzGapCell *cell = g_ptr_array_index (self->report->cells, i);
      GtkCheckButton *check = g_hash_table_lookup (self->focus, cell->criterion_id);
      gboolean focused = check != NULL && gtk_check_button_get_active (check);

      if (focused || (cell->has_mean && cell->gap > 0))
        kz_coaching_dialog_add_criterion (dialog, cell->criterion_id, cell->criterion_title, focused);
    }
  for (guint i = 0; i < self->report->cells->len; i++)
    {
      KzGapCell *cell = g_ptr_array_index (self->report->cells, i);
      GArray *evidence = g_hash_table_lookup (self->evidence, cell->criterion_id);
      GtkCheckButton *check = g_hash_table_lookup (self->focus, cell->criterion_id);

      if (!(check != NULL && gtk_check_button_get_active (check)) && !(cell->has_mean && cell->gap > 0))
        continue;

      for (guint j = 0; evidence != NULL && j < evidence->len; j++)
        {
          KzGapEvidence *e = &g_array_index (evidence, KzGapEvidence, j);
          g_autofree char *label = evidence_label (e);

          kz_coaching_dialog_add_evidence (dialog, cell->criterion_id, e->evaluation_id, label);
        }
    }
  g_signal_connect_object (dialog, "saved", G_CALLBACK (on_plan_saved), self, G_CONNECT_SWAPPED);
  root = gtk_widget_get_root (GTK_WIDGET (self));
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (root));
  gtk_window_present (GTK_WINDOW (dialog));
  return GTK_WIDGET (dialog);
}

static void
on_plan_clicked (KzAgentGapPage *self)
{
  kz_agent_gap_page_plan_coaching (self);
}

/* ---- the widget ------------------------------------------------------------------ */

static void
kz_agent_gap_page_dispose (GObject *object)
{
  KzAgentGapPage *self = KZ_AGENT_GAP_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), KZ_TYPE_AGENT_GAP_PAGE);

  G_OBJECT_CLASS (kz_agent_gap_page_parent_class)->dispose (object);
}

static void
kz_agent_gap_page_finalize (GObject *object)
{
  KzAgentGapPage *self = KZ_AGENT_GAP_PAGE (object);

  g_free (self->agent_name);
  g_free (self->rubric_id);
  g_free (self->criterion_id);
  g_clear_pointer (&self->report, kz_gap_report_free);
  g_clear_pointer (&self->evidence, g_hash_table_unref);
  g_hash_table_unref (self->focus);

  G_OBJECT_CLASS (kz_agent_gap_page_parent_class)->finalize (object);
}

static void
kz_agent_gap_page_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  KzAgentGapPage *self = KZ_AGENT_GAP_PAGE (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    case PROP_AGENT_NAME:
      g_value_set_string (value, self->agent_name);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kz_agent_gap_page_class_init (KzAgentGapPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kz_agent_gap_page_dispose;
  object_class->finalize = kz_agent_gap_page_finalize;
  object_class->get_property = kz_agent_gap_page_get_property;

  properties[PROP_LOADING] = g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                                                   G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_AGENT_NAME] = g_param_spec_string ("agent-name", NULL, NULL, NULL,
                                                     G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* KzAgentGapPage::plan-saved (gint64 plan_id) */
  signals[PLAN_SAVED] = g_signal_new ("plan-saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                      0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  g_type_ensure (KZ_TYPE_CHART_FRAME);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/KaizenQA/Kaizen/kz-agent-gap-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KzAgentGapPage, heading);
  gtk_widget_class_bind_template_child (widget_class, KzAgentGapPage, subheading);
  gtk_widget_class_bind_template_child (widget_class, KzAgentGapPage, stack);
  gtk_widget_class_bind_template_child (widget_class, KzAgentGapPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, KzAgentGapPage, trend_frame);
  gtk_widget_class_bind_template_child (widget_class, KzAgentGapPage, criteria_list);
  gtk_widget_class_bind_template_child (widget_class, KzAgentGapPage, plan_button);
  gtk_widget_class_bind_template_callback (widget_class, on_plan_clicked);
}

static void
kz_agent_gap_page_init (KzAgentGapPage *self)
{
  self->focus = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
kz_agent_gap_page_new (void)
{
  return g_object_new (KZ_TYPE_AGENT_GAP_PAGE, NULL);
}

void
kz_agent_gap_page_set_store (KzAgentGapPage *self,
                             KzStore        *store)
{
  g_return_if_fail (KZ_IS_AGENT_GAP_PAGE (self));
  g_set_object (&self->store, store);
}

void
kz_agent_gap_page_set_person_id (KzAgentGapPage *self,
                                 gint64          person_id)
{
  g_return_if_fail (KZ_IS_AGENT_GAP_PAGE (self));
  self->person_id = person_id;
  on_focus_toggled (self);
}

gboolean
kz_agent_gap_page_get_loading (KzAgentGapPage *self)
{
  g_return_val_if_fail (KZ_IS_AGENT_GAP_PAGE (self), FALSE);
  return self->loading;
}

gint64
kz_agent_gap_page_get_agent_id (KzAgentGapPage *self)
{
  g_return_val_if_fail (KZ_IS_AGENT_GAP_PAGE (self), 0);
  return self->agent_id;
}

const char *
kz_agent_gap_page_get_agent_name (KzAgentGapPage *self)
{
  g_return_val_if_fail (KZ_IS_AGENT_GAP_PAGE (self), NULL);
  return self->agent_name;
}

GPtrArray *
kz_agent_gap_page_get_cells (KzAgentGapPage *self)
{
  g_return_val_if_fail (KZ_IS_AGENT_GAP_PAGE (self), NULL);
  return self->report != NULL ? self->report->cells : NULL;
}

GArray *
kz_agent_gap_page_get_evidence (KzAgentGapPage *self,
                                const char     *criterion_id)
{
  g_return_val_if_fail (KZ_IS_AGENT_GAP_PAGE (self), NULL);
  return self->evidence != NULL ? g_hash_table_lookup (self->evidence, criterion_id) : NULL;
}
