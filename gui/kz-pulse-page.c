/* kz-pulse-page.c — the pulse rounds open for the current person
 *
 * Every question of a round on one scrollable form rather than one at a
 * time: a round is three to five questions, the eNPS question and a
 * comment, so the whole of it fits on a screen or two; the person sees what
 * they are asked and what they answered before sending; Tab and Shift+Tab
 * move between questions like any form (a question is one keyboard stop, a
 * number key answers it), and a screen reader reads it as one form with no
 * hidden steps.  Enter (or Ctrl+Return, also from the comment) sends.
 *
 * Nothing here says who answered what: the page shows the person's own open
 * rounds, and once sent a round is gone from the list — the store keeps that
 * the person took part, apart from the answers, which keep only the team.
 * Voice tables announce no changes (timing would tell who answered), so the
 * page reads again when it is shown, after sending and on Refresh.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kz-pulse-page"

#include "config.h"

#include <glib/gi18n.h>

#include "kz-error.h"
#include "kz-pulse-page.h"
#include "kz-store-job.h"
#include "kz-voice-format.h"
#include "kz-voice-scale.h"

struct _KzPulsePage
{
  AdwBin         parent_instance;

  KzStore       *store;
  gint64         person_id;
  GCancellable  *cancellable;
  GCancellable  *send_cancellable;
  gboolean       loading;
  gboolean       sending;
  gint64         sending_round_id;
  gboolean       keep_thanks;   /* the reload after sending: "Thank you" stays up */

  GPtrArray     *rounds;        /* KzSurveyRound*: open and not answered, closing soonest first */
  GPtrArray     *bank;          /* KzQuestion* */
  KzSurveyRound *form_round;    /* a copy: the round the form is for */
  GPtrArray     *inputs;        /* the form's answer widgets: KzVoiceScale or GtkTextView */

  GtkStack      *stack;
  GtkSpinner    *spinner;
  AdwStatusPage *error_page;
  AdwStatusPage *thanks_page;
  GtkListBox    *rounds_list;
  GtkLabel      *list_privacy_label;
  GtkLabel      *round_title;
  GtkLabel      *round_subtitle;
  GtkLabel      *privacy_label;
  GtkBox        *questions_box;
  GtkLabel      *message_label;
  GtkLabel      *progress_label;
  GtkWidget     *back_button;
  GtkWidget     *next_button;
  GtkScrolledWindow *form_scroller;
};

G_DEFINE_FINAL_TYPE (KzPulsePage, kz_pulse_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_STORE,
  PROP_PERSON_ID,
  PROP_LOADING,
  PROP_N_OPEN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  ANSWERED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

char *
kz_pulse_page_privacy_note (gboolean shared,
                            guint    k)
{
  const char *common = _("Your answers are stored with your team, never your name, and without the time you sent "
                         "them. Kaizen keeps apart, with no answers, only that you took part, so it does not ask "
                         "twice.");

  if (shared)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "%s On this team server nobody can read single answers — not managers, "
                                         "not administrators: the server gives only figures for groups of at least "
                                         "%u person.",
                                         "%s On this team server nobody can read single answers — not managers, "
                                         "not administrators: the server gives only figures for groups of at least "
                                         "%u people.", k),
                            common, k);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%s This database is a single file: anyone who can open the file can read "
                                       "every answer in it, one by one. The app shows figures only for groups of at "
                                       "least %u, but the file itself hides nothing.",
                                       "%s This database is a single file: anyone who can open the file can read "
                                       "every answer in it, one by one. The app shows figures only for groups of at "
                                       "least %u, but the file itself hides nothing.", k),
                          common, k);
}

static const KzQuestion *
find_question (KzPulsePage *self,
               const char  *id)
{
  for (guint i = 0; self->bank != NULL && i < self->bank->len; i++)
    {
      const KzQuestion *q = g_ptr_array_index (self->bank, i);

      if (g_strcmp0 (q->id, id) == 0)
        return q;
    }
  return NULL;
}

static void
set_loading (KzPulsePage *self,
             gboolean     loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  gtk_spinner_set_spinning (self->spinner, loading);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
update_actions (KzPulsePage *self)
{
  const char *state = gtk_stack_get_visible_child_name (self->stack);
  gboolean form = g_strcmp0 (state, "form") == 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pulse.send", form && !self->sending);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pulse.back",
                                 self->rounds != NULL && self->rounds->len > 0 &&
                                 (form || g_strcmp0 (state, "thanks") == 0));
}

static void
set_state (KzPulsePage *self,
           const char  *state)
{
  gtk_stack_set_visible_child_name (self->stack, state);
  update_actions (self);
}

/* ---- the list ------------------------------------------------------------ */

static GtkWidget *
round_row (const KzSurveyRound *round)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *closes = kz_voice_format_day (&round->closes_on);
  g_autofree char *subtitle = NULL;
  guint n = round->question_ids != NULL ? g_strv_length (round->question_ids) : 0;
  GtkWidget *arrow = gtk_image_new_from_icon_name ("go-next-symbolic");

  /* Translators: a round's subtitle: how many questions, the last day */
  subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u question · open until %s",
                                           "%u questions · open until %s", n), n, closes);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), round->title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), arrow);
  g_object_set_data_full (G_OBJECT (row), "round", kz_survey_round_copy (round),
                          (GDestroyNotify) kz_survey_round_free);
  return row;
}

static void
fill_list (KzPulsePage *self)
{
  GtkWidget *child;
  guint k = KZ_VOICE_K_DEFAULT;
  g_autofree char *note = NULL;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->rounds_list))) != NULL)
    gtk_list_box_remove (self->rounds_list, child);
  for (guint i = 0; self->rounds != NULL && i < self->rounds->len; i++)
    {
      const KzSurveyRound *round = g_ptr_array_index (self->rounds, i);

      gtk_list_box_append (self->rounds_list, round_row (round));
      k = i == 0 ? round->k : MIN (k, round->k);
    }
  note = kz_pulse_page_privacy_note (self->store != NULL && kz_store_is_shared (self->store), k);
  gtk_label_set_text (self->list_privacy_label, note);
}

static const KzSurveyRound *
find_round (KzPulsePage *self,
            gint64       round_id)
{
  for (guint i = 0; self->rounds != NULL && i < self->rounds->len; i++)
    {
      const KzSurveyRound *round = g_ptr_array_index (self->rounds, i);

      if (round->id == round_id)
        return round;
    }
  return NULL;
}

/* ---- the form ------------------------------------------------------------ */

static void
update_progress (KzPulsePage *self)
{
  guint answered = 0;
  guint scored = 0;
  g_autofree char *text = NULL;

  for (guint i = 0; self->inputs != NULL && i < self->inputs->len; i++)
    {
      GtkWidget *input = g_ptr_array_index (self->inputs, i);

      if (!KZ_IS_VOICE_SCALE (input))
        continue;
      scored++;
      if (kz_voice_scale_get_value (KZ_VOICE_SCALE (input)) >= 0)
        answered++;
    }
  /* Translators: how many of the round's scored questions have an answer */
  text = g_strdup_printf (_("%u of %u answered"), answered, scored);
  gtk_label_set_text (self->progress_label, text);
}

static void
show_message (KzPulsePage *self,
              const char  *message)
{
  gtk_label_set_text (self->message_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), message != NULL);
}

static GtkWidget *
question_block (KzPulsePage      *self,
                const char       *id,
                const KzQuestion *q,
                guint             number)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  g_autofree char *heading = NULL;
  GtkWidget *label;
  GtkWidget *input;

  /* Translators: a question's number and text: "1. How likely …" */
  heading = g_strdup_printf (_("%u. %s"), number, q != NULL ? q->text : id);
  label = gtk_label_new (heading);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "heading");
  gtk_box_append (GTK_BOX (box), label);

  if (q != NULL && q->kind == KZ_QUESTION_FREE_TEXT)
    {
      GtkWidget *frame = gtk_frame_new (NULL);
      GtkWidget *hint = gtk_label_new (_("Optional. Write nothing that names you or others: the comment is "
                                         "shown as written, in a list of the round's comments."));

      input = gtk_text_view_new ();
      gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (input), GTK_WRAP_WORD_CHAR);
      gtk_text_view_set_accepts_tab (GTK_TEXT_VIEW (input), FALSE);
      gtk_text_view_set_top_margin (GTK_TEXT_VIEW (input), 8);
      gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (input), 8);
      gtk_text_view_set_left_margin (GTK_TEXT_VIEW (input), 8);
      gtk_text_view_set_right_margin (GTK_TEXT_VIEW (input), 8);
      gtk_widget_set_size_request (input, -1, 80);
      gtk_frame_set_child (GTK_FRAME (frame), input);
      gtk_box_append (GTK_BOX (box), frame);
      gtk_label_set_xalign (GTK_LABEL (hint), 0);
      gtk_label_set_wrap (GTK_LABEL (hint), TRUE);
      gtk_widget_add_css_class (hint, "caption");
      gtk_widget_add_css_class (hint, "dim-label");
      gtk_box_append (GTK_BOX (box), hint);
    }
  else
    {
      KzQuestionKind kind = q != NULL ? q->kind : KZ_QUESTION_SCALE_0_10;
      const char *low = NULL;
      const char *high = NULL;

      if (kind == KZ_QUESTION_SCALE_0_10)
        {
          low = q != NULL && q->enps ? _("0 — Not at all likely") : _("0 — Not at all");
          high = q != NULL && q->enps ? _("10 — Extremely likely") : _("10 — Completely");
        }
      input = kz_voice_scale_new (kind, low, high);
      g_signal_connect_object (input, "notify::value", G_CALLBACK (update_progress), self, G_CONNECT_SWAPPED);
      gtk_box_append (GTK_BOX (box), input);
    }
  {
    g_autofree char *name = g_strdup_printf ("pulse-question-%s", id);

    gtk_widget_set_name (input, name);
  }
  g_object_set_data_full (G_OBJECT (input), "question-id", g_strdup (id), g_free);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (input), GTK_ACCESSIBLE_RELATION_LABELLED_BY, label, NULL, -1);
  g_ptr_array_add (self->inputs, input);
  return box;
}

static void
build_form (KzPulsePage         *self,
            const KzSurveyRound *round)
{
  GtkWidget *child;
  g_autofree char *closes = kz_voice_format_day (&round->closes_on);
  g_autofree char *subtitle = NULL;
  g_autofree char *note = NULL;

  g_clear_pointer (&self->form_round, kz_survey_round_free);
  self->form_round = kz_survey_round_copy (round);
  g_ptr_array_set_size (self->inputs, 0);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->questions_box))) != NULL)
    gtk_box_remove (self->questions_box, child);

  gtk_label_set_text (self->round_title, round->title);
  /* Translators: under the round's title; %s is its last day */
  subtitle = g_strdup_printf (_("Open until %s. Every question is optional."), closes);
  gtk_label_set_text (self->round_subtitle, subtitle);
  note = kz_pulse_page_privacy_note (kz_store_is_shared (self->store), round->k);
  gtk_label_set_text (self->privacy_label, note);

  for (guint i = 0; round->question_ids != NULL && round->question_ids[i] != NULL; i++)
    gtk_box_append (self->questions_box,
                    question_block (self, round->question_ids[i], find_question (self, round->question_ids[i]), i + 1));

  show_message (self, NULL);
  update_progress (self);
  gtk_widget_set_visible (self->back_button, self->rounds != NULL && self->rounds->len > 1);
}

gboolean
kz_pulse_page_open_round (KzPulsePage *self,
                          gint64       round_id)
{
  const KzSurveyRound *round;

  g_return_val_if_fail (KZ_IS_PULSE_PAGE (self), FALSE);

  round = find_round (self, round_id);
  if (round == NULL || self->store == NULL)
    return FALSE;
  build_form (self, round);
  set_state (self, "form");
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->form_scroller), 0);
  if (self->inputs->len > 0)
    gtk_widget_grab_focus (g_ptr_array_index (self->inputs, 0));
  return TRUE;
}

gint64
kz_pulse_page_get_form_round (KzPulsePage *self)
{
  g_return_val_if_fail (KZ_IS_PULSE_PAGE (self), 0);
  return g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "form") == 0 && self->form_round != NULL
         ? self->form_round->id : 0;
}

static void
on_round_activated (KzPulsePage   *self,
                    GtkListBoxRow *row)
{
  const KzSurveyRound *round = g_object_get_data (G_OBJECT (row), "round");

  if (round != NULL)
    kz_pulse_page_open_round (self, round->id);
}

static void
show_list (KzPulsePage *self)
{
  if (self->rounds == NULL || self->rounds->len == 0)
    set_state (self, "empty");
  else if (self->rounds->len == 1)
    /* One round open: straight to its questions. */
    kz_pulse_page_open_round (self, ((KzSurveyRound *) g_ptr_array_index (self->rounds, 0))->id);
  else
    set_state (self, "list");
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  KzPulsePage *self = KZ_PULSE_PAGE (widget);

  show_list (self);
  if (g_strcmp0 (kz_pulse_page_get_state (self), "list") == 0)
    {
      GtkListBoxRow *first = gtk_list_box_get_row_at_index (self->rounds_list, 0);

      if (first != NULL)
        gtk_widget_grab_focus (GTK_WIDGET (first));
    }
}

/* ---- loading --------------------------------------------------------------- */

typedef struct {
  gint64     person_id;
  GPtrArray *rounds;
  GPtrArray *bank;
} LoadJob;

static void
load_job_free (gpointer data)
{
  LoadJob *job = data;

  g_clear_pointer (&job->rounds, g_ptr_array_unref);
  g_clear_pointer (&job->bank, g_ptr_array_unref);
  g_free (job);
}

static gpointer
load_thread (KzStore       *store,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  LoadJob *job = data;
  LoadJob *result;
  g_autoptr(GPtrArray) rounds = NULL;
  g_autoptr(GPtrArray) bank = NULL;

  /* On a team server the login answers for itself (0); in a single file,
   * the person picked. */
  rounds = kz_store_list_open_rounds (store, kz_store_is_shared (store) ? 0 : job->person_id, error);
  if (rounds == NULL)
    return NULL;
  bank = kz_store_list_questions (store, error);
  if (bank == NULL)
    return NULL;
  result = g_new0 (LoadJob, 1);
  result->person_id = job->person_id;
  result->rounds = g_steal_pointer (&rounds);
  result->bank = g_steal_pointer (&bank);
  return result;
}

static void
load_done (GObject      *object,
           GAsyncResult *res,
           gpointer      user_data)
{
  KzPulsePage *self = KZ_PULSE_PAGE (object);
  g_autoptr(GError) error = NULL;
  LoadJob *result = kz_store_job_finish (res, &error);
  const char *state;
  guint before;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_loading (self, FALSE);
  if (result == NULL)
    {
      if (g_error_matches (error, KZ_ERROR, KZ_ERROR_CONNECTION))
        gtk_widget_activate_action (GTK_WIDGET (self), "win.connection-lost", "s", error->message);
      else if (!g_error_matches (error, KZ_ERROR, KZ_ERROR_PERMISSION))
        g_warning ("Could not read the open rounds: %s", error->message);
      adw_status_page_set_description (self->error_page, error->message);
      set_state (self, "error");
      return;
    }

  before = self->rounds != NULL ? self->rounds->len : 0;
  g_clear_pointer (&self->rounds, g_ptr_array_unref);
  g_clear_pointer (&self->bank, g_ptr_array_unref);
  self->rounds = g_steal_pointer (&result->rounds);
  self->bank = g_steal_pointer (&result->bank);
  load_job_free (result);
  fill_list (self);

  /* A form the person is filling in stays up, and so does the thank-you
   * right after sending; shown again later, the page shows what is open. */
  state = gtk_stack_get_visible_child_name (self->stack);
  if (g_strcmp0 (state, "form") != 0 && (g_strcmp0 (state, "thanks") != 0 || !self->keep_thanks))
    show_list (self);
  self->keep_thanks = FALSE;
  update_actions (self);
  if (before != self->rounds->len)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_OPEN]);
}

void
kz_pulse_page_reload (KzPulsePage *self)
{
  LoadJob *job;

  g_return_if_fail (KZ_IS_PULSE_PAGE (self));

  if (self->store == NULL)
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  if (self->person_id == 0 && !kz_store_is_shared (self->store))
    {
      guint before = self->rounds != NULL ? self->rounds->len : 0;

      g_clear_pointer (&self->rounds, g_ptr_array_unref);
      set_loading (self, FALSE);
      set_state (self, "no-person");
      if (before != 0)
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_OPEN]);
      return;
    }

  self->cancellable = g_cancellable_new ();
  if (self->rounds == NULL)
    set_state (self, "loading");
  set_loading (self, TRUE);
  job = g_new0 (LoadJob, 1);
  job->person_id = self->person_id;
  kz_store_job_run_async (self->store, self, load_thread, job, load_job_free, load_job_free,
                          self->cancellable, load_done, NULL);
}

/* ---- sending --------------------------------------------------------------- */

typedef struct {
  gint64     round_id;
  gint64     person_id;
  GPtrArray *answers;    /* KzSurveyAnswer* */
} SendJob;

static void
send_job_free (gpointer data)
{
  SendJob *job = data;

  g_clear_pointer (&job->answers, g_ptr_array_unref);
  g_free (job);
}

static gpointer
send_thread (KzStore       *store,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  SendJob *job = data;

  if (!kz_store_submit_answers (store, job->round_id, kz_store_is_shared (store) ? 0 : job->person_id,
                                job->answers, error))
    return NULL;
  return GINT_TO_POINTER (1);
}

static void
send_done (GObject      *object,
           GAsyncResult *res,
           gpointer      user_data)
{
  KzPulsePage *self = KZ_PULSE_PAGE (object);
  g_autoptr(GError) error = NULL;
  gint64 round_id = self->sending_round_id;
  gpointer ok = kz_store_job_finish (res, &error);
  g_autofree char *description = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->sending = FALSE;
  update_actions (self);

  if (ok == NULL)
    {
      if (g_error_matches (error, KZ_ERROR, KZ_ERROR_CONNECTION))
        gtk_widget_activate_action (GTK_WIDGET (self), "win.connection-lost", "s", error->message);
      /* Already answered (elsewhere), closed meanwhile, nothing answered:
       * the model's own words, on the form, which stays as it was. */
      show_message (self, error->message);
      return;
    }

  /* The round leaves the list at once; the reload confirms it. */
  for (guint i = 0; self->rounds != NULL && i < self->rounds->len; i++)
    if (((KzSurveyRound *) g_ptr_array_index (self->rounds, i))->id == round_id)
      {
        g_ptr_array_remove_index (self->rounds, i);
        break;
      }
  fill_list (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_OPEN]);
  g_signal_emit (self, signals[ANSWERED], 0, round_id);

  description = g_strdup_printf (_("Your answers are in, with your team and without your name. Results appear "
                                   "once the round closes, for groups of at least %u."),
                                 self->form_round != NULL ? self->form_round->k : KZ_VOICE_K_DEFAULT);
  adw_status_page_set_description (self->thanks_page, description);
  gtk_widget_set_visible (self->next_button, self->rounds->len > 0);
  g_clear_pointer (&self->form_round, kz_survey_round_free);
  set_state (self, "thanks");
  if (self->rounds->len > 0)
    gtk_widget_grab_focus (self->next_button);
  kz_pulse_page_reload (self);
  self->keep_thanks = TRUE;
}

static void
send_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  KzPulsePage *self = KZ_PULSE_PAGE (widget);
  g_autoptr(GPtrArray) answers = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_survey_answer_free);
  SendJob *job;

  if (self->form_round == NULL || self->store == NULL || self->sending)
    return;

  for (guint i = 0; i < self->inputs->len; i++)
    {
      GtkWidget *input = g_ptr_array_index (self->inputs, i);
      const char *id = g_object_get_data (G_OBJECT (input), "question-id");

      if (KZ_IS_VOICE_SCALE (input))
        {
          int value = kz_voice_scale_get_value (KZ_VOICE_SCALE (input));

          if (value >= 0)
            g_ptr_array_add (answers, kz_survey_answer_new_value (id, value));
        }
      else if (GTK_IS_TEXT_VIEW (input))
        {
          GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (input));
          GtkTextIter start, end;
          g_autofree char *text = NULL;

          gtk_text_buffer_get_bounds (buffer, &start, &end);
          text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
          g_strstrip (text);
          if (*text != '\0')
            g_ptr_array_add (answers, kz_survey_answer_new_text (id, text));
        }
    }

  show_message (self, NULL);
  self->sending = TRUE;
  update_actions (self);
  g_cancellable_cancel (self->send_cancellable);
  g_clear_object (&self->send_cancellable);
  self->send_cancellable = g_cancellable_new ();
  job = g_new0 (SendJob, 1);
  job->round_id = self->form_round->id;
  job->person_id = self->person_id;
  job->answers = g_steal_pointer (&answers);
  self->sending_round_id = job->round_id;
  kz_store_job_run_async (self->store, self, send_thread, job, send_job_free, NULL,
                          self->send_cancellable, send_done, NULL);
}

/* ---- properties ------------------------------------------------------------ */

void
kz_pulse_page_set_store (KzPulsePage *self,
                         KzStore     *store)
{
  g_return_if_fail (KZ_IS_PULSE_PAGE (self));
  g_return_if_fail (store == NULL || KZ_IS_STORE (store));

  if (!g_set_object (&self->store, store))
    return;
  g_clear_pointer (&self->rounds, g_ptr_array_unref);
  kz_pulse_page_reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

void
kz_pulse_page_set_person_id (KzPulsePage *self,
                             gint64       person_id)
{
  g_return_if_fail (KZ_IS_PULSE_PAGE (self));

  if (self->person_id == person_id)
    return;
  self->person_id = person_id;
  /* Another person's rounds: nothing of the last one's form stays. */
  g_clear_pointer (&self->rounds, g_ptr_array_unref);
  g_clear_pointer (&self->form_round, kz_survey_round_free);
  kz_pulse_page_reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PERSON_ID]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_OPEN]);
}

gint64
kz_pulse_page_get_person_id (KzPulsePage *self)
{
  g_return_val_if_fail (KZ_IS_PULSE_PAGE (self), 0);
  return self->person_id;
}

gboolean
kz_pulse_page_get_loading (KzPulsePage *self)
{
  g_return_val_if_fail (KZ_IS_PULSE_PAGE (self), FALSE);
  return self->loading;
}

guint
kz_pulse_page_get_n_open (KzPulsePage *self)
{
  g_return_val_if_fail (KZ_IS_PULSE_PAGE (self), 0);
  return self->rounds != NULL ? self->rounds->len : 0;
}

const char *
kz_pulse_page_get_state (KzPulsePage *self)
{
  g_return_val_if_fail (KZ_IS_PULSE_PAGE (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

static void
kz_pulse_page_dispose (GObject *object)
{
  KzPulsePage *self = KZ_PULSE_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_cancellable_cancel (self->send_cancellable);
  g_clear_object (&self->send_cancellable);
  g_clear_object (&self->store);
  g_clear_pointer (&self->inputs, g_ptr_array_unref);

  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), KZ_TYPE_PULSE_PAGE);

  G_OBJECT_CLASS (kz_pulse_page_parent_class)->dispose (object);
}

static void
kz_pulse_page_finalize (GObject *object)
{
  KzPulsePage *self = KZ_PULSE_PAGE (object);

  g_clear_pointer (&self->rounds, g_ptr_array_unref);
  g_clear_pointer (&self->bank, g_ptr_array_unref);
  g_clear_pointer (&self->form_round, kz_survey_round_free);

  G_OBJECT_CLASS (kz_pulse_page_parent_class)->finalize (object);
}

static void
kz_pulse_page_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  KzPulsePage *self = KZ_PULSE_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_PERSON_ID:
      g_value_set_int64 (value, self->person_id);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    case PROP_N_OPEN:
      g_value_set_uint (value, kz_pulse_page_get_n_open (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kz_pulse_page_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  KzPulsePage *self = KZ_PULSE_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      kz_pulse_page_set_store (self, g_value_get_object (value));
      break;
    case PROP_PERSON_ID:
      kz_pulse_page_set_person_id (self, g_value_get_int64 (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* Ctrl+Return, caught before a text field takes it as a new line. */
static void
add_send_shortcut (GtkWidget  *widget,
                   const char *action)
{
  GtkEventController *controller = gtk_shortcut_controller_new ();
  const guint keys[] = { GDK_KEY_Return, GDK_KEY_KP_Enter, GDK_KEY_ISO_Enter };

  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                          gtk_shortcut_new (gtk_keyval_trigger_new (keys[i], GDK_CONTROL_MASK),
                                                            gtk_named_action_new (action)));
  gtk_widget_add_controller (widget, controller);
}

static void
kz_pulse_page_class_init (KzPulsePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kz_pulse_page_dispose;
  object_class->finalize = kz_pulse_page_finalize;
  object_class->get_property = kz_pulse_page_get_property;
  object_class->set_property = kz_pulse_page_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, KZ_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PERSON_ID] =
    g_param_spec_int64 ("person-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_OPEN] =
    g_param_spec_uint ("n-open", NULL, NULL, 0, G_MAXUINT, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* KzPulsePage::answered (gint64 round_id): the person's answers to the
   * round are in. */
  signals[ANSWERED] = g_signal_new ("answered", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                    G_TYPE_NONE, 1, G_TYPE_INT64);

  g_type_ensure (KZ_TYPE_VOICE_SCALE);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/KaizenQA/Kaizen/kz-pulse-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KzPulsePage, stack);
  gtk_widget_class_bind_template_child (widget_class, KzPulsePage, spinner);
  gtk_widget_class_bind_template_child (widget_class, KzPulsePage, error_page);
  gtk_widget_class_bind_template_child (widget_class, KzPulsePage, thanks_page);
  gtk_widget_class_bind_template_child (widget_class, KzPulsePage, rounds_list);
  gtk_widget_class_bind_template_child (widget_class, KzPulsePage, list_privacy_label);
  gtk_widget_class_bind_template_child (widget_class, KzPulsePage, round_title);
  gtk_widget_class_bind_template_child (widget_class, KzPulsePage, round_subtitle);
  gtk_widget_class_bind_template_child (widget_class, KzPulsePage, privacy_label);
  gtk_widget_class_bind_template_child (widget_class, KzPulsePage, questions_box);
  gtk_widget_class_bind_template_child (widget_class, KzPulsePage, message_label);
  gtk_widget_class_bind_template_child (widget_class, KzPulsePage, progress_label);
  gtk_widget_class_bind_template_child (widget_class, KzPulsePage, back_button);
  gtk_widget_class_bind_template_child (widget_class, KzPulsePage, next_button);
  gtk_widget_class_bind_template_child (widget_class, KzPulsePage, form_scroller);
  gtk_widget_class_bind_template_callback (widget_class, on_round_activated);

  gtk_widget_class_install_action (widget_class, "pulse.send", NULL, send_action);
  /* Enter from a question (a text field keeps it for a new line); Ctrl+Return
   * from anywhere on the form, the comment included (add_send_shortcut()). */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, 0, "pulse.send", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, 0, "pulse.send", NULL);
  gtk_widget_class_install_action (widget_class, "pulse.back", NULL, back_action);
}

static void
kz_pulse_page_init (KzPulsePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  add_send_shortcut (GTK_WIDGET (self), "pulse.send");
  self->inputs = g_ptr_array_new ();
  update_actions (self);
}

GtkWidget *
kz_pulse_page_new (void)
{
  return g_object_new (KZ_TYPE_PULSE_PAGE, NULL);
}
