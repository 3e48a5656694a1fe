/* test-ical.c — iCalendar export and import (kz-ical)
 *
 * Expected lines are worked out by hand (see kz-ical-samples.c for the
 * UTC arithmetic); check-ics.py reads the same files with python3-icalendar.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <libical/ical.h>
#include <string.h>

#include "kz-error.h"
#include "kz-ical-samples.h"

#define PY_ICAL_TESTS "/usr/lib/python3/dist-packages/icalendar/tests"

/* The file as lines, continuation lines joined (RFC 5545 3.1). */
static GPtrArray *
unfolded (const char *text)
{
  g_autofree char *joined = NULL;
  g_auto(GStrv) lines = NULL;
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);
  GString *s = g_string_new (text);

  g_string_replace (s, "\r\n ", "", 0);
  g_string_replace (s, "\r\n", "\n", 0);
  joined = g_string_free (s, FALSE);
  lines = g_strsplit (joined, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    if (*lines[i])
      g_ptr_array_add (out, g_strdup (lines[i]));
  return out;
}

static guint
count_lines (GPtrArray  *lines,
             const char *exact)
{
  guint n = 0;

  for (guint i = 0; i < lines->len; i++)
    n += g_str_equal (g_ptr_array_index (lines, i), exact);
  return n;
}

static guint
count_prefix (GPtrArray  *lines,
              const char *prefix)
{
  guint n = 0;

  for (guint i = 0; i < lines->len; i++)
    n += g_str_has_prefix (g_ptr_array_index (lines, i), prefix);
  return n;
}

#define assert_line(lines, exact) \
  G_STMT_START { if (count_lines ((lines), (exact)) != 1) \
    g_error ("expected exactly one line “%s”", (exact)); } G_STMT_END

/* The lines of one VEVENT (by UID). */
static GPtrArray *
event_lines (GPtrArray  *lines,
             const char *uid)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *want = g_strconcat ("UID:", uid, NULL);

  for (guint i = 0; i < lines->len; i++)
    if (g_str_equal (g_ptr_array_index (lines, i), "BEGIN:VEVENT"))
      {
        guint j = i;
        gboolean match = FALSE;

        for (; j < lines->len && !g_str_equal (g_ptr_array_index (lines, j), "END:VEVENT"); j++)
          match |= g_str_equal (g_ptr_array_index (lines, j), want);
        if (match)
          for (guint k = i; k <= j && k < lines->len; k++)
            g_ptr_array_add (out, g_strdup (g_ptr_array_index (lines, k)));
        i = j;
      }
  g_assert_cmpuint (out->len, >, 0);
  return out;
}

static char *
export (GPtrArray  *events,
        KzCalMethod method)
{
  g_autoptr(GDateTime) now = kz_ical_sample_now ();
  g_autoptr(GError) error = NULL;
  char *text = kz_ical_export (events, method, now, &error);

  g_assert_no_error (error);
  g_assert_nonnull (text);
  return text;
}

static char *
export_one (KzCalEvent *ev,
            KzCalMethod method)
{
  g_autoptr(GPtrArray) one = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_cal_event_free);

  g_ptr_array_add (one, ev);
  return export (one, method);
}

/* ---- uid ---- */

static void
test_uid (void)
{
  g_autofree char *a = kz_ical_new_uid ("kaizen.test");
  g_autofree char *b = kz_ical_new_uid ("kaizen.test");
  g_autofree char *c = kz_ical_new_uid (NULL);
  g_autofree char *host_suffix = g_strconcat ("@", g_get_host_name (), NULL);

  g_assert_true (g_regex_match_simple ("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}@kaizen\\.test$",
                                       a, 0, 0));
  g_assert_cmpstr (a, !=, b);
  g_assert_true (g_str_has_suffix (c, host_suffix));
}

/* ---- export ---- */

static void
test_export_plain (void)
{
  g_autoptr(GPtrArray) plan = kz_ical_sample_plan ();
  g_autofree char *text = export (plan, KZ_CAL_METHOD_NONE);
  g_autoptr(GPtrArray) lines = unfolded (text);
  g_autoptr(GPtrArray) a = event_lines (lines, "training-1@kaizen.test");
  g_autoptr(GPtrArray) b = event_lines (lines, "coaching-7@kaizen.test");
  g_autoptr(GPtrArray) c = event_lines (lines, "elearn-3@kaizen.test");
  g_autoptr(GPtrArray) d = event_lines (lines, "summer-2@kaizen.test");
  g_autoptr(GPtrArray) e = event_lines (lines, "monthly-5@kaizen.test");

  g_assert_true (g_str_has_prefix (text, "BEGIN:VCALENDAR\r\n"));
  g_assert_true (g_str_has_suffix (text, "END:VCALENDAR\r\n"));
  assert_line (lines, "VERSION:2.0");
  g_assert_cmpuint (count_prefix (lines, "PRODID:-//Kaizen//"), ==, 1);
  g_assert_cmpuint (count_prefix (lines, "METHOD"), ==, 0);
  /* One VTIMEZONE per zone used: Berlin (A and D), New York, London. */
  g_assert_cmpuint (count_lines (lines, "BEGIN:VTIMEZONE"), ==, 3);
  assert_line (lines, "TZID:Europe/Berlin");
  assert_line (lines, "TZID:America/New_York");
  assert_line (lines, "TZID:Europe/London");
  g_assert_cmpuint (count_lines (lines, "BEGIN:VEVENT"), ==, 5);
  g_assert_cmpuint (count_lines (lines, "DTSTAMP:20261202T100000Z"), ==, 5);
  /* A plain file invites nobody. */
  g_assert_cmpuint (count_prefix (lines, "ATTENDEE"), ==, 0);
  g_assert_cmpuint (count_prefix (lines, "ORGANIZER"), ==, 0);

  assert_line (a, "SEQUENCE:0");
  assert_line (a, "SUMMARY:Empathy in difficult calls\\, part 1\\; weekly");
  assert_line (a, "DESCRIPTION:Bring two calls you found hard.\\nWe listen together.");
  assert_line (a, "LOCATION:Room 2.14\\, Berlin");
  assert_line (a, "DTSTART;TZID=Europe/Berlin:20270114T180000");
  assert_line (a, "DTEND;TZID=Europe/Berlin:20270114T193000");
  assert_line (a, "RRULE:FREQ=WEEKLY;UNTIL=20270311T170000Z;BYDAY=TH");
  assert_line (a, "EXDATE;TZID=Europe/Berlin:20270204T180000");
  assert_line (a, "STATUS:CONFIRMED");

  assert_line (b, "SEQUENCE:3");
  assert_line (b, "DTSTART;TZID=America/New_York:20270120T093000");
  assert_line (b, "DTEND;TZID=America/New_York:20270120T101500");
  assert_line (b, "URL:https://meet.example.com/abc-defg");
  assert_line (b, "LOCATION:https://meet.example.com/abc-defg");
  g_assert_cmpuint (count_prefix (b, "RRULE"), ==, 0);

  assert_line (c, "DTSTART;VALUE=DATE:20270201");
  assert_line (c, "DTEND;VALUE=DATE:20270202");

  assert_line (d, "RRULE:FREQ=WEEKLY;UNTIL=20270701T160000Z;INTERVAL=2");
  assert_line (e, "RRULE:FREQ=MONTHLY;COUNT=6;BYDAY=-1FR");
  assert_line (e, "DTSTART;TZID=Europe/London:20270129T140000");
  assert_line (e, "DTEND;TZID=Europe/London:20270129T160000");
  assert_line (e, "STATUS:TENTATIVE");
}

static void
test_export_request (void)
{
  g_autofree char *text = export_one (kz_ical_sample_training (), KZ_CAL_METHOD_REQUEST);
  g_autoptr(GPtrArray) lines = unfolded (text);

  assert_line (lines, "METHOD:REQUEST");
  g_assert_cmpuint (count_lines (lines, "BEGIN:VTIMEZONE"), ==, 1);
  assert_line (lines, "UID:training-1@kaizen.test");
  assert_line (lines, "SEQUENCE:0");
  assert_line (lines, "ORGANIZER;CN=Mia Manager:mailto:mia@example.com");
  assert_line (lines, "ATTENDEE;CN=Al Agent;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:al@example.com");
  /* A DQUOTE cannot be in a parameter value: dropped from the name. */
  assert_line (lines,
               "ATTENDEE;CN=Bea B Agent;ROLE=OPT-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:bea@example.com");
}

static void
test_export_update_and_cancel (void)
{
  g_autofree char *update = export_one (kz_ical_sample_training_moved (), KZ_CAL_METHOD_REQUEST);
  g_autoptr(GPtrArray) u = unfolded (update);
  KzCalEvent *cancelled = kz_ical_sample_training_moved ();
  g_autofree char *cancel = NULL;
  g_autoptr(GPtrArray) c = NULL;

  assert_line (u, "UID:training-1@kaizen.test");
  assert_line (u, "SEQUENCE:1");
  assert_line (u, "DTSTART;TZID=Europe/Berlin:20270114T173000");
  assert_line (u, "DTEND;TZID=Europe/Berlin:20270114T190000");
  assert_line (u, "RRULE:FREQ=WEEKLY;UNTIL=20270311T163000Z;BYDAY=TH");
  assert_line (u, "EXDATE;TZID=Europe/Berlin:20270204T173000");

  kz_cal_event_cancel (cancelled);
  g_assert_cmpint (cancelled->sequence, ==, 2);
  cancel = export_one (cancelled, KZ_CAL_METHOD_CANCEL);
  c = unfolded (cancel);
  assert_line (c, "METHOD:CANCEL");
  assert_line (c, "UID:training-1@kaizen.test");
  assert_line (c, "SEQUENCE:2");
  assert_line (c, "STATUS:CANCELLED");
  assert_line (c, "ORGANIZER;CN=Mia Manager:mailto:mia@example.com");
  /* A cancellation asks for no reply. */
  assert_line (c, "ATTENDEE;CN=Al Agent;ROLE=REQ-PARTICIPANT:mailto:al@example.com");
}

static void
assert_export_refused (KzCalEvent *ev,
                       KzCalMethod method,
                       const char *words)
{
  g_autoptr(GPtrArray) one = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_cal_event_free);
  g_autoptr(GDateTime) now = kz_ical_sample_now ();
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  g_ptr_array_add (one, ev);
  text = kz_ical_export (one, method, now, &error);
  g_assert_null (text);
  g_assert_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT);
  if (strstr (error->message, words) == NULL)
    g_error ("“%s” does not say “%s”", error->message, words);
}

static void
test_export_refused (void)
{
  KzCalEvent *ev;
  g_autoptr(GPtrArray) two = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_cal_event_free);
  g_autoptr(GPtrArray) none = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  char *text;

  ev = kz_ical_sample_training ();
  kz_cal_event_set_organizer (ev, NULL, NULL);
  assert_export_refused (ev, KZ_CAL_METHOD_REQUEST, "organizer");

  ev = kz_ical_sample_training ();
  g_clear_pointer (&ev->attendees, g_ptr_array_unref);
  assert_export_refused (ev, KZ_CAL_METHOD_CANCEL, "attendee");

  ev = kz_ical_sample_training ();
  kz_cal_event_add_attendee (ev, "No Mail", "not an address", KZ_CAL_ROLE_REQUIRED);
  assert_export_refused (ev, KZ_CAL_METHOD_REQUEST, "not an email address");

  ev = kz_ical_sample_training ();
  g_free (ev->tzid);
  ev->tzid = g_strdup ("Mars/Olympus_Mons");
  assert_export_refused (ev, KZ_CAL_METHOD_NONE, "not a known time zone");

  ev = kz_ical_sample_training ();
  g_strfreev (ev->recurrence.byday);
  ev->recurrence.byday = g_strsplit ("XX", ",", -1);
  assert_export_refused (ev, KZ_CAL_METHOD_NONE, "not a valid recurrence");

  ev = kz_ical_sample_training ();
  ev->recurrence.count = 5;   /* and an UNTIL */
  assert_export_refused (ev, KZ_CAL_METHOD_NONE, "not both");

  ev = kz_ical_sample_training ();
  g_free (ev->summary);
  ev->summary = g_strdup ("caf\xe9");
  assert_export_refused (ev, KZ_CAL_METHOD_NONE, "UTF-8");

  ev = kz_ical_sample_training ();
  ev->start.month = 13;
  assert_export_refused (ev, KZ_CAL_METHOD_NONE, "start");

  ev = kz_ical_sample_training ();
  g_clear_pointer (&ev->uid, g_free);
  assert_export_refused (ev, KZ_CAL_METHOD_NONE, "UID");

  /* Control characters cannot be written; a textarea's CR LF becomes LF. */
  ev = kz_ical_sample_training ();
  g_free (ev->description);
  ev->description = g_strdup ("one\r\ntwo\x01\x1b three");
  {
    g_autofree char *out = export_one (ev, KZ_CAL_METHOD_NONE);
    g_autoptr(GPtrArray) lines = unfolded (out);

    assert_line (lines, "DESCRIPTION:one\\ntwo three");
  }

  /* An invitation is about one event. */
  g_ptr_array_add (two, kz_ical_sample_training ());
  ev = kz_ical_sample_training ();
  g_free (ev->uid);
  ev->uid = g_strdup ("other@kaizen.test");
  g_ptr_array_add (two, ev);
  text = kz_ical_export (two, KZ_CAL_METHOD_REQUEST, NULL, &error);
  g_assert_null (text);
  g_assert_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  text = kz_ical_export (none, KZ_CAL_METHOD_NONE, NULL, &error);
  g_assert_null (text);
  g_assert_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT);
}

/* ---- libical reads what we write ---- */

static guint
count_lic_errors (icalcomponent *comp)
{
  guint n = icalcomponent_count_properties (comp, ICAL_XLICERROR_PROPERTY);

  for (icalproperty *p = icalcomponent_get_first_property (comp, ICAL_XLICERROR_PROPERTY); p;
       p = icalcomponent_get_next_property (comp, ICAL_XLICERROR_PROPERTY))
    g_test_message ("X-LIC-ERROR in %s: %s", icalcomponent_kind_to_string (icalcomponent_isa (comp)),
                    icalproperty_get_xlicerror (p));
  for (icalcomponent *c = icalcomponent_get_first_component (comp, ICAL_ANY_COMPONENT); c;
       c = icalcomponent_get_next_component (comp, ICAL_ANY_COMPONENT))
    n += count_lic_errors (c);
  return n;
}

static void
assert_libical_clean (const char *text,
                      gboolean    restrictions)
{
  icalcomponent *cal = icalparser_parse_string (text);

  g_assert_nonnull (cal);
  g_assert_cmpint (icalcomponent_isa (cal), ==, ICAL_VCALENDAR_COMPONENT);
  g_assert_cmpuint (count_lic_errors (cal), ==, 0);
  /* RFC 5546's rules for the METHOD (libical's icalrestriction tables). */
  if (restrictions)
    {
      gboolean ok = icalrestriction_check (cal);
      guint n = count_lic_errors (cal);

      g_assert_cmpuint (n, ==, 0);
      g_assert_true (ok);
    }
  icalcomponent_free (cal);
}

static void
test_libical_reads_exports (void)
{
  g_autoptr(GPtrArray) plan = kz_ical_sample_plan ();
  g_autofree char *plain = export (plan, KZ_CAL_METHOD_NONE);
  g_autofree char *invite = export_one (kz_ical_sample_training (), KZ_CAL_METHOD_REQUEST);
  g_autofree char *update = export_one (kz_ical_sample_training_moved (), KZ_CAL_METHOD_REQUEST);
  KzCalEvent *c = kz_ical_sample_training_moved ();
  g_autofree char *cancel = NULL;

  kz_cal_event_cancel (c);
  cancel = export_one (c, KZ_CAL_METHOD_CANCEL);

  assert_libical_clean (plain, TRUE);
  assert_libical_clean (invite, TRUE);
  assert_libical_clean (update, TRUE);
  assert_libical_clean (cancel, TRUE);

  /* The check has teeth: an invitation without its ORGANIZER fails it
   * (libical checks iTIP rules only for a METHOD). */
  {
    GString *s = g_string_new (invite);
    icalcomponent *cal;

    g_assert_cmpuint (g_string_replace (s, "ORGANIZER;CN=Mia Manager:mailto:mia@example.com\r\n", "", 0), ==, 1);
    cal = icalparser_parse_string (s->str);
    g_assert_false (icalrestriction_check (cal));
    icalcomponent_free (cal);
    g_string_free (s, TRUE);
  }
}

/* ---- round trip ---- */

static void
assert_time_equal (const KzCalTime *a,
                   const KzCalTime *b)
{
  g_assert_cmpint (a->year, ==, b->year);
  g_assert_cmpint (a->month, ==, b->month);
  g_assert_cmpint (a->day, ==, b->day);
  g_assert_cmpint (a->hour, ==, b->hour);
  g_assert_cmpint (a->minute, ==, b->minute);
  g_assert_cmpint (a->second, ==, b->second);
}

static void
assert_person_equal (const KzCalPerson *a,
                     const KzCalPerson *b,
                     gboolean           role)
{
  g_autofree char *clean = g_strdup (a->name);

  g_strdelimit (clean, "\"", ' ');
  /* The DQUOTE went; the rest of the name stays. */
  if (strchr (a->name, '"'))
    g_assert_cmpstr (b->name, ==, "Bea B Agent");
  else
    g_assert_cmpstr (a->name, ==, b->name);
  g_assert_cmpstr (a->email, ==, b->email);
  if (role)
    g_assert_cmpint (a->role, ==, b->role);
}

static void
assert_event_equal (const KzCalEvent *a,
                    const KzCalEvent *b,
                    gboolean          people)
{
  g_assert_cmpstr (a->uid, ==, b->uid);
  g_assert_cmpint (a->sequence, ==, b->sequence);
  g_assert_cmpstr (a->summary, ==, b->summary);
  g_assert_cmpstr (a->description, ==, b->description);
  /* A link with no place is also written as LOCATION (so calendars show it). */
  g_assert_cmpstr (a->location ? a->location : a->url, ==, b->location);
  g_assert_cmpstr (a->url, ==, b->url);
  g_assert_cmpint (a->all_day, ==, b->all_day);
  assert_time_equal (&a->start, &b->start);
  g_assert_cmpstr (a->tzid, ==, b->tzid);
  g_assert_cmpint (a->duration_minutes, ==, b->duration_minutes);
  g_assert_cmpint (a->status, ==, b->status);
  g_assert_cmpint (a->recurrence.freq, ==, b->recurrence.freq);
  if (a->recurrence.freq != KZ_CAL_FREQ_NONE)
    {
      g_assert_cmpint (a->recurrence.interval, ==, b->recurrence.interval);
      g_assert_cmpint (a->recurrence.count, ==, b->recurrence.count);
      g_assert_cmpint (a->recurrence.has_until, ==, b->recurrence.has_until);
      if (a->recurrence.has_until)
        assert_time_equal (&a->recurrence.until, &b->recurrence.until);
      g_assert_cmpstrv (a->recurrence.byday, b->recurrence.byday);
    }
  g_assert_cmpuint (a->exdates ? a->exdates->len : 0, ==, b->exdates ? b->exdates->len : 0);
  for (guint i = 0; a->exdates && i < a->exdates->len; i++)
    assert_time_equal (&g_array_index (a->exdates, KzCalTime, i), &g_array_index (b->exdates, KzCalTime, i));
  if (people)
    {
      g_assert_nonnull (b->organizer);
      assert_person_equal (a->organizer, b->organizer, FALSE);
      g_assert_cmpuint (a->attendees->len, ==, b->attendees->len);
      for (guint i = 0; i < a->attendees->len; i++)
        assert_person_equal (g_ptr_array_index (a->attendees, i), g_ptr_array_index (b->attendees, i), TRUE);
    }
  else
    {
      g_assert_null (b->organizer);
      g_assert_true (b->attendees == NULL || b->attendees->len == 0);
    }
}

static GPtrArray *
import_text (const char  *text,
             KzCalMethod *method,
             GPtrArray  **warnings)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *events = kz_ical_import (text, strlen (text), "test.ics", method, warnings, &error);

  g_assert_no_error (error);
  g_assert_nonnull (events);
  return events;
}

static void
test_round_trip (void)
{
  g_autoptr(GPtrArray) plan = kz_ical_sample_plan ();
  g_autofree char *plain = export (plan, KZ_CAL_METHOD_NONE);
  g_autoptr(GPtrArray) warnings = NULL;
  g_autoptr(GPtrArray) back = NULL;
  g_autoptr(KzCalEvent) a = kz_ical_sample_training ();
  g_autoptr(KzCalEvent) moved = kz_ical_sample_training_moved ();
  g_autofree char *invite = NULL;
  g_autofree char *cancel = NULL;
  KzCalMethod method = -1;

  back = import_text (plain, &method, &warnings);
  g_assert_cmpint (method, ==, KZ_CAL_METHOD_NONE);
  g_assert_cmpuint (warnings->len, ==, 0);
  g_assert_cmpuint (back->len, ==, plan->len);
  for (guint i = 0; i < plan->len; i++)
    assert_event_equal (g_ptr_array_index (plan, i), g_ptr_array_index (back, i), FALSE);
  g_clear_pointer (&back, g_ptr_array_unref);

  invite = export_one (kz_cal_event_copy (a), KZ_CAL_METHOD_REQUEST);
  back = import_text (invite, &method, NULL);
  g_assert_cmpint (method, ==, KZ_CAL_METHOD_REQUEST);
  g_assert_cmpuint (back->len, ==, 1);
  assert_event_equal (a, g_ptr_array_index (back, 0), TRUE);
  g_clear_pointer (&back, g_ptr_array_unref);

  kz_cal_event_cancel (moved);
  cancel = export_one (kz_cal_event_copy (moved), KZ_CAL_METHOD_CANCEL);
  back = import_text (cancel, &method, NULL);
  g_assert_cmpint (method, ==, KZ_CAL_METHOD_CANCEL);
  assert_event_equal (moved, g_ptr_array_index (back, 0), TRUE);
  g_assert_cmpint (((KzCalEvent *) g_ptr_array_index (back, 0))->status, ==, KZ_CAL_STATUS_CANCELLED);
  g_assert_cmpint (((KzCalEvent *) g_ptr_array_index (back, 0))->sequence, ==, 2);
}

static void
test_time_to_unix (void)
{
  /* 2027-01-14 18:00 CET = 17:00 UTC; `date -u -d '2027-01-14 17:00' +%s`
   * says 1799946000. */
  KzCalTime t = { 2027, 1, 14, 18, 0, 0 };
  KzCalTime summer = { 2027, 7, 1, 18, 0, 0 };
  g_autoptr(GError) error = NULL;
  gint64 u = 0;

  g_assert_true (kz_ical_time_to_unix (&t, "Europe/Berlin", &u, &error));
  g_assert_cmpint (u, ==, 1799946000);
  /* 2027-07-01 16:00 UTC: date -u -d '2027-07-01 16:00' +%s = 1814457600. */
  g_assert_true (kz_ical_time_to_unix (&summer, "Europe/Berlin", &u, &error));
  g_assert_cmpint (u, ==, 1814457600);
  g_assert_false (kz_ical_time_to_unix (&t, "Nowhere/Land", &u, &error));
  g_assert_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT);
}

/* ---- import ---- */

static const char *const OUTLOOK =
  "BEGIN:VCALENDAR\r\n"
  "PRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN\r\n"
  "VERSION:2.0\r\n"
  "METHOD:REQUEST\r\n"
  "X-WR-CALNAME:\r\n"
  "BEGIN:VTIMEZONE\r\n"
  "TZID:W. Europe Standard Time\r\n"
  "BEGIN:STANDARD\r\n"
  "DTSTART:16011028T030000\r\n"
  "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10\r\n"
  "TZOFFSETFROM:+0200\r\n"
  "TZOFFSETTO:+0100\r\n"
  "END:STANDARD\r\n"
  "BEGIN:DAYLIGHT\r\n"
  "DTSTART:16010325T020000\r\n"
  "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3\r\n"
  "TZOFFSETFROM:+0100\r\n"
  "TZOFFSETTO:+0200\r\n"
  "END:DAYLIGHT\r\n"
  "END:VTIMEZONE\r\n"
  "BEGIN:VEVENT\r\n"
  "UID:040000008200E00074C5B7101A82E008@outlook.test\r\n"
  "SEQUENCE:4\r\n"
  "SUMMARY;LANGUAGE=de-DE:Schulung: Deeskalation\r\n"
  "DTSTART;TZID=W. Europe Standard Time:20270114T180000\r\n"
  "DTEND;TZID=W. Europe Standard Time:20270114T193000\r\n"
  "RRULE:FREQ=WEEKLY;UNTIL=20270311T170000Z;INTERVAL=1;BYDAY=TH\r\n"
  "EXDATE;TZID=W. Europe Standard Time:20270204T180000\r\n"
  "ORGANIZER;CN=\"Mia, Manager\":mailto:mia@example.com\r\n"
  "ATTENDEE;ROLE=OPT-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE;CN=Al:MAILTO:al@example.com\r\n"
  "DTSTAMP:20261201T080000Z\r\n"
  "BEGIN:VALARM\r\n"
  "ACTION:DISPLAY\r\n"
  "DESCRIPTION:Reminder\r\n"
  "TRIGGER:-PT15M\r\n"
  "END:VALARM\r\n"
  "END:VEVENT\r\n"
  "BEGIN:VEVENT\r\n"
  "UID:allday@other.test\r\n"
  "DTSTAMP:20261201T080000Z\r\n"
  "SUMMARY:Offsite\r\n"
  "DTSTART;VALUE=DATE:20270301\r\n"
  "DTEND;VALUE=DATE:20270304\r\n"
  "END:VEVENT\r\n"
  "BEGIN:VEVENT\r\n"
  "UID:utc@other.test\r\n"
  "DTSTAMP:20261201T080000Z\r\n"
  "SUMMARY:UTC call\r\n"
  "STATUS:CANCELLED\r\n"
  "DTSTART:20270115T080000Z\r\n"
  "DURATION:PT1H30M\r\n"
  "RRULE:FREQ=DAILY;COUNT=5;INTERVAL=2\r\n"
  "EXDATE;VALUE=DATE:20270117\r\n"
  "END:VEVENT\r\n"
  "BEGIN:VEVENT\r\n"
  "UID:utc@other.test\r\n"
  "RECURRENCE-ID:20270119T080000Z\r\n"
  "DTSTAMP:20261201T080000Z\r\n"
  "SUMMARY:UTC call, moved\r\n"
  "DTSTART:20270119T100000Z\r\n"
  "DURATION:PT1H\r\n"
  "END:VEVENT\r\n"
  "END:VCALENDAR\r\n";

static void
test_import_zones_dates_utc (void)
{
  g_autoptr(GPtrArray) warnings = NULL;
  g_autoptr(GPtrArray) events = NULL;
  KzCalMethod method = -1;
  KzCalEvent *ev;
  KzCalTime t;

  events = import_text (OUTLOOK, &method, &warnings);
  g_assert_cmpint (method, ==, KZ_CAL_METHOD_REQUEST);
  g_assert_cmpuint (events->len, ==, 3);
  /* The empty X-WR-CALNAME and the changed occurrence: two warnings. */
  g_assert_cmpuint (warnings->len, ==, 2);
  g_assert_nonnull (strstr (g_ptr_array_index (warnings, 1), "RECURRENCE-ID"));
  g_assert_nonnull (strstr (g_ptr_array_index (warnings, 1), "test.ics:55:"));

  /* A zone only the file knows: kept as the instant, in UTC.  18:00 with
   * +0100 in January is 17:00 UTC; the dropped 2027-02-04 18:00 likewise;
   * UNTIL was UTC already. */
  ev = g_ptr_array_index (events, 0);
  g_assert_cmpstr (ev->uid, ==, "040000008200E00074C5B7101A82E008@outlook.test");
  g_assert_cmpint (ev->sequence, ==, 4);
  g_assert_cmpstr (ev->summary, ==, "Schulung: Deeskalation");
  g_assert_cmpstr (ev->tzid, ==, "UTC");
  t = (KzCalTime) { 2027, 1, 14, 17, 0, 0 };
  assert_time_equal (&ev->start, &t);
  g_assert_cmpint (ev->duration_minutes, ==, 90);
  g_assert_cmpint (ev->recurrence.freq, ==, KZ_CAL_FREQ_WEEKLY);
  g_assert_true (ev->recurrence.has_until);
  t = (KzCalTime) { 2027, 3, 11, 17, 0, 0 };
  assert_time_equal (&ev->recurrence.until, &t);
  g_assert_cmpuint (ev->exdates->len, ==, 1);
  t = (KzCalTime) { 2027, 2, 4, 17, 0, 0 };
  assert_time_equal (&g_array_index (ev->exdates, KzCalTime, 0), &t);
  g_assert_cmpstr (ev->organizer->name, ==, "Mia, Manager");
  g_assert_cmpstr (ev->organizer->email, ==, "mia@example.com");
  g_assert_cmpuint (ev->attendees->len, ==, 1);
  g_assert_cmpstr (((KzCalPerson *) g_ptr_array_index (ev->attendees, 0))->email, ==, "al@example.com");
  g_assert_cmpint (((KzCalPerson *) g_ptr_array_index (ev->attendees, 0))->role, ==, KZ_CAL_ROLE_OPTIONAL);

  /* All day, 1 to 4 March exclusive: three days. */
  ev = g_ptr_array_index (events, 1);
  g_assert_true (ev->all_day);
  g_assert_null (ev->tzid);
  t = (KzCalTime) { 2027, 3, 1, 0, 0, 0 };
  assert_time_equal (&ev->start, &t);
  g_assert_cmpint (ev->duration_minutes, ==, 3 * 1440);
  g_assert_cmpint (ev->status, ==, KZ_CAL_STATUS_CONFIRMED);

  /* UTC, DURATION 1 h 30; a DATE EXDATE drops that day's occurrence (08:00). */
  ev = g_ptr_array_index (events, 2);
  g_assert_cmpstr (ev->tzid, ==, "UTC");
  g_assert_cmpint (ev->duration_minutes, ==, 90);
  g_assert_cmpint (ev->status, ==, KZ_CAL_STATUS_CANCELLED);
  g_assert_cmpint (ev->recurrence.freq, ==, KZ_CAL_FREQ_DAILY);
  g_assert_cmpint (ev->recurrence.interval, ==, 2);
  g_assert_cmpint (ev->recurrence.count, ==, 5);
  t = (KzCalTime) { 2027, 1, 17, 8, 0, 0 };
  assert_time_equal (&g_array_index (ev->exdates, KzCalTime, 0), &t);
}

/* Real files from other programs, shipped with python3-icalendar. */
static void
test_import_outside_files (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = NULL;
  KzCalEvent *ev;
  KzCalTime t;

  if (!g_file_test (PY_ICAL_TESTS "/timezoned.ics", G_FILE_TEST_EXISTS))
    {
      g_test_skip ("python3-icalendar's test files are not installed");
      return;
    }

  /* Plone: 2012-02-13 10:00 to 2012-02-17 18:00 Vienna = 4 days 8 hours. */
  events = kz_ical_import_file (PY_ICAL_TESTS "/timezoned.ics", NULL, NULL, &error);
  g_assert_no_error (error);
  ev = g_ptr_array_index (events, 0);
  g_assert_cmpstr (ev->tzid, ==, "Europe/Vienna");
  t = (KzCalTime) { 2012, 2, 13, 10, 0, 0 };
  assert_time_equal (&ev->start, &t);
  g_assert_cmpint (ev->duration_minutes, ==, 4 * 1440 + 8 * 60);
  g_assert_cmpstr (ev->location, ==, "aka bild, wien");
  g_clear_pointer (&events, g_ptr_array_unref);

  /* Google: Fridays and Saturdays 12:00–17:00 New York; UNTIL
   * 20131025T035959Z is 23:59:59 on the 24th in EDT (UTC−4). */
  events = kz_ical_import_file (PY_ICAL_TESTS "/issue_112_missing_tzinfo_on_exdate.ics", NULL, NULL, &error);
  g_assert_no_error (error);
  ev = g_ptr_array_index (events, 0);
  g_assert_cmpstr (ev->tzid, ==, "America/New_York");
  g_assert_cmpint (ev->duration_minutes, ==, 300);
  g_assert_cmpint (ev->recurrence.freq, ==, KZ_CAL_FREQ_WEEKLY);
  {
    const char *days[] = { "FR", "SA", NULL };
    g_assert_cmpstrv (ev->recurrence.byday, days);
  }
  t = (KzCalTime) { 2013, 10, 24, 23, 59, 59 };
  assert_time_equal (&ev->recurrence.until, &t);
  g_assert_cmpuint (ev->exdates->len, ==, 2);
  g_clear_pointer (&events, g_ptr_array_unref);

  /* A custom zone name: 08:00 EDT on 2014-08-29 is 12:00 UTC. */
  events = kz_ical_import_file (PY_ICAL_TESTS "/america_new_york.ics", NULL, NULL, &error);
  g_assert_no_error (error);
  ev = g_ptr_array_index (events, 0);
  g_assert_cmpstr (ev->tzid, ==, "UTC");
  t = (KzCalTime) { 2014, 8, 29, 12, 0, 0 };
  assert_time_equal (&ev->start, &t);
  g_clear_pointer (&events, g_ptr_array_unref);

  /* Mozilla's odd folding (blank lines between a name and its value). */
  events = kz_ical_import_file (PY_ICAL_TESTS "/multiple.ics", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 3);
  g_assert_true (((KzCalEvent *) g_ptr_array_index (events, 0))->all_day);
  g_clear_pointer (&events, g_ptr_array_unref);

  /* Broken ones are refused with the line. */
  events = kz_ical_import_file (PY_ICAL_TESTS "/timezone_same_start_and_offset.ics", NULL, NULL, &error);
  g_assert_null (events);
  g_assert_error (error, KZ_ERROR, KZ_ERROR_INVALID_FILE);
  g_assert_nonnull (strstr (error->message, "timezone_same_start_and_offset.ics:23: END:VCALENDARD"));
  g_clear_error (&error);
  events = kz_ical_import_file (PY_ICAL_TESTS "/recurrence.ics", NULL, NULL, &error);
  g_assert_null (events);
  g_assert_nonnull (strstr (error->message, "recurrence.ics:5: "));
  g_assert_nonnull (strstr (error->message, "no UID"));
}

typedef struct {
  const char *file;
  const char *says;    /* the error message holds "FILE:LINE: …" or this */
} Nasty;

static void
test_import_nasty (void)
{
  static const Nasty cases[] = {
    { "not-ical.ics", "not-ical.ics:1: an iCalendar file starts with BEGIN:VCALENDAR" },
    { "empty.ics", "empty.ics: the file is empty" },
    { "no-events.ics", "no-events.ics: the file has no events (VEVENT)" },
    { "unclosed.ics", "unclosed.ics:9: END:VCALENDAR, but the open component is VEVENT (line 4)" },
    { "mismatched-end.ics", "mismatched-end.ics:9: END:VTODO, but the open component is VEVENT" },
    { "nul-byte.ics", "nul-byte.ics:6: the file holds a NUL byte" },
    { "bad-utf8.ics", "bad-utf8.ics:6: the text is not valid UTF-8" },
    { "bad-dtstart.ics", "bad-dtstart.ics:4: event “Nasty”: the start 2027-13-99 is out of range" },
    { "unknown-tzid.ics", "unknown-tzid.ics:4: event “Nasty”: time zone “Mars/Olympus_Mons” is neither" },
    { "traversal-tzid.ics", "traversal-tzid.ics:4: event “Nasty”: time zone “../../../../etc/passwd” is neither" },
    { "hostile-vtimezone.ics", "hostile-vtimezone.ics:4: time zone “Fast/Zone”: a rule that does not recur yearly" },
    { "deep-nesting.ics", "deep-nesting.ics:15: components nested more than 8 deep" },
    { "ends-before-start.ics", "ends-before-start.ics:4: event “Nasty”: it ends before it starts" },
    { "no-uid.ics", "no-uid.ics:4: event “Who am I” has no UID" },
    { "no-dtstart.ics", "no-dtstart.ics:4: event “Nasty” has no start (DTSTART)" },
    { "garbage-line.ics", "garbage-line.ics:9: “this line has no colon at all” is not a NAME:VALUE line" },
    { "bad-rrule.ics", "bad-rrule.ics:9: in VEVENT: Can't parse as RECUR value in RRULE property" },
    { "stray-continuation.ics", "stray-continuation.ics:1: a continuation line with nothing to continue" },
    { "outside.ics", "outside.ics:5: “BEGIN:VEVENT” is outside the VCALENDAR" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "ics", cases[i].file, NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) warnings = NULL;
      g_autoptr(GPtrArray) events = kz_ical_import_file (path, NULL, &warnings, &error);

      g_test_message ("%s: %s", cases[i].file, error ? error->message : "(accepted)");
      g_assert_null (events);
      g_assert_null (warnings);
      g_assert_error (error, KZ_ERROR, KZ_ERROR_INVALID_FILE);
      if (strstr (error->message, cases[i].says) == NULL)
        g_error ("%s: “%s” does not say “%s”", cases[i].file, error->message, cases[i].says);
    }
}

static void
test_import_only_unsupported (void)
{
  const char *text =
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\n"
    "BEGIN:VEVENT\r\nUID:h@x\r\nDTSTAMP:20261201T080000Z\r\nSUMMARY:Hourly\r\n"
    "DTSTART:20270115T080000Z\r\nRRULE:FREQ=HOURLY;COUNT=3\r\nEND:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:m@x\r\nDTSTAMP:20261201T080000Z\r\nSUMMARY:Monthday\r\n"
    "DTSTART:20270115T080000Z\r\nRRULE:FREQ=MONTHLY;BYMONTHDAY=15\r\nEND:VEVENT\r\n"
    "END:VCALENDAR\r\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = kz_ical_import (text, strlen (text), "odd.ics", NULL, NULL, &error);

  g_assert_null (events);
  g_assert_error (error, KZ_ERROR, KZ_ERROR_INVALID_FILE);
  g_assert_nonnull (strstr (error->message, "none of the file's 2 events can be brought in"));
  g_assert_nonnull (strstr (error->message, "odd.ics:4: event “Hourly”: repeats more often than daily"));
}

/* Thousands of damaged copies of a good file: each is either read or
 * refused with a message; none crashes, hangs or leaks past ASan. */
static void
test_import_fuzz (void)
{
  g_autoptr(GPtrArray) plan = kz_ical_sample_plan ();
  g_autofree char *good = export (plan, KZ_CAL_METHOD_NONE);
  g_autofree char *outlook = g_strdup (OUTLOOK);
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261202);
  const char *const seeds[] = { good, outlook };
  static const char *const junk[] = { ":", ";", "\r\n", "\r\n ", "\"", "BEGIN:VEVENT\r\n", "END:VEVENT\r\n",
                                      "TZID=", "99999999T999999", "\xff", "\0", "=", ",", "-", "Z" };
  guint n_read = 0, n_refused = 0;

  for (guint round = 0; round < 3000; round++)
    {
      const char *seed = seeds[(round / 2) % G_N_ELEMENTS (seeds)];
      GString *s = g_string_new (seed);
      guint edits = g_rand_int_range (rand, 1, 6);
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) events = NULL;
      g_autoptr(GPtrArray) warnings = NULL;

      if (round % 2 == 1)
        {
          /* Whole lines moved, dropped or repeated: the syntax stays right,
           * the meaning goes wrong (END before BEGIN, two DTSTARTs, no UID). */
          g_auto(GStrv) lines = g_strsplit (s->str, "\r\n", -1);
          guint n = g_strv_length (lines);
          GString *t = g_string_new (NULL);

          for (guint e = 0; e < edits / 2; e++)
            {
              guint i = g_rand_int_range (rand, 0, n), j = g_rand_int_range (rand, 0, n);
              char *tmp = lines[i];
              lines[i] = lines[j];
              lines[j] = tmp;
            }
          for (guint i = 0; i < n; i++)
            {
              guint copies = g_rand_int_range (rand, 0, 150);
              copies = copies == 0 ? 0 : copies == 1 ? 2 : 1;   /* drop 1 in 150, double 1 in 150 */
              for (guint k = 0; k < copies; k++)
                g_string_append_printf (t, "%s\r\n", lines[i]);
            }
          g_string_free (s, TRUE);
          s = t;
          edits = 0;
        }
      for (guint e = 0; e < edits; e++)
        {
          gsize pos = g_rand_int_range (rand, 0, (gint32) s->len);
          switch (g_rand_int_range (rand, 0, 4))
            {
            case 0:   /* flip a byte */
              s->str[pos] = (char) g_rand_int_range (rand, 1, 256);
              break;
            case 1:   /* cut */
              g_string_truncate (s, pos);
              break;
            case 2:   /* drop a stretch */
              {
                gsize n = g_rand_int_range (rand, 1, 200);
                g_string_erase (s, pos, MIN (n, s->len - pos));
              }
              break;
            default:  /* insert something syntactic */
              {
                const char *j = junk[g_rand_int_range (rand, 0, G_N_ELEMENTS (junk))];
                g_string_insert_len (s, pos, j, *j ? (gssize) strlen (j) : 1);
              }
            }
          if (s->len == 0)
            break;
        }
      events = kz_ical_import (s->str, s->len, "fuzz.ics", NULL, &warnings, &error);
      g_assert_true ((events == NULL) != (error == NULL));
      if (events != NULL)
        {
          n_read++;
          for (guint i = 0; i < events->len; i++)
            g_assert_nonnull (((KzCalEvent *) g_ptr_array_index (events, i))->uid);
        }
      else
        {
          n_refused++;
          g_assert_error (error, KZ_ERROR, KZ_ERROR_INVALID_FILE);
          g_assert_true (g_str_has_prefix (error->message, "fuzz.ics"));
        }
      g_string_free (s, TRUE);
    }
  g_test_message ("fuzz: %u read, %u refused", n_read, n_refused);
  /* Both outcomes happen: the damage is neither all fatal nor all harmless. */
  g_assert_cmpuint (n_read, >, 0);
  g_assert_cmpuint (n_refused, >, 0);
}

static void
test_import_long_line (void)
{
  GString *s = g_string_new ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:l@x\r\nSUMMARY:");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = NULL;

  /* 300 KiB folded into 75-byte lines. */
  for (guint i = 0; i < 300 * 1024 / 74; i++)
    g_string_append (s, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\r\n ");
  g_string_append (s, "end\r\nDTSTART:20270115T080000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n");
  events = kz_ical_import (s->str, s->len, "long.ics", NULL, NULL, &error);
  g_assert_null (events);
  g_assert_error (error, KZ_ERROR, KZ_ERROR_INVALID_FILE);
  g_assert_nonnull (strstr (error->message, "long.ics:6: the line is longer than 256 KiB"));
  g_string_free (s, TRUE);
}

static void
on_imported (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  GAsyncResult **out = data;

  *out = g_object_ref (result);
}

static void
test_import_async (void)
{
  g_autofree char *bad = g_test_build_filename (G_TEST_DIST, "data", "ics", "unclosed.ics", NULL);
  g_autofree char *dir = g_dir_make_tmp ("kaizen-ical-XXXXXX", NULL);
  g_autofree char *good = g_build_filename (dir, "invite.ics", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) r1 = NULL;
  g_autoptr(GAsyncResult) r2 = NULL;
  g_autoptr(GAsyncResult) r3 = NULL;
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GPtrArray) warnings = NULL;
  KzCalMethod method = KZ_CAL_METHOD_NONE;

  g_assert_true (kz_ical_samples_write (dir, &error));
  kz_ical_import_file_async (good, NULL, on_imported, &r1);
  kz_ical_import_file_async (bad, NULL, on_imported, &r2);
  g_cancellable_cancel (cancelled);
  kz_ical_import_file_async (good, cancelled, on_imported, &r3);
  while (r1 == NULL || r2 == NULL || r3 == NULL)
    g_main_context_iteration (NULL, TRUE);

  events = kz_ical_import_file_finish (r1, &method, &warnings, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 1);
  g_assert_cmpint (method, ==, KZ_CAL_METHOD_REQUEST);
  g_assert_cmpuint (warnings->len, ==, 0);
  g_assert_null (kz_ical_import_file_finish (r2, NULL, NULL, &error));
  g_assert_error (error, KZ_ERROR, KZ_ERROR_INVALID_FILE);
  g_assert_nonnull (strstr (error->message, "unclosed.ics:9:"));
  g_clear_error (&error);
  g_assert_null (kz_ical_import_file_finish (r3, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  for (const char *const *f = (const char *const[]) { "plain.ics", "invite.ics", "update.ics", "cancel.ics",
                                                      "zones.ics", NULL }; *f; f++)
    {
      g_autofree char *path = g_build_filename (dir, *f, NULL);
      g_assert_cmpint (g_remove (path), ==, 0);
    }
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ical/uid", test_uid);
  g_test_add_func ("/ical/time-to-unix", test_time_to_unix);
  g_test_add_func ("/ical/export/plain", test_export_plain);
  g_test_add_func ("/ical/export/request", test_export_request);
  g_test_add_func ("/ical/export/update-and-cancel", test_export_update_and_cancel);
  g_test_add_func ("/ical/export/refused", test_export_refused);
  g_test_add_func ("/ical/export/libical-reads-it", test_libical_reads_exports);
  g_test_add_func ("/ical/round-trip", test_round_trip);
  g_test_add_func ("/ical/import/zones-dates-utc", test_import_zones_dates_utc);
  g_test_add_func ("/ical/import/outside-files", test_import_outside_files);
  g_test_add_func ("/ical/import/nasty", test_import_nasty);
  g_test_add_func ("/ical/import/only-unsupported", test_import_only_unsupported);
  g_test_add_func ("/ical/import/long-line", test_import_long_line);
  g_test_add_func ("/ical/import/async", test_import_async);
  g_test_add_func ("/ical/import/fuzz", test_import_fuzz);
  return g_test_run ();
}
