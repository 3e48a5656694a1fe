/* kz-evaluation-row.h — one line of the evaluations table, as a GObject
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include "kz-types.h"

G_BEGIN_DECLS

#define KZ_TYPE_EVALUATION_ROW (kz_evaluation_row_get_type ())
G_DECLARE_FINAL_TYPE (KzEvaluationRow, kz_evaluation_row, KZ, EVALUATION_ROW, GObject)

KzEvaluationRow *kz_evaluation_row_new           (const KzEvaluationSummary *summary);

gint64           kz_evaluation_row_get_id        (KzEvaluationRow *self);
gint64           kz_evaluation_row_get_date      (KzEvaluationRow *self);
const char      *kz_evaluation_row_get_date_text (KzEvaluationRow *self);
const char      *kz_evaluation_row_get_agent     (KzEvaluationRow *self);
const char      *kz_evaluation_row_get_reviewer  (KzEvaluationRow *self);
const char      *kz_evaluation_row_get_rubric    (KzEvaluationRow *self);
gboolean         kz_evaluation_row_get_has_score (KzEvaluationRow *self);
double           kz_evaluation_row_get_score     (KzEvaluationRow *self);
const char      *kz_evaluation_row_get_score_text (KzEvaluationRow *self);
gboolean         kz_evaluation_row_get_pass      (KzEvaluationRow *self);
const char      *kz_evaluation_row_get_pass_text (KzEvaluationRow *self);
const char      *kz_evaluation_row_get_state     (KzEvaluationRow *self);

const char      *kz_evaluation_row_get_agent_status (KzEvaluationRow *self);

G_END_DECLS
