/* kz-completions.h — reading LMS completions: CSV exports and xAPI statements
 *
 * coaching.md: import CSV (learner id or email, course id, status,
 * completed_at, score raw/max/scaled, passed) and xAPI statements
 * (actor.mbox or actor.account{homePage,name}, verb.id ending in
 * completed/passed/failed/attended, object.id, result.score/success/
 * completion, timestamp; skip a statement whose id was seen before).  SCORM
 * 1.2 lesson_status and SCORM 2004 completion/success status map onto
 * Kaizen's states.
 *
 * This only parses: every good record becomes a plain KzLmsRecord, every
 * bad one a KzImportIssue with its position (the CSV line; the statement's
 * index in the JSON array, from 0) and the reason.  Nothing is stored here:
 * the importer matches learners and courses and writes the good rows in one
 * transaction, skipping those flagged `duplicate` and statement ids it has
 * already stored.
 *
 * State mapping (kz_completion_state_from_scorm12/2004()):
 *   done         passed, completed (unless success is failed), attended
 *   missed       failed (SCORM failed, success_status failed, verb failed,
 *                passed = false): the course was taken and not passed
 *   in-progress  incomplete, browsed, not attempted, unknown
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "kz-email.h"   /* KzImportIssue */

G_BEGIN_DECLS

typedef enum {
  KZ_COMPLETION_DONE,
  KZ_COMPLETION_MISSED,
  KZ_COMPLETION_IN_PROGRESS,
} KzCompletionState;

const char *kz_completion_state_to_string   (KzCompletionState state);   /* "done", "missed", "in-progress" */
gboolean    kz_completion_state_from_string (const char        *text,
                                             KzCompletionState *state);

typedef enum {
  KZ_LMS_PASSED_UNKNOWN = -1,
  KZ_LMS_NOT_PASSED = 0,
  KZ_LMS_PASSED = 1,
} KzCompletionPassed;

typedef struct {
  gint64             position;        /* CSV line, or JSON array index (from 0) */
  char              *learner_email;   /* NULL when the learner is known by id only; "mailto:" removed */
  char              *learner_id;      /* CSV learner id, or xAPI account name; NULL when by email only */
  char              *account_home_page; /* xAPI account homePage; NULL otherwise */
  char              *course_id;       /* CSV course id, or xAPI object.id */
  KzCompletionState  state;
  char              *status;          /* what the source said: "passed", "completed", a verb id … */
  GDateTime         *completed_at;    /* NULL: not given (allowed for in-progress only) */
  gboolean           has_score_raw, has_score_max, has_score_scaled;
  double             score_raw, score_max, score_scaled;  /* scaled: −1 … 1 as xAPI */
  KzCompletionPassed passed;
  char              *statement_id;    /* xAPI id; NULL for CSV rows and statements without one */
  gboolean           duplicate;       /* its statement id came earlier in the file: skip it */
} KzLmsRecord;

void kz_lms_record_free (KzLmsRecord *self);

typedef struct {
  guint      n_records;     /* rows or statements read */
  GPtrArray *completions;   /* KzLmsRecord*, the good ones in file order (duplicates flagged, not dropped) */
  guint      n_duplicates;
  GPtrArray *issues;        /* KzImportIssue*: position and reason of each bad one */
} KzCompletionFile;

void kz_completion_file_init  (KzCompletionFile *file);
void kz_completion_file_clear (KzCompletionFile *file);

/* CSV with a header.  Columns (case-insensitive): learner_id and/or email
 * (one of them per row), course_id, status (SCORM 1.2 lesson_status —
 * passed, completed, failed, incomplete, browsed, not attempted — or done,
 * missed, in-progress), or instead completion_status and success_status
 * (SCORM 2004), completed_at (YYYY-MM-DD or ISO 8601; required when done
 * or missed), score_raw, score_max, score_scaled, passed (true/false,
 * yes/no, 1/0).  FALSE only when the file cannot be read at all (or has no
 * usable header). */
gboolean kz_completions_read_csv  (const char        *path,
                                   KzCompletionFile  *file,
                                   GError           **error);

/* xAPI statements: a JSON array, or an object with a "statements" array
 * (an LRS's StatementResult).  FALSE when the file is not such JSON. */
gboolean kz_completions_read_xapi (const char        *path,
                                   KzCompletionFile  *file,
                                   GError           **error);

/* By the file's name: .json → xAPI, else CSV. */
gboolean kz_completions_read      (const char        *path,
                                   KzCompletionFile  *file,
                                   GError           **error);

/* SCORM 1.2 cmi.core.lesson_status (passed, completed, failed, incomplete,
 * browsed, not attempted); FALSE for anything else. */
gboolean kz_completion_state_from_scorm12   (const char        *lesson_status,
                                             KzCompletionState *state);
/* SCORM 2004 cmi.completion_status (completed, incomplete, not attempted,
 * unknown) and cmi.success_status (passed, failed, unknown; NULL =
 * unknown); FALSE for values outside those. */
gboolean kz_completion_state_from_scorm2004 (const char        *completion_status,
                                             const char        *success_status,
                                             KzCompletionState *state);

G_END_DECLS
