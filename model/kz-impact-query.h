/* kz-impact-query.h — the impact of coaching on one criterion, from the store
 *
 * Reads the dated answers of a rubric criterion (kz_store_criterion_answers()),
 * turns each into 100 × its normalised value (kz_criterion_normalise(), in
 * the rubric version the evaluation used; N/A answers are left out), groups
 * them per agent by the evaluation's local day, and hands them to
 * kz_impact_compute().
 *
 * Who was coached is the caller's to say (@coached): names given by hand
 * (kaizenctl --coached), or the stored plans, kz_impact_coached_from_plans()
 * (what the Did It Work? page always uses).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kz-impact.h"
#include "kz-store.h"

G_BEGIN_DECLS

/* The day number kz_impact_compute() uses for @date: its Julian day. */
gint     kz_impact_day_of_date       (const GDate *date);

/* @plan: windows and minimum (its coaching_day is set from @date);
 * @coached: gint64 agent ids.  The rubric's latest version must have the
 * criterion (KZ_ERROR_NOT_FOUND). */
gboolean kz_impact_for_criterion     (KzStore            *store,
                                      const char         *rubric_id,
                                      const char         *criterion_id,
                                      const GDate        *date,
                                      const KzImpactPlan *plan,
                                      GArray             *coached,
                                      KzImpact           *out,
                                      GError            **error);

/* The same, leaving out the agents in @excluded (gint64 ids, may be NULL):
 * neither coached nor compared. */
gboolean kz_impact_for_criterion_excluding (KzStore            *store,
                                      const char         *rubric_id,
                                      const char         *criterion_id,
                                      const GDate        *date,
                                      const KzImpactPlan *plan,
                                      GArray             *coached,
                                      GArray             *excluded,
                                      KzImpact           *out,
                                      GError            **error);

/* Who was coached on the criterion at @date — the one rule, used by the
 * Did It Work? page and `kaizenctl report impact` alike.  From the stored
 * plans (kz_store_list_plans()) marked done that address the criterion,
 * each an act of coaching of an agent on a local day:
 *   - a coaching session (1:1): its agent, on the day it started (else the
 *     day it was marked done, when it was never scheduled);
 *   - an eLearning assignment: its agent, on the day it was completed
 *     (an LMS completion marks it done at the LMS's time);
 *   - a group training: every attendee not marked absent, on the day of
 *     each of its occurrences (kz_plan_occurrences(): recurrence, minus the
 *     dropped ones).
 * Coached: an act from @date to @date + G − 1 (G = @plan's gap days; just
 * @date when G is 0) — after the pre window has closed and before the post
 * window opens.  Appended to @coached (gint64, ascending, each agent once).
 * Agents with acts only at other times within the windows,
 * [@date − W, @date + G + W), are appended to @excluded (may be NULL):
 * statistics.md compares only agents not coached on the criterion in the
 * period. */
gboolean kz_impact_coached_from_plans (KzStore            *store,
                                       const char         *rubric_id,
                                       const char         *criterion_id,
                                       const GDate        *date,
                                       const KzImpactPlan *plan,
                                       GArray             *coached,
                                       GArray             *excluded,
                                       GError            **error);

/* The rubric (latest version) with @criterion_id: the only one, else
 * KZ_ERROR_NOT_FOUND (none) or KZ_ERROR_INVALID_INPUT (several: name one). */
char    *kz_impact_find_rubric       (KzStore     *store,
                                      const char  *criterion_id,
                                      GError     **error);

G_END_DECLS
