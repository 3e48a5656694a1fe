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

G_END_DECLS
