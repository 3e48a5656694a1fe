/* test-manager-flow.c — a manager's whole loop in one window
 *
 * Issue #8's GUI acceptance: "from an agent's gap, a manager creates a
 * coaching session with evidence, schedules a recurring group training,
 * exports it, marks completion, and opens the impact page" — one window,
 * signed in as Mo (a manager), each step through the page's own buttons,
 * entries and drop-downs.
 *
 * The centre (TZ=UTC).  Rubric "fl": "listen" Listens to the customer,
 * ordinal 1–5, weight 2, target 75 (score 100 × (v − 1) ÷ 4: 2 → 25,
 * 3 → 50, 4 → 75, 5 → 100); "greet" Greets the customer, binary, weight 1,
 * target 90.  Team Billing: Ana, Ben, Cat, Dan, Eve, Fin (agents); Mo
 * manages, Rae reviews.  Course "Listening workshop" on fl/listen.
 *
 * Before the coaching (15, 22, 29 September 2026; listen values, greet):
 *
 *   agent  listen     mean            greet
 *   Ana    2 2 3   →  33.33           1 0 1 → 66.67
 *   Ben    2 3 3   →  41.67           1 1 1
 *   Cat    3 3 3   →  50              1 1 1
 *   Dan    4 4 4   →  75              1 1 1
 *   Eve    3 4 4   →  66.67           1 1 1
 *   Fin    4 5 4   →  83.33           1 1 1
 *
 * Gaps for September (1–30): Ana listen gap 75 − 33.33 = 41.67, priority ×2
 * = 83.3, her largest (greet: 90 − 66.67 = 23.3).  Ben's and Cat's
 * 1:1s on listening (12 October, 14:00 and 15:00 UTC) are already done.
 *
 * Send Invitation… goes through GTK's own file chooser (no portal here):
 * the whole path typed in its Name field, then Export.  The file is read
 * back with libical and with python3-icalendar (dateutil expands the
 * RRULE; the EXDATE's date is left out).  The reviews after the coaching
 * are stored once the session is marked done: the reviewers' work, not
 * the manager's.
 *
 * Mo: Gaps → Ana → Plan Coaching on listen with two of her three
 * evaluations (the 29 September one, her best, unticked) as evidence,
 * Monday 12 October 2026 10:00.  Then a weekly "Listening workshop" from
 * Thursday 15 October 2026 17:00 Europe/London, 4 times, the 29 October one
 * dropped: by a wall calendar 15, 22, 29 October and 5 November; the UK
 * clocks go back on Sunday 25 October 2026, so 15 and 22 are 17:00 BST
 * (16:00 UTC), 29 October and 5 November 17:00 GMT.  Left: 15 Oct BST,
 * 22 Oct BST, 5 Nov GMT.  The month view of October 2026 runs Monday
 * 28 September … Sunday 8 November.
 *
 * After the coaching (20, 27 October, 3 November: in [19 Oct, 18 Nov), the
 * post window 7 days after for 30 days; the pre window [12 Sep, 12 Oct)):
 *
 *   agent  listen     mean     Δ (after − before)
 *   Ana    4 4 4   →  75       75 − 33.33 = 41.67 (125/3)
 *   Ben    4 4 5   →  83.33    83.33 − 41.67 = 41.67 (125/3)
 *   Cat    4 5 4   →  83.33    83.33 − 50 = 33.33 (100/3)
 *   Dan    4 4 4   →  75        0
 *   Eve    4 4 4   →  75        8.33 (25/3)
 *   Fin    4 4 5   →  83.33     0
 *
 * Coached (done on 12 October): Ana, Ben, Cat, mean Δ 350/9 = 38.89;
 * the others mean Δ 25/9 = 2.78; effect 325/9 = 36.11 points.  Welch
 * (/usr/bin/python3, scipy.stats.t.ppf): each group's Δ variance 23.15,
 * SE² = 23.15/3 + 23.15/3, df = 4.0, t = 2.776, 95% interval 25.20 to 47.02.
 * The coached started at 41.67 on average, below everyone's 58.33: the
 * regression-to-the-mean warning shows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <libical/ical.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kz-agent-gap-page.h"
#include "kz-calendar-page.h"
#include "kz-coaching-dialog.h"
#include "kz-gaps-page.h"
#include "kz-gui-test.h"
#include "kz-impact-page.h"
#include "kz-person-picker.h"
#include "kz-plans-page.h"
#include "kz-store.h"
#include "kz-training-dialog.h"
#include "kz-window.h"

#define NS "https://kaizen-qa.org/ns/rubric/1"

enum { ANA, BEN, CAT, DAN, EVE, FIN, N_AGENTS };

static KzStore *store;
static char *tmp_dir;
static KzWindow *window;
static gint64 mo, rae, billing, course;
static gint64 agents[N_AGENTS];
static gint64 ana_evaluations[3];
static gint64 session_id, training_id;

static const char *const names[N_AGENTS] = { "Ana Agent", "Ben Agent", "Cat Agent",
                                             "Dan Agent", "Eve Agent", "Fin Agent" };
static const int pre_listen[N_AGENTS][3] = { { 2, 2, 3 }, { 2, 3, 3 }, { 3, 3, 3 },
                                             { 4, 4, 4 }, { 3, 4, 4 }, { 4, 5, 4 } };
static const int post_listen[N_AGENTS][3] = { { 4, 4, 4 }, { 4, 4, 5 }, { 4, 5, 4 },
                                              { 4, 4, 4 }, { 4, 4, 4 }, { 4, 4, 5 } };
static const int pre_days[3][2] = { { 9, 15 }, { 9, 22 }, { 9, 29 } };      /* month, day */
static const int post_days[3][2] = { { 10, 20 }, { 10, 27 }, { 11, 3 } };

/* ---- the centre ------------------------------------------------------------------ */

static gint64
add_person (const char *name,
            KzRoles     roles,
            gint64      team)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzPerson) p = kz_person_new (name, roles);
  g_auto(GStrv) words = g_strsplit (name, " ", 2);
  g_autofree char *email = g_strdup_printf ("%s@northwind.example", words[0]);
  gint64 id;

  p->team_id = team;
  g_strfreev (p->emails);
  p->emails = g_new0 (char *, 2);
  p->emails[0] = g_ascii_strdown (email, -1);
  id = kz_store_add_person (store, p, &error);
  g_assert_no_error (error);
  return id;
}

static gint64
evaluate (gint64 agent,
          int    month,
          int    day,
          int    listen,
          int    greet)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzEvaluation) ev = kz_evaluation_new ();
  g_autoptr(GDateTime) when = g_date_time_new_utc (2026, month, day, 9, 0, 0);
  g_autofree char *ref = g_strdup_printf ("CALL-%" G_GINT64_FORMAT "-%02d%02d", agent, month, day);
  KzInteraction it = { 0, KZ_CHANNEL_CALL, agent, when, (char *) "Meter reading", ref };
  gint64 id;

  ev->interaction_id = kz_store_add_interaction (store, &it, &error);
  g_assert_no_error (error);
  ev->rubric_id = g_strdup ("fl");
  ev->rubric_version = 1;
  ev->agent_id = agent;
  ev->reviewer_id = rae;
  ev->state = KZ_EVALUATION_SUBMITTED;
  ev->created_at = g_date_time_ref (when);
  ev->updated_at = g_date_time_ref (when);
  kz_answer_set_put (ev->answers, kz_answer_new ("listen", KZ_ANSWER_VALUE, listen, NULL));
  kz_answer_set_put (ev->answers, kz_answer_new ("greet", KZ_ANSWER_VALUE, greet, NULL));
  id = kz_store_save_evaluation (store, ev, &error);
  g_assert_no_error (error);
  return id;
}

/* A 1:1 on listening held on 12 October and recorded done before the test. */
static void
done_session (gint64 agent,
              int    hour)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzPlan) s = kz_plan_new (KZ_PLAN_COACHING, "Listening 1:1");

  s->agent_id = agent;
  s->coach_id = mo;
  s->tzid = g_strdup ("UTC");
  s->starts_at = g_date_time_new_utc (2026, 10, 12, hour, 0, 0);
  s->duration_minutes = 30;
  g_ptr_array_add (s->criteria, kz_criterion_ref_new ("fl", "listen"));
  g_assert_cmpint (kz_store_save_plan (store, s, &error), >, 0);
  g_assert_no_error (error);
  g_assert_true (kz_store_set_plan_state (store, s->id, KZ_PLAN_DONE, NULL, &error));
  g_assert_no_error (error);
}

static void
make_centre (void)
{
  static const char xml[] =
    "<rubric xmlns='" NS "' id='fl' version='1'><title>Flow rubric</title>"
    "<section id='s'><title>Service</title>"
    "<criterion id='listen' weight='2' target='75'><title>Listens to the customer</title><guidance>g</guidance>"
    "<scale kind='ordinal'><point value='1' label='1'/><point value='2' label='2'/><point value='3' label='3'/>"
    "<point value='4' label='4'/><point value='5' label='5'/></scale></criterion>"
    "<criterion id='greet' target='90'><title>Greets the customer</title><guidance>g</guidance>"
    "<scale kind='binary'><point value='0' label='No'/><point value='1' label='Yes'/></scale></criterion>"
    "</section></rubric>";
  g_autoptr(GError) error = NULL;
  g_autoptr(KzRubric) r = kz_rubric_load_data (xml, strlen (xml), "fl.xml", &error);
  g_autoptr(KzCatalogItem) item = kz_catalog_item_new (KZ_CATALOG_COURSE, "Listening workshop");
  gint64 org;

  g_assert_no_error (error);
  g_assert_true (kz_store_add_rubric (store, r, NULL, &error));
  g_assert_no_error (error);
  org = kz_store_add_unit (store, KZ_UNIT_ORGANISATION, "Northwind", 0, &error);
  billing = kz_store_add_unit (store, KZ_UNIT_TEAM, "Billing", org, &error);
  g_assert_no_error (error);
  mo = add_person ("Mo Manager", KZ_ROLE_MANAGER, 0);
  rae = add_person ("Rae Reviewer", KZ_ROLE_REVIEWER, 0);
  for (guint a = 0; a < N_AGENTS; a++)
    agents[a] = add_person (names[a], KZ_ROLE_AGENT, billing);
  for (guint a = 0; a < N_AGENTS; a++)
    for (guint k = 0; k < 3; k++)
      {
        /* Ana's greeting: Yes, No, Yes. */
        int greet = a == ANA && k == 1 ? 0 : 1;
        gint64 id = evaluate (agents[a], pre_days[k][0], pre_days[k][1], pre_listen[a][k], greet);

        if (a == ANA)
          ana_evaluations[k] = id;
      }
  done_session (agents[BEN], 14);
  done_session (agents[CAT], 15);

  item->capacity = 12;
  g_ptr_array_add (item->criteria, kz_criterion_ref_new ("fl", "listen"));
  course = kz_store_save_catalog_item (store, item, &error);
  g_assert_no_error (error);
}

/* The reviewers' work in the weeks after: not the manager's to do. */
static void
review_after (void)
{
  for (guint a = 0; a < N_AGENTS; a++)
    for (guint k = 0; k < 3; k++)
      evaluate (agents[a], post_days[k][0], post_days[k][1], post_listen[a][k], 1);
}

/* ---- lookups --------------------------------------------------------------------- */

static GtkWidget *
named (GtkWidget  *root,
       const char *format,
       ...) G_GNUC_PRINTF (2, 3);

static GtkWidget *
named (GtkWidget  *root,
       const char *format,
       ...)
{
  va_list args;
  g_autofree char *name = NULL;
  GtkWidget *w;

  va_start (args, format);
  name = g_strdup_vprintf (format, args);
  va_end (args);
  w = kz_gui_test_find_by_name (root, name);
  if (w == NULL)
    g_error ("no widget named %s", name);
  return w;
}

/* Is a widget named "@prefix@id" there? */
static gboolean
has_named (GtkWidget  *root,
           const char *prefix,
           gint64      id)
{
  g_autofree char *name = g_strdup_printf ("%s%" G_GINT64_FORMAT, prefix, id);

  return kz_gui_test_find_by_name (root, name) != NULL;
}

/* The visible toplevel of @type, if any. */
static GtkWidget *
toplevel_of_type (GType type)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type) && gtk_widget_get_visible (l->data))
      return l->data;
  return NULL;
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
  g_error ("no %s check “%s”", name, label);
  return NULL;
}

/* A button found by its tooltip (the icon-only ones). */
static GtkWidget *
find_by_tooltip (GtkWidget  *widget,
                 const char *tooltip)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_widget_get_tooltip_text (widget), tooltip) == 0)
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_by_tooltip (c, tooltip);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Picks the drop-down's item that reads @text. */
static void
choose (GtkWidget  *dropdown,
        const char *text)
{
  GListModel *model = gtk_drop_down_get_model (GTK_DROP_DOWN (dropdown));

  for (guint i = 0; model != NULL && i < g_list_model_get_n_items (model); i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (model), i), text) == 0)
      {
        gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), i);
        return;
      }
  g_error ("no item “%s” in the drop-down", text);
}

static void
shot (const char *name)
{
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  kz_gui_test_screenshot (GTK_WIDGET (window), name);
}

static void
show_page (const char *name)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", name));
  g_assert_cmpstr (kz_window_get_visible_page (window), ==, name);
}

/* ---- the flow ---------------------------------------------------------------------- */

/* Signed in as Mo; the Gaps page for September; Ana's gaps. */
static void
test_gap (void)
{
  GtkWidget *picker;
  KzGapsPage *gaps;
  KzAgentGapPage *agent_page;
  GPtrArray *cells;
  GtkWidget *row;

  window = kz_window_new (NULL, store);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 860);
  gtk_window_present (GTK_WINDOW (window));
  picker = kz_gui_test_find_by_type (GTK_WIDGET (window), KZ_TYPE_PERSON_PICKER);
  KZ_WAIT_UNTIL (kz_person_picker_get_n_people (KZ_PERSON_PICKER (picker)) > 0);
  kz_person_picker_set_person_id (KZ_PERSON_PICKER (picker), mo);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  show_page ("gaps");
  gaps = KZ_GAPS_PAGE (kz_window_get_page (window, "gaps"));
  KZ_WAIT_UNTIL (!kz_gaps_page_get_loading (gaps));
  /* Custom period: 1–30 September 2026, typed, then Show. */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (named (GTK_WIDGET (gaps), "gaps-period")), 4);
  gtk_editable_set_text (GTK_EDITABLE (named (GTK_WIDGET (gaps), "gaps-from")), "2026-09-01");
  gtk_editable_set_text (GTK_EDITABLE (named (GTK_WIDGET (gaps), "gaps-to")), "2026-09-30");
  kz_gui_test_click (kz_gui_test_find_button (GTK_WIDGET (gaps), "_Show"));
  KZ_WAIT_UNTIL (!kz_gaps_page_get_loading (gaps) && kz_gaps_page_get_report (gaps) != NULL &&
                 has_named (GTK_WIDGET (gaps), "gap-agent-", agents[ANA]));
  /* Largest listening gap × weight 2 first: Ana (75 − 33.33) × 2 = 83.3,
   * Ben 66.7, Cat 50, Eve 16.7, Dan 0, Fin −16.7 (greet adds no larger one). */
  {
    static const char *const order[] = { "Ana Agent", "Ben Agent", "Cat Agent", "Eve Agent", "Dan Agent", "Fin Agent" };
    GtkWidget *list = named (GTK_WIDGET (gaps), "gaps-agents");
    GtkWidget *child = gtk_widget_get_first_child (list);

    for (guint i = 0; i < G_N_ELEMENTS (order); i++, child = gtk_widget_get_next_sibling (child))
      {
        g_assert_nonnull (child);
        g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (child)), ==, order[i]);
      }
    g_assert_null (child);
  }
  row = named (GTK_WIDGET (gaps), "gap-agent-%" G_GINT64_FORMAT, agents[ANA]);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==,
                   "Largest gap: Listens to the customer, 41.7 points below target");
  shot ("flow-1-gaps.png");

  gtk_widget_activate (row);
  agent_page = KZ_AGENT_GAP_PAGE (kz_window_get_page (window, "agent-gap"));
  KZ_WAIT_UNTIL (g_strcmp0 (kz_window_get_visible_page (window), "agent-gap") == 0 &&
                 !kz_agent_gap_page_get_loading (agent_page) && kz_agent_gap_page_get_cells (agent_page) != NULL);
  g_assert_cmpstr (kz_agent_gap_page_get_agent_name (agent_page), ==, "Ana Agent");
  cells = kz_agent_gap_page_get_cells (agent_page);
  g_assert_cmpuint (cells->len, ==, 2);
  g_assert_cmpstr (((KzGapCell *) cells->pdata[0])->criterion_id, ==, "listen");
  g_assert_cmpfloat_with_epsilon (((KzGapCell *) cells->pdata[0])->mean, 100.0 / 3, 1e-9);
  g_assert_cmpfloat_with_epsilon (((KzGapCell *) cells->pdata[0])->gap, 75 - 100.0 / 3, 1e-9);
  g_assert_cmpstr (((KzGapCell *) cells->pdata[1])->criterion_id, ==, "greet");
  g_assert_true (kz_gui_test_shows_text (GTK_WIDGET (agent_page), "Gap +41.7 · mean 33.3 · target 75.0 · n = 3"));
  shot ("flow-2-agent-gap.png");
}

/* Plan Coaching from Ana's listening gap, two evaluations as evidence. */
static void
test_plan_coaching (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) plans = NULL;
  KzAgentGapPage *agent_page = KZ_AGENT_GAP_PAGE (kz_window_get_page (window, "agent-gap"));
  GtkWidget *d;
  KzPlan *plan = NULL;

  kz_gui_test_click (named (GTK_WIDGET (agent_page), "plan-coaching"));
  KZ_WAIT_UNTIL ((d = toplevel_of_type (KZ_TYPE_COACHING_DIALOG)) != NULL);
  gtk_test_widget_wait_for_draw (d);
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (named (d, "coach-focus-listen"))));
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (named (d, "coach-focus-greet"))));
  for (guint k = 0; k < 3; k++)
    g_assert_true (gtk_check_button_get_active (
      GTK_CHECK_BUTTON (named (d, "coach-evidence-%" G_GINT64_FORMAT, ana_evaluations[k]))));
  /* Her best one (29 September, listen 3) is no evidence of the gap. */
  gtk_check_button_set_active (GTK_CHECK_BUTTON (named (d, "coach-evidence-%" G_GINT64_FORMAT, ana_evaluations[2])),
                               FALSE);
  gtk_editable_set_text (GTK_EDITABLE (named (d, "coach-starts")), "2026-10-12 10:00");
  gtk_editable_set_text (GTK_EDITABLE (named (d, "coach-minutes")), "30");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (named (d, "coach-agenda"))),
                            "Replay the two calls; practise summarising back", -1);
  gtk_test_widget_wait_for_draw (d);
  kz_gui_test_screenshot (d, "flow-3-plan-coaching.png");
  g_object_add_weak_pointer (G_OBJECT (d), (gpointer *) &d);
  kz_gui_test_click (named (d, "coach-save"));
  KZ_WAIT_UNTIL (d == NULL);

  plans = kz_store_list_plans (store, agents[ANA], &error);
  g_assert_no_error (error);
  g_assert_cmpuint (plans->len, ==, 1);
  plan = plans->pdata[0];
  session_id = plan->id;
  g_assert_cmpint (plan->kind, ==, KZ_PLAN_COACHING);
  g_assert_cmpint (plan->state, ==, KZ_PLAN_PLANNED);
  g_assert_cmpint (plan->agent_id, ==, agents[ANA]);
  g_assert_cmpint (plan->coach_id, ==, mo);
  g_assert_cmpuint (plan->criteria->len, ==, 1);
  g_assert_cmpstr (((KzCriterionRef *) plan->criteria->pdata[0])->rubric_id, ==, "fl");
  g_assert_cmpstr (((KzCriterionRef *) plan->criteria->pdata[0])->criterion_id, ==, "listen");
  g_assert_cmpuint (plan->evidence->len, ==, 2);
  g_assert_cmpint (g_array_index (plan->evidence, gint64, 0), ==, ana_evaluations[0]);
  g_assert_cmpint (g_array_index (plan->evidence, gint64, 1), ==, ana_evaluations[1]);
  {
    g_autoptr(GDateTime) expected = g_date_time_new_utc (2026, 10, 12, 10, 0, 0);

    g_assert_true (g_date_time_equal (plan->starts_at, expected));
  }
  g_assert_cmpint (plan->duration_minutes, ==, 30);
}

/* The "when" of every occurrence button on the calendar, in screen order. */
static char *
shown_dates (KzCalendarPage *page)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();
  g_autoptr(GString) s = g_string_new (NULL);

  kz_gui_test_find_all_by_name (GTK_WIDGET (page), "occurrence", found);
  for (guint i = 0; i < found->len; i++)
    g_string_append_printf (s, "%s%s", i ? "; " : "", (const char *) g_object_get_data (found->pdata[i], "when"));
  return g_string_free (g_steal_pointer (&s), FALSE);
}

/* Schedule Group Training: weekly, 4 times, 29 October dropped. */
static void
test_schedule_training (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzPlan) plan = NULL;
  g_autofree char *dates = NULL;
  KzCalendarPage *page;
  GtkWidget *d;

  show_page ("calendar");
  page = KZ_CALENDAR_PAGE (kz_window_get_page (window, "calendar"));
  KZ_WAIT_UNTIL (!kz_calendar_page_get_loading (page));
  kz_gui_test_click (kz_gui_test_find_button (GTK_WIDGET (page), "_Schedule Group Training…"));
  KZ_WAIT_UNTIL ((d = toplevel_of_type (KZ_TYPE_TRAINING_DIALOG)) != NULL &&
                 !kz_training_dialog_get_loading (KZ_TRAINING_DIALOG (d)));
  choose (named (d, "course"), "Listening workshop");
  gtk_editable_set_text (GTK_EDITABLE (named (d, "date")), "2026-10-15");
  gtk_editable_set_text (GTK_EDITABLE (named (d, "time")), "17:00");
  gtk_editable_set_text (GTK_EDITABLE (named (d, "zone")), "Europe/London");
  gtk_editable_set_text (GTK_EDITABLE (named (d, "place")), "Room 2, Leeds");
  choose (named (d, "recurrence"), "Weekly");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (named (d, "count")), 4);
  for (guint a = ANA; a <= CAT; a++)
    gtk_check_button_set_active (GTK_CHECK_BUTTON (find_check (d, "attendee", names[a])), TRUE);
  kz_gui_test_drain ();
  /* Four listed, in London time, by hand. */
  g_assert_cmpuint (kz_training_dialog_get_n_occurrences (KZ_TRAINING_DIALOG (d)), ==, 4);
  find_check (d, "occurrence", "Thu 2026-10-15 17:00");
  find_check (d, "occurrence", "Thu 2026-10-22 17:00");
  find_check (d, "occurrence", "Thu 2026-11-05 17:00");
  gtk_check_button_set_active (GTK_CHECK_BUTTON (find_check (d, "occurrence", "Thu 2026-10-29 17:00")), FALSE);
  kz_gui_test_drain ();
  g_assert_true (gtk_widget_get_sensitive (kz_gui_test_find_button (d, "_Schedule")));
  gtk_test_widget_wait_for_draw (d);
  kz_gui_test_screenshot (d, "flow-4-schedule-training.png");
  g_object_add_weak_pointer (G_OBJECT (d), (gpointer *) &d);
  kz_gui_test_click (kz_gui_test_find_button (d, "_Schedule"));
  KZ_WAIT_UNTIL (d == NULL);
  KZ_WAIT_UNTIL (!kz_calendar_page_get_loading (page) && kz_calendar_page_get_selected (page) != 0);
  training_id = kz_calendar_page_get_selected (page);

  plan = kz_store_get_plan (store, training_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (plan->kind, ==, KZ_PLAN_TRAINING);
  g_assert_cmpint (plan->catalog_item_id, ==, course);
  g_assert_cmpstr (plan->tzid, ==, "Europe/London");
  g_assert_cmpint (plan->recurrence.freq, ==, KZ_FREQ_WEEKLY);
  g_assert_cmpint (plan->recurrence.count, ==, 4);
  g_assert_cmpuint (plan->recurrence.exdates->len, ==, 1);
  {
    /* 29 October 17:00 GMT is 17:00 UTC. */
    g_autoptr(GDateTime) dropped = g_date_time_new_utc (2026, 10, 29, 17, 0, 0);

    g_assert_cmpint (g_date_time_to_unix (plan->recurrence.exdates->pdata[0]), ==, g_date_time_to_unix (dropped));
  }
  g_assert_cmpuint (plan->attendees->len, ==, 3);

  /* Ana's October: back two months from today (December 2026) with
   * Previous, her name in "Whose schedule". */
  choose (named (GTK_WIDGET (page), "scope"), "Ana Agent");
  KZ_WAIT_UNTIL (!kz_calendar_page_get_loading (page));
  while (!kz_gui_test_shows_text (GTK_WIDGET (page), "October 2026"))
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();

      /* Never before October 2026: the test's today is later. */
      g_assert_true (g_date_time_get_year (now) > 2026 || g_date_time_get_month (now) >= 10);
      kz_gui_test_click (find_by_tooltip (GTK_WIDGET (page), "Previous"));
      g_assert_false (kz_gui_test_shows_text (GTK_WIDGET (page), "September 2026"));
    }
  dates = shown_dates (page);
  g_assert_cmpstr (dates, ==,
                   "2026-10-12 10:00 UTC; 2026-10-15 17:00 BST; 2026-10-22 17:00 BST; 2026-11-05 17:00 GMT");
  g_assert_cmpint (kz_calendar_page_get_selected (page), ==, training_id);
  shot ("flow-5-calendar.png");
}

/* Send Invitation…: the file chooser, then the .ics read back with libical. */
static void
test_export (void)
{
  KzCalendarPage *page = KZ_CALENDAR_PAGE (kz_window_get_page (window, "calendar"));
  g_autofree char *path = g_build_filename (tmp_dir, "Listening workshop.ics", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(KzPlan) plan = kz_store_get_plan (store, training_id, &error);
  g_autofree char *data = NULL;
  GtkWidget *chooser;
  icalcomponent *cal, *ev, *tz;
  icalproperty *p;
  struct icalrecurrencetype rt;
  int n_exdates = 0;

  g_assert_no_error (error);
  kz_gui_test_click (kz_gui_test_find_button (GTK_WIDGET (page), "Send _Invitation…"));
  /* No portal here: GTK's own dialog stands in for the desktop's. */
  KZ_WAIT_UNTIL ((chooser = toplevel_of_type (GTK_TYPE_FILE_CHOOSER_DIALOG)) != NULL);
  g_assert_cmpstr (gtk_file_chooser_get_current_name (GTK_FILE_CHOOSER (chooser)), ==, "Listening workshop.ics");
  /* Into the test's folder: typed in the Name field as a whole path, as
   * a person may. */
  gtk_editable_set_text (GTK_EDITABLE (kz_gui_test_find_by_type (chooser, GTK_TYPE_ENTRY)), path);
  gtk_test_widget_wait_for_draw (chooser);
  kz_gui_test_screenshot (chooser, "flow-6-export-chooser.png");
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT);
  KZ_WAIT_UNTIL (g_file_test (path, G_FILE_TEST_EXISTS) && toplevel_of_type (GTK_TYPE_FILE_CHOOSER_DIALOG) == NULL);

  g_assert_true (g_file_get_contents (path, &data, NULL, &error));
  g_assert_no_error (error);
  cal = icalparser_parse_string (data);
  g_assert_nonnull (cal);
  g_assert_cmpint (icalcomponent_isa (cal), ==, ICAL_VCALENDAR_COMPONENT);
  g_assert_cmpint (icalcomponent_get_method (cal), ==, ICAL_METHOD_REQUEST);
  tz = icalcomponent_get_first_component (cal, ICAL_VTIMEZONE_COMPONENT);
  g_assert_nonnull (tz);
  g_assert_cmpstr (icalproperty_get_tzid (icalcomponent_get_first_property (tz, ICAL_TZID_PROPERTY)), ==,
                   "Europe/London");
  g_assert_cmpint (icalcomponent_count_components (cal, ICAL_VEVENT_COMPONENT), ==, 1);
  ev = icalcomponent_get_first_component (cal, ICAL_VEVENT_COMPONENT);
  g_assert_nonnull (plan->uid);
  g_assert_cmpstr (icalcomponent_get_uid (ev), ==, plan->uid);
  g_assert_cmpstr (icalcomponent_get_summary (ev), ==, "Listening workshop");
  g_assert_cmpstr (icalcomponent_get_location (ev), ==, "Room 2, Leeds");
  p = icalcomponent_get_first_property (ev, ICAL_DTSTART_PROPERTY);
  g_assert_cmpstr (icalproperty_get_parameter_as_string (p, "TZID"), ==, "Europe/London");
  g_assert_cmpstr (icalproperty_get_value_as_string (p), ==, "20261015T170000");
  rt = icalproperty_get_rrule (icalcomponent_get_first_property (ev, ICAL_RRULE_PROPERTY));
  g_assert_cmpint (rt.freq, ==, ICAL_WEEKLY_RECURRENCE);
  g_assert_cmpint (rt.count, ==, 4);
  g_assert_true (icaltime_is_null_time (rt.until));   /* COUNT, so no UNTIL */
  for (p = icalcomponent_get_first_property (ev, ICAL_EXDATE_PROPERTY); p != NULL;
       p = icalcomponent_get_next_property (ev, ICAL_EXDATE_PROPERTY))
    {
      struct icaltimetype ex = icalproperty_get_exdate (p);

      g_assert_cmpstr (icalproperty_get_parameter_as_string (p, "TZID"), ==, "Europe/London");
      g_assert_cmpint (ex.year, ==, 2026);
      g_assert_cmpint (ex.month, ==, 10);
      g_assert_cmpint (ex.day, ==, 29);
      g_assert_cmpint (ex.hour, ==, 17);
      g_assert_cmpint (ex.minute, ==, 0);
      n_exdates++;
    }
  g_assert_cmpint (n_exdates, ==, 1);
  g_assert_cmpint (icalcomponent_count_properties (ev, ICAL_ATTENDEE_PROPERTY), ==, 3);
  icalcomponent_free (cal);

  /* And with Debian's python3-icalendar, the series expanded by dateutil's
   * rrule in the start's zone (zoneinfo; not Kaizen's code, not libical): the
   * three hand-listed dates.  python3-icalendar is a test dependency
   * already (tests/model/check-ics.py). */
  {
    static const char script[] =
      "import sys, icalendar\n"
      "from zoneinfo import ZoneInfo\n"
      "from dateutil.rrule import rrulestr\n"
      "cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())\n"
      "ev = cal.walk('VEVENT')[0]\n"
      "zone = ZoneInfo(str(ev['DTSTART'].params['TZID']))\n"
      /* RFC 5545 repeats the wall-clock time in the start's zone. */
      "start = ev.decoded('DTSTART').replace(tzinfo=None)\n"
      "rule = rrulestr(ev['RRULE'].to_ical().decode(), dtstart=start)\n"
      "ex = ev['EXDATE']\n"
      "ex = ex if isinstance(ex, list) else [ex]\n"
      "dropped = {d.dt.replace(tzinfo=None) for e in ex for d in e.dts}\n"
      "print(str(ev['UID']))\n"
      "print('; '.join(d.replace(tzinfo=zone).strftime('%Y-%m-%d %H:%M %Z') for d in rule if d not in dropped))\n";
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    g_autofree char *expected = g_strdup_printf ("%s\n2026-10-15 17:00 BST; 2026-10-22 17:00 BST; 2026-11-05 17:00 GMT\n",
                                                 plan->uid);
    const char *argv[] = { "/usr/bin/python3", "-c", script, path, NULL };
    int status = 0;

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error));
    g_assert_no_error (error);
    if (!g_spawn_check_wait_status (status, NULL))
      g_error ("python3-icalendar: %s", err);
    g_assert_cmpstr (out, ==, expected);
  }
}

/* The Plans page: Ana's session marked done. */
static void
test_mark_done (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzPlan) plan = NULL;
  KzPlansPage *page;

  show_page ("plans");
  page = KZ_PLANS_PAGE (kz_window_get_page (window, "plans"));
  KZ_WAIT_UNTIL (!kz_plans_page_get_loading (page) &&
                 has_named (GTK_WIDGET (page), "plan-state-", session_id));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (named (GTK_WIDGET (page), "plan-state-%" G_GINT64_FORMAT, session_id))),
                   ==, "Planned");
  shot ("flow-7-plans.png");
  kz_gui_test_click (named (GTK_WIDGET (page), "plan-done-%" G_GINT64_FORMAT, session_id));
  KZ_WAIT_UNTIL (!kz_plans_page_get_loading (page) &&
                 !has_named (GTK_WIDGET (page), "plan-done-", session_id));
  plan = kz_store_get_plan (store, session_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (plan->state, ==, KZ_PLAN_DONE);
  g_assert_nonnull (plan->completed_at);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (named (GTK_WIDGET (page), "plan-state-%" G_GINT64_FORMAT, session_id))),
                   ==, "Done");
  shot ("flow-8-plans-done.png");

  /* The calendar says so too: Ana's October, her 1:1 ticked. */
  show_page ("calendar");
  {
    KzCalendarPage *calendar = KZ_CALENDAR_PAGE (kz_window_get_page (window, "calendar"));
    g_autoptr(GPtrArray) found = g_ptr_array_new ();
    GtkWidget *button = NULL;

    KZ_WAIT_UNTIL (!kz_calendar_page_get_loading (calendar));
    g_assert_true (kz_gui_test_shows_text (GTK_WIDGET (calendar), "October 2026"));
    kz_gui_test_find_all_by_name (GTK_WIDGET (calendar), "occurrence", found);
    for (guint i = 0; i < found->len; i++)
      if (GPOINTER_TO_SIZE (g_object_get_data (found->pdata[i], "plan-id")) == (gsize) session_id)
        button = found->pdata[i];
    g_assert_nonnull (button);
    g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, "✓ 10:00 Coaching: Ana Agent");
  }
}

/* Did It Work? on listening, the date taken from Ana's session. */
static void
test_impact (void)
{
  KzImpactPage *page;
  KzImpact shown;
  GtkWidget *plan_drop;

  review_after ();
  show_page ("impact");
  page = KZ_IMPACT_PAGE (kz_window_get_page (window, "impact"));
  KZ_WAIT_UNTIL (!kz_impact_page_get_busy (page));
  choose (named (GTK_WIDGET (page), "criterion"), "Flow rubric — Listens to the customer");
  KZ_WAIT_UNTIL (!kz_impact_page_get_busy (page));
  plan_drop = named (GTK_WIDGET (page), "plan");
  choose (plan_drop, "Coaching: Ana Agent, 2026-10-12");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (named (GTK_WIDGET (page), "date"))), ==, "2026-10-12");
  KZ_WAIT_UNTIL (!kz_impact_page_get_busy (page));

  g_assert_true (kz_impact_page_get_impact (page, &shown));
  g_assert_cmpint (shown.kind, ==, KZ_IMPACT_EFFECT);
  g_assert_cmpuint (shown.n_coached, ==, 3);
  g_assert_cmpuint (shown.n_comparison, ==, 3);
  g_assert_cmpfloat_with_epsilon (shown.effect, 325.0 / 9, 1e-9);   /* by hand, above */
  g_assert_cmpfloat_with_epsilon (shown.low, 25.2042, 0.001);      /* scipy, above */
  g_assert_cmpfloat_with_epsilon (shown.high, 47.0180, 0.001);
  g_assert_cmpfloat_with_epsilon (shown.df, 4.0, 1e-6);
  g_assert_true (kz_gui_test_shows_label (GTK_WIDGET (page),
                                          "+36.1 points, 95% interval 25.2 to 47.0, 3 coached vs 3 not coached"));
  g_assert_true (kz_gui_test_shows_text (GTK_WIDGET (page),
                                         "Coached agents improved 36.1 points more than the 3 compared with them "
                                         "(95% interval 25.2 to 47.0; 3 coached)."));
  /* Hedges' g: the pooled SD of the changes is √23.15 = 4.811, d = 36.11 ÷
   * 4.811 = 7.506, small-sample factor 1 − 3 ÷ (4 × 4 − 1) = 0.8: 6.00. */
  g_assert_true (kz_gui_test_shows_text (GTK_WIDGET (page), "Effect size (Hedges’ g): 6.00."));
  /* The warning: everyone's before means 33.33, 41.67, 50, 75, 66.67, 83.33
   * against their after means 75, 83.33, 83.33, 75, 75, 83.33 correlate
   * ρ = 0 exactly (numpy: −9e−17, rounding), so the expected rise is
   * (1 − 0) × (58.33 − 41.67) = 16.7 — and ρ reads 0.00, not −0.00. */
  g_assert_true (shown.rtm_applies);
  g_assert_cmpfloat_with_epsilon (shown.rtm_expected, 50.0 / 3, 1e-6);
  g_assert_true (kz_gui_test_shows_text (GTK_WIDGET (page),
                                         "started below the average (ρ = 0.00), so about 16.7 points of rise"));
  g_assert_true (kz_gui_test_has_label (GTK_WIDGET (page), "Coached (3)"));
  g_assert_true (kz_gui_test_has_label (GTK_WIDGET (page), "Not coached (3)"));
  shot ("flow-9-impact.png");
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
  /* GTK's own file chooser, never a portal's. */
  g_setenv ("GTK_USE_PORTAL", "0", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  {
    g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (css, "/io/github/KaizenQA/Kaizen/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }
  tmp_dir = g_dir_make_tmp ("kaizen-test-manager-flow-XXXXXX", &error);
  g_assert_no_error (error);
  {
    g_autofree char *state = g_build_filename (tmp_dir, "state", NULL);

    g_setenv ("XDG_STATE_HOME", state, TRUE);
  }
  db_path = g_build_filename (tmp_dir, "centre.db", NULL);
  store = kz_store_open (db_path, &error);
  g_assert_no_error (error);
  make_centre ();

  /* One window, in this order: each step builds on the one before. */
  g_test_add_func ("/manager-flow/gap", test_gap);
  g_test_add_func ("/manager-flow/plan-coaching", test_plan_coaching);
  g_test_add_func ("/manager-flow/schedule-training", test_schedule_training);
  g_test_add_func ("/manager-flow/export", test_export);
  g_test_add_func ("/manager-flow/mark-done", test_mark_done);
  g_test_add_func ("/manager-flow/impact", test_impact);
  ret = g_test_run ();

  if (window != NULL)
    gtk_window_destroy (GTK_WINDOW (window));
  kz_gui_test_drain ();
  g_clear_object (&store);
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", tmp_dir);

    g_assert_cmpint (system (cmd), ==, 0);
  }
  g_free (tmp_dir);
  return ret;
}
