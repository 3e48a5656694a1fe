/* test-store.c — the SQLite storage layer: migrations, records, transactions
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <sqlite3.h>
#include <string.h>

#include "kz-call.h"
#include "kz-demo.h"
#include "kz-error.h"
#include "kz-score.h"
#include "kz-pg-store-private.h"
#include "kz-sqlite-store-private.h"
#include "kz-store.h"
#include "kz-store-copy.h"
#include "kz-test-db.h"

#define NS "https://kaizen-qa.org/ns/rubric/1"

/* Q: Opening W=1 { O1 binary w1 }, Checks W=1 { K1 binary w1 critical=form;
 * K2 1–3 w1 }. */
#define Q_RUBRIC(version, title) \
  "<rubric xmlns='" NS "' id='q' version='" version "' pass-mark='80'><title>" title "</title>" \
  "<section id='open' weight='1'><title>Opening</title>" \
  " <criterion id='O1'><title>Greets</title><guidance>g</guidance>" \
  "  <scale kind='binary'><point value='0' label='No'/><point value='1' label='Yes'/></scale></criterion></section>" \
  "<section id='checks' weight='1'><title>Checks</title>" \
  " <criterion id='K1' critical='form'><title>Identity</title><guidance>g</guidance>" \
  "  <scale kind='binary'><point value='0' label='No'/><point value='1' label='Yes'/></scale></criterion>" \
  " <criterion id='K2' na='exclude'><title>Notes</title><guidance>g</guidance>" \
  "  <scale kind='ordinal'><point value='1'/><point value='2'/><point value='3'/></scale></criterion></section>" \
  "</rubric>"

static const char q_v1[] = Q_RUBRIC ("1", "Quick check");
static const char q_v1_changed[] = Q_RUBRIC ("1", "Quick check, reworded");
static const char q_v2[] = Q_RUBRIC ("2", "Quick check");

/* Each test runs on a fresh database of one backend: "sqlite" (a file in a
 * temporary folder) or "pg" (a new database on the test server). */
typedef struct {
  char      *dir;
  char      *path;       /* the SQLite file, for the single-file tests */
  gboolean   pg;
  char      *location;   /* what the store is opened with */
  GPtrArray *extra;      /* more PostgreSQL databases to drop */
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->dir = kz_test_tmpdir_new ();
  f->path = g_build_filename (f->dir, "kaizen.db", NULL);
  f->pg = g_strcmp0 (data, "pg") == 0;
  f->location = f->pg ? kz_test_pg_create_db () : g_strdup (f->path);
  f->extra = g_ptr_array_new_with_free_func (g_free);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  if (f->pg)
    {
      kz_test_pg_drop_db (f->location);
      for (guint i = 0; i < f->extra->len; i++)
        kz_test_pg_drop_db (g_ptr_array_index (f->extra, i));
    }
  g_ptr_array_unref (f->extra);
  g_free (f->location);
  g_free (f->path);
  kz_test_tmpdir_free (f->dir);
}

/* Opens a store of the fixture's backend at @location (the schema is
 * created as `kaizenctl server init` would on the team server). */
static KzStore *
open_location (Fixture *f, const char *location, GError **error)
{
  if (f->pg)
    return kz_pg_store_open (location, NULL, TRUE, KZ_PG_SCHEMA_VERSION, error);
  return kz_store_open (location, error);
}

static KzStore *
open_store (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  KzStore *store = open_location (f, f->location, &error);

  g_assert_no_error (error);
  return store;
}

/* Another fresh database of the same backend. */
static char *
another_location (Fixture *f, const char *name)
{
  char *location;

  if (!f->pg)
    return g_build_filename (f->dir, name, NULL);
  location = kz_test_pg_create_db ();
  g_ptr_array_add (f->extra, g_strdup (location));
  return location;
}

static KzRubric *
load (const char *xml)
{
  g_autoptr(GError) error = NULL;
  KzRubric *r = kz_rubric_load_data (xml, strlen (xml), "test.xml", &error);

  g_assert_no_error (error);
  return r;
}

static gint64
add_person (KzStore *store, const char *name, KzRoles roles, const char *email)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzPerson) p = kz_person_new (name, roles);
  gint64 id;

  g_strfreev (p->emails);
  p->emails = g_new0 (char *, 2);
  p->emails[0] = g_strdup (email);
  id = kz_store_add_person (store, p, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static GBytes *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, length);
}

/* ---- migrations ---- */

static void
test_fresh (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzStore) store = kz_store_open (f->path, &error);
  g_autofree char *journal = NULL;
  g_autofree char *fk = NULL;
  g_autofree char *tables = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (kz_store_get_schema_version (store), ==, KZ_SQLITE_SCHEMA_VERSION);

  journal = kz_sqlite_store_query_text_for_test (KZ_SQLITE_STORE (store), "PRAGMA journal_mode");
  fk = kz_sqlite_store_query_text_for_test (KZ_SQLITE_STORE (store), "PRAGMA foreign_keys");
  tables = kz_sqlite_store_query_text_for_test (KZ_SQLITE_STORE (store),
    "SELECT group_concat(name, ',') FROM (SELECT name FROM sqlite_schema WHERE type = 'table' "
    "AND name NOT GLOB 'search_text_*' ORDER BY name)");
  g_assert_cmpstr (journal, ==, "wal");
  g_assert_cmpstr (fk, ==, "1");
  /* search_text is FTS5's; its shadow tables are left out above. */
  g_assert_cmpstr (tables, ==, "acknowledgements,action_items,answers,assignments,attachments,audit_trail,"
                            "calibration_interactions,calibration_reviewers,calibration_sessions,calls,"
                            "catalog_criteria,catalog_items,coaching_rules,"
                            "customer_feedback,dispute_items,disputes,evaluation_revisions,evaluations,"
                            "idea_comments,idea_votes,ideas,"
                            "interactions,lms_completions,messages,people,person_emails,personas,"
                            "plan_attendees,plan_criteria,plan_evidence,plan_exdates,plan_private_notes,plans,"
                            "principles,proposal_evidence,proposals,pulse_plan_teams,pulse_plans,"
                            "revision_answers,rollup_agent_criteria,rollup_agent_weeks,rollup_team_blocks,rollup_team_criteria,"
                            "rubric_criteria,rubrics,search_pending,search_text,"
                            "survey_answers,survey_participation,survey_questions,survey_round_questions,"
                            "survey_rounds,transcript_segments,units,voice_secret,voter_keys");
  g_assert_cmpint (kz_store_count (store, KZ_RECORD_EVALUATIONS, NULL), ==, 0);

  /* Foreign keys really are enforced: a person in a team that does not exist. */
  {
    g_autoptr(KzPerson) p = kz_person_new ("Nobody", KZ_ROLE_AGENT);
    p->team_id = 4242;
    g_assert_cmpint (kz_store_add_person (store, p, &error), ==, 0);
    g_assert_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT);
    g_assert_nonnull (strstr (error->message, "not in the database"));
    g_assert_cmpint (kz_store_count (store, KZ_RECORD_PEOPLE, NULL), ==, 0);
  }
}

static void
exec_bound (sqlite3 *db, const char *sql, const char *text)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (text != NULL)
    sqlite3_bind_text (stmt, 1, text, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    ;
  g_assert_cmpint (rc, ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
}

/* A database written by schema 1 (as Kaizen 0.0 wrote it: no auto-fail
 * fields) is upgraded, keeps its rows, and gets the new fields filled by
 * re-scoring.  Evaluation 1 on Q: O1 = Yes, K1 = No, K2 = 3.
 * Opening S = 1; Checks S = (0 + 1)/2 = 0.5 → R = (1 + 0.5)/2 = 75;
 * K1 is form-critical and failed → F = 0, failed_by K1, C = 0 of 1 = 0. */
static void
test_upgrade_from_1 (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzStore) store = NULL;
  g_autoptr(KzEvaluation) ev = NULL;
  g_autoptr(KzRubric) q = load (q_v1);
  g_autofree char *version = NULL;
  sqlite3 *db;

  store = kz_sqlite_store_open (f->path, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kz_store_get_schema_version (store), ==, 1);
  g_clear_object (&store);

  /* Write rows the way schema 1 had them. */
  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  exec_bound (db, "INSERT INTO people (id, name, roles) VALUES (1, 'Ana Agent', 1), (2, 'Rui Reviewer', 2)", NULL);
  exec_bound (db, "INSERT INTO rubrics VALUES ('q', 1, 'Quick check', ?1, 'x', 2, 3, 0)", q_v1);
  exec_bound (db, "UPDATE rubrics SET checksum = ?1", kz_rubric_get_checksum (q));
  exec_bound (db, "INSERT INTO evaluations (id, rubric_id, rubric_version, reviewer_id, agent_id, state, "
                  "created_at, updated_at, raw, final, pass) VALUES "
                  "(1, 'q', 1, 2, 1, 'submitted', 1700000000, 1700000000, 75, 0, 0)", NULL);
  exec_bound (db, "INSERT INTO answers VALUES (1, 'O1', 'value', 1, 'hello'), (1, 'K1', 'value', 0, NULL), "
                  "(1, 'K2', 'value', 3, NULL)", NULL);
  sqlite3_close (db);

  store = kz_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kz_store_get_schema_version (store), ==, KZ_SQLITE_SCHEMA_VERSION);
  version = kz_sqlite_store_query_text_for_test (KZ_SQLITE_STORE (store), "PRAGMA user_version");
  g_assert_cmpstr (version, ==, G_STRINGIFY (KZ_SQLITE_SCHEMA_VERSION));

  ev = kz_store_get_evaluation (store, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (ev->raw, 75, 1e-9);
  g_assert_cmpfloat_with_epsilon (ev->final, 0, 1e-9);
  g_assert_true (ev->auto_failed);
  g_assert_cmpstr (ev->failed_by[0], ==, "K1");
  g_assert_null (ev->failed_by[1]);
  g_assert_true (ev->has_critical);
  g_assert_cmpfloat_with_epsilon (ev->critical, 0, 1e-9);
  g_assert_cmpstr (kz_answer_set_get (ev->answers, "O1")->comment, ==, "hello");
  g_assert_cmpint (kz_store_count (store, KZ_RECORD_PEOPLE, NULL), ==, 2);
}

/* Schema 18 → 19: the Evaluations list's newest-first read walks an index
 * on (created_at, id) and stops at its limit, instead of sorting the table. */
static void
test_upgrade_from_18 (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzStore) store = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GString) plan = g_string_new (NULL);
  sqlite3 *db;
  sqlite3_stmt *stmt;

  store = kz_sqlite_store_open (f->path, 18, &error);
  g_assert_no_error (error);
  before = kz_sqlite_store_query_text_for_test (KZ_SQLITE_STORE (store),
                                                "SELECT count(*) FROM sqlite_schema WHERE name = 'evaluations_created'");
  g_assert_cmpstr (before, ==, "0");
  g_clear_object (&store);

  store = kz_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kz_store_get_schema_version (store), >=, 19);
  after = kz_sqlite_store_query_text_for_test (KZ_SQLITE_STORE (store),
                                               "SELECT count(*) FROM sqlite_schema WHERE name = 'evaluations_created'");
  g_assert_cmpstr (after, ==, "1");
  g_clear_object (&store);

  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "EXPLAIN QUERY PLAN SELECT e.id FROM evaluations e "
                                           "JOIN people a ON a.id = e.agent_id "
                                           "WHERE (?1 = 0 OR e.agent_id = ?1) AND e.is_calibration = 0 "
                                           "ORDER BY e.created_at DESC, e.id DESC LIMIT ?2",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (plan, "%s\n", (const char *) sqlite3_column_text (stmt, 3));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  g_assert_nonnull (strstr (plan->str, "evaluations_created"));
  g_assert_null (strstr (plan->str, "TEMP B-TREE"));
}

/* Schema 19 → 20: five WITHOUT ROWID tables with their primary key's
 * columns first.  At 19, SQLite 3.40's integrity check reports a NULL that
 * is not there for a column between them; at 20 the same rows check clean,
 * and the integrity check the backups use has no exception for it. */
static void
test_upgrade_from_19 (Fixture *f, gconstpointer data)
{
  static const struct {
    const char *table, *columns, *order, *foreign;
  } tables[] = {
    { "proposal_evidence", "proposal_id,evaluation_id,position", "proposal_id, evaluation_id",
      "evaluations.id CASCADE,proposals.id CASCADE" },
    { "plan_evidence", "plan_id,evaluation_id,position", "plan_id, evaluation_id",
      "evaluations.id RESTRICT,plans.id CASCADE" },
    { "plan_criteria", "plan_id,rubric_id,criterion_id,position", "plan_id, rubric_id, criterion_id",
      "plans.id CASCADE" },
    { "catalog_criteria", "item_id,rubric_id,criterion_id,position", "item_id, rubric_id, criterion_id",
      "catalog_items.id CASCADE" },
    { "plan_attendees", "plan_id,person_id,position,attendance", "plan_id, person_id",
      "people.id RESTRICT,plans.id CASCADE" },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(KzStore) store = NULL;
  g_autofree char *integrity = NULL;
  g_autofree char *index = NULL;
  g_autoptr(GPtrArray) queries = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) before = g_ptr_array_new_with_free_func (g_free);
  KzDemoCounts counts;

  store = kz_sqlite_store_open (f->path, 19, &error);
  g_assert_no_error (error);
  g_assert_true (kz_demo_fill (store, kz_demo_rubrics_dir (), 1, &counts, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      /* Every row as text, its columns named (their order in the table
       * changes), sorted by the primary key.  Names cannot be parameters:
       * each is quoted, as SQLite's %w does. */
      g_auto(GStrv) names = g_strsplit (tables[i].columns, ",", -1);
      g_auto(GStrv) keys = g_strsplit (tables[i].order, ", ", -1);
      g_autoptr(GString) row = g_string_new (NULL);
      g_autoptr(GString) order = g_string_new (NULL);
      char *quoted;
      char *sql;
      char *rows;

      for (guint n = 0; names[n] != NULL; n++)
        {
          quoted = sqlite3_mprintf ("%s\"%w\"", n > 0 ? " || '/' || " : "", names[n]);
          g_string_append (row, quoted);
          sqlite3_free (quoted);
        }
      for (guint n = 0; keys[n] != NULL; n++)
        {
          quoted = sqlite3_mprintf ("%s\"%w\"", n > 0 ? ", " : "", keys[n]);
          g_string_append (order, quoted);
          sqlite3_free (quoted);
        }
      quoted = sqlite3_mprintf ("SELECT count (*) || ':' || coalesce (group_concat (r, ' '), '') "
                                "FROM (SELECT %s AS r FROM \"%w\" ORDER BY %s)", row->str, tables[i].table, order->str);
      sql = g_strdup (quoted);
      sqlite3_free (quoted);
      rows = kz_sqlite_store_query_text_for_test (KZ_SQLITE_STORE (store), sql);

      g_test_message ("%s at 19: %.60s", tables[i].table, rows);
      g_assert_false (g_str_has_prefix (rows, "0:"));
      g_ptr_array_add (queries, sql);
      g_ptr_array_add (before, rows);
    }
  integrity = kz_sqlite_store_query_text_for_test (KZ_SQLITE_STORE (store), "PRAGMA integrity_check");
  g_assert_true (g_str_has_prefix (integrity, "NULL value in "));
  g_clear_pointer (&integrity, g_free);
  g_clear_object (&store);

  store = kz_sqlite_store_open (f->path, 20, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kz_store_get_schema_version (store), ==, 20);
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      g_autofree char *rows = kz_sqlite_store_query_text_for_test (KZ_SQLITE_STORE (store), queries->pdata[i]);
      /* The table's name is a value here (the pragma functions' argument): bound. */
      g_autofree char *columns = kz_test_sql_text (f->path, "SELECT group_concat (name, ',') FROM pragma_table_info ($1)",
                                                   KZ_TEST_VALUES (KZ_TEST_TEXT (tables[i].table)));
      g_autofree char *foreign = kz_test_sql_text (f->path, "SELECT group_concat (t || '.' || k || ' ' || d, ',') FROM "
                                                            "(SELECT \"table\" AS t, \"to\" AS k, on_delete AS d "
                                                            "FROM pragma_foreign_key_list ($1) ORDER BY 1)",
                                                   KZ_TEST_VALUES (KZ_TEST_TEXT (tables[i].table)));

      g_assert_cmpstr (rows, ==, before->pdata[i]);
      g_assert_cmpstr (columns, ==, tables[i].columns);
      g_assert_cmpstr (foreign, ==, tables[i].foreign);
    }
  index = kz_sqlite_store_query_text_for_test (KZ_SQLITE_STORE (store),
                                               "SELECT sql FROM sqlite_schema WHERE name = 'plan_attendees_person'");
  g_assert_cmpstr (index, ==, "CREATE INDEX plan_attendees_person ON plan_attendees (person_id)");
  integrity = kz_sqlite_store_query_text_for_test (KZ_SQLITE_STORE (store), "PRAGMA integrity_check");
  g_assert_cmpstr (integrity, ==, "ok");
  g_assert_true (kz_sqlite_store_check_integrity (KZ_SQLITE_STORE (store), &error));
  g_assert_no_error (error);
}

/* Schema 11 → 12 (staff voice): what was there stays, the voice tables come
 * empty, the anonymous ones WITHOUT ROWID, and the database gets a voting
 * secret of its own (32 random bytes). */
static void
test_upgrade_from_11 (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzStore) store = NULL;
  g_autoptr(KzStore) other = NULL;
  g_autofree char *version = NULL;
  g_autofree char *without_rowid = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *other_secret = NULL;
  g_autofree char *other_path = g_build_filename (f->dir, "other.db", NULL);
  g_autoptr(GPtrArray) people = NULL;
  sqlite3 *db;

  store = kz_sqlite_store_open (f->path, 11, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kz_store_get_schema_version (store), ==, 11);
  g_clear_object (&store);
  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  exec_bound (db, "INSERT INTO units (id, kind, name) VALUES (1, 'organisation', 'Org')", NULL);
  exec_bound (db, "INSERT INTO people (id, name, roles, team_id) VALUES (1, 'Ana Agent', 9, NULL)", NULL);
  sqlite3_close (db);

  store = kz_sqlite_store_open (f->path, 12, &error);
  g_assert_no_error (error);
  version = kz_sqlite_store_query_text_for_test (KZ_SQLITE_STORE (store), "PRAGMA user_version");
  g_assert_cmpstr (version, ==, "12");
  people = kz_store_list_people (store, KZ_ROLE_NONE, &error);
  g_assert_cmpuint (people->len, ==, 1);
  g_assert_cmpstr (((KzPerson *) g_ptr_array_index (people, 0))->name, ==, "Ana Agent");

  without_rowid = kz_sqlite_store_query_text_for_test (KZ_SQLITE_STORE (store),
    "SELECT group_concat (name, ',') FROM (SELECT name FROM sqlite_schema WHERE type = 'table' "
    "AND sql LIKE '%WITHOUT ROWID' AND name IN ('survey_answers', 'survey_participation', 'ideas', "
    "'idea_comments', 'idea_votes') ORDER BY name)");
  g_assert_cmpstr (without_rowid, ==, "idea_comments,idea_votes,ideas,survey_answers,survey_participation");
  secret = kz_sqlite_store_query_text_for_test (KZ_SQLITE_STORE (store),
                                                "SELECT hex (secret) FROM voice_secret WHERE id = 1");
  g_assert_cmpuint (strlen (secret), ==, 64);
  g_assert_cmpint (kz_store_count (store, KZ_RECORD_PEOPLE, NULL), ==, 1);
  {
    g_autoptr(GPtrArray) bank = kz_store_list_questions (store, &error);
    g_autoptr(GPtrArray) ideas = kz_store_list_ideas (store, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (bank->len, ==, 0);
    g_assert_cmpuint (ideas->len, ==, 0);
  }

  /* Each database has its own secret. */
  other = kz_store_open (other_path, &error);
  g_assert_no_error (error);
  other_secret = kz_sqlite_store_query_text_for_test (KZ_SQLITE_STORE (other),
                                                      "SELECT hex (secret) FROM voice_secret WHERE id = 1");
  g_assert_cmpuint (strlen (other_secret), ==, 64);
  g_assert_cmpstr (secret, !=, other_secret);
}

/* The hash schema 12 kept of a voter, computed here from its definition
 * (HMAC-SHA256 of "voter:" and the person's id, under the secret) rather
 * than by the code under test. */
static char *
legacy_voter_hash (const char *secret_hex,
                   gint64      person_id)
{
  guint8 secret[32];
  g_autofree char *message = g_strdup_printf ("voter:%" G_GINT64_FORMAT, person_id);

  g_assert_cmpuint (strlen (secret_hex), ==, 64);
  for (guint i = 0; i < 32; i++)
    secret[i] = g_ascii_xdigit_value (secret_hex[2 * i]) * 16 + g_ascii_xdigit_value (secret_hex[2 * i + 1]);
  return g_compute_hmac_for_data (G_CHECKSUM_SHA256, secret, 32, (const guchar *) message, strlen (message));
}

static void
assert_voted (KzStore *store, const char *idea, gint64 person, gboolean expected)
{
  g_autoptr(GError) error = NULL;
  gboolean voted = !expected;

  g_assert_true (kz_store_idea_has_vote (store, idea, person, &voted, &error));
  g_assert_no_error (error);
  g_assert_cmpint (voted, ==, expected);
}

static void
assert_second_vote_refused (KzStore *store, const char *idea, gint64 person)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (kz_store_vote_idea (store, idea, person, &error));
  g_assert_error (error, KZ_ERROR, KZ_ERROR_EXISTS);
}

static guint
idea_votes (KzStore *store, const char *id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzIdea) idea = kz_store_get_idea (store, id, &error);

  g_assert_no_error (error);
  return idea->n_votes;
}

/* Schema 12 → 13 (voter keys): the votes cast under schema 12 — hashed
 * over the voter's id — keep their hashes and stay their voters': each is
 * "already voted" and cannot vote again, the others can, once; a person
 * added after the upgrade gets a random key, not their id. */
static void
test_upgrade_from_12 (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzStore) store = NULL;
  g_autoptr(KzIdea) idea = kz_idea_new ();
  g_autofree char *secret = NULL;
  g_autofree char *version = NULL;
  g_autofree char *ana_key = NULL;
  g_autofree char *dee_key = NULL;
  g_autofree char *dee_id = NULL;
  g_autofree char *votes_before = NULL;
  g_autofree char *votes_after = NULL;
  gint64 ana, bo, cy, dee;

  store = kz_sqlite_store_open (f->path, 12, &error);
  g_assert_no_error (error);
  ana = add_person (store, "Ana", KZ_ROLE_AGENT | KZ_ROLE_STAFF, "ana@example.org");
  bo = add_person (store, "Bo", KZ_ROLE_AGENT | KZ_ROLE_STAFF, "bo@example.org");
  cy = add_person (store, "Cy", KZ_ROLE_AGENT | KZ_ROLE_STAFF, "cy@example.org");
  idea->title = g_strdup ("Quiet room");
  g_assert_nonnull (kz_store_submit_idea (store, idea, NULL, &error));
  g_assert_no_error (error);
  secret = kz_sqlite_store_query_text_for_test (KZ_SQLITE_STORE (store),
                                                "SELECT hex (secret) FROM voice_secret WHERE id = 1");
  /* Ana and Bo voted under schema 12. */
  for (const gint64 *p = (const gint64[]) { ana, bo, 0 }; *p != 0; p++)
    {
      g_autofree char *hash = legacy_voter_hash (secret, *p);
      g_assert_true (kz_test_sql_exec (f->path, "INSERT INTO idea_votes (idea_id, voter_hash) VALUES ($1, $2)",
                                       KZ_TEST_VALUES (KZ_TEST_TEXT (idea->id), KZ_TEST_TEXT (hash)), &error));
      g_assert_no_error (error);
    }
  votes_before = kz_sqlite_store_query_text_for_test (KZ_SQLITE_STORE (store),
                                                      "SELECT group_concat (voter_hash, ',') FROM "
                                                      "(SELECT voter_hash FROM idea_votes ORDER BY 1)");
  g_clear_object (&store);

  store = kz_sqlite_store_open (f->path, 13, &error);
  g_assert_no_error (error);
  version = kz_sqlite_store_query_text_for_test (KZ_SQLITE_STORE (store), "PRAGMA user_version");
  g_assert_cmpstr (version, ==, "13");
  votes_after = kz_sqlite_store_query_text_for_test (KZ_SQLITE_STORE (store),
                                                     "SELECT group_concat (voter_hash, ',') FROM "
                                                     "(SELECT voter_hash FROM idea_votes ORDER BY 1)");
  g_assert_cmpstr (votes_after, ==, votes_before);   /* no vote rewritten */
  ana_key = kz_sqlite_store_query_text_for_test (KZ_SQLITE_STORE (store),
                                                 "SELECT voter_key FROM voter_keys WHERE person_id = "
                                                 "(SELECT person_id FROM person_emails WHERE email = 'ana@example.org')");
  g_assert_cmpint (g_ascii_strtoll (ana_key, NULL, 10), ==, ana);

  assert_voted (store, idea->id, ana, TRUE);
  assert_voted (store, idea->id, bo, TRUE);
  assert_voted (store, idea->id, cy, FALSE);
  assert_second_vote_refused (store, idea->id, ana);
  assert_second_vote_refused (store, idea->id, bo);
  g_assert_true (kz_store_vote_idea (store, idea->id, cy, &error));
  g_assert_no_error (error);
  assert_second_vote_refused (store, idea->id, cy);
  g_assert_cmpuint (idea_votes (store, idea->id), ==, 3);

  /* Someone new: a random key, and one vote. */
  dee = add_person (store, "Dee", KZ_ROLE_AGENT | KZ_ROLE_STAFF, "dee@example.org");
  dee_id = g_strdup_printf ("%" G_GINT64_FORMAT, dee);
  dee_key = kz_sqlite_store_query_text_for_test (KZ_SQLITE_STORE (store),
                                                 "SELECT voter_key FROM voter_keys WHERE person_id = "
                                                 "(SELECT person_id FROM person_emails WHERE email = 'dee@example.org')");
  g_assert_cmpuint (strlen (dee_key), ==, 32);
  g_assert_cmpstr (dee_key, !=, dee_id);
  assert_voted (store, idea->id, dee, FALSE);
  g_assert_true (kz_store_vote_idea (store, idea->id, dee, &error));
  g_assert_no_error (error);
  assert_voted (store, idea->id, dee, TRUE);
  assert_second_vote_refused (store, idea->id, dee);
  g_assert_cmpuint (idea_votes (store, idea->id), ==, 4);
}

/* A file from a future Kaizen, written the way an older SQLite tool would
 * leave it (rollback journal, not WAL), so that even switching the journal
 * mode would show up as changed bytes. */
static void
test_too_new (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzStore) store = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  sqlite3 *db;

  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  exec_bound (db, "PRAGMA journal_mode = DELETE", NULL);
  exec_bound (db, "CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT, hologram BLOB)", NULL);
  exec_bound (db, "INSERT INTO people (name) VALUES ('Ana')", NULL);
  exec_bound (db, "PRAGMA application_id = 1264209457", NULL);
  exec_bound (db, "PRAGMA user_version = 99", NULL);
  sqlite3_close (db);

  before = read_file (f->path);
  store = kz_store_open (f->path, &error);
  g_assert_null (store);
  g_assert_error (error, KZ_ERROR, KZ_ERROR_TOO_NEW);
  g_assert_nonnull (strstr (error->message, "newer version of Kaizen"));
  g_assert_nonnull (strstr (error->message, "99"));
  g_assert_nonnull (strstr (error->message, f->path));
  after = read_file (f->path);
  /* Byte for byte: not even the journal mode was switched. */
  g_assert_true (g_bytes_equal (before, after));
  {
    g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
    g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  }
}

/* A migration that fails half-way leaves the file exactly as it was: here
 * schema 1 already has an index named like one that migration 2 creates. */
static void
test_failed_upgrade_changes_nothing (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzStore) store = kz_sqlite_store_open (f->path, 1, &error);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  g_assert_no_error (error);
  g_assert_true (kz_sqlite_store_exec_for_test (KZ_SQLITE_STORE (store),
                 "INSERT INTO people (name, roles) VALUES ('Ana', 1);"
                 "CREATE INDEX evaluations_agent ON evaluations (agent_id)", &error));
  g_clear_object (&store);
  before = kz_test_dump_db (f->path, NULL);

  store = kz_store_open (f->path, &error);
  g_assert_null (store);
  g_assert_error (error, KZ_ERROR, KZ_ERROR_DATABASE);
  g_assert_nonnull (strstr (error->message, "schema 2"));
  g_assert_nonnull (strstr (error->message, "unchanged"));
  after = kz_test_dump_db (f->path, NULL);
  g_assert_cmpstr (before, ==, after);
}

typedef struct {
  const char *path;
  GError     *error;
  int         version;
} OpenJob;

static gpointer
open_in_thread (gpointer data)
{
  OpenJob *job = data;
  KzStore *store = kz_store_open (job->path, &job->error);

  if (store != NULL)
    {
      job->version = kz_store_get_schema_version (store);
      g_object_unref (store);
    }
  return NULL;
}

/* The app and kaizenctl may create the same new file at the same moment:
 * every opener must succeed, and the schema is created once. */
static void
test_concurrent_first_open (Fixture *f, gconstpointer data)
{
  OpenJob jobs[6];
  GThread *threads[G_N_ELEMENTS (jobs)];

  for (guint round = 0; round < 5; round++)
    {
      g_autofree char *path = g_strdup_printf ("%s/race-%u.db", f->dir, round);

      for (guint i = 0; i < G_N_ELEMENTS (jobs); i++)
        {
          jobs[i] = (OpenJob) { path, NULL, 0 };
          threads[i] = g_thread_new ("open", open_in_thread, &jobs[i]);
        }
      for (guint i = 0; i < G_N_ELEMENTS (jobs); i++)
        {
          g_thread_join (threads[i]);
          g_assert_no_error (jobs[i].error);
          g_assert_cmpint (jobs[i].version, ==, KZ_SQLITE_SCHEMA_VERSION);
        }
    }
}

static void
test_not_kaizen (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzStore) store = NULL;
  g_autofree char *text_path = g_build_filename (f->dir, "notes.txt", NULL);
  g_autofree char *dump_before = NULL;
  g_autofree char *dump_after = NULL;
  sqlite3 *db;

  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  exec_bound (db, "CREATE TABLE recipes (name TEXT)", NULL);
  exec_bound (db, "INSERT INTO recipes VALUES ('soup')", NULL);
  sqlite3_close (db);
  dump_before = kz_test_dump_db (f->path, NULL);

  store = kz_store_open (f->path, &error);
  g_assert_null (store);
  g_assert_error (error, KZ_ERROR, KZ_ERROR_DATABASE);
  g_assert_nonnull (strstr (error->message, "not a Kaizen database"));
  dump_after = kz_test_dump_db (f->path, NULL);
  g_assert_cmpstr (dump_before, ==, dump_after);
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (text_path, "Dear diary, this is not a database at all.\n"
                                      "It has several lines of text.\n", -1, NULL));
  store = kz_store_open (text_path, &error);
  g_assert_null (store);
  g_assert_error (error, KZ_ERROR, KZ_ERROR_DATABASE);
  g_assert_nonnull (strstr (error->message, text_path));
}

static void
test_default_location (void)
{
  g_autofree char *loc = kz_store_default_location ();
  g_autofree char *expected = g_build_filename (g_get_user_data_dir (), "kaizen", "kaizen.db", NULL);

  g_assert_cmpstr (loc, ==, expected);
}

/* ---- records ---- */

static void
test_people_and_units (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzStore) store = open_store (f);
  g_autoptr(KzPerson) found = NULL;
  g_autoptr(GPtrArray) agents = NULL;
  g_autoptr(GPtrArray) units = NULL;
  g_autoptr(KzPerson) dup = kz_person_new ("Copycat", KZ_ROLE_AGENT);
  gint64 org, site, team, ana;

  org = kz_store_add_unit (store, KZ_UNIT_ORGANISATION, "Acme", 0, &error);
  site = kz_store_add_unit (store, KZ_UNIT_SITE, "Porto", org, &error);
  team = kz_store_add_unit (store, KZ_UNIT_TEAM, "Billing", site, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kz_store_add_unit (store, KZ_UNIT_TEAM, "Orphans", 0, &error), ==, 0);
  g_assert_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  units = kz_store_list_units (store, &error);
  g_assert_cmpuint (units->len, ==, 3);
  g_assert_cmpint (((KzUnit *) units->pdata[2])->parent_id, ==, site);

  ana = add_person (store, "Ana Agent", KZ_ROLE_AGENT | KZ_ROLE_STAFF, "ana@example.org");
  add_person (store, "Rui Reviewer", KZ_ROLE_REVIEWER, "rui@example.org");

  found = kz_store_find_person_by_email (store, "ANA@example.org", &error);
  g_assert_no_error (error);
  g_assert_cmpint (found->id, ==, ana);
  g_assert_cmpint (found->roles, ==, KZ_ROLE_AGENT | KZ_ROLE_STAFF);

  agents = kz_store_list_people (store, KZ_ROLE_AGENT, &error);
  g_assert_cmpuint (agents->len, ==, 1);

  /* An address that belongs to someone else: refused, and the half-added
   * person is rolled back with it. */
  g_strfreev (dup->emails);
  dup->emails = g_strsplit ("copy@example.org,ana@example.org", ",", -1);
  dup->team_id = team;
  g_assert_cmpint (kz_store_add_person (store, dup, &error), ==, 0);
  g_assert_error (error, KZ_ERROR, KZ_ERROR_EXISTS);
  g_assert_cmpint (kz_store_count (store, KZ_RECORD_PEOPLE, NULL), ==, 2);
  g_clear_error (&error);
  g_assert_null (kz_store_find_person_by_email (store, "copy@example.org", &error));
  g_assert_error (error, KZ_ERROR, KZ_ERROR_NOT_FOUND);
}

static void
test_rubric_versions (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzStore) store = open_store (f);
  g_autoptr(KzRubric) v1 = load (q_v1);
  g_autoptr(KzRubric) v1b = load (q_v1_changed);
  g_autoptr(KzRubric) v2 = load (q_v2);
  g_autoptr(KzRubric) latest = NULL;
  g_autoptr(KzRubric) first = NULL;
  g_autoptr(GPtrArray) list = NULL;
  gboolean added;

  g_assert_true (kz_store_add_rubric (store, v1, &added, &error));
  g_assert_true (added);
  g_assert_true (kz_store_add_rubric (store, v1, &added, &error));
  g_assert_false (added);

  g_assert_false (kz_store_add_rubric (store, v1b, &added, &error));
  g_assert_error (error, KZ_ERROR, KZ_ERROR_EXISTS);
  g_assert_nonnull (strstr (error->message, "higher version"));
  g_clear_error (&error);

  g_assert_true (kz_store_add_rubric (store, v2, &added, &error));
  latest = kz_store_get_rubric (store, "q", 0, &error);
  first = kz_store_get_rubric (store, "q", 1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kz_rubric_get_version (latest), ==, 2);
  g_assert_cmpint (kz_rubric_get_version (first), ==, 1);
  g_assert_cmpstr (kz_rubric_get_source (first), ==, q_v1);

  list = kz_store_list_rubrics (store, &error);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpuint (((KzRubricInfo *) list->pdata[0])->n_criteria, ==, 3);

  g_assert_null (kz_store_get_rubric (store, "nope", 0, &error));
  g_assert_error (error, KZ_ERROR, KZ_ERROR_NOT_FOUND);
}

static void
test_evaluations (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzStore) store = open_store (f);
  g_autoptr(KzRubric) q = load (q_v1);
  g_autoptr(KzEvaluation) ev = kz_evaluation_new ();
  g_autoptr(KzEvaluation) back = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GDateTime) when = g_date_time_new_utc (2026, 3, 4, 10, 30, 0);
  KzInteraction it = { 0 };
  gint64 agent, reviewer, id;

  g_assert_true (kz_store_add_rubric (store, q, NULL, &error));
  agent = add_person (store, "Ana Agent", KZ_ROLE_AGENT, "ana@example.org");
  reviewer = add_person (store, "Rui Reviewer", KZ_ROLE_REVIEWER, "rui@example.org");

  it.channel = KZ_CHANNEL_CALL;
  it.agent_id = agent;
  it.started_at = when;
  it.subject = (char *) "Meter reading";
  it.external_ref = (char *) "CALL-1";
  ev->interaction_id = kz_store_add_interaction (store, &it, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kz_store_add_interaction (store, &it, &error), ==, 0);
  g_assert_error (error, KZ_ERROR, KZ_ERROR_EXISTS);
  g_clear_error (&error);

  ev->rubric_id = g_strdup ("q");
  ev->agent_id = agent;
  ev->reviewer_id = reviewer;
  ev->state = KZ_EVALUATION_SUBMITTED;
  kz_answer_set_put (ev->answers, kz_answer_new ("O1", KZ_ANSWER_VALUE, 1, "Warm greeting"));

  /* Submit with K1 unanswered (K2 too): refused, naming them; nothing stored. */
  g_assert_cmpint (kz_store_save_evaluation (store, ev, &error), ==, 0);
  g_assert_error (error, KZ_ERROR, KZ_ERROR_INCOMPLETE);
  g_assert_nonnull (strstr (error->message, "Identity"));
  g_assert_nonnull (strstr (error->message, "K2"));
  g_assert_cmpint (kz_store_count (store, KZ_RECORD_EVALUATIONS, NULL), ==, 0);
  g_clear_error (&error);

  /* The same as a draft is fine. */
  ev->state = KZ_EVALUATION_DRAFT;
  id = kz_store_save_evaluation (store, ev, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);

  /* A value that is not on the scale is refused. */
  kz_answer_set_put (ev->answers, kz_answer_new ("K2", KZ_ANSWER_VALUE, 7, NULL));
  g_assert_cmpint (kz_store_save_evaluation (store, ev, &error), ==, 0);
  g_assert_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  /* Complete and submit: O1 yes, K1 yes, K2 N/A (excluded).
   * Opening 1, Checks 1 → F = 100, C = 1 of 1 = 100. */
  kz_answer_set_put (ev->answers, kz_answer_new ("K1", KZ_ANSWER_VALUE, 1, NULL));
  kz_answer_set_put (ev->answers, kz_answer_new ("K2", KZ_ANSWER_NA, 0, "No notes needed"));
  /* A call comment at 1 min 23.4 s into the recording. */
  ((KzAnswer *) kz_answer_set_get (ev->answers, "K2"))->comment_at_ms = 83400;
  ev->state = KZ_EVALUATION_SUBMITTED;
  g_assert_cmpint (kz_store_save_evaluation (store, ev, &error), ==, id);
  g_assert_no_error (error);
  g_assert_cmpint (kz_store_count (store, KZ_RECORD_EVALUATIONS, NULL), ==, 1);
  g_assert_cmpint (kz_store_count (store, KZ_RECORD_ANSWERS, NULL), ==, 3);

  back = kz_store_get_evaluation (store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (back->state, ==, KZ_EVALUATION_SUBMITTED);
  g_assert_cmpint (back->rubric_version, ==, 1);
  g_assert_true (back->has_score);
  g_assert_cmpfloat_with_epsilon (back->final, 100, 1e-9);
  g_assert_true (back->pass);
  g_assert_false (back->auto_failed);
  g_assert_cmpfloat_with_epsilon (back->critical, 100, 1e-9);
  g_assert_cmpint (kz_answer_set_get (back->answers, "K2")->kind, ==, KZ_ANSWER_NA);
  g_assert_cmpstr (kz_answer_set_get (back->answers, "K2")->comment, ==, "No notes needed");
  g_assert_cmpstr (kz_answer_set_get (back->answers, "O1")->comment, ==, "Warm greeting");
  g_assert_cmpint (kz_answer_set_get (back->answers, "K2")->comment_at_ms, ==, 83400);
  g_assert_cmpint (kz_answer_set_get (back->answers, "O1")->comment_at_ms, ==, -1);

  /* A reviewer's draft is found by its interaction. */
  {
    KzEvaluationFilter by_interaction = { .interaction_id = ev->interaction_id };
    KzEvaluationFilter other = { .interaction_id = ev->interaction_id + 1000 };
    g_autoptr(GPtrArray) mine = kz_store_list_evaluations (store, &by_interaction, &error);
    g_autoptr(GPtrArray) none = kz_store_list_evaluations (store, &other, &error);

    g_assert_cmpuint (mine->len, ==, 1);
    g_assert_cmpuint (none->len, ==, 0);
  }

  list = kz_store_list_evaluations (store, NULL, &error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (((KzEvaluationSummary *) list->pdata[0])->agent_name, ==, "Ana Agent");
  g_assert_cmpstr (((KzEvaluationSummary *) list->pdata[0])->reviewer_name, ==, "Rui Reviewer");
  g_assert_cmpstr (((KzEvaluationSummary *) list->pdata[0])->subject, ==, "Meter reading");
}

static void
test_transaction_rollback (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzStore) store = open_store (f);

  g_assert_true (kz_store_begin (store, &error));
  add_person (store, "Temporary", KZ_ROLE_STAFF, "temp@example.org");
  g_assert_cmpint (kz_store_count (store, KZ_RECORD_PEOPLE, NULL), ==, 1);
  kz_store_rollback (store);
  g_assert_cmpint (kz_store_count (store, KZ_RECORD_PEOPLE, NULL), ==, 0);

  g_assert_true (kz_store_begin (store, &error));
  add_person (store, "Kept", KZ_ROLE_STAFF, "kept@example.org");
  g_assert_true (kz_store_commit (store, &error));
  g_assert_cmpint (kz_store_count (store, KZ_RECORD_PEOPLE, NULL), ==, 1);
}

/* A failed call inside a transaction changes nothing and leaves the
 * transaction usable; what came before it is committed. */
static void
test_inner_failure_outer_commit (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzStore) store = open_store (f);
  g_autoptr(KzPerson) dup = kz_person_new ("Copy", KZ_ROLE_AGENT);

  g_assert_true (kz_store_begin (store, &error));
  add_person (store, "Ana", KZ_ROLE_AGENT, "ana@example.org");
  g_strfreev (dup->emails);
  dup->emails = g_strsplit ("copy@example.org,ANA@example.org", ",", -1);
  g_assert_cmpint (kz_store_add_person (store, dup, &error), ==, 0);
  g_assert_error (error, KZ_ERROR, KZ_ERROR_EXISTS);
  g_clear_error (&error);
  add_person (store, "Bo", KZ_ROLE_AGENT, "bo@example.org");
  g_assert_true (kz_store_commit (store, &error));
  g_assert_no_error (error);

  g_assert_cmpint (kz_store_count (store, KZ_RECORD_PEOPLE, NULL), ==, 2);
  g_assert_null (kz_store_find_person_by_email (store, "copy@example.org", NULL));
}

/* A rubric read inside a transaction that was rolled back is not served
 * from a cache afterwards. */
static void
test_rubric_cache_after_rollback (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzStore) store = open_store (f);
  g_autoptr(KzRubric) first = load (q_v1);
  g_autoptr(KzRubric) second = load (q_v1_changed);
  g_autoptr(KzRubric) got = NULL;

  g_assert_true (kz_store_begin (store, &error));
  g_assert_true (kz_store_add_rubric (store, first, NULL, &error));
  got = kz_store_get_rubric (store, "q", 1, &error);
  g_assert_cmpstr (kz_rubric_get_title (got), ==, "Quick check");
  g_clear_pointer (&got, kz_rubric_unref);
  kz_store_rollback (store);

  g_assert_true (kz_store_add_rubric (store, second, NULL, &error));
  got = kz_store_get_rubric (store, "q", 1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kz_rubric_get_title (got), ==, "Quick check, reworded");
}

/* Saving again keeps created_at and moves updated_at to now. */
static void
test_updated_at (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzStore) store = open_store (f);
  g_autoptr(KzRubric) q = load (q_v1);
  g_autoptr(KzEvaluation) ev = kz_evaluation_new ();
  g_autoptr(KzEvaluation) back = NULL;
  gint64 before = g_get_real_time () / G_USEC_PER_SEC;

  g_assert_true (kz_store_add_rubric (store, q, NULL, &error));
  ev->rubric_id = g_strdup ("q");
  ev->agent_id = add_person (store, "Ana", KZ_ROLE_AGENT, "ana@example.org");
  ev->reviewer_id = add_person (store, "Rui", KZ_ROLE_REVIEWER, "rui@example.org");
  ev->created_at = g_date_time_new_utc (2025, 1, 2, 3, 4, 5);
  ev->updated_at = g_date_time_ref (ev->created_at);
  g_assert_cmpint (kz_store_save_evaluation (store, ev, &error), >, 0);

  back = kz_store_get_evaluation (store, ev->id, &error);
  g_assert_cmpint (g_date_time_to_unix (back->updated_at), ==, g_date_time_to_unix (ev->created_at));
  g_clear_pointer (&back, kz_evaluation_free);

  g_clear_pointer (&ev->created_at, g_date_time_unref);  /* the caller does not repeat it */
  kz_answer_set_put (ev->answers, kz_answer_new ("O1", KZ_ANSWER_VALUE, 1, NULL));
  g_assert_cmpint (kz_store_save_evaluation (store, ev, &error), >, 0);
  back = kz_store_get_evaluation (store, ev->id, &error);
  g_assert_cmpint (g_date_time_get_year (back->created_at), ==, 2025);
  g_assert_cmpint (g_date_time_to_unix (back->updated_at), >=, before);
}

/* Two people save the same evaluation from what they each read: exactly
 * one wins, the other gets a conflict, and the winner's answers stay. */
static void
test_conflict (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzStore) one = open_store (f);
  g_autoptr(KzStore) two = open_store (f);
  g_autoptr(KzRubric) q = load (q_v1);
  g_autoptr(KzEvaluation) ev = kz_evaluation_new ();
  g_autoptr(KzEvaluation) a = NULL;
  g_autoptr(KzEvaluation) b = NULL;
  g_autoptr(KzEvaluation) after = NULL;
  gint64 id;

  g_assert_true (kz_store_add_rubric (one, q, NULL, &error));
  ev->rubric_id = g_strdup ("q");
  ev->agent_id = add_person (one, "Ana", KZ_ROLE_AGENT, "ana@example.org");
  ev->reviewer_id = add_person (one, "Rui", KZ_ROLE_REVIEWER, "rui@example.org");
  id = kz_store_save_evaluation (one, ev, &error);
  g_assert_no_error (error);

  a = kz_store_get_evaluation (one, id, &error);
  b = kz_store_get_evaluation (two, id, &error);
  g_assert_cmpint (a->row_version, ==, b->row_version);

  kz_answer_set_put (a->answers, kz_answer_new ("O1", KZ_ANSWER_VALUE, 1, "from one"));
  kz_answer_set_put (b->answers, kz_answer_new ("O1", KZ_ANSWER_VALUE, 0, "from two"));
  g_assert_cmpint (kz_store_save_evaluation (one, a, &error), ==, id);
  g_assert_no_error (error);
  g_assert_cmpint (kz_store_save_evaluation (two, b, &error), ==, 0);
  g_assert_error (error, KZ_ERROR, KZ_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, "Someone else saved"));
  g_clear_error (&error);

  /* The loser still holds its answers, and the stored ones are the winner's. */
  g_assert_cmpstr (kz_answer_set_get (b->answers, "O1")->comment, ==, "from two");
  after = kz_store_get_evaluation (two, id, &error);
  g_assert_cmpstr (kz_answer_set_get (after->answers, "O1")->comment, ==, "from one");
  g_assert_cmpint (after->row_version, ==, a->row_version);

  /* Saving again from a fresh read works. */
  kz_answer_set_put (after->answers, kz_answer_new ("K1", KZ_ANSWER_VALUE, 1, NULL));
  g_assert_cmpint (kz_store_save_evaluation (two, after, &error), ==, id);
  g_assert_no_error (error);
}

/* The same demo seed gives the same content in a single file and on the
 * team server: the two backends store the same things. */
static void
test_backends_agree (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzStore) pg = open_store (f);
  g_autoptr(KzStore) file = kz_store_open (f->path, &error);
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  g_assert_true (f->pg);
  g_assert_true (kz_demo_fill (pg, NULL, 3, NULL, &error));
  g_assert_true (kz_demo_fill (file, NULL, 3, NULL, &error));
  g_assert_no_error (error);
  a = kz_test_dump_store (pg);
  b = kz_test_dump_store (file);
  g_assert_cmpstr (a, ==, b);
  g_assert_true (kz_store_is_shared (pg));
  g_assert_false (kz_store_is_shared (file));
}

static void
pg_exec (PGconn *conn, const char *sql)
{
  PGresult *r = PQexec (conn, sql);

  if (PQresultStatus (r) != PGRES_COMMAND_OK && PQresultStatus (r) != PGRES_TUPLES_OK)
    g_error ("%s: %s", sql, PQresultErrorMessage (r));
  PQclear (r);
}

static char *
pg_value (PGconn *conn, const char *sql)
{
  PGresult *r = PQexec (conn, sql);
  char *v;

  g_assert_cmpint (PQresultStatus (r), ==, PGRES_TUPLES_OK);
  v = PQntuples (r) > 0 && !PQgetisnull (r, 0, 0) ? g_strdup (PQgetvalue (r, 0, 0)) : NULL;
  PQclear (r);
  return v;
}

static void
test_pg_fresh (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzStore) store = open_store (f);
  PGconn *conn = kz_test_pg_connect (f->location);
  g_autofree char *version = pg_value (conn, "SELECT value FROM kz_meta WHERE key = 'schema_version'");
  g_autofree char *tables = pg_value (conn, "SELECT string_agg(tablename, ',' ORDER BY tablename) FROM pg_tables "
                                            "WHERE schemaname = 'public' AND tablename IN ('answers', 'evaluations', "
                                            "'interactions', 'people', 'person_emails', 'rubrics', 'units')");

  g_assert_cmpint (kz_store_get_schema_version (store), ==, KZ_PG_SCHEMA_VERSION);
  g_assert_cmpstr (version, ==, G_STRINGIFY (KZ_PG_SCHEMA_VERSION));
  g_assert_cmpstr (tables, ==, "answers,evaluations,interactions,people,person_emails,rubrics,units");
  PQfinish (conn);

  /* Someone who only connects (not `server init`) gets the same store. */
  g_clear_object (&store);
  store = kz_store_open (f->location, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kz_store_get_schema_version (store), ==, KZ_PG_SCHEMA_VERSION);
}

/* As test_upgrade_from_1, on the server: O1 = Yes, K1 = No, K2 = 3 →
 * R = 75, K1 (form-critical) failed → auto_failed, failed_by K1, C = 0. */
static void
test_pg_upgrade_from_1 (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzStore) store = kz_pg_store_open (f->location, NULL, TRUE, 1, &error);
  g_autoptr(KzEvaluation) ev = NULL;
  g_autoptr(KzRubric) q = load (q_v1);
  PGconn *conn;
  const char *params[2] = { q_v1, kz_rubric_get_checksum (q) };
  PGresult *r;

  g_assert_no_error (error);
  g_assert_cmpint (kz_store_get_schema_version (store), ==, 1);
  g_clear_object (&store);

  conn = kz_test_pg_connect (f->location);
  pg_exec (conn, "INSERT INTO people (id, name, roles) VALUES (1, 'Ana Agent', 1), (2, 'Rui Reviewer', 2)");
  r = PQexecParams (conn, "INSERT INTO rubrics VALUES ('q', 1, 'Quick check', $1, $2, 2, 3, 0)",
                    2, NULL, params, NULL, NULL, 0);
  g_assert_cmpint (PQresultStatus (r), ==, PGRES_COMMAND_OK);
  PQclear (r);
  pg_exec (conn, "INSERT INTO evaluations (id, rubric_id, rubric_version, reviewer_id, agent_id, state, "
                 "created_at, updated_at, raw, final, pass) VALUES "
                 "(1, 'q', 1, 2, 1, 'submitted', 1700000000, 1700000000, 75, 0, false)");
  pg_exec (conn, "INSERT INTO answers VALUES (1, 'O1', 'value', 1, 'hello'), (1, 'K1', 'value', 0, NULL), "
                 "(1, 'K2', 'value', 3, NULL)");
  PQfinish (conn);

  /* Connecting is not upgrading: that is the owner's job. */
  store = kz_store_open (f->location, &error);
  g_assert_null (store);
  g_assert_error (error, KZ_ERROR, KZ_ERROR_DATABASE);
  g_assert_nonnull (strstr (error->message, "server init"));
  g_clear_error (&error);

  store = open_store (f);
  ev = kz_store_get_evaluation (store, 1, &error);
  g_assert_no_error (error);
  g_assert_true (ev->auto_failed);
  g_assert_cmpstr (ev->failed_by[0], ==, "K1");
  g_assert_true (ev->has_critical);
  g_assert_cmpfloat_with_epsilon (ev->critical, 0, 1e-9);
  g_assert_cmpint (ev->row_version, ==, 1);
  g_assert_cmpstr (kz_answer_set_get (ev->answers, "O1")->comment, ==, "hello");
}

/* Schema 11 → 12 on the server: the survey rows of schema 4 stay (a round,
 * its answers, an idea), kz_survey_results() now applies the differencing
 * rule as kz_survey_cells() does, and the voting secret is made. */
static void
test_pg_upgrade_from_11 (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzStore) store = kz_pg_store_open (f->location, NULL, TRUE, 11, &error);
  g_autoptr(GPtrArray) ideas = NULL;
  g_autoptr(GPtrArray) cells = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *results = NULL;
  PGconn *conn;

  g_assert_no_error (error);
  g_assert_cmpint (kz_store_get_schema_version (store), ==, 11);
  g_clear_object (&store);

  conn = kz_test_pg_connect (f->location);
  pg_exec (conn, "INSERT INTO units (id, kind, name) VALUES (1, 'organisation', 'Org'), "
                 "(2, 'team', 'A'), (3, 'team', 'B')");
  pg_exec (conn, "INSERT INTO survey_questions (id, text, kind) VALUES ('enps', 'Recommend?', 'scale_0_10')");
  pg_exec (conn, "INSERT INTO survey_rounds (id, title, opens_on, closes_on) "
                 "VALUES (1, 'Old round', current_date - 20, current_date - 10)");
  /* Team A 6 answers, team B 1: B is too few, and A minus nothing but the
   * whole round would give B's one answer away. */
  pg_exec (conn, "INSERT INTO survey_answers (round_id, team_id, question_id, value) "
                 "SELECT 1, 2, 'enps', v FROM unnest (ARRAY[9, 9, 10, 7, 6, 8]) v");
  pg_exec (conn, "INSERT INTO survey_answers (round_id, team_id, question_id, value) VALUES (1, 3, 'enps', 2)");
  pg_exec (conn, "INSERT INTO ideas (title) VALUES ('Kept')");
  PQfinish (conn);

  store = kz_pg_store_open (f->location, NULL, TRUE, 12, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kz_store_get_schema_version (store), ==, 12);
  ideas = kz_store_list_ideas (store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ideas->len, ==, 1);
  g_assert_cmpstr (((KzIdea *) g_ptr_array_index (ideas, 0))->title, ==, "Kept");
  cells = kz_store_survey_results (store, 1, &error);
  g_assert_no_error (error);
  /* whole round (7 ≥ 5) shown; A hidden for B's sake; B too few. */
  g_assert_cmpuint (cells->len, ==, 3);
  g_assert_cmpint (((KzSurveyCell *) g_ptr_array_index (cells, 0))->team_id, ==, KZ_CELL_ALL);
  g_assert_cmpint (((KzSurveyCell *) g_ptr_array_index (cells, 0))->suppression, ==, KZ_SHOWN);
  g_assert_cmpuint (((KzSurveyCell *) g_ptr_array_index (cells, 0))->n, ==, 7);
  g_assert_cmpint (((KzSurveyCell *) g_ptr_array_index (cells, 1))->suppression, ==, KZ_SUPPRESSED_DIFFERENCE);
  g_assert_cmpint (((KzSurveyCell *) g_ptr_array_index (cells, 2))->suppression, ==, KZ_SUPPRESSED_FEW);

  conn = kz_test_pg_connect (f->location);
  results = pg_value (conn, "SELECT string_agg (coalesce (team_id::text, 'all') || ':' || suppressed::text || ':' "
                            "|| coalesce (n::text, '-'), ' ' ORDER BY team_id NULLS FIRST) "
                            "FROM (SELECT * FROM kz_survey_results (1, true) UNION ALL "
                            "      SELECT * FROM kz_survey_results (1, false)) r");
  g_assert_cmpstr (results, ==, "all:false:7 2:true:- 3:true:-");
  secret = pg_value (conn, "SELECT length (secret) FROM kz_voice_secret WHERE id = 1");
  g_assert_cmpstr (secret, ==, "32");
  PQfinish (conn);
}

/* Schema 12 → 13 on the server: votes the server hashed over person ids
 * (its own kz_idea_vote() of schema 12) stay their voters'; the people
 * there keep their id as voter key, someone added later gets a random one;
 * and the server's hash is kz_voice_voter_hash() of its secret and the
 * key, exactly (what a copy from a file relies on). */
static void
test_pg_upgrade_from_12 (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzStore) store = kz_pg_store_open (f->location, NULL, TRUE, 12, &error);
  g_autoptr(KzIdea) idea = kz_idea_new ();
  g_autofree char *votes_before = NULL;
  g_autofree char *votes_after = NULL;
  g_autofree char *secret_hex = NULL;
  g_autofree char *dee_key = NULL;
  g_autofree char *ana_key = NULL;
  g_autofree char *server_hash = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(GBytes) secret = NULL;
  guint8 raw[32];
  gint64 ana, bo, cy, dee;
  PGconn *conn;

  g_assert_no_error (error);
  ana = add_person (store, "Ana", KZ_ROLE_AGENT | KZ_ROLE_STAFF, "ana@example.org");
  bo = add_person (store, "Bo", KZ_ROLE_AGENT | KZ_ROLE_STAFF, "bo@example.org");
  cy = add_person (store, "Cy", KZ_ROLE_AGENT | KZ_ROLE_STAFF, "cy@example.org");
  idea->title = g_strdup ("Quiet room");
  g_assert_nonnull (kz_store_submit_idea (store, idea, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (kz_store_vote_idea (store, idea->id, ana, &error));
  g_assert_true (kz_store_vote_idea (store, idea->id, bo, &error));
  g_assert_no_error (error);
  g_clear_object (&store);

  conn = kz_test_pg_connect (f->location);
  votes_before = pg_value (conn, "SELECT string_agg (voter_hash, ',' ORDER BY voter_hash) FROM idea_votes");
  secret_hex = pg_value (conn, "SELECT encode (secret, 'hex') FROM kz_voice_secret WHERE id = 1");
  {
    g_autofree char *ana_legacy = legacy_voter_hash (secret_hex, ana);
    g_autofree char *bo_legacy = legacy_voter_hash (secret_hex, bo);
    g_autofree char *both = g_strcmp0 (ana_legacy, bo_legacy) < 0 ? g_strjoin (",", ana_legacy, bo_legacy, NULL)
                                                                    : g_strjoin (",", bo_legacy, ana_legacy, NULL);

    /* The server's hashes of schema 12 were the id's, as defined. */
    g_assert_cmpstr (votes_before, ==, both);
  }
  PQfinish (conn);

  store = kz_pg_store_open (f->location, NULL, TRUE, 13, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kz_store_get_schema_version (store), ==, 13);
  assert_voted (store, idea->id, ana, TRUE);
  assert_voted (store, idea->id, bo, TRUE);
  assert_voted (store, idea->id, cy, FALSE);
  assert_second_vote_refused (store, idea->id, ana);
  g_assert_true (kz_store_vote_idea (store, idea->id, cy, &error));
  g_assert_no_error (error);
  assert_second_vote_refused (store, idea->id, cy);
  dee = add_person (store, "Dee", KZ_ROLE_AGENT | KZ_ROLE_STAFF, "dee@example.org");
  g_assert_true (kz_store_vote_idea (store, idea->id, dee, &error));
  g_assert_no_error (error);
  assert_second_vote_refused (store, idea->id, dee);
  g_assert_cmpuint (idea_votes (store, idea->id), ==, 4);

  /* Ana's and Bo's votes were not rewritten: the same two hashes. */
  votes_after = kz_test_sql_text (f->location, "SELECT count (*) FROM idea_votes "
                                               "WHERE voter_hash = ANY (string_to_array ($1, ','))",
                                  KZ_TEST_VALUES (KZ_TEST_TEXT (votes_before)));
  g_assert_cmpstr (votes_after, ==, "2");
  ana_key = kz_test_sql_text (f->location, "SELECT voter_key FROM kz_voter_keys WHERE person_id = $1",
                              KZ_TEST_VALUES (KZ_TEST_INT (ana)));
  g_assert_cmpint (g_ascii_strtoll (ana_key, NULL, 10), ==, ana);
  dee_key = kz_test_sql_text (f->location, "SELECT voter_key FROM kz_voter_keys WHERE person_id = $1",
                              KZ_TEST_VALUES (KZ_TEST_INT (dee)));
  g_assert_cmpuint (strlen (dee_key), ==, 32);   /* random, not Dee's id */
  /* The server's HMAC in PL/pgSQL is the C one. */
  for (guint i = 0; i < 32; i++)
    raw[i] = g_ascii_xdigit_value (secret_hex[2 * i]) * 16 + g_ascii_xdigit_value (secret_hex[2 * i + 1]);
  secret = g_bytes_new (raw, sizeof raw);
  expected = kz_voice_voter_hash (secret, dee_key);
  server_hash = kz_test_sql_text (f->location, "SELECT kz_voter_hash ($1)", KZ_TEST_VALUES (KZ_TEST_INT (dee)));
  g_assert_cmpstr (server_hash, ==, expected);
}

static void
test_pg_too_new (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzStore) store = open_store (f);
  PGconn *conn;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  add_person (store, "Ana", KZ_ROLE_AGENT, "ana@example.org");
  g_clear_object (&store);
  conn = kz_test_pg_connect (f->location);
  pg_exec (conn, "UPDATE kz_meta SET value = '99' WHERE key = 'schema_version'");
  before = pg_value (conn, "SELECT string_agg(key || '=' || value, ',' ORDER BY key) FROM kz_meta");

  store = kz_store_open (f->location, &error);
  g_assert_null (store);
  g_assert_error (error, KZ_ERROR, KZ_ERROR_TOO_NEW);
  g_assert_nonnull (strstr (error->message, "newer version of Kaizen"));
  g_clear_error (&error);
  store = open_location (f, f->location, &error);   /* not even server init touches it */
  g_assert_null (store);
  g_assert_error (error, KZ_ERROR, KZ_ERROR_TOO_NEW);

  after = pg_value (conn, "SELECT string_agg(key || '=' || value, ',' ORDER BY key) FROM kz_meta");
  g_assert_cmpstr (before, ==, after);
  PQfinish (conn);
}

static void
test_pg_not_kaizen (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzStore) store = NULL;
  PGconn *conn = kz_test_pg_connect (f->location);
  g_autofree char *tables = NULL;

  pg_exec (conn, "CREATE TABLE recipes (name text)");
  store = open_location (f, f->location, &error);
  g_assert_null (store);
  g_assert_error (error, KZ_ERROR, KZ_ERROR_DATABASE);
  g_assert_nonnull (strstr (error->message, "not Kaizen's"));
  tables = pg_value (conn, "SELECT string_agg(tablename, ',') FROM pg_tables WHERE schemaname = 'public'");
  g_assert_cmpstr (tables, ==, "recipes");
  PQfinish (conn);
}

/* A failing step leaves the server's database as it was: schema 1 with an
 * index named like one that migration 2 creates. */
static void
test_pg_failed_upgrade (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzStore) store = kz_pg_store_open (f->location, NULL, TRUE, 1, &error);
  PGconn *conn = kz_test_pg_connect (f->location);
  g_autofree char *version = NULL;
  g_autofree char *columns = NULL;

  g_assert_no_error (error);
  g_clear_object (&store);
  pg_exec (conn, "CREATE INDEX evaluations_agent ON evaluations (agent_id)");

  store = open_location (f, f->location, &error);
  g_assert_null (store);
  g_assert_error (error, KZ_ERROR, KZ_ERROR_DATABASE);
  g_assert_nonnull (strstr (error->message, "nothing was changed"));
  version = pg_value (conn, "SELECT value FROM kz_meta WHERE key = 'schema_version'");
  columns = pg_value (conn, "SELECT count(*) FROM information_schema.columns WHERE table_name = 'evaluations' "
                            "AND column_name = 'auto_failed'");
  g_assert_cmpstr (version, ==, "1");
  g_assert_cmpstr (columns, ==, "0");
  PQfinish (conn);
}

/* A server that is down gives a message that says so, not a crash. */
static void
test_pg_unreachable (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = kz_test_tmpdir_new ();
  g_autofree char *host = g_uri_escape_string (dir, NULL, FALSE);
  g_autofree char *uri = g_strdup_printf ("postgresql://nobody:pw@/kaizen?host=%s", host);
  g_autoptr(KzStore) store = kz_store_open (uri, &error);

  g_assert_null (store);
  g_assert_error (error, KZ_ERROR, KZ_ERROR_CONNECTION);
  g_assert_nonnull (strstr (error->message, "Cannot reach the team server"));
  kz_test_tmpdir_free (g_steal_pointer (&dir));
}

/* An email and a call whose text is everything PostgreSQL's array syntax
 * treats specially (quotes, backslashes, braces, commas, the word NULL),
 * turns with no speaker, an empty turn, new lines, so a copy that sends
 * many rows at once must carry them as they are. */
static void
add_awkward_content (KzStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) when = g_date_time_new_utc (2026, 10, 1, 9, 30, 0);
  g_autoptr(GPtrArray) agents = kz_store_list_people (store, KZ_ROLE_AGENT, &error);
  static const char * const texts[] = {
    "He said \"no\", twice", "C:\\Users\\ana\\", "{a,b}", "NULL", "", "two\nlines\tand a tab",
    "  spaces  ", "caf\xc3\xa9 \xe2\x82\xac" "5", "\\\"", "}{\\",
  };
  KzInteraction it = { 0 };
  KzCall call = { 0 };
  g_autoptr(KzEmailMessage) m = g_new0 (KzEmailMessage, 1);

  g_assert_no_error (error);
  it.agent_id = ((KzPerson *) g_ptr_array_index (agents, 0))->id;
  it.started_at = when;

  it.channel = KZ_CHANNEL_CALL;
  it.subject = (char *) "Awkward \"call\"";
  it.external_ref = (char *) "CALL-{AWKWARD}";
  call.interaction_id = kz_store_add_interaction (store, &it, &error);
  g_assert_no_error (error);
  call.duration_s = 61;
  call.direction = KZ_DIRECTION_OUTBOUND;
  call.audio_path = (char *) "/srv/calls/awkward, \"one\".ogg";
  call.audio_type = (char *) "audio/ogg";
  call.transcript = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_transcript_segment_free);
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      KzTranscriptSegment *seg = g_new0 (KzTranscriptSegment, 1);

      seg->start_ms = 1000 * (gint) i;
      seg->end_ms = i % 3 == 0 ? -1 : seg->start_ms + 900;
      seg->speaker = i % 2 == 0 ? NULL : g_strdup (texts[G_N_ELEMENTS (texts) - 1 - i]);
      seg->text = g_strdup (texts[i]);
      g_ptr_array_add (call.transcript, seg);
    }
  g_assert_true (kz_store_add_call (store, &call, &error));
  g_assert_no_error (error);
  g_ptr_array_unref (call.transcript);

  it.channel = KZ_CHANNEL_EMAIL;
  it.subject = (char *) "{Awkward} mail";
  it.external_ref = (char *) "awkward@example.org";
  m->message_id = g_strdup ("awkward@example.org");
  m->references = g_new0 (char *, 1);
  m->from = g_strdup ("\"Ana, \\ Silva\" <ana@example.org>");
  m->from_address = g_strdup ("ana@example.org");
  m->to = g_strdup ("NULL <null@example.org>");
  m->date = g_date_time_ref (when);
  m->subject = g_strdup ("{Awkward} mail");
  m->body = g_strdup ("Line one\n\"quoted\" \\ back\n}{,");
  m->attachments = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_attachment_free);
  for (guint i = 0; i < 4; i++)
    {
      KzAttachment *a = g_new0 (KzAttachment, 1);

      a->filename = g_strdup_printf ("%s.txt", texts[i]);
      a->mime_type = g_strdup ("text/plain");
      a->size = 1000 + i;
      g_ptr_array_add (m->attachments, a);
    }
  g_assert_cmpint (kz_store_add_interaction (store, &it, &error), >, 0);
  g_assert_no_error (error);
  g_assert_true (kz_store_add_message (store, kz_store_find_interaction (store, "awkward@example.org", NULL),
                                       m, &error));
  g_assert_no_error (error);
}

/* ---- staff voice after a copy ---- */

static GHashTable *
unit_names (KzStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) units = kz_store_list_units (store, &error);
  GHashTable *names = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  gint64 all = KZ_CELL_ALL, none = KZ_CELL_NO_TEAM;

  g_assert_no_error (error);
  for (guint i = 0; i < units->len; i++)
    {
      KzUnit *u = g_ptr_array_index (units, i);

      g_hash_table_insert (names, g_memdup2 (&u->id, sizeof u->id), g_strdup (u->name));
    }
  g_hash_table_insert (names, g_memdup2 (&all, sizeof all), g_strdup ("(all)"));
  g_hash_table_insert (names, g_memdup2 (&none, sizeof none), g_strdup ("(no team)"));
  return names;
}

static char *
plain (const char *uuid)
{
  GString *out = g_string_new (NULL);

  for (const char *p = uuid; *p != '\0'; p++)
    if (*p != '-')
      g_string_append_c (out, *p);
  return g_string_free (out, FALSE);
}

/* Every closed round's results, cell by cell, read the same on both: the
 * same questions in the same order, the same teams (by name), the same
 * counts, the same suppression. */
static void
assert_same_survey_results (KzStore *file, KzStore *server)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ra = kz_store_list_rounds (file, 0, &error);
  g_autoptr(GPtrArray) rb = kz_store_list_rounds (server, 0, &error);
  g_autoptr(GHashTable) ua = unit_names (file);
  g_autoptr(GHashTable) ub = unit_names (server);
  guint n_closed = 0, n_shown = 0, n_difference = 0, n_few = 0;
  GDate today_a, today_b;

  g_assert_no_error (error);
  g_assert_true (kz_store_voice_today (file, &today_a, NULL) && kz_store_voice_today (server, &today_b, NULL));
  g_assert_cmpuint (ra->len, ==, rb->len);
  for (guint i = 0; i < ra->len; i++)
    {
      KzSurveyRound *a = g_ptr_array_index (ra, i);
      KzSurveyRound *b = g_ptr_array_index (rb, i);
      g_autoptr(GPtrArray) ca = NULL;
      g_autoptr(GPtrArray) cb = NULL;

      g_assert_cmpstr (a->title, ==, b->title);
      g_assert_cmpint (kz_survey_round_is_closed (a, &today_a), ==, kz_survey_round_is_closed (b, &today_b));
      if (!kz_survey_round_is_closed (a, &today_a))
        continue;
      n_closed++;
      ca = kz_store_survey_results (file, a->id, &error);
      g_assert_no_error (error);
      cb = kz_store_survey_results (server, b->id, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (ca->len, ==, cb->len);
      for (guint c = 0; c < ca->len; c++)
        {
          KzSurveyCell *x = g_ptr_array_index (ca, c);
          KzSurveyCell *y = g_ptr_array_index (cb, c);

          g_assert_cmpstr (x->question_id, ==, y->question_id);
          g_assert_cmpstr (g_hash_table_lookup (ua, &x->team_id), ==, g_hash_table_lookup (ub, &y->team_id));
          g_assert_cmpint (x->suppression, ==, y->suppression);
          g_assert_cmpuint (x->n, ==, y->n);
          for (guint v = 0; v < G_N_ELEMENTS (x->counts); v++)
            g_assert_cmpuint (x->counts[v], ==, y->counts[v]);
          n_shown += x->suppression == KZ_SHOWN;
          n_difference += x->suppression == KZ_SUPPRESSED_DIFFERENCE;
          n_few += x->suppression == KZ_SUPPRESSED_FEW;
        }
    }
  /* The demo's three closed rounds show figures, and hide some: too few,
   * and for the differencing rule. */
  g_assert_cmpuint (n_closed, ==, 3);
  g_assert_cmpuint (n_shown, >, 0);
  g_assert_cmpuint (n_difference, >, 0);
  g_assert_cmpuint (n_few, >, 0);
}

static int
compare_c_strings (gconstpointer a,
                   gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

static GPtrArray *
sorted_lines (GPtrArray *lines)
{
  g_ptr_array_sort (lines, compare_c_strings);
  return lines;
}

/* The anonymous answers as the owner reads them: each with its random id,
 * its round and team (by name), its question and its answer, and nothing
 * else — in the file and on the server alike. */
static void
assert_same_raw_answers (const char *path, const char *uri)
{
  g_autoptr(GPtrArray) in_file = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) on_server = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) physical = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) by_id = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *columns = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  PGconn *conn;
  PGresult *r;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT a.id || '|' || r.title || '|' || coalesce (u.name, '-') || '|' || "
                                           "a.question_id || '|' || coalesce (a.value, '-') || '|' || "
                                           "coalesce (a.comment, '-') FROM survey_answers a "
                                           "JOIN survey_rounds r ON r.id = a.round_id "
                                           "LEFT JOIN units u ON u.id = a.team_id", -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (in_file, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  conn = kz_test_pg_connect (uri);
  r = PQexec (conn, "SELECT replace (a.id::text, '-', '') || '|' || r.title || '|' || coalesce (u.name, '-') || '|' || "
                    "a.question_id || '|' || coalesce (a.value::text, '-') || '|' || coalesce (a.comment, '-') "
                    "FROM survey_answers a JOIN survey_rounds r ON r.id = a.round_id "
                    "LEFT JOIN units u ON u.id = a.team_id");
  g_assert_cmpint (PQresultStatus (r), ==, PGRES_TUPLES_OK);
  for (int i = 0; i < PQntuples (r); i++)
    g_ptr_array_add (on_server, g_strdup (PQgetvalue (r, i, 0)));
  PQclear (r);
  g_assert_cmpuint (in_file->len, >, 100);
  g_assert_cmpuint (on_server->len, ==, in_file->len);
  sorted_lines (in_file);
  sorted_lines (on_server);
  for (guint i = 0; i < in_file->len; i++)
    g_assert_cmpstr (g_ptr_array_index (in_file, i), ==, g_ptr_array_index (on_server, i));

  /* Nothing else in an answer row; and the table's own order is neither
   * the ids' (the file's order) nor anything else the copy read. */
  columns = pg_value (conn, "SELECT string_agg (column_name, ' ' ORDER BY ordinal_position) "
                            "FROM information_schema.columns WHERE table_name = 'survey_answers'");
  g_assert_cmpstr (columns, ==, "id round_id team_id question_id value comment");
  r = PQexec (conn, "SELECT replace (id::text, '-', '') FROM survey_answers");
  for (int i = 0; i < PQntuples (r); i++)
    {
      g_ptr_array_add (physical, g_strdup (PQgetvalue (r, i, 0)));
      g_ptr_array_add (by_id, g_strdup (PQgetvalue (r, i, 0)));
    }
  PQclear (r);
  sorted_lines (by_id);
  {
    guint same = 0;

    for (guint i = 0; i < physical->len; i++)
      same += g_str_equal (g_ptr_array_index (physical, i), g_ptr_array_index (by_id, i));
    /* In a random order, a few land where id order would put them. */
    g_assert_cmpuint (same, <, physical->len / 10);
  }
  PQfinish (conn);
}

/* Every demo person's vote, idea by idea: "already voted" on the server
 * exactly where they voted in the file; every vote is one person's, once. */
static void
assert_same_voters (KzStore *file, KzStore *server)
{
  static const KzIdeaFilter everything = { TRUE, KZ_IDEA_NEW, TRUE };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) people = kz_store_list_people (file, KZ_ROLE_NONE, &error);
  g_autoptr(GPtrArray) ideas = kz_store_list_ideas (file, &everything, &error);
  g_autoptr(GPtrArray) on_server = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_person_free);
  g_autofree char *open_idea = NULL;
  gint64 voter = 0, not_voter = 0;
  guint n_votes = 0, n_voted = 0;

  g_assert_no_error (error);
  for (guint p = 0; p < people->len; p++)
    {
      KzPerson *person = g_ptr_array_index (people, p);
      KzPerson *there = kz_store_find_person_by_email (server, person->emails[0], &error);

      g_assert_no_error (error);
      g_assert_cmpstr (there->name, ==, person->name);
      g_ptr_array_add (on_server, there);
    }
  for (guint i = 0; i < ideas->len; i++)
    {
      KzIdea *idea = g_ptr_array_index (ideas, i);

      n_votes += idea->n_votes;
      for (guint p = 0; p < people->len; p++)
        {
          gboolean in_file = FALSE, there = FALSE;

          g_assert_true (kz_store_idea_has_vote (file, idea->id, ((KzPerson *) g_ptr_array_index (people, p))->id,
                                                 &in_file, &error));
          g_assert_true (kz_store_idea_has_vote (server, idea->id,
                                                 ((KzPerson *) g_ptr_array_index (on_server, p))->id, &there,
                                                 &error));
          g_assert_no_error (error);
          g_assert_cmpint (in_file, ==, there);
          n_voted += in_file;
          if (idea->merged_into == NULL && open_idea == NULL && in_file)
            {
              open_idea = g_strdup (idea->id);
              voter = ((KzPerson *) g_ptr_array_index (on_server, p))->id;
            }
        }
    }
  /* Each vote is a demo person's, and each person's once. */
  g_assert_cmpuint (n_votes, >, 20);
  g_assert_cmpuint (n_voted, ==, n_votes);

  /* On the server, the voter cannot vote again; someone who did not vote
   * can, once, and counts once. */
  g_assert_nonnull (open_idea);
  assert_second_vote_refused (server, open_idea, voter);
  for (guint p = 0; p < on_server->len && not_voter == 0; p++)
    {
      gint64 id = ((KzPerson *) g_ptr_array_index (on_server, p))->id;
      gboolean voted = TRUE;

      g_assert_true (kz_store_idea_has_vote (server, open_idea, id, &voted, NULL));
      if (!voted)
        not_voter = id;
    }
  g_assert_cmpint (not_voter, >, 0);
  {
    guint before = idea_votes (server, open_idea);

    g_assert_true (kz_store_vote_idea (server, open_idea, not_voter, &error));
    g_assert_no_error (error);
    assert_second_vote_refused (server, open_idea, not_voter);
    g_assert_cmpuint (idea_votes (server, open_idea), ==, before + 1);
  }
}

/* Threads followed with tokens kept on the author's machine: an anonymous
 * idea's own, and an anonymous comment's on another idea. */
static void
add_followed_threads (KzStore *file, char **tokens)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzIdea) idea = kz_idea_new ();
  g_autoptr(GPtrArray) board = kz_store_list_ideas (file, NULL, &error);
  g_autofree char *reply = NULL;
  g_autofree char *comment = NULL;
  g_autoptr(GPtrArray) managers = kz_store_list_people (file, KZ_ROLE_MANAGER, &error);

  g_assert_no_error (error);
  tokens[0] = kz_voice_new_token ();
  tokens[1] = kz_voice_new_token ();
  tokens[2] = NULL;
  idea->title = g_strdup ("Longer wrap-up after complaints");
  idea->body = g_strdup ("Two minutes are not enough after an angry caller.");
  g_assert_nonnull (kz_store_submit_idea (file, idea, tokens[0], &error));
  g_assert_no_error (error);
  reply = kz_store_reply_idea (file, idea->id, ((KzPerson *) g_ptr_array_index (managers, 0))->id,
                               "We are trying three minutes on the complaints queue.", NULL, &error);
  g_assert_no_error (error);
  comment = kz_store_comment_idea (file, ((KzIdea *) g_ptr_array_index (board, 0))->id, 0,
                                   "I would join a trial.", tokens[1], NULL, &error);
  g_assert_no_error (error);
}

static void
assert_same_threads (KzStore *file, KzStore *server, char **tokens)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) a = kz_store_list_my_threads (file, (const char * const *) tokens, NULL, &error);
  g_autoptr(GPtrArray) b = kz_store_list_my_threads (server, (const char * const *) tokens, NULL, &error);
  g_autoptr(GPtrArray) comments = NULL;
  g_autofree char *follow_up = NULL;
  KzIdeaThread *authored = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (a->len, ==, 2);
  g_assert_cmpuint (b->len, ==, a->len);
  for (guint i = 0; i < a->len; i++)
    {
      KzIdeaThread *x = g_ptr_array_index (a, i);
      KzIdeaThread *y = NULL;

      for (guint j = 0; j < b->len && y == NULL; j++)
        if (g_str_equal (((KzIdeaThread *) g_ptr_array_index (b, j))->token, x->token))
          y = g_ptr_array_index (b, j);
      g_assert_nonnull (y);
      {
        g_autofree char *xi = plain (x->idea_id);
        g_autofree char *yi = plain (y->idea_id);

        g_assert_cmpstr (xi, ==, yi);
      }
      g_assert_cmpint (x->authored, ==, y->authored);
      g_assert_cmpstr (x->idea->pseudonym, ==, y->idea->pseudonym);
      g_assert_cmpuint (g_strv_length (x->own_comment_ids), ==, g_strv_length (y->own_comment_ids));
      for (guint c = 0; x->own_comment_ids[c] != NULL; c++)
        {
          g_autofree char *xc = plain (x->own_comment_ids[c]);
          g_autofree char *yc = plain (y->own_comment_ids[c]);

          g_assert_cmpstr (xc, ==, yc);
        }
      g_assert_cmpuint (x->replies->len, ==, y->replies->len);
      for (guint c = 0; c < x->replies->len; c++)
        g_assert_cmpstr (((KzIdeaComment *) g_ptr_array_index (x->replies, c))->body, ==,
                         ((KzIdeaComment *) g_ptr_array_index (y->replies, c))->body);
      if (y->authored)
        authored = y;
    }
  /* The anonymous author follows up on the server, still under the idea's
   * pseudonym: the token is the same, so is its hash. */
  g_assert_nonnull (authored);
  g_assert_cmpuint (authored->replies->len, ==, 1);   /* the manager's reply */
  follow_up = kz_store_comment_idea (server, authored->idea_id, 0, "Three minutes would do.", authored->token, NULL,
                                     &error);
  g_assert_no_error (error);
  comments = kz_store_list_idea_comments (server, authored->idea_id, &error);
  g_assert_no_error (error);
  for (guint c = 0; c < comments->len; c++)
    if (g_str_equal (((KzIdeaComment *) g_ptr_array_index (comments, c))->id, follow_up))
      g_assert_cmpstr (((KzIdeaComment *) g_ptr_array_index (comments, c))->pseudonym, ==,
                       authored->idea->pseudonym);
}

/* migrate --to: a single file copied to the server holds the same things
 * (emails, calls, ratings and queues included, and staff voice whole:
 * the same survey results cell by cell, the same anonymous answers under
 * the same random ids, the same ideas, comments and threads, every voter
 * still "already voted"), every count matches, and a failure half-way
 * leaves the server as it was. */
static void
test_pg_copy (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzStore) file = kz_store_open (f->path, &error);
  g_autoptr(KzStore) server = open_store (f);
  g_autoptr(GPtrArray) reviewers = NULL;
  g_autoptr(GPtrArray) its = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *ids_a = NULL;
  g_autofree char *ids_b = NULL;
  g_auto(GStrv) tokens = g_new0 (char *, 3);
  KzDemoCounts demo = { 0 };
  KzCopyCounts copied = { 0 };
  gint64 queued_before;

  g_assert_true (kz_demo_fill (file, NULL, 5, &demo, &error));
  g_assert_no_error (error);
  add_awkward_content (file);
  add_followed_threads (file, tokens);

  /* One reviewer's queue longer than the pages the copy reads it in: every
   * interaction (those already queued for them stay once). */
  queued_before = kz_store_count (file, KZ_RECORD_ASSIGNMENTS, NULL);
  g_assert_cmpint (queued_before, ==, demo.n_assignments);
  reviewers = kz_store_list_people (file, KZ_ROLE_REVIEWER, &error);
  its = kz_store_list_interactions (file, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (its->len, >, 400);
  for (guint i = 0; i < its->len; i++)
    g_assert_true (kz_store_assign (file, ((KzInteraction *) g_ptr_array_index (its, i))->id,
                                    ((KzPerson *) g_ptr_array_index (reviewers, 0))->id, &error));
  g_assert_cmpint (kz_store_count (file, KZ_RECORD_ASSIGNMENTS, NULL), >=, queued_before + 400);

  g_assert_true (kz_store_copy (file, server, &copied, &error));
  g_assert_no_error (error);

  /* Every kind there is: the file has some of each, the server as many. */
  for (guint k = 0; k < KZ_RECORD_N_KINDS; k++)
    {
      gint64 in_file = kz_store_count (file, k, &error);
      gint64 on_server;

      g_assert_no_error (error);
      on_server = kz_store_count (server, k, &error);
      g_assert_no_error (error);
      g_test_message ("kind %u: %" G_GINT64_FORMAT " in the file, %" G_GINT64_FORMAT " on the server",
                      k, in_file, on_server);
      g_assert_cmpint (in_file, >, 0);
      g_assert_cmpint (on_server, ==, in_file);
    }

  /* What the copy says it copied is what the file holds. */
  {
    const struct { KzRecordKind kind; guint n; } reported[] = {
      { KZ_RECORD_PEOPLE, copied.n_people },
      { KZ_RECORD_UNITS, copied.n_units },
      { KZ_RECORD_RUBRICS, copied.n_rubrics },
      { KZ_RECORD_INTERACTIONS, copied.n_interactions },
      { KZ_RECORD_EVALUATIONS, copied.n_evaluations },
      { KZ_RECORD_ANSWERS, copied.n_answers },
      { KZ_RECORD_MESSAGES, copied.n_messages },
      { KZ_RECORD_ATTACHMENTS, copied.n_attachments },
      { KZ_RECORD_CALLS, copied.n_calls },
      { KZ_RECORD_TRANSCRIPT_SEGMENTS, copied.n_segments },
      { KZ_RECORD_FEEDBACK, copied.n_feedback },
      { KZ_RECORD_ASSIGNMENTS, copied.n_assignments },
      { KZ_RECORD_SURVEY_QUESTIONS, copied.n_questions },
      { KZ_RECORD_PULSE_PLANS, copied.n_pulse_plans },
      { KZ_RECORD_SURVEY_ROUNDS, copied.n_survey_rounds },
      { KZ_RECORD_SURVEY_ANSWERS, copied.n_survey_answers },
      { KZ_RECORD_SURVEY_PARTICIPATION, copied.n_participation },
      { KZ_RECORD_IDEAS, copied.n_ideas },
      { KZ_RECORD_IDEA_COMMENTS, copied.n_idea_comments },
      { KZ_RECORD_IDEA_VOTES, copied.n_idea_votes },
      { KZ_RECORD_CALIBRATION_SESSIONS, copied.n_calibration_sessions },
      { KZ_RECORD_CALIBRATION_EVALUATIONS, copied.n_calibration_evaluations },
      { KZ_RECORD_REVISIONS, copied.n_revisions },
      { KZ_RECORD_ACKNOWLEDGEMENTS, copied.n_acknowledgements },
      { KZ_RECORD_DISPUTES, copied.n_disputes },
      { KZ_RECORD_DISPUTE_ITEMS, copied.n_dispute_items },
      { KZ_RECORD_AUDIT_ENTRIES, copied.n_audit_entries },
      { KZ_RECORD_PRINCIPLES, copied.n_principles },
      { KZ_RECORD_PERSONAS, copied.n_personas },
    };

    G_STATIC_ASSERT (G_N_ELEMENTS (reported) == KZ_RECORD_N_KINDS);
    for (guint i = 0; i < G_N_ELEMENTS (reported); i++)
      g_assert_cmpint (reported[i].n, ==, kz_store_count (file, reported[i].kind, NULL));
  }
  /* …and what the demo says it made, with the awkward email and call. */
  g_assert_cmpuint (copied.n_units, ==, demo.n_units);
  g_assert_cmpuint (copied.n_people, ==, demo.n_people);
  g_assert_cmpuint (copied.n_rubrics, ==, demo.n_rubrics);
  g_assert_cmpuint (copied.n_interactions, ==, demo.n_interactions + 2);
  g_assert_cmpuint (copied.n_evaluations, ==, demo.n_evaluations);
  g_assert_cmpuint (copied.n_messages, ==, demo.n_messages + 1);
  g_assert_cmpuint (copied.n_calls, ==, demo.n_calls + 1);
  g_assert_cmpuint (copied.n_feedback, ==, demo.n_ratings);
  g_assert_cmpuint (copied.n_survey_rounds, ==, demo.n_survey_rounds);
  g_assert_cmpuint (copied.n_survey_answers, ==, demo.n_survey_answers);
  g_assert_cmpuint (copied.n_ideas, ==, demo.n_ideas + 1);

  /* The same content, read back through each backend. */
  a = kz_test_dump_store (file);
  b = kz_test_dump_store (server);
  g_assert_nonnull (strstr (a, "\nmessage email "));
  g_assert_nonnull (strstr (a, "\nturn call "));
  g_assert_nonnull (strstr (a, "\nrating "));
  g_assert_nonnull (strstr (a, "\nassignment "));
  /* History and calibration came too, as they were. */
  g_assert_nonnull (strstr (a, "\nrevision "));
  g_assert_nonnull (strstr (a, " #2 at="));
  g_assert_nonnull (strstr (a, "\nacknowledgement "));
  g_assert_nonnull (strstr (a, "\ndispute "));
  g_assert_nonnull (strstr (a, " changed by "));
  g_assert_nonnull (strstr (a, "\naudit "));
  g_assert_nonnull (strstr (a, "\ncalibration "));
  g_assert_nonnull (strstr (a, "\ncalibration-evaluation "));
  g_assert_nonnull (strstr (a, "\nturn call CALL-{AWKWARD} #0003 3000--1   spaces  : NULL\n"));
  g_assert_nonnull (strstr (a, " attachments=[ He said \\\"no\\\", twice.txt text/plain 1000; C:\\\\Users"));
  g_assert_cmpstr (a, ==, b);
  g_assert_nonnull (strstr (a, "\nresult "));
  g_assert_nonnull (strstr (a, "\nidea-comment on "));
  g_assert_nonnull (strstr (a, "\nopen-round "));
  /* …and the random parts, which a copy keeps: ids and pseudonyms. */
  ids_a = kz_test_dump_voice_ids (file);
  ids_b = kz_test_dump_voice_ids (server);
  g_assert_cmpstr (ids_a, ==, ids_b);

  assert_same_survey_results (file, server);
  assert_same_raw_answers (f->path, f->location);
  assert_same_threads (file, server, tokens);
  assert_same_voters (file, server);

  /* Copying again into a server that now holds data is refused. */
  g_assert_false (kz_store_copy (file, server, NULL, &error));
  g_assert_error (error, KZ_ERROR, KZ_ERROR_EXISTS);
}

/* The copy writes to a single file too (the same store API): staff voice
 * arrives whole there as well — the same results, ids, threads and voters
 * — and the anonymous answers are the same rows under the same ids. */
static void
test_copy_to_file (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *other = g_build_filename (f->dir, "copy.db", NULL);
  g_autoptr(KzStore) file = kz_store_open (f->path, &error);
  g_autoptr(KzStore) copy = kz_store_open (other, &error);
  g_auto(GStrv) tokens = g_new0 (char *, 3);
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *ids_a = NULL;
  g_autofree char *ids_b = NULL;
  g_autofree char *answers_a = NULL;
  g_autofree char *answers_b = NULL;
  static const char answers_sql[] =
    "SELECT group_concat (line, '\n') FROM (SELECT a.id || '|' || r.title || '|' || coalesce (u.name, '-') || '|' "
    "|| a.question_id || '|' || coalesce (a.value, '-') || '|' || coalesce (a.comment, '-') AS line "
    "FROM survey_answers a JOIN survey_rounds r ON r.id = a.round_id LEFT JOIN units u ON u.id = a.team_id "
    "ORDER BY 1)";

  g_assert_no_error (error);
  g_assert_true (kz_demo_fill (file, NULL, 12, NULL, &error));
  g_assert_no_error (error);
  add_followed_threads (file, tokens);
  g_assert_true (kz_store_copy (file, copy, NULL, &error));
  g_assert_no_error (error);

  for (guint k = 0; k < KZ_RECORD_N_KINDS; k++)
    g_assert_cmpint (kz_store_count (copy, k, NULL), ==, kz_store_count (file, k, NULL));
  a = kz_test_dump_store (file);
  b = kz_test_dump_store (copy);
  g_assert_cmpstr (a, ==, b);
  ids_a = kz_test_dump_voice_ids (file);
  ids_b = kz_test_dump_voice_ids (copy);
  g_assert_cmpstr (ids_a, ==, ids_b);
  answers_a = kz_sqlite_store_query_text_for_test (KZ_SQLITE_STORE (file), answers_sql);
  answers_b = kz_sqlite_store_query_text_for_test (KZ_SQLITE_STORE (copy), answers_sql);
  g_assert_nonnull (answers_a);
  g_assert_cmpstr (answers_a, ==, answers_b);
  assert_same_survey_results (file, copy);
  assert_same_threads (file, copy, tokens);
  assert_same_voters (file, copy);

  /* A file gives its staff voice, a server none (see the pg tests); and a
   * file with staff voice takes no more. */
  g_assert_false (kz_store_copy (file, copy, NULL, &error));
  g_assert_error (error, KZ_ERROR, KZ_ERROR_EXISTS);
}

/* The copy gets through everything before staff voice but its last step —
 * customers' ratings come then, and the last interaction's rating has a
 * comment that is not UTF-8 (a single file keeps the bytes it is given;
 * PostgreSQL refuses them) — and the server is left holding nothing but
 * what it held before: an identical rubric, which the copy may share.
 * Then it fails on the very last insert of all, a vote. */
static void
test_pg_copy_fails_half_way (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzStore) file = kz_store_open (f->path, &error);
  g_autoptr(KzStore) server = open_store (f);
  g_autoptr(KzRubric) phone = NULL;
  g_autoptr(GPtrArray) its = NULL;
  KzInteraction *last;
  KzFeedback bad = { 0 };
  PGconn *conn;
  g_autofree char *messages_seq = NULL;
  g_autofree char *evaluations_seq = NULL;
  g_autofree char *n_messages = NULL;
  g_autofree char *n_evaluations = NULL;
  g_autofree char *secret_before = NULL;
  g_autofree char *secret_after = NULL;
  g_autofree char *n_keys = NULL;
  g_autofree char *rounds_seq = NULL;
  g_autofree char *n_rounds = NULL;

  g_assert_true (kz_demo_fill (file, NULL, 6, NULL, &error));
  g_assert_no_error (error);

  phone = kz_store_get_rubric (file, "phone-support", 1, &error);
  g_assert_no_error (error);
  g_assert_true (kz_store_add_rubric (server, phone, NULL, &error));
  g_assert_no_error (error);

  its = kz_store_list_interactions (file, &error);
  g_assert_no_error (error);
  last = g_ptr_array_index (its, its->len - 1);
  bad.interaction_id = last->id;
  bad.scale = KZ_FEEDBACK_CSAT;
  bad.rating = 2;
  bad.comment = (char *) "Tr\xe8s lent";   /* Latin-1 */
  g_assert_true (kz_store_set_feedback (file, &bad, &error));
  g_assert_no_error (error);

  g_assert_false (kz_store_copy (file, server, NULL, &error));
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "rating"));
  g_assert_nonnull (strstr (error->message, last->external_ref));
  g_clear_error (&error);

  for (guint k = 0; k < KZ_RECORD_N_KINDS; k++)
    g_assert_cmpint (kz_store_count (server, k, NULL), ==, k == KZ_RECORD_RUBRICS ? 1 : 0);

  /* The work done before the failure really was written, then rolled
   * back: sequences do not roll back, and every email and evaluation of
   * the file took a number. */
  conn = kz_test_pg_connect (f->location);
  messages_seq = pg_value (conn, "SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM messages_id_seq");
  evaluations_seq = pg_value (conn, "SELECT CASE WHEN is_called THEN last_value ELSE 0 END "
                                    "FROM evaluations_id_seq");
  PQfinish (conn);
  n_messages = g_strdup_printf ("%" G_GINT64_FORMAT, kz_store_count (file, KZ_RECORD_MESSAGES, NULL));
  n_evaluations = g_strdup_printf ("%" G_GINT64_FORMAT, kz_store_count (file, KZ_RECORD_EVALUATIONS, NULL) +
                                   kz_store_count (file, KZ_RECORD_CALIBRATION_EVALUATIONS, NULL));
  g_assert_cmpstr (messages_seq, ==, n_messages);
  g_assert_cmpstr (evaluations_seq, ==, n_evaluations);

  /* With the comment mended, the copy gets further: through everything
   * and all of staff voice, to the very last insert — the votes, which the
   * server is made to refuse here — and still leaves nothing behind: no
   * question, round, answer, idea or vote, no voter key, and the server's
   * own voting secret as it was. */
  bad.comment = (char *) "Tr\xc3\xa8s lent";
  g_assert_true (kz_store_set_feedback (file, &bad, &error));
  conn = kz_test_pg_connect (f->location);
  secret_before = pg_value (conn, "SELECT encode (secret, 'hex') FROM kz_voice_secret");
  pg_exec (conn, "CREATE FUNCTION test_refuse_votes () RETURNS trigger LANGUAGE plpgsql AS $$ "
                 "BEGIN RAISE EXCEPTION 'the test refuses the last insert'; END $$");
  pg_exec (conn, "CREATE TRIGGER test_refuse_votes AFTER INSERT ON idea_votes "
                 "FOR EACH STATEMENT EXECUTE FUNCTION test_refuse_votes ()");
  g_assert_false (kz_store_copy (file, server, NULL, &error));
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "refuses the last insert"));
  g_assert_nonnull (strstr (error->message, "pulse surveys and ideas"));
  g_clear_error (&error);
  for (guint k = 0; k < KZ_RECORD_N_KINDS; k++)
    g_assert_cmpint (kz_store_count (server, k, NULL), ==, k == KZ_RECORD_RUBRICS ? 1 : 0);
  secret_after = pg_value (conn, "SELECT encode (secret, 'hex') FROM kz_voice_secret");
  g_assert_cmpstr (secret_after, ==, secret_before);
  n_keys = pg_value (conn, "SELECT count (*) FROM kz_voter_keys");
  g_assert_cmpstr (n_keys, ==, "0");
  /* Written, then rolled back: every round of the file took a number. */
  rounds_seq = pg_value (conn, "SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM survey_rounds_id_seq");
  n_rounds = g_strdup_printf ("%" G_GINT64_FORMAT, kz_store_count (file, KZ_RECORD_SURVEY_ROUNDS, NULL));
  g_assert_cmpstr (rounds_seq, ==, n_rounds);
  pg_exec (conn, "DROP TRIGGER test_refuse_votes ON idea_votes");
  PQfinish (conn);

  /* Left alone, the same copy goes through. */
  g_assert_true (kz_store_copy (file, server, NULL, &error));
  g_assert_no_error (error);
  for (guint k = 0; k < KZ_RECORD_N_KINDS; k++)
    g_assert_cmpint (kz_store_count (server, k, NULL), ==, kz_store_count (file, k, NULL));
}

static void
run_shell (const char *env_name)
{
  g_autoptr(GError) error = NULL;
  const char *cmd = g_getenv (env_name);
  int status = 0;

  g_assert_nonnull (cmd);
  {
    char *argv[] = { (char *) "sh", (char *) "-c", (char *) cmd, NULL };
    g_spawn_sync (NULL, argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                  NULL, NULL, &status, &error);
  }
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

/* The server goes away while a reviewer saves: the save fails with a
 * message that says what happened and what to do, nothing is half-saved,
 * the reviewer still has their answers, and once the server is back the
 * same store saves them. */
static void
test_pg_server_down_mid_save (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzStore) store = open_store (f);
  g_autoptr(KzRubric) q = load (q_v1);
  g_autoptr(KzEvaluation) ev = kz_evaluation_new ();
  g_autoptr(KzEvaluation) back = NULL;
  gint64 id;

  g_assert_true (kz_store_add_rubric (store, q, NULL, &error));
  ev->rubric_id = g_strdup ("q");
  ev->agent_id = add_person (store, "Ana", KZ_ROLE_AGENT, "ana@example.org");
  ev->reviewer_id = add_person (store, "Rui", KZ_ROLE_REVIEWER, "rui@example.org");
  kz_answer_set_put (ev->answers, kz_answer_new ("O1", KZ_ANSWER_VALUE, 1, "first save"));
  id = kz_store_save_evaluation (store, ev, &error);
  g_assert_no_error (error);

  kz_answer_set_put (ev->answers, kz_answer_new ("K1", KZ_ANSWER_VALUE, 1, "second save"));
  run_shell ("KAIZEN_TEST_PG_STOP");
  g_assert_cmpint (kz_store_save_evaluation (store, ev, &error), ==, 0);
  g_assert_error (error, KZ_ERROR, KZ_ERROR_CONNECTION);
  g_assert_nonnull (strstr (error->message, "try again"));
  g_clear_error (&error);
  g_assert_cmpstr (kz_answer_set_get (ev->answers, "K1")->comment, ==, "second save");

  run_shell ("KAIZEN_TEST_PG_START");
  back = kz_store_get_evaluation (store, id, &error);   /* reconnects */
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (back->answers), ==, 1);
  g_assert_cmpstr (kz_answer_set_get (back->answers, "O1")->comment, ==, "first save");

  g_assert_cmpint (kz_store_save_evaluation (store, ev, &error), ==, id);
  g_assert_no_error (error);
  g_clear_pointer (&back, kz_evaluation_free);
  back = kz_store_get_evaluation (store, id, &error);
  g_assert_cmpstr (kz_answer_set_get (back->answers, "K1")->comment, ==, "second save");
}

static void
record_change (KzStore *store, const char *what, GPtrArray *seen)
{
  g_ptr_array_add (seen, g_strdup (what));
}

static gboolean
wait_for_change (GPtrArray *seen, const char *what)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < deadline)
    {
      for (guint i = 0; i < seen->len; i++)
        if (g_str_equal (g_ptr_array_index (seen, i), what))
          return TRUE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10000);
    }
  return FALSE;
}

/* Another client's change is announced to an open store (LISTEN/NOTIFY). */
static void
test_pg_changes_announced (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzStore) writer = open_store (f);
  g_autoptr(KzStore) reader = kz_store_open (f->location, &error);
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(KzRubric) q = load (q_v1);

  g_assert_no_error (error);
  g_signal_connect (reader, "changed", G_CALLBACK (record_change), seen);

  add_person (writer, "Ana", KZ_ROLE_AGENT, "ana@example.org");
  g_assert_true (wait_for_change (seen, "people"));
  g_assert_true (kz_store_add_rubric (writer, q, NULL, &error));
  g_assert_true (wait_for_change (seen, "rubrics"));

  /* A rolled-back change is never announced. */
  g_ptr_array_set_size (seen, 0);
  g_assert_true (kz_store_begin (writer, &error));
  add_person (writer, "Temp", KZ_ROLE_AGENT, "temp@example.org");
  kz_store_rollback (writer);
  add_person (writer, "Bo", KZ_ROLE_AGENT, "bo@example.org");
  g_assert_true (wait_for_change (seen, "people"));
  g_assert_cmpuint (seen->len, ==, 1);
}

/* The preferences form builds the URI from its fields and reads them back;
 * odd characters survive, a socket folder goes in the query. */
static void
test_server_uri (void)
{
  g_autofree char *a = kz_store_build_server_uri ("db.example.org", 5433, "kaizen", "reviewer one");
  g_autofree char *b = kz_store_build_server_uri ("/run/pg sock", 0, "qa db", "ana");
  g_autofree char *host = NULL, *db = NULL, *user = NULL;
  guint port = 1;

  g_assert_cmpstr (a, ==, "postgresql://reviewer%20one@db.example.org:5433/kaizen");
  g_assert_cmpstr (b, ==, "postgresql://ana@/qa%20db?host=%2Frun%2Fpg%20sock");
  g_assert_true (kz_store_parse_server_uri (b, &host, &port, &db, &user));
  g_assert_cmpstr (host, ==, "/run/pg sock");
  g_assert_cmpuint (port, ==, 0);
  g_assert_cmpstr (db, ==, "qa db");
  g_assert_cmpstr (user, ==, "ana");
  g_clear_pointer (&host, g_free);
  g_clear_pointer (&db, g_free);
  g_clear_pointer (&user, g_free);
  g_assert_true (kz_store_parse_server_uri (a, &host, &port, &db, &user));
  g_assert_cmpstr (host, ==, "db.example.org");
  g_assert_cmpuint (port, ==, 5433);
  g_assert_cmpstr (user, ==, "reviewer one");
  g_assert_false (kz_store_parse_server_uri ("/home/ana/kaizen.db", NULL, NULL, NULL, NULL));
}

/* ---- demo ---- */

/* Staff voice's ids, pseudonyms, token hashes and vote hashes are random
 * by design (voice.md: nothing may tell the order rows came in, and the
 * voters' hashes are keyed by a secret of each database's own); what they
 * say is compared. */
static const char * const demo_ignore[] = {
  "rubrics.imported_at",
  "survey_answers.id", "voice_secret.secret",
  "ideas.id", "ideas.pseudonym", "ideas.follow_up_hash", "ideas.merged_into",
  "idea_comments.id", "idea_comments.idea_id", "idea_comments.pseudonym", "idea_comments.follow_up_hash",
  "idea_votes.idea_id", "idea_votes.voter_hash", "voter_keys.voter_key",
  NULL
};

static void
test_demo (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path2 = another_location (f, "again.db");
  g_autofree char *path3 = another_location (f, "other.db");
  g_autofree char *d1 = NULL, *d2 = NULL, *d3 = NULL;
  g_autoptr(GPtrArray) units = NULL;
  g_autoptr(GPtrArray) agents = NULL;
  g_autoptr(GPtrArray) evals = NULL;
  KzDemoCounts counts = { 0 };
  guint sites = 0, teams = 0;

  {
    g_autoptr(KzStore) s1 = open_store (f);
    g_autoptr(KzStore) s2 = open_location (f, path2, &error);
    g_autoptr(KzStore) s3 = open_location (f, path3, &error);

    kz_demo_fill (s1, NULL, 7, &counts, &error);
    g_assert_no_error (error);
    g_assert_true (kz_demo_fill (s2, NULL, 7, NULL, &error));
    g_assert_true (kz_demo_fill (s3, NULL, 8, NULL, &error));

    /* A second fill of a database that has people is refused. */
    g_assert_false (kz_demo_fill (s1, NULL, 7, NULL, &error));
    g_assert_error (error, KZ_ERROR, KZ_ERROR_EXISTS);
    g_clear_error (&error);

    units = kz_store_list_units (s1, &error);
    for (guint i = 0; i < units->len; i++)
      {
        KzUnit *u = g_ptr_array_index (units, i);
        sites += u->kind == KZ_UNIT_SITE;
        teams += u->kind == KZ_UNIT_TEAM;
      }
    g_assert_cmpuint (sites, ==, 2);
    g_assert_cmpuint (teams, ==, 5);
    agents = kz_store_list_people (s1, KZ_ROLE_AGENT, &error);
    g_assert_cmpuint (agents->len, ==, 40);
    {
      g_autoptr(GPtrArray) reviewers = kz_store_list_people (s1, KZ_ROLE_REVIEWER, NULL);
      g_assert_cmpuint (reviewers->len, >=, 3);
    }
    g_assert_cmpuint (counts.n_evaluations, >=, 200);
    g_assert_cmpuint (counts.n_interactions, >=, 200);
    g_assert_cmpint (kz_store_count (s1, KZ_RECORD_EVALUATIONS, NULL), ==, counts.n_evaluations);

    /* What was stored reads back as the engine computed it at save time. */
    evals = kz_store_list_evaluations (s1, NULL, &error);
    for (guint i = 0; i < evals->len; i++)
      {
        KzEvaluationSummary *sum = g_ptr_array_index (evals, i);
        g_autoptr(KzEvaluation) ev = kz_store_get_evaluation (s1, sum->id, &error);
        g_autoptr(KzRubric) r = kz_store_get_rubric (s1, ev->rubric_id, ev->rubric_version, &error);
        g_autoptr(KzScore) sc = kz_score_compute (r, ev->answers);

        g_assert_cmpint (sc->has_score, ==, ev->has_score);
        if (sc->has_score)
          g_assert_cmpfloat_with_epsilon (sc->final, ev->final, 1e-9);
      }

    /* Same seed, same data; another seed, other data. */
    d1 = kz_test_dump_store (s1);
    d2 = kz_test_dump_store (s2);
    d3 = kz_test_dump_store (s3);
  }

  if (!f->pg)
    {
      /* And byte for byte in the file, bar the import time. */
      g_autofree char *f1 = kz_test_dump_db (f->path, demo_ignore);
      g_autofree char *f2 = kz_test_dump_db (path2, demo_ignore);
      g_assert_true (g_str_equal (f1, f2));
    }
  g_assert_true (g_str_equal (d1, d2));
  g_assert_false (g_str_equal (d1, d3));
}

/* Some agents really are weaker on some criteria: per agent, the mean of v
 * on their weakest well-sampled criterion sits well below their overall
 * mean.  Computed here from raw answers, independently of the generator. */
static void
test_demo_has_weak_spots (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzStore) store = open_store (f);
  g_autoptr(GPtrArray) evals = NULL;
  g_autoptr(GHashTable) sums = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) overall = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  g_autoptr(GHashTable) agents_with_gap = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  GHashTableIter iter;
  gpointer key, value;

  g_assert_true (kz_demo_fill (store, NULL, 1, NULL, &error));
  evals = kz_store_list_evaluations (store, NULL, &error);
  for (guint i = 0; i < evals->len; i++)
    {
      KzEvaluationSummary *sum = g_ptr_array_index (evals, i);
      g_autoptr(KzEvaluation) ev = kz_store_get_evaluation (store, sum->id, &error);
      g_autoptr(KzRubric) r = kz_store_get_rubric (store, ev->rubric_id, ev->rubric_version, &error);
      GHashTableIter ai;
      KzAnswer *a;

      g_hash_table_iter_init (&ai, ev->answers);
      while (g_hash_table_iter_next (&ai, NULL, (gpointer *) &a))
        {
          KzCriterion *c = kz_rubric_find_criterion (r, a->criterion_id);
          double v;
          double *s;
          double *o;
          char *k;

          if (a->kind != KZ_ANSWER_VALUE || c->critical != KZ_CRITICAL_NONE)
            continue;
          v = (a->value - kz_scale_get_min (c->scale)) / (kz_scale_get_max (c->scale) - kz_scale_get_min (c->scale));
          k = g_strdup_printf ("%" G_GINT64_FORMAT "/%s", ev->agent_id, c->id);
          s = g_hash_table_lookup (sums, k);
          if (s == NULL)
            {
              s = g_new0 (double, 2);
              g_hash_table_insert (sums, g_strdup (k), s);
            }
          s[0] += v;
          s[1] += 1;
          o = g_hash_table_lookup (overall, &ev->agent_id);
          if (o == NULL)
            {
              gint64 *ak = g_new (gint64, 1);
              *ak = ev->agent_id;
              o = g_new0 (double, 2);
              g_hash_table_insert (overall, ak, o);
            }
          o[0] += v;
          o[1] += 1;
          g_free (k);
        }
    }

  g_hash_table_iter_init (&iter, sums);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      double *s = value;
      gint64 agent = g_ascii_strtoll (key, NULL, 10);
      double *o = g_hash_table_lookup (overall, &agent);

      if (s[1] >= 4 && s[0] / s[1] <= o[0] / o[1] - 0.25)
        g_hash_table_add (agents_with_gap, g_memdup2 (&agent, sizeof agent));
    }
  /* The generator gives about one criterion in five a −0.35 shift. */
  g_assert_cmpuint (g_hash_table_size (agents_with_gap), >=, 10);
}

/* ---- demo content ---- */

/* An Ogg Vorbis file's length, from the stream itself: the granule position
 * of the last page counts the samples, the identification header gives the
 * rate.  Independent of the index and of the transcript. */
static double
ogg_vorbis_seconds (const char *path)
{
  g_autofree guchar *data = NULL;
  gsize len = 0;
  guint n_segments;
  guint32 rate;
  guint64 granule = 0;

  g_assert_true (g_file_get_contents (path, (char **) &data, &len, NULL));
  g_assert_cmpuint (len, >, 64);
  g_assert_true (memcmp (data, "OggS", 4) == 0);
  n_segments = data[26];
  g_assert_true (memcmp (data + 27 + n_segments, "\x01vorbis", 7) == 0);
  rate = GUINT32_FROM_LE (*(guint32 *) (data + 27 + n_segments + 12));
  g_assert_cmpuint (rate, >, 0);
  for (gsize i = len - 27; i > 0; i--)
    if (memcmp (data + i, "OggS", 4) == 0 && data[i + 4] == 0)
      {
        for (guint b = 0; b < 8; b++)
          granule |= (guint64) data[i + 6 + b] << (8 * b);
        break;
      }
  g_assert_cmpuint (granule, >, 0);
  return (double) granule / rate;
}

static int
compare_lines (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Everything the demo puts in interactions, by external_ref, as text. */
static char *
dump_demo_content (KzStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) its = kz_store_list_interactions (store, &error);
  g_autoptr(GPtrArray) reviewers = kz_store_list_people (store, KZ_ROLE_REVIEWER, &error);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) out = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < its->len; i++)
    {
      KzInteraction *it = g_ptr_array_index (its, i);
      g_autoptr(GString) line = g_string_new (NULL);
      g_autoptr(KzFeedback) fb = kz_store_get_feedback (store, it->id, &error);

      g_assert_no_error (error);
      g_string_append_printf (line, "%s %s:", it->external_ref, it->subject);
      if (it->channel == KZ_CHANNEL_EMAIL)
        {
          g_autoptr(GPtrArray) messages = kz_store_list_messages (store, it->id, &error);

          g_assert_no_error (error);
          for (guint k = 0; k < messages->len; k++)
            {
              KzEmailMessage *m = g_ptr_array_index (messages, k);
              g_autofree char *refs = g_strjoinv (" ", m->references);

              g_string_append_printf (line, " [%s<%s|%s|%s|%s|%s|%" G_GINT64_FORMAT "|%s|%s|", m->message_id,
                                      m->in_reply_to ? m->in_reply_to : "", refs, m->from, m->to,
                                      m->cc ? m->cc : "", g_date_time_to_unix (m->date), m->subject, m->body);
              for (guint a = 0; a < m->attachments->len; a++)
                {
                  KzAttachment *att = g_ptr_array_index (m->attachments, a);
                  g_string_append_printf (line, "%s,%s,%" G_GINT64_FORMAT ";", att->filename, att->mime_type,
                                          att->size);
                }
              g_string_append (line, "]");
            }
        }
      else
        {
          g_autoptr(KzCall) call = kz_store_get_call (store, it->id, &error);

          g_assert_no_error (error);
          g_string_append_printf (line, " call %d %d %s %s %s", call->duration_s, call->direction,
                                  call->customer_ref, call->audio_path, call->audio_type);
          for (guint k = 0; k < call->transcript->len; k++)
            {
              KzTranscriptSegment *seg = g_ptr_array_index (call->transcript, k);
              g_string_append_printf (line, " [%d-%d %s: %s]", seg->start_ms, seg->end_ms, seg->speaker, seg->text);
            }
        }
      if (fb != NULL)
        g_string_append_printf (line, " rated %s %d %s %" G_GINT64_FORMAT, kz_feedback_scale_to_string (fb->scale),
                                fb->rating, fb->comment ? fb->comment : "-",
                                fb->given_at ? g_date_time_to_unix (fb->given_at) : 0);
      g_ptr_array_add (lines, g_string_free (g_steal_pointer (&line), FALSE));
    }
  for (guint r = 0; r < reviewers->len; r++)
    {
      KzPerson *p = g_ptr_array_index (reviewers, r);
      KzInteractionQuery q = { .any_channel = TRUE, .reviewed = KZ_REVIEWED_NO, .assigned_to = p->id };
      g_autoptr(GPtrArray) queue = kz_store_search_interactions (store, &q, 0, 1000, &error);
      g_autoptr(GString) line = g_string_new (NULL);

      g_assert_no_error (error);
      g_string_append_printf (line, "queue of %s:", p->emails[0]);
      for (guint k = 0; k < queue->len; k++)
        {
          KzInteractionSummary *s = g_ptr_array_index (queue, k);
          g_autoptr(KzInteraction) it = kz_store_get_interaction (store, s->id, &error);
          g_string_append_printf (line, " %s", it->external_ref);
        }
      g_ptr_array_add (lines, g_string_free (g_steal_pointer (&line), FALSE));
    }
  g_ptr_array_sort (lines, compare_lines);
  for (guint i = 0; i < lines->len; i++)
    g_string_append_printf (out, "%s\n", (char *) g_ptr_array_index (lines, i));
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Every email interaction is a real thread, every call a real recording
 * with its transcript; ratings are in range for their scale; every
 * reviewer has a queue; and the same seed gives the same content. */
static void
test_demo_content (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path2 = another_location (f, "again.db");
  g_autofree char *path3 = another_location (f, "other.db");
  g_autoptr(KzStore) store = open_store (f);
  g_autoptr(KzStore) again = open_location (f, path2, &error);
  g_autoptr(KzStore) other = open_location (f, path3, &error);
  g_autoptr(GPtrArray) its = NULL;
  g_autoptr(GPtrArray) people = NULL;
  g_autoptr(GPtrArray) reviewers = NULL;
  g_autoptr(GHashTable) agent_emails = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                              (GDestroyNotify) g_strfreev);
  g_autoptr(GHashTable) staff_addresses = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) lengths = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autofree char *d1 = NULL, *d2 = NULL, *d3 = NULL;
  KzDemoCounts counts = { 0 };
  guint n_emails = 0, n_calls = 0, n_messages = 0, n_rated = 0, n_csat = 0, n_nps = 0, n_comments = 0;
  guint n_quoting = 0, n_attachments = 0, n_problem_calls = 0, n_queued = 0;
  g_autofree char *soxi = g_find_program_in_path ("soxi");

  g_assert_no_error (error);
  g_assert_true (kz_demo_fill (store, NULL, 11, &counts, &error));
  g_assert_no_error (error);
  /* The counts GUI tests and screenshots depend on: 420 interactions and
   * 320 evaluations, and for the coaching story ten agents (five coached,
   * five compared) with ten more reviewed calls each. */
  g_assert_cmpuint (counts.n_interactions, ==, 420 + 100);
  g_assert_cmpuint (counts.n_evaluations, ==, 320 + 100);
  g_assert_cmpuint (counts.n_plans, ==, 5 + 1 + 2);
  g_assert_cmpuint (counts.n_proposals, >=, 1);

  people = kz_store_list_people (store, KZ_ROLE_NONE, &error);
  for (guint i = 0; i < people->len; i++)
    {
      KzPerson *p = g_ptr_array_index (people, i);

      for (guint k = 0; p->emails[k] != NULL; k++)
        g_hash_table_add (staff_addresses, g_ascii_strdown (p->emails[k], -1));
      if (p->roles & KZ_ROLE_AGENT)
        g_hash_table_insert (agent_emails, g_memdup2 (&p->id, sizeof p->id), g_strdupv (p->emails));
    }

  its = kz_store_list_interactions (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (its->len, ==, 420 + 100);
  for (guint i = 0; i < its->len; i++)
    {
      KzInteraction *it = g_ptr_array_index (its, i);
      g_autoptr(KzFeedback) fb = kz_store_get_feedback (store, it->id, &error);

      g_assert_no_error (error);
      if (it->channel == KZ_CHANNEL_EMAIL)
        {
          g_autoptr(GPtrArray) messages = kz_store_list_messages (store, it->id, &error);
          GStrv own = g_hash_table_lookup (agent_emails, &it->agent_id);
          KzEmailMessage *first;
          gboolean agent_wrote = FALSE;

          g_assert_no_error (error);
          g_assert_nonnull (own);
          n_emails++;
          n_messages += messages->len;
          g_assert_cmpuint (messages->len, >=, 2);
          g_assert_cmpuint (messages->len, <=, 5);
          first = g_ptr_array_index (messages, 0);
          /* The thread starts with the customer, as kz-email.c stores it:
           * the first Message-ID is the interaction's reference. */
          g_assert_false (g_hash_table_contains (staff_addresses, first->from_address));
          g_assert_null (strstr (first->from_address, "northwind-energy.example"));
          g_assert_cmpstr (first->message_id, ==, it->external_ref);
          g_assert_cmpstr (first->subject, ==, it->subject);
          g_assert_cmpint (g_date_time_to_unix (first->date), ==, g_date_time_to_unix (it->started_at));
          g_assert_null (first->in_reply_to);
          for (guint k = 0; k < messages->len; k++)
            {
              KzEmailMessage *m = g_ptr_array_index (messages, k);

              if (g_strv_contains ((const char * const *) own, m->from_address))
                agent_wrote = TRUE;
              n_attachments += m->attachments->len;
              g_assert_cmpstr (m->body, !=, "");
              if (k == 0)
                continue;
              {
                KzEmailMessage *prev = g_ptr_array_index (messages, k - 1);

                g_assert_cmpint (g_date_time_to_unix (m->date), >, g_date_time_to_unix (prev->date));
                g_assert_cmpstr (m->in_reply_to, ==, prev->message_id);
                g_assert_true (g_strv_contains ((const char * const *) m->references, first->message_id));
                g_assert_true (g_str_has_prefix (m->subject, "Re: "));
                /* Replies quote what they answer, for the workspace to fold. */
                if (strstr (m->body, " wrote:\n> ") != NULL)
                  n_quoting++;
              }
            }
          g_assert_true (agent_wrote);
          {
            /* The agent's first reply comes from one of their own addresses. */
            KzEmailMessage *reply = g_ptr_array_index (messages, 1);
            g_assert_true (g_strv_contains ((const char * const *) own, reply->from_address));
          }
        }
      else
        {
          g_autoptr(KzCall) call = kz_store_get_call (store, it->id, &error);
          double *seconds;
          gint previous_start = -1;

          g_assert_no_error (error);
          n_calls++;
          g_assert_true (g_path_is_absolute (call->audio_path));
          g_assert_true (g_file_test (call->audio_path, G_FILE_TEST_IS_REGULAR));
          g_assert_cmpstr (kz_audio_sniff (call->audio_path, &error), ==, "audio/ogg");
          g_assert_cmpstr (call->audio_type, ==, "audio/ogg");
          g_assert_nonnull (call->customer_ref);
          g_assert_true (g_str_has_prefix (call->audio_path, kz_demo_calls_dir ()));
          seconds = g_hash_table_lookup (lengths, call->audio_path);
          if (seconds == NULL)
            {
              seconds = g_new (double, 1);
              *seconds = ogg_vorbis_seconds (call->audio_path);
              g_assert_cmpfloat (*seconds, >=, 25);
              g_assert_cmpfloat (*seconds, <=, 60);
              if (soxi != NULL)
                {
                  /* And sox, where it is installed, agrees. */
                  const char *argv[] = { soxi, "-D", call->audio_path, NULL };
                  g_autofree char *out = NULL;
                  int status;

                  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL,
                                               &status, &error));
                  g_assert_no_error (error);
                  g_assert_cmpfloat_with_epsilon (g_ascii_strtod (out, NULL), *seconds, 0.05);
                }
              g_hash_table_insert (lengths, g_strdup (call->audio_path), seconds);
            }
          g_assert_cmpfloat (fabs (call->duration_s - *seconds), <=, 1.0);
          if (strstr (call->audio_path, "exit-fee") || strstr (call->audio_path, "final-reading"))
            n_problem_calls++;

          g_assert_cmpuint (call->transcript->len, >, 0);
          for (guint k = 0; k < call->transcript->len; k++)
            {
              KzTranscriptSegment *seg = g_ptr_array_index (call->transcript, k);

              g_assert_cmpint (seg->start_ms, >=, previous_start);
              g_assert_cmpint (seg->end_ms, >=, seg->start_ms);
              g_assert_cmpint (seg->end_ms, <=, *seconds * 1000 + 1);
              g_assert_true (g_strcmp0 (seg->speaker, "Agent") == 0 || g_strcmp0 (seg->speaker, "Customer") == 0);
              g_assert_cmpstr (seg->text, !=, "");
              previous_start = seg->start_ms;
            }
        }

      if (fb != NULL)
        {
          n_rated++;
          n_comments += fb->comment != NULL;
          if (fb->scale == KZ_FEEDBACK_CSAT)
            {
              n_csat++;
              g_assert_cmpint (fb->rating, >=, 1);
              g_assert_cmpint (fb->rating, <=, 5);
            }
          else
            {
              n_nps++;
              g_assert_cmpint (fb->rating, >=, 0);
              g_assert_cmpint (fb->rating, <=, 10);
              g_assert_true (it->channel == KZ_CHANNEL_CALL);
            }
          g_assert_nonnull (fb->given_at);
          g_assert_cmpint (g_date_time_to_unix (fb->given_at), >=, g_date_time_to_unix (it->started_at));
        }
    }

  g_assert_cmpuint (n_emails, >, 50);
  g_assert_cmpuint (n_calls, >, 150);
  g_assert_cmpuint (n_emails + n_calls, ==, 420 + 100);
  g_assert_cmpuint (counts.n_messages, ==, n_messages);
  g_assert_cmpuint (counts.n_calls, ==, n_calls);
  g_assert_cmpuint (counts.n_ratings, ==, n_rated);
  g_assert_cmpuint (n_messages, >, 2 * n_emails);            /* some threads go on */
  g_assert_cmpuint (n_quoting, ==, n_messages - n_emails);   /* every reply quotes */
  g_assert_cmpuint (n_attachments, >, 0);
  g_assert_cmpuint (g_hash_table_size (lengths), >=, 6);    /* the recordings are all used */
  g_assert_cmpuint (n_problem_calls, >, 0);
  g_assert_cmpuint (n_problem_calls, <, n_calls / 2);
  /* Roughly a third rated, on both scales, some with a comment. */
  g_assert_cmpuint (n_rated, >=, 520 * 25 / 100);
  g_assert_cmpuint (n_rated, <=, 520 * 45 / 100);
  g_assert_cmpuint (n_csat, >, 0);
  g_assert_cmpuint (n_nps, >, 0);
  g_assert_cmpuint (n_comments, >, 0);
  g_assert_cmpuint (n_comments, <, n_rated);

  /* Each reviewer has interactions waiting. */
  reviewers = kz_store_list_people (store, KZ_ROLE_REVIEWER, &error);
  g_assert_cmpuint (reviewers->len, >, 0);
  for (guint r = 0; r < reviewers->len; r++)
    {
      KzPerson *p = g_ptr_array_index (reviewers, r);
      KzInteractionQuery q = { .any_channel = TRUE, .reviewed = KZ_REVIEWED_NO, .assigned_to = p->id };
      gint64 n = kz_store_count_interactions (store, &q, &error);

      g_assert_no_error (error);
      g_assert_cmpint (n, >=, 5);
      g_assert_cmpint (n, <=, 15);
      n_queued += n;
    }
  g_assert_cmpuint (counts.n_assignments, ==, n_queued);

  /* Same seed, same content; another seed, other content. */
  g_assert_true (kz_demo_fill (again, NULL, 11, NULL, &error));
  g_assert_true (kz_demo_fill (other, NULL, 12, NULL, &error));
  g_assert_no_error (error);
  d1 = dump_demo_content (store);
  d2 = dump_demo_content (again);
  d3 = dump_demo_content (other);
  g_assert_cmpstr (d1, ==, d2);
  g_assert_cmpstr (d1, !=, d3);
}

/* A demo without its recordings is refused before anything is written. */
static void
test_demo_calls_missing (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzStore) store = open_store (f);
  g_autofree char *saved = g_strdup (g_getenv ("KAIZEN_DEMO_CALLS_DIR"));
  g_autofree char *empty = g_build_filename (f->dir, "no-calls", NULL);

  g_assert_cmpint (g_mkdir (empty, 0700), ==, 0);
  g_setenv ("KAIZEN_DEMO_CALLS_DIR", empty, TRUE);
  g_assert_cmpstr (kz_demo_calls_dir (), ==, empty);
  g_assert_false (kz_demo_fill (store, NULL, 1, NULL, &error));
  if (saved != NULL)
    g_setenv ("KAIZEN_DEMO_CALLS_DIR", saved, TRUE);
  else
    g_unsetenv ("KAIZEN_DEMO_CALLS_DIR");
  g_assert_error (error, KZ_ERROR, KZ_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "calls.ini"));
  g_assert_cmpint (kz_store_count (store, KZ_RECORD_PEOPLE, NULL), ==, 0);
  g_assert_cmpint (kz_store_count (store, KZ_RECORD_INTERACTIONS, NULL), ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, fn) g_test_add ("/sqlite" name, Fixture, "sqlite", fixture_setup, fn, fixture_teardown)
  ADD ("/store/migrations/fresh", test_fresh);
  ADD ("/store/migrations/upgrade-from-1", test_upgrade_from_1);
  ADD ("/store/migrations/upgrade-from-11", test_upgrade_from_11);
  ADD ("/store/migrations/upgrade-from-12", test_upgrade_from_12);
  ADD ("/store/migrations/upgrade-from-18", test_upgrade_from_18);
  ADD ("/store/migrations/upgrade-from-19", test_upgrade_from_19);
  ADD ("/store/migrations/too-new", test_too_new);
  ADD ("/store/migrations/not-kaizen", test_not_kaizen);
  ADD ("/store/migrations/failed-upgrade-changes-nothing", test_failed_upgrade_changes_nothing);
  ADD ("/store/migrations/concurrent-first-open", test_concurrent_first_open);
  ADD ("/store/copy-to-file", test_copy_to_file);
  g_test_add_func ("/sqlite/store/default-location", test_default_location);
  g_test_add_func ("/store/server-uri", test_server_uri);
#undef ADD

  /* Everything that is not about one backend's files runs on both. */
  for (guint b = 0; b < 2; b++)
    {
      const char *backend = b == 0 ? "sqlite" : "pg";

      if (b == 1 && !kz_test_pg_available ())
        {
          g_test_message ("KAIZEN_TEST_PG is not set: run under tests/pg/with-pg-server for the team-server backend");
          break;
        }
#define ADD(name, fn) G_STMT_START { g_autofree char *path_ = g_strconcat ("/", backend, name, NULL); \
        g_test_add (path_, Fixture, backend, fixture_setup, fn, fixture_teardown); } G_STMT_END
      ADD ("/store/inner-failure-outer-commit", test_inner_failure_outer_commit);
      ADD ("/store/rubric-cache-after-rollback", test_rubric_cache_after_rollback);
      ADD ("/store/updated-at", test_updated_at);
      ADD ("/store/people-and-units", test_people_and_units);
      ADD ("/store/rubric-versions", test_rubric_versions);
      ADD ("/store/evaluations", test_evaluations);
      ADD ("/store/transaction-rollback", test_transaction_rollback);
      ADD ("/store/conflict", test_conflict);
      ADD ("/store/demo", test_demo);
      ADD ("/store/demo-weak-spots", test_demo_has_weak_spots);
      ADD ("/store/demo-content", test_demo_content);
      ADD ("/store/demo-calls-missing", test_demo_calls_missing);
#undef ADD
    }

  if (kz_test_pg_available ())
    {
#define ADD(name, fn) g_test_add ("/pg" name, Fixture, "pg", fixture_setup, fn, fixture_teardown)
      ADD ("/store/migrations/fresh", test_pg_fresh);
      ADD ("/store/migrations/upgrade-from-1", test_pg_upgrade_from_1);
      ADD ("/store/migrations/upgrade-from-11", test_pg_upgrade_from_11);
      ADD ("/store/migrations/upgrade-from-12", test_pg_upgrade_from_12);
      ADD ("/store/migrations/too-new", test_pg_too_new);
      ADD ("/store/migrations/not-kaizen", test_pg_not_kaizen);
      ADD ("/store/migrations/failed-upgrade-changes-nothing", test_pg_failed_upgrade);
      ADD ("/store/backends-agree", test_backends_agree);
      ADD ("/store/copy", test_pg_copy);
      ADD ("/store/changes-announced", test_pg_changes_announced);
      ADD ("/store/server-down-mid-save", test_pg_server_down_mid_save);
      ADD ("/store/copy-fails-half-way", test_pg_copy_fails_half_way);
#undef ADD
      g_test_add_func ("/pg/store/unreachable", test_pg_unreachable);
    }

  return g_test_run ();
}
