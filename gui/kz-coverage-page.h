/* kz-coverage-page.h — how much of each agent's work was sampled and reviewed
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kz-store.h"

G_BEGIN_DECLS

/* One line of the table: an agent, or the totals line (last, whatever the
 * sort).  Its numbers come from the store and model/kz-sampling.c. */
#define KZ_TYPE_COVERAGE_ROW (kz_coverage_row_get_type ())
G_DECLARE_FINAL_TYPE (KzCoverageRow, kz_coverage_row, KZ, COVERAGE_ROW, GObject)

const char *kz_coverage_row_get_agent          (KzCoverageRow *self);
gboolean    kz_coverage_row_get_is_total       (KzCoverageRow *self);
guint       kz_coverage_row_get_n_interactions (KzCoverageRow *self);
guint       kz_coverage_row_get_n_sampled      (KzCoverageRow *self);
guint       kz_coverage_row_get_n_reviewed     (KzCoverageRow *self);
/* -1 when not defined (no interactions), so such rows sort first. */
double      kz_coverage_row_get_percent        (KzCoverageRow *self);
/* "33.3%", or "—" */
const char *kz_coverage_row_get_percent_text   (KzCoverageRow *self);

#define KZ_TYPE_COVERAGE_PAGE (kz_coverage_page_get_type ())
G_DECLARE_FINAL_TYPE (KzCoveragePage, kz_coverage_page, KZ, COVERAGE_PAGE, AdwBin)

GtkWidget  *kz_coverage_page_new            (void);
void        kz_coverage_page_set_store       (KzCoveragePage *self,
                                              KzStore        *store);
/* Reads the period's coverage again, off the UI thread. */
void        kz_coverage_page_reload          (KzCoveragePage *self);
gboolean    kz_coverage_page_get_loading     (KzCoveragePage *self);
/* Agents in the table (the totals line not counted). */
guint       kz_coverage_page_get_n_agents    (KzCoveragePage *self);
/* Shows [@from, @to) — local midnights — in the period fields. */
void        kz_coverage_page_set_period      (KzCoveragePage *self,
                                              GDateTime      *from,
                                              GDateTime      *to);
/* The rows as shown: KzCoverageRow, sorted by the clicked column, the
 * totals line last. */
GListModel *kz_coverage_page_get_model       (KzCoveragePage *self);
GtkColumnView *kz_coverage_page_get_column_view (KzCoveragePage *self);
/* "loading", "list", "empty", "error" or "bad-period". */
const char *kz_coverage_page_get_state       (KzCoveragePage *self);

G_END_DECLS
