/* kz-voice-import.c — pulse answers from a CSV (a kiosk's export, paper
 * forms typed in)
 *
 * Every line is checked as the app checks an answer (the round is open, the
 * question is the round's, the value fits its kind), then the good lines
 * go into the store in one transaction, grouped by round and team.  Nothing
 * of the file's order survives: the store gives every answer a random id.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kz-voice-import"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kz-csv.h"
#include "kz-error.h"
#include "kz-voice-import.h"

typedef struct {
  gint64     round_id;
  gint64     team_id;
  GPtrArray *answers;   /* KzSurveyAnswer* */
} Group;

static void
group_free (Group *g)
{
  g_ptr_array_unref (g->answers);
  g_free (g);
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

/* A team by name (case-insensitively) or id; 0 for an empty field, -1 for
 * no such team. */
static gint64
find_team (GPtrArray  *units,
           const char *field)
{
  char *end = NULL;
  gint64 id;

  if (field == NULL || *field == '\0')
    return 0;
  id = g_ascii_strtoll (field, &end, 10);
  for (guint i = 0; i < units->len; i++)
    {
      KzUnit *u = g_ptr_array_index (units, i);

      if (u->kind != KZ_UNIT_TEAM)
        continue;
      if ((*end == '\0' && u->id == id) || g_utf8_collate (u->name, field) == 0 ||
          g_ascii_strcasecmp (u->name, field) == 0)
        return u->id;
    }
  return -1;
}

/* One line's answer, or the reason it is refused. */
static char *
parse_answer (const KzSurveyRound  *round,
              GPtrArray            *bank,
              const char           *question_id,
              const char           *answer,
              const GDate          *today,
              KzSurveyAnswer      **out)
{
  g_autoptr(KzSurveyAnswer) a = NULL;
  g_autoptr(GPtrArray) one = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const KzQuestion *q = NULL;

  if (!kz_survey_round_is_open (round, today))
    {
      char opens[16], closes[16];

      g_date_strftime (opens, sizeof opens, "%Y-%m-%d", &round->opens_on);
      g_date_strftime (closes, sizeof closes, "%Y-%m-%d", &round->closes_on);
      return g_strdup_printf (_("round %lld (“%s”) takes answers from %s to %s only"), (long long) round->id,
                              round->title, opens, closes);
    }
  for (guint i = 0; i < bank->len && q == NULL; i++)
    if (g_strcmp0 (((KzQuestion *) g_ptr_array_index (bank, i))->id, question_id) == 0)
      q = g_ptr_array_index (bank, i);
  if (q == NULL || !g_strv_contains ((const char * const *) round->question_ids, question_id))
    return g_strdup_printf (_("round %lld asks no question “%s”"), (long long) round->id,
                            question_id ? question_id : "");
  if (q->kind == KZ_QUESTION_FREE_TEXT)
    a = kz_survey_answer_new_text (q->id, answer);
  else
    {
      char *end = NULL;
      gint64 v = g_ascii_strtoll (answer ? answer : "", &end, 10);

      if (answer == NULL || *answer == '\0' || *end != '\0')
        return g_strdup_printf (_("the answer to “%s” is a number, not “%s”"), q->id, answer ? answer : "");
      /* Out of range: the check below says which range. */
      a = kz_survey_answer_new_value (q->id, (int) CLAMP (v, -1, 11));
    }
  g_ptr_array_add (one, a);
  if (!kz_survey_answers_check (round, bank, one, &error))
    return g_strdup (error->message);
  *out = g_steal_pointer (&a);
  return NULL;
}

gboolean
kz_voice_import (KzStore                   *store,
                 const char                *path,
                 gboolean                   strict,
                 KzEvaluationImportReport  *report,
                 GError                   **error)
{
  static const char * const columns[] = { "team", "round", "question", "answer" };
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GArray) lines = NULL;
  g_autoptr(GPtrArray) units = NULL;
  g_autoptr(GPtrArray) bank = NULL;
  g_autoptr(GHashTable) rounds = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                        (GDestroyNotify) kz_survey_round_free);
  g_autoptr(GPtrArray) groups = g_ptr_array_new_with_free_func ((GDestroyNotify) group_free);
  int index[G_N_ELEMENTS (columns)];
  GDate today;

  g_return_val_if_fail (KZ_IS_STORE (store), FALSE);
  g_return_val_if_fail (path != NULL && report != NULL, FALSE);

  memset (report, 0, sizeof *report);
  report->issues = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_import_issue_free);

  records = kz_csv_read (path, &lines, error);
  if (records == NULL)
    return FALSE;
  for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
    {
      index[c] = records->len > 0 ? kz_csv_column (g_ptr_array_index (records, 0), columns[c]) : -1;
      if (index[c] < 0)
        {
          g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_FILE,
                       _("%s:1: the header has no “%s” column (columns: team, round, question, answer)"), path,
                       columns[c]);
          return FALSE;
        }
    }
  if ((units = kz_store_list_units (store, error)) == NULL ||
      (bank = kz_store_list_questions (store, error)) == NULL ||
      !kz_store_voice_today (store, &today, error))
    return FALSE;

  for (guint r = 1; r < records->len; r++)
    {
      GStrv f = g_ptr_array_index (records, r);
      guint n = g_strv_length (f), line = g_array_index (lines, guint, r);
      const char *v[G_N_ELEMENTS (columns)];
      g_autoptr(GError) round_error = NULL;
      KzSurveyAnswer *answer = NULL;
      KzSurveyRound *round;
      Group *group = NULL;
      char *end = NULL;
      char *reason;
      gint64 round_id, team_id;

      if (n == 1 && *f[0] == '\0')
        continue;
      report->n_rows++;
      for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
        v[c] = (guint) index[c] < n ? f[index[c]] : NULL;

      team_id = find_team (units, v[0]);
      if (team_id < 0)
        {
          add_issue (report, path, line, g_strdup_printf (_("there is no team “%s”"), v[0]));
          continue;
        }
      round_id = g_ascii_strtoll (v[1] ? v[1] : "", &end, 10);
      if (v[1] == NULL || *v[1] == '\0' || *end != '\0' || round_id <= 0)
        {
          add_issue (report, path, line, g_strdup_printf (_("“%s” is not a round's id"), v[1] ? v[1] : ""));
          continue;
        }
      round = g_hash_table_lookup (rounds, &round_id);
      if (round == NULL)
        {
          round = kz_store_get_round (store, round_id, &round_error);
          if (round == NULL)
            {
              if (!g_error_matches (round_error, KZ_ERROR, KZ_ERROR_NOT_FOUND))
                {
                  g_propagate_error (error, g_steal_pointer (&round_error));
                  return FALSE;
                }
              add_issue (report, path, line, g_strdup_printf (_("there is no round %lld"), (long long) round_id));
              continue;
            }
          g_hash_table_insert (rounds, g_memdup2 (&round_id, sizeof round_id), round);
        }
      reason = parse_answer (round, bank, v[2], v[3], &today, &answer);
      if (reason != NULL)
        {
          add_issue (report, path, line, reason);
          continue;
        }
      for (guint g = 0; g < groups->len && group == NULL; g++)
        {
          Group *candidate = g_ptr_array_index (groups, g);

          if (candidate->round_id == round_id && candidate->team_id == team_id)
            group = candidate;
        }
      if (group == NULL)
        {
          group = g_new0 (Group, 1);
          group->round_id = round_id;
          group->team_id = team_id;
          group->answers = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_survey_answer_free);
          g_ptr_array_add (groups, group);
        }
      g_ptr_array_add (group->answers, answer);
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
  for (guint g = 0; g < groups->len; g++)
    {
      Group *group = g_ptr_array_index (groups, g);

      if (!kz_store_import_answers (store, group->round_id, group->team_id, group->answers, error))
        {
          kz_store_rollback (store);
          report->n_stored = 0;
          return FALSE;
        }
      report->n_stored += group->answers->len;
    }
  return kz_store_commit (store, error);
}
