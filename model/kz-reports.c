/* kz-reports.c — Kaizen's reports as documents
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kz-reports.h"

#include <glib/gi18n-lib.h>

#include <math.h>

#include "kz-calibration.h"
#include "kz-gaps.h"

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

static char *
format_points (gboolean has,
               double   value,
               gboolean signed_)
{
  if (!has || !isfinite (value))
    return g_strdup ("—");
  return g_strdup_printf (signed_ ? "%+.1f" : "%.1f", value);
}

KzChartData *
kz_reports_customer_voice_chart (const KzCustomerVoice *voice,
                                 gboolean               by_title)
{
  KzChartData *chart = kz_chart_data_new (KZ_CHART_BAR, KZ_CHART_UNIT_SCORE,
                                          _("difference in customer rating, passed − failed, by criterion"));
  double extent = 10;
  guint series;

  kz_chart_data_set_category_title (chart, _("Criterion"));
  kz_chart_data_set_category_noun (chart, _("criterion"), _("criteria"));
  series = kz_chart_data_add_series (chart, _("Difference (points)"));
  kz_chart_data_set_interval_label (chart, _("95% interval"));
  for (guint i = 0; i < voice->criteria->len; i++)
    {
      const KzVoiceCriterion *c = g_ptr_array_index (voice->criteria, i);
      const KzWelch *w = &c->welch;
      guint cat = kz_chart_data_add_category (chart, by_title && c->criterion_title ? c->criterion_title
                                                                              : c->criterion_id);

      if (w->defined)
        {
          kz_chart_data_set_value (chart, series, cat, w->diff, c->n_passed + c->n_failed);
          kz_chart_data_set_interval (chart, series, cat, w->low, w->high);
          extent = MAX (extent, MAX (fabs (w->low), fabs (w->high)));
        }
      else
        kz_chart_data_set_value (chart, series, cat, NAN, c->n_passed + c->n_failed);
    }
  kz_chart_data_set_range (chart, -extent, extent);
  return chart;
}

KzReport *
kz_reports_customer_voice (const KzCustomerVoice *voice)
{
  const char *headers[] = { N_("Criterion"), N_("Passed when"), N_("n pass"), N_("n fail"), N_("Mean pass"),
                            N_("Mean fail"), N_("Diff."), N_("95% interval"), N_("Note") };
  const char *translated[G_N_ELEMENTS (headers)];
  KzReport *report = kz_report_new (_("Quality against the customer's voice"));
  g_autoptr(KzChartData) chart = kz_reports_customer_voice_chart (voice, FALSE);
  g_autofree char *rubric = g_strdup_printf ("%s, version %d — %s", kz_rubric_get_id (voice->rubric),
                                             kz_rubric_get_version (voice->rubric),
                                             kz_rubric_get_title (voice->rubric));
  g_autofree char *ratings = g_strdup_printf (_("%u rated evaluations: %u CSAT, %u NPS"), voice->n_evaluations,
                                              voice->n_csat, voice->n_nps);
  guint table, n_defined = 0;

  kz_report_add_filter (report, _("Rubric"), rubric);
  if (voice->from != NULL && voice->to != NULL)
    kz_reports_add_period (report, voice->from, voice->to);
  else
    kz_report_add_filter (report, _("Period"), _("All evaluations"));
  kz_report_add_filter (report, _("Ratings"), ratings);
  kz_report_add_paragraph (report, _("For each criterion, the customer's rating of the interactions whose "
                                     "evaluation passed it against those that failed it. Ratings are put on "
                                     "one 0–100 scale: CSAT 1–5 as 0, 25, 50, 75, 100 and NPS 0–10 as 0, 10, "
                                     "… 100. A criterion on a two-point scale is passed with its top point, "
                                     "any other when its normalised value reaches the criterion's target "
                                     "(else the pass mark); N/A answers are left out. Submitted evaluations "
                                     "at their latest revision, calibration left out. The difference is "
                                     "passed − failed in points, with its 95% Welch interval; an interval "
                                     "that stays clear of zero marks a criterion customers notice."));

  for (guint i = 0; i < G_N_ELEMENTS (headers); i++)
    translated[i] = _(headers[i]);
  table = kz_report_add_table (report, _("Per criterion: how many rated evaluations passed and failed it, "
                                         "their mean rating (0–100), and the difference pass − fail with its "
                                         "95% interval"),
                               G_N_ELEMENTS (headers), translated);
  for (guint c = 2; c < G_N_ELEMENTS (headers) - 1; c++)
    kz_report_table_set_numeric (report, table, c);

  for (guint i = 0; i < voice->criteria->len; i++)
    {
      const KzVoiceCriterion *c = g_ptr_array_index (voice->criteria, i);
      const KzWelch *w = &c->welch;
      g_autofree char *when = c->binary ? g_strdup (_("top point"))
                                        : g_strdup_printf ("≥ %g", c->pass_at);
      g_autofree char *n_p = g_strdup_printf ("%u", c->n_passed);
      g_autofree char *n_f = g_strdup_printf ("%u", c->n_failed);
      g_autofree char *m_p = format_points (c->n_passed > 0, c->mean_passed, FALSE);
      g_autofree char *m_f = format_points (c->n_failed > 0, c->mean_failed, FALSE);
      g_autofree char *diff = format_points (w->defined, w->diff, TRUE);
      g_autofree char *low = format_points (w->defined, w->low, TRUE);
      g_autofree char *high = format_points (w->defined, w->high, TRUE);
      /* TRANSLATORS: an interval, "-22.0 to +0.7" */
      g_autofree char *interval = w->defined ? g_strdup_printf (_("%s to %s"), low, high) : g_strdup ("—");
      const char *note = NULL;
      const char *cells[] = { c->criterion_id, when, n_p, n_f, m_p, m_f, diff, interval, NULL };

      if (!w->defined)
        note = c->n_passed < 2 || c->n_failed < 2 ? _("Not enough data") : _("No spread");
      else
        note = w->low > 0 ? _("Passes rated higher") : w->high < 0 ? _("Passes rated lower")
                                                                   : _("No clear difference");
      cells[8] = note;
      kz_report_table_add_row (report, table, cells);
      n_defined += w->defined;
    }

  if (n_defined == 0)
    kz_report_add_paragraph (report, _("Not enough rated evaluations for any criterion: each needs at least two "
                                       "that passed it and two that failed it."));
  kz_report_add_chart (report, _("Difference in customer rating when the criterion is passed"), chart);
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

KzReport *
kz_reports_gaps (const KzGapReport *gaps)
{
  const char *headers[] = { NULL, N_("Criterion"), N_("n"), N_("N/A"), N_("Mean"), N_("Target"), N_("Gap"),
                            N_("Gap × weight") };
  const char *translated[G_N_ELEMENTS (headers)];
  KzReport *report = kz_report_new (_("Gaps to target"));
  g_autoptr(KzChartData) chart = kz_gap_report_build_chart (gaps, NULL, NULL);
  g_autofree char *rubric = g_strdup_printf (_("%s, version %d"), kz_rubric_get_title (gaps->rubric),
                                             kz_rubric_get_version (gaps->rubric));
  guint table;

  kz_report_add_filter (report, _("Rubric"), rubric);
  if (gaps->from != NULL && gaps->to != NULL)
    kz_reports_add_period (report, gaps->from, gaps->to);
  else
    kz_report_add_filter (report, _("Period"), _("all time"));
  kz_report_add_filter (report, _("By"), gaps->by == KZ_GAPS_BY_AGENT ? _("agent") : _("team"));
  kz_report_add_paragraph (report, _("Each cell is the mean normalised answer (0–100) of submitted evaluations "
                                     "at their latest revision; the gap is the criterion's target minus that "
                                     "mean. Largest gap × weight first. Calibration scorings never count."));
  kz_report_add_chart (report, _("Criterion means against their targets"), chart);

  headers[0] = gaps->by == KZ_GAPS_BY_AGENT ? N_("Agent") : N_("Team");
  for (guint i = 0; i < G_N_ELEMENTS (headers); i++)
    translated[i] = _(headers[i]);
  table = kz_report_add_table (report, _("Every cell"), G_N_ELEMENTS (headers), translated);
  for (guint c = 2; c < G_N_ELEMENTS (headers); c++)
    kz_report_table_set_numeric (report, table, c);
  for (guint i = 0; i < gaps->cells->len; i++)
    {
      const KzGapCell *c = g_ptr_array_index (gaps->cells, i);
      g_autofree char *n = g_strdup_printf ("%u", c->n);
      g_autofree char *na = g_strdup_printf ("%.1f%%", 100.0 * c->na_rate);
      g_autofree char *mean = c->has_mean ? g_strdup_printf ("%.1f", c->mean) : g_strdup ("—");
      g_autofree char *target = g_strdup_printf ("%.1f", c->target);
      g_autofree char *gap = c->has_mean ? g_strdup_printf ("%+.1f", c->gap) : g_strdup ("—");
      g_autofree char *priority = c->has_mean ? g_strdup_printf ("%+.1f", c->priority) : g_strdup ("—");
      const char *cells[] = { c->unit_name ? c->unit_name : "—", c->criterion_title ? c->criterion_title : c->criterion_id,
                              n, na, mean, target, gap, priority };

      kz_report_table_add_row (report, table, cells);
    }
  return report;
}
