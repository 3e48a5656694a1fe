/* kz-evaluation-import.c — historical scores from another QA tool
 *
 * Nothing of the other tool's score is trusted: the answers are checked
 * against the rubric version and scored again by Kaizen's engine, so the
 * history and new evaluations are comparable.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kz-evaluation-import"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "kz-csv.h"
#include "kz-error.h"
#include "kz-evaluation-import.h"
#include "kz-score.h"

void
kz_evaluation_import_report_clear (KzEvaluationImportReport *report)
{
  g_clear_pointer (&report->issues, g_ptr_array_unref);
  memset (report, 0, sizeof *report);
}

static const char * const fixed_columns[] = {
  "agent_email", "date", "rubric_id", "rubric_version", "reviewer_email",
};

static GDateTime *
parse_date (const char *text)
{
  int y, m, d;
  char tail;

  if (text == NULL)
    return NULL;
  if (sscanf (text, "%4d-%2d-%2d%c", &y, &m, &d, &tail) == 3)
    return g_date_time_new_utc (y, m, d, 12, 0, 0);
  return g_date_time_new_from_iso8601 (text, NULL);
}

static char *
check_row (KzStore       *store,
           GStrv          header,
           GStrv          fields,
           const int     *index,
           int            interaction_col,
           KzEvaluation  *ev)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzPerson) agent = NULL;
  g_autoptr(KzPerson) reviewer = NULL;
  g_autoptr(KzRubric) rubric = NULL;
  g_autoptr(KzScore) score = NULL;
  guint n = g_strv_length (fields);
  const char *v[G_N_ELEMENTS (fixed_columns)];
  char *end = NULL;
  gint64 version;

  for (guint c = 0; c < G_N_ELEMENTS (fixed_columns); c++)
    v[c] = (guint) index[c] < n ? fields[index[c]] : "";

  agent = kz_store_find_person_by_email (store, v[0], NULL);
  if (agent == NULL || !(agent->roles & KZ_ROLE_AGENT))
    return g_strdup_printf (_("no agent has the address “%s”"), v[0]);
  ev->created_at = parse_date (v[1]);
  if (ev->created_at == NULL)
    return g_strdup_printf (_("“%s” is not a date like 2026-03-02"), v[1]);
  ev->updated_at = g_date_time_ref (ev->created_at);
  version = g_ascii_strtoll (v[3], &end, 10);
  if (*v[3] == '\0' || *end != '\0' || version < 1)
    return g_strdup_printf (_("“%s” is not a rubric version"), v[3]);
  rubric = kz_store_get_rubric (store, v[2], (int) version, &error);
  if (rubric == NULL)
    return g_strdup (error->message);
  reviewer = kz_store_find_person_by_email (store, v[4], NULL);
  if (reviewer == NULL || !(reviewer->roles & KZ_ROLE_REVIEWER))
    return g_strdup_printf (_("no reviewer has the address “%s”"), v[4]);

  for (guint k = 0; header[k] != NULL; k++)
    {
      const char *cell = k < n ? fields[k] : "";
      KzCriterion *c;
      gboolean fixed = FALSE;

      for (guint f = 0; f < G_N_ELEMENTS (fixed_columns); f++)
        fixed |= index[f] == (int) k;
      fixed |= interaction_col == (int) k;
      if (fixed || *cell == '\0')
        continue;
      c = kz_rubric_find_criterion (rubric, header[k]);
      if (c == NULL)
        return g_strdup_printf (_("rubric “%s” version %d has no criterion “%s”"), v[2], (int) version, header[k]);
      if (g_ascii_strcasecmp (cell, "na") == 0)
        {
          if (!kz_criterion_allows_na (c))
            return g_strdup_printf (_("“%s” does not allow N/A"), header[k]);
          kz_answer_set_put (ev->answers, kz_answer_new (c->id, KZ_ANSWER_NA, 0, NULL));
        }
      else
        {
          double value = g_ascii_strtod (cell, &end);

          if (*end != '\0' || !isfinite (value) || kz_scale_find_point (c->scale, value) == NULL)
            return g_strdup_printf (_("“%s” is not a point of the scale of “%s”"), cell, header[k]);
          kz_answer_set_put (ev->answers, kz_answer_new (c->id, KZ_ANSWER_VALUE, value, NULL));
        }
    }

  /* The interaction reviewed, when the file names it: one already here,
   * and the agent's (or nobody's). */
  if (interaction_col >= 0 && (guint) interaction_col < n && *fields[interaction_col] != '\0')
    {
      const char *ref = fields[interaction_col];
      gint64 id = kz_store_find_interaction (store, ref, &error);
      g_autoptr(KzInteraction) it = NULL;

      if (id < 0)
        return g_strdup (error->message);
      if (id == 0)
        return g_strdup_printf (_("no interaction has the call id or Message-ID “%s”"), ref);
      it = kz_store_get_interaction (store, id, &error);
      if (it == NULL)
        return g_strdup (error->message);
      if (it->agent_id != 0 && it->agent_id != agent->id)
        return g_strdup_printf (_("the interaction “%s” is another agent's"), ref);
      ev->interaction_id = id;
    }

  score = kz_score_compute (rubric, ev->answers);
  if (score->missing_required[0] != NULL)
    {
      g_autofree char *ids = g_strjoinv (", ", score->missing_required);
      return g_strdup_printf (_("required criteria without an answer: %s"), ids);
    }

  ev->rubric_id = g_strdup (v[2]);
  ev->rubric_version = (int) version;
  ev->agent_id = agent->id;
  ev->reviewer_id = reviewer->id;
  ev->state = KZ_EVALUATION_SUBMITTED;
  return NULL;
}

gboolean
kz_evaluation_import (KzStore                   *store,
                      const char                *path,
                      gboolean                   strict,
                      KzEvaluationImportReport  *report,
                      GError                   **error)
{
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GArray) lines = NULL;
  g_autoptr(GPtrArray) good = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_evaluation_free);
  g_autoptr(GArray) good_lines = g_array_new (FALSE, FALSE, sizeof (guint));
  int index[G_N_ELEMENTS (fixed_columns)];
  int interaction_col;
  GStrv header;

  g_return_val_if_fail (KZ_IS_STORE (store), FALSE);
  g_return_val_if_fail (report != NULL, FALSE);

  memset (report, 0, sizeof *report);
  report->issues = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_import_issue_free);

  records = kz_csv_read (path, &lines, error);
  if (records == NULL)
    return FALSE;
  if (records->len == 0)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_FILE, _("%s: the file is empty"), path);
      return FALSE;
    }
  header = g_ptr_array_index (records, 0);
  for (guint c = 0; c < G_N_ELEMENTS (fixed_columns); c++)
    if ((index[c] = kz_csv_column (header, fixed_columns[c])) < 0)
      {
        g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_FILE,
                     _("%s:1: the header has no “%s” column (columns: agent_email, date, rubric_id, "
                       "rubric_version, reviewer_email, then one a criterion id)"), path, fixed_columns[c]);
        return FALSE;
      }

  interaction_col = kz_csv_column (header, "interaction");

  for (guint r = 1; r < records->len; r++)
    {
      GStrv fields = g_ptr_array_index (records, r);
      guint line = g_array_index (lines, guint, r);
      g_autoptr(KzEvaluation) ev = NULL;
      char *reason;

      if (g_strv_length (fields) == 1 && *fields[0] == '\0')
        continue;
      report->n_rows++;
      ev = kz_evaluation_new ();
      reason = check_row (store, header, fields, index, interaction_col, ev);
      if (reason != NULL)
        {
          KzImportIssue *issue = g_new0 (KzImportIssue, 1);

          issue->source = g_strdup (path);
          issue->position = line;
          issue->reason = reason;
          g_ptr_array_add (report->issues, issue);
          continue;
        }
      g_ptr_array_add (good, g_steal_pointer (&ev));
      g_array_append_val (good_lines, line);
    }

  if (strict && report->issues->len > 0)
    {
      KzImportIssue *first = g_ptr_array_index (report->issues, 0);

      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_FILE, _("%s:%lld: %s; nothing was imported"),
                   first->source, (long long) first->position, first->reason);
      return FALSE;
    }

  for (guint i = 0; i < good->len; i++)
    {
      g_autoptr(GError) row_error = NULL;

      if (kz_store_save_evaluation (store, g_ptr_array_index (good, i), &row_error) > 0)
        report->n_stored++;
      else if (g_error_matches (row_error, KZ_ERROR, KZ_ERROR_CONNECTION))
        {
          g_propagate_error (error, g_steal_pointer (&row_error));
          return FALSE;
        }
      else
        {
          KzImportIssue *issue = g_new0 (KzImportIssue, 1);

          issue->source = g_strdup (path);
          issue->position = g_array_index (good_lines, guint, i);
          issue->reason = g_strdup_printf (_("not stored: %s"), row_error->message);
          g_ptr_array_add (report->issues, issue);
        }
    }
  return TRUE;
}
