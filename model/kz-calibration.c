/* kz-calibration.c — calibration results and reviewer leniency
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kz-calibration"

#include "config.h"

#include <math.h>
#include <stdlib.h>

#include "kz-calibration.h"

KzAlphaMetric
kz_calibration_metric_for (const KzCriterion *criterion)
{
  g_return_val_if_fail (criterion != NULL, KZ_ALPHA_NOMINAL);
  return criterion->scale->kind == KZ_SCALE_KIND_ORDINAL ? KZ_ALPHA_ORDINAL : KZ_ALPHA_NOMINAL;
}

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static guint
index_of (GArray *ids,
          gint64  id)
{
  for (guint i = 0; i < ids->len; i++)
    if (g_array_index (ids, gint64, i) == id)
      return i;
  return G_MAXUINT;
}

static void
add_unique (GArray *ids,
            gint64  id)
{
  if (index_of (ids, id) == G_MAXUINT)
    g_array_append_val (ids, id);
}

/* The answer's value when it is one, NAN for N/A or unanswered. */
static double
answer_value (KzAnswerSet *answers,
              const char  *criterion_id)
{
  const KzAnswer *a = answers != NULL ? kz_answer_set_get (answers, criterion_id) : NULL;

  return a != NULL && a->kind == KZ_ANSWER_VALUE ? a->value : NAN;
}

static const KzCalibrationRating *
rating_of (GPtrArray *ratings,
           gint64     unit,
           gint64     reviewer)
{
  const KzCalibrationRating *found = NULL;

  for (guint i = 0; i < ratings->len; i++)
    {
      const KzCalibrationRating *r = g_ptr_array_index (ratings, i);

      if (r->unit_id == unit && r->reviewer_id == reviewer)
        found = r;
    }
  return found;
}

KzCalibrationResult *
kz_calibration_compute (KzRubric  *rubric,
                        GPtrArray *ratings,
                        gint64     reference_id)
{
  g_autoptr(GArray) units = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) reviewers = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree double *matrix = NULL;
  g_autofree double *consensus = NULL;
  KzCalibrationResult *result;
  GPtrArray *sections;
  guint nu, nr;

  g_return_val_if_fail (rubric != NULL && ratings != NULL, NULL);

  for (guint i = 0; i < ratings->len; i++)
    {
      const KzCalibrationRating *r = g_ptr_array_index (ratings, i);

      add_unique (units, r->unit_id);
      add_unique (reviewers, r->reviewer_id);
    }
  g_array_sort (reviewers, compare_ids);
  nu = units->len;
  nr = reviewers->len;
  matrix = g_new (double, MAX (nu * nr, 1));

  result = g_new0 (KzCalibrationResult, 1);
  result->criteria = g_ptr_array_new_with_free_func (g_free);
  result->reviewers = g_ptr_array_new_with_free_func (g_free);

  /* α per criterion: units × reviewers, N/A and unanswered missing. */
  sections = kz_rubric_get_sections (rubric);
  for (guint s = 0; s < sections->len; s++)
    {
      const KzSection *section = g_ptr_array_index (sections, s);

      for (guint c = 0; c < section->criteria->len; c++)
        {
          const KzCriterion *criterion = g_ptr_array_index (section->criteria, c);
          KzCriterionAgreement *ca = g_new0 (KzCriterionAgreement, 1);

          for (guint u = 0; u < nu; u++)
            for (guint v = 0; v < nr; v++)
              {
                const KzCalibrationRating *r = rating_of (ratings, g_array_index (units, gint64, u),
                                                          g_array_index (reviewers, gint64, v));

                matrix[u * nr + v] = r != NULL ? answer_value (r->answers, criterion->id) : NAN;
              }
          ca->criterion = criterion;
          ca->metric = kz_calibration_metric_for (criterion);
          kz_krippendorff_alpha (matrix, nu, nr, ca->metric, &ca->agreement);
          g_ptr_array_add (result->criteria, ca);
        }
    }

  /* The final score, interval; and each unit's consensus (mean F). */
  consensus = g_new0 (double, MAX (nu, 1));
  for (guint u = 0; u < nu; u++)
    {
      double sum = 0;
      guint n = 0;

      for (guint v = 0; v < nr; v++)
        {
          const KzCalibrationRating *r = rating_of (ratings, g_array_index (units, gint64, u),
                                                    g_array_index (reviewers, gint64, v));

          matrix[u * nr + v] = r != NULL && r->has_score ? r->final : NAN;
          if (r != NULL && r->has_score)
            {
              sum += r->final;
              n++;
            }
        }
      consensus[u] = n >= 2 ? sum / n : NAN;
    }
  kz_krippendorff_alpha (matrix, nu, nr, KZ_ALPHA_INTERVAL, &result->total);

  /* Each reviewer: alignment with the reference, signed bias. */
  for (guint v = 0; v < nr; v++)
    {
      gint64 reviewer = g_array_index (reviewers, gint64, v);
      KzReviewerAlignment *ra = g_new0 (KzReviewerAlignment, 1);
      double wsum = 0, asum = 0, bsum = 0;
      guint nb = 0;

      ra->reviewer_id = reviewer;
      for (guint u = 0; u < nu; u++)
        {
          gint64 unit = g_array_index (units, gint64, u);
          const KzCalibrationRating *mine = rating_of (ratings, unit, reviewer);
          const KzCalibrationRating *ref;

          if (mine == NULL)
            continue;
          ra->n_units++;
          if (mine->has_score && !isnan (consensus[u]))
            {
              bsum += mine->final - consensus[u];
              nb++;
            }
          if (reference_id == 0 || reviewer == reference_id ||
              (ref = rating_of (ratings, unit, reference_id)) == NULL)
            continue;
          for (guint i = 0; i < result->criteria->len; i++)
            {
              const KzCriterion *criterion = ((KzCriterionAgreement *) g_ptr_array_index (result->criteria, i))->criterion;
              double a = answer_value (mine->answers, criterion->id);
              double b = answer_value (ref->answers, criterion->id);
              double range = kz_scale_get_max (criterion->scale) - kz_scale_get_min (criterion->scale);

              if (isnan (a) || isnan (b) || range <= 0)
                continue;
              asum += criterion->weight * (1.0 - fabs (a - b) / range);
              wsum += criterion->weight;
            }
        }
      if (wsum > 0)
        {
          ra->has_alignment = TRUE;
          ra->alignment = asum / wsum;
        }
      if (nb > 0)
        {
          ra->has_bias = TRUE;
          ra->bias = bsum / nb;
        }
      g_ptr_array_add (result->reviewers, ra);
    }
  return result;
}

void
kz_calibration_result_free (KzCalibrationResult *self)
{
  if (self == NULL)
    return;
  g_ptr_array_unref (self->criteria);
  g_ptr_array_unref (self->reviewers);
  g_free (self);
}

static int
compare_alpha (gconstpointer a,
               gconstpointer b)
{
  const KzCriterionAgreement *x = *(KzCriterionAgreement * const *) a;
  const KzCriterionAgreement *y = *(KzCriterionAgreement * const *) b;

  return x->agreement.alpha < y->agreement.alpha ? -1 : x->agreement.alpha > y->agreement.alpha;
}

GPtrArray *
kz_calibration_most_disputed (const KzCalibrationResult *result)
{
  GPtrArray *out;

  g_return_val_if_fail (result != NULL, NULL);

  out = g_ptr_array_new ();
  for (guint i = 0; i < result->criteria->len; i++)
    {
      KzCriterionAgreement *ca = g_ptr_array_index (result->criteria, i);

      if (ca->agreement.defined)
        g_ptr_array_add (out, ca);
    }
  g_ptr_array_sort (out, compare_alpha);
  return out;
}

/* ---- leniency ----------------------------------------------------------------- */

GPtrArray *
kz_reviewer_leniency (GPtrArray *evaluations)
{
  g_autoptr(GArray) sums = g_array_new (FALSE, TRUE, sizeof (KzScoreSum));
  g_autoptr(GHashTable) index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_return_val_if_fail (evaluations != NULL, NULL);

  for (guint i = 0; i < evaluations->len; i++)
    {
      const KzScoredEvaluation *e = g_ptr_array_index (evaluations, i);
      g_autofree char *key = g_strdup_printf ("%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT, e->reviewer_id, e->agent_id);
      gpointer at;
      KzScoreSum *sum;

      if (g_hash_table_lookup_extended (index, key, NULL, &at))
        sum = &g_array_index (sums, KzScoreSum, GPOINTER_TO_UINT (at));
      else
        {
          KzScoreSum fresh = { e->reviewer_id, e->agent_id, 0, 0 };

          g_hash_table_insert (index, g_steal_pointer (&key), GUINT_TO_POINTER (sums->len));
          g_array_append_val (sums, fresh);
          sum = &g_array_index (sums, KzScoreSum, sums->len - 1);
        }
      sum->sum += e->final;
      sum->n++;
    }
  return kz_reviewer_leniency_from_sums ((const KzScoreSum *) sums->data, sums->len);
}

GPtrArray *
kz_reviewer_leniency_from_sums (const KzScoreSum *sums,
                                guint             n_sums)
{
  g_autoptr(GArray) agents = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) reviewers = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) agent_sum = NULL;
  g_autoptr(GArray) agent_n = NULL;
  GPtrArray *out;

  g_return_val_if_fail (sums != NULL || n_sums == 0, NULL);

  for (guint i = 0; i < n_sums; i++)
    {
      add_unique (agents, sums[i].agent_id);
      add_unique (reviewers, sums[i].reviewer_id);
    }
  g_array_sort (reviewers, compare_ids);

  /* Every agent's total over all their reviewers. */
  agent_sum = g_array_sized_new (FALSE, TRUE, sizeof (double), agents->len);
  agent_n = g_array_sized_new (FALSE, TRUE, sizeof (guint), agents->len);
  g_array_set_size (agent_sum, agents->len);
  g_array_set_size (agent_n, agents->len);
  for (guint i = 0; i < n_sums; i++)
    for (guint a = 0; a < agents->len; a++)
      if (g_array_index (agents, gint64, a) == sums[i].agent_id)
        {
          g_array_index (agent_sum, double, a) += sums[i].sum;
          g_array_index (agent_n, guint, a) += sums[i].n;
          break;
        }

  out = g_ptr_array_new_with_free_func (g_free);
  for (guint v = 0; v < reviewers->len; v++)
    {
      gint64 reviewer = g_array_index (reviewers, gint64, v);
      g_autoptr(GArray) diffs = g_array_new (FALSE, FALSE, sizeof (double));
      KzLeniency *l = g_new0 (KzLeniency, 1);

      l->reviewer_id = reviewer;
      for (guint a = 0; a < agents->len; a++)
        {
          gint64 agent = g_array_index (agents, gint64, a);
          double own = 0, peers, diff;
          guint n_own = 0, n_peers;

          for (guint i = 0; i < n_sums; i++)
            if (sums[i].agent_id == agent && sums[i].reviewer_id == reviewer)
              {
                own += sums[i].sum;
                n_own += sums[i].n;
              }
          n_peers = g_array_index (agent_n, guint, a) - n_own;
          if (n_own == 0 || n_peers == 0)
            continue;
          peers = g_array_index (agent_sum, double, a) - own;
          diff = own / n_own - peers / n_peers;
          g_array_append_val (diffs, diff);
          l->n_evaluations += n_own;
          l->n_agents++;
        }
      if (l->n_agents == 0)
        {
          g_free (l);
          continue;
        }
      kz_mean_interval ((double *) diffs->data, diffs->len, &l->interval);
      l->leniency = l->interval.mean;
      g_ptr_array_add (out, l);
    }
  return out;
}
