/* kz-plans-page.h — coaching plans and the rules' proposals, for managers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kz-store.h"

G_BEGIN_DECLS

#define KZ_TYPE_PLANS_PAGE (kz_plans_page_get_type ())
G_DECLARE_FINAL_TYPE (KzPlansPage, kz_plans_page, KZ, PLANS_PAGE, AdwBin)

GtkWidget *kz_plans_page_new           (void);
void       kz_plans_page_set_store     (KzPlansPage *self,
                                        KzStore     *store);
/* The manager deciding (accepting proposals, coaching what is accepted as a session). */
void       kz_plans_page_set_person_id (KzPlansPage *self,
                                        gint64       person_id);
/* Reads the plans and pending proposals again, off the UI thread. */
void       kz_plans_page_reload        (KzPlansPage *self);
gboolean   kz_plans_page_get_loading   (KzPlansPage *self);
guint      kz_plans_page_get_n_plans   (KzPlansPage *self);
guint      kz_plans_page_get_n_proposals (KzPlansPage *self);
/* The plans shown (KzPlan*), as the store lists them. */
GPtrArray *kz_plans_page_get_plans     (KzPlansPage *self);
/* What the Done / Missed / Cancel buttons do, off the UI thread. */
void       kz_plans_page_set_state     (KzPlansPage *self,
                                        gint64       plan_id,
                                        KzPlanState  state);

G_END_DECLS
