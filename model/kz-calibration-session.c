/* kz-calibration-session.c — calibration sessions, their results and the
 * trends over many sessions, on kz-calibration.c's functions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kz-calibration-session"

#include "config.h"

#include <math.h>
#include <string.h>

#include "kz-calibration-session.h"

KzCalibrationSession *
kz_calibration_session_new (void)
{
  KzCalibrationSession *self = g_new0 (KzCalibrationSession, 1);

  self->reviewer_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->interaction_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  return self;
}

void
kz_calibration_session_free (KzCalibrationSession *self)
{
  if (self == NULL)
    return;
  g_free (self->title);
  g_free (self->rubric_id);
  g_clear_pointer (&self->created_at, g_date_time_unref);
  g_clear_pointer (&self->closed_at, g_date_time_unref);
  g_clear_pointer (&self->reviewer_ids, g_array_unref);
  g_clear_pointer (&self->interaction_ids, g_array_unref);
  g_free (self);
}

gboolean
kz_calibration_session_is_open (const KzCalibrationSession *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->closed_at == NULL;
}

static gboolean
array_has (GArray *ids,
           gint64  id)
{
  for (guint i = 0; ids != NULL && i < ids->len; i++)
    if (g_array_index (ids, gint64, i) == id)
      return TRUE;
  return FALSE;
}

gboolean
kz_calibration_session_has_reviewer (const KzCalibrationSession *self,
                                     gint64                      person_id)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return array_has (self->reviewer_ids, person_id);
}

gboolean
kz_calibration_session_has_interaction (const KzCalibrationSession *self,
                                        gint64                      interaction_id)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return array_has (self->interaction_ids, interaction_id);
}

KzCalibrationReport *
kz_calibration_report_new (KzCalibrationSession *session,
                           KzRubric             *rubric,
                           GPtrArray            *evaluations)
{
  KzCalibrationReport *self;

  g_return_val_if_fail (session != NULL && rubric != NULL && evaluations != NULL, NULL);

  self = g_new0 (KzCalibrationReport, 1);
  self->session = session;
  self->rubric = kz_rubric_ref (rubric);
  self->evaluations = evaluations;
  self->ratings = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < evaluations->len; i++)
    {
      KzEvaluation *ev = g_ptr_array_index (evaluations, i);
      KzCalibrationRating *r = g_new0 (KzCalibrationRating, 1);

      r->unit_id = ev->interaction_id;
      r->reviewer_id = ev->reviewer_id;
      r->answers = ev->answers;
      r->has_score = ev->has_score;
      r->final = ev->final;
      g_ptr_array_add (self->ratings, r);
    }
  self->result = kz_calibration_compute (rubric, self->ratings, session->lead_id);
  return self;
}

void
kz_calibration_report_free (KzCalibrationReport *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->result, kz_calibration_result_free);
  g_clear_pointer (&self->ratings, g_ptr_array_unref);
  g_clear_pointer (&self->evaluations, g_ptr_array_unref);
  g_clear_pointer (&self->rubric, kz_rubric_unref);
  g_clear_pointer (&self->session, kz_calibration_session_free);
  g_free (self);
}

/* ---- trends ------------------------------------------------------------------ */

static void
bias_point_free (KzBiasPoint *p)
{
  g_clear_pointer (&p->closed_at, g_date_time_unref);
  g_free (p);
}

static void
criterion_trend_free (KzCriterionTrend *t)
{
  g_free (t->rubric_id);
  g_free (t->criterion_id);
  g_free (t->title);
  g_free (t);
}

static int
compare_points (gconstpointer a,
                gconstpointer b)
{
  const KzBiasPoint *x = *(KzBiasPoint * const *) a;
  const KzBiasPoint *y = *(KzBiasPoint * const *) b;
  int c;

  if (x->reviewer_id != y->reviewer_id)
    return x->reviewer_id < y->reviewer_id ? -1 : 1;
  c = g_date_time_compare (x->closed_at, y->closed_at);
  if (c != 0)
    return c;
  return x->session_id < y->session_id ? -1 : x->session_id > y->session_id;
}

static int
compare_trends (gconstpointer a,
                gconstpointer b)
{
  const KzCriterionTrend *x = *(KzCriterionTrend * const *) a;
  const KzCriterionTrend *y = *(KzCriterionTrend * const *) b;
  int c;

  if (x->agreement.alpha != y->agreement.alpha)
    return x->agreement.alpha < y->agreement.alpha ? -1 : 1;
  c = g_strcmp0 (x->rubric_id, y->rubric_id);
  return c != 0 ? c : g_strcmp0 (x->criterion_id, y->criterion_id);
}

/* Each reviewer's points in time order: the mean bias and the slope of a
 * least-squares line through (days ÷ 30, bias). */
static void
add_drift (KzCalibrationTrends *self)
{
  for (guint i = 0; i < self->points->len;)
    {
      const KzBiasPoint *first = g_ptr_array_index (self->points, i);
      KzReviewerDrift *d = g_new0 (KzReviewerDrift, 1);
      double sum_t = 0, sum_b = 0, sxx = 0, sxy = 0;
      guint j;

      d->reviewer_id = first->reviewer_id;
      for (j = i; j < self->points->len; j++)
        {
          const KzBiasPoint *p = g_ptr_array_index (self->points, j);

          if (p->reviewer_id != d->reviewer_id)
            break;
          if (!p->has_bias)
            continue;
          sum_t += (double) (g_date_time_to_unix (p->closed_at) - g_date_time_to_unix (first->closed_at)) / (30 * 86400.0);
          sum_b += p->bias;
          d->n_sessions++;
        }
      if (d->n_sessions > 0)
        {
          double mean_t = sum_t / d->n_sessions;

          d->mean_bias = sum_b / d->n_sessions;
          for (guint k = i; k < j; k++)
            {
              const KzBiasPoint *p = g_ptr_array_index (self->points, k);
              double t;

              if (!p->has_bias)
                continue;
              t = (double) (g_date_time_to_unix (p->closed_at) - g_date_time_to_unix (first->closed_at)) / (30 * 86400.0);
              sxx += (t - mean_t) * (t - mean_t);
              sxy += (t - mean_t) * (p->bias - d->mean_bias);
            }
          if (d->n_sessions >= 2 && sxx > 0)
            {
              d->has_drift = TRUE;
              d->drift = sxy / sxx;
            }
        }
      g_ptr_array_add (self->drift, d);
      i = j;
    }
}

/* The sessions of one rubric, pooled: every (session, interaction) a unit
 * of its own, scored on the newest version's criteria. */
static void
add_criteria (KzCalibrationTrends *self,
              GPtrArray           *reports,
              const char          *rubric_id)
{
  g_autoptr(GPtrArray) ratings = g_ptr_array_new_with_free_func (g_free);
  KzRubric *newest = NULL;
  KzCalibrationResult *result;
  guint n_sessions = 0;
  gint64 unit = 0;

  for (guint r = 0; r < reports->len; r++)
    {
      KzCalibrationReport *report = g_ptr_array_index (reports, r);
      g_autoptr(GHashTable) units = NULL;

      if (g_strcmp0 (kz_rubric_get_id (report->rubric), rubric_id) != 0)
        continue;
      n_sessions++;
      if (newest == NULL || kz_rubric_get_version (report->rubric) > kz_rubric_get_version (newest))
        newest = report->rubric;
      units = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
      for (guint i = 0; i < report->ratings->len; i++)
        {
          const KzCalibrationRating *in = g_ptr_array_index (report->ratings, i);
          KzCalibrationRating *out = g_new (KzCalibrationRating, 1);
          gint64 *id = g_hash_table_lookup (units, &in->unit_id);

          if (id == NULL)
            {
              id = g_memdup2 (&(gint64) { ++unit }, sizeof (gint64));
              g_hash_table_insert (units, g_memdup2 (&in->unit_id, sizeof in->unit_id), id);
            }
          *out = *in;
          out->unit_id = *id;
          g_ptr_array_add (ratings, out);
        }
    }
  if (newest == NULL)
    return;

  result = kz_calibration_compute (newest, ratings, 0);
  for (guint i = 0; i < result->criteria->len; i++)
    {
      const KzCriterionAgreement *ca = g_ptr_array_index (result->criteria, i);
      KzCriterionTrend *t;

      if (!ca->agreement.defined)
        continue;
      t = g_new0 (KzCriterionTrend, 1);
      t->rubric_id = g_strdup (rubric_id);
      t->criterion_id = g_strdup (ca->criterion->id);
      t->title = g_strdup (ca->criterion->title);
      t->metric = ca->metric;
      t->agreement = ca->agreement;
      t->n_sessions = n_sessions;
      g_ptr_array_add (self->criteria, t);
    }
  kz_calibration_result_free (result);
}

KzCalibrationTrends *
kz_calibration_trends_compute (GPtrArray *reports)
{
  g_autoptr(GHashTable) rubric_ids = g_hash_table_new (g_str_hash, g_str_equal);
  KzCalibrationTrends *self;

  g_return_val_if_fail (reports != NULL, NULL);

  self = g_new0 (KzCalibrationTrends, 1);
  self->points = g_ptr_array_new_with_free_func ((GDestroyNotify) bias_point_free);
  self->drift = g_ptr_array_new_with_free_func (g_free);
  self->criteria = g_ptr_array_new_with_free_func ((GDestroyNotify) criterion_trend_free);
  self->n_sessions = reports->len;

  for (guint r = 0; r < reports->len; r++)
    {
      KzCalibrationReport *report = g_ptr_array_index (reports, r);

      g_return_val_if_fail (report->session->closed_at != NULL, self);
      g_hash_table_add (rubric_ids, (gpointer) kz_rubric_get_id (report->rubric));
      for (guint i = 0; i < report->result->reviewers->len; i++)
        {
          const KzReviewerAlignment *ra = g_ptr_array_index (report->result->reviewers, i);
          KzBiasPoint *p = g_new0 (KzBiasPoint, 1);

          p->reviewer_id = ra->reviewer_id;
          p->session_id = report->session->id;
          p->closed_at = g_date_time_ref (report->session->closed_at);
          p->n_units = ra->n_units;
          p->has_bias = ra->has_bias;
          p->bias = ra->bias;
          p->has_alignment = ra->has_alignment;
          p->alignment = ra->alignment;
          g_ptr_array_add (self->points, p);
        }
    }
  g_ptr_array_sort (self->points, compare_points);
  add_drift (self);

  {
    g_autoptr(GList) ids = g_list_sort (g_hash_table_get_keys (rubric_ids), (GCompareFunc) g_strcmp0);

    for (GList *l = ids; l != NULL; l = l->next)
      add_criteria (self, reports, l->data);
  }
  g_ptr_array_sort (self->criteria, compare_trends);
  return self;
}

void
kz_calibration_trends_free (KzCalibrationTrends *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->points, g_ptr_array_unref);
  g_clear_pointer (&self->drift, g_ptr_array_unref);
  g_clear_pointer (&self->criteria, g_ptr_array_unref);
  g_free (self);
}
