/* kz-evaluation-view.h — one evaluation: its score, sections and answers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include "kz-evaluation-display.h"
#include "kz-store.h"

G_BEGIN_DECLS

#define KZ_TYPE_EVALUATION_VIEW (kz_evaluation_view_get_type ())
G_DECLARE_FINAL_TYPE (KzEvaluationView, kz_evaluation_view, KZ, EVALUATION_VIEW, AdwBin)

GtkWidget *kz_evaluation_view_new         (void);
void       kz_evaluation_view_set_store   (KzEvaluationView *self,
                                           KzStore          *store);
/* Loads evaluation @id, its rubric version and its people from the store and
 * scores it with the model, off the UI thread. */
void       kz_evaluation_view_load        (KzEvaluationView *self,
                                           gint64            id);
gint64     kz_evaluation_view_get_evaluation_id (KzEvaluationView *self);
gboolean   kz_evaluation_view_get_loading (KzEvaluationView *self);
/* What is shown, or NULL before a load finished. */
const KzEvaluationDisplay *kz_evaluation_view_get_display (KzEvaluationView *self);

G_END_DECLS
