/* kz-test-db.h — helpers shared by the model tests
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <libpq-fe.h>

#include "kz-store.h"

/* A fresh temporary directory, removed by kz_test_tmpdir_free(). */
char *kz_test_tmpdir_new  (void);
void  kz_test_tmpdir_free (char *dir);

/* Every row of every table of the SQLite file at @path, as text, tables by
 * name and rows in a stable order; columns in @ignore ("table.column", NULL
 * terminated) are left out.  Two files with the same content give the same
 * string. */
char *kz_test_dump_db     (const char         *path,
                           const char * const *ignore);

/* The throwaway PostgreSQL server of tests/pg/with-pg-server, when the test
 * runs under it (KAIZEN_TEST_PG is set). */
gboolean kz_test_pg_available (void);
/* A new, empty database on it; returns its postgresql:// URI (superuser). */
char    *kz_test_pg_create_db (void);
/* The same database, as URI for another login. */
char    *kz_test_pg_uri_for   (const char *uri,
                               const char *user,
                               const char *password);
void     kz_test_pg_drop_db   (const char *uri);
/* A plain libpq connection (asserts it works). */
PGconn  *kz_test_pg_connect   (const char *uri);

/* A value a test binds into its own SQL: an integer, or text when @text is
 * set.  (No value is ever pasted into SQL text, in tests as in the app.) */
typedef struct {
  const char *text;
  gint64      integer;
} KzTestValue;

#define KZ_TEST_INT(v)  ((KzTestValue) { NULL, (v) })
#define KZ_TEST_TEXT(v) ((KzTestValue) { (v), 0 })
/* The values and their number, for the functions below: at least one. */
#define KZ_TEST_VALUES(...) ((const KzTestValue[]) { __VA_ARGS__ }), \
                            (int) G_N_ELEMENTS (((const KzTestValue[]) { __VA_ARGS__ }))

/* One statement on a connection of its own to @location (a postgresql://
 * URI, else an SQLite file, foreign keys on), autocommitted, with the
 * @n_values @values bound as $1, $2 … — an integer as SQLite's integer and
 * PostgreSQL's bigint, text as SQLite's text and PostgreSQL's untyped
 * literal, just as they would be written in the SQL.  Every row it gives,
 * each a GPtrArray of its first @n_cols columns as text (NULL for NULL);
 * NULL with @error when the statement fails. */
GPtrArray *kz_test_sql_rows  (const char        *location,
                              const char        *sql,
                              int                n_cols,
                              const KzTestValue *values,
                              int                n_values,
                              GError           **error);
/* kz_test_sql_rows() for a change; FALSE with @error when it fails. */
gboolean   kz_test_sql_exec  (const char        *location,
                              const char        *sql,
                              const KzTestValue *values,
                              int                n_values,
                              GError           **error);
/* The first column of the first row as text (NULL for none or NULL);
 * asserts the statement works. */
char      *kz_test_sql_text  (const char        *location,
                              const char        *sql,
                              const KzTestValue *values,
                              int                n_values);
/* The one row's first column as an integer; asserts there is exactly one
 * row and it is not NULL. */
gint64     kz_test_sql_int   (const char        *location,
                              const char        *sql,
                              const KzTestValue *values,
                              int                n_values);

/* Everything a store holds, read through the typed API, as text: two
 * stores (any backends) with the same content give the same string.  Ids
 * are left out (they differ between backends); rows are named by what
 * they contain: units, people, rubrics, interactions with their emails
 * (and attachment lists), calls (every transcript turn) and customers'
 * ratings, evaluations with their answers, and everyone's queue; CX
 * principles and personas in their order; staff
 * voice as the app shows it: the question bank, pulse plans and rounds,
 * every closed round's figures (cell by cell, in order) and comments, the
 * open rounds each person has still to answer, ideas with their votes and
 * comments. */
char    *kz_test_dump_store   (KzStore    *store);
/* The random parts of staff voice, which a copy keeps and two databases
 * filled alike do not share: each idea's and comment's random id (as 32
 * hex digits, whichever backend) and pseudonym, named by content. */
char    *kz_test_dump_voice_ids (KzStore  *store);
