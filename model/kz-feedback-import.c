/* kz-feedback-import.c — customers' ratings from a survey tool's CSV
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kz-feedback-import"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kz-csv.h"
#include "kz-error.h"
#include "kz-feedback-import.h"

char *
kz_feedback_parse (const char  *rating,
                   const char  *scale,
                   const char  *comment,
                   const char  *time,
                   KzFeedback  *fb)
{
  char *end = NULL;
  gint64 value;

  if (!kz_feedback_scale_from_string (scale, &fb->scale))
    return g_strdup_printf (_("the scale is “csat” or “nps”, not “%s”"), scale ? scale : "");
  value = g_ascii_strtoll (rating ? rating : "", &end, 10);
  if (rating == NULL || *rating == '\0' || *end != '\0' ||
      value < (fb->scale == KZ_FEEDBACK_CSAT ? 1 : 0) || value > (fb->scale == KZ_FEEDBACK_CSAT ? 5 : 10))
    return g_strdup_printf (fb->scale == KZ_FEEDBACK_CSAT ? _("a CSAT rating is 1 to 5, not “%s”")
                                                          : _("an NPS rating is 0 to 10, not “%s”"),
                            rating ? rating : "");
  fb->rating = (gint) value;
  fb->comment = comment && *comment ? g_strdup (comment) : NULL;
  if (time != NULL && *time != '\0')
    {
      fb->given_at = g_date_time_new_from_iso8601 (time, NULL);
      if (fb->given_at == NULL)
        return g_strdup_printf (_("“%s” is not a time with a zone, like 2026-03-02T09:15:00Z"), time);
    }
  return NULL;
}

static void
add_issue (KzEvaluationImportReport *report,
           const char               *path,
           guint                     line,
           char                     *reason)
{
  KzImportIssue *issue = g_new0 (KzImportIssue, 1);

  issue->source = g_strdup (path);
  issue->position = line;
  issue->reason = reason;
  g_ptr_array_add (report->issues, issue);
}

gboolean
kz_feedback_import (KzStore                   *store,
                    const char                *path,
                    gboolean                   strict,
                    KzEvaluationImportReport  *report,
                    GError                   **error)
{
  static const char * const columns[] = { "interaction", "rating", "scale", "comment", "time" };
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GArray) lines = NULL;
  g_autoptr(GPtrArray) good = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_feedback_free);
  g_autoptr(GArray) good_lines = g_array_new (FALSE, FALSE, sizeof (guint));
  int index[G_N_ELEMENTS (columns)];

  memset (report, 0, sizeof *report);
  report->issues = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_import_issue_free);

  records = kz_csv_read (path, &lines, error);
  if (records == NULL)
    return FALSE;
  for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
    {
      index[c] = records->len > 0 ? kz_csv_column (g_ptr_array_index (records, 0), columns[c]) : -1;
      if (index[c] < 0 && c < 3)
        {
          g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_FILE,
                       _("%s:1: the header has no “%s” column (columns: interaction, rating, scale, "
                         "comment, time)"), path, columns[c]);
          return FALSE;
        }
    }

  for (guint r = 1; r < records->len; r++)
    {
      GStrv f = g_ptr_array_index (records, r);
      guint n = g_strv_length (f), line = g_array_index (lines, guint, r);
      const char *v[G_N_ELEMENTS (columns)];
      g_autoptr(KzFeedback) fb = g_new0 (KzFeedback, 1);
      char *reason;
      gint64 id;

      if (n == 1 && *f[0] == '\0')
        continue;
      report->n_rows++;
      for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
        v[c] = index[c] >= 0 && (guint) index[c] < n ? f[index[c]] : NULL;
      id = v[0] && *v[0] ? kz_store_find_interaction (store, v[0], error) : 0;
      if (id < 0)
        return FALSE;
      if (id == 0)
        {
          add_issue (report, path, line, g_strdup_printf (_("no interaction “%s”"), v[0] ? v[0] : ""));
          continue;
        }
      reason = kz_feedback_parse (v[1], v[2], v[3], v[4], fb);
      if (reason != NULL)
        {
          add_issue (report, path, line, reason);
          continue;
        }
      fb->interaction_id = id;
      g_ptr_array_add (good, g_steal_pointer (&fb));
      g_array_append_val (good_lines, line);
    }

  if (strict && report->issues->len > 0)
    {
      KzImportIssue *first = g_ptr_array_index (report->issues, 0);
      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_FILE, _("%s:%lld: %s; nothing was imported"),
                   first->source, (long long) first->position, first->reason);
      return FALSE;
    }

  if (!kz_store_begin (store, error))
    return FALSE;
  for (guint i = 0; i < good->len; i++)
    {
      if (!kz_store_set_feedback (store, g_ptr_array_index (good, i), error))
        {
          kz_store_rollback (store);
          return FALSE;
        }
      report->n_stored++;
    }
  return kz_store_commit (store, error);
}
