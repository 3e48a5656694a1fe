/* kz-disputes-page.h — agents' disputes, resolved criterion by criterion
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kz-store.h"

G_BEGIN_DECLS

#define KZ_TYPE_DISPUTES_PAGE (kz_disputes_page_get_type ())
G_DECLARE_FINAL_TYPE (KzDisputesPage, kz_disputes_page, KZ, DISPUTES_PAGE, AdwBin)

GtkWidget  *kz_disputes_page_new           (void);
void        kz_disputes_page_set_store     (KzDisputesPage *self,
                                            KzStore        *store);
/* Who resolves: the evaluation's reviewer or a manager of the agent's team
 * (the store checks).  A reviewer's page lists the disputes on their own
 * evaluations, a manager's or an administrator's all it may read. */
void        kz_disputes_page_set_person    (KzDisputesPage *self,
                                            gint64          person_id,
                                            KzRoles         roles);
/* Reads the disputes again, off the UI thread. */
void        kz_disputes_page_reload        (KzDisputesPage *self);
gboolean    kz_disputes_page_get_loading   (KzDisputesPage *self);
/* Disputes listed (open ones, or all with "show closed"). */
guint       kz_disputes_page_get_n_disputes (KzDisputesPage *self);
guint       kz_disputes_page_get_n_open    (KzDisputesPage *self);
/* The last error shown ("" when none). */
const char *kz_disputes_page_get_message   (KzDisputesPage *self);
/* The decision controls of a pending criterion, for tests and the
 * keyboard: a GtkDropDown "decision-D-C" (0 choose, 1 uphold, 2 change), a
 * GtkDropDown "answer-D-C" (the scale's points, then N/A when allowed) and
 * a GtkEntry "note-D-C"; the button "resolve-D".  Returns the answer
 * dropdown's row for @value (-1: N/A), G_MAXUINT when none. */
guint       kz_disputes_page_answer_position (KzDisputesPage *self,
                                              gint64          dispute_id,
                                              const char     *criterion_id,
                                              gboolean        na,
                                              double          value);

G_END_DECLS
