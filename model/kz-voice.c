/* kz-voice.c — staff voice: the records and the anonymity rules
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kz-voice"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <math.h>
#include <string.h>
#include <sys/random.h>

#include "kz-error.h"
#include "kz-voice.h"

/* ---- questions ------------------------------------------------------------------ */

static const char * const kind_names[] = { "scale_0_10", "agree_1_5", "free_text" };

const char *
kz_question_kind_to_string (KzQuestionKind kind)
{
  g_return_val_if_fail (kind <= KZ_QUESTION_FREE_TEXT, NULL);
  return kind_names[kind];
}

gboolean
kz_question_kind_from_string (const char     *text,
                              KzQuestionKind *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kind_names); i++)
    if (g_strcmp0 (text, kind_names[i]) == 0)
      {
        *kind = i;
        return TRUE;
      }
  return FALSE;
}

KzQuestion *
kz_question_new (const char     *id,
                 const char     *text,
                 KzQuestionKind  kind,
                 const char     *driver)
{
  KzQuestion *q = g_new0 (KzQuestion, 1);

  q->id = g_strdup (id);
  q->text = g_strdup (text);
  q->kind = kind;
  q->driver = g_strdup (driver);
  q->active = TRUE;
  return q;
}

KzQuestion *
kz_question_copy (const KzQuestion *self)
{
  KzQuestion *q;

  g_return_val_if_fail (self != NULL, NULL);
  q = kz_question_new (self->id, self->text, self->kind, self->driver);
  q->enps = self->enps;
  q->active = self->active;
  return q;
}

void
kz_question_free (KzQuestion *self)
{
  if (self == NULL)
    return;
  g_free (self->id);
  g_free (self->text);
  g_free (self->driver);
  g_free (self);
}

GPtrArray *
kz_question_bank_default (void)
{
  static const struct {
    const char *id, *driver, *text;
  } scored[] = {
    { "tl-support",       N_("Team leader"), N_("My team leader helps me when a call or email is difficult.") },
    { "tl-feedback",      N_("Team leader"), N_("The feedback I get on my calls and emails helps me improve.") },
    { "workload-manage",  N_("Workload"),    N_("My workload is manageable on most days.") },
    { "workload-breaks",  N_("Workload"),    N_("I can take my breaks when I need them, even at busy times.") },
    { "tools-work",       N_("Tools"),       N_("The systems I use let me solve customers' problems without workarounds.") },
    { "tools-knowledge",  N_("Tools"),       N_("I can find the answer to a customer's question quickly.") },
    { "recognition-seen", N_("Recognition"), N_("When I do good work for a customer, someone notices.") },
    { "recognition-fair", N_("Recognition"), N_("Recognition here is fair.") },
    { "growth-learn",     N_("Growth"),      N_("I am learning new skills in my job.") },
    { "growth-path",      N_("Growth"),      N_("I can see how I could grow here over the next year.") },
    { "autonomy-own",     N_("Autonomy"),    N_("I am trusted to do what is right for the customer, not just follow the script.") },
    { "autonomy-say",     N_("Autonomy"),    N_("I have a say in how my work is done.") },
    { "monitoring-fair",  N_("Monitoring"),  N_("The way my calls and emails are scored is fair.") },
    { "monitoring-help",  N_("Monitoring"),  N_("Quality reviews help me rather than just judge me.") },
    { "wellbeing-stress", N_("Wellbeing"),   N_("I can cope with the stress of difficult customers.") },
    { "wellbeing-switch", N_("Wellbeing"),   N_("I can switch off from work when my shift ends.") },
  };
  GPtrArray *bank = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_question_free);
  KzQuestion *q;

  q = kz_question_new (KZ_ENPS_QUESTION_ID,
                       _("How likely are you to recommend working here to a friend?"),
                       KZ_QUESTION_SCALE_0_10, NULL);
  q->enps = TRUE;
  g_ptr_array_add (bank, q);
  for (guint i = 0; i < G_N_ELEMENTS (scored); i++)
    g_ptr_array_add (bank, kz_question_new (scored[i].id, _(scored[i].text), KZ_QUESTION_AGREE_1_5,
                                            _(scored[i].driver)));
  g_ptr_array_add (bank, kz_question_new (KZ_COMMENT_QUESTION_ID,
                                          _("Anything else you would like to tell us?"),
                                          KZ_QUESTION_FREE_TEXT, NULL));
  return bank;
}

guint
kz_voice_comment_minimum (guint k)
{
  return MAX (k, 5);
}

/* ---- plans and rounds ------------------------------------------------------------ */

KzPulsePlan *
kz_pulse_plan_new (void)
{
  KzPulsePlan *plan = g_new0 (KzPulsePlan, 1);

  plan->cadence_days = 14;
  plan->questions_per_round = 4;
  plan->k = KZ_VOICE_K_DEFAULT;
  plan->team_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  return plan;
}

void
kz_pulse_plan_free (KzPulsePlan *self)
{
  if (self == NULL)
    return;
  g_free (self->name);
  g_array_unref (self->team_ids);
  g_free (self);
}

KzSurveyRound *
kz_survey_round_new (void)
{
  KzSurveyRound *round = g_new0 (KzSurveyRound, 1);

  g_date_clear (&round->opens_on, 1);
  g_date_clear (&round->closes_on, 1);
  round->k = KZ_VOICE_K_DEFAULT;
  round->question_ids = g_new0 (char *, 1);
  return round;
}

KzSurveyRound *
kz_survey_round_copy (const KzSurveyRound *self)
{
  KzSurveyRound *round;

  g_return_val_if_fail (self != NULL, NULL);
  round = kz_survey_round_new ();
  round->id = self->id;
  round->plan_id = self->plan_id;
  round->title = g_strdup (self->title);
  round->opens_on = self->opens_on;
  round->closes_on = self->closes_on;
  round->k = self->k;
  round->answered = self->answered;
  g_strfreev (round->question_ids);
  round->question_ids = g_strdupv (self->question_ids);
  return round;
}

void
kz_survey_round_free (KzSurveyRound *self)
{
  if (self == NULL)
    return;
  g_free (self->title);
  g_strfreev (self->question_ids);
  g_free (self);
}

gboolean
kz_survey_round_is_open (const KzSurveyRound *self,
                         const GDate         *today)
{
  g_return_val_if_fail (self != NULL && today != NULL, FALSE);
  return g_date_valid (&self->opens_on) && g_date_valid (&self->closes_on) &&
         g_date_compare (&self->opens_on, today) <= 0 && g_date_compare (today, &self->closes_on) <= 0;
}

gboolean
kz_survey_round_is_closed (const KzSurveyRound *self,
                           const GDate         *today)
{
  g_return_val_if_fail (self != NULL && today != NULL, FALSE);
  return g_date_valid (&self->closes_on) && g_date_compare (&self->closes_on, today) < 0;
}

static gboolean
rotates (const KzQuestion *q)
{
  return q->active && !q->enps && q->kind != KZ_QUESTION_FREE_TEXT;
}

GStrv
kz_pulse_rotation (GPtrArray          *bank,
                   const char * const *asked,
                   guint               per_round)
{
  g_autoptr(GStrvBuilder) out = g_strv_builder_new ();
  g_autoptr(GHashTable) cycle = g_hash_table_new (g_str_hash, g_str_equal);  /* asked in this cycle */
  g_autoptr(GHashTable) chosen = g_hash_table_new (g_str_hash, g_str_equal);
  const KzQuestion *comment = NULL;
  guint n_rotating = 0;

  g_return_val_if_fail (bank != NULL, NULL);

  for (guint i = 0; i < bank->len; i++)
    {
      const KzQuestion *q = g_ptr_array_index (bank, i);

      if (q->enps && q->active)
        g_strv_builder_add (out, q->id);
      if (rotates (q))
        n_rotating++;
      if (q->kind == KZ_QUESTION_FREE_TEXT && q->active && comment == NULL)
        comment = q;
    }

  /* Where the current cycle stands: a cycle ends once every rotating
   * question has been asked. */
  for (guint i = 0; asked != NULL && asked[i] != NULL; i++)
    for (guint j = 0; j < bank->len; j++)
      {
        const KzQuestion *q = g_ptr_array_index (bank, j);

        if (!rotates (q) || !g_str_equal (q->id, asked[i]))
          continue;
        g_hash_table_add (cycle, q->id);
        if (g_hash_table_size (cycle) == n_rotating)
          g_hash_table_remove_all (cycle);
      }

  per_round = MIN (per_round, n_rotating);
  while (g_hash_table_size (chosen) < per_round)
    {
      KzQuestion *next = NULL;

      for (guint j = 0; j < bank->len && next == NULL; j++)
        {
          KzQuestion *q = g_ptr_array_index (bank, j);

          if (rotates (q) && !g_hash_table_contains (cycle, q->id) && !g_hash_table_contains (chosen, q->id))
            next = q;
        }
      if (next == NULL)
        {
          /* The cycle ran out part-way through this round: the next one
           * starts, in bank order (without repeating this round's). */
          if (g_hash_table_size (cycle) == 0)
            break;
          g_hash_table_remove_all (cycle);
          continue;
        }
      g_hash_table_add (chosen, next->id);
      g_hash_table_add (cycle, next->id);
      g_strv_builder_add (out, next->id);
      if (g_hash_table_size (cycle) == n_rotating)
        g_hash_table_remove_all (cycle);
    }

  if (comment != NULL)
    g_strv_builder_add (out, comment->id);
  return g_strv_builder_end (out);
}

/* ---- answers ------------------------------------------------------------------------ */

KzSurveyAnswer *
kz_survey_answer_new_value (const char *question_id,
                            int         value)
{
  KzSurveyAnswer *a = g_new0 (KzSurveyAnswer, 1);

  a->question_id = g_strdup (question_id);
  a->has_value = TRUE;
  a->value = value;
  return a;
}

KzSurveyAnswer *
kz_survey_answer_new_text (const char *question_id,
                           const char *text)
{
  KzSurveyAnswer *a = g_new0 (KzSurveyAnswer, 1);

  a->question_id = g_strdup (question_id);
  a->text = g_strdup (text);
  return a;
}

void
kz_survey_answer_free (KzSurveyAnswer *self)
{
  if (self == NULL)
    return;
  g_free (self->question_id);
  g_free (self->text);
  g_free (self);
}

static const KzQuestion *
find_question (GPtrArray  *questions,
               const char *id)
{
  for (guint i = 0; i < questions->len; i++)
    {
      const KzQuestion *q = g_ptr_array_index (questions, i);

      if (g_str_equal (q->id, id))
        return q;
    }
  return NULL;
}

gboolean
kz_survey_answers_check (const KzSurveyRound *round,
                         GPtrArray           *questions,
                         GPtrArray           *answers,
                         GError             **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  g_return_val_if_fail (round != NULL && questions != NULL && answers != NULL, FALSE);

  if (answers->len == 0)
    {
      g_set_error_literal (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT, _("There is nothing to send: answer at least one question."));
      return FALSE;
    }
  for (guint i = 0; i < answers->len; i++)
    {
      const KzSurveyAnswer *a = g_ptr_array_index (answers, i);
      const KzQuestion *q = a->question_id != NULL ? find_question (questions, a->question_id) : NULL;

      if (q == NULL || !g_strv_contains ((const char * const *) round->question_ids, a->question_id))
        {
          g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT, _("Question “%s” is not part of “%s”."),
                       a->question_id ? a->question_id : "", round->title ? round->title : "");
          return FALSE;
        }
      if (!g_hash_table_add (seen, a->question_id))
        {
          g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT, _("Question “%s” is answered twice."), q->id);
          return FALSE;
        }
      switch (q->kind)
        {
        case KZ_QUESTION_SCALE_0_10:
        case KZ_QUESTION_AGREE_1_5:
          {
            int lo = q->kind == KZ_QUESTION_SCALE_0_10 ? 0 : 1;
            int hi = q->kind == KZ_QUESTION_SCALE_0_10 ? 10 : 5;

            if (!a->has_value || a->text != NULL || a->value < lo || a->value > hi)
              {
                g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT,
                             _("The answer to “%s” is a number from %d to %d."), q->text, lo, hi);
                return FALSE;
              }
          }
          break;
        case KZ_QUESTION_FREE_TEXT:
          {
            g_autofree char *stripped = a->text != NULL ? g_strstrip (g_strdup (a->text)) : NULL;

            if (a->has_value || stripped == NULL || *stripped == '\0')
              {
                g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT,
                             _("The answer to “%s” is text; leave it out rather than empty."), q->text);
                return FALSE;
              }
            if (!g_utf8_validate (a->text, -1, NULL))
              {
                g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT, _("The answer to “%s” is not valid text."),
                             q->text);
                return FALSE;
              }
          }
          break;
        default:
          g_return_val_if_reached (FALSE);
        }
    }
  return TRUE;
}

/* ---- cells and suppression --------------------------------------------------------- */

KzSurveyCell *
kz_survey_cell_new (gint64      round_id,
                    gint64      team_id,
                    const char *question_id)
{
  KzSurveyCell *cell = g_new0 (KzSurveyCell, 1);

  cell->round_id = round_id;
  cell->team_id = team_id;
  cell->question_id = g_strdup (question_id);
  return cell;
}

KzSurveyCell *
kz_survey_cell_copy (const KzSurveyCell *self)
{
  KzSurveyCell *cell;

  g_return_val_if_fail (self != NULL, NULL);
  cell = g_memdup2 (self, sizeof *self);
  cell->question_id = g_strdup (self->question_id);
  return cell;
}

void
kz_survey_cell_free (KzSurveyCell *self)
{
  if (self == NULL)
    return;
  g_free (self->question_id);
  g_free (self);
}

void
kz_survey_cell_add (KzSurveyCell *self,
                    int           value)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (value >= 0 && value <= 10);
  self->counts[value]++;
  self->n++;
}

static void
suppress_cell (KzSurveyCell  *cell,
               KzSuppression  why)
{
  if (cell->suppression == KZ_SHOWN)
    cell->suppression = why;
  cell->n = 0;
  memset (cell->counts, 0, sizeof cell->counts);
}

void
kz_survey_suppress (GPtrArray *cells,
                    guint      k)
{
  g_autoptr(GHashTable) questions = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  gpointer key;

  g_return_if_fail (cells != NULL);
  g_return_if_fail (k >= 1);

  for (guint i = 0; i < cells->len; i++)
    g_hash_table_add (questions, ((KzSurveyCell *) g_ptr_array_index (cells, i))->question_id);

  g_hash_table_iter_init (&iter, questions);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      const char *question = key;
      guint hidden = 0;   /* answers in suppressed teams: what all − shown teams would give */

      /* Too few answers: suppressed in their own right. */
      for (guint i = 0; i < cells->len; i++)
        {
          KzSurveyCell *cell = g_ptr_array_index (cells, i);

          if (!g_str_equal (cell->question_id, question) || cell->team_id == KZ_CELL_ALL)
            continue;
          if (cell->suppression != KZ_SHOWN || cell->n < k)
            {
              hidden += cell->n;
              suppress_cell (cell, KZ_SUPPRESSED_FEW);
            }
        }

      /* Differencing: the whole round minus the teams shown is the teams
       * hidden.  Between 1 and k − 1 answers there, hide the next-smallest
       * team as well, until the hidden sum is 0 or at least k. */
      while (hidden > 0 && hidden < k)
        {
          KzSurveyCell *smallest = NULL;

          for (guint i = 0; i < cells->len; i++)
            {
              KzSurveyCell *cell = g_ptr_array_index (cells, i);

              if (g_str_equal (cell->question_id, question) && cell->team_id != KZ_CELL_ALL &&
                  cell->suppression == KZ_SHOWN && (smallest == NULL || cell->n < smallest->n))
                smallest = cell;
            }
          if (smallest == NULL)
            break;   /* every team is hidden; the whole round has hidden answers only */
          hidden += smallest->n;
          suppress_cell (smallest, KZ_SUPPRESSED_DIFFERENCE);
        }

      for (guint i = 0; i < cells->len; i++)
        {
          KzSurveyCell *cell = g_ptr_array_index (cells, i);

          if (g_str_equal (cell->question_id, question) && cell->team_id == KZ_CELL_ALL &&
              (cell->suppression != KZ_SHOWN || cell->n < k))
            suppress_cell (cell, KZ_SUPPRESSED_FEW);
        }
    }
}

/* The cell's answers as numbers, for the statistics. */
static GArray *
cell_values (const KzSurveyCell *cell)
{
  GArray *values = g_array_sized_new (FALSE, FALSE, sizeof (double), cell->n);

  for (int v = 0; v <= 10; v++)
    for (guint i = 0; i < cell->counts[v]; i++)
      {
        double d = v;

        g_array_append_val (values, d);
      }
  return values;
}

gboolean
kz_survey_cell_mean (const KzSurveyCell *cell,
                     KzMeanInterval     *out)
{
  g_autoptr(GArray) values = NULL;

  g_return_val_if_fail (cell != NULL && out != NULL, FALSE);

  memset (out, 0, sizeof *out);
  if (cell->suppression != KZ_SHOWN || cell->n == 0)
    return FALSE;
  values = cell_values (cell);
  kz_mean_interval ((double *) values->data, values->len, out);
  return TRUE;
}

gboolean
kz_survey_cell_enps (const KzSurveyCell *cell,
                     KzEnps             *out)
{
  g_return_val_if_fail (cell != NULL && out != NULL, FALSE);

  if (cell->suppression != KZ_SHOWN || cell->n == 0)
    {
      kz_enps_from_counts (0, 0, 0, out);
      return FALSE;
    }
  kz_enps_from_counts (cell->counts[9] + cell->counts[10], cell->counts[7] + cell->counts[8],
                       cell->n - (cell->counts[7] + cell->counts[8] + cell->counts[9] + cell->counts[10]),
                       out);
  return TRUE;
}

gboolean
kz_survey_cell_change (const KzSurveyCell *before,
                       const KzSurveyCell *after,
                       KzWelch            *out)
{
  g_autoptr(GArray) a = NULL;
  g_autoptr(GArray) b = NULL;

  g_return_val_if_fail (before != NULL && after != NULL && out != NULL, FALSE);

  memset (out, 0, sizeof *out);
  if (before->suppression != KZ_SHOWN || after->suppression != KZ_SHOWN)
    return FALSE;
  a = cell_values (after);
  b = cell_values (before);
  kz_welch ((double *) a->data, a->len, (double *) b->data, b->len, out);
  return out->defined && (out->low > 0 || out->high < 0);
}

double
kz_survey_normalise (KzQuestionKind kind,
                     double         mean)
{
  switch (kind)
    {
    case KZ_QUESTION_SCALE_0_10:
      return mean * 10.0;
    case KZ_QUESTION_AGREE_1_5:
      return (mean - 1.0) / 4.0 * 100.0;
    case KZ_QUESTION_FREE_TEXT:
    default:
      return NAN;
    }
}

void
kz_survey_comment_visibility (GPtrArray *cells,
                              guint      k,
                              gboolean  *whole_round,
                              gboolean  *by_team)
{
  g_autoptr(GArray) teams = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint minimum = kz_voice_comment_minimum (k);
  guint all_n = 0;
  gboolean teams_ok = TRUE;

  g_return_if_fail (cells != NULL);

  /* A group's size: its most-answered question shown (answers carry no
   * person, so that is the closest honest count of respondents). */
  for (guint i = 0; i < cells->len; i++)
    {
      const KzSurveyCell *cell = g_ptr_array_index (cells, i);
      gboolean known = FALSE;

      if (cell->team_id == KZ_CELL_ALL)
        {
          if (cell->suppression == KZ_SHOWN)
            all_n = MAX (all_n, cell->n);
          continue;
        }
      for (guint t = 0; t < teams->len && !known; t++)
        known = g_array_index (teams, gint64, t) == cell->team_id;
      if (!known)
        g_array_append_val (teams, cell->team_id);
    }
  for (guint t = 0; t < teams->len; t++)
    {
      gint64 team = g_array_index (teams, gint64, t);
      guint n = 0;

      for (guint i = 0; i < cells->len; i++)
        {
          const KzSurveyCell *cell = g_ptr_array_index (cells, i);

          if (cell->team_id == team && cell->suppression == KZ_SHOWN)
            n = MAX (n, cell->n);
        }
      if (n < minimum)
        teams_ok = FALSE;
    }

  if (whole_round != NULL)
    *whole_round = all_n >= minimum;
  if (by_team != NULL)
    *by_team = all_n >= minimum && teams->len > 0 && teams_ok;
}

/* ---- ideas -------------------------------------------------------------------------- */

static const char * const status_names[] = { "new", "under_review", "planned", "done", "declined" };

const char *
kz_idea_status_to_string (KzIdeaStatus status)
{
  g_return_val_if_fail (status <= KZ_IDEA_DECLINED, NULL);
  return status_names[status];
}

gboolean
kz_idea_status_from_string (const char   *text,
                            KzIdeaStatus *status)
{
  for (guint i = 0; i < G_N_ELEMENTS (status_names); i++)
    if (g_strcmp0 (text, status_names[i]) == 0)
      {
        *status = i;
        return TRUE;
      }
  return FALSE;
}

gboolean
kz_idea_status_check_move (KzIdeaStatus  from,
                           KzIdeaStatus  to,
                           const char   *reason,
                           GError      **error)
{
  gboolean ok;

  switch (to)
    {
    case KZ_IDEA_UNDER_REVIEW:
      ok = from == KZ_IDEA_NEW || from == KZ_IDEA_DECLINED;
      break;
    case KZ_IDEA_PLANNED:
      ok = from == KZ_IDEA_UNDER_REVIEW || from == KZ_IDEA_NEW;
      break;
    case KZ_IDEA_DONE:
      ok = from == KZ_IDEA_PLANNED;
      break;
    case KZ_IDEA_DECLINED:
      ok = from != KZ_IDEA_DONE && from != KZ_IDEA_DECLINED;
      if (ok && (reason == NULL || *reason == '\0'))
        {
          g_set_error_literal (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT,
                               _("Say why the idea is declined: the people who suggested it will read it."));
          return FALSE;
        }
      break;
    case KZ_IDEA_NEW:
    default:
      ok = FALSE;
      break;
    }
  if (!ok)
    g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT, _("An idea that is “%s” cannot become “%s”."),
                 kz_idea_status_to_string (from), kz_idea_status_to_string (to));
  return ok;
}

KzIdea *
kz_idea_new (void)
{
  KzIdea *idea = g_new0 (KzIdea, 1);

  g_date_clear (&idea->week, 1);
  return idea;
}

void
kz_idea_free (KzIdea *self)
{
  if (self == NULL)
    return;
  g_free (self->id);
  g_free (self->title);
  g_free (self->body);
  g_free (self->category);
  g_free (self->author_name);
  g_free (self->pseudonym);
  g_free (self->decline_reason);
  g_free (self->outcome);
  g_free (self->merged_into);
  g_free (self);
}

KzIdeaComment *
kz_idea_comment_new (void)
{
  KzIdeaComment *comment = g_new0 (KzIdeaComment, 1);

  g_date_clear (&comment->week, 1);
  return comment;
}

void
kz_idea_comment_free (KzIdeaComment *self)
{
  if (self == NULL)
    return;
  g_free (self->id);
  g_free (self->idea_id);
  g_free (self->author_name);
  g_free (self->pseudonym);
  g_free (self->body);
  g_free (self);
}

/* ---- randomness ------------------------------------------------------------------- */

static void
random_bytes (guint8 *buf,
              gsize   len)
{
  gsize got = 0;

  /* The kernel's CSPRNG: ids and tokens must not be guessable, nor tell
   * the order rows came in. */
  while (got < len)
    {
      ssize_t r = getrandom (buf + got, len - got, 0);

      if (r > 0)
        got += r;
      else if (r < 0 && errno != EINTR)
        g_error ("No random numbers from the kernel: %s", g_strerror (errno));
    }
}

static char *
random_hex (gsize n_bytes)
{
  g_autofree guint8 *bytes = g_malloc (n_bytes);
  GString *hex = g_string_sized_new (2 * n_bytes);

  random_bytes (bytes, n_bytes);
  for (gsize i = 0; i < n_bytes; i++)
    g_string_append_printf (hex, "%02x", bytes[i]);
  return g_string_free (hex, FALSE);
}

char *
kz_voice_new_pseudonym (void)
{
  g_autofree char *hex = random_hex (2);

  /* Translators: a pseudonym for an anonymous author, e.g. "Anonymous 3f2a" */
  return g_strdup_printf (_("Anonymous %s"), hex);
}

char *
kz_voice_new_token (void)
{
  return random_hex (16);
}

char *
kz_voice_token_hash (const char *token)
{
  g_autofree char *salted = NULL;

  g_return_val_if_fail (token != NULL, NULL);
  salted = g_strconcat ("kaizen-follow-up:", token, NULL);
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, salted, -1);
}

char *
kz_voice_new_id (void)
{
  return random_hex (16);
}

void
kz_voice_week_of (const GDate *date,
                  GDate       *monday)
{
  g_return_if_fail (date != NULL && g_date_valid (date) && monday != NULL);
  *monday = *date;
  g_date_subtract_days (monday, g_date_get_weekday (date) - G_DATE_MONDAY);
}

/* ---- the voters' keyed hashes ------------------------------------------------------ */

char *
kz_voice_voter_hash (GBytes      *secret,
                     const char  *voter_key)
{
  g_autofree char *message = NULL;
  gsize len = 0;
  const guchar *key;

  g_return_val_if_fail (voter_key != NULL && *voter_key != '\0', NULL);
  if (secret == NULL)
    return NULL;
  key = g_bytes_get_data (secret, &len);
  if (len != 32)
    return NULL;
  message = g_strconcat ("voter:", voter_key, NULL);
  return g_compute_hmac_for_data (G_CHECKSUM_SHA256, key, len, (const guchar *) message, strlen (message));
}

/* ---- a whole database's staff voice --------------------------------------------------- */

static void
answer_row_free (KzVoiceAnswerRow *row)
{
  g_free (row->id);
  g_free (row->question_id);
  g_free (row->text);
  g_free (row);
}

static void
voter_key_free (KzVoterKey *key)
{
  g_free (key->key);
  g_free (key);
}

static void
idea_row_free (KzVoiceIdeaRow *row)
{
  kz_idea_free (row->idea);
  g_free (row->follow_up_hash);
  g_free (row);
}

static void
comment_row_free (KzVoiceCommentRow *row)
{
  kz_idea_comment_free (row->comment);
  g_free (row->follow_up_hash);
  g_free (row);
}

static void
vote_row_free (KzVoiceVoteRow *row)
{
  g_free (row->idea_id);
  g_free (row->voter_hash);
  g_free (row);
}

KzVoiceData *
kz_voice_data_new (void)
{
  KzVoiceData *data = g_new0 (KzVoiceData, 1);

  data->questions = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_question_free);
  data->plans = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_pulse_plan_free);
  data->rounds = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_survey_round_free);
  data->answers = g_ptr_array_new_with_free_func ((GDestroyNotify) answer_row_free);
  data->participation = g_array_new (FALSE, FALSE, sizeof (KzVoiceParticipation));
  data->voter_keys = g_ptr_array_new_with_free_func ((GDestroyNotify) voter_key_free);
  data->ideas = g_ptr_array_new_with_free_func ((GDestroyNotify) idea_row_free);
  data->comments = g_ptr_array_new_with_free_func ((GDestroyNotify) comment_row_free);
  data->votes = g_ptr_array_new_with_free_func ((GDestroyNotify) vote_row_free);
  return data;
}

void
kz_voice_data_free (KzVoiceData *self)
{
  if (self == NULL)
    return;
  g_ptr_array_unref (self->questions);
  g_ptr_array_unref (self->plans);
  g_ptr_array_unref (self->rounds);
  g_ptr_array_unref (self->answers);
  g_array_unref (self->participation);
  g_ptr_array_unref (self->voter_keys);
  g_ptr_array_unref (self->ideas);
  g_ptr_array_unref (self->comments);
  g_ptr_array_unref (self->votes);
  g_clear_pointer (&self->secret, g_bytes_unref);
  g_free (self);
}
