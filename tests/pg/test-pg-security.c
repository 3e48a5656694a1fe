/* test-pg-security.c — the team server decides who reads what
 *
 * Each test makes a fresh database on the test server (tests/pg/with-pg-server),
 * sets it up and fills it with the demo centre as the superuser, gives
 * logins to a few demo people with kz_pg_admin_add_user(), then connects as
 * each of them with plain libpq and asks with plain SQL.  What each login
 * should see is computed separately, as the superuser, from the raw rows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-pg-security"

#include "config.h"

#include <libpq-fe.h>
#include <math.h>
#include <string.h>

#include "kz-demo.h"
#include "kz-error.h"
#include "kz-pg-admin.h"
#include "kz-pg-store-private.h"
#include "kz-store.h"

#define SQLSTATE_INSUFFICIENT_PRIVILEGE "42501"
#define SQLSTATE_NOT_IN_PREREQUISITE_STATE "55000"

#define P(...) ((const char * const []) { __VA_ARGS__, NULL })

/* What the server lets see of calibration evaluations, written out from the
 * rules rather than taken from its policies: a manager's only once their
 * session is closed; a reviewer's ($1) own, and every one of a closed
 * session the reviewer leads or scores in. */
#define CLOSED_OR_NOT_CALIBRATION \
  "(NOT e.is_calibration OR e.calibration_session_id IN " \
  " (SELECT id FROM calibration_sessions WHERE closed_at IS NOT NULL))"
#define SESSIONS_OF \
  "(SELECT s.id FROM calibration_sessions s WHERE s.lead_id = $1 " \
  " UNION SELECT r.session_id FROM calibration_reviewers r WHERE r.reviewer_id = $1)"
#define REVIEWER_SEES \
  "(reviewer_id = $1 " \
  " OR (NOT is_calibration AND interaction_id IN (SELECT interaction_id FROM assignments WHERE reviewer_id = $1)) " \
  " OR (is_calibration AND calibration_session_id IN " SESSIONS_OF \
  "     AND calibration_session_id IN (SELECT id FROM calibration_sessions WHERE closed_at IS NOT NULL)))"
#define NO_PARAMS ((const char * const []) { NULL })

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGresult, PQclear)

typedef struct {
  gint64  id;
  char    ids[24];    /* id as text, for parameters */
  char   *login;
  char   *password;
} Login;

typedef struct {
  char     *tag;       /* unique per test: role names are cluster-wide */
  char     *dbname;
  char     *host;
  char     *su_password;
  KzStore  *store;     /* the superuser's store */
  PGconn   *su;        /* the superuser, plain libpq */
  GPtrArray *logins;   /* Login*, to drop at the end */
  gint64    team_x, team_y, site_x;
  char      team_xs[24], team_ys[24], site_xs[24];
  Login    *agent_a, *agent_b, *manager_x, *agent_y, *reviewer, *staff;
} Fixture;

static void
login_free (Login *l)
{
  g_free (l->login);
  g_free (l->password);
  g_free (l);
}

static char *
uri_for (Fixture    *f,
         const char *user,
         const char *password)
{
  g_autofree char *u = g_uri_escape_string (user, NULL, FALSE);
  g_autofree char *p = g_uri_escape_string (password, NULL, FALSE);
  g_autofree char *h = g_uri_escape_string (f->host, NULL, FALSE);

  return g_strdup_printf ("postgresql://%s:%s@/%s?host=%s", u, p, f->dbname, h);
}

static PGconn *
connect_as (Fixture    *f,
            const char *user,
            const char *password)
{
  g_autofree char *uri = uri_for (f, user, password);
  PGconn *conn = PQconnectdb (uri);

  if (PQstatus (conn) != CONNECTION_OK)
    g_error ("cannot connect as %s: %s", user, PQerrorMessage (conn));
  return conn;
}

static PGconn *
connect_login (Fixture *f,
               Login   *l)
{
  return connect_as (f, l->login, l->password);
}

static int
n_params_of (const char * const *params)
{
  int n = 0;

  while (params[n] != NULL)
    n++;
  return n;
}

/* Runs @sql, which must succeed. */
static PGresult *
query (PGconn             *conn,
       const char         *sql,
       const char * const *params)
{
  PGresult *r = PQexecParams (conn, sql, n_params_of (params), NULL, params, NULL, NULL, 0);

  if (PQresultStatus (r) != PGRES_TUPLES_OK && PQresultStatus (r) != PGRES_COMMAND_OK)
    g_error ("%s as %s: %s", sql, PQuser (conn), PQresultErrorMessage (r));
  return r;
}

/* The one value @sql returns (NULL for SQL NULL). */
static char *
value (PGconn             *conn,
       const char         *sql,
       const char * const *params)
{
  g_autoptr(PGresult) r = query (conn, sql, params);

  g_assert_cmpint (PQntuples (r), ==, 1);
  return PQgetisnull (r, 0, 0) ? NULL : g_strdup (PQgetvalue (r, 0, 0));
}

static gint64
ivalue (PGconn             *conn,
        const char         *sql,
        const char * const *params)
{
  g_autofree char *v = value (conn, sql, params);

  g_assert_nonnull (v);
  return g_ascii_strtoll (v, NULL, 10);
}

/* Runs @sql, which must fail; returns its SQLSTATE. */
static char *
fails (PGconn             *conn,
       const char         *sql,
       const char * const *params)
{
  g_autoptr(PGresult) r = PQexecParams (conn, sql, n_params_of (params), NULL, params, NULL, NULL, 0);

  if (PQresultStatus (r) == PGRES_TUPLES_OK || PQresultStatus (r) == PGRES_COMMAND_OK)
    g_error ("%s as %s succeeded; it should have failed", sql, PQuser (conn));
  g_test_message ("as %s: %s → %s", PQuser (conn), sql, PQresultErrorMessage (r));
  return g_strdup (PQresultErrorField (r, PG_DIAG_SQLSTATE));
}

#define assert_fails_with(conn, sql, params, state) G_STMT_START { \
    g_autofree char *state_ = fails ((conn), (sql), (params)); \
    g_assert_cmpstr (state_, ==, (state)); \
  } G_STMT_END

static Login *
add_login (Fixture    *f,
           const char *what,
           gint64      person_id)
{
  g_autoptr(GError) error = NULL;
  Login *l = g_new0 (Login, 1);

  l->id = person_id;
  g_snprintf (l->ids, sizeof l->ids, "%" G_GINT64_FORMAT, person_id);
  l->login = g_strdup_printf ("%s_%s", f->tag, what);
  l->password = g_strdup_printf ("pw-%s-%u", what, g_random_int ());
  kz_pg_admin_add_user (KZ_PG_STORE (f->store), l->login, l->password, person_id, &error);
  g_assert_no_error (error);
  g_ptr_array_add (f->logins, l);
  return l;
}

static gint64
add_person (Fixture    *f,
            const char *name,
            KzRoles     roles,
            gint64      team_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzPerson) p = kz_person_new (name, roles);
  gint64 id;

  p->team_id = team_id;
  id = kz_store_add_person (f->store, p, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

/* The agent of team @team with the most evaluations, after @skip others. */
static gint64
busy_agent (Fixture    *f,
            const char *team,
            const char *skip)
{
  return ivalue (f->su,
                 "SELECT p.id FROM people p WHERE p.team_id = $1 AND p.roles & 1 <> 0 "
                 "ORDER BY (SELECT count(*) FROM evaluations e WHERE e.agent_id = p.id) DESC, p.id "
                 "OFFSET $2 LIMIT 1", P (team, skip));
}

static void
admin_exec (const char *sql)
{
  PGconn *conn = PQconnectdb (g_getenv ("KAIZEN_TEST_PG"));
  PGresult *r;

  if (PQstatus (conn) != CONNECTION_OK)
    g_error ("cannot connect to the test server: %s", PQerrorMessage (conn));
  r = PQexec (conn, sql);
  if (PQresultStatus (r) != PGRES_COMMAND_OK)
    g_error ("%s: %s", sql, PQresultErrorMessage (r));
  PQclear (r);
  PQfinish (conn);
}

/* admin_exec() of @before, the name @name, then @after.  A name cannot be a
 * parameter: it is quoted with libpq's PQescapeIdentifier, as
 * model/kz-pg-admin.c does. */
static void
admin_exec_named (const char *before,
                  const char *name,
                  const char *after)
{
  PGconn *conn = PQconnectdb (g_getenv ("KAIZEN_TEST_PG"));
  char *quoted = PQescapeIdentifier (conn, name, strlen (name));
  g_autofree char *sql = NULL;

  if (quoted == NULL)
    g_error ("cannot quote %s: %s", name, PQerrorMessage (conn));
  sql = g_strconcat (before, quoted, after, NULL);
  PQfreemem (quoted);
  PQfinish (conn);
  admin_exec (sql);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;
  PQconninfoOption *options;
  char *parse_error = NULL;

  if (g_getenv ("KAIZEN_TEST_PG") == NULL)
    {
      g_test_skip ("no test server: run under tests/pg/with-pg-server");
      return;
    }

  options = PQconninfoParse (g_getenv ("KAIZEN_TEST_PG"), &parse_error);
  if (options == NULL)
    g_error ("KAIZEN_TEST_PG: %s", parse_error);
  for (PQconninfoOption *o = options; o->keyword != NULL; o++)
    if (o->val != NULL && strcmp (o->keyword, "host") == 0)
      f->host = g_strdup (o->val);
    else if (o->val != NULL && strcmp (o->keyword, "password") == 0)
      f->su_password = g_strdup (o->val);
  PQconninfoFree (options);
  g_assert_nonnull (f->host);
  g_assert_nonnull (f->su_password);

  f->tag = g_strdup_printf ("s%08x", g_random_int ());
  f->dbname = g_strdup_printf ("kz_sec_%s", f->tag);
  f->logins = g_ptr_array_new_with_free_func ((GDestroyNotify) login_free);
  admin_exec_named ("CREATE DATABASE ", f->dbname, "");

  /* As `kaizenctl server init` would: the owner creates schema 1–4. */
  uri = uri_for (f, "postgres", f->su_password);
  f->store = kz_pg_store_open (uri, NULL, TRUE, KZ_PG_SCHEMA_VERSION, &error);
  g_assert_no_error (error);
  kz_demo_fill (f->store, NULL, 4242, NULL, &error);
  g_assert_no_error (error);
  f->su = connect_as (f, "postgres", f->su_password);

  /* Team X: the team of a manager who is not also an administrator.  Team
   * Y: a team of the other site. */
  f->team_x = ivalue (f->su, "SELECT team_id FROM people WHERE roles & 4 <> 0 AND roles & 16 = 0 "
                             "AND team_id IS NOT NULL ORDER BY id LIMIT 1", NO_PARAMS);
  g_snprintf (f->team_xs, sizeof f->team_xs, "%" G_GINT64_FORMAT, f->team_x);
  f->site_x = ivalue (f->su, "SELECT parent_id FROM units WHERE id = $1 AND kind = 'team'", P (f->team_xs));
  g_snprintf (f->site_xs, sizeof f->site_xs, "%" G_GINT64_FORMAT, f->site_x);
  f->team_y = ivalue (f->su, "SELECT id FROM units WHERE kind = 'team' AND parent_id <> $1 ORDER BY id LIMIT 1",
                      P (f->site_xs));
  g_snprintf (f->team_ys, sizeof f->team_ys, "%" G_GINT64_FORMAT, f->team_y);

  f->agent_a = add_login (f, "agent_a", busy_agent (f, f->team_xs, "0"));
  f->agent_b = add_login (f, "agent_b", busy_agent (f, f->team_xs, "1"));
  f->agent_y = add_login (f, "agent_y", busy_agent (f, f->team_ys, "0"));
  f->manager_x = add_login (f, "manager_x",
                            ivalue (f->su, "SELECT id FROM people WHERE roles & 4 <> 0 AND roles & 16 = 0 "
                                           "AND team_id = $1 ORDER BY id LIMIT 1", P (f->team_xs)));
  f->reviewer = add_login (f, "reviewer",
                           ivalue (f->su, "SELECT p.id FROM people p WHERE p.roles & 2 <> 0 AND p.roles & 16 = 0 "
                                          "ORDER BY (SELECT count(*) FROM evaluations e "
                                          "          WHERE e.reviewer_id = p.id) DESC, p.id LIMIT 1",
                                   NO_PARAMS));
  f->staff = add_login (f, "staff", add_person (f, "Sam Staff", KZ_ROLE_STAFF, f->team_x));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{

  if (f->dbname == NULL)
    return;
  g_clear_pointer (&f->su, PQfinish);
  g_clear_object (&f->store);
  admin_exec_named ("DROP DATABASE IF EXISTS ", f->dbname, " WITH (FORCE)");
  for (guint i = 0; i < f->logins->len; i++)
    {
      Login *l = g_ptr_array_index (f->logins, i);

      admin_exec_named ("DROP ROLE IF EXISTS ", l->login, "");
    }
  g_ptr_array_unref (f->logins);
  g_free (f->tag);
  g_free (f->dbname);
  g_free (f->host);
  g_free (f->su_password);
}

#define SKIP_IF_NO_SERVER(f) G_STMT_START { if ((f)->su == NULL) return; } G_STMT_END

/* ------------------------------------------------------------------------ */

static void
test_agent_sql (Fixture       *f,
                gconstpointer  data)
{
  PGconn *a;
  PGconn *y;
  g_autofree char *expected = NULL;
  g_autofree char *visible = NULL;
  g_autofree char *b_ids = NULL;
  g_autofree char *x_ids = NULL;
  g_autofree char *rubric = NULL;
  g_autofree char *final_before = NULL;
  g_autofree char *final_after = NULL;
  gint64 n_a, n_b;

  SKIP_IF_NO_SERVER (f);
  a = connect_login (f, f->agent_a);

  /* Evaluations: exactly A's own — not the calibration evaluations of A's
   * interactions, which are reviewers' work, not A's. */
  n_a = ivalue (f->su, "SELECT count(*) FROM evaluations WHERE agent_id = $1 AND NOT is_calibration",
                P (f->agent_a->ids));
  n_b = ivalue (f->su, "SELECT count(*) FROM evaluations WHERE agent_id = $1 AND NOT is_calibration",
                P (f->agent_b->ids));
  g_assert_cmpint (n_a, >, 0);
  g_assert_cmpint (n_b, >, 0);
  g_assert_cmpint (ivalue (a, "SELECT count(*) FROM evaluations", NO_PARAMS), ==, n_a);
  expected = value (f->su, "SELECT string_agg(id::text, ',' ORDER BY id) FROM evaluations WHERE agent_id = $1 "
                           "AND NOT is_calibration", P (f->agent_a->ids));
  visible = value (a, "SELECT string_agg(id::text, ',' ORDER BY id) FROM evaluations", NO_PARAMS);
  g_assert_cmpstr (visible, ==, expected);
  g_assert_cmpint (ivalue (a, "SELECT count(*) FROM evaluations WHERE agent_id = $1", P (f->agent_b->ids)), ==, 0);

  /* B's rows by id (the ids taken as the superuser): none. */
  b_ids = value (f->su, "SELECT '{' || string_agg(id::text, ',') || '}' FROM evaluations WHERE agent_id = $1",
                 P (f->agent_b->ids));
  g_assert_cmpint (ivalue (a, "SELECT count(*) FROM evaluations WHERE id = ANY ($1::bigint[])", P (b_ids)), ==, 0);

  /* Answers follow their evaluation. */
  g_assert_cmpint (ivalue (f->su, "SELECT count(*) FROM answers WHERE evaluation_id = ANY ($1::bigint[])",
                           P (b_ids)), >, 0);
  g_assert_cmpint (ivalue (a, "SELECT count(*) FROM answers WHERE evaluation_id = ANY ($1::bigint[])",
                           P (b_ids)), ==, 0);
  g_assert_cmpint (ivalue (a, "SELECT count(*) FROM answers", NO_PARAMS), ==,
                   ivalue (f->su, "SELECT count(*) FROM answers a JOIN evaluations e ON e.id = a.evaluation_id "
                                  "WHERE e.agent_id = $1 AND NOT e.is_calibration", P (f->agent_a->ids)));

  /* Interactions: only A's. */
  g_assert_cmpint (ivalue (a, "SELECT count(*) FROM interactions", NO_PARAMS), ==,
                   ivalue (f->su, "SELECT count(*) FROM interactions WHERE agent_id = $1", P (f->agent_a->ids)));
  g_assert_cmpint (ivalue (f->su, "SELECT count(*) FROM interactions WHERE agent_id = $1", P (f->agent_b->ids)),
                   >, 0);
  g_assert_cmpint (ivalue (a, "SELECT count(*) FROM interactions WHERE agent_id = $1", P (f->agent_b->ids)),
                   ==, 0);

  /* Emails follow their interaction: one more on A's and one on B's, A
   * reads only the first (and its attachment list), besides the demo's
   * threads of A's own email interactions. */
  {
    g_autoptr(PGresult) r = NULL;
    const char *own_messages = "SELECT count(*) FROM messages m JOIN interactions i ON i.id = m.interaction_id "
                               "WHERE i.agent_id = $1";

    r = query (f->su, "INSERT INTO messages (interaction_id, message_id, body) "
                      "SELECT id, 'mail-of-' || agent_id, 'private' FROM interactions "
                      "WHERE id IN ((SELECT min(id) FROM interactions WHERE agent_id = $1), "
                      "             (SELECT min(id) FROM interactions WHERE agent_id = $2))",
               P (f->agent_a->ids, f->agent_b->ids));
    g_clear_pointer (&r, PQclear);
    r = query (f->su, "INSERT INTO attachments (message_id, position, filename, mime_type, size) "
                      "SELECT id, 0, 'bill.pdf', 'application/pdf', 20 FROM messages "
                      "WHERE message_id LIKE 'mail-of-%'", NO_PARAMS);
    g_assert_cmpint (ivalue (f->su, "SELECT count(*) FROM messages WHERE message_id LIKE 'mail-of-%'", NO_PARAMS),
                     ==, 2);
    g_assert_cmpint (ivalue (a, "SELECT count(*) FROM messages WHERE message_id LIKE 'mail-of-%'", NO_PARAMS),
                     ==, 1);
    g_assert_cmpint (ivalue (f->su, own_messages, P (f->agent_b->ids)), >, 0);
    g_assert_cmpint (ivalue (a, "SELECT count(*) FROM messages", NO_PARAMS), ==,
                     ivalue (f->su, own_messages, P (f->agent_a->ids)));
    g_assert_cmpint (ivalue (a, own_messages, P (f->agent_b->ids)), ==, 0);
    g_assert_cmpint (ivalue (a, "SELECT count(*) FROM attachments", NO_PARAMS), ==,
                     ivalue (f->su, "SELECT count(*) FROM attachments t JOIN messages m ON m.id = t.message_id "
                                    "JOIN interactions i ON i.id = m.interaction_id WHERE i.agent_id = $1",
                             P (f->agent_a->ids)));
  }

  /* An agent never writes evaluations, not even their own. */
  rubric = value (f->su, "SELECT rubric_id || ' ' || rubric_version FROM evaluations WHERE agent_id = $1 LIMIT 1",
                  P (f->agent_a->ids));
  assert_fails_with (a, "INSERT INTO evaluations (rubric_id, rubric_version, reviewer_id, agent_id, state, "
                        "created_at, updated_at) VALUES (split_part($1, ' ', 1), split_part($1, ' ', 2)::int, "
                        "$2, $2, 'draft', 0, 0)", P (rubric, f->agent_a->ids), SQLSTATE_INSUFFICIENT_PRIVILEGE);
  final_before = value (f->su, "SELECT string_agg(coalesce(final::text, '-'), ',' ORDER BY id) FROM evaluations "
                               "WHERE agent_id = $1", P (f->agent_a->ids));
  assert_fails_with (a, "UPDATE evaluations SET final = 100, pass = true WHERE agent_id = $1",
                     P (f->agent_a->ids), SQLSTATE_INSUFFICIENT_PRIVILEGE);
  assert_fails_with (a, "DELETE FROM answers", NO_PARAMS, SQLSTATE_INSUFFICIENT_PRIVILEGE);
  final_after = value (f->su, "SELECT string_agg(coalesce(final::text, '-'), ',' ORDER BY id) FROM evaluations "
                              "WHERE agent_id = $1", P (f->agent_a->ids));
  g_assert_cmpstr (final_after, ==, final_before);

  /* The directory is readable; logins only their own; no queues, no raw
   * survey answers. */
  g_assert_cmpint (ivalue (a, "SELECT count(*) FROM people", NO_PARAMS), ==,
                   ivalue (f->su, "SELECT count(*) FROM people", NO_PARAMS));
  g_assert_cmpint (ivalue (a, "SELECT count(*) FROM logins", NO_PARAMS), ==, 1);
  g_assert_cmpint (ivalue (a, "SELECT kz_me ()", NO_PARAMS), ==, f->agent_a->id);
  assert_fails_with (a, "SELECT count(*) FROM assignments", NO_PARAMS, SQLSTATE_INSUFFICIENT_PRIVILEGE);
  assert_fails_with (a, "SELECT count(*) FROM survey_answers", NO_PARAMS, SQLSTATE_INSUFFICIENT_PRIVILEGE);
  assert_fails_with (a, "INSERT INTO people (name) VALUES ('Mallory')", NO_PARAMS, SQLSTATE_INSUFFICIENT_PRIVILEGE);

  /* The agent of the other site sees their own and nothing of team X. */
  y = connect_login (f, f->agent_y);
  x_ids = value (f->su, "SELECT '{' || string_agg(e.id::text, ',') || '}' FROM evaluations e "
                        "JOIN people p ON p.id = e.agent_id WHERE p.team_id = $1", P (f->team_xs));
  g_assert_cmpint (ivalue (y, "SELECT count(*) FROM evaluations", NO_PARAMS), ==,
                   ivalue (f->su, "SELECT count(*) FROM evaluations WHERE agent_id = $1 AND NOT is_calibration",
                           P (f->agent_y->ids)));
  g_assert_cmpint (ivalue (y, "SELECT count(*) FROM evaluations WHERE id = ANY ($1::bigint[])", P (x_ids)), ==, 0);

  PQfinish (y);
  PQfinish (a);
}

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

static char *
summary_ids (GPtrArray *list)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < list->len; i++)
    g_array_append_val (ids, ((KzEvaluationSummary *) g_ptr_array_index (list, i))->id);
  g_array_sort (ids, compare_ids);
  for (guint i = 0; i < ids->len; i++)
    g_string_append_printf (s, "%s%" G_GINT64_FORMAT, i ? "," : "", g_array_index (ids, gint64, i));
  return g_string_free (s, FALSE);
}

static void
test_agent_api (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzStore) store = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) of_b = NULL;
  g_autoptr(KzEvaluation) mine = NULL;
  g_autoptr(KzEvaluation) theirs = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *listed = NULL;
  KzEvaluationFilter filter = { 0 };
  gint64 a_eval, b_eval;

  SKIP_IF_NO_SERVER (f);

  uri = uri_for (f, f->agent_a->login, f->agent_a->password);
  store = kz_store_open (uri, &error);
  g_assert_no_error (error);

  all = kz_store_list_evaluations (store, NULL, &error);
  g_assert_no_error (error);
  expected = value (f->su, "SELECT string_agg(id::text, ',' ORDER BY id) FROM evaluations WHERE agent_id = $1 "
                           "AND NOT is_calibration", P (f->agent_a->ids));
  listed = summary_ids (all);
  g_assert_cmpstr (listed, ==, expected);
  g_assert_cmpint (kz_store_count (store, KZ_RECORD_EVALUATIONS, &error), ==, all->len);
  g_assert_no_error (error);

  filter.agent_id = f->agent_b->id;
  of_b = kz_store_list_evaluations (store, &filter, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (of_b->len, ==, 0);

  b_eval = ivalue (f->su, "SELECT min(id) FROM evaluations WHERE agent_id = $1", P (f->agent_b->ids));
  theirs = kz_store_get_evaluation (store, b_eval, &error);
  g_assert_null (theirs);
  g_assert_nonnull (error);
  g_test_message ("B's evaluation as A: %s", error->message);
  g_clear_error (&error);

  /* Saving through the API is refused by the server. */
  a_eval = ivalue (f->su, "SELECT min(id) FROM evaluations WHERE agent_id = $1", P (f->agent_a->ids));
  mine = kz_store_get_evaluation (store, a_eval, &error);
  g_assert_no_error (error);
  g_assert_nonnull (mine);
  g_assert_cmpint (kz_store_save_evaluation (store, mine, &error), ==, 0);
  g_assert_error (error, KZ_ERROR, KZ_ERROR_PERMISSION);
}

static void
test_manager (Fixture       *f,
              gconstpointer  data)
{
  PGconn *m;
  PGconn *s;
  Login *site_manager;
  g_autofree char *expected = NULL;
  g_autofree char *visible = NULL;
  g_autofree char *y_ids = NULL;
  g_autofree char *site_expected = NULL;
  g_autofree char *site_visible = NULL;

  SKIP_IF_NO_SERVER (f);
  m = connect_login (f, f->manager_x);

  /* The team's evaluations; calibration evaluations of its agents only
   * once their session is closed. */
  expected = value (f->su, "SELECT string_agg(e.id::text, ',' ORDER BY e.id) FROM evaluations e "
                           "JOIN people p ON p.id = e.agent_id WHERE p.team_id = $1 AND " CLOSED_OR_NOT_CALIBRATION,
                    P (f->team_xs));
  visible = value (m, "SELECT string_agg(id::text, ',' ORDER BY id) FROM evaluations", NO_PARAMS);
  g_assert_nonnull (expected);
  g_assert_cmpstr (visible, ==, expected);

  y_ids = value (f->su, "SELECT '{' || string_agg(e.id::text, ',') || '}' FROM evaluations e "
                        "JOIN people p ON p.id = e.agent_id WHERE p.team_id = $1", P (f->team_ys));
  g_assert_nonnull (y_ids);
  g_assert_cmpint (ivalue (m, "SELECT count(*) FROM evaluations WHERE id = ANY ($1::bigint[])", P (y_ids)), ==, 0);
  g_assert_cmpint (ivalue (m, "SELECT count(*) FROM answers WHERE evaluation_id = ANY ($1::bigint[])", P (y_ids)),
                   ==, 0);
  g_assert_cmpint (ivalue (m, "SELECT count(*) FROM answers", NO_PARAMS), ==,
                   ivalue (f->su, "SELECT count(*) FROM answers a JOIN evaluations e ON e.id = a.evaluation_id "
                                  "JOIN people p ON p.id = e.agent_id WHERE p.team_id = $1 AND "
                                  CLOSED_OR_NOT_CALIBRATION, P (f->team_xs)));
  g_assert_cmpint (ivalue (m, "SELECT count(*) FROM interactions", NO_PARAMS), ==,
                   ivalue (f->su, "SELECT count(*) FROM interactions i JOIN people p ON p.id = i.agent_id "
                                  "WHERE p.team_id = $1", P (f->team_xs)));
  /* A manager changes answers only while resolving a dispute of their
   * team (the demo's are resolved): nothing changes. */
  {
    g_autofree char *before = value (f->su, "SELECT string_agg(coalesce(final::text, '-'), ',' ORDER BY id) "
                                            "FROM evaluations", NO_PARAMS);
    g_autofree char *after = NULL;
    g_autoptr(PGresult) res = query (m, "UPDATE evaluations SET final = 0", NO_PARAMS);

    g_assert_cmpstr (PQcmdTuples (res), ==, "0");
    after = value (f->su, "SELECT string_agg(coalesce(final::text, '-'), ',' ORDER BY id) FROM evaluations", NO_PARAMS);
    g_assert_cmpstr (after, ==, before);
    assert_fails_with (m, "UPDATE evaluations SET revision = 7", NO_PARAMS, SQLSTATE_INSUFFICIENT_PRIVILEGE);
  }

  /* A manager attached to the site manages every team of the site. */
  site_manager = add_login (f, "site_manager", add_person (f, "Sita Manager", KZ_ROLE_MANAGER, f->site_x));
  s = connect_login (f, site_manager);
  site_expected = value (f->su, "SELECT string_agg(e.id::text, ',' ORDER BY e.id) FROM evaluations e "
                                "JOIN people p ON p.id = e.agent_id JOIN units t ON t.id = p.team_id "
                                "WHERE t.parent_id = $1 AND " CLOSED_OR_NOT_CALIBRATION, P (f->site_xs));
  site_visible = value (s, "SELECT string_agg(id::text, ',' ORDER BY id) FROM evaluations", NO_PARAMS);
  g_assert_cmpstr (site_visible, ==, site_expected);
  g_assert_cmpint (ivalue (s, "SELECT count(*) FROM evaluations WHERE id = ANY ($1::bigint[])", P (y_ids)), ==, 0);
  g_assert_cmpint (ivalue (s, "SELECT count(*) FROM kz_managed_teams ()", NO_PARAMS), ==,
                   ivalue (f->su, "SELECT count(*) FROM units WHERE kind = 'team' AND parent_id = $1",
                           P (f->site_xs)));

  /* Taking the manager role away in Kaizen takes it away on the server at
   * once, before the group roles are synchronised. */
  PQclear (query (f->su, "UPDATE people SET roles = 8 WHERE id = $1", P (f->manager_x->ids)));
  g_assert_cmpint (ivalue (m, "SELECT count(*) FROM evaluations", NO_PARAMS), ==, 0);

  PQfinish (s);
  PQfinish (m);
}

static void
test_reviewer (Fixture       *f,
               gconstpointer  data)
{
  PGconn *r;
  g_autofree char *expected = NULL;
  g_autofree char *visible = NULL;
  g_autofree char *others = NULL;
  g_autofree char *assigned_other = NULL;
  g_autofree char *rubric = NULL;
  g_autofree char *other_reviewer = NULL;
  g_autoptr(PGresult) res = NULL;

  SKIP_IF_NO_SERVER (f);

  /* Four interactions reviewed by someone else go into R's queue. */
  PQclear (query (f->su, "INSERT INTO assignments (interaction_id, reviewer_id) "
                         "SELECT e.interaction_id, $1 FROM evaluations e "
                         "WHERE e.reviewer_id <> $1 AND e.interaction_id IS NOT NULL "
                         "ORDER BY e.id LIMIT 4", P (f->reviewer->ids)));

  r = connect_login (f, f->reviewer);
  expected = value (f->su, "SELECT string_agg(id::text, ',' ORDER BY id) FROM evaluations "
                           "WHERE " REVIEWER_SEES, P (f->reviewer->ids));
  visible = value (r, "SELECT string_agg(id::text, ',' ORDER BY id) FROM evaluations", NO_PARAMS);
  g_assert_cmpstr (visible, ==, expected);
  g_assert_cmpint (ivalue (f->su, "SELECT count(*) FROM evaluations WHERE reviewer_id = $1",
                           P (f->reviewer->ids)), >, 0);
  g_assert_cmpint (ivalue (f->su, "SELECT count(*) FROM evaluations WHERE reviewer_id <> $1 AND interaction_id IN "
                                  "(SELECT interaction_id FROM assignments WHERE reviewer_id = $1)",
                           P (f->reviewer->ids)), >=, 4);

  others = value (f->su, "SELECT '{' || string_agg(id::text, ',') || '}' FROM evaluations "
                         "WHERE NOT (" REVIEWER_SEES ")", P (f->reviewer->ids));
  g_assert_cmpint (ivalue (r, "SELECT count(*) FROM evaluations WHERE id = ANY ($1::bigint[])", P (others)), ==, 0);
  g_assert_cmpint (ivalue (r, "SELECT count(*) FROM answers WHERE evaluation_id = ANY ($1::bigint[])", P (others)),
                   ==, 0);

  g_assert_cmpint (ivalue (r, "SELECT count(*) FROM interactions", NO_PARAMS), ==,
                   ivalue (f->su, "SELECT count(*) FROM interactions WHERE id IN "
                                  "(SELECT interaction_id FROM assignments WHERE reviewer_id = $1 "
                                  " UNION SELECT interaction_id FROM evaluations WHERE reviewer_id = $1 "
                                  " UNION SELECT ci.interaction_id FROM calibration_interactions ci "
                                  "       WHERE ci.session_id IN " SESSIONS_OF ")",
                           P (f->reviewer->ids)));
  /* R's own queue (the demo's and those four), nobody else's. */
  g_assert_cmpint (ivalue (r, "SELECT count(*) FROM assignments", NO_PARAMS), ==,
                   ivalue (f->su, "SELECT count(*) FROM assignments WHERE reviewer_id = $1", P (f->reviewer->ids)));
  g_assert_cmpint (ivalue (r, "SELECT count(*) FROM assignments WHERE reviewer_id <> $1", P (f->reviewer->ids)),
                   ==, 0);
  g_assert_cmpint (ivalue (f->su, "SELECT count(*) FROM assignments WHERE reviewer_id <> $1", P (f->reviewer->ids)),
                   >, 0);
  assert_fails_with (r, "INSERT INTO assignments (interaction_id, reviewer_id) "
                        "SELECT interaction_id, reviewer_id FROM evaluations WHERE reviewer_id = $1 LIMIT 1",
                     P (f->reviewer->ids), SQLSTATE_INSUFFICIENT_PRIVILEGE);

  /* R writes evaluations in their own name only. */
  rubric = value (f->su, "SELECT rubric_id || ' ' || rubric_version FROM evaluations LIMIT 1", NO_PARAMS);
  res = query (r, "INSERT INTO evaluations (rubric_id, rubric_version, reviewer_id, agent_id, state, "
                  "created_at, updated_at) VALUES (split_part($1, ' ', 1), split_part($1, ' ', 2)::int, "
                  "$2, $3, 'draft', 0, 0) RETURNING id", P (rubric, f->reviewer->ids, f->agent_a->ids));
  g_assert_cmpint (PQntuples (res), ==, 1);
  other_reviewer = value (f->su, "SELECT min(id)::text FROM people WHERE roles & 2 <> 0 AND id <> $1",
                          P (f->reviewer->ids));
  assert_fails_with (r, "INSERT INTO evaluations (rubric_id, rubric_version, reviewer_id, agent_id, state, "
                        "created_at, updated_at) VALUES (split_part($1, ' ', 1), split_part($1, ' ', 2)::int, "
                        "$2, $3, 'draft', 0, 0)", P (rubric, other_reviewer, f->agent_a->ids),
                     SQLSTATE_INSUFFICIENT_PRIVILEGE);

  /* An evaluation in R's queue written by someone else: readable, not
   * writable (the update finds no row it may change). */
  assigned_other = value (f->su, "SELECT min(id)::text FROM evaluations WHERE reviewer_id <> $1 AND interaction_id IN "
                                 "(SELECT interaction_id FROM assignments WHERE reviewer_id = $1)",
                          P (f->reviewer->ids));
  g_clear_pointer (&res, PQclear);
  res = query (r, "UPDATE evaluations SET final = -1 WHERE id = $1", P (assigned_other));
  g_assert_cmpstr (PQcmdTuples (res), ==, "0");
  g_assert_cmpint (ivalue (f->su, "SELECT count(*) FROM evaluations WHERE final = -1", NO_PARAMS), ==, 0);
  PQfinish (r);

  /* The same through Kaizen's API: R imports an interaction and reads it
   * back, saves their own evaluation, and cannot save the other one. */
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *uri = uri_for (f, f->reviewer->login, f->reviewer->password);
    g_autoptr(KzStore) store = kz_store_open (uri, &error);
    g_autoptr(KzInteraction) back = NULL;
    g_autoptr(KzEvaluation) own = NULL;
    g_autoptr(KzEvaluation) other = NULL;
    g_autofree char *id_text = NULL;
    g_autofree char *before = NULL;
    g_autofree char *after = NULL;
    KzInteraction it = { 0 };
    gint64 id;

    g_assert_no_error (error);
    it.channel = KZ_CHANNEL_CALL;
    it.agent_id = f->agent_a->id;
    it.started_at = g_date_time_new_from_unix_utc (1700000000);
    it.subject = (char *) "Imported by the reviewer";
    it.external_ref = (char *) "call-pg-security-1";
    id = kz_store_add_interaction (store, &it, &error);
    g_date_time_unref (it.started_at);
    g_assert_no_error (error);
    g_assert_cmpint (id, >, 0);
    back = kz_store_get_interaction (store, id, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (back->subject, ==, "Imported by the reviewer");
    id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);
    g_assert_cmpint (ivalue (f->su, "SELECT imported_by FROM interactions WHERE id = $1", P (id_text)), ==,
                     f->reviewer->id);

    own = kz_store_get_evaluation (store, ivalue (f->su, "SELECT min(id) FROM evaluations WHERE reviewer_id = $1",
                                                  P (f->reviewer->ids)), &error);
    g_assert_no_error (error);
    g_assert_cmpint (kz_store_save_evaluation (store, own, &error), ==, own->id);
    g_assert_no_error (error);

    other = kz_store_get_evaluation (store, g_ascii_strtoll (assigned_other, NULL, 10), &error);
    g_assert_no_error (error);
    before = value (f->su, "SELECT row_version || ' ' || updated_at FROM evaluations WHERE id = $1",
                    P (assigned_other));
    g_assert_cmpint (kz_store_save_evaluation (store, other, &error), ==, 0);
    /* Refused by the server, and said so: not mistaken for a conflict. */
    g_assert_error (error, KZ_ERROR, KZ_ERROR_PERMISSION);
    after = value (f->su, "SELECT row_version || ' ' || updated_at FROM evaluations WHERE id = $1",
                   P (assigned_other));
    g_assert_cmpstr (after, ==, before);
  }
}

static double
dvalue (PGconn             *conn,
        const char         *sql,
        const char * const *params)
{
  g_autofree char *v = value (conn, sql, params);

  g_assert_nonnull (v);
  return g_ascii_strtod (v, NULL);
}

static void
test_staff_survey (Fixture       *f,
                   gconstpointer  data)
{
  PGconn *s;
  PGconn *admin;
  Login *admin_login;
  g_autoptr(PGresult) res = NULL;
  g_autofree char *open_round = NULL;
  g_autofree char *closed_round = NULL;
  g_autofree char *fresh_round = NULL;
  g_autofree char *answered = NULL;
  g_autofree char *created_on = NULL;
  g_autofree char *monday = NULL;
  static const int x_values[] = { 9, 10, 6, 8, 7, 9 };  /* team X: 6 ≥ k = 5 */
  static const int y_values[] = { 3, 10 };              /* team Y: 2 < k */
  gboolean seen_x = FALSE, seen_y = FALSE;

  SKIP_IF_NO_SERVER (f);

  /* (The demo has its own bank; these two are this test's.) */
  PQclear (query (f->su, "INSERT INTO survey_questions (id, text, kind, driver) VALUES "
                         "('sec_score', 'How likely are you to recommend working here to a friend?', 'scale_0_10', NULL), "
                         "('sec_text', 'Anything else?', 'free_text', NULL)", NO_PARAMS));
  open_round = value (f->su, "INSERT INTO survey_rounds (title, opens_on, closes_on) "
                             "VALUES ('Open', current_date - 1, current_date + 7) RETURNING id", NO_PARAMS);
  closed_round = value (f->su, "INSERT INTO survey_rounds (title, opens_on, closes_on) "
                               "VALUES ('Closed', current_date - 30, current_date - 1) RETURNING id", NO_PARAMS);
  fresh_round = value (f->su, "INSERT INTO survey_rounds (title, opens_on, closes_on) "
                              "VALUES ('Later', current_date + 10, current_date + 20) RETURNING id", NO_PARAMS);
  PQclear (query (f->su, "INSERT INTO survey_round_questions (round_id, position, question_id) "
                         "SELECT r, p, q FROM unnest (ARRAY[$1, $2, $3]::bigint[]) r, "
                         "  unnest (ARRAY['sec_score', 'sec_text']) WITH ORDINALITY AS u (q, p)",
                  P (open_round, closed_round, fresh_round)));

  /* Staff answer through kz_survey_submit(): the participation record and
   * the anonymous answers together, for their own team, in an open round.
   * They cannot write either table directly, nor read answers back, nor
   * can an administrator. */
  s = connect_login (f, f->staff);
  assert_fails_with (s, "INSERT INTO survey_participation (round_id, person_id) VALUES ($1, $2)",
                     P (open_round, f->staff->ids), SQLSTATE_INSUFFICIENT_PRIVILEGE);
  assert_fails_with (s, "INSERT INTO survey_answers (round_id, team_id, question_id, value) VALUES ($1, $2, 'sec_score', 9)",
                     P (open_round, f->team_xs), SQLSTATE_INSUFFICIENT_PRIVILEGE);
  PQclear (query (s, "SELECT kz_survey_submit ($1, NULL, ARRAY['sec_score', 'sec_text'], ARRAY[9, NULL]::integer[], "
                     "ARRAY[NULL, 'More breaks'])", P (open_round)));
  assert_fails_with (s, "SELECT * FROM survey_answers", NO_PARAMS, SQLSTATE_INSUFFICIENT_PRIVILEGE);
  assert_fails_with (s, "SELECT count(*) FROM survey_answers", NO_PARAMS, SQLSTATE_INSUFFICIENT_PRIVILEGE);
  /* Once only; not for someone else; not a closed or later round. */
  assert_fails_with (s, "SELECT kz_survey_submit ($1, NULL, ARRAY['sec_score'], ARRAY[0], ARRAY[NULL])",
                     P (open_round), "23505");
  assert_fails_with (s, "SELECT kz_survey_submit ($1, $2, ARRAY['sec_score'], ARRAY[0], ARRAY[NULL])",
                     P (open_round, f->agent_a->ids), SQLSTATE_INSUFFICIENT_PRIVILEGE);
  assert_fails_with (s, "SELECT kz_survey_submit ($1, NULL, ARRAY['sec_score'], ARRAY[0], ARRAY[NULL])",
                     P (closed_round), SQLSTATE_NOT_IN_PREREQUISITE_STATE);
  assert_fails_with (s, "SELECT kz_survey_submit ($1, NULL, ARRAY['sec_score'], ARRAY[0], ARRAY[NULL])",
                     P (fresh_round), SQLSTATE_NOT_IN_PREREQUISITE_STATE);
  /* Staff import nothing: that is for managers. */
  assert_fails_with (s, "SELECT kz_survey_import ($1, $2, ARRAY['sec_score'], ARRAY[0], ARRAY[NULL])",
                     P (open_round, f->team_xs), SQLSTATE_INSUFFICIENT_PRIVILEGE);
  /* Their own participation only. */
  g_assert_cmpint (ivalue (s, "SELECT count(*) FROM survey_participation", NO_PARAMS), ==, 1);
  g_assert_cmpint (ivalue (f->su, "SELECT count(*) FROM survey_participation", NO_PARAMS), >, 1);

  admin_login = add_login (f, "admin", ivalue (f->su, "SELECT min(id) FROM people WHERE roles & 16 <> 0",
                                               NO_PARAMS));
  admin = connect_login (f, admin_login);
  assert_fails_with (admin, "SELECT * FROM survey_answers", NO_PARAMS, SQLSTATE_INSUFFICIENT_PRIVILEGE);

  /* The answers are there (the owner reads them) with the staff member's
   * team and no person, and the round is marked. */
  g_assert_cmpint (ivalue (f->su, "SELECT count(*) FROM survey_answers WHERE round_id = $1 AND team_id = $2",
                           P (open_round, f->team_xs)), ==, 2);
  answered = value (f->su, "SELECT answered::text FROM survey_rounds WHERE id = $1", P (open_round));
  g_assert_cmpstr (answered, ==, "true");

  /* No results while a round is open: watching them move tells who answered. */
  assert_fails_with (s, "SELECT * FROM kz_survey_results ($1, true)", P (open_round),
                     SQLSTATE_NOT_IN_PREREQUISITE_STATE);
  g_assert_cmpint (ivalue (s, "SELECT count(*) FROM kz_survey_cells ($1)", P (open_round)), ==, 0);

  /* A closed round: team X has 6 answers, team Y 2 (fewer than k = 5). */
  for (guint i = 0; i < G_N_ELEMENTS (x_values); i++)
    {
      g_autofree char *v = g_strdup_printf ("%d", x_values[i]);
      PQclear (query (f->su, "INSERT INTO survey_answers (round_id, team_id, question_id, value) "
                             "VALUES ($1, $2, 'sec_score', $3)", P (closed_round, f->team_xs, v)));
    }
  for (guint i = 0; i < G_N_ELEMENTS (y_values); i++)
    {
      g_autofree char *v = g_strdup_printf ("%d", y_values[i]);
      PQclear (query (f->su, "INSERT INTO survey_answers (round_id, team_id, question_id, value) "
                             "VALUES ($1, $2, 'sec_score', $3)", P (closed_round, f->team_ys, v)));
    }

  /* Y is too few; and X must go too, or the whole round minus X would be
   * Y's two answers (the differencing rule). */
  res = query (s, "SELECT team_id, question_id, n, mean, suppressed FROM kz_survey_results ($1, true)",
               P (closed_round));
  g_assert_cmpint (PQntuples (res), ==, 2);
  for (int i = 0; i < PQntuples (res); i++)
    {
      gint64 team = g_ascii_strtoll (PQgetvalue (res, i, 0), NULL, 10);

      g_assert_cmpstr (PQgetvalue (res, i, 1), ==, "sec_score");
      g_assert_cmpstr (PQgetvalue (res, i, 4), ==, "t");
      g_assert_true (PQgetisnull (res, i, 2));
      g_assert_true (PQgetisnull (res, i, 3));
      seen_x = seen_x || team == f->team_x;
      seen_y = seen_y || team == f->team_y;
    }
  g_assert_true (seen_x && seen_y);
  g_clear_pointer (&res, PQclear);
  res = query (s, "SELECT team_id, suppression, n FROM kz_survey_cells ($1) ORDER BY team_id", P (closed_round));
  g_assert_cmpint (PQntuples (res), ==, 3);
  for (int i = 0; i < PQntuples (res); i++)
    {
      gint64 team = g_ascii_strtoll (PQgetvalue (res, i, 0), NULL, 10);

      g_assert_cmpstr (PQgetvalue (res, i, 1), ==, team == 0 ? "shown" : team == f->team_x ? "difference" : "few");
      g_assert_cmpint (g_ascii_strtoll (PQgetvalue (res, i, 2), NULL, 10), ==, team == 0 ? 8 : 0);
    }

  /* The whole round: 8 answers ≥ k, one figure. */
  g_clear_pointer (&res, PQclear);
  res = query (s, "SELECT team_id, question_id, n, mean, suppressed FROM kz_survey_results ($1, false)",
               P (closed_round));
  g_assert_cmpint (PQntuples (res), ==, 1);
  g_assert_true (PQgetisnull (res, 0, 0));
  g_assert_cmpstr (PQgetvalue (res, 0, 4), ==, "f");
  g_assert_cmpint (g_ascii_strtoll (PQgetvalue (res, 0, 2), NULL, 10), ==,
                   ivalue (f->su, "SELECT count(*) FROM survey_answers WHERE round_id = $1", P (closed_round)));
  g_assert_cmpfloat_with_epsilon (g_ascii_strtod (PQgetvalue (res, 0, 3), NULL),
                                  dvalue (f->su, "SELECT avg(value) FROM survey_answers WHERE round_id = $1",
                                          P (closed_round)), 1e-9);

  /* k is locked once a round has answers — for the owner too — and the
   * "answered" mark cannot be taken off. */
  assert_fails_with (f->su, "UPDATE survey_rounds SET k = 3 WHERE id = $1", P (closed_round),
                     SQLSTATE_NOT_IN_PREREQUISITE_STATE);
  assert_fails_with (f->su, "UPDATE survey_rounds SET k = 6, answered = false WHERE id = $1", P (closed_round),
                     SQLSTATE_NOT_IN_PREREQUISITE_STATE);
  PQclear (query (f->su, "UPDATE survey_rounds SET answered = false, title = 'Closed round' WHERE id = $1",
                  P (closed_round)));
  g_free (answered);
  answered = value (f->su, "SELECT answered::text || ' ' || k FROM survey_rounds WHERE id = $1", P (closed_round));
  g_assert_cmpstr (answered, ==, "true 5");
  PQclear (query (f->su, "UPDATE survey_rounds SET k = 7 WHERE id = $1", P (fresh_round)));
  g_assert_cmpint (ivalue (f->su, "SELECT k FROM survey_rounds WHERE id = $1", P (fresh_round)), ==, 7);
  /* A closed round with answers stays closed; its questions stay. */
  assert_fails_with (f->su, "UPDATE survey_rounds SET closes_on = current_date + 3 WHERE id = $1", P (closed_round),
                     SQLSTATE_NOT_IN_PREREQUISITE_STATE);
  assert_fails_with (f->su, "DELETE FROM survey_round_questions WHERE round_id = $1", P (closed_round),
                     SQLSTATE_NOT_IN_PREREQUISITE_STATE);

  /* Ideas: anonymous or in one's own name, dated by the week only. */
  PQclear (query (s, "INSERT INTO ideas (title, body, category) VALUES ('Quiet room', 'For breaks', 'wellbeing')",
                  NO_PARAMS));
  assert_fails_with (s, "INSERT INTO ideas (title, author_id) VALUES ('In B''s name', $1)", P (f->agent_b->ids),
                     SQLSTATE_INSUFFICIENT_PRIVILEGE);
  PQclear (query (s, "INSERT INTO ideas (title, author_id, created_on) VALUES ('Mine', $1, current_date)",
                  P (f->staff->ids)));
  created_on = value (f->su, "SELECT string_agg(DISTINCT created_on::text, ',') FROM ideas "
                             "WHERE title IN ('Quiet room', 'Mine')", NO_PARAMS);
  monday = value (f->su, "SELECT (current_date - (extract(isodow FROM current_date)::int - 1))::text", NO_PARAMS);
  g_assert_cmpstr (created_on, ==, monday);
  g_assert_cmpint (ivalue (s, "SELECT count(*) FROM ideas WHERE author_id IS NULL AND title = 'Quiet room'",
                           NO_PARAMS), ==, 1);

  PQfinish (admin);
  PQfinish (s);
}

/* What no Kaizen role reads: answer rows, others' participation, the votes'
 * hashes, the voting secret, follow-up token hashes; and what they cannot
 * do in anyone else's name.  The hashing is HMAC-SHA256 as RFC 4231 says. */
static void
test_voice_secrets (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzStore) staff_store = NULL;
  g_autoptr(KzIdea) idea = kz_idea_new ();
  g_autofree char *uri = NULL;
  g_autofree char *token = kz_voice_new_token ();
  g_autofree char *hmac = NULL;
  g_autofree char *idea_id = NULL;
  PGconn *s = NULL;
  PGconn *m = NULL;

  SKIP_IF_NO_SERVER (f);

  /* RFC 4231, test case 2. */
  hmac = value (f->su, "SELECT kz_hmac_sha256 ('Jefe'::bytea, 'what do ya want for nothing?'::bytea)", NO_PARAMS);
  g_assert_cmpstr (hmac, ==, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");

  /* The staff member's own API: an anonymous idea with a follow-up token,
   * and a vote. */
  uri = uri_for (f, f->staff->login, f->staff->password);
  staff_store = kz_store_open (uri, &error);
  g_assert_no_error (error);
  idea->title = g_strdup ("Standing desks");
  idea_id = kz_store_submit_idea (staff_store, idea, token, &error);
  g_assert_no_error (error);
  g_assert_true (kz_store_vote_idea (staff_store, idea_id, 0, &error));
  g_assert_no_error (error);
  g_assert_false (kz_store_vote_idea (staff_store, idea_id, 0, &error));
  g_assert_error (error, KZ_ERROR, KZ_ERROR_EXISTS);
  g_clear_error (&error);
  /* Not in a colleague's name. */
  g_assert_false (kz_store_vote_idea (staff_store, idea_id, f->agent_a->id, &error));
  g_assert_error (error, KZ_ERROR, KZ_ERROR_PERMISSION);
  g_clear_error (&error);

  for (guint who = 0; who < 2; who++)
    {
      PGconn *c = who == 0 ? (s = connect_login (f, f->staff)) : (m = connect_login (f, f->manager_x));

      assert_fails_with (c, "SELECT * FROM survey_answers", NO_PARAMS, SQLSTATE_INSUFFICIENT_PRIVILEGE);
      assert_fails_with (c, "SELECT * FROM idea_votes", NO_PARAMS, SQLSTATE_INSUFFICIENT_PRIVILEGE);
      assert_fails_with (c, "SELECT * FROM kz_voice_secret", NO_PARAMS, SQLSTATE_INSUFFICIENT_PRIVILEGE);
      assert_fails_with (c, "SELECT follow_up_hash FROM ideas", NO_PARAMS, SQLSTATE_INSUFFICIENT_PRIVILEGE);
      assert_fails_with (c, "SELECT follow_up_hash FROM idea_comments", NO_PARAMS, SQLSTATE_INSUFFICIENT_PRIVILEGE);
      assert_fails_with (c, "SELECT kz_voter_hash ($1)", P (f->agent_a->ids), SQLSTATE_INSUFFICIENT_PRIVILEGE);
      assert_fails_with (c, "SELECT kz_hmac_sha256 ('a'::bytea, 'b'::bytea)", NO_PARAMS,
                         SQLSTATE_INSUFFICIENT_PRIVILEGE);
      assert_fails_with (c, "INSERT INTO idea_votes (idea_id, voter_hash) VALUES ($1, repeat ('0', 64))",
                         P (idea_id), SQLSTATE_INSUFFICIENT_PRIVILEGE);
      assert_fails_with (c, "INSERT INTO idea_comments (idea_id, body) VALUES ($1, 'x')", P (idea_id),
                         SQLSTATE_INSUFFICIENT_PRIVILEGE);
      /* Counts without the votes. */
      g_assert_cmpint (ivalue (c, "SELECT n FROM idea_vote_counts WHERE idea_id = $1", P (idea_id)), ==, 1);
      /* Others' participation stays hidden: only one's own rows come back. */
      g_assert_cmpint (ivalue (c, "SELECT count(*) FROM survey_participation WHERE person_id <> $1",
                               P (who == 0 ? f->staff->ids : f->manager_x->ids)), ==, 0);
    }
  g_assert_cmpint (ivalue (f->su, "SELECT count(*) FROM survey_participation", NO_PARAMS), >, 0);

  /* The staff member found their thread with the token; a wrong token
   * finds nothing; the manager replies, a staff member cannot reply as
   * the organisation. */
  assert_fails_with (s, "SELECT kz_idea_comment ($1, NULL, 'as the boss', NULL, NULL, true, NULL)", P (idea_id),
                     SQLSTATE_INSUFFICIENT_PRIVILEGE);
  PQclear (query (m, "SELECT kz_idea_comment ($1, NULL, 'We will price some.', NULL, NULL, true, NULL)",
                  P (idea_id)));
  g_assert_cmpint (ivalue (s, "SELECT count(*) FROM kz_idea_threads (ARRAY[$1])", P (token)), ==, 1);
  g_assert_cmpint (ivalue (s, "SELECT count(*) FROM kz_idea_threads (ARRAY['0123456789abcdef0123456789abcdef'])",
                           NO_PARAMS), ==, 0);
  {
    g_autoptr(GPtrArray) threads = kz_store_list_my_threads (staff_store, (const char * const[]) { token, NULL },
                                                             NULL, &error);
    KzIdeaThread *t;

    g_assert_no_error (error);
    g_assert_cmpuint (threads->len, ==, 1);
    t = g_ptr_array_index (threads, 0);
    g_assert_true (t->authored);
    g_assert_cmpuint (t->replies->len, ==, 1);
    g_assert_true (((KzIdeaComment *) g_ptr_array_index (t->replies, 0))->from_manager);
  }
  /* Nothing stored names the anonymous author, nor holds the token. */
  g_assert_cmpint (ivalue (f->su, "SELECT count(*) FROM ideas WHERE id = $1 AND author_id IS NULL "
                                  "AND follow_up_hash <> $2 AND follow_up_hash = kz_follow_up_hash ($2)",
                           P (idea_id, token)), ==, 1);
  PQfinish (m);
  PQfinish (s);
}

/* Moving staff voice whole (kz_store_voice_export/import, for `kaizenctl
 * migrate`) is the owner's alone, and never out of the server: no Kaizen
 * role reads or writes the voter keys or the secret, or writes answers;
 * the server exports nothing, to the owner neither; an import by a
 * manager is refused and changes nothing. */
static void
test_voice_copy_is_the_owners (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzStore) manager_store = NULL;
  g_autoptr(KzVoiceData) voice = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *round = NULL;
  g_autofree char *secret_before = NULL;
  g_autofree char *secret_after = NULL;
  g_autofree char *keys_before = NULL;
  g_autofree char *keys_after = NULL;
  static const guint8 other_secret[32] = { 1, 2, 3 };
  gint64 answers_before;

  SKIP_IF_NO_SERVER (f);

  round = value (f->su, "SELECT id::text FROM survey_rounds ORDER BY id DESC LIMIT 1", NO_PARAMS);
  for (guint who = 0; who < 2; who++)
    {
      Login *l = who == 0 ? f->staff : f->manager_x;
      PGconn *c = connect_login (f, l);

      assert_fails_with (c, "SELECT * FROM kz_voter_keys", NO_PARAMS, SQLSTATE_INSUFFICIENT_PRIVILEGE);
      assert_fails_with (c, "UPDATE kz_voter_keys SET voter_key = 'mine' WHERE person_id = $1", P (l->ids),
                         SQLSTATE_INSUFFICIENT_PRIVILEGE);
      assert_fails_with (c, "INSERT INTO kz_voter_keys (person_id, voter_key) VALUES ($1, 'mine')", P (l->ids),
                         SQLSTATE_INSUFFICIENT_PRIVILEGE);
      assert_fails_with (c, "UPDATE kz_voice_secret SET secret = '\\x00'::bytea", NO_PARAMS,
                         SQLSTATE_INSUFFICIENT_PRIVILEGE);
      assert_fails_with (c, "INSERT INTO survey_answers (id, round_id, question_id, value) "
                            "VALUES (gen_random_uuid (), $1, 'enps', 9)", P (round), SQLSTATE_INSUFFICIENT_PRIVILEGE);
      assert_fails_with (c, "SELECT kz_people_voter_key ()", NO_PARAMS, SQLSTATE_INSUFFICIENT_PRIVILEGE);
      PQfinish (c);
    }

  /* An administrator who adds a person gives them a random voter key,
   * made by the server with the owner's rights; they still read none. */
  {
    gint64 admin_id = add_person (f, "Ada Admin", KZ_ROLE_ADMIN, 0);
    Login *admin = add_login (f, "admin", admin_id);
    g_autofree char *admin_uri = uri_for (f, admin->login, admin->password);
    g_autoptr(KzStore) admin_store = kz_store_open (admin_uri, &error);
    g_autoptr(KzPerson) newcomer = kz_person_new ("Nia Newcomer", KZ_ROLE_AGENT | KZ_ROLE_STAFF);
    g_autofree char *newcomer_ids = NULL;
    g_autofree char *key = NULL;
    PGconn *c;
    gint64 id;

    g_assert_no_error (error);
    id = kz_store_add_person (admin_store, newcomer, &error);
    g_assert_no_error (error);
    newcomer_ids = g_strdup_printf ("%" G_GINT64_FORMAT, id);
    key = value (f->su, "SELECT voter_key FROM kz_voter_keys WHERE person_id = $1", P (newcomer_ids));
    g_assert_cmpuint (strlen (key), ==, 32);
    g_assert_cmpstr (key, !=, newcomer_ids);
    c = connect_login (f, admin);
    assert_fails_with (c, "SELECT * FROM kz_voter_keys", NO_PARAMS, SQLSTATE_INSUFFICIENT_PRIVILEGE);
    assert_fails_with (c, "SELECT * FROM kz_voice_secret", NO_PARAMS, SQLSTATE_INSUFFICIENT_PRIVILEGE);
    PQfinish (c);
  }

  /* The server gives no raw answers, whoever asks. */
  g_assert_null (kz_store_voice_export (f->store, &error));
  g_assert_error (error, KZ_ERROR, KZ_ERROR_PERMISSION);
  g_clear_error (&error);
  uri = uri_for (f, f->manager_x->login, f->manager_x->password);
  manager_store = kz_store_open (uri, &error);
  g_assert_no_error (error);
  g_assert_null (kz_store_voice_export (manager_store, &error));
  g_assert_error (error, KZ_ERROR, KZ_ERROR_PERMISSION);
  g_clear_error (&error);

  /* A manager cannot put a secret and a voter key of their choosing there. */
  secret_before = value (f->su, "SELECT encode (secret, 'hex') FROM kz_voice_secret", NO_PARAMS);
  keys_before = value (f->su, "SELECT string_agg (person_id || voter_key, ',' ORDER BY person_id) "
                              "FROM kz_voter_keys", NO_PARAMS);
  answers_before = ivalue (f->su, "SELECT count(*) FROM survey_answers", NO_PARAMS);
  voice = kz_voice_data_new ();
  voice->secret = g_bytes_new_static (other_secret, sizeof other_secret);
  {
    KzVoterKey *key = g_new0 (KzVoterKey, 1);

    key->person_id = f->manager_x->id;
    key->key = g_strdup ("chosen");
    g_ptr_array_add (voice->voter_keys, key);
  }
  /* Into a server with staff voice, nobody copies — the owner neither:
   * its votes would lose their secret. */
  for (guint who = 0; who < 2; who++)
    {
      g_assert_false (kz_store_voice_import (who == 0 ? manager_store : f->store, voice, &error));
      g_assert_error (error, KZ_ERROR, KZ_ERROR_EXISTS);
      g_clear_error (&error);
    }
  secret_after = value (f->su, "SELECT encode (secret, 'hex') FROM kz_voice_secret", NO_PARAMS);
  g_assert_cmpstr (secret_after, ==, secret_before);
  g_assert_cmpint (ivalue (f->su, "SELECT count(*) FROM survey_answers", NO_PARAMS), ==, answers_before);

  /* Into one without, a manager still cannot: the server refuses. */
  PQclear (query (f->su, "TRUNCATE survey_answers, survey_participation, survey_round_questions, survey_rounds, "
                         "survey_plan_teams, survey_plans, idea_votes, idea_comments, ideas", NO_PARAMS));
  g_assert_false (kz_store_voice_import (manager_store, voice, &error));
  g_assert_error (error, KZ_ERROR, KZ_ERROR_PERMISSION);
  g_clear_error (&error);
  g_clear_pointer (&secret_after, g_free);
  secret_after = value (f->su, "SELECT encode (secret, 'hex') FROM kz_voice_secret", NO_PARAMS);
  keys_after = value (f->su, "SELECT string_agg (person_id || voter_key, ',' ORDER BY person_id) "
                             "FROM kz_voter_keys", NO_PARAMS);
  g_assert_cmpstr (secret_after, ==, secret_before);
  g_assert_cmpstr (keys_after, ==, keys_before);

  /* The owner can, and the server's hash of that voter is then the one
   * the secret and key give (kz_voice_voter_hash()). */
  {
    g_autoptr(GPtrArray) bank = kz_store_list_questions (f->store, &error);

    g_assert_no_error (error);
    g_ptr_array_extend_and_steal (voice->questions, g_steal_pointer (&bank));
  }
  g_assert_true (kz_store_voice_import (f->store, voice, &error));
  g_assert_no_error (error);
  g_clear_pointer (&secret_after, g_free);
  secret_after = value (f->su, "SELECT encode (secret, 'hex') FROM kz_voice_secret", NO_PARAMS);
  g_assert_cmpstr (secret_after, ==, "0102030000000000000000000000000000000000000000000000000000000000");
  {
    g_autofree char *hash = value (f->su, "SELECT kz_voter_hash ($1)", P (f->manager_x->ids));
    g_autofree char *expected = kz_voice_voter_hash (voice->secret, "chosen");

    g_assert_cmpstr (hash, ==, expected);
  }
}

/* A manager with psql and the app's own API on that login see the same
 * suppressed figures; a team of three is never shown, nor given away by
 * the difference of two shown figures. */
static void
test_manager_small_team (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzStore) manager_store = NULL;
  g_autoptr(GPtrArray) cells = NULL;
  g_autoptr(PGresult) res = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *round = NULL;
  g_autofree char *small_team = NULL;
  char small[32];
  gint64 small_id;
  PGconn *m;

  SKIP_IF_NO_SERVER (f);

  small_id = ivalue (f->su, "INSERT INTO units (kind, name, parent_id) VALUES ('team', 'Three', $1) RETURNING id",
                     P (f->site_xs));
  g_snprintf (small, sizeof small, "%" G_GINT64_FORMAT, small_id);
  small_team = g_strdup (small);
  round = value (f->su, "INSERT INTO survey_rounds (title, opens_on, closes_on) "
                        "VALUES ('Small', current_date - 14, current_date - 1) RETURNING id", NO_PARAMS);
  PQclear (query (f->su, "INSERT INTO survey_round_questions (round_id, position, question_id) VALUES ($1, 0, 'enps')",
                  P (round)));
  /* Three in the small team, eight in X, six in Y. */
  PQclear (query (f->su, "INSERT INTO survey_answers (round_id, team_id, question_id, value) "
                         "SELECT $1, $2, 'enps', v FROM unnest (ARRAY[2, 9, 10]) v", P (round, small_team)));
  PQclear (query (f->su, "INSERT INTO survey_answers (round_id, team_id, question_id, value) "
                         "SELECT $1, $2, 'enps', v FROM unnest (ARRAY[7, 8, 9, 9, 6, 10, 8, 7]) v",
                  P (round, f->team_xs)));
  PQclear (query (f->su, "INSERT INTO survey_answers (round_id, team_id, question_id, value) "
                         "SELECT $1, $2, 'enps', v FROM unnest (ARRAY[5, 6, 9, 10, 8, 8]) v",
                  P (round, f->team_ys)));

  m = connect_login (f, f->manager_x);
  /* The raw rows: not at all. */
  assert_fails_with (m, "SELECT value FROM survey_answers WHERE team_id = $1", P (small_team),
                     SQLSTATE_INSUFFICIENT_PRIVILEGE);
  assert_fails_with (m, "SELECT avg (value) FROM survey_answers WHERE round_id = $1", P (round),
                     SQLSTATE_INSUFFICIENT_PRIVILEGE);
  /* Through the functions: the small team is suppressed with no numbers;
   * and since the whole round minus X and Y would be its three answers,
   * the smaller of those (Y, 6) is hidden too. */
  res = query (m, "SELECT suppression, n, array_to_string (counts, ',') FROM kz_survey_cells ($1) "
                  "WHERE team_id = $2", P (round, small_team));
  g_assert_cmpint (PQntuples (res), ==, 1);
  g_assert_cmpstr (PQgetvalue (res, 0, 0), ==, "few");
  g_assert_cmpstr (PQgetvalue (res, 0, 1), ==, "0");
  g_assert_cmpstr (PQgetvalue (res, 0, 2), ==, "0,0,0,0,0,0,0,0,0,0,0");
  g_clear_pointer (&res, PQclear);
  res = query (m, "SELECT n, mean FROM kz_survey_results ($1, true) WHERE team_id = $2", P (round, small_team));
  g_assert_cmpint (PQntuples (res), ==, 1);
  g_assert_true (PQgetisnull (res, 0, 0) && PQgetisnull (res, 0, 1));
  g_clear_pointer (&res, PQclear);
  res = query (m, "SELECT team_id, suppression, n, array_to_string (counts, ',') FROM kz_survey_cells ($1) "
                  "ORDER BY team_id", P (round));
  g_assert_cmpint (PQntuples (res), ==, 4);
  g_assert_cmpstr (PQgetvalue (res, 0, 1), ==, "shown");      /* whole round: 17 */
  g_assert_cmpstr (PQgetvalue (res, 0, 2), ==, "17");
  for (int i = 1; i < 4; i++)
    {
      gint64 team = g_ascii_strtoll (PQgetvalue (res, i, 0), NULL, 10);

      g_assert_cmpstr (PQgetvalue (res, i, 1), ==, team == f->team_x ? "shown"
                                                   : team == f->team_y ? "difference" : "few");
      g_assert_cmpstr (PQgetvalue (res, i, 2), ==, team == f->team_x ? "8" : "0");
    }

  /* The app on the manager's login gives exactly those cells. */
  uri = uri_for (f, f->manager_x->login, f->manager_x->password);
  manager_store = kz_store_open (uri, &error);
  g_assert_no_error (error);
  cells = kz_store_survey_results (manager_store, g_ascii_strtoll (round, NULL, 10), &error);
  g_assert_no_error (error);
  g_assert_cmpint (cells->len, ==, PQntuples (res));
  for (guint i = 0; i < cells->len; i++)
    {
      KzSurveyCell *cell = g_ptr_array_index (cells, i);
      g_autoptr(GString) counts = g_string_new (NULL);
      int row = -1;

      for (int r = 0; r < PQntuples (res); r++)
        if (g_ascii_strtoll (PQgetvalue (res, r, 0), NULL, 10) == cell->team_id)
          row = r;
      g_assert_cmpint (row, >=, 0);
      for (guint v = 0; v < 11; v++)
        g_string_append_printf (counts, "%s%u", v ? "," : "", cell->counts[v]);
      g_assert_cmpstr (PQgetvalue (res, row, 1), ==, cell->suppression == KZ_SHOWN ? "shown"
                                                    : cell->suppression == KZ_SUPPRESSED_FEW ? "few" : "difference");
      g_assert_cmpint (g_ascii_strtoll (PQgetvalue (res, row, 2), NULL, 10), ==, cell->n);
      g_assert_cmpstr (PQgetvalue (res, row, 3), ==, counts->str);
    }
  PQfinish (m);
}

static void
test_team_quality (Fixture       *f,
                   gconstpointer  data)
{
  PGconn *a;
  PGconn *m;
  PGconn *r;
  g_autoptr(PGresult) res = NULL;
  g_autofree char *mid = NULL;
  const char *forever = "9223372036854775807";
  static const char expected_sql[] =
    "SELECT %s FROM evaluations e JOIN people p ON p.id = e.agent_id "
    "WHERE p.team_id = $1 AND e.state = 'submitted' AND e.final IS NOT NULL AND NOT e.is_calibration "
    "  AND e.created_at >= $2::bigint AND e.created_at < $3::bigint";
  g_autofree char *count_sql = g_strdup_printf (expected_sql, "count(*)");
  g_autofree char *mean_sql = g_strdup_printf (expected_sql, "avg(e.final)");

  SKIP_IF_NO_SERVER (f);
  a = connect_login (f, f->agent_a);

  /* The whole history, then the later half — which an agent gets from the
   * start of the month the half begins in (whole months only). */
  mid = value (f->su, "SELECT extract (epoch FROM date_trunc ('month', to_timestamp ("
                      "(min(created_at) + max(created_at)) / 2) AT TIME ZONE 'UTC'))::bigint::text "
                      "FROM evaluations", NO_PARAMS);
  for (int pass = 0; pass < 2; pass++)
    {
      const char *from = pass == 0 ? "0" : mid;
      gint64 n = ivalue (f->su, count_sql, P (f->team_xs, from, forever));

      g_assert_cmpint (n, >, 0);
      g_clear_pointer (&res, PQclear);
      res = query (a, "SELECT n, mean_final FROM kz_team_quality ($1, $2, $3)", P (f->team_xs, from, forever));
      g_assert_cmpint (PQntuples (res), ==, 1);
      g_assert_cmpint (g_ascii_strtoll (PQgetvalue (res, 0, 0), NULL, 10), ==, n);
      g_assert_cmpfloat_with_epsilon (g_ascii_strtod (PQgetvalue (res, 0, 1), NULL),
                                      dvalue (f->su, mean_sql, P (f->team_xs, from, forever)), 1e-9);
    }

  /* Asking for a window inside a month gets the whole month. */
  {
    g_autofree char *inside = g_strdup_printf ("%" G_GINT64_FORMAT, g_ascii_strtoll (mid, NULL, 10) + 86400 * 3);

    g_clear_pointer (&res, PQclear);
    res = query (a, "SELECT n FROM kz_team_quality ($1, $2, $3)", P (f->team_xs, inside, forever));
    g_assert_cmpint (g_ascii_strtoll (PQgetvalue (res, 0, 0), NULL, 10), ==,
                     ivalue (f->su, count_sql, P (f->team_xs, mid, forever)));
  }

  /* A month holding one colleague's evaluation only: suppressed for the
   * agent (no n, no mean), shown to the manager.  2031-03 is empty. */
  {
    g_clear_pointer (&res, PQclear);
    res = query (f->su, "INSERT INTO evaluations (rubric_id, rubric_version, reviewer_id, agent_id, state, "
                        "created_at, updated_at, raw, final, pass) "
                        "SELECT rubric_id, rubric_version, reviewer_id, $1, 'submitted', 1930000000, "
                        "1930000000, 50, 50, false FROM evaluations LIMIT 1", P (f->agent_b->ids));
    g_clear_pointer (&res, PQclear);
    res = query (a, "SELECT n, mean_final FROM kz_team_quality ($1, 1929000000, 1931000000)", P (f->team_xs));
    g_assert_true (PQgetisnull (res, 0, 0));
    g_assert_true (PQgetisnull (res, 0, 1));
    m = connect_login (f, f->manager_x);
    g_assert_cmpint (ivalue (m, "SELECT n FROM kz_team_quality ($1, 1929000000, 1931000000)", P (f->team_xs)),
                     ==, 1);
    PQfinish (m);
  }

  assert_fails_with (a, "SELECT * FROM kz_team_quality ($1, 0, $2)", P (f->team_ys, forever),
                     SQLSTATE_INSUFFICIENT_PRIVILEGE);

  /* The manager of X: X yes, Y no.  A reviewer with no team: neither. */
  m = connect_login (f, f->manager_x);
  g_assert_cmpint (ivalue (m, "SELECT n FROM kz_team_quality ($1, 0, $2)", P (f->team_xs, forever)), ==,
                   ivalue (f->su, count_sql, P (f->team_xs, "0", forever)));
  assert_fails_with (m, "SELECT * FROM kz_team_quality ($1, 0, $2)", P (f->team_ys, forever),
                     SQLSTATE_INSUFFICIENT_PRIVILEGE);
  r = connect_login (f, f->reviewer);
  assert_fails_with (r, "SELECT * FROM kz_team_quality ($1, 0, $2)", P (f->team_xs, forever),
                     SQLSTATE_INSUFFICIENT_PRIVILEGE);

  PQfinish (r);
  PQfinish (m);
  PQfinish (a);
}

static void
test_add_user (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *odd = NULL;
  g_autofree char *odd_pw = NULL;
  g_autofree char *member = NULL;
  g_autofree char *kinds = NULL;
  const char *keywords[] = { "host", "dbname", "user", "password", NULL };
  const char *values[5];
  PGconn *conn;
  gint64 person;

  SKIP_IF_NO_SERVER (f);

  /* Refused: a taken name, a second login for a person, nobody, reserved
   * names, no password.  None of them leaves a role behind. */
  person = add_person (f, "Nia Newcomer", KZ_ROLE_AGENT | KZ_ROLE_STAFF, f->team_x);
  g_assert_false (kz_pg_admin_add_user (KZ_PG_STORE (f->store), f->agent_a->login, "x", person, &error));
  g_assert_error (error, KZ_ERROR, KZ_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_false (kz_pg_admin_add_user (KZ_PG_STORE (f->store), "nia_second", "x", f->agent_a->id, &error));
  g_assert_error (error, KZ_ERROR, KZ_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_false (kz_pg_admin_add_user (KZ_PG_STORE (f->store), "nobody_here", "x", 999999, &error));
  g_assert_error (error, KZ_ERROR, KZ_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (kz_pg_admin_add_user (KZ_PG_STORE (f->store), "kaizen_admin", "x", person, &error));
  g_assert_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_false (kz_pg_admin_add_user (KZ_PG_STORE (f->store), "pg_monitor2", "x", person, &error));
  g_assert_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_false (kz_pg_admin_add_user (KZ_PG_STORE (f->store), "nia", "", person, &error));
  g_assert_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_cmpint (ivalue (f->su, "SELECT count(*) FROM pg_roles WHERE rolname IN ('nia_second', 'nobody_here', 'nia')",
                           NO_PARAMS), ==, 0);
  g_assert_cmpint (ivalue (f->su, "SELECT count(*) FROM logins", NO_PARAMS), ==, f->logins->len);

  /* A name and password full of quotes are data, not SQL. */
  odd = g_strdup_printf ("%s O'Brien \"x\"; DROP TABLE people; --", f->tag);
  odd_pw = g_strdup ("p'w\" ; DROP TABLE logins; --");
  kz_pg_admin_add_user (KZ_PG_STORE (f->store), odd, odd_pw, person, &error);
  g_assert_no_error (error);
  {
    Login *l = g_new0 (Login, 1);
    l->login = g_strdup (odd);
    l->password = g_strdup (odd_pw);
    g_ptr_array_add (f->logins, l);
  }
  values[0] = f->host;
  values[1] = f->dbname;
  values[2] = odd;
  values[3] = odd_pw;
  values[4] = NULL;
  conn = PQconnectdbParams (keywords, values, 0);
  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  g_assert_cmpint (ivalue (conn, "SELECT kz_me ()", NO_PARAMS), ==, person);
  g_assert_cmpint (ivalue (conn, "SELECT count(*) FROM evaluations", NO_PARAMS), ==, 0);
  PQfinish (conn);
  g_assert_cmpint (ivalue (f->su, "SELECT count(*) FROM people", NO_PARAMS), >, 0);
  g_assert_cmpint (ivalue (f->su, "SELECT count(*) FROM logins WHERE login = $1", P (odd)), ==, 1);

  /* The password is stored hashed (SCRAM), never in clear. */
  member = value (f->su, "SELECT left(rolpassword, 14) FROM pg_authid WHERE rolname = $1", P (odd));
  g_assert_cmpstr (member, ==, "SCRAM-SHA-256$");

  /* The group roles follow the person's roles, and can be brought back in
   * line after a change. */
  kinds = value (f->su, "SELECT string_agg(g.rolname, ',' ORDER BY g.rolname) FROM pg_auth_members m "
                        "JOIN pg_roles g ON g.oid = m.roleid JOIN pg_roles u ON u.oid = m.member "
                        "WHERE u.rolname = $1", P (odd));
  g_assert_cmpstr (kinds, ==, "kaizen_agent,kaizen_staff");
  PQclear (query (f->su, "UPDATE people SET roles = 2 | 8 WHERE id = $1", P (f->agent_b->ids)));
  PQclear (query (f->su, "UPDATE people SET roles = 2 | 8 WHERE id = (SELECT person_id FROM logins WHERE login = $1)",
                  P (odd)));
  kz_pg_admin_sync_roles (KZ_PG_STORE (f->store), person, &error);
  g_assert_no_error (error);
  g_free (kinds);
  kinds = value (f->su, "SELECT string_agg(g.rolname, ',' ORDER BY g.rolname) FROM pg_auth_members m "
                        "JOIN pg_roles g ON g.oid = m.roleid JOIN pg_roles u ON u.oid = m.member "
                        "WHERE u.rolname = $1", P (odd));
  g_assert_cmpstr (kinds, ==, "kaizen_reviewer,kaizen_staff");
  g_assert_false (kz_pg_admin_sync_roles (KZ_PG_STORE (f->store), ivalue (f->su, "SELECT min(id) FROM people "
                                                                                  "WHERE id NOT IN (SELECT person_id "
                                                                                  "FROM logins)", NO_PARAMS),
                                          &error));
  g_assert_error (error, KZ_ERROR, KZ_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Logins cannot make logins. */
  {
    g_autofree char *uri = uri_for (f, f->agent_a->login, f->agent_a->password);
    g_autoptr(KzStore) as_a = kz_pg_store_open (uri, NULL, FALSE, KZ_PG_SCHEMA_VERSION, &error);

    g_assert_no_error (error);
    g_assert_false (kz_pg_admin_add_user (KZ_PG_STORE (as_a), "by_an_agent", "x", f->agent_b->id, &error));
    g_assert_nonnull (error);
    g_clear_error (&error);
  }
  g_assert_cmpint (ivalue (f->su, "SELECT count(*) FROM pg_roles WHERE rolname = 'by_an_agent'", NO_PARAMS), ==, 0);
}

/* ---- agents answer back, reviewers agree ------------------------------------ */

/* A login for @person: theirs if the fixture made one, else a new one. */
static Login *
login_of (Fixture    *f,
          const char *what,
          gint64      person)
{
  for (guint i = 0; i < f->logins->len; i++)
    if (((Login *) g_ptr_array_index (f->logins, i))->id == person)
      return g_ptr_array_index (f->logins, i);
  return add_login (f, what, person);
}

static gint64
calibration_visible (PGconn     *conn,
                     const char *session,
                     gboolean    others_only)
{
  return ivalue (conn, others_only ? "SELECT count(*) FROM evaluations WHERE calibration_session_id = $1 "
                                     "AND reviewer_id IS DISTINCT FROM kz_me ()"
                                   : "SELECT count(*) FROM evaluations WHERE calibration_session_id = $1",
                 P (session));
}

/* The demo's open session: while open, each of its people reads only their
 * own calibration answers with plain SQL — the lead, an administrator, the
 * agent and the agent's manager none of anyone else's; once the lead closes
 * it, its people read them all, a manager their team's, others still none;
 * and nothing of it changes any more. */
static void
test_calibration_blind (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *session = NULL;
  g_autofree char *others_ids = NULL;
  g_autofree char *lead_eval = NULL;
  g_autofree char *interaction = NULL;
  g_autofree char *lead_ids = NULL;
  g_autofree char *agent_ids = NULL;
  g_autofree char *rubric = NULL;
  g_autofree char *version = NULL;
  gint64 lead_id, other_id, n_all, agent_id, admin_id, outsider_id;
  Login *lead, *other, *admin, *agent, *outsider, *manager;
  PGconn *c_lead, *c_other, *c_admin, *c_agent, *c_outsider, *c_manager;

  SKIP_IF_NO_SERVER (f);
  session = value (f->su, "SELECT id::text FROM calibration_sessions WHERE closed_at IS NULL", NO_PARAMS);
  lead_id = ivalue (f->su, "SELECT lead_id FROM calibration_sessions WHERE id = $1::bigint", P (session));
  lead_ids = g_strdup_printf ("%" G_GINT64_FORMAT, lead_id);
  other_id = ivalue (f->su, "SELECT reviewer_id FROM calibration_reviewers WHERE session_id = $1::bigint "
                            "AND reviewer_id <> $2::bigint", P (session, lead_ids));
  rubric = value (f->su, "SELECT rubric_id FROM calibration_sessions WHERE id = $1::bigint", P (session));
  version = value (f->su, "SELECT rubric_version::text FROM calibration_sessions WHERE id = $1::bigint", P (session));
  n_all = ivalue (f->su, "SELECT count(*) FROM evaluations WHERE calibration_session_id = $1", P (session));
  g_assert_cmpint (n_all, ==, 3);   /* the demo: the lead scored both, the other one */
  lead_eval = value (f->su, "SELECT min(id)::text FROM evaluations WHERE calibration_session_id = $1 "
                            "AND reviewer_id = $2", P (session, lead_ids));
  interaction = value (f->su, "SELECT interaction_id::text FROM evaluations WHERE id = $1::bigint", P (lead_eval));
  agent_id = ivalue (f->su, "SELECT agent_id FROM evaluations WHERE id = $1::bigint", P (lead_eval));
  agent_ids = g_strdup_printf ("%" G_GINT64_FORMAT, agent_id);
  admin_id = ivalue (f->su, "SELECT id FROM people WHERE roles & 16 <> 0 ORDER BY id LIMIT 1", NO_PARAMS);
  outsider_id = ivalue (f->su, "SELECT p.id FROM people p WHERE p.roles & 2 <> 0 AND p.roles & 16 = 0 "
                               "AND p.id NOT IN (SELECT reviewer_id FROM calibration_reviewers) ORDER BY p.id LIMIT 1",
                        NO_PARAMS);

  lead = login_of (f, "cal_lead", lead_id);
  other = login_of (f, "cal_other", other_id);
  admin = login_of (f, "cal_admin", admin_id);
  agent = login_of (f, "cal_agent", agent_id);
  outsider = login_of (f, "cal_outsider", outsider_id);
  /* A manager of the agent's team who is not also an administrator (who
   * would read everything anyway): the demo's team may have none, so the
   * test makes one. */
  manager = login_of (f, "cal_manager",
                      ivalue (f->su, "INSERT INTO people (name, roles, team_id) "
                                     "SELECT 'Calibration Test Manager', 4 | 8, team_id FROM people "
                                     "WHERE id = $1::bigint RETURNING id", P (agent_ids)));
  c_lead = connect_login (f, lead);
  c_other = connect_login (f, other);
  c_admin = connect_login (f, admin);
  c_agent = connect_login (f, agent);
  c_outsider = connect_login (f, outsider);
  c_manager = connect_login (f, manager);

  /* Open: each sees their own only. */
  g_assert_cmpint (calibration_visible (c_lead, session, FALSE), ==, 2);
  g_assert_cmpint (calibration_visible (c_other, session, FALSE), ==, 1);
  for (PGconn **c = (PGconn *[]) { c_lead, c_other, c_admin, c_agent, c_outsider, c_manager, NULL }; *c; c++)
    g_assert_cmpint (calibration_visible (*c, session, TRUE), ==, 0);
  others_ids = value (f->su, "SELECT '{' || string_agg(id::text, ',') || '}' FROM evaluations "
                             "WHERE calibration_session_id = $1 AND reviewer_id <> $2",
                      P (session, other->ids));
  g_assert_cmpint (ivalue (c_other, "SELECT count(*) FROM evaluations WHERE id = ANY ($1::bigint[])", P (others_ids)),
                   ==, 0);
  g_assert_cmpint (ivalue (f->su, "SELECT count(*) FROM answers WHERE evaluation_id = ANY ($1::bigint[])",
                           P (others_ids)), >, 0);
  g_assert_cmpint (ivalue (c_other, "SELECT count(*) FROM answers WHERE evaluation_id = ANY ($1::bigint[])",
                           P (others_ids)), ==, 0);
  g_assert_cmpint (ivalue (c_admin, "SELECT count(*) FROM answers WHERE evaluation_id = ANY ($1::bigint[])",
                           P (others_ids)), ==, 0);
  /* …but the interactions they score, they read. */
  g_assert_cmpint (ivalue (c_other, "SELECT count(*) FROM interactions WHERE id = $1::bigint", P (interaction)), ==, 1);
  /* Writing someone else's: no row changes. */
  {
    g_autoptr(PGresult) r = query (c_other, "UPDATE evaluations SET final = 0 WHERE id = ANY ($1::bigint[])",
                                   P (others_ids));
    g_assert_cmpstr (PQcmdTuples (r), ==, "0");
  }
  /* Scoring in a session one is not invited to: refused by the server. */
  assert_fails_with (c_outsider, "INSERT INTO evaluations (interaction_id, rubric_id, rubric_version, reviewer_id, "
                                 "agent_id, state, created_at, updated_at, is_calibration, calibration_session_id) "
                                 "VALUES ($2, $4, $5, kz_me (), $3, 'draft', 0, 0, true, $1)",
                     P (session, interaction, agent_ids, rubric, version), SQLSTATE_INSUFFICIENT_PRIVILEGE);

  /* Through Kaizen's API on the other reviewer's login: the same. */
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *uri = uri_for (f, other->login, other->password);
    g_autoptr(KzStore) store = kz_store_open (uri, &error);
    g_autoptr(KzEvaluation) theirs = NULL;
    g_autoptr(KzEvaluation) via_session = NULL;

    g_assert_no_error (error);
    theirs = kz_store_get_evaluation (store, g_ascii_strtoll (lead_eval, NULL, 10), &error);
    g_assert_null (theirs);
    g_assert_error (error, KZ_ERROR, KZ_ERROR_NOT_FOUND);
    g_clear_error (&error);
    via_session = kz_store_get_calibration_evaluation (store, g_ascii_strtoll (session, NULL, 10),
                                                       g_ascii_strtoll (interaction, NULL, 10), lead_id, 0, &error);
    g_assert_null (via_session);
    g_assert_error (error, KZ_ERROR, KZ_ERROR_PERMISSION);
    g_clear_error (&error);
    g_assert_null (kz_store_calibration_report (store, g_ascii_strtoll (session, NULL, 10), &error));
    g_assert_nonnull (error);
    g_clear_error (&error);
  }

  /* Only the lead closes it. */
  assert_fails_with (c_other, "SELECT kz_calibration_close ($1, NULL)", P (session), SQLSTATE_INSUFFICIENT_PRIVILEGE);
  assert_fails_with (c_other, "UPDATE calibration_sessions SET closed_at = 0", NO_PARAMS,
                     SQLSTATE_INSUFFICIENT_PRIVILEGE);
  PQclear (query (c_lead, "SELECT kz_calibration_close ($1, NULL)", P (session)));

  /* Closed: its people read everyone's; a manager their team's; an
   * administrator all; the agent and a reviewer outside it nothing. */
  g_assert_cmpint (calibration_visible (c_other, session, FALSE), ==, n_all);
  g_assert_cmpint (calibration_visible (c_lead, session, FALSE), ==, n_all);
  g_assert_cmpint (calibration_visible (c_admin, session, FALSE), ==, n_all);
  g_assert_cmpint (calibration_visible (c_manager, session, FALSE), ==,
                   ivalue (f->su, "SELECT count(*) FROM evaluations e JOIN people a ON a.id = e.agent_id "
                                  "WHERE e.calibration_session_id = $1 AND a.team_id = "
                                  "(SELECT team_id FROM people WHERE id = $2::bigint)", P (session, manager->ids)));
  g_assert_cmpint (calibration_visible (c_agent, session, FALSE), ==, 0);
  g_assert_cmpint (calibration_visible (c_outsider, session, FALSE), ==, 0);
  g_assert_cmpint (ivalue (c_other, "SELECT count(*) FROM answers WHERE evaluation_id = ANY ($1::bigint[])",
                           P (others_ids)), ==,
                   ivalue (f->su, "SELECT count(*) FROM answers WHERE evaluation_id = ANY ($1::bigint[])",
                           P (others_ids)));
  /* …and nothing of it changes, not even one's own. */
  assert_fails_with (c_lead, "UPDATE evaluations SET final = 1 WHERE id = $1::bigint", P (lead_eval),
                     SQLSTATE_INSUFFICIENT_PRIVILEGE);
  assert_fails_with (c_lead, "DELETE FROM answers WHERE evaluation_id = $1::bigint", P (lead_eval),
                     SQLSTATE_INSUFFICIENT_PRIVILEGE);

  for (PGconn **c = (PGconn *[]) { c_lead, c_other, c_admin, c_agent, c_outsider, c_manager, NULL }; *c; c++)
    PQfinish (*c);
}

/* A fresh submitted evaluation of @agent by @reviewer (a copy of one of the
 * agent's), saved by the owner now: in its dispute window. */
static gint64
fresh_evaluation (Fixture *f,
                  Login   *agent,
                  Login   *reviewer)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzEvaluation) ev = kz_store_get_evaluation (f->store, ivalue (f->su, "SELECT min(id) FROM evaluations "
                                                                                 "WHERE agent_id = $1 AND state = "
                                                                                 "'submitted' AND NOT is_calibration",
                                                                          P (agent->ids)), &error);

  g_assert_no_error (error);
  ev->id = 0;
  ev->row_version = 0;
  ev->reviewer_id = reviewer->id;
  g_clear_pointer (&ev->created_at, g_date_time_unref);
  g_clear_pointer (&ev->updated_at, g_date_time_unref);
  g_clear_pointer (&ev->submitted_at, g_date_time_unref);
  g_assert_cmpint (kz_store_save_evaluation (f->store, ev, &error), >, 0);
  g_assert_no_error (error);
  return ev->id;
}

/* Disputes, acknowledgements, revisions and the audit trail through plain
 * SQL: only the agent raises and acknowledges (in the window, within the
 * limits); only the reviewer, the agent's manager or an administrator
 * resolves; nobody writes the tables themselves, and what is written is
 * never rewritten — not even by the owner. */
static void
test_dispute_rules (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *fresh = NULL;
  g_autofree char *old = NULL;
  g_autofree char *criterion = NULL;
  g_autofree char *dispute = NULL;
  Login *manager_y;
  PGconn *a, *b, *r, *my;
  gint64 fresh_id;

  SKIP_IF_NO_SERVER (f);
  fresh_id = fresh_evaluation (f, f->agent_a, f->reviewer);
  fresh = g_strdup_printf ("%" G_GINT64_FORMAT, fresh_id);
  old = value (f->su, "SELECT min(id)::text FROM evaluations WHERE agent_id = $1 AND state = 'submitted' "
                      "AND NOT is_calibration AND id NOT IN (SELECT evaluation_id FROM disputes)", P (f->agent_a->ids));
  criterion = value (f->su, "SELECT min(criterion_id) FROM answers WHERE evaluation_id = $1::bigint "
                            "AND kind = 'value'", P (fresh));
  /* A manager of another team than the agent's. */
  manager_y = login_of (f, "manager_y", ivalue (f->su, "SELECT min(id) FROM people WHERE roles & 4 <> 0 "
                                                       "AND roles & 16 = 0 AND team_id <> $1", P (f->team_xs)));
  a = connect_login (f, f->agent_a);
  b = connect_login (f, f->agent_b);
  r = connect_login (f, f->reviewer);
  my = connect_login (f, manager_y);

  /* Acknowledge: the agent, once a revision. */
  assert_fails_with (b, "SELECT kz_acknowledge ($1, NULL, 'seen', NULL)", P (fresh), SQLSTATE_INSUFFICIENT_PRIVILEGE);
  PQclear (query (a, "SELECT kz_acknowledge ($1, NULL, 'seen', NULL)", P (fresh)));
  assert_fails_with (a, "SELECT kz_acknowledge ($1, NULL, 'again', NULL)", P (fresh), "23505");
  assert_fails_with (a, "INSERT INTO acknowledgements (evaluation_id, revision, agent_id, at) "
                        "VALUES ($1, 1, kz_me (), 0)", P (old), SQLSTATE_INSUFFICIENT_PRIVILEGE);

  /* Raise: the agent, in the window, one open at a time. */
  assert_fails_with (b, "SELECT kz_dispute_raise ($1, NULL, 'not mine', ARRAY[$2], ARRAY[NULL]::text[], NULL)",
                     P (fresh, criterion), SQLSTATE_INSUFFICIENT_PRIVILEGE);
  assert_fails_with (r, "SELECT kz_dispute_raise ($1, NULL, 'not mine', ARRAY[$2], ARRAY[NULL]::text[], NULL)",
                     P (fresh, criterion), SQLSTATE_INSUFFICIENT_PRIVILEGE);
  {
    g_autoptr(PGresult) res = PQexecParams (a, "SELECT kz_dispute_raise ($1, NULL, 'late', "
                                               "ARRAY[(SELECT min(criterion_id) FROM answers "
                                               "WHERE evaluation_id = $1::bigint)], ARRAY[NULL]::text[], NULL)",
                                            1, NULL, P (old), NULL, NULL, 0);

    g_assert_cmpint (PQresultStatus (res), ==, PGRES_FATAL_ERROR);
    g_assert_cmpstr (PQresultErrorField (res, PG_DIAG_SQLSTATE), ==, SQLSTATE_NOT_IN_PREREQUISITE_STATE);
    g_assert_nonnull (strstr (PQresultErrorMessage (res), "too late"));
    g_assert_nonnull (strstr (PQresultErrorMessage (res), "dispute window closed"));
  }
  /* Back-dating is the owner's: an agent's @at is ignored. */
  assert_fails_with (a, "SELECT kz_dispute_raise ($1, NULL, 'a typo', ARRAY['no-such-criterion'], "
                        "ARRAY[NULL]::text[], NULL)", P (fresh), "23514");
  dispute = value (a, "SELECT kz_dispute_raise ($1, NULL, 'I did say it', ARRAY[$2], ARRAY['at 01:20'], 0)::text",
                   P (fresh, criterion));
  g_assert_cmpint (ivalue (f->su, "SELECT raised_at FROM disputes WHERE id = $1::bigint", P (dispute)), >, 1000000);
  assert_fails_with (a, "SELECT kz_dispute_raise ($1, NULL, 'again', ARRAY[$2], ARRAY[NULL]::text[], NULL)",
                     P (fresh, criterion), SQLSTATE_NOT_IN_PREREQUISITE_STATE);
  /* The agent reads it; their colleague does not. */
  g_assert_cmpint (ivalue (a, "SELECT count(*) FROM disputes WHERE id = $1::bigint", P (dispute)), ==, 1);
  g_assert_cmpint (ivalue (a, "SELECT count(*) FROM audit_trail WHERE evaluation_id = $1::bigint", P (fresh)), ==, 3);
  g_assert_cmpint (ivalue (b, "SELECT count(*) FROM disputes WHERE id = $1::bigint", P (dispute)), ==, 0);
  g_assert_cmpint (ivalue (b, "SELECT count(*) FROM audit_trail WHERE evaluation_id = $1::bigint", P (fresh)), ==, 0);

  /* Nobody writes history tables, or resolves their own dispute. */
  for (PGconn **c = (PGconn *[]) { a, r, NULL }; *c; c++)
    {
      assert_fails_with (*c, "INSERT INTO disputes (evaluation_id, revision, raised_by, raised_at, reason) "
                             "VALUES ($1, 1, kz_me (), 0, 'x')", P (fresh), SQLSTATE_INSUFFICIENT_PRIVILEGE);
      assert_fails_with (*c, "UPDATE dispute_items SET resolution = 'upheld', note = 'x', resolved_at = 0",
                         NO_PARAMS, SQLSTATE_INSUFFICIENT_PRIVILEGE);
      assert_fails_with (*c, "UPDATE disputes SET state = 'closed', closed_at = 0", NO_PARAMS,
                         SQLSTATE_INSUFFICIENT_PRIVILEGE);
      assert_fails_with (*c, "INSERT INTO audit_trail (at, action, evaluation_id) VALUES (0, 'upheld', $1)",
                         P (fresh), SQLSTATE_INSUFFICIENT_PRIVILEGE);
      assert_fails_with (*c, "DELETE FROM audit_trail", NO_PARAMS, SQLSTATE_INSUFFICIENT_PRIVILEGE);
      assert_fails_with (*c, "UPDATE evaluation_revisions SET final = 100", NO_PARAMS,
                         SQLSTATE_INSUFFICIENT_PRIVILEGE);
      assert_fails_with (*c, "SELECT kz_audit (0, NULL, 'upheld', $1, NULL, NULL, NULL, NULL)", P (fresh),
                         SQLSTATE_INSUFFICIENT_PRIVILEGE);
    }
  assert_fails_with (a, "SELECT kz_dispute_claim ($1, 1)", P (dispute), SQLSTATE_INSUFFICIENT_PRIVILEGE);
  assert_fails_with (b, "SELECT kz_dispute_claim ($1, 1)", P (dispute), SQLSTATE_INSUFFICIENT_PRIVILEGE);
  assert_fails_with (my, "SELECT kz_dispute_claim ($1, 1)", P (dispute), SQLSTATE_INSUFFICIENT_PRIVILEGE);
  assert_fails_with (my, "SELECT kz_dispute_resolve ($1, NULL, ARRAY[$2], ARRAY['upheld'], ARRAY['no'], NULL)",
                     P (dispute, criterion), SQLSTATE_INSUFFICIENT_PRIVILEGE);
  /* The revision and first submission are the server's to set. */
  assert_fails_with (r, "UPDATE evaluations SET revision = 9 WHERE id = $1::bigint", P (fresh),
                     SQLSTATE_INSUFFICIENT_PRIVILEGE);
  assert_fails_with (r, "UPDATE evaluations SET submitted_at = 0 WHERE id = $1::bigint", P (fresh),
                     SQLSTATE_INSUFFICIENT_PRIVILEGE);
  assert_fails_with (a, "SELECT kz_record_revision ($1, NULL, NULL, NULL)", P (fresh), SQLSTATE_INSUFFICIENT_PRIVILEGE);

  /* The manager of the agent's team resolves it through the API, changing
   * the answer: a second revision, theirs. */
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *uri = uri_for (f, f->manager_x->login, f->manager_x->password);
    g_autoptr(KzStore) store = kz_store_open (uri, &error);
    g_autoptr(KzDispute) d = NULL;
    g_autoptr(KzEvaluation) ev = NULL;
    g_autoptr(KzRubric) rubric = NULL;
    g_autoptr(GPtrArray) res = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_dispute_resolution_free);
    const KzCriterion *c;
    const KzAnswer *now_answer;
    double other_value = 0;

    g_assert_no_error (error);
    d = kz_store_get_dispute (store, g_ascii_strtoll (dispute, NULL, 10), &error);
    g_assert_no_error (error);
    ev = kz_store_get_evaluation (store, fresh_id, &error);
    g_assert_no_error (error);
    rubric = kz_store_get_rubric (store, ev->rubric_id, ev->rubric_version, &error);
    c = kz_rubric_find_criterion (rubric, criterion);
    now_answer = kz_answer_set_get (ev->answers, criterion);
    for (guint i = 0; i < c->scale->points->len; i++)
      if (fabs (((KzScalePoint *) c->scale->points->pdata[i])->value - now_answer->value) > 1e-9)
        other_value = ((KzScalePoint *) c->scale->points->pdata[i])->value;
    g_ptr_array_add (res, kz_dispute_resolution_new (criterion, KZ_RESOLUTION_CHANGED,
                                                     kz_answer_new (criterion, KZ_ANSWER_VALUE, other_value, NULL),
                                                     "Agreed"));
    g_assert_true (kz_store_resolve_dispute (store, d, 0, res, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpint (d->state, ==, KZ_DISPUTE_CLOSED);
  }
  g_assert_cmpint (ivalue (f->su, "SELECT revision FROM evaluations WHERE id = $1::bigint", P (fresh)), ==, 2);
  g_assert_cmpint (ivalue (f->su, "SELECT created_by FROM evaluation_revisions WHERE evaluation_id = $1::bigint "
                                  "AND revision = 2", P (fresh)), ==, f->manager_x->id);
  g_assert_cmpint (ivalue (f->su, "SELECT count(*) FROM audit_trail WHERE evaluation_id = $1::bigint "
                                  "AND actor_id = $2::bigint", P (fresh, f->manager_x->ids)), ==, 3);
  /* Closed: the manager's answers are fixed again. */
  {
    PGconn *m = connect_login (f, f->manager_x);
    g_autoptr(PGresult) res = query (m, "UPDATE evaluations SET final = 0 WHERE id = $1::bigint", P (fresh));

    g_assert_cmpstr (PQcmdTuples (res), ==, "0");
    PQfinish (m);
  }

  /* Not even the owner rewrites history. */
  assert_fails_with (f->su, "UPDATE audit_trail SET detail = 'rewritten'", NO_PARAMS, SQLSTATE_INSUFFICIENT_PRIVILEGE);
  assert_fails_with (f->su, "DELETE FROM evaluation_revisions WHERE evaluation_id = $1::bigint", P (fresh),
                     SQLSTATE_INSUFFICIENT_PRIVILEGE);
  assert_fails_with (f->su, "UPDATE revision_answers SET value = 0", NO_PARAMS, SQLSTATE_INSUFFICIENT_PRIVILEGE);
  assert_fails_with (f->su, "UPDATE disputes SET reason = 'other' WHERE id = $1::bigint", P (dispute),
                     SQLSTATE_INSUFFICIENT_PRIVILEGE);
  assert_fails_with (f->su, "DELETE FROM acknowledgements", NO_PARAMS, SQLSTATE_INSUFFICIENT_PRIVILEGE);

  PQfinish (my);
  PQfinish (r);
  PQfinish (b);
  PQfinish (a);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/pg-security/agent/sql", test_agent_sql);
  ADD ("/pg-security/calibration/blind", test_calibration_blind);
  ADD ("/pg-security/disputes/rules", test_dispute_rules);
  ADD ("/pg-security/agent/api", test_agent_api);
  ADD ("/pg-security/manager", test_manager);
  ADD ("/pg-security/reviewer", test_reviewer);
  ADD ("/pg-security/staff/survey", test_staff_survey);
  ADD ("/pg-security/voice/secrets", test_voice_secrets);
  ADD ("/pg-security/voice/copy-is-the-owners", test_voice_copy_is_the_owners);
  ADD ("/pg-security/voice/manager-small-team", test_manager_small_team);
  ADD ("/pg-security/team-quality", test_team_quality);
  ADD ("/pg-security/add-user", test_add_user);
#undef ADD

  return g_test_run ();
}
