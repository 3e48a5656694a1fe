/* test-voice-store.c — staff voice in storage, on both backends
 *
 * Every test runs on a single file and on the team server
 * (tests/pg/with-pg-server).  Expected figures are worked out by hand in
 * the comments, or from statistics.md's formulas, never read back from the
 * program.  The differencing test knows who answered what, because it made
 * the answers up: for every figure the store shows it builds the set of
 * answers behind it, and checks that no two shown figures differ by between
 * 1 and k − 1 answers — so no subtraction recovers one person's answer —
 * on the store's cells and on kaizenctl's JSON and CSV exports.
 *
 * Usage: test-voice-store [KAIZENCTL]  (the exports are checked when given)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libpq-fe.h>
#include <math.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/stat.h>

#include "kz-error.h"
#include "kz-pg-store-private.h"
#include "kz-sqlite-store-private.h"
#include "kz-test-db.h"
#include "kz-voice-tokens.h"

#define EPS 1e-6

static const char *kaizenctl;   /* argv[1], for the export checks */

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGresult, PQclear)

typedef struct {
  char     *dir;
  gboolean  pg;
  char     *location;
  KzStore  *store;
  gint64    org, site, team_a, team_b;
  GDate     today;
} Fixture;

static gint64
add_unit (Fixture *f, KzUnitKind kind, const char *name, gint64 parent)
{
  g_autoptr(GError) error = NULL;
  gint64 id = kz_store_add_unit (f->store, kind, name, parent, &error);

  g_assert_no_error (error);
  return id;
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->dir = kz_test_tmpdir_new ();
  f->pg = g_strcmp0 (data, "pg") == 0;
  f->location = f->pg ? kz_test_pg_create_db () : g_build_filename (f->dir, "kaizen.db", NULL);
  f->store = f->pg ? kz_pg_store_open (f->location, NULL, TRUE, KZ_PG_SCHEMA_VERSION, &error)
                   : kz_store_open (f->location, &error);
  g_assert_no_error (error);
  f->org = add_unit (f, KZ_UNIT_ORGANISATION, "Org", 0);
  f->site = add_unit (f, KZ_UNIT_SITE, "Site", f->org);
  f->team_a = add_unit (f, KZ_UNIT_TEAM, "Team A", f->site);
  f->team_b = add_unit (f, KZ_UNIT_TEAM, "Team B", f->site);
  g_assert_true (kz_store_seed_question_bank (f->store, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (kz_store_voice_today (f->store, &f->today, &error));
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->store);
  if (f->pg)
    kz_test_pg_drop_db (f->location);
  g_free (f->location);
  kz_test_tmpdir_free (f->dir);
}

/* ---- helpers ----------------------------------------------------------------- */

/* Plain SQL on the fixture's database, as its owner: to play someone who
 * goes around the app. */
static gboolean
raw_exec (Fixture *f, const char *sql)
{
  if (f->pg)
    {
      PGconn *conn = kz_test_pg_connect (f->location);
      PGresult *r = PQexec (conn, sql);
      gboolean ok = PQresultStatus (r) == PGRES_COMMAND_OK || PQresultStatus (r) == PGRES_TUPLES_OK;

      if (!ok)
        g_test_message ("%s: %s", sql, PQresultErrorMessage (r));
      PQclear (r);
      PQfinish (conn);
      return ok;
    }
  else
    {
      g_autoptr(GError) error = NULL;
      gboolean ok = kz_sqlite_store_exec_for_test (KZ_SQLITE_STORE (f->store), sql, &error);

      if (!ok)
        g_test_message ("%s: %s", sql, error->message);
      return ok;
    }
}

/* The first column of the first row of @sql, as the owner. */
static char *
raw_value (Fixture *f, const char *sql)
{
  if (f->pg)
    {
      PGconn *conn = kz_test_pg_connect (f->location);
      g_autoptr(PGresult) r = PQexec (conn, sql);
      char *v;

      g_assert_cmpint (PQresultStatus (r), ==, PGRES_TUPLES_OK);
      v = PQntuples (r) > 0 && !PQgetisnull (r, 0, 0) ? g_strdup (PQgetvalue (r, 0, 0)) : NULL;
      PQfinish (conn);
      return v;
    }
  return kz_sqlite_store_query_text_for_test (KZ_SQLITE_STORE (f->store), sql);
}

/* raw_exec() with @values bound as $1 …, on a connection of its own. */
static gboolean
raw_exec_with (Fixture *f, const char *sql, const KzTestValue *values, int n_values)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = kz_test_sql_exec (f->location, sql, values, n_values, &error);

  if (!ok)
    g_test_message ("%s", error->message);
  return ok;
}

/* raw_value() with @values bound as $1 …, on a connection of its own. */
static char *
raw_value_with (Fixture *f, const char *sql, const KzTestValue *values, int n_values)
{
  return kz_test_sql_text (f->location, sql, values, n_values);
}

static gint64
raw_count (Fixture *f, const char *table)
{
  /* A table name cannot be a parameter: quoted, as SQLite's %w does (and PostgreSQL reads). */
  char *sql = sqlite3_mprintf ("SELECT count(*) FROM \"%w\"", table);
  g_autofree char *v = raw_value (f, sql);

  sqlite3_free (sql);
  return g_ascii_strtoll (v, NULL, 10);
}

static gint64
add_person (Fixture *f, const char *name, KzRoles roles, gint64 team)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzPerson) p = kz_person_new (name, roles);
  gint64 id;

  p->team_id = team;
  g_strfreev (p->emails);
  p->emails = g_new0 (char *, 2);
  p->emails[0] = g_strdup_printf ("%s@voice.example", name);
  id = kz_store_add_person (f->store, p, &error);
  g_assert_no_error (error);
  return id;
}

static void
move_person (Fixture *f, gint64 person, gint64 team)
{
  g_assert_true (raw_exec_with (f, "UPDATE people SET team_id = $1 WHERE id = $2",
                                KZ_TEST_VALUES (KZ_TEST_INT (team), KZ_TEST_INT (person))));
}

static GDate
day (Fixture *f, int offset)
{
  GDate d = f->today;

  if (offset >= 0)
    g_date_add_days (&d, offset);
  else
    g_date_subtract_days (&d, -offset);
  return d;
}

/* A one-off round from @from to @to days from today, asking @questions
 * ("enps,comment"). */
static gint64
round_between (Fixture *f, const char *title, guint k, const char *questions, int from, int to)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzSurveyRound) round = kz_survey_round_new ();
  gint64 id;

  round->title = g_strdup (title);
  round->k = k;
  round->opens_on = day (f, from);
  round->closes_on = day (f, to);
  g_strfreev (round->question_ids);
  round->question_ids = g_strsplit (questions, ",", -1);
  id = kz_store_create_round (f->store, round, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static gint64
open_round (Fixture *f, const char *title, guint k, const char *questions)
{
  return round_between (f, title, k, questions, -7, 7);
}

/* Closes a round that took its answers: it closed yesterday. */
static void
close_round (Fixture *f, gint64 id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzSurveyRound) round = kz_store_get_round (f->store, id, &error);

  g_assert_no_error (error);
  round->closes_on = day (f, -1);
  g_assert_true (kz_store_update_round (f->store, round, &error));
  g_assert_no_error (error);
}

/* "enps=9 tl-support=4 comment=Text with no spaces" is awkward; answers
 * are built with these. */
static GPtrArray *
answers_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) kz_survey_answer_free);
}

static void
submit_ok (Fixture *f, gint64 round, gint64 person, GPtrArray *answers)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (kz_store_submit_answers (f->store, round, person, answers, &error));
  g_assert_no_error (error);
}

static void
submit_value (Fixture *f, gint64 round, gint64 person, const char *question, int value)
{
  g_autoptr(GPtrArray) answers = answers_new ();

  g_ptr_array_add (answers, kz_survey_answer_new_value (question, value));
  submit_ok (f, round, person, answers);
}

static KzSurveyCell *
find_cell (GPtrArray *cells, const char *question, gint64 team)
{
  for (guint i = 0; i < cells->len; i++)
    {
      KzSurveyCell *c = g_ptr_array_index (cells, i);

      if (g_str_equal (c->question_id, question) && c->team_id == team)
        return c;
    }
  return NULL;
}

static GPtrArray *
results (Fixture *f, gint64 round)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *cells = kz_store_survey_results (f->store, round, &error);

  g_assert_no_error (error);
  g_assert_nonnull (cells);
  return cells;
}

/* ---- the question bank ----------------------------------------------------------- */

static void
test_bank (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) bank = kz_store_list_questions (f->store, &error);
  g_autoptr(GPtrArray) shipped = kz_question_bank_default ();
  g_autoptr(KzQuestion) extra = kz_question_new (NULL, "We have enough people on the phones.", KZ_QUESTION_AGREE_1_5,
                                                 "Workload");
  g_autoptr(KzQuestion) again = kz_question_new ("tl-support", "Again", KZ_QUESTION_AGREE_1_5, NULL);
  g_autoptr(KzQuestion) bad = kz_question_new ("has space", "Bad id", KZ_QUESTION_AGREE_1_5, NULL);
  g_autoptr(KzQuestion) second_enps = kz_question_new ("enps2", "Another eNPS", KZ_QUESTION_SCALE_0_10, NULL);
  g_autoptr(GPtrArray) after = NULL;
  KzQuestion *tl;
  guint added = 99;
  gint64 round, person;

  /* The fixture seeded the shipped bank: 1 eNPS + 16 agreement + 1 comment,
   * in its order; seeding again adds nothing. */
  g_assert_no_error (error);
  g_assert_cmpuint (bank->len, ==, 18);
  g_assert_cmpuint (shipped->len, ==, 18);
  for (guint i = 0; i < bank->len; i++)
    {
      KzQuestion *got = g_ptr_array_index (bank, i), *want = g_ptr_array_index (shipped, i);

      g_assert_cmpstr (got->id, ==, want->id);
      g_assert_cmpstr (got->text, ==, want->text);
      g_assert_cmpint (got->kind, ==, want->kind);
      g_assert_cmpstr (got->driver, ==, want->driver);
      g_assert_cmpint (got->enps, ==, want->enps);
      g_assert_true (got->active);
    }
  g_assert_true (((KzQuestion *) g_ptr_array_index (bank, 0))->enps);
  g_assert_true (kz_store_seed_question_bank (f->store, &added, &error));
  g_assert_cmpuint (added, ==, 0);

  /* A manager's own question goes at the end, with an id made for it. */
  g_assert_true (kz_store_add_question (f->store, extra, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (extra->id, "q-"));
  g_assert_cmpuint (strlen (extra->id), ==, 10);
  g_assert_false (kz_store_add_question (f->store, again, &error));
  g_assert_error (error, KZ_ERROR, KZ_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_false (kz_store_add_question (f->store, bad, &error));
  g_assert_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  second_enps->enps = TRUE;
  g_assert_false (kz_store_add_question (f->store, second_enps, &error));
  g_assert_error (error, KZ_ERROR, KZ_ERROR_EXISTS);
  g_clear_error (&error);

  after = kz_store_list_questions (f->store, &error);
  g_assert_cmpuint (after->len, ==, 19);
  g_assert_cmpstr (((KzQuestion *) g_ptr_array_index (after, 18))->id, ==, extra->id);
  g_assert_cmpstr (((KzQuestion *) g_ptr_array_index (after, 18))->driver, ==, "Workload");

  /* Text and kind change freely while nobody has answered. */
  tl = g_ptr_array_index (after, 1);
  g_assert_cmpstr (tl->id, ==, "tl-support");
  g_free (tl->text);
  tl->text = g_strdup ("My team leader backs me up.");
  tl->kind = KZ_QUESTION_SCALE_0_10;
  g_assert_true (kz_store_update_question (f->store, tl, &error));
  g_assert_no_error (error);
  tl->kind = KZ_QUESTION_AGREE_1_5;
  g_assert_true (kz_store_update_question (f->store, tl, &error));
  g_assert_no_error (error);
  g_clear_pointer (&bank, g_ptr_array_unref);
  bank = kz_store_list_questions (f->store, &error);
  g_assert_cmpstr (((KzQuestion *) g_ptr_array_index (bank, 1))->text, ==, "My team leader backs me up.");

  /* The eNPS question stays 0–10. */
  {
    g_autoptr(KzQuestion) enps = kz_question_copy (g_ptr_array_index (bank, 0));

    enps->kind = KZ_QUESTION_AGREE_1_5;
    g_assert_false (kz_store_update_question (f->store, enps, &error));
    g_assert_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT);
    g_clear_error (&error);
  }

  /* Once answered, the kind is fixed (the text may still be reworded). */
  person = add_person (f, "ana", KZ_ROLE_AGENT | KZ_ROLE_STAFF, f->team_a);
  round = open_round (f, "Answered", 5, "enps,tl-support");
  submit_value (f, round, person, "tl-support", 4);
  tl->kind = KZ_QUESTION_FREE_TEXT;
  g_assert_false (kz_store_update_question (f->store, tl, &error));
  g_assert_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "tl-support"));
  g_clear_error (&error);
  tl->kind = KZ_QUESTION_AGREE_1_5;
  g_free (tl->text);
  tl->text = g_strdup ("My team leader has my back.");
  g_assert_true (kz_store_update_question (f->store, tl, &error));
  g_assert_no_error (error);
  /* Nor with plain SQL. */
  g_assert_false (raw_exec (f, "UPDATE survey_questions SET kind = 'free_text' WHERE id = 'tl-support'"));
  {
    g_autofree char *kind = raw_value (f, "SELECT kind FROM survey_questions WHERE id = 'tl-support'");

    g_assert_cmpstr (kind, ==, "agree_1_5");
  }
}

/* ---- plans and rounds ---------------------------------------------------------------- */

static void
test_plans_and_rounds (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzPulsePlan) plan = kz_pulse_plan_new ();
  g_autoptr(KzSurveyRound) r1 = kz_survey_round_new ();
  g_autoptr(KzSurveyRound) r2 = kz_survey_round_new ();
  g_autoptr(KzSurveyRound) bad = kz_survey_round_new ();
  g_autoptr(GPtrArray) plans = NULL;
  g_autoptr(GPtrArray) rounds = NULL;
  g_autoptr(KzSurveyRound) got = NULL;
  g_autofree char *expected_title = NULL;
  char opened[16];
  gint64 one_off, person;

  plan->name = g_strdup ("Pulse");
  plan->questions_per_round = 4;
  plan->k = 2;
  g_assert_cmpint (kz_store_add_pulse_plan (f->store, plan, &error), ==, 0);
  g_assert_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  plan->k = 11;
  g_assert_cmpint (kz_store_add_pulse_plan (f->store, plan, &error), ==, 0);
  g_assert_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  plan->k = 6;
  g_array_append_val (plan->team_ids, f->site);     /* a site is not a team */
  g_assert_cmpint (kz_store_add_pulse_plan (f->store, plan, &error), ==, 0);
  g_assert_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_array_set_size (plan->team_ids, 0);
  g_array_append_val (plan->team_ids, f->team_a);
  g_assert_cmpint (kz_store_add_pulse_plan (f->store, plan, &error), >, 0);
  g_assert_no_error (error);

  g_array_append_val (plan->team_ids, f->team_b);
  g_free (plan->name);
  plan->name = g_strdup ("Team pulse");
  g_assert_true (kz_store_update_pulse_plan (f->store, plan, &error));
  plans = kz_store_list_pulse_plans (f->store, &error);
  g_assert_cmpuint (plans->len, ==, 1);
  {
    KzPulsePlan *p = g_ptr_array_index (plans, 0);

    g_assert_cmpstr (p->name, ==, "Team pulse");
    g_assert_cmpuint (p->cadence_days, ==, 14);
    g_assert_cmpuint (p->questions_per_round, ==, 4);
    g_assert_cmpuint (p->k, ==, 6);
    g_assert_cmpuint (p->team_ids->len, ==, 2);
    g_assert_cmpint (g_array_index (p->team_ids, gint64, 0), ==, MIN (f->team_a, f->team_b));
  }

  /* The plan's rounds rotate through the bank in its order, four scored
   * questions a round besides eNPS and the comment: first the two
   * team-leader and two workload questions, then tools and recognition. */
  r1->plan_id = plan->id;
  r1->k = 9;                          /* the plan's k wins */
  r1->opens_on = day (f, -7);
  r1->closes_on = day (f, 7);
  g_assert_cmpint (kz_store_create_round (f->store, r1, &error), >, 0);
  g_assert_no_error (error);
  g_assert_cmpstrv (r1->question_ids, ((const char * const[]) { "enps", "tl-support", "tl-feedback", "workload-manage",
                                                                 "workload-breaks", "comment", NULL }));
  g_assert_cmpuint (r1->k, ==, 6);
  g_date_strftime (opened, sizeof opened, "%Y-%m-%d", &r1->opens_on);
  expected_title = g_strdup_printf ("Team pulse, %s", opened);
  g_assert_cmpstr (r1->title, ==, expected_title);

  r2->plan_id = plan->id;
  r2->title = g_strdup ("Second");
  r2->opens_on = day (f, 0);
  r2->closes_on = day (f, 13);
  g_assert_cmpint (kz_store_create_round (f->store, r2, &error), >, 0);
  g_assert_cmpstrv (r2->question_ids, ((const char * const[]) { "enps", "tools-work", "tools-knowledge",
                                                                 "recognition-seen", "recognition-fair", "comment",
                                                                 NULL }));

  /* A plan's round does not pick its questions. */
  bad->plan_id = plan->id;
  bad->opens_on = day (f, 0);
  bad->closes_on = day (f, 1);
  g_strfreev (bad->question_ids);
  bad->question_ids = g_strsplit ("enps", ",", -1);
  g_assert_cmpint (kz_store_create_round (f->store, bad, &error), ==, 0);
  g_assert_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  /* One-off rounds: k 3–10, known questions, closing after opening. */
  bad->plan_id = 0;
  bad->title = g_strdup ("One-off");
  for (guint k = 0; k <= 11; k++)
    {
      gint64 id;

      if (k >= 3 && k <= 10 && k != 2)
        continue;
      bad->k = k;
      id = kz_store_create_round (f->store, bad, &error);
      g_assert_cmpint (id, ==, 0);
      g_assert_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT);
      g_clear_error (&error);
    }
  bad->k = 3;
  g_strfreev (bad->question_ids);
  bad->question_ids = g_strsplit ("enps,no-such-question", ",", -1);
  g_assert_cmpint (kz_store_create_round (f->store, bad, &error), ==, 0);
  g_assert_error (error, KZ_ERROR, KZ_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_strfreev (bad->question_ids);
  bad->question_ids = g_strsplit ("enps,comment", ",", -1);
  bad->closes_on = day (f, -1);
  g_assert_cmpint (kz_store_create_round (f->store, bad, &error), ==, 0);
  g_assert_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  one_off = open_round (f, "One-off", 3, "enps,comment");

  rounds = kz_store_list_rounds (f->store, plan->id, &error);
  g_assert_cmpuint (rounds->len, ==, 2);
  g_clear_pointer (&rounds, g_ptr_array_unref);
  rounds = kz_store_list_rounds (f->store, 0, &error);
  g_assert_cmpuint (rounds->len, ==, 3);
  got = kz_store_get_round (f->store, one_off, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (got->title, ==, "One-off");
  g_assert_cmpuint (got->k, ==, 3);
  g_assert_cmpint (got->plan_id, ==, 0);
  g_assert_false (got->answered);
  g_assert_cmpstrv (got->question_ids, ((const char * const[]) { "enps", "comment", NULL }));
  g_assert_true (kz_survey_round_is_open (got, &f->today));

  /* k may change until the round has answers, then it is locked — also
   * for plain SQL — and so is the opening day. */
  got->k = 4;
  g_assert_true (kz_store_update_round (f->store, got, &error));
  g_assert_no_error (error);
  person = add_person (f, "ana", KZ_ROLE_STAFF, f->team_a);
  submit_value (f, one_off, person, "enps", 8);
  g_clear_pointer (&got, kz_survey_round_free);
  got = kz_store_get_round (f->store, one_off, &error);
  g_assert_true (got->answered);
  g_assert_cmpuint (got->k, ==, 4);
  got->k = 5;
  g_assert_false (kz_store_update_round (f->store, got, &error));
  g_assert_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  got->k = 4;
  got->opens_on = day (f, -8);
  g_assert_false (kz_store_update_round (f->store, got, &error));
  g_assert_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  {
    g_assert_false (raw_exec_with (f, "UPDATE survey_rounds SET k = 9 WHERE id = $1",
                                   KZ_TEST_VALUES (KZ_TEST_INT (one_off))));
    g_assert_false (raw_exec_with (f, "DELETE FROM survey_round_questions WHERE round_id = $1",
                                   KZ_TEST_VALUES (KZ_TEST_INT (one_off))));
    g_clear_pointer (&got, kz_survey_round_free);
    got = kz_store_get_round (f->store, one_off, &error);
    g_assert_cmpuint (got->k, ==, 4);
    g_assert_cmpuint (g_strv_length (got->question_ids), ==, 2);
  }

  /* An answered round may close early; once closed it stays closed. */
  got->closes_on = day (f, -1);
  g_assert_true (kz_store_update_round (f->store, got, &error));
  g_assert_no_error (error);
  got->closes_on = day (f, 3);
  g_assert_false (kz_store_update_round (f->store, got, &error));
  g_assert_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  {
    const char *sql = f->pg ? "UPDATE survey_rounds SET closes_on = opens_on + 20 WHERE id = $1"
                            : "UPDATE survey_rounds SET closes_on = date (opens_on, '+20 days') WHERE id = $1";

    g_assert_false (raw_exec_with (f, sql, KZ_TEST_VALUES (KZ_TEST_INT (one_off))));
  }
}

/* ---- answering --------------------------------------------------------------------- */

static void
test_submit (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzPulsePlan) plan = kz_pulse_plan_new ();
  g_autoptr(KzSurveyRound) planned = kz_survey_round_new ();
  g_autoptr(GPtrArray) open_for_ana = NULL;
  g_autoptr(GPtrArray) open_for_bo = NULL;
  g_autoptr(GPtrArray) answers = answers_new ();
  g_autoptr(GPtrArray) bad = answers_new ();
  g_autoptr(GPtrArray) kiosk = answers_new ();
  gint64 ana, bo, cy, one_off, closed, later;
  gint64 n_answers, n_participation;

  ana = add_person (f, "ana", KZ_ROLE_AGENT | KZ_ROLE_STAFF, f->team_a);
  bo = add_person (f, "bo", KZ_ROLE_AGENT | KZ_ROLE_STAFF, f->team_b);
  cy = add_person (f, "cy", KZ_ROLE_REVIEWER | KZ_ROLE_STAFF, 0);

  plan->name = g_strdup ("A only");
  g_array_append_val (plan->team_ids, f->team_a);
  g_assert_cmpint (kz_store_add_pulse_plan (f->store, plan, &error), >, 0);
  planned->plan_id = plan->id;
  planned->opens_on = day (f, -2);
  planned->closes_on = day (f, 5);
  g_assert_cmpint (kz_store_create_round (f->store, planned, &error), >, 0);
  one_off = open_round (f, "Everyone", 5, "enps,tl-support,comment");
  closed = round_between (f, "Closed", 5, "enps", -10, -1);
  later = round_between (f, "Later", 5, "enps", 2, 9);

  /* What is open for whom: the plan's audience is team A; nothing closed
   * or not yet open; closing soonest first. */
  open_for_ana = kz_store_list_open_rounds (f->store, ana, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (open_for_ana->len, ==, 2);
  g_assert_cmpint (((KzSurveyRound *) g_ptr_array_index (open_for_ana, 0))->id, ==, planned->id);
  g_assert_cmpint (((KzSurveyRound *) g_ptr_array_index (open_for_ana, 1))->id, ==, one_off);
  open_for_bo = kz_store_list_open_rounds (f->store, bo, &error);
  g_assert_cmpuint (open_for_bo->len, ==, 1);
  g_assert_cmpint (((KzSurveyRound *) g_ptr_array_index (open_for_bo, 0))->id, ==, one_off);

  /* Bo is not in the plan's audience. */
  g_ptr_array_add (answers, kz_survey_answer_new_value ("enps", 9));
  g_assert_false (kz_store_submit_answers (f->store, planned->id, bo, answers, &error));
  g_assert_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  /* Ana answers the one-off round, with a comment. */
  g_ptr_array_add (answers, kz_survey_answer_new_value ("tl-support", 4));
  g_ptr_array_add (answers, kz_survey_answer_new_text ("comment", "More breaks, please."));
  submit_ok (f, one_off, ana, answers);
  g_assert_cmpint (raw_count (f, "survey_answers"), ==, 3);
  g_assert_cmpint (raw_count (f, "survey_participation"), ==, 1);
  g_clear_pointer (&open_for_ana, g_ptr_array_unref);
  open_for_ana = kz_store_list_open_rounds (f->store, ana, &error);
  g_assert_cmpuint (open_for_ana->len, ==, 1);
  g_assert_cmpint (((KzSurveyRound *) g_ptr_array_index (open_for_ana, 0))->id, ==, planned->id);

  /* A second time: refused, and nothing written. */
  n_answers = raw_count (f, "survey_answers");
  n_participation = raw_count (f, "survey_participation");
  g_assert_false (kz_store_submit_answers (f->store, one_off, ana, answers, &error));
  g_assert_error (error, KZ_ERROR, KZ_ERROR_EXISTS);
  g_assert_nonnull (strstr (error->message, "already answered"));
  g_clear_error (&error);
  g_assert_cmpint (raw_count (f, "survey_answers"), ==, n_answers);
  g_assert_cmpint (raw_count (f, "survey_participation"), ==, n_participation);

  /* A bad answer refuses the whole submission. */
  g_ptr_array_add (bad, kz_survey_answer_new_value ("enps", 7));
  g_ptr_array_add (bad, kz_survey_answer_new_value ("tl-support", 6));   /* 1–5 */
  g_assert_false (kz_store_submit_answers (f->store, one_off, bo, bad, &error));
  g_assert_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_cmpint (raw_count (f, "survey_answers"), ==, n_answers);
  g_assert_cmpint (raw_count (f, "survey_participation"), ==, n_participation);

  /* Closed and not-yet-open rounds take nothing. */
  g_ptr_array_set_size (answers, 1);
  g_assert_false (kz_store_submit_answers (f->store, closed, bo, answers, &error));
  g_assert_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "closed"));
  g_clear_error (&error);
  g_assert_false (kz_store_submit_answers (f->store, later, bo, answers, &error));
  g_assert_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_cmpint (raw_count (f, "survey_answers"), ==, n_answers);

  /* Each answer carries the team its author is in when answering; one
   * with no team, none. */
  submit_value (f, one_off, cy, "enps", 3);
  move_person (f, bo, f->team_a);
  submit_value (f, one_off, bo, "enps", 10);
  {
    g_autofree char *in_a = raw_value_with (f, "SELECT count(*) FROM survey_answers WHERE team_id = $1",
                                            KZ_TEST_VALUES (KZ_TEST_INT (f->team_a)));
    g_autofree char *none = raw_value (f, "SELECT count(*) FROM survey_answers WHERE team_id IS NULL");

    g_assert_cmpstr (in_a, ==, "4");     /* Ana's three and Bo's, now in A */
    g_assert_cmpstr (none, ==, "1");     /* Cy's */
  }

  /* Kiosk answers: the same anonymous rows, no participation; open rounds
   * only. */
  g_ptr_array_add (kiosk, kz_survey_answer_new_value ("enps", 6));
  g_ptr_array_add (kiosk, kz_survey_answer_new_value ("enps", 8));
  g_assert_true (kz_store_import_answers (f->store, one_off, f->team_b, kiosk, &error));
  g_assert_no_error (error);
  g_assert_cmpint (raw_count (f, "survey_answers"), ==, n_answers + 4);
  g_assert_cmpint (raw_count (f, "survey_participation"), ==, n_participation + 2);
  g_assert_false (kz_store_import_answers (f->store, closed, f->team_b, kiosk, &error));
  g_assert_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  /* No results until the round closes. */
  g_assert_null (kz_store_survey_results (f->store, one_off, &error));
  g_assert_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT);
  g_clear_error (&error);
}

/* ---- eNPS through the store -------------------------------------------------------- */

/* statistics.md: eNPS = 100 × (P − D) ÷ n; n' = n + 3, p' = (P + 0.75) ÷ n',
 * d' = (D + 0.75) ÷ n', e' = p' − d', SE = √((p' + d' − e'²) ÷ n'),
 * interval 100 × (e' ± 1.96 SE) clipped to ±100.  Worked out by hand:
 *  - 10, 10, 9, 9, 9, 8, 7, 6, 3, 0: P 5, passives 2, D 3 → +20;
 *    n' 13, p' 5.75/13 = 0.442308, d' 3.75/13 = 0.288462, e' 0.153846,
 *    SE √((0.730769 − 0.023669)/13) = 0.233222 → 15.3846 ± 45.7114
 *    = −30.3268 … 61.0961.
 *  - six promoters (10, 10, 10, 9, 9, 10) → +100; n' 9, p' 0.75,
 *    d' 0.083333, e' 0.666667, SE √((0.833333 − 0.444444)/9) = 0.207870
 *    → 66.6667 ± 40.7425 = 25.9242 … 107.41 → clipped to 100.
 *  - five detractors (0, 3, 6, 5, 1) → −100; n' 8, p' 0.09375, d' 0.71875,
 *    e' −0.625, SE √((0.8125 − 0.390625)/8) = 0.229640 → −62.5 ± 45.0094
 *    = −107.51 → −100 … −17.4906.
 *  - one answer: fewer than k = 5, so no figure at all (suppressed).
 *  - nobody answered the eNPS question: no cell.
 * Change from the first to the second: +80; SE_diff = √(23.3222² +
 * 20.7870²) = 31.2414; 1.96 × 31.2414 = 61.23 < 80: significant. */
static void
test_enps (Fixture *f, gconstpointer data)
{
  static const int mixed[] = { 10, 10, 9, 9, 9, 8, 7, 6, 3, 0 };
  static const int promoters[] = { 10, 10, 10, 9, 9, 10 };
  static const int detractors[] = { 0, 3, 6, 5, 1 };
  static const struct { const int *values; guint n; double enps, low, high; guint p, pa, d; } cases[] = {
    { mixed, G_N_ELEMENTS (mixed), 20.0, -30.326834, 61.096065, 5, 2, 3 },
    { promoters, G_N_ELEMENTS (promoters), 100.0, 25.924175, 100.0, 6, 0, 0 },
    { detractors, G_N_ELEMENTS (detractors), -100.0, -100.0, -17.490626, 0, 0, 5 },
  };
  g_autoptr(GPtrArray) people = g_ptr_array_new ();
  gint64 rounds[G_N_ELEMENTS (cases)], single, none;
  KzEnps enps[G_N_ELEMENTS (cases)];

  for (guint i = 0; i < 10; i++)
    {
      g_autofree char *name = g_strdup_printf ("p%u", i);

      g_ptr_array_add (people, GINT_TO_POINTER ((int) add_person (f, name, KZ_ROLE_STAFF, f->team_a)));
    }
  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autofree char *title = g_strdup_printf ("Case %u", c);

      rounds[c] = open_round (f, title, 5, "enps");
      for (guint i = 0; i < cases[c].n; i++)
        submit_value (f, rounds[c], GPOINTER_TO_INT (g_ptr_array_index (people, i)), "enps", cases[c].values[i]);
      close_round (f, rounds[c]);
    }
  single = open_round (f, "One answer", 5, "enps");
  submit_value (f, single, GPOINTER_TO_INT (g_ptr_array_index (people, 0)), "enps", 10);
  close_round (f, single);
  none = open_round (f, "No eNPS answers", 5, "enps,tl-support");
  for (guint i = 0; i < 6; i++)
    submit_value (f, none, GPOINTER_TO_INT (g_ptr_array_index (people, i)), "tl-support", 4);
  close_round (f, none);

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autoptr(GPtrArray) cells = results (f, rounds[c]);
      KzSurveyCell *all = find_cell (cells, "enps", KZ_CELL_ALL);

      g_assert_nonnull (all);
      g_assert_cmpint (all->suppression, ==, KZ_SHOWN);
      g_assert_true (kz_survey_cell_enps (all, &enps[c]));
      g_assert_cmpuint (enps[c].n, ==, cases[c].n);
      g_assert_cmpuint (enps[c].promoters, ==, cases[c].p);
      g_assert_cmpuint (enps[c].passives, ==, cases[c].pa);
      g_assert_cmpuint (enps[c].detractors, ==, cases[c].d);
      g_assert_cmpfloat_with_epsilon (enps[c].enps, cases[c].enps, EPS);
      g_assert_cmpfloat_with_epsilon (enps[c].low, cases[c].low, EPS);
      g_assert_cmpfloat_with_epsilon (enps[c].high, cases[c].high, EPS);
    }
  {
    double change, se_diff;
    gboolean significant;

    g_assert_true (kz_enps_change (&enps[0], &enps[1], &change, &se_diff, &significant));
    g_assert_cmpfloat_with_epsilon (change, 80.0, EPS);
    g_assert_cmpfloat_with_epsilon (se_diff, 31.241356, 1e-5);
    g_assert_true (significant);
  }
  {
    g_autoptr(GPtrArray) cells = results (f, single);
    KzSurveyCell *all = find_cell (cells, "enps", KZ_CELL_ALL);
    KzEnps e;

    g_assert_nonnull (all);
    g_assert_cmpint (all->suppression, ==, KZ_SUPPRESSED_FEW);
    g_assert_cmpuint (all->n, ==, 0);
    g_assert_false (kz_survey_cell_enps (all, &e));
    g_assert_false (e.defined);
  }
  {
    g_autoptr(GPtrArray) cells = results (f, none);

    g_assert_null (find_cell (cells, "enps", KZ_CELL_ALL));
    g_assert_nonnull (find_cell (cells, "tl-support", KZ_CELL_ALL));
  }
}

/* ---- the differencing attack ------------------------------------------------------- */

/* One answer the test made up: who gave it, where they were. */
typedef struct {
  char   *who;        /* "a1", "m" … */
  gint64  round;
  char   *question;
  gint64  team;       /* the team they were in when answering; KZ_CELL_NO_TEAM */
  int     value;
} Given;

static void
given_free (Given *g)
{
  g_free (g->who);
  g_free (g->question);
  g_free (g);
}

static void
give (GPtrArray *given, const char *who, gint64 round, const char *question, gint64 team, int value)
{
  Given *g = g_new0 (Given, 1);

  g->who = g_strdup (who);
  g->round = round;
  g->question = g_strdup (question);
  g->team = team;
  g->value = value;
  g_ptr_array_add (given, g);
}

/* A figure as shown (by the store or an export), and the answers behind
 * it as the test knows them. */
typedef struct {
  gint64      round;
  char       *question;
  gint64      team;
  GHashTable *answers;   /* "who/round/question" */
} Figure;

static void
figure_free (Figure *fig)
{
  g_free (fig->question);
  g_hash_table_unref (fig->answers);
  g_free (fig);
}

/* The answers behind a shown cell; checks the cell says what they say. */
static Figure *
figure_of (GPtrArray *given, gint64 round, const char *question, gint64 team, guint n, const guint counts[11])
{
  Figure *fig = g_new0 (Figure, 1);
  guint mine[11] = { 0 };

  fig->round = round;
  fig->question = g_strdup (question);
  fig->team = team;
  fig->answers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < given->len; i++)
    {
      Given *g = g_ptr_array_index (given, i);

      if (g->round != round || !g_str_equal (g->question, question) || (team != KZ_CELL_ALL && g->team != team))
        continue;
      g_hash_table_add (fig->answers, g_strdup_printf ("%s/%" G_GINT64_FORMAT "/%s", g->who, round, question));
      mine[g->value]++;
    }
  g_assert_cmpuint (n, ==, g_hash_table_size (fig->answers));
  for (guint v = 0; v < 11; v++)
    g_assert_cmpuint (counts[v], ==, mine[v]);
  return fig;
}

/* voice.md's acceptance: no two figures shown differ by between 1 and
 * k − 1 answers, so no subtraction of one from the other recovers one
 * person's answer. */
static void
assert_no_leak (GPtrArray *figures, guint k)
{
  for (guint i = 0; i < figures->len; i++)
    for (guint j = 0; j < figures->len; j++)
      {
        Figure *small = g_ptr_array_index (figures, i), *big = g_ptr_array_index (figures, j);
        GHashTableIter iter;
        gpointer key;
        gboolean subset = TRUE;
        guint d;

        if (i == j || g_hash_table_size (small->answers) > g_hash_table_size (big->answers))
          continue;
        g_hash_table_iter_init (&iter, small->answers);
        while (subset && g_hash_table_iter_next (&iter, &key, NULL))
          subset = g_hash_table_contains (big->answers, key);
        if (!subset)
          continue;
        d = g_hash_table_size (big->answers) - g_hash_table_size (small->answers);
        if (d >= 1 && d <= k - 1)
          g_error ("round %" G_GINT64_FORMAT " %s: team %" G_GINT64_FORMAT " minus team %" G_GINT64_FORMAT
                   " is %u answers, fewer than k = %u", big->round, big->question, big->team, small->team, d, k);
      }
}

/* The export of kaizenctl, as cells, from JSON and from CSV. */
static char *
run_kaizenctl (const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;
  int status;

  g_ptr_array_add (argv, (char *) kaizenctl);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err,
                               &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("kaizenctl %s: %s", args[0], err);
  return out;
}

static GPtrArray *
cells_from_json (const char *text, gint64 round)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  GPtrArray *cells = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_survey_cell_free);
  JsonArray *array;

  g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (json_parser_get_root (parser)), "round"), ==,
                   round);
  array = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "cells");
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *o = json_array_get_object_element (array, i);
      KzSurveyCell *cell = kz_survey_cell_new (round, json_object_get_null_member (o, "team_id")
                                                       ? KZ_CELL_ALL : json_object_get_int_member (o, "team_id"),
                                               json_object_get_string_member (o, "question"));
      const char *why = json_object_get_null_member (o, "suppressed")
                        ? NULL : json_object_get_string_member (o, "suppressed");

      cell->suppression = why == NULL ? KZ_SHOWN : g_str_equal (why, "few") ? KZ_SUPPRESSED_FEW
                                                                            : KZ_SUPPRESSED_DIFFERENCE;
      if (why == NULL)
        {
          JsonArray *counts = json_object_get_array_member (o, "counts");

          cell->n = json_object_get_int_member (o, "n");
          for (guint v = 0; v < 11; v++)
            cell->counts[v] = json_array_get_int_element (counts, v);
        }
      else
        {
          /* Suppressed: no number at all, and a reason. */
          g_assert_true (json_object_get_null_member (o, "n"));
          g_assert_true (json_object_get_null_member (o, "counts"));
          g_assert_false (json_object_has_member (o, "mean"));
          g_assert_nonnull (json_object_get_string_member (o, "reason"));
        }
      g_ptr_array_add (cells, cell);
    }
  return cells;
}

static GPtrArray *
cells_from_csv (const char *text, gint64 round)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  GPtrArray *cells = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_survey_cell_free);

  g_assert_cmpstr (lines[0], ==, "question,team_id,team,n,mean,mean_low,mean_high,suppressed,reason,count_0,count_1,"
                                 "count_2,count_3,count_4,count_5,count_6,count_7,count_8,count_9,count_10");
  for (guint l = 1; lines[l] != NULL && *lines[l] != '\0'; l++)
    {
      g_auto(GStrv) f = g_strsplit (lines[l], ",", -1);   /* the test's names have no commas */
      KzSurveyCell *cell;

      g_assert_cmpuint (g_strv_length (f), ==, 20);
      cell = kz_survey_cell_new (round, *f[1] ? g_ascii_strtoll (f[1], NULL, 10) : KZ_CELL_ALL, f[0]);
      cell->suppression = !*f[7] ? KZ_SHOWN : g_str_equal (f[7], "few") ? KZ_SUPPRESSED_FEW
                                                                        : KZ_SUPPRESSED_DIFFERENCE;
      if (cell->suppression == KZ_SHOWN)
        {
          cell->n = g_ascii_strtoull (f[3], NULL, 10);
          for (guint v = 0; v < 11; v++)
            cell->counts[v] = g_ascii_strtoull (f[9 + v], NULL, 10);
        }
      else
        {
          g_assert_cmpstr (f[3], ==, "");
          g_assert_cmpstr (f[4], ==, "");
          g_assert_cmpstr (f[8], !=, "");
          for (guint v = 0; v < 11; v++)
            g_assert_cmpstr (f[9 + v], ==, "");
        }
      g_ptr_array_add (cells, cell);
    }
  return cells;
}

static void
assert_same_cells (GPtrArray *a, GPtrArray *b)
{
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    {
      KzSurveyCell *x = g_ptr_array_index (a, i);
      KzSurveyCell *y = find_cell (b, x->question_id, x->team_id);

      g_assert_nonnull (y);
      g_assert_cmpint (x->suppression, ==, y->suppression);
      g_assert_cmpuint (x->n, ==, y->n);
      for (guint v = 0; v < 11; v++)
        g_assert_cmpuint (x->counts[v], ==, y->counts[v]);
    }
}

static void
expect (GPtrArray *cells, const char *question, gint64 team, KzSuppression s, guint n)
{
  KzSurveyCell *c = find_cell (cells, question, team);

  g_assert_nonnull (c);
  g_assert_cmpint (c->suppression, ==, s);
  g_assert_cmpuint (c->n, ==, s == KZ_SHOWN ? n : 0);
}

/* Issue 7: a site of 12 respondents in two teams of 6, and one person who
 * moves from A (round 1) to B (round 2).  Round 1: A 7, B 6; round 2:
 * A 6, B 7.  In round 1 b6 skips tl-support (B 5 there).
 *  k = 5: every group has ≥ 5, and each team is the whole round minus the
 *  other, at least 5 answers away: everything is shown.
 *  k = 7: B (6, and 5 for tl-support) is too few in round 1, and A (7)
 *  would then be the whole round minus B: hidden too.  Round 2 the same
 *  with A (6) too few and B (7) hidden.  Only the whole rounds show. */
static void
differencing_attack (Fixture *f, guint k)
{
  g_autoptr(GPtrArray) given = g_ptr_array_new_with_free_func ((GDestroyNotify) given_free);
  g_autoptr(GPtrArray) figures = g_ptr_array_new_with_free_func ((GDestroyNotify) figure_free);
  g_autoptr(GRand) rand = g_rand_new_with_seed (7 * k);
  g_autofree char *r1_title = g_strdup_printf ("Round 1, k = %u", k);
  g_autofree char *r2_title = g_strdup_printf ("Round 2, k = %u", k);
  const char *names[13] = { "a1", "a2", "a3", "a4", "a5", "a6", "b1", "b2", "b3", "b4", "b5", "b6", "m" };
  gint64 ids[13], teams[13];
  gint64 round[2];

  for (guint i = 0; i < 13; i++)
    {
      g_autofree char *name = g_strdup_printf ("%s-k%u", names[i], k);

      teams[i] = i < 6 || i == 12 ? f->team_a : f->team_b;
      ids[i] = add_person (f, name, KZ_ROLE_STAFF | KZ_ROLE_AGENT, teams[i]);
    }
  round[0] = open_round (f, r1_title, k, "enps,tl-support,comment");
  round[1] = open_round (f, r2_title, k, "enps,tl-support,comment");

  for (guint r = 0; r < 2; r++)
    {
      if (r == 1)
        {
          /* The mover changes team between the rounds. */
          move_person (f, ids[12], f->team_b);
          teams[12] = f->team_b;
        }
      for (guint i = 0; i < 13; i++)
        {
          g_autoptr(GPtrArray) answers = answers_new ();
          int enps = g_rand_int_range (rand, 0, 11);
          int tl = g_rand_int_range (rand, 1, 6);

          g_ptr_array_add (answers, kz_survey_answer_new_value ("enps", enps));
          give (given, names[i], round[r], "enps", teams[i], enps);
          if (!(r == 0 && i == 11))
            {
              g_ptr_array_add (answers, kz_survey_answer_new_value ("tl-support", tl));
              give (given, names[i], round[r], "tl-support", teams[i], tl);
            }
          if (i % 4 == 0)
            g_ptr_array_add (answers, kz_survey_answer_new_text ("comment", names[i]));
          submit_ok (f, round[r], ids[i], answers);
        }
      close_round (f, round[r]);
    }

  for (guint r = 0; r < 2; r++)
    {
      g_autoptr(GPtrArray) cells = results (f, round[r]);
      gint64 smaller = r == 0 ? f->team_b : f->team_a;
      gint64 larger = r == 0 ? f->team_a : f->team_b;

      /* Whole round, and each team, per scored question. */
      g_assert_cmpuint (cells->len, ==, 6);
      expect (cells, "enps", KZ_CELL_ALL, KZ_SHOWN, 13);
      expect (cells, "tl-support", KZ_CELL_ALL, KZ_SHOWN, r == 0 ? 12 : 13);
      if (k == 5)
        {
          expect (cells, "enps", larger, KZ_SHOWN, 7);
          expect (cells, "enps", smaller, KZ_SHOWN, 6);
          expect (cells, "tl-support", larger, KZ_SHOWN, 7);
          expect (cells, "tl-support", smaller, KZ_SHOWN, r == 0 ? 5 : 6);
        }
      else
        {
          expect (cells, "enps", larger, KZ_SUPPRESSED_DIFFERENCE, 0);
          expect (cells, "enps", smaller, KZ_SUPPRESSED_FEW, 0);
          expect (cells, "tl-support", larger, KZ_SUPPRESSED_DIFFERENCE, 0);
          expect (cells, "tl-support", smaller, KZ_SUPPRESSED_FEW, 0);
        }
      for (guint i = 0; i < cells->len; i++)
        {
          KzSurveyCell *c = g_ptr_array_index (cells, i);

          if (c->suppression == KZ_SHOWN)
            g_ptr_array_add (figures, figure_of (given, c->round_id, c->question_id, c->team_id, c->n, c->counts));
        }

      /* The exports show the same figures, suppressed the same way. */
      if (kaizenctl != NULL)
        {
          g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, round[r]);
          g_autofree char *json = run_kaizenctl ((const char * const[]) {
            "survey", "results", id, "--by", "team", "--json", "--database", f->location, NULL });
          g_autofree char *csv = run_kaizenctl ((const char * const[]) {
            "survey", "results", id, "--by", "team", "--csv", "--database", f->location, NULL });
          g_autoptr(GPtrArray) from_json = cells_from_json (json, round[r]);
          g_autoptr(GPtrArray) from_csv = cells_from_csv (csv, round[r]);
          g_autoptr(GPtrArray) exported = g_ptr_array_new_with_free_func ((GDestroyNotify) figure_free);

          assert_same_cells (cells, from_json);
          assert_same_cells (cells, from_csv);
          for (guint i = 0; i < from_json->len; i++)
            {
              KzSurveyCell *c = g_ptr_array_index (from_json, i);

              if (c->suppression == KZ_SHOWN)
                g_ptr_array_add (exported, figure_of (given, c->round_id, c->question_id, c->team_id, c->n,
                                                      c->counts));
            }
          assert_no_leak (exported, k);
        }
    }
  /* Every pair of figures shown in both rounds, across rounds too. */
  assert_no_leak (figures, k);
  g_assert_cmpuint (figures->len, ==, k == 5 ? 12 : 4);
}

static void
test_differencing (Fixture *f, gconstpointer data)
{
  if (kaizenctl == NULL)
    g_test_message ("no kaizenctl given: the exports are not checked");
  differencing_attack (f, 5);
  differencing_attack (f, 7);
}

/* ---- the backends agree -------------------------------------------------------------- */

/* The same answers on both backends give the same cells, suppressed the
 * same way — sizes and k drawn at random, so ties and chains of
 * differencing come up — and none of them leaks by difference. */
static gint64
scenario_round (Fixture *f, GRand *rand, guint s, GPtrArray *given, guint *k)
{
  g_autofree char *title = g_strdup_printf ("Scenario %u", s);
  gint64 teams[3] = { f->team_a, f->team_b, KZ_CELL_NO_TEAM };
  gint64 round;

  *k = g_rand_int_range (rand, 3, 11);
  round = open_round (f, title, *k, "enps,tl-support");
  for (guint t = 0; t < G_N_ELEMENTS (teams); t++)
    {
      guint size = t == 2 ? g_rand_int_range (rand, 0, 4) : g_rand_int_range (rand, 0, 14);
      g_autoptr(GPtrArray) answers = answers_new ();

      for (guint i = 0; i < size; i++)
        {
          g_autofree char *who = g_strdup_printf ("s%u-t%u-%u", s, t, i);
          int enps = g_rand_int_range (rand, 0, 11);

          g_ptr_array_add (answers, kz_survey_answer_new_value ("enps", enps));
          give (given, who, round, "enps", teams[t], enps);
          if (g_rand_double (rand) < 0.8)
            {
              int tl = g_rand_int_range (rand, 1, 6);

              g_ptr_array_add (answers, kz_survey_answer_new_value ("tl-support", tl));
              give (given, who, round, "tl-support", teams[t], tl);
            }
        }
      if (answers->len > 0)
        {
          g_autoptr(GError) error = NULL;

          g_assert_true (kz_store_import_answers (f->store, round, teams[t] > 0 ? teams[t] : 0, answers, &error));
          g_assert_no_error (error);
        }
    }
  close_round (f, round);
  return round;
}

static void
test_backends_agree (void)
{
  Fixture lite = { 0 }, server = { 0 };
  g_autoptr(GRand) lite_rand = g_rand_new_with_seed (20261201);
  g_autoptr(GRand) server_rand = g_rand_new_with_seed (20261201);
  guint differences = 0;

  fixture_setup (&lite, "sqlite");
  fixture_setup (&server, "pg");
  g_assert_cmpint (lite.team_a, ==, server.team_a);
  g_assert_cmpint (lite.team_b, ==, server.team_b);
  for (guint s = 0; s < 40; s++)
    {
      g_autoptr(GPtrArray) given = g_ptr_array_new_with_free_func ((GDestroyNotify) given_free);
      g_autoptr(GPtrArray) server_given = g_ptr_array_new_with_free_func ((GDestroyNotify) given_free);
      g_autoptr(GPtrArray) figures = g_ptr_array_new_with_free_func ((GDestroyNotify) figure_free);
      g_autoptr(GPtrArray) a = NULL;
      g_autoptr(GPtrArray) b = NULL;
      guint k, k2;
      gint64 ra = scenario_round (&lite, lite_rand, s, given, &k);
      gint64 rb = scenario_round (&server, server_rand, s, server_given, &k2);

      g_assert_cmpuint (k, ==, k2);
      a = results (&lite, ra);
      b = results (&server, rb);
      g_assert_cmpuint (a->len, ==, b->len);
      for (guint i = 0; i < a->len; i++)
        {
          KzSurveyCell *x = g_ptr_array_index (a, i), *y = g_ptr_array_index (b, i);

          /* In the same order, too. */
          g_assert_cmpstr (x->question_id, ==, y->question_id);
          g_assert_cmpint (x->team_id, ==, y->team_id);
          g_assert_cmpint (x->suppression, ==, y->suppression);
          g_assert_cmpuint (x->n, ==, y->n);
          for (guint v = 0; v < 11; v++)
            g_assert_cmpuint (x->counts[v], ==, y->counts[v]);
          differences += x->suppression == KZ_SUPPRESSED_DIFFERENCE;
          if (x->suppression == KZ_SHOWN)
            g_ptr_array_add (figures, figure_of (given, ra, x->question_id, x->team_id, x->n, x->counts));
        }
      assert_no_leak (figures, k);
    }
  /* The draw did exercise the differencing rule. */
  g_assert_cmpuint (differences, >, 5);
  fixture_teardown (&lite, "sqlite");
  fixture_teardown (&server, "pg");
}

/* ---- nothing links an answer, an idea, a comment or a vote to a person ------------------ */

typedef struct {
  char      *table;
  GPtrArray *columns;   /* char* */
  GPtrArray *types;     /* char*: the declared / data type */
  GPtrArray *rows;      /* GPtrArray* of char* (NULL for SQL NULL) */
} Table;

static void
table_free (Table *t)
{
  g_free (t->table);
  g_ptr_array_unref (t->columns);
  g_ptr_array_unref (t->types);
  g_ptr_array_unref (t->rows);
  g_free (t);
}

static Table *
table_new (const char *name)
{
  Table *t = g_new0 (Table, 1);

  t->table = g_strdup (name);
  t->columns = g_ptr_array_new_with_free_func (g_free);
  t->types = g_ptr_array_new_with_free_func (g_free);
  t->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  return t;
}

/* Every row of every table, read as the database's owner — whatever the
 * app's API would show. */
static GPtrArray *
every_table (Fixture *f)
{
  GPtrArray *tables = g_ptr_array_new_with_free_func ((GDestroyNotify) table_free);

  if (f->pg)
    {
      PGconn *conn = kz_test_pg_connect (f->location);
      g_autoptr(PGresult) names = PQexec (conn, "SELECT table_name FROM information_schema.tables "
                                                "WHERE table_schema = 'public' ORDER BY table_name");

      g_assert_cmpint (PQresultStatus (names), ==, PGRES_TUPLES_OK);
      for (int i = 0; i < PQntuples (names); i++)
        {
          Table *t = table_new (PQgetvalue (names, i, 0));
          const char *params[1] = { t->table };
          g_autoptr(PGresult) cols = PQexecParams (conn, "SELECT column_name, data_type FROM information_schema.columns "
                                                         "WHERE table_schema = 'public' AND table_name = $1 "
                                                         "ORDER BY ordinal_position", 1, NULL, params, NULL, NULL, 0);
          char *ident = PQescapeIdentifier (conn, t->table, strlen (t->table));
          g_autofree char *sql = g_strdup_printf ("SELECT * FROM %s", ident);
          g_autoptr(PGresult) rows = NULL;

          PQfreemem (ident);
          for (int c = 0; c < PQntuples (cols); c++)
            {
              g_ptr_array_add (t->columns, g_strdup (PQgetvalue (cols, c, 0)));
              g_ptr_array_add (t->types, g_strdup (PQgetvalue (cols, c, 1)));
            }
          rows = PQexec (conn, sql);
          g_assert_cmpint (PQresultStatus (rows), ==, PGRES_TUPLES_OK);
          g_assert_cmpint (PQnfields (rows), ==, t->columns->len);
          for (int r = 0; r < PQntuples (rows); r++)
            {
              GPtrArray *row = g_ptr_array_new_with_free_func (g_free);

              for (int c = 0; c < PQnfields (rows); c++)
                g_ptr_array_add (row, PQgetisnull (rows, r, c) ? NULL : g_strdup (PQgetvalue (rows, r, c)));
              g_ptr_array_add (t->rows, row);
            }
          g_ptr_array_add (tables, t);
        }
      PQfinish (conn);
    }
  else
    {
      sqlite3 *db = NULL;
      sqlite3_stmt *stmt = NULL;
      g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

      g_assert_cmpint (sqlite3_open_v2 (f->location, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
      g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name",
                                           -1, &stmt, NULL), ==, SQLITE_OK);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        g_ptr_array_add (names, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
      sqlite3_finalize (stmt);
      for (guint i = 0; i < names->len; i++)
        {
          Table *t = table_new (g_ptr_array_index (names, i));
          /* A table name cannot be a parameter: quoted, as SQLite's %w does. */
          char *sql = sqlite3_mprintf ("SELECT * FROM \"%w\"", t->table);

          g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
          sqlite3_free (sql);
          for (int c = 0; c < sqlite3_column_count (stmt); c++)
            {
              const char *type = sqlite3_column_decltype (stmt, c);

              g_ptr_array_add (t->columns, g_strdup (sqlite3_column_name (stmt, c)));
              g_ptr_array_add (t->types, g_strdup (type ? type : ""));
            }
          while (sqlite3_step (stmt) == SQLITE_ROW)
            {
              GPtrArray *row = g_ptr_array_new_with_free_func (g_free);

              for (int c = 0; c < sqlite3_column_count (stmt); c++)
                g_ptr_array_add (row, sqlite3_column_type (stmt, c) == SQLITE_NULL ? NULL
                                      : sqlite3_column_type (stmt, c) == SQLITE_BLOB
                                        ? g_strdup ("(blob)") : g_strdup ((const char *) sqlite3_column_text (stmt, c)));
              g_ptr_array_add (t->rows, row);
            }
          sqlite3_finalize (stmt);
          g_ptr_array_add (tables, t);
        }
      sqlite3_close (db);
    }
  return tables;
}

static Table *
table_named (GPtrArray *tables, const char *name)
{
  for (guint i = 0; i < tables->len; i++)
    if (g_str_equal (((Table *) g_ptr_array_index (tables, i))->table, name))
      return g_ptr_array_index (tables, i);
  return NULL;
}

static int
column_index (Table *t, const char *name)
{
  for (guint c = 0; c < t->columns->len; c++)
    if (g_str_equal (g_ptr_array_index (t->columns, c), name))
      return c;
  return -1;
}

static gboolean
looks_like_person_column (const char *name)
{
  static const char * const words[] = { "person", "author", "voter_id", "login", "email", "user", "name", "device",
                                        "session", "reviewer", "agent", NULL };

  for (guint i = 0; words[i] != NULL; i++)
    if (strstr (name, words[i]) != NULL)
      return TRUE;
  return FALSE;
}

/* A value finer than a day: an ISO time of day, or a Unix time near now. */
static gboolean
looks_like_a_time (const char *v)
{
  g_autoptr(GRegex) iso = g_regex_new ("\\d{4}-\\d\\d-\\d\\d[T ]\\d\\d:\\d\\d", 0, 0, NULL);
  char *end = NULL;
  gint64 n;

  if (v == NULL)
    return FALSE;
  if (g_regex_match (iso, v, 0, NULL))
    return TRUE;
  n = g_ascii_strtoll (v, &end, 10);
  return *end == '\0' && llabs (n - g_get_real_time () / G_USEC_PER_SEC) < 3 * 86400;
}

static gboolean
is_monday (const char *v)
{
  unsigned y, m, d;
  GDate date;

  if (v == NULL || sscanf (v, "%4u-%2u-%2u", &y, &m, &d) != 3 || !g_date_valid_dmy (d, m, y))
    return FALSE;
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, d, m, y);
  return g_date_get_weekday (&date) == G_DATE_MONDAY;
}

/* The ids of the anonymous rows of a table, in the order the table gives
 * them (its physical order). */
static GPtrArray *
ids_of (Fixture *f, const char *table, const char *where)
{
  g_autoptr(GPtrArray) tables = every_table (f);
  Table *t = table_named (tables, table);
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);
  int id = column_index (t, "id");
  int author = column_index (t, "author_id");

  for (guint r = 0; r < t->rows->len; r++)
    {
      GPtrArray *row = g_ptr_array_index (t->rows, r);

      if (where == NULL || (author >= 0 && g_ptr_array_index (row, author) == NULL))
        g_ptr_array_add (ids, g_strdup (g_ptr_array_index (row, id)));
    }
  return ids;
}

/* The id that is in @after and not in @before. */
static char *
new_id (GPtrArray *before, GPtrArray *after)
{
  for (guint i = 0; i < after->len; i++)
    {
      gboolean old = FALSE;

      for (guint j = 0; j < before->len && !old; j++)
        old = g_str_equal (g_ptr_array_index (after, i), g_ptr_array_index (before, j));
      if (!old)
        return g_strdup (g_ptr_array_index (after, i));
    }
  g_assert_not_reached ();
  return NULL;
}

static gboolean
increasing (GPtrArray *ids)
{
  for (guint i = 1; i < ids->len; i++)
    if (g_strcmp0 (g_ptr_array_index (ids, i - 1), g_ptr_array_index (ids, i)) >= 0)
      return FALSE;
  return TRUE;
}

static gboolean
decreasing (GPtrArray *ids)
{
  for (guint i = 1; i < ids->len; i++)
    if (g_strcmp0 (g_ptr_array_index (ids, i - 1), g_ptr_array_index (ids, i)) <= 0)
      return FALSE;
  return TRUE;
}

static gboolean
same_order (GPtrArray *a, GPtrArray *b)
{
  if (a->len != b->len)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    if (!g_str_equal (g_ptr_array_index (a, i), g_ptr_array_index (b, i)))
      return FALSE;
  return TRUE;
}

static void
test_anonymity (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) people = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_person_free);
  g_autoptr(GPtrArray) answer_order = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) idea_order = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) comment_order = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) anonymous = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) tables = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  g_autofree char *named_idea = NULL;
  gint64 round, ana, bo, mel;
  guint n_rows_seen = 0;

  ana = add_person (f, "ana", KZ_ROLE_AGENT | KZ_ROLE_STAFF, f->team_a);
  bo = add_person (f, "bo", KZ_ROLE_AGENT | KZ_ROLE_STAFF, f->team_b);
  mel = add_person (f, "mel", KZ_ROLE_MANAGER | KZ_ROLE_STAFF, f->team_a);
  round = open_round (f, "Anonymous", 5, "enps,tl-support,comment");

  /* People answer (participation and answers), and 50 kiosk answers come
   * in one at a time, so the test knows the order the rows came in. */
  {
    g_autoptr(GPtrArray) answers = answers_new ();

    g_ptr_array_add (answers, kz_survey_answer_new_value ("enps", 9));
    g_ptr_array_add (answers, kz_survey_answer_new_text ("comment", "The rota is late again."));
    submit_ok (f, round, ana, answers);
    submit_value (f, round, bo, "enps", 2);
  }
  for (guint i = 0; i < 50; i++)
    {
      g_autoptr(GPtrArray) before = ids_of (f, "survey_answers", NULL);
      g_autoptr(GPtrArray) after = NULL;
      g_autoptr(GPtrArray) one = answers_new ();

      g_ptr_array_add (one, kz_survey_answer_new_value ("enps", i % 11));
      g_assert_true (kz_store_import_answers (f->store, round, i % 2 ? f->team_a : f->team_b, one, &error));
      g_assert_no_error (error);
      after = ids_of (f, "survey_answers", NULL);
      g_ptr_array_add (answer_order, new_id (before, after));
    }

  /* Anonymous ideas, one at a time; anonymous comments and votes. */
  for (guint i = 0; i < 20; i++)
    {
      g_autoptr(KzIdea) idea = kz_idea_new ();
      g_autofree char *token = kz_voice_new_token ();
      char *id;

      idea->title = g_strdup_printf ("Anonymous idea %u", i);
      id = kz_store_submit_idea (f->store, idea, token, &error);
      g_assert_no_error (error);
      g_ptr_array_add (idea_order, g_strdup (id));
      g_hash_table_add (anonymous, id);
      g_assert_true (kz_store_vote_idea (f->store, idea->id, i % 2 ? ana : bo, &error));
      g_assert_no_error (error);
    }
  for (guint i = 0; i < 20; i++)
    {
      g_autofree char *token = kz_voice_new_token ();
      char *id = kz_store_comment_idea (f->store, g_ptr_array_index (idea_order, i % 3), 0, "Agreed.", token, NULL,
                                        &error);

      g_assert_no_error (error);
      g_ptr_array_add (comment_order, g_strdup (id));
      g_hash_table_add (anonymous, id);
    }
  {
    g_autoptr(KzIdea) idea = kz_idea_new ();
    g_autofree char *reply = NULL;
    g_autofree char *named_comment = NULL;

    idea->title = g_strdup ("In Ana's name");
    idea->author_id = ana;
    named_idea = kz_store_submit_idea (f->store, idea, NULL, &error);
    g_assert_no_error (error);
    named_comment = kz_store_comment_idea (f->store, named_idea, bo, "Me too.", NULL, NULL, &error);
    reply = kz_store_reply_idea (f->store, g_ptr_array_index (idea_order, 0), mel, "We will look.", NULL, &error);
    g_assert_no_error (error);
  }
  for (const gint64 *p = (const gint64[]) { ana, bo, mel, 0 }; *p != 0; p++)
    g_ptr_array_add (people, kz_store_get_person (f->store, *p, NULL));
  for (guint i = 0; i < answer_order->len; i++)
    g_hash_table_add (anonymous, g_strdup (g_ptr_array_index (answer_order, i)));
  {
    g_autoptr(GPtrArray) all_answers = ids_of (f, "survey_answers", NULL);

    for (guint i = 0; i < all_answers->len; i++)
      g_hash_table_add (anonymous, g_strdup (g_ptr_array_index (all_answers, i)));
  }

  /* Ids are not sequential: neither the answers' nor the ideas' nor the
   * comments' follow the order they came in (50 random ids in increasing
   * order: 1 chance in 50!). */
  g_assert_false (increasing (answer_order) || decreasing (answer_order));
  g_assert_false (increasing (idea_order) || decreasing (idea_order));
  g_assert_false (increasing (comment_order) || decreasing (comment_order));
  if (!f->pg)
    {
      /* In the file, not even the tables' order tells: they are WITHOUT
       * ROWID and ordered by their random keys. */
      g_autoptr(GPtrArray) physical = ids_of (f, "survey_answers", NULL);
      g_autoptr(GPtrArray) kiosk_only = g_ptr_array_new ();

      for (guint i = 0; i < physical->len; i++)
        for (guint j = 0; j < answer_order->len; j++)
          if (g_str_equal (g_ptr_array_index (physical, i), g_ptr_array_index (answer_order, j)))
            g_ptr_array_add (kiosk_only, g_ptr_array_index (physical, i));
      g_assert_false (same_order (kiosk_only, answer_order));
      for (const char * const *t = (const char * const[]) { "survey_answers", "survey_participation", "ideas",
                                                             "idea_comments", "idea_votes", NULL }; *t; t++)
        {
          /* A table name cannot be a parameter: quoted, as SQLite's %w does. */
          char *sql = sqlite3_mprintf ("SELECT rowid FROM \"%w\"", *t);
          g_autofree char *schema = raw_value_with (f, "SELECT sql FROM sqlite_master WHERE name = $1",
                                                    KZ_TEST_VALUES (KZ_TEST_TEXT (*t)));

          g_assert_true (g_str_has_suffix (schema, "WITHOUT ROWID"));
          g_assert_false (raw_exec (f, sql));
          sqlite3_free (sql);
        }
    }

  /* Every table, every row. */
  tables = every_table (f);
  for (guint t = 0; t < tables->len; t++)
    {
      Table *table = g_ptr_array_index (tables, t);
      gboolean voice = g_str_has_prefix (table->table, "survey_answers") || g_str_has_prefix (table->table, "idea");

      for (guint c = 0; voice && c < table->columns->len; c++)
        {
          const char *type = g_ptr_array_index (table->types, c);
          g_autofree char *lower = g_ascii_strdown (type, -1);

          /* No time of day stored for anonymous rows: dates at most. */
          g_assert_null (strstr (lower, "time"));
          g_assert_false (g_str_has_suffix (g_ptr_array_index (table->columns, c), "_at"));
        }
      for (guint r = 0; r < table->rows->len; r++)
        {
          GPtrArray *row = g_ptr_array_index (table->rows, r);
          gboolean holds_anonymous = g_str_equal (table->table, "idea_votes") ||
                                     g_str_equal (table->table, "survey_answers");

          for (guint c = 0; c < row->len && !holds_anonymous; c++)
            holds_anonymous = g_ptr_array_index (row, c) != NULL &&
                              g_hash_table_contains (anonymous, g_ptr_array_index (row, c));
          if (!holds_anonymous)
            continue;
          n_rows_seen++;
          /* Only the voice tables hold anything about anonymous rows (no
           * log, index or search table links them elsewhere). */
          g_assert_true (g_str_equal (table->table, "survey_answers") || g_str_equal (table->table, "ideas") ||
                         g_str_equal (table->table, "idea_comments") || g_str_equal (table->table, "idea_votes") ||
                         g_str_equal (table->table, "idea_vote_counts"));
          for (guint c = 0; c < row->len; c++)
            {
              const char *column = g_ptr_array_index (table->columns, c);
              const char *v = g_ptr_array_index (row, c);

              /* Nothing that names a person, or their id under any
               * column meant for a person. */
              if (looks_like_person_column (column) && !g_str_equal (table->table, "idea_votes"))
                {
                  /* ideas/idea_comments: author_id is there for named rows;
                   * an anonymous one has none (a manager's reply is named
                   * and holds no anonymous id but its idea's). */
                  gboolean reply_row = g_str_equal (table->table, "idea_comments") &&
                                       !g_hash_table_contains (anonymous, g_ptr_array_index (row, column_index (table, "id")));

                  if (!reply_row)
                    g_assert_null (v);
                }
              for (guint p = 0; p < people->len && v != NULL; p++)
                {
                  KzPerson *person = g_ptr_array_index (people, p);

                  g_assert_cmpstr (v, !=, person->name);
                  g_assert_cmpstr (v, !=, person->emails[0]);
                  if (g_str_equal (table->table, "idea_votes"))
                    {
                      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, person->id);

                      g_assert_cmpstr (v, !=, id);
                    }
                }
              g_assert_false (looks_like_a_time (v));
              if (g_str_equal (column, "week") || g_str_equal (column, "created_on"))
                g_assert_true (is_monday (v));
            }
        }
    }
  /* 52 answers, 20 ideas, 20 comments (and the reply on an anonymous
   * idea), 20 votes: all looked at. */
  g_assert_cmpuint (n_rows_seen, >=, 52 + 20 + 21 + 20);

  /* Answers hold no person, participation holds no answer. */
  {
    Table *answers = table_named (tables, "survey_answers");
    Table *participation = table_named (tables, "survey_participation");
    g_autoptr(GString) columns = g_string_new (NULL);

    for (guint c = 0; c < answers->columns->len; c++)
      g_string_append_printf (columns, "%s ", (char *) g_ptr_array_index (answers->columns, c));
    g_assert_cmpstr (columns->str, ==, "id round_id team_id question_id value comment ");
    g_string_truncate (columns, 0);
    for (guint c = 0; c < participation->columns->len; c++)
      g_string_append_printf (columns, "%s ", (char *) g_ptr_array_index (participation->columns, c));
    g_assert_cmpstr (columns->str, ==, "round_id person_id ");
    g_assert_cmpuint (participation->rows->len, ==, 2);
  }
  /* The named idea is named. */
  ids = ids_of (f, "ideas", "anonymous");
  g_assert_cmpuint (ids->len, ==, 20);
  g_assert_false (g_ptr_array_find_with_equal_func (ids, named_idea, g_str_equal, NULL));
}

/* ---- ideas --------------------------------------------------------------------------- */

static KzIdea *
get_idea (Fixture *f, const char *id)
{
  g_autoptr(GError) error = NULL;
  KzIdea *idea = kz_store_get_idea (f->store, id, &error);

  g_assert_no_error (error);
  return idea;
}

static char *
submit_idea (Fixture *f, const char *title, gint64 author, const char *token)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzIdea) idea = kz_idea_new ();
  char *id;

  idea->title = g_strdup (title);
  idea->body = g_strdup ("Because.");
  idea->category = g_strdup ("Tools");
  idea->author_id = author;
  id = kz_store_submit_idea (f->store, idea, token, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (id, ==, idea->id);
  return id;
}

static void
vote (Fixture *f, const char *idea, gint64 person)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (kz_store_vote_idea (f->store, idea, person, &error));
  g_assert_no_error (error);
}

static gboolean
on_board (Fixture *f, const char *id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) board = kz_store_list_ideas (f->store, NULL, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < board->len; i++)
    if (g_str_equal (((KzIdea *) g_ptr_array_index (board, i))->id, id))
      return TRUE;
  return FALSE;
}

static void
test_ideas (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *t1 = kz_voice_new_token ();   /* the anonymous author's */
  g_autofree char *t2 = kz_voice_new_token ();   /* an anonymous commenter's */
  g_autofree char *named = NULL;
  g_autofree char *anon = NULL;
  g_autofree char *c_bo = NULL, *c_cy1 = NULL, *c_cy2 = NULL, *c_author = NULL, *c_mel = NULL;
  g_autoptr(KzIdea) idea = NULL;
  g_autoptr(GPtrArray) comments = NULL;
  g_autoptr(GPtrArray) threads = NULL;
  g_autoptr(GRegex) pseudonym = g_regex_new ("^Anonymous [0-9a-f]{4}$", 0, 0, NULL);
  gint64 ana, bo, mel;
  GDate monday, three_weeks_ago, last_week;
  gboolean voted;

  ana = add_person (f, "ana", KZ_ROLE_AGENT | KZ_ROLE_STAFF, f->team_a);
  bo = add_person (f, "bo", KZ_ROLE_AGENT | KZ_ROLE_STAFF, f->team_b);
  mel = add_person (f, "mel", KZ_ROLE_MANAGER | KZ_ROLE_STAFF, f->team_a);
  kz_voice_week_of (&f->today, &monday);
  three_weeks_ago = monday;
  g_date_subtract_days (&three_weeks_ago, 21);
  last_week = monday;
  g_date_subtract_days (&last_week, 7);

  /* Named and anonymous: the anonymous one has no author at all, a
   * pseudonym, and this week's Monday. */
  named = submit_idea (f, "Bigger screens", ana, NULL);
  anon = submit_idea (f, "A quiet room", 0, t1);
  idea = get_idea (f, anon);
  g_assert_cmpint (idea->author_id, ==, 0);
  g_assert_null (idea->author_name);
  g_assert_true (g_regex_match (pseudonym, idea->pseudonym, 0, NULL));
  g_assert_cmpint (g_date_compare (&idea->week, &monday), ==, 0);
  g_assert_cmpint (idea->status, ==, KZ_IDEA_NEW);
  g_clear_pointer (&idea, kz_idea_free);
  idea = get_idea (f, named);
  g_assert_cmpstr (idea->author_name, ==, "ana");
  g_assert_null (idea->pseudonym);
  {
    g_autoptr(KzIdea) empty = kz_idea_new ();

    empty->title = g_strdup ("  ");
    g_assert_null (kz_store_submit_idea (f->store, empty, NULL, &error));
    g_assert_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT);
    g_clear_error (&error);
  }

  /* One vote each. */
  vote (f, anon, ana);
  g_assert_false (kz_store_vote_idea (f->store, anon, ana, &error));
  g_assert_error (error, KZ_ERROR, KZ_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_true (kz_store_idea_has_vote (f->store, anon, ana, &voted, &error));
  g_assert_true (voted);
  g_assert_true (kz_store_idea_has_vote (f->store, anon, bo, &voted, &error));
  g_assert_false (voted);

  /* Comments: named; anonymous under a fresh pseudonym, the same one for
   * the same token in the thread; the idea's anonymous author under the
   * idea's own; a manager's reply. */
  c_bo = kz_store_comment_idea (f->store, anon, bo, "Yes, please.", NULL, &three_weeks_ago, &error);
  g_assert_no_error (error);
  c_cy1 = kz_store_comment_idea (f->store, anon, 0, "With plants.", t2, NULL, &error);
  c_cy2 = kz_store_comment_idea (f->store, anon, 0, "And no phones.", t2, NULL, &error);
  c_author = kz_store_comment_idea (f->store, anon, 0, "Thank you all.", t1, NULL, &error);
  c_mel = kz_store_reply_idea (f->store, anon, mel, "We are looking at room 2.12.", NULL, &error);
  g_assert_no_error (error);
  g_assert_null (kz_store_reply_idea (f->store, anon, bo, "As a manager", NULL, &error));
  g_assert_error (error, KZ_ERROR, KZ_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_null (kz_store_comment_idea (f->store, anon, ana, " ", NULL, NULL, &error));
  g_assert_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_clear_pointer (&idea, kz_idea_free);
  idea = get_idea (f, anon);
  g_assert_cmpuint (idea->n_comments, ==, 5);
  g_assert_cmpuint (idea->n_votes, ==, 1);
  comments = kz_store_list_idea_comments (f->store, anon, &error);
  g_assert_cmpuint (comments->len, ==, 5);
  {
    const char *cy_name = NULL;

    /* Oldest week first; within this week the staff before the reply. */
    g_assert_cmpstr (((KzIdeaComment *) g_ptr_array_index (comments, 0))->id, ==, c_bo);
    g_assert_cmpstr (((KzIdeaComment *) g_ptr_array_index (comments, 4))->id, ==, c_mel);
    for (guint i = 0; i < comments->len; i++)
      {
        KzIdeaComment *c = g_ptr_array_index (comments, i);

        if (g_str_equal (c->id, c_bo))
          {
            g_assert_cmpstr (c->author_name, ==, "bo");
            g_assert_null (c->pseudonym);
            g_assert_cmpint (g_date_compare (&c->week, &three_weeks_ago), ==, 0);
          }
        else if (g_str_equal (c->id, c_cy1) || g_str_equal (c->id, c_cy2))
          {
            g_assert_cmpint (c->author_id, ==, 0);
            g_assert_true (g_regex_match (pseudonym, c->pseudonym, 0, NULL));
            g_assert_cmpstr (c->pseudonym, !=, idea->pseudonym);
            if (cy_name == NULL)
              cy_name = c->pseudonym;
            g_assert_cmpstr (c->pseudonym, ==, cy_name);
          }
        else if (g_str_equal (c->id, c_author))
          {
            g_assert_cmpint (c->author_id, ==, 0);
            g_assert_cmpstr (c->pseudonym, ==, idea->pseudonym);
          }
        else
          {
            g_assert_cmpstr (c->id, ==, c_mel);
            g_assert_true (c->from_manager);
            g_assert_cmpstr (c->author_name, ==, "mel");
          }
        if (!g_str_equal (c->id, c_bo))
          g_assert_cmpint (g_date_compare (&c->week, &monday), ==, 0);
      }
  }

  /* The author's token finds the thread, with everyone else's comments
   * (not their own follow-up); from last week on, not Bo's older one. */
  threads = kz_store_list_my_threads (f->store, (const char * const[]) { t1, NULL }, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (threads->len, ==, 1);
  {
    KzIdeaThread *t = g_ptr_array_index (threads, 0);

    g_assert_cmpstr (t->idea_id, ==, anon);
    g_assert_cmpstr (t->idea->title, ==, "A quiet room");
    g_assert_true (t->authored);
    g_assert_cmpstr (t->token, ==, t1);
    g_assert_cmpuint (g_strv_length (t->own_comment_ids), ==, 1);
    g_assert_cmpstr (t->own_comment_ids[0], ==, c_author);
    g_assert_cmpuint (t->replies->len, ==, 4);
  }
  g_clear_pointer (&threads, g_ptr_array_unref);
  threads = kz_store_list_my_threads (f->store, (const char * const[]) { t1, NULL }, &last_week, &error);
  g_assert_cmpuint (((KzIdeaThread *) g_ptr_array_index (threads, 0))->replies->len, ==, 3);
  g_clear_pointer (&threads, g_ptr_array_unref);
  /* The commenter's token finds the same thread, not as its author. */
  threads = kz_store_list_my_threads (f->store, (const char * const[]) { t2, NULL }, NULL, &error);
  g_assert_cmpuint (threads->len, ==, 1);
  g_assert_false (((KzIdeaThread *) g_ptr_array_index (threads, 0))->authored);
  g_assert_cmpuint (g_strv_length (((KzIdeaThread *) g_ptr_array_index (threads, 0))->own_comment_ids), ==, 2);
  g_assert_cmpuint (((KzIdeaThread *) g_ptr_array_index (threads, 0))->replies->len, ==, 3);
  g_clear_pointer (&threads, g_ptr_array_unref);
  /* A wrong token finds nothing. */
  {
    g_autofree char *wrong = kz_voice_new_token ();

    threads = kz_store_list_my_threads (f->store, (const char * const[]) { wrong, NULL }, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (threads->len, ==, 0);
  }

  /* Statuses: declined needs a reason; back to review; planned; done with
   * its outcome, in "you said, we did". */
  g_assert_false (kz_store_move_idea (f->store, anon, KZ_IDEA_DONE, NULL, "Skipped ahead", &error));
  g_assert_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_false (kz_store_move_idea (f->store, anon, KZ_IDEA_DECLINED, "  ", NULL, &error));
  g_assert_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_true (kz_store_move_idea (f->store, anon, KZ_IDEA_DECLINED, "No room free.", NULL, &error));
  g_clear_pointer (&idea, kz_idea_free);
  idea = get_idea (f, anon);
  g_assert_cmpint (idea->status, ==, KZ_IDEA_DECLINED);
  g_assert_cmpstr (idea->decline_reason, ==, "No room free.");
  g_assert_true (kz_store_move_idea (f->store, anon, KZ_IDEA_UNDER_REVIEW, NULL, NULL, &error));
  g_assert_true (kz_store_move_idea (f->store, anon, KZ_IDEA_PLANNED, NULL, NULL, &error));
  g_assert_true (kz_store_move_idea (f->store, anon, KZ_IDEA_DONE, NULL, "Room 2.12 is the quiet room.", &error));
  g_assert_no_error (error);
  g_clear_pointer (&idea, kz_idea_free);
  idea = get_idea (f, anon);
  g_assert_cmpint (idea->status, ==, KZ_IDEA_DONE);
  g_assert_null (idea->decline_reason);
  g_assert_cmpstr (idea->outcome, ==, "Room 2.12 is the quiet room.");
  {
    g_autoptr(GPtrArray) done = kz_store_list_you_said_we_did (f->store, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (done->len, ==, 1);
    g_assert_cmpstr (((KzIdea *) g_ptr_array_index (done, 0))->outcome, ==, "Room 2.12 is the quiet room.");
  }
  {
    KzIdeaFilter only_new = { FALSE, KZ_IDEA_NEW, FALSE };
    g_autoptr(GPtrArray) fresh = kz_store_list_ideas (f->store, &only_new, &error);

    g_assert_cmpuint (fresh->len, ==, 1);
    g_assert_cmpstr (((KzIdea *) g_ptr_array_index (fresh, 0))->id, ==, named);
  }
}

/* A merge keeps every supporter once: Ana voted for both, Bo for the
 * duplicate, Cy for the target, so the target has 3 votes, not 4; the
 * duplicate leaves the board with a reply saying where it went, and takes
 * no more votes; Bo's vote came along, so Bo cannot vote again. */
static void
test_merge (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *target = NULL;
  g_autofree char *duplicate = NULL;
  g_autoptr(KzIdea) t = NULL;
  g_autoptr(KzIdea) d = NULL;
  g_autoptr(GPtrArray) comments = NULL;
  gint64 ana, bo, cy, dee, mel;

  ana = add_person (f, "ana", KZ_ROLE_STAFF, f->team_a);
  bo = add_person (f, "bo", KZ_ROLE_STAFF, f->team_a);
  cy = add_person (f, "cy", KZ_ROLE_STAFF, f->team_b);
  dee = add_person (f, "dee", KZ_ROLE_STAFF, f->team_b);
  mel = add_person (f, "mel", KZ_ROLE_MANAGER | KZ_ROLE_STAFF, f->team_b);
  target = submit_idea (f, "Quiet room", 0, NULL);
  duplicate = submit_idea (f, "A room to calm down", 0, NULL);
  vote (f, target, ana);
  vote (f, duplicate, ana);
  vote (f, duplicate, bo);
  vote (f, target, cy);

  g_assert_false (kz_store_merge_idea (f->store, duplicate, target, ana, &error));
  g_assert_error (error, KZ_ERROR, KZ_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_false (kz_store_merge_idea (f->store, target, target, mel, &error));
  g_assert_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_true (kz_store_merge_idea (f->store, duplicate, target, mel, &error));
  g_assert_no_error (error);

  t = get_idea (f, target);
  d = get_idea (f, duplicate);
  g_assert_cmpuint (t->n_votes, ==, 3);
  g_assert_cmpstr (d->merged_into, ==, target);
  g_assert_true (on_board (f, target));
  g_assert_false (on_board (f, duplicate));
  comments = kz_store_list_idea_comments (f->store, duplicate, &error);
  g_assert_cmpuint (comments->len, ==, 1);
  g_assert_true (((KzIdeaComment *) g_ptr_array_index (comments, 0))->from_manager);
  g_assert_nonnull (strstr (((KzIdeaComment *) g_ptr_array_index (comments, 0))->body, "“Quiet room”"));
  {
    KzIdeaFilter all = { TRUE, KZ_IDEA_NEW, TRUE };
    g_autoptr(GPtrArray) everything = kz_store_list_ideas (f->store, &all, &error);

    g_assert_cmpuint (everything->len, ==, 2);
  }

  g_assert_false (kz_store_vote_idea (f->store, duplicate, dee, &error));
  g_assert_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_false (kz_store_vote_idea (f->store, target, bo, &error));
  g_assert_error (error, KZ_ERROR, KZ_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_false (kz_store_vote_idea (f->store, target, ana, &error));
  g_assert_error (error, KZ_ERROR, KZ_ERROR_EXISTS);
  g_clear_error (&error);
  vote (f, target, dee);
  g_clear_pointer (&t, kz_idea_free);
  t = get_idea (f, target);
  g_assert_cmpuint (t->n_votes, ==, 4);
  g_assert_false (kz_store_move_idea (f->store, duplicate, KZ_IDEA_UNDER_REVIEW, NULL, NULL, &error));
  g_assert_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT);
  g_clear_error (&error);
}

/* ---- follow-up tokens on the author's machine --------------------------------------------- */

/* Whether @needle is in any value of any row of the database. */
static gboolean
database_holds (Fixture *f, const char *needle)
{
  g_autoptr(GPtrArray) tables = every_table (f);

  for (guint t = 0; t < tables->len; t++)
    {
      Table *table = g_ptr_array_index (tables, t);

      for (guint r = 0; r < table->rows->len; r++)
        {
          GPtrArray *row = g_ptr_array_index (table->rows, r);

          for (guint c = 0; c < row->len; c++)
            if (g_ptr_array_index (row, c) != NULL && strstr (g_ptr_array_index (row, c), needle) != NULL)
              return TRUE;
        }
    }
  return FALSE;
}

static void
test_tokens (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *token = kz_voice_new_token ();
  g_autofree char *other = kz_voice_new_token ();
  g_autofree char *path = kz_voice_tokens_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *idea = NULL;
  g_autofree char *found = NULL;
  g_autofree char *text = NULL;
  g_autofree char *reply = NULL;
  g_auto(GStrv) held = NULL;
  g_autoptr(GPtrArray) threads = NULL;
  GStatBuf st;
  gint64 mel;

  /* The file is this test program's own (main sets XDG_DATA_HOME). */
  g_assert_true (g_str_has_prefix (path, g_get_user_data_dir ()));
  held = kz_voice_tokens_list (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (held), ==, 0);
  g_clear_pointer (&held, g_strfreev);

  mel = add_person (f, "mel", KZ_ROLE_MANAGER | KZ_ROLE_STAFF, f->team_a);
  idea = submit_idea (f, "Water fountain", 0, token);
  g_assert_true (kz_voice_tokens_save (f->store, idea, token, &error));
  g_assert_no_error (error);

  /* 0600 in a 0700 folder, holding the token under this database's name. */
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (g_stat (dir, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_nonnull (strstr (text, token));
  g_assert_nonnull (strstr (text, idea));
  found = kz_voice_tokens_lookup (f->store, idea, &error);
  g_assert_cmpstr (found, ==, token);
  /* Never in the database: only its hash. */
  g_assert_false (database_holds (f, token));
  {
    g_autofree char *hash = kz_voice_token_hash (token);

    g_assert_true (database_holds (f, hash));
  }

  /* The kept tokens find the thread and the manager's reply. */
  reply = kz_store_reply_idea (f->store, idea, mel, "Ordered.", NULL, &error);
  g_assert_no_error (error);
  held = kz_voice_tokens_list (f->store, &error);
  g_assert_cmpuint (g_strv_length (held), ==, 1);
  threads = kz_store_list_my_threads (f->store, (const char * const *) held, NULL, &error);
  g_assert_cmpuint (threads->len, ==, 1);
  g_assert_cmpuint (((KzIdeaThread *) g_ptr_array_index (threads, 0))->replies->len, ==, 1);
  g_assert_cmpstr (((KzIdeaComment *) g_ptr_array_index (((KzIdeaThread *) g_ptr_array_index (threads, 0))->replies,
                                                          0))->body, ==, "Ordered.");
  g_clear_pointer (&held, g_strfreev);

  /* A second one; forgetting one keeps the other, and a new file is
   * still 0600. */
  g_assert_true (kz_voice_tokens_save (f->store, "another-thread", other, &error));
  g_assert_true (kz_voice_tokens_forget (f->store, idea, &error));
  held = kz_voice_tokens_list (f->store, &error);
  g_assert_cmpstrv (held, ((const char * const[]) { other, NULL }));
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_null (kz_voice_tokens_lookup (f->store, idea, &error));
  g_assert_no_error (error);
}

int
main (int argc, char **argv)
{
  const char *backends[] = { "sqlite", "pg" };
  /* The follow-up tokens file goes to a folder of this run's own, set
   * before GLib first reads the variable. */
  char *data_home = kz_test_tmpdir_new ();
  int status;

  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_test_init (&argc, &argv, NULL);
  if (argc > 1)
    kaizenctl = argv[1];

  for (guint b = 0; b < G_N_ELEMENTS (backends); b++)
    {
      const char *backend = backends[b];

      if (g_str_equal (backend, "pg") && !kz_test_pg_available ())
        {
          g_test_message ("KAIZEN_TEST_PG is not set: run under tests/pg/with-pg-server for the team server");
          continue;
        }
#define ADD(name, fn) G_STMT_START { g_autofree char *path_ = g_strdup_printf ("/%s/voice-store%s", backend, name); \
        g_test_add (path_, Fixture, backend, fixture_setup, fn, fixture_teardown); } G_STMT_END
      ADD ("/bank", test_bank);
      ADD ("/plans-and-rounds", test_plans_and_rounds);
      ADD ("/submit", test_submit);
      ADD ("/enps", test_enps);
      ADD ("/differencing", test_differencing);
      ADD ("/anonymity", test_anonymity);
      ADD ("/ideas", test_ideas);
      ADD ("/merge", test_merge);
      ADD ("/tokens", test_tokens);
#undef ADD
    }
  if (kz_test_pg_available ())
    g_test_add_func ("/voice-store/backends-agree", test_backends_agree);

  status = g_test_run ();
  kz_test_tmpdir_free (data_home);
  return status;
}
