/* kz-voice-format.h — the words and numbers the staff-voice pages show
 *
 * Pure functions from the model's figures to text, shared by the Pulse,
 * Survey Results and Ideas pages, so tests check them without a display.
 * They format; they never compute a figure (model/kz-voice*.c does).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "kz-stats.h"
#include "kz-voice.h"

G_BEGIN_DECLS

/* "14 March 2026"; with the weekday: "Friday 14 March". */
char       *kz_voice_format_date        (const GDate       *date);
char       *kz_voice_format_day         (const GDate       *date);
/* "Week of 9 March 2026" */
char       *kz_voice_format_week        (const GDate       *week);
/* "+5.0", "−3.2", "0.0": a sign always, a real minus sign. */
char       *kz_voice_format_signed      (double             value,
                                         int                decimals);
/* "72.5" */
char       *kz_voice_format_score       (double             score);
/* "+20 (−30 to +61), n 10" */
char       *kz_voice_format_enps        (const KzEnps      *enps);
/* "3.80 (3.10 to 4.50)"; "3.80" without an interval (one answer). */
char       *kz_voice_format_mean        (const KzMeanInterval *mean);
/* "+5.0, significant" / "−2.0, not significant" */
char       *kz_voice_format_change      (double             change,
                                         int                decimals,
                                         gboolean           significant);
/* "Strongly disagree" … "Strongly agree" for 1–5. */
const char *kz_voice_agree_label        (int                value);
/* "New", "Under Review", "Planned", "Done", "Declined" */
const char *kz_voice_idea_status_label  (KzIdeaStatus       status);
/* The badge's style class: "accent", "warning", "success", "error" or "". */
const char *kz_voice_idea_status_style  (KzIdeaStatus       status);
/* "Scale 0–10", "Agreement 1–5", "Free text" */
const char *kz_voice_question_kind_label (KzQuestionKind    kind);
/* What the screen shows instead of a withheld figure, kz_suppression_reason()
 * as a sentence: "Hidden: fewer than 5 answers", "Hidden so the others
 * cannot be subtracted to reveal a smaller group". */
char       *kz_voice_format_hidden      (KzSuppression      suppression,
                                         guint              k);

G_END_DECLS
