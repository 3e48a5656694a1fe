/* kz-ical-samples.h — the events test-ical and check-ics.py agree on
 *
 * The figures the checks expect are worked out by hand next to each event
 * in kz-ical-samples.c, not read back from the exporter.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kz-ical.h"

G_BEGIN_DECLS

/* The DTSTAMP of every sample: 2026-12-02 10:00:00 UTC. */
GDateTime  *kz_ical_sample_now        (void);
/* A: weekly group training, Thursdays 18:00 Europe/Berlin from 2027-01-14,
 * 90 minutes, through 2027-03-11, 2027-02-04 dropped; organizer and two
 * attendees.  SEQUENCE 0. */
KzCalEvent *kz_ical_sample_training   (void);
/* A after an update: 17:30 instead of 18:00 (UNTIL follows), SEQUENCE 1. */
KzCalEvent *kz_ical_sample_training_moved (void);
/* B, C, D, E: see the .c file. */
GPtrArray  *kz_ical_sample_plan       (void);
/* Writes plain.ics (A–E), invite.ics (A, REQUEST), update.ics (A moved,
 * REQUEST), cancel.ics (A moved and cancelled: SEQUENCE 2, CANCEL) and
 * zones.ics (one event in each of seven zones, 2027-03-01 12:00). */
gboolean    kz_ical_samples_write     (const char *dir,
                                       GError    **error);

G_END_DECLS
