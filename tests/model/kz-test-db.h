/* kz-test-db.h — helpers shared by the model tests
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

/* A fresh temporary directory, removed by kz_test_tmpdir_free(). */
char *kz_test_tmpdir_new  (void);
void  kz_test_tmpdir_free (char *dir);

/* Every row of every table of the SQLite file at @path, as text, tables by
 * name and rows in a stable order; columns in @ignore ("table.column", NULL
 * terminated) are left out.  Two files with the same content give the same
 * string. */
char *kz_test_dump_db     (const char         *path,
                           const char * const *ignore);
