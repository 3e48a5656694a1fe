/* kz-pulse-page.h — the pulse rounds open for the current person, answered
 * in a minute from the keyboard
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kz-store.h"

G_BEGIN_DECLS

#define KZ_TYPE_PULSE_PAGE (kz_pulse_page_get_type ())
G_DECLARE_FINAL_TYPE (KzPulsePage, kz_pulse_page, KZ, PULSE_PAGE, AdwBin)

GtkWidget  *kz_pulse_page_new            (void);
void        kz_pulse_page_set_store      (KzPulsePage *self,
                                          KzStore     *store);
/* Who answers: the person picked in the header bar (a single file), or
 * the login's person on a team server; 0: nobody yet. */
void        kz_pulse_page_set_person_id  (KzPulsePage *self,
                                          gint64       person_id);
gint64      kz_pulse_page_get_person_id  (KzPulsePage *self);
/* Reads the open rounds again, off the UI thread (voice tables announce no
 * changes: timing would tell who answered). */
void        kz_pulse_page_reload         (KzPulsePage *self);
gboolean    kz_pulse_page_get_loading    (KzPulsePage *self);
/* Open rounds the person has not answered yet. */
guint       kz_pulse_page_get_n_open     (KzPulsePage *self);
/* "loading", "no-person", "empty", "list", "form", "thanks" or "error". */
const char *kz_pulse_page_get_state      (KzPulsePage *self);
/* Shows the form of an open round listed on the page. */
gboolean    kz_pulse_page_open_round     (KzPulsePage *self,
                                          gint64       round_id);
/* The round the form is for; 0 when none is up. */
gint64      kz_pulse_page_get_form_round (KzPulsePage *self);

/* The privacy note under every form, honest about the backend: on a team
 * server nobody can read single answers, only figures for groups of at
 * least @k; in a single file anyone with the file can read everything.  In
 * both the answer keeps the team, never the name, and no time. */
char       *kz_pulse_page_privacy_note   (gboolean     shared,
                                          guint        k);

G_END_DECLS
