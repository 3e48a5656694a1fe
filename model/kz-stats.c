/* kz-stats.c — the statistics Kaizen shows
 *
 * The formulas are ../shared/spec/statistics.md's; comments name the
 * symbols used there.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kz-stats"

#include "config.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <string.h>

#include "kz-stats.h"

/* ---- eNPS ---------------------------------------------------------------- */

void
kz_enps_from_counts (guint   promoters,
                     guint   passives,
                     guint   detractors,
                     KzEnps *out)
{
  double n, np, pp, dp, ep, se, margin;

  g_return_if_fail (out != NULL);

  memset (out, 0, sizeof *out);
  out->promoters = promoters;
  out->passives = passives;
  out->detractors = detractors;
  out->n = promoters + passives + detractors;
  if (out->n == 0)
    return;

  n = out->n;
  out->defined = TRUE;
  out->enps = 100.0 * ((double) promoters - (double) detractors) / n;

  /* Adjusted Wald (Rocks 2016): n' = n + 3, p' = (P + ¾) ÷ n',
   * d' = (D + ¾) ÷ n', e' = p' − d', SE = √((p' + d' − e'²) ÷ n'). */
  np = n + 3.0;
  pp = (promoters + 0.75) / np;
  dp = (detractors + 0.75) / np;
  ep = pp - dp;
  se = sqrt ((pp + dp - ep * ep) / np);
  margin = 1.96 * se;
  out->se = 100.0 * se;
  out->low = CLAMP (100.0 * (ep - margin), -100.0, 100.0);
  out->high = CLAMP (100.0 * (ep + margin), -100.0, 100.0);
}

void
kz_enps_compute (const int *scores,
                 guint      n,
                 KzEnps    *out)
{
  guint promoters = 0, passives = 0, detractors = 0;

  g_return_if_fail (out != NULL);
  g_return_if_fail (n == 0 || scores != NULL);

  for (guint i = 0; i < n; i++)
    {
      g_return_if_fail (scores[i] >= 0 && scores[i] <= 10);
      if (scores[i] >= 9)
        promoters++;
      else if (scores[i] >= 7)
        passives++;
      else
        detractors++;
    }
  kz_enps_from_counts (promoters, passives, detractors, out);
}

gboolean
kz_enps_change (const KzEnps *before,
                const KzEnps *after,
                double       *change,
                double       *se_diff,
                gboolean     *significant)
{
  double c = 0, se = 0;
  gboolean sig = FALSE;

  g_return_val_if_fail (before != NULL && after != NULL, FALSE);

  if (before->defined && after->defined)
    {
      c = after->enps - before->enps;
      se = sqrt (before->se * before->se + after->se * after->se);
      sig = fabs (c) >= 1.96 * se;
    }
  if (change != NULL)
    *change = c;
  if (se_diff != NULL)
    *se_diff = se;
  if (significant != NULL)
    *significant = sig;
  return before->defined && after->defined;
}

/* ---- Krippendorff's α ------------------------------------------------------ */

const char *
kz_alpha_metric_to_string (KzAlphaMetric metric)
{
  switch (metric)
    {
    case KZ_ALPHA_NOMINAL:
      return "nominal";
    case KZ_ALPHA_ORDINAL:
      return "ordinal";
    case KZ_ALPHA_INTERVAL:
      return "interval";
    default:
      g_return_val_if_reached (NULL);
    }
}

gboolean
kz_alpha_metric_from_string (const char    *text,
                             KzAlphaMetric *metric)
{
  for (KzAlphaMetric m = KZ_ALPHA_NOMINAL; m <= KZ_ALPHA_INTERVAL; m++)
    if (g_strcmp0 (text, kz_alpha_metric_to_string (m)) == 0)
      {
        *metric = m;
        return TRUE;
      }
  return FALSE;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y ? 1 : 0;
}

/* The index of @v among the sorted distinct @values. */
static guint
value_index (const double *values,
             guint         n_values,
             double        v)
{
  guint lo = 0, hi = n_values;

  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;

      if (values[mid] < v)
        lo = mid + 1;
      else
        hi = mid;
    }
  g_assert (lo < n_values && values[lo] == v);
  return lo;
}

void
kz_krippendorff_alpha (const double  *values,
                       guint          n_units,
                       guint          n_coders,
                       KzAlphaMetric  metric,
                       KzAgreement   *out)
{
  g_autoptr(GArray) distinct = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree double *o = NULL;      /* the coincidence matrix, V × V */
  g_autofree double *marg = NULL;   /* n_c */
  g_autofree guint *counts = NULL;  /* per unit: how many of each value */
  g_autofree gboolean *pairable = NULL;
  double n = 0, d_o = 0, d_e = 0;
  guint v_n;

  g_return_if_fail (out != NULL);
  g_return_if_fail (n_units == 0 || n_coders == 0 || values != NULL);

  memset (out, 0, sizeof *out);

  /* Units with at least two values, and the values they hold. */
  pairable = g_new0 (gboolean, MAX (n_units, 1));
  for (guint u = 0; u < n_units; u++)
    {
      guint m = 0;

      for (guint c = 0; c < n_coders; c++)
        m += !isnan (values[u * n_coders + c]);
      pairable[u] = m >= 2;
      if (!pairable[u])
        continue;
      out->n_units++;
      out->n_values += m;
      for (guint c = 0; c < n_coders; c++)
        if (!isnan (values[u * n_coders + c]))
          g_array_append_val (distinct, values[u * n_coders + c]);
    }
  if (out->n_units == 0)
    return;

  g_array_sort (distinct, compare_doubles);
  v_n = 0;
  for (guint i = 0; i < distinct->len; i++)
    if (v_n == 0 || g_array_index (distinct, double, i) != g_array_index (distinct, double, v_n - 1))
      g_array_index (distinct, double, v_n++) = g_array_index (distinct, double, i);
  g_array_set_size (distinct, v_n);

  /* o_ck = Σ_u (pairs c–k in u, ordered) ÷ (m_u − 1); raw agreement on
   * unordered pairs. */
  o = g_new0 (double, v_n * v_n);
  counts = g_new0 (guint, v_n);
  for (guint u = 0; u < n_units; u++)
    {
      guint m = 0;

      if (!pairable[u])
        continue;
      memset (counts, 0, v_n * sizeof *counts);
      for (guint c = 0; c < n_coders; c++)
        {
          double v = values[u * n_coders + c];

          if (isnan (v))
            continue;
          counts[value_index ((double *) distinct->data, v_n, v)]++;
          m++;
        }
      out->n_pairs += m * (m - 1) / 2;
      for (guint c = 0; c < v_n; c++)
        {
          out->n_agreeing_pairs += counts[c] * (counts[c] > 0 ? counts[c] - 1 : 0) / 2;
          for (guint k = 0; k < v_n; k++)
            {
              double pairs = c == k ? (double) counts[c] * (counts[c] > 0 ? counts[c] - 1 : 0)
                                    : (double) counts[c] * counts[k];

              o[c * v_n + k] += pairs / (m - 1);
            }
        }
    }
  out->raw_agreement = out->n_pairs > 0 ? (double) out->n_agreeing_pairs / out->n_pairs : 0;

  marg = g_new0 (double, v_n);
  for (guint c = 0; c < v_n; c++)
    {
      for (guint k = 0; k < v_n; k++)
        marg[c] += o[c * v_n + k];
      n += marg[c];
    }

  /* D_o ∝ Σ o_ck δ²_ck, D_e ∝ Σ n_c n_k δ²_ck ÷ (n − 1). */
  for (guint c = 0; c < v_n; c++)
    for (guint k = 0; k < v_n; k++)
      {
        double vc = g_array_index (distinct, double, c);
        double vk = g_array_index (distinct, double, k);
        double delta2;

        if (c == k)
          continue;
        switch (metric)
          {
          case KZ_ALPHA_NOMINAL:
            delta2 = 1;
            break;
          case KZ_ALPHA_INTERVAL:
            delta2 = (vc - vk) * (vc - vk);
            break;
          case KZ_ALPHA_ORDINAL:
            {
              /* (Σ_{g=c}^{k} n_g − (n_c + n_k) ÷ 2)², over the ranks. */
              guint lo = MIN (c, k), hi = MAX (c, k);
              double sum = 0;

              for (guint g = lo; g <= hi; g++)
                sum += marg[g];
              delta2 = (sum - (marg[c] + marg[k]) / 2) * (sum - (marg[c] + marg[k]) / 2);
            }
            break;
          default:
            g_return_if_reached ();
          }
        d_o += o[c * v_n + k] * delta2;
        d_e += marg[c] * marg[k] * delta2;
      }

  if (d_e <= 0 || n < 2)
    return;   /* every value the same: agreement cannot be told from chance */
  out->defined = TRUE;
  out->alpha = 1.0 - (n - 1.0) * d_o / d_e;
}

/* ---- means and intervals ----------------------------------------------------- */

double
kz_t_975 (double df)
{
  g_return_val_if_fail (df > 0, NAN);
  return gsl_cdf_tdist_Pinv (0.975, df);
}

static void
mean_var (const double *x,
          guint         n,
          double       *mean,
          double       *var)
{
  double m = 0, s = 0;

  for (guint i = 0; i < n; i++)
    m += x[i];
  m /= n;
  for (guint i = 0; i < n; i++)
    s += (x[i] - m) * (x[i] - m);
  *mean = m;
  *var = n > 1 ? s / (n - 1) : 0;
}

void
kz_welch (const double *a,
          guint         n_a,
          const double *b,
          guint         n_b,
          KzWelch      *out)
{
  double va, vb, qa, qb, pooled, j;

  g_return_if_fail (out != NULL);

  memset (out, 0, sizeof *out);
  out->n1 = n_a;
  out->n2 = n_b;
  if (n_a < 2 || n_b < 2)
    return;

  mean_var (a, n_a, &out->mean1, &va);
  mean_var (b, n_b, &out->mean2, &vb);
  out->diff = out->mean1 - out->mean2;
  qa = va / n_a;
  qb = vb / n_b;
  out->se = sqrt (qa + qb);
  if (out->se <= 0)
    return;   /* no spread at all: no interval to give */
  out->df = (qa + qb) * (qa + qb) / (qa * qa / (n_a - 1) + qb * qb / (n_b - 1));
  out->low = out->diff - kz_t_975 (out->df) * out->se;
  out->high = out->diff + kz_t_975 (out->df) * out->se;
  pooled = sqrt (((n_a - 1) * va + (n_b - 1) * vb) / (n_a + n_b - 2));
  j = 1.0 - 3.0 / (4.0 * (n_a + n_b) - 9.0);
  out->hedges_g = pooled > 0 ? j * out->diff / pooled : 0;
  out->defined = TRUE;
}

void
kz_mean_interval (const double   *values,
                  guint           n,
                  KzMeanInterval *out)
{
  double var, half;

  g_return_if_fail (out != NULL);

  memset (out, 0, sizeof *out);
  out->n = n;
  if (n < 2)
    {
      if (n == 1)
        out->mean = values[0];
      return;
    }
  mean_var (values, n, &out->mean, &var);
  out->sd = sqrt (var);
  half = kz_t_975 (n - 1) * out->sd / sqrt (n);
  out->low = out->mean - half;
  out->high = out->mean + half;
  out->defined = TRUE;
}
