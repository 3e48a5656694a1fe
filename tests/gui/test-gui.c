/* test-gui.c — the real windows, in-process, on a demo database
 *
 * Every expected value comes from the model (kz_store_*, kz_score_compute,
 * kz_score_format_*) or is written out literally here; never from the GUI's
 * own output.  Waits poll the main loop against a deadline.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "kz-gui-test.h"
#include "kz-application.h"
#include "kz-demo.h"
#include "kz-evaluation-display.h"
#include "kz-evaluation-row.h"
#include "kz-evaluation-view.h"
#include "kz-evaluations-page.h"
#include "kz-sqlite-store-private.h"
#include "kz-person-picker.h"
#include "kz-rubric-library.h"
#include "kz-rubric-text.h"
#include "kz-rubric-view.h"
#include "kz-score.h"
#include "kz-store.h"
#include "kz-window.h"


static KzApplication *app;
static KzStore *demo_store;
static char *tmp_dir;

/* ---- helpers ----------------------------------------------------------- */

static KzWindow *
open_window (KzStore *store)
{
  KzWindow *window = kz_window_new (GTK_APPLICATION (app), store);

  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  return window;
}

static void
close_window (KzWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  kz_gui_test_drain ();
}

static gboolean
evaluations_loaded (KzWindow *window)
{
  KzEvaluationsPage *page = KZ_EVALUATIONS_PAGE (kz_window_get_page (window, "evaluations"));

  return !kz_evaluations_page_get_loading (page) &&
         g_list_model_get_n_items (kz_evaluations_page_get_model (page)) > 0;
}

static guint
count_rubric_files (void)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;
  guint n = 0;

  dir = g_dir_open (kz_demo_rubrics_dir (), 0, NULL);
  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".xml"))
      n++;
  return n;
}

/* ---- tests ------------------------------------------------------------- */

static void
test_window_opens (void)
{
  KzWindow *window = open_window (demo_store);

  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (window)));
  g_assert_true (kz_window_get_store (window) == demo_store);
  g_assert_cmpstr (kz_window_get_visible_page (window), ==, "evaluations");
  g_assert_true (kz_gui_test_has_label (GTK_WIDGET (window), "Evaluations"));
  g_assert_true (kz_gui_test_has_label (GTK_WIDGET (window), "Rubrics"));

  /* Icon-only buttons have names a screen reader can say. */
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (kz_gui_test_find_by_action (GTK_WIDGET (window), "win.back")),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Back");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (kz_gui_test_find_by_action (GTK_WIDGET (window), "win.import-rubric")),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Import Rubric");

  close_window (window);
}

static void
test_rubric_library (void)
{
  KzWindow *window = open_window (demo_store);
  KzRubricLibrary *library = KZ_RUBRIC_LIBRARY (kz_window_get_page (window, "rubrics"));
  g_autoptr(GPtrArray) infos = NULL;
  g_autoptr(GError) error = NULL;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "rubrics");
  g_assert_cmpstr (kz_window_get_visible_page (window), ==, "rubrics");

  infos = kz_store_list_rubrics (demo_store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (infos->len, ==, count_rubric_files ());

  KZ_WAIT_UNTIL (!kz_rubric_library_get_loading (library) &&
              kz_rubric_library_get_n_rubrics (library) == infos->len);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  for (guint i = 0; i < infos->len; i++)
    {
      const KzRubricInfo *info = g_ptr_array_index (infos, i);

      g_assert_true (kz_gui_test_has_label (GTK_WIDGET (library), info->title));
      g_assert_nonnull (kz_rubric_library_find_row (library, info->id, info->version));
    }

  close_window (window);
}

static void
test_rubric_view (void)
{
  KzWindow *window = open_window (demo_store);
  KzRubricLibrary *library = KZ_RUBRIC_LIBRARY (kz_window_get_page (window, "rubrics"));
  KzRubricView *view = KZ_RUBRIC_VIEW (kz_window_get_page (window, "rubric"));
  g_autoptr(GPtrArray) infos = NULL;
  g_autoptr(GError) error = NULL;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "rubrics");
  infos = kz_store_list_rubrics (demo_store, &error);
  g_assert_no_error (error);
  KZ_WAIT_UNTIL (!kz_rubric_library_get_loading (library) &&
              kz_rubric_library_get_n_rubrics (library) == infos->len);

  for (guint i = 0; i < infos->len; i++)
    {
      const KzRubricInfo *info = g_ptr_array_index (infos, i);
      g_autoptr(KzRubric) rubric = kz_store_get_rubric (demo_store, info->id, info->version, &error);
      GtkListBoxRow *row = kz_rubric_library_find_row (library, info->id, info->version);
      GPtrArray *sections;

      g_assert_no_error (error);
      g_assert_nonnull (row);

      /* What a click does: the row's activation. */
      gtk_widget_activate (GTK_WIDGET (row));
      g_assert_cmpstr (kz_window_get_visible_page (window), ==, "rubric");
      KZ_WAIT_UNTIL (!kz_rubric_view_get_loading (view) &&
                  kz_rubric_view_get_rubric (view) != NULL &&
                  g_strcmp0 (kz_rubric_get_id (kz_rubric_view_get_rubric (view)), info->id) == 0);
      gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

      g_assert_true (kz_gui_test_has_label (GTK_WIDGET (view), kz_rubric_get_title (rubric)));

      sections = kz_rubric_get_sections (rubric);
      for (guint s = 0; s < sections->len; s++)
        {
          const KzSection *section = g_ptr_array_index (sections, s);

          g_assert_true (kz_gui_test_has_label (GTK_WIDGET (view), section->title));
          for (guint c = 0; c < section->criteria->len; c++)
            {
              const KzCriterion *criterion = g_ptr_array_index (section->criteria, c);

              if (!kz_gui_test_has_label (GTK_WIDGET (view), criterion->title))
                g_error ("rubric %s: criterion “%s” not shown", info->id, criterion->title);
              if (criterion->critical == KZ_CRITICAL_FORM)
                g_assert_true (kz_gui_test_has_label (GTK_WIDGET (view), "Auto-fail: form"));
              if (criterion->critical == KZ_CRITICAL_SECTION)
                g_assert_true (kz_gui_test_has_label (GTK_WIDGET (view), "Fails section"));
              for (guint p = 0; p < criterion->scale->points->len; p++)
                {
                  const KzScalePoint *point = g_ptr_array_index (criterion->scale->points, p);
                  g_assert_true (kz_gui_test_has_label (GTK_WIDGET (view), point->label));
                }
            }
        }

      gtk_widget_activate_action (GTK_WIDGET (window), "win.back", NULL);
      g_assert_cmpstr (kz_window_get_visible_page (window), ==, "rubrics");
    }

  close_window (window);
}

static GtkColumnViewColumn *
find_column (GtkColumnView *column_view,
             const char    *title)
{
  GListModel *columns = gtk_column_view_get_columns (column_view);

  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      if (g_strcmp0 (gtk_column_view_column_get_title (column), title) == 0)
        return column;
    }
  g_error ("no column “%s”", title);
  return NULL;
}

static void
test_evaluations_list (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  KzWindow *window;
  KzEvaluationsPage *page;
  GtkColumnView *column_view;
  GListModel *model;
  g_autoptr(GError) error = NULL;
  gint64 expected;
  guint n;

  expected = kz_store_count (demo_store, KZ_RECORD_EVALUATIONS, &error);
  g_assert_no_error (error);
  g_assert_cmpint (expected, >, 0);

  /* A start on another page reads no evaluations: a hidden page loads only
   * when it is shown (a big file's start waits for nothing it does not show). */
  g_settings_set_string (settings, "last-page", "rubrics");
  window = open_window (demo_store);
  page = KZ_EVALUATIONS_PAGE (kz_window_get_page (window, "evaluations"));
  column_view = kz_evaluations_page_get_column_view (page);
  g_assert_cmpstr (kz_window_get_visible_page (window), ==, "rubrics");
  KZ_WAIT_UNTIL (kz_rubric_library_get_n_rubrics (KZ_RUBRIC_LIBRARY (kz_window_get_page (window, "rubrics"))) > 0);
  kz_gui_test_drain ();
  g_assert_false (kz_evaluations_page_get_loading (page));
  g_assert_cmpuint (g_list_model_get_n_items (kz_evaluations_page_get_model (page)), ==, 0);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "evaluations");
  g_assert_true (kz_evaluations_page_get_loading (page));
  KZ_WAIT_UNTIL (evaluations_loaded (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  model = kz_evaluations_page_get_model (page);
  n = g_list_model_get_n_items (model);
  g_assert_cmpint (n, ==, expected);

  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (column_view), "data-table"));
  for (const char * const *t = (const char * const[]) { "Date", "Agent", "Reviewer", "Rubric",
                                                         "Score", "Pass", "Acknowledgement", "State", NULL };
       *t != NULL; t++)
    g_assert_nonnull (find_column (column_view, *t));

  /* Where each stands with its agent, counted straight from the tables:
   * acknowledged = its current revision has an acknowledgement and no
   * dispute is open; dispute open = an open dispute; drafts have none (the
   * list holds no calibration scorings). */
  {
    g_autofree char *acknowledged = kz_sqlite_store_query_text_for_test (KZ_SQLITE_STORE (demo_store),
      "SELECT count(*) FROM evaluations e WHERE e.state = 'submitted' AND e.is_calibration = 0 "
      "AND EXISTS (SELECT 1 FROM acknowledgements a WHERE a.evaluation_id = e.id AND a.revision = e.revision) "
      "AND NOT EXISTS (SELECT 1 FROM disputes d WHERE d.evaluation_id = e.id AND d.state = 'open')");
    g_autofree char *open = kz_sqlite_store_query_text_for_test (KZ_SQLITE_STORE (demo_store),
      "SELECT count(*) FROM evaluations e WHERE e.state = 'submitted' AND e.is_calibration = 0 "
      "AND EXISTS (SELECT 1 FROM disputes d WHERE d.evaluation_id = e.id AND d.state = 'open')");
    g_autofree char *none = kz_sqlite_store_query_text_for_test (KZ_SQLITE_STORE (demo_store),
      "SELECT count(*) FROM evaluations WHERE state <> 'submitted' AND is_calibration = 0");
    guint n_acknowledged = 0, n_open = 0, n_none = 0;

    for (guint i = 0; i < n; i++)
      {
        g_autoptr(KzEvaluationRow) row = g_list_model_get_item (model, i);
        const char *status = kz_evaluation_row_get_agent_status (row);

        n_acknowledged += g_strcmp0 (status, "Acknowledged") == 0;
        n_open += g_strcmp0 (status, "Dispute open") == 0;
        n_none += g_strcmp0 (status, "—") == 0;
      }
    g_assert_cmpint (n_acknowledged, >, 0);
    g_assert_cmpint (n_acknowledged, ==, g_ascii_strtoll (acknowledged, NULL, 10));
    g_assert_cmpint (n_open, ==, g_ascii_strtoll (open, NULL, 10));
    g_assert_cmpint (n_none, ==, g_ascii_strtoll (none, NULL, 10));
  }

  /* Newest first by default. */
  for (guint i = 1; i < n; i++)
    {
      g_autoptr(KzEvaluationRow) a = g_list_model_get_item (model, i - 1);
      g_autoptr(KzEvaluationRow) b = g_list_model_get_item (model, i);

      g_assert_cmpint (kz_evaluation_row_get_date (a), >=, kz_evaluation_row_get_date (b));
    }

  /* Clicking the Score header: the sorter from the .ui orders the rows. */
  gtk_column_view_sort_by_column (column_view, find_column (column_view, "Score"), GTK_SORT_ASCENDING);
  kz_gui_test_drain ();
  for (guint i = 1; i < n; i++)
    {
      g_autoptr(KzEvaluationRow) a = g_list_model_get_item (model, i - 1);
      g_autoptr(KzEvaluationRow) b = g_list_model_get_item (model, i);

      g_assert_cmpfloat (kz_evaluation_row_get_score (a), <=, kz_evaluation_row_get_score (b));
    }

  gtk_column_view_sort_by_column (column_view, find_column (column_view, "Agent"), GTK_SORT_ASCENDING);
  kz_gui_test_drain ();
  for (guint i = 1; i < n; i++)
    {
      g_autoptr(KzEvaluationRow) a = g_list_model_get_item (model, i - 1);
      g_autoptr(KzEvaluationRow) b = g_list_model_get_item (model, i);
      /* GtkStringSorter folds case, then collates; compare the same way. */
      g_autofree char *fa = g_utf8_casefold (kz_evaluation_row_get_agent (a), -1);
      g_autofree char *fb = g_utf8_casefold (kz_evaluation_row_get_agent (b), -1);
      g_autofree char *ca = g_utf8_collate_key (fa, -1);
      g_autofree char *cb = g_utf8_collate_key (fb, -1);
      g_assert_cmpint (strcmp (ca, cb), <=, 0);
    }

  close_window (window);
}

/* The strings the evaluation page must show, from the model alone. */
static void
check_evaluation_shown (KzWindow *window,
                        gint64    id)
{
  KzEvaluationView *view = KZ_EVALUATION_VIEW (kz_window_get_page (window, "evaluation"));
  g_autoptr(KzEvaluation) evaluation = NULL;
  g_autoptr(KzRubric) rubric = NULL;
  g_autoptr(KzScore) score = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *final = NULL;
  g_autofree char *breakdown = NULL;
  GtkWidget *final_label;
  GtkWidget *breakdown_label;
  GtkWidget *verdict_label;
  GPtrArray *sections;

  KZ_WAIT_UNTIL (!kz_evaluation_view_get_loading (view) &&
              kz_evaluation_view_get_evaluation_id (view) == id &&
              kz_evaluation_view_get_display (view) != NULL);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  g_assert_cmpstr (kz_window_get_visible_page (window), ==, "evaluation");

  evaluation = kz_store_get_evaluation (demo_store, id, &error);
  g_assert_no_error (error);
  rubric = kz_store_get_rubric (demo_store, evaluation->rubric_id, evaluation->rubric_version, &error);
  g_assert_no_error (error);
  score = kz_score_compute (rubric, evaluation->answers);

  final = kz_score_format_percent (score->has_score, score->final);
  final_label = kz_gui_test_find_by_name (GTK_WIDGET (view), "final-score");
  g_assert_nonnull (final_label);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (final_label)), ==, final);

  /* The stored score agrees with the one the page shows. */
  g_assert_cmpint (evaluation->has_score, ==, score->has_score);
  if (score->has_score)
    g_assert_cmpfloat_with_epsilon (evaluation->final, score->final, 1e-9);

  verdict_label = kz_gui_test_find_by_name (GTK_WIDGET (view), "verdict");
  if (!score->has_score)
    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (verdict_label)), ==, "No score");
  else
    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (verdict_label)), ==, score->pass ? "Pass" : "Fail");

  breakdown = g_strchomp (kz_score_format_breakdown (score));
  breakdown_label = kz_gui_test_find_by_name (GTK_WIDGET (view), "breakdown");
  g_assert_nonnull (breakdown_label);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (breakdown_label)), ==, breakdown);

  sections = kz_rubric_get_sections (rubric);
  for (guint s = 0; s < sections->len; s++)
    {
      const KzSection *section = g_ptr_array_index (sections, s);

      g_assert_true (kz_gui_test_has_label (GTK_WIDGET (view), section->title));
      for (guint c = 0; c < section->criteria->len; c++)
        {
          const KzCriterion *criterion = g_ptr_array_index (section->criteria, c);
          const KzAnswer *answer = kz_answer_set_get (evaluation->answers, criterion->id);

          g_assert_true (kz_gui_test_has_label (GTK_WIDGET (view), criterion->title));
          if (answer != NULL && answer->comment != NULL && *answer->comment != '\0')
            g_assert_true (kz_gui_test_has_label (GTK_WIDGET (view), answer->comment));
          if (answer == NULL || answer->kind == KZ_ANSWER_UNANSWERED)
            g_assert_true (kz_gui_test_has_label (GTK_WIDGET (view), "Unanswered"));
          else if (answer->kind == KZ_ANSWER_NA)
            g_assert_true (kz_gui_test_has_label (GTK_WIDGET (view), "N/A"));
        }
    }

  g_assert_true (kz_gui_test_has_label (GTK_WIDGET (view), score->auto_failed ? "Yes" : "No"));
  for (guint i = 0; score->failed_by != NULL && score->failed_by[i] != NULL; i++)
    {
      KzCriterion *criterion = kz_rubric_find_criterion (rubric, score->failed_by[i]);
      g_autofree char *expected = g_strdup_printf ("Triggered by %s", criterion->title);

      /* Only the first name is a whole label when several criteria failed. */
      if (score->failed_by[1] == NULL)
        g_assert_true (kz_gui_test_has_label (GTK_WIDGET (view), expected));
    }
}

static void
test_evaluation_open (void)
{
  KzWindow *window = open_window (demo_store);
  KzEvaluationsPage *page = KZ_EVALUATIONS_PAGE (kz_window_get_page (window, "evaluations"));
  g_autoptr(KzEvaluationRow) first = NULL;
  g_autoptr(GPtrArray) summaries = NULL;
  g_autoptr(GError) error = NULL;
  gboolean saw_auto_fail = FALSE;
  gboolean saw_draft = FALSE;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "evaluations");
  KZ_WAIT_UNTIL (evaluations_loaded (window));

  /* Activating the first row, as a double click or Enter does. */
  first = g_list_model_get_item (kz_evaluations_page_get_model (page), 0);
  g_signal_emit_by_name (kz_evaluations_page_get_column_view (page), "activate", 0);
  check_evaluation_shown (window, kz_evaluation_row_get_id (first));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.back", NULL);
  g_assert_cmpstr (kz_window_get_visible_page (window), ==, "evaluations");

  /* A spread of others: every auto-failed one, a draft, and a sample. */
  summaries = kz_store_list_evaluations (demo_store, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < summaries->len; i++)
    {
      const KzEvaluationSummary *summary = g_ptr_array_index (summaries, i);
      g_autoptr(KzEvaluation) evaluation = kz_store_get_evaluation (demo_store, summary->id, &error);
      gboolean pick;

      g_assert_no_error (error);
      pick = (i % 40 == 0) ||
             (evaluation->auto_failed && !saw_auto_fail) ||
             (evaluation->state == KZ_EVALUATION_DRAFT && !saw_draft);
      if (!pick)
        continue;

      saw_auto_fail |= evaluation->auto_failed;
      saw_draft |= evaluation->state == KZ_EVALUATION_DRAFT;
      gtk_widget_activate_action (GTK_WIDGET (window), "win.show-evaluation", "x", summary->id);
      check_evaluation_shown (window, summary->id);
    }
  g_assert_true (saw_auto_fail);

  close_window (window);
}

static char *
write_temp_file (const char *name,
                 const char *contents)
{
  char *path = g_build_filename (tmp_dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  return path;
}

static AdwMessageDialog *
find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();  /* transfer none */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

static void
test_import_broken (void)
{
  g_autofree char *db_path = g_build_filename (tmp_dir, "import.db", NULL);
  g_autoptr(KzStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *expected_prefix = NULL;
  g_autoptr(GFile) file = NULL;
  AdwMessageDialog *dialog;
  KzWindow *window;
  gint64 before;

  store = kz_store_open (db_path, &error);
  g_assert_no_error (error);
  before = kz_store_count (store, KZ_RECORD_RUBRICS, &error);
  g_assert_no_error (error);

  /* Line 5 closes an element that was never opened. */
  path = write_temp_file ("broken.xml",
                          "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                          "<rubric xmlns=\"https://kaizen-qa.org/ns/rubric/1\"\n"
                          "        id=\"broken\" version=\"1\">\n"
                          "  <title>Broken</title>\n"
                          "  </section>\n"
                          "</rubric>\n");
  window = open_window (store);
  file = g_file_new_for_path (path);

  kz_window_import_rubric_file (window, file);
  g_assert_true (kz_window_get_importing (window));
  KZ_WAIT_UNTIL (!kz_window_get_importing (window));
  KZ_WAIT_UNTIL (find_message_dialog () != NULL);

  dialog = find_message_dialog ();
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (window));
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Could Not Import Rubric");
  expected_prefix = g_strdup_printf ("%s:5:", path);
  if (!g_str_has_prefix (adw_message_dialog_get_body (dialog), expected_prefix))
    g_error ("error “%s” does not start with “%s”", adw_message_dialog_get_body (dialog), expected_prefix);
  g_assert_cmpuint (strlen (adw_message_dialog_get_body (dialog)), >, strlen (expected_prefix) + 3);

  /* Nothing was stored. */
  g_assert_cmpint (kz_store_count (store, KZ_RECORD_RUBRICS, &error), ==, before);
  g_assert_no_error (error);

  /* Escape, or the Close button */
  gtk_window_close (GTK_WINDOW (dialog));
  KZ_WAIT_UNTIL (find_message_dialog () == NULL);

  close_window (window);
}

static void
test_import_good (void)
{
  g_autofree char *db_path = g_build_filename (tmp_dir, "import-good.db", NULL);
  g_autofree char *source_path = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *path = NULL;
  g_autoptr(KzStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(KzRubric) expected = NULL;
  KzRubricLibrary *library;
  KzRubricView *view;
  KzWindow *window;

  store = kz_store_open (db_path, &error);
  g_assert_no_error (error);

  source_path = g_build_filename (kz_demo_rubrics_dir (), "email-support.xml", NULL);
  g_file_get_contents (source_path, &contents, NULL, &error);
  g_assert_no_error (error);
  path = write_temp_file ("good.xml", contents);
  expected = kz_rubric_load_file (path, &error);
  g_assert_no_error (error);

  window = open_window (store);
  library = KZ_RUBRIC_LIBRARY (kz_window_get_page (window, "rubrics"));
  view = KZ_RUBRIC_VIEW (kz_window_get_page (window, "rubric"));
  KZ_WAIT_UNTIL (!kz_rubric_library_get_loading (library));
  g_assert_cmpuint (kz_rubric_library_get_n_rubrics (library), ==, 0);

  file = g_file_new_for_path (path);
  kz_window_import_rubric_file (window, file);
  KZ_WAIT_UNTIL (!kz_window_get_importing (window));
  KZ_WAIT_UNTIL (!kz_rubric_library_get_loading (library) &&
              kz_rubric_library_get_n_rubrics (library) == 1);

  g_assert_null (find_message_dialog ());
  g_assert_cmpint (kz_store_count (store, KZ_RECORD_RUBRICS, &error), ==, 1);
  g_assert_no_error (error);
  g_assert_nonnull (kz_rubric_library_find_row (library, kz_rubric_get_id (expected),
                                                kz_rubric_get_version (expected)));
  /* The imported rubric opens. */
  g_assert_cmpstr (kz_window_get_visible_page (window), ==, "rubric");
  g_assert_nonnull (kz_rubric_view_get_rubric (view));
  g_assert_cmpstr (kz_rubric_get_id (kz_rubric_view_get_rubric (view)), ==, kz_rubric_get_id (expected));
  g_assert_true (kz_gui_test_has_label (GTK_WIDGET (view), kz_rubric_get_title (expected)));

  close_window (window);
}

static void
test_dark_style (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  AdwStyleManager *style_manager = adw_style_manager_get_default ();
  KzWindow *window = open_window (demo_store);
  g_autoptr(GVariant) state = NULL;
  g_autofree char *scheme = NULL;

  g_settings_set_string (settings, "color-scheme", "dark");
  KZ_WAIT_UNTIL (adw_style_manager_get_dark (style_manager));
  g_assert_cmpint (adw_style_manager_get_color_scheme (style_manager), ==, ADW_COLOR_SCHEME_FORCE_DARK);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  g_settings_set_string (settings, "color-scheme", "light");
  KZ_WAIT_UNTIL (!adw_style_manager_get_dark (style_manager));
  g_assert_cmpint (adw_style_manager_get_color_scheme (style_manager), ==, ADW_COLOR_SCHEME_FORCE_LIGHT);

  /* The preferences' radio rows drive the same setting through app.color-scheme. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "color-scheme", g_variant_new_string ("dark"));
  KZ_WAIT_UNTIL (adw_style_manager_get_dark (style_manager));
  scheme = g_settings_get_string (settings, "color-scheme");
  g_assert_cmpstr (scheme, ==, "dark");
  state = g_action_group_get_action_state (G_ACTION_GROUP (app), "color-scheme");
  g_assert_cmpstr (g_variant_get_string (state, NULL), ==, "dark");

  g_settings_reset (settings, "color-scheme");
  KZ_WAIT_UNTIL (adw_style_manager_get_color_scheme (style_manager) == ADW_COLOR_SCHEME_DEFAULT);

  close_window (window);
}

static void
test_narrow_window (void)
{
  KzWindow *window = open_window (demo_store);
  AdwLeaflet *leaflet = ADW_LEAFLET (kz_gui_test_find_by_type (GTK_WIDGET (window), ADW_TYPE_LEAFLET));

  g_assert_false (adw_leaflet_get_folded (leaflet));

  gtk_window_set_default_size (GTK_WINDOW (window), 400, 640);
  KZ_WAIT_UNTIL (adw_leaflet_get_folded (leaflet));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  /* Folded, the content shows and Back leads to the sidebar. */
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (leaflet), ==, "content");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.back", NULL);
  KZ_WAIT_UNTIL (g_strcmp0 (adw_leaflet_get_visible_child_name (leaflet), "sidebar") == 0);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "rubrics");
  KZ_WAIT_UNTIL (g_strcmp0 (adw_leaflet_get_visible_child_name (leaflet), "content") == 0);
  g_assert_cmpstr (kz_window_get_visible_page (window), ==, "rubrics");

  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 720);
  KZ_WAIT_UNTIL (!adw_leaflet_get_folded (leaflet));

  close_window (window);
}

static void
test_person_picker (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GPtrArray) people = NULL;
  g_autoptr(GError) error = NULL;
  const KzPerson *person;
  KzPersonPicker *picker;
  KzWindow *window;

  people = kz_store_list_people (demo_store, KZ_ROLE_REVIEWER, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (people->len, >, 0);
  person = g_ptr_array_index (people, 0);

  g_settings_set_int64 (settings, "current-person", person->id);
  window = open_window (demo_store);
  picker = KZ_PERSON_PICKER (kz_gui_test_find_by_type (GTK_WIDGET (window), KZ_TYPE_PERSON_PICKER));
  g_assert_nonnull (picker);

  /* The remembered person shows once the people are loaded. */
  KZ_WAIT_UNTIL (kz_person_picker_get_n_people (picker) > 0);
  g_assert_cmpint (kz_person_picker_get_person_id (picker), ==, person->id);
  g_assert_cmpstr (kz_person_picker_get_person_name (picker), ==, person->name);
  g_assert_true (kz_gui_test_has_label (GTK_WIDGET (picker), person->name));
  /* Single-file mode says plainly that this is not a login. */
  g_assert_true (kz_gui_test_has_label (GTK_WIDGET (picker),
                                    "Anyone with this file can choose any person — this is not a login. "
                                    "The choice only sets whose work Kaizen shows you."));

  /* Choosing someone else is remembered. */
  person = g_ptr_array_index (people, people->len - 1);
  kz_person_picker_set_person_id (picker, person->id);
  g_assert_cmpint (g_settings_get_int64 (settings, "current-person"), ==, person->id);
  g_assert_cmpstr (kz_person_picker_get_person_name (picker), ==, person->name);

  /* The list holds everyone; a search narrows it and Enter picks the first
   * person still shown. */
  {
    GtkWidget *button = kz_gui_test_find_by_type (GTK_WIDGET (picker), GTK_TYPE_MENU_BUTTON);
    GtkWidget *entry = kz_gui_test_find_by_type (GTK_WIDGET (picker), GTK_TYPE_SEARCH_ENTRY);
    GtkListView *list = GTK_LIST_VIEW (kz_gui_test_find_by_type (GTK_WIDGET (picker), GTK_TYPE_LIST_VIEW));
    g_autoptr(GPtrArray) everyone = kz_store_list_people (demo_store, KZ_ROLE_NONE, &error);
    const KzPerson *target = g_ptr_array_index (people, 0);
    guint n_named = 0;

    g_assert_no_error (error);
    for (guint i = 0; i < everyone->len; i++)
      if (strstr (((KzPerson *) g_ptr_array_index (everyone, i))->name, target->name) != NULL)
        n_named++;
    g_assert_cmpuint (n_named, <, everyone->len);
    gtk_menu_button_popup (GTK_MENU_BUTTON (button));
    kz_gui_test_drain ();
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (list))), ==, everyone->len);
    gtk_editable_set_text (GTK_EDITABLE (entry), target->name);
    KZ_WAIT_UNTIL (g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (list))) == n_named);
    g_signal_emit_by_name (entry, "activate");
    g_assert_cmpstr (kz_person_picker_get_person_name (picker), ==, target->name);
    g_assert_cmpint (g_settings_get_int64 (settings, "current-person"), ==, kz_person_picker_get_person_id (picker));
  }

  g_settings_reset (settings, "current-person");
  close_window (window);
}

/* The pure halves: no display needed, checked against literal words. */
static void
test_rubric_text (void)
{
  KzCriterion criterion = { 0 };
  g_autofree char *forbidden = NULL;
  g_autofree char *exclude = NULL;
  g_autofree char *pass = NULL;
  g_autofree char *fixed = NULL;
  g_autofree char *weight = NULL;

  criterion.na_policy = KZ_NA_FORBIDDEN;
  forbidden = kz_rubric_text_na_policy (&criterion);
  criterion.na_policy = KZ_NA_EXCLUDE;
  exclude = kz_rubric_text_na_policy (&criterion);
  criterion.na_policy = KZ_NA_PASS;
  pass = kz_rubric_text_na_policy (&criterion);
  criterion.na_policy = KZ_NA_FIXED;
  criterion.na_value = 2;
  fixed = kz_rubric_text_na_policy (&criterion);

  g_assert_cmpstr (forbidden, ==, "N/A not allowed");
  g_assert_cmpstr (exclude, ==, "N/A excluded from score");
  g_assert_cmpstr (pass, ==, "N/A counts as full marks");
  g_assert_cmpstr (fixed, ==, "N/A counts as 2");

  criterion.critical = KZ_CRITICAL_NONE;
  g_assert_null (kz_rubric_text_critical (&criterion));
  criterion.critical = KZ_CRITICAL_FORM;
  {
    g_autofree char *text = kz_rubric_text_critical (&criterion);
    g_assert_cmpstr (text, ==, "Auto-fail: form");
  }
  criterion.critical = KZ_CRITICAL_SECTION;
  {
    g_autofree char *text = kz_rubric_text_critical (&criterion);
    g_assert_cmpstr (text, ==, "Fails section");
  }

  weight = kz_rubric_text_weight (0.5);
  g_assert_cmpstr (weight, ==, "Weight 0.5");
}

static void
test_evaluation_display (void)
{
  g_autoptr(GPtrArray) infos = NULL;
  g_autoptr(KzRubric) rubric = NULL;
  g_autoptr(KzEvaluation) evaluation = kz_evaluation_new ();
  g_autoptr(KzScore) score = NULL;
  g_autoptr(KzEvaluationDisplay) display = NULL;
  g_autoptr(GError) error = NULL;
  const KzRubricInfo *info;
  const KzCriterion *first;
  const KzSection *section;
  const KzAnswerDisplay *answer;
  g_autofree char *final = NULL;

  infos = kz_store_list_rubrics (demo_store, &error);
  g_assert_no_error (error);
  info = g_ptr_array_index (infos, 0);
  rubric = kz_store_get_rubric (demo_store, info->id, info->version, &error);
  g_assert_no_error (error);

  section = g_ptr_array_index (kz_rubric_get_sections (rubric), 0);
  first = g_ptr_array_index (section->criteria, 0);

  /* One answer, the top of the first criterion's scale; the rest unanswered. */
  evaluation->rubric_id = g_strdup (info->id);
  evaluation->rubric_version = info->version;
  evaluation->state = KZ_EVALUATION_DRAFT;
  evaluation->created_at = g_date_time_new_utc (2024, 3, 1, 9, 30, 0);
  evaluation->answers = kz_answer_set_new ();
  kz_answer_set_put (evaluation->answers,
                     kz_answer_new (first->id, KZ_ANSWER_VALUE, kz_scale_get_max (first->scale),
                                    "Clear & friendly"));

  score = kz_score_compute (rubric, evaluation->answers);
  display = kz_evaluation_display_new (evaluation, rubric, score, "Ann Agent", NULL);

  final = kz_score_format_percent (score->has_score, score->final);
  g_assert_cmpstr (display->final_score, ==, final);
  g_assert_cmpstr (display->agent, ==, "Ann Agent");
  g_assert_cmpstr (display->reviewer, ==, "Unknown reviewer");
  g_assert_cmpstr (display->state, ==, "Draft");
  g_assert_cmpuint (display->sections->len, ==, kz_rubric_get_sections (rubric)->len);

  answer = g_ptr_array_index (((KzSectionDisplay *) g_ptr_array_index (display->sections, 0))->answers, 0);
  g_assert_cmpstr (answer->criterion_title, ==, first->title);
  g_assert_cmpstr (answer->comment, ==, "Clear & friendly");
  g_assert_false (answer->unanswered);
  {
    const KzScalePoint *top = g_ptr_array_index (first->scale->points, first->scale->points->len - 1);
    g_assert_nonnull (strstr (answer->answer, top->label));
  }

  if (section->criteria->len > 1)
    {
      answer = g_ptr_array_index (((KzSectionDisplay *) g_ptr_array_index (display->sections, 0))->answers, 1);
      g_assert_cmpstr (answer->answer, ==, "Unanswered");
      g_assert_true (answer->unanswered);
      g_assert_null (answer->comment);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *db_path = NULL;
  KzDemoCounts counts = { 0 };
  int ret;

  /* Words in English and numbers with a dot, whatever the machine says. */
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  gtk_test_init (&argc, &argv, NULL);

  tmp_dir = g_dir_make_tmp ("kaizen-test-gui-XXXXXX", &error);
  g_assert_no_error (error);
  db_path = g_build_filename (tmp_dir, "demo.db", NULL);
  demo_store = kz_store_open (db_path, &error);
  g_assert_no_error (error);
  kz_demo_fill (demo_store, kz_demo_rubrics_dir (), 20240301, &counts, &error);
  g_assert_no_error (error);

  app = kz_application_new ();
  /* Tests run side by side: no single-instance handover. */
  g_application_set_flags (G_APPLICATION (app),
                           g_application_get_flags (G_APPLICATION (app)) | G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  g_application_hold (G_APPLICATION (app));

  g_test_add_func ("/gui/text/rubric", test_rubric_text);
  g_test_add_func ("/gui/text/evaluation-display", test_evaluation_display);
  g_test_add_func ("/gui/window/opens", test_window_opens);
  g_test_add_func ("/gui/window/narrow", test_narrow_window);
  g_test_add_func ("/gui/window/person-picker", test_person_picker);
  g_test_add_func ("/gui/rubrics/library", test_rubric_library);
  g_test_add_func ("/gui/rubrics/view", test_rubric_view);
  g_test_add_func ("/gui/rubrics/import-broken", test_import_broken);
  g_test_add_func ("/gui/rubrics/import-good", test_import_good);
  g_test_add_func ("/gui/evaluations/list", test_evaluations_list);
  g_test_add_func ("/gui/evaluations/open", test_evaluation_open);
  g_test_add_func ("/gui/style/dark", test_dark_style);

  ret = g_test_run ();

  g_application_release (G_APPLICATION (app));
  g_clear_object (&app);
  g_clear_object (&demo_store);
  {
    g_autoptr(GDir) dir = g_dir_open (tmp_dir, 0, NULL);
    const char *name;

    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *path = g_build_filename (tmp_dir, name, NULL);
        g_unlink (path);
      }
    g_rmdir (tmp_dir);
  }
  g_free (tmp_dir);

  return ret;
}
