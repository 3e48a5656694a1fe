/* kz-stats.h — the statistics Kaizen shows, as ../shared/spec/statistics.md
 * defines them
 *
 * Pure functions over plain numbers: no store, no GTK.  Every figure comes
 * with its n; a figure that cannot be computed says so (defined = FALSE)
 * rather than showing a number.  Distribution quantiles come from GSL.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* ---- eNPS ---------------------------------------------------------------- */

typedef struct {
  guint    n;
  guint    promoters;    /* 9–10 */
  guint    passives;     /* 7–8 */
  guint    detractors;   /* 0–6 */
  gboolean defined;      /* FALSE when n = 0 */
  double   enps;         /* 100 × (P − D) ÷ n, −100 … +100 */
  double   low;          /* the 95% interval, adjusted Wald, clipped to ±100 */
  double   high;
  double   se;           /* on the 100-point scale */
} KzEnps;

/* From answers to the 0–10 question (values outside 0–10 are a bug). */
void     kz_enps_compute      (const int     *scores,
                               guint          n,
                               KzEnps        *out);
void     kz_enps_from_counts  (guint          promoters,
                               guint          passives,
                               guint          detractors,
                               KzEnps        *out);
/* The change from @before to @after, and whether it is significant:
 * |change| ≥ 1.96 × √(SE₁² + SE₂²).  FALSE (and 0s) when either is
 * undefined. */
gboolean kz_enps_change       (const KzEnps  *before,
                               const KzEnps  *after,
                               double        *change,
                               double        *se_diff,
                               gboolean      *significant);

/* ---- reviewer agreement ---------------------------------------------------- */

typedef enum {
  KZ_ALPHA_NOMINAL,   /* binary and labelled scales */
  KZ_ALPHA_ORDINAL,   /* ordered scales: ranks of the values seen */
  KZ_ALPHA_INTERVAL,  /* numbers: the total score */
} KzAlphaMetric;

typedef struct {
  gboolean defined;           /* FALSE without two pairable values, or no variation at all */
  double   alpha;             /* Krippendorff's α = 1 − D_o ÷ D_e */
  guint    n_units;           /* units with at least two values */
  guint    n_values;          /* the values in those units (pairable) */
  guint    n_pairs;           /* unordered pairs of values within units */
  guint    n_agreeing_pairs;  /* of those, equal */
  double   raw_agreement;     /* n_agreeing_pairs ÷ n_pairs; meaningful when n_pairs > 0 */
} KzAgreement;

/* @values: @n_units rows of @n_coders values, row by row; NAN is missing
 * (N/A and unanswered count as missing).  Units with fewer than two values
 * are left out. */
void     kz_krippendorff_alpha (const double   *values,
                                guint           n_units,
                                guint           n_coders,
                                KzAlphaMetric   metric,
                                KzAgreement    *out);
const char *kz_alpha_metric_to_string   (KzAlphaMetric metric);
gboolean    kz_alpha_metric_from_string (const char   *text,
                                         KzAlphaMetric *metric);

/* ---- means and intervals ----------------------------------------------------- */

typedef struct {
  gboolean defined;   /* FALSE with fewer than two values in a group */
  guint    n1, n2;
  double   mean1, mean2;
  double   diff;      /* mean1 − mean2 */
  double   se;        /* √(s₁²/n₁ + s₂²/n₂) */
  double   df;        /* Welch */
  double   low, high; /* diff ± t(0.975, df) × se */
  double   hedges_g;  /* on the values given, J = 1 − 3 ÷ (4(n₁ + n₂) − 9) */
} KzWelch;

void     kz_welch             (const double  *a,
                               guint          n_a,
                               const double  *b,
                               guint          n_b,
                               KzWelch       *out);

typedef struct {
  gboolean defined;   /* FALSE with fewer than two values */
  guint    n;
  double   mean;
  double   sd;
  double   low, high; /* mean ± t(0.975, n − 1) × sd ÷ √n */
} KzMeanInterval;

void     kz_mean_interval     (const double   *values,
                               guint           n,
                               KzMeanInterval *out);

/* The two-sided 95% quantile t(0.975, df) (GSL). */
double   kz_t_975             (double         df);

G_END_DECLS
