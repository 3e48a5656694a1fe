/* kz-ical-samples.c — sample events for the iCalendar tests
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kz-ical-samples.h"

GDateTime *
kz_ical_sample_now (void)
{
  return g_date_time_new_utc (2026, 12, 2, 10, 0, 0);
}

KzCalEvent *
kz_ical_sample_training (void)
{
  KzCalEvent *ev = kz_cal_event_new ();
  KzCalTime dropped = { 2027, 2, 4, 18, 0, 0 };

  ev->uid = g_strdup ("training-1@kaizen.test");
  ev->sequence = 0;
  ev->summary = g_strdup ("Empathy in difficult calls, part 1; weekly");
  ev->description = g_strdup ("Bring two calls you found hard.\nWe listen together.");
  ev->location = g_strdup ("Room 2.14, Berlin");
  ev->start = (KzCalTime) { 2027, 1, 14, 18, 0, 0 };
  ev->tzid = g_strdup ("Europe/Berlin");
  ev->duration_minutes = 90;               /* DTEND 19:30 */
  ev->recurrence.freq = KZ_CAL_FREQ_WEEKLY;
  ev->recurrence.interval = 1;
  ev->recurrence.has_until = TRUE;
  /* 18:00 in Berlin in March (before the last Sunday, CET = UTC+1) is
   * 17:00 UTC: UNTIL=20270311T170000Z. */
  ev->recurrence.until = (KzCalTime) { 2027, 3, 11, 18, 0, 0 };
  ev->recurrence.byday = g_strsplit ("TH", ",", -1);
  kz_cal_event_add_exdate (ev, &dropped);
  kz_cal_event_set_organizer (ev, "Mia Manager", "mia@example.com");
  kz_cal_event_add_attendee (ev, "Al Agent", "al@example.com", KZ_CAL_ROLE_REQUIRED);
  kz_cal_event_add_attendee (ev, "Bea \"B\" Agent", "bea@example.com", KZ_CAL_ROLE_OPTIONAL);
  return ev;
}

KzCalEvent *
kz_ical_sample_training_moved (void)
{
  KzCalEvent *ev = kz_ical_sample_training ();

  ev->sequence = 1;
  ev->start.hour = 17, ev->start.minute = 30;            /* DTEND 19:00 */
  ev->recurrence.until.hour = 17, ev->recurrence.until.minute = 30;   /* 16:30 UTC */
  g_array_index (ev->exdates, KzCalTime, 0).hour = 17;
  g_array_index (ev->exdates, KzCalTime, 0).minute = 30;
  return ev;
}

GPtrArray *
kz_ical_sample_plan (void)
{
  GPtrArray *events = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_cal_event_free);
  KzCalEvent *ev;

  g_ptr_array_add (events, kz_ical_sample_training ());

  /* B: a 1:1 in New York, 09:30 for 45 minutes (DTEND 10:15), by video. */
  ev = kz_cal_event_new ();
  ev->uid = g_strdup ("coaching-7@kaizen.test");
  ev->sequence = 3;
  ev->summary = g_strdup ("1:1 coaching: greeting and empathy");
  ev->url = g_strdup ("https://meet.example.com/abc-defg");
  ev->start = (KzCalTime) { 2027, 1, 20, 9, 30, 0 };
  ev->tzid = g_strdup ("America/New_York");
  ev->duration_minutes = 45;
  g_ptr_array_add (events, ev);

  /* C: an eLearning due date, all day on 2027-02-01 (DTEND the 2nd). */
  ev = kz_cal_event_new ();
  ev->uid = g_strdup ("elearn-3@kaizen.test");
  ev->summary = g_strdup ("Due: Active listening (eLearning)");
  ev->all_day = TRUE;
  ev->start = (KzCalTime) { 2027, 2, 1, 0, 0, 0 };
  ev->duration_minutes = 1440;
  g_ptr_array_add (events, ev);

  /* D: a summer series, Thursdays 18:00 Berlin through 2027-07-01: CEST is
   * UTC+2, so UNTIL=20270701T160000Z. */
  ev = kz_cal_event_new ();
  ev->uid = g_strdup ("summer-2@kaizen.test");
  ev->summary = g_strdup ("Summer refresher");
  ev->start = (KzCalTime) { 2027, 6, 3, 18, 0, 0 };
  ev->tzid = g_strdup ("Europe/Berlin");
  ev->duration_minutes = 60;
  ev->recurrence.freq = KZ_CAL_FREQ_WEEKLY;
  ev->recurrence.interval = 2;
  ev->recurrence.has_until = TRUE;
  ev->recurrence.until = (KzCalTime) { 2027, 7, 1, 18, 0, 0 };
  g_ptr_array_add (events, ev);

  /* E: last Friday of the month in London, 14:00, six times. */
  ev = kz_cal_event_new ();
  ev->uid = g_strdup ("monthly-5@kaizen.test");
  ev->summary = g_strdup ("Team calibration");
  ev->start = (KzCalTime) { 2027, 1, 29, 14, 0, 0 };
  ev->tzid = g_strdup ("Europe/London");
  ev->duration_minutes = 120;
  ev->recurrence.freq = KZ_CAL_FREQ_MONTHLY;
  ev->recurrence.interval = 1;
  ev->recurrence.count = 6;
  ev->recurrence.byday = g_strsplit ("-1FR", ",", -1);
  ev->status = KZ_CAL_STATUS_TENTATIVE;
  g_ptr_array_add (events, ev);
  return events;
}

static gboolean
write_one (const char  *dir,
           const char  *name,
           KzCalEvent  *ev,
           KzCalMethod  method,
           GError     **error)
{
  g_autoptr(GPtrArray) one = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_cal_event_free);
  g_autoptr(GDateTime) now = kz_ical_sample_now ();
  g_autofree char *path = g_build_filename (dir, name, NULL);

  g_ptr_array_add (one, ev);
  return kz_ical_export_to_file (one, method, now, path, error);
}

gboolean
kz_ical_samples_write (const char *dir,
                       GError    **error)
{
  g_autoptr(GPtrArray) plan = kz_ical_sample_plan ();
  g_autoptr(GDateTime) now = kz_ical_sample_now ();
  g_autofree char *plain = g_build_filename (dir, "plain.ics", NULL);
  KzCalEvent *cancelled;

  if (g_mkdir_with_parents (dir, 0755) != 0 || !kz_ical_export_to_file (plan, KZ_CAL_METHOD_NONE, now, plain, error))
    return FALSE;
  if (!write_one (dir, "invite.ics", kz_ical_sample_training (), KZ_CAL_METHOD_REQUEST, error) ||
      !write_one (dir, "update.ics", kz_ical_sample_training_moved (), KZ_CAL_METHOD_REQUEST, error))
    return FALSE;
  {
    /* zones.ics: one event in each of a few zones with odd rules (southern
     * summer, no DST, DST abolished, half and 45-minute offsets). */
    static const char *const tzids[] = { "Europe/Berlin", "Australia/Sydney", "Asia/Tokyo", "America/Sao_Paulo",
                                         "Asia/Kolkata", "Pacific/Chatham", "America/St_Johns" };
    g_autoptr(GPtrArray) zoned = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_cal_event_free);
    g_autofree char *path = g_build_filename (dir, "zones.ics", NULL);

    for (guint i = 0; i < G_N_ELEMENTS (tzids); i++)
      {
        KzCalEvent *ev = kz_cal_event_new ();

        ev->uid = g_strdup_printf ("zone-%u@kaizen.test", i);
        ev->summary = g_strdup (tzids[i]);
        ev->start = (KzCalTime) { 2027, 3, 1, 12, 0, 0 };
        ev->tzid = g_strdup (tzids[i]);
        ev->duration_minutes = 30;
        g_ptr_array_add (zoned, ev);
      }
    if (!kz_ical_export_to_file (zoned, KZ_CAL_METHOD_NONE, now, path, error))
      return FALSE;
  }
  cancelled = kz_ical_sample_training_moved ();
  kz_cal_event_cancel (cancelled);          /* SEQUENCE 2 */
  return write_one (dir, "cancel.ics", cancelled, KZ_CAL_METHOD_CANCEL, error);
}
