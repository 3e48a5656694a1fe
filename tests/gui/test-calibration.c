/* test-calibration.c — calibration, leniency and disputes in the real window
 *
 * A small centre built here.  Rubric "cal": one section, c1 binary (No 0,
 * Yes 1, weight 1) and c2 ordinal 1–5 (weight 2, N/A excluded), so
 * F = 100 × (v1 + 2 v2) ÷ 3 with v2 = (x − 1) ÷ 4, or F = 100 × v1 when c2
 * is N/A.  People: Lena (reviewer, the lead), Ravi and Bea (reviewers), Mo
 * (manager of the Meters team), Ana (agent, Billing), Bo (agent, Meters).
 *
 * The session: Lena creates it in the window on U1–U3 (Ana's emails) with
 * Ravi and Bea.  Their scorings (Bea's of U1 through the window):
 *
 *          c1 Lena Ravi Bea   c2 Lena Ravi Bea    F Lena   Ravi   Bea
 *   U1         1    1    0        4    3    4       83.33  66.67  50
 *   U2         0    0    0        2    2   N/A      16.67  16.67   0
 *   U3         1    1    1        5    4    5      100     83.33 100
 *
 * c1 nominal α: o_11 = 4, o_00 = 3, o_01 = o_10 = 1, n_1 = 5, n_0 = 4,
 * α = 1 − 8 × 2 ÷ (2 × 5 × 4) = 0.600; 7 of 9 pairs agree (77.8%).
 * c2 ordinal α = 0.770 (the same answers as tests/model/test-calibration.c).
 * F interval α = 0.895 (/usr/bin/python3, α by its pairwise definition:
 * D_o = Σ_u Σ_{i≠j} (a − b)² ÷ (m_u − 1) ÷ n, D_e over all pairs).
 * Consensus F: U1 66.67, U2 11.11, U3 94.44; bias = mean (F − consensus):
 * Lena (16.67 + 5.56 + 5.56) ÷ 3 = +9.3, Ravi −1.9, Bea −7.4.
 * Alignment with Lena (1 − |Δ| ÷ range, weights 1 and 2): Ravi
 * (1.5 + 3 + 1.5) ÷ 9 = 88.9%, Bea (2 + 1 + 3) ÷ 7 = 85.7%.
 *
 * Leniency, outside calibration: Ravi scores Ana's E4 (1, 5) = 100 and E5
 * (1, 4) = 83.33, Bea her E6 (0, 4) = 50.  Ravi: 91.67 − 50 = +41.7, Bea
 * −41.7.
 *
 * The dispute: Ravi scored Bo's E7 c1 No, c2 2: F = (0 + 2 × .25) ÷ 3 =
 * 16.7%.  Bo disputes both; Mo changes c1 to Yes and upholds c2:
 * F = (1 + 0.5) ÷ 3 = 50.0% in revision 2.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <math.h>
#include <string.h>

#include "kz-calibration-page.h"
#include "kz-criterion-row.h"
#include "kz-disputes-page.h"
#include "kz-gui-test.h"
#include "kz-person-picker.h"
#include "kz-review-workspace.h"
#include "kz-score.h"
#include "kz-store.h"
#include "kz-window.h"

#define NS "https://kaizen-qa.org/ns/rubric/1"

#define RAVI_COMMENT "Ravi: the greeting felt rushed"
#define LENA_COMMENT "Lena: reference answer here"
#define BEA_COMMENT  "Bea: no greeting at all"

static KzStore *store;
static char *tmp_dir;
static gint64 lena, ravi, bea, mo, ana, bo;
static gint64 u[3], e4, e5, e6, e7;
static gint64 session_id;

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

static gint64
add_email (gint64      agent,
           int         day,
           const char *subject)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) when = g_date_time_new_utc (2026, 3, day, 9, 0, 0);
  g_autofree char *ref = g_strdup_printf ("<m%d@example.org>", day);
  KzInteraction it = { 0, KZ_CHANNEL_EMAIL, agent, when, (char *) subject, ref };
  gint64 id = kz_store_add_interaction (store, &it, &error);
  KzEmailMessage *m = g_new0 (KzEmailMessage, 1);

  g_assert_no_error (error);
  m->message_id = g_strdup_printf ("m%d@example.org", day);
  m->from = g_strdup ("pat@example.org");
  m->from_address = g_strdup ("pat@example.org");
  m->addresses = g_new0 (char *, 2);
  m->addresses[0] = g_strdup ("pat@example.org");
  m->to = g_strdup ("help@northwind.example");
  m->date = g_date_time_ref (when);
  m->subject = g_strdup (subject);
  m->body = g_strdup ("Hello, please help.");
  m->attachments = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_attachment_free);
  g_assert_true (kz_store_add_messages (store, id, &m, 1, &error));
  g_assert_no_error (error);
  kz_email_message_free (m);
  return id;
}

static KzRubric *
cal_rubric (void)
{
  g_autoptr(GError) error = NULL;
  KzRubric *r = kz_store_get_rubric (store, "cal", 0, &error);

  g_assert_no_error (error);
  return r;
}

/* @c2 0: N/A. */
static KzAnswerSet *
answers (int         c1,
         int         c2,
         const char *comment)
{
  KzAnswerSet *set = kz_answer_set_new ();

  kz_answer_set_put (set, kz_answer_new ("c1", KZ_ANSWER_VALUE, c1, comment));
  kz_answer_set_put (set, c2 == 0 ? kz_answer_new ("c2", KZ_ANSWER_NA, 0, NULL)
                                  : kz_answer_new ("c2", KZ_ANSWER_VALUE, c2, NULL));
  return set;
}

static gint64
save (gint64       interaction,
      gint64       agent,
      gint64       reviewer,
      gint64       session,
      KzAnswerSet *set)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzEvaluation) ev = kz_evaluation_new ();
  gint64 id;

  ev->rubric_id = g_strdup ("cal");
  ev->rubric_version = 1;
  ev->interaction_id = interaction;
  ev->agent_id = agent;
  ev->reviewer_id = reviewer;
  ev->state = KZ_EVALUATION_SUBMITTED;
  ev->is_calibration = session != 0;
  ev->calibration_session_id = session;
  g_hash_table_unref (ev->answers);
  ev->answers = set;
  id = kz_store_save_evaluation (store, ev, &error);
  g_assert_no_error (error);
  return id;
}

static void
make_centre (void)
{
  static const char xml[] =
    "<rubric xmlns='" NS "' id='cal' version='1' dispute-days='7'><title>Calibration rubric</title>"
    "<section id='s'><title>Service</title>"
    "<criterion id='c1'><title>Greets the customer</title><guidance>g</guidance>"
    "<scale kind='binary'><point value='0' label='No'/><point value='1' label='Yes'/></scale></criterion>"
    "<criterion id='c2' weight='2' na='exclude'><title>Listens</title><guidance>g</guidance>"
    "<scale kind='ordinal'><point value='1' label='1'/><point value='2' label='2'/><point value='3' label='3'/>"
    "<point value='4' label='4'/><point value='5' label='5'/></scale></criterion>"
    "</section></rubric>";
  g_autoptr(GError) error = NULL;
  g_autoptr(KzRubric) r = kz_rubric_load_data (xml, strlen (xml), "cal.xml", &error);
  gint64 org, billing, meters;

  g_assert_no_error (error);
  g_assert_true (kz_store_add_rubric (store, r, NULL, &error));
  g_assert_no_error (error);

  org = kz_store_add_unit (store, KZ_UNIT_ORGANISATION, "Northwind", 0, &error);
  billing = kz_store_add_unit (store, KZ_UNIT_TEAM, "Billing", org, &error);
  meters = kz_store_add_unit (store, KZ_UNIT_TEAM, "Meters", org, &error);
  g_assert_no_error (error);
  lena = add_person ("Lena Lead", KZ_ROLE_REVIEWER, 0);
  ravi = add_person ("Ravi Reviewer", KZ_ROLE_REVIEWER, 0);
  bea = add_person ("Bea Reviewer", KZ_ROLE_REVIEWER, 0);
  mo = add_person ("Mo Manager", KZ_ROLE_MANAGER, meters);
  ana = add_person ("Ana Agent", KZ_ROLE_AGENT, billing);
  bo = add_person ("Bo Agent", KZ_ROLE_AGENT, meters);

  u[0] = add_email (ana, 2, "Meter reading wrong");
  u[1] = add_email (ana, 3, "Refund for overpayment");
  u[2] = add_email (ana, 4, "Direct debit changed");
  e4 = add_email (ana, 5, "Moving house");
  e5 = add_email (ana, 6, "Paper bills");
  e6 = add_email (ana, 7, "Tariff question");
  e7 = add_email (bo, 8, "Smart meter install");
}

/* ---- the window ------------------------------------------------------------------ */

static KzWindow *
open_window (gint64 person)
{
  KzWindow *window = kz_window_new (NULL, store);
  GtkWidget *picker;

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
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

static KzCalibrationPage *
calibration_page (KzWindow *window)
{
  return KZ_CALIBRATION_PAGE (kz_window_get_page (window, "calibration"));
}

static KzCalibrationPage *
show_calibration (KzWindow *window)
{
  KzCalibrationPage *page = calibration_page (window);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "calibration"));
  kz_calibration_page_reload (page);
  KZ_WAIT_UNTIL (!kz_calibration_page_get_loading (page));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  return page;
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

static const char *
label_text (GtkWidget  *root,
            const char *name)
{
  GtkWidget *w = kz_gui_test_find_by_name (root, name);

  if (w == NULL)
    g_error ("no label named %s", name);
  return gtk_label_get_text (GTK_LABEL (w));
}

static gboolean
window_has_text (KzWindow   *window,
                 const char *text)
{
  /* Every label, shown or not: hidden widgets count too. */
  g_autofree char *texts = kz_gui_test_texts (GTK_WIDGET (window), FALSE);

  return strstr (texts, text) != NULL;
}

static KzReviewWorkspace *
workspace (KzWindow *window)
{
  GtkWidget *w = kz_gui_test_find_by_type (kz_window_get_page (window, "review"), KZ_TYPE_REVIEW_WORKSPACE);

  return w != NULL ? KZ_REVIEW_WORKSPACE (w) : NULL;
}

/* ---- the tests --------------------------------------------------------------------- */

/* Lena creates the session in the window. */
static void
test_create (void)
{
  g_autoptr(GError) error = NULL;
  KzWindow *window = open_window (lena);
  KzCalibrationPage *page = show_calibration (window);
  g_autoptr(GPtrArray) sessions = NULL;
  KzCalibrationSession *s;

  g_assert_cmpuint (kz_calibration_page_get_n_sessions (page), ==, 0);
  kz_gui_test_click (named (GTK_WIDGET (page), "new-session"));
  KZ_WAIT_UNTIL (g_strcmp0 (kz_calibration_page_get_view (page), "new") == 0);

  /* Nothing picked: refused, with a reason, and nothing stored. */
  kz_gui_test_click (named (GTK_WIDGET (page), "create-session"));
  g_assert_true (gtk_widget_get_visible (named (GTK_WIDGET (page), "new-message")));
  g_assert_cmpint (kz_store_count (store, KZ_RECORD_CALIBRATION_SESSIONS, NULL), ==, 0);

  gtk_editable_set_text (GTK_EDITABLE (named (GTK_WIDGET (page), "new-title")), "March calibration");
  /* A search narrows the choice; a pick stays through the next search. */
  {
    g_autofree char *u0 = g_strdup_printf ("pick-interaction-%" G_GINT64_FORMAT, u[0]);
    g_autofree char *u1 = g_strdup_printf ("pick-interaction-%" G_GINT64_FORMAT, u[1]);
    GtkEditable *search = GTK_EDITABLE (named (GTK_WIDGET (page), "new-search"));

    gtk_editable_set_text (search, "refund");
    KZ_WAIT_UNTIL (kz_gui_test_find_by_name (GTK_WIDGET (page), u0) == NULL);
    gtk_check_button_set_active (GTK_CHECK_BUTTON (named (GTK_WIDGET (page), "%s", u1)), TRUE);
    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (named (GTK_WIDGET (page), "new-picked"))), ==,
                     "1 interaction picked");
    gtk_editable_set_text (search, "");
    KZ_WAIT_UNTIL (kz_gui_test_find_by_name (GTK_WIDGET (page), u0) != NULL);
    g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (named (GTK_WIDGET (page), "%s", u1))));
    g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (named (GTK_WIDGET (page), "%s", u0))));
  }
  for (int i = 0; i < 3; i++)
    gtk_check_button_set_active (GTK_CHECK_BUTTON (named (GTK_WIDGET (page), "pick-interaction-%" G_GINT64_FORMAT, u[i])), TRUE);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (named (GTK_WIDGET (page), "new-picked"))), ==,
                   "3 interactions picked");
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  kz_gui_test_screenshot (GTK_WIDGET (window), "calibration-new.png");
  gtk_check_button_set_active (GTK_CHECK_BUTTON (named (GTK_WIDGET (page), "pick-reviewer-%" G_GINT64_FORMAT, ravi)), TRUE);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (named (GTK_WIDGET (page), "pick-reviewer-%" G_GINT64_FORMAT, bea)), TRUE);
  /* The lead is not offered as a reviewer: they are one already. */
  {
    g_autofree char *lead_pick = g_strdup_printf ("pick-reviewer-%" G_GINT64_FORMAT, lena);

    g_assert_null (kz_gui_test_find_by_name (GTK_WIDGET (page), lead_pick));
  }
  kz_gui_test_click (named (GTK_WIDGET (page), "create-session"));
  KZ_WAIT_UNTIL (g_strcmp0 (kz_calibration_page_get_view (page), "list") == 0 &&
                 !kz_calibration_page_get_loading (page) && kz_calibration_page_get_n_sessions (page) == 1);

  sessions = kz_store_list_calibrations (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sessions->len, ==, 1);
  s = g_ptr_array_index (sessions, 0);
  session_id = s->id;
  g_assert_cmpstr (s->title, ==, "March calibration");
  g_assert_cmpstr (s->rubric_id, ==, "cal");
  g_assert_cmpint (s->lead_id, ==, lena);
  g_assert_cmpuint (s->reviewer_ids->len, ==, 3);
  g_assert_true (kz_calibration_session_has_reviewer (s, ravi));
  g_assert_true (kz_calibration_session_has_reviewer (s, bea));
  /* In the order they were picked. */
  g_assert_cmpuint (s->interaction_ids->len, ==, 3);
  g_assert_cmpint (g_array_index (s->interaction_ids, gint64, 0), ==, u[1]);
  g_assert_cmpint (g_array_index (s->interaction_ids, gint64, 1), ==, u[0]);
  g_assert_cmpint (g_array_index (s->interaction_ids, gint64, 2), ==, u[2]);
  g_assert_true (kz_calibration_session_is_open (s));
  /* Lena may close it, and scores each interaction herself. */
  named (GTK_WIDGET (page), "close-%" G_GINT64_FORMAT, session_id);
  named (GTK_WIDGET (page), "score-%" G_GINT64_FORMAT "-%" G_GINT64_FORMAT, session_id, u[0]);
  close_window (window);

  /* Lena's and Ravi's scorings (the table above), and Bea's of U2 and U3. */
  save (u[0], ana, lena, session_id, answers (1, 4, LENA_COMMENT));
  save (u[1], ana, lena, session_id, answers (0, 2, NULL));
  save (u[2], ana, lena, session_id, answers (1, 5, NULL));
  save (u[0], ana, ravi, session_id, answers (1, 3, RAVI_COMMENT));
  save (u[1], ana, ravi, session_id, answers (0, 2, NULL));
  save (u[2], ana, ravi, session_id, answers (1, 4, NULL));
  save (u[1], ana, bea, session_id, answers (0, 0, BEA_COMMENT));
  save (u[2], ana, bea, session_id, answers (1, 5, NULL));
}

/* Bea scores U1 blind in the review workspace; nothing of Ravi's or
 * Lena's answers is anywhere in her window while the session is open. */
static void
test_blind_while_open (void)
{
  g_autoptr(GError) error = NULL;
  KzWindow *window = open_window (bea);
  KzCalibrationPage *page = show_calibration (window);
  KzReviewWorkspace *ws;
  g_autoptr(KzEvaluation) stored = NULL;

  g_assert_cmpuint (kz_calibration_page_get_n_sessions (page), ==, 1);
  /* A reviewer does not close the lead's session. */
  {
    g_autofree char *close_name = g_strdup_printf ("close-%" G_GINT64_FORMAT, session_id);

    g_assert_null (kz_gui_test_find_by_name (GTK_WIDGET (page), close_name));
  }
  g_assert_false (window_has_text (window, RAVI_COMMENT));
  g_assert_false (window_has_text (window, LENA_COMMENT));

  kz_gui_test_click (named (GTK_WIDGET (page), "score-%" G_GINT64_FORMAT "-%" G_GINT64_FORMAT, session_id, u[0]));
  KZ_WAIT_UNTIL (g_strcmp0 (kz_window_get_visible_page (window), "review") == 0 && workspace (window) != NULL &&
                 kz_review_workspace_get_loaded (workspace (window)));
  ws = workspace (window);
  g_assert_cmpint (kz_review_workspace_get_calibration_session_id (ws), ==, session_id);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  /* A fresh form: not Ravi's answers, not Lena's. */
  g_assert_false (window_has_text (window, RAVI_COMMENT));
  g_assert_false (window_has_text (window, LENA_COMMENT));

  kz_criterion_row_pick (KZ_CRITERION_ROW (kz_review_workspace_get_criterion_row (ws, "c1")), 0);   /* No */
  kz_criterion_row_pick (KZ_CRITERION_ROW (kz_review_workspace_get_criterion_row (ws, "c2")), 3);   /* 4 */
  kz_gui_test_screenshot (GTK_WIDGET (window), "calibration-scoring.png");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (ws), "review.submit", NULL));
  KZ_WAIT_UNTIL (g_strcmp0 (kz_window_get_visible_page (window), "calibration") == 0);
  KZ_WAIT_UNTIL (!kz_calibration_page_get_loading (page));

  stored = kz_store_get_calibration_evaluation (store, session_id, u[0], bea, bea, &error);
  g_assert_no_error (error);
  g_assert_true (stored->is_calibration);
  g_assert_cmpint (stored->state, ==, KZ_EVALUATION_SUBMITTED);
  g_assert_cmpfloat (kz_answer_set_get (stored->answers, "c1")->value, ==, 0);
  g_assert_cmpfloat (kz_answer_set_get (stored->answers, "c2")->value, ==, 4);
  g_assert_cmpfloat_with_epsilon (stored->final, 50.0, 1e-9);
  /* Calibration never counts as Ana's. */
  {
    KzEvaluationFilter filter = { .agent_id = ana };
    g_autoptr(GPtrArray) list = kz_store_list_evaluations (store, &filter, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (list->len, ==, 0);
  }

  /* Her own progress shows, still nobody else's answers. */
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  g_assert_true (window_has_text (window, "You scored it (submitted)"));
  g_assert_false (window_has_text (window, RAVI_COMMENT));
  g_assert_false (window_has_text (window, LENA_COMMENT));
  kz_gui_test_screenshot (GTK_WIDGET (window), "calibration-open.png");
  close_window (window);

  /* Nor does the lead see them before closing. */
  window = open_window (lena);
  show_calibration (window);
  g_assert_false (window_has_text (window, RAVI_COMMENT));
  g_assert_false (window_has_text (window, BEA_COMMENT));
  close_window (window);
}

static AdwMessageDialog *
find_close_dialog (void)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (ADW_IS_MESSAGE_DIALOG (l->data) && g_strcmp0 (gtk_widget_get_name (l->data), "close-session-dialog") == 0 &&
        gtk_widget_get_visible (l->data))
      return l->data;
  return NULL;
}

static AdwMessageDialog *
close_dialog (void)
{
  KZ_WAIT_UNTIL (find_close_dialog () != NULL);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (find_close_dialog ()));
  return find_close_dialog ();
}

/* As its button does: the response, then the dialog goes. */
static void
respond (AdwMessageDialog *dialog,
         const char       *response)
{
  adw_message_dialog_response (dialog, response);
  gtk_window_destroy (GTK_WINDOW (dialog));
  kz_gui_test_drain ();
}

static char *
format3 (double alpha)
{
  return g_strdup_printf ("%.3f", alpha);
}

/* Lena closes the session and reads α: the numbers the model gives for the
 * session (itself tested against hand vectors), and the hand values. */
static void
test_close_and_alpha (void)
{
  g_autoptr(GError) error = NULL;
  KzWindow *window = open_window (lena);
  KzCalibrationPage *page = show_calibration (window);
  GtkWidget *root = GTK_WIDGET (page);
  g_autoptr(KzCalibrationReport) report = NULL;
  g_autofree char *model_total = NULL;

  /* Asked first; Cancel keeps it open. */
  kz_gui_test_click (named (root, "close-%" G_GINT64_FORMAT, session_id));
  respond (close_dialog (), "cancel");
  g_assert_null (find_close_dialog ());
  {
    g_autoptr(KzCalibrationSession) still = kz_store_get_calibration (store, session_id, &error);

    g_assert_no_error (error);
    g_assert_true (kz_calibration_session_is_open (still));
  }
  kz_gui_test_click (named (root, "close-%" G_GINT64_FORMAT, session_id));
  g_assert_true (kz_gui_test_shows_text (GTK_WIDGET (close_dialog ()), "9 of 9 scorings are submitted"));
  kz_gui_test_screenshot (GTK_WIDGET (close_dialog ()), "calibration-close.png");
  respond (close_dialog (), "close");
  KZ_WAIT_UNTIL (g_strcmp0 (kz_calibration_page_get_view (page), "results") == 0);
  g_assert_cmpint (kz_calibration_page_get_results_session (page), ==, session_id);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  report = kz_store_calibration_report (store, session_id, &error);
  g_assert_no_error (error);
  g_assert_false (kz_calibration_session_is_open (report->session));
  g_assert_true (report->result->total.defined);
  model_total = format3 (report->result->total.alpha);

  /* The shown total α is the model's, and the hand value. */
  g_assert_cmpstr (label_text (root, "alpha-total"), ==, model_total);
  g_assert_cmpstr (label_text (root, "alpha-total"), ==, "0.895");
  g_assert_cmpstr (label_text (root, "metric-total"), ==, "interval");
  g_assert_cmpstr (label_text (root, "units-total"), ==, "3");
  for (guint i = 0; i < report->result->criteria->len; i++)
    {
      const KzCriterionAgreement *ca = g_ptr_array_index (report->result->criteria, i);
      g_autofree char *name = g_strdup_printf ("alpha-%s", ca->criterion->id);
      g_autofree char *model = format3 (ca->agreement.alpha);

      g_assert_cmpstr (label_text (root, name), ==, model);
    }
  g_assert_cmpstr (label_text (root, "alpha-c1"), ==, "0.600");
  g_assert_cmpstr (label_text (root, "raw-c1"), ==, "77.8%");
  g_assert_cmpstr (label_text (root, "alpha-c2"), ==, "0.770");
  /* The metric of each scale. */
  g_assert_true (kz_gui_test_has_label (root, "nominal"));
  g_assert_true (kz_gui_test_has_label (root, "ordinal"));

  /* Alignment with the lead and signed bias (hand values above). */
  {
    g_autofree char *ravi_alignment = g_strdup_printf ("alignment-%" G_GINT64_FORMAT, ravi);
    g_autofree char *bea_alignment = g_strdup_printf ("alignment-%" G_GINT64_FORMAT, bea);
    g_autofree char *lena_bias = g_strdup_printf ("session-bias-%" G_GINT64_FORMAT, lena);
    g_autofree char *ravi_bias = g_strdup_printf ("session-bias-%" G_GINT64_FORMAT, ravi);
    g_autofree char *bea_bias = g_strdup_printf ("session-bias-%" G_GINT64_FORMAT, bea);

    g_assert_cmpstr (label_text (root, ravi_alignment), ==, "88.9%");
    g_assert_cmpstr (label_text (root, bea_alignment), ==, "85.7%");
    g_assert_cmpstr (label_text (root, lena_bias), ==, "+9.3");
    g_assert_cmpstr (label_text (root, ravi_bias), ==, "−1.9");
    g_assert_cmpstr (label_text (root, bea_bias), ==, "−7.4");
  }
  /* Closed: everyone's answers side by side. */
  g_assert_true (window_has_text (window, RAVI_COMMENT));
  kz_gui_test_screenshot (GTK_WIDGET (window), "calibration-results.png");

  /* Back on the list: the session closed, the bias over sessions and the
   * criteria with the lowest agreement. */
  kz_gui_test_click (named (root, "results-back"));
  KZ_WAIT_UNTIL (g_strcmp0 (kz_calibration_page_get_view (page), "list") == 0 && !kz_calibration_page_get_loading (page));
  named (root, "results-%" G_GINT64_FORMAT, session_id);
  {
    g_autofree char *lena_bias = g_strdup_printf ("bias-%" G_GINT64_FORMAT, lena);
    g_autofree char *bea_bias = g_strdup_printf ("bias-%" G_GINT64_FORMAT, bea);

    g_assert_cmpstr (label_text (root, lena_bias), ==, "+9.3");
    g_assert_cmpstr (label_text (root, bea_bias), ==, "−7.4");
  }
  g_assert_cmpstr (label_text (root, "trend-alpha-c2"), ==, "0.770");
  g_assert_cmpstr (label_text (root, "trend-alpha-c1"), ==, "0.600");
  close_window (window);
}

/* After the close, Bea sees Ravi's answers too. */
static void
test_shown_after_close (void)
{
  KzWindow *window = open_window (bea);
  KzCalibrationPage *page = show_calibration (window);

  g_assert_false (window_has_text (window, RAVI_COMMENT));
  kz_gui_test_click (named (GTK_WIDGET (page), "results-%" G_GINT64_FORMAT, session_id));
  KZ_WAIT_UNTIL (g_strcmp0 (kz_calibration_page_get_view (page), "results") == 0);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  g_assert_true (window_has_text (window, RAVI_COMMENT));
  g_assert_true (window_has_text (window, LENA_COMMENT));
  g_assert_cmpstr (label_text (GTK_WIDGET (page), "alpha-total"), ==, "0.895");
  /* A narrow window: the leaflet folds, the tables scroll sideways. */
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 700);
  KZ_WAIT_UNTIL (gtk_widget_get_width (GTK_WIDGET (window)) < 400);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  kz_gui_test_screenshot (GTK_WIDGET (window), "calibration-narrow.png");
  close_window (window);
}

static void
test_leniency (void)
{
  KzWindow *window;
  KzCalibrationPage *page;
  g_autofree char *ravi_name = g_strdup_printf ("leniency-%" G_GINT64_FORMAT, ravi);
  g_autofree char *bea_name = g_strdup_printf ("leniency-%" G_GINT64_FORMAT, bea);

  save (e4, ana, ravi, 0, answers (1, 5, NULL));
  save (e5, ana, ravi, 0, answers (1, 4, NULL));
  save (e6, ana, bea, 0, answers (0, 4, NULL));

  window = open_window (lena);
  page = show_calibration (window);
  g_assert_cmpstr (label_text (GTK_WIDGET (page), ravi_name), ==, "+41.7");
  g_assert_cmpstr (label_text (GTK_WIDGET (page), bea_name), ==, "−41.7");
  /* Lena reviewed no one outside calibration. */
  {
    g_autofree char *lena_name = g_strdup_printf ("leniency-%" G_GINT64_FORMAT, lena);

    g_assert_null (kz_gui_test_find_by_name (GTK_WIDGET (page), lena_name));
  }
  /* The evaluations are this week's: the last 30 days hold them too. */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (named (GTK_WIDGET (page), "leniency-period")), 2);
  KZ_WAIT_UNTIL (!kz_calibration_page_get_loading (page));
  g_assert_cmpstr (label_text (GTK_WIDGET (page), ravi_name), ==, "+41.7");
  gtk_drop_down_set_selected (GTK_DROP_DOWN (named (GTK_WIDGET (page), "leniency-period")), 0);
  KZ_WAIT_UNTIL (!kz_calibration_page_get_loading (page));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  kz_gui_test_screenshot (GTK_WIDGET (window), "calibration.png");
  close_window (window);
}

/* Mo resolves Bo's dispute: c1 changed to Yes, c2 upheld. */
static void
test_dispute (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzDispute) dispute = kz_dispute_new ();
  g_autoptr(GPtrArray) revisions = NULL;
  g_autoptr(KzDispute) after = NULL;
  g_autoptr(KzRubric) rubric = cal_rubric ();
  KzWindow *window;
  KzDisputesPage *page;
  GtkWidget *root;
  gint64 ev_id = save (e7, bo, ravi, 0, answers (0, 2, "No greeting heard"));
  gint64 id;
  const KzRevision *r2;

  dispute->evaluation_id = ev_id;
  dispute->raised_by = bo;
  dispute->reason = g_strdup ("I did greet, and I listened");
  g_ptr_array_add (dispute->items, kz_dispute_item_new ("c1", "Greeting is at 0:03 of the call"));
  g_ptr_array_add (dispute->items, kz_dispute_item_new ("c2", "I repeated the problem back"));
  id = kz_store_raise_dispute (store, dispute, &error);
  g_assert_no_error (error);

  /* Bea reviewed none of Bo's work: her page has nothing to resolve;
   * Ravi's has his evaluation's dispute. */
  window = open_window (bea);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "disputes"));
  page = KZ_DISPUTES_PAGE (kz_window_get_page (window, "disputes"));
  kz_disputes_page_reload (page);
  KZ_WAIT_UNTIL (!kz_disputes_page_get_loading (page));
  g_assert_cmpuint (kz_disputes_page_get_n_open (page), ==, 0);
  {
    g_autofree char *resolve_name = g_strdup_printf ("resolve-%" G_GINT64_FORMAT, id);

    g_assert_null (kz_gui_test_find_by_name (GTK_WIDGET (page), resolve_name));
  }
  close_window (window);
  window = open_window (ravi);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "disputes"));
  page = KZ_DISPUTES_PAGE (kz_window_get_page (window, "disputes"));
  kz_disputes_page_reload (page);
  KZ_WAIT_UNTIL (!kz_disputes_page_get_loading (page));
  g_assert_cmpuint (kz_disputes_page_get_n_open (page), ==, 1);
  close_window (window);

  window = open_window (mo);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "disputes"));
  page = KZ_DISPUTES_PAGE (kz_window_get_page (window, "disputes"));
  kz_disputes_page_reload (page);
  KZ_WAIT_UNTIL (!kz_disputes_page_get_loading (page) && kz_disputes_page_get_n_open (page) == 1);
  root = GTK_WIDGET (page);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  /* Each disputed criterion with the agent's reason. */
  g_assert_true (kz_gui_test_shows_text (root, "Greeting is at 0:03 of the call"));
  g_assert_true (kz_gui_test_shows_text (root, "I repeated the problem back"));
  g_assert_true (kz_gui_test_shows_text (root, "No greeting heard"));

  /* A decision without a note is refused, and nothing changes. */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (named (root, "decision-%" G_GINT64_FORMAT "-c2", id)), 1);
  kz_gui_test_click (named (root, "resolve-%" G_GINT64_FORMAT, id));
  g_assert_cmpstr (kz_disputes_page_get_message (page), !=, "");
  kz_gui_test_drain ();
  {
    g_autoptr(KzDispute) unchanged = kz_store_get_dispute (store, id, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (kz_dispute_n_pending (unchanged), ==, 2);
  }

  gtk_drop_down_set_selected (GTK_DROP_DOWN (named (root, "decision-%" G_GINT64_FORMAT "-c1", id)), 2);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (named (root, "answer-%" G_GINT64_FORMAT "-c1", id)),
                              kz_disputes_page_answer_position (page, id, "c1", FALSE, 1));
  gtk_editable_set_text (GTK_EDITABLE (named (root, "note-%" G_GINT64_FORMAT "-c1", id)), "The greeting is there");
  gtk_editable_set_text (GTK_EDITABLE (named (root, "note-%" G_GINT64_FORMAT "-c2", id)), "Listening was weak");
  kz_gui_test_screenshot (GTK_WIDGET (window), "disputes.png");
  kz_gui_test_click (named (root, "resolve-%" G_GINT64_FORMAT, id));
  KZ_WAIT_UNTIL (!kz_disputes_page_get_loading (page) && kz_disputes_page_get_n_open (page) == 0 &&
                 kz_gui_test_find_by_name (root, "revision-1") != NULL);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  /* The store: the dispute closed, one criterion changed, one upheld, and
   * revision 2 re-scored: (1 + 2 × 0.25) ÷ 3 = 50.0%. */
  after = kz_store_get_dispute (store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (after->state, ==, KZ_DISPUTE_CLOSED);
  g_assert_cmpint (kz_dispute_find_item (after, "c1")->resolution, ==, KZ_RESOLUTION_CHANGED);
  g_assert_cmpint (kz_dispute_find_item (after, "c1")->revision, ==, 2);
  g_assert_cmpint (kz_dispute_find_item (after, "c1")->resolved_by, ==, mo);
  g_assert_cmpstr (kz_dispute_find_item (after, "c1")->note, ==, "The greeting is there");
  g_assert_cmpint (kz_dispute_find_item (after, "c2")->resolution, ==, KZ_RESOLUTION_UPHELD);
  g_assert_cmpstr (kz_dispute_find_item (after, "c2")->note, ==, "Listening was weak");
  revisions = kz_store_list_revisions (store, ev_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (revisions->len, ==, 2);
  g_assert_cmpfloat_with_epsilon (((KzRevision *) g_ptr_array_index (revisions, 0))->final, 50.0 / 3, 1e-9);
  r2 = g_ptr_array_index (revisions, 1);
  g_assert_cmpint (r2->revision, ==, 2);
  g_assert_cmpint (r2->dispute_id, ==, id);
  g_assert_cmpfloat_with_epsilon (r2->final, 50.0, 1e-9);
  g_assert_cmpfloat (kz_answer_set_get (r2->answers, "c1")->value, ==, 1);
  g_assert_cmpfloat (kz_answer_set_get (r2->answers, "c2")->value, ==, 2);
  /* The engine agrees on the new answers. */
  {
    g_autoptr(KzScore) score = kz_score_compute (rubric, r2->answers);

    g_assert_cmpfloat_with_epsilon (score->final, 50.0, 1e-9);
  }

  /* The page shows the outcome. */
  {
    g_autofree char *name = g_strdup_printf ("revision-%" G_GINT64_FORMAT, id);

    g_assert_cmpstr (label_text (root, name), ==, "Revision 2: score 50.0% (was 16.7% in revision 1)");
  }
  g_assert_true (kz_gui_test_has_label (root, "Changed to Yes in revision 2 by Mo Manager: “The greeting is there”"));
  g_assert_true (kz_gui_test_has_label (root, "Upheld by Mo Manager: “Listening was weak”"));
  kz_gui_test_screenshot (GTK_WIDGET (window), "disputes-resolved.png");
  close_window (window);
}

/* What the results show for a figure (pure functions: no window). */
static void
test_format (void)
{
  KzAgreement a = { .defined = TRUE, .alpha = 0.4583, .n_pairs = 13, .n_agreeing_pairs = 9,
                    .raw_agreement = 9.0 / 13 };
  KzAgreement none = { .defined = FALSE };
  g_autofree char *alpha = kz_calibration_page_format_alpha (&a);
  g_autofree char *raw = kz_calibration_page_format_raw (&a);
  g_autofree char *no_alpha = kz_calibration_page_format_alpha (&none);
  g_autofree char *no_raw = kz_calibration_page_format_raw (&none);
  g_autofree char *plus = kz_calibration_page_format_signed (2.46);
  g_autofree char *minus = kz_calibration_page_format_signed (-1.94);
  g_autofree char *zero = kz_calibration_page_format_signed (-0.04);

  /* The statistics.md vector: α 0.458, 9 of 13 pairs = 69.2%. */
  g_assert_cmpstr (alpha, ==, "0.458");
  g_assert_cmpstr (raw, ==, "69.2%");
  g_assert_cmpstr (no_alpha, ==, "—");
  g_assert_cmpstr (no_raw, ==, "—");
  g_assert_cmpstr (plus, ==, "+2.5");
  g_assert_cmpstr (minus, ==, "−1.9");
  g_assert_cmpstr (zero, ==, "0.0");
}

/* An agent answers back from their own page: calibration and disputes are
 * not in their sidebar. */
static void
test_agent_sidebar (void)
{
  KzWindow *window = open_window (ana);

  g_assert_false (gtk_widget_get_visible (named (GTK_WIDGET (window), "calibration")));
  g_assert_false (gtk_widget_get_visible (named (GTK_WIDGET (window), "disputes")));
  close_window (window);
  window = open_window (mo);
  g_assert_true (gtk_widget_get_visible (named (GTK_WIDGET (window), "calibration")));
  g_assert_true (gtk_widget_get_visible (named (GTK_WIDGET (window), "disputes")));
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

  tmp_dir = g_dir_make_tmp ("kaizen-test-calibration-XXXXXX", &error);
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
  g_test_add_func ("/calibration/format", test_format);
  g_test_add_func ("/calibration/create", test_create);
  g_test_add_func ("/calibration/blind-while-open", test_blind_while_open);
  g_test_add_func ("/calibration/close-and-alpha", test_close_and_alpha);
  g_test_add_func ("/calibration/shown-after-close", test_shown_after_close);
  g_test_add_func ("/calibration/leniency", test_leniency);
  g_test_add_func ("/calibration/dispute", test_dispute);
  g_test_add_func ("/calibration/agent-sidebar", test_agent_sidebar);
  ret = g_test_run ();

  g_clear_object (&store);
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", tmp_dir);

    g_assert_cmpint (system (cmd), ==, 0);
  }
  return ret;
}
