/* kz-dash.h — the criterion and reviewer pages' numbers and charts, off the display
 *
 * The pages read roll-ups (kz_store_rollup_criterion()) and a few raw
 * counts; this sums them by week and by team, works out averages and N/A
 * rates, and builds the KzChartData each page shows, so a test checks the
 * numbers without a display.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "kz-calibration-session.h"
#include "kz-chart-data.h"
#include "kz-report.h"
#include "kz-rollup.h"
#include "kz-rubric.h"
#include "kz-store.h"

G_BEGIN_DECLS

/* @cells (KzRollupCell*, any owners and weeks) summed per week: new cells
 * with owner_id -1, by week. */
GPtrArray   *kz_dash_sum_by_week      (GPtrArray          *cells);
/* Summed per owner (team) over the weeks: new cells with week 0, weakest
 * first (lowest mean; owners with nothing applicable last, then by id). */
GPtrArray   *kz_dash_sum_by_owner     (GPtrArray          *cells);
/* Everything summed into @total (owner −1, week 0, criterion NULL). */
void         kz_dash_sum_all          (GPtrArray          *cells,
                                            KzRollupCell       *total);
/* The average on 0–100: 100 × sum_v ÷ n_applicable; NAN without any. */
double       kz_dash_mean_score       (const KzRollupCell *cell);
/* How many answers a cell holds: N/A answers have a value under na="pass"
 * and na="fixed" (@na_has_value), so they are in n_applicable already. */
gint64       kz_dash_n_answers        (const KzRollupCell *cell,
                                            gboolean            na_has_value);
/* N/A answers ÷ answers, in percent; NAN without answers. */
double       kz_dash_na_rate          (const KzRollupCell *cell,
                                            gboolean            na_has_value);
/* TRUE when @criterion's N/A answers count with a value. */
gboolean     kz_dash_na_has_value     (const KzCriterion  *criterion);

/* Charts.  Weeks are labelled by their Monday ("2026-03-02"). */
KzChartData *kz_dash_trend_chart      (GPtrArray          *weeks);
KzChartData *kz_dash_na_chart         (GPtrArray          *weeks,
                                            gboolean            na_has_value);
/* @counts: KzAnswerCount* (kz_store_answer_distribution()); points are
 * labelled by @criterion's scale ("3 · Good"), N/A last. */
KzChartData *kz_dash_distribution_chart (GPtrArray        *counts,
                                            const KzCriterion  *criterion);
/* @teams: kz_dash_sum_by_owner(); @names: team id (gint64*) → name. */
KzChartData *kz_dash_team_chart       (GPtrArray          *teams,
                                            GHashTable         *names);
/* @weeks: KzRollupWeek* (kz_store_reviewer_weeks()). */
KzChartData *kz_dash_volume_chart     (GPtrArray          *weeks);
/* @points: KzBiasPoint* of one reviewer, by when the session closed. */
KzChartData *kz_dash_bias_chart       (GPtrArray          *points);
/* @criteria: KzCriterionTrend*, lowest agreement first: α × 100. */
KzChartData *kz_dash_agreement_chart  (GPtrArray          *criteria);

/* The evaluations a reviewer's leniency (kz_reviewer_leniency()) rests
 * on: of @summaries (KzEvaluationSummary*, one period), @reviewer_id's
 * scored ones on agents another reviewer scored too.  gint64 ids,
 * ascending. */
GArray      *kz_dash_leniency_evaluations (GPtrArray      *summaries,
                                            gint64              reviewer_id);

/* Where one reviewer parts from their peers in calibration, per criterion:
 * over the units (interactions) of @reports (KzCalibrationReport*, closed
 * sessions) the reviewer answered with a value and someone else did too,
 * the mean of |own value − the others' mean value| on the criterion's
 * scale, as points of 100 (0: always with the others). */
typedef struct {
  char   *rubric_id;
  char   *criterion_id;
  char   *title;
  guint   n_units;
  double  gap;            /* 0–100 */
  gint64  session_id;     /* the first of @reports it was seen in (newest, in list order) */
} KzDisagreement;

void         kz_disagreement_free          (KzDisagreement     *self);
/* KzDisagreement*, widest gap first (then by rubric and criterion id). */
GPtrArray   *kz_dash_reviewer_disagreement (GPtrArray     *reports,
                                            gint64              reviewer_id);
KzChartData *kz_dash_disagreement_chart (GPtrArray        *disagreements);

/* The page as a report (Export…): its filters (label, value pairs, NULL
 * terminated), the headline figures as a paragraph, then each chart with
 * its table (title, KzChartData*, NULL terminated; NULL data skipped).  The
 * CSV export writes table 0: the first chart's numbers. */
KzReport    *kz_dash_report (const char         *title,
                             const char * const *filters,
                             const char         *figures,
                             ...) G_GNUC_NULL_TERMINATED;

G_END_DECLS
