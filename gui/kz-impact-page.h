/* kz-impact-page.h — "Did it work?": the difference in differences of
 * statistics.md for a criterion and a coaching date (or a plan), in words
 * a manager reads in ten seconds, with a before/after chart and the method
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kz-impact.h"
#include "kz-store.h"

G_BEGIN_DECLS

#define KZ_TYPE_IMPACT_PAGE (kz_impact_page_get_type ())
G_DECLARE_FINAL_TYPE (KzImpactPage, kz_impact_page, KZ, IMPACT_PAGE, AdwBin)

GtkWidget *kz_impact_page_new           (void);
void       kz_impact_page_set_store     (KzImpactPage *self,
                                         KzStore      *store);
/* Reads the criteria and the done plans again, off the UI thread. */
void       kz_impact_page_reload        (KzImpactPage *self);
/* Loading the lists, or working a figure out. */
gboolean   kz_impact_page_get_busy      (KzImpactPage *self);
/* Chooses the criterion and the coaching date, and works the figure out. */
gboolean   kz_impact_page_set_criterion (KzImpactPage *self,
                                         const char   *rubric_id,
                                         const char   *criterion_id);
void       kz_impact_page_set_date      (KzImpactPage *self,
                                         const GDate  *date);
/* The figure shown; FALSE when none is (yet). */
gboolean   kz_impact_page_get_impact    (KzImpactPage *self,
                                         KzImpact     *out);

G_END_DECLS
