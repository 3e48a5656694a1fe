/* test-interaction-list.c — the lazy interaction list and the draft journal
 *
 * The list runs on both backends over a fixture whose rows are known by
 * construction: interaction k (0-based) started k hours after the base
 * time and has subject "Subject k", so newest first puts k = N − 1 − p at
 * position p.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "kz-draft-journal.h"
#include "kz-error.h"
#include "kz-interaction-list.h"
#include "kz-pg-store-private.h"
#include "kz-test-db.h"

#define N_ROWS 250          /* three pages: 100, 100, 50 */
#define DEADLINE_S 30

typedef struct {
  char     *dir;
  gboolean  pg;
  char     *location;
  KzStore  *store;
  gint64    agent;
  gint64    other_agent;
  gint64    ids[N_ROWS];
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) base = g_date_time_new_utc (2026, 3, 1, 0, 0, 0);
  g_autoptr(KzPerson) ana = kz_person_new ("Ana", KZ_ROLE_AGENT);
  g_autoptr(KzPerson) bo = kz_person_new ("Bo", KZ_ROLE_AGENT);

  f->dir = kz_test_tmpdir_new ();
  f->pg = g_strcmp0 (data, "pg") == 0;
  f->location = f->pg ? kz_test_pg_create_db () : g_build_filename (f->dir, "kaizen.db", NULL);
  f->store = f->pg ? kz_pg_store_open (f->location, NULL, TRUE, KZ_PG_SCHEMA_VERSION, &error)
                   : kz_store_open (f->location, &error);
  g_assert_no_error (error);

  f->agent = kz_store_add_person (f->store, ana, &error);
  g_assert_no_error (error);
  f->other_agent = kz_store_add_person (f->store, bo, &error);
  g_assert_no_error (error);

  g_assert_true (kz_store_begin (f->store, &error));
  for (guint k = 0; k < N_ROWS; k++)
    {
      g_autoptr(GDateTime) when = g_date_time_add_hours (base, k);
      g_autofree char *subject = g_strdup_printf ("Subject %u", k);
      g_autofree char *ref = g_strdup_printf ("ref-%u", k);
      /* Every fifth is Bo's email; the rest Ana's calls. */
      KzInteraction it = { 0, k % 5 == 0 ? KZ_CHANNEL_EMAIL : KZ_CHANNEL_CALL,
                           k % 5 == 0 ? f->other_agent : f->agent, when, subject, ref };

      f->ids[k] = kz_store_add_interaction (f->store, &it, &error);
      g_assert_no_error (error);
    }
  g_assert_true (kz_store_commit (f->store, &error));
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

static void
wait_idle (KzInteractionList *list)
{
  gint64 deadline = g_get_monotonic_time () + DEADLINE_S * G_USEC_PER_SEC;

  while (kz_interaction_list_get_loading (list))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

typedef struct {
  guint position, removed, added, n_signals;
} Changed;

static void
on_items_changed (GListModel *model, guint position, guint removed, guint added, Changed *c)
{
  c->position = position;
  c->removed = removed;
  c->added = added;
  c->n_signals++;
}

static void
test_pages (Fixture *f, gconstpointer data)
{
  g_autoptr(KzInteractionList) list = kz_interaction_list_new (f->store);
  KzInteractionQuery all = { .any_channel = TRUE };
  Changed changed = { 0 };

  g_signal_connect (list, "items-changed", G_CALLBACK (on_items_changed), &changed);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (list)) == KZ_TYPE_INTERACTION_ITEM);

  kz_interaction_list_set_query (list, &all);
  g_assert_true (kz_interaction_list_get_loading (list));
  wait_idle (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, N_ROWS);
  g_assert_cmpuint (changed.n_signals, ==, 1);
  g_assert_cmpuint (changed.removed, ==, 0);
  g_assert_cmpuint (changed.added, ==, N_ROWS);
  /* Counting reads no rows. */
  g_assert_cmpuint (kz_interaction_list_get_n_pages_held (list), ==, 0);

  /* A position not read yet: an empty row at once, filled in place. */
  {
    g_autoptr(KzInteractionItem) first = g_list_model_get_item (G_LIST_MODEL (list), 0);
    g_autoptr(KzInteractionItem) same = NULL;

    g_assert_false (kz_interaction_item_get_loaded (first));
    g_assert_cmpint (kz_interaction_item_get_id (first), ==, 0);
    wait_idle (list);
    g_assert_true (kz_interaction_item_get_loaded (first));
    g_assert_cmpint (kz_interaction_item_get_id (first), ==, f->ids[N_ROWS - 1]);
    g_assert_cmpstr (kz_interaction_item_get_subject (first), ==, "Subject 249");
    g_assert_cmpstr (kz_interaction_item_get_agent_name (first), ==, "Ana");
    g_assert_cmpint (kz_interaction_item_get_channel (first), ==, KZ_CHANNEL_CALL);
    g_assert_cmpuint (kz_interaction_item_get_n_evaluations (first), ==, 0);
    /* 2026-03-01 + 249 h = 2026-03-11 09:00 UTC */
    g_assert_cmpint (g_date_time_get_day_of_month (kz_interaction_item_get_started_at (first)), ==, 11);
    g_assert_cmpint (g_date_time_get_hour (kz_interaction_item_get_started_at (first)), ==, 9);

    same = g_list_model_get_item (G_LIST_MODEL (list), 0);
    g_assert_true (same == first);
    g_assert_cmpuint (kz_interaction_list_get_n_pages_held (list), ==, 1);
  }

  /* The last, short page: position 249 is k = 0. */
  {
    g_autoptr(KzInteractionItem) last = g_list_model_get_item (G_LIST_MODEL (list), N_ROWS - 1);

    wait_idle (list);
    g_assert_cmpint (kz_interaction_item_get_id (last), ==, f->ids[0]);
    g_assert_cmpstr (kz_interaction_item_get_subject (last), ==, "Subject 0");
    g_assert_cmpint (kz_interaction_item_get_channel (last), ==, KZ_CHANNEL_EMAIL);
    g_assert_cmpstr (kz_interaction_item_get_agent_name (last), ==, "Bo");
    g_assert_null (g_list_model_get_item (G_LIST_MODEL (list), N_ROWS));
  }

  /* Every position holds the row worked out above. */
  for (guint p = 0; p < N_ROWS; p += 7)
    {
      g_autoptr(KzInteractionItem) item = g_list_model_get_item (G_LIST_MODEL (list), p);

      wait_idle (list);
      g_assert_cmpint (kz_interaction_item_get_id (item), ==, f->ids[N_ROWS - 1 - p]);
    }
  g_assert_cmpuint (kz_interaction_list_find_held (list, f->ids[N_ROWS - 1 - 120]), ==, 120);
}

static void
test_filter_and_refresh (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzInteractionList) list = kz_interaction_list_new (f->store);
  KzInteractionQuery emails = { .any_channel = FALSE, .channel = KZ_CHANNEL_EMAIL };
  char words[] = "Subject";
  Changed changed = { 0 };

  g_signal_connect (list, "items-changed", G_CALLBACK (on_items_changed), &changed);
  kz_interaction_list_set_query (list, &emails);
  wait_idle (list);
  /* k = 0, 5, …, 245: 50 emails. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 50);
  {
    g_autoptr(KzInteractionItem) item = g_list_model_get_item (G_LIST_MODEL (list), 1);

    wait_idle (list);
    g_assert_cmpint (kz_interaction_item_get_id (item), ==, f->ids[240]);
  }

  /* The query is copied: changing the caller's afterwards changes nothing. */
  emails.text = words;
  kz_interaction_list_set_query (list, &emails);
  words[0] = 'X';
  wait_idle (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 50);

  /* Another client adds an email: a refresh counts it. */
  {
    g_autoptr(GDateTime) when = g_date_time_new_utc (2026, 4, 1, 0, 0, 0);
    KzInteraction it = { 0, KZ_CHANNEL_EMAIL, f->other_agent, when, (char *) "Subject new", (char *) "ref-new" };

    kz_store_add_interaction (f->store, &it, &error);
    g_assert_no_error (error);
  }
  changed.n_signals = 0;
  kz_interaction_list_refresh (list);
  wait_idle (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 51);
  g_assert_cmpuint (changed.n_signals, ==, 1);
  g_assert_cmpuint (changed.removed, ==, 50);
  g_assert_cmpuint (changed.added, ==, 51);
  {
    g_autoptr(KzInteractionItem) item = g_list_model_get_item (G_LIST_MODEL (list), 0);

    wait_idle (list);
    g_assert_cmpstr (kz_interaction_item_get_subject (item), ==, "Subject new");
  }
}

/* The list holds at most MAX_PAGES pages, however far one scrolls. */
static void
test_bounded (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) base = g_date_time_new_utc (2025, 1, 1, 0, 0, 0);
  g_autoptr(KzInteractionList) list = kz_interaction_list_new (f->store);
  KzInteractionQuery all = { .any_channel = TRUE };
  guint n_pages = KZ_INTERACTION_LIST_MAX_PAGES + 5;
  guint n = n_pages * KZ_INTERACTION_LIST_PAGE_SIZE;

  /* Enough older rows for MAX_PAGES + 5 pages in all. */
  g_assert_true (kz_store_begin (f->store, &error));
  for (guint k = N_ROWS; k < n; k++)
    {
      g_autoptr(GDateTime) when = g_date_time_add_minutes (base, k);
      g_autofree char *ref = g_strdup_printf ("old-%u", k);
      KzInteraction it = { 0, KZ_CHANNEL_CALL, f->agent, when, (char *) "Old", ref };

      kz_store_add_interaction (f->store, &it, &error);
      g_assert_no_error (error);
    }
  g_assert_true (kz_store_commit (f->store, &error));

  kz_interaction_list_set_query (list, &all);
  wait_idle (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, n);

  for (guint page = 0; page < n_pages; page++)
    {
      g_autoptr(KzInteractionItem) item = g_list_model_get_item (G_LIST_MODEL (list),
                                                                 page * KZ_INTERACTION_LIST_PAGE_SIZE + 3);

      g_assert_nonnull (item);
      g_assert_cmpuint (kz_interaction_list_get_n_pages_held (list), <=, KZ_INTERACTION_LIST_MAX_PAGES);
    }
  wait_idle (list);
  g_assert_cmpuint (kz_interaction_list_get_n_pages_held (list), ==, KZ_INTERACTION_LIST_MAX_PAGES);

  /* The first page went first; asked again, it is read again, right. */
  {
    g_autoptr(KzInteractionItem) item = g_list_model_get_item (G_LIST_MODEL (list), 0);

    wait_idle (list);
    g_assert_cmpint (kz_interaction_item_get_id (item), ==, f->ids[N_ROWS - 1]);
  }
}

/* ---- which database this is ----------------------------------------------- */

static void
test_identity (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzStore) again = NULL;
  const char *identity = kz_store_get_identity (f->store);

  if (f->pg)
    {
      g_autofree char *user = NULL;
      g_autofree char *dbname = NULL;

      /* The server's own address, user and database; no password. */
      g_assert_true (kz_store_parse_server_uri (identity, NULL, NULL, &dbname, &user));
      g_assert_cmpstr (user, ==, "postgres");
      g_assert_true (g_str_has_suffix (f->location, dbname) || strstr (f->location, dbname) != NULL);
      g_assert_null (strstr (identity, "password"));
      again = kz_pg_store_open (f->location, NULL, FALSE, KZ_PG_SCHEMA_VERSION, &error);
    }
  else
    {
      /* Absolute, whatever way the file was named. */
      g_autofree char *cwd = g_get_current_dir ();
      g_autofree char *relative = NULL;
      g_autofree char *want = g_strconcat ("sqlite:", f->location, NULL);

      g_assert_cmpstr (identity, ==, want);
      g_assert_true (g_path_is_absolute (identity + strlen ("sqlite:")));
      g_assert_cmpint (g_chdir (f->dir), ==, 0);
      relative = g_strdup ("./kaizen.db");
      again = kz_store_open (relative, &error);
      g_assert_cmpint (g_chdir (cwd), ==, 0);
    }
  g_assert_no_error (error);
  /* The same database opened again: the same identity, in any language. */
  g_assert_cmpstr (kz_store_get_identity (again), ==, identity);
}

/* ---- the draft journal --------------------------------------------------- */

static void
test_journal (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = kz_test_tmpdir_new ();
  g_autofree char *a = kz_draft_journal_path ("Single file /x/kaizen.db", 7, 3);
  g_autofree char *b = kz_draft_journal_path ("Single file /x/kaizen.db", 7, 4);
  g_autofree char *c = kz_draft_journal_path ("Single file /x/kaizen.db", 7, 3);
  g_autofree char *path = g_build_filename (dir, "sub", "d.json", NULL);
  g_autoptr(KzEvaluation) ev = kz_evaluation_new ();
  g_autoptr(KzEvaluation) back = NULL;
  KzAnswer *timed;

  g_assert_cmpstr (a, ==, c);
  g_assert_cmpstr (a, !=, b);
  g_assert_true (g_str_has_prefix (a, g_get_user_state_dir ()));
  g_assert_null (strstr (a, "kaizen.db"));   /* no path in the name */

  /* Nothing there: no journal, no error. */
  g_assert_null (kz_draft_journal_read (path, &error));
  g_assert_no_error (error);

  ev->id = 12;
  ev->row_version = 3;
  ev->interaction_id = 7;
  ev->reviewer_id = 3;
  ev->agent_id = 5;
  ev->rubric_id = g_strdup ("phone-support");
  ev->rubric_version = 2;
  kz_answer_set_put (ev->answers, kz_answer_new ("greeting", KZ_ANSWER_VALUE, 0.1, "\"quoted\" ✓"));
  kz_answer_set_put (ev->answers, kz_answer_new ("hold", KZ_ANSWER_NA, 0, NULL));
  timed = kz_answer_new ("tone", KZ_ANSWER_VALUE, 3, "sighs here");
  timed->comment_at_ms = 83500;
  kz_answer_set_put (ev->answers, timed);

  g_assert_true (kz_draft_journal_write (path, ev, &error));
  g_assert_no_error (error);
  back = kz_draft_journal_read (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (back);
  g_assert_cmpint (back->id, ==, 12);
  g_assert_cmpint (back->row_version, ==, 3);
  g_assert_cmpint (back->interaction_id, ==, 7);
  g_assert_cmpint (back->reviewer_id, ==, 3);
  g_assert_cmpint (back->agent_id, ==, 5);
  g_assert_cmpstr (back->rubric_id, ==, "phone-support");
  g_assert_cmpint (back->rubric_version, ==, 2);
  g_assert_cmpuint (g_hash_table_size (back->answers), ==, 3);
  g_assert_cmpfloat (kz_answer_set_get (back->answers, "greeting")->value, ==, 0.1);
  g_assert_cmpstr (kz_answer_set_get (back->answers, "greeting")->comment, ==, "\"quoted\" ✓");
  g_assert_cmpint (kz_answer_set_get (back->answers, "hold")->kind, ==, KZ_ANSWER_NA);
  g_assert_cmpint (kz_answer_set_get (back->answers, "tone")->comment_at_ms, ==, 83500);
  g_assert_cmpint (kz_answer_set_get (back->answers, "greeting")->comment_at_ms, ==, -1);
  g_assert_true (kz_answer_sets_equal (ev->answers, back->answers));

  /* Any difference counts. */
  kz_answer_set_put (back->answers, kz_answer_new ("hold", KZ_ANSWER_VALUE, 0, NULL));
  g_assert_false (kz_answer_sets_equal (ev->answers, back->answers));

  /* Damaged, or from another version: an error naming the file. */
  g_assert_true (g_file_set_contents (path, "{\"kaizen-draft\": 1, \"id\": \"x\"", -1, NULL));
  g_assert_null (kz_draft_journal_read (path, &error));
  g_assert_error (error, KZ_ERROR, KZ_ERROR_INVALID_FILE);
  g_assert_nonnull (strstr (error->message, path));
  g_clear_error (&error);
  g_assert_true (g_file_set_contents (path, "{\"kaizen-draft\": 99}", -1, NULL));
  g_assert_null (kz_draft_journal_read (path, &error));
  g_assert_error (error, KZ_ERROR, KZ_ERROR_INVALID_FILE);
  g_clear_error (&error);
  g_assert_true (g_file_set_contents (path, "{\"kaizen-draft\": 1, \"id\": 1, \"row_version\": 1, "
                                      "\"interaction\": 1, \"reviewer\": 1, \"agent\": 1, \"rubric\": \"r\", "
                                      "\"rubric_version\": 1, \"answers\": [{\"criterion\": \"c\", "
                                      "\"kind\": \"value\"}]}", -1, NULL));
  g_assert_null (kz_draft_journal_read (path, &error));
  g_assert_error (error, KZ_ERROR, KZ_ERROR_INVALID_FILE);
  g_clear_error (&error);

  kz_draft_journal_remove (path);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  kz_draft_journal_remove (path);   /* already gone: fine */
  kz_test_tmpdir_free (g_steal_pointer (&dir));
}

/* ---- which rubric a review starts with ------------------------------------ */

static KzRubricInfo *
info (const char *id, int version, const char *title)
{
  KzRubricInfo *i = g_new0 (KzRubricInfo, 1);

  i->id = g_strdup (id);
  i->version = version;
  i->title = g_strdup (title);
  return i;
}

static void
test_rubric_pick (void)
{
  g_autoptr(GPtrArray) infos = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_rubric_info_free);
  g_autoptr(GPtrArray) none = g_ptr_array_new ();
  g_autoptr(GPtrArray) plain = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_rubric_info_free);
  const KzRubricInfo *got;

  /* As kz_store_list_rubrics() gives them: by title, then version. */
  g_ptr_array_add (infos, info ("compliance", 1, "Account servicing (regulated)"));
  g_ptr_array_add (infos, info ("email-support", 1, "Email support"));
  g_ptr_array_add (infos, info ("email-support", 2, "Email support"));
  g_ptr_array_add (infos, info ("inbound", 3, "Inbound Calls"));

  g_assert_null (kz_rubric_infos_pick (none, KZ_CHANNEL_CALL, NULL));

  got = kz_rubric_infos_pick (infos, KZ_CHANNEL_EMAIL, NULL);
  g_assert_cmpstr (got->id, ==, "email-support");
  g_assert_cmpint (got->version, ==, 2);               /* the latest version */
  got = kz_rubric_infos_pick (infos, KZ_CHANNEL_CALL, NULL);
  g_assert_cmpstr (got->id, ==, "inbound");            /* "Calls" in the title */
  got = kz_rubric_infos_pick (infos, KZ_CHANNEL_CALL, "compliance");
  g_assert_cmpstr (got->id, ==, "compliance");         /* the last one used wins */
  got = kz_rubric_infos_pick (infos, KZ_CHANNEL_EMAIL, "gone");
  g_assert_cmpstr (got->id, ==, "email-support");      /* a deleted choice is ignored */

  /* Nothing made for the channel: the first rubric, at its latest version. */
  g_ptr_array_add (plain, info ("general", 1, "General"));
  g_ptr_array_add (plain, info ("general", 4, "General"));
  got = kz_rubric_infos_pick (plain, KZ_CHANNEL_EMAIL, NULL);
  g_assert_cmpstr (got->id, ==, "general");
  g_assert_cmpint (got->version, ==, 4);
}

/* ---- days as people write them ----------------------------------------------- */

static void
test_parse_day (void)
{
  g_autoptr(GDateTime) d = kz_parse_day (" 2026-03-31 ");
  g_autoptr(GDateTime) leap = kz_parse_day ("2028-02-29");

  g_assert_nonnull (d);
  g_assert_cmpint (g_date_time_get_year (d), ==, 2026);
  g_assert_cmpint (g_date_time_get_month (d), ==, 3);
  g_assert_cmpint (g_date_time_get_day_of_month (d), ==, 31);
  g_assert_cmpint (g_date_time_get_hour (d), ==, 0);
  /* Midnight in the local zone (TZ), not in UTC. */
  {
    g_autoptr(GDateTime) local = g_date_time_new_local (2026, 3, 31, 0, 0, 0);

    g_assert_true (g_date_time_equal (d, local));
  }
  g_assert_nonnull (leap);
  g_assert_null (kz_parse_day ("2026-02-29"));
  g_assert_null (kz_parse_day ("2026-13-01"));
  g_assert_null (kz_parse_day ("2026-04-31"));
  g_assert_null (kz_parse_day ("31/03/2026"));
  g_assert_null (kz_parse_day ("2026-03-31x"));
  g_assert_null (kz_parse_day ("next week"));
  g_assert_null (kz_parse_day (""));
  g_assert_null (kz_parse_day (NULL));
}

int
main (int argc, char **argv)
{
  const char *backends[] = { "sqlite", "pg" };

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/draft-journal/round-trip", test_journal);
  g_test_add_func ("/review/rubric-pick", test_rubric_pick);
  g_test_add_func ("/types/parse-day", test_parse_day);

  for (guint b = 0; b < G_N_ELEMENTS (backends); b++)
    {
      const char *backend = backends[b];

      if (g_str_equal (backend, "pg") && !kz_test_pg_available ())
        continue;
#define ADD(name, fn) G_STMT_START { g_autofree char *path_ = g_strdup_printf ("/%s%s", backend, name); \
        g_test_add (path_, Fixture, backend, fixture_setup, fn, fixture_teardown); } G_STMT_END
      ADD ("/interaction-list/pages", test_pages);
      ADD ("/interaction-list/filter-and-refresh", test_filter_and_refresh);
      ADD ("/interaction-list/bounded", test_bounded);
      ADD ("/store/identity", test_identity);
#undef ADD
    }

  return g_test_run ();
}
