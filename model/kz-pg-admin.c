/* kz-pg-admin.c — administering a team server: logins and their roles
 *
 * Role names and passwords cannot be bound parameters in CREATE ROLE or
 * GRANT: they are quoted with libpq's PQescapeIdentifier/PQescapeLiteral.
 * Every other value is a bound parameter.  The rights each role gives are in
 * sql/pg-004-security.sql.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kz-pg-admin"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kz-error.h"
#include "kz-pg-admin.h"
#include "kz-types.h"

/* PostgreSQL's NAMEDATALEN - 1: longer names are silently truncated. */
#define MAX_ROLE_NAME_BYTES 63

static const struct {
  KzRoles     role;
  const char *group;
} groups[] = {
  { KZ_ROLE_AGENT,    "kaizen_agent" },
  { KZ_ROLE_REVIEWER, "kaizen_reviewer" },
  { KZ_ROLE_MANAGER,  "kaizen_manager" },
  { KZ_ROLE_STAFF,    "kaizen_staff" },
  { KZ_ROLE_ADMIN,    "kaizen_admin" },
};

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGresult, PQclear)

static gboolean
run (KzPgStore   *store,
     const char  *sql,
     GError     **error)
{
  PGresult *r = kz_pg_store_exec (store, sql, 0, NULL, error);

  PQclear (r);
  return r != NULL;
}

/* Quotes @text as an identifier for this connection; NULL with @error. */
static char *
quote_identifier (KzPgStore   *store,
                  const char  *text,
                  GError     **error)
{
  PGconn *conn = kz_pg_store_get_connection (store);
  char *quoted = PQescapeIdentifier (conn, text, strlen (text));
  char *ret;

  if (quoted == NULL)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT,
                   _("“%s” cannot be used as a name on the team server: %s"), text, PQerrorMessage (conn));
      return NULL;
    }
  ret = g_strdup (quoted);
  PQfreemem (quoted);
  return ret;
}

static gboolean
check_login_name (const char  *login,
                  GError     **error)
{
  if (login == NULL || *login == '\0')
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT, _("A login name is needed"));
      return FALSE;
    }
  if (!g_utf8_validate (login, -1, NULL))
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT, _("The login name is not valid text"));
      return FALSE;
    }
  if (strlen (login) > MAX_ROLE_NAME_BYTES)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT,
                   _("The login name “%s” is too long: the team server allows %d bytes"),
                   login, MAX_ROLE_NAME_BYTES);
      return FALSE;
    }
  for (const char *p = login; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      {
        g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT,
                     _("The login name contains a control character"));
        return FALSE;
      }
  /* pg_* names are reserved by PostgreSQL; kaizen_* are Kaizen's groups. */
  if (g_ascii_strncasecmp (login, "pg_", 3) == 0 || g_ascii_strncasecmp (login, "kaizen_", 7) == 0)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT,
                   _("The login name “%s” is reserved: names starting with “pg_” or “kaizen_” "
                     "cannot be used"), login);
      return FALSE;
    }
  return TRUE;
}

/* Grants the groups of @roles to the role @login (quoted: @ident) and
 * revokes the other kaizen_* groups it is a member of. */
static gboolean
apply_roles (KzPgStore   *store,
             const char  *login,
             const char  *ident,
             KzRoles      roles,
             GError     **error)
{
  const char *params[1] = { login };
  g_autoptr(PGresult) r = NULL;
  g_autoptr(GHashTable) member_of = g_hash_table_new (g_str_hash, g_str_equal);

  r = kz_pg_store_exec (store,
                        "SELECT g.rolname FROM pg_auth_members m "
                        "JOIN pg_roles g ON g.oid = m.roleid "
                        "JOIN pg_roles u ON u.oid = m.member "
                        "WHERE u.rolname = $1", 1, params, error);
  if (r == NULL)
    return FALSE;
  for (int i = 0; i < PQntuples (r); i++)
    g_hash_table_add (member_of, PQgetvalue (r, i, 0));

  for (guint i = 0; i < G_N_ELEMENTS (groups); i++)
    {
      gboolean want = (roles & groups[i].role) != 0;
      gboolean has = g_hash_table_contains (member_of, groups[i].group);
      g_autofree char *sql = NULL;

      if (want == has)
        continue;
      /* The group names are constants: no quoting needed. */
      sql = want ? g_strdup_printf ("GRANT %s TO %s", groups[i].group, ident)
                 : g_strdup_printf ("REVOKE %s FROM %s", groups[i].group, ident);
      if (!run (store, sql, error))
        return FALSE;
    }
  return TRUE;
}

/* The roles bitmask of person @person_id; FALSE with KZ_ERROR_NOT_FOUND. */
static gboolean
get_person_roles (KzPgStore   *store,
                  gint64       person_id,
                  char       **name,
                  KzRoles     *roles,
                  GError     **error)
{
  char b_id[32];
  const char *params[1];
  g_autoptr(PGresult) r = NULL;

  g_snprintf (b_id, sizeof b_id, "%" G_GINT64_FORMAT, person_id);
  params[0] = b_id;
  r = kz_pg_store_exec (store, "SELECT name, roles FROM people WHERE id = $1", 1, params, error);
  if (r == NULL)
    return FALSE;
  if (PQntuples (r) != 1)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_NOT_FOUND,
                   _("There is no person with id %" G_GINT64_FORMAT " in the database"), person_id);
      return FALSE;
    }
  *name = g_strdup (PQgetvalue (r, 0, 0));
  *roles = (KzRoles) g_ascii_strtoll (PQgetvalue (r, 0, 1), NULL, 10);
  return TRUE;
}

static gboolean
add_user_in_transaction (KzPgStore   *store,
                         const char  *login,
                         const char  *password,
                         gint64       person_id,
                         GError     **error)
{
  PGconn *conn = kz_pg_store_get_connection (store);
  g_autofree char *name = NULL;
  g_autofree char *ident = NULL;
  g_autofree char *db_ident = NULL;
  g_autofree char *sql = NULL;
  g_autoptr(PGresult) r = NULL;
  char *literal = NULL;
  char *encrypted = NULL;
  char b_id[32];
  const char *params[2];
  KzRoles roles = KZ_ROLE_NONE;

  if (!get_person_roles (store, person_id, &name, &roles, error))
    return FALSE;
  if ((roles & (KZ_ROLE_AGENT | KZ_ROLE_REVIEWER | KZ_ROLE_MANAGER | KZ_ROLE_STAFF | KZ_ROLE_ADMIN)) == 0)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT,
                   _("%s has no Kaizen roles: give them at least one before making a login"), name);
      return FALSE;
    }

  g_snprintf (b_id, sizeof b_id, "%" G_GINT64_FORMAT, person_id);
  params[0] = b_id;
  r = kz_pg_store_exec (store, "SELECT login FROM logins WHERE person_id = $1", 1, params, error);
  if (r == NULL)
    return FALSE;
  if (PQntuples (r) > 0)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_EXISTS,
                   _("%s already has the login “%s” on this team server"), name, PQgetvalue (r, 0, 0));
      return FALSE;
    }
  g_clear_pointer (&r, PQclear);

  params[0] = login;
  r = kz_pg_store_exec (store, "SELECT 1 FROM pg_roles WHERE rolname = $1", 1, params, error);
  if (r == NULL)
    return FALSE;
  if (PQntuples (r) > 0)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_EXISTS,
                   _("The team server already has a login or role named “%s”; choose another name"), login);
      return FALSE;
    }
  g_clear_pointer (&r, PQclear);

  ident = quote_identifier (store, login, error);
  if (ident == NULL)
    return FALSE;
  db_ident = quote_identifier (store, PQdb (conn), error);
  if (db_ident == NULL)
    return FALSE;

  /* Hashed here, as psql's \password does: the clear password never
   * reaches the server or its logs.  NULL: the server's password_encryption. */
  encrypted = PQencryptPasswordConn (conn, password, login, NULL);
  if (encrypted == NULL)
    {
      g_autofree char *msg = g_strstrip (g_strdup (PQerrorMessage (conn)));
      g_set_error (error, KZ_ERROR, KZ_ERROR_DATABASE, _("Cannot prepare the password: %s"), msg);
      return FALSE;
    }
  literal = PQescapeLiteral (conn, encrypted, strlen (encrypted));
  PQfreemem (encrypted);
  if (literal == NULL)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT, _("The password cannot be used: %s"),
                   PQerrorMessage (conn));
      return FALSE;
    }
  sql = g_strdup_printf ("CREATE ROLE %s LOGIN INHERIT PASSWORD %s", ident, literal);
  PQfreemem (literal);
  if (!run (store, sql, error))
    return FALSE;
  g_clear_pointer (&sql, g_free);

  /* The kaizen_* groups are shared by every database of the cluster, and
   * CONNECT was taken from PUBLIC: only this database's logins connect. */
  sql = g_strdup_printf ("GRANT CONNECT ON DATABASE %s TO %s", db_ident, ident);
  if (!run (store, sql, error))
    return FALSE;

  if (!apply_roles (store, login, ident, roles, error))
    return FALSE;

  params[0] = login;
  params[1] = b_id;
  r = kz_pg_store_exec (store, "INSERT INTO logins (login, person_id) VALUES ($1, $2)", 2, params, error);
  return r != NULL;
}

gboolean
kz_pg_admin_add_user (KzPgStore   *store,
                      const char  *login,
                      const char  *password,
                      gint64       person_id,
                      GError     **error)
{
  g_return_val_if_fail (KZ_IS_PG_STORE (store), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_login_name (login, error))
    return FALSE;
  if (password == NULL || *password == '\0')
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT, _("A password is needed for the login “%s”"),
                   login);
      return FALSE;
    }

  if (!kz_store_begin (KZ_STORE (store), error))
    return FALSE;
  if (!add_user_in_transaction (store, login, password, person_id, error))
    {
      kz_store_rollback (KZ_STORE (store));
      return FALSE;
    }
  return kz_store_commit (KZ_STORE (store), error);
}

static gboolean
sync_roles_in_transaction (KzPgStore   *store,
                           gint64       person_id,
                           GError     **error)
{
  g_autofree char *name = NULL;
  g_autofree char *ident = NULL;
  g_autofree char *login = NULL;
  g_autoptr(PGresult) r = NULL;
  char b_id[32];
  const char *params[1];
  KzRoles roles = KZ_ROLE_NONE;

  if (!get_person_roles (store, person_id, &name, &roles, error))
    return FALSE;

  g_snprintf (b_id, sizeof b_id, "%" G_GINT64_FORMAT, person_id);
  params[0] = b_id;
  r = kz_pg_store_exec (store, "SELECT login FROM logins WHERE person_id = $1", 1, params, error);
  if (r == NULL)
    return FALSE;
  if (PQntuples (r) != 1)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_NOT_FOUND, _("%s has no login on this team server"), name);
      return FALSE;
    }
  login = g_strdup (PQgetvalue (r, 0, 0));
  ident = quote_identifier (store, login, error);
  if (ident == NULL)
    return FALSE;
  return apply_roles (store, login, ident, roles, error);
}

gboolean
kz_pg_admin_sync_roles (KzPgStore   *store,
                        gint64       person_id,
                        GError     **error)
{
  g_return_val_if_fail (KZ_IS_PG_STORE (store), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!kz_store_begin (KZ_STORE (store), error))
    return FALSE;
  if (!sync_roles_in_transaction (store, person_id, error))
    {
      kz_store_rollback (KZ_STORE (store));
      return FALSE;
    }
  return kz_store_commit (KZ_STORE (store), error);
}
