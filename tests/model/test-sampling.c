/* test-sampling.c — stratified sampling, balanced assignment, coverage
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "kz-error.h"
#include "kz-pg-store-private.h"
#include "kz-sampling.h"
#include "kz-test-db.h"

#define NS "https://kaizen-qa.org/ns/rubric/1"

typedef struct {
  char    *dir;
  gboolean pg;
  GPtrArray *dbs;
  KzStore *store;
  gint64   a, b, c, r2;
  GArray  *a_ids;
} Fixture;

static KzStore *
new_store (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  KzStore *store;

  if (f->pg)
    {
      char *uri = kz_test_pg_create_db ();
      g_ptr_array_add (f->dbs, uri);
      store = kz_pg_store_open (uri, NULL, TRUE, KZ_PG_SCHEMA_VERSION, &error);
    }
  else
    {
      g_autofree char *path = g_strdup_printf ("%s/k%u.db", f->dir, f->dbs->len);
      g_ptr_array_add (f->dbs, g_strdup (path));
      store = kz_store_open (path, &error);
    }
  g_assert_no_error (error);
  return store;
}

static gint64
person (KzStore *store, const char *name, KzRoles roles)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzPerson) p = kz_person_new (name, roles);
  gint64 id = kz_store_add_person (store, p, &error);

  g_assert_no_error (error);
  return id;
}

static gint64
interaction (KzStore *store, KzChannel channel, gint64 agent, int month, int day, int n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) when = g_date_time_new_utc (2026, month, day, 9, 0, 0);
  g_autofree char *ref = g_strdup_printf ("ref-%d", n);
  KzInteraction it = { 0, channel, agent, when, (char *) "x", ref };
  gint64 id = kz_store_add_interaction (store, &it, &error);

  g_assert_no_error (error);
  return id;
}

/* A (agent and reviewer): 5 calls, 3 emails in March and a call in April;
 * B: 2 calls; C: 4 emails, one reviewed (submitted) and one already in R2's
 * queue.  R2 reviews. */
static void
fill (Fixture *f, KzStore *store)
{
  g_autoptr(GError) error = NULL;
  static const char xml[] =
    "<rubric xmlns='" NS "' id='r' version='1'><title>R</title><section id='s'><title>S</title>"
    "<criterion id='k'><title>K</title><guidance>g</guidance>"
    "<scale kind='binary'><point value='0' label='No'/><point value='1' label='Yes'/></scale></criterion>"
    "</section></rubric>";
  g_autoptr(KzRubric) rubric = kz_rubric_load_data (xml, strlen (xml), "r.xml", &error);
  g_autoptr(KzEvaluation) ev = kz_evaluation_new ();
  gint64 c_ids[4];
  int n = 0;

  f->a = person (store, "A", KZ_ROLE_AGENT | KZ_ROLE_REVIEWER);
  f->b = person (store, "B", KZ_ROLE_AGENT);
  f->c = person (store, "C", KZ_ROLE_AGENT);
  f->r2 = person (store, "R2", KZ_ROLE_REVIEWER);
  g_array_set_size (f->a_ids, 0);
  for (int i = 0; i < 5; i++)
    {
      gint64 id = interaction (store, KZ_CHANNEL_CALL, f->a, 3, 2 + i, n++);
      g_array_append_val (f->a_ids, id);
    }
  for (int i = 0; i < 3; i++)
    {
      gint64 id = interaction (store, KZ_CHANNEL_EMAIL, f->a, 3, 10 + i, n++);
      g_array_append_val (f->a_ids, id);
    }
  interaction (store, KZ_CHANNEL_CALL, f->a, 4, 2, n++);
  for (int i = 0; i < 2; i++)
    interaction (store, KZ_CHANNEL_CALL, f->b, 3, 4 + i, n++);
  for (int i = 0; i < 4; i++)
    c_ids[i] = interaction (store, KZ_CHANNEL_EMAIL, f->c, 3, 20 + i, n++);

  g_assert_true (kz_store_add_rubric (store, rubric, NULL, &error));
  ev->rubric_id = g_strdup ("r");
  ev->interaction_id = c_ids[0];
  ev->agent_id = f->c;
  ev->reviewer_id = f->r2;
  ev->state = KZ_EVALUATION_SUBMITTED;
  kz_answer_set_put (ev->answers, kz_answer_new ("k", KZ_ANSWER_VALUE, 1, NULL));
  kz_store_save_evaluation (store, ev, &error);
  g_assert_no_error (error);
  g_assert_true (kz_store_assign (store, c_ids[1], f->r2, &error));
  g_assert_no_error (error);
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->dir = kz_test_tmpdir_new ();
  f->pg = g_strcmp0 (data, "pg") == 0;
  f->dbs = g_ptr_array_new_with_free_func (g_free);
  f->a_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  f->store = new_store (f);
  fill (f, f->store);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->store);
  if (f->pg)
    for (guint i = 0; i < f->dbs->len; i++)
      kz_test_pg_drop_db (g_ptr_array_index (f->dbs, i));
  g_ptr_array_unref (f->dbs);
  g_array_unref (f->a_ids);
  kz_test_tmpdir_free (f->dir);
}

static gint64
queue_length (KzStore *store, gint64 reviewer)
{
  KzInteractionQuery q = { .any_channel = TRUE, .reviewed = KZ_REVIEWED_NO, .assigned_to = reviewer };
  return kz_store_count_interactions (store, &q, NULL);
}

/* Which of A's March interactions were sampled, as a bit mask (they can
 * only have gone to R2). */
static guint
a_sample (Fixture *f, KzStore *store)
{
  KzInteractionQuery q = { .any_channel = TRUE, .assigned_to = f->r2, .agent_id = f->a };
  g_autoptr(GPtrArray) rows = kz_store_search_interactions (store, &q, 0, 100, NULL);
  guint mask = 0;

  for (guint i = 0; i < rows->len; i++)
    for (guint j = 0; j < f->a_ids->len; j++)
      if (g_array_index (f->a_ids, gint64, j) == ((KzInteractionSummary *) rows->pdata[i])->id)
        mask |= 1u << j;
  return mask;
}

static void
test_sample (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) from = g_date_time_new_utc (2026, 3, 1, 0, 0, 0);
  g_autoptr(GDateTime) to = g_date_time_new_utc (2026, 4, 1, 0, 0, 0);
  g_autoptr(GArray) reviewers = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) coverage = NULL;
  KzSamplePlan plan = { from, to, 3, FALSE, 42, reviewers };
  KzSampleResult result = { 0 };
  guint first_mask;

  g_array_append_val (reviewers, f->a);
  g_array_append_val (reviewers, f->r2);

  g_assert_true (kz_sample_and_assign (f->store, &plan, &result, &error));
  g_assert_no_error (error);
  /* Candidates: A 8, B 2, C 4 − reviewed − assigned = 2 → 12 (A's April
   * call is outside).  Quota 3: A 3, B 2 (short), C 2 (short). */
  g_assert_cmpuint (result.n_candidates, ==, 12);
  g_assert_cmpuint (result.n_sampled, ==, 7);
  g_assert_cmpuint (result.n_short, ==, 2);

  /* A's 3 go to R2 (nobody reviews their own work): R2 1 → 4.  B's and
   * C's go to the shorter queue, A's: 0 → 4.  Level queues. */
  g_assert_cmpint (queue_length (f->store, f->a), ==, 4);
  g_assert_cmpint (queue_length (f->store, f->r2), ==, 4);
  {
    KzInteractionQuery own = { .any_channel = TRUE, .assigned_to = f->a, .agent_id = f->a };
    g_assert_cmpint (kz_store_count_interactions (f->store, &own, NULL), ==, 0);
  }

  /* Coverage for March, per agent (by name): A 8/3/0, B 2/2/0, C 4/3/1. */
  coverage = kz_store_coverage (f->store, from, to, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (coverage->len, ==, 3);
  {
    static const guint expected[3][3] = { { 8, 3, 0 }, { 2, 2, 0 }, { 4, 3, 1 } };
    for (guint i = 0; i < 3; i++)
      {
        KzCoverage *c = g_ptr_array_index (coverage, i);
        g_assert_cmpuint (c->n_interactions, ==, expected[i][0]);
        g_assert_cmpuint (c->n_sampled, ==, expected[i][1]);
        g_assert_cmpuint (c->n_reviewed, ==, expected[i][2]);
      }
  }

  first_mask = a_sample (f, f->store);
  g_assert_cmpuint (__builtin_popcount (first_mask), ==, 3);

  /* The same seed on the same data gives the same sample… */
  {
    g_autoptr(KzStore) again = new_store (f);
    fill (f, again);
    g_assert_true (kz_sample_and_assign (again, &plan, &result, &error));
    g_assert_cmpuint (a_sample (f, again), ==, first_mask);
  }
  /* …and some other seed another (56 ways to pick 3 of A's 8). */
  {
    gboolean differs = FALSE;

    for (guint32 seed = 1; seed < 6 && !differs; seed++)
      {
        g_autoptr(KzStore) other = new_store (f);
        KzSamplePlan p = plan;

        fill (f, other);
        p.seed = seed;
        g_assert_true (kz_sample_and_assign (other, &p, &result, &error));
        differs = a_sample (f, other) != first_mask;
      }
    g_assert_true (differs);
  }
}

static void
test_per_channel (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) from = g_date_time_new_utc (2026, 3, 1, 0, 0, 0);
  g_autoptr(GDateTime) to = g_date_time_new_utc (2026, 4, 1, 0, 0, 0);
  g_autoptr(GArray) reviewers = g_array_new (FALSE, FALSE, sizeof (gint64));
  KzSamplePlan plan = { from, to, 3, TRUE, 7, reviewers };
  KzSampleResult result = { 0 };

  g_array_append_val (reviewers, f->r2);
  /* A calls 5 → 3, A emails 3 → 3, B calls 2 → 2 (short), C emails 2 → 2
   * (short): 10. */
  g_assert_true (kz_sample_and_assign (f->store, &plan, &result, &error));
  g_assert_cmpuint (result.n_sampled, ==, 10);
  g_assert_cmpuint (result.n_short, ==, 2);
  g_assert_cmpint (queue_length (f->store, f->r2), ==, 11);

  /* No reviewers: refused. */
  g_array_set_size (reviewers, 0);
  g_assert_false (kz_sample_and_assign (f->store, &plan, &result, &error));
  g_assert_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT);
}

/* The coverage table's totals line and shares, worked out by hand:
 *
 *   agent  interactions  sampled  reviewed  reviewed %
 *   A               8        3         0      0/8  =  0.0%
 *   B               2        2         1      1/2  = 50.0%
 *   C               0        0         0      none:   —
 *   D               3        1         2      2/3  = 66.7%
 *   total          13        6         3      3/13 = 23.1%   (pooled, not the mean of the rows)
 */
static void
test_coverage_totals (void)
{
  KzCoverage rows[] = {
    { 1, (char *) "A", 8, 3, 0 },
    { 2, (char *) "B", 2, 2, 1 },
    { 3, (char *) "C", 0, 0, 0 },
    { 4, (char *) "D", 3, 1, 2 },
  };
  static const char * const shown[] = { "0.0%", "50.0%", "—", "66.7%" };
  g_autoptr(GPtrArray) list = g_ptr_array_new ();
  KzCoverage total = { 99, (char *) "stale", 99, 99, 99 };
  double percent = -1;

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    g_ptr_array_add (list, &rows[i]);
  kz_coverage_totals (list, &total);
  g_assert_cmpint (total.agent_id, ==, 0);
  g_assert_null (total.agent_name);
  g_assert_cmpuint (total.n_interactions, ==, 13);
  g_assert_cmpuint (total.n_sampled, ==, 6);
  g_assert_cmpuint (total.n_reviewed, ==, 3);

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autofree char *text = kz_coverage_format_percent (rows[i].n_reviewed, rows[i].n_interactions);
      g_assert_cmpstr (text, ==, shown[i]);
    }
  {
    g_autofree char *text = kz_coverage_format_percent (total.n_reviewed, total.n_interactions);
    g_assert_cmpstr (text, ==, "23.1%");
  }

  g_assert_true (kz_coverage_percent (1, 2, &percent));
  g_assert_cmpfloat (percent, ==, 50.0);
  g_assert_true (kz_coverage_percent (2, 3, &percent));
  g_assert_cmpfloat_with_epsilon (percent, 66.6666666667, 1e-9);
  g_assert_true (kz_coverage_percent (0, 8, &percent));
  g_assert_cmpfloat (percent, ==, 0.0);
  g_assert_true (kz_coverage_percent (8, 8, &percent));
  g_assert_cmpfloat (percent, ==, 100.0);
  /* An agent with nothing in the period: no share at all, not 0%. */
  percent = -1;
  g_assert_false (kz_coverage_percent (0, 0, &percent));
  g_assert_cmpfloat (percent, ==, 0.0);
  {
    g_autofree char *eighth = kz_coverage_format_percent (1, 8);
    g_autofree char *third = kz_coverage_format_percent (1, 3);
    g_assert_cmpstr (eighth, ==, "12.5%");
    g_assert_cmpstr (third, ==, "33.3%");
  }

  /* No rows: a totals line of zeros, and no share. */
  g_ptr_array_set_size (list, 0);
  kz_coverage_totals (list, &total);
  g_assert_cmpuint (total.n_interactions, ==, 0);
  g_assert_cmpuint (total.n_sampled, ==, 0);
  g_assert_cmpuint (total.n_reviewed, ==, 0);
  kz_coverage_totals (NULL, &total);
  g_assert_cmpuint (total.n_interactions, ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sampling/coverage-totals", test_coverage_totals);

  for (guint b = 0; b < 2; b++)
    {
      const char *backend = b == 0 ? "sqlite" : "pg";

      if (b == 1 && !kz_test_pg_available ())
        break;
#define ADD(name, fn) G_STMT_START { g_autofree char *path_ = g_strconcat ("/", backend, name, NULL); \
        g_test_add (path_, Fixture, backend, fixture_setup, fn, fixture_teardown); } G_STMT_END
      ADD ("/sampling/quota-and-balance", test_sample);
      ADD ("/sampling/per-channel", test_per_channel);
#undef ADD
    }
  return g_test_run ();
}
