/* kz-interactions-page.h — interactions to find, or a reviewer's queue
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kz-interaction-list.h"
#include "kz-store.h"

G_BEGIN_DECLS

typedef enum {
  KZ_INTERACTIONS_PAGE_ALL,    /* every interaction: words and filters */
  KZ_INTERACTIONS_PAGE_QUEUE,  /* one reviewer's queue */
} KzInteractionsPageMode;

#define KZ_TYPE_INTERACTIONS_PAGE (kz_interactions_page_get_type ())
G_DECLARE_FINAL_TYPE (KzInteractionsPage, kz_interactions_page, KZ, INTERACTIONS_PAGE, AdwBin)

void        kz_interactions_page_set_store       (KzInteractionsPage *self,
                                                  KzStore            *store);
KzInteractionsPageMode kz_interactions_page_get_mode (KzInteractionsPage *self);
/* Whose queue (queue mode); 0: nobody chosen yet. */
void        kz_interactions_page_set_reviewer_id (KzInteractionsPage *self,
                                                  gint64              reviewer_id);
gint64      kz_interactions_page_get_reviewer_id (KzInteractionsPage *self);
/* Counts and reads again (someone changed something), filter choices too. */
void        kz_interactions_page_reload          (KzInteractionsPage *self);
gboolean    kz_interactions_page_get_loading     (KzInteractionsPage *self);
/* Rows matching now; what the header says. */
guint       kz_interactions_page_get_n_items     (KzInteractionsPage *self);
/* The lazy list shown (KzInteractionItem rows). */
KzInteractionList *kz_interactions_page_get_list (KzInteractionsPage *self);
GtkColumnView *kz_interactions_page_get_column_view (KzInteractionsPage *self);
GtkWidget  *kz_interactions_page_get_search_entry (KzInteractionsPage *self);
/* The query the filters make now (fields owned by the page). */
const KzInteractionQuery *kz_interactions_page_get_query (KzInteractionsPage *self);
/* Which state the empty/list stack shows: "loading", "list", "empty",
 * "error" or "no-reviewer". */
const char *kz_interactions_page_get_state       (KzInteractionsPage *self);

/* What a row's status column says (a pure function, for tests). */
const char *kz_interactions_page_status_text     (KzInteractionsPageMode mode,
                                                  guint               n_evaluations,
                                                  guint               n_submitted);

G_END_DECLS
