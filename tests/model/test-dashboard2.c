/* test-dashboard2.c — the criterion and reviewer pages' reads equal a naive query over raw answers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each check reads the raw rows with its own plain SQL on a second
 * connection (sqlite3 or libpq), works out each answer's Monday by the
 * calendar, its normalised value from the rubric's scale with its own
 * arithmetic, and groups them itself; then compares with
 * kz_store_rollup_criterion(), kz_store_answer_distribution(),
 * kz_store_reviewer_weeks() and kz_store_drill_evaluations() — on the demo
 * centre, after a re-score (a new revision), and after an evaluation is
 * deleted.  Both backends.
 */
#include "config.h"

#include <math.h>
#include <sqlite3.h>
#include <string.h>

#include "kz-calibration.h"
#include "kz-calibration-session.h"
#include "kz-dash.h"
#include "kz-demo.h"
#include "kz-error.h"
#include "kz-pg-store-private.h"
#include "kz-rollup.h"
#include "kz-store.h"
#include "kz-test-db.h"

#define EPS 1e-9

typedef struct {
  char    *dir;
  char    *path;
  gboolean pg;
  char    *location;
  KzStore *store;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  KzDemoCounts counts = { 0 };

  f->dir = kz_test_tmpdir_new ();
  f->path = g_build_filename (f->dir, "kaizen.db", NULL);
  f->pg = g_strcmp0 (data, "pg") == 0;
  if (f->pg && !kz_test_pg_available ())
    return;
  f->location = f->pg ? kz_test_pg_create_db () : g_strdup (f->path);
  f->store = f->pg ? kz_pg_store_open (f->location, NULL, TRUE, KZ_PG_SCHEMA_VERSION, &error)
                   : kz_store_open (f->location, &error);
  g_assert_no_error (error);
  g_assert_true (kz_demo_fill (f->store, kz_demo_rubrics_dir (), 11, &counts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.n_evaluations, >, 100);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->store);
  if (f->pg && f->location)
    kz_test_pg_drop_db (f->location);
  kz_test_tmpdir_free (f->dir);
  g_free (f->path);
  g_free (f->location);
}

/* The rows of @sql on a second connection, every column as text (NULL
 * stays NULL): a GPtrArray of GStrv-like arrays of @n_cols. */
static GPtrArray *
raw_rows (Fixture *f, const char *sql, int n_cols)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func (g_free);

  if (f->pg)
    {
      PGconn *conn = kz_test_pg_connect (f->location);
      PGresult *r = PQexec (conn, sql);

      if (PQresultStatus (r) != PGRES_TUPLES_OK && PQresultStatus (r) != PGRES_COMMAND_OK)
        g_error ("%s: %s", sql, PQerrorMessage (conn));
      for (int i = 0; i < PQntuples (r); i++)
        {
          char **row = g_new0 (char *, n_cols + 1);
          for (int c = 0; c < n_cols; c++)
            row[c] = PQgetisnull (r, i, c) ? NULL : g_strdup (PQgetvalue (r, i, c));
          g_ptr_array_add (rows, row);
        }
      PQclear (r);
      PQfinish (conn);
    }
  else
    {
      sqlite3 *db = NULL;
      sqlite3_stmt *stmt = NULL;

      g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
      sqlite3_exec (db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
      if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
        g_error ("%s: %s", sql, sqlite3_errmsg (db));
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          char **row = g_new0 (char *, n_cols + 1);
          for (int c = 0; c < n_cols; c++)
            row[c] = sqlite3_column_type (stmt, c) == SQLITE_NULL ? NULL
                   : g_strdup ((const char *) sqlite3_column_text (stmt, c));
          g_ptr_array_add (rows, row);
        }
      sqlite3_finalize (stmt);
      sqlite3_close (db);
    }
  /* Free each row's strings with the row. */
  g_ptr_array_set_free_func (rows, (GDestroyNotify) g_strfreev);
  return rows;
}

static void
raw_exec (Fixture *f, const char *sql)
{
  g_autoptr(GPtrArray) rows = raw_rows (f, sql, 0);
}

static gint64
raw_int (Fixture *f, const char *sql)
{
  g_autoptr(GPtrArray) rows = raw_rows (f, sql, 1);

  g_assert_cmpuint (rows->len, ==, 1);
  return g_ascii_strtoll (((char **) g_ptr_array_index (rows, 0))[0], NULL, 10);
}

/* The Monday (UTC) of @t as days since 1970-01-01, by the calendar. */
static int
monday_of (gint64 t)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (t);
  g_autoptr(GDateTime) day = g_date_time_new_utc (g_date_time_get_year (dt), g_date_time_get_month (dt),
                                                  g_date_time_get_day_of_month (dt), 0, 0, 0);
  g_autoptr(GDateTime) monday = g_date_time_add_days (day, -(g_date_time_get_day_of_week (dt) - 1));

  return (int) (g_date_time_to_unix (monday) / 86400);
}

static void
date_of_day (GDate *d, int day)
{
  g_date_clear (d, 1);
  g_date_set_dmy (d, 1, G_DATE_JANUARY, 1970);
  g_date_add_days (d, day);
}

typedef struct {
  double  sum_v;
  gint64  n_applicable, n_na, n_failed;
  GArray *ids;          /* evaluations with a counted answer, ascending */
} Cell;

static void
cell_free (Cell *c)
{
  g_array_unref (c->ids);
  g_free (c);
}

static Cell *
cell_at (GHashTable *table, char *key)
{
  Cell *c = g_hash_table_lookup (table, key);

  if (c == NULL)
    {
      c = g_new0 (Cell, 1);
      c->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_hash_table_insert (table, key, c);
    }
  else
    g_free (key);
  return c;
}

static void
add_id (GArray *ids, gint64 id)
{
  if (ids->len == 0 || g_array_index (ids, gint64, ids->len - 1) != id)
    g_array_append_val (ids, id);
}

typedef struct {
  GHashTable *cells;     /* "criterion|team|week" → Cell* */
  GHashTable *points;    /* "rubric|criterion|team|na|value" → Cell* (n_applicable: count) */
  GHashTable *reviewers; /* "reviewer|week" → Cell* (n_applicable: evaluations, sum_v: Σ final) */
  GHashTable *criteria;  /* criterion ids */
  GHashTable *rubric_criteria; /* "rubric|criterion" */
  GHashTable *reviewer_ids;
  int         min_week, max_week;
} Naive;

static void
naive_clear (Naive *n)
{
  g_hash_table_unref (n->cells);
  g_hash_table_unref (n->points);
  g_hash_table_unref (n->reviewers);
  g_hash_table_unref (n->criteria);
  g_hash_table_unref (n->rubric_criteria);
  g_hash_table_unref (n->reviewer_ids);
}

static const char naive_sql[] =
  "SELECT e.id, e.reviewer_id, coalesce (p.team_id, 0), e.created_at, e.rubric_id, e.rubric_version, e.final, "
  "       a.criterion_id, a.kind, a.value "
  "FROM evaluations e JOIN people p ON p.id = e.agent_id LEFT JOIN answers a ON a.evaluation_id = e.id "
  "WHERE e.state = 'submitted' AND e.is_calibration = false ORDER BY e.id, a.criterion_id";

static void
naive_compute (Fixture *f, Naive *n)
{
  g_autoptr(GPtrArray) rows = raw_rows (f, naive_sql, 10);
  g_autoptr(GHashTable) rubrics = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                          (GDestroyNotify) kz_rubric_unref);
  gint64 last = -1;

  n->cells = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) cell_free);
  n->points = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) cell_free);
  n->reviewers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) cell_free);
  n->criteria = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  n->rubric_criteria = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  n->reviewer_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  n->min_week = G_MAXINT;
  n->max_week = G_MININT;

  for (guint i = 0; i < rows->len; i++)
    {
      char **r = g_ptr_array_index (rows, i);
      gint64 id = g_ascii_strtoll (r[0], NULL, 10);
      gint64 team = g_ascii_strtoll (r[2], NULL, 10);
      int week = monday_of (g_ascii_strtoll (r[3], NULL, 10));
      g_autofree char *rkey = g_strdup_printf ("%s\n%s", r[4], r[5]);
      KzRubric *rubric = g_hash_table_lookup (rubrics, rkey);
      KzCriterion *c;
      gboolean na, has_x = TRUE;
      double min, max, x;
      Cell *cell, *point;

      n->min_week = MIN (n->min_week, week);
      n->max_week = MAX (n->max_week, week);
      if (id != last)
        {
          Cell *rv = cell_at (n->reviewers, g_strdup_printf ("%s|%d", r[1], week));

          rv->n_applicable++;
          if (r[6] != NULL)
            {
              rv->n_na++;  /* here: scored */
              rv->sum_v += g_ascii_strtod (r[6], NULL);
            }
          add_id (rv->ids, id);
          g_hash_table_add (n->reviewer_ids, g_strdup (r[1]));
          last = id;
        }
      if (r[7] == NULL)
        continue;
      if (rubric == NULL)
        {
          g_autoptr(GError) error = NULL;
          rubric = kz_store_get_rubric (f->store, r[4], atoi (r[5]), &error);
          g_assert_no_error (error);
          g_hash_table_insert (rubrics, g_strdup (rkey), rubric);
        }
      c = kz_rubric_find_criterion (rubric, r[7]);
      na = g_strcmp0 (r[8], "na") == 0;
      if (c == NULL || (na && c->na_policy == KZ_NA_FORBIDDEN))
        continue;
      min = kz_scale_get_min (c->scale);
      max = kz_scale_get_max (c->scale);
      x = na ? 0 : g_ascii_strtod (r[9], NULL);
      if (na)
        {
          if (c->na_policy == KZ_NA_PASS)
            x = max;
          else if (c->na_policy == KZ_NA_FIXED)
            x = c->na_value;
          else
            has_x = FALSE;
        }
      g_hash_table_add (n->criteria, g_strdup (r[7]));
      g_hash_table_add (n->rubric_criteria, g_strdup_printf ("%s|%s", r[4], r[7]));

      /* Per rubric: another rubric's criterion of the same id is another cell. */
      cell = cell_at (n->cells, g_strdup_printf ("%s|%s|%" G_GINT64_FORMAT "|%d", r[4], r[7], team, week));
      cell->n_na += na;
      if (has_x)
        {
          double v = (x - min) / (max - min);

          cell->sum_v += v < 0 ? 0 : v > 1 ? 1 : v;
          cell->n_applicable++;
          if (x <= min + 1e-9 || (c->has_fail_below && x < c->fail_below - 1e-9))
            cell->n_failed++;
        }
      add_id (cell->ids, id);

      /* The distribution keeps the value as given (N/A apart). */
      point = cell_at (n->points, na ? g_strdup_printf ("%s|%s|%" G_GINT64_FORMAT "|na", r[4], r[7], team)
                                     : g_strdup_printf ("%s|%s|%" G_GINT64_FORMAT "|%.6f", r[4], r[7], team,
                                                        g_ascii_strtod (r[9], NULL)));
      point->n_applicable++;
      add_id (point->ids, id);
    }
}

static int
compare_i64 (gconstpointer a, gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;
  return x < y ? -1 : x > y;
}

static void
assert_ids (GArray *got, GArray *want, const char *what)
{
  if (got->len != want->len)
    g_error ("%s: drill-down has %u evaluations, the naive query %u", what, got->len, want->len);
  for (guint i = 0; i < got->len; i++)
    if (g_array_index (got, gint64, i) != g_array_index (want, gint64, i))
      g_error ("%s: drill-down's evaluation %u is %" G_GINT64_FORMAT ", the naive query's %" G_GINT64_FORMAT,
               what, i, g_array_index (got, gint64, i), g_array_index (want, gint64, i));
}

static GArray *
drill (Fixture *f, const KzDrillFilter *filter)
{
  g_autoptr(GError) error = NULL;
  GArray *ids = kz_store_drill_evaluations (f->store, filter, &error);

  g_assert_no_error (error);
  return ids;
}

/* Every read of the two pages equals the naive sums, and every drill-down
 * the naive set of evaluations. */
static void
check_all (Fixture *f, const char *when)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) teams = NULL;
  Naive n;
  GHashTableIter iter;
  const char *key;
  Cell *cell;
  guint n_cells = 0, n_drills = 0;
  int mid_first, mid_last;
  gint64 a_team;
  GDate from, to;

  g_test_message ("checking dashboard reads %s", when);
  naive_compute (f, &n);
  g_assert_cmpint (n.min_week, <, n.max_week);
  /* A range in the middle, given by days inside its first and last weeks. */
  mid_first = n.min_week + 7 * ((n.max_week - n.min_week) / 7 / 4);
  mid_last = n.min_week + 7 * (3 * (n.max_week - n.min_week) / 7 / 4);
  date_of_day (&from, mid_first + 2);
  date_of_day (&to, mid_last + 6);
  a_team = raw_int (f, "SELECT min (id) FROM units WHERE kind = 'team'");

  /* The criterion roll-up, every team and no bounds: each cell as naive. */
  g_hash_table_iter_init (&iter, n.rubric_criteria);
  while (g_hash_table_iter_next (&iter, (gpointer *) &key, NULL))
    {
      g_auto(GStrv) rcrit = g_strsplit (key, "|", 2);
      g_autoptr(GPtrArray) all = kz_store_rollup_criterion (f->store, rcrit[0], rcrit[1], NULL, NULL, -1, &error);
      g_autoptr(GPtrArray) part = NULL;
      guint n_want = 0, n_part_want = 0;
      GHashTableIter j;
      const char *k2;
      Cell *c2;
      g_autofree char *prefix = g_strdup_printf ("%s|", key);

      g_assert_no_error (error);
      for (guint i = 0; i < all->len; i++)
        {
          KzRollupCell *rc = g_ptr_array_index (all, i);
          g_autofree char *k = g_strdup_printf ("%s|%" G_GINT64_FORMAT "|%d", key, rc->owner_id, rc->week);
          Cell *want = g_hash_table_lookup (n.cells, k);

          if (want == NULL)
            g_error ("%s: the roll-up has %s, the naive query does not", when, k);
          g_assert_cmpstr (rc->criterion_id, ==, rcrit[1]);
          g_assert_cmpstr (rc->rubric_id, ==, rcrit[0]);
          g_assert_cmpfloat_with_epsilon (rc->sum_v, want->sum_v, EPS);
          g_assert_cmpint (rc->n_applicable, ==, want->n_applicable);
          g_assert_cmpint (rc->n_na, ==, want->n_na);
          g_assert_cmpint (rc->n_failed, ==, want->n_failed);
          if (i > 0)
            {
              KzRollupCell *prev = g_ptr_array_index (all, i - 1);
              g_assert_true (prev->week < rc->week || (prev->week == rc->week && prev->owner_id < rc->owner_id));
            }
          /* Its drill-down: exactly the evaluations with a counted answer. */
          if (i % 7 == 0)
            {
              KzDrillFilter filter;
              g_autoptr(GArray) ids = NULL;

              kz_drill_filter_init (&filter);
              filter.rubric_id = rcrit[0];
              filter.criterion_id = rcrit[1];
              filter.team_id = rc->owner_id;
              filter.first_week = filter.last_week = rc->week;
              ids = drill (f, &filter);
              assert_ids (ids, want->ids, k);
              n_drills++;
            }
        }
      g_hash_table_iter_init (&j, n.cells);
      while (g_hash_table_iter_next (&j, (gpointer *) &k2, (gpointer *) &c2))
        if (g_str_has_prefix (k2, prefix))
          {
            char **parts = g_strsplit (k2, "|", 4);
            int week = atoi (parts[3]);

            n_want++;
            if (g_ascii_strtoll (parts[2], NULL, 10) == a_team && week >= mid_first && week <= mid_last)
              n_part_want++;
            g_strfreev (parts);
          }
      g_assert_cmpuint (all->len, ==, n_want);
      n_cells += all->len;

      /* One team, the middle range. */
      part = kz_store_rollup_criterion (f->store, rcrit[0], rcrit[1], &from, &to, a_team, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (part->len, ==, n_part_want);
      for (guint i = 0; i < part->len; i++)
        {
          KzRollupCell *rc = g_ptr_array_index (part, i);
          g_autofree char *k = g_strdup_printf ("%s|%" G_GINT64_FORMAT "|%d", key, rc->owner_id, rc->week);
          Cell *want = g_hash_table_lookup (n.cells, k);

          g_assert_nonnull (want);
          g_assert_cmpint (rc->owner_id, ==, a_team);
          g_assert_cmpint (rc->n_applicable, ==, want->n_applicable);
          g_assert_cmpfloat_with_epsilon (rc->sum_v, want->sum_v, EPS);
        }
    }
  g_assert_cmpuint (n_cells, ==, g_hash_table_size (n.cells));
  g_assert_cmpuint (n_drills, >, 10);

  /* The distribution of answers, every team and one team, and the drill-down of each point. */
  teams = raw_rows (f, "SELECT id FROM units WHERE kind = 'team' ORDER BY id", 1);
  g_hash_table_iter_init (&iter, n.rubric_criteria);
  while (g_hash_table_iter_next (&iter, (gpointer *) &key, NULL))
    {
      char **rc = g_strsplit (key, "|", 2);

      for (int t = -1; t < 1; t++)
        {
          gint64 team = t < 0 ? -1 : a_team;
          g_autoptr(GPtrArray) dist = kz_store_answer_distribution (f->store, rc[0], rc[1], NULL, NULL, team, &error);
          gint64 total = 0, want_total = 0;
          GHashTableIter j;
          const char *k2;
          Cell *c2;
          g_autofree char *prefix = g_strdup_printf ("%s|%s|", rc[0], rc[1]);

          g_assert_no_error (error);
          for (guint i = 0; i < dist->len; i++)
            {
              KzAnswerCount *ac = g_ptr_array_index (dist, i);
              gint64 want = 0;
              g_autoptr(GArray) want_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
              g_autoptr(GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);
              g_autofree char *suffix = ac->is_na ? g_strdup ("|na") : g_strdup_printf ("|%.6f", ac->value);

              if (i > 0)
                {
                  KzAnswerCount *prev = g_ptr_array_index (dist, i - 1);
                  g_assert_true (!prev->is_na && (ac->is_na || prev->value < ac->value));
                }
              g_hash_table_iter_init (&j, n.points);
              while (g_hash_table_iter_next (&j, (gpointer *) &k2, (gpointer *) &c2))
                if (g_str_has_prefix (k2, prefix) && g_str_has_suffix (k2, suffix))
                  {
                    char **parts = g_strsplit (k2, "|", 5);
                    if (team < 0 || g_ascii_strtoll (parts[2], NULL, 10) == team)
                      {
                        want += c2->n_applicable;
                        for (guint m = 0; m < c2->ids->len; m++)
                          g_array_append_val (want_ids, g_array_index (c2->ids, gint64, m));
                      }
                    g_strfreev (parts);
                  }
              g_assert_cmpint (ac->n, ==, want);
              total += ac->n;
              if (!ac->is_na && t < 0)
                {
                  KzDrillFilter filter;
                  g_autoptr(GArray) ids = NULL;

                  g_array_sort (want_ids, compare_i64);
                  kz_drill_filter_init (&filter);
                  filter.rubric_id = rc[0];
                  filter.criterion_id = rc[1];
                  filter.answer = KZ_DRILL_POINT;
                  filter.point = ac->value;
                  ids = drill (f, &filter);
                  assert_ids (ids, want_ids, key);
                }
            }
          g_hash_table_iter_init (&j, n.points);
          while (g_hash_table_iter_next (&j, (gpointer *) &k2, (gpointer *) &c2))
            if (g_str_has_prefix (k2, prefix))
              {
                char **parts = g_strsplit (k2, "|", 5);
                if (team < 0 || g_ascii_strtoll (parts[2], NULL, 10) == team)
                  want_total += c2->n_applicable;
                g_strfreev (parts);
              }
          g_assert_cmpint (total, ==, want_total);
        }
      g_strfreev (rc);
    }

  /* Each reviewer's weeks, and a week's drill-down. */
  g_hash_table_iter_init (&iter, n.reviewer_ids);
  while (g_hash_table_iter_next (&iter, (gpointer *) &key, NULL))
    {
      gint64 reviewer = g_ascii_strtoll (key, NULL, 10);
      g_autoptr(GPtrArray) weeks = kz_store_reviewer_weeks (f->store, reviewer, NULL, NULL, &error);
      guint n_want = 0;
      GHashTableIter j;
      const char *k2;
      g_autofree char *prefix = g_strdup_printf ("%s|", key);

      g_assert_no_error (error);
      for (guint i = 0; i < weeks->len; i++)
        {
          KzRollupWeek *w = g_ptr_array_index (weeks, i);
          g_autofree char *k = g_strdup_printf ("%s|%d", key, w->week);
          Cell *want = g_hash_table_lookup (n.reviewers, k);
          KzDrillFilter filter;
          g_autoptr(GArray) ids = NULL;

          g_assert_nonnull (want);
          g_assert_cmpint (w->agent_id, ==, reviewer);
          g_assert_cmpint (w->n_evaluations, ==, want->n_applicable);
          g_assert_cmpint (w->n_scored, ==, want->n_na);
          g_assert_cmpfloat_with_epsilon (w->sum_final, want->sum_v, 1e-6);
          kz_drill_filter_init (&filter);
          filter.reviewer_id = reviewer;
          filter.first_week = filter.last_week = w->week;
          ids = drill (f, &filter);
          assert_ids (ids, want->ids, k);
        }
      g_hash_table_iter_init (&j, n.reviewers);
      while (g_hash_table_iter_next (&j, (gpointer *) &k2, (gpointer *) &cell))
        n_want += g_str_has_prefix (k2, prefix);
      g_assert_cmpuint (weeks->len, ==, n_want);
    }
  naive_clear (&n);
}

static void
test_reads (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzEvaluation) ev = NULL;
  GHashTableIter iter;
  KzAnswer *a;
  gint64 id;

  if (f->store == NULL)
    {
      g_test_skip ("no PostgreSQL server");
      return;
    }
  check_all (f, "on the demo centre");

  /* A re-score: a new revision of a submitted evaluation changes answers. */
  id = raw_int (f, "SELECT min (e.id) FROM evaluations e WHERE e.state = 'submitted' AND e.is_calibration = false"
                   " AND NOT EXISTS (SELECT 1 FROM disputes d WHERE d.evaluation_id = e.id)");
  ev = kz_store_get_evaluation (f->store, id, &error);
  g_assert_no_error (error);
  {
    g_autoptr(KzRubric) rubric = kz_store_get_rubric (f->store, ev->rubric_id, ev->rubric_version, &error);
    guint changed = 0;

    g_assert_no_error (error);
    g_hash_table_iter_init (&iter, ev->answers);
    while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &a))
      {
        KzCriterion *c = kz_rubric_find_criterion (rubric, a->criterion_id);

        if (c == NULL || a->kind != KZ_ANSWER_VALUE)
          continue;
        a->value = fabs (a->value - kz_scale_get_min (c->scale)) < EPS ? kz_scale_get_max (c->scale)
                                                                        : kz_scale_get_min (c->scale);
        changed++;
      }
    g_assert_cmpuint (changed, >, 0);
  }
  g_assert_cmpint (kz_store_save_evaluation (f->store, ev, &error), ==, id);
  g_assert_no_error (error);
  g_assert_cmpint (raw_int (f, "SELECT max (revision) FROM evaluations"), >=, 2);
  check_all (f, "after a re-score");

  /* A deletion: an evaluation with no history goes (plain SQL, as an
   * administrator's clean-up would). */
  id = raw_int (f, "SELECT coalesce (max (e.id), 0) FROM evaluations e WHERE e.state = 'submitted' AND e.is_calibration = false"
                   " AND NOT EXISTS (SELECT 1 FROM evaluation_revisions r WHERE r.evaluation_id = e.id)"
                   " AND NOT EXISTS (SELECT 1 FROM plan_evidence p WHERE p.evaluation_id = e.id)"
                   " AND NOT EXISTS (SELECT 1 FROM proposal_evidence p WHERE p.evaluation_id = e.id)"
                   " AND NOT EXISTS (SELECT 1 FROM audit_trail t WHERE t.evaluation_id = e.id)"
                   " AND NOT EXISTS (SELECT 1 FROM acknowledgements k WHERE k.evaluation_id = e.id)");
  if (id > 0)
    {
      g_autoptr(GError) sql_error = NULL;

      g_assert_true (kz_test_sql_exec (f->location, "DELETE FROM evaluations WHERE id = $1",
                                       KZ_TEST_VALUES (KZ_TEST_INT (id)), &sql_error));
      g_assert_no_error (sql_error);
      g_assert_cmpint (kz_test_sql_int (f->location, "SELECT count (*) FROM evaluations WHERE id = $1",
                                        KZ_TEST_VALUES (KZ_TEST_INT (id))), ==, 0);
      check_all (f, "after an evaluation was deleted");
    }
  else
    {
      /* Every submitted one has history: insert one by plain SQL, then delete it. */
      raw_exec (f, "INSERT INTO evaluations (rubric_id, rubric_version, reviewer_id, agent_id, state, created_at, "
                   "updated_at, final, pass, auto_failed) SELECT rubric_id, rubric_version, reviewer_id, agent_id, "
                   "'submitted', created_at - 86400 * 9, updated_at, 61.5, false, false FROM evaluations "
                   "WHERE id = (SELECT min (id) FROM evaluations WHERE state = 'submitted' AND is_calibration = false)");
      raw_exec (f, "INSERT INTO answers (evaluation_id, criterion_id, kind, value) SELECT (SELECT max (id) FROM "
                   "evaluations), criterion_id, kind, value FROM answers WHERE evaluation_id = (SELECT min (id) FROM "
                   "evaluations WHERE state = 'submitted' AND is_calibration = false)");
      check_all (f, "after a plain SQL insert");
      raw_exec (f, "DELETE FROM evaluations WHERE id = (SELECT max (id) FROM evaluations)");
      check_all (f, "after an evaluation was deleted");
    }
}

/* Bounds and a filter that matches nothing. */
static void
test_empty (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) cells = NULL;
  g_autoptr(GPtrArray) dist = NULL;
  g_autoptr(GPtrArray) weeks = NULL;
  g_autoptr(GArray) ids = NULL;
  KzDrillFilter filter;
  GDate d;

  if (f->store == NULL)
    {
      g_test_skip ("no PostgreSQL server");
      return;
    }
  g_date_clear (&d, 1);
  g_date_set_dmy (&d, 1, G_DATE_JANUARY, 1971);
  cells = kz_store_rollup_criterion (f->store, "no-such-rubric", "no-such-criterion", NULL, NULL, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cells->len, ==, 0);
  dist = kz_store_answer_distribution (f->store, "no-such-rubric", "greeting", NULL, &d, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (dist->len, ==, 0);
  weeks = kz_store_reviewer_weeks (f->store, 1, NULL, &d, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (weeks->len, ==, 0);
  kz_drill_filter_init (&filter);
  filter.last_week = kz_rollup_week_of_date (&d);
  ids = drill (f, &filter);
  g_assert_cmpuint (ids->len, ==, 0);
}

static KzRollupCell *
cell (gint64 owner, int week, double sum_v, gint64 n_applicable, gint64 n_na, gint64 n_failed)
{
  KzRollupCell *c = g_new0 (KzRollupCell, 1);

  c->owner_id = owner;
  c->week = week;
  c->criterion_id = g_strdup ("greeting");
  c->sum_v = sum_v;
  c->n_applicable = n_applicable;
  c->n_na = n_na;
  c->n_failed = n_failed;
  return c;
}

/* The page's sums, by hand: team 1 has 1.5 of 2 applicable and an N/A in
 * week 0 and 0.25 of 1 in week 7; team 2 has 0.5 of 1 in week 0. */
static void
test_sums (void)
{
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_rollup_cell_free);
  g_autoptr(GPtrArray) weeks = NULL;
  g_autoptr(GPtrArray) teams = NULL;
  KzRollupCell *w, total;

  g_ptr_array_add (cells, cell (1, 7, 0.25, 1, 0, 1));
  g_ptr_array_add (cells, cell (1, 0, 1.5, 2, 1, 0));
  g_ptr_array_add (cells, cell (2, 0, 0.5, 1, 0, 1));
  weeks = kz_dash_sum_by_week (cells);
  g_assert_cmpuint (weeks->len, ==, 2);
  w = g_ptr_array_index (weeks, 0);
  g_assert_cmpint (w->week, ==, 0);
  g_assert_cmpfloat_with_epsilon (w->sum_v, 2.0, EPS);
  g_assert_cmpint (w->n_applicable, ==, 3);
  g_assert_cmpint (w->n_na, ==, 1);
  g_assert_cmpint (w->n_failed, ==, 1);
  /* 100 × 2 ÷ 3 */
  g_assert_cmpfloat_with_epsilon (kz_dash_mean_score (w), 66.666666666667, 1e-9);
  /* N/A excluded: 3 values + 1 N/A answers, 1 N/A → 25%; N/A with a value: 1 of 3. */
  g_assert_cmpint (kz_dash_n_answers (w, FALSE), ==, 4);
  g_assert_cmpfloat_with_epsilon (kz_dash_na_rate (w, FALSE), 25.0, EPS);
  g_assert_cmpfloat_with_epsilon (kz_dash_na_rate (w, TRUE), 100.0 / 3, 1e-9);
  w = g_ptr_array_index (weeks, 1);
  g_assert_cmpint (w->week, ==, 7);
  g_assert_cmpfloat_with_epsilon (kz_dash_mean_score (w), 25.0, EPS);

  /* Team 1: 1.75 of 3 = 58.3; team 2: 0.5 of 1 = 50 — team 2 is weakest. */
  teams = kz_dash_sum_by_owner (cells);
  g_assert_cmpuint (teams->len, ==, 2);
  g_assert_cmpint (((KzRollupCell *) g_ptr_array_index (teams, 0))->owner_id, ==, 2);
  g_assert_cmpint (((KzRollupCell *) g_ptr_array_index (teams, 1))->owner_id, ==, 1);
  g_assert_cmpfloat_with_epsilon (kz_dash_mean_score (g_ptr_array_index (teams, 1)), 175.0 / 3, 1e-9);

  kz_dash_sum_all (cells, &total);
  g_assert_cmpint (total.n_applicable, ==, 4);
  g_assert_cmpfloat_with_epsilon (total.sum_v, 2.25, EPS);
  g_assert_cmpfloat_with_epsilon (kz_rollup_cell_mean (&total), 0.5625, EPS);
}

/* The evaluations behind each reviewer's leniency are as many as
 * kz_reviewer_leniency() says it used, and the test's own query finds. */
static void
test_leniency_evaluations (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) leniency = NULL;
  g_autoptr(GPtrArray) summaries = NULL;
  KzEvaluationFilter filter = { .submitted_only = TRUE };

  if (f->store == NULL)
    {
      g_test_skip ("no PostgreSQL server");
      return;
    }
  leniency = kz_store_reviewer_leniency (f->store, NULL, NULL, &error);
  g_assert_no_error (error);
  summaries = kz_store_list_evaluations (f->store, &filter, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (leniency->len, >, 1);
  for (guint i = 0; i < leniency->len; i++)
    {
      KzLeniency *l = g_ptr_array_index (leniency, i);
      g_autoptr(GArray) ids = kz_dash_leniency_evaluations (summaries, l->reviewer_id);
      static const char sql[] =
        "SELECT count (*) FROM evaluations e WHERE e.reviewer_id = $1"
        " AND e.state = 'submitted' AND e.is_calibration = false AND e.final IS NOT NULL"
        " AND EXISTS (SELECT 1 FROM evaluations o WHERE o.agent_id = e.agent_id AND o.reviewer_id <> e.reviewer_id"
        " AND o.state = 'submitted' AND o.is_calibration = false AND o.final IS NOT NULL)";

      g_assert_cmpuint (ids->len, ==, l->n_evaluations);
      g_assert_cmpint (ids->len, ==, kz_test_sql_int (f->location, sql, KZ_TEST_VALUES (KZ_TEST_INT (l->reviewer_id))));
      for (guint k = 1; k < ids->len; k++)
        g_assert_cmpint (g_array_index (ids, gint64, k - 1), <, g_array_index (ids, gint64, k));
    }
}

static KzCalibrationRating *
rating (gint64 unit, gint64 reviewer, const char *criterion, double value, GPtrArray *sets)
{
  KzCalibrationRating *r = g_new0 (KzCalibrationRating, 1);
  KzAnswerSet *set = kz_answer_set_new ();

  kz_answer_set_put (set, kz_answer_new (criterion, KZ_ANSWER_VALUE, value, NULL));
  g_ptr_array_add (sets, set);
  r->unit_id = unit;
  r->reviewer_id = reviewer;
  r->answers = set;
  return r;
}

/* Where a reviewer parts from the others in calibration, by hand.  On one
 * criterion with scale min … max: unit 1, reviewer 1 gives max, 2 and 3
 * give min; unit 2, reviewers 1 and 2 give min.  Reviewer 1: gaps 1 and 0
 * of the scale → 50 points; reviewer 2: |min − (max + min) ÷ 2| = ½ and 0
 * → 25; reviewer 3 was alone with others only in unit 1: |min − (max +
 * min) ÷ 2| = ½ → 50 over one unit. */
static void
test_disagreement (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rubrics = kz_demo_load_rubrics (NULL, &error);
  g_autoptr(GPtrArray) sets = g_ptr_array_new_with_free_func ((GDestroyNotify) g_hash_table_unref);
  g_autoptr(GPtrArray) reports = g_ptr_array_new ();
  g_autoptr(GPtrArray) gaps = NULL;
  KzCalibrationReport report = { 0 };
  KzCriterion *c = NULL;
  KzDisagreement *d;
  double min, max;

  g_assert_no_error (error);
  g_assert_cmpuint (rubrics->len, >, 0);
  report.rubric = g_ptr_array_index (rubrics, 0);
  for (guint s = 0; c == NULL && s < kz_rubric_get_sections (report.rubric)->len; s++)
    {
      KzSection *section = g_ptr_array_index (kz_rubric_get_sections (report.rubric), s);
      for (guint k = 0; c == NULL && k < section->criteria->len; k++)
        {
          KzCriterion *x = g_ptr_array_index (section->criteria, k);
          if (kz_scale_get_max (x->scale) > kz_scale_get_min (x->scale))
            c = x;
        }
    }
  g_assert_nonnull (c);
  min = kz_scale_get_min (c->scale);
  max = kz_scale_get_max (c->scale);
  report.ratings = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (report.ratings, rating (1, 1, c->id, max, sets));
  g_ptr_array_add (report.ratings, rating (1, 2, c->id, min, sets));
  g_ptr_array_add (report.ratings, rating (1, 3, c->id, min, sets));
  g_ptr_array_add (report.ratings, rating (2, 1, c->id, min, sets));
  g_ptr_array_add (report.ratings, rating (2, 2, c->id, min, sets));
  g_ptr_array_add (reports, &report);

  gaps = kz_dash_reviewer_disagreement (reports, 1);
  g_assert_cmpuint (gaps->len, ==, 1);
  d = g_ptr_array_index (gaps, 0);
  g_assert_cmpstr (d->criterion_id, ==, c->id);
  g_assert_cmpuint (d->n_units, ==, 2);
  g_assert_cmpfloat_with_epsilon (d->gap, 50.0, EPS);
  g_clear_pointer (&gaps, g_ptr_array_unref);

  gaps = kz_dash_reviewer_disagreement (reports, 2);
  d = g_ptr_array_index (gaps, 0);
  g_assert_cmpuint (d->n_units, ==, 2);
  g_assert_cmpfloat_with_epsilon (d->gap, 25.0, EPS);
  g_clear_pointer (&gaps, g_ptr_array_unref);

  gaps = kz_dash_reviewer_disagreement (reports, 3);
  d = g_ptr_array_index (gaps, 0);
  g_assert_cmpuint (d->n_units, ==, 1);
  g_assert_cmpfloat_with_epsilon (d->gap, 50.0, EPS);
  g_clear_pointer (&gaps, g_ptr_array_unref);

  /* Nobody else: nothing. */
  gaps = kz_dash_reviewer_disagreement (reports, 4);
  g_assert_cmpuint (gaps->len, ==, 0);
  g_ptr_array_unref (report.ratings);
}

int
main (int   argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path_, fn) \
  G_STMT_START { \
    g_test_add ("/dashboard2/sqlite" path_, Fixture, "sqlite", fixture_setup, fn, fixture_teardown); \
    if (kz_test_pg_available ()) \
      g_test_add ("/dashboard2/pg" path_, Fixture, "pg", fixture_setup, fn, fixture_teardown); \
  } G_STMT_END
  ADD ("/reads", test_reads);
  ADD ("/empty", test_empty);
  ADD ("/leniency-evaluations", test_leniency_evaluations);
  g_test_add_func ("/dashboard2/sums", test_sums);
  g_test_add_func ("/dashboard2/disagreement", test_disagreement);
  return g_test_run ();
}
