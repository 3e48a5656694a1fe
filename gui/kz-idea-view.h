/* kz-idea-view.h — one idea: its text, votes and thread, and for managers
 * reply, status and merge
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kz-store.h"

G_BEGIN_DECLS

#define KZ_TYPE_IDEA_VIEW (kz_idea_view_get_type ())
G_DECLARE_FINAL_TYPE (KzIdeaView, kz_idea_view, KZ, IDEA_VIEW, AdwBin)

/* KzIdeaView::changed: a vote, comment, reply, status or merge went in
 * (the board shows it). */
GtkWidget    *kz_idea_view_new             (void);
void          kz_idea_view_set_store       (KzIdeaView *self,
                                            KzStore    *store);
/* Who votes and comments; on a team server the login, whatever is set. */
void          kz_idea_view_set_person      (KzIdeaView *self,
                                            gint64      person_id,
                                            KzRoles     roles);
void          kz_idea_view_load            (KzIdeaView *self,
                                            const char *idea_id);
const char   *kz_idea_view_get_idea_id     (KzIdeaView *self);
/* NULL until loaded. */
const KzIdea *kz_idea_view_get_idea        (KzIdeaView *self);
gboolean      kz_idea_view_get_loading     (KzIdeaView *self);
gboolean      kz_idea_view_get_busy        (KzIdeaView *self);
/* The store's last refusal (already voted, declined needs a reason …) or
 * NULL. */
const char   *kz_idea_view_get_message     (KzIdeaView *self);
gboolean      kz_idea_view_get_voted       (KzIdeaView *self);
/* TRUE when this computer holds the idea's own follow-up token: comments
 * made anonymously here appear under the idea's pseudonym. */
gboolean      kz_idea_view_get_authored    (KzIdeaView *self);
/* KzIdeaComment*, in thread order. */
GPtrArray    *kz_idea_view_get_comments    (KzIdeaView *self);

G_END_DECLS
