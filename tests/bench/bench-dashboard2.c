/* bench-dashboard2.c — the criterion and reviewer pages' reads at the scale of a large centre
 *
 * Usage: bench-dashboard2 N [--check] [--keep FILE]   (the test command
 * runs a small N, `meson test --benchmark` 1,000,000; --keep as
 * bench-rollups).  Generates a centre of N evaluations
 * (kz_demo_fill_scale()), then over its last 26 weeks times, warm (the
 * median of 7 runs after one):
 *   - one criterion's team × week roll-up (kz_store_rollup_criterion()),
 *     against the naive GROUP BY over raw answers for the same numbers on
 *     the same file (a second connection, plain SQL, one run), and checks
 *     the per-week counts agree;
 *   - the answers' distribution (kz_store_answer_distribution(), raw
 *     answers of one rubric: no roll-up keeps it);
 *   - one reviewer's weeks (kz_store_reviewer_weeks());
 *   - a drill-down to one team's week (kz_store_drill_evaluations()).
 * With --check: the roll-up read < 100 ms (an interactive view,
 * ../shared/spec/scale.md) and ≥ 10× the naive query.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <glib/gstdio.h>

#include "kz-demo.h"
#include "kz-rollup.h"
#include "kz-store.h"

static int
compare_double (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static double
median (double *v, guint n)
{
  qsort (v, n, sizeof *v, (int (*) (const void *, const void *)) compare_double);
  return v[n / 2];
}

typedef GPtrArray *(*ReadFunc) (KzStore *store, gpointer data);

typedef struct {
  const char *criterion;
  const char *rubric;
  gint64      reviewer;
  gint64      team;
  GDate       from, to;
  int         week;
} Args;

static GPtrArray *
read_criterion (KzStore *store, gpointer data)
{
  Args *a = data;
  return kz_store_rollup_criterion (store, a->rubric, a->criterion, &a->from, &a->to, -1, NULL);
}

static GPtrArray *
read_distribution (KzStore *store, gpointer data)
{
  Args *a = data;
  return kz_store_answer_distribution (store, a->rubric, a->criterion, &a->from, &a->to, -1, NULL);
}

static GPtrArray *
read_reviewer (KzStore *store, gpointer data)
{
  Args *a = data;
  return kz_store_reviewer_weeks (store, a->reviewer, &a->from, &a->to, NULL);
}

static GPtrArray *
read_drill (KzStore *store, gpointer data)
{
  Args *a = data;
  KzDrillFilter filter;
  GArray *ids;
  GPtrArray *out = g_ptr_array_new ();

  kz_drill_filter_init (&filter);
  filter.criterion_id = a->criterion;
  filter.team_id = a->team;
  filter.first_week = filter.last_week = a->week;
  ids = kz_store_drill_evaluations (store, &filter, NULL);
  g_assert_nonnull (ids);
  g_ptr_array_set_size (out, ids->len);
  g_array_unref (ids);
  return out;
}

/* Warm: one run, then the median of 7, in ms; *@len: the rows. */
static double
time_read (KzStore *store, ReadFunc f, gpointer data, guint *len)
{
  double t[7];
  GPtrArray *r = f (store, data);

  g_assert_nonnull (r);
  *len = r->len;
  g_ptr_array_unref (r);
  for (guint i = 0; i < G_N_ELEMENTS (t); i++)
    {
      gint64 start = g_get_monotonic_time ();
      r = f (store, data);
      t[i] = (g_get_monotonic_time () - start) / 1000.0;
      g_ptr_array_unref (r);
    }
  return median (t, G_N_ELEMENTS (t));
}

static gint64
one_int (sqlite3 *db, const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 v;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  v = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return v;
}

/* @sql, its ?1 the criterion and, when it has them, ?2 and ?3 the period [@lo, @hi). */
static sqlite3_stmt *
prepare_bound (sqlite3 *db, const char *sql, const char *criterion, gint64 lo, gint64 hi)
{
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_bind_text (stmt, 1, criterion, -1, SQLITE_TRANSIENT), ==, SQLITE_OK);
  if (sqlite3_bind_parameter_count (stmt) > 1)
    {
      g_assert_cmpint (sqlite3_bind_parameter_count (stmt), ==, 3);
      g_assert_cmpint (sqlite3_bind_int64 (stmt, 2, lo), ==, SQLITE_OK);
      g_assert_cmpint (sqlite3_bind_int64 (stmt, 3, hi), ==, SQLITE_OK);
    }
  return stmt;
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzStore) store = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *criterion = NULL;
  g_autofree char *rubric = NULL;
  guint64 n = argc > 1 ? g_ascii_strtoull (argv[1], NULL, 10) : 10000;
  gboolean check = FALSE, ok = TRUE;
  const char *keep = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  Args args = { 0 };
  gint64 max_t, lo, hi, start, naive_n = 0, rollup_n = 0;
  double ms_criterion, ms_dist, ms_reviewer, ms_drill, ms_naive;
  guint len;
  int last_week, first_week;

  for (int i = 2; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--check"))
        check = TRUE;
      else if (g_str_equal (argv[i], "--keep") && i + 1 < argc)
        keep = argv[++i];
      else
        n = 0;
    }
  if (n == 0)
    {
      g_printerr ("usage: bench-dashboard2 N [--check] [--keep FILE]\n");
      return 2;
    }
  if (keep != NULL)
    path = g_strdup (keep);
  else
    {
      dir = g_dir_make_tmp ("kaizen-bench-dashboard2-XXXXXX", &error);
      g_assert_no_error (error);
      path = g_build_filename (dir, "kaizen.db", NULL);
    }
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      KzDemoCounts counts = { 0 };

      store = kz_store_open (path, &error);
      g_assert_no_error (error);
      start = g_get_monotonic_time ();
      g_assert_true (kz_demo_fill_scale (store, kz_demo_rubrics_dir (), n, 1, &counts, &error));
      g_assert_no_error (error);
      printf ("demo generation: %" G_GUINT64_FORMAT " evaluations in %.1f s\n", n,
              (g_get_monotonic_time () - start) / 1e6);
      g_clear_object (&store);
    }
  store = kz_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);

  /* The last 26 weeks; the criterion answered most; its rubric; the busiest reviewer; the first team. */
  max_t = one_int (db, "SELECT max (created_at) FROM evaluations");
  last_week = kz_rollup_week (max_t);
  first_week = last_week - 7 * 25;
  g_date_clear (&args.from, 1);
  g_date_set_dmy (&args.from, 1, G_DATE_JANUARY, 1970);
  args.to = args.from;
  g_date_add_days (&args.from, first_week);
  g_date_add_days (&args.to, last_week + 6);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT r.criterion_id, e.rubric_id FROM rollup_agent_criteria r, "
                                           "(SELECT rubric_id FROM evaluations LIMIT 1) e "
                                           "GROUP BY r.criterion_id ORDER BY sum (r.n_applicable) DESC LIMIT 1",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  criterion = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  {
    stmt = prepare_bound (db, "SELECT e.rubric_id FROM evaluations e JOIN answers a ON "
                              "a.evaluation_id = e.id AND a.criterion_id = ?1 LIMIT 1", criterion, 0, 0);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    rubric = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
    sqlite3_finalize (stmt);
  }
  args.criterion = criterion;
  args.rubric = rubric;
  args.reviewer = one_int (db, "SELECT reviewer_id FROM evaluations GROUP BY reviewer_id ORDER BY count (*) DESC LIMIT 1");
  args.team = one_int (db, "SELECT min (id) FROM units WHERE kind = 'team'");
  args.week = last_week;

  ms_criterion = time_read (store, read_criterion, &args, &len);
  printf ("criterion × team × week roll-up, 26 weeks, %u rows: %.2f ms (median of 7)\n", len, ms_criterion);
  fflush (stdout);

  /* The naive query: the same counts from raw answers, one run. */
  lo = (gint64) first_week * 86400;
  hi = ((gint64) last_week + 7) * 86400;
  start = g_get_monotonic_time ();
  stmt = prepare_bound (db, "SELECT count (*) FROM evaluations e JOIN answers a ON a.evaluation_id = e.id "
                            "WHERE a.criterion_id = ?1 AND e.state = 'submitted' AND e.is_calibration = 0 "
                            "AND a.kind = 'value' AND e.created_at >= ?2 AND e.created_at < ?3 GROUP BY e.agent_id, "
                            "(e.created_at / 86400 - (e.created_at / 86400 + 3) % 7)", criterion, lo, hi);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    naive_n += sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  ms_naive = (g_get_monotonic_time () - start) / 1000.0;
  {
    g_autoptr(GPtrArray) cells = read_criterion (store, &args);
    gint64 na = 0;

    for (guint i = 0; i < cells->len; i++)
      {
        KzRollupCell *c = g_ptr_array_index (cells, i);
        rollup_n += c->n_applicable;
        na += c->n_na;
      }
    /* n_applicable also counts N/A answers with a value (na="pass"/"fixed"). */
    stmt = prepare_bound (db, "SELECT count (*) FROM evaluations e JOIN answers a ON "
                              "a.evaluation_id = e.id JOIN rubric_criteria rc ON rc.rubric_id = "
                              "e.rubric_id AND rc.rubric_version = e.rubric_version AND "
                              "rc.criterion_id = a.criterion_id WHERE a.criterion_id = ?1 AND "
                              "e.state = 'submitted' AND e.is_calibration = 0 AND a.kind = 'na' AND "
                              "rc.na_value IS NOT NULL AND e.created_at >= ?2 AND e.created_at < ?3",
                          criterion, lo, hi);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    naive_n += sqlite3_column_int64 (stmt, 0);
    sqlite3_finalize (stmt);
  }
  printf ("  naive GROUP BY over raw answers: %.1f ms; ratio %.0f×; answers with a value %" G_GINT64_FORMAT
          " (roll-up %" G_GINT64_FORMAT ")\n", ms_naive, ms_naive / ms_criterion, naive_n, rollup_n);
  if (naive_n != rollup_n)
    {
      printf ("  MISMATCH: the roll-up and the naive query disagree\n");
      ok = FALSE;
    }

  ms_dist = time_read (store, read_distribution, &args, &len);
  printf ("answer distribution (raw answers of one rubric, 26 weeks), %u points: %.1f ms\n", len, ms_dist);
  ms_reviewer = time_read (store, read_reviewer, &args, &len);
  printf ("one reviewer's weeks, %u weeks: %.2f ms\n", len, ms_reviewer);
  ms_drill = time_read (store, read_drill, &args, &len);
  printf ("drill-down to one team's week: %u evaluations in %.1f ms\n", len, ms_drill);

  if (check)
    {
      if (ms_criterion >= 100)
        {
          printf ("FAIL: the criterion roll-up read takes %.1f ms, target < 100 ms\n", ms_criterion);
          ok = FALSE;
        }
      if (ms_naive / ms_criterion < 10)
        {
          printf ("FAIL: only %.1f× the naive query, target ≥ 10×\n", ms_naive / ms_criterion);
          ok = FALSE;
        }
    }
  sqlite3_close (db);
  g_clear_object (&store);
  if (keep == NULL)
    {
      g_autofree char *wal = g_strconcat (path, "-wal", NULL);
      g_autofree char *shm = g_strconcat (path, "-shm", NULL);
      g_remove (path);
      g_remove (wal);
      g_remove (shm);
      g_rmdir (dir);
    }
  return ok ? 0 : 1;
}
