/* kz-rubric-writer.h — rubric format 1, written
 *
 * The inverse of the loader: a KzRubric (or the rubric editor's draft, which
 * writes itself through the same element functions) as the XML of
 * rubrics/kaizen-rubric.rng.  Loading what is written gives a rubric equal to
 * the one written: the same ids, weights, scales (shared ones by reference,
 * inline ones inline), N/A policies, critical levels, texts and points.
 *
 * The output is stable and meant to be read: two-space indentation, one
 * element a line, attributes in the order of the format's reference,
 * defaults left out, long guidance wrapped at 80 columns (the loader joins
 * the lines again), numbers as the shortest decimals that read back exactly.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "kz-rubric.h"

G_BEGIN_DECLS

/* @version 0: the rubric's own version; another one is written instead
 * (what saving as a new version does). */
char     *kz_rubric_to_xml          (KzRubric    *rubric,
                                     int          version);
/* Writes kz_rubric_to_xml (@rubric, 0) to @path, replacing it whole or not
 * at all.  Errors are KZ_ERROR_FAILED naming the file. */
gboolean  kz_rubric_write_file      (KzRubric    *rubric,
                                     const char  *path,
                                     GError     **error);
/* "3", "0.5", "-1", "2.25": the shortest decimal without an exponent that
 * reads back as @value (what the format's numbers are). */
char     *kz_rubric_format_decimal  (double       value);

/* ---- the element functions (for writers of other rubric shapes) --------- */

typedef struct _KzRubricWriter KzRubricWriter;

/* A criterion's attributes and texts as the writer takes them.  na_value
 * is written with KZ_NA_FIXED only; fail_below with has_fail_below on a
 * critical criterion only; target with has_target only. */
typedef struct {
  const char      *id;
  double           weight;
  KzNaPolicy       na_policy;
  double           na_value;
  gboolean         required;
  KzCriticalLevel  critical;
  gboolean         has_fail_below;
  double           fail_below;
  const char      *title;
  const char      *guidance;
  gboolean         has_target;  /* target="…": the gap report's goal, 0–100 */
  double           target;
  const char * const *principles;  /* CX principle ids; NULL or empty: none */
  const char * const *personas;    /* persona ids; NULL or empty: none */
} KzRubricWriterCriterion;

KzRubricWriter *kz_rubric_writer_new             (void);
void            kz_rubric_writer_free            (KzRubricWriter *self);
/* The document, and the writer freed. */
char           *kz_rubric_writer_finish          (KzRubricWriter *self);
/* The line (from 1) the next element starts on: what maps the loader's
 * "LINE:" back to what was written there. */
int             kz_rubric_writer_get_line        (KzRubricWriter *self);

/* @description may be NULL (none). */
void            kz_rubric_writer_begin_rubric    (KzRubricWriter *self,
                                                  const char     *id,
                                                  int             version,
                                                  double          pass_mark,
                                                  int             dispute_days,
                                                  const char     *title,
                                                  const char     *description);
void            kz_rubric_writer_end_rubric      (KzRubricWriter *self);
void            kz_rubric_writer_begin_scales    (KzRubricWriter *self);
void            kz_rubric_writer_end_scales      (KzRubricWriter *self);
/* @id: a shared scale's, inside <scales>; NULL for an inline one. */
void            kz_rubric_writer_begin_scale     (KzRubricWriter *self,
                                                  const char     *id,
                                                  KzScaleKind     kind);
/* On an ordinal scale a label that is the value itself (or empty) is left
 * out; elsewhere an empty label is left out too, which the loader reports.
 * @guidance NULL: none. */
void            kz_rubric_writer_add_point       (KzRubricWriter *self,
                                                  KzScaleKind     kind,
                                                  double          value,
                                                  const char     *label,
                                                  const char     *guidance);
void            kz_rubric_writer_end_scale       (KzRubricWriter *self);
void            kz_rubric_writer_add_scale_ref   (KzRubricWriter *self,
                                                  const char     *ref);
void            kz_rubric_writer_begin_section   (KzRubricWriter *self,
                                                  const char     *id,
                                                  double          weight,
                                                  const char * const *principles,
                                                  const char     *title,
                                                  const char     *description);
void            kz_rubric_writer_end_section     (KzRubricWriter *self);
/* Writes the criterion's start tag, title and guidance; its scale follows
 * (a ref, or an inline scale), then kz_rubric_writer_end_criterion(). */
void            kz_rubric_writer_begin_criterion (KzRubricWriter                *self,
                                                  const KzRubricWriterCriterion *criterion);
void            kz_rubric_writer_end_criterion   (KzRubricWriter *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KzRubricWriter, kz_rubric_writer_free)

G_END_DECLS
