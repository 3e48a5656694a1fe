/* kz-pg-admin.h — administering a team server: logins and their roles
 *
 * These run with the rights of the database's owner (or a role with
 * CREATEROLE), as `kaizenctl server add-user` does; a Kaizen login without
 * them gets KZ_ERROR_PERMISSION from the server.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kz-pg-store-private.h"

G_BEGIN_DECLS

/* Creates the server login @login with @password for person @person_id, a
 * member of the kaizen_* group roles matching the person's Kaizen roles,
 * allowed to connect to this database, and records it in `logins` — all in
 * one transaction.  The password goes to the server only as a SCRAM (or
 * MD5, if the server is set so) verifier, never in clear.  Errors:
 * KZ_ERROR_NOT_FOUND (no such person), KZ_ERROR_EXISTS (the person already
 * has a login, or the name is taken on the server), KZ_ERROR_INVALID_INPUT
 * (an unusable name or password, a person with no roles). */
gboolean kz_pg_admin_add_user   (KzPgStore   *store,
                                 const char  *login,
                                 const char  *password,
                                 gint64       person_id,
                                 GError     **error);

/* Makes the group roles of @person_id's login match their roles bitmask in
 * `people` again (after an administrator changed them): grants the missing
 * ones and revokes the others.  KZ_ERROR_NOT_FOUND when the person has no
 * login. */
gboolean kz_pg_admin_sync_roles (KzPgStore   *store,
                                 gint64       person_id,
                                 GError     **error);

G_END_DECLS
