/* kz-rubric.c — the in-memory rubric and its scale helpers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kz-rubric"

#include "config.h"

#include <math.h>

#include "kz-rubric-private.h"

G_DEFINE_BOXED_TYPE (KzRubric, kz_rubric, kz_rubric_ref, kz_rubric_unref)

static void
kz_scale_point_free (KzScalePoint *point)
{
  g_free (point->label);
  g_free (point->guidance);
  g_free (point);
}

KzScale *
kz_scale_new (const char  *id,
              KzScaleKind  kind)
{
  KzScale *scale = g_new0 (KzScale, 1);

  scale->id = g_strdup (id);
  scale->kind = kind;
  scale->points = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_scale_point_free);

  return scale;
}

void
kz_scale_free (KzScale *scale)
{
  if (scale == NULL)
    return;

  g_free (scale->id);
  g_ptr_array_unref (scale->points);
  g_free (scale);
}

void
kz_scale_add_point (KzScale    *scale,
                    double      value,
                    const char *label,
                    const char *guidance)
{
  KzScalePoint *point;

  g_return_if_fail (scale != NULL);
  g_return_if_fail (label != NULL);

  point = g_new0 (KzScalePoint, 1);
  point->value = value;
  point->label = g_strdup (label);
  point->guidance = g_strdup (guidance);
  g_ptr_array_add (scale->points, point);
}

double
kz_scale_get_min (const KzScale *scale)
{
  g_return_val_if_fail (scale != NULL, 0.0);
  g_return_val_if_fail (scale->points->len > 0, 0.0);

  /* Points are kept in ascending order (the loader refuses any other). */
  return ((KzScalePoint *) g_ptr_array_index (scale->points, 0))->value;
}

double
kz_scale_get_max (const KzScale *scale)
{
  g_return_val_if_fail (scale != NULL, 0.0);
  g_return_val_if_fail (scale->points->len > 0, 0.0);

  return ((KzScalePoint *) g_ptr_array_index (scale->points, scale->points->len - 1))->value;
}

const KzScalePoint *
kz_scale_find_point (const KzScale *scale,
                     double         value)
{
  g_return_val_if_fail (scale != NULL, NULL);

  for (guint i = 0; i < scale->points->len; i++)
    {
      const KzScalePoint *point = g_ptr_array_index (scale->points, i);

      if (fabs (point->value - value) < KZ_RUBRIC_EPSILON)
        return point;
    }

  return NULL;
}

KzCriterion *
kz_criterion_new (const char *id,
                  const char *title,
                  KzScale    *scale)
{
  KzCriterion *criterion = g_new0 (KzCriterion, 1);

  criterion->id = g_strdup (id);
  criterion->title = g_strdup (title);
  criterion->weight = 1.0;
  criterion->scale = scale;
  criterion->na_policy = KZ_NA_EXCLUDE;
  criterion->required = TRUE;
  criterion->critical = KZ_CRITICAL_NONE;
  criterion->principles = g_new0 (char *, 1);
  criterion->personas = g_new0 (char *, 1);

  return criterion;
}

void
kz_criterion_free (KzCriterion *criterion)
{
  if (criterion == NULL)
    return;

  g_free (criterion->id);
  g_free (criterion->title);
  g_free (criterion->guidance);
  g_strfreev (criterion->principles);
  g_strfreev (criterion->personas);
  g_free (criterion);
}

GStrv
kz_criterion_dup_principles (const KzCriterion *criterion)
{
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();

  g_return_val_if_fail (criterion != NULL, NULL);

  for (guint i = 0; criterion->principles != NULL && criterion->principles[i] != NULL; i++)
    g_strv_builder_add (b, criterion->principles[i]);
  if (criterion->section != NULL && criterion->section->principles != NULL)
    for (guint i = 0; criterion->section->principles[i] != NULL; i++)
      if (criterion->principles == NULL ||
          !g_strv_contains ((const char * const *) criterion->principles, criterion->section->principles[i]))
        g_strv_builder_add (b, criterion->section->principles[i]);
  return g_strv_builder_end (b);
}

/* A non-critical criterion never fails; a critical one fails on the scale's
 * lowest point, and below fail_below when the file gives one. */
gboolean
kz_criterion_value_fails (const KzCriterion *criterion,
                          double             value)
{
  g_return_val_if_fail (criterion != NULL, FALSE);
  g_return_val_if_fail (criterion->scale != NULL, FALSE);

  if (criterion->critical == KZ_CRITICAL_NONE)
    return FALSE;

  if (value <= kz_scale_get_min (criterion->scale) + KZ_RUBRIC_EPSILON)
    return TRUE;

  if (criterion->has_fail_below && value < criterion->fail_below - KZ_RUBRIC_EPSILON)
    return TRUE;

  return FALSE;
}

gboolean
kz_criterion_allows_na (const KzCriterion *criterion)
{
  g_return_val_if_fail (criterion != NULL, FALSE);

  return criterion->na_policy != KZ_NA_FORBIDDEN;
}

KzSection *
kz_section_new (const char *id,
                const char *title)
{
  KzSection *section = g_new0 (KzSection, 1);

  section->id = g_strdup (id);
  section->title = g_strdup (title);
  section->weight = 1.0;
  section->criteria = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_criterion_free);
  section->principles = g_new0 (char *, 1);

  return section;
}

void
kz_section_free (KzSection *section)
{
  if (section == NULL)
    return;

  g_free (section->id);
  g_free (section->title);
  g_free (section->description);
  g_strfreev (section->principles);
  g_ptr_array_unref (section->criteria);
  g_free (section);
}

void
kz_section_add_criterion (KzSection   *section,
                          KzCriterion *criterion)
{
  g_return_if_fail (section != NULL);
  g_return_if_fail (criterion != NULL);

  criterion->section = section;
  g_ptr_array_add (section->criteria, criterion);
}

KzRubric *
kz_rubric_new (void)
{
  KzRubric *self = g_atomic_rc_box_new0 (KzRubric);

  self->version = 1;
  self->pass_mark = 80.0;
  self->dispute_days = 7;
  self->max_disputes = 2;
  self->sections = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_section_free);
  self->scales = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_scale_free);
  self->criteria = g_hash_table_new (g_str_hash, g_str_equal);

  return self;
}

static void
kz_rubric_clear (gpointer data)
{
  KzRubric *self = data;

  g_free (self->id);
  g_free (self->title);
  g_free (self->description);
  /* Criteria point at scales: drop the index and the sections first. */
  g_hash_table_unref (self->criteria);
  g_ptr_array_unref (self->sections);
  g_ptr_array_unref (self->scales);
  g_free (self->source);
  g_free (self->checksum);
}

KzRubric *
kz_rubric_ref (KzRubric *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_atomic_rc_box_acquire (self);
}

void
kz_rubric_unref (KzRubric *self)
{
  g_return_if_fail (self != NULL);

  g_atomic_rc_box_release_full (self, kz_rubric_clear);
}

void
kz_rubric_add_scale (KzRubric *self,
                     KzScale  *scale)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (scale != NULL);

  g_ptr_array_add (self->scales, scale);
}

void
kz_rubric_add_section (KzRubric  *self,
                       KzSection *section)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (section != NULL);

  for (guint i = 0; i < section->criteria->len; i++)
    {
      KzCriterion *criterion = g_ptr_array_index (section->criteria, i);

      g_return_if_fail (!g_hash_table_contains (self->criteria, criterion->id));
      g_hash_table_insert (self->criteria, criterion->id, criterion);
    }

  g_ptr_array_add (self->sections, section);
}

void
kz_rubric_set_source (KzRubric   *self,
                      const char *data,
                      gsize       length)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (data != NULL || length == 0);

  g_free (self->source);
  g_free (self->checksum);
  self->source = g_strndup (data, length);
  self->checksum = g_compute_checksum_for_data (G_CHECKSUM_SHA256,
                                                (const guchar *) data, length);
}

const char *
kz_rubric_get_id (KzRubric *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->id;
}

const char *
kz_rubric_get_title (KzRubric *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->title;
}

const char *
kz_rubric_get_description (KzRubric *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->description;
}

int
kz_rubric_get_version (KzRubric *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->version;
}

double
kz_rubric_get_pass_mark (KzRubric *self)
{
  g_return_val_if_fail (self != NULL, 0.0);

  return self->pass_mark;
}

int
kz_rubric_get_dispute_days (KzRubric *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->dispute_days;
}

int
kz_rubric_get_max_disputes (KzRubric *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->max_disputes;
}

GPtrArray *
kz_rubric_get_sections (KzRubric *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->sections;
}

guint
kz_rubric_get_n_criteria (KzRubric *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return g_hash_table_size (self->criteria);
}

KzCriterion *
kz_rubric_find_criterion (KzRubric   *self,
                          const char *criterion_id)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (criterion_id != NULL, NULL);

  return g_hash_table_lookup (self->criteria, criterion_id);
}

const char *
kz_rubric_get_source (KzRubric *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->source;
}

const char *
kz_rubric_get_checksum (KzRubric *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->checksum;
}

const char *
kz_scale_kind_to_string (KzScaleKind kind)
{
  switch (kind)
    {
    case KZ_SCALE_KIND_BINARY:
      return "binary";
    case KZ_SCALE_KIND_ORDINAL:
      return "ordinal";
    case KZ_SCALE_KIND_LABELLED:
      return "labelled";
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
kz_na_policy_to_string (KzNaPolicy policy)
{
  switch (policy)
    {
    case KZ_NA_EXCLUDE:
      return "exclude";
    case KZ_NA_PASS:
      return "pass";
    case KZ_NA_FIXED:
      return "fixed";
    case KZ_NA_FORBIDDEN:
      return "forbidden";
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
kz_critical_level_to_string (KzCriticalLevel level)
{
  switch (level)
    {
    case KZ_CRITICAL_NONE:
      return "none";
    case KZ_CRITICAL_SECTION:
      return "section";
    case KZ_CRITICAL_FORM:
      return "form";
    default:
      g_return_val_if_reached (NULL);
    }
}
