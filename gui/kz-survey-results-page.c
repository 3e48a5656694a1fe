/* kz-survey-results-page.c — a closed pulse round's figures, for managers
 *
 * Everything on this page comes from the cells kz_store_survey_results()
 * gives — already suppressed by the store with the round's k and the
 * differencing rule, a suppressed cell holding no numbers — turned into
 * figures by model/kz-voice-export.c, which is also what "Export CSV…" and
 * kaizenctl write.  The page computes no figure of its own: it lays out the
 * eNPS, the heatmap of drivers × teams, the table and the comments, and
 * where a figure is withheld it says so and why.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kz-survey-results-page"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "kz-chart-frame.h"
#include "kz-error.h"
#include "kz-store-job.h"
#include "kz-survey-results-page.h"
#include "kz-page-defer.h"
#include "kz-survey-setup-dialog.h"
#include "kz-voice-distribution.h"
#include "kz-voice-export.h"
#include "kz-voice-format.h"

struct _KzSurveyResultsPage
{
  AdwBin          parent_instance;

  KzStore        *store;
  gboolean        allowed;
  gboolean        loading;
  gboolean        filling;      /* the chooser is being filled: no loads */
  guint           n_exports;
  GCancellable   *cancellable;
  GtkFileChooserNative *chooser;

  GPtrArray      *rounds;       /* closed, newest first */
  GDate           today;
  KzSurveyRound  *round;        /* shown */
  const KzSurveyRound *previous;   /* in @rounds, or NULL */
  GPtrArray      *all_figures;  /* by team and drivers */
  GPtrArray      *shown;        /* what the table shows (pointers into all_figures) */

  GtkDropDown    *round_dropdown;
  GtkStringList  *round_titles;
  GtkToggleButton *by_team_button;
  GtkStack       *stack;
  GtkSpinner     *spinner;
  AdwStatusPage  *error_page;
  GtkLabel       *title_label;
  GtkLabel       *details_label;
  GtkLabel       *enps_label;
  GtkLabel       *enps_change_label;
  GtkListBox     *enps_teams;
  KzChartFrame   *heatmap_frame;
  GtkGrid        *figures_grid;
  GtkLabel       *comments_note;
  GtkListBox     *comments_list;
};

G_DEFINE_FINAL_TYPE (KzSurveyResultsPage, kz_survey_results_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_STORE,
  PROP_ALLOWED,
  PROP_LOADING,
  PROP_ROUND_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void load_round (KzSurveyResultsPage *self);

static void
set_loading (KzSurveyResultsPage *self,
             gboolean             loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  gtk_spinner_set_spinning (self->spinner, loading);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
update_actions (KzSurveyResultsPage *self)
{
  gboolean results = g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "results") == 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "results.export", results && self->shown != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "results.setup", self->allowed && self->store != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->round_dropdown), self->allowed && self->rounds != NULL &&
                                                              self->rounds->len > 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->by_team_button), results);
}

static void
set_state (KzSurveyResultsPage *self,
           const char          *state)
{
  gtk_stack_set_visible_child_name (self->stack, state);
  update_actions (self);
}

static void
report_error (KzSurveyResultsPage *self,
              const GError        *error)
{
  if (g_error_matches (error, KZ_ERROR, KZ_ERROR_CONNECTION))
    gtk_widget_activate_action (GTK_WIDGET (self), "win.connection-lost", "s", error->message);
  else if (!g_error_matches (error, KZ_ERROR, KZ_ERROR_PERMISSION))
    g_warning ("Could not read the survey results: %s", error->message);
  adw_status_page_set_description (self->error_page, error->message);
  set_state (self, "error");
}

/* ---- laying out ------------------------------------------------------------- */

static void
clear_container (GtkWidget *container)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (container)) != NULL)
    {
      if (GTK_IS_LIST_BOX (container))
        gtk_list_box_remove (GTK_LIST_BOX (container), child);
      else if (GTK_IS_GRID (container))
        gtk_grid_remove (GTK_GRID (container), child);
      else
        gtk_widget_unparent (child);
    }
}

static const char *
group_name (const KzSurveyFigure *f)
{
  return f->team_id == KZ_CELL_ALL ? _("Whole round") : f->team;
}

static GtkWidget *
cell_label (const char *text,
            float       xalign,
            gboolean    number)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), xalign);
  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  if (number)
    gtk_widget_add_css_class (label, "numeric");
  return label;
}

static void
add_header (KzSurveyResultsPage *self)
{
  const char *titles[KZ_RESULTS_N_COLUMNS] = {
    [KZ_RESULTS_COLUMN_FIGURE] = _("Driver or Question"),
    [KZ_RESULTS_COLUMN_GROUP] = _("Group"),
    [KZ_RESULTS_COLUMN_N] = _("n"),
    [KZ_RESULTS_COLUMN_SCORE] = _("Score"),
    [KZ_RESULTS_COLUMN_MEAN] = _("Mean (95% interval)"),
    [KZ_RESULTS_COLUMN_ENPS] = _("eNPS"),
    [KZ_RESULTS_COLUMN_CHANGE] = _("Change"),
    [KZ_RESULTS_COLUMN_DISTRIBUTION] = _("Answers"),
  };

  for (guint c = 0; c < KZ_RESULTS_N_COLUMNS; c++)
    {
      GtkWidget *label = cell_label (titles[c], c == KZ_RESULTS_COLUMN_N || c == KZ_RESULTS_COLUMN_SCORE ? 1 : 0,
                                     FALSE);

      gtk_widget_add_css_class (label, "kz-figures-header");
      gtk_grid_attach (self->figures_grid, label, c, 0, 1, 1);
    }
}

static void
add_figure_row (KzSurveyResultsPage  *self,
                const KzSurveyFigure *f,
                guint                 row)
{
  gboolean shown = f->suppression == KZ_SHOWN;
  gboolean driver = f->kind == KZ_FIGURE_DRIVER;
  g_autofree char *label_text = NULL;
  g_autofree char *n = NULL;
  g_autofree char *score = NULL;
  g_autofree char *mean = NULL;
  g_autofree char *enps = NULL;
  g_autofree char *change = NULL;
  GtkWidget *label;
  GtkWidget *value;

  /* A figure's teams follow its whole round's line: the name once. */
  if (f->team_id != KZ_CELL_ALL)
    label_text = g_strdup ("");
  else if (f->is_enps)
    /* Translators: the eNPS question in the table */
    label_text = g_strdup_printf (_("%s (eNPS)"), f->label);
  else
    label_text = g_strdup (f->label);
  label = cell_label (label_text, 0, FALSE);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 36);
  gtk_label_set_width_chars (GTK_LABEL (label), 20);
  gtk_widget_add_css_class (label, driver ? "kz-figure-driver" : "kz-figure-question");
  gtk_grid_attach (self->figures_grid, label, KZ_RESULTS_COLUMN_FIGURE, row, 1, 1);
  gtk_grid_attach (self->figures_grid, cell_label (group_name (f), 0, FALSE), KZ_RESULTS_COLUMN_GROUP, row, 1, 1);

  if (!shown)
    {
      /* No number at all: the reason, where the score would be. */
      g_autofree char *hidden = kz_voice_format_hidden (f->suppression, self->round->k);

      value = cell_label (hidden, 0, FALSE);
      gtk_label_set_wrap (GTK_LABEL (value), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (value), 30);
      gtk_widget_set_tooltip_text (value, hidden);
      gtk_widget_add_css_class (value, "kz-suppressed");
      gtk_grid_attach (self->figures_grid, cell_label ("—", 1, TRUE), KZ_RESULTS_COLUMN_N, row, 1, 1);
      gtk_grid_attach (self->figures_grid, value, KZ_RESULTS_COLUMN_SCORE, row, 4, 1);
      return;
    }

  n = f->has_score ? g_strdup_printf ("%u", f->n) : g_strdup ("—");
  score = f->has_score ? kz_voice_format_score (f->score) : g_strdup ("—");
  mean = f->has_mean ? kz_voice_format_mean (&f->mean) : g_strdup ("—");
  enps = f->has_enps ? kz_voice_format_enps (&f->enps) : g_strdup ("");
  if (f->has_change && f->change_tested)
    change = kz_voice_format_change (f->change, 1, f->change_significant);
  else if (f->has_change)
    {
      g_autofree char *difference = kz_voice_format_signed (f->change, 1);

      /* Translators: a driver's change, which is not tested (see the tooltip) */
      change = g_strdup_printf (_("%s, not tested"), difference);
    }
  else
    change = g_strdup ("—");

  gtk_grid_attach (self->figures_grid, cell_label (n, 1, TRUE), KZ_RESULTS_COLUMN_N, row, 1, 1);
  value = cell_label (score, 1, TRUE);
  if (driver)
    gtk_widget_add_css_class (value, "kz-figure-driver");
  gtk_grid_attach (self->figures_grid, value, KZ_RESULTS_COLUMN_SCORE, row, 1, 1);
  gtk_grid_attach (self->figures_grid, cell_label (mean, 0, TRUE), KZ_RESULTS_COLUMN_MEAN, row, 1, 1);
  gtk_grid_attach (self->figures_grid, cell_label (enps, 0, TRUE), KZ_RESULTS_COLUMN_ENPS, row, 1, 1);
  value = cell_label (change, 0, TRUE);
  if (f->has_change && !f->change_tested)
    gtk_widget_set_tooltip_text (value, _("A driver pools questions that the same people answered, so its answers "
                                          "are not independent: whether a change is more than chance is shown for "
                                          "each of its questions."));
  else if (f->has_change)
    {
      g_autofree char *low = kz_voice_format_signed (f->change_low, 1);
      g_autofree char *high = kz_voice_format_signed (f->change_high, 1);
      /* Translators: a change's 95% interval, in a tooltip */
      g_autofree char *tip = g_strdup_printf (_("95%% interval %s to %s points"), low, high);

      gtk_widget_set_tooltip_text (value, tip);
      if (f->change_significant)
        gtk_widget_add_css_class (value, "kz-significant");
    }
  gtk_grid_attach (self->figures_grid, value, KZ_RESULTS_COLUMN_CHANGE, row, 1, 1);
  if (!driver)
    gtk_grid_attach (self->figures_grid, kz_voice_distribution_new (f->question_kind, f->counts),
                     KZ_RESULTS_COLUMN_DISTRIBUTION, row, 1, 1);
}

static void
fill_table (KzSurveyResultsPage *self)
{
  gboolean by_team = gtk_toggle_button_get_active (self->by_team_button);

  clear_container (GTK_WIDGET (self->figures_grid));
  g_clear_pointer (&self->shown, g_ptr_array_unref);
  if (self->all_figures == NULL)
    return;

  self->shown = g_ptr_array_new ();
  add_header (self);
  for (guint i = 0; i < self->all_figures->len; i++)
    {
      KzSurveyFigure *f = g_ptr_array_index (self->all_figures, i);

      if (!by_team && f->team_id != KZ_CELL_ALL)
        continue;
      g_ptr_array_add (self->shown, f);
      add_figure_row (self, f, self->shown->len);
    }
  update_actions (self);
}

/* Drivers × groups: a cell is a driver's pooled score, shown only when every
 * question cell behind it is (the model decided: the figure says so). */
static void
fill_heatmap (KzSurveyResultsPage *self)
{
  g_autoptr(KzChartData) data = kz_chart_data_new (KZ_CHART_HEATMAP, KZ_CHART_UNIT_SCORE, _("driver score by team"));
  g_autoptr(GArray) teams = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) drivers = g_ptr_array_new ();

  kz_chart_data_set_category_title (data, _("Driver"));
  kz_chart_data_set_row_noun (data, _("driver"), _("drivers"));
  kz_chart_data_set_category_noun (data, _("group"), _("groups"));

  for (guint i = 0; i < self->all_figures->len; i++)
    {
      const KzSurveyFigure *f = g_ptr_array_index (self->all_figures, i);
      gboolean known = FALSE;

      if (f->kind != KZ_FIGURE_DRIVER)
        continue;
      for (guint t = 0; t < teams->len && !known; t++)
        known = g_array_index (teams, gint64, t) == f->team_id;
      if (!known)
        {
          g_array_append_val (teams, f->team_id);
          kz_chart_data_add_category (data, group_name (f));
        }
      known = FALSE;
      for (guint d = 0; d < drivers->len && !known; d++)
        known = g_str_equal (g_ptr_array_index (drivers, d), f->driver);
      if (!known)
        {
          g_ptr_array_add (drivers, f->driver);
          kz_chart_data_add_row (data, f->driver);
        }
    }

  for (guint d = 0; d < drivers->len; d++)
    for (guint t = 0; t < teams->len; t++)
      {
        const KzSurveyFigure *f = kz_survey_figures_find (self->all_figures, g_ptr_array_index (drivers, d), NULL,
                                                          g_array_index (teams, gint64, t));

        if (f == NULL)
          continue;
        if (f->suppression != KZ_SHOWN)
          {
            g_autofree char *hidden = kz_voice_format_hidden (f->suppression, self->round->k);

            kz_chart_data_suppress_cell (data, d, t, hidden);
          }
        else if (f->has_score)
          kz_chart_data_set_cell (data, d, t, f->score, f->n);
      }

  kz_chart_frame_set_data (self->heatmap_frame, data);
  gtk_widget_set_visible (GTK_WIDGET (self->heatmap_frame), drivers->len > 0);
}

static GtkWidget *
enps_row (const KzSurveyFigure *f,
          guint                 k)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *subtitle = NULL;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), group_name (f));
  if (f->suppression != KZ_SHOWN)
    {
      subtitle = kz_voice_format_hidden (f->suppression, k);
      gtk_widget_set_tooltip_text (row, subtitle);
    }
  else if (f->has_enps)
    {
      g_autofree char *value = kz_voice_format_enps (&f->enps);

      if (f->has_enps_change)
        {
          g_autofree char *change = kz_voice_format_change (f->enps_change, 0, f->enps_change_significant);

          /* Translators: a team's eNPS, then its change from the previous round */
          subtitle = g_strdup_printf (_("%s · change %s"), value, change);
        }
      else
        subtitle = g_steal_pointer (&value);
    }
  else
    subtitle = g_strdup (_("No answers"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  return row;
}

static void
fill_enps (KzSurveyResultsPage *self)
{
  const KzSurveyFigure *whole = NULL;

  clear_container (GTK_WIDGET (self->enps_teams));
  for (guint i = 0; i < self->all_figures->len; i++)
    {
      const KzSurveyFigure *f = g_ptr_array_index (self->all_figures, i);

      if (!f->is_enps)
        continue;
      if (f->team_id == KZ_CELL_ALL)
        whole = f;
      else
        gtk_list_box_append (self->enps_teams, enps_row (f, self->round->k));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->enps_teams),
                          gtk_widget_get_first_child (GTK_WIDGET (self->enps_teams)) != NULL);

  if (whole == NULL)
    {
      gtk_label_set_text (self->enps_label, _("The round did not ask the eNPS question."));
      gtk_label_set_text (self->enps_change_label, "");
    }
  else if (whole->suppression != KZ_SHOWN)
    {
      g_autofree char *hidden = kz_voice_format_hidden (whole->suppression, self->round->k);

      gtk_label_set_text (self->enps_label, hidden);
      gtk_label_set_text (self->enps_change_label, "");
    }
  else
    {
      g_autofree char *value = kz_voice_format_enps (&whole->enps);
      g_autofree char *change = NULL;

      gtk_label_set_text (self->enps_label, value);
      if (whole->has_enps_change && self->previous != NULL)
        {
          g_autofree char *text = kz_voice_format_change (whole->enps_change, 0, whole->enps_change_significant);

          /* Translators: the eNPS change and the previous round's title */
          change = g_strdup_printf (_("Change from “%s”: %s"), self->previous->title, text);
        }
      else if (self->previous != NULL)
        change = g_strdup_printf (_("No change to show from “%s”: its eNPS is hidden or has no answers."),
                                  self->previous->title);
      else
        change = g_strdup (_("No earlier round of this plan to compare with."));
      gtk_label_set_text (self->enps_change_label, change);
    }
}

static GtkWidget *
comment_row (const char *text,
             const char *team)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_box_append (GTK_BOX (box), label);
  if (team != NULL)
    {
      GtkWidget *caption = gtk_label_new (team);

      gtk_label_set_xalign (GTK_LABEL (caption), 0);
      gtk_widget_add_css_class (caption, "caption");
      gtk_widget_add_css_class (caption, "dim-label");
      gtk_box_append (GTK_BOX (box), caption);
    }
  gtk_widget_add_css_class (box, "kz-comment");
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  return row;
}

static const char *
unit_name (GPtrArray *units,
           gint64     team_id)
{
  if (team_id == KZ_CELL_NO_TEAM)
    return _("(no team)");
  for (guint i = 0; units != NULL && i < units->len; i++)
    if (((KzUnit *) g_ptr_array_index (units, i))->id == team_id)
      return ((KzUnit *) g_ptr_array_index (units, i))->name;
  return NULL;
}

static void
fill_comments (KzSurveyResultsPage *self,
               GPtrArray           *comments,
               gboolean             shown,
               gboolean             by_team,
               GPtrArray           *units)
{
  guint minimum = kz_voice_comment_minimum (self->round->k);
  g_autofree char *note = NULL;

  clear_container (GTK_WIDGET (self->comments_list));
  for (guint i = 0; comments != NULL && i < comments->len; i++)
    {
      const KzSurveyComment *c = g_ptr_array_index (comments, i);

      gtk_list_box_append (self->comments_list,
                           comment_row (c->text, by_team && c->team_id != KZ_CELL_ALL ? unit_name (units, c->team_id)
                                                                                       : NULL));
    }
  if (!shown)
    note = g_strdup_printf (_("Comments are listed only when the round has at least %u answers; this one has "
                              "fewer."), minimum);
  else if (comments == NULL || comments->len == 0)
    note = g_strdup (_("Nobody wrote a comment."));
  else if (by_team)
    note = g_strdup (_("In alphabetical order, which says nothing about who wrote them or when."));
  else
    note = g_strdup_printf (_("For the whole round only: listing them by team needs at least %u answers in "
                              "every team, or a small team’s comments could be worked out. In alphabetical "
                              "order, which says nothing about who wrote them or when."), minimum);
  gtk_label_set_text (self->comments_note, note);
  gtk_widget_set_visible (GTK_WIDGET (self->comments_list), comments != NULL && comments->len > 0);
}

/* ---- loading the rounds --------------------------------------------------------- */

typedef struct {
  GDate      today;
  GPtrArray *rounds;   /* every round, oldest first */
} RoundsResult;

static void
rounds_result_free (gpointer data)
{
  RoundsResult *r = data;

  g_clear_pointer (&r->rounds, g_ptr_array_unref);
  g_free (r);
}

static gpointer
rounds_thread (KzStore       *store,
               gpointer       data,
               GCancellable  *cancellable,
               GError       **error)
{
  RoundsResult *r = g_new0 (RoundsResult, 1);

  g_date_clear (&r->today, 1);
  if (!kz_store_voice_today (store, &r->today, error) ||
      (r->rounds = kz_store_list_rounds (store, 0, error)) == NULL)
    {
      rounds_result_free (r);
      return NULL;
    }
  return r;
}

static void
rounds_done (GObject      *object,
             GAsyncResult *res,
             gpointer      user_data)
{
  KzSurveyResultsPage *self = KZ_SURVEY_RESULTS_PAGE (object);
  g_autoptr(GError) error = NULL;
  RoundsResult *r = kz_store_job_finish (res, &error);
  gint64 keep = self->round != NULL ? self->round->id : 0;
  guint selected = 0;
  g_autoptr(GPtrArray) titles = g_ptr_array_new_with_free_func (g_free);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (r == NULL)
    {
      set_loading (self, FALSE);
      report_error (self, error);
      return;
    }

  self->today = r->today;
  /* It pointed into the old list. */
  self->previous = NULL;
  g_clear_pointer (&self->rounds, g_ptr_array_unref);
  self->rounds = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_survey_round_free);
  for (guint i = r->rounds->len; i > 0; i--)
    {
      KzSurveyRound *round = g_ptr_array_index (r->rounds, i - 1);

      if (!kz_survey_round_is_closed (round, &self->today))
        continue;
      if (round->id == keep)
        selected = self->rounds->len;
      g_ptr_array_add (titles, g_strdup (round->title));
      g_ptr_array_add (self->rounds, kz_survey_round_copy (round));
    }
  g_ptr_array_add (titles, NULL);
  rounds_result_free (r);

  self->filling = TRUE;
  gtk_string_list_splice (self->round_titles, 0, g_list_model_get_n_items (G_LIST_MODEL (self->round_titles)),
                          (const char * const *) titles->pdata);
  gtk_drop_down_set_selected (self->round_dropdown, selected);
  self->filling = FALSE;

  if (self->rounds->len == 0)
    {
      set_loading (self, FALSE);
      set_state (self, "empty");
      return;
    }
  load_round (self);
}

void
kz_survey_results_page_reload (KzSurveyResultsPage *self)
{
  g_return_if_fail (KZ_IS_SURVEY_RESULTS_PAGE (self));

  if (self->store == NULL)
    return;
  /* Hidden, it reads nothing: it loads when it is shown. */
  if (kz_page_defer_until_shown (GTK_WIDGET (self), (KzPageReload) kz_survey_results_page_reload))
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (!self->allowed)
    {
      set_loading (self, FALSE);
      set_state (self, "not-allowed");
      return;
    }
  self->cancellable = g_cancellable_new ();
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "results") != 0)
    set_state (self, "loading");
  set_loading (self, TRUE);
  kz_store_job_run_async (self->store, self, rounds_thread, NULL, NULL, rounds_result_free,
                          self->cancellable, rounds_done, NULL);
}

/* ---- loading a round's figures ------------------------------------------------- */

typedef struct {
  gint64         round_id;
  gint64         previous_id;   /* 0: none */
  KzSurveyRound *round;
  GPtrArray     *cells;
  GPtrArray     *previous;
  GPtrArray     *bank;
  GPtrArray     *units;
  GPtrArray     *comments;
  gboolean       comments_shown;
  gboolean       comments_by_team;
} RoundJob;

static void
round_job_free (gpointer data)
{
  RoundJob *job = data;

  g_clear_pointer (&job->round, kz_survey_round_free);
  g_clear_pointer (&job->cells, g_ptr_array_unref);
  g_clear_pointer (&job->previous, g_ptr_array_unref);
  g_clear_pointer (&job->bank, g_ptr_array_unref);
  g_clear_pointer (&job->units, g_ptr_array_unref);
  g_clear_pointer (&job->comments, g_ptr_array_unref);
  g_free (job);
}

static gpointer
round_thread (KzStore       *store,
              gpointer       data,
              GCancellable  *cancellable,
              GError       **error)
{
  RoundJob *job = data;

  if ((job->round = kz_store_get_round (store, job->round_id, error)) == NULL ||
      (job->cells = kz_store_survey_results (store, job->round_id, error)) == NULL ||
      (job->bank = kz_store_list_questions (store, error)) == NULL ||
      (job->units = kz_store_list_units (store, error)) == NULL ||
      (job->comments = kz_store_survey_comments (store, job->round_id, &job->comments_shown,
                                                 &job->comments_by_team, error)) == NULL)
    return NULL;
  if (job->previous_id != 0)
    {
      g_autoptr(GError) local = NULL;

      /* No comparison is no reason to show nothing. */
      job->previous = kz_store_survey_results (store, job->previous_id, &local);
      if (job->previous == NULL)
        g_debug ("No previous round's results: %s", local->message);
    }
  return GINT_TO_POINTER (1);
}

static void
round_done (GObject      *object,
            GAsyncResult *res,
            gpointer      user_data)
{
  KzSurveyResultsPage *self = KZ_SURVEY_RESULTS_PAGE (object);
  RoundJob *job = user_data;
  g_autoptr(GError) error = NULL;
  gpointer ok = kz_store_job_finish (res, &error);
  g_autofree char *opens = NULL;
  g_autofree char *closes = NULL;
  g_autofree char *details = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_loading (self, FALSE);
  if (ok == NULL)
    {
      report_error (self, error);
      return;
    }

  g_clear_pointer (&self->round, kz_survey_round_free);
  self->round = g_steal_pointer (&job->round);
  self->previous = kz_survey_previous_round (self->rounds, self->round, &self->today);
  if (job->previous == NULL)
    self->previous = NULL;
  g_clear_pointer (&self->shown, g_ptr_array_unref);
  g_clear_pointer (&self->all_figures, g_ptr_array_unref);
  self->all_figures = kz_survey_figures (job->cells, job->previous, job->bank, job->units,
                                         KZ_FIGURES_BY_TEAM | KZ_FIGURES_DRIVERS);

  gtk_label_set_text (self->title_label, self->round->title);
  opens = kz_voice_format_date (&self->round->opens_on);
  closes = kz_voice_format_date (&self->round->closes_on);
  if (self->previous != NULL)
    /* Translators: a round's dates, its k, and the round it is compared with */
    details = g_strdup_printf (_("%s to %s · figures for groups of at least %u answers · compared with “%s”"),
                               opens, closes, self->round->k, self->previous->title);
  else
    details = g_strdup_printf (_("%s to %s · figures for groups of at least %u answers"), opens, closes,
                               self->round->k);
  gtk_label_set_text (self->details_label, details);

  fill_enps (self);
  fill_heatmap (self);
  fill_table (self);
  fill_comments (self, job->comments, job->comments_shown, job->comments_by_team, job->units);
  set_state (self, "results");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ROUND_ID]);
}

static void
load_round (KzSurveyResultsPage *self)
{
  guint selected = gtk_drop_down_get_selected (self->round_dropdown);
  const KzSurveyRound *round;
  const KzSurveyRound *previous;
  RoundJob *job;

  if (self->rounds == NULL || selected >= self->rounds->len)
    return;
  round = g_ptr_array_index (self->rounds, selected);
  previous = kz_survey_previous_round (self->rounds, round, &self->today);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  set_loading (self, TRUE);
  job = g_new0 (RoundJob, 1);
  job->round_id = round->id;
  job->previous_id = previous != NULL ? previous->id : 0;
  kz_store_job_run_async (self->store, self, round_thread, job, round_job_free, NULL,
                          self->cancellable, round_done, job);
}

static void
on_round_selected (KzSurveyResultsPage *self)
{
  if (!self->filling)
    load_round (self);
}

static void
on_by_team_toggled (KzSurveyResultsPage *self)
{
  fill_table (self);
}

/* ---- exporting ------------------------------------------------------------------ */

char *
kz_survey_results_page_get_csv (KzSurveyResultsPage *self)
{
  g_return_val_if_fail (KZ_IS_SURVEY_RESULTS_PAGE (self), NULL);

  if (self->shown == NULL || self->round == NULL)
    return NULL;
  return kz_survey_figures_to_csv (self->shown, self->round->k, TRUE);
}

static void
toast (KzSurveyResultsPage *self,
       const char          *message)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (message));
}

static void
export_done (GObject      *object,
             GAsyncResult *res,
             gpointer      user_data)
{
  g_autoptr(KzSurveyResultsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  g_autofree char *name = g_file_get_basename (G_FILE (object));

  if (g_file_replace_contents_finish (G_FILE (object), res, NULL, &error))
    /* Translators: a toast; %s is the file's name */
    message = g_strdup_printf (_("Saved the figures to %s"), name);
  else
    /* Translators: a toast; the file's name and the system's reason */
    message = g_strdup_printf (_("Could not save %s: %s"), name, error->message);
  self->n_exports--;
  toast (self, message);
}

void
kz_survey_results_page_export (KzSurveyResultsPage *self,
                               GFile               *file)
{
  g_autofree char *csv = NULL;
  g_autoptr(GBytes) bytes = NULL;

  g_return_if_fail (KZ_IS_SURVEY_RESULTS_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));

  csv = kz_survey_results_page_get_csv (self);
  if (csv == NULL)
    return;
  bytes = g_bytes_new_take (csv, strlen (csv));
  csv = NULL;
  self->n_exports++;
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, NULL,
                                       export_done, g_object_ref (self));
}

gboolean
kz_survey_results_page_get_exporting (KzSurveyResultsPage *self)
{
  g_return_val_if_fail (KZ_IS_SURVEY_RESULTS_PAGE (self), FALSE);
  return self->n_exports > 0;
}

static void
on_chooser_response (KzSurveyResultsPage  *self,
                     int                   response,
                     GtkFileChooserNative *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        kz_survey_results_page_export (self, file);
    }
  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (chooser));
  g_clear_object (&self->chooser);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KzSurveyResultsPage *self = KZ_SURVEY_RESULTS_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *name = NULL;

  if (self->chooser != NULL || self->round == NULL)
    return;
  gtk_file_filter_set_name (filter, _("CSV Files"));
  gtk_file_filter_add_pattern (filter, "*.csv");
  self->chooser = gtk_file_chooser_native_new (_("Export Survey Results"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  name = g_strdup_printf ("survey-round-%" G_GINT64_FORMAT ".csv", self->round->id);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (on_chooser_response), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
on_setup_changed (KzSurveyResultsPage *self)
{
  /* A round started or a bank edited: the chooser may have more. */
  kz_survey_results_page_reload (self);
}

static void
setup_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  KzSurveyResultsPage *self = KZ_SURVEY_RESULTS_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  KzSurveySetupDialog *dialog;

  if (self->store == NULL)
    return;
  dialog = kz_survey_setup_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->store);
  g_signal_connect_object (dialog, "changed", G_CALLBACK (on_setup_changed), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- the rest ------------------------------------------------------------------- */

void
kz_survey_results_page_set_store (KzSurveyResultsPage *self,
                                  KzStore             *store)
{
  g_return_if_fail (KZ_IS_SURVEY_RESULTS_PAGE (self));
  g_return_if_fail (store == NULL || KZ_IS_STORE (store));

  if (!g_set_object (&self->store, store))
    return;
  kz_survey_results_page_reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

void
kz_survey_results_page_set_allowed (KzSurveyResultsPage *self,
                                    gboolean             allowed)
{
  g_return_if_fail (KZ_IS_SURVEY_RESULTS_PAGE (self));

  allowed = !!allowed;
  if (self->allowed == allowed)
    return;
  self->allowed = allowed;
  if (!allowed)
    {
      /* Nothing of what a manager saw stays behind for the next person. */
      g_clear_pointer (&self->shown, g_ptr_array_unref);
      g_clear_pointer (&self->all_figures, g_ptr_array_unref);
      g_clear_pointer (&self->round, kz_survey_round_free);
      clear_container (GTK_WIDGET (self->figures_grid));
      clear_container (GTK_WIDGET (self->comments_list));
      clear_container (GTK_WIDGET (self->enps_teams));
    }
  kz_survey_results_page_reload (self);
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ALLOWED]);
}

gboolean
kz_survey_results_page_get_allowed (KzSurveyResultsPage *self)
{
  g_return_val_if_fail (KZ_IS_SURVEY_RESULTS_PAGE (self), FALSE);
  return self->allowed;
}

gboolean
kz_survey_results_page_get_loading (KzSurveyResultsPage *self)
{
  g_return_val_if_fail (KZ_IS_SURVEY_RESULTS_PAGE (self), FALSE);
  return self->loading;
}

const char *
kz_survey_results_page_get_state (KzSurveyResultsPage *self)
{
  g_return_val_if_fail (KZ_IS_SURVEY_RESULTS_PAGE (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

GPtrArray *
kz_survey_results_page_get_rounds (KzSurveyResultsPage *self)
{
  g_return_val_if_fail (KZ_IS_SURVEY_RESULTS_PAGE (self), NULL);
  return self->rounds;
}

gboolean
kz_survey_results_page_select_round (KzSurveyResultsPage *self,
                                     gint64               round_id)
{
  g_return_val_if_fail (KZ_IS_SURVEY_RESULTS_PAGE (self), FALSE);

  for (guint i = 0; self->rounds != NULL && i < self->rounds->len; i++)
    if (((KzSurveyRound *) g_ptr_array_index (self->rounds, i))->id == round_id)
      {
        if (gtk_drop_down_get_selected (self->round_dropdown) == i)
          load_round (self);
        else
          gtk_drop_down_set_selected (self->round_dropdown, i);
        return TRUE;
      }
  return FALSE;
}

gint64
kz_survey_results_page_get_round_id (KzSurveyResultsPage *self)
{
  g_return_val_if_fail (KZ_IS_SURVEY_RESULTS_PAGE (self), 0);
  return self->round != NULL ? self->round->id : 0;
}

void
kz_survey_results_page_set_by_team (KzSurveyResultsPage *self,
                                    gboolean             by_team)
{
  g_return_if_fail (KZ_IS_SURVEY_RESULTS_PAGE (self));
  gtk_toggle_button_set_active (self->by_team_button, by_team);
}

GPtrArray *
kz_survey_results_page_get_figures (KzSurveyResultsPage *self)
{
  g_return_val_if_fail (KZ_IS_SURVEY_RESULTS_PAGE (self), NULL);
  return self->shown;
}

GtkGrid *
kz_survey_results_page_get_table (KzSurveyResultsPage *self)
{
  g_return_val_if_fail (KZ_IS_SURVEY_RESULTS_PAGE (self), NULL);
  return self->figures_grid;
}

GtkWidget *
kz_survey_results_page_get_heatmap (KzSurveyResultsPage *self)
{
  g_return_val_if_fail (KZ_IS_SURVEY_RESULTS_PAGE (self), NULL);
  return GTK_WIDGET (self->heatmap_frame);
}

static void
kz_survey_results_page_dispose (GObject *object)
{
  KzSurveyResultsPage *self = KZ_SURVEY_RESULTS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  g_clear_object (&self->store);

  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), KZ_TYPE_SURVEY_RESULTS_PAGE);

  G_OBJECT_CLASS (kz_survey_results_page_parent_class)->dispose (object);
}

static void
kz_survey_results_page_finalize (GObject *object)
{
  KzSurveyResultsPage *self = KZ_SURVEY_RESULTS_PAGE (object);

  g_clear_pointer (&self->shown, g_ptr_array_unref);
  g_clear_pointer (&self->all_figures, g_ptr_array_unref);
  g_clear_pointer (&self->rounds, g_ptr_array_unref);
  g_clear_pointer (&self->round, kz_survey_round_free);

  G_OBJECT_CLASS (kz_survey_results_page_parent_class)->finalize (object);
}

static void
kz_survey_results_page_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  KzSurveyResultsPage *self = KZ_SURVEY_RESULTS_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_ALLOWED:
      g_value_set_boolean (value, self->allowed);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    case PROP_ROUND_ID:
      g_value_set_int64 (value, kz_survey_results_page_get_round_id (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kz_survey_results_page_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  KzSurveyResultsPage *self = KZ_SURVEY_RESULTS_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      kz_survey_results_page_set_store (self, g_value_get_object (value));
      break;
    case PROP_ALLOWED:
      kz_survey_results_page_set_allowed (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kz_survey_results_page_class_init (KzSurveyResultsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kz_survey_results_page_dispose;
  object_class->finalize = kz_survey_results_page_finalize;
  object_class->get_property = kz_survey_results_page_get_property;
  object_class->set_property = kz_survey_results_page_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, KZ_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ALLOWED] =
    g_param_spec_boolean ("allowed", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ROUND_ID] =
    g_param_spec_int64 ("round-id", NULL, NULL, 0, G_MAXINT64, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (KZ_TYPE_CHART_FRAME);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/KaizenQA/Kaizen/kz-survey-results-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KzSurveyResultsPage, round_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KzSurveyResultsPage, round_titles);
  gtk_widget_class_bind_template_child (widget_class, KzSurveyResultsPage, by_team_button);
  gtk_widget_class_bind_template_child (widget_class, KzSurveyResultsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, KzSurveyResultsPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, KzSurveyResultsPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, KzSurveyResultsPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, KzSurveyResultsPage, details_label);
  gtk_widget_class_bind_template_child (widget_class, KzSurveyResultsPage, enps_label);
  gtk_widget_class_bind_template_child (widget_class, KzSurveyResultsPage, enps_change_label);
  gtk_widget_class_bind_template_child (widget_class, KzSurveyResultsPage, enps_teams);
  gtk_widget_class_bind_template_child (widget_class, KzSurveyResultsPage, heatmap_frame);
  gtk_widget_class_bind_template_child (widget_class, KzSurveyResultsPage, figures_grid);
  gtk_widget_class_bind_template_child (widget_class, KzSurveyResultsPage, comments_note);
  gtk_widget_class_bind_template_child (widget_class, KzSurveyResultsPage, comments_list);
  gtk_widget_class_bind_template_callback (widget_class, on_round_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_by_team_toggled);

  gtk_widget_class_install_action (widget_class, "results.export", NULL, export_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "results.export", NULL);
  gtk_widget_class_install_action (widget_class, "results.setup", NULL, setup_action);
}

static void
kz_survey_results_page_init (KzSurveyResultsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_date_clear (&self->today, 1);
  kz_chart_frame_set_title (self->heatmap_frame, _("Drivers by Team"));
  set_state (self, "not-allowed");
}

GtkWidget *
kz_survey_results_page_new (void)
{
  return g_object_new (KZ_TYPE_SURVEY_RESULTS_PAGE, NULL);
}
