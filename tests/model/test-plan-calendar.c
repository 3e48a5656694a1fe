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
 *  Bo:  coaching on G1, done, on 11 March   → no (another day)
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
  coached = kz_impact_coached_agents (store, "spec", "G1", &date, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (coached->len, ==, 2);
  g_assert_cmpint (g_array_index (coached, gint64, 0), ==, MIN (id[0], id[4]));
  g_assert_cmpint (g_array_index (coached, gint64, 1), ==, MAX (id[0], id[4]));

  g_clear_object (&store);
  if (pg)
    kz_test_pg_drop_db (path);
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
  if (kz_test_pg_available ())
    g_test_add_data_func ("/pg/plan-calendar/coached-agents", "pg", test_coached_agents);
  else
    g_test_message ("KAIZEN_TEST_PG is not set: run under tests/pg/with-pg-server for the team server");
  return g_test_run ();
}
