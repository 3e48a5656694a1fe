/* kz-draft-journal.h — a reviewer's unsaved answers, kept on this computer
 *
 * The review workspace saves drafts to the store a moment after each
 * change; the journal covers the moment in between, and the time a team
 * server cannot be reached.  Every change is written here at once (a small
 * JSON file, replaced atomically), and removed once the store has it.  After
 * a crash, a kill or a lost connection the next workspace on the same
 * interaction finds it and carries on.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kz-types.h"

G_BEGIN_DECLS

/* The journal's file for one reviewer's draft of one interaction in one
 * database (@database: kz_store_get_identity () of it):
 * $XDG_STATE_HOME/kaizen/drafts/HASH.json. */
char         *kz_draft_journal_path   (const char          *database,
                                       gint64               interaction_id,
                                       gint64               reviewer_id);

/* Writes @evaluation (its ids, rubric version, row version and answers)
 * atomically: the file is either the old one or the new one. */
gboolean      kz_draft_journal_write  (const char          *path,
                                       const KzEvaluation  *evaluation,
                                       GError             **error);

/* The evaluation written there; NULL without an error when there is no
 * journal, NULL with KZ_ERROR_INVALID_FILE when it cannot be read (a
 * journal from a newer Kaizen, or damaged). */
KzEvaluation *kz_draft_journal_read   (const char          *path,
                                       GError             **error);

void          kz_draft_journal_remove (const char          *path);

/* TRUE when both hold the same answers (kind, value, comment, moment). */
gboolean      kz_answer_sets_equal    (KzAnswerSet         *a,
                                       KzAnswerSet         *b);

G_END_DECLS
