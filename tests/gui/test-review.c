/* test-review.c — a reviewer's day in the real window
 *
 * The window on a small centre built here, so every expected count comes
 * from the fixture's construction:
 *
 *   E1  email  Ana (Billing)  2026-03-02  "Meter reading wrong"      in Rita's queue, CSAT 2 with a comment
 *   C1  call   Bo  (Meters)   2026-03-05  "Inbound call"             in Rita's queue
 *   E2  email  Bo  (Meters)   2026-03-10  "Refund for overpayment"   nobody's
 *   E3  email  Ana (Billing)  2026-04-01  "Direct debit changed"     in Rita's queue, reviewed (submitted)
 *   E4  email  Ana (Billing)  2026-04-02  "Moving house"             nobody's
 *
 * The tests share the centre and run in the order main() adds them.
 * Scores the header shows are compared with kz_score_compute() on the
 * answers the test gave, never with what the window computed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "kz-criterion-row.h"
#include "kz-demo.h"
#include "kz-draft-journal.h"
#include "kz-gui-test.h"
#include "kz-interactions-page.h"
#include "kz-person-picker.h"
#include "kz-review-workspace.h"
#include "kz-score.h"
#include "kz-store.h"
#include "kz-window.h"

static KzStore *store;
static char *tmp_dir;
static gint64 rita, mo, ana, bo, billing, meters;
static gint64 e1, c1, e2, e3, e4;

/* ---- the fixture --------------------------------------------------------- */

static gint64
add_person (const char *name,
            const char *email,
            KzRoles     roles,
            gint64      team)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzPerson) p = kz_person_new (name, roles);
  gint64 id;

  p->team_id = team;
  p->emails = g_new0 (char *, 2);
  p->emails[0] = g_strdup (email);
  id = kz_store_add_person (store, p, &error);
  g_assert_no_error (error);
  return id;
}

static gint64
add_interaction (KzChannel   channel,
                 gint64      agent,
                 int         month,
                 int         day,
                 const char *subject,
                 const char *ref)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) when = g_date_time_new_utc (2026, month, day, 9, 0, 0);
  KzInteraction it = { 0, channel, agent, when, (char *) subject, (char *) ref };
  gint64 id = kz_store_add_interaction (store, &it, &error);

  g_assert_no_error (error);
  return id;
}

static void
add_message (gint64      interaction,
             const char *id,
             const char *reply_to,
             const char *from,
             int         hour,
             const char *subject,
             const char *body)
{
  g_autoptr(GError) error = NULL;
  KzEmailMessage *m = g_new0 (KzEmailMessage, 1);
  g_autoptr(GDateTime) when = g_date_time_new_utc (2026, 3, 2, hour, 0, 0);

  m->message_id = g_strdup (id);
  m->in_reply_to = g_strdup (reply_to);
  m->from = g_strdup (from);
  m->from_address = g_strdup (from);
  m->addresses = g_new0 (char *, 2);
  m->addresses[0] = g_strdup (from);
  m->to = g_strdup ("help@northwind.example");
  m->date = g_date_time_ref (when);
  m->subject = g_strdup (subject);
  m->body = g_strdup (body);
  m->attachments = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_attachment_free);
  g_assert_true (kz_store_add_messages (store, interaction, &m, 1, &error));
  g_assert_no_error (error);
  kz_email_message_free (m);
}

static void
add_rubric (const char *file)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (kz_demo_rubrics_dir (), file, NULL);
  g_autoptr(KzRubric) rubric = kz_rubric_load_file (path, &error);

  g_assert_no_error (error);
  g_assert_true (kz_store_add_rubric (store, rubric, NULL, &error));
  g_assert_no_error (error);
}

static void
assign (gint64 interaction, gint64 reviewer)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (kz_store_assign (store, interaction, reviewer, &error));
  g_assert_no_error (error);
}

static void
make_centre (void)
{
  g_autoptr(GError) error = NULL;
  gint64 org, site;

  add_rubric ("email-support.xml");
  add_rubric ("phone-support.xml");
  add_rubric ("compliance-account-servicing.xml");

  org = kz_store_add_unit (store, KZ_UNIT_ORGANISATION, "Northwind", 0, &error);
  site = kz_store_add_unit (store, KZ_UNIT_SITE, "Leeds", org, &error);
  billing = kz_store_add_unit (store, KZ_UNIT_TEAM, "Billing", site, &error);
  meters = kz_store_add_unit (store, KZ_UNIT_TEAM, "Meters", site, &error);
  g_assert_no_error (error);
  rita = add_person ("Rita Reviewer", "rita@northwind.example", KZ_ROLE_REVIEWER, 0);
  mo = add_person ("Mo Manager", "mo@northwind.example", KZ_ROLE_MANAGER, 0);
  ana = add_person ("Ana Agent", "ana@northwind.example", KZ_ROLE_AGENT, billing);
  bo = add_person ("Bo Agent", "bo@northwind.example", KZ_ROLE_AGENT, meters);

  e1 = add_interaction (KZ_CHANNEL_EMAIL, ana, 3, 2, "Meter reading wrong", "<q1@example.org>");
  add_message (e1, "q1@example.org", NULL, "pat@example.org", 9, "Meter reading wrong",
               "Hello, my meter reading is wrong.\nPat");
  add_message (e1, "a1@northwind.example", "q1@example.org", "ana@northwind.example", 10,
               "Re: Meter reading wrong", "Hi Pat, I have corrected the reading.\n\n> Hello, my meter reading is wrong.");
  c1 = add_interaction (KZ_CHANNEL_CALL, bo, 3, 5, "Inbound call", "CALL-1");
  e2 = add_interaction (KZ_CHANNEL_EMAIL, bo, 3, 10, "Refund for overpayment", "<q2@example.org>");
  add_message (e2, "q2@example.org", NULL, "sam@example.org", 11, "Refund for overpayment",
               "I paid twice, please refund me.");
  e3 = add_interaction (KZ_CHANNEL_EMAIL, ana, 4, 1, "Direct debit changed", "<q3@example.org>");
  add_message (e3, "q3@example.org", NULL, "lee@example.org", 12, "Direct debit changed", "New bank details.");
  e4 = add_interaction (KZ_CHANNEL_EMAIL, ana, 4, 2, "Moving house", "<q4@example.org>");
  add_message (e4, "q4@example.org", NULL, "kim@example.org", 13, "Moving house", "We move next month.");

  {
    g_autoptr(GDateTime) when = g_date_time_new_utc (2026, 3, 3, 8, 0, 0);
    KzFeedback feedback = { e1, KZ_FEEDBACK_CSAT, 2, (char *) "Took three emails to fix", when };

    g_assert_true (kz_store_set_feedback (store, &feedback, &error));
    g_assert_no_error (error);
  }

  /* A call with a recording and a transcript. */
  {
    g_autofree char *wav = g_build_filename (tmp_dir, "call.wav", NULL);
    guint32 data_len = 16000 * 3, riff_len = 36 + data_len, rate = 8000, byte_rate = 16000, fmt_len = 16;
    guint16 pcm = 1, channels = 1, align = 2, bits = 16;
    g_autofree guint8 *bytes = g_malloc0 (44 + data_len);
    KzCall call = { c1, 3, KZ_DIRECTION_INBOUND, (char *) "ACC-9", wav, (char *) "audio/x-wav", NULL };
    KzTranscriptSegment seg = { 0, 2000, (char *) "Agent", (char *) "Thank you for calling Northwind." };

    memcpy (bytes, "RIFF", 4); memcpy (bytes + 4, &riff_len, 4); memcpy (bytes + 8, "WAVEfmt ", 8);
    memcpy (bytes + 16, &fmt_len, 4); memcpy (bytes + 20, &pcm, 2); memcpy (bytes + 22, &channels, 2);
    memcpy (bytes + 24, &rate, 4); memcpy (bytes + 28, &byte_rate, 4); memcpy (bytes + 32, &align, 2);
    memcpy (bytes + 34, &bits, 2); memcpy (bytes + 36, "data", 4); memcpy (bytes + 40, &data_len, 4);
    g_assert_true (g_file_set_contents (wav, (const char *) bytes, 44 + data_len, NULL));
    call.transcript = g_ptr_array_new ();
    g_ptr_array_add (call.transcript, &seg);
    g_assert_true (kz_store_add_call (store, &call, &error));
    g_assert_no_error (error);
    g_ptr_array_unref (call.transcript);
  }

  assign (e1, rita);
  assign (c1, rita);
  assign (e3, rita);

  /* E3 reviewed already. */
  {
    g_autoptr(KzEvaluation) ev = kz_evaluation_new ();
    g_autoptr(KzRubric) rubric = kz_store_get_rubric (store, "email-support", 0, &error);
    GPtrArray *sections = kz_rubric_get_sections (rubric);

    ev->rubric_id = g_strdup ("email-support");
    ev->interaction_id = e3;
    ev->agent_id = ana;
    ev->reviewer_id = rita;
    ev->state = KZ_EVALUATION_SUBMITTED;
    for (guint s = 0; s < sections->len; s++)
      {
        const KzSection *section = g_ptr_array_index (sections, s);

        for (guint c = 0; c < section->criteria->len; c++)
          {
            const KzCriterion *criterion = g_ptr_array_index (section->criteria, c);
            const KzScalePoint *top = g_ptr_array_index (criterion->scale->points, criterion->scale->points->len - 1);

            kz_answer_set_put (ev->answers, kz_answer_new (criterion->id, KZ_ANSWER_VALUE, top->value, NULL));
          }
      }
    kz_store_save_evaluation (store, ev, &error);
    g_assert_no_error (error);
  }
}

/* ---- the window ------------------------------------------------------------ */

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

static KzInteractionsPage *
page (KzWindow   *window,
      const char *name)
{
  return KZ_INTERACTIONS_PAGE (kz_window_get_page (window, name));
}

static void
show (KzWindow   *window,
      const char *name)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", name));
  KZ_WAIT_UNTIL (!kz_interactions_page_get_loading (page (window, name)));
}

/* The id at row @position once its page has arrived. */
static gint64
row_id (KzInteractionsPage *p,
        guint               position)
{
  g_autoptr(KzInteractionItem) item = g_list_model_get_item (G_LIST_MODEL (kz_interactions_page_get_list (p)),
                                                             position);

  g_assert_nonnull (item);
  KZ_WAIT_UNTIL (kz_interaction_item_get_loaded (item));
  return kz_interaction_item_get_id (item);
}

static guint
position_of (KzInteractionsPage *p,
             gint64              id)
{
  guint n = kz_interactions_page_get_n_items (p);

  for (guint i = 0; i < n; i++)
    if (row_id (p, i) == id)
      return i;
  g_error ("interaction %" G_GINT64_FORMAT " not in the list", id);
}

static KzReviewWorkspace *
workspace (KzWindow *window)
{
  GtkWidget *w = kz_gui_test_find_by_type (kz_window_get_page (window, "review"), KZ_TYPE_REVIEW_WORKSPACE);

  return w != NULL ? KZ_REVIEW_WORKSPACE (w) : NULL;
}

/* Activates a row as Enter or a double click does. */
static KzReviewWorkspace *
open_row (KzWindow           *window,
          KzInteractionsPage *p,
          gint64              id)
{
  GtkColumnView *view = kz_interactions_page_get_column_view (p);

  g_signal_emit_by_name (view, "activate", position_of (p, id));
  KZ_WAIT_UNTIL (g_strcmp0 (kz_window_get_visible_page (window), "review") == 0 && workspace (window) != NULL &&
                 kz_review_workspace_get_loaded (workspace (window)));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  return workspace (window);
}

static const char *
score_text (KzReviewWorkspace *ws)
{
  return gtk_label_get_text (GTK_LABEL (kz_gui_test_find_by_name (GTK_WIDGET (ws), "final-score")));
}

static char *
expected_score (KzRubric    *rubric,
                KzAnswerSet *answers)
{
  g_autoptr(KzScore) score = kz_score_compute (rubric, answers);

  return kz_score_format_percent (score->has_score, score->final);
}

static KzEvaluation *
stored (gint64 interaction)
{
  g_autoptr(GError) error = NULL;
  KzEvaluationFilter filter = { .interaction_id = interaction, .reviewer_id = rita };
  g_autoptr(GPtrArray) list = kz_store_list_evaluations (store, &filter, &error);
  KzEvaluation *ev;

  g_assert_no_error (error);
  if (list->len == 0)
    return NULL;
  ev = kz_store_get_evaluation (store, ((KzEvaluationSummary *) g_ptr_array_index (list, 0))->id, &error);
  g_assert_no_error (error);
  return ev;
}

/* A filter's dropdown, by the tooltip a person reads on it. */
static GtkWidget *
find_dropdown (GtkWidget  *widget,
               const char *tooltip)
{
  if (GTK_IS_DROP_DOWN (widget) && g_strcmp0 (gtk_widget_get_tooltip_text (widget), tooltip) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_dropdown (child, tooltip);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static guint
n_items (KzInteractionsPage *p)
{
  KZ_WAIT_UNTIL (!kz_interactions_page_get_loading (p));
  return kz_interactions_page_get_n_items (p);
}

static void
set_dropdown (KzInteractionsPage *p,
              const char         *tooltip,
              guint               position)
{
  GtkWidget *dropdown = find_dropdown (GTK_WIDGET (p), tooltip);

  g_assert_nonnull (dropdown);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), position);
  KZ_WAIT_UNTIL (!kz_interactions_page_get_loading (p));
}

/* ---- tests ------------------------------------------------------------------ */

/* From the queue to a submitted evaluation, by the form's keyboard actions. */
static void
test_queue_to_submit (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzRubric) rubric = kz_store_get_rubric (store, "email-support", 0, &error);
  g_autoptr(GHashTable) expected = kz_answer_set_new ();
  g_autoptr(KzEvaluation) ev = NULL;
  KzWindow *window = open_window (rita);
  KzInteractionsPage *queue = page (window, "queue");
  KzReviewWorkspace *ws;
  GPtrArray *sections = kz_rubric_get_sections (rubric);
  guint n = 0;

  show (window, "queue");
  g_assert_cmpint (kz_interactions_page_get_reviewer_id (queue), ==, rita);
  /* To review: E1 and C1, newest first; E3 is done. */
  g_assert_cmpuint (kz_interactions_page_get_n_items (queue), ==, 2);
  g_assert_cmpint (row_id (queue, 0), ==, c1);
  g_assert_cmpint (row_id (queue, 1), ==, e1);
  g_assert_cmpstr (kz_interactions_page_get_state (queue), ==, "list");
  kz_gui_test_screenshot (GTK_WIDGET (window), "queue.png");

  ws = open_row (window, queue, e1);
  g_assert_cmpint (kz_review_workspace_get_channel (ws), ==, KZ_CHANNEL_EMAIL);
  /* An email: the email rubric, which this centre made for emails. */
  g_assert_cmpstr (kz_review_workspace_get_rubric_id (ws), ==, "email-support");
  g_assert_true (kz_gui_test_shows_text (GTK_WIDGET (window), "Meter reading wrong"));
  g_assert_cmpstr (score_text (ws), ==, "—");

  /* Every criterion from the keyboard's actions: the focus on the first,
   * then a point key ("review.pick"), Alt+Down ("review.next-criterion"). */
  kz_criterion_row_grab_focus (KZ_CRITERION_ROW (kz_review_workspace_get_criterion_row (
    ws, ((KzCriterion *) g_ptr_array_index (((KzSection *) g_ptr_array_index (sections, 0))->criteria, 0))->id)));
  for (guint s = 0; s < sections->len; s++)
    {
      const KzSection *section = g_ptr_array_index (sections, s);

      for (guint c = 0; c < section->criteria->len; c++, n++)
        {
          const KzCriterion *criterion = g_ptr_array_index (section->criteria, c);
          guint n_points = criterion->scale->points->len;
          /* Mostly the top point; every third one point lower. */
          guint index = n % 3 == 2 ? n_points - 2 : n_points - 1;
          g_autofree char *want = NULL;

          if (n > 0)
            g_assert_true (gtk_widget_activate_action (GTK_WIDGET (ws), "review.next-criterion", NULL));
          g_assert_cmpstr (kz_review_workspace_get_current_criterion (ws), ==, criterion->id);
          g_assert_true (gtk_widget_activate_action (GTK_WIDGET (ws), "review.pick", "i", (gint32) index));
          kz_answer_set_put (expected, kz_answer_new (criterion->id, KZ_ANSWER_VALUE,
                                                      ((KzScalePoint *) g_ptr_array_index (criterion->scale->points,
                                                                                          index))->value, NULL));
          /* The live score is the engine's, after every answer. */
          want = expected_score (rubric, expected);
          g_assert_cmpstr (score_text (ws), ==, want);
        }
    }
  g_assert_cmpuint (n, ==, kz_rubric_get_n_criteria (rubric));
  kz_gui_test_screenshot (GTK_WIDGET (window), "review-email.png");

  /* Ctrl+Return's action: submitted, and back to the queue. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (ws), "review.submit", NULL));
  KZ_WAIT_UNTIL (g_strcmp0 (kz_window_get_visible_page (window), "queue") == 0);
  g_assert_null (workspace (window));
  KZ_WAIT_UNTIL (!kz_interactions_page_get_loading (queue) && kz_interactions_page_get_n_items (queue) == 1);
  g_assert_cmpint (row_id (queue, 0), ==, c1);

  ev = stored (e1);
  g_assert_nonnull (ev);
  g_assert_cmpint (ev->state, ==, KZ_EVALUATION_SUBMITTED);
  g_assert_cmpint (ev->agent_id, ==, ana);
  g_assert_cmpuint (g_hash_table_size (ev->answers), ==, n);
  {
    g_autoptr(KzScore) score = kz_score_compute (rubric, expected);

    g_assert_true (ev->has_score);
    g_assert_cmpfloat_with_epsilon (ev->final, score->final, 1e-9);
  }

  /* Done: E3 and now E1. */
  set_dropdown (queue, "Review state", 1);
  g_assert_cmpuint (n_items (queue), ==, 2);
  g_assert_cmpint (row_id (queue, 0), ==, e3);
  g_assert_cmpint (row_id (queue, 1), ==, e1);
  set_dropdown (queue, "Review state", 0);
  close_window (window);
}


/* Words and filters, each count worked out from the fixture. */
static void
test_find (void)
{
  KzWindow *window = open_window (rita);
  KzInteractionsPage *all = page (window, "interactions");
  GtkEditable *search = GTK_EDITABLE (kz_interactions_page_get_search_entry (all));
  GtkWidget *from, *to;

  show (window, "interactions");
  g_assert_cmpuint (n_items (all), ==, 5);
  g_assert_cmpint (row_id (all, 0), ==, e4);            /* newest first */
  g_assert_cmpint (row_id (all, 4), ==, e1);
  kz_gui_test_screenshot (GTK_WIDGET (window), "interactions.png");

  /* Words: in a body only (E2's "refund"), a subject ("meter"), a prefix. */
  gtk_editable_set_text (search, "refund");
  KZ_WAIT_UNTIL (g_strcmp0 (kz_interactions_page_get_query (all)->text, "refund") == 0);
  g_assert_cmpuint (n_items (all), ==, 1);
  g_assert_cmpint (row_id (all, 0), ==, e2);
  gtk_editable_set_text (search, "corrected read");     /* E1's reply: "corrected the reading" */
  KZ_WAIT_UNTIL (g_strcmp0 (kz_interactions_page_get_query (all)->text, "corrected read") == 0);
  g_assert_cmpuint (n_items (all), ==, 1);
  g_assert_cmpint (row_id (all, 0), ==, e1);
  gtk_editable_set_text (search, "nothing-like-this");
  KZ_WAIT_UNTIL (g_strcmp0 (kz_interactions_page_get_query (all)->text, "nothing-like-this") == 0);
  g_assert_cmpuint (n_items (all), ==, 0);
  g_assert_cmpstr (kz_interactions_page_get_state (all), ==, "empty");
  g_assert_true (kz_gui_test_shows_text (GTK_WIDGET (all), "No Matching Interactions"));
  gtk_editable_set_text (search, "");
  KZ_WAIT_UNTIL (g_strcmp0 (kz_interactions_page_get_query (all)->text, "") == 0);
  g_assert_cmpuint (n_items (all), ==, 5);

  set_dropdown (all, "Channel", 1);                      /* calls */
  g_assert_cmpuint (n_items (all), ==, 1);
  g_assert_cmpint (row_id (all, 0), ==, c1);
  set_dropdown (all, "Channel", 0);

  KZ_WAIT_UNTIL (g_list_model_get_n_items (gtk_drop_down_get_model (GTK_DROP_DOWN (
    find_dropdown (GTK_WIDGET (all), "Team")))) == 3);
  set_dropdown (all, "Team", 2);                         /* All, Billing, Meters */
  g_assert_cmpint (kz_interactions_page_get_query (all)->team_id, ==, meters);
  g_assert_cmpuint (n_items (all), ==, 2);               /* C1, E2 */
  set_dropdown (all, "Team", 0);

  set_dropdown (all, "Agent", 1);                        /* All, Ana, Bo (by name) */
  g_assert_cmpint (kz_interactions_page_get_query (all)->agent_id, ==, ana);
  g_assert_cmpuint (n_items (all), ==, 3);               /* E1, E3, E4 */
  set_dropdown (all, "Review state", 1);                 /* not reviewed */
  g_assert_cmpuint (n_items (all), ==, 2);               /* E1, E4 */
  set_dropdown (all, "Review state", 2);                 /* reviewed */
  g_assert_cmpuint (n_items (all), ==, 1);
  g_assert_cmpint (row_id (all, 0), ==, e3);
  set_dropdown (all, "Review state", 0);
  set_dropdown (all, "Agent", 0);

  /* Dates: all of March (the last day counts whole). */
  set_dropdown (all, "Period", 6);
  from = kz_gui_test_find_by_name (GTK_WIDGET (all), "from-date");
  to = kz_gui_test_find_by_name (GTK_WIDGET (all), "to-date");
  gtk_editable_set_text (GTK_EDITABLE (from), "2026-03-01");
  gtk_editable_set_text (GTK_EDITABLE (to), "2026-03-10");
  g_assert_cmpuint (n_items (all), ==, 3);               /* E1, C1, E2 (10 March 09:00) */
  gtk_editable_set_text (GTK_EDITABLE (to), "2026-03-09");
  g_assert_cmpuint (n_items (all), ==, 2);
  /* Not a date: said, marked, and that bound left out. */
  gtk_editable_set_text (GTK_EDITABLE (to), "next week");
  g_assert_true (gtk_widget_has_css_class (to, "error"));
  KZ_WAIT_UNTIL (kz_gui_test_shows_text (GTK_WIDGET (all), "Write dates as YYYY-MM-DD"));
  g_assert_null (kz_interactions_page_get_query (all)->to);
  g_assert_cmpuint (n_items (all), ==, 5);
  set_dropdown (all, "Period", 0);
  g_assert_cmpuint (n_items (all), ==, 5);

  /* Ctrl+F's action puts the focus in the search box. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (all), "interactions.search", NULL));
  g_assert_true (gtk_widget_is_focus (kz_interactions_page_get_search_entry (all)) ||
                 gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (window)),
                                         kz_interactions_page_get_search_entry (all)));
  close_window (window);
}

/* The customer's own verdict beside the interaction; none where none. */
static void
test_customer_rating (void)
{
  KzWindow *window = open_window (rita);
  KzInteractionsPage *all = page (window, "interactions");
  KzReviewWorkspace *ws;
  GtkWidget *card;

  show (window, "interactions");
  ws = open_row (window, all, e1);
  card = kz_gui_test_find_by_name (GTK_WIDGET (ws), "customer-feedback");
  g_assert_true (gtk_widget_get_mapped (card));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (kz_gui_test_find_by_name (card, "feedback-rating"))), ==, "2/5");
  g_assert_true (kz_gui_test_shows_text (card, "Customer satisfaction (CSAT) · 2026-03-03"));
  g_assert_true (kz_gui_test_shows_text (card, "“Took three emails to fix”"));
  kz_gui_test_screenshot (GTK_WIDGET (window), "review-feedback.png");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.back", NULL));
  KZ_WAIT_UNTIL (g_strcmp0 (kz_window_get_visible_page (window), "interactions") == 0);
  ws = open_row (window, all, c1);
  g_assert_false (gtk_widget_get_visible (kz_gui_test_find_by_name (GTK_WIDGET (ws), "customer-feedback")));
  close_window (window);
}

/* Another rubric before the first answer; remembered for the next review. */
static void
test_rubric_choice (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  KzWindow *window = open_window (rita);
  KzInteractionsPage *all = page (window, "interactions");
  KzReviewWorkspace *ws;
  GtkDropDown *choice;

  g_settings_reset (settings, "review-rubric-email");
  show (window, "interactions");
  ws = open_row (window, all, e2);
  choice = GTK_DROP_DOWN (kz_gui_test_find_by_name (GTK_WIDGET (ws), "rubric-choice"));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (choice)));
  /* By title: Email support, Phone support, Regulated account servicing. */
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (choice)), ==, 3);
  g_assert_cmpuint (gtk_drop_down_get_selected (choice), ==, 0);

  gtk_drop_down_set_selected (choice, 2);
  KZ_WAIT_UNTIL (g_strcmp0 (kz_review_workspace_get_rubric_id (ws), "compliance-account-servicing") == 0);
  /* The compliance rubric's own criteria are on the form now. */
  KZ_WAIT_UNTIL (kz_review_workspace_get_criterion_row (ws, "id-verification") != NULL);
  g_assert_null (kz_review_workspace_get_criterion_row (ws, "accurate"));
  g_assert_cmpstr (g_settings_get_string (settings, "review-rubric-email"), ==, "compliance-account-servicing");

  /* Answered: the choice goes away. */
  kz_criterion_row_grab_focus (KZ_CRITERION_ROW (kz_review_workspace_get_criterion_row (ws, "id-verification")));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (ws), "review.pick", "i", 1));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (choice)));
  KZ_WAIT_UNTIL (!kz_review_workspace_get_saving (ws));
  {
    g_autoptr(KzEvaluation) draft = stored (e2);

    g_assert_cmpstr (draft->rubric_id, ==, "compliance-account-servicing");
  }

  /* The next new email review starts with it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.back", NULL));
  KZ_WAIT_UNTIL (g_strcmp0 (kz_window_get_visible_page (window), "interactions") == 0);
  ws = open_row (window, all, e4);
  g_assert_cmpstr (kz_review_workspace_get_rubric_id (ws), ==, "compliance-account-servicing");
  g_settings_reset (settings, "review-rubric-email");
  close_window (window);
}

/* Answers the store never got (a crash, a kill) come back from the
 * journal; a journal older than a draft saved since is set aside. */
static void
test_journal (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = kz_draft_journal_path (kz_store_get_identity (store), c1, rita);
  g_autoptr(KzEvaluation) left = kz_evaluation_new ();
  g_autoptr(KzEvaluation) draft = NULL;
  KzWindow *window;
  KzReviewWorkspace *ws;

  g_assert_null (stored (c1));
  left->interaction_id = c1;
  left->reviewer_id = rita;
  left->agent_id = bo;
  left->rubric_id = g_strdup ("phone-support");
  left->rubric_version = 1;
  kz_answer_set_put (left->answers, kz_answer_new ("greeting", KZ_ANSWER_VALUE, 1, "warm"));
  g_assert_true (kz_draft_journal_write (path, left, &error));
  g_assert_no_error (error);

  window = open_window (rita);
  show (window, "queue");
  ws = open_row (window, page (window, "queue"), c1);
  g_assert_cmpstr (kz_review_workspace_get_journal_path (ws), ==, path);
  {
    g_autoptr(KzAnswer) greeting = kz_criterion_row_dup_answer (
      KZ_CRITERION_ROW (kz_review_workspace_get_criterion_row (ws, "greeting")));

    g_assert_nonnull (greeting);
    g_assert_cmpfloat (greeting->value, ==, 1);
    g_assert_cmpstr (greeting->comment, ==, "warm");
  }
  /* … and on to the store, after which the journal is gone. */
  KZ_WAIT_UNTIL (!kz_review_workspace_get_saving (ws) && (draft = stored (c1)) != NULL);
  g_assert_cmpstr (kz_answer_set_get (draft->answers, "greeting")->comment, ==, "warm");
  KZ_WAIT_UNTIL (!g_file_test (path, G_FILE_TEST_EXISTS));

  /* A journal written on an older row version of this draft. */
  left->id = draft->id;
  left->row_version = draft->row_version - 1;
  kz_answer_set_put (left->answers, kz_answer_new ("greeting", KZ_ANSWER_VALUE, 0, "older"));
  g_assert_true (kz_draft_journal_write (path, left, &error));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.back", NULL));
  KZ_WAIT_UNTIL (g_strcmp0 (kz_window_get_visible_page (window), "queue") == 0);
  ws = open_row (window, page (window, "queue"), c1);
  g_assert_true (g_str_has_prefix (kz_review_workspace_get_message (ws), "This draft was saved from another computer"));
  {
    g_autoptr(KzAnswer) greeting = kz_criterion_row_dup_answer (
      KZ_CRITERION_ROW (kz_review_workspace_get_criterion_row (ws, "greeting")));

    g_assert_cmpstr (greeting->comment, ==, "warm");
  }
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  close_window (window);
}

/* Reviewing needs a reviewer: nobody chosen, or a manager, is told so. */
static void
test_needs_reviewer (void)
{
  KzWindow *window = open_window (0);
  KzInteractionsPage *queue = page (window, "queue");
  KzInteractionsPage *all = page (window, "interactions");

  show (window, "queue");
  g_assert_cmpstr (kz_interactions_page_get_state (queue), ==, "no-reviewer");
  g_assert_true (kz_gui_test_shows_text (GTK_WIDGET (queue), "Choose Who You Are"));

  show (window, "interactions");
  g_signal_emit_by_name (kz_interactions_page_get_column_view (all), "activate", position_of (all, e4));
  kz_gui_test_drain ();
  g_assert_cmpstr (kz_window_get_visible_page (window), ==, "interactions");
  g_assert_true (kz_gui_test_shows_text (GTK_WIDGET (window), "Choose who you are in the header bar first"));
  close_window (window);

  window = open_window (mo);
  all = page (window, "interactions");
  show (window, "interactions");
  g_signal_emit_by_name (kz_interactions_page_get_column_view (all), "activate", position_of (all, e4));
  kz_gui_test_drain ();
  g_assert_cmpstr (kz_window_get_visible_page (window), ==, "interactions");
  g_assert_true (kz_gui_test_shows_text (GTK_WIDGET (window), "Mo Manager is not a reviewer"));
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

  tmp_dir = g_dir_make_tmp ("kaizen-test-review-XXXXXX", &error);
  g_assert_no_error (error);
  /* The journal goes under the state directory: a fresh one. */
  {
    g_autofree char *state = g_build_filename (tmp_dir, "state", NULL);

    g_setenv ("XDG_STATE_HOME", state, TRUE);
  }
  db_path = g_build_filename (tmp_dir, "centre.db", NULL);
  store = kz_store_open (db_path, &error);
  g_assert_no_error (error);
  make_centre ();

  /* In this order: they share the centre, and only the first changes
   * what the others count (it submits E1). */
  g_test_add_func ("/review/find", test_find);
  g_test_add_func ("/review/queue-to-submit", test_queue_to_submit);
  g_test_add_func ("/review/customer-rating", test_customer_rating);
  g_test_add_func ("/review/rubric-choice", test_rubric_choice);
  g_test_add_func ("/review/journal", test_journal);
  g_test_add_func ("/review/needs-reviewer", test_needs_reviewer);
  ret = g_test_run ();

  g_clear_object (&store);
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", tmp_dir);
    g_assert_cmpint (system (cmd), ==, 0);
  }
  return ret;
}
