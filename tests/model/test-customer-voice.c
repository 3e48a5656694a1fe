/* test-customer-voice.c — quality against the customer's voice, on both
 * backends, every number worked out by hand below
 *
 * Rubric v (pass mark 80): c1 binary (passed: Yes); c2 1–5 with target 50
 * (passed: 100 × (value − 1) ÷ 4 ≥ 50, i.e. 3 or more); c3 1–5, N/A
 * allowed, no target (passed: ≥ 80, i.e. only 5).  Ratings on 0–100:
 * CSAT 25 × (r − 1), NPS 10 × r.
 *
 *       c1  c2  c3   rating        0–100  day
 *   E1   1   5  N/A  CSAT 5    →   100    Mar 2
 *   E2   1   2   5   CSAT 4    →    75    Mar 3
 *   E3   0   2   4   NPS 3     →    30    Mar 4
 *   E4   0   1   5   CSAT 2    →    25    Mar 5
 *   E5   1   3  N/A  NPS 8     →    80    Mar 6   (first submitted as c1 0, c2 1: revised)
 *   E6   1   5   2   none                          (no rating: not counted)
 *   E7   0   1   1   CSAT 1    (a draft: not counted)
 *
 * c1: passed {100, 75, 80}: mean 85, s² = (225 + 100 + 25) ÷ 2 = 175;
 *     failed {30, 25}: mean 27.5, s² = 12.5.  diff 57.5,
 *     SE = √(175/3 + 12.5/2) = √64.5833 = 8.03638,
 *     df = 64.5833² ÷ (58.3333²/2 + 6.25²/1) = 2.39651,
 *     t(0.975, 2.39651) = 3.68756 (scipy.stats.t.ppf) → 27.8654 … 87.1346.
 * c2: passed {100, 80} (E5's 3 is exactly 50: passes): mean 90, s² = 200;
 *     failed {75, 30, 25}: mean 43.3333, s² = 1516.67 ÷ 2 = 758.333.
 *     diff 46.6667, SE = √(100 + 252.778) = 18.7824,
 *     df = 352.778² ÷ (100²/1 + 252.778²/2) = 2.96680,
 *     t = 3.20269 → −13.4875 … 106.8208.
 * c3: passed {75, 25} (E2, E4), failed {30} (E3), N/A 2: not enough data.
 * 5 rated evaluations: 3 CSAT, 2 NPS.  15 rated answers (c3's N/As too).
 * Period Mar 2 – Mar 4: c1 passed {100, 75}, failed {30}: not enough data.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "kz-calibration-session.h"
#include "kz-customer-voice.h"
#include "kz-demo.h"
#include "kz-error.h"
#include "kz-pg-store-private.h"
#include "kz-reports.h"
#include "kz-test-db.h"

#define NS "https://kaizen-qa.org/ns/rubric/1"
#define EPS 1e-4

static const char rubric_xml[] =
  "<rubric xmlns='" NS "' id='v' version='1' pass-mark='80'><title>V</title>"
  "<section id='s'><title>S</title>"
  "<criterion id='c1'><title>Greets</title><guidance>g</guidance>"
  "<scale kind='binary'><point value='0' label='No'/><point value='1' label='Yes'/></scale></criterion>"
  "<criterion id='c2' target='50'><title>Solves</title><guidance>g</guidance>"
  "<scale kind='ordinal'><point value='1'/><point value='2'/><point value='3'/>"
  "<point value='4'/><point value='5'/></scale></criterion>"
  "<criterion id='c3' na='exclude' required='false'><title>Warm</title><guidance>g</guidance>"
  "<scale kind='ordinal'><point value='1'/><point value='2'/><point value='3'/>"
  "<point value='4'/><point value='5'/></scale></criterion>"
  "</section></rubric>";

typedef struct {
  char    *dir;
  char    *uri;
  KzStore *store;
  gint64   agent, reviewer;
} Fixture;

static gint64
add_person (KzStore    *store,
            const char *name,
            KzRoles     roles)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzPerson) p = kz_person_new (name, roles);
  gint64 id;

  p->emails = g_new0 (char *, 2);
  p->emails[0] = g_strdup_printf ("%s@northwind.example", name);
  id = kz_store_add_person (store, p, &error);
  g_assert_no_error (error);
  return id;
}

/* c3 < 0: N/A.  scale < 0: no rating. */
static gint64
add_rated (Fixture *f,
           int      day,
           int      c1,
           int      c2,
           int      c3,
           gboolean submitted,
           int      scale,
           int      rating)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzEvaluation) ev = kz_evaluation_new ();
  g_autofree char *iso = g_strdup_printf ("2026-03-%02dT10:00:00Z", day);
  g_autofree char *ref = g_strdup_printf ("call-%d-%d-%d-%d", day, c1, c2, c3);
  g_autoptr(GDateTime) at = g_date_time_new_from_iso8601 (iso, NULL);
  KzInteraction it = { 0, KZ_CHANNEL_CALL, f->agent, at, (char *) "x", ref };
  gint64 interaction = kz_store_add_interaction (f->store, &it, &error);

  g_assert_no_error (error);
  if (scale >= 0)
    {
      KzFeedback fb = { .interaction_id = interaction, .scale = scale, .rating = rating };

      g_assert_true (kz_store_set_feedback (f->store, &fb, &error));
      g_assert_no_error (error);
    }
  ev->interaction_id = interaction;
  ev->rubric_id = g_strdup ("v");
  ev->rubric_version = 1;
  ev->agent_id = f->agent;
  ev->reviewer_id = f->reviewer;
  ev->state = submitted ? KZ_EVALUATION_SUBMITTED : KZ_EVALUATION_DRAFT;
  ev->created_at = g_date_time_ref (at);
  ev->updated_at = g_date_time_ref (at);
  kz_answer_set_put (ev->answers, kz_answer_new ("c1", KZ_ANSWER_VALUE, c1, NULL));
  kz_answer_set_put (ev->answers, kz_answer_new ("c2", KZ_ANSWER_VALUE, c2, NULL));
  kz_answer_set_put (ev->answers, c3 < 0 ? kz_answer_new ("c3", KZ_ANSWER_NA, 0, NULL)
                                         : kz_answer_new ("c3", KZ_ANSWER_VALUE, c3, NULL));
  ev->id = kz_store_save_evaluation (f->store, ev, &error);
  g_assert_no_error (error);
  return ev->id;
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzRubric) rubric = NULL;
  g_autoptr(KzEvaluation) e5 = NULL;
  gint64 id5;

  f->dir = kz_test_tmpdir_new ();
  if (g_str_equal (data, "pg"))
    {
      f->uri = kz_test_pg_create_db ();
      f->store = kz_pg_store_open (f->uri, NULL, TRUE, KZ_PG_SCHEMA_VERSION, &error);
    }
  else
    {
      g_autofree char *path = g_build_filename (f->dir, "k.db", NULL);
      f->store = kz_store_open (path, &error);
    }
  g_assert_no_error (error);
  rubric = kz_rubric_load_data (rubric_xml, sizeof rubric_xml - 1, "v.xml", &error);
  g_assert_no_error (error);
  g_assert_true (kz_store_add_rubric (f->store, rubric, NULL, &error));
  g_assert_no_error (error);
  f->agent = add_person (f->store, "ana", KZ_ROLE_AGENT);
  f->reviewer = add_person (f->store, "rita", KZ_ROLE_REVIEWER);

  add_rated (f, 2, 1, 5, -1, TRUE, KZ_FEEDBACK_CSAT, 5);
  add_rated (f, 3, 1, 2, 5, TRUE, KZ_FEEDBACK_CSAT, 4);
  add_rated (f, 4, 0, 2, 4, TRUE, KZ_FEEDBACK_NPS, 3);
  add_rated (f, 5, 0, 1, 5, TRUE, KZ_FEEDBACK_CSAT, 2);
  id5 = add_rated (f, 6, 0, 1, -1, TRUE, KZ_FEEDBACK_NPS, 8);
  add_rated (f, 7, 1, 5, 2, TRUE, -1, 0);
  add_rated (f, 8, 0, 1, 1, FALSE, KZ_FEEDBACK_CSAT, 1);

  /* E5's second revision: only it counts. */
  e5 = kz_store_get_evaluation (f->store, id5, &error);
  g_assert_no_error (error);
  kz_answer_set_put (e5->answers, kz_answer_new ("c1", KZ_ANSWER_VALUE, 1, NULL));
  kz_answer_set_put (e5->answers, kz_answer_new ("c2", KZ_ANSWER_VALUE, 3, NULL));
  kz_store_save_evaluation (f->store, e5, &error);
  g_assert_no_error (error);
  g_clear_pointer (&e5, kz_evaluation_free);
  e5 = kz_store_get_evaluation (f->store, id5, &error);
  g_assert_cmpint (e5->revision, ==, 2);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->store);
  if (f->uri != NULL)
    kz_test_pg_drop_db (f->uri);
  g_free (f->uri);
  kz_test_tmpdir_free (f->dir);
}

static const KzVoiceCriterion *
find (KzCustomerVoice *voice,
      const char      *id)
{
  for (guint i = 0; i < voice->criteria->len; i++)
    {
      const KzVoiceCriterion *c = g_ptr_array_index (voice->criteria, i);

      if (g_str_equal (c->criterion_id, id))
        return c;
    }
  g_assert_not_reached ();
}

static void
test_rows (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = kz_store_rated_answers (f->store, "v", NULL, NULL, &error);
  guint n_na = 0, n_nps = 0;

  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 15);
  for (guint i = 0; i < rows->len; i++)
    {
      const KzRatedAnswer *r = g_ptr_array_index (rows, i);

      n_na += r->is_na;
      n_nps += r->scale == KZ_FEEDBACK_NPS;
      g_assert_cmpint (r->rubric_version, ==, 1);
      if (i > 0)
        g_assert_cmpint (((KzRatedAnswer *) rows->pdata[i - 1])->evaluation_id, <=, r->evaluation_id);
    }
  g_assert_cmpuint (n_na, ==, 2);
  g_assert_cmpuint (n_nps, ==, 6);   /* E3 and E5, three answers each */

  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = kz_store_rated_answers (f->store, "nope", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 0);
}

static void
test_figures (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzCustomerVoice) voice = kz_customer_voice_compute (f->store, NULL, NULL, NULL, &error);
  const KzVoiceCriterion *c1, *c2, *c3;

  g_assert_no_error (error);
  g_assert_cmpstr (kz_rubric_get_id (voice->rubric), ==, "v");
  g_assert_cmpuint (voice->n_evaluations, ==, 5);
  g_assert_cmpuint (voice->n_csat, ==, 3);
  g_assert_cmpuint (voice->n_nps, ==, 2);
  g_assert_cmpuint (voice->criteria->len, ==, 3);

  c1 = find (voice, "c1");
  g_assert_true (c1->binary);
  g_assert_cmpuint (c1->n_passed, ==, 3);
  g_assert_cmpuint (c1->n_failed, ==, 2);
  g_assert_cmpuint (c1->n_csat, ==, 3);
  g_assert_cmpuint (c1->n_nps, ==, 2);
  g_assert_cmpfloat_with_epsilon (c1->mean_passed, 85, EPS);
  g_assert_cmpfloat_with_epsilon (c1->mean_failed, 27.5, EPS);
  g_assert_true (c1->welch.defined);
  g_assert_null (c1->reason);
  g_assert_cmpfloat_with_epsilon (c1->welch.diff, 57.5, EPS);
  g_assert_cmpfloat_with_epsilon (c1->welch.se, 8.03638, EPS);
  g_assert_cmpfloat_with_epsilon (c1->welch.df, 2.39651, EPS);
  g_assert_cmpfloat_with_epsilon (c1->welch.low, 27.8654, EPS);
  g_assert_cmpfloat_with_epsilon (c1->welch.high, 87.1346, EPS);

  c2 = find (voice, "c2");
  g_assert_false (c2->binary);
  g_assert_cmpfloat_with_epsilon (c2->pass_at, 50, EPS);
  g_assert_cmpuint (c2->n_passed, ==, 2);
  g_assert_cmpuint (c2->n_failed, ==, 3);
  g_assert_cmpfloat_with_epsilon (c2->mean_passed, 90, EPS);
  g_assert_cmpfloat_with_epsilon (c2->mean_failed, 43.3333, EPS);
  g_assert_cmpfloat_with_epsilon (c2->welch.diff, 46.6667, EPS);
  g_assert_cmpfloat_with_epsilon (c2->welch.se, 18.7824, EPS);
  g_assert_cmpfloat_with_epsilon (c2->welch.df, 2.96680, EPS);
  g_assert_cmpfloat_with_epsilon (c2->welch.low, -13.4875, EPS);
  g_assert_cmpfloat_with_epsilon (c2->welch.high, 106.8208, EPS);

  c3 = find (voice, "c3");
  g_assert_cmpfloat_with_epsilon (c3->pass_at, 80, EPS);
  g_assert_cmpuint (c3->n_passed, ==, 2);
  g_assert_cmpuint (c3->n_failed, ==, 1);
  g_assert_cmpuint (c3->n_na, ==, 2);
  g_assert_false (c3->welch.defined);
  g_assert_nonnull (c3->reason);
  g_assert_cmpfloat_with_epsilon (c3->mean_passed, 50, EPS);
  g_assert_cmpfloat_with_epsilon (c3->mean_failed, 30, EPS);
}

static void
test_period (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) from = g_date_time_new_utc (2026, 3, 2, 0, 0, 0);
  g_autoptr(GDateTime) to = g_date_time_new_utc (2026, 3, 5, 0, 0, 0);
  g_autoptr(KzCustomerVoice) voice = kz_customer_voice_compute (f->store, "v", from, to, &error);
  const KzVoiceCriterion *c1;

  g_assert_no_error (error);
  g_assert_cmpuint (voice->n_evaluations, ==, 3);
  c1 = find (voice, "c1");
  g_assert_cmpuint (c1->n_passed, ==, 2);
  g_assert_cmpuint (c1->n_failed, ==, 1);
  g_assert_false (c1->welch.defined);
  g_assert_nonnull (c1->reason);
}

/* The document: the table holds the figures, "not enough data" where there
 * are none; the chart has the differences. */
static void
test_document (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzCustomerVoice) voice = kz_customer_voice_compute (f->store, "v", NULL, NULL, &error);
  g_autoptr(KzReport) report = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *pdf = g_build_filename (f->dir, "voice.pdf", NULL);
  g_auto(GStrv) lines = NULL;
  guint n_pages = 0;

  g_assert_no_error (error);
  report = kz_reports_customer_voice (voice);
  csv = kz_report_table_to_csv (report, 0);
  lines = g_strsplit (csv, "\r\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 5);   /* header, 3 rows, "" */
  g_assert_true (g_str_has_prefix (lines[1], "c1,top point,3,2,85.0,27.5,+57.5,+27.9 to +87.1,"));
  g_assert_true (g_str_has_prefix (lines[2], "c2,≥ 50,2,3,90.0,43.3,+46.7,-13.5 to +106.8,"));
  g_assert_true (g_str_has_prefix (lines[3], "c3,≥ 80,2,1,50.0,30.0,—,—,Not enough data"));
  g_assert_true (kz_report_write_pdf (report, pdf, &n_pages, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_pages, >=, 1);
}

static void
test_unknown_rubric (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzCustomerVoice) voice = kz_customer_voice_compute (f->store, "nope", NULL, NULL, &error);

  g_assert_null (voice);
  g_assert_error (error, KZ_ERROR, KZ_ERROR_NOT_FOUND);
}

/* The pure part, from rows: the scale is the one of the version answered
 * (version 1's c2 ran 1–3, so its 2 is 50 and passes c2's target 50, where
 * version 2's 2 is 25 and fails); rows of a version not given are left out;
 * two passes rated alike and two fails rated alike have no spread. */
static const char rubric_v1_xml[] =
  "<rubric xmlns='" NS "' id='v' version='1' pass-mark='80'><title>V</title>"
  "<section id='s'><title>S</title>"
  "<criterion id='c1'><title>Greets</title><guidance>g</guidance>"
  "<scale kind='binary'><point value='0' label='No'/><point value='1' label='Yes'/></scale></criterion>"
  "<criterion id='c2' target='50'><title>Solves</title><guidance>g</guidance>"
  "<scale kind='ordinal'><point value='1'/><point value='2'/><point value='3'/></scale></criterion>"
  "</section></rubric>";

static void
add_row (GPtrArray *rows, gint64 evaluation, int version, const char *criterion, double value,
         KzFeedbackScale scale, int rating)
{
  KzRatedAnswer *r = g_new0 (KzRatedAnswer, 1);

  r->evaluation_id = evaluation;
  r->interaction_id = evaluation;
  r->rubric_version = version;
  r->criterion_id = g_strdup (criterion);
  r->value = value;
  r->scale = scale;
  r->rating = rating;
  g_ptr_array_add (rows, r);
}

static void
test_from_rows (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzRubric) v1 = kz_rubric_load_data (rubric_v1_xml, sizeof rubric_v1_xml - 1, "v1.xml", &error);
  g_autofree char *v2_xml = NULL;
  g_autoptr(KzRubric) v2 = NULL;
  g_autoptr(GHashTable) versions = g_hash_table_new (NULL, NULL);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_rated_answer_free);
  g_autoptr(KzCustomerVoice) voice = NULL;
  const KzVoiceCriterion *c1, *c2;

  g_assert_no_error (error);
  v2_xml = g_strdup (rubric_xml);
  memcpy (strstr (v2_xml, "version='1'"), "version='2'", 11);
  v2 = kz_rubric_load_data (v2_xml, strlen (v2_xml), "v2.xml", &error);
  g_assert_no_error (error);
  g_hash_table_insert (versions, GINT_TO_POINTER (1), v1);
  g_hash_table_insert (versions, GINT_TO_POINTER (2), v2);

  /* c1: passes rated 50, 50 (CSAT 3, NPS 5); fails 25, 25: no spread. */
  add_row (rows, 1, 1, "c1", 1, KZ_FEEDBACK_CSAT, 3);
  add_row (rows, 2, 2, "c1", 1, KZ_FEEDBACK_NPS, 5);
  add_row (rows, 3, 2, "c1", 0, KZ_FEEDBACK_CSAT, 2);
  add_row (rows, 4, 2, "c1", 0, KZ_FEEDBACK_CSAT, 2);
  /* c2 = 2: on version 1 (1–3) 50, passes; on version 2 (1–5) 25, fails. */
  add_row (rows, 1, 1, "c2", 2, KZ_FEEDBACK_CSAT, 3);
  add_row (rows, 2, 2, "c2", 2, KZ_FEEDBACK_NPS, 5);
  /* An unknown version: not counted at all. */
  add_row (rows, 9, 7, "c1", 1, KZ_FEEDBACK_CSAT, 5);
  /* A criterion the latest version does not have: left out. */
  add_row (rows, 1, 1, "gone", 1, KZ_FEEDBACK_CSAT, 3);

  voice = kz_customer_voice_from_rows (v2, versions, rows);
  g_assert_cmpuint (voice->n_evaluations, ==, 4);
  g_assert_cmpuint (voice->n_csat, ==, 3);
  g_assert_cmpuint (voice->n_nps, ==, 1);
  g_assert_cmpuint (voice->criteria->len, ==, 3);
  c1 = find (voice, "c1");
  g_assert_cmpuint (c1->n_passed, ==, 2);
  g_assert_cmpuint (c1->n_failed, ==, 2);
  g_assert_cmpfloat_with_epsilon (c1->mean_passed, 50, EPS);
  g_assert_cmpfloat_with_epsilon (c1->mean_failed, 25, EPS);
  g_assert_false (c1->welch.defined);
  g_assert_nonnull (c1->reason);
  c2 = find (voice, "c2");
  g_assert_cmpuint (c2->n_passed, ==, 1);
  g_assert_cmpuint (c2->n_failed, ==, 1);
  g_assert_cmpfloat_with_epsilon (c2->mean_passed, 50, EPS);   /* version 1's answer, CSAT 3 */
  g_assert_cmpfloat_with_epsilon (c2->mean_failed, 50, EPS);   /* version 2's, NPS 5 */
  g_assert_cmpfloat_with_epsilon (kz_feedback_normalise (KZ_FEEDBACK_CSAT, 1), 0, EPS);
  g_assert_cmpfloat_with_epsilon (kz_feedback_normalise (KZ_FEEDBACK_CSAT, 5), 100, EPS);
  g_assert_cmpfloat_with_epsilon (kz_feedback_normalise (KZ_FEEDBACK_NPS, 7), 70, EPS);
}

/* On the demo data, every criterion's counts and means equal a
 * recomputation through the typed API that does not use the rated-answers
 * query: each submitted evaluation read whole, its interaction's rating
 * looked up, pass or fail decided by this test from the scale's own points.
 * Every interaction of a calibration session is given a rating first, so
 * calibration evaluations would show if they counted. */
static void
test_demo (gconstpointer data)
{
  gboolean pg = GPOINTER_TO_INT (data);
  g_autoptr(GError) error = NULL;
  char *dir = kz_test_tmpdir_new ();
  g_autofree char *location = pg ? kz_test_pg_create_db () : g_build_filename (dir, "kaizen.db", NULL);
  g_autoptr(KzStore) store = pg ? kz_pg_store_open (location, NULL, TRUE, KZ_PG_SCHEMA_VERSION, &error)
                                : kz_store_open (location, &error);
  g_autoptr(GPtrArray) sessions = NULL;
  g_autoptr(KzCustomerVoice) voice = NULL;
  g_autoptr(KzRubric) latest = NULL;
  g_autoptr(GPtrArray) list = NULL;
  KzEvaluationFilter filter = { .rubric_id = "phone-support", .submitted_only = TRUE };
  guint n_rated = 0, n_calibration = 0;

  g_assert_no_error (error);
  g_assert_true (kz_demo_fill (store, NULL, 3, NULL, &error));
  g_assert_no_error (error);
  sessions = kz_store_list_calibrations (store, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < sessions->len; i++)
    {
      const KzCalibrationSession *session = g_ptr_array_index (sessions, i);

      if (g_strcmp0 (session->rubric_id, "phone-support") != 0)
        continue;
      for (guint k = 0; k < session->interaction_ids->len; k++)
        {
          KzFeedback fb = { .interaction_id = g_array_index (session->interaction_ids, gint64, k),
                            .scale = KZ_FEEDBACK_NPS, .rating = 0 };

          g_assert_true (kz_store_set_feedback (store, &fb, &error));
          n_calibration++;
        }
    }
  g_assert_cmpuint (n_calibration, >, 0);

  voice = kz_customer_voice_compute (store, "phone-support", NULL, NULL, &error);
  g_assert_no_error (error);
  latest = kz_store_get_rubric (store, "phone-support", 0, &error);
  list = kz_store_list_evaluations (store, &filter, &error);
  g_assert_no_error (error);

  for (guint ci = 0; ci < voice->criteria->len; ci++)
    {
      const KzVoiceCriterion *got = g_ptr_array_index (voice->criteria, ci);
      const KzCriterion *now = kz_rubric_find_criterion (latest, got->criterion_id);
      double target = now->has_target ? now->target : kz_rubric_get_pass_mark (latest);
      double sum_p = 0, sum_f = 0;
      guint n_p = 0, n_f = 0, n_na = 0;

      n_rated = 0;
      for (guint i = 0; i < list->len; i++)
        {
          const KzEvaluationSummary *s = g_ptr_array_index (list, i);
          g_autoptr(KzEvaluation) ev = kz_store_get_evaluation (store, s->id, &error);
          g_autoptr(KzFeedback) fb = NULL;
          g_autoptr(KzRubric) version = NULL;
          const KzCriterion *then;
          const KzAnswer *a;
          double lo, hi, rating;
          gboolean passed;

          g_assert_no_error (error);
          g_assert_false (ev->is_calibration);
          if (ev->interaction_id == 0 || (fb = kz_store_get_feedback (store, ev->interaction_id, &error)) == NULL)
            continue;
          n_rated++;
          rating = fb->scale == KZ_FEEDBACK_CSAT ? 25.0 * (fb->rating - 1) : 10.0 * fb->rating;
          version = kz_store_get_rubric (store, "phone-support", ev->rubric_version, &error);
          then = kz_rubric_find_criterion (version, got->criterion_id);
          a = kz_answer_set_get (ev->answers, got->criterion_id);
          if (then == NULL || a == NULL || a->kind == KZ_ANSWER_UNANSWERED)
            continue;
          if (a->kind == KZ_ANSWER_NA)
            {
              n_na++;
              continue;
            }
          lo = ((KzScalePoint *) g_ptr_array_index (then->scale->points, 0))->value;
          hi = ((KzScalePoint *) g_ptr_array_index (then->scale->points, then->scale->points->len - 1))->value;
          passed = then->scale->points->len == 2 ? a->value == hi : 100.0 * (a->value - lo) / (hi - lo) >= target - 1e-9;
          if (passed)
            {
              sum_p += rating;
              n_p++;
            }
          else
            {
              sum_f += rating;
              n_f++;
            }
        }
      g_assert_cmpuint (got->n_passed, ==, n_p);
      g_assert_cmpuint (got->n_failed, ==, n_f);
      g_assert_cmpuint (got->n_na, ==, n_na);
      if (n_p > 0)
        g_assert_cmpfloat_with_epsilon (got->mean_passed, sum_p / n_p, 1e-9);
      if (n_f > 0)
        g_assert_cmpfloat_with_epsilon (got->mean_failed, sum_f / n_f, 1e-9);
      g_assert_true (got->welch.defined == (n_p >= 2 && n_f >= 2));
      if (got->welch.defined)
        g_assert_cmpfloat_with_epsilon (got->welch.diff, sum_p / n_p - sum_f / n_f, 1e-9);
    }
  g_assert_cmpuint (voice->n_evaluations, ==, n_rated);
  g_assert_cmpuint (n_rated, >=, 30);

  g_clear_object (&store);
  if (pg)
    kz_test_pg_drop_db (location);
  kz_test_tmpdir_free (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  for (guint b = 0; b < 2; b++)
    {
      const char *backend = b == 0 ? "sqlite" : "pg";

      if (b == 1 && !kz_test_pg_available ())
        break;
#define ADD(name, fn) G_STMT_START { g_autofree char *path_ = g_strconcat ("/", backend, name, NULL); \
        g_test_add (path_, Fixture, backend, fixture_setup, fn, fixture_teardown); } G_STMT_END
      ADD ("/customer-voice/rows", test_rows);
      ADD ("/customer-voice/figures", test_figures);
      ADD ("/customer-voice/period", test_period);
      ADD ("/customer-voice/document", test_document);
      ADD ("/customer-voice/unknown-rubric", test_unknown_rubric);
#undef ADD
    }
  g_test_add_func ("/customer-voice/from-rows", test_from_rows);
  g_test_add_data_func ("/sqlite/customer-voice/demo", GINT_TO_POINTER (FALSE), test_demo);
  if (kz_test_pg_available ())
    g_test_add_data_func ("/pg/customer-voice/demo", GINT_TO_POINTER (TRUE), test_demo);
  return g_test_run ();
}
