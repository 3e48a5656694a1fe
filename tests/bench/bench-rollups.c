/* bench-rollups.c — reports from roll-ups against the naive query, and demo generation
 *
 * Usage: bench-rollups N [--check] [--keep FILE]   (the test command runs a
 * small N, `meson test --benchmark` 1,000,000; --keep generates into FILE
 * and leaves it there, or, when FILE exists, measures on it without
 * generating).  In one run:
 *   1. generates a centre of N evaluations (kz_demo_fill_scale(), what
 *      `kaizenctl demo --evaluations N` does) and times it;
 *   2. the team × criterion heatmap over the last 52 weeks and over all five
 *      years, from the roll-ups (kz_store_rollup_heatmap(), warm: the median
 *      of 7 runs after one to warm up) and from the naive GROUP BY over the
 *      raw answers on the same file (a second connection, plain SQL, one
 *      run each), and checks both give the same numbers cell by cell;
 *   3. one agent's 52-week trend over every criterion
 *      (kz_store_rollup_agent_trend(), the median over 25 agents);
 *   4. the Gaps report (kz_gaps_compute(), by agent and by team, the last
 *      52 weeks, the rubric with the most evaluations) from the roll-ups
 *      against the raw-tallies path (the tallies of the raw answers, as
 *      kz_store_answer_tallies() counts them, into kz_gaps_from_tallies();
 *      same weeks, same file), and checks both give the same cells.
 * With --check the targets of ../shared/spec/scale.md are enforced: heatmap
 * < 50 ms warm and ≥ 100× the naive query, trend < 20 ms, generation < 60 s.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gstdio.h>
#include <sys/resource.h>

#include "kz-demo.h"
#include "kz-gaps.h"
#include "kz-rollup.h"
#include "kz-store.h"

static double
cpu_seconds (void)
{
  struct rusage u;

  getrusage (RUSAGE_SELF, &u);
  return u.ru_utime.tv_sec + u.ru_utime.tv_usec / 1e6 + u.ru_stime.tv_sec + u.ru_stime.tv_usec / 1e6;
}

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
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* The query anyone would write: every answer of a counted evaluation in
 * range, its value normalised by its criterion's scale, grouped by the
 * agent's team and the criterion. */
static const char naive_sql[] =
  "SELECT coalesce (p.team_id, 0) AS team, a.criterion_id, "
  "       sum (CASE WHEN x IS NULL THEN 0.0 ELSE max (0.0, min (1.0, (x - rc.scale_min) / rc.scale_span)) END), "
  "       count (x), sum (a.kind = 'na'), a.rubric_id "
  "FROM (SELECT a.*, CASE WHEN a.kind = 'value' THEN a.value ELSE rc.na_value END AS x, e.agent_id, "
  "             e.rubric_id, e.rubric_version FROM evaluations e JOIN answers a ON a.evaluation_id = e.id "
  "             JOIN rubric_criteria rc ON rc.rubric_id = e.rubric_id AND rc.rubric_version = e.rubric_version "
  "              AND rc.criterion_id = a.criterion_id "
  "             WHERE e.state = 'submitted' AND e.is_calibration = 0 AND e.created_at >= ?1 AND e.created_at < ?2 "
  "               AND NOT (a.kind = 'na' AND rc.na_forbidden)) a "
  "JOIN rubric_criteria rc ON rc.rubric_id = a.rubric_id AND rc.rubric_version = a.rubric_version "
  " AND rc.criterion_id = a.criterion_id "
  "JOIN people p ON p.id = a.agent_id "
  "GROUP BY team, a.rubric_id, a.criterion_id ORDER BY team, a.rubric_id, a.criterion_id";

typedef struct {
  double rollup_ms, rollup_cpu_ms, naive_ms;
  guint  n_cells;
  gint64 n_answers;
} HeatmapFigures;

static HeatmapFigures
heatmap (KzStore    *store,
         const char *path,
         int         first_week,
         int         last_week)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) cells = NULL;
  HeatmapFigures fig = { 0 };
  double times[7], cpu0;
  GDate from, to;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  guint i = 0;
  gint64 start;

  g_date_clear (&from, 1);
  g_date_set_dmy (&from, 1, G_DATE_JANUARY, 1970);
  to = from;
  g_date_add_days (&from, first_week);
  g_date_add_days (&to, last_week + 6);

  cells = kz_store_rollup_heatmap (store, NULL, &from, &to, &error);  /* warm up */
  g_assert_no_error (error);
  cpu0 = cpu_seconds ();
  for (guint k = 0; k < G_N_ELEMENTS (times); k++)
    {
      g_autoptr(GPtrArray) again = NULL;

      start = g_get_monotonic_time ();
      again = kz_store_rollup_heatmap (store, NULL, &from, &to, &error);
      times[k] = (g_get_monotonic_time () - start) / 1000.0;
      g_assert_no_error (error);
      g_assert_cmpuint (again->len, ==, cells->len);
    }
  /* What the queries cost this process, whatever else the machine runs. */
  fig.rollup_cpu_ms = (cpu_seconds () - cpu0) * 1000 / G_N_ELEMENTS (times);
  fig.rollup_ms = median (times, G_N_ELEMENTS (times));
  fig.n_cells = cells->len;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_exec (db, "PRAGMA cache_size = -16384", NULL, NULL, NULL);
  g_assert_cmpint (sqlite3_prepare_v2 (db, naive_sql, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, (gint64) first_week * 86400);
  sqlite3_bind_int64 (stmt, 2, (gint64) (last_week + 7) * 86400);
  start = g_get_monotonic_time ();
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      KzRollupCell *c;

      g_assert_cmpuint (i, <, cells->len);
      c = g_ptr_array_index (cells, i++);
      /* Same cells, same numbers. */
      g_assert_cmpint (c->owner_id, ==, sqlite3_column_int64 (stmt, 0));
      g_assert_cmpstr (c->criterion_id, ==, (const char *) sqlite3_column_text (stmt, 1));
      g_assert_cmpstr (c->rubric_id, ==, (const char *) sqlite3_column_text (stmt, 5));
      g_assert_cmpint (c->n_applicable, ==, sqlite3_column_int64 (stmt, 3));
      g_assert_cmpint (c->n_na, ==, sqlite3_column_int64 (stmt, 4));
      g_assert_cmpfloat_with_epsilon (c->sum_v, sqlite3_column_double (stmt, 2), 1e-6);
      fig.n_answers += sqlite3_column_int64 (stmt, 3) + sqlite3_column_int64 (stmt, 4);
    }
  fig.naive_ms = (g_get_monotonic_time () - start) / 1000.0;
  g_assert_cmpuint (i, ==, cells->len);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return fig;
}

/* The raw path: how often each agent gave each answer, tallied from the
 * raw answers of the counted evaluations in [@from, @to) (as
 * kz_store_answer_tallies() does from the revisions, which a bulk-made
 * centre has none of), then kz_gaps_from_tallies()'s arithmetic. */
static KzGapReport *
raw_gaps (KzStore *store, const char *path, const char *rubric_id, KzGapsBy by, GDateTime *from, GDateTime *to)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) tallies = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) versions = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) kz_rubric_unref);
  g_autoptr(KzRubric) latest = kz_store_get_rubric (store, rubric_id, 0, &error);
  g_autoptr(GStringChunk) ids = g_string_chunk_new (256);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                   "SELECT e.agent_id, coalesce (p.team_id, 0), e.rubric_version, a.criterion_id, a.kind = 'na', "
                   "  CASE WHEN a.kind = 'na' THEN 0 ELSE a.value END, count (*) "
                   "FROM evaluations e JOIN answers a ON a.evaluation_id = e.id JOIN people p ON p.id = e.agent_id "
                   "WHERE e.rubric_id = ?1 AND e.state = 'submitted' AND e.is_calibration = 0 "
                   "  AND e.created_at >= ?2 AND e.created_at < ?3 AND (a.kind = 'na' OR a.value IS NOT NULL) "
                   "GROUP BY 1, 2, 3, 4, 5, 6", -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, rubric_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, g_date_time_to_unix (from));
  sqlite3_bind_int64 (stmt, 3, g_date_time_to_unix (to));
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      KzAnswerTally *t = g_new0 (KzAnswerTally, 1);

      t->agent_id = sqlite3_column_int64 (stmt, 0);
      t->team_id = sqlite3_column_int64 (stmt, 1);
      t->rubric_version = sqlite3_column_int (stmt, 2);
      t->criterion_id = g_string_chunk_insert_const (ids, (const char *) sqlite3_column_text (stmt, 3));
      t->is_na = sqlite3_column_int (stmt, 4) != 0;
      t->value = sqlite3_column_double (stmt, 5);
      t->count = (guint) sqlite3_column_int64 (stmt, 6);
      g_ptr_array_add (tallies, t);
      if (!g_hash_table_contains (versions, GINT_TO_POINTER (t->rubric_version)))
        {
          KzRubric *r = kz_store_get_rubric (store, rubric_id, t->rubric_version, &error);
          g_assert_no_error (error);
          g_hash_table_insert (versions, GINT_TO_POINTER (t->rubric_version), r);
        }
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return kz_gaps_from_tallies (latest, versions, tallies, by, NULL);
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzStore) store = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  guint64 n = argc > 1 ? g_ascii_strtoull (argv[1], NULL, 10) : 10000;
  gboolean check = FALSE;
  const char *keep = NULL;
  gboolean generate = TRUE;
  KzDemoCounts counts = { 0 };
  HeatmapFigures year, all;
  double gen_s, gen_cpu, cpu0, trend_ms, times[25];
  gint64 start, min_t, max_t;
  int last_week, first_week;
  g_autoptr(GPtrArray) agents = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gboolean ok = TRUE;

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
      g_printerr ("usage: bench-rollups N [--check] [--keep FILE]\n");
      return 2;
    }
  if (keep != NULL)
    {
      path = g_strdup (keep);
      generate = !g_file_test (path, G_FILE_TEST_EXISTS);
    }
  else
    {
      dir = g_dir_make_tmp ("kaizen-bench-rollups-XXXXXX", &error);
      g_assert_no_error (error);
      path = g_build_filename (dir, "kaizen.db", NULL);
    }

  /* 1. Generation. */
  gen_s = gen_cpu = 0;
  if (generate)
    {
      store = kz_store_open (path, &error);
      g_assert_no_error (error);
      cpu0 = cpu_seconds ();
      start = g_get_monotonic_time ();
      g_assert_true (kz_demo_fill_scale (store, kz_demo_rubrics_dir (), n, 1, &counts, &error));
      g_assert_no_error (error);
      gen_s = (g_get_monotonic_time () - start) / 1e6;
      gen_cpu = cpu_seconds () - cpu0;
      g_assert_cmpuint (counts.n_evaluations, ==, n);
      printf ("demo generation: %" G_GUINT64_FORMAT " evaluations, %u people, in %.1f s (%.1f s CPU), "
              "%.0f evaluations/s; target < 60 s for 1M\n", n, counts.n_people, gen_s, gen_cpu, n / gen_s);
      fflush (stdout);
    }
  else
    printf ("demo generation: skipped, measuring on %s\n", path);

  /* A fresh store, as the app would open the file. */
  g_clear_object (&store);
  store = kz_store_open (path, &error);
  g_assert_no_error (error);

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT min (created_at), max (created_at) FROM evaluations", -1,
                                       &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  min_t = sqlite3_column_int64 (stmt, 0);
  max_t = sqlite3_column_int64 (stmt, 1);
  sqlite3_finalize (stmt);
  agents = g_ptr_array_new_with_free_func (g_free);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT id FROM people WHERE roles = 1 ORDER BY id", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 *id = g_new (gint64, 1);
      *id = sqlite3_column_int64 (stmt, 0);
      g_ptr_array_add (agents, id);
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  /* 2. Heatmaps. */
  last_week = kz_rollup_week (max_t);
  first_week = last_week - 51 * 7;
  year = heatmap (store, path, first_week, last_week);
  printf ("heatmap, team × criterion, last 52 weeks (%u cells, %" G_GINT64_FORMAT " answers): "
          "roll-ups %.2f ms warm (%.2f ms CPU), naive GROUP BY %.0f ms: %.0f× faster; same numbers\n",
          year.n_cells, year.n_answers, year.rollup_ms, year.rollup_cpu_ms, year.naive_ms, year.naive_ms / year.rollup_ms);
  fflush (stdout);
  all = heatmap (store, path, kz_rollup_week (min_t), last_week);
  printf ("heatmap, team × criterion, all %d weeks (%u cells, %" G_GINT64_FORMAT " answers): "
          "roll-ups %.2f ms warm (%.2f ms CPU), naive GROUP BY %.0f ms: %.0f× faster; same numbers\n",
          (last_week - kz_rollup_week (min_t)) / 7 + 1, all.n_cells, all.n_answers, all.rollup_ms, all.rollup_cpu_ms,
          all.naive_ms,
          all.naive_ms / all.rollup_ms);

  /* 3. Trends. */
  for (guint k = 0; k < G_N_ELEMENTS (times); k++)
    {
      g_autoptr(GPtrArray) cells = NULL;
      g_autoptr(GPtrArray) weeks = NULL;
      gint64 agent = *(gint64 *) g_ptr_array_index (agents, (k * 7919) % agents->len);
      GDate last;

      g_date_clear (&last, 1);
      g_date_set_dmy (&last, 1, G_DATE_JANUARY, 1970);
      g_date_add_days (&last, last_week);
      start = g_get_monotonic_time ();
      cells = kz_store_rollup_agent_trend (store, agent, NULL, &last, 52, &weeks, &error);
      times[k] = (g_get_monotonic_time () - start) / 1000.0;
      g_assert_no_error (error);
      g_assert_cmpuint (cells->len, >, 0);
    }
  trend_ms = median (times, G_N_ELEMENTS (times));
  printf ("agent 52-week trend, every criterion: %.2f ms (median of 25 agents); target < 20 ms\n", trend_ms);

  /* 4. The Gaps report. */
  for (KzGapsBy by = KZ_GAPS_BY_AGENT; by <= KZ_GAPS_BY_TEAM; by++)
    {
      g_autoptr(GDateTime) epoch = g_date_time_new_from_unix_utc (0);
      g_autoptr(GDateTime) from = g_date_time_add_days (epoch, first_week);
      g_autoptr(GDateTime) to = g_date_time_add_days (epoch, last_week + 7);
      g_autoptr(KzGapReport) rolled = kz_gaps_compute (store, NULL, by, from, to, &error);
      g_autoptr(KzGapReport) raw = NULL;
      g_autoptr(GHashTable) want = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      double rolled_ms, raw_ms;

      g_assert_no_error (error);
      g_clear_pointer (&rolled, kz_gap_report_free);
      start = g_get_monotonic_time ();
      rolled = kz_gaps_compute (store, NULL, by, from, to, &error);   /* warm */
      rolled_ms = (g_get_monotonic_time () - start) / 1000.0;
      g_assert_no_error (error);
      start = g_get_monotonic_time ();
      raw = raw_gaps (store, path, kz_rubric_get_id (rolled->rubric), by, from, to);
      raw_ms = (g_get_monotonic_time () - start) / 1000.0;
      /* Same cells, same numbers. */
      g_assert_cmpuint (rolled->cells->len, ==, raw->cells->len);
      g_assert_cmpuint (rolled->cells->len, >, 0);
      for (guint k = 0; k < raw->cells->len; k++)
        {
          KzGapCell *c = g_ptr_array_index (raw->cells, k);
          g_hash_table_insert (want, g_strdup_printf ("%" G_GINT64_FORMAT "/%s", c->unit_id, c->criterion_id), c);
        }
      for (guint k = 0; k < rolled->cells->len; k++)
        {
          const KzGapCell *c = g_ptr_array_index (rolled->cells, k);
          g_autofree char *key = g_strdup_printf ("%" G_GINT64_FORMAT "/%s", c->unit_id, c->criterion_id);
          const KzGapCell *w = g_hash_table_lookup (want, key);

          g_assert_nonnull (w);
          g_assert_cmpuint (c->n, ==, w->n);
          g_assert_cmpuint (c->n_na, ==, w->n_na);
          g_assert_cmpint (c->has_mean, ==, w->has_mean);
          if (c->has_mean)
            g_assert_cmpfloat_with_epsilon (c->mean, w->mean, 1e-6);
        }
      printf ("gaps report by %s, %s, last 52 weeks (%u cells): roll-ups %.1f ms, raw tallies %.0f ms: "
              "%.0f× faster; same numbers\n", by == KZ_GAPS_BY_AGENT ? "agent" : "team",
              kz_rubric_get_id (rolled->rubric), rolled->cells->len, rolled_ms, raw_ms, raw_ms / rolled_ms);
      fflush (stdout);
    }

  if (check)
    {
      if (generate && gen_s >= 60.0 * n / 1e6)
        {
          printf ("FAIL: generation took %.1f s, target %.1f s\n", gen_s, 60.0 * n / 1e6);
          ok = FALSE;
        }
      if (year.rollup_ms >= 50 || all.rollup_ms >= 50)
        {
          printf ("FAIL: heatmap %.2f / %.2f ms, target < 50 ms\n", year.rollup_ms, all.rollup_ms);
          ok = FALSE;
        }
      if (year.naive_ms / year.rollup_ms < 100 || all.naive_ms / all.rollup_ms < 100)
        {
          printf ("FAIL: heatmap only %.0f× / %.0f× the naive query, target ≥ 100×\n",
                  year.naive_ms / year.rollup_ms, all.naive_ms / all.rollup_ms);
          ok = FALSE;
        }
      if (trend_ms >= 20)
        {
          printf ("FAIL: trend %.2f ms, target < 20 ms\n", trend_ms);
          ok = FALSE;
        }
    }

  g_clear_object (&store);
  if (keep == NULL)
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);
    g_unlink (path);
    g_unlink (wal);
    g_unlink (shm);
    g_rmdir (dir);
  }
  return ok ? 0 : 1;
}
