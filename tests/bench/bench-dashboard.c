/* bench-dashboard.c — the team overview from roll-ups against the naive query
 *
 * Usage: bench-dashboard N [--check]   (the test command runs a small N;
 * `meson test --benchmark` 200,000, and 1,000,000 with --check, which fails
 * when a whole overview takes 100 ms or more).  Generates a centre of N evaluations
 * (kz_demo_fill_scale()), then, warm (the median of 5 runs after one to warm
 * up), kz_team_overview_load() for everyone and for one team over the last
 * 13 weeks — everything the Team Overview page reads — against the query
 * anyone would write for its score figures: the weekly mean, pass and
 * auto-fail counts straight from the evaluations (plain SQL, a second
 * connection, the same weeks), and checks the two agree on the totals.
 * Prints the figures and the ratio.  No target in scale.md names this
 * page; an interactive view wants < 100 ms, which it prints beside.
 *
 * Beside it, the acknowledgement and dispute counts two ways: the store's
 * one aggregate read (kz_store_answer_back(), what the overview does) and
 * the way the overview used to count them — every summary of the period
 * listed into memory (kz_store_list_evaluations()) and counted — checking
 * the two agree; and the pieces of a load, to see where its time goes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <glib/gstdio.h>

#include "kz-dashboard.h"
#include "kz-demo.h"
#include "kz-store.h"

static int
compare_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static double
median5 (double *v)
{
  qsort (v, 5, sizeof *v, compare_double);
  return v[2];
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzStore) store = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  guint64 n = argc > 1 ? g_ascii_strtoull (argv[1], NULL, 10) : 5000;
  gboolean check = argc > 2 && g_str_equal (argv[2], "--check");
  gboolean failed = FALSE;
  GDate today, from;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  gint64 team = 0;

  dir = g_dir_make_tmp ("kaizen-bench-dashboard-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "centre.db", NULL);
  store = kz_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (kz_demo_fill_scale (store, kz_demo_rubrics_dir (), n, 1, NULL, &error));
  g_assert_no_error (error);

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, g_date_time_get_day_of_month (now), g_date_time_get_month (now), g_date_time_get_year (now));
  from = today;
  g_date_subtract_days (&from, 7 * 13 - 1);

  {
    g_autoptr(GPtrArray) people = kz_store_list_people (store, KZ_ROLE_AGENT, &error);

    g_assert_no_error (error);
    team = ((KzPerson *) g_ptr_array_index (people, 0))->team_id;
  }

  for (int which = 0; which < 2; which++)
    {
      gint64 want_team = which == 0 ? KZ_ROLLUP_ANY_TEAM : team;
      double t_model[5], t_naive[5];
      gint64 naive_n = 0, naive_scored = 0, naive_passed = 0;
      double naive_sum = 0;
      g_autoptr(KzTeamOverview) warm = kz_team_overview_load (store, want_team, 0, &from, &today, &error);

      g_assert_no_error (error);
      for (int run = 0; run < 5; run++)
        {
          gint64 t0 = g_get_monotonic_time ();
          g_autoptr(KzTeamOverview) o = kz_team_overview_load (store, want_team, 0, &from, &today, &error);

          g_assert_no_error (error);
          t_model[run] = (g_get_monotonic_time () - t0) / 1e3;
        }
      for (int run = 0; run < 5; run++)
        {
          sqlite3 *db = NULL;
          sqlite3_stmt *stmt = NULL;
          gint64 t0 = g_get_monotonic_time ();

          g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
          g_assert_cmpint (sqlite3_prepare_v2 (db,
                                               "SELECT e.created_at / 604800, count (*), count (e.final), "
                                               "coalesce (sum (e.final), 0), sum (e.pass = 1 AND e.final IS NOT NULL), "
                                               "sum (e.auto_failed) FROM evaluations e JOIN people p ON p.id = e.agent_id "
                                               "WHERE e.state = 'submitted' AND e.is_calibration = 0 "
                                               "AND (?1 < 0 OR p.team_id = ?1) AND e.created_at >= ?2 AND e.created_at < ?3 "
                                               "GROUP BY 1", -1, &stmt, NULL), ==, SQLITE_OK);
          sqlite3_bind_int64 (stmt, 1, want_team);
          sqlite3_bind_int64 (stmt, 2, g_date_time_to_unix (warm->start));
          sqlite3_bind_int64 (stmt, 3, g_date_time_to_unix (warm->end));
          naive_n = naive_scored = naive_passed = 0;
          naive_sum = 0;
          while (sqlite3_step (stmt) == SQLITE_ROW)
            {
              naive_n += sqlite3_column_int64 (stmt, 1);
              naive_scored += sqlite3_column_int64 (stmt, 2);
              naive_sum += sqlite3_column_double (stmt, 3);
              naive_passed += sqlite3_column_int64 (stmt, 4);
            }
          sqlite3_finalize (stmt);
          sqlite3_close (db);
          t_naive[run] = (g_get_monotonic_time () - t0) / 1e3;
        }
      g_assert_cmpint (warm->total.n_evaluations, ==, naive_n);
      g_assert_cmpint (warm->total.n_scored, ==, naive_scored);
      g_assert_cmpint (warm->total.n_passed, ==, naive_passed);
      g_assert_cmpfloat_with_epsilon (warm->total.sum_final, naive_sum, 1e-6 * MAX (1.0, fabs (naive_sum)));
      /* The answer-back two ways, on the same weeks and agents. */
      {
        double t_agg[5], t_list[5];
        KzAnswerBack back = { 0 };
        guint l_n = 0, l_ack = 0, l_cur = 0, l_disp = 0, l_open = 0;

        for (int run = 0; run < 5; run++)
          {
            gint64 t0 = g_get_monotonic_time ();

            g_assert_true (kz_store_answer_back (store, want_team, 0, warm->start, warm->end, &back, &error));
            g_assert_no_error (error);
            t_agg[run] = (g_get_monotonic_time () - t0) / 1e3;
          }
        for (int run = 0; run < 5; run++)
          {
            KzEvaluationFilter filter = { .submitted_only = TRUE, .from = warm->start, .to = warm->end };
            g_autoptr(GHashTable) team_of = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
            g_autoptr(GPtrArray) people = NULL;
            g_autoptr(GPtrArray) all = NULL;
            gint64 t0 = g_get_monotonic_time ();

            people = kz_store_list_people (store, KZ_ROLE_NONE, &error);
            g_assert_no_error (error);
            for (guint i = 0; i < people->len; i++)
              {
                KzPerson *p = g_ptr_array_index (people, i);
                g_hash_table_insert (team_of, g_memdup2 (&p->id, sizeof p->id), g_memdup2 (&p->team_id, sizeof p->team_id));
              }
            all = kz_store_list_evaluations (store, &filter, &error);
            g_assert_no_error (error);
            l_n = l_ack = l_cur = l_disp = l_open = 0;
            for (guint i = 0; i < all->len; i++)
              {
                KzEvaluationSummary *s = g_ptr_array_index (all, i);
                gint64 *t = g_hash_table_lookup (team_of, &s->agent_id);

                if (want_team >= 0 && (t == NULL || *t != want_team))
                  continue;
                l_n++;
                l_ack += s->acknowledged_revision > 0;
                l_cur += s->acknowledged_revision > 0 && s->acknowledged_revision >= s->revision;
                l_disp += s->n_disputes > 0;
                l_open += s->dispute_open;
              }
            t_list[run] = (g_get_monotonic_time () - t0) / 1e3;
          }
        g_assert_cmpint (back.n_evaluations, ==, l_n);
        g_assert_cmpint (back.n_acknowledged, ==, l_ack);
        g_assert_cmpint (back.n_acknowledged_current, ==, l_cur);
        g_assert_cmpint (back.n_disputed, ==, l_disp);
        g_assert_cmpint (back.n_dispute_open, ==, l_open);
        g_assert_cmpint (warm->n_listed, ==, l_n);
        g_assert_cmpint (warm->n_acknowledged, ==, l_ack);
        g_assert_cmpint (warm->n_disputed, ==, l_disp);
        printf ("answer-back, %s: %" G_GINT64_FORMAT " evaluations, %" G_GINT64_FORMAT " acknowledged, %" G_GINT64_FORMAT
                " disputed: one aggregate read %.1f ms; listing the %u summaries and counting them (the old way) "
                "%.1f ms; ratio %.1f\n", which == 0 ? "everyone" : "one team", back.n_evaluations, back.n_acknowledged,
                back.n_disputed, median5 (t_agg), l_n, median5 (t_list), median5 (t_list) / median5 (t_agg));
      }
      /* Where a load's time goes. */
      {
        double t_rubrics, t_weeks, t_cells, t_coverage, t_people;
        gint64 t0 = g_get_monotonic_time ();
        g_autoptr(GPtrArray) rubrics = kz_store_list_latest_rubrics (store, &error);
        g_autoptr(GPtrArray) rows = NULL;
        g_autoptr(GPtrArray) cells = NULL;
        g_autoptr(GPtrArray) cov = NULL;
        g_autoptr(GPtrArray) people = NULL;

        t_rubrics = (g_get_monotonic_time () - t0) / 1e3;
        t0 = g_get_monotonic_time ();
        rows = kz_store_rollup_team_weeks (store, want_team, &from, &today, &error);
        t_weeks = (g_get_monotonic_time () - t0) / 1e3;
        t0 = g_get_monotonic_time ();
        cells = kz_store_rollup_heatmap (store, NULL, &from, &today, &error);
        t_cells = (g_get_monotonic_time () - t0) / 1e3;
        t0 = g_get_monotonic_time ();
        cov = kz_store_coverage (store, warm->start, warm->end, &error);
        t_coverage = (g_get_monotonic_time () - t0) / 1e3;
        t0 = g_get_monotonic_time ();
        people = kz_store_list_people (store, KZ_ROLE_NONE, &error);
        t_people = (g_get_monotonic_time () - t0) / 1e3;
        g_assert_no_error (error);
        printf ("  pieces, %s: latest rubrics %.1f ms, team weeks %.1f ms, heatmap cells %.1f ms, coverage %.1f ms, "
                "people %.1f ms\n", which == 0 ? "everyone" : "one team", t_rubrics, t_weeks, t_cells, t_coverage,
                t_people);
      }
      if (check && median5 (t_model) >= 100.0)
        {
          g_printerr ("FAIL: the %s overview took %.1f ms (target < 100 ms)\n", which == 0 ? "everyone" : "one team",
                      median5 (t_model));
          failed = TRUE;
        }
      printf ("team overview, %s, 13 weeks, %" G_GUINT64_FORMAT " evaluations in the centre, %" G_GINT64_FORMAT
              " in the period: %.1f ms (the whole page: figures, gaps, coverage, answer-back, eNPS); "
              "naive score query alone %.1f ms; ratio %.2f; interactive target 100 ms\n",
              which == 0 ? "everyone" : "one team", n, naive_n, median5 (t_model), median5 (t_naive),
              median5 (t_naive) / median5 (t_model));
    }

  g_clear_object (&store);
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", dir);
    if (system (cmd) != 0)
      g_printerr ("could not remove %s\n", dir);
  }
  return failed ? 1 : 0;
}
