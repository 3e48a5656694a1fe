/* kz-rubric-text.c — rubric facts in words a reviewer reads
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kz-rubric-text"

#include "config.h"

#include <glib/gi18n.h>

#include "kz-rubric-text.h"

char *
kz_rubric_text_value (double value)
{
  /* %g drops trailing zeros: 4 not 4.000000, 0.5 not 0.500000; and it
   * follows the locale's decimal separator, as the rest of the display does */
  return g_strdup_printf ("%g", value);
}

char *
kz_rubric_text_na_policy (const KzCriterion *criterion)
{
  g_autofree char *value = NULL;

  g_return_val_if_fail (criterion != NULL, NULL);

  switch (criterion->na_policy)
    {
    case KZ_NA_FORBIDDEN:
      return g_strdup (_("N/A not allowed"));
    case KZ_NA_EXCLUDE:
      return g_strdup (_("N/A excluded from score"));
    case KZ_NA_PASS:
      return g_strdup (_("N/A counts as full marks"));
    case KZ_NA_FIXED:
      value = kz_rubric_text_value (criterion->na_value);
      /* Translators: %s is a scale value, e.g. "N/A counts as 2" */
      return g_strdup_printf (_("N/A counts as %s"), value);
    default:
      g_assert_not_reached ();
    }
  return NULL;
}

char *
kz_rubric_text_critical (const KzCriterion *criterion)
{
  g_return_val_if_fail (criterion != NULL, NULL);

  switch (criterion->critical)
    {
    case KZ_CRITICAL_NONE:
      return NULL;
    case KZ_CRITICAL_SECTION:
      return g_strdup (_("Fails section"));
    case KZ_CRITICAL_FORM:
      return g_strdup (_("Auto-fail: form"));
    default:
      g_assert_not_reached ();
    }
  return NULL;
}

char *
kz_rubric_text_fail_rule (const KzCriterion *criterion)
{
  g_autofree char *value = NULL;
  const KzScalePoint *lowest;

  g_return_val_if_fail (criterion != NULL, NULL);

  if (criterion->critical == KZ_CRITICAL_NONE)
    return NULL;

  if (criterion->has_fail_below)
    {
      value = kz_rubric_text_value (criterion->fail_below);
      if (criterion->critical == KZ_CRITICAL_SECTION)
        /* Translators: %s is a scale value */
        return g_strdup_printf (_("A score below %s sets its section to 0"), value);
      /* Translators: %s is a scale value */
      return g_strdup_printf (_("A score below %s sets the whole evaluation to 0"), value);
    }

  if (criterion->scale == NULL || criterion->scale->points->len == 0)
    return NULL;

  lowest = g_ptr_array_index (criterion->scale->points, 0);
  if (criterion->critical == KZ_CRITICAL_SECTION)
    /* Translators: %s is the label of the scale's lowest point, e.g. “No” */
    return g_strdup_printf (_("Answering “%s” sets its section to 0"), lowest->label);
  /* Translators: %s is the label of the scale's lowest point, e.g. “No” */
  return g_strdup_printf (_("Answering “%s” sets the whole evaluation to 0"), lowest->label);
}

char *
kz_rubric_text_weight (double weight)
{
  g_autofree char *value = kz_rubric_text_value (weight);

  /* Translators: %s is a number, e.g. "Weight 20" */
  return g_strdup_printf (_("Weight %s"), value);
}

char *
kz_rubric_text_scale (const KzScale *scale)
{
  const KzScalePoint *first, *last;
  g_autofree char *min = NULL;
  g_autofree char *max = NULL;

  g_return_val_if_fail (scale != NULL, NULL);

  if (scale->points->len == 0)
    return g_strdup ("");

  first = g_ptr_array_index (scale->points, 0);
  last = g_ptr_array_index (scale->points, scale->points->len - 1);

  switch (scale->kind)
    {
    case KZ_SCALE_KIND_BINARY:
      /* Translators: a two-point scale, e.g. "Yes / No" (highest first) */
      return g_strdup_printf (_("%s / %s"), last->label, first->label);
    case KZ_SCALE_KIND_ORDINAL:
      min = kz_rubric_text_value (first->value);
      max = kz_rubric_text_value (last->value);
      /* Translators: e.g. "Scale 1–5" */
      return g_strdup_printf (_("Scale %s–%s"), min, max);
    case KZ_SCALE_KIND_LABELLED:
      /* Translators: e.g. "4 points: Poor – Excellent" */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%u point: %s – %s",
                                           "%u points: %s – %s",
                                           scale->points->len),
                              scale->points->len, first->label, last->label);
    default:
      g_assert_not_reached ();
    }
  return NULL;
}

char *
kz_rubric_text_point (const KzScalePoint *point)
{
  g_autofree char *value = NULL;

  g_return_val_if_fail (point != NULL, NULL);

  value = kz_rubric_text_value (point->value);
  if (point->label == NULL || *point->label == '\0' || g_strcmp0 (point->label, value) == 0)
    return g_steal_pointer (&value);

  /* Translators: a scale point, label then value: "Good (4)" */
  return g_strdup_printf (_("%s (%s)"), point->label, value);
}
