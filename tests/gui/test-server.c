/* test-server.c — the real windows on a team server (PostgreSQL)
 *
 * Runs under tests/pg/with-pg-server, which starts a throwaway server and
 * hands over the commands that stop and start it.  The keyring is a real
 * gnome-keyring-daemon on a private D-Bus (GTestDBus) with its own folders,
 * so nothing touches the user's own keyring or bus.
 *
 * Expected values come from the model (kz_store_*, the messages of
 * kz_store_open_with_password) or are written out here, never from the
 * GUI.  Waits poll the main loop against a deadline.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <libsecret/secret.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kz-gui-test.h"
#include "kz-application.h"
#include "kz-criterion-row.h"
#include "kz-demo.h"
#include "kz-draft-journal.h"
#include "kz-review-workspace.h"
#include "kz-error.h"
#include "kz-evaluation-row.h"
#include "kz-evaluations-page.h"
#include "kz-keyring.h"
#include "kz-person-picker.h"
#include "kz-pg-admin.h"
#include "kz-preferences-window.h"
#include "kz-store.h"
#include "kz-test-db.h"
#include "kz-window.h"
#include "kz-workers.h"


#define LOGIN          "ann_agent"
#define LOGIN_PASSWORD "correct horse battery"

static KzApplication *app;
static char *tmp_dir;
static char *admin_uri;       /* superuser, password inside: for the tests' own stores */
static char *socket_dir;
static char *dbname;
static char *login_uri;       /* the agent's login, as Kaizen keeps it: no password */
static char *login_name;      /* the agent's name */
static GPid keyring_pid;

/* ---- helpers ----------------------------------------------------------- */

static void
close_window (GtkWindow *window)
{
  gtk_window_destroy (window);
  kz_gui_test_drain ();
}

static void
run_shell (const char *variable)
{
  const char *command = g_getenv (variable);
  const char *argv[] = { "sh", "-c", command, NULL };
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_assert_nonnull (command);
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_spawn_check_wait_status (status, &error);
  g_assert_no_error (error);
}

static KzEvaluationsPage *
evaluations_page (KzWindow *window)
{
  return KZ_EVALUATIONS_PAGE (kz_window_get_page (window, "evaluations"));
}

static guint
n_rows (KzWindow *window)
{
  return g_list_model_get_n_items (kz_evaluations_page_get_model (evaluations_page (window)));
}

static gint64
count_evaluations (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzStore) store = kz_store_open (admin_uri, &error);
  gint64 n;

  g_assert_no_error (error);
  n = kz_store_count (store, KZ_RECORD_EVALUATIONS, &error);
  g_assert_no_error (error);
  return n;
}

/* The message Kaizen's model gives for opening @uri now. */
static char *
open_error_message (const char *uri,
                    const char *password,
                    int         code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzStore) store = kz_store_open_with_password (uri, password, &error);

  g_assert_null (store);
  g_assert_error (error, KZ_ERROR, code);
  return g_strdup (error->message);
}

/* Synchronous keyring calls for the checks, through the GUI's own code. */
static void
store_result (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static char *
keyring_lookup (const char *uri)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *password;

  kz_keyring_lookup_async (uri, NULL, store_result, &result);
  KZ_WAIT_UNTIL (result != NULL);
  password = kz_keyring_lookup_finish (result, &error);
  g_assert_no_error (error);
  return password;
}

static void
keyring_clear (const char *uri)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  kz_keyring_clear_async (uri, NULL, store_result, &result);
  KZ_WAIT_UNTIL (result != NULL);
  kz_keyring_clear_finish (result, &error);
  g_assert_no_error (error);
}

static KzWindow *
open_through_app (const char *uri)
{
  g_autoptr(GError) error = NULL;
  KzWindow *window = kz_application_open_database (app, uri, &error);

  g_assert_no_error (error);
  g_assert_nonnull (window);
  return window;
}

static AdwMessageDialog *
password_dialog (KzWindow *window)
{
  GtkWindow *dialog = kz_window_get_password_dialog (window);

  return dialog != NULL && gtk_widget_get_visible (GTK_WIDGET (dialog)) ? ADW_MESSAGE_DIALOG (dialog) : NULL;
}

static void
answer_password (AdwMessageDialog *dialog,
                 const char       *password)
{
  GtkWidget *entry = kz_gui_test_find_by_type (GTK_WIDGET (dialog), GTK_TYPE_PASSWORD_ENTRY);

  g_assert_nonnull (entry);
  gtk_editable_set_text (GTK_EDITABLE (entry), password);
  /* What a click does: the response, and the dialog closes. */
  g_signal_emit_by_name (kz_gui_test_find_button (GTK_WIDGET (dialog), "C_onnect"), "clicked");
}

/* ---- tests ------------------------------------------------------------- */

/* Preferences → Team Server → Connect: a refused password changes nothing;
 * the right one goes to the keyring and the address, without it, to the
 * database-path setting. */
static void
test_preferences_connect (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *refused = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *setting = NULL;
  KzPreferencesWindow *preferences;
  const char *status;

  g_settings_reset (settings, "database-path");
  keyring_clear (login_uri);

  preferences = KZ_PREFERENCES_WINDOW (kz_preferences_window_new (NULL, NULL));
  gtk_window_present (GTK_WINDOW (preferences));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (preferences));
  g_assert_true (kz_gui_test_has_label (GTK_WIDGET (preferences), "Team Server"));

  gtk_editable_set_text (GTK_EDITABLE (kz_gui_test_find_by_name (GTK_WIDGET (preferences), "server-host")), socket_dir);
  gtk_editable_set_text (GTK_EDITABLE (kz_gui_test_find_by_name (GTK_WIDGET (preferences), "server-database")), dbname);
  gtk_editable_set_text (GTK_EDITABLE (kz_gui_test_find_by_name (GTK_WIDGET (preferences), "server-user")), LOGIN);

  /* A missing port is fine; a wrong one is said before anything connects. */
  gtk_editable_set_text (GTK_EDITABLE (kz_gui_test_find_by_name (GTK_WIDGET (preferences), "server-port")), "70000");
  gtk_widget_activate_action (GTK_WIDGET (preferences), "preferences.connect-server", NULL);
  g_assert_false (kz_preferences_window_get_connecting (preferences));
  g_assert_cmpstr (kz_preferences_window_get_server_status (preferences), ==,
                   "The port is a number from 1 to 65535, or empty for the usual one.");
  gtk_editable_set_text (GTK_EDITABLE (kz_gui_test_find_by_name (GTK_WIDGET (preferences), "server-port")), "");

  /* The wrong password: the model's own message, and nothing stored. */
  refused = open_error_message (login_uri, "not the password", KZ_ERROR_PERMISSION);
  gtk_editable_set_text (GTK_EDITABLE (kz_gui_test_find_by_name (GTK_WIDGET (preferences), "server-password")),
                         "not the password");
  g_signal_emit_by_name (kz_gui_test_find_by_name (GTK_WIDGET (preferences), "server-connect"), "clicked");
  g_assert_true (kz_preferences_window_get_connecting (preferences));
  KZ_WAIT_UNTIL (!kz_preferences_window_get_connecting (preferences));
  status = kz_preferences_window_get_server_status (preferences);
  g_assert_cmpstr (status, ==, refused);
  g_assert_true (gtk_widget_has_css_class (kz_gui_test_find_label (GTK_WIDGET (preferences), refused), "error"));
  setting = g_settings_get_string (settings, "database-path");
  g_assert_cmpstr (setting, ==, "");
  g_clear_pointer (&setting, g_free);
  g_assert_null (keyring_lookup (login_uri));

  /* The right one, and Enter. */
  gtk_editable_set_text (GTK_EDITABLE (kz_gui_test_find_by_name (GTK_WIDGET (preferences), "server-password")),
                         LOGIN_PASSWORD);
  g_signal_emit_by_name (kz_gui_test_find_by_name (GTK_WIDGET (preferences), "server-password"), "entry-activated");
  g_assert_true (kz_preferences_window_get_connecting (preferences));
  KZ_WAIT_UNTIL (!kz_preferences_window_get_connecting (preferences));
  status = kz_preferences_window_get_server_status (preferences);
  g_assert_true (g_str_has_prefix (status, "Connected: "));
  g_assert_nonnull (strstr (status, "the next time it starts"));
  g_assert_null (strstr (status, "could not be kept"));

  setting = g_settings_get_string (settings, "database-path");
  g_assert_cmpstr (setting, ==, login_uri);
  g_assert_null (strstr (setting, LOGIN_PASSWORD));
  g_assert_null (strstr (setting, "correct"));

  kept = keyring_lookup (login_uri);
  g_assert_cmpstr (kept, ==, LOGIN_PASSWORD);

  /* Opened again, the form shows the server in use; the password stays out. */
  close_window (GTK_WINDOW (preferences));
  preferences = KZ_PREFERENCES_WINDOW (kz_preferences_window_new (NULL, login_uri));
  gtk_window_present (GTK_WINDOW (preferences));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (preferences));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (kz_gui_test_find_by_name (GTK_WIDGET (preferences), "server-host"))),
                   ==, socket_dir);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (kz_gui_test_find_by_name (GTK_WIDGET (preferences), "server-database"))),
                   ==, dbname);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (kz_gui_test_find_by_name (GTK_WIDGET (preferences), "server-user"))),
                   ==, LOGIN);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (kz_gui_test_find_by_name (GTK_WIDGET (preferences), "server-password"))),
                   ==, "");
  close_window (GTK_WINDOW (preferences));
}

/* Start-up with the setting from the test above: the password comes from
 * the keyring, and the header shows who the login is — no picker. */
static void
test_startup_who_you_are (void)
{
  KzWindow *window;
  KzPersonPicker *picker;
  GtkWidget *menu_button;

  /* NULL: what kaizen does with no --database, i.e. the setting. */
  window = open_through_app (NULL);
  g_assert_cmpstr (kz_window_get_location (window), ==, login_uri);
  KZ_WAIT_UNTIL (kz_window_get_store (window) != NULL || kz_window_get_connect_error (window) != NULL ||
              password_dialog (window) != NULL);
  g_assert_null (password_dialog (window));
  g_assert_null (kz_window_get_connect_error (window));
  g_assert_true (kz_store_is_shared (kz_window_get_store (window)));

  picker = KZ_PERSON_PICKER (kz_gui_test_find_by_type (GTK_WIDGET (window), KZ_TYPE_PERSON_PICKER));
  KZ_WAIT_UNTIL (kz_person_picker_get_person_name (picker) != NULL);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  g_assert_true (kz_person_picker_get_login_mode (picker));
  g_assert_cmpstr (kz_person_picker_get_person_name (picker), ==, login_name);
  g_assert_true (kz_gui_test_shows_label (GTK_WIDGET (picker), login_name));
  /* No picker: its button is not on screen, nor anything it says. */
  menu_button = kz_gui_test_find_by_type (GTK_WIDGET (picker), GTK_TYPE_MENU_BUTTON);
  g_assert_false (gtk_widget_get_mapped (menu_button));
  g_assert_false (kz_gui_test_shows_label (GTK_WIDGET (window), "Choose Who You Are"));
  g_assert_false (kz_gui_test_shows_label (GTK_WIDGET (window),
                               "Anyone with this file can choose any person — this is not a login. "
                               "The choice only sets whose work Kaizen shows you."));

  /* The agent sees only their own evaluations (row-level security). */
  KZ_WAIT_UNTIL (!kz_evaluations_page_get_loading (evaluations_page (window)) && n_rows (window) > 0);
  for (guint i = 0; i < n_rows (window); i++)
    {
      g_autoptr(KzEvaluationRow) row = g_list_model_get_item (kz_evaluations_page_get_model (evaluations_page (window)), i);

      g_assert_cmpstr (kz_evaluation_row_get_agent (row), ==, login_name);
    }

  close_window (GTK_WINDOW (window));
}

/* No password in the keyring: Kaizen asks, says so when it is refused,
 * and keeps the one the server took. */
static void
test_asks_password (void)
{
  g_autofree char *refused = open_error_message (login_uri, "guess", KZ_ERROR_PERMISSION);
  g_autofree char *kept = NULL;
  AdwMessageDialog *first;
  AdwMessageDialog *second;
  KzWindow *window;

  keyring_clear (login_uri);
  g_assert_null (keyring_lookup (login_uri));

  window = open_through_app (login_uri);
  KZ_WAIT_UNTIL (password_dialog (window) != NULL);
  first = password_dialog (window);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (first)) == GTK_WINDOW (window));
  g_assert_cmpstr (adw_message_dialog_get_heading (first), ==, "Team Server Password");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (first), LOGIN));

  answer_password (first, "guess");
  KZ_WAIT_UNTIL (password_dialog (window) != NULL && password_dialog (window) != first);
  second = password_dialog (window);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (second), refused));
  g_assert_null (keyring_lookup (login_uri));

  answer_password (second, LOGIN_PASSWORD);
  KZ_WAIT_UNTIL (kz_window_get_store (window) != NULL);
  KZ_WAIT_UNTIL ((kept = keyring_lookup (login_uri)) != NULL);
  g_assert_cmpstr (kept, ==, LOGIN_PASSWORD);
  close_window (GTK_WINDOW (window));

  /* Closing the window while it asks leaves nothing behind. */
  keyring_clear (login_uri);
  window = open_through_app (login_uri);
  KZ_WAIT_UNTIL (password_dialog (window) != NULL);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (password_dialog (window)));
  close_window (GTK_WINDOW (window));
  KZ_WAIT_UNTIL (g_list_model_get_n_items (gtk_window_get_toplevels ()) == 0);
}

/* Another client saves an evaluation: the list shows it without a refresh,
 * the selected row stays selected, and a burst of notifications reloads
 * once. */
static void
test_live_refresh (void)
{
  g_autoptr(KzStore) other = NULL;
  g_autoptr(KzEvaluation) copy = NULL;
  g_autoptr(GPtrArray) summaries = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KzEvaluationRow) selected_before = NULL;
  g_autoptr(KzEvaluationRow) selected_after = NULL;
  GtkSingleSelection *selection;
  KzPersonPicker *picker;
  KzWindow *window;
  gint64 before;
  guint n_loads = 0;
  gint64 id;

  before = count_evaluations ();
  window = open_through_app (admin_uri);
  KZ_WAIT_UNTIL (kz_window_get_store (window) != NULL);
  KZ_WAIT_UNTIL (!kz_evaluations_page_get_loading (evaluations_page (window)) && n_rows (window) == before);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  /* The superuser is an administrator's login: no person, the store's own
   * description instead. */
  picker = KZ_PERSON_PICKER (kz_gui_test_find_by_type (GTK_WIDGET (window), KZ_TYPE_PERSON_PICKER));
  KZ_WAIT_UNTIL (kz_gui_test_shows_label (GTK_WIDGET (picker), kz_store_describe (kz_window_get_store (window))));
  g_assert_true (kz_person_picker_get_login_mode (picker));
  g_assert_cmpint (kz_person_picker_get_person_id (picker), ==, 0);

  selection = GTK_SINGLE_SELECTION (gtk_column_view_get_model (
                kz_evaluations_page_get_column_view (evaluations_page (window))));
  gtk_single_selection_set_selected (selection, 4);
  selected_before = g_object_ref (gtk_single_selection_get_selected_item (selection));

  /* From a second client: a copy of an existing evaluation, saved anew. */
  other = kz_store_open (admin_uri, &error);
  g_assert_no_error (error);
  summaries = kz_store_list_evaluations (other, NULL, &error);
  g_assert_no_error (error);
  copy = kz_store_get_evaluation (other, ((KzEvaluationSummary *) g_ptr_array_index (summaries, 0))->id, &error);
  g_assert_no_error (error);
  copy->id = 0;
  copy->row_version = 0;
  id = kz_store_save_evaluation (other, copy, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_assert_cmpint (count_evaluations (), ==, before + 1);

  /* No refresh action: the notification alone. */
  KZ_WAIT_UNTIL (!kz_evaluations_page_get_loading (evaluations_page (window)) && n_rows (window) == before + 1);

  selected_after = g_object_ref (gtk_single_selection_get_selected_item (selection));
  g_assert_cmpint (kz_evaluation_row_get_id (selected_after), ==, kz_evaluation_row_get_id (selected_before));
  /* The row that was selected is the same object: it was not rebuilt. */
  g_assert_true (selected_after == selected_before);

  /* A hundred notifications at once (a bulk import elsewhere): one reload. */
  {
    gboolean was_loading = FALSE;
    gint64 quiet_until;

    for (guint i = 0; i < 100; i++)
      g_signal_emit_by_name (kz_window_get_store (window), "changed", "evaluations");
    g_assert_false (kz_evaluations_page_get_loading (evaluations_page (window)));

    /* Count the loads that start in the next two seconds. */
    quiet_until = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;
    while (g_get_monotonic_time () < quiet_until)
      {
        gboolean loading;

        g_main_context_iteration (NULL, FALSE);
        loading = kz_evaluations_page_get_loading (evaluations_page (window));
        if (loading && !was_loading)
          n_loads++;
        was_loading = loading;
        g_usleep (1000);
      }
    g_assert_cmpuint (n_loads, ==, 1);
  }

  close_window (GTK_WINDOW (window));
}

/* The server is down at start: an error page with the model's message and
 * Try Again, which works once the server is back. */
static void
test_server_down (void)
{
  g_autofree char *unreachable = NULL;
  GtkWidget *try_again;
  KzWindow *window;
  gint64 expected = count_evaluations ();

  run_shell ("KAIZEN_TEST_PG_STOP");
  unreachable = open_error_message (admin_uri, NULL, KZ_ERROR_CONNECTION);

  window = open_through_app (admin_uri);
  KZ_WAIT_UNTIL (kz_window_get_connect_error (window) != NULL);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  g_assert_null (kz_window_get_store (window));
  g_assert_cmpstr (kz_window_get_connect_error (window), ==, unreachable);
  g_assert_true (kz_gui_test_has_label (GTK_WIDGET (window), "Could Not Connect to the Team Server"));
  try_again = kz_gui_test_find_by_action (GTK_WIDGET (window), "win.retry-connect");
  g_assert_nonnull (try_again);
  g_assert_true (gtk_widget_get_mapped (try_again));
  g_assert_true (gtk_widget_is_sensitive (try_again));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (try_again)), ==, "_Try Again");
  g_assert_true (gtk_widget_get_mapped (kz_gui_test_find_by_action (GTK_WIDGET (window), "app.preferences")));
  /* What needs a store is off meanwhile, and trying it does no harm. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.refresh", NULL);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "rubrics");
  kz_gui_test_drain ();
  g_assert_cmpstr (kz_window_get_connect_error (window), ==, unreachable);

  /* Still down: Try Again shows the error again, no crash. */
  g_signal_emit_by_name (try_again, "clicked");
  g_assert_true (kz_window_get_connecting (window));
  KZ_WAIT_UNTIL (!kz_window_get_connecting (window));
  g_assert_cmpstr (kz_window_get_connect_error (window), ==, unreachable);

  run_shell ("KAIZEN_TEST_PG_START");
  g_signal_emit_by_name (try_again, "clicked");
  KZ_WAIT_UNTIL (kz_window_get_store (window) != NULL);
  g_assert_null (kz_window_get_connect_error (window));
  KZ_WAIT_UNTIL (!kz_evaluations_page_get_loading (evaluations_page (window)) && n_rows (window) == expected);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  g_assert_cmpstr (kz_window_get_visible_page (window), ==, "evaluations");

  close_window (GTK_WINDOW (window));
}

/* The server goes away after the window connected: a banner with Retry,
 * the list is not left half-loaded, and Retry brings it back. */
static void
test_connection_lost (void)
{
  KzWindow *window;
  GtkWidget *retry;
  gint64 expected = count_evaluations ();

  window = open_through_app (admin_uri);
  KZ_WAIT_UNTIL (kz_window_get_store (window) != NULL);
  KZ_WAIT_UNTIL (!kz_evaluations_page_get_loading (evaluations_page (window)) && n_rows (window) == expected);
  g_assert_false (kz_window_get_connection_lost (window));

  run_shell ("KAIZEN_TEST_PG_STOP");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.refresh", NULL);
  KZ_WAIT_UNTIL (kz_window_get_connection_lost (window));
  KZ_WAIT_UNTIL (!kz_evaluations_page_get_loading (evaluations_page (window)));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  /* The list from before stays whole: no half-loaded rows. */
  g_assert_cmpuint (n_rows (window), ==, expected);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (kz_evaluations_page_get_column_view (evaluations_page (window)))));

  retry = kz_gui_test_find_button (GTK_WIDGET (window), "_Retry");
  g_assert_nonnull (retry);
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (retry)), ==, "win.refresh");
  /* On screen once the banner has slid down. */
  KZ_WAIT_UNTIL (gtk_widget_get_mapped (retry));
  /* The banner says what the model said. */
  {
    g_autofree char *texts = kz_gui_test_texts (GTK_WIDGET (window), FALSE);

    /* At the start of a label. */
    g_assert_true (g_str_has_prefix (texts, "The connection to the team server was lost") ||
                   strstr (texts, "\nThe connection to the team server was lost") != NULL);
  }

  run_shell ("KAIZEN_TEST_PG_START");
  g_signal_emit_by_name (retry, "clicked");
  KZ_WAIT_UNTIL (!kz_window_get_connection_lost (window) &&
              !kz_evaluations_page_get_loading (evaluations_page (window)) &&
              n_rows (window) == expected);

  close_window (GTK_WINDOW (window));
}

/* A review on the team server while the server goes away mid-save: a
 * message the reviewer can act on, Retry, the answers kept on this
 * computer meanwhile — and, once the server is back, in the store. */
static void
test_review_server_down (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzStore) store = kz_store_open (admin_uri, &error);
  g_autoptr(GPtrArray) reviewers = NULL;
  g_autoptr(GPtrArray) emails = NULL;
  g_autoptr(KzEvaluation) journal = NULL;
  g_autoptr(KzRubric) rubric = NULL;
  KzInteractionQuery query = { .any_channel = FALSE, .channel = KZ_CHANNEL_EMAIL, .reviewed = KZ_REVIEWED_NO };
  const KzCriterion *first, *second;
  KzReviewWorkspace *workspace;
  GtkWidget *window;
  GtkWidget *retry;
  gint64 reviewer, interaction;
  const char *path;

  g_assert_no_error (error);
  reviewers = kz_store_list_people (store, KZ_ROLE_REVIEWER, &error);
  g_assert_no_error (error);
  reviewer = ((KzPerson *) g_ptr_array_index (reviewers, 0))->id;
  emails = kz_store_search_interactions (store, &query, 0, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (emails->len, ==, 1);
  interaction = ((KzInteractionSummary *) g_ptr_array_index (emails, 0))->id;
  rubric = kz_store_get_rubric (store, "email-support", 0, &error);
  g_assert_no_error (error);
  first = g_ptr_array_index (((KzSection *) g_ptr_array_index (kz_rubric_get_sections (rubric), 0))->criteria, 0);
  second = g_ptr_array_index (((KzSection *) g_ptr_array_index (kz_rubric_get_sections (rubric), 0))->criteria, 1);

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  workspace = kz_review_workspace_new (store, interaction, reviewer, "email-support");
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (workspace));
  gtk_window_present (GTK_WINDOW (window));
  KZ_WAIT_UNTIL (kz_review_workspace_get_loaded (workspace));
  path = kz_review_workspace_get_journal_path (workspace);

  /* One answer, saved while the server is up. */
  kz_criterion_row_grab_focus (KZ_CRITERION_ROW (kz_review_workspace_get_criterion_row (workspace, first->id)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (workspace), "review.pick", "i", 0));
  KZ_WAIT_UNTIL (!kz_review_workspace_get_saving (workspace));
  g_assert_false (kz_review_workspace_get_save_failed (workspace));
  g_assert_cmpint (kz_review_workspace_get_evaluation_id (workspace), >, 0);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  /* The server goes away; the next answer cannot be saved. */
  run_shell ("KAIZEN_TEST_PG_STOP");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (workspace), "review.next-criterion", NULL));
  g_assert_cmpstr (kz_review_workspace_get_current_criterion (workspace), ==, second->id);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (workspace), "review.pick", "i", 1));
  KZ_WAIT_UNTIL (kz_review_workspace_get_save_failed (workspace));
  gtk_test_widget_wait_for_draw (window);
  g_assert_nonnull (strstr (kz_review_workspace_get_message (workspace), "try again"));
  g_assert_nonnull (strstr (kz_review_workspace_get_message (workspace),
                            "Your answers are kept on this computer"));
  retry = kz_gui_test_find_button (GTK_WIDGET (workspace), "_Retry");
  g_assert_nonnull (retry);
  g_assert_true (gtk_widget_get_mapped (retry));
  g_assert_true (kz_gui_test_shows_label (GTK_WIDGET (workspace), "Not saved yet: kept on this computer"));
  /* Both answers wait in the journal. */
  journal = kz_draft_journal_read (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (journal);
  g_assert_cmpuint (g_hash_table_size (journal->answers), ==, 2);
  g_assert_nonnull (kz_answer_set_get (journal->answers, second->id));

  /* Retry while still down: the same message, no harm. */
  g_signal_emit_by_name (retry, "clicked");
  KZ_WAIT_UNTIL (!kz_review_workspace_get_saving (workspace) || kz_review_workspace_get_save_failed (workspace));
  KZ_WAIT_UNTIL (kz_review_workspace_get_save_failed (workspace) && !kz_review_workspace_get_saving (workspace));

  /* Back up: Retry saves both, and the journal goes. */
  run_shell ("KAIZEN_TEST_PG_START");
  g_signal_emit_by_name (retry, "clicked");
  KZ_WAIT_UNTIL (!kz_review_workspace_get_save_failed (workspace) && !kz_review_workspace_get_saving (workspace));
  g_assert_cmpstr (kz_review_workspace_get_message (workspace), ==, "");
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  {
    g_autoptr(KzEvaluation) saved = kz_store_get_evaluation (store, kz_review_workspace_get_evaluation_id (workspace),
                                                             &error);

    g_assert_no_error (error);
    g_assert_cmpuint (g_hash_table_size (saved->answers), ==, 2);
    g_assert_cmpfloat (kz_answer_set_get (saved->answers, second->id)->value, ==,
                       ((KzScalePoint *) g_ptr_array_index (second->scale->points, 1))->value);
  }
  close_window (GTK_WINDOW (window));
}

/* ---- set-up ------------------------------------------------------------ */

static void
start_keyring (void)
{
  g_autofree char *data = g_build_filename (tmp_dir, "keyring-data", NULL);
  g_autofree char *runtime = g_build_filename (tmp_dir, "keyring-runtime", NULL);
  const char *argv[] = { "gnome-keyring-daemon", "--foreground", "--unlock", "--components=secrets", NULL };
  g_auto(GStrv) env = g_get_environ ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusConnection) bus = NULL;
  gint64 deadline;
  int in_fd = -1;

  g_mkdir_with_parents (data, 0700);
  g_mkdir_with_parents (runtime, 0700);
  env = g_environ_setenv (env, "XDG_DATA_HOME", data, TRUE);
  env = g_environ_setenv (env, "XDG_RUNTIME_DIR", runtime, TRUE);

  g_spawn_async_with_pipes (NULL, (char **) argv, env,
                            G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL,
                            NULL, NULL, &keyring_pid, &in_fd, NULL, NULL, &error);
  g_assert_no_error (error);
  /* --unlock reads the login keyring's password from stdin.  An empty one
   * leaves no unlocked login keyring (storing then wants a prompt, which
   * needs a display and a person); any other creates and unlocks it. */
  g_assert_cmpint (write (in_fd, "kaizen-test", strlen ("kaizen-test")), ==, (gssize) strlen ("kaizen-test"));
  close (in_fd);

  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  deadline = g_get_monotonic_time () + KZ_GUI_TEST_DEADLINE_SECONDS * G_USEC_PER_SEC;
  for (;;)
    {
      g_autoptr(GVariant) reply = NULL;
      gboolean has_owner = FALSE;

      reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                           "org.freedesktop.DBus", "NameHasOwner",
                                           g_variant_new ("(s)", "org.freedesktop.secrets"),
                                           G_VARIANT_TYPE ("(b)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
      g_assert_no_error (error);
      g_variant_get (reply, "(b)", &has_owner);
      if (has_owner)
        break;
      if (g_get_monotonic_time () > deadline)
        g_error ("gnome-keyring-daemon did not start");
      g_usleep (20000);
    }
}

static void
stop_keyring (void)
{
  if (keyring_pid == 0)
    return;
  kill (keyring_pid, SIGTERM);
  waitpid (keyring_pid, NULL, 0);
  g_spawn_close_pid (keyring_pid);
  keyring_pid = 0;
}

static void
make_database (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzStore) store = NULL;
  g_autoptr(GPtrArray) agents = NULL;
  g_autofree char *host = NULL;
  KzDemoCounts counts = { 0 };
  const KzPerson *agent;

  admin_uri = kz_test_pg_create_db ();
  store = kz_pg_store_open (admin_uri, NULL, TRUE, KZ_PG_SCHEMA_VERSION, &error);
  g_assert_no_error (error);
  kz_demo_fill (store, kz_demo_rubrics_dir (), 20240301, &counts, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (counts.n_evaluations, >, 0);

  /* A login for the first agent who has evaluations. */
  agents = kz_store_list_people (store, KZ_ROLE_AGENT, &error);
  g_assert_no_error (error);
  agent = NULL;
  for (guint i = 0; i < agents->len && agent == NULL; i++)
    {
      const KzPerson *person = g_ptr_array_index (agents, i);
      KzEvaluationFilter filter = { .agent_id = person->id };
      g_autoptr(GPtrArray) theirs = kz_store_list_evaluations (store, &filter, &error);

      g_assert_no_error (error);
      if (theirs->len > 0 && (person->roles & ~(KZ_ROLE_AGENT | KZ_ROLE_STAFF)) == 0)
        agent = person;
    }
  g_assert_nonnull (agent);
  kz_pg_admin_add_user (KZ_PG_STORE (store), LOGIN, LOGIN_PASSWORD, agent->id, &error);
  g_assert_no_error (error);
  login_name = g_strdup (agent->name);

  g_assert_true (kz_store_parse_server_uri (admin_uri, &host, NULL, &dbname, NULL));
  socket_dir = g_strdup (g_getenv ("KAIZEN_TEST_PG_DIR"));
  g_assert_cmpstr (host, ==, socket_dir);
  login_uri = kz_store_build_server_uri (socket_dir, 0, dbname, LOGIN);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  GTestDBus *bus;
  g_autofree char *display = g_strdup (g_getenv ("DISPLAY"));
  g_autofree char *runtime_dir = g_strdup (g_getenv ("XDG_RUNTIME_DIR"));
  int ret;

  g_setenv ("LC_ALL", "C.UTF-8", TRUE);

  if (!kz_test_pg_available ())
    {
      g_print ("1..0 # SKIP needs tests/pg/with-pg-server\n");
      return 0;
    }

  /* A private session bus for the keyring (and the application); GTestDBus
   * unsets the display and runtime folder, which the windows need. */
  bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (bus);
  if (display != NULL)
    g_setenv ("DISPLAY", display, TRUE);
  if (runtime_dir != NULL)
    g_setenv ("XDG_RUNTIME_DIR", runtime_dir, TRUE);

  gtk_test_init (&argc, &argv, NULL);

  tmp_dir = g_dir_make_tmp ("kaizen-test-server-XXXXXX", &error);
  g_assert_no_error (error);
  {
    /* Draft journals in a fresh state folder. */
    g_autofree char *state = g_build_filename (tmp_dir, "state", NULL);

    g_setenv ("XDG_STATE_HOME", state, TRUE);
  }
  start_keyring ();
  make_database ();

  app = kz_application_new ();
  g_application_set_flags (G_APPLICATION (app),
                           g_application_get_flags (G_APPLICATION (app)) | G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  g_application_hold (G_APPLICATION (app));

  g_test_add_func ("/server/preferences/connect", test_preferences_connect);
  g_test_add_func ("/server/startup/who-you-are", test_startup_who_you_are);
  g_test_add_func ("/server/startup/asks-password", test_asks_password);
  g_test_add_func ("/server/live-refresh", test_live_refresh);
  g_test_add_func ("/server/down-at-start", test_server_down);
  g_test_add_func ("/server/connection-lost", test_connection_lost);
  g_test_add_func ("/server/review-server-down", test_review_server_down);

  ret = g_test_run ();

  /* What the windows' pages still read finishes before the database goes
   * (kz-workers.h). */
  g_assert_true (kz_workers_wait_idle (10000));
  g_application_release (G_APPLICATION (app));
  g_clear_object (&app);
  stop_keyring ();
  /* Not g_test_dbus_down() (nor dropping the GTestDBus, which calls it):
   * that waits for every user of the bus connection to let go, and GTK's
   * and libadwaita's settings proxies keep it until the process ends. */
  secret_service_disconnect ();
  g_test_dbus_stop (bus);
  kz_test_pg_drop_db (admin_uri);
  kz_test_tmpdir_free (tmp_dir);
  g_free (admin_uri);
  g_free (socket_dir);
  g_free (dbname);
  g_free (login_uri);
  g_free (login_name);

  return ret;
}
