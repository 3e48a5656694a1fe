/* test-stats.c — eNPS intervals, Krippendorff's α, Welch and t intervals
 *
 * Expected values: by hand where short (worked out in the comments), from
 * published tables (t quantiles), from Krippendorff's own worked example
 * (Computing Krippendorff's Alpha-Reliability, 2011: α = 0.743 nominal,
 * 0.815 ordinal, 0.849 interval), and from an independent script that
 * computes α by its pairwise definition — the mean within-unit disagreement
 * over the mean disagreement of all pairs of values — rather than the
 * coincidence matrix the program uses.  That script's numbers are written
 * out here with the vectors they came from.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "kz-stats.h"

#define M NAN
#define EPS 1e-9

/* ---- eNPS ---------------------------------------------------------------- */

/* Adjusted Wald by hand: n' = n + 3, p' = (P + .75)/n', d' = (D + .75)/n',
 * e' = p' − d', SE = √((p' + d' − e'²)/n'), 100 × (e' ± 1.96 SE). */
static void
test_enps_values (void)
{
  KzEnps e;
  int scores[] = { 10, 9, 9, 10, 9, 8, 7, 3, 0, 6 };   /* P 5, passives 2, D 3 */

  kz_enps_compute (NULL, 0, &e);
  g_assert_false (e.defined);
  g_assert_cmpuint (e.n, ==, 0);

  kz_enps_compute (scores, G_N_ELEMENTS (scores), &e);
  g_assert_true (e.defined);
  g_assert_cmpuint (e.n, ==, 10);
  g_assert_cmpuint (e.promoters, ==, 5);
  g_assert_cmpuint (e.passives, ==, 2);
  g_assert_cmpuint (e.detractors, ==, 3);
  /* 100 × (5 − 3)/10 = 20; n' = 13, p' = 5.75/13, d' = 3.75/13,
   * e' = 2/13 = 0.153846, SE = √((9.5/13 − 0.023669)/13) = 0.233222:
   * 100 × (0.153846 ∓ 0.457114) = −30.33 … 61.10 — statistics.md's "about
   * ±46" at n = 10, eNPS +20. */
  g_assert_cmpfloat_with_epsilon (e.enps, 20.0, EPS);
  g_assert_cmpfloat_with_epsilon (e.low, -30.326834, 1e-5);
  g_assert_cmpfloat_with_epsilon (e.high, 61.096065, 1e-5);
  g_assert_cmpfloat_with_epsilon (e.se, 23.322168, 1e-5);
  g_assert_cmpfloat_with_epsilon ((e.high - e.low) / 2, 45.71, 0.01);

  /* All promoters (5): 100; p' = 5.75/8, d' = .75/8, e' = .625,
   * SE = √((.8125 − .390625)/8) = .229640; high 107.5 clipped to 100. */
  kz_enps_from_counts (5, 0, 0, &e);
  g_assert_cmpfloat_with_epsilon (e.enps, 100.0, EPS);
  g_assert_cmpfloat_with_epsilon (e.low, 17.490626, 1e-5);
  g_assert_cmpfloat (e.high, ==, 100.0);

  /* All detractors (4): −100; p' = .75/7, d' = 4.75/7, e' = −4/7,
   * SE = .256120: −157.3 clipped to −100 … −6.94. */
  kz_enps_from_counts (0, 0, 4, &e);
  g_assert_cmpfloat_with_epsilon (e.enps, -100.0, EPS);
  g_assert_cmpfloat (e.low, ==, -100.0);
  g_assert_cmpfloat_with_epsilon (e.high, -6.943256, 1e-5);

  /* n = 1, one passive: 0; p' = d' = .75/4, e' = 0, SE = √(.375/4) =
   * .306186: ±60.01. */
  kz_enps_from_counts (0, 1, 0, &e);
  g_assert_true (e.defined);
  g_assert_cmpfloat_with_epsilon (e.enps, 0.0, EPS);
  g_assert_cmpfloat_with_epsilon (e.low, -60.012499, 1e-5);
  g_assert_cmpfloat_with_epsilon (e.high, 60.012499, 1e-5);

  /* n = 1, one promoter: p' = 1.75/4, d' = .75/4, e' = .25, SE = .375. */
  kz_enps_from_counts (1, 0, 0, &e);
  g_assert_cmpfloat_with_epsilon (e.enps, 100.0, EPS);
  g_assert_cmpfloat_with_epsilon (e.low, -48.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (e.high, 98.5, 1e-9);
}

static void
test_enps_change (void)
{
  KzEnps a, b, none;
  double change, se;
  gboolean significant;

  /* 12/5/3 (n 20): 45, SE 15.663197; 6/6/8: −10, SE 17.021107.
   * Change −55, SE_diff = √(15.663² + 17.021²) = 23.131231: 55 ≥ 45.34,
   * significant. */
  kz_enps_from_counts (12, 5, 3, &a);
  kz_enps_from_counts (6, 6, 8, &b);
  g_assert_cmpfloat_with_epsilon (a.enps, 45.0, EPS);
  g_assert_cmpfloat_with_epsilon (a.se, 15.663197, 1e-5);
  g_assert_true (kz_enps_change (&a, &b, &change, &se, &significant));
  g_assert_cmpfloat_with_epsilon (change, -55.0, EPS);
  g_assert_cmpfloat_with_epsilon (se, 23.131231, 1e-5);
  g_assert_true (significant);

  /* The same small change on both sides of an n = 10 round is noise. */
  kz_enps_from_counts (5, 2, 3, &a);
  kz_enps_from_counts (6, 1, 3, &b);    /* 30 */
  g_assert_true (kz_enps_change (&a, &b, &change, &se, &significant));
  g_assert_cmpfloat_with_epsilon (change, 10.0, EPS);
  g_assert_false (significant);

  kz_enps_from_counts (0, 0, 0, &none);
  g_assert_false (kz_enps_change (&a, &none, &change, &se, &significant));
  g_assert_false (significant);
}

/* ---- Krippendorff's α ---------------------------------------------------- */

static void
test_alpha_spec_vector (void)
{
  /* statistics.md: 3 reviewers, binary, one missing.  By hand: o_11 = 6,
   * o_00 = 4, o_01 = o_10 = 2; n_1 = 8, n_0 = 6, n = 14;
   * α = 1 − 13 × 4 ÷ (2 × 8 × 6) = 1 − 52/96 = 0.458333.
   * Unordered pairs: 3 + 1 + 3 + 1 + 1 = 9 agree of 3 + 3 + 3 + 1 + 3 = 13. */
  const double v[] = {
    1, 1, 1,
    1, 0, 1,
    0, 0, 0,
    1, 1, M,
    0, 1, 0,
  };
  KzAgreement a;

  kz_krippendorff_alpha (v, 5, 3, KZ_ALPHA_NOMINAL, &a);
  g_assert_true (a.defined);
  g_assert_cmpfloat_with_epsilon (a.alpha, 1.0 - 52.0 / 96.0, EPS);
  g_assert_cmpuint (a.n_units, ==, 5);
  g_assert_cmpuint (a.n_values, ==, 14);
  g_assert_cmpuint (a.n_pairs, ==, 13);
  g_assert_cmpuint (a.n_agreeing_pairs, ==, 9);
  g_assert_cmpfloat_with_epsilon (a.raw_agreement, 9.0 / 13.0, EPS);
  g_assert_cmpfloat_with_epsilon (a.raw_agreement * 100, 69.2, 0.05);
}

static void
test_alpha_krippendorff_example (void)
{
  /* Krippendorff (2011): four observers, twelve units, values 1–5. */
  const double v[] = {
    /* A  B  C  D */
    1, 1, M, 1,
    2, 2, 3, 2,
    3, 3, 3, 3,
    3, 3, 3, 3,
    2, 2, 2, 2,
    1, 2, 3, 4,
    4, 4, 4, 4,
    1, 1, 2, 1,
    2, 2, 2, 2,
    M, 5, 5, 5,
    M, M, 1, 1,
    M, 3, M, M,     /* one value: left out */
  };
  KzAgreement a;

  kz_krippendorff_alpha (v, 12, 4, KZ_ALPHA_NOMINAL, &a);
  g_assert_cmpuint (a.n_units, ==, 11);
  g_assert_cmpuint (a.n_values, ==, 40);
  g_assert_cmpfloat_with_epsilon (a.alpha, 0.743421052631579, 1e-9);   /* published 0.743 */
  kz_krippendorff_alpha (v, 12, 4, KZ_ALPHA_ORDINAL, &a);
  g_assert_cmpfloat_with_epsilon (a.alpha, 0.8153875037548813, 1e-9);  /* published 0.815 */
  kz_krippendorff_alpha (v, 12, 4, KZ_ALPHA_INTERVAL, &a);
  g_assert_cmpfloat_with_epsilon (a.alpha, 0.8491071428571428, 1e-9);  /* published 0.849 */
}

static void
test_alpha_more_vectors (void)
{
  KzAgreement a;

  /* Interval by hand: units (1,2), (3,3).  o_12 = o_21 = 1, o_33 = 2;
   * n_1 = n_2 = 1, n_3 = 2, n = 4.  Σ o δ² = 2; Σ n_c n_k δ² over c ≠ k =
   * 2 × (1·1·1 + 1·2·4 + 1·2·1) = 22.  α = 1 − 3 × 2/22 = 0.727273.
   * A third unit with one value (5, –) changes nothing. */
  {
    const double v[] = { 1, 2,  3, 3,  5, M };

    kz_krippendorff_alpha (v, 3, 2, KZ_ALPHA_INTERVAL, &a);
    g_assert_true (a.defined);
    g_assert_cmpuint (a.n_units, ==, 2);
    g_assert_cmpfloat_with_epsilon (a.alpha, 1.0 - 6.0 / 22.0, EPS);
    kz_krippendorff_alpha (v, 2, 2, KZ_ALPHA_INTERVAL, &a);
    g_assert_cmpfloat_with_epsilon (a.alpha, 1.0 - 6.0 / 22.0, EPS);
  }

  /* A 1–5 scale, three reviewers, missing values (the independent script):
   * nominal 0.381443, ordinal 0.843504, interval 0.863326. */
  {
    const double v[] = {
      1, 2, 2,
      3, 3, M,
      4, 5, 4,
      2, 2, 2,
      5, 4, M,
      1, 1, 2,
    };

    kz_krippendorff_alpha (v, 6, 3, KZ_ALPHA_NOMINAL, &a);
    g_assert_cmpfloat_with_epsilon (a.alpha, 0.38144329896907214, 1e-9);
    kz_krippendorff_alpha (v, 6, 3, KZ_ALPHA_ORDINAL, &a);
    g_assert_cmpfloat_with_epsilon (a.alpha, 0.8435039370078741, 1e-9);
    kz_krippendorff_alpha (v, 6, 3, KZ_ALPHA_INTERVAL, &a);
    g_assert_cmpfloat_with_epsilon (a.alpha, 0.8633257403189066, 1e-9);
    /* pairs: 3+1+3+3+1+3 = 14; agreeing 1+1+1+3+0+1 = 7 */
    g_assert_cmpuint (a.n_pairs, ==, 14);
    g_assert_cmpuint (a.n_agreeing_pairs, ==, 7);
  }

  /* Perfect agreement with variation: α = 1. */
  {
    const double v[] = { 0, 0,  1, 1,  1, 1 };

    kz_krippendorff_alpha (v, 3, 2, KZ_ALPHA_NOMINAL, &a);
    g_assert_true (a.defined);
    g_assert_cmpfloat_with_epsilon (a.alpha, 1.0, EPS);
  }

  /* No variation at all: agreement cannot be told from chance. */
  {
    const double v[] = { 1, 1,  1, 1 };

    kz_krippendorff_alpha (v, 2, 2, KZ_ALPHA_NOMINAL, &a);
    g_assert_false (a.defined);
    g_assert_cmpuint (a.n_units, ==, 2);
    g_assert_cmpfloat_with_epsilon (a.raw_agreement, 1.0, EPS);
  }

  /* Nothing pairable: every unit has one value or none. */
  {
    const double v[] = { 1, M,  M, M };

    kz_krippendorff_alpha (v, 2, 2, KZ_ALPHA_NOMINAL, &a);
    g_assert_false (a.defined);
    g_assert_cmpuint (a.n_units, ==, 0);
  }
}

static void
test_metric_names (void)
{
  KzAlphaMetric m;

  for (KzAlphaMetric k = KZ_ALPHA_NOMINAL; k <= KZ_ALPHA_INTERVAL; k++)
    {
      g_assert_true (kz_alpha_metric_from_string (kz_alpha_metric_to_string (k), &m));
      g_assert_cmpint (m, ==, k);
    }
  g_assert_false (kz_alpha_metric_from_string ("ratio", &m));
}

/* ---- t, Welch, mean intervals ------------------------------------------- */

static void
test_t_quantiles (void)
{
  /* Printed tables of Student's t, two-sided 95%. */
  g_assert_cmpfloat_with_epsilon (kz_t_975 (1), 12.7062, 1e-4);
  g_assert_cmpfloat_with_epsilon (kz_t_975 (10), 2.2281, 1e-4);
  g_assert_cmpfloat_with_epsilon (kz_t_975 (30), 2.0423, 1e-4);
  g_assert_cmpfloat_with_epsilon (kz_t_975 (1e6), 1.9600, 1e-4);
}

static void
test_welch (void)
{
  /* Wikipedia's Welch example 1: means 20.82 and 22.99, SE 0.882425,
   * df 24.99, t −2.455 (the independent script); t(0.975, 25) = 2.0595. */
  const double a1[] = { 27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1, 21.9, 22.6, 23.1, 19.6, 19.0, 21.7, 21.4 };
  const double a2[] = { 27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0, 24.8, 20.2, 21.9, 22.1, 22.9, 20.5, 24.4 };
  const double one[] = { 3.0 };
  KzWelch w;

  kz_welch (a1, G_N_ELEMENTS (a1), a2, G_N_ELEMENTS (a2), &w);
  g_assert_true (w.defined);
  g_assert_cmpuint (w.n1, ==, 15);
  g_assert_cmpfloat_with_epsilon (w.diff, -2.166666666666668, 1e-9);
  g_assert_cmpfloat_with_epsilon (w.se, 0.8824245100137552, 1e-9);
  g_assert_cmpfloat_with_epsilon (w.df, 24.98852929023142, 1e-6);
  g_assert_cmpfloat_with_epsilon (w.low, -2.166667 - 2.0595 * 0.882425, 1e-3);
  g_assert_cmpfloat_with_epsilon (w.high, -2.166667 + 2.0595 * 0.882425, 1e-3);
  /* Hedges g: J = 1 − 3/111, pooled sd √((14 s₁² + 14 s₂²)/28). */
  g_assert_cmpfloat_with_epsilon (w.hedges_g, -0.872337785549763, 1e-9);

  kz_welch (a1, G_N_ELEMENTS (a1), one, 1, &w);
  g_assert_false (w.defined);
}

static void
test_mean_interval (void)
{
  /* 2, 4, 4, 4, 5, 5, 7, 9: mean 5, s = √(32/7) = 2.138090;
   * t(0.975, 7) = 2.3646 (tables): 5 ± 2.3646 × 2.138090 ÷ √8 = 5 ± 1.78745. */
  const double v[] = { 2, 4, 4, 4, 5, 5, 7, 9 };
  KzMeanInterval m;

  kz_mean_interval (v, G_N_ELEMENTS (v), &m);
  g_assert_true (m.defined);
  g_assert_cmpfloat_with_epsilon (m.mean, 5.0, EPS);
  g_assert_cmpfloat_with_epsilon (m.sd, sqrt (32.0 / 7.0), EPS);
  g_assert_cmpfloat_with_epsilon (m.low, 5 - 1.78745, 1e-4);
  g_assert_cmpfloat_with_epsilon (m.high, 5 + 1.78745, 1e-4);

  kz_mean_interval (v, 1, &m);
  g_assert_false (m.defined);
  g_assert_cmpfloat (m.mean, ==, 2.0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/stats/enps/values", test_enps_values);
  g_test_add_func ("/stats/enps/change", test_enps_change);
  g_test_add_func ("/stats/alpha/spec-vector", test_alpha_spec_vector);
  g_test_add_func ("/stats/alpha/krippendorff-example", test_alpha_krippendorff_example);
  g_test_add_func ("/stats/alpha/more-vectors", test_alpha_more_vectors);
  g_test_add_func ("/stats/alpha/metric-names", test_metric_names);
  g_test_add_func ("/stats/t-quantiles", test_t_quantiles);
  g_test_add_func ("/stats/welch", test_welch);
  g_test_add_func ("/stats/mean-interval", test_mean_interval);
  return g_test_run ();
}
