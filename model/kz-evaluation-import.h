/* kz-evaluation-import.h — historical scores from another QA tool
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kz-email.h"
#include "kz-store.h"

G_BEGIN_DECLS

typedef struct {
  guint      n_rows;
  guint      n_stored;
  GPtrArray *issues;   /* KzImportIssue*: position = the file's line */
} KzEvaluationImportReport;

void kz_evaluation_import_report_clear (KzEvaluationImportReport *report);

/* Imports evaluations from a CSV with the columns agent_email, date
 * (YYYY-MM-DD or ISO 8601), rubric_id, rubric_version, reviewer_email and
 * one column per criterion id holding a point's value, "na", or nothing;
 * optionally a column interaction: the call id or email thread's first
 * Message-ID of the interaction reviewed, which must be in the database
 * already and be the agent's (or nobody's) — so a customer's rating of it
 * (kz_feedback_import()) meets the review.
 * Each row is checked against its rubric version, scored by Kaizen's
 * engine and stored as a submitted evaluation on its own; a bad row is
 * reported by line and skipped; with @strict a bad row refuses the whole
 * file before anything is written. */
gboolean kz_evaluation_import (KzStore                   *store,
                               const char                *path,
                               gboolean                   strict,
                               KzEvaluationImportReport  *report,
                               GError                   **error);

G_END_DECLS
