/* kz-ideas-page.h — the ideas board, "you said, we did", and the person's
 * own anonymous threads
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kz-store.h"

G_BEGIN_DECLS

#define KZ_TYPE_IDEAS_PAGE (kz_ideas_page_get_type ())
G_DECLARE_FINAL_TYPE (KzIdeasPage, kz_ideas_page, KZ, IDEAS_PAGE, AdwBin)

GtkWidget   *kz_ideas_page_new           (void);
void         kz_ideas_page_set_store     (KzIdeasPage *self,
                                          KzStore     *store);
/* Who votes and posts (a team server: the login, whatever is set). */
void         kz_ideas_page_set_person_id (KzIdeasPage *self,
                                          gint64       person_id);
/* Reads the board, the done list and this computer's threads again. */
void         kz_ideas_page_reload        (KzIdeasPage *self);
gboolean     kz_ideas_page_get_loading   (KzIdeasPage *self);
/* "board", "you-said-we-did" or "my-posts". */
void         kz_ideas_page_set_view      (KzIdeasPage *self,
                                          const char  *view);
const char  *kz_ideas_page_get_view      (KzIdeasPage *self);
/* The board's ideas as shown, newest first (KzIdea*). */
GPtrArray   *kz_ideas_page_get_ideas     (KzIdeasPage *self);
GtkListBox  *kz_ideas_page_get_board     (KzIdeasPage *self);
/* The threads found with this computer's tokens (KzIdeaThread*). */
GPtrArray   *kz_ideas_page_get_threads   (KzIdeasPage *self);
/* Replies in a thread that came since the person last looked at "My
 * Anonymous Posts" on this computer (kept there, never in the database). */
guint        kz_ideas_page_get_n_new_replies (KzIdeasPage *self,
                                          const char  *idea_id);
/* The store's last refusal (already voted …), or NULL. */
const char  *kz_ideas_page_get_message   (KzIdeasPage *self);
/* Opens the dialog to post an idea (ideas.new does). */
GtkWidget   *kz_ideas_page_new_idea      (KzIdeasPage *self);
/* The board's order: the newest week first, then most votes. */
int          kz_ideas_page_compare       (gconstpointer a,
                                          gconstpointer b);

G_END_DECLS
