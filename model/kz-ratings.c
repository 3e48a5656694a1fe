/* kz-ratings.c — reviewers' ratings of units from a CSV file
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kz-ratings"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdlib.h>

#include "kz-csv.h"
#include "kz-error.h"
#include "kz-ratings.h"

void
kz_ratings_free (KzRatings *self)
{
  if (self == NULL)
    return;
  g_free (self->values);
  g_strfreev (self->units);
  g_strfreev (self->reviewers);
  g_free (self);
}

static guint
index_of (GHashTable *index,
          GPtrArray  *names,
          const char *name)
{
  gpointer found;

  if (g_hash_table_lookup_extended (index, name, NULL, &found))
    return GPOINTER_TO_UINT (found);
  g_ptr_array_add (names, g_strdup (name));
  g_hash_table_insert (index, g_strdup (name), GUINT_TO_POINTER (names->len - 1));
  return names->len - 1;
}

typedef struct {
  guint  unit;
  guint  reviewer;
  double value;
  guint  line;
} Cell;

KzRatings *
kz_ratings_read_csv (const char  *path,
                     GPtrArray   *problems,
                     GError     **error)
{
  g_autoptr(GArray) lines = NULL;
  g_autoptr(GPtrArray) records = kz_csv_read (path, &lines, error);
  g_autoptr(GHashTable) unit_index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) reviewer_index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) units = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) reviewers = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) cells = g_array_new (FALSE, FALSE, sizeof (Cell));
  guint n_problems = 0;
  KzRatings *self;

  g_return_val_if_fail (path != NULL && problems != NULL, NULL);

  if (records == NULL)
    return NULL;
  for (guint i = 0; i < records->len; i++)
    {
      GStrv fields = g_ptr_array_index (records, i);
      guint line = g_array_index (lines, guint, i);
      g_autofree char *why = NULL;
      Cell cell = { 0, 0, NAN, line };

      if (i == 0 && g_strv_length (fields) == 3 && g_ascii_strcasecmp (fields[0], "unit") == 0 &&
          g_ascii_strcasecmp (fields[1], "reviewer") == 0 && g_ascii_strcasecmp (fields[2], "value") == 0)
        continue;
      if (g_strv_length (fields) == 1 && *fields[0] == '\0')
        continue;   /* a blank line */
      if (g_strv_length (fields) != 3)
        why = g_strdup_printf (_("%u fields; a line is unit,reviewer,value (an empty value is missing)"),
                               g_strv_length (fields));
      else if (*fields[0] == '\0' || *fields[1] == '\0')
        why = g_strdup (*fields[0] == '\0' ? _("no unit") : _("no reviewer"));
      else if (*fields[2] != '\0')
        {
          char *end = NULL;

          cell.value = g_ascii_strtod (fields[2], &end);
          if (end == fields[2] || *end != '\0' || !isfinite (cell.value))
            why = g_strdup_printf (_("“%s” is not a number (leave it empty when missing)"), fields[2]);
        }
      if (why == NULL)
        {
          g_autofree char *key = g_strconcat (fields[0], "\n", fields[1], NULL);
          gpointer first;

          if (g_hash_table_lookup_extended (seen, key, NULL, &first))
            why = g_strdup_printf (_("a second value for unit “%s” by reviewer “%s” (the first is on line %u)"),
                                   fields[0], fields[1], GPOINTER_TO_UINT (first));
          else
            g_hash_table_insert (seen, g_steal_pointer (&key), GUINT_TO_POINTER (line));
        }
      if (why != NULL)
        {
          g_ptr_array_add (problems, g_strdup_printf ("%s:%u: %s", path, line, why));
          n_problems++;
          continue;
        }
      cell.unit = index_of (unit_index, units, fields[0]);
      cell.reviewer = index_of (reviewer_index, reviewers, fields[1]);
      g_array_append_val (cells, cell);
    }

  if (n_problems > 0)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_FILE,
                   g_dngettext (GETTEXT_PACKAGE, "%s: %u bad line; nothing was computed",
                                "%s: %u bad lines; nothing was computed", n_problems),
                   path, n_problems);
      return NULL;
    }

  self = g_new0 (KzRatings, 1);
  self->n_units = units->len;
  self->n_reviewers = reviewers->len;
  self->values = g_new (double, MAX (units->len * reviewers->len, 1));
  for (guint i = 0; i < units->len * reviewers->len; i++)
    self->values[i] = NAN;
  for (guint i = 0; i < cells->len; i++)
    {
      const Cell *c = &g_array_index (cells, Cell, i);

      self->values[c->unit * reviewers->len + c->reviewer] = c->value;
    }
  g_ptr_array_add (units, NULL);
  g_ptr_array_add (reviewers, NULL);
  self->units = (GStrv) g_ptr_array_steal (units, NULL);
  self->reviewers = (GStrv) g_ptr_array_steal (reviewers, NULL);
  return self;
}
