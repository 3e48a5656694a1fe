/* test-criterion-trend.c — "My quality"'s criterion averages by week: the
 * agent's against the team's and the target, every number worked out by
 * hand below from scoring.md's "Criterion average = mean of v over
 * applicable answers".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "kz-error.h"
#include "kz-pg-admin.h"
#include "kz-quality-trend.h"
#include "kz-test-db.h"

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

/* For the loader: c1 binary, c2 1–5; no N/A. */
static const char load_rubric_xml[] =
  "<rubric xmlns='" NS "' id='q' version='1' pass-mark='80'><title>Q</title>"
  "<section id='s'><title>S</title>"
  "<criterion id='c1'><title>Greets</title><guidance>g</guidance>"
  "<scale kind='binary'><point value='0' label='No'/><point value='1' label='Yes'/></scale></criterion>"
  "<criterion id='c2'><title>Listens</title><guidance>g</guidance>"
  "<scale kind='ordinal'><point value='1'/><point value='2'/><point value='3'/>"
  "<point value='4'/><point value='5'/></scale></criterion>"
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

/* ---- reading from a store, on both backends ---------------------------------- */

static gint64
add_person (KzStore    *store,
            const char *name,
            KzRoles     roles,
            gint64      team)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzPerson) p = kz_person_new (name, roles);
  gint64 id;

  p->team_id = team;
  p->emails = g_new0 (char *, 2);
  p->emails[0] = g_strdup_printf ("%s-%u@northwind.example", name, g_random_int ());
  id = kz_store_add_person (store, p, &error);
  g_assert_no_error (error);
  return id;
}

static void
add_evaluation (KzStore *store,
                gint64   agent,
                gint64   reviewer,
                int      days_ago,
                int      c1,
                int      c2)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzEvaluation) ev = kz_evaluation_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  ev->rubric_id = g_strdup ("q");
  ev->agent_id = agent;
  ev->reviewer_id = reviewer;
  ev->state = KZ_EVALUATION_SUBMITTED;
  ev->created_at = g_date_time_add_days (now, -days_ago);
  ev->updated_at = g_date_time_ref (ev->created_at);
  kz_answer_set_put (ev->answers, kz_answer_new ("c1", KZ_ANSWER_VALUE, c1, NULL));
  kz_answer_set_put (ev->answers, kz_answer_new ("c2", KZ_ANSWER_VALUE, c2, NULL));
  kz_store_save_evaluation (store, ev, &error);
  g_assert_no_error (error);
}

/* Ana's two: c1 Yes 100 and No 0 → 50; c2 4 → 75 and 2 → 25 → 50.
 * Her teammate Bo's: c1 Yes 100, c2 5 → 100.  Team: c1 200/3, c2 200/3.
 * Cy of another team (c1 No, c2 1) never counts. */
static void
check_trends (GPtrArray *trends,
              gboolean   team_known)
{
  KzQualityTrend *c1, *c2;

  g_assert_nonnull (trends);
  g_assert_cmpuint (trends->len, ==, 2);
  c1 = trends->pdata[0];
  c2 = trends->pdata[1];
  g_assert_cmpuint (c1->agent_n, ==, 2);
  g_assert_cmpfloat_with_epsilon (c1->agent_mean, 50, EPS);
  g_assert_cmpuint (c2->agent_n, ==, 2);
  g_assert_cmpfloat_with_epsilon (c2->agent_mean, 50, EPS);
  g_assert_cmpfloat_with_epsilon (c1->target, 80, EPS);
  g_assert_true (c1->team_known == team_known);
  if (team_known)
    {
      g_assert_cmpuint (c1->team_n, ==, 3);
      g_assert_cmpfloat_with_epsilon (c1->team_mean, 200.0 / 3, EPS);
      g_assert_cmpuint (c2->team_n, ==, 3);
      g_assert_cmpfloat_with_epsilon (c2->team_mean, 200.0 / 3, EPS);
    }
  else
    g_assert_cmpuint (c1->team_n, ==, 0);
}

static void
test_load (gconstpointer data)
{
  gboolean pg = GPOINTER_TO_INT (data);
  g_autoptr(GError) error = NULL;
  char *dir = kz_test_tmpdir_new ();
  g_autofree char *location = pg ? kz_test_pg_create_db () : g_build_filename (dir, "kaizen.db", NULL);
  /* The team server's owner creates the schema. */
  g_autoptr(KzStore) store = pg ? kz_pg_store_open (location, NULL, TRUE, KZ_PG_SCHEMA_VERSION, &error)
                                : kz_store_open (location, &error);
  g_autoptr(KzRubric) rubric = NULL;
  g_autoptr(GPtrArray) trends = NULL;
  gint64 org, site, team, other, ana, bo, cy, rita, mo;

  g_assert_no_error (error);
  rubric = kz_rubric_load_data (load_rubric_xml, sizeof load_rubric_xml - 1, "q.xml", &error);
  g_assert_no_error (error);
  g_assert_true (kz_store_add_rubric (store, rubric, NULL, &error));
  org = kz_store_add_unit (store, KZ_UNIT_ORGANISATION, "Northwind", 0, &error);
  site = kz_store_add_unit (store, KZ_UNIT_SITE, "Leeds", org, &error);
  team = kz_store_add_unit (store, KZ_UNIT_TEAM, "Billing", site, &error);
  other = kz_store_add_unit (store, KZ_UNIT_TEAM, "Meters", site, &error);
  g_assert_no_error (error);
  ana = add_person (store, "Ana", KZ_ROLE_AGENT, team);
  bo = add_person (store, "Bo", KZ_ROLE_AGENT, team);
  cy = add_person (store, "Cy", KZ_ROLE_AGENT, other);
  rita = add_person (store, "Rita", KZ_ROLE_REVIEWER, 0);
  mo = add_person (store, "Mo", KZ_ROLE_MANAGER, team);
  add_evaluation (store, ana, rita, 1, 1, 4);
  add_evaluation (store, ana, rita, 2, 0, 2);
  add_evaluation (store, bo, rita, 1, 1, 5);
  add_evaluation (store, cy, rita, 1, 0, 1);

  /* A single file, or the server's owner: everyone's. */
  trends = kz_quality_trends_load (store, ana, "q", &error);
  g_assert_no_error (error);
  check_trends (trends, TRUE);

  if (pg)
    {
      const char *logins[2] = { "ana", "mo" };
      gint64 people[2] = { ana, mo };

      for (guint i = 0; i < 2; i++)
        {
          g_autofree char *login = g_strdup_printf ("qt_%s_%u", logins[i], g_random_int ());
          g_autofree char *password = g_strdup_printf ("pw-%u-%u", g_random_int (), g_random_int ());
          g_autofree char *uri = NULL;
          g_autoptr(KzStore) as = NULL;
          g_autoptr(GPtrArray) seen = NULL;

          g_assert_true (kz_pg_admin_add_user (KZ_PG_STORE (store), login, password, people[i], &error));
          g_assert_no_error (error);
          uri = kz_test_pg_uri_for (location, login, password);
          as = kz_store_open (uri, &error);
          g_assert_no_error (error);
          seen = kz_quality_trends_load (as, ana, "q", &error);
          g_assert_no_error (error);
          /* Ana's own login reads only her evaluations: the team is not
           * known (rather than "the team" being Ana alone); her team's
           * manager reads the team's. */
          check_trends (seen, i == 1);
        }
    }

  g_clear_object (&store);
  if (pg)
    kz_test_pg_drop_db (location);
  kz_test_tmpdir_free (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_data_func ("/sqlite/quality-trend/load", GINT_TO_POINTER (FALSE), test_load);
  if (kz_test_pg_available ())
    g_test_add_data_func ("/pg/quality-trend/load", GINT_TO_POINTER (TRUE), test_load);
  else
    g_test_message ("KAIZEN_TEST_PG is not set: run under tests/pg/with-pg-server for the team server");
  g_test_add_func ("/quality-trend/week-of", test_week_of);
  g_test_add_func ("/quality-trend/trends", test_trends);
  g_test_add_func ("/quality-trend/empty", test_empty);
  return g_test_run ();
}
