/* kz-quality-trend.c — an agent's criterion averages by week, against the
 * target and their team's (kz-quality-trend.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kz-quality-trend"

#include "config.h"

#include "kz-quality-trend.h"
#include "kz-error.h"
#include "kz-score.h"

static void
trend_week_free (KzQualityWeek *week)
{
  g_clear_pointer (&week->week, g_date_time_unref);
  g_free (week);
}

void
kz_quality_trend_free (KzQualityTrend *self)
{
  if (self == NULL)
    return;
  g_free (self->criterion_id);
  g_free (self->title);
  g_clear_pointer (&self->weeks, g_ptr_array_unref);
  g_free (self);
}

GDateTime *
kz_quality_week_of (GDateTime *at)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (at);
  int dow = g_date_time_get_day_of_week (utc);   /* 1 = Monday */
  g_autoptr(GDateTime) day = g_date_time_new_utc (g_date_time_get_year (utc), g_date_time_get_month (utc),
                                                  g_date_time_get_day_of_month (utc), 0, 0, 0);

  return g_date_time_add_days (day, -(dow - 1));
}

/* Sums for one criterion, one side (agent or team), per week. */
typedef struct {
  double sum;
  guint  n;
} Sum;

typedef struct {
  Sum         total_agent, total_team;
  guint       agent_na;
  GHashTable *agent_weeks;   /* gint64 week (unix) → Sum* */
  GHashTable *team_weeks;
} CriterionSums;

static void
criterion_sums_free (CriterionSums *sums)
{
  g_hash_table_unref (sums->agent_weeks);
  g_hash_table_unref (sums->team_weeks);
  g_free (sums);
}

static gint64 *
int64_dup (gint64 value)
{
  return g_memdup2 (&value, sizeof value);
}

static void
add_to (GHashTable *weeks,
        gint64      week,
        double      v)
{
  Sum *sum = g_hash_table_lookup (weeks, &week);

  if (sum == NULL)
    {
      sum = g_new0 (Sum, 1);
      g_hash_table_insert (weeks, int64_dup (week), sum);
    }
  sum->sum += v;
  sum->n++;
}

/* v × 100 of @answer on @criterion, FALSE when it does not count
 * (unanswered, or N/A excluded). */
static gboolean
answer_value (const KzCriterion *criterion,
              const KzAnswer    *answer,
              double            *v)
{
  switch (answer->kind)
    {
    case KZ_ANSWER_VALUE:
      *v = 100.0 * kz_criterion_normalise (criterion, answer->value);
      return TRUE;
    case KZ_ANSWER_NA:
      if (criterion->na_policy == KZ_NA_PASS)
        {
          *v = 100.0;
          return TRUE;
        }
      if (criterion->na_policy == KZ_NA_FIXED)
        {
          *v = 100.0 * kz_criterion_normalise (criterion, criterion->na_value);
          return TRUE;
        }
      return FALSE;
    case KZ_ANSWER_UNANSWERED:
    default:
      return FALSE;
    }
}

static void
add_evaluations (KzRubric   *rubric,
                 GHashTable *versions,
                 GHashTable *sums,
                 GPtrArray  *evaluations,
                 gboolean    agent)
{
  for (guint i = 0; evaluations != NULL && i < evaluations->len; i++)
    {
      const KzEvaluation *evaluation = g_ptr_array_index (evaluations, i);
      KzRubric *scored_with = NULL;
      GDateTime *when;
      g_autoptr(GDateTime) week = NULL;
      GHashTableIter iter;
      gpointer value;

      if (evaluation->state != KZ_EVALUATION_SUBMITTED || evaluation->is_calibration ||
          g_strcmp0 (evaluation->rubric_id, kz_rubric_get_id (rubric)) != 0 || evaluation->answers == NULL)
        continue;
      when = evaluation->submitted_at != NULL ? evaluation->submitted_at : evaluation->created_at;
      if (when == NULL)
        continue;
      week = kz_quality_week_of (when);
      if (versions != NULL)
        scored_with = g_hash_table_lookup (versions, GINT_TO_POINTER (evaluation->rubric_version));
      if (scored_with == NULL)
        scored_with = rubric;

      g_hash_table_iter_init (&iter, evaluation->answers);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        {
          const KzAnswer *answer = value;
          CriterionSums *cs = g_hash_table_lookup (sums, answer->criterion_id);
          KzCriterion *criterion;
          double v;

          if (cs == NULL)
            continue;   /* not a criterion of the rubric shown */
          criterion = kz_rubric_find_criterion (scored_with, answer->criterion_id);
          if (criterion == NULL)
            criterion = kz_rubric_find_criterion (rubric, answer->criterion_id);
          if (agent && answer->kind == KZ_ANSWER_NA)
            cs->agent_na++;
          if (!answer_value (criterion, answer, &v))
            continue;
          if (agent)
            {
              cs->total_agent.sum += v;
              cs->total_agent.n++;
              add_to (cs->agent_weeks, g_date_time_to_unix (week), v);
            }
          else
            {
              cs->total_team.sum += v;
              cs->total_team.n++;
              add_to (cs->team_weeks, g_date_time_to_unix (week), v);
            }
        }
    }
}

static int
compare_int64 (gconstpointer a,
               gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

GPtrArray *
kz_quality_trends_compute (KzRubric   *rubric,
                             GHashTable *versions,
                             GPtrArray  *agent_evaluations,
                             GPtrArray  *team_evaluations)
{
  g_autoptr(GHashTable) sums = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                      (GDestroyNotify) criterion_sums_free);
  GPtrArray *trends = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_quality_trend_free);
  GPtrArray *sections;

  g_return_val_if_fail (rubric != NULL, trends);

  sections = kz_rubric_get_sections (rubric);
  for (guint s = 0; s < sections->len; s++)
    {
      KzSection *section = g_ptr_array_index (sections, s);

      for (guint c = 0; c < section->criteria->len; c++)
        {
          KzCriterion *criterion = g_ptr_array_index (section->criteria, c);
          CriterionSums *cs = g_new0 (CriterionSums, 1);

          cs->agent_weeks = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
          cs->team_weeks = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
          g_hash_table_insert (sums, criterion->id, cs);
        }
    }

  add_evaluations (rubric, versions, sums, agent_evaluations, TRUE);
  add_evaluations (rubric, versions, sums, team_evaluations, FALSE);

  for (guint s = 0; s < sections->len; s++)
    {
      KzSection *section = g_ptr_array_index (sections, s);

      for (guint c = 0; c < section->criteria->len; c++)
        {
          KzCriterion *criterion = g_ptr_array_index (section->criteria, c);
          CriterionSums *cs = g_hash_table_lookup (sums, criterion->id);
          KzQualityTrend *trend = g_new0 (KzQualityTrend, 1);
          g_autoptr(GArray) keys = g_array_new (FALSE, FALSE, sizeof (gint64));
          GHashTableIter iter;
          gpointer key;

          trend->criterion_id = g_strdup (criterion->id);
          trend->title = g_strdup (criterion->title);
          trend->target = kz_rubric_get_pass_mark (rubric);
          trend->agent_n = cs->total_agent.n;
          trend->agent_mean = cs->total_agent.n > 0 ? cs->total_agent.sum / cs->total_agent.n : 0;
          trend->agent_na = cs->agent_na;
          trend->team_n = cs->total_team.n;
          trend->team_mean = cs->total_team.n > 0 ? cs->total_team.sum / cs->total_team.n : 0;
          trend->team_known = team_evaluations != NULL;
          trend->weeks = g_ptr_array_new_with_free_func ((GDestroyNotify) trend_week_free);

          g_hash_table_iter_init (&iter, cs->agent_weeks);
          while (g_hash_table_iter_next (&iter, &key, NULL))
            g_array_append_val (keys, *(gint64 *) key);
          g_hash_table_iter_init (&iter, cs->team_weeks);
          while (g_hash_table_iter_next (&iter, &key, NULL))
            if (!g_hash_table_contains (cs->agent_weeks, key))
              g_array_append_val (keys, *(gint64 *) key);
          g_array_sort (keys, compare_int64);

          for (guint k = 0; k < keys->len; k++)
            {
              gint64 unix_week = g_array_index (keys, gint64, k);
              KzQualityWeek *week = g_new0 (KzQualityWeek, 1);
              Sum *a = g_hash_table_lookup (cs->agent_weeks, &unix_week);
              Sum *t = g_hash_table_lookup (cs->team_weeks, &unix_week);

              week->week = g_date_time_new_from_unix_utc (unix_week);
              if (a != NULL)
                {
                  week->agent_n = a->n;
                  week->agent_mean = a->sum / a->n;
                }
              if (t != NULL)
                {
                  week->team_n = t->n;
                  week->team_mean = t->sum / t->n;
                }
              g_ptr_array_add (trend->weeks, week);
            }
          g_ptr_array_add (trends, trend);
        }
    }
  return trends;
}

/* The submitted evaluations of @agent_id under @rubric_id, with their
 * answers, into @out; also fills @versions.  Someone else's the login may
 * not read are left out. */
static gboolean
load_agent (KzStore    *store,
            gint64      agent_id,
            const char *rubric_id,
            gboolean    own,
            GHashTable *versions,
            GPtrArray  *out,
            GError    **error)
{
  KzEvaluationFilter filter = { .agent_id = agent_id, .rubric_id = rubric_id, .submitted_only = TRUE };
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GPtrArray) summaries = kz_store_list_evaluations (store, &filter, &local_error);

  if (summaries == NULL)
    {
      if (!own && g_error_matches (local_error, KZ_ERROR, KZ_ERROR_PERMISSION))
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  for (guint i = 0; i < summaries->len; i++)
    {
      KzEvaluationSummary *summary = g_ptr_array_index (summaries, i);
      KzEvaluation *evaluation;

      if (summary->is_calibration)
        continue;
      evaluation = kz_store_get_evaluation (store, summary->id, &local_error);
      if (evaluation == NULL)
        {
          if (!own && g_error_matches (local_error, KZ_ERROR, KZ_ERROR_PERMISSION))
            {
              g_clear_error (&local_error);
              continue;
            }
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      g_ptr_array_add (out, evaluation);
      if (!g_hash_table_contains (versions, GINT_TO_POINTER (evaluation->rubric_version)))
        {
          KzRubric *version = kz_store_get_rubric (store, rubric_id, evaluation->rubric_version, NULL);

          if (version != NULL)
            g_hash_table_insert (versions, GINT_TO_POINTER (evaluation->rubric_version), version);
        }
    }
  return TRUE;
}

GPtrArray *
kz_quality_trends_load (KzStore    *store,
                          gint64      agent_id,
                          const char *rubric_id,
                          GError    **error)
{
  g_autoptr(KzRubric) rubric = NULL;
  g_autoptr(KzPerson) agent = NULL;
  g_autoptr(GHashTable) versions = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                                          (GDestroyNotify) kz_rubric_unref);
  g_autoptr(GPtrArray) mine = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_evaluation_free);
  g_autoptr(GPtrArray) team = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_evaluation_free);

  rubric = kz_store_get_rubric (store, rubric_id, 0, error);
  if (rubric == NULL)
    return NULL;
  agent = kz_store_get_person (store, agent_id, error);
  if (agent == NULL)
    return NULL;
  if (!load_agent (store, agent_id, rubric_id, TRUE, versions, mine, error))
    return NULL;

  if (kz_store_is_shared (store))
    {
      g_autoptr(GError) login_error = NULL;
      gint64 login = kz_store_get_login_person_id (store, &login_error);
      g_autoptr(KzPerson) me = login > 0 ? kz_store_get_person (store, login, NULL) : NULL;

      /* 0: the owner or an administrator login, which reads everything. */
      if (login != 0 && (me == NULL || (me->roles & (KZ_ROLE_MANAGER | KZ_ROLE_ADMIN)) == 0))
        return kz_quality_trends_compute (rubric, versions, mine, NULL);
    }
  if (agent->team_id != 0)
    {
      g_autoptr(GPtrArray) people = kz_store_list_people (store, KZ_ROLE_NONE, error);

      if (people == NULL)
        return NULL;
      for (guint i = 0; i < people->len; i++)
        {
          KzPerson *person = g_ptr_array_index (people, i);

          if (person->team_id != agent->team_id)
            continue;
          if (!load_agent (store, person->id, rubric_id, person->id == agent_id, versions, team, error))
            return NULL;
        }
    }
  return kz_quality_trends_compute (rubric, versions, mine, team);
}
