/* kz-survey-setup-dialog.c — the question bank and the pulse plans
 *
 * What a manager changes here goes through the store, which checks the
 * rules (a question with answers keeps its kind, k is 3–10, a round's dates
 * make sense); a refusal is shown in the store's own words.  The dialog
 * reads everything again after each change, off the UI thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kz-survey-setup-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "kz-error.h"
#include "kz-store-job.h"
#include "kz-survey-setup-dialog.h"
#include "kz-voice-format.h"

struct _KzSurveySetupDialog
{
  AdwPreferencesWindow  parent_instance;

  KzStore              *store;
  GCancellable         *cancellable;
  gboolean              busy;
  char                 *message;

  GPtrArray            *questions;   /* KzQuestion* */
  GPtrArray            *plans;       /* KzPulsePlan* */
  GPtrArray            *teams;       /* KzUnit* of kind team */
  GDate                 today;

  GPtrArray            *question_rows;  /* widgets added to bank_group */
  GPtrArray            *plan_groups;    /* groups added to plans_page */

  AdwPreferencesGroup  *bank_group;
  AdwPreferencesPage   *plans_page;
  AdwEntryRow          *new_text_row;
  AdwEntryRow          *new_driver_row;
  AdwComboRow          *new_kind_row;
};

G_DEFINE_FINAL_TYPE (KzSurveySetupDialog, kz_survey_setup_dialog, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void reload (KzSurveySetupDialog *self);

void
kz_survey_setup_dialog_default_dates (const GDate *today,
                                      GDate       *opens,
                                      GDate       *closes)
{
  g_return_if_fail (today != NULL && g_date_valid (today));

  *opens = *today;
  *closes = *today;
  g_date_add_days (closes, 6);
}

static void
set_busy (KzSurveySetupDialog *self,
          gboolean             busy)
{
  if (self->busy == busy)
    return;
  self->busy = busy;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
say (KzSurveySetupDialog *self,
     const char          *message)
{
  g_free (self->message);
  self->message = g_strdup (message);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (message));
}

static char *
date_text (const GDate *date)
{
  char buf[16];

  g_date_strftime (buf, sizeof buf, "%Y-%m-%d", date);
  return g_strdup (buf);
}

static gboolean
parse_date (const char *text,
            GDate      *date)
{
  int y, m, d;
  char end;

  g_date_clear (date, 1);
  if (text == NULL || sscanf (text, "%d-%d-%d%c", &y, &m, &d, &end) != 3 || !g_date_valid_dmy (d, m, y))
    return FALSE;
  g_date_set_dmy (date, d, m, y);
  return TRUE;
}

/* ---- writing ---------------------------------------------------------------- */

typedef enum {
  OP_UPDATE_QUESTION,
  OP_ADD_QUESTION,
  OP_ADD_PLAN,
  OP_UPDATE_PLAN,
  OP_START_ROUND,
} Operation;

typedef struct {
  Operation      op;
  KzQuestion    *question;
  KzPulsePlan   *plan;
  KzSurveyRound *round;
  char          *done;   /* what to say when it worked */
} WriteJob;

static void
write_job_free (gpointer data)
{
  WriteJob *job = data;

  g_clear_pointer (&job->question, kz_question_free);
  g_clear_pointer (&job->plan, kz_pulse_plan_free);
  g_clear_pointer (&job->round, kz_survey_round_free);
  g_free (job->done);
  g_free (job);
}

static gpointer
write_thread (KzStore       *store,
              gpointer       data,
              GCancellable  *cancellable,
              GError       **error)
{
  WriteJob *job = data;
  gboolean ok = FALSE;

  switch (job->op)
    {
    case OP_UPDATE_QUESTION:
      ok = kz_store_update_question (store, job->question, error);
      break;
    case OP_ADD_QUESTION:
      ok = kz_store_add_question (store, job->question, error);
      break;
    case OP_ADD_PLAN:
      ok = kz_store_add_pulse_plan (store, job->plan, error) > 0;
      break;
    case OP_UPDATE_PLAN:
      ok = kz_store_update_pulse_plan (store, job->plan, error);
      break;
    case OP_START_ROUND:
      ok = kz_store_create_round (store, job->round, error) > 0;
      break;
    default:
      g_assert_not_reached ();
    }
  return ok ? GINT_TO_POINTER (1) : NULL;
}

static void
write_done (GObject      *object,
            GAsyncResult *res,
            gpointer      user_data)
{
  KzSurveySetupDialog *self = KZ_SURVEY_SETUP_DIALOG (object);
  WriteJob *job = user_data;
  g_autoptr(GError) error = NULL;

  if (kz_store_job_finish (res, &error) == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      set_busy (self, FALSE);
      say (self, error->message);
      return;
    }
  if (job->op == OP_START_ROUND)
    {
      g_autofree char *opens = kz_voice_format_date (&job->round->opens_on);
      g_autofree char *closes = kz_voice_format_date (&job->round->closes_on);
      g_autofree char *text = NULL;

      /* Translators: the round's title, its first and last day */
      text = g_strdup_printf (_("Started “%s”, open %s to %s"), job->round->title, opens, closes);
      say (self, text);
    }
  else
    say (self, job->done);
  g_signal_emit (self, signals[CHANGED], 0);
  reload (self);
}

/* Runs @job; the dialog is busy until the reload after it. */
static void
run_write (KzSurveySetupDialog *self,
           WriteJob            *job)
{
  if (self->busy)
    {
      write_job_free (job);
      return;
    }
  set_busy (self, TRUE);
  kz_store_job_run_async (self->store, self, write_thread, job, write_job_free, NULL,
                          self->cancellable, write_done, job);
}

/* ---- the question bank --------------------------------------------------------- */

static const KzQuestion *
question_of (GtkWidget *widget)
{
  return g_object_get_data (G_OBJECT (widget), "question");
}

static void
on_save_question (KzSurveySetupDialog *self,
                  GtkButton           *button)
{
  GtkWidget *expander = g_object_get_data (G_OBJECT (button), "expander");
  const KzQuestion *q = question_of (expander);
  GtkEditable *text = g_object_get_data (G_OBJECT (expander), "text");
  GtkEditable *driver = g_object_get_data (G_OBJECT (expander), "driver");
  AdwComboRow *kind = g_object_get_data (G_OBJECT (expander), "kind");
  GtkSwitch *active = g_object_get_data (G_OBJECT (expander), "active");
  WriteJob *job = g_new0 (WriteJob, 1);
  g_autofree char *stripped_text = g_strstrip (g_strdup (gtk_editable_get_text (text)));
  g_autofree char *stripped_driver = g_strstrip (g_strdup (gtk_editable_get_text (driver)));

  job->op = OP_UPDATE_QUESTION;
  job->question = kz_question_copy (q);
  g_free (job->question->text);
  job->question->text = g_steal_pointer (&stripped_text);
  g_free (job->question->driver);
  job->question->driver = *stripped_driver != '\0' ? g_steal_pointer (&stripped_driver) : NULL;
  job->question->kind = adw_combo_row_get_selected (kind);
  job->question->active = gtk_switch_get_active (active);
  job->done = g_strdup (_("Question saved"));
  run_write (self, job);
}

static GtkWidget *
question_row (KzSurveySetupDialog *self,
              const KzQuestion    *q)
{
  GtkWidget *expander = adw_expander_row_new ();
  GtkWidget *text = adw_entry_row_new ();
  GtkWidget *driver = adw_entry_row_new ();
  GtkWidget *kind = adw_combo_row_new ();
  GtkWidget *active_row = adw_action_row_new ();
  GtkWidget *active = gtk_switch_new ();
  GtkWidget *save_row = adw_action_row_new ();
  GtkWidget *save = gtk_button_new_with_mnemonic (_("_Save"));
  g_autoptr(GtkStringList) kinds = gtk_string_list_new (NULL);
  g_autofree char *subtitle = NULL;
  g_autofree char *name = NULL;

  for (KzQuestionKind k = KZ_QUESTION_SCALE_0_10; k <= KZ_QUESTION_FREE_TEXT; k++)
    gtk_string_list_append (kinds, kz_voice_question_kind_label (k));

  /* Translators: a question's driver, kind and whether it is asked */
  subtitle = g_strdup_printf (_("%s · %s%s"), q->enps ? _("eNPS") : q->driver != NULL ? q->driver : _("No driver"),
                              kz_voice_question_kind_label (q->kind), q->active ? "" : _(" · retired"));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), q->text);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander), subtitle);
  name = g_strdup_printf ("setup-question-%s", q->id);
  gtk_widget_set_name (expander, name);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (text), _("Question"));
  gtk_editable_set_text (GTK_EDITABLE (text), q->text);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (driver), _("Driver"));
  gtk_editable_set_text (GTK_EDITABLE (driver), q->driver != NULL ? q->driver : "");
  gtk_widget_set_sensitive (driver, !q->enps);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (kind), _("Kind"));
  adw_combo_row_set_model (ADW_COMBO_ROW (kind), G_LIST_MODEL (kinds));
  adw_combo_row_set_selected (ADW_COMBO_ROW (kind), q->kind);
  gtk_widget_set_sensitive (kind, !q->enps);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (active_row), _("Asked in New Rounds"));
  gtk_switch_set_active (GTK_SWITCH (active), q->active);
  gtk_widget_set_valign (active, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (active_row), active);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (active_row), active);
  gtk_widget_set_valign (save, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (save_row), save);
  if (q->enps)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (save_row),
                                 _("The eNPS question is asked in every round and stays 0–10."));

  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), text);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), driver);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), kind);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), active_row);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), save_row);

  g_object_set_data_full (G_OBJECT (expander), "question", kz_question_copy (q), (GDestroyNotify) kz_question_free);
  g_object_set_data (G_OBJECT (expander), "text", text);
  g_object_set_data (G_OBJECT (expander), "driver", driver);
  g_object_set_data (G_OBJECT (expander), "kind", kind);
  g_object_set_data (G_OBJECT (expander), "active", active);
  g_object_set_data (G_OBJECT (save), "expander", expander);
  g_signal_connect_object (save, "clicked", G_CALLBACK (on_save_question), self, G_CONNECT_SWAPPED);
  return expander;
}

static void
on_add_question (KzSurveySetupDialog *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->new_text_row))));
  g_autofree char *driver = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->new_driver_row))));
  WriteJob *job;

  if (*text == '\0')
    {
      say (self, _("Write the question first."));
      return;
    }
  job = g_new0 (WriteJob, 1);
  job->op = OP_ADD_QUESTION;
  job->question = kz_question_new (NULL, text, adw_combo_row_get_selected (self->new_kind_row),
                                   *driver != '\0' ? driver : NULL);
  job->done = g_strdup (_("Question added at the end of the bank"));
  gtk_editable_set_text (GTK_EDITABLE (self->new_text_row), "");
  run_write (self, job);
}

/* ---- plans -------------------------------------------------------------------- */

static GtkWidget *
spin_row (const char *title,
          const char *subtitle,
          double      min,
          double      max,
          double      value)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *spin = gtk_spin_button_new_with_range (min, max, 1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), value);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
  g_object_set_data (G_OBJECT (row), "spin", spin);
  return row;
}

static int
spin_value (GtkWidget *row)
{
  return gtk_spin_button_get_value_as_int (g_object_get_data (G_OBJECT (row), "spin"));
}

static KzPulsePlan *
plan_from_group (GtkWidget *group)
{
  KzPulsePlan *plan = kz_pulse_plan_new ();
  GPtrArray *checks = g_object_get_data (G_OBJECT (group), "teams");
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (g_object_get_data (G_OBJECT (group), "name"))));

  plan->id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (group), "plan-id"));
  plan->name = g_steal_pointer (&name);
  plan->cadence_days = spin_value (g_object_get_data (G_OBJECT (group), "cadence"));
  plan->questions_per_round = spin_value (g_object_get_data (G_OBJECT (group), "per-round"));
  plan->k = spin_value (g_object_get_data (G_OBJECT (group), "k"));
  for (guint i = 0; checks != NULL && i < checks->len; i++)
    {
      GtkWidget *check = g_ptr_array_index (checks, i);
      gint64 team = *(gint64 *) g_object_get_data (G_OBJECT (check), "team-id");

      if (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)))
        g_array_append_val (plan->team_ids, team);
    }
  return plan;
}

static void
on_save_plan (KzSurveySetupDialog *self,
              GtkButton           *button)
{
  GtkWidget *group = g_object_get_data (G_OBJECT (button), "group");
  WriteJob *job = g_new0 (WriteJob, 1);

  job->plan = plan_from_group (group);
  job->op = job->plan->id > 0 ? OP_UPDATE_PLAN : OP_ADD_PLAN;
  job->done = g_strdup (job->plan->id > 0 ? _("Plan saved") : _("Plan added"));
  if (job->plan->name == NULL || *job->plan->name == '\0')
    {
      write_job_free (job);
      say (self, _("Give the plan a name first."));
      return;
    }
  run_write (self, job);
}

static void
on_start_round (KzSurveySetupDialog *self,
                GtkButton           *button)
{
  GtkWidget *group = g_object_get_data (G_OBJECT (button), "group");
  const char *opens = gtk_editable_get_text (g_object_get_data (G_OBJECT (group), "opens"));
  const char *closes = gtk_editable_get_text (g_object_get_data (G_OBJECT (group), "closes"));
  WriteJob *job;
  GDate from, to;

  if (!parse_date (opens, &from) || !parse_date (closes, &to))
    {
      say (self, _("Write the first and the last day of the round as YYYY-MM-DD."));
      return;
    }
  job = g_new0 (WriteJob, 1);
  job->op = OP_START_ROUND;
  job->round = kz_survey_round_new ();
  job->round->plan_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (group), "plan-id"));
  job->round->opens_on = from;
  job->round->closes_on = to;
  run_write (self, job);
}

static GtkWidget *
plan_group (KzSurveySetupDialog *self,
            const KzPulsePlan   *plan)
{
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *name = adw_entry_row_new ();
  GtkWidget *cadence = spin_row (_("Cadence"), _("A round every this many days"), 1, 365,
                                 plan != NULL ? plan->cadence_days : 14);
  GtkWidget *per_round = spin_row (_("Questions a Round"), _("Besides the eNPS question and the comment"), 1, 12,
                                   plan != NULL ? plan->questions_per_round : 4);
  GtkWidget *k = spin_row (_("Reporting Minimum (k)"),
                           _("Figures only for groups with at least this many answers; locked in a round once it "
                             "has answers"), KZ_VOICE_K_MIN, KZ_VOICE_K_MAX,
                           plan != NULL ? plan->k : KZ_VOICE_K_DEFAULT);
  GtkWidget *audience = adw_expander_row_new ();
  GtkWidget *save_row = adw_action_row_new ();
  GtkWidget *save = gtk_button_new_with_mnemonic (plan != NULL ? _("_Save Plan") : _("_Add Plan"));
  GPtrArray *checks = g_ptr_array_new ();
  g_autofree char *group_name = g_strdup_printf ("setup-plan-%" G_GINT64_FORMAT, plan != NULL ? plan->id : 0);

  gtk_widget_set_name (group, group_name);
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), plan != NULL ? plan->name : _("New Plan"));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (name), _("Name"));
  gtk_editable_set_text (GTK_EDITABLE (name), plan != NULL ? plan->name : "");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (audience), _("Audience"));
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (audience), _("No team ticked: everyone"));
  for (guint i = 0; i < self->teams->len; i++)
    {
      const KzUnit *team = g_ptr_array_index (self->teams, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();
      gboolean in = FALSE;

      for (guint t = 0; plan != NULL && t < plan->team_ids->len; t++)
        in = in || g_array_index (plan->team_ids, gint64, t) == team->id;
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), team->name);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), in);
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      g_object_set_data_full (G_OBJECT (check), "team-id", g_memdup2 (&team->id, sizeof team->id), g_free);
      g_ptr_array_add (checks, check);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (audience), row);
    }
  gtk_widget_set_valign (save, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (save_row), save);

  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), name);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), cadence);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), per_round);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), k);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), audience);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), save_row);

  g_object_set_data (G_OBJECT (group), "plan-id", GSIZE_TO_POINTER (plan != NULL ? plan->id : 0));
  g_object_set_data (G_OBJECT (group), "name", name);
  g_object_set_data (G_OBJECT (group), "cadence", cadence);
  g_object_set_data (G_OBJECT (group), "per-round", per_round);
  g_object_set_data (G_OBJECT (group), "k", k);
  g_object_set_data_full (G_OBJECT (group), "teams", checks, (GDestroyNotify) g_ptr_array_unref);
  g_object_set_data (G_OBJECT (save), "group", group);
  gtk_widget_set_name (save, plan != NULL ? "setup-save-plan" : "setup-add-plan");
  g_signal_connect_object (save, "clicked", G_CALLBACK (on_save_plan), self, G_CONNECT_SWAPPED);

  if (plan != NULL && g_date_valid (&self->today))
    {
      GtkWidget *opens = adw_entry_row_new ();
      GtkWidget *closes = adw_entry_row_new ();
      GtkWidget *start_row = adw_action_row_new ();
      GtkWidget *start = gtk_button_new_with_mnemonic (_("Start _Next Round"));
      g_autofree char *opens_text = NULL;
      g_autofree char *closes_text = NULL;
      GDate from, to;

      kz_survey_setup_dialog_default_dates (&self->today, &from, &to);
      opens_text = date_text (&from);
      closes_text = date_text (&to);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (opens), _("Next Round Opens (YYYY-MM-DD)"));
      gtk_editable_set_text (GTK_EDITABLE (opens), opens_text);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (closes), _("Last Day (YYYY-MM-DD)"));
      gtk_editable_set_text (GTK_EDITABLE (closes), closes_text);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (start_row),
                                   _("The eNPS question, the next questions in rotation, and the comment"));
      gtk_widget_set_valign (start, GTK_ALIGN_CENTER);
      gtk_widget_set_name (start, "setup-start-round");
      gtk_widget_add_css_class (start, "suggested-action");
      adw_action_row_add_suffix (ADW_ACTION_ROW (start_row), start);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), opens);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), closes);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), start_row);
      g_object_set_data (G_OBJECT (group), "opens", opens);
      g_object_set_data (G_OBJECT (group), "closes", closes);
      g_object_set_data (G_OBJECT (start), "group", group);
      g_signal_connect_object (start, "clicked", G_CALLBACK (on_start_round), self, G_CONNECT_SWAPPED);
    }
  return group;
}

/* ---- reading ------------------------------------------------------------------- */

typedef struct {
  GPtrArray *questions;
  GPtrArray *plans;
  GPtrArray *units;
  GDate      today;
} LoadResult;

static void
load_result_free (gpointer data)
{
  LoadResult *r = data;

  g_clear_pointer (&r->questions, g_ptr_array_unref);
  g_clear_pointer (&r->plans, g_ptr_array_unref);
  g_clear_pointer (&r->units, g_ptr_array_unref);
  g_free (r);
}

static gpointer
load_thread (KzStore       *store,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  LoadResult *r = g_new0 (LoadResult, 1);

  g_date_clear (&r->today, 1);
  /* A manager sees the shipped bank on first use. */
  if (!kz_store_seed_question_bank (store, NULL, error) ||
      (r->questions = kz_store_list_questions (store, error)) == NULL ||
      (r->plans = kz_store_list_pulse_plans (store, error)) == NULL ||
      (r->units = kz_store_list_units (store, error)) == NULL ||
      !kz_store_voice_today (store, &r->today, error))
    {
      load_result_free (r);
      return NULL;
    }
  return r;
}

static void
load_done (GObject      *object,
           GAsyncResult *res,
           gpointer      user_data)
{
  KzSurveySetupDialog *self = KZ_SURVEY_SETUP_DIALOG (object);
  g_autoptr(GError) error = NULL;
  LoadResult *r = kz_store_job_finish (res, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);
  if (r == NULL)
    {
      say (self, error->message);
      return;
    }

  g_clear_pointer (&self->questions, g_ptr_array_unref);
  g_clear_pointer (&self->plans, g_ptr_array_unref);
  self->questions = g_steal_pointer (&r->questions);
  self->plans = g_steal_pointer (&r->plans);
  self->today = r->today;
  g_ptr_array_set_size (self->teams, 0);
  for (guint i = 0; i < r->units->len; i++)
    {
      KzUnit *u = g_ptr_array_index (r->units, i);

      if (u->kind == KZ_UNIT_TEAM)
        g_ptr_array_add (self->teams, u);
    }
  /* The teams point into the units: keep them with the dialog. */
  g_object_set_data_full (G_OBJECT (self), "units", g_steal_pointer (&r->units), (GDestroyNotify) g_ptr_array_unref);
  load_result_free (r);

  for (guint i = 0; i < self->question_rows->len; i++)
    adw_preferences_group_remove (self->bank_group, g_ptr_array_index (self->question_rows, i));
  g_ptr_array_set_size (self->question_rows, 0);
  for (guint i = 0; i < self->questions->len; i++)
    {
      GtkWidget *row = question_row (self, g_ptr_array_index (self->questions, i));

      adw_preferences_group_add (self->bank_group, row);
      g_ptr_array_add (self->question_rows, row);
    }

  for (guint i = 0; i < self->plan_groups->len; i++)
    adw_preferences_page_remove (self->plans_page, g_ptr_array_index (self->plan_groups, i));
  g_ptr_array_set_size (self->plan_groups, 0);
  for (guint i = 0; i <= self->plans->len; i++)
    {
      GtkWidget *group = plan_group (self, i < self->plans->len ? g_ptr_array_index (self->plans, i) : NULL);

      adw_preferences_page_add (self->plans_page, ADW_PREFERENCES_GROUP (group));
      g_ptr_array_add (self->plan_groups, group);
    }
}

static void
reload (KzSurveySetupDialog *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  set_busy (self, TRUE);
  kz_store_job_run_async (self->store, self, load_thread, NULL, NULL, load_result_free,
                          self->cancellable, load_done, NULL);
}

gboolean
kz_survey_setup_dialog_get_busy (KzSurveySetupDialog *self)
{
  g_return_val_if_fail (KZ_IS_SURVEY_SETUP_DIALOG (self), FALSE);
  return self->busy;
}

const char *
kz_survey_setup_dialog_get_message (KzSurveySetupDialog *self)
{
  g_return_val_if_fail (KZ_IS_SURVEY_SETUP_DIALOG (self), NULL);
  return self->message;
}

GPtrArray *
kz_survey_setup_dialog_get_questions (KzSurveySetupDialog *self)
{
  g_return_val_if_fail (KZ_IS_SURVEY_SETUP_DIALOG (self), NULL);
  return self->questions;
}

GPtrArray *
kz_survey_setup_dialog_get_plans (KzSurveySetupDialog *self)
{
  g_return_val_if_fail (KZ_IS_SURVEY_SETUP_DIALOG (self), NULL);
  return self->plans;
}

static void
kz_survey_setup_dialog_dispose (GObject *object)
{
  KzSurveySetupDialog *self = KZ_SURVEY_SETUP_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  gtk_widget_dispose_template (GTK_WIDGET (self), KZ_TYPE_SURVEY_SETUP_DIALOG);

  G_OBJECT_CLASS (kz_survey_setup_dialog_parent_class)->dispose (object);
}

static void
kz_survey_setup_dialog_finalize (GObject *object)
{
  KzSurveySetupDialog *self = KZ_SURVEY_SETUP_DIALOG (object);

  g_clear_pointer (&self->questions, g_ptr_array_unref);
  g_clear_pointer (&self->plans, g_ptr_array_unref);
  g_clear_pointer (&self->teams, g_ptr_array_unref);
  g_clear_pointer (&self->question_rows, g_ptr_array_unref);
  g_clear_pointer (&self->plan_groups, g_ptr_array_unref);
  g_free (self->message);

  G_OBJECT_CLASS (kz_survey_setup_dialog_parent_class)->finalize (object);
}

static void
kz_survey_setup_dialog_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  KzSurveySetupDialog *self = KZ_SURVEY_SETUP_DIALOG (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kz_survey_setup_dialog_class_init (KzSurveySetupDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kz_survey_setup_dialog_dispose;
  object_class->finalize = kz_survey_setup_dialog_finalize;
  object_class->get_property = kz_survey_setup_dialog_get_property;

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/KaizenQA/Kaizen/kz-survey-setup-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, KzSurveySetupDialog, bank_group);
  gtk_widget_class_bind_template_child (widget_class, KzSurveySetupDialog, plans_page);
  gtk_widget_class_bind_template_child (widget_class, KzSurveySetupDialog, new_text_row);
  gtk_widget_class_bind_template_child (widget_class, KzSurveySetupDialog, new_driver_row);
  gtk_widget_class_bind_template_child (widget_class, KzSurveySetupDialog, new_kind_row);
  gtk_widget_class_bind_template_callback (widget_class, on_add_question);
}

static void
kz_survey_setup_dialog_init (KzSurveySetupDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->teams = g_ptr_array_new ();
  self->question_rows = g_ptr_array_new ();
  self->plan_groups = g_ptr_array_new ();
  g_date_clear (&self->today, 1);
}

KzSurveySetupDialog *
kz_survey_setup_dialog_new (GtkWindow *parent,
                            KzStore   *store)
{
  KzSurveySetupDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (KZ_IS_STORE (store), NULL);

  self = g_object_new (KZ_TYPE_SURVEY_SETUP_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  reload (self);
  return self;
}
