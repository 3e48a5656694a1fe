/* test-chart-data.c — the charts' data layer, with no display and no GTK
 *
 * gui/kz-chart-data.c is built into this test alone, against GLib and the
 * model only (tests/gui/meson.build): a GTK include there would not build.
 * Every expected number and string below is worked out by hand from the
 * fixture next to it — Heckbert's nice numbers for the ticks, the linear
 * maps, the colour steps from their definition in kz-chart-data.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <math.h>
#include <string.h>

#include "kz-chart-data.h"

#define HIDDEN "Hidden: fewer than 5 answers"

/* ---- layout maths ------------------------------------------------------------ */

static void
assert_axis (double   lo,
             double   hi,
             guint    max_ticks,
             gboolean whole,
             double   want_lo,
             double   want_hi,
             double   want_step,
             guint    want_ticks)
{
  KzChartAxis axis;

  kz_chart_axis_nice (&axis, lo, hi, max_ticks, whole);
  g_assert_cmpfloat_with_epsilon (axis.lo, want_lo, 1e-9);
  g_assert_cmpfloat_with_epsilon (axis.hi, want_hi, 1e-9);
  g_assert_cmpfloat_with_epsilon (axis.step, want_step, 1e-9);
  g_assert_cmpuint (axis.n_ticks, ==, want_ticks);
}

static void
test_ticks (void)
{
  KzChartAxis axis;

  /* Scores: range nice(100) = 100, step round-nice(100/5 = 20) = 20. */
  assert_axis (0, 100, 6, FALSE, 0, 100, 20, 6);
  kz_chart_axis_nice (&axis, 0, 100, 6, FALSE);
  for (guint i = 0; i < 6; i++)
    g_assert_cmpfloat_with_epsilon (kz_chart_axis_get_tick (&axis, i), 20.0 * i, 1e-9);
  /* Three ticks: step round-nice(50) = 50. */
  assert_axis (0, 100, 3, FALSE, 0, 100, 50, 3);
  /* Counts 3–47: range nice(44) = 50, step round-nice(12.5) = 10,
   * floor(3/10)·10 = 0 to ceil(47/10)·10 = 50. */
  assert_axis (3, 47, 6, TRUE, 0, 50, 10, 6);
  assert_axis (0, 47, 6, TRUE, 0, 50, 10, 6);
  /* 72.3–84.1: range nice(11.8) = 20, step round-nice(4) = 5 → 70…85. */
  assert_axis (72.3, 84.1, 6, FALSE, 70, 85, 5, 4);
  /* Small counts: range nice(3) = 5, step round-nice(1) = 1 → 0…3. */
  assert_axis (0, 3, 6, TRUE, 0, 3, 1, 4);
  /* 0–1: step round-nice(0.2) = 0.2, but a count has no fifths. */
  assert_axis (0, 1, 6, FALSE, 0, 1, 0.2, 6);
  assert_axis (0, 1, 6, TRUE, 0, 1, 1, 2);
  /* 0–1234: range nice(1234) = 2000, step round-nice(400) = 500 → 0…1500. */
  assert_axis (0, 1234, 6, TRUE, 0, 1500, 500, 4);
  /* Nothing to span: one unit. */
  assert_axis (0, 0, 6, TRUE, 0, 1, 1, 2);
}

static void
test_pixels (void)
{
  KzChartAxis score, zoom;

  kz_chart_axis_nice (&score, 0, 100, 6, FALSE);
  /* A vertical axis 200 px tall: 0 at the bottom (200), 100 at the top (0). */
  g_assert_cmpfloat_with_epsilon (kz_chart_axis_to_pixel (&score, 0, 200, 0), 200, 1e-9);
  g_assert_cmpfloat_with_epsilon (kz_chart_axis_to_pixel (&score, 100, 200, 0), 0, 1e-9);
  g_assert_cmpfloat_with_epsilon (kz_chart_axis_to_pixel (&score, 25, 200, 0), 150, 1e-9);
  g_assert_cmpfloat_with_epsilon (kz_chart_axis_to_pixel (&score, 80, 200, 0), 40, 1e-9);
  /* Horizontal, 40 px to 440 px. */
  g_assert_cmpfloat_with_epsilon (kz_chart_axis_to_pixel (&score, 50, 40, 440), 240, 1e-9);
  g_assert_true (isnan (kz_chart_axis_normalise (&score, NAN)));

  kz_chart_axis_nice (&zoom, 72.3, 84.1, 6, FALSE);
  /* 70–85: 80 is 10/15 of the way. */
  g_assert_cmpfloat_with_epsilon (kz_chart_axis_normalise (&zoom, 80), 10.0 / 15.0, 1e-9);
}

static void
test_colour_index (void)
{
  /* Target 80 on 0–100, 4 steps a side: above, (v − 80) / 20 in quarters
   * rounded up (80 itself meets it: 1); below, (80 − v) / 80 likewise. */
  g_assert_cmpint (kz_chart_colour_index (80, 0, 100, TRUE, 80, 4), ==, 1);
  g_assert_cmpint (kz_chart_colour_index (85, 0, 100, TRUE, 80, 4), ==, 1);
  g_assert_cmpint (kz_chart_colour_index (85.1, 0, 100, TRUE, 80, 4), ==, 2);
  g_assert_cmpint (kz_chart_colour_index (90, 0, 100, TRUE, 80, 4), ==, 2);
  g_assert_cmpint (kz_chart_colour_index (97.5, 0, 100, TRUE, 80, 4), ==, 4);
  g_assert_cmpint (kz_chart_colour_index (100, 0, 100, TRUE, 80, 4), ==, 4);
  g_assert_cmpint (kz_chart_colour_index (79.9, 0, 100, TRUE, 80, 4), ==, -1);
  g_assert_cmpint (kz_chart_colour_index (60, 0, 100, TRUE, 80, 4), ==, -1);
  g_assert_cmpint (kz_chart_colour_index (59.9, 0, 100, TRUE, 80, 4), ==, -2);
  g_assert_cmpint (kz_chart_colour_index (40, 0, 100, TRUE, 80, 4), ==, -2);
  g_assert_cmpint (kz_chart_colour_index (20, 0, 100, TRUE, 80, 4), ==, -3);
  g_assert_cmpint (kz_chart_colour_index (0, 0, 100, TRUE, 80, 4), ==, -4);
  /* Outside the range counts as its end. */
  g_assert_cmpint (kz_chart_colour_index (-5, 0, 100, TRUE, 80, 4), ==, -4);
  g_assert_cmpint (kz_chart_colour_index (NAN, 0, 100, TRUE, 80, 4), ==, 0);
  /* A target at the top: reaching it is the strongest step. */
  g_assert_cmpint (kz_chart_colour_index (100, 0, 100, TRUE, 100, 4), ==, 4);
  /* No target: quarters of 0–100 from 1 up. */
  g_assert_cmpint (kz_chart_colour_index (0, 0, 100, FALSE, 0, 4), ==, 1);
  g_assert_cmpint (kz_chart_colour_index (24.9, 0, 100, FALSE, 0, 4), ==, 1);
  g_assert_cmpint (kz_chart_colour_index (25, 0, 100, FALSE, 0, 4), ==, 2);
  g_assert_cmpint (kz_chart_colour_index (99, 0, 100, FALSE, 0, 4), ==, 4);
  g_assert_cmpint (kz_chart_colour_index (100, 0, 100, FALSE, 0, 4), ==, 4);
}

static void
assert_format (KzChartUnit  unit,
               double       value,
               const char  *want)
{
  g_autofree char *text = kz_chart_format_value (unit, value);

  g_assert_cmpstr (text, ==, want);
}

static void
assert_mark (KzChartUnit  unit,
             double       value,
             const char  *want)
{
  g_autofree char *text = kz_chart_format_mark (unit, value);

  g_assert_cmpstr (text, ==, want);
}

static void
test_format (void)
{
  assert_format (KZ_CHART_UNIT_SCORE, 84, "84.0");
  assert_format (KZ_CHART_UNIT_SCORE, 71.24, "71.2");
  assert_format (KZ_CHART_UNIT_SCORE, 83.96, "84.0");
  assert_format (KZ_CHART_UNIT_SCORE, NAN, "—");
  assert_format (KZ_CHART_UNIT_PERCENT, 92.5, "92.5%");
  assert_format (KZ_CHART_UNIT_COUNT, 12, "12");
  assert_format (KZ_CHART_UNIT_COUNT, NAN, "—");
  assert_mark (KZ_CHART_UNIT_SCORE, 80, "80");
  assert_mark (KZ_CHART_UNIT_SCORE, 82.5, "82.5");
  assert_mark (KZ_CHART_UNIT_PERCENT, 80, "80%");
  assert_mark (KZ_CHART_UNIT_COUNT, 0.1 + 0.2, "0.3");
}

static void
test_stride (void)
{
  /* Labels 70 px wide, 8 px apart at least. */
  g_assert_cmpuint (kz_chart_label_stride (100, 70, 8), ==, 1);
  g_assert_cmpuint (kz_chart_label_stride (78, 70, 8), ==, 1);
  g_assert_cmpuint (kz_chart_label_stride (45, 70, 8), ==, 2);   /* ⌈78 / 45⌉ */
  g_assert_cmpuint (kz_chart_label_stride (20, 70, 8), ==, 4);   /* ⌈78 / 20⌉ */
}

/* ---- the fixtures ------------------------------------------------------------ */

static const char * const weeks[] = {
  "2026-09-07", "2026-09-14", "2026-09-21", "2026-09-28", "2026-10-05", "2026-10-12",
  "2026-10-19", "2026-10-26", "2026-11-02", "2026-11-09", "2026-11-16", "2026-11-23",
};
static const double trend[] = { 71.2, 73.5, 72.8, 75.0, 76.4, 74.9, 78.3, 79.1, 80.6, 82.2, 83.7, 84.0 };
static const guint trend_n[] = { 34, 30, 36, 31, 33, 35, 32, 34, 30, 36, 33, 35 };

static KzChartData *
weekly_trend (void)
{
  KzChartData *data = kz_chart_data_new (KZ_CHART_LINE, KZ_CHART_UNIT_SCORE, "weekly quality score");
  guint s;

  kz_chart_data_set_category_title (data, "Week");
  kz_chart_data_set_category_noun (data, "week", "weeks");
  s = kz_chart_data_add_series (data, "Quality score");
  for (guint i = 0; i < G_N_ELEMENTS (weeks); i++)
    kz_chart_data_set_value (data, s, kz_chart_data_add_category (data, weeks[i]), trend[i], trend_n[i]);
  kz_chart_data_set_target (data, 80);
  return data;
}

/* Two teams over three weeks; nobody was scored in the second. */
static KzChartData *
two_teams (void)
{
  KzChartData *data = kz_chart_data_new (KZ_CHART_LINE, KZ_CHART_UNIT_SCORE, "weekly quality score");
  guint billing, meters;

  kz_chart_data_set_category_title (data, "Week");
  kz_chart_data_set_category_noun (data, "week", "weeks");
  kz_chart_data_set_interval_label (data, "95% interval");
  billing = kz_chart_data_add_series (data, "Billing");
  meters = kz_chart_data_add_series (data, "Meters");
  for (guint i = 0; i < 3; i++)
    kz_chart_data_add_category (data, weeks[i]);
  kz_chart_data_set_value (data, billing, 0, 80.0, 0);
  kz_chart_data_set_interval (data, billing, 0, 75.0, 85.0);
  kz_chart_data_set_value (data, billing, 2, 85.5, 0);
  kz_chart_data_set_interval (data, billing, 2, 90.0, 81.0);   /* either order */
  kz_chart_data_set_value (data, meters, 0, 66.6, 0);
  kz_chart_data_set_value (data, meters, 2, 90.1, 0);
  return data;
}

static KzChartData *
pass_rates (void)
{
  KzChartData *data = kz_chart_data_new (KZ_CHART_BAR, KZ_CHART_UNIT_PERCENT, "pass rate by team");
  guint s;

  kz_chart_data_set_category_title (data, "Team");
  kz_chart_data_set_category_noun (data, "team", "teams");
  s = kz_chart_data_add_series (data, "Pass rate");
  kz_chart_data_set_value (data, s, kz_chart_data_add_category (data, "Billing"), 92.5, 40);
  kz_chart_data_set_value (data, s, kz_chart_data_add_category (data, "Meters"), 61.0, 41);
  kz_chart_data_set_value (data, s, kz_chart_data_add_category (data, "Sales"), 80.0, 25);
  kz_chart_data_set_target (data, 80);
  return data;
}

static KzChartData *
volumes (void)
{
  KzChartData *data = kz_chart_data_new (KZ_CHART_BAR, KZ_CHART_UNIT_COUNT, "evaluations by team");
  guint s = kz_chart_data_add_series (data, "Evaluations");

  kz_chart_data_set_value (data, s, kz_chart_data_add_category (data, "Billing"), 3, 0);
  kz_chart_data_set_value (data, s, kz_chart_data_add_category (data, "Meters"), 47, 0);
  kz_chart_data_set_value (data, s, kz_chart_data_add_category (data, "Sales"), 12, 0);
  return data;
}

static const double answers[3][5] = {
  { 0, 1, 4, 15, 20 },   /* Greeting: 40 */
  { 3, 5, 6, 3, 1 },     /* Empathy: 18 */
  { 2, 2, 8, 10, 8 },    /* Accuracy: 30 */
};

static KzChartData *
scale_points (void)
{
  KzChartData *data = kz_chart_data_new (KZ_CHART_STACKED_BAR, KZ_CHART_UNIT_COUNT, "answers by scale point");
  const char *criteria[] = { "Greeting", "Empathy", "Accuracy" };

  kz_chart_data_set_category_title (data, "Criterion");
  kz_chart_data_set_category_noun (data, "criterion", "criteria");
  for (guint c = 0; c < 3; c++)
    kz_chart_data_add_category (data, criteria[c]);
  for (guint p = 0; p < 5; p++)
    {
      g_autofree char *label = g_strdup_printf ("%u", p + 1);
      guint s = kz_chart_data_add_series (data, label);

      for (guint c = 0; c < 3; c++)
        kz_chart_data_set_value (data, s, c, answers[c][p], 0);
    }
  return data;
}

/* Bo's Empathy had a figure (12.0, which would be the lowest) before it
 * was suppressed; Cy's Greeting is suppressed first and set afterwards;
 * Bo's Tone has no data. */
static KzChartData *
agents_by_criterion (void)
{
  KzChartData *data = kz_chart_data_new (KZ_CHART_HEATMAP, KZ_CHART_UNIT_SCORE, "score by agent and criterion");
  const char *criteria[] = { "Greeting", "Empathy", "Accuracy", "Tone" };
  guint ana, bo, cy;

  kz_chart_data_set_category_title (data, "Agent");
  kz_chart_data_set_row_noun (data, "agent", "agents");
  kz_chart_data_set_category_noun (data, "criterion", "criteria");
  for (guint c = 0; c < 4; c++)
    kz_chart_data_add_category (data, criteria[c]);
  ana = kz_chart_data_add_row (data, "Ana");
  bo = kz_chart_data_add_row (data, "Bo");
  cy = kz_chart_data_add_row (data, "Cy");
  kz_chart_data_set_cell (data, ana, 0, 97.5, 12);
  kz_chart_data_set_cell (data, ana, 1, 85.0, 12);
  kz_chart_data_set_cell (data, ana, 2, 72.0, 12);
  kz_chart_data_set_cell (data, ana, 3, 80.0, 12);
  kz_chart_data_set_cell (data, bo, 0, 55.0, 8);
  kz_chart_data_set_cell (data, bo, 1, 12.0, 3);
  kz_chart_data_suppress_cell (data, bo, 1, HIDDEN);
  kz_chart_data_set_cell (data, bo, 2, 66.0, 8);
  kz_chart_data_suppress_cell (data, cy, 0, HIDDEN);
  kz_chart_data_set_cell (data, cy, 0, 50.0, 3);
  kz_chart_data_set_cell (data, cy, 1, 90.0, 6);
  kz_chart_data_set_cell (data, cy, 2, 60.0, 6);
  kz_chart_data_set_cell (data, cy, 3, 79.9, 6);
  kz_chart_data_set_target (data, 80);
  return data;
}

static const double scores[10] = { 0, 0, 1, 2, 5, 9, 14, 28, 45, 16 };   /* 120 in all */

static KzChartData *
score_histogram (void)
{
  KzChartData *data = kz_chart_data_new (KZ_CHART_HISTOGRAM, KZ_CHART_UNIT_COUNT, "final scores");
  guint s;

  kz_chart_data_set_category_title (data, "Score");
  kz_chart_data_add_bins (data, 0, 10, 10);
  s = kz_chart_data_add_series (data, "Evaluations");
  for (guint i = 0; i < 10; i++)
    kz_chart_data_set_value (data, s, i, scores[i], 0);
  return data;
}

/* Every row of @table as "a | b | c", the headers first. */
static char *
table_text (const KzChartTable *table)
{
  GString *text = g_string_new (NULL);

  for (guint c = 0; c < table->n_columns; c++)
    g_string_append_printf (text, "%s%s", c > 0 ? " | " : "", kz_chart_table_get_header (table, c));
  for (guint r = 0; r < table->n_rows; r++)
    {
      g_string_append_c (text, '\n');
      for (guint c = 0; c < table->n_columns; c++)
        g_string_append_printf (text, "%s%s", c > 0 ? " | " : "", kz_chart_table_get_cell (table, r, c));
    }
  return g_string_free (text, FALSE);
}

static void
assert_description (KzChartData *data,
                    const char  *want)
{
  g_autofree char *description = kz_chart_data_build_description (data);

  g_assert_cmpstr (description, ==, want);
}

static void
assert_tooltip (KzChartData *data,
                guint        category,
                const char  *want)
{
  g_autofree char *text = kz_chart_data_describe_category (data, category);

  g_assert_cmpstr (text, ==, want);
}

/* ---- each kind ---------------------------------------------------------------- */

static void
test_line (void)
{
  g_autoptr(KzChartData) data = weekly_trend ();
  g_autoptr(KzChartTable) table = kz_chart_data_build_table (data);
  const KzChartAxis *axis = kz_chart_data_get_axis (data);

  assert_description (data, "Line chart of weekly quality score, 12 weeks from 2026-09-07 to 2026-11-23, "
                            "from 71.2 to 84.0; target 80.");
  g_assert_cmpuint (table->n_rows, ==, 12);
  g_assert_cmpuint (table->n_columns, ==, 4);
  {
    g_autofree char *head = table_text (table);

    g_assert_true (g_str_has_prefix (head, "Week | Quality score | n | Target\n"
                                           "2026-09-07 | 71.2 | 34 | 80\n"
                                           "2026-09-14 | 73.5 | 30 | 80\n"));
    g_assert_true (g_str_has_suffix (head, "\n2026-11-23 | 84.0 | 35 | 80"));
  }
  /* Scores sit on 0–100 unless asked: 84.0 is 0.84 up, the target 0.8. */
  g_assert_cmpfloat (axis->lo, ==, 0);
  g_assert_cmpfloat (axis->hi, ==, 100);
  g_assert_cmpuint (axis->n_ticks, ==, 6);
  g_assert_cmpfloat_with_epsilon (kz_chart_data_get_norm (data, 0, 11), 0.84, 1e-9);
  g_assert_cmpfloat_with_epsilon (kz_chart_data_get_norm_target (data), 0.8, 1e-9);
  {
    g_autofree char *tick = kz_chart_data_format_tick (data, 4);

    g_assert_cmpstr (tick, ==, "80");
  }
  assert_tooltip (data, 0, "2026-09-07\nQuality score: 71.2 (n = 34)\nTarget: 80");
}

static void
test_line_gaps (void)
{
  g_autoptr(KzChartData) data = two_teams ();
  g_autoptr(KzChartTable) table = kz_chart_data_build_table (data);
  g_autofree char *text = table_text (table);
  double lo, hi;

  assert_description (data, "Line chart of weekly quality score (Billing, Meters), 3 weeks from 2026-09-07 "
                            "to 2026-09-21, from 66.6 to 90.1; no data for 1 week. "
                            "The band shows the 95% interval.");
  g_assert_cmpstr (text, ==,
                   "Week | Billing | Billing, 95% interval | Meters\n"
                   "2026-09-07 | 80.0 | 75.0–85.0 | 66.6\n"
                   "2026-09-14 | — | — | —\n"
                   "2026-09-21 | 85.5 | 81.0–90.0 | 90.1");
  g_assert_true (isnan (kz_chart_data_get_norm (data, 0, 1)));
  g_assert_true (kz_chart_data_get_norm_interval (data, 0, 0, &lo, &hi));
  g_assert_cmpfloat_with_epsilon (lo, 0.75, 1e-9);
  g_assert_cmpfloat_with_epsilon (hi, 0.85, 1e-9);
  g_assert_false (kz_chart_data_get_norm_interval (data, 0, 1, &lo, &hi));
  g_assert_false (kz_chart_data_get_norm_interval (data, 1, 0, &lo, &hi));
  assert_tooltip (data, 0, "2026-09-07\nBilling: 80.0\n95% interval: 75.0–85.0\nMeters: 66.6");
  assert_tooltip (data, 1, "2026-09-14\nBilling: —\nMeters: —");
}

static void
test_bar (void)
{
  g_autoptr(KzChartData) rates = pass_rates ();
  g_autoptr(KzChartData) counts = volumes ();
  g_autoptr(KzChartTable) table = kz_chart_data_build_table (rates);
  g_autofree char *text = table_text (table);
  const KzChartAxis *axis;

  assert_description (rates, "Bar chart of pass rate by team, 3 teams; highest Billing 92.5%, "
                             "lowest Meters 61.0%; target 80%.");
  g_assert_cmpstr (text, ==,
                   "Team | Pass rate | n | Target\n"
                   "Billing | 92.5% | 40 | 80%\n"
                   "Meters | 61.0% | 41 | 80%\n"
                   "Sales | 80.0% | 25 | 80%");
  g_assert_cmpfloat_with_epsilon (kz_chart_data_get_norm (rates, 0, 0), 0.925, 1e-9);
  g_assert_cmpfloat_with_epsilon (kz_chart_data_get_norm_base (rates, 0, 0), 0, 1e-9);
  {
    g_autofree char *tick = kz_chart_data_format_tick (rates, 1);

    g_assert_cmpstr (tick, ==, "20%");
  }
  assert_tooltip (rates, 0, "Billing\nPass rate: 92.5% (n = 40)\nTarget: 80%");

  /* Volumes 3, 47, 12: 0–50 in tens, as kz_chart_axis_nice (3, 47) above. */
  axis = kz_chart_data_get_axis (counts);
  g_assert_cmpfloat (axis->lo, ==, 0);
  g_assert_cmpfloat (axis->hi, ==, 50);
  g_assert_cmpfloat (axis->step, ==, 10);
  {
    g_autofree char *top = kz_chart_data_format_tick (counts, 5);
    g_autofree char *label = kz_chart_data_format_item (counts, 0, 1);

    g_assert_cmpstr (top, ==, "50");
    g_assert_cmpstr (label, ==, "47");
  }
  /* 47 of 50 on a 200 px plot: 12 px from the top. */
  g_assert_cmpfloat_with_epsilon (200 * (1 - kz_chart_data_get_norm (counts, 0, 1)), 12, 1e-9);
  /* No nouns given: the kind's own. */
  assert_description (counts, "Bar chart of evaluations by team, 3 bars; highest Meters 47, lowest Billing 3.");
}

/* Differences with their intervals (the customer's voice): bars both ways
 * from zero, the axis covering every interval, not only the bars. */
static void
test_bar_interval (void)
{
  g_autoptr(KzChartData) data = kz_chart_data_new (KZ_CHART_BAR, KZ_CHART_UNIT_SCORE, "difference");
  g_autofree char *description = NULL;
  const KzChartAxis *axis;
  guint s, a, b;
  double lo, hi;

  kz_chart_data_set_category_title (data, "Criterion");
  s = kz_chart_data_add_series (data, "Difference");
  kz_chart_data_set_interval_label (data, "95% interval");
  a = kz_chart_data_add_category (data, "A");
  b = kz_chart_data_add_category (data, "B");
  kz_chart_data_set_value (data, s, a, 12, 30);
  kz_chart_data_set_interval (data, s, a, -3, 27);
  kz_chart_data_set_value (data, s, b, -5, 30);
  kz_chart_data_set_interval (data, s, b, -20, 10);
  kz_chart_data_set_range (data, -10, 10);
  kz_chart_data_seal (data);

  axis = kz_chart_data_get_axis (data);
  g_assert_cmpfloat (axis->lo, <=, -20);
  g_assert_cmpfloat (axis->hi, >=, 27);
  g_assert_true (kz_chart_data_get_norm_interval (data, s, b, &lo, &hi));
  g_assert_cmpfloat (lo, >=, 0);
  g_assert_cmpfloat_with_epsilon (lo, (-20 - axis->lo) / (axis->hi - axis->lo), 1e-9);
  g_assert_cmpfloat_with_epsilon (hi, (10 - axis->lo) / (axis->hi - axis->lo), 1e-9);
  /* B's bar runs down from zero. */
  g_assert_cmpfloat_with_epsilon (kz_chart_data_get_norm_base (data, s, b), (0 - axis->lo) / (axis->hi - axis->lo),
                                  1e-9);
  g_assert_cmpfloat (kz_chart_data_get_norm (data, s, b), <, kz_chart_data_get_norm_base (data, s, b));
  description = kz_chart_data_build_description (data);
  g_assert_nonnull (strstr (description, "The error bars show the 95% interval."));
}

static void
test_range (void)
{
  g_autoptr(KzChartData) data = pass_rates ();
  const KzChartAxis *axis;

  /* Zoomed to 60–90: range nice(30) = 50, step round-nice(10) = 10.
   * Billing's 92.5 does not fit: the axis grows to 100 to show it. */
  kz_chart_data_set_range (data, 60, 90);
  axis = kz_chart_data_get_axis (data);
  g_assert_cmpfloat (axis->lo, ==, 60);
  g_assert_cmpfloat (axis->hi, ==, 100);
  g_assert_cmpfloat (axis->step, ==, 10);
  /* The baseline is the axis' foot when zero is off it. */
  g_assert_cmpfloat_with_epsilon (kz_chart_data_get_norm_base (data, 0, 1), 0, 1e-9);
  g_assert_cmpfloat_with_epsilon (kz_chart_data_get_norm (data, 0, 1), 0.025, 1e-9);
}

static void
test_stacked (void)
{
  g_autoptr(KzChartData) data = scale_points ();
  g_autoptr(KzChartTable) table = kz_chart_data_build_table (data);
  g_autofree char *text = table_text (table);
  const KzChartAxis *axis = kz_chart_data_get_axis (data);

  assert_description (data, "Stacked bar chart of answers by scale point, 3 criteria split by 1, 2, 3, 4, 5; "
                            "totals from 18 (Empathy) to 40 (Greeting).");
  g_assert_cmpstr (text, ==,
                   "Criterion | 1 | 2 | 3 | 4 | 5 | Total\n"
                   "Greeting | 0 | 1 | 4 | 15 | 20 | 40\n"
                   "Empathy | 3 | 5 | 6 | 3 | 1 | 18\n"
                   "Accuracy | 2 | 2 | 8 | 10 | 8 | 30");
  /* Totals up to 40: range nice(40) = 50, step 10, ceil(40/10)·10 = 40. */
  g_assert_cmpfloat (axis->hi, ==, 40);
  g_assert_cmpuint (axis->n_ticks, ==, 5);
  /* Greeting's "4" sits on 0 + 1 + 4 = 5 and reaches 20: 5/40 to 20/40. */
  g_assert_cmpfloat_with_epsilon (kz_chart_data_get_norm_base (data, 3, 0), 0.125, 1e-9);
  g_assert_cmpfloat_with_epsilon (kz_chart_data_get_norm (data, 3, 0), 0.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (kz_chart_data_get_norm (data, 4, 0), 1.0, 1e-9);
  /* Empathy's top: 18/40. */
  g_assert_cmpfloat_with_epsilon (kz_chart_data_get_norm (data, 4, 1), 0.45, 1e-9);
  assert_tooltip (data, 0, "Greeting\n1: 0\n2: 1\n3: 4\n4: 15\n5: 20\nTotal: 40");
}

/* A string that reads as a number: what a suppressed cell must never be. */
static gboolean
is_number (const char *text)
{
  char *end = NULL;

  g_ascii_strtod (text, &end);
  return end != text;
}

/* Each column against its own target (a criterion's), and a note after a
 * cell's value in its tooltip and in the table (the gaps page's n and N/A
 * rate).  The chart's target is 80; column "X" has its own, 60.  70 is at
 * or above 60 (a "meets" shade) but below 80 (a "below" shade). */
static void
test_heatmap_column_targets (void)
{
  g_autoptr(KzChartData) data = kz_chart_data_new (KZ_CHART_HEATMAP, KZ_CHART_UNIT_SCORE, "criterion mean by agent");
  g_autoptr(KzChartTable) table = NULL;
  g_autofree char *text = NULL;
  g_autofree char *tip = NULL;
  g_autofree char *hidden_tip = NULL;

  kz_chart_data_set_category_title (data, "Agent");
  kz_chart_data_add_category (data, "X");
  kz_chart_data_add_category (data, "Y");
  kz_chart_data_add_row (data, "A");
  kz_chart_data_add_row (data, "B");
  kz_chart_data_set_target (data, 80);
  g_assert_false (kz_chart_data_get_has_column_targets (data));
  kz_chart_data_set_column_target (data, 0, 60);
  g_assert_true (kz_chart_data_get_has_column_targets (data));
  kz_chart_data_set_cell (data, 0, 0, 70, 3);
  kz_chart_data_set_cell (data, 0, 1, 70, 4);
  kz_chart_data_set_cell_note (data, 0, 0, "n = 3, N/A 25.0%");
  kz_chart_data_suppress_cell (data, 1, 0, "Hidden");
  kz_chart_data_set_cell_note (data, 1, 0, "n = 1");
  kz_chart_data_seal (data);

  g_assert_cmpfloat (kz_chart_data_get_column_target (data, 0), ==, 60);
  g_assert_cmpfloat (kz_chart_data_get_column_target (data, 1), ==, 80);
  g_assert_cmpint (kz_chart_data_get_cell_shade (data, 0, 0), >, 0);
  g_assert_cmpint (kz_chart_data_get_cell_shade (data, 0, 1), <, 0);
  g_assert_cmpint (kz_chart_data_get_cell_shade (data, 0, 0), ==, kz_chart_colour_index (70, 0, 100, TRUE, 60, KZ_CHART_N_SHADES));
  g_assert_cmpint (kz_chart_data_get_cell_shade (data, 0, 1), ==, kz_chart_colour_index (70, 0, 100, TRUE, 80, KZ_CHART_N_SHADES));

  table = kz_chart_data_build_table (data);
  text = table_text (table);
  /* A suppressed cell says its reason only: no note, no n. */
  g_assert_cmpstr (text, ==,
                   "Agent | X | Y\n"
                   "A | 70.0 (n = 3, N/A 25.0%) | 70.0\n"
                   "B | Hidden | —");
  tip = kz_chart_data_describe_cell (data, 0, 0);
  g_assert_cmpstr (tip, ==, "A · X\n70.0 (n = 3)\nn = 3, N/A 25.0%");
  hidden_tip = kz_chart_data_describe_cell (data, 1, 0);
  g_assert_cmpstr (hidden_tip, ==, "B · X\nHidden");
}

static void
test_heatmap (void)
{
  g_autoptr(KzChartData) data = agents_by_criterion ();
  g_autoptr(KzChartTable) table = kz_chart_data_build_table (data);
  g_autofree char *text = table_text (table);
  g_autofree char *description = kz_chart_data_build_description (data);
  /* Shades worked out as in test_colour_index, target 80 on 0–100. */
  const int shades[3][4] = {
    { 4, 1, -1, 1 },    /* 97.5, 85.0, 72.0, 80.0 */
    { -2, 0, -1, 0 },   /* 55.0, hidden, 66.0, no data */
    { 0, 2, -1, -1 },   /* hidden, 90.0, 60.0, 79.9 */
  };

  g_assert_cmpstr (description, ==,
                   "Heatmap of score by agent and criterion, 3 agents × 4 criteria, from 55.0 (Bo, Greeting) "
                   "to 97.5 (Ana, Greeting); 2 cells hidden; 1 cell without data; target 80.");
  g_assert_cmpstr (text, ==,
                   "Agent | Greeting | Empathy | Accuracy | Tone\n"
                   "Ana | 97.5 | 85.0 | 72.0 | 80.0\n"
                   "Bo | 55.0 | " HIDDEN " | 66.0 | —\n"
                   "Cy | " HIDDEN " | 90.0 | 60.0 | 79.9");
  for (guint r = 0; r < 3; r++)
    for (guint c = 0; c < 4; c++)
      g_assert_cmpint (kz_chart_data_get_cell_shade (data, r, c), ==, shades[r][c]);

  /* The suppressed cells: their reason, never a number — not the one they
   * had before (12.0, which would have been the lowest), not the one set
   * afterwards (50.0), nor an n. */
  g_assert_true (kz_chart_data_cell_is_suppressed (data, 1, 1));
  g_assert_true (kz_chart_data_cell_is_suppressed (data, 2, 0));
  g_assert_false (kz_chart_data_cell_is_suppressed (data, 1, 3));
  g_assert_true (isnan (kz_chart_data_get_cell_value (data, 1, 1)));
  g_assert_true (isnan (kz_chart_data_get_cell_value (data, 2, 0)));
  g_assert_false (is_number (kz_chart_table_get_cell (table, 1, 2)));
  g_assert_false (is_number (kz_chart_table_get_cell (table, 2, 1)));
  g_assert_null (strstr (text, "12.0"));
  g_assert_null (strstr (text, "50.0"));
  g_assert_null (strstr (description, "12.0"));
  {
    g_autofree char *hidden = kz_chart_data_describe_cell (data, 1, 1);
    g_autofree char *shown = kz_chart_data_describe_cell (data, 0, 0);
    g_autofree char *empty = kz_chart_data_describe_cell (data, 1, 3);
    g_autofree char *label = kz_chart_data_format_cell (data, 2, 0);

    g_assert_cmpstr (hidden, ==, "Bo · Empathy\n" HIDDEN);
    g_assert_cmpstr (shown, ==, "Ana · Greeting\n97.5 (n = 12)");
    g_assert_cmpstr (empty, ==, "Bo · Tone\nNo data");
    g_assert_cmpstr (label, ==, HIDDEN);
  }
  g_assert_true (kz_chart_data_has_values (data));
}

static void
test_histogram (void)
{
  g_autoptr(KzChartData) data = score_histogram ();
  g_autoptr(KzChartTable) table = kz_chart_data_build_table (data);
  g_autoptr(KzChartData) discrete = kz_chart_data_new (KZ_CHART_HISTOGRAM, KZ_CHART_UNIT_COUNT, "answers to Q3");
  const double counts[5] = { 2, 3, 10, 18, 7 };
  const KzChartAxis *axis = kz_chart_data_get_axis (data);
  guint s;

  assert_description (data, "Histogram of final scores, 10 bins from 0–10 to 90–100, 120 in all; "
                            "most in 80–90 (45).");
  g_assert_cmpuint (table->n_rows, ==, 10);
  g_assert_cmpstr (kz_chart_table_get_header (table, 0), ==, "Score");
  g_assert_cmpstr (kz_chart_table_get_header (table, 1), ==, "Evaluations");
  g_assert_cmpstr (kz_chart_table_get_cell (table, 8, 0), ==, "80–90");
  g_assert_cmpstr (kz_chart_table_get_cell (table, 8, 1), ==, "45");
  g_assert_cmpstr (kz_chart_table_get_cell (table, 9, 0), ==, "90–100");
  /* 45 at most: 0–50 in tens. */
  g_assert_cmpfloat (axis->hi, ==, 50);
  g_assert_cmpfloat (axis->step, ==, 10);
  assert_tooltip (data, 8, "80–90\nEvaluations: 45");

  /* 1–5 answers: a bin per point. */
  kz_chart_data_set_category_title (discrete, "Answer");
  kz_chart_data_set_category_noun (discrete, "point", "points");
  s = kz_chart_data_add_series (discrete, "Answers");
  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *point = g_strdup_printf ("%u", i + 1);

      kz_chart_data_set_value (discrete, s, kz_chart_data_add_category (discrete, point), counts[i], 0);
    }
  assert_description (discrete, "Histogram of answers to Q3, 5 points from 1 to 5, 40 in all; most in 4 (18).");
}

static void
test_empty (void)
{
  g_autoptr(KzChartData) line = kz_chart_data_new (KZ_CHART_LINE, KZ_CHART_UNIT_SCORE, "weekly quality score");
  g_autoptr(KzChartData) bar = kz_chart_data_new (KZ_CHART_BAR, KZ_CHART_UNIT_PERCENT, "pass rate by team");
  g_autoptr(KzChartData) heat = kz_chart_data_new (KZ_CHART_HEATMAP, KZ_CHART_UNIT_SCORE, "score by agent");
  g_autoptr(KzChartTable) table = NULL;
  guint s;

  assert_description (line, "Line chart of weekly quality score: no data.");
  s = kz_chart_data_add_series (bar, "Pass rate");
  kz_chart_data_add_category (bar, "Billing");
  kz_chart_data_set_value (bar, s, 0, NAN, 0);
  g_assert_false (kz_chart_data_has_values (bar));
  assert_description (bar, "Bar chart of pass rate by team: no data.");
  table = kz_chart_data_build_table (bar);
  g_assert_cmpuint (table->n_rows, ==, 1);
  g_assert_cmpstr (kz_chart_table_get_cell (table, 0, 1), ==, "—");
  kz_chart_data_add_row (heat, "Ana");
  kz_chart_data_add_category (heat, "Greeting");
  assert_description (heat, "Heatmap of score by agent: no data.");
  /* A suppressed cell is something to show (as hidden), not nothing. */
  kz_chart_data_suppress_cell (heat, 0, 0, HIDDEN);
  g_assert_true (kz_chart_data_has_values (heat));
  assert_description (heat, "Heatmap of score by agent, 1 row × 1 column; 1 cell hidden.");
}

static void
test_sealed (void)
{
  g_autoptr(KzChartData) data = pass_rates ();

  kz_chart_data_seal (data);
  g_test_expect_message ("kz-chart-data", G_LOG_LEVEL_CRITICAL, "*changed after a chart took it*");
  kz_chart_data_set_value (data, 0, 0, 10, 0);
  g_test_assert_expected_messages ();
  g_assert_cmpfloat (kz_chart_data_get_value (data, 0, 0), ==, 92.5);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/chart-data/ticks", test_ticks);
  g_test_add_func ("/chart-data/pixels", test_pixels);
  g_test_add_func ("/chart-data/colour-index", test_colour_index);
  g_test_add_func ("/chart-data/format", test_format);
  g_test_add_func ("/chart-data/stride", test_stride);
  g_test_add_func ("/chart-data/line", test_line);
  g_test_add_func ("/chart-data/line-gaps", test_line_gaps);
  g_test_add_func ("/chart-data/bar", test_bar);
  g_test_add_func ("/chart-data/range", test_range);
  g_test_add_func ("/chart-data/bar-interval", test_bar_interval);
  g_test_add_func ("/chart-data/stacked", test_stacked);
  g_test_add_func ("/chart-data/heatmap", test_heatmap);
  g_test_add_func ("/chart-data/heatmap-column-targets", test_heatmap_column_targets);
  g_test_add_func ("/chart-data/histogram", test_histogram);
  g_test_add_func ("/chart-data/empty", test_empty);
  g_test_add_func ("/chart-data/sealed", test_sealed);
  return g_test_run ();
}
