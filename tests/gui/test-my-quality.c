/* test-my-quality.c — an agent's "My quality" in the real window:
 * acknowledge, dispute, a late dispute refused
 *
 * The centre, built here (spec rubric of scoring.md, dispute window 7 days,
 * pass mark 80), team Billing:
 *
 *   A1  Ana  2 days ago   G1 Yes, G2 4, R1 Yes, R2 N/A  → 97.5 (scoring.md's example)
 *       a call; G2's comment is at 1:05 of the recording
 *   A2  Ana  3 days ago   G1 No,  G2 2, R1 Yes, R2 2    → 20 × (0 + 0.25)/2 + 80 × (2 + 0.5)/3 = 69.1667 → 69.2
 *   A3  Ana  10 days ago  G1 Yes, G2 5, R1 No,  R2 3    → 20 × 1 + 80 × (0 + 1)/3 = 46.667 → 46.7 (window closed)
 *   B1  Bo   1 day ago    G1 Yes, G2 1, R1 Yes, R2 1    (Bo is Ana's teammate)
 *
 * Ana's G2 average: (75 + 25 + 100) / 3 = 66.7 over 3 answers; the team's
 * adds Bo's 0: 200 / 4 = 50.0; the target is the pass mark, 80.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "kz-call-player.h"
#include "kz-chart-frame.h"
#include "kz-gui-test.h"
#include "kz-my-quality-page.h"
#include "kz-person-picker.h"
#include "kz-score.h"
#include "kz-store.h"
#include "kz-window.h"

#define NS "https://kaizen-qa.org/ns/rubric/1"

static const char spec_rubric[] =
  "<rubric xmlns='" NS "' id='spec' version='1' pass-mark='80' dispute-days='7'><title>Call Quality</title>"
  "<section id='greeting' weight='20'><title>Greeting</title>"
  " <criterion id='G1'><title>Greets</title><guidance>g</guidance>"
  "  <scale kind='binary'><point value='0' label='No'/><point value='1' label='Yes'/></scale></criterion>"
  " <criterion id='G2'><title>Warmth</title><guidance>g</guidance>"
  "  <scale kind='ordinal'><point value='1'/><point value='2'/><point value='3'/><point value='4'/>"
  "   <point value='5'/></scale></criterion></section>"
  "<section id='resolution' weight='80'><title>Resolution</title>"
  " <criterion id='R1' weight='2'><title>Solved</title><guidance>g</guidance>"
  "  <scale kind='binary'><point value='0' label='No'/><point value='1' label='Yes'/></scale></criterion>"
  " <criterion id='R2' na='exclude'><title>Notes</title><guidance>g</guidance>"
  "  <scale kind='ordinal'><point value='1'/><point value='2'/><point value='3'/></scale></criterion>"
  "</section></rubric>";

static KzStore *store;
static char *tmp_dir;
static gint64 ana, bo, rita, billing;
static gint64 a1, a2, a3;

static gint64
add_person (const char *name,
            KzRoles     roles,
            gint64      team)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzPerson) p = kz_person_new (name, roles);
  gint64 id;

  p->team_id = team;
  p->emails = g_new0 (char *, 2);
  p->emails[0] = g_strdup_printf ("%s@northwind.example", name);
  id = kz_store_add_person (store, p, &error);
  g_assert_no_error (error);
  return id;
}

/* A 90-second silent recording, 8 kHz 16-bit mono. */
static char *
write_wav (void)
{
  char *wav = g_build_filename (tmp_dir, "call.wav", NULL);
  guint32 data_len = 16000 * 90, riff_len = 36 + data_len, rate = 8000, byte_rate = 16000, fmt_len = 16;
  guint16 pcm = 1, channels = 1, align = 2, bits = 16;
  g_autofree guint8 *bytes = g_malloc0 (44 + data_len);

  memcpy (bytes, "RIFF", 4); memcpy (bytes + 4, &riff_len, 4); memcpy (bytes + 8, "WAVEfmt ", 8);
  memcpy (bytes + 16, &fmt_len, 4); memcpy (bytes + 20, &pcm, 2); memcpy (bytes + 22, &channels, 2);
  memcpy (bytes + 24, &rate, 4); memcpy (bytes + 28, &byte_rate, 4); memcpy (bytes + 32, &align, 2);
  memcpy (bytes + 34, &bits, 2); memcpy (bytes + 36, "data", 4); memcpy (bytes + 40, &data_len, 4);
  g_assert_true (g_file_set_contents (wav, (const char *) bytes, 44 + data_len, NULL));
  return wav;
}

static gint64
submit (gint64   agent,
        double   days_ago,
        int      g1,
        int      g2,
        int      r1,
        int      r2,
        gboolean with_call)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzEvaluation) ev = kz_evaluation_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) when = g_date_time_add_seconds (now, -days_ago * 86400);
  g_autofree char *ref = g_strdup_printf ("CALL-%lld-%g", (long long) agent, days_ago);
  KzInteraction it = { 0, KZ_CHANNEL_CALL, agent, when, (char *) "Meter reading", ref };
  KzAnswer *warmth;
  gint64 id;

  ev->interaction_id = kz_store_add_interaction (store, &it, &error);
  g_assert_no_error (error);
  if (with_call)
    {
      g_autofree char *wav = write_wav ();
      KzCall call = { ev->interaction_id, 90, KZ_DIRECTION_INBOUND, (char *) "ACC-1", wav,
                      (char *) "audio/x-wav", g_ptr_array_new () };

      g_assert_true (kz_store_add_call (store, &call, &error));
      g_assert_no_error (error);
      g_ptr_array_unref (call.transcript);
    }
  ev->rubric_id = g_strdup ("spec");
  ev->agent_id = agent;
  ev->reviewer_id = rita;
  ev->state = KZ_EVALUATION_SUBMITTED;
  ev->created_at = g_date_time_ref (when);
  ev->updated_at = g_date_time_ref (when);
  kz_answer_set_put (ev->answers, kz_answer_new ("G1", KZ_ANSWER_VALUE, g1, "Greeting heard"));
  warmth = kz_answer_new ("G2", KZ_ANSWER_VALUE, g2, "Sounded rushed here");
  warmth->comment_at_ms = with_call ? 65000 : -1;
  kz_answer_set_put (ev->answers, warmth);
  kz_answer_set_put (ev->answers, kz_answer_new ("R1", KZ_ANSWER_VALUE, r1, NULL));
  kz_answer_set_put (ev->answers, r2 > 0 ? kz_answer_new ("R2", KZ_ANSWER_VALUE, r2, NULL)
                                         : kz_answer_new ("R2", KZ_ANSWER_NA, 0, NULL));
  id = kz_store_save_evaluation (store, ev, &error);
  g_assert_no_error (error);
  return id;
}

static void
make_centre (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzRubric) rubric = kz_rubric_load_data (spec_rubric, sizeof spec_rubric - 1, "spec.xml", &error);
  gint64 org, site;

  g_assert_no_error (error);
  g_assert_true (kz_store_add_rubric (store, rubric, NULL, &error));
  org = kz_store_add_unit (store, KZ_UNIT_ORGANISATION, "Northwind", 0, &error);
  site = kz_store_add_unit (store, KZ_UNIT_SITE, "Leeds", org, &error);
  billing = kz_store_add_unit (store, KZ_UNIT_TEAM, "Billing", site, &error);
  g_assert_no_error (error);
  ana = add_person ("Ana", KZ_ROLE_AGENT, billing);
  bo = add_person ("Bo", KZ_ROLE_AGENT, billing);
  rita = add_person ("Rita", KZ_ROLE_REVIEWER, 0);

  a1 = submit (ana, 2, 1, 4, 1, 0, TRUE);
  a2 = submit (ana, 3, 0, 2, 1, 2, FALSE);
  a3 = submit (ana, 10, 1, 5, 0, 3, FALSE);
  submit (bo, 1, 1, 1, 1, 1, FALSE);
}

static AdwMessageDialog *
find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

/* Clicks the dialog's response button labelled @label, as a user would. */
static void
respond (AdwMessageDialog *dialog,
         const char       *label)
{
  GtkWidget *button = kz_gui_test_find_button (GTK_WIDGET (dialog), label);

  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_sensitive (button));
  kz_gui_test_click (button);
}

static KzWindow *
open_as (gint64 person)
{
  KzWindow *window = kz_window_new (NULL, store);
  GtkWidget *picker;

  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 860);
  gtk_window_present (GTK_WINDOW (window));
  picker = kz_gui_test_find_by_type (GTK_WIDGET (window), KZ_TYPE_PERSON_PICKER);
  KZ_WAIT_UNTIL (kz_person_picker_get_n_people (KZ_PERSON_PICKER (picker)) > 0);
  kz_person_picker_set_person_id (KZ_PERSON_PICKER (picker), person);
  KZ_WAIT_UNTIL (kz_person_picker_get_person_roles (KZ_PERSON_PICKER (picker)) != KZ_ROLE_NONE);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  return window;
}

static KzMyQualityPage *
page_of (KzWindow *window)
{
  return KZ_MY_QUALITY_PAGE (kz_window_get_page (window, "my-quality"));
}

static void
wait_selected (KzMyQualityPage *page,
               gint64           id)
{
  KZ_WAIT_UNTIL (!kz_my_quality_page_get_loading (page));
  g_assert_true (kz_my_quality_page_select (page, id));
  KZ_WAIT_UNTIL (kz_my_quality_page_get_selected (page) == id && !kz_my_quality_page_get_detail_loading (page));
}

/* The status word of @id's list row. */
static const char *
row_status (KzMyQualityPage *page,
            guint            index)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  kz_gui_test_find_all_by_name (GTK_WIDGET (page), "status", found);
  g_assert_cmpuint (index, <, found->len);
  return gtk_label_get_text (g_ptr_array_index (found, index));
}

static void
tick_and_explain (AdwMessageDialog *dialog,
                  const char       *criterion,
                  const char       *reason)
{
  GtkWidget *check = kz_gui_test_find_by_name (GTK_WIDGET (dialog), criterion);
  GtkWidget *entry = kz_gui_test_find_by_name (GTK_WIDGET (dialog), "dispute-reason");

  g_assert_nonnull (check);
  g_assert_nonnull (entry);
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "dispute"));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
  /* A criterion and no reason: not yet. */
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "dispute"));
  gtk_editable_set_text (GTK_EDITABLE (entry), reason);
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "dispute"));
  respond (dialog, "_Dispute");
  KZ_WAIT_UNTIL (find_message_dialog () == NULL);
}

static void
test_agent (void)
{
  g_autoptr(GError) error = NULL;
  KzWindow *window;
  KzMyQualityPage *page;
  AdwMessageDialog *dialog;
  GtkWidget *row;
  GtkWidget *moment;
  GtkWidget *entry;
  g_autoptr(GPtrArray) acks = NULL;
  g_autoptr(GPtrArray) disputes = NULL;
  KzDisputeFilter filter = { .open_only = TRUE };
  KzDispute *dispute;
  KzDisputeItem *item;

  /* A reviewer has no "My quality". */
  window = open_as (rita);
  row = kz_gui_test_find_by_name (GTK_WIDGET (window), "my-quality");
  g_assert_nonnull (row);
  g_assert_false (gtk_widget_get_visible (row));
  gtk_window_destroy (GTK_WINDOW (window));
  kz_gui_test_drain ();

  window = open_as (ana);
  row = kz_gui_test_find_by_name (GTK_WIDGET (window), "my-quality");
  g_assert_true (gtk_widget_get_visible (row));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "my-quality"));
  page = page_of (window);
  KZ_WAIT_UNTIL (!kz_my_quality_page_get_loading (page) && kz_my_quality_page_get_n_evaluations (page) > 0);
  /* Ana's three, not Bo's; the newest is shown first. */
  g_assert_cmpuint (kz_my_quality_page_get_n_evaluations (page), ==, 3);
  KZ_WAIT_UNTIL (kz_my_quality_page_get_selected (page) == a1 && !kz_my_quality_page_get_detail_loading (page));
  g_assert_true (kz_gui_test_shows_label (GTK_WIDGET (window), "97.5"));
  g_assert_true (kz_gui_test_has_label (GTK_WIDGET (window), "69.2"));
  g_assert_true (kz_gui_test_has_label (GTK_WIDGET (window), "46.7"));
  g_assert_cmpstr (row_status (page, 0), ==, "To acknowledge");
  g_assert_true (kz_gui_test_shows_label (GTK_WIDGET (window), "3 to acknowledge"));
  g_assert_true (kz_gui_test_shows_text (GTK_WIDGET (window), "Sounded rushed here"));
  /* The trend: Ana's Warmth against the target and the team (see the top). */
  g_assert_true (kz_gui_test_has_label (GTK_WIDGET (window), "You 66.7 (n 3) · Team 50.0 · Target 80"));
  kz_gui_test_screenshot (GTK_WIDGET (window), "my-quality.png");
  /* The first criterion's weeks as a chart, scrolled into view. */
  {
    GtkWidget *expander = kz_gui_test_find_by_type (GTK_WIDGET (page), ADW_TYPE_EXPANDER_ROW);
    GtkWidget *scroll = gtk_widget_get_ancestor (expander, GTK_TYPE_SCROLLED_WINDOW);
    GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroll));

    adw_expander_row_set_expanded (ADW_EXPANDER_ROW (expander), TRUE);
    g_assert_nonnull (kz_gui_test_find_by_type (expander, KZ_TYPE_CHART_FRAME));
    gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
    kz_gui_test_drain ();
    gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
    gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
    kz_gui_test_screenshot (GTK_WIDGET (window), "my-quality-trend.png");
    gtk_adjustment_set_value (adjustment, 0);
  }

  /* The comment at 1:05 opens the call there. */
  moment = kz_gui_test_find_by_name (GTK_WIDGET (page), "moment");
  g_assert_nonnull (moment);
  g_assert_true (kz_gui_test_has_label (moment, "1:05"));
  g_assert_null (kz_my_quality_page_get_player (page));
  kz_gui_test_click (moment);
  g_assert_nonnull (kz_my_quality_page_get_player (page));
  KZ_WAIT_UNTIL (kz_call_player_get_position_ms (KZ_CALL_PLAYER (kz_my_quality_page_get_player (page))) == 65000);

  /* Acknowledge A1 with a comment. */
  kz_gui_test_click (kz_gui_test_find_button (GTK_WIDGET (page), "_Acknowledge…"));
  KZ_WAIT_UNTIL (find_message_dialog () != NULL);
  dialog = find_message_dialog ();
  entry = kz_gui_test_find_by_name (GTK_WIDGET (dialog), "acknowledge-comment");
  gtk_editable_set_text (GTK_EDITABLE (entry), "  Fair, I will slow down  ");
  respond (dialog, "_Acknowledge");
  KZ_WAIT_UNTIL (find_message_dialog () == NULL);
  KZ_WAIT_UNTIL ((acks = kz_store_list_acknowledgements (store, a1, NULL)) != NULL && acks->len == 1);
  g_assert_cmpint (((KzAcknowledgement *) acks->pdata[0])->agent_id, ==, ana);
  g_assert_cmpint (((KzAcknowledgement *) acks->pdata[0])->revision, ==, 1);
  g_assert_cmpstr (((KzAcknowledgement *) acks->pdata[0])->comment, ==, "Fair, I will slow down");
  KZ_WAIT_UNTIL (!kz_my_quality_page_get_loading (page) && g_strcmp0 (row_status (page, 0), "Acknowledged") == 0);
  KZ_WAIT_UNTIL (!kz_my_quality_page_get_detail_loading (page));
  g_assert_true (kz_gui_test_shows_text (GTK_WIDGET (window), "You acknowledged it on"));
  g_assert_false (gtk_widget_get_sensitive (kz_gui_test_find_button (GTK_WIDGET (page), "_Acknowledge…")));
  g_assert_true (kz_gui_test_shows_label (GTK_WIDGET (window), "2 to acknowledge"));

  /* Dispute Warmth on A2. */
  wait_selected (page, a2);
  kz_gui_test_click (kz_gui_test_find_button (GTK_WIDGET (page), "_Dispute…"));
  KZ_WAIT_UNTIL (find_message_dialog () != NULL);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (find_message_dialog ()));
  kz_gui_test_screenshot (GTK_WIDGET (find_message_dialog ()), "my-quality-dispute.png");
  tick_and_explain (find_message_dialog (), "G2", "The customer thanked me for my patience");
  filter.evaluation_id = a2;
  KZ_WAIT_UNTIL ((disputes = kz_store_list_disputes (store, &filter, NULL)) != NULL && disputes->len == 1);
  dispute = disputes->pdata[0];
  g_assert_cmpint (dispute->state, ==, KZ_DISPUTE_OPEN);
  g_assert_cmpint (dispute->raised_by, ==, ana);
  g_assert_cmpstr (dispute->reason, ==, "The customer thanked me for my patience");
  g_assert_cmpuint (dispute->items->len, ==, 1);
  item = dispute->items->pdata[0];
  g_assert_cmpstr (item->criterion_id, ==, "G2");
  g_assert_cmpstr (item->reason, ==, "The customer thanked me for my patience");
  KZ_WAIT_UNTIL (!kz_my_quality_page_get_loading (page) && g_strcmp0 (row_status (page, 1), "Dispute open") == 0);
  KZ_WAIT_UNTIL (!kz_my_quality_page_get_detail_loading (page));
  g_assert_false (gtk_widget_get_visible (kz_gui_test_find_by_name (GTK_WIDGET (page), "message")));

  /* A3 is ten days old: the store refuses, and the page says why. */
  wait_selected (page, a3);
  g_assert_true (kz_gui_test_shows_text (GTK_WIDGET (window), "The dispute window closed on"));
  kz_gui_test_click (kz_gui_test_find_button (GTK_WIDGET (page), "_Dispute…"));
  KZ_WAIT_UNTIL (find_message_dialog () != NULL);
  tick_and_explain (find_message_dialog (), "G1", "Late, I know");
  KZ_WAIT_UNTIL (kz_gui_test_shows_text (GTK_WIDGET (window), "Could not dispute: Too late to dispute evaluation"));
  g_assert_true (kz_gui_test_shows_text (GTK_WIDGET (window), "7 days"));
  kz_gui_test_screenshot (GTK_WIDGET (window), "my-quality-late.png");
  g_clear_pointer (&disputes, g_ptr_array_unref);
  filter.evaluation_id = a3;
  filter.open_only = FALSE;
  disputes = kz_store_list_disputes (store, &filter, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (disputes->len, ==, 0);

  gtk_window_destroy (GTK_WINDOW (window));
  kz_gui_test_drain ();
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

  tmp_dir = g_dir_make_tmp ("kaizen-test-my-quality-XXXXXX", &error);
  g_assert_no_error (error);
  {
    g_autofree char *state = g_build_filename (tmp_dir, "state", NULL);

    g_setenv ("XDG_STATE_HOME", state, TRUE);
  }
  db_path = g_build_filename (tmp_dir, "centre.db", NULL);
  store = kz_store_open (db_path, &error);
  g_assert_no_error (error);
  make_centre ();

  g_test_add_func ("/my-quality/agent", test_agent);
  ret = g_test_run ();

  g_clear_object (&store);
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", tmp_dir);
    g_assert_cmpint (system (cmd), ==, 0);
  }
  return ret;
}
