/* kz-score.h — the scoring engine of ../shared/spec/scoring.md
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "kz-answer.h"
#include "kz-rubric.h"

G_BEGIN_DECLS

typedef struct {
  const KzSection *section;     /* not owned */
  gboolean  applicable;         /* FALSE: section is N/A (no applicable criterion) */
  double    numerator;          /* Σ w·v over applicable criteria */
  double    denominator;        /* Σ w over applicable criteria */
  double    raw;                /* S before fail rules, 0–100 */
  double    score;              /* S after fail rules, 0–100 */
  gboolean  failed;             /* a section-critical criterion failed */
  GPtrArray *na_items;          /* char* criterion ids answered N/A (any policy) */
  GPtrArray *unanswered;        /* char* criterion ids left unanswered */
} KzSectionScore;

typedef struct {
  gboolean   has_score;         /* FALSE: no applicable section; left out of averages */
  double     raw;               /* R, 0–100 */
  double     final;             /* F, 0–100 */
  gboolean   auto_failed;       /* a fail rule fired: section or form */
  gboolean   form_failed;       /* a form-critical criterion failed: F = 0 */
  GStrv      failed_by;         /* criterion ids that triggered a fail, in rubric order */
  gboolean   has_critical;
  double     critical;          /* C, 0–100 */
  gboolean   pass;              /* F ≥ pass mark (FALSE when !has_score) */
  double     pass_mark;
  double     numerator;         /* Σ W·S over applicable sections (after fail rules) */
  double     denominator;       /* Σ W over applicable sections */
  GPtrArray *sections;          /* KzSectionScore*, rubric order */
  GStrv      missing_required;  /* required criteria left unanswered: block submit */
} KzScore;

KzScore *kz_score_compute             (KzRubric    *rubric,
                                       KzAnswerSet *answers);
void     kz_score_free                (KzScore     *self);
/* A breakdown a person can read, several lines, translated. */
char    *kz_score_format_breakdown    (const KzScore *self);
/* "97.5" with one decimal, or "—" when there is no score. */
char    *kz_score_format_percent      (gboolean has_value,
                                       double   value);
/* The JSON object of `kaizenctl score --json`, as text or into a builder
 * (which must be expecting a value). */
void     kz_score_build_json          (const KzScore *self,
                                       JsonBuilder   *builder);
char    *kz_score_to_json             (const KzScore *self);
/* Normalised value v ∈ [0,1] of an answer value on a criterion's scale. */
double   kz_criterion_normalise       (const KzCriterion *criterion,
                                       double             value);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KzScore, kz_score_free)

G_END_DECLS
