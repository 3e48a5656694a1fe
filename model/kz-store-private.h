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

G_END_DECLS
