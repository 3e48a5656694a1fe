/* kz-completion-import.h — LMS completions into the store
 *
 * coaching.md: completions from an LMS, CSV or xAPI statements; bad rows
 * reported with their line and reason; good rows import all-or-nothing; a
 * statement whose id was seen before is skipped.
 *
 * kz_completions_read() parses the file (kz-completions.h); this matches
 * each good record to a person and a training item, turns it into a
 * KzCompletion and stores them all with kz_store_record_completions() — one
 * transaction: a storage error stores none of them.  A new completed,
 * passed or attended completion marks its learner's planned eLearning
 * assignment of that item done.
 *
 * Learners.  A record names its learner by an email address (CSV email,
 * xAPI actor.mbox) or by an id (CSV learner_id, xAPI actor.account.name).
 * An id is either an email address (LMSs often use it as the user name) or
 * Kaizen's own person id, the number `kaizenctl person list` shows: an LMS
 * fed from Kaizen's people can carry it.  actor.account.homePage (which
 * LMS it is) is not matched.  A record naming its learner both ways must
 * name one person.
 *
 * Courses.  CSV course_id and xAPI object.id are matched to the training
 * item with that LMS id (KzCatalogItem.external_id,
 * kz_store_find_catalog_item(); `kaizenctl catalog add --external-id`).
 *
 * Status.  done → passed when the record says it passed, attended for the
 * xAPI verb attended, else completed; missed → failed; in progress →
 * incomplete (its time is the import's when the LMS gave none).  Score:
 * result.score.scaled (a negative one, which xAPI allows, counts as 0),
 * else raw ÷ max.
 *
 * Duplicates.  An xAPI statement is known by its id (without case): one
 * seen earlier in the file or stored by an earlier import is counted as a
 * duplicate and not stored again; statements without an id are never
 * deduplicated.  A CSV row has no id, so it gets one from what is stored
 * of it — "csv:" and the SHA-256 of learner, item, status, time, score and
 * passed — and importing the same export twice stores its rows once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kz-completions.h"
#include "kz-store.h"

G_BEGIN_DECLS

typedef struct {
  gboolean   is_json;        /* positions are statement indexes (from 0), else CSV lines */
  guint      n_read;         /* rows or statements in the file */
  guint      n_good;         /* of those, matched and checked (stored or duplicates) */
  guint      n_stored;       /* new completions stored */
  guint      n_duplicates;   /* seen before: earlier in the file, or stored by an earlier import */
  guint      n_plans_done;   /* eLearning assignments they marked done */
  GPtrArray *issues;         /* KzImportIssue*: each bad row, its position and reason */
} KzCompletionImportReport;

void kz_completion_import_report_init  (KzCompletionImportReport *report);
void kz_completion_import_report_clear (KzCompletionImportReport *report);

/* Imports @path (.json: xAPI statements, else CSV).  Bad rows go to
 * @report->issues and are skipped; the good ones are stored in one
 * transaction.  FALSE with @error when the file cannot be read as such a
 * file at all, when storing fails (nothing stored), or with @strict when
 * any row is bad (KZ_ERROR_INVALID_FILE naming the first; nothing stored,
 * @report still lists them all).  @now: the time of in-progress records
 * without one (NULL: now). */
gboolean kz_completions_import (KzStore                   *store,
                                const char                *path,
                                gboolean                   strict,
                                GDateTime                 *now,
                                KzCompletionImportReport  *report,
                                GError                   **error);

G_END_DECLS
