/* kz-voice-notifier.h — a desktop notification when a pulse round opens
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kz-store.h"

G_BEGIN_DECLS

/* How often the open rounds are read again: never more than every five
 * minutes. */
#define KZ_VOICE_NOTIFIER_INTERVAL_SECONDS (5 * 60)

#define KZ_TYPE_VOICE_NOTIFIER (kz_voice_notifier_get_type ())
G_DECLARE_FINAL_TYPE (KzVoiceNotifier, kz_voice_notifier, KZ, VOICE_NOTIFIER, GObject)

/* Checks @store for open rounds the person has not answered, now and then
 * every KZ_VOICE_NOTIFIER_INTERVAL_SECONDS, and sends @application a
 * notification for each round it has not told about before (the rounds
 * told about are kept in kz_voice_notifier_state_path(), per database).
 * Clicking it runs app.show-page("pulse"). */
KzVoiceNotifier *kz_voice_notifier_new           (GApplication    *application,
                                                  KzStore         *store);
/* Whose rounds (a single file: the person picked; a team server: the
 * login's, whatever is set).  0 in a single file: nobody's, no check. */
void             kz_voice_notifier_set_person_id (KzVoiceNotifier *self,
                                                  gint64           person_id);
/* Checks now, off the UI thread (a check already running is let be). */
void             kz_voice_notifier_check         (KzVoiceNotifier *self);
gboolean         kz_voice_notifier_get_checking  (KzVoiceNotifier *self);
/* $XDG_STATE_HOME/kaizen/notified-rounds.ini */
char            *kz_voice_notifier_state_path    (void);
/* Whether the round was told about already (from the state file). */
gboolean         kz_voice_notifier_was_notified  (KzVoiceNotifier *self,
                                                  gint64           round_id);
/* The notification's id for a round (g_application_withdraw_notification). */
char            *kz_voice_notifier_notification_id (KzVoiceNotifier *self,
                                                    gint64           round_id);

G_END_DECLS
