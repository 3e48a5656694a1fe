/* kz-window.c — the main window
 *
 * A leaflet: a sidebar of pages, and a content pane whose stack holds each
 * page and the detail it opens (an evaluation, a rubric).  Back goes from a
 * detail to its list, and from the content to the sidebar when folded.
 *
 * A window made for a team server's address starts without a store: it
 * looks the password up in the keyring (or asks for it), connects off the
 * UI thread, and shows an error page with Try Again when the server cannot
 * be reached.  Once connected, other clients' changes (KzStore::changed)
 * reload the lists, a burst of them at once; a connection lost later shows
 * a banner with Retry.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kz-window"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kz-agent-gap-page.h"
#include "kz-calendar-page.h"
#include "kz-calibration-page.h"
#include "kz-coverage-page.h"
#include "kz-criterion-page.h"
#include "kz-reviewer-page.h"
#include "kz-dashboard-page.h"
#include "kz-disputes-page.h"
#include "kz-error.h"
#include "kz-evaluation-view.h"
#include "kz-evaluations-page.h"
#include "kz-gaps-page.h"
#include "kz-idea-view.h"
#include "kz-impact-page.h"
#include "kz-ideas-page.h"
#include "kz-interactions-page.h"
#include "kz-keyring.h"
#include "kz-person-picker.h"
#include "kz-plans-page.h"
#include "kz-my-quality-page.h"
#include "kz-pulse-page.h"
#include "kz-review-workspace.h"
#include "kz-rubric-import.h"
#include "kz-mail-import.h"
#include "kz-progress-dialog.h"
#include "kz-rubric-library.h"
#include "kz-rubric-view.h"
#include "kz-sample-dialog.h"
#include "kz-store-job.h"
#include "kz-survey-results-page.h"
#include "kz-voice-notifier.h"
#include "kz-window.h"

/* Other clients' changes are reloaded at most this often: a bulk import on
 * another desk sends hundreds of notifications. */
#define CHANGES_DELAY_MS 200

typedef enum {
  CHANGED_EVALUATIONS  = 1 << 0,
  CHANGED_RUBRICS      = 1 << 1,
  CHANGED_PEOPLE       = 1 << 2,
  CHANGED_INTERACTIONS = 1 << 3,
  CHANGED_CALIBRATION  = 1 << 4,
  CHANGED_DISPUTES     = 1 << 5,
  CHANGED_COACHING     = 1 << 6,
} Changes;

typedef enum {
  PASSWORD_NONE,
  PASSWORD_KEYRING,
  PASSWORD_USER,
} PasswordSource;

struct _KzWindow
{
  AdwApplicationWindow  parent_instance;

  KzStore              *store;
  GSettings            *settings;
  GCancellable         *cancellable;

  /* Connecting (a window made for a location) */
  char                 *location;
  char                 *password;        /* typed in this session */
  PasswordSource        password_source;
  GCancellable         *connect_cancellable;
  gboolean              connecting;
  GtkWidget            *password_dialog;

  Changes               pending_changes;
  guint                 changes_source;
  GtkFileChooserNative *chooser;
  guint                 n_imports;
  KzSampleDialog       *sample_dialog;   /* while it is open (not a reference) */
  KzVoiceNotifier      *notifier;        /* with an application: pulse rounds opening */

  AdwToastOverlay      *toast_overlay;
  GtkStack             *main_stack;
  GtkSpinner           *connecting_spinner;
  AdwStatusPage        *connect_error_page;
  GtkRevealer          *banner_revealer;
  GtkLabel             *banner_label;
  AdwLeaflet           *leaflet;
  GtkWidget            *sidebar_pane;
  GtkListBoxRow        *queue_row;
  GtkListBoxRow        *interactions_row;
  GtkListBoxRow        *coverage_row;
  GtkListBoxRow        *criterion_dashboard_row;
  GtkListBoxRow        *reviewer_dashboard_row;
  GtkListBoxRow        *dashboard_row;
  GtkLabel             *queue_count;
  KzInteractionsPage   *queue_page;
  KzInteractionsPage   *interactions_page;
  KzCoveragePage       *coverage_page;
  KzCriterionPage      *criterion_dashboard_page;
  KzReviewerPage       *reviewer_dashboard_page;
  KzDashboardPage      *dashboard_page;
  KzDashboardPage      *agent_page;
  AdwBin               *review_bin;
  KzReviewWorkspace    *workspace;       /* in review_bin while a review is open */
  char                 *review_parent;   /* the list it was opened from */
  GCancellable         *review_cancellable;
  GtkWidget            *content_pane;
  GtkListBox           *sidebar_list;
  GtkListBoxRow        *evaluations_row;
  GtkListBoxRow        *calibration_row;
  GtkListBoxRow        *disputes_row;
  GtkLabel             *disputes_count;
  KzCalibrationPage    *calibration_page;
  KzDisputesPage       *disputes_page;
  GtkListBoxRow        *gaps_row;
  GtkListBoxRow        *plans_row;
  KzGapsPage           *gaps_page;
  KzAgentGapPage       *agent_gap_page;
  KzPlansPage          *plans_page;
  char                 *evaluation_parent; /* the page an evaluation was opened from */
  GtkListBoxRow        *rubrics_row;
  GtkListBoxRow        *pulse_row;
  GtkListBoxRow        *my_quality_row;
  GtkListBoxRow        *results_row;
  GtkListBoxRow        *ideas_row;
  GtkLabel             *pulse_count;
  KzPulsePage          *pulse_page;
  KzMyQualityPage      *my_quality_page;
  KzSurveyResultsPage  *results_page;
  KzIdeasPage          *ideas_page;
  GtkListBoxRow        *calendar_row;
  GtkListBoxRow        *impact_row;
  KzCalendarPage       *calendar_page;
  KzImpactPage         *impact_page;
  KzIdeaView           *idea_view;
  AdwWindowTitle       *content_title;
  GtkWidget            *back_button;
  GtkWidget            *import_button;
  GtkWidget            *sample_button;
  GtkWidget            *import_mail_button;
  guint                 n_mail_imports;
  GtkFileChooserNative *mail_chooser;
  KzPersonPicker       *person_picker;
  GtkStack             *content_stack;
  KzEvaluationsPage    *evaluations_page;
  KzEvaluationView     *evaluation_view;
  KzRubricLibrary      *rubric_library;
  KzRubricView         *rubric_view;
};

G_DEFINE_FINAL_TYPE (KzWindow, kz_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_STORE,
  PROP_LOCATION,
  PROP_IMPORTING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void close_review (KzWindow *self);

static gboolean
is_detail (const char *page)
{
  return g_strcmp0 (page, "evaluation") == 0 || g_strcmp0 (page, "rubric") == 0 || g_strcmp0 (page, "agent") == 0 ||
         g_strcmp0 (page, "review") == 0 || g_strcmp0 (page, "idea") == 0 ||
         g_strcmp0 (page, "agent-gap") == 0;
}

/* The list a detail page belongs to (a review: the list it came from). */
static const char *
parent_of (KzWindow   *self,
           const char *page)
{
  if (g_strcmp0 (page, "evaluation") == 0)
    return self->evaluation_parent != NULL ? self->evaluation_parent : "evaluations";
  if (g_strcmp0 (page, "agent-gap") == 0)
    return "gaps";
  if (g_strcmp0 (page, "rubric") == 0)
    return "rubrics";
  if (g_strcmp0 (page, "idea") == 0)
    return "ideas";
  if (g_strcmp0 (page, "agent") == 0)
    return "dashboard";
  if (g_strcmp0 (page, "review") == 0)
    return self->review_parent != NULL ? self->review_parent : "queue";
  return page;
}

const char *
kz_window_get_visible_page (KzWindow *self)
{
  g_return_val_if_fail (KZ_IS_WINDOW (self), NULL);
  return gtk_stack_get_visible_child_name (self->content_stack);
}

GtkWidget *
kz_window_get_page (KzWindow   *self,
                    const char *name)
{
  g_return_val_if_fail (KZ_IS_WINDOW (self), NULL);
  return gtk_stack_get_child_by_name (self->content_stack, name);
}

/* The one place that decides which actions work now. */
static void
update_actions (KzWindow *self)
{
  gboolean ready = self->store != NULL;
  const char *page = self->content_stack != NULL ? kz_window_get_visible_page (self) : NULL;
  gboolean folded = self->leaflet != NULL && adw_leaflet_get_folded (self->leaflet);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import-rubric", ready);
  /* One email import at a time: its dialog is modal, and it may still be
   * cancelling after its Cancel. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import-mail-files", ready && self->n_mail_imports == 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import-maildir", ready && self->n_mail_imports == 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.refresh", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.sample", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-page", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-evaluation", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-agent", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-rubric", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-idea", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.review-interaction", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.calibrate", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.back", ready && (is_detail (page) || folded));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.retry-connect",
                                 !ready && !self->connecting && self->location != NULL);
}

/* The schema lists the pages it keeps (its <choices>); a page it does not
 * know yet (Coverage, until data/'s schema lists it) is simply not kept. */
static gboolean
can_remember_page (KzWindow   *self,
                   const char *page)
{
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettingsSchemaKey) key = NULL;
  g_autoptr(GVariant) value = g_variant_ref_sink (g_variant_new_string (page));

  g_object_get (self->settings, "settings-schema", &schema, NULL);
  if (schema == NULL || !g_settings_schema_has_key (schema, "last-page"))
    return FALSE;
  key = g_settings_schema_get_key (schema, "last-page");
  return g_settings_schema_key_range_check (key, value);
}

static void
update_header (KzWindow *self)
{
  const char *page;
  gboolean folded;
  g_autofree char *subtitle = NULL;
  const char *title = NULL;

  /* Children notify while the template is torn down. */
  if (self->content_stack == NULL || self->leaflet == NULL)
    return;

  page = kz_window_get_visible_page (self);
  folded = adw_leaflet_get_folded (self->leaflet);

  if (self->workspace != NULL && g_strcmp0 (page, "review") != 0)
    close_review (self);
  if (!is_detail (page) && page != NULL && self->settings != NULL && can_remember_page (self, page))
    g_settings_set_string (self->settings, "last-page", page);

  if (g_strcmp0 (page, "queue") == 0)
    {
      guint n = kz_interactions_page_get_n_items (self->queue_page);

      title = _("My Queue");
      if (kz_interactions_page_get_reviewer_id (self->queue_page) != 0 && !kz_interactions_page_get_loading (self->queue_page))
        subtitle = kz_interactions_page_get_query (self->queue_page)->reviewed == KZ_REVIEWED_NO
                   ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u to review", "%u to review", n), n)
                   : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u interaction", "%u interactions", n), n);
    }
  else if (g_strcmp0 (page, "interactions") == 0)
    {
      guint n = kz_interactions_page_get_n_items (self->interactions_page);

      title = _("Interactions");
      if (!kz_interactions_page_get_loading (self->interactions_page))
        subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u interaction", "%u interactions", n), n);
    }
  else if (g_strcmp0 (page, "coverage") == 0)
    {
      guint n = kz_coverage_page_get_n_agents (self->coverage_page);

      title = _("Coverage");
      if (!kz_coverage_page_get_loading (self->coverage_page) &&
          g_strcmp0 (kz_coverage_page_get_state (self->coverage_page), "list") == 0)
        subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u agent", "%u agents", n), n);
    }
  else if (g_strcmp0 (page, "criterion-dashboard") == 0)
    title = _("Criteria");
  else if (g_strcmp0 (page, "reviewer-dashboard") == 0)
    title = _("Reviewers");
  else if (g_strcmp0 (page, "dashboard") == 0)
    title = _("Team Overview");
  else if (g_strcmp0 (page, "agent") == 0)
    title = _("Agent");
  else if (g_strcmp0 (page, "review") == 0)
    {
      title = _("Review");
      if (self->workspace != NULL)
        subtitle = g_strdup (kz_review_workspace_get_title (self->workspace));
    }
  else if (g_strcmp0 (page, "evaluations") == 0)
    {
      guint n = 0;

      guint total = 0;

      g_object_get (self->evaluations_page, "n-evaluations", &n, "n-total", &total, NULL);
      title = _("Evaluations");
      if (total > n)
        /* Translators: the list holds the newest; the dashboards count them all */
        subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Newest %u of %u evaluation",
                                                 "Newest %u of %u evaluations", total), n, total);
      else if (n > 0)
        subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u evaluation", "%u evaluations", n), n);
    }
  else if (g_strcmp0 (page, "evaluation") == 0)
    {
      g_autofree char *agent = NULL;

      g_object_get (self->evaluation_view, "agent", &agent, NULL);
      title = _("Evaluation");
      subtitle = g_steal_pointer (&agent);
    }
  else if (g_strcmp0 (page, "rubrics") == 0)
    {
      guint n = kz_rubric_library_get_n_rubrics (self->rubric_library);

      title = _("Rubrics");
      if (n > 0)
        subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u rubric version", "%u rubric versions", n), n);
    }
  else if (g_strcmp0 (page, "pulse") == 0)
    {
      guint n = kz_pulse_page_get_n_open (self->pulse_page);

      title = _("Pulse");
      if (!kz_pulse_page_get_loading (self->pulse_page) && n > 0)
        subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u round open", "%u rounds open", n), n);
    }
  else if (g_strcmp0 (page, "calibration") == 0)
    {
      guint n = kz_calibration_page_get_n_sessions (self->calibration_page);

      title = _("Calibration");
      if (g_strcmp0 (kz_calibration_page_get_view (self->calibration_page), "new") == 0)
        subtitle = g_strdup (_("New session"));
      else if (g_strcmp0 (kz_calibration_page_get_view (self->calibration_page), "results") == 0)
        subtitle = g_strdup (_("Results"));
      else if (!kz_calibration_page_get_loading (self->calibration_page))
        subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u session", "%u sessions", n), n);
    }
  else if (g_strcmp0 (page, "disputes") == 0)
    {
      guint n = kz_disputes_page_get_n_open (self->disputes_page);

      title = _("Disputes");
      if (!kz_disputes_page_get_loading (self->disputes_page))
        subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u open", "%u open", n), n);
    }
  else if (g_strcmp0 (page, "my-quality") == 0)
    {
      guint n = kz_my_quality_page_get_n_to_acknowledge (self->my_quality_page);

      title = _("My Quality");
      if (!kz_my_quality_page_get_loading (self->my_quality_page) && n > 0)
        subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u to acknowledge", "%u to acknowledge", n), n);
    }
  else if (g_strcmp0 (page, "gaps") == 0)
    title = _("Gaps");
  else if (g_strcmp0 (page, "agent-gap") == 0)
    {
      title = _("Agent’s Gaps");
      subtitle = g_strdup (kz_agent_gap_page_get_agent_name (self->agent_gap_page));
    }
  else if (g_strcmp0 (page, "plans") == 0)
    {
      guint n = kz_plans_page_get_n_plans (self->plans_page);

      title = _("Plans");
      if (!kz_plans_page_get_loading (self->plans_page))
        subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u plan", "%u plans", n), n);
    }
  else if (g_strcmp0 (page, "survey-results") == 0)
    title = _("Survey Results");
  else if (g_strcmp0 (page, "ideas") == 0)
    title = _("Ideas");
  else if (g_strcmp0 (page, "calendar") == 0)
    title = _("Calendar");
  else if (g_strcmp0 (page, "impact") == 0)
    title = _("Did It Work?");
  else if (g_strcmp0 (page, "idea") == 0)
    {
      g_autofree char *idea_title = NULL;

      g_object_get (self->idea_view, "title", &idea_title, NULL);
      title = _("Idea");
      subtitle = g_steal_pointer (&idea_title);
    }
  else if (g_strcmp0 (page, "rubric") == 0)
    {
      KzRubric *rubric = kz_rubric_view_get_rubric (self->rubric_view);

      title = rubric != NULL ? kz_rubric_get_title (rubric) : _("Rubric");
      if (rubric != NULL)
        subtitle = g_strdup_printf (_("Version %d"), kz_rubric_get_version (rubric));
    }

  /* The sidebar says how much is waiting. */
  {
    guint waiting = kz_interactions_page_get_n_items (self->queue_page);
    gboolean show = waiting > 0 && kz_interactions_page_get_query (self->queue_page)->reviewed == KZ_REVIEWED_NO &&
                    !kz_interactions_page_get_loading (self->queue_page);
    g_autofree char *count = g_strdup_printf ("%u", waiting);

    gtk_label_set_text (self->queue_count, count);
    gtk_widget_set_visible (GTK_WIDGET (self->queue_count), show);
  }
  /* And how many disputes wait for a decision. */
  {
    guint open = kz_disputes_page_get_n_open (self->disputes_page);
    g_autofree char *count = g_strdup_printf ("%u", open);

    gtk_label_set_text (self->disputes_count, count);
    gtk_widget_set_visible (GTK_WIDGET (self->disputes_count), open > 0);
  }
  /* And how many pulse rounds wait for the person's answers. */
  {
    guint open = kz_pulse_page_get_n_open (self->pulse_page);
    g_autofree char *count = g_strdup_printf ("%u", open);
    g_autofree char *label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Pulse, %u round to answer",
                                                           "Pulse, %u rounds to answer", open), open);

    gtk_label_set_text (self->pulse_count, count);
    gtk_widget_set_visible (GTK_WIDGET (self->pulse_count), open > 0);
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->pulse_row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    open > 0 ? label : _("Pulse"), -1);
  }

  adw_window_title_set_title (self->content_title, title != NULL ? title : "");
  adw_window_title_set_subtitle (self->content_title, subtitle);

  gtk_widget_set_visible (self->back_button, is_detail (page) || folded);
  kz_person_picker_set_compact (self->person_picker, folded);
  gtk_widget_set_visible (self->import_button, g_strcmp0 (parent_of (self, page), "rubrics") == 0);
  /* Sampling fills the queues these pages show. */
  gtk_widget_set_visible (self->import_mail_button, g_strcmp0 (page, "interactions") == 0);
  gtk_widget_set_visible (self->sample_button,
                          g_strcmp0 (page, "queue") == 0 || g_strcmp0 (page, "interactions") == 0);
  update_actions (self);
}

static void
on_navigation_changed (KzWindow *self)
{
  update_header (self);
}

static GtkListBoxRow *
sidebar_row (KzWindow   *self,
             const char *list)
{
  if (g_strcmp0 (list, "queue") == 0)
    return self->queue_row;
  if (g_strcmp0 (list, "interactions") == 0)
    return self->interactions_row;
  if (g_strcmp0 (list, "coverage") == 0)
    return self->coverage_row;
  if (g_strcmp0 (list, "criterion-dashboard") == 0)
    return self->criterion_dashboard_row;
  if (g_strcmp0 (list, "reviewer-dashboard") == 0)
    return self->reviewer_dashboard_row;
  if (g_strcmp0 (list, "dashboard") == 0)
    return self->dashboard_row;
  if (g_strcmp0 (list, "evaluations") == 0)
    return self->evaluations_row;
  if (g_strcmp0 (list, "calibration") == 0)
    return self->calibration_row;
  if (g_strcmp0 (list, "disputes") == 0)
    return self->disputes_row;
  /* An agent's gaps belong to the gaps (and so does an evaluation opened there). */
  if (g_strcmp0 (list, "gaps") == 0 || g_strcmp0 (list, "agent-gap") == 0)
    return self->gaps_row;
  if (g_strcmp0 (list, "plans") == 0)
    return self->plans_row;
  if (g_strcmp0 (list, "pulse") == 0)
    return self->pulse_row;
  if (g_strcmp0 (list, "my-quality") == 0)
    return self->my_quality_row;
  if (g_strcmp0 (list, "survey-results") == 0)
    return self->results_row;
  if (g_strcmp0 (list, "ideas") == 0)
    return self->ideas_row;
  if (g_strcmp0 (list, "calendar") == 0)
    return self->calendar_row;
  if (g_strcmp0 (list, "impact") == 0)
    return self->impact_row;
  return self->rubrics_row;
}

/* Leaves the review: the workspace saves what is still unsaved as it goes. */
static void
close_review (KzWindow *self)
{
  if (self->workspace == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->workspace, self);
  self->workspace = NULL;
  adw_bin_set_child (self->review_bin, NULL);
  /* What was reviewed shows its new state. */
  kz_interactions_page_reload (self->queue_page);
  kz_interactions_page_reload (self->interactions_page);
  kz_evaluations_page_reload (self->evaluations_page);
  kz_coverage_page_reload (self->coverage_page);
  kz_calibration_page_reload (self->calibration_page);
}

/* Voice tables announce no changes (their timing would tell who answered
 * or wrote what): their pages read again each time they are shown. */
static void
refresh_voice_page (KzWindow   *self,
                    const char *name)
{
  if (self->store == NULL)
    return;
  if (g_strcmp0 (name, "pulse") == 0)
    kz_pulse_page_reload (self->pulse_page);
  else if (g_strcmp0 (name, "survey-results") == 0)
    kz_survey_results_page_reload (self->results_page);
  else if (g_strcmp0 (name, "ideas") == 0)
    kz_ideas_page_reload (self->ideas_page);
  /* Plans announce no table changes the window listens to: read again when shown. */
  else if (g_strcmp0 (name, "calendar") == 0)
    kz_calendar_page_reload (self->calendar_page);
  else if (g_strcmp0 (name, "impact") == 0)
    kz_impact_page_reload (self->impact_page);
  else if (g_strcmp0 (name, "my-quality") == 0)
    /* Acknowledged or disputed elsewhere, or resolved since. */
    kz_my_quality_page_reload (self->my_quality_page);
  else if (g_strcmp0 (name, "plans") == 0)
    /* New proposals come from submits anywhere (a team server announces
     * no plan changes): read again each time. */
    kz_plans_page_reload (self->plans_page);
}

static void
show_page (KzWindow   *self,
           const char *name)
{
  if (g_strcmp0 (kz_window_get_visible_page (self), name) != 0)
    refresh_voice_page (self, name);
  gtk_stack_set_visible_child_name (self->content_stack, name);

  /* Keep the sidebar in step when a page is shown by an action. */
  gtk_list_box_select_row (self->sidebar_list, sidebar_row (self, parent_of (self, name)));

  adw_leaflet_set_visible_child (self->leaflet, self->content_pane);
  update_header (self);
}

static void
on_sidebar_row_selected (KzWindow      *self,
                         GtkListBoxRow *row)
{
  const char *name;
  const char *current;

  if (row == NULL)
    return;

  name = gtk_widget_get_name (GTK_WIDGET (row));
  current = kz_window_get_visible_page (self);
  /* Selecting the page that is already up (or whose detail is up) keeps it. */
  if (g_strcmp0 (parent_of (self, current), name) != 0)
    {
      refresh_voice_page (self, name);
      gtk_stack_set_visible_child_name (self->content_stack, name);
    }
  update_header (self);
}

static void
on_sidebar_row_activated (KzWindow      *self,
                          GtkListBoxRow *row)
{
  const char *name = gtk_widget_get_name (GTK_WIDGET (row));

  /* Clicking a page in the sidebar shows its list, not the last detail. */
  gtk_stack_set_visible_child_name (self->content_stack, name);
  adw_leaflet_set_visible_child (self->leaflet, self->content_pane);
  update_header (self);
}

static void
show_page_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  KzWindow *self = KZ_WINDOW (widget);
  const char *name = g_variant_get_string (parameter, NULL);

  if (gtk_stack_get_child_by_name (self->content_stack, name) == NULL)
    {
      g_warning ("No page named “%s”", name);
      return;
    }

  show_page (self, name);
}

static void
on_open_agent (KzWindow        *self,
               gint64           agent_id,
               KzDashboardPage *page)
{
  kz_dashboard_page_set_agent (self->agent_page, agent_id);
  show_page (self, "agent");
}

static void
show_agent_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  KzWindow *self = KZ_WINDOW (widget);

  on_open_agent (self, g_variant_get_int64 (parameter), self->dashboard_page);
}

static void
show_evaluation_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  KzWindow *self = KZ_WINDOW (widget);
  const char *from = kz_window_get_visible_page (self);

  /* Back returns to an agent's gaps, or to a dashboard's drill-down, when
   * it was opened from there. */
  g_free (self->evaluation_parent);
  self->evaluation_parent = g_strcmp0 (from, "agent-gap") == 0 || g_strcmp0 (from, "criterion-dashboard") == 0 ||
                            g_strcmp0 (from, "reviewer-dashboard") == 0 ? g_strdup (from) : NULL;
  kz_evaluation_view_load (self->evaluation_view, g_variant_get_int64 (parameter));
  show_page (self, "evaluation");
}

/* A dashboard's calibration figure: that session's results. */
static void
show_calibration_results_action (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *parameter)
{
  KzWindow *self = KZ_WINDOW (widget);

  show_page (self, "calibration");
  kz_calibration_page_show_results (self->calibration_page, g_variant_get_int64 (parameter));
}

/* ---- reviewing ------------------------------------------------------------ */

static void
toast (KzWindow   *self,
       const char *message)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

static void
on_review_submitted (KzWindow          *self,
                     gint64             evaluation_id,
                     KzReviewWorkspace *workspace)
{
  /* Back to the list, where the next one waits. */
  toast (self, kz_review_workspace_get_calibration_session_id (workspace) != 0
               ? _("Calibration scoring submitted") : _("Evaluation submitted"));
  show_page (self, parent_of (self, "review"));
}

static void
on_review_rubric_changed (KzWindow          *self,
                          GParamSpec        *pspec,
                          KzReviewWorkspace *workspace)
{
  const char *rubric_id = kz_review_workspace_get_rubric_id (workspace);
  const char *key = kz_review_workspace_get_channel (workspace) == KZ_CHANNEL_EMAIL
                    ? "review-rubric-email" : "review-rubric-call";

  /* The next review of this channel starts with the same rubric. */
  if (rubric_id != NULL)
    g_settings_set_string (self->settings, key, rubric_id);
}

static void
on_review_title (KzWindow *self)
{
  update_header (self);
}

/* The worker reads it, the callback (which always runs) frees it. */
typedef struct {
  KzWindow *self;       /* a strong reference */
  gint64    interaction_id;
  KzChannel channel;
  gint64    reviewer_id;
  char     *preferred;
} ReviewRequest;

static void
review_request_free (ReviewRequest *request)
{
  g_clear_object (&request->self);
  g_free (request->preferred);
  g_free (request);
}

static gpointer
pick_rubric_thread (KzStore       *store,
                    gpointer       data,
                    GCancellable  *cancellable,
                    GError       **error)
{
  ReviewRequest *request = data;
  g_autoptr(GPtrArray) infos = kz_store_list_rubrics (store, error);
  const KzRubricInfo *info;

  if (infos == NULL)
    return NULL;
  info = kz_rubric_infos_pick (infos, request->channel, request->preferred);
  if (info == NULL)
    {
      g_set_error_literal (error, KZ_ERROR, KZ_ERROR_NOT_FOUND,
                           _("There is no rubric to review with yet: import one on the Rubrics page."));
      return NULL;
    }
  return g_strdup (info->id);
}

static void
pick_rubric_done (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  ReviewRequest *request = user_data;
  KzWindow *self = request->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *rubric_id = kz_store_job_finish (result, &error);
  const char *from;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->store == NULL)
    {
      review_request_free (request);
      return;
    }
  if (rubric_id == NULL)
    {
      if (g_error_matches (error, KZ_ERROR, KZ_ERROR_CONNECTION))
        gtk_widget_activate_action (GTK_WIDGET (self), "win.connection-lost", "s", error->message);
      else
        toast (self, error->message);
      review_request_free (request);
      return;
    }

  from = kz_window_get_visible_page (self);
  close_review (self);
  g_free (self->review_parent);
  self->review_parent = g_strdup (is_detail (from) ? parent_of (self, from) : from);

  self->workspace = kz_review_workspace_new (self->store, request->interaction_id, request->reviewer_id, rubric_id);
  g_signal_connect_object (self->workspace, "submitted", G_CALLBACK (on_review_submitted), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->workspace, "notify::rubric-id", G_CALLBACK (on_review_rubric_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->workspace, "notify::loaded", G_CALLBACK (on_review_title), self, G_CONNECT_SWAPPED);
  adw_bin_set_child (self->review_bin, GTK_WIDGET (self->workspace));
  show_page (self, "review");
  review_request_free (request);
}

static void
review_interaction_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  KzWindow *self = KZ_WINDOW (widget);
  gint64 reviewer_id = kz_person_picker_get_person_id (self->person_picker);
  KzRoles roles = kz_person_picker_get_person_roles (self->person_picker);
  ReviewRequest *request;
  gint32 channel;

  if (self->store == NULL)
    return;
  if (reviewer_id == 0)
    {
      toast (self, kz_person_picker_get_login_mode (self->person_picker)
                   ? _("This login is not a person: sign in as a reviewer to review.")
                   : _("Choose who you are in the header bar first: a review is saved in a reviewer’s name."));
      return;
    }
  if (roles != KZ_ROLE_NONE && (roles & KZ_ROLE_REVIEWER) == 0)
    {
      g_autofree char *message = g_strdup_printf (_("%s is not a reviewer: choose a reviewer in the header bar to review."),
                                                  kz_person_picker_get_person_name (self->person_picker));
      toast (self, message);
      return;
    }

  request = g_new0 (ReviewRequest, 1);
  request->self = g_object_ref (self);
  g_variant_get (parameter, "(xi)", &request->interaction_id, &channel);
  request->channel = channel == KZ_CHANNEL_EMAIL ? KZ_CHANNEL_EMAIL : KZ_CHANNEL_CALL;
  request->reviewer_id = reviewer_id;
  request->preferred = g_settings_get_string (self->settings, request->channel == KZ_CHANNEL_EMAIL
                                                              ? "review-rubric-email" : "review-rubric-call");
  if (*request->preferred == '\0')
    g_clear_pointer (&request->preferred, g_free);

  g_cancellable_cancel (self->review_cancellable);
  g_clear_object (&self->review_cancellable);
  self->review_cancellable = g_cancellable_new ();
  kz_store_job_run_async (self->store, NULL, pick_rubric_thread, request, NULL, g_free,
                          self->review_cancellable, pick_rubric_done, request);
}

static gboolean
check_reviewer (KzWindow *self)
{
  gint64 reviewer_id = kz_person_picker_get_person_id (self->person_picker);
  KzRoles roles = kz_person_picker_get_person_roles (self->person_picker);

  if (reviewer_id == 0)
    {
      toast (self, kz_person_picker_get_login_mode (self->person_picker)
                   ? _("This login is not a person: sign in as a reviewer to review.")
                   : _("Choose who you are in the header bar first: a review is saved in a reviewer’s name."));
      return FALSE;
    }
  if (roles != KZ_ROLE_NONE && (roles & (KZ_ROLE_REVIEWER | KZ_ROLE_MANAGER | KZ_ROLE_ADMIN)) == 0)
    {
      g_autofree char *message = g_strdup_printf (_("%s is not a reviewer: choose a reviewer in the header bar to review."),
                                                  kz_person_picker_get_person_name (self->person_picker));
      toast (self, message);
      return FALSE;
    }
  return TRUE;
}

/* The person's blind scoring of one interaction of a calibration session:
 * (session, interaction, rubric id, version). */
static void
calibrate_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  KzWindow *self = KZ_WINDOW (widget);
  gint64 session_id = 0;
  gint64 interaction_id = 0;
  const char *rubric_id = NULL;
  gint32 version = 0;

  if (self->store == NULL || !check_reviewer (self))
    return;
  g_variant_get (parameter, "(xx&si)", &session_id, &interaction_id, &rubric_id, &version);

  close_review (self);
  g_free (self->review_parent);
  self->review_parent = g_strdup ("calibration");
  self->workspace = kz_review_workspace_new_calibration (self->store, session_id, interaction_id,
                                                         kz_person_picker_get_person_id (self->person_picker),
                                                         rubric_id, version);
  g_signal_connect_object (self->workspace, "submitted", G_CALLBACK (on_review_submitted), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->workspace, "notify::loaded", G_CALLBACK (on_review_title), self, G_CONNECT_SWAPPED);
  adw_bin_set_child (self->review_bin, GTK_WIDGET (self->workspace));
  show_page (self, "review");
}

static void
show_rubric_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  KzWindow *self = KZ_WINDOW (widget);
  const char *id = NULL;
  int version = 0;

  g_variant_get (parameter, "(&si)", &id, &version);
  kz_rubric_view_load (self->rubric_view, id, version);
  show_page (self, "rubric");
}

static void
show_idea_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  KzWindow *self = KZ_WINDOW (widget);

  kz_idea_view_load (self->idea_view, g_variant_get_string (parameter, NULL));
  show_page (self, "idea");
}

static void
on_gap_agent_activated (KzWindow   *self,
                        gint64      agent_id,
                        const char *criterion_id,
                        KzGapsPage *page)
{
  kz_agent_gap_page_load (self->agent_gap_page, agent_id, kz_gaps_page_get_rubric_id (page),
                          kz_gaps_page_get_from (page), kz_gaps_page_get_to (page), criterion_id);
  show_page (self, "agent-gap");
}

static void
on_plan_saved (KzWindow       *self,
               gint64          plan_id,
               KzAgentGapPage *page)
{
  toast (self, _("Coaching session planned"));
  kz_plans_page_reload (self->plans_page);
}

static void
on_idea_changed (KzWindow *self)
{
  kz_ideas_page_reload (self->ideas_page);
}

static void
on_round_answered (KzWindow    *self,
                   gint64       round_id,
                   KzPulsePage *page)
{
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));

  /* Its notification has done its job. */
  if (self->notifier != NULL && application != NULL &&
      g_application_get_is_registered (G_APPLICATION (application)))
    {
      g_autofree char *id = kz_voice_notifier_notification_id (self->notifier, round_id);

      g_application_withdraw_notification (G_APPLICATION (application), id);
    }
}

/* Who the voice pages are for: the person's own rounds and votes, and the
 * managers' pages. */
static void
on_person_changed (KzWindow *self)
{
  gint64 person_id = kz_person_picker_get_person_id (self->person_picker);
  KzRoles roles = kz_person_picker_get_person_roles (self->person_picker);
  /* A team server's administrator login is no person: the server decides
   * what it may read. */
  gboolean admin_login = kz_person_picker_get_login_mode (self->person_picker) && person_id == 0;

  kz_pulse_page_set_person_id (self->pulse_page, person_id);
  /* "My quality" is an agent's own page. */
  kz_my_quality_page_set_person_id (self->my_quality_page, (roles & KZ_ROLE_AGENT) != 0 ? person_id : 0);
  gtk_widget_set_visible (GTK_WIDGET (self->my_quality_row), person_id != 0 && (roles & KZ_ROLE_AGENT) != 0);
  kz_ideas_page_set_person_id (self->ideas_page, person_id);
  kz_idea_view_set_person (self->idea_view, person_id, admin_login ? KZ_ROLE_ADMIN : roles);
  kz_survey_results_page_set_allowed (self->results_page,
                                      admin_login || (roles & (KZ_ROLE_MANAGER | KZ_ROLE_ADMIN)) != 0);
  kz_calibration_page_set_person (self->calibration_page, person_id, admin_login ? KZ_ROLE_ADMIN : roles);
  kz_disputes_page_set_person (self->disputes_page, person_id, admin_login ? KZ_ROLE_ADMIN : roles);
  /* Calibration and disputes are reviewers' and managers' work; an agent
   * answers back from their own page.  Roles unknown yet (no person, or
   * people still loading): shown. */
  {
    gboolean lead = admin_login || roles == KZ_ROLE_NONE ||
                    (roles & (KZ_ROLE_REVIEWER | KZ_ROLE_MANAGER | KZ_ROLE_ADMIN)) != 0;

    gtk_widget_set_visible (GTK_WIDGET (self->calibration_row), lead);
    gtk_widget_set_visible (GTK_WIDGET (self->dashboard_row), lead);
    gtk_widget_set_visible (GTK_WIDGET (self->disputes_row), lead);
  }
  /* Gaps, plans and the criterion and reviewer dashboards are managers'
   * pages (and the coaches they plan with); roles unknown: shown. */
  {
    gboolean manager = admin_login || roles == KZ_ROLE_NONE || (roles & (KZ_ROLE_MANAGER | KZ_ROLE_ADMIN)) != 0;

    gtk_widget_set_visible (GTK_WIDGET (self->gaps_row), manager);
    gtk_widget_set_visible (GTK_WIDGET (self->plans_row), manager);
    gtk_widget_set_visible (GTK_WIDGET (self->criterion_dashboard_row), manager);
    gtk_widget_set_visible (GTK_WIDGET (self->reviewer_dashboard_row), manager);
    gtk_list_box_invalidate_headers (self->sidebar_list);
    kz_agent_gap_page_set_person_id (self->agent_gap_page, person_id);
    kz_plans_page_set_person_id (self->plans_page, person_id);
  }
  if (self->notifier != NULL)
    kz_voice_notifier_set_person_id (self->notifier, person_id);
}

/* Small headings over the sidebar's groups of pages: a row whose group
 * differs from the nearest visible row above it starts one (rows hide by
 * role, so a group's first visible row carries its heading). */
static const char *
sidebar_group (GtkWidget *row)
{
  static const struct { const char *page; const char *group; } groups[] = {
    { "queue", N_("Review") }, { "interactions", N_("Review") }, { "coverage", N_("Review") },
    { "evaluations", N_("Review") }, { "calibration", N_("Review") }, { "disputes", N_("Review") },
    { "my-quality", N_("You") },
    { "dashboard", N_("Reports") }, { "criterion-dashboard", N_("Reports") }, { "reviewer-dashboard", N_("Reports") },
    { "gaps", N_("Coaching") }, { "plans", N_("Coaching") }, { "calendar", N_("Coaching") },
    { "impact", N_("Coaching") },
    { "pulse", N_("Voice") }, { "survey-results", N_("Voice") }, { "ideas", N_("Voice") },
    { "rubrics", N_("Library") },
  };
  const char *name = gtk_widget_get_name (row);

  for (guint i = 0; i < G_N_ELEMENTS (groups); i++)
    if (g_strcmp0 (name, groups[i].page) == 0)
      return groups[i].group;
  return NULL;
}

static void
sidebar_header (GtkListBoxRow *row,
                GtkListBoxRow *before,
                gpointer       user_data)
{
  const char *group = sidebar_group (GTK_WIDGET (row));
  const char *heading = NULL;
  GtkWidget *above = gtk_widget_get_prev_sibling (GTK_WIDGET (row));
  GtkWidget *label;

  while (above != NULL && !gtk_widget_get_visible (above))
    above = gtk_widget_get_prev_sibling (above);
  if (group != NULL && (above == NULL || g_strcmp0 (sidebar_group (above), group) != 0))
    heading = _(group);

  if (heading == NULL)
    {
      gtk_list_box_row_set_header (row, NULL);
      return;
    }
  label = gtk_list_box_row_get_header (row);
  if (label != NULL && g_strcmp0 (gtk_label_get_text (GTK_LABEL (label)), heading) == 0)
    return;
  label = gtk_label_new (heading);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "kz-sidebar-heading");
  gtk_widget_add_css_class (label, "caption-heading");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_LABEL, heading, -1);
  gtk_list_box_row_set_header (row, label);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  KzWindow *self = KZ_WINDOW (widget);
  const char *page = kz_window_get_visible_page (self);

  if (is_detail (page))
    show_page (self, parent_of (self, page));
  else if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  KzWindow *self = KZ_WINDOW (widget);
  const char *page = kz_window_get_visible_page (self);

  /* A load that fails again shows the banner again. */
  gtk_revealer_set_reveal_child (self->banner_revealer, FALSE);

  kz_evaluations_page_reload (self->evaluations_page);
  kz_rubric_library_reload (self->rubric_library);
  kz_person_picker_reload (self->person_picker);
  kz_interactions_page_reload (self->queue_page);
  kz_interactions_page_reload (self->interactions_page);
  kz_coverage_page_reload (self->coverage_page);
  kz_pulse_page_reload (self->pulse_page);
  kz_survey_results_page_reload (self->results_page);
  kz_ideas_page_reload (self->ideas_page);
  kz_my_quality_page_reload (self->my_quality_page);
  kz_calibration_page_reload (self->calibration_page);
  kz_calendar_page_reload (self->calendar_page);
  kz_impact_page_reload (self->impact_page);
  kz_disputes_page_reload (self->disputes_page);
  kz_gaps_page_reload (self->gaps_page);
  kz_plans_page_reload (self->plans_page);
  if (self->notifier != NULL)
    kz_voice_notifier_check (self->notifier);

  if (g_strcmp0 (page, "idea") == 0 && kz_idea_view_get_idea_id (self->idea_view) != NULL)
    kz_idea_view_load (self->idea_view, kz_idea_view_get_idea_id (self->idea_view));
  if (g_strcmp0 (page, "evaluation") == 0)
    kz_evaluation_view_load (self->evaluation_view,
                             kz_evaluation_view_get_evaluation_id (self->evaluation_view));
}

static void
show_import_error (KzWindow     *self,
                   const GError *error)
{
  gtk_window_present (GTK_WINDOW (kz_message_dialog_new (GTK_WINDOW (self), _("Could Not Import Rubric"),
                                                        error->message)));
}

static void
import_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  KzWindow *self = KZ_WINDOW (object);
  g_autoptr(KzRubric) rubric = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  gboolean added = FALSE;

  rubric = kz_rubric_import_finish (result, &added, &error);

  self->n_imports--;
  if (self->n_imports == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IMPORTING]);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (rubric == NULL)
    {
      show_import_error (self, error);
      return;
    }

  if (added)
    /* Translators: a toast: rubric title and version */
    message = g_strdup_printf (_("Imported “%s”, version %d"),
                               kz_rubric_get_title (rubric), kz_rubric_get_version (rubric));
  else
    /* Translators: a toast: rubric title and version */
    message = g_strdup_printf (_("“%s”, version %d, is already in the library"),
                               kz_rubric_get_title (rubric), kz_rubric_get_version (rubric));
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));

  kz_rubric_library_reload (self->rubric_library);
  kz_rubric_view_set_rubric (self->rubric_view, rubric);
  show_page (self, "rubric");
}

void
kz_window_import_rubric_file (KzWindow *self,
                              GFile    *file)
{
  g_return_if_fail (KZ_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (self->store != NULL);

  if (self->n_imports++ == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IMPORTING]);

  kz_rubric_import_async (self->store, file, self, self->cancellable, import_cb, NULL);
}

gboolean
kz_window_get_importing (KzWindow *self)
{
  g_return_val_if_fail (KZ_IS_WINDOW (self), FALSE);
  return self->n_imports > 0;
}

static void
on_chooser_response (KzWindow             *self,
                     int                   response,
                     GtkFileChooserNative *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        kz_window_import_rubric_file (self, file);
    }

  g_clear_object (&self->chooser);
}

static void
import_rubric_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  KzWindow *self = KZ_WINDOW (widget);
  g_autoptr(GtkFileFilter) xml_filter = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all_filter = gtk_file_filter_new ();

  if (self->chooser != NULL)
    return;

  gtk_file_filter_set_name (xml_filter, _("Rubrics (*.xml)"));
  gtk_file_filter_add_pattern (xml_filter, "*.xml");
  gtk_file_filter_add_pattern (xml_filter, "*.XML");
  gtk_file_filter_set_name (all_filter, _("All Files"));
  gtk_file_filter_add_pattern (all_filter, "*");

  self->chooser = gtk_file_chooser_native_new (_("Import Rubric"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_OPEN,
                                               _("_Import"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), xml_filter);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), all_filter);
  gtk_file_chooser_set_filter (GTK_FILE_CHOOSER (self->chooser), xml_filter);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (on_chooser_response),
                           self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* ---- email import ---------------------------------------------------------- */

static void
mail_imported (guint    stored,
               gpointer user_data)
{
  GWeakRef *ref = user_data;
  g_autoptr(KzWindow) self = g_weak_ref_get (ref);

  g_weak_ref_clear (ref);
  g_free (ref);
  /* A window closed meanwhile cancelled the import as it went. */
  if (self == NULL)
    return;
  self->n_mail_imports--;
  update_actions (self);
  if (--self->n_imports == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IMPORTING]);
  if (stored > 0)
    {
      kz_interactions_page_reload (self->interactions_page);
      kz_interactions_page_reload (self->queue_page);
    }
}

void
kz_window_import_mail (KzWindow           *self,
                       const char * const *paths,
                       KzMailFormat        format)
{
  GWeakRef *ref;

  g_return_if_fail (KZ_IS_WINDOW (self));
  g_return_if_fail (paths != NULL && paths[0] != NULL);
  g_return_if_fail (self->store != NULL);

  if (self->n_imports++ == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IMPORTING]);
  self->n_mail_imports++;
  update_actions (self);
  /* Not a reference: closing the window disposes it, which cancels the
   * import through self->cancellable. */
  ref = g_new0 (GWeakRef, 1);
  g_weak_ref_init (ref, self);
  kz_mail_import_run (GTK_WINDOW (self), self->store, paths, format, self->cancellable, mail_imported, ref);
}

static void
on_mail_chooser_response (KzWindow             *self,
                          int                   response,
                          GtkFileChooserNative *chooser)
{
  gboolean folder = gtk_file_chooser_get_action (GTK_FILE_CHOOSER (chooser)) == GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));
      g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
      guint n_remote = 0;

      for (guint i = 0; i < g_list_model_get_n_items (files); i++)
        {
          g_autoptr(GFile) file = g_list_model_get_item (files, i);
          char *path = g_file_get_path (file);

          if (path != NULL)
            g_ptr_array_add (paths, path);
          else
            n_remote++;
        }
      if (n_remote > 0)
        toast (self, _("Only files on this computer can be imported"));
      if (paths->len > 0)
        {
          g_ptr_array_add (paths, NULL);
          kz_window_import_mail (self, (const char * const *) paths->pdata,
                                 folder ? KZ_MAIL_FORMAT_MAILDIR : KZ_MAIL_FORMAT_AUTO);
        }
    }
  g_clear_object (&self->mail_chooser);
}

static void
import_mail_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  KzWindow *self = KZ_WINDOW (widget);
  gboolean folder = g_str_equal (action_name, "win.import-maildir");

  if (self->mail_chooser != NULL)
    return;
  self->mail_chooser = gtk_file_chooser_native_new (folder ? _("Import a Maildir Folder") : _("Import Email Files"),
                                                    GTK_WINDOW (self),
                                                    folder ? GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER
                                                           : GTK_FILE_CHOOSER_ACTION_OPEN,
                                                    _("_Import"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->mail_chooser), TRUE);
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (self->mail_chooser), !folder);
  if (!folder)
    {
      g_autoptr(GtkFileFilter) mail = gtk_file_filter_new ();
      g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

      gtk_file_filter_set_name (mail, _("Mail (mbox, .eml)"));
      gtk_file_filter_add_mime_type (mail, "application/mbox");
      gtk_file_filter_add_mime_type (mail, "message/rfc822");
      gtk_file_filter_add_pattern (mail, "*.mbox");
      gtk_file_filter_add_pattern (mail, "*.eml");
      gtk_file_filter_set_name (all, _("All Files"));
      gtk_file_filter_add_pattern (all, "*");
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->mail_chooser), mail);
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->mail_chooser), all);
    }
  g_signal_connect_object (self->mail_chooser, "response", G_CALLBACK (on_mail_chooser_response),
                           self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->mail_chooser));
}

/* ---- sampling ------------------------------------------------------------ */

static void
on_sampled (KzWindow       *self,
            const char     *summary,
            KzSampleDialog *dialog)
{
  toast (self, summary);
  /* The queues changed; a single file announces nothing by itself. */
  kz_interactions_page_reload (self->queue_page);
  kz_interactions_page_reload (self->interactions_page);
  kz_coverage_page_reload (self->coverage_page);
}

static void
on_sample_dialog_destroy (KzWindow *self)
{
  self->sample_dialog = NULL;
}

static void
sample_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KzWindow *self = KZ_WINDOW (widget);

  if (self->store == NULL)
    return;
  /* One at a time: a second press brings back the one open (or still
   * writing its sample). */
  if (self->sample_dialog == NULL)
    {
      self->sample_dialog = kz_sample_dialog_new (GTK_WINDOW (self), self->store);
      g_signal_connect_object (self->sample_dialog, "sampled", G_CALLBACK (on_sampled), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->sample_dialog, "destroy", G_CALLBACK (on_sample_dialog_destroy), self,
                               G_CONNECT_SWAPPED);
    }
  gtk_window_present (GTK_WINDOW (self->sample_dialog));
}

static void
connection_lost_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  KzWindow *self = KZ_WINDOW (widget);

  gtk_label_set_text (self->banner_label, g_variant_get_string (parameter, NULL));
  gtk_revealer_set_reveal_child (self->banner_revealer, TRUE);
}

gboolean
kz_window_get_connection_lost (KzWindow *self)
{
  g_return_val_if_fail (KZ_IS_WINDOW (self), FALSE);
  return gtk_revealer_get_reveal_child (self->banner_revealer);
}

static gboolean
flush_changes (gpointer data)
{
  KzWindow *self = data;
  Changes changes = self->pending_changes;

  self->changes_source = 0;
  self->pending_changes = 0;

  if (changes != 0)
    gtk_revealer_set_reveal_child (self->banner_revealer, FALSE);

  /* The list shows people's and rubrics' names too. */
  if (changes & (CHANGED_EVALUATIONS | CHANGED_PEOPLE | CHANGED_RUBRICS))
    {
      kz_evaluations_page_reload (self->evaluations_page);
      kz_dashboard_page_reload (self->dashboard_page);
      kz_dashboard_page_reload (self->agent_page);
    }
  /* Interaction rows show their agent and whether they were reviewed. */
  if (changes & (CHANGED_INTERACTIONS | CHANGED_EVALUATIONS | CHANGED_PEOPLE))
    {
      kz_interactions_page_reload (self->queue_page);
      kz_interactions_page_reload (self->interactions_page);
      kz_coverage_page_reload (self->coverage_page);
    }
  /* An agent's own list: a reviewer submitted, or resolved a dispute. */
  if (changes & (CHANGED_EVALUATIONS | CHANGED_RUBRICS))
    kz_my_quality_page_reload (self->my_quality_page);
  if (changes & CHANGED_RUBRICS)
    kz_rubric_library_reload (self->rubric_library);
  if (changes & CHANGED_PEOPLE)
    kz_person_picker_reload (self->person_picker);
  if (changes & (CHANGED_CALIBRATION | CHANGED_EVALUATIONS | CHANGED_PEOPLE | CHANGED_RUBRICS))
    kz_calibration_page_reload (self->calibration_page);
  if (changes & (CHANGED_DISPUTES | CHANGED_EVALUATIONS | CHANGED_PEOPLE))
    kz_disputes_page_reload (self->disputes_page);
  if (changes & (CHANGED_EVALUATIONS | CHANGED_PEOPLE | CHANGED_RUBRICS | CHANGED_CALIBRATION))
    {
      kz_criterion_page_reload (self->criterion_dashboard_page);
      kz_reviewer_page_reload (self->reviewer_dashboard_page);
    }
  /* Another desk scheduled, marked or cancelled a plan. */
  if (changes & (CHANGED_COACHING | CHANGED_PEOPLE))
    kz_calendar_page_reload (self->calendar_page);
  if (changes & (CHANGED_COACHING | CHANGED_RUBRICS))
    kz_impact_page_reload (self->impact_page);
  if (changes & (CHANGED_EVALUATIONS | CHANGED_PEOPLE | CHANGED_RUBRICS))
    kz_gaps_page_reload (self->gaps_page);
  if (changes & (CHANGED_COACHING | CHANGED_PEOPLE))
    kz_plans_page_reload (self->plans_page);

  return G_SOURCE_REMOVE;
}

static void
on_store_changed (KzWindow   *self,
                  const char *what,
                  KzStore    *store)
{
  if (g_strcmp0 (what, "evaluations") == 0)
    self->pending_changes |= CHANGED_EVALUATIONS;
  else if (g_strcmp0 (what, "rubrics") == 0)
    self->pending_changes |= CHANGED_RUBRICS;
  else if (g_strcmp0 (what, "people") == 0 || g_strcmp0 (what, "units") == 0)
    self->pending_changes |= CHANGED_PEOPLE;
  else if (g_strcmp0 (what, "interactions") == 0)
    self->pending_changes |= CHANGED_INTERACTIONS;
  else if (g_strcmp0 (what, "calibration_sessions") == 0)
    self->pending_changes |= CHANGED_CALIBRATION;
  else if (g_strcmp0 (what, "disputes") == 0 || g_strcmp0 (what, "acknowledgements") == 0)
    self->pending_changes |= CHANGED_DISPUTES;
  else if (g_strcmp0 (what, "plans") == 0 || g_strcmp0 (what, "catalog_items") == 0 ||
           g_strcmp0 (what, "proposals") == 0)
    self->pending_changes |= CHANGED_COACHING;
  else
    return;

  if (self->changes_source == 0)
    self->changes_source = g_timeout_add (CHANGES_DELAY_MS, flush_changes, self);
}

/* Pulse rounds opening, told by the desktop: the application sends, so
 * only a window that has one (it is set after the window is constructed)
 * and a store. */
static void
ensure_notifier (KzWindow *self)
{
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));

  if (self->notifier != NULL || application == NULL || self->store == NULL)
    return;
  self->notifier = kz_voice_notifier_new (G_APPLICATION (application), self->store);
  kz_voice_notifier_set_person_id (self->notifier, kz_person_picker_get_person_id (self->person_picker));
  if (!kz_voice_notifier_get_checking (self->notifier))
    kz_voice_notifier_check (self->notifier);
}

static void
attach_store (KzWindow *self,
              KzStore  *store)
{
  g_assert (self->store == NULL || self->store == store);

  g_set_object (&self->store, store);

  kz_person_picker_set_store (self->person_picker, self->store);
  kz_interactions_page_set_store (self->queue_page, self->store);
  kz_interactions_page_set_store (self->interactions_page, self->store);
  kz_coverage_page_set_store (self->coverage_page, self->store);
  kz_criterion_page_set_store (self->criterion_dashboard_page, self->store);
  kz_reviewer_page_set_store (self->reviewer_dashboard_page, self->store);
  kz_dashboard_page_set_store (self->dashboard_page, self->store);
  kz_dashboard_page_set_store (self->agent_page, self->store);
  kz_evaluations_page_set_store (self->evaluations_page, self->store);
  kz_evaluation_view_set_store (self->evaluation_view, self->store);
  kz_rubric_library_set_store (self->rubric_library, self->store);
  kz_rubric_view_set_store (self->rubric_view, self->store);
  kz_pulse_page_set_store (self->pulse_page, self->store);
  kz_my_quality_page_set_store (self->my_quality_page, self->store);
  kz_survey_results_page_set_store (self->results_page, self->store);
  kz_ideas_page_set_store (self->ideas_page, self->store);
  kz_calendar_page_set_store (self->calendar_page, self->store);
  kz_impact_page_set_store (self->impact_page, self->store);
  kz_idea_view_set_store (self->idea_view, self->store);
  kz_calibration_page_set_store (self->calibration_page, self->store);
  kz_disputes_page_set_store (self->disputes_page, self->store);
  kz_gaps_page_set_store (self->gaps_page, self->store);
  kz_agent_gap_page_set_store (self->agent_gap_page, self->store);
  kz_plans_page_set_store (self->plans_page, self->store);

  /* Bound after the store is in, so the remembered person shows once the
   * people are loaded.  On a team server the login is the person, and the
   * single-file choice stays as it was. */
  if (!kz_store_is_shared (self->store))
    g_settings_bind (self->settings, "current-person", self->person_picker, "person-id",
                     G_SETTINGS_BIND_DEFAULT);

  g_signal_connect_object (self->store, "changed", G_CALLBACK (on_store_changed),
                           self, G_CONNECT_SWAPPED);

  ensure_notifier (self);
  on_person_changed (self);

  gtk_stack_set_visible_child_name (self->main_stack, "main");
  gtk_spinner_stop (self->connecting_spinner);
  update_header (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

static void
show_connect_error (KzWindow   *self,
                    const char *message)
{
  self->connecting = FALSE;
  adw_status_page_set_description (self->connect_error_page, message);
  gtk_stack_set_visible_child_name (self->main_stack, "error");
  gtk_spinner_stop (self->connecting_spinner);
  update_actions (self);
}

const char *
kz_window_get_connect_error (KzWindow *self)
{
  g_return_val_if_fail (KZ_IS_WINDOW (self), NULL);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "error") != 0)
    return NULL;
  return adw_status_page_get_description (self->connect_error_page);
}

gboolean
kz_window_get_connecting (KzWindow *self)
{
  g_return_val_if_fail (KZ_IS_WINDOW (self), FALSE);
  return self->connecting;
}

static void ask_password (KzWindow *self, const char *problem);

static void
keyring_store_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(KzWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (kz_keyring_store_finish (result, &error) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* Translators: a toast; %s is the keyring's reason */
  message = g_strdup_printf (_("The password could not be kept: %s. Kaizen will ask for it next time."),
                             error->message);
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

static void
open_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(KzWindow) self = user_data;
  g_autoptr(KzStore) store = NULL;
  g_autoptr(GError) error = NULL;

  store = kz_store_job_open_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (store == NULL)
    {
      /* The keyring had no password (and the server wants one), or the one
       * kept or typed was refused: ask. */
      if (g_error_matches (error, KZ_ERROR, KZ_ERROR_PERMISSION) &&
          kz_store_location_is_server (self->location))
        {
          g_clear_pointer (&self->password, g_free);
          ask_password (self, self->password_source == PASSWORD_NONE ? NULL : error->message);
          return;
        }

      show_connect_error (self, error->message);
      return;
    }

  self->connecting = FALSE;
  if (self->password_source == PASSWORD_USER && self->password != NULL)
    kz_keyring_store_async (self->location, self->password, self->cancellable,
                            keyring_store_cb, g_object_ref (self));

  attach_store (self, store);
}

static void
open_location (KzWindow       *self,
               const char     *password,
               PasswordSource  source)
{
  self->password_source = source;
  kz_store_job_open_async (self->location, password, self->connect_cancellable,
                           open_cb, g_object_ref (self));
}

static void
on_password_response (KzWindow         *self,
                      const char       *response,
                      AdwMessageDialog *dialog)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "entry");
  const char *problem = g_object_get_data (G_OBJECT (dialog), "problem");

  if (self->password_dialog == GTK_WIDGET (dialog))
    self->password_dialog = NULL;

  /* GTK 4.8's GtkPasswordEntry, destroyed while its text has the focus,
   * runs a focus handler on itself after it is gone. */
  gtk_window_set_focus (GTK_WINDOW (dialog), NULL);

  if (g_strcmp0 (response, "connect") == 0)
    {
      g_free (self->password);
      self->password = g_strdup (gtk_editable_get_text (entry));
      open_location (self, self->password, PASSWORD_USER);
      return;
    }

  show_connect_error (self, problem != NULL ? problem
                                            : _("The team server needs this login’s password."));
}

static void
ask_password (KzWindow   *self,
              const char *problem)
{
  g_autofree char *host = NULL;
  g_autofree char *dbname = NULL;
  g_autofree char *user = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;
  GtkWidget *entry;

  kz_store_parse_server_uri (self->location, &host, NULL, &dbname, &user);
  if (user != NULL)
    /* Translators: login name, database, server */
    body = g_strdup_printf (_("Enter the password of “%s” for the database %s on %s."), user, dbname, host);
  else
    /* Translators: database, server */
    body = g_strdup_printf (_("Enter the password for the database %s on %s."), dbname, host);
  if (problem != NULL)
    {
      char *with_problem = g_strconcat (body, "\n\n", problem, NULL);

      g_free (body);
      body = with_problem;
    }

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Team Server Password"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "connect", _("C_onnect"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "connect",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "connect");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  entry = gtk_password_entry_new ();
  gtk_password_entry_set_show_peek_icon (GTK_PASSWORD_ENTRY (entry), TRUE);
  g_object_set (entry, "activates-default", TRUE, NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Password"),
                                  -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);

  g_object_set_data (G_OBJECT (dialog), "entry", entry);
  g_object_set_data_full (G_OBJECT (dialog), "problem", g_strdup (problem), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_password_response),
                           self, G_CONNECT_SWAPPED);

  self->password_dialog = dialog;
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

GtkWindow *
kz_window_get_password_dialog (KzWindow *self)
{
  g_return_val_if_fail (KZ_IS_WINDOW (self), NULL);
  return self->password_dialog != NULL ? GTK_WINDOW (self->password_dialog) : NULL;
}

static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(KzWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *password = NULL;

  password = kz_keyring_lookup_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* No keyring is no reason to give up: the server may need no password,
   * and otherwise Kaizen asks for it. */
  if (error != NULL)
    g_debug ("%s", error->message);

  open_location (self, password, password != NULL ? PASSWORD_KEYRING : PASSWORD_NONE);
  if (password != NULL)
    memset (password, 0, strlen (password));
}

static void
start_connecting (KzWindow *self)
{
  g_assert (self->location != NULL);
  g_assert (self->store == NULL);

  g_cancellable_cancel (self->connect_cancellable);
  g_clear_object (&self->connect_cancellable);
  self->connect_cancellable = g_cancellable_new ();

  self->connecting = TRUE;
  gtk_stack_set_visible_child_name (self->main_stack, "connecting");
  gtk_spinner_start (self->connecting_spinner);
  update_actions (self);

  if (!kz_store_location_is_server (self->location))
    open_location (self, NULL, PASSWORD_NONE);
  else if (self->password != NULL)
    open_location (self, self->password, PASSWORD_USER);
  else
    kz_keyring_lookup_async (self->location, self->connect_cancellable, lookup_cb, g_object_ref (self));
}

static void
retry_connect_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  KzWindow *self = KZ_WINDOW (widget);

  if (self->store != NULL || self->connecting)
    return;

  start_connecting (self);
}

const char *
kz_window_get_location (KzWindow *self)
{
  g_return_val_if_fail (KZ_IS_WINDOW (self), NULL);
  return self->location;
}

KzStore *
kz_window_get_store (KzWindow *self)
{
  g_return_val_if_fail (KZ_IS_WINDOW (self), NULL);
  return self->store;
}

static void
kz_window_constructed (GObject *object)
{
  KzWindow *self = KZ_WINDOW (object);

  G_OBJECT_CLASS (kz_window_parent_class)->constructed (object);

  g_return_if_fail (self->store != NULL || self->location != NULL);

  if (self->store != NULL)
    attach_store (self, self->store);
  else
    start_connecting (self);
}

static void
kz_window_dispose (GObject *object)
{
  KzWindow *self = KZ_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_cancellable_cancel (self->connect_cancellable);
  g_clear_object (&self->connect_cancellable);
  g_cancellable_cancel (self->review_cancellable);
  g_clear_object (&self->review_cancellable);
  g_clear_handle_id (&self->changes_source, g_source_remove);
  g_clear_object (&self->notifier);
  /* Before the template goes: the workspace saves what is unsaved. */
  if (self->workspace != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->workspace, self);
      self->workspace = NULL;
      adw_bin_set_child (self->review_bin, NULL);
    }
  if (self->password_dialog != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->password_dialog, self);
      gtk_window_set_focus (GTK_WINDOW (self->password_dialog), NULL);
      gtk_window_destroy (GTK_WINDOW (self->password_dialog));
      self->password_dialog = NULL;
    }
  if (self->sample_dialog != NULL)
    {
      GtkWindow *dialog = GTK_WINDOW (self->sample_dialog);

      /* A sample still being written is stored all the same. */
      g_signal_handlers_disconnect_by_data (dialog, self);
      self->sample_dialog = NULL;
      gtk_window_destroy (dialog);
    }
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  if (self->mail_chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->mail_chooser));
  g_clear_object (&self->mail_chooser);

  /* The content is a template child: let the window drop it first, or both
   * would unparent it. */
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), KZ_TYPE_WINDOW);

  g_clear_object (&self->settings);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (kz_window_parent_class)->dispose (object);
}

static void
kz_window_finalize (GObject *object)
{
  KzWindow *self = KZ_WINDOW (object);

  g_free (self->location);
  g_free (self->review_parent);
  g_free (self->evaluation_parent);
  if (self->password != NULL)
    memset (self->password, 0, strlen (self->password));
  g_free (self->password);

  G_OBJECT_CLASS (kz_window_parent_class)->finalize (object);
}

static void
kz_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  KzWindow *self = KZ_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_LOCATION:
      g_value_set_string (value, self->location);
      break;
    case PROP_IMPORTING:
      g_value_set_boolean (value, self->n_imports > 0);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kz_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  KzWindow *self = KZ_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_LOCATION:
      self->location = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kz_window_class_init (KzWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = kz_window_constructed;
  object_class->dispose = kz_window_dispose;
  object_class->finalize = kz_window_finalize;
  object_class->get_property = kz_window_get_property;
  object_class->set_property = kz_window_set_property;

  /* NULL until a window made for a location has connected. */
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, KZ_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS);
  properties[PROP_LOCATION] =
    g_param_spec_string ("location", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_IMPORTING] =
    g_param_spec_boolean ("importing", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (KZ_TYPE_PERSON_PICKER);
  g_type_ensure (KZ_TYPE_EVALUATIONS_PAGE);
  g_type_ensure (KZ_TYPE_INTERACTIONS_PAGE);
  g_type_ensure (KZ_TYPE_COVERAGE_PAGE);
  g_type_ensure (KZ_TYPE_CRITERION_PAGE);
  g_type_ensure (KZ_TYPE_REVIEWER_PAGE);
  g_type_ensure (KZ_TYPE_DASHBOARD_PAGE);
  g_type_ensure (KZ_TYPE_EVALUATION_VIEW);
  g_type_ensure (KZ_TYPE_RUBRIC_LIBRARY);
  g_type_ensure (KZ_TYPE_RUBRIC_VIEW);
  g_type_ensure (KZ_TYPE_PULSE_PAGE);
  g_type_ensure (KZ_TYPE_CALENDAR_PAGE);
  g_type_ensure (KZ_TYPE_IMPACT_PAGE);
  g_type_ensure (KZ_TYPE_MY_QUALITY_PAGE);
  g_type_ensure (KZ_TYPE_SURVEY_RESULTS_PAGE);
  g_type_ensure (KZ_TYPE_IDEAS_PAGE);
  g_type_ensure (KZ_TYPE_IDEA_VIEW);
  g_type_ensure (KZ_TYPE_CALIBRATION_PAGE);
  g_type_ensure (KZ_TYPE_GAPS_PAGE);
  g_type_ensure (KZ_TYPE_AGENT_GAP_PAGE);
  g_type_ensure (KZ_TYPE_PLANS_PAGE);
  g_type_ensure (KZ_TYPE_DISPUTES_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/KaizenQA/Kaizen/kz-window.ui");
  gtk_widget_class_bind_template_child (widget_class, KzWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, KzWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, KzWindow, connecting_spinner);
  gtk_widget_class_bind_template_child (widget_class, KzWindow, connect_error_page);
  gtk_widget_class_bind_template_child (widget_class, KzWindow, banner_revealer);
  gtk_widget_class_bind_template_child (widget_class, KzWindow, banner_label);
  gtk_widget_class_bind_template_child (widget_class, KzWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, KzWindow, sidebar_pane);
  gtk_widget_class_bind_template_child (widget_class, KzWindow, content_pane);
  gtk_widget_class_bind_template_child (widget_class, KzWindow, sidebar_list);
  gtk_widget_class_bind_template_child (widget_class, KzWindow, queue_row);
  gtk_widget_class_bind_template_child (widget_class, KzWindow, interactions_row);
  gtk_widget_class_bind_template_child (widget_class, KzWindow, coverage_row);
  gtk_widget_class_bind_template_child (widget_class, KzWindow, criterion_dashboard_row);
  gtk_widget_class_bind_template_child (widget_class, KzWindow, reviewer_dashboard_row);
  gtk_widget_class_bind_template_child (widget_class, KzWindow, dashboard_row);
  gtk_widget_class_bind_template_child (widget_class, KzWindow, dashboard_page);
  gtk_widget_class_bind_template_child (widget_class, KzWindow, agent_page);
  gtk_widget_class_bind_template_callback (widget_class, on_open_agent);
  gtk_widget_class_bind_template_child (widget_class, KzWindow, queue_count);
  gtk_widget_class_bind_template_child (widget_class, KzWindow, queue_page);
  gtk_widget_class_bind_template_child (widget_class, KzWindow, interactions_page);
  gtk_widget_class_bind_template_child (widget_class, KzWindow, coverage_page);
  gtk_widget_class_bind_template_child (widget_class, KzWindow, criterion_dashboard_page);
  gtk_widget_class_bind_template_child (widget_class, KzWindow, reviewer_dashboard_page);
  gtk_widget_class_bind_template_child (widget_class, KzWindow, review_bin);
  gtk_widget_class_bind_template_child (widget_class, KzWindow, evaluations_row);
  gtk_widget_class_bind_template_child (widget_class, KzWindow, calibration_row);
  gtk_widget_class_bind_template_child (widget_class, KzWindow, disputes_row);
  gtk_widget_class_bind_template_child (widget_class, KzWindow, disputes_count);
  gtk_widget_class_bind_template_child (widget_class, KzWindow, calibration_page);
  gtk_widget_class_bind_template_child (widget_class, KzWindow, disputes_page);
  gtk_widget_class_bind_template_child (widget_class, KzWindow, gaps_row);
  gtk_widget_class_bind_template_child (widget_class, KzWindow, plans_row);
  gtk_widget_class_bind_template_child (widget_class, KzWindow, gaps_page);
  gtk_widget_class_bind_template_child (widget_class, KzWindow, agent_gap_page);
  gtk_widget_class_bind_template_child (widget_class, KzWindow, plans_page);
  gtk_widget_class_bind_template_child (widget_class, KzWindow, rubrics_row);
  gtk_widget_class_bind_template_child (widget_class, KzWindow, pulse_row);
  gtk_widget_class_bind_template_child (widget_class, KzWindow, my_quality_row);
  gtk_widget_class_bind_template_child (widget_class, KzWindow, results_row);
  gtk_widget_class_bind_template_child (widget_class, KzWindow, ideas_row);
  gtk_widget_class_bind_template_child (widget_class, KzWindow, calendar_row);
  gtk_widget_class_bind_template_child (widget_class, KzWindow, impact_row);
  gtk_widget_class_bind_template_child (widget_class, KzWindow, calendar_page);
  gtk_widget_class_bind_template_child (widget_class, KzWindow, impact_page);
  gtk_widget_class_bind_template_child (widget_class, KzWindow, pulse_count);
  gtk_widget_class_bind_template_child (widget_class, KzWindow, pulse_page);
  gtk_widget_class_bind_template_child (widget_class, KzWindow, my_quality_page);
  gtk_widget_class_bind_template_child (widget_class, KzWindow, results_page);
  gtk_widget_class_bind_template_child (widget_class, KzWindow, ideas_page);
  gtk_widget_class_bind_template_child (widget_class, KzWindow, idea_view);
  gtk_widget_class_bind_template_child (widget_class, KzWindow, content_title);
  gtk_widget_class_bind_template_child (widget_class, KzWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, KzWindow, import_button);
  gtk_widget_class_bind_template_child (widget_class, KzWindow, sample_button);
  gtk_widget_class_bind_template_child (widget_class, KzWindow, import_mail_button);
  gtk_widget_class_bind_template_child (widget_class, KzWindow, person_picker);
  gtk_widget_class_bind_template_child (widget_class, KzWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, KzWindow, evaluations_page);
  gtk_widget_class_bind_template_child (widget_class, KzWindow, evaluation_view);
  gtk_widget_class_bind_template_child (widget_class, KzWindow, rubric_library);
  gtk_widget_class_bind_template_child (widget_class, KzWindow, rubric_view);
  gtk_widget_class_bind_template_callback (widget_class, on_navigation_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_sidebar_row_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_sidebar_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_gap_agent_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_plan_saved);

  gtk_widget_class_install_action (widget_class, "win.import-rubric", NULL, import_rubric_action);
  gtk_widget_class_install_action (widget_class, "win.import-mail-files", NULL, import_mail_action);
  gtk_widget_class_install_action (widget_class, "win.import-maildir", NULL, import_mail_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.import-rubric", NULL);

  gtk_widget_class_install_action (widget_class, "win.refresh", NULL, refresh_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "win.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "win.refresh", NULL);

  gtk_widget_class_install_action (widget_class, "win.back", NULL, back_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "win.back", NULL);

  gtk_widget_class_install_action (widget_class, "win.show-page", "s", show_page_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_ALT_MASK, "win.show-page", "s", "queue");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_2, GDK_ALT_MASK, "win.show-page", "s", "interactions");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_3, GDK_ALT_MASK, "win.show-page", "s", "evaluations");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_4, GDK_ALT_MASK, "win.show-page", "s", "rubrics");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_5, GDK_ALT_MASK, "win.show-page", "s", "coverage");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_6, GDK_ALT_MASK, "win.show-page", "s", "pulse");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_7, GDK_ALT_MASK, "win.show-page", "s", "survey-results");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_8, GDK_ALT_MASK, "win.show-page", "s", "ideas");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_9, GDK_ALT_MASK, "win.show-page", "s", "calibration");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_ALT_MASK, "win.show-page", "s", "disputes");

  gtk_widget_class_install_action (widget_class, "win.sample", NULL, sample_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.sample", NULL);

  gtk_widget_class_install_action (widget_class, "win.show-evaluation", "x", show_evaluation_action);
  gtk_widget_class_install_action (widget_class, "win.show-calibration-results", "x",
                                   show_calibration_results_action);
  gtk_widget_class_install_action (widget_class, "win.show-agent", "x", show_agent_action);
  gtk_widget_class_install_action (widget_class, "win.retry-connect", NULL, retry_connect_action);
  /* Pages report a team server that went away (the message as parameter). */
  gtk_widget_class_install_action (widget_class, "win.connection-lost", "s", connection_lost_action);
  gtk_widget_class_install_action (widget_class, "win.show-rubric", "(si)", show_rubric_action);
  gtk_widget_class_install_action (widget_class, "win.show-idea", "s", show_idea_action);
  /* Pages ask to review an interaction: (id, channel). */
  gtk_widget_class_install_action (widget_class, "win.review-interaction", "(xi)", review_interaction_action);
  /* The calibration page asks for a blind scoring: (session, interaction, rubric, version). */
  gtk_widget_class_install_action (widget_class, "win.calibrate", "(xxsi)", calibrate_action);
}

static void
kz_window_init (KzWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->settings = g_settings_new (APP_ID);

  g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);

  /* The queue shows whose it is. */
  g_object_bind_property (self->person_picker, "person-id", self->queue_page, "reviewer-id", G_BINDING_SYNC_CREATE);
  /* The voice pages too; roles are known once the people are loaded. */
  g_signal_connect_object (self->person_picker, "notify::person-id", G_CALLBACK (on_person_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->person_picker, "notify::person-name", G_CALLBACK (on_person_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->person_picker, "notify::login-mode", G_CALLBACK (on_person_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->idea_view, "changed", G_CALLBACK (on_idea_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->pulse_page, "answered", G_CALLBACK (on_round_answered), self, G_CONNECT_SWAPPED);
  gtk_list_box_set_header_func (self->sidebar_list, sidebar_header, NULL, NULL);
  g_signal_connect_swapped (self, "notify::application", G_CALLBACK (ensure_notifier), self);

  /* The list shown last time (a reviewer's queue, most days). */
  {
    g_autofree char *last = g_settings_get_string (self->settings, "last-page");

    gtk_list_box_select_row (self->sidebar_list, sidebar_row (self, last));
    gtk_stack_set_visible_child_name (self->content_stack, last);
  }
  /* A window that starts narrow shows the content, not the page list. */
  adw_leaflet_set_visible_child (self->leaflet, self->content_pane);
  update_header (self);
}

KzWindow *
kz_window_new (GtkApplication *application,
               KzStore        *store)
{
  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (KZ_IS_STORE (store), NULL);

  return g_object_new (KZ_TYPE_WINDOW,
                       "application", application,
                       "store", store,
                       NULL);
}

KzWindow *
kz_window_new_for_location (GtkApplication *application,
                            const char     *location)
{
  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (location != NULL, NULL);

  return g_object_new (KZ_TYPE_WINDOW,
                       "application", application,
                       "location", location,
                       NULL);
}
