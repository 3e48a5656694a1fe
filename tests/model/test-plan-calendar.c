/* test-plan-calendar.c — plans as a calendar: occurrences, events, who was coached
 *
 * The expected dates are listed by hand from a wall calendar:
 *  - weekly on Thursdays from 2027-03-04 18:00 Europe/London, COUNT=6, the
 *    2027-03-18 one dropped: 4, 11, 25 March and 1, 8 April, all at 18:00
 *    London — 18:00 UTC in March, 17:00 UTC after the clocks go forward on
 *    Sunday 28 March 2027 (last Sunday of March);
 *  - monthly on the 15th from 2027-01-15 10:00 Europe/Berlin until
 *    2027-04-15 10:00 (inclusive): 15 Jan, 15 Feb, 15 Mar (09:00 UTC, CET)
 *    and 15 Apr (08:00 UTC, CEST from 28 March).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "kz-error.h"
#include "kz-impact-query.h"
#include "kz-pg-store-private.h"
#include "kz-plan-calendar.h"
#include "kz-rubric.h"
#include "kz-store.h"
#include "kz-test-db.h"

#define NS "https://kaizen-qa.org/ns/rubric/1"

static const char rubric_xml[] =
  "<rubric xmlns='" NS "' id='spec' version='1' pass-mark='80'><title>Spec</title>"
  "<section id='greeting' weight='100'><title>Greeting</title>"
  " <criterion id='G1'><title>Greets</title><guidance>g</guidance>"
  "  <scale kind='binary'><point value='0' label='No'/><point value='1' label='Yes'/></scale></criterion>"
  " <criterion id='G2'><title>Warmth</title><guidance>g</guidance>"
  "  <scale kind='binary'><point value='0' label='No'/><point value='1' label='Yes'/></scale></criterion>"
  "</section></rubric>";

static KzPlan *
weekly_training (void)
{
  KzPlan *t = kz_plan_new (KZ_PLAN_TRAINING, "Warmth workshop");
  g_autoptr(GTimeZone) london = g_time_zone_new_identifier ("Europe/London");

  t->id = 7;
  t->catalog_item_id = 1;
  t->tzid = g_strdup ("Europe/London");
  t->starts_at = g_date_time_new (london, 2027, 3, 4, 18, 0, 0);
  t->duration_minutes = 90;
  t->recurrence.freq = KZ_FREQ_WEEKLY;
  t->recurrence.interval = 1;
  t->recurrence.count = 6;
  g_ptr_array_add (t->recurrence.exdates, g_date_time_new (london, 2027, 3, 18, 18, 0, 0));
  return t;
}

static void
check_utc (KzPlanOccurrence *o, int y, int m, int d, int h)
{
  g_autoptr(GDateTime) u = g_date_time_to_utc (o->start);

  g_assert_cmpint (g_date_time_get_year (u), ==, y);
  g_assert_cmpint (g_date_time_get_month (u), ==, m);
  g_assert_cmpint (g_date_time_get_day_of_month (u), ==, d);
  g_assert_cmpint (g_date_time_get_hour (u), ==, h);
  g_assert_cmpint (g_date_time_get_minute (u), ==, 0);
}

static void
test_weekly (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzPlan) t = weekly_training ();
  g_autoptr(GPtrArray) all = kz_plan_occurrences (t, NULL, NULL, &error);
  g_autoptr(GDateTime) from = g_date_time_new_utc (2027, 3, 20, 0, 0, 0);
  g_autoptr(GDateTime) to = g_date_time_new_utc (2027, 4, 5, 0, 0, 0);
  g_autoptr(GPtrArray) some = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 5);
  check_utc (all->pdata[0], 2027, 3, 4, 18);
  check_utc (all->pdata[1], 2027, 3, 11, 18);
  check_utc (all->pdata[2], 2027, 3, 25, 18);
  check_utc (all->pdata[3], 2027, 4, 1, 17);
  check_utc (all->pdata[4], 2027, 4, 8, 17);
  for (guint i = 0; i < all->len; i++)
    {
      KzPlanOccurrence *o = all->pdata[i];
      g_assert_cmpint (g_date_time_get_hour (o->start), ==, 18);   /* wall clock in London */
      g_assert_cmpint (o->plan_id, ==, 7);
      g_assert_cmpint (o->duration_minutes, ==, 90);
    }
  /* The series' positions count the dropped one: 0, 1, (2), 3, 4, 5. */
  g_assert_cmpuint (((KzPlanOccurrence *) all->pdata[2])->index, ==, 3);

  some = kz_plan_occurrences (t, from, to, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (some->len, ==, 2);   /* 25 March, 1 April */
  check_utc (some->pdata[0], 2027, 3, 25, 18);
  check_utc (some->pdata[1], 2027, 4, 1, 17);

  /* Cancelled: nothing on the calendar. */
  t->state = KZ_PLAN_CANCELLED;
  g_clear_pointer (&some, g_ptr_array_unref);
  some = kz_plan_occurrences (t, NULL, NULL, &error);
  g_assert_cmpuint (some->len, ==, 0);
}

static void
test_monthly_until (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzPlan) t = kz_plan_new (KZ_PLAN_TRAINING, "Refresher");
  g_autoptr(GTimeZone) berlin = g_time_zone_new_identifier ("Europe/Berlin");
  g_autoptr(GPtrArray) all = NULL;

  t->tzid = g_strdup ("Europe/Berlin");
  t->starts_at = g_date_time_new (berlin, 2027, 1, 15, 10, 0, 0);
  t->duration_minutes = 60;
  t->recurrence.freq = KZ_FREQ_MONTHLY;
  t->recurrence.interval = 1;
  t->recurrence.until = g_date_time_new (berlin, 2027, 4, 15, 10, 0, 0);
  all = kz_plan_occurrences (t, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 4);
  check_utc (all->pdata[0], 2027, 1, 15, 9);
  check_utc (all->pdata[1], 2027, 2, 15, 9);
  check_utc (all->pdata[2], 2027, 3, 15, 9);
  check_utc (all->pdata[3], 2027, 4, 15, 8);
}

static void
test_single_and_due (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) plans = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_plan_free);
  g_autoptr(GPtrArray) all = NULL;
  KzPlan *c = kz_plan_new (KZ_PLAN_COACHING, "1:1 Ana");
  KzPlan *e = kz_plan_new (KZ_PLAN_ELEARNING, "Greeting basics");
  KzPlan *none = kz_plan_new (KZ_PLAN_COACHING, "Not scheduled");

  c->id = 1;
  c->tzid = g_strdup ("UTC");
  c->starts_at = g_date_time_new_utc (2027, 3, 2, 9, 30, 0);
  c->duration_minutes = 30;
  e->id = 2;
  g_date_set_dmy (&e->due, 1, 3, 2027);
  none->id = 3;
  g_ptr_array_add (plans, c);
  g_ptr_array_add (plans, e);
  g_ptr_array_add (plans, none);
  all = kz_plans_occurrences (plans, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 2);
  /* The due day (1 March, all day) comes before the session on 2 March. */
  g_assert_cmpint (((KzPlanOccurrence *) all->pdata[0])->plan_id, ==, 2);
  g_assert_true (((KzPlanOccurrence *) all->pdata[0])->all_day);
  g_assert_cmpint (g_date_time_get_day_of_month (((KzPlanOccurrence *) all->pdata[0])->start), ==, 1);
  g_assert_cmpint (((KzPlanOccurrence *) all->pdata[1])->plan_id, ==, 1);
  g_assert_false (((KzPlanOccurrence *) all->pdata[1])->all_day);
}

static void
test_event (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzPlan) t = weekly_training ();
  g_autoptr(GHashTable) people = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(KzPerson) mo = kz_person_new ("Mo Manager", KZ_ROLE_MANAGER);
  g_autoptr(KzPerson) ana = kz_person_new ("Ana Agent", KZ_ROLE_AGENT);
  g_autoptr(KzCalEvent) ev = NULL;
  KzAttendee *a = g_new0 (KzAttendee, 1);

  mo->id = 10;
  g_strfreev (mo->emails);
  mo->emails = g_strsplit ("mo@example.org", " ", -1);
  ana->id = 11;
  g_strfreev (ana->emails);
  ana->emails = g_strsplit ("ana@example.org", " ", -1);
  g_hash_table_insert (people, &mo->id, mo);
  g_hash_table_insert (people, &ana->id, ana);
  t->coach_id = 10;
  a->person_id = 11;
  g_ptr_array_add (t->attendees, a);
  t->uid = g_strdup ("abc@kaizen");
  t->sequence = 3;
  t->place = g_strdup ("Room 2");
  t->private_notes = g_strdup ("never exported");

  ev = kz_plan_to_cal_event (t, people, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ev->uid, ==, "abc@kaizen");
  g_assert_cmpint (ev->sequence, ==, 3);
  g_assert_cmpstr (ev->tzid, ==, "Europe/London");
  g_assert_cmpint (ev->start.day, ==, 4);
  g_assert_cmpint (ev->start.hour, ==, 18);
  g_assert_cmpint (ev->recurrence.freq, ==, KZ_CAL_FREQ_WEEKLY);
  g_assert_cmpint (ev->recurrence.count, ==, 6);
  g_assert_cmpuint (ev->exdates->len, ==, 1);
  g_assert_cmpint (g_array_index (ev->exdates, KzCalTime, 0).day, ==, 18);
  g_assert_cmpint (g_array_index (ev->exdates, KzCalTime, 0).hour, ==, 18);
  g_assert_cmpstr (ev->organizer->email, ==, "mo@example.org");
  g_assert_cmpuint (ev->attendees->len, ==, 1);
  g_assert_cmpstr (((KzCalPerson *) ev->attendees->pdata[0])->email, ==, "ana@example.org");
  g_assert_cmpstr (ev->location, ==, "Room 2");
  g_assert_null (ev->description);
  g_assert_cmpint (ev->status, ==, KZ_CAL_STATUS_CONFIRMED);

  t->state = KZ_PLAN_CANCELLED;
  g_clear_pointer (&ev, kz_cal_event_free);
  ev = kz_plan_to_cal_event (t, people, &error);
  g_assert_cmpint (ev->status, ==, KZ_CAL_STATUS_CANCELLED);
}

/* Who counts as coached on 2026-03-10 for spec:G1:
 *  Ana: coaching on G1, done, on 10 March   → yes
 *  Bo:  coaching on G1, done, on 11 March   → yes with G = 7 (in the gap);
 *                                             G = 0: left out of both groups
 *  Cy:  coaching on G2, done, on 10 March   → no (another criterion)
 *  Di:  coaching on G1, still planned       → no
 *  Ed:  training on G1 done on 10 March, attended → yes; Fay absent → no
 *  Ana again in that training               → listed once */
static void
test_coached_agents (gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  gboolean pg = g_strcmp0 (data, "pg") == 0;
  g_autofree char *dir = kz_test_tmpdir_new ();
  g_autofree char *path = pg ? kz_test_pg_create_db () : g_build_filename (dir, "kaizen.db", NULL);
  g_autoptr(KzStore) store = pg ? kz_pg_store_open (path, NULL, TRUE, KZ_PG_SCHEMA_VERSION, &error)
                                : kz_store_open (path, &error);
  g_autoptr(KzRubric) r = kz_rubric_load_data (rubric_xml, strlen (rubric_xml), "spec.xml", &error);
  g_autoptr(KzCatalogItem) course = kz_catalog_item_new (KZ_CATALOG_COURSE, "Greeting lab");
  g_autoptr(GArray) coached = NULL;
  g_autoptr(GArray) excluded = NULL;
  KzImpactPlan plan;
  const char *names[] = { "Ana", "Bo", "Cy", "Di", "Ed", "Fay", "Mo" };
  gint64 id[7];
  GDate date;
  struct { int who; const char *crit; int day; gboolean done; } sessions[] = {
    { 0, "G1", 10, TRUE }, { 1, "G1", 11, TRUE }, { 2, "G2", 10, TRUE }, { 3, "G1", 10, FALSE },
  };

  g_assert_no_error (error);
  g_assert_true (kz_store_add_rubric (store, r, NULL, &error));
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(KzPerson) p = kz_person_new (names[i], i == 6 ? KZ_ROLE_MANAGER : KZ_ROLE_AGENT);
      id[i] = kz_store_add_person (store, p, &error);
      g_assert_no_error (error);
    }
  course->capacity = 10;
  g_ptr_array_add (course->criteria, kz_criterion_ref_new ("spec", "G1"));
  g_assert_cmpint (kz_store_save_catalog_item (store, course, &error), >, 0);

  for (guint i = 0; i < G_N_ELEMENTS (sessions); i++)
    {
      g_autoptr(KzPlan) s = kz_plan_new (KZ_PLAN_COACHING, "1:1");
      s->agent_id = id[sessions[i].who];
      s->coach_id = id[6];
      s->tzid = g_strdup ("UTC");
      s->starts_at = g_date_time_new_utc (2026, 3, sessions[i].day, 12, 0, 0);
      s->duration_minutes = 30;
      g_ptr_array_add (s->criteria, kz_criterion_ref_new ("spec", sessions[i].crit));
      g_assert_cmpint (kz_store_save_plan (store, s, &error), >, 0);
      g_assert_no_error (error);
      if (sessions[i].done)
        g_assert_true (kz_store_set_plan_state (store, s->id, KZ_PLAN_DONE, NULL, &error));
    }
  {
    g_autoptr(KzPlan) t = kz_plan_new (KZ_PLAN_TRAINING, "Greeting lab");
    int who[] = { 4, 5, 0 };
    KzAttendance att[] = { KZ_ATTENDANCE_ATTENDED, KZ_ATTENDANCE_ABSENT, KZ_ATTENDANCE_UNKNOWN };

    t->catalog_item_id = course->id;
    t->coach_id = id[6];
    t->tzid = g_strdup ("UTC");
    t->starts_at = g_date_time_new_utc (2026, 3, 10, 12, 0, 0);
    t->duration_minutes = 60;
    g_ptr_array_add (t->criteria, kz_criterion_ref_new ("spec", "G1"));
    for (guint i = 0; i < 3; i++)
      {
        KzAttendee *a = g_new0 (KzAttendee, 1);
        a->person_id = id[who[i]];
        a->attendance = att[i];
        g_ptr_array_add (t->attendees, a);
      }
    g_assert_cmpint (kz_store_save_plan (store, t, &error), >, 0);
    g_assert_no_error (error);
    g_assert_true (kz_store_set_plan_state (store, t->id, KZ_PLAN_DONE, NULL, &error));
  }

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 10, 3, 2026);
  /* G = 7: the gap is 10–16 March, so Bo's 11 March session counts too:
   * Ana, Bo, Ed; nobody left out. */
  coached = g_array_new (FALSE, FALSE, sizeof (gint64));
  excluded = g_array_new (FALSE, FALSE, sizeof (gint64));
  kz_impact_plan_init (&plan, 0);
  g_assert_true (kz_impact_coached_from_plans (store, "spec", "G1", &date, &plan, coached, excluded, &error));
  g_assert_no_error (error);
  {
    gint64 want[] = { id[0], id[1], id[4] };   /* added in that order: ascending ids */

    g_assert_cmpuint (coached->len, ==, 3);
    for (guint i = 0; i < 3; i++)
      g_assert_cmpint (g_array_index (coached, gint64, i), ==, want[i]);
  }
  g_assert_cmpuint (excluded->len, ==, 0);

  /* G = 0: 10 March alone — Ana and Ed; Bo (11 March, in the post
   * window's span) is neither coached nor compared. */
  g_array_set_size (coached, 0);
  plan.gap_days = 0;
  g_assert_true (kz_impact_coached_from_plans (store, "spec", "G1", &date, &plan, coached, excluded, &error));
  g_assert_cmpuint (coached->len, ==, 2);
  g_assert_cmpint (g_array_index (coached, gint64, 0), ==, id[0]);
  g_assert_cmpint (g_array_index (coached, gint64, 1), ==, id[4]);
  g_assert_cmpuint (excluded->len, ==, 1);
  g_assert_cmpint (g_array_index (excluded, gint64, 0), ==, id[1]);

  g_clear_object (&store);
  if (pg)
    kz_test_pg_drop_db (path);
  kz_test_tmpdir_free (g_steal_pointer (&dir));
}

/* ---- import ---- */

static GPtrArray *
events_of (const char *body)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = g_strdup_printf ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//T//T//EN\r\n%s"
                                           "END:VCALENDAR\r\n", body);
  GPtrArray *events = kz_ical_import (text, strlen (text), "test.ics", NULL, NULL, &error);

  g_assert_no_error (error);
  return events;
}

static KzPlan *
stored_by_uid (KzStore *store, const char *uid)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) plans = kz_store_list_plans (store, 0, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < plans->len; i++)
    if (g_strcmp0 (((KzPlan *) plans->pdata[i])->uid, uid) == 0)
      return kz_plan_copy (plans->pdata[i]);
  return NULL;
}

static guint
n_plans (KzStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) plans = kz_store_list_plans (store, 0, &error);

  g_assert_no_error (error);
  return plans->len;
}

#define WEEKLY(seq, extra)                                                                              \
  "BEGIN:VEVENT\r\nUID:w@else.test\r\nDTSTAMP:20261201T080000Z\r\nSEQUENCE:" seq "\r\n"                  \
  "SUMMARY: greeting LAB \r\nDTSTART;TZID=Europe/Berlin:20270114T180000\r\nDURATION:PT90M\r\n"           \
  "RRULE:FREQ=WEEKLY;UNTIL=20270311T170000Z;BYDAY=TH\r\nEXDATE;TZID=Europe/Berlin:20270204T180000\r\n"   \
  "ORGANIZER:mailto:MO@x.test\r\n" extra "END:VEVENT\r\n"

static void
test_import (gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  gboolean pg = g_strcmp0 (data, "pg") == 0;
  g_autofree char *dir = kz_test_tmpdir_new ();
  g_autofree char *path = pg ? kz_test_pg_create_db () : g_build_filename (dir, "kaizen.db", NULL);
  g_autoptr(KzStore) store = pg ? kz_pg_store_open (path, NULL, TRUE, KZ_PG_SCHEMA_VERSION, &error)
                                : kz_store_open (path, &error);
  g_autoptr(KzRubric) r = kz_rubric_load_data (rubric_xml, strlen (rubric_xml), "spec.xml", &error);
  g_autoptr(KzCatalogItem) course = kz_catalog_item_new (KZ_CATALOG_COURSE, "Greeting lab");
  g_autoptr(KzCatalogItem) lesson = kz_catalog_item_new (KZ_CATALOG_ELEARNING, "Greeting video");
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GPtrArray) res = NULL;
  g_autoptr(KzPlan) p = NULL;
  g_autoptr(KzPlan) coaching = kz_plan_new (KZ_PLAN_COACHING, "1:1");
  g_autoptr(GTimeZone) berlin = g_time_zone_new_identifier ("Europe/Berlin");
  const char *names[] = { "ana", "bo", "mo" };
  gint64 id[3];
  KzCalImportResult *x;

  g_assert_no_error (error);
  g_assert_true (kz_store_add_rubric (store, r, NULL, &error));
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(KzPerson) person = kz_person_new (names[i], i == 2 ? KZ_ROLE_MANAGER : KZ_ROLE_AGENT);
      g_strfreev (person->emails);
      person->emails = g_new0 (char *, 2);
      person->emails[0] = g_strdup_printf ("%s@x.test", names[i]);
      id[i] = kz_store_add_person (store, person, &error);
      g_assert_no_error (error);
    }
  course->capacity = 2;
  g_ptr_array_add (course->criteria, kz_criterion_ref_new ("spec", "G1"));
  g_assert_cmpint (kz_store_save_catalog_item (store, course, &error), >, 0);
  lesson->link = g_strdup ("https://lms.example/v");
  lesson->minutes = 5;
  g_ptr_array_add (lesson->criteria, kz_criterion_ref_new ("spec", "G1"));
  g_assert_cmpint (kz_store_save_catalog_item (store, lesson, &error), >, 0);

  events = events_of (
    WEEKLY ("2", "ATTENDEE:mailto:ana@x.test\r\nATTENDEE:mailto:BO@X.TEST\r\nATTENDEE:mailto:zed@else.test\r\n")
    /* three people for two places: refused by the store, the rest comes in */
    "BEGIN:VEVENT\r\nUID:big@else.test\r\nDTSTAMP:20261201T080000Z\r\nSUMMARY:Greeting lab\r\n"
    "DTSTART:20270115T080000Z\r\nDURATION:PT45M\r\nATTENDEE:mailto:ana@x.test\r\nATTENDEE:mailto:bo@x.test\r\n"
    "ATTENDEE:mailto:mo@x.test\r\nEND:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:none@else.test\r\nDTSTAMP:20261201T080000Z\r\nSUMMARY:Knitting\r\n"
    "DTSTART:20270115T080000Z\r\nDURATION:PT45M\r\nEND:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:day@else.test\r\nDTSTAMP:20261201T080000Z\r\nSUMMARY:Greeting lab\r\n"
    "DTSTART;VALUE=DATE:20270301\r\nEND:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:gone@else.test\r\nDTSTAMP:20261201T080000Z\r\nSUMMARY:Greeting lab\r\nSTATUS:CANCELLED\r\n"
    "DTSTART:20270115T080000Z\r\nDURATION:PT45M\r\nEND:VEVENT\r\n");
  g_assert_cmpuint (events->len, ==, 5);

  /* An eLearning item is no course: an error, nothing stored. */
  g_assert_null (kz_plans_import_events (store, events, lesson->id, FALSE, &error));
  g_assert_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_cmpuint (n_plans (store), ==, 0);

  /* A dry run says what would happen and stores nothing. */
  for (int dry = 1; dry >= 0; dry--)
    {
      g_clear_pointer (&res, g_ptr_array_unref);
      res = kz_plans_import_events (store, events, 0, dry, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (res->len, ==, 5);
      x = res->pdata[0];
      g_assert_cmpint (x->action, ==, KZ_CAL_IMPORT_CREATED);
      g_assert_cmpint (x->course_id, ==, course->id);
      g_assert_cmpuint (x->unknown_people->len, ==, 1);
      g_assert_cmpstr (x->unknown_people->pdata[0], ==, "zed@else.test");
      x = res->pdata[1];
      g_assert_cmpint (x->action, ==, KZ_CAL_IMPORT_SKIPPED);
      g_assert_nonnull (strstr (x->reason, "2 places"));
      g_assert_cmpint (((KzCalImportResult *) res->pdata[2])->action, ==, KZ_CAL_IMPORT_SKIPPED);
      g_assert_true (g_str_has_prefix (((KzCalImportResult *) res->pdata[2])->reason, "no course"));
      g_assert_nonnull (strstr (((KzCalImportResult *) res->pdata[3])->reason, "all-day"));
      g_assert_cmpint (((KzCalImportResult *) res->pdata[4])->action, ==, KZ_CAL_IMPORT_SKIPPED);
      g_assert_cmpuint (n_plans (store), ==, dry ? 0 : 1);
    }

  p = stored_by_uid (store, "w@else.test");
  g_assert_nonnull (p);
  g_assert_cmpint (p->kind, ==, KZ_PLAN_TRAINING);
  g_assert_cmpint (p->sequence, ==, 2);
  g_assert_cmpstr (p->title, ==, "greeting LAB");   /* the summary as read, ends trimmed */
  g_assert_cmpint (p->catalog_item_id, ==, course->id);
  g_assert_cmpint (p->coach_id, ==, id[2]);
  g_assert_cmpstr (p->tzid, ==, "Europe/Berlin");
  /* 18:00 CET = 17:00 UTC; UNTIL 17:00Z as written. */
  g_assert_cmpint (g_date_time_to_unix (p->starts_at), ==, 1799946000);   /* 2027-01-14T17:00:00Z */
  g_assert_cmpint (g_date_time_to_unix (p->recurrence.until), ==, 1804784400);   /* 2027-03-11T17:00:00Z */
  g_assert_cmpint (p->duration_minutes, ==, 90);
  g_assert_cmpint (p->recurrence.freq, ==, KZ_FREQ_WEEKLY);
  g_assert_cmpstr (p->recurrence.byday, ==, "TH");
  g_assert_cmpuint (p->recurrence.exdates->len, ==, 1);
  g_assert_cmpint (g_date_time_to_unix (p->recurrence.exdates->pdata[0]), ==, 1801760400);   /* 2027-02-04T17:00Z */
  g_assert_cmpuint (p->attendees->len, ==, 2);
  g_assert_cmpint (((KzAttendee *) p->attendees->pdata[0])->person_id, ==, id[0]);
  g_assert_cmpint (((KzAttendee *) p->attendees->pdata[1])->person_id, ==, id[1]);

  /* Ana attended: a change in Kaizen raises the sequence to 3. */
  ((KzAttendee *) p->attendees->pdata[0])->attendance = KZ_ATTENDANCE_ATTENDED;
  g_assert_cmpint (kz_store_save_plan (store, p, &error), >, 0);
  g_assert_cmpint (p->sequence, ==, 3);

  /* SEQUENCE 3 is not newer: already up to date. */
  g_clear_pointer (&events, g_ptr_array_unref);
  g_clear_pointer (&res, g_ptr_array_unref);
  events = events_of (WEEKLY ("3", "ATTENDEE:mailto:ana@x.test\r\n"));
  res = kz_plans_import_events (store, events, 0, FALSE, &error);
  g_assert_no_error (error);
  x = res->pdata[0];
  g_assert_cmpint (x->action, ==, KZ_CAL_IMPORT_SKIPPED);
  g_assert_true (g_str_has_prefix (x->reason, "already up to date"));
  g_clear_pointer (&p, kz_plan_free);
  p = stored_by_uid (store, "w@else.test");
  g_assert_cmpuint (p->attendees->len, ==, 2);

  /* SEQUENCE 4: Bo is no longer listed; Ana keeps her attendance. */
  g_clear_pointer (&events, g_ptr_array_unref);
  g_clear_pointer (&res, g_ptr_array_unref);
  events = events_of (WEEKLY ("4", "ATTENDEE:mailto:ana@x.test\r\n"));
  res = kz_plans_import_events (store, events, 0, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (((KzCalImportResult *) res->pdata[0])->action, ==, KZ_CAL_IMPORT_UPDATED);
  g_clear_pointer (&p, kz_plan_free);
  p = stored_by_uid (store, "w@else.test");
  g_assert_cmpint (p->sequence, ==, 4);
  g_assert_cmpuint (p->attendees->len, ==, 1);
  g_assert_cmpint (((KzAttendee *) p->attendees->pdata[0])->attendance, ==, KZ_ATTENDANCE_ATTENDED);
  g_assert_cmpuint (n_plans (store), ==, 1);

  /* A coaching session's UID is not changed by a file. */
  coaching->agent_id = id[0];
  coaching->coach_id = id[2];
  g_assert_cmpint (kz_store_save_plan (store, coaching, &error), >, 0);
  {
    g_autofree char *ev = g_strdup_printf ("BEGIN:VEVENT\r\nUID:%s\r\nDTSTAMP:20261201T080000Z\r\nSEQUENCE:9\r\n"
                                           "SUMMARY:Greeting lab\r\nDTSTART:20270115T080000Z\r\nDURATION:PT45M\r\n"
                                           "END:VEVENT\r\n", coaching->uid);
    g_clear_pointer (&events, g_ptr_array_unref);
    g_clear_pointer (&res, g_ptr_array_unref);
    events = events_of (ev);
    res = kz_plans_import_events (store, events, 0, FALSE, &error);
    g_assert_no_error (error);
    g_assert_nonnull (strstr (((KzCalImportResult *) res->pdata[0])->reason, "coaching session"));
  }

  /* Cancelled with SEQUENCE 5; a later uncancelled copy does not bring it back. */
  g_clear_pointer (&events, g_ptr_array_unref);
  g_clear_pointer (&res, g_ptr_array_unref);
  events = events_of (WEEKLY ("5", "STATUS:CANCELLED\r\n") WEEKLY ("6", ""));
  res = kz_plans_import_events (store, events, 0, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (((KzCalImportResult *) res->pdata[0])->action, ==, KZ_CAL_IMPORT_CANCELLED);
  g_assert_cmpint (((KzCalImportResult *) res->pdata[1])->action, ==, KZ_CAL_IMPORT_SKIPPED);
  g_assert_nonnull (strstr (((KzCalImportResult *) res->pdata[1])->reason, "not brought back"));
  g_clear_pointer (&p, kz_plan_free);
  p = stored_by_uid (store, "w@else.test");
  g_assert_cmpint (p->state, ==, KZ_PLAN_CANCELLED);
  g_assert_cmpint (p->sequence, ==, 5);

  g_clear_object (&store);
  if (pg)
    kz_test_pg_drop_db (path);
  kz_test_tmpdir_free (g_steal_pointer (&dir));
}

/* Two stores with the same people (ana, bo, mo) and course, made alike. */
static KzStore *
import_store (const char *path, gint64 *course_id, gint64 id[3])
{
  g_autoptr(GError) error = NULL;
  KzStore *store = kz_store_open (path, &error);
  g_autoptr(KzRubric) r = kz_rubric_load_data (rubric_xml, strlen (rubric_xml), "spec.xml", &error);
  g_autoptr(KzCatalogItem) course = kz_catalog_item_new (KZ_CATALOG_COURSE, "Greeting lab");
  const char *names[] = { "ana", "bo", "mo" };

  g_assert_no_error (error);
  g_assert_true (kz_store_add_rubric (store, r, NULL, &error));
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(KzPerson) person = kz_person_new (names[i], i == 2 ? KZ_ROLE_MANAGER : KZ_ROLE_AGENT);
      g_strfreev (person->emails);
      person->emails = g_new0 (char *, 2);
      person->emails[0] = g_strdup_printf ("%s@x.test", names[i]);
      id[i] = kz_store_add_person (store, person, &error);
      g_assert_no_error (error);
    }
  course->capacity = 8;
  g_ptr_array_add (course->criteria, kz_criterion_ref_new ("spec", "G1"));
  *course_id = kz_store_save_catalog_item (store, course, &error);
  g_assert_no_error (error);
  return store;
}

/* An invitation (METHOD:REQUEST, with ORGANIZER and ATTENDEEs) exported
 * from one store and imported into another makes the same plan: same UID
 * and SEQUENCE, organiser, attendees, zone, recurrence and dropped date. */
static void
test_import_invitation_round_trip (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = kz_test_tmpdir_new ();
  g_autofree char *pa = g_build_filename (dir, "a.db", NULL);
  g_autofree char *pb = g_build_filename (dir, "b.db", NULL);
  gint64 ca, cb, ida[3], idb[3];
  g_autoptr(KzStore) a = import_store (pa, &ca, ida);
  g_autoptr(KzStore) b = import_store (pb, &cb, idb);
  g_autoptr(KzPlan) t = kz_plan_new (KZ_PLAN_TRAINING, "Greeting lab");
  g_autoptr(GTimeZone) ny = g_time_zone_new_identifier ("America/New_York");
  g_autoptr(GPtrArray) plans = g_ptr_array_new ();
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GPtrArray) back = NULL;
  g_autoptr(GPtrArray) res = NULL;
  g_autoptr(KzPlan) got = NULL;
  g_autofree char *ics = NULL;

  g_assert_cmpint (ca, ==, cb);
  t->catalog_item_id = ca;
  t->coach_id = ida[2];
  t->tzid = g_strdup ("America/New_York");
  t->starts_at = g_date_time_new (ny, 2027, 3, 2, 9, 30, 0);
  t->duration_minutes = 60;
  t->place = g_strdup ("Room 5");
  t->recurrence.freq = KZ_FREQ_WEEKLY;
  t->recurrence.interval = 2;
  t->recurrence.count = 5;
  t->recurrence.byday = g_strdup ("TU");
  g_ptr_array_add (t->recurrence.exdates, g_date_time_new (ny, 2027, 3, 16, 9, 30, 0));
  g_ptr_array_add (t->criteria, kz_criterion_ref_new ("spec", "G1"));
  for (guint i = 0; i < 2; i++)
    {
      KzAttendee *x = g_new0 (KzAttendee, 1);
      x->person_id = ida[i];
      g_ptr_array_add (t->attendees, x);
    }
  g_assert_cmpint (kz_store_save_plan (a, t, &error), >, 0);
  g_assert_no_error (error);
  /* A change, so the sequence is not 0. */
  g_free (t->place);
  t->place = g_strdup ("Room 6");
  g_assert_cmpint (kz_store_save_plan (a, t, &error), >, 0);
  g_assert_cmpint (t->sequence, ==, 1);

  g_ptr_array_add (plans, t);
  events = kz_plans_to_cal_events (a, plans, &error);
  g_assert_no_error (error);
  ics = kz_ical_export (events, KZ_CAL_METHOD_REQUEST, NULL, &error);
  g_assert_no_error (error);
  back = kz_ical_import (ics, strlen (ics), "invite.ics", NULL, NULL, &error);
  g_assert_no_error (error);
  res = kz_plans_import_events (b, back, 0, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (res->len, ==, 1);
  g_assert_cmpint (((KzCalImportResult *) res->pdata[0])->action, ==, KZ_CAL_IMPORT_CREATED);
  g_assert_cmpuint (((KzCalImportResult *) res->pdata[0])->unknown_people->len, ==, 0);

  got = stored_by_uid (b, t->uid);
  g_assert_nonnull (got);
  g_assert_cmpint (got->sequence, ==, 1);
  g_assert_cmpint (got->coach_id, ==, idb[2]);
  g_assert_cmpuint (got->attendees->len, ==, 2);
  g_assert_true (kz_plan_equal (t, got));

  g_clear_object (&a);
  g_clear_object (&b);
  kz_test_tmpdir_free (g_steal_pointer (&dir));
}

int
main (int argc, char **argv)
{
  g_setenv ("TZ", "UTC", TRUE);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/plan-calendar/weekly-exdate-dst", test_weekly);
  g_test_add_func ("/plan-calendar/monthly-until", test_monthly_until);
  g_test_add_func ("/plan-calendar/single-and-due", test_single_and_due);
  g_test_add_func ("/plan-calendar/event", test_event);
  g_test_add_data_func ("/sqlite/plan-calendar/coached-agents", "sqlite", test_coached_agents);
  g_test_add_data_func ("/sqlite/plan-calendar/import", "sqlite", test_import);
  g_test_add_func ("/sqlite/plan-calendar/import-invitation-round-trip", test_import_invitation_round_trip);
  if (kz_test_pg_available ())
    {
      g_test_add_data_func ("/pg/plan-calendar/coached-agents", "pg", test_coached_agents);
      g_test_add_data_func ("/pg/plan-calendar/import", "pg", test_import);
    }
  else
    g_test_message ("KAIZEN_TEST_PG is not set: run under tests/pg/with-pg-server for the team server");
  return g_test_run ();
}
