/* kz-review-score.c — what the review workspace's score header shows
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kz-review-score"

#include "config.h"

#include <glib/gi18n.h>

#include "kz-review-score.h"
#include "kz-score.h"

KzReviewScore *
kz_review_score_new (KzRubric    *rubric,
                     KzAnswerSet *answers)
{
  g_autoptr(KzScore) score = NULL;
  KzReviewScore *self;
  GHashTableIter iter;
  KzAnswer *answer;
  guint n_answered = 0;

  g_return_val_if_fail (rubric != NULL, NULL);
  g_return_val_if_fail (answers != NULL, NULL);

  score = kz_score_compute (rubric, answers);
  self = g_new0 (KzReviewScore, 1);
  self->has_score = score->has_score;
  self->pass = score->pass;
  self->auto_failed = score->auto_failed;
  self->final_score = kz_score_format_percent (score->has_score, score->final);
  self->breakdown = kz_score_format_breakdown (score);
  self->n_missing_required = score->missing_required != NULL ? g_strv_length (score->missing_required) : 0;

  if (!score->has_score)
    self->verdict = g_strdup (_("No score yet"));
  else
    self->verdict = g_strdup (score->pass ? _("Pass") : _("Fail"));

  if (score->auto_failed && score->failed_by != NULL)
    {
      g_autoptr(GString) names = g_string_new (NULL);

      for (guint i = 0; score->failed_by[i] != NULL; i++)
        {
          KzCriterion *c = kz_rubric_find_criterion (rubric, score->failed_by[i]);

          if (i > 0)
            g_string_append (names, ", ");
          g_string_append (names, c != NULL ? c->title : score->failed_by[i]);
        }
      /* Translators: %s is a list of criterion titles */
      self->auto_fail = g_strdup_printf (score->form_failed ? _("Auto-fail: %s")
                                                            : _("Section failed: %s"),
                                         names->str);
    }

  g_hash_table_iter_init (&iter, answers);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &answer))
    if (answer->kind != KZ_ANSWER_UNANSWERED &&
        kz_rubric_find_criterion (rubric, answer->criterion_id) != NULL)
      n_answered++;
  /* Translators: progress through the form, e.g. "3 of 14 answered" */
  self->progress = g_strdup_printf (_("%u of %u answered"), n_answered,
                                    kz_rubric_get_n_criteria (rubric));
  return self;
}

void
kz_review_score_free (KzReviewScore *self)
{
  if (self == NULL)
    return;
  g_free (self->final_score);
  g_free (self->verdict);
  g_free (self->auto_fail);
  g_free (self->breakdown);
  g_free (self->progress);
  g_free (self);
}
