/* kz-voice-scale.h — one pulse question's answer: 0–10 or 1–5 points
 *
 * A row of point buttons (1–5 labelled "Strongly disagree" … "Strongly
 * agree"; 0–10 with the ends' words under it) that is one keyboard stop: the
 * number keys pick a point (1 then 0 quickly is 10), the arrow keys move,
 * Home and End go to the ends, Delete clears.  To assistive technologies it
 * is a slider with the point's words as its value text.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "kz-voice.h"

G_BEGIN_DECLS

#define KZ_TYPE_VOICE_SCALE (kz_voice_scale_get_type ())
G_DECLARE_FINAL_TYPE (KzVoiceScale, kz_voice_scale, KZ, VOICE_SCALE, GtkWidget)

/* Two digits typed within this many milliseconds make one number (1, 0: 10). */
#define KZ_VOICE_SCALE_DIGIT_MS 1000

/* @kind: KZ_QUESTION_SCALE_0_10 or KZ_QUESTION_AGREE_1_5; @low and @high
 * the words under the ends of a 0–10 scale ("Not at all likely"), or NULL. */
GtkWidget      *kz_voice_scale_new        (KzQuestionKind  kind,
                                           const char     *low,
                                           const char     *high);
KzQuestionKind  kz_voice_scale_get_kind   (KzVoiceScale   *self);
/* -1: not answered. */
int             kz_voice_scale_get_value  (KzVoiceScale   *self);
void            kz_voice_scale_set_value  (KzVoiceScale   *self,
                                           int             value);
int             kz_voice_scale_get_min    (KzVoiceScale   *self);
int             kz_voice_scale_get_max    (KzVoiceScale   *self);
/* The point's button (for tests and pointer users). */
GtkWidget      *kz_voice_scale_get_button (KzVoiceScale   *self,
                                           int             value);

G_END_DECLS
