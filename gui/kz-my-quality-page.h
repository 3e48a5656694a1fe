/* kz-my-quality-page.h — "My quality": what an agent sees of their own
 * evaluations, acknowledges and disputes
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kz-store.h"

G_BEGIN_DECLS

#define KZ_TYPE_MY_QUALITY_PAGE (kz_my_quality_page_get_type ())
G_DECLARE_FINAL_TYPE (KzMyQualityPage, kz_my_quality_page, KZ, MY_QUALITY_PAGE, AdwBin)

GtkWidget  *kz_my_quality_page_new            (void);
void        kz_my_quality_page_set_store      (KzMyQualityPage *self,
                                               KzStore         *store);
/* The agent: the person picked in the header bar, or the login's person on
 * a team server; 0: nobody. */
void        kz_my_quality_page_set_person_id  (KzMyQualityPage *self,
                                               gint64           person_id);
gint64      kz_my_quality_page_get_person_id  (KzMyQualityPage *self);
/* Reads the agent's submitted evaluations again, off the UI thread. */
void        kz_my_quality_page_reload         (KzMyQualityPage *self);
gboolean    kz_my_quality_page_get_loading    (KzMyQualityPage *self);
guint       kz_my_quality_page_get_n_evaluations (KzMyQualityPage *self);
/* Listed evaluations whose current revision is not acknowledged yet. */
guint       kz_my_quality_page_get_n_to_acknowledge (KzMyQualityPage *self);
/* Shows evaluation @id of the list (its breakdown, comments and trend);
 * FALSE when it is not listed. */
gboolean    kz_my_quality_page_select         (KzMyQualityPage *self,
                                               gint64           id);
/* The evaluation shown, 0: none; and whether its detail is still loading. */
gint64      kz_my_quality_page_get_selected   (KzMyQualityPage *self);
gboolean    kz_my_quality_page_get_detail_loading (KzMyQualityPage *self);
/* The call player, once a time-stamped comment opened the call; or NULL. */
GtkWidget  *kz_my_quality_page_get_player     (KzMyQualityPage *self);
/* The list row's status text: "Acknowledged", "To acknowledge",
 * "Dispute open", "Disputed"; for the list and for tests. */
char       *kz_my_quality_status_text         (const KzEvaluationSummary *summary);

G_END_DECLS
