/* kz-store.h — Kaizen's typed storage API
 *
 * KzStore is abstract: every query Kaizen makes is a virtual method here, and
 * each backend (KzSqliteStore today, a PostgreSQL one next) implements all of
 * them.  No SQL crosses this line; callers get and give plain records
 * (kz-types.h).  Every method that writes several rows does it in one
 * transaction, so a failure leaves the database as it was.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include "kz-rubric.h"
#include "kz-types.h"

G_BEGIN_DECLS

#define KZ_TYPE_STORE (kz_store_get_type ())
G_DECLARE_DERIVABLE_TYPE (KzStore, kz_store, KZ, STORE, GObject)

/* Transactions: kz_store_begin() … kz_store_commit() or kz_store_rollback(),
 * on one thread, which holds the store's lock meanwhile (other threads wait).
 * They nest.  When kz_store_commit() fails, the transaction has been rolled
 * back already: do not call kz_store_rollback() after it.
 *
 * Every other call is atomic on its own: when it fails inside a caller's
 * transaction it changes nothing and leaves that transaction usable (a
 * backend wraps multi-statement calls in savepoints). */


/* What kz_store_count() counts: one kind a table. */
typedef enum {
  KZ_RECORD_PEOPLE,
  KZ_RECORD_UNITS,
  KZ_RECORD_RUBRICS,
  KZ_RECORD_INTERACTIONS,
  KZ_RECORD_EVALUATIONS,
  KZ_RECORD_ANSWERS,
  KZ_RECORD_MESSAGES,             /* the emails of email interactions */
  KZ_RECORD_ATTACHMENTS,          /* listed on those emails */
  KZ_RECORD_CALLS,                /* call details (recording, direction …) */
  KZ_RECORD_TRANSCRIPT_SEGMENTS,  /* turns of the calls' transcripts */
  KZ_RECORD_FEEDBACK,             /* customers' ratings */
  KZ_RECORD_ASSIGNMENTS,          /* interactions in reviewers' queues */
  KZ_RECORD_N_KINDS               /* not a kind: how many there are */
} KzRecordKind;

typedef struct {
  gint64     agent_id;      /* 0: any */
  gint64     reviewer_id;   /* 0: any */
  const char *rubric_id;    /* NULL: any */
  gboolean   submitted_only;
  gint64     interaction_id; /* 0: any (a reviewer's draft of this interaction) */
} KzEvaluationFilter;

struct _KzStoreClass
{
  GObjectClass parent_class;

  int        (*get_schema_version) (KzStore *self);
  gboolean   (*is_shared)          (KzStore *self);
  const char *(*describe)          (KzStore *self);

  gboolean   (*begin)              (KzStore *self, GError **error);
  gboolean   (*commit)             (KzStore *self, GError **error);
  void       (*rollback)           (KzStore *self);

  gint64     (*add_unit)           (KzStore *self, KzUnitKind kind, const char *name,
                                    gint64 parent_id, GError **error);
  GPtrArray *(*list_units)         (KzStore *self, GError **error);

  gint64     (*add_person)         (KzStore *self, const KzPerson *person, GError **error);
  KzPerson  *(*get_person)         (KzStore *self, gint64 id, GError **error);
  KzPerson  *(*find_person_by_email) (KzStore *self, const char *email, GError **error);
  GPtrArray *(*list_people)        (KzStore *self, KzRoles any_of, GError **error);

  gboolean   (*add_rubric)         (KzStore *self, KzRubric *rubric, gboolean *added,
                                    GError **error);
  KzRubric  *(*get_rubric)         (KzStore *self, const char *id, int version, GError **error);
  GPtrArray *(*list_rubrics)       (KzStore *self, GError **error);

  gint64     (*add_interaction)    (KzStore *self, const KzInteraction *interaction,
                                    GError **error);
  KzInteraction *(*get_interaction) (KzStore *self, gint64 id, GError **error);
  GPtrArray *(*list_interactions)  (KzStore *self, GError **error);

  gint64     (*save_evaluation)    (KzStore *self, KzEvaluation *evaluation, GError **error);
  KzEvaluation *(*get_evaluation)  (KzStore *self, gint64 id, GError **error);
  GPtrArray *(*list_evaluations)   (KzStore *self, const KzEvaluationFilter *filter,
                                    GError **error);
  gint64     (*count)              (KzStore *self, KzRecordKind what, GError **error);

  gint64     (*get_login_person_id) (KzStore *self, GError **error);

  gint64     (*find_message_interaction) (KzStore *self, const char *message_id, GError **error);
  gboolean   (*add_messages)       (KzStore *self, gint64 interaction_id, KzEmailMessage * const *messages,
                                    guint n_messages, GError **error);
  GPtrArray *(*list_messages)      (KzStore *self, gint64 interaction_id, GError **error);
  gboolean   (*add_call)           (KzStore *self, const KzCall *call, GError **error);
  KzCall    *(*get_call)           (KzStore *self, gint64 interaction_id, GError **error);
  GPtrArray *(*search_interactions) (KzStore *self, const KzInteractionQuery *query, guint offset,
                                     guint limit, GError **error);
  gint64     (*count_interactions) (KzStore *self, const KzInteractionQuery *query, GError **error);
  gboolean   (*assign)             (KzStore *self, gint64 interaction_id, gint64 reviewer_id, GError **error);
  gint64     (*find_interaction)   (KzStore *self, const char *external_ref, GError **error);
  gboolean   (*set_feedback)       (KzStore *self, const KzFeedback *feedback, GError **error);
  KzFeedback *(*get_feedback)      (KzStore *self, gint64 interaction_id, GError **error);
  GPtrArray *(*coverage)           (KzStore *self, GDateTime *from, GDateTime *to, GError **error);

  /* signals */
  void       (*changed)            (KzStore *self, const char *what);

  gpointer padding[2];
};

/* KzStore::changed (const char *what) is emitted, in the main context that
 * was current when the store was opened, when another client changed
 * records of a kind: "evaluations", "rubrics", "people", "units",
 * "interactions".  Open lists refresh on it.  (The team server announces
 * changes; a single file has one user at a time and never emits it.) */

/* Opens (creating if needed) the store at @location: a file path, NULL for
 * the default file under the user's data directory, or a postgresql:// URI
 * of a team server (whose schema `kaizenctl server init` created).  A
 * database written by a newer Kaizen is refused with KZ_ERROR_TOO_NEW. */
KzStore   *kz_store_open                (const char               *location,
                                         GError                  **error);
/* The same, with the password for a team server (from the keyring). */
KzStore   *kz_store_open_with_password  (const char               *location,
                                         const char               *password,
                                         GError                  **error);
/* TRUE for a postgresql:// location. */
gboolean   kz_store_location_is_server  (const char               *location);
/* postgresql://USER@HOST:PORT/DBNAME with every part escaped; no password
 * (that lives in the keyring).  @port 0: the default. */
char      *kz_store_build_server_uri    (const char               *host,
                                         guint                     port,
                                         const char               *dbname,
                                         const char               *user);
/* Splits such a URI back into its parts (any of the out arguments may be
 * NULL).  FALSE when @uri is not a postgresql:// URI. */
gboolean   kz_store_parse_server_uri    (const char               *uri,
                                         char                    **host,
                                         guint                    *port,
                                         char                    **dbname,
                                         char                    **user);
/* On a team server, the person the login belongs to (who you are is then
 * decided by the server, not picked); 0 for a single file, or a login
 * that is not tied to a person (an administrator). */
gint64     kz_store_get_login_person_id (KzStore                  *self,
                                         GError                  **error);

/* TRUE when the store is a shared team server (access enforced there),
 * FALSE for a single file (anyone with the file reads everything). */
gboolean   kz_store_is_shared           (KzStore                  *self);
/* $XDG_DATA_HOME/kaizen/kaizen.db */
char      *kz_store_default_location    (void);

int        kz_store_get_schema_version  (KzStore                  *self);
const char *kz_store_describe           (KzStore                  *self);

gboolean   kz_store_begin               (KzStore                  *self,
                                         GError                  **error);
gboolean   kz_store_commit              (KzStore                  *self,
                                         GError                  **error);
void       kz_store_rollback            (KzStore                  *self);

gint64     kz_store_add_unit            (KzStore                  *self,
                                         KzUnitKind                kind,
                                         const char               *name,
                                         gint64                    parent_id,
                                         GError                  **error);
GPtrArray *kz_store_list_units          (KzStore                  *self,
                                         GError                  **error);

gint64     kz_store_add_person          (KzStore                  *self,
                                         const KzPerson           *person,
                                         GError                  **error);
KzPerson  *kz_store_get_person          (KzStore                  *self,
                                         gint64                    id,
                                         GError                  **error);
KzPerson  *kz_store_find_person_by_email (KzStore                 *self,
                                         const char               *email,
                                         GError                  **error);
/* People having any of @any_of roles (KZ_ROLE_NONE: everyone), by name. */
GPtrArray *kz_store_list_people         (KzStore                  *self,
                                         KzRoles                   any_of,
                                         GError                  **error);

/* Stores a rubric version.  Importing the identical version again is not an
 * error (*added = FALSE); the same id and version with other content is
 * KZ_ERROR_EXISTS. */
gboolean   kz_store_add_rubric          (KzStore                  *self,
                                         KzRubric                 *rubric,
                                         gboolean                 *added,
                                         GError                  **error);
/* @version 0: the latest version. */
KzRubric  *kz_store_get_rubric          (KzStore                  *self,
                                         const char               *id,
                                         int                       version,
                                         GError                  **error);
/* KzRubricInfo*, by title then version. */
GPtrArray *kz_store_list_rubrics        (KzStore                  *self,
                                         GError                  **error);

gint64     kz_store_add_interaction     (KzStore                  *self,
                                         const KzInteraction      *interaction,
                                         GError                  **error);
KzInteraction *kz_store_get_interaction (KzStore                  *self,
                                         gint64                    id,
                                         GError                  **error);
GPtrArray *kz_store_list_interactions   (KzStore                  *self,
                                         GError                  **error);

/* Scores @evaluation with its rubric version (filling its score fields), then
 * inserts it (id 0) or replaces it, answers included, in one transaction.
 * Replacing checks the row version the caller read: if someone else saved
 * the evaluation since, nothing is written and the error is
 * KZ_ERROR_CONFLICT (the caller still has its answers).
 * Submitting with a required criterion unanswered is KZ_ERROR_INCOMPLETE,
 * naming the criteria.  Returns the id. */
gint64     kz_store_save_evaluation     (KzStore                  *self,
                                         KzEvaluation             *evaluation,
                                         GError                  **error);
KzEvaluation *kz_store_get_evaluation   (KzStore                  *self,
                                         gint64                    id,
                                         GError                  **error);
/* Email: the interaction holding the message with this Message-ID, 0 when
 * there is none (-1 with @error on failure). */
gint64     kz_store_find_message_interaction (KzStore            *self,
                                         const char               *message_id,
                                         GError                  **error);
/* Adds emails to an email interaction, with their attachment lists, all or
 * none (one savepoint for the lot: imports add a thread at a time).  A
 * Message-ID already stored is KZ_ERROR_EXISTS. */
gboolean   kz_store_add_messages        (KzStore                  *self,
                                         gint64                    interaction_id,
                                         KzEmailMessage * const   *messages,
                                         guint                     n_messages,
                                         GError                  **error);
gboolean   kz_store_add_message         (KzStore                  *self,
                                         gint64                    interaction_id,
                                         const KzEmailMessage     *message,
                                         GError                  **error);
/* KzEmailMessage*, oldest first. */
GPtrArray *kz_store_list_messages       (KzStore                  *self,
                                         gint64                    interaction_id,
                                         GError                  **error);

/* A call's details and transcript, for the interaction @call names. */
gboolean   kz_store_add_call            (KzStore                  *self,
                                         const KzCall             *call,
                                         GError                  **error);
KzCall    *kz_store_get_call            (KzStore                  *self,
                                         gint64                    interaction_id,
                                         GError                  **error);

/* The interaction list: KzInteractionSummary*, newest first, @limit rows
 * from @offset (a lazy list model fetches the pages in view).  Words are
 * matched as whole words (the last one also as a prefix) in subjects,
 * email bodies and call transcripts, all of them present. */
GPtrArray *kz_store_search_interactions (KzStore                  *self,
                                         const KzInteractionQuery *query,
                                         guint                     offset,
                                         guint                     limit,
                                         GError                  **error);
gint64     kz_store_count_interactions  (KzStore                  *self,
                                         const KzInteractionQuery *query,
                                         GError                  **error);
/* The words of a search box, as both backends match them: runs of letters
 * and digits, lower case, at most 8. */
GStrv      kz_search_words              (const char               *text);

/* Puts an interaction in a reviewer's queue (an assignment already there
 * is not an error). */
gboolean   kz_store_assign              (KzStore                  *self,
                                         gint64                    interaction_id,
                                         gint64                    reviewer_id,
                                         GError                  **error);
/* KzCoverage* per agent with interactions in [@from, @to), by name. */
GPtrArray *kz_store_coverage            (KzStore                  *self,
                                         GDateTime                *from,
                                         GDateTime                *to,
                                         GError                  **error);

/* The interaction with this call id or thread Message-ID; 0 when none. */
gint64     kz_store_find_interaction    (KzStore                  *self,
                                         const char               *external_ref,
                                         GError                  **error);
/* The customer's rating (CSAT 1–5 or NPS 0–10) and comment; setting it
 * again replaces it.  get: NULL without an error when there is none. */
gboolean   kz_store_set_feedback        (KzStore                  *self,
                                         const KzFeedback         *feedback,
                                         GError                  **error);
KzFeedback *kz_store_get_feedback       (KzStore                  *self,
                                         gint64                    interaction_id,
                                         GError                  **error);

/* KzEvaluationSummary*, newest first.  @filter may be NULL. */
GPtrArray *kz_store_list_evaluations    (KzStore                  *self,
                                         const KzEvaluationFilter *filter,
                                         GError                  **error);
/* How many records of one kind the store holds; -1 with @error on failure.
 * On a team server, the ones this login may read: row-level security
 * applies here as to every query (the owner and administrators see all). */
gint64     kz_store_count               (KzStore                  *self,
                                         KzRecordKind              what,
                                         GError                  **error);

G_END_DECLS
