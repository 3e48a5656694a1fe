/* kz-evaluation-display.h — what the evaluation page shows, as plain strings
 *
 * The pure half of KzEvaluationView: evaluation + rubric + score (all from
 * the model) → the texts the widgets display.  No widgets, no display, no
 * arithmetic: every number comes from the KzScore, formatted.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kz-rubric.h"
#include "kz-score.h"
#include "kz-types.h"

G_BEGIN_DECLS

typedef struct {
  char     *criterion_id;
  char     *criterion_title;
  char     *answer;        /* "Good (4)", "N/A", "Unanswered" */
  char     *comment;       /* NULL when there is none */
  gint      comment_at_ms; /* a call comment's moment in the recording; -1: none */
  char     *critical;      /* "Auto-fail: form", "Fails section" or NULL */
  gboolean  unanswered;
  gboolean  failed;        /* this answer triggered a fail rule */
} KzAnswerDisplay;

typedef struct {
  char      *title;
  char      *weight;       /* "Weight 20" */
  char      *score;        /* "87.5", or "—" when the section is N/A */
  char      *note;         /* "Failed by a critical criterion", "Not applicable" or NULL */
  gboolean   failed;
  GPtrArray *answers;      /* KzAnswerDisplay*, rubric order */
} KzSectionDisplay;

typedef struct {
  char      *agent;
  char      *reviewer;
  char      *date;
  char      *rubric;        /* "Customer Call Quality, version 2" */
  char      *state;         /* "Draft", "Submitted" */
  char      *final_score;   /* kz_score_format_percent (has_score, final) */
  char      *verdict;       /* "Pass", "Fail", "No score" */
  char      *pass_mark;     /* "80" */
  char      *raw_score;
  char      *critical_score;
  char      *auto_fail;     /* "Yes" or "No" */
  char      *auto_fail_detail; /* "Triggered by …", or NULL */
  char      *breakdown;     /* kz_score_format_breakdown () */
  gboolean   has_score;
  gboolean   pass;
  gboolean   auto_failed;
  GPtrArray *sections;      /* KzSectionDisplay*, rubric order */
} KzEvaluationDisplay;

KzEvaluationDisplay *kz_evaluation_display_new  (const KzEvaluation *evaluation,
                                                 KzRubric           *rubric,
                                                 const KzScore      *score,
                                                 const char         *agent_name,
                                                 const char         *reviewer_name);
void                 kz_evaluation_display_free (KzEvaluationDisplay *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KzEvaluationDisplay, kz_evaluation_display_free)

G_END_DECLS
