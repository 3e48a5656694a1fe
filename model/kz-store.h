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
#include "kz-calibration-session.h"
#include "kz-calibration.h"
#include "kz-coaching.h"
#include "kz-cx.h"
#include "kz-dispute.h"
#include "kz-rollup.h"
#include "kz-rubric.h"
#include "kz-types.h"
#include "kz-voice.h"

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
  KZ_RECORD_EVALUATIONS,          /* of agents' work: calibration evaluations are counted apart */
  KZ_RECORD_ANSWERS,
  KZ_RECORD_MESSAGES,             /* the emails of email interactions */
  KZ_RECORD_ATTACHMENTS,          /* listed on those emails */
  KZ_RECORD_CALLS,                /* call details (recording, direction …) */
  KZ_RECORD_TRANSCRIPT_SEGMENTS,  /* turns of the calls' transcripts */
  KZ_RECORD_FEEDBACK,             /* customers' ratings */
  KZ_RECORD_ASSIGNMENTS,          /* interactions in reviewers' queues */
  KZ_RECORD_SURVEY_QUESTIONS,     /* the question bank */
  KZ_RECORD_PULSE_PLANS,
  KZ_RECORD_SURVEY_ROUNDS,
  KZ_RECORD_SURVEY_ANSWERS,       /* anonymous answers */
  KZ_RECORD_SURVEY_PARTICIPATION, /* who answered which round */
  KZ_RECORD_IDEAS,
  KZ_RECORD_IDEA_COMMENTS,
  KZ_RECORD_IDEA_VOTES,
  KZ_RECORD_CALIBRATION_SESSIONS,
  KZ_RECORD_CALIBRATION_EVALUATIONS,
  KZ_RECORD_REVISIONS,            /* of evaluations (kz-dispute.h) */
  KZ_RECORD_ACKNOWLEDGEMENTS,
  KZ_RECORD_DISPUTES,
  KZ_RECORD_DISPUTE_ITEMS,        /* disputed criteria */
  KZ_RECORD_AUDIT_ENTRIES,
  KZ_RECORD_PRINCIPLES,           /* CX principles (kz-cx.h) */
  KZ_RECORD_PERSONAS,
  KZ_RECORD_N_KINDS               /* not a kind: how many there are */
} KzRecordKind;

typedef struct {
  gint64     agent_id;      /* 0: any */
  gint64     reviewer_id;   /* 0: any */
  const char *rubric_id;    /* NULL: any */
  gboolean   submitted_only;
  gint64     interaction_id; /* 0: any (a reviewer's draft of this interaction) */
  /* Calibration evaluations never count as an agent's: they are left out,
   * unless this names a calibration session, whose evaluations are then
   * the only ones listed — once it is closed (while it is open they are
   * no one's to list: KZ_ERROR_PERMISSION). */
  gint64     calibration_session_id;
  GDateTime *from;          /* created at or after; NULL: no bound */
  GDateTime *to;            /* created before; NULL: no bound */
  guint      limit;         /* at most this many, newest first; 0: all */
} KzEvaluationFilter;

/* One answer of kz_store_answer_distribution(). */
typedef struct {
  gboolean is_na;
  double   value;        /* the scale point; 0 for N/A */
  gint64   n;
} KzAnswerCount;

/* How the agents answered back on the counted (submitted, non-calibration)
 * evaluations of a period: what the Team Overview's acknowledgement and
 * dispute rates rest on, counted by the database in one read. */
typedef struct {
  gint64 n_evaluations;
  gint64 n_acknowledged;          /* with an acknowledgement of any revision */
  gint64 n_acknowledged_current;  /* their current revision acknowledged */
  gint64 n_disputed;              /* ever disputed (open or closed) */
  gint64 n_dispute_open;          /* a dispute open now */
} KzAnswerBack;

/* Which evaluations a dashboard's number rests on (its drill-down). */
typedef enum {
  KZ_DRILL_ANY_ANSWER,   /* with criterion_id: an answer the roll-up counts (values and N/A) */
  KZ_DRILL_APPLICABLE,   /* an answer with a value (n_applicable) */
  KZ_DRILL_NA,           /* an N/A answer (n_na) */
  KZ_DRILL_POINT,        /* a value answer equal to point (within 1e-9) */
} KzDrillAnswer;

/* Which evaluations by their final score (a drill-down's filter). */
typedef enum {
  KZ_DRILL_ANY_SCORE,    /* scored or not */
  KZ_DRILL_WITH_SCORE,   /* with a final score */
  KZ_DRILL_PASS,         /* with a final score that passed */
} KzDrillScore;

typedef struct {
  int            first_week;   /* inclusive; G_MININT: no bound */
  int            last_week;    /* inclusive; G_MAXINT: no bound */
  gint64         team_id;      /* the agent's current team; -1: any, 0: no team */
  gint64         reviewer_id;  /* 0: any */
  const char    *rubric_id;    /* NULL: any */
  const char    *criterion_id; /* NULL: the evaluation as a whole */
  KzDrillAnswer  answer;       /* with criterion_id */
  double         point;        /* with KZ_DRILL_POINT */
  gint64         agent_id;     /* 0: any */
  KzDrillScore   score;        /* which final scores */
  guint          newest;       /* 0: every id, ascending; else the newest this many, newest first */
} KzDrillFilter;


/* Staff voice (kz-voice.h has the records and the rules). */

/* Which ideas kz_store_list_ideas() gives. */
typedef struct {
  gboolean      any_status;
  KzIdeaStatus  status;          /* when !any_status */
  gboolean      include_merged;  /* duplicates merged into another idea (hidden from the board) */
} KzIdeaFilter;

/* One free-text answer of a closed round, as the results may show it. */
typedef struct {
  gint64  team_id;   /* its team (KZ_CELL_NO_TEAM: none) when listed by team; KZ_CELL_ALL otherwise */
  char   *text;
} KzSurveyComment;

void kz_survey_comment_free (KzSurveyComment *self);

/* An idea thread the caller follows with a follow-up token (see
 * kz-voice-tokens.h): its idea, and the others' comments since a week. */
typedef struct {
  char      *idea_id;
  KzIdea    *idea;
  char      *token;            /* which of the caller's tokens found it */
  gboolean   authored;         /* the token is the idea's own; else that of comments the caller wrote */
  GStrv      own_comment_ids;  /* comments in the thread written under this token */
  GPtrArray *replies;          /* KzIdeaComment*: everyone else's, from @since on, in thread order */
} KzIdeaThread;

void kz_idea_thread_free (KzIdeaThread *self);

/* An evaluation's history, whole: what kz_store_copy() moves (see
 * kz_store_history_export()). */
typedef struct {
  gint64     evaluation_id;
  int        revision;       /* current */
  GDateTime *submitted_at;
} KzHistoryEvaluation;

typedef struct {
  GPtrArray *evaluations;       /* KzHistoryEvaluation*: those with a revision */
  GPtrArray *revisions;         /* KzRevision*, by evaluation then revision */
  GPtrArray *acknowledgements;  /* KzAcknowledgement* */
  GPtrArray *disputes;          /* KzDispute*, with their items, by id */
  GPtrArray *audit;             /* KzAuditEntry*, oldest first */
} KzHistoryData;

KzHistoryData *kz_history_data_new  (void);
void           kz_history_data_free (KzHistoryData *self);
void           kz_history_evaluation_free (KzHistoryEvaluation *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KzHistoryData, kz_history_data_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KzSurveyComment, kz_survey_comment_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KzIdeaThread, kz_idea_thread_free)

struct _KzStoreClass
{
  GObjectClass parent_class;

  int        (*get_schema_version) (KzStore *self);
  gboolean   (*is_shared)          (KzStore *self);
  const char *(*describe)          (KzStore *self);
  const char *(*get_identity)      (KzStore *self);

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

  /* @at: the time of this save for a change to an existing evaluation
   * (history written back-dated by the demo or a database's owner); NULL:
   * now.  A new evaluation carries its own times. */
  gint64     (*save_evaluation)    (KzStore *self, KzEvaluation *evaluation, GDateTime *at, GError **error);
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
  GPtrArray *(*answer_tallies)     (KzStore *self, const char *rubric_id, GDateTime *from, GDateTime *to,
                                    GError **error);
  GArray    *(*criterion_answers)  (KzStore *self, const char *rubric_id, const char *criterion_id,
                                    GDateTime *from, GDateTime *to, GError **error);
  GPtrArray *(*rated_answers)      (KzStore *self, const char *rubric_id, GDateTime *from, GDateTime *to,
                                    GError **error);

  /* Staff voice.  kz-store.c checks the rules (kz-voice.h) before these run;
   * a team server checks them again for anyone using plain SQL. */
  gboolean   (*voice_today)        (KzStore *self, GDate *today, GError **error);
  GPtrArray *(*list_questions)     (KzStore *self, GError **error);
  gboolean   (*add_questions)      (KzStore *self, GPtrArray *questions, GError **error);
  gboolean   (*update_question)    (KzStore *self, const KzQuestion *question, GError **error);
  gint64     (*save_pulse_plan)    (KzStore *self, const KzPulsePlan *plan, GError **error);
  GPtrArray *(*list_pulse_plans)   (KzStore *self, GError **error);
  gint64     (*add_round)          (KzStore *self, const KzSurveyRound *round, GError **error);
  gboolean   (*update_round)       (KzStore *self, const KzSurveyRound *round, GError **error);
  GPtrArray *(*list_rounds)        (KzStore *self, gint64 plan_id, GError **error);
  KzSurveyRound *(*get_round)      (KzStore *self, gint64 id, GError **error);
  GPtrArray *(*list_open_rounds)   (KzStore *self, gint64 person_id, GError **error);
  gboolean   (*submit_answers)     (KzStore *self, gint64 round_id, gint64 person_id, GPtrArray *answers,
                                    GError **error);
  gboolean   (*import_answers)     (KzStore *self, gint64 round_id, gint64 team_id, GPtrArray *answers,
                                    GError **error);
  GPtrArray *(*survey_cells)       (KzStore *self, const KzSurveyRound *round, GError **error);
  GPtrArray *(*survey_comments)    (KzStore *self, const KzSurveyRound *round, gboolean *shown,
                                    gboolean *by_team, GError **error);
  char      *(*add_idea)           (KzStore *self, const KzIdea *idea, const char *token_hash, GError **error);
  GPtrArray *(*list_ideas)         (KzStore *self, const KzIdeaFilter *filter, GError **error);
  KzIdea    *(*get_idea)           (KzStore *self, const char *id, GError **error);
  gboolean   (*vote_idea)          (KzStore *self, const char *idea_id, gint64 person_id, GError **error);
  gboolean   (*idea_voted)         (KzStore *self, const char *idea_id, gint64 person_id, gboolean *voted,
                                    GError **error);
  char      *(*add_idea_comment)   (KzStore *self, const char *idea_id, gint64 author_id, gboolean from_manager,
                                    const char *body, const char *token, const char *pseudonym,
                                    const GDate *week, GError **error);
  GPtrArray *(*list_idea_comments) (KzStore *self, const char *idea_id, GError **error);
  gboolean   (*set_idea_status)    (KzStore *self, const char *idea_id, KzIdeaStatus status, const char *reason,
                                    const char *outcome, GError **error);
  gboolean   (*merge_idea)         (KzStore *self, const char *duplicate_id, const char *target_id,
                                    gint64 manager_id, const char *notice, GError **error);
  GPtrArray *(*find_threads)       (KzStore *self, const char * const *tokens, GError **error);
  KzVoiceData *(*voice_export)     (KzStore *self, GError **error);
  /* Writes @data in the caller's transaction, with the target's ids of the
   * new plans and rounds appended, in @data's order, to @plan_ids and
   * @round_ids (gint64); kz-store.c has checked @data and the emptiness. */
  gboolean   (*voice_import)       (KzStore *self, const KzVoiceData *data, GArray *plan_ids, GArray *round_ids,
                                    GError **error);

  /* Evaluation history (kz-dispute.h) and calibration sessions.
   * kz-store.c checks the rules first; a team server checks them again for
   * anyone using plain SQL, and writes history only through its own
   * functions.  Each write adds its audit entries in the same transaction. */
  /* Snapshots a submitted, non-calibration evaluation's stored answers and
   * score as its next revision when they differ from the current one (or
   * there is none yet: revision 1, "submitted"); *@revision is the current
   * revision after.  @at NULL: the evaluation's updated_at. */
  gboolean   (*record_revision)    (KzStore *self, gint64 evaluation_id, gint64 actor_id, gint64 dispute_id,
                                    GDateTime *at, int *revision, GError **error);
  gboolean   (*acknowledge)        (KzStore *self, gint64 evaluation_id, int revision, gint64 agent_id,
                                    const char *comment, GDateTime *at, GError **error);
  /* @dispute's revision and raised_at are set. */
  gint64     (*add_dispute)        (KzStore *self, const KzDispute *dispute, GError **error);
  /* Takes the dispute for a resolution: its row version goes up by one, or
   * KZ_ERROR_CONFLICT when it is not @row_version any more. */
  gboolean   (*claim_dispute)      (KzStore *self, gint64 dispute_id, int row_version, GError **error);
  /* Marks the criteria of @resolutions (KzDisputeResolution*) resolved,
   * changed ones in @revision, and closes the dispute when none is pending. */
  gboolean   (*resolve_items)      (KzStore *self, gint64 dispute_id, gint64 resolver_id, GPtrArray *resolutions,
                                    int revision, GDateTime *at, GError **error);
  GPtrArray *(*list_disputes)      (KzStore *self, const KzDisputeFilter *filter, gint64 id, GError **error);
  GPtrArray *(*list_acknowledgements) (KzStore *self, gint64 evaluation_id, GError **error);
  GPtrArray *(*list_revisions)     (KzStore *self, gint64 evaluation_id, GError **error);
  GPtrArray *(*list_audit)         (KzStore *self, gint64 evaluation_id, GError **error);
  gint64     (*add_calibration)    (KzStore *self, const KzCalibrationSession *session, GError **error);
  gboolean   (*close_calibration)  (KzStore *self, gint64 session_id, GDateTime *at, GError **error);
  /* @id 0: every session the login may see, newest first. */
  GPtrArray *(*list_calibrations)  (KzStore *self, gint64 id, GError **error);
  /* The id of @reviewer_id's calibration evaluation of @interaction_id in
   * the session, 0 when there is none (-1 with @error). */
  gint64     (*find_calibration_evaluation) (KzStore *self, gint64 session_id, gint64 interaction_id,
                                             gint64 reviewer_id, GError **error);
  KzHistoryData *(*history_export) (KzStore *self, GError **error);
  /* Writes @data (in this store's ids for people and evaluations); new
   * dispute ids replace @data's as they are written. */
  gboolean   (*history_import)     (KzStore *self, KzHistoryData *data, GError **error);

  /* Roll-ups (kz-rollup.h).  Weeks are Monday day numbers, inclusive. */
  gboolean   (*rebuild_rollups)    (KzStore *self, GError **error);
  /* @rubric_id NULL: every rubric (cells still one per rubric × criterion). */
  GPtrArray *(*rollup_heatmap)     (KzStore *self, const char *rubric_id, int first_week, int last_week,
                                    GError **error);
  GPtrArray *(*rollup_agents)      (KzStore *self, const char *rubric_id, int first_week, int last_week,
                                    GError **error);
  GPtrArray *(*rollup_agent_cells) (KzStore *self, gint64 agent_id, const char *rubric_id, int first_week,
                                    int last_week, GError **error);
  GPtrArray *(*rollup_agent_weeks) (KzStore *self, gint64 agent_id, int first_week, int last_week,
                                    GError **error);
  GArray    *(*answering_evaluations) (KzStore *self, const char *criterion_id, gint64 from, gint64 to,
                                        GError **error);
  /* @team_id: KZ_ROLLUP_ANY_TEAM, 0 (no team) or a team. */
  GPtrArray *(*rollup_team_weeks)  (KzStore *self, gint64 team_id, int first_week, int last_week,
                                    GError **error);
  gboolean   (*bulk_add_evaluations) (KzStore *self, KzBulkNext next, gpointer user_data, guint64 *n_added,
                                      GError **error);
  /* Dashboards (criterion and reviewer pages); team_id -1: every team. */
  GPtrArray *(*rollup_criterion)   (KzStore *self, const char *rubric_id, const char *criterion_id,
                                    int first_week, int last_week, gint64 team_id, GError **error);
  GPtrArray *(*answer_distribution) (KzStore *self, const char *rubric_id, const char *criterion_id,
                                     int first_week, int last_week, gint64 team_id, GError **error);
  GPtrArray *(*reviewer_weeks)     (KzStore *self, gint64 reviewer_id, int first_week, int last_week,
                                    GError **error);
  GArray    *(*drill_evaluations)  (KzStore *self, const KzDrillFilter *filter, GError **error);

  /* Coaching (kz-coaching.h).  kz-store.c checks the records and the
   * rules first and keeps uid, sequence and times; these write what they
   * are given (insert when id is 0, else replace the row and its lists) and
   * return the id.  list_plans: @id 0 every plan, else that one. */
  gint64     (*save_catalog_item)  (KzStore *self, const KzCatalogItem *item, GError **error);
  GPtrArray *(*list_catalog_items) (KzStore *self, GError **error);
  gint64     (*save_rule)          (KzStore *self, const KzCoachingRule *rule, GError **error);
  GPtrArray *(*list_rules)         (KzStore *self, GError **error);
  gint64     (*save_proposal)      (KzStore *self, const KzProposal *proposal, GError **error);
  GPtrArray *(*list_proposals)     (KzStore *self, GError **error);
  gint64     (*save_plan)          (KzStore *self, const KzPlan *plan, GError **error);
  GPtrArray *(*list_plans)         (KzStore *self, gint64 id, GError **error);
  /* Inserts each completion whose statement id is new (sets its id; 0 for
   * one seen before), counting them in *@n_added. */
  gboolean   (*add_completions)    (KzStore *self, GPtrArray *completions, guint *n_added, GError **error);
  GPtrArray *(*list_completions)   (KzStore *self, GError **error);
  /* Sets the acknowledgement of a coaching session not acknowledged yet and
   * raises its sequence (on a team server only its agent, or the owner,
   * whose @at alone is kept; others get the server's now). */
  gboolean   (*acknowledge_plan)   (KzStore *self, gint64 plan_id, const char *comment, GDateTime *at,
                                    GError **error);

  /* CX principles and personas (kz-cx.h), checked by kz-store.c.  Each
   * record is added at the end of the list, or with @replace takes the
   * place of the one with its id (keeping its position); without
   * @replace an id already there is KZ_ERROR_EXISTS.  One transaction. */
  gboolean   (*save_principles)    (KzStore *self, GPtrArray *principles, gboolean replace, GError **error);
  GPtrArray *(*list_principles)    (KzStore *self, GError **error);
  gboolean   (*save_personas)      (KzStore *self, GPtrArray *personas, gboolean replace, GError **error);
  GPtrArray *(*list_personas)      (KzStore *self, GError **error);

  /* Per reviewer and agent, the sum and count of submitted, scored,
   * non-calibration final scores created in [from, to) (NULL: open):
   * KzScoreSum in a GArray, by reviewer then agent. */
  GArray    *(*score_sums)         (KzStore *self, GDateTime *from, GDateTime *to, GError **error);

  /* Counts of the answer-back (acknowledgements, disputes) over a period
   * (kz_store_answer_back()); team_id as there. */
  gboolean   (*answer_back)        (KzStore *self, gint64 team_id, gint64 agent_id, GDateTime *from,
                                    GDateTime *to, KzAnswerBack *out, GError **error);
  /* Summaries of the evaluations @ids (any order, duplicates ignored),
   * newest first (created_at, then id, descending), at most @limit (0:
   * all). */
  GPtrArray *(*list_evaluations_by_id) (KzStore *self, const gint64 *ids, guint n_ids, guint limit,
                                        GError **error);
  /* The newest version of every rubric, parsed (from the store's cache once
   * read), by title then id. */
  GPtrArray *(*list_latest_rubrics) (KzStore *self, GError **error);

  /* signals */
  void       (*changed)            (KzStore *self, const char *what);

  gpointer padding[2];
};

/* KzStore::changed (const char *what) is emitted, in the main context that
 * was current when the store was opened, when another client changed
 * records of a kind: "evaluations", "rubrics", "people", "units",
 * "interactions", "acknowledgements", "disputes", "calibration_sessions",
   * "principles", "personas", "catalog_items", "coaching_rules", "proposals",
   * "plans" (any change to a plan or its lists), "lms_completions".  Open
   * lists refresh on it.  (The team server announces
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
/* Which database this is, in words that never change with the language or
 * the password: "sqlite:/abs/path.db" or "postgresql://user@host:port/db".
 * What keeps things on this computer per database (draft journals,
 * follow-up tokens) keys by it. */
const char *kz_store_get_identity       (KzStore                  *self);

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
 * naming the criteria.  Returns the id.
 *
 * Every change to an evaluation's answers comes through here — a dispute's
 * resolution too.  A submitted evaluation's answers and score are kept as
 * revisions (kz_store_list_revisions()): the first submission is revision
 * 1 (audit: "submitted"), and each save that changes a submitted
 * evaluation's answers or score adds the next (audit: "revision"), the
 * evaluation's own @revision and submitted_at are read back.  While a
 * dispute is open the answers change only by resolving it
 * (KZ_ERROR_INVALID_INPUT).
 *
 * A calibration evaluation (is_calibration, calibration_session_id) is
 * one reviewer's scoring of one interaction of an open session: the
 * reviewer must be in it, the interaction too, the rubric must be the
 * session's version, the agent the interaction's; one a reviewer and
 * interaction (KZ_ERROR_EXISTS).  Once the session is closed it does not
 * change.  It has no revisions, acknowledgements or disputes. */
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

/* KzAnswerTally* of @rubric_id's submitted, non-calibration evaluations
 * created in [@from, @to) (either NULL: no bound), at their latest
 * revision; in no particular order. */
GPtrArray *kz_store_answer_tallies      (KzStore                  *self,
                                         const char               *rubric_id,
                                         GDateTime                *from,
                                         GDateTime                *to,
                                         GError                  **error);

/* KzCriterionAnswer of @criterion_id in @rubric_id's submitted,
 * non-calibration evaluations created in [@from, @to) (either NULL: no
 * bound), at their latest revision; oldest first. */
GArray    *kz_store_criterion_answers   (KzStore                  *self,
                                         const char               *rubric_id,
                                         const char               *criterion_id,
                                         GDateTime                *from,
                                         GDateTime                *to,
                                         GError                  **error);

/* KzRatedAnswer* of @rubric_id's submitted, non-calibration evaluations
 * created in [@from, @to) (either NULL: no bound), at their latest
 * revision, whose interaction has a customer rating: every answer with a
 * value and every N/A, with the rating; by evaluation id, then criterion. */
GPtrArray *kz_store_rated_answers       (KzStore                  *self,
                                         const char               *rubric_id,
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
 * applies here as to every query (the owner and administrators see all).
 * Survey answers and idea votes only the database's owner may count (no
 * Kaizen role reads those tables: KZ_ERROR_PERMISSION), and participation
 * counts as the login sees it (their own, or all for an administrator). */
gint64     kz_store_count               (KzStore                  *self,
                                         KzRecordKind              what,
                                         GError                  **error);

/* ---- agents answer back: acknowledgements, disputes, revisions, audit ---------- */
/* The records and the flow are kz-dispute.h's.  Who may act: on a team
 * server the person is the login's (an @..._id of 0 means the login; only
 * the database's owner acts for someone else or back-dates with @at); in a
 * single file the ids are taken as given and the same rules are checked
 * for them.  Every step writes its audit entry in the same transaction. */

/* The evaluation's agent acknowledges its current revision, with an
 * optional comment.  Only a submitted, non-calibration evaluation, only its
 * agent (KZ_ERROR_PERMISSION); once a revision (KZ_ERROR_EXISTS).  @at
 * NULL: now. */
gboolean   kz_store_acknowledge          (KzStore                  *self,
                                          gint64                    evaluation_id,
                                          gint64                    agent_id,
                                          const char               *comment,
                                          GDateTime                *at,
                                          GError                  **error);
/* KzAcknowledgement*, oldest first. */
GPtrArray *kz_store_list_acknowledgements (KzStore                 *self,
                                          gint64                    evaluation_id,
                                          GError                  **error);

/* The evaluation's agent disputes one or more criteria of its current
 * revision: @dispute's evaluation_id, raised_by (the agent), reason and
 * items (KzDisputeItem*: criterion_id and an optional reason each), and
 * raised_at (NULL: now).  Refused, with a message that says why: after
 * the rubric's dispute window (naming the deadline), with a dispute
 * already open, after max-disputes disputes, on a draft or a calibration
 * evaluation, by anyone but the agent (KZ_ERROR_PERMISSION), on criteria
 * the rubric does not have or twice.  Sets @dispute's id, revision, state
 * and row_version; returns the id. */
gint64     kz_store_raise_dispute        (KzStore                  *self,
                                          KzDispute                *dispute,
                                          GError                  **error);
/* Resolves criteria of @dispute (as the caller read it: its row_version is
 * checked) by @resolver_id, the evaluation's reviewer or a manager of the
 * agent's team (or an administrator), never the agent.  @resolutions:
 * KzDisputeResolution*, each a pending criterion of the dispute, upheld or
 * changed to a new answer, with a note.  In one transaction: the changed
 * answers are saved through kz_store_save_evaluation()'s path, which
 * re-scores the evaluation as a new revision; the criteria are marked; the
 * dispute closes once none is pending.  When someone else resolved the
 * dispute since the caller read it, nothing is written and the error is
 * KZ_ERROR_CONFLICT (the caller still has its resolutions).  On success
 * @dispute is read back. */
gboolean   kz_store_resolve_dispute      (KzStore                  *self,
                                          KzDispute                *dispute,
                                          gint64                    resolver_id,
                                          GPtrArray                *resolutions,
                                          GDateTime                *at,
                                          GError                  **error);
KzDispute *kz_store_get_dispute          (KzStore                  *self,
                                          gint64                    id,
                                          GError                  **error);
/* KzDispute*, newest first.  @filter NULL: all the login may see. */
GPtrArray *kz_store_list_disputes        (KzStore                  *self,
                                          const KzDisputeFilter    *filter,
                                          GError                  **error);
/* KzRevision*, oldest first: every revision's answers and score. */
GPtrArray *kz_store_list_revisions       (KzStore                  *self,
                                          gint64                    evaluation_id,
                                          GError                  **error);
/* KzAuditEntry* in the order things happened; @evaluation_id 0: all. */
GPtrArray *kz_store_list_audit           (KzStore                  *self,
                                          gint64                    evaluation_id,
                                          GError                  **error);

/* ---- calibration sessions (kz-calibration-session.h) ----------------------------- */

/* Creates a session from @session's title, rubric (version 0: the latest),
 * lead, reviewers (the lead is added when missing) and interactions, open;
 * created_at NULL: now.  The lead must be a reviewer, manager or
 * administrator, every reviewer a reviewer; at least two people and one
 * interaction; on a team server the lead is the login and must be able to
 * read each interaction.  Sets and returns the id. */
gint64     kz_store_create_calibration   (KzStore                  *self,
                                          KzCalibrationSession     *session,
                                          GError                  **error);
/* The lead (or an administrator) closes the session: from then on its
 * calibration evaluations are readable by its people and the managers of
 * the agents' teams, and do not change. */
gboolean   kz_store_close_calibration    (KzStore                  *self,
                                          gint64                    session_id,
                                          gint64                    lead_id,
                                          GDateTime                *at,
                                          GError                  **error);
KzCalibrationSession *kz_store_get_calibration (KzStore            *self,
                                          gint64                    session_id,
                                          GError                  **error);
/* KzCalibrationSession*, newest first. */
GPtrArray *kz_store_list_calibrations    (KzStore                  *self,
                                          GError                  **error);
/* @reviewer_id's calibration evaluation of @interaction_id in the session,
 * as @viewer_id asks for it (on a team server: the login).  While the
 * session is open only its reviewer may read it (KZ_ERROR_PERMISSION for
 * anyone else, the lead included); KZ_ERROR_NOT_FOUND when it is not
 * scored yet.  kz_store_get_evaluation() refuses calibration evaluations of
 * open sessions to everyone (KZ_ERROR_PERMISSION). */
KzEvaluation *kz_store_get_calibration_evaluation (KzStore         *self,
                                          gint64                    session_id,
                                          gint64                    interaction_id,
                                          gint64                    reviewer_id,
                                          gint64                    viewer_id,
                                          GError                  **error);
/* A closed session's results (KZ_ERROR_INVALID_INPUT while it is open):
 * kz_calibration_compute() over its submitted calibration evaluations, the
 * lead as reference. */
KzCalibrationReport *kz_store_calibration_report (KzStore          *self,
                                          gint64                    session_id,
                                          GError                  **error);
/* Over the sessions closed in [@from, @to) (NULL: no bound): each
 * reviewer's bias per session and its drift, and the criteria with the
 * lowest agreement. */
KzCalibrationTrends *kz_store_calibration_trends (KzStore          *self,
                                          GDateTime                *from,
                                          GDateTime                *to,
                                          GError                  **error);
/* Outside calibration: kz_reviewer_leniency() over the submitted, scored,
 * non-calibration evaluations created in [@from, @to) that the login may
 * read.  KzLeniency*, by reviewer id. */
/* The answer-back counts of the counted evaluations created in [@from,
 * @to) of @agent_id (when not 0), else of the agents now in @team_id
 * (KZ_ROLLUP_ANY_TEAM: everyone; 0: agents with no team).  On a team
 * server row security decides what is counted, as for the lists. */
gboolean   kz_store_answer_back          (KzStore                  *self,
                                          gint64                    team_id,
                                          gint64                    agent_id,
                                          GDateTime                *from,
                                          GDateTime                *to,
                                          KzAnswerBack             *out,
                                          GError                  **error);
/* KzEvaluationSummary* of @ids (gint64; duplicates and unknown ids
 * ignored), newest first, at most @limit (0: all).  Reads only those rows:
 * a drill-down lists its first page without listing the whole period. */
GPtrArray *kz_store_list_evaluations_by_id (KzStore                *self,
                                          GArray                   *ids,
                                          guint                     limit,
                                          GError                  **error);
/* KzRubric* (references): the newest version of every rubric, by title
 * (case-folded) then id.  A rubric is parsed once per store and kept: a
 * dashboard reloading reads two columns, no sources, and counts nothing. */
GPtrArray *kz_store_list_latest_rubrics  (KzStore                  *self,
                                          GError                  **error);
GPtrArray *kz_store_reviewer_leniency    (KzStore                  *self,
                                          GDateTime                *from,
                                          GDateTime                *to,
                                          GError                  **error);

/* Evaluation history whole, for kz_store_copy() only: every revision,
 * acknowledgement, dispute and audit entry as stored.  Only a single file
 * gives it (on a team server history is read as the login may). */
KzHistoryData *kz_store_history_export   (KzStore                  *self,
                                          GError                  **error);
/* Writes @data as it is (ids of people and evaluations already this
 * store's), all or nothing; the store must hold no history yet.  On a team
 * server only the database's owner may: no Kaizen role writes history rows
 * but through the server's own functions. */
/* Roll-ups (kz-rollup.h): reports read these, never raw answers. */
/* Recomputes every roll-up from the raw rows, in one transaction. */
gboolean   kz_store_rebuild_rollups      (KzStore                  *self,
                                          GError                  **error);
/* Team × rubric × criterion over the weeks holding @from … @to (either
 * NULL: no bound), of @rubric_id (NULL: of every rubric, still one cell per
 * rubric and criterion — criterion ids may repeat across rubrics):
 * KzRollupCell* with owner_id the team (0: agents with no team) and week
 * 0, ordered by team, rubric and criterion. */
GPtrArray *kz_store_rollup_heatmap       (KzStore                  *self,
                                          const char               *rubric_id,
                                          const GDate              *from,
                                          const GDate              *to,
                                          GError                  **error);
/* Agent × criterion of @rubric_id over weeks @first_week … @last_week
 * (Monday day numbers, inclusive; G_MININT, G_MAXINT: no bound), summed:
 * KzRollupCell* with owner_id the agent and week 0, by agent then
 * criterion.  What the Gaps report by agent reads (kz-gaps.c). */
GPtrArray *kz_store_rollup_agents        (KzStore                  *self,
                                          const char               *rubric_id,
                                          int                       first_week,
                                          int                       last_week,
                                          GError                  **error);
/* One agent's @n_weeks weeks ending with the week holding @last: rubric ×
 * criterion × week cells of @rubric_id (NULL: every rubric) (KzRollupCell*,
 * by week, rubric then criterion) and, when @weeks is
 * not NULL, the weeks' evaluation totals (KzRollupWeek*, by week).  Weeks
 * with nothing reviewed have no row. */
GPtrArray *kz_store_rollup_agent_trend   (KzStore                  *self,
                                          gint64                    agent_id,
                                          const char               *rubric_id,
                                          const GDate              *last,
                                          guint                     n_weeks,
                                          GPtrArray               **weeks,
                                          GError                  **error);
/* Every agent's weeks (KzRollupWeek*, by week then agent) over the weeks
 * holding @from … @to (either NULL: no bound), for the agents of team
 * @team_id — by their current team, as the team roll-up counts them; 0:
 * agents with no team; KZ_ROLLUP_ANY_TEAM: everyone.  Weeks with nothing
 * reviewed have no row.  What a team overview sums: the roll-up keeps one
 * row per agent and week, so the rows also give the spread between agents
 * (kz_dashboard_week_trend()). */
#define KZ_ROLLUP_ANY_TEAM ((gint64) -1)
GPtrArray *kz_store_rollup_team_weeks    (KzStore                  *self,
                                          gint64                    team_id,
                                          const GDate              *from,
                                          const GDate              *to,
                                          GError                  **error);
/* The ids (gint64, ascending) of the submitted, non-calibration
 * evaluations created in [@from, @to) with an answer to @criterion_id
 * that the roll-ups count as applicable (a value, or N/A under a fixed
 * N/A value): what a criterion's roll-up figure rests on, for its
 * drill-down.  Reads raw answers: a list, never a figure. */
GArray    *kz_store_answering_evaluations (KzStore                 *self,
                                          const char               *criterion_id,
                                          GDateTime                *from,
                                          GDateTime                *to,
                                          GError                  **error);
/* Adds evaluations as fast as the backend can (demo data at scale): one
 * transaction, statements prepared once, roll-ups computed once at the
 * end.  Nothing is added when @next or a row fails.  *@n_added: how many. */
gboolean   kz_store_bulk_add_evaluations (KzStore                  *self,
                                          KzBulkNext                next,
                                          gpointer                  user_data,
                                          guint64                  *n_added,
                                          GError                  **error);

gboolean   kz_store_history_import       (KzStore                  *self,
                                          KzHistoryData            *data,
                                          GError                  **error);

/* ---- dashboards: the criterion and reviewer pages ---------------------------------- */
/* @rubric_id's criterion over the weeks holding @from … @to (either NULL:
 * no bound), from the team roll-up: KzRollupCell* with owner_id the team
 * (0: agents with no team) and the week, by week then team.  @team_id -1:
 * every team, else only that one.  The roll-up is kept per rubric, so
 * another rubric's criterion of the same id never counts. */
GPtrArray *kz_store_rollup_criterion     (KzStore                  *self,
                                          const char               *rubric_id,
                                          const char               *criterion_id,
                                          const GDate              *from,
                                          const GDate              *to,
                                          gint64                    team_id,
                                          GError                  **error);
/* How often each answer was given to @rubric_id's @criterion_id (any
 * version) in the counted evaluations (submitted, not calibration) of the
 * weeks holding @from … @to, for @team_id (-1: all; by the agent's current
 * team, as the roll-ups): KzAnswerCount*, values ascending, then N/A.
 * This reads raw answers, not roll-ups: the roll-ups keep sums and counts,
 * not one count per scale point, and a scale point per week and team
 * would need a schema 18 with its own triggers on both backends.  The
 * reads go through evaluations_rubric and the answers' primary key, for
 * one rubric's evaluations of the range only. */
GPtrArray *kz_store_answer_distribution  (KzStore                  *self,
                                          const char               *rubric_id,
                                          const char               *criterion_id,
                                          const GDate              *from,
                                          const GDate              *to,
                                          gint64                    team_id,
                                          GError                  **error);
/* A reviewer's counted evaluations per week (of created_at), from
 * evaluations through evaluations_reviewer: the roll-ups are per agent,
 * and one reviewer's rows are few.  KzRollupWeek* with agent_id the
 * reviewer, by week; weeks with nothing have no row. */
GPtrArray *kz_store_reviewer_weeks       (KzStore                  *self,
                                          gint64                    reviewer_id,
                                          const GDate              *from,
                                          const GDate              *to,
                                          GError                  **error);

/* Fills @filter with no bounds: every team, week, reviewer. */
void       kz_drill_filter_init          (KzDrillFilter            *filter);
/* The counted (submitted, non-calibration) evaluations @filter names, the
 * login may read: gint64 ids, ascending — or with @filter's newest, at most
 * that many, newest first (created_at, then id, descending). */
GArray    *kz_store_drill_evaluations    (KzStore                  *self,
                                          const KzDrillFilter      *filter,
                                          GError                  **error);

/* ---- staff voice: pulse surveys ------------------------------------------------ */
/* The rules are voice.md's (kz-voice.h).  Answers are stored anonymously:
 * a random id, the round, the team the person was in when answering, the
 * question and the answer — no person, no time, no sequence.  Whether a
 * person answered a round is a separate participation record holding no
 * answers.  In a single file anyone with the file can read all of it; on a
 * team server no Kaizen role can read answer rows, and every figure comes
 * suppressed from the server's own functions (sql/pg-012-voice.sql). */

/* Today as the store sees it: the local date for a single file, the
 * server's current_date on a team server (the day it opens and closes
 * rounds by). */
gboolean   kz_store_voice_today          (KzStore                  *self,
                                          GDate                    *today,
                                          GError                  **error);

/* Fills an empty question bank with kz_question_bank_default() (in one
 * transaction); a bank with any question is left alone.  The demo and the
 * kaizenctl survey verbs call it; the app calls it before showing the bank
 * to a manager.  @n_added (may be NULL) gets how many were added. */
gboolean   kz_store_seed_question_bank   (KzStore                  *self,
                                          guint                    *n_added,
                                          GError                  **error);
/* KzQuestion*, in bank order (the order rotation follows). */
GPtrArray *kz_store_list_questions       (KzStore                  *self,
                                          GError                  **error);
/* Adds a question at the end of the bank.  @question->id NULL: a new id
 * ("q-" and 8 hex digits) is made and set; an id is letters, digits, - and _.
 * A bank has one eNPS question (0–10). */
gboolean   kz_store_add_question         (KzStore                  *self,
                                          KzQuestion               *question,
                                          GError                  **error);
/* Changes a question's text, kind, driver and active flag (its id and eNPS
 * flag stay).  A question that has answers cannot change kind
 * (KZ_ERROR_INVALID_INPUT), and the eNPS question stays 0–10. */
gboolean   kz_store_update_question      (KzStore                  *self,
                                          const KzQuestion         *question,
                                          GError                  **error);

/* Pulse plans: name, cadence, questions a round (besides the eNPS question
 * and the comment), k (3–10) for its rounds, the audience teams (empty:
 * everyone).  add returns the id (and sets @plan->id); update keeps the
 * rounds already made as they were. */
gint64     kz_store_add_pulse_plan       (KzStore                  *self,
                                          KzPulsePlan              *plan,
                                          GError                  **error);
gboolean   kz_store_update_pulse_plan    (KzStore                  *self,
                                          const KzPulsePlan        *plan,
                                          GError                  **error);
/* KzPulsePlan*, by name. */
GPtrArray *kz_store_list_pulse_plans     (KzStore                  *self,
                                          GError                  **error);

/* Creates a round from @round's title, dates and k, and returns its id
 * (also set in @round->id).  With @round->plan_id, the questions come from
 * kz_pulse_rotation() over the bank and the plan's earlier rounds, k from
 * the plan, and a missing title is the plan's name and the opening day;
 * @round->question_ids must then be empty.  Without a plan (a one-off
 * round) the questions are @round->question_ids, in that order.  k outside
 * 3–10, closes_on before opens_on, or unknown questions are refused.
 * @round->question_ids is set to what the round asks. */
gint64     kz_store_create_round         (KzStore                  *self,
                                          KzSurveyRound            *round,
                                          GError                  **error);
/* Changes a round's title, dates and k.  k (3–10) is locked once the round
 * has answers, and so is the opening day; a round with answers may close
 * earlier or later while it is open, but once closed it stays closed (its
 * results have been seen).  Both backends enforce this in the database too. */
gboolean   kz_store_update_round         (KzStore                  *self,
                                          const KzSurveyRound      *round,
                                          GError                  **error);
/* KzSurveyRound*, oldest first (opening day, then id); @plan_id 0: every
 * round.  Whether a round is open or closed: kz_survey_round_is_open() and
 * kz_survey_round_is_closed() on kz_store_voice_today(); answered is set. */
GPtrArray *kz_store_list_rounds          (KzStore                  *self,
                                          gint64                    plan_id,
                                          GError                  **error);
KzSurveyRound *kz_store_get_round        (KzStore                  *self,
                                          gint64                    id,
                                          GError                  **error);
/* The rounds open today that @person_id may answer (their team is in the
 * plan's audience) and has not answered yet, closing soonest first.  On a
 * team server this is the login's own person (@person_id 0 or theirs;
 * asking for someone else is KZ_ERROR_PERMISSION, except for the owner);
 * in a single file @person_id 0 lists every open round. */
GPtrArray *kz_store_list_open_rounds     (KzStore                  *self,
                                          gint64                    person_id,
                                          GError                  **error);
/* Stores @person_id's answers (KzSurveyAnswer*) to an open round: checked
 * with kz_survey_answers_check(), then the participation record and the
 * anonymous answers, each with the team @person_id is in now, in one
 * transaction.  A second submission is KZ_ERROR_EXISTS and writes nothing;
 * a round that is not open is KZ_ERROR_INVALID_INPUT.  On a team server
 * @person_id 0 is the login's own person, and only the owner may answer for
 * someone else. */
gboolean   kz_store_submit_answers       (KzStore                  *self,
                                          gint64                    round_id,
                                          gint64                    person_id,
                                          GPtrArray                *answers,
                                          GError                  **error);
/* Answers collected elsewhere (a kiosk, paper): each KzSurveyAnswer of
 * @answers is one respondent's answer to one question of the open round
 * @round_id, from team @team_id (0: no team).  Stored like submitted ones,
 * with no participation.  On a team server only managers and
 * administrators import. */
gboolean   kz_store_import_answers       (KzStore                  *self,
                                          gint64                    round_id,
                                          gint64                    team_id,
                                          GPtrArray                *answers,
                                          GError                  **error);
/* The figures of a closed round: KzSurveyCell*, for each scored question
 * (in the round's order) the whole round (KZ_CELL_ALL) and then each team
 * with answers (KZ_CELL_NO_TEAM first, then by id), already suppressed by
 * the backend with kz_survey_suppress() and the round's k — a suppressed
 * cell has no numbers.  Before the round closes there are no results
 * (KZ_ERROR_INVALID_INPUT): watching them move would tell who answered. */
GPtrArray *kz_store_survey_results       (KzStore                  *self,
                                          gint64                    round_id,
                                          GError                  **error);
/* The free-text answers of a closed round, sorted by their text (an order
 * that says nothing about when they were written): KzSurveyComment*.  Only
 * when kz_survey_comment_visibility() allows the whole round's list
 * (*@shown; else the array is empty), and with their teams when it allows
 * lists by team (*@by_team).  @shown and @by_team may be NULL. */
GPtrArray *kz_store_survey_comments      (KzStore                  *self,
                                          gint64                    round_id,
                                          gboolean                 *shown,
                                          gboolean                 *by_team,
                                          GError                  **error);

/* ---- staff voice: ideas ------------------------------------------------------- */

/* Submits an idea: @idea's title, body and category, and author_id (0:
 * anonymous).  An anonymous idea stores no author at all: a fresh pseudonym
 * (set in @idea->pseudonym) and, with @token (from kz_voice_new_token(),
 * kept by the caller with kz-voice-tokens.h), only the token's hash, so its
 * author can follow the thread.  Only the week is kept: @idea->week's
 * Monday when valid (back-dating is for the database owner, e.g. the demo;
 * on a team server anyone else gets this week), else this week's.  Returns
 * the new idea's id (random; also set in @idea->id).  On a team server a
 * named idea is the login's own. */
char      *kz_store_submit_idea          (KzStore                  *self,
                                          KzIdea                   *idea,
                                          const char               *token,
                                          GError                  **error);
/* KzIdea* with their vote and comment counts, most votes first.  @filter
 * NULL: every status, merged duplicates left out (the open board). */
GPtrArray *kz_store_list_ideas           (KzStore                  *self,
                                          const KzIdeaFilter       *filter,
                                          GError                  **error);
KzIdea    *kz_store_get_idea             (KzStore                  *self,
                                          const char               *id,
                                          GError                  **error);
/* One vote per person: the vote record keeps only the idea and a keyed
 * hash (HMAC-SHA256 with a secret kept in the database, which no Kaizen
 * role can read on a team server) of the voter.  A second vote is
 * KZ_ERROR_EXISTS; a merged idea takes no votes.  On a team server
 * @person_id 0 is the login's person, and only the owner votes for others. */
gboolean   kz_store_vote_idea            (KzStore                  *self,
                                          const char               *idea_id,
                                          gint64                    person_id,
                                          GError                  **error);
/* Whether @person_id has voted for the idea (same rules). */
gboolean   kz_store_idea_has_vote        (KzStore                  *self,
                                          const char               *idea_id,
                                          gint64                    person_id,
                                          gboolean                 *voted,
                                          GError                  **error);
/* Comments on an idea and returns the comment's id.  @author_id > 0: in
 * that person's name (on a team server, the login's own).  @author_id 0:
 * anonymous — under the idea's own pseudonym when @token is the idea's
 * follow-up token (its anonymous author following up), under the pseudonym
 * of the caller's earlier comments in the thread with the same token, else
 * under a fresh one; @token's hash is kept so the commenter can follow the
 * thread.  @week NULL: this week (another week: see kz_store_submit_idea). */
char      *kz_store_comment_idea         (KzStore                  *self,
                                          const char               *idea_id,
                                          gint64                    author_id,
                                          const char               *body,
                                          const char               *token,
                                          const GDate              *week,
                                          GError                  **error);
/* A manager's reply: a named comment flagged from_manager.  @manager_id must
 * be a manager or an administrator (on a team server, the login). */
char      *kz_store_reply_idea           (KzStore                  *self,
                                          const char               *idea_id,
                                          gint64                    manager_id,
                                          const char               *body,
                                          const GDate              *week,
                                          GError                  **error);
/* KzIdeaComment*: by week, and within a week the staff's before the
 * managers' replies (no finer time is kept). */
GPtrArray *kz_store_list_idea_comments   (KzStore                  *self,
                                          const char               *idea_id,
                                          GError                  **error);
/* Moves an idea as kz_idea_status_check_move() allows: declined needs
 * @reason; done may carry @outcome, the "you said, we did" text.  A merged
 * idea does not move. */
gboolean   kz_store_move_idea            (KzStore                  *self,
                                          const char               *idea_id,
                                          KzIdeaStatus              status,
                                          const char               *reason,
                                          const char               *outcome,
                                          GError                  **error);
/* Merges a duplicate into @target_id, in one transaction: the duplicate's
 * votes are added to the target's (a person who voted for both counts once:
 * their keyed hashes are equal), the duplicate is marked merged_into and
 * leaves the board, and a reply by @manager_id on the duplicate tells its
 * supporters where it went. */
gboolean   kz_store_merge_idea           (KzStore                  *self,
                                          const char               *duplicate_id,
                                          const char               *target_id,
                                          gint64                    manager_id,
                                          GError                  **error);
/* "You said, we did": the done ideas that say what changed, newest week
 * first (KzIdea*). */
GPtrArray *kz_store_list_you_said_we_did (KzStore                  *self,
                                          GError                  **error);
/* The threads the holder of @tokens follows (KzIdeaThread*): ideas whose
 * follow-up token is one of them, and ideas they commented on anonymously
 * with one, each with everyone else's comments from the week @since on
 * (@since NULL: all).  A token that matches nothing finds nothing. */
GPtrArray *kz_store_list_my_threads      (KzStore                  *self,
                                          const char * const       *tokens,
                                          const GDate              *since,
                                          GError                  **error);

/* ---- CX principles and personas (kz-cx.h) ------------------------------------- */

/* Stores @principles (KzPrinciple*), all or none, each checked with
 * kz_principle_check() first.  A new id goes at the end of the list; an
 * id already stored is KZ_ERROR_EXISTS, unless @replace, when its title
 * and description are replaced (what an import or an edit does).  On a
 * team server managers and administrators change them; everyone reads. */
gboolean   kz_store_save_principles      (KzStore                  *self,
                                          GPtrArray                *principles,
                                          gboolean                  replace,
                                          GError                  **error);
gboolean   kz_store_save_principle       (KzStore                  *self,
                                          const KzPrinciple        *principle,
                                          gboolean                  replace,
                                          GError                  **error);
/* KzPrinciple*, in the order they were added. */
GPtrArray *kz_store_list_principles      (KzStore                  *self,
                                          GError                  **error);
/* The same for personas (KzPersona*, checked with kz_persona_check()). */
gboolean   kz_store_save_personas        (KzStore                  *self,
                                          GPtrArray                *personas,
                                          gboolean                  replace,
                                          GError                  **error);
gboolean   kz_store_save_persona         (KzStore                  *self,
                                          const KzPersona          *persona,
                                          gboolean                  replace,
                                          GError                  **error);
GPtrArray *kz_store_list_personas        (KzStore                  *self,
                                          GError                  **error);

/* Whose evaluations a report per principle reads. */
typedef struct {
  gint64     agent_id;   /* 0: any */
  gint64     team_id;    /* 0: any; else the agents whose team it is now */
  GDateTime *from;       /* evaluations created at or after; NULL: no bound */
  GDateTime *to;         /* created before; NULL: no bound */
} KzPrincipleFilter;

/* kz_principle_scores_compute() over the submitted, non-calibration
 * evaluations @filter (NULL: all) picks, each with its rubric version and
 * the store's principles (KzPrincipleScore*). */
GPtrArray *kz_store_principle_scores     (KzStore                  *self,
                                          const KzPrincipleFilter  *filter,
                                          GError                  **error);

/* ---- staff voice, whole: moving a database (kz_store_copy() only) ------------- */
/* These two exist so that kz_store_copy() can move staff voice from a
 * single file to a team server exactly as it is, and they are not for
 * anything else: they carry raw anonymous answers, follow-up token hashes,
 * vote hashes, voter keys and the voting secret (kz-voice.h's KzVoiceData).
 *
 * Why the votes survive the move.  A vote keeps HMAC (secret, "voter:" +
 * voter key) — kz_voice_voter_hash() — where the voter key is a string
 * kept with the person, not their row id (which changes in a copy).  The
 * copy takes the file's secret and every person's key along, so on the
 * target the same person hashes to the same value: "already voted" holds,
 * a second vote is refused, a merge still counts them once.  The other
 * way — rehashing each vote for its voter's new id — would mean finding
 * out whose each vote is (by hashing every person until one matches): the
 * copy would have to link votes to people, the very thing the hash is
 * there to prevent.  This way nobody ever does; the copy moves hashes it
 * does not read.  Until schema 13 the hash was over the person's id, so a
 * person who was already there keeps that id, frozen, as key (their old
 * votes need no rewriting, and again nobody works out whose they are);
 * people added since get a random key.
 *
 * Sharing the file's secret with the server gives nothing away that was
 * safe before: whoever holds the file could link its votes already (its
 * secret, keys and votes are all in it), and on the server only the owner
 * — or whoever has a dump — can read the votes, and they read the secret
 * and the keys beside them anyway.  No Kaizen role reads any of the three. */

/* Every staff-voice row of the store, as stored.  Only a single file gives
 * it (its reader can read all of it anyway); a team server never hands
 * out raw answers: KZ_ERROR_PERMISSION, whoever asks. */
KzVoiceData *kz_store_voice_export       (KzStore                  *self,
                                          GError                  **error);
/* Writes @data into this store, all or nothing (one transaction, or a
 * savepoint in the caller's).  The store must hold no pulse plans,
 * rounds, answers, participation, ideas, comments or votes, and a
 * question bank that is empty or the same as @data's (KZ_ERROR_EXISTS
 * otherwise): the voting secret is replaced by @data's, which would
 * orphan any vote already there.  The people and teams @data names must
 * be this store's own ids (the caller maps them); every person named in
 * @data->voter_keys gets that key.  Plans and rounds get this store's ids
 * — on success @data's plans, rounds, answers and participation carry
 * them — while answers, ideas and comments keep their random ids, and
 * ideas and comments their weeks, pseudonyms, token hashes, statuses,
 * outcomes and merges.  Answers go in a random order on a team server,
 * and in a file by their random ids (which it keeps them in whatever the
 * order): not even a table's order says when they came.  Before it
 * returns, the store's own hash of a voter is checked against
 * kz_voice_voter_hash() of @data's secret.  On a team server only the
 * database's owner may do this: no Kaizen role may write answers or
 * votes, or touch the secret or the keys. */
gboolean   kz_store_voice_import         (KzStore                  *self,
                                          KzVoiceData              *data,
                                          GError                  **error);

/* ---- coaching: catalog, rules, proposals, plans, completions (kz-coaching.h) ---- */
/* coaching.md's rules.  On a team server the server decides who may write:
 * managers, reviewers (coaches) and administrators; agents read their own
 * plans, and a coaching session's private notes only reach its coach,
 * managers and administrators. */

/* Adds (id 0) or replaces a training catalog item, checked with
 * kz_catalog_item_check().  Sets and returns the id. */
gint64     kz_store_save_catalog_item    (KzStore                  *self,
                                          KzCatalogItem            *item,
                                          GError                  **error);
/* KzCatalogItem*, by title. */
GPtrArray *kz_store_list_catalog_items   (KzStore                  *self,
                                          GError                  **error);
/* KZ_ERROR_NOT_FOUND when there is none. */
KzCatalogItem *kz_store_get_catalog_item (KzStore                  *self,
                                          gint64                    id,
                                          GError                  **error);

/* The item whose LMS id (external_id) is @external_id; NULL and
 * KZ_ERROR_NOT_FOUND when none is.  Completion imports find items so. */
KzCatalogItem *kz_store_find_catalog_item (KzStore                 *self,
                                          const char               *external_id,
                                          GError                  **error);

/* Adds (id 0) or replaces a recommendation rule, checked with
 * kz_coaching_rule_check(); its rubric must be stored and have the
 * criterion, its catalog item exist.  Sets and returns the id. */
gint64     kz_store_save_rule            (KzStore                  *self,
                                          KzCoachingRule           *rule,
                                          GError                  **error);
/* KzCoachingRule*, by id. */
GPtrArray *kz_store_list_rules           (KzStore                  *self,
                                          GError                  **error);

/* Runs the active rules at @now (NULL: now) over @agent_id's submitted,
 * non-calibration evaluations (0: every agent's), and stores a pending
 * proposal for each rule and agent whose condition holds
 * (kz_coaching_rule_holds()) — unless one is already pending for that rule
 * and agent, or the last one was decided less than the rule's cooldown ago
 * (kz_proposal_allows_new()).  All in one transaction.  Returns the new
 * proposals (KzProposal*). */
GPtrArray *kz_store_run_rules            (KzStore                  *self,
                                          gint64                    agent_id,
                                          GDateTime                *now,
                                          GError                  **error);
/* What to call after an evaluation is submitted: the rules watching its
 * rubric, for its agent, at now.  Calibration evaluations and drafts
 * propose nothing.  Returns the number of new proposals, -1 with @error.
 * kz_store_save_evaluation() does not call it itself: imports and the demo
 * save thousands of evaluations in one transaction, and a failed rule
 * must not undo a review — the app calls it once a submit is stored. */
int        kz_store_run_rules_after_submit (KzStore                *self,
                                          gint64                    evaluation_id,
                                          GError                  **error);
/* KzProposal*, newest first; @pending_only: only those awaiting a manager. */
GPtrArray *kz_store_list_proposals       (KzStore                  *self,
                                          gboolean                  pending_only,
                                          GError                  **error);
/* A manager (or an administrator) accepts a pending proposal: in one
 * transaction it becomes a plan for its agent addressing the rule's
 * criterion, due the rule's SLA days after @now's day in its own time zone
 * (NULL: now, local time) — an eLearning
 * assignment of the rule's item (KZ_PLAN_ELEARNING; the item must be
 * eLearning), or a coaching session by @coach_id with the proposal's
 * evaluations as evidence (KZ_PLAN_COACHING) — and is marked accepted.
 * Returns the plan's id.  A proposal that is not pending any more is
 * KZ_ERROR_INVALID_INPUT. */
gint64     kz_store_accept_proposal      (KzStore                  *self,
                                          gint64                    proposal_id,
                                          gint64                    manager_id,
                                          KzPlanKind                as,
                                          gint64                    coach_id,
                                          GDateTime                *now,
                                          GError                  **error);
gboolean   kz_store_dismiss_proposal     (KzStore                  *self,
                                          gint64                    proposal_id,
                                          gint64                    manager_id,
                                          GDateTime                *now,
                                          GError                  **error);

/* Adds a plan (id 0: state planned; a new uid is made, sequence 0) or
 * saves a changed one, checked with kz_plan_check(): @plan->sequence must
 * be the stored one (else KZ_ERROR_CONFLICT: someone changed it since),
 * and when anything differs it goes up by one (the uid stays).  A state may
 * only move as kz_plan_state_check_move() allows.  Sets id, uid, sequence
 * and times in @plan; returns the id. */
gint64     kz_store_save_plan            (KzStore                  *self,
                                          KzPlan                   *plan,
                                          GError                  **error);
/* Saves a plan brought in from another calendar (kz-plan-calendar.h's
 * import), keeping the uid and sequence it comes with — the calendar's UID
 * and SEQUENCE: id 0 adds it (planned; its uid must be new), else it
 * replaces the stored plan of the same uid, whose sequence must be lower
 * (KZ_ERROR_CONFLICT otherwise).  Checked as kz_store_save_plan() checks;
 * atomic on its own or in the caller's transaction. */
gint64     kz_store_save_imported_plan   (KzStore                  *self,
                                          KzPlan                   *plan,
                                          GError                  **error);
KzPlan    *kz_store_get_plan             (KzStore                  *self,
                                          gint64                    id,
                                          GError                  **error);
/* KzPlan*: those involving @person_id (agent, coach or attendee; 0: all),
 * soonest first (start or due date), undated last. */
GPtrArray *kz_store_list_plans           (KzStore                  *self,
                                          gint64                    person_id,
                                          GError                  **error);
/* Marks a planned plan done or missed at @at (NULL: now), or cancelled;
 * raises its sequence. */
gboolean   kz_store_set_plan_state       (KzStore                  *self,
                                          gint64                    plan_id,
                                          KzPlanState               state,
                                          GDateTime                *at,
                                          GError                  **error);

/* The agent acknowledges a coaching session, with an optional commitment
 * comment: only its agent (KZ_ERROR_PERMISSION; on a team server
 * @agent_id 0 is the login, and the server checks it again), once
 * (KZ_ERROR_EXISTS), not a cancelled one.  Raises the sequence.  @at
 * NULL: now. */
gboolean   kz_store_acknowledge_plan     (KzStore                  *self,
                                          gint64                    plan_id,
                                          gint64                    agent_id,
                                          const char               *comment,
                                          GDateTime                *at,
                                          GError                  **error);

/* Records completions reported by an LMS (KzCompletion*), all or nothing in
 * one transaction: a completion whose statement_id was recorded before is
 * skipped (counted out of *@n_added, may be NULL).  Each new completed,
 * passed or attended one marks its learner's planned eLearning assignments
 * of that item done at completed_at (its plan_id set).  Learners and items
 * must exist (KZ_ERROR_INVALID_INPUT otherwise, nothing written). */
gboolean   kz_store_record_completions   (KzStore                  *self,
                                          GPtrArray                *completions,
                                          guint                    *n_added,
                                          GError                  **error);
/* KzCompletion*, oldest first. */
GPtrArray *kz_store_list_completions     (KzStore                  *self,
                                          GError                  **error);

G_END_DECLS
