/* test-calibration-server.c — blind calibration in the real window on a
 * team server (PostgreSQL), each person on their own login
 *
 * Runs under tests/pg/with-pg-server.  Rubric "cal" as in
 * test-calibration.c: c1 binary (weight 1), c2 ordinal 1–5 (weight 2), so
 * F = 100 × (v1 + 2 v2) ÷ 3, v2 = (x − 1) ÷ 4.  Lena leads, Ravi and Bea
 * score U1 and U2 (Ana's emails):
 *
 *          c1 Lena Ravi Bea   c2 Lena Ravi Bea    F Lena   Ravi   Bea
 *   U1         1    1    0        4    3    4       83.33  66.67  50
 *   U2         0    0    0        2    2    2       16.67  16.67  16.67
 *
 * Bea's window, on her login, never shows Ravi's comment while the session
 * is open (the server refuses it to her, and the page asks for nobody's
 * but hers); once Lena closes it, it does.  The α Lena's window shows is
 * the one the model computes for the session on her login, and by hand:
 * c1 nominal, U1 (1, 1, 0), U2 (0, 0, 0): o_11 = 1, o_10 = o_01 = 1,
 * o_00 = 3; n_1 = 2, n_0 = 4, n = 6; α = 1 − (n − 1)(o_01 + o_10) ÷
 * (2 n_1 n_0) = 1 − 5 × 2 ÷ 16 = 0.375.  F interval α = 0.839
 * (/usr/bin/python3, α by its pairwise definition).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "kz-calibration-page.h"
#include "kz-criterion-row.h"
#include "kz-error.h"
#include "kz-gui-test.h"
#include "kz-workers.h"
#include "kz-pg-admin.h"
#include "kz-pg-store-private.h"
#include "kz-person-picker.h"
#include "kz-review-workspace.h"
#include "kz-store.h"
#include "kz-test-db.h"
#include "kz-window.h"

#define NS "https://kaizen-qa.org/ns/rubric/1"
#define PASSWORD "calibrate me please"
#define RAVI_COMMENT "Ravi on the server: greeting too short"

static char *admin_uri;
static KzStore *admin;
static KzStore *lena_store, *ravi_store, *bea_store;
static gint64 lena, ravi, bea, ana;
static gint64 u[2];
static gint64 session_id;

static gint64
add_person (const char *name,
            const char *login,
            KzRoles     roles,
            gint64      team)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzPerson) p = kz_person_new (name, roles);
  g_autofree char *email = g_strdup_printf ("%s@northwind.example", login);
  gint64 id;

  p->team_id = team;
  p->emails = g_new0 (char *, 2);
  p->emails[0] = g_strdup (email);
  id = kz_store_add_person (admin, p, &error);
  g_assert_no_error (error);
  if (roles != KZ_ROLE_AGENT)
    {
      kz_pg_admin_add_user (KZ_PG_STORE (admin), login, PASSWORD, id, &error);
      g_assert_no_error (error);
    }
  return id;
}

static gint64
add_email (gint64      agent,
           int         day,
           const char *subject)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) when = g_date_time_new_utc (2026, 3, day, 9, 0, 0);
  g_autofree char *ref = g_strdup_printf ("<s%d@example.org>", day);
  KzInteraction it = { 0, KZ_CHANNEL_EMAIL, agent, when, (char *) subject, ref };
  gint64 id = kz_store_add_interaction (admin, &it, &error);
  KzEmailMessage *m = g_new0 (KzEmailMessage, 1);

  g_assert_no_error (error);
  m->message_id = g_strdup_printf ("s%d@example.org", day);
  m->from = g_strdup ("pat@example.org");
  m->from_address = g_strdup ("pat@example.org");
  m->addresses = g_new0 (char *, 2);
  m->addresses[0] = g_strdup ("pat@example.org");
  m->to = g_strdup ("help@northwind.example");
  m->date = g_date_time_ref (when);
  m->subject = g_strdup (subject);
  m->body = g_strdup ("Hello, please help.");
  m->attachments = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_attachment_free);
  g_assert_true (kz_store_add_messages (admin, id, &m, 1, &error));
  g_assert_no_error (error);
  kz_email_message_free (m);
  return id;
}

static KzStore *
login (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = kz_test_pg_uri_for (admin_uri, name, PASSWORD);
  KzStore *store = kz_store_open (uri, &error);

  g_assert_no_error (error);
  return store;
}

static void
save (KzStore    *store,
      gint64      interaction,
      gint64      reviewer,
      int         c1,
      int         c2,
      const char *comment)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzEvaluation) ev = kz_evaluation_new ();

  ev->rubric_id = g_strdup ("cal");
  ev->rubric_version = 1;
  ev->interaction_id = interaction;
  ev->agent_id = ana;
  ev->reviewer_id = reviewer;
  ev->state = KZ_EVALUATION_SUBMITTED;
  ev->is_calibration = TRUE;
  ev->calibration_session_id = session_id;
  kz_answer_set_put (ev->answers, kz_answer_new ("c1", KZ_ANSWER_VALUE, c1, comment));
  kz_answer_set_put (ev->answers, kz_answer_new ("c2", KZ_ANSWER_VALUE, c2, NULL));
  kz_store_save_evaluation (store, ev, &error);
  g_assert_no_error (error);
}

static void
make_centre (void)
{
  static const char xml[] =
    "<rubric xmlns='" NS "' id='cal' version='1'><title>Calibration rubric</title>"
    "<section id='s'><title>Service</title>"
    "<criterion id='c1'><title>Greets the customer</title><guidance>g</guidance>"
    "<scale kind='binary'><point value='0' label='No'/><point value='1' label='Yes'/></scale></criterion>"
    "<criterion id='c2' weight='2' na='exclude'><title>Listens</title><guidance>g</guidance>"
    "<scale kind='ordinal'><point value='1' label='1'/><point value='2' label='2'/><point value='3' label='3'/>"
    "<point value='4' label='4'/><point value='5' label='5'/></scale></criterion>"
    "</section></rubric>";
  g_autoptr(GError) error = NULL;
  g_autoptr(KzRubric) r = kz_rubric_load_data (xml, strlen (xml), "cal.xml", &error);
  g_autoptr(KzCalibrationSession) session = kz_calibration_session_new ();
  gint64 org, billing;

  admin_uri = kz_test_pg_create_db ();
  admin = kz_pg_store_open (admin_uri, NULL, TRUE, KZ_PG_SCHEMA_VERSION, &error);
  g_assert_no_error (error);
  g_assert_true (kz_store_add_rubric (admin, r, NULL, &error));
  g_assert_no_error (error);
  org = kz_store_add_unit (admin, KZ_UNIT_ORGANISATION, "Northwind", 0, &error);
  billing = kz_store_add_unit (admin, KZ_UNIT_TEAM, "Billing", org, &error);
  g_assert_no_error (error);
  lena = add_person ("Lena Lead", "lena", KZ_ROLE_REVIEWER, 0);
  ravi = add_person ("Ravi Reviewer", "ravi", KZ_ROLE_REVIEWER, 0);
  bea = add_person ("Bea Reviewer", "bea", KZ_ROLE_REVIEWER, 0);
  ana = add_person ("Ana Agent", "ana", KZ_ROLE_AGENT, billing);
  u[0] = add_email (ana, 2, "Meter reading wrong");
  u[1] = add_email (ana, 3, "Refund for overpayment");
  /* The lead must be able to read what she puts in the session. */
  for (int i = 0; i < 2; i++)
    g_assert_true (kz_store_assign (admin, u[i], lena, &error));
  g_assert_no_error (error);

  lena_store = login ("lena");
  ravi_store = login ("ravi");
  bea_store = login ("bea");

  session->title = g_strdup ("Server calibration");
  session->rubric_id = g_strdup ("cal");
  session->lead_id = lena;
  g_array_append_val (session->reviewer_ids, ravi);
  g_array_append_val (session->reviewer_ids, bea);
  g_array_append_vals (session->interaction_ids, u, 2);
  session_id = kz_store_create_calibration (lena_store, session, &error);
  g_assert_no_error (error);

  save (lena_store, u[0], lena, 1, 4, NULL);
  save (lena_store, u[1], lena, 0, 2, NULL);
  save (ravi_store, u[0], ravi, 1, 3, RAVI_COMMENT);
  save (ravi_store, u[1], ravi, 0, 2, NULL);
  save (bea_store, u[1], bea, 0, 2, NULL);
}

static KzWindow *
open_window (KzStore *store,
             gint64   person)
{
  KzWindow *window = kz_window_new (NULL, store);
  KzPersonPicker *picker;

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  picker = KZ_PERSON_PICKER (kz_gui_test_find_by_type (GTK_WIDGET (window), KZ_TYPE_PERSON_PICKER));
  /* On a team server the login is the person. */
  KZ_WAIT_UNTIL (kz_person_picker_get_login_mode (picker) && kz_person_picker_get_person_id (picker) == person);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "calibration"));
  kz_calibration_page_reload (KZ_CALIBRATION_PAGE (kz_window_get_page (window, "calibration")));
  KZ_WAIT_UNTIL (!kz_calibration_page_get_loading (KZ_CALIBRATION_PAGE (kz_window_get_page (window, "calibration"))));
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
window_has_text (KzWindow   *window,
                 const char *text)
{
  g_autofree char *texts = kz_gui_test_texts (GTK_WIDGET (window), FALSE);

  return strstr (texts, text) != NULL;
}

static GtkWidget *
named (GtkWidget  *root,
       const char *name)
{
  GtkWidget *w = kz_gui_test_find_by_name (root, name);

  if (w == NULL)
    g_error ("no widget named %s", name);
  return w;
}

static KzReviewWorkspace *
workspace (KzWindow *window)
{
  GtkWidget *w = kz_gui_test_find_by_type (kz_window_get_page (window, "review"), KZ_TYPE_REVIEW_WORKSPACE);

  return w != NULL ? KZ_REVIEW_WORKSPACE (w) : NULL;
}

static AdwMessageDialog *
find_close_dialog (void)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (ADW_IS_MESSAGE_DIALOG (l->data) && gtk_widget_get_visible (l->data))
      return l->data;
  return NULL;
}

static void
test_blind_on_server (void)
{
  g_autoptr(GError) error = NULL;
  KzWindow *window = open_window (bea_store, bea);
  KzCalibrationPage *page = KZ_CALIBRATION_PAGE (kz_window_get_page (window, "calibration"));
  g_autofree char *score_u0 = g_strdup_printf ("score-%" G_GINT64_FORMAT "-%" G_GINT64_FORMAT, session_id, u[0]);
  g_autoptr(KzEvaluation) theirs = NULL;
  KzReviewWorkspace *ws;

  /* Her page loads whole on her login: sessions, trends, leniency. */
  g_assert_cmpstr (kz_calibration_page_get_message (page), ==, "");
  g_assert_cmpuint (kz_calibration_page_get_n_sessions (page), ==, 1);
  g_assert_false (window_has_text (window, RAVI_COMMENT));
  /* The server agrees: Ravi's scoring is not hers to read. */
  theirs = kz_store_get_calibration_evaluation (bea_store, session_id, u[0], ravi, 0, &error);
  g_assert_null (theirs);
  g_assert_error (error, KZ_ERROR, KZ_ERROR_PERMISSION);
  g_clear_error (&error);

  /* She scores U1 blind in the workspace. */
  kz_gui_test_click (named (GTK_WIDGET (page), score_u0));
  KZ_WAIT_UNTIL (workspace (window) != NULL && kz_review_workspace_get_loaded (workspace (window)));
  ws = workspace (window);
  g_assert_cmpstr (kz_review_workspace_get_message (ws), ==, "");
  g_assert_false (window_has_text (window, RAVI_COMMENT));
  kz_criterion_row_pick (KZ_CRITERION_ROW (kz_review_workspace_get_criterion_row (ws, "c1")), 0);
  kz_criterion_row_pick (KZ_CRITERION_ROW (kz_review_workspace_get_criterion_row (ws, "c2")), 3);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (ws), "review.submit", NULL));
  KZ_WAIT_UNTIL (g_strcmp0 (kz_window_get_visible_page (window), "calibration") == 0);
  KZ_WAIT_UNTIL (!kz_calibration_page_get_loading (page));
  g_assert_false (window_has_text (window, RAVI_COMMENT));
  {
    g_autoptr(KzEvaluation) mine = kz_store_get_calibration_evaluation (bea_store, session_id, u[0], bea, 0, &error);

    g_assert_no_error (error);
    g_assert_cmpint (mine->state, ==, KZ_EVALUATION_SUBMITTED);
    g_assert_cmpfloat_with_epsilon (mine->final, 50.0, 1e-9);
  }
  close_window (window);
}

static void
test_close_on_server (void)
{
  g_autoptr(GError) error = NULL;
  KzWindow *window = open_window (lena_store, lena);
  KzCalibrationPage *page = KZ_CALIBRATION_PAGE (kz_window_get_page (window, "calibration"));
  g_autofree char *close_name = g_strdup_printf ("close-%" G_GINT64_FORMAT, session_id);
  g_autofree char *results_name = g_strdup_printf ("results-%" G_GINT64_FORMAT, session_id);
  g_autoptr(KzCalibrationReport) report = NULL;
  g_autofree char *model_c1 = NULL;
  g_autofree char *model_total = NULL;
  AdwMessageDialog *dialog;

  g_assert_cmpstr (kz_calibration_page_get_message (page), ==, "");
  g_assert_false (window_has_text (window, RAVI_COMMENT));
  kz_gui_test_click (named (GTK_WIDGET (page), close_name));
  KZ_WAIT_UNTIL ((dialog = find_close_dialog ()) != NULL);
  adw_message_dialog_response (dialog, "close");
  gtk_window_destroy (GTK_WINDOW (dialog));
  KZ_WAIT_UNTIL_SAYING (g_strcmp0 (kz_calibration_page_get_view (page), "results") == 0,
                        "view “%s”, message “%s”", kz_calibration_page_get_view (page),
                        kz_calibration_page_get_message (page));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  report = kz_store_calibration_report (lena_store, session_id, &error);
  g_assert_no_error (error);
  model_c1 = g_strdup_printf ("%.3f", ((KzCriterionAgreement *) g_ptr_array_index (report->result->criteria, 0))->agreement.alpha);
  model_total = kz_calibration_page_format_alpha (&report->result->total);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (named (GTK_WIDGET (page), "alpha-c1"))), ==, model_c1);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (named (GTK_WIDGET (page), "alpha-c1"))), ==, "0.375");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (named (GTK_WIDGET (page), "alpha-total"))), ==, model_total);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (named (GTK_WIDGET (page), "alpha-total"))), ==, "0.839");
  g_assert_true (window_has_text (window, RAVI_COMMENT));
  close_window (window);

  /* Bea reads everyone's answers now. */
  window = open_window (bea_store, bea);
  page = KZ_CALIBRATION_PAGE (kz_window_get_page (window, "calibration"));
  kz_gui_test_click (named (GTK_WIDGET (page), results_name));
  KZ_WAIT_UNTIL (g_strcmp0 (kz_calibration_page_get_view (page), "results") == 0);
  g_assert_true (window_has_text (window, RAVI_COMMENT));
  close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_setenv ("TZ", "UTC", TRUE);
  if (!kz_test_pg_available ())
    {
      g_print ("1..0 # SKIP needs tests/pg/with-pg-server\n");
      return 0;
    }
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  make_centre ();

  g_test_add_func ("/calibration-server/blind", test_blind_on_server);
  g_test_add_func ("/calibration-server/close", test_close_on_server);
  ret = g_test_run ();

  /* Pages of the closed windows may still be reading: the stores go and
   * the database is dropped only once they are done (kz-workers.h). */
  g_assert_true (kz_workers_wait_idle (10000));
  g_clear_object (&lena_store);
  g_clear_object (&ravi_store);
  g_clear_object (&bea_store);
  g_clear_object (&admin);
  kz_test_pg_drop_db (admin_uri);
  return ret;
}
