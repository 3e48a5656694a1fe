/* kz-store-private.h — what kz_store_copy() needs beyond the public API
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kz-store.h"

G_BEGIN_DECLS

/* kz_store_save_evaluation() without recording a revision: the copy writes
 * the source's revisions, disputes and audit trail whole afterwards
 * (kz_store_history_import()). */
gint64 kz_store_save_evaluation_without_history (KzStore       *self,
                                                 KzEvaluation  *evaluation,
                                                 GError       **error);

/* A calibration session as it is in the store copied from — its lead,
 * reviewers, interactions and creation time, open — without the checks of
 * kz_store_create_calibration() (whose rules held when it was made; the
 * people's roles may have changed since).  Returns the id. */
gint64 kz_store_copy_calibration               (KzStore               *self,
                                                KzCalibrationSession  *session,
                                                GError               **error);

/* Coaching records as they are in the store copied from (ids already this
 * store's): a plan with its uid, sequence, state and times, a proposal in
 * whatever state, completions without marking any plan — checked with
 * kz_plan_check() but not against the rules of new plans.  Return the new
 * id (add_completions: whether it worked). */
gint64   kz_store_copy_plan                    (KzStore               *self,
                                                KzPlan                *plan,
                                                GError               **error);
gint64   kz_store_copy_proposal                (KzStore               *self,
                                                KzProposal            *proposal,
                                                GError               **error);
gboolean kz_store_copy_completions             (KzStore               *self,
                                                GPtrArray             *completions,
                                                GError               **error);

G_END_DECLS
