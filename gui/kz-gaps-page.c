/* kz-gaps-page.c — where agents and teams fall short of a rubric's targets
 *
 * coaching.md's heatmap: agents (or teams) × criteria of one rubric over a
 * period, each cell the criterion's mean coloured against that criterion's
 * own target (below it one way, at or above it the other), with n and the
 * N/A rate in its tooltip and in "Show as Table".  Rows and columns come in
 * the order of the largest gap × weight they hold: the report's cells are
 * sorted that way (model/kz-gaps.c), and a row or column is placed where
 * its first cell comes.  The numbers are computed in model/, off the UI
 * thread; this file only lays them out.
 *
 * Clicking an agent's row (the list under the chart) or one of their cells
 * emits ::agent-activated, which the window turns into the agent's gap page.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kz-gaps-page"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "kz-error.h"
#include "kz-gaps-page.h"
#include "kz-page-defer.h"
#include "kz-store-job.h"

typedef enum {
  PERIOD_30_DAYS,
  PERIOD_90_DAYS,
  PERIOD_12_MONTHS,
  PERIOD_ALL,
  PERIOD_CUSTOM,
} Period;

struct _KzGapsPage
{
  AdwBin        parent_instance;

  KzStore      *store;
  GCancellable *cancellable;
  gboolean      loading;
  gboolean      updating;      /* filling the selectors: no reload */
  KzGapsBy      by;
  char         *rubric_id;
  GPtrArray    *rubric_ids;    /* char*, as in the rubric drop-down */
  KzGapReport  *report;
  /* The heatmap's rows and columns: unit ids and criterion ids. */
  GArray       *row_units;
  GPtrArray    *column_criteria;

  GtkDropDown  *rubric_drop;
  GtkStringList *rubric_titles;
  GtkDropDown  *period_drop;
  GtkWidget    *custom_box;
  GtkEntry     *from_entry;
  GtkEntry     *to_entry;
  GtkToggleButton *agents_toggle;
  GtkToggleButton *teams_toggle;
  GtkStack     *stack;
  AdwStatusPage *empty_page;
  AdwStatusPage *error_page;
  GtkWidget    *heatmap_box;
  KzChartFrame *chart_frame;
  GtkWidget    *agents_heading;
  GtkListBox   *agents_list;
  GtkLabel     *period_error;
  GtkLabel     *weeks_label;
};

G_DEFINE_FINAL_TYPE (KzGapsPage, kz_gaps_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  AGENT_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- the period ---------------------------------------------------------- */

/* [from, to) of the chosen period; FALSE (with a message) when a custom
 * day is not a date.  Presets end tomorrow at midnight: today counts. */
static gboolean
current_period (KzGapsPage  *self,
                GDateTime  **from,
                GDateTime  **to,
                char       **message)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) today = g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                                                      g_date_time_get_day_of_month (now), 0, 0, 0);
  Period period = gtk_drop_down_get_selected (self->period_drop);

  *from = NULL;
  *to = NULL;
  switch (period)
    {
    case PERIOD_30_DAYS:
      *from = g_date_time_add_days (today, -29);
      *to = g_date_time_add_days (today, 1);
      break;
    case PERIOD_90_DAYS:
      *from = g_date_time_add_days (today, -89);
      *to = g_date_time_add_days (today, 1);
      break;
    case PERIOD_12_MONTHS:
      *from = g_date_time_add_months (today, -12);
      *to = g_date_time_add_days (today, 1);
      break;
    case PERIOD_ALL:
      break;
    case PERIOD_CUSTOM:
    default:
      {
        const char *from_text = gtk_editable_get_text (GTK_EDITABLE (self->from_entry));
        const char *to_text = gtk_editable_get_text (GTK_EDITABLE (self->to_entry));
        g_autoptr(GDateTime) last = NULL;

        if (*from_text != '\0' && (*from = kz_parse_day (from_text)) == NULL)
          {
            *message = g_strdup_printf (_("“%s” is not a date (YYYY-MM-DD)."), from_text);
            return FALSE;
          }
        if (*to_text != '\0')
          {
            if ((last = kz_parse_day (to_text)) == NULL)
              {
                g_clear_pointer (from, g_date_time_unref);
                *message = g_strdup_printf (_("“%s” is not a date (YYYY-MM-DD)."), to_text);
                return FALSE;
              }
            /* "Until" is the last day of the period, included. */
            *to = g_date_time_add_days (last, 1);
          }
        if (*from != NULL && *to != NULL && g_date_time_compare (*from, *to) >= 0)
          {
            g_clear_pointer (from, g_date_time_unref);
            g_clear_pointer (to, g_date_time_unref);
            *message = g_strdup (_("The period ends before it starts."));
            return FALSE;
          }
      }
      break;
    }
  return TRUE;
}

/* ---- loading ------------------------------------------------------------- */

typedef struct {
  char      *rubric_id;
  KzGapsBy   by;
  GDateTime *from, *to;
} LoadJob;

typedef struct {
  KzGapReport *report;
  GPtrArray   *rubrics;   /* KzRubricInfo* */
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
  g_clear_pointer (&result->rubrics, g_ptr_array_unref);
  g_free (result);
}

static gpointer
load_thread (KzStore       *store,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  LoadJob *job = data;
  g_autoptr(GError) local_error = NULL;
  LoadResult *result = g_new0 (LoadResult, 1);

  result->rubrics = kz_store_list_rubrics (store, error);
  if (result->rubrics == NULL)
    {
      load_result_free (result);
      return NULL;
    }
  result->report = kz_gaps_compute (store, job->rubric_id, job->by, job->from, job->to, &local_error);
  /* No rubric with evaluations yet: an empty page, not an error. */
  if (result->report == NULL && !g_error_matches (local_error, KZ_ERROR, KZ_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      load_result_free (result);
      return NULL;
    }
  return result;
}

static void
set_loading (KzGapsPage *self,
             gboolean    loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
fill_rubrics (KzGapsPage *self,
              GPtrArray  *rubrics)
{
  guint selected = GTK_INVALID_LIST_POSITION;
  guint n_old = g_list_model_get_n_items (G_LIST_MODEL (self->rubric_titles));
  g_autoptr(GPtrArray) titles = g_ptr_array_new ();

  self->updating = TRUE;
  g_ptr_array_set_size (self->rubric_ids, 0);
  /* Each rubric once (the list has every version, the latest last). */
  for (guint i = 0; i < rubrics->len; i++)
    {
      KzRubricInfo *info = g_ptr_array_index (rubrics, i);
      gboolean seen = FALSE;

      for (guint j = 0; j < self->rubric_ids->len && !seen; j++)
        if (g_strcmp0 (g_ptr_array_index (self->rubric_ids, j), info->id) == 0)
          {
            seen = TRUE;
            g_ptr_array_index (titles, j) = info->title;
          }
      if (seen)
        continue;
      g_ptr_array_add (self->rubric_ids, g_strdup (info->id));
      g_ptr_array_add (titles, info->title);
    }
  g_ptr_array_add (titles, NULL);
  gtk_string_list_splice (self->rubric_titles, 0, n_old, (const char * const *) titles->pdata);
  for (guint j = 0; j < self->rubric_ids->len; j++)
    if (g_strcmp0 (g_ptr_array_index (self->rubric_ids, j), self->rubric_id) == 0)
      selected = j;
  gtk_drop_down_set_selected (self->rubric_drop, selected);
  self->updating = FALSE;
}

static void
on_agent_row_activated (KzGapsPage    *self,
                        GtkListBoxRow *row)
{
  gint64 agent_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "kz-unit-id"));
  const char *criterion_id = g_object_get_data (G_OBJECT (row), "kz-criterion-id");

  kz_gaps_page_activate_agent (self, agent_id, criterion_id);
}

static void
show_report (KzGapsPage *self)
{
  const KzGapReport *report = self->report;
  g_autoptr(KzChartData) data = NULL;
  GtkWidget *child;

  g_array_set_size (self->row_units, 0);
  g_ptr_array_set_size (self->column_criteria, 0);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->agents_list))) != NULL)
    gtk_list_box_remove (self->agents_list, child);

  /* The report counts whole ISO weeks (the roll-ups' unit): say which. */
  gtk_widget_set_visible (GTK_WIDGET (self->weeks_label), report != NULL);
  if (report != NULL && report->from != NULL && report->to != NULL)
    {
      g_autoptr(GDateTime) last = g_date_time_add_days (report->to, -1);
      g_autofree char *a = g_date_time_format (report->from, "%Y-%m-%d");
      g_autofree char *b = g_date_time_format (last, "%Y-%m-%d");
      /* Translators: the whole weeks the period rounded out to */
      g_autofree char *text = g_strdup_printf (_("Whole weeks, Monday to Sunday (UTC): %s to %s"), a, b);

      gtk_label_set_text (self->weeks_label, text);
    }
  else if (report != NULL)
    gtk_label_set_text (self->weeks_label, _("Every week, Monday to Sunday (UTC)"));

  if (report == NULL || report->cells->len == 0)
    {
      adw_status_page_set_description (self->empty_page,
                                       report == NULL ? _("No rubric has submitted evaluations yet.")
                                                      : _("No submitted evaluations of this rubric in the period."));
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  data = kz_gap_report_build_chart (report, self->row_units, self->column_criteria);
  kz_chart_frame_set_data (self->chart_frame, data);
  /* Rows tall enough to read and hover, however many agents. */
  gtk_widget_set_size_request (GTK_WIDGET (self->chart_frame), -1,
                               MAX (240, 110 + 30 * (int) self->row_units->len));

  /* The agents, largest gap first: a row opens the agent's gaps. */
  gtk_widget_set_visible (self->agents_heading, report->by == KZ_GAPS_BY_AGENT);
  gtk_widget_set_visible (GTK_WIDGET (self->agents_list), report->by == KZ_GAPS_BY_AGENT);
  if (report->by == KZ_GAPS_BY_AGENT)
    for (guint r = 0; r < self->row_units->len; r++)
      {
        gint64 unit = g_array_index (self->row_units, gint64, r);
        KzGapCell *top = NULL;
        GtkWidget *row = adw_action_row_new ();
        g_autofree char *name = g_strdup_printf ("gap-agent-%" G_GINT64_FORMAT, unit);
        g_autofree char *subtitle = NULL;

        for (guint i = 0; i < report->cells->len && top == NULL; i++)
          if (((KzGapCell *) g_ptr_array_index (report->cells, i))->unit_id == unit)
            top = g_ptr_array_index (report->cells, i);
        adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), kz_chart_data_get_row (data, r));
        if (top != NULL && top->has_mean && top->gap > 0)
          /* Translators: the agent's largest gap: criterion, points below target */
          subtitle = g_strdup_printf (_("Largest gap: %s, %.1f points below target"), top->criterion_title, top->gap);
        else
          subtitle = g_strdup (_("Meets every target"));
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
        adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
        gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
        gtk_widget_set_name (row, name);
        g_object_set_data (G_OBJECT (row), "kz-unit-id", GSIZE_TO_POINTER ((gsize) unit));
        if (top != NULL)
          g_object_set_data_full (G_OBJECT (row), "kz-criterion-id", g_strdup (top->criterion_id), g_free);
        gtk_list_box_append (self->agents_list, row);
      }
  gtk_stack_set_visible_child_name (self->stack, "heatmap");
}

static void
load_done (GObject      *object,
           GAsyncResult *res,
           gpointer      user_data)
{
  KzGapsPage *self = KZ_GAPS_PAGE (object);
  g_autoptr(GError) error = NULL;
  LoadResult *result = kz_store_job_finish (res, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_loading (self, FALSE);
  if (result == NULL)
    {
      if (g_error_matches (error, KZ_ERROR, KZ_ERROR_CONNECTION))
        gtk_widget_activate_action (GTK_WIDGET (self), "win.connection-lost", "s", error->message);
      else if (!g_error_matches (error, KZ_ERROR, KZ_ERROR_PERMISSION))
        g_warning ("Could not compute the gaps: %s", error->message);
      g_clear_pointer (&self->report, kz_gap_report_free);
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      return;
    }
  g_clear_pointer (&self->report, kz_gap_report_free);
  self->report = g_steal_pointer (&result->report);
  if (self->report != NULL && self->rubric_id == NULL)
    self->rubric_id = g_strdup (kz_rubric_get_id (self->report->rubric));
  fill_rubrics (self, result->rubrics);
  load_result_free (result);
  show_report (self);
}

void
kz_gaps_page_reload (KzGapsPage *self)
{
  g_autofree char *message = NULL;
  LoadJob *job;
  GDateTime *from = NULL, *to = NULL;

  g_return_if_fail (KZ_IS_GAPS_PAGE (self));

  if (self->store == NULL)
    return;
  /* Hidden, it reads nothing: it loads when it is shown. */
  if (kz_page_defer_until_shown (GTK_WIDGET (self), (KzPageReload) kz_gaps_page_reload))
    return;
  if (!current_period (self, &from, &to, &message))
    {
      gtk_label_set_text (self->period_error, message);
      gtk_widget_set_visible (GTK_WIDGET (self->period_error), TRUE);
      return;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->period_error), FALSE);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  job = g_new0 (LoadJob, 1);
  job->rubric_id = g_strdup (self->rubric_id);
  job->by = self->by;
  job->from = from;
  job->to = to;
  set_loading (self, TRUE);
  if (self->report == NULL)
    gtk_stack_set_visible_child_name (self->stack, "loading");
  kz_store_job_run_async (self->store, self, load_thread, job, load_job_free, load_result_free,
                          self->cancellable, load_done, NULL);
}

/* ---- the selectors --------------------------------------------------------- */

static void
on_rubric_selected (KzGapsPage *self)
{
  guint i = gtk_drop_down_get_selected (self->rubric_drop);

  if (self->updating || i == GTK_INVALID_LIST_POSITION || i >= self->rubric_ids->len)
    return;
  if (g_strcmp0 (self->rubric_id, g_ptr_array_index (self->rubric_ids, i)) == 0)
    return;
  g_free (self->rubric_id);
  self->rubric_id = g_strdup (g_ptr_array_index (self->rubric_ids, i));
  kz_gaps_page_reload (self);
}

static void
on_period_selected (KzGapsPage *self)
{
  gtk_widget_set_visible (self->custom_box, gtk_drop_down_get_selected (self->period_drop) == PERIOD_CUSTOM);
  if (!self->updating)
    kz_gaps_page_reload (self);
}

static void
on_custom_activate (KzGapsPage *self)
{
  kz_gaps_page_reload (self);
}

static void
on_by_toggled (KzGapsPage      *self,
               GtkToggleButton *button)
{
  KzGapsBy by;

  if (!gtk_toggle_button_get_active (button))
    return;
  by = button == self->teams_toggle ? KZ_GAPS_BY_TEAM : KZ_GAPS_BY_AGENT;
  if (by == self->by)
    return;
  self->by = by;
  if (!self->updating)
    kz_gaps_page_reload (self);
}

/* A click on an agent's cell opens their gaps on that criterion. */
static void
on_chart_pressed (KzGapsPage      *self,
                  int              n_press,
                  double           x,
                  double           y,
                  GtkGestureClick *gesture)
{
  KzChart *chart = kz_chart_frame_get_chart (self->chart_frame);

  if (self->report == NULL || self->report->by != KZ_GAPS_BY_AGENT)
    return;
  for (guint r = 0; r < self->row_units->len; r++)
    for (guint c = 0; c < self->column_criteria->len; c++)
      {
        graphene_rect_t bounds;

        if (kz_chart_get_item_bounds (chart, r, c, &bounds) &&
            graphene_rect_contains_point (&bounds, &GRAPHENE_POINT_INIT (x, y)))
          {
            kz_gaps_page_activate_agent (self, g_array_index (self->row_units, gint64, r),
                                         g_ptr_array_index (self->column_criteria, c));
            return;
          }
      }
}

/* ---- the widget ------------------------------------------------------------ */

static void
kz_gaps_page_dispose (GObject *object)
{
  KzGapsPage *self = KZ_GAPS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), KZ_TYPE_GAPS_PAGE);

  G_OBJECT_CLASS (kz_gaps_page_parent_class)->dispose (object);
}

static void
kz_gaps_page_finalize (GObject *object)
{
  KzGapsPage *self = KZ_GAPS_PAGE (object);

  g_free (self->rubric_id);
  g_ptr_array_unref (self->rubric_ids);
  g_clear_pointer (&self->report, kz_gap_report_free);
  g_array_unref (self->row_units);
  g_ptr_array_unref (self->column_criteria);

  G_OBJECT_CLASS (kz_gaps_page_parent_class)->finalize (object);
}

static void
kz_gaps_page_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  KzGapsPage *self = KZ_GAPS_PAGE (object);

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
kz_gaps_page_class_init (KzGapsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kz_gaps_page_dispose;
  object_class->finalize = kz_gaps_page_finalize;
  object_class->get_property = kz_gaps_page_get_property;

  properties[PROP_LOADING] = g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                                                   G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* KzGapsPage::agent-activated (gint64 agent_id, const char *criterion_id or NULL) */
  signals[AGENT_ACTIVATED] = g_signal_new ("agent-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_STRING);

  g_type_ensure (KZ_TYPE_CHART_FRAME);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/KaizenQA/Kaizen/kz-gaps-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KzGapsPage, rubric_drop);
  gtk_widget_class_bind_template_child (widget_class, KzGapsPage, rubric_titles);
  gtk_widget_class_bind_template_child (widget_class, KzGapsPage, period_drop);
  gtk_widget_class_bind_template_child (widget_class, KzGapsPage, custom_box);
  gtk_widget_class_bind_template_child (widget_class, KzGapsPage, from_entry);
  gtk_widget_class_bind_template_child (widget_class, KzGapsPage, to_entry);
  gtk_widget_class_bind_template_child (widget_class, KzGapsPage, agents_toggle);
  gtk_widget_class_bind_template_child (widget_class, KzGapsPage, teams_toggle);
  gtk_widget_class_bind_template_child (widget_class, KzGapsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, KzGapsPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, KzGapsPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, KzGapsPage, heatmap_box);
  gtk_widget_class_bind_template_child (widget_class, KzGapsPage, chart_frame);
  gtk_widget_class_bind_template_child (widget_class, KzGapsPage, agents_heading);
  gtk_widget_class_bind_template_child (widget_class, KzGapsPage, agents_list);
  gtk_widget_class_bind_template_child (widget_class, KzGapsPage, period_error);
  gtk_widget_class_bind_template_child (widget_class, KzGapsPage, weeks_label);
  gtk_widget_class_bind_template_callback (widget_class, on_rubric_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_period_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_custom_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_by_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_agent_row_activated);
}

static void
kz_gaps_page_init (KzGapsPage *self)
{
  GtkGesture *click;

  self->rubric_ids = g_ptr_array_new_with_free_func (g_free);
  self->row_units = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->column_criteria = g_ptr_array_new_with_free_func (g_free);
  self->by = KZ_GAPS_BY_AGENT;
  self->updating = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_drop_down_set_selected (self->period_drop, PERIOD_90_DAYS);
  gtk_widget_set_visible (self->custom_box, FALSE);
  self->updating = FALSE;

  click = gtk_gesture_click_new ();
  g_signal_connect_swapped (click, "pressed", G_CALLBACK (on_chart_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (kz_chart_frame_get_chart (self->chart_frame)), GTK_EVENT_CONTROLLER (click));
}

GtkWidget *
kz_gaps_page_new (void)
{
  return g_object_new (KZ_TYPE_GAPS_PAGE, NULL);
}

void
kz_gaps_page_set_store (KzGapsPage *self,
                        KzStore    *store)
{
  g_return_if_fail (KZ_IS_GAPS_PAGE (self));

  if (!g_set_object (&self->store, store))
    return;
  g_clear_pointer (&self->report, kz_gap_report_free);
  kz_gaps_page_reload (self);
}

gboolean
kz_gaps_page_get_loading (KzGapsPage *self)
{
  g_return_val_if_fail (KZ_IS_GAPS_PAGE (self), FALSE);
  return self->loading;
}

void
kz_gaps_page_set_by (KzGapsPage *self,
                     KzGapsBy    by)
{
  g_return_if_fail (KZ_IS_GAPS_PAGE (self));

  gtk_toggle_button_set_active (by == KZ_GAPS_BY_TEAM ? self->teams_toggle : self->agents_toggle, TRUE);
}

KzGapsBy
kz_gaps_page_get_by (KzGapsPage *self)
{
  g_return_val_if_fail (KZ_IS_GAPS_PAGE (self), KZ_GAPS_BY_AGENT);
  return self->by;
}

static char *
format_day (GDateTime *day)
{
  return day != NULL ? g_date_time_format (day, "%Y-%m-%d") : g_strdup ("");
}

void
kz_gaps_page_set_period (KzGapsPage *self,
                         GDateTime  *from,
                         GDateTime  *to)
{
  g_autofree char *from_text = format_day (from);
  g_autoptr(GDateTime) last = to != NULL ? g_date_time_add_days (to, -1) : NULL;
  g_autofree char *to_text = format_day (last);

  g_return_if_fail (KZ_IS_GAPS_PAGE (self));

  self->updating = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->from_entry), from_text);
  gtk_editable_set_text (GTK_EDITABLE (self->to_entry), to_text);
  gtk_drop_down_set_selected (self->period_drop, PERIOD_CUSTOM);
  self->updating = FALSE;
  kz_gaps_page_reload (self);
}

GDateTime *
kz_gaps_page_get_from (KzGapsPage *self)
{
  g_return_val_if_fail (KZ_IS_GAPS_PAGE (self), NULL);
  return self->report != NULL ? self->report->from : NULL;
}

GDateTime *
kz_gaps_page_get_to (KzGapsPage *self)
{
  g_return_val_if_fail (KZ_IS_GAPS_PAGE (self), NULL);
  return self->report != NULL ? self->report->to : NULL;
}

void
kz_gaps_page_set_rubric_id (KzGapsPage *self,
                            const char *rubric_id)
{
  g_return_if_fail (KZ_IS_GAPS_PAGE (self));

  g_free (self->rubric_id);
  self->rubric_id = g_strdup (rubric_id);
  kz_gaps_page_reload (self);
}

const char *
kz_gaps_page_get_rubric_id (KzGapsPage *self)
{
  g_return_val_if_fail (KZ_IS_GAPS_PAGE (self), NULL);
  return self->rubric_id;
}

const KzGapReport *
kz_gaps_page_get_report (KzGapsPage *self)
{
  g_return_val_if_fail (KZ_IS_GAPS_PAGE (self), NULL);
  return self->report;
}

KzChartFrame *
kz_gaps_page_get_chart_frame (KzGapsPage *self)
{
  g_return_val_if_fail (KZ_IS_GAPS_PAGE (self), NULL);
  return self->chart_frame;
}

const char *
kz_gaps_page_get_state (KzGapsPage *self)
{
  g_return_val_if_fail (KZ_IS_GAPS_PAGE (self), NULL);
  if (self->loading && self->report == NULL)
    return "loading";
  return gtk_stack_get_visible_child_name (self->stack);
}

void
kz_gaps_page_activate_agent (KzGapsPage *self,
                             gint64      agent_id,
                             const char *criterion_id)
{
  g_return_if_fail (KZ_IS_GAPS_PAGE (self));

  g_signal_emit (self, signals[AGENT_ACTIVATED], 0, agent_id, criterion_id);
}
