/* kz-sampling.h — which interactions get reviewed, and by whom
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kz-store.h"

G_BEGIN_DECLS

typedef struct {
  GDateTime *from;           /* the period, [from, to) */
  GDateTime *to;
  guint      per_agent;      /* the quota: N interactions an agent (a stratum) */
  gboolean   per_channel;    /* N for each agent's calls and N for their emails */
  guint32    seed;           /* same seed, same data → same sample */
  GArray    *reviewers;      /* gint64 person ids; never an agent's own work */
} KzSamplePlan;

typedef struct {
  guint n_candidates;   /* unassigned, unreviewed interactions in the period */
  guint n_sampled;
  guint n_short;        /* strata that had fewer candidates than the quota */
} KzSampleResult;

/* Draws the sample — per agent (and channel), uniformly at random among
 * the interactions of the period that nobody was assigned or reviewed yet —
 * and deals it out to the reviewers so their open queues stay level.  One
 * transaction.  Reproducible: candidates are ordered by id before a GRand
 * seeded with the plan's seed shuffles them. */
gboolean kz_sample_and_assign (KzStore             *store,
                               const KzSamplePlan  *plan,
                               KzSampleResult      *result,
                               GError             **error);

/* The totals line of a coverage table: the sums of @rows (KzCoverage*)
 * into @total, whose agent_id is 0 and agent_name NULL.  Its reviewed share
 * is then the pooled one (all reviews over all interactions), not an
 * average of the agents' shares. */
void     kz_coverage_totals         (GPtrArray           *rows,
                                     KzCoverage          *total);
/* 100 × @part ÷ @whole in *@percent; FALSE (and 0) when @whole is 0, where
 * a share is not defined. */
gboolean kz_coverage_percent        (guint                part,
                                     guint                whole,
                                     double              *percent);
/* The same as people read it: "33.3%", one decimal; "—" when not defined. */
char    *kz_coverage_format_percent (guint                part,
                                     guint                whole);

G_END_DECLS
