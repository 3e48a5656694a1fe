/* test-sampling-gui.c — a QA lead's Monday: sample last week, see coverage
 *
 * The window on a small centre built here.  The week is 2026-03-02 (a
 * Monday) to 2026-03-09 (not included); TZ is UTC, so local midnight is
 * UTC midnight.  Every expected number below is worked out from this table:
 *
 *   agent (team)   in the week                                           outside
 *   Ana (Billing)  call 03-02 00:00 · call 03-03 (Ravi's draft only) ·   call 03-10 in Rita's queue,
 *                  call 03-04 · email 03-05 · email 03-08 23:59:59       email 02-27
 *   Bo  (Billing)  call 03-03 · email 03-06 reviewed by Rita, unassigned
 *   Cy  (Meters)   call 03-02 in Rita's queue and reviewed by her ·
 *                  email 03-03 in Ravi's queue · call 03-05 · email 03-06
 *   Di  (Meters)   email 03-04 reviewed by Ravi, unassigned ·
 *                  email 03-05 · email 03-07
 *   Eve (Meters)   —                                                     call 03-09 00:00 (To is not included)
 *
 * Reviewers Rita (added first: the lower id) and Ravi; Mo manages.
 *
 * Candidates (in the week, nobody's, not reviewed — a draft is no review):
 * Ana 5, Bo 1, Cy 2, Di 2 = 10.  Quota 2 per agent: 2 + 1 + 2 + 2 = 7, Bo
 * short.  Open queues before: Rita 1 (Ana's 03-10; Cy's call is done),
 * Ravi 1.  Balanced dealing, ties to the lower id: Rita, Ravi, Rita, … →
 * Rita 4 more (queue 5), Ravi 3 more (queue 4).  Per channel, quota 2:
 * Ana calls 2, Ana emails 2, Bo calls 1, Cy calls 1, Cy emails 1, Di
 * emails 2 = 9, three channels short; Rita 5 more, Ravi 4.
 *
 * Coverage of the week (sampled = in someone's queue, reviewed = a
 * submitted evaluation):
 *             before sampling            after (quota 2)
 *   Ana       5  0  0   0.0%             5  2  0   0.0%
 *   Bo        2  0  1  50.0%             2  1  1  50.0%
 *   Cy        4  2  1  25.0%             4  4  1  25.0%
 *   Di        3  0  1  33.3%             3  2  1  33.3%
 *   Total    14  2  3  21.4% (3/14)     14  9  3  21.4%
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "kz-coverage-page.h"
#include "kz-demo.h"
#include "kz-gui-test.h"
#include "kz-interactions-page.h"
#include "kz-person-picker.h"
#include "kz-sample-dialog.h"
#include "kz-store.h"
#include "kz-window.h"

#define WEEK_FROM "2026-03-02"
#define WEEK_TO   "2026-03-09"
#define SEED      20260309

typedef struct {
  gint64 rita, ravi, mo, ana, bo, cy, di, eve;
  gint64 cy_call_done, cy_email_ravi;   /* in a queue before sampling */
} Centre;

static char *tmp_dir;
static char *db_path;
static KzStore *store;   /* the main centre: the tests share it, in order */
static Centre centre;
static char *first_sample;   /* the main centre's assignments, for the seed test */

/* ---- the fixture --------------------------------------------------------- */

static gint64
add_person (KzStore    *s,
            const char *name,
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
  id = kz_store_add_person (s, p, &error);
  g_assert_no_error (error);
  return id;
}

static gint64
add_interaction (KzStore   *s,
                 KzChannel  channel,
                 gint64     agent,
                 int        month,
                 int        day,
                 int        hour,
                 int        minute,
                 int        second)
{
  static int n;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) when = g_date_time_new_utc (2026, month, day, hour, minute, second);
  g_autofree char *ref = g_strdup_printf ("ref-%d", ++n);
  KzInteraction it = { 0, channel, agent, when, (char *) "Customer enquiry", ref };
  gint64 id = kz_store_add_interaction (s, &it, &error);

  g_assert_no_error (error);
  return id;
}

static void
add_evaluation (KzStore           *s,
                gint64             interaction,
                gint64             agent,
                gint64             reviewer,
                KzEvaluationState  state)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzEvaluation) ev = kz_evaluation_new ();
  g_autoptr(KzRubric) rubric = kz_store_get_rubric (s, "email-support", 0, &error);
  GPtrArray *sections;

  g_assert_no_error (error);
  sections = kz_rubric_get_sections (rubric);
  ev->rubric_id = g_strdup ("email-support");
  ev->interaction_id = interaction;
  ev->agent_id = agent;
  ev->reviewer_id = reviewer;
  ev->state = state;
  for (guint i = 0; i < sections->len; i++)
    {
      const KzSection *section = g_ptr_array_index (sections, i);

      for (guint c = 0; c < section->criteria->len; c++)
        {
          const KzCriterion *criterion = g_ptr_array_index (section->criteria, c);
          const KzScalePoint *top = g_ptr_array_index (criterion->scale->points, criterion->scale->points->len - 1);

          kz_answer_set_put (ev->answers, kz_answer_new (criterion->id, KZ_ANSWER_VALUE, top->value, NULL));
        }
    }
  kz_store_save_evaluation (s, ev, &error);
  g_assert_no_error (error);
}

static void
assign (KzStore *s,
        gint64   interaction,
        gint64   reviewer)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (kz_store_assign (s, interaction, reviewer, &error));
  g_assert_no_error (error);
}

/* The same construction every time, so ids match from one copy to the next. */
static KzStore *
make_centre (const char *name,
             Centre     *c)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (tmp_dir, name, NULL);
  g_autofree char *rubric_path = g_build_filename (kz_demo_rubrics_dir (), "email-support.xml", NULL);
  g_autoptr(KzRubric) rubric = kz_rubric_load_file (rubric_path, &error);
  KzStore *s = kz_store_open (path, &error);
  gint64 org, site, billing, meters, ana_draft, bo_email, di_email;

  g_assert_no_error (error);
  g_assert_true (kz_store_add_rubric (s, rubric, NULL, &error));
  g_assert_no_error (error);

  org = kz_store_add_unit (s, KZ_UNIT_ORGANISATION, "Northwind", 0, &error);
  site = kz_store_add_unit (s, KZ_UNIT_SITE, "Leeds", org, &error);
  billing = kz_store_add_unit (s, KZ_UNIT_TEAM, "Billing", site, &error);
  meters = kz_store_add_unit (s, KZ_UNIT_TEAM, "Meters", site, &error);
  g_assert_no_error (error);

  c->rita = add_person (s, "Rita Reviewer", "rita@northwind.example", KZ_ROLE_REVIEWER, 0);
  c->ravi = add_person (s, "Ravi Reviewer", "ravi@northwind.example", KZ_ROLE_REVIEWER, 0);
  c->mo = add_person (s, "Mo Manager", "mo@northwind.example", KZ_ROLE_MANAGER, 0);
  c->ana = add_person (s, "Ana Agent", "ana@northwind.example", KZ_ROLE_AGENT, billing);
  c->bo = add_person (s, "Bo Agent", "bo@northwind.example", KZ_ROLE_AGENT, billing);
  c->cy = add_person (s, "Cy Agent", "cy@northwind.example", KZ_ROLE_AGENT, meters);
  c->di = add_person (s, "Di Agent", "di@northwind.example", KZ_ROLE_AGENT, meters);
  c->eve = add_person (s, "Eve Agent", "eve@northwind.example", KZ_ROLE_AGENT, meters);

  /* Ana: 5 in the week, two outside it. */
  add_interaction (s, KZ_CHANNEL_CALL, c->ana, 3, 2, 0, 0, 0);
  ana_draft = add_interaction (s, KZ_CHANNEL_CALL, c->ana, 3, 3, 10, 0, 0);
  add_interaction (s, KZ_CHANNEL_CALL, c->ana, 3, 4, 11, 0, 0);
  add_interaction (s, KZ_CHANNEL_EMAIL, c->ana, 3, 5, 9, 0, 0);
  add_interaction (s, KZ_CHANNEL_EMAIL, c->ana, 3, 8, 23, 59, 59);
  assign (s, add_interaction (s, KZ_CHANNEL_CALL, c->ana, 3, 10, 9, 0, 0), c->rita);
  add_interaction (s, KZ_CHANNEL_EMAIL, c->ana, 2, 27, 9, 0, 0);
  add_evaluation (s, ana_draft, c->ana, c->ravi, KZ_EVALUATION_DRAFT);

  /* Bo: a call, and an email Rita reviewed without it being given to her. */
  add_interaction (s, KZ_CHANNEL_CALL, c->bo, 3, 3, 14, 0, 0);
  bo_email = add_interaction (s, KZ_CHANNEL_EMAIL, c->bo, 3, 6, 9, 0, 0);
  add_evaluation (s, bo_email, c->bo, c->rita, KZ_EVALUATION_SUBMITTED);

  /* Cy: one done from Rita's queue, one in Ravi's, two nobody's. */
  c->cy_call_done = add_interaction (s, KZ_CHANNEL_CALL, c->cy, 3, 2, 9, 0, 0);
  assign (s, c->cy_call_done, c->rita);
  add_evaluation (s, c->cy_call_done, c->cy, c->rita, KZ_EVALUATION_SUBMITTED);
  c->cy_email_ravi = add_interaction (s, KZ_CHANNEL_EMAIL, c->cy, 3, 3, 9, 0, 0);
  assign (s, c->cy_email_ravi, c->ravi);
  add_interaction (s, KZ_CHANNEL_CALL, c->cy, 3, 5, 9, 0, 0);
  add_interaction (s, KZ_CHANNEL_EMAIL, c->cy, 3, 6, 10, 0, 0);

  /* Di: three emails, one reviewed by Ravi unasked. */
  di_email = add_interaction (s, KZ_CHANNEL_EMAIL, c->di, 3, 4, 9, 0, 0);
  add_evaluation (s, di_email, c->di, c->ravi, KZ_EVALUATION_SUBMITTED);
  add_interaction (s, KZ_CHANNEL_EMAIL, c->di, 3, 5, 10, 0, 0);
  add_interaction (s, KZ_CHANNEL_EMAIL, c->di, 3, 7, 10, 0, 0);

  /* Eve: only at the very start of the next week. */
  add_interaction (s, KZ_CHANNEL_CALL, c->eve, 3, 9, 0, 0, 0);

  return s;
}

/* ---- reading the store ----------------------------------------------------- */

static GDateTime *
day (int month,
     int d)
{
  return g_date_time_new_utc (2026, month, d, 0, 0, 0);
}

/* The week's interactions in @reviewer's queue, done or not. */
static GPtrArray *
assigned_in_week (KzStore *s,
                  gint64   reviewer)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) from = day (3, 2);
  g_autoptr(GDateTime) to = day (3, 9);
  KzInteractionQuery q = { .any_channel = TRUE, .assigned_to = reviewer, .from = from, .to = to };
  GPtrArray *rows = kz_store_search_interactions (s, &q, 0, 1000, &error);

  g_assert_no_error (error);
  return rows;
}

static gint64
open_queue (KzStore *s,
            gint64   reviewer)
{
  g_autoptr(GError) error = NULL;
  KzInteractionQuery q = { .any_channel = TRUE, .reviewed = KZ_REVIEWED_NO, .assigned_to = reviewer };
  gint64 n = kz_store_count_interactions (s, &q, &error);

  g_assert_no_error (error);
  return n;
}

/* What this run of sampling gave out: per reviewer and per agent, leaving
 * out the two the fixture had put in queues already. */
typedef struct {
  guint rita, ravi;
  guint ana, bo, cy, di, eve;
  char *mapping;   /* "id>reviewer " for every new assignment, by id */
} Given;

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

static void
given_out (KzStore      *s,
           const Centre *c,
           Given        *g)
{
  const gint64 reviewers[] = { c->rita, c->ravi };
  g_autoptr(GArray) pairs = g_array_new (FALSE, FALSE, sizeof (gint64) * 2);
  GString *mapping = g_string_new (NULL);

  memset (g, 0, sizeof *g);
  for (guint r = 0; r < G_N_ELEMENTS (reviewers); r++)
    {
      g_autoptr(GPtrArray) rows = assigned_in_week (s, reviewers[r]);

      for (guint i = 0; i < rows->len; i++)
        {
          KzInteractionSummary *row = g_ptr_array_index (rows, i);
          gint64 pair[2] = { row->id, reviewers[r] };

          if (row->id == c->cy_call_done || row->id == c->cy_email_ravi)
            continue;
          if (reviewers[r] == c->rita)
            g->rita++;
          else
            g->ravi++;
          if (row->agent_id == c->ana) g->ana++;
          else if (row->agent_id == c->bo) g->bo++;
          else if (row->agent_id == c->cy) g->cy++;
          else if (row->agent_id == c->di) g->di++;
          else if (row->agent_id == c->eve) g->eve++;
          g_array_append_vals (pairs, pair, 1);
        }
    }
  g_array_sort (pairs, compare_ids);
  for (guint i = 0; i < pairs->len; i++)
    {
      const gint64 *pair = (const gint64 *) (pairs->data + i * 2 * sizeof (gint64));
      g_string_append_printf (mapping, "%" G_GINT64_FORMAT ">%" G_GINT64_FORMAT " ", pair[0], pair[1]);
    }
  g->mapping = g_string_free (mapping, FALSE);
}

/* ---- the window ------------------------------------------------------------- */

static KzWindow *
open_window (KzStore *s,
             gint64   person,
             int      width,
             int      height)
{
  KzWindow *window = kz_window_new (NULL, s);
  GtkWidget *picker;

  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
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
queue_page (KzWindow *window)
{
  return KZ_INTERACTIONS_PAGE (kz_window_get_page (window, "queue"));
}

static KzCoveragePage *
coverage_page (KzWindow *window)
{
  return KZ_COVERAGE_PAGE (kz_window_get_page (window, "coverage"));
}

static void
show (KzWindow   *window,
      const char *name)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", name));
  g_assert_cmpstr (kz_window_get_visible_page (window), ==, name);
}

/* The first widget under @widget whose action is @action. */
static GtkWidget *
find_actionable (GtkWidget  *widget,
                 const char *action)
{
  if (GTK_IS_ACTIONABLE (widget) && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_actionable (child, action);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_by_tooltip (GtkWidget  *widget,
                 const char *tooltip)
{
  if (g_strcmp0 (gtk_widget_get_tooltip_text (widget), tooltip) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_by_tooltip (child, tooltip);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_primary_menu_button (GtkWidget *widget)
{
  if (GTK_IS_MENU_BUTTON (widget) && gtk_menu_button_get_primary (GTK_MENU_BUTTON (widget)))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_primary_menu_button (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* An AdwWindowTitle under @widget showing @title (the content header's). */
static AdwWindowTitle *
find_title (GtkWidget  *widget,
            const char *title)
{
  if (ADW_IS_WINDOW_TITLE (widget) && g_strcmp0 (adw_window_title_get_title (ADW_WINDOW_TITLE (widget)), title) == 0)
    return ADW_WINDOW_TITLE (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      AdwWindowTitle *found = find_title (child, title);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Whether @widget's class binds @accelerator to @action. */
static gboolean
binds_shortcut (GtkWidget  *widget,
                const char *accelerator,
                const char *action)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  g_autoptr(GtkShortcutTrigger) trigger = gtk_shortcut_trigger_parse_string (accelerator);

  g_assert_nonnull (trigger);
  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          GtkShortcutAction *a = gtk_shortcut_get_action (shortcut);

          if (GTK_IS_NAMED_ACTION (a) && g_strcmp0 (gtk_named_action_get_action_name (GTK_NAMED_ACTION (a)), action) == 0 &&
              gtk_shortcut_trigger_equal (gtk_shortcut_get_trigger (shortcut), trigger))
            return TRUE;
        }
    }
  return FALSE;
}

static gboolean
menu_has_action (GMenuModel *menu,
                 const char *action)
{
  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autofree char *name = NULL;
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (menu, i, G_MENU_LINK_SECTION);

      if (g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_ACTION, "s", &name) &&
          g_strcmp0 (name, action) == 0)
        return TRUE;
      if (section != NULL && menu_has_action (section, action))
        return TRUE;
    }
  return FALSE;
}

/* ---- the dialog ------------------------------------------------------------- */

static KzSampleDialog *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (toplevels, i);

      if (KZ_IS_SAMPLE_DIALOG (item))
        return KZ_SAMPLE_DIALOG (item);
    }
  return NULL;
}

static KzSampleDialog *
open_dialog (KzWindow *window)
{
  KzSampleDialog *dialog;

  g_assert_null (find_dialog ());
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.sample", NULL));
  KZ_WAIT_UNTIL ((dialog = find_dialog ()) != NULL && gtk_widget_get_mapped (GTK_WIDGET (dialog)) &&
                 !kz_sample_dialog_get_loading (dialog));
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (dialog)));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));
  return dialog;
}

static GtkWidget *
field (KzSampleDialog *dialog,
       const char     *name)
{
  GtkWidget *w = kz_gui_test_find_by_name (GTK_WIDGET (dialog), name);

  g_assert_nonnull (w);
  return w;
}

static GtkWidget *
sample_button (KzSampleDialog *dialog)
{
  GtkWidget *button = kz_gui_test_find_button (GTK_WIDGET (dialog), "_Sample");

  g_assert_nonnull (button);
  return button;
}

static GtkCheckButton *
reviewer_check (KzSampleDialog *dialog,
                gint64          reviewer)
{
  g_autofree char *name = g_strdup_printf ("reviewer-%" G_GINT64_FORMAT, reviewer);

  return GTK_CHECK_BUTTON (field (dialog, name));
}

static void
fill (KzSampleDialog *dialog,
      const char     *from,
      const char     *to,
      int             per_agent,
      gboolean        per_channel,
      guint32         seed)
{
  gtk_editable_set_text (GTK_EDITABLE (field (dialog, "from-date")), from);
  gtk_editable_set_text (GTK_EDITABLE (field (dialog, "to-date")), to);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (field (dialog, "per-agent")), per_agent);
  gtk_switch_set_active (GTK_SWITCH (field (dialog, "per-channel")), per_channel);
  {
    g_autofree char *text = g_strdup_printf ("%u", seed);
    gtk_editable_set_text (GTK_EDITABLE (field (dialog, "seed")), text);
  }
}

/* Sample is disabled, and the dialog says why, in so many words. */
static void
assert_refused (KzSampleDialog *dialog,
                const char     *reason)
{
  g_assert_false (gtk_widget_get_sensitive (sample_button (dialog)));
  g_assert_cmpstr (kz_sample_dialog_get_problem (dialog), ==, reason);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));
  g_assert_true (kz_gui_test_shows_text (GTK_WIDGET (dialog), reason));
}

static void
assert_accepted (KzSampleDialog *dialog)
{
  g_assert_null (kz_sample_dialog_get_problem (dialog));
  g_assert_true (gtk_widget_get_sensitive (sample_button (dialog)));
}

/* Presses Sample and waits for the dialog to go and the toast to come. */
static void
sample (KzWindow       *window,
        KzSampleDialog *dialog,
        const char     *toast)
{
  kz_gui_test_click (sample_button (dialog));
  KZ_WAIT_UNTIL (find_dialog () == NULL);
  KZ_WAIT_UNTIL (kz_gui_test_shows_text (GTK_WIDGET (window), toast));
}

/* ---- the coverage table ----------------------------------------------------- */

typedef struct {
  const char *agent;
  guint       interactions, sampled, reviewed;
  const char *percent;
} Line;

static void
set_coverage_period (KzWindow   *window,
                     const char *from,
                     const char *to)
{
  KzCoveragePage *page = coverage_page (window);

  gtk_editable_set_text (GTK_EDITABLE (kz_gui_test_find_by_name (GTK_WIDGET (page), "coverage-from")), from);
  gtk_editable_set_text (GTK_EDITABLE (kz_gui_test_find_by_name (GTK_WIDGET (page), "coverage-to")), to);
  KZ_WAIT_UNTIL (!kz_coverage_page_get_loading (page));
}

static void
assert_table (KzCoveragePage *page,
              const Line     *lines,
              guint           n_lines)
{
  GListModel *model = kz_coverage_page_get_model (page);

  KZ_WAIT_UNTIL (!kz_coverage_page_get_loading (page));
  g_assert_cmpstr (kz_coverage_page_get_state (page), ==, "list");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, n_lines);
  g_assert_cmpuint (kz_coverage_page_get_n_agents (page), ==, n_lines - 1);
  for (guint i = 0; i < n_lines; i++)
    {
      g_autoptr(KzCoverageRow) row = g_list_model_get_item (model, i);

      g_assert_cmpstr (kz_coverage_row_get_agent (row), ==, lines[i].agent);
      g_assert_cmpuint (kz_coverage_row_get_n_interactions (row), ==, lines[i].interactions);
      g_assert_cmpuint (kz_coverage_row_get_n_sampled (row), ==, lines[i].sampled);
      g_assert_cmpuint (kz_coverage_row_get_n_reviewed (row), ==, lines[i].reviewed);
      g_assert_cmpstr (kz_coverage_row_get_percent_text (row), ==, lines[i].percent);
      g_assert_true (kz_coverage_row_get_is_total (row) == (i == n_lines - 1));
    }
}

static GtkColumnViewColumn *
column (KzCoveragePage *page,
        const char     *title)
{
  GListModel *columns = gtk_column_view_get_columns (kz_coverage_page_get_column_view (page));

  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) c = g_list_model_get_item (columns, i);

      if (g_strcmp0 (gtk_column_view_column_get_title (c), title) == 0)
        return c;   /* the column view keeps it */
    }
  g_error ("no column “%s”", title);
}

static char *
agent_order (KzCoveragePage *page)
{
  GListModel *model = kz_coverage_page_get_model (page);
  GString *order = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(KzCoverageRow) row = g_list_model_get_item (model, i);

      g_string_append_printf (order, "%s%s", i > 0 ? ", " : "", kz_coverage_row_get_agent (row));
    }
  return g_string_free (order, FALSE);
}

/* ---- tests ------------------------------------------------------------------ */

/* The pure functions behind the form, without a window. */
static void
test_form_functions (void)
{
  static const struct {
    int y, m, d, h;
    const char *from, *to;
  } weeks[] = {
    /* A Monday morning: the week that just ended. */
    { 2026, 3, 9, 8, "2026-03-02", "2026-03-09" },
    /* Sunday night: this week is not over, so the one before. */
    { 2026, 3, 8, 23, "2026-02-23", "2026-03-02" },
    { 2026, 3, 4, 12, "2026-02-23", "2026-03-02" },
    /* Across a month and a year. */
    { 2026, 1, 1, 9, "2025-12-22", "2025-12-29" },
  };
  g_autofree char *message = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (weeks); i++)
    {
      g_autoptr(GDateTime) now = g_date_time_new_local (weeks[i].y, weeks[i].m, weeks[i].d, weeks[i].h, 0, 0);
      g_autoptr(GDateTime) from = NULL;
      g_autoptr(GDateTime) to = NULL;
      g_autofree char *from_text = NULL;
      g_autofree char *to_text = NULL;

      kz_sample_dialog_previous_week (now, &from, &to);
      from_text = kz_sample_dialog_format_day (from);
      to_text = kz_sample_dialog_format_day (to);
      g_assert_cmpstr (from_text, ==, weeks[i].from);
      g_assert_cmpstr (to_text, ==, weeks[i].to);
      g_assert_cmpint (g_date_time_get_hour (from), ==, 0);
      g_assert_cmpint (g_date_time_get_day_of_week (from), ==, 1);
    }

  {
    g_autoptr(GDateTime) d = kz_sample_dialog_parse_day (" 2026-03-02 ");
    g_assert_nonnull (d);
    g_assert_cmpint (g_date_time_to_unix (d), ==, 1772409600);   /* date -u -d 2026-03-02 +%s */
  }
  g_assert_null (kz_sample_dialog_parse_day ("2026-02-30"));
  g_assert_null (kz_sample_dialog_parse_day ("2026-13-01"));
  g_assert_null (kz_sample_dialog_parse_day ("02/03/2026"));
  g_assert_null (kz_sample_dialog_parse_day ("2026-03-02x"));
  g_assert_null (kz_sample_dialog_parse_day (""));

  g_assert_cmpint (kz_sample_dialog_check (WEEK_FROM, WEEK_TO, 2, "7", 2, 2, &message), ==, KZ_SAMPLE_FORM_OK);
  g_assert_null (message);
  g_assert_cmpint (kz_sample_dialog_check ("", WEEK_TO, 2, "7", 2, 2, NULL), ==, KZ_SAMPLE_FORM_BAD_FROM);
  g_assert_cmpint (kz_sample_dialog_check (WEEK_FROM, "next week", 2, "7", 2, 2, NULL), ==, KZ_SAMPLE_FORM_BAD_TO);
  g_assert_cmpint (kz_sample_dialog_check (WEEK_FROM, WEEK_FROM, 2, "7", 2, 2, NULL), ==, KZ_SAMPLE_FORM_EMPTY_PERIOD);
  g_assert_cmpint (kz_sample_dialog_check (WEEK_FROM, WEEK_TO, 0, "7", 2, 2, NULL), ==, KZ_SAMPLE_FORM_NO_QUOTA);
  g_assert_cmpint (kz_sample_dialog_check (WEEK_FROM, WEEK_TO, 2, "7", 0, 0, NULL), ==, KZ_SAMPLE_FORM_NO_REVIEWERS);
  g_assert_cmpint (kz_sample_dialog_check (WEEK_FROM, WEEK_TO, 2, "7", 2, 0, NULL), ==, KZ_SAMPLE_FORM_NO_REVIEWER);
  g_assert_cmpint (kz_sample_dialog_check (WEEK_FROM, WEEK_TO, 2, "-1", 2, 2, NULL), ==, KZ_SAMPLE_FORM_BAD_SEED);
  g_assert_cmpint (kz_sample_dialog_check (WEEK_FROM, WEEK_TO, 2, "", 2, 2, NULL), ==, KZ_SAMPLE_FORM_BAD_SEED);
  {
    guint32 seed = 0;

    g_assert_true (kz_sample_dialog_parse_seed (" 0 ", &seed));
    g_assert_cmpuint (seed, ==, 0);
    g_assert_true (kz_sample_dialog_parse_seed ("2147483647", &seed));
    g_assert_cmpuint (seed, ==, 2147483647u);
    g_assert_false (kz_sample_dialog_parse_seed ("2147483648", &seed));
    g_assert_false (kz_sample_dialog_parse_seed ("12a", &seed));
    g_assert_false (kz_sample_dialog_parse_seed ("+3", &seed));
  }

  {
    KzSampleResult r = { 10, 7, 1 };
    KzSampleResult channels = { 10, 9, 3 };
    KzSampleResult one = { 1, 1, 0 };
    KzSampleResult none = { 0, 0, 0 };
    g_autofree char *a = kz_sample_dialog_summary (&r, 2, FALSE, 2);
    g_autofree char *b = kz_sample_dialog_summary (&channels, 2, TRUE, 2);
    g_autofree char *c = kz_sample_dialog_summary (&one, 2, FALSE, 1);
    g_autofree char *d = kz_sample_dialog_summary (&none, 2, FALSE, 3);

    g_assert_cmpstr (a, ==, "7 interactions sampled and shared among 2 reviewers; "
                            "1 agent had fewer than 2 interactions to sample");
    g_assert_cmpstr (b, ==, "9 interactions sampled and shared among 2 reviewers; "
                            "3 of the agents’ channels had fewer than 2 interactions to sample");
    g_assert_cmpstr (c, ==, "1 interaction sampled and given to the reviewer");
    g_assert_cmpstr (d, ==, "Nothing to sample: every interaction of the period has been given out or reviewed already");
  }
}

/* The coverage page before anything is sampled, its totals and its sort. */
static void
test_coverage_before (void)
{
  static const Line by_name[] = {
    { "Ana Agent", 5, 0, 0, "0.0%" },
    { "Bo Agent", 2, 0, 1, "50.0%" },
    { "Cy Agent", 4, 2, 1, "25.0%" },
    { "Di Agent", 3, 0, 1, "33.3%" },
    { "Total", 14, 2, 3, "21.4%" },
  };
  KzWindow *window = open_window (store, centre.mo, 1280, 800);
  KzCoveragePage *page = coverage_page (window);
  GtkListBox *sidebar;
  AdwWindowTitle *title;
  g_autofree char *order = NULL;
  g_autofree char *texts = NULL;

  show (window, "coverage");
  /* The sidebar follows, the header says what the page is. */
  sidebar = GTK_LIST_BOX (gtk_widget_get_ancestor (kz_gui_test_find_by_name (GTK_WIDGET (window), "coverage"),
                                                   GTK_TYPE_LIST_BOX));
  g_assert_cmpstr (gtk_widget_get_name (GTK_WIDGET (gtk_list_box_get_selected_row (sidebar))), ==, "coverage");
  /* Not a page to sample from. */
  g_assert_false (gtk_widget_get_visible (find_actionable (GTK_WIDGET (window), "win.sample")));

  set_coverage_period (window, WEEK_FROM, WEEK_TO);
  assert_table (page, by_name, G_N_ELEMENTS (by_name));
  title = find_title (GTK_WIDGET (window), "Coverage");
  g_assert_nonnull (title);
  g_assert_cmpstr (adw_window_title_get_subtitle (title), ==, "4 agents");
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  /* What a person reads: right-aligned numbers, the totals line. */
  texts = kz_gui_test_texts (GTK_WIDGET (kz_coverage_page_get_column_view (page)), TRUE);
  g_assert_nonnull (strstr (texts, "Total\n14\n2\n3\n21.4%"));
  g_assert_nonnull (strstr (texts, "Di Agent\n3\n0\n1\n33.3%"));
  g_assert_true (kz_gui_test_shows_text (GTK_WIDGET (page), "Interactions that started up to and including 2026-03-08."));
  kz_gui_test_screenshot (GTK_WIDGET (window), "coverage.png");

  /* Sorting by the share reviewed: the agents move, the totals stay last. */
  gtk_column_view_sort_by_column (kz_coverage_page_get_column_view (page), column (page, "Reviewed %"),
                                  GTK_SORT_ASCENDING);
  order = agent_order (page);
  g_assert_cmpstr (order, ==, "Ana Agent, Cy Agent, Di Agent, Bo Agent, Total");
  g_free (order);
  gtk_column_view_sort_by_column (kz_coverage_page_get_column_view (page), column (page, "Reviewed %"),
                                  GTK_SORT_DESCENDING);
  order = agent_order (page);
  g_assert_cmpstr (order, ==, "Bo Agent, Di Agent, Cy Agent, Ana Agent, Total");
  g_free (order);
  gtk_column_view_sort_by_column (kz_coverage_page_get_column_view (page), column (page, "Sampled"),
                                  GTK_SORT_DESCENDING);
  order = agent_order (page);
  /* Cy 2 first; the others' 0s keep their order (by name). */
  g_assert_cmpstr (order, ==, "Cy Agent, Ana Agent, Bo Agent, Di Agent, Total");
  g_free (order);
  gtk_column_view_sort_by_column (kz_coverage_page_get_column_view (page), column (page, "Agent"),
                                  GTK_SORT_ASCENDING);
  order = agent_order (page);
  g_assert_cmpstr (order, ==, "Ana Agent, Bo Agent, Cy Agent, Di Agent, Total");

  /* The week after: only Eve's call at 03-09 00:00, and Ana's at 03-10. */
  {
    static const Line next[] = {
      { "Ana Agent", 1, 1, 0, "0.0%" },
      { "Eve Agent", 1, 0, 0, "0.0%" },
      { "Total", 2, 1, 0, "0.0%" },
    };

    kz_gui_test_click (find_by_tooltip (GTK_WIDGET (page), "Week After"));
    KZ_WAIT_UNTIL (!kz_coverage_page_get_loading (page));
    assert_table (page, next, G_N_ELEMENTS (next));
  }
  /* A period that is not one. */
  set_coverage_period (window, "2026-03-09", "2026-03-02");
  g_assert_cmpstr (kz_coverage_page_get_state (page), ==, "bad-period");
  g_assert_true (kz_gui_test_shows_text (GTK_WIDGET (page), "The period is empty"));

  /* A week with nothing in it offers the week of the newest interaction:
   * Ana's call of Tuesday 10 March 09:00, so Monday 9 to Monday 16 March —
   * the same two calls as the week after above. */
  {
    static const Line newest[] = {
      { "Ana Agent", 1, 1, 0, "0.0%" },
      { "Eve Agent", 1, 0, 0, "0.0%" },
      { "Total", 2, 1, 0, "0.0%" },
    };
    GtkWidget *button;

    set_coverage_period (window, "2026-05-04", "2026-05-11");
    g_assert_cmpstr (kz_coverage_page_get_state (page), ==, "empty");
    g_assert_true (kz_gui_test_shows_text (GTK_WIDGET (page), "The newest call or email started on 10 March 2026."));
    button = kz_gui_test_find_button (GTK_WIDGET (page), "Show _That Week");
    g_assert_nonnull (button);
    g_assert_true (gtk_widget_is_visible (button));
    kz_gui_test_click (button);
    KZ_WAIT_UNTIL (!kz_coverage_page_get_loading (page));
    assert_table (page, newest, G_N_ELEMENTS (newest));
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (kz_gui_test_find_by_name (GTK_WIDGET (page), "coverage-from"))),
                     ==, "2026-03-09");
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (kz_gui_test_find_by_name (GTK_WIDGET (page), "coverage-to"))),
                     ==, "2026-03-16");
    g_assert_false (gtk_widget_is_visible (button));
  }
  close_window (window);

  /* Narrow: the table scrolls sideways rather than squeeze the numbers. */
  window = open_window (store, centre.mo, 600, 800);
  show (window, "coverage");
  set_coverage_period (window, WEEK_FROM, WEEK_TO);
  assert_table (coverage_page (window), by_name, G_N_ELEMENTS (by_name));
  kz_gui_test_screenshot (GTK_WIDGET (window), "coverage-narrow.png");
  close_window (window);
}

/* What the dialog opens with, and every way it refuses to sample. */
static void
test_dialog_refuses (void)
{
  KzWindow *window = open_window (store, centre.mo, 1280, 800);
  KzSampleDialog *dialog;
  GtkWidget *menu_button;
  g_autofree char *expected_from = NULL;
  g_autofree char *expected_to = NULL;
  guint64 seed;

  /* In the primary menu, and in the header of the pages it fills. */
  menu_button = find_primary_menu_button (GTK_WIDGET (window));
  g_assert_nonnull (menu_button);
  g_assert_true (menu_has_action (gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (menu_button)), "win.sample"));
  g_assert_true (binds_shortcut (GTK_WIDGET (window), "<Control><Shift>s", "win.sample"));
  g_assert_true (binds_shortcut (GTK_WIDGET (window), "<Alt>5", "win.show-page"));
  show (window, "interactions");
  g_assert_true (gtk_widget_get_visible (find_actionable (GTK_WIDGET (window), "win.sample")));
  show (window, "evaluations");
  g_assert_false (gtk_widget_get_visible (find_actionable (GTK_WIDGET (window), "win.sample")));
  show (window, "queue");
  g_assert_true (gtk_widget_get_visible (find_actionable (GTK_WIDGET (window), "win.sample")));

  dialog = open_dialog (window);

  /* Last week, Monday to Monday, worked out here with GDate. */
  {
    GDate today;
    char buf[16];

    g_date_set_time_t (&today, time (NULL));
    g_date_subtract_days (&today, g_date_get_weekday (&today) - G_DATE_MONDAY);   /* this Monday */
    g_date_strftime (buf, sizeof buf, "%Y-%m-%d", &today);
    expected_to = g_strdup (buf);
    g_date_subtract_days (&today, 7);
    g_date_strftime (buf, sizeof buf, "%Y-%m-%d", &today);
    expected_from = g_strdup (buf);
  }
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (field (dialog, "from-date"))), ==, expected_from);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (field (dialog, "to-date"))), ==, expected_to);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (field (dialog, "per-agent"))), ==, 2);
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (field (dialog, "per-channel"))));
  /* A seed is there, and shown: a whole number kaizenctl takes too. */
  seed = g_ascii_strtoull (gtk_editable_get_text (GTK_EDITABLE (field (dialog, "seed"))), NULL, 10);
  g_assert_cmpuint (seed, >=, 1);
  g_assert_cmpuint (seed, <=, G_MAXINT32);
  g_assert_true (gtk_widget_get_mapped (field (dialog, "seed")));
  g_assert_true (kz_gui_test_shows_text (GTK_WIDGET (dialog), "The same seed on the same interactions gives the same sample"));
  /* Every reviewer, checked; nobody else. */
  g_assert_true (gtk_check_button_get_active (reviewer_check (dialog, centre.rita)));
  g_assert_true (gtk_check_button_get_active (reviewer_check (dialog, centre.ravi)));
  {
    g_autofree char *manager = g_strdup_printf ("reviewer-%" G_GINT64_FORMAT, centre.mo);
    g_assert_null (kz_gui_test_find_by_name (GTK_WIDGET (dialog), manager));
  }
  g_assert_true (kz_gui_test_shows_text (GTK_WIDGET (dialog), "Rita Reviewer"));
  g_assert_true (kz_gui_test_shows_text (GTK_WIDGET (dialog), "Ravi Reviewer"));
  assert_accepted (dialog);
  kz_gui_test_screenshot (GTK_WIDGET (dialog), "sample-dialog.png");

  fill (dialog, WEEK_FROM, WEEK_TO, 2, FALSE, SEED);
  assert_accepted (dialog);

  gtk_check_button_set_active (reviewer_check (dialog, centre.rita), FALSE);
  assert_accepted (dialog);
  gtk_check_button_set_active (reviewer_check (dialog, centre.ravi), FALSE);
  assert_refused (dialog, "Check at least one reviewer to share the sample between.");
  gtk_check_button_set_active (reviewer_check (dialog, centre.rita), TRUE);
  gtk_check_button_set_active (reviewer_check (dialog, centre.ravi), TRUE);
  assert_accepted (dialog);

  gtk_editable_set_text (GTK_EDITABLE (field (dialog, "from-date")), "2026-03-09");
  gtk_editable_set_text (GTK_EDITABLE (field (dialog, "to-date")), "2026-03-02");
  assert_refused (dialog, "The period is empty: “To” is the day after the last day sampled, so it must come after “From”.");
  g_assert_true (gtk_widget_has_css_class (field (dialog, "from-date"), "error"));
  g_assert_true (gtk_widget_has_css_class (field (dialog, "to-date"), "error"));
  /* The same day twice is an empty period too. */
  gtk_editable_set_text (GTK_EDITABLE (field (dialog, "to-date")), "2026-03-09");
  assert_refused (dialog, "The period is empty: “To” is the day after the last day sampled, so it must come after “From”.");

  gtk_editable_set_text (GTK_EDITABLE (field (dialog, "from-date")), "2026-02-30");
  assert_refused (dialog, "“2026-02-30” is not a date: write the first day as YYYY-MM-DD, e.g. 2026-03-02.");
  g_assert_true (gtk_widget_has_css_class (field (dialog, "from-date"), "error"));
  g_assert_false (gtk_widget_has_css_class (field (dialog, "to-date"), "error"));
  kz_gui_test_screenshot (GTK_WIDGET (dialog), "sample-dialog-bad-date.png");
  gtk_editable_set_text (GTK_EDITABLE (field (dialog, "from-date")), WEEK_FROM);
  gtk_editable_set_text (GTK_EDITABLE (field (dialog, "to-date")), "");
  assert_refused (dialog, "Enter the day after the period as YYYY-MM-DD.");
  gtk_editable_set_text (GTK_EDITABLE (field (dialog, "to-date")), WEEK_TO);
  assert_accepted (dialog);
  g_assert_false (gtk_widget_has_css_class (field (dialog, "from-date"), "error"));

  gtk_spin_button_set_value (GTK_SPIN_BUTTON (field (dialog, "per-agent")), 0);
  assert_refused (dialog, "Sample at least one interaction per agent.");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (field (dialog, "per-agent")), 2);
  assert_accepted (dialog);

  gtk_editable_set_text (GTK_EDITABLE (field (dialog, "seed")), "lucky");
  assert_refused (dialog, "“lucky” is not a seed: use a whole number from 0 to 2147483647.");
  g_assert_true (gtk_widget_has_css_class (field (dialog, "seed"), "error"));
  gtk_editable_set_text (GTK_EDITABLE (field (dialog, "seed")), "2147483648");
  assert_refused (dialog, "“2147483648” is not a seed: use a whole number from 0 to 2147483647.");
  /* A new random one, with the button beside it. */
  kz_gui_test_click (find_by_tooltip (GTK_WIDGET (dialog), "New Random Seed"));
  assert_accepted (dialog);
  g_assert_true (kz_sample_dialog_parse_seed (gtk_editable_get_text (GTK_EDITABLE (field (dialog, "seed"))), NULL));

  /* Narrow: rows wrap, nothing is cut. */
  gtk_widget_set_visible (GTK_WIDGET (dialog), FALSE);
  gtk_window_set_default_size (GTK_WINDOW (dialog), 360, 720);
  gtk_window_present (GTK_WINDOW (dialog));
  KZ_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (dialog)) && gtk_widget_get_width (GTK_WIDGET (dialog)) < 400);
  kz_gui_test_screenshot (GTK_WIDGET (dialog), "sample-dialog-narrow.png");

  /* Cancel: nothing given out. */
  kz_gui_test_click (kz_gui_test_find_button (GTK_WIDGET (dialog), "_Cancel"));
  KZ_WAIT_UNTIL (find_dialog () == NULL);
  g_assert_cmpint (open_queue (store, centre.rita), ==, 1);
  g_assert_cmpint (open_queue (store, centre.ravi), ==, 1);
  close_window (window);
}

/* Another desk holds the database: the store's message, in the dialog. */
static void
test_dialog_failure (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzStore) other = kz_store_open (db_path, &error);
  KzWindow *window = open_window (store, centre.mo, 1280, 800);
  KzSampleDialog *dialog;
  GtkWidget *spinner;

  g_assert_no_error (error);
  show (window, "interactions");
  dialog = open_dialog (window);
  fill (dialog, WEEK_FROM, WEEK_TO, 2, FALSE, SEED);

  /* Its write lock: the sample waits for it (5 s), then gives up. */
  g_assert_true (kz_store_begin (other, &error));
  g_assert_no_error (error);
  kz_gui_test_click (sample_button (dialog));
  g_assert_true (kz_sample_dialog_get_busy (dialog));
  spinner = kz_gui_test_find_by_type (GTK_WIDGET (dialog), GTK_TYPE_SPINNER);
  g_assert_true (gtk_widget_get_visible (spinner));
  g_assert_true (gtk_spinner_get_spinning (GTK_SPINNER (spinner)));
  g_assert_false (gtk_widget_get_sensitive (sample_button (dialog)));
  g_assert_false (gtk_widget_is_sensitive (field (dialog, "from-date")));
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (reviewer_check (dialog, centre.rita))));
  g_assert_nonnull (kz_gui_test_find_button (GTK_WIDGET (dialog), "_Close"));
  kz_gui_test_screenshot (GTK_WIDGET (dialog), "sample-dialog-busy.png");

  KZ_WAIT_UNTIL (!kz_sample_dialog_get_busy (dialog));
  kz_store_rollback (other);
  g_assert_nonnull (kz_sample_dialog_get_error (dialog));
  g_assert_nonnull (strstr (kz_sample_dialog_get_error (dialog), "database is locked"));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));
  g_assert_true (kz_gui_test_shows_text (GTK_WIDGET (dialog), kz_sample_dialog_get_error (dialog)));
  g_assert_true (find_dialog () == dialog);
  g_assert_false (gtk_widget_get_visible (spinner));
  /* It may be tried again; nothing was written. */
  assert_accepted (dialog);
  g_assert_cmpint (open_queue (store, centre.rita), ==, 1);
  g_assert_cmpint (open_queue (store, centre.ravi), ==, 1);
  kz_gui_test_screenshot (GTK_WIDGET (dialog), "sample-dialog-error.png");

  /* Closed while it waits, and it fails: the dialog comes back to say so. */
  g_assert_true (kz_store_begin (other, &error));
  g_assert_no_error (error);
  kz_gui_test_click (sample_button (dialog));
  g_assert_true (kz_sample_dialog_get_busy (dialog));
  gtk_window_close (GTK_WINDOW (dialog));
  kz_gui_test_drain ();
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  g_assert_true (find_dialog () == dialog);
  KZ_WAIT_UNTIL (!kz_sample_dialog_get_busy (dialog) && gtk_widget_get_mapped (GTK_WIDGET (dialog)));
  kz_store_rollback (other);
  g_assert_nonnull (strstr (kz_sample_dialog_get_error (dialog), "database is locked"));
  g_assert_cmpint (open_queue (store, centre.rita), ==, 1);

  gtk_window_close (GTK_WINDOW (dialog));
  KZ_WAIT_UNTIL (find_dialog () == NULL);
  close_window (window);
}

/* Monday: sample last week from Rita's queue, and see it there. */
static void
test_sample (void)
{
  static const Line after[] = {
    { "Ana Agent", 5, 2, 0, "0.0%" },
    { "Bo Agent", 2, 1, 1, "50.0%" },
    { "Cy Agent", 4, 4, 1, "25.0%" },
    { "Di Agent", 3, 2, 1, "33.3%" },
    { "Total", 14, 9, 3, "21.4%" },
  };
  KzWindow *window = open_window (store, centre.rita, 1280, 800);
  KzInteractionsPage *queue = queue_page (window);
  KzSampleDialog *dialog;
  Given given;

  show (window, "coverage");
  set_coverage_period (window, WEEK_FROM, WEEK_TO);
  show (window, "queue");
  KZ_WAIT_UNTIL (!kz_interactions_page_get_loading (queue));
  g_assert_cmpuint (kz_interactions_page_get_n_items (queue), ==, 1);

  /* The header button, as a person would. */
  kz_gui_test_click (find_actionable (GTK_WIDGET (window), "win.sample"));
  KZ_WAIT_UNTIL ((dialog = find_dialog ()) != NULL && !kz_sample_dialog_get_loading (dialog));
  fill (dialog, WEEK_FROM, WEEK_TO, 2, FALSE, SEED);
  sample (window, dialog, "7 interactions sampled and shared among 2 reviewers; "
                          "1 agent had fewer than 2 interactions to sample");
  kz_gui_test_screenshot (GTK_WIDGET (window), "sampled.png");

  /* The store: min(quota, candidates) per agent, Eve none; 4 and 3. */
  given_out (store, &centre, &given);
  g_assert_cmpuint (given.ana, ==, 2);
  g_assert_cmpuint (given.bo, ==, 1);
  g_assert_cmpuint (given.cy, ==, 2);
  g_assert_cmpuint (given.di, ==, 2);
  g_assert_cmpuint (given.eve, ==, 0);
  g_assert_cmpuint (given.rita, ==, 4);
  g_assert_cmpuint (given.ravi, ==, 3);
  g_assert_cmpint (open_queue (store, centre.rita), ==, 5);
  g_assert_cmpint (open_queue (store, centre.ravi), ==, 4);
  first_sample = g_steal_pointer (&given.mapping);

  /* The queue shows them, the coverage table counts them. */
  KZ_WAIT_UNTIL (!kz_interactions_page_get_loading (queue) && kz_interactions_page_get_n_items (queue) == 5);
  assert_table (coverage_page (window), after, G_N_ELEMENTS (after));
  close_window (window);
}

static char *
sample_copy (const char *name,
             guint32     seed,
             gboolean    per_channel,
             const char *toast,
             Given      *given)
{
  Centre c;
  g_autoptr(KzStore) s = make_centre (name, &c);
  KzWindow *window = open_window (s, c.mo, 1280, 800);
  KzSampleDialog *dialog = open_dialog (window);

  fill (dialog, WEEK_FROM, WEEK_TO, 2, per_channel, seed);
  sample (window, dialog, toast);
  close_window (window);
  given_out (s, &c, given);
  g_assert_cmpint (open_queue (s, c.rita) - 1, ==, given->rita);
  g_assert_cmpint (open_queue (s, c.ravi) - 1, ==, given->ravi);
  return g_steal_pointer (&given->mapping);
}

/* The same seed on the same data: the same interactions, to the same people. */
static void
test_same_seed (void)
{
  static const char toast[] = "7 interactions sampled and shared among 2 reviewers; "
                              "1 agent had fewer than 2 interactions to sample";
  Given a, b;
  g_autofree char *first = sample_copy ("copy-a.db", SEED, FALSE, toast, &a);
  g_autofree char *second = sample_copy ("copy-b.db", SEED, FALSE, toast, &b);
  gboolean differs = FALSE;

  g_assert_nonnull (first_sample);
  g_assert_cmpstr (first, ==, second);
  g_assert_cmpstr (first, ==, first_sample);
  g_assert_cmpuint (a.rita, ==, 4);
  g_assert_cmpuint (a.ravi, ==, 3);

  /* The seed is what decides: another one picks other interactions of
   * Ana's (10 ways to take 2 of 5), within a few tries. */
  for (guint32 seed = 1; seed <= 5 && !differs; seed++)
    {
      g_autofree char *name = g_strdup_printf ("copy-seed-%u.db", seed);
      g_autofree char *other = sample_copy (name, seed, FALSE, toast, &b);

      differs = g_strcmp0 (other, first) != 0;
    }
  g_assert_true (differs);
}

/* Calls and emails separately: the switch reaches the plan. */
static void
test_per_channel (void)
{
  Given g;
  g_autofree char *mapping = sample_copy ("copy-channels.db", SEED, TRUE,
                                          "9 interactions sampled and shared among 2 reviewers; "
                                          "3 of the agents’ channels had fewer than 2 interactions to sample",
                                          &g);

  g_assert_cmpuint (g.ana, ==, 4);
  g_assert_cmpuint (g.bo, ==, 1);
  g_assert_cmpuint (g.cy, ==, 2);
  g_assert_cmpuint (g.di, ==, 2);
  g_assert_cmpuint (g.rita, ==, 5);
  g_assert_cmpuint (g.ravi, ==, 4);
}

/* Closed while the sample is written: it is stored whole, and reported. */
static void
test_close_while_sampling (void)
{
  g_autoptr(GError) error = NULL;
  Centre c;
  g_autoptr(KzStore) s = make_centre ("copy-close.db", &c);
  /* A narrow window this time, to see the toast there. */
  KzWindow *window = open_window (s, c.rita, 600, 800);
  KzInteractionsPage *queue = queue_page (window);
  KzSampleDialog *dialog;
  Given g;

  show (window, "queue");
  KZ_WAIT_UNTIL (!kz_interactions_page_get_loading (queue));
  g_assert_cmpuint (kz_interactions_page_get_n_items (queue), ==, 1);
  dialog = open_dialog (window);
  fill (dialog, WEEK_FROM, WEEK_TO, 2, FALSE, SEED);

  /* Hold the store (this thread's transaction) so the sample has to wait. */
  g_assert_true (kz_store_begin (s, &error));
  g_assert_no_error (error);
  kz_gui_test_click (sample_button (dialog));
  g_assert_true (kz_sample_dialog_get_busy (dialog));
  kz_gui_test_click (kz_gui_test_find_button (GTK_WIDGET (dialog), "_Close"));
  kz_gui_test_drain ();
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  kz_store_rollback (s);

  KZ_WAIT_UNTIL (find_dialog () == NULL);
  KZ_WAIT_UNTIL (kz_gui_test_shows_text (GTK_WIDGET (window), "7 interactions sampled and shared among 2 reviewers"));
  kz_gui_test_screenshot (GTK_WIDGET (window), "sampled-narrow.png");
  given_out (s, &c, &g);
  g_assert_cmpuint (g.rita, ==, 4);
  g_assert_cmpuint (g.ravi, ==, 3);
  g_assert_cmpstr (g.mapping, ==, first_sample);
  g_free (g.mapping);
  KZ_WAIT_UNTIL (!kz_interactions_page_get_loading (queue) && kz_interactions_page_get_n_items (queue) == 5);
  close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
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

  tmp_dir = g_dir_make_tmp ("kaizen-test-sampling-XXXXXX", &error);
  g_assert_no_error (error);
  {
    g_autofree char *state = g_build_filename (tmp_dir, "state", NULL);

    g_setenv ("XDG_STATE_HOME", state, TRUE);
  }
  db_path = g_build_filename (tmp_dir, "centre.db", NULL);
  store = make_centre ("centre.db", &centre);

  /* In this order: the first ones look without changing anything, then
   * test_sample samples the main centre; the rest sample fresh copies. */
  g_test_add_func ("/sampling-gui/form-functions", test_form_functions);
  g_test_add_func ("/sampling-gui/coverage-before", test_coverage_before);
  g_test_add_func ("/sampling-gui/dialog-refuses", test_dialog_refuses);
  g_test_add_func ("/sampling-gui/dialog-failure", test_dialog_failure);
  g_test_add_func ("/sampling-gui/sample", test_sample);
  g_test_add_func ("/sampling-gui/same-seed", test_same_seed);
  g_test_add_func ("/sampling-gui/per-channel", test_per_channel);
  g_test_add_func ("/sampling-gui/close-while-sampling", test_close_while_sampling);
  ret = g_test_run ();

  g_clear_object (&store);
  g_free (first_sample);
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", tmp_dir);
    g_assert_cmpint (system (cmd), ==, 0);
  }
  g_free (db_path);
  return ret;
}
