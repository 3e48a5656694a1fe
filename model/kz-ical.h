/* kz-ical.h — calendar events to and from iCalendar (RFC 5545), with libical
 *
 * A plain struct, independent of storage: whoever stores coaching sessions
 * and group training fills KzCalEvent from its rows, and keeps the UID
 * (kz_ical_new_uid, made once) and the SEQUENCE (raised on every change).
 *
 * Times are wall-clock times in an IANA zone ("Europe/Berlin"): what a person
 * booked, so a weekly 18:00 session stays at 18:00 across daylight saving.
 * Export writes DTSTART/DTEND with that TZID and one VTIMEZONE per zone from
 * libical's zone data; RRULE's UNTIL is written in UTC (RFC 5545 3.3.10 when
 * DTSTART has a TZID).  See coaching.md's Calendar bullet.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum {
  KZ_CAL_METHOD_NONE,      /* plain "add to my calendar" file: no METHOD */
  KZ_CAL_METHOD_REQUEST,   /* an invitation or an update of one */
  KZ_CAL_METHOD_CANCEL,    /* a cancellation */
} KzCalMethod;

typedef enum {
  KZ_CAL_STATUS_CONFIRMED,
  KZ_CAL_STATUS_TENTATIVE,
  KZ_CAL_STATUS_CANCELLED,
} KzCalStatus;

typedef enum {
  KZ_CAL_FREQ_NONE,        /* not recurring */
  KZ_CAL_FREQ_DAILY,
  KZ_CAL_FREQ_WEEKLY,
  KZ_CAL_FREQ_MONTHLY,
  KZ_CAL_FREQ_YEARLY,      /* import only brings these in; Kaizen does not schedule them */
} KzCalFreq;

typedef enum {
  KZ_CAL_ROLE_REQUIRED,    /* REQ-PARTICIPANT */
  KZ_CAL_ROLE_OPTIONAL,    /* OPT-PARTICIPANT */
  KZ_CAL_ROLE_CHAIR,       /* CHAIR */
} KzCalRole;

/* A wall-clock time in the event's zone; hour/minute/second are 0 for a
 * date (all-day event). */
typedef struct {
  int year, month, day;
  int hour, minute, second;
} KzCalTime;

typedef struct {
  char      *name;    /* may be NULL */
  char      *email;
  KzCalRole  role;    /* attendees only */
} KzCalPerson;

typedef struct {
  KzCalFreq  freq;
  int        interval;   /* 1 and up */
  int        count;      /* 0: none; count and until are exclusive */
  gboolean   has_until;
  KzCalTime  until;      /* wall time in the event's zone (inclusive) */
  GStrv      byday;      /* "MO", "WE"; "1MO", "-1FR" for monthly; NULL for none */
} KzCalRecurrence;

typedef struct {
  char            *uid;
  int              sequence;
  char            *summary;
  char            *description;   /* may be NULL */
  char            *location;      /* a place; may be NULL */
  char            *url;           /* a video link; may be NULL */
  gboolean         all_day;       /* start is a date; duration a whole number of days */
  KzCalTime        start;
  char            *tzid;          /* IANA zone, "UTC", or NULL for floating / all-day */
  int              duration_minutes;
  KzCalStatus      status;
  KzCalRecurrence  recurrence;
  GArray          *exdates;       /* KzCalTime, wall time in the event's zone; may be NULL */
  KzCalPerson     *organizer;     /* may be NULL (required for REQUEST and CANCEL) */
  GPtrArray       *attendees;     /* KzCalPerson*; may be NULL */
} KzCalEvent;

KzCalEvent  *kz_cal_event_new          (void);
void         kz_cal_event_free         (KzCalEvent        *event);
KzCalEvent  *kz_cal_event_copy         (const KzCalEvent  *event);
void         kz_cal_event_add_exdate   (KzCalEvent        *event,
                                        const KzCalTime   *when);
void         kz_cal_event_add_attendee (KzCalEvent        *event,
                                        const char        *name,
                                        const char        *email,
                                        KzCalRole          role);
void         kz_cal_event_set_organizer (KzCalEvent       *event,
                                         const char       *name,
                                         const char       *email);
/* Marks the event cancelled and raises its SEQUENCE. */
void         kz_cal_event_cancel       (KzCalEvent        *event);

KzCalPerson *kz_cal_person_new         (const char        *name,
                                        const char        *email,
                                        KzCalRole          role);
void         kz_cal_person_free        (KzCalPerson       *person);

/* "8b0d…-…@DOMAIN"; DOMAIN NULL: this machine's host name.  Call once per
 * event and keep it: updates and cancellations must carry the same UID. */
char        *kz_ical_new_uid           (const char        *domain);

/* The instant a wall time in TZID stands for, as seconds since 1970 UTC
 * (TZID NULL: a floating time, read as UTC).  FALSE with an error when the
 * zone is unknown. */
gboolean     kz_ical_time_to_unix      (const KzCalTime   *time,
                                        const char        *tzid,
                                        gint64            *out_unix,
                                        GError           **error);

/* EVENTS: KzCalEvent*.  NOW: the DTSTAMP (UTC); NULL for the current time.
 * REQUEST and CANCEL carry one event (one UID) with an organizer and at
 * least one attendee. */
char        *kz_ical_export            (GPtrArray         *events,
                                        KzCalMethod        method,
                                        GDateTime         *now,
                                        GError           **error);
gboolean     kz_ical_export_to_file    (GPtrArray         *events,
                                        KzCalMethod        method,
                                        GDateTime         *now,
                                        const char        *path,
                                        GError           **error);

/* The VEVENTs of a file as events (KzCalEvent*), or NULL with an error in
 * KZ_ERROR saying where (SOURCE, line, component) and why: nothing of a
 * broken file is returned.  A file with no VEVENT is refused.  An event
 * Kaizen cannot represent (a changed occurrence with RECURRENCE-ID, RDATE,
 * a recurrence rule with parts other than FREQ, INTERVAL, COUNT, UNTIL and
 * BYDAY) is left out with a sentence in OUT_WARNINGS (char*; may be NULL).
 * OUT_METHOD (may be NULL) gets the file's METHOD (NONE for others). */
GPtrArray   *kz_ical_import            (const char        *data,
                                        gsize              length,
                                        const char        *source,
                                        KzCalMethod       *out_method,
                                        GPtrArray        **out_warnings,
                                        GError           **error);
GPtrArray   *kz_ical_import_file       (const char        *path,
                                        KzCalMethod       *out_method,
                                        GPtrArray        **out_warnings,
                                        GError           **error);

/* kz_ical_import_file in a thread, for the GUI. */
void         kz_ical_import_file_async  (const char          *path,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
GPtrArray   *kz_ical_import_file_finish (GAsyncResult        *result,
                                         KzCalMethod         *out_method,
                                         GPtrArray          **out_warnings,
                                         GError             **error);

const char  *kz_cal_freq_to_string     (KzCalFreq          freq);
/* "weekly on TH until 2027-03-11 18:00, 1 date dropped"; "once". */
char        *kz_cal_recurrence_describe (const KzCalEvent *event);
/* "2027-01-14 18:00" or "2027-01-14" for a date. */
char        *kz_cal_time_format        (const KzCalTime   *time,
                                        gboolean           date_only);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KzCalEvent, kz_cal_event_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KzCalPerson, kz_cal_person_free)

G_END_DECLS
