/* kz-criterion-page.h — one criterion across the centre: a manager's dashboard
 *
 * Pick a rubric and one of its criteria: the average over time, the N/A
 * rate, how the answers spread over the scale, and which teams are
 * weakest, over a date range and for all teams or one.  The numbers come
 * from the roll-ups (kz_store_rollup_criterion()); the distribution from
 * kz_store_answer_distribution().  Every number and chart item drills down
 * to the evaluations behind it (KzDrillList).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kz-chart-frame.h"
#include "kz-customer-voice-view.h"
#include "kz-drill-list.h"
#include "kz-report-export.h"
#include "kz-store.h"

G_BEGIN_DECLS

#define KZ_TYPE_CRITERION_PAGE (kz_criterion_page_get_type ())
G_DECLARE_FINAL_TYPE (KzCriterionPage, kz_criterion_page, KZ, CRITERION_PAGE, AdwBin)

GtkWidget    *kz_criterion_page_new           (void);
void          kz_criterion_page_set_store     (KzCriterionPage *self,
                                               KzStore         *store);
/* Reads the rubrics and teams again, then the figures. */
void          kz_criterion_page_reload        (KzCriterionPage *self);
gboolean      kz_criterion_page_get_loading   (KzCriterionPage *self);
/* Quality against the customer's voice for the rubric and days shown. */
KzCustomerVoiceView *kz_criterion_page_get_voice_view (KzCriterionPage *self);
/* Selects @rubric_id's @criterion_id (and loads its figures). */
gboolean      kz_criterion_page_select        (KzCriterionPage *self,
                                               const char      *rubric_id,
                                               const char      *criterion_id);
/* @team_id -1: all teams. */
gboolean      kz_criterion_page_select_team   (KzCriterionPage *self,
                                               gint64           team_id);
/* Days written as in the date fields ("2026-03-02"). */
void          kz_criterion_page_set_period    (KzCriterionPage *self,
                                               const char      *from,
                                               const char      *to);
/* The weeks' Monday day numbers of the figures shown (kz-rollup.h). */
void          kz_criterion_page_get_weeks     (KzCriterionPage *self,
                                               int             *first_week,
                                               int             *last_week);
KzChartFrame *kz_criterion_page_get_trend_frame (KzCriterionPage *self);
KzChartFrame *kz_criterion_page_get_na_frame  (KzCriterionPage *self);
KzChartFrame *kz_criterion_page_get_distribution_frame (KzCriterionPage *self);
KzChartFrame *kz_criterion_page_get_teams_frame (KzCriterionPage *self);
KzDrillList  *kz_criterion_page_get_drill_list (KzCriterionPage *self);
/* The team ids of the teams chart's bars, in order. */
GArray       *kz_criterion_page_get_team_ids  (KzCriterionPage *self);

/* Export… without asking where (tests): the page's report to @path. */
void          kz_criterion_page_export_to  (KzCriterionPage *self,
                                   KzReportFormat  format,
                                   const char     *path);
gboolean      kz_criterion_page_get_exporting (KzCriterionPage *self);

G_END_DECLS
