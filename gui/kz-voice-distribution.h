/* kz-voice-distribution.h — a question's answers by point, as small bars
 *
 * A shown figure's counts per scale point (0–10 or 1–5) drawn as a row of
 * bars, with the numbers in its tooltip and its accessible description.  It
 * is given counts only — a suppressed figure has none, and shows nothing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "kz-voice.h"

G_BEGIN_DECLS

#define KZ_TYPE_VOICE_DISTRIBUTION (kz_voice_distribution_get_type ())
G_DECLARE_FINAL_TYPE (KzVoiceDistribution, kz_voice_distribution, KZ, VOICE_DISTRIBUTION, GtkWidget)

GtkWidget *kz_voice_distribution_new      (KzQuestionKind       kind,
                                           const guint          counts[11]);
/* "1: 0 · 2: 1 · 3: 2 · 4: 5 · 5: 2" — the tooltip and the description. */
char      *kz_voice_distribution_describe (KzQuestionKind       kind,
                                           const guint          counts[11]);
guint      kz_voice_distribution_get_count (KzVoiceDistribution *self,
                                           int                  value);

G_END_DECLS
