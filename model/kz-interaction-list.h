/* kz-interaction-list.h — the interaction list as a lazy GListModel
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kz-store.h"

G_BEGIN_DECLS

/* One row.  Made empty (loaded FALSE) when a list asks for a position whose
 * page is not read yet, and filled in place when the page arrives, so a
 * view binds to its properties and shows the row once it is there. */
#define KZ_TYPE_INTERACTION_ITEM (kz_interaction_item_get_type ())
G_DECLARE_FINAL_TYPE (KzInteractionItem, kz_interaction_item, KZ, INTERACTION_ITEM, GObject)

gboolean    kz_interaction_item_get_loaded        (KzInteractionItem *self);
gint64      kz_interaction_item_get_id            (KzInteractionItem *self);
KzChannel   kz_interaction_item_get_channel       (KzInteractionItem *self);
/* NULL until loaded */
GDateTime  *kz_interaction_item_get_started_at    (KzInteractionItem *self);
const char *kz_interaction_item_get_agent_name    (KzInteractionItem *self);
const char *kz_interaction_item_get_subject       (KzInteractionItem *self);
guint       kz_interaction_item_get_n_evaluations (KzInteractionItem *self);
guint       kz_interaction_item_get_n_submitted   (KzInteractionItem *self);

#define KZ_TYPE_INTERACTION_LIST (kz_interaction_list_get_type ())
G_DECLARE_FINAL_TYPE (KzInteractionList, kz_interaction_list, KZ, INTERACTION_LIST, GObject)

/* Rows per page read from the store; the list keeps at most
 * KZ_INTERACTION_LIST_MAX_PAGES pages, the least recently used going
 * first, so its memory follows the rows in view, not the table. */
#define KZ_INTERACTION_LIST_PAGE_SIZE 100
#define KZ_INTERACTION_LIST_MAX_PAGES 12

/* Empty until a query is set.  Pages are read on a worker thread; results
 * and KzStore::changed come back on the main context current here. */
KzInteractionList *kz_interaction_list_new            (KzStore                  *store);
KzStore           *kz_interaction_list_get_store      (KzInteractionList        *self);
/* Copies @query (its text and dates too) and counts the rows again: the
 * list then says "items-changed" for everything. */
void               kz_interaction_list_set_query      (KzInteractionList        *self,
                                                       const KzInteractionQuery *query);
/* Reads the count and the pages again with the same query (another client
 * changed something). */
void               kz_interaction_list_refresh        (KzInteractionList        *self);
/* TRUE while the count or a page is being read. */
gboolean           kz_interaction_list_get_loading    (KzInteractionList        *self);
/* The last read's error message, or NULL. */
const char        *kz_interaction_list_get_error      (KzInteractionList        *self);
GQuark             kz_interaction_list_get_error_domain (KzInteractionList      *self);
gint               kz_interaction_list_get_error_code (KzInteractionList        *self);
/* Pages and rows held now (what the memory benchmark watches). */
guint              kz_interaction_list_get_n_pages_held (KzInteractionList      *self);
/* The position of the interaction @id among the rows held, or
 * GTK_INVALID_LIST_POSITION's value (G_MAXUINT) when it is not held. */
guint              kz_interaction_list_find_held      (KzInteractionList        *self,
                                                       gint64                    id);

G_END_DECLS
