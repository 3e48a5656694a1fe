/* test-dashboard2.c — the criterion and reviewer pages on the demo centre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each page opens on kz_demo_fill()'s centre under Xvfb.  What it shows is
 * checked against the test's own SQL on a second connection to the file:
 * the distribution chart's table holds the counts a plain GROUP BY gives,
 * the reviewer's volume table the counts per Monday the calendar gives, and
 * each drill-down (a card, a bar, a week) lists exactly the evaluation ids
 * the test's own query finds.  Screenshots, light and dark, when
 * KAIZEN_SCREENSHOT_DIR is set.
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "kz-calibration-page.h"
#include "kz-chart-frame.h"
#include "kz-criterion-page.h"
#include "kz-customer-voice.h"
#include "kz-demo.h"
#include "kz-drill-list.h"
#include "kz-evaluation-view.h"
#include "kz-gui-test.h"
#include "kz-reviewer-page.h"
#include "kz-rollup.h"
#include "kz-store.h"
#include "kz-test-db.h"
#include "kz-window.h"

GResource *kaizen_get_resource (void);

static char *db_dir;
static char *db_path;
static KzStore *store;

/* The test's own query: int64 values of column 0, in order. */
static GArray *
raw_ids (const char *sql)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (db));
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 v = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, v);
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return ids;
}

static gint64
raw_int (const char *sql)
{
  g_autoptr(GArray) v = raw_ids (sql);

  g_assert_cmpuint (v->len, >=, 1);
  return g_array_index (v, gint64, 0);
}

/* raw_ids() with @values bound as $1 … (kz-test-db.h); NULL reads as 0. */
static GArray *
raw_ids_with (const char *sql, const KzTestValue *values, int n_values)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = kz_test_sql_rows (db_path, sql, 1, values, n_values, &error);
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  if (rows == NULL)
    g_error ("%s", error->message);
  for (guint i = 0; i < rows->len; i++)
    {
      const char *text = ((GPtrArray *) rows->pdata[i])->pdata[0];
      gint64 v = text != NULL ? g_ascii_strtoll (text, NULL, 10) : 0;

      g_array_append_val (ids, v);
    }
  return ids;
}

static gint64
raw_int_with (const char *sql, const KzTestValue *values, int n_values)
{
  g_autoptr(GArray) v = raw_ids_with (sql, values, n_values);

  g_assert_cmpuint (v->len, >=, 1);
  return g_array_index (v, gint64, 0);
}

static void
assert_same_ids (GArray *got, GArray *want, const char *what)
{
  g_assert_nonnull (got);
  if (got->len != want->len)
    g_error ("%s: the drill-down lists %u evaluations, the test's query %u", what, got->len, want->len);
  for (guint i = 0; i < got->len; i++)
    g_assert_cmpint (g_array_index (got, gint64, i), ==, g_array_index (want, gint64, i));
}

/* The Monday (UTC) of @t, by the calendar, as "YYYY-MM-DD". */
static char *
monday_label (gint64 t)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (t);
  g_autoptr(GDateTime) monday = g_date_time_add_days (dt, -(g_date_time_get_day_of_week (dt) - 1));

  return g_date_time_format (monday, "%Y-%m-%d");
}

/* "YYYY-MM-DD" of @t's day (UTC). */
static char *
day_of (gint64 t)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (t);
  return g_date_time_format (dt, "%Y-%m-%d");
}

static GtkWidget *
show (GtkWidget *child)
{
  GtkWidget *window = gtk_window_new ();

  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 1400);
  gtk_window_set_child (GTK_WINDOW (window), child);
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (window);
  return window;
}

/* The text of the table's cell (row 0: the headers). */
static const char *
table_cell (KzChartFrame *frame,
            int           column,
            int           row)
{
  GtkWidget *grid = kz_chart_frame_get_table (frame);
  GtkWidget *child = gtk_grid_get_child_at (GTK_GRID (grid), column, row);

  g_assert_true (GTK_IS_LABEL (child));
  return gtk_label_get_text (GTK_LABEL (child));
}

static void
set_dark (gboolean dark)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();

  adw_style_manager_set_color_scheme (manager, dark ? ADW_COLOR_SCHEME_FORCE_DARK : ADW_COLOR_SCHEME_FORCE_LIGHT);
  KZ_WAIT_UNTIL (adw_style_manager_get_dark (manager) == dark);
}

static void
screenshots (GtkWidget *window, const char *name)
{
  g_autofree char *light = g_strdup_printf ("%s-light.png", name);
  g_autofree char *dark = g_strdup_printf ("%s-dark.png", name);

  set_dark (FALSE);
  kz_gui_test_screenshot (window, light);
  set_dark (TRUE);
  kz_gui_test_screenshot (window, dark);
  set_dark (FALSE);
}

/* The demo's whole span, as the date fields take it. */
static void
demo_period (char **from, char **to, gint64 *lo, gint64 *hi)
{
  *lo = raw_int ("SELECT min (created_at) FROM evaluations");
  *hi = raw_int ("SELECT max (created_at) FROM evaluations");
  *from = day_of (*lo);
  *to = day_of (*hi);
}

static void
test_criterion_page (void)
{
  GtkWidget *page = kz_criterion_page_new ();
  KzCriterionPage *cp = KZ_CRITERION_PAGE (page);
  GtkWidget *window;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autoptr(GArray) points = NULL;
  g_autoptr(GArray) want = NULL;
  KzDrillList *drill;
  KzChartFrame *dist;
  KzChartData *data;
  gint64 lo, hi, n_want;
  int first_week, last_week;
  /* The phone rubric's greeting: a scale of points that all occur. */
  const char *rubric = raw_int ("SELECT count (*) FROM rubrics WHERE id = 'phone-support'") > 0 ? "phone-support" : NULL;
  g_autofree char *criterion = NULL;

  g_assert_nonnull (rubric);
  {
    /* The criterion of that rubric answered most often. */
    sqlite3 *db = NULL;
    sqlite3_stmt *stmt = NULL;

    g_assert_cmpint (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT a.criterion_id FROM answers a JOIN evaluations e ON e.id = "
                                             "a.evaluation_id WHERE e.rubric_id = 'phone-support' AND a.kind = 'value' "
                                             "GROUP BY 1 ORDER BY count (DISTINCT a.value) DESC, count (*) DESC, 1 LIMIT 1",
                                         -1, &stmt, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    criterion = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
    sqlite3_finalize (stmt);
    sqlite3_close (db);
  }

  demo_period (&from, &to, &lo, &hi);
  kz_criterion_page_set_period (cp, from, to);
  window = show (page);
  kz_criterion_page_set_store (cp, store);
  KZ_WAIT_UNTIL (!kz_criterion_page_get_loading (cp));
  g_assert_true (kz_criterion_page_select (cp, rubric, criterion));
  KZ_WAIT_UNTIL (!kz_criterion_page_get_loading (cp));
  kz_criterion_page_get_weeks (cp, &first_week, &last_week);
  drill = kz_criterion_page_get_drill_list (cp);

  /* Every chart has data, an accessible description, and a table. */
  g_assert_true (kz_chart_data_has_values (kz_chart_frame_get_data (kz_criterion_page_get_trend_frame (cp))));
  g_assert_true (kz_chart_data_has_values (kz_chart_frame_get_data (kz_criterion_page_get_teams_frame (cp))));

  /* The distribution: its table holds the test's own counts per value. */
  dist = kz_criterion_page_get_distribution_frame (cp);
  data = kz_chart_frame_get_data (dist);
  points = raw_ids_with ("SELECT count (*) FROM answers a JOIN evaluations e ON e.id = a.evaluation_id "
                         "WHERE e.rubric_id = $1 AND a.criterion_id = $2 AND a.kind = 'value' "
                         "AND e.state = 'submitted' AND e.is_calibration = 0 GROUP BY a.value ORDER BY a.value",
                         KZ_TEST_VALUES (KZ_TEST_TEXT (rubric), KZ_TEST_TEXT (criterion)));
  g_assert_cmpuint (points->len, >=, 2);
  n_want = raw_int_with ("SELECT count (*) FROM answers a JOIN evaluations e ON e.id = "
                         "a.evaluation_id WHERE e.rubric_id = $1 AND a.criterion_id = $2 "
                         "AND a.kind = 'na' AND e.state = 'submitted' AND e.is_calibration = 0",
                         KZ_TEST_VALUES (KZ_TEST_TEXT (rubric), KZ_TEST_TEXT (criterion)));
  g_assert_cmpuint (kz_chart_data_get_n_categories (data), ==, points->len + (n_want > 0));
  kz_chart_frame_set_show_table (dist, TRUE);
  gtk_test_widget_wait_for_draw (window);
  g_assert_cmpstr (table_cell (dist, 0, 0), ==, "Answer");
  for (guint i = 0; i < points->len; i++)
    {
      g_autofree char *count = g_strdup_printf ("%" G_GINT64_FORMAT, g_array_index (points, gint64, i));
      g_assert_cmpstr (table_cell (dist, 1, (int) i + 1), ==, count);
    }
  kz_chart_frame_set_show_table (dist, FALSE);

  /* A click on the lowest point's bar: exactly the evaluations answered so. */
  kz_chart_activate_item (kz_chart_frame_get_chart (dist), 0, 0);
  KZ_WAIT_UNTIL (!kz_drill_list_get_loading (drill) && kz_drill_list_get_ids (drill) != NULL);
  want = raw_ids_with ("SELECT e.id FROM evaluations e JOIN answers a ON a.evaluation_id = e.id "
                       "WHERE e.rubric_id = $1 AND a.criterion_id = $2 AND a.kind = 'value' "
                       "AND a.value = (SELECT min (a2.value) FROM answers a2 JOIN evaluations e2 ON e2.id = "
                       "a2.evaluation_id WHERE e2.rubric_id = $1 AND a2.criterion_id = $2 AND a2.kind = 'value' "
                       "AND e2.state = 'submitted' AND e2.is_calibration = 0) "
                       "AND e.state = 'submitted' AND e.is_calibration = 0 ORDER BY e.id",
                       KZ_TEST_VALUES (KZ_TEST_TEXT (rubric), KZ_TEST_TEXT (criterion)));
  g_assert_cmpuint (want->len, ==, g_array_index (points, gint64, 0));
  assert_same_ids (kz_drill_list_get_ids (drill), want, "lowest point");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (drill)));

  /* The answers card: every counted evaluation answering the criterion, in any rubric. */
  kz_gui_test_click (kz_gui_test_find_by_name (page, "answers"));
  KZ_WAIT_UNTIL (!kz_drill_list_get_loading (drill) && kz_drill_list_get_ids (drill) != NULL);
  g_clear_pointer (&want, g_array_unref);
  want = raw_ids_with ("SELECT DISTINCT e.id FROM evaluations e JOIN answers a ON a.evaluation_id = e.id "
                       "WHERE a.criterion_id = $1 AND e.state = 'submitted' AND e.is_calibration = 0 "
                       "ORDER BY e.id", KZ_TEST_VALUES (KZ_TEST_TEXT (criterion)));
  assert_same_ids (kz_drill_list_get_ids (drill), want, "answers card");

  /* The weakest team's bar: its agents' evaluations with a value. */
  {
    GArray *teams = kz_criterion_page_get_team_ids (cp);
    gint64 team;

    g_assert_cmpuint (teams->len, >=, 2);
    team = g_array_index (teams, gint64, 0);
    kz_chart_activate_item (kz_chart_frame_get_chart (kz_criterion_page_get_teams_frame (cp)), 0, 0);
    KZ_WAIT_UNTIL (!kz_drill_list_get_loading (drill) && kz_drill_list_get_ids (drill) != NULL);
    g_clear_pointer (&want, g_array_unref);
    want = raw_ids_with ("SELECT e.id FROM evaluations e JOIN answers a ON a.evaluation_id = e.id "
                         "JOIN people p ON p.id = e.agent_id WHERE a.criterion_id = $1 AND "
                         "coalesce (p.team_id, 0) = $2 AND e.state = 'submitted' "
                         "AND e.is_calibration = 0 AND (a.kind = 'value' OR (a.kind = 'na' AND EXISTS ("
                         "SELECT 1 FROM rubric_criteria rc WHERE rc.rubric_id = e.rubric_id AND "
                         "rc.rubric_version = e.rubric_version AND rc.criterion_id = a.criterion_id AND "
                         "rc.na_value IS NOT NULL))) ORDER BY e.id",
                         KZ_TEST_VALUES (KZ_TEST_TEXT (criterion), KZ_TEST_INT (team)));
    g_assert_cmpuint (want->len, >, 0);
    assert_same_ids (kz_drill_list_get_ids (drill), want, "weakest team");
  }

  /* The trend's first week, by the keyboard: focus, Right then Left, Enter. */
  {
    KzChart *trend = kz_chart_frame_get_chart (kz_criterion_page_get_trend_frame (cp));
    const char *label = kz_chart_data_get_category (kz_chart_get_data (trend), 0);
    g_autoptr(GDateTime) monday = NULL;
    int y, m, d;

    g_assert_cmpint (sscanf (label, "%d-%d-%d", &y, &m, &d), ==, 3);
    monday = g_date_time_new_utc (y, m, d, 0, 0, 0);
    kz_chart_activate_item (trend, 0, 0);
    KZ_WAIT_UNTIL (!kz_drill_list_get_loading (drill) && kz_drill_list_get_ids (drill) != NULL);
    g_clear_pointer (&want, g_array_unref);
    want = raw_ids_with ("SELECT e.id FROM evaluations e JOIN answers a ON a.evaluation_id = e.id "
                         "WHERE a.criterion_id = $1 AND e.state = 'submitted' AND e.is_calibration = 0 "
                         "AND e.created_at >= $2 AND e.created_at < $3"
                         " AND (a.kind = 'value' OR (a.kind = 'na' AND EXISTS (SELECT 1 FROM rubric_criteria rc "
                         "WHERE rc.rubric_id = e.rubric_id AND rc.rubric_version = e.rubric_version AND "
                         "rc.criterion_id = a.criterion_id AND rc.na_value IS NOT NULL))) ORDER BY e.id",
                         KZ_TEST_VALUES (KZ_TEST_TEXT (criterion), KZ_TEST_INT (g_date_time_to_unix (monday)),
                                         KZ_TEST_INT (g_date_time_to_unix (monday) + 7 * 86400)));
    g_assert_cmpuint (want->len, >, 0);
    assert_same_ids (kz_drill_list_get_ids (drill), want, "first week");
    /* Its point's n is the same count. */
    g_assert_cmpuint (want->len, >, 0);
  }
  g_assert_cmpuint (gtk_widget_get_first_child (GTK_WIDGET (kz_drill_list_get_list_box (drill))) != NULL, ==, TRUE);

  /* Export: the CSV is the trend's table, the PDF has its pages. */
  {
    KzChartFrame *trend = kz_criterion_page_get_trend_frame (cp);
    g_autofree char *csv_path = g_build_filename (db_dir, "criterion.csv", NULL);
    g_autofree char *pdf_path = g_build_filename (db_dir, "criterion.pdf", NULL);
    g_autofree char *csv = NULL;
    g_autofree char *first_row = NULL;
    g_autofree char *pdf = NULL;
    gsize pdf_len = 0;

    kz_chart_frame_set_show_table (trend, TRUE);
    gtk_test_widget_wait_for_draw (window);
    first_row = g_strdup_printf ("%s,%s", table_cell (trend, 0, 1), table_cell (trend, 1, 1));
    kz_chart_frame_set_show_table (trend, FALSE);
    kz_criterion_page_export_to (cp, KZ_REPORT_FORMAT_CSV, csv_path);
    KZ_WAIT_UNTIL (!kz_criterion_page_get_exporting (cp));
    g_assert_true (g_file_get_contents (csv_path, &csv, NULL, NULL));
    g_assert_true (g_str_has_prefix (csv, "Week,Average"));
    if (strstr (csv, first_row) == NULL)
      g_error ("the CSV has no line %s:\n%s", first_row, csv);
    kz_criterion_page_export_to (cp, KZ_REPORT_FORMAT_PDF, pdf_path);
    KZ_WAIT_UNTIL (!kz_criterion_page_get_exporting (cp));
    g_assert_true (g_file_get_contents (pdf_path, &pdf, &pdf_len, NULL));
    g_assert_true (pdf_len > 1000 && g_str_has_prefix (pdf, "%PDF"));
    if (g_getenv ("KAIZEN_SCREENSHOT_DIR") != NULL)
      {
        g_autofree char *kept = g_build_filename (g_getenv ("KAIZEN_SCREENSHOT_DIR"), "dashboard-criterion.pdf", NULL);
        g_assert_true (g_file_set_contents (kept, pdf, (gssize) pdf_len, NULL));
      }
    g_remove (csv_path);
    g_remove (pdf_path);
  }
  screenshots (window, "dashboard-criterion");
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_reviewer_page (void)
{
  GtkWidget *page = kz_reviewer_page_new ();
  KzReviewerPage *rp = KZ_REVIEWER_PAGE (page);
  GtkWidget *window;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autoptr(GArray) want = NULL;
  g_autoptr(GArray) times = NULL;
  KzDrillList *drill;
  KzChartFrame *volume;
  gint64 lo, hi, reviewer;
  int first_week, last_week;
  guint row = 0;
  g_autofree char *last_label = NULL;
  gint64 n_in_week = 0;

  reviewer = raw_int ("SELECT reviewer_id FROM evaluations WHERE state = 'submitted' AND is_calibration = 0 "
                      "GROUP BY reviewer_id ORDER BY count (*) DESC, reviewer_id LIMIT 1");
  demo_period (&from, &to, &lo, &hi);
  kz_reviewer_page_set_period (rp, from, to);
  window = show (page);
  kz_reviewer_page_set_store (rp, store);
  KZ_WAIT_UNTIL (!kz_reviewer_page_get_loading (rp));
  g_assert_true (kz_reviewer_page_select (rp, reviewer));
  KZ_WAIT_UNTIL (!kz_reviewer_page_get_loading (rp) && kz_reviewer_page_get_reviewer (rp) == reviewer);
  kz_reviewer_page_get_weeks (rp, &first_week, &last_week);
  drill = kz_reviewer_page_get_drill_list (rp);

  /* Volume: the table's counts are the test's own, per Monday. */
  volume = kz_reviewer_page_get_volume_frame (rp);
  g_assert_true (kz_chart_data_has_values (kz_chart_frame_get_data (volume)));
  kz_chart_frame_set_show_table (volume, TRUE);
  gtk_test_widget_wait_for_draw (window);
  g_assert_cmpstr (table_cell (volume, 0, 0), ==, "Week");
  times = raw_ids_with ("SELECT created_at FROM evaluations WHERE reviewer_id = $1"
                        " AND state = 'submitted' AND is_calibration = 0 ORDER BY created_at",
                        KZ_TEST_VALUES (KZ_TEST_INT (reviewer)));
  g_assert_cmpuint (times->len, >, 0);
  for (guint i = 0; i <= times->len; i++)
    {
      g_autofree char *label = i < times->len ? monday_label (g_array_index (times, gint64, i)) : NULL;

      if (last_label != NULL && g_strcmp0 (label, last_label) != 0)
        {
          g_autofree char *count = g_strdup_printf ("%" G_GINT64_FORMAT, n_in_week);

          row++;
          g_assert_cmpstr (table_cell (volume, 0, (int) row), ==, last_label);
          g_assert_cmpstr (table_cell (volume, 1, (int) row), ==, count);
          n_in_week = 0;
        }
      if (label != NULL)
        {
          g_free (last_label);
          last_label = g_steal_pointer (&label);
          n_in_week++;
        }
    }
  g_assert_cmpuint (row, ==, kz_chart_data_get_n_categories (kz_chart_frame_get_data (volume)));
  kz_chart_frame_set_show_table (volume, FALSE);

  /* The volume card: all of them. */
  kz_gui_test_click (kz_gui_test_find_by_name (page, "volume"));
  KZ_WAIT_UNTIL (!kz_drill_list_get_loading (drill) && kz_drill_list_get_ids (drill) != NULL);
  want = raw_ids_with ("SELECT id FROM evaluations WHERE reviewer_id = $1"
                       " AND state = 'submitted' AND is_calibration = 0 ORDER BY id",
                       KZ_TEST_VALUES (KZ_TEST_INT (reviewer)));
  assert_same_ids (kz_drill_list_get_ids (drill), want, "volume card");

  /* The leniency card: their scored evaluations on agents another reviewer scored. */
  kz_gui_test_click (kz_gui_test_find_by_name (page, "leniency"));
  KZ_WAIT_UNTIL (!kz_drill_list_get_loading (drill) && kz_drill_list_get_ids (drill) != NULL);
  g_clear_pointer (&want, g_array_unref);
  want = raw_ids_with ("SELECT e.id FROM evaluations e WHERE e.reviewer_id = $1"
                       " AND e.state = 'submitted' AND e.is_calibration = 0 AND e.final IS NOT NULL"
                       " AND EXISTS (SELECT 1 FROM evaluations o WHERE o.agent_id = e.agent_id AND o.reviewer_id <> "
                       "e.reviewer_id AND o.state = 'submitted' AND o.is_calibration = 0 AND o.final IS NOT NULL)"
                       " ORDER BY e.id", KZ_TEST_VALUES (KZ_TEST_INT (reviewer)));
  g_assert_cmpuint (want->len, >, 0);
  assert_same_ids (kz_drill_list_get_ids (drill), want, "leniency card");

  /* The last week's bar. */
  {
    KzChart *chart = kz_chart_frame_get_chart (volume);
    guint last = kz_chart_data_get_n_categories (kz_chart_get_data (chart)) - 1;
    const char *label = kz_chart_data_get_category (kz_chart_get_data (chart), last);
    g_autoptr(GDateTime) monday = NULL;
    int y, m, d;

    g_assert_cmpint (sscanf (label, "%d-%d-%d", &y, &m, &d), ==, 3);
    monday = g_date_time_new_utc (y, m, d, 0, 0, 0);
    kz_chart_activate_item (chart, 0, last);
    KZ_WAIT_UNTIL (!kz_drill_list_get_loading (drill) && kz_drill_list_get_ids (drill) != NULL);
    g_clear_pointer (&want, g_array_unref);
    want = raw_ids_with ("SELECT id FROM evaluations WHERE reviewer_id = $1"
                         " AND state = 'submitted' AND is_calibration = 0 AND created_at >= $2"
                         " AND created_at < $3 ORDER BY id",
                         KZ_TEST_VALUES (KZ_TEST_INT (reviewer), KZ_TEST_INT (g_date_time_to_unix (monday)),
                                         KZ_TEST_INT (g_date_time_to_unix (monday) + 7 * 86400)));
    g_assert_cmpuint (want->len, >, 0);
    assert_same_ids (kz_drill_list_get_ids (drill), want, "last week");
  }
  {
    g_autofree char *csv_path = g_build_filename (db_dir, "reviewer.csv", NULL);
    g_autofree char *csv = NULL;
    /* The first week's line: its count is the test's own (checked against the table above). */
    g_autofree char *line = g_strdup_printf ("\n%s,%s", table_cell (volume, 0, 1), table_cell (volume, 1, 1));

    kz_reviewer_page_export_to (rp, KZ_REPORT_FORMAT_CSV, csv_path);
    KZ_WAIT_UNTIL (!kz_reviewer_page_get_exporting (rp));
    g_assert_true (g_file_get_contents (csv_path, &csv, NULL, NULL));
    g_assert_true (g_str_has_prefix (csv, "Week,Evaluations"));
    if (strstr (csv, line) == NULL)
      g_error ("the CSV has no line%s:\n%s", line, csv);
    g_remove (csv_path);
  }
  screenshots (window, "dashboard-reviewer");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* In the real window: the sidebar opens the page, a drill-down's row opens
 * its evaluation, and Back returns to the dashboard. */
static void
test_in_window (void)
{
  KzWindow *window = kz_window_new (NULL, store);
  KzCriterionPage *cp;
  KzDrillList *drill;
  GtkListBoxRow *row;
  GArray *ids;
  g_autoptr(GArray) want = NULL;
  gint64 first_id;

  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 800);
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "criterion-dashboard"));
  KZ_WAIT_UNTIL (g_strcmp0 (kz_window_get_visible_page (window), "criterion-dashboard") == 0);
  cp = KZ_CRITERION_PAGE (kz_window_get_page (window, "criterion-dashboard"));
  {
    g_autofree char *from = NULL;
    g_autofree char *to = NULL;
    gint64 lo, hi;

    demo_period (&from, &to, &lo, &hi);
    KZ_WAIT_UNTIL (!kz_criterion_page_get_loading (cp));
    kz_criterion_page_set_period (cp, from, to);
  }
  KZ_WAIT_UNTIL (!kz_criterion_page_get_loading (cp));
  drill = kz_criterion_page_get_drill_list (cp);
  kz_gui_test_click (kz_gui_test_find_by_name (GTK_WIDGET (cp), "answers"));
  KZ_WAIT_UNTIL (!kz_drill_list_get_loading (drill) && kz_drill_list_get_ids (drill) != NULL);
  ids = kz_drill_list_get_ids (drill);
  g_assert_cmpuint (ids->len, >, 0);
  first_id = g_array_index (ids, gint64, 0);

  /* The first row is the lowest id; activating it shows that evaluation. */
  row = gtk_list_box_get_row_at_index (kz_drill_list_get_list_box (drill), 0);
  g_assert_nonnull (row);
  g_signal_emit_by_name (row, "activate");
  KZ_WAIT_UNTIL (g_strcmp0 (kz_window_get_visible_page (window), "evaluation") == 0);
  {
    KzEvaluationView *view = KZ_EVALUATION_VIEW (kz_window_get_page (window, "evaluation"));

    KZ_WAIT_UNTIL (!kz_evaluation_view_get_loading (view));
    g_assert_cmpint (kz_evaluation_view_get_evaluation_id (view), ==, first_id);
  }
  want = raw_ids_with ("SELECT id FROM evaluations WHERE id = $1 AND state = 'submitted'",
                       KZ_TEST_VALUES (KZ_TEST_INT (first_id)));
  g_assert_cmpuint (want->len, ==, 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.back", NULL));
  KZ_WAIT_UNTIL (g_strcmp0 (kz_window_get_visible_page (window), "criterion-dashboard") == 0);

  /* A reviewer who calibrated: a point of their bias chart opens that
   * session's results. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "reviewer-dashboard"));
  KZ_WAIT_UNTIL (g_strcmp0 (kz_window_get_visible_page (window), "reviewer-dashboard") == 0);
  {
    KzReviewerPage *rp = KZ_REVIEWER_PAGE (kz_window_get_page (window, "reviewer-dashboard"));
    KzCalibrationPage *calibration = KZ_CALIBRATION_PAGE (kz_window_get_page (window, "calibration"));
    gint64 reviewer = raw_int ("SELECT e.reviewer_id FROM evaluations e JOIN calibration_sessions s ON "
                               "s.id = e.calibration_session_id WHERE s.closed_at IS NOT NULL AND e.state = 'submitted' "
                               "GROUP BY e.reviewer_id ORDER BY count (*) DESC, e.reviewer_id LIMIT 1");
    g_autoptr(GArray) sessions = NULL;
    GArray *shown;

    KZ_WAIT_UNTIL (!kz_reviewer_page_get_loading (rp));
    kz_reviewer_page_set_period (rp, "2000-01-01", "2040-12-31");
    KZ_WAIT_UNTIL (!kz_reviewer_page_get_loading (rp));
    g_assert_true (kz_reviewer_page_select (rp, reviewer));
    KZ_WAIT_UNTIL (!kz_reviewer_page_get_loading (rp) && kz_reviewer_page_get_reviewer (rp) == reviewer);
    shown = kz_reviewer_page_get_bias_sessions (rp);
    sessions = raw_ids_with ("SELECT DISTINCT s.id FROM calibration_sessions s JOIN evaluations e ON "
                             "e.calibration_session_id = s.id WHERE s.closed_at IS NOT NULL AND e.state = 'submitted' "
                             "AND e.reviewer_id = $1 ORDER BY s.closed_at, s.id", KZ_TEST_VALUES (KZ_TEST_INT (reviewer)));
    g_assert_cmpuint (sessions->len, >, 0);
    /* A bias needs others who scored the same units: at most every session. */
    g_assert_cmpuint (shown->len, >, 0);
    g_assert_cmpuint (shown->len, <=, sessions->len);
    kz_chart_activate_item (kz_chart_frame_get_chart (kz_reviewer_page_get_bias_frame (rp)), 0, 0);
    KZ_WAIT_UNTIL (g_strcmp0 (kz_window_get_visible_page (window), "calibration") == 0);
    KZ_WAIT_UNTIL (kz_calibration_page_get_results_session (calibration) == g_array_index (shown, gint64, 0) &&
                   g_strcmp0 (kz_calibration_page_get_view (calibration), "results") == 0);
    /* Each point is one of the reviewer's closed sessions, in the order they closed. */
    for (guint i = 0, j = 0; i < shown->len; i++, j++)
      {
        while (j < sessions->len && g_array_index (sessions, gint64, j) != g_array_index (shown, gint64, i))
          j++;
        g_assert_cmpuint (j, <, sessions->len);
      }
  }
  gtk_window_destroy (GTK_WINDOW (window));
}

/* ---- quality against the customer's voice ------------------------------------ */

/* The test's own figures for one criterion of phone-support from the raw
 * rows: each submitted, non-calibration evaluation at its latest revision
 * whose interaction has a rating; the rating on 0–100 (CSAT 25 × (r − 1),
 * NPS 10 × r); passed per @passes (value); N/A left out. */
typedef struct {
  guint  n_pass, n_fail;
  double mean_pass, mean_fail, diff, low, high;
} OwnVoice;

static double
t975 (double df)
{
  /* The t quantile from scipy, not from the program's GSL. */
  g_autofree char *cmd = g_strdup_printf ("/usr/bin/python3 -c 'from scipy.stats import t; print(repr(t.ppf(0.975, %.17g)))'", df);
  g_autofree char *out = NULL;
  int status = 0;

  g_assert_true (g_spawn_command_line_sync (cmd, &out, NULL, &status, NULL));
  g_assert_cmpint (status, ==, 0);
  return g_ascii_strtod (out, NULL);
}

static void
own_voice (const char *criterion,
           gboolean  (*passes) (double value),
           OwnVoice   *own)
{
  static const char sql[] =
    "SELECT a.value, CASE f.scale WHEN 'csat' THEN 25.0 * (f.rating - 1) ELSE 10.0 * f.rating END "
    "FROM evaluations e JOIN revision_answers a ON a.evaluation_id = e.id AND a.revision = e.revision "
    "JOIN customer_feedback f ON f.interaction_id = e.interaction_id "
    "WHERE e.rubric_id = 'phone-support' AND e.state = 'submitted' AND e.is_calibration = 0 "
    "AND a.criterion_id = ?1 AND a.kind = 'value' AND a.value IS NOT NULL";
  g_autoptr(GArray) pass = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) fail = g_array_new (FALSE, FALSE, sizeof (double));
  GArray *side[2] = { pass, fail };
  double mean[2] = { 0, 0 }, var[2] = { 0, 0 }, se2, df;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_bind_text (stmt, 1, criterion, -1, SQLITE_STATIC), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      double rating = sqlite3_column_double (stmt, 1);

      g_array_append_val (passes (sqlite3_column_double (stmt, 0)) ? pass : fail, rating);
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  g_assert_cmpuint (pass->len, >=, 2);
  g_assert_cmpuint (fail->len, >=, 2);
  for (int k = 0; k < 2; k++)
    {
      for (guint i = 0; i < side[k]->len; i++)
        mean[k] += g_array_index (side[k], double, i) / side[k]->len;
      for (guint i = 0; i < side[k]->len; i++)
        var[k] += pow (g_array_index (side[k], double, i) - mean[k], 2) / (side[k]->len - 1);
    }
  own->n_pass = pass->len;
  own->n_fail = fail->len;
  own->mean_pass = mean[0];
  own->mean_fail = mean[1];
  own->diff = mean[0] - mean[1];
  /* Welch: SE² = s₁²/n₁ + s₂²/n₂, Welch–Satterthwaite df. */
  se2 = var[0] / pass->len + var[1] / fail->len;
  df = se2 * se2 / (pow (var[0] / pass->len, 2) / (pass->len - 1) + pow (var[1] / fail->len, 2) / (fail->len - 1));
  own->low = own->diff - t975 (df) * sqrt (se2);
  own->high = own->diff + t975 (df) * sqrt (se2);
}

/* skill-1-5, no target, pass mark 80: 100 × (v − 1) / 4 ≥ 80 ⇔ v ≥ 4.2. */
static gboolean
empathy_passes (double value)
{
  return value >= 4.2;
}

/* yes-no (binary): the top point. */
static gboolean
greeting_passes (double value)
{
  return value == 1;
}

static const KzVoiceCriterion *
find_voice (const KzCustomerVoice *voice,
            const char            *id)
{
  for (guint i = 0; i < voice->criteria->len; i++)
    if (g_strcmp0 (((KzVoiceCriterion *) g_ptr_array_index (voice->criteria, i))->criterion_id, id) == 0)
      return g_ptr_array_index (voice->criteria, i);
  g_assert_not_reached ();
}

static void
check_voice_criterion (KzCriterionPage *cp,
                       const char      *id,
                       const char      *title,
                       gboolean       (*passes) (double value))
{
  KzCustomerVoiceView *view = kz_criterion_page_get_voice_view (cp);
  KzChartFrame *frame = kz_customer_voice_view_get_frame (view);
  KzChartData *data;
  g_autoptr(KzCustomerVoice) computed = NULL;
  g_autoptr(GError) error = NULL;
  const KzVoiceCriterion *shown, *model;
  const char *sentence;
  OwnVoice own;
  int row = -1;

  g_assert_true (kz_criterion_page_select (cp, "phone-support", id));
  KZ_WAIT_UNTIL (!kz_criterion_page_get_loading (cp) && !kz_customer_voice_view_get_loading (view));
  own_voice (id, passes, &own);
  data = kz_chart_frame_get_data (frame);

  /* The model's own call, over all time (the page's days cover the demo). */
  computed = kz_customer_voice_compute (store, "phone-support", NULL, NULL, &error);
  g_assert_no_error (error);
  model = find_voice (computed, id);
  shown = find_voice (kz_customer_voice_view_get_voice (view), id);
  g_assert_true (model->welch.defined && shown->welch.defined);
  g_assert_cmpuint (model->n_passed, ==, own.n_pass);
  g_assert_cmpuint (model->n_failed, ==, own.n_fail);
  g_assert_cmpuint (shown->n_passed, ==, own.n_pass);
  g_assert_cmpuint (shown->n_failed, ==, own.n_fail);
  g_assert_cmpfloat_with_epsilon (model->welch.diff, own.diff, 1e-9);
  g_assert_cmpfloat_with_epsilon (shown->welch.diff, own.diff, 1e-9);
  g_assert_cmpfloat_with_epsilon (model->welch.low, own.low, 1e-6);
  g_assert_cmpfloat_with_epsilon (model->welch.high, own.high, 1e-6);
  g_assert_cmpfloat_with_epsilon (shown->mean_passed, own.mean_pass, 1e-9);
  g_assert_cmpfloat_with_epsilon (shown->mean_failed, own.mean_fail, 1e-9);

  /* The chart's bar and error bar. */
  for (guint c = 0; c < kz_chart_data_get_n_categories (data); c++)
    if (g_strcmp0 (kz_chart_data_get_category (data, c), title) == 0)
      row = (int) c;
  if (row < 0)
    for (guint c = 0; c < kz_chart_data_get_n_categories (data); c++)
      g_test_message ("category %u: %s", c, kz_chart_data_get_category (data, c));
  g_assert_cmpint (row, >=, 0);
  g_assert_cmpfloat_with_epsilon (kz_chart_data_get_value (data, 0, row), own.diff, 1e-9);
  {
    double lo, hi;
    g_assert_true (kz_chart_data_get_norm_interval (data, 0, row, &lo, &hi));
    g_assert_cmpfloat_with_epsilon (lo, kz_chart_axis_normalise (kz_chart_data_get_axis (data), own.low), 1e-6);
    g_assert_cmpfloat_with_epsilon (hi, kz_chart_axis_normalise (kz_chart_data_get_axis (data), own.high), 1e-6);
    /* The axis covers the interval. */
    g_assert_cmpfloat (lo, >=, 0);
    g_assert_cmpfloat (hi, <=, 1);
  }

  /* "Show as Table": the chart's numbers, one decimal. */
  kz_chart_frame_set_show_table (frame, TRUE);
  {
    g_autofree char *want_diff = g_strdup_printf ("%.1f", own.diff);
    g_autofree char *want_interval = g_strdup_printf ("%.1f–%.1f", own.low, own.high);

    g_assert_cmpstr (table_cell (frame, 0, row + 1), ==, title);
    g_assert_cmpstr (table_cell (frame, 1, row + 1), ==, want_diff);
    g_assert_cmpstr (table_cell (frame, 2, row + 1), ==, want_interval);
  }
  kz_chart_frame_set_show_table (frame, FALSE);

  /* The sentence. */
  sentence = kz_customer_voice_view_get_sentence (view);
  g_assert_nonnull (sentence);
  {
    g_autofree char *points = g_strdup_printf (" %.1f points %s (%+.1f to %+.1f", fabs (own.diff),
                                               own.diff > 0 ? "higher" : "lower", own.low, own.high);
    g_autofree char *counts = g_strdup_printf ("%u passed, %u failed.", own.n_pass, own.n_fail);
    g_autofree char *lead = g_strdup_printf ("pass %s", title);

    g_test_message ("%s", sentence);
    g_assert_nonnull (strstr (sentence, lead));
    g_assert_nonnull (strstr (sentence, counts));
    if (own.low > 0 || own.high < 0)
      g_assert_nonnull (strstr (sentence, points));
    else
      g_assert_true (g_str_has_prefix (sentence, "No clear difference"));
  }
}

static void
test_customer_voice (void)
{
  GtkWidget *page = kz_criterion_page_new ();
  KzCriterionPage *cp = KZ_CRITERION_PAGE (page);
  KzCustomerVoiceView *view = kz_criterion_page_get_voice_view (cp);
  GtkWidget *window;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  gint64 lo, hi;
  OwnVoice empathy;

  demo_period (&from, &to, &lo, &hi);
  kz_criterion_page_set_period (cp, from, to);
  window = show (page);
  kz_criterion_page_set_store (cp, store);
  KZ_WAIT_UNTIL (!kz_criterion_page_get_loading (cp));

  check_voice_criterion (cp, "greeting", "Greeting and introduction", greeting_passes);
  check_voice_criterion (cp, "empathy", "Empathy", empathy_passes);
  /* The demo's customers notice empathy: by the test's own numbers the
   * interval stays above zero. */
  own_voice ("empathy", empathy_passes, &empathy);
  g_assert_cmpfloat (empathy.low, >, 0);
  g_assert_true (kz_gui_test_shows_text (GTK_WIDGET (view), kz_customer_voice_view_get_sentence (view)));

  /* Clicking a bar says that criterion's sentence. */
  {
    KzChartData *data = kz_chart_frame_get_data (kz_customer_voice_view_get_frame (view));

    for (guint c = 0; c < kz_chart_data_get_n_categories (data); c++)
      if (g_strcmp0 (kz_chart_data_get_category (data, c), "Greeting and introduction") == 0)
        kz_chart_activate_item (kz_chart_frame_get_chart (kz_customer_voice_view_get_frame (view)), 0, c);
    g_assert_true (strstr (kz_customer_voice_view_get_sentence (view), "pass Greeting and introduction") != NULL);
  }

  /* Export: kz_reports_customer_voice's CSV, with empathy's row. */
  {
    g_autofree char *csv_path = g_build_filename (db_dir, "customer-voice.csv", NULL);
    g_autofree char *pdf_path = g_build_filename (db_dir, "customer-voice.pdf", NULL);
    g_autofree char *csv = NULL;
    g_autofree char *want = g_strdup_printf (",%+.1f,", empathy.diff);

    kz_customer_voice_view_export_to (view, KZ_REPORT_FORMAT_CSV, csv_path);
    KZ_WAIT_UNTIL (!kz_customer_voice_view_get_exporting (view));
    g_assert_true (g_file_get_contents (csv_path, &csv, NULL, NULL));
    g_assert_nonnull (strstr (csv, "empathy,"));
    g_assert_nonnull (strstr (csv, want));
    kz_customer_voice_view_export_to (view, KZ_REPORT_FORMAT_PDF, pdf_path);
    KZ_WAIT_UNTIL (!kz_customer_voice_view_get_exporting (view));
    g_assert_true (g_file_test (pdf_path, G_FILE_TEST_EXISTS));
    g_remove (csv_path);
    g_remove (pdf_path);
  }

  /* A period without ratings: "not enough data", no bars. */
  kz_criterion_page_set_period (cp, "2001-01-01", "2001-01-31");
  KZ_WAIT_UNTIL (!kz_criterion_page_get_loading (cp) && !kz_customer_voice_view_get_loading (view));
  g_assert_true (kz_gui_test_shows_text (GTK_WIDGET (view), "Not enough data"));
  g_assert_false (kz_chart_data_has_values (kz_chart_frame_get_data (kz_customer_voice_view_get_frame (view))));
  /* The selected criterion's sentence says so too, and why. */
  g_assert_cmpstr (kz_customer_voice_view_get_sentence (view), ==,
                   "Empathy: Not enough data (fewer than 2 passed or failed) — 0 passed, 0 failed.");
  g_assert_true (kz_gui_test_shows_text (GTK_WIDGET (view), kz_customer_voice_view_get_sentence (view)));

  kz_criterion_page_set_period (cp, from, to);
  KZ_WAIT_UNTIL (!kz_criterion_page_get_loading (cp) && !kz_customer_voice_view_get_loading (view));
  g_assert_true (kz_criterion_page_select (cp, "phone-support", "empathy"));
  KZ_WAIT_UNTIL (!kz_criterion_page_get_loading (cp) && !kz_customer_voice_view_get_loading (view));
  {
    /* Scrolled to the section, for the screenshot. */
    GtkWidget *sw = gtk_widget_get_ancestor (GTK_WIDGET (view), GTK_TYPE_SCROLLED_WINDOW);
    GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (sw));
    double x = 0, y = 0, top = gtk_adjustment_get_value (adj);

    g_assert_true (gtk_widget_translate_coordinates (GTK_WIDGET (view), sw, 0, 0, &x, &y));
    gtk_adjustment_set_value (adj, top + y - 12);
    gtk_test_widget_wait_for_draw (window);
  }
  screenshots (window, "dashboard-customer-voice");
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  (void) kaizen_get_resource ();

  db_dir = g_dir_make_tmp ("kaizen-dashboard2-XXXXXX", &error);
  g_assert_no_error (error);
  db_path = g_build_filename (db_dir, "kaizen.db", NULL);
  store = kz_store_open (db_path, &error);
  g_assert_no_error (error);
  g_assert_true (kz_demo_fill (store, kz_demo_rubrics_dir (), 42, NULL, &error));
  g_assert_no_error (error);

  g_test_add_func ("/dashboard2/criterion-page", test_criterion_page);
  g_test_add_func ("/dashboard2/reviewer-page", test_reviewer_page);
  g_test_add_func ("/dashboard2/in-window", test_in_window);
  g_test_add_func ("/dashboard2/customer-voice", test_customer_voice);
  status = g_test_run ();

  g_clear_object (&store);
  g_remove (db_path);
  {
    g_autofree char *wal = g_strconcat (db_path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (db_path, "-shm", NULL);
    g_remove (wal);
    g_remove (shm);
  }
  g_rmdir (db_dir);
  g_free (db_path);
  g_free (db_dir);
  return status;
}
