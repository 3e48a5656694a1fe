/* test-criterion-trend.c — "My quality"'s criterion averages by week: the
 * agent's against the team's and the target, every number worked out by
 * hand below from scoring.md's "Criterion average = mean of v over
 * applicable answers".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "kz-quality-trend.h"

#define NS "https://kaizen-qa.org/ns/rubric/1"
#define EPS 1e-9

/* c1 binary; c2 1–5, N/A counts as the top (pass); c3 1–3, N/A excluded. */
static const char rubric_xml[] =
  "<rubric xmlns='" NS "' id='t' version='2' pass-mark='85'><title>T</title>"
  "<section id='s'><title>S</title>"
  "<criterion id='c1'><title>Greets</title><guidance>g</guidance>"
  "<scale kind='binary'><point value='0' label='No'/><point value='1' label='Yes'/></scale></criterion>"
  "<criterion id='c2' na='pass'><title>Listens</title><guidance>g</guidance>"
  "<scale kind='ordinal'><point value='1'/><point value='2'/><point value='3'/>"
  "<point value='4'/><point value='5'/></scale></criterion>"
  "<criterion id='c3' na='exclude' required='false'><title>Notes</title><guidance>g</guidance>"
  "<scale kind='ordinal'><point value='1'/><point value='2'/><point value='3'/></scale></criterion>"
  "</section></rubric>";

/* Version 1: c2 was on a 1–3 scale. */
static const char rubric_v1_xml[] =
  "<rubric xmlns='" NS "' id='t' version='1' pass-mark='85'><title>T</title>"
  "<section id='s'><title>S</title>"
  "<criterion id='c1'><title>Greets</title><guidance>g</guidance>"
  "<scale kind='binary'><point value='0' label='No'/><point value='1' label='Yes'/></scale></criterion>"
  "<criterion id='c2' na='pass'><title>Listens</title><guidance>g</guidance>"
  "<scale kind='ordinal'><point value='1'/><point value='2'/><point value='3'/></scale></criterion>"
  "</section></rubric>";

/* -1: unanswered; 0 with na: N/A. */
typedef struct { double value; gboolean na; } A;
#define U { -1, FALSE }
#define NA { 0, TRUE }
#define V(x) { x, FALSE }

static KzEvaluation *
make (const char *rubric_id,
      int         version,
      const char *iso,
      gboolean    submitted,
      gboolean    calibration,
      A           c1,
      A           c2,
      A           c3)
{
  KzEvaluation *e = kz_evaluation_new ();
  A answers[3] = { c1, c2, c3 };
  const char *ids[3] = { "c1", "c2", "c3" };

  e->rubric_id = g_strdup (rubric_id);
  e->rubric_version = version;
  e->state = submitted ? KZ_EVALUATION_SUBMITTED : KZ_EVALUATION_DRAFT;
  e->is_calibration = calibration;
  e->created_at = g_date_time_new_from_iso8601 (iso, NULL);
  e->submitted_at = g_date_time_ref (e->created_at);
  for (int i = 0; i < 3; i++)
    {
      if (answers[i].na)
        kz_answer_set_put (e->answers, kz_answer_new (ids[i], KZ_ANSWER_NA, 0, NULL));
      else if (answers[i].value >= 0)
        kz_answer_set_put (e->answers, kz_answer_new (ids[i], KZ_ANSWER_VALUE, answers[i].value, NULL));
    }
  return e;
}

static void
check_week (KzQualityTrend *trend,
            guint             index,
            const char       *monday,
            guint             agent_n,
            double            agent_mean,
            guint             team_n,
            double            team_mean)
{
  KzQualityWeek *week;
  g_autofree char *text = NULL;

  g_assert_cmpuint (index, <, trend->weeks->len);
  week = g_ptr_array_index (trend->weeks, index);
  text = g_date_time_format (week->week, "%Y-%m-%d %H:%M");
  g_assert_cmpstr (text, ==, monday);
  g_assert_cmpuint (week->agent_n, ==, agent_n);
  if (agent_n > 0)
    g_assert_cmpfloat_with_epsilon (week->agent_mean, agent_mean, EPS);
  g_assert_cmpuint (week->team_n, ==, team_n);
  if (team_n > 0)
    g_assert_cmpfloat_with_epsilon (week->team_mean, team_mean, EPS);
}

static void
test_week_of (void)
{
  const char *cases[][2] = {
    { "2026-11-08T23:30:00Z", "2026-11-02" },   /* a Sunday: the Monday before */
    { "2026-11-09T00:00:00Z", "2026-11-09" },   /* Monday midnight: its own week */
    { "2026-11-09T00:30:00+02:00", "2026-11-02" }, /* Sunday 22:30 UTC */
    { "2026-01-01T12:00:00Z", "2025-12-29" },   /* a Thursday, across the new year */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GDateTime) at = g_date_time_new_from_iso8601 (cases[i][0], NULL);
      g_autoptr(GDateTime) week = kz_quality_week_of (at);
      g_autofree char *text = g_date_time_format (week, "%Y-%m-%d");

      g_assert_cmpstr (text, ==, cases[i][1]);
      g_assert_cmpint (g_date_time_get_hour (week), ==, 0);
    }
}

static void
test_trends (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzRubric) rubric = kz_rubric_load_data (rubric_xml, sizeof rubric_xml - 1, "t.xml", &error);
  g_autoptr(KzRubric) v1 = NULL;
  g_autoptr(GHashTable) versions = g_hash_table_new (g_direct_hash, g_direct_equal);
  g_autoptr(GPtrArray) mine = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_evaluation_free);
  g_autoptr(GPtrArray) team = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_evaluation_free);
  g_autoptr(GPtrArray) trends = NULL;
  KzQualityTrend *c1, *c2, *c3;

  g_assert_no_error (error);
  v1 = kz_rubric_load_data (rubric_v1_xml, sizeof rubric_v1_xml - 1, "t1.xml", &error);
  g_assert_no_error (error);
  g_hash_table_insert (versions, GINT_TO_POINTER (2), rubric);
  g_hash_table_insert (versions, GINT_TO_POINTER (1), v1);

  /* The agent's, each also in the team's list:
   *   E1 Tue 3 Nov (week 2 Nov): c1 Yes → 100, c2 4 → (4−1)/4 = 75, c3 N/A excluded
   *   E2 Sun 8 Nov 23:30 (week 2 Nov): c1 No → 0, c2 N/A pass → 100, c3 2 → 50
   *   E3 Mon 9 Nov 00:00 (week 9 Nov): c1 Yes → 100, c2 2 → 25, c3 unanswered
   *   E4 Tue 10 Nov, version 1 (week 9 Nov): c2 3 on 1–3 → 100, c1 unanswered
   * Left out: a calibration evaluation, a draft, another rubric's. */
  for (int pass = 0; pass < 2; pass++)
    {
      GPtrArray *to = pass == 0 ? mine : team;

      g_ptr_array_add (to, make ("t", 2, "2026-11-03T10:00:00Z", TRUE, FALSE, (A) V (1), (A) V (4), (A) NA));
      g_ptr_array_add (to, make ("t", 2, "2026-11-08T23:30:00Z", TRUE, FALSE, (A) V (0), (A) NA, (A) V (2)));
      g_ptr_array_add (to, make ("t", 2, "2026-11-09T00:00:00Z", TRUE, FALSE, (A) V (1), (A) V (2), (A) U));
      g_ptr_array_add (to, make ("t", 1, "2026-11-10T09:00:00Z", TRUE, FALSE, (A) U, (A) V (3), (A) U));
      g_ptr_array_add (to, make ("t", 2, "2026-11-10T09:00:00Z", TRUE, TRUE, (A) V (0), (A) V (1), (A) V (1)));
      g_ptr_array_add (to, make ("t", 2, "2026-11-10T09:00:00Z", FALSE, FALSE, (A) V (0), (A) V (1), (A) V (1)));
      g_ptr_array_add (to, make ("other", 2, "2026-11-10T09:00:00Z", TRUE, FALSE, (A) V (0), (A) V (1), (A) V (1)));
    }
  /* Teammates:
   *   T1 Wed 4 Nov (week 2 Nov): c1 Yes 100, c2 5 → 100, c3 3 → 100
   *   T2 Mon 16 Nov (week 16 Nov): c1 No 0, c2 1 → 0, c3 1 → 0 */
  g_ptr_array_add (team, make ("t", 2, "2026-11-04T08:00:00Z", TRUE, FALSE, (A) V (1), (A) V (5), (A) V (3)));
  g_ptr_array_add (team, make ("t", 2, "2026-11-16T08:00:00Z", TRUE, FALSE, (A) V (0), (A) V (1), (A) V (1)));

  trends = kz_quality_trends_compute (rubric, versions, mine, team);
  g_assert_cmpuint (trends->len, ==, 3);
  c1 = g_ptr_array_index (trends, 0);
  c2 = g_ptr_array_index (trends, 1);
  c3 = g_ptr_array_index (trends, 2);
  g_assert_cmpstr (c1->criterion_id, ==, "c1");
  g_assert_cmpstr (c2->title, ==, "Listens");
  g_assert_cmpstr (c3->criterion_id, ==, "c3");
  /* The target is the pass mark. */
  g_assert_cmpfloat_with_epsilon (c1->target, 85, EPS);

  /* c1 agent: 100, 0, 100 → 200/3; week 2 Nov (100 + 0)/2 = 50, week 9 Nov 100.
   * team: + T1 100, T2 0 → 300/5 = 60; week 2 Nov 200/3, 9 Nov 100, 16 Nov 0. */
  g_assert_cmpuint (c1->agent_n, ==, 3);
  g_assert_cmpfloat_with_epsilon (c1->agent_mean, 200.0 / 3, EPS);
  g_assert_cmpuint (c1->team_n, ==, 5);
  g_assert_cmpfloat_with_epsilon (c1->team_mean, 60, EPS);
  g_assert_true (c1->team_known);
  g_assert_cmpuint (c1->weeks->len, ==, 3);
  check_week (c1, 0, "2026-11-02 00:00", 2, 50, 3, 200.0 / 3);
  check_week (c1, 1, "2026-11-09 00:00", 1, 100, 1, 100);
  check_week (c1, 2, "2026-11-16 00:00", 0, 0, 1, 0);

  /* c2 agent: 75, 100 (N/A pass), 25, 100 (3 on version 1's 1–3) → 300/4 = 75;
   * week 2 Nov 87.5, week 9 Nov (25 + 100)/2 = 62.5.
   * team: + T1 100, T2 0 → 400/6; week 2 Nov 275/3, 9 Nov 62.5, 16 Nov 0. */
  g_assert_cmpuint (c2->agent_n, ==, 4);
  g_assert_cmpfloat_with_epsilon (c2->agent_mean, 75, EPS);
  g_assert_cmpuint (c2->agent_na, ==, 1);
  g_assert_cmpuint (c2->team_n, ==, 6);
  g_assert_cmpfloat_with_epsilon (c2->team_mean, 400.0 / 6, EPS);
  check_week (c2, 0, "2026-11-02 00:00", 2, 87.5, 3, 275.0 / 3);
  check_week (c2, 1, "2026-11-09 00:00", 2, 62.5, 2, 62.5);
  check_week (c2, 2, "2026-11-16 00:00", 0, 0, 1, 0);

  /* c3 agent: N/A excluded, 50 → 50, n 1, one N/A.  team: 50, 100, 0 → 50.
   * No one answered it in the week of 9 Nov: that week is not listed. */
  g_assert_cmpuint (c3->agent_n, ==, 1);
  g_assert_cmpuint (c3->agent_na, ==, 1);
  g_assert_cmpfloat_with_epsilon (c3->agent_mean, 50, EPS);
  g_assert_cmpuint (c3->team_n, ==, 3);
  g_assert_cmpfloat_with_epsilon (c3->team_mean, 50, EPS);
  g_assert_cmpuint (c3->weeks->len, ==, 2);
  check_week (c3, 0, "2026-11-02 00:00", 1, 50, 2, 75);
  check_week (c3, 1, "2026-11-16 00:00", 0, 0, 1, 0);
}

static void
test_empty (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzRubric) rubric = kz_rubric_load_data (rubric_xml, sizeof rubric_xml - 1, "t.xml", &error);
  g_autoptr(GPtrArray) trends = kz_quality_trends_compute (rubric, NULL, NULL, NULL);
  g_autoptr(GPtrArray) none = g_ptr_array_new ();
  g_autoptr(GPtrArray) known = kz_quality_trends_compute (rubric, NULL, none, none);

  /* No team given is not known; an empty team is known, with no answers. */
  g_assert_false (((KzQualityTrend *) trends->pdata[0])->team_known);
  g_assert_true (((KzQualityTrend *) known->pdata[0])->team_known);
  g_assert_cmpuint (((KzQualityTrend *) known->pdata[0])->team_n, ==, 0);
  g_assert_cmpuint (trends->len, ==, 3);
  for (guint i = 0; i < trends->len; i++)
    {
      KzQualityTrend *trend = g_ptr_array_index (trends, i);

      g_assert_cmpuint (trend->agent_n, ==, 0);
      g_assert_cmpuint (trend->team_n, ==, 0);
      g_assert_cmpuint (trend->weeks->len, ==, 0);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/quality-trend/week-of", test_week_of);
  g_test_add_func ("/quality-trend/trends", test_trends);
  g_test_add_func ("/quality-trend/empty", test_empty);
  return g_test_run ();
}
