/* kz-survey-setup-dialog.h — the question bank and the pulse plans, for
 * managers: edit questions, add one, set up plans, start a plan's next round
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kz-store.h"

G_BEGIN_DECLS

#define KZ_TYPE_SURVEY_SETUP_DIALOG (kz_survey_setup_dialog_get_type ())
G_DECLARE_FINAL_TYPE (KzSurveySetupDialog, kz_survey_setup_dialog, KZ, SURVEY_SETUP_DIALOG, AdwPreferencesWindow)

/* KzSurveySetupDialog::changed: something was stored (a question, a plan,
 * a round). */
KzSurveySetupDialog *kz_survey_setup_dialog_new         (GtkWindow           *parent,
                                                         KzStore             *store);
gboolean             kz_survey_setup_dialog_get_busy    (KzSurveySetupDialog *self);
/* What the last change said: the store's refusal, or what was done. */
const char          *kz_survey_setup_dialog_get_message (KzSurveySetupDialog *self);
/* The bank and plans as loaded (KzQuestion*, KzPulsePlan*). */
GPtrArray           *kz_survey_setup_dialog_get_questions (KzSurveySetupDialog *self);
GPtrArray           *kz_survey_setup_dialog_get_plans   (KzSurveySetupDialog *self);
/* The day a new round opens by default (today as the store sees it), and
 * closes: six days later. */
void                 kz_survey_setup_dialog_default_dates (const GDate       *today,
                                                           GDate             *opens,
                                                           GDate             *closes);

G_END_DECLS
