/* kz-customer-voice.h — quality against the customer's voice
 *
 * Per rubric criterion: how the customer's rating differs between the
 * evaluations that passed the criterion and those that failed it, as a
 * difference of means with its 95% Welch interval (statistics.md), so a
 * manager sees which criteria matter to customers and which do not.
 *
 * - The unit is the evaluation: each submitted, non-calibration evaluation
 *   of the rubric, at its latest revision, created in the period, whose
 *   interaction carries a customer rating (two evaluations of one rated
 *   interaction count twice).
 * - The rating on one 0–100 scale: CSAT 1–5 → 25 × (rating − 1), NPS 0–10 →
 *   10 × rating.  Both scales are pooled on it; how many of each a figure
 *   rests on is given beside it.
 * - Passed a criterion: on a two-point (binary) scale, the answer is the
 *   top point; on any other scale, 100 × v ≥ the criterion's target (its
 *   target="…", else the rubric's pass mark), where v = (value − min) ÷
 *   (max − min) on the scale of the rubric version the evaluation used
 *   (kz_criterion_normalise()).  Failed: otherwise.  N/A answers are left
 *   out (counted as n_na), whatever the criterion's N/A policy; so are
 *   unanswered criteria.  Criteria and targets are those of the rubric's
 *   latest version; answers to criteria it no longer has are left out.
 * - difference = mean rating (passed) − mean rating (failed), in points on
 *   the 0–100 scale; Welch SE and df, interval = difference ± t(0.975, df)
 *   × SE, t from GSL (kz_welch()).  Fewer than two evaluations on a side,
 *   or no spread in either group: no number, and the reason why.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kz-rubric.h"
#include "kz-stats.h"
#include "kz-store.h"

G_BEGIN_DECLS

typedef struct {
  char     *criterion_id;
  char     *criterion_title;
  char     *section_id;
  gboolean  binary;          /* passed = the top point */
  double    pass_at;         /* otherwise: passed when 100 × v ≥ this (0–100) */
  guint     n_passed;
  guint     n_failed;
  guint     n_na;            /* rated evaluations that answered N/A */
  guint     n_csat;          /* of n_passed + n_failed, on each scale */
  guint     n_nps;
  double    mean_passed;     /* 0–100; NAN when n_passed = 0 */
  double    mean_failed;     /* 0–100; NAN when n_failed = 0 */
  KzWelch   welch;           /* passed − failed; defined = FALSE: no number */
  const char *reason;        /* when !welch.defined: why, translated */
} KzVoiceCriterion;

typedef struct {
  KzRubric  *rubric;          /* the latest version */
  GDateTime *from, *to;       /* NULL: unbounded */
  guint      n_evaluations;   /* rated evaluations */
  guint      n_csat, n_nps;   /* of those, on each scale */
  GPtrArray *criteria;        /* KzVoiceCriterion*, in the rubric's order */
} KzCustomerVoice;

void             kz_customer_voice_free      (KzCustomerVoice *self);

/* The rating on the 0–100 scale: CSAT 25 × (r − 1), NPS 10 × r. */
double           kz_feedback_normalise       (KzFeedbackScale scale,
                                              gint            rating);

/* TRUE when @value on @criterion (of the version answered) passes it;
 * @pass_at is the threshold on 0–100 (the latest version's target, or the
 * pass mark). */
gboolean         kz_customer_voice_passes    (const KzCriterion *criterion,
                                              double             pass_at,
                                              double             value);

/* The pure part: @rows (KzRatedAnswer*) of @latest's id; @versions maps a
 * rubric version (GINT_TO_POINTER) to its KzRubric (may be NULL: only
 * @latest's version is known).  Rows of other versions are left out. */
KzCustomerVoice *kz_customer_voice_from_rows (KzRubric   *latest,
                                              GHashTable *versions,
                                              GPtrArray  *rows);

/* Reads the store.  @rubric_id NULL: the rubric with the most evaluations
 * (KZ_ERROR_NOT_FOUND when there is none). */
KzCustomerVoice *kz_customer_voice_compute   (KzStore     *store,
                                              const char  *rubric_id,
                                              GDateTime   *from,
                                              GDateTime   *to,
                                              GError     **error);

/* What a manager reads about one criterion: "Customers rate interactions
 * that pass Empathy 25.3 points higher (+11.2 to +40.1, 95% interval):
 * 120 passed, 45 failed." — "lower", or "no clear difference" when the
 * interval takes in zero; without a number, "Not enough data …" and why.
 * Points with one decimal, as the chart and the table show them. */
char            *kz_customer_voice_describe  (const KzVoiceCriterion *criterion);

/* `kaizenctl report customer-voice --json` */
char            *kz_customer_voice_to_json   (const KzCustomerVoice *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KzCustomerVoice, kz_customer_voice_free)

G_END_DECLS
