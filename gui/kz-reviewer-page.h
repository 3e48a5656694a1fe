/* kz-reviewer-page.h — one reviewer's work: a manager's dashboard
 *
 * Pick a reviewer and a period: evaluations per week
 * (kz_store_reviewer_weeks()), leniency against the peers who reviewed the
 * same agents (kz_store_reviewer_leniency()), calibration bias by session
 * and its drift (kz_store_calibration_trends()), and the criteria where
 * their calibration answers part most from the others'
 * (kz_dashboard_reviewer_disagreement()).  The counts drill down to the
 * evaluations behind them (KzDrillList).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kz-chart-frame.h"
#include "kz-drill-list.h"
#include "kz-report-export.h"
#include "kz-store.h"

G_BEGIN_DECLS

#define KZ_TYPE_REVIEWER_PAGE (kz_reviewer_page_get_type ())
G_DECLARE_FINAL_TYPE (KzReviewerPage, kz_reviewer_page, KZ, REVIEWER_PAGE, AdwBin)

GtkWidget    *kz_reviewer_page_new             (void);
void          kz_reviewer_page_set_store       (KzReviewerPage *self,
                                                KzStore        *store);
void          kz_reviewer_page_reload          (KzReviewerPage *self);
gboolean      kz_reviewer_page_get_loading     (KzReviewerPage *self);
gboolean      kz_reviewer_page_select          (KzReviewerPage *self,
                                                gint64          reviewer_id);
gint64        kz_reviewer_page_get_reviewer    (KzReviewerPage *self);
void          kz_reviewer_page_set_period      (KzReviewerPage *self,
                                                const char     *from,
                                                const char     *to);
void          kz_reviewer_page_get_weeks       (KzReviewerPage *self,
                                                int            *first_week,
                                                int            *last_week);
KzChartFrame *kz_reviewer_page_get_volume_frame (KzReviewerPage *self);
KzChartFrame *kz_reviewer_page_get_bias_frame  (KzReviewerPage *self);
KzChartFrame *kz_reviewer_page_get_disagreement_frame (KzReviewerPage *self);
KzDrillList  *kz_reviewer_page_get_drill_list  (KzReviewerPage *self);
/* The calibration sessions of the bias chart's points (gint64), which a
 * point opens (win.show-calibration-results). */
GArray       *kz_reviewer_page_get_bias_sessions (KzReviewerPage *self);

/* Export… without asking where (tests): the page's report to @path. */
void          kz_reviewer_page_export_to  (KzReviewerPage *self,
                                   KzReportFormat  format,
                                   const char     *path);
gboolean      kz_reviewer_page_get_exporting (KzReviewerPage *self);

G_END_DECLS
