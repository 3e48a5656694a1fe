/* kz-rubric.h — a quality rubric: sections, criteria, scales
 *
 * The in-memory form of a rubric file (see rubrics/kaizen-rubric.rng).
 * A KzRubric is immutable once loaded and reference counted, so the GUI,
 * the scoring engine and the store can share one without copying.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum {
  KZ_SCALE_KIND_BINARY,    /* two points: No = 0, Yes = 1 (labels may differ) */
  KZ_SCALE_KIND_ORDINAL,   /* numbered ordered points, e.g. 1–5 */
  KZ_SCALE_KIND_LABELLED,  /* named ordered points with values, e.g. Poor … Excellent */
} KzScaleKind;

typedef enum {
  KZ_NA_EXCLUDE,    /* N/A leaves numerator and denominator (default) */
  KZ_NA_PASS,       /* N/A counts as the scale's top value */
  KZ_NA_FIXED,      /* N/A counts as na_value */
  KZ_NA_FORBIDDEN,  /* N/A is not offered */
} KzNaPolicy;

typedef enum {
  KZ_CRITICAL_NONE,
  KZ_CRITICAL_SECTION,  /* a fail sets its section's score to 0 */
  KZ_CRITICAL_FORM,     /* a fail sets the final score to 0 */
} KzCriticalLevel;

typedef struct {
  double  value;
  char   *label;
  char   *guidance;   /* "what a 3 looks like"; may be NULL */
} KzScalePoint;

typedef struct {
  char        *id;      /* NULL for an inline scale */
  KzScaleKind  kind;
  GPtrArray   *points;  /* KzScalePoint*, ascending by value */
} KzScale;

typedef struct {
  char            *id;
  char            *title;
  char            *guidance;
  double           weight;
  KzScale         *scale;       /* owned by the rubric; shared between criteria */
  KzNaPolicy       na_policy;
  double           na_value;    /* for KZ_NA_FIXED */
  gboolean         required;
  KzCriticalLevel  critical;
  gboolean         has_fail_below;
  double           fail_below;  /* fails when value < fail_below; default: value == min */
  int              line;        /* line in the source file, for messages */
  struct _KzSection *section;   /* back pointer, not owned */
  gboolean         has_target;  /* target="…": the gap report's goal on 0–100 */
  double           target;      /* (without one the goal is the rubric's pass mark) */
  /* CX principles and personas (kz-cx.h) the criterion is linked to, by id,
   * as the file gives them (principles="…", personas="…"); never NULL, may
   * be empty.  The section's principles apply to it too:
   * kz_criterion_dup_principles(). */
  GStrv            principles;
  GStrv            personas;
} KzCriterion;

typedef struct _KzSection {
  char      *id;
  char      *title;
  char      *description;
  double     weight;
  GPtrArray *criteria;  /* KzCriterion* */
  GStrv      principles;  /* CX principles of the whole section, by id; never NULL */
} KzSection;

typedef struct _KzRubric KzRubric;

#define KZ_TYPE_RUBRIC (kz_rubric_get_type ())
GType        kz_rubric_get_type          (void) G_GNUC_CONST;

KzRubric    *kz_rubric_ref               (KzRubric    *self);
void         kz_rubric_unref             (KzRubric    *self);

const char  *kz_rubric_get_id            (KzRubric    *self);
const char  *kz_rubric_get_title         (KzRubric    *self);
const char  *kz_rubric_get_description   (KzRubric    *self);
int          kz_rubric_get_version       (KzRubric    *self);
double       kz_rubric_get_pass_mark     (KzRubric    *self);
/* Days an agent has to dispute a review, from its submission (0: none). */
int          kz_rubric_get_dispute_days  (KzRubric    *self);
/* How many disputes one review may have in all, one open at a time. */
int          kz_rubric_get_max_disputes  (KzRubric    *self);
GPtrArray   *kz_rubric_get_sections      (KzRubric    *self);  /* KzSection*, transfer none */
guint        kz_rubric_get_n_criteria    (KzRubric    *self);
KzCriterion *kz_rubric_find_criterion    (KzRubric    *self,
                                          const char  *criterion_id);
/* The exact XML text the rubric was loaded from (what the store keeps). */
const char  *kz_rubric_get_source        (KzRubric    *self);
/* SHA-256 of the source, to tell "same version, same content" on import. */
const char  *kz_rubric_get_checksum      (KzRubric    *self);

double       kz_scale_get_min            (const KzScale *scale);
double       kz_scale_get_max            (const KzScale *scale);
const KzScalePoint *kz_scale_find_point  (const KzScale *scale,
                                          double         value);
/* TRUE when an answer with this value fails a critical criterion. */
gboolean     kz_criterion_value_fails    (const KzCriterion *criterion,
                                          double             value);
/* The principles a criterion is linked to: its own, then its section's
 * that it does not name itself (a new NULL-terminated array). */
GStrv        kz_criterion_dup_principles (const KzCriterion *criterion);
/* TRUE when N/A may be answered. */
gboolean     kz_criterion_allows_na      (const KzCriterion *criterion);

const char  *kz_scale_kind_to_string     (KzScaleKind      kind);
const char  *kz_na_policy_to_string      (KzNaPolicy       policy);
const char  *kz_critical_level_to_string (KzCriticalLevel  level);

/* Loading (kz-rubric-loader.c).  Every error is KZ_ERROR_INVALID_FILE with a
 * message of the form "FILE:LINE: what is wrong".  Nothing but the named file
 * is ever read: no network, no DTD, no external entities. */
KzRubric    *kz_rubric_load_file         (const char  *path,
                                          GError     **error);
KzRubric    *kz_rubric_load_data         (const char  *data,
                                          gsize        length,
                                          const char  *display_name,
                                          GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KzRubric, kz_rubric_unref)

G_END_DECLS
