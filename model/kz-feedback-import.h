/* kz-feedback-import.h — customers' ratings from a survey tool's CSV
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kz-evaluation-import.h"

G_BEGIN_DECLS

/* Reads a CSV with the columns interaction (a call id or an email thread's
 * first Message-ID), rating, scale (csat 1–5 or nps 0–10), and optionally
 * comment and time (ISO 8601).  Each rating is set on its interaction
 * (replacing an earlier one); bad rows and unknown interactions are
 * reported by line.  The report's shape is that of the evaluation import. */
gboolean kz_feedback_import (KzStore                   *store,
                             const char                *path,
                             gboolean                   strict,
                             KzEvaluationImportReport  *report,
                             GError                   **error);

/* Checks one rating as the import and the call manifest read it; returns
 * the reason it is refused, or NULL and fills @feedback. */
char    *kz_feedback_parse  (const char   *rating,
                             const char   *scale,
                             const char   *comment,
                             const char   *time,
                             KzFeedback   *feedback);

G_END_DECLS
