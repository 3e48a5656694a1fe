/* kz-dashboard.h — the team overview and the agent page, from the roll-ups
 *
 * What a manager reads in ten seconds (issue 9): the quality score by week
 * with its 95% band, the pass rate, the critical score, the biggest gaps,
 * review coverage, how many reviews agents acknowledged or disputed, and the
 * latest eNPS with its interval — for one team (or everyone) over whole
 * weeks.  Scores and rates come from the roll-ups (kz-rollup.h): a period
 * is the weeks holding its first and last day, Monday 00:00 UTC to the
 * Monday after the last week, and an evaluation falls in the week it was
 * created, as the roll-ups count it; agents are grouped by their current
 * team.  Every figure can say which evaluations it rests on
 * (kz_dashboard_evaluations()), read from the raw rows over the same weeks.
 *
 * The score band: evaluations of one agent are not independent (an agent
 * is consistently good or weak), so the interval treats agents as clusters
 * — the ratio estimator's variance over agents, Σ (yᵢ − m·nᵢ)² · k ÷ (k − 1)
 * ÷ (Σ nᵢ)², with yᵢ the sum and nᵢ the count of agent i's scored
 * evaluations and m = Σ yᵢ ÷ Σ nᵢ, and t(0.975, k − 1).  It needs two
 * agents with scored evaluations; one agent has no band.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kz-chart-data.h"
#include "kz-stats.h"
#include "kz-store.h"

G_BEGIN_DECLS

typedef struct {
  int      week;            /* Monday's day number (kz-rollup.h); 0 for a total */
  guint    n_agents;        /* agents with a scored evaluation */
  gint64   n_evaluations;
  gint64   n_scored;
  gint64   n_passed;
  gint64   n_auto_failed;
  double   sum_final;
  gboolean has_mean;        /* n_scored > 0 */
  double   mean;            /* 0–100 */
  gboolean has_interval;    /* two or more agents */
  double   low, high;       /* the 95% band (clusters: agents) */
} KzDashboardWeek;

/* Pure.  Sums @rows (KzRollupWeek*, as kz_store_rollup_team_weeks() gives
 * them: by week, one row per agent and week) into one KzDashboardWeek per
 * week, oldest first. */
GArray  *kz_dashboard_week_trend (GPtrArray       *rows);
/* Pure.  The whole period: rows summed per agent first (the clusters). */
void     kz_dashboard_total      (GPtrArray       *rows,
                                  KzDashboardWeek *out);
/* n_passed ÷ n_scored × 100, and 100 × (n_evaluations − n_auto_failed) ÷
 * n_evaluations (the share with no critical failure); FALSE when the
 * denominator is 0. */
gboolean kz_dashboard_pass_rate      (const KzDashboardWeek *w,
                                      double                *percent);
gboolean kz_dashboard_critical_score (const KzDashboardWeek *w,
                                      double                *percent);

typedef struct {
  char    *criterion_id;
  char    *title;
  char    *rubric_id;
  double   weight;
  double   target;          /* 0–100: target="…", else the rubric's pass mark */
  double   mean;            /* 0–100: roll-up Σ v ÷ applicable answers */
  gint64   n;               /* applicable answers */
  double   gap;             /* target − mean */
  double   priority;        /* gap × weight */
} KzDashboardGap;

void kz_dashboard_gap_free (KzDashboardGap *self);

/* Which evaluations a figure rests on. */
typedef enum {
  KZ_DRILL_EVALUATIONS,     /* every counted one: critical score, acknowledgement and dispute rates */
  KZ_DRILL_SCORED,          /* with a final score: the quality score and pass rate */
  KZ_DRILL_PASSED,
  KZ_DRILL_CRITERION,       /* with an applicable answer to the criterion (a gap) */
} KzDrillKind;

typedef struct {
  gint64   agent_id;
  char    *name;
  gint64   n_evaluations;
  gint64   n_scored;
  gint64   n_passed;
  double   mean;                  /* 0–100; NAN when nothing was scored */
} KzDashboardAgent;

void kz_dashboard_agent_free (KzDashboardAgent *self);

typedef struct {
  gint64           team_id;       /* KZ_ROLLUP_ANY_TEAM, 0 or a team */
  gint64           agent_id;      /* 0, or one agent (the agent page) */
  GDate            from, to;      /* as asked */
  GDateTime       *start, *end;   /* the whole weeks: [start, end) */
  KzDashboardWeek  total;
  GArray          *weeks;         /* KzDashboardWeek, oldest first */
  GPtrArray       *gaps;          /* KzDashboardGap*, biggest gap × weight first; only gaps > 0 */
  GPtrArray       *criteria;      /* KzDashboardGap* of every criterion with answers (agent page), by title */
  GPtrArray       *agents;        /* KzDashboardAgent* with evaluations in the period, by name (team overview) */
  guint            n_interactions, n_reviewed;   /* coverage over [start, end) */
  guint            n_listed;      /* evaluations counted for the two rates below */
  guint            n_acknowledged, n_disputed;   /* acknowledged (any revision), ever disputed */
  guint            n_acknowledged_current;       /* their current revision acknowledged */
  guint            n_dispute_open;               /* a dispute open now */
  gboolean         has_enps;
  KzEnps           enps;
  char            *enps_round;    /* the round's title */
} KzTeamOverview;

void             kz_team_overview_free (KzTeamOverview *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KzTeamOverview, kz_team_overview_free)

/* Reads the overview of @team_id (or, with @agent_id, of one agent) over
 * the weeks holding @from … @to. */
KzTeamOverview  *kz_team_overview_load (KzStore     *store,
                                        gint64       team_id,
                                        gint64       agent_id,
                                        const GDate *from,
                                        const GDate *to,
                                        GError     **error);

/* The evaluations (KzEvaluationSummary*, newest first) a figure of
 * @overview rests on: submitted, not calibration, created in its weeks, of
 * its team's (or agent's) agents; @criterion_id for KZ_DRILL_CRITERION
 * (an applicable answer).  At most @limit lines (0: all): the newest; the
 * ids of all of them (gint64, ascending) in *@all_ids when not NULL, so a
 * list says "1,000 of 12,345".  Only @overview's team_id, agent_id, start
 * and end are read. */
#define KZ_DASHBOARD_DRILL_MAX_ROWS 1000
GPtrArray       *kz_dashboard_evaluations (KzStore              *store,
                                           const KzTeamOverview *overview,
                                           KzDrillKind           kind,
                                           const char           *criterion_id,
                                           guint                 limit,
                                           GArray              **all_ids,
                                           GError              **error);

/* The figures as the page and the report show them, formatted once so
 * both say the same. */
typedef struct {
  const char  *id;          /* "score", "pass-rate", "critical", "coverage", "acknowledged", "disputed", "enps" */
  char        *label;
  char        *value;       /* "84.0", "92.5%", "—" */
  char        *detail;      /* what it rests on: "95% 81.2–86.8 · 120 evaluations" */
  gboolean     drills;      /* has evaluations behind it */
  KzDrillKind  drill;
} KzDashboardFigure;

void       kz_dashboard_figure_free (KzDashboardFigure *self);
/* KzDashboardFigure*, in the order shown. */
GPtrArray *kz_dashboard_figures     (const KzTeamOverview *overview);

/* The weekly score trend as chart data (what the page and the report draw). */
KzChartData     *kz_dashboard_trend_chart (const KzTeamOverview *overview);

G_END_DECLS
