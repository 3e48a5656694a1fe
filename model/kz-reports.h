/* kz-reports.h — Kaizen's reports as documents (kz-report.h), the same for
 * `kaizenctl report … --format csv|pdf` and the app's "Export" buttons
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kz-customer-voice.h"
#include "kz-gaps.h"
#include "kz-report.h"
#include "kz-store.h"
#include "kz-dashboard.h"
#include "kz-dispute.h"
#include "kz-cx.h"
#include "kz-impact.h"
#include "kz-calibration-session.h"
#include "kz-voice.h"
#include "kz-voice-export.h"

G_BEGIN_DECLS

/* The period as a filter line: from the first day to the day before @to. */
void      kz_reports_add_period   (KzReport   *report,
                                   GDateTime  *from,
                                   GDateTime  *to);

/* Review coverage per agent (kz_store_coverage() rows): a table of
 * interactions, sampled, reviewed and the share reviewed, and a bar chart
 * of that share.  Table 0 is the one a CSV holds. */
KzReport *kz_reports_coverage     (GPtrArray  *coverage,
                                   GDateTime  *from,
                                   GDateTime  *to);

/* Reviewer leniency (kz_store_reviewer_leniency() rows), names from
 * @store. */
KzReport *kz_reports_leniency     (KzStore    *store,
                                   GPtrArray  *leniency,
                                   GDateTime  *from,
                                   GDateTime  *to);

/* Quality against the customer's voice (kz_customer_voice_compute()): per
 * criterion the customer's rating (0–100) when the evaluation passed and
 * when it failed the criterion, the difference with its 95% interval and
 * the n of each side — "not enough data" instead of a number where a side
 * has fewer than two — and a bar chart of the differences.  Table 0 is the
 * one a CSV holds. */
KzReport *kz_reports_customer_voice (const KzCustomerVoice *voice);
/* Its chart: a bar per criterion, the difference passed − failed with its
 * 95% interval; no bar where there is no number.  The axis is symmetric
 * around zero and covers every interval.  Categories are the criteria's
 * ids (as the report's table names them), or with @by_title their titles
 * (the app). */
KzChartData *kz_reports_customer_voice_chart (const KzCustomerVoice *voice,
                                              gboolean               by_title);

/* The team overview (or an agent's page) as the dashboard shows it: the
 * figures, the weekly quality score (chart and its table) and the biggest
 * gaps.  @whose names the team or agent.  Table 0, the one a CSV holds, is
 * the figures. */
KzReport *kz_reports_team_overview (const KzTeamOverview *overview,
                                    const char           *whose);

/* Gaps to target (kz_gaps_compute()): the heatmap as the Gaps page draws
 * it, and every cell as a table — n, N/A rate, mean, target, gap and
 * gap × weight — largest gap × weight first.  Table 0 is the one a CSV
 * holds. */
KzReport *kz_reports_gaps (const KzGapReport *gaps);

/* A closed survey round's question figures (kz_survey_figures()): per
 * question and group n, mean and its 95% interval — a withheld figure as
 * "suppressed: reason" with no number, just as the CSV and the app — and a
 * bar chart of the whole round's shown scores.  Table 0 is the one a CSV
 * holds. */
KzReport *kz_reports_survey_results (const KzSurveyRound *round,
                                     GPtrArray           *figures);

/* The round's eNPS per group (the eNPS question's figures of
 * kz_survey_figures() with KZ_FIGURES_BY_TEAM), withheld groups as such,
 * and a bar chart with the intervals. */
KzReport *kz_reports_enps (const KzSurveyRound *round,
                           GPtrArray           *figures);

/* Disputes (kz_store_list_disputes()), agents' names from @store. */
KzReport *kz_reports_disputes (KzStore   *store,
                               GPtrArray *disputes,
                               gboolean   open_only);

/* A closed calibration session (kz_store_calibration_report()): the final
 * score's α, agreement per criterion (table 0, the CSV's), each reviewer's
 * alignment with the lead and bias, and a bar chart of the biases. */
KzReport *kz_reports_calibration (KzStore                   *store,
                                  const KzCalibrationReport *report);

/* Calibration over sessions (kz_store_calibration_trends()): each
 * reviewer's mean bias and drift (table 0), a bar chart of the mean biases,
 * the criteria agreed on least and every reviewer's bias by session.
 * @from/@to may be NULL. */
KzReport *kz_reports_calibration_trends (KzStore                   *store,
                                         const KzCalibrationTrends *trends,
                                         GDateTime                 *from,
                                         GDateTime                 *to);

/* Did coaching on a criterion work (kz_impact_for_criterion…()): the
 * sentence, the figures (table 0), the method and a before/after line
 * chart of the coached and the compared group. */
KzReport *kz_reports_impact (const KzImpact     *impact,
                             const char         *rubric_id,
                             const char         *criterion_id,
                             const GDate        *date,
                             const KzImpactPlan *plan,
                             gboolean            from_plans,
                             guint               n_left_out);

/* Scores per CX principle (kz_store_principle_scores()): a table of score,
 * weight, answers and evaluations (table 0) and a bar chart of the scores.
 * @whose_label/@whose name the agent or team (NULL: all agents); @from/@to
 * may be NULL. */
KzReport *kz_reports_principles (GPtrArray  *scores,
                                 const char *whose_label,
                                 const char *whose,
                                 GDateTime  *from,
                                 GDateTime  *to);

G_END_DECLS
