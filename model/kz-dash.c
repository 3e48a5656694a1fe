/* kz-dash.c — the criterion and reviewer pages' numbers and charts
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kz-dash"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdarg.h>

#include "kz-dash.h"

static void
add_cell (KzRollupCell       *to,
          const KzRollupCell *c)
{
  to->sum_v += c->sum_v;
  to->n_applicable += c->n_applicable;
  to->n_na += c->n_na;
  to->n_failed += c->n_failed;
}

static int
compare_week (gconstpointer a,
              gconstpointer b)
{
  const KzRollupCell *x = *(KzRollupCell * const *) a, *y = *(KzRollupCell * const *) b;
  return x->week < y->week ? -1 : x->week > y->week;
}

GPtrArray *
kz_dash_sum_by_week (GPtrArray *cells)
{
  g_autoptr(GHashTable) by = g_hash_table_new (g_direct_hash, g_direct_equal);
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_rollup_cell_free);

  g_return_val_if_fail (cells != NULL, out);
  for (guint i = 0; i < cells->len; i++)
    {
      KzRollupCell *c = g_ptr_array_index (cells, i);
      KzRollupCell *w = g_hash_table_lookup (by, GINT_TO_POINTER (c->week));

      if (w == NULL)
        {
          w = g_new0 (KzRollupCell, 1);
          w->owner_id = -1;
          w->week = c->week;
          w->criterion_id = g_strdup (c->criterion_id);
          g_hash_table_insert (by, GINT_TO_POINTER (c->week), w);
          g_ptr_array_add (out, w);
        }
      add_cell (w, c);
    }
  g_ptr_array_sort (out, compare_week);
  return out;
}

static int
compare_weakest (gconstpointer a,
                 gconstpointer b)
{
  const KzRollupCell *x = *(KzRollupCell * const *) a, *y = *(KzRollupCell * const *) b;
  double mx = kz_rollup_cell_mean (x), my = kz_rollup_cell_mean (y);

  if (isnan (mx) != isnan (my))
    return isnan (mx) ? 1 : -1;
  if (!isnan (mx) && mx != my)
    return mx < my ? -1 : 1;
  return x->owner_id < y->owner_id ? -1 : x->owner_id > y->owner_id;
}

GPtrArray *
kz_dash_sum_by_owner (GPtrArray *cells)
{
  g_autoptr(GHashTable) by = g_hash_table_new (g_int64_hash, g_int64_equal);
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_rollup_cell_free);

  g_return_val_if_fail (cells != NULL, out);
  for (guint i = 0; i < cells->len; i++)
    {
      KzRollupCell *c = g_ptr_array_index (cells, i);
      KzRollupCell *t = g_hash_table_lookup (by, &c->owner_id);

      if (t == NULL)
        {
          t = g_new0 (KzRollupCell, 1);
          t->owner_id = c->owner_id;
          t->criterion_id = g_strdup (c->criterion_id);
          g_hash_table_insert (by, &t->owner_id, t);
          g_ptr_array_add (out, t);
        }
      add_cell (t, c);
    }
  g_ptr_array_sort (out, compare_weakest);
  return out;
}

void
kz_dash_sum_all (GPtrArray    *cells,
                      KzRollupCell *total)
{
  g_return_if_fail (cells != NULL && total != NULL);
  *total = (KzRollupCell) { .owner_id = -1 };
  for (guint i = 0; i < cells->len; i++)
    add_cell (total, g_ptr_array_index (cells, i));
}

double
kz_dash_mean_score (const KzRollupCell *cell)
{
  return 100.0 * kz_rollup_cell_mean (cell);
}

gint64
kz_dash_n_answers (const KzRollupCell *cell,
                        gboolean            na_has_value)
{
  return na_has_value ? cell->n_applicable : cell->n_applicable + cell->n_na;
}

double
kz_dash_na_rate (const KzRollupCell *cell,
                      gboolean            na_has_value)
{
  gint64 n = kz_dash_n_answers (cell, na_has_value);

  return n > 0 ? 100.0 * (double) cell->n_na / (double) n : NAN;
}

gboolean
kz_dash_na_has_value (const KzCriterion *criterion)
{
  g_return_val_if_fail (criterion != NULL, FALSE);
  return criterion->na_policy == KZ_NA_PASS || criterion->na_policy == KZ_NA_FIXED;
}

static void
add_week_category (KzChartData *data,
                   int          week)
{
  g_autofree char *label = kz_rollup_week_to_string (week);
  kz_chart_data_add_category (data, label);
}

static KzChartData *
weeks_chart (KzChartKind  kind,
             KzChartUnit  unit,
             const char  *subject)
{
  KzChartData *data = kz_chart_data_new (kind, unit, subject);

  kz_chart_data_set_category_title (data, _("Week"));
  kz_chart_data_set_category_noun (data, _("week"), _("weeks"));
  kz_chart_data_set_ordered_categories (data, TRUE);
  return data;
}

static guint
clamp_n (gint64 n)
{
  return (guint) CLAMP (n, 0, G_MAXUINT);
}

KzChartData *
kz_dash_trend_chart (GPtrArray *weeks)
{
  KzChartData *data = weeks_chart (KZ_CHART_LINE, KZ_CHART_UNIT_SCORE, _("weekly average"));
  guint s = kz_chart_data_add_series (data, _("Average"));

  for (guint i = 0; i < weeks->len; i++)
    {
      KzRollupCell *w = g_ptr_array_index (weeks, i);

      add_week_category (data, w->week);
      kz_chart_data_set_value (data, s, i, kz_dash_mean_score (w), clamp_n (w->n_applicable));
    }
  return data;
}

KzChartData *
kz_dash_na_chart (GPtrArray *weeks,
                       gboolean   na_has_value)
{
  KzChartData *data = weeks_chart (KZ_CHART_LINE, KZ_CHART_UNIT_PERCENT, _("weekly N/A rate"));
  guint s = kz_chart_data_add_series (data, _("N/A rate"));

  for (guint i = 0; i < weeks->len; i++)
    {
      KzRollupCell *w = g_ptr_array_index (weeks, i);

      add_week_category (data, w->week);
      kz_chart_data_set_value (data, s, i, kz_dash_na_rate (w, na_has_value),
                               clamp_n (kz_dash_n_answers (w, na_has_value)));
    }
  return data;
}

KzChartData *
kz_dash_distribution_chart (GPtrArray         *counts,
                                 const KzCriterion *criterion)
{
  KzChartData *data = kz_chart_data_new (KZ_CHART_BAR, KZ_CHART_UNIT_COUNT, _("answers by scale point"));
  guint s = kz_chart_data_add_series (data, _("Answers"));

  kz_chart_data_set_category_title (data, _("Answer"));
  kz_chart_data_set_ordered_categories (data, TRUE);
  kz_chart_data_set_category_noun (data, _("answer"), _("answers"));
  for (guint i = 0; i < counts->len; i++)
    {
      KzAnswerCount *c = g_ptr_array_index (counts, i);
      g_autofree char *label = NULL;
      guint k;

      if (c->is_na)
        label = g_strdup (_("N/A"));
      else
        {
          const char *name = NULL;

          for (guint p = 0; criterion && p < criterion->scale->points->len; p++)
            {
              KzScalePoint *pt = g_ptr_array_index (criterion->scale->points, p);
              if (fabs (pt->value - c->value) < 1e-9)
                name = pt->label;
            }
          label = name ? g_strdup_printf ("%g · %s", c->value, name) : g_strdup_printf ("%g", c->value);
        }
      k = kz_chart_data_add_category (data, label);
      kz_chart_data_set_value (data, s, k, (double) c->n, 0);
    }
  return data;
}

KzChartData *
kz_dash_team_chart (GPtrArray  *teams,
                         GHashTable *names)
{
  KzChartData *data = kz_chart_data_new (KZ_CHART_BAR, KZ_CHART_UNIT_SCORE, _("average by team, weakest first"));
  guint s = kz_chart_data_add_series (data, _("Average"));

  kz_chart_data_set_category_title (data, _("Team"));
  kz_chart_data_set_category_noun (data, _("team"), _("teams"));
  for (guint i = 0; i < teams->len; i++)
    {
      KzRollupCell *t = g_ptr_array_index (teams, i);
      const char *name = names ? g_hash_table_lookup (names, &t->owner_id) : NULL;
      g_autofree char *label = name ? g_strdup (name)
                             : t->owner_id == 0 ? g_strdup (_("No team"))
                             : g_strdup_printf (_("Team %" G_GINT64_FORMAT), t->owner_id);
      guint k = kz_chart_data_add_category (data, label);

      kz_chart_data_set_value (data, s, k, kz_dash_mean_score (t), clamp_n (t->n_applicable));
    }
  return data;
}

KzChartData *
kz_dash_volume_chart (GPtrArray *weeks)
{
  KzChartData *data = weeks_chart (KZ_CHART_BAR, KZ_CHART_UNIT_COUNT, _("evaluations per week"));
  guint s = kz_chart_data_add_series (data, _("Evaluations"));

  for (guint i = 0; i < weeks->len; i++)
    {
      KzRollupWeek *w = g_ptr_array_index (weeks, i);

      add_week_category (data, w->week);
      kz_chart_data_set_value (data, s, i, (double) w->n_evaluations, 0);
    }
  return data;
}

KzChartData *
kz_dash_bias_chart (GPtrArray *points)
{
  KzChartData *data = kz_chart_data_new (KZ_CHART_LINE, KZ_CHART_UNIT_SCORE, _("calibration bias by session"));
  guint s = kz_chart_data_add_series (data, _("Bias (points)"));
  double lo = -10, hi = 10;  /* ticks of 5 either side of zero */

  kz_chart_data_set_category_title (data, _("Session closed"));
  kz_chart_data_set_category_noun (data, _("session"), _("sessions"));
  for (guint i = 0; i < points->len; i++)
    {
      KzBiasPoint *p = g_ptr_array_index (points, i);
      g_autofree char *label = g_date_time_format (p->closed_at, "%Y-%m-%d");
      guint k = kz_chart_data_add_category (data, label);

      if (p->has_bias)
        {
          kz_chart_data_set_value (data, s, k, p->bias, p->n_units);
          lo = MIN (lo, p->bias);
          hi = MAX (hi, p->bias);
        }
    }
  /* Zero is no bias: keep it on the axis, either side (a gridline; not a
   * target, which the legend would call one). */
  kz_chart_data_set_range (data, lo, hi);
  return data;
}

KzChartData *
kz_dash_agreement_chart (GPtrArray *criteria)
{
  KzChartData *data = kz_chart_data_new (KZ_CHART_BAR, KZ_CHART_UNIT_SCORE,
                                         _("agreement in calibration (α × 100), lowest first"));
  guint s = kz_chart_data_add_series (data, _("α × 100"));

  kz_chart_data_set_category_title (data, _("Criterion"));
  kz_chart_data_set_category_noun (data, _("criterion"), _("criteria"));
  for (guint i = 0; i < criteria->len; i++)
    {
      KzCriterionTrend *c = g_ptr_array_index (criteria, i);
      guint k = kz_chart_data_add_category (data, c->title ? c->title : c->criterion_id);

      kz_chart_data_set_value (data, s, k, 100.0 * c->agreement.alpha, c->agreement.n_units);
    }
  /* α runs from below zero (worse than chance) to 1. */
  kz_chart_data_set_range (data, 0, 100);
  return data;
}

void
kz_disagreement_free (KzDisagreement *self)
{
  if (self == NULL)
    return;
  g_free (self->rubric_id);
  g_free (self->criterion_id);
  g_free (self->title);
  g_free (self);
}

static int
compare_gap (gconstpointer a,
             gconstpointer b)
{
  const KzDisagreement *x = *(KzDisagreement * const *) a, *y = *(KzDisagreement * const *) b;
  int c;

  if (x->gap != y->gap)
    return x->gap > y->gap ? -1 : 1;
  if ((c = g_strcmp0 (x->rubric_id, y->rubric_id)) != 0)
    return c;
  return g_strcmp0 (x->criterion_id, y->criterion_id);
}

GPtrArray *
kz_dash_reviewer_disagreement (GPtrArray *reports,
                                    gint64     reviewer_id)
{
  g_autoptr(GHashTable) by = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_disagreement_free);

  g_return_val_if_fail (reports != NULL, out);
  for (guint r = 0; r < reports->len; r++)
    {
      KzCalibrationReport *report = g_ptr_array_index (reports, r);
      GPtrArray *sections = kz_rubric_get_sections (report->rubric);

      for (guint s = 0; s < sections->len; s++)
        {
          KzSection *section = g_ptr_array_index (sections, s);

          for (guint c = 0; c < section->criteria->len; c++)
            {
              KzCriterion *criterion = g_ptr_array_index (section->criteria, c);
              double span = kz_scale_get_max (criterion->scale) - kz_scale_get_min (criterion->scale);
              g_autofree char *key = g_strdup_printf ("%s\n%s", kz_rubric_get_id (report->rubric), criterion->id);
              KzDisagreement *d = g_hash_table_lookup (by, key);

              if (span <= 0)
                continue;
              /* Each of the reviewer's ratings against the others' on the same unit. */
              for (guint i = 0; i < report->ratings->len; i++)
                {
                  KzCalibrationRating *own = g_ptr_array_index (report->ratings, i);
                  const KzAnswer *mine;
                  double sum = 0;
                  guint n = 0;

                  if (own->reviewer_id != reviewer_id)
                    continue;
                  mine = kz_answer_set_get (own->answers, criterion->id);
                  if (mine == NULL || mine->kind != KZ_ANSWER_VALUE)
                    continue;
                  for (guint j = 0; j < report->ratings->len; j++)
                    {
                      KzCalibrationRating *other = g_ptr_array_index (report->ratings, j);
                      const KzAnswer *theirs;

                      if (other->reviewer_id == reviewer_id || other->unit_id != own->unit_id)
                        continue;
                      theirs = kz_answer_set_get (other->answers, criterion->id);
                      if (theirs != NULL && theirs->kind == KZ_ANSWER_VALUE)
                        {
                          sum += theirs->value;
                          n++;
                        }
                    }
                  if (n == 0)
                    continue;
                  if (d == NULL)
                    {
                      d = g_new0 (KzDisagreement, 1);
                      d->rubric_id = g_strdup (kz_rubric_get_id (report->rubric));
                      d->criterion_id = g_strdup (criterion->id);
                      d->title = g_strdup (criterion->title);
                      d->session_id = report->session ? report->session->id : 0;
                      g_hash_table_insert (by, g_strdup (key), d);
                      g_ptr_array_add (out, d);
                    }
                  /* The running sum of gaps lives in gap until the end. */
                  d->gap += fabs (mine->value - sum / n) / span;
                  d->n_units++;
                }
            }
        }
    }
  for (guint i = 0; i < out->len; i++)
    {
      KzDisagreement *d = g_ptr_array_index (out, i);
      d->gap = 100.0 * d->gap / d->n_units;
    }
  g_ptr_array_sort (out, compare_gap);
  return out;
}

KzChartData *
kz_dash_disagreement_chart (GPtrArray *disagreements)
{
  KzChartData *data = kz_chart_data_new (KZ_CHART_BAR, KZ_CHART_UNIT_SCORE,
                                         _("gap from the other reviewers in calibration, widest first"));
  guint s = kz_chart_data_add_series (data, _("Gap (points of 100)"));

  kz_chart_data_set_category_title (data, _("Criterion"));
  kz_chart_data_set_category_noun (data, _("criterion"), _("criteria"));
  for (guint i = 0; i < disagreements->len; i++)
    {
      KzDisagreement *d = g_ptr_array_index (disagreements, i);
      guint k = kz_chart_data_add_category (data, d->title ? d->title : d->criterion_id);

      kz_chart_data_set_value (data, s, k, d->gap, d->n_units);
    }
  return data;
}

static int
compare_id (gconstpointer a,
            gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;
  return x < y ? -1 : x > y;
}

GArray *
kz_dash_leniency_evaluations (GPtrArray *summaries,
                                   gint64     reviewer_id)
{
  g_autoptr(GHashTable) shared = g_hash_table_new (g_int64_hash, g_int64_equal);
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  g_return_val_if_fail (summaries != NULL, ids);
  /* Agents someone other than the reviewer scored. */
  for (guint i = 0; i < summaries->len; i++)
    {
      KzEvaluationSummary *s = g_ptr_array_index (summaries, i);
      if (s->has_score && s->reviewer_id != reviewer_id)
        g_hash_table_add (shared, &s->agent_id);
    }
  for (guint i = 0; i < summaries->len; i++)
    {
      KzEvaluationSummary *s = g_ptr_array_index (summaries, i);
      if (s->has_score && s->reviewer_id == reviewer_id && g_hash_table_contains (shared, &s->agent_id))
        g_array_append_val (ids, s->id);
    }
  g_array_sort (ids, compare_id);
  return ids;
}

KzReport *
kz_dash_report (const char         *title,
                const char * const *filters,
                const char         *figures,
                ...)
{
  KzReport *report = kz_report_new (title);
  va_list args;
  const char *chart_title;

  for (guint i = 0; filters && filters[i] && filters[i + 1]; i += 2)
    kz_report_add_filter (report, filters[i], filters[i + 1]);
  if (figures != NULL)
    kz_report_add_paragraph (report, figures);
  va_start (args, figures);
  while ((chart_title = va_arg (args, const char *)) != NULL)
    {
      KzChartData *data = va_arg (args, KzChartData *);

      if (data == NULL)
        continue;
      kz_report_add_chart (report, chart_title, data);
      kz_report_add_chart_table (report, chart_title, data);
    }
  va_end (args);
  return report;
}
