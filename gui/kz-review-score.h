/* kz-review-score.h — what the review workspace's score header shows
 *
 * The pure half of the live score: rubric + the answers on the form (both
 * from the model) → the strings in the header.  No widgets, no arithmetic:
 * the numbers come from kz_score_compute(), formatted by the model.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kz-answer.h"
#include "kz-rubric.h"

G_BEGIN_DECLS

typedef struct {
  char     *final_score;   /* kz_score_format_percent (has_score, final) */
  char     *verdict;       /* "Pass", "Fail", "No score yet" */
  char     *auto_fail;     /* "Auto-fail: …" naming the criteria, or NULL */
  char     *breakdown;     /* kz_score_format_breakdown () */
  char     *progress;      /* "3 of 14 answered" */
  gboolean  has_score;
  gboolean  pass;
  gboolean  auto_failed;
  guint     n_missing_required;
} KzReviewScore;

KzReviewScore *kz_review_score_new  (KzRubric    *rubric,
                                     KzAnswerSet *answers);
void           kz_review_score_free (KzReviewScore *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KzReviewScore, kz_review_score_free)

G_END_DECLS
