/* test-impact.c — difference in differences, worked out by hand
 *
 * Coaching on day 100; W 30, G 7, m 3: pre = days 70–99, post = 107–136.
 *
 *   agent  coached  pre (×3)  post (×3)  Δ
 *   T1     yes      50        60         10
 *   T2     yes      40        52         12
 *   T3     yes      60        68          8
 *   C1     no       70        72          2
 *   C2     no       60        61          1
 *   C3     no       80        83          3
 *   X      no       (2 only)  …          — fewer than m before: left out
 *
 * Effect = 10 − 2 = 8.  s²_T = (0 + 4 + 4) ÷ 2 = 4, s²_C = (0 + 1 + 1) ÷ 2 = 1;
 * SE = √(4/3 + 1/3) = √(5/3); Welch df = (5/3)² ÷ ((4/3)²/2 + (1/3)²/2) =
 * 50/17.  Hedges g: pooled s = √((2·4 + 2·1)/4) = √2.5, J = 1 − 3/15 = 0.8,
 * g = 0.8 × 8 ÷ √2.5 = 4.047715.
 * μ (all pre means) = 360/6 = 60 > coached pre 50: regression to the mean
 * applies; ρ of (pre, post) over the six = 0.966680 (an independent
 * script), drift = (1 − ρ) × 10 = 0.333196.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "kz-impact.h"

static KzImpactAgent *
agent (gint64 id, gboolean coached, double pre, double post)
{
  KzImpactAgent *a = kz_impact_agent_new (id, coached);

  for (gint day = 75; day < 100; day += 10)   /* 75, 85, 95 */
    kz_impact_agent_add (a, day, pre);
  for (gint day = 110; day < 137; day += 10)  /* 110, 120, 130 */
    kz_impact_agent_add (a, day, post);
  /* Outside the windows, never counted: before, in the gap, after. */
  kz_impact_agent_add (a, 60, 0);
  kz_impact_agent_add (a, 103, 0);
  kz_impact_agent_add (a, 140, 0);
  return a;
}

static GPtrArray *
centre (void)
{
  GPtrArray *agents = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_impact_agent_free);
  KzImpactAgent *x;

  g_ptr_array_add (agents, agent (1, TRUE, 50, 60));
  g_ptr_array_add (agents, agent (2, TRUE, 40, 52));
  g_ptr_array_add (agents, agent (3, TRUE, 60, 68));
  g_ptr_array_add (agents, agent (4, FALSE, 70, 72));
  g_ptr_array_add (agents, agent (5, FALSE, 60, 61));
  g_ptr_array_add (agents, agent (6, FALSE, 80, 83));
  x = kz_impact_agent_new (7, FALSE);
  kz_impact_agent_add (x, 80, 10);
  kz_impact_agent_add (x, 90, 10);
  for (gint day = 110; day < 137; day += 10)
    kz_impact_agent_add (x, day, 99);
  g_ptr_array_add (agents, x);
  return agents;
}

static void
test_effect (void)
{
  g_autoptr(GPtrArray) agents = centre ();
  g_autofree char *sentence = NULL;
  KzImpactPlan plan;
  KzImpact impact;
  double se = sqrt (5.0 / 3.0), df = 50.0 / 17.0;

  kz_impact_plan_init (&plan, 100);
  kz_impact_compute (agents, &plan, &impact);
  g_assert_cmpint (impact.kind, ==, KZ_IMPACT_EFFECT);
  g_assert_cmpuint (impact.n_coached, ==, 3);
  g_assert_cmpuint (impact.n_comparison, ==, 3);
  g_assert_cmpfloat_with_epsilon (impact.pre_coached, 50.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (impact.post_coached, 60.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (impact.pre_comparison, 70.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (impact.effect, 8.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (impact.df, df, 1e-9);
  /* t(0.975, df) from GSL, itself checked against printed tables in test-stats. */
  g_assert_cmpfloat_with_epsilon (impact.low, 8.0 - kz_t_975 (df) * se, 1e-9);
  g_assert_cmpfloat_with_epsilon (impact.high, 8.0 + kz_t_975 (df) * se, 1e-9);
  g_assert_cmpfloat_with_epsilon (impact.hedges_g, 0.8 * 8.0 / sqrt (2.5), 1e-9);
  g_assert_true (impact.rtm_applies);
  g_assert_cmpfloat_with_epsilon (impact.rho, 0.9666803969053537, 1e-9);
  g_assert_cmpfloat_with_epsilon (impact.rtm_expected, 0.3331960309464632, 1e-9);

  sentence = kz_impact_describe (&impact);
  g_assert_true (g_str_has_prefix (sentence, "Coached agents improved 8.0 points more than the 3 compared with them"));
  g_assert_nonnull (strstr (sentence, "3 coached"));
  g_assert_nonnull (strstr (sentence, "a rise of about 0.3 points was expected anyway"));
}

/* Comparison only within the coached pre range (40–60): C2 alone — no
 * comparison group, so the coached change: mean Δ 10, s = 2, n 3,
 * 10 ± t(0.975, 2) × 2/√3 = 10 ± 4.302653 × 1.154701. */
static void
test_change (void)
{
  g_autoptr(GPtrArray) agents = centre ();
  g_autofree char *sentence = NULL;
  KzImpactPlan plan;
  KzImpact impact;

  kz_impact_plan_init (&plan, 100);
  plan.match_pre_range = TRUE;
  kz_impact_compute (agents, &plan, &impact);
  g_assert_cmpint (impact.kind, ==, KZ_IMPACT_CHANGE);
  g_assert_cmpuint (impact.n_comparison, ==, 1);
  g_assert_cmpfloat_with_epsilon (impact.effect, 10.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (impact.low, 10.0 - 4.302653 * 2.0 / sqrt (3.0), 1e-5);
  g_assert_cmpfloat_with_epsilon (impact.high, 10.0 + 4.302653 * 2.0 / sqrt (3.0), 1e-5);
  sentence = kz_impact_describe (&impact);
  g_assert_true (g_str_has_prefix (sentence, "Coached agents’ scores rose 10.0 points"));
  g_assert_nonnull (strstr (sentence, "a change, not proof"));
  g_assert_null (strstr (sentence, "effect"));
}

static void
test_not_enough (void)
{
  g_autoptr(GPtrArray) agents = centre ();
  g_autofree char *sentence = NULL;
  KzImpactPlan plan;
  KzImpact impact;

  /* m = 4: nobody has four evaluations in a window. */
  kz_impact_plan_init (&plan, 100);
  plan.min_evaluations = 4;
  kz_impact_compute (agents, &plan, &impact);
  g_assert_cmpint (impact.kind, ==, KZ_IMPACT_NOT_ENOUGH_DATA);
  g_assert_cmpuint (impact.n_coached, ==, 0);

  /* Two coached agents only. */
  g_ptr_array_remove_index (agents, 0);
  kz_impact_plan_init (&plan, 100);
  kz_impact_compute (agents, &plan, &impact);
  g_assert_cmpint (impact.kind, ==, KZ_IMPACT_NOT_ENOUGH_DATA);
  g_assert_cmpuint (impact.n_coached, ==, 2);
  sentence = kz_impact_describe (&impact);
  g_assert_true (g_str_has_prefix (sentence, "Not enough data: 2 coached agents"));
}

/* The page's first line, from given figures (not computed here). */
static void
test_headline (void)
{
  KzImpact impact = { 0 };
  g_autofree char *effect = NULL;
  g_autofree char *change = NULL;
  g_autofree char *none = NULL;

  impact.kind = KZ_IMPACT_EFFECT;
  impact.effect = 4.8;
  impact.low = 0.4;
  impact.high = 9.1;
  impact.n_coached = 12;
  impact.n_comparison = 40;
  effect = kz_impact_headline (&impact);
  g_assert_cmpstr (effect, ==, "+4.8 points, 95% interval 0.4 to 9.1, 12 coached vs 40 not coached");

  impact.kind = KZ_IMPACT_CHANGE;
  impact.effect = -2.26;
  impact.low = -5.0;
  impact.high = 0.5;
  impact.n_coached = 5;
  change = kz_impact_headline (&impact);
  g_assert_cmpstr (change, ==, "Change -2.3 points, 95% interval -5.0 to 0.5, 5 coached, nobody to compare");

  impact.kind = KZ_IMPACT_NOT_ENOUGH_DATA;
  none = kz_impact_headline (&impact);
  g_assert_cmpstr (none, ==, "Not enough data");
}

int
main (int argc, char **argv)
{
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/impact/effect", test_effect);
  g_test_add_func ("/impact/change", test_change);
  g_test_add_func ("/impact/not-enough-data", test_not_enough);
  g_test_add_func ("/impact/headline", test_headline);
  return g_test_run ();
}
