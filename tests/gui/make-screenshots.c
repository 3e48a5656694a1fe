/* make-screenshots.c — the README's and AppStream's pictures, from the real
 * window on the demo centre
 *
 * make-screenshots OUTDIR: fills a demo database (seed 42, in a temporary
 * folder), opens the real window as one of the demo's reviewers and renders
 * each page to OUTDIR/NAME.png the way an Xvfb screenshot looks.  Run it
 * under Xvfb with GSK_RENDERER=cairo (tools/screenshots does).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <stdlib.h>
#include <string.h>

#include "kz-agent-gap-page.h"
#include "kz-calendar-page.h"
#include "kz-calibration-page.h"
#include "kz-coaching-dialog.h"
#include "kz-gaps-page.h"
#include "kz-plans-page.h"
#include "kz-call-player.h"
#include "kz-criterion-row.h"
#include "kz-cx-library.h"
#include "kz-demo.h"
#include "kz-gui-test.h"
#include "kz-impact-page.h"
#include "kz-interactions-page.h"
#include "kz-person-picker.h"
#include "kz-review-workspace.h"
#include "kz-store.h"
#include "kz-coverage-page.h"
#include "kz-criterion-page.h"
#include "kz-reviewer-page.h"
#include "kz-dashboard-page.h"
#include "kz-my-quality-page.h"
#include "kz-disputes-page.h"
#include "kz-window.h"

static KzWindow *window;

static void
show (const char *page)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", page));
  kz_gui_test_drain ();
}

static KzReviewWorkspace *
workspace (void)
{
  GtkWidget *w = kz_gui_test_find_by_type (kz_window_get_page (window, "review"), KZ_TYPE_REVIEW_WORKSPACE);

  return w != NULL ? KZ_REVIEW_WORKSPACE (w) : NULL;
}

/* Opens the first row of @page's list whose channel is @channel. */
static KzReviewWorkspace *
open_first (const char *page,
            KzChannel   channel)
{
  KzInteractionsPage *p = KZ_INTERACTIONS_PAGE (kz_window_get_page (window, page));
  GListModel *list = G_LIST_MODEL (kz_interactions_page_get_list (p));

  KZ_WAIT_UNTIL (!kz_interactions_page_get_loading (p));
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(KzInteractionItem) item = g_list_model_get_item (list, i);

      KZ_WAIT_UNTIL (kz_interaction_item_get_loaded (item));
      if (kz_interaction_item_get_channel (item) != channel || kz_interaction_item_get_n_evaluations (item) > 0)
        continue;
      g_signal_emit_by_name (kz_interactions_page_get_column_view (p), "activate", i);
      KZ_WAIT_UNTIL (workspace () != NULL && kz_review_workspace_get_loaded (workspace ()));
      return workspace ();
    }
  g_error ("no %s to review in %s", kz_channel_to_string (channel), page);
}

/* Answers the first @n criteria from the keyboard's actions: the top point,
 * one lower now and then. */
static void
answer (KzReviewWorkspace *ws,
        guint              n)
{
  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        gtk_widget_activate_action (GTK_WIDGET (ws), "review.next-criterion", NULL);
      gtk_widget_activate_action (GTK_WIDGET (ws), "review.pick", "i", i % 4 == 3 ? 0 : 1);
    }
  KZ_WAIT_UNTIL (!kz_review_workspace_get_saving (ws));
}


/* The demo's newest closed calibration session. */
static gint64
closed_calibration (KzStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sessions = kz_store_list_calibrations (store, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < sessions->len; i++)
    {
      const KzCalibrationSession *s = g_ptr_array_index (sessions, i);

      if (!kz_calibration_session_is_open (s))
        return s->id;
    }
  g_error ("no closed calibration session in the demo");
}

/* An agent's fresh dispute on the newest undisputed email evaluation, raised
 * the day after it was submitted (inside the rubric's window). */
static void
add_open_dispute (KzStore *store)
{
  g_autoptr(GError) error = NULL;
  KzEvaluationFilter filter = { .submitted_only = TRUE, .rubric_id = "email-support" };
  g_autoptr(GPtrArray) list = kz_store_list_evaluations (store, &filter, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < list->len; i++)
    {
      const KzEvaluationSummary *summary = g_ptr_array_index (list, i);
      g_autoptr(KzEvaluation) ev = NULL;
      g_autoptr(KzDispute) dispute = NULL;

      if (summary->n_disputes > 0 || summary->is_calibration)
        continue;
      ev = kz_store_get_evaluation (store, summary->id, &error);
      g_assert_no_error (error);
      dispute = kz_dispute_new ();
      dispute->evaluation_id = ev->id;
      dispute->raised_by = ev->agent_id;
      dispute->raised_at = g_date_time_add_hours (ev->submitted_at, 20);
      dispute->reason = g_strdup ("The customer had already written twice; I answered what they asked this time.");
      g_ptr_array_add (dispute->items, kz_dispute_item_new ("all-requests-found",
                                                             "The refund question was answered in my previous reply."));
      g_ptr_array_add (dispute->items, kz_dispute_item_new ("empathy", "I apologised in the first line."));
      if (kz_store_raise_dispute (store, dispute, &error) > 0)
        return;
      g_clear_error (&error);
    }
  g_error ("no evaluation to dispute in the demo");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzStore) store = NULL;
  g_autoptr(GPtrArray) reviewers = NULL;
  g_autofree char *tmp = NULL;
  g_autofree char *db = NULL;
  GtkWidget *picker;
  KzReviewWorkspace *ws;

  if (argc != 2)
    {
      g_printerr ("usage: %s OUTDIR\n", argv[0]);
      return 2;
    }
  g_setenv ("KAIZEN_SCREENSHOT_DIR", argv[1], TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  gtk_init ();
  adw_init ();
  {
    g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (css, "/io/github/KaizenQA/Kaizen/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }

  tmp = g_dir_make_tmp ("kaizen-screenshots-XXXXXX", &error);
  g_assert_no_error (error);
  {
    g_autofree char *state = g_build_filename (tmp, "state", NULL);

    g_setenv ("XDG_STATE_HOME", state, TRUE);
  }
  db = g_build_filename (tmp, "demo.db", NULL);
  store = kz_store_open (db, &error);
  g_assert_no_error (error);
  g_assert_true (kz_demo_fill (store, kz_demo_rubrics_dir (), 42, NULL, &error));
  reviewers = kz_store_list_people (store, KZ_ROLE_REVIEWER, &error);
  g_assert_no_error (error);

  window = kz_window_new (NULL, store);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  picker = kz_gui_test_find_by_type (GTK_WIDGET (window), KZ_TYPE_PERSON_PICKER);
  KZ_WAIT_UNTIL (kz_person_picker_get_n_people (KZ_PERSON_PICKER (picker)) > 0);
  kz_person_picker_set_person_id (KZ_PERSON_PICKER (picker),
                                  ((KzPerson *) g_ptr_array_index (reviewers, 0))->id);

  show ("queue");
  kz_gui_test_screenshot (GTK_WIDGET (window), "queue.png");
  show ("interactions");
  kz_gui_test_screenshot (GTK_WIDGET (window), "interactions.png");

  ws = open_first ("queue", KZ_CHANNEL_EMAIL);
  answer (ws, 5);
  kz_gui_test_screenshot (GTK_WIDGET (window), "review-email.png");

  gtk_widget_activate_action (GTK_WIDGET (window), "win.back", NULL);
  kz_gui_test_drain ();
  ws = open_first ("queue", KZ_CHANNEL_CALL);
  {
    KzCallPlayer *player = KZ_CALL_PLAYER (kz_review_workspace_get_player (ws));
    GtkMediaStream *stream = kz_call_player_get_stream (player);

    KZ_WAIT_UNTIL (gtk_media_stream_is_prepared (stream) || gtk_media_stream_get_error (stream) != NULL);
    kz_call_player_seek_ms (player, 9000);
    KZ_WAIT_UNTIL (!gtk_media_stream_is_seeking (stream));
  }
  answer (ws, 3);
  kz_gui_test_screenshot (GTK_WIDGET (window), "review-call.png");

  gtk_widget_activate_action (GTK_WIDGET (window), "win.back", NULL);
  kz_gui_test_drain ();
  show ("evaluations");
  kz_gui_test_screenshot (GTK_WIDGET (window), "main.png");

  /* The newest submitted evaluation, and the rubric it was scored with. */
  {
    KzEvaluationFilter submitted = { .submitted_only = TRUE };
    g_autoptr(GPtrArray) evaluations = kz_store_list_evaluations (store, &submitted, &error);
    KzEvaluationSummary *newest;

    g_assert_no_error (error);
    newest = g_ptr_array_index (evaluations, 0);
    gtk_widget_activate_action (GTK_WIDGET (window), "win.show-evaluation", "x", newest->id);
    KZ_WAIT_UNTIL (kz_gui_test_find_by_name (kz_window_get_page (window, "evaluation"), "final-score") != NULL ||
                   kz_gui_test_shows_text (GTK_WIDGET (window), newest->rubric_title));
    kz_gui_test_drain ();
    kz_gui_test_screenshot (GTK_WIDGET (window), "evaluation.png");
    gtk_widget_activate_action (GTK_WIDGET (window), "win.show-rubric", "(si)", newest->rubric_id, 0);
    KZ_WAIT_UNTIL (kz_gui_test_shows_text (kz_window_get_page (window, "rubric"), newest->rubric_title));
    /* …with its criteria's CX principles titled from the library. */
    KZ_WAIT_UNTIL (kz_gui_test_shows_label (kz_window_get_page (window, "rubric"), "Own the problem") ||
                   kz_gui_test_shows_label (kz_window_get_page (window, "rubric"), "Treat me as a person") ||
                   kz_gui_test_shows_label (kz_window_get_page (window, "rubric"), "Keep me safe"));
    kz_gui_test_drain ();
    kz_gui_test_screenshot (GTK_WIDGET (window), "rubric.png");

    /* The library the principles come from. */
    kz_gui_test_click (kz_gui_test_find_by_name (kz_window_get_page (window, "rubric"), "cx-library"));
    {
      GtkWidget *library = NULL;
      GListModel *toplevels = gtk_window_get_toplevels ();

      for (guint i = 0; i < g_list_model_get_n_items (toplevels) && library == NULL; i++)
        {
          g_autoptr(GtkWidget) w = g_list_model_get_item (toplevels, i);

          if (KZ_IS_CX_LIBRARY (w))
            library = w;
        }
      g_assert_nonnull (library);
      gtk_window_set_default_size (GTK_WINDOW (library), 640, 760);
      KZ_WAIT_UNTIL (!kz_cx_library_get_busy (KZ_CX_LIBRARY (library)) &&
                     kz_gui_test_shows_label (library, "Rose, going through a difficult time"));
      kz_gui_test_drain ();
      kz_gui_test_screenshot (library, "principles.png");
      gtk_window_destroy (GTK_WINDOW (library));
      kz_gui_test_drain ();
    }
  }

  /* A lead's calibration: the sessions, bias and leniency, then one
   * closed session's results. */
  {
    gint64 session = closed_calibration (store);
    KzCalibrationPage *calibration = KZ_CALIBRATION_PAGE (kz_window_get_page (window, "calibration"));

    show ("calibration");
    kz_calibration_page_reload (calibration);
    KZ_WAIT_UNTIL (!kz_calibration_page_get_loading (calibration));
    kz_gui_test_drain ();
    kz_gui_test_screenshot (GTK_WIDGET (window), "calibration.png");
    kz_calibration_page_show_results (calibration, session);
    KZ_WAIT_UNTIL (g_strcmp0 (kz_calibration_page_get_view (calibration), "results") == 0);
    kz_gui_test_drain ();
    kz_gui_test_screenshot (GTK_WIDGET (window), "calibration-results.png");
  }

  /* A manager's pages: coverage, the closed round's results, the ideas. */
  {
    g_autoptr(GPtrArray) managers = kz_store_list_people (store, KZ_ROLE_MANAGER, &error);

    g_assert_no_error (error);
    kz_person_picker_set_person_id (KZ_PERSON_PICKER (picker),
                                    ((KzPerson *) g_ptr_array_index (managers, 0))->id);
    kz_gui_test_drain ();
    show ("coverage");
    {
      KzCoveragePage *coverage = KZ_COVERAGE_PAGE (kz_window_get_page (window, "coverage"));

      /* The demo's calls end before last week: go where they are, as a
       * manager would with the page's own button. */
      KZ_WAIT_UNTIL (!kz_coverage_page_get_loading (coverage));
      if (g_strcmp0 (kz_coverage_page_get_state (coverage), "empty") == 0)
        kz_gui_test_click (kz_gui_test_find_button (GTK_WIDGET (coverage), "Show _That Week"));
      KZ_WAIT_UNTIL (!kz_coverage_page_get_loading (coverage));
      g_assert_cmpstr (kz_coverage_page_get_state (coverage), ==, "list");
    }
    kz_gui_test_drain ();
    kz_gui_test_screenshot (GTK_WIDGET (window), "coverage.png");
    /* The dashboards over the demo's whole span, light and dark. */
    show ("criterion-dashboard");
    {
      KzCriterionPage *cp = KZ_CRITERION_PAGE (kz_window_get_page (window, "criterion-dashboard"));
      KzReviewerPage *rp = KZ_REVIEWER_PAGE (kz_window_get_page (window, "reviewer-dashboard"));
      AdwStyleManager *style = adw_style_manager_get_default ();

      kz_criterion_page_set_period (cp, "2026-07-20", "2026-11-22");
      KZ_WAIT_UNTIL (!kz_criterion_page_get_loading (cp));
      kz_gui_test_drain ();
      kz_gui_test_screenshot (GTK_WIDGET (window), "dashboard-criterion.png");
      adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
      KZ_WAIT_UNTIL (adw_style_manager_get_dark (style));
      kz_gui_test_drain ();
      kz_gui_test_screenshot (GTK_WIDGET (window), "dashboard-criterion-dark.png");
      adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
      KZ_WAIT_UNTIL (!adw_style_manager_get_dark (style));
      /* Quality against the customer's voice, further down the page, on
       * the criterion customers notice. */
      {
        KzCustomerVoiceView *voice = kz_criterion_page_get_voice_view (cp);
        GtkWidget *sw = gtk_widget_get_ancestor (GTK_WIDGET (voice), GTK_TYPE_SCROLLED_WINDOW);
        double x = 0, y = 0;

        if (kz_criterion_page_select (cp, "phone-support", "empathy"))
          KZ_WAIT_UNTIL (!kz_criterion_page_get_loading (cp) && !kz_customer_voice_view_get_loading (voice));
        kz_gui_test_drain ();
        if (sw != NULL && gtk_widget_translate_coordinates (GTK_WIDGET (voice), sw, 0, 0, &x, &y))
          {
            GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (sw));
            gtk_adjustment_set_value (adj, gtk_adjustment_get_value (adj) + y - 12);
          }
        kz_gui_test_drain ();
        kz_gui_test_screenshot (GTK_WIDGET (window), "dashboard-customer-voice.png");
      }
      show ("reviewer-dashboard");
      kz_reviewer_page_set_period (rp, "2026-07-20", "2026-11-22");
      KZ_WAIT_UNTIL (!kz_reviewer_page_get_loading (rp));
      kz_gui_test_drain ();
      kz_gui_test_screenshot (GTK_WIDGET (window), "dashboard-reviewer.png");
      adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
      KZ_WAIT_UNTIL (adw_style_manager_get_dark (style));
      kz_gui_test_drain ();
      kz_gui_test_screenshot (GTK_WIDGET (window), "dashboard-reviewer-dark.png");
      adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
      KZ_WAIT_UNTIL (!adw_style_manager_get_dark (style));
    }
    /* The team overview over the demo's last 13 weeks, light and dark,
     * and the agent page of its first agent. */
    show ("dashboard");
    {
      KzDashboardPage *dash = KZ_DASHBOARD_PAGE (kz_window_get_page (window, "dashboard"));
      KzDashboardPage *agent = KZ_DASHBOARD_PAGE (kz_window_get_page (window, "agent"));
      KzEvaluationFilter submitted = { .submitted_only = TRUE };
      g_autoptr(GPtrArray) newest = kz_store_list_evaluations (store, &submitted, &error);
      GDateTime *at = ((KzEvaluationSummary *) g_ptr_array_index (newest, 0))->date;
      GDate today;

      g_date_clear (&today, 1);
      g_date_set_dmy (&today, g_date_time_get_day_of_month (at), g_date_time_get_month (at),
                      g_date_time_get_year (at));
      kz_dashboard_page_set_today (dash, &today);
      KZ_WAIT_UNTIL (!kz_dashboard_page_get_loading (dash) && kz_dashboard_page_get_overview (dash) != NULL);
      kz_gui_test_drain ();
      kz_gui_test_screenshot (GTK_WIDGET (window), "dashboard.png");
      adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
      kz_gui_test_drain ();
      gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
      kz_gui_test_screenshot (GTK_WIDGET (window), "dashboard-dark.png");
      adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
      kz_gui_test_drain ();

      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-agent", "x",
                                                 ((KzDashboardAgent *) g_ptr_array_index (
                                                   kz_dashboard_page_get_overview (dash)->agents, 0))->agent_id));
      kz_dashboard_page_set_today (agent, &today);
      KZ_WAIT_UNTIL (!kz_dashboard_page_get_loading (agent) && kz_dashboard_page_get_overview (agent) != NULL);
      kz_gui_test_drain ();
      kz_gui_test_screenshot (GTK_WIDGET (window), "dashboard-agent.png");
    }
    show ("survey-results");
    KZ_WAIT_UNTIL (kz_gui_test_shows_text (kz_window_get_page (window, "survey-results"), "eNPS"));
    kz_gui_test_drain ();
    kz_gui_test_screenshot (GTK_WIDGET (window), "survey-results.png");
    show ("ideas");
    kz_gui_test_drain ();
    kz_gui_test_screenshot (GTK_WIDGET (window), "ideas.png");
    add_open_dispute (store);
    show ("disputes");
    {
      KzDisputesPage *disputes = KZ_DISPUTES_PAGE (kz_window_get_page (window, "disputes"));

      kz_disputes_page_reload (disputes);
      KZ_WAIT_UNTIL (!kz_disputes_page_get_loading (disputes));
    }
    kz_gui_test_drain ();
    kz_gui_test_screenshot (GTK_WIDGET (window), "disputes.png");

    /* Coaching: the gaps over all the demo's evaluations, the agent with
     * the largest gap, Plan Coaching on it, and the plans. */
    show ("gaps");
    {
      KzGapsPage *gaps = KZ_GAPS_PAGE (kz_window_get_page (window, "gaps"));
      KzAgentGapPage *agent = KZ_AGENT_GAP_PAGE (kz_window_get_page (window, "agent-gap"));
      const KzGapReport *report;
      GtkWidget *dialog;

      gtk_drop_down_set_selected (GTK_DROP_DOWN (kz_gui_test_find_by_name (GTK_WIDGET (gaps), "gaps-period")), 3);
      KZ_WAIT_UNTIL (!kz_gaps_page_get_loading (gaps) && kz_gaps_page_get_report (gaps) != NULL);
      kz_gui_test_drain ();
      kz_gui_test_screenshot (GTK_WIDGET (window), "gaps.png");
      report = kz_gaps_page_get_report (gaps);
      g_assert_cmpuint (report->cells->len, >, 0);
      kz_gaps_page_activate_agent (gaps, ((KzGapCell *) g_ptr_array_index (report->cells, 0))->unit_id,
                                   ((KzGapCell *) g_ptr_array_index (report->cells, 0))->criterion_id);
      KZ_WAIT_UNTIL (!kz_agent_gap_page_get_loading (agent) && kz_agent_gap_page_get_cells (agent) != NULL);
      kz_gui_test_drain ();
      kz_gui_test_screenshot (GTK_WIDGET (window), "agent-gaps.png");
      dialog = kz_agent_gap_page_plan_coaching (agent);
      g_assert_nonnull (dialog);
      gtk_test_widget_wait_for_draw (dialog);
      kz_gui_test_drain ();
      kz_gui_test_screenshot (dialog, "plan-coaching.png");
      gtk_window_destroy (GTK_WINDOW (dialog));
      kz_gui_test_drain ();
    }
    show ("plans");
    {
      KzPlansPage *plans = KZ_PLANS_PAGE (kz_window_get_page (window, "plans"));

      kz_plans_page_reload (plans);
      KZ_WAIT_UNTIL (!kz_plans_page_get_loading (plans));
    }
    kz_gui_test_drain ();
    kz_gui_test_screenshot (GTK_WIDGET (window), "plans.png");
  }

  /* An agent's own page: the agent of the newest submitted evaluation. */
  {
    KzEvaluationFilter submitted = { .submitted_only = TRUE };
    g_autoptr(GPtrArray) evaluations = kz_store_list_evaluations (store, &submitted, &error);
    KzMyQualityPage *mine;

    g_assert_no_error (error);
    kz_person_picker_set_person_id (KZ_PERSON_PICKER (picker),
                                    ((KzEvaluationSummary *) g_ptr_array_index (evaluations, 0))->agent_id);
    kz_gui_test_drain ();
    show ("my-quality");
    mine = KZ_MY_QUALITY_PAGE (kz_window_get_page (window, "my-quality"));
    KZ_WAIT_UNTIL (!kz_my_quality_page_get_loading (mine) && kz_my_quality_page_get_selected (mine) != 0 &&
                   !kz_my_quality_page_get_detail_loading (mine));
    kz_gui_test_drain ();
    kz_gui_test_screenshot (GTK_WIDGET (window), "my-quality.png");
  }

  /* The calendar: the demo's weekly group training, in its second month
   * (one date dropped); and "Did it work?" on the demo's empathy coaching. */
  {
    g_autoptr(GPtrArray) plans = kz_store_list_plans (store, 0, &error);
    const KzPlan *training = NULL;
    KzCalendarPage *calendar;
    KzImpactPage *impact;
    GDate day;

    g_assert_no_error (error);
    for (guint i = 0; i < plans->len && training == NULL; i++)
      if (((KzPlan *) plans->pdata[i])->kind == KZ_PLAN_TRAINING)
        training = plans->pdata[i];
    g_assert_nonnull (training);

    show ("calendar");
    calendar = KZ_CALENDAR_PAGE (kz_window_get_page (window, "calendar"));
    KZ_WAIT_UNTIL (!kz_calendar_page_get_loading (calendar));
    {
      g_autoptr(GDateTime) second = g_date_time_add_weeks (training->starts_at, 1);

      g_date_clear (&day, 1);
      g_date_set_dmy (&day, g_date_time_get_day_of_month (second), g_date_time_get_month (second),
                      g_date_time_get_year (second));
    }
    kz_calendar_page_set_date (calendar, &day);
    KZ_WAIT_UNTIL (!kz_calendar_page_get_loading (calendar));
    kz_calendar_page_select_plan (calendar, training->id);
    kz_gui_test_drain ();
    kz_gui_test_screenshot (GTK_WIDGET (window), "calendar.png");

    show ("impact");
    impact = KZ_IMPACT_PAGE (kz_window_get_page (window, "impact"));
    KZ_WAIT_UNTIL (!kz_impact_page_get_busy (impact));
    g_assert_true (kz_impact_page_set_criterion (impact, "phone-support", "empathy"));
    g_date_clear (&day, 1);
    g_date_set_dmy (&day, 1, G_DATE_OCTOBER, 2026);   /* the demo's coaching day */
    kz_impact_page_set_date (impact, &day);
    KZ_WAIT_UNTIL (!kz_impact_page_get_busy (impact));
    kz_gui_test_drain ();
    kz_gui_test_screenshot (GTK_WIDGET (window), "impact.png");
  }

  gtk_window_destroy (GTK_WINDOW (window));
  kz_gui_test_drain ();
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", tmp);

    if (system (cmd) != 0)
      g_printerr ("could not remove %s\n", tmp);
  }
  return 0;
}
