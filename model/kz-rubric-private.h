/* kz-rubric-private.h — building a KzRubric (for the loader and model tests)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kz-rubric.h"

G_BEGIN_DECLS

/* The XML namespace of rubric format 1 (see rubrics/kaizen-rubric.rng). */
#define KZ_RUBRIC_NAMESPACE "https://kaizen-qa.org/ns/rubric/1"

/* Where the loader finds the schema in the model library's GResource. */
#define KZ_RUBRIC_SCHEMA_RESOURCE "/io/github/KaizenQA/Kaizen/model/kaizen-rubric.rng"

/* Largest rubric file the loader reads. */
#define KZ_RUBRIC_MAX_SIZE (4 * 1024 * 1024)

/* Points closer than this are the same value. */
#define KZ_RUBRIC_EPSILON 1e-9

struct _KzRubric {
  char       *id;
  char       *title;
  char       *description;
  int         version;
  double      pass_mark;
  int         dispute_days;
  int         max_disputes;
  GPtrArray  *sections;   /* KzSection*, owned */
  GPtrArray  *scales;     /* KzScale*, owned: shared and inline ones */
  GHashTable *criteria;   /* criterion id → KzCriterion*, not owned */
  char       *source;
  char       *checksum;
};

/* A new, empty rubric with the format's defaults (version 1, pass mark 80,
 * 7 dispute days, at most 2 disputes). */
KzRubric    *kz_rubric_new            (void);
/* Takes ownership of @scale. */
void         kz_rubric_add_scale      (KzRubric     *self,
                                       KzScale      *scale);
/* Takes ownership of @section and indexes its criteria, which must already
 * be in it and have ids unique in the rubric. */
void         kz_rubric_add_section    (KzRubric     *self,
                                       KzSection    *section);
/* Copies @length bytes of @data as the source and computes its checksum. */
void         kz_rubric_set_source     (KzRubric     *self,
                                       const char   *data,
                                       gsize         length);

KzScale     *kz_scale_new             (const char   *id,
                                       KzScaleKind   kind);
void         kz_scale_free            (KzScale      *scale);
void         kz_scale_add_point       (KzScale      *scale,
                                       double        value,
                                       const char   *label,
                                       const char   *guidance);

KzSection   *kz_section_new           (const char   *id,
                                       const char   *title);
void         kz_section_free          (KzSection    *section);
/* Takes ownership of @criterion and sets its back pointer. */
void         kz_section_add_criterion (KzSection    *section,
                                       KzCriterion  *criterion);

/* A criterion with the format's defaults: weight 1, N/A excluded, required,
 * not critical.  @scale is not owned (the rubric owns scales). */
KzCriterion *kz_criterion_new         (const char   *id,
                                       const char   *title,
                                       KzScale      *scale);
void         kz_criterion_free        (KzCriterion  *criterion);

/* The loader's text rules (kz-rubric-loader.c), which the writer follows
 * so that what it writes reads back the same.  Titles and labels: one
 * line, runs of white space made one space.  Guidance and descriptions:
 * lines joined with a space, a blank line a new paragraph ("\n\n"). */
char        *kz_rubric_collapse_space     (const char   *text);
char        *kz_rubric_reflow_paragraphs  (const char   *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KzScale, kz_scale_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KzSection, kz_section_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KzCriterion, kz_criterion_free)

G_END_DECLS
