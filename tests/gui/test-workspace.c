/* test-workspace.c — the review workspace, in-process, on a demo database
 *
 * Expected scores come from the model (kz_score_compute on answers this
 * file keeps itself, formatted with kz_score_format_percent), never from
 * the workspace's own output.  Waits poll the main loop against a
 * deadline; the autosave is awaited by polling the store.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "kz-gui-test.h"
#include "kz-call.h"
#include "kz-call-player.h"
#include "kz-criterion-row.h"
#include "kz-demo.h"
#include "kz-email.h"
#include "kz-email-thread-view.h"
#include "kz-review-score.h"
#include "kz-review-workspace.h"
#include "kz-score.h"
#include "kz-store.h"


static KzStore *store;
static char *tmp_dir;
static char *agent_email;
static gint64 reviewers[4];
static gint64 email_interaction;
static gint64 call_interaction;

/* ---- helpers ----------------------------------------------------------- */

static void
collect_texts (GtkWidget *widget,
               GString   *texts,
               gboolean   mapped_only)
{
  if (mapped_only && !gtk_widget_get_mapped (widget))
    return;
  if (GTK_IS_LABEL (widget))
    {
      g_string_append (texts, gtk_label_get_text (GTK_LABEL (widget)));
      g_string_append_c (texts, '\n');
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_texts (child, texts, mapped_only);
}

static char *
write_file (const char *name,
            const char *contents,
            gssize      length)
{
  return kz_gui_test_write_file (tmp_dir, name, contents, length);
}

/* A real, playable silent WAV of @seconds: 8 kHz, 16-bit mono. */
static char *
write_wav (const char *name,
           guint       seconds)
{
  guint32 data_len = 16000 * seconds, riff_len = 36 + data_len, rate = 8000, byte_rate = 16000;
  guint32 fmt_len = 16;
  guint16 pcm = 1, channels = 1, align = 2, bits = 16;
  g_autofree guint8 *wav = g_malloc0 (44 + data_len);

  memcpy (wav, "RIFF", 4); memcpy (wav + 4, &riff_len, 4); memcpy (wav + 8, "WAVEfmt ", 8);
  memcpy (wav + 16, &fmt_len, 4); memcpy (wav + 20, &pcm, 2); memcpy (wav + 22, &channels, 2);
  memcpy (wav + 24, &rate, 4); memcpy (wav + 28, &byte_rate, 4); memcpy (wav + 32, &align, 2);
  memcpy (wav + 34, &bits, 2); memcpy (wav + 36, "data", 4); memcpy (wav + 40, &data_len, 4);
  return write_file (name, (const char *) wav, 44 + data_len);
}

typedef struct {
  GtkWidget         *window;
  KzReviewWorkspace *workspace;
  gint64             submitted_id;
} Open;

static void
on_submitted (KzReviewWorkspace *workspace,
              gint64             id,
              Open              *open)
{
  open->submitted_id = id;
}

static void
open_workspace (Open       *open,
                gint64      interaction_id,
                gint64      reviewer_id,
                const char *rubric_id)
{
  open->submitted_id = 0;
  open->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (open->window), 1280, 800);
  open->workspace = kz_review_workspace_new (store, interaction_id, reviewer_id, rubric_id);
  g_signal_connect (open->workspace, "submitted", G_CALLBACK (on_submitted), open);
  gtk_window_set_child (GTK_WINDOW (open->window), GTK_WIDGET (open->workspace));
  gtk_window_present (GTK_WINDOW (open->window));
  KZ_WAIT_UNTIL (kz_review_workspace_get_loaded (open->workspace));
  gtk_test_widget_wait_for_draw (open->window);
}

static void
close_workspace (Open *open)
{
  gtk_window_destroy (GTK_WINDOW (open->window));
  kz_gui_test_drain ();
}

static const char *
score_text (Open *open)
{
  GtkWidget *label = kz_gui_test_find_by_name (GTK_WIDGET (open->workspace), "final-score");

  g_assert_nonnull (label);
  return gtk_label_get_text (GTK_LABEL (label));
}

/* The final score the header must show for @answers, from the model. */
static char *
expected_score (KzRubric    *rubric,
                KzAnswerSet *answers)
{
  g_autoptr(KzScore) score = kz_score_compute (rubric, answers);

  return kz_score_format_percent (score->has_score, score->final);
}

static GtkWidget *
row_child (Open       *open,
           const char *criterion_id,
           const char *name)
{
  GtkWidget *row = kz_review_workspace_get_criterion_row (open->workspace, criterion_id);

  g_assert_nonnull (row);
  return kz_gui_test_find_by_name (row, name);
}

/* The draft of @reviewer on @interaction, from the store (NULL: none). */
static KzEvaluation *
stored_evaluation (gint64   interaction_id,
                   gint64   reviewer_id,
                   gboolean submitted_only)
{
  g_autoptr(GError) error = NULL;
  KzEvaluationFilter filter = {
    .interaction_id = interaction_id,
    .reviewer_id = reviewer_id,
    .submitted_only = submitted_only,
  };
  g_autoptr(GPtrArray) list = kz_store_list_evaluations (store, &filter, &error);
  const KzEvaluationSummary *summary;
  KzEvaluation *ev;

  g_assert_no_error (error);
  if (list->len == 0)
    return NULL;
  g_assert_cmpuint (list->len, ==, 1);
  summary = g_ptr_array_index (list, 0);
  ev = kz_store_get_evaluation (store, summary->id, &error);
  g_assert_no_error (error);
  return ev;
}

static gboolean
stored_has_answers (gint64 interaction_id,
                    gint64 reviewer_id,
                    guint  n)
{
  g_autoptr(KzEvaluation) ev = stored_evaluation (interaction_id, reviewer_id, FALSE);

  return ev != NULL && g_hash_table_size (ev->answers) == n;
}

/* ---- pure parts -------------------------------------------------------- */

static void
test_body_split (void)
{
  g_autoptr(GPtrArray) parts = kz_email_body_split ("Hi Pat,\nIt is fixed.\n\n"
                                                    "On Mon, 2 Mar 2026, Pat wrote:\n"
                                                    "> My reading is wrong.\n"
                                                    ">\n"
                                                    "> Pat\n");
  const KzBodyPart *part;

  g_assert_cmpuint (parts->len, ==, 2);
  part = g_ptr_array_index (parts, 0);
  g_assert_false (part->quoted);
  g_assert_cmpstr (part->text, ==, "Hi Pat,\nIt is fixed.");
  part = g_ptr_array_index (parts, 1);
  g_assert_true (part->quoted);
  g_assert_cmpuint (part->n_lines, ==, 4);
  g_assert_true (g_str_has_prefix (part->text, "On Mon, 2 Mar 2026, Pat wrote:\n> My"));

  g_clear_pointer (&parts, g_ptr_array_unref);
  /* An "On … wrote:" line with no quote after it is the sender's own text. */
  parts = kz_email_body_split ("On Monday the engineer wrote:\nall good.\n");
  g_assert_cmpuint (parts->len, ==, 1);
  g_assert_false (((KzBodyPart *) g_ptr_array_index (parts, 0))->quoted);

  g_clear_pointer (&parts, g_ptr_array_unref);
  parts = kz_email_body_split ("Done.\n-----Original Message-----\nFrom: x\n\nold text\n");
  g_assert_cmpuint (parts->len, ==, 2);
  g_assert_true (((KzBodyPart *) g_ptr_array_index (parts, 1))->quoted);
  g_assert_cmpuint (((KzBodyPart *) g_ptr_array_index (parts, 1))->n_lines, ==, 4);
}

static void
test_review_score (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzRubric) rubric = kz_store_get_rubric (store, "email-support", 0, &error);
  g_autoptr(GHashTable) answers = kz_answer_set_new ();
  g_autoptr(KzReviewScore) empty = NULL;
  g_autoptr(KzReviewScore) one = NULL;
  const KzCriterion *accurate;

  g_assert_no_error (error);
  empty = kz_review_score_new (rubric, answers);
  g_assert_cmpstr (empty->final_score, ==, "—");
  g_assert_false (empty->has_score);
  g_assert_cmpstr (empty->verdict, ==, "No score yet");
  g_assert_null (empty->auto_fail);

  /* "accurate" is section-critical: its lowest point fails its section,
   * the only applicable one, so the score is 0 (scoring.md, fail rules). */
  accurate = kz_rubric_find_criterion (rubric, "accurate");
  kz_answer_set_put (answers, kz_answer_new ("accurate", KZ_ANSWER_VALUE,
                                             kz_scale_get_min (accurate->scale), NULL));
  one = kz_review_score_new (rubric, answers);
  g_assert_cmpstr (one->final_score, ==, "0.0");
  g_assert_true (one->auto_failed);
  g_assert_cmpstr (one->verdict, ==, "Fail");
  g_assert_nonnull (one->auto_fail);
  g_assert_nonnull (strstr (one->auto_fail, accurate->title));
  /* email-support.xml has 12 criteria (2 + 3 + 3 + 2 + 2). */
  g_assert_cmpstr (one->progress, ==, "1 of 12 answered");
}

/* ---- the email workspace ----------------------------------------------- */

static void
test_email_review (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzRubric) rubric = kz_store_get_rubric (store, "email-support", 0, &error);
  g_autoptr(GHashTable) expected = kz_answer_set_new ();
  g_autoptr(KzEvaluation) stored = NULL;
  g_autoptr(GPtrArray) messages = g_ptr_array_new ();
  g_autoptr(GPtrArray) quoted = g_ptr_array_new ();
  g_autoptr(GString) visible = g_string_new (NULL);
  GPtrArray *sections;
  GtkWidget *thread;
  Open open;
  guint n = 0;

  g_assert_no_error (error);
  open_workspace (&open, email_interaction, reviewers[0], "email-support");
  kz_gui_test_screenshot (open.window, "workspace-email-empty.png");

  /* The thread: both messages, oldest first, the quote folded away. */
  thread = kz_review_workspace_get_thread_view (open.workspace);
  g_assert_nonnull (thread);
  g_assert_cmpuint (kz_email_thread_view_get_n_messages (KZ_EMAIL_THREAD_VIEW (thread)), ==, 2);
  kz_gui_test_find_all_by_name (thread, "message", messages);
  g_assert_cmpuint (messages->len, ==, 2);
  collect_texts (thread, visible, TRUE);
  g_assert_nonnull (strstr (visible->str, "Pat Customer <pat@example.org>"));
  g_assert_nonnull (strstr (visible->str, "Meter reading wrong"));
  g_assert_nonnull (strstr (visible->str, "I have corrected the reading"));
  g_assert_true (strstr (visible->str, "Hello, my meter reading is wrong") <
                 strstr (visible->str, "I have corrected the reading"));
  g_assert_nonnull (strstr (visible->str, "invoice.pdf"));
  kz_gui_test_find_all_by_name (thread, "quoted", quoted);
  g_assert_cmpuint (quoted->len, ==, 1);
  g_assert_true (gtk_widget_is_ancestor (g_ptr_array_index (quoted, 0), g_ptr_array_index (messages, 1)));
  g_assert_false (gtk_expander_get_expanded (g_ptr_array_index (quoted, 0)));
  /* The quoted line appears once, in the first message; folded in the reply. */
  {
    const char *first = strstr (visible->str, "Hello, my meter reading is wrong");
    g_assert_null (strstr (first + 1, "> Hello, my meter reading is wrong"));
  }

  g_assert_cmpstr (score_text (&open), ==, "—");

  /* Every criterion, through the form: the first by the keyboard actions,
   * one N/A by the "n" action, the rest by clicking point buttons. */
  sections = kz_rubric_get_sections (rubric);
  for (guint s = 0; s < sections->len; s++)
    {
      const KzSection *section = g_ptr_array_index (sections, s);

      for (guint c = 0; c < section->criteria->len; c++, n++)
        {
          const KzCriterion *criterion = g_ptr_array_index (section->criteria, c);
          guint n_points = criterion->scale->points->len;
          g_autofree char *want = NULL;
          KzAnswer *answer;

          if (n == 0)
            {
              /* Focus the form's first criterion, then key "2" (second point). */
              kz_criterion_row_grab_focus (KZ_CRITERION_ROW (kz_review_workspace_get_criterion_row (open.workspace, criterion->id)));
              g_assert_cmpstr (kz_review_workspace_get_current_criterion (open.workspace), ==, criterion->id);
              g_assert_true (gtk_widget_activate_action (GTK_WIDGET (open.workspace), "review.pick", "i", 1));
              answer = kz_answer_new (criterion->id, KZ_ANSWER_VALUE,
                                      ((KzScalePoint *) g_ptr_array_index (criterion->scale->points, 1))->value, NULL);
            }
          else if (kz_criterion_allows_na (criterion) && g_str_equal (criterion->id, "history-read"))
            {
              /* Alt+Down from the previous criterion, then "n". */
              g_assert_true (gtk_widget_activate_action (GTK_WIDGET (open.workspace), "review.next-criterion", NULL));
              g_assert_cmpstr (kz_review_workspace_get_current_criterion (open.workspace), ==, criterion->id);
              g_assert_true (gtk_widget_activate_action (GTK_WIDGET (open.workspace), "review.na", NULL));
              answer = kz_answer_new (criterion->id, KZ_ANSWER_NA, 0, NULL);
            }
          else
            {
              /* Top points mostly, one lower point in the middle. */
              guint index = n == 4 ? n_points - 2 : n_points - 1;
              g_autofree char *name = g_strdup_printf ("point-%u", index);

              kz_gui_test_click (row_child (&open, criterion->id, name));
              answer = kz_answer_new (criterion->id, KZ_ANSWER_VALUE,
                                      ((KzScalePoint *) g_ptr_array_index (criterion->scale->points, index))->value,
                                      NULL);
            }
          kz_answer_set_put (expected, answer);
          want = expected_score (rubric, expected);
          g_assert_cmpstr (score_text (&open), ==, want);
        }
    }
  g_assert_cmpuint (n, ==, kz_rubric_get_n_criteria (rubric));
  {
    g_autoptr(KzScore) score = kz_score_compute (rubric, expected);
    GtkWidget *verdict = kz_gui_test_find_by_name (GTK_WIDGET (open.workspace), "verdict");
    GtkWidget *expander = kz_gui_test_find_by_name (GTK_WIDGET (open.workspace), "breakdown-expander");
    GtkWidget *breakdown;
    g_autofree char *text = kz_score_format_breakdown (score);

    /* A collapsed GtkExpander keeps its child out of the widget tree. */
    gtk_expander_set_expanded (GTK_EXPANDER (expander), TRUE);
    breakdown = kz_gui_test_find_by_name (GTK_WIDGET (open.workspace), "breakdown");

    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (verdict)), ==, score->pass ? "Pass" : "Fail");
    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (breakdown)), ==, text);
  }
  /* N/A is offered only where the rubric allows it. */
  g_assert_null (row_child (&open, "accurate", "na"));
  g_assert_nonnull (row_child (&open, "history-read", "na"));

  kz_gui_test_screenshot (open.window, "workspace-email-answered.png");

  /* Submit (Ctrl+Return's action). */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (open.workspace), "review.submit", NULL));
  KZ_WAIT_UNTIL (open.submitted_id > 0);
  g_assert_cmpstr (kz_review_workspace_get_message (open.workspace), ==, "");

  stored = kz_store_get_evaluation (store, open.submitted_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (stored->state, ==, KZ_EVALUATION_SUBMITTED);
  g_assert_cmpint (stored->interaction_id, ==, email_interaction);
  g_assert_cmpint (stored->reviewer_id, ==, reviewers[0]);
  g_assert_cmpuint (g_hash_table_size (stored->answers), ==, n);
  {
    g_autofree char *want = expected_score (rubric, expected);
    g_autofree char *got = kz_score_format_percent (stored->has_score, stored->final);

    g_assert_cmpstr (got, ==, want);
  }
  /* Submitted: the form is closed for changes. */
  g_assert_false (gtk_widget_is_sensitive (kz_review_workspace_get_criterion_row (open.workspace, "accurate")));

  close_workspace (&open);
}

static void
test_submit_incomplete (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzRubric) rubric = kz_store_get_rubric (store, "email-support", 0, &error);
  g_autoptr(KzEvaluation) submitted = NULL;
  const KzCriterion *left_out = kz_rubric_find_criterion (rubric, "complete");
  GPtrArray *sections;
  const char *message;
  Open open;

  g_assert_nonnull (left_out);
  g_assert_true (left_out->required);
  open_workspace (&open, email_interaction, reviewers[1], "email-support");

  sections = kz_rubric_get_sections (rubric);
  for (guint s = 0; s < sections->len; s++)
    {
      const KzSection *section = g_ptr_array_index (sections, s);

      for (guint c = 0; c < section->criteria->len; c++)
        {
          const KzCriterion *criterion = g_ptr_array_index (section->criteria, c);

          if (criterion != left_out)
            kz_gui_test_click (row_child (&open, criterion->id, "point-0"));
        }
    }

  /* Ctrl+Return's action. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (open.workspace), "review.submit", NULL));
  KZ_WAIT_UNTIL (*kz_review_workspace_get_message (open.workspace) != '\0');
  message = kz_review_workspace_get_message (open.workspace);
  g_assert_nonnull (strstr (message, left_out->title));
  g_assert_cmpint (open.submitted_id, ==, 0);
  /* The keyboard is taken to the criterion that blocks the submit. */
  g_assert_cmpstr (kz_review_workspace_get_current_criterion (open.workspace), ==, "complete");
  /* Still on the form, still editable. */
  g_assert_true (gtk_widget_is_sensitive (kz_review_workspace_get_criterion_row (open.workspace, "complete")));
  g_assert_true (gtk_widget_get_mapped (kz_gui_test_find_by_name (GTK_WIDGET (open.workspace), "submit-message")));
  kz_gui_test_screenshot (open.window, "workspace-email-incomplete.png");

  KZ_WAIT_UNTIL (!kz_review_workspace_get_saving (open.workspace));
  submitted = stored_evaluation (email_interaction, reviewers[1], TRUE);
  g_assert_null (submitted);
  {
    g_autoptr(KzEvaluation) draft = stored_evaluation (email_interaction, reviewers[1], FALSE);

    g_assert_nonnull (draft);
    g_assert_cmpint (draft->state, ==, KZ_EVALUATION_DRAFT);
  }
  close_workspace (&open);
}

static void
test_draft_reopens (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzRubric) rubric = kz_store_get_rubric (store, "email-support", 0, &error);
  g_autoptr(KzAnswer) clarity = NULL;
  g_autoptr(KzAnswer) empathy = NULL;
  g_autoptr(KzEvaluation) draft = NULL;
  const KzCriterion *c_clarity = kz_rubric_find_criterion (rubric, "clarity");
  const KzCriterion *c_empathy = kz_rubric_find_criterion (rubric, "empathy");
  GtkWidget *comment;
  Open open;

  open_workspace (&open, email_interaction, reviewers[2], "email-support");
  g_assert_null (stored_evaluation (email_interaction, reviewers[2], FALSE));

  kz_gui_test_click (row_child (&open, "clarity", "point-1"));
  kz_gui_test_click (row_child (&open, "empathy", "point-0"));
  comment = row_child (&open, "empathy", "comment");
  gtk_editable_set_text (GTK_EDITABLE (comment), "Sounded curt");

  KZ_WAIT_UNTIL (stored_has_answers (email_interaction, reviewers[2], 2));
  KZ_WAIT_UNTIL (!kz_review_workspace_get_saving (open.workspace));
  draft = stored_evaluation (email_interaction, reviewers[2], FALSE);
  g_assert_cmpint (draft->state, ==, KZ_EVALUATION_DRAFT);
  g_assert_cmpstr (kz_answer_set_get (draft->answers, "empathy")->comment, ==, "Sounded curt");
  close_workspace (&open);

  open_workspace (&open, email_interaction, reviewers[2], "email-support");
  g_assert_cmpint (kz_review_workspace_get_evaluation_id (open.workspace), ==, draft->id);
  clarity = kz_criterion_row_dup_answer (KZ_CRITERION_ROW (kz_review_workspace_get_criterion_row (open.workspace, "clarity")));
  empathy = kz_criterion_row_dup_answer (KZ_CRITERION_ROW (kz_review_workspace_get_criterion_row (open.workspace, "empathy")));
  g_assert_nonnull (clarity);
  g_assert_cmpint (clarity->kind, ==, KZ_ANSWER_VALUE);
  g_assert_cmpfloat (clarity->value, ==, ((KzScalePoint *) g_ptr_array_index (c_clarity->scale->points, 1))->value);
  g_assert_nonnull (empathy);
  g_assert_cmpfloat (empathy->value, ==, ((KzScalePoint *) g_ptr_array_index (c_empathy->scale->points, 0))->value);
  g_assert_cmpstr (empathy->comment, ==, "Sounded curt");
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (row_child (&open, "clarity", "point-1"))));
  {
    g_autofree char *want = expected_score (rubric, draft->answers);
    g_assert_cmpstr (score_text (&open), ==, want);
  }

  /* A further change updates the same draft (its row version moves on). */
  kz_gui_test_click (row_child (&open, "clarity", "point-0"));
  KZ_WAIT_UNTIL (!kz_review_workspace_get_saving (open.workspace));
  {
    g_autoptr(KzEvaluation) again = stored_evaluation (email_interaction, reviewers[2], FALSE);

    g_assert_cmpint (again->id, ==, draft->id);
    g_assert_cmpfloat (kz_answer_set_get (again->answers, "clarity")->value, ==,
                       ((KzScalePoint *) g_ptr_array_index (c_clarity->scale->points, 0))->value);
  }
  g_assert_cmpstr (kz_review_workspace_get_message (open.workspace), ==, "");
  close_workspace (&open);
}

/* ---- the call workspace ------------------------------------------------ */

static void
test_call_comment_at_time (void)
{
  g_autoptr(KzEvaluation) draft = NULL;
  const KzAnswer *answer;
  GtkMediaStream *stream;
  GtkWidget *player;
  Open open;
  gint position;

  open_workspace (&open, call_interaction, reviewers[3], "phone-support");
  player = kz_review_workspace_get_player (open.workspace);
  g_assert_nonnull (player);
  g_assert_null (kz_review_workspace_get_thread_view (open.workspace));
  stream = kz_call_player_get_stream (KZ_CALL_PLAYER (player));
  KZ_WAIT_UNTIL (gtk_media_stream_is_prepared (stream) || gtk_media_stream_get_error (stream) != NULL);
  if (gtk_media_stream_get_error (stream) != NULL)
    g_error ("the recording does not play: %s", gtk_media_stream_get_error (stream)->message);
  g_assert_true (gtk_media_stream_is_seekable (stream));
  /* The stream knows the recording is 4 s long. */
  g_assert_cmpint (gtk_media_stream_get_duration (stream) / 1000, >=, 3900);
  g_assert_cmpint (gtk_media_stream_get_duration (stream) / 1000, <=, 4100);
  g_assert_cmpint (kz_call_player_get_current_segment (KZ_CALL_PLAYER (player)), ==, 0);

  /* Play: the position moves on by itself; then pause there. */
  gtk_media_stream_play (stream);
  KZ_WAIT_UNTIL (kz_call_player_get_position_ms (KZ_CALL_PLAYER (player)) >= 800);
  gtk_media_stream_pause (stream);
  KZ_WAIT_UNTIL (!gtk_media_stream_get_playing (stream));

  kz_call_player_seek_ms (KZ_CALL_PLAYER (player), 2500);
  KZ_WAIT_UNTIL (!gtk_media_stream_is_seeking (stream) &&
              ABS (kz_call_player_get_position_ms (KZ_CALL_PLAYER (player)) - 2500) <= 50);
  /* The transcript follows: the second turn starts at 0:02. */
  g_assert_cmpint (kz_call_player_get_current_segment (KZ_CALL_PLAYER (player)), ==, 1);
  position = kz_call_player_get_position_ms (KZ_CALL_PLAYER (player));

  kz_gui_test_click (row_child (&open, "greeting", "point-1"));
  kz_gui_test_click (row_child (&open, "greeting", "comment-at-time"));
  kz_gui_test_screenshot (open.window, "workspace-call.png");

  KZ_WAIT_UNTIL (stored_has_answers (call_interaction, reviewers[3], 1));
  KZ_WAIT_UNTIL (!kz_review_workspace_get_saving (open.workspace));
  draft = stored_evaluation (call_interaction, reviewers[3], FALSE);
  answer = kz_answer_set_get (draft->answers, "greeting");
  g_assert_nonnull (answer);
  g_assert_cmpint (answer->comment_at_ms, ==, position);
  g_assert_cmpint (ABS (answer->comment_at_ms - 2500), <=, 50);
  close_workspace (&open);
}

/* ---- data -------------------------------------------------------------- */

static void
import_email (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *mbox = NULL;
  g_autofree char *path = NULL;
  const char *paths[2] = { NULL, NULL };
  KzEmailImportReport report = { 0 };

  mbox = g_strdup_printf (
    "From pat@example.org Mon Mar  2 09:00:00 2026\n"
    "From: Pat Customer <pat@example.org>\n"
    "To: Support <%s>\n"
    "Subject: Meter reading wrong\n"
    "Date: Mon, 02 Mar 2026 09:00:00 +0000\n"
    "Message-ID: <q1@example.org>\n"
    "MIME-Version: 1.0\n"
    "Content-Type: multipart/mixed; boundary=\"XX\"\n"
    "\n"
    "--XX\n"
    "Content-Type: text/plain; charset=utf-8\n"
    "\n"
    "Hello, my meter reading is wrong.\n"
    "Pat\n"
    "--XX\n"
    "Content-Type: application/pdf; name=\"invoice.pdf\"\n"
    "Content-Disposition: attachment; filename=\"invoice.pdf\"\n"
    "Content-Transfer-Encoding: base64\n"
    "\n"
    "JVBERi0xLjQKJcfsj6IKMSAwIG9iago8PD4+CmVuZG9iagp0cmFpbGVyCjw8Pj4KJSVFT0YK\n"
    "--XX--\n"
    "\n"
    "From %s Mon Mar  2 10:00:00 2026\n"
    "From: Northwind Support <%s>\n"
    "To: Pat Customer <pat@example.org>\n"
    "Subject: Re: Meter reading wrong\n"
    "Date: Mon, 02 Mar 2026 10:00:00 +0000\n"
    "Message-ID: <a1@northwind-energy.example>\n"
    "In-Reply-To: <q1@example.org>\n"
    "References: <q1@example.org>\n"
    "\n"
    "Hi Pat, I have corrected the reading.\n"
    "\n"
    "On Mon, 2 Mar 2026 at 09:00, Pat Customer wrote:\n"
    "> Hello, my meter reading is wrong.\n"
    "> Pat\n",
    agent_email, agent_email, agent_email);
  path = write_file ("thread.mbox", mbox, -1);
  paths[0] = path;
  g_assert_true (kz_email_import (store, paths, KZ_MAIL_FORMAT_AUTO, FALSE, &report, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.n_stored, ==, 2);
  g_assert_cmpuint (report.n_new_threads, ==, 1);
  g_assert_cmpuint (report.n_no_agent, ==, 0);
  kz_email_import_report_clear (&report);

  email_interaction = kz_store_find_message_interaction (store, "q1@example.org", &error);
  g_assert_no_error (error);
  g_assert_cmpint (email_interaction, >, 0);
}

static void
import_call (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *wav = write_wav ("call.wav", 4);
  g_autofree char *transcript = write_file ("call.txt",
                                            "[00:00] Agent: Thank you for calling Northwind Energy.\n"
                                            "[00:02] Customer: My meter reading is wrong.\n", -1);
  g_autofree char *manifest_text = g_strdup_printf (
    "id,agent_email,start,duration,direction,customer_ref,audio,transcript\n"
    "CALL-WS-1,%s,2026-03-02T09:15:00Z,4,inbound,ACC-1,call.wav,call.txt\n", agent_email);
  g_autofree char *manifest = write_file ("calls.csv", manifest_text, -1);
  g_autoptr(GPtrArray) interactions = NULL;
  KzCallImportReport report = { 0 };

  g_assert_true (kz_call_import (store, manifest, TRUE, &report, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.n_stored, ==, 1);
  kz_call_import_report_clear (&report);

  interactions = kz_store_list_interactions (store, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < interactions->len; i++)
    {
      const KzInteraction *interaction = g_ptr_array_index (interactions, i);

      if (g_strcmp0 (interaction->external_ref, "CALL-WS-1") == 0)
        call_interaction = interaction->id;
    }
  g_assert_cmpint (call_interaction, >, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *db_path = NULL;
  g_autoptr(GPtrArray) agents = NULL;
  g_autoptr(GPtrArray) people = NULL;
  KzDemoCounts counts = { 0 };
  guint n_reviewers = 0;
  int ret;

  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  {
    /* What AdwApplication would load from the resource base path. */
    g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (css, "/io/github/KaizenQA/Kaizen/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }

  tmp_dir = g_dir_make_tmp ("kaizen-test-workspace-XXXXXX", &error);
  g_assert_no_error (error);
  {
    /* Draft journals in a fresh state folder. */
    g_autofree char *state = g_build_filename (tmp_dir, "state", NULL);

    g_setenv ("XDG_STATE_HOME", state, TRUE);
  }
  db_path = g_build_filename (tmp_dir, "demo.db", NULL);
  store = kz_store_open (db_path, &error);
  g_assert_no_error (error);
  kz_demo_fill (store, kz_demo_rubrics_dir (), 20240301, &counts, &error);
  g_assert_no_error (error);

  agents = kz_store_list_people (store, KZ_ROLE_AGENT, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (agents->len, >, 0);
  agent_email = g_strdup (((KzPerson *) g_ptr_array_index (agents, 0))->emails[0]);
  people = kz_store_list_people (store, KZ_ROLE_REVIEWER, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < people->len && n_reviewers < G_N_ELEMENTS (reviewers); i++)
    reviewers[n_reviewers++] = ((KzPerson *) g_ptr_array_index (people, i))->id;
  /* Fewer reviewers than tests: the remaining tests share the last one on
   * different interactions only, which test_call_comment_at_time does. */
  g_assert_cmpuint (n_reviewers, >=, 3);
  if (n_reviewers < G_N_ELEMENTS (reviewers))
    reviewers[3] = reviewers[0];

  import_email ();
  import_call ();

  g_test_add_func ("/workspace/text/body-split", test_body_split);
  g_test_add_func ("/workspace/text/review-score", test_review_score);
  g_test_add_func ("/workspace/email/review-and-submit", test_email_review);
  g_test_add_func ("/workspace/email/submit-incomplete", test_submit_incomplete);
  g_test_add_func ("/workspace/email/draft-reopens", test_draft_reopens);
  g_test_add_func ("/workspace/call/comment-at-time", test_call_comment_at_time);

  ret = g_test_run ();

  g_clear_object (&store);
  g_free (agent_email);
  {
    g_autoptr(GDir) dir = g_dir_open (tmp_dir, 0, NULL);
    const char *name;

    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *path = g_build_filename (tmp_dir, name, NULL);
        g_unlink (path);
      }
  }
  g_rmdir (tmp_dir);
  g_free (tmp_dir);
  return ret;
}
