/* kz-my-quality-page.c — "My quality": what an agent sees of their own
 * evaluations, acknowledges and disputes
 *
 * The list: the agent's submitted evaluations (never calibration ones),
 * newest first, each with its score, pass or fail and whether they have
 * acknowledged or disputed it.  Selecting one shows its breakdown and every
 * criterion's comment (kz-evaluation-display.c's texts); a call comment made
 * at a moment of the recording is a button that opens the call and plays it
 * from there.  Under it, the agent's average per criterion of that rubric,
 * week by week, against the target and their team's (kz-quality-trend.c).
 *
 * Acknowledge and Dispute ask in a small dialog and leave every rule to the
 * store: a dispute after the deadline, or over the rubric's limits, comes
 * back as an error whose message says why, and the page shows it.  All
 * store work runs off the UI thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kz-my-quality-page"

#include "config.h"

#include <glib/gi18n.h>

#include "kz-call-player.h"
#include "kz-chart-frame.h"
#include "kz-error.h"
#include "kz-evaluation-display.h"
#include "kz-my-quality-page.h"
#include "kz-page-defer.h"
#include "kz-quality-trend.h"
#include "kz-score.h"
#include "kz-store-job.h"

struct _KzMyQualityPage
{
  AdwBin               parent_instance;

  KzStore             *store;
  gint64               person_id;
  GPtrArray           *summaries;      /* KzEvaluationSummary* */
  gboolean             loading;
  gboolean             detail_loading;
  GCancellable        *cancellable;
  GCancellable        *detail_cancellable;
  gint64               selected;
  gint64               wanted;         /* select once the list is read again */
  struct _Detail      *detail;
  GPtrArray           *trend_rows;
  GtkWidget           *player;
  gint                 pending_seek_ms;   /* -1: none */
  gulong               seekable_handler;

  GtkStack            *stack;
  GtkSpinner          *spinner;
  AdwStatusPage       *error_page;
  GtkListBox          *list_box;
  GtkScrolledWindow   *detail_scroll;
  GtkWidget           *detail_box;
  GtkLabel            *score_label;
  GtkLabel            *verdict_label;
  GtkLabel            *title_label;
  GtkLabel            *byline_label;
  GtkLabel            *status_label;
  GtkWidget           *acknowledge_button;
  GtkWidget           *dispute_button;
  GtkLabel            *message_label;
  GtkBox              *player_box;
  GtkBox              *sections_box;
  GtkLabel            *breakdown_label;
  AdwPreferencesGroup *trend_group;
};

G_DEFINE_FINAL_TYPE (KzMyQualityPage, kz_my_quality_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_LOADING,
  PROP_N_TO_ACKNOWLEDGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* What the detail shows, read on a worker thread. */
typedef struct _Detail {
  gint64               id;
  KzEvaluationDisplay *display;
  KzRubric            *rubric;
  GDateTime           *deadline;       /* NULL: the rubric allows no disputes */
  int                  max_disputes;
  KzCall              *call;           /* NULL: not a call, or none stored */
  GPtrArray           *trends;         /* KzQualityTrend*; NULL when they could not be read */
  char                *trend_error;
} Detail;

static void
detail_free (Detail *detail)
{
  if (detail == NULL)
    return;
  g_clear_pointer (&detail->display, kz_evaluation_display_free);
  g_clear_pointer (&detail->rubric, kz_rubric_unref);
  g_clear_pointer (&detail->deadline, g_date_time_unref);
  g_clear_pointer (&detail->call, kz_call_free);
  g_clear_pointer (&detail->trends, g_ptr_array_unref);
  g_free (detail->trend_error);
  g_free (detail);
}

static void load_detail (KzMyQualityPage *self, gint64 id);

static const KzEvaluationSummary *
find_summary (KzMyQualityPage *self,
              gint64           id)
{
  for (guint i = 0; self->summaries != NULL && i < self->summaries->len; i++)
    {
      const KzEvaluationSummary *summary = g_ptr_array_index (self->summaries, i);

      if (summary->id == id)
        return summary;
    }
  return NULL;
}

char *
kz_my_quality_status_text (const KzEvaluationSummary *summary)
{
  KzAgentStatus status = kz_evaluation_agent_status (summary);

  /* The agent reads about their own evaluation. */
  if (status == KZ_AGENT_STATUS_CHANGED)
    /* Translators: they acknowledged it, and it changed since (a dispute) */
    return g_strdup (_("Changed since you acknowledged it"));
  return g_strdup (kz_agent_status_to_label (status));
}

static char *
format_day (GDateTime *when)
{
  g_autoptr(GDateTime) local = NULL;

  if (when == NULL)
    return g_strdup ("—");
  local = g_date_time_to_local (when);
  return g_date_time_format (local, "%-d %b %Y");
}

static void
show_message (KzMyQualityPage *self,
              const char      *message)
{
  gtk_label_set_text (self->message_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), message != NULL);
}

/* ---- the list ---------------------------------------------------------------- */

static GtkWidget *
make_list_row (const KzEvaluationSummary *summary)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  g_autofree char *day = format_day (summary->date);
  g_autofree char *title = g_strdup_printf ("%s · %s", day, summary->rubric_title != NULL
                                                           ? summary->rubric_title : summary->rubric_id);
  g_autofree char *status = kz_my_quality_status_text (summary);
  g_autofree char *score = kz_score_format_percent (summary->has_score, summary->final);
  g_autofree char *accessible = NULL;
  const char *verdict = !summary->has_score ? _("No score") : summary->pass ? _("Pass") : _("Fail");
  GtkWidget *label;
  GtkWidget *numbers = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);

  label = gtk_label_new (title);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (text), label);
  label = gtk_label_new (summary->subject != NULL && *summary->subject != '\0' ? summary->subject : "");
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_add_css_class (label, "caption");
  gtk_box_append (GTK_BOX (text), label);
  label = gtk_label_new (status);
  gtk_widget_set_name (label, "status");
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "caption");
  if (summary->dispute_open)
    gtk_widget_add_css_class (label, "warning");
  else if (summary->acknowledged_revision == 0)
    gtk_widget_add_css_class (label, "accent");
  else
    gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (text), label);
  gtk_widget_set_hexpand (text, TRUE);
  gtk_box_append (GTK_BOX (box), text);

  label = gtk_label_new (score);
  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_widget_add_css_class (label, "numeric");
  gtk_widget_add_css_class (label, "heading");
  gtk_box_append (GTK_BOX (numbers), label);
  label = gtk_label_new (verdict);
  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_widget_add_css_class (label, "caption");
  if (summary->has_score)
    gtk_widget_add_css_class (label, summary->pass ? "success" : "error");
  gtk_box_append (GTK_BOX (numbers), label);
  gtk_widget_set_valign (numbers, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), numbers);

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  /* Translators: spoken for a row: "3 Nov 2026 · Phone Support, 92.5, Pass, Acknowledged" */
  accessible = g_strdup_printf (_("%s, %s, %s, %s"), title, score, verdict, status);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  return row;
}

static void
set_loading (KzMyQualityPage *self,
             gboolean         loading)
{
  gtk_spinner_set_spinning (self->spinner, loading);
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
fill_list (KzMyQualityPage *self)
{
  GtkWidget *child;
  GtkListBoxRow *select = NULL;
  gint64 keep = self->wanted != 0 ? self->wanted : self->selected;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list_box))) != NULL)
    gtk_list_box_remove (self->list_box, child);

  for (guint i = 0; i < self->summaries->len; i++)
    {
      const KzEvaluationSummary *summary = g_ptr_array_index (self->summaries, i);
      GtkWidget *row = make_list_row (summary);

      gtk_list_box_append (self->list_box, row);
      if (summary->id == keep || (select == NULL && keep == 0 && i == 0))
        select = GTK_LIST_BOX_ROW (row);
    }
  if (select == NULL && self->summaries->len > 0)
    select = gtk_list_box_get_row_at_index (self->list_box, 0);
  self->wanted = 0;
  self->selected = 0;   /* selecting reloads the detail: its status may have changed */
  gtk_list_box_select_row (self->list_box, select);
}

static gpointer
list_thread (KzStore       *store,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  KzEvaluationFilter filter = { .agent_id = *(gint64 *) data, .submitted_only = TRUE };
  g_autoptr(GPtrArray) all = kz_store_list_evaluations (store, &filter, error);
  GPtrArray *mine;

  if (all == NULL)
    return NULL;
  mine = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_evaluation_summary_free);
  for (guint i = 0; i < all->len; i++)
    {
      KzEvaluationSummary *summary = g_ptr_array_index (all, i);

      /* The store leaves calibration evaluations out; never show one. */
      if (!summary->is_calibration && summary->state == KZ_EVALUATION_SUBMITTED)
        g_ptr_array_add (mine, g_ptr_array_steal_index (all, i--));
    }
  return mine;
}

static void
list_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  KzMyQualityPage *self = KZ_MY_QUALITY_PAGE (object);
  g_autoptr(GError) error = NULL;
  GPtrArray *summaries = kz_store_job_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_loading (self, FALSE);
  if (summaries == NULL)
    {
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      if (g_error_matches (error, KZ_ERROR, KZ_ERROR_CONNECTION))
        gtk_widget_activate_action (GTK_WIDGET (self), "win.connection-lost", "s", error->message);
      return;
    }
  g_clear_pointer (&self->summaries, g_ptr_array_unref);
  self->summaries = summaries;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_TO_ACKNOWLEDGE]);
  if (summaries->len == 0)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }
  gtk_stack_set_visible_child_name (self->stack, "list");
  fill_list (self);
}

void
kz_my_quality_page_reload (KzMyQualityPage *self)
{
  gint64 *data;

  g_return_if_fail (KZ_IS_MY_QUALITY_PAGE (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->store == NULL)
    return;
  /* Hidden, it reads nothing: it loads when it is shown. */
  if (kz_page_defer_until_shown (GTK_WIDGET (self), (KzPageReload) kz_my_quality_page_reload))
    return;
  if (self->person_id == 0)
    {
      set_loading (self, FALSE);
      gtk_stack_set_visible_child_name (self->stack, "no-person");
      return;
    }
  self->cancellable = g_cancellable_new ();
  if (self->summaries == NULL)
    gtk_stack_set_visible_child_name (self->stack, "loading");
  set_loading (self, TRUE);
  data = g_new (gint64, 1);
  *data = self->person_id;
  kz_store_job_run_async (self->store, self, list_thread, data, g_free, (GDestroyNotify) g_ptr_array_unref,
                          self->cancellable, list_done, NULL);
}

/* ---- the detail ---------------------------------------------------------------- */

/* A new player's recording opens in the background: seek once it can. */
static void
seek_when_ready (KzMyQualityPage *self)
{
  GtkMediaStream *stream;

  if (self->player == NULL || self->pending_seek_ms < 0)
    return;
  stream = kz_call_player_get_stream (KZ_CALL_PLAYER (self->player));
  if (!gtk_media_stream_is_seekable (stream))
    {
      if (self->seekable_handler == 0)
        self->seekable_handler = g_signal_connect_swapped (stream, "notify::seekable",
                                                           G_CALLBACK (seek_when_ready), self);
      return;
    }
  kz_call_player_seek_ms (KZ_CALL_PLAYER (self->player), self->pending_seek_ms);
  self->pending_seek_ms = -1;
}

static void
drop_player (KzMyQualityPage *self)
{
  if (self->player == NULL)
    return;
  g_clear_signal_handler (&self->seekable_handler, kz_call_player_get_stream (KZ_CALL_PLAYER (self->player)));
  gtk_box_remove (self->player_box, self->player);
  self->player = NULL;
  self->pending_seek_ms = -1;
}

static void
on_moment_clicked (GtkButton       *button,
                   KzMyQualityPage *self)
{
  int ms = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "ms"));

  if (self->detail == NULL || self->detail->call == NULL)
    return;
  if (self->player == NULL)
    {
      self->player = kz_call_player_new (self->detail->call);
      gtk_box_append (self->player_box, self->player);
      gtk_widget_set_visible (GTK_WIDGET (self->player_box), TRUE);
    }
  self->pending_seek_ms = ms;
  seek_when_ready (self);
  gtk_widget_grab_focus (self->player);
}

static GtkWidget *
make_answer_row (KzMyQualityPage       *self,
                 const KzAnswerDisplay *answer,
                 gboolean               has_call)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *value = gtk_label_new (answer->answer);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), answer->criterion_title);
  if (answer->comment != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), answer->comment);

  if (answer->comment != NULL && answer->comment_at_ms >= 0 && has_call)
    {
      g_autofree char *at = kz_format_ms (answer->comment_at_ms);
      g_autofree char *tooltip = g_strdup_printf (_("Play the call from %s"), at);
      GtkWidget *button = gtk_button_new ();
      GtkWidget *content = adw_button_content_new ();

      adw_button_content_set_icon_name (ADW_BUTTON_CONTENT (content), "media-playback-start-symbolic");
      adw_button_content_set_label (ADW_BUTTON_CONTENT (content), at);
      gtk_button_set_child (GTK_BUTTON (button), content);

      gtk_widget_set_name (button, "moment");
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (button, tooltip);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
      gtk_widget_add_css_class (button, "flat");
      gtk_widget_add_css_class (button, "numeric");
      g_object_set_data (G_OBJECT (button), "ms", GINT_TO_POINTER (answer->comment_at_ms));
      g_signal_connect (button, "clicked", G_CALLBACK (on_moment_clicked), self);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), button);
    }
  if (answer->failed && answer->critical != NULL)
    {
      GtkWidget *badge = gtk_label_new (answer->critical);

      gtk_widget_add_css_class (badge, "kz-badge");
      gtk_widget_add_css_class (badge, "error");
      gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), badge);
    }
  gtk_label_set_xalign (GTK_LABEL (value), 1);
  gtk_widget_set_valign (value, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (value, "kz-answer");
  if (answer->failed)
    gtk_widget_add_css_class (value, "error");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), value);
  return row;
}

static GtkWidget *
make_section_group (KzMyQualityPage        *self,
                    const KzSectionDisplay *section,
                    gboolean                has_call)
{
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *score = gtk_label_new (section->score);
  g_autoptr(GString) description = g_string_new (section->weight);
  g_autofree char *escaped = NULL;

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), section->title);
  if (section->note != NULL)
    g_string_append_printf (description, " · %s", section->note);
  escaped = g_markup_escape_text (description->str, -1);
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), escaped);
  gtk_widget_add_css_class (score, "kz-badge");
  gtk_widget_add_css_class (score, "numeric");
  gtk_widget_add_css_class (score, section->failed ? "error" : "accent");
  gtk_widget_set_valign (score, GTK_ALIGN_CENTER);
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group), score);
  for (guint i = 0; i < section->answers->len; i++)
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                               make_answer_row (self, g_ptr_array_index (section->answers, i), has_call));
  return group;
}

static char *
format_mean (guint  n,
             double mean)
{
  if (n == 0)
    return g_strdup ("—");
  return g_strdup_printf ("%.1f", mean);
}

/* The weeks as a line: the agent's, the team's (when known) and the target;
 * a week without an answer is a gap.  The frame's "Show as Table" gives
 * the same figures as text. */
static GtkWidget *
make_trend_chart (const KzQualityTrend *trend)
{
  g_autofree char *subject = g_strdup_printf (_("weekly average of %s"), trend->title);
  g_autoptr(KzChartData) data = kz_chart_data_new (KZ_CHART_LINE, KZ_CHART_UNIT_SCORE, subject);
  GtkWidget *frame = kz_chart_frame_new (trend->title);
  guint you, team = 0;

  kz_chart_data_set_category_title (data, _("Week"));
  kz_chart_data_set_category_noun (data, _("week"), _("weeks"));
  you = kz_chart_data_add_series (data, _("You"));
  if (trend->team_known)
    team = kz_chart_data_add_series (data, _("Team"));
  for (guint w = 0; w < trend->weeks->len; w++)
    {
      const KzQualityWeek *week = g_ptr_array_index (trend->weeks, w);
      g_autofree char *label = g_date_time_format (week->week, "%-d %b");
      guint c = kz_chart_data_add_category (data, label);

      if (week->agent_n > 0)
        kz_chart_data_set_value (data, you, c, week->agent_mean, week->agent_n);
      if (trend->team_known && week->team_n > 0)
        kz_chart_data_set_value (data, team, c, week->team_mean, week->team_n);
    }
  kz_chart_data_set_target (data, trend->target);
  kz_chart_frame_set_data (KZ_CHART_FRAME (frame), data);
  gtk_widget_set_size_request (frame, -1, 220);
  gtk_widget_set_margin_start (frame, 12);
  gtk_widget_set_margin_end (frame, 12);
  gtk_widget_set_margin_top (frame, 6);
  gtk_widget_set_margin_bottom (frame, 6);
  return frame;
}

static void
clear_trend (KzMyQualityPage *self)
{
  for (guint i = 0; i < self->trend_rows->len; i++)
    adw_preferences_group_remove (self->trend_group, g_ptr_array_index (self->trend_rows, i));
  g_ptr_array_set_size (self->trend_rows, 0);
}

static void
show_trend (KzMyQualityPage *self,
            const Detail    *detail)
{
  clear_trend (self);
  if (detail->trends == NULL)
    {
      adw_preferences_group_set_description (self->trend_group, detail->trend_error);
      return;
    }
  if (detail->trends->len > 0 && !((KzQualityTrend *) detail->trends->pdata[0])->team_known)
    adw_preferences_group_set_description (self->trend_group,
                                           _("Your average per criterion on this rubric, week by week, against "
                                             "the target (the pass mark). Your team’s average is not shown: on "
                                             "the team server an agent reads only their own evaluations."));
  else
    adw_preferences_group_set_description (self->trend_group,
                                           _("Your average per criterion on this rubric, week by week, against "
                                             "the target (the pass mark) and your team’s average."));
  for (guint i = 0; i < detail->trends->len; i++)
    {
      const KzQualityTrend *trend = g_ptr_array_index (detail->trends, i);
      GtkWidget *row = adw_expander_row_new ();
      g_autofree char *mine = format_mean (trend->agent_n, trend->agent_mean);
      g_autofree char *team = format_mean (trend->team_n, trend->team_mean);
      g_autofree char *subtitle = NULL;
      GtkWidget *badge = gtk_label_new (mine);

      if (trend->team_known)
        /* Translators: "You 75.0 (n 4) · Team 66.7 · Target 80" */
        subtitle = g_strdup_printf (_("You %s (n %u) · Team %s · Target %g"), mine, trend->agent_n, team,
                                    trend->target);
      else
        /* Translators: "You 75.0 (n 4) · Target 80" */
        subtitle = g_strdup_printf (_("You %s (n %u) · Target %g"), mine, trend->agent_n, trend->target);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), trend->title);
      adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);
      gtk_widget_add_css_class (badge, "kz-badge");
      gtk_widget_add_css_class (badge, "numeric");
      if (trend->agent_n > 0)
        gtk_widget_add_css_class (badge, trend->agent_mean >= trend->target ? "success" : "warning");
      gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
      adw_expander_row_add_action (ADW_EXPANDER_ROW (row), badge);

      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), make_trend_chart (trend));
      adw_preferences_group_add (self->trend_group, row);
      g_ptr_array_add (self->trend_rows, row);
    }
}

static void
show_detail (KzMyQualityPage *self)
{
  const Detail *detail = self->detail;
  const KzEvaluationSummary *summary = detail != NULL ? find_summary (self, detail->id) : NULL;
  const KzEvaluationDisplay *display;
  GtkWidget *child;
  g_autofree char *byline = NULL;
  g_autofree char *title = NULL;
  g_autoptr(GString) status = g_string_new (NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->sections_box))) != NULL)
    gtk_box_remove (self->sections_box, child);
  drop_player (self);
  gtk_widget_set_visible (GTK_WIDGET (self->player_box), FALSE);
  gtk_widget_set_visible (self->detail_box, detail != NULL && summary != NULL);
  if (detail == NULL || summary == NULL)
    return;
  display = detail->display;

  gtk_label_set_text (self->score_label, display->final_score);
  gtk_label_set_text (self->verdict_label, display->verdict);
  gtk_widget_remove_css_class (GTK_WIDGET (self->verdict_label), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (self->verdict_label), "error");
  if (display->has_score)
    gtk_widget_add_css_class (GTK_WIDGET (self->verdict_label), display->pass ? "success" : "error");
  title = g_strdup_printf ("%s", display->rubric);
  gtk_label_set_text (self->title_label, title);
  /* Translators: "Reviewed by Ann Lee · 3 March 2024, 14:05 · pass mark 80" */
  byline = g_strdup_printf (_("Reviewed by %s · %s · pass mark %s"), display->reviewer, display->date,
                            display->pass_mark);
  gtk_label_set_text (self->byline_label, byline);

  if (summary->acknowledged_revision > 0)
    {
      g_autofree char *day = format_day (summary->acknowledged_at);

      g_string_append_printf (status, _("You acknowledged it on %s."), day);
      if (summary->acknowledged_revision < summary->revision)
        g_string_append_printf (status, " %s", _("It has changed since."));
    }
  else
    g_string_append (status, _("Not acknowledged yet."));
  if (summary->dispute_open)
    g_string_append_printf (status, " %s", _("Your dispute is open."));
  else if (detail->deadline == NULL)
    g_string_append_printf (status, " %s", _("This rubric takes no disputes."));
  else
    {
      g_autofree char *day = format_day (detail->deadline);

      if (g_date_time_compare (now, detail->deadline) < 0)
        g_string_append_printf (status, _(" You can dispute it until %s (%u of %d disputes used)."), day,
                                summary->n_disputes, detail->max_disputes);
      else
        g_string_append_printf (status, _(" The dispute window closed on %s."), day);
    }
  gtk_label_set_text (self->status_label, status->str);
  gtk_widget_set_sensitive (self->acknowledge_button,
                            summary->acknowledged_revision < summary->revision && !summary->dispute_open);

  for (guint i = 0; i < display->sections->len; i++)
    gtk_box_append (self->sections_box,
                    make_section_group (self, g_ptr_array_index (display->sections, i), detail->call != NULL));
  gtk_label_set_text (self->breakdown_label, display->breakdown);
  show_trend (self, detail);
}

static gpointer
detail_thread (KzStore       *store,
               gpointer       data,
               GCancellable  *cancellable,
               GError       **error)
{
  gint64 id = *(gint64 *) data;
  g_autoptr(KzEvaluation) evaluation = kz_store_get_evaluation (store, id, error);
  g_autoptr(KzScore) score = NULL;
  g_autoptr(KzPerson) agent = NULL;
  g_autoptr(KzPerson) reviewer = NULL;
  g_autoptr(GError) trend_error = NULL;
  g_autoptr(KzRubric) latest = NULL;
  Detail *detail;

  if (evaluation == NULL)
    return NULL;
  detail = g_new0 (Detail, 1);
  detail->id = id;
  detail->rubric = kz_store_get_rubric (store, evaluation->rubric_id, evaluation->rubric_version, error);
  if (detail->rubric == NULL)
    {
      detail_free (detail);
      return NULL;
    }
  agent = kz_store_get_person (store, evaluation->agent_id, NULL);
  reviewer = kz_store_get_person (store, evaluation->reviewer_id, NULL);
  score = kz_score_compute (detail->rubric, evaluation->answers);
  detail->display = kz_evaluation_display_new (evaluation, detail->rubric, score,
                                               agent != NULL ? agent->name : NULL,
                                               reviewer != NULL ? reviewer->name : NULL);
  if (evaluation->submitted_at != NULL)
    detail->deadline = kz_dispute_deadline (detail->rubric, evaluation->submitted_at);
  detail->max_disputes = kz_rubric_get_max_disputes (detail->rubric);
  if (evaluation->interaction_id != 0)
    detail->call = kz_store_get_call (store, evaluation->interaction_id, NULL);
  detail->trends = kz_quality_trends_load (store, evaluation->agent_id, evaluation->rubric_id, &trend_error);
  if (detail->trends == NULL)
    detail->trend_error = g_strdup (trend_error->message);
  return detail;
}

static void
detail_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  KzMyQualityPage *self = KZ_MY_QUALITY_PAGE (object);
  g_autoptr(GError) error = NULL;
  Detail *detail = kz_store_job_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->detail_loading = FALSE;
  if (detail == NULL)
    {
      show_message (self, error->message);
      return;
    }
  g_clear_pointer (&self->detail, detail_free);
  self->detail = detail;
  show_detail (self);
}

static void
load_detail (KzMyQualityPage *self,
             gint64           id)
{
  gint64 *data;

  g_cancellable_cancel (self->detail_cancellable);
  g_clear_object (&self->detail_cancellable);
  self->selected = id;
  if (id == 0 || self->store == NULL)
    {
      g_clear_pointer (&self->detail, detail_free);
      show_detail (self);
      return;
    }
  self->detail_cancellable = g_cancellable_new ();
  self->detail_loading = TRUE;
  data = g_new (gint64, 1);
  *data = id;
  kz_store_job_run_async (self->store, self, detail_thread, data, g_free, (GDestroyNotify) detail_free,
                          self->detail_cancellable, detail_done, NULL);
}

static void
on_row_selected (KzMyQualityPage *self,
                 GtkListBoxRow   *row)
{
  const KzEvaluationSummary *summary;

  if (row == NULL || self->summaries == NULL)
    return;
  summary = g_ptr_array_index (self->summaries, gtk_list_box_row_get_index (row));
  if (summary->id == self->selected)
    return;
  /* The message was about the evaluation shown before. */
  if (self->detail == NULL || self->detail->id != summary->id)
    show_message (self, NULL);
  load_detail (self, summary->id);
}

/* ---- acknowledge and dispute ---------------------------------------------------- */

typedef struct {
  gint64     evaluation_id;
  gint64     agent_id;
  char      *comment;
  KzDispute *dispute;     /* a dispute to raise, or NULL: acknowledge */
} Action;

static void
action_free (Action *action)
{
  g_free (action->comment);
  g_clear_pointer (&action->dispute, kz_dispute_free);
  g_free (action);
}

static gpointer
action_thread (KzStore       *store,
               gpointer       data,
               GCancellable  *cancellable,
               GError       **error)
{
  Action *action = data;

  if (action->dispute != NULL)
    {
      if (kz_store_raise_dispute (store, action->dispute, error) <= 0)
        return NULL;
    }
  else if (!kz_store_acknowledge (store, action->evaluation_id, action->agent_id, action->comment, NULL, error))
    return NULL;
  return GINT_TO_POINTER (1);
}

static void
action_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  KzMyQualityPage *self = KZ_MY_QUALITY_PAGE (object);
  g_autoptr(GError) error = NULL;
  gboolean dispute = GPOINTER_TO_INT (user_data);

  if (kz_store_job_finish (result, &error) == NULL)
    {
      g_autofree char *message = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* Translators: the store's reason follows, e.g. "the dispute window closed on …" */
      message = g_strdup_printf (dispute ? _("Could not dispute: %s") : _("Could not acknowledge: %s"),
                                 error->message);
      show_message (self, message);
      return;
    }
  show_message (self, NULL);
  self->wanted = self->selected;
  kz_my_quality_page_reload (self);
}

static void
run_action (KzMyQualityPage *self,
            Action          *action)
{
  if (self->store == NULL)
    {
      action_free (action);
      return;
    }
  kz_store_job_run_async (self->store, self, action_thread, action, (GDestroyNotify) action_free, NULL,
                          NULL, action_done, GINT_TO_POINTER (action->dispute != NULL));
}

static void
on_acknowledge_response (AdwMessageDialog *dialog,
                         const char       *response,
                         KzMyQualityPage  *self)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "entry");
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  Action *action;

  if (g_strcmp0 (response, "acknowledge") != 0 || self->detail == NULL)
    return;
  action = g_new0 (Action, 1);
  action->evaluation_id = self->detail->id;
  action->agent_id = self->person_id;
  action->comment = *text != '\0' ? g_steal_pointer (&text) : NULL;
  run_action (self, action);
}

static void
on_acknowledge_clicked (KzMyQualityPage *self)
{
  GtkWidget *dialog;
  GtkWidget *entry;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (self->detail == NULL)
    return;
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Acknowledge This Evaluation?"),
                                   _("Your reviewer sees that you have read it. You can add a comment."));
  entry = gtk_entry_new ();
  gtk_widget_set_name (entry, "acknowledge-comment");
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Comment (optional)"));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Comment"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  g_object_set_data (G_OBJECT (dialog), "entry", entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "acknowledge", _("_Acknowledge"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "acknowledge",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "acknowledge");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_acknowledge_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

/* Dispute is offered once a criterion is ticked and a reason given. */
static void
update_dispute_response (AdwMessageDialog *dialog)
{
  GPtrArray *checks = g_object_get_data (G_OBJECT (dialog), "checks");
  GtkEditable *reason = g_object_get_data (G_OBJECT (dialog), "reason");
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (reason)));
  gboolean any = FALSE;

  for (guint i = 0; i < checks->len; i++)
    any = any || gtk_check_button_get_active (g_ptr_array_index (checks, i));
  adw_message_dialog_set_response_enabled (dialog, "dispute", any && *text != '\0');
}

static void
on_dispute_response (AdwMessageDialog *dialog,
                     const char       *response,
                     KzMyQualityPage  *self)
{
  GPtrArray *checks = g_object_get_data (G_OBJECT (dialog), "checks");
  GtkEditable *reason = g_object_get_data (G_OBJECT (dialog), "reason");
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (reason)));
  Action *action;

  if (g_strcmp0 (response, "dispute") != 0 || self->detail == NULL)
    return;
  action = g_new0 (Action, 1);
  action->evaluation_id = self->detail->id;
  action->agent_id = self->person_id;
  action->dispute = kz_dispute_new ();
  action->dispute->evaluation_id = self->detail->id;
  action->dispute->raised_by = self->person_id;
  action->dispute->reason = g_strdup (text);
  for (guint i = 0; i < checks->len; i++)
    {
      GtkCheckButton *check = g_ptr_array_index (checks, i);

      if (gtk_check_button_get_active (check))
        g_ptr_array_add (action->dispute->items,
                         kz_dispute_item_new (g_object_get_data (G_OBJECT (check), "criterion-id"), text));
    }
  run_action (self, action);
}

static void
on_dispute_clicked (KzMyQualityPage *self)
{
  GtkWidget *dialog;
  GtkWidget *box;
  GtkWidget *outer;
  GtkWidget *scroll;
  GtkWidget *reason;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GPtrArray *checks;
  const KzEvaluationDisplay *display;

  if (self->detail == NULL)
    return;
  display = self->detail->display;
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Dispute This Evaluation"),
                                   _("Tick the criteria you disagree with and say why. The reviewer or a "
                                     "manager looks at each one and either keeps the answer or changes it."));
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  outer = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  /* A long rubric scrolls rather than pushing the buttons off screen. */
  scroll = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroll), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroll), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroll), 320);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroll), box);
  gtk_box_append (GTK_BOX (outer), scroll);
  checks = g_ptr_array_new ();
  for (guint s = 0; s < display->sections->len; s++)
    {
      const KzSectionDisplay *section = g_ptr_array_index (display->sections, s);

      for (guint a = 0; a < section->answers->len; a++)
        {
          const KzAnswerDisplay *answer = g_ptr_array_index (section->answers, a);
          g_autofree char *label = g_strdup_printf ("%s — %s", answer->criterion_title, answer->answer);
          GtkWidget *check = gtk_check_button_new_with_label (label);

          gtk_widget_set_name (check, answer->criterion_id);
          g_object_set_data_full (G_OBJECT (check), "criterion-id", g_strdup (answer->criterion_id), g_free);
          g_signal_connect_swapped (check, "toggled", G_CALLBACK (update_dispute_response), dialog);
          gtk_box_append (GTK_BOX (box), check);
          g_ptr_array_add (checks, check);
        }
    }
  reason = gtk_entry_new ();
  gtk_widget_set_name (reason, "dispute-reason");
  gtk_widget_set_margin_top (reason, 6);
  gtk_entry_set_placeholder_text (GTK_ENTRY (reason), _("Why you disagree"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (reason), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Reason"), -1);
  g_signal_connect_swapped (reason, "changed", G_CALLBACK (update_dispute_response), dialog);
  gtk_box_append (GTK_BOX (outer), reason);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), outer);
  g_object_set_data_full (G_OBJECT (dialog), "checks", checks, (GDestroyNotify) g_ptr_array_unref);
  g_object_set_data (G_OBJECT (dialog), "reason", reason);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "dispute", _("_Dispute"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "dispute", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  update_dispute_response (ADW_MESSAGE_DIALOG (dialog));
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_dispute_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- the widget ------------------------------------------------------------------ */

void
kz_my_quality_page_set_store (KzMyQualityPage *self,
                              KzStore         *store)
{
  g_return_if_fail (KZ_IS_MY_QUALITY_PAGE (self));

  if (!g_set_object (&self->store, store))
    return;
  g_clear_pointer (&self->summaries, g_ptr_array_unref);
  g_clear_pointer (&self->detail, detail_free);
  self->selected = 0;
  kz_my_quality_page_reload (self);
}

void
kz_my_quality_page_set_person_id (KzMyQualityPage *self,
                                  gint64           person_id)
{
  g_return_if_fail (KZ_IS_MY_QUALITY_PAGE (self));

  if (self->person_id == person_id)
    return;
  self->person_id = person_id;
  g_clear_pointer (&self->summaries, g_ptr_array_unref);
  g_clear_pointer (&self->detail, detail_free);
  self->selected = 0;
  show_message (self, NULL);
  kz_my_quality_page_reload (self);
}

gint64
kz_my_quality_page_get_person_id (KzMyQualityPage *self)
{
  return self->person_id;
}

gboolean
kz_my_quality_page_get_loading (KzMyQualityPage *self)
{
  return self->loading;
}

guint
kz_my_quality_page_get_n_evaluations (KzMyQualityPage *self)
{
  return self->summaries != NULL ? self->summaries->len : 0;
}

gboolean
kz_my_quality_page_select (KzMyQualityPage *self,
                           gint64           id)
{
  for (guint i = 0; self->summaries != NULL && i < self->summaries->len; i++)
    {
      const KzEvaluationSummary *summary = g_ptr_array_index (self->summaries, i);

      if (summary->id == id)
        {
          gtk_list_box_select_row (self->list_box, gtk_list_box_get_row_at_index (self->list_box, i));
          return TRUE;
        }
    }
  return FALSE;
}

guint
kz_my_quality_page_get_n_to_acknowledge (KzMyQualityPage *self)
{
  guint n = 0;

  for (guint i = 0; self->summaries != NULL && i < self->summaries->len; i++)
    {
      const KzEvaluationSummary *summary = g_ptr_array_index (self->summaries, i);

      n += summary->acknowledged_revision < summary->revision;
    }
  return n;
}

gint64
kz_my_quality_page_get_selected (KzMyQualityPage *self)
{
  return self->detail != NULL ? self->detail->id : 0;
}

gboolean
kz_my_quality_page_get_detail_loading (KzMyQualityPage *self)
{
  return self->detail_loading;
}

GtkWidget *
kz_my_quality_page_get_player (KzMyQualityPage *self)
{
  return self->player;
}

static void
kz_my_quality_page_dispose (GObject *object)
{
  KzMyQualityPage *self = KZ_MY_QUALITY_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_cancellable_cancel (self->detail_cancellable);
  g_clear_object (&self->detail_cancellable);
  drop_player (self);
  g_clear_object (&self->store);
  g_clear_pointer (&self->summaries, g_ptr_array_unref);
  g_clear_pointer (&self->detail, detail_free);
  g_clear_pointer (&self->trend_rows, g_ptr_array_unref);
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), KZ_TYPE_MY_QUALITY_PAGE);

  G_OBJECT_CLASS (kz_my_quality_page_parent_class)->dispose (object);
}

static void
kz_my_quality_page_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  KzMyQualityPage *self = KZ_MY_QUALITY_PAGE (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    case PROP_N_TO_ACKNOWLEDGE:
      g_value_set_uint (value, kz_my_quality_page_get_n_to_acknowledge (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kz_my_quality_page_class_init (KzMyQualityPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kz_my_quality_page_dispose;
  object_class->get_property = kz_my_quality_page_get_property;

  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /* Listed evaluations whose current revision the agent has not acknowledged. */
  properties[PROP_N_TO_ACKNOWLEDGE] =
    g_param_spec_uint ("n-to-acknowledge", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/KaizenQA/Kaizen/kz-my-quality-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KzMyQualityPage, stack);
  gtk_widget_class_bind_template_child (widget_class, KzMyQualityPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, KzMyQualityPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, KzMyQualityPage, list_box);
  gtk_widget_class_bind_template_child (widget_class, KzMyQualityPage, detail_scroll);
  gtk_widget_class_bind_template_child (widget_class, KzMyQualityPage, detail_box);
  gtk_widget_class_bind_template_child (widget_class, KzMyQualityPage, score_label);
  gtk_widget_class_bind_template_child (widget_class, KzMyQualityPage, verdict_label);
  gtk_widget_class_bind_template_child (widget_class, KzMyQualityPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, KzMyQualityPage, byline_label);
  gtk_widget_class_bind_template_child (widget_class, KzMyQualityPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, KzMyQualityPage, acknowledge_button);
  gtk_widget_class_bind_template_child (widget_class, KzMyQualityPage, dispute_button);
  gtk_widget_class_bind_template_child (widget_class, KzMyQualityPage, message_label);
  gtk_widget_class_bind_template_child (widget_class, KzMyQualityPage, player_box);
  gtk_widget_class_bind_template_child (widget_class, KzMyQualityPage, sections_box);
  gtk_widget_class_bind_template_child (widget_class, KzMyQualityPage, breakdown_label);
  gtk_widget_class_bind_template_child (widget_class, KzMyQualityPage, trend_group);
  gtk_widget_class_bind_template_callback (widget_class, on_row_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_acknowledge_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_dispute_clicked);
}

static void
kz_my_quality_page_init (KzMyQualityPage *self)
{
  self->trend_rows = g_ptr_array_new ();
  self->pending_seek_ms = -1;
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_stack_set_visible_child_name (self->stack, "no-person");
}

GtkWidget *
kz_my_quality_page_new (void)
{
  return g_object_new (KZ_TYPE_MY_QUALITY_PAGE, NULL);
}
