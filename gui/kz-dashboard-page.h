/* kz-dashboard-page.h — the team overview, and an agent's page
 *
 * One widget for both: with no agent it is a manager's team overview (the
 * team filter, the biggest gaps, the team's agents); with an agent
 * (kz_dashboard_page_set_agent) the same figures for that agent, with
 * every criterion against its target.  The figures are the model's
 * (kz-dashboard.h); every one opens the evaluations behind it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kz-dashboard.h"
#include "kz-report-export.h"
#include "kz-store.h"

G_BEGIN_DECLS

#define KZ_TYPE_DASHBOARD_PAGE (kz_dashboard_page_get_type ())
G_DECLARE_FINAL_TYPE (KzDashboardPage, kz_dashboard_page, KZ, DASHBOARD_PAGE, AdwBin)

GtkWidget      *kz_dashboard_page_new          (void);
void            kz_dashboard_page_set_store    (KzDashboardPage *self,
                                                KzStore         *store);
/* Reads the figures again, off the UI thread — at once when the page is
 * shown, else when it next is (a hidden page reads nothing). */
void            kz_dashboard_page_reload       (KzDashboardPage *self);
gboolean        kz_dashboard_page_get_loading  (KzDashboardPage *self);
/* 0: the team overview. */
void            kz_dashboard_page_set_agent    (KzDashboardPage *self,
                                                gint64           agent_id);
gint64          kz_dashboard_page_get_agent    (KzDashboardPage *self);
/* The day the presets count back from (default: today). */
void            kz_dashboard_page_set_today    (KzDashboardPage *self,
                                                const GDate     *today);
/* A custom period, both days included. */
void            kz_dashboard_page_set_period   (KzDashboardPage *self,
                                                const GDate     *from,
                                                const GDate     *to);
/* KZ_ROLLUP_ANY_TEAM, 0 (no team) or a team. */
void            kz_dashboard_page_set_team     (KzDashboardPage *self,
                                                gint64           team_id);
/* What is shown (NULL while loading or on error). */
const KzTeamOverview *kz_dashboard_page_get_overview (KzDashboardPage *self);
/* The newest drill-down dialog still open, or NULL. */
GtkWidget      *kz_dashboard_page_get_drilldown (KzDashboardPage *self);
/* Writes the page to @path without asking where (tests; the menu asks). */
void            kz_dashboard_page_export_to    (KzDashboardPage *self,
                                                KzReportFormat   format,
                                                const char      *path);
gboolean        kz_dashboard_page_get_exporting (KzDashboardPage *self);

G_END_DECLS
