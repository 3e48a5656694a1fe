/* kz-reports.c — Kaizen's reports as documents
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kz-reports.h"

#include <glib/gi18n-lib.h>

#include <math.h>

#include "kz-calibration.h"

void
kz_reports_add_period (KzReport  *report,
                       GDateTime *from,
                       GDateTime *to)
{
  g_autoptr(GDateTime) last = g_date_time_add_days (to, -1);
  g_autofree char *a = g_date_time_format (from, "%Y-%m-%d");
  g_autofree char *b = g_date_time_format (last, "%Y-%m-%d");
  /* TRANSLATORS: a period, both days included */
  g_autofree char *period = g_strdup_printf (_("%s to %s"), a, b);

  kz_report_add_filter (report, _("Period"), period);
}

KzReport *
kz_reports_coverage (GPtrArray *coverage,
                     GDateTime *from,
                     GDateTime *to)
{
  const char *headers[] = { N_("Agent"), N_("Interactions"), N_("Sampled"), N_("Reviewed"), N_("Reviewed share") };
  const char *translated[G_N_ELEMENTS (headers)];
  KzReport *report = kz_report_new (_("Review coverage"));
  g_autoptr(KzChartData) chart = kz_chart_data_new (KZ_CHART_BAR, KZ_CHART_UNIT_PERCENT, _("share reviewed by agent"));
  guint total_i = 0, total_s = 0, total_r = 0;
  guint table, series;

  kz_reports_add_period (report, from, to);
  for (guint i = 0; i < G_N_ELEMENTS (headers); i++)
    translated[i] = _(headers[i]);
  table = kz_report_add_table (report, _("Per agent"), G_N_ELEMENTS (headers), translated);
  for (guint c = 1; c < G_N_ELEMENTS (headers); c++)
    kz_report_table_set_numeric (report, table, c);

  kz_chart_data_set_category_title (chart, _("Agent"));
  kz_chart_data_set_category_noun (chart, _("agent"), _("agents"));
  series = kz_chart_data_add_series (chart, _("Reviewed share"));

  for (guint i = 0; i < coverage->len; i++)
    {
      KzCoverage *c = g_ptr_array_index (coverage, i);
      g_autofree char *n_i = g_strdup_printf ("%u", c->n_interactions);
      g_autofree char *n_s = g_strdup_printf ("%u", c->n_sampled);
      g_autofree char *n_r = g_strdup_printf ("%u", c->n_reviewed);
      double share = c->n_interactions > 0 ? 100.0 * c->n_reviewed / c->n_interactions : NAN;
      g_autofree char *share_text = kz_chart_format_value (KZ_CHART_UNIT_PERCENT, share);
      const char *cells[] = { c->agent_name, n_i, n_s, n_r, share_text };
      guint cat;

      kz_report_table_add_row (report, table, cells);
      cat = kz_chart_data_add_category (chart, c->agent_name);
      kz_chart_data_set_value (chart, series, cat, share, c->n_interactions);
      total_i += c->n_interactions;
      total_s += c->n_sampled;
      total_r += c->n_reviewed;
    }

  {
    g_autofree char *sentence = NULL;
    g_autofree char *share = kz_chart_format_value (KZ_CHART_UNIT_PERCENT,
                                                     total_i > 0 ? 100.0 * total_r / total_i : NAN);

    sentence = g_strdup_printf (_("%u interactions, %u sampled for review, %u reviewed (%s)."),
                                total_i, total_s, total_r, share);
    kz_report_add_paragraph (report, sentence);
  }
  kz_report_add_chart (report, _("Share reviewed by agent"), chart);
  return report;
}

KzReport *
kz_reports_leniency (KzStore   *store,
                     GPtrArray *leniency,
                     GDateTime *from,
                     GDateTime *to)
{
  const char *headers[] = { N_("Reviewer"), N_("Leniency (points)"), N_("95% low"), N_("95% high"), N_("Agents"),
                            N_("Evaluations") };
  const char *translated[G_N_ELEMENTS (headers)];
  KzReport *report = kz_report_new (_("Reviewer leniency"));
  guint table;

  kz_reports_add_period (report, from, to);
  kz_report_add_paragraph (report, _("Each reviewer's mean score against other reviewers' on the same agents "
                                     "in the period: above zero scores more kindly than peers, below more "
                                     "strictly. The interval is over the agents they share."));
  for (guint i = 0; i < G_N_ELEMENTS (headers); i++)
    translated[i] = _(headers[i]);
  table = kz_report_add_table (report, _("Per reviewer"), G_N_ELEMENTS (headers), translated);
  for (guint c = 1; c < G_N_ELEMENTS (headers); c++)
    kz_report_table_set_numeric (report, table, c);

  for (guint i = 0; i < leniency->len; i++)
    {
      KzLeniency *l = g_ptr_array_index (leniency, i);
      g_autoptr(KzPerson) p = kz_store_get_person (store, l->reviewer_id, NULL);
      g_autofree char *value = g_strdup_printf ("%+.1f", l->leniency);
      g_autofree char *low = l->interval.defined ? g_strdup_printf ("%+.1f", l->interval.low) : g_strdup ("—");
      g_autofree char *high = l->interval.defined ? g_strdup_printf ("%+.1f", l->interval.high) : g_strdup ("—");
      g_autofree char *agents = g_strdup_printf ("%u", l->n_agents);
      g_autofree char *evaluations = g_strdup_printf ("%u", l->n_evaluations);
      const char *cells[] = { p ? p->name : "—", value, low, high, agents, evaluations };

      kz_report_table_add_row (report, table, cells);
    }
  return report;
}

KzReport *
kz_reports_team_overview (const KzTeamOverview *o,
                          const char           *whose)
{
  const char *headers[] = { _("Figure"), _("Value"), _("Rests on") };
  const char *gap_headers[] = { _("Criterion"), _("Mean"), _("Target"), _("Gap"), _("Weight"), _("Answers") };
  KzReport *report = kz_report_new (o->agent_id != 0 ? _("Agent quality") : _("Team overview"));
  g_autoptr(GPtrArray) figures = kz_dashboard_figures (o);
  g_autoptr(KzChartData) chart = kz_dashboard_trend_chart (o);
  guint table;

  kz_report_add_filter (report, o->agent_id != 0 ? _("Agent") : _("Team"), whose);
  kz_reports_add_period (report, o->start, o->end);
  table = kz_report_add_table (report, _("Figures"), G_N_ELEMENTS (headers), headers);
  kz_report_table_set_numeric (report, table, 1);
  for (guint i = 0; i < figures->len; i++)
    {
      KzDashboardFigure *f = g_ptr_array_index (figures, i);
      const char *cells[] = { f->label, f->value, f->detail };

      kz_report_table_add_row (report, table, cells);
    }

  kz_report_add_chart (report, _("Quality score by week"), chart);
  kz_report_add_chart_table (report, _("Quality score by week"), chart);

  {
    GPtrArray *rows = o->agent_id != 0 ? o->criteria : o->gaps;

    table = kz_report_add_table (report, o->agent_id != 0 ? _("Criteria against target") : _("Biggest gaps"),
                                 G_N_ELEMENTS (gap_headers), gap_headers);
    for (guint c = 1; c < G_N_ELEMENTS (gap_headers); c++)
      kz_report_table_set_numeric (report, table, c);
    for (guint i = 0; i < rows->len; i++)
      {
        KzDashboardGap *g = g_ptr_array_index (rows, i);
        g_autofree char *mean = kz_chart_format_value (KZ_CHART_UNIT_SCORE, g->mean);
        g_autofree char *target = kz_chart_format_mark (KZ_CHART_UNIT_SCORE, g->target);
        g_autofree char *gap = isnan (g->gap) ? g_strdup ("—") : g_strdup_printf ("%+.1f", g->gap);
        g_autofree char *weight = g_strdup_printf ("%g", g->weight);
        g_autofree char *n = g_strdup_printf ("%" G_GINT64_FORMAT, g->n);
        const char *cells[] = { g->title, mean, target, gap, weight, n };

        kz_report_table_add_row (report, table, cells);
      }
  }
  return report;
}
