/* kz-customer-voice.c — quality against the customer's voice
 *
 * See kz-customer-voice.h for the rules.  The store hands over the answers
 * of rated evaluations with their rating (kz_store_rated_answers(): one
 * query, bound parameters); pass or fail, the means and the interval are
 * worked out here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kz-customer-voice"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "kz-customer-voice.h"
#include "kz-error.h"
#include "kz-score.h"

static void
voice_criterion_free (KzVoiceCriterion *c)
{
  g_free (c->criterion_id);
  g_free (c->criterion_title);
  g_free (c->section_id);
  g_free (c);
}

void
kz_customer_voice_free (KzCustomerVoice *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->rubric, kz_rubric_unref);
  g_clear_pointer (&self->from, g_date_time_unref);
  g_clear_pointer (&self->to, g_date_time_unref);
  g_clear_pointer (&self->criteria, g_ptr_array_unref);
  g_free (self);
}

double
kz_feedback_normalise (KzFeedbackScale scale,
                       gint            rating)
{
  return scale == KZ_FEEDBACK_CSAT ? 25.0 * (rating - 1) : 10.0 * rating;
}

gboolean
kz_customer_voice_passes (const KzCriterion *criterion,
                          double             pass_at,
                          double             value)
{
  g_return_val_if_fail (criterion != NULL, FALSE);

  if (criterion->scale->points->len == 2)
    return value >= kz_scale_get_max (criterion->scale);
  /* A tolerance for values like 3 on 1–5 = 50 exactly against a mark of 50. */
  return 100.0 * kz_criterion_normalise (criterion, value) >= pass_at - 1e-9;
}

typedef struct {
  KzVoiceCriterion *out;
  const KzCriterion *now;
  GArray *passed;   /* double, 0–100 */
  GArray *failed;
} Acc;

static void
acc_free (Acc *acc)
{
  g_array_unref (acc->passed);
  g_array_unref (acc->failed);
  g_free (acc);
}

static double
mean_of (GArray *values)
{
  double sum = 0;

  if (values->len == 0)
    return NAN;
  for (guint i = 0; i < values->len; i++)
    sum += g_array_index (values, double, i);
  return sum / values->len;
}

KzCustomerVoice *
kz_customer_voice_from_rows (KzRubric   *latest,
                             GHashTable *versions,
                             GPtrArray  *rows)
{
  g_autoptr(GHashTable) accs = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) acc_free);
  g_autoptr(GHashTable) evaluations = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  KzCustomerVoice *self;
  GPtrArray *sections;

  g_return_val_if_fail (latest != NULL, NULL);
  g_return_val_if_fail (rows != NULL, NULL);

  self = g_new0 (KzCustomerVoice, 1);
  self->rubric = kz_rubric_ref (latest);
  self->criteria = g_ptr_array_new_with_free_func ((GDestroyNotify) voice_criterion_free);

  /* One entry per criterion of the latest version, in its order. */
  sections = kz_rubric_get_sections (latest);
  for (guint si = 0; si < sections->len; si++)
    {
      const KzSection *section = g_ptr_array_index (sections, si);

      for (guint ci = 0; ci < section->criteria->len; ci++)
        {
          const KzCriterion *c = g_ptr_array_index (section->criteria, ci);
          KzVoiceCriterion *out = g_new0 (KzVoiceCriterion, 1);
          Acc *acc = g_new0 (Acc, 1);

          out->criterion_id = g_strdup (c->id);
          out->criterion_title = g_strdup (c->title);
          out->section_id = g_strdup (section->id);
          out->binary = c->scale->points->len == 2;
          out->pass_at = c->has_target ? c->target : kz_rubric_get_pass_mark (latest);
          g_ptr_array_add (self->criteria, out);
          acc->out = out;
          acc->now = c;
          acc->passed = g_array_new (FALSE, FALSE, sizeof (double));
          acc->failed = g_array_new (FALSE, FALSE, sizeof (double));
          g_hash_table_insert (accs, out->criterion_id, acc);
        }
    }

  for (guint i = 0; i < rows->len; i++)
    {
      const KzRatedAnswer *row = g_ptr_array_index (rows, i);
      KzRubric *version = versions != NULL ? g_hash_table_lookup (versions, GINT_TO_POINTER (row->rubric_version))
                                           : NULL;
      Acc *acc = g_hash_table_lookup (accs, row->criterion_id);
      const KzCriterion *then;
      double rating;

      if (version == NULL && row->rubric_version == kz_rubric_get_version (latest))
        version = latest;
      if (acc == NULL || version == NULL)
        continue;
      then = kz_rubric_find_criterion (version, row->criterion_id);
      if (then == NULL)
        continue;

      if (!g_hash_table_contains (evaluations, &row->evaluation_id))
        {
          g_hash_table_add (evaluations, g_memdup2 (&row->evaluation_id, sizeof row->evaluation_id));
          self->n_evaluations++;
          if (row->scale == KZ_FEEDBACK_CSAT)
            self->n_csat++;
          else
            self->n_nps++;
        }
      if (row->is_na)
        {
          acc->out->n_na++;
          continue;
        }
      rating = kz_feedback_normalise (row->scale, row->rating);
      if (kz_customer_voice_passes (then, acc->out->pass_at, row->value))
        g_array_append_val (acc->passed, rating);
      else
        g_array_append_val (acc->failed, rating);
      if (row->scale == KZ_FEEDBACK_CSAT)
        acc->out->n_csat++;
      else
        acc->out->n_nps++;
    }

  for (guint i = 0; i < self->criteria->len; i++)
    {
      KzVoiceCriterion *out = g_ptr_array_index (self->criteria, i);
      Acc *acc = g_hash_table_lookup (accs, out->criterion_id);

      out->n_passed = acc->passed->len;
      out->n_failed = acc->failed->len;
      out->mean_passed = mean_of (acc->passed);
      out->mean_failed = mean_of (acc->failed);
      kz_welch ((const double *) acc->passed->data, acc->passed->len,
                (const double *) acc->failed->data, acc->failed->len, &out->welch);
      if (out->welch.defined)
        out->reason = NULL;
      else if (out->n_passed < 2 || out->n_failed < 2)
        out->reason = _("Not enough data (fewer than 2 passed or failed)");
      else
        out->reason = _("No spread: every rating the same");
    }
  return self;
}

char *
kz_customer_voice_describe (const KzVoiceCriterion *c)
{
  const KzWelch *w;
  const char *title;
  g_autofree char *low = NULL;
  g_autofree char *high = NULL;

  g_return_val_if_fail (c != NULL, NULL);

  w = &c->welch;
  title = c->criterion_title != NULL ? c->criterion_title : c->criterion_id;
  if (!w->defined)
    /* TRANSLATORS: "Empathy: Not enough data (fewer than 2 passed or failed) — 1 passed, 30 failed." */
    return g_strdup_printf (_("%s: %s — %u passed, %u failed."), title,
                            c->reason ? c->reason : _("Not enough data"), c->n_passed, c->n_failed);
  low = g_strdup_printf ("%+.1f", w->low);
  high = g_strdup_printf ("%+.1f", w->high);
  if (w->low > 0)
    /* TRANSLATORS: "Customers rate interactions that pass Empathy 25.3 points higher (+11.2 to +40.1, 95%
     * interval): 120 passed, 45 failed." */
    return g_strdup_printf (_("Customers rate interactions that pass %s %.1f points higher (%s to %s, 95%% "
                              "interval): %u passed, %u failed."),
                            title, w->diff, low, high, c->n_passed, c->n_failed);
  if (w->high < 0)
    return g_strdup_printf (_("Customers rate interactions that pass %s %.1f points lower (%s to %s, 95%% "
                              "interval): %u passed, %u failed."),
                            title, -w->diff, low, high, c->n_passed, c->n_failed);
  return g_strdup_printf (_("No clear difference: customers rate interactions that pass %s %+.1f points "
                            "against those that fail it (%s to %s, 95%% interval, takes in zero): %u passed, "
                            "%u failed."),
                          title, w->diff, low, high, c->n_passed, c->n_failed);
}

static void
free_rubric (gpointer p)
{
  kz_rubric_unref (p);
}

KzCustomerVoice *
kz_customer_voice_compute (KzStore     *store,
                           const char  *rubric_id,
                           GDateTime   *from,
                           GDateTime   *to,
                           GError     **error)
{
  g_autoptr(GHashTable) versions = g_hash_table_new_full (NULL, NULL, NULL, free_rubric);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(KzRubric) latest = NULL;
  g_autofree char *chosen = NULL;
  KzCustomerVoice *self;

  g_return_val_if_fail (KZ_IS_STORE (store), NULL);

  if (rubric_id == NULL)
    {
      g_autoptr(GPtrArray) infos = kz_store_list_rubrics (store, error);
      g_autoptr(GHashTable) counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      guint best = 0;

      if (infos == NULL)
        return NULL;
      for (guint i = 0; i < infos->len; i++)
        {
          const KzRubricInfo *info = g_ptr_array_index (infos, i);
          guint n = GPOINTER_TO_UINT (g_hash_table_lookup (counts, info->id)) + info->n_evaluations;

          g_hash_table_insert (counts, g_strdup (info->id), GUINT_TO_POINTER (n));
          if (chosen == NULL || n > best || (n == best && strcmp (info->id, chosen) < 0))
            {
              g_free (chosen);
              chosen = g_strdup (info->id);
              best = n;
            }
        }
      if (chosen == NULL)
        {
          g_set_error (error, KZ_ERROR, KZ_ERROR_NOT_FOUND, _("There are no rubrics yet"));
          return NULL;
        }
      rubric_id = chosen;
    }

  latest = kz_store_get_rubric (store, rubric_id, 0, error);
  if (latest == NULL)
    return NULL;
  rows = kz_store_rated_answers (store, rubric_id, from, to, error);
  if (rows == NULL)
    return NULL;
  for (guint i = 0; i < rows->len; i++)
    {
      const KzRatedAnswer *row = g_ptr_array_index (rows, i);

      if (!g_hash_table_contains (versions, GINT_TO_POINTER (row->rubric_version)))
        {
          KzRubric *r = kz_store_get_rubric (store, rubric_id, row->rubric_version, error);

          if (r == NULL)
            return NULL;
          g_hash_table_insert (versions, GINT_TO_POINTER (row->rubric_version), r);
        }
    }

  self = kz_customer_voice_from_rows (latest, versions, rows);
  self->from = from != NULL ? g_date_time_ref (from) : NULL;
  self->to = to != NULL ? g_date_time_ref (to) : NULL;
  return self;
}

static void
add_number_or_null (JsonBuilder *b,
                    const char  *name,
                    gboolean     has,
                    double       value)
{
  json_builder_set_member_name (b, name);
  if (has && isfinite (value))
    json_builder_add_double_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
add_day (JsonBuilder *b,
         const char  *name,
         GDateTime   *t,
         int          shift)
{
  json_builder_set_member_name (b, name);
  if (t != NULL)
    {
      g_autoptr(GDateTime) day = g_date_time_add_days (t, shift);
      g_autofree char *text = g_date_time_format (day, "%Y-%m-%d");

      json_builder_add_string_value (b, text);
    }
  else
    json_builder_add_null_value (b);
}

char *
kz_customer_voice_to_json (const KzCustomerVoice *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "rubric");
  json_builder_add_string_value (b, kz_rubric_get_id (self->rubric));
  json_builder_set_member_name (b, "rubric_version");
  json_builder_add_int_value (b, kz_rubric_get_version (self->rubric));
  /* The period as the CLI takes it: both days included. */
  add_day (b, "from", self->from, 0);
  add_day (b, "to", self->to, -1);
  json_builder_set_member_name (b, "rating_scale");
  json_builder_add_string_value (b, "0-100: csat 25*(rating-1), nps 10*rating");
  json_builder_set_member_name (b, "n_evaluations");
  json_builder_add_int_value (b, self->n_evaluations);
  json_builder_set_member_name (b, "n_csat");
  json_builder_add_int_value (b, self->n_csat);
  json_builder_set_member_name (b, "n_nps");
  json_builder_add_int_value (b, self->n_nps);
  json_builder_set_member_name (b, "criteria");
  json_builder_begin_array (b);
  for (guint i = 0; i < self->criteria->len; i++)
    {
      const KzVoiceCriterion *c = g_ptr_array_index (self->criteria, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "criterion");
      json_builder_add_string_value (b, c->criterion_id);
      json_builder_set_member_name (b, "title");
      json_builder_add_string_value (b, c->criterion_title);
      json_builder_set_member_name (b, "section");
      json_builder_add_string_value (b, c->section_id);
      json_builder_set_member_name (b, "passed_when");
      if (c->binary)
        json_builder_add_string_value (b, "top point");
      else
        {
          g_autofree char *text = g_strdup_printf ("normalised value >= %g", c->pass_at);
          json_builder_add_string_value (b, text);
        }
      json_builder_set_member_name (b, "n_passed");
      json_builder_add_int_value (b, c->n_passed);
      json_builder_set_member_name (b, "n_failed");
      json_builder_add_int_value (b, c->n_failed);
      json_builder_set_member_name (b, "n_na");
      json_builder_add_int_value (b, c->n_na);
      json_builder_set_member_name (b, "n_csat");
      json_builder_add_int_value (b, c->n_csat);
      json_builder_set_member_name (b, "n_nps");
      json_builder_add_int_value (b, c->n_nps);
      add_number_or_null (b, "mean_passed", c->n_passed > 0, c->mean_passed);
      add_number_or_null (b, "mean_failed", c->n_failed > 0, c->mean_failed);
      add_number_or_null (b, "difference", c->welch.defined, c->welch.diff);
      add_number_or_null (b, "low", c->welch.defined, c->welch.low);
      add_number_or_null (b, "high", c->welch.defined, c->welch.high);
      add_number_or_null (b, "se", c->welch.defined, c->welch.se);
      add_number_or_null (b, "df", c->welch.defined, c->welch.df);
      json_builder_set_member_name (b, "note");
      if (c->reason != NULL)
        json_builder_add_string_value (b, c->reason);
      else
        json_builder_add_null_value (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  return json_generator_to_data (gen, NULL);
}
