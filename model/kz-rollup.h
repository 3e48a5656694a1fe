/* kz-rollup.h — sums and counts that reports read instead of raw answers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The store keeps them (../shared/spec/scale.md) per agent × ISO week × rubric ×
 * criterion, per team × week × rubric × criterion (by the agent's current team), and
 * per agent × week for whole evaluations, in the same transaction as every
 * change to a submitted, non-calibration evaluation.  A week is named by
 * its Monday (UTC) as a day number since 1970-01-01 (kz_rollup_week()).
 * What an answer adds is said in model/kz-sqlite-store.c (versions 17 and
 * 18: since 18 every criterion figure is per rubric, and the answers with a
 * value are summed apart too, sum_value and n_value, for the Gaps report).
 */
#pragma once

#include <glib-object.h>

#include "kz-answer.h"

G_BEGIN_DECLS

typedef struct {
  gint64  owner_id;      /* the team (0: no team) or the agent */
  int     week;          /* Monday's day number; 0 when summed over weeks */
  char   *rubric_id;     /* the criterion's rubric (criterion ids repeat across rubrics) */
  char   *criterion_id;
  double  sum_v;         /* Σ normalised value over applicable answers */
  gint64  n_applicable;  /* answers with a value (N/A under pass/fixed too) */
  gint64  n_na;          /* N/A answers */
  gint64  n_failed;      /* answers at the lowest point or below fail-below */
  double  sum_value;     /* Σ normalised value over the answers with a value (no N/A) */
  gint64  n_value;       /* answers with a value: what the Gaps report averages */
} KzRollupCell;

typedef struct {
  gint64  agent_id;
  int     week;
  gint64  n_evaluations;
  gint64  n_scored;      /* with a final score */
  double  sum_final;
  gint64  n_passed;
  gint64  n_auto_failed;
} KzRollupWeek;

void    kz_rollup_cell_free (KzRollupCell *self);
/* sum_v ÷ n_applicable, NAN when nothing applied. */
double  kz_rollup_cell_mean (const KzRollupCell *self);
double  kz_rollup_week_mean (const KzRollupWeek *self);

/* The week of a moment: its Monday (UTC) as day number since 1970-01-01. */
int     kz_rollup_week      (gint64 unix_time);
/* The week holding @date. */
int     kz_rollup_week_of_date (const GDate *date);
/* The Monday of @week, as "YYYY-MM-DD" (newly allocated). */
char   *kz_rollup_week_to_string (int week);

/* Thirteen-week blocks (the team roll-up keeps them too): block b holds
 * weeks 13b … 13b + 12 counted from the week of 1970-01-01. */
int     kz_rollup_block_of_week   (int week);
gint64  kz_rollup_block_first_week (int block);
/* The first and last block lying wholly within weeks @first … @last
 * (*@first_block > *@last_block when there is none). */
void    kz_rollup_blocks_inside   (int first_week, int last_week, int *first_block, int *last_block);

/* What kz_store_bulk_add_evaluations() asks for, one evaluation at a time:
 * a submitted, non-calibration evaluation with no interaction and no
 * history.  Arrays are the caller's, valid until the next call. */
typedef struct {
  gint64        agent_id;
  gint64        reviewer_id;
  const char   *rubric_id;
  int           rubric_version;
  gint64        created_at;
  gboolean      has_score;
  double        raw, final;
  gboolean      pass;
  gboolean      auto_failed;
  const char   *failed_by;     /* space-separated ids, or NULL */
  gboolean      has_critical;
  double        critical;
  guint         n_answers;
  const char  **criterion_ids;
  const KzAnswerKind *kinds;   /* VALUE or NA */
  const double *values;
} KzBulkEvaluation;

/* Fills @out with the next evaluation; FALSE when there is none left (or
 * on error, with @error set). */
typedef gboolean (*KzBulkNext) (gpointer user_data, KzBulkEvaluation *out, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KzRollupCell, kz_rollup_cell_free)

G_END_DECLS
