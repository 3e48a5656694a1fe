/* kz-review-workspace.h — review one interaction against a rubric
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kz-review-score.h"
#include "kz-store.h"

G_BEGIN_DECLS

#define KZ_TYPE_REVIEW_WORKSPACE (kz_review_workspace_get_type ())
G_DECLARE_FINAL_TYPE (KzReviewWorkspace, kz_review_workspace, KZ, REVIEW_WORKSPACE, AdwBin)

/* Loads the interaction, the rubric (@rubric_id's latest version, or the
 * version of the reviewer's draft of this interaction, which it reopens)
 * off the UI thread. */
KzReviewWorkspace   *kz_review_workspace_new               (KzStore           *store,
                                                            gint64             interaction_id,
                                                            gint64             reviewer_id,
                                                            const char        *rubric_id);
/* A reviewer's blind scoring of @interaction_id in calibration session
 * @session_id, with the session's rubric version: reopens their own
 * calibration evaluation, and never shows anyone else's. */
KzReviewWorkspace   *kz_review_workspace_new_calibration   (KzStore           *store,
                                                            gint64             session_id,
                                                            gint64             interaction_id,
                                                            gint64             reviewer_id,
                                                            const char        *rubric_id,
                                                            int                rubric_version);
/* 0 for an ordinary review. */
gint64               kz_review_workspace_get_calibration_session_id (KzReviewWorkspace *self);
/* FALSE until the interaction and the form are shown (or loading failed). */
gboolean             kz_review_workspace_get_loaded        (KzReviewWorkspace *self);
/* 0 until the first save. */
gint64               kz_review_workspace_get_evaluation_id (KzReviewWorkspace *self);
/* TRUE while a change waits for, or is in, an autosave. */
gboolean             kz_review_workspace_get_saving        (KzReviewWorkspace *self);
/* What the score header shows; NULL before loading. */
const KzReviewScore *kz_review_workspace_get_score         (KzReviewWorkspace *self);
/* The form's row of a criterion (a KzCriterionRow), NULL if none. */
GtkWidget           *kz_review_workspace_get_criterion_row (KzReviewWorkspace *self,
                                                            const char        *criterion_id);
/* The criterion the keyboard actions apply to. */
const char          *kz_review_workspace_get_current_criterion (KzReviewWorkspace *self);
/* A KzCallPlayer for a call, NULL otherwise. */
GtkWidget           *kz_review_workspace_get_player        (KzReviewWorkspace *self);
/* A KzEmailThreadView for an email, NULL otherwise. */
GtkWidget           *kz_review_workspace_get_thread_view   (KzReviewWorkspace *self);
/* The message shown after a refused submit or a failed save; "" when none. */
const char          *kz_review_workspace_get_message       (KzReviewWorkspace *self);
/* The interaction's subject (or "Call", "Email"); NULL before loading. */
const char          *kz_review_workspace_get_title         (KzReviewWorkspace *self);
KzChannel            kz_review_workspace_get_channel       (KzReviewWorkspace *self);
/* The rubric the form has now ("rubric-id" notifies when another is
 * chosen). */
const char          *kz_review_workspace_get_rubric_id     (KzReviewWorkspace *self);
/* TRUE while the last save did not reach the store (a team server away):
 * the answers wait in the journal, and Retry shows. */
gboolean             kz_review_workspace_get_save_failed   (KzReviewWorkspace *self);
/* Where this computer keeps the answers the store does not have yet. */
const char          *kz_review_workspace_get_journal_path  (KzReviewWorkspace *self);
/* What the customer-rating card says, e.g. "2/5" (a pure function). */
char                *kz_review_workspace_feedback_rating_text (const KzFeedback *feedback);

G_END_DECLS
