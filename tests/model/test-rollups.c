/* test-rollups.c — roll-ups give exactly what a naive query over raw answers gives
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every check reads the raw rows with its own plain SQL (a second
 * connection: sqlite3 or libpq), works out each answer's week, normalised
 * value and failure with its own arithmetic from the rubric's scales, sums
 * them, and compares with what the store's roll-ups say — on the demo
 * centre, after a dispute changes an answer, after a reviewer re-scores,
 * after an agent moves team, after bulk inserts and deletions, and after
 * a rebuild from scratch.  Both backends.
 */
#include "config.h"

#include <math.h>
#include <sqlite3.h>
#include <string.h>

#include "kz-dashboard.h"
#include "kz-demo.h"
#include "kz-dispute.h"
#include "kz-error.h"
#include "kz-pg-store-private.h"
#include "kz-rollup.h"
#include "kz-sqlite-store-private.h"
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
  f->location = f->pg ? kz_test_pg_create_db () : g_strdup (f->path);
  f->store = f->pg ? kz_pg_store_open (f->location, NULL, TRUE, KZ_PG_SCHEMA_VERSION, &error)
                   : kz_store_open (f->location, &error);
  g_assert_no_error (error);
  g_assert_true (kz_demo_fill (f->store, kz_demo_rubrics_dir (), 7, &counts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.n_evaluations, >, 100);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->store);
  if (f->pg)
    kz_test_pg_drop_db (f->location);
  kz_test_tmpdir_free (f->dir);
  g_free (f->path);
  g_free (f->location);
}

/* Plain SQL on a second connection, autocommitted. */
static void
raw_exec (Fixture *f, const char *sql)
{
  if (f->pg)
    {
      PGconn *conn = kz_test_pg_connect (f->location);
      PGresult *r = PQexec (conn, sql);

      if (PQresultStatus (r) != PGRES_COMMAND_OK && PQresultStatus (r) != PGRES_TUPLES_OK)
        g_error ("%s: %s", sql, PQerrorMessage (conn));
      PQclear (r);
      PQfinish (conn);
    }
  else
    {
      sqlite3 *db = NULL;
      char *msg = NULL;

      g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
      sqlite3_exec (db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
      if (sqlite3_exec (db, sql, NULL, NULL, &msg) != SQLITE_OK)
        g_error ("%s: %s", sql, msg);
      sqlite3_close (db);
    }
}

/* One statement on a second connection, autocommitted, with @n values
 * bound as $1, $2 … (text, as both backends take them; CAST where
 * PostgreSQL needs a type): the first column of every row it gives, as text
 * (NULL for NULL). */
static GPtrArray *
raw_rows (Fixture *f, const char *sql, const char *const *values, int n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  GPtrArray *firsts = g_ptr_array_new_with_free_func (g_free);
  KzTestValue bound[8];

  g_assert_cmpint (n, <=, (int) G_N_ELEMENTS (bound));
  for (int i = 0; i < n; i++)
    bound[i] = KZ_TEST_TEXT (values[i]);
  rows = kz_test_sql_rows (f->pg ? f->location : f->path, sql, 1, bound, n, &error);
  if (rows == NULL)
    g_error ("%s", error->message);
  for (guint i = 0; i < rows->len; i++)
    g_ptr_array_add (firsts, g_strdup (((GPtrArray *) rows->pdata[i])->pdata[0]));
  return firsts;
}

/* The values after @sql, up to a NULL, into @values. */
#define RAW_COLLECT(sql, values, n)                                  \
  G_STMT_START {                                                     \
    va_list _args;                                                   \
    va_start (_args, sql);                                           \
    for (const char *_v; (_v = va_arg (_args, const char *)) != NULL;) \
      {                                                              \
        g_assert_cmpint (n, <, (int) G_N_ELEMENTS (values));         \
        values[n++] = _v;                                            \
      }                                                              \
    va_end (_args);                                                  \
  } G_STMT_END

/* raw_rows() for a change; the values end with NULL. */
static void
raw_exec_with (Fixture *f, const char *sql, ...)
{
  const char *values[8];
  int n = 0;

  RAW_COLLECT (sql, values, n);
  g_ptr_array_unref (raw_rows (f, sql, values, n));
}

/* The one value a query gives, as an integer; the values end with NULL. */
static gint64
raw_int_with (Fixture *f, const char *sql, ...)
{
  const char *values[8];
  int n = 0;
  g_autoptr(GPtrArray) rows = NULL;

  RAW_COLLECT (sql, values, n);
  rows = raw_rows (f, sql, values, n);
  g_assert_cmpuint (rows->len, ==, 1);
  return rows->pdata[0] != NULL ? g_ascii_strtoll (rows->pdata[0], NULL, 10) : 0;
}

#define raw_int(f, sql) raw_int_with ((f), (sql), NULL)

/* The first column of the first row as text, on SQLite. */
static char *
raw_text (Fixture *f, const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *v;

  g_assert_false (f->pg);
  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  v = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return v;
}

/* One raw row: an answer of a counted evaluation (or the evaluation alone,
 * criterion NULL, when it has no answers). */
typedef struct {
  gint64  evaluation_id, agent_id, team_id, created_at;
  char   *rubric_id;
  int     rubric_version;
  gboolean has_final;
  double  final;
  gboolean pass, auto_failed;
  char   *criterion_id;
  gboolean na;
  double  value;
} RawRow;

static void
raw_row_free (RawRow *r)
{
  g_free (r->rubric_id);
  g_free (r->criterion_id);
  g_free (r);
}

static const char naive_sql[] =
  "SELECT e.id, e.agent_id, coalesce (p.team_id, 0), e.created_at, e.rubric_id, e.rubric_version, e.final, "
  "       CASE WHEN e.pass THEN 1 ELSE 0 END, CASE WHEN e.auto_failed THEN 1 ELSE 0 END, "
  "       a.criterion_id, a.kind, a.value "
  "FROM evaluations e JOIN people p ON p.id = e.agent_id LEFT JOIN answers a ON a.evaluation_id = e.id "
  "WHERE e.state = 'submitted' AND e.is_calibration = false ORDER BY e.id";

static GPtrArray *
read_raw (Fixture *f)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) raw_row_free);

  if (f->pg)
    {
      PGconn *conn = kz_test_pg_connect (f->location);
      PGresult *r = PQexecParams (conn, naive_sql, 0, NULL, NULL, NULL, NULL, 0);

      g_assert_cmpint (PQresultStatus (r), ==, PGRES_TUPLES_OK);
      for (int i = 0; i < PQntuples (r); i++)
        {
          RawRow *row = g_new0 (RawRow, 1);

          row->evaluation_id = g_ascii_strtoll (PQgetvalue (r, i, 0), NULL, 10);
          row->agent_id = g_ascii_strtoll (PQgetvalue (r, i, 1), NULL, 10);
          row->team_id = g_ascii_strtoll (PQgetvalue (r, i, 2), NULL, 10);
          row->created_at = g_ascii_strtoll (PQgetvalue (r, i, 3), NULL, 10);
          row->rubric_id = g_strdup (PQgetvalue (r, i, 4));
          row->rubric_version = atoi (PQgetvalue (r, i, 5));
          row->has_final = !PQgetisnull (r, i, 6);
          row->final = row->has_final ? g_ascii_strtod (PQgetvalue (r, i, 6), NULL) : 0;
          row->pass = atoi (PQgetvalue (r, i, 7));
          row->auto_failed = atoi (PQgetvalue (r, i, 8));
          row->criterion_id = PQgetisnull (r, i, 9) ? NULL : g_strdup (PQgetvalue (r, i, 9));
          row->na = g_strcmp0 (PQgetvalue (r, i, 10), "na") == 0;
          row->value = PQgetisnull (r, i, 11) ? 0 : g_ascii_strtod (PQgetvalue (r, i, 11), NULL);
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
      g_assert_cmpint (sqlite3_prepare_v2 (db, naive_sql, -1, &stmt, NULL), ==, SQLITE_OK);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          RawRow *row = g_new0 (RawRow, 1);

          row->evaluation_id = sqlite3_column_int64 (stmt, 0);
          row->agent_id = sqlite3_column_int64 (stmt, 1);
          row->team_id = sqlite3_column_int64 (stmt, 2);
          row->created_at = sqlite3_column_int64 (stmt, 3);
          row->rubric_id = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
          row->rubric_version = sqlite3_column_int (stmt, 5);
          row->has_final = sqlite3_column_type (stmt, 6) != SQLITE_NULL;
          row->final = sqlite3_column_double (stmt, 6);
          row->pass = sqlite3_column_int (stmt, 7);
          row->auto_failed = sqlite3_column_int (stmt, 8);
          row->criterion_id = sqlite3_column_type (stmt, 9) == SQLITE_NULL ? NULL
                            : g_strdup ((const char *) sqlite3_column_text (stmt, 9));
          row->na = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 10), "na") == 0;
          row->value = sqlite3_column_double (stmt, 11);
          g_ptr_array_add (rows, row);
        }
      sqlite3_finalize (stmt);
      sqlite3_close (db);
    }
  return rows;
}

/* The Monday (UTC) of @t as days since 1970-01-01, worked out through the
 * calendar rather than by the store's arithmetic. */
static int
monday_of (gint64 t)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (t);
  g_autoptr(GDateTime) day = g_date_time_new_utc (g_date_time_get_year (dt), g_date_time_get_month (dt),
                                                  g_date_time_get_day_of_month (dt), 0, 0, 0);
  g_autoptr(GDateTime) monday = g_date_time_add_days (day, -(g_date_time_get_day_of_week (dt) - 1));

  return (int) (g_date_time_to_unix (monday) / 86400);
}

typedef struct {
  double sum_v, sum_value;
  gint64 n_applicable, n_na, n_failed, n_value;
} Sums;

typedef struct {
  gint64 n, n_scored, n_passed, n_auto_failed;
  double sum_final;
} Totals;

typedef struct {
  GHashTable *team;    /* "team|criterion" → Sums* (all weeks) */
  GHashTable *team_range; /* the same, weeks in [range_first, range_last] */
  GHashTable *agent;   /* "agent|week|criterion" → Sums* */
  GHashTable *weeks;   /* "agent|week" → Totals* */
  GHashTable *agents;  /* agent ids (gint64*) */
  int         range_first, range_last;
} Naive;

static void
naive_clear (Naive *n)
{
  g_hash_table_unref (n->team);
  g_hash_table_unref (n->team_range);
  g_hash_table_unref (n->agent);
  g_hash_table_unref (n->weeks);
  g_hash_table_unref (n->agents);
}

static Sums *
sums_at (GHashTable *table, char *key)
{
  Sums *s = g_hash_table_lookup (table, key);

  if (s == NULL)
    {
      s = g_new0 (Sums, 1);
      g_hash_table_insert (table, key, s);
    }
  else
    g_free (key);
  return s;
}

static void
naive_compute (Fixture *f, Naive *n, int range_first, int range_last)
{
  g_autoptr(GPtrArray) rows = read_raw (f);
  g_autoptr(GHashTable) rubrics = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                          (GDestroyNotify) kz_rubric_unref);
  gint64 last_evaluation = -1;

  n->team = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  n->team_range = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  n->agent = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  n->weeks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  n->agents = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  n->range_first = range_first;
  n->range_last = range_last;

  for (guint i = 0; i < rows->len; i++)
    {
      RawRow *r = g_ptr_array_index (rows, i);
      int week = monday_of (r->created_at);
      g_autofree char *rkey = g_strdup_printf ("%s\n%d", r->rubric_id, r->rubric_version);
      KzRubric *rubric = g_hash_table_lookup (rubrics, rkey);
      KzCriterion *c;
      double min, max, x;
      gboolean has_x;
      Sums *sums[3];

      if (r->evaluation_id != last_evaluation)
        {
          char *wkey = g_strdup_printf ("%" G_GINT64_FORMAT "|%d", r->agent_id, week);
          Totals *t = g_hash_table_lookup (n->weeks, wkey);
          gint64 *agent = g_new (gint64, 1);

          if (t == NULL)
            {
              t = g_new0 (Totals, 1);
              g_hash_table_insert (n->weeks, wkey, t);
            }
          else
            g_free (wkey);
          t->n++;
          if (r->has_final)
            {
              t->n_scored++;
              t->sum_final += r->final;
              t->n_passed += r->pass;
            }
          t->n_auto_failed += r->auto_failed;
          *agent = r->agent_id;
          g_hash_table_add (n->agents, agent);
          last_evaluation = r->evaluation_id;
        }
      if (r->criterion_id == NULL)
        continue;

      if (rubric == NULL)
        {
          g_autoptr(GError) error = NULL;
          rubric = kz_store_get_rubric (f->store, r->rubric_id, r->rubric_version, &error);
          g_assert_no_error (error);
          g_hash_table_insert (rubrics, g_strdup (rkey), rubric);
        }
      c = kz_rubric_find_criterion (rubric, r->criterion_id);
      if (c == NULL)
        continue;  /* an answer to a criterion the rubric no longer has counts nowhere */
      if (r->na && c->na_policy == KZ_NA_FORBIDDEN)
        continue;  /* not an answer at all */

      min = kz_scale_get_min (c->scale);
      max = kz_scale_get_max (c->scale);
      has_x = TRUE;
      x = r->value;
      if (r->na)
        {
          if (c->na_policy == KZ_NA_PASS)
            x = max;
          else if (c->na_policy == KZ_NA_FIXED)
            x = c->na_value;
          else
            has_x = FALSE;
        }

      /* Per rubric: two rubrics' criteria of one id are two cells. */
      sums[0] = sums_at (n->team, g_strdup_printf ("%" G_GINT64_FORMAT "|%s|%s", r->team_id, r->rubric_id,
                                                   r->criterion_id));
      sums[1] = sums_at (n->agent, g_strdup_printf ("%" G_GINT64_FORMAT "|%d|%s|%s", r->agent_id, week,
                                                    r->rubric_id, r->criterion_id));
      sums[2] = week >= range_first && week <= range_last
              ? sums_at (n->team_range, g_strdup_printf ("%" G_GINT64_FORMAT "|%s|%s", r->team_id, r->rubric_id,
                                                         r->criterion_id))
              : NULL;
      for (guint k = 0; k < G_N_ELEMENTS (sums); k++)
        {
          if (sums[k] == NULL)
            continue;
          sums[k]->n_na += r->na;
          if (has_x)
            {
              double v = (x - min) / (max - min);

              sums[k]->sum_v += v < 0 ? 0 : v > 1 ? 1 : v;
              sums[k]->n_applicable++;
              if (x <= min + 1e-9 || (c->has_fail_below && x < c->fail_below - 1e-9))
                sums[k]->n_failed++;
              /* Answers with a value apart (no N/A whatever the policy). */
              if (!r->na)
                {
                  sums[k]->sum_value += v < 0 ? 0 : v > 1 ? 1 : v;
                  sums[k]->n_value++;
                }
            }
        }
    }
}

static void
assert_cell (const KzRollupCell *cell, const Sums *s, const char *key)
{
  if (s == NULL)
    g_error ("roll-up has %s, the naive query does not", key);
  if (fabs (cell->sum_v - s->sum_v) > EPS || cell->n_applicable != s->n_applicable ||
      cell->n_na != s->n_na || cell->n_failed != s->n_failed ||
      fabs (cell->sum_value - s->sum_value) > EPS || cell->n_value != s->n_value)
    g_error ("%s: roll-up %.12g/%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT
             "/%.12g/%" G_GINT64_FORMAT
             ", naive %.12g/%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT "/%.12g/%" G_GINT64_FORMAT,
             key, cell->sum_v, cell->n_applicable, cell->n_na, cell->n_failed, cell->sum_value, cell->n_value,
             s->sum_v, s->n_applicable, s->n_na, s->n_failed, s->sum_value, s->n_value);
}

static guint
n_nonzero (GHashTable *table)
{
  GHashTableIter iter;
  Sums *s;
  guint n = 0;

  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &s))
    n += s->n_applicable > 0 || s->n_na > 0;
  return n;
}

static void
date_of_week (GDate *d, int week)
{
  g_date_clear (d, 1);
  g_date_set_dmy (d, 1, G_DATE_JANUARY, 1970);
  g_date_add_days (d, week);
}

/* kz_store_rollup_team_weeks() for every team, no team and everyone, over
 * all weeks and a middle range, against the raw evaluations summed here
 * per agent and week; and the team overview's figures against the same
 * raw sums (mean of finals, pass rate, share with no critical failure). */
static void
check_team_weeks (Fixture *f, int range_first, int range_last)
{
  g_autoptr(GPtrArray) rows = read_raw (f);
  g_autoptr(GHashTable) teams = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GArray) team_list = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 any = KZ_ROLLUP_ANY_TEAM;
  GHashTableIter iter;
  gint64 *team;

  g_array_append_val (team_list, any);
  for (guint i = 0; i < rows->len; i++)
    {
      RawRow *r = g_ptr_array_index (rows, i);
      if (!g_hash_table_contains (teams, &r->team_id))
        g_hash_table_add (teams, g_memdup2 (&r->team_id, sizeof (gint64)));
    }
  g_hash_table_iter_init (&iter, teams);
  while (g_hash_table_iter_next (&iter, (gpointer *) &team, NULL))
    g_array_append_val (team_list, *team);

  for (guint t = 0; t < team_list->len; t++)
    for (int ranged = 0; ranged < 2; ranged++)
      {
        gint64 want = g_array_index (team_list, gint64, t);
        g_autoptr(GHashTable) naive = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
        g_autoptr(GPtrArray) got = NULL;
        g_autoptr(GError) error = NULL;
        gint64 last_id = 0, n_ev = 0, n_scored = 0, n_passed = 0, n_auto = 0;
        double sum_final = 0;
        GDate from, to;

        date_of_week (&from, range_first + 2);
        date_of_week (&to, range_last + 5);
        for (guint i = 0; i < rows->len; i++)
          {
            RawRow *r = g_ptr_array_index (rows, i);
            int week = monday_of (r->created_at);
            g_autofree char *key = NULL;
            Totals *tot;

            if (r->evaluation_id == last_id)
              continue;  /* one row per answer: the evaluation once */
            last_id = r->evaluation_id;
            if ((want != KZ_ROLLUP_ANY_TEAM && r->team_id != want) ||
                (ranged && (week < range_first || week > range_last)))
              continue;
            key = g_strdup_printf ("%" G_GINT64_FORMAT "|%d", r->agent_id, week);
            tot = g_hash_table_lookup (naive, key);
            if (tot == NULL)
              {
                tot = g_new0 (Totals, 1);
                g_hash_table_insert (naive, g_steal_pointer (&key), tot);
              }
            tot->n++;
            n_ev++;
            if (r->has_final)
              {
                tot->n_scored++;
                tot->sum_final += r->final;
                tot->n_passed += r->pass;
                n_scored++;
                n_passed += r->pass;
                sum_final += r->final;
              }
            tot->n_auto_failed += r->auto_failed;
            n_auto += r->auto_failed;
          }

        got = kz_store_rollup_team_weeks (f->store, want, ranged ? &from : NULL, ranged ? &to : NULL, &error);
        g_assert_no_error (error);
        g_assert_cmpuint (got->len, ==, g_hash_table_size (naive));
        for (guint i = 0; i < got->len; i++)
          {
            KzRollupWeek *w = g_ptr_array_index (got, i);
            g_autofree char *key = g_strdup_printf ("%" G_GINT64_FORMAT "|%d", w->agent_id, w->week);
            Totals *tot = g_hash_table_lookup (naive, key);

            if (tot == NULL)
              g_error ("team %" G_GINT64_FORMAT ": roll-up has %s, the naive query does not", want, key);
            if (i > 0)
              g_assert_cmpint (((KzRollupWeek *) g_ptr_array_index (got, i - 1))->week, <=, w->week);
            g_assert_cmpint (w->n_evaluations, ==, tot->n);
            g_assert_cmpint (w->n_scored, ==, tot->n_scored);
            g_assert_cmpint (w->n_passed, ==, tot->n_passed);
            g_assert_cmpint (w->n_auto_failed, ==, tot->n_auto_failed);
            g_assert_cmpfloat_with_epsilon (w->sum_final, tot->sum_final, EPS);
          }

        if (ranged)
          {
            g_autoptr(KzTeamOverview) o = kz_team_overview_load (f->store, want, 0, &from, &to, &error);
            double v;

            g_assert_no_error (error);
            g_assert_cmpint (o->total.n_evaluations, ==, n_ev);
            g_assert_cmpint (o->total.n_scored, ==, n_scored);
            if (n_scored > 0)
              {
                g_assert_true (o->total.has_mean);
                g_assert_cmpfloat_with_epsilon (o->total.mean, sum_final / n_scored, 1e-9);
                g_assert_true (kz_dashboard_pass_rate (&o->total, &v));
                g_assert_cmpfloat_with_epsilon (v, 100.0 * n_passed / n_scored, 1e-9);
              }
            if (n_ev > 0)
              {
                g_assert_true (kz_dashboard_critical_score (&o->total, &v));
                g_assert_cmpfloat_with_epsilon (v, 100.0 * (n_ev - n_auto) / n_ev, 1e-9);
              }
          }
      }
}

/* kz_store_answering_evaluations() for every criterion over the middle
 * range, against the raw answers: applicable when a value, or N/A under a
 * pass or fixed policy (the rubric version's own criterion says which). */
static void
check_answering (Fixture *f, int range_first, int range_last)
{
  g_autoptr(GPtrArray) rows = read_raw (f);
  g_autoptr(GHashTable) want = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                      (GDestroyNotify) g_hash_table_unref);
  g_autoptr(GHashTable) rubrics = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                         (GDestroyNotify) kz_rubric_unref);
  g_autoptr(GDateTime) from = g_date_time_new_from_unix_utc ((gint64) range_first * 86400);
  g_autoptr(GDateTime) to = g_date_time_new_from_unix_utc ((gint64) (range_last + 7) * 86400);
  GHashTableIter iter;
  gpointer key, value;
  guint n_checked = 0;

  for (guint i = 0; i < rows->len; i++)
    {
      RawRow *r = g_ptr_array_index (rows, i);
      int week = monday_of (r->created_at);
      g_autofree char *rkey = g_strdup_printf ("%s\n%d", r->rubric_id, r->rubric_version);
      KzRubric *rubric;
      KzCriterion *c;
      GHashTable *ids;

      if (r->criterion_id == NULL || week < range_first || week > range_last)
        continue;
      rubric = g_hash_table_lookup (rubrics, rkey);
      if (rubric == NULL)
        {
          g_autoptr(GError) error = NULL;
          rubric = kz_store_get_rubric (f->store, r->rubric_id, r->rubric_version, &error);
          g_assert_no_error (error);
          g_hash_table_insert (rubrics, g_strdup (rkey), rubric);
        }
      c = kz_rubric_find_criterion (rubric, r->criterion_id);
      if (c == NULL || (r->na && c->na_policy != KZ_NA_PASS && c->na_policy != KZ_NA_FIXED))
        continue;
      ids = g_hash_table_lookup (want, r->criterion_id);
      if (ids == NULL)
        {
          ids = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
          g_hash_table_insert (want, g_strdup (r->criterion_id), ids);
        }
      g_hash_table_add (ids, g_memdup2 (&r->evaluation_id, sizeof (gint64)));
    }

  g_hash_table_iter_init (&iter, want);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GArray) got = kz_store_answering_evaluations (f->store, key, from, to, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (got->len, ==, g_hash_table_size (value));
      for (guint i = 0; i < got->len; i++)
        {
          if (i > 0)
            g_assert_cmpint (g_array_index (got, gint64, i - 1), <, g_array_index (got, gint64, i));
          if (!g_hash_table_contains (value, &g_array_index (got, gint64, i)))
            g_error ("%s: evaluation %" G_GINT64_FORMAT " is not behind it", (char *) key,
                     g_array_index (got, gint64, i));
        }
      n_checked++;
    }
  g_assert_cmpuint (n_checked, >, 3);
}

/* Everything the roll-ups hold equals the naive sums. */
static void
check_all (Fixture *f, const char *when)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) heat = NULL;
  g_autoptr(GPtrArray) heat_range = NULL;
  Naive n;
  GHashTableIter iter;
  gint64 *agent;
  guint n_agent_cells = 0, n_weeks = 0;
  int min_week, max_week;
  GDate from, to;

  g_test_message ("checking roll-ups %s", when);
  min_week = monday_of (raw_int (f, "SELECT min (created_at) FROM evaluations"));
  max_week = monday_of (raw_int (f, "SELECT max (created_at) FROM evaluations"));
  /* A range in the middle: its second quarter to its third. */
  naive_compute (f, &n, min_week + 7 * ((max_week - min_week) / 7 / 4),
                 min_week + 7 * (3 * (max_week - min_week) / 7 / 4));

  /* Every agent's whole history, as one long trend. */
  g_hash_table_iter_init (&iter, n.agents);
  while (g_hash_table_iter_next (&iter, (gpointer *) &agent, NULL))
    {
      g_autoptr(GPtrArray) cells = NULL;
      g_autoptr(GPtrArray) weeks = NULL;
      GDate last;
      guint span = (guint) ((max_week - min_week) / 7 + 1);

      date_of_week (&last, max_week + 6);
      cells = kz_store_rollup_agent_trend (f->store, *agent, NULL, &last, span, &weeks, &error);
      g_assert_no_error (error);
      for (guint i = 0; i < cells->len; i++)
        {
          KzRollupCell *cell = g_ptr_array_index (cells, i);
          g_autofree char *key = g_strdup_printf ("%" G_GINT64_FORMAT "|%d|%s|%s", *agent, cell->week,
                                                  cell->rubric_id, cell->criterion_id);

          g_assert_cmpint (cell->owner_id, ==, *agent);
          assert_cell (cell, g_hash_table_lookup (n.agent, key), key);
        }
      n_agent_cells += cells->len;
      for (guint i = 0; i < weeks->len; i++)
        {
          KzRollupWeek *w = g_ptr_array_index (weeks, i);
          g_autofree char *key = g_strdup_printf ("%" G_GINT64_FORMAT "|%d", *agent, w->week);
          Totals *t = g_hash_table_lookup (n.weeks, key);

          if (t == NULL)
            g_error ("roll-up has week %s, the naive query does not", key);
          g_assert_cmpint (w->n_evaluations, ==, t->n);
          g_assert_cmpint (w->n_scored, ==, t->n_scored);
          g_assert_cmpint (w->n_passed, ==, t->n_passed);
          g_assert_cmpint (w->n_auto_failed, ==, t->n_auto_failed);
          g_assert_cmpfloat_with_epsilon (w->sum_final, t->sum_final, EPS);
        }
      n_weeks += weeks->len;
    }
  heat = kz_store_rollup_heatmap (f->store, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (heat->len, ==, n_nonzero (n.team));
  g_assert_cmpuint (heat->len, >, 10);
  for (guint i = 0; i < heat->len; i++)
    {
      KzRollupCell *cell = g_ptr_array_index (heat, i);
      g_autofree char *key = g_strdup_printf ("%" G_GINT64_FORMAT "|%s|%s", cell->owner_id, cell->rubric_id,
                                              cell->criterion_id);

      assert_cell (cell, g_hash_table_lookup (n.team, key), key);
    }

  /* The date range: any day of the first and last week will do. */
  date_of_week (&from, n.range_first + 3);
  date_of_week (&to, n.range_last + 6);
  heat_range = kz_store_rollup_heatmap (f->store, NULL, &from, &to, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (heat_range->len, ==, n_nonzero (n.team_range));
  g_assert_cmpuint (heat_range->len, >, 0);
  for (guint i = 0; i < heat_range->len; i++)
    {
      KzRollupCell *cell = g_ptr_array_index (heat_range, i);
      g_autofree char *key = g_strdup_printf ("%" G_GINT64_FORMAT "|%s|%s", cell->owner_id, cell->rubric_id,
                                              cell->criterion_id);

      assert_cell (cell, g_hash_table_lookup (n.team_range, key), key);
    }

  g_assert_cmpuint (n_agent_cells, ==, n_nonzero (n.agent));
  g_assert_cmpuint (n_weeks, ==, g_hash_table_size (n.weeks));
  check_team_weeks (f, n.range_first, n.range_last);
  check_answering (f, n.range_first, n.range_last);
  naive_clear (&n);
}

/* The first submitted, non-calibration evaluation of the demo with every
 * required answer and no dispute yet. */
static KzEvaluation *
a_demo_evaluation (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  gint64 id = raw_int (f, "SELECT min (e.id) FROM evaluations e WHERE e.state = 'submitted' "
                          "AND e.is_calibration = false AND e.interaction_id IS NOT NULL "
                          "AND NOT EXISTS (SELECT 1 FROM disputes d WHERE d.evaluation_id = e.id)");
  KzEvaluation *ev = kz_store_get_evaluation (f->store, id, &error);

  g_assert_no_error (error);
  return ev;
}

/* Another point of @c's scale than @value. */
static double
other_value (KzCriterion *c, double value)
{
  for (guint i = 0; i < c->scale->points->len; i++)
    {
      KzScalePoint *p = g_ptr_array_index (c->scale->points, i);
      if (fabs (p->value - value) > 1e-9)
        return p->value;
    }
  g_assert_not_reached ();
}

static void
test_demo (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  if (f->pg && !kz_test_pg_available ())
    return;
  /* The demo has calibration evaluations, drafts and a dispute already
   * changed into a second revision: none of that may show twice. */
  g_assert_cmpint (raw_int (f, "SELECT count (*) FROM evaluations WHERE is_calibration = true"), >, 0);
  check_all (f, "on the demo centre");

  g_assert_true (kz_store_rebuild_rollups (f->store, &error));
  g_assert_no_error (error);
  check_all (f, "after a rebuild");
}

static void
test_changes (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzEvaluation) model = NULL;
  g_autoptr(KzEvaluation) ev = NULL;
  g_autoptr(KzEvaluation) back = NULL;
  g_autoptr(KzRubric) rubric = NULL;
  g_autoptr(KzDispute) d = kz_dispute_new ();
  g_autoptr(GPtrArray) res = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_dispute_resolution_free);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *team_text = NULL;
  gint64 was_in_other;
  g_autofree char *agent_text = NULL;
  g_autofree char *model_text = NULL;
  GHashTableIter iter;
  KzAnswer *a;
  KzCriterion *c = NULL;
  const KzAnswer *disputed;
  gint64 id, agent, other_team, before;

  if (f->pg && !kz_test_pg_available ())
    return;

  /* A new submitted evaluation, a copy of a demo one's answers, today. */
  model = a_demo_evaluation (f);
  rubric = kz_store_get_rubric (f->store, model->rubric_id, model->rubric_version, &error);
  g_assert_no_error (error);
  ev = kz_evaluation_new ();
  ev->interaction_id = model->interaction_id;
  ev->rubric_id = g_strdup (model->rubric_id);
  ev->rubric_version = model->rubric_version;
  ev->agent_id = agent = model->agent_id;
  ev->reviewer_id = model->reviewer_id;
  ev->state = KZ_EVALUATION_DRAFT;
  ev->created_at = g_date_time_ref (now);
  ev->updated_at = g_date_time_ref (now);
  g_hash_table_iter_init (&iter, model->answers);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &a))
    {
      kz_answer_set_put (ev->answers, kz_answer_copy (a));
      if (a->kind == KZ_ANSWER_VALUE && c == NULL)
        c = kz_rubric_find_criterion (rubric, a->criterion_id);
    }
  g_assert_nonnull (c);

  /* A draft never counts; submitting it does. */
  id = kz_store_save_evaluation (f->store, ev, &error);
  g_assert_no_error (error);
  check_all (f, "with a draft");
  g_clear_pointer (&ev, kz_evaluation_free);
  ev = kz_store_get_evaluation (f->store, id, &error);
  g_assert_no_error (error);
  ev->state = KZ_EVALUATION_SUBMITTED;
  g_assert_cmpint (kz_store_save_evaluation (f->store, ev, &error), ==, id);
  g_assert_no_error (error);
  check_all (f, "after a submit");

  /* The agent disputes one criterion; the reviewer changes its answer. */
  disputed = kz_answer_set_get (ev->answers, c->id);
  d->evaluation_id = id;
  d->raised_by = agent;
  d->reason = g_strdup ("Listen again");
  g_ptr_array_add (d->items, kz_dispute_item_new (c->id, NULL));
  g_assert_cmpint (kz_store_raise_dispute (f->store, d, &error), >, 0);
  g_assert_no_error (error);
  g_ptr_array_add (res, kz_dispute_resolution_new (c->id, KZ_RESOLUTION_CHANGED,
                                                   kz_answer_new (c->id, KZ_ANSWER_VALUE,
                                                                  other_value (c, disputed->value), NULL),
                                                   "Heard it"));
  g_assert_true (kz_store_resolve_dispute (f->store, d, ev->reviewer_id, res, NULL, &error));
  g_assert_no_error (error);
  back = kz_store_get_evaluation (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (back->revision, ==, 2);
  check_all (f, "after a dispute changed an answer");

  /* The reviewer's own re-score: an answer becomes N/A where allowed, or
   * another value. */
  g_hash_table_iter_init (&iter, back->answers);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &a))
    if (g_strcmp0 (a->criterion_id, c->id) != 0 && a->kind == KZ_ANSWER_VALUE)
      {
        KzCriterion *c2 = kz_rubric_find_criterion (rubric, a->criterion_id);
        if (c2->na_policy != KZ_NA_FORBIDDEN)
          a->kind = KZ_ANSWER_NA;
        else
          a->value = other_value (c2, a->value);
        break;
      }
  g_assert_cmpint (kz_store_save_evaluation (f->store, back, &error), ==, id);
  g_assert_no_error (error);
  check_all (f, "after a re-score");

  /* The agent moves to another team: the heatmap follows. */
  other_team = raw_int (f, "SELECT max (id) FROM units WHERE kind = 'team'");
  team_text = g_strdup_printf ("%" G_GINT64_FORMAT, other_team);
  agent_text = g_strdup_printf ("%" G_GINT64_FORMAT, agent);
  model_text = g_strdup_printf ("%" G_GINT64_FORMAT, model->id);
  was_in_other = raw_int (f, "SELECT count (*) FROM people WHERE team_id = (SELECT max (id) FROM units WHERE kind = 'team')");
  raw_exec_with (f, "UPDATE people SET team_id = CASE WHEN team_id = $1 THEN NULL ELSE CAST ($1 AS bigint) END "
                    "WHERE id = $2", team_text, agent_text, NULL);
  /* One person more or one fewer in that team: the update did something. */
  g_assert_cmpint (ABS (raw_int (f, "SELECT count (*) FROM people WHERE team_id = "
                                    "(SELECT max (id) FROM units WHERE kind = 'team')") - was_in_other), ==, 1);
  check_all (f, "after the agent moved team");

  /* An answer deleted with plain SQL, then a whole evaluation (one with no
   * history, which is the only kind the schema lets go). */
  raw_exec_with (f, "DELETE FROM answers WHERE evaluation_id = $1 AND criterion_id = $2", model_text, c->id, NULL);
  check_all (f, "after an answer was deleted");

  before = raw_int (f, "SELECT count (*) FROM evaluations");
  raw_exec_with (f, "INSERT INTO evaluations (rubric_id, rubric_version, reviewer_id, agent_id, state, "
                    "created_at, updated_at, final, pass, auto_failed) SELECT rubric_id, rubric_version, "
                    "reviewer_id, agent_id, 'submitted', created_at - 86400 * 30, updated_at, 55.5, false, "
                    "true FROM evaluations WHERE id = $1", model_text, NULL);
  raw_exec_with (f, "INSERT INTO answers (evaluation_id, criterion_id, kind, value) "
                    "SELECT (SELECT max (id) FROM evaluations), criterion_id, kind, value FROM answers "
                    "WHERE evaluation_id = $1", model_text, NULL);
  g_assert_cmpint (raw_int (f, "SELECT count (*) FROM evaluations"), ==, before + 1);
  check_all (f, "after plain SQL inserts");
  raw_exec (f, "DELETE FROM evaluations WHERE id = (SELECT max (id) FROM evaluations)");
  g_assert_cmpint (raw_int (f, "SELECT count (*) FROM evaluations"), ==, before);
  check_all (f, "after an evaluation was deleted");

  g_assert_true (kz_store_rebuild_rollups (f->store, &error));
  g_assert_no_error (error);
  check_all (f, "after a rebuild");
}

/* Bulk inserts: one transaction, roll-ups computed at the end; a failing
 * row leaves nothing behind. */
typedef struct {
  guint         n, i;
  gboolean      fail_at_end;
  const char   *rubric_id;
  int           version;
  gint64        agent, reviewer, at;
  const char   *ids[64];
  KzAnswerKind  kinds[64];
  double        values[64];
  guint         n_answers;
} Bulk;

static gboolean
bulk_next (gpointer user_data, KzBulkEvaluation *out, GError **error)
{
  Bulk *b = user_data;

  if (b->i == b->n)
    {
      if (b->fail_at_end)
        g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT, "generator gave up");
      return FALSE;
    }
  out->agent_id = b->agent;
  out->reviewer_id = b->reviewer;
  out->rubric_id = b->rubric_id;
  out->rubric_version = b->version;
  out->created_at = b->at - 86400 * 3 * (gint64) b->i;
  out->has_score = TRUE;
  out->raw = out->final = 40.0 + b->i;
  out->pass = b->i % 2;
  out->auto_failed = b->i % 3 == 0;
  out->n_answers = b->n_answers;
  out->criterion_ids = b->ids;
  out->kinds = b->kinds;
  out->values = b->values;
  b->i++;
  return TRUE;
}

/* ---- drill-downs read only what they show ---- */

/* The ids the test's own query gives, in its order. */
static GArray *
raw_ids_with (Fixture *f, const char *sql, ...)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) rows = NULL;
  const char *values[8];
  int n = 0;

  RAW_COLLECT (sql, values, n);
  rows = raw_rows (f, sql, values, n);
  for (guint i = 0; i < rows->len; i++)
    {
      gint64 id = g_ascii_strtoll (rows->pdata[i], NULL, 10);
      g_array_append_val (ids, id);
    }
  return ids;
}

#define raw_ids(f, sql) raw_ids_with ((f), (sql), NULL)

static void
assert_ids (GArray *got, GArray *want, const char *what)
{
  g_test_message ("%s: %u ids", what, want->len);
  g_assert_cmpuint (got->len, ==, want->len);
  for (guint i = 0; i < want->len; i++)
    g_assert_cmpint (g_array_index (got, gint64, i), ==, g_array_index (want, gint64, i));
}

/* ---- answer-back: the overview's acknowledgement and dispute counts ---- */

/* The test's own count of counted evaluations created in [@from, @to) of
 * @agent (not 0) or of the agents now in @team (-1: all, 0: none), with a
 * fixed condition on e on top (RAW_BACK's last argument: "" or one of the
 * string constants below, joined to the statement at compile time; which
 * evaluations is a bound choice, $4). */
#define RAW_BACK_SQL                                                                                      \
  "SELECT count (*) FROM evaluations e JOIN people p ON p.id = e.agent_id "                             \
  "WHERE e.state = 'submitted' AND e.is_calibration = false "                                            \
  "AND e.created_at >= CAST ($1 AS bigint) AND e.created_at < CAST ($2 AS bigint) "                      \
  "AND CASE CAST ($4 AS bigint) WHEN 1 THEN e.agent_id = CAST ($3 AS bigint) WHEN 2 THEN true "          \
  "WHEN 3 THEN p.team_id IS NULL ELSE p.team_id = CAST ($3 AS bigint) END"
#define raw_back(f, team, agent, from, to, extra) raw_back_sql (f, team, agent, from, to, RAW_BACK_SQL extra)

static gint64
raw_back_sql (Fixture *f, gint64 team, gint64 agent, gint64 from, gint64 to, const char *sql)
{
  g_autofree char *from_text = g_strdup_printf ("%" G_GINT64_FORMAT, from);
  g_autofree char *to_text = g_strdup_printf ("%" G_GINT64_FORMAT, to);
  g_autofree char *who_text = g_strdup_printf ("%" G_GINT64_FORMAT, agent != 0 ? agent : team);
  const char *mode = agent != 0 ? "1" : team < 0 ? "2" : team == 0 ? "3" : "4";

  return raw_int_with (f, sql, from_text, to_text, who_text, mode, NULL);
}

#define ACKED " AND EXISTS (SELECT 1 FROM acknowledgements k WHERE k.evaluation_id = e.id)"
#define ACKED_NOW " AND EXISTS (SELECT 1 FROM acknowledgements k WHERE k.evaluation_id = e.id " \
                  "AND k.revision = e.revision)"
#define DISPUTED " AND EXISTS (SELECT 1 FROM disputes d WHERE d.evaluation_id = e.id)"
#define OPEN " AND EXISTS (SELECT 1 FROM disputes d WHERE d.evaluation_id = e.id AND d.state = 'open')"

/* kz_store_answer_back() against raw_back() for one period and filter;
 * the counts it gave in *@out. */
static void
check_back_one (Fixture *f, gint64 team, gint64 agent, gint64 from, gint64 to, KzAnswerBack *out)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) start = g_date_time_new_from_unix_utc (from);
  g_autoptr(GDateTime) end = g_date_time_new_from_unix_utc (to);
  KzAnswerBack back;

  g_assert_true (kz_store_answer_back (f->store, team, agent, start, end, &back, &error));
  g_assert_no_error (error);
  g_assert_cmpint (back.n_evaluations, ==, raw_back (f, team, agent, from, to, ""));
  g_assert_cmpint (back.n_acknowledged, ==, raw_back (f, team, agent, from, to, ACKED));
  g_assert_cmpint (back.n_acknowledged_current, ==, raw_back (f, team, agent, from, to, ACKED_NOW));
  g_assert_cmpint (back.n_disputed, ==, raw_back (f, team, agent, from, to, DISPUTED));
  g_assert_cmpint (back.n_dispute_open, ==, raw_back (f, team, agent, from, to, OPEN));
  if (out != NULL)
    *out = back;
}

/* Everyone, no team, every team, and @agent, over all time and over the
 * last 13 weeks; everyone over all time in *@all. */
static void
check_back (Fixture *f, gint64 agent, const char *when, KzAnswerBack *all)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) units = kz_store_list_units (f->store, &error);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 periods[2][2] = { { 0, now + 7 * 86400 }, { now - 13 * 7 * 86400, now + 7 * 86400 } };
  guint n_teams = 0;

  g_test_message ("answer-back %s", when);
  g_assert_no_error (error);
  for (int p = 0; p < 2; p++)
    {
      check_back_one (f, KZ_ROLLUP_ANY_TEAM, 0, periods[p][0], periods[p][1], p == 0 ? all : NULL);
      check_back_one (f, 0, 0, periods[p][0], periods[p][1], NULL);
      check_back_one (f, KZ_ROLLUP_ANY_TEAM, agent, periods[p][0], periods[p][1], NULL);
      for (guint i = 0; i < units->len; i++)
        {
          KzUnit *u = g_ptr_array_index (units, i);

          if (u->kind != KZ_UNIT_TEAM)
            continue;
          check_back_one (f, u->id, 0, periods[p][0], periods[p][1], NULL);
          n_teams++;
        }
    }
  g_assert_cmpuint (n_teams, >, 1);
}

static void
test_answer_back (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzEvaluation) model = NULL;
  g_autoptr(KzEvaluation) ev = NULL;
  g_autoptr(KzRubric) rubric = NULL;
  g_autoptr(KzDispute) d = kz_dispute_new ();
  g_autoptr(GPtrArray) res = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_dispute_resolution_free);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *id_text = NULL;
  GHashTableIter iter;
  KzAnswer *a;
  KzCriterion *c = NULL;
  KzAnswerBack before, after;
  gint64 id, agent;

  if (f->pg && !kz_test_pg_available ())
    return;
  /* The demo's agents answered back: some acknowledged, some disputed. */
  model = a_demo_evaluation (f);
  agent = model->agent_id;
  check_back (f, agent, "on the demo centre", &before);
  g_assert_cmpint (before.n_acknowledged, >, 0);
  g_assert_cmpint (before.n_disputed, >, 0);
  g_assert_cmpint (before.n_evaluations, >, before.n_acknowledged);

  /* A new evaluation submitted today: one more, nobody answered yet. */
  rubric = kz_store_get_rubric (f->store, model->rubric_id, model->rubric_version, &error);
  g_assert_no_error (error);
  ev = kz_evaluation_new ();
  ev->interaction_id = model->interaction_id;
  ev->rubric_id = g_strdup (model->rubric_id);
  ev->rubric_version = model->rubric_version;
  ev->agent_id = agent;
  ev->reviewer_id = model->reviewer_id;
  ev->state = KZ_EVALUATION_SUBMITTED;
  ev->created_at = g_date_time_ref (now);
  ev->updated_at = g_date_time_ref (now);
  g_hash_table_iter_init (&iter, model->answers);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &a))
    {
      kz_answer_set_put (ev->answers, kz_answer_copy (a));
      if (a->kind == KZ_ANSWER_VALUE && c == NULL)
        c = kz_rubric_find_criterion (rubric, a->criterion_id);
    }
  g_assert_nonnull (c);
  id = kz_store_save_evaluation (f->store, ev, &error);
  g_assert_no_error (error);
  check_back (f, agent, "after a submit", &after);
  g_assert_cmpint (after.n_evaluations, ==, before.n_evaluations + 1);
  g_assert_cmpint (after.n_acknowledged, ==, before.n_acknowledged);
  before = after;

  /* The agent acknowledges it: acknowledged, and its current revision. */
  g_assert_true (kz_store_acknowledge (f->store, id, agent, "Fair", NULL, &error));
  g_assert_no_error (error);
  check_back (f, agent, "after an acknowledgement", &after);
  g_assert_cmpint (after.n_acknowledged, ==, before.n_acknowledged + 1);
  g_assert_cmpint (after.n_acknowledged_current, ==, before.n_acknowledged_current + 1);
  g_assert_cmpint (after.n_disputed, ==, before.n_disputed);
  before = after;

  /* Then disputes a criterion: disputed and open. */
  d->evaluation_id = id;
  d->raised_by = agent;
  d->reason = g_strdup ("Listen again");
  g_ptr_array_add (d->items, kz_dispute_item_new (c->id, NULL));
  g_assert_cmpint (kz_store_raise_dispute (f->store, d, &error), >, 0);
  g_assert_no_error (error);
  check_back (f, agent, "after a dispute", &after);
  g_assert_cmpint (after.n_disputed, ==, before.n_disputed + 1);
  g_assert_cmpint (after.n_dispute_open, ==, before.n_dispute_open + 1);
  g_assert_cmpint (after.n_acknowledged, ==, before.n_acknowledged);
  before = after;

  /* The reviewer changes the answer: a second revision nobody acknowledged
   * yet, the dispute closed, still acknowledged once and disputed once. */
  g_ptr_array_add (res, kz_dispute_resolution_new (c->id, KZ_RESOLUTION_CHANGED,
                                                   kz_answer_new (c->id, KZ_ANSWER_VALUE,
                                                                  other_value (c, kz_answer_set_get (ev->answers,
                                                                                                     c->id)->value),
                                                                  NULL),
                                                   "Heard it"));
  g_assert_true (kz_store_resolve_dispute (f->store, d, ev->reviewer_id, res, NULL, &error));
  g_assert_no_error (error);
  check_back (f, agent, "after the dispute re-scored it", &after);
  g_assert_cmpint (after.n_acknowledged, ==, before.n_acknowledged);
  g_assert_cmpint (after.n_acknowledged_current, ==, before.n_acknowledged_current - 1);
  g_assert_cmpint (after.n_disputed, ==, before.n_disputed);
  g_assert_cmpint (after.n_dispute_open, ==, before.n_dispute_open - 1);
  before = after;

  /* A plain-SQL evaluation, then its deletion. */
id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  raw_exec_with (f, "INSERT INTO evaluations (rubric_id, rubric_version, reviewer_id, agent_id, state, "
                    "created_at, updated_at, final, pass, auto_failed) SELECT rubric_id, rubric_version, "
                    "reviewer_id, agent_id, 'submitted', created_at, updated_at, 55.5, false, "
                    "false FROM evaluations WHERE id = CAST ($1 AS bigint)", id_text, NULL);
  check_back (f, agent, "after a plain SQL insert", &after);
  g_assert_cmpint (after.n_evaluations, ==, before.n_evaluations + 1);
  raw_exec (f, "DELETE FROM evaluations WHERE id = (SELECT max (id) FROM evaluations)");
  check_back (f, agent, "after a deletion", &after);
  g_assert_cmpint (after.n_evaluations, ==, before.n_evaluations);
  g_assert_cmpint (after.n_acknowledged, ==, before.n_acknowledged);
  g_assert_cmpint (after.n_disputed, ==, before.n_disputed);
}

/* The overview's figures carry those counts; the rubrics it reads are the
 * store's cached ones (the same objects on a second load). */
static void
test_overview_back (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GPtrArray) second = NULL;
  g_autoptr(KzTeamOverview) o = NULL;
  GDate from, to;
  gint64 lo = raw_int (f, "SELECT min (created_at) FROM evaluations");
  gint64 hi = raw_int (f, "SELECT max (created_at) FROM evaluations");
  g_autoptr(GDateTime) a = g_date_time_new_from_unix_utc (lo);
  g_autoptr(GDateTime) b = g_date_time_new_from_unix_utc (hi);
  gint64 start, end;

  if (f->pg && !kz_test_pg_available ())
    return;
  g_date_clear (&from, 1);
  g_date_clear (&to, 1);
  g_date_set_dmy (&from, g_date_time_get_day_of_month (a), g_date_time_get_month (a), g_date_time_get_year (a));
  g_date_set_dmy (&to, g_date_time_get_day_of_month (b), g_date_time_get_month (b), g_date_time_get_year (b));
  o = kz_team_overview_load (f->store, KZ_ROLLUP_ANY_TEAM, 0, &from, &to, &error);
  g_assert_no_error (error);
  start = g_date_time_to_unix (o->start);
  end = g_date_time_to_unix (o->end);
  g_assert_cmpint (start, <=, lo);
  g_assert_cmpint (end, >, hi);
  g_assert_cmpint (o->n_listed, ==, raw_back (f, -1, 0, start, end, ""));
  g_assert_cmpint (o->n_acknowledged, ==, raw_back (f, -1, 0, start, end, ACKED));
  g_assert_cmpint (o->n_acknowledged_current, ==, raw_back (f, -1, 0, start, end, ACKED_NOW));
  g_assert_cmpint (o->n_disputed, ==, raw_back (f, -1, 0, start, end, DISPUTED));
  g_assert_cmpint (o->n_dispute_open, ==, raw_back (f, -1, 0, start, end, OPEN));
  g_assert_cmpint (o->n_listed, ==, o->total.n_evaluations);

  /* The drill-down behind the score: all the ids, the newest 5 lines. */
  {
    g_autoptr(GArray) ids = NULL;
    g_autoptr(GArray) want = NULL;
    g_autoptr(GArray) newest = NULL;
    g_autoptr(GPtrArray) lines = kz_dashboard_evaluations (f->store, o, KZ_DRILL_SCORED, NULL, 5, &ids, &error);
#define SCORED_IN "FROM evaluations e WHERE e.state = 'submitted' AND e.is_calibration = false " \
                  "AND e.final IS NOT NULL AND e.created_at >= CAST ($1 AS bigint) AND e.created_at < CAST ($2 AS bigint)"
    g_autofree char *start_text = g_strdup_printf ("%" G_GINT64_FORMAT, start);
    g_autofree char *end_text = g_strdup_printf ("%" G_GINT64_FORMAT, end);

    g_assert_no_error (error);
    want = raw_ids_with (f, "SELECT e.id " SCORED_IN " ORDER BY e.id", start_text, end_text, NULL);
    newest = raw_ids_with (f, "SELECT e.id " SCORED_IN " ORDER BY e.created_at DESC, e.id DESC LIMIT 5",
                           start_text, end_text, NULL);
#undef SCORED_IN
    g_assert_cmpuint (want->len, >, 5);
    assert_ids (ids, want, "the score's drill-down");
    g_assert_cmpuint (lines->len, ==, 5);
    for (guint i = 0; i < 5; i++)
      g_assert_cmpint (((KzEvaluationSummary *) g_ptr_array_index (lines, i))->id, ==,
                       g_array_index (newest, gint64, i));
  }

  first = kz_store_list_latest_rubrics (f->store, &error);
  g_assert_no_error (error);
  second = kz_store_list_latest_rubrics (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpint (first->len, ==, raw_int (f, "SELECT count (DISTINCT id) FROM rubrics"));
  for (guint i = 0; i < first->len; i++)
    {
      KzRubric *r = g_ptr_array_index (first, i);
      g_assert_true (r == g_ptr_array_index (second, i));
      g_assert_cmpint (kz_rubric_get_version (r), ==,
                       raw_int_with (f, "SELECT max (version) FROM rubrics WHERE id = $1", kz_rubric_get_id (r), NULL));
    }
}

static void
test_drill_newest (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) all = NULL;
  g_autoptr(GArray) want = NULL;
  g_autoptr(GArray) got = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  g_autofree char *agent_text = NULL;
  KzDrillFilter filter;
  gint64 agent;

#define COUNTED_E "FROM evaluations e WHERE e.state = 'submitted' AND e.is_calibration = false"
  if (f->pg && !kz_test_pg_available ())
    return;
  kz_drill_filter_init (&filter);
  all = kz_store_drill_evaluations (f->store, &filter, &error);
  g_assert_no_error (error);
  want = raw_ids (f, "SELECT e.id " COUNTED_E " ORDER BY e.id");
  assert_ids (all, want, "every counted evaluation");
  g_assert_cmpuint (all->len, >, 20);
  g_clear_pointer (&want, g_array_unref);

  /* The newest 7, newest first, and their lines, by id, in that order. */
  filter.newest = 7;
  got = kz_store_drill_evaluations (f->store, &filter, &error);
  g_assert_no_error (error);
  want = raw_ids (f, "SELECT e.id " COUNTED_E " ORDER BY e.created_at DESC, e.id DESC LIMIT 7");
  assert_ids (got, want, "the newest 7");
  lines = kz_store_list_evaluations_by_id (f->store, all, 7, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (lines->len, ==, 7);
  for (guint i = 0; i < lines->len; i++)
    g_assert_cmpint (((KzEvaluationSummary *) g_ptr_array_index (lines, i))->id, ==, g_array_index (want, gint64, i));
  g_clear_pointer (&got, g_array_unref);
  g_clear_pointer (&want, g_array_unref);
  g_clear_pointer (&lines, g_ptr_array_unref);

  /* One agent's passed ones; then scored ones over everyone. */
  agent = raw_int (f, "SELECT min (agent_id) FROM evaluations WHERE state = 'submitted' AND pass = true");
  kz_drill_filter_init (&filter);
  filter.agent_id = agent;
  filter.score = KZ_DRILL_PASS;
  got = kz_store_drill_evaluations (f->store, &filter, &error);
  g_assert_no_error (error);
  agent_text = g_strdup_printf ("%" G_GINT64_FORMAT, agent);
  want = raw_ids_with (f, "SELECT e.id " COUNTED_E " AND e.agent_id = CAST ($1 AS bigint)"
                          " AND e.final IS NOT NULL AND e.pass = true ORDER BY e.id", agent_text, NULL);
  g_assert_cmpuint (want->len, >, 0);
  assert_ids (got, want, "one agent's passed");
  g_clear_pointer (&got, g_array_unref);
  g_clear_pointer (&want, g_array_unref);
  kz_drill_filter_init (&filter);
  filter.score = KZ_DRILL_WITH_SCORE;
  got = kz_store_drill_evaluations (f->store, &filter, &error);
  g_assert_no_error (error);
  want = raw_ids (f, "SELECT e.id " COUNTED_E " AND e.final IS NOT NULL ORDER BY e.id");
  assert_ids (got, want, "scored");

  /* Lines by id: every one once (duplicates and unknown ids ignored). */
  g_array_append_vals (got, got->data, MIN (got->len, 3));
  {
    gint64 none = G_MAXINT64 / 2;
    g_array_append_val (got, none);
  }
  lines = kz_store_list_evaluations_by_id (f->store, got, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (lines->len, ==, want->len);
#undef COUNTED_E
}

/* The whole schema, for comparing a file with a fresh one. */
#define INDEXES "SELECT group_concat (type || ' ' || name || ': ' || sql, '; ') FROM " \
                "(SELECT type, name, sql FROM sqlite_schema WHERE sql IS NOT NULL ORDER BY type, name)"

/* Into an empty evaluations table the SQLite bulk path (the demo centre's)
 * drops the evaluations' and the agent roll-up's indexes for the inserts,
 * and the calibration triggers whatever the table holds, and makes them
 * again: the same schema as a fresh file's after, the indexes holding every
 * row, and after a failed bulk insert too. */
static void
test_bulk_empty (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzStore) fresh = NULL;
  g_autoptr(KzStore) filled = NULL;
  g_autofree char *fresh_path = g_build_filename (f->dir, "fresh.db", NULL);
  g_autofree char *filled_path = g_build_filename (f->dir, "filled.db", NULL);
  g_autofree char *own_path = f->path;
  KzStore *own_store;
  g_autofree char *indexes = NULL;
  g_autofree char *after_failure = NULL;
  g_autofree char *after = NULL;
  g_autofree char *integrity = NULL;
  Bulk b = { .n = 0, .fail_at_end = TRUE };
  KzDemoCounts counts;
  guint64 added = 1;

  fresh = kz_store_open (fresh_path, &error);
  g_assert_no_error (error);
  f->path = fresh_path;
  indexes = raw_text (f, INDEXES);
  g_assert_nonnull (strstr (indexes, "index evaluations_created: CREATE INDEX"));
  g_assert_nonnull (strstr (indexes, "index evaluations_agent: CREATE INDEX"));
  g_assert_nonnull (strstr (indexes, "index rollup_agent_criteria_rubric: CREATE INDEX"));
  g_assert_nonnull (strstr (indexes, "trigger answers_calibration_insert: CREATE TRIGGER"));
  g_assert_nonnull (strstr (indexes, "trigger evaluations_calibration_insert: CREATE TRIGGER"));
  /* A generator that fails before its first row: nothing changed. */
  g_assert_false (kz_store_bulk_add_evaluations (fresh, bulk_next, &b, &added, &error));
  g_assert_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_cmpuint (added, ==, 0);
  after_failure = raw_text (f, INDEXES);
  g_assert_cmpstr (after_failure, ==, indexes);

  filled = kz_store_open (filled_path, &error);
  g_assert_no_error (error);
  /* Sums written out every 50 keys: rows of one week land in several
   * flushes and are added to what the earlier ones wrote. */
  g_setenv ("KAIZEN_BULK_FLUSH_KEYS", "50", TRUE);
  g_assert_true (kz_demo_fill_scale (filled, kz_demo_rubrics_dir (), 300, 7, &counts, &error));
  g_unsetenv ("KAIZEN_BULK_FLUSH_KEYS");
  g_assert_no_error (error);
  f->path = filled_path;
  own_store = f->store;
  f->store = filled;
  check_all (f, "after a bulk fill of an empty file, flushed every 50 keys");
  f->store = own_store;
  after = raw_text (f, INDEXES);
  g_assert_cmpstr (after, ==, indexes);
  integrity = raw_text (f, "PRAGMA integrity_check");
  g_assert_cmpstr (integrity, ==, "ok");
  g_assert_cmpint (raw_int (f, "SELECT count (*) FROM evaluations"), ==, 300);
  g_assert_cmpint (raw_int (f, "SELECT count (*) FROM evaluations INDEXED BY evaluations_agent WHERE agent_id > 0"), ==, 300);
  g_assert_cmpint (raw_int (f, "SELECT count (*) FROM evaluations INDEXED BY evaluations_created WHERE created_at > 0"),
                   ==, 300);
  g_assert_cmpint (raw_int (f, "SELECT count (*) FROM evaluations INDEXED BY evaluations_reviewer WHERE reviewer_id > 0"),
                   ==, 300);
  g_assert_cmpint (raw_int (f, "SELECT count (*) FROM rollup_agent_criteria INDEXED BY rollup_agent_criteria_rubric "
                               "WHERE rubric_id > ''"),
                   ==, raw_int (f, "SELECT count (*) FROM rollup_agent_criteria"));
  g_assert_cmpint (raw_int (f, "SELECT count (*) FROM rollup_agent_criteria"), >, 300);
  f->path = g_steal_pointer (&own_path);
}
#undef INDEXES

static void
test_bulk (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzEvaluation) model = NULL;
  g_autoptr(KzRubric) rubric = NULL;
  Bulk b = { .n = 12 };
  GPtrArray *sections;
  guint64 added = 0;
  gint64 before;

  if (f->pg && !kz_test_pg_available ())
    return;
  model = a_demo_evaluation (f);
  rubric = kz_store_get_rubric (f->store, model->rubric_id, model->rubric_version, &error);
  g_assert_no_error (error);
  b.rubric_id = model->rubric_id;
  b.version = model->rubric_version;
  b.agent = model->agent_id;
  b.reviewer = model->reviewer_id;
  b.at = g_get_real_time () / G_USEC_PER_SEC;
  sections = kz_rubric_get_sections (rubric);
  for (guint i = 0; i < sections->len; i++)
    {
      KzSection *s = g_ptr_array_index (sections, i);
      for (guint j = 0; j < s->criteria->len && b.n_answers < G_N_ELEMENTS (b.ids); j++)
        {
          KzCriterion *c = g_ptr_array_index (s->criteria, j);
          guint k = b.n_answers++;

          b.ids[k] = c->id;
          b.kinds[k] = k % 4 == 3 && c->na_policy != KZ_NA_FORBIDDEN ? KZ_ANSWER_NA : KZ_ANSWER_VALUE;
          b.values[k] = ((KzScalePoint *) g_ptr_array_index (c->scale->points, k % c->scale->points->len))->value;
        }
    }

  before = raw_int (f, "SELECT count (*) FROM evaluations");
  b.fail_at_end = TRUE;
  g_assert_false (kz_store_bulk_add_evaluations (f->store, bulk_next, &b, &added, &error));
  g_assert_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_cmpuint (added, ==, 0);
  g_assert_cmpint (raw_int (f, "SELECT count (*) FROM evaluations"), ==, before);
  check_all (f, "after a failed bulk insert");

  b.i = 0;
  b.fail_at_end = FALSE;
  g_assert_true (kz_store_bulk_add_evaluations (f->store, bulk_next, &b, &added, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (added, ==, 12);
  g_assert_cmpint (raw_int (f, "SELECT count (*) FROM evaluations"), ==, before + 12);
  check_all (f, "after a bulk insert");

  /* The triggers are back: a plain delete is followed. */
  raw_exec (f, "DELETE FROM evaluations WHERE id = (SELECT max (id) FROM evaluations)");
  check_all (f, "after deleting a bulk-inserted evaluation");
}

/* A database of the version before roll-ups gets them, filled, on opening. */
static void
test_upgrade (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzStore) old = NULL;

  if (f->pg)
    {
      if (!kz_test_pg_available ())
        return;
      raw_exec (f, "DROP TABLE rollup_agent_criteria, rollup_team_criteria, rollup_team_blocks, rollup_agent_weeks, "
                   "rubric_criteria "
                   "CASCADE; DROP FUNCTION kz_rollups_rebuild (), kz_rollup_people_trigger (), "
                   "kz_rollup_evaluations_trigger (), kz_rollup_answers_trigger () CASCADE; "
                   "DROP FUNCTION kz_rollup_evaluation (evaluations, boolean, integer), "
                   "kz_rollup_answer (evaluations, text, text, double precision, integer), "
                   "kz_rollup_add (bigint, integer, text, text, double precision, bigint, bigint, bigint, "
                   "double precision, bigint), "
                   "kz_rollup_team_add (bigint, integer, text, text, double precision, bigint, bigint, bigint, "
                   "double precision, bigint), "
                   "kz_rollup_week (bigint), kz_rollup_block (integer); "
                   "DROP INDEX evaluations_created; UPDATE kz_meta SET value = '16' WHERE key = 'schema_version'");
    }
  else
    {
      g_clear_object (&f->store);
      raw_exec (f, "DROP TRIGGER rollup_answer_insert; DROP TRIGGER rollup_answer_delete;"
                   "DROP TRIGGER rollup_answer_update; DROP TRIGGER rollup_evaluation_insert;"
                   "DROP TRIGGER rollup_evaluation_delete; DROP TRIGGER rollup_evaluation_update;"
                   "DROP TRIGGER rollup_agent_insert; DROP TRIGGER rollup_agent_update;"
                   "DROP TRIGGER rollup_agent_delete; DROP TRIGGER rollup_people_team;"
                   "DROP TRIGGER rollup_team_insert; DROP TRIGGER rollup_team_update; DROP TRIGGER rollup_team_delete;"
                   "DROP TABLE rollup_team_blocks;"
                   "DROP TABLE rollup_agent_criteria; DROP TABLE rollup_team_criteria;"
                   "DROP TABLE rollup_agent_weeks; DROP TABLE rubric_criteria; DROP INDEX evaluations_created; PRAGMA user_version = 16;");
    }
  g_clear_object (&f->store);
  f->store = f->pg ? kz_pg_store_open (f->location, NULL, TRUE, KZ_PG_SCHEMA_VERSION, &error)
                   : kz_store_open (f->location, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kz_store_get_schema_version (f->store), ==, f->pg ? KZ_PG_SCHEMA_VERSION : KZ_SQLITE_SCHEMA_VERSION);
  check_all (f, "after upgrading from schema 16");
}

/* A database of schema 17 (criterion roll-ups keyed by criterion id only,
 * so two rubrics' criteria of one id mixed) gets them per rubric, rebuilt
 * from the raw answers, on opening; the raw rows stay as they were. */
static void
test_upgrade_17 (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  gint64 n_evaluations, n_answers, n_shared;
  gint64 ids_before, values_before;

  if (f->pg && !kz_test_pg_available ())
    return;
  n_evaluations = raw_int (f, "SELECT count (*) FROM evaluations");
  n_answers = raw_int (f, "SELECT count (*) FROM answers");
  /* The demo's two rubrics share criterion ids: the case that mixed. */
  n_shared = raw_int (f, "SELECT count (*) FROM (SELECT criterion_id FROM rollup_agent_criteria "
                         "GROUP BY criterion_id HAVING count (DISTINCT rubric_id) > 1) s");
  g_assert_cmpint (n_shared, >, 0);
  ids_before = raw_int (f, "SELECT sum (evaluation_id) FROM answers");
  values_before = raw_int (f, "SELECT sum (CAST (round (coalesce (value, -1) * 1000) AS bigint)) FROM answers");
  if (f->pg)
    raw_exec (f, "DELETE FROM rollup_team_blocks; DELETE FROM rollup_team_criteria; DELETE FROM rollup_agent_criteria;"
                 "ALTER TABLE rollup_agent_criteria DROP COLUMN rubric_id, DROP COLUMN sum_value, DROP COLUMN n_value;"
                 "ALTER TABLE rollup_agent_criteria ADD PRIMARY KEY (agent_id, week, criterion_id);"
                 "ALTER TABLE rollup_team_criteria DROP COLUMN rubric_id, DROP COLUMN sum_value, DROP COLUMN n_value;"
                 "ALTER TABLE rollup_team_criteria ADD PRIMARY KEY (week, team_id, criterion_id);"
                 "ALTER TABLE rollup_team_blocks DROP COLUMN rubric_id, DROP COLUMN sum_value, DROP COLUMN n_value;"
                 "ALTER TABLE rollup_team_blocks ADD PRIMARY KEY (block, team_id, criterion_id);"
                 "DROP FUNCTION kz_rollup_add (bigint, integer, text, text, double precision, bigint, bigint, bigint,"
                 " double precision, bigint), kz_rollup_team_add (bigint, integer, text, text, double precision,"
                 " bigint, bigint, bigint, double precision, bigint);"
                 /* (the index on rubric_id went with the column) */
                 /* Schema 17's figures, mixed over rubrics, and one that is plain wrong. */
                 "INSERT INTO rollup_agent_criteria VALUES (1, 0, 'empathy', 99, 99, 0, 0);"
                 "DROP INDEX evaluations_created; UPDATE kz_meta SET value = '17' WHERE key = 'schema_version'");
  else
    {
      g_clear_object (&f->store);
      raw_exec (f, "DROP TRIGGER rollup_answer_insert; DROP TRIGGER rollup_answer_delete;"
                   "DROP TRIGGER rollup_answer_update; DROP TRIGGER rollup_evaluation_insert;"
                   "DROP TRIGGER rollup_evaluation_delete; DROP TRIGGER rollup_evaluation_update;"
                   "DROP TRIGGER rollup_agent_insert; DROP TRIGGER rollup_agent_update;"
                   "DROP TRIGGER rollup_agent_delete; DROP TRIGGER rollup_people_team;"
                   "DROP TRIGGER rollup_team_insert; DROP TRIGGER rollup_team_update; DROP TRIGGER rollup_team_delete;"
                   "ALTER TABLE rollup_agent_criteria RENAME TO old_agent;"
                   "DROP TABLE rollup_team_criteria; DROP TABLE rollup_team_blocks;"
                   /* Schema 17's tables (migration_17), with its mixed figures. */
                   "CREATE TABLE rollup_agent_criteria (agent_id INTEGER NOT NULL, week INTEGER NOT NULL,"
                   " criterion_id TEXT NOT NULL, sum_v REAL NOT NULL, n_applicable INTEGER NOT NULL,"
                   " n_na INTEGER NOT NULL, n_failed INTEGER NOT NULL, PRIMARY KEY (agent_id, week, criterion_id)"
                   ") WITHOUT ROWID;"
                   "CREATE TABLE rollup_team_criteria (team_id INTEGER NOT NULL, week INTEGER NOT NULL,"
                   " criterion_id TEXT NOT NULL, sum_v REAL NOT NULL, n_applicable INTEGER NOT NULL,"
                   " n_na INTEGER NOT NULL, n_failed INTEGER NOT NULL, PRIMARY KEY (week, team_id, criterion_id)"
                   ") WITHOUT ROWID;"
                   "CREATE TABLE rollup_team_blocks (team_id INTEGER NOT NULL, block INTEGER NOT NULL,"
                   " criterion_id TEXT NOT NULL, sum_v REAL NOT NULL, n_applicable INTEGER NOT NULL,"
                   " n_na INTEGER NOT NULL, n_failed INTEGER NOT NULL, PRIMARY KEY (block, team_id, criterion_id)"
                   ") WITHOUT ROWID;"
                   "INSERT INTO rollup_agent_criteria SELECT agent_id, week, criterion_id, sum (sum_v),"
                   " sum (n_applicable), sum (n_na), sum (n_failed) FROM old_agent GROUP BY 1, 2, 3;"
                   "DROP TABLE old_agent;"
                   "INSERT OR REPLACE INTO rollup_agent_criteria VALUES (1, 0, 'empathy', 99, 99, 0, 0);"
                   "DROP INDEX evaluations_created; PRAGMA user_version = 17;");
    }
  g_clear_object (&f->store);
  f->store = f->pg ? kz_pg_store_open (f->location, NULL, TRUE, KZ_PG_SCHEMA_VERSION, &error)
                   : kz_store_open (f->location, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kz_store_get_schema_version (f->store), ==, f->pg ? KZ_PG_SCHEMA_VERSION : KZ_SQLITE_SCHEMA_VERSION);
  g_assert_cmpint (raw_int (f, "SELECT count (*) FROM evaluations"), ==, n_evaluations);
  g_assert_cmpint (raw_int (f, "SELECT count (*) FROM answers"), ==, n_answers);
  g_assert_cmpint (raw_int (f, "SELECT sum (evaluation_id) FROM answers"), ==, ids_before);
  g_assert_cmpint (raw_int (f, "SELECT sum (CAST (round (coalesce (value, -1) * 1000) AS bigint)) FROM answers"), ==,
                   values_before);
  g_assert_cmpint (raw_int (f, "SELECT count (*) FROM rollup_agent_criteria WHERE week = 0"), ==, 0);
  check_all (f, "after upgrading from schema 17");
  /* And the triggers keep them per rubric from then on. */
  raw_exec (f, "DELETE FROM answers WHERE evaluation_id = (SELECT max (evaluation_id) FROM answers) AND criterion_id = "
               "(SELECT min (criterion_id) FROM answers WHERE evaluation_id = (SELECT max (evaluation_id) FROM answers))");
  check_all (f, "after deleting an answer following the upgrade from schema 17");
}

/* The week arithmetic against the calendar. */
static void
test_weeks (void)
{
  GDate d;
  g_autofree char *s = NULL;

  /* 1970-01-01 was a Thursday: its week began Monday 1969-12-29. */
  g_assert_cmpint (kz_rollup_week (0), ==, -3);
  g_assert_cmpint (kz_rollup_week (-1), ==, -3);
  g_assert_cmpint (kz_rollup_week (-3 * 86400 - 1), ==, -10);
  /* 2026-12-02 is a Wednesday; its Monday is 2026-11-30. */
  g_date_clear (&d, 1);
  g_date_set_dmy (&d, 2, G_DATE_DECEMBER, 2026);
  s = kz_rollup_week_to_string (kz_rollup_week_of_date (&d));
  g_assert_cmpstr (s, ==, "2026-11-30");
  for (gint64 t = 1700000000; t < 1700000000 + 86400 * 30; t += 3607)
    g_assert_cmpint (kz_rollup_week (t), ==, monday_of (t));

  /* Blocks of 13 weeks from the week of 1970-01-01 (day -3): block 0 is
   * days -3 … 87, block 1 starts on day 88, block -1 on day -94. */
  g_assert_cmpint (kz_rollup_block_of_week (-3), ==, 0);
  g_assert_cmpint (kz_rollup_block_of_week (81), ==, 0);
  g_assert_cmpint (kz_rollup_block_of_week (88), ==, 1);
  g_assert_cmpint (kz_rollup_block_of_week (-10), ==, -1);
  g_assert_cmpint (kz_rollup_block_first_week (1), ==, 88);
  g_assert_cmpint (kz_rollup_block_first_week (-1), ==, -94);
  {
    int fb, lb;

    /* Weeks 81 … 179: block 1 (88 … 172) lies inside, 2 (179 …) does not end in it. */
    kz_rollup_blocks_inside (81, 179, &fb, &lb);
    g_assert_cmpint (fb, ==, 1);
    g_assert_cmpint (lb, ==, 1);
    /* Exactly block 1. */
    kz_rollup_blocks_inside (88, 172, &fb, &lb);
    g_assert_cmpint (fb, ==, 1);
    g_assert_cmpint (lb, ==, 1);
    /* Less than a block: none. */
    kz_rollup_blocks_inside (95, 172, &fb, &lb);
    g_assert_cmpint (fb, >, lb);
  }
}

/* The score band by hand (three agents, y = 170, 80, 255 over n = 2, 1,
 * 3; scipy: m = 505/6, t(0.975, 2) = 4.3027, band 79.65495614676448 …
 * 88.67837718656887); one agent has a mean and no band. */
static void
test_band (void)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);
  KzRollupWeek a = { 1, 7, 2, 2, 170, 2, 0 }, b = { 2, 7, 1, 1, 80, 0, 1 }, c = { 3, 7, 3, 3, 255, 3, 0 };
  g_autoptr(GArray) weeks = NULL;
  KzDashboardWeek t;

  g_ptr_array_add (rows, g_memdup2 (&a, sizeof a));
  weeks = kz_dashboard_week_trend (rows);
  g_assert_cmpuint (weeks->len, ==, 1);
  g_assert_true (g_array_index (weeks, KzDashboardWeek, 0).has_mean);
  g_assert_false (g_array_index (weeks, KzDashboardWeek, 0).has_interval);
  g_assert_cmpfloat_with_epsilon (g_array_index (weeks, KzDashboardWeek, 0).mean, 85.0, 1e-12);
  g_clear_pointer (&weeks, g_array_unref);

  g_ptr_array_add (rows, g_memdup2 (&b, sizeof b));
  g_ptr_array_add (rows, g_memdup2 (&c, sizeof c));
  weeks = kz_dashboard_week_trend (rows);
  g_assert_cmpuint (weeks->len, ==, 1);
  {
    KzDashboardWeek *w = &g_array_index (weeks, KzDashboardWeek, 0);
    g_assert_true (w->has_interval);
    g_assert_cmpuint (w->n_agents, ==, 3);
    g_assert_cmpfloat_with_epsilon (w->mean, 505.0 / 6, 1e-9);
    g_assert_cmpfloat_with_epsilon (w->low, 79.65495614676448, 1e-6);
    g_assert_cmpfloat_with_epsilon (w->high, 88.67837718656887, 1e-6);
    g_assert_cmpint (w->n_passed, ==, 5);
    g_assert_cmpint (w->n_auto_failed, ==, 1);
  }
  /* The same agents over two weeks: the total sums each agent first. */
  b.week = 14;
  g_ptr_array_add (rows, g_memdup2 (&b, sizeof b));
  kz_dashboard_total (rows, &t);
  g_assert_cmpuint (t.n_agents, ==, 3);
  g_assert_cmpint (t.n_scored, ==, 7);
  g_assert_cmpfloat_with_epsilon (t.mean, 585.0 / 7, 1e-9);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rollups/weeks", test_weeks);
  g_test_add_func ("/rollups/band", test_band);
#define ADD(path_, fn) G_STMT_START { \
    g_test_add ("/rollups/sqlite" path_, Fixture, "sqlite", fixture_setup, fn, fixture_teardown); \
    if (kz_test_pg_available ()) \
      g_test_add ("/rollups/pg" path_, Fixture, "pg", fixture_setup, fn, fixture_teardown); \
  } G_STMT_END
  ADD ("/demo", test_demo);
  ADD ("/changes", test_changes);
  ADD ("/bulk", test_bulk);
  g_test_add ("/rollups/sqlite/bulk-empty", Fixture, "sqlite", fixture_setup, test_bulk_empty, fixture_teardown);
  ADD ("/answer-back", test_answer_back);
  ADD ("/overview-answer-back", test_overview_back);
  ADD ("/drill-newest", test_drill_newest);
  ADD ("/upgrade", test_upgrade);
  ADD ("/upgrade-17", test_upgrade_17);
  return g_test_run ();
}
