/* kz-pg-store-private.h — the team-server backend (PostgreSQL, libpq)
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libpq-fe.h>

#include "kz-store.h"

G_BEGIN_DECLS

/* Schema versions of this backend: 1 base, 2 auto-fail fields, 3 row
 * versions, 4 roles, row-level security and the survey tables, 5 change
 * notifications, 6 emails, 7 calls, 8 search, 9 comment times, 10 customer
 * feedback, 11 list indexes, 12 staff voice, 13 voter keys, 14
 * acknowledgements, disputes, revisions, audit trail and calibration, 15
 * CX principles and personas, 16 coaching: catalog, rules, proposals, plans,
 * completions, 17 roll-ups for reports. */
#define KZ_PG_SCHEMA_VERSION 19

#define KZ_TYPE_PG_STORE (kz_pg_store_get_type ())
G_DECLARE_FINAL_TYPE (KzPgStore, kz_pg_store, KZ, PG_STORE, KzStore)

/* Connects to @uri (postgresql://…).  @password may be NULL (then the URI's,
 * or libpq's usual sources).  With @create_schema the schema is created or
 * upgraded (needs the rights of the database's owner: `kaizenctl server
 * init`); without it a database whose schema is missing or older is refused
 * with a message saying to run that command. */
KzStore   *kz_pg_store_open           (const char  *uri,
                                       const char  *password,
                                       gboolean     create_schema,
                                       int          target_version,
                                       GError     **error);

PGconn    *kz_pg_store_get_connection (KzPgStore   *self);

/* Runs @sql with text parameters (NULL for SQL NULL).  On failure sets
 * @error (KZ_ERROR_DATABASE, or KZ_ERROR_CONNECTION when the server is
 * gone) and returns NULL.  The caller PQclear()s the result. */
PGresult  *kz_pg_store_exec           (KzPgStore          *self,
                                       const char         *sql,
                                       int                 n_params,
                                       const char * const *params,
                                       GError            **error);

G_END_DECLS
