/* kz-what-if.c — past evaluations re-scored under another rubric version
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kz-what-if"

#include "config.h"

#include <math.h>

#include "kz-score.h"
#include "kz-what-if.h"

/* The engine's own tolerance: a score this close under a bin edge is on
 * it, as 80 − 1e-12 passes a pass mark of 80. */
#define EDGE_EPSILON 1e-9

guint
kz_what_if_bin (double score)
{
  double bin = floor ((score + EDGE_EPSILON) / KZ_WHAT_IF_BIN_WIDTH);

  if (!(bin >= 0))
    return 0;
  if (bin >= KZ_WHAT_IF_N_BINS)
    return KZ_WHAT_IF_N_BINS - 1;
  return (guint) bin;
}

typedef struct {
  double sum;
} Sums;

static void
summary_add (KzWhatIfSummary *summary,
             Sums            *sums,
             gboolean         has_score,
             double           score,
             gboolean         pass)
{
  if (!has_score)
    {
      summary->n_unscored++;
      return;
    }
  summary->n_scored++;
  sums->sum += score;
  if (pass)
    summary->n_pass++;
  summary->bins[kz_what_if_bin (score)]++;
}

static void
summary_finish (KzWhatIfSummary *summary,
                const Sums      *sums)
{
  if (summary->n_scored == 0)
    {
      summary->mean = NAN;
      summary->pass_rate = NAN;
      return;
    }
  summary->mean = sums->sum / summary->n_scored;
  summary->pass_rate = 100.0 * summary->n_pass / summary->n_scored;
}

/* Answers the re-score drops or cannot take as they are. */
static void
count_misfits (KzWhatIf     *self,
               KzRubric     *rubric,
               KzAnswerSet  *answers)
{
  GHashTableIter iter;
  const KzAnswer *answer;

  g_hash_table_iter_init (&iter, answers);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &answer))
    {
      const KzCriterion *criterion;

      if (answer->kind == KZ_ANSWER_UNANSWERED)
        continue;

      criterion = kz_rubric_find_criterion (rubric, answer->criterion_id);
      if (criterion == NULL)
        self->n_dropped++;
      else if (answer->kind == KZ_ANSWER_NA && !kz_criterion_allows_na (criterion))
        self->n_unfit++;
      else if (answer->kind == KZ_ANSWER_VALUE && kz_scale_find_point (criterion->scale, answer->value) == NULL)
        self->n_unfit++;
    }
}

KzWhatIf *
kz_what_if_compute (KzRubric  *rubric,
                    GPtrArray *evaluations)
{
  KzWhatIf *self;
  Sums before = { 0 }, after = { 0 };

  g_return_val_if_fail (rubric != NULL, NULL);
  g_return_val_if_fail (evaluations != NULL, NULL);

  self = g_new0 (KzWhatIf, 1);
  self->rows = g_array_sized_new (FALSE, TRUE, sizeof (KzWhatIfRow), evaluations->len);
  self->pass_mark = kz_rubric_get_pass_mark (rubric);

  for (guint i = 0; i < evaluations->len; i++)
    {
      const KzEvaluation *ev = g_ptr_array_index (evaluations, i);
      g_autoptr(KzScore) score = kz_score_compute (rubric, ev->answers);
      KzWhatIfRow row = {
        .evaluation_id = ev->id,
        .rubric_version = ev->rubric_version,
        .before_has_score = ev->has_score,
        .before = ev->has_score ? ev->final : NAN,
        .before_pass = ev->has_score && ev->pass,
        .after_has_score = score->has_score,
        .after = score->has_score ? score->final : NAN,
        .after_pass = score->has_score && score->pass,
      };

      summary_add (&self->before, &before, row.before_has_score, row.before, row.before_pass);
      summary_add (&self->after, &after, row.after_has_score, row.after, row.after_pass);

      if (row.before_has_score && row.after_has_score)
        {
          if (!row.before_pass && row.after_pass)
            self->n_became_pass++;
          else if (row.before_pass && !row.after_pass)
            self->n_became_fail++;
          if (fabs (row.before - row.after) > EDGE_EPSILON)
            self->n_score_changed++;
        }
      else if (row.before_has_score)
        self->n_lost_score++;
      else if (row.after_has_score)
        self->n_gained_score++;

      count_misfits (self, rubric, ev->answers);
      g_array_append_val (self->rows, row);
      self->n++;
    }

  summary_finish (&self->before, &before);
  summary_finish (&self->after, &after);
  return self;
}

void
kz_what_if_free (KzWhatIf *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->rows);
  g_free (self);
}

GPtrArray *
kz_what_if_load_evaluations (KzStore       *store,
                             const char    *rubric_id,
                             GCancellable  *cancellable,
                             GError       **error)
{
  KzEvaluationFilter filter = { .rubric_id = rubric_id, .submitted_only = TRUE };
  g_autoptr(GPtrArray) summaries = NULL;
  g_autoptr(GPtrArray) evaluations = NULL;

  g_return_val_if_fail (KZ_IS_STORE (store), NULL);
  g_return_val_if_fail (rubric_id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  summaries = kz_store_list_evaluations (store, &filter, error);
  if (summaries == NULL)
    return NULL;

  evaluations = g_ptr_array_new_full (summaries->len, (GDestroyNotify) kz_evaluation_free);
  for (guint i = 0; i < summaries->len; i++)
    {
      const KzEvaluationSummary *summary = g_ptr_array_index (summaries, i);
      KzEvaluation *evaluation;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;

      evaluation = kz_store_get_evaluation (store, summary->id, error);
      if (evaluation == NULL)
        return NULL;
      g_ptr_array_add (evaluations, evaluation);
    }

  return g_steal_pointer (&evaluations);
}
