/* kz-sample-dialog.c — sample a period's interactions and share them out
 *
 * What a QA lead does on Monday: last week's interactions, N per agent,
 * shared between the reviewers.  The form maps to a KzSamplePlan and
 * kz_sample_and_assign() does the rest on a worker thread; the dialog only
 * says what is missing before, and what happened after.
 *
 * The seed is shown, and prefilled at random, because a sample someone
 * questions must be drawn again: the same seed on the same interactions
 * gives the same sample.
 *
 * Closing the dialog while the sample is being written does not stop it:
 * kz_sample_and_assign() is one transaction that is either stored whole or
 * not at all, so there is no half-way to stop at.  The dialog hides, and
 * still reports the sample (KzSampleDialog::sampled) when it is stored, or
 * comes back with the error when it was not.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kz-sample-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "kz-error.h"
#include "kz-sample-dialog.h"
#include "kz-store-job.h"

struct _KzSampleDialog
{
  AdwWindow            parent_instance;

  KzStore             *store;
  GCancellable        *cancellable;      /* reading the reviewers */
  gboolean             loading;
  gboolean             reviewers_failed;
  gboolean             busy;
  gboolean             hidden_busy;      /* closed while a sample was being written */
  gboolean             disposed;
  GArray              *reviewer_ids;     /* gint64, in the order of @checks */
  GPtrArray           *checks;           /* GtkCheckButton*, the reviewer rows' */
  char                *problem;
  char                *error;

  /* What the running sample was asked for, for its summary. */
  guint                run_per_agent;
  gboolean             run_per_channel;
  guint                run_n_reviewers;

  GtkWidget           *cancel_button;
  GtkWidget           *sample_button;
  GtkSpinner          *spinner;
  GtkLabel            *error_label;
  GtkWidget           *form;
  AdwEntryRow         *from_row;
  AdwEntryRow         *to_row;
  GtkLabel            *period_problem;
  GtkSpinButton       *per_agent_spin;
  GtkSwitch           *per_channel_switch;
  GtkLabel            *sample_problem;
  AdwEntryRow         *seed_row;
  AdwPreferencesGroup *reviewers_group;
  GtkLabel            *reviewers_problem;
};

G_DEFINE_FINAL_TYPE (KzSampleDialog, kz_sample_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_STORE,
  PROP_LOADING,
  PROP_BUSY,
  PROP_PROBLEM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SAMPLED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- pure functions -------------------------------------------------------- */

void
kz_sample_dialog_previous_week (GDateTime  *now,
                                GDateTime **from,
                                GDateTime **to)
{
  g_autoptr(GDateTime) today = NULL;
  g_autoptr(GDateTime) monday = NULL;

  g_return_if_fail (now != NULL && from != NULL && to != NULL);

  today = g_date_time_new (g_date_time_get_timezone (now), g_date_time_get_year (now),
                           g_date_time_get_month (now), g_date_time_get_day_of_month (now), 0, 0, 0);
  /* Day of the week: 1 is Monday … 7 is Sunday.  Calendar days, so a
   * change to or from summer time keeps midnight at midnight. */
  monday = g_date_time_add_days (today, 1 - g_date_time_get_day_of_week (today));
  *from = g_date_time_add_days (monday, -7);
  *to = g_steal_pointer (&monday);
}

GDateTime *
kz_sample_dialog_parse_day (const char *text)
{
  return kz_parse_day (text);
}

gboolean
kz_sample_dialog_parse_seed (const char *text,
                             guint32    *seed)
{
  g_autofree char *copy = NULL;
  guint64 value = 0;

  if (text == NULL)
    return FALSE;
  copy = g_strstrip (g_strdup (text));
  if (!g_ascii_string_to_unsigned (copy, 10, 0, G_MAXINT32, &value, NULL))
    return FALSE;
  if (seed != NULL)
    *seed = (guint32) value;
  return TRUE;
}

char *
kz_sample_dialog_format_day (GDateTime *day)
{
  g_return_val_if_fail (day != NULL, NULL);
  return g_date_time_format (day, "%Y-%m-%d");
}

static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;
  for (; *text != '\0'; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;
  return TRUE;
}

KzSampleFormProblem
kz_sample_dialog_check (const char  *from_text,
                        const char  *to_text,
                        guint        per_agent,
                        const char  *seed_text,
                        guint        n_reviewers,
                        guint        n_checked,
                        char       **message)
{
  g_autoptr(GDateTime) from = kz_sample_dialog_parse_day (from_text);
  g_autoptr(GDateTime) to = kz_sample_dialog_parse_day (to_text);
  KzSampleFormProblem problem = KZ_SAMPLE_FORM_OK;
  char *text = NULL;

  if (from == NULL)
    {
      problem = KZ_SAMPLE_FORM_BAD_FROM;
      text = is_blank (from_text)
             ? g_strdup (_("Enter the first day of the period as YYYY-MM-DD."))
             /* Translators: what was typed */
             : g_strdup_printf (_("“%s” is not a date: write the first day as YYYY-MM-DD, e.g. 2026-03-02."),
                                from_text);
    }
  else if (to == NULL)
    {
      problem = KZ_SAMPLE_FORM_BAD_TO;
      text = is_blank (to_text)
             ? g_strdup (_("Enter the day after the period as YYYY-MM-DD."))
             /* Translators: what was typed */
             : g_strdup_printf (_("“%s” is not a date: write the day after the period as YYYY-MM-DD, e.g. 2026-03-09."),
                                to_text);
    }
  else if (g_date_time_compare (from, to) >= 0)
    {
      problem = KZ_SAMPLE_FORM_EMPTY_PERIOD;
      text = g_strdup (_("The period is empty: “To” is the day after the last day sampled, so it must come after “From”."));
    }
  else if (per_agent == 0)
    {
      problem = KZ_SAMPLE_FORM_NO_QUOTA;
      text = g_strdup (_("Sample at least one interaction per agent."));
    }
  else if (!kz_sample_dialog_parse_seed (seed_text, NULL))
    {
      problem = KZ_SAMPLE_FORM_BAD_SEED;
      text = is_blank (seed_text)
             ? g_strdup (_("Enter a seed: any whole number, to draw the same sample again later."))
             /* Translators: what was typed */
             : g_strdup_printf (_("“%s” is not a seed: use a whole number from 0 to 2147483647."), seed_text);
    }
  else if (n_reviewers == 0)
    {
      problem = KZ_SAMPLE_FORM_NO_REVIEWERS;
      text = g_strdup (_("There are no reviewers in this database yet: give someone the reviewer role first."));
    }
  else if (n_checked == 0)
    {
      problem = KZ_SAMPLE_FORM_NO_REVIEWER;
      text = g_strdup (_("Check at least one reviewer to share the sample between."));
    }

  if (message != NULL)
    *message = text;
  else
    g_free (text);
  return problem;
}

char *
kz_sample_dialog_summary (const KzSampleResult *result,
                          guint                 per_agent,
                          gboolean              per_channel,
                          guint                 n_reviewers)
{
  g_autofree char *done = NULL;
  g_autofree char *shortfall = NULL;

  g_return_val_if_fail (result != NULL, NULL);

  if (result->n_candidates == 0)
    return g_strdup (_("Nothing to sample: every interaction of the period has been given out or reviewed already"));
  if (result->n_sampled == 0)
    return g_strdup (_("No interactions sampled: none is left that a checked reviewer may review"));

  if (n_reviewers == 1)
    done = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "%u interaction sampled and given to the reviewer",
                                         "%u interactions sampled and given to the reviewer",
                                         result->n_sampled),
                            result->n_sampled);
  else
    /* Translators: interactions, reviewers (always more than one) */
    done = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "%u interaction sampled and shared among %u reviewers",
                                         "%u interactions sampled and shared among %u reviewers",
                                         result->n_sampled),
                            result->n_sampled, n_reviewers);
  if (result->n_short == 0)
    return g_steal_pointer (&done);

  if (per_channel)
    /* Translators: how many of the agents' calls-or-emails had fewer candidates than the quota */
    shortfall = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "%u of the agents’ channels had fewer than %u interactions to sample",
                                              "%u of the agents’ channels had fewer than %u interactions to sample",
                                              result->n_short),
                                 result->n_short, per_agent);
  else
    shortfall = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "%u agent had fewer than %u interactions to sample",
                                              "%u agents had fewer than %u interactions to sample",
                                              result->n_short),
                                 result->n_short, per_agent);
  /* Translators: what was sampled; who was short of the quota */
  return g_strdup_printf (_("%s; %s"), done, shortfall);
}

/* ---- the form -------------------------------------------------------------- */

static guint
n_checked (KzSampleDialog *self)
{
  guint n = 0;

  for (guint i = 0; i < self->checks->len; i++)
    if (gtk_check_button_get_active (g_ptr_array_index (self->checks, i)))
      n++;
  return n;
}

static void
show_problem (GtkLabel   *label,
              const char *text)
{
  gtk_label_set_text (label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL);
}

static void
set_error_class (gpointer widget,
                 gboolean error)
{
  if (error)
    gtk_widget_add_css_class (GTK_WIDGET (widget), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (widget), "error");
}

/* The one place that decides what the form says and whether Sample works. */
static void
update_form (KzSampleDialog *self)
{
  g_autofree char *message = NULL;
  KzSampleFormProblem problem;
  const char *reason;

  problem = kz_sample_dialog_check (gtk_editable_get_text (GTK_EDITABLE (self->from_row)),
                                    gtk_editable_get_text (GTK_EDITABLE (self->to_row)),
                                    (guint) gtk_spin_button_get_value_as_int (self->per_agent_spin),
                                    gtk_editable_get_text (GTK_EDITABLE (self->seed_row)),
                                    self->reviewer_ids->len, n_checked (self), &message);
  /* Until the reviewers are read, "no reviewers" is not known yet. */
  if (self->loading && (problem == KZ_SAMPLE_FORM_NO_REVIEWERS || problem == KZ_SAMPLE_FORM_NO_REVIEWER))
    {
      problem = KZ_SAMPLE_FORM_OK;
      g_clear_pointer (&message, g_free);
    }
  /* Nor when they could not be read (the message at the top says why). */
  else if (self->reviewers_failed && problem == KZ_SAMPLE_FORM_NO_REVIEWERS)
    {
      g_free (message);
      message = g_strdup (_("The reviewers could not be read."));
    }

  set_error_class (self->from_row, problem == KZ_SAMPLE_FORM_BAD_FROM || problem == KZ_SAMPLE_FORM_EMPTY_PERIOD);
  set_error_class (self->to_row, problem == KZ_SAMPLE_FORM_BAD_TO || problem == KZ_SAMPLE_FORM_EMPTY_PERIOD);
  set_error_class (self->per_agent_spin, problem == KZ_SAMPLE_FORM_NO_QUOTA);
  set_error_class (self->seed_row, problem == KZ_SAMPLE_FORM_BAD_SEED);
  show_problem (self->period_problem,
                problem == KZ_SAMPLE_FORM_BAD_FROM || problem == KZ_SAMPLE_FORM_BAD_TO ||
                problem == KZ_SAMPLE_FORM_EMPTY_PERIOD ? message : NULL);
  show_problem (self->sample_problem,
                problem == KZ_SAMPLE_FORM_NO_QUOTA || problem == KZ_SAMPLE_FORM_BAD_SEED ? message : NULL);
  show_problem (self->reviewers_problem,
                problem == KZ_SAMPLE_FORM_NO_REVIEWERS || problem == KZ_SAMPLE_FORM_NO_REVIEWER ? message
                : self->loading ? _("Reading the reviewers…") : NULL);

  reason = message != NULL ? message : self->loading ? _("Reading the reviewers…") : NULL;
  if (g_strcmp0 (reason, self->problem) != 0)
    {
      g_free (self->problem);
      self->problem = g_strdup (reason);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROBLEM]);
    }

  gtk_widget_set_sensitive (self->sample_button, !self->busy && self->problem == NULL);
  gtk_widget_set_tooltip_text (self->sample_button, self->problem);
}

static void
on_form_changed (KzSampleDialog *self)
{
  update_form (self);
}

static void
on_new_seed_clicked (KzSampleDialog *self)
{
  g_autofree char *seed = g_strdup_printf ("%" G_GINT32_FORMAT, g_random_int_range (1, G_MAXINT32));

  gtk_editable_set_text (GTK_EDITABLE (self->seed_row), seed);
}

/* @text says what failed, with the store's @message in it; NULL: all well. */
static void
show_error (KzSampleDialog *self,
            const char     *text,
            const char     *message)
{
  g_free (self->error);
  self->error = g_strdup (message);
  gtk_label_set_text (self->error_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
set_busy (KzSampleDialog *self,
          gboolean        busy)
{
  if (self->busy == busy)
    return;

  self->busy = busy;
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_sensitive (self->form, !busy);
  /* Closing now keeps what is being written: say so. */
  gtk_button_set_label (GTK_BUTTON (self->cancel_button), busy ? _("_Close") : _("_Cancel"));
  gtk_widget_set_tooltip_text (self->cancel_button,
                               busy ? _("The sample being written is kept, and the window says when it is done")
                                    : NULL);
  update_form (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/* ---- the reviewers --------------------------------------------------------- */

static gpointer
list_reviewers_thread (KzStore       *store,
                       gpointer       data,
                       GCancellable  *cancellable,
                       GError       **error)
{
  return kz_store_list_people (store, KZ_ROLE_REVIEWER, error);
}

static void
add_reviewer_row (KzSampleDialog *self,
                  const KzPerson *person)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *check = gtk_check_button_new ();
  g_autofree char *name = g_strdup_printf ("reviewer-%" G_GINT64_FORMAT, person->id);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), person->name);
  if (person->emails != NULL && person->emails[0] != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), person->emails[0]);

  gtk_widget_set_name (check, name);
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_RELATION_LABELLED_BY, row, NULL, -1);
  g_signal_connect_object (check, "toggled", G_CALLBACK (on_form_changed), self, G_CONNECT_SWAPPED);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);

  adw_preferences_group_add (self->reviewers_group, row);
  g_ptr_array_add (self->checks, check);
  g_array_append_val (self->reviewer_ids, person->id);
}

static void
list_reviewers_done (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  KzSampleDialog *self = KZ_SAMPLE_DIALOG (source);
  g_autoptr(GPtrArray) people = NULL;
  g_autoptr(GError) error = NULL;

  people = kz_store_job_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->loading = FALSE;
  self->reviewers_failed = people == NULL;
  if (people == NULL)
    {
      /* Translators: the store's reason */
      g_autofree char *text = g_strdup_printf (_("Could not read the reviewers: %s"), error->message);

      show_error (self, text, error->message);
    }
  else
    for (guint i = 0; i < people->len; i++)
      add_reviewer_row (self, g_ptr_array_index (people, i));
  update_form (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

/* ---- sampling -------------------------------------------------------------- */

typedef struct {
  GDateTime *from;
  GDateTime *to;
  guint      per_agent;
  gboolean   per_channel;
  guint32    seed;
  GArray    *reviewers;
} SampleJob;

static void
sample_job_free (gpointer data)
{
  SampleJob *job = data;

  g_clear_pointer (&job->from, g_date_time_unref);
  g_clear_pointer (&job->to, g_date_time_unref);
  g_clear_pointer (&job->reviewers, g_array_unref);
  g_free (job);
}

static gpointer
sample_thread (KzStore       *store,
               gpointer       data,
               GCancellable  *cancellable,
               GError       **error)
{
  SampleJob *job = data;
  KzSamplePlan plan = { job->from, job->to, job->per_agent, job->per_channel, job->seed, job->reviewers };
  g_autofree KzSampleResult *result = g_new0 (KzSampleResult, 1);

  if (!kz_sample_and_assign (store, &plan, result, error))
    return NULL;
  return g_steal_pointer (&result);
}

static void
sample_done (GObject      *source,
             GAsyncResult *res,
             gpointer      user_data)
{
  g_autoptr(KzSampleDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree KzSampleResult *result = kz_store_job_finish (res, &error);
  g_autofree char *summary = NULL;

  /* The main window went, and the dialog with it: what was stored stays. */
  if (self->disposed)
    return;

  set_busy (self, FALSE);
  if (result == NULL)
    {
      /* Translators: the store's reason */
      g_autofree char *text = g_strdup_printf (_("Nothing was sampled: %s"), error->message);

      /* Nothing was written.  Closed meanwhile: come back to say why. */
      show_error (self, text, error->message);
      if (self->hidden_busy)
        {
          self->hidden_busy = FALSE;
          gtk_window_present (GTK_WINDOW (self));
        }
      return;
    }

  summary = kz_sample_dialog_summary (result, self->run_per_agent, self->run_per_channel, self->run_n_reviewers);
  g_signal_emit (self, signals[SAMPLED], 0, summary);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
on_sample_clicked (KzSampleDialog *self)
{
  SampleJob *job;

  if (self->busy || self->store == NULL)
    return;

  /* A number typed but not yet confirmed with Enter counts. */
  gtk_spin_button_update (self->per_agent_spin);
  update_form (self);
  if (self->problem != NULL)
    return;

  job = g_new0 (SampleJob, 1);
  job->from = kz_sample_dialog_parse_day (gtk_editable_get_text (GTK_EDITABLE (self->from_row)));
  job->to = kz_sample_dialog_parse_day (gtk_editable_get_text (GTK_EDITABLE (self->to_row)));
  job->per_agent = (guint) gtk_spin_button_get_value_as_int (self->per_agent_spin);
  job->per_channel = gtk_switch_get_active (self->per_channel_switch);
  if (!kz_sample_dialog_parse_seed (gtk_editable_get_text (GTK_EDITABLE (self->seed_row)), &job->seed))
    g_assert_not_reached ();   /* update_form() said it was fine */
  job->reviewers = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (guint i = 0; i < self->checks->len; i++)
    if (gtk_check_button_get_active (g_ptr_array_index (self->checks, i)))
      g_array_append_val (job->reviewers, g_array_index (self->reviewer_ids, gint64, i));

  self->run_per_agent = job->per_agent;
  self->run_per_channel = job->per_channel;
  self->run_n_reviewers = job->reviewers->len;

  show_error (self, NULL, NULL);
  set_busy (self, TRUE);
  /* No cancellable: once started, the sample is stored whole or not at all
   * (see the top of the file). */
  kz_store_job_run_async (self->store, NULL, sample_thread, job, sample_job_free, g_free,
                          NULL, sample_done, g_object_ref (self));
}

static gboolean
kz_sample_dialog_close_request (GtkWindow *window)
{
  KzSampleDialog *self = KZ_SAMPLE_DIALOG (window);

  if (self->busy)
    {
      self->hidden_busy = TRUE;
      gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
      return TRUE;
    }
  return GTK_WINDOW_CLASS (kz_sample_dialog_parent_class)->close_request (window);
}

/* ---- the object ------------------------------------------------------------ */

gboolean
kz_sample_dialog_get_loading (KzSampleDialog *self)
{
  g_return_val_if_fail (KZ_IS_SAMPLE_DIALOG (self), FALSE);
  return self->loading;
}

gboolean
kz_sample_dialog_get_busy (KzSampleDialog *self)
{
  g_return_val_if_fail (KZ_IS_SAMPLE_DIALOG (self), FALSE);
  return self->busy;
}

const char *
kz_sample_dialog_get_problem (KzSampleDialog *self)
{
  g_return_val_if_fail (KZ_IS_SAMPLE_DIALOG (self), NULL);
  return self->problem;
}

const char *
kz_sample_dialog_get_error (KzSampleDialog *self)
{
  g_return_val_if_fail (KZ_IS_SAMPLE_DIALOG (self), NULL);
  return self->error;
}

static void
kz_sample_dialog_constructed (GObject *object)
{
  KzSampleDialog *self = KZ_SAMPLE_DIALOG (object);

  G_OBJECT_CLASS (kz_sample_dialog_parent_class)->constructed (object);

  g_return_if_fail (self->store != NULL);

  self->loading = TRUE;
  update_form (self);
  kz_store_job_run_async (self->store, self, list_reviewers_thread, NULL, NULL,
                          (GDestroyNotify) g_ptr_array_unref, self->cancellable,
                          list_reviewers_done, NULL);
}

static void
kz_sample_dialog_dispose (GObject *object)
{
  KzSampleDialog *self = KZ_SAMPLE_DIALOG (object);

  self->disposed = TRUE;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  gtk_widget_dispose_template (GTK_WIDGET (self), KZ_TYPE_SAMPLE_DIALOG);

  G_OBJECT_CLASS (kz_sample_dialog_parent_class)->dispose (object);
}

static void
kz_sample_dialog_finalize (GObject *object)
{
  KzSampleDialog *self = KZ_SAMPLE_DIALOG (object);

  g_clear_pointer (&self->reviewer_ids, g_array_unref);
  g_clear_pointer (&self->checks, g_ptr_array_unref);
  g_free (self->problem);
  g_free (self->error);

  G_OBJECT_CLASS (kz_sample_dialog_parent_class)->finalize (object);
}

static void
kz_sample_dialog_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  KzSampleDialog *self = KZ_SAMPLE_DIALOG (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    case PROP_PROBLEM:
      g_value_set_string (value, self->problem);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kz_sample_dialog_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  KzSampleDialog *self = KZ_SAMPLE_DIALOG (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kz_sample_dialog_class_init (KzSampleDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = kz_sample_dialog_constructed;
  object_class->dispose = kz_sample_dialog_dispose;
  object_class->finalize = kz_sample_dialog_finalize;
  object_class->get_property = kz_sample_dialog_get_property;
  object_class->set_property = kz_sample_dialog_set_property;
  window_class->close_request = kz_sample_dialog_close_request;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, KZ_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROBLEM] =
    g_param_spec_string ("problem", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * KzSampleDialog::sampled:
   * @summary: what was sampled, as the window's toast says it
   *
   * A sample is stored (the queues changed).
   */
  signals[SAMPLED] =
    g_signal_new ("sampled", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/KaizenQA/Kaizen/kz-sample-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, KzSampleDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, KzSampleDialog, sample_button);
  gtk_widget_class_bind_template_child (widget_class, KzSampleDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, KzSampleDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, KzSampleDialog, form);
  gtk_widget_class_bind_template_child (widget_class, KzSampleDialog, from_row);
  gtk_widget_class_bind_template_child (widget_class, KzSampleDialog, to_row);
  gtk_widget_class_bind_template_child (widget_class, KzSampleDialog, period_problem);
  gtk_widget_class_bind_template_child (widget_class, KzSampleDialog, per_agent_spin);
  gtk_widget_class_bind_template_child (widget_class, KzSampleDialog, per_channel_switch);
  gtk_widget_class_bind_template_child (widget_class, KzSampleDialog, sample_problem);
  gtk_widget_class_bind_template_child (widget_class, KzSampleDialog, seed_row);
  gtk_widget_class_bind_template_child (widget_class, KzSampleDialog, reviewers_group);
  gtk_widget_class_bind_template_child (widget_class, KzSampleDialog, reviewers_problem);
  gtk_widget_class_bind_template_callback (widget_class, on_form_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_new_seed_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_sample_clicked);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
kz_sample_dialog_init (KzSampleDialog *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) from = NULL;
  g_autoptr(GDateTime) to = NULL;
  g_autofree char *from_text = NULL;
  g_autofree char *to_text = NULL;

  self->cancellable = g_cancellable_new ();
  self->reviewer_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->checks = g_ptr_array_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  /* Monday's job: last week. */
  kz_sample_dialog_previous_week (now, &from, &to);
  from_text = kz_sample_dialog_format_day (from);
  to_text = kz_sample_dialog_format_day (to);
  gtk_editable_set_text (GTK_EDITABLE (self->from_row), from_text);
  gtk_editable_set_text (GTK_EDITABLE (self->to_row), to_text);
  on_new_seed_clicked (self);
}

KzSampleDialog *
kz_sample_dialog_new (GtkWindow *parent,
                      KzStore   *store)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (KZ_IS_STORE (store), NULL);

  return g_object_new (KZ_TYPE_SAMPLE_DIALOG,
                       "transient-for", parent,
                       "store", store,
                       NULL);
}
