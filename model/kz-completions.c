/* kz-completions.c — reading LMS completions: CSV exports and xAPI statements
 *
 * See kz-completions.h.  CSV goes through kz_csv_read() (libcsv, with the
 * line of each record); JSON through json-glib.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kz-completions"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "kz-completions.h"
#include "kz-csv.h"
#include "kz-error.h"

const char *
kz_completion_state_to_string (KzCompletionState state)
{
  switch (state)
    {
    case KZ_COMPLETION_DONE:
      return "done";
    case KZ_COMPLETION_MISSED:
      return "missed";
    case KZ_COMPLETION_IN_PROGRESS:
    default:
      return "in-progress";
    }
}

gboolean
kz_completion_state_from_string (const char        *text,
                                 KzCompletionState *state)
{
  if (text == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (text, "done") == 0)
    *state = KZ_COMPLETION_DONE;
  else if (g_ascii_strcasecmp (text, "missed") == 0)
    *state = KZ_COMPLETION_MISSED;
  else if (g_ascii_strcasecmp (text, "in-progress") == 0)
    *state = KZ_COMPLETION_IN_PROGRESS;
  else
    return FALSE;
  return TRUE;
}

/* "not attempted", "not_attempted", "Not-Attempted" are one value. */
static gboolean
status_is (const char *text,
           const char *word)
{
  if (text == NULL)
    return FALSE;
  for (; *text != '\0' && *word != '\0'; text++, word++)
    {
      char a = g_ascii_tolower (*text), b = *word;

      if (a == '_' || a == '-')
        a = ' ';
      if (a != b)
        return FALSE;
    }
  return *text == '\0' && *word == '\0';
}

gboolean
kz_completion_state_from_scorm12 (const char        *lesson_status,
                                  KzCompletionState *state)
{
  if (status_is (lesson_status, "passed") || status_is (lesson_status, "completed"))
    *state = KZ_COMPLETION_DONE;
  else if (status_is (lesson_status, "failed"))
    *state = KZ_COMPLETION_MISSED;
  else if (status_is (lesson_status, "incomplete") || status_is (lesson_status, "browsed") ||
           status_is (lesson_status, "not attempted"))
    *state = KZ_COMPLETION_IN_PROGRESS;
  else
    return FALSE;
  return TRUE;
}

gboolean
kz_completion_state_from_scorm2004 (const char        *completion_status,
                                    const char        *success_status,
                                    KzCompletionState *state)
{
  gboolean completed;

  if (success_status != NULL && *success_status != '\0' && !status_is (success_status, "passed") &&
      !status_is (success_status, "failed") && !status_is (success_status, "unknown"))
    return FALSE;
  if (status_is (completion_status, "completed"))
    completed = TRUE;
  else if (status_is (completion_status, "incomplete") || status_is (completion_status, "not attempted") ||
           status_is (completion_status, "unknown") || completion_status == NULL || *completion_status == '\0')
    completed = FALSE;
  else
    return FALSE;

  /* Success decides when it is known: a failed test is not done, even if
   * the learner went through all of it; a pass is done. */
  if (status_is (success_status, "failed"))
    *state = KZ_COMPLETION_MISSED;
  else if (status_is (success_status, "passed") || completed)
    *state = KZ_COMPLETION_DONE;
  else
    *state = KZ_COMPLETION_IN_PROGRESS;
  return TRUE;
}

void
kz_lms_record_free (KzLmsRecord *self)
{
  if (self == NULL)
    return;
  g_free (self->learner_email);
  g_free (self->learner_id);
  g_free (self->account_home_page);
  g_free (self->course_id);
  g_free (self->status);
  g_clear_pointer (&self->completed_at, g_date_time_unref);
  g_free (self->statement_id);
  g_free (self);
}

void
kz_completion_file_init (KzCompletionFile *file)
{
  memset (file, 0, sizeof *file);
  file->completions = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_lms_record_free);
  file->issues = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_import_issue_free);
}

void
kz_completion_file_clear (KzCompletionFile *file)
{
  g_clear_pointer (&file->completions, g_ptr_array_unref);
  g_clear_pointer (&file->issues, g_ptr_array_unref);
  memset (file, 0, sizeof *file);
}

static void
add_issue (KzCompletionFile *file,
           const char       *path,
           gint64            position,
           char             *reason)   /* takes it */
{
  KzImportIssue *issue = g_new0 (KzImportIssue, 1);

  issue->source = g_strdup (path);
  issue->position = position;
  issue->reason = reason;
  g_ptr_array_add (file->issues, issue);
}

/* YYYY-MM-DD (midnight UTC) or ISO 8601 (UTC when it names no zone). */
static GDateTime *
parse_time (const char *text)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  int y, m, d;
  char tail;

  if (text == NULL || *text == '\0')
    return NULL;
  if (sscanf (text, "%4d-%2d-%2d%c", &y, &m, &d, &tail) == 3)
    return g_date_valid_dmy (d, m, y) ? g_date_time_new_utc (y, m, d, 0, 0, 0) : NULL;
  return g_date_time_new_from_iso8601 (text, utc);
}

static gboolean
parse_number (const char *text,
              double     *value)
{
  char *end = NULL;

  if (text == NULL || *text == '\0')
    return FALSE;
  *value = g_ascii_strtod (text, &end);
  return end != NULL && *end == '\0' && isfinite (*value);
}

static gboolean
parse_passed (const char         *text,
              KzCompletionPassed *passed)
{
  static const char * const yes[] = { "true", "yes", "1", "passed", "y" };
  static const char * const no[] = { "false", "no", "0", "failed", "n" };

  for (guint i = 0; i < G_N_ELEMENTS (yes); i++)
    if (g_ascii_strcasecmp (text, yes[i]) == 0)
      {
        *passed = KZ_LMS_PASSED;
        return TRUE;
      }
  for (guint i = 0; i < G_N_ELEMENTS (no); i++)
    if (g_ascii_strcasecmp (text, no[i]) == 0)
      {
        *passed = KZ_LMS_NOT_PASSED;
        return TRUE;
      }
  return FALSE;
}

/* The checks both formats share, on a filled record: scores in range, a
 * date when it is done or missed.  NULL when fine, else the reason. */
static char *
check_record (const KzLmsRecord *c)
{
  if (c->has_score_scaled && (c->score_scaled < -1.0 || c->score_scaled > 1.0))
    return g_strdup_printf (_("the scaled score %g is not between −1 and 1"), c->score_scaled);
  if (c->has_score_max && c->has_score_raw && c->score_raw > c->score_max)
    return g_strdup_printf (_("the raw score %g is above the maximum %g"), c->score_raw, c->score_max);
  if (c->has_score_max && c->score_max <= 0)
    return g_strdup_printf (_("the maximum score %g is not above 0"), c->score_max);
  if (c->has_score_raw && c->score_raw < 0 && !c->has_score_scaled)
    return g_strdup_printf (_("the raw score %g is below 0"), c->score_raw);
  if (c->state != KZ_COMPLETION_IN_PROGRESS && c->completed_at == NULL)
    return g_strdup (_("a finished course needs the date it was finished"));
  return NULL;
}

/* ---- CSV --------------------------------------------------------------- */

enum {
  COL_LEARNER_ID, COL_EMAIL, COL_COURSE, COL_STATUS, COL_COMPLETION_STATUS, COL_SUCCESS_STATUS,
  COL_COMPLETED_AT, COL_SCORE_RAW, COL_SCORE_MAX, COL_SCORE_SCALED, COL_PASSED, N_COLS
};

/* Names each column goes by in LMS exports; the first is Kaizen's. */
static const char * const column_names[N_COLS][4] = {
  [COL_LEARNER_ID] = { "learner_id", "user_id", "learner", NULL },
  [COL_EMAIL] = { "email", "learner_email", "user_email", NULL },
  [COL_COURSE] = { "course_id", "course", "activity_id", NULL },
  [COL_STATUS] = { "status", "lesson_status", "cmi.core.lesson_status", NULL },
  [COL_COMPLETION_STATUS] = { "completion_status", "cmi.completion_status", NULL },
  [COL_SUCCESS_STATUS] = { "success_status", "cmi.success_status", NULL },
  [COL_COMPLETED_AT] = { "completed_at", "completion_date", "timestamp", NULL },
  [COL_SCORE_RAW] = { "score_raw", "score.raw", NULL },
  [COL_SCORE_MAX] = { "score_max", "score.max", NULL },
  [COL_SCORE_SCALED] = { "score_scaled", "score.scaled", NULL },
  [COL_PASSED] = { "passed", "success", NULL },
};

static const char *
field (GStrv       fields,
       const int  *index,
       int         col)
{
  if (index[col] < 0 || (guint) index[col] >= g_strv_length (fields))
    return NULL;
  return *fields[index[col]] != '\0' ? fields[index[col]] : NULL;
}

static char *
read_csv_row (GStrv         fields,
              const int    *index,
              KzLmsRecord *c)
{
  const char *learner_id = field (fields, index, COL_LEARNER_ID);
  const char *email = field (fields, index, COL_EMAIL);
  const char *course = field (fields, index, COL_COURSE);
  const char *status = field (fields, index, COL_STATUS);
  const char *completion = field (fields, index, COL_COMPLETION_STATUS);
  const char *success = field (fields, index, COL_SUCCESS_STATUS);
  const char *at = field (fields, index, COL_COMPLETED_AT);
  const char *passed = field (fields, index, COL_PASSED);
  static const int score_cols[] = { COL_SCORE_RAW, COL_SCORE_MAX, COL_SCORE_SCALED };
  gboolean *has[] = { &c->has_score_raw, &c->has_score_max, &c->has_score_scaled };
  double *value[] = { &c->score_raw, &c->score_max, &c->score_scaled };

  if (learner_id == NULL && email == NULL)
    return g_strdup (_("no learner: give a learner_id or an email"));
  if (email != NULL && strchr (email, '@') == NULL)
    return g_strdup_printf (_("“%s” is not an email address"), email);
  if (course == NULL)
    return g_strdup (_("no course_id"));
  c->learner_id = g_strdup (learner_id);
  c->learner_email = g_strdup (email);
  c->course_id = g_strdup (course);

  c->passed = KZ_LMS_PASSED_UNKNOWN;
  if (passed != NULL && !parse_passed (passed, &c->passed))
    return g_strdup_printf (_("passed=“%s”: use true or false"), passed);

  if (status != NULL)
    {
      if (!kz_completion_state_from_string (status, &c->state) &&
          !kz_completion_state_from_scorm12 (status, &c->state))
        return g_strdup_printf (_("status “%s” is not a SCORM lesson status (passed, completed, failed, "
                                  "incomplete, browsed, not attempted) nor done, missed or in-progress"), status);
      c->status = g_strdup (status);
    }
  else if (completion != NULL || success != NULL)
    {
      if (!kz_completion_state_from_scorm2004 (completion, success, &c->state))
        return g_strdup_printf (_("completion_status “%s” and success_status “%s” are not SCORM 2004 values"),
                                completion ? completion : "", success ? success : "");
      c->status = g_strdup_printf ("%s/%s", completion ? completion : "unknown", success ? success : "unknown");
      if (status_is (success, "passed"))
        c->passed = KZ_LMS_PASSED;
      else if (status_is (success, "failed"))
        c->passed = KZ_LMS_NOT_PASSED;
    }
  else
    return g_strdup (_("no status"));

  /* A completion that says it did not pass is a miss, as SCORM 2004's
   * success_status "failed"; a status that says passed and a passed column
   * that says not are a contradiction. */
  if (c->passed == KZ_LMS_NOT_PASSED && c->state == KZ_COMPLETION_DONE)
    {
      if (status != NULL && status_is (status, "passed"))
        return g_strdup (_("the status says passed and the passed column says not"));
      c->state = KZ_COMPLETION_MISSED;
    }
  if (c->passed == KZ_LMS_PASSED && c->state == KZ_COMPLETION_MISSED)
    return g_strdup (_("the status says failed and the passed column says passed"));
  if (status != NULL && c->passed == KZ_LMS_PASSED_UNKNOWN)
    {
      if (status_is (status, "passed"))
        c->passed = KZ_LMS_PASSED;
      else if (status_is (status, "failed"))
        c->passed = KZ_LMS_NOT_PASSED;
    }

  if (at != NULL && (c->completed_at = parse_time (at)) == NULL)
    return g_strdup_printf (_("completed_at “%s” is not a date like 2026-03-02 or 2026-03-02T14:05:00Z"), at);

  for (guint i = 0; i < G_N_ELEMENTS (score_cols); i++)
    {
      const char *text = field (fields, index, score_cols[i]);

      if (text == NULL)
        continue;
      if (!parse_number (text, value[i]))
        return g_strdup_printf (_("%s “%s” is not a number"), column_names[score_cols[i]][0], text);
      *has[i] = TRUE;
    }
  return check_record (c);
}

gboolean
kz_completions_read_csv (const char        *path,
                         KzCompletionFile  *file,
                         GError           **error)
{
  g_autoptr(GArray) lines = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  int index[N_COLS];
  GStrv header;

  g_return_val_if_fail (path != NULL && file != NULL && file->completions != NULL, FALSE);

  rows = kz_csv_read (path, &lines, error);
  if (rows == NULL)
    return FALSE;
  if (rows->len == 0)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_FILE, _("%s: the file is empty"), path);
      return FALSE;
    }
  header = g_ptr_array_index (rows, 0);
  for (int col = 0; col < N_COLS; col++)
    {
      index[col] = -1;
      for (guint k = 0; index[col] < 0 && column_names[col][k] != NULL; k++)
        index[col] = kz_csv_column (header, column_names[col][k]);
    }
  if ((index[COL_LEARNER_ID] < 0 && index[COL_EMAIL] < 0) || index[COL_COURSE] < 0 ||
      (index[COL_STATUS] < 0 && index[COL_COMPLETION_STATUS] < 0 && index[COL_SUCCESS_STATUS] < 0))
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_FILE,
                   _("%s:%u: the header needs learner_id or email, course_id, and status "
                     "(or completion_status and success_status)"),
                   path, g_array_index (lines, guint, 0));
      return FALSE;
    }

  for (guint r = 1; r < rows->len; r++)
    {
      GStrv fields = g_ptr_array_index (rows, r);
      guint line = g_array_index (lines, guint, r);
      KzLmsRecord *c;
      char *reason;

      /* A blank line is not a record. */
      if (g_strv_length (fields) == 0 || (g_strv_length (fields) == 1 && *fields[0] == '\0'))
        continue;
      file->n_records++;
      c = g_new0 (KzLmsRecord, 1);
      c->position = line;
      reason = read_csv_row (fields, index, c);
      if (reason != NULL)
        {
          add_issue (file, path, line, reason);
          kz_lms_record_free (c);
          continue;
        }
      g_ptr_array_add (file->completions, c);
    }
  return TRUE;
}

/* ---- xAPI -------------------------------------------------------------- */

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static JsonObject *
member_object (JsonObject *object,
               const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/* A JSON number member; FALSE (and *present FALSE) when absent, FALSE with
 * *present TRUE when it is there and not a number. */
static gboolean
member_number (JsonObject *object,
               const char *name,
               double     *value,
               gboolean   *present)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;
  GType type;

  *present = node != NULL && !JSON_NODE_HOLDS_NULL (node);
  if (!*present || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  type = json_node_get_value_type (node);
  if (type != G_TYPE_INT64 && type != G_TYPE_DOUBLE)
    return FALSE;
  *value = json_node_get_double (node);
  return isfinite (*value);
}

static gboolean
member_boolean (JsonObject *object,
                const char *name,
                gboolean   *value,
                gboolean   *present)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  *present = node != NULL && !JSON_NODE_HOLDS_NULL (node);
  if (!*present || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return FALSE;
  *value = json_node_get_boolean (node);
  return TRUE;
}

/* "http://adlnet.gov/expapi/verbs/completed" → "completed" */
static const char *
verb_word (const char *id)
{
  const char *slash = strrchr (id, '/');
  const char *hash = strrchr (id, '#');
  const char *cut = slash > hash ? slash : hash;

  return cut != NULL ? cut + 1 : id;
}

static char *
read_statement (JsonNode     *node,
                KzLmsRecord *c)
{
  JsonObject *st, *actor, *account, *verb, *object, *result, *score;
  const char *mbox, *verb_id, *word, *object_id, *when, *id;
  gboolean success = FALSE, has_success, completion = FALSE, has_completion, present;
  double min = 0;
  gboolean has_min = FALSE;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return g_strdup (_("a statement must be a JSON object"));
  st = json_node_get_object (node);

  id = member_string (st, "id");
  if (json_object_has_member (st, "id") && (id == NULL || *id == '\0'))
    return g_strdup (_("the statement id is not a string"));
  c->statement_id = g_strdup (id);

  actor = member_object (st, "actor");
  if (actor == NULL)
    return g_strdup (_("no actor"));
  mbox = member_string (actor, "mbox");
  account = member_object (actor, "account");
  if (mbox != NULL)
    {
      if (g_ascii_strncasecmp (mbox, "mailto:", 7) != 0 || strchr (mbox + 7, '@') == NULL)
        return g_strdup_printf (_("actor.mbox “%s” is not a mailto: address"), mbox);
      c->learner_email = g_strdup (mbox + 7);
    }
  else if (account != NULL)
    {
      const char *home = member_string (account, "homePage");
      const char *name = member_string (account, "name");

      if (home == NULL || *home == '\0' || name == NULL || *name == '\0')
        return g_strdup (_("actor.account needs a homePage and a name"));
      c->account_home_page = g_strdup (home);
      c->learner_id = g_strdup (name);
    }
  else
    return g_strdup (_("the actor has neither an mbox nor an account (mbox_sha1sum and openid cannot be "
                       "matched to a person)"));

  verb = member_object (st, "verb");
  verb_id = member_string (verb, "id");
  if (verb_id == NULL || *verb_id == '\0')
    return g_strdup (_("no verb.id"));
  word = verb_word (verb_id);
  c->status = g_strdup (verb_id);

  object = member_object (st, "object");
  object_id = member_string (object, "id");
  if (object_id == NULL || *object_id == '\0')
    return g_strdup (_("no object.id"));
  c->course_id = g_strdup (object_id);

  result = member_object (st, "result");
  if (result == NULL && json_object_has_member (st, "result") &&
      !JSON_NODE_HOLDS_NULL (json_object_get_member (st, "result")))
    return g_strdup (_("result is not an object"));
  if (!member_boolean (result, "success", &success, &has_success) && has_success)
    return g_strdup (_("result.success is not true or false"));
  if (!member_boolean (result, "completion", &completion, &has_completion) && has_completion)
    return g_strdup (_("result.completion is not true or false"));
  score = member_object (result, "score");
  if (score != NULL)
    {
      if (!member_number (score, "scaled", &c->score_scaled, &present) && present)
        return g_strdup (_("result.score.scaled is not a number"));
      c->has_score_scaled = present;
      if (!member_number (score, "raw", &c->score_raw, &present) && present)
        return g_strdup (_("result.score.raw is not a number"));
      c->has_score_raw = present;
      if (!member_number (score, "max", &c->score_max, &present) && present)
        return g_strdup (_("result.score.max is not a number"));
      c->has_score_max = present;
      if (!member_number (score, "min", &min, &has_min) && has_min)
        return g_strdup (_("result.score.min is not a number"));
      if (has_min && c->has_score_raw && c->score_raw < min)
        return g_strdup_printf (_("the raw score %g is below the minimum %g"), c->score_raw, min);
    }

  c->passed = has_success ? (success ? KZ_LMS_PASSED : KZ_LMS_NOT_PASSED)
                          : KZ_LMS_PASSED_UNKNOWN;
  if (g_str_equal (word, "passed"))
    {
      if (has_success && !success)
        return g_strdup (_("verb passed with result.success false"));
      c->state = KZ_COMPLETION_DONE;
      c->passed = KZ_LMS_PASSED;
    }
  else if (g_str_equal (word, "failed"))
    {
      if (has_success && success)
        return g_strdup (_("verb failed with result.success true"));
      c->state = KZ_COMPLETION_MISSED;
      c->passed = KZ_LMS_NOT_PASSED;
    }
  else if (g_str_equal (word, "completed"))
    c->state = has_success && !success ? KZ_COMPLETION_MISSED : KZ_COMPLETION_DONE;
  else if (g_str_equal (word, "attended"))
    c->state = KZ_COMPLETION_DONE;
  else
    return g_strdup_printf (_("verb “%s” is not a completion (completed, passed, failed or attended)"), verb_id);

  when = member_string (st, "timestamp");
  if (when == NULL)
    when = member_string (st, "stored");
  if (when == NULL)
    return g_strdup (_("no timestamp"));
  if ((c->completed_at = parse_time (when)) == NULL)
    return g_strdup_printf (_("timestamp “%s” is not an ISO 8601 time"), when);

  return check_record (c);
}

gboolean
kz_completions_read_xapi (const char        *path,
                          KzCompletionFile  *file,
                          GError           **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  JsonNode *root;
  JsonArray *statements = NULL;

  g_return_val_if_fail (path != NULL && file != NULL && file->completions != NULL, FALSE);

  if (!json_parser_load_from_file (parser, path, &local_error))
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_FILE, _("%s: not JSON: %s"), path, local_error->message);
      return FALSE;
    }
  root = json_parser_get_root (parser);
  if (root != NULL && JSON_NODE_HOLDS_ARRAY (root))
    statements = json_node_get_array (root);
  else if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    {
      JsonNode *member = json_object_get_member (json_node_get_object (root), "statements");

      if (member != NULL && JSON_NODE_HOLDS_ARRAY (member))
        statements = json_node_get_array (member);
    }
  if (statements == NULL)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_FILE,
                   _("%s: expected an array of xAPI statements, or an object with a “statements” array"), path);
      return FALSE;
    }

  for (guint i = 0; i < json_array_get_length (statements); i++)
    {
      KzLmsRecord *c = g_new0 (KzLmsRecord, 1);
      char *reason;

      file->n_records++;
      c->position = i;
      reason = read_statement (json_array_get_element (statements, i), c);
      if (reason != NULL)
        {
          add_issue (file, path, i, reason);
          kz_lms_record_free (c);
          continue;
        }
      if (c->statement_id != NULL)
        {
          /* Ids are UUIDs: compare them without case. */
          char *key = g_ascii_strdown (c->statement_id, -1);

          g_free (c->statement_id);
          c->statement_id = key;
          if (g_hash_table_contains (seen, key))
            {
              c->duplicate = TRUE;
              file->n_duplicates++;
            }
          else
            g_hash_table_add (seen, key);
        }
      g_ptr_array_add (file->completions, c);
    }
  return TRUE;
}

gboolean
kz_completions_read (const char        *path,
                     KzCompletionFile  *file,
                     GError           **error)
{
  g_autofree char *lower = g_ascii_strdown (path, -1);

  if (g_str_has_suffix (lower, ".json"))
    return kz_completions_read_xapi (path, file, error);
  return kz_completions_read_csv (path, file, error);
}
