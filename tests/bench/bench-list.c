/* bench-list.c — the interaction list's memory with 1M rows against 1k
 *
 * Usage: bench-list N [--check]   (the test command runs a small N,
 * `meson test --benchmark` 1,000,000).  Builds two SQLite files in the same
 * run, one with 1,000 interactions and one with N, then in a fresh process
 * for each: opens the file, shows the list the way a view does (40 rows in
 * view) at the top, a quarter, half way, three quarters and the bottom,
 * then scrolls on page by page from half way, and measures the resident memory the list added, the pages it holds and
 * how long a page took to arrive.  scale.md's target: memory grows with the
 * rows in view, not with the table — so the growth with N rows must stay
 * within 1.5× of the growth with 1,000 (plus 2 MiB for SQLite's page cache,
 * which is bounded and fills up on a large file), and far below what
 * holding every row would cost.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kz-interaction-list.h"
#include "kz-store.h"

#define SMALL 1000
#define IN_VIEW 40

static long
rss_kib (void)
{
  g_autofree char *text = NULL;
  long pages = 0, resident = 0;

  if (!g_file_get_contents ("/proc/self/statm", &text, NULL, NULL))
    return -1;
  sscanf (text, "%ld %ld", &pages, &resident);
  return resident * (sysconf (_SC_PAGESIZE) / 1024);
}

static void
fill (const char *path,
      guint       n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzStore) store = kz_store_open (path, &error);
  g_autoptr(GDateTime) base = g_date_time_new_utc (2021, 1, 1, 0, 0, 0);
  g_autoptr(KzPerson) agent = kz_person_new ("Ana Silva", KZ_ROLE_AGENT);
  static const char *subjects[] = {
    "Bill higher than expected", "Moving house next month", "Smart meter shows no signal",
    "Refund for overpayment", "Direct debit changed", "Cannot log in to my account",
  };
  gint64 agent_id;

  g_assert_no_error (error);
  agent_id = kz_store_add_person (store, agent, &error);
  g_assert_no_error (error);
  g_assert_true (kz_store_begin (store, &error));
  for (guint k = 0; k < n; k++)
    {
      g_autoptr(GDateTime) when = g_date_time_add_seconds (base, k * 157.0);
      char ref[32];
      KzInteraction it = { 0, k % 3 ? KZ_CHANNEL_CALL : KZ_CHANNEL_EMAIL, agent_id, when,
                           (char *) subjects[k % G_N_ELEMENTS (subjects)], ref };

      g_snprintf (ref, sizeof ref, "r%u", k);
      kz_store_add_interaction (store, &it, &error);
      g_assert_no_error (error);
    }
  g_assert_true (kz_store_commit (store, &error));
}

static void
wait_idle (KzInteractionList *list)
{
  while (kz_interaction_list_get_loading (list))
    g_main_context_iteration (NULL, TRUE);
  g_assert_null (kz_interaction_list_get_error (list));
}

/* The child: one file, one list, scrolled through. */
static int
measure (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzStore) store = kz_store_open (path, &error);
  g_autoptr(KzInteractionList) list = NULL;
  g_autoptr(GPtrArray) in_view = g_ptr_array_new_with_free_func (g_object_unref);
  KzInteractionQuery all = { .any_channel = TRUE };
  long before, after;
  double page_ms = 0, worst_ms = 0, scroll_ms;
  guint n, n_stops = 0;

  g_assert_no_error (error);
  /* Warm: the store's statements prepared, the count's pages read once. */
  g_assert_cmpint (kz_store_count_interactions (store, &all, &error), >, 0);
  before = rss_kib ();

  list = kz_interaction_list_new (store);
  kz_interaction_list_set_query (list, &all);
  wait_idle (list);
  n = g_list_model_get_n_items (G_LIST_MODEL (list));

  for (guint stop = 0; stop <= 4; stop++)
    {
      guint first = stop == 4 ? n - IN_VIEW : (guint) ((guint64) n * stop / 4);
      gint64 t0 = g_get_monotonic_time ();
      double ms;

      /* The view lets go of the rows it no longer shows. */
      g_ptr_array_set_size (in_view, 0);
      for (guint p = first; p < first + IN_VIEW; p++)
        g_ptr_array_add (in_view, g_list_model_get_item (G_LIST_MODEL (list), p));
      wait_idle (list);
      ms = (g_get_monotonic_time () - t0) / 1000.0;
      page_ms += ms;
      worst_ms = MAX (worst_ms, ms);
      n_stops++;
      for (guint i = 0; i < in_view->len; i++)
        g_assert_true (kz_interaction_item_get_loaded (g_ptr_array_index (in_view, i)));
    }
  /* Scrolling on from half way: each next page seeks from the one held. */
  {
    guint start = (n / 2 / KZ_INTERACTION_LIST_PAGE_SIZE) * KZ_INTERACTION_LIST_PAGE_SIZE;
    guint n_pages = MIN (10u, (n - start) / KZ_INTERACTION_LIST_PAGE_SIZE);
    gint64 t0;

    g_ptr_array_set_size (in_view, 0);
    g_ptr_array_add (in_view, g_list_model_get_item (G_LIST_MODEL (list), start));
    wait_idle (list);
    t0 = g_get_monotonic_time ();
    for (guint k = 1; k < n_pages; k++)
      {
        g_autoptr(KzInteractionItem) item =
          g_list_model_get_item (G_LIST_MODEL (list), start + k * KZ_INTERACTION_LIST_PAGE_SIZE);

        wait_idle (list);
        g_assert_true (kz_interaction_item_get_loaded (item));
      }
    scroll_ms = n_pages > 1 ? (g_get_monotonic_time () - t0) / 1000.0 / (n_pages - 1) : 0;
  }
  after = rss_kib ();

  printf ("%u %ld %u %.2f %.2f %.2f\n", n, after - before, kz_interaction_list_get_n_pages_held (list),
          page_ms / n_stops, worst_ms, scroll_ms);
  return 0;
}

typedef struct {
  guint  rows;
  long   grown_kib;
  guint  pages;
  double mean_ms, worst_ms, scroll_ms;
} Figures;

static Figures
run_child (const char *self_path,
           const char *db)
{
  const char *argv[] = { self_path, "--child", db, NULL };
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  Figures f = { 0 };
  int status;

  g_spawn_sync (NULL, (char **) argv, NULL, 0, NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_cmpint (sscanf (out, "%u %ld %u %lf %lf %lf", &f.rows, &f.grown_kib, &f.pages, &f.mean_ms,
                           &f.worst_ms, &f.scroll_ms), ==, 6);
  return f;
}

int
main (int argc, char **argv)
{
  g_autofree char *dir = NULL;
  g_autofree char *small_db = NULL;
  g_autofree char *large_db = NULL;
  g_autofree char *self_path = NULL;
  guint n;
  gboolean check;
  Figures small, large;
  double per_row_bytes, all_rows_kib;
  long allowed;
  gint64 t0;

  if (argc == 3 && g_str_equal (argv[1], "--child"))
    return measure (argv[2]);

  n = argc > 1 ? (guint) atoi (argv[1]) : 20000;
  check = argc > 2 && g_str_equal (argv[2], "--check");
  dir = g_dir_make_tmp ("kaizen-bench-list-XXXXXX", NULL);
  small_db = g_build_filename (dir, "small.db", NULL);
  large_db = g_build_filename (dir, "large.db", NULL);
  self_path = g_file_read_link ("/proc/self/exe", NULL);

  t0 = g_get_monotonic_time ();
  fill (small_db, SMALL);
  fill (large_db, n);
  printf ("built %u and %u interactions in %.1f s\n", SMALL, n, (g_get_monotonic_time () - t0) / 1e6);

  small = run_child (self_path, small_db);
  large = run_child (self_path, large_db);
  g_assert_cmpuint (small.rows, ==, SMALL);
  g_assert_cmpuint (large.rows, ==, n);

  /* What a list holding every row would need, at the small run's cost per
   * row held (a conservative low estimate: no per-page overhead). */
  per_row_bytes = small.grown_kib * 1024.0 / MAX (1u, small.pages * KZ_INTERACTION_LIST_PAGE_SIZE);
  all_rows_kib = per_row_bytes * n / 1024.0;
  allowed = (long) (1.5 * MAX (small.grown_kib, 256)) + 2048;

  printf ("rows in view: %d; pages held: %u (1k) and %u (%u), at most %d\n", IN_VIEW, small.pages,
          large.pages, n, KZ_INTERACTION_LIST_MAX_PAGES);
  printf ("memory the list added: %ld KiB with %u rows, %ld KiB with %u rows (ratio %.2f)\n",
          small.grown_kib, SMALL, large.grown_kib, n,
          (double) large.grown_kib / MAX (1, small.grown_kib));
  printf ("holding every row would take about %.0f KiB; allowed: %ld KiB\n", all_rows_kib, allowed);
  printf ("a jump to a screen of rows: %.1f ms on average, %.1f ms at worst (%u rows), %.1f / %.1f ms (1k)\n",
          large.mean_ms, large.worst_ms, n, small.mean_ms, small.worst_ms);
  printf ("scrolling on, the next page: %.2f ms (%u rows), %.2f ms (1k)\n", large.scroll_ms, n, small.scroll_ms);

  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", dir);
    g_assert_cmpint (system (cmd), ==, 0);
  }

  /* The pages held never depend on the table's size. */
  g_assert_cmpuint (large.pages, <=, KZ_INTERACTION_LIST_MAX_PAGES);
  if (check && large.grown_kib > allowed)
    {
      printf ("MISSED the target\n");
      return 1;
    }
  return 0;
}
