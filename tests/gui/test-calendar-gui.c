/* test-calendar-gui.c — the Calendar page, Schedule Group Training and
 * "Did it work?" in the real window
 *
 * The training: weekly from Thursday 2027-03-04 18:00 Europe/London, 6
 * times, the 2027-03-18 one dropped.  By hand from a wall calendar: 4, 11,
 * 25 March, 1 and 8 April, all 18:00 London time (GMT until the clocks go
 * forward on Sunday 28 March 2027, BST after).  The month view of March
 * 2027 runs Monday 1 March … Sunday 11 April: all five show.
 *
 * Impact: rubric "imp", one ordinal criterion q (1–5, score 100 × (v − 1) ÷ 4).
 * Coaching date 2027-03-10: pre window [8 Feb, 10 Mar), post [17 Mar, 16 Apr)
 * (W 30, G 7).  Three evaluations each in both windows (20, 25 Feb, 1 Mar and
 * 20, 25, 30 Mar):
 *
 *   coached   pre values → mean   post values → mean   Δ
 *   Ann       2 2 2  → 25         4 4 4  → 75          50
 *   Ben       1 2 3  → 25         3 4 5  → 75          50
 *   Cat       2 3 2  → 33.33      4 4 3  → 66.67       33.33
 *   others
 *   Dan       3 3 3  → 50         3 3 4  → 58.33        8.33
 *   Eve       4 4 4  → 75         4 4 4  → 75           0
 *   Fin       3 4 3  → 58.33      4 3 3  → 58.33        0
 *
 * Effect = (50 + 50 + 33.33) ÷ 3 − (8.33 + 0 + 0) ÷ 3 = 44.44 − 2.78 = 41.67.
 * Welch (/usr/bin/python3, scipy.stats.t): SE² = 92.59/3 + 23.15/3, df = 2.94,
 * 95% interval 21.67 to 61.66.
 * Ann's and Ben's coaching sessions are done in the store; Cat's is marked
 * done from the calendar.  On 2027-03-12 only Ann and Ben were coached (two
 * more sessions): not enough data.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <libical/ical.h>
#include <math.h>
#include <string.h>

#include "kz-calendar-page.h"
#include "kz-chart-frame.h"
#include "kz-gui-test.h"
#include "kz-impact-page.h"
#include "kz-impact.h"
#include "kz-plan-calendar.h"
#include "kz-store.h"
#include "kz-training-dialog.h"
#include "kz-window.h"

#define NS "https://kaizen-qa.org/ns/rubric/1"

static KzStore *store;
static char *tmp_dir;
static KzWindow *window;
static gint64 mo, rui, agents[6], course, billing;
static gint64 cat_session;
static gint64 training_id;

static const int pre_values[6][3] = { { 2, 2, 2 }, { 1, 2, 3 }, { 2, 3, 2 }, { 3, 3, 3 }, { 4, 4, 4 }, { 3, 4, 3 } };
static const int post_values[6][3] = { { 4, 4, 4 }, { 3, 4, 5 }, { 4, 4, 3 }, { 3, 3, 4 }, { 4, 4, 4 }, { 4, 3, 3 } };
static const int pre_days[3][2] = { { 2, 20 }, { 2, 25 }, { 3, 1 } };    /* month, day */
static const int post_days[3][2] = { { 3, 20 }, { 3, 25 }, { 3, 30 } };

static gint64
add_person (const char *name,
            KzRoles     roles,
            gint64      team)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzPerson) p = kz_person_new (name, roles);
  g_autofree char *email = g_strdup_printf ("%s@northwind.example", name);
  gint64 id;

  p->team_id = team;
  g_strfreev (p->emails);
  p->emails = g_new0 (char *, 2);
  p->emails[0] = g_ascii_strdown (email, -1);
  id = kz_store_add_person (store, p, &error);
  g_assert_no_error (error);
  return id;
}

static void
evaluate (gint64 agent,
          int    month,
          int    day,
          int    value)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzEvaluation) ev = kz_evaluation_new ();
  KzAnswerSet *set = kz_answer_set_new ();

  kz_answer_set_put (set, kz_answer_new ("q", KZ_ANSWER_VALUE, value, NULL));
  ev->rubric_id = g_strdup ("imp");
  ev->rubric_version = 1;
  ev->agent_id = agent;
  ev->reviewer_id = rui;
  ev->state = KZ_EVALUATION_SUBMITTED;
  ev->created_at = g_date_time_new_utc (2027, month, day, 10, 0, 0);
  g_hash_table_unref (ev->answers);
  ev->answers = set;
  g_assert_cmpint (kz_store_save_evaluation (store, ev, &error), >, 0);
  g_assert_no_error (error);
}

static gint64
coaching (gint64   agent,
          int      day,
          gboolean done)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzPlan) s = kz_plan_new (KZ_PLAN_COACHING, "Listening 1:1");

  s->agent_id = agent;
  s->coach_id = mo;
  s->tzid = g_strdup ("UTC");
  s->starts_at = g_date_time_new_utc (2027, 3, day, 14, 0, 0);
  s->duration_minutes = 30;
  g_ptr_array_add (s->criteria, kz_criterion_ref_new ("imp", "q"));
  g_assert_cmpint (kz_store_save_plan (store, s, &error), >, 0);
  g_assert_no_error (error);
  if (done)
    g_assert_true (kz_store_set_plan_state (store, s->id, KZ_PLAN_DONE, NULL, &error));
  g_assert_no_error (error);
  return s->id;
}

static void
make_centre (void)
{
  static const char xml[] =
    "<rubric xmlns='" NS "' id='imp' version='1'><title>Impact rubric</title>"
    "<section id='s'><title>Service</title>"
    "<criterion id='q'><title>Listens</title><guidance>g</guidance>"
    "<scale kind='ordinal'><point value='1' label='1'/><point value='2' label='2'/><point value='3' label='3'/>"
    "<point value='4' label='4'/><point value='5' label='5'/></scale></criterion>"
    "</section></rubric>";
  static const char *names[] = { "Ann", "Ben", "Cat", "Dan", "Eve", "Fin" };
  g_autoptr(GError) error = NULL;
  g_autoptr(KzRubric) r = kz_rubric_load_data (xml, strlen (xml), "imp.xml", &error);
  g_autoptr(KzCatalogItem) item = kz_catalog_item_new (KZ_CATALOG_COURSE, "Warmth workshop");
  gint64 org;

  g_assert_no_error (error);
  g_assert_true (kz_store_add_rubric (store, r, NULL, &error));
  org = kz_store_add_unit (store, KZ_UNIT_ORGANISATION, "Northwind", 0, &error);
  billing = kz_store_add_unit (store, KZ_UNIT_TEAM, "Billing", org, &error);
  g_assert_no_error (error);
  mo = add_person ("Mo", KZ_ROLE_MANAGER, billing);
  rui = add_person ("Rui", KZ_ROLE_REVIEWER, 0);
  for (guint i = 0; i < 6; i++)
    agents[i] = add_person (names[i], KZ_ROLE_AGENT, billing);
  for (guint a = 0; a < 6; a++)
    for (guint k = 0; k < 3; k++)
      {
        evaluate (agents[a], pre_days[k][0], pre_days[k][1], pre_values[a][k]);
        evaluate (agents[a], post_days[k][0], post_days[k][1], post_values[a][k]);
      }
  coaching (agents[0], 10, TRUE);
  coaching (agents[1], 10, TRUE);
  cat_session = coaching (agents[2], 10, FALSE);
  coaching (agents[0], 12, TRUE);
  coaching (agents[1], 12, TRUE);

  item->capacity = 12;
  g_ptr_array_add (item->criteria, kz_criterion_ref_new ("imp", "q"));
  course = kz_store_save_catalog_item (store, item, &error);
  g_assert_no_error (error);

  /* Ann's eLearning, due Monday 22 March 2027: a whole-day entry. */
  {
    g_autoptr(KzCatalogItem) lesson = kz_catalog_item_new (KZ_CATALOG_ELEARNING, "Listening basics");
    g_autoptr(KzPlan) due = kz_plan_new (KZ_PLAN_ELEARNING, "Listening basics");

    lesson->link = g_strdup ("https://lms.example.org/listening");
    lesson->minutes = 20;
    g_ptr_array_add (lesson->criteria, kz_criterion_ref_new ("imp", "q"));
    g_assert_cmpint (kz_store_save_catalog_item (store, lesson, &error), >, 0);
    due->catalog_item_id = lesson->id;
    due->agent_id = agents[0];
    g_date_set_dmy (&due->due, 22, 3, 2027);
    g_ptr_array_add (due->criteria, kz_criterion_ref_new ("imp", "q"));
    g_assert_cmpint (kz_store_save_plan (store, due, &error), >, 0);
    g_assert_no_error (error);
  }
}

static KzCalendarPage *
calendar_page (void)
{
  return KZ_CALENDAR_PAGE (kz_window_get_page (window, "calendar"));
}

static GtkWidget *
find_check (GtkWidget  *root,
            const char *name,
            const char *label)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  kz_gui_test_find_all_by_name (root, name, found);
  for (guint i = 0; i < found->len; i++)
    if (g_strcmp0 (gtk_check_button_get_label (found->pdata[i]), label) == 0)
      return found->pdata[i];
  return NULL;
}

/* The "when" of every occurrence button on the page, in screen order. */
static char *
shown_dates (void)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();
  g_autoptr(GString) s = g_string_new (NULL);

  kz_gui_test_find_all_by_name (GTK_WIDGET (calendar_page ()), "occurrence", found);
  for (guint i = 0; i < found->len; i++)
    g_string_append_printf (s, "%s%s", i ? "; " : "", (const char *) g_object_get_data (found->pdata[i], "when"));
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static GtkWidget *
training_dialog (void)
{
  GList *toplevels = gtk_window_list_toplevels ();
  GtkWidget *found = NULL;

  for (GList *l = toplevels; l; l = l->next)
    if (KZ_IS_TRAINING_DIALOG (l->data) && gtk_widget_get_visible (l->data))
      found = l->data;
  g_list_free (toplevels);
  return found;
}

static AdwMessageDialog *
message_dialog (void)
{
  GList *toplevels = gtk_window_list_toplevels ();
  AdwMessageDialog *found = NULL;

  for (GList *l = toplevels; l; l = l->next)
    if (ADW_IS_MESSAGE_DIALOG (l->data) && gtk_widget_get_visible (l->data))
      found = l->data;
  g_list_free (toplevels);
  return found;
}

static void
set_text (GtkWidget  *root,
          const char *name,
          const char *text)
{
  GtkWidget *w = kz_gui_test_find_by_name (root, name);

  g_assert_nonnull (w);
  gtk_editable_set_text (GTK_EDITABLE (w), text);
}

static void
test_schedule (void)
{
  KzCalendarPage *page;
  GtkWidget *dialog;
  GDate march;
  g_autofree char *dates = NULL;
  g_autoptr(GPtrArray) plans = NULL;
  g_autoptr(GError) error = NULL;

  window = kz_window_new (NULL, store);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "calendar"));
  page = calendar_page ();
  KZ_WAIT_UNTIL (!kz_calendar_page_get_loading (page));

  kz_gui_test_click (kz_gui_test_find_button (GTK_WIDGET (page), "_Schedule Group Training…"));
  KZ_WAIT_UNTIL (training_dialog () != NULL);
  dialog = training_dialog ();
  KZ_WAIT_UNTIL (!kz_training_dialog_get_loading (KZ_TRAINING_DIALOG (dialog)));
  /* Bad input: a message, no saving. */
  set_text (dialog, "date", "2027-02-30");
  set_text (dialog, "place", "Room 2, Leeds");
  kz_gui_test_drain ();
  g_assert_true (kz_gui_test_shows_label (dialog, "The date must read like 2027-03-04"));
  g_assert_false (gtk_widget_get_sensitive (kz_gui_test_find_button (dialog, "_Schedule")));
  set_text (dialog, "date", "2027-03-04");
  set_text (dialog, "zone", "Mars/Olympus_Mons");
  kz_gui_test_drain ();
  g_assert_true (kz_gui_test_shows_text (dialog, "is not a known time zone"));
  g_assert_false (gtk_widget_get_sensitive (kz_gui_test_find_button (dialog, "_Schedule")));
  set_text (dialog, "time", "18:00");
  set_text (dialog, "zone", "Europe/London");
  set_text (dialog, "place", "Room 2, Leeds");
  gtk_drop_down_set_selected (GTK_DROP_DOWN (kz_gui_test_find_by_name (dialog, "recurrence")), 1);   /* weekly */
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (kz_gui_test_find_by_name (dialog, "count")), 6);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (find_check (dialog, "attendee", "Ann")), TRUE);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (find_check (dialog, "attendee", "Dan")), TRUE);
  kz_gui_test_drain ();
  /* Six listed, the 18 March one unticked: dropped. */
  g_assert_cmpuint (kz_training_dialog_get_n_occurrences (KZ_TRAINING_DIALOG (dialog)), ==, 6);
  g_assert_nonnull (find_check (dialog, "occurrence", "Thu 2027-04-08 18:00"));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (find_check (dialog, "occurrence", "Thu 2027-03-18 18:00")), FALSE);
  kz_gui_test_drain ();
  g_assert_cmpuint (kz_training_dialog_get_n_occurrences (KZ_TRAINING_DIALOG (dialog)), ==, 6);
  kz_gui_test_screenshot (dialog, "calendar-schedule-training.png");
  kz_gui_test_click (kz_gui_test_find_button (dialog, "_Schedule"));
  KZ_WAIT_UNTIL (training_dialog () == NULL);
  KZ_WAIT_UNTIL (!kz_calendar_page_get_loading (page) && kz_calendar_page_get_selected (page) != 0);
  training_id = kz_calendar_page_get_selected (page);

  plans = kz_store_list_plans (store, 0, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < plans->len; i++)
    {
      KzPlan *p = plans->pdata[i];
      if (p->id != training_id)
        continue;
      g_assert_cmpint (p->kind, ==, KZ_PLAN_TRAINING);
      g_assert_cmpint (p->catalog_item_id, ==, course);
      g_assert_cmpint (p->coach_id, ==, mo);
      g_assert_cmpstr (p->tzid, ==, "Europe/London");
      g_assert_cmpuint (p->attendees->len, ==, 2);
      g_assert_cmpint (p->recurrence.count, ==, 6);
      g_assert_cmpuint (p->recurrence.exdates->len, ==, 1);
    }

  g_date_clear (&march, 1);
  g_date_set_dmy (&march, 15, 3, 2027);
  kz_calendar_page_set_view (page, KZ_CALENDAR_MONTH);
  kz_calendar_page_set_date (page, &march);
  kz_calendar_page_set_scope (page, agents[0], 0);   /* Ann: an attendee */
  KZ_WAIT_UNTIL (!kz_calendar_page_get_loading (page));
  dates = shown_dates ();
  /* Ann's month: her 1:1s on 10 and 12 March (14:00 UTC), her eLearning
   * due on the 22nd and the training. */
  g_assert_cmpstr (dates, ==,
                   "2027-03-04 18:00 GMT; 2027-03-10 14:00 UTC; 2027-03-11 18:00 GMT; 2027-03-12 14:00 UTC; "
                   "2027-03-22; 2027-03-25 18:00 GMT; 2027-04-01 18:00 BST; 2027-04-08 18:00 BST");
  g_assert_true (kz_gui_test_has_label (kz_gui_test_find_by_name (GTK_WIDGET (page), "day-2027-03-22"),
                                        "Due Listening basics"));
  g_assert_true (kz_gui_test_shows_text (GTK_WIDGET (page), "March 2027"));
  kz_gui_test_screenshot (GTK_WIDGET (window), "calendar-month.png");

  /* Dan's week of 18 March: the dropped date, nothing. */
  g_date_set_dmy (&march, 18, 3, 2027);
  kz_calendar_page_set_scope (page, agents[3], 0);
  KZ_WAIT_UNTIL (!kz_calendar_page_get_loading (page));
  kz_calendar_page_set_view (page, KZ_CALENDAR_WEEK);
  kz_calendar_page_set_date (page, &march);
  g_clear_pointer (&dates, g_free);
  dates = shown_dates ();
  g_assert_cmpstr (dates, ==, "");
  g_date_set_dmy (&march, 1, 4, 2027);
  kz_calendar_page_set_date (page, &march);
  g_clear_pointer (&dates, g_free);
  dates = shown_dates ();
  g_assert_cmpstr (dates, ==, "2027-04-01 18:00 BST");
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (kz_gui_test_find_button (GTK_WIDGET (page), "_Week"))));
  g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (kz_gui_test_find_button (GTK_WIDGET (page), "_Month"))));
  {
    /* A frame or two, so the toggles' new look is drawn. */
    gint64 until = g_get_monotonic_time () + G_USEC_PER_SEC / 2;

    KZ_WAIT_UNTIL (g_get_monotonic_time () > until);
  }
  kz_gui_test_screenshot (GTK_WIDGET (window), "calendar-week.png");

  /* The Billing team: every member's plans, the training once. */
  g_date_set_dmy (&march, 15, 3, 2027);
  kz_calendar_page_set_view (page, KZ_CALENDAR_MONTH);
  kz_calendar_page_set_date (page, &march);
  kz_calendar_page_set_scope (page, 0, billing);
  KZ_WAIT_UNTIL (!kz_calendar_page_get_loading (page));
  g_clear_pointer (&dates, g_free);
  dates = shown_dates ();
  g_assert_cmpstr (dates, ==,
                   "2027-03-04 18:00 GMT; 2027-03-10 14:00 UTC; 2027-03-10 14:00 UTC; 2027-03-10 14:00 UTC; "
                   "2027-03-11 18:00 GMT; 2027-03-12 14:00 UTC; 2027-03-12 14:00 UTC; 2027-03-22; "
                   "2027-03-25 18:00 GMT; 2027-04-01 18:00 BST; 2027-04-08 18:00 BST");
}

static icalcomponent *
read_ics (const char *path)
{
  g_autofree char *data = NULL;
  g_autoptr(GError) error = NULL;
  icalcomponent *cal;

  g_assert_true (g_file_get_contents (path, &data, NULL, &error));
  g_assert_no_error (error);
  cal = icalparser_parse_string (data);
  g_assert_nonnull (cal);
  g_assert_cmpint (icalcomponent_isa (cal), ==, ICAL_VCALENDAR_COMPONENT);
  return cal;
}

static void
test_export (void)
{
  KzCalendarPage *page = calendar_page ();
  g_autofree char *path = g_build_filename (tmp_dir, "invite.ics", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  icalcomponent *cal, *ev, *tz;
  icalproperty *p;
  struct icalrecurrencetype rt;
  struct icaltimetype ex;
  int n_exdates = 0;

  kz_calendar_page_select_plan (page, training_id);
  g_assert_true (kz_gui_test_shows_text (GTK_WIDGET (page), "Warmth workshop — weekly"));
  g_assert_true (kz_calendar_page_export_to_file (page, KZ_CAL_METHOD_REQUEST, file, &error));
  g_assert_no_error (error);

  cal = read_ics (path);
  g_assert_cmpint (icalcomponent_get_method (cal), ==, ICAL_METHOD_REQUEST);
  tz = icalcomponent_get_first_component (cal, ICAL_VTIMEZONE_COMPONENT);
  g_assert_nonnull (tz);
  g_assert_cmpstr (icalproperty_get_tzid (icalcomponent_get_first_property (tz, ICAL_TZID_PROPERTY)), ==,
                   "Europe/London");
  ev = icalcomponent_get_first_component (cal, ICAL_VEVENT_COMPONENT);
  g_assert_nonnull (ev);
  g_assert_cmpstr (icalcomponent_get_summary (ev), ==, "Warmth workshop");
  g_assert_cmpstr (icalcomponent_get_location (ev), ==, "Room 2, Leeds");
  p = icalcomponent_get_first_property (ev, ICAL_DTSTART_PROPERTY);
  g_assert_cmpstr (icalproperty_get_parameter_as_string (p, "TZID"), ==, "Europe/London");
  g_assert_cmpstr (icalproperty_get_value_as_string (p), ==, "20270304T180000");
  p = icalcomponent_get_first_property (ev, ICAL_RRULE_PROPERTY);
  rt = icalproperty_get_rrule (p);
  g_assert_cmpint (rt.freq, ==, ICAL_WEEKLY_RECURRENCE);
  g_assert_cmpint (rt.count, ==, 6);
  for (p = icalcomponent_get_first_property (ev, ICAL_EXDATE_PROPERTY); p;
       p = icalcomponent_get_next_property (ev, ICAL_EXDATE_PROPERTY))
    {
      ex = icalproperty_get_exdate (p);
      g_assert_cmpstr (icalproperty_get_parameter_as_string (p, "TZID"), ==, "Europe/London");
      g_assert_cmpint (ex.year, ==, 2027);
      g_assert_cmpint (ex.month, ==, 3);
      g_assert_cmpint (ex.day, ==, 18);
      g_assert_cmpint (ex.hour, ==, 18);
      n_exdates++;
    }
  g_assert_cmpint (n_exdates, ==, 1);
  g_assert_cmpint (icalproperty_get_sequence (icalcomponent_get_first_property (ev, ICAL_SEQUENCE_PROPERTY)), ==, 0);
  g_assert_nonnull (icalcomponent_get_first_property (ev, ICAL_ORGANIZER_PROPERTY));
  g_assert_cmpint (icalcomponent_count_properties (ev, ICAL_ATTENDEE_PROPERTY), ==, 2);
  icalcomponent_free (cal);

  /* Ann's whole schedule as an add-to-calendar file: no METHOD, her two
   * 1:1s, her eLearning (all day) and the training. */
  {
    g_autofree char *all = g_build_filename (tmp_dir, "ann.ics", NULL);
    g_autoptr(GFile) all_file = g_file_new_for_path (all);

    kz_calendar_page_set_scope (page, agents[0], 0);
    KZ_WAIT_UNTIL (!kz_calendar_page_get_loading (page));
    kz_calendar_page_select_plan (page, 0);
    g_assert_true (kz_calendar_page_export_to_file (page, KZ_CAL_METHOD_NONE, all_file, &error));
    g_assert_no_error (error);
    cal = read_ics (all);
    g_assert_null (icalcomponent_get_first_property (cal, ICAL_METHOD_PROPERTY));
    g_assert_cmpint (icalcomponent_count_components (cal, ICAL_VEVENT_COMPONENT), ==, 4);
    icalcomponent_free (cal);
  }
}

static void
test_mark_done (void)
{
  KzCalendarPage *page = calendar_page ();
  g_autoptr(GError) error = NULL;
  g_autoptr(KzPlan) plan = NULL;
  g_autoptr(GPtrArray) found = g_ptr_array_new ();
  GDate day;
  GtkWidget *button = NULL;

  kz_calendar_page_set_scope (page, agents[2], 0);   /* Cat */
  KZ_WAIT_UNTIL (!kz_calendar_page_get_loading (page));
  g_date_clear (&day, 1);
  g_date_set_dmy (&day, 10, 3, 2027);
  kz_calendar_page_set_date (page, &day);
  kz_gui_test_find_all_by_name (GTK_WIDGET (page), "occurrence", found);
  for (guint i = 0; i < found->len; i++)
    if (GPOINTER_TO_SIZE (g_object_get_data (found->pdata[i], "plan-id")) == (gsize) cat_session)
      button = found->pdata[i];
  g_assert_nonnull (button);
  kz_gui_test_click (button);
  g_assert_cmpint (kz_calendar_page_get_selected (page), ==, cat_session);
  kz_gui_test_click (kz_gui_test_find_button (GTK_WIDGET (page), "Mark _Done"));
  KZ_WAIT_UNTIL ((plan = kz_store_get_plan (store, cat_session, NULL)) != NULL && plan->state == KZ_PLAN_DONE);
  KZ_WAIT_UNTIL (!kz_calendar_page_get_loading (page));
  (void) error;
}

static void
test_cancel (void)
{
  KzCalendarPage *page = calendar_page ();
  g_autofree char *path = g_build_filename (tmp_dir, "cancel.ics", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(KzPlan) plan = NULL;
  icalcomponent *cal, *ev;
  g_autofree char *dates = NULL;
  GDate day;

  kz_calendar_page_set_scope (page, agents[3], 0);   /* Dan */
  KZ_WAIT_UNTIL (!kz_calendar_page_get_loading (page));
  kz_calendar_page_select_plan (page, training_id);
  kz_gui_test_click (kz_gui_test_find_button (GTK_WIDGET (page), "_Cancel Training…"));
  KZ_WAIT_UNTIL (message_dialog () != NULL);
  adw_message_dialog_response (message_dialog (), "cancel-plan");
  KZ_WAIT_UNTIL ((plan = kz_store_get_plan (store, training_id, NULL)) != NULL && plan->state == KZ_PLAN_CANCELLED);
  KZ_WAIT_UNTIL (!kz_calendar_page_get_loading (page));
  g_assert_cmpint (plan->sequence, >, 0);

  /* Off the calendar … */
  g_date_clear (&day, 1);
  g_date_set_dmy (&day, 1, 4, 2027);
  kz_calendar_page_set_view (page, KZ_CALENDAR_MONTH);
  kz_calendar_page_set_date (page, &day);
  dates = shown_dates ();
  g_assert_cmpstr (dates, ==, "");

  /* … and the invitation becomes a cancellation with the same UID. */
  kz_calendar_page_select_plan (page, training_id);
  g_assert_true (kz_calendar_page_export_to_file (page, KZ_CAL_METHOD_REQUEST, file, &error));
  g_assert_no_error (error);
  cal = read_ics (path);
  g_assert_cmpint (icalcomponent_get_method (cal), ==, ICAL_METHOD_CANCEL);
  ev = icalcomponent_get_first_component (cal, ICAL_VEVENT_COMPONENT);
  g_assert_cmpint (icalcomponent_get_status (ev), ==, ICAL_STATUS_CANCELLED);
  g_assert_cmpstr (icalcomponent_get_uid (ev), ==, plan->uid);
  g_assert_cmpint (icalproperty_get_sequence (icalcomponent_get_first_property (ev, ICAL_SEQUENCE_PROPERTY)), ==,
                   plan->sequence);
  g_assert_cmpint (plan->sequence, >=, 1);
  icalcomponent_free (cal);
}

/* The same agents and values straight into kz_impact_compute(). */
static void
expected_impact (KzImpact *out)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_impact_agent_free);
  KzImpactPlan plan;
  GDate d;

  for (guint a = 0; a < 6; a++)
    {
      KzImpactAgent *ag = kz_impact_agent_new (agents[a], a < 3);

      for (guint k = 0; k < 3; k++)
        {
          g_date_clear (&d, 1);
          g_date_set_dmy (&d, pre_days[k][1], pre_days[k][0], 2027);
          kz_impact_agent_add (ag, g_date_get_julian (&d), 100.0 * (pre_values[a][k] - 1) / 4);
          g_date_set_dmy (&d, post_days[k][1], post_days[k][0], 2027);
          kz_impact_agent_add (ag, g_date_get_julian (&d), 100.0 * (post_values[a][k] - 1) / 4);
        }
      g_ptr_array_add (list, ag);
    }
  g_date_set_dmy (&d, 10, 3, 2027);
  kz_impact_plan_init (&plan, g_date_get_julian (&d));
  kz_impact_compute (list, &plan, out);
}

static void
test_impact (void)
{
  KzImpactPage *page;
  KzImpact shown, expected;
  GDate day;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "impact"));
  page = KZ_IMPACT_PAGE (kz_window_get_page (window, "impact"));
  KZ_WAIT_UNTIL (!kz_impact_page_get_busy (page));
  g_assert_true (kz_impact_page_set_criterion (page, "imp", "q"));
  g_date_clear (&day, 1);
  g_date_set_dmy (&day, 10, 3, 2027);
  kz_impact_page_set_date (page, &day);
  KZ_WAIT_UNTIL (!kz_impact_page_get_busy (page));
  g_assert_true (kz_impact_page_get_impact (page, &shown));
  expected_impact (&expected);

  g_assert_cmpint (shown.kind, ==, KZ_IMPACT_EFFECT);
  g_assert_cmpuint (shown.n_coached, ==, 3);       /* Cat's session was marked done from the calendar */
  g_assert_cmpuint (shown.n_comparison, ==, 3);
  g_assert_cmpfloat_with_epsilon (shown.effect, 41.6667, 0.001);   /* by hand, above */
  g_assert_cmpfloat_with_epsilon (shown.effect, expected.effect, 1e-9);
  g_assert_cmpfloat_with_epsilon (shown.low, 21.674, 0.001);
  g_assert_cmpfloat_with_epsilon (shown.high, 61.659, 0.001);
  g_assert_cmpfloat_with_epsilon (shown.low, expected.low, 1e-9);
  g_assert_cmpfloat_with_epsilon (shown.high, expected.high, 1e-9);
  {
    g_autofree char *headline = kz_impact_headline (&expected);

    g_assert_true (g_str_has_prefix (headline, "+41.7 points, 95% interval "));
    g_assert_true (g_str_has_suffix (headline, ", 3 coached vs 3 not coached"));
    g_assert_true (kz_gui_test_shows_label (GTK_WIDGET (page), headline));
  }
  /* Coached pre mean 27.8 is below the all-agent mean 44.4: the warning. */
  g_assert_true (shown.rtm_applies);
  g_assert_true (kz_gui_test_shows_text (GTK_WIDGET (page), "started below the average"));
  {
    g_autofree char *g = g_strdup_printf ("Hedges’ g): %.2f.", expected.hedges_g);
    g_assert_true (kz_gui_test_shows_text (GTK_WIDGET (page), g));
  }
  g_assert_true (gtk_widget_get_mapped (kz_gui_test_find_by_name (GTK_WIDGET (page), "impact-chart")));
  g_assert_true (kz_gui_test_has_label (GTK_WIDGET (page), "Coached (3)"));
  kz_gui_test_screenshot (GTK_WIDGET (window), "impact.png");

  /* Show as Table: the groups' means by hand — coached (25 + 25 + 33.33) ÷ 3
   * = 27.8 before, (75 + 75 + 66.67) ÷ 3 = 72.2 after; the others 61.1 and 63.9. */
  {
    KzChartFrame *frame = KZ_CHART_FRAME (kz_gui_test_find_by_name (GTK_WIDGET (page), "impact-chart"));
    GtkWidget *table;

    kz_chart_frame_set_show_table (frame, TRUE);
    kz_gui_test_drain ();
    table = kz_chart_frame_get_table (frame);
    g_assert_true (kz_gui_test_has_label (table, "Before"));
    g_assert_true (kz_gui_test_has_label (table, "27.8"));
    g_assert_true (kz_gui_test_has_label (table, "72.2"));
    g_assert_true (kz_gui_test_has_label (table, "61.1"));
    g_assert_true (kz_gui_test_has_label (table, "63.9"));
    kz_gui_test_screenshot (GTK_WIDGET (window), "impact-table.png");
    kz_chart_frame_set_show_table (frame, FALSE);
  }

  /* The method, one click away. */
  gtk_expander_set_expanded (GTK_EXPANDER (kz_gui_test_find_by_type (GTK_WIDGET (page), GTK_TYPE_EXPANDER)), TRUE);
  kz_gui_test_drain ();
  g_assert_true (kz_gui_test_shows_text (GTK_WIDGET (page), "Welch df"));
  g_assert_true (kz_gui_test_shows_text (GTK_WIDGET (page), "(1 − ρ)(μ − their before mean)"));
  kz_gui_test_screenshot (GTK_WIDGET (window), "impact-method.png");

  /* Read again (another desk's change): the criterion and date stay. */
  kz_impact_page_reload (page);
  KZ_WAIT_UNTIL (!kz_impact_page_get_busy (page));
  g_assert_true (kz_impact_page_get_impact (page, &shown));
  g_assert_cmpfloat_with_epsilon (shown.effect, expected.effect, 1e-9);

  /* The date from a plan: the plans done on the criterion are offered. */
  {
    GtkDropDown *plans = GTK_DROP_DOWN (kz_gui_test_find_by_name (GTK_WIDGET (page), "plan"));
    GListModel *model = gtk_drop_down_get_model (plans);
    guint twelfth = 0;

    /* "Date from a plan…", then Ann's and Ben's on the 10th and 12th, Cat's on the 10th. */
    g_assert_cmpuint (g_list_model_get_n_items (model), ==, 6);
    for (guint i = 1; i < g_list_model_get_n_items (model); i++)
      if (g_str_has_suffix (gtk_string_list_get_string (GTK_STRING_LIST (model), i), "2027-03-12"))
        twelfth = i;
    g_assert_cmpuint (twelfth, >, 0);
    gtk_drop_down_set_selected (plans, twelfth);
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (kz_gui_test_find_by_name (GTK_WIDGET (page), "date"))), ==,
                     "2027-03-12");
    KZ_WAIT_UNTIL (!kz_impact_page_get_busy (page));
  }

  /* 12 March: only Ann and Ben coached. */
  g_date_set_dmy (&day, 12, 3, 2027);
  kz_impact_page_set_date (page, &day);
  KZ_WAIT_UNTIL (!kz_impact_page_get_busy (page));
  g_assert_true (kz_impact_page_get_impact (page, &shown));
  g_assert_cmpint (shown.kind, ==, KZ_IMPACT_NOT_ENOUGH_DATA);
  g_assert_cmpuint (shown.n_coached, ==, 2);
  g_assert_true (kz_gui_test_shows_label (GTK_WIDGET (page), "Not enough data"));
  g_assert_false (gtk_widget_get_visible (kz_gui_test_find_by_name (GTK_WIDGET (page), "impact-chart")));
  kz_gui_test_screenshot (GTK_WIDGET (window), "impact-not-enough.png");
}

static GtkWidget *
message_dialog_named (const char *name)
{
  GList *toplevels = gtk_window_list_toplevels ();
  GtkWidget *found = NULL;

  for (GList *l = toplevels; l; l = l->next)
    if (ADW_IS_MESSAGE_DIALOG (l->data) && gtk_widget_get_visible (l->data) &&
        g_strcmp0 (gtk_widget_get_name (l->data), name) == 0)
      found = l->data;
  g_list_free (toplevels);
  return found;
}

static KzPlan *
stored_uid (const char *uid)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) plans = kz_store_list_plans (store, 0, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < plans->len; i++)
    if (g_strcmp0 (((KzPlan *) plans->pdata[i])->uid, uid) == 0)
      return kz_plan_copy (plans->pdata[i]);
  return NULL;
}

static GtkWidget *
error_dialog (const char *heading)
{
  GList *toplevels = gtk_window_list_toplevels ();
  GtkWidget *found = NULL;

  for (GList *l = toplevels; l; l = l->next)
    if (ADW_IS_MESSAGE_DIALOG (l->data) && gtk_widget_get_visible (l->data) &&
        g_strcmp0 (adw_message_dialog_get_heading (l->data), heading) == 0)
      found = l->data;
  g_list_free (toplevels);
  return found;
}

/* "Import .ics…": a weekly training booked elsewhere, in Berlin, comes in
 * as group training of the course chosen in the dialog and shows in the
 * month view. */
static void
test_import (void)
{
  KzCalendarPage *page = calendar_page ();
  g_autofree char *path = g_build_filename (tmp_dir, "booked.ics", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) plans = NULL;
  g_autofree char *dates = NULL;
  GtkWidget *dialog, *dd;
  GDate may;
  const KzPlan *imported = NULL;
  /* Thursdays 6, 13, 20 and 27 May 2027 at 10:00 in Berlin (COUNT=4), the
   * 13th dropped; Ann attends, a stranger is left out. */
  const char *ics =
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Elsewhere//Booking 1.0//EN\r\n"
    "BEGIN:VEVENT\r\nUID:gui-weekly@elsewhere.test\r\nDTSTAMP:20261201T080000Z\r\nSEQUENCE:3\r\n"
    "SUMMARY:Booked elsewhere\r\n"
    "DTSTART;TZID=Europe/Berlin:20270506T100000\r\nDTEND;TZID=Europe/Berlin:20270506T113000\r\n"
    "RRULE:FREQ=WEEKLY;COUNT=4;BYDAY=TH\r\nEXDATE;TZID=Europe/Berlin:20270513T100000\r\n"
    "ATTENDEE;CN=Ann:mailto:ann@northwind.example\r\nATTENDEE:mailto:stranger@elsewhere.test\r\n"
    "END:VEVENT\r\nEND:VCALENDAR\r\n";

  /* From the impact page back to the calendar, as a manager would. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "calendar"));
  /* A broken file: an error with its line, and nothing is stored. */
  {
    g_autofree char *broken = g_build_filename (tmp_dir, "broken.ics", NULL);
    g_autoptr(GFile) broken_file = g_file_new_for_path (broken);
    g_autoptr(GPtrArray) before = kz_store_list_plans (store, 0, &error);
    g_autoptr(GPtrArray) after = NULL;

    g_assert_no_error (error);
    g_assert_true (g_file_set_contents (broken, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\n", -1, &error));
    kz_calendar_page_import_file (page, broken_file);
    KZ_WAIT_UNTIL (error_dialog ("Nothing was imported") != NULL);
    dialog = error_dialog ("Nothing was imported");
    g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), "broken.ics:"));
    gtk_window_destroy (GTK_WINDOW (dialog));
    after = kz_store_list_plans (store, 0, &error);
    g_assert_cmpuint (after->len, ==, before->len);
  }
  g_assert_true (g_file_set_contents (path, ics, -1, &error));
  g_assert_no_error (error);
  g_assert_nonnull (kz_gui_test_find_by_name (GTK_WIDGET (page), "import-ics"));
  kz_calendar_page_select_plan (page, 0);
  kz_calendar_page_import_file (page, file);
  KZ_WAIT_UNTIL (message_dialog_named ("import-preview") != NULL);
  dialog = message_dialog_named ("import-preview");
  g_assert_true (kz_calendar_page_get_import_dialog (page) == dialog);
  /* No course is called "Booked elsewhere": the dry run says so … */
  KZ_WAIT_UNTIL (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), "Would be skipped: no course"));
  g_assert_true (kz_gui_test_shows_text (dialog, "Booked elsewhere"));
  kz_gui_test_screenshot (dialog, "calendar-import-no-course.png");
  /* … so choose Warmth workshop: now it would be created. */
  dd = kz_gui_test_find_by_name (dialog, "import-course");
  g_assert_nonnull (dd);
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (GTK_DROP_DOWN (dd))), ==, 2);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dd), 1);
  KZ_WAIT_UNTIL (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), "Would be created") != NULL);
  /* A dry run: nothing stored yet. */
  g_assert_null (stored_uid ("gui-weekly@elsewhere.test"));
  kz_gui_test_screenshot (dialog, "calendar-import-preview.png");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "import");
  KZ_WAIT_UNTIL (message_dialog_named ("import-summary") != NULL);
  dialog = message_dialog_named ("import-summary");
  g_assert_true (kz_gui_test_shows_text (dialog, "Created: Booked elsewhere"));
  g_assert_true (kz_gui_test_shows_text (dialog, "stranger@elsewhere.test"));
  kz_gui_test_screenshot (dialog, "calendar-import-summary.png");
  gtk_window_destroy (GTK_WINDOW (dialog));

  plans = kz_store_list_plans (store, 0, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < plans->len; i++)
    if (g_strcmp0 (((KzPlan *) plans->pdata[i])->uid, "gui-weekly@elsewhere.test") == 0)
      imported = plans->pdata[i];
  g_assert_nonnull (imported);
  g_assert_cmpint (imported->kind, ==, KZ_PLAN_TRAINING);
  g_assert_cmpint (imported->catalog_item_id, ==, course);
  g_assert_cmpint (imported->sequence, ==, 3);
  g_assert_cmpstr (imported->tzid, ==, "Europe/Berlin");
  g_assert_cmpuint (imported->attendees->len, ==, 1);
  g_assert_cmpint (((KzAttendee *) imported->attendees->pdata[0])->person_id, ==, agents[0]);

  g_date_clear (&may, 1);
  g_date_set_dmy (&may, 15, 5, 2027);
  kz_calendar_page_set_view (page, KZ_CALENDAR_MONTH);
  kz_calendar_page_set_date (page, &may);
  kz_calendar_page_set_scope (page, agents[0], 0);
  kz_calendar_page_reload (page);
  KZ_WAIT_UNTIL (!kz_calendar_page_get_loading (page));
  dates = shown_dates ();
  g_assert_cmpstr (dates, ==, "2027-05-06 10:00 CEST; 2027-05-20 10:00 CEST; 2027-05-27 10:00 CEST");
  g_assert_true (kz_gui_test_shows_text (GTK_WIDGET (page), "May 2027"));
  kz_gui_test_screenshot (GTK_WIDGET (window), "calendar-imported-month.png");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *db_path = NULL;
  int ret;

  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_setenv ("TZ", "UTC", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  {
    g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (css, "/io/github/KaizenQA/Kaizen/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }
  tmp_dir = g_dir_make_tmp ("kaizen-test-calendar-XXXXXX", &error);
  g_assert_no_error (error);
  {
    g_autofree char *state = g_build_filename (tmp_dir, "state", NULL);

    g_setenv ("XDG_STATE_HOME", state, TRUE);
  }
  db_path = g_build_filename (tmp_dir, "centre.db", NULL);
  store = kz_store_open (db_path, &error);
  g_assert_no_error (error);
  make_centre ();

  /* In this order: each builds on the one before. */
  g_test_add_func ("/calendar/schedule-weekly-with-drop", test_schedule);
  g_test_add_func ("/calendar/export-invitation", test_export);
  g_test_add_func ("/calendar/mark-done", test_mark_done);
  g_test_add_func ("/calendar/cancel", test_cancel);
  g_test_add_func ("/calendar/impact", test_impact);
  g_test_add_func ("/calendar/import-ics", test_import);
  ret = g_test_run ();

  if (window != NULL)
    gtk_window_destroy (GTK_WINDOW (window));
  g_clear_object (&store);
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", tmp_dir);

    g_assert_cmpint (system (cmd), ==, 0);
  }
  return ret;
}
