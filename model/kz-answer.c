/* kz-answer.c — answers and answer sets
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kz-answer"

#include "config.h"

#include <glib/gi18n.h>
#include <gio/gio.h>
#include <math.h>
#include <string.h>

#include "kz-answer.h"
#include "kz-error.h"
#include "kz-rubric.h"

G_DEFINE_BOXED_TYPE (KzAnswer, kz_answer, kz_answer_copy, kz_answer_free)

KzAnswer *
kz_answer_new (const char   *criterion_id,
               KzAnswerKind  kind,
               double        value,
               const char   *comment)
{
  KzAnswer *self;

  g_return_val_if_fail (criterion_id != NULL, NULL);

  self = g_new0 (KzAnswer, 1);
  self->criterion_id = g_strdup (criterion_id);
  self->kind = kind;
  self->value = kind == KZ_ANSWER_VALUE ? value : 0.0;
  self->comment = (comment != NULL && *comment != '\0') ? g_strdup (comment) : NULL;
  self->comment_at_ms = -1;
  return self;
}

KzAnswer *
kz_answer_copy (const KzAnswer *self)
{
  KzAnswer *copy = kz_answer_new (self->criterion_id, self->kind, self->value, self->comment);

  copy->comment_at_ms = self->comment_at_ms;
  return copy;
}

void
kz_answer_free (KzAnswer *self)
{
  if (self == NULL)
    return;
  g_free (self->criterion_id);
  g_free (self->comment);
  g_free (self);
}

KzAnswerSet *
kz_answer_set_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                (GDestroyNotify) kz_answer_free);
}

void
kz_answer_set_put (KzAnswerSet *set,
                   KzAnswer    *answer)
{
  g_return_if_fail (set != NULL);
  g_return_if_fail (answer != NULL);

  if (g_hash_table_lookup (set, answer->criterion_id) == answer)
    return;

  /* The key points into the value, so replace both together. */
  g_hash_table_remove (set, answer->criterion_id);
  g_hash_table_insert (set, answer->criterion_id, answer);
}

const KzAnswer *
kz_answer_set_get (KzAnswerSet *set,
                   const char  *criterion_id)
{
  g_return_val_if_fail (set != NULL, NULL);
  return g_hash_table_lookup (set, criterion_id);
}

static char *
unquote (char *field)
{
  gsize len;

  field = g_strstrip (field);
  len = strlen (field);
  if (len >= 2 && field[0] == '"' && field[len - 1] == '"')
    {
      field[len - 1] = '\0';
      field++;
    }
  return field;
}

static char *
describe_points (const KzScale *scale)
{
  g_autoptr(GString) s = g_string_new (NULL);

  for (guint i = 0; i < scale->points->len; i++)
    {
      const KzScalePoint *p = g_ptr_array_index (scale->points, i);
      char buf[G_ASCII_DTOSTR_BUF_SIZE];

      if (i > 0)
        g_string_append (s, ", ");
      g_string_append (s, g_ascii_formatd (buf, sizeof buf, "%g", p->value));
    }
  return g_string_free (g_steal_pointer (&s), FALSE);
}

KzAnswerSet *
kz_answer_set_load_csv (const char  *path,
                        KzRubric    *rubric,
                        GError     **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) local_error = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GHashTable) set = NULL;
  gsize length;

  g_return_val_if_fail (path != NULL, NULL);

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_FILE, "%s: %s", path, local_error->message);
      return NULL;
    }

  if (!g_utf8_validate (contents, length, NULL))
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_FILE,
                   _("%s: the file is not UTF-8 text"), path);
      return NULL;
    }

  set = kz_answer_set_new ();
  lines = g_strsplit (contents, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      guint lineno = i + 1;
      g_auto(GStrv) fields = NULL;
      const char *id;
      const char *answer;
      char *line = g_strstrip (lines[i]);
      KzCriterion *criterion = NULL;
      KzAnswerKind kind;
      double value = 0.0;

      /* A UTF-8 byte-order mark, as spreadsheets write it. */
      if (i == 0 && g_str_has_prefix (line, "\xef\xbb\xbf"))
        line += 3;

      if (*line == '\0' || *line == '#')
        continue;

      fields = g_strsplit (line, ",", 3);
      if (g_strv_length (fields) != 2)
        {
          g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_FILE,
                       _("%s:%u: expected two fields “criterion_id,answer”"), path, lineno);
          return NULL;
        }

      id = unquote (fields[0]);
      answer = unquote (fields[1]);

      if (lineno == 1 && g_str_equal (id, "criterion_id"))
        continue;

      if (*id == '\0')
        {
          g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_FILE,
                       _("%s:%u: the criterion id is empty"), path, lineno);
          return NULL;
        }

      if (g_hash_table_contains (set, id))
        {
          g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_FILE,
                       _("%s:%u: criterion “%s” is answered twice"), path, lineno, id);
          return NULL;
        }

      if (rubric != NULL)
        {
          criterion = kz_rubric_find_criterion (rubric, id);
          if (criterion == NULL)
            {
              g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_FILE,
                           _("%s:%u: rubric “%s” has no criterion “%s”"),
                           path, lineno, kz_rubric_get_id (rubric), id);
              return NULL;
            }
        }

      if (g_ascii_strcasecmp (answer, "na") == 0 || g_ascii_strcasecmp (answer, "n/a") == 0)
        {
          kind = KZ_ANSWER_NA;
          if (criterion != NULL && !kz_criterion_allows_na (criterion))
            {
              g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_FILE,
                           _("%s:%u: criterion “%s” does not allow N/A"), path, lineno, id);
              return NULL;
            }
        }
      else
        {
          char *end = NULL;

          kind = KZ_ANSWER_VALUE;
          value = g_ascii_strtod (answer, &end);
          if (*answer == '\0' || end == NULL || *end != '\0' || !isfinite (value))
            {
              g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_FILE,
                           _("%s:%u: “%s” is not a number or “na”"), path, lineno, answer);
              return NULL;
            }
          if (criterion != NULL && kz_scale_find_point (criterion->scale, value) == NULL)
            {
              g_autofree char *allowed = describe_points (criterion->scale);

              g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_FILE,
                           _("%s:%u: %s is not a point of the scale of criterion “%s” (allowed: %s)"),
                           path, lineno, answer, id, allowed);
              return NULL;
            }
        }

      kz_answer_set_put (set, kz_answer_new (id, kind, value, NULL));
    }

  return g_steal_pointer (&set);
}
