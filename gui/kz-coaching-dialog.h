/* kz-coaching-dialog.h — plan a 1:1 coaching session from an agent's gaps
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kz-store.h"

G_BEGIN_DECLS

#define KZ_TYPE_COACHING_DIALOG (kz_coaching_dialog_get_type ())
G_DECLARE_FINAL_TYPE (KzCoachingDialog, kz_coaching_dialog, KZ, COACHING_DIALOG, AdwWindow)

/* A dialog for a session of @coach_id with @agent_id on @rubric_id's
 * criteria.  Add the criteria and the evaluations behind them, then show it. */
KzCoachingDialog *kz_coaching_dialog_new            (KzStore          *store,
                                                     gint64            agent_id,
                                                     const char       *agent_name,
                                                     gint64            coach_id,
                                                     const char       *rubric_id);
/* A criterion that can be a focus of the session (@focused: ticked). */
void              kz_coaching_dialog_add_criterion  (KzCoachingDialog *self,
                                                     const char       *criterion_id,
                                                     const char       *title,
                                                     gboolean          focused);
/* An evaluation behind @criterion_id's gap, offered as evidence: ticked
 * while one of the criteria it is behind is a focus. */
void              kz_coaching_dialog_add_evidence   (KzCoachingDialog *self,
                                                     const char       *criterion_id,
                                                     gint64            evaluation_id,
                                                     const char       *label);
/* The plan as the form says now (NULL with a message when it is not complete). */
KzPlan           *kz_coaching_dialog_build_plan     (KzCoachingDialog *self,
                                                     GError          **error);
/* The id of the session saved, 0 until then. */
gint64            kz_coaching_dialog_get_plan_id    (KzCoachingDialog *self);

G_END_DECLS
