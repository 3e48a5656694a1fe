/* kz-sqlite-store-private.h — the single-file backend
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kz-store.h"

G_BEGIN_DECLS

/* 1 base, 2 auto-fail fields, 3 row versions, 4 emails, 5 calls, 6 search,
 * 7 reviewers' queues, 8 comment times, 9 customer feedback, 10 search
 * indexed at commit, 11 list indexes, 12 staff voice, 13 voter keys, 14
 * acknowledgements, disputes, revisions, audit trail and calibration, 15
 * CX principles and personas, 16 coaching: catalog, rules, proposals, plans,
 * completions, 17 roll-ups for reports. */
#define KZ_SQLITE_SCHEMA_VERSION 20

#define KZ_TYPE_SQLITE_STORE (kz_sqlite_store_get_type ())
G_DECLARE_FINAL_TYPE (KzSqliteStore, kz_sqlite_store, KZ, SQLITE_STORE, KzStore)

/* Opens @path and migrates it up to @target_version (KZ_SQLITE_SCHEMA_VERSION in
 * the app; lower in the migration tests, to build an old database). */
KzStore *kz_sqlite_store_open (const char  *path,
                               int          target_version,
                               GError     **error);

/* Writes a consistent copy of the whole database to @path (which must not
 * exist), for backups. */
gboolean    kz_sqlite_store_snapshot        (KzSqliteStore  *self,
                                             const char     *path,
                                             GError        **error);
/* SQLite's integrity and foreign-key checks: a damaged file is
 * KZ_ERROR_INVALID_FILE with what is wrong. */
gboolean    kz_sqlite_store_check_integrity (KzSqliteStore  *self,
                                             GError        **error);
const char *kz_sqlite_store_get_path        (KzSqliteStore  *self);

/* For tests only: runs one statement with no parameters (to forge a
 * database from a future Kaizen, or to inspect one). */
gboolean kz_sqlite_store_exec_for_test (KzSqliteStore  *self,
                                        const char     *sql,
                                        GError        **error);
/* For tests: the first column of the first row of @sql as text (or NULL). */
char    *kz_sqlite_store_query_text_for_test (KzSqliteStore *self,
                                              const char    *sql);

G_END_DECLS
