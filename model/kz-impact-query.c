/* kz-impact-query.c — the impact of coaching on one criterion, from the store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kz-impact-query"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kz-error.h"
#include "kz-impact-query.h"
#include "kz-plan-calendar.h"
#include "kz-score.h"

gint
kz_impact_day_of_date (const GDate *date)
{
  g_return_val_if_fail (date != NULL && g_date_valid (date), 0);
  return (gint) g_date_get_julian (date);
}

static gint
day_of_unix (gint64 t)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (t);
  g_autoptr(GDateTime) local = g_date_time_to_local (utc);
  GDate d;

  g_date_clear (&d, 1);
  g_date_set_dmy (&d, g_date_time_get_day_of_month (local), g_date_time_get_month (local),
                  g_date_time_get_year (local));
  return kz_impact_day_of_date (&d);
}

static void
free_rubric (gpointer p)
{
  kz_rubric_unref (p);
}

gboolean
kz_impact_for_criterion (KzStore            *store,
                         const char         *rubric_id,
                         const char         *criterion_id,
                         const GDate        *date,
                         const KzImpactPlan *plan,
                         GArray             *coached,
                         KzImpact           *out,
                         GError            **error)
{
  return kz_impact_for_criterion_excluding (store, rubric_id, criterion_id, date, plan, coached, NULL, out, error);
}

static gint
compare_id (gconstpointer a,
            gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static gboolean
plan_addresses (const KzPlan *plan,
                const char   *rubric_id,
                const char   *criterion_id)
{
  for (guint i = 0; i < plan->criteria->len; i++)
    {
      const KzCriterionRef *ref = plan->criteria->pdata[i];

      if (g_strcmp0 (ref->rubric_id, rubric_id) == 0 && g_strcmp0 (ref->criterion_id, criterion_id) == 0)
        return TRUE;
    }
  return FALSE;
}

/* One act of coaching: @agent coached on local day @d. */
static void
note_act (gint64      agent,
          gint        d,
          gint        first,
          gint        last,
          gint        span_from,
          gint        span_to,
          GHashTable *in,
          GHashTable *out_of)
{
  if (agent <= 0)
    return;
  if (d >= first && d <= last)
    g_hash_table_add (in, g_memdup2 (&agent, sizeof agent));
  else if (d >= span_from && d < span_to)
    g_hash_table_add (out_of, g_memdup2 (&agent, sizeof agent));
}

static GArray *
sorted_ids (GHashTable *set,
            GHashTable *but_not)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, set);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (but_not == NULL || !g_hash_table_contains (but_not, key))
      g_array_append_val (ids, *(gint64 *) key);
  g_array_sort (ids, compare_id);
  return ids;
}

gboolean
kz_impact_coached_from_plans (KzStore            *store,
                              const char         *rubric_id,
                              const char         *criterion_id,
                              const GDate        *date,
                              const KzImpactPlan *plan,
                              GArray             *coached,
                              GArray             *excluded,
                              GError            **error)
{
  g_autoptr(GHashTable) in = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GHashTable) out_of = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GDateTime) day = NULL;
  g_autoptr(GDateTime) from = NULL;
  g_autoptr(GDateTime) to = NULL;
  g_autoptr(GPtrArray) plans = NULL;
  g_autoptr(GArray) found_in = NULL;
  g_autoptr(GArray) found_out = NULL;
  gint d0, first, last, span_from, span_to;

  g_return_val_if_fail (KZ_IS_STORE (store), FALSE);
  g_return_val_if_fail (rubric_id != NULL && criterion_id != NULL && date != NULL && plan != NULL, FALSE);
  g_return_val_if_fail (coached != NULL, FALSE);

  d0 = kz_impact_day_of_date (date);
  first = d0;
  last = d0 + MAX ((gint) plan->gap_days, 1) - 1;
  span_from = d0 - (gint) plan->window_days;
  span_to = d0 + (gint) (plan->gap_days + plan->window_days);   /* exclusive */

  /* Training occurrences are read a day more either side; days are told
   * apart in local time. */
  day = g_date_time_new_local (g_date_get_year (date), g_date_get_month (date), g_date_get_day (date), 0, 0, 0);
  from = g_date_time_add_days (day, -(gint) plan->window_days - 1);
  to = g_date_time_add_days (day, (gint) (plan->gap_days + plan->window_days) + 1);
  plans = kz_store_list_plans (store, 0, error);
  if (plans == NULL)
    return FALSE;

  for (guint i = 0; i < plans->len; i++)
    {
      const KzPlan *p = plans->pdata[i];

      if (p->state != KZ_PLAN_DONE || !plan_addresses (p, rubric_id, criterion_id))
        continue;
      if (p->kind == KZ_PLAN_COACHING || p->kind == KZ_PLAN_ELEARNING)
        {
          /* A session took place at its start (else when it was marked
           * done); an assignment when it was completed. */
          GDateTime *when = p->kind == KZ_PLAN_COACHING && p->starts_at != NULL ? p->starts_at : p->completed_at;

          if (when != NULL)
            note_act (p->agent_id, day_of_unix (g_date_time_to_unix (when)), first, last, span_from, span_to,
                      in, out_of);
        }
      else if (p->kind == KZ_PLAN_TRAINING)
        {
          g_autoptr(GError) local_error = NULL;
          g_autoptr(GPtrArray) occurrences = kz_plan_occurrences (p, from, to, &local_error);

          if (occurrences == NULL)
            {
              /* A zone or recurrence that cannot be read: its first start. */
              g_debug ("training %" G_GINT64_FORMAT ": %s", p->id, local_error->message);
              occurrences = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_plan_occurrence_free);
              if (p->starts_at != NULL)
                {
                  KzPlanOccurrence *o = g_new0 (KzPlanOccurrence, 1);
                  o->start = g_date_time_ref (p->starts_at);
                  g_ptr_array_add (occurrences, o);
                }
            }
          for (guint k = 0; k < occurrences->len; k++)
            {
              const KzPlanOccurrence *o = occurrences->pdata[k];
              gint d = day_of_unix (g_date_time_to_unix (o->start));

              for (guint j = 0; j < p->attendees->len; j++)
                {
                  const KzAttendee *a = p->attendees->pdata[j];

                  if (a->attendance != KZ_ATTENDANCE_ABSENT)
                    note_act (a->person_id, d, first, last, span_from, span_to, in, out_of);
                }
            }
        }
    }
  found_in = sorted_ids (in, NULL);
  found_out = sorted_ids (out_of, in);
  g_array_append_vals (coached, found_in->data, found_in->len);
  if (excluded != NULL)
    g_array_append_vals (excluded, found_out->data, found_out->len);
  return TRUE;
}

gboolean
kz_impact_for_criterion_excluding (KzStore            *store,
                                   const char         *rubric_id,
                                   const char         *criterion_id,
                                   const GDate        *date,
                                   const KzImpactPlan *plan,
                                   GArray             *coached,
                                   GArray             *excluded,
                                   KzImpact           *out,
                                   GError            **error)
{
  g_autoptr(GHashTable) excluded_set = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GHashTable) versions = g_hash_table_new_full (NULL, NULL, NULL, free_rubric);
  g_autoptr(GHashTable) agents = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GHashTable) coached_set = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_impact_agent_free);
  g_autoptr(KzRubric) latest = NULL;
  g_autoptr(GArray) answers = NULL;
  g_autoptr(GDateTime) from = NULL;
  g_autoptr(GDateTime) to = NULL;
  KzImpactPlan p = *plan;

  g_return_val_if_fail (KZ_IS_STORE (store), FALSE);
  g_return_val_if_fail (rubric_id != NULL && criterion_id != NULL && date != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  latest = kz_store_get_rubric (store, rubric_id, 0, error);
  if (latest == NULL)
    return FALSE;
  if (kz_rubric_find_criterion (latest, criterion_id) == NULL)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_NOT_FOUND, _("Rubric “%s” has no criterion “%s”"), rubric_id,
                   criterion_id);
      return FALSE;
    }

  p.coaching_day = kz_impact_day_of_date (date);
  /* The pre window starts W days before; the post window ends G + W days
   * after.  A day either side for time zones: the windows cut by day. */
  {
    g_autoptr(GDateTime) day = g_date_time_new_local (g_date_get_year (date), g_date_get_month (date),
                                                      g_date_get_day (date), 0, 0, 0);

    from = g_date_time_add_days (day, -(gint) p.window_days - 1);
    to = g_date_time_add_days (day, (gint) (p.gap_days + p.window_days) + 1);
  }
  answers = kz_store_criterion_answers (store, rubric_id, criterion_id, from, to, error);
  if (answers == NULL)
    return FALSE;

  for (guint i = 0; coached != NULL && i < coached->len; i++)
    g_hash_table_add (coached_set, &g_array_index (coached, gint64, i));
  for (guint i = 0; excluded != NULL && i < excluded->len; i++)
    g_hash_table_add (excluded_set, &g_array_index (excluded, gint64, i));

  for (guint i = 0; i < answers->len; i++)
    {
      KzCriterionAnswer *a = &g_array_index (answers, KzCriterionAnswer, i);
      KzRubric *version;
      const KzCriterion *c;
      KzImpactAgent *agent;

      if (a->is_na || g_hash_table_contains (excluded_set, &a->agent_id))
        continue;
      version = g_hash_table_lookup (versions, GINT_TO_POINTER (a->rubric_version));
      if (version == NULL)
        {
          version = kz_store_get_rubric (store, rubric_id, a->rubric_version, error);
          if (version == NULL)
            return FALSE;
          g_hash_table_insert (versions, GINT_TO_POINTER (a->rubric_version), version);
        }
      c = kz_rubric_find_criterion (version, criterion_id);
      if (c == NULL)
        continue;
      agent = g_hash_table_lookup (agents, &a->agent_id);
      if (agent == NULL)
        {
          agent = kz_impact_agent_new (a->agent_id, g_hash_table_contains (coached_set, &a->agent_id));
          g_hash_table_insert (agents, &agent->agent_id, agent);
          g_ptr_array_add (list, agent);
        }
      kz_impact_agent_add (agent, day_of_unix (a->created_at), 100.0 * kz_criterion_normalise (c, a->value));
    }

  kz_impact_compute (list, &p, out);
  return TRUE;
}

char *
kz_impact_find_rubric (KzStore     *store,
                       const char  *criterion_id,
                       GError     **error)
{
  g_autoptr(GPtrArray) infos = kz_store_list_rubrics (store, error);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_free);

  if (infos == NULL)
    return NULL;
  for (guint i = 0; i < infos->len; i++)
    {
      const KzRubricInfo *info = g_ptr_array_index (infos, i);
      g_autoptr(KzRubric) latest = NULL;

      if (!g_hash_table_add (seen, g_strdup (info->id)))
        continue;
      latest = kz_store_get_rubric (store, info->id, 0, error);
      if (latest == NULL)
        return NULL;
      if (kz_rubric_find_criterion (latest, criterion_id) != NULL)
        g_ptr_array_add (found, g_strdup (info->id));
    }
  if (found->len == 0)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_NOT_FOUND, _("No rubric has a criterion “%s”"), criterion_id);
      return NULL;
    }
  if (found->len > 1)
    {
      g_ptr_array_add (found, NULL);
      g_autofree char *names = g_strjoinv (", ", (char **) found->pdata);
      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT,
                   _("Criterion “%s” is in several rubrics (%s): name one with --rubric"), criterion_id, names);
      return NULL;
    }
  return g_strdup (g_ptr_array_index (found, 0));
}
