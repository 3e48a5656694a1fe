/* test-gaps-gui.c — from the gaps heatmap to a coaching session, in the real window
 *
 * A small centre built here.  Rubric "gp": c1 "Greets the customer" binary
 * (No 0, Yes 1), weight 1, target 90; c2 "Solves the problem" ordinal 1–5,
 * weight 2, target 75, N/A allowed (excluded).  A cell's mean is 100 × the
 * normalised value: c1 0 or 100, c2 (x − 1) ÷ 4 → 2: 25, 3: 50, 4: 75, 5: 100.
 * Teams: Billing (Ana, Cy), Meters (Bo).  Mo manages, Rae reviews.
 *
 *   evaluation  agent  day (March 2026)  c1  c2
 *   E1          Ana    2                 1   3
 *   E2          Ana    3                 0   2
 *   E3          Ana    4                 1   N/A
 *   E4          Ana    5                 0   4
 *   E5          Bo     2                 1   5
 *   E6          Bo     3                 1   3
 *   E7          Cy     4                 1   N/A
 *
 * By agent (gap = target − mean, priority = gap × weight):
 *   Ana c1: (100 + 0 + 100 + 0) ÷ 4 = 50.0, n 4, N/A 0%,  gap 40.0, priority 40
 *   Ana c2: (50 + 25 + 75) ÷ 3 = 50.0,      n 3, N/A 25%, gap 25.0, priority 50
 *   Bo  c1: 100.0, n 2, gap −10, priority −10
 *   Bo  c2: (100 + 50) ÷ 2 = 75.0, n 2, gap 0, priority 0
 *   Cy  c1: 100.0, n 1, gap −10, priority −10
 *   Cy  c2: no mean (only N/A), n 0, N/A 100%
 * Sorted: Ana c2 (50), Ana c1 (40), Bo c2 (0), Bo c1 / Cy c1 (−10), Cy c2
 * (no mean, last): rows Ana, Bo, Cy; columns c2, c1.  Coloured against each
 * criterion's target: Ana below on both; Bo c2 = 75 meets c2's target 75
 * (it would be below the rubric's pass mark, 80) and Bo c1 = 100 ≥ 90.
 *
 * By team: Billing pools Ana and Cy: c1 (1,0,1,0,1) = 60.0, n 5, gap 30,
 * priority 30; c2 (50, 25, 75) = 50.0, n 3, N/A 2 of 5 = 40%, gap 25,
 * priority 50.  Meters = Bo: c2 75.0 (priority 0), c1 100.0 (−10).
 * Rows Billing, Meters; columns c2, c1.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kz-agent-gap-page.h"
#include "kz-chart-frame.h"
#include "kz-coaching-dialog.h"
#include "kz-criterion-row.h"
#include "kz-evaluation-view.h"
#include "kz-gaps-page.h"
#include "kz-gui-test.h"
#include "kz-person-picker.h"
#include "kz-plans-page.h"
#include "kz-review-workspace.h"
#include "kz-store.h"
#include "kz-window.h"

#define NS "https://kaizen-qa.org/ns/rubric/1"

static KzStore *store;
static char *tmp_dir;
static gint64 mo, rae, ana, bo, cy;
static gint64 e[8];
static gint64 plan_id;

/* ---- the fixture --------------------------------------------------------------- */

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
  p->emails = g_new0 (char *, 2);
  p->emails[0] = g_ascii_strdown (email, -1);
  id = kz_store_add_person (store, p, &error);
  g_assert_no_error (error);
  return id;
}

/* @c2 0: N/A. */
static gint64
evaluate (gint64 agent,
          int    day,
          int    c1,
          int    c2)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzEvaluation) ev = kz_evaluation_new ();
  g_autoptr(GDateTime) when = g_date_time_new_utc (2026, 3, day, 9, 0, 0);
  g_autofree char *ref = g_strdup_printf ("CALL-%" G_GINT64_FORMAT "-%d", agent, day);
  KzInteraction it = { 0, KZ_CHANNEL_CALL, agent, when, (char *) "Meter reading", ref };
  gint64 id;

  ev->interaction_id = kz_store_add_interaction (store, &it, &error);
  g_assert_no_error (error);
  ev->rubric_id = g_strdup ("gp");
  ev->rubric_version = 1;
  ev->agent_id = agent;
  ev->reviewer_id = rae;
  ev->state = KZ_EVALUATION_SUBMITTED;
  ev->created_at = g_date_time_ref (when);
  ev->updated_at = g_date_time_ref (when);
  kz_answer_set_put (ev->answers, kz_answer_new ("c1", KZ_ANSWER_VALUE, c1, NULL));
  kz_answer_set_put (ev->answers, c2 == 0 ? kz_answer_new ("c2", KZ_ANSWER_NA, 0, NULL)
                                          : kz_answer_new ("c2", KZ_ANSWER_VALUE, c2, NULL));
  id = kz_store_save_evaluation (store, ev, &error);
  g_assert_no_error (error);
  return id;
}

static void
make_centre (void)
{
  static const char xml[] =
    "<rubric xmlns='" NS "' id='gp' version='1'><title>Gaps rubric</title>"
    "<section id='s'><title>Service</title>"
    "<criterion id='c1' target='90'><title>Greets the customer</title><guidance>g</guidance>"
    "<scale kind='binary'><point value='0' label='No'/><point value='1' label='Yes'/></scale></criterion>"
    "<criterion id='c2' weight='2' target='75' na='exclude'><title>Solves the problem</title><guidance>g</guidance>"
    "<scale kind='ordinal'><point value='1' label='1'/><point value='2' label='2'/><point value='3' label='3'/>"
    "<point value='4' label='4'/><point value='5' label='5'/></scale></criterion>"
    "</section></rubric>";
  g_autoptr(GError) error = NULL;
  g_autoptr(KzRubric) r = kz_rubric_load_data (xml, strlen (xml), "gp.xml", &error);
  gint64 org, billing, meters;

  g_assert_no_error (error);
  g_assert_true (kz_store_add_rubric (store, r, NULL, &error));
  g_assert_no_error (error);

  org = kz_store_add_unit (store, KZ_UNIT_ORGANISATION, "Northwind", 0, &error);
  billing = kz_store_add_unit (store, KZ_UNIT_TEAM, "Billing", org, &error);
  meters = kz_store_add_unit (store, KZ_UNIT_TEAM, "Meters", org, &error);
  g_assert_no_error (error);
  mo = add_person ("Mo Manager", KZ_ROLE_MANAGER, 0);
  rae = add_person ("Rae Reviewer", KZ_ROLE_REVIEWER, 0);
  ana = add_person ("Ana Agent", KZ_ROLE_AGENT, billing);
  bo = add_person ("Bo Agent", KZ_ROLE_AGENT, meters);
  cy = add_person ("Cy Agent", KZ_ROLE_AGENT, billing);

  e[1] = evaluate (ana, 2, 1, 3);
  e[2] = evaluate (ana, 3, 0, 2);
  e[3] = evaluate (ana, 4, 1, 0);
  e[4] = evaluate (ana, 5, 0, 4);
  e[5] = evaluate (bo, 2, 1, 5);
  e[6] = evaluate (bo, 3, 1, 3);
  e[7] = evaluate (cy, 4, 1, 0);
}

/* ---- the window ------------------------------------------------------------------ */

static KzWindow *
open_window (gint64 person)
{
  KzWindow *window = kz_window_new (NULL, store);
  GtkWidget *picker;

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 860);
  gtk_window_present (GTK_WINDOW (window));
  picker = kz_gui_test_find_by_type (GTK_WIDGET (window), KZ_TYPE_PERSON_PICKER);
  KZ_WAIT_UNTIL (kz_person_picker_get_n_people (KZ_PERSON_PICKER (picker)) > 0);
  kz_person_picker_set_person_id (KZ_PERSON_PICKER (picker), person);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  return window;
}

static void
close_window (KzWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  kz_gui_test_drain ();
}

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

static KzGapsPage *
show_gaps (KzWindow *window)
{
  KzGapsPage *page = KZ_GAPS_PAGE (kz_window_get_page (window, "gaps"));
  g_autoptr(GDateTime) from = g_date_time_new_local (2026, 3, 1, 0, 0, 0);
  g_autoptr(GDateTime) to = g_date_time_new_local (2026, 4, 1, 0, 0, 0);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "gaps"));
  kz_gaps_page_set_period (page, from, to);
  KZ_WAIT_UNTIL (!kz_gaps_page_get_loading (page));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  return page;
}

static const KzGapCell *
find_cell (const KzGapReport *report,
           gint64             unit,
           const char        *criterion)
{
  for (guint i = 0; i < report->cells->len; i++)
    {
      KzGapCell *c = g_ptr_array_index (report->cells, i);

      if (c->unit_id == unit && g_strcmp0 (c->criterion_id, criterion) == 0)
        return c;
    }
  g_error ("no cell %" G_GINT64_FORMAT " × %s", unit, criterion);
  return NULL;
}

static const char *
table_cell (KzChartFrame *frame,
            guint         row,
            guint         column)
{
  GtkGrid *grid = GTK_GRID (kz_chart_frame_get_table (frame));
  GtkWidget *w = gtk_grid_get_child_at (grid, (int) column, (int) row);

  g_assert_nonnull (w);
  g_assert_true (GTK_IS_LABEL (w));
  return gtk_label_get_text (GTK_LABEL (w));
}

/* ---- the tests --------------------------------------------------------------------- */

/* The heatmap's cells are the hand-worked numbers, in the hand-worked order. */
static void
test_heatmap (void)
{
  KzWindow *window = open_window (mo);
  KzGapsPage *page = show_gaps (window);
  const KzGapReport *report = kz_gaps_page_get_report (page);
  KzChartFrame *frame = kz_gaps_page_get_chart_frame (page);
  KzChartData *data = kz_chart_frame_get_data (frame);
  const KzGapCell *c;

  g_assert_cmpstr (kz_gaps_page_get_state (page), ==, "heatmap");
  g_assert_nonnull (report);
  g_assert_cmpuint (report->cells->len, ==, 6);

  c = find_cell (report, ana, "c1");
  g_assert_cmpfloat_with_epsilon (c->mean, 50.0, 1e-9);
  g_assert_cmpuint (c->n, ==, 4);
  g_assert_cmpfloat_with_epsilon (c->na_rate, 0.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (c->gap, 40.0, 1e-9);
  c = find_cell (report, ana, "c2");
  g_assert_cmpfloat_with_epsilon (c->mean, 50.0, 1e-9);
  g_assert_cmpuint (c->n, ==, 3);
  g_assert_cmpuint (c->n_na, ==, 1);
  g_assert_cmpfloat_with_epsilon (c->na_rate, 0.25, 1e-9);
  g_assert_cmpfloat_with_epsilon (c->gap, 25.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (c->priority, 50.0, 1e-9);
  c = find_cell (report, bo, "c2");
  g_assert_cmpfloat_with_epsilon (c->mean, 75.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (c->gap, 0.0, 1e-9);
  c = find_cell (report, cy, "c2");
  g_assert_false (c->has_mean);
  g_assert_cmpfloat_with_epsilon (c->na_rate, 1.0, 1e-9);

  /* The chart: rows Ana, Bo, Cy; columns c2, c1. */
  g_assert_cmpuint (kz_chart_data_get_n_rows (data), ==, 3);
  g_assert_cmpstr (kz_chart_data_get_row (data, 0), ==, "Ana Agent");
  g_assert_cmpstr (kz_chart_data_get_row (data, 1), ==, "Bo Agent");
  g_assert_cmpstr (kz_chart_data_get_row (data, 2), ==, "Cy Agent");
  g_assert_cmpuint (kz_chart_data_get_n_categories (data), ==, 2);
  g_assert_cmpstr (kz_chart_data_get_category (data, 0), ==, "Solves the problem");
  g_assert_cmpstr (kz_chart_data_get_category (data, 1), ==, "Greets the customer");
  g_assert_cmpfloat_with_epsilon (kz_chart_data_get_cell_value (data, 0, 0), 50.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (kz_chart_data_get_cell_value (data, 0, 1), 50.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (kz_chart_data_get_cell_value (data, 1, 0), 75.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (kz_chart_data_get_cell_value (data, 1, 1), 100.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (kz_chart_data_get_cell_value (data, 2, 1), 100.0, 1e-9);
  g_assert_true (isnan (kz_chart_data_get_cell_value (data, 2, 0)));
  /* Coloured against each criterion's own target. */
  g_assert_cmpfloat_with_epsilon (kz_chart_data_get_column_target (data, 0), 75.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (kz_chart_data_get_column_target (data, 1), 90.0, 1e-9);
  g_assert_cmpint (kz_chart_data_get_cell_shade (data, 0, 0), <, 0);
  g_assert_cmpint (kz_chart_data_get_cell_shade (data, 0, 1), <, 0);
  g_assert_cmpint (kz_chart_data_get_cell_shade (data, 1, 0), >, 0);   /* 75 meets 75 (below the pass mark 80) */
  g_assert_cmpint (kz_chart_data_get_cell_shade (data, 1, 1), >, 0);
  g_assert_cmpint (kz_chart_data_get_cell_shade (data, 2, 0), ==, 0);  /* no value */
  /* n and the N/A rate in the tooltip. */
  {
    g_autofree char *tip = kz_chart_data_describe_cell (data, 0, 0);

    g_assert_nonnull (strstr (tip, "Ana Agent · Solves the problem"));
    g_assert_nonnull (strstr (tip, "50.0 (n = 3)"));
    g_assert_nonnull (strstr (tip, "N/A 25.0%"));
    g_assert_nonnull (strstr (tip, "gap +25.0"));
  }
  /* The page says which whole weeks the period rounded out to: Monday to Sunday. */
  {
    GtkWidget *weeks = named (GTK_WIDGET (page), "gaps-weeks");
    const char *text = gtk_label_get_text (GTK_LABEL (weeks));
    const char *prefix = "Whole weeks, Monday to Sunday (UTC): ";
    GDate first, last;
    g_auto(GStrv) days = NULL;

    g_assert_true (gtk_widget_get_visible (weeks));
    g_assert_true (g_str_has_prefix (text, prefix));
    days = g_strsplit (text + strlen (prefix), " to ", 2);
    g_assert_cmpuint (g_strv_length (days), ==, 2);
    g_date_clear (&first, 1);
    g_date_clear (&last, 1);
    g_date_set_parse (&first, days[0]);
    g_date_set_parse (&last, days[1]);
    g_assert_true (g_date_valid (&first) && g_date_valid (&last));
    g_assert_cmpint (g_date_get_weekday (&first), ==, G_DATE_MONDAY);
    g_assert_cmpint (g_date_get_weekday (&last), ==, G_DATE_SUNDAY);
  }
  kz_gui_test_screenshot (GTK_WIDGET (window), "gaps-heatmap");

  /* The table view says the same, with n and the N/A rate. */
  kz_chart_frame_set_show_table (frame, TRUE);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  g_assert_cmpstr (table_cell (frame, 0, 0), ==, "Agent");
  g_assert_cmpstr (table_cell (frame, 0, 1), ==, "Solves the problem");
  g_assert_cmpstr (table_cell (frame, 1, 0), ==, "Ana Agent");
  g_assert_cmpstr (table_cell (frame, 1, 1), ==, "50.0 (n = 3, N/A 25.0%, target 75.0, gap +25.0)");
  g_assert_cmpstr (table_cell (frame, 1, 2), ==, "50.0 (n = 4, N/A 0.0%, target 90.0, gap +40.0)");
  g_assert_cmpstr (table_cell (frame, 2, 1), ==, "75.0 (n = 2, N/A 0.0%, target 75.0, gap +0.0)");
  g_assert_cmpstr (table_cell (frame, 3, 1), ==, "— (n = 0, N/A 100.0%)");
  kz_gui_test_screenshot (GTK_WIDGET (window), "gaps-table");
  kz_chart_frame_set_show_table (frame, FALSE);

  /* Teams: Billing pools Ana and Cy. */
  kz_gui_test_click (named (GTK_WIDGET (page), "gaps-by-team"));
  KZ_WAIT_UNTIL (!kz_gaps_page_get_loading (page) && kz_gaps_page_get_report (page) != NULL &&
                 kz_gaps_page_get_report (page)->by == KZ_GAPS_BY_TEAM);
  data = kz_chart_frame_get_data (frame);
  g_assert_cmpuint (kz_chart_data_get_n_rows (data), ==, 2);
  g_assert_cmpstr (kz_chart_data_get_row (data, 0), ==, "Billing");
  g_assert_cmpstr (kz_chart_data_get_row (data, 1), ==, "Meters");
  g_assert_cmpstr (kz_chart_data_get_category (data, 0), ==, "Solves the problem");
  g_assert_cmpfloat_with_epsilon (kz_chart_data_get_cell_value (data, 0, 0), 50.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (kz_chart_data_get_cell_value (data, 0, 1), 60.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (kz_chart_data_get_cell_value (data, 1, 0), 75.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (kz_chart_data_get_cell_value (data, 1, 1), 100.0, 1e-9);
  kz_chart_frame_set_show_table (frame, TRUE);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  g_assert_cmpstr (table_cell (frame, 0, 0), ==, "Team");
  g_assert_cmpstr (table_cell (frame, 1, 1), ==, "50.0 (n = 3, N/A 40.0%, target 75.0, gap +25.0)");
  g_assert_cmpstr (table_cell (frame, 1, 2), ==, "60.0 (n = 5, N/A 0.0%, target 90.0, gap +30.0)");
  kz_chart_frame_set_show_table (frame, FALSE);
  kz_gui_test_screenshot (GTK_WIDGET (window), "gaps-teams");

  /* A bad custom day: told, nothing reloaded. */
  gtk_editable_set_text (GTK_EDITABLE (named (GTK_WIDGET (page), "gaps-from")), "2026-02-30");
  g_signal_emit_by_name (named (GTK_WIDGET (page), "gaps-from"), "activate");
  g_assert_true (gtk_widget_get_visible (named (GTK_WIDGET (page), "gaps-period-error")));
  g_assert_false (kz_gaps_page_get_loading (page));
  close_window (window);
}

static KzAgentGapPage *
open_ana (KzWindow *window)
{
  KzGapsPage *page = show_gaps (window);
  KzAgentGapPage *agent_page = KZ_AGENT_GAP_PAGE (kz_window_get_page (window, "agent-gap"));

  gtk_widget_activate (named (GTK_WIDGET (page), "gap-agent-%" G_GINT64_FORMAT, ana));
  KZ_WAIT_UNTIL (g_strcmp0 (kz_window_get_visible_page (window), "agent-gap") == 0 &&
                 !kz_agent_gap_page_get_loading (agent_page) && kz_agent_gap_page_get_cells (agent_page) != NULL);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  return agent_page;
}

/* An agent's gaps, and the evaluations behind each number. */
static void
test_agent_gap (void)
{
  KzWindow *window = open_window (mo);
  KzAgentGapPage *agent_page = open_ana (window);
  GPtrArray *cells = kz_agent_gap_page_get_cells (agent_page);
  GArray *evidence;
  KzEvaluationView *view;

  g_assert_cmpstr (kz_agent_gap_page_get_agent_name (agent_page), ==, "Ana Agent");
  g_assert_cmpuint (cells->len, ==, 2);
  g_assert_cmpstr (((KzGapCell *) g_ptr_array_index (cells, 0))->criterion_id, ==, "c2");
  g_assert_cmpfloat_with_epsilon (((KzGapCell *) g_ptr_array_index (cells, 0))->gap, 25.0, 1e-9);
  g_assert_cmpstr (((KzGapCell *) g_ptr_array_index (cells, 1))->criterion_id, ==, "c1");
  g_assert_cmpfloat_with_epsilon (((KzGapCell *) g_ptr_array_index (cells, 1))->gap, 40.0, 1e-9);
  g_assert_true (kz_gui_test_shows_text (GTK_WIDGET (agent_page), "Gap +25.0 · mean 50.0 · target 75.0 · n = 3 · N/A 25.0% · weight 2"));

  /* Behind c2's number: Ana's four answers (E3's N/A makes the N/A rate). */
  evidence = kz_agent_gap_page_get_evidence (agent_page, "c2");
  g_assert_cmpuint (evidence->len, ==, 4);
  for (guint i = 0; i < 4; i++)
    g_assert_cmpint (g_array_index (evidence, KzGapEvidence, i).evaluation_id, ==, e[i + 1]);
  g_assert_true (g_array_index (evidence, KzGapEvidence, 2).is_na);
  /* The gap it was opened on is the focus, and shown open. */
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (named (GTK_WIDGET (agent_page), "focus-c2"))));
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (named (GTK_WIDGET (agent_page), "focus-c1"))));
  kz_gui_test_screenshot (GTK_WIDGET (window), "gaps-agent");

  /* One click opens the evaluation; Back returns here. */
  gtk_widget_activate (named (GTK_WIDGET (agent_page), "evidence-c2-%" G_GINT64_FORMAT, e[2]));
  KZ_WAIT_UNTIL (g_strcmp0 (kz_window_get_visible_page (window), "evaluation") == 0);
  view = KZ_EVALUATION_VIEW (kz_window_get_page (window, "evaluation"));
  {
    gint64 shown = 0;

    KZ_WAIT_UNTIL ((g_object_get (view, "evaluation-id", &shown, NULL), shown == e[2]));
  }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.back", NULL));
  g_assert_cmpstr (kz_window_get_visible_page (window), ==, "agent-gap");
  close_window (window);
}

static KzCoachingDialog *
find_dialog (void)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (KZ_IS_COACHING_DIALOG (l->data) && gtk_widget_get_visible (l->data))
      return l->data;
  return NULL;
}

/* Plan Coaching from the gap: the focus and the evidence come from there. */
static void
test_plan_coaching (void)
{
  g_autoptr(GError) error = NULL;
  KzWindow *window = open_window (mo);
  KzAgentGapPage *agent_page = open_ana (window);
  KzCoachingDialog *dialog;
  GtkWidget *d;
  g_autoptr(GPtrArray) plans = NULL;
  KzPlan *plan;

  kz_gui_test_click (named (GTK_WIDGET (agent_page), "plan-coaching"));
  KZ_WAIT_UNTIL ((dialog = find_dialog ()) != NULL);
  d = GTK_WIDGET (dialog);
  gtk_test_widget_wait_for_draw (d);
  /* c2 is the focus; the evaluations behind it are ticked as evidence. */
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (named (d, "coach-focus-c2"))));
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (named (d, "coach-focus-c1"))));
  for (int i = 1; i <= 4; i++)
    g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (named (d, "coach-evidence-%" G_GINT64_FORMAT, e[i]))));
  /* Only Ana's: nobody else's evaluations are offered. */
  g_assert_null (kz_gui_test_find_by_name (d, g_strdup_printf ("coach-evidence-%" G_GINT64_FORMAT, e[5])));
  kz_gui_test_screenshot (d, "gaps-plan-coaching");

  /* E3 answered c2 N/A: nothing to show there. */
  gtk_check_button_set_active (GTK_CHECK_BUTTON (named (d, "coach-evidence-%" G_GINT64_FORMAT, e[3])), FALSE);
  gtk_editable_set_text (GTK_EDITABLE (named (d, "coach-starts")), "2026-03-16 10:00");
  gtk_editable_set_text (GTK_EDITABLE (named (d, "coach-minutes")), "45");
  gtk_editable_set_text (GTK_EDITABLE (named (d, "coach-follow-up")), "2026-03-30");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (named (d, "coach-agenda"))),
                            "Walk through E2 and E4", -1);

  /* A start that is no time: refused, nothing stored. */
  gtk_editable_set_text (GTK_EDITABLE (named (d, "coach-starts")), "next Monday");
  g_assert_true (gtk_widget_activate_action (d, "coaching.save", NULL));
  g_assert_true (gtk_widget_get_visible (named (d, "coach-message")));
  plans = kz_store_list_plans (store, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (plans->len, ==, 0);
  g_clear_pointer (&plans, g_ptr_array_unref);

  gtk_editable_set_text (GTK_EDITABLE (named (d, "coach-starts")), "2026-03-16 10:00");
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_assert_true (gtk_widget_activate_action (d, "coaching.save", NULL));
  KZ_WAIT_UNTIL (dialog == NULL);

  plans = kz_store_list_plans (store, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (plans->len, ==, 1);
  plan = g_ptr_array_index (plans, 0);
  plan_id = plan->id;
  g_assert_cmpint (plan->kind, ==, KZ_PLAN_COACHING);
  g_assert_cmpint (plan->state, ==, KZ_PLAN_PLANNED);
  g_assert_cmpint (plan->agent_id, ==, ana);
  g_assert_cmpint (plan->coach_id, ==, mo);
  g_assert_cmpstr (plan->title, ==, "Coaching: Ana Agent");
  g_assert_cmpuint (plan->criteria->len, ==, 1);
  g_assert_cmpstr (((KzCriterionRef *) g_ptr_array_index (plan->criteria, 0))->rubric_id, ==, "gp");
  g_assert_cmpstr (((KzCriterionRef *) g_ptr_array_index (plan->criteria, 0))->criterion_id, ==, "c2");
  g_assert_cmpuint (plan->evidence->len, ==, 3);
  g_assert_cmpint (g_array_index (plan->evidence, gint64, 0), ==, e[1]);
  g_assert_cmpint (g_array_index (plan->evidence, gint64, 1), ==, e[2]);
  g_assert_cmpint (g_array_index (plan->evidence, gint64, 2), ==, e[4]);
  g_assert_cmpstr (plan->agenda, ==, "Walk through E2 and E4");
  g_assert_nonnull (plan->starts_at);
  {
    g_autoptr(GDateTime) expected = g_date_time_new_utc (2026, 3, 16, 10, 0, 0);   /* TZ=UTC */

    g_assert_true (g_date_time_equal (plan->starts_at, expected));
  }
  g_assert_cmpint (plan->duration_minutes, ==, 45);
  g_assert_cmpstr (plan->tzid, ==, "UTC");
  g_assert_true (g_date_valid (&plan->follow_up));
  g_assert_cmpint (g_date_get_year (&plan->follow_up), ==, 2026);
  g_assert_cmpint (g_date_get_month (&plan->follow_up), ==, 3);
  g_assert_cmpint (g_date_get_day (&plan->follow_up), ==, 30);
  close_window (window);
}

/* The Plans page: mark the session done; a rule's proposal dismissed. */
static void
test_plans_page (void)
{
  g_autoptr(GError) error = NULL;
  KzWindow *window;
  KzPlansPage *page;
  g_autoptr(KzPlan) plan = NULL;
  g_autoptr(GPtrArray) proposals = NULL;
  g_autoptr(GPtrArray) pending = NULL;
  gint64 proposal_id;

  /* A rule: two failed greetings in a row propose the greeting course.
   * Ana's last two answers to c1 (E4 No, E3 Yes) do not hold; Bo's and
   * Cy's are all Yes — so add one more No for Ana: E8 (6 March), then
   * E8, E4 are her two newest, both failed. */
  {
    g_autoptr(KzCatalogItem) item = kz_catalog_item_new (KZ_CATALOG_ELEARNING, "Greeting basics");
    g_autoptr(KzCoachingRule) rule = kz_coaching_rule_new ();
    g_autoptr(GPtrArray) made = NULL;

    item->link = g_strdup ("https://lms.example/greeting");
    item->minutes = 20;
    g_ptr_array_add (item->criteria, kz_criterion_ref_new ("gp", "c1"));
    g_assert_cmpint (kz_store_save_catalog_item (store, item, &error), >, 0);
    g_assert_no_error (error);
    rule->rubric_id = g_strdup ("gp");
    rule->criterion_id = g_strdup ("c1");
    rule->condition = KZ_RULE_LAST_N_FAILED;
    rule->n = 2;
    rule->catalog_item_id = item->id;
    rule->cooldown_weeks = 4;
    rule->sla_days = 14;
    rule->active = TRUE;
    g_assert_cmpint (kz_store_save_rule (store, rule, &error), >, 0);
    g_assert_no_error (error);
    e[0] = evaluate (ana, 6, 0, 3);
    made = kz_store_run_rules (store, 0, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (made->len, ==, 1);
    g_assert_cmpint (((KzProposal *) g_ptr_array_index (made, 0))->agent_id, ==, ana);
    proposal_id = ((KzProposal *) g_ptr_array_index (made, 0))->id;
  }

  window = open_window (mo);
  page = KZ_PLANS_PAGE (kz_window_get_page (window, "plans"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "plans"));
  kz_plans_page_reload (page);
  KZ_WAIT_UNTIL (!kz_plans_page_get_loading (page));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  g_assert_cmpuint (kz_plans_page_get_n_plans (page), ==, 1);
  g_assert_cmpuint (kz_plans_page_get_n_proposals (page), ==, 1);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (named (GTK_WIDGET (page), "plan-state-%" G_GINT64_FORMAT, plan_id))),
                   ==, "Planned");
  kz_gui_test_screenshot (GTK_WIDGET (window), "gaps-plans");

  kz_gui_test_click (named (GTK_WIDGET (page), "plan-done-%" G_GINT64_FORMAT, plan_id));
  KZ_WAIT_UNTIL (!kz_plans_page_get_loading (page) &&
                 kz_gui_test_find_by_name (GTK_WIDGET (page), g_strdup_printf ("plan-done-%" G_GINT64_FORMAT, plan_id)) == NULL);
  plan = kz_store_get_plan (store, plan_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (plan->state, ==, KZ_PLAN_DONE);
  g_assert_nonnull (plan->completed_at);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (named (GTK_WIDGET (page), "plan-state-%" G_GINT64_FORMAT, plan_id))),
                   ==, "Done");

  kz_gui_test_click (named (GTK_WIDGET (page), "proposal-dismiss-%" G_GINT64_FORMAT, proposal_id));
  KZ_WAIT_UNTIL (!kz_plans_page_get_loading (page) && kz_plans_page_get_n_proposals (page) == 0);
  proposals = kz_store_list_proposals (store, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (proposals->len, ==, 1);
  g_assert_cmpint (((KzProposal *) g_ptr_array_index (proposals, 0))->state, ==, KZ_PROPOSAL_DISMISSED);
  g_assert_cmpint (((KzProposal *) g_ptr_array_index (proposals, 0))->decided_by, ==, mo);
  pending = kz_store_list_proposals (store, TRUE, &error);
  g_assert_cmpuint (pending->len, ==, 0);
  close_window (window);
}

/* Ten seconds of silence (8 kHz, 16-bit mono). */
static char *
write_wav (void)
{
  char *wav = g_build_filename (tmp_dir, "call.wav", NULL);
  guint32 data_len = 16000 * 10, riff_len = 36 + data_len, rate = 8000, byte_rate = 16000, fmt_len = 16;
  guint16 pcm = 1, channels = 1, align = 2, bits = 16;
  g_autofree guint8 *bytes = g_malloc0 (44 + data_len);

  memcpy (bytes, "RIFF", 4); memcpy (bytes + 4, &riff_len, 4); memcpy (bytes + 8, "WAVEfmt ", 8);
  memcpy (bytes + 16, &fmt_len, 4); memcpy (bytes + 20, &pcm, 2); memcpy (bytes + 22, &channels, 2);
  memcpy (bytes + 24, &rate, 4); memcpy (bytes + 28, &byte_rate, 4); memcpy (bytes + 32, &align, 2);
  memcpy (bytes + 34, &bits, 2); memcpy (bytes + 36, "data", 4); memcpy (bytes + 40, &data_len, 4);
  g_assert_true (g_file_set_contents (wav, (const char *) bytes, 44 + data_len, NULL));
  return wav;
}

static guint
n_pending (void)
{
  g_autoptr(GPtrArray) pending = kz_store_list_proposals (store, TRUE, NULL);

  return pending != NULL ? pending->len : 0;
}

/* A review submitted in the window runs the rules for its agent: a rule
 * "c2 failed in the last 1 evaluation" proposes something for Bo once Rae
 * scores his new call c2 = 1 (the scale's lowest point: failed).  Before
 * that Bo's newest c2 answer (E6, 3) did not fail. */
static void
test_rules_after_submit (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(KzCoachingRule) rule = kz_coaching_rule_new ();
  g_autoptr(GDateTime) when = g_date_time_new_utc (2026, 3, 10, 9, 0, 0);
  KzInteraction it = { 0, KZ_CHANNEL_CALL, bo, when, (char *) "Smart meter", (char *) "CALL-BO-10" };
  KzWindow *window;
  KzReviewWorkspace *ws;
  gint64 interaction;
  KzProposal *p;

  items = kz_store_list_catalog_items (store, &error);
  g_assert_no_error (error);
  rule->rubric_id = g_strdup ("gp");
  rule->criterion_id = g_strdup ("c2");
  rule->condition = KZ_RULE_LAST_N_FAILED;
  rule->n = 1;
  rule->catalog_item_id = ((KzCatalogItem *) g_ptr_array_index (items, 0))->id;
  rule->cooldown_weeks = 4;
  rule->sla_days = 7;
  rule->active = TRUE;
  g_assert_cmpint (kz_store_save_rule (store, rule, &error), >, 0);
  g_assert_no_error (error);
  before = kz_store_list_proposals (store, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (before->len, ==, 0);
  interaction = kz_store_add_interaction (store, &it, &error);
  g_assert_no_error (error);
  {
    g_autofree char *wav = write_wav ();
    KzCall call = { interaction, 10, KZ_DIRECTION_INBOUND, (char *) "ACC-1", wav, (char *) "audio/x-wav",
                    g_ptr_array_new () };

    g_assert_true (kz_store_add_call (store, &call, &error));
    g_assert_no_error (error);
    g_ptr_array_unref (call.transcript);
  }

  window = open_window (rae);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.review-interaction", "(xi)",
                                             interaction, (gint32) KZ_CHANNEL_CALL));
  KZ_WAIT_UNTIL (g_strcmp0 (kz_window_get_visible_page (window), "review") == 0 &&
                 (ws = KZ_REVIEW_WORKSPACE (kz_gui_test_find_by_type (kz_window_get_page (window, "review"),
                                                                      KZ_TYPE_REVIEW_WORKSPACE))) != NULL &&
                 kz_review_workspace_get_loaded (ws) && kz_review_workspace_get_criterion_row (ws, "c2") != NULL);
  kz_criterion_row_pick (KZ_CRITERION_ROW (kz_review_workspace_get_criterion_row (ws, "c1")), 1);   /* Yes */
  kz_criterion_row_pick (KZ_CRITERION_ROW (kz_review_workspace_get_criterion_row (ws, "c2")), 0);   /* 1 */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (ws), "review.submit", NULL));
  /* The rules run off the UI thread after the submit. */
  KZ_WAIT_UNTIL (n_pending () > 0);
  after = kz_store_list_proposals (store, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (after->len, ==, 1);
  p = g_ptr_array_index (after, 0);
  g_assert_cmpint (p->agent_id, ==, bo);
  g_assert_cmpint (p->rule_id, ==, rule->id);
  close_window (window);

  /* Mo accepts it on the Plans page: Bo is assigned the eLearning item,
   * due the rule's 7 days later. */
  {
    g_autoptr(GPtrArray) plans = NULL;
    g_autoptr(GDateTime) now = g_date_time_new_now_local ();
    GDate due;
    KzPlansPage *page;
    KzPlan *assigned = NULL;

    window = open_window (mo);
    page = KZ_PLANS_PAGE (kz_window_get_page (window, "plans"));
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "plans"));
    KZ_WAIT_UNTIL (!kz_plans_page_get_loading (page) && kz_plans_page_get_n_proposals (page) == 1);
    kz_gui_test_click (named (GTK_WIDGET (page), "proposal-accept-%" G_GINT64_FORMAT, p->id));
    KZ_WAIT_UNTIL (!kz_plans_page_get_loading (page) && kz_plans_page_get_n_proposals (page) == 0 &&
                   kz_plans_page_get_n_plans (page) == 2);
    plans = kz_store_list_plans (store, bo, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (plans->len, ==, 1);
    assigned = g_ptr_array_index (plans, 0);
    g_assert_cmpint (assigned->kind, ==, KZ_PLAN_ELEARNING);
    g_assert_cmpint (assigned->state, ==, KZ_PLAN_PLANNED);
    g_assert_cmpint (assigned->proposal_id, ==, p->id);
    g_date_clear (&due, 1);
    g_date_set_dmy (&due, g_date_time_get_day_of_month (now), g_date_time_get_month (now), g_date_time_get_year (now));
    g_date_add_days (&due, 7);
    g_assert_cmpint (g_date_compare (&assigned->due, &due), ==, 0);
    close_window (window);
  }
}

/* Agents do not see the managers' pages. */
static void
test_agent_sidebar (void)
{
  KzWindow *window = open_window (ana);

  g_assert_false (gtk_widget_get_visible (named (GTK_WIDGET (window), "gaps")));
  g_assert_false (gtk_widget_get_visible (named (GTK_WIDGET (window), "plans")));
  close_window (window);
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

  tmp_dir = g_dir_make_tmp ("kaizen-test-gaps-gui-XXXXXX", &error);
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
  g_test_add_func ("/gaps-gui/heatmap", test_heatmap);
  g_test_add_func ("/gaps-gui/agent-gap", test_agent_gap);
  g_test_add_func ("/gaps-gui/plan-coaching", test_plan_coaching);
  g_test_add_func ("/gaps-gui/plans-page", test_plans_page);
  g_test_add_func ("/gaps-gui/rules-after-submit", test_rules_after_submit);
  g_test_add_func ("/gaps-gui/agent-sidebar", test_agent_sidebar);
  ret = g_test_run ();

  g_clear_object (&store);
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", tmp_dir);

    g_assert_cmpint (system (cmd), ==, 0);
  }
  g_free (tmp_dir);
  return ret;
}
