/* kz-evaluation-display.c — what the evaluation page shows, as plain strings
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kz-evaluation-display"

#include "config.h"

#include <glib/gi18n.h>

#include "kz-evaluation-display.h"
#include "kz-rubric-text.h"

static void
answer_display_free (gpointer p)
{
  KzAnswerDisplay *self = p;

  g_free (self->criterion_id);
  g_free (self->criterion_title);
  g_free (self->answer);
  g_free (self->comment);
  g_free (self->critical);
  g_free (self);
}

static void
section_display_free (gpointer p)
{
  KzSectionDisplay *self = p;

  g_free (self->title);
  g_free (self->weight);
  g_free (self->score);
  g_free (self->note);
  g_clear_pointer (&self->answers, g_ptr_array_unref);
  g_free (self);
}

void
kz_evaluation_display_free (KzEvaluationDisplay *self)
{
  if (self == NULL)
    return;

  g_free (self->agent);
  g_free (self->reviewer);
  g_free (self->date);
  g_free (self->rubric);
  g_free (self->state);
  g_free (self->final_score);
  g_free (self->verdict);
  g_free (self->pass_mark);
  g_free (self->raw_score);
  g_free (self->critical_score);
  g_free (self->auto_fail);
  g_free (self->auto_fail_detail);
  g_free (self->breakdown);
  g_clear_pointer (&self->sections, g_ptr_array_unref);
  g_free (self);
}

static const char *
state_text (KzEvaluationState state)
{
  switch (state)
    {
    case KZ_EVALUATION_DRAFT:
      return _("Draft");
    case KZ_EVALUATION_SUBMITTED:
      return _("Submitted");
    default:
      return "";
    }
}

static char *
answer_text (const KzCriterion *criterion,
             const KzAnswer    *answer)
{
  const KzScalePoint *point;

  if (answer == NULL || answer->kind == KZ_ANSWER_UNANSWERED)
    return g_strdup (_("Unanswered"));

  if (answer->kind == KZ_ANSWER_NA)
    return g_strdup (_("N/A"));

  point = criterion->scale != NULL ? kz_scale_find_point (criterion->scale, answer->value) : NULL;
  if (point != NULL)
    return kz_rubric_text_point (point);

  return kz_rubric_text_value (answer->value);
}

static gboolean
strv_contains (const char * const *strv,
               const char         *str)
{
  return strv != NULL && g_strv_contains (strv, str);
}

static char *
failed_by_text (KzRubric      *rubric,
                const KzScore *score)
{
  g_autoptr(GString) titles = NULL;

  if (score->failed_by == NULL || score->failed_by[0] == NULL)
    return NULL;

  titles = g_string_new (NULL);
  for (guint i = 0; score->failed_by[i] != NULL; i++)
    {
      KzCriterion *criterion = kz_rubric_find_criterion (rubric, score->failed_by[i]);

      if (titles->len > 0)
        g_string_append (titles, _(", "));
      g_string_append (titles, criterion != NULL ? criterion->title : score->failed_by[i]);
    }

  /* Translators: %s lists the criteria whose answers triggered a fail rule */
  return g_strdup_printf (_("Triggered by %s"), titles->str);
}

static char *
date_text (GDateTime *date)
{
  g_autoptr(GDateTime) local = NULL;

  if (date == NULL)
    return g_strdup (_("Unknown"));

  local = g_date_time_to_local (date);
  /* Translators: date and time of an evaluation, see g_date_time_format() */
  return g_date_time_format (local, _("%-d %B %Y, %H:%M"));
}

KzEvaluationDisplay *
kz_evaluation_display_new (const KzEvaluation *evaluation,
                           KzRubric           *rubric,
                           const KzScore      *score,
                           const char         *agent_name,
                           const char         *reviewer_name)
{
  KzEvaluationDisplay *self;
  GPtrArray *sections;

  g_return_val_if_fail (evaluation != NULL, NULL);
  g_return_val_if_fail (rubric != NULL, NULL);
  g_return_val_if_fail (score != NULL, NULL);

  self = g_new0 (KzEvaluationDisplay, 1);
  self->agent = g_strdup (agent_name != NULL ? agent_name : _("Unknown agent"));
  self->reviewer = g_strdup (reviewer_name != NULL ? reviewer_name : _("Unknown reviewer"));
  self->date = date_text (evaluation->created_at);
  /* Translators: rubric title and version, e.g. "Call Quality, version 2" */
  self->rubric = g_strdup_printf (_("%s, version %d"),
                                  kz_rubric_get_title (rubric),
                                  kz_rubric_get_version (rubric));
  self->state = g_strdup (state_text (evaluation->state));

  self->has_score = score->has_score;
  self->pass = score->has_score && score->pass;
  self->auto_failed = score->auto_failed;
  self->final_score = kz_score_format_percent (score->has_score, score->final);
  self->raw_score = kz_score_format_percent (score->has_score, score->raw);
  self->critical_score = kz_score_format_percent (score->has_critical, score->critical);
  if (!score->has_score)
    self->verdict = g_strdup (_("No score"));
  else
    self->verdict = g_strdup (score->pass ? _("Pass") : _("Fail"));
  self->pass_mark = kz_rubric_text_value (score->pass_mark);
  self->auto_fail = g_strdup (score->auto_failed ? _("Yes") : _("No"));
  if (score->auto_failed)
    self->auto_fail_detail = failed_by_text (rubric, score);
  /* The breakdown ends with a newline; the label should not. */
  self->breakdown = g_strchomp (kz_score_format_breakdown (score));

  sections = g_ptr_array_new_with_free_func (section_display_free);
  self->sections = sections;

  for (guint i = 0; i < score->sections->len; i++)
    {
      const KzSectionScore *section_score = g_ptr_array_index (score->sections, i);
      const KzSection *section = section_score->section;
      KzSectionDisplay *sd = g_new0 (KzSectionDisplay, 1);

      sd->title = g_strdup (section->title);
      sd->weight = kz_rubric_text_weight (section->weight);
      sd->score = kz_score_format_percent (section_score->applicable, section_score->score);
      sd->failed = section_score->failed;
      if (section_score->failed)
        sd->note = g_strdup (_("Failed by a critical criterion"));
      else if (!section_score->applicable)
        sd->note = g_strdup (_("Not applicable: no criterion in it counts"));
      sd->answers = g_ptr_array_new_with_free_func (answer_display_free);

      for (guint j = 0; j < section->criteria->len; j++)
        {
          const KzCriterion *criterion = g_ptr_array_index (section->criteria, j);
          const KzAnswer *answer = NULL;
          KzAnswerDisplay *ad = g_new0 (KzAnswerDisplay, 1);

          if (evaluation->answers != NULL)
            answer = kz_answer_set_get (evaluation->answers, criterion->id);

          ad->criterion_id = g_strdup (criterion->id);
          ad->criterion_title = g_strdup (criterion->title);
          ad->answer = answer_text (criterion, answer);
          ad->unanswered = answer == NULL || answer->kind == KZ_ANSWER_UNANSWERED;
          if (answer != NULL && answer->comment != NULL && *answer->comment != '\0')
            ad->comment = g_strdup (answer->comment);
          ad->comment_at_ms = ad->comment != NULL ? answer->comment_at_ms : -1;
          ad->critical = kz_rubric_text_critical (criterion);
          ad->failed = strv_contains ((const char * const *) score->failed_by, criterion->id);
          g_ptr_array_add (sd->answers, ad);
        }

      g_ptr_array_add (sections, sd);
    }

  return self;
}
