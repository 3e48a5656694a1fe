/* kz-idea-row.h — one idea on the board: votes, title, status, comments
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "kz-voice.h"

G_BEGIN_DECLS

#define KZ_TYPE_IDEA_ROW (kz_idea_row_get_type ())
G_DECLARE_FINAL_TYPE (KzIdeaRow, kz_idea_row, KZ, IDEA_ROW, GtkListBoxRow)

/* KzIdeaRow::vote: its vote button was pressed (it is insensitive once the
 * person has voted). */
GtkWidget    *kz_idea_row_new        (const KzIdea *idea,
                                      gboolean      voted);
const KzIdea *kz_idea_row_get_idea   (KzIdeaRow    *self);
gboolean      kz_idea_row_get_voted  (KzIdeaRow    *self);
/* After a vote went in: one more, and no second. */
void          kz_idea_row_set_voted  (KzIdeaRow    *self,
                                      guint         n_votes);
GtkWidget    *kz_idea_row_get_vote_button (KzIdeaRow *self);
/* "Tools · Anonymous 3f2a · Week of 9 March 2026" */
char         *kz_idea_row_describe   (const KzIdea *idea);

G_END_DECLS
