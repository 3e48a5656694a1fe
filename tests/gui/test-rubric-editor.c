/* test-rubric-editor.c — the rubric editor in the real window
 *
 * A small centre built here: phone support version 1 and twelve submitted
 * evaluations of it with answers the test chooses.  From the rubric page
 * the test opens the editor, changes a weight and a guidance text, sees
 * the loader's message for a weight of 0, runs What If and reads the
 * numbers kz_what_if_compute() gives for the same draft and the store's
 * evaluations, saves as version 2 and finds it in the store with the old
 * evaluations' rows unchanged byte for byte, exports the XML and loads it,
 * and leaves through "Discard Changes?".
 *
 * With KAIZEN_SCREENSHOT_DIR set, /rubric-editor/screenshots leaves the
 * editor at 1280×800 and 800×600, light and dark, in that folder.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <math.h>
#include <sqlite3.h>
#include <string.h>

#include "kz-chart-frame.h"
#include "kz-demo.h"
#include "kz-gui-test.h"
#include "kz-rubric-editor.h"
#include "kz-rubric-view.h"
#include "kz-score.h"
#include "kz-store.h"
#include "kz-window.h"

#define N_EVALUATIONS 12

static KzStore *store;
static char *tmp_dir;
static char *db_path;

/* ---- the fixture --------------------------------------------------------------- */

static gint64
add_person (const char *name,
            KzRoles     roles)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzPerson) p = kz_person_new (name, roles);
  gint64 id = kz_store_add_person (store, p, &error);

  g_assert_no_error (error);
  return id;
}

/* Evaluation @i answers criterion @j with its scale's top point, except
 * every third one, which gets point (i·j) mod n; and N/A every seventh
 * time where N/A is allowed.  That spreads the scores around the pass mark. */
static void
make_centre (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (kz_demo_rubrics_dir (), "phone-support.xml", NULL);
  g_autoptr(KzRubric) rubric = kz_rubric_load_file (path, &error);
  GPtrArray *sections;
  gint64 reviewer, agent;

  g_assert_no_error (error);
  g_assert_true (kz_store_add_rubric (store, rubric, NULL, &error));
  g_assert_no_error (error);
  reviewer = add_person ("Rita Reviewer", KZ_ROLE_REVIEWER);
  agent = add_person ("Ana Agent", KZ_ROLE_AGENT);
  sections = kz_rubric_get_sections (rubric);

  for (guint i = 0; i < N_EVALUATIONS; i++)
    {
      g_autoptr(KzEvaluation) ev = kz_evaluation_new ();
      guint j = 0;

      ev->rubric_id = g_strdup ("phone-support");
      ev->rubric_version = 1;
      ev->reviewer_id = reviewer;
      ev->agent_id = agent;
      ev->state = KZ_EVALUATION_SUBMITTED;
      for (guint s = 0; s < sections->len; s++)
        {
          const KzSection *section = g_ptr_array_index (sections, s);

          for (guint c = 0; c < section->criteria->len; c++, j++)
            {
              const KzCriterion *criterion = g_ptr_array_index (section->criteria, c);
              guint n = criterion->scale->points->len;
              guint p = (i + j) % 3 == 0 ? (i * j) % n : n - 1;
              const KzScalePoint *point = g_ptr_array_index (criterion->scale->points, p);

              if ((i + j) % 7 == 3 && kz_criterion_allows_na (criterion))
                kz_answer_set_put (ev->answers, kz_answer_new (criterion->id, KZ_ANSWER_NA, 0, NULL));
              else
                kz_answer_set_put (ev->answers, kz_answer_new (criterion->id, KZ_ANSWER_VALUE, point->value, NULL));
            }
        }
      kz_store_save_evaluation (store, ev, &error);
      g_assert_no_error (error);
    }
}

/* Every column of the evaluations' and answers' rows, doubles to the bit. */
static char *
raw_rows (void)
{
  static const char *queries[] = {
    "SELECT * FROM evaluations ORDER BY id",
    "SELECT * FROM answers ORDER BY evaluation_id, criterion_id",
    "SELECT * FROM rubrics WHERE version = 1",
  };
  GString *out = g_string_new (NULL);
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      sqlite3_stmt *stmt = NULL;

      g_assert_cmpint (sqlite3_prepare_v2 (db, queries[q], -1, &stmt, NULL), ==, SQLITE_OK);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          for (int c = 0; c < sqlite3_column_count (stmt); c++)
            {
              if (sqlite3_column_type (stmt, c) == SQLITE_FLOAT)
                g_string_append_printf (out, "%a|", sqlite3_column_double (stmt, c));
              else if (sqlite3_column_type (stmt, c) == SQLITE_NULL)
                g_string_append (out, "NULL|");
              else
                g_string_append_printf (out, "%s|", (const char *) sqlite3_column_text (stmt, c));
            }
          g_string_append_c (out, '\n');
        }
      sqlite3_finalize (stmt);
    }
  sqlite3_close (db);
  return g_string_free (out, FALSE);
}

/* ---- helpers -------------------------------------------------------------------- */

static KzWindow *
open_window (void)
{
  KzWindow *window = kz_window_new (NULL, store);

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  return window;
}

static KzRubricView *
show_rubric (KzWindow *window)
{
  KzRubricView *view = KZ_RUBRIC_VIEW (kz_gui_test_find_by_type (kz_window_get_page (window, "rubric"),
                                                                 KZ_TYPE_RUBRIC_VIEW));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-rubric", "(si)", "phone-support", 1));
  KZ_WAIT_UNTIL (kz_rubric_view_get_rubric (view) != NULL && !kz_rubric_view_get_loading (view));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  return view;
}

static GtkListBoxRow *
outline_row (KzRubricEditor *editor,
             gpointer        item)
{
  GtkWidget *list = kz_gui_test_find_by_name (GTK_WIDGET (editor), "outline");

  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL; row = gtk_widget_get_next_sibling (row))
    if (g_object_get_data (G_OBJECT (row), "kz-item") == item)
      return GTK_LIST_BOX_ROW (row);
  return NULL;
}

/* Selects @item's row the way a click does. */
static void
select_row (KzRubricEditor *editor,
            gpointer        item)
{
  GtkWidget *list = kz_gui_test_find_by_name (GTK_WIDGET (editor), "outline");
  GtkListBoxRow *row = outline_row (editor, item);

  g_assert_nonnull (row);
  gtk_list_box_select_row (GTK_LIST_BOX (list), row);
  kz_gui_test_drain ();
}

static GtkWidget *
detail (KzRubricEditor *editor,
        const char     *name)
{
  GtkWidget *box = kz_gui_test_find_by_name (GTK_WIDGET (editor), "detail");
  GtkWidget *widget = kz_gui_test_find_by_name (box, name);

  g_assert_nonnull (widget);
  return widget;
}

static const char *
label_text (KzRubricEditor *editor,
            const char     *name)
{
  GtkWidget *label = kz_gui_test_find_by_name (GTK_WIDGET (editor), name);

  g_assert_true (GTK_IS_LABEL (label));
  return gtk_label_get_text (GTK_LABEL (label));
}

static gboolean
action_enabled (KzRubricEditor *editor,
                const char     *name)
{
  GtkWidget *button = kz_gui_test_find_by_action (GTK_WIDGET (editor), name);

  g_assert_nonnull (button);
  return gtk_widget_is_sensitive (button);
}

static gboolean
problem_shown (KzRubricEditor *editor)
{
  GtkWidget *label = kz_gui_test_find_by_name (GTK_WIDGET (editor), "problem");
  GtkWidget *revealer = gtk_widget_get_ancestor (label, GTK_TYPE_REVEALER);

  return gtk_revealer_get_reveal_child (GTK_REVEALER (revealer));
}

/* Key bindings live in the widget's shortcut controller: the trigger for
 * @action, as text ("<Control>s"). */
static char *
shortcut_for (GtkWidget  *widget,
              const char *action)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint k = 0; k < g_list_model_get_n_items (G_LIST_MODEL (controller)); k++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), k);
          GtkShortcutAction *a = gtk_shortcut_get_action (shortcut);

          if (GTK_IS_NAMED_ACTION (a) && g_strcmp0 (gtk_named_action_get_action_name (GTK_NAMED_ACTION (a)), action) == 0)
            return gtk_shortcut_trigger_to_string (gtk_shortcut_get_trigger (shortcut));
        }
    }
  return NULL;
}

static void
count_saved (KzRubricEditor *editor,
             KzRubric       *rubric,
             guint          *n)
{
  (*n)++;
}

static void
count_exported (KzRubricEditor *editor,
                GFile          *file,
                guint          *n)
{
  (*n)++;
}

static AdwMessageDialog *
find_dialog (const char *name)
{
  GListModel *toplevels = gtk_window_get_toplevels ();  /* transfer none */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) w = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (w) && g_strcmp0 (gtk_widget_get_name (w), name) == 0 && gtk_widget_get_visible (w))
        return ADW_MESSAGE_DIALOG (w);
    }
  return NULL;
}

static char *
format_count (guint n)
{
  return g_strdup_printf ("%u", n);
}

/* The same text as the editor's, made here from the model's numbers. */
static char *
format_change (double before,
               double after,
               gboolean percent)
{
  g_autofree char *b = isnan (before) ? g_strdup ("—") : g_strdup_printf (percent ? "%.1f%%" : "%.1f", before);
  g_autofree char *a = isnan (after) ? g_strdup ("—") : g_strdup_printf (percent ? "%.1f%%" : "%.1f", after);

  return g_strdup_printf ("%s → %s", b, a);
}

/* ---- the test --------------------------------------------------------------------- */

static void
test_edit_and_save (void)
{
  g_autoptr(GError) error = NULL;
  KzWindow *window = open_window ();
  KzRubricView *view = show_rubric (window);
  KzRubricEditor *editor;
  KzRubricDraft *draft;
  KzDraftCriterion *questioning;
  g_autofree char *rows_before = raw_rows ();
  g_autofree char *shortcut = NULL;
  guint n_saved = 0, n_exported = 0;

  /* Open the editor from the rubric page. */
  kz_gui_test_click (kz_gui_test_find_by_name (GTK_WIDGET (view), "edit-rubric"));
  editor = kz_rubric_view_get_editor (view);
  g_assert_nonnull (editor);
  gtk_window_set_default_size (GTK_WINDOW (editor), 1280, 800);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (editor));
  g_signal_connect (editor, "saved", G_CALLBACK (count_saved), &n_saved);
  g_signal_connect (editor, "exported", G_CALLBACK (count_exported), &n_exported);
  KZ_WAIT_UNTIL (kz_rubric_editor_get_next_version (editor) == 2);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (kz_gui_test_find_by_name (GTK_WIDGET (editor), "save-version"))),
                   ==, "_Save as Version 2");
  /* Nothing changed yet: nothing to save, but What If and Export work. */
  g_assert_false (action_enabled (editor, "editor.save"));
  g_assert_true (action_enabled (editor, "editor.what-if"));
  g_assert_true (action_enabled (editor, "editor.export"));
  /* The keys. */
  shortcut = shortcut_for (GTK_WIDGET (editor), "editor.save");
  g_assert_cmpstr (shortcut, ==, "<Control>s");
  g_clear_pointer (&shortcut, g_free);
  shortcut = shortcut_for (GTK_WIDGET (editor), "editor.cancel");
  g_assert_cmpstr (shortcut, ==, "Escape");

  draft = kz_rubric_editor_get_draft (editor);
  questioning = kz_rubric_draft_find_criterion (draft, "questioning");
  g_assert_nonnull (questioning);
  g_assert_cmpfloat (questioning->weight, ==, 2);

  /* Questioning: weight 2 → 0.5, new guidance, typed into its fields. */
  select_row (editor, questioning);
  g_assert_true (gtk_list_box_row_is_selected (outline_row (editor, questioning)));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (detail (editor, "criterion-weight")), 0.5);
  g_assert_cmpfloat (questioning->weight, ==, 0.5);
  {
    GtkTextView *guidance = GTK_TEXT_VIEW (detail (editor, "criterion-guidance"));

    gtk_text_buffer_set_text (gtk_text_view_get_buffer (guidance),
                              "Open questions first, then closed ones to confirm.\n\nNever ask twice.", -1);
  }
  g_assert_cmpstr (questioning->guidance, ==, "Open questions first, then closed ones to confirm.\n\nNever ask twice.");
  kz_gui_test_drain ();
  g_assert_true (action_enabled (editor, "editor.save"));
  g_assert_false (problem_shown (editor));

  /* A weight of 0: the loader's message, naming the criterion, on top and
   * above its fields; saving and What If wait until it is fixed. */
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (detail (editor, "criterion-weight")), 0);
  KZ_WAIT_UNTIL (problem_shown (editor));
  g_assert_cmpstr (label_text (editor, "problem"), ==,
                   "Criterion “Questioning” in Discovery: weight=\"0\" on <criterion>: a weight must be a "
                   "number greater than 0, such as 1, 2 or 0.5");
  g_assert_true (gtk_widget_get_visible (detail (editor, "detail-problem")));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (detail (editor, "detail-problem"))), ==,
                   "weight=\"0\" on <criterion>: a weight must be a number greater than 0, such as 1, 2 or 0.5");
  g_assert_false (action_enabled (editor, "editor.save"));
  g_assert_false (action_enabled (editor, "editor.what-if"));
  kz_gui_test_screenshot (GTK_WIDGET (editor), "rubric-editor-problem.png");

  /* "Show" goes to it from anywhere. */
  select_row (editor, NULL);  /* the rubric's settings */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.show-problem", NULL));
  kz_gui_test_drain ();
  g_assert_true (gtk_list_box_row_is_selected (outline_row (editor, questioning)));

  gtk_spin_button_set_value (GTK_SPIN_BUTTON (detail (editor, "criterion-weight")), 0.5);
  KZ_WAIT_UNTIL (!problem_shown (editor));
  g_assert_true (action_enabled (editor, "editor.save"));

  /* What If: the numbers the model gives for this draft and the store's
   * evaluations, worked out here without the editor. */
  kz_gui_test_click (kz_gui_test_find_by_name (GTK_WIDGET (editor), "run-what-if"));
  KZ_WAIT_UNTIL (!kz_rubric_editor_get_busy (editor) && kz_rubric_editor_get_what_if (editor) != NULL);
  kz_gui_test_drain ();
  {
    g_autoptr(KzRubric) edited = kz_rubric_draft_build (draft, &error);
    g_autoptr(GPtrArray) evaluations = NULL;
    g_autoptr(KzWhatIf) expected = NULL;
    g_autofree char *n = NULL, *mean = NULL, *rate = NULL, *up = NULL, *down = NULL, *unscored = NULL;
    double sum_before = 0, sum_after = 0;
    guint pass_before = 0, pass_after = 0, scored_before = 0, scored_after = 0;

    g_assert_no_error (error);
    evaluations = kz_what_if_load_evaluations (store, "phone-support", NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (evaluations->len, ==, N_EVALUATIONS);
    expected = kz_what_if_compute (edited, evaluations);

    /* And the model's own numbers against the engine, evaluation by evaluation. */
    for (guint i = 0; i < evaluations->len; i++)
      {
        const KzEvaluation *ev = g_ptr_array_index (evaluations, i);
        g_autoptr(KzScore) after = kz_score_compute (edited, ev->answers);

        if (ev->has_score)
          {
            scored_before++;
            sum_before += ev->final;
            pass_before += ev->pass;
          }
        if (after->has_score)
          {
            scored_after++;
            sum_after += after->final;
            pass_after += after->pass;
          }
      }
    g_assert_cmpfloat_with_epsilon (expected->before.mean, sum_before / scored_before, 1e-9);
    g_assert_cmpfloat_with_epsilon (expected->after.mean, sum_after / scored_after, 1e-9);
    g_assert_cmpuint (expected->before.n_pass, ==, pass_before);
    g_assert_cmpuint (expected->after.n_pass, ==, pass_after);
    /* The weight does move the scores, and one review from pass to fail
     * (read off this fixture; the numbers above are what is checked). */
    g_assert_cmpuint (expected->n_score_changed, >, 0);
    g_assert_cmpuint (expected->n_became_fail, ==, 1);

    n = format_count (expected->n);
    mean = format_change (sum_before / scored_before, sum_after / scored_after, FALSE);
    rate = format_change (100.0 * pass_before / scored_before, 100.0 * pass_after / scored_after, TRUE);
    up = format_count (expected->n_became_pass);
    down = format_count (expected->n_became_fail);
    unscored = g_strdup_printf ("%u → %u", expected->before.n_unscored, expected->after.n_unscored);
    g_assert_cmpstr (label_text (editor, "what-if-n"), ==, n);
    g_assert_cmpstr (label_text (editor, "what-if-n"), ==, "12");
    g_assert_cmpstr (label_text (editor, "what-if-mean"), ==, mean);
    g_assert_cmpstr (label_text (editor, "what-if-pass-rate"), ==, rate);
    g_assert_cmpstr (label_text (editor, "what-if-became-pass"), ==, up);
    g_assert_cmpstr (label_text (editor, "what-if-became-fail"), ==, down);
    g_assert_cmpstr (label_text (editor, "what-if-unscored"), ==, unscored);
    g_assert_cmpstr (label_text (editor, "what-if-dropped"), ==, "0");
    g_assert_cmpstr (label_text (editor, "what-if-unfit"), ==, "0");
    g_test_message ("what if: mean %s, pass rate %s up %s down %s", mean, rate, up, down);

    /* The histograms hold the same bins. */
    {
      KzChartFrame *after_chart = KZ_CHART_FRAME (kz_gui_test_find_by_name (GTK_WIDGET (editor), "after-chart"));
      KzChartData *data = kz_chart_frame_get_data (after_chart);
      guint total = 0;

      g_assert_nonnull (data);
      g_assert_cmpuint (kz_chart_data_get_n_categories (data), ==, 10);
      for (guint b = 0; b < 10; b++)
        {
          g_assert_cmpfloat (kz_chart_data_get_value (data, 0, b), ==, expected->after.bins[b]);
          total += expected->after.bins[b];
        }
      g_assert_cmpuint (total, ==, scored_after);
    }
  }
  gtk_window_set_default_size (GTK_WINDOW (editor), 1280, 800);
  kz_gui_test_screenshot (GTK_WIDGET (editor), "rubric-editor-what-if.png");

  /* Save as version 2 (Ctrl+S's action). */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL));
  KZ_WAIT_UNTIL (n_saved == 1 && !kz_rubric_editor_get_busy (editor));
  /* The toast is up from the moment the version is stored (and goes after
   * a few seconds, which a slow run under valgrind may take: look now). */
  g_assert_true (kz_gui_test_has_label (GTK_WIDGET (editor), "“Phone support” saved as version 2"));
  kz_gui_test_drain ();
  {
    g_autoptr(KzRubric) v2 = kz_store_get_rubric (store, "phone-support", 0, &error);
    const KzCriterion *c;

    g_assert_no_error (error);
    g_assert_cmpint (kz_rubric_get_version (v2), ==, 2);
    c = kz_rubric_find_criterion (v2, "questioning");
    g_assert_cmpfloat (c->weight, ==, 0.5);
    g_assert_cmpstr (c->guidance, ==, "Open questions first, then closed ones to confirm.\n\nNever ask twice.");
    g_assert_cmpfloat (kz_rubric_find_criterion (v2, "greeting")->weight, ==, 1);
  }
  /* The old version and its evaluations, byte for byte. */
  {
    g_autofree char *rows_after = raw_rows ();

    g_assert_cmpstr (rows_after, ==, rows_before);
  }
  /* The rubric page shows the new version; the editor goes on from it. */
  KZ_WAIT_UNTIL (kz_rubric_get_version (kz_rubric_view_get_rubric (view)) == 2);
  g_assert_true (kz_gui_test_has_label (GTK_WIDGET (view), "Version 2"));
  g_assert_cmpint (kz_rubric_editor_get_next_version (editor), ==, 3);
  g_assert_false (kz_rubric_draft_is_modified (kz_rubric_editor_get_draft (editor)));
  g_assert_false (action_enabled (editor, "editor.save"));

  /* Export XML: what the loader reads is the version stored. */
  {
    g_autofree char *path = g_build_filename (tmp_dir, "exported.xml", NULL);
    g_autoptr(GFile) file = g_file_new_for_path (path);
    g_autoptr(KzRubric) exported = NULL;
    g_autoptr(KzRubric) v2 = kz_store_get_rubric (store, "phone-support", 2, &error);

    kz_rubric_editor_export_to_file (editor, file);
    KZ_WAIT_UNTIL (n_exported == 1 && !kz_rubric_editor_get_busy (editor));
    exported = kz_rubric_load_file (path, &error);
    g_assert_no_error (error);
    g_assert_cmpint (kz_rubric_get_version (exported), ==, 2);
    g_assert_cmpstr (kz_rubric_get_checksum (exported), ==, kz_rubric_get_checksum (v2));
  }

  /* A change, then Cancel: "Discard Changes?", and Discard closes. */
  {
    GtkWidget *title;

    select_row (editor, NULL);
    title = detail (editor, "rubric-title");
    gtk_editable_set_text (GTK_EDITABLE (title), "Phone support, take three");
    g_assert_true (kz_rubric_draft_is_modified (kz_rubric_editor_get_draft (editor)));
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.cancel", NULL));
    KZ_WAIT_UNTIL (find_dialog ("discard-dialog") != NULL);
    g_assert_nonnull (kz_rubric_view_get_editor (view));  /* still open */
    adw_message_dialog_response (find_dialog ("discard-dialog"), "keep");
    kz_gui_test_drain ();
    g_assert_nonnull (kz_rubric_view_get_editor (view));
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.cancel", NULL));
    KZ_WAIT_UNTIL (find_dialog ("discard-dialog") != NULL);
    adw_message_dialog_response (find_dialog ("discard-dialog"), "discard");
    KZ_WAIT_UNTIL (kz_rubric_view_get_editor (view) == NULL);
  }
  /* Nothing of the discarded title reached the store. */
  {
    g_autoptr(KzRubric) latest = kz_store_get_rubric (store, "phone-support", 0, &error);

    g_assert_cmpint (kz_rubric_get_version (latest), ==, 2);
    g_assert_cmpstr (kz_rubric_get_title (latest), ==, "Phone support");
  }

  gtk_window_destroy (GTK_WINDOW (window));
  kz_gui_test_drain ();
}

/* Edits made by the outline's buttons: add, move, remove. */
static void
test_outline (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzRubric) rubric = kz_store_get_rubric (store, "phone-support", 1, &error);
  KzRubricEditor *editor = kz_rubric_editor_new (NULL, store, rubric);
  KzRubricDraft *draft = kz_rubric_editor_get_draft (editor);
  GPtrArray *sections = kz_rubric_draft_get_sections (draft);
  KzDraftSection *opening = g_ptr_array_index (sections, 0);
  KzDraftCriterion *added;

  g_assert_no_error (error);
  gtk_window_set_default_size (GTK_WINDOW (editor), 1280, 800);
  gtk_window_present (GTK_WINDOW (editor));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (editor));

  /* On the rubric's settings, only a section can be added. */
  g_assert_true (action_enabled (editor, "editor.add-section"));
  g_assert_false (action_enabled (editor, "editor.add-criterion"));
  g_assert_false (action_enabled (editor, "editor.remove"));

  select_row (editor, opening);
  g_assert_false (action_enabled (editor, "editor.move-up"));
  g_assert_true (action_enabled (editor, "editor.move-down"));
  kz_gui_test_click (kz_gui_test_find_by_name (GTK_WIDGET (editor), "add-criterion"));
  kz_gui_test_drain ();
  g_assert_cmpuint (opening->criteria->len, ==, 3);
  added = g_ptr_array_index (opening->criteria, 2);
  g_assert_true (gtk_list_box_row_is_selected (outline_row (editor, added)));
  gtk_editable_set_text (GTK_EDITABLE (detail (editor, "criterion-title")), "Thanks the caller");
  g_assert_cmpstr (added->title, ==, "Thanks the caller");

  /* Down past the end of Opening: into Discovery, first. */
  kz_gui_test_click (kz_gui_test_find_by_name (GTK_WIDGET (editor), "move-down"));
  kz_gui_test_drain ();
  g_assert_true (added->section == g_ptr_array_index (sections, 1));
  g_assert_true (g_ptr_array_index (added->section->criteria, 0) == added);
  kz_gui_test_click (kz_gui_test_find_by_name (GTK_WIDGET (editor), "move-up"));
  kz_gui_test_drain ();
  g_assert_true (added->section == opening);

  /* Its own 1–4 scale instead of the shared yes-no. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (detail (editor, "scale-choice")), 0);
  KZ_WAIT_UNTIL (kz_gui_test_find_by_name (kz_gui_test_find_by_name (GTK_WIDGET (editor), "detail"), "points") != NULL);
  g_assert_null (added->scale->id);
  adw_combo_row_set_selected (ADW_COMBO_ROW (detail (editor, "scale-kind")), 1);  /* ordinal */
  kz_gui_test_drain ();
  g_assert_cmpint (added->scale->kind, ==, KZ_SCALE_KIND_ORDINAL);
  kz_gui_test_click (detail (editor, "add-point"));
  kz_gui_test_drain ();
  kz_gui_test_click (detail (editor, "add-point"));
  kz_gui_test_drain ();
  g_assert_cmpuint (added->scale->points->len, ==, 4);
  {
    g_autoptr(GPtrArray) guidance = g_ptr_array_new ();

    kz_gui_test_find_all_by_name (detail (editor, "points"), "point-guidance", guidance);
    g_assert_cmpuint (guidance->len, ==, 4);
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (g_ptr_array_index (guidance, 3))),
                              "Thanks by name, warmly.", -1);
    g_assert_cmpstr (((KzDraftPoint *) g_ptr_array_index (added->scale->points, 3))->guidance, ==,
                     "Thanks by name, warmly.");
  }
  kz_gui_test_drain ();
  g_assert_false (problem_shown (editor));

  /* A fixed N/A value outside 0–3: the loader's message. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (detail (editor, "na-policy")), 2);  /* fixed */
  kz_gui_test_drain ();
  g_assert_true (gtk_widget_get_visible (detail (editor, "na-value")));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (detail (editor, "na-value")), 9);
  KZ_WAIT_UNTIL (problem_shown (editor));
  g_assert_nonnull (strstr (label_text (editor, "problem"), "Criterion “Thanks the caller” in Opening: "
                                                             "na-value=\"9\" is outside the scale, which runs from 0 to 3"));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (detail (editor, "na-value")), 2);
  KZ_WAIT_UNTIL (!problem_shown (editor));

  /* Remove it: the one before is selected, and the rubric is valid. */
  kz_gui_test_click (kz_gui_test_find_by_name (GTK_WIDGET (editor), "remove"));
  kz_gui_test_drain ();
  g_assert_cmpuint (opening->criteria->len, ==, 2);
  g_assert_true (gtk_list_box_row_is_selected (outline_row (editor, g_ptr_array_index (opening->criteria, 1))));
  g_assert_false (kz_rubric_draft_is_modified (draft));

  /* A new section after Discovery. */
  select_row (editor, g_ptr_array_index (sections, 1));
  kz_gui_test_click (kz_gui_test_find_by_name (GTK_WIDGET (editor), "add-section"));
  kz_gui_test_drain ();
  g_assert_cmpuint (sections->len, ==, 6);
  g_assert_cmpstr (((KzDraftSection *) g_ptr_array_index (sections, 2))->title, ==, "New section");
  g_assert_true (kz_rubric_draft_check (draft) == NULL);

  /* Not modified any more? Then closing asks nothing. */
  kz_gui_test_click (kz_gui_test_find_by_name (GTK_WIDGET (editor), "remove"));
  kz_gui_test_drain ();
  g_assert_false (kz_rubric_draft_is_modified (draft));
  gtk_window_close (GTK_WINDOW (editor));
  kz_gui_test_drain ();
  g_assert_null (find_dialog ("discard-dialog"));
}

/* The editor at two sizes, light and dark, on a criterion with a What If. */
static void
test_screenshots (void)
{
  static const struct {
    int         width;
    int         height;
  } sizes[] = { { 1280, 800 }, { 800, 600 } };
  AdwStyleManager *style = adw_style_manager_get_default ();

  if (g_getenv ("KAIZEN_SCREENSHOT_DIR") == NULL)
    {
      g_test_skip ("KAIZEN_SCREENSHOT_DIR is not set");
      return;
    }

  for (guint dark = 0; dark < 2; dark++)
    {
      adw_style_manager_set_color_scheme (style, dark ? ADW_COLOR_SCHEME_FORCE_DARK : ADW_COLOR_SCHEME_FORCE_LIGHT);
      for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(KzRubric) rubric = kz_store_get_rubric (store, "phone-support", 1, &error);
          KzRubricEditor *editor = kz_rubric_editor_new (NULL, store, rubric);
          KzRubricDraft *draft = kz_rubric_editor_get_draft (editor);
          KzDraftCriterion *correct = kz_rubric_draft_find_criterion (draft, "correct-solution");
          g_autofree char *name = NULL;

          gtk_window_set_default_size (GTK_WINDOW (editor), sizes[s].width, sizes[s].height);
          gtk_window_present (GTK_WINDOW (editor));
          gtk_test_widget_wait_for_draw (GTK_WIDGET (editor));
          KZ_WAIT_UNTIL (kz_rubric_editor_get_next_version (editor) > 0);

          name = g_strdup_printf ("rubric-editor-settings-%dx%d-%s.png", sizes[s].width, sizes[s].height,
                                  dark ? "dark" : "light");
          kz_gui_test_screenshot (GTK_WIDGET (editor), name);

          select_row (editor, correct);
          kz_rubric_draft_set_criterion_weight (draft, kz_rubric_draft_find_criterion (draft, "questioning"), 4);
          kz_gui_test_drain ();
          g_free (name);
          name = g_strdup_printf ("rubric-editor-criterion-%dx%d-%s.png", sizes[s].width, sizes[s].height,
                                  dark ? "dark" : "light");
          kz_gui_test_screenshot (GTK_WIDGET (editor), name);

          /* Further down: its own scale, point by point. */
          {
            GtkWidget *points = detail (editor, "points");
            GtkWidget *scroll = gtk_widget_get_ancestor (points, GTK_TYPE_SCROLLED_WINDOW);
            GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroll));

            gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj));
            gtk_test_widget_wait_for_draw (GTK_WIDGET (editor));
            g_free (name);
            name = g_strdup_printf ("rubric-editor-scale-%dx%d-%s.png", sizes[s].width, sizes[s].height,
                                    dark ? "dark" : "light");
            kz_gui_test_screenshot (GTK_WIDGET (editor), name);
          }

          g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.what-if", NULL));
          KZ_WAIT_UNTIL (!kz_rubric_editor_get_busy (editor) && kz_rubric_editor_get_what_if (editor) != NULL);
          kz_gui_test_drain ();
          g_free (name);
          name = g_strdup_printf ("rubric-editor-what-if-%dx%d-%s.png", sizes[s].width, sizes[s].height,
                                  dark ? "dark" : "light");
          kz_gui_test_screenshot (GTK_WIDGET (editor), name);

          gtk_window_destroy (GTK_WINDOW (editor));
          kz_gui_test_drain ();
        }
    }
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  /* What AdwApplication loads by itself in the app. */
  {
    g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (css, "/io/github/KaizenQA/Kaizen/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }

  tmp_dir = g_dir_make_tmp ("kaizen-rubric-editor-XXXXXX", &error);
  g_assert_no_error (error);
  db_path = g_build_filename (tmp_dir, "kaizen.db", NULL);
  store = kz_store_open (db_path, &error);
  g_assert_no_error (error);
  make_centre ();

  g_test_add_func ("/rubric-editor/outline", test_outline);
  g_test_add_func ("/rubric-editor/edit-and-save", test_edit_and_save);
  g_test_add_func ("/rubric-editor/screenshots", test_screenshots);
  status = g_test_run ();

  g_clear_object (&store);
  {
    g_autoptr(GFile) dir = g_file_new_for_path (tmp_dir);
    g_autofree char *wal = g_strconcat (db_path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (db_path, "-shm", NULL);
    g_autofree char *exported = g_build_filename (tmp_dir, "exported.xml", NULL);

    g_remove (db_path);
    g_remove (wal);
    g_remove (shm);
    g_remove (exported);
    g_file_delete (dir, NULL, NULL);
  }
  g_free (db_path);
  g_free (tmp_dir);
  return status;
}
