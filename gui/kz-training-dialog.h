/* kz-training-dialog.h — "Schedule Group Training…": a course from the
 * catalog at a date, time and zone, with place or link, capacity,
 * attendees and a weekly or monthly recurrence, minus dropped occurrences
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kz-coaching.h"
#include "kz-store.h"

G_BEGIN_DECLS

#define KZ_TYPE_TRAINING_DIALOG (kz_training_dialog_get_type ())
G_DECLARE_FINAL_TYPE (KzTrainingDialog, kz_training_dialog, KZ, TRAINING_DIALOG, AdwWindow)

/* Reads the catalog and the people off the UI thread; "saved" (the new
 * plan's id) once the plan is stored, then it closes. */
KzTrainingDialog *kz_training_dialog_new           (KzStore          *store,
                                                    GtkWindow        *parent);
gboolean          kz_training_dialog_get_loading   (KzTrainingDialog *self);
/* The plan the form describes, or NULL with a message saying what to fix. */
KzPlan           *kz_training_dialog_build_plan    (KzTrainingDialog *self,
                                                    GError          **error);
/* The occurrences listed to keep or drop (check buttons named "occurrence"). */
guint             kz_training_dialog_get_n_occurrences (KzTrainingDialog *self);
/* Drops (unticks) the occurrence starting on @date (local day in the plan's zone). */
gboolean          kz_training_dialog_drop_occurrence (KzTrainingDialog *self,
                                                      const GDate      *date);

G_END_DECLS
