/* kz-evaluations-page.h — the table of evaluations
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include "kz-store.h"

G_BEGIN_DECLS

#define KZ_TYPE_EVALUATIONS_PAGE (kz_evaluations_page_get_type ())
G_DECLARE_FINAL_TYPE (KzEvaluationsPage, kz_evaluations_page, KZ, EVALUATIONS_PAGE, AdwBin)

GtkWidget  *kz_evaluations_page_new        (void);
KzStore    *kz_evaluations_page_get_store  (KzEvaluationsPage *self);
void        kz_evaluations_page_set_store  (KzEvaluationsPage *self,
                                            KzStore           *store);
/* Reloads the list from the store, off the UI thread. */
void        kz_evaluations_page_reload     (KzEvaluationsPage *self);
gboolean    kz_evaluations_page_get_loading (KzEvaluationsPage *self);
/* The rows as shown, sorted: KzEvaluationRow items. */
GListModel *kz_evaluations_page_get_model  (KzEvaluationsPage *self);
GtkColumnView *kz_evaluations_page_get_column_view (KzEvaluationsPage *self);

G_END_DECLS
