/* kz-sampling.c — stratified sampling with quotas, balanced assignment
 *
 * Strata are agents (and channels when asked).  Within a stratum every
 * candidate is equally likely: a Fisher–Yates shuffle driven by a GRand
 * seeded from the plan takes the first N.  Assignment gives each sampled
 * interaction to the eligible reviewer with the shortest open queue
 * (counting what this run already gave), ties to the lowest id — so
 * queues come out level and the result is the same on every run.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kz-sampling"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kz-error.h"
#include "kz-sampling.h"

static int
compare_by_id (gconstpointer a,
               gconstpointer b)
{
  const KzInteractionSummary *x = *(KzInteractionSummary * const *) a;
  const KzInteractionSummary *y = *(KzInteractionSummary * const *) b;

  return (x->id > y->id) - (x->id < y->id);
}

static char *
stratum_key (const KzInteractionSummary *s,
             gboolean                    per_channel)
{
  return per_channel ? g_strdup_printf ("%" G_GINT64_FORMAT "/%d", s->agent_id, s->channel)
                     : g_strdup_printf ("%" G_GINT64_FORMAT, s->agent_id);
}

gboolean
kz_sample_and_assign (KzStore             *store,
                      const KzSamplePlan  *plan,
                      KzSampleResult      *result,
                      GError             **error)
{
  KzInteractionQuery q = { .any_channel = TRUE, .reviewed = KZ_REVIEWED_NO, .unassigned_only = TRUE };
  g_autoptr(GPtrArray) candidates = NULL;
  g_autoptr(GHashTable) strata = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                        (GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) sample = g_ptr_array_new ();
  g_autoptr(GArray) load = NULL;
  g_autoptr(GRand) rand = NULL;
  KzSampleResult local = { 0 };
  gint64 total;

  g_return_val_if_fail (KZ_IS_STORE (store), FALSE);
  g_return_val_if_fail (plan != NULL && plan->from != NULL && plan->to != NULL, FALSE);

  if (plan->reviewers == NULL || plan->reviewers->len == 0)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT, _("Choose at least one reviewer"));
      return FALSE;
    }
  if (plan->per_agent == 0)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT, _("The quota must be at least one interaction an agent"));
      return FALSE;
    }

  q.from = plan->from;
  q.to = plan->to;
  total = kz_store_count_interactions (store, &q, error);
  if (total < 0 || (candidates = kz_store_search_interactions (store, &q, 0, (guint) total, error)) == NULL)
    return FALSE;
  local.n_candidates = candidates->len;

  /* Ids first, so the shuffle starts from the same order on every backend. */
  g_ptr_array_sort (candidates, compare_by_id);
  for (guint i = 0; i < candidates->len; i++)
    {
      KzInteractionSummary *s = g_ptr_array_index (candidates, i);
      g_autofree char *key = NULL;
      GPtrArray *stratum;

      if (s->agent_id == 0)
        continue;   /* nobody to coach from it */
      key = stratum_key (s, plan->per_channel);
      stratum = g_hash_table_lookup (strata, key);
      if (stratum == NULL)
        {
          stratum = g_ptr_array_new ();
          g_ptr_array_add (keys, g_strdup (key));
          g_hash_table_insert (strata, g_steal_pointer (&key), stratum);
        }
      g_ptr_array_add (stratum, s);
    }

  rand = g_rand_new_with_seed (plan->seed);
  for (guint k = 0; k < keys->len; k++)
    {
      GPtrArray *stratum = g_hash_table_lookup (strata, g_ptr_array_index (keys, k));
      guint take = MIN (plan->per_agent, stratum->len);

      /* The first `take` places of a Fisher–Yates shuffle. */
      for (guint i = 0; i < take; i++)
        {
          guint j = (guint) g_rand_int_range (rand, (gint32) i, (gint32) stratum->len);
          gpointer t = stratum->pdata[i];

          stratum->pdata[i] = stratum->pdata[j];
          stratum->pdata[j] = t;
          g_ptr_array_add (sample, stratum->pdata[i]);
        }
      if (stratum->len < plan->per_agent)
        local.n_short++;
    }

  /* Open queues now: assigned and not yet reviewed. */
  load = g_array_sized_new (FALSE, TRUE, sizeof (gint64), plan->reviewers->len);
  for (guint r = 0; r < plan->reviewers->len; r++)
    {
      KzInteractionQuery open = { .any_channel = TRUE, .reviewed = KZ_REVIEWED_NO,
                                  .assigned_to = g_array_index (plan->reviewers, gint64, r) };
      gint64 n = kz_store_count_interactions (store, &open, error);

      if (n < 0)
        return FALSE;
      g_array_append_val (load, n);
    }

  if (!kz_store_begin (store, error))
    return FALSE;
  for (guint i = 0; i < sample->len; i++)
    {
      KzInteractionSummary *s = g_ptr_array_index (sample, i);
      gint best = -1;

      for (guint r = 0; r < plan->reviewers->len; r++)
        {
          gint64 reviewer = g_array_index (plan->reviewers, gint64, r);

          if (reviewer == s->agent_id)
            continue;   /* nobody reviews their own work */
          if (best < 0 || g_array_index (load, gint64, r) < g_array_index (load, gint64, best) ||
              (g_array_index (load, gint64, r) == g_array_index (load, gint64, best) &&
               reviewer < g_array_index (plan->reviewers, gint64, best)))
            best = (gint) r;
        }
      if (best < 0)
        continue;
      if (!kz_store_assign (store, s->id, g_array_index (plan->reviewers, gint64, best), error))
        {
          kz_store_rollback (store);
          return FALSE;
        }
      g_array_index (load, gint64, best)++;
      local.n_sampled++;
    }
  if (!kz_store_commit (store, error))
    return FALSE;

  if (result != NULL)
    *result = local;
  return TRUE;
}

/* ---- coverage: the totals line and shares -------------------------------- */

void
kz_coverage_totals (GPtrArray  *rows,
                    KzCoverage *total)
{
  g_return_if_fail (total != NULL);

  memset (total, 0, sizeof *total);
  if (rows == NULL)
    return;
  for (guint i = 0; i < rows->len; i++)
    {
      const KzCoverage *c = g_ptr_array_index (rows, i);

      total->n_interactions += c->n_interactions;
      total->n_sampled += c->n_sampled;
      total->n_reviewed += c->n_reviewed;
    }
}

gboolean
kz_coverage_percent (guint   part,
                     guint   whole,
                     double *percent)
{
  double value = whole > 0 ? 100.0 * (double) part / (double) whole : 0.0;

  if (percent != NULL)
    *percent = value;
  return whole > 0;
}

char *
kz_coverage_format_percent (guint part,
                            guint whole)
{
  double value;

  if (!kz_coverage_percent (part, whole, &value))
    return g_strdup ("—");
  /* Translators: a share, e.g. 33.3% */
  return g_strdup_printf (_("%.1f%%"), value);
}
