/* kz-review-workspace.c — review one interaction against a rubric
 *
 * Left, the interaction (an email thread or a call with its transcript);
 * right, the rubric form and a live score.  Every number comes from the
 * model: kz-review-score.c maps kz_score_compute() to the header's strings.
 * Every read and write runs on a worker thread (kz-store-job.c).  Changes
 * save themselves as a draft a second after the last one; Submit saves the
 * same evaluation as submitted, and the store refuses it while a required
 * criterion is unanswered.
 *
 * Every change is also written at once to a draft journal on this computer
 * (kz-draft-journal.c), removed when the store has it: a crash, a kill or a
 * team server out of reach loses nothing, and the next workspace on the
 * same interaction restores what the store did not get.  A save the server
 * did not take is tried again every RETRY_SECONDS, or now with Retry.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kz-review-workspace"

#include "config.h"

#include <glib/gi18n.h>

#include "kz-call-player.h"
#include "kz-criterion-row.h"
#include "kz-draft-journal.h"
#include "kz-email-thread-view.h"
#include "kaizen-resources.h"
#include "kz-error.h"
#include "kz-review-workspace.h"
#include "kz-store-job.h"

/* A second after the last change; $KAIZEN_AUTOSAVE_DELAY_MS changes it (the
 * crash test lengthens it, so what it kills is certainly not saved yet). */
#define AUTOSAVE_DELAY_MS 1000
static guint autosave_delay_ms = AUTOSAVE_DELAY_MS;
#define RETRY_SECONDS 15

struct _KzReviewWorkspace
{
  AdwBin            parent_instance;

  KzStore          *store;
  gint64            interaction_id;
  gint64            reviewer_id;
  char             *rubric_id;
  gint64            calibration_session_id;  /* 0: an ordinary review */
  int               rubric_version;          /* a calibration: the session's version */
  GCancellable     *cancellable;

  KzRubric         *rubric;
  KzInteraction    *interaction;
  KzEvaluation     *evaluation;    /* what the form holds; id and row_version from the last save */
  KzReviewScore    *score;
  GPtrArray        *rows;          /* KzCriterionRow*, rubric order */
  GtkWidget        *player;
  GtkWidget        *thread_view;
  guint             current;

  gboolean          loaded;
  gboolean          submitted;
  guint             save_timeout;
  gboolean          save_running;
  gboolean          save_queued;
  KzEvaluationState queued_state;
  guint64           n_changes;     /* changes made on the form */
  guint64           n_saved;       /* changes the store has */
  char             *journal_path;
  gboolean          save_failed;   /* the last save did not reach the store */
  KzEvaluationState retry_state;
  guint             retry_source;
  GPtrArray        *rubric_ids;    /* the rubric dropdown's rows: char* */
  gboolean          filling_rubrics;
  GCancellable     *rubric_cancellable;

  AdwToastOverlay  *toast_overlay;
  GtkStack         *stack;
  AdwStatusPage    *error_page;
  GtkLabel         *title_label;
  GtkLabel         *subtitle_label;
  GtkBox           *interaction_box;
  GtkLabel         *final_score_label;
  GtkLabel         *verdict_label;
  GtkLabel         *rubric_label;
  GtkDropDown      *rubric_dropdown;
  GtkWidget        *feedback_box;
  GtkLabel         *feedback_rating_label;
  GtkLabel         *feedback_title_label;
  GtkLabel         *feedback_comment_label;
  GtkWidget        *retry_button;
  GtkLabel         *progress_label;
  GtkLabel         *auto_fail_label;
  GtkLabel         *save_state_label;
  GtkWidget        *submit_button;
  GtkLabel         *message_label;
  GtkLabel         *breakdown_label;
  GtkBox           *form_box;
};

G_DEFINE_FINAL_TYPE (KzReviewWorkspace, kz_review_workspace, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_STORE,
  PROP_INTERACTION_ID,
  PROP_REVIEWER_ID,
  PROP_RUBRIC_ID,
  PROP_CALIBRATION_SESSION_ID,
  PROP_RUBRIC_VERSION,
  PROP_LOADED,
  PROP_SAVING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SUBMITTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void start_save (KzReviewWorkspace *self, KzEvaluationState state);
static void show_rubric_choice (KzReviewWorkspace *self, gboolean show);

/* ---- evaluation copies for the worker thread ---------------------------- */

static KzEvaluation *
evaluation_snapshot (const KzEvaluation *ev,
                     KzEvaluationState   state)
{
  KzEvaluation *copy = kz_evaluation_new ();
  GHashTableIter iter;
  KzAnswer *answer;

  copy->id = ev->id;
  copy->interaction_id = ev->interaction_id;
  copy->rubric_id = g_strdup (ev->rubric_id);
  copy->rubric_version = ev->rubric_version;
  copy->reviewer_id = ev->reviewer_id;
  copy->agent_id = ev->agent_id;
  copy->row_version = ev->row_version;
  copy->is_calibration = ev->is_calibration;
  copy->calibration_session_id = ev->calibration_session_id;
  copy->state = state;
  g_hash_table_iter_init (&iter, ev->answers);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &answer))
    kz_answer_set_put (copy->answers, kz_answer_copy (answer));
  return copy;
}

/* ---- state shown ------------------------------------------------------- */

static gboolean
is_saving (KzReviewWorkspace *self)
{
  return self->save_timeout != 0 || self->save_running || self->save_queued;
}

static void
update_actions (KzReviewWorkspace *self)
{
  gboolean editable = self->loaded && self->rubric != NULL && !self->submitted;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "review.pick", editable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "review.na", editable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "review.next-criterion", editable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "review.previous-criterion", editable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "review.submit", editable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "review.comment-at-time",
                                 editable && self->player != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "review.retry-save",
                                 editable && self->save_failed && !self->save_running);
}

static void
update_save_state (KzReviewWorkspace *self)
{
  const char *text;

  if (self->submitted)
    text = _("Submitted");
  else if (self->save_running)
    text = _("Saving draft…");
  else if (self->save_failed)
    text = _("Not saved yet: kept on this computer");
  else if (is_saving (self))
    text = _("Saving draft…");
  else if (self->evaluation != NULL && self->evaluation->id > 0)
    text = _("Draft saved");
  else
    text = _("Not saved yet");
  gtk_label_set_text (self->save_state_label, text);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SAVING]);
}

static void
show_message (KzReviewWorkspace *self,
              const char        *message)
{
  gtk_label_set_text (self->message_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), message != NULL);
  gtk_widget_set_visible (self->retry_button, message != NULL && self->save_failed);
  if (message != NULL)
    adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

/* ---- the journal ------------------------------------------------------- */

static void
write_journal (KzReviewWorkspace *self)
{
  g_autoptr(GError) error = NULL;

  if (self->journal_path == NULL || self->evaluation == NULL)
    return;
  /* Not worth troubling the reviewer: the store still gets the draft. */
  if (!kz_draft_journal_write (self->journal_path, self->evaluation, &error))
    g_warning ("%s", error->message);
}

static void
remove_journal (KzReviewWorkspace *self)
{
  if (self->journal_path != NULL)
    kz_draft_journal_remove (self->journal_path);
}

static void
update_score (KzReviewWorkspace *self)
{
  KzReviewScore *score;

  g_clear_pointer (&self->score, kz_review_score_free);
  self->score = score = kz_review_score_new (self->rubric, self->evaluation->answers);

  gtk_label_set_text (self->final_score_label, score->final_score);
  gtk_label_set_text (self->verdict_label, score->verdict);
  gtk_widget_remove_css_class (GTK_WIDGET (self->verdict_label), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (self->verdict_label), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->verdict_label), "dim-label");
  if (!score->has_score)
    gtk_widget_add_css_class (GTK_WIDGET (self->verdict_label), "dim-label");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->verdict_label), score->pass ? "success" : "error");
  gtk_label_set_text (self->auto_fail_label, score->auto_fail != NULL ? score->auto_fail : "");
  gtk_widget_set_visible (GTK_WIDGET (self->auto_fail_label), score->auto_fail != NULL);
  gtk_label_set_text (self->progress_label, score->progress);
  gtk_label_set_text (self->breakdown_label, score->breakdown);
  {
    /* Translators: read by screen readers, e.g. "Score 87.5, Pass" */
    g_autofree char *accessible = g_strdup_printf (_("Score %s, %s"), score->final_score, score->verdict);
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->final_score_label),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                    -1);
  }
}

/* ---- saving ------------------------------------------------------------ */

static gpointer
save_thread (KzStore       *store,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  KzEvaluation **ev = data;

  if (kz_store_save_evaluation (store, *ev, error) <= 0)
    return NULL;
  return g_steal_pointer (ev);
}

static void
free_evaluation_box (gpointer data)
{
  KzEvaluation **ev = data;

  g_clear_pointer (ev, kz_evaluation_free);
  g_free (ev);
}

/* Takes the reviewer to the first required criterion still unanswered. */
static void
focus_first_missing (KzReviewWorkspace *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      KzCriterionRow *row = g_ptr_array_index (self->rows, i);
      const KzCriterion *criterion = kz_criterion_row_get_criterion (row);
      const KzAnswer *answer = kz_answer_set_get (self->evaluation->answers, criterion->id);

      if (criterion->required && (answer == NULL || answer->kind == KZ_ANSWER_UNANSWERED))
        {
          self->current = i;
          kz_criterion_row_grab_focus (row);
          return;
        }
    }
}

typedef struct {
  KzReviewWorkspace *self;  /* a strong reference */
  KzEvaluationState  state;
  guint64            n_changes;
} SaveRequest;

static gboolean
retry_cb (gpointer data)
{
  KzReviewWorkspace *self = data;

  self->retry_source = 0;
  start_save (self, self->retry_state);
  return G_SOURCE_REMOVE;
}


/* The recommendation rules look at the agent's evaluations again
 * (coaching.md): new proposals wait for a manager on the Plans page.  Off
 * the UI thread and never cancelled (the workspace may close meanwhile);
 * the review is stored already, so a failure here is only logged. */
static gpointer
rules_thread (KzStore       *store,
              gpointer       data,
              GCancellable  *cancellable,
              GError       **error)
{
  gint64 *evaluation_id = data;
  int n = kz_store_run_rules_after_submit (store, *evaluation_id, error);

  return n < 0 ? NULL : GINT_TO_POINTER (n + 1);
}

static void
rules_done (GObject      *object,
            GAsyncResult *res,
            gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  gint64 evaluation_id = GPOINTER_TO_SIZE (user_data);
  int n = GPOINTER_TO_INT (kz_store_job_finish (res, &error)) - 1;

  if (n < 0)
    g_warning ("Recommendation rules after evaluation %" G_GINT64_FORMAT ": %s", evaluation_id,
               error != NULL ? error->message : "failed");
  else if (n > 0)
    g_debug ("Evaluation %" G_GINT64_FORMAT ": %d new coaching proposals", evaluation_id, n);
}

static void
run_rules_after_submit (KzReviewWorkspace *self,
                        gint64             evaluation_id)
{
  kz_store_job_run_async (self->store, self, rules_thread, g_memdup2 (&evaluation_id, sizeof evaluation_id), g_free,
                          NULL, NULL, rules_done, GSIZE_TO_POINTER ((gsize) evaluation_id));
}

static void
save_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  SaveRequest *request = user_data;
  g_autoptr(KzReviewWorkspace) self = request->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(KzEvaluation) saved = kz_store_job_finish (result, &error);
  KzEvaluationState state = request->state;
  guint64 n_changes = request->n_changes;

  g_free (request);
  self->save_running = FALSE;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->evaluation == NULL)
    return;

  if (saved == NULL)
    {
      if (g_error_matches (error, KZ_ERROR, KZ_ERROR_CONNECTION))
        {
          g_autofree char *message = NULL;

          /* The answers are in the journal; try again by itself, or now. */
          self->save_failed = TRUE;
          self->retry_state = state;
          /* Translators: %s says why the team server could not be reached */
          message = g_strdup_printf (_("%s Your answers are kept on this computer and saved as soon as the server is back."),
                                     error->message);
          show_message (self, message);
          g_clear_handle_id (&self->retry_source, g_source_remove);
          self->retry_source = g_timeout_add_seconds (RETRY_SECONDS, retry_cb, self);
          self->save_queued = FALSE;
          update_actions (self);
          update_save_state (self);
          return;
        }
      if (g_error_matches (error, KZ_ERROR, KZ_ERROR_CONFLICT))
        show_message (self, _("Someone else saved this evaluation meanwhile. Your answers are still on the form; reopen the interaction to see theirs."));
      else
        show_message (self, error->message);
      if (g_error_matches (error, KZ_ERROR, KZ_ERROR_INCOMPLETE))
        focus_first_missing (self);
      /* A refused submit leaves the draft: save what the form has. */
      if (!self->save_queued && self->n_saved != self->n_changes && state == KZ_EVALUATION_SUBMITTED)
        {
          self->save_queued = TRUE;
          self->queued_state = KZ_EVALUATION_DRAFT;
        }
    }
  else
    {
      gboolean was_failed = self->save_failed;

      self->save_failed = FALSE;
      g_clear_handle_id (&self->retry_source, g_source_remove);
      self->evaluation->id = saved->id;
      self->evaluation->row_version = saved->row_version;
      self->n_saved = MAX (self->n_saved, n_changes);
      if (state == KZ_EVALUATION_SUBMITTED)
        {
          self->evaluation->state = KZ_EVALUATION_SUBMITTED;
          self->submitted = TRUE;
          self->save_queued = FALSE;
          remove_journal (self);
          show_message (self, NULL);
          for (guint i = 0; i < self->rows->len; i++)
            kz_criterion_row_set_editable (g_ptr_array_index (self->rows, i), FALSE);
          show_rubric_choice (self, FALSE);
          adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_("Evaluation submitted")));
          update_actions (self);
          update_save_state (self);
          if (self->calibration_session_id == 0)
            run_rules_after_submit (self, saved->id);
          g_signal_emit (self, signals[SUBMITTED], 0, saved->id);
          return;
        }
      /* The store has everything: the journal has done its job.  Else it
       * keeps the rest, now on top of the row version just saved. */
      if (self->n_saved == self->n_changes)
        remove_journal (self);
      else
        write_journal (self);
      if (was_failed)
        {
          show_message (self, NULL);
          adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_("Draft saved")));
        }
    }

  if (self->save_queued && !self->submitted)
    {
      self->save_queued = FALSE;
      start_save (self, self->queued_state);
    }
  update_actions (self);
  update_save_state (self);
}

static void
start_save (KzReviewWorkspace *self,
            KzEvaluationState  state)
{
  KzEvaluation **box;
  SaveRequest *request;

  if (self->submitted || self->evaluation == NULL)
    return;

  if (self->save_running)
    {
      /* One save at a time, so each carries the row version of the last. */
      if (!self->save_queued || state == KZ_EVALUATION_SUBMITTED)
        self->queued_state = state;
      self->save_queued = TRUE;
      update_save_state (self);
      return;
    }

  g_clear_handle_id (&self->retry_source, g_source_remove);
  box = g_new0 (KzEvaluation *, 1);
  *box = evaluation_snapshot (self->evaluation, state);
  request = g_new0 (SaveRequest, 1);
  request->self = g_object_ref (self);
  request->state = state;
  request->n_changes = self->n_changes;
  self->save_running = TRUE;
  kz_store_job_run_async (self->store, NULL, save_thread, box, free_evaluation_box,
                          (GDestroyNotify) kz_evaluation_free, self->cancellable,
                          save_done, request);
  update_actions (self);
  update_save_state (self);
}

static gboolean
autosave_cb (gpointer data)
{
  KzReviewWorkspace *self = data;

  self->save_timeout = 0;
  start_save (self, KZ_EVALUATION_DRAFT);
  return G_SOURCE_REMOVE;
}

static void
schedule_autosave (KzReviewWorkspace *self)
{
  g_clear_handle_id (&self->save_timeout, g_source_remove);
  self->save_timeout = g_timeout_add (autosave_delay_ms, autosave_cb, self);
  update_save_state (self);
}

/* ---- the form ---------------------------------------------------------- */

static void
on_row_changed (KzCriterionRow    *row,
                KzReviewWorkspace *self)
{
  const KzCriterion *criterion = kz_criterion_row_get_criterion (row);
  KzAnswer *answer = kz_criterion_row_dup_answer (row);

  if (answer != NULL)
    kz_answer_set_put (self->evaluation->answers, answer);
  else
    g_hash_table_remove (self->evaluation->answers, criterion->id);

  for (guint i = 0; i < self->rows->len; i++)
    if (g_ptr_array_index (self->rows, i) == (gpointer) row)
      self->current = i;

  self->n_changes++;
  /* Before anything else: a crash from here on loses nothing. */
  write_journal (self);
  /* The rubric is settled once something is answered. */
  show_rubric_choice (self, FALSE);
  if (gtk_widget_get_visible (GTK_WIDGET (self->message_label)) && !self->save_failed)
    show_message (self, NULL);
  update_score (self);
  if (self->save_failed)
    {
      /* The server is away: the journal has it; the retry takes it all. */
      update_save_state (self);
      return;
    }
  schedule_autosave (self);
}

static void
on_row_focus_enter (GtkEventControllerFocus *controller,
                    KzReviewWorkspace       *self)
{
  GtkWidget *row = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));

  for (guint i = 0; i < self->rows->len; i++)
    if (g_ptr_array_index (self->rows, i) == (gpointer) row)
      self->current = i;
}

static KzCriterionRow *
current_row (KzReviewWorkspace *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  if (self->rows == NULL || self->rows->len == 0)
    return NULL;
  if (focus != NULL)
    {
      GtkWidget *row = gtk_widget_get_ancestor (focus, KZ_TYPE_CRITERION_ROW);

      if (row != NULL && gtk_widget_is_ancestor (row, GTK_WIDGET (self)))
        for (guint i = 0; i < self->rows->len; i++)
          if (g_ptr_array_index (self->rows, i) == (gpointer) row)
            self->current = i;
    }
  return g_ptr_array_index (self->rows, MIN (self->current, self->rows->len - 1));
}

static void
build_form (KzReviewWorkspace *self)
{
  GPtrArray *sections = kz_rubric_get_sections (self->rubric);
  gboolean timed = self->interaction->channel == KZ_CHANNEL_CALL;

  for (guint s = 0; s < sections->len; s++)
    {
      const KzSection *section = g_ptr_array_index (sections, s);
      GtkWidget *heading = gtk_label_new (section->title);
      g_autofree char *weight = g_strdup_printf (_("Weight %g"), section->weight);
      GtkWidget *weight_label = gtk_label_new (weight);
      GtkWidget *heading_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

      gtk_widget_add_css_class (heading, "title-4");
      gtk_label_set_xalign (GTK_LABEL (heading), 0);
      gtk_label_set_wrap (GTK_LABEL (heading), TRUE);
      gtk_widget_set_hexpand (heading, TRUE);
      gtk_widget_add_css_class (weight_label, "dim-label");
      gtk_box_append (GTK_BOX (heading_box), heading);
      gtk_box_append (GTK_BOX (heading_box), weight_label);
      gtk_widget_set_margin_top (heading_box, s == 0 ? 6 : 18);
      gtk_box_append (self->form_box, heading_box);

      for (guint c = 0; c < section->criteria->len; c++)
        {
          const KzCriterion *criterion = g_ptr_array_index (section->criteria, c);
          GtkWidget *row = kz_criterion_row_new (criterion, timed);
          GtkEventController *focus = gtk_event_controller_focus_new ();

          kz_criterion_row_set_answer (KZ_CRITERION_ROW (row),
                                       kz_answer_set_get (self->evaluation->answers, criterion->id));
          g_signal_connect (row, "changed", G_CALLBACK (on_row_changed), self);
          g_signal_connect (focus, "enter", G_CALLBACK (on_row_focus_enter), self);
          gtk_widget_add_controller (row, focus);
          g_ptr_array_add (self->rows, row);
          gtk_box_append (self->form_box, row);
        }
    }
}

/* ---- loading ----------------------------------------------------------- */

typedef struct {
  gint64  interaction_id;
  gint64  reviewer_id;
  char   *rubric_id;
  char   *journal_path;
  gint64  session_id;
  int     rubric_version;
} LoadRequest;

static void
load_request_free (gpointer data)
{
  LoadRequest *request = data;

  g_free (request->rubric_id);
  g_free (request->journal_path);
  g_free (request);
}

typedef enum {
  JOURNAL_NONE,       /* none, or the store had it all */
  JOURNAL_RESTORED,   /* answers the store never got, back on the form */
  JOURNAL_SET_ASIDE,  /* older than a draft saved since: the store's wins */
} JournalOutcome;

typedef struct {
  KzInteraction  *interaction;
  GPtrArray      *messages;
  KzCall         *call;
  KzFeedback     *feedback;
  KzRubric       *rubric;
  KzEvaluation   *draft;
  GPtrArray      *rubrics;     /* KzRubricInfo*: the latest version of each */
  JournalOutcome  journal;
} LoadResult;

static void
load_result_free (gpointer data)
{
  LoadResult *result = data;

  g_clear_pointer (&result->interaction, kz_interaction_free);
  g_clear_pointer (&result->messages, g_ptr_array_unref);
  g_clear_pointer (&result->call, kz_call_free);
  g_clear_pointer (&result->feedback, kz_feedback_free);
  g_clear_pointer (&result->rubric, kz_rubric_unref);
  g_clear_pointer (&result->draft, kz_evaluation_free);
  g_clear_pointer (&result->rubrics, g_ptr_array_unref);
  g_free (result);
}

/* What the journal left by an earlier workspace means next to the store's
 * draft (@draft may be NULL).  Takes @journal. */
static JournalOutcome
apply_journal (LoadResult   *result,
               KzEvaluation *journal,
               const char   *path)
{
  KzEvaluation *draft = result->draft;
  g_autoptr(KzEvaluation) owned = journal;

  if (draft == NULL)
    {
      /* Never reached the store: the journal is the draft.  With an id it
       * was stored once and is gone now (submitted, or deleted). */
      if (journal->id != 0)
        goto drop;
      result->draft = g_steal_pointer (&owned);
      return JOURNAL_RESTORED;
    }

  /* The draft it was written on top of (id 0: before the first save came
   * back, which this draft is), with the same rubric. */
  if ((journal->id != 0 && journal->id != draft->id) ||
      g_strcmp0 (journal->rubric_id, draft->rubric_id) != 0 || journal->rubric_version != draft->rubric_version)
    goto drop;
  if (journal->id != 0 && journal->row_version != draft->row_version)
    {
      kz_draft_journal_remove (path);
      return JOURNAL_SET_ASIDE;
    }
  if (kz_answer_sets_equal (journal->answers, draft->answers))
    goto drop;
  g_hash_table_unref (draft->answers);
  draft->answers = g_hash_table_ref (journal->answers);
  return JOURNAL_RESTORED;

drop:
  kz_draft_journal_remove (path);
  return JOURNAL_NONE;
}

static gpointer
load_thread (KzStore       *store,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  LoadRequest *request = data;
  LoadResult *result = g_new0 (LoadResult, 1);
  KzEvaluationFilter filter = {
    .interaction_id = request->interaction_id,
    .reviewer_id = request->reviewer_id,
  };
  g_autoptr(GPtrArray) evaluations = NULL;

  result->interaction = kz_store_get_interaction (store, request->interaction_id, error);
  if (result->interaction == NULL)
    goto failed;

  if (result->interaction->channel == KZ_CHANNEL_EMAIL)
    result->messages = kz_store_list_messages (store, request->interaction_id, error);
  else
    result->call = kz_store_get_call (store, request->interaction_id, error);
  if (result->messages == NULL && result->call == NULL)
    goto failed;

  /* A calibration: the reviewer's own scoring in the session, blind — the
   * store gives nobody else's while the session is open. */
  if (request->session_id != 0)
    {
      g_autoptr(GError) local_error = NULL;

      result->draft = kz_store_get_calibration_evaluation (store, request->session_id, request->interaction_id,
                                                           request->reviewer_id, request->reviewer_id,
                                                           &local_error);
      if (result->draft == NULL && !g_error_matches (local_error, KZ_ERROR, KZ_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          goto failed;
        }
      result->feedback = kz_store_get_feedback (store, request->interaction_id, error);
      if (result->feedback == NULL && *error != NULL)
        goto failed;
      result->rubric = kz_store_get_rubric (store, request->rubric_id, request->rubric_version, error);
      if (result->rubric == NULL)
        goto failed;
      return result;
    }

  evaluations = kz_store_list_evaluations (store, &filter, error);
  if (evaluations == NULL)
    goto failed;
  for (guint i = 0; i < evaluations->len; i++)
    {
      const KzEvaluationSummary *summary = g_ptr_array_index (evaluations, i);

      if (summary->state != KZ_EVALUATION_DRAFT)
        continue;
      result->draft = kz_store_get_evaluation (store, summary->id, error);
      if (result->draft == NULL)
        goto failed;
      break;
    }

  /* What this computer kept of a session that ended before the store had
   * it all (a crash, a kill, a server away). */
  if (request->journal_path != NULL)
    {
      g_autoptr(GError) journal_error = NULL;
      KzEvaluation *journal = kz_draft_journal_read (request->journal_path, &journal_error);

      if (journal_error != NULL)
        {
          g_warning ("%s", journal_error->message);
          kz_draft_journal_remove (request->journal_path);
        }
      else if (journal != NULL && (journal->interaction_id != request->interaction_id ||
                                   journal->reviewer_id != request->reviewer_id))
        {
          kz_evaluation_free (journal);
          kz_draft_journal_remove (request->journal_path);
        }
      else if (journal != NULL)
        result->journal = apply_journal (result, journal, request->journal_path);
    }

  /* The customer's own verdict; most interactions have none. */
  result->feedback = kz_store_get_feedback (store, request->interaction_id, error);
  if (result->feedback == NULL && *error != NULL)
    goto failed;

  /* The rubrics a review may start with: the latest version of each. */
  {
    g_autoptr(GPtrArray) infos = kz_store_list_rubrics (store, error);

    if (infos == NULL)
      goto failed;
    result->rubrics = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_rubric_info_free);
    for (guint i = 0; i < infos->len; i++)
      {
        KzRubricInfo *info = g_ptr_array_index (infos, i);
        KzRubricInfo *next = i + 1 < infos->len ? g_ptr_array_index (infos, i + 1) : NULL;

        if (next == NULL || !g_str_equal (next->id, info->id))
          g_ptr_array_add (result->rubrics, g_steal_pointer (&infos->pdata[i]));
      }
  }

  if (result->draft != NULL)
    result->rubric = kz_store_get_rubric (store, result->draft->rubric_id,
                                          result->draft->rubric_version, error);
  else
    result->rubric = kz_store_get_rubric (store, request->rubric_id, 0, error);
  if (result->rubric == NULL)
    goto failed;

  return result;

failed:
  load_result_free (result);
  return NULL;
}

static void
show_interaction (KzReviewWorkspace *self,
                  LoadResult        *result)
{
  const KzInteraction *interaction = self->interaction;
  g_autofree char *date = NULL;
  g_autofree char *subtitle = NULL;

  gtk_label_set_text (self->title_label,
                      interaction->subject != NULL && *interaction->subject != '\0'
                      ? interaction->subject
                      : interaction->channel == KZ_CHANNEL_CALL ? _("Call") : _("Email"));
  if (interaction->started_at != NULL)
    date = g_date_time_format (interaction->started_at, "%Y-%m-%d %H:%M");

  if (result->call != NULL)
    {
      g_autofree char *length = kz_format_ms (result->call->duration_s * 1000);

      /* Translators: e.g. "Call · 2026-03-02 09:15 · 4:05" */
      subtitle = g_strdup_printf (_("Call · %s · %s"), date != NULL ? date : "", length);
      self->player = kz_call_player_new (result->call);
      gtk_box_append (self->interaction_box, self->player);
    }
  else
    {
      /* Translators: e.g. "Email · 2026-03-02 09:15 · 3 messages" */
      subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Email · %s · %u message",
                                               "Email · %s · %u messages", result->messages->len),
                                  date != NULL ? date : "", result->messages->len);
      self->thread_view = kz_email_thread_view_new (result->messages);
      gtk_box_append (self->interaction_box, self->thread_view);
    }
  gtk_label_set_text (self->subtitle_label, subtitle);
}

char *
kz_review_workspace_feedback_rating_text (const KzFeedback *feedback)
{
  g_return_val_if_fail (feedback != NULL, NULL);
  /* Translators: a customer's rating out of the scale's top, e.g. "4/5" */
  return g_strdup_printf (_("%d/%d"), feedback->rating, feedback->scale == KZ_FEEDBACK_NPS ? 10 : 5);
}

static void
show_feedback (KzReviewWorkspace *self,
               const KzFeedback  *feedback)
{
  g_autofree char *rating = NULL;
  g_autofree char *title = NULL;
  g_autofree char *comment = NULL;
  const char *what;

  gtk_widget_set_visible (self->feedback_box, feedback != NULL);
  if (feedback == NULL)
    return;

  rating = kz_review_workspace_feedback_rating_text (feedback);
  what = feedback->scale == KZ_FEEDBACK_NPS ? _("Customer would recommend (NPS)") : _("Customer satisfaction (CSAT)");
  if (feedback->given_at != NULL)
    {
      g_autoptr(GDateTime) local = g_date_time_to_local (feedback->given_at);
      g_autofree char *date = g_date_time_format (local, "%Y-%m-%d");

      /* Translators: e.g. "Customer satisfaction (CSAT) · 2026-03-02" */
      title = g_strdup_printf (_("%s · %s"), what, date);
    }
  else
    title = g_strdup (what);
  gtk_label_set_text (self->feedback_rating_label, rating);
  /* Detractors and unhappy customers in red, promoters and happy ones in
   * green, as CSAT (4–5 satisfied) and NPS (9–10 promoters) count them. */
  gtk_widget_remove_css_class (GTK_WIDGET (self->feedback_rating_label), "kz-rating-low");
  gtk_widget_remove_css_class (GTK_WIDGET (self->feedback_rating_label), "kz-rating-high");
  if (feedback->scale == KZ_FEEDBACK_NPS ? feedback->rating <= 6 : feedback->rating <= 2)
    gtk_widget_add_css_class (GTK_WIDGET (self->feedback_rating_label), "kz-rating-low");
  else if (feedback->scale == KZ_FEEDBACK_NPS ? feedback->rating >= 9 : feedback->rating >= 4)
    gtk_widget_add_css_class (GTK_WIDGET (self->feedback_rating_label), "kz-rating-high");
  gtk_label_set_text (self->feedback_title_label, title);
  if (feedback->comment != NULL && *feedback->comment != '\0')
    comment = g_strdup_printf (_("“%s”"), feedback->comment);
  gtk_label_set_text (self->feedback_comment_label, comment != NULL ? comment : "");
  gtk_widget_set_visible (GTK_WIDGET (self->feedback_comment_label), comment != NULL);
  {
    /* Translators: read by screen readers, e.g. "Customer satisfaction (CSAT): 2/5" */
    g_autofree char *accessible = g_strdup_printf (_("%s: %s"), what, rating);

    gtk_accessible_update_property (GTK_ACCESSIBLE (self->feedback_box), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    accessible, -1);
  }
}

static void
set_rubric_title (KzReviewWorkspace *self)
{
  /* Translators: e.g. "Email support, version 1" */
  g_autofree char *title = g_strdup_printf (_("%s, version %d"), kz_rubric_get_title (self->rubric),
                                            kz_rubric_get_version (self->rubric));

  gtk_label_set_text (self->rubric_label, title);
}

/* The dropdown stands in for the rubric's title while it may change. */
static void
show_rubric_choice (KzReviewWorkspace *self,
                    gboolean           show)
{
  gtk_widget_set_visible (GTK_WIDGET (self->rubric_dropdown), show);
  gtk_widget_set_visible (GTK_WIDGET (self->rubric_label), !show);
}

/* The dropdown offers another rubric until something is answered, on a
 * new review only. */
static void
fill_rubric_choices (KzReviewWorkspace *self,
                     GPtrArray         *rubrics)
{
  g_autoptr(GtkStringList) titles = gtk_string_list_new (NULL);
  guint selected = 0;

  g_ptr_array_set_size (self->rubric_ids, 0);
  for (guint i = 0; rubrics != NULL && i < rubrics->len; i++)
    {
      const KzRubricInfo *info = g_ptr_array_index (rubrics, i);

      gtk_string_list_append (titles, info->title);
      g_ptr_array_add (self->rubric_ids, g_strdup (info->id));
      if (g_str_equal (info->id, kz_rubric_get_id (self->rubric)))
        selected = i;
    }
  self->filling_rubrics = TRUE;
  gtk_drop_down_set_model (self->rubric_dropdown, G_LIST_MODEL (titles));
  gtk_drop_down_set_selected (self->rubric_dropdown, selected);
  self->filling_rubrics = FALSE;
  show_rubric_choice (self, self->rubric_ids->len > 1 && self->evaluation->id == 0 &&
                            g_hash_table_size (self->evaluation->answers) == 0);
}

static gpointer
rubric_thread (KzStore       *store,
               gpointer       data,
               GCancellable  *cancellable,
               GError       **error)
{
  return kz_store_get_rubric (store, data, 0, error);
}

static void
rubric_done (GObject      *source,
             GAsyncResult *res,
             gpointer      user_data)
{
  g_autoptr(KzReviewWorkspace) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(KzRubric) rubric = kz_store_job_finish (res, &error);
  GtkWidget *child;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->evaluation == NULL)
    return;
  if (rubric == NULL)
    {
      show_message (self, error->message);
      return;
    }
  /* Answered meanwhile: this form stays. */
  if (g_hash_table_size (self->evaluation->answers) > 0 || self->evaluation->id != 0)
    return;

  g_clear_pointer (&self->rubric, kz_rubric_unref);
  self->rubric = g_steal_pointer (&rubric);
  g_free (self->evaluation->rubric_id);
  self->evaluation->rubric_id = g_strdup (kz_rubric_get_id (self->rubric));
  self->evaluation->rubric_version = kz_rubric_get_version (self->rubric);
  g_free (self->rubric_id);
  self->rubric_id = g_strdup (kz_rubric_get_id (self->rubric));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->form_box))) != NULL)
    gtk_box_remove (self->form_box, child);
  g_ptr_array_set_size (self->rows, 0);
  self->current = 0;
  set_rubric_title (self);
  build_form (self);
  update_score (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUBRIC_ID]);
}

static void
on_rubric_chosen (KzReviewWorkspace *self)
{
  guint selected = gtk_drop_down_get_selected (self->rubric_dropdown);
  const char *id;

  if (self->filling_rubrics || self->rubric == NULL || selected >= self->rubric_ids->len)
    return;
  id = g_ptr_array_index (self->rubric_ids, selected);
  if (g_str_equal (id, kz_rubric_get_id (self->rubric)))
    return;

  g_cancellable_cancel (self->rubric_cancellable);
  g_clear_object (&self->rubric_cancellable);
  self->rubric_cancellable = g_cancellable_new ();
  kz_store_job_run_async (self->store, NULL, rubric_thread, g_strdup (id), g_free,
                          (GDestroyNotify) kz_rubric_unref, self->rubric_cancellable,
                          rubric_done, g_object_ref (self));
}

static void
load_done (GObject      *source,
           GAsyncResult *res,
           gpointer      user_data)
{
  g_autoptr(KzReviewWorkspace) self = user_data;
  g_autoptr(GError) error = NULL;
  LoadResult *result = kz_store_job_finish (res, &error);
  JournalOutcome journal;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (result == NULL)
    {
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      self->loaded = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
      return;
    }

  self->interaction = g_steal_pointer (&result->interaction);
  self->rubric = g_steal_pointer (&result->rubric);
  if (result->draft != NULL)
    self->evaluation = g_steal_pointer (&result->draft);
  else
    {
      self->evaluation = kz_evaluation_new ();
      self->evaluation->interaction_id = self->interaction->id;
      self->evaluation->rubric_id = g_strdup (kz_rubric_get_id (self->rubric));
      self->evaluation->rubric_version = kz_rubric_get_version (self->rubric);
      self->evaluation->reviewer_id = self->reviewer_id;
      self->evaluation->agent_id = self->interaction->agent_id;
      self->evaluation->is_calibration = self->calibration_session_id != 0;
      self->evaluation->calibration_session_id = self->calibration_session_id;
    }
  /* A calibration scored already: shown as it was submitted. */
  if (self->evaluation->state == KZ_EVALUATION_SUBMITTED)
    self->submitted = TRUE;

  show_interaction (self, result);
  if (self->calibration_session_id != 0)
    {
      /* Translators: before the interaction's own line, e.g. "Email · 2026-03-02 09:15 · 1 message" */
      g_autofree char *subtitle = g_strdup_printf (_("Calibration, scored blind · %s"),
                                                   gtk_label_get_text (self->subtitle_label));

      gtk_label_set_text (self->subtitle_label, subtitle);
    }
  show_feedback (self, result->feedback);
  fill_rubric_choices (self, result->rubrics);
  journal = result->journal;
  load_result_free (result);

  set_rubric_title (self);
  build_form (self);
  update_score (self);
  if (self->submitted)
    for (guint i = 0; i < self->rows->len; i++)
      kz_criterion_row_set_editable (g_ptr_array_index (self->rows, i), FALSE);

  self->loaded = TRUE;
  gtk_stack_set_visible_child_name (self->stack, "review");
  update_actions (self);
  /* Ready for the keyboard: the first criterion still to answer. */
  focus_first_missing (self);

  switch (journal)
    {
    case JOURNAL_RESTORED:
      /* Unsaved answers from last time: on the form, and to the store. */
      self->n_changes = 1;
      self->n_saved = 0;
      show_rubric_choice (self, FALSE);
      adw_toast_overlay_add_toast (self->toast_overlay,
                                   adw_toast_new (_("Answers you had not saved yet are back")));
      start_save (self, KZ_EVALUATION_DRAFT);
      break;
    case JOURNAL_SET_ASIDE:
      show_message (self, _("This draft was saved from another computer after your last changes here; "
                            "the saved draft is shown."));
      break;
    case JOURNAL_NONE:
    default:
      break;
    }
  update_save_state (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
}

static void
start_loading (KzReviewWorkspace *self)
{
  LoadRequest *request = g_new0 (LoadRequest, 1);

  request->interaction_id = self->interaction_id;
  request->reviewer_id = self->reviewer_id;
  request->rubric_id = g_strdup (self->rubric_id);
  request->journal_path = g_strdup (self->journal_path);
  request->session_id = self->calibration_session_id;
  request->rubric_version = self->rubric_version;
  kz_store_job_run_async (self->store, NULL, load_thread, request, load_request_free,
                          load_result_free, self->cancellable, load_done, g_object_ref (self));
}

/* ---- actions ----------------------------------------------------------- */

static void
pick_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  KzReviewWorkspace *self = KZ_REVIEW_WORKSPACE (widget);
  KzCriterionRow *row = current_row (self);

  if (row != NULL)
    kz_criterion_row_pick (row, (guint) g_variant_get_int32 (parameter));
}

static void
na_action (GtkWidget  *widget,
           const char *action_name,
           GVariant   *parameter)
{
  KzReviewWorkspace *self = KZ_REVIEW_WORKSPACE (widget);
  KzCriterionRow *row = current_row (self);

  if (row != NULL)
    kz_criterion_row_pick_na (row);
}

static void
move_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  KzReviewWorkspace *self = KZ_REVIEW_WORKSPACE (widget);
  gboolean next = g_str_equal (action_name, "review.next-criterion");

  if (current_row (self) == NULL)
    return;
  if (next && self->current + 1 < self->rows->len)
    self->current++;
  else if (!next && self->current > 0)
    self->current--;
  kz_criterion_row_grab_focus (g_ptr_array_index (self->rows, self->current));
}

static void
submit_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KzReviewWorkspace *self = KZ_REVIEW_WORKSPACE (widget);

  g_clear_handle_id (&self->save_timeout, g_source_remove);
  start_save (self, KZ_EVALUATION_SUBMITTED);
}

static void
comment_at_time_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  KzReviewWorkspace *self = KZ_REVIEW_WORKSPACE (widget);
  GtkWidget *row = kz_review_workspace_get_criterion_row (self, g_variant_get_string (parameter, NULL));

  if (row == NULL || self->player == NULL)
    return;
  kz_criterion_row_set_comment_time (KZ_CRITERION_ROW (row),
                                     kz_call_player_get_position_ms (KZ_CALL_PLAYER (self->player)));
}

static void
retry_save_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  KzReviewWorkspace *self = KZ_REVIEW_WORKSPACE (widget);

  if (!self->save_failed || self->save_running)
    return;
  start_save (self, self->retry_state);
}

/* ---- GObject ----------------------------------------------------------- */

static void
final_save_done (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autofree char *journal_path = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(KzEvaluation) saved = kz_store_job_finish (result, &error);

  /* Saved: the journal has done its job.  Not saved: it keeps the answers
   * for the next workspace on this interaction. */
  if (saved != NULL)
    {
      if (journal_path != NULL)
        kz_draft_journal_remove (journal_path);
    }
  else
    g_message ("The draft stays on this computer until it can be saved: %s", error->message);
}

static void
kz_review_workspace_dispose (GObject *object)
{
  KzReviewWorkspace *self = KZ_REVIEW_WORKSPACE (object);

  /* A change not in the store yet is saved anyway: closing the workspace
   * must not lose the reviewer's answers (nor leave them only in the
   * journal when the store can take them). */
  if ((self->save_timeout != 0 || self->n_saved != self->n_changes) && !self->submitted &&
      !self->save_running && self->evaluation != NULL && self->store != NULL)
    {
      KzEvaluation **box = g_new0 (KzEvaluation *, 1);

      *box = evaluation_snapshot (self->evaluation, KZ_EVALUATION_DRAFT);
      self->n_saved = self->n_changes;
      kz_store_job_run_async (self->store, NULL, save_thread, box, free_evaluation_box,
                              (GDestroyNotify) kz_evaluation_free, NULL, final_save_done,
                              g_strdup (self->journal_path));
    }
  g_clear_handle_id (&self->save_timeout, g_source_remove);
  g_clear_handle_id (&self->retry_source, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->rubric_cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), KZ_TYPE_REVIEW_WORKSPACE);
  G_OBJECT_CLASS (kz_review_workspace_parent_class)->dispose (object);
}

static void
kz_review_workspace_finalize (GObject *object)
{
  KzReviewWorkspace *self = KZ_REVIEW_WORKSPACE (object);

  g_clear_object (&self->store);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->rubric_cancellable);
  g_clear_pointer (&self->rubric_ids, g_ptr_array_unref);
  g_free (self->journal_path);
  g_free (self->rubric_id);
  g_clear_pointer (&self->rubric, kz_rubric_unref);
  g_clear_pointer (&self->interaction, kz_interaction_free);
  g_clear_pointer (&self->evaluation, kz_evaluation_free);
  g_clear_pointer (&self->score, kz_review_score_free);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  G_OBJECT_CLASS (kz_review_workspace_parent_class)->finalize (object);
}

static void
kz_review_workspace_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  KzReviewWorkspace *self = KZ_REVIEW_WORKSPACE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_INTERACTION_ID:
      g_value_set_int64 (value, self->interaction_id);
      break;
    case PROP_REVIEWER_ID:
      g_value_set_int64 (value, self->reviewer_id);
      break;
    case PROP_RUBRIC_ID:
      g_value_set_string (value, self->rubric_id);
      break;
    case PROP_CALIBRATION_SESSION_ID:
      g_value_set_int64 (value, self->calibration_session_id);
      break;
    case PROP_RUBRIC_VERSION:
      g_value_set_int (value, self->rubric_version);
      break;
    case PROP_LOADED:
      g_value_set_boolean (value, self->loaded);
      break;
    case PROP_SAVING:
      g_value_set_boolean (value, is_saving (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kz_review_workspace_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  KzReviewWorkspace *self = KZ_REVIEW_WORKSPACE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_INTERACTION_ID:
      self->interaction_id = g_value_get_int64 (value);
      break;
    case PROP_REVIEWER_ID:
      self->reviewer_id = g_value_get_int64 (value);
      break;
    case PROP_RUBRIC_ID:
      self->rubric_id = g_value_dup_string (value);
      break;
    case PROP_CALIBRATION_SESSION_ID:
      self->calibration_session_id = g_value_get_int64 (value);
      break;
    case PROP_RUBRIC_VERSION:
      self->rubric_version = g_value_get_int (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kz_review_workspace_constructed (GObject *object)
{
  KzReviewWorkspace *self = KZ_REVIEW_WORKSPACE (object);

  G_OBJECT_CLASS (kz_review_workspace_parent_class)->constructed (object);
  /* A calibration keeps no journal: it would share the ordinary review's
   * (one an interaction and reviewer) and the store has it at each save. */
  if (self->calibration_session_id == 0)
    self->journal_path = kz_draft_journal_path (kz_store_get_identity (self->store), self->interaction_id,
                                                self->reviewer_id);
  update_actions (self);
  start_loading (self);
}

static void
add_digit_binding (GtkWidgetClass *widget_class,
                   guint           keyval,
                   int             index)
{
  gtk_widget_class_add_binding_action (widget_class, keyval, 0, "review.pick", "i", index);
}

static void
kz_review_workspace_class_init (KzReviewWorkspaceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kz_review_workspace_dispose;
  object_class->finalize = kz_review_workspace_finalize;

  {
    const char *delay = g_getenv ("KAIZEN_AUTOSAVE_DELAY_MS");

    if (delay != NULL && g_ascii_strtoull (delay, NULL, 10) > 0)
      autosave_delay_ms = (guint) MIN (g_ascii_strtoull (delay, NULL, 10), 600000);
  }
  object_class->get_property = kz_review_workspace_get_property;
  object_class->set_property = kz_review_workspace_set_property;
  object_class->constructed = kz_review_workspace_constructed;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, KZ_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_INTERACTION_ID] =
    g_param_spec_int64 ("interaction-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REVIEWER_ID] =
    g_param_spec_int64 ("reviewer-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* The rubric the form has: the one asked for, a draft's, or the one
   * chosen in the dropdown (notified). */
  properties[PROP_RUBRIC_ID] =
    g_param_spec_string ("rubric-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS);
  /* Non-zero: the reviewer's blind scoring in this calibration session,
   * with the session's rubric version. */
  properties[PROP_CALIBRATION_SESSION_ID] =
    g_param_spec_int64 ("calibration-session-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RUBRIC_VERSION] =
    g_param_spec_int ("rubric-version", NULL, NULL, 0, G_MAXINT, 0,
                      G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SAVING] =
    g_param_spec_boolean ("saving", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* KzReviewWorkspace::submitted (gint64 evaluation_id) */
  signals[SUBMITTED] = g_signal_new ("submitted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  /* The resources live in a static library: referencing them keeps the
   * object (and its constructor registering them) in any program using
   * this widget without KzApplication. */
  (void) kaizen_get_resource ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/KaizenQA/Kaizen/kz-review-workspace.ui");
  gtk_widget_class_bind_template_child (widget_class, KzReviewWorkspace, stack);
  gtk_widget_class_bind_template_child (widget_class, KzReviewWorkspace, error_page);
  gtk_widget_class_bind_template_child (widget_class, KzReviewWorkspace, title_label);
  gtk_widget_class_bind_template_child (widget_class, KzReviewWorkspace, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, KzReviewWorkspace, interaction_box);
  gtk_widget_class_bind_template_child (widget_class, KzReviewWorkspace, final_score_label);
  gtk_widget_class_bind_template_child (widget_class, KzReviewWorkspace, verdict_label);
  gtk_widget_class_bind_template_child (widget_class, KzReviewWorkspace, rubric_label);
  gtk_widget_class_bind_template_child (widget_class, KzReviewWorkspace, rubric_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KzReviewWorkspace, feedback_box);
  gtk_widget_class_bind_template_child (widget_class, KzReviewWorkspace, feedback_rating_label);
  gtk_widget_class_bind_template_child (widget_class, KzReviewWorkspace, feedback_title_label);
  gtk_widget_class_bind_template_child (widget_class, KzReviewWorkspace, feedback_comment_label);
  gtk_widget_class_bind_template_child (widget_class, KzReviewWorkspace, retry_button);
  gtk_widget_class_bind_template_callback (widget_class, on_rubric_chosen);
  gtk_widget_class_bind_template_child (widget_class, KzReviewWorkspace, progress_label);
  gtk_widget_class_bind_template_child (widget_class, KzReviewWorkspace, auto_fail_label);
  gtk_widget_class_bind_template_child (widget_class, KzReviewWorkspace, save_state_label);
  gtk_widget_class_bind_template_child (widget_class, KzReviewWorkspace, submit_button);
  gtk_widget_class_bind_template_child (widget_class, KzReviewWorkspace, message_label);
  gtk_widget_class_bind_template_child (widget_class, KzReviewWorkspace, breakdown_label);
  gtk_widget_class_bind_template_child (widget_class, KzReviewWorkspace, form_box);

  /* Keys 1–9 then 0 pick the focused criterion's points in order. */
  gtk_widget_class_install_action (widget_class, "review.pick", "i", pick_action);
  for (int i = 0; i < 9; i++)
    {
      add_digit_binding (widget_class, GDK_KEY_1 + i, i);
      add_digit_binding (widget_class, GDK_KEY_KP_1 + i, i);
    }
  add_digit_binding (widget_class, GDK_KEY_0, 9);
  add_digit_binding (widget_class, GDK_KEY_KP_0, 9);

  gtk_widget_class_install_action (widget_class, "review.na", NULL, na_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, 0, "review.na", NULL);

  gtk_widget_class_install_action (widget_class, "review.next-criterion", NULL, move_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, GDK_ALT_MASK,
                                       "review.next-criterion", NULL);
  gtk_widget_class_install_action (widget_class, "review.previous-criterion", NULL, move_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, GDK_ALT_MASK,
                                       "review.previous-criterion", NULL);

  gtk_widget_class_install_action (widget_class, "review.submit", NULL, submit_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "review.submit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK,
                                       "review.submit", NULL);

  gtk_widget_class_install_action (widget_class, "review.comment-at-time", "s", comment_at_time_action);
  gtk_widget_class_install_action (widget_class, "review.retry-save", NULL, retry_save_action);
}

static void
kz_review_workspace_init (KzReviewWorkspace *self)
{
  self->cancellable = g_cancellable_new ();
  self->rows = g_ptr_array_new ();
  self->rubric_ids = g_ptr_array_new_with_free_func (g_free);
  gtk_widget_init_template (GTK_WIDGET (self));
  /* Not a bound template child: disposing the template would unparent it
   * behind AdwBin's back. */
  self->toast_overlay = ADW_TOAST_OVERLAY (adw_bin_get_child (ADW_BIN (self)));
}

KzReviewWorkspace *
kz_review_workspace_new (KzStore    *store,
                         gint64      interaction_id,
                         gint64      reviewer_id,
                         const char *rubric_id)
{
  g_return_val_if_fail (KZ_IS_STORE (store), NULL);
  g_return_val_if_fail (interaction_id > 0, NULL);
  g_return_val_if_fail (reviewer_id > 0, NULL);
  g_return_val_if_fail (rubric_id != NULL, NULL);

  return g_object_new (KZ_TYPE_REVIEW_WORKSPACE,
                       "store", store,
                       "interaction-id", interaction_id,
                       "reviewer-id", reviewer_id,
                       "rubric-id", rubric_id,
                       NULL);
}

KzReviewWorkspace *
kz_review_workspace_new_calibration (KzStore    *store,
                                     gint64      session_id,
                                     gint64      interaction_id,
                                     gint64      reviewer_id,
                                     const char *rubric_id,
                                     int         rubric_version)
{
  g_return_val_if_fail (KZ_IS_STORE (store), NULL);
  g_return_val_if_fail (session_id > 0, NULL);
  g_return_val_if_fail (interaction_id > 0, NULL);
  g_return_val_if_fail (reviewer_id > 0, NULL);
  g_return_val_if_fail (rubric_id != NULL, NULL);

  return g_object_new (KZ_TYPE_REVIEW_WORKSPACE,
                       "store", store,
                       "interaction-id", interaction_id,
                       "reviewer-id", reviewer_id,
                       "rubric-id", rubric_id,
                       "calibration-session-id", session_id,
                       "rubric-version", rubric_version,
                       NULL);
}

gint64
kz_review_workspace_get_calibration_session_id (KzReviewWorkspace *self)
{
  g_return_val_if_fail (KZ_IS_REVIEW_WORKSPACE (self), 0);
  return self->calibration_session_id;
}

gboolean
kz_review_workspace_get_loaded (KzReviewWorkspace *self)
{
  g_return_val_if_fail (KZ_IS_REVIEW_WORKSPACE (self), FALSE);
  return self->loaded;
}

gint64
kz_review_workspace_get_evaluation_id (KzReviewWorkspace *self)
{
  g_return_val_if_fail (KZ_IS_REVIEW_WORKSPACE (self), 0);
  return self->evaluation != NULL ? self->evaluation->id : 0;
}

gboolean
kz_review_workspace_get_saving (KzReviewWorkspace *self)
{
  g_return_val_if_fail (KZ_IS_REVIEW_WORKSPACE (self), FALSE);
  return is_saving (self);
}

const KzReviewScore *
kz_review_workspace_get_score (KzReviewWorkspace *self)
{
  g_return_val_if_fail (KZ_IS_REVIEW_WORKSPACE (self), NULL);
  return self->score;
}

GtkWidget *
kz_review_workspace_get_criterion_row (KzReviewWorkspace *self,
                                       const char        *criterion_id)
{
  g_return_val_if_fail (KZ_IS_REVIEW_WORKSPACE (self), NULL);
  g_return_val_if_fail (criterion_id != NULL, NULL);

  for (guint i = 0; i < self->rows->len; i++)
    {
      KzCriterionRow *row = g_ptr_array_index (self->rows, i);

      if (g_str_equal (kz_criterion_row_get_criterion (row)->id, criterion_id))
        return GTK_WIDGET (row);
    }
  return NULL;
}

const char *
kz_review_workspace_get_current_criterion (KzReviewWorkspace *self)
{
  KzCriterionRow *row;

  g_return_val_if_fail (KZ_IS_REVIEW_WORKSPACE (self), NULL);
  row = current_row (self);
  return row != NULL ? kz_criterion_row_get_criterion (row)->id : NULL;
}

GtkWidget *
kz_review_workspace_get_player (KzReviewWorkspace *self)
{
  g_return_val_if_fail (KZ_IS_REVIEW_WORKSPACE (self), NULL);
  return self->player;
}

GtkWidget *
kz_review_workspace_get_thread_view (KzReviewWorkspace *self)
{
  g_return_val_if_fail (KZ_IS_REVIEW_WORKSPACE (self), NULL);
  return self->thread_view;
}

const char *
kz_review_workspace_get_message (KzReviewWorkspace *self)
{
  g_return_val_if_fail (KZ_IS_REVIEW_WORKSPACE (self), NULL);
  return gtk_widget_get_visible (GTK_WIDGET (self->message_label))
         ? gtk_label_get_text (self->message_label) : "";
}

const char *
kz_review_workspace_get_title (KzReviewWorkspace *self)
{
  g_return_val_if_fail (KZ_IS_REVIEW_WORKSPACE (self), NULL);
  return self->interaction != NULL ? gtk_label_get_text (self->title_label) : NULL;
}

KzChannel
kz_review_workspace_get_channel (KzReviewWorkspace *self)
{
  g_return_val_if_fail (KZ_IS_REVIEW_WORKSPACE (self), KZ_CHANNEL_CALL);
  return self->interaction != NULL ? self->interaction->channel : KZ_CHANNEL_CALL;
}

const char *
kz_review_workspace_get_rubric_id (KzReviewWorkspace *self)
{
  g_return_val_if_fail (KZ_IS_REVIEW_WORKSPACE (self), NULL);
  return self->rubric_id;
}

gboolean
kz_review_workspace_get_save_failed (KzReviewWorkspace *self)
{
  g_return_val_if_fail (KZ_IS_REVIEW_WORKSPACE (self), FALSE);
  return self->save_failed;
}

const char *
kz_review_workspace_get_journal_path (KzReviewWorkspace *self)
{
  g_return_val_if_fail (KZ_IS_REVIEW_WORKSPACE (self), NULL);
  return self->journal_path;
}
