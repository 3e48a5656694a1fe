/* kz-calibration.h — how consistently reviewers score: calibration results
 * and leniency, from evaluations (../shared/spec/statistics.md)
 *
 * Pure functions over the rubric and the evaluations given: Krippendorff's α
 * per criterion (nominal for binary and labelled scales, ordinal for
 * numbered ones) and for the final score (interval), with N/A and unanswered
 * as missing; raw agreement; each reviewer's alignment with the lead's
 * reference and signed bias; and, outside calibration, each reviewer's
 * leniency against peers on the same agents.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "kz-answer.h"
#include "kz-rubric.h"
#include "kz-stats.h"

G_BEGIN_DECLS

/* One reviewer's scoring of one unit (an interaction) in a session. */
typedef struct {
  gint64       unit_id;
  gint64       reviewer_id;
  KzAnswerSet *answers;     /* borrowed */
  gboolean     has_score;
  double       final;       /* the final score F, 0–100 */
} KzCalibrationRating;

typedef struct {
  const KzCriterion *criterion;   /* borrowed from the rubric */
  KzAlphaMetric      metric;
  KzAgreement        agreement;
} KzCriterionAgreement;

typedef struct {
  gint64   reviewer_id;
  guint    n_units;          /* units this reviewer scored */
  gboolean has_alignment;    /* scored a unit the reference scored too */
  double   alignment;        /* 0–1: 1 − |reviewer − reference| ÷ scale range, weighted by criterion weight */
  gboolean has_bias;
  double   bias;             /* mean of (reviewer's F − the unit's consensus F), points */
} KzReviewerAlignment;

typedef struct {
  GPtrArray   *criteria;     /* KzCriterionAgreement*, rubric order */
  KzAgreement  total;        /* interval α on the final score */
  GPtrArray   *reviewers;    /* KzReviewerAlignment*, by reviewer id */
} KzCalibrationResult;

/* @ratings: KzCalibrationRating*.  @reference_id: the lead whose scoring is
 * the reference (0: none — alignment is then not given).  The consensus F
 * of a unit is the mean F of everyone who scored it. */
KzCalibrationResult *kz_calibration_compute (KzRubric   *rubric,
                                             GPtrArray  *ratings,
                                             gint64      reference_id);
void                 kz_calibration_result_free (KzCalibrationResult *self);

/* The criteria reviewers disagree on most: KzCriterionAgreement* with a
 * defined α, lowest first (borrowed from @result). */
GPtrArray           *kz_calibration_most_disputed (const KzCalibrationResult *result);

/* Metric for a criterion's scale: nominal for binary and labelled,
 * ordinal for numbered (ordinal) scales. */
KzAlphaMetric        kz_calibration_metric_for (const KzCriterion *criterion);

/* ---- leniency outside calibration ------------------------------------------ */

typedef struct {
  gint64 reviewer_id;
  gint64 agent_id;
  double final;
} KzScoredEvaluation;

typedef struct {
  gint64         reviewer_id;
  guint          n_evaluations;  /* on agents someone else also reviewed */
  guint          n_agents;
  double         leniency;       /* mean over those agents of (own mean − peers' mean), points */
  KzMeanInterval interval;       /* of the per-agent differences */
} KzLeniency;

/* @evaluations: KzScoredEvaluation* of one period.  A reviewer's
 * difference on an agent is their mean F for the agent minus the mean F the
 * agent's other reviewers gave; agents only one reviewer saw are left out.
 * Returns KzLeniency* (g_free), by reviewer id; reviewers with no shared
 * agent are left out. */
GPtrArray           *kz_reviewer_leniency (GPtrArray *evaluations);

/* The same from what a store can sum in one pass: per reviewer and agent
 * the sum of the final scores and how many (kz_store_reviewer_leniency()
 * reads these, not a million evaluations). */
typedef struct {
  gint64 reviewer_id;
  gint64 agent_id;
  double sum;     /* of final scores */
  guint  n;       /* evaluations */
} KzScoreSum;

GPtrArray           *kz_reviewer_leniency_from_sums (const KzScoreSum *sums,
                                                     guint             n_sums);

G_END_DECLS
