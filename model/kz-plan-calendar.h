/* kz-plan-calendar.h — stored plans as a calendar: occurrences and iCalendar events
 *
 * What the Calendar page shows and what `.ics` files carry, from KzPlan
 * (kz-coaching.h), shared by the GUI and kaizenctl:
 *
 *  - occurrences: a coaching session at its start (or on its due day when it
 *    has no start yet), an eLearning assignment on its due day (all day), a
 *    group training at every start its recurrence makes (libical's
 *    recurrence iterator, in the plan's zone, so 18:00 stays 18:00 across
 *    daylight saving) minus the dropped ones (exdates);
 *  - events: one KzCalEvent per plan for kz_ical_export(), with the plan's
 *    uid and sequence, organizer (the coach or organiser) and attendees (the
 *    agent, or the training's attendees) from the people's primary emails.
 *    Private notes never go out: the description is the agenda.  A
 *    cancelled plan is STATUS:CANCELLED (its sequence was raised when it
 *    was cancelled).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kz-coaching.h"
#include "kz-ical.h"
#include "kz-store.h"

G_BEGIN_DECLS

typedef struct {
  gint64       plan_id;
  KzPlanKind   kind;
  KzPlanState  state;
  char        *title;
  GDateTime   *start;             /* in the plan's zone; all day: midnight local time */
  int          duration_minutes;
  gboolean     all_day;
  guint        index;             /* 0 for the first occurrence of the series, 1, … (exdates count) */
} KzPlanOccurrence;

void kz_plan_occurrence_free (KzPlanOccurrence *self);

/* The occurrences (KzPlanOccurrence*) of @plan starting in [@from, @to),
 * in time order.  A cancelled plan has none.  NULL with KZ_ERROR_INVALID_INPUT
 * when its zone is unknown or its recurrence cannot be read. */
GPtrArray *kz_plan_occurrences   (const KzPlan  *plan,
                                  GDateTime     *from,
                                  GDateTime     *to,
                                  GError       **error);
/* The same over @plans (KzPlan*), all together in time order. */
GPtrArray *kz_plans_occurrences  (GPtrArray     *plans,
                                  GDateTime     *from,
                                  GDateTime     *to,
                                  GError       **error);

/* @people: gint64* id → KzPerson* (may be NULL: no organizer or attendees).
 * NULL with an error for a plan with nothing to put in a calendar (no start
 * and no due date). */
KzCalEvent *kz_plan_to_cal_event (const KzPlan  *plan,
                                  GHashTable    *people,
                                  GError       **error);
/* KzCalEvent* for @plans (KzPlan*), people read from @store; plans with
 * nothing to schedule are left out. */
GPtrArray  *kz_plans_to_cal_events (KzStore     *store,
                                    GPtrArray   *plans,
                                    GError     **error);
/* kz_plans_to_cal_events() then kz_ical_export_to_file(). */
gboolean    kz_plans_export_to_file (KzStore     *store,
                                     GPtrArray   *plans,
                                     KzCalMethod  method,
                                     GDateTime   *now,
                                     const char  *path,
                                     GError     **error);

/* The plans (KzPlan*) to show for a person (@person_id) or a team
 * (@team_id, its members' plans), each once; both 0: every plan. */
GPtrArray  *kz_plans_for_schedule (KzStore  *store,
                                   gint64    person_id,
                                   gint64    team_id,
                                   GError  **error);

/* ---- import: training sessions booked elsewhere ------------------------------
 *
 * kz_plans_import_events() brings the events of an .ics file
 * (kz_ical_import()) in as group training plans, all in ONE transaction:
 *
 *  - an event whose UID is already a plan's updates that plan only when its
 *    SEQUENCE is higher (else: skipped, "already up to date"); the plan then
 *    takes the event's SEQUENCE, title, times, recurrence, dropped dates,
 *    place, link, organiser and attendees (attendance kept for those still
 *    listed); its course stays.  Only group training is changed so: a UID
 *    that is a coaching session or an eLearning assignment is skipped;
 *  - STATUS:CANCELLED with a higher SEQUENCE cancels a planned plan (a done
 *    or missed one is skipped, and a cancelled plan is never brought back);
 *  - a new UID makes a planned group training with the event's UID and
 *    SEQUENCE, linked to a catalog course: @course_id when > 0 (it must be
 *    a course), else the one course whose title is the event's SUMMARY
 *    (compared case-insensitively, spaces at the ends ignored).  No such
 *    course: skipped, "no course", nothing stored for it.  A new cancelled
 *    event is skipped too;
 *  - times keep their zone and wall time (a floating time is read in this
 *    computer's zone); RRULE (FREQ, INTERVAL, COUNT, UNTIL, BYDAY) and
 *    EXDATE become the plan's recurrence.  An all-day event is skipped:
 *    group training starts at a time.  No DTEND nor DURATION: 60 minutes;
 *  - attendees and the organiser are matched to people by email (any of a
 *    person's emails, case-insensitively); unknown ones are listed in the
 *    result, not fatal.  An organiser nobody has leaves the organiser as it
 *    was (none for a new plan).
 *
 * A plan the store refuses (more attendees than the course's places, say)
 * is skipped with the store's reason, and the rest still come in.
 */

typedef enum {
  KZ_CAL_IMPORT_CREATED,
  KZ_CAL_IMPORT_UPDATED,
  KZ_CAL_IMPORT_CANCELLED,
  KZ_CAL_IMPORT_SKIPPED,
} KzCalImportAction;

/* "created", "updated", "cancelled", "skipped". */
const char *kz_cal_import_action_to_string (KzCalImportAction action);

typedef struct {
  char              *uid;
  char              *summary;
  KzCalImportAction  action;
  char              *reason;          /* skipped: why; NULL otherwise */
  gint64             plan_id;         /* the plan made or changed; skipped: the plan of that UID, or 0 */
  gint64             course_id;       /* its course (0: none) */
  GPtrArray         *unknown_people;  /* char*: emails of attendees (and the organiser) nobody has */
} KzCalImportResult;

void kz_cal_import_result_free (KzCalImportResult *self);

/* One KzCalImportResult* per event of @events (KzCalEvent*), in order.
 * @dry_run: everything is done, then rolled back (the results say what
 * would happen).  NULL with an error, and nothing stored, when @course_id
 * is not a course or the store fails. */
GPtrArray *kz_plans_import_events (KzStore    *store,
                                   GPtrArray  *events,
                                   gint64      course_id,
                                   gboolean    dry_run,
                                   GError    **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KzPlanOccurrence, kz_plan_occurrence_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KzCalImportResult, kz_cal_import_result_free)

G_END_DECLS
