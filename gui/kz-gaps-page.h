/* kz-gaps-page.h — where agents and teams fall short of a rubric's targets
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kz-chart-frame.h"
#include "kz-gaps.h"
#include "kz-store.h"

G_BEGIN_DECLS

#define KZ_TYPE_GAPS_PAGE (kz_gaps_page_get_type ())
G_DECLARE_FINAL_TYPE (KzGapsPage, kz_gaps_page, KZ, GAPS_PAGE, AdwBin)

GtkWidget         *kz_gaps_page_new            (void);
void               kz_gaps_page_set_store      (KzGapsPage  *self,
                                                KzStore     *store);
/* Computes the heatmap again (model/kz-gaps.c), off the UI thread. */
void               kz_gaps_page_reload         (KzGapsPage  *self);
gboolean           kz_gaps_page_get_loading    (KzGapsPage  *self);
/* Agents or teams as rows. */
void               kz_gaps_page_set_by         (KzGapsPage  *self,
                                                KzGapsBy     by);
KzGapsBy           kz_gaps_page_get_by         (KzGapsPage  *self);
/* A custom period [@from, @to) (NULL: unbounded); shown in the fields. */
void               kz_gaps_page_set_period     (KzGapsPage  *self,
                                                GDateTime   *from,
                                                GDateTime   *to);
GDateTime         *kz_gaps_page_get_from       (KzGapsPage  *self);
GDateTime         *kz_gaps_page_get_to         (KzGapsPage  *self);
/* NULL: the rubric with the most evaluations. */
void               kz_gaps_page_set_rubric_id  (KzGapsPage  *self,
                                                const char  *rubric_id);
const char        *kz_gaps_page_get_rubric_id  (KzGapsPage  *self);
/* The report shown (NULL before the first load or after an error). */
const KzGapReport *kz_gaps_page_get_report     (KzGapsPage  *self);
KzChartFrame      *kz_gaps_page_get_chart_frame (KzGapsPage *self);
/* "loading", "heatmap", "empty" or "error". */
const char        *kz_gaps_page_get_state      (KzGapsPage  *self);
/* What clicking an agent's row or cell does (emits ::agent-activated). */
void               kz_gaps_page_activate_agent (KzGapsPage  *self,
                                                gint64       agent_id,
                                                const char  *criterion_id);

G_END_DECLS
