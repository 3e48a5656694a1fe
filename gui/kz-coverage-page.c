/* kz-coverage-page.c — how much of each agent's work was sampled and reviewed
 *
 * The question after Monday's sample: did every agent get their share of
 * reviews?  One row per agent with interactions in the period (the store
 * counts them), a totals line, and sortable columns — the column view's
 * sorter drives a GtkSortListModel of the agents, and the totals line is
 * flattened in after it, so it stays last whatever the sort.  The shares
 * and totals come from model/kz-sampling.c; this file only shows them.
 *
 * The period is the previous full week until someone changes it, as in the
 * sample dialog (and with its rules: "To" is the day after the period).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kz-coverage-page"

#include "config.h"

#include <glib/gi18n.h>

#include "kz-coverage-page.h"
#include "kz-page-defer.h"
#include "kz-error.h"
#include "kz-sample-dialog.h"
#include "kz-sampling.h"
#include "kz-store-job.h"

/* ---- a row ------------------------------------------------------------------ */

struct _KzCoverageRow
{
  GObject   parent_instance;

  char     *agent;
  gboolean  is_total;
  guint     n_interactions;
  guint     n_sampled;
  guint     n_reviewed;
  double    percent;
  char     *percent_text;
  char     *interactions_text;
  char     *sampled_text;
  char     *reviewed_text;
};

G_DEFINE_FINAL_TYPE (KzCoverageRow, kz_coverage_row, G_TYPE_OBJECT)

enum {
  ROW_PROP_0,
  ROW_PROP_AGENT,
  ROW_PROP_IS_TOTAL,
  ROW_PROP_N_INTERACTIONS,
  ROW_PROP_N_SAMPLED,
  ROW_PROP_N_REVIEWED,
  ROW_PROP_PERCENT,
  ROW_PROP_PERCENT_TEXT,
  ROW_PROP_INTERACTIONS_TEXT,
  ROW_PROP_SAMPLED_TEXT,
  ROW_PROP_REVIEWED_TEXT,
  ROW_PROP_AGENT_CLASSES,
  ROW_PROP_NUMBER_CLASSES,
  ROW_N_PROPS
};

static GParamSpec *row_properties[ROW_N_PROPS];

static KzCoverageRow *
kz_coverage_row_new (const KzCoverage *c,
                     gboolean          is_total)
{
  KzCoverageRow *self = g_object_new (KZ_TYPE_COVERAGE_ROW, NULL);
  double percent;

  self->agent = g_strdup (is_total ? _("Total") : c->agent_name != NULL ? c->agent_name : "—");
  self->is_total = is_total;
  self->n_interactions = c->n_interactions;
  self->n_sampled = c->n_sampled;
  self->n_reviewed = c->n_reviewed;
  self->percent = kz_coverage_percent (c->n_reviewed, c->n_interactions, &percent) ? percent : -1;
  self->percent_text = kz_coverage_format_percent (c->n_reviewed, c->n_interactions);
  self->interactions_text = g_strdup_printf ("%u", c->n_interactions);
  self->sampled_text = g_strdup_printf ("%u", c->n_sampled);
  self->reviewed_text = g_strdup_printf ("%u", c->n_reviewed);
  return self;
}

const char *
kz_coverage_row_get_agent (KzCoverageRow *self)
{
  g_return_val_if_fail (KZ_IS_COVERAGE_ROW (self), NULL);
  return self->agent;
}

gboolean
kz_coverage_row_get_is_total (KzCoverageRow *self)
{
  g_return_val_if_fail (KZ_IS_COVERAGE_ROW (self), FALSE);
  return self->is_total;
}

guint
kz_coverage_row_get_n_interactions (KzCoverageRow *self)
{
  g_return_val_if_fail (KZ_IS_COVERAGE_ROW (self), 0);
  return self->n_interactions;
}

guint
kz_coverage_row_get_n_sampled (KzCoverageRow *self)
{
  g_return_val_if_fail (KZ_IS_COVERAGE_ROW (self), 0);
  return self->n_sampled;
}

guint
kz_coverage_row_get_n_reviewed (KzCoverageRow *self)
{
  g_return_val_if_fail (KZ_IS_COVERAGE_ROW (self), 0);
  return self->n_reviewed;
}

double
kz_coverage_row_get_percent (KzCoverageRow *self)
{
  g_return_val_if_fail (KZ_IS_COVERAGE_ROW (self), -1);
  return self->percent;
}

const char *
kz_coverage_row_get_percent_text (KzCoverageRow *self)
{
  g_return_val_if_fail (KZ_IS_COVERAGE_ROW (self), NULL);
  return self->percent_text;
}

static void
kz_coverage_row_finalize (GObject *object)
{
  KzCoverageRow *self = KZ_COVERAGE_ROW (object);

  g_free (self->agent);
  g_free (self->percent_text);
  g_free (self->interactions_text);
  g_free (self->sampled_text);
  g_free (self->reviewed_text);

  G_OBJECT_CLASS (kz_coverage_row_parent_class)->finalize (object);
}

static void
kz_coverage_row_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  KzCoverageRow *self = KZ_COVERAGE_ROW (object);
  /* The totals line reads bold; numbers line up (tabular figures). */
  static const char * const agent_classes[] = { NULL };
  static const char * const total_agent_classes[] = { "kz-coverage-total", NULL };
  static const char * const number_classes[] = { "numeric", NULL };
  static const char * const total_number_classes[] = { "numeric", "kz-coverage-total", NULL };

  switch (prop_id)
    {
    case ROW_PROP_AGENT:
      g_value_set_string (value, self->agent);
      break;
    case ROW_PROP_IS_TOTAL:
      g_value_set_boolean (value, self->is_total);
      break;
    case ROW_PROP_N_INTERACTIONS:
      g_value_set_uint (value, self->n_interactions);
      break;
    case ROW_PROP_N_SAMPLED:
      g_value_set_uint (value, self->n_sampled);
      break;
    case ROW_PROP_N_REVIEWED:
      g_value_set_uint (value, self->n_reviewed);
      break;
    case ROW_PROP_PERCENT:
      g_value_set_double (value, self->percent);
      break;
    case ROW_PROP_PERCENT_TEXT:
      g_value_set_string (value, self->percent_text);
      break;
    case ROW_PROP_INTERACTIONS_TEXT:
      g_value_set_string (value, self->interactions_text);
      break;
    case ROW_PROP_SAMPLED_TEXT:
      g_value_set_string (value, self->sampled_text);
      break;
    case ROW_PROP_REVIEWED_TEXT:
      g_value_set_string (value, self->reviewed_text);
      break;
    case ROW_PROP_AGENT_CLASSES:
      g_value_set_boxed (value, self->is_total ? total_agent_classes : agent_classes);
      break;
    case ROW_PROP_NUMBER_CLASSES:
      g_value_set_boxed (value, self->is_total ? total_number_classes : number_classes);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kz_coverage_row_class_init (KzCoverageRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = kz_coverage_row_finalize;
  object_class->get_property = kz_coverage_row_get_property;

  row_properties[ROW_PROP_AGENT] = g_param_spec_string ("agent", NULL, NULL, NULL, flags);
  row_properties[ROW_PROP_IS_TOTAL] = g_param_spec_boolean ("is-total", NULL, NULL, FALSE, flags);
  row_properties[ROW_PROP_N_INTERACTIONS] = g_param_spec_uint ("n-interactions", NULL, NULL, 0, G_MAXUINT, 0, flags);
  row_properties[ROW_PROP_N_SAMPLED] = g_param_spec_uint ("n-sampled", NULL, NULL, 0, G_MAXUINT, 0, flags);
  row_properties[ROW_PROP_N_REVIEWED] = g_param_spec_uint ("n-reviewed", NULL, NULL, 0, G_MAXUINT, 0, flags);
  row_properties[ROW_PROP_PERCENT] = g_param_spec_double ("percent", NULL, NULL, -1, 100, -1, flags);
  row_properties[ROW_PROP_PERCENT_TEXT] = g_param_spec_string ("percent-text", NULL, NULL, NULL, flags);
  row_properties[ROW_PROP_INTERACTIONS_TEXT] = g_param_spec_string ("interactions-text", NULL, NULL, NULL, flags);
  row_properties[ROW_PROP_SAMPLED_TEXT] = g_param_spec_string ("sampled-text", NULL, NULL, NULL, flags);
  row_properties[ROW_PROP_REVIEWED_TEXT] = g_param_spec_string ("reviewed-text", NULL, NULL, NULL, flags);
  row_properties[ROW_PROP_AGENT_CLASSES] = g_param_spec_boxed ("agent-classes", NULL, NULL, G_TYPE_STRV, flags);
  row_properties[ROW_PROP_NUMBER_CLASSES] = g_param_spec_boxed ("number-classes", NULL, NULL, G_TYPE_STRV, flags);
  g_object_class_install_properties (object_class, ROW_N_PROPS, row_properties);
}

static void
kz_coverage_row_init (KzCoverageRow *self)
{
  self->percent = -1;
}

/* ---- the page --------------------------------------------------------------- */

struct _KzCoveragePage
{
  AdwBin               parent_instance;

  KzStore             *store;
  GCancellable        *cancellable;
  gboolean             loading;
  gboolean             setting_period;
  GDateTime           *from;            /* NULL while the fields are wrong */
  GDateTime           *to;

  GListStore          *rows;            /* the agents' KzCoverageRow */
  GListStore          *total;           /* the totals line, alone */
  GtkSortListModel    *sort_model;
  GListModel          *shown;           /* sorted agents, then the totals line */

  GtkEntry            *from_entry;
  GtkEntry            *to_entry;
  GtkLabel            *period_hint;
  GtkStack            *stack;
  GtkSpinner          *spinner;
  AdwStatusPage       *error_page;
  AdwStatusPage       *empty_page;
  GtkButton           *latest_button;
  GDateTime           *latest;          /* the newest interaction, while the period is empty */
  GtkColumnView       *column_view;
  GtkColumnViewColumn *agent_column;
};

G_DEFINE_FINAL_TYPE (KzCoveragePage, kz_coverage_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_STORE,
  PROP_LOADING,
  PROP_N_AGENTS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_loading (KzCoveragePage *self,
             gboolean        loading)
{
  if (self->loading == loading)
    return;

  self->loading = loading;
  gtk_spinner_set_spinning (self->spinner, loading);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

typedef struct {
  GDateTime *from;
  GDateTime *to;
} LoadJob;

typedef struct {
  GPtrArray  *rows;    /* KzCoverage* */
  KzCoverage  total;
  GDateTime  *latest;  /* an empty period: when the newest interaction started, if any */
} LoadResult;

static void
load_job_free (gpointer data)
{
  LoadJob *job = data;

  g_date_time_unref (job->from);
  g_date_time_unref (job->to);
  g_free (job);
}

static void
load_result_free (gpointer data)
{
  LoadResult *result = data;

  g_clear_pointer (&result->rows, g_ptr_array_unref);
  g_clear_pointer (&result->latest, g_date_time_unref);
  g_free (result);
}

static gpointer
load_thread (KzStore       *store,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  LoadJob *job = data;
  LoadResult *result;
  GPtrArray *rows = kz_store_coverage (store, job->from, job->to, error);

  if (rows == NULL)
    return NULL;
  result = g_new0 (LoadResult, 1);
  result->rows = rows;
  kz_coverage_totals (rows, &result->total);
  /* Nothing in this period: find where the newest calls and emails are, so
   * the page can offer to go there (a database of last month's imports
   * should not open on an empty week with no way forward). */
  if (rows->len == 0)
    {
      KzInteractionQuery query = { .any_channel = TRUE };
      g_autoptr(GPtrArray) newest = kz_store_search_interactions (store, &query, 0, 1, NULL);

      if (newest != NULL && newest->len > 0)
        result->latest = g_date_time_ref (((KzInteractionSummary *) g_ptr_array_index (newest, 0))->started_at);
    }
  return result;
}

static void
load_done (GObject      *object,
           GAsyncResult *res,
           gpointer      user_data)
{
  KzCoveragePage *self = KZ_COVERAGE_PAGE (object);
  g_autoptr(GError) error = NULL;
  LoadResult *result = kz_store_job_finish (res, &error);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(KzCoverageRow) total = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_loading (self, FALSE);
  if (result == NULL)
    {
      /* A server that went away is the window's banner; the old table stays. */
      if (g_error_matches (error, KZ_ERROR, KZ_ERROR_CONNECTION))
        {
          gtk_widget_activate_action (GTK_WIDGET (self), "win.connection-lost", "s", error->message);
          if (g_list_model_get_n_items (G_LIST_MODEL (self->rows)) > 0)
            return;
        }
      /* A login the server does not let see everyone's queues (an agent's)
       * is told so on the page: that is no fault of the program's. */
      else if (!g_error_matches (error, KZ_ERROR, KZ_ERROR_PERMISSION))
        g_warning ("Could not read coverage: %s", error->message);
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      return;
    }

  rows = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < result->rows->len; i++)
    g_ptr_array_add (rows, kz_coverage_row_new (g_ptr_array_index (result->rows, i), FALSE));
  total = kz_coverage_row_new (&result->total, TRUE);

  g_list_store_splice (self->rows, 0, g_list_model_get_n_items (G_LIST_MODEL (self->rows)),
                       rows->pdata, rows->len);
  g_list_store_splice (self->total, 0, g_list_model_get_n_items (G_LIST_MODEL (self->total)),
                       (gpointer *) &total, 1);
  gtk_stack_set_visible_child_name (self->stack, rows->len > 0 ? "list" : "empty");
  g_clear_pointer (&self->latest, g_date_time_unref);
  if (result->latest != NULL)
    {
      g_autoptr(GDateTime) local = g_date_time_to_local (result->latest);
      g_autofree char *day = g_date_time_format (local, "%-d %B %Y");
      g_autofree char *text = g_strdup_printf (_("The newest call or email started on %s."), day);

      self->latest = g_steal_pointer (&result->latest);
      adw_status_page_set_description (self->empty_page, text);
    }
  else
    adw_status_page_set_description (self->empty_page,
                                     _("Agents whose calls or emails started in these days appear here, "
                                       "with how many were sampled and reviewed."));
  gtk_widget_set_visible (GTK_WIDGET (self->latest_button), self->latest != NULL);
  load_result_free (result);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_AGENTS]);
}

void
kz_coverage_page_reload (KzCoveragePage *self)
{
  LoadJob *job;

  g_return_if_fail (KZ_IS_COVERAGE_PAGE (self));

  if (self->store == NULL)
    return;
  /* Hidden, it reads nothing: it loads when it is shown. */
  if (kz_page_defer_until_shown (GTK_WIDGET (self), (KzPageReload) kz_coverage_page_reload))
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  if (self->from == NULL || self->to == NULL)
    {
      set_loading (self, FALSE);
      gtk_stack_set_visible_child_name (self->stack, "bad-period");
      return;
    }

  self->cancellable = g_cancellable_new ();
  /* A refresh keeps the old table up; only a first load spins. */
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "list") != 0)
    gtk_stack_set_visible_child_name (self->stack, "loading");
  set_loading (self, TRUE);

  job = g_new0 (LoadJob, 1);
  job->from = g_date_time_ref (self->from);
  job->to = g_date_time_ref (self->to);
  kz_store_job_run_async (self->store, self, load_thread, job, load_job_free, load_result_free,
                          self->cancellable, load_done, NULL);
}

/* Reads the fields; says what is wrong with them, or what they mean. */
static void
read_period (KzCoveragePage *self)
{
  const char *from_text = gtk_editable_get_text (GTK_EDITABLE (self->from_entry));
  const char *to_text = gtk_editable_get_text (GTK_EDITABLE (self->to_entry));
  g_autofree char *message = NULL;
  KzSampleFormProblem problem;

  g_clear_pointer (&self->from, g_date_time_unref);
  g_clear_pointer (&self->to, g_date_time_unref);

  /* The dialog's rules for the period (the quota and reviewers do not
   * apply here). */
  problem = kz_sample_dialog_check (from_text, to_text, 1, "1", 1, 1, &message);
  if (problem == KZ_SAMPLE_FORM_BAD_FROM || problem == KZ_SAMPLE_FORM_EMPTY_PERIOD)
    gtk_widget_add_css_class (GTK_WIDGET (self->from_entry), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->from_entry), "error");
  if (problem == KZ_SAMPLE_FORM_BAD_TO || problem == KZ_SAMPLE_FORM_EMPTY_PERIOD)
    gtk_widget_add_css_class (GTK_WIDGET (self->to_entry), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->to_entry), "error");

  if (problem == KZ_SAMPLE_FORM_OK)
    {
      g_autoptr(GDateTime) last = NULL;
      g_autofree char *last_text = NULL;
      g_autofree char *hint = NULL;

      self->from = kz_sample_dialog_parse_day (from_text);
      self->to = kz_sample_dialog_parse_day (to_text);
      last = g_date_time_add_days (self->to, -1);
      last_text = kz_sample_dialog_format_day (last);
      /* Translators: the period's last day, which "To" is the day after */
      hint = g_strdup_printf (_("Interactions that started up to and including %s."), last_text);
      gtk_label_set_text (self->period_hint, hint);
      gtk_widget_remove_css_class (GTK_WIDGET (self->period_hint), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->period_hint), "dim-label");
    }
  else
    {
      gtk_label_set_text (self->period_hint, message);
      gtk_widget_remove_css_class (GTK_WIDGET (self->period_hint), "dim-label");
      gtk_widget_add_css_class (GTK_WIDGET (self->period_hint), "error");
    }
}

static void
on_period_changed (KzCoveragePage *self)
{
  if (self->setting_period)
    return;
  read_period (self);
  kz_coverage_page_reload (self);
}

void
kz_coverage_page_set_period (KzCoveragePage *self,
                             GDateTime      *from,
                             GDateTime      *to)
{
  g_autofree char *from_text = NULL;
  g_autofree char *to_text = NULL;

  g_return_if_fail (KZ_IS_COVERAGE_PAGE (self));
  g_return_if_fail (from != NULL && to != NULL);

  from_text = kz_sample_dialog_format_day (from);
  to_text = kz_sample_dialog_format_day (to);
  /* Both fields, then one load. */
  self->setting_period = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->from_entry), from_text);
  gtk_editable_set_text (GTK_EDITABLE (self->to_entry), to_text);
  self->setting_period = FALSE;
  on_period_changed (self);
}

static void
shift_period (KzCoveragePage *self,
              int             days)
{
  g_autoptr(GDateTime) from = NULL;
  g_autoptr(GDateTime) to = NULL;

  if (self->from == NULL || self->to == NULL)
    return;
  from = g_date_time_add_days (self->from, days);
  to = g_date_time_add_days (self->to, days);
  kz_coverage_page_set_period (self, from, to);
}

static void
on_previous_clicked (KzCoveragePage *self)
{
  shift_period (self, -7);
}

static void
on_next_clicked (KzCoveragePage *self)
{
  shift_period (self, 7);
}

/* The week (Monday to Monday) that holds the newest interaction. */
static void
on_latest_clicked (KzCoveragePage *self)
{
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) next_week = NULL;
  g_autoptr(GDateTime) from = NULL;
  g_autoptr(GDateTime) to = NULL;

  if (self->latest == NULL)
    return;
  local = g_date_time_to_local (self->latest);
  next_week = g_date_time_add_days (local, 7);
  kz_sample_dialog_previous_week (next_week, &from, &to);
  kz_coverage_page_set_period (self, from, to);
}

void
kz_coverage_page_set_store (KzCoveragePage *self,
                            KzStore        *store)
{
  g_return_if_fail (KZ_IS_COVERAGE_PAGE (self));
  g_return_if_fail (store == NULL || KZ_IS_STORE (store));

  if (!g_set_object (&self->store, store))
    return;

  g_list_store_remove_all (self->rows);
  g_list_store_remove_all (self->total);
  gtk_stack_set_visible_child_name (self->stack, "loading");
  kz_coverage_page_reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

gboolean
kz_coverage_page_get_loading (KzCoveragePage *self)
{
  g_return_val_if_fail (KZ_IS_COVERAGE_PAGE (self), FALSE);
  return self->loading;
}

guint
kz_coverage_page_get_n_agents (KzCoveragePage *self)
{
  g_return_val_if_fail (KZ_IS_COVERAGE_PAGE (self), 0);
  return g_list_model_get_n_items (G_LIST_MODEL (self->rows));
}

GListModel *
kz_coverage_page_get_model (KzCoveragePage *self)
{
  g_return_val_if_fail (KZ_IS_COVERAGE_PAGE (self), NULL);
  return self->shown;
}

GtkColumnView *
kz_coverage_page_get_column_view (KzCoveragePage *self)
{
  g_return_val_if_fail (KZ_IS_COVERAGE_PAGE (self), NULL);
  return self->column_view;
}

const char *
kz_coverage_page_get_state (KzCoveragePage *self)
{
  g_return_val_if_fail (KZ_IS_COVERAGE_PAGE (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

static void
kz_coverage_page_dispose (GObject *object)
{
  KzCoveragePage *self = KZ_COVERAGE_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);

  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), KZ_TYPE_COVERAGE_PAGE);

  g_clear_object (&self->shown);
  g_clear_object (&self->sort_model);
  g_clear_object (&self->rows);
  g_clear_object (&self->total);

  G_OBJECT_CLASS (kz_coverage_page_parent_class)->dispose (object);
}

static void
kz_coverage_page_finalize (GObject *object)
{
  KzCoveragePage *self = KZ_COVERAGE_PAGE (object);

  g_clear_pointer (&self->latest, g_date_time_unref);
  g_clear_pointer (&self->from, g_date_time_unref);
  g_clear_pointer (&self->to, g_date_time_unref);

  G_OBJECT_CLASS (kz_coverage_page_parent_class)->finalize (object);
}

static void
kz_coverage_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  KzCoveragePage *self = KZ_COVERAGE_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    case PROP_N_AGENTS:
      g_value_set_uint (value, kz_coverage_page_get_n_agents (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kz_coverage_page_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  KzCoveragePage *self = KZ_COVERAGE_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      kz_coverage_page_set_store (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kz_coverage_page_class_init (KzCoveragePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kz_coverage_page_dispose;
  object_class->finalize = kz_coverage_page_finalize;
  object_class->get_property = kz_coverage_page_get_property;
  object_class->set_property = kz_coverage_page_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, KZ_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_AGENTS] =
    g_param_spec_uint ("n-agents", NULL, NULL, 0, G_MAXUINT, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (KZ_TYPE_COVERAGE_ROW);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/KaizenQA/Kaizen/kz-coverage-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KzCoveragePage, from_entry);
  gtk_widget_class_bind_template_child (widget_class, KzCoveragePage, to_entry);
  gtk_widget_class_bind_template_child (widget_class, KzCoveragePage, period_hint);
  gtk_widget_class_bind_template_child (widget_class, KzCoveragePage, stack);
  gtk_widget_class_bind_template_child (widget_class, KzCoveragePage, spinner);
  gtk_widget_class_bind_template_child (widget_class, KzCoveragePage, error_page);
  gtk_widget_class_bind_template_child (widget_class, KzCoveragePage, column_view);
  gtk_widget_class_bind_template_child (widget_class, KzCoveragePage, agent_column);
  gtk_widget_class_bind_template_callback (widget_class, on_period_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_previous_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_latest_clicked);
  gtk_widget_class_bind_template_child (widget_class, KzCoveragePage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, KzCoveragePage, latest_button);
  gtk_widget_class_bind_template_callback (widget_class, on_next_clicked);
}

static void
kz_coverage_page_init (KzCoveragePage *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) from = NULL;
  g_autoptr(GDateTime) to = NULL;
  g_autoptr(GListStore) parts = g_list_store_new (G_TYPE_LIST_MODEL);
  GtkNoSelection *selection;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->rows = g_list_store_new (KZ_TYPE_COVERAGE_ROW);
  self->total = g_list_store_new (KZ_TYPE_COVERAGE_ROW);
  /* The column view's sorter follows the header clicked; it sorts the
   * agents only, so the totals line stays under them. */
  self->sort_model = gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (self->rows)),
                                              g_object_ref (gtk_column_view_get_sorter (self->column_view)));
  g_list_store_append (parts, self->sort_model);
  g_list_store_append (parts, self->total);
  self->shown = G_LIST_MODEL (gtk_flatten_list_model_new (G_LIST_MODEL (g_object_ref (parts))));
  selection = gtk_no_selection_new (g_object_ref (self->shown));
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (selection));
  g_object_unref (selection);
  gtk_column_view_sort_by_column (self->column_view, self->agent_column, GTK_SORT_ASCENDING);

  kz_sample_dialog_previous_week (now, &from, &to);
  kz_coverage_page_set_period (self, from, to);
}

GtkWidget *
kz_coverage_page_new (void)
{
  return g_object_new (KZ_TYPE_COVERAGE_PAGE, NULL);
}
