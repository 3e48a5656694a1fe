/* kz-impact.h — did coaching work?  statistics.md's difference in
 * differences, on plain numbers
 *
 * The unit is the agent; the outcome an agent's mean normalised value
 * (0–100) on the coached criterion in a window.  The caller gives each
 * agent's dated values and whether they were coached; this decides who
 * counts, and says what can honestly be said: an effect against a
 * comparison group, a plain change when there is none, or not enough data.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "kz-stats.h"

G_BEGIN_DECLS

typedef struct {
  gint64   agent_id;
  gboolean coached;
  GArray  *days;     /* gint: the day of each value, as days since an epoch of the caller's */
  GArray  *values;   /* double 0–100, one per day */
} KzImpactAgent;

KzImpactAgent *kz_impact_agent_new  (gint64   agent_id,
                                     gboolean coached);
void           kz_impact_agent_add  (KzImpactAgent *self,
                                     gint           day,
                                     double         value);
void           kz_impact_agent_free (KzImpactAgent *self);

typedef struct {
  gint     coaching_day;      /* the coaching date, same epoch as the values */
  guint    window_days;       /* W, default 30 */
  guint    gap_days;          /* G, default 7 */
  guint    min_evaluations;   /* m, default 3: in each window */
  gboolean match_pre_range;   /* comparison agents only within the coached pre range */
} KzImpactPlan;

void kz_impact_plan_init (KzImpactPlan *plan,
                          gint          coaching_day);

typedef enum {
  KZ_IMPACT_NOT_ENOUGH_DATA,  /* fewer than 3 coached agents: no number */
  KZ_IMPACT_CHANGE,           /* no comparison group (fewer than 3): the coached change, never "effect" */
  KZ_IMPACT_EFFECT,           /* difference in differences against the comparison group */
} KzImpactKind;

typedef struct {
  KzImpactKind kind;
  guint    n_coached;          /* agents with enough evaluations in both windows */
  guint    n_comparison;
  double   pre_coached, post_coached;        /* group means of the agents' window means */
  double   pre_comparison, post_comparison;  /* (0 when there is no comparison group) */
  double   effect;             /* EFFECT: mean Δ coached − mean Δ comparison; CHANGE: mean Δ coached */
  double   low, high;          /* 95% interval (Welch, or the paired t) */
  double   df;
  double   hedges_g;           /* EFFECT only, on the change scores */
  gboolean rtm_applies;        /* the coached started below the all-agent mean */
  double   rtm_expected;       /* (1 − ρ)(μ − coached pre mean), when it applies */
  double   rho;                /* correlation of agents' pre and post means, all agents */
} KzImpact;

/* @agents: KzImpactAgent*.  Windows: pre = [day − W, day), post =
 * [day + G, day + G + W). */
void  kz_impact_compute  (GPtrArray          *agents,
                          const KzImpactPlan *plan,
                          KzImpact           *out);

/* One sentence a manager understands, e.g. "Coached agents improved 8.2
 * points more than the others (95% interval 1.1 to 15.3; 6 coached, 14
 * compared)." — with the regression-to-the-mean warning when it applies. */
char *kz_impact_describe (const KzImpact *impact);

/* The figure a page puts first: "+4.8 points, 95% interval 0.4 to 9.1,
 * 12 coached vs 40 not coached"; for a change with no comparison group
 * "Change +4.8 points, 95% interval 0.4 to 9.1, 5 coached, nobody to
 * compare"; "Not enough data" otherwise. */
char *kz_impact_headline (const KzImpact *impact);

G_END_DECLS
