/* kz-pg-store.c — the team-server backend (PostgreSQL through libpq)
 *
 * The same typed API as the single-file backend, for a contact centre whose
 * reviewers, agents and managers share one server.  The server decides who
 * reads what (row-level security, see sql/pg-004-security.sql): this code
 * asks for rows and gets the ones the login may see.  Every value is a bound
 * parameter; times are Unix seconds as in the single file.
 *
 * The schema lives in sql/pg-*.sql, compiled in as resources.  Only
 * `kaizenctl server init` (the database owner) creates or upgrades it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kz-pg-store"

#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <stdio.h>
#include <string.h>

#include "kz-error.h"
#include "kz-pg-store-private.h"
#include "kz-sql-resources.h"
#include "kz-score.h"

struct _KzPgStore
{
  KzStore     parent_instance;
  PGconn     *conn;
  char       *description;
  char       *identity;
  GHashTable *rubrics;        /* "id\nversion" → KzRubric* */
  gint        rubrics_stale;  /* set by the change listener (main loop), read under the store's lock */
  int         tx_depth;
  int         schema_version;
  char        sqlstate[6];    /* of the last failed statement */

  /* A second connection that only LISTENs, watched from the main context
   * that opened the store, so queries on worker threads never race it. */
  PGconn       *listener;
  char         *uri;
  char         *password;
  GMainContext *context;
  guint         listen_source;
  guint         reconnect_source;
};

G_DEFINE_FINAL_TYPE (KzPgStore, kz_pg_store, KZ_TYPE_STORE)

#define SQLSTATE_UNIQUE_VIOLATION      "23505"
#define SQLSTATE_FOREIGN_KEY_VIOLATION "23503"
#define SQLSTATE_INSUFFICIENT_PRIVILEGE "42501"

PGconn *
kz_pg_store_get_connection (KzPgStore *self)
{
  g_return_val_if_fail (KZ_IS_PG_STORE (self), NULL);
  return self->conn;
}

static gboolean
connection_lost (KzPgStore *self)
{
  return PQstatus (self->conn) != CONNECTION_OK;
}

/* libpq reports a vanished server without an SQLSTATE, or with class 08
 * (connection exception) or 57P (the server shutting down). */
static gboolean
is_connection_failure (KzPgStore *self,
                       PGresult  *result)
{
  const char *state = result ? PQresultErrorField (result, PG_DIAG_SQLSTATE) : NULL;

  return connection_lost (self) || state == NULL || g_str_has_prefix (state, "08") ||
         g_str_has_prefix (state, "57P");
}

/* Turns libpq's message into one line a person can act on. */
static void
set_pg_error (KzPgStore   *self,
              PGresult    *result,
              GError     **error)
{
  g_autofree char *msg = g_strdup (result ? PQresultErrorMessage (result) : PQerrorMessage (self->conn));
  const char *state = result ? PQresultErrorField (result, PG_DIAG_SQLSTATE) : NULL;

  g_strlcpy (self->sqlstate, state ? state : "", sizeof self->sqlstate);
  g_strstrip (msg);

  if (is_connection_failure (self, result))
    {
      /* libpq repeats itself here; its first line says it all. */
      msg[strcspn (msg, "\n")] = '\0';
      g_set_error (error, KZ_ERROR, KZ_ERROR_CONNECTION,
                   _("The connection to the team server was lost (%s). Nothing was saved; "
                     "try again when the server is back."), msg);
      return;
    }

  g_strdelimit (msg, "\n\t", ' ');
  if (g_strcmp0 (state, SQLSTATE_INSUFFICIENT_PRIVILEGE) == 0)
    g_set_error (error, KZ_ERROR, KZ_ERROR_PERMISSION,
                 _("The team server does not allow this login to do that (%s)"), msg);
  else if (g_strcmp0 (state, SQLSTATE_FOREIGN_KEY_VIOLATION) == 0)
    g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT,
                 _("This refers to a team, person, rubric or interaction that is not in the database"));
  else
    g_set_error (error, KZ_ERROR, KZ_ERROR_DATABASE, _("Team server: %s"), msg);
}

PGresult *
kz_pg_store_exec (KzPgStore          *self,
                  const char         *sql,
                  int                 n_params,
                  const char * const *params,
                  GError            **error)
{
  PGresult *result;
  ExecStatusType status;

  g_return_val_if_fail (KZ_IS_PG_STORE (self), NULL);

  self->sqlstate[0] = '\0';

  /* A dropped connection is tried again on the next call, outside a
   * transaction (inside one, the transaction is lost anyway). */
  if (connection_lost (self) && self->tx_depth == 0)
    PQreset (self->conn);

  result = PQexecParams (self->conn, sql, n_params, NULL, params, NULL, NULL, 0);
  status = PQresultStatus (result);
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK)
    return result;

  /* The server went away since the last call (restarted, network blip):
   * outside a transaction nothing is lost by connecting again and retrying
   * once; inside one, the caller must hear that its transaction is gone. */
  if (self->tx_depth == 0 && is_connection_failure (self, result))
    {
      PQclear (result);
      PQreset (self->conn);
      result = PQexecParams (self->conn, sql, n_params, NULL, params, NULL, NULL, 0);
      status = PQresultStatus (result);
      if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK)
        return result;
    }

  set_pg_error (self, result, error);
  PQclear (result);
  return NULL;
}

static gboolean
exec_ok (KzPgStore          *self,
         const char         *sql,
         int                 n_params,
         const char * const *params,
         GError            **error)
{
  PGresult *r = kz_pg_store_exec (self, sql, n_params, params, error);

  PQclear (r);
  return r != NULL;
}

/* Several statements, no parameters (migrations). */
static gboolean
exec_script (KzPgStore   *self,
             const char  *sql,
             GError     **error)
{
  PGresult *result = PQexec (self->conn, sql);
  ExecStatusType status = PQresultStatus (result);
  gboolean ok = status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY;

  if (!ok)
    set_pg_error (self, result, error);
  PQclear (result);
  return ok;
}

#define I64(buf, v) (g_snprintf ((buf), sizeof (buf), "%" G_GINT64_FORMAT, (gint64) (v)), (buf))
#define ID_OR_NULL(buf, v) ((v) > 0 ? I64 (buf, v) : NULL)

static const char *
dbl (char   *buf,
     double  v)
{
  return g_ascii_dtostr (buf, G_ASCII_DTOSTR_BUF_SIZE, v);
}

static gint64
get_i64 (PGresult *r, int row, int col)
{
  return PQgetisnull (r, row, col) ? 0 : g_ascii_strtoll (PQgetvalue (r, row, col), NULL, 10);
}

static double
get_dbl (PGresult *r, int row, int col)
{
  return PQgetisnull (r, row, col) ? 0.0 : g_ascii_strtod (PQgetvalue (r, row, col), NULL);
}

static gboolean
get_bool (PGresult *r, int row, int col)
{
  return !PQgetisnull (r, row, col) && PQgetvalue (r, row, col)[0] == 't';
}

static char *
get_str (PGresult *r, int row, int col)
{
  return PQgetisnull (r, row, col) ? NULL : g_strdup (PQgetvalue (r, row, col));
}

static GDateTime *
get_time (PGresult *r, int row, int col)
{
  return g_date_time_new_from_unix_utc (get_i64 (r, row, col));
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGresult, PQclear)

/* Many rows in one statement: each column goes as one array parameter
 * ("{…}" in PostgreSQL's array syntax) that the statement unnests, so the
 * SQL stays a fixed string, every value is still a bound parameter, and a
 * call's transcript costs one round trip instead of one a turn. */
static GString *
array_new (void)
{
  return g_string_new ("{");
}

static void
array_add (GString    *array,
           const char *value)
{
  if (array->len > 1)
    g_string_append_c (array, ',');
  if (value == NULL)
    {
      g_string_append (array, "NULL");
      return;
    }
  /* Quoted, so commas, braces, spaces and the word NULL stay text. */
  g_string_append_c (array, '"');
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_c (array, '\\');
      g_string_append_c (array, *p);
    }
  g_string_append_c (array, '"');
}

static void
array_add_i64 (GString *array,
               gint64   value)
{
  if (array->len > 1)
    g_string_append_c (array, ',');
  g_string_append_printf (array, "%" G_GINT64_FORMAT, value);
}

/* The finished literal, still owned by @array. */
static const char *
array_end (GString *array)
{
  g_string_append_c (array, '}');
  return array->str;
}

/* ------------------------------------------------------------------------ */
/* Transactions: BEGIN outside, savepoints inside, as in the single file.
 * Every write below runs in one of these, so a failed call inside a
 * caller's transaction rolls back to its savepoint and the transaction
 * stays usable (PostgreSQL would otherwise abort all of it). */

static gboolean
kz_pg_store_begin (KzStore  *store,
                   GError  **error)
{
  KzPgStore *self = KZ_PG_STORE (store);
  g_autofree char *sql = self->tx_depth == 0 ? g_strdup ("BEGIN")
                                             : g_strdup_printf ("SAVEPOINT kz%d", self->tx_depth);

  if (!exec_ok (self, sql, 0, NULL, error))
    return FALSE;
  self->tx_depth++;
  return TRUE;
}

static gboolean
kz_pg_store_commit (KzStore  *store,
                    GError  **error)
{
  KzPgStore *self = KZ_PG_STORE (store);
  g_autofree char *sql = self->tx_depth == 1 ? g_strdup ("COMMIT")
                                             : g_strdup_printf ("RELEASE SAVEPOINT kz%d", self->tx_depth - 1);

  g_return_val_if_fail (self->tx_depth > 0, FALSE);

  if (!exec_ok (self, sql, 0, NULL, error))
    return FALSE;
  self->tx_depth--;
  return TRUE;
}

static void
kz_pg_store_rollback (KzStore *store)
{
  KzPgStore *self = KZ_PG_STORE (store);
  g_autofree char *sql = self->tx_depth == 1
    ? g_strdup ("ROLLBACK")
    : g_strdup_printf ("ROLLBACK TO SAVEPOINT kz%d; RELEASE SAVEPOINT kz%d",
                       self->tx_depth - 1, self->tx_depth - 1);

  g_return_if_fail (self->tx_depth > 0);

  g_hash_table_remove_all (self->rubrics);
  if (!connection_lost (self))
    exec_script (self, sql, NULL);
  /* A lost connection took the whole transaction with it. */
  self->tx_depth = connection_lost (self) ? 0 : self->tx_depth - 1;
}

/* ------------------------------------------------------------------------ */
/* Schema */

static const char * const migration_files[] = {
  "pg-001-base.sql",
  "pg-002-autofail.sql",
  "pg-003-row-version.sql",
  "pg-004-security.sql",
  "pg-005-notify.sql",
  "pg-006-email.sql",
  "pg-007-calls.sql",
  "pg-008-search.sql",
  "pg-009-comment-time.sql",
  "pg-010-feedback.sql",
  "pg-011-list-indexes.sql",
  "pg-012-voice.sql",
  "pg-013-voter-keys.sql",
  "pg-014-disputes.sql",
  "pg-015-principles.sql",
  "pg-016-coaching.sql",
  "pg-017-rollups.sql",
  "pg-018-rollup-rubrics.sql",
  "pg-019-evaluations-created.sql",
};

G_STATIC_ASSERT (G_N_ELEMENTS (migration_files) == KZ_PG_SCHEMA_VERSION);

static KzAnswerSet *load_answers (KzPgStore *self, gint64 evaluation_id, GError **error);
static KzRubric *kz_pg_store_get_rubric (KzStore *store, const char *id, int version, GError **error);
static gboolean migrate_17_data (KzPgStore *self, GError **error);
static gboolean fill_rubric_criteria (KzPgStore *self, KzRubric *rubric, GError **error);

/* Schema 2's data step, as in the single file: fill the auto-fail fields of
 * existing evaluations by scoring their stored answers. */
static gboolean
migrate_2_data (KzPgStore  *self,
                GError    **error)
{
  g_autoptr(PGresult) r = kz_pg_store_exec (self, "SELECT id, rubric_id, rubric_version FROM evaluations",
                                            0, NULL, error);

  if (r == NULL)
    return FALSE;

  for (int i = 0; i < PQntuples (r); i++)
    {
      g_autoptr(GError) rubric_error = NULL;
      g_autoptr(KzRubric) rubric = NULL;
      g_autoptr(GHashTable) answers = NULL;
      g_autoptr(KzScore) score = NULL;
      g_autofree char *failed_by = NULL;
      char b_id[32], b_crit[G_ASCII_DTOSTR_BUF_SIZE];
      const char *params[4];

      rubric = kz_pg_store_get_rubric (KZ_STORE (self), PQgetvalue (r, i, 1),
                                       (int) get_i64 (r, i, 2), &rubric_error);
      if (rubric == NULL)
        {
          g_warning ("Evaluation %s keeps no auto-fail fields: %s", PQgetvalue (r, i, 0),
                     rubric_error->message);
          continue;
        }
      answers = load_answers (self, get_i64 (r, i, 0), error);
      if (answers == NULL)
        return FALSE;
      score = kz_score_compute (rubric, answers);
      failed_by = g_strjoinv (" ", score->failed_by);

      params[0] = score->auto_failed ? "true" : "false";
      params[1] = *failed_by ? failed_by : NULL;
      params[2] = score->has_critical ? dbl (b_crit, score->critical) : NULL;
      params[3] = I64 (b_id, get_i64 (r, i, 0));
      if (!exec_ok (self, "UPDATE evaluations SET auto_failed = $1, failed_by = $2, critical = $3 "
                          "WHERE id = $4", 4, params, error))
        return FALSE;
    }
  return TRUE;
}

/* The schema version, 0 for an empty database, -1 with @error for one that
 * is not empty and not Kaizen's. */
static int
read_schema_version (KzPgStore  *self,
                     GError    **error)
{
  g_autoptr(PGresult) r = NULL;

  r = kz_pg_store_exec (self,
                        "SELECT (SELECT count(*) FROM pg_tables WHERE schemaname = 'public'), "
                        "       to_regclass('public.kz_meta') IS NOT NULL", 0, NULL, error);
  if (r == NULL)
    return -1;

  if (!get_bool (r, 0, 1))
    {
      if (get_i64 (r, 0, 0) == 0)
        return 0;
      g_set_error (error, KZ_ERROR, KZ_ERROR_DATABASE,
                   _("The database %s on the team server has tables, but not Kaizen's; "
                     "it was left untouched"), PQdb (self->conn));
      return -1;
    }

  g_clear_pointer (&r, PQclear);
  r = kz_pg_store_exec (self, "SELECT value::integer FROM kz_meta WHERE key = 'schema_version'",
                        0, NULL, error);
  if (r == NULL)
    return -1;
  return PQntuples (r) == 1 ? (int) get_i64 (r, 0, 0) : 0;
}

static gboolean
migrate (KzPgStore  *self,
         int         target_version,
         GError    **error)
{
  g_autoptr(GError) local_error = NULL;
  int version;
  int next = 0;

  if (!kz_pg_store_begin (KZ_STORE (self), error))
    return FALSE;

  /* One server init at a time, and the version read under the lock. */
  if (!exec_ok (self, "SELECT pg_advisory_xact_lock(1264209457)", 0, NULL, &local_error) ||
      (version = read_schema_version (self, &local_error)) < 0)
    goto fail;

  if (version > KZ_PG_SCHEMA_VERSION)
    {
      kz_pg_store_rollback (KZ_STORE (self));
      g_set_error (error, KZ_ERROR, KZ_ERROR_TOO_NEW,
                   _("The team server's database %s was set up by a newer version of Kaizen "
                     "(schema %d; this version understands up to %d). Use a newer Kaizen."),
                   PQdb (self->conn), version, KZ_PG_SCHEMA_VERSION);
      return FALSE;
    }

  for (next = version + 1; next <= target_version; next++)
    {
      g_autofree char *path = g_strconcat ("/io/github/KaizenQA/Kaizen/model/sql/",
                                           migration_files[next - 1], NULL);
      g_autoptr(GBytes) bytes = g_resource_lookup_data (kz_sql_get_resource (), path, 0, &local_error);
      char b_version[32];
      const char *params[1];

      /* Data steps read with the schema as it is at their step. */
      self->schema_version = next;
      if (bytes == NULL || !exec_script (self, g_bytes_get_data (bytes, NULL), &local_error))
        goto fail;
      if (next == 2 && !migrate_2_data (self, &local_error))
        goto fail;
      if (next == 17 && !migrate_17_data (self, &local_error))
        goto fail;
      params[0] = I64 (b_version, next);
      if (!exec_ok (self, "INSERT INTO kz_meta (key, value) VALUES ('schema_version', $1) "
                          "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value", 1, params, &local_error))
        goto fail;
      g_debug ("%s: migrated to schema %d", PQdb (self->conn), next);
    }

  if (!exec_ok (self, "INSERT INTO kz_meta (key, value) VALUES ('application', 'kaizen') "
                      "ON CONFLICT (key) DO NOTHING", 0, NULL, &local_error) ||
      !kz_pg_store_commit (KZ_STORE (self), &local_error))
    goto fail;

  self->schema_version = MAX (version, target_version);
  return TRUE;

fail:
  kz_pg_store_rollback (KZ_STORE (self));
  g_set_error (error, KZ_ERROR, local_error->code == KZ_ERROR_CONNECTION ? KZ_ERROR_CONNECTION : KZ_ERROR_DATABASE,
               _("Setting up schema %d on the team server failed; nothing was changed: %s"),
               next > 0 ? next : target_version, local_error->message);
  return FALSE;
}

/* ------------------------------------------------------------------------ */

static int
kz_pg_store_get_schema_version (KzStore *store)
{
  return KZ_PG_STORE (store)->schema_version;
}

static gboolean
kz_pg_store_is_shared (KzStore *store)
{
  return TRUE;
}

static const char *
kz_pg_store_describe (KzStore *store)
{
  return KZ_PG_STORE (store)->description;
}

static const char *
kz_pg_store_get_identity (KzStore *store)
{
  return KZ_PG_STORE (store)->identity;
}

static gint64
insert_returning_id (KzPgStore          *self,
                     const char         *sql,
                     int                 n_params,
                     const char * const *params,
                     GError            **error)
{
  g_autoptr(PGresult) r = NULL;

  if (!kz_pg_store_begin (KZ_STORE (self), error))
    return 0;
  r = kz_pg_store_exec (self, sql, n_params, params, error);
  if (r == NULL || !kz_pg_store_commit (KZ_STORE (self), error))
    {
      kz_pg_store_rollback (KZ_STORE (self));
      return 0;
    }
  return get_i64 (r, 0, 0);
}

static gint64
kz_pg_store_add_unit (KzStore     *store,
                      KzUnitKind   kind,
                      const char  *name,
                      gint64       parent_id,
                      GError     **error)
{
  char b_parent[32];
  const char *params[] = { kz_unit_kind_to_string (kind), name, ID_OR_NULL (b_parent, parent_id) };

  return insert_returning_id (KZ_PG_STORE (store),
                              "INSERT INTO units (kind, name, parent_id) VALUES ($1, $2, $3) RETURNING id",
                              3, params, error);
}

static GPtrArray *
kz_pg_store_list_units (KzStore  *store,
                        GError  **error)
{
  g_autoptr(PGresult) r = NULL;
  GPtrArray *units;

  r = kz_pg_store_exec (KZ_PG_STORE (store),
                        "SELECT id, kind, name, parent_id FROM units ORDER BY "
                        "CASE kind WHEN 'organisation' THEN 0 WHEN 'site' THEN 1 ELSE 2 END, name",
                        0, NULL, error);
  if (r == NULL)
    return NULL;

  units = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_unit_free);
  for (int i = 0; i < PQntuples (r); i++)
    {
      KzUnit *u = g_new0 (KzUnit, 1);
      const char *kind = PQgetvalue (r, i, 1);

      u->id = get_i64 (r, i, 0);
      u->kind = g_str_equal (kind, "organisation") ? KZ_UNIT_ORGANISATION
              : g_str_equal (kind, "site") ? KZ_UNIT_SITE : KZ_UNIT_TEAM;
      u->name = get_str (r, i, 2);
      u->parent_id = get_i64 (r, i, 3);
      g_ptr_array_add (units, u);
    }
  return units;
}

static gint64
kz_pg_store_add_person (KzStore         *store,
                        const KzPerson  *person,
                        GError         **error)
{
  KzPgStore *self = KZ_PG_STORE (store);
  g_autoptr(PGresult) r = NULL;
  char b_roles[32], b_team[32], b_id[32], b_pos[32];
  const char *params[3] = { person->name, I64 (b_roles, person->roles), ID_OR_NULL (b_team, person->team_id) };
  gint64 id;

  if (!kz_pg_store_begin (store, error))
    return 0;

  r = kz_pg_store_exec (self, "INSERT INTO people (name, roles, team_id) VALUES ($1, $2, $3) RETURNING id",
                        3, params, error);
  if (r == NULL)
    goto fail;
  id = get_i64 (r, 0, 0);

  for (guint i = 0; person->emails != NULL && person->emails[i] != NULL; i++)
    {
      const char *p[3] = { person->emails[i], I64 (b_id, id), I64 (b_pos, i) };
      g_autoptr(GError) local_error = NULL;

      if (!exec_ok (self, "INSERT INTO person_emails (email, person_id, position) VALUES ($1, $2, $3)",
                    3, p, &local_error))
        {
          if (g_str_equal (self->sqlstate, SQLSTATE_UNIQUE_VIOLATION))
            g_set_error (error, KZ_ERROR, KZ_ERROR_EXISTS,
                         _("The address %s already belongs to someone else"), person->emails[i]);
          else
            g_propagate_error (error, g_steal_pointer (&local_error));
          goto fail;
        }
    }

  if (!kz_pg_store_commit (store, error))
    goto fail;
  return id;

fail:
  kz_pg_store_rollback (store);
  return 0;
}

static GStrv
load_emails (KzPgStore *self,
             gint64     person_id)
{
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();
  g_autoptr(PGresult) r = NULL;
  char b_id[32];
  const char *params[1] = { I64 (b_id, person_id) };

  r = kz_pg_store_exec (self, "SELECT email FROM person_emails WHERE person_id = $1 ORDER BY position",
                        1, params, NULL);
  for (int i = 0; r != NULL && i < PQntuples (r); i++)
    g_strv_builder_add (b, PQgetvalue (r, i, 0));
  return g_strv_builder_end (b);
}

static KzPerson *
person_from_row (PGresult *r,
                 int       i)
{
  KzPerson *p = g_new0 (KzPerson, 1);

  p->id = get_i64 (r, i, 0);
  p->name = get_str (r, i, 1);
  p->roles = (KzRoles) get_i64 (r, i, 2);
  p->team_id = get_i64 (r, i, 3);
  return p;
}

static KzPerson *
kz_pg_store_get_person (KzStore  *store,
                        gint64    id,
                        GError  **error)
{
  KzPgStore *self = KZ_PG_STORE (store);
  g_autoptr(PGresult) r = NULL;
  char b_id[32];
  const char *params[1] = { I64 (b_id, id) };
  KzPerson *p;

  r = kz_pg_store_exec (self, "SELECT id, name, roles, team_id FROM people WHERE id = $1", 1, params, error);
  if (r == NULL)
    return NULL;
  if (PQntuples (r) == 0)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_NOT_FOUND, _("There is no person with id %lld"), (long long) id);
      return NULL;
    }
  p = person_from_row (r, 0);
  p->emails = load_emails (self, p->id);
  return p;
}

static KzPerson *
kz_pg_store_find_person_by_email (KzStore     *store,
                                  const char  *email,
                                  GError     **error)
{
  KzPgStore *self = KZ_PG_STORE (store);
  g_autoptr(PGresult) r = NULL;
  const char *params[1] = { email };
  KzPerson *p;

  r = kz_pg_store_exec (self, "SELECT p.id, p.name, p.roles, p.team_id FROM people p "
                              "JOIN person_emails e ON e.person_id = p.id WHERE lower(e.email) = lower($1)",
                        1, params, error);
  if (r == NULL)
    return NULL;
  if (PQntuples (r) == 0)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_NOT_FOUND, _("Nobody has the address %s"), email);
      return NULL;
    }
  p = person_from_row (r, 0);
  p->emails = load_emails (self, p->id);
  return p;
}

static GPtrArray *
kz_pg_store_list_people (KzStore  *store,
                         KzRoles   any_of,
                         GError  **error)
{
  KzPgStore *self = KZ_PG_STORE (store);
  g_autoptr(PGresult) r = NULL;
  char b_roles[32];
  const char *params[1] = { I64 (b_roles, any_of) };
  GPtrArray *people;

  r = kz_pg_store_exec (self, "SELECT id, name, roles, team_id FROM people "
                              "WHERE $1::integer = 0 OR (roles & $1::integer) <> 0 ORDER BY name, id",
                        1, params, error);
  if (r == NULL)
    return NULL;

  people = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_person_free);
  for (int i = 0; i < PQntuples (r); i++)
    {
      KzPerson *p = person_from_row (r, i);
      p->emails = load_emails (self, p->id);
      g_ptr_array_add (people, p);
    }
  return people;
}

static gboolean
kz_pg_store_add_rubric (KzStore   *store,
                        KzRubric  *rubric,
                        gboolean  *added,
                        GError   **error)
{
  KzPgStore *self = KZ_PG_STORE (store);
  g_autoptr(PGresult) r = NULL;
  char b_version[32], b_sections[32], b_criteria[32], b_now[32];
  const char *params[8] = {
    kz_rubric_get_id (rubric), I64 (b_version, kz_rubric_get_version (rubric)),
    kz_rubric_get_title (rubric), kz_rubric_get_source (rubric), kz_rubric_get_checksum (rubric),
    I64 (b_sections, kz_rubric_get_sections (rubric)->len), I64 (b_criteria, kz_rubric_get_n_criteria (rubric)),
    I64 (b_now, g_get_real_time () / G_USEC_PER_SEC),
  };

  *added = FALSE;

  if (!kz_pg_store_begin (store, error))
    return FALSE;

  /* Insert-or-nothing, then compare: two clients importing at once agree. */
  r = kz_pg_store_exec (self, "INSERT INTO rubrics (id, version, title, source, checksum, n_sections, "
                              "n_criteria, imported_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) "
                              "ON CONFLICT (id, version) DO NOTHING RETURNING 1", 8, params, error);
  if (r == NULL)
    goto fail;

  if (PQntuples (r) == 1)
    {
      *added = TRUE;
      if (self->schema_version >= 17 && !fill_rubric_criteria (self, rubric, error))
        goto fail;
    }
  else
    {
      g_autoptr(PGresult) c = kz_pg_store_exec (self, "SELECT checksum FROM rubrics WHERE id = $1 "
                                                      "AND version = $2", 2, params, error);
      if (c == NULL)
        goto fail;
      if (PQntuples (c) != 1 || !g_str_equal (PQgetvalue (c, 0, 0), kz_rubric_get_checksum (rubric)))
        {
          g_set_error (error, KZ_ERROR, KZ_ERROR_EXISTS,
                       _("Rubric “%s” version %d is already in the database with different content; "
                         "give the changed rubric a higher version"),
                       kz_rubric_get_id (rubric), kz_rubric_get_version (rubric));
          goto fail;
        }
    }

  if (!kz_pg_store_commit (store, error))
    goto fail;
  return TRUE;

fail:
  *added = FALSE;
  kz_pg_store_rollback (store);
  return FALSE;
}

static KzRubric *
kz_pg_store_get_rubric (KzStore     *store,
                        const char  *id,
                        int          version,
                        GError     **error)
{
  KzPgStore *self = KZ_PG_STORE (store);
  g_autoptr(PGresult) r = NULL;
  g_autofree char *key = NULL;
  g_autofree char *name = NULL;
  char b_version[32];
  const char *params[2] = { id, I64 (b_version, version) };
  KzRubric *rubric;
  const char *source;

  /* The worker threads own the cache (under the store's lock): the change
   * listener on the main loop only marks it stale. */
  if (g_atomic_int_compare_and_exchange (&self->rubrics_stale, 1, 0))
    g_hash_table_remove_all (self->rubrics);
  if (version > 0)
    {
      key = g_strdup_printf ("%s\n%d", id, version);
      rubric = g_hash_table_lookup (self->rubrics, key);
      if (rubric != NULL)
        return kz_rubric_ref (rubric);
    }

  r = kz_pg_store_exec (self, "SELECT source, version FROM rubrics WHERE id = $1 "
                              "AND ($2::integer = 0 OR version = $2::integer) ORDER BY version DESC LIMIT 1",
                        2, params, error);
  if (r == NULL)
    return NULL;
  if (PQntuples (r) == 0)
    {
      if (version > 0)
        g_set_error (error, KZ_ERROR, KZ_ERROR_NOT_FOUND, _("There is no rubric “%s” version %d"), id, version);
      else
        g_set_error (error, KZ_ERROR, KZ_ERROR_NOT_FOUND, _("There is no rubric “%s”"), id);
      return NULL;
    }

  version = (int) get_i64 (r, 0, 1);
  g_clear_pointer (&key, g_free);
  key = g_strdup_printf ("%s\n%d", id, version);
  rubric = g_hash_table_lookup (self->rubrics, key);
  if (rubric != NULL)
    return kz_rubric_ref (rubric);

  source = PQgetvalue (r, 0, 0);
  name = g_strdup_printf ("%s (rubric %s version %d)", self->description, id, version);
  rubric = kz_rubric_load_data (source, strlen (source), name, error);
  if (rubric == NULL)
    return NULL;
  g_hash_table_insert (self->rubrics, g_steal_pointer (&key), kz_rubric_ref (rubric));
  return rubric;
}

static GPtrArray *
kz_pg_store_list_rubrics (KzStore  *store,
                          GError  **error)
{
  g_autoptr(PGresult) r = NULL;
  GPtrArray *list;

  r = kz_pg_store_exec (KZ_PG_STORE (store),
                        "SELECT r.id, r.version, r.title, r.n_sections, r.n_criteria, r.imported_at, "
                        "  (SELECT count(*) FROM evaluations e "
                        "   WHERE e.rubric_id = r.id AND e.rubric_version = r.version) "
                        "FROM rubrics r ORDER BY lower(r.title), r.id, r.version", 0, NULL, error);
  if (r == NULL)
    return NULL;

  list = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_rubric_info_free);
  for (int i = 0; i < PQntuples (r); i++)
    {
      KzRubricInfo *info = g_new0 (KzRubricInfo, 1);

      info->id = get_str (r, i, 0);
      info->version = (int) get_i64 (r, i, 1);
      info->title = get_str (r, i, 2);
      info->n_sections = (guint) get_i64 (r, i, 3);
      info->n_criteria = (guint) get_i64 (r, i, 4);
      info->imported_at = get_time (r, i, 5);
      info->n_evaluations = (guint) get_i64 (r, i, 6);
      g_ptr_array_add (list, info);
    }
  return list;
}

static gint64
kz_pg_store_add_interaction (KzStore              *store,
                             const KzInteraction  *it,
                             GError              **error)
{
  KzPgStore *self = KZ_PG_STORE (store);
  g_autoptr(GError) local_error = NULL;
  char b_agent[32], b_time[32];
  const char *params[5] = {
    kz_channel_to_string (it->channel), ID_OR_NULL (b_agent, it->agent_id),
    I64 (b_time, g_date_time_to_unix (it->started_at)), it->subject, it->external_ref,
  };
  gint64 id;

  id = insert_returning_id (self, "INSERT INTO interactions (channel, agent_id, started_at, subject, "
                                  "external_ref) VALUES ($1, $2, $3, $4, $5) RETURNING id",
                            5, params, &local_error);
  if (id == 0)
    {
      if (g_str_equal (self->sqlstate, SQLSTATE_UNIQUE_VIOLATION))
        g_set_error (error, KZ_ERROR, KZ_ERROR_EXISTS, _("The %s “%s” is already in the database"),
                     kz_channel_to_string (it->channel), it->external_ref);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
    }
  return id;
}

static KzInteraction *
interaction_from_row (PGresult *r,
                      int       i)
{
  KzInteraction *it = g_new0 (KzInteraction, 1);

  it->id = get_i64 (r, i, 0);
  kz_channel_from_string (PQgetvalue (r, i, 1), &it->channel);
  it->agent_id = get_i64 (r, i, 2);
  it->started_at = get_time (r, i, 3);
  it->subject = get_str (r, i, 4);
  it->external_ref = get_str (r, i, 5);
  return it;
}

static KzInteraction *
kz_pg_store_get_interaction (KzStore  *store,
                             gint64    id,
                             GError  **error)
{
  g_autoptr(PGresult) r = NULL;
  char b_id[32];
  const char *params[1] = { I64 (b_id, id) };

  r = kz_pg_store_exec (KZ_PG_STORE (store), "SELECT id, channel, agent_id, started_at, subject, "
                                             "external_ref FROM interactions WHERE id = $1",
                        1, params, error);
  if (r == NULL)
    return NULL;
  if (PQntuples (r) == 0)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_NOT_FOUND, _("There is no interaction with id %lld"), (long long) id);
      return NULL;
    }
  return interaction_from_row (r, 0);
}

static GPtrArray *
kz_pg_store_list_interactions (KzStore  *store,
                               GError  **error)
{
  g_autoptr(PGresult) r = NULL;
  GPtrArray *list;

  r = kz_pg_store_exec (KZ_PG_STORE (store), "SELECT id, channel, agent_id, started_at, subject, "
                                             "external_ref FROM interactions ORDER BY started_at DESC, id DESC",
                        0, NULL, error);
  if (r == NULL)
    return NULL;
  list = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_interaction_free);
  for (int i = 0; i < PQntuples (r); i++)
    g_ptr_array_add (list, interaction_from_row (r, i));
  return list;
}

static gint64
kz_pg_store_save_evaluation (KzStore       *store,
                             KzEvaluation  *ev,
                             GDateTime     *at,
                             GError       **error)
{
  KzPgStore *self = KZ_PG_STORE (store);
  g_autoptr(PGresult) r = NULL;
  g_autofree char *failed_by = ev->failed_by ? g_strjoinv (" ", ev->failed_by) : g_strdup ("");
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 created = ev->created_at ? g_date_time_to_unix (ev->created_at) : now;
  gint64 updated = at != NULL ? g_date_time_to_unix (at)
                 : (ev->id == 0 && ev->updated_at) ? g_date_time_to_unix (ev->updated_at) : now;
  char b_it[32], b_ver[32], b_rev[32], b_agent[32], b_created[32], b_updated[32], b_id[32], b_row[32], b_session[32];
  char b_raw[G_ASCII_DTOSTR_BUF_SIZE], b_final[G_ASCII_DTOSTR_BUF_SIZE], b_crit[G_ASCII_DTOSTR_BUF_SIZE];
  const char *params[18] = {
    ID_OR_NULL (b_it, ev->interaction_id), ev->rubric_id, I64 (b_ver, ev->rubric_version),
    I64 (b_rev, ev->reviewer_id), I64 (b_agent, ev->agent_id), kz_evaluation_state_to_string (ev->state),
    I64 (b_created, created), I64 (b_updated, updated),
    ev->has_score ? dbl (b_raw, ev->raw) : NULL, ev->has_score ? dbl (b_final, ev->final) : NULL,
    ev->has_score ? (ev->pass ? "true" : "false") : NULL,
    ev->auto_failed ? "true" : "false", *failed_by ? failed_by : NULL,
    ev->has_critical ? dbl (b_crit, ev->critical) : NULL,
    I64 (b_id, ev->id), I64 (b_row, ev->row_version),
    ev->is_calibration ? "true" : "false", ID_OR_NULL (b_session, ev->calibration_session_id),
  };
  GHashTableIter iter;
  KzAnswer *a;
  gint64 id = ev->id;

  if (!kz_pg_store_begin (store, error))
    return 0;

  if (id == 0)
    {
      const char *insert_params[16];

      memcpy (insert_params, params, 14 * sizeof (char *));
      insert_params[14] = params[16];
      insert_params[15] = params[17];
      r = kz_pg_store_exec (self, "INSERT INTO evaluations (interaction_id, rubric_id, rubric_version, "
                                  "reviewer_id, agent_id, state, created_at, updated_at, raw, final, pass, "
                                  "auto_failed, failed_by, critical, is_calibration, calibration_session_id) "
                                  "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) "
                                  "RETURNING id", 16, insert_params, error);
    }
  else
    /* created_at ($7) is the first save's and is not written (the test on
     * it only gives the parameter a type); the row version must be the one
     * the caller read. */
    r = kz_pg_store_exec (self, "UPDATE evaluations SET interaction_id = $1, rubric_id = $2, "
                                "rubric_version = $3, reviewer_id = $4, agent_id = $5, state = $6, "
                                "updated_at = $8, raw = $9, final = $10, pass = $11, auto_failed = $12, "
                                "failed_by = $13, critical = $14, row_version = row_version + 1 "
                                "WHERE id = $15 AND row_version = $16 AND $7::bigint IS NOT NULL RETURNING id",
                          16, params, error);
  if (r == NULL)
    goto fail;

  if (PQntuples (r) == 0)
    {
      g_autoptr(PGresult) c = kz_pg_store_exec (self, "SELECT row_version FROM evaluations WHERE id = $1",
                                                1, params + 14, error);
      if (c == NULL)
        goto fail;
      if (PQntuples (c) == 0)
        g_set_error (error, KZ_ERROR, KZ_ERROR_NOT_FOUND,
                     _("There is no evaluation with id %lld"), (long long) id);
      else if (get_i64 (c, 0, 0) == ev->row_version)
        /* Visible, unchanged, and still not updated: row-level security
         * let this login read it but not write it. */
        g_set_error (error, KZ_ERROR, KZ_ERROR_PERMISSION,
                     _("The team server does not let you change this evaluation: only its "
                       "reviewer or an administrator may"));
      else
        g_set_error (error, KZ_ERROR, KZ_ERROR_CONFLICT,
                     _("Someone else saved this evaluation after you opened it; nothing was "
                       "overwritten. Your answers are still here: reload to see theirs."));
      goto fail;
    }
  id = get_i64 (r, 0, 0);

  {
    const char *p[1] = { I64 (b_id, id) };
    if (!exec_ok (self, "DELETE FROM answers WHERE evaluation_id = $1", 1, p, error))
      goto fail;
  }

  g_hash_table_iter_init (&iter, ev->answers);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &a))
    {
      char b_value[G_ASCII_DTOSTR_BUF_SIZE], b_at[32];
      const char *p[6];

      if (a->kind == KZ_ANSWER_UNANSWERED)
        continue;
      p[0] = I64 (b_id, id);
      p[1] = a->criterion_id;
      p[2] = a->kind == KZ_ANSWER_NA ? "na" : "value";
      p[3] = a->kind == KZ_ANSWER_VALUE ? dbl (b_value, a->value) : NULL;
      p[4] = a->comment;
      p[5] = a->comment_at_ms >= 0 ? I64 (b_at, a->comment_at_ms) : NULL;
      if (!exec_ok (self, "INSERT INTO answers (evaluation_id, criterion_id, kind, value, comment, "
                          "comment_at_ms) VALUES ($1, $2, $3, $4, $5, $6)", 6, p, error))
        goto fail;
    }

  if (!kz_pg_store_commit (store, error))
    goto fail;
  ev->row_version = ev->id == 0 ? 1 : ev->row_version + 1;
  return id;

fail:
  kz_pg_store_rollback (store);
  return 0;
}

static KzAnswerSet *
load_answers (KzPgStore  *self,
              gint64      evaluation_id,
              GError    **error)
{
  g_autoptr(PGresult) r = NULL;
  char b_id[32];
  const char *params[1] = { I64 (b_id, evaluation_id) };
  KzAnswerSet *set;

  /* Schema 2's data step reads answers before schema 9 added the time. */
  r = kz_pg_store_exec (self, self->schema_version >= 9
                              ? "SELECT criterion_id, kind, value, comment, comment_at_ms FROM answers "
                                "WHERE evaluation_id = $1"
                              : "SELECT criterion_id, kind, value, comment, NULL FROM answers "
                                "WHERE evaluation_id = $1", 1, params, error);
  if (r == NULL)
    return NULL;
  set = kz_answer_set_new ();
  for (int i = 0; i < PQntuples (r); i++)
    {
      KzAnswer *a = kz_answer_new (PQgetvalue (r, i, 0),
                                   g_str_equal (PQgetvalue (r, i, 1), "na") ? KZ_ANSWER_NA : KZ_ANSWER_VALUE,
                                   get_dbl (r, i, 2), PQgetisnull (r, i, 3) ? NULL : PQgetvalue (r, i, 3));

      if (!PQgetisnull (r, i, 4))
        a->comment_at_ms = (gint) get_i64 (r, i, 4);
      kz_answer_set_put (set, a);
    }
  return set;
}

static KzEvaluation *
kz_pg_store_get_evaluation (KzStore  *store,
                            gint64    id,
                            GError  **error)
{
  KzPgStore *self = KZ_PG_STORE (store);
  g_autoptr(PGresult) r = NULL;
  g_autoptr(KzEvaluation) ev = NULL;
  char b_id[32];
  const char *params[1] = { I64 (b_id, id) };

  r = kz_pg_store_exec (self, "SELECT id, interaction_id, rubric_id, rubric_version, reviewer_id, "
                              "agent_id, state, created_at, updated_at, raw, final, pass, auto_failed, "
                              "failed_by, critical, row_version, is_calibration, calibration_session_id, revision, "
                              "submitted_at FROM evaluations WHERE id = $1",
                        1, params, error);
  if (r == NULL)
    return NULL;
  if (PQntuples (r) == 0)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_NOT_FOUND, _("There is no evaluation with id %lld"), (long long) id);
      return NULL;
    }

  ev = kz_evaluation_new ();
  ev->id = get_i64 (r, 0, 0);
  ev->interaction_id = get_i64 (r, 0, 1);
  ev->rubric_id = get_str (r, 0, 2);
  ev->rubric_version = (int) get_i64 (r, 0, 3);
  ev->reviewer_id = get_i64 (r, 0, 4);
  ev->agent_id = get_i64 (r, 0, 5);
  ev->state = g_str_equal (PQgetvalue (r, 0, 6), "submitted") ? KZ_EVALUATION_SUBMITTED : KZ_EVALUATION_DRAFT;
  ev->created_at = get_time (r, 0, 7);
  ev->updated_at = get_time (r, 0, 8);
  ev->has_score = !PQgetisnull (r, 0, 10);
  ev->raw = get_dbl (r, 0, 9);
  ev->final = get_dbl (r, 0, 10);
  ev->pass = get_bool (r, 0, 11);
  ev->auto_failed = get_bool (r, 0, 12);
  ev->failed_by = PQgetisnull (r, 0, 13) ? g_new0 (char *, 1) : g_strsplit (PQgetvalue (r, 0, 13), " ", -1);
  ev->has_critical = !PQgetisnull (r, 0, 14);
  ev->critical = get_dbl (r, 0, 14);
  ev->row_version = (int) get_i64 (r, 0, 15);
  ev->is_calibration = get_bool (r, 0, 16);
  ev->calibration_session_id = get_i64 (r, 0, 17);
  ev->revision = (int) get_i64 (r, 0, 18);
  ev->submitted_at = PQgetisnull (r, 0, 19) ? NULL : get_time (r, 0, 19);

  g_clear_pointer (&ev->answers, g_hash_table_unref);
  ev->answers = load_answers (self, id, error);
  if (ev->answers == NULL)
    return NULL;
  return g_steal_pointer (&ev);
}

/* The columns of an evaluation's summary (summary_from_row() reads them). */
#define SUMMARY_SELECT \
  "SELECT e.id, e.created_at, a.name, r.name, e.rubric_id, e.rubric_version, " \
  "  ru.title, e.state, e.final, e.pass, i.channel, i.subject, e.agent_id, e.reviewer_id, " \
  "  e.interaction_id, e.is_calibration, e.revision, " \
  "  (SELECT max (k.revision) FROM acknowledgements k WHERE k.evaluation_id = e.id), " \
  "  (SELECT max (k.at) FROM acknowledgements k WHERE k.evaluation_id = e.id), " \
  "  (SELECT count(*) FROM disputes d WHERE d.evaluation_id = e.id), " \
  "  EXISTS (SELECT 1 FROM disputes d WHERE d.evaluation_id = e.id AND d.state = 'open') " \
  "FROM evaluations e " \
  "JOIN people a ON a.id = e.agent_id " \
  "JOIN people r ON r.id = e.reviewer_id " \
  "JOIN rubrics ru ON ru.id = e.rubric_id AND ru.version = e.rubric_version " \
  "LEFT JOIN interactions i ON i.id = e.interaction_id "

static KzEvaluationSummary *
summary_from_row (PGresult *r,
                  int       i)
{
  KzEvaluationSummary *s = g_new0 (KzEvaluationSummary, 1);

  s->id = get_i64 (r, i, 0);
  s->date = get_time (r, i, 1);
  s->agent_name = get_str (r, i, 2);
  s->reviewer_name = get_str (r, i, 3);
  s->rubric_id = get_str (r, i, 4);
  s->rubric_version = (int) get_i64 (r, i, 5);
  s->rubric_title = get_str (r, i, 6);
  s->state = g_str_equal (PQgetvalue (r, i, 7), "submitted") ? KZ_EVALUATION_SUBMITTED : KZ_EVALUATION_DRAFT;
  s->has_score = !PQgetisnull (r, i, 8);
  s->final = get_dbl (r, i, 8);
  s->pass = get_bool (r, i, 9);
  if (!PQgetisnull (r, i, 10))
    kz_channel_from_string (PQgetvalue (r, i, 10), &s->channel);
  s->subject = get_str (r, i, 11);
  s->agent_id = get_i64 (r, i, 12);
  s->reviewer_id = get_i64 (r, i, 13);
  s->interaction_id = get_i64 (r, i, 14);
  s->is_calibration = get_bool (r, i, 15);
  s->revision = (int) get_i64 (r, i, 16);
  s->acknowledged_revision = (int) get_i64 (r, i, 17);
  s->acknowledged_at = PQgetisnull (r, i, 18) ? NULL : get_time (r, i, 18);
  s->n_disputes = (guint) get_i64 (r, i, 19);
  s->dispute_open = get_bool (r, i, 20);
  return s;
}

static GPtrArray *
kz_pg_store_list_evaluations (KzStore                   *store,
                              const KzEvaluationFilter  *filter,
                              GError                   **error)
{
  g_autoptr(PGresult) r = NULL;
  char b_agent[32], b_rev[32], b_it[32], b_session[32], b_from[32], b_to[32], b_limit[32];
  const char *params[9] = {
    I64 (b_agent, filter->agent_id), I64 (b_rev, filter->reviewer_id), filter->rubric_id,
    filter->submitted_only ? "true" : "false", I64 (b_it, filter->interaction_id),
    I64 (b_session, filter->calibration_session_id),
    filter->from ? I64 (b_from, g_date_time_to_unix (filter->from)) : NULL,
    filter->to ? I64 (b_to, g_date_time_to_unix (filter->to)) : NULL,
    /* LIMIT NULL is none. */
    filter->limit > 0 ? I64 (b_limit, (gint64) filter->limit) : NULL,
  };
  GPtrArray *list;

  r = kz_pg_store_exec (KZ_PG_STORE (store),
                        SUMMARY_SELECT
                        "WHERE ($1::bigint = 0 OR e.agent_id = $1::bigint) "
                        "  AND ($2::bigint = 0 OR e.reviewer_id = $2::bigint) "
                        "  AND ($3::text IS NULL OR e.rubric_id = $3::text) "
                        "  AND (NOT $4::boolean OR e.state = 'submitted') "
                        "  AND ($5::bigint = 0 OR e.interaction_id = $5::bigint) "
                        "  AND (($6::bigint = 0 AND NOT e.is_calibration) "
                        "       OR ($6::bigint <> 0 AND e.calibration_session_id = $6::bigint)) "
                        "  AND ($7::bigint IS NULL OR e.created_at >= $7::bigint) "
                        "  AND ($8::bigint IS NULL OR e.created_at < $8::bigint) "
                        "ORDER BY e.created_at DESC, e.id DESC LIMIT $9::bigint", 9, params, error);
  if (r == NULL)
    return NULL;

  list = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_evaluation_summary_free);
  for (int i = 0; i < PQntuples (r); i++)
    g_ptr_array_add (list, summary_from_row (r, i));
  return list;
}

static gint64
kz_pg_store_find_message_interaction (KzStore     *store,
                                      const char  *message_id,
                                      GError     **error)
{
  const char *params[1] = { message_id };
  g_autoptr(PGresult) r = kz_pg_store_exec (KZ_PG_STORE (store),
                                            "SELECT interaction_id FROM messages WHERE message_id = $1",
                                            1, params, error);

  if (r == NULL)
    return -1;
  return PQntuples (r) > 0 ? get_i64 (r, 0, 0) : 0;
}

/* One message row; its id goes to *@id for the attachments. */
static gboolean
insert_message (KzPgStore             *self,
                gint64                 interaction_id,
                const KzEmailMessage  *m,
                gint64                *id,
                GError               **error)
{
  g_autoptr(PGresult) r = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *refs = m->references ? g_strjoinv (" ", m->references) : NULL;
  char b_it[32], b_sent[32];
  const char *params[11] = {
    I64 (b_it, interaction_id), m->message_id, m->in_reply_to, refs && *refs ? refs : NULL, m->from,
    m->from_address, m->to, m->cc, m->date ? I64 (b_sent, g_date_time_to_unix (m->date)) : NULL,
    m->subject, m->body ? m->body : "",
  };

  r = kz_pg_store_exec (self, "INSERT INTO messages (interaction_id, message_id, in_reply_to, refs, sender, "
                              "sender_address, recipients, cc, sent_at, subject, body) "
                              "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
                        11, params, &local_error);
  if (r == NULL)
    {
      if (g_str_equal (self->sqlstate, SQLSTATE_UNIQUE_VIOLATION))
        g_set_error (error, KZ_ERROR, KZ_ERROR_EXISTS, _("The message <%s> is already in the database"),
                     m->message_id);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  *id = get_i64 (r, 0, 0);
  return TRUE;
}

/* A row a message, then every attachment of the thread in one statement. */
static gboolean
kz_pg_store_add_messages (KzStore                 *store,
                          gint64                   interaction_id,
                          KzEmailMessage * const  *messages,
                          guint                    n_messages,
                          GError                 **error)
{
  KzPgStore *self = KZ_PG_STORE (store);
  g_autoptr(GString) message_ids = array_new ();
  g_autoptr(GString) positions = array_new ();
  g_autoptr(GString) filenames = array_new ();
  g_autoptr(GString) types = array_new ();
  g_autoptr(GString) sizes = array_new ();
  guint n_attachments = 0;

  if (!kz_pg_store_begin (store, error))
    return FALSE;
  for (guint i = 0; i < n_messages; i++)
    {
      const KzEmailMessage *m = messages[i];
      gint64 id = 0;

      if (!insert_message (self, interaction_id, m, &id, error))
        goto fail;
      for (guint k = 0; m->attachments != NULL && k < m->attachments->len; k++)
        {
          KzAttachment *a = g_ptr_array_index (m->attachments, k);

          array_add_i64 (message_ids, id);
          array_add_i64 (positions, k);
          array_add (filenames, a->filename);
          array_add (types, a->mime_type);
          array_add_i64 (sizes, a->size);
          n_attachments++;
        }
    }
  if (n_attachments > 0)
    {
      const char *params[5] = {
        array_end (message_ids), array_end (positions), array_end (filenames), array_end (types),
        array_end (sizes),
      };

      if (!exec_ok (self, "INSERT INTO attachments (message_id, position, filename, mime_type, size) "
                          "SELECT * FROM unnest ($1::bigint[], $2::integer[], $3::text[], $4::text[], "
                          "$5::bigint[])", 5, params, error))
        goto fail;
    }
  if (!kz_pg_store_commit (store, error))
    goto fail;
  return TRUE;

fail:
  kz_pg_store_rollback (store);
  return FALSE;
}

static GPtrArray *
kz_pg_store_list_messages (KzStore  *store,
                           gint64    interaction_id,
                           GError  **error)
{
  KzPgStore *self = KZ_PG_STORE (store);
  g_autoptr(PGresult) r = NULL;
  g_autoptr(PGresult) att = NULL;
  char b_it[32];
  const char *params[1] = { I64 (b_it, interaction_id) };
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *list;

  r = kz_pg_store_exec (self, "SELECT id, message_id, in_reply_to, refs, sender, sender_address, recipients, "
                              "cc, sent_at, subject, body FROM messages WHERE interaction_id = $1 "
                              "ORDER BY sent_at IS NULL, sent_at, id", 1, params, error);
  if (r == NULL)
    return NULL;
  att = kz_pg_store_exec (self, "SELECT a.message_id, a.filename, a.mime_type, a.size FROM attachments a "
                                "JOIN messages m ON m.id = a.message_id WHERE m.interaction_id = $1 "
                                "ORDER BY a.message_id, a.position", 1, params, error);
  if (att == NULL)
    return NULL;

  list = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_email_message_free);
  for (int i = 0; i < PQntuples (r); i++)
    {
      KzEmailMessage *m = g_new0 (KzEmailMessage, 1);

      m->message_id = get_str (r, i, 1);
      m->in_reply_to = get_str (r, i, 2);
      m->references = PQgetisnull (r, i, 3) ? g_new0 (char *, 1) : g_strsplit (PQgetvalue (r, i, 3), " ", -1);
      m->from = get_str (r, i, 4);
      m->from_address = get_str (r, i, 5);
      m->to = get_str (r, i, 6);
      m->cc = get_str (r, i, 7);
      m->date = PQgetisnull (r, i, 8) ? NULL : get_time (r, i, 8);
      m->subject = get_str (r, i, 9);
      m->body = get_str (r, i, 10);
      m->attachments = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_attachment_free);
      g_hash_table_insert (by_id, PQgetvalue (r, i, 0), m);
      g_ptr_array_add (list, m);
    }
  for (int i = 0; i < PQntuples (att); i++)
    {
      KzEmailMessage *m = g_hash_table_lookup (by_id, PQgetvalue (att, i, 0));
      KzAttachment *a = g_new0 (KzAttachment, 1);

      a->filename = get_str (att, i, 1);
      a->mime_type = get_str (att, i, 2);
      a->size = get_i64 (att, i, 3);
      g_ptr_array_add (m->attachments, a);
    }
  return list;
}

/* The call's row, then its whole transcript in one statement. */
static gboolean
kz_pg_store_add_call (KzStore       *store,
                      const KzCall  *call,
                      GError       **error)
{
  KzPgStore *self = KZ_PG_STORE (store);
  g_autoptr(GString) starts = array_new ();
  g_autoptr(GString) ends = array_new ();
  g_autoptr(GString) speakers = array_new ();
  g_autoptr(GString) texts = array_new ();
  char b_it[32], b_dur[32];
  const char *params[6] = {
    I64 (b_it, call->interaction_id), I64 (b_dur, call->duration_s),
    call->direction == KZ_DIRECTION_INBOUND ? "inbound" : "outbound", call->customer_ref,
    call->audio_path, call->audio_type,
  };

  if (!kz_pg_store_begin (store, error))
    return FALSE;
  if (!exec_ok (self, "INSERT INTO calls (interaction_id, duration_s, direction, customer_ref, audio_path, "
                      "audio_type) VALUES ($1, $2, $3, $4, $5, $6)", 6, params, error))
    goto fail;
  if (call->transcript != NULL && call->transcript->len > 0)
    {
      const char *p[5];

      for (guint i = 0; i < call->transcript->len; i++)
        {
          KzTranscriptSegment *seg = g_ptr_array_index (call->transcript, i);

          array_add_i64 (starts, seg->start_ms);
          array_add_i64 (ends, seg->end_ms);
          array_add (speakers, seg->speaker);
          array_add (texts, seg->text);
        }
      p[0] = b_it;
      p[1] = array_end (starts);
      p[2] = array_end (ends);
      p[3] = array_end (speakers);
      p[4] = array_end (texts);
      /* Positions count from 0, in the transcript's order. */
      if (!exec_ok (self, "INSERT INTO transcript_segments (interaction_id, position, start_ms, end_ms, "
                          "speaker, text) SELECT $1::bigint, s.n - 1, s.start_ms, s.end_ms, s.speaker, s.text "
                          "FROM unnest ($2::integer[], $3::integer[], $4::text[], $5::text[]) "
                          "WITH ORDINALITY AS s (start_ms, end_ms, speaker, text, n)", 5, p, error))
        goto fail;
    }
  if (!kz_pg_store_commit (store, error))
    goto fail;
  return TRUE;

fail:
  kz_pg_store_rollback (store);
  return FALSE;
}

static KzCall *
kz_pg_store_get_call (KzStore  *store,
                      gint64    interaction_id,
                      GError  **error)
{
  KzPgStore *self = KZ_PG_STORE (store);
  g_autoptr(PGresult) r = NULL;
  g_autoptr(PGresult) segs = NULL;
  char b_it[32];
  const char *params[1] = { I64 (b_it, interaction_id) };
  KzCall *call;

  r = kz_pg_store_exec (self, "SELECT duration_s, direction, customer_ref, audio_path, audio_type FROM calls "
                              "WHERE interaction_id = $1", 1, params, error);
  if (r == NULL)
    return NULL;
  if (PQntuples (r) == 0)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_NOT_FOUND, _("Interaction %lld is not a call"),
                   (long long) interaction_id);
      return NULL;
    }
  segs = kz_pg_store_exec (self, "SELECT start_ms, end_ms, speaker, text FROM transcript_segments "
                                 "WHERE interaction_id = $1 ORDER BY position", 1, params, error);
  if (segs == NULL)
    return NULL;

  call = g_new0 (KzCall, 1);
  call->interaction_id = interaction_id;
  call->duration_s = (int) get_i64 (r, 0, 0);
  call->direction = g_str_equal (PQgetvalue (r, 0, 1), "inbound") ? KZ_DIRECTION_INBOUND : KZ_DIRECTION_OUTBOUND;
  call->customer_ref = get_str (r, 0, 2);
  call->audio_path = get_str (r, 0, 3);
  call->audio_type = get_str (r, 0, 4);
  call->transcript = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_transcript_segment_free);
  for (int i = 0; i < PQntuples (segs); i++)
    {
      KzTranscriptSegment *seg = g_new0 (KzTranscriptSegment, 1);

      seg->start_ms = (int) get_i64 (segs, i, 0);
      seg->end_ms = (int) get_i64 (segs, i, 1);
      seg->speaker = get_str (segs, i, 2);
      seg->text = get_str (segs, i, 3);
      g_ptr_array_add (call->transcript, seg);
    }
  return call;
}

/* As in the single file: fixed fragments, every value bound ($1–$6, then
 * one a word: a whole word, the last also a prefix). */
static char *
interaction_where (const KzInteractionQuery *q,
                   GStrv                     words)
{
  g_autoptr(GString) sql = g_string_new (
    "FROM interactions i LEFT JOIN people p ON p.id = i.agent_id "
    "WHERE ($1::text IS NULL OR i.channel = $1::text) AND ($2::bigint = 0 OR i.agent_id = $2::bigint) "
    "  AND ($3::bigint = 0 OR p.team_id = $3::bigint) "
    "  AND ($4::bigint IS NULL OR i.started_at >= $4::bigint) AND ($5::bigint IS NULL OR i.started_at < $5::bigint) "
    "  AND ($6::integer = 0 OR ($6::integer = 1) = EXISTS (SELECT 1 FROM evaluations e "
    "                                                        WHERE e.interaction_id = i.id "
    "                                                          AND e.state = 'submitted' "
    "                                                          AND NOT e.is_calibration)) "
    "  AND ($7::bigint = 0 OR EXISTS (SELECT 1 FROM assignments a WHERE a.interaction_id = i.id "
    "                                 AND a.reviewer_id = $7::bigint)) "
    "  AND (NOT $8::boolean OR NOT EXISTS (SELECT 1 FROM assignments a WHERE a.interaction_id = i.id)) ");
  static const char * const word_params[] = { "$9", "$10", "$11", "$12", "$13", "$14", "$15", "$16" };

  for (guint i = 0; words[i] != NULL && i < G_N_ELEMENTS (word_params); i++)
    {
      g_string_append (sql, " AND i.id IN (SELECT interaction_id FROM search_text WHERE doc @@ ");
      if (words[i + 1] == NULL)
        {
          g_string_append (sql, "(plainto_tsquery ('simple', ");
          g_string_append (sql, word_params[i]);
          g_string_append (sql, ")::text || ':*')::tsquery) ");
        }
      else
        {
          g_string_append (sql, "plainto_tsquery ('simple', ");
          g_string_append (sql, word_params[i]);
          g_string_append (sql, ")) ");
        }
    }
  /* A row value, so the (started_at, id) index seeks to the cursor; its
   * parameters follow the words'. */
  if (q->cursor_id > 0)
    {
      guint n_words = 0;

      while (words[n_words] != NULL && n_words < G_N_ELEMENTS (word_params))
        n_words++;
      g_string_append_printf (sql, " AND (i.started_at, i.id) < ($%u::bigint, $%u::bigint) ",
                              9 + n_words, 10 + n_words);
    }
  return g_string_free (g_steal_pointer (&sql), FALSE);
}

static int
interaction_params (const KzInteractionQuery *q,
                    GStrv                     words,
                    char                      bufs[][32],
                    const char              **params)
{
  int n = 8;

  params[0] = q->any_channel ? NULL : kz_channel_to_string (q->channel);
  params[1] = I64 (bufs[1], q->agent_id);
  params[2] = I64 (bufs[2], q->team_id);
  params[3] = q->from ? I64 (bufs[3], g_date_time_to_unix (q->from)) : NULL;
  params[4] = q->to ? I64 (bufs[4], g_date_time_to_unix (q->to)) : NULL;
  params[5] = q->reviewed == KZ_REVIEWED_ANY ? "0" : q->reviewed == KZ_REVIEWED_YES ? "1" : "2";
  params[6] = I64 (bufs[5], q->assigned_to);
  params[7] = q->unassigned_only ? "true" : "false";
  for (guint i = 0; words[i] != NULL && i < 8; i++)
    params[n++] = words[i];
  if (q->cursor_id > 0)
    {
      params[n++] = I64 (bufs[8], q->cursor_started_at);
      params[n++] = I64 (bufs[9], q->cursor_id);
    }
  return n;
}

static GPtrArray *
kz_pg_store_search_interactions (KzStore                   *store,
                                 const KzInteractionQuery  *q,
                                 guint                      offset,
                                 guint                      limit,
                                 GError                   **error)
{
  g_auto(GStrv) words = kz_search_words (q->text);
  g_autofree char *where = interaction_where (q, words);
  g_autofree char *sql = NULL;
  g_autoptr(PGresult) r = NULL;
  char bufs[12][32];
  const char *params[24];
  int n = interaction_params (q, words, bufs, params);
  g_autofree char *limit_param = g_strdup_printf ("$%d", n + 1);
  g_autofree char *offset_param = g_strdup_printf ("$%d", n + 2);
  GPtrArray *list;

  params[n] = I64 (bufs[6], limit);
  params[n + 1] = I64 (bufs[7], offset);
  sql = g_strconcat ("SELECT i.id, i.channel, i.started_at, i.agent_id, p.name, i.subject, "
                     "(SELECT count(*) FROM evaluations e WHERE e.interaction_id = i.id AND NOT e.is_calibration), "
                     "(SELECT count(*) FROM evaluations e WHERE e.interaction_id = i.id AND e.state = 'submitted' "
                     " AND NOT e.is_calibration) ",
                     where, " ORDER BY i.started_at DESC, i.id DESC LIMIT ", limit_param,
                     "::bigint OFFSET ", offset_param, "::bigint", NULL);
  r = kz_pg_store_exec (KZ_PG_STORE (store), sql, n + 2, params, error);
  if (r == NULL)
    return NULL;

  list = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_interaction_summary_free);
  for (int i = 0; i < PQntuples (r); i++)
    {
      KzInteractionSummary *s = g_new0 (KzInteractionSummary, 1);

      s->id = get_i64 (r, i, 0);
      kz_channel_from_string (PQgetvalue (r, i, 1), &s->channel);
      s->started_at = get_time (r, i, 2);
      s->agent_id = get_i64 (r, i, 3);
      s->agent_name = get_str (r, i, 4);
      s->subject = get_str (r, i, 5);
      s->n_evaluations = (guint) get_i64 (r, i, 6);
      s->n_submitted = (guint) get_i64 (r, i, 7);
      g_ptr_array_add (list, s);
    }
  return list;
}

static gint64
kz_pg_store_count_interactions (KzStore                   *store,
                                const KzInteractionQuery  *q,
                                GError                   **error)
{
  g_auto(GStrv) words = kz_search_words (q->text);
  g_autofree char *where = interaction_where (q, words);
  g_autofree char *sql = g_strconcat ("SELECT count(*) ", where, NULL);
  g_autoptr(PGresult) r = NULL;
  char bufs[12][32];
  const char *params[24];
  int n = interaction_params (q, words, bufs, params);

  r = kz_pg_store_exec (KZ_PG_STORE (store), sql, n, params, error);
  return r != NULL ? get_i64 (r, 0, 0) : -1;
}

static gboolean
kz_pg_store_assign (KzStore  *store,
                    gint64    interaction_id,
                    gint64    reviewer_id,
                    GError  **error)
{
  char b_it[32], b_rev[32];
  const char *params[2] = { I64 (b_it, interaction_id), I64 (b_rev, reviewer_id) };

  return exec_ok (KZ_PG_STORE (store), "INSERT INTO assignments (interaction_id, reviewer_id) VALUES ($1, $2) "
                                       "ON CONFLICT DO NOTHING", 2, params, error);
}

static GPtrArray *
kz_pg_store_coverage (KzStore    *store,
                      GDateTime  *from,
                      GDateTime  *to,
                      GError    **error)
{
  g_autoptr(PGresult) r = NULL;
  char b_from[32], b_to[32];
  const char *params[2] = { I64 (b_from, g_date_time_to_unix (from)), I64 (b_to, g_date_time_to_unix (to)) };
  GPtrArray *list;

  r = kz_pg_store_exec (KZ_PG_STORE (store),
                        "SELECT p.id, p.name, count(*), "
                        "  count(*) FILTER (WHERE EXISTS (SELECT 1 FROM assignments a WHERE a.interaction_id = i.id)), "
                        "  count(*) FILTER (WHERE EXISTS (SELECT 1 FROM evaluations e WHERE e.interaction_id = i.id "
                        "                                 AND e.state = 'submitted' AND NOT e.is_calibration)) "
                        "FROM interactions i JOIN people p ON p.id = i.agent_id "
                        "WHERE i.started_at >= $1 AND i.started_at < $2 "
                        "GROUP BY p.id, p.name ORDER BY p.name, p.id", 2, params, error);
  if (r == NULL)
    return NULL;
  list = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_coverage_free);
  for (int i = 0; i < PQntuples (r); i++)
    {
      KzCoverage *c = g_new0 (KzCoverage, 1);

      c->agent_id = get_i64 (r, i, 0);
      c->agent_name = get_str (r, i, 1);
      c->n_interactions = (guint) get_i64 (r, i, 2);
      c->n_sampled = (guint) get_i64 (r, i, 3);
      c->n_reviewed = (guint) get_i64 (r, i, 4);
      g_ptr_array_add (list, c);
    }
  return list;
}

static GPtrArray *
kz_pg_store_answer_tallies (KzStore     *store,
                            const char  *rubric_id,
                            GDateTime   *from,
                            GDateTime   *to,
                            GError     **error)
{
  g_autoptr(PGresult) r = NULL;
  char b_from[32], b_to[32];
  const char *params[3] = {
    rubric_id,
    from != NULL ? I64 (b_from, g_date_time_to_unix (from)) : NULL,
    to != NULL ? I64 (b_to, g_date_time_to_unix (to)) : NULL,
  };
  GPtrArray *list;

  /* As the SQLite store: the latest revision's answers. */
  r = kz_pg_store_exec (KZ_PG_STORE (store),
                        "SELECT e.agent_id, coalesce (p.team_id, 0), r.rubric_version, a.criterion_id, "
                        "  a.kind = 'na', CASE WHEN a.kind = 'na' THEN 0 ELSE a.value END, count(*) "
                        "FROM evaluations e "
                        "JOIN evaluation_revisions r ON r.evaluation_id = e.id AND r.revision = e.revision "
                        "JOIN revision_answers a ON a.evaluation_id = e.id AND a.revision = e.revision "
                        "JOIN people p ON p.id = e.agent_id "
                        "WHERE e.rubric_id = $1 AND e.state = 'submitted' AND NOT e.is_calibration "
                        "  AND ($2::bigint IS NULL OR e.created_at >= $2::bigint) "
                        "  AND ($3::bigint IS NULL OR e.created_at < $3::bigint) "
                        "  AND (a.kind = 'na' OR a.value IS NOT NULL) "
                        "GROUP BY 1, 2, 3, 4, 5, 6", 3, params, error);
  if (r == NULL)
    return NULL;
  list = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_answer_tally_free);
  for (int i = 0; i < PQntuples (r); i++)
    {
      KzAnswerTally *t = g_new0 (KzAnswerTally, 1);

      t->agent_id = get_i64 (r, i, 0);
      t->team_id = get_i64 (r, i, 1);
      t->rubric_version = (int) get_i64 (r, i, 2);
      t->criterion_id = get_str (r, i, 3);
      t->is_na = get_bool (r, i, 4);
      t->value = get_dbl (r, i, 5);
      t->count = (guint) get_i64 (r, i, 6);
      g_ptr_array_add (list, t);
    }
  return list;
}

static GArray *
kz_pg_store_criterion_answers (KzStore     *store,
                               const char  *rubric_id,
                               const char  *criterion_id,
                               GDateTime   *from,
                               GDateTime   *to,
                               GError     **error)
{
  g_autoptr(PGresult) r = NULL;
  char b_from[32], b_to[32];
  const char *params[4] = {
    rubric_id,
    criterion_id,
    from != NULL ? I64 (b_from, g_date_time_to_unix (from)) : NULL,
    to != NULL ? I64 (b_to, g_date_time_to_unix (to)) : NULL,
  };
  GArray *list;

  r = kz_pg_store_exec (KZ_PG_STORE (store),
                        "SELECT e.id, e.agent_id, e.created_at, r.rubric_version, a.kind = 'na', "
                        "  coalesce (a.value, 0) "
                        "FROM evaluations e "
                        "JOIN evaluation_revisions r ON r.evaluation_id = e.id AND r.revision = e.revision "
                        "JOIN revision_answers a ON a.evaluation_id = e.id AND a.revision = e.revision "
                        "WHERE e.rubric_id = $1 AND a.criterion_id = $2 AND e.state = 'submitted' "
                        "  AND NOT e.is_calibration "
                        "  AND ($3::bigint IS NULL OR e.created_at >= $3::bigint) "
                        "  AND ($4::bigint IS NULL OR e.created_at < $4::bigint) "
                        "  AND (a.kind = 'na' OR a.value IS NOT NULL) "
                        "ORDER BY e.created_at, e.id", 4, params, error);
  if (r == NULL)
    return NULL;
  list = g_array_new (FALSE, TRUE, sizeof (KzCriterionAnswer));
  for (int i = 0; i < PQntuples (r); i++)
    {
      KzCriterionAnswer a = {
        .evaluation_id = get_i64 (r, i, 0),
        .agent_id = get_i64 (r, i, 1),
        .created_at = get_i64 (r, i, 2),
        .rubric_version = (int) get_i64 (r, i, 3),
        .is_na = get_bool (r, i, 4),
        .value = get_dbl (r, i, 5),
      };

      g_array_append_val (list, a);
    }
  return list;
}

static GPtrArray *
kz_pg_store_rated_answers (KzStore     *store,
                           const char  *rubric_id,
                           GDateTime   *from,
                           GDateTime   *to,
                           GError     **error)
{
  g_autoptr(PGresult) r = NULL;
  char b_from[32], b_to[32];
  const char *params[3] = {
    rubric_id,
    from != NULL ? I64 (b_from, g_date_time_to_unix (from)) : NULL,
    to != NULL ? I64 (b_to, g_date_time_to_unix (to)) : NULL,
  };
  GPtrArray *list;

  r = kz_pg_store_exec (KZ_PG_STORE (store),
                        "SELECT e.id, e.interaction_id, r.rubric_version, a.criterion_id, a.kind = 'na', "
                        "  coalesce (a.value, 0), f.scale, f.rating "
                        "FROM evaluations e "
                        "JOIN evaluation_revisions r ON r.evaluation_id = e.id AND r.revision = e.revision "
                        "JOIN revision_answers a ON a.evaluation_id = e.id AND a.revision = e.revision "
                        "JOIN customer_feedback f ON f.interaction_id = e.interaction_id "
                        "WHERE e.rubric_id = $1 AND e.state = 'submitted' AND NOT e.is_calibration "
                        "  AND ($2::bigint IS NULL OR e.created_at >= $2::bigint) "
                        "  AND ($3::bigint IS NULL OR e.created_at < $3::bigint) "
                        "  AND (a.kind = 'na' OR a.value IS NOT NULL) "
                        "ORDER BY e.id, a.criterion_id COLLATE \"C\"", 3, params, error);
  if (r == NULL)
    return NULL;
  list = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_rated_answer_free);
  for (int i = 0; i < PQntuples (r); i++)
    {
      KzRatedAnswer *a = g_new0 (KzRatedAnswer, 1);

      a->evaluation_id = get_i64 (r, i, 0);
      a->interaction_id = get_i64 (r, i, 1);
      a->rubric_version = (int) get_i64 (r, i, 2);
      a->criterion_id = get_str (r, i, 3);
      a->is_na = get_bool (r, i, 4);
      a->value = get_dbl (r, i, 5);
      kz_feedback_scale_from_string (PQgetvalue (r, i, 6), &a->scale);
      a->rating = (gint) get_i64 (r, i, 7);
      g_ptr_array_add (list, a);
    }
  return list;
}

static gint64
kz_pg_store_find_interaction (KzStore     *store,
                              const char  *external_ref,
                              GError     **error)
{
  const char *params[1] = { external_ref };
  g_autoptr(PGresult) r = kz_pg_store_exec (KZ_PG_STORE (store), "SELECT id FROM interactions "
                                            "WHERE external_ref = $1 ORDER BY id LIMIT 1", 1, params, error);

  if (r == NULL)
    return -1;
  return PQntuples (r) > 0 ? get_i64 (r, 0, 0) : 0;
}

static gboolean
kz_pg_store_set_feedback (KzStore           *store,
                          const KzFeedback  *fb,
                          GError           **error)
{
  char b_it[32], b_rating[32], b_at[32];
  const char *params[5] = {
    I64 (b_it, fb->interaction_id), kz_feedback_scale_to_string (fb->scale), I64 (b_rating, fb->rating),
    fb->comment, fb->given_at ? I64 (b_at, g_date_time_to_unix (fb->given_at)) : NULL,
  };
  KzPgStore *self = KZ_PG_STORE (store);

  if (!kz_pg_store_begin (store, error))
    return FALSE;
  if (!exec_ok (self, "INSERT INTO customer_feedback (interaction_id, scale, rating, comment, given_at) "
                      "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (interaction_id) DO UPDATE SET "
                      "scale = EXCLUDED.scale, rating = EXCLUDED.rating, comment = EXCLUDED.comment, "
                      "given_at = EXCLUDED.given_at", 5, params, error) ||
      !kz_pg_store_commit (store, error))
    {
      kz_pg_store_rollback (store);
      return FALSE;
    }
  return TRUE;
}

static KzFeedback *
kz_pg_store_get_feedback (KzStore  *store,
                          gint64    interaction_id,
                          GError  **error)
{
  char b_it[32];
  const char *params[1] = { I64 (b_it, interaction_id) };
  g_autoptr(PGresult) r = kz_pg_store_exec (KZ_PG_STORE (store),
                                            "SELECT scale, rating, comment, given_at FROM customer_feedback "
                                            "WHERE interaction_id = $1", 1, params, error);
  KzFeedback *fb;

  if (r == NULL || PQntuples (r) == 0)
    return NULL;
  fb = g_new0 (KzFeedback, 1);
  fb->interaction_id = interaction_id;
  kz_feedback_scale_from_string (PQgetvalue (r, 0, 0), &fb->scale);
  fb->rating = (gint) get_i64 (r, 0, 1);
  fb->comment = get_str (r, 0, 2);
  fb->given_at = PQgetisnull (r, 0, 3) ? NULL : get_time (r, 0, 3);
  return fb;
}

static gint64
kz_pg_store_count (KzStore       *store,
                   KzRecordKind   what,
                   GError       **error)
{
  static const char * const counts[] = {
    [KZ_RECORD_PEOPLE] = "SELECT count(*) FROM people",
    [KZ_RECORD_UNITS] = "SELECT count(*) FROM units",
    [KZ_RECORD_RUBRICS] = "SELECT count(*) FROM rubrics",
    [KZ_RECORD_INTERACTIONS] = "SELECT count(*) FROM interactions",
    [KZ_RECORD_EVALUATIONS] = "SELECT count(*) FROM evaluations WHERE NOT is_calibration",
    [KZ_RECORD_ANSWERS] = "SELECT count(*) FROM answers",
    [KZ_RECORD_MESSAGES] = "SELECT count(*) FROM messages",
    [KZ_RECORD_ATTACHMENTS] = "SELECT count(*) FROM attachments",
    [KZ_RECORD_CALLS] = "SELECT count(*) FROM calls",
    [KZ_RECORD_TRANSCRIPT_SEGMENTS] = "SELECT count(*) FROM transcript_segments",
    [KZ_RECORD_FEEDBACK] = "SELECT count(*) FROM customer_feedback",
    [KZ_RECORD_ASSIGNMENTS] = "SELECT count(*) FROM assignments",
    [KZ_RECORD_SURVEY_QUESTIONS] = "SELECT count(*) FROM survey_questions",
    [KZ_RECORD_PULSE_PLANS] = "SELECT count(*) FROM survey_plans",
    [KZ_RECORD_SURVEY_ROUNDS] = "SELECT count(*) FROM survey_rounds",
    /* No Kaizen role reads answers or votes: only the owner counts them. */
    [KZ_RECORD_SURVEY_ANSWERS] = "SELECT count(*) FROM survey_answers",
    [KZ_RECORD_SURVEY_PARTICIPATION] = "SELECT count(*) FROM survey_participation",
    [KZ_RECORD_IDEAS] = "SELECT count(*) FROM ideas",
    [KZ_RECORD_IDEA_COMMENTS] = "SELECT count(*) FROM idea_comments",
    [KZ_RECORD_IDEA_VOTES] = "SELECT count(*) FROM idea_votes",
    [KZ_RECORD_CALIBRATION_SESSIONS] = "SELECT count(*) FROM calibration_sessions",
    [KZ_RECORD_CALIBRATION_EVALUATIONS] = "SELECT count(*) FROM evaluations WHERE is_calibration",
    [KZ_RECORD_REVISIONS] = "SELECT count(*) FROM evaluation_revisions",
    [KZ_RECORD_ACKNOWLEDGEMENTS] = "SELECT count(*) FROM acknowledgements",
    [KZ_RECORD_DISPUTES] = "SELECT count(*) FROM disputes",
    [KZ_RECORD_DISPUTE_ITEMS] = "SELECT count(*) FROM dispute_items",
    [KZ_RECORD_AUDIT_ENTRIES] = "SELECT count(*) FROM audit_trail",
    [KZ_RECORD_PRINCIPLES] = "SELECT count(*) FROM principles",
    [KZ_RECORD_PERSONAS] = "SELECT count(*) FROM personas",
  };
  G_STATIC_ASSERT (G_N_ELEMENTS (counts) == KZ_RECORD_N_KINDS);
  KzPgStore *self = KZ_PG_STORE (store);
  g_autoptr(PGresult) r = NULL;

  /* Before schema 14 there was no calibration, and no history. */
  if (self->schema_version < 14 && what >= KZ_RECORD_CALIBRATION_SESSIONS)
    return 0;
  r = kz_pg_store_exec (self, self->schema_version < 14 && what == KZ_RECORD_EVALUATIONS
                              ? "SELECT count(*) FROM evaluations" : counts[what], 0, NULL, error);

  return r != NULL ? get_i64 (r, 0, 0) : -1;
}

/* The person the server ties this login to (logins table, schema 4). */
static gint64
kz_pg_store_get_login_person_id (KzStore  *store,
                                 GError  **error)
{
  g_autoptr(PGresult) r = kz_pg_store_exec (KZ_PG_STORE (store), "SELECT kz_me()", 0, NULL, error);

  return r != NULL ? get_i64 (r, 0, 0) : 0;
}

/* ------------------------------------------------------------------------ */
/* Staff voice.  kz-store.c has checked the rules; the server checks them
 * again (sql/pg-012-voice.sql), and every answer, vote and anonymous
 * comment goes through its SECURITY DEFINER functions: no Kaizen role may
 * write those rows, or read answers, votes or token hashes, directly. */

#define SQLSTATE_NOT_IN_PREREQUISITE_STATE "55000"
#define SQLSTATE_CHECK_VIOLATION           "23514"
#define SQLSTATE_NO_DATA_FOUND             "P0002"
#define SQLSTATE_INVALID_TEXT              "22P02"

/* Runs a voice statement; the server's refusals become the kinds of error
 * the app tells apart (already there, not allowed now, not found). */
static PGresult *
voice_exec (KzPgStore          *self,
            const char         *sql,
            int                 n_params,
            const char * const *params,
            GError            **error)
{
  g_autoptr(GError) local_error = NULL;
  PGresult *r = kz_pg_store_exec (self, sql, n_params, params, &local_error);

  if (r != NULL)
    return r;
  if (local_error->code == KZ_ERROR_DATABASE)
    {
      if (g_str_equal (self->sqlstate, SQLSTATE_UNIQUE_VIOLATION))
        local_error->code = KZ_ERROR_EXISTS;
      else if (g_str_equal (self->sqlstate, SQLSTATE_NOT_IN_PREREQUISITE_STATE) ||
               g_str_equal (self->sqlstate, SQLSTATE_CHECK_VIOLATION))
        local_error->code = KZ_ERROR_INVALID_INPUT;
      else if (g_str_equal (self->sqlstate, SQLSTATE_NO_DATA_FOUND) ||
               g_str_equal (self->sqlstate, SQLSTATE_INVALID_TEXT))
        local_error->code = KZ_ERROR_NOT_FOUND;
    }
  g_propagate_error (error, g_steal_pointer (&local_error));
  return NULL;
}

static gboolean
voice_ok (KzPgStore          *self,
          const char         *sql,
          int                 n_params,
          const char * const *params,
          GError            **error)
{
  PGresult *r = voice_exec (self, sql, n_params, params, error);

  PQclear (r);
  return r != NULL;
}

static const char *
pg_day (const GDate *date,
        char         buf[16])
{
  if (date == NULL || !g_date_valid (date))
    return NULL;
  g_date_strftime (buf, 16, "%Y-%m-%d", date);
  return buf;
}

static void
get_day (PGresult *r,
         int       row,
         int       col,
         GDate    *out)
{
  unsigned y, m, d;

  g_date_clear (out, 1);
  if (!PQgetisnull (r, row, col) && sscanf (PQgetvalue (r, row, col), "%4u-%2u-%2u", &y, &m, &d) == 3 &&
      g_date_valid_dmy (d, m, y))
    g_date_set_dmy (out, d, m, y);
}

/* Ideas and comments have uuids here: anything else names none. */
static gboolean
check_uuid (const char  *id,
            GError     **error)
{
  guint hex = 0;

  for (const char *p = id; *p != '\0'; p++)
    if (g_ascii_isxdigit (*p))
      hex++;
    else if (*p != '-')
      hex = 99;
  if (hex == 32)
    return TRUE;
  g_set_error (error, KZ_ERROR, KZ_ERROR_NOT_FOUND, _("There is no idea “%s”."), id);
  return FALSE;
}

static gboolean
kz_pg_store_voice_today (KzStore  *store,
                         GDate    *today,
                         GError  **error)
{
  g_autoptr(PGresult) r = kz_pg_store_exec (KZ_PG_STORE (store), "SELECT current_date::text", 0, NULL, error);

  if (r == NULL)
    return FALSE;
  get_day (r, 0, 0, today);
  return g_date_valid (today);
}

static GPtrArray *
kz_pg_store_list_questions (KzStore  *store,
                            GError  **error)
{
  g_autoptr(PGresult) r = kz_pg_store_exec (KZ_PG_STORE (store),
                                            "SELECT id, text, kind, driver, enps, active FROM survey_questions "
                                            "ORDER BY position, id", 0, NULL, error);
  GPtrArray *bank;

  if (r == NULL)
    return NULL;
  bank = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_question_free);
  for (int i = 0; i < PQntuples (r); i++)
    {
      KzQuestionKind kind = KZ_QUESTION_FREE_TEXT;
      KzQuestion *q;

      kz_question_kind_from_string (PQgetvalue (r, i, 2), &kind);
      q = kz_question_new (PQgetvalue (r, i, 0), PQgetvalue (r, i, 1), kind,
                           PQgetisnull (r, i, 3) ? NULL : PQgetvalue (r, i, 3));
      q->enps = get_bool (r, i, 4);
      q->active = get_bool (r, i, 5);
      g_ptr_array_add (bank, q);
    }
  return bank;
}

static gboolean
kz_pg_store_add_questions (KzStore    *store,
                           GPtrArray  *questions,
                           GError    **error)
{
  KzPgStore *self = KZ_PG_STORE (store);

  if (!kz_pg_store_begin (store, error))
    return FALSE;
  for (guint i = 0; i < questions->len; i++)
    {
      const KzQuestion *q = g_ptr_array_index (questions, i);
      const char *params[6] = { q->id, q->text, kz_question_kind_to_string (q->kind), q->driver,
                                q->enps ? "true" : "false", q->active ? "true" : "false" };

      if (!voice_ok (self, "INSERT INTO survey_questions (id, position, text, kind, driver, enps, active) "
                           "VALUES ($1, (SELECT coalesce (max (position), 0) + 1 FROM survey_questions), "
                           "$2, $3, $4, $5, $6)", 6, params, error))
        {
          kz_pg_store_rollback (store);
          return FALSE;
        }
    }
  return kz_pg_store_commit (store, error);
}

static gboolean
kz_pg_store_update_question (KzStore           *store,
                             const KzQuestion  *q,
                             GError           **error)
{
  const char *params[5] = { q->id, q->text, kz_question_kind_to_string (q->kind), q->driver,
                            q->active ? "true" : "false" };
  g_autoptr(GError) local_error = NULL;

  if (voice_ok (KZ_PG_STORE (store), "UPDATE survey_questions SET text = $2, kind = $3, driver = $4, active = $5 "
                                     "WHERE id = $1", 5, params, &local_error))
    return TRUE;
  if (local_error->code == KZ_ERROR_INVALID_INPUT)
    g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT,
                 _("“%s” already has answers, so it keeps its kind; add a new question instead."), q->id);
  else
    g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

static gint64
kz_pg_store_save_pulse_plan (KzStore            *store,
                             const KzPulsePlan  *plan,
                             GError            **error)
{
  KzPgStore *self = KZ_PG_STORE (store);
  g_autoptr(PGresult) r = NULL;
  g_autoptr(GString) teams = array_new ();
  char b_id[32], b_cad[32], b_per[32], b_k[32];
  const char *params[5] = { plan->id > 0 ? I64 (b_id, plan->id) : NULL, plan->name, I64 (b_cad, plan->cadence_days),
                            I64 (b_per, plan->questions_per_round), I64 (b_k, plan->k) };
  gint64 id;

  for (guint i = 0; i < plan->team_ids->len; i++)
    array_add_i64 (teams, g_array_index (plan->team_ids, gint64, i));
  if (!kz_pg_store_begin (store, error))
    return 0;
  if (plan->id > 0)
    r = voice_exec (self, "UPDATE survey_plans SET name = $2, cadence_days = $3, questions_per_round = $4, k = $5 "
                          "WHERE id = $1 RETURNING id", 5, params, error);
  else
    r = voice_exec (self, "INSERT INTO survey_plans (name, cadence_days, questions_per_round, k) "
                          "VALUES ($1, $2, $3, $4) RETURNING id", 4, params + 1, error);
  if (r == NULL)
    goto fail;
  if (PQntuples (r) == 0)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_NOT_FOUND, _("There is no pulse plan with id %lld."),
                   (long long) plan->id);
      goto fail;
    }
  id = get_i64 (r, 0, 0);
  {
    const char *p[2] = { I64 (b_id, id), array_end (teams) };

    if (!voice_ok (self, "DELETE FROM survey_plan_teams WHERE plan_id = $1", 1, p, error) ||
        !voice_ok (self, "INSERT INTO survey_plan_teams (plan_id, team_id) "
                         "SELECT DISTINCT $1::bigint, t FROM unnest ($2::bigint[]) t", 2, p, error))
      goto fail;
  }
  if (!kz_pg_store_commit (store, error))
    goto fail;
  return id;

fail:
  kz_pg_store_rollback (store);
  return 0;
}

static GPtrArray *
kz_pg_store_list_pulse_plans (KzStore  *store,
                              GError  **error)
{
  g_autoptr(PGresult) r = kz_pg_store_exec (KZ_PG_STORE (store),
                                            "SELECT p.id, p.name, p.cadence_days, p.questions_per_round, p.k, t.team_id "
                                            "FROM survey_plans p LEFT JOIN survey_plan_teams t ON t.plan_id = p.id "
                                            "ORDER BY p.name, p.id, t.team_id", 0, NULL, error);
  GPtrArray *plans;
  KzPulsePlan *plan = NULL;

  if (r == NULL)
    return NULL;
  plans = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_pulse_plan_free);
  for (int i = 0; i < PQntuples (r); i++)
    {
      gint64 id = get_i64 (r, i, 0);

      if (plan == NULL || plan->id != id)
        {
          plan = kz_pulse_plan_new ();
          plan->id = id;
          plan->name = get_str (r, i, 1);
          plan->cadence_days = (guint) get_i64 (r, i, 2);
          plan->questions_per_round = (guint) get_i64 (r, i, 3);
          plan->k = (guint) get_i64 (r, i, 4);
          g_ptr_array_add (plans, plan);
        }
      if (!PQgetisnull (r, i, 5))
        {
          gint64 team = get_i64 (r, i, 5);

          g_array_append_val (plan->team_ids, team);
        }
    }
  return plans;
}

static gint64
kz_pg_store_add_round (KzStore              *store,
                       const KzSurveyRound  *round,
                       GError              **error)
{
  KzPgStore *self = KZ_PG_STORE (store);
  g_autoptr(PGresult) r = NULL;
  g_autoptr(GString) questions = array_new ();
  char b_plan[32], b_k[32], b_id[32], opens[16], closes[16];
  const char *params[5] = { ID_OR_NULL (b_plan, round->plan_id), round->title, pg_day (&round->opens_on, opens),
                            pg_day (&round->closes_on, closes), I64 (b_k, round->k) };
  gint64 id;

  for (guint i = 0; round->question_ids[i] != NULL; i++)
    array_add (questions, round->question_ids[i]);
  if (!kz_pg_store_begin (store, error))
    return 0;
  r = voice_exec (self, "INSERT INTO survey_rounds (plan_id, title, opens_on, closes_on, k) "
                        "VALUES ($1, $2, $3, $4, $5) RETURNING id", 5, params, error);
  if (r == NULL)
    goto fail;
  id = get_i64 (r, 0, 0);
  {
    const char *p[2] = { I64 (b_id, id), array_end (questions) };

    if (!voice_ok (self, "INSERT INTO survey_round_questions (round_id, position, question_id) "
                         "SELECT $1, u.ord - 1, u.q FROM unnest ($2::text[]) WITH ORDINALITY AS u (q, ord)",
                   2, p, error))
      goto fail;
  }
  if (!kz_pg_store_commit (store, error))
    goto fail;
  return id;

fail:
  kz_pg_store_rollback (store);
  return 0;
}

static gboolean
kz_pg_store_update_round (KzStore              *store,
                          const KzSurveyRound  *round,
                          GError              **error)
{
  char b_id[32], b_k[32], opens[16], closes[16];
  const char *params[5] = { I64 (b_id, round->id), round->title, pg_day (&round->opens_on, opens),
                            pg_day (&round->closes_on, closes), I64 (b_k, round->k) };

  return voice_ok (KZ_PG_STORE (store), "UPDATE survey_rounds SET title = $2, opens_on = $3, closes_on = $4, k = $5 "
                                        "WHERE id = $1", 5, params, error);
}

#define PG_ROUND_COLUMNS \
  "SELECT r.id, r.plan_id, r.title, r.opens_on::text, r.closes_on::text, r.k, r.answered, " \
  "  array_to_string (ARRAY (SELECT q.question_id FROM survey_round_questions q " \
  "                          WHERE q.round_id = r.id ORDER BY q.position), ',') " \
  "FROM survey_rounds r "

static GPtrArray *
rounds_from_result (PGresult *r)
{
  GPtrArray *rounds = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_survey_round_free);

  for (int i = 0; i < PQntuples (r); i++)
    {
      KzSurveyRound *round = kz_survey_round_new ();
      const char *questions = PQgetvalue (r, i, 7);

      round->id = get_i64 (r, i, 0);
      round->plan_id = get_i64 (r, i, 1);
      round->title = get_str (r, i, 2);
      get_day (r, i, 3, &round->opens_on);
      get_day (r, i, 4, &round->closes_on);
      round->k = (guint) get_i64 (r, i, 5);
      round->answered = get_bool (r, i, 6);
      g_strfreev (round->question_ids);
      round->question_ids = *questions ? g_strsplit (questions, ",", -1) : g_new0 (char *, 1);
      g_ptr_array_add (rounds, round);
    }
  return rounds;
}

static GPtrArray *
kz_pg_store_list_rounds (KzStore  *store,
                         gint64    plan_id,
                         GError  **error)
{
  char b_plan[32];
  const char *params[1] = { I64 (b_plan, plan_id) };
  g_autoptr(PGresult) r = kz_pg_store_exec (KZ_PG_STORE (store), PG_ROUND_COLUMNS
                                            "WHERE $1 = 0 OR r.plan_id = $1 ORDER BY r.opens_on, r.id",
                                            1, params, error);

  return r != NULL ? rounds_from_result (r) : NULL;
}

static KzSurveyRound *
kz_pg_store_get_round (KzStore  *store,
                       gint64    id,
                       GError  **error)
{
  char b_id[32];
  const char *params[1] = { I64 (b_id, id) };
  g_autoptr(PGresult) r = kz_pg_store_exec (KZ_PG_STORE (store), PG_ROUND_COLUMNS "WHERE r.id = $1",
                                            1, params, error);
  g_autoptr(GPtrArray) rounds = NULL;

  if (r == NULL)
    return NULL;
  rounds = rounds_from_result (r);
  if (rounds->len == 0)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_NOT_FOUND, _("There is no survey round with id %lld."), (long long) id);
      return NULL;
    }
  return g_ptr_array_steal_index (rounds, 0);
}

/* The login reads its own participation only (row-level security), which
 * is all this needs. */
static GPtrArray *
kz_pg_store_list_open_rounds (KzStore  *store,
                              gint64    person_id,
                              GError  **error)
{
  char b_person[32];
  const char *params[1] = { I64 (b_person, person_id) };
  g_autoptr(PGresult) r = kz_pg_store_exec (KZ_PG_STORE (store), PG_ROUND_COLUMNS
                                            "WHERE current_date BETWEEN r.opens_on AND r.closes_on "
                                            "  AND ($1 = 0 OR ("
                                            "    NOT EXISTS (SELECT 1 FROM survey_participation p "
                                            "                WHERE p.round_id = r.id AND p.person_id = $1) "
                                            "    AND (r.plan_id IS NULL "
                                            "         OR NOT EXISTS (SELECT 1 FROM survey_plan_teams t "
                                            "                        WHERE t.plan_id = r.plan_id) "
                                            "         OR EXISTS (SELECT 1 FROM survey_plan_teams t "
                                            "                    JOIN people pp ON pp.team_id = t.team_id "
                                            "                    WHERE t.plan_id = r.plan_id AND pp.id = $1)))) "
                                            "ORDER BY r.closes_on, r.id", 1, params, error);

  return r != NULL ? rounds_from_result (r) : NULL;
}

/* The answers as the three arrays the server's functions take. */
static void
answer_arrays (GPtrArray *answers,
               GString   *questions,
               GString   *values,
               GString   *texts)
{
  for (guint i = 0; i < answers->len; i++)
    {
      const KzSurveyAnswer *a = g_ptr_array_index (answers, i);
      char b_v[32];

      array_add (questions, a->question_id);
      array_add (values, a->has_value ? I64 (b_v, a->value) : NULL);
      array_add (texts, a->has_value ? NULL : a->text);
    }
}

static gboolean
kz_pg_store_submit_answers (KzStore    *store,
                            gint64      round_id,
                            gint64      person_id,
                            GPtrArray  *answers,
                            GError    **error)
{
  g_autoptr(GString) questions = array_new ();
  g_autoptr(GString) values = array_new ();
  g_autoptr(GString) texts = array_new ();
  char b_round[32], b_person[32];

  answer_arrays (answers, questions, values, texts);
  {
    const char *params[5] = { I64 (b_round, round_id), ID_OR_NULL (b_person, person_id), array_end (questions),
                              array_end (values), array_end (texts) };

    return voice_ok (KZ_PG_STORE (store), "SELECT kz_survey_submit ($1, $2, $3, $4, $5)", 5, params, error);
  }
}

static gboolean
kz_pg_store_import_answers (KzStore    *store,
                            gint64      round_id,
                            gint64      team_id,
                            GPtrArray  *answers,
                            GError    **error)
{
  g_autoptr(GString) questions = array_new ();
  g_autoptr(GString) values = array_new ();
  g_autoptr(GString) texts = array_new ();
  char b_round[32], b_team[32];

  answer_arrays (answers, questions, values, texts);
  {
    const char *params[5] = { I64 (b_round, round_id), ID_OR_NULL (b_team, team_id), array_end (questions),
                              array_end (values), array_end (texts) };

    return voice_ok (KZ_PG_STORE (store), "SELECT kz_survey_import ($1, $2, $3, $4, $5)", 5, params, error);
  }
}

/* The server's own, suppressed cells: kz_survey_cells() applies the rules
 * of kz_survey_suppress() itself, so this is all any login can see. */
static GPtrArray *
kz_pg_store_survey_cells (KzStore              *store,
                          const KzSurveyRound  *round,
                          GError              **error)
{
  char b_round[32];
  const char *params[1] = { I64 (b_round, round->id) };
  g_autoptr(PGresult) r = voice_exec (KZ_PG_STORE (store),
                                      "SELECT question_id, team_id, n, array_to_string (counts, ','), suppression "
                                      "FROM kz_survey_cells ($1)", 1, params, error);
  GPtrArray *cells;

  if (r == NULL)
    return NULL;
  cells = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_survey_cell_free);
  for (int i = 0; i < PQntuples (r); i++)
    {
      KzSurveyCell *cell = kz_survey_cell_new (round->id, get_i64 (r, i, 1), PQgetvalue (r, i, 0));
      g_auto(GStrv) counts = g_strsplit (PQgetvalue (r, i, 3), ",", -1);
      const char *why = PQgetvalue (r, i, 4);

      cell->suppression = g_str_equal (why, "shown") ? KZ_SHOWN
                        : g_str_equal (why, "difference") ? KZ_SUPPRESSED_DIFFERENCE : KZ_SUPPRESSED_FEW;
      if (cell->suppression == KZ_SHOWN)
        {
          cell->n = (guint) get_i64 (r, i, 2);
          for (guint v = 0; v < 11 && counts[v] != NULL; v++)
            cell->counts[v] = (guint) g_ascii_strtoull (counts[v], NULL, 10);
        }
      g_ptr_array_add (cells, cell);
    }
  return cells;
}

static GPtrArray *
kz_pg_store_survey_comments (KzStore              *store,
                             const KzSurveyRound  *round,
                             gboolean             *shown,
                             gboolean             *by_team,
                             GError              **error)
{
  KzPgStore *self = KZ_PG_STORE (store);
  char b_round[32];
  const char *params[1] = { I64 (b_round, round->id) };
  g_autoptr(PGresult) v = voice_exec (self, "SELECT whole_round, by_team FROM kz_survey_comment_visibility ($1)",
                                      1, params, error);
  g_autoptr(PGresult) r = NULL;
  GPtrArray *comments;

  if (v == NULL)
    return NULL;
  *shown = PQntuples (v) == 1 && get_bool (v, 0, 0);
  *by_team = PQntuples (v) == 1 && get_bool (v, 0, 1);
  r = voice_exec (self, "SELECT team_id, body FROM kz_survey_comments ($1)", 1, params, error);
  if (r == NULL)
    return NULL;
  comments = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_survey_comment_free);
  for (int i = 0; *shown && i < PQntuples (r); i++)
    {
      KzSurveyComment *c = g_new0 (KzSurveyComment, 1);

      c->team_id = *by_team ? get_i64 (r, i, 0) : KZ_CELL_ALL;
      c->text = get_str (r, i, 1);
      g_ptr_array_add (comments, c);
    }
  return comments;
}

static char *
kz_pg_store_add_idea (KzStore       *store,
                      const KzIdea  *idea,
                      const char    *token_hash,
                      GError       **error)
{
  char b_author[32], week[16];
  const char *params[7] = { idea->title, idea->body, idea->category, ID_OR_NULL (b_author, idea->author_id),
                            idea->pseudonym, token_hash, pg_day (&idea->week, week) };
  g_autoptr(PGresult) r = voice_exec (KZ_PG_STORE (store),
                                      "INSERT INTO ideas (title, body, category, author_id, pseudonym, "
                                      "follow_up_hash, created_on) VALUES ($1, $2, $3, $4, $5, $6, $7) "
                                      "RETURNING id::text", 7, params, error);

  return r != NULL ? get_str (r, 0, 0) : NULL;
}

#define PG_IDEA_COLUMNS \
  "SELECT i.id::text, i.title, i.body, i.category, i.author_id, p.name, i.pseudonym, i.created_on::text, " \
  "  i.status, i.decline_reason, i.outcome, i.merged_into::text, " \
  "  COALESCE ((SELECT v.n FROM idea_vote_counts v WHERE v.idea_id = i.id), 0) AS n_votes, " \
  "  (SELECT count (*) FROM idea_comments c WHERE c.idea_id = i.id) " \
  "FROM ideas i LEFT JOIN people p ON p.id = i.author_id "

static GPtrArray *
ideas_from_result (PGresult *r)
{
  GPtrArray *ideas = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_idea_free);

  for (int i = 0; i < PQntuples (r); i++)
    {
      KzIdea *idea = kz_idea_new ();

      idea->id = get_str (r, i, 0);
      idea->title = get_str (r, i, 1);
      idea->body = get_str (r, i, 2);
      idea->category = get_str (r, i, 3);
      idea->author_id = get_i64 (r, i, 4);
      idea->author_name = get_str (r, i, 5);
      idea->pseudonym = get_str (r, i, 6);
      get_day (r, i, 7, &idea->week);
      kz_idea_status_from_string (PQgetvalue (r, i, 8), &idea->status);
      idea->decline_reason = get_str (r, i, 9);
      idea->outcome = get_str (r, i, 10);
      idea->merged_into = get_str (r, i, 11);
      idea->n_votes = (guint) get_i64 (r, i, 12);
      idea->n_comments = (guint) get_i64 (r, i, 13);
      g_ptr_array_add (ideas, idea);
    }
  return ideas;
}

static GPtrArray *
kz_pg_store_list_ideas (KzStore             *store,
                        const KzIdeaFilter  *filter,
                        GError             **error)
{
  const char *params[3] = { filter->any_status ? "true" : "false", kz_idea_status_to_string (filter->status),
                            filter->include_merged ? "true" : "false" };
  g_autoptr(PGresult) r = kz_pg_store_exec (KZ_PG_STORE (store), PG_IDEA_COLUMNS
                                            "WHERE ($1 OR i.status = $2) AND ($3 OR i.merged_into IS NULL) "
                                            "ORDER BY n_votes DESC, i.created_on DESC, i.title, i.id",
                                            3, params, error);

  return r != NULL ? ideas_from_result (r) : NULL;
}

static KzIdea *
kz_pg_store_get_idea (KzStore     *store,
                      const char  *id,
                      GError     **error)
{
  const char *params[1] = { id };
  g_autoptr(PGresult) r = NULL;
  g_autoptr(GPtrArray) ideas = NULL;

  if (!check_uuid (id, error))
    return NULL;
  r = voice_exec (KZ_PG_STORE (store), PG_IDEA_COLUMNS "WHERE i.id = $1::uuid", 1, params, error);
  if (r == NULL)
    return NULL;
  ideas = ideas_from_result (r);
  if (ideas->len == 0)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_NOT_FOUND, _("There is no idea “%s”."), id);
      return NULL;
    }
  return g_ptr_array_steal_index (ideas, 0);
}

static gboolean
kz_pg_store_vote_idea (KzStore     *store,
                       const char  *idea_id,
                       gint64       person_id,
                       GError     **error)
{
  char b_person[32];
  const char *params[2] = { idea_id, ID_OR_NULL (b_person, person_id) };

  return check_uuid (idea_id, error) &&
         voice_ok (KZ_PG_STORE (store), "SELECT kz_idea_vote ($1::uuid, $2)", 2, params, error);
}

static gboolean
kz_pg_store_idea_voted (KzStore     *store,
                        const char  *idea_id,
                        gint64       person_id,
                        gboolean    *voted,
                        GError     **error)
{
  char b_person[32];
  const char *params[2] = { idea_id, ID_OR_NULL (b_person, person_id) };
  g_autoptr(PGresult) r = NULL;

  if (!check_uuid (idea_id, error))
    return FALSE;
  r = voice_exec (KZ_PG_STORE (store), "SELECT kz_idea_voted ($1::uuid, $2)", 2, params, error);
  if (r == NULL)
    return FALSE;
  *voted = get_bool (r, 0, 0);
  return TRUE;
}

static char *
kz_pg_store_add_idea_comment (KzStore      *store,
                              const char   *idea_id,
                              gint64        author_id,
                              gboolean      from_manager,
                              const char   *body,
                              const char   *token,
                              const char   *pseudonym,
                              const GDate  *week,
                              GError      **error)
{
  char b_author[32], day[16];
  const char *params[7] = { idea_id, ID_OR_NULL (b_author, author_id), body, token, pseudonym,
                            from_manager ? "true" : "false", pg_day (week, day) };
  g_autoptr(PGresult) r = NULL;

  if (!check_uuid (idea_id, error))
    return NULL;
  r = voice_exec (KZ_PG_STORE (store), "SELECT kz_idea_comment ($1::uuid, $2, $3, $4, $5, $6, $7)::text",
                  7, params, error);
  return r != NULL ? get_str (r, 0, 0) : NULL;
}

static GPtrArray *
kz_pg_store_list_idea_comments (KzStore     *store,
                                const char  *idea_id,
                                GError     **error)
{
  const char *params[1] = { idea_id };
  g_autoptr(PGresult) r = NULL;
  GPtrArray *comments;

  if (!check_uuid (idea_id, error))
    return NULL;
  r = voice_exec (KZ_PG_STORE (store),
                  "SELECT c.id::text, c.idea_id::text, c.author_id, p.name, c.pseudonym, c.from_manager, c.body, "
                  "c.created_on::text FROM idea_comments c LEFT JOIN people p ON p.id = c.author_id "
                  "WHERE c.idea_id = $1::uuid ORDER BY c.created_on, c.from_manager, c.id", 1, params, error);
  if (r == NULL)
    return NULL;
  comments = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_idea_comment_free);
  for (int i = 0; i < PQntuples (r); i++)
    {
      KzIdeaComment *c = kz_idea_comment_new ();

      c->id = get_str (r, i, 0);
      c->idea_id = get_str (r, i, 1);
      c->author_id = get_i64 (r, i, 2);
      c->author_name = get_str (r, i, 3);
      c->pseudonym = get_str (r, i, 4);
      c->from_manager = get_bool (r, i, 5);
      c->body = get_str (r, i, 6);
      get_day (r, i, 7, &c->week);
      g_ptr_array_add (comments, c);
    }
  return comments;
}

static gboolean
kz_pg_store_set_idea_status (KzStore       *store,
                             const char    *idea_id,
                             KzIdeaStatus   status,
                             const char    *reason,
                             const char    *outcome,
                             GError       **error)
{
  const char *params[4] = { idea_id, kz_idea_status_to_string (status), reason, outcome };
  g_autoptr(PGresult) r = NULL;

  if (!check_uuid (idea_id, error))
    return FALSE;
  r = voice_exec (KZ_PG_STORE (store), "UPDATE ideas SET status = $2, decline_reason = $3, "
                                       "outcome = CASE WHEN $2 = 'done' THEN $4 ELSE outcome END "
                                       "WHERE id = $1::uuid", 4, params, error);
  if (r == NULL)
    return FALSE;
  /* Row-level security: the update reached nothing this login may change. */
  if (g_strcmp0 (PQcmdTuples (r), "0") == 0)
    {
      g_set_error_literal (error, KZ_ERROR, KZ_ERROR_PERMISSION,
                           _("Only managers and administrators change what happens to an idea."));
      return FALSE;
    }
  return TRUE;
}

static gboolean
kz_pg_store_merge_idea (KzStore     *store,
                        const char  *duplicate_id,
                        const char  *target_id,
                        gint64       manager_id,
                        const char  *notice,
                        GError     **error)
{
  char b_manager[32];
  const char *params[4] = { duplicate_id, target_id, ID_OR_NULL (b_manager, manager_id), notice };

  return check_uuid (duplicate_id, error) &&
         check_uuid (target_id, error) &&
         voice_ok (KZ_PG_STORE (store), "SELECT kz_idea_merge ($1::uuid, $2::uuid, $3, $4)", 4, params, error);
}

static GPtrArray *
kz_pg_store_find_threads (KzStore             *store,
                          const char * const  *tokens,
                          GError             **error)
{
  g_autoptr(GString) list = array_new ();
  g_autoptr(PGresult) r = NULL;
  GPtrArray *threads;
  const char *params[1];

  for (guint i = 0; tokens[i] != NULL; i++)
    array_add (list, tokens[i]);
  params[0] = array_end (list);
  r = voice_exec (KZ_PG_STORE (store), "SELECT idea_id::text, token, authored, array_to_string (own, ',') "
                                       "FROM kz_idea_threads ($1::text[])", 1, params, error);
  if (r == NULL)
    return NULL;
  threads = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_idea_thread_free);
  for (int i = 0; i < PQntuples (r); i++)
    {
      KzIdeaThread *thread = g_new0 (KzIdeaThread, 1);
      const char *own = PQgetvalue (r, i, 3);

      thread->idea_id = get_str (r, i, 0);
      thread->token = get_str (r, i, 1);
      thread->authored = get_bool (r, i, 2);
      thread->own_comment_ids = *own ? g_strsplit (own, ",", -1) : g_new0 (char *, 1);
      g_ptr_array_add (threads, thread);
    }
  return threads;
}

/* ------------------------------------------------------------------------ */
/* Staff voice whole, for kz_store_copy().  The server never hands out raw
 * answers, vote hashes or token hashes, to anyone: a copy goes from a
 * single file to a server.  Writing them is the database owner's alone
 * (no Kaizen role may insert answers or votes, or touch the secret or the
 * voter keys), and each table goes in one statement. */

static KzVoiceData *
kz_pg_store_voice_export (KzStore  *store,
                          GError  **error)
{
  g_set_error_literal (error, KZ_ERROR, KZ_ERROR_PERMISSION,
                       _("The team server never hands out raw survey answers or votes: staff voice is copied "
                         "from a single file to a server, not back."));
  return NULL;
}

static void
gint64_free (gpointer p)
{
  g_free (p);
}

static gint64
pg_lookup_id (GHashTable *map,
              gint64      old_id)
{
  gint64 *id = g_hash_table_lookup (map, &old_id);

  g_assert (id != NULL);
  return *id;
}

static gboolean
pg_import_surveys (KzPgStore          *self,
                   const KzVoiceData  *data,
                   GArray             *plan_ids,
                   GArray             *round_ids,
                   GError            **error)
{
  g_autoptr(GHashTable) plans = g_hash_table_new_full (g_int64_hash, g_int64_equal, gint64_free, gint64_free);
  g_autoptr(GHashTable) rounds = g_hash_table_new_full (g_int64_hash, g_int64_equal, gint64_free, gint64_free);
  char b1[32], b2[32], b3[32], b4[32];

  if (data->questions->len > 0)
    {
      g_autoptr(GString) ids = array_new ();
      g_autoptr(GString) texts = array_new ();
      g_autoptr(GString) kinds = array_new ();
      g_autoptr(GString) drivers = array_new ();
      g_autoptr(GString) enps = array_new ();
      g_autoptr(GString) active = array_new ();

      for (guint i = 0; i < data->questions->len; i++)
        {
          const KzQuestion *q = g_ptr_array_index (data->questions, i);

          array_add (ids, q->id);
          array_add (texts, q->text);
          array_add (kinds, kz_question_kind_to_string (q->kind));
          array_add (drivers, q->driver);
          array_add (enps, q->enps ? "true" : "false");
          array_add (active, q->active ? "true" : "false");
        }
      {
        const char *params[6] = { array_end (ids), array_end (texts), array_end (kinds), array_end (drivers),
                                  array_end (enps), array_end (active) };

        if (!voice_ok (self, "INSERT INTO survey_questions (id, position, text, kind, driver, enps, active) "
                             "SELECT u.id, u.ord, u.text, u.kind, u.driver, u.enps, u.active "
                             "FROM unnest ($1::text[], $2::text[], $3::text[], $4::text[], $5::boolean[], "
                             "             $6::boolean[]) WITH ORDINALITY AS u (id, text, kind, driver, enps, "
                             "                                                   active, ord) "
                             "ON CONFLICT (id) DO NOTHING", 6, params, error))
          return FALSE;
      }
    }

  for (guint i = 0; i < data->plans->len; i++)
    {
      const KzPulsePlan *plan = g_ptr_array_index (data->plans, i);
      g_autoptr(GString) teams = array_new ();
      g_autoptr(PGresult) r = NULL;
      const char *params[4] = { plan->name, I64 (b1, plan->cadence_days), I64 (b2, plan->questions_per_round),
                                I64 (b3, plan->k) };
      gint64 id;

      r = voice_exec (self, "INSERT INTO survey_plans (name, cadence_days, questions_per_round, k) "
                            "VALUES ($1, $2, $3, $4) RETURNING id", 4, params, error);
      if (r == NULL)
        return FALSE;
      id = get_i64 (r, 0, 0);
      g_hash_table_insert (plans, g_memdup2 (&plan->id, sizeof plan->id), g_memdup2 (&id, sizeof id));
      g_array_append_val (plan_ids, id);
      for (guint t = 0; t < plan->team_ids->len; t++)
        array_add_i64 (teams, g_array_index (plan->team_ids, gint64, t));
      {
        const char *p[2] = { I64 (b4, id), array_end (teams) };

        if (plan->team_ids->len > 0 &&
            !voice_ok (self, "INSERT INTO survey_plan_teams (plan_id, team_id) "
                             "SELECT $1::bigint, t FROM unnest ($2::bigint[]) t", 2, p, error))
          return FALSE;
      }
    }

  for (guint i = 0; i < data->rounds->len; i++)
    {
      const KzSurveyRound *round = g_ptr_array_index (data->rounds, i);
      g_autoptr(GString) questions = array_new ();
      g_autoptr(PGresult) r = NULL;
      char opens[16], closes[16];
      const char *params[5] = { round->plan_id != 0 ? I64 (b1, pg_lookup_id (plans, round->plan_id)) : NULL,
                                round->title, pg_day (&round->opens_on, opens), pg_day (&round->closes_on, closes),
                                I64 (b2, round->k) };
      gint64 id;

      r = voice_exec (self, "INSERT INTO survey_rounds (plan_id, title, opens_on, closes_on, k) "
                            "VALUES ($1, $2, $3, $4, $5) RETURNING id", 5, params, error);
      if (r == NULL)
        return FALSE;
      id = get_i64 (r, 0, 0);
      g_hash_table_insert (rounds, g_memdup2 (&round->id, sizeof round->id), g_memdup2 (&id, sizeof id));
      g_array_append_val (round_ids, id);
      for (guint q = 0; round->question_ids[q] != NULL; q++)
        array_add (questions, round->question_ids[q]);
      {
        const char *p[2] = { I64 (b3, id), array_end (questions) };

        if (round->question_ids[0] != NULL &&
            !voice_ok (self, "INSERT INTO survey_round_questions (round_id, position, question_id) "
                             "SELECT $1, u.ord - 1, u.q FROM unnest ($2::text[]) WITH ORDINALITY AS u (q, ord)",
                       2, p, error))
          return FALSE;
      }
    }

  if (data->answers->len > 0)
    {
      g_autoptr(GString) ids = array_new ();
      g_autoptr(GString) round_col = array_new ();
      g_autoptr(GString) teams = array_new ();
      g_autoptr(GString) questions = array_new ();
      g_autoptr(GString) values = array_new ();
      g_autoptr(GString) texts = array_new ();

      for (guint i = 0; i < data->answers->len; i++)
        {
          const KzVoiceAnswerRow *a = g_ptr_array_index (data->answers, i);

          array_add (ids, a->id);
          array_add_i64 (round_col, pg_lookup_id (rounds, a->round_id));
          array_add (teams, ID_OR_NULL (b1, a->team_id));
          array_add (questions, a->question_id);
          array_add (values, a->has_value ? I64 (b2, a->value) : NULL);
          array_add (texts, a->has_value ? NULL : a->text);
        }
      {
        const char *params[6] = { array_end (ids), array_end (round_col), array_end (teams), array_end (questions),
                                  array_end (values), array_end (texts) };

        /* In a random order, as kz_survey_submit() writes them: the heap's
         * order follows neither when they came in nor their ids. */
        if (!voice_ok (self, "INSERT INTO survey_answers (id, round_id, team_id, question_id, value, comment) "
                             "SELECT u.id::uuid, u.r, u.t, u.q, u.v, u.c "
                             "FROM unnest ($1::text[], $2::bigint[], $3::bigint[], $4::text[], $5::integer[], "
                             "             $6::text[]) AS u (id, r, t, q, v, c) "
                             "ORDER BY random ()", 6, params, error))
          return FALSE;
      }
    }

  if (data->participation->len > 0)
    {
      g_autoptr(GString) round_col = array_new ();
      g_autoptr(GString) people = array_new ();

      for (guint i = 0; i < data->participation->len; i++)
        {
          const KzVoiceParticipation *p = &g_array_index (data->participation, KzVoiceParticipation, i);

          array_add_i64 (round_col, pg_lookup_id (rounds, p->round_id));
          array_add_i64 (people, p->person_id);
        }
      {
        const char *params[2] = { array_end (round_col), array_end (people) };

        if (!voice_ok (self, "INSERT INTO survey_participation (round_id, person_id) "
                             "SELECT u.r, u.p FROM unnest ($1::bigint[], $2::bigint[]) AS u (r, p) "
                             "ORDER BY u.r, u.p", 2, params, error))
          return FALSE;
      }
    }
  return TRUE;
}

static gboolean
pg_import_keys (KzPgStore          *self,
                const KzVoiceData  *data,
                GError            **error)
{
  g_autoptr(GString) people = array_new ();
  g_autoptr(GString) keys = array_new ();
  g_autoptr(PGresult) r = NULL;
  g_autofree char *hex = NULL;
  const guint8 *secret;
  gsize len;
  char b_n[32];

  for (guint i = 0; i < data->voter_keys->len; i++)
    {
      const KzVoterKey *key = g_ptr_array_index (data->voter_keys, i);

      array_add_i64 (people, key->person_id);
      array_add (keys, key->key);
    }
  if (data->voter_keys->len > 0)
    {
      const char *params[2] = { array_end (people), array_end (keys) };

      r = voice_exec (self, "UPDATE kz_voter_keys k SET voter_key = u.key "
                            "FROM unnest ($1::bigint[], $2::text[]) AS u (person, key) WHERE k.person_id = u.person",
                      2, params, error);
      if (r == NULL)
        return FALSE;
      if (g_strcmp0 (PQcmdTuples (r), I64 (b_n, data->voter_keys->len)) != 0)
        {
          g_set_error (error, KZ_ERROR, KZ_ERROR_NOT_FOUND,
                       _("Team server: %s of %u people to copy voter keys to are there"), PQcmdTuples (r),
                       data->voter_keys->len);
          return FALSE;
        }
      g_clear_pointer (&r, PQclear);
    }

  secret = g_bytes_get_data (data->secret, &len);
  hex = g_malloc (2 * len + 1);
  for (gsize i = 0; i < len; i++)
    g_snprintf (hex + 2 * i, 3, "%02x", secret[i]);
  {
    const char *params[1] = { hex };

    r = voice_exec (self, "UPDATE kz_voice_secret SET secret = decode ($1, 'hex') WHERE id = 1", 1, params, error);
  }
  if (r == NULL)
    return FALSE;
  if (g_strcmp0 (PQcmdTuples (r), "1") != 0)
    {
      g_set_error_literal (error, KZ_ERROR, KZ_ERROR_DATABASE, _("Team server: there is no voting secret to replace"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
pg_import_ideas (KzPgStore          *self,
                 const KzVoiceData  *data,
                 GError            **error)
{
  char b1[32], week[16];

  if (data->ideas->len > 0)
    {
      GString *cols[11];
      guint n_merged = 0;
      g_autoptr(GString) merged_ids = array_new ();
      g_autoptr(GString) merged_into = array_new ();
      const char *params[11];

      for (guint c = 0; c < G_N_ELEMENTS (cols); c++)
        cols[c] = array_new ();
      for (guint i = 0; i < data->ideas->len; i++)
        {
          const KzVoiceIdeaRow *row = g_ptr_array_index (data->ideas, i);
          const KzIdea *idea = row->idea;

          array_add (cols[0], idea->id);
          array_add (cols[1], idea->title);
          array_add (cols[2], idea->body != NULL ? idea->body : "");
          array_add (cols[3], idea->category);
          array_add (cols[4], ID_OR_NULL (b1, idea->author_id));
          array_add (cols[5], idea->pseudonym);
          array_add (cols[6], row->follow_up_hash);
          array_add (cols[7], pg_day (&idea->week, week));
          array_add (cols[8], kz_idea_status_to_string (idea->status));
          array_add (cols[9], idea->decline_reason);
          array_add (cols[10], idea->outcome);
          if (idea->merged_into != NULL)
            {
              array_add (merged_ids, idea->id);
              array_add (merged_into, idea->merged_into);
              n_merged++;
            }
        }
      for (guint c = 0; c < G_N_ELEMENTS (cols); c++)
        params[c] = array_end (cols[c]);
      if (!voice_ok (self, "INSERT INTO ideas (id, title, body, category, author_id, pseudonym, follow_up_hash, "
                           "created_on, status, decline_reason, outcome) "
                           "SELECT u.id::uuid, u.title, u.body, u.category, u.author, u.pseudonym, u.hash, u.week, "
                           "       u.status, u.reason, u.outcome "
                           "FROM unnest ($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::text[], "
                           "             $7::text[], $8::date[], $9::text[], $10::text[], $11::text[]) "
                           "     AS u (id, title, body, category, author, pseudonym, hash, week, status, reason, "
                           "           outcome) "
                           "ORDER BY u.id", 11, params, error))
        {
          for (guint c = 0; c < G_N_ELEMENTS (cols); c++)
            g_string_free (cols[c], TRUE);
          return FALSE;
        }
      for (guint c = 0; c < G_N_ELEMENTS (cols); c++)
        g_string_free (cols[c], TRUE);
      /* Merges once every idea is there. */
      if (n_merged > 0)
        {
          const char *p[2] = { array_end (merged_ids), array_end (merged_into) };

          if (!voice_ok (self, "UPDATE ideas i SET merged_into = u.target::uuid "
                               "FROM unnest ($1::text[], $2::text[]) AS u (id, target) WHERE i.id = u.id::uuid",
                         2, p, error))
            return FALSE;
        }
    }

  if (data->comments->len > 0)
    {
      GString *cols[8];
      const char *params[8];
      gboolean ok;

      for (guint c = 0; c < G_N_ELEMENTS (cols); c++)
        cols[c] = array_new ();
      for (guint i = 0; i < data->comments->len; i++)
        {
          const KzVoiceCommentRow *row = g_ptr_array_index (data->comments, i);
          const KzIdeaComment *c = row->comment;

          array_add (cols[0], c->id);
          array_add (cols[1], c->idea_id);
          array_add (cols[2], ID_OR_NULL (b1, c->author_id));
          array_add (cols[3], c->pseudonym);
          array_add (cols[4], row->follow_up_hash);
          array_add (cols[5], c->from_manager ? "true" : "false");
          array_add (cols[6], c->body);
          array_add (cols[7], pg_day (&c->week, week));
        }
      for (guint c = 0; c < G_N_ELEMENTS (cols); c++)
        params[c] = array_end (cols[c]);
      ok = voice_ok (self, "INSERT INTO idea_comments (id, idea_id, author_id, pseudonym, follow_up_hash, "
                           "from_manager, body, created_on) "
                           "SELECT u.id::uuid, u.idea::uuid, u.author, u.pseudonym, u.hash, u.manager, u.body, u.week "
                           "FROM unnest ($1::text[], $2::text[], $3::bigint[], $4::text[], $5::text[], "
                           "             $6::boolean[], $7::text[], $8::date[]) "
                           "     AS u (id, idea, author, pseudonym, hash, manager, body, week) "
                           "ORDER BY u.id", 8, params, error);
      for (guint c = 0; c < G_N_ELEMENTS (cols); c++)
        g_string_free (cols[c], TRUE);
      if (!ok)
        return FALSE;
    }

  if (data->votes->len > 0)
    {
      g_autoptr(GString) ideas = array_new ();
      g_autoptr(GString) hashes = array_new ();

      for (guint i = 0; i < data->votes->len; i++)
        {
          const KzVoiceVoteRow *v = g_ptr_array_index (data->votes, i);

          array_add (ideas, v->idea_id);
          array_add (hashes, v->voter_hash);
        }
      {
        const char *params[2] = { array_end (ideas), array_end (hashes) };

        if (!voice_ok (self, "INSERT INTO idea_votes (idea_id, voter_hash) "
                             "SELECT u.idea::uuid, u.hash FROM unnest ($1::text[], $2::text[]) AS u (idea, hash) "
                             "ORDER BY 1, 2", 2, params, error))
          return FALSE;
      }
    }
  return TRUE;
}

/* The server's own hash of a voter (kz_voter_hash(), in PL/pgSQL) is the
 * one the votes were cast with in the file (kz_voice_voter_hash(), in C):
 * same secret, same key, same HMAC. */
static gboolean
pg_check_voter_hash (KzPgStore          *self,
                     const KzVoiceData  *data,
                     GError            **error)
{
  const KzVoterKey *key;
  g_autofree char *expected = NULL;
  g_autoptr(PGresult) r = NULL;
  char b_person[32];
  const char *params[1];

  if (data->voter_keys->len == 0)
    return TRUE;
  key = g_ptr_array_index (data->voter_keys, 0);
  expected = kz_voice_voter_hash (data->secret, key->key);
  params[0] = I64 (b_person, key->person_id);
  if ((r = voice_exec (self, "SELECT kz_voter_hash ($1)", 1, params, error)) == NULL)
    return FALSE;
  if (PQntuples (r) != 1 || g_strcmp0 (PQgetvalue (r, 0, 0), expected) != 0)
    {
      g_set_error_literal (error, KZ_ERROR, KZ_ERROR_FAILED,
                           _("The team server would not recognise the copied votes' voters (its hash of a voter "
                             "differs from the file's); nothing was copied"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
kz_pg_store_voice_import (KzStore            *store,
                          const KzVoiceData  *data,
                          GArray             *plan_ids,
                          GArray             *round_ids,
                          GError            **error)
{
  KzPgStore *self = KZ_PG_STORE (store);

  if (!kz_pg_store_begin (store, error))
    return FALSE;
  if (!pg_import_surveys (self, data, plan_ids, round_ids, error) ||
      !pg_import_keys (self, data, error) ||
      !pg_import_ideas (self, data, error) ||
      !pg_check_voter_hash (self, data, error))
    {
      kz_pg_store_rollback (store);
      return FALSE;
    }
  return kz_pg_store_commit (store, error);
}

/* ------------------------------------------------------------------------ */
/* Evaluation history and calibration sessions (sql/pg-014-disputes.sql).
 * kz-store.c has checked the rules; the server checks them again in its
 * SECURITY DEFINER functions, the only way a Kaizen role writes history.
 * Reads go through row-level security like every other. */

#define SQLSTATE_SERIALIZATION_FAILURE "40001"

static const char conflict_message[] =
  N_("Someone else resolved this dispute after you opened it; nothing was changed. "
     "Your decisions are still here: reload to see theirs.");

/* A server function's refusals, as the kinds of error the app tells apart. */
static PGresult *
history_exec (KzPgStore          *self,
              const char         *sql,
              int                 n_params,
              const char * const *params,
              GError            **error)
{
  g_autoptr(GError) local_error = NULL;
  PGresult *r = voice_exec (self, sql, n_params, params, &local_error);

  if (r != NULL)
    return r;
  if (local_error->code == KZ_ERROR_DATABASE && g_str_equal (self->sqlstate, SQLSTATE_SERIALIZATION_FAILURE))
    {
      g_clear_error (&local_error);
      g_set_error_literal (&local_error, KZ_ERROR, KZ_ERROR_CONFLICT, _(conflict_message));
    }
  g_propagate_error (error, g_steal_pointer (&local_error));
  return NULL;
}

static gboolean
history_ok (KzPgStore          *self,
            const char         *sql,
            int                 n_params,
            const char * const *params,
            GError            **error)
{
  PGresult *r = history_exec (self, sql, n_params, params, error);

  PQclear (r);
  return r != NULL;
}

static gboolean
kz_pg_store_record_revision (KzStore    *store,
                             gint64      evaluation_id,
                             gint64      actor_id,
                             gint64      dispute_id,
                             GDateTime  *at,
                             int        *revision,
                             GError    **error)
{
  char b_ev[32], b_actor[32], b_dispute[32], b_at[32];
  const char *params[4] = {
    I64 (b_ev, evaluation_id), ID_OR_NULL (b_actor, actor_id), ID_OR_NULL (b_dispute, dispute_id),
    at != NULL ? I64 (b_at, g_date_time_to_unix (at)) : NULL,
  };
  g_autoptr(PGresult) r = history_exec (KZ_PG_STORE (store), "SELECT kz_record_revision ($1, $2, $3, $4)",
                                        4, params, error);

  if (r == NULL)
    return FALSE;
  *revision = (int) get_i64 (r, 0, 0);
  return TRUE;
}

static gboolean
kz_pg_store_acknowledge (KzStore     *store,
                         gint64       evaluation_id,
                         int          revision,
                         gint64       agent_id,
                         const char  *comment,
                         GDateTime   *at,
                         GError     **error)
{
  char b_ev[32], b_agent[32], b_at[32];
  const char *params[4] = {
    I64 (b_ev, evaluation_id), ID_OR_NULL (b_agent, agent_id), comment, I64 (b_at, g_date_time_to_unix (at)),
  };

  return history_ok (KZ_PG_STORE (store), "SELECT kz_acknowledge ($1, $2, $3, $4)", 4, params, error);
}

static gint64
kz_pg_store_add_dispute (KzStore          *store,
                         const KzDispute  *dispute,
                         GError          **error)
{
  g_autoptr(GString) criteria = array_new ();
  g_autoptr(GString) reasons = array_new ();
  g_autoptr(PGresult) r = NULL;
  char b_ev[32], b_agent[32], b_at[32];

  for (guint i = 0; i < dispute->items->len; i++)
    {
      KzDisputeItem *item = g_ptr_array_index (dispute->items, i);

      array_add (criteria, item->criterion_id);
      array_add (reasons, item->reason);
    }
  {
    const char *params[6] = {
      I64 (b_ev, dispute->evaluation_id), ID_OR_NULL (b_agent, dispute->raised_by), dispute->reason,
      array_end (criteria), array_end (reasons), I64 (b_at, g_date_time_to_unix (dispute->raised_at)),
    };

    r = history_exec (KZ_PG_STORE (store), "SELECT kz_dispute_raise ($1, $2, $3, $4, $5, $6)", 6, params, error);
  }
  return r != NULL ? get_i64 (r, 0, 0) : 0;
}

static gboolean
kz_pg_store_claim_dispute (KzStore  *store,
                           gint64    dispute_id,
                           int       row_version,
                           GError  **error)
{
  char b_id[32], b_row[32];
  const char *params[2] = { I64 (b_id, dispute_id), I64 (b_row, row_version) };

  return history_ok (KZ_PG_STORE (store), "SELECT kz_dispute_claim ($1, $2)", 2, params, error);
}

static gboolean
kz_pg_store_resolve_items (KzStore    *store,
                           gint64      dispute_id,
                           gint64      resolver_id,
                           GPtrArray  *resolutions,
                           int         revision,
                           GDateTime  *at,
                           GError    **error)
{
  g_autoptr(GString) criteria = array_new ();
  g_autoptr(GString) kinds = array_new ();
  g_autoptr(GString) notes = array_new ();
  char b_id[32], b_resolver[32], b_at[32];

  for (guint i = 0; i < resolutions->len; i++)
    {
      KzDisputeResolution *res = g_ptr_array_index (resolutions, i);

      array_add (criteria, res->criterion_id);
      array_add (kinds, kz_resolution_to_string (res->resolution));
      array_add (notes, res->note);
    }
  {
    const char *params[6] = {
      I64 (b_id, dispute_id), ID_OR_NULL (b_resolver, resolver_id), array_end (criteria), array_end (kinds),
      array_end (notes), I64 (b_at, g_date_time_to_unix (at)),
    };

    return history_ok (KZ_PG_STORE (store), "SELECT kz_dispute_resolve ($1, $2, $3, $4, $5, $6)", 6, params, error);
  }
}

static GPtrArray *
kz_pg_store_list_disputes (KzStore                *store,
                           const KzDisputeFilter  *filter,
                           gint64                  id,
                           GError                **error)
{
  static const KzDisputeFilter all = { 0 };
  KzPgStore *self = KZ_PG_STORE (store);
  g_autoptr(PGresult) r = NULL;
  g_autoptr(PGresult) items = NULL;
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_dispute_free);
  g_autoptr(GString) ids = array_new ();
  char b_id[32], b_ev[32], b_agent[32];

  if (filter == NULL)
    filter = &all;
  {
    const char *params[4] = {
      I64 (b_id, id), I64 (b_ev, filter->evaluation_id), I64 (b_agent, filter->agent_id),
      filter->open_only ? "true" : "false",
    };

    r = kz_pg_store_exec (self, "SELECT d.id, d.evaluation_id, d.revision, d.raised_by, d.raised_at, d.reason, "
                                "d.state, d.closed_at, d.row_version FROM disputes d "
                                "JOIN evaluations e ON e.id = d.evaluation_id "
                                "WHERE ($1::bigint = 0 OR d.id = $1::bigint) "
                                "  AND ($2::bigint = 0 OR d.evaluation_id = $2::bigint) "
                                "  AND ($3::bigint = 0 OR e.agent_id = $3::bigint) "
                                "  AND (NOT $4::boolean OR d.state = 'open') "
                                "ORDER BY d.raised_at DESC, d.id DESC", 4, params, error);
  }
  if (r == NULL)
    return NULL;
  for (int i = 0; i < PQntuples (r); i++)
    {
      KzDispute *d = kz_dispute_new ();

      d->id = get_i64 (r, i, 0);
      d->evaluation_id = get_i64 (r, i, 1);
      d->revision = (int) get_i64 (r, i, 2);
      d->raised_by = get_i64 (r, i, 3);
      d->raised_at = get_time (r, i, 4);
      d->reason = get_str (r, i, 5);
      d->state = g_str_equal (PQgetvalue (r, i, 6), "closed") ? KZ_DISPUTE_CLOSED : KZ_DISPUTE_OPEN;
      d->closed_at = PQgetisnull (r, i, 7) ? NULL : get_time (r, i, 7);
      d->row_version = (int) get_i64 (r, i, 8);
      array_add_i64 (ids, d->id);
      g_ptr_array_add (list, d);
    }
  if (list->len == 0)
    return g_steal_pointer (&list);

  {
    const char *params[1] = { array_end (ids) };

    items = kz_pg_store_exec (self, "SELECT dispute_id, criterion_id, reason, resolution, note, resolved_by, "
                                    "resolved_at, revision FROM dispute_items WHERE dispute_id = ANY ($1::bigint[]) "
                                    "ORDER BY dispute_id, position", 1, params, error);
  }
  if (items == NULL)
    return NULL;
  for (int i = 0; i < PQntuples (items); i++)
    {
      gint64 dispute_id = get_i64 (items, i, 0);
      KzDisputeItem *item = kz_dispute_item_new (PQgetvalue (items, i, 1),
                                                 PQgetisnull (items, i, 2) ? NULL : PQgetvalue (items, i, 2));

      kz_resolution_from_string (PQgetvalue (items, i, 3), &item->resolution);
      item->note = get_str (items, i, 4);
      item->resolved_by = get_i64 (items, i, 5);
      item->resolved_at = PQgetisnull (items, i, 6) ? NULL : get_time (items, i, 6);
      item->revision = (int) get_i64 (items, i, 7);
      for (guint k = 0; k < list->len; k++)
        if (((KzDispute *) g_ptr_array_index (list, k))->id == dispute_id)
          {
            g_ptr_array_add (((KzDispute *) g_ptr_array_index (list, k))->items, g_steal_pointer (&item));
            break;
          }
      g_clear_pointer (&item, kz_dispute_item_free);
    }
  return g_steal_pointer (&list);
}

static GPtrArray *
kz_pg_store_list_acknowledgements (KzStore  *store,
                                   gint64    evaluation_id,
                                   GError  **error)
{
  char b_ev[32];
  const char *params[1] = { I64 (b_ev, evaluation_id) };
  g_autoptr(PGresult) r = kz_pg_store_exec (KZ_PG_STORE (store),
                                            "SELECT evaluation_id, revision, agent_id, at, comment FROM acknowledgements "
                                            "WHERE $1::bigint = 0 OR evaluation_id = $1::bigint "
                                            "ORDER BY evaluation_id, revision", 1, params, error);
  GPtrArray *list;

  if (r == NULL)
    return NULL;
  list = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_acknowledgement_free);
  for (int i = 0; i < PQntuples (r); i++)
    {
      KzAcknowledgement *a = g_new0 (KzAcknowledgement, 1);

      a->evaluation_id = get_i64 (r, i, 0);
      a->revision = (int) get_i64 (r, i, 1);
      a->agent_id = get_i64 (r, i, 2);
      a->at = get_time (r, i, 3);
      a->comment = get_str (r, i, 4);
      g_ptr_array_add (list, a);
    }
  return list;
}

static GPtrArray *
kz_pg_store_list_revisions (KzStore  *store,
                            gint64    evaluation_id,
                            GError  **error)
{
  KzPgStore *self = KZ_PG_STORE (store);
  char b_ev[32];
  const char *params[1] = { I64 (b_ev, evaluation_id) };
  g_autoptr(PGresult) r = kz_pg_store_exec (self, "SELECT evaluation_id, revision, created_at, created_by, dispute_id, "
                                                  "rubric_version, raw, final, pass, auto_failed, failed_by, critical "
                                                  "FROM evaluation_revisions "
                                                  "WHERE $1::bigint = 0 OR evaluation_id = $1::bigint "
                                                  "ORDER BY evaluation_id, revision", 1, params, error);
  g_autoptr(PGresult) answers = NULL;
  g_autoptr(GPtrArray) list = NULL;

  if (r == NULL)
    return NULL;
  answers = kz_pg_store_exec (self, "SELECT evaluation_id, revision, criterion_id, kind, value, comment, comment_at_ms "
                                    "FROM revision_answers WHERE $1::bigint = 0 OR evaluation_id = $1::bigint "
                                    "ORDER BY evaluation_id, revision", 1, params, error);
  if (answers == NULL)
    return NULL;
  list = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_revision_free);
  for (int i = 0, a = 0; i < PQntuples (r); i++)
    {
      KzRevision *rev = g_new0 (KzRevision, 1);

      rev->evaluation_id = get_i64 (r, i, 0);
      rev->revision = (int) get_i64 (r, i, 1);
      rev->created_at = get_time (r, i, 2);
      rev->created_by = get_i64 (r, i, 3);
      rev->dispute_id = get_i64 (r, i, 4);
      rev->rubric_version = (int) get_i64 (r, i, 5);
      rev->has_score = !PQgetisnull (r, i, 7);
      rev->raw = get_dbl (r, i, 6);
      rev->final = get_dbl (r, i, 7);
      rev->pass = get_bool (r, i, 8);
      rev->auto_failed = get_bool (r, i, 9);
      rev->failed_by = PQgetisnull (r, i, 10) ? g_new0 (char *, 1) : g_strsplit (PQgetvalue (r, i, 10), " ", -1);
      rev->has_critical = !PQgetisnull (r, i, 11);
      rev->critical = get_dbl (r, i, 11);
      rev->answers = kz_answer_set_new ();
      /* Both in (evaluation, revision) order: the answers follow on. */
      for (; a < PQntuples (answers) && (get_i64 (answers, a, 0) < rev->evaluation_id ||
                                         (get_i64 (answers, a, 0) == rev->evaluation_id &&
                                          get_i64 (answers, a, 1) <= rev->revision)); a++)
        {
          KzAnswer *answer;

          if (get_i64 (answers, a, 0) != rev->evaluation_id || get_i64 (answers, a, 1) != rev->revision)
            continue;
          answer = kz_answer_new (PQgetvalue (answers, a, 2),
                                  g_str_equal (PQgetvalue (answers, a, 3), "na") ? KZ_ANSWER_NA : KZ_ANSWER_VALUE,
                                  get_dbl (answers, a, 4), PQgetisnull (answers, a, 5) ? NULL : PQgetvalue (answers, a, 5));
          if (!PQgetisnull (answers, a, 6))
            answer->comment_at_ms = (gint) get_i64 (answers, a, 6);
          kz_answer_set_put (rev->answers, answer);
        }
      g_ptr_array_add (list, rev);
    }
  return g_steal_pointer (&list);
}

static GPtrArray *
kz_pg_store_list_audit (KzStore  *store,
                        gint64    evaluation_id,
                        GError  **error)
{
  char b_ev[32];
  const char *params[1] = { I64 (b_ev, evaluation_id) };
  g_autoptr(PGresult) r = kz_pg_store_exec (KZ_PG_STORE (store),
                                            "SELECT id, at, actor_id, action, evaluation_id, revision, dispute_id, "
                                            "criterion_id, detail FROM audit_trail "
                                            "WHERE $1::bigint = 0 OR evaluation_id = $1::bigint ORDER BY id",
                                            1, params, error);
  GPtrArray *list;

  if (r == NULL)
    return NULL;
  list = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_audit_entry_free);
  for (int i = 0; i < PQntuples (r); i++)
    {
      KzAuditEntry *e = g_new0 (KzAuditEntry, 1);

      e->id = get_i64 (r, i, 0);
      e->at = get_time (r, i, 1);
      e->actor_id = get_i64 (r, i, 2);
      kz_audit_action_from_string (PQgetvalue (r, i, 3), &e->action);
      e->evaluation_id = get_i64 (r, i, 4);
      e->revision = (int) get_i64 (r, i, 5);
      e->dispute_id = get_i64 (r, i, 6);
      e->criterion_id = get_str (r, i, 7);
      e->detail = get_str (r, i, 8);
      g_ptr_array_add (list, e);
    }
  return list;
}

static gint64
kz_pg_store_add_calibration (KzStore                     *store,
                             const KzCalibrationSession  *session,
                             GError                     **error)
{
  KzPgStore *self = KZ_PG_STORE (store);
  g_autoptr(GString) reviewers = array_new ();
  g_autoptr(GString) interactions = array_new ();
  g_autoptr(PGresult) r = NULL;
  char b_version[32], b_lead[32], b_at[32], b_id[32];
  gint64 id;

  for (guint i = 0; i < session->reviewer_ids->len; i++)
    array_add_i64 (reviewers, g_array_index (session->reviewer_ids, gint64, i));
  for (guint i = 0; i < session->interaction_ids->len; i++)
    array_add_i64 (interactions, g_array_index (session->interaction_ids, gint64, i));

  if (!kz_pg_store_begin (store, error))
    return 0;
  {
    const char *params[5] = {
      session->title, session->rubric_id, I64 (b_version, session->rubric_version), I64 (b_lead, session->lead_id),
      I64 (b_at, g_date_time_to_unix (session->created_at)),
    };

    r = history_exec (self, "INSERT INTO calibration_sessions (title, rubric_id, rubric_version, lead_id, created_at) "
                            "VALUES ($1, $2, $3, $4, $5) RETURNING id", 5, params, error);
  }
  if (r == NULL)
    goto fail;
  id = get_i64 (r, 0, 0);
  {
    const char *params[3] = { I64 (b_id, id), array_end (reviewers), array_end (interactions) };

    const char *interaction_params[2] = { params[0], params[2] };

    if (!history_ok (self, "INSERT INTO calibration_reviewers (session_id, reviewer_id) "
                           "SELECT $1, u FROM unnest ($2::bigint[]) u", 2, params, error) ||
        !history_ok (self, "INSERT INTO calibration_interactions (session_id, position, interaction_id) "
                           "SELECT $1, u.ord - 1, u.id FROM unnest ($2::bigint[]) WITH ORDINALITY AS u (id, ord)",
                     2, interaction_params, error))
      goto fail;
  }
  if (!kz_pg_store_commit (store, error))
    goto fail;
  return id;

fail:
  kz_pg_store_rollback (store);
  return 0;
}

static gboolean
kz_pg_store_close_calibration (KzStore    *store,
                               gint64      session_id,
                               GDateTime  *at,
                               GError    **error)
{
  char b_id[32], b_at[32];
  const char *params[2] = { I64 (b_id, session_id), I64 (b_at, g_date_time_to_unix (at)) };

  return history_ok (KZ_PG_STORE (store), "SELECT kz_calibration_close ($1, $2)", 2, params, error);
}

static GPtrArray *
kz_pg_store_list_calibrations (KzStore  *store,
                               gint64    id,
                               GError  **error)
{
  KzPgStore *self = KZ_PG_STORE (store);
  char b_id[32];
  const char *params[1] = { I64 (b_id, id) };
  g_autoptr(PGresult) r = NULL;
  g_autoptr(PGresult) members = NULL;
  g_autoptr(PGresult) units = NULL;
  g_autoptr(GPtrArray) list = NULL;

  /* How many were submitted is counted by the server, over rows the login
   * may not read: how many, never whose. */
  r = kz_pg_store_exec (self, "SELECT s.id, s.title, s.rubric_id, s.rubric_version, s.lead_id, s.created_at, "
                              "s.closed_at FROM calibration_sessions s "
                              "WHERE $1::bigint = 0 OR s.id = $1::bigint ORDER BY s.created_at DESC, s.id DESC",
                        1, params, error);
  if (r == NULL)
    return NULL;
  members = kz_pg_store_exec (self, "SELECT session_id, reviewer_id FROM calibration_reviewers "
                                    "WHERE $1::bigint = 0 OR session_id = $1::bigint ORDER BY session_id, reviewer_id",
                              1, params, error);
  if (members == NULL)
    return NULL;
  units = kz_pg_store_exec (self, "SELECT session_id, interaction_id FROM calibration_interactions "
                                  "WHERE $1::bigint = 0 OR session_id = $1::bigint ORDER BY session_id, position",
                            1, params, error);
  if (units == NULL)
    return NULL;
  list = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_calibration_session_free);
  for (int i = 0; i < PQntuples (r); i++)
    {
      KzCalibrationSession *s = kz_calibration_session_new ();
      g_autoptr(PGresult) n = NULL;
      char b_s[32];
      const char *p[1];

      s->id = get_i64 (r, i, 0);
      s->title = get_str (r, i, 1);
      s->rubric_id = get_str (r, i, 2);
      s->rubric_version = (int) get_i64 (r, i, 3);
      s->lead_id = get_i64 (r, i, 4);
      s->created_at = get_time (r, i, 5);
      s->closed_at = PQgetisnull (r, i, 6) ? NULL : get_time (r, i, 6);
      for (int k = 0; k < PQntuples (members); k++)
        if (get_i64 (members, k, 0) == s->id)
          {
            gint64 v = get_i64 (members, k, 1);

            g_array_append_val (s->reviewer_ids, v);
          }
      for (int k = 0; k < PQntuples (units); k++)
        if (get_i64 (units, k, 0) == s->id)
          {
            gint64 v = get_i64 (units, k, 1);

            g_array_append_val (s->interaction_ids, v);
          }
      p[0] = I64 (b_s, s->id);
      n = kz_pg_store_exec (self, "SELECT kz_calibration_submitted ($1)", 1, p, error);
      if (n == NULL)
        {
          kz_calibration_session_free (s);
          return NULL;
        }
      s->n_submitted = (guint) get_i64 (n, 0, 0);
      g_ptr_array_add (list, s);
    }
  return g_steal_pointer (&list);
}

static gint64
kz_pg_store_find_calibration_evaluation (KzStore  *store,
                                         gint64    session_id,
                                         gint64    interaction_id,
                                         gint64    reviewer_id,
                                         GError  **error)
{
  char b_s[32], b_i[32], b_r[32];
  const char *params[3] = { I64 (b_s, session_id), I64 (b_i, interaction_id), I64 (b_r, reviewer_id) };
  g_autoptr(PGresult) r = kz_pg_store_exec (KZ_PG_STORE (store),
                                            "SELECT id FROM evaluations WHERE is_calibration "
                                            "AND calibration_session_id = $1 AND interaction_id = $2 "
                                            "AND reviewer_id = $3", 3, params, error);

  if (r == NULL)
    return -1;
  return PQntuples (r) > 0 ? get_i64 (r, 0, 0) : 0;
}

static KzHistoryData *
kz_pg_store_history_export (KzStore  *store,
                            GError  **error)
{
  g_set_error_literal (error, KZ_ERROR, KZ_ERROR_PERMISSION,
                       _("A team server gives evaluation history only as each login may read it"));
  return NULL;
}

/* The owner writes history as it was (kz_store_copy()): no Kaizen role has
 * the privileges, and the triggers only refuse changes, not new rows. */
static gboolean
kz_pg_store_history_import (KzStore        *store,
                            KzHistoryData  *data,
                            GError        **error)
{
  KzPgStore *self = KZ_PG_STORE (store);
  g_autoptr(GHashTable) disputes = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);

#define NEW_DISPUTE(old) ((old) > 0 ? *(gint64 *) g_hash_table_lookup (disputes, &(gint64) { (old) }) : 0)

  if (!kz_pg_store_begin (store, error))
    return FALSE;
  for (guint i = 0; i < data->disputes->len; i++)
    {
      KzDispute *d = g_ptr_array_index (data->disputes, i);
      g_autoptr(PGresult) r = NULL;
      char b_ev[32], b_rev[32], b_by[32], b_at[32], b_closed[32], b_row[32];
      const char *params[8] = {
        I64 (b_ev, d->evaluation_id), I64 (b_rev, d->revision), I64 (b_by, d->raised_by),
        I64 (b_at, g_date_time_to_unix (d->raised_at)), d->reason, kz_dispute_state_to_string (d->state),
        d->closed_at ? I64 (b_closed, g_date_time_to_unix (d->closed_at)) : NULL, I64 (b_row, d->row_version),
      };
      gint64 id;

      r = kz_pg_store_exec (self, "INSERT INTO disputes (evaluation_id, revision, raised_by, raised_at, reason, state, "
                                  "closed_at, row_version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
                            8, params, error);
      if (r == NULL)
        goto fail;
      id = get_i64 (r, 0, 0);
      g_hash_table_insert (disputes, g_memdup2 (&d->id, sizeof d->id), g_memdup2 (&id, sizeof id));
      d->id = id;
      for (guint k = 0; k < d->items->len; k++)
        {
          KzDisputeItem *item = g_ptr_array_index (d->items, k);
          char b_id[32], b_pos[32], b_res_by[32], b_res_at[32], b_item_rev[32];
          const char *p[9] = {
            I64 (b_id, id), item->criterion_id, I64 (b_pos, k), item->reason, kz_resolution_to_string (item->resolution),
            item->note, ID_OR_NULL (b_res_by, item->resolved_by),
            item->resolved_at ? I64 (b_res_at, g_date_time_to_unix (item->resolved_at)) : NULL,
            ID_OR_NULL (b_item_rev, item->revision),
          };

          if (!exec_ok (self, "INSERT INTO dispute_items (dispute_id, criterion_id, position, reason, resolution, note, "
                              "resolved_by, resolved_at, revision) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                        9, p, error))
            goto fail;
        }
    }
  for (guint i = 0; i < data->revisions->len; i++)
    {
      KzRevision *rev = g_ptr_array_index (data->revisions, i);
      g_autofree char *failed_by = rev->failed_by ? g_strjoinv (" ", rev->failed_by) : g_strdup ("");
      char b_ev[32], b_rev[32], b_at[32], b_by[32], b_dispute[32], b_ver[32];
      char b_raw[G_ASCII_DTOSTR_BUF_SIZE], b_final[G_ASCII_DTOSTR_BUF_SIZE], b_crit[G_ASCII_DTOSTR_BUF_SIZE];
      const char *params[12];
      GHashTableIter iter;
      KzAnswer *a;

      rev->dispute_id = NEW_DISPUTE (rev->dispute_id);
      params[0] = I64 (b_ev, rev->evaluation_id);
      params[1] = I64 (b_rev, rev->revision);
      params[2] = I64 (b_at, g_date_time_to_unix (rev->created_at));
      params[3] = ID_OR_NULL (b_by, rev->created_by);
      params[4] = ID_OR_NULL (b_dispute, rev->dispute_id);
      params[5] = I64 (b_ver, rev->rubric_version);
      params[6] = rev->has_score ? dbl (b_raw, rev->raw) : NULL;
      params[7] = rev->has_score ? dbl (b_final, rev->final) : NULL;
      params[8] = rev->has_score ? (rev->pass ? "true" : "false") : NULL;
      params[9] = rev->auto_failed ? "true" : "false";
      params[10] = *failed_by ? failed_by : NULL;
      params[11] = rev->has_critical ? dbl (b_crit, rev->critical) : NULL;
      if (!exec_ok (self, "INSERT INTO evaluation_revisions (evaluation_id, revision, created_at, created_by, dispute_id, "
                          "rubric_version, raw, final, pass, auto_failed, failed_by, critical) "
                          "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)", 12, params, error))
        goto fail;
      g_hash_table_iter_init (&iter, rev->answers);
      while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &a))
        {
          char b_value[G_ASCII_DTOSTR_BUF_SIZE], b_ms[32];
          const char *p[7] = {
            params[0], params[1], a->criterion_id, a->kind == KZ_ANSWER_NA ? "na" : "value",
            a->kind == KZ_ANSWER_VALUE ? dbl (b_value, a->value) : NULL, a->comment,
            a->comment_at_ms >= 0 ? I64 (b_ms, a->comment_at_ms) : NULL,
          };

          if (!exec_ok (self, "INSERT INTO revision_answers (evaluation_id, revision, criterion_id, kind, value, "
                              "comment, comment_at_ms) VALUES ($1, $2, $3, $4, $5, $6, $7)", 7, p, error))
            goto fail;
        }
    }
  for (guint i = 0; i < data->acknowledgements->len; i++)
    {
      KzAcknowledgement *a = g_ptr_array_index (data->acknowledgements, i);
      char b_ev[32], b_rev[32], b_agent[32], b_at[32];
      const char *p[5] = {
        I64 (b_ev, a->evaluation_id), I64 (b_rev, a->revision), I64 (b_agent, a->agent_id),
        I64 (b_at, g_date_time_to_unix (a->at)), a->comment,
      };

      if (!exec_ok (self, "INSERT INTO acknowledgements (evaluation_id, revision, agent_id, at, comment) "
                          "VALUES ($1, $2, $3, $4, $5)", 5, p, error))
        goto fail;
    }
  for (guint i = 0; i < data->audit->len; i++)
    {
      KzAuditEntry *e = g_ptr_array_index (data->audit, i);
      char b_at[32], b_actor[32], b_ev[32], b_rev[32], b_dispute[32];
      const char *p[8];

      e->dispute_id = NEW_DISPUTE (e->dispute_id);
      p[0] = I64 (b_at, g_date_time_to_unix (e->at));
      p[1] = ID_OR_NULL (b_actor, e->actor_id);
      p[2] = kz_audit_action_to_string (e->action);
      p[3] = I64 (b_ev, e->evaluation_id);
      p[4] = ID_OR_NULL (b_rev, e->revision);
      p[5] = ID_OR_NULL (b_dispute, e->dispute_id);
      p[6] = e->criterion_id;
      p[7] = e->detail;
      if (!exec_ok (self, "INSERT INTO audit_trail (at, actor_id, action, evaluation_id, revision, dispute_id, "
                          "criterion_id, detail) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)", 8, p, error))
        goto fail;
    }
  for (guint i = 0; i < data->evaluations->len; i++)
    {
      KzHistoryEvaluation *e = g_ptr_array_index (data->evaluations, i);
      char b_ev[32], b_rev[32], b_at[32];
      const char *p[3] = {
        I64 (b_ev, e->evaluation_id), I64 (b_rev, e->revision),
        e->submitted_at ? I64 (b_at, g_date_time_to_unix (e->submitted_at)) : NULL,
      };

      if (!exec_ok (self, "UPDATE evaluations SET revision = $2, submitted_at = $3 WHERE id = $1", 3, p, error))
        goto fail;
    }
#undef NEW_DISPUTE
  return kz_pg_store_commit (store, error);

fail:
  kz_pg_store_rollback (store);
  return FALSE;
}

/* ------------------------------------------------------------------------ */
/* Change notifications */

static gboolean start_listening (KzPgStore *self);

static gboolean
reconnect_listener_cb (gpointer data)
{
  KzPgStore *self = data;

  self->reconnect_source = 0;
  if (!start_listening (self))
    {
      GSource *source = g_timeout_source_new_seconds (5);

      g_source_set_callback (source, reconnect_listener_cb, self, NULL);
      self->reconnect_source = g_source_attach (source, self->context);
      g_source_unref (source);
    }
  return G_SOURCE_REMOVE;
}

static gboolean
notification_cb (int          fd,
                 GIOCondition condition,
                 gpointer     data)
{
  KzPgStore *self = data;
  PGnotify *n;

  if (!PQconsumeInput (self->listener) || PQstatus (self->listener) != CONNECTION_OK)
    {
      /* The server went away: listen again once it is back. */
      g_debug ("change listener lost: %s", PQerrorMessage (self->listener));
      g_clear_pointer (&self->listener, PQfinish);
      self->listen_source = 0;
      reconnect_listener_cb (self);
      return G_SOURCE_REMOVE;
    }

  while ((n = PQnotifies (self->listener)) != NULL)
    {
      g_autofree char *what = g_strdup (n->extra);

      PQfreemem (n);
      /* Rubrics cached from before may have been replaced meanwhile. */
      if (g_str_equal (what, "rubrics"))
        g_atomic_int_set (&self->rubrics_stale, 1);
      g_signal_emit_by_name (self, "changed", what);
    }
  return G_SOURCE_CONTINUE;
}

static gboolean
start_listening (KzPgStore *self)
{
  const char *keywords[] = { "dbname", "password", NULL };
  const char *values[] = { self->uri, self->password, NULL };
  PGresult *r;
  GSource *source;

  if (self->password == NULL)
    keywords[1] = NULL;
  self->listener = PQconnectdbParams (keywords, values, 1);
  if (PQstatus (self->listener) != CONNECTION_OK)
    {
      g_clear_pointer (&self->listener, PQfinish);
      return FALSE;
    }

  r = PQexec (self->listener, "LISTEN kaizen_changes");
  if (PQresultStatus (r) != PGRES_COMMAND_OK)
    {
      PQclear (r);
      g_clear_pointer (&self->listener, PQfinish);
      return FALSE;
    }
  PQclear (r);
  PQsetnonblocking (self->listener, 1);

  source = g_unix_fd_source_new (PQsocket (self->listener), G_IO_IN | G_IO_HUP | G_IO_ERR);
  g_source_set_callback (source, (GSourceFunc) (void (*) (void)) notification_cb, self, NULL);
  self->listen_source = g_source_attach (source, self->context);
  g_source_unref (source);
  return TRUE;
}

static void
remove_source (GMainContext *context,
               guint        *id)
{
  GSource *source;

  if (*id == 0)
    return;
  source = g_main_context_find_source_by_id (context, *id);
  if (source != NULL)
    g_source_destroy (source);
  *id = 0;
}

/* ------------------------------------------------------------------------ */

/* ------------------------------------------------------------------------ */
/* Coaching (sql/pg-016-coaching.sql).  kz-store.c checks the records; these
 * store them, each list in one statement over array parameters. */

#define TIME_OR_NULL(buf, t) ((t) != NULL ? I64 (buf, g_date_time_to_unix (t)) : NULL)

static GDateTime *
get_time_or_null (PGresult *r, int row, int col)
{
  return PQgetisnull (r, row, col) ? NULL : get_time (r, row, col);
}

/* Runs @sql in its own savepoint; FALSE (rolled back) on failure. */
static gboolean
pg_write_refs (KzPgStore   *self,
               const char  *delete_sql,
               const char  *insert_sql,
               const char  *owner,
               GPtrArray   *refs,
               GError     **error)
{
  g_autoptr(GString) rubrics = array_new ();
  g_autoptr(GString) criteria = array_new ();
  const char *params[3];

  params[0] = owner;
  if (!exec_ok (self, delete_sql, 1, params, error))
    return FALSE;
  if (refs->len == 0)
    return TRUE;
  for (guint i = 0; i < refs->len; i++)
    {
      const KzCriterionRef *r = refs->pdata[i];
      array_add (rubrics, r->rubric_id);
      array_add (criteria, r->criterion_id);
    }
  params[1] = array_end (rubrics);
  params[2] = array_end (criteria);
  return exec_ok (self, insert_sql, 3, params, error);
}

static gboolean
pg_write_ids (KzPgStore   *self,
              const char  *delete_sql,
              const char  *insert_sql,
              const char  *owner,
              GArray      *ids,
              GError     **error)
{
  g_autoptr(GString) list = array_new ();
  const char *params[2];

  params[0] = owner;
  if (!exec_ok (self, delete_sql, 1, params, error))
    return FALSE;
  if (ids->len == 0)
    return TRUE;
  for (guint i = 0; i < ids->len; i++)
    array_add_i64 (list, g_array_index (ids, gint64, i));
  params[1] = array_end (list);
  return exec_ok (self, insert_sql, 2, params, error);
}

static gboolean
pg_end (KzPgStore *self, gboolean ok, GError **error)
{
  if (ok && kz_pg_store_commit (KZ_STORE (self), error))
    return TRUE;
  kz_pg_store_rollback (KZ_STORE (self));
  return FALSE;
}

static gint64
kz_pg_store_save_catalog_item (KzStore              *store,
                               const KzCatalogItem  *item,
                               GError              **error)
{
  KzPgStore *self = KZ_PG_STORE (store);
  gboolean elearning = item->kind == KZ_CATALOG_ELEARNING;
  char b_min[32], b_cap[32], b_id[32];
  const char *params[8] = {
    kz_catalog_kind_to_string (item->kind), item->title, elearning ? item->link : NULL,
    elearning ? item->file : NULL, elearning ? I64 (b_min, item->minutes) : NULL,
    elearning ? NULL : I64 (b_cap, item->capacity), item->external_id, ID_OR_NULL (b_id, item->id),
  };
  g_autoptr(PGresult) r = NULL;
  gint64 id = 0;
  gboolean ok;

  if (!kz_pg_store_begin (store, error))
    return 0;
  r = kz_pg_store_exec (self, item->id == 0
    ? "INSERT INTO catalog_items (kind, title, link, file, minutes, capacity, external_id) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id"
    : "UPDATE catalog_items SET kind = $1, title = $2, link = $3, file = $4, minutes = $5, capacity = $6, "
      "external_id = $7 WHERE id = $8 RETURNING id", item->id == 0 ? 7 : 8, params, error);
  if (r == NULL && g_strcmp0 (self->sqlstate, "23505") == 0)
    {
      g_clear_error (error);
      g_set_error (error, KZ_ERROR, KZ_ERROR_EXISTS, _("Another training item has the LMS id “%s”"),
                   item->external_id);
    }
  ok = r != NULL;
  if (ok && PQntuples (r) == 0)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_NOT_FOUND, _("There is no training item %" G_GINT64_FORMAT), item->id);
      ok = FALSE;
    }
  if (ok)
    {
      id = get_i64 (r, 0, 0);
      ok = pg_write_refs (self, "DELETE FROM catalog_criteria WHERE item_id = $1",
                          "INSERT INTO catalog_criteria (item_id, position, rubric_id, criterion_id) "
                          "SELECT $1, o - 1, r, c FROM unnest ($2::text[], $3::text[]) WITH ORDINALITY AS t (r, c, o)",
                          I64 (b_id, id), item->criteria, error);
    }
  return pg_end (self, ok, error) ? id : 0;
}

static GPtrArray *
kz_pg_store_list_catalog_items (KzStore  *store,
                                GError  **error)
{
  KzPgStore *self = KZ_PG_STORE (store);
  g_autoptr(PGresult) r = kz_pg_store_exec (self, "SELECT id, kind, title, link, file, minutes, capacity, "
                                            "external_id FROM catalog_items ORDER BY title, id", 0, NULL, error);
  g_autoptr(PGresult) c = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_int64_hash, g_int64_equal);

  if (r == NULL)
    return NULL;
  c = kz_pg_store_exec (self, "SELECT item_id, rubric_id, criterion_id FROM catalog_criteria "
                        "ORDER BY item_id, position", 0, NULL, error);
  if (c == NULL)
    return NULL;
  items = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_catalog_item_free);
  for (int i = 0; i < PQntuples (r); i++)
    {
      KzCatalogKind kind = KZ_CATALOG_ELEARNING;
      KzCatalogItem *item;

      kz_catalog_kind_from_string (PQgetvalue (r, i, 1), &kind);
      item = kz_catalog_item_new (kind, PQgetvalue (r, i, 2));
      item->id = get_i64 (r, i, 0);
      item->link = get_str (r, i, 3);
      item->file = get_str (r, i, 4);
      item->minutes = (int) get_i64 (r, i, 5);
      item->capacity = (int) get_i64 (r, i, 6);
      item->external_id = get_str (r, i, 7);
      g_ptr_array_add (items, item);
      g_hash_table_insert (by_id, &item->id, item);
    }
  for (int i = 0; i < PQntuples (c); i++)
    {
      gint64 id = get_i64 (c, i, 0);
      KzCatalogItem *item = g_hash_table_lookup (by_id, &id);
      if (item != NULL)
        g_ptr_array_add (item->criteria, kz_criterion_ref_new (PQgetvalue (c, i, 1), PQgetvalue (c, i, 2)));
    }
  return g_steal_pointer (&items);
}

static gint64
kz_pg_store_save_rule (KzStore               *store,
                       const KzCoachingRule  *rule,
                       GError               **error)
{
  KzPgStore *self = KZ_PG_STORE (store);
  gboolean last_n = rule->condition == KZ_RULE_LAST_N_FAILED;
  char b_n[32], b_t[G_ASCII_DTOSTR_BUF_SIZE], b_d[32], b_item[32], b_cool[32], b_sla[32], b_id[32];
  const char *params[11] = {
    rule->rubric_id, rule->criterion_id, kz_rule_condition_to_string (rule->condition),
    last_n ? I64 (b_n, rule->n) : NULL, last_n ? NULL : dbl (b_t, rule->threshold),
    last_n ? NULL : I64 (b_d, rule->days), I64 (b_item, rule->catalog_item_id), I64 (b_cool, rule->cooldown_weeks),
    I64 (b_sla, rule->sla_days), rule->active ? "true" : "false", ID_OR_NULL (b_id, rule->id),
  };
  g_autoptr(PGresult) r = NULL;

  if (!kz_pg_store_begin (store, error))
    return 0;
  r = kz_pg_store_exec (self, rule->id == 0
    ? "INSERT INTO coaching_rules (rubric_id, criterion_id, condition, n, threshold, days, catalog_item_id, "
      "cooldown_weeks, sla_days, active) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id"
    : "UPDATE coaching_rules SET rubric_id = $1, criterion_id = $2, condition = $3, n = $4, threshold = $5, "
      "days = $6, catalog_item_id = $7, cooldown_weeks = $8, sla_days = $9, active = $10 WHERE id = $11 RETURNING id",
    rule->id == 0 ? 10 : 11, params, error);
  if (r != NULL && PQntuples (r) == 0)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_NOT_FOUND, _("There is no rule %" G_GINT64_FORMAT), rule->id);
      g_clear_pointer (&r, PQclear);
    }
  return pg_end (self, r != NULL, error) ? get_i64 (r, 0, 0) : 0;
}

static GPtrArray *
kz_pg_store_list_rules (KzStore  *store,
                        GError  **error)
{
  g_autoptr(PGresult) r = kz_pg_store_exec (KZ_PG_STORE (store),
                                            "SELECT id, rubric_id, criterion_id, condition, n, threshold, days, "
                                            "catalog_item_id, cooldown_weeks, sla_days, active FROM coaching_rules "
                                            "ORDER BY id", 0, NULL, error);
  GPtrArray *rules;

  if (r == NULL)
    return NULL;
  rules = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_coaching_rule_free);
  for (int i = 0; i < PQntuples (r); i++)
    {
      KzCoachingRule *rule = kz_coaching_rule_new ();

      rule->id = get_i64 (r, i, 0);
      rule->rubric_id = get_str (r, i, 1);
      rule->criterion_id = get_str (r, i, 2);
      kz_rule_condition_from_string (PQgetvalue (r, i, 3), &rule->condition);
      rule->n = (int) get_i64 (r, i, 4);
      rule->threshold = get_dbl (r, i, 5);
      rule->days = (int) get_i64 (r, i, 6);
      rule->catalog_item_id = get_i64 (r, i, 7);
      rule->cooldown_weeks = (int) get_i64 (r, i, 8);
      rule->sla_days = (int) get_i64 (r, i, 9);
      rule->active = get_bool (r, i, 10);
      g_ptr_array_add (rules, rule);
    }
  return rules;
}

static gint64
kz_pg_store_save_proposal (KzStore           *store,
                           const KzProposal  *p,
                           GError           **error)
{
  KzPgStore *self = KZ_PG_STORE (store);
  char b_rule[32], b_agent[32], b_at[32], b_dec[32], b_by[32], b_plan[32], b_id[32];
  const char *params[9] = {
    I64 (b_rule, p->rule_id), I64 (b_agent, p->agent_id), I64 (b_at, g_date_time_to_unix (p->created_at)),
    p->reason, kz_proposal_state_to_string (p->state), TIME_OR_NULL (b_dec, p->decided_at),
    ID_OR_NULL (b_by, p->decided_by), ID_OR_NULL (b_plan, p->plan_id), ID_OR_NULL (b_id, p->id),
  };
  g_autoptr(PGresult) r = NULL;
  gint64 id = 0;
  gboolean ok;

  if (!kz_pg_store_begin (store, error))
    return 0;
  r = kz_pg_store_exec (self, p->id == 0
    ? "INSERT INTO proposals (rule_id, agent_id, created_at, reason, state, decided_at, decided_by, plan_id) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id"
    : "UPDATE proposals SET rule_id = $1, agent_id = $2, created_at = $3, reason = $4, state = $5, "
      "decided_at = $6, decided_by = $7, plan_id = $8 WHERE id = $9 RETURNING id", p->id == 0 ? 8 : 9, params, error);
  ok = r != NULL && PQntuples (r) == 1;
  if (r != NULL && !ok)
    g_set_error (error, KZ_ERROR, KZ_ERROR_NOT_FOUND, _("There is no proposal %" G_GINT64_FORMAT), p->id);
  if (ok)
    {
      id = get_i64 (r, 0, 0);
      ok = pg_write_ids (self, "DELETE FROM proposal_evidence WHERE proposal_id = $1",
                         "INSERT INTO proposal_evidence (proposal_id, position, evaluation_id) "
                         "SELECT $1, o - 1, e FROM unnest ($2::bigint[]) WITH ORDINALITY AS t (e, o)",
                         I64 (b_id, id), p->evidence, error);
    }
  return pg_end (self, ok, error) ? id : 0;
}

static GPtrArray *
kz_pg_store_list_proposals (KzStore  *store,
                            GError  **error)
{
  KzPgStore *self = KZ_PG_STORE (store);
  g_autoptr(PGresult) r = kz_pg_store_exec (self, "SELECT id, rule_id, agent_id, created_at, reason, state, "
                                            "decided_at, decided_by, plan_id FROM proposals "
                                            "ORDER BY created_at DESC, id DESC", 0, NULL, error);
  g_autoptr(PGresult) e = NULL;
  g_autoptr(GPtrArray) out = NULL;
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_int64_hash, g_int64_equal);

  if (r == NULL)
    return NULL;
  e = kz_pg_store_exec (self, "SELECT proposal_id, evaluation_id FROM proposal_evidence "
                        "ORDER BY proposal_id, position", 0, NULL, error);
  if (e == NULL)
    return NULL;
  out = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_proposal_free);
  for (int i = 0; i < PQntuples (r); i++)
    {
      KzProposal *p = kz_proposal_new ();

      p->id = get_i64 (r, i, 0);
      p->rule_id = get_i64 (r, i, 1);
      p->agent_id = get_i64 (r, i, 2);
      p->created_at = get_time (r, i, 3);
      p->reason = get_str (r, i, 4);
      kz_proposal_state_from_string (PQgetvalue (r, i, 5), &p->state);
      p->decided_at = get_time_or_null (r, i, 6);
      p->decided_by = get_i64 (r, i, 7);
      p->plan_id = get_i64 (r, i, 8);
      g_ptr_array_add (out, p);
      g_hash_table_insert (by_id, &p->id, p);
    }
  for (int i = 0; i < PQntuples (e); i++)
    {
      gint64 id = get_i64 (e, i, 0), ev = get_i64 (e, i, 1);
      KzProposal *p = g_hash_table_lookup (by_id, &id);
      if (p != NULL)
        g_array_append_val (p->evidence, ev);
    }
  return g_steal_pointer (&out);
}

static gboolean
pg_write_plan_lists (KzPgStore     *self,
                     const KzPlan  *plan,
                     const char    *id,
                     GError       **error)
{
  const char *params[5];

  if (!pg_write_refs (self, "DELETE FROM plan_criteria WHERE plan_id = $1",
                      "INSERT INTO plan_criteria (plan_id, position, rubric_id, criterion_id) "
                      "SELECT $1, o - 1, r, c FROM unnest ($2::text[], $3::text[]) WITH ORDINALITY AS t (r, c, o)",
                      id, plan->criteria, error) ||
      !pg_write_ids (self, "DELETE FROM plan_evidence WHERE plan_id = $1",
                     "INSERT INTO plan_evidence (plan_id, position, evaluation_id) "
                     "SELECT $1, o - 1, e FROM unnest ($2::bigint[]) WITH ORDINALITY AS t (e, o)",
                     id, plan->evidence, error))
    return FALSE;

  params[0] = id;
  if (!plan->private_notes_hidden)
    {
      params[1] = plan->private_notes;
      if (!exec_ok (self, plan->private_notes != NULL
                    ? "INSERT INTO plan_private_notes (plan_id, notes) VALUES ($1, $2) "
                      "ON CONFLICT (plan_id) DO UPDATE SET notes = EXCLUDED.notes"
                    : "DELETE FROM plan_private_notes WHERE plan_id = $1",
                    plan->private_notes != NULL ? 2 : 1, params, error))
        return FALSE;
    }

  if (!exec_ok (self, "DELETE FROM action_items WHERE plan_id = $1", 1, params, error))
    return FALSE;
  if (plan->action_items->len > 0)
    {
      g_autoptr(GString) texts = array_new ();
      g_autoptr(GString) owners = array_new ();
      g_autoptr(GString) dues = array_new ();
      g_autoptr(GString) dones = array_new ();

      for (guint i = 0; i < plan->action_items->len; i++)
        {
          const KzActionItem *a = plan->action_items->pdata[i];
          char b_day[16], b_owner[32];

          array_add (texts, a->text);
          array_add (owners, ID_OR_NULL (b_owner, a->owner_id));
          array_add (dues, pg_day (&a->due, b_day));
          array_add (dones, a->done ? "true" : "false");
        }
      params[1] = array_end (texts);
      params[2] = array_end (owners);
      params[3] = array_end (dues);
      params[4] = array_end (dones);
      if (!exec_ok (self, "INSERT INTO action_items (plan_id, position, text, owner_id, due_on, done) "
                          "SELECT $1, o - 1, x, w, d, f FROM unnest ($2::text[], $3::bigint[], $4::date[], "
                          "$5::boolean[]) WITH ORDINALITY AS t (x, w, d, f, o)", 5, params, error))
        return FALSE;
    }

  if (!exec_ok (self, "DELETE FROM plan_attendees WHERE plan_id = $1", 1, params, error))
    return FALSE;
  if (plan->attendees->len > 0)
    {
      g_autoptr(GString) people = array_new ();
      g_autoptr(GString) attendance = array_new ();

      for (guint i = 0; i < plan->attendees->len; i++)
        {
          const KzAttendee *a = plan->attendees->pdata[i];
          array_add_i64 (people, a->person_id);
          array_add (attendance, kz_attendance_to_string (a->attendance));
        }
      params[1] = array_end (people);
      params[2] = array_end (attendance);
      if (!exec_ok (self, "INSERT INTO plan_attendees (plan_id, position, person_id, attendance) "
                          "SELECT $1, o - 1, p, a FROM unnest ($2::bigint[], $3::text[]) WITH ORDINALITY AS t (p, a, o)",
                    3, params, error))
        return FALSE;
    }

  if (!exec_ok (self, "DELETE FROM plan_exdates WHERE plan_id = $1", 1, params, error))
    return FALSE;
  if (plan->recurrence.exdates->len > 0)
    {
      g_autoptr(GString) ats = array_new ();

      for (guint i = 0; i < plan->recurrence.exdates->len; i++)
        array_add_i64 (ats, g_date_time_to_unix (plan->recurrence.exdates->pdata[i]));
      params[1] = array_end (ats);
      if (!exec_ok (self, "INSERT INTO plan_exdates (plan_id, at) SELECT DISTINCT $1::bigint, a "
                          "FROM unnest ($2::bigint[]) AS t (a)", 2, params, error))
        return FALSE;
    }
  return TRUE;
}

static gint64
kz_pg_store_save_plan (KzStore       *store,
                       const KzPlan  *plan,
                       GError       **error)
{
  KzPgStore *self = KZ_PG_STORE (store);
  const KzRecurrence *rec = &plan->recurrence;
  char b_agent[32], b_coach[32], b_item[32], b_prop[32], b_ack[32], b_start[32], b_dur[32], b_follow[16],
       b_due[16], b_cap[32], b_int[32], b_until[32], b_count[32], b_seq[32], b_created[32], b_updated[32],
       b_done[32], b_id[32];
  const char *params[30] = {
    kz_plan_kind_to_string (plan->kind), kz_plan_state_to_string (plan->state), plan->title,
    ID_OR_NULL (b_agent, plan->agent_id), ID_OR_NULL (b_coach, plan->coach_id),
    ID_OR_NULL (b_item, plan->catalog_item_id), ID_OR_NULL (b_prop, plan->proposal_id), plan->agenda,
    plan->shared_notes, TIME_OR_NULL (b_ack, plan->acknowledged_at), plan->commitment,
    TIME_OR_NULL (b_start, plan->starts_at), plan->tzid, I64 (b_dur, plan->duration_minutes),
    pg_day (&plan->follow_up, b_follow), pg_day (&plan->due, b_due), plan->place, plan->link,
    I64 (b_cap, plan->capacity), kz_freq_to_string (rec->freq), I64 (b_int, rec->interval),
    TIME_OR_NULL (b_until, rec->until), I64 (b_count, rec->count), rec->byday, plan->uid,
    I64 (b_seq, plan->sequence), I64 (b_created, g_date_time_to_unix (plan->created_at)),
    I64 (b_updated, g_date_time_to_unix (plan->updated_at)), TIME_OR_NULL (b_done, plan->completed_at),
    ID_OR_NULL (b_id, plan->id),
  };
  g_autoptr(PGresult) r = NULL;
  gint64 id = 0;
  gboolean ok;

  if (!kz_pg_store_begin (store, error))
    return 0;
  r = kz_pg_store_exec (self, plan->id == 0
    ? "INSERT INTO plans (kind, state, title, agent_id, coach_id, catalog_item_id, proposal_id, agenda, "
      "shared_notes, acknowledged_at, commitment, starts_at, tzid, duration_minutes, follow_up_on, due_on, place, "
      "link, capacity, freq, \"interval\", until, count, byday, uid, sequence, created_at, updated_at, completed_at) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, "
      "$23, $24, $25, $26, $27, $28, $29) RETURNING id"
    : "UPDATE plans SET kind = $1, state = $2, title = $3, agent_id = $4, coach_id = $5, catalog_item_id = $6, "
      "proposal_id = $7, agenda = $8, shared_notes = $9, acknowledged_at = $10, commitment = $11, starts_at = $12, "
      "tzid = $13, duration_minutes = $14, follow_up_on = $15, due_on = $16, place = $17, link = $18, "
      "capacity = $19, freq = $20, \"interval\" = $21, until = $22, count = $23, byday = $24, uid = $25, "
      "sequence = $26, created_at = $27, updated_at = $28, completed_at = $29 WHERE id = $30 RETURNING id",
    plan->id == 0 ? 29 : 30, params, error);
  ok = r != NULL && PQntuples (r) == 1;
  if (r != NULL && !ok)
    g_set_error (error, KZ_ERROR, KZ_ERROR_NOT_FOUND, _("There is no plan %" G_GINT64_FORMAT), plan->id);
  if (ok)
    {
      id = get_i64 (r, 0, 0);
      ok = pg_write_plan_lists (self, plan, I64 (b_id, id), error);
    }
  return pg_end (self, ok, error) ? id : 0;
}

static GPtrArray *
kz_pg_store_list_plans (KzStore  *store,
                        gint64    id,
                        GError  **error)
{
  KzPgStore *self = KZ_PG_STORE (store);
  char b_id[32];
  const char *params[1] = { I64 (b_id, id) };
  g_autoptr(PGresult) r = NULL;
  g_autoptr(PGresult) crit = NULL, ev = NULL, items = NULL, att = NULL, ex = NULL;
  g_autoptr(GPtrArray) out = NULL;
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_int64_hash, g_int64_equal);

  r = kz_pg_store_exec (self,
    "SELECT id, kind, state, title, agent_id, coach_id, catalog_item_id, proposal_id, agenda, shared_notes, "
    "acknowledged_at, commitment, starts_at, tzid, duration_minutes, follow_up_on, due_on, place, link, capacity, "
    "freq, \"interval\", until, count, byday, uid, sequence, created_at, updated_at, completed_at, "
    "kz_plan_private_notes (id), kz_may_read_private_notes (id) "
    "FROM plans WHERE $1 = 0 OR id = $1 ORDER BY id", 1, params, error);
  if (r == NULL ||
      (crit = kz_pg_store_exec (self, "SELECT plan_id, rubric_id, criterion_id FROM plan_criteria "
                                "WHERE $1 = 0 OR plan_id = $1 ORDER BY plan_id, position", 1, params, error)) == NULL ||
      (ev = kz_pg_store_exec (self, "SELECT plan_id, evaluation_id FROM plan_evidence "
                              "WHERE $1 = 0 OR plan_id = $1 ORDER BY plan_id, position", 1, params, error)) == NULL ||
      (items = kz_pg_store_exec (self, "SELECT plan_id, text, owner_id, due_on, done FROM action_items "
                                 "WHERE $1 = 0 OR plan_id = $1 ORDER BY plan_id, position", 1, params, error)) == NULL ||
      (att = kz_pg_store_exec (self, "SELECT plan_id, person_id, attendance FROM plan_attendees "
                               "WHERE $1 = 0 OR plan_id = $1 ORDER BY plan_id, position", 1, params, error)) == NULL ||
      (ex = kz_pg_store_exec (self, "SELECT plan_id, at FROM plan_exdates "
                              "WHERE $1 = 0 OR plan_id = $1 ORDER BY plan_id, at", 1, params, error)) == NULL)
    return NULL;

  out = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_plan_free);
  for (int i = 0; i < PQntuples (r); i++)
    {
      KzPlanKind kind = KZ_PLAN_COACHING;
      KzPlan *p;

      kz_plan_kind_from_string (PQgetvalue (r, i, 1), &kind);
      p = kz_plan_new (kind, PQgetvalue (r, i, 3));
      p->id = get_i64 (r, i, 0);
      kz_plan_state_from_string (PQgetvalue (r, i, 2), &p->state);
      p->agent_id = get_i64 (r, i, 4);
      p->coach_id = get_i64 (r, i, 5);
      p->catalog_item_id = get_i64 (r, i, 6);
      p->proposal_id = get_i64 (r, i, 7);
      p->agenda = get_str (r, i, 8);
      p->shared_notes = get_str (r, i, 9);
      p->acknowledged_at = get_time_or_null (r, i, 10);
      p->commitment = get_str (r, i, 11);
      p->starts_at = get_time_or_null (r, i, 12);
      p->tzid = get_str (r, i, 13);
      p->duration_minutes = (int) get_i64 (r, i, 14);
      get_day (r, i, 15, &p->follow_up);
      get_day (r, i, 16, &p->due);
      p->place = get_str (r, i, 17);
      p->link = get_str (r, i, 18);
      p->capacity = (int) get_i64 (r, i, 19);
      if (!PQgetisnull (r, i, 20))
        kz_freq_from_string (PQgetvalue (r, i, 20), &p->recurrence.freq);
      p->recurrence.interval = (int) get_i64 (r, i, 21);
      p->recurrence.until = get_time_or_null (r, i, 22);
      p->recurrence.count = (int) get_i64 (r, i, 23);
      p->recurrence.byday = get_str (r, i, 24);
      p->uid = get_str (r, i, 25);
      p->sequence = (int) get_i64 (r, i, 26);
      p->created_at = get_time (r, i, 27);
      p->updated_at = get_time (r, i, 28);
      p->completed_at = get_time_or_null (r, i, 29);
      p->private_notes = get_str (r, i, 30);
      p->private_notes_hidden = !get_bool (r, i, 31);
      g_ptr_array_add (out, p);
      g_hash_table_insert (by_id, &p->id, p);
    }

#define PLAN_OF(res, row) ((KzPlan *) g_hash_table_lookup (by_id, &(gint64) { get_i64 (res, row, 0) }))
  for (int i = 0; i < PQntuples (crit); i++)
    {
      KzPlan *p = PLAN_OF (crit, i);
      if (p != NULL)
        g_ptr_array_add (p->criteria, kz_criterion_ref_new (PQgetvalue (crit, i, 1), PQgetvalue (crit, i, 2)));
    }
  for (int i = 0; i < PQntuples (ev); i++)
    {
      KzPlan *p = PLAN_OF (ev, i);
      gint64 e = get_i64 (ev, i, 1);
      if (p != NULL)
        g_array_append_val (p->evidence, e);
    }
  for (int i = 0; i < PQntuples (items); i++)
    {
      KzPlan *p = PLAN_OF (items, i);
      KzActionItem *a;
      if (p == NULL)
        continue;
      a = kz_action_item_new (PQgetvalue (items, i, 1), get_i64 (items, i, 2));
      get_day (items, i, 3, &a->due);
      a->done = get_bool (items, i, 4);
      g_ptr_array_add (p->action_items, a);
    }
  for (int i = 0; i < PQntuples (att); i++)
    {
      KzPlan *p = PLAN_OF (att, i);
      KzAttendee *a;
      if (p == NULL)
        continue;
      a = g_new0 (KzAttendee, 1);
      a->person_id = get_i64 (att, i, 1);
      kz_attendance_from_string (PQgetvalue (att, i, 2), &a->attendance);
      g_ptr_array_add (p->attendees, a);
    }
  for (int i = 0; i < PQntuples (ex); i++)
    {
      KzPlan *p = PLAN_OF (ex, i);
      if (p != NULL)
        g_ptr_array_add (p->recurrence.exdates, get_time (ex, i, 1));
    }
#undef PLAN_OF
  return g_steal_pointer (&out);
}

static gboolean
kz_pg_store_add_completions (KzStore    *store,
                             GPtrArray  *completions,
                             guint      *n_added,
                             GError    **error)
{
  KzPgStore *self = KZ_PG_STORE (store);
  g_autoptr(GString) people = array_new (), items = array_new (), statuses = array_new (), ats = array_new (),
                     scores = array_new (), passed = array_new (), statements = array_new ();
  g_autoptr(PGresult) r = NULL;
  g_autoptr(GHashTable) added = g_hash_table_new (g_direct_hash, g_direct_equal);
  char b_now[32];
  const char *params[8];

  *n_added = 0;
  if (completions->len == 0)
    return TRUE;
  for (guint i = 0; i < completions->len; i++)
    {
      const KzCompletion *c = completions->pdata[i];
      char b_score[G_ASCII_DTOSTR_BUF_SIZE];

      array_add_i64 (people, c->person_id);
      array_add_i64 (items, c->catalog_item_id);
      array_add (statuses, kz_completion_status_to_string (c->status));
      array_add_i64 (ats, g_date_time_to_unix (c->completed_at));
      array_add (scores, c->has_score ? dbl (b_score, c->score) : NULL);
      array_add (passed, c->has_passed ? (c->passed ? "true" : "false") : NULL);
      array_add (statements, c->statement_id);
    }
  params[0] = array_end (people);
  params[1] = array_end (items);
  params[2] = array_end (statuses);
  params[3] = array_end (ats);
  params[4] = array_end (scores);
  params[5] = array_end (passed);
  params[6] = array_end (statements);
  params[7] = I64 (b_now, g_get_real_time () / G_USEC_PER_SEC);

  if (!kz_pg_store_begin (store, error))
    return FALSE;
  /* In the order given, so the first of two rows with one statement id wins
   * (ON CONFLICT cannot see a row the same statement inserted). */
  r = kz_pg_store_exec (self,
    "WITH rows AS (SELECT * FROM unnest ($1::bigint[], $2::bigint[], $3::text[], $4::bigint[], "
    "  $5::double precision[], $6::boolean[], $7::text[]) WITH ORDINALITY AS t (p, i, s, a, sc, ps, st, o)), "
    "firsts AS (SELECT DISTINCT ON (COALESCE (st, o::text)) * FROM rows ORDER BY COALESCE (st, o::text), o) "
    "INSERT INTO lms_completions (person_id, catalog_item_id, status, completed_at, score, passed, statement_id, "
    "  recorded_at) SELECT p, i, s, a, sc, ps, st, $8 FROM firsts ORDER BY o "
    "ON CONFLICT (statement_id) DO NOTHING RETURNING id, statement_id, person_id, catalog_item_id, completed_at",
    8, params, error);
  if (r == NULL)
    {
      kz_pg_store_rollback (store);
      return FALSE;
    }
  /* Which row each new id is: by statement id when there is one, else by
   * learner, item and time (in order). */
  for (guint i = 0; i < completions->len; i++)
    ((KzCompletion *) completions->pdata[i])->id = 0;
  for (int row = 0; row < PQntuples (r); row++)
    for (guint i = 0; i < completions->len; i++)
      {
        KzCompletion *c = completions->pdata[i];
        gboolean same = PQgetisnull (r, row, 1)
          ? c->statement_id == NULL && c->person_id == get_i64 (r, row, 2) &&
            c->catalog_item_id == get_i64 (r, row, 3) && g_date_time_to_unix (c->completed_at) == get_i64 (r, row, 4)
          : g_strcmp0 (c->statement_id, PQgetvalue (r, row, 1)) == 0;
        if (same && c->id == 0 && !g_hash_table_contains (added, c))
          {
            c->id = get_i64 (r, row, 0);
            g_hash_table_add (added, c);
            break;
          }
      }
  *n_added = (guint) PQntuples (r);
  return pg_end (self, TRUE, error);
}

static gboolean
kz_pg_store_acknowledge_plan (KzStore     *store,
                              gint64       plan_id,
                              const char  *comment,
                              GDateTime   *at,
                              GError     **error)
{
  KzPgStore *self = KZ_PG_STORE (store);
  char b_id[32], b_at[32];
  const char *params[3] = { I64 (b_id, plan_id), comment, I64 (b_at, g_date_time_to_unix (at)) };

  if (!kz_pg_store_begin (store, error))
    return FALSE;
  return pg_end (self, exec_ok (self, "SELECT kz_acknowledge_plan ($1, $2, $3)", 3, params, error), error);
}

static GPtrArray *
kz_pg_store_list_completions (KzStore  *store,
                              GError  **error)
{
  g_autoptr(PGresult) r = kz_pg_store_exec (KZ_PG_STORE (store),
                                            "SELECT id, person_id, catalog_item_id, status, completed_at, score, "
                                            "passed, statement_id FROM lms_completions ORDER BY completed_at, id",
                                            0, NULL, error);
  GPtrArray *out;

  if (r == NULL)
    return NULL;
  out = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_completion_free);
  for (int i = 0; i < PQntuples (r); i++)
    {
      KzCompletion *c = kz_completion_new ();

      c->id = get_i64 (r, i, 0);
      c->person_id = get_i64 (r, i, 1);
      c->catalog_item_id = get_i64 (r, i, 2);
      kz_completion_status_from_string (PQgetvalue (r, i, 3), &c->status);
      c->completed_at = get_time (r, i, 4);
      c->has_score = !PQgetisnull (r, i, 5);
      c->score = get_dbl (r, i, 5);
      c->has_passed = !PQgetisnull (r, i, 6);
      c->passed = get_bool (r, i, 6);
      c->statement_id = get_str (r, i, 7);
      g_ptr_array_add (out, c);
    }
  return out;
}

static void
kz_pg_store_finalize (GObject *object)
{
  KzPgStore *self = KZ_PG_STORE (object);

  remove_source (self->context, &self->listen_source);
  remove_source (self->context, &self->reconnect_source);
  g_clear_pointer (&self->listener, PQfinish);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->rubrics, g_hash_table_unref);
  g_clear_pointer (&self->conn, PQfinish);
  g_free (self->description);
  g_free (self->identity);
  g_free (self->uri);
  g_free (self->password);

  G_OBJECT_CLASS (kz_pg_store_parent_class)->finalize (object);
}

/* ------------------------------------------------------------------------ */
/* Roll-ups (sql/pg-017-rollups.sql). */

/* What the roll-up triggers need of each criterion's scale. */
static gboolean
fill_rubric_criteria (KzPgStore  *self,
                      KzRubric   *rubric,
                      GError    **error)
{
  GPtrArray *sections = kz_rubric_get_sections (rubric);

  for (guint i = 0; i < sections->len; i++)
    {
      KzSection *section = g_ptr_array_index (sections, i);

      for (guint j = 0; j < section->criteria->len; j++)
        {
          KzCriterion *c = g_ptr_array_index (section->criteria, j);
          double min = kz_scale_get_min (c->scale), max = kz_scale_get_max (c->scale);
          char b_version[32], b_min[G_ASCII_DTOSTR_BUF_SIZE], b_span[G_ASCII_DTOSTR_BUF_SIZE],
               b_na[G_ASCII_DTOSTR_BUF_SIZE], b_fail[G_ASCII_DTOSTR_BUF_SIZE];
          const char *params[8] = {
            kz_rubric_get_id (rubric), I64 (b_version, kz_rubric_get_version (rubric)), c->id,
            dbl (b_min, min), dbl (b_span, max - min),
            c->na_policy == KZ_NA_PASS ? dbl (b_na, max) : c->na_policy == KZ_NA_FIXED ? dbl (b_na, c->na_value) : NULL,
            c->na_policy == KZ_NA_FORBIDDEN ? "true" : "false",
            c->has_fail_below ? dbl (b_fail, c->fail_below) : NULL,
          };

          if (!exec_ok (self, "INSERT INTO rubric_criteria (rubric_id, rubric_version, criterion_id, scale_min, "
                              "scale_span, na_value, na_forbidden, fail_below) "
                              "VALUES ($1, $2, $3, $4, $5, $6, $7, $8) "
                              "ON CONFLICT (rubric_id, rubric_version, criterion_id) DO NOTHING", 8, params, error))
            return FALSE;
        }
    }
  return TRUE;
}

/* Schema 17's data step: the scales of the rubrics already stored, then
 * the roll-ups from what is there. */
static gboolean
migrate_17_data (KzPgStore  *self,
                 GError    **error)
{
  g_autoptr(PGresult) r = kz_pg_store_exec (self, "SELECT id, version FROM rubrics", 0, NULL, error);

  if (r == NULL)
    return FALSE;
  for (int i = 0; i < PQntuples (r); i++)
    {
      g_autoptr(GError) rubric_error = NULL;
      g_autoptr(KzRubric) rubric = kz_pg_store_get_rubric (KZ_STORE (self), PQgetvalue (r, i, 0),
                                                           (int) get_i64 (r, i, 1), &rubric_error);
      if (rubric == NULL)
        {
          g_warning ("Rubric %s keeps no roll-ups: %s", PQgetvalue (r, i, 0), rubric_error->message);
          continue;
        }
      if (!fill_rubric_criteria (self, rubric, error))
        return FALSE;
    }
  return exec_ok (self, "SELECT kz_rollups_rebuild ()", 0, NULL, error);
}

static gboolean
kz_pg_store_rebuild_rollups (KzStore  *store,
                             GError  **error)
{
  KzPgStore *self = KZ_PG_STORE (store);

  if (!kz_pg_store_begin (store, error))
    return FALSE;
  if (!exec_ok (self, "SELECT kz_rollups_rebuild ()", 0, NULL, error))
    {
      kz_pg_store_rollback (store);
      return FALSE;
    }
  return kz_pg_store_commit (store, error);
}

static GPtrArray *
rollup_cells_from_result (PGresult *r)
{
  GPtrArray *cells = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_rollup_cell_free);

  for (int i = 0; i < PQntuples (r); i++)
    {
      KzRollupCell *c = g_new0 (KzRollupCell, 1);

      c->owner_id = get_i64 (r, i, 0);
      c->week = (int) get_i64 (r, i, 1);
      c->criterion_id = g_strdup (PQgetvalue (r, i, 2));
      c->sum_v = get_dbl (r, i, 3);
      c->n_applicable = get_i64 (r, i, 4);
      c->n_na = get_i64 (r, i, 5);
      c->n_failed = get_i64 (r, i, 6);
      c->rubric_id = g_strdup (PQgetvalue (r, i, 7));
      c->sum_value = get_dbl (r, i, 8);
      c->n_value = get_i64 (r, i, 9);
      g_ptr_array_add (cells, c);
    }
  return cells;
}

static GPtrArray *
kz_pg_store_rollup_heatmap (KzStore     *store,
                            const char  *rubric_id,
                            int       first_week,
                            int       last_week,
                            GError  **error)
{
  KzPgStore *self = KZ_PG_STORE (store);
  g_autoptr(PGresult) r = NULL;
  char b_first[32], b_last[32], b_fb[32], b_lb[32], b_fw[32], b_lw[32];
  int first_block, last_block;
  const char *params[7];

  /* The whole blocks inside the range, and the weeks outside them. */
  kz_rollup_blocks_inside (first_week, last_week, &first_block, &last_block);
  params[0] = I64 (b_first, first_week);
  params[1] = I64 (b_last, last_week);
  params[2] = I64 (b_fb, first_block);
  params[3] = I64 (b_lb, last_block);
  params[4] = I64 (b_fw, kz_rollup_block_first_week (first_block));
  params[5] = I64 (b_lw, kz_rollup_block_first_week (last_block + 1) - 7);
  params[6] = rubric_id;
  r = kz_pg_store_exec (self, "SELECT team_id, 0, criterion_id, sum (sum_v), sum (n_applicable), sum (n_na), "
                              "sum (n_failed), rubric_id, sum (sum_value), sum (n_value) FROM ("
                              " SELECT team_id, rubric_id, criterion_id, sum_v, n_applicable, n_na, n_failed, "
                              " sum_value, n_value "
                              " FROM rollup_team_blocks WHERE block BETWEEN $3 AND $4 "
                              "  AND ($7::text IS NULL OR rubric_id = $7::text) "
                              " UNION ALL "
                              " SELECT team_id, rubric_id, criterion_id, sum_v, n_applicable, n_na, n_failed, "
                              " sum_value, n_value "
                              " FROM rollup_team_criteria WHERE week BETWEEN $1 AND $2 "
                              "  AND ($3::integer > $4::integer OR week < $5::integer OR week > $6::integer)"
                              "  AND ($7::text IS NULL OR rubric_id = $7::text)) c "
                              "GROUP BY team_id, rubric_id, criterion_id "
                              "ORDER BY team_id, rubric_id COLLATE \"C\", criterion_id COLLATE \"C\"",
                        7, params, error);
  return r ? rollup_cells_from_result (r) : NULL;
}

static GPtrArray *
kz_pg_store_rollup_agent_cells (KzStore     *store,
                                gint64       agent_id,
                                const char  *rubric_id,
                                int       first_week,
                                int       last_week,
                                GError  **error)
{
  KzPgStore *self = KZ_PG_STORE (store);
  g_autoptr(PGresult) r = NULL;
  char b_agent[32], b_first[32], b_last[32];
  const char *params[4] = { I64 (b_agent, agent_id), I64 (b_first, first_week), I64 (b_last, last_week),
                            rubric_id };

  r = kz_pg_store_exec (self, "SELECT agent_id, week, criterion_id, sum_v, n_applicable, n_na, n_failed, rubric_id, "
                              "sum_value, n_value "
                              "FROM rollup_agent_criteria WHERE agent_id = $1 AND week BETWEEN $2 AND $3 "
                              "AND ($4::text IS NULL OR rubric_id = $4::text) "
                              "ORDER BY week, rubric_id COLLATE \"C\", criterion_id COLLATE \"C\"", 4, params, error);
  return r ? rollup_cells_from_result (r) : NULL;
}

static GPtrArray *
kz_pg_store_rollup_agents (KzStore     *store,
                           const char  *rubric_id,
                           int          first_week,
                           int          last_week,
                           GError     **error)
{
  KzPgStore *self = KZ_PG_STORE (store);
  g_autoptr(PGresult) r = NULL;
  char b_first[32], b_last[32];
  const char *params[3] = { rubric_id, I64 (b_first, first_week), I64 (b_last, last_week) };

  r = kz_pg_store_exec (self, "SELECT agent_id, 0, criterion_id, sum (sum_v), sum (n_applicable), sum (n_na), "
                              "sum (n_failed), rubric_id, sum (sum_value), sum (n_value) "
                              "FROM rollup_agent_criteria WHERE rubric_id = $1 AND week BETWEEN $2 AND $3 "
                              "GROUP BY agent_id, rubric_id, criterion_id "
                              "ORDER BY agent_id, criterion_id COLLATE \"C\"", 3, params, error);
  return r ? rollup_cells_from_result (r) : NULL;
}

static GPtrArray *
kz_pg_store_rollup_agent_weeks (KzStore  *store,
                                gint64    agent_id,
                                int       first_week,
                                int       last_week,
                                GError  **error)
{
  KzPgStore *self = KZ_PG_STORE (store);
  g_autoptr(PGresult) r = NULL;
  char b_agent[32], b_first[32], b_last[32];
  const char *params[3] = { I64 (b_agent, agent_id), I64 (b_first, first_week), I64 (b_last, last_week) };
  GPtrArray *weeks;

  r = kz_pg_store_exec (self, "SELECT agent_id, week, n_evaluations, n_scored, sum_final, n_passed, n_auto_failed "
                              "FROM rollup_agent_weeks WHERE agent_id = $1 AND week BETWEEN $2 AND $3 "
                              "ORDER BY week", 3, params, error);
  if (r == NULL)
    return NULL;
  weeks = g_ptr_array_new_with_free_func (g_free);
  for (int i = 0; i < PQntuples (r); i++)
    {
      KzRollupWeek *w = g_new0 (KzRollupWeek, 1);

      w->agent_id = get_i64 (r, i, 0);
      w->week = (int) get_i64 (r, i, 1);
      w->n_evaluations = get_i64 (r, i, 2);
      w->n_scored = get_i64 (r, i, 3);
      w->sum_final = get_dbl (r, i, 4);
      w->n_passed = get_i64 (r, i, 5);
      w->n_auto_failed = get_i64 (r, i, 6);
      g_ptr_array_add (weeks, w);
    }
  return weeks;
}

/* Dashboards: reads for the criterion and reviewer pages (as
 * kz-sqlite-store.c; row-level security limits the raw reads to what the
 * login may read). */

static void
pg_week_range_to_times (int     first,
                        int     last,
                        gint64 *lo,
                        gint64 *hi)
{
  *lo = first == G_MININT ? G_MININT64 : (gint64) first * 86400;
  *hi = last == G_MAXINT ? G_MAXINT64 : ((gint64) last + 7) * 86400;
}

static GPtrArray *
kz_pg_store_rollup_criterion (KzStore     *store,
                              const char  *rubric_id,
                              const char  *criterion_id,
                              int          first_week,
                              int          last_week,
                              gint64       team_id,
                              GError     **error)
{
  KzPgStore *self = KZ_PG_STORE (store);
  g_autoptr(PGresult) r = NULL;
  char b_first[32], b_last[32], b_team[32];
  const char *params[5] = { criterion_id, I64 (b_first, first_week), I64 (b_last, last_week),
                            I64 (b_team, team_id), rubric_id };

  r = kz_pg_store_exec (self, "SELECT team_id, week, criterion_id, sum_v, n_applicable, n_na, n_failed, rubric_id, "
                              "sum_value, n_value "
                              "FROM rollup_team_criteria WHERE week BETWEEN $2::integer AND $3::integer "
                              "AND criterion_id = $1::text AND rubric_id = $5::text "
                              "AND ($4::bigint < 0 OR team_id = $4::bigint) "
                              "ORDER BY week, team_id", 5, params, error);
  return r ? rollup_cells_from_result (r) : NULL;
}

static GPtrArray *
kz_pg_store_answer_distribution (KzStore     *store,
                                 const char  *rubric_id,
                                 const char  *criterion_id,
                                 int          first_week,
                                 int          last_week,
                                 gint64       team_id,
                                 GError     **error)
{
  KzPgStore *self = KZ_PG_STORE (store);
  g_autoptr(PGresult) r = NULL;
  char b_lo[32], b_hi[32], b_team[32];
  gint64 lo, hi;
  const char *params[5];
  GPtrArray *counts;

  pg_week_range_to_times (first_week, last_week, &lo, &hi);
  params[0] = rubric_id;
  params[1] = criterion_id;
  params[2] = I64 (b_lo, lo);
  params[3] = I64 (b_hi, hi);
  params[4] = I64 (b_team, team_id);
  r = kz_pg_store_exec (self, "SELECT a.kind = 'na' AS na, CASE WHEN a.kind = 'value' THEN a.value ELSE 0 END AS x, "
                              "count (*) FROM evaluations e "
                              "JOIN answers a ON a.evaluation_id = e.id AND a.criterion_id = $2::text "
                              "JOIN rubric_criteria rc ON rc.rubric_id = e.rubric_id "
                              " AND rc.rubric_version = e.rubric_version AND rc.criterion_id = a.criterion_id "
                              "WHERE e.rubric_id = $1::text AND e.state = 'submitted' AND NOT e.is_calibration"
                              " AND e.created_at >= $3::bigint AND e.created_at < $4::bigint"
                              " AND NOT (a.kind = 'na' AND rc.na_forbidden)"
                              " AND ($5::bigint < 0 OR coalesce ((SELECT p.team_id FROM people p"
                              "      WHERE p.id = e.agent_id), 0) = $5::bigint)"
                              " GROUP BY na, x ORDER BY na, x", 5, params, error);
  if (r == NULL)
    return NULL;
  counts = g_ptr_array_new_with_free_func (g_free);
  for (int i = 0; i < PQntuples (r); i++)
    {
      KzAnswerCount *c = g_new0 (KzAnswerCount, 1);

      c->is_na = get_bool (r, i, 0);
      c->value = get_dbl (r, i, 1);
      c->n = get_i64 (r, i, 2);
      g_ptr_array_add (counts, c);
    }
  return counts;
}

static GPtrArray *
kz_pg_store_reviewer_weeks (KzStore  *store,
                            gint64    reviewer_id,
                            int       first_week,
                            int       last_week,
                            GError  **error)
{
  KzPgStore *self = KZ_PG_STORE (store);
  g_autoptr(PGresult) r = NULL;
  char b_rev[32], b_lo[32], b_hi[32];
  gint64 lo, hi;
  const char *params[3];
  GPtrArray *weeks;

  pg_week_range_to_times (first_week, last_week, &lo, &hi);
  params[0] = I64 (b_rev, reviewer_id);
  params[1] = I64 (b_lo, lo);
  params[2] = I64 (b_hi, hi);
  r = kz_pg_store_exec (self, "SELECT kz_rollup_week (e.created_at) AS wk, count (*), count (e.final),"
                              " coalesce (sum (e.final), 0.0),"
                              " count (*) FILTER (WHERE e.pass AND e.final IS NOT NULL),"
                              " count (*) FILTER (WHERE e.auto_failed) FROM evaluations e"
                              " WHERE e.reviewer_id = $1::bigint AND e.created_at >= $2::bigint"
                              " AND e.created_at < $3::bigint AND e.state = 'submitted' AND NOT e.is_calibration"
                              " GROUP BY wk ORDER BY wk", 3, params, error);
  if (r == NULL)
    return NULL;
  weeks = g_ptr_array_new_with_free_func (g_free);
  for (int i = 0; i < PQntuples (r); i++)
    {
      KzRollupWeek *w = g_new0 (KzRollupWeek, 1);

      w->agent_id = reviewer_id;
      w->week = (int) get_i64 (r, i, 0);
      w->n_evaluations = get_i64 (r, i, 1);
      w->n_scored = get_i64 (r, i, 2);
      w->sum_final = get_dbl (r, i, 3);
      w->n_passed = get_i64 (r, i, 4);
      w->n_auto_failed = get_i64 (r, i, 5);
      g_ptr_array_add (weeks, w);
    }
  return weeks;
}

static GArray *
kz_pg_store_drill_evaluations (KzStore              *store,
                               const KzDrillFilter  *filter,
                               GError              **error)
{
  KzPgStore *self = KZ_PG_STORE (store);
  g_autoptr(PGresult) r = NULL;
  char b_lo[32], b_hi[32], b_team[32], b_rev[32], b_ans[32], b_pt[G_ASCII_DTOSTR_BUF_SIZE];
  char b_agent[32], b_score[32], b_newest[32];
  gint64 lo, hi;
  const char *params[11];
  GArray *ids;

  pg_week_range_to_times (filter->first_week, filter->last_week, &lo, &hi);
  params[0] = I64 (b_lo, lo);
  params[1] = I64 (b_hi, hi);
  params[2] = I64 (b_team, filter->team_id);
  params[3] = I64 (b_rev, filter->reviewer_id);
  params[4] = filter->rubric_id;
  params[5] = filter->criterion_id;
  params[6] = I64 (b_ans, filter->answer);
  params[7] = dbl (b_pt, filter->point);
  params[8] = I64 (b_agent, filter->agent_id);
  params[9] = I64 (b_score, filter->score);
  params[10] = I64 (b_newest, filter->newest);
  r = kz_pg_store_exec (self, "SELECT e.id FROM evaluations e"
                              " WHERE e.state = 'submitted' AND NOT e.is_calibration"
                              " AND e.created_at >= $1::bigint AND e.created_at < $2::bigint"
                              " AND ($3::bigint < 0 OR coalesce ((SELECT p.team_id FROM people p"
                              "      WHERE p.id = e.agent_id), 0) = $3::bigint)"
                              " AND ($4::bigint = 0 OR e.reviewer_id = $4::bigint)"
                              " AND ($5::text IS NULL OR e.rubric_id = $5::text)"
                              " AND ($6::text IS NULL OR EXISTS (SELECT 1 FROM answers a JOIN rubric_criteria rc"
                              "   ON rc.rubric_id = e.rubric_id AND rc.rubric_version = e.rubric_version"
                              "   AND rc.criterion_id = a.criterion_id"
                              "   WHERE a.evaluation_id = e.id AND a.criterion_id = $6::text"
                              "   AND NOT (a.kind = 'na' AND rc.na_forbidden)"
                              "   AND ($7::integer = 0"
                              "        OR ($7::integer = 1 AND (CASE WHEN a.kind = 'value' THEN a.value"
                              "                                 ELSE rc.na_value END) IS NOT NULL)"
                              "        OR ($7::integer = 2 AND a.kind = 'na')"
                              "        OR ($7::integer = 3 AND a.kind = 'value'"
                              "            AND abs (a.value - $8::double precision) < 1e-9))))"
                              " AND ($9::bigint = 0 OR e.agent_id = $9::bigint)"
                              " AND ($10::integer = 0 OR (e.final IS NOT NULL AND ($10::integer = 1 OR e.pass)))"
                              " ORDER BY CASE WHEN $11::bigint > 0 THEN -e.created_at ELSE 0 END,"
                              "   CASE WHEN $11::bigint > 0 THEN -e.id ELSE e.id END"
                              " LIMIT CASE WHEN $11::bigint > 0 THEN $11::bigint END", 11, params, error);
  if (r == NULL)
    return NULL;
  ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), PQntuples (r));
  for (int i = 0; i < PQntuples (r); i++)
    {
      gint64 id = get_i64 (r, i, 0);
      g_array_append_val (ids, id);
    }
  return ids;
}

static GArray *
kz_pg_store_answering_evaluations (KzStore     *store,
                                   const char  *criterion_id,
                                   gint64       from,
                                   gint64       to,
                                   GError     **error)
{
  KzPgStore *self = KZ_PG_STORE (store);
  g_autoptr(PGresult) r = NULL;
  char b_from[32], b_to[32];
  const char *params[3] = { criterion_id, I64 (b_from, from), I64 (b_to, to) };
  GArray *ids;

  r = kz_pg_store_exec (self, "SELECT DISTINCT e.id FROM evaluations e JOIN answers a ON a.evaluation_id = e.id "
                              "JOIN rubric_criteria rc ON rc.rubric_id = e.rubric_id "
                              "  AND rc.rubric_version = e.rubric_version AND rc.criterion_id = a.criterion_id "
                              "WHERE a.criterion_id = $1 AND e.created_at >= $2::bigint AND e.created_at < $3::bigint "
                              "  AND e.state = 'submitted' AND NOT e.is_calibration "
                              "  AND (a.kind = 'value' OR rc.na_value IS NOT NULL) ORDER BY e.id", 3, params, error);
  if (r == NULL)
    return NULL;
  ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (int i = 0; i < PQntuples (r); i++)
    {
      gint64 id = get_i64 (r, i, 0);
      g_array_append_val (ids, id);
    }
  return ids;
}

static GPtrArray *
kz_pg_store_rollup_team_weeks (KzStore  *store,
                               gint64    team_id,
                               int       first_week,
                               int       last_week,
                               GError  **error)
{
  KzPgStore *self = KZ_PG_STORE (store);
  g_autoptr(PGresult) r = NULL;
  char b_team[32], b_first[32], b_last[32];
  const char *params[3] = { I64 (b_team, team_id), I64 (b_first, first_week), I64 (b_last, last_week) };
  GPtrArray *weeks;

  r = kz_pg_store_exec (self, "SELECT w.agent_id, w.week, w.n_evaluations, w.n_scored, w.sum_final, w.n_passed, "
                              "w.n_auto_failed FROM rollup_agent_weeks w JOIN people p ON p.id = w.agent_id "
                              "WHERE w.week BETWEEN $2 AND $3 AND ($1::bigint < 0 OR coalesce (p.team_id, 0) = $1) "
                              "ORDER BY w.week, w.agent_id", 3, params, error);
  if (r == NULL)
    return NULL;
  weeks = g_ptr_array_new_with_free_func (g_free);
  for (int i = 0; i < PQntuples (r); i++)
    {
      KzRollupWeek *w = g_new0 (KzRollupWeek, 1);

      w->agent_id = get_i64 (r, i, 0);
      w->week = (int) get_i64 (r, i, 1);
      w->n_evaluations = get_i64 (r, i, 2);
      w->n_scored = get_i64 (r, i, 3);
      w->sum_final = get_dbl (r, i, 4);
      w->n_passed = get_i64 (r, i, 5);
      w->n_auto_failed = get_i64 (r, i, 6);
      g_ptr_array_add (weeks, w);
    }
  return weeks;
}

/* Row by row through the triggers: the team server is not where demo
 * centres of a million evaluations are made (the single file is). */
static gboolean
kz_pg_store_bulk_add_evaluations (KzStore     *store,
                                  KzBulkNext   next,
                                  gpointer     user_data,
                                  guint64     *n_added,
                                  GError     **error)
{
  KzPgStore *self = KZ_PG_STORE (store);
  KzBulkEvaluation row;
  g_autoptr(GError) next_error = NULL;
  guint64 n = 0;

  *n_added = 0;
  if (!kz_pg_store_begin (store, error))
    return FALSE;

  memset (&row, 0, sizeof row);
  while (next (user_data, &row, &next_error))
    {
      g_autoptr(PGresult) r = NULL;
      char b_version[32], b_reviewer[32], b_agent[32], b_at[32], b_id[32];
      char b_raw[G_ASCII_DTOSTR_BUF_SIZE], b_final[G_ASCII_DTOSTR_BUF_SIZE], b_crit[G_ASCII_DTOSTR_BUF_SIZE];
      const char *params[11] = {
        row.rubric_id, I64 (b_version, row.rubric_version), I64 (b_reviewer, row.reviewer_id),
        I64 (b_agent, row.agent_id), I64 (b_at, row.created_at),
        row.has_score ? dbl (b_raw, row.raw) : NULL, row.has_score ? dbl (b_final, row.final) : NULL,
        row.has_score ? (row.pass ? "true" : "false") : NULL, row.auto_failed ? "true" : "false",
        row.failed_by, row.has_critical ? dbl (b_crit, row.critical) : NULL,
      };

      r = kz_pg_store_exec (self, "INSERT INTO evaluations (rubric_id, rubric_version, reviewer_id, agent_id, "
                                  "state, created_at, updated_at, submitted_at, raw, final, pass, auto_failed, "
                                  "failed_by, critical) VALUES ($1, $2, $3, $4, 'submitted', $5, $5, $5, $6, $7, "
                                  "$8, $9, $10, $11) RETURNING id", 11, params, error);
      if (r == NULL)
        goto fail;
      I64 (b_id, get_i64 (r, 0, 0));
      for (guint i = 0; i < row.n_answers; i++)
        {
          char b_value[G_ASCII_DTOSTR_BUF_SIZE];
          const char *ap[4] = {
            b_id, row.criterion_ids[i], row.kinds[i] == KZ_ANSWER_NA ? "na" : "value",
            row.kinds[i] == KZ_ANSWER_NA ? NULL : dbl (b_value, row.values[i]),
          };

          if (!exec_ok (self, "INSERT INTO answers (evaluation_id, criterion_id, kind, value) "
                              "VALUES ($1, $2, $3, $4)", 4, ap, error))
            goto fail;
        }
      n++;
      memset (&row, 0, sizeof row);
    }
  if (next_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&next_error));
      goto fail;
    }
  if (!kz_pg_store_commit (store, error))
    return FALSE;
  *n_added = n;
  return TRUE;

fail:
  kz_pg_store_rollback (store);
  return FALSE;
}

/* ---- CX principles and personas ------------------------------------------------ */

static gboolean
cx_exists (KzPgStore   *self,
           const char  *sql,
           const char  *id,
           gboolean    *found,
           GError     **error)
{
  const char *params[1] = { id };
  g_autoptr(PGresult) r = kz_pg_store_exec (self, sql, 1, params, error);

  if (r == NULL)
    return FALSE;
  *found = PQntuples (r) > 0;
  return TRUE;
}

static gboolean
kz_pg_store_save_principles (KzStore    *store,
                             GPtrArray  *principles,
                             gboolean    replace,
                             GError    **error)
{
  KzPgStore *self = KZ_PG_STORE (store);

  if (!kz_pg_store_begin (store, error))
    return FALSE;
  for (guint i = 0; i < principles->len; i++)
    {
      const KzPrinciple *p = g_ptr_array_index (principles, i);
      const char *params[3] = { p->id, p->title, p->description };
      g_autoptr(PGresult) r = NULL;
      gboolean found = FALSE;

      if (!replace)
        {
          if (!cx_exists (self, "SELECT 1 FROM principles WHERE id = $1", p->id, &found, error))
            goto fail;
          if (found)
            {
              g_set_error (error, KZ_ERROR, KZ_ERROR_EXISTS, _("There is already a principle “%s”"), p->id);
              goto fail;
            }
        }
      r = kz_pg_store_exec (self, "INSERT INTO principles (id, position, title, description) "
                                  "VALUES ($1, (SELECT coalesce (max (position), 0) + 1 FROM principles), $2, $3) "
                                  "ON CONFLICT (id) DO UPDATE SET title = excluded.title, "
                                  "description = excluded.description", 3, params, error);
      if (r == NULL)
        goto fail;
    }
  return kz_pg_store_commit (store, error);

fail:
  kz_pg_store_rollback (store);
  return FALSE;
}

static GPtrArray *
kz_pg_store_list_principles (KzStore  *store,
                             GError  **error)
{
  g_autoptr(PGresult) r = kz_pg_store_exec (KZ_PG_STORE (store),
                                            "SELECT id, title, description FROM principles ORDER BY position",
                                            0, NULL, error);
  GPtrArray *out;

  if (r == NULL)
    return NULL;
  out = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_principle_free);
  for (int i = 0; i < PQntuples (r); i++)
    g_ptr_array_add (out, kz_principle_new (PQgetvalue (r, i, 0), PQgetvalue (r, i, 1),
                                            PQgetisnull (r, i, 2) ? NULL : PQgetvalue (r, i, 2)));
  return out;
}

static gboolean
kz_pg_store_save_personas (KzStore    *store,
                           GPtrArray  *personas,
                           gboolean    replace,
                           GError    **error)
{
  KzPgStore *self = KZ_PG_STORE (store);

  if (!kz_pg_store_begin (store, error))
    return FALSE;
  for (guint i = 0; i < personas->len; i++)
    {
      const KzPersona *p = g_ptr_array_index (personas, i);
      g_autofree char *comfort = g_strdup_printf ("%d", p->tech_comfort);
      const char *params[6] = { p->id, p->name, p->situation, p->goals, p->channel, comfort };
      g_autoptr(PGresult) r = NULL;
      gboolean found = FALSE;

      if (!replace)
        {
          if (!cx_exists (self, "SELECT 1 FROM personas WHERE id = $1", p->id, &found, error))
            goto fail;
          if (found)
            {
              g_set_error (error, KZ_ERROR, KZ_ERROR_EXISTS, _("There is already a persona “%s”"), p->id);
              goto fail;
            }
        }
      r = kz_pg_store_exec (self, "INSERT INTO personas (id, position, name, situation, goals, channel, tech_comfort) "
                                  "VALUES ($1, (SELECT coalesce (max (position), 0) + 1 FROM personas), "
                                  "$2, $3, $4, $5, $6::integer) "
                                  "ON CONFLICT (id) DO UPDATE SET name = excluded.name, "
                                  "situation = excluded.situation, goals = excluded.goals, "
                                  "channel = excluded.channel, tech_comfort = excluded.tech_comfort",
                            6, params, error);
      if (r == NULL)
        goto fail;
    }
  return kz_pg_store_commit (store, error);

fail:
  kz_pg_store_rollback (store);
  return FALSE;
}

static GPtrArray *
kz_pg_store_list_personas (KzStore  *store,
                           GError  **error)
{
  g_autoptr(PGresult) r = kz_pg_store_exec (KZ_PG_STORE (store),
                                            "SELECT id, name, situation, goals, channel, tech_comfort FROM personas "
                                            "ORDER BY position", 0, NULL, error);
  GPtrArray *out;

  if (r == NULL)
    return NULL;
  out = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_persona_free);
  for (int i = 0; i < PQntuples (r); i++)
    {
      KzPersona *p = kz_persona_new (PQgetvalue (r, i, 0), PQgetvalue (r, i, 1));

      p->situation = PQgetisnull (r, i, 2) ? NULL : g_strdup (PQgetvalue (r, i, 2));
      p->goals = PQgetisnull (r, i, 3) ? NULL : g_strdup (PQgetvalue (r, i, 3));
      g_free (p->channel);
      p->channel = g_strdup (PQgetvalue (r, i, 4));
      p->tech_comfort = (int) g_ascii_strtoll (PQgetvalue (r, i, 5), NULL, 10);
      g_ptr_array_add (out, p);
    }
  return out;
}

static gboolean
kz_pg_store_answer_back (KzStore       *store,
                         gint64         team_id,
                         gint64         agent_id,
                         GDateTime     *from,
                         GDateTime     *to,
                         KzAnswerBack  *out,
                         GError       **error)
{
  g_autoptr(PGresult) r = NULL;
  char b_from[32], b_to[32], b_agent[32], b_team[32];
  const char *params[4] = {
    I64 (b_from, g_date_time_to_unix (from)), I64 (b_to, g_date_time_to_unix (to)),
    I64 (b_agent, agent_id), I64 (b_team, team_id),
  };

  /* Row security decides, as for the list: a login counts what it may read. */
  r = kz_pg_store_exec (KZ_PG_STORE (store),
                        "SELECT count(*), "
                        "  count(*) FILTER (WHERE EXISTS (SELECT 1 FROM acknowledgements k "
                        "                                 WHERE k.evaluation_id = e.id)), "
                        "  count(*) FILTER (WHERE EXISTS (SELECT 1 FROM acknowledgements k "
                        "                                 WHERE k.evaluation_id = e.id AND k.revision >= e.revision)), "
                        "  count(*) FILTER (WHERE EXISTS (SELECT 1 FROM disputes d WHERE d.evaluation_id = e.id)), "
                        "  count(*) FILTER (WHERE EXISTS (SELECT 1 FROM disputes d "
                        "                                 WHERE d.evaluation_id = e.id AND d.state = 'open')) "
                        "FROM evaluations e JOIN people p ON p.id = e.agent_id "
                        "WHERE e.state = 'submitted' AND NOT e.is_calibration "
                        "  AND e.created_at >= $1::bigint AND e.created_at < $2::bigint "
                        "  AND ($3::bigint = 0 OR e.agent_id = $3::bigint) "
                        "  AND ($3::bigint <> 0 OR $4::bigint < 0 OR coalesce (p.team_id, 0) = $4::bigint)",
                        4, params, error);
  if (r == NULL)
    return FALSE;
  out->n_evaluations = get_i64 (r, 0, 0);
  out->n_acknowledged = get_i64 (r, 0, 1);
  out->n_acknowledged_current = get_i64 (r, 0, 2);
  out->n_disputed = get_i64 (r, 0, 3);
  out->n_dispute_open = get_i64 (r, 0, 4);
  return TRUE;
}

static GPtrArray *
kz_pg_store_list_evaluations_by_id (KzStore       *store,
                                    const gint64  *ids,
                                    guint          n_ids,
                                    guint          limit,
                                    GError       **error)
{
  g_autoptr(PGresult) r = NULL;
  g_autoptr(GString) array = g_string_sized_new (n_ids * 8 + 2);
  char b_limit[32];
  const char *params[2] = { NULL, limit > 0 ? I64 (b_limit, (gint64) limit) : NULL };
  GPtrArray *list;

  /* The ids as one bound array literal: {1,2,3}. */
  g_string_append_c (array, '{');
  for (guint i = 0; i < n_ids; i++)
    g_string_append_printf (array, i > 0 ? ",%" G_GINT64_FORMAT : "%" G_GINT64_FORMAT, ids[i]);
  g_string_append_c (array, '}');
  params[0] = array->str;
  r = kz_pg_store_exec (KZ_PG_STORE (store),
                        SUMMARY_SELECT
                        "WHERE e.id = ANY ($1::bigint[]) "
                        "ORDER BY e.created_at DESC, e.id DESC LIMIT $2::bigint", 2, params, error);
  if (r == NULL)
    return NULL;
  list = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_evaluation_summary_free);
  for (int i = 0; i < PQntuples (r); i++)
    g_ptr_array_add (list, summary_from_row (r, i));
  return list;
}

static GPtrArray *
kz_pg_store_list_latest_rubrics (KzStore  *store,
                                 GError  **error)
{
  g_autoptr(PGresult) r = NULL;
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_rubric_unref);

  r = kz_pg_store_exec (KZ_PG_STORE (store),
                        "SELECT r.id, r.version FROM rubrics r "
                        "WHERE r.version = (SELECT max (v.version) FROM rubrics v WHERE v.id = r.id) "
                        "ORDER BY lower (r.title), r.id", 0, NULL, error);
  if (r == NULL)
    return NULL;
  for (int i = 0; i < PQntuples (r); i++)
    {
      KzRubric *rubric = kz_pg_store_get_rubric (store, PQgetvalue (r, i, 0), (int) get_i64 (r, i, 1), error);

      if (rubric == NULL)
        return NULL;
      g_ptr_array_add (list, rubric);
    }
  return g_steal_pointer (&list);
}

static GArray *
kz_pg_store_score_sums (KzStore    *store,
                        GDateTime  *from,
                        GDateTime  *to,
                        GError    **error)
{
  g_autoptr(PGresult) r = NULL;
  char b_from[32], b_to[32];
  const char *params[2] = {
    from ? I64 (b_from, g_date_time_to_unix (from)) : NULL,
    to ? I64 (b_to, g_date_time_to_unix (to)) : NULL,
  };
  GArray *sums;

  /* Row security decides, as for the list: a login sums what it may read. */
  r = kz_pg_store_exec (KZ_PG_STORE (store),
                        "SELECT reviewer_id, agent_id, sum (final), count(*) FROM evaluations "
                        "WHERE state = 'submitted' AND NOT is_calibration AND final IS NOT NULL "
                        "  AND ($1::bigint IS NULL OR created_at >= $1::bigint) "
                        "  AND ($2::bigint IS NULL OR created_at < $2::bigint) "
                        "GROUP BY reviewer_id, agent_id ORDER BY reviewer_id, agent_id", 2, params, error);
  if (r == NULL)
    return NULL;
  sums = g_array_sized_new (FALSE, TRUE, sizeof (KzScoreSum), PQntuples (r));
  for (int i = 0; i < PQntuples (r); i++)
    {
      KzScoreSum sum = { get_i64 (r, i, 0), get_i64 (r, i, 1), get_dbl (r, i, 2), (guint) get_i64 (r, i, 3) };

      g_array_append_val (sums, sum);
    }
  return sums;
}

static void
kz_pg_store_class_init (KzPgStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  KzStoreClass *store_class = KZ_STORE_CLASS (klass);

  object_class->finalize = kz_pg_store_finalize;

  store_class->get_schema_version = kz_pg_store_get_schema_version;
  store_class->is_shared = kz_pg_store_is_shared;
  store_class->describe = kz_pg_store_describe;
  store_class->get_identity = kz_pg_store_get_identity;
  store_class->begin = kz_pg_store_begin;
  store_class->commit = kz_pg_store_commit;
  store_class->rollback = kz_pg_store_rollback;
  store_class->add_unit = kz_pg_store_add_unit;
  store_class->list_units = kz_pg_store_list_units;
  store_class->add_person = kz_pg_store_add_person;
  store_class->get_person = kz_pg_store_get_person;
  store_class->find_person_by_email = kz_pg_store_find_person_by_email;
  store_class->list_people = kz_pg_store_list_people;
  store_class->add_rubric = kz_pg_store_add_rubric;
  store_class->get_rubric = kz_pg_store_get_rubric;
  store_class->list_rubrics = kz_pg_store_list_rubrics;
  store_class->add_interaction = kz_pg_store_add_interaction;
  store_class->get_interaction = kz_pg_store_get_interaction;
  store_class->list_interactions = kz_pg_store_list_interactions;
  store_class->save_evaluation = kz_pg_store_save_evaluation;
  store_class->get_evaluation = kz_pg_store_get_evaluation;
  store_class->list_evaluations = kz_pg_store_list_evaluations;
  store_class->score_sums = kz_pg_store_score_sums;
  store_class->answer_back = kz_pg_store_answer_back;
  store_class->list_latest_rubrics = kz_pg_store_list_latest_rubrics;
  store_class->list_evaluations_by_id = kz_pg_store_list_evaluations_by_id;
  store_class->count = kz_pg_store_count;
  store_class->get_login_person_id = kz_pg_store_get_login_person_id;
  store_class->find_message_interaction = kz_pg_store_find_message_interaction;
  store_class->add_messages = kz_pg_store_add_messages;
  store_class->list_messages = kz_pg_store_list_messages;
  store_class->add_call = kz_pg_store_add_call;
  store_class->get_call = kz_pg_store_get_call;
  store_class->search_interactions = kz_pg_store_search_interactions;
  store_class->count_interactions = kz_pg_store_count_interactions;
  store_class->assign = kz_pg_store_assign;
  store_class->find_interaction = kz_pg_store_find_interaction;
  store_class->set_feedback = kz_pg_store_set_feedback;
  store_class->get_feedback = kz_pg_store_get_feedback;
  store_class->coverage = kz_pg_store_coverage;
  store_class->answer_tallies = kz_pg_store_answer_tallies;
  store_class->criterion_answers = kz_pg_store_criterion_answers;
  store_class->rated_answers = kz_pg_store_rated_answers;
  store_class->voice_today = kz_pg_store_voice_today;
  store_class->list_questions = kz_pg_store_list_questions;
  store_class->save_principles = kz_pg_store_save_principles;
  store_class->list_principles = kz_pg_store_list_principles;
  store_class->save_personas = kz_pg_store_save_personas;
  store_class->list_personas = kz_pg_store_list_personas;
  store_class->add_questions = kz_pg_store_add_questions;
  store_class->update_question = kz_pg_store_update_question;
  store_class->save_pulse_plan = kz_pg_store_save_pulse_plan;
  store_class->list_pulse_plans = kz_pg_store_list_pulse_plans;
  store_class->add_round = kz_pg_store_add_round;
  store_class->update_round = kz_pg_store_update_round;
  store_class->list_rounds = kz_pg_store_list_rounds;
  store_class->get_round = kz_pg_store_get_round;
  store_class->list_open_rounds = kz_pg_store_list_open_rounds;
  store_class->submit_answers = kz_pg_store_submit_answers;
  store_class->import_answers = kz_pg_store_import_answers;
  store_class->survey_cells = kz_pg_store_survey_cells;
  store_class->survey_comments = kz_pg_store_survey_comments;
  store_class->add_idea = kz_pg_store_add_idea;
  store_class->list_ideas = kz_pg_store_list_ideas;
  store_class->get_idea = kz_pg_store_get_idea;
  store_class->vote_idea = kz_pg_store_vote_idea;
  store_class->idea_voted = kz_pg_store_idea_voted;
  store_class->add_idea_comment = kz_pg_store_add_idea_comment;
  store_class->list_idea_comments = kz_pg_store_list_idea_comments;
  store_class->set_idea_status = kz_pg_store_set_idea_status;
  store_class->merge_idea = kz_pg_store_merge_idea;
  store_class->find_threads = kz_pg_store_find_threads;
  store_class->voice_export = kz_pg_store_voice_export;
  store_class->voice_import = kz_pg_store_voice_import;
  store_class->record_revision = kz_pg_store_record_revision;
  store_class->acknowledge = kz_pg_store_acknowledge;
  store_class->add_dispute = kz_pg_store_add_dispute;
  store_class->claim_dispute = kz_pg_store_claim_dispute;
  store_class->resolve_items = kz_pg_store_resolve_items;
  store_class->list_disputes = kz_pg_store_list_disputes;
  store_class->list_acknowledgements = kz_pg_store_list_acknowledgements;
  store_class->list_revisions = kz_pg_store_list_revisions;
  store_class->list_audit = kz_pg_store_list_audit;
  store_class->add_calibration = kz_pg_store_add_calibration;
  store_class->close_calibration = kz_pg_store_close_calibration;
  store_class->list_calibrations = kz_pg_store_list_calibrations;
  store_class->find_calibration_evaluation = kz_pg_store_find_calibration_evaluation;
  store_class->history_export = kz_pg_store_history_export;
  store_class->history_import = kz_pg_store_history_import;
  store_class->rebuild_rollups = kz_pg_store_rebuild_rollups;
  store_class->rollup_heatmap = kz_pg_store_rollup_heatmap;
  store_class->rollup_agents = kz_pg_store_rollup_agents;
  store_class->rollup_agent_cells = kz_pg_store_rollup_agent_cells;
  store_class->rollup_agent_weeks = kz_pg_store_rollup_agent_weeks;
  store_class->rollup_criterion = kz_pg_store_rollup_criterion;
  store_class->answer_distribution = kz_pg_store_answer_distribution;
  store_class->reviewer_weeks = kz_pg_store_reviewer_weeks;
  store_class->drill_evaluations = kz_pg_store_drill_evaluations;
  store_class->rollup_team_weeks = kz_pg_store_rollup_team_weeks;
  store_class->answering_evaluations = kz_pg_store_answering_evaluations;
  store_class->bulk_add_evaluations = kz_pg_store_bulk_add_evaluations;
  store_class->save_catalog_item = kz_pg_store_save_catalog_item;
  store_class->list_catalog_items = kz_pg_store_list_catalog_items;
  store_class->save_rule = kz_pg_store_save_rule;
  store_class->list_rules = kz_pg_store_list_rules;
  store_class->save_proposal = kz_pg_store_save_proposal;
  store_class->list_proposals = kz_pg_store_list_proposals;
  store_class->save_plan = kz_pg_store_save_plan;
  store_class->list_plans = kz_pg_store_list_plans;
  store_class->add_completions = kz_pg_store_add_completions;
  store_class->list_completions = kz_pg_store_list_completions;
  store_class->acknowledge_plan = kz_pg_store_acknowledge_plan;
}

static void
kz_pg_store_init (KzPgStore *self)
{
  self->rubrics = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) kz_rubric_unref);
}

KzStore *
kz_pg_store_open (const char  *uri,
                  const char  *password,
                  gboolean     create_schema,
                  int          target_version,
                  GError     **error)
{
  g_autoptr(KzPgStore) self = NULL;
  const char *keywords[5];
  const char *values[5];
  int n = 0;
  int version;

  g_return_val_if_fail (uri != NULL, NULL);
  g_return_val_if_fail (target_version >= 1 && target_version <= KZ_PG_SCHEMA_VERSION, NULL);

  self = g_object_new (KZ_TYPE_PG_STORE, NULL);

  /* expand_dbname: the URI fills every keyword it has; a keyring password
   * given separately comes after it and wins. */
  keywords[n] = "dbname", values[n++] = uri;
  if (password != NULL)
    keywords[n] = "password", values[n++] = password;
  keywords[n] = "connect_timeout", values[n++] = "10";
  keywords[n] = "application_name", values[n++] = "kaizen";
  keywords[n] = NULL, values[n] = NULL;
  self->conn = PQconnectdbParams (keywords, values, 1);

  if (self->conn == NULL || PQstatus (self->conn) != CONNECTION_OK)
    {
      g_autofree char *msg = g_strdup (self->conn ? PQerrorMessage (self->conn) : "out of memory");

      g_strstrip (msg);
      g_strdelimit (msg, "\n", ' ');
      if (strstr (msg, "password") != NULL)
        g_set_error (error, KZ_ERROR, KZ_ERROR_PERMISSION,
                     _("The team server refused the login: %s. Check the user name and password."), msg);
      else
        g_set_error (error, KZ_ERROR, KZ_ERROR_CONNECTION,
                     _("Cannot reach the team server: %s. Check the address, or try again when "
                       "the server is running."), msg);
      return NULL;
    }

  self->description = g_strdup_printf (_("Team server %s/%s as %s"),
                                       PQhost (self->conn) && PQhost (self->conn)[0] != '/'
                                         ? PQhost (self->conn) : "localhost",
                                       PQdb (self->conn), PQuser (self->conn));

  /* What the server says it is, not what was typed: the same database
   * reached by another spelling of its address is the same database. */
  self->identity = kz_store_build_server_uri (PQhost (self->conn), (guint) g_ascii_strtoull (PQport (self->conn), NULL, 10),
                                              PQdb (self->conn), PQuser (self->conn));

  if (!exec_ok (self, "SET client_min_messages = warning", 0, NULL, error))
    return NULL;

  if (create_schema)
    {
      if (!migrate (self, target_version, error))
        return NULL;
      return KZ_STORE (g_steal_pointer (&self));
    }

  version = read_schema_version (self, error);
  if (version < 0)
    return NULL;
  if (version > KZ_PG_SCHEMA_VERSION)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_TOO_NEW,
                   _("The team server's database %s was set up by a newer version of Kaizen "
                     "(schema %d; this version understands up to %d). Use a newer Kaizen."),
                   PQdb (self->conn), version, KZ_PG_SCHEMA_VERSION);
      return NULL;
    }
  if (version < target_version)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_DATABASE,
                   version == 0
                   ? _("The database %s on the team server has no Kaizen schema yet: an administrator "
                       "runs “kaizenctl server init” first")
                   : _("The database %s on the team server has an older Kaizen schema: an administrator "
                       "runs “kaizenctl server init” to upgrade it"),
                   PQdb (self->conn));
      return NULL;
    }

  self->schema_version = version;

  /* Without notifications Kaizen still works; lists refresh by hand. */
  self->uri = g_strdup (uri);
  self->password = g_strdup (password);
  self->context = g_main_context_ref_thread_default ();
  if (self->schema_version >= 5 && !start_listening (self))
    g_debug ("not listening for changes: %s", PQerrorMessage (self->conn));

  return KZ_STORE (g_steal_pointer (&self));
}
