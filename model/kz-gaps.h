/* kz-gaps.h — where agents and teams fall short of a rubric's targets
 *
 * coaching.md: gap = target − current mean of a criterion, for an agent or
 * a team, over a chosen period, with n and the N/A rate; the target is per
 * criterion (target="…" in the rubric, else its pass mark); sorted by the
 * largest gap × weight.
 *
 * A cell's mean is the mean of 100 × v over the answers with a value,
 * where v = (value − min) ÷ (max − min) on the criterion's scale in the
 * rubric version the evaluation used (kz_criterion_normalise(), as the
 * score engine).  N/A answers are left out of the mean whatever the
 * criterion's N/A policy and counted in the N/A rate = N/A ÷ (answers with
 * a value + N/A).  A team's cell pools the answers of its agents (each
 * answer counts once, so agents with more evaluations weigh more); agents
 * are grouped by the team they are in now.  Only submitted evaluations, at
 * their latest revision, created in the period — whole ISO weeks (Monday
 * to Sunday, UTC), as the roll-ups keep them; calibration evaluations
 * never count.  Criteria and weights are those of the rubric's latest
 * version; answers to criteria it no longer has are left out.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "kz-rubric.h"
#include "kz-store.h"

G_BEGIN_DECLS

typedef enum {
  KZ_GAPS_BY_AGENT,
  KZ_GAPS_BY_TEAM,
} KzGapsBy;

typedef struct {
  gint64    unit_id;          /* the agent, or the team (0: agents with no team) */
  char     *unit_name;
  char     *criterion_id;
  char     *criterion_title;
  char     *section_id;
  double    weight;           /* the criterion's weight in the latest version */
  double    target;           /* 0–100 */
  gboolean  has_mean;         /* FALSE: only N/A answers; no mean, no gap */
  double    mean;             /* 0–100 */
  guint     n;                /* answers with a value */
  guint     n_na;             /* N/A answers */
  double    na_rate;          /* n_na ÷ (n + n_na), 0–1 */
  double    gap;              /* target − mean (has_mean only) */
  double    priority;         /* gap × weight: the sort key */
} KzGapCell;

typedef struct {
  KzRubric  *rubric;          /* the latest version */
  KzGapsBy   by;
  GDateTime *from, *to;       /* NULL: unbounded */
  GPtrArray *cells;           /* KzGapCell*: largest gap × weight first; cells without a mean last */
} KzGapReport;

void         kz_gap_report_free   (KzGapReport *self);

/* The pure part: @tallies (KzAnswerTally*) of @rubric's id, @versions
 * maps a rubric version (GINT_TO_POINTER) to its KzRubric (for the
 * scales), @names maps a unit id (gint64*) to its name (may be NULL).
 * Tallies of versions not in @versions are left out. */
KzGapReport *kz_gaps_from_tallies (KzRubric   *latest,
                                   GHashTable *versions,
                                   GPtrArray  *tallies,
                                   KzGapsBy    by,
                                   GHashTable *names);

/* Reads the roll-ups (kz-rollup.h), never raw answers.  The period is in
 * whole ISO weeks, Monday to Sunday in UTC, as the roll-ups keep them:
 * @from (inclusive) and @to (exclusive; either NULL: no bound) round out to
 * the weeks holding @from and the moment before @to, and the report's
 * from and to are those weeks' bounds (from a Monday 00:00 UTC to the
 * Monday after the last week).  @rubric_id NULL: the rubric with the most
 * evaluations (KZ_ERROR_NOT_FOUND when there is none). */
KzGapReport *kz_gaps_compute      (KzStore     *store,
                                   const char  *rubric_id,
                                   KzGapsBy     by,
                                   GDateTime   *from,
                                   GDateTime   *to,
                                   GError     **error);
/* The same report from raw answer tallies over exactly [@from, @to) (no
 * rounding): slow at scale, kept as the reference for tests and the
 * benchmark.  Given kz_gaps_round_period()'s bounds it equals
 * kz_gaps_compute(). */
KzGapReport *kz_gaps_compute_from_tallies (KzStore     *store,
                                           const char  *rubric_id,
                                           KzGapsBy     by,
                                           GDateTime   *from,
                                           GDateTime   *to,
                                           GError     **error);
/* The whole weeks kz_gaps_compute() uses for [@from, @to): their Monday
 * day numbers (G_MININT, G_MAXINT: no bound) and, as moments, the first
 * Monday and the Monday after the last week (NULL for no bound; the
 * caller unrefs them).  Any out-parameter may be NULL. */
void         kz_gaps_round_period (GDateTime   *from,
                                   GDateTime   *to,
                                   int         *first_week,
                                   int         *last_week,
                                   GDateTime  **week_from,
                                   GDateTime  **week_to);

/* `kaizenctl report gaps --json` / `--csv` */
char        *kz_gap_report_to_json (const KzGapReport *self);
char        *kz_gap_report_to_csv  (const KzGapReport *self);

/* The report as the Gaps page and the PDF draw it: a heatmap of units ×
 * criteria, rows and columns in order of their largest gap × weight, each
 * column against its criterion's target, each cell's n, N/A rate and gap in
 * its note.  @row_units (gint64) and @column_criteria (char*, freed by the
 * array) receive the rows' unit ids and the columns' criterion ids, when
 * given. */
struct _KzChartData;
struct _KzChartData *kz_gap_report_build_chart (const KzGapReport *report,
                                                GArray            *row_units,
                                                GPtrArray         *column_criteria);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KzGapReport, kz_gap_report_free)

G_END_DECLS
