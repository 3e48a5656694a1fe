/* kz-csv.c — reading CSV files with libcsv, keeping line numbers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kz-csv"

#include "config.h"

#include <csv.h>
#include <glib/gi18n.h>
#include <string.h>

#include "kz-csv.h"
#include "kz-error.h"

typedef struct {
  GPtrArray *rows;
  GArray    *lines;
  GPtrArray *fields;
  guint      line;
} CsvState;

static void
field_cb (void   *data,
          size_t  len,
          void   *user_data)
{
  CsvState *st = user_data;
  char *field = g_strndup (data ? data : "", len);

  g_ptr_array_add (st->fields, g_strstrip (field));
}

static void
row_cb (int   c,
        void *user_data)
{
  CsvState *st = user_data;

  g_ptr_array_add (st->fields, NULL);
  g_ptr_array_add (st->rows, g_ptr_array_free (st->fields, FALSE));
  g_array_append_val (st->lines, st->line);
  st->fields = g_ptr_array_new ();
}

GPtrArray *
kz_csv_read (const char  *path,
             GArray     **lines,
             GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  g_auto(GStrv) text_lines = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GArray) line_numbers = g_array_new (FALSE, FALSE, sizeof (guint));
  struct csv_parser parser;
  CsvState st = { rows, line_numbers, g_ptr_array_new_with_free_func (g_free), 0 };
  gboolean ok = TRUE;
  gsize len;

  if (!g_file_get_contents (path, &contents, &len, &local_error))
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_FILE, "%s: %s", path, local_error->message);
      g_ptr_array_unref (st.fields);
      return NULL;
    }
  if (!g_utf8_validate_len (contents, len, NULL))
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_FILE, _("%s: the file is not UTF-8 text"), path);
      g_ptr_array_unref (st.fields);
      return NULL;
    }
  /* A spreadsheet's byte-order mark is not part of the first column's name. */
  if (g_str_has_prefix (contents, "\xef\xbb\xbf"))
    memmove (contents, contents + 3, strlen (contents + 3) + 1);

  g_ptr_array_set_free_func (st.fields, NULL);
  csv_init (&parser, CSV_STRICT | CSV_APPEND_NULL);
  text_lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; ok && text_lines[i] != NULL; i++)
    {
      g_autofree char *line = g_strconcat (text_lines[i], text_lines[i + 1] != NULL ? "\n" : "", NULL);

      st.line = i + 1;
      if (csv_parse (&parser, line, strlen (line), field_cb, row_cb, &st) != strlen (line))
        {
          g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_FILE, "%s:%u: %s", path, i + 1,
                       csv_strerror (csv_error (&parser)));
          ok = FALSE;
        }
    }
  if (ok && csv_fini (&parser, field_cb, row_cb, &st) != 0)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_FILE, "%s:%u: %s", path, st.line,
                   csv_strerror (csv_error (&parser)));
      ok = FALSE;
    }
  csv_free (&parser);
  g_ptr_array_set_free_func (st.fields, g_free);
  g_ptr_array_unref (st.fields);
  if (!ok)
    return NULL;

  if (lines != NULL)
    *lines = g_steal_pointer (&line_numbers);
  return g_steal_pointer (&rows);
}

int
kz_csv_column (GStrv       header,
               const char *name)
{
  for (guint k = 0; header != NULL && header[k] != NULL; k++)
    if (g_ascii_strcasecmp (header[k], name) == 0)
      return (int) k;
  return -1;
}
