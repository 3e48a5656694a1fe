/* kz-test-db.c — helpers shared by the model tests
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <gio/gio.h>
#include <sqlite3.h>
#include <string.h>
#include <unistd.h>

#include "kz-error.h"
#include "kz-test-db.h"

char *
kz_test_tmpdir_new (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("kaizen-test-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
rm_rf (GFile *file)
{
  g_autoptr(GFileEnumerator) e =
    g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME, G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS,
                               NULL, NULL);
  if (e != NULL)
    {
      GFileInfo *info;
      while ((info = g_file_enumerator_next_file (e, NULL, NULL)) != NULL)
        {
          g_autoptr(GFile) child = g_file_get_child (file, g_file_info_get_name (info));
          rm_rf (child);
          g_object_unref (info);
        }
    }
  g_file_delete (file, NULL, NULL);
}

void
kz_test_tmpdir_free (char *dir)
{
  g_autoptr(GFile) file = g_file_new_for_path (dir);

  rm_rf (file);
  g_free (dir);
}

static int
compare_rows (gconstpointer a,
              gconstpointer b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

char *
kz_test_dump_db (const char         *path,
                 const char * const *ignore)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GPtrArray) tables = g_ptr_array_new_with_free_func (g_free);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT name, sql FROM sqlite_schema ORDER BY type, name",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *name = (const char *) sqlite3_column_text (stmt, 0);
      const char *sql = (const char *) sqlite3_column_text (stmt, 1);
      g_string_append_printf (out, "schema %s: %s\n", name, sql ? sql : "");
    }
  sqlite3_finalize (stmt);

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (tables, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);

  for (guint t = 0; t < tables->len; t++)
    {
      const char *table = g_ptr_array_index (tables, t);
      g_autoptr(GString) q = g_string_new ("SELECT * FROM \"");
      g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);

      /* Table names come from the file's own schema, never from input. */
      g_string_append (q, table);
      g_string_append (q, "\"");
      g_assert_cmpint (sqlite3_prepare_v2 (db, q->str, -1, &stmt, NULL), ==, SQLITE_OK);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          GString *row = g_string_new (NULL);

          for (int c = 0; c < sqlite3_column_count (stmt); c++)
            {
              g_autofree char *key = g_strconcat (table, ".", sqlite3_column_name (stmt, c), NULL);
              const char *v = (const char *) sqlite3_column_text (stmt, c);

              if (ignore != NULL && g_strv_contains (ignore, key))
                continue;
              g_string_append_printf (row, "%s=%s|", sqlite3_column_name (stmt, c), v ? v : "NULL");
            }
          g_ptr_array_add (rows, g_string_free (row, FALSE));
        }
      sqlite3_finalize (stmt);

      g_ptr_array_sort (rows, compare_rows);
      g_string_append_printf (out, "table %s: %u rows\n", table, rows->len);
      for (guint r = 0; r < rows->len; r++)
        g_string_append_printf (out, "  %s\n", (char *) g_ptr_array_index (rows, r));
    }

  sqlite3_close (db);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

gboolean
kz_test_pg_available (void)
{
  return g_getenv ("KAIZEN_TEST_PG") != NULL;
}

static char *
admin_uri (const char *dbname)
{
  const char *dir = g_getenv ("KAIZEN_TEST_PG_DIR");
  g_autofree char *conninfo = g_strdup (g_getenv ("KAIZEN_TEST_PG"));
  g_autofree char *password = NULL;
  g_autofree char *host = NULL;
  g_auto(GStrv) parts = g_strsplit (conninfo, " ", -1);

  for (guint i = 0; parts[i]; i++)
    if (g_str_has_prefix (parts[i], "password="))
      password = g_uri_escape_string (parts[i] + 9, NULL, FALSE);
  host = g_uri_escape_string (dir, NULL, FALSE);
  return g_strdup_printf ("postgresql://postgres:%s@/%s?host=%s", password, dbname, host);
}

PGconn *
kz_test_pg_connect (const char *uri)
{
  PGconn *conn = PQconnectdb (uri);

  if (PQstatus (conn) != CONNECTION_OK)
    g_error ("cannot connect to %s: %s", uri, PQerrorMessage (conn));
  return conn;
}

/* @before, the database name @name, then @after, on the maintenance
 * database.  A name cannot be a parameter: it is quoted with libpq's
 * PQescapeIdentifier, as model/kz-pg-admin.c does. */
static void
admin_exec_named (const char *before,
                  const char *name,
                  const char *after)
{
  g_autofree char *uri = admin_uri ("postgres");
  PGconn *conn = kz_test_pg_connect (uri);
  char *quoted = PQescapeIdentifier (conn, name, strlen (name));
  g_autofree char *sql = NULL;
  PGresult *r;

  if (quoted == NULL)
    g_error ("cannot quote %s: %s", name, PQerrorMessage (conn));
  sql = g_strconcat (before, quoted, after, NULL);
  PQfreemem (quoted);
  r = PQexec (conn, sql);
  if (PQresultStatus (r) != PGRES_COMMAND_OK)
    g_error ("%s: %s", sql, PQresultErrorMessage (r));
  PQclear (r);
  PQfinish (conn);
}

char *
kz_test_pg_create_db (void)
{
  static gint counter;
  g_autofree char *name = g_strdup_printf ("kz_test_%d_%d_%u", (int) getpid (),
                                           g_atomic_int_add (&counter, 1), g_random_int ());
  admin_exec_named ("CREATE DATABASE ", name, "");
  return admin_uri (name);
}

char *
kz_test_pg_uri_for (const char *uri,
                    const char *user,
                    const char *password)
{
  const char *at = strchr (uri, '@');
  g_autofree char *pw = g_uri_escape_string (password, NULL, FALSE);

  g_assert_nonnull (at);
  return g_strdup_printf ("postgresql://%s:%s%s", user, pw, at);
}

void
kz_test_pg_drop_db (const char *uri)
{
  const char *slash = strrchr (strchr (uri, '@'), '/');
  g_autofree char *name = g_strndup (slash + 1, strcspn (slash + 1, "?"));
  admin_exec_named ("DROP DATABASE IF EXISTS ", name, " WITH (FORCE)");
}

GPtrArray *
kz_test_sql_rows (const char        *location,
                  const char        *sql,
                  int                n_cols,
                  const KzTestValue *values,
                  int                n_values,
                  GError           **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);

  g_return_val_if_fail (n_values == 0 || values != NULL, NULL);
  if (g_str_has_prefix (location, "postgresql://"))
    {
      PGconn *conn = kz_test_pg_connect (location);
      g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
      g_autofree Oid *types = g_new0 (Oid, MAX (n_values, 1));
      PGresult *r;
      gboolean ok;

      for (int i = 0; i < n_values; i++)
        {
          /* 20 is int8 (bigint); 0 lets the server infer, as for a quoted literal. */
          types[i] = values[i].text != NULL ? 0 : 20;
          g_ptr_array_add (texts, values[i].text != NULL ? g_strdup (values[i].text)
                                  : g_strdup_printf ("%" G_GINT64_FORMAT, values[i].integer));
        }
      r = PQexecParams (conn, sql, n_values, types, (const char *const *) texts->pdata, NULL, NULL, 0);
      ok = PQresultStatus (r) == PGRES_COMMAND_OK || PQresultStatus (r) == PGRES_TUPLES_OK;
      if (!ok)
        g_set_error (error, KZ_ERROR, KZ_ERROR_DATABASE, "%s: %s", sql, PQresultErrorMessage (r));
      for (int i = 0; ok && PQresultStatus (r) == PGRES_TUPLES_OK && i < PQntuples (r); i++)
        {
          GPtrArray *row = g_ptr_array_new_with_free_func (g_free);

          g_assert_cmpint (n_cols, <=, PQnfields (r));
          for (int c = 0; c < n_cols; c++)
            g_ptr_array_add (row, PQgetisnull (r, i, c) ? NULL : g_strdup (PQgetvalue (r, i, c)));
          g_ptr_array_add (rows, row);
        }
      PQclear (r);
      PQfinish (conn);
      return ok ? g_steal_pointer (&rows) : NULL;
    }
  else
    {
      sqlite3 *db = NULL;
      sqlite3_stmt *stmt = NULL;
      int rc;

      g_assert_cmpint (sqlite3_open (location, &db), ==, SQLITE_OK);
      sqlite3_busy_timeout (db, 5000);
      g_assert_cmpint (sqlite3_exec (db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL), ==, SQLITE_OK);
      if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
        {
          g_set_error (error, KZ_ERROR, KZ_ERROR_DATABASE, "%s: %s", sql, sqlite3_errmsg (db));
          sqlite3_close (db);
          return NULL;
        }
      /* "$1" … are named parameters to SQLite: bound by name, every one. */
      g_assert_cmpint (sqlite3_bind_parameter_count (stmt), ==, n_values);
      for (int i = 0; i < n_values; i++)
        {
          g_autofree char *name = g_strdup_printf ("$%d", i + 1);
          int index = sqlite3_bind_parameter_index (stmt, name);

          g_assert_cmpint (index, >, 0);
          if (values[i].text != NULL)
            sqlite3_bind_text (stmt, index, values[i].text, -1, SQLITE_TRANSIENT);
          else
            sqlite3_bind_int64 (stmt, index, values[i].integer);
        }
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          GPtrArray *row = g_ptr_array_new_with_free_func (g_free);

          g_assert_cmpint (n_cols, <=, sqlite3_column_count (stmt));
          for (int c = 0; c < n_cols; c++)
            g_ptr_array_add (row, sqlite3_column_type (stmt, c) == SQLITE_NULL ? NULL
                                  : g_strdup ((const char *) sqlite3_column_text (stmt, c)));
          g_ptr_array_add (rows, row);
        }
      if (rc != SQLITE_DONE)
        g_set_error (error, KZ_ERROR, KZ_ERROR_DATABASE, "%s: %s", sql, sqlite3_errmsg (db));
      sqlite3_finalize (stmt);
      sqlite3_close (db);
      return rc == SQLITE_DONE ? g_steal_pointer (&rows) : NULL;
    }
}

gboolean
kz_test_sql_exec (const char        *location,
                  const char        *sql,
                  const KzTestValue *values,
                  int                n_values,
                  GError           **error)
{
  g_autoptr(GPtrArray) rows = kz_test_sql_rows (location, sql, 0, values, n_values, error);

  return rows != NULL;
}

char *
kz_test_sql_text (const char        *location,
                  const char        *sql,
                  const KzTestValue *values,
                  int                n_values)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = kz_test_sql_rows (location, sql, 1, values, n_values, &error);

  g_assert_no_error (error);
  return rows->len > 0 ? g_strdup (((GPtrArray *) rows->pdata[0])->pdata[0]) : NULL;
}

gint64
kz_test_sql_int (const char        *location,
                 const char        *sql,
                 const KzTestValue *values,
                 int                n_values)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = kz_test_sql_rows (location, sql, 1, values, n_values, &error);
  const char *v;

  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 1);
  v = ((GPtrArray *) rows->pdata[0])->pdata[0];
  g_assert_nonnull (v);
  return g_ascii_strtoll (v, NULL, 10);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

static const char *
name_of (GHashTable *names,
         gint64      id)
{
  const char *name = g_hash_table_lookup (names, &id);
  return name ? name : "-";
}

static char *
escaped (const char *text)
{
  return text != NULL ? g_strescape (text, NULL) : g_strdup ("(null)");
}

/* What hangs off one interaction: its emails in their order (with their
 * attachment lists), its call with every transcript turn, its rating. */
static void
dump_content (KzStore             *store,
              const KzInteraction *it,
              const char          *label,
              GPtrArray           *lines)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) messages = kz_store_list_messages (store, it->id, &error);
  g_autoptr(KzCall) call = NULL;
  g_autoptr(KzFeedback) fb = NULL;

  g_assert_no_error (error);
  for (guint k = 0; k < messages->len; k++)
    {
      KzEmailMessage *m = g_ptr_array_index (messages, k);
      g_autoptr(GString) line = g_string_new (NULL);
      g_autofree char *refs = m->references ? g_strjoinv (" ", m->references) : g_strdup ("");
      g_autofree char *from = escaped (m->from);
      g_autofree char *to = escaped (m->to);
      g_autofree char *cc = escaped (m->cc);
      g_autofree char *subject = escaped (m->subject);
      g_autofree char *body = escaped (m->body);

      g_string_append_printf (line, "message %s #%u <%s> in-reply-to=<%s> refs=[%s] from=%s (%s) to=%s cc=%s "
                              "date=%" G_GINT64_FORMAT " subject=%s body=%s attachments=[",
                              label, k, m->message_id, m->in_reply_to ? m->in_reply_to : "", refs, from,
                              m->from_address ? m->from_address : "", to, cc,
                              m->date ? g_date_time_to_unix (m->date) : -1, subject, body);
      for (guint a = 0; a < m->attachments->len; a++)
        {
          KzAttachment *att = g_ptr_array_index (m->attachments, a);
          g_autofree char *filename = escaped (att->filename);

          g_string_append_printf (line, " %s %s %" G_GINT64_FORMAT ";", filename, att->mime_type, att->size);
        }
      g_string_append_c (line, ']');
      g_ptr_array_add (lines, g_string_free (g_steal_pointer (&line), FALSE));
    }

  call = kz_store_get_call (store, it->id, &error);
  if (call == NULL)
    {
      g_assert_error (error, KZ_ERROR, KZ_ERROR_NOT_FOUND);
      g_clear_error (&error);
    }
  else
    {
      g_ptr_array_add (lines, g_strdup_printf ("call %s duration=%d %s customer=%s audio=%s %s turns=%u", label,
                                               call->duration_s,
                                               call->direction == KZ_DIRECTION_INBOUND ? "inbound" : "outbound",
                                               call->customer_ref ? call->customer_ref : "(null)",
                                               call->audio_path, call->audio_type, call->transcript->len));
      for (guint k = 0; k < call->transcript->len; k++)
        {
          KzTranscriptSegment *seg = g_ptr_array_index (call->transcript, k);
          g_autofree char *text = escaped (seg->text);

          g_ptr_array_add (lines, g_strdup_printf ("turn %s #%04u %d-%d %s: %s", label, k, seg->start_ms,
                                                   seg->end_ms, seg->speaker ? seg->speaker : "(null)", text));
        }
    }

  fb = kz_store_get_feedback (store, it->id, &error);
  g_assert_no_error (error);
  if (fb != NULL)
    {
      g_autofree char *comment = escaped (fb->comment);

      g_ptr_array_add (lines, g_strdup_printf ("rating %s %s %d given=%" G_GINT64_FORMAT " %s", label,
                                               kz_feedback_scale_to_string (fb->scale), fb->rating,
                                               fb->given_at ? g_date_time_to_unix (fb->given_at) : -1, comment));
    }
}

/* A random id as the file writes it: a team server gives the same 128 bits
 * as a uuid, with hyphens. */
static char *
plain_id (const char *id)
{
  GString *out = g_string_new (NULL);

  for (const char *p = id; p != NULL && *p != '\0'; p++)
    if (*p != '-')
      g_string_append_c (out, g_ascii_tolower (*p));
  return g_string_free (out, FALSE);
}

static const char *
team_label (GHashTable *units,
            gint64      team_id)
{
  if (team_id == KZ_CELL_ALL)
    return "(all)";
  if (team_id == KZ_CELL_NO_TEAM)
    return "(no team)";
  return name_of (units, team_id);
}

static GPtrArray *
all_ideas (KzStore *store)
{
  static const KzIdeaFilter everything = { TRUE, KZ_IDEA_NEW, TRUE };
  g_autoptr(GError) error = NULL;
  GPtrArray *ideas = kz_store_list_ideas (store, &everything, &error);

  g_assert_no_error (error);
  return ideas;
}

static const char *
idea_title (GPtrArray  *ideas,
            const char *id)
{
  g_autofree char *want = plain_id (id);

  for (guint i = 0; id != NULL && i < ideas->len; i++)
    {
      KzIdea *idea = g_ptr_array_index (ideas, i);
      g_autofree char *have = plain_id (idea->id);

      if (g_str_equal (have, want))
        return idea->title;
    }
  return "-";
}

static char *
day_label (const GDate *date)
{
  char buf[16];

  if (date == NULL || !g_date_valid (date))
    return g_strdup ("-");
  g_date_strftime (buf, sizeof buf, "%Y-%m-%d", date);
  return g_strdup (buf);
}

/* Staff voice as the app reads it: the bank, plans and rounds, each closed
 * round's figures and comments as shown, which open rounds each person may
 * still answer (participation), ideas with their votes and comments.  Rows
 * are named by their content; random ids and pseudonyms are left to
 * kz_test_dump_voice_ids(). */
static void
dump_voice (KzStore    *store,
            GHashTable *units,
            GHashTable *names,
            GPtrArray  *people,
            GPtrArray  *lines)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) bank = kz_store_list_questions (store, &error);
  g_autoptr(GPtrArray) plans = kz_store_list_pulse_plans (store, &error);
  g_autoptr(GPtrArray) rounds = kz_store_list_rounds (store, 0, &error);
  g_autoptr(GPtrArray) ideas = all_ideas (store);
  g_autoptr(GHashTable) plan_names = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  GDate today;

  g_assert_no_error (error);
  g_assert_true (kz_store_voice_today (store, &today, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < bank->len; i++)
    {
      KzQuestion *q = g_ptr_array_index (bank, i);

      g_ptr_array_add (lines, g_strdup_printf ("question #%02u %s %s driver=%s enps=%d active=%d %s", i, q->id,
                                               kz_question_kind_to_string (q->kind), q->driver ? q->driver : "-",
                                               q->enps, q->active, q->text));
    }
  for (guint i = 0; i < plans->len; i++)
    {
      KzPulsePlan *plan = g_ptr_array_index (plans, i);
      g_autoptr(GPtrArray) teams = g_ptr_array_new ();
      g_autoptr(GString) line = g_string_new (NULL);

      g_hash_table_insert (plan_names, g_memdup2 (&plan->id, sizeof plan->id), g_strdup (plan->name));
      for (guint t = 0; t < plan->team_ids->len; t++)
        g_ptr_array_add (teams, (gpointer) name_of (units, g_array_index (plan->team_ids, gint64, t)));
      g_ptr_array_sort (teams, compare_strings);
      g_string_append_printf (line, "pulse-plan %s every=%u per-round=%u k=%u teams=[", plan->name,
                              plan->cadence_days, plan->questions_per_round, plan->k);
      for (guint t = 0; t < teams->len; t++)
        g_string_append_printf (line, " %s", (char *) g_ptr_array_index (teams, t));
      g_string_append_c (line, ']');
      g_ptr_array_add (lines, g_string_free (g_steal_pointer (&line), FALSE));
    }
  for (guint i = 0; i < rounds->len; i++)
    {
      KzSurveyRound *round = g_ptr_array_index (rounds, i);
      g_autofree char *questions = g_strjoinv (",", round->question_ids);
      g_autofree char *opens = day_label (&round->opens_on);
      g_autofree char *closes = day_label (&round->closes_on);
      const char *plan = round->plan_id != 0 ? g_hash_table_lookup (plan_names, &round->plan_id) : "-";

      g_ptr_array_add (lines, g_strdup_printf ("round %s plan=%s %s..%s k=%u answered=%d questions=%s", round->title,
                                               plan, opens, closes, round->k, round->answered, questions));
      if (kz_survey_round_is_closed (round, &today))
        {
          g_autoptr(GPtrArray) cells = kz_store_survey_results (store, round->id, &error);
          g_autoptr(GPtrArray) comments = NULL;
          gboolean shown = FALSE, by_team = FALSE;

          g_assert_no_error (error);
          for (guint c = 0; c < cells->len; c++)
            {
              KzSurveyCell *cell = g_ptr_array_index (cells, c);
              g_autoptr(GString) line = g_string_new (NULL);

              /* In the order the store gives them: the figures are read so. */
              g_string_append_printf (line, "result %s #%03u %s %s n=%u suppression=%d counts=", round->title, c,
                                      cell->question_id, team_label (units, cell->team_id), cell->n,
                                      cell->suppression);
              for (guint v = 0; v < G_N_ELEMENTS (cell->counts); v++)
                g_string_append_printf (line, "%s%u", v ? "," : "", cell->counts[v]);
              g_ptr_array_add (lines, g_string_free (g_steal_pointer (&line), FALSE));
            }
          comments = kz_store_survey_comments (store, round->id, &shown, &by_team, &error);
          g_assert_no_error (error);
          g_ptr_array_add (lines, g_strdup_printf ("survey-comments %s shown=%d by-team=%d n=%u", round->title,
                                                   shown, by_team, comments->len));
          for (guint c = 0; c < comments->len; c++)
            {
              KzSurveyComment *comment = g_ptr_array_index (comments, c);
              g_autofree char *text = escaped (comment->text);

              g_ptr_array_add (lines, g_strdup_printf ("survey-comment %s %s %s", round->title,
                                                       team_label (units, comment->team_id), text));
            }
        }
    }
  /* Participation, as it shows: the open rounds a person has not answered. */
  for (guint i = 0; i < people->len; i++)
    {
      KzPerson *p = g_ptr_array_index (people, i);
      g_autoptr(GPtrArray) open = kz_store_list_open_rounds (store, p->id, &error);

      g_assert_no_error (error);
      for (guint r = 0; r < open->len; r++)
        g_ptr_array_add (lines, g_strdup_printf ("open-round %s for %s",
                                                 ((KzSurveyRound *) g_ptr_array_index (open, r))->title,
                                                 name_of (names, p->id)));
    }

  for (guint i = 0; i < ideas->len; i++)
    {
      KzIdea *idea = g_ptr_array_index (ideas, i);
      g_autoptr(GPtrArray) comments = kz_store_list_idea_comments (store, idea->id, &error);
      g_autofree char *week = day_label (&idea->week);
      g_autofree char *body = escaped (idea->body);

      g_assert_no_error (error);
      g_ptr_array_add (lines, g_strdup_printf ("idea %s by %s anonymous=%d category=%s week=%s %s reason=%s "
                                               "outcome=%s merged-into=%s votes=%u comments=%u body=%s",
                                               idea->title, idea->author_id ? name_of (names, idea->author_id) : "-",
                                               idea->pseudonym != NULL, idea->category ? idea->category : "-", week,
                                               kz_idea_status_to_string (idea->status),
                                               idea->decline_reason ? idea->decline_reason : "-",
                                               idea->outcome ? idea->outcome : "-",
                                               idea_title (ideas, idea->merged_into), idea->n_votes,
                                               idea->n_comments, body));
      for (guint c = 0; c < comments->len; c++)
        {
          KzIdeaComment *comment = g_ptr_array_index (comments, c);
          g_autofree char *cweek = day_label (&comment->week);
          g_autofree char *text = escaped (comment->body);

          g_ptr_array_add (lines, g_strdup_printf ("idea-comment on %s by %s manager=%d week=%s "
                                                   "under-idea-pseudonym=%d %s", idea->title,
                                                   comment->author_id ? name_of (names, comment->author_id) : "-",
                                                   comment->from_manager, cweek,
                                                   comment->pseudonym != NULL &&
                                                   g_strcmp0 (comment->pseudonym, idea->pseudonym) == 0, text));
        }
    }
}

char *
kz_test_dump_voice_ids (KzStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) ideas = all_ideas (store);

  for (guint i = 0; i < ideas->len; i++)
    {
      KzIdea *idea = g_ptr_array_index (ideas, i);
      g_autoptr(GPtrArray) comments = kz_store_list_idea_comments (store, idea->id, &error);
      g_autofree char *id = plain_id (idea->id);
      g_autofree char *merged = idea->merged_into ? plain_id (idea->merged_into) : g_strdup ("-");

      g_assert_no_error (error);
      g_ptr_array_add (lines, g_strdup_printf ("idea %s id=%s pseudonym=%s merged-into=%s", idea->title, id,
                                               idea->pseudonym ? idea->pseudonym : "-", merged));
      for (guint c = 0; c < comments->len; c++)
        {
          KzIdeaComment *comment = g_ptr_array_index (comments, c);
          g_autofree char *cid = plain_id (comment->id);
          g_autofree char *text = escaped (comment->body);

          g_ptr_array_add (lines, g_strdup_printf ("idea-comment on %s id=%s pseudonym=%s %s", idea->title, cid,
                                                   comment->pseudonym ? comment->pseudonym : "-", text));
        }
    }
  g_ptr_array_sort (lines, compare_strings);
  for (guint i = 0; i < lines->len; i++)
    {
      g_string_append (out, g_ptr_array_index (lines, i));
      g_string_append_c (out, '\n');
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* An evaluation's history, by content: revisions (score and answers),
 * acknowledgements, disputes with their criteria, the audit trail in
 * order.  Disputes are named by their reason and raising time. */
static char *
answers_text (KzAnswerSet *answers)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) out = g_string_new (NULL);
  GHashTableIter iter;
  KzAnswer *a;

  g_hash_table_iter_init (&iter, answers);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &a))
    g_ptr_array_add (parts, g_strdup_printf (" %s=%s%.12g%s%s@%d", a->criterion_id, a->kind == KZ_ANSWER_NA ? "na" : "",
                                             a->value, a->comment ? "#" : "", a->comment ? a->comment : "",
                                             a->comment_at_ms));
  g_ptr_array_sort (parts, compare_strings);
  for (guint k = 0; k < parts->len; k++)
    g_string_append (out, g_ptr_array_index (parts, k));
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
dispute_label (GPtrArray *disputes,
               gint64     id)
{
  for (guint i = 0; id > 0 && i < disputes->len; i++)
    {
      KzDispute *d = g_ptr_array_index (disputes, i);

      if (d->id == id)
        return g_strdup_printf ("<%s at %" G_GINT64_FORMAT ">", d->reason, g_date_time_to_unix (d->raised_at));
    }
  return g_strdup ("-");
}

static void
dump_history (KzStore      *store,
              GHashTable   *names,
              const char   *label,
              KzEvaluation *ev,
              GPtrArray    *lines)
{
  g_autoptr(GError) error = NULL;
  KzDisputeFilter of_ev = { .evaluation_id = ev->id };
  g_autoptr(GPtrArray) revisions = kz_store_list_revisions (store, ev->id, &error);
  g_autoptr(GPtrArray) acks = kz_store_list_acknowledgements (store, ev->id, &error);
  g_autoptr(GPtrArray) disputes = kz_store_list_disputes (store, &of_ev, &error);
  g_autoptr(GPtrArray) audit = kz_store_list_audit (store, ev->id, &error);

  g_assert_no_error (error);
  g_ptr_array_add (lines, g_strdup_printf ("history %s revision=%d submitted=%" G_GINT64_FORMAT, label, ev->revision,
                                           ev->submitted_at ? g_date_time_to_unix (ev->submitted_at) : -1));
  for (guint i = 0; i < revisions->len; i++)
    {
      KzRevision *r = g_ptr_array_index (revisions, i);
      g_autofree char *answers = answers_text (r->answers);
      g_autofree char *failed_by = g_strjoinv (" ", r->failed_by);
      g_autofree char *dispute = dispute_label (disputes, r->dispute_id);

      g_ptr_array_add (lines, g_strdup_printf ("revision %s #%d at=%" G_GINT64_FORMAT " by %s dispute=%s v%d "
                                               "score=%d/%.12g/%.12g pass=%d auto_failed=%d [%s] critical=%d/%.12g:%s",
                                               label, r->revision, g_date_time_to_unix (r->created_at),
                                               name_of (names, r->created_by), dispute, r->rubric_version,
                                               r->has_score, r->raw, r->final, r->pass, r->auto_failed, failed_by,
                                               r->has_critical, r->critical, answers));
    }
  for (guint i = 0; i < acks->len; i++)
    {
      KzAcknowledgement *a = g_ptr_array_index (acks, i);

      g_ptr_array_add (lines, g_strdup_printf ("acknowledgement %s #%d by %s at=%" G_GINT64_FORMAT " %s", label,
                                               a->revision, name_of (names, a->agent_id), g_date_time_to_unix (a->at),
                                               a->comment ? a->comment : "(null)"));
    }
  for (guint i = 0; i < disputes->len; i++)
    {
      KzDispute *d = g_ptr_array_index (disputes, i);
      g_autoptr(GString) line = g_string_new (NULL);

      g_string_append_printf (line, "dispute %s by %s at=%" G_GINT64_FORMAT " #%d %s closed=%" G_GINT64_FORMAT
                              " row=%d %s:", label, name_of (names, d->raised_by), g_date_time_to_unix (d->raised_at),
                              d->revision, kz_dispute_state_to_string (d->state),
                              d->closed_at ? g_date_time_to_unix (d->closed_at) : -1, d->row_version, d->reason);
      for (guint k = 0; k < d->items->len; k++)
        {
          KzDisputeItem *item = g_ptr_array_index (d->items, k);

          g_string_append_printf (line, " [%s %s %s by %s at %" G_GINT64_FORMAT " #%d: %s]", item->criterion_id,
                                  item->reason ? item->reason : "-", kz_resolution_to_string (item->resolution),
                                  name_of (names, item->resolved_by),
                                  item->resolved_at ? g_date_time_to_unix (item->resolved_at) : -1, item->revision,
                                  item->note ? item->note : "-");
        }
      g_ptr_array_add (lines, g_string_free (g_steal_pointer (&line), FALSE));
    }
  for (guint i = 0; i < audit->len; i++)
    {
      KzAuditEntry *e = g_ptr_array_index (audit, i);
      g_autofree char *dispute = dispute_label (disputes, e->dispute_id);

      g_ptr_array_add (lines, g_strdup_printf ("audit %s %03u %s by %s at=%" G_GINT64_FORMAT " #%d dispute=%s %s %s",
                                               label, i, kz_audit_action_to_string (e->action),
                                               name_of (names, e->actor_id), g_date_time_to_unix (e->at), e->revision,
                                               dispute, e->criterion_id ? e->criterion_id : "-",
                                               e->detail ? e->detail : "-"));
    }
}

/* Calibration sessions, and every calibration evaluation as its reviewer
 * reads it. */
static void
dump_calibration (KzStore    *store,
                  GHashTable *names,
                  GHashTable *interactions,
                  GPtrArray  *lines)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sessions = kz_store_list_calibrations (store, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < sessions->len; i++)
    {
      KzCalibrationSession *s = g_ptr_array_index (sessions, i);
      g_autoptr(GString) line = g_string_new (NULL);

      g_string_append_printf (line, "calibration %s %s v%d lead %s created=%" G_GINT64_FORMAT " closed=%" G_GINT64_FORMAT
                              " submitted=%u reviewers=", s->title, s->rubric_id, s->rubric_version,
                              name_of (names, s->lead_id), g_date_time_to_unix (s->created_at),
                              s->closed_at ? g_date_time_to_unix (s->closed_at) : -1, s->n_submitted);
      {
        g_autoptr(GPtrArray) who = g_ptr_array_new ();

        /* By name: ids differ from one store to the next. */
        for (guint k = 0; k < s->reviewer_ids->len; k++)
          g_ptr_array_add (who, (gpointer) name_of (names, g_array_index (s->reviewer_ids, gint64, k)));
        g_ptr_array_sort (who, compare_strings);
        for (guint k = 0; k < who->len; k++)
          g_string_append_printf (line, "%s,", (char *) g_ptr_array_index (who, k));
      }
      g_string_append (line, " interactions=");
      for (guint k = 0; k < s->interaction_ids->len; k++)
        g_string_append_printf (line, "%s,", name_of (interactions, g_array_index (s->interaction_ids, gint64, k)));
      g_ptr_array_add (lines, g_string_free (g_steal_pointer (&line), FALSE));

      for (guint k = 0; k < s->interaction_ids->len; k++)
        for (guint r = 0; r < s->reviewer_ids->len; r++)
          {
            gint64 reviewer = g_array_index (s->reviewer_ids, gint64, r);
            g_autoptr(KzEvaluation) ev = kz_store_get_calibration_evaluation (store, s->id,
                                                                              g_array_index (s->interaction_ids, gint64, k),
                                                                              reviewer, reviewer, &error);
            g_autofree char *answers = NULL;

            if (ev == NULL)
              {
                g_assert_error (error, KZ_ERROR, KZ_ERROR_NOT_FOUND);
                g_clear_error (&error);
                continue;
              }
            answers = answers_text (ev->answers);
            g_ptr_array_add (lines, g_strdup_printf ("calibration-evaluation %s of %s by %s %s created=%" G_GINT64_FORMAT
                                                     " score=%d/%.12g agent=%s revision=%d:%s", s->title,
                                                     name_of (interactions, ev->interaction_id),
                                                     name_of (names, reviewer), kz_evaluation_state_to_string (ev->state),
                                                     g_date_time_to_unix (ev->created_at), ev->has_score, ev->final,
                                                     name_of (names, ev->agent_id), ev->revision, answers));
          }
    }
}

char *
kz_test_dump_store (KzStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  g_autoptr(GHashTable) units = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  g_autoptr(GHashTable) interactions = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  g_autoptr(GPtrArray) unit_list = kz_store_list_units (store, &error);
  g_autoptr(GPtrArray) people = kz_store_list_people (store, KZ_ROLE_NONE, &error);
  g_autoptr(GPtrArray) rubrics = kz_store_list_rubrics (store, &error);
  g_autoptr(GPtrArray) its = kz_store_list_interactions (store, &error);
  g_autoptr(GPtrArray) evals = kz_store_list_evaluations (store, NULL, &error);

  g_assert_no_error (error);

  for (guint i = 0; i < unit_list->len; i++)
    {
      KzUnit *u = g_ptr_array_index (unit_list, i);
      g_hash_table_insert (units, g_memdup2 (&u->id, sizeof u->id), g_strdup (u->name));
    }
  for (guint i = 0; i < unit_list->len; i++)
    {
      KzUnit *u = g_ptr_array_index (unit_list, i);
      g_ptr_array_add (lines, g_strdup_printf ("unit %s %s in %s", kz_unit_kind_to_string (u->kind),
                                               u->name, name_of (units, u->parent_id)));
    }
  for (guint i = 0; i < people->len; i++)
    {
      KzPerson *p = g_ptr_array_index (people, i);
      g_autofree char *emails = g_strjoinv (",", p->emails);

      g_hash_table_insert (names, g_memdup2 (&p->id, sizeof p->id), g_strdup (emails));
      g_ptr_array_add (lines, g_strdup_printf ("person %s <%s> roles=%d team=%s", p->name, emails,
                                               p->roles, name_of (units, p->team_id)));
    }
  /* CX principles and personas, in their order. */
  {
    g_autoptr(GPtrArray) principles = kz_store_list_principles (store, &error);
    g_autoptr(GPtrArray) personas = kz_store_list_personas (store, &error);

    g_assert_no_error (error);
    for (guint i = 0; i < principles->len; i++)
      {
        KzPrinciple *p = g_ptr_array_index (principles, i);

        g_ptr_array_add (lines, g_strdup_printf ("principle %u %s %s: %s", i, p->id, p->title,
                                                 p->description ? p->description : "(none)"));
      }
    for (guint i = 0; i < personas->len; i++)
      {
        KzPersona *p = g_ptr_array_index (personas, i);

        g_ptr_array_add (lines, g_strdup_printf ("persona %u %s %s (%s, %d): %s / %s", i, p->id, p->name,
                                                 p->channel, p->tech_comfort, p->situation ? p->situation : "-",
                                                 p->goals ? p->goals : "-"));
      }
  }
  for (guint i = 0; i < rubrics->len; i++)
    {
      KzRubricInfo *r = g_ptr_array_index (rubrics, i);
      g_autoptr(KzRubric) rubric = kz_store_get_rubric (store, r->id, r->version, &error);

      g_assert_no_error (error);
      g_ptr_array_add (lines, g_strdup_printf ("rubric %s v%d %s sha256=%s evaluations=%u", r->id,
                                               r->version, r->title, kz_rubric_get_checksum (rubric),
                                               r->n_evaluations));
    }
  for (guint i = 0; i < its->len; i++)
    {
      KzInteraction *it = g_ptr_array_index (its, i);
      char *label = g_strdup_printf ("%s %s", kz_channel_to_string (it->channel),
                                     it->external_ref ? it->external_ref : "");

      g_hash_table_insert (interactions, g_memdup2 (&it->id, sizeof it->id), label);
      g_ptr_array_add (lines, g_strdup_printf ("interaction %s agent=%s at=%" G_GINT64_FORMAT " %s", label,
                                               name_of (names, it->agent_id),
                                               g_date_time_to_unix (it->started_at), it->subject));
      dump_content (store, it, label, lines);
    }
  /* Queues: whoever they belong to, reviewed or not. */
  for (guint i = 0; i < people->len; i++)
    {
      KzPerson *p = g_ptr_array_index (people, i);
      KzInteractionQuery q = { .any_channel = TRUE, .reviewed = KZ_REVIEWED_ANY, .assigned_to = p->id };
      g_autoptr(GPtrArray) queue = kz_store_search_interactions (store, &q, 0, G_MAXINT, &error);

      g_assert_no_error (error);
      for (guint k = 0; k < queue->len; k++)
        {
          KzInteractionSummary *sum = g_ptr_array_index (queue, k);

          g_ptr_array_add (lines, g_strdup_printf ("assignment %s to %s", name_of (interactions, sum->id),
                                                   name_of (names, p->id)));
        }
    }
  for (guint i = 0; i < evals->len; i++)
    {
      KzEvaluationSummary *s = g_ptr_array_index (evals, i);
      g_autoptr(KzEvaluation) ev = kz_store_get_evaluation (store, s->id, &error);
      g_autoptr(GString) line = g_string_new (NULL);
      g_autoptr(GPtrArray) answers = g_ptr_array_new_with_free_func (g_free);
      g_autofree char *failed_by = NULL;
      GHashTableIter iter;
      KzAnswer *a;

      g_assert_no_error (error);
      failed_by = g_strjoinv (" ", ev->failed_by);
      g_string_append_printf (line, "evaluation of %s on %s by %s with %s v%d %s created=%" G_GINT64_FORMAT
                              " updated=%" G_GINT64_FORMAT " score=%d/%.12g/%.12g pass=%d auto_failed=%d [%s]"
                              " critical=%d/%.12g:",
                              name_of (names, ev->agent_id), name_of (interactions, ev->interaction_id),
                              name_of (names, ev->reviewer_id), ev->rubric_id, ev->rubric_version,
                              kz_evaluation_state_to_string (ev->state), g_date_time_to_unix (ev->created_at),
                              g_date_time_to_unix (ev->updated_at), ev->has_score, ev->raw, ev->final,
                              ev->pass, ev->auto_failed, failed_by, ev->has_critical, ev->critical);
      g_hash_table_iter_init (&iter, ev->answers);
      while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &a))
        g_ptr_array_add (answers, g_strdup_printf (" %s=%s%.12g%s%s", a->criterion_id,
                                                   a->kind == KZ_ANSWER_NA ? "na" : "", a->value,
                                                   a->comment ? "#" : "", a->comment ? a->comment : ""));
      g_ptr_array_sort (answers, compare_strings);
      for (guint k = 0; k < answers->len; k++)
        g_string_append (line, g_ptr_array_index (answers, k));
      {
        g_autofree char *label = g_strdup_printf ("%s/%s/%" G_GINT64_FORMAT, name_of (interactions, ev->interaction_id),
                                                  name_of (names, ev->reviewer_id), g_date_time_to_unix (ev->created_at));

        dump_history (store, names, label, ev, lines);
      }
      g_ptr_array_add (lines, g_string_free (g_steal_pointer (&line), FALSE));
    }

  dump_calibration (store, names, interactions, lines);
  dump_voice (store, units, names, people, lines);

  g_ptr_array_sort (lines, compare_strings);
  for (guint i = 0; i < lines->len; i++)
    {
      g_string_append (out, g_ptr_array_index (lines, i));
      g_string_append_c (out, '\n');
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}
