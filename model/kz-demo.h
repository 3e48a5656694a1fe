/* kz-demo.h — a small but believable contact centre, for trying Kaizen out
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kz-store.h"

G_BEGIN_DECLS

typedef struct {
  guint n_units;
  guint n_people;
  guint n_rubrics;
  guint n_principles;  /* CX principles */
  guint n_personas;
  guint n_interactions;
  guint n_evaluations;
  guint n_messages;      /* emails in the email interactions' threads */
  guint n_calls;         /* call interactions with a recording and transcript */
  guint n_ratings;       /* customers' CSAT or NPS ratings */
  guint n_assignments;   /* interactions in reviewers' queues */
  guint n_survey_rounds; /* pulse rounds: three closed, one open */
  guint n_survey_answers;/* anonymous answers in them */
  guint n_ideas;         /* on the ideas board, one merged into another */
  guint n_acknowledgements;
  guint n_disputes;      /* two, resolved: one upheld, one changed (a second revision) */
  guint n_calibration_sessions;     /* one closed, one open */
  guint n_calibration_evaluations;  /* not in n_evaluations: they are no agent's */
  guint n_plans;         /* coaching sessions, group training, eLearning assignments */
  guint n_proposals;     /* pending, from the recommendation rules */
} KzDemoCounts;

/* Fills @store (in one transaction) with 1 organisation, 2 sites, 5 teams,
 * 40 agents, reviewers, managers, the shipped rubrics from @rubrics_dir,
 * a few hundred interactions and evaluations.  Agents have stable strengths
 * and weaknesses per criterion, so some really are weaker on some criteria.
 * Every email interaction has a thread of 2–5 messages, every call one of
 * the recorded calls of kz_demo_calls_dir() with its transcript; about a
 * third of the interactions have the customer's rating, and each reviewer
 * has a queue of interactions still to review.  Staff voice: a fortnightly
 * pulse plan for everyone (k 5) with three closed rounds, ending on the
 * demo's last day, and one open today, answered by most teams (Online help
 * by too few to show); and an ideas board with an idea in every status,
 * votes, comments, a manager's reply and a merged duplicate.  Agents
 * answer back: a few acknowledgements and two disputes, resolved (one
 * upheld, one changed into a second revision); and reviewers calibrate: a
 * closed session of three reviewers on three interactions, and one open.
 * Coaching (coaching.md): a training catalog (three eLearning items, two
 * courses) on the shipped rubrics' criteria, two recommendation rules and
 * the pending proposals they make on the demo's last day; five phone agents
 * weak on empathy coached 1:1 on 1 October 2026 (done, with evidence,
 * agenda, action items, acknowledged), whose empathy really improves after
 * it while five comparable agents, not coached, stay as they were — each
 * with ten more reviewed calls around that day, so statistics.md's windows
 * hold enough (counts->n_interactions and n_evaluations include them); a
 * weekly group training for the five from 24 November 2026 with one date
 * dropped; two eLearning assignments, one overdue.
 * The same @seed gives the same data.  Refuses a store that already has
 * people (KZ_ERROR_EXISTS). */
gboolean kz_demo_fill             (KzStore      *store,
                                   const char   *rubrics_dir,
                                   guint32       seed,
                                   KzDemoCounts *counts,
                                   GError      **error);

/* A centre of any size, fast (../shared/spec/scale.md: 1M evaluations in
 * under a minute): about one agent per 500 evaluations (2,000 for 1M) in
 * teams of 20 under sites of up to 20 teams, a manager per team, a reviewer
 * per 25 agents, and @n_evaluations submitted evaluations over the five
 * years before today, each with every criterion of its team's rubric
 * answered.  Agents have a stable ability and a stable strength or
 * weakness per criterion; reviewers a stable leniency; about four agents
 * in ten are coached on their weakest criterion half-way, and for two
 * thirds of them it works (the criterion rises by about a third of the
 * scale from then on).  No interactions, content or history: this is data
 * for reports and benchmarks.  One transaction; rows go in through
 * kz_store_bulk_add_evaluations().  Same @seed, same centre (dates are
 * counted back from today).  Refuses a store that already has people. */
gboolean kz_demo_fill_scale       (KzStore      *store,
                                   const char   *rubrics_dir,
                                   guint64       n_evaluations,
                                   guint32       seed,
                                   KzDemoCounts *counts,
                                   GError      **error);

/* The shipped rubrics of @dir (NULL: kz_demo_rubrics_dir()), by file name. */
GPtrArray *kz_demo_load_rubrics   (const char   *dir,
                                   GError      **error);

/* The directory of shipped rubrics: $KAIZEN_RUBRICS_DIR if set, else the
 * installed one, else the source tree's (for running from the build dir). */
const char *kz_demo_rubrics_dir   (void);

/* The directory of the demo's recorded calls (NAME.ogg, NAME.vtt and their
 * index calls.ini): $KAIZEN_DEMO_CALLS_DIR if set, else the installed one,
 * else the source tree's data/demo-calls. */
const char *kz_demo_calls_dir     (void);

G_END_DECLS
