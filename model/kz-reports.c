/* kz-reports.c — Kaizen's reports as documents
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kz-reports.h"

#include <glib/gi18n-lib.h>

#include <math.h>

#include "kz-calibration.h"
#include "kz-score.h"
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

static char *
round_text (const KzSurveyRound *round)
{
  char closes[16] = "";

  if (g_date_valid (&round->closes_on))
    g_date_strftime (closes, sizeof closes, "%Y-%m-%d", &round->closes_on);
  /* TRANSLATORS: a survey round, its id and the day it closes */
  return g_strdup_printf (_("%s (round %lld, closes %s)"), round->title, (long long) round->id, closes);
}

static const char *
figure_group (const KzSurveyFigure *f)
{
  return f->team_id == KZ_CELL_ALL ? _("whole round") : f->team ? f->team : _("no team");
}

KzReport *
kz_reports_survey_results (const KzSurveyRound *round,
                           GPtrArray           *figures)
{
  const char *headers[] = { N_("Question"), N_("Group"), N_("n"), N_("Mean"), N_("95% low"), N_("95% high"),
                            N_("Shown") };
  const char *translated[G_N_ELEMENTS (headers)];
  KzReport *report = kz_report_new (_("Survey results"));
  g_autofree char *what = round_text (round);
  g_autofree char *k = g_strdup_printf ("%u", round->k);
  g_autoptr(KzChartData) chart = kz_chart_data_new (KZ_CHART_BAR, KZ_CHART_UNIT_SCORE,
                                                    _("whole-round score (0–100) by question"));
  guint table, series, n_chart = 0;

  kz_report_add_filter (report, _("Round"), what);
  kz_report_add_filter (report, _("Smallest group shown (k)"), k);
  kz_report_add_paragraph (report, _("Figures of groups with fewer than the round's k answers, and figures that "
                                     "together with another would reveal such a group, are withheld: the "
                                     "table gives the reason, never a number — exactly what the app shows."));
  for (guint i = 0; i < G_N_ELEMENTS (headers); i++)
    translated[i] = _(headers[i]);
  table = kz_report_add_table (report, _("Per question and group"), G_N_ELEMENTS (headers), translated);
  for (guint c = 2; c < 6; c++)
    kz_report_table_set_numeric (report, table, c);

  kz_chart_data_set_category_title (chart, _("Question"));
  kz_chart_data_set_category_noun (chart, _("question"), _("questions"));
  series = kz_chart_data_add_series (chart, _("Score"));

  for (guint i = 0; i < figures->len; i++)
    {
      const KzSurveyFigure *f = g_ptr_array_index (figures, i);
      gboolean shown = f->suppression == KZ_SHOWN;

      if (f->kind != KZ_FIGURE_QUESTION)
        continue;
      if (!shown)
        {
          /* Withheld: the reason, and no number at all. */
          g_autofree char *reason = kz_suppression_reason (f->suppression, round->k);
          /* TRANSLATORS: a withheld survey figure, with why */
          g_autofree char *note = g_strdup_printf (_("suppressed: %s"), reason);
          const char *cells[] = { f->question_id, figure_group (f), "—", "—", "—", "—", note };

          kz_report_table_add_row (report, table, cells);
        }
      else
        {
          g_autofree char *n = g_strdup_printf ("%u", f->n);
          g_autofree char *mean = f->has_mean ? g_strdup_printf ("%.2f", f->mean.mean) : g_strdup ("—");
          g_autofree char *low = f->has_mean && f->mean.defined ? g_strdup_printf ("%.2f", f->mean.low)
                                                                : g_strdup ("—");
          g_autofree char *high = f->has_mean && f->mean.defined ? g_strdup_printf ("%.2f", f->mean.high)
                                                                 : g_strdup ("—");
          const char *cells[] = { f->question_id, figure_group (f), n, mean, low, high, _("yes") };

          kz_report_table_add_row (report, table, cells);
        }
      if (f->team_id == KZ_CELL_ALL)
        {
          guint cat = kz_chart_data_add_category (chart, f->question_id);

          kz_chart_data_set_value (chart, series, cat, shown && f->has_score ? f->score : NAN, shown ? f->n : 0);
          n_chart++;
        }
    }
  if (n_chart > 0)
    kz_report_add_chart (report, _("Whole-round score by question"), chart);
  return report;
}

KzReport *
kz_reports_enps (const KzSurveyRound *round,
                 GPtrArray           *figures)
{
  const char *headers[] = { N_("Group"), N_("eNPS"), N_("95% interval"), N_("n"), N_("Promoters"),
                            N_("Passives"), N_("Detractors"), N_("Shown") };
  const char *translated[G_N_ELEMENTS (headers)];
  KzReport *report = kz_report_new (_("Employee Net Promoter Score"));
  g_autofree char *what = round_text (round);
  g_autofree char *k = g_strdup_printf ("%u", round->k);
  g_autoptr(KzChartData) chart = kz_chart_data_new (KZ_CHART_BAR, KZ_CHART_UNIT_SCORE, _("eNPS by group"));
  guint table, series;

  kz_report_add_filter (report, _("Round"), what);
  kz_report_add_filter (report, _("Smallest group shown (k)"), k);
  kz_report_add_paragraph (report, _("eNPS = 100 × (promoters − detractors) ÷ n, with the adjusted-Wald 95% "
                                     "interval, for the whole round and each team; a group with fewer than k "
                                     "answers, or one that another would reveal, is withheld."));
  for (guint i = 0; i < G_N_ELEMENTS (headers); i++)
    translated[i] = _(headers[i]);
  table = kz_report_add_table (report, _("Per group"), G_N_ELEMENTS (headers), translated);
  for (guint c = 1; c < 7; c++)
    kz_report_table_set_numeric (report, table, c);

  kz_chart_data_set_category_title (chart, _("Group"));
  kz_chart_data_set_category_noun (chart, _("group"), _("groups"));
  series = kz_chart_data_add_series (chart, _("eNPS"));
  kz_chart_data_set_interval_label (chart, _("95% interval"));
  kz_chart_data_set_range (chart, -100, 100);

  for (guint i = 0; i < figures->len; i++)
    {
      const KzSurveyFigure *f = g_ptr_array_index (figures, i);
      guint cat;

      if (f->kind != KZ_FIGURE_QUESTION || !f->is_enps)
        continue;
      cat = kz_chart_data_add_category (chart, figure_group (f));
      if (f->suppression != KZ_SHOWN || !f->has_enps)
        {
          g_autofree char *reason = kz_suppression_reason (f->suppression, round->k);
          g_autofree char *note = g_strdup_printf (_("suppressed: %s"), reason ? reason : _("no answers"));
          const char *cells[] = { figure_group (f), "—", "—", "—", "—", "—", "—", note };

          kz_report_table_add_row (report, table, cells);
          kz_chart_data_set_value (chart, series, cat, NAN, 0);
        }
      else
        {
          const KzEnps *e = &f->enps;
          g_autofree char *v = g_strdup_printf ("%+.0f", e->enps);
          /* TRANSLATORS: an interval, "-38 to +10" */
          g_autofree char *interval = g_strdup_printf (_("%+.0f to %+.0f"), e->low, e->high);
          g_autofree char *n = g_strdup_printf ("%u", e->n);
          g_autofree char *p = g_strdup_printf ("%u", e->promoters);
          g_autofree char *pa = g_strdup_printf ("%u", e->passives);
          g_autofree char *d = g_strdup_printf ("%u", e->detractors);
          const char *cells[] = { figure_group (f), v, interval, n, p, pa, d, _("yes") };

          kz_report_table_add_row (report, table, cells);
          kz_chart_data_set_value (chart, series, cat, e->enps, e->n);
          kz_chart_data_set_interval (chart, series, cat, e->low, e->high);
        }
    }
  kz_report_add_chart (report, _("eNPS by group"), chart);
  return report;
}

KzReport *
kz_reports_disputes (KzStore   *store,
                     GPtrArray *disputes,
                     gboolean   open_only)
{
  /* TRANSLATORS: short headers, "No." the dispute's number, "Rev." the revision disputed */
  const char *headers[] = { N_("No."), N_("Raised"), N_("Evaluation"), N_("Rev."), N_("Agent"),
                            N_("State"), N_("Closed"), N_("Criteria") };
  const char *translated[G_N_ELEMENTS (headers)];
  KzReport *report = kz_report_new (_("Disputes"));
  g_autofree char *count = g_strdup_printf ("%u", disputes->len);
  guint table;

  kz_report_add_filter (report, _("Disputes"), open_only ? _("open only") : _("all, newest first"));
  kz_report_add_filter (report, _("Count"), count);
  for (guint i = 0; i < G_N_ELEMENTS (headers); i++)
    translated[i] = _(headers[i]);
  table = kz_report_add_table (report, _("Disputes, newest first"), G_N_ELEMENTS (headers), translated);
  kz_report_table_set_numeric (report, table, 0);
  kz_report_table_set_numeric (report, table, 2);
  kz_report_table_set_numeric (report, table, 3);
  for (guint i = 0; i < disputes->len; i++)
    {
      const KzDispute *d = g_ptr_array_index (disputes, i);
      g_autoptr(KzPerson) p = d->raised_by > 0 ? kz_store_get_person (store, d->raised_by, NULL) : NULL;
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, d->id);
      g_autofree char *raised = d->raised_at ? g_date_time_format (d->raised_at, "%Y-%m-%d") : g_strdup ("—");
      g_autofree char *closed = d->closed_at ? g_date_time_format (d->closed_at, "%Y-%m-%d") : g_strdup ("—");
      g_autofree char *eval = g_strdup_printf ("%" G_GINT64_FORMAT, d->evaluation_id);
      g_autofree char *rev = g_strdup_printf ("%d", d->revision);
      g_autoptr(GString) criteria = g_string_new (NULL);
      const char *cells[G_N_ELEMENTS (headers)];

      for (guint k = 0; k < d->items->len; k++)
        {
          const KzDisputeItem *item = g_ptr_array_index (d->items, k);

          g_string_append_printf (criteria, "%s%s (%s)", k ? ", " : "", item->criterion_id,
                                  kz_resolution_to_string (item->resolution));
        }
      cells[0] = id;
      cells[1] = raised;
      cells[2] = eval;
      cells[3] = rev;
      cells[4] = p ? p->name : "—";
      cells[5] = kz_dispute_state_to_string (d->state);
      cells[6] = closed;
      cells[7] = criteria->str;
      kz_report_table_add_row (report, table, cells);
    }
  return report;
}

static char *
alpha_cell (const KzAgreement *a)
{
  return a->defined ? g_strdup_printf ("%.3f", a->alpha) : g_strdup ("—");
}

static char *
raw_cell (const KzAgreement *a)
{
  return a->n_pairs > 0 ? g_strdup_printf ("%.1f%%", 100.0 * a->raw_agreement) : g_strdup ("—");
}

static char *
person_text (KzStore *store,
             gint64   id)
{
  g_autoptr(KzPerson) p = id > 0 ? kz_store_get_person (store, id, NULL) : NULL;

  return g_strdup (p != NULL ? p->name : "—");
}

KzReport *
kz_reports_calibration (KzStore                   *store,
                        const KzCalibrationReport *cal)
{
  const char *headers[] = { N_("Criterion"), N_("Title"), N_("Metric"), N_("α"), N_("Raw agreement"),
                            N_("Units") };
  const char *reviewer_headers[] = { N_("Reviewer"), N_("Alignment with the lead"), N_("Bias (points)"),
                                     N_("Units") };
  const char *translated[G_N_ELEMENTS (headers)];
  KzReport *report = kz_report_new (_("Calibration session"));
  const KzCalibrationSession *s = cal->session;
  g_autofree char *session = g_strdup_printf (_("%s (session %lld)"), s->title, (long long) s->id);
  g_autofree char *rubric = g_strdup_printf (_("%s, version %d"), s->rubric_id, s->rubric_version);
  g_autofree char *lead = person_text (store, s->lead_id);
  g_autofree char *n_eval = g_strdup_printf ("%u", cal->evaluations->len);
  g_autoptr(KzChartData) chart = kz_chart_data_new (KZ_CHART_BAR, KZ_CHART_UNIT_SCORE,
                                                    _("each reviewer's bias against the consensus, in points"));
  double extent = 5;
  guint table, series;

  kz_report_add_filter (report, _("Session"), session);
  kz_report_add_filter (report, _("Rubric"), rubric);
  kz_report_add_filter (report, _("Lead"), lead);
  kz_report_add_filter (report, _("Evaluations"), n_eval);
  {
    g_autofree char *a = alpha_cell (&cal->result->total);
    g_autofree char *raw = raw_cell (&cal->result->total);
    g_autofree char *text = g_strdup_printf (_("Final score: Krippendorff's α %s (interval), agreement %s, "
                                               "over %u units."), a, raw, cal->result->total.n_units);

    kz_report_add_paragraph (report, text);
  }

  for (guint i = 0; i < G_N_ELEMENTS (headers); i++)
    translated[i] = _(headers[i]);
  table = kz_report_add_table (report, _("Agreement per criterion"), G_N_ELEMENTS (headers), translated);
  for (guint c = 3; c < G_N_ELEMENTS (headers); c++)
    kz_report_table_set_numeric (report, table, c);
  for (guint i = 0; i < cal->result->criteria->len; i++)
    {
      const KzCriterionAgreement *ca = g_ptr_array_index (cal->result->criteria, i);
      g_autofree char *a = alpha_cell (&ca->agreement);
      g_autofree char *raw = raw_cell (&ca->agreement);
      g_autofree char *units = g_strdup_printf ("%u", ca->agreement.n_units);
      const char *cells[] = { ca->criterion->id, ca->criterion->title, kz_alpha_metric_to_string (ca->metric),
                              a, raw, units };

      kz_report_table_add_row (report, table, cells);
    }

  for (guint i = 0; i < G_N_ELEMENTS (reviewer_headers); i++)
    translated[i] = _(reviewer_headers[i]);
  table = kz_report_add_table (report, _("Reviewers"), G_N_ELEMENTS (reviewer_headers), translated);
  for (guint c = 1; c < G_N_ELEMENTS (reviewer_headers); c++)
    kz_report_table_set_numeric (report, table, c);
  kz_chart_data_set_category_title (chart, _("Reviewer"));
  kz_chart_data_set_category_noun (chart, _("reviewer"), _("reviewers"));
  series = kz_chart_data_add_series (chart, _("Bias (points)"));
  for (guint i = 0; i < cal->result->reviewers->len; i++)
    {
      const KzReviewerAlignment *ra = g_ptr_array_index (cal->result->reviewers, i);
      g_autofree char *name = person_text (store, ra->reviewer_id);
      g_autofree char *alignment = ra->has_alignment ? g_strdup_printf ("%.1f%%", 100 * ra->alignment)
                                                     : g_strdup (ra->reviewer_id == s->lead_id
                                                                 ? _("(the reference)") : "—");
      g_autofree char *bias = ra->has_bias ? g_strdup_printf ("%+.1f", ra->bias) : g_strdup ("—");
      g_autofree char *units = g_strdup_printf ("%u", ra->n_units);
      const char *cells[] = { name, alignment, bias, units };
      guint cat;

      kz_report_table_add_row (report, table, cells);
      cat = kz_chart_data_add_category (chart, name);
      kz_chart_data_set_value (chart, series, cat, ra->has_bias ? ra->bias : NAN, ra->n_units);
      if (ra->has_bias)
        extent = MAX (extent, fabs (ra->bias));
    }
  kz_chart_data_set_range (chart, -extent, extent);
  kz_report_add_chart (report, _("Bias against the consensus"), chart);
  return report;
}

KzReport *
kz_reports_calibration_trends (KzStore                   *store,
                               const KzCalibrationTrends *trends,
                               GDateTime                 *from,
                               GDateTime                 *to)
{
  const char *headers[] = { N_("Reviewer"), N_("Sessions"), N_("Mean bias (points)"),
                            N_("Drift (points a month)") };
  const char *criterion_headers[] = { N_("Rubric"), N_("Criterion"), N_("Metric"), N_("Sessions"), N_("α"),
                                      N_("Raw agreement"), N_("Units") };
  const char *point_headers[] = { N_("Reviewer"), N_("Session"), N_("Closed"), N_("Bias (points)") };
  const char *translated[G_N_ELEMENTS (criterion_headers)];
  KzReport *report = kz_report_new (_("Calibration trends"));
  g_autofree char *n = g_strdup_printf ("%u", trends->n_sessions);
  g_autoptr(KzChartData) chart = kz_chart_data_new (KZ_CHART_BAR, KZ_CHART_UNIT_SCORE,
                                                    _("each reviewer's mean bias over sessions, in points"));
  double extent = 5;
  guint table, series;

  if (from != NULL && to != NULL)
    kz_reports_add_period (report, from, to);
  else if (from != NULL || to != NULL)
    {
      g_autofree char *day = g_date_time_format (from != NULL ? from : to, "%Y-%m-%d");
      /* TRANSLATORS: a period open at one end */
      g_autofree char *text = g_strdup_printf (from != NULL ? _("from %s") : _("before %s"), day);

      kz_report_add_filter (report, _("Period"), text);
    }
  else
    kz_report_add_filter (report, _("Period"), _("all time"));
  kz_report_add_filter (report, _("Closed sessions"), n);
  kz_report_add_paragraph (report, _("Each reviewer's bias is their final score minus the consensus of the "
                                     "session, in points; the drift is the least-squares slope of that bias "
                                     "over time, in points per 30 days. The criteria are those agreed on "
                                     "least, α pooled over the sessions."));

  for (guint i = 0; i < G_N_ELEMENTS (headers); i++)
    translated[i] = _(headers[i]);
  table = kz_report_add_table (report, _("Reviewers' bias and drift"), G_N_ELEMENTS (headers), translated);
  for (guint c = 1; c < G_N_ELEMENTS (headers); c++)
    kz_report_table_set_numeric (report, table, c);
  kz_chart_data_set_category_title (chart, _("Reviewer"));
  kz_chart_data_set_category_noun (chart, _("reviewer"), _("reviewers"));
  series = kz_chart_data_add_series (chart, _("Mean bias (points)"));
  for (guint i = 0; i < trends->drift->len; i++)
    {
      const KzReviewerDrift *d = g_ptr_array_index (trends->drift, i);
      g_autofree char *name = person_text (store, d->reviewer_id);
      g_autofree char *sessions = g_strdup_printf ("%u", d->n_sessions);
      g_autofree char *bias = d->n_sessions > 0 ? g_strdup_printf ("%+.1f", d->mean_bias) : g_strdup ("—");
      g_autofree char *drift = d->has_drift ? g_strdup_printf ("%+.1f", d->drift) : g_strdup ("—");
      const char *cells[] = { name, sessions, bias, drift };
      guint cat;

      kz_report_table_add_row (report, table, cells);
      cat = kz_chart_data_add_category (chart, name);
      kz_chart_data_set_value (chart, series, cat, d->n_sessions > 0 ? d->mean_bias : NAN, d->n_sessions);
      if (d->n_sessions > 0)
        extent = MAX (extent, fabs (d->mean_bias));
    }
  kz_chart_data_set_range (chart, -extent, extent);
  if (trends->drift->len > 0)
    kz_report_add_chart (report, _("Mean bias by reviewer"), chart);

  for (guint i = 0; i < G_N_ELEMENTS (criterion_headers); i++)
    translated[i] = _(criterion_headers[i]);
  table = kz_report_add_table (report, _("Criteria agreed on least"), G_N_ELEMENTS (criterion_headers),
                               translated);
  for (guint c = 3; c < G_N_ELEMENTS (criterion_headers); c++)
    kz_report_table_set_numeric (report, table, c);
  for (guint i = 0; i < trends->criteria->len; i++)
    {
      const KzCriterionTrend *t = g_ptr_array_index (trends->criteria, i);
      g_autofree char *sessions = g_strdup_printf ("%u", t->n_sessions);
      g_autofree char *a = alpha_cell (&t->agreement);
      g_autofree char *raw = raw_cell (&t->agreement);
      g_autofree char *units = g_strdup_printf ("%u", t->agreement.n_units);
      const char *cells[] = { t->rubric_id, t->criterion_id, kz_alpha_metric_to_string (t->metric), sessions,
                              a, raw, units };

      kz_report_table_add_row (report, table, cells);
    }

  for (guint i = 0; i < G_N_ELEMENTS (point_headers); i++)
    translated[i] = _(point_headers[i]);
  table = kz_report_add_table (report, _("Bias by session"), G_N_ELEMENTS (point_headers), translated);
  kz_report_table_set_numeric (report, table, 1);
  kz_report_table_set_numeric (report, table, 3);
  for (guint i = 0; i < trends->points->len; i++)
    {
      const KzBiasPoint *p = g_ptr_array_index (trends->points, i);
      g_autofree char *name = person_text (store, p->reviewer_id);
      g_autofree char *session = g_strdup_printf ("%" G_GINT64_FORMAT, p->session_id);
      g_autofree char *closed = p->closed_at ? g_date_time_format (p->closed_at, "%Y-%m-%d") : g_strdup ("—");
      g_autofree char *bias = p->has_bias ? g_strdup_printf ("%+.1f", p->bias) : g_strdup ("—");
      const char *cells[] = { name, session, closed, bias };

      kz_report_table_add_row (report, table, cells);
    }
  return report;
}

KzReport *
kz_reports_impact (const KzImpact     *impact,
                   const char         *rubric_id,
                   const char         *criterion_id,
                   const GDate        *date,
                   const KzImpactPlan *plan,
                   gboolean            from_plans,
                   guint               n_left_out)
{
  const char *headers[] = { N_("Figure"), N_("Value") };
  const char *translated[G_N_ELEMENTS (headers)];
  KzReport *report = kz_report_new (_("Did coaching work?"));
  g_autofree char *sentence = kz_impact_describe (impact);
  g_autofree char *windows = g_strdup_printf (_("%u days before the date; %u days from %u days after it"),
                                              plan->window_days, plan->window_days, plan->gap_days);
  g_autofree char *min = g_strdup_printf ("%u", plan->min_evaluations);
  gboolean number = impact->kind != KZ_IMPACT_NOT_ENOUGH_DATA;
  gboolean effect = impact->kind == KZ_IMPACT_EFFECT;
  char day[16] = "";
  guint table;

  if (g_date_valid (date))
    g_date_strftime (day, sizeof day, "%Y-%m-%d", date);
  kz_report_add_filter (report, _("Rubric"), rubric_id);
  kz_report_add_filter (report, _("Criterion"), criterion_id);
  kz_report_add_filter (report, _("Coaching date"), day);
  kz_report_add_filter (report, _("Windows"), windows);
  kz_report_add_filter (report, _("Evaluations an agent needs in each window"), min);
  kz_report_add_filter (report, _("Coached agents"), from_plans ? _("from the plans") : _("as given"));
  if (plan->match_pre_range)
    kz_report_add_filter (report, _("Compared with"), _("agents whose pre score is within the coached range"));
  kz_report_add_paragraph (report, sentence);

  for (guint i = 0; i < G_N_ELEMENTS (headers); i++)
    translated[i] = _(headers[i]);
  table = kz_report_add_table (report, _("Figures"), G_N_ELEMENTS (headers), translated);
  kz_report_table_set_numeric (report, table, 1);
#define ROW(label, ok, ...) G_STMT_START { \
    g_autofree char *v_ = (ok) ? g_strdup_printf (__VA_ARGS__) : g_strdup ("—"); \
    const char *cells_[] = { label, v_ }; \
    kz_report_table_add_row (report, table, cells_); } G_STMT_END
  ROW (effect ? _("Effect (points)") : _("Change (points)"), number, "%+.2f", impact->effect);
  ROW (_("95% low"), number, "%+.2f", impact->low);
  ROW (_("95% high"), number, "%+.2f", impact->high);
  ROW (_("Degrees of freedom"), number, "%.1f", impact->df);
  ROW (_("Coached agents"), TRUE, "%u", impact->n_coached);
  ROW (_("Compared agents"), TRUE, "%u", impact->n_comparison);
  if (from_plans)
    ROW (_("Coached at other times, left out"), TRUE, "%u", n_left_out);
  ROW (_("Hedges' g"), effect, "%.2f", impact->hedges_g);
  ROW (_("Expected drift from regression to the mean (points)"), number && impact->rtm_applies, "%+.2f",
       impact->rtm_expected);
  ROW (_("Coached, before"), number, "%.2f", impact->pre_coached);
  ROW (_("Coached, after"), number, "%.2f", impact->post_coached);
  ROW (_("Compared, before"), effect, "%.2f", impact->pre_comparison);
  ROW (_("Compared, after"), effect, "%.2f", impact->post_comparison);
#undef ROW

  kz_report_add_heading (report, _("Method"));
  kz_report_add_paragraph (report, _("A difference in differences: each agent's mean on the criterion over "
                                     "the window before the coaching date and over the window starting the "
                                     "gap after it, for agents with enough evaluations in both. The effect is "
                                     "the coached agents' mean change minus the others' mean change, with "
                                     "Welch's 95% interval and Hedges' g on the change scores; with fewer "
                                     "than three agents to compare it is the coached change alone (a paired "
                                     "t interval), never called an effect, and with fewer than three coached "
                                     "agents there is no number. When the coached started below the mean of "
                                     "all agents, part of any rise is expected from regression to the mean: "
                                     "(1 − ρ) × (all agents' mean − the coached before), ρ the correlation of "
                                     "agents' before and after means."));

  if (number)
    {
      g_autoptr(KzChartData) chart = kz_chart_data_new (KZ_CHART_LINE, KZ_CHART_UNIT_SCORE,
                                                        _("mean score on the criterion before and after the "
                                                          "coaching date, coached and compared agents"));
      guint before, after, coached;

      kz_chart_data_set_category_title (chart, _("Window"));
      kz_chart_data_set_category_noun (chart, _("window"), _("windows"));
      before = kz_chart_data_add_category (chart, _("Before"));
      after = kz_chart_data_add_category (chart, _("After"));
      coached = kz_chart_data_add_series (chart, _("Coached"));
      kz_chart_data_set_value (chart, coached, before, impact->pre_coached, impact->n_coached);
      kz_chart_data_set_value (chart, coached, after, impact->post_coached, impact->n_coached);
      if (effect)
        {
          guint compared = kz_chart_data_add_series (chart, _("Compared"));

          kz_chart_data_set_value (chart, compared, before, impact->pre_comparison, impact->n_comparison);
          kz_chart_data_set_value (chart, compared, after, impact->post_comparison, impact->n_comparison);
        }
      kz_report_add_chart (report, _("Before and after"), chart);
    }
  return report;
}

KzReport *
kz_reports_principles (GPtrArray  *scores,
                       const char *whose_label,
                       const char *whose,
                       GDateTime  *from,
                       GDateTime  *to)
{
  const char *headers[] = { N_("Principle"), N_("Score"), N_("Weight"), N_("Answers"), N_("Evaluations") };
  const char *translated[G_N_ELEMENTS (headers)];
  KzReport *report = kz_report_new (_("Scores per CX principle"));
  g_autoptr(KzChartData) chart = kz_chart_data_new (KZ_CHART_BAR, KZ_CHART_UNIT_SCORE,
                                                    _("score by CX principle"));
  guint table, series;

  kz_report_add_filter (report, whose_label != NULL ? whose_label : _("Agents"), whose != NULL ? whose : _("all"));
  if (from != NULL && to != NULL)
    kz_reports_add_period (report, from, to);
  else if (from != NULL || to != NULL)
    {
      g_autofree char *day = g_date_time_format (from != NULL ? from : to, "%Y-%m-%d");
      g_autofree char *text = g_strdup_printf (from != NULL ? _("from %s") : _("before %s"), day);

      kz_report_add_filter (report, _("Period"), text);
    }
  else
    kz_report_add_filter (report, _("Period"), _("all time"));
  kz_report_add_paragraph (report, _("Per principle: 100 × Σ w·v ÷ Σ w over the applicable answers of the "
                                     "criteria linked to it — by the criterion or its section — in submitted "
                                     "evaluations; N/A answers and calibration left out, fail rules not "
                                     "applied."));
  for (guint i = 0; i < G_N_ELEMENTS (headers); i++)
    translated[i] = _(headers[i]);
  table = kz_report_add_table (report, _("Per principle"), G_N_ELEMENTS (headers), translated);
  for (guint c = 1; c < G_N_ELEMENTS (headers); c++)
    kz_report_table_set_numeric (report, table, c);
  kz_chart_data_set_category_title (chart, _("Principle"));
  kz_chart_data_set_category_noun (chart, _("principle"), _("principles"));
  series = kz_chart_data_add_series (chart, _("Score"));
  for (guint i = 0; i < scores->len; i++)
    {
      const KzPrincipleScore *s = g_ptr_array_index (scores, i);
      g_autofree char *title = s->in_library ? g_strdup (s->title)
                                             : g_strdup_printf (_("%s (not in the library)"), s->principle_id);
      g_autofree char *score = kz_score_format_percent (s->has_score, s->score);
      g_autofree char *weight = g_strdup_printf ("%g", s->denominator);
      g_autofree char *answers = g_strdup_printf ("%u", s->n_answers);
      g_autofree char *evaluations = g_strdup_printf ("%u", s->n_evaluations);
      const char *cells[] = { title, score, weight, answers, evaluations };
      guint cat;

      kz_report_table_add_row (report, table, cells);
      cat = kz_chart_data_add_category (chart, title);
      kz_chart_data_set_value (chart, series, cat, s->has_score ? s->score : NAN, s->n_answers);
    }
  if (scores->len > 0)
    kz_report_add_chart (report, _("Score by principle"), chart);
  return report;
}
