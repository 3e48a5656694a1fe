/* test-gaps.c — the gap heatmap and the impact input on both backends
 *
 * On the demo data (the same seed in a single file and on a team server),
 * every cell of kz_gaps_compute() equals a recomputation through the typed
 * API that does not use the aggregate query: each submitted evaluation read
 * whole (kz_store_get_evaluation()), its answers normalised with the scale's
 * own min and max, summed per agent or team by this test.  The dated
 * answers of one criterion (kz_store_criterion_answers()) are checked the
 * same way.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "kz-demo.h"
#include "kz-error.h"
#include "kz-gaps.h"
#include "kz-pg-store-private.h"
#include "kz-test-db.h"

typedef struct {
  char    *dir;
  char    *uri;
  KzStore *store;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

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
  g_assert_true (kz_demo_fill (f->store, NULL, 3, NULL, &error));
  g_assert_no_error (error);
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

typedef struct {
  double sum;
  guint n, n_na;
} Expect;

/* key "unit/criterion" → Expect, from every submitted evaluation read whole. */
static GHashTable *
expected_cells (KzStore    *store,
                const char *rubric_id,
                KzGapsBy    by,
                GDateTime  *from,
                GDateTime  *to,
                guint      *n_evaluations)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzRubric) latest = kz_store_get_rubric (store, rubric_id, 0, &error);
  KzEvaluationFilter filter = { .rubric_id = rubric_id, .submitted_only = TRUE, .from = from, .to = to };
  g_autoptr(GPtrArray) list = kz_store_list_evaluations (store, &filter, &error);
  GHashTable *cells = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GPtrArray *sections;

  g_assert_no_error (error);
  sections = kz_rubric_get_sections (latest);
  *n_evaluations = 0;
  for (guint i = 0; i < list->len; i++)
    {
      const KzEvaluationSummary *s = g_ptr_array_index (list, i);
      g_autoptr(KzEvaluation) ev = kz_store_get_evaluation (store, s->id, &error);
      g_autoptr(KzRubric) version = NULL;
      g_autoptr(KzPerson) agent = NULL;
      gint64 unit;

      g_assert_no_error (error);
      g_assert_false (ev->is_calibration);
      g_assert_cmpint (ev->state, ==, KZ_EVALUATION_SUBMITTED);
      (*n_evaluations)++;
      version = kz_store_get_rubric (store, rubric_id, ev->rubric_version, &error);
      agent = kz_store_get_person (store, ev->agent_id, &error);
      g_assert_no_error (error);
      unit = by == KZ_GAPS_BY_AGENT ? ev->agent_id : agent->team_id;
      for (guint si = 0; si < sections->len; si++)
        {
          const KzSection *section = g_ptr_array_index (sections, si);

          for (guint ci = 0; ci < section->criteria->len; ci++)
            {
              const KzCriterion *c = g_ptr_array_index (section->criteria, ci);
              const KzCriterion *then = kz_rubric_find_criterion (version, c->id);
              const KzAnswer *a = kz_answer_set_get (ev->answers, c->id);
              g_autofree char *key = NULL;
              Expect *e;
              double lo, hi;

              if (then == NULL || a == NULL || a->kind == KZ_ANSWER_UNANSWERED)
                continue;
              key = g_strdup_printf ("%" G_GINT64_FORMAT "/%s", unit, c->id);
              e = g_hash_table_lookup (cells, key);
              if (e == NULL)
                {
                  e = g_new0 (Expect, 1);
                  g_hash_table_insert (cells, g_strdup (key), e);
                }
              if (a->kind == KZ_ANSWER_NA)
                {
                  e->n_na++;
                  continue;
                }
              lo = kz_scale_get_min (then->scale);
              hi = kz_scale_get_max (then->scale);
              e->sum += 100.0 * (a->value - lo) / (hi - lo);
              e->n++;
            }
        }
    }
  return cells;
}

/* The Monday 00:00 UTC of the ISO week holding @t (GLib's calendar). */
static GDateTime *
monday_of (GDateTime *t)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (t);
  g_autoptr(GDateTime) day = g_date_time_new_utc (g_date_time_get_year (utc), g_date_time_get_month (utc),
                                                  g_date_time_get_day_of_month (utc), 0, 0, 0);

  return g_date_time_add_days (day, 1 - g_date_time_get_day_of_week (day));
}

static void
check_report (KzStore    *store,
              const char *rubric_id,
              KzGapsBy    by,
              GDateTime  *from,
              GDateTime  *to)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzGapReport) report = kz_gaps_compute (store, rubric_id, by, from, to, &error);
  g_autoptr(GHashTable) expected = NULL;
  g_autoptr(KzRubric) latest = kz_store_get_rubric (store, rubric_id, 0, NULL);
  g_autoptr(GDateTime) week_from = NULL;
  g_autoptr(GDateTime) week_to = NULL;
  guint n_evaluations;
  double last = INFINITY;

  g_assert_no_error (error);
  /* The report counts whole ISO weeks: from the Monday of @from's week to
   * the Monday after the week of @to's last moment (@to is exclusive). */
  if (from != NULL)
    {
      g_autoptr(GDateTime) before_to = g_date_time_add_seconds (to, -1);
      g_autoptr(GDateTime) last_monday = monday_of (before_to);

      week_from = monday_of (from);
      week_to = g_date_time_add_days (last_monday, 7);
      g_assert_true (g_date_time_equal (report->from, week_from));
      g_assert_true (g_date_time_equal (report->to, week_to));
    }
  else
    g_assert_true (report->from == NULL && report->to == NULL);
  expected = expected_cells (store, rubric_id, by, week_from, week_to, &n_evaluations);
  g_assert_cmpuint (n_evaluations, >, 5);
  g_assert_cmpuint (report->cells->len, ==, g_hash_table_size (expected));
  for (guint i = 0; i < report->cells->len; i++)
    {
      const KzGapCell *c = g_ptr_array_index (report->cells, i);
      g_autofree char *key = g_strdup_printf ("%" G_GINT64_FORMAT "/%s", c->unit_id, c->criterion_id);
      const Expect *e = g_hash_table_lookup (expected, key);
      const KzCriterion *crit = kz_rubric_find_criterion (latest, c->criterion_id);

      g_assert_nonnull (e);
      g_assert_cmpuint (c->n, ==, e->n);
      g_assert_cmpuint (c->n_na, ==, e->n_na);
      g_assert_cmpfloat_with_epsilon (c->na_rate, (double) e->n_na / (e->n + e->n_na), 1e-12);
      g_assert_cmpfloat (c->target, ==, kz_rubric_get_pass_mark (latest));   /* no target= in the demo */
      g_assert_cmpfloat (c->weight, ==, crit->weight);
      g_assert_cmpint (c->has_mean, ==, e->n > 0);
      if (e->n > 0)
        {
          g_assert_cmpfloat_with_epsilon (c->mean, e->sum / e->n, 1e-9);
          g_assert_cmpfloat_with_epsilon (c->gap, c->target - e->sum / e->n, 1e-9);
          g_assert_cmpfloat_with_epsilon (c->priority, c->gap * crit->weight, 1e-9);
          g_assert_cmpfloat (c->priority, <=, last);
          last = c->priority;
        }
      g_assert_nonnull (c->unit_name);
    }
}

static void
test_gaps_match_evaluations (Fixture *f, gconstpointer data)
{
  /* Tuesday 1 September to Wednesday 14 October 2026 (to is exclusive):
   * the weeks Monday 31 August … Sunday 18 October. */
  g_autoptr(GDateTime) from = g_date_time_new_utc (2026, 9, 1, 0, 0, 0);
  g_autoptr(GDateTime) to = g_date_time_new_utc (2026, 10, 15, 0, 0, 0);
  g_autoptr(GDateTime) want_from = g_date_time_new_utc (2026, 8, 31, 0, 0, 0);
  g_autoptr(GDateTime) want_to = g_date_time_new_utc (2026, 10, 19, 0, 0, 0);
  g_autoptr(GDateTime) got_from = NULL;
  g_autoptr(GDateTime) got_to = NULL;

  kz_gaps_round_period (from, to, NULL, NULL, &got_from, &got_to);
  g_assert_true (g_date_time_equal (got_from, want_from));
  g_assert_true (g_date_time_equal (got_to, want_to));
  static const char * const rubrics[] = { "phone-support", "email-support", "compliance-account-servicing" };

  for (guint i = 0; i < G_N_ELEMENTS (rubrics); i++)
    {
      check_report (f->store, rubrics[i], KZ_GAPS_BY_AGENT, NULL, NULL);
      check_report (f->store, rubrics[i], KZ_GAPS_BY_TEAM, NULL, NULL);
    }
  check_report (f->store, "phone-support", KZ_GAPS_BY_AGENT, from, to);
  check_report (f->store, "phone-support", KZ_GAPS_BY_TEAM, from, to);
}

static void
test_criterion_answers (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  KzEvaluationFilter filter = { .rubric_id = "phone-support", .submitted_only = TRUE };
  g_autoptr(GPtrArray) list = kz_store_list_evaluations (f->store, &filter, &error);
  g_autoptr(GArray) answers = kz_store_criterion_answers (f->store, "phone-support", "questioning", NULL, NULL,
                                                          &error);
  g_autoptr(GHashTable) want = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  guint n_want = 0;
  gint64 last = G_MININT64;

  g_assert_no_error (error);
  /* evaluation id → "kind value agent date" */
  for (guint i = 0; i < list->len; i++)
    {
      const KzEvaluationSummary *s = g_ptr_array_index (list, i);
      g_autoptr(KzEvaluation) ev = kz_store_get_evaluation (f->store, s->id, &error);
      const KzAnswer *a = kz_answer_set_get (ev->answers, "questioning");

      if (a == NULL || a->kind == KZ_ANSWER_UNANSWERED)
        continue;
      g_hash_table_insert (want, g_memdup2 (&ev->id, sizeof ev->id),
                           g_strdup_printf ("%d %g %" G_GINT64_FORMAT " %" G_GINT64_FORMAT, a->kind == KZ_ANSWER_NA,
                                            a->kind == KZ_ANSWER_NA ? 0 : a->value, ev->agent_id,
                                            g_date_time_to_unix (ev->created_at)));
      n_want++;
    }
  g_assert_cmpuint (n_want, >, 10);
  g_assert_cmpuint (answers->len, ==, n_want);
  for (guint i = 0; i < answers->len; i++)
    {
      const KzCriterionAnswer *a = &g_array_index (answers, KzCriterionAnswer, i);
      g_autofree char *got = g_strdup_printf ("%d %g %" G_GINT64_FORMAT " %" G_GINT64_FORMAT, a->is_na, a->value,
                                              a->agent_id, a->created_at);

      g_assert_cmpstr (got, ==, g_hash_table_lookup (want, &a->evaluation_id));
      g_assert_cmpint (a->created_at, >=, last);   /* oldest first */
      last = a->created_at;
      g_assert_cmpint (a->rubric_version, ==, 1);
    }

  /* A bound cuts by creation time. */
  {
    g_autoptr(GDateTime) from = g_date_time_new_from_unix_utc (g_array_index (answers, KzCriterionAnswer,
                                                                              answers->len / 2).created_at);
    g_autoptr(GArray) later = kz_store_criterion_answers (f->store, "phone-support", "questioning", from, NULL,
                                                          &error);
    guint n = 0;

    g_assert_no_error (error);
    for (guint i = 0; i < answers->len; i++)
      n += g_array_index (answers, KzCriterionAnswer, i).created_at >= g_date_time_to_unix (from);
    g_assert_cmpuint (later->len, ==, n);
  }
}

/* kz_gaps_compute() (roll-ups) equals kz_gaps_compute_from_tallies() (raw
 * answers) over the same whole weeks, cell for cell. */
static void
assert_same_as_raw (KzStore    *store,
                    const char *rubric_id,
                    KzGapsBy    by,
                    GDateTime  *from,
                    GDateTime  *to,
                    const char *when)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) week_from = NULL;
  g_autoptr(GDateTime) week_to = NULL;
  g_autoptr(KzGapReport) rolled = NULL;
  g_autoptr(KzGapReport) raw = NULL;
  g_autoptr(GHashTable) want = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  kz_gaps_round_period (from, to, NULL, NULL, &week_from, &week_to);
  rolled = kz_gaps_compute (store, rubric_id, by, from, to, &error);
  g_assert_no_error (error);
  raw = kz_gaps_compute_from_tallies (store, rubric_id, by, week_from, week_to, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < raw->cells->len; i++)
    {
      KzGapCell *c = g_ptr_array_index (raw->cells, i);
      g_hash_table_insert (want, g_strdup_printf ("%" G_GINT64_FORMAT "/%s", c->unit_id, c->criterion_id), c);
    }
  if (rolled->cells->len != raw->cells->len)
    g_error ("%s, %s by %s: %u cells from the roll-ups, %u from raw answers", when, rubric_id,
             by == KZ_GAPS_BY_AGENT ? "agent" : "team", rolled->cells->len, raw->cells->len);
  g_assert_cmpuint (raw->cells->len, >, 0);
  for (guint i = 0; i < rolled->cells->len; i++)
    {
      const KzGapCell *c = g_ptr_array_index (rolled->cells, i);
      g_autofree char *key = g_strdup_printf ("%" G_GINT64_FORMAT "/%s", c->unit_id, c->criterion_id);
      const KzGapCell *w = g_hash_table_lookup (want, key);

      if (w == NULL)
        g_error ("%s, %s: the roll-ups have %s, raw answers do not", when, rubric_id, key);
      g_assert_cmpuint (c->n, ==, w->n);
      g_assert_cmpuint (c->n_na, ==, w->n_na);
      g_assert_cmpint (c->has_mean, ==, w->has_mean);
      g_assert_cmpstr (c->unit_name, ==, w->unit_name);
      g_assert_cmpfloat_with_epsilon (c->na_rate, w->na_rate, 1e-12);
      if (c->has_mean)
        {
          g_assert_cmpfloat_with_epsilon (c->mean, w->mean, 1e-9);
          g_assert_cmpfloat_with_epsilon (c->priority, w->priority, 1e-9);
        }
    }
}

static void
assert_all_same_as_raw (KzStore *store, GDateTime *from, GDateTime *to, const char *when)
{
  static const char * const rubrics[] = { "phone-support", "email-support", "compliance-account-servicing" };

  for (guint i = 0; i < G_N_ELEMENTS (rubrics); i++)
    for (KzGapsBy by = KZ_GAPS_BY_AGENT; by <= KZ_GAPS_BY_TEAM; by++)
      {
        assert_same_as_raw (store, rubrics[i], by, NULL, NULL, when);
        assert_same_as_raw (store, rubrics[i], by, from, to, when);
      }
}

static double
another_point (const KzCriterion *c, double value)
{
  for (guint i = 0; i < c->scale->points->len; i++)
    {
      const KzScalePoint *p = g_ptr_array_index (c->scale->points, i);
      if (fabs (p->value - value) > 1e-9)
        return p->value;
    }
  g_assert_not_reached ();
}

/* The roll-up path and the raw path agree on the demo, after a reviewer's
 * re-score (a new revision: one answer another value, one N/A) and after
 * an answer is taken out of an evaluation (its next revision lacks it). */
static void
test_gaps_equal_raw (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) from = g_date_time_new_utc (2026, 9, 1, 0, 0, 0);
  g_autoptr(GDateTime) to = g_date_time_new_utc (2026, 10, 15, 0, 0, 0);
  KzEvaluationFilter filter = { .rubric_id = "phone-support", .submitted_only = TRUE, .from = from, .to = to };
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(KzEvaluation) ev = NULL;
  g_autoptr(KzRubric) rubric = NULL;
  g_autoptr(KzGapReport) before = NULL;
  g_autoptr(KzGapReport) after = NULL;
  GHashTableIter iter;
  KzAnswer *a;
  guint n_changed = 0;
  char *gone = NULL;
  gint64 id;

  assert_all_same_as_raw (f->store, from, to, "on the demo");

  list = kz_store_list_evaluations (f->store, &filter, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, >, 0);
  id = ((const KzEvaluationSummary *) g_ptr_array_index (list, 0))->id;
  ev = kz_store_get_evaluation (f->store, id, &error);
  g_assert_no_error (error);
  rubric = kz_store_get_rubric (f->store, ev->rubric_id, ev->rubric_version, &error);
  g_assert_no_error (error);
  before = kz_gaps_compute (f->store, "phone-support", KZ_GAPS_BY_AGENT, from, to, &error);
  g_assert_no_error (error);

  g_hash_table_iter_init (&iter, ev->answers);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &a) && n_changed < 2)
    {
      const KzCriterion *c = kz_rubric_find_criterion (rubric, a->criterion_id);

      if (c == NULL || a->kind != KZ_ANSWER_VALUE)
        continue;
      if (n_changed == 1 && c->na_policy != KZ_NA_FORBIDDEN)
        a->kind = KZ_ANSWER_NA;
      else
        a->value = another_point (c, a->value);
      n_changed++;
    }
  g_assert_cmpuint (n_changed, ==, 2);
  {
    gint64 saved = kz_store_save_evaluation (f->store, ev, &error);

    g_assert_no_error (error);
    g_assert_cmpint (saved, ==, id);
  }
  after = kz_gaps_compute (f->store, "phone-support", KZ_GAPS_BY_AGENT, from, to, &error);
  g_assert_no_error (error);
  /* The change shows: some cell of the agent differs now. */
  {
    gboolean differs = FALSE;

    for (guint i = 0; i < before->cells->len && !differs; i++)
      {
        const KzGapCell *b = g_ptr_array_index (before->cells, i);
        for (guint j = 0; j < after->cells->len; j++)
          {
            const KzGapCell *x = g_ptr_array_index (after->cells, j);
            if (x->unit_id == b->unit_id && g_str_equal (x->criterion_id, b->criterion_id) &&
                (x->n != b->n || x->n_na != b->n_na || fabs (x->mean - b->mean) > 1e-9))
              differs = TRUE;
          }
      }
    g_assert_true (differs);
  }
  assert_all_same_as_raw (f->store, from, to, "after a re-score");

  /* An answer to an optional criterion taken out of an evaluation. */
  for (guint i = 0; i < list->len && gone == NULL; i++)
    {
      g_clear_pointer (&ev, kz_evaluation_free);
      id = ((const KzEvaluationSummary *) g_ptr_array_index (list, i))->id;
      ev = kz_store_get_evaluation (f->store, id, &error);
      g_assert_no_error (error);
      g_hash_table_iter_init (&iter, ev->answers);
      while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &a))
        {
          const KzCriterion *c = kz_rubric_find_criterion (rubric, a->criterion_id);
          if (c != NULL && a->kind == KZ_ANSWER_VALUE && !c->required && ev->rubric_version == 1)
            {
              gone = g_strdup (a->criterion_id);
              break;
            }
        }
    }
  g_assert_nonnull (gone);
  g_hash_table_remove (ev->answers, gone);
  {
    gint64 saved = kz_store_save_evaluation (f->store, ev, &error);

    g_assert_no_error (error);
    g_assert_cmpint (saved, ==, id);
  }
  g_clear_pointer (&ev, kz_evaluation_free);
  ev = kz_store_get_evaluation (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_null (kz_answer_set_get (ev->answers, gone));
  g_free (gone);
  assert_all_same_as_raw (f->store, from, to, "after an answer was deleted");
}

static void
test_unknown_rubric (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzGapReport) report = kz_gaps_compute (f->store, "no-such", KZ_GAPS_BY_AGENT, NULL, NULL, &error);

  g_assert_null (report);
  g_assert_error (error, KZ_ERROR, KZ_ERROR_NOT_FOUND);
  g_clear_error (&error);
  /* No rubric named: the one with the most evaluations. */
  report = kz_gaps_compute (f->store, NULL, KZ_GAPS_BY_TEAM, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kz_rubric_get_id (report->rubric), ==, "phone-support");
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
      ADD ("/gaps/match-evaluations", test_gaps_match_evaluations);
      ADD ("/gaps/criterion-answers", test_criterion_answers);
      ADD ("/gaps/equal-raw", test_gaps_equal_raw);
      ADD ("/gaps/unknown-rubric", test_unknown_rubric);
#undef ADD
    }
  return g_test_run ();
}
