/* kz-impact.c — did coaching work?  statistics.md's difference in differences
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kz-impact"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "kz-impact.h"

#define MIN_AGENTS 3

KzImpactAgent *
kz_impact_agent_new (gint64   agent_id,
                     gboolean coached)
{
  KzImpactAgent *agent = g_new0 (KzImpactAgent, 1);

  agent->agent_id = agent_id;
  agent->coached = coached;
  agent->days = g_array_new (FALSE, FALSE, sizeof (gint));
  agent->values = g_array_new (FALSE, FALSE, sizeof (double));
  return agent;
}

void
kz_impact_agent_add (KzImpactAgent *self,
                     gint           day,
                     double         value)
{
  g_return_if_fail (self != NULL);
  g_array_append_val (self->days, day);
  g_array_append_val (self->values, value);
}

void
kz_impact_agent_free (KzImpactAgent *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->days);
  g_array_unref (self->values);
  g_free (self);
}

void
kz_impact_plan_init (KzImpactPlan *plan,
                     gint          coaching_day)
{
  g_return_if_fail (plan != NULL);
  plan->coaching_day = coaching_day;
  plan->window_days = 30;
  plan->gap_days = 7;
  plan->min_evaluations = 3;
  plan->match_pre_range = FALSE;
}

/* The mean of the agent's values with day in [from, to); FALSE with fewer
 * than @min of them. */
static gboolean
window_mean (const KzImpactAgent *agent,
             gint                 from,
             gint                 to,
             guint                min,
             double              *mean)
{
  double sum = 0;
  guint n = 0;

  for (guint i = 0; i < agent->days->len; i++)
    {
      gint day = g_array_index (agent->days, gint, i);

      if (day >= from && day < to)
        {
          sum += g_array_index (agent->values, double, i);
          n++;
        }
    }
  if (n < MAX (min, 1))
    return FALSE;
  *mean = sum / n;
  return TRUE;
}

static double
mean_of (const GArray *values)
{
  double sum = 0;

  for (guint i = 0; i < values->len; i++)
    sum += g_array_index (values, double, i);
  return values->len > 0 ? sum / values->len : 0;
}

/* Pearson's r of paired values; NAN when it cannot be told. */
static double
correlation (const GArray *x,
             const GArray *y)
{
  double mx = mean_of (x), my = mean_of (y), sxy = 0, sxx = 0, syy = 0;

  if (x->len < MIN_AGENTS)
    return NAN;
  for (guint i = 0; i < x->len; i++)
    {
      double dx = g_array_index (x, double, i) - mx, dy = g_array_index (y, double, i) - my;

      sxy += dx * dy;
      sxx += dx * dx;
      syy += dy * dy;
    }
  if (sxx <= 0 || syy <= 0)
    return NAN;
  return sxy / sqrt (sxx * syy);
}

void
kz_impact_compute (GPtrArray          *agents,
                   const KzImpactPlan *plan,
                   KzImpact           *out)
{
  g_autoptr(GArray) t_pre = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) t_post = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) c_pre = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) c_post = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) all_pre = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) all_post = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) t_delta = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) c_delta = g_array_new (FALSE, FALSE, sizeof (double));
  gint d, w, g;
  double t_lo = INFINITY, t_hi = -INFINITY, mu;

  g_return_if_fail (agents != NULL && plan != NULL && out != NULL);

  memset (out, 0, sizeof *out);
  out->rho = NAN;
  d = plan->coaching_day;
  w = (gint) plan->window_days;
  g = (gint) plan->gap_days;

  /* Who counts: at least m evaluations in each window. */
  for (guint i = 0; i < agents->len; i++)
    {
      const KzImpactAgent *agent = g_ptr_array_index (agents, i);
      double pre, post;

      if (!window_mean (agent, d - w, d, plan->min_evaluations, &pre) ||
          !window_mean (agent, d + g, d + g + w, plan->min_evaluations, &post))
        continue;
      g_array_append_val (all_pre, pre);
      g_array_append_val (all_post, post);
      if (agent->coached)
        {
          g_array_append_val (t_pre, pre);
          g_array_append_val (t_post, post);
          t_lo = MIN (t_lo, pre);
          t_hi = MAX (t_hi, pre);
        }
    }
  for (guint i = 0; i < agents->len; i++)
    {
      const KzImpactAgent *agent = g_ptr_array_index (agents, i);
      double pre, post;

      if (agent->coached ||
          !window_mean (agent, d - w, d, plan->min_evaluations, &pre) ||
          !window_mean (agent, d + g, d + g + w, plan->min_evaluations, &post))
        continue;
      if (plan->match_pre_range && (pre < t_lo || pre > t_hi))
        continue;
      g_array_append_val (c_pre, pre);
      g_array_append_val (c_post, post);
    }

  for (guint i = 0; i < t_pre->len; i++)
    {
      double delta = g_array_index (t_post, double, i) - g_array_index (t_pre, double, i);

      g_array_append_val (t_delta, delta);
    }
  for (guint i = 0; i < c_pre->len; i++)
    {
      double delta = g_array_index (c_post, double, i) - g_array_index (c_pre, double, i);

      g_array_append_val (c_delta, delta);
    }

  out->n_coached = t_pre->len;
  out->n_comparison = c_pre->len;
  out->pre_coached = mean_of (t_pre);
  out->post_coached = mean_of (t_post);
  out->pre_comparison = mean_of (c_pre);
  out->post_comparison = mean_of (c_post);

  if (out->n_coached < MIN_AGENTS)
    {
      out->kind = KZ_IMPACT_NOT_ENOUGH_DATA;
      return;
    }

  if (out->n_comparison >= MIN_AGENTS)
    {
      KzWelch welch;

      kz_welch ((double *) t_delta->data, t_delta->len, (double *) c_delta->data, c_delta->len, &welch);
      out->kind = KZ_IMPACT_EFFECT;
      out->effect = welch.diff;
      out->low = welch.defined ? welch.low : welch.diff;
      out->high = welch.defined ? welch.high : welch.diff;
      out->df = welch.df;
      out->hedges_g = welch.hedges_g;
    }
  else
    {
      KzMeanInterval change;

      kz_mean_interval ((double *) t_delta->data, t_delta->len, &change);
      out->kind = KZ_IMPACT_CHANGE;
      out->effect = change.mean;
      out->low = change.defined ? change.low : change.mean;
      out->high = change.defined ? change.high : change.mean;
      out->df = change.n - 1;
    }

  /* Regression to the mean: agents picked for low scores drift up anyway,
   * by about (1 − ρ)(μ − their pre mean). */
  mu = mean_of (all_pre);
  out->rho = correlation (all_pre, all_post);
  if (out->pre_coached < mu && !isnan (out->rho))
    {
      out->rtm_applies = TRUE;
      out->rtm_expected = (1.0 - out->rho) * (mu - out->pre_coached);
    }
}

char *
kz_impact_describe (const KzImpact *impact)
{
  g_autoptr(GString) s = g_string_new (NULL);
  gboolean crosses_zero;

  g_return_val_if_fail (impact != NULL, NULL);

  crosses_zero = impact->low <= 0 && impact->high >= 0;
  switch (impact->kind)
    {
    case KZ_IMPACT_NOT_ENOUGH_DATA:
      g_string_printf (s, g_dngettext (GETTEXT_PACKAGE,
                                       "Not enough data: %u coached agent has enough evaluations before and after; at least 3 are needed.",
                                       "Not enough data: %u coached agents have enough evaluations before and after; at least 3 are needed.",
                                       impact->n_coached),
                       impact->n_coached);
      return g_string_free (g_steal_pointer (&s), FALSE);

    case KZ_IMPACT_CHANGE:
      /* Translators: %s is "rose" or "fell"; then points, the interval, agents */
      g_string_printf (s, _("Coached agents’ scores %s %.1f points (95%% interval %.1f to %.1f; %u agents). "
                            "With nobody to compare them with, this is a change, not proof that the coaching caused it."),
                       impact->effect >= 0 ? _("rose") : _("fell"), fabs (impact->effect), impact->low, impact->high,
                       impact->n_coached);
      break;

    case KZ_IMPACT_EFFECT:
    default:
      if (impact->effect >= 0)
        g_string_printf (s, _("Coached agents improved %.1f points more than the %u compared with them "
                              "(95%% interval %.1f to %.1f; %u coached)."),
                         impact->effect, impact->n_comparison, impact->low, impact->high, impact->n_coached);
      else
        g_string_printf (s, _("Coached agents did %.1f points worse than the %u compared with them "
                              "(95%% interval %.1f to %.1f; %u coached)."),
                         -impact->effect, impact->n_comparison, impact->low, impact->high, impact->n_coached);
      if (crosses_zero)
        g_string_append (s, _(" That is not clearly different from no effect."));
      break;
    }

  if (impact->rtm_applies)
    g_string_append_printf (s, _(" They started below the average, so a rise of about %.1f points was expected anyway."),
                            impact->rtm_expected);
  return g_string_free (g_steal_pointer (&s), FALSE);
}

char *
kz_impact_headline (const KzImpact *impact)
{
  g_return_val_if_fail (impact != NULL, NULL);

  switch (impact->kind)
    {
    case KZ_IMPACT_NOT_ENOUGH_DATA:
      return g_strdup (_("Not enough data"));
    case KZ_IMPACT_CHANGE:
      /* Translators: a signed number of points, the interval, how many agents */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "Change %+.1f points, 95%% interval %.1f to %.1f, %u coached, nobody to compare",
                                           "Change %+.1f points, 95%% interval %.1f to %.1f, %u coached, nobody to compare",
                                           impact->n_coached),
                              impact->effect, impact->low, impact->high, impact->n_coached);
    case KZ_IMPACT_EFFECT:
    default:
      /* Translators: a signed number of points, the interval, coached vs not coached */
      return g_strdup_printf (_("%+.1f points, 95%% interval %.1f to %.1f, %u coached vs %u not coached"),
                              impact->effect, impact->low, impact->high, impact->n_coached, impact->n_comparison);
    }
}
