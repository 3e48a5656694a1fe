/* kz-what-if.h — past evaluations re-scored under another rubric version
 *
 * scoring.md's "What if": the stored answers of evaluations, scored again
 * with kz_score_compute() under a rubric that is not saved (the editor's
 * draft), without changing anything.  Criteria are matched by id: a
 * criterion new in the rubric is unanswered in every old evaluation, and
 * answers to a criterion it no longer has are dropped.
 *
 * "Before" is each evaluation's stored score — what reports show today,
 * computed with the version it was scored with; "after" is the re-score.
 * Evaluations without a score (no applicable criterion) are counted apart
 * and left out of the means, pass rates and bins, as in every average.
 *
 * kz_what_if_compute() is pure; kz_what_if_load_evaluations() reads what it
 * needs from a store (the GUI runs both in a store job).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "kz-rubric.h"
#include "kz-store.h"
#include "kz-types.h"

G_BEGIN_DECLS

/* 10-point bins: [0, 10), [10, 20), … [90, 100] (100 goes in the last). */
#define KZ_WHAT_IF_N_BINS 10
#define KZ_WHAT_IF_BIN_WIDTH 10.0

typedef struct {
  guint  n_scored;                  /* evaluations with a score */
  guint  n_unscored;                /* without one: no applicable criterion */
  guint  n_pass;
  double mean;                      /* mean F over the scored; NAN when none */
  double pass_rate;                 /* 100 × n_pass ÷ n_scored; NAN when none */
  guint  bins[KZ_WHAT_IF_N_BINS];   /* scored evaluations by F */
} KzWhatIfSummary;

typedef struct {
  gint64   evaluation_id;
  int      rubric_version;          /* the version it was scored with */
  gboolean before_has_score;
  double   before;                  /* stored F */
  gboolean before_pass;
  gboolean after_has_score;
  double   after;                   /* F re-scored */
  gboolean after_pass;
} KzWhatIfRow;

typedef struct {
  guint            n;               /* evaluations re-scored */
  KzWhatIfSummary  before;
  KzWhatIfSummary  after;
  double           pass_mark;       /* the rubric's: what "after" passes by */
  guint            n_became_pass;   /* scored both times: failed, would pass */
  guint            n_became_fail;   /* scored both times: passed, would fail */
  guint            n_score_changed; /* scored both times, F differs */
  guint            n_lost_score;    /* scored before, would have no score */
  guint            n_gained_score;  /* no score before, would have one */
  guint            n_dropped;       /* answers to criteria the rubric no longer has */
  guint            n_unfit;         /* answers the rubric's criterion cannot take as they
                                     * are: a value that is not a point of its scale
                                     * (the engine clamps it into the scale) or an N/A
                                     * it forbids (the engine counts it unanswered) */
  GArray          *rows;            /* KzWhatIfRow, in the evaluations' order */
} KzWhatIf;

/* The bin of a final score: 0 … KZ_WHAT_IF_N_BINS − 1. */
guint     kz_what_if_bin      (double      score);
/* @evaluations: KzEvaluation* with their answers and stored scores (any
 * rubric id or version: the answers are what counts). */
KzWhatIf *kz_what_if_compute  (KzRubric   *rubric,
                               GPtrArray  *evaluations);
void      kz_what_if_free     (KzWhatIf   *self);

/* The submitted evaluations of @rubric_id (every version), each with its
 * answers and stored score: KzEvaluation*, newest first.  Drafts are left
 * out — a draft's score is nobody's score yet.  Blocking; checks
 * @cancellable between evaluations. */
GPtrArray *kz_what_if_load_evaluations (KzStore       *store,
                                        const char    *rubric_id,
                                        GCancellable  *cancellable,
                                        GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KzWhatIf, kz_what_if_free)

G_END_DECLS
