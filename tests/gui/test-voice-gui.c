/* test-voice-gui.c — staff voice in the real window: a pulse round answered
 * from the keyboard, a desktop notification, a manager's results with
 * suppressed cells, the CSV export, the question bank, and an anonymous idea
 * followed up with this computer's token
 *
 * The centre built here (k = 5 for every round):
 *
 *   team    people                          plan "Weekly pulse", questions per round 3
 *   Alpha   Sam (staff, answers in the GUI), a1 … a5
 *   Beta    b1 … b6
 *   Gamma   g1, g2
 *   —       Mo (manager)
 *
 * The bank: enps (0–10), tl "My team leader supports me" and tl2 "I get
 * useful feedback" (1–5, driver Team leader), load "My workload is
 * manageable" (1–5, driver Workload), comment (free text).  Every round
 * asks enps, tl, tl2, load, comment (three rotating questions of three).
 *
 * Round 1 (closed): imported answers, six a team —
 *   Alpha enps 6 7 8 5 9 6   tl 3 3 4 2 3 3   tl2 4 3 3 4 4 3   load 2 2 1 2 3 2
 *   Beta  enps 4 6 7 8 3 10  tl 2 2 3 3 2 2   tl2 3 2 2 3 3 2   load 4 3 4 4 5 4
 * Round 2 (open while Sam answers, then closed):
 *   Alpha enps 9 10 8 6 9 7  tl 4 5 4 3 4 5   tl2 5 4 4 4 5 4   load 2 3 2 1 3 2   (Sam: 9 4 5 2)
 *   Beta  enps 10 9 3 5 8 6  tl 2 3 4 3 2 4   tl2 3 3 2 4 3 3   load 4 4 5 3 4 4
 *   Gamma enps 10 2          tl 5 1           tl2 4 2           load 3 3
 *
 * Worked by hand (statistics.md; round 2 unless said):
 *  - Suppression: Gamma has 2 < 5 answers → "fewer than 5 answers".  The
 *    whole round (14) minus the teams shown would give Gamma's 2, so the
 *    next-smallest team goes too: Alpha (6, the lower id of the two sixes)
 *    → "hidden so the others cannot be subtracted …".  Beta (6) and the
 *    whole round (14) are shown.
 *  - eNPS, whole round: n = 14, promoters 6 (9, 10, 9, 10, 9, 10), detractors
 *    5 (6, 3, 5, 6, 2): 100 × 1 ÷ 14 = +7.14.  Adjusted Wald: n' = 17,
 *    p' = 6.75/17 = .3971, d' = 5.75/17 = .3382, e' = .0588,
 *    SE = √((.3971 + .3382 − .0588²) ÷ 17) = .2075, interval
 *    100 × (.0588 ± 1.96 × .2075) = −34.8 … +46.5 → "+7 (−35 to +47), n 14".
 *  - Beta: P 2, D 3, n 6: −16.7; n' = 9, p' = .3056, d' = .4167,
 *    SE = .2808 → −66.2 … +43.9 → "−17 (−66 to +44), n 6".
 *  - Round 1, whole round: P 2, D 6, n 12: −33.3, SE 19.36 points.  Change
 *    +40.5; SE_diff = √(20.75² + 19.36²) = 28.38; 1.96 × 28.38 = 55.6 >
 *    40.5 → "+40, not significant".
 *  - Scores on 0–100 (1–5: (mean − 1) ÷ 4 × 100): tl whole 49/14 = 3.5 →
 *    62.5 (round 1: 32/12 → 41.7, change +20.8); tl2 50/14 → 64.3; load
 *    43/14 → 51.8; Beta tl 3.0 → 50.0.  Driver Team leader, pooled: 71
 *    points above the floor over 28 answers → 71 × 25 ÷ 28 = 63.4 (n 28);
 *    Beta 50.0 (n 12).
 *  - Comments: whole round listed (14 ≥ max(5, 5)); not by team (Gamma
 *    has 2).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <math.h>
#include <string.h>

#include "kz-application.h"
#include "kz-chart-frame.h"
#include "kz-error.h"
#include "kz-gui-test.h"
#include "kz-idea-dialog.h"
#include "kz-idea-row.h"
#include "kz-idea-view.h"
#include "kz-ideas-page.h"
#include "kz-person-picker.h"
#include "kz-pulse-page.h"
#include "kz-store.h"
#include "kz-survey-results-page.h"
#include "kz-survey-setup-dialog.h"
#include "kz-voice-export.h"
#include "kz-voice-format.h"
#include "kz-voice-notifier.h"
#include "kz-voice-scale.h"
#include "kz-voice-tokens.h"
#include "kz-window.h"

typedef struct {
  gint64 alpha, beta, gamma;
  gint64 sam, mo;
  gint64 a[5], b[6], g[2];
  gint64 plan, round1, round2;
} Centre;

static char *tmp_dir;
static char *db_path;
static KzStore *store;
static Centre centre;
static char *idea_id;      /* Sam's anonymous idea */

/* ---- the centre ------------------------------------------------------------ */

static gint64
add_person (const char *name,
            KzRoles     roles,
            gint64      team)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzPerson) p = kz_person_new (name, roles);
  g_autofree char *email = g_strdup_printf ("%s@centre.example", name);
  gint64 id;

  for (char *c = email; *c; c++)
    if (*c == ' ')
      *c = '.';
  p->team_id = team;
  p->emails = g_new0 (char *, 2);
  p->emails[0] = g_ascii_strdown (email, -1);
  id = kz_store_add_person (store, p, &error);
  g_assert_no_error (error);
  return id;
}

static void
add_question (const char     *id,
              const char     *text,
              KzQuestionKind  kind,
              const char     *driver,
              gboolean        enps)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzQuestion) q = kz_question_new (id, text, kind, driver);

  q->enps = enps;
  g_assert_true (kz_store_add_question (store, q, &error));
  g_assert_no_error (error);
}

static GPtrArray *
answers (int         enps,
         int         tl,
         int         tl2,
         int         load,
         const char *comment)
{
  GPtrArray *a = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_survey_answer_free);

  g_ptr_array_add (a, kz_survey_answer_new_value ("enps", enps));
  g_ptr_array_add (a, kz_survey_answer_new_value ("tl", tl));
  g_ptr_array_add (a, kz_survey_answer_new_value ("tl2", tl2));
  g_ptr_array_add (a, kz_survey_answer_new_value ("load", load));
  if (comment != NULL)
    g_ptr_array_add (a, kz_survey_answer_new_text ("comment", comment));
  return a;
}

static void
submit (gint64      person,
        gint64      round,
        int         enps,
        int         tl,
        int         tl2,
        int         load,
        const char *comment)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) a = answers (enps, tl, tl2, load, comment);

  g_assert_true (kz_store_submit_answers (store, round, person, a, &error));
  g_assert_no_error (error);
}

/* Round 1's answers, a team at a time, each value one respondent's. */
static void
import (gint64     round,
        gint64     team,
        const int  enps[6],
        const int  tl[6],
        const int  tl2[6],
        const int  load[6])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) a = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_survey_answer_free);

  for (guint i = 0; i < 6; i++)
    {
      g_ptr_array_add (a, kz_survey_answer_new_value ("enps", enps[i]));
      g_ptr_array_add (a, kz_survey_answer_new_value ("tl", tl[i]));
      g_ptr_array_add (a, kz_survey_answer_new_value ("tl2", tl2[i]));
      g_ptr_array_add (a, kz_survey_answer_new_value ("load", load[i]));
    }
  g_assert_true (kz_store_import_answers (store, round, team, a, &error));
  g_assert_no_error (error);
}

static GDate
today_plus (int days)
{
  g_autoptr(GError) error = NULL;
  GDate d;

  g_date_clear (&d, 1);
  g_assert_true (kz_store_voice_today (store, &d, &error));
  if (days > 0)
    g_date_add_days (&d, days);
  else if (days < 0)
    g_date_subtract_days (&d, -days);
  return d;
}

static gint64
create_round (int opens,
              int closes)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzSurveyRound) r = kz_survey_round_new ();
  gint64 id;

  r->plan_id = centre.plan;
  r->opens_on = today_plus (opens);
  r->closes_on = today_plus (closes);
  id = kz_store_create_round (store, r, &error);
  g_assert_no_error (error);
  return id;
}

static void
close_round (gint64 id,
             int    closes)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzSurveyRound) r = kz_store_get_round (store, id, &error);

  g_assert_no_error (error);
  r->closes_on = today_plus (closes);
  g_assert_true (kz_store_update_round (store, r, &error));
  g_assert_no_error (error);
}

static void
make_centre (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzPulsePlan) plan = kz_pulse_plan_new ();
  gint64 org, site;
  static const int r1_alpha[4][6] = {
    { 6, 7, 8, 5, 9, 6 }, { 3, 3, 4, 2, 3, 3 }, { 4, 3, 3, 4, 4, 3 }, { 2, 2, 1, 2, 3, 2 } };
  static const int r1_beta[4][6] = {
    { 4, 6, 7, 8, 3, 10 }, { 2, 2, 3, 3, 2, 2 }, { 3, 2, 2, 3, 3, 2 }, { 4, 3, 4, 4, 5, 4 } };

  store = kz_store_open (db_path, &error);
  g_assert_no_error (error);
  org = kz_store_add_unit (store, KZ_UNIT_ORGANISATION, "Northwind", 0, &error);
  site = kz_store_add_unit (store, KZ_UNIT_SITE, "Leeds", org, &error);
  centre.alpha = kz_store_add_unit (store, KZ_UNIT_TEAM, "Alpha", site, &error);
  centre.beta = kz_store_add_unit (store, KZ_UNIT_TEAM, "Beta", site, &error);
  centre.gamma = kz_store_add_unit (store, KZ_UNIT_TEAM, "Gamma", site, &error);
  g_assert_no_error (error);

  centre.mo = add_person ("Mo Manager", KZ_ROLE_MANAGER, 0);
  centre.sam = add_person ("Sam Staff", KZ_ROLE_AGENT | KZ_ROLE_STAFF, centre.alpha);
  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *name = g_strdup_printf ("Alpha Agent %u", i + 1);

      centre.a[i] = add_person (name, KZ_ROLE_AGENT, centre.alpha);
    }
  for (guint i = 0; i < 6; i++)
    {
      g_autofree char *name = g_strdup_printf ("Beta Agent %u", i + 1);

      centre.b[i] = add_person (name, KZ_ROLE_AGENT, centre.beta);
    }
  centre.g[0] = add_person ("Gamma Agent 1", KZ_ROLE_AGENT, centre.gamma);
  centre.g[1] = add_person ("Gamma Agent 2", KZ_ROLE_AGENT, centre.gamma);

  add_question ("enps", "How likely are you to recommend working here to a friend?", KZ_QUESTION_SCALE_0_10, NULL,
                TRUE);
  add_question ("tl", "My team leader supports me", KZ_QUESTION_AGREE_1_5, "Team leader", FALSE);
  add_question ("tl2", "I get useful feedback", KZ_QUESTION_AGREE_1_5, "Team leader", FALSE);
  add_question ("load", "My workload is manageable", KZ_QUESTION_AGREE_1_5, "Workload", FALSE);
  add_question ("comment", "Anything else you would like to say?", KZ_QUESTION_FREE_TEXT, NULL, FALSE);

  plan->name = g_strdup ("Weekly pulse");
  plan->cadence_days = 7;
  plan->questions_per_round = 3;
  plan->k = 5;
  centre.plan = kz_store_add_pulse_plan (store, plan, &error);
  g_assert_no_error (error);

  /* Round 1: open long enough to take its answers, then closed. */
  centre.round1 = create_round (-20, 1);
  import (centre.round1, centre.alpha, r1_alpha[0], r1_alpha[1], r1_alpha[2], r1_alpha[3]);
  import (centre.round1, centre.beta, r1_beta[0], r1_beta[1], r1_beta[2], r1_beta[3]);
  close_round (centre.round1, -10);

  /* Round 2: everyone but Sam answers now; Sam in the window. */
  centre.round2 = create_round (-7, 1);
  submit (centre.a[0], centre.round2, 10, 5, 4, 3, "Team huddles help when they start on time");
  submit (centre.a[1], centre.round2, 8, 4, 4, 2, NULL);
  submit (centre.a[2], centre.round2, 6, 3, 4, 1, NULL);
  submit (centre.a[3], centre.round2, 9, 4, 5, 3, NULL);
  submit (centre.a[4], centre.round2, 7, 5, 4, 2, NULL);
  submit (centre.b[0], centre.round2, 10, 2, 3, 4, "Back-to-back calls on Mondays leave no wrap-up time");
  submit (centre.b[1], centre.round2, 9, 3, 3, 4, NULL);
  submit (centre.b[2], centre.round2, 3, 4, 2, 5, NULL);
  submit (centre.b[3], centre.round2, 5, 3, 4, 3, "The softphone drops calls when the VPN reconnects");
  submit (centre.b[4], centre.round2, 8, 2, 3, 4, NULL);
  submit (centre.b[5], centre.round2, 6, 4, 3, 4, NULL);
  submit (centre.g[0], centre.round2, 10, 5, 4, 3, NULL);
  submit (centre.g[1], centre.round2, 2, 1, 2, 3, "Nobody tells us about changes in advance");

  /* A board with some history: a named idea done, one planned. */
  {
    g_autoptr(KzIdea) done = kz_idea_new ();
    g_autoptr(KzIdea) planned = kz_idea_new ();
    g_autofree char *done_id = NULL;
    g_autofree char *planned_id = NULL;

    done->title = g_strdup ("A quiet room for breaks");
    done->body = g_strdup ("After a hard call a few minutes somewhere quiet would help.");
    done->category = g_strdup ("Wellbeing");
    done->author_id = centre.b[0];
    done->week = today_plus (-35);
    done_id = kz_store_submit_idea (store, done, NULL, &error);
    g_assert_no_error (error);
    g_assert_true (kz_store_move_idea (store, done_id, KZ_IDEA_UNDER_REVIEW, NULL, NULL, &error));
    g_assert_true (kz_store_move_idea (store, done_id, KZ_IDEA_PLANNED, NULL, NULL, &error));
    g_assert_true (kz_store_move_idea (store, done_id, KZ_IDEA_DONE, NULL, "Room 2 is a quiet room since Monday",
                                       &error));
    g_assert_no_error (error);

    planned->title = g_strdup ("Shorter wrap-up forms");
    planned->body = g_strdup ("Half the fields are never read.");
    planned->category = g_strdup ("Tools");
    planned->author_id = centre.a[0];
    planned->week = today_plus (-14);
    planned_id = kz_store_submit_idea (store, planned, NULL, &error);
    g_assert_no_error (error);
    g_assert_true (kz_store_move_idea (store, planned_id, KZ_IDEA_UNDER_REVIEW, NULL, NULL, &error));
    g_assert_true (kz_store_move_idea (store, planned_id, KZ_IDEA_PLANNED, NULL, NULL, &error));
    g_assert_true (kz_store_vote_idea (store, planned_id, centre.b[1], &error));
    g_assert_true (kz_store_vote_idea (store, planned_id, centre.b[2], &error));
    g_assert_no_error (error);
  }
}

/* ---- the window -------------------------------------------------------------- */

static KzWindow *
open_window (GtkApplication *application,
             gint64          person,
             int             width,
             int             height)
{
  KzWindow *window;
  GtkWidget *picker;

  window = kz_window_new (application, store);
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  picker = kz_gui_test_find_by_type (GTK_WIDGET (window), KZ_TYPE_PERSON_PICKER);
  KZ_WAIT_UNTIL (kz_person_picker_get_n_people (KZ_PERSON_PICKER (picker)) > 0);
  kz_person_picker_set_person_id (KZ_PERSON_PICKER (picker), person);
  KZ_WAIT_UNTIL (kz_person_picker_get_person_name (KZ_PERSON_PICKER (picker)) != NULL);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  return window;
}

static void
close_window (KzWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  kz_gui_test_drain ();
}

static void
set_person (KzWindow *window,
            gint64    person)
{
  GtkWidget *picker = kz_gui_test_find_by_type (GTK_WIDGET (window), KZ_TYPE_PERSON_PICKER);

  kz_person_picker_set_person_id (KZ_PERSON_PICKER (picker), person);
  KZ_WAIT_UNTIL (kz_person_picker_get_person_roles (KZ_PERSON_PICKER (picker)) != KZ_ROLE_NONE);
}

static void
show (KzWindow   *window,
      const char *name)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", name));
  g_assert_cmpstr (kz_window_get_visible_page (window), ==, name);
}

static KzPulsePage *
pulse_page (KzWindow *window)
{
  return KZ_PULSE_PAGE (kz_window_get_page (window, "pulse"));
}

static KzSurveyResultsPage *
results_page (KzWindow *window)
{
  return KZ_SURVEY_RESULTS_PAGE (kz_window_get_page (window, "survey-results"));
}

static KzIdeasPage *
ideas_page (KzWindow *window)
{
  return KZ_IDEAS_PAGE (kz_window_get_page (window, "ideas"));
}

static KzIdeaView *
idea_view (KzWindow *window)
{
  return KZ_IDEA_VIEW (kz_window_get_page (window, "idea"));
}

static KzVoiceScale *
scale (KzWindow   *window,
       const char *question)
{
  g_autofree char *name = g_strdup_printf ("pulse-question-%s", question);
  GtkWidget *w = kz_gui_test_find_by_name (GTK_WIDGET (pulse_page (window)), name);

  g_assert_true (KZ_IS_VOICE_SCALE (w));
  return KZ_VOICE_SCALE (w);
}

static GtkTextView *
comment_view (KzWindow *window)
{
  GtkWidget *w = kz_gui_test_find_by_name (GTK_WIDGET (pulse_page (window)), "pulse-question-comment");

  g_assert_true (GTK_IS_TEXT_VIEW (w));
  return GTK_TEXT_VIEW (w);
}

static const char *
label_text (GtkWidget  *root,
            const char *name)
{
  GtkWidget *w = kz_gui_test_find_by_name (root, name);

  g_assert_true (GTK_IS_LABEL (w));
  return gtk_label_get_text (GTK_LABEL (w));
}

/* A real key press through the X server (XTEST), when xdotool is there. */
static gboolean
xdotool (const char *verb,
         const char *keys)
{
  g_autofree char *program = g_find_program_in_path ("xdotool");
  g_autoptr(GError) error = NULL;
  const char *argv[] = { NULL, verb, "--clearmodifiers", keys, NULL };
  int status = 0;

  if (program == NULL)
    return FALSE;
  argv[0] = program;
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return TRUE;
}

static char *
buffer_text (GtkTextView *view)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (gtk_text_view_get_buffer (view), &start, &end);
  return gtk_text_buffer_get_text (gtk_text_view_get_buffer (view), &start, &end, FALSE);
}

static const KzSurveyCell *
cell (GPtrArray  *cells,
      const char *question,
      gint64      team)
{
  for (guint i = 0; i < cells->len; i++)
    {
      const KzSurveyCell *c = g_ptr_array_index (cells, i);

      if (c->team_id == team && g_str_equal (c->question_id, question))
        return c;
    }
  g_assert_not_reached ();
  return NULL;
}

/* ---- pure functions ------------------------------------------------------------ */

/* The formula of statistics.md, written out again here. */
static void
enps_by_formula (guint   n,
                 guint   promoters,
                 guint   detractors,
                 double *value,
                 double *low,
                 double *high)
{
  double n2 = n + 3.0, p = (promoters + 0.75) / n2, d = (detractors + 0.75) / n2, e = p - d;
  double se = sqrt ((p + d - e * e) / n2);

  *value = 100.0 * ((double) promoters - detractors) / n;
  *low = MAX (-100, 100 * (e - 1.96 * se));
  *high = MIN (100, 100 * (e + 1.96 * se));
}

static void
test_format (void)
{
  KzEnps e;
  g_autofree char *text = NULL;
  g_autofree char *single = kz_pulse_page_privacy_note (FALSE, 5);
  g_autofree char *server = kz_pulse_page_privacy_note (TRUE, 5);
  double value, low, high;

  /* statistics.md's sanity figure: n = 10, eNPS +20, about ±46. */
  kz_enps_from_counts (5, 2, 3, &e);
  enps_by_formula (10, 5, 3, &value, &low, &high);
  g_assert_cmpfloat_with_epsilon (e.enps, value, 1e-9);
  g_assert_cmpfloat_with_epsilon (e.low, low, 1e-9);
  g_assert_cmpfloat_with_epsilon (e.high, high, 1e-9);
  text = kz_voice_format_enps (&e);
  g_assert_cmpstr (text, ==, "+20 (−30 to +61), n 10");
  g_clear_pointer (&text, g_free);
  text = kz_voice_format_signed (-0.04, 1);
  g_assert_cmpstr (text, ==, "0.0");
  g_clear_pointer (&text, g_free);
  text = kz_voice_format_change (40.476, 0, FALSE);
  g_assert_cmpstr (text, ==, "+40, not significant");

  /* The privacy note says what the backend protects, and what it does not. */
  g_assert_nonnull (strstr (single, "anyone who can open the file can read every answer in it"));
  g_assert_null (strstr (single, "nobody can read single answers"));
  g_assert_nonnull (strstr (server, "nobody can read single answers"));
  g_assert_nonnull (strstr (server, "at least 5 people"));
  g_assert_null (strstr (server, "anyone who can open the file"));
  for (guint i = 0; i < 2; i++)
    {
      const char *note = i == 0 ? single : server;

      g_assert_nonnull (strstr (note, "stored with your team, never your name"));
      g_assert_nonnull (strstr (note, "without the time"));
    }
}

static void
test_scale_keys (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *eleven = kz_voice_scale_new (KZ_QUESTION_SCALE_0_10, "0", "10");
  GtkWidget *five = kz_voice_scale_new (KZ_QUESTION_AGREE_1_5, NULL, NULL);

  gtk_box_append (GTK_BOX (box), eleven);
  gtk_box_append (GTK_BOX (box), five);
  gtk_window_set_child (GTK_WINDOW (window), box);
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (window);

  g_assert_cmpint (kz_voice_scale_get_value (KZ_VOICE_SCALE (eleven)), ==, -1);
  /* "1" then "0" quickly is 10; "0" alone is 0. */
  gtk_widget_activate_action (eleven, "scale.digit", "i", 1);
  g_assert_cmpint (kz_voice_scale_get_value (KZ_VOICE_SCALE (eleven)), ==, 1);
  gtk_widget_activate_action (eleven, "scale.digit", "i", 0);
  g_assert_cmpint (kz_voice_scale_get_value (KZ_VOICE_SCALE (eleven)), ==, 10);
  gtk_widget_activate_action (eleven, "scale.digit", "i", 0);
  g_assert_cmpint (kz_voice_scale_get_value (KZ_VOICE_SCALE (eleven)), ==, 0);
  gtk_widget_activate_action (eleven, "scale.step", "i", -1);
  g_assert_cmpint (kz_voice_scale_get_value (KZ_VOICE_SCALE (eleven)), ==, 0);
  gtk_widget_activate_action (eleven, "scale.last", NULL);
  g_assert_cmpint (kz_voice_scale_get_value (KZ_VOICE_SCALE (eleven)), ==, 10);
  gtk_widget_activate_action (eleven, "scale.clear", NULL);
  g_assert_cmpint (kz_voice_scale_get_value (KZ_VOICE_SCALE (eleven)), ==, -1);

  /* 1–5: digits outside the scale do nothing; the arrows move. */
  gtk_widget_activate_action (five, "scale.digit", "i", 7);
  g_assert_cmpint (kz_voice_scale_get_value (KZ_VOICE_SCALE (five)), ==, -1);
  gtk_widget_activate_action (five, "scale.step", "i", 1);
  g_assert_cmpint (kz_voice_scale_get_value (KZ_VOICE_SCALE (five)), ==, 1);
  gtk_widget_activate_action (five, "scale.digit", "i", 4);
  gtk_widget_activate_action (five, "scale.step", "i", 1);
  gtk_widget_activate_action (five, "scale.step", "i", 1);
  g_assert_cmpint (kz_voice_scale_get_value (KZ_VOICE_SCALE (five)), ==, 5);
  /* A point button answers too, and is labelled in words. */
  kz_gui_test_click (kz_voice_scale_get_button (KZ_VOICE_SCALE (five), 2));
  g_assert_cmpint (kz_voice_scale_get_value (KZ_VOICE_SCALE (five)), ==, 2);
  g_assert_true (kz_gui_test_has_label (five, "Strongly disagree"));
  g_assert_true (kz_gui_test_has_label (five, "Strongly agree"));
  gtk_test_accessible_assert_role (GTK_ACCESSIBLE (five), GTK_ACCESSIBLE_ROLE_SLIDER);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (five), GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, "2, Disagree");

  gtk_window_destroy (GTK_WINDOW (window));
  kz_gui_test_drain ();
}

/* ---- the notification ------------------------------------------------------------ */

/* A stand-in for the desktop's notification server (org.gtk.Notifications,
 * which GLib's "gtk" notification backend talks to): it keeps what
 * g_application_send_notification() sent over D-Bus. */
typedef struct {
  guint      owner;
  guint      object;
  gboolean   acquired;
  GPtrArray *sent;     /* GVariant* "(ssa{sv})" */
} FakeServer;

static const char notifications_xml[] =
  "<node><interface name='org.gtk.Notifications'>"
  "<method name='AddNotification'><arg type='s' direction='in'/><arg type='s' direction='in'/>"
  "<arg type='a{sv}' direction='in'/></method>"
  "<method name='RemoveNotification'><arg type='s' direction='in'/><arg type='s' direction='in'/></method>"
  "</interface></node>";

static void
fake_method_call (GDBusConnection       *connection,
                  const char            *sender,
                  const char            *object_path,
                  const char            *interface_name,
                  const char            *method_name,
                  GVariant              *parameters,
                  GDBusMethodInvocation *invocation,
                  gpointer               user_data)
{
  FakeServer *server = user_data;

  if (g_str_equal (method_name, "AddNotification"))
    g_ptr_array_add (server->sent, g_variant_ref (parameters));
  g_dbus_method_invocation_return_value (invocation, NULL);
}

static const GDBusInterfaceVTable fake_vtable = { fake_method_call, NULL, NULL, { 0 } };

static void
fake_acquired (GDBusConnection *connection,
               const char      *name,
               gpointer         user_data)
{
  ((FakeServer *) user_data)->acquired = TRUE;
}

static guint
n_sent_for (FakeServer *server,
            gint64      round_id)
{
  g_autofree char *suffix = g_strdup_printf ("-%" G_GINT64_FORMAT, round_id);
  guint n = 0;

  for (guint i = 0; i < server->sent->len; i++)
    {
      const char *id = NULL;

      g_variant_get (g_ptr_array_index (server->sent, i), "(&s&s@a{sv})", NULL, &id, NULL);
      if (g_str_has_suffix (id, suffix))
        n++;
    }
  return n;
}

static void
test_notification (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GDBusNodeInfo) info = NULL;
  g_autoptr(KzApplication) app = NULL;
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *state = NULL;
  g_autofree char *title = NULL;
  g_autoptr(GVariant) props = NULL;
  g_autoptr(GVariant) target = NULL;
  const char *action = NULL;
  FakeServer server = { 0 };
  KzWindow *window;
  KzVoiceNotifier *probe;

  if (bus == NULL)
    {
      g_test_skip ("No session bus: run the tests in dbus-run-session");
      return;
    }
  server.sent = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
  info = g_dbus_node_info_new_for_xml (notifications_xml, &error);
  g_assert_no_error (error);
  server.object = g_dbus_connection_register_object (bus, "/org/gtk/Notifications", info->interfaces[0],
                                                     &fake_vtable, &server, NULL, &error);
  g_assert_no_error (error);
  server.owner = g_bus_own_name_on_connection (bus, "org.gtk.Notifications", G_BUS_NAME_OWNER_FLAGS_NONE,
                                               fake_acquired, NULL, &server, NULL);
  KZ_WAIT_UNTIL (server.acquired);

  /* The real application, registered on the bus, with a window for Sam:
   * round 2 is open and Sam has not answered it. */
  app = kz_application_new ();
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  g_settings_set_int64 (settings, "current-person", centre.sam);
  window = kz_window_new (GTK_APPLICATION (app), store);
  gtk_window_present (GTK_WINDOW (window));
  KZ_WAIT_UNTIL (n_sent_for (&server, centre.round2) == 1);

  /* What it says, and what clicking it does. */
  for (guint i = 0; i < server.sent->len; i++)
    {
      g_autofree char *suffix = g_strdup_printf ("-%" G_GINT64_FORMAT, centre.round2);
      const char *app_id = NULL;
      const char *id = NULL;
      g_autoptr(GVariant) n = NULL;

      g_variant_get (g_ptr_array_index (server.sent, i), "(&s&s@a{sv})", &app_id, &id, &n);
      g_assert_cmpstr (app_id, ==, APP_ID);
      if (g_str_has_suffix (id, suffix))
        props = g_steal_pointer (&n);
    }
  g_assert_nonnull (props);
  g_assert_true (g_variant_lookup (props, "title", "s", &title));
  g_assert_cmpstr (title, ==, "A Pulse Round Is Open");
  g_assert_true (g_variant_lookup (props, "default-action", "&s", &action));
  g_assert_cmpstr (action, ==, "app.show-page");
  target = g_variant_lookup_value (props, "default-action-target", G_VARIANT_TYPE_STRING);
  g_assert_nonnull (target);
  g_assert_cmpstr (g_variant_get_string (target, NULL), ==, "pulse");
  /* Round 1 is closed: no notification for it. */
  g_assert_cmpuint (n_sent_for (&server, centre.round1), ==, 0);

  /* Checked again (Refresh; the five-minute timeout does the same): once
   * per round, never twice. */
  probe = kz_voice_notifier_new (G_APPLICATION (app), store);
  g_assert_true (kz_voice_notifier_was_notified (probe, centre.round2));
  g_assert_false (kz_voice_notifier_was_notified (probe, centre.round1));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.refresh", NULL));
  kz_voice_notifier_set_person_id (probe, centre.sam);
  KZ_WAIT_UNTIL (!kz_voice_notifier_get_checking (probe));
  kz_gui_test_drain ();
  g_assert_cmpuint (n_sent_for (&server, centre.round2), ==, 1);
  g_object_unref (probe);
  state = kz_voice_notifier_state_path ();
  g_assert_true (g_file_test (state, G_FILE_TEST_EXISTS));

  /* The notification's action: the app shows the window's Pulse page. */
  show (window, "interactions");
  g_action_group_activate_action (G_ACTION_GROUP (app), "show-page", g_variant_new_string ("pulse"));
  g_assert_cmpstr (kz_window_get_visible_page (window), ==, "pulse");

  /* A new start does not repeat it. */
  close_window (window);
  window = kz_window_new (GTK_APPLICATION (app), store);
  gtk_window_present (GTK_WINDOW (window));
  KZ_WAIT_UNTIL (kz_pulse_page_get_n_open (pulse_page (window)) == 1);
  kz_gui_test_drain ();
  g_assert_cmpuint (n_sent_for (&server, centre.round2), ==, 1);
  close_window (window);

  g_settings_reset (settings, "current-person");
  g_bus_unown_name (server.owner);
  g_dbus_connection_unregister_object (bus, server.object);
  g_ptr_array_unref (server.sent);
}

/* ---- answering a round from the keyboard ---------------------------------------------- */

static void
test_pulse_keyboard (void)
{
  KzWindow *other;
  KzWindow *window;
  g_autoptr(GPtrArray) open_rounds = NULL;
  g_autoptr(GPtrArray) cells = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *note = NULL;
  gboolean real_keys;

  /* A second window for Sam, left on the form, for the second attempt. */
  other = open_window (NULL, centre.sam, 900, 700);
  show (other, "pulse");
  KZ_WAIT_UNTIL (kz_pulse_page_get_form_round (pulse_page (other)) == centre.round2);

  window = open_window (NULL, centre.sam, 1100, 780);
  show (window, "pulse");
  /* The one open round: straight to its form; the sidebar counts it. */
  KZ_WAIT_UNTIL (kz_pulse_page_get_form_round (pulse_page (window)) == centre.round2);
  g_assert_cmpuint (kz_pulse_page_get_n_open (pulse_page (window)), ==, 1);
  g_assert_cmpstr (label_text (GTK_WIDGET (window), "pulse-count"), ==, "1");
  g_assert_true (gtk_widget_get_visible (kz_gui_test_find_by_name (GTK_WIDGET (window), "pulse-count")));
  note = kz_pulse_page_privacy_note (FALSE, 5);
  g_assert_cmpstr (label_text (GTK_WIDGET (window), "pulse-privacy"), ==, note);
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (scale (window, "enps"))));
  g_assert_cmpstr (label_text (GTK_WIDGET (window), "pulse-progress"), ==, "0 of 4 answered");

  /* Real keys: a digit a question, Tab to the next, the comment, Ctrl+Return. */
  gtk_window_present (GTK_WINDOW (window));
  real_keys = xdotool ("key", "9");
  if (real_keys)
    {
      KZ_WAIT_UNTIL (kz_voice_scale_get_value (scale (window, "enps")) == 9);
      xdotool ("key", "Tab");
      KZ_WAIT_UNTIL (gtk_widget_has_focus (GTK_WIDGET (scale (window, "tl"))));
      xdotool ("key", "4");
      KZ_WAIT_UNTIL (kz_voice_scale_get_value (scale (window, "tl")) == 4);
      xdotool ("key", "Tab");
      /* The arrows: from nothing to the first point, then up. */
      xdotool ("key", "Right");
      xdotool ("key", "End");
      KZ_WAIT_UNTIL (kz_voice_scale_get_value (scale (window, "tl2")) == 5);
      xdotool ("key", "Tab");
      xdotool ("key", "2");
      KZ_WAIT_UNTIL (kz_voice_scale_get_value (scale (window, "load")) == 2);
      xdotool ("key", "Tab");
      KZ_WAIT_UNTIL (gtk_widget_has_focus (GTK_WIDGET (comment_view (window))));
      xdotool ("type", "More coaching time would help");
      /* Enter in the comment is a new line; it does not send. */
      xdotool ("key", "Return");
      kz_gui_test_drain ();
      g_assert_cmpstr (kz_pulse_page_get_state (pulse_page (window)), ==, "form");
      xdotool ("key", "BackSpace");
      {
        g_autofree char *typed = NULL;

        KZ_WAIT_UNTIL ((g_free (typed), typed = buffer_text (comment_view (window)),
                        g_str_equal (typed, "More coaching time would help")));
      }
      g_assert_cmpstr (label_text (GTK_WIDGET (window), "pulse-progress"), ==, "4 of 4 answered");
      xdotool ("key", "ctrl+Return");
    }
  else
    {
      /* No XTEST here: the same through the scales' key bindings' actions
       * and the real Send button. */
      g_test_message ("xdotool is not installed: key bindings through their actions");
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (scale (window, "enps")), "scale.digit", "i", 9));
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (scale (window, "tl")), "scale.digit", "i", 4));
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (scale (window, "tl2")), "scale.step", "i", 1));
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (scale (window, "tl2")), "scale.last", NULL));
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (scale (window, "load")), "scale.digit", "i", 2));
      gtk_text_buffer_set_text (gtk_text_view_get_buffer (comment_view (window)), "More coaching time would help", -1);
      kz_gui_test_click (kz_gui_test_find_by_name (GTK_WIDGET (window), "pulse-send"));
    }

  /* Thank you; the round has gone from the list and the sidebar. */
  KZ_WAIT_UNTIL (g_strcmp0 (kz_pulse_page_get_state (pulse_page (window)), "thanks") == 0);
  KZ_WAIT_UNTIL (!kz_pulse_page_get_loading (pulse_page (window)));
  g_assert_cmpuint (kz_pulse_page_get_n_open (pulse_page (window)), ==, 0);
  g_assert_true (kz_gui_test_shows_label (GTK_WIDGET (window), "Thank You"));
  kz_gui_test_screenshot (GTK_WIDGET (window), "voice-pulse-thanks-1100-light.png");
  open_rounds = kz_store_list_open_rounds (store, centre.sam, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (open_rounds->len, ==, 0);
  g_assert_false (gtk_widget_get_visible (kz_gui_test_find_by_name (GTK_WIDGET (window), "pulse-count")));
  /* Shown again later: nothing to answer, nothing that says what was. */
  show (window, "interactions");
  show (window, "pulse");
  KZ_WAIT_UNTIL (!kz_pulse_page_get_loading (pulse_page (window)) &&
                 g_strcmp0 (kz_pulse_page_get_state (pulse_page (window)), "empty") == 0);
  g_assert_false (kz_gui_test_shows_text (GTK_WIDGET (window), "More coaching"));

  /* The second window still shows the form: a second attempt is refused
   * with the model's own message, and changes nothing. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (scale (other, "enps")), "scale.digit", "i", 3));
  kz_gui_test_click (kz_gui_test_find_by_name (GTK_WIDGET (other), "pulse-send"));
  KZ_WAIT_UNTIL (gtk_widget_get_visible (kz_gui_test_find_by_name (GTK_WIDGET (other), "pulse-message")));
  g_assert_true (g_str_has_prefix (label_text (GTK_WIDGET (other), "pulse-message"),
                                   "Sam Staff has already answered “Weekly pulse, "));
  g_assert_true (g_str_has_suffix (label_text (GTK_WIDGET (other), "pulse-message"),
                                   "”: each person answers a round once."));
  g_assert_cmpstr (kz_pulse_page_get_state (pulse_page (other)), ==, "form");
  close_window (other);
  close_window (window);

  /* What Sam entered is what was stored: closed, the whole round has 14
   * answers to each question, with Sam's among them. */
  close_round (centre.round2, -1);
  cells = kz_store_survey_results (store, centre.round2, &error);
  g_assert_no_error (error);
  {
    const KzSurveyCell *enps = cell (cells, "enps", KZ_CELL_ALL);
    const KzSurveyCell *tl = cell (cells, "tl", KZ_CELL_ALL);
    const KzSurveyCell *tl2 = cell (cells, "tl2", KZ_CELL_ALL);
    const KzSurveyCell *load = cell (cells, "load", KZ_CELL_ALL);
    const guint enps_counts[11] = { 0, 0, 1, 1, 0, 1, 2, 1, 2, 3, 3 };
    const guint tl_counts[11] = { 0, 1, 2, 3, 5, 3 };
    const guint tl2_counts[11] = { 0, 0, 2, 4, 6, 2 };
    const guint load_counts[11] = { 0, 1, 3, 5, 4, 1 };
    g_autoptr(GPtrArray) comments = kz_store_survey_comments (store, centre.round2, NULL, NULL, &error);
    gboolean found = FALSE;

    g_assert_cmpuint (enps->n, ==, 14);
    for (guint v = 0; v <= 10; v++)
      {
        g_assert_cmpuint (enps->counts[v], ==, enps_counts[v]);
        g_assert_cmpuint (tl->counts[v], ==, tl_counts[v]);
        g_assert_cmpuint (tl2->counts[v], ==, tl2_counts[v]);
        g_assert_cmpuint (load->counts[v], ==, load_counts[v]);
      }
    g_assert_no_error (error);
    for (guint i = 0; i < comments->len; i++)
      found = found || g_str_equal (((KzSurveyComment *) g_ptr_array_index (comments, i))->text,
                                    "More coaching time would help");
    g_assert_true (found);
  }
}

/* ---- a manager's results ----------------------------------------------------------- */

static GtkWidget *
table_cell (KzSurveyResultsPage *page,
            guint                row,
            KzResultsColumn      column)
{
  return gtk_grid_get_child_at (kz_survey_results_page_get_table (page), column, row);
}

static const char *
table_text (KzSurveyResultsPage *page,
            guint                row,
            KzResultsColumn      column)
{
  GtkWidget *w = table_cell (page, row, column);

  return GTK_IS_LABEL (w) ? gtk_label_get_text (GTK_LABEL (w)) : NULL;
}

static gboolean
has_digit (const char *text)
{
  for (const char *p = text; p != NULL && *p; p++)
    if (g_ascii_isdigit (*p))
      return TRUE;
  return FALSE;
}

static KzWindow *
open_results (gint64 person,
              int    width,
              int    height)
{
  KzWindow *window = open_window (NULL, person, width, height);

  show (window, "survey-results");
  return window;
}

static void
test_results (void)
{
  KzWindow *window;
  KzSurveyResultsPage *page;
  GPtrArray *figures;
  KzChartData *data;
  GtkWidget *table;
  double value, low, high;
  g_autofree char *expected = NULL;
  guint rows;

  /* Staff see an explanation, and no figure. */
  window = open_results (centre.sam, 1100, 780);
  page = results_page (window);
  KZ_WAIT_UNTIL (g_strcmp0 (kz_survey_results_page_get_state (page), "not-allowed") == 0);
  g_assert_true (kz_gui_test_shows_label (GTK_WIDGET (window), "Survey Results Are for Managers"));
  g_assert_null (kz_survey_results_page_get_figures (page));

  /* The manager: the newest closed round first. */
  set_person (window, centre.mo);
  KZ_WAIT_UNTIL (g_strcmp0 (kz_survey_results_page_get_state (page), "results") == 0 &&
                 !kz_survey_results_page_get_loading (page));
  g_assert_cmpint (kz_survey_results_page_get_round_id (page), ==, centre.round2);
  g_assert_cmpuint (kz_survey_results_page_get_rounds (page)->len, ==, 2);

  /* eNPS as worked out above, the formula written out again. */
  enps_by_formula (14, 6, 5, &value, &low, &high);
  g_assert_cmpfloat_with_epsilon (value, 100.0 / 14, 1e-9);
  g_assert_cmpint ((int) round (low), ==, -35);
  g_assert_cmpint ((int) round (high), ==, 47);
  g_assert_cmpstr (label_text (GTK_WIDGET (window), "results-enps"), ==, "+7 (−35 to +47), n 14");
  {
    const KzSurveyRound *first = g_ptr_array_index (kz_survey_results_page_get_rounds (page), 1);
    g_autofree char *change = g_strconcat ("Change from “", first->title, "”: +40, not significant", NULL);

    g_assert_cmpint (first->id, ==, centre.round1);
    g_assert_cmpstr (label_text (GTK_WIDGET (window), "results-enps-change"), ==, change);
  }
  enps_by_formula (6, 2, 3, &value, &low, &high);
  g_assert_cmpint ((int) round (value), ==, -17);
  g_assert_cmpint ((int) round (low), ==, -66);
  g_assert_cmpint ((int) round (high), ==, 44);
  {
    GtkWidget *teams = kz_gui_test_find_by_name (GTK_WIDGET (window), "results-enps-teams");
    g_autofree char *texts = kz_gui_test_texts (teams, FALSE);

    g_assert_nonnull (strstr (texts, "−17 (−66 to +44), n 6"));
    g_assert_nonnull (strstr (texts, "Hidden: fewer than 5 answers"));
    g_assert_nonnull (strstr (texts, "Hidden so the others cannot be subtracted to reveal a smaller group"));
    /* Alpha's and Gamma's eNPS (+33 and 0) appear nowhere. */
    g_assert_null (strstr (texts, "+33"));
    g_assert_null (strstr (texts, "n 2"));
  }

  /* The heatmap: drivers × groups, suppressed cells with their reason. */
  data = kz_chart_frame_get_data (KZ_CHART_FRAME (kz_survey_results_page_get_heatmap (page)));
  g_assert_cmpuint (kz_chart_data_get_n_rows (data), ==, 2);
  g_assert_cmpstr (kz_chart_data_get_row (data, 0), ==, "Team leader");
  g_assert_cmpstr (kz_chart_data_get_row (data, 1), ==, "Workload");
  g_assert_cmpuint (kz_chart_data_get_n_categories (data), ==, 4);
  g_assert_cmpstr (kz_chart_data_get_category (data, 0), ==, "Whole round");
  g_assert_cmpstr (kz_chart_data_get_category (data, 1), ==, "Alpha");
  g_assert_cmpstr (kz_chart_data_get_category (data, 2), ==, "Beta");
  g_assert_cmpstr (kz_chart_data_get_category (data, 3), ==, "Gamma");
  g_assert_cmpfloat_with_epsilon (kz_chart_data_get_cell_value (data, 0, 0), 71.0 * 25 / 28, 1e-9);
  g_assert_cmpfloat_with_epsilon (kz_chart_data_get_cell_value (data, 0, 2), 50.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (kz_chart_data_get_cell_value (data, 1, 0), (43.0 - 14) * 25 / 14, 1e-9);
  g_assert_cmpfloat_with_epsilon (kz_chart_data_get_cell_value (data, 1, 2), 75.0, 1e-9);
  for (guint r = 0; r < 2; r++)
    {
      g_assert_true (kz_chart_data_cell_is_suppressed (data, r, 1));
      g_assert_true (kz_chart_data_cell_is_suppressed (data, r, 3));
      g_assert_true (isnan (kz_chart_data_get_cell_value (data, r, 1)));
      g_assert_true (isnan (kz_chart_data_get_cell_value (data, r, 3)));
      g_assert_cmpstr (kz_chart_data_get_cell_reason (data, r, 1), ==,
                       "Hidden so the others cannot be subtracted to reveal a smaller group");
      g_assert_cmpstr (kz_chart_data_get_cell_reason (data, r, 3), ==, "Hidden: fewer than 5 answers");
      g_assert_false (kz_chart_data_cell_is_suppressed (data, r, 0));
      g_assert_false (kz_chart_data_cell_is_suppressed (data, r, 2));
    }
  {
    g_autofree char *tooltip = kz_chart_data_describe_cell (data, 0, 3);
    g_autoptr(KzChartTable) t = kz_chart_data_build_table (data);

    g_assert_nonnull (strstr (tooltip, "fewer than 5 answers"));
    /* The table behind "Show as Table": the reason, never a number. */
    for (guint r = 0; r < t->n_rows; r++)
      for (guint c = 0; c < t->n_columns; c++)
        if (g_str_equal (kz_chart_table_get_header (t, c), "Alpha") ||
            g_str_equal (kz_chart_table_get_header (t, c), "Gamma"))
          {
            const char *text = kz_chart_table_get_cell (t, r, c);

            g_assert_true (g_str_has_prefix (text, "Hidden"));
            g_assert_true (g_str_equal (text, "Hidden: fewer than 5 answers") || !has_digit (text));
          }
  }
  kz_chart_frame_set_show_table (KZ_CHART_FRAME (kz_survey_results_page_get_heatmap (page)), TRUE);
  table = kz_chart_frame_get_table (KZ_CHART_FRAME (kz_survey_results_page_get_heatmap (page)));
  g_assert_true (kz_gui_test_has_label (table, "Hidden: fewer than 5 answers"));
  g_assert_true (kz_gui_test_has_label (table, "63.4"));
  kz_chart_frame_set_show_table (KZ_CHART_FRAME (kz_survey_results_page_get_heatmap (page)), FALSE);

  /* The table, whole round: eNPS, then each driver before its questions. */
  figures = kz_survey_results_page_get_figures (page);
  g_assert_cmpuint (figures->len, ==, 6);
  g_assert_cmpstr (table_text (page, 1, KZ_RESULTS_COLUMN_FIGURE), ==,
                   "How likely are you to recommend working here to a friend? (eNPS)");
  g_assert_cmpstr (table_text (page, 1, KZ_RESULTS_COLUMN_N), ==, "14");
  g_assert_cmpstr (table_text (page, 1, KZ_RESULTS_COLUMN_SCORE), ==, "72.9");
  g_assert_cmpstr (table_text (page, 1, KZ_RESULTS_COLUMN_ENPS), ==, "+7 (−35 to +47), n 14");
  g_assert_cmpstr (table_text (page, 2, KZ_RESULTS_COLUMN_FIGURE), ==, "Team leader");
  g_assert_cmpstr (table_text (page, 2, KZ_RESULTS_COLUMN_N), ==, "28");
  g_assert_cmpstr (table_text (page, 2, KZ_RESULTS_COLUMN_SCORE), ==, "63.4");
  /* Round 1's Team leader: (32 + 36 − 24) × 25 ÷ 24 = 45.8; the change is
   * 63.4 − 45.8 = +17.6, untested (the same people answered both). */
  g_assert_cmpstr (table_text (page, 2, KZ_RESULTS_COLUMN_CHANGE), ==, "+17.6, not tested");
  g_assert_cmpstr (table_text (page, 3, KZ_RESULTS_COLUMN_FIGURE), ==, "My team leader supports me");
  g_assert_cmpstr (table_text (page, 3, KZ_RESULTS_COLUMN_SCORE), ==, "62.5");
  g_assert_cmpstr (table_text (page, 3, KZ_RESULTS_COLUMN_MEAN), ==, "3.50 (2.79 to 4.21)");
  g_assert_true (g_str_has_prefix (table_text (page, 3, KZ_RESULTS_COLUMN_CHANGE), "+20.8, "));
  g_assert_cmpstr (table_text (page, 4, KZ_RESULTS_COLUMN_SCORE), ==, "64.3");
  g_assert_cmpstr (table_text (page, 5, KZ_RESULTS_COLUMN_FIGURE), ==, "Workload");
  g_assert_cmpstr (table_text (page, 6, KZ_RESULTS_COLUMN_SCORE), ==, "51.8");
  g_assert_true (g_str_has_prefix (table_text (page, 6, KZ_RESULTS_COLUMN_CHANGE), "+1.8, not significant"));
  {
    GtkWidget *bars = table_cell (page, 3, KZ_RESULTS_COLUMN_DISTRIBUTION);

    g_assert_cmpstr (gtk_widget_get_tooltip_text (bars), ==, "1: 1 · 2: 2 · 3: 3 · 4: 5 · 5: 3");
  }

  /* By team: every suppressed figure shows its reason and nothing else. */
  kz_survey_results_page_set_by_team (page, TRUE);
  figures = kz_survey_results_page_get_figures (page);
  g_assert_cmpuint (figures->len, ==, 24);
  rows = 0;
  for (guint i = 0; i < figures->len; i++)
    {
      const KzSurveyFigure *f = g_ptr_array_index (figures, i);

      if (f->team_id == centre.alpha || f->team_id == centre.gamma)
        {
          GtkWidget *w;
          const char *reason = table_text (page, i + 1, KZ_RESULTS_COLUMN_SCORE);

          g_assert_cmpint (f->suppression, ==, f->team_id == centre.gamma ? KZ_SUPPRESSED_FEW
                                                                          : KZ_SUPPRESSED_DIFFERENCE);
          g_assert_cmpuint (f->n, ==, 0);
          g_assert_false (f->has_score);
          g_assert_cmpstr (table_text (page, i + 1, KZ_RESULTS_COLUMN_N), ==, "—");
          g_assert_true (g_str_has_prefix (reason, "Hidden"));
          g_assert_true (g_str_equal (reason, "Hidden: fewer than 5 answers") || !has_digit (reason));
          g_assert_cmpstr (gtk_widget_get_tooltip_text (table_cell (page, i + 1, KZ_RESULTS_COLUMN_SCORE)), ==,
                           reason);
          /* The reason spans the figure's columns: nothing else is there. */
          for (guint c = KZ_RESULTS_COLUMN_MEAN; c < KZ_RESULTS_N_COLUMNS; c++)
            {
              w = table_cell (page, i + 1, c);
              g_assert_true (w == NULL || w == table_cell (page, i + 1, KZ_RESULTS_COLUMN_SCORE));
            }
          rows++;
        }
      else if (f->team_id == centre.beta && f->kind == KZ_FIGURE_DRIVER && g_str_equal (f->driver, "Team leader"))
        {
          g_assert_cmpstr (table_text (page, i + 1, KZ_RESULTS_COLUMN_SCORE), ==, "50.0");
          g_assert_cmpstr (table_text (page, i + 1, KZ_RESULTS_COLUMN_N), ==, "12");
        }
    }
  g_assert_cmpuint (rows, ==, 12);

  /* Comments: the whole round's, in alphabetical order; not by team. */
  {
    GtkWidget *list = kz_gui_test_find_by_name (GTK_WIDGET (window), "results-comments");
    g_autofree char *texts = kz_gui_test_texts (list, FALSE);

    g_assert_nonnull (strstr (texts, "More coaching time would help"));
    g_assert_nonnull (strstr (texts, "Nobody tells us about changes in advance"));
    g_assert_null (strstr (texts, "Gamma"));
    g_assert_true (g_str_has_prefix (label_text (GTK_WIDGET (window), "results-comments-note"),
                                     "For the whole round only"));
  }

  /* Round 1: nothing hidden (two teams of six), no earlier round. */
  g_assert_true (kz_survey_results_page_select_round (page, centre.round1));
  KZ_WAIT_UNTIL (kz_survey_results_page_get_round_id (page) == centre.round1 &&
                 !kz_survey_results_page_get_loading (page));
  enps_by_formula (12, 2, 6, &value, &low, &high);
  expected = g_strdup_printf ("−33 (−%d to +%d), n 12", (int) round (-low), (int) round (high));
  g_assert_cmpstr (label_text (GTK_WIDGET (window), "results-enps"), ==, expected);
  g_assert_cmpstr (label_text (GTK_WIDGET (window), "results-enps-change"), ==,
                   "No earlier round of this plan to compare with.");
  g_assert_true (g_str_has_prefix (label_text (GTK_WIDGET (window), "results-comments-note"),
                                   "Nobody wrote a comment"));
  close_window (window);
}

/* ---- the export ------------------------------------------------------------------ */

static char **
csv_fields (const char *line)
{
  /* The fixture's fields hold no commas or quotes. */
  g_assert_null (strchr (line, '"'));
  return g_strsplit (line, ",", -1);
}

static int
column_of (char       **header,
           const char  *name)
{
  for (int i = 0; header[i] != NULL; i++)
    if (g_str_equal (header[i], name))
      return i;
  g_assert_not_reached ();
  return -1;
}

static void
test_export (void)
{
  KzWindow *window = open_results (centre.mo, 1100, 780);
  KzSurveyResultsPage *page = results_page (window);
  g_autofree char *path = g_build_filename (tmp_dir, "round-2.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *written = NULL;
  g_autofree char *shown = NULL;
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) header = NULL;
  GPtrArray *figures;
  g_autoptr(GError) error = NULL;

  KZ_WAIT_UNTIL (kz_survey_results_page_get_round_id (page) == centre.round2 &&
                 !kz_survey_results_page_get_loading (page));
  kz_survey_results_page_set_by_team (page, TRUE);
  g_assert_true (gtk_widget_is_sensitive (kz_gui_test_find_by_name (GTK_WIDGET (window), "results-export")));
  kz_survey_results_page_export (page, file);
  KZ_WAIT_UNTIL (!kz_survey_results_page_get_exporting (page));
  g_assert_true (g_file_get_contents (path, &written, NULL, &error));
  g_assert_no_error (error);
  shown = kz_survey_results_page_get_csv (page);
  g_assert_cmpstr (written, ==, shown);

  /* Line by line, the figures on screen: a line a table row, the same n,
   * the same score to the screen's decimal, suppressed ones as their
   * reason with no number at all. */
  figures = kz_survey_results_page_get_figures (page);
  lines = g_strsplit (written, "\n", -1);
  header = csv_fields (lines[0]);
  g_assert_cmpuint (g_strv_length (lines), ==, figures->len + 2);   /* a header, and the last newline */
  g_assert_cmpstr (lines[figures->len + 1], ==, "");
  for (guint i = 0; i < figures->len; i++)
    {
      g_auto(GStrv) f = csv_fields (lines[i + 1]);
      const char *n = table_text (page, i + 1, KZ_RESULTS_COLUMN_N);
      const char *score = table_text (page, i + 1, KZ_RESULTS_COLUMN_SCORE);
      const char *group = table_text (page, i + 1, KZ_RESULTS_COLUMN_GROUP);

      g_assert_cmpuint (g_strv_length (f), ==, g_strv_length (header));
      g_assert_cmpstr (*f[column_of (header, "team")] != '\0' ? f[column_of (header, "team")] : "Whole round", ==,
                       group);
      if (*f[column_of (header, "suppressed")] != '\0')
        {
          const char *reason = f[column_of (header, "reason")];
          g_autofree char *as_shown = g_strconcat ("Hidden: ", reason, NULL);

          /* The reason as the screen words it: "Hidden: fewer than 5
           * answers", "Hidden so the others …" for "hidden so the others …". */
          if (g_str_has_prefix (reason, "hidden "))
            g_assert_cmpstr (score + 1, ==, reason + 1);
          else
            g_assert_cmpstr (score, ==, as_shown);
          g_assert_cmpstr (n, ==, "—");
          for (int c = 0; header[c] != NULL; c++)
            if (c != column_of (header, "question") && c != column_of (header, "team_id") &&
                c != column_of (header, "team") && c != column_of (header, "suppressed") &&
                c != column_of (header, "reason") && c != column_of (header, "figure") &&
                c != column_of (header, "driver"))
              g_assert_cmpstr (f[c], ==, "");
        }
      else
        {
          g_autofree char *rounded = g_strdup_printf ("%.1f", g_ascii_strtod (f[column_of (header, "score")], NULL));

          g_assert_cmpstr (f[column_of (header, "n")], ==, n);
          g_assert_cmpstr (rounded, ==, score);
          g_assert_cmpstr (f[column_of (header, "reason")], ==, "");
        }
    }
  /* And the hand-worked figures themselves. */
  {
    g_auto(GStrv) enps = csv_fields (lines[1]);

    g_assert_cmpstr (enps[column_of (header, "question")], ==, "enps");
    g_assert_cmpfloat_with_epsilon (g_ascii_strtod (enps[column_of (header, "enps")], NULL), 100.0 / 14, 1e-4);
    g_assert_cmpstr (enps[column_of (header, "enps_change_significant")], ==, "no");
  }

  /* kaizenctl's --csv is the same writer: its question lines are ours. */
  {
    g_autoptr(GPtrArray) cells = kz_store_survey_results (store, centre.round2, &error);
    g_autoptr(GPtrArray) bank = kz_store_list_questions (store, &error);
    g_autoptr(GPtrArray) units = kz_store_list_units (store, &error);
    g_autoptr(GPtrArray) cli = kz_survey_figures (cells, NULL, bank, units, KZ_FIGURES_BY_TEAM);
    g_autofree char *text = kz_survey_figures_to_csv (cli, 5, FALSE);
    g_auto(GStrv) cli_lines = g_strsplit (text, "\n", -1);
    int change = column_of (header, "change");
    guint matched = 0;

    g_assert_no_error (error);
    for (guint i = 1; cli_lines[i] != NULL && *cli_lines[i] != '\0'; i++)
      for (guint j = 1; lines[j] != NULL; j++)
        {
          g_auto(GStrv) a = csv_fields (cli_lines[i]);
          g_auto(GStrv) b = csv_fields (lines[j]);

          if (*a[0] == '\0' || g_strcmp0 (a[0], b[0]) != 0 || g_strcmp0 (a[1], b[1]) != 0)
            continue;
          /* The CLI's columns are the app's first ones, the same text. */
          g_assert_cmpuint (g_strv_length (a), ==, 20);
          for (int c = 0; c < 20 && c < change; c++)
            g_assert_cmpstr (a[c], ==, b[c]);
          matched++;
        }
    g_assert_cmpuint (matched, ==, 16);
  }
  close_window (window);
}

/* ---- the question bank and plans ------------------------------------------------------ */

static void
test_setup (void)
{
  KzWindow *window = open_results (centre.mo, 1100, 780);
  KzSurveyResultsPage *page = results_page (window);
  KzSurveySetupDialog *dialog = NULL;
  GtkWidget *expander;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rounds = NULL;
  KzSurveyRound *started;
  GDate opens, closes, today = today_plus (0);

  KZ_WAIT_UNTIL (kz_survey_results_page_get_round_id (page) == centre.round2);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "results.setup", NULL));
  for (GList *l = gtk_window_list_toplevels (); l != NULL; l = g_list_delete_link (l, l))
    if (KZ_IS_SURVEY_SETUP_DIALOG (l->data))
      dialog = l->data;
  g_assert_nonnull (dialog);
  KZ_WAIT_UNTIL (!kz_survey_setup_dialog_get_busy (dialog));
  g_assert_cmpuint (kz_survey_setup_dialog_get_questions (dialog)->len, ==, 5);
  g_assert_cmpuint (kz_survey_setup_dialog_get_plans (dialog)->len, ==, 1);

  /* A question with answers keeps its kind: the model says so. */
  expander = kz_gui_test_find_by_name (GTK_WIDGET (dialog), "setup-question-tl");
  g_assert_nonnull (expander);
  adw_combo_row_set_selected (g_object_get_data (G_OBJECT (expander), "kind"), KZ_QUESTION_SCALE_0_10);
  kz_gui_test_click (kz_gui_test_find_button (expander, "_Save"));
  KZ_WAIT_UNTIL (!kz_survey_setup_dialog_get_busy (dialog));
  g_assert_nonnull (strstr (kz_survey_setup_dialog_get_message (dialog), "kind"));
  {
    g_autoptr(GPtrArray) bank = kz_store_list_questions (store, &error);

    g_assert_cmpint (((KzQuestion *) g_ptr_array_index (bank, 1))->kind, ==, KZ_QUESTION_AGREE_1_5);
  }
  /* Its text may change. */
  expander = kz_gui_test_find_by_name (GTK_WIDGET (dialog), "setup-question-tl");
  adw_combo_row_set_selected (g_object_get_data (G_OBJECT (expander), "kind"), KZ_QUESTION_AGREE_1_5);
  gtk_editable_set_text (g_object_get_data (G_OBJECT (expander), "text"), "My team leader supports me well");
  kz_gui_test_click (kz_gui_test_find_button (expander, "_Save"));
  KZ_WAIT_UNTIL (!kz_survey_setup_dialog_get_busy (dialog));
  g_assert_cmpstr (kz_survey_setup_dialog_get_message (dialog), ==, "Question saved");
  {
    g_autoptr(GPtrArray) bank = kz_store_list_questions (store, &error);

    g_assert_cmpstr (((KzQuestion *) g_ptr_array_index (bank, 1))->text, ==, "My team leader supports me well");
  }

  /* Start Next Round: today to today + 6 unless changed. */
  kz_survey_setup_dialog_default_dates (&today, &opens, &closes);
  g_assert_cmpint (g_date_days_between (&opens, &closes), ==, 6);
  g_assert_cmpint (g_date_compare (&opens, &today), ==, 0);
  kz_gui_test_click (kz_gui_test_find_by_name (GTK_WIDGET (dialog), "setup-start-round"));
  KZ_WAIT_UNTIL (!kz_survey_setup_dialog_get_busy (dialog));
  g_assert_true (g_str_has_prefix (kz_survey_setup_dialog_get_message (dialog), "Started “Weekly pulse"));
  rounds = kz_store_list_rounds (store, centre.plan, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rounds->len, ==, 3);
  started = g_ptr_array_index (rounds, 2);
  g_assert_cmpint (g_date_compare (&started->opens_on, &opens), ==, 0);
  g_assert_cmpint (g_date_compare (&started->closes_on, &closes), ==, 0);
  g_assert_cmpuint (started->k, ==, 5);
  g_assert_cmpstr (started->question_ids[0], ==, "enps");

  gtk_window_destroy (GTK_WINDOW (dialog));
  close_window (window);
}

/* ---- ideas ------------------------------------------------------------------------ */

static KzIdeaRow *
board_row (KzWindow   *window,
           const char *id)
{
  g_autofree char *name = g_strdup_printf ("idea-%s", id);
  GtkWidget *row = kz_gui_test_find_by_name (GTK_WIDGET (kz_ideas_page_get_board (ideas_page (window))), name);

  return row != NULL ? KZ_IDEA_ROW (row) : NULL;
}

static void
test_ideas (void)
{
  KzWindow *window = open_window (NULL, centre.sam, 1100, 780);
  KzIdeasPage *page = ideas_page (window);
  KzIdeaDialog *dialog;
  KzIdeaRow *row;
  KzIdeaView *view;
  g_autoptr(GError) error = NULL;
  g_autoptr(KzIdea) stored = NULL;
  g_autofree char *token = NULL;
  g_auto(GStrv) tokens = NULL;
  GtkWidget *comment;
  guint before;

  show (window, "ideas");
  KZ_WAIT_UNTIL (!kz_ideas_page_get_loading (page) && kz_ideas_page_get_ideas (page) != NULL);
  before = kz_ideas_page_get_ideas (page)->len;
  /* "Open": the done idea is on "You Said, We Did", not the board. */
  g_assert_cmpuint (before, ==, 1);
  g_assert_true (kz_gui_test_has_label (GTK_WIDGET (page), "A quiet room for breaks"));

  /* Post anonymously: the switch is on by default and says what it means. */
  dialog = KZ_IDEA_DIALOG (kz_ideas_page_new_idea (page));
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (kz_gui_test_find_by_name (GTK_WIDGET (dialog), "idea-anonymous"))));
  gtk_editable_set_text (GTK_EDITABLE (kz_gui_test_find_by_name (GTK_WIDGET (dialog), "idea-title")),
                         "Callback slots for busy mornings");
  gtk_editable_set_text (GTK_EDITABLE (kz_gui_test_find_by_name (GTK_WIDGET (dialog), "idea-category")), "Process");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (kz_gui_test_find_by_name (GTK_WIDGET (dialog),
                                                                                               "idea-body"))),
                            "Offer customers a callback instead of a long queue before ten.", -1);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  kz_gui_test_click (kz_gui_test_find_by_name (GTK_WIDGET (dialog), "idea-post"));
  KZ_WAIT_UNTIL (dialog == NULL);
  KZ_WAIT_UNTIL (!kz_ideas_page_get_loading (page) && kz_ideas_page_get_ideas (page)->len == before + 1);

  /* Newest first; stored with no author, a pseudonym, the token here. */
  idea_id = g_strdup (((KzIdea *) g_ptr_array_index (kz_ideas_page_get_ideas (page), 0))->id);
  stored = kz_store_get_idea (store, idea_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (stored->title, ==, "Callback slots for busy mornings");
  g_assert_cmpint (stored->author_id, ==, 0);
  g_assert_null (stored->author_name);
  g_assert_true (g_str_has_prefix (stored->pseudonym, "Anonymous "));
  token = kz_voice_tokens_lookup (store, idea_id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (token);
  row = board_row (window, idea_id);
  g_assert_nonnull (row);
  {
    g_autofree char *meta = kz_idea_row_describe (stored);

    g_assert_true (g_str_has_prefix (meta, "Process · Anonymous "));
    g_assert_true (kz_gui_test_has_label (GTK_WIDGET (row), meta));
  }

  /* Vote once: the button is spent; a second vote is refused by the model. */
  g_assert_true (gtk_widget_is_sensitive (kz_idea_row_get_vote_button (row)));
  kz_gui_test_click (kz_idea_row_get_vote_button (row));
  KZ_WAIT_UNTIL (kz_idea_row_get_voted (row));
  g_assert_cmpuint (kz_idea_row_get_idea (row)->n_votes, ==, 1);
  g_assert_false (gtk_widget_is_sensitive (kz_idea_row_get_vote_button (row)));
  g_assert_false (kz_store_vote_idea (store, idea_id, centre.sam, &error));
  g_assert_error (error, KZ_ERROR, KZ_ERROR_EXISTS);
  g_clear_error (&error);

  /* The detail: voted (kz_store_idea_has_vote), and the author's own
   * follow-up goes under the idea's pseudonym. */
  gtk_widget_activate_action (GTK_WIDGET (row), "win.show-idea", "s", idea_id);
  view = idea_view (window);
  g_assert_cmpstr (kz_window_get_visible_page (window), ==, "idea");
  KZ_WAIT_UNTIL (!kz_idea_view_get_loading (view) && kz_idea_view_get_idea (view) != NULL);
  g_assert_true (kz_idea_view_get_voted (view));
  g_assert_true (kz_idea_view_get_authored (view));
  g_assert_false (gtk_widget_is_sensitive (kz_gui_test_find_by_name (GTK_WIDGET (view), "idea-view-vote")));
  g_assert_false (gtk_widget_get_visible (kz_gui_test_find_by_name (GTK_WIDGET (view), "idea-view-reply")));
  g_assert_nonnull (strstr (label_text (GTK_WIDGET (view), "idea-view-anonymous-note"), stored->pseudonym));
  comment = kz_gui_test_find_by_name (GTK_WIDGET (view), "idea-view-comment");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (comment)), "Ten to twelve would be enough.", -1);
  kz_gui_test_click (kz_gui_test_find_by_name (GTK_WIDGET (view), "idea-view-send-comment"));
  KZ_WAIT_UNTIL (!kz_idea_view_get_busy (view) && !kz_idea_view_get_loading (view) &&
                 kz_idea_view_get_comments (view)->len == 1);
  {
    const KzIdeaComment *c = g_ptr_array_index (kz_idea_view_get_comments (view), 0);

    g_assert_cmpint (c->author_id, ==, 0);
    g_assert_cmpstr (c->pseudonym, ==, stored->pseudonym);
    g_assert_false (c->from_manager);
  }

  /* The manager replies, and moves it: declined needs a reason (the
   * model's message), under review does not. */
  set_person (window, centre.mo);
  KZ_WAIT_UNTIL (!kz_idea_view_get_loading (view) &&
                 gtk_widget_get_visible (kz_gui_test_find_by_name (GTK_WIDGET (view), "idea-view-reply")));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (comment)),
                            "Good idea: we try it in March with the Billing queue.", -1);
  kz_gui_test_click (kz_gui_test_find_by_name (GTK_WIDGET (view), "idea-view-reply"));
  KZ_WAIT_UNTIL (!kz_idea_view_get_busy (view) && !kz_idea_view_get_loading (view) &&
                 kz_idea_view_get_comments (view)->len == 2);
  g_assert_true (((KzIdeaComment *) g_ptr_array_index (kz_idea_view_get_comments (view), 1))->from_manager);
  g_assert_true (kz_gui_test_has_label (GTK_WIDGET (view), "Manager Reply"));
  adw_combo_row_set_selected (ADW_COMBO_ROW (kz_gui_test_find_by_name (GTK_WIDGET (view), "idea-view-status-choice")),
                              KZ_IDEA_DECLINED);
  kz_gui_test_click (kz_gui_test_find_by_name (GTK_WIDGET (view), "idea-view-move"));
  KZ_WAIT_UNTIL (!kz_idea_view_get_busy (view) && kz_idea_view_get_message (view) != NULL);
  g_assert_cmpstr (kz_idea_view_get_message (view), ==, "Say why the idea is declined: the people who suggested it will read it.");
  adw_combo_row_set_selected (ADW_COMBO_ROW (kz_gui_test_find_by_name (GTK_WIDGET (view), "idea-view-status-choice")),
                              KZ_IDEA_UNDER_REVIEW);
  kz_gui_test_click (kz_gui_test_find_by_name (GTK_WIDGET (view), "idea-view-move"));
  KZ_WAIT_UNTIL (!kz_idea_view_get_busy (view) && !kz_idea_view_get_loading (view) &&
                 kz_idea_view_get_idea (view)->status == KZ_IDEA_UNDER_REVIEW);
  g_assert_null (kz_idea_view_get_message (view));

  /* Back as Sam: "My Anonymous Posts" finds the thread with this
   * computer's token, and the manager's reply in it, new. */
  set_person (window, centre.sam);
  show (window, "ideas");
  kz_ideas_page_set_view (page, "my-posts");
  KZ_WAIT_UNTIL (!kz_ideas_page_get_loading (page) && kz_ideas_page_get_threads (page) != NULL &&
                 kz_ideas_page_get_threads (page)->len == 1);
  {
    const KzIdeaThread *t = g_ptr_array_index (kz_ideas_page_get_threads (page), 0);
    GtkWidget *threads = kz_gui_test_find_by_name (GTK_WIDGET (page), "ideas-my-threads");

    g_assert_cmpstr (t->idea_id, ==, idea_id);
    g_assert_true (t->authored);
    g_assert_cmpuint (t->replies->len, ==, 1);
    g_assert_true (((KzIdeaComment *) g_ptr_array_index (t->replies, 0))->from_manager);
    g_assert_cmpuint (kz_ideas_page_get_n_new_replies (page, idea_id), ==, 1);
    g_assert_true (kz_gui_test_shows_label (threads, "Good idea: we try it in March with the Billing queue."));
    g_assert_true (kz_gui_test_shows_text (threads, "1 new reply"));
    g_assert_true (kz_gui_test_shows_label (threads, "Manager Reply"));
  }
  tokens = kz_voice_tokens_list (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (tokens), ==, 1);

  /* A duplicate, merged by the manager: its vote joins Sam's idea (Sam's
   * own vote, then Beta Agent 2's: 2), and it leaves the board. */
  {
    g_autoptr(KzIdea) dup = kz_idea_new ();
    g_autoptr(KzIdea) target = NULL;
    g_autoptr(KzIdea) merged = NULL;
    g_autofree char *dup_id = NULL;
    AdwComboRow *choice;
    GListModel *titles;
    guint pick = G_MAXUINT;

    dup->title = g_strdup ("Call us back instead of waiting");
    dup->body = g_strdup ("Same as the callback idea, really.");
    dup->author_id = centre.b[0];
    dup_id = kz_store_submit_idea (store, dup, NULL, &error);
    g_assert_no_error (error);
    g_assert_true (kz_store_vote_idea (store, dup_id, centre.b[1], &error));
    g_assert_no_error (error);

    set_person (window, centre.mo);
    gtk_widget_activate_action (GTK_WIDGET (window), "win.show-idea", "s", dup_id);
    KZ_WAIT_UNTIL (!kz_idea_view_get_loading (view) && kz_idea_view_get_idea (view) != NULL &&
                   g_str_equal (kz_idea_view_get_idea (view)->id, dup_id));
    choice = ADW_COMBO_ROW (kz_gui_test_find_by_name (GTK_WIDGET (view), "idea-view-merge-target"));
    titles = adw_combo_row_get_model (choice);
    for (guint i = 0; i < g_list_model_get_n_items (titles); i++)
      if (g_str_equal (gtk_string_list_get_string (GTK_STRING_LIST (titles), i), "Callback slots for busy mornings"))
        pick = i;
    g_assert_cmpuint (pick, !=, G_MAXUINT);
    adw_combo_row_set_selected (choice, pick);
    kz_gui_test_click (kz_gui_test_find_by_name (GTK_WIDGET (view), "idea-view-merge"));
    KZ_WAIT_UNTIL (!kz_idea_view_get_busy (view) && !kz_idea_view_get_loading (view) &&
                   kz_idea_view_get_idea (view)->merged_into != NULL);
    g_assert_null (kz_idea_view_get_message (view));
    merged = kz_store_get_idea (store, dup_id, &error);
    target = kz_store_get_idea (store, idea_id, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (merged->merged_into, ==, idea_id);
    g_assert_cmpuint (target->n_votes, ==, 2);
    g_assert_false (gtk_widget_get_visible (kz_gui_test_find_by_name (GTK_WIDGET (view), "idea-view-manage")));
    show (window, "ideas");
    kz_ideas_page_set_view (page, "board");
    KZ_WAIT_UNTIL (!kz_ideas_page_get_loading (page) && board_row (window, idea_id) != NULL);
    g_assert_null (board_row (window, dup_id));
    g_assert_cmpuint (kz_idea_row_get_idea (board_row (window, idea_id))->n_votes, ==, 2);
    set_person (window, centre.sam);
  }
  close_window (window);
}

/* Another computer: the same database, another XDG_DATA_HOME, no token.
 * The child process reads its directories afresh (GLib keeps them from the
 * first look, so a process of its own is the honest way). */
static void
test_other_machine (void)
{
  if (g_test_subprocess ())
    {
      KzWindow *window = open_window (NULL, centre.sam, 1000, 700);
      KzIdeasPage *page = ideas_page (window);
      g_autoptr(GError) error = NULL;
      g_auto(GStrv) tokens = kz_voice_tokens_list (store, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (g_strv_length (tokens), ==, 0);
      show (window, "ideas");
      kz_ideas_page_set_view (page, "my-posts");
      KZ_WAIT_UNTIL (!kz_ideas_page_get_loading (page) && kz_ideas_page_get_threads (page) != NULL);
      g_assert_cmpuint (kz_ideas_page_get_threads (page)->len, ==, 0);
      g_assert_true (kz_gui_test_shows_label (GTK_WIDGET (page), "No anonymous posts from this computer."));
      g_assert_false (kz_gui_test_shows_text (GTK_WIDGET (page), "Good idea: we try it"));
      /* The idea is on the board all the same, under its pseudonym only. */
      kz_ideas_page_set_view (page, "board");
      g_assert_true (kz_gui_test_has_label (GTK_WIDGET (page), "Callback slots for busy mornings"));
      close_window (window);
      return;
    }

  /* main() gave the child its own XDG_DATA_HOME (KZ_VOICE_TEST_OTHER_DATA). */
  g_assert_nonnull (idea_id);
  g_test_trap_subprocess (NULL, 120 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

/* A narrow window (600 px, the sidebar folded away) fits every voice page. */
static void
test_narrow (void)
{
  KzWindow *window = open_window (NULL, centre.mo, 600, 800);
  const char *pages[] = { "pulse", "survey-results", "ideas", "idea" };

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      int minimum = 0;

      show (window, pages[i]);
      gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
      gtk_widget_measure (kz_window_get_page (window, pages[i]), GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL,
                          NULL, NULL);
      g_test_message ("%s: at least %d px", pages[i], minimum);
      g_assert_cmpint (minimum, <=, 600);
    }
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, 620);
  close_window (window);
}

/* ---- looking at it ------------------------------------------------------------------- */

static void
shoot (GtkWidget  *window,
       const char *page,
       int         width,
       const char *scheme)
{
  g_autofree char *name = g_strdup_printf ("voice-%s-%d-%s.png", page, width, scheme);

  kz_gui_test_screenshot (window, name);
}

static void
scroll_results (KzWindow *window,
                double    fraction)
{
  GtkWidget *page = GTK_WIDGET (results_page (window));
  GtkScrolledWindow *scroller = GTK_SCROLLED_WINDOW (gtk_widget_get_ancestor (
    kz_gui_test_find_by_name (page, "results-title"), GTK_TYPE_SCROLLED_WINDOW));
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (scroller);

  gtk_adjustment_set_value (adj, fraction * (gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj)));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
}

static void
test_screenshots (void)
{
  const int widths[] = { 1280, 600 };

  if (g_getenv ("KAIZEN_SCREENSHOT_DIR") == NULL)
    {
      g_test_skip ("KAIZEN_SCREENSHOT_DIR is not set");
      return;
    }
  /* CSS transitions (a switcher's button going back to normal) would be
   * caught half-way. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  for (guint dark = 0; dark < 2; dark++)
    for (guint w = 0; w < G_N_ELEMENTS (widths); w++)
      {
        const char *scheme = dark ? "dark" : "light";
        KzWindow *window;
        KzIdeasPage *page;
        GtkWidget *dialog;

        adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                            dark ? ADW_COLOR_SCHEME_FORCE_DARK : ADW_COLOR_SCHEME_FORCE_LIGHT);
        window = open_window (NULL, centre.sam, widths[w], 800);
        show (window, "pulse");
        KZ_WAIT_UNTIL (kz_pulse_page_get_form_round (pulse_page (window)) != 0);
        gtk_widget_activate_action (GTK_WIDGET (scale (window, "enps")), "scale.digit", "i", 8);
        gtk_widget_activate_action (GTK_WIDGET (scale (window, "tl")), "scale.digit", "i", 4);
        shoot (GTK_WIDGET (window), "pulse", widths[w], scheme);

        show (window, "ideas");
        page = ideas_page (window);
        KZ_WAIT_UNTIL (!kz_ideas_page_get_loading (page) && kz_ideas_page_get_ideas (page) != NULL);
        kz_ideas_page_set_view (page, "board");
        shoot (GTK_WIDGET (window), "ideas", widths[w], scheme);
        kz_ideas_page_set_view (page, "my-posts");
        shoot (GTK_WIDGET (window), "my-posts", widths[w], scheme);
        kz_ideas_page_set_view (page, "you-said-we-did");
        shoot (GTK_WIDGET (window), "you-said-we-did", widths[w], scheme);
        kz_ideas_page_set_view (page, "board");
        /* Sam's anonymous idea (the ideas test's), or the board's first. */
        gtk_widget_activate_action (GTK_WIDGET (window), "win.show-idea", "s",
                                    idea_id != NULL ? idea_id
                                                    : ((KzIdea *) g_ptr_array_index (kz_ideas_page_get_ideas (page), 0))->id);
        KZ_WAIT_UNTIL (!kz_idea_view_get_loading (idea_view (window)) && kz_idea_view_get_idea (idea_view (window)));
        shoot (GTK_WIDGET (window), "idea", widths[w], scheme);

        set_person (window, centre.mo);
        KZ_WAIT_UNTIL (!kz_idea_view_get_loading (idea_view (window)) &&
                       gtk_widget_get_visible (kz_gui_test_find_by_name (GTK_WIDGET (idea_view (window)),
                                                                         "idea-view-manage")));
        shoot (GTK_WIDGET (window), "idea-manager", widths[w], scheme);
        show (window, "survey-results");
        KZ_WAIT_UNTIL (kz_survey_results_page_get_round_id (results_page (window)) == centre.round2 &&
                       !kz_survey_results_page_get_loading (results_page (window)));
        kz_survey_results_page_set_by_team (results_page (window), TRUE);
        shoot (GTK_WIDGET (window), "results", widths[w], scheme);
        scroll_results (window, 0.3);
        shoot (GTK_WIDGET (window), "results-heatmap", widths[w], scheme);
        scroll_results (window, 0.65);
        shoot (GTK_WIDGET (window), "results-table", widths[w], scheme);
        scroll_results (window, 1.0);
        shoot (GTK_WIDGET (window), "results-comments", widths[w], scheme);

        gtk_widget_activate_action (GTK_WIDGET (results_page (window)), "results.setup", NULL);
        dialog = NULL;
        for (GList *l = gtk_window_list_toplevels (); l != NULL; l = g_list_delete_link (l, l))
          if (KZ_IS_SURVEY_SETUP_DIALOG (l->data))
            dialog = l->data;
        gtk_window_set_default_size (GTK_WINDOW (dialog), MIN (widths[w], 720), 700);
        KZ_WAIT_UNTIL (!kz_survey_setup_dialog_get_busy (KZ_SURVEY_SETUP_DIALOG (dialog)));
        shoot (GTK_WIDGET (dialog), "setup", widths[w], scheme);
        adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (dialog), "plans");
        shoot (GTK_WIDGET (dialog), "setup-plans", widths[w], scheme);
        gtk_window_destroy (GTK_WINDOW (dialog));

        show (window, "ideas");
        dialog = kz_ideas_page_new_idea (ideas_page (window));
        gtk_window_set_default_size (GTK_WINDOW (dialog), MIN (widths[w], 560), 620);
        gtk_test_widget_wait_for_draw (dialog);
        shoot (GTK_WIDGET (dialog), "new-idea", widths[w], scheme);
        gtk_window_destroy (GTK_WINDOW (dialog));
        set_person (window, centre.sam);
        close_window (window);
      }
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  gboolean subprocess = FALSE;
  int ret;

  for (int i = 1; i < argc; i++)
    subprocess = subprocess || g_str_equal (argv[i], "--GTestSubprocess");

  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_setenv ("TZ", "UTC", TRUE);
  /* GLib's "gtk" notification backend: the test's own server takes its
   * D-Bus calls (test_notification). */
  g_setenv ("GNOTIFICATION_BACKEND", "gtk", TRUE);
  if (!subprocess)
    {
      /* Before GLib reads them: this computer's tokens and state. */
      tmp_dir = g_dir_make_tmp ("kaizen-test-voice-XXXXXX", &error);
      g_assert_no_error (error);
      {
        g_autofree char *state = g_build_filename (tmp_dir, "state", NULL);
        g_autofree char *data = g_build_filename (tmp_dir, "data", NULL);

        g_autofree char *other = g_build_filename (tmp_dir, "other-computer", NULL);

        g_setenv ("XDG_STATE_HOME", state, TRUE);
        g_setenv ("XDG_DATA_HOME", data, TRUE);
        g_mkdir_with_parents (other, 0700);
        g_setenv ("KZ_VOICE_TEST_OTHER_DATA", other, TRUE);
      }
      db_path = g_build_filename (tmp_dir, "centre.db", NULL);
      g_setenv ("KZ_VOICE_TEST_DB", db_path, TRUE);
    }
  else
    /* The other computer: the same database file, its own data folder
     * (where follow-up tokens live), set before GLib reads it. */
    g_setenv ("XDG_DATA_HOME", g_getenv ("KZ_VOICE_TEST_OTHER_DATA"), TRUE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  {
    g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (css, "/io/github/KaizenQA/Kaizen/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }

  if (subprocess)
    {
      /* The other computer opens the same file. */
      db_path = g_strdup (g_getenv ("KZ_VOICE_TEST_DB"));
      store = kz_store_open (db_path, &error);
      g_assert_no_error (error);
      /* make_centre() adds Mo first, then Sam. */
      centre.sam = 2;
    }
  else
    make_centre ();

  g_test_add_func ("/voice-gui/format", test_format);
  g_test_add_func ("/voice-gui/scale-keys", test_scale_keys);
  g_test_add_func ("/voice-gui/notification", test_notification);
  g_test_add_func ("/voice-gui/pulse-keyboard", test_pulse_keyboard);
  g_test_add_func ("/voice-gui/results", test_results);
  g_test_add_func ("/voice-gui/export", test_export);
  g_test_add_func ("/voice-gui/setup", test_setup);
  g_test_add_func ("/voice-gui/ideas", test_ideas);
  g_test_add_func ("/voice-gui/other-machine", test_other_machine);
  g_test_add_func ("/voice-gui/narrow", test_narrow);
  g_test_add_func ("/voice-gui/screenshots", test_screenshots);
  ret = g_test_run ();

  g_clear_object (&store);
  if (!subprocess)
    {
      g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", tmp_dir);

      g_assert_cmpint (system (cmd), ==, 0);
    }
  g_free (db_path);
  g_free (idea_id);
  return ret;
}
