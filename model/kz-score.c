/* kz-score.c — the scoring engine of ../shared/spec/scoring.md
 *
 * v = (value − min) ÷ (max − min) on the criterion's scale.
 * Applicable: answered and not N/A under `exclude` (N/A under pass/fixed
 * counts with the top/fixed value).  S = Σ w·v ÷ Σ w per section;
 * R = 100 × Σ W·S ÷ Σ W over applicable sections.  Then the fail rules: a
 * failed section-critical criterion sets its S to 0 and F is recomputed; a
 * failed form-critical criterion sets F to 0.  C = 100 × passed ÷ applicable
 * over critical criteria.  pass = F ≥ pass mark.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kz-score"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <math.h>

#include "kz-score.h"

/* Scores are sums of a few dozen products; anything this close to the pass
 * mark is the pass mark (80 must not fail as 79.99999999999999). */
#define PASS_EPSILON 1e-9

double
kz_criterion_normalise (const KzCriterion *criterion,
                        double             value)
{
  double min = kz_scale_get_min (criterion->scale);
  double max = kz_scale_get_max (criterion->scale);

  g_assert (max > min);
  return CLAMP ((value - min) / (max - min), 0.0, 1.0);
}

static void
section_score_free (KzSectionScore *ss)
{
  g_clear_pointer (&ss->na_items, g_ptr_array_unref);
  g_clear_pointer (&ss->unanswered, g_ptr_array_unref);
  g_free (ss);
}

void
kz_score_free (KzScore *self)
{
  if (self == NULL)
    return;
  g_strfreev (self->failed_by);
  g_strfreev (self->missing_required);
  g_clear_pointer (&self->sections, g_ptr_array_unref);
  g_free (self);
}

KzScore *
kz_score_compute (KzRubric    *rubric,
                  KzAnswerSet *answers)
{
  g_autoptr(GPtrArray) failed_by = g_ptr_array_new ();
  g_autoptr(GPtrArray) missing = g_ptr_array_new ();
  GPtrArray *sections;
  KzScore *score;
  gboolean form_failed = FALSE;
  guint critical_applicable = 0;
  guint critical_passed = 0;
  double raw_num = 0, final_num = 0, den = 0;

  g_return_val_if_fail (rubric != NULL, NULL);
  g_return_val_if_fail (answers != NULL, NULL);

  score = g_new0 (KzScore, 1);
  score->sections = g_ptr_array_new_with_free_func ((GDestroyNotify) section_score_free);
  score->pass_mark = kz_rubric_get_pass_mark (rubric);

  sections = kz_rubric_get_sections (rubric);
  for (guint i = 0; i < sections->len; i++)
    {
      const KzSection *section = g_ptr_array_index (sections, i);
      KzSectionScore *ss = g_new0 (KzSectionScore, 1);

      ss->section = section;
      ss->na_items = g_ptr_array_new ();
      ss->unanswered = g_ptr_array_new ();
      g_ptr_array_add (score->sections, ss);

      for (guint j = 0; j < section->criteria->len; j++)
        {
          const KzCriterion *c = g_ptr_array_index (section->criteria, j);
          const KzAnswer *a = kz_answer_set_get (answers, c->id);
          KzAnswerKind kind = a != NULL ? a->kind : KZ_ANSWER_UNANSWERED;
          double value;

          /* N/A where the rubric forbids it is not an answer at all. */
          if (kind == KZ_ANSWER_NA && c->na_policy == KZ_NA_FORBIDDEN)
            kind = KZ_ANSWER_UNANSWERED;

          if (kind == KZ_ANSWER_UNANSWERED)
            {
              g_ptr_array_add (ss->unanswered, c->id);
              if (c->required)
                g_ptr_array_add (missing, c->id);
              continue;
            }

          if (kind == KZ_ANSWER_NA)
            {
              g_ptr_array_add (ss->na_items, c->id);
              if (c->na_policy == KZ_NA_EXCLUDE)
                continue;
              value = c->na_policy == KZ_NA_PASS ? kz_scale_get_max (c->scale) : c->na_value;
            }
          else
            {
              value = a->value;
            }

          ss->numerator += c->weight * kz_criterion_normalise (c, value);
          ss->denominator += c->weight;

          if (c->critical != KZ_CRITICAL_NONE)
            {
              critical_applicable++;
              if (kz_criterion_value_fails (c, value))
                {
                  g_ptr_array_add (failed_by, c->id);
                  if (c->critical == KZ_CRITICAL_SECTION)
                    ss->failed = TRUE;
                  else
                    form_failed = TRUE;
                }
              else
                {
                  critical_passed++;
                }
            }
        }

      ss->applicable = ss->denominator > 0;
      if (!ss->applicable)
        continue;

      ss->raw = 100.0 * ss->numerator / ss->denominator;
      ss->score = ss->failed ? 0.0 : ss->raw;
      raw_num += section->weight * ss->raw;
      final_num += section->weight * ss->score;
      den += section->weight;
    }

  score->has_score = den > 0;
  if (score->has_score)
    {
      score->raw = raw_num / den;
      score->final = form_failed ? 0.0 : final_num / den;
      score->numerator = final_num / 100.0;
      score->denominator = den;
      score->pass = score->final + PASS_EPSILON >= score->pass_mark;
    }

  score->auto_failed = failed_by->len > 0;
  score->form_failed = form_failed;
  g_ptr_array_add (failed_by, NULL);
  score->failed_by = g_strdupv ((char **) failed_by->pdata);

  score->has_critical = critical_applicable > 0;
  if (score->has_critical)
    score->critical = 100.0 * critical_passed / critical_applicable;

  g_ptr_array_add (missing, NULL);
  score->missing_required = g_strdupv ((char **) missing->pdata);

  return score;
}

char *
kz_score_format_percent (gboolean has_value,
                         double   value)
{
  if (!has_value)
    return g_strdup ("—");
  /* One decimal for people; the stored value keeps full precision. */
  return g_strdup_printf ("%.1f", value);
}

static char *
fmt_num (double value)
{
  /* Weights and sums are usually whole or short decimals: 1.75, 20, 0.875 */
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_formatd (buf, sizeof buf, "%.6g", value);
  return g_strdup (buf);
}

/* People read criterion titles, not ids. */
static const char *
criterion_title (const KzScore *self,
                 const char    *id)
{
  for (guint i = 0; i < self->sections->len; i++)
    {
      const KzSectionScore *ss = g_ptr_array_index (self->sections, i);

      for (guint j = 0; j < ss->section->criteria->len; j++)
        {
          const KzCriterion *c = g_ptr_array_index (ss->section->criteria, j);
          if (g_str_equal (c->id, id))
            return c->title;
        }
    }
  return id;
}

static void
append_titles (GString       *s,
               const KzScore *self,
               const char   **ids,
               guint          n)
{
  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append (s, ", ");
      g_string_append (s, criterion_title (self, ids[i]));
    }
}

char *
kz_score_format_breakdown (const KzScore *self)
{
  g_autoptr(GString) s = g_string_new (NULL);

  g_return_val_if_fail (self != NULL, NULL);

  if (!self->has_score)
    {
      g_string_append (s, _("No score: every criterion is N/A (excluded) or unanswered, "
                            "so this evaluation is left out of every average."));
      g_string_append_c (s, '\n');
    }
  else
    {
      g_autofree char *final = kz_score_format_percent (TRUE, self->final);
      g_autofree char *raw = kz_score_format_percent (TRUE, self->raw);
      g_autofree char *mark = fmt_num (self->pass_mark);
      g_autofree char *num = fmt_num (self->numerator);
      g_autofree char *den = fmt_num (self->denominator);

      g_string_append_printf (s, _("Final score %s%% — %s (pass mark %s%%)"),
                              final, self->pass ? _("pass") : _("fail"), mark);
      g_string_append_c (s, '\n');
      g_string_append_printf (s, _("Raw score %s%% before fail rules"), raw);
      g_string_append_c (s, '\n');
      g_string_append_printf (s, _("After section fail rules: 100 × Σ W·S ÷ Σ W = 100 × %s ÷ %s"),
                              num, den);
      g_string_append_c (s, '\n');
      if (self->form_failed)
        {
          g_string_append (s, _("A form-critical criterion failed: the final score is 0"));
          g_string_append_c (s, '\n');
        }
    }

  for (guint i = 0; i < self->sections->len; i++)
    {
      const KzSectionScore *ss = g_ptr_array_index (self->sections, i);
      g_autofree char *w = fmt_num (ss->section->weight);

      if (!ss->applicable)
        {
          g_string_append_printf (s, _("• %s (weight %s): N/A — no applicable criterion, left out"),
                                  ss->section->title, w);
        }
      else
        {
          g_autofree char *sc = kz_score_format_percent (TRUE, ss->score);
          g_autofree char *num = fmt_num (ss->numerator);
          g_autofree char *den = fmt_num (ss->denominator);

          g_string_append_printf (s, _("• %s (weight %s): %s%% = Σ w·v ÷ Σ w = %s ÷ %s"),
                                  ss->section->title, w, sc, num, den);
          if (ss->failed)
            {
              g_autofree char *raw = kz_score_format_percent (TRUE, ss->raw);
              g_string_append_printf (s, _(" — failed by a critical criterion (was %s%%)"), raw);
            }
        }
      g_string_append_c (s, '\n');

      if (ss->na_items->len > 0)
        {
          g_string_append (s, _("    N/A: "));
          append_titles (s, self, (const char **) ss->na_items->pdata, ss->na_items->len);
          g_string_append_c (s, '\n');
        }
      if (ss->unanswered->len > 0)
        {
          g_string_append (s, _("    Unanswered: "));
          append_titles (s, self, (const char **) ss->unanswered->pdata, ss->unanswered->len);
          g_string_append_c (s, '\n');
        }
    }

  if (self->auto_failed)
    {
      g_string_append (s, _("Failed by critical criteria: "));
      append_titles (s, self, (const char **) self->failed_by, g_strv_length (self->failed_by));
      g_string_append_c (s, '\n');
    }

  if (self->has_critical)
    {
      g_autofree char *c = kz_score_format_percent (TRUE, self->critical);
      g_string_append_printf (s, _("Critical score %s%%"), c);
      g_string_append_c (s, '\n');
    }

  if (self->missing_required[0] != NULL)
    {
      g_string_append (s, _("Required but unanswered (blocks submit): "));
      append_titles (s, self, (const char **) self->missing_required, g_strv_length (self->missing_required));
      g_string_append_c (s, '\n');
    }

  return g_string_free (g_steal_pointer (&s), FALSE);
}

static void
add_nullable_double (JsonBuilder *b,
                     const char  *key,
                     gboolean     has,
                     double       value)
{
  json_builder_set_member_name (b, key);
  if (has)
    json_builder_add_double_value (b, value);
  else
    json_builder_add_null_value (b);
}

void
kz_score_build_json (const KzScore *self,
                     JsonBuilder   *b)
{
  json_builder_begin_object (b);
  add_nullable_double (b, "raw", self->has_score, self->raw);
  add_nullable_double (b, "final", self->has_score, self->final);
  json_builder_set_member_name (b, "auto_failed");
  json_builder_add_boolean_value (b, self->auto_failed);
  json_builder_set_member_name (b, "failed_by");
  json_builder_begin_array (b);
  for (guint i = 0; self->failed_by[i] != NULL; i++)
    json_builder_add_string_value (b, self->failed_by[i]);
  json_builder_end_array (b);
  add_nullable_double (b, "critical", self->has_critical, self->critical);
  json_builder_set_member_name (b, "pass");
  if (self->has_score)
    json_builder_add_boolean_value (b, self->pass);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "sections");
  json_builder_begin_array (b);
  for (guint i = 0; i < self->sections->len; i++)
    {
      const KzSectionScore *ss = g_ptr_array_index (self->sections, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_string_value (b, ss->section->id);
      add_nullable_double (b, "score", ss->applicable, ss->score);
      add_nullable_double (b, "raw", ss->applicable, ss->raw);
      json_builder_set_member_name (b, "failed");
      json_builder_add_boolean_value (b, ss->failed);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
}

char *
kz_score_to_json (const KzScore *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  kz_score_build_json (self, b);

  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  return json_generator_to_data (gen, NULL);
}
