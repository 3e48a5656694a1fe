/* kz-rubric-text.h — rubric facts in words a reviewer reads
 *
 * Pure functions (no widgets), so tests check them without a display.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kz-rubric.h"

G_BEGIN_DECLS

/* "N/A not allowed", "N/A excluded from score", "N/A counts as full marks",
 * "N/A counts as 2". */
char *kz_rubric_text_na_policy  (const KzCriterion   *criterion);
/* "Auto-fail: form", "Fails section", or NULL for a criterion that is not
 * critical. */
char *kz_rubric_text_critical   (const KzCriterion   *criterion);
/* What failing a critical criterion does: "A score below 3 sets its section
 * to 0", "Answering “No” sets the whole evaluation to 0"; NULL when not
 * critical. */
char *kz_rubric_text_fail_rule  (const KzCriterion   *criterion);
/* "Weight 2", "Weight 0.5". */
char *kz_rubric_text_weight     (double               weight);
/* "Yes / No", "Scale 1–5", "4 points: Poor – Excellent". */
char *kz_rubric_text_scale      (const KzScale       *scale);
/* A point's value as shown: "4", "0.5". */
char *kz_rubric_text_value      (double               value);
/* "Good (4)", or "4" when the label is the value itself. */
char *kz_rubric_text_point      (const KzScalePoint  *point);

G_END_DECLS
