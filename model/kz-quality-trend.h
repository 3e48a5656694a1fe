/* kz-quality-trend.h — an agent's criterion averages by week, against the
 * target and their team's
 *
 * What "My quality" shows under "How you are doing": for each criterion of
 * a rubric, the agent's criterion average (scoring.md: the mean of the
 * normalised value v over applicable answers, shown ×100) per week and over
 * the whole period, the same for their team (every agent of the team, the
 * agent included), and the target (the rubric's pass mark; coaching.md).
 * Only submitted evaluations count; calibration evaluations never do.
 * A week starts on Monday 00:00 UTC; an evaluation falls in the week it was
 * first submitted (its creation time when the store has no submission time).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "kz-rubric.h"
#include "kz-store.h"
#include "kz-types.h"

G_BEGIN_DECLS

typedef struct {
  GDateTime *week;          /* Monday 00:00 UTC */
  double     agent_mean;    /* 0–100; meaningless when agent_n is 0 */
  guint      agent_n;       /* applicable answers */
  double     team_mean;
  guint      team_n;
} KzQualityWeek;

typedef struct {
  char      *criterion_id;
  char      *title;
  double     target;        /* 0–100 */
  double     agent_mean;    /* over the whole period */
  guint      agent_n;
  guint      agent_na;      /* N/A answers (excluded or not) */
  double     team_mean;
  guint      team_n;
  gboolean   team_known;    /* FALSE: the team's evaluations could not be read (team_n is 0) */
  GPtrArray *weeks;         /* KzQualityWeek*, oldest first; weeks with an answer of the agent or the team */
} KzQualityTrend;

void kz_quality_trend_free (KzQualityTrend *self);

/* The week (Monday 00:00 UTC) @at falls in. */
GDateTime *kz_quality_week_of (GDateTime *at);

/* Pure: one KzQualityTrend per criterion of @rubric, in the rubric's
 * order.  @agent_evaluations and @team_evaluations: KzEvaluation* with
 * their answers (the team's include the agent's own).  @versions maps a
 * rubric version (GINT_TO_POINTER) to its KzRubric*, to normalise each
 * answer on the scale it was given on; may be NULL, or lack a version: then
 * @rubric's criterion of the same id is used.  Answers to criteria @rubric
 * does not have are left out.  @team_evaluations NULL: the team is not
 * known (team_known FALSE), which is not the same as an empty array. */
GPtrArray *kz_quality_trends_compute (KzRubric   *rubric,
                                        GHashTable *versions,
                                        GPtrArray  *agent_evaluations,
                                        GPtrArray  *team_evaluations);

/* Reads what kz_quality_trends_compute() needs from @store for @agent_id
 * and rubric @rubric_id (its latest version) and computes it.  The team is
 * the agent's (KzPerson.team_id; none: the team figures stay empty).  On
 * a team server an agent's login reads only their own evaluations (row
 * security), so for such a login the team is not known rather than
 * counted from what it happens to see; a manager's or administrator's
 * login reads the team's.  Other evaluations the login may not read are
 * left out. */
GPtrArray *kz_quality_trends_load    (KzStore    *store,
                                        gint64      agent_id,
                                        const char *rubric_id,
                                        GError    **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KzQualityTrend, kz_quality_trend_free)

G_END_DECLS
