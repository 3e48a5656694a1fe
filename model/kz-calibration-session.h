/* kz-calibration-session.h — calibration sessions: a lead, reviewers
 * scoring the same interactions blind, results once the lead closes it
 *
 * A session names a rubric version, the interactions and the reviewers
 * (the lead among them: the lead's scoring is the reference).  Each
 * reviewer scores each interaction as a calibration evaluation
 * (is_calibration, never counted in an agent's figures).  Nobody reads
 * another's calibration answers until the lead closes the session — the
 * store refuses it on both backends, and a team server's row-level
 * security hides them from plain SQL too.  Once closed, the results are
 * kz_calibration_compute() over the session's submitted calibration
 * evaluations (kz-calibration.h); over many sessions, each reviewer's bias
 * per session (drift) and the criteria with the lowest agreement.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "kz-calibration.h"
#include "kz-rubric.h"
#include "kz-types.h"

G_BEGIN_DECLS

typedef struct {
  gint64     id;               /* 0 until stored */
  char      *title;
  char      *rubric_id;
  int        rubric_version;   /* 0 when creating: the latest */
  gint64     lead_id;          /* on a team server, the login's person */
  GDateTime *created_at;       /* NULL when creating: now */
  GDateTime *closed_at;        /* NULL: open */
  GArray    *reviewer_ids;     /* gint64: who scores, the lead included (added when missing), by id */
  GArray    *interaction_ids;  /* gint64, in the session's order */
  guint      n_submitted;      /* calibration evaluations submitted so far: how many, never whose */
} KzCalibrationSession;

KzCalibrationSession *kz_calibration_session_new      (void);
void                  kz_calibration_session_free     (KzCalibrationSession *self);
gboolean              kz_calibration_session_is_open  (const KzCalibrationSession *self);
gboolean              kz_calibration_session_has_reviewer    (const KzCalibrationSession *self,
                                                              gint64                      person_id);
gboolean              kz_calibration_session_has_interaction (const KzCalibrationSession *self,
                                                              gint64                      interaction_id);

/* A closed session's results. */
typedef struct {
  KzCalibrationSession *session;
  KzRubric             *rubric;       /* the session's version */
  GPtrArray            *evaluations;  /* KzEvaluation*: its submitted calibration evaluations */
  GPtrArray            *ratings;      /* KzCalibrationRating*, one an evaluation (answers borrowed) */
  KzCalibrationResult  *result;       /* α per criterion and for F, raw agreement, alignment with the lead, bias */
} KzCalibrationReport;

/* Takes @session and @evaluations (KzEvaluation*); refs @rubric.  Units are
 * interactions, the reference is the lead. */
KzCalibrationReport *kz_calibration_report_new  (KzCalibrationSession *session,
                                                 KzRubric             *rubric,
                                                 GPtrArray            *evaluations);
void                 kz_calibration_report_free (KzCalibrationReport  *self);

/* One reviewer in one closed session. */
typedef struct {
  gint64     reviewer_id;
  gint64     session_id;
  GDateTime *closed_at;
  guint      n_units;
  gboolean   has_bias;
  double     bias;            /* mean (own F − consensus F), points */
  gboolean   has_alignment;
  double     alignment;       /* with the lead, 0–1 */
} KzBiasPoint;

/* A reviewer's bias over sessions. */
typedef struct {
  gint64   reviewer_id;
  guint    n_sessions;        /* with a bias */
  double   mean_bias;
  gboolean has_drift;         /* two sessions or more, at different times */
  double   drift;             /* least-squares slope of bias over time, points per 30 days */
} KzReviewerDrift;

/* A criterion over sessions: α with every session's units pooled (one
 * unit an interaction of a session), the metric of its scale. */
typedef struct {
  char          *rubric_id;
  char          *criterion_id;
  char          *title;         /* in the newest version seen */
  KzAlphaMetric  metric;
  KzAgreement    agreement;
  guint          n_sessions;    /* sessions of that rubric */
} KzCriterionTrend;

typedef struct {
  guint      n_sessions;
  GPtrArray *points;     /* KzBiasPoint*: by reviewer, then by when the session closed */
  GPtrArray *drift;      /* KzReviewerDrift*, by reviewer */
  GPtrArray *criteria;   /* KzCriterionTrend* with a defined α, lowest agreement first */
} KzCalibrationTrends;

/* From closed sessions' reports (KzCalibrationReport*, borrowed).  The
 * criteria of a rubric are those of the newest version among its
 * sessions; answers of older versions count by criterion id. */
KzCalibrationTrends *kz_calibration_trends_compute (GPtrArray           *reports);
void                 kz_calibration_trends_free    (KzCalibrationTrends *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KzCalibrationSession, kz_calibration_session_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KzCalibrationReport, kz_calibration_report_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KzCalibrationTrends, kz_calibration_trends_free)

G_END_DECLS
