/* kz-drilldown-dialog.h — the evaluations behind a dashboard figure
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define KZ_TYPE_DRILLDOWN_DIALOG (kz_drilldown_dialog_get_type ())
G_DECLARE_FINAL_TYPE (KzDrilldownDialog, kz_drilldown_dialog, KZ, DRILLDOWN_DIALOG, AdwWindow)

/* @evaluations: KzEvaluationSummary* (a reference is taken).  Activating a
 * row opens that evaluation in @parent ("win.show-evaluation") and closes
 * the dialog. */
GtkWidget *kz_drilldown_dialog_new         (GtkWindow  *parent,
                                            const char *title,
                                            const char *subtitle,
                                            GPtrArray  *evaluations);
/* The ids listed, in the order shown (gint64). */
GArray    *kz_drilldown_dialog_get_ids     (KzDrilldownDialog *self);

G_END_DECLS
