/* test-dashboard.c — the team overview and the agent page in the real window
 *
 * On the demo centre (kz_demo_fill, seed 42): the overview of the team with
 * the most reviews, over every week that has one, shows the quality score
 * and pass rate that this test works out itself from the raw evaluations
 * (its own SQL on a second connection, its own Monday arithmetic through
 * GDateTime); clicking the pass rate lists exactly the evaluations behind
 * it (ids from the test's own query); "Show as Table" gives each week's
 * mean as the test computes it; an export writes a PDF whose text
 * (pdftotext) holds the shown numbers; the agent page opens from the list
 * of agents with that agent's own figures.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <math.h>
#include <sqlite3.h>
#include <string.h>

#include "kz-chart-frame.h"
#include "kz-dashboard-page.h"
#include "kz-demo.h"
#include "kz-drilldown-dialog.h"
#include "kz-gui-test.h"
#include "kz-rubric.h"
#include "kz-store.h"
#include "kz-test-db.h"
#include "kz-window.h"

static KzStore *store;
static char *tmp_dir;
static char *db_path;
static KzWindow *window;
static gint64 team;
static GDate first_day, last_day;
static gint64 start_unix, end_unix;  /* the whole weeks: [start, end) */

/* ---- the test's own reading of the raw rows ----------------------------------- */

typedef struct {
  gint64   id;
  gint64   agent_id;
  gint64   created_at;
  gboolean has_final;
  double   final;
  gboolean pass;
} Raw;

/* Counted evaluations of @team_id (or of @agent when not 0) in [start, end),
 * by id. */
static GArray *
raw_evaluations (gint64 team_id,
                 gint64 agent)
{
  GArray *rows = g_array_new (FALSE, FALSE, sizeof (Raw));
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "SELECT e.id, e.agent_id, e.created_at, e.final, e.pass FROM evaluations e "
                                       "JOIN people p ON p.id = e.agent_id "
                                       "WHERE e.state = 'submitted' AND e.is_calibration = 0 "
                                       "AND (?1 = 0 OR e.agent_id = ?1) AND (?1 <> 0 OR p.team_id = ?2) "
                                       "AND e.created_at >= ?3 AND e.created_at < ?4 ORDER BY e.id",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, agent);
  sqlite3_bind_int64 (stmt, 2, team_id);
  sqlite3_bind_int64 (stmt, 3, start_unix);
  sqlite3_bind_int64 (stmt, 4, end_unix);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      Raw r = { sqlite3_column_int64 (stmt, 0), sqlite3_column_int64 (stmt, 1), sqlite3_column_int64 (stmt, 2),
                sqlite3_column_type (stmt, 3) != SQLITE_NULL, sqlite3_column_double (stmt, 3),
                sqlite3_column_int (stmt, 4) != 0 };
      g_array_append_val (rows, r);
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return rows;
}

static gint64
raw_int (const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 v;

  g_assert_cmpint (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  v = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return v;
}

/* The Monday 00:00 UTC on or before @t, through the calendar. */
static GDateTime *
monday_of (gint64 t)
{
  g_autoptr(GDateTime) at = g_date_time_new_from_unix_utc (t);
  g_autoptr(GDateTime) day = g_date_time_new_utc (g_date_time_get_year (at), g_date_time_get_month (at),
                                                  g_date_time_get_day_of_month (at), 0, 0, 0);

  return g_date_time_add_days (day, 1 - g_date_time_get_day_of_week (day));
}

static void
set_date (GDate *d, gint64 t)
{
  g_autoptr(GDateTime) at = g_date_time_new_from_unix_utc (t);

  g_date_clear (d, 1);
  g_date_set_dmy (d, g_date_time_get_day_of_month (at), g_date_time_get_month (at), g_date_time_get_year (at));
}

static char *
score_text (double sum, gint64 n)
{
  return g_strdup_printf ("%.1f", sum / n);
}

/* ---- helpers --------------------------------------------------------------------- */

static KzDashboardPage *
page (const char *name)
{
  return KZ_DASHBOARD_PAGE (kz_window_get_page (window, name));
}

static const char *
figure_value (KzDashboardPage *p,
              const char      *id)
{
  g_autofree char *name = g_strdup_printf ("figure-value-%s", id);
  GtkWidget *label = kz_gui_test_find_by_name (GTK_WIDGET (p), name);

  g_assert_nonnull (label);
  return gtk_label_get_text (GTK_LABEL (label));
}

static void
wait_loaded (KzDashboardPage *p)
{
  KZ_WAIT_UNTIL (!kz_dashboard_page_get_loading (p) && kz_dashboard_page_get_overview (p) != NULL);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
}

static int
compare_ids (gconstpointer a, gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;
  return x < y ? -1 : x > y;
}

/* ---- the tests ---------------------------------------------------------------------- */

static void
test_overview_numbers (void)
{
  KzDashboardPage *p;
  g_autoptr(GArray) raw = raw_evaluations (team, 0);
  g_autofree char *want_score = NULL;
  g_autofree char *want_pass = NULL;
  double sum = 0;
  gint64 n_scored = 0, n_passed = 0;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "dashboard"));
  g_assert_cmpstr (kz_window_get_visible_page (window), ==, "dashboard");
  p = page ("dashboard");
  kz_dashboard_page_set_period (p, &first_day, &last_day);
  wait_loaded (p);
  kz_dashboard_page_set_team (p, team);
  wait_loaded (p);

  for (guint i = 0; i < raw->len; i++)
    {
      Raw *r = &g_array_index (raw, Raw, i);
      if (r->has_final)
        {
          sum += r->final;
          n_scored++;
          n_passed += r->pass;
        }
    }
  g_assert_cmpint (n_scored, >, 10);
  want_score = score_text (sum, n_scored);
  want_pass = g_strdup_printf ("%.1f%%", 100.0 * n_passed / n_scored);
  g_test_message ("team %" G_GINT64_FORMAT ": %" G_GINT64_FORMAT " scored, score %s, pass rate %s", team, n_scored,
                  want_score, want_pass);
  g_assert_cmpstr (figure_value (p, "score"), ==, want_score);
  g_assert_cmpstr (figure_value (p, "pass-rate"), ==, want_pass);
  g_assert_true (kz_gui_test_shows_label (GTK_WIDGET (window), want_score));
  kz_gui_test_screenshot (GTK_WIDGET (window), "dashboard-overview.png");
}

static void
test_drilldown (void)
{
  KzDashboardPage *p = page ("dashboard");
  GtkWidget *button = kz_gui_test_find_by_name (GTK_WIDGET (p), "figure-pass-rate");
  g_autoptr(GArray) raw = raw_evaluations (team, 0);
  g_autoptr(GArray) want = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) got = NULL;
  GtkWidget *dialog;
  gint64 first_id;

  for (guint i = 0; i < raw->len; i++)
    if (g_array_index (raw, Raw, i).has_final)
      g_array_append_val (want, g_array_index (raw, Raw, i).id);

  g_assert_nonnull (button);
  g_assert_null (kz_dashboard_page_get_drilldown (p));
  kz_gui_test_click (button);
  KZ_WAIT_UNTIL (kz_dashboard_page_get_drilldown (p) != NULL);
  dialog = kz_dashboard_page_get_drilldown (p);
  gtk_test_widget_wait_for_draw (dialog);
  got = g_array_copy (kz_drilldown_dialog_get_ids (KZ_DRILLDOWN_DIALOG (dialog)));
  g_array_sort (got, compare_ids);
  g_assert_cmpuint (got->len, ==, want->len);
  for (guint i = 0; i < want->len; i++)
    g_assert_cmpint (g_array_index (got, gint64, i), ==, g_array_index (want, gint64, i));
  kz_gui_test_screenshot (dialog, "dashboard-drilldown.png");

  /* A row opens its evaluation in the window. */
  first_id = g_array_index (kz_drilldown_dialog_get_ids (KZ_DRILLDOWN_DIALOG (dialog)), gint64, 0);
  {
    GtkWidget *list = kz_gui_test_find_by_name (dialog, "drilldown-list");
    GtkListBoxRow *row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 0);

    g_signal_emit_by_name (list, "row-activated", row);
  }
  KZ_WAIT_UNTIL (kz_dashboard_page_get_drilldown (p) == NULL);
  KZ_WAIT_UNTIL (g_strcmp0 (kz_window_get_visible_page (window), "evaluation") == 0);
  g_test_message ("opened evaluation %" G_GINT64_FORMAT, first_id);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "dashboard"));
}

/* The first gap lists the team's evaluations with an applicable answer to
 * its criterion: a value, or N/A where the rubric counts N/A (pass or fixed). */
static void
test_gap_drilldown (void)
{
  KzDashboardPage *p = page ("dashboard");
  const KzTeamOverview *o = kz_dashboard_page_get_overview (p);
  GtkWidget *list = kz_gui_test_find_by_name (GTK_WIDGET (p), "dashboard-gaps");
  const KzDashboardGap *gap;
  g_autoptr(GArray) want = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) got = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  GtkWidget *dialog;

  g_assert_cmpuint (o->gaps->len, >, 0);
  gap = g_ptr_array_index (o->gaps, 0);
  g_assert_cmpint (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "SELECT DISTINCT e.id, e.rubric_id, e.rubric_version, a.kind FROM evaluations e "
                                       "JOIN people p ON p.id = e.agent_id JOIN answers a ON a.evaluation_id = e.id "
                                       "WHERE e.state = 'submitted' AND e.is_calibration = 0 AND p.team_id = ?1 "
                                       "AND e.created_at >= ?2 AND e.created_at < ?3 AND a.criterion_id = ?4 "
                                       "ORDER BY e.id", -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, team);
  sqlite3_bind_int64 (stmt, 2, start_unix);
  sqlite3_bind_int64 (stmt, 3, end_unix);
  sqlite3_bind_text (stmt, 4, gap->criterion_id, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      gboolean na = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 3), "na") == 0;

      if (na)
        {
          g_autoptr(KzRubric) rubric = kz_store_get_rubric (store, (const char *) sqlite3_column_text (stmt, 1),
                                                            sqlite3_column_int (stmt, 2), NULL);
          KzCriterion *c = kz_rubric_find_criterion (rubric, gap->criterion_id);

          if (c->na_policy != KZ_NA_PASS && c->na_policy != KZ_NA_FIXED)
            continue;
        }
      g_array_append_val (want, id);
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  g_assert_cmpuint (want->len, >, 0);

  g_signal_emit_by_name (list, "row-activated", gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 0));
  KZ_WAIT_UNTIL (kz_dashboard_page_get_drilldown (p) != NULL);
  dialog = kz_dashboard_page_get_drilldown (p);
  got = g_array_copy (kz_drilldown_dialog_get_ids (KZ_DRILLDOWN_DIALOG (dialog)));
  g_array_sort (got, compare_ids);
  g_assert_cmpuint (got->len, ==, want->len);
  for (guint i = 0; i < want->len; i++)
    g_assert_cmpint (g_array_index (got, gint64, i), ==, g_array_index (want, gint64, i));
  gtk_window_close (GTK_WINDOW (dialog));
  KZ_WAIT_UNTIL (kz_dashboard_page_get_drilldown (p) == NULL);
}

static void
test_show_as_table (void)
{
  KzDashboardPage *p = page ("dashboard");
  KzChartFrame *frame = KZ_CHART_FRAME (kz_gui_test_find_by_name (GTK_WIDGET (p), "dashboard-trend"));
  g_autoptr(GArray) raw = raw_evaluations (team, 0);
  g_autoptr(GHashTable) sums = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GtkGrid *grid;
  guint n_rows = 0, n_checked = 0;

  for (guint i = 0; i < raw->len; i++)
    {
      Raw *r = &g_array_index (raw, Raw, i);
      g_autoptr(GDateTime) monday = monday_of (r->created_at);
      char *key = g_date_time_format (monday, "%Y-%m-%d");
      double *s = g_hash_table_lookup (sums, key);

      if (s == NULL)
        {
          s = g_new0 (double, 2);
          g_hash_table_insert (sums, key, s);
        }
      else
        g_free (key);
      if (r->has_final)
        {
          s[0] += r->final;
          s[1] += 1;
        }
    }

  g_assert_nonnull (frame);
  kz_chart_frame_set_show_table (frame, TRUE);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  grid = GTK_GRID (kz_chart_frame_get_table (frame));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (grid)));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (gtk_grid_get_child_at (grid, 1, 0))), ==, "Quality score");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (gtk_grid_get_child_at (grid, 3, 0))), ==, "n");
  for (int row = 1; gtk_grid_get_child_at (grid, 0, row) != NULL; row++)
    {
      const char *week = gtk_label_get_text (GTK_LABEL (gtk_grid_get_child_at (grid, 0, row)));
      const char *value = gtk_label_get_text (GTK_LABEL (gtk_grid_get_child_at (grid, 1, row)));
      const char *n = gtk_label_get_text (GTK_LABEL (gtk_grid_get_child_at (grid, 3, row)));
      double *s = g_hash_table_lookup (sums, week);
      g_autofree char *want = NULL;
      g_autofree char *want_n = NULL;

      /* Every week of the period has a row; one nobody was reviewed in
       * reads "—". */
      n_rows++;
      want = s != NULL && s[1] > 0 ? score_text (s[0], (gint64) s[1]) : g_strdup ("—");
      want_n = s != NULL && s[1] > 0 ? g_strdup_printf ("%.0f", s[1]) : g_strdup ("—");
      g_assert_cmpstr (value, ==, want);
      g_assert_cmpstr (n, ==, want_n);
      n_checked += s != NULL;
    }
  /* The weeks from the first Monday to the last. */
  g_assert_cmpuint (n_rows, ==, (guint) ((end_unix - start_unix) / (7 * 86400)));
  g_assert_cmpuint (n_checked, ==, g_hash_table_size (sums));
  g_assert_cmpuint (n_checked, >, 3);
  kz_gui_test_screenshot (GTK_WIDGET (window), "dashboard-table.png");
  kz_chart_frame_set_show_table (frame, FALSE);
}

/* The export's progress dialog, while it is up. */
static GtkWidget *
find_progress (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) w = g_list_model_get_item (toplevels, i);

      if (g_strcmp0 (gtk_widget_get_name (w), "export-progress") == 0 && gtk_widget_get_visible (w))
        return w;
    }
  return NULL;
}

static void
test_export_pdf (void)
{
  GtkWidget *progress;
  KzDashboardPage *p = page ("dashboard");
  g_autofree char *pdf = g_build_filename (tmp_dir, "overview.pdf", NULL);
  g_autofree char *csv = g_build_filename (tmp_dir, "overview.csv", NULL);
  g_autofree char *cmd = NULL;
  g_autofree char *text = NULL;
  g_autofree char *csv_text = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_assert_true (gtk_widget_is_sensitive (kz_gui_test_find_by_name (GTK_WIDGET (p), "dashboard-export")));
  /* Cancelled from the progress dialog: no file. */
  kz_dashboard_page_export_to (p, KZ_REPORT_FORMAT_PDF, pdf);
  g_assert_true (kz_dashboard_page_get_exporting (p));
  progress = find_progress ();
  g_assert_nonnull (progress);
  g_signal_emit_by_name (progress, "response", "cancel");
  /* The dialog stays, saying so, until the export has stopped. */
  g_assert_true (find_progress () == progress);
  g_assert_cmpstr (gtk_progress_bar_get_text (GTK_PROGRESS_BAR (kz_gui_test_find_by_type (progress,
                                                                                         GTK_TYPE_PROGRESS_BAR))),
                   ==, "Cancelling…");
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (progress), "cancel"));
  KZ_WAIT_UNTIL (!kz_dashboard_page_get_exporting (p));
  g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));
  KZ_WAIT_UNTIL (find_progress () == NULL);

  kz_dashboard_page_export_to (p, KZ_REPORT_FORMAT_PDF, pdf);
  g_assert_true (kz_dashboard_page_get_exporting (p));
  g_assert_nonnull (find_progress ());
  KZ_WAIT_UNTIL (!kz_dashboard_page_get_exporting (p));
  KZ_WAIT_UNTIL (find_progress () == NULL);
  g_assert_true (g_file_test (pdf, G_FILE_TEST_IS_REGULAR));

  cmd = g_strdup_printf ("pdftotext -layout '%s' -", pdf);
  g_assert_true (g_spawn_command_line_sync (cmd, &text, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (text, "Team overview"));
  g_assert_nonnull (strstr (text, figure_value (p, "score")));
  g_assert_nonnull (strstr (text, figure_value (p, "pass-rate")));
  g_assert_nonnull (strstr (text, figure_value (p, "critical")));
  g_assert_nonnull (strstr (text, figure_value (p, "coverage")));
  g_assert_nonnull (strstr (text, "Page 1 of"));
  if (g_getenv ("KAIZEN_SCREENSHOT_DIR") != NULL)
    {
      /* Kept beside the screenshots, to look at. */
      g_autofree char *keep = g_build_filename (g_getenv ("KAIZEN_SCREENSHOT_DIR"), "dashboard.pdf", NULL);
      g_autofree char *bytes = NULL;
      gsize len = 0;

      g_assert_true (g_file_get_contents (pdf, &bytes, &len, NULL));
      g_assert_true (g_file_set_contents (keep, bytes, len, NULL));
    }

  kz_dashboard_page_export_to (p, KZ_REPORT_FORMAT_CSV, csv);
  KZ_WAIT_UNTIL (!kz_dashboard_page_get_exporting (p));
  g_assert_true (g_file_get_contents (csv, &csv_text, NULL, &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (csv_text, figure_value (p, "score")));
}

static void
test_agent_page (void)
{
  KzDashboardPage *p = page ("dashboard");
  KzDashboardPage *agent_page = page ("agent");
  GtkWidget *list = kz_gui_test_find_by_name (GTK_WIDGET (p), "dashboard-agents");
  const KzTeamOverview *o = kz_dashboard_page_get_overview (p);
  const KzDashboardAgent *a = g_ptr_array_index (o->agents, 0);
  gint64 agent = a->agent_id;
  g_autoptr(GArray) raw = NULL;
  g_autofree char *want = NULL;
  double sum = 0;
  gint64 n = 0;

  g_assert_cmpuint (o->agents->len, >, 1);
  g_signal_emit_by_name (list, "row-activated", gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 0));
  KZ_WAIT_UNTIL (g_strcmp0 (kz_window_get_visible_page (window), "agent") == 0);
  g_assert_cmpint (kz_dashboard_page_get_agent (agent_page), ==, agent);
  kz_dashboard_page_set_period (agent_page, &first_day, &last_day);
  wait_loaded (agent_page);

  raw = raw_evaluations (0, agent);
  for (guint i = 0; i < raw->len; i++)
    if (g_array_index (raw, Raw, i).has_final)
      {
        sum += g_array_index (raw, Raw, i).final;
        n++;
      }
  g_assert_cmpint (n, >, 0);
  want = score_text (sum, n);
  g_assert_cmpstr (figure_value (agent_page, "score"), ==, want);
  /* Every criterion against its target, and no team-only parts. */
  g_assert_cmpuint (kz_dashboard_page_get_overview (agent_page)->criteria->len, >, 3);
  g_assert_null (kz_gui_test_find_by_name (GTK_WIDGET (agent_page), "figure-enps"));
  kz_gui_test_screenshot (GTK_WIDGET (window), "dashboard-agent.png");

  /* "All Evaluations" lists exactly the agent's. */
  kz_gui_test_click (kz_gui_test_find_by_name (GTK_WIDGET (agent_page), "dashboard-all-evaluations"));
  KZ_WAIT_UNTIL (kz_dashboard_page_get_drilldown (agent_page) != NULL);
  {
    g_autoptr(GArray) got = g_array_copy (kz_drilldown_dialog_get_ids (
                              KZ_DRILLDOWN_DIALOG (kz_dashboard_page_get_drilldown (agent_page))));

    g_array_sort (got, compare_ids);
    g_assert_cmpuint (got->len, ==, raw->len);
    for (guint i = 0; i < raw->len; i++)
      g_assert_cmpint (g_array_index (got, gint64, i), ==, g_array_index (raw, Raw, i).id);
    gtk_window_close (GTK_WINDOW (kz_dashboard_page_get_drilldown (agent_page)));
  }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.back", NULL));
  KZ_WAIT_UNTIL (g_strcmp0 (kz_window_get_visible_page (window), "dashboard") == 0);
}

/* Acknowledgement and dispute rates of the team whose agents answered back
 * most, against the test's own count of the raw rows. */
static void
test_answer_back (void)
{
  KzDashboardPage *p = page ("dashboard");
  g_autofree char *want_ack = NULL;
  g_autofree char *want_disputed = NULL;
  gint64 other, n, n_ack, n_disputed;

  other = raw_int ("SELECT p.team_id FROM acknowledgements a JOIN evaluations e ON e.id = a.evaluation_id "
                   "JOIN people p ON p.id = e.agent_id GROUP BY p.team_id ORDER BY count (*) DESC, p.team_id LIMIT 1");
#define COUNTED "FROM evaluations e JOIN people p ON p.id = e.agent_id WHERE e.state = 'submitted' " \
                "AND e.is_calibration = 0 AND p.team_id = $1 AND e.created_at >= $2 AND e.created_at < $3"
#define COUNTED_VALUES KZ_TEST_VALUES (KZ_TEST_INT (other), KZ_TEST_INT (start_unix), KZ_TEST_INT (end_unix))
  n = kz_test_sql_int (db_path, "SELECT count (*) " COUNTED, COUNTED_VALUES);
  n_ack = kz_test_sql_int (db_path, "SELECT count (*) " COUNTED " AND EXISTS (SELECT 1 FROM acknowledgements a "
                                    "WHERE a.evaluation_id = e.id)", COUNTED_VALUES);
  n_disputed = kz_test_sql_int (db_path, "SELECT count (*) " COUNTED " AND EXISTS (SELECT 1 FROM disputes d "
                                         "WHERE d.evaluation_id = e.id)", COUNTED_VALUES);
#undef COUNTED_VALUES
#undef COUNTED
  g_assert_cmpint (n_ack, >, 0);
  g_assert_cmpint (n_disputed, >, 0);
  want_ack = g_strdup_printf ("%.1f%%", 100.0 * n_ack / n);
  want_disputed = g_strdup_printf ("%.1f%%", 100.0 * n_disputed / n);

  kz_dashboard_page_set_team (p, other);
  wait_loaded (p);
  g_assert_cmpstr (figure_value (p, "acknowledged"), ==, want_ack);
  g_assert_cmpstr (figure_value (p, "disputed"), ==, want_disputed);
  kz_dashboard_page_set_team (p, team);
  wait_loaded (p);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  KzDemoCounts counts = { 0 };
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

  tmp_dir = g_dir_make_tmp ("kaizen-test-dashboard-XXXXXX", &error);
  g_assert_no_error (error);
  {
    g_autofree char *state = g_build_filename (tmp_dir, "state", NULL);
    g_setenv ("XDG_STATE_HOME", state, TRUE);
  }
  db_path = g_build_filename (tmp_dir, "demo.db", NULL);
  store = kz_store_open (db_path, &error);
  g_assert_no_error (error);
  g_assert_true (kz_demo_fill (store, kz_demo_rubrics_dir (), 42, &counts, &error));
  g_assert_no_error (error);

  /* Every week with a review, and the team with the most. */
  {
    gint64 first = raw_int ("SELECT min (created_at) FROM evaluations WHERE state = 'submitted' AND is_calibration = 0");
    gint64 last = raw_int ("SELECT max (created_at) FROM evaluations WHERE state = 'submitted' AND is_calibration = 0");
    g_autoptr(GDateTime) start = monday_of (first);
    g_autoptr(GDateTime) last_monday = monday_of (last);

    set_date (&first_day, first);
    set_date (&last_day, last);
    start_unix = g_date_time_to_unix (start);
    end_unix = g_date_time_to_unix (last_monday) + 7 * 86400;
    team = raw_int ("SELECT p.team_id FROM evaluations e JOIN people p ON p.id = e.agent_id "
                    "WHERE e.state = 'submitted' AND e.is_calibration = 0 AND p.team_id IS NOT NULL "
                    "GROUP BY p.team_id ORDER BY count (*) DESC, p.team_id LIMIT 1");
  }

  window = kz_window_new (NULL, store);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  /* In this order: each builds on the one before. */
  g_test_add_func ("/dashboard/overview-numbers", test_overview_numbers);
  g_test_add_func ("/dashboard/drilldown", test_drilldown);
  g_test_add_func ("/dashboard/gap-drilldown", test_gap_drilldown);
  g_test_add_func ("/dashboard/show-as-table", test_show_as_table);
  g_test_add_func ("/dashboard/export-pdf", test_export_pdf);
  g_test_add_func ("/dashboard/agent-page", test_agent_page);
  g_test_add_func ("/dashboard/answer-back", test_answer_back);
  ret = g_test_run ();

  gtk_window_destroy (GTK_WINDOW (window));
  g_clear_object (&store);
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", tmp_dir);
    g_assert_cmpint (system (cmd), ==, 0);
  }
  return ret;
}
