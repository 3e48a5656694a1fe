/* kz-test-db.c — helpers shared by the model tests
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <gio/gio.h>
#include <sqlite3.h>

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
