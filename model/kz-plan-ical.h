/* kz-plan-ical.h — coaching plans as calendar events
 *
 * A scheduled coaching session or group training is a timed event in its
 * zone; an eLearning assignment is an all-day event on its due date.  The
 * plan's uid and sequence are the event's UID and SEQUENCE.  Private notes
 * never leave: the description is the agenda.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kz-coaching.h"
#include "kz-ical.h"
#include "kz-store.h"

G_BEGIN_DECLS

/* NULL with no error for a plan with nothing to put in a calendar (a
 * session not scheduled yet, an assignment without a due date). */
KzCalEvent *kz_plan_to_cal_event   (KzStore       *store,
                                    const KzPlan  *plan,
                                    GError       **error);
/* KzCalEvent* for the plans that have a time, in @plans' order. */
GPtrArray  *kz_plans_to_cal_events (KzStore       *store,
                                    GPtrArray     *plans,
                                    GError       **error);

G_END_DECLS
