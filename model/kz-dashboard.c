/* kz-dashboard.c — the team overview and the agent page, from the roll-ups
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kz-dashboard"

#include "config.h"

#include "kz-dashboard.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "kz-voice.h"

/* The cluster-robust interval of the ratio Σ y ÷ Σ n over @k clusters. */
static void
set_interval (KzDashboardWeek *w,
              const double    *y,
              const double    *n,
              guint            k)
{
  double sum_y = 0, sum_n = 0, ss = 0, m, var, half;

  w->has_interval = FALSE;
  for (guint i = 0; i < k; i++)
    {
      sum_y += y[i];
      sum_n += n[i];
    }
  if (sum_n <= 0)
    return;
  m = sum_y / sum_n;
  w->has_mean = TRUE;
  w->mean = m;
  if (k < 2)
    return;
  for (guint i = 0; i < k; i++)
    ss += (y[i] - m * n[i]) * (y[i] - m * n[i]);
  var = ss * k / (k - 1.0) / (sum_n * sum_n);
  half = kz_t_975 (k - 1.0) * sqrt (var);
  w->has_interval = TRUE;
  w->low = MAX (0.0, m - half);
  w->high = MIN (100.0, m + half);
}

/* Adds @r to @w and, when it is scored, its cluster to @y/@n. */
static void
add_row (KzDashboardWeek    *w,
         const KzRollupWeek *r)
{
  w->n_evaluations += r->n_evaluations;
  w->n_scored += r->n_scored;
  w->n_passed += r->n_passed;
  w->n_auto_failed += r->n_auto_failed;
  w->sum_final += r->sum_final;
}

GArray *
kz_dashboard_week_trend (GPtrArray *rows)
{
  GArray *weeks = g_array_new (FALSE, TRUE, sizeof (KzDashboardWeek));
  g_autoptr(GArray) y = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) n = g_array_new (FALSE, FALSE, sizeof (double));
  guint i = 0;

  g_return_val_if_fail (rows != NULL, weeks);

  while (i < rows->len)
    {
      const KzRollupWeek *first = g_ptr_array_index (rows, i);
      KzDashboardWeek w = { .week = first->week };

      g_array_set_size (y, 0);
      g_array_set_size (n, 0);
      for (; i < rows->len && ((KzRollupWeek *) g_ptr_array_index (rows, i))->week == w.week; i++)
        {
          const KzRollupWeek *r = g_ptr_array_index (rows, i);
          double ny = r->sum_final, nn = (double) r->n_scored;

          add_row (&w, r);
          if (r->n_scored > 0)
            {
              g_array_append_val (y, ny);
              g_array_append_val (n, nn);
            }
        }
      w.n_agents = y->len;
      set_interval (&w, (double *) y->data, (double *) n->data, y->len);
      g_array_append_val (weeks, w);
    }
  return weeks;
}

void
kz_dashboard_total (GPtrArray       *rows,
                    KzDashboardWeek *out)
{
  g_autoptr(GHashTable) agents = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, g_free);
  g_autoptr(GArray) y = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) n = g_array_new (FALSE, FALSE, sizeof (double));
  GHashTableIter iter;
  gpointer value;

  memset (out, 0, sizeof *out);
  g_return_if_fail (rows != NULL);

  for (guint i = 0; i < rows->len; i++)
    {
      KzRollupWeek *r = g_ptr_array_index (rows, i);
      KzRollupWeek *sum = g_hash_table_lookup (agents, &r->agent_id);

      add_row (out, r);
      if (sum == NULL)
        {
          sum = g_new0 (KzRollupWeek, 1);
          sum->agent_id = r->agent_id;
          g_hash_table_insert (agents, &sum->agent_id, sum);
        }
      sum->n_scored += r->n_scored;
      sum->sum_final += r->sum_final;
    }
  g_hash_table_iter_init (&iter, agents);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      KzRollupWeek *sum = value;
      double ny = sum->sum_final, nn = (double) sum->n_scored;

      if (sum->n_scored == 0)
        continue;
      g_array_append_val (y, ny);
      g_array_append_val (n, nn);
    }
  out->n_agents = y->len;
  set_interval (out, (double *) y->data, (double *) n->data, y->len);
}

gboolean
kz_dashboard_pass_rate (const KzDashboardWeek *w,
                        double                *percent)
{
  if (w->n_scored <= 0)
    return FALSE;
  *percent = 100.0 * (double) w->n_passed / (double) w->n_scored;
  return TRUE;
}

gboolean
kz_dashboard_critical_score (const KzDashboardWeek *w,
                             double                *percent)
{
  if (w->n_evaluations <= 0)
    return FALSE;
  *percent = 100.0 * (double) (w->n_evaluations - w->n_auto_failed) / (double) w->n_evaluations;
  return TRUE;
}

void
kz_dashboard_gap_free (KzDashboardGap *self)
{
  if (self == NULL)
    return;
  g_free (self->criterion_id);
  g_free (self->title);
  g_free (self->rubric_id);
  g_free (self);
}

void
kz_dashboard_agent_free (KzDashboardAgent *self)
{
  if (self == NULL)
    return;
  g_free (self->name);
  g_free (self);
}

void
kz_team_overview_free (KzTeamOverview *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->agents, g_ptr_array_unref);
  g_clear_pointer (&self->start, g_date_time_unref);
  g_clear_pointer (&self->end, g_date_time_unref);
  g_clear_pointer (&self->weeks, g_array_unref);
  g_clear_pointer (&self->gaps, g_ptr_array_unref);
  g_clear_pointer (&self->criteria, g_ptr_array_unref);
  g_free (self->enps_round);
  g_free (self);
}

static GDateTime *
week_start (int week)
{
  return g_date_time_new_from_unix_utc ((gint64) week * 86400);
}

/* The ids (gint64*) of the agents counted: @agent_id alone, or those of
 * team @team_id now (the coverage's). */
static GHashTable *
counted_agents (KzStore  *store,
                gint64    team_id,
                gint64    agent_id,
                GError  **error)
{
  g_autoptr(GPtrArray) people = kz_store_list_people (store, KZ_ROLE_NONE, error);
  GHashTable *agents;

  if (people == NULL)
    return NULL;
  agents = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  for (guint i = 0; i < people->len; i++)
    {
      KzPerson *p = g_ptr_array_index (people, i);

      if (agent_id != 0 ? p->id == agent_id : (team_id == KZ_ROLLUP_ANY_TEAM || p->team_id == team_id))
        g_hash_table_add (agents, g_memdup2 (&p->id, sizeof p->id));
    }
  return agents;
}

typedef struct {
  KzCriterion *criterion;
  KzRubric    *rubric;
} FoundCriterion;

/* "rubric id\ncriterion id" → FoundCriterion* over every rubric's latest
 * version (criterion ids may repeat across rubrics; the roll-ups keep them
 * apart).  The store keeps the rubrics parsed: this reads their ids
 * and versions, not their sources. */
static GHashTable *
criteria_by_id (KzStore    *store,
                GPtrArray  *keep_rubrics,
                GError    **error)
{
  g_autoptr(GPtrArray) rubrics = kz_store_list_latest_rubrics (store, error);
  GHashTable *found;

  if (rubrics == NULL)
    return NULL;
  found = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (guint i = 0; i < rubrics->len; i++)
    {
      KzRubric *rubric = kz_rubric_ref (g_ptr_array_index (rubrics, i));
      GPtrArray *sections;

      g_ptr_array_add (keep_rubrics, rubric);
      sections = kz_rubric_get_sections (rubric);
      for (guint s = 0; s < sections->len; s++)
        {
          KzSection *section = g_ptr_array_index (sections, s);
          for (guint c = 0; c < section->criteria->len; c++)
            {
              KzCriterion *criterion = g_ptr_array_index (section->criteria, c);
              FoundCriterion *f;
              char *key = g_strdup_printf ("%s\n%s", kz_rubric_get_id (rubric), criterion->id);

              if (g_hash_table_contains (found, key))
                {
                  g_free (key);
                  continue;
                }
              f = g_new (FoundCriterion, 1);
              f->criterion = criterion;
              f->rubric = rubric;
              g_hash_table_insert (found, key, f);
            }
        }
    }
  return found;
}

static int
compare_priority (gconstpointer a,
                  gconstpointer b)
{
  const KzDashboardGap *x = *(KzDashboardGap * const *) a, *y = *(KzDashboardGap * const *) b;

  if (x->priority != y->priority)
    return x->priority > y->priority ? -1 : 1;
  return g_strcmp0 (x->criterion_id, y->criterion_id);
}

static int
compare_title (gconstpointer a,
               gconstpointer b)
{
  const KzDashboardGap *x = *(KzDashboardGap * const *) a, *y = *(KzDashboardGap * const *) b;
  int c = g_utf8_collate (x->title, y->title);

  return c != 0 ? c : g_strcmp0 (x->criterion_id, y->criterion_id);
}

/* Sums @cells (KzRollupCell*) per criterion, those of @owner (-1: any),
 * into gaps against the criteria's targets. */
static GPtrArray *
gaps_from_cells (GPtrArray  *cells,
                 gint64      owner,
                 GHashTable *criteria)
{
  g_autoptr(GHashTable) sums = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GPtrArray *gaps = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_dashboard_gap_free);

  for (guint i = 0; i < cells->len; i++)
    {
      KzRollupCell *c = g_ptr_array_index (cells, i);
      g_autofree char *key = NULL;
      FoundCriterion *f;
      KzDashboardGap *g;

      if (owner >= 0 && c->owner_id != owner)
        continue;
      key = g_strdup_printf ("%s\n%s", c->rubric_id, c->criterion_id);
      f = g_hash_table_lookup (criteria, key);
      if (f == NULL)
        continue;  /* a criterion its rubric has no more */
      g = g_hash_table_lookup (sums, key);
      if (g == NULL)
        {
          g = g_new0 (KzDashboardGap, 1);
          g->criterion_id = g_strdup (f->criterion->id);
          g->title = g_strdup (f->criterion->title);
          g->rubric_id = g_strdup (kz_rubric_get_id (f->rubric));
          g->weight = f->criterion->weight;
          g->target = f->criterion->has_target ? f->criterion->target : kz_rubric_get_pass_mark (f->rubric);
          g_hash_table_insert (sums, g_steal_pointer (&key), g);
          g_ptr_array_add (gaps, g);
        }
      g->mean += c->sum_v;  /* Σ v for now */
      g->n += c->n_applicable;
    }
  for (guint i = 0; i < gaps->len; i++)
    {
      KzDashboardGap *g = g_ptr_array_index (gaps, i);

      g->mean = g->n > 0 ? 100.0 * g->mean / (double) g->n : NAN;
      g->gap = g->target - g->mean;
      g->priority = g->gap * g->weight;
    }
  return gaps;
}

static void
load_enps (KzStore        *store,
           KzTeamOverview *o)
{
  g_autoptr(GPtrArray) rounds = kz_store_list_rounds (store, 0, NULL);
  GDate today;

  if (rounds == NULL || !kz_store_voice_today (store, &today, NULL))
    return;
  /* The newest closed round that opened by the period's last day. */
  for (guint i = rounds->len; i-- > 0;)
    {
      KzSurveyRound *round = g_ptr_array_index (rounds, i);
      g_autoptr(GPtrArray) cells = NULL;
      gint64 want = o->team_id == KZ_ROLLUP_ANY_TEAM ? KZ_CELL_ALL : o->team_id == 0 ? KZ_CELL_NO_TEAM : o->team_id;

      if (!kz_survey_round_is_closed (round, &today) || g_date_compare (&round->opens_on, &o->to) > 0)
        continue;
      cells = kz_store_survey_results (store, round->id, NULL);
      if (cells == NULL)
        continue;
      for (guint c = 0; c < cells->len; c++)
        {
          KzSurveyCell *cell = g_ptr_array_index (cells, c);

          if (g_strcmp0 (cell->question_id, KZ_ENPS_QUESTION_ID) == 0 && cell->team_id == want &&
              kz_survey_cell_enps (cell, &o->enps))
            {
              o->has_enps = TRUE;
              o->enps_round = g_strdup (round->title);
              return;
            }
        }
      return;  /* the newest closed round, shown or hidden for this team */
    }
}

static int
compare_agent_names (gconstpointer a,
                     gconstpointer b)
{
  const KzDashboardAgent *x = *(KzDashboardAgent * const *) a, *y = *(KzDashboardAgent * const *) b;
  int c = g_utf8_collate (x->name, y->name);

  return c != 0 ? c : (x->agent_id < y->agent_id ? -1 : x->agent_id > y->agent_id);
}

/* Each agent's sums over the period's rows, with their names. */
static GPtrArray *
agents_from_rows (KzStore    *store,
                  GPtrArray  *rows,
                  GError    **error)
{
  g_autoptr(GPtrArray) people = kz_store_list_people (store, KZ_ROLE_NONE, error);
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  GPtrArray *agents;

  if (people == NULL)
    return NULL;
  agents = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_dashboard_agent_free);
  for (guint i = 0; i < rows->len; i++)
    {
      KzRollupWeek *r = g_ptr_array_index (rows, i);
      KzDashboardAgent *a = g_hash_table_lookup (by_id, &r->agent_id);

      if (a == NULL)
        {
          a = g_new0 (KzDashboardAgent, 1);
          a->agent_id = r->agent_id;
          g_hash_table_insert (by_id, &a->agent_id, a);
          g_ptr_array_add (agents, a);
        }
      a->n_evaluations += r->n_evaluations;
      a->n_scored += r->n_scored;
      a->n_passed += r->n_passed;
      a->mean += r->sum_final;  /* Σ final for now */
    }
  for (guint i = 0; i < people->len; i++)
    {
      KzPerson *p = g_ptr_array_index (people, i);
      KzDashboardAgent *a = g_hash_table_lookup (by_id, &p->id);

      if (a != NULL)
        a->name = g_strdup (p->name);
    }
  for (guint i = 0; i < agents->len; i++)
    {
      KzDashboardAgent *a = g_ptr_array_index (agents, i);

      if (a->name == NULL)
        a->name = g_strdup ("—");
      a->mean = a->n_scored > 0 ? a->mean / (double) a->n_scored : NAN;
    }
  g_ptr_array_sort (agents, compare_agent_names);
  return agents;
}

KzTeamOverview *
kz_team_overview_load (KzStore     *store,
                       gint64       team_id,
                       gint64       agent_id,
                       const GDate *from,
                       const GDate *to,
                       GError     **error)
{
  g_autoptr(KzTeamOverview) o = g_new0 (KzTeamOverview, 1);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) cells = NULL;
  g_autoptr(GPtrArray) rubrics = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_rubric_unref);
  g_autoptr(GHashTable) criteria = NULL;
  g_autoptr(GHashTable) agents = NULL;
  g_autoptr(GPtrArray) coverage = NULL;
  int first_week, last_week;

  g_return_val_if_fail (KZ_IS_STORE (store), NULL);
  g_return_val_if_fail (from != NULL && g_date_valid (from) && to != NULL && g_date_valid (to), NULL);

  o->team_id = team_id;
  o->agent_id = agent_id;
  o->from = *from;
  o->to = *to;
  first_week = kz_rollup_week_of_date (from);
  last_week = kz_rollup_week_of_date (to);
  o->start = week_start (first_week);
  o->end = week_start (last_week + 7);

  if (agent_id != 0)
    {
      guint n_weeks = (guint) ((last_week - first_week) / 7 + 1);

      cells = kz_store_rollup_agent_trend (store, agent_id, NULL, to, MAX (n_weeks, 1), &rows, error);
    }
  else
    {
      rows = kz_store_rollup_team_weeks (store, team_id, from, to, error);
      if (rows != NULL)
        cells = kz_store_rollup_heatmap (store, NULL, from, to, error);
    }
  if (rows == NULL || cells == NULL)
    return NULL;
  o->weeks = kz_dashboard_week_trend (rows);
  kz_dashboard_total (rows, &o->total);
  o->agents = agents_from_rows (store, rows, error);
  if (o->agents == NULL)
    return NULL;

  criteria = criteria_by_id (store, rubrics, error);
  if (criteria == NULL)
    return NULL;
  o->criteria = gaps_from_cells (cells, agent_id != 0 || team_id == KZ_ROLLUP_ANY_TEAM ? -1 : team_id, criteria);
  o->gaps = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_dashboard_gap_free);
  g_ptr_array_sort (o->criteria, compare_priority);
  for (guint i = 0; i < o->criteria->len && o->gaps->len < 5; i++)
    {
      KzDashboardGap *g = g_ptr_array_index (o->criteria, i);
      KzDashboardGap *copy;

      if (!(g->gap > 0))
        continue;
      copy = g_memdup2 (g, sizeof *g);
      copy->criterion_id = g_strdup (g->criterion_id);
      copy->title = g_strdup (g->title);
      copy->rubric_id = g_strdup (g->rubric_id);
      g_ptr_array_add (o->gaps, copy);
    }
  g_ptr_array_sort (o->criteria, compare_title);

  agents = counted_agents (store, team_id, agent_id, error);
  if (agents == NULL)
    return NULL;
  coverage = kz_store_coverage (store, o->start, o->end, error);
  if (coverage == NULL)
    return NULL;
  for (guint i = 0; i < coverage->len; i++)
    {
      KzCoverage *c = g_ptr_array_index (coverage, i);

      if (g_hash_table_contains (agents, &c->agent_id))
        {
          o->n_interactions += c->n_interactions;
          o->n_reviewed += c->n_reviewed;
        }
    }

  /* Acknowledgements and disputes are not in the roll-ups: the store
   * counts them over the evaluations the figures rest on, in one read. */
  {
    KzAnswerBack back;

    if (!kz_store_answer_back (store, team_id, agent_id, o->start, o->end, &back, error))
      return NULL;
    o->n_listed = (guint) back.n_evaluations;
    o->n_acknowledged = (guint) back.n_acknowledged;
    o->n_acknowledged_current = (guint) back.n_acknowledged_current;
    o->n_disputed = (guint) back.n_disputed;
    o->n_dispute_open = (guint) back.n_dispute_open;
  }

  if (agent_id == 0)
    load_enps (store, o);
  return g_steal_pointer (&o);
}

GPtrArray *
kz_dashboard_evaluations (KzStore              *store,
                          const KzTeamOverview *overview,
                          KzDrillKind           kind,
                          const char           *criterion_id,
                          guint                 limit,
                          GArray              **all_ids,
                          GError              **error)
{
  KzDrillFilter filter;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GArray) newest = NULL;
  GPtrArray *out;

  g_return_val_if_fail (KZ_IS_STORE (store), NULL);
  g_return_val_if_fail (overview != NULL, NULL);

  /* The ids from the database (8 bytes each), then the lines of the
   * newest @limit alone: a whole-range drill never lists the period. */
  kz_drill_filter_init (&filter);
  filter.first_week = (int) (g_date_time_to_unix (overview->start) / 86400);
  filter.last_week = (int) (g_date_time_to_unix (overview->end) / 86400) - 7;
  filter.agent_id = overview->agent_id;
  filter.team_id = overview->agent_id != 0 ? KZ_ROLLUP_ANY_TEAM : overview->team_id;
  switch (kind)
    {
    case KZ_DRILL_EVALUATIONS:
      break;
    case KZ_DRILL_SCORED:
      filter.score = KZ_DRILL_WITH_SCORE;
      break;
    case KZ_DRILL_PASSED:
      filter.score = KZ_DRILL_PASS;
      break;
    case KZ_DRILL_CRITERION:
      g_return_val_if_fail (criterion_id != NULL, NULL);
      filter.criterion_id = criterion_id;
      filter.answer = KZ_DRILL_APPLICABLE;
      break;
    }
  ids = kz_store_drill_evaluations (store, &filter, error);
  if (ids == NULL)
    return NULL;
  if (limit > 0 && ids->len > limit)
    {
      filter.newest = limit;
      newest = kz_store_drill_evaluations (store, &filter, error);
      if (newest == NULL)
        return NULL;
    }
  out = kz_store_list_evaluations_by_id (store, newest != NULL ? newest : ids, limit, error);
  if (out != NULL && all_ids != NULL)
    *all_ids = g_steal_pointer (&ids);
  return out;
}

KzChartData *
kz_dashboard_trend_chart (const KzTeamOverview *o)
{
  KzChartData *data = kz_chart_data_new (KZ_CHART_LINE, KZ_CHART_UNIT_SCORE, _("weekly quality score"));
  guint series;

  kz_chart_data_set_category_title (data, _("Week"));
  kz_chart_data_set_category_noun (data, _("week"), _("weeks"));
  series = kz_chart_data_add_series (data, _("Quality score"));
  kz_chart_data_set_interval_label (data, _("95% interval"));
  /* Every week of the period, reviewed or not: a gap in the line is a
   * week nobody was reviewed, not two weeks drawn side by side. */
  {
    int first = (int) (g_date_time_to_unix (o->start) / 86400);
    int end = (int) (g_date_time_to_unix (o->end) / 86400);
    guint i = 0;

    for (int week = first; week < end; week += 7)
      {
        g_autofree char *label = kz_rollup_week_to_string (week);
        guint cat = kz_chart_data_add_category (data, label);
        KzDashboardWeek *w;

        while (i < o->weeks->len && g_array_index (o->weeks, KzDashboardWeek, i).week < week)
          i++;
        if (i >= o->weeks->len || (w = &g_array_index (o->weeks, KzDashboardWeek, i))->week != week)
          continue;
        kz_chart_data_set_value (data, series, cat, w->has_mean ? w->mean : NAN, (guint) w->n_scored);
        if (w->has_interval)
          kz_chart_data_set_interval (data, series, cat, w->low, w->high);
      }
  }
  kz_chart_data_seal (data);
  return data;
}

void
kz_dashboard_figure_free (KzDashboardFigure *self)
{
  if (self == NULL)
    return;
  g_free (self->label);
  g_free (self->value);
  g_free (self->detail);
  g_free (self);
}

static KzDashboardFigure *
figure (GPtrArray   *list,
        const char  *id,
        const char  *label,
        KzChartUnit  unit,
        gboolean     defined,
        double       value,
        KzDrillKind  drill)
{
  KzDashboardFigure *f = g_new0 (KzDashboardFigure, 1);

  f->id = id;
  f->label = g_strdup (label);
  f->value = kz_chart_format_value (unit, defined ? value : NAN);
  f->drills = TRUE;
  f->drill = drill;
  g_ptr_array_add (list, f);
  return f;
}

static double
share (guint part,
       guint whole)
{
  return whole > 0 ? 100.0 * part / whole : NAN;
}

GPtrArray *
kz_dashboard_figures (const KzTeamOverview *o)
{
  GPtrArray *list = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_dashboard_figure_free);
  const KzDashboardWeek *t = &o->total;
  KzDashboardFigure *f;
  gboolean ok;
  double v = NAN;

  f = figure (list, "score", _("Quality score"), KZ_CHART_UNIT_SCORE, t->has_mean, t->mean, KZ_DRILL_SCORED);
  if (t->has_interval)
    f->detail = g_strdup_printf (_("95%% interval %.1f–%.1f · %" G_GINT64_FORMAT " evaluations"), t->low, t->high,
                                 t->n_scored);
  else
    f->detail = g_strdup_printf (_("%" G_GINT64_FORMAT " evaluations"), t->n_scored);

  /* (The test first: argument order is unspecified in C.) */
  ok = kz_dashboard_pass_rate (t, &v);
  f = figure (list, "pass-rate", _("Pass rate"), KZ_CHART_UNIT_PERCENT, ok, v, KZ_DRILL_SCORED);
  f->detail = g_strdup_printf (_("%" G_GINT64_FORMAT " of %" G_GINT64_FORMAT " passed"), t->n_passed, t->n_scored);

  ok = kz_dashboard_critical_score (t, &v);
  f = figure (list, "critical", _("Critical score"), KZ_CHART_UNIT_PERCENT, ok, v, KZ_DRILL_EVALUATIONS);
  f->detail = g_strdup_printf (_("%" G_GINT64_FORMAT " of %" G_GINT64_FORMAT " with no critical failure"),
                               t->n_evaluations - t->n_auto_failed, t->n_evaluations);

  f = figure (list, "coverage", _("Review coverage"), KZ_CHART_UNIT_PERCENT, o->n_interactions > 0,
              share (o->n_reviewed, o->n_interactions), KZ_DRILL_EVALUATIONS);
  f->detail = g_strdup_printf (_("%u of %u interactions reviewed"), o->n_reviewed, o->n_interactions);

  f = figure (list, "acknowledged", _("Acknowledged"), KZ_CHART_UNIT_PERCENT, o->n_listed > 0,
              share (o->n_acknowledged, o->n_listed), KZ_DRILL_EVALUATIONS);
  f->detail = g_strdup_printf (_("%u of %u reviews"), o->n_acknowledged, o->n_listed);

  f = figure (list, "disputed", _("Disputed"), KZ_CHART_UNIT_PERCENT, o->n_listed > 0,
              share (o->n_disputed, o->n_listed), KZ_DRILL_EVALUATIONS);
  f->detail = g_strdup_printf (_("%u of %u reviews · %u open"), o->n_disputed, o->n_listed, o->n_dispute_open);

  if (o->agent_id == 0)
    {
      f = g_new0 (KzDashboardFigure, 1);
      f->id = "enps";
      f->label = g_strdup (_("eNPS"));
      if (o->has_enps)
        {
          f->value = g_strdup_printf ("%+.0f", o->enps.enps);
          f->detail = g_strdup_printf (_("95%% interval %+.0f to %+.0f · n = %u · %s"), o->enps.low, o->enps.high,
                                       o->enps.n, o->enps_round);
        }
      else
        {
          f->value = g_strdup ("—");
          f->detail = g_strdup (_("No closed round shows this team"));
        }
      g_ptr_array_add (list, f);
    }
  return list;
}
