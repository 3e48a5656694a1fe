/* kz-idea-dialog.h — post an idea, anonymously by default
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kz-store.h"

G_BEGIN_DECLS

#define KZ_TYPE_IDEA_DIALOG (kz_idea_dialog_get_type ())
G_DECLARE_FINAL_TYPE (KzIdeaDialog, kz_idea_dialog, KZ, IDEA_DIALOG, AdwWindow)

/* KzIdeaDialog::posted (const char *idea_id): stored (and, anonymous, its
 * follow-up token kept on this computer); the dialog closes itself.
 * @person_id: who posts a named idea (a single file: the person picked; a
 * team server: the login, whatever is given). */
KzIdeaDialog *kz_idea_dialog_new          (GtkWindow    *parent,
                                           KzStore      *store,
                                           gint64        person_id);
gboolean      kz_idea_dialog_get_posting  (KzIdeaDialog *self);
/* The store's refusal, shown under the form; NULL when none. */
const char   *kz_idea_dialog_get_message  (KzIdeaDialog *self);

G_END_DECLS
