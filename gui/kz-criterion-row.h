/* kz-criterion-row.h — one criterion of the review form
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "kz-answer.h"
#include "kz-rubric.h"

G_BEGIN_DECLS

#define KZ_TYPE_CRITERION_ROW (kz_criterion_row_get_type ())
G_DECLARE_FINAL_TYPE (KzCriterionRow, kz_criterion_row, KZ, CRITERION_ROW, GtkBox)

/* @timed: offer "comment at current time" (calls).  The row keeps a
 * pointer to @criterion: the caller keeps its rubric alive. */
GtkWidget         *kz_criterion_row_new              (const KzCriterion *criterion,
                                                      gboolean           timed);
const KzCriterion *kz_criterion_row_get_criterion    (KzCriterionRow    *self);
/* Shows @answer (NULL: unanswered) without emitting ::changed. */
void               kz_criterion_row_set_answer       (KzCriterionRow    *self,
                                                      const KzAnswer    *answer);
/* The answer on the row, or NULL when it holds nothing at all. */
KzAnswer          *kz_criterion_row_dup_answer       (KzCriterionRow    *self);
/* Picks the @index-th scale point (0-based); FALSE when there is none. */
gboolean           kz_criterion_row_pick             (KzCriterionRow    *self,
                                                      guint              index);
/* Answers N/A; FALSE when the criterion does not allow it. */
gboolean           kz_criterion_row_pick_na          (KzCriterionRow    *self);
/* Pins the comment to a moment of the recording (-1: none). */
void               kz_criterion_row_set_comment_time (KzCriterionRow    *self,
                                                      gint               ms);
/* Moves the keyboard focus into the row (its chosen point, else the first). */
void               kz_criterion_row_grab_focus       (KzCriterionRow    *self);
void               kz_criterion_row_set_editable     (KzCriterionRow    *self,
                                                      gboolean           editable);

G_END_DECLS
