/* kz-coaching.h — from rubric gaps to coaching, training and proof: the records
 *
 * Plain value types (the store fills them, callers own them) for the
 * training catalog, recommendation rules and their proposals, plans
 * (coaching sessions, eLearning assignments, group training events) and
 * completions reported by an LMS, with the pure rules of coaching.md that
 * need no database: states and their moves, overdue, what a rule's
 * condition says about an agent's answers.  The storage calls are in
 * kz-store.h; the GUI and the iCalendar code read these structs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* A criterion of a rubric: "rubric-id:criterion-id" in text (CLI, messages). */
typedef struct {
  char *rubric_id;
  char *criterion_id;
} KzCriterionRef;

KzCriterionRef *kz_criterion_ref_new   (const char *rubric_id, const char *criterion_id);
KzCriterionRef *kz_criterion_ref_copy  (const KzCriterionRef *self);
void            kz_criterion_ref_free  (KzCriterionRef *self);
/* "rubric:criterion" → ref; NULL with KZ_ERROR_INVALID_INPUT otherwise. */
KzCriterionRef *kz_criterion_ref_parse (const char *text, GError **error);
char           *kz_criterion_ref_to_string (const KzCriterionRef *self);
/* A new GPtrArray of KzCriterionRef* that frees them. */
GPtrArray      *kz_criterion_refs_new  (void);

/* ---- training catalog ----------------------------------------------------- */

typedef enum {
  KZ_CATALOG_ELEARNING,   /* a link or a file, with an estimated length */
  KZ_CATALOG_COURSE,      /* group training, with a capacity */
} KzCatalogKind;

const char *kz_catalog_kind_to_string   (KzCatalogKind kind);
gboolean    kz_catalog_kind_from_string (const char *text, KzCatalogKind *kind);

typedef struct {
  gint64         id;          /* 0 until stored */
  KzCatalogKind  kind;
  char          *title;
  char          *link;        /* elearning: a link or … */
  char          *file;        /* … a file (exactly one of the two) */
  int            minutes;     /* elearning: estimated minutes (> 0) */
  int            capacity;    /* course: places (> 0) */
  GPtrArray     *criteria;    /* KzCriterionRef*: at least one */
  /* The LMS's own id of it (a course id, an xAPI activity IRI), unique:
   * what completion imports find it by.  NULL: none. */
  char          *external_id;
} KzCatalogItem;

KzCatalogItem *kz_catalog_item_new   (KzCatalogKind kind, const char *title);
void           kz_catalog_item_free  (KzCatalogItem *self);
/* Whether the item is complete and consistent (KZ_ERROR_INVALID_INPUT saying what is wrong). */
gboolean       kz_catalog_item_check (const KzCatalogItem *self, GError **error);

/* ---- recommendation rules and proposals ----------------------------------- */

typedef enum {
  KZ_RULE_LAST_N_FAILED,  /* the agent's last n evaluations answering the criterion all failed it */
  KZ_RULE_MEAN_BELOW,     /* the mean of the criterion (0–100) over the last @days days is below @threshold */
} KzRuleCondition;

const char *kz_rule_condition_to_string   (KzRuleCondition condition);
gboolean    kz_rule_condition_from_string (const char *text, KzRuleCondition *condition);

typedef struct {
  gint64           id;
  char            *rubric_id;
  char            *criterion_id;
  KzRuleCondition  condition;
  int              n;               /* KZ_RULE_LAST_N_FAILED: ≥ 1 */
  double           threshold;       /* KZ_RULE_MEAN_BELOW: 0–100 */
  int              days;            /* KZ_RULE_MEAN_BELOW: ≥ 1 */
  gint64           catalog_item_id;
  int              cooldown_weeks;  /* no new proposal for the agent this long after the last was decided */
  int              sla_days;        /* an accepted proposal is due this many days later (≥ 1) */
  gboolean         active;
} KzCoachingRule;

KzCoachingRule *kz_coaching_rule_new   (void);
void            kz_coaching_rule_free  (KzCoachingRule *self);
gboolean        kz_coaching_rule_check (const KzCoachingRule *self, GError **error);

/* One answer of the rule's criterion, as the rule sees it: when the
 * evaluation was created, whether the answer failed the criterion
 * (kz_criterion_value_fails(): at the scale's minimum, or below its
 * fail-below), and its normalised score × 100. */
typedef struct {
  gint64     evaluation_id;
  GDateTime *at;
  gboolean   failed;
  double     score;
} KzCriterionObservation;

/* Whether @rule's condition holds over @observations (newest first), at
 * @now.  Sets @evidence (gint64 evaluation ids, newest first) to the
 * evaluations that made it hold, and @reason to a sentence saying why.
 * Last n failed: the n newest observations, all failed (fewer than n: no).
 * Mean below: those of the @days days up to @now, at least one, mean < threshold. */
gboolean kz_coaching_rule_holds (const KzCoachingRule *rule,
                                 GPtrArray            *observations,
                                 GDateTime            *now,
                                 GArray               *evidence,
                                 char                **reason);

typedef enum {
  KZ_PROPOSAL_PENDING,
  KZ_PROPOSAL_ACCEPTED,
  KZ_PROPOSAL_DISMISSED,
} KzProposalState;

const char *kz_proposal_state_to_string   (KzProposalState state);
gboolean    kz_proposal_state_from_string (const char *text, KzProposalState *state);

typedef struct {
  gint64           id;
  gint64           rule_id;
  gint64           agent_id;
  GDateTime       *created_at;
  char            *reason;
  GArray          *evidence;      /* gint64 evaluation ids */
  KzProposalState  state;
  GDateTime       *decided_at;    /* NULL while pending */
  gint64           decided_by;    /* 0 while pending */
  gint64           plan_id;       /* the plan an accepted proposal became */
} KzProposal;

KzProposal *kz_proposal_new  (void);
void        kz_proposal_free (KzProposal *self);

/* Whether @last (the newest proposal of the same rule and agent, NULL: none)
 * lets a new one be made at @now: not while it is pending, nor for
 * @cooldown_weeks weeks after it was decided. */
gboolean kz_proposal_allows_new (const KzProposal *last, int cooldown_weeks, GDateTime *now);

/* ---- plans ---------------------------------------------------------------- */

typedef enum {
  KZ_PLAN_COACHING,   /* a 1:1 session */
  KZ_PLAN_ELEARNING,  /* an eLearning assignment */
  KZ_PLAN_TRAINING,   /* a group training event */
} KzPlanKind;

const char *kz_plan_kind_to_string   (KzPlanKind kind);
gboolean    kz_plan_kind_from_string (const char *text, KzPlanKind *kind);

typedef enum {
  KZ_PLAN_PLANNED,
  KZ_PLAN_DONE,
  KZ_PLAN_MISSED,
  KZ_PLAN_CANCELLED,
} KzPlanState;

const char *kz_plan_state_to_string   (KzPlanState state);
gboolean    kz_plan_state_from_string (const char *text, KzPlanState *state);
/* planned → done, missed or cancelled; nothing else (KZ_ERROR_INVALID_INPUT). */
gboolean    kz_plan_state_check_move  (KzPlanState from, KzPlanState to, GError **error);

typedef struct {
  char    *text;
  gint64   owner_id;
  GDate    due;        /* invalid: no due date */
  gboolean done;
} KzActionItem;

KzActionItem *kz_action_item_new  (const char *text, gint64 owner_id);
void          kz_action_item_free (KzActionItem *self);

typedef enum {
  KZ_ATTENDANCE_UNKNOWN,
  KZ_ATTENDANCE_ATTENDED,
  KZ_ATTENDANCE_ABSENT,
} KzAttendance;

const char *kz_attendance_to_string   (KzAttendance attendance);
gboolean    kz_attendance_from_string (const char *text, KzAttendance *attendance);

typedef struct {
  gint64        person_id;
  KzAttendance  attendance;
} KzAttendee;

typedef enum {
  KZ_FREQ_NONE,
  KZ_FREQ_DAILY,
  KZ_FREQ_WEEKLY,
  KZ_FREQ_MONTHLY,
  KZ_FREQ_YEARLY,
} KzFreq;

const char *kz_freq_to_string   (KzFreq freq);   /* "daily" …; NULL for none */
gboolean    kz_freq_from_string (const char *text, KzFreq *freq);

/* RRULE-like: FREQ, INTERVAL, UNTIL or COUNT, BYDAY ("MO,WE"), plus the
 * dropped occurrences (EXDATE). */
typedef struct {
  KzFreq      freq;
  int         interval;   /* ≥ 1 */
  GDateTime  *until;      /* NULL: none */
  int         count;      /* 0: none; never with until */
  char       *byday;      /* NULL or "MO,TU,…" */
  GPtrArray  *exdates;    /* GDateTime*: the start of each dropped occurrence */
} KzRecurrence;

typedef struct {
  gint64        id;
  KzPlanKind    kind;
  KzPlanState   state;
  char         *title;
  gint64        agent_id;         /* coaching, elearning: whose plan */
  gint64        coach_id;         /* coaching: the coach; training: the organiser (0: none) */
  gint64        catalog_item_id;  /* elearning: the item; training: the course */
  gint64        proposal_id;      /* the proposal it came from (0: none) */
  GPtrArray    *criteria;         /* KzCriterionRef*: the gap it addresses */
  GArray       *evidence;         /* coaching: gint64 evaluation ids */
  char         *agenda;
  char         *shared_notes;
  /* Coaching: the coach's and managers' own notes.  Read back only for the
   * coach, managers and administrators (private_notes_hidden otherwise, and
   * then a save leaves the stored ones alone). */
  char         *private_notes;
  gboolean      private_notes_hidden;
  GPtrArray    *action_items;     /* KzActionItem* */
  GDateTime    *acknowledged_at;  /* the agent's acknowledgement (NULL: not yet) */
  char         *commitment;       /* … and their comment */
  GDateTime    *starts_at;        /* coaching (NULL: not scheduled yet), training */
  char         *tzid;             /* IANA id of the time zone it is scheduled in ("Europe/London") */
  int           duration_minutes;
  GDate         follow_up;        /* coaching */
  GDate         due;              /* elearning (required), coaching (optional) */
  char         *place;            /* training: a place or … */
  char         *link;             /* … a link */
  int           capacity;         /* training (0: the course's) */
  GPtrArray    *attendees;        /* KzAttendee*: training */
  KzRecurrence  recurrence;       /* training */
  char         *uid;              /* made once when first stored, never changed */
  int           sequence;         /* 0 when made, +1 on every change */
  GDateTime    *created_at;
  GDateTime    *updated_at;
  GDateTime    *completed_at;     /* done or missed: when */
} KzPlan;

KzPlan  *kz_plan_new        (KzPlanKind kind, const char *title);
void     kz_plan_free       (KzPlan *self);
KzPlan  *kz_plan_copy       (const KzPlan *self);
gboolean kz_plan_check      (const KzPlan *self, GError **error);
/* An eLearning assignment (or a coaching session with a due date) still
 * planned after its due date's day, in @now's time zone. */
gboolean kz_plan_is_overdue (const KzPlan *self, GDateTime *now);
/* Whether the plan involves @person_id: its agent, coach or an attendee. */
gboolean kz_plan_involves   (const KzPlan *self, gint64 person_id);
/* Whether two versions of a plan differ in anything a calendar shows or the
 * plan records (everything but id, uid, sequence and the times kept by the
 * store). */
gboolean kz_plan_equal      (const KzPlan *a, const KzPlan *b);

/* ---- completions from an LMS ---------------------------------------------- */

typedef enum {
  KZ_COMPLETION_COMPLETED,
  KZ_COMPLETION_PASSED,
  KZ_COMPLETION_FAILED,
  KZ_COMPLETION_ATTENDED,
  KZ_COMPLETION_INCOMPLETE,
} KzCompletionStatus;

const char *kz_completion_status_to_string   (KzCompletionStatus status);
gboolean    kz_completion_status_from_string (const char *text, KzCompletionStatus *status);

typedef struct {
  gint64              id;
  gint64              person_id;        /* the learner */
  gint64              catalog_item_id;
  KzCompletionStatus  status;
  GDateTime          *completed_at;
  gboolean            has_score;
  double              score;            /* scaled 0–1 */
  gboolean            has_passed;
  gboolean            passed;
  char               *statement_id;     /* xAPI statement id; NULL: none (never deduplicated) */
  /* Read back: the plan it marked done (0: none). */
  gint64              plan_id;
} KzCompletion;

KzCompletion *kz_completion_new  (void);
void          kz_completion_free (KzCompletion *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KzCriterionRef, kz_criterion_ref_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KzCatalogItem, kz_catalog_item_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KzCoachingRule, kz_coaching_rule_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KzProposal, kz_proposal_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KzPlan, kz_plan_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KzActionItem, kz_action_item_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KzCompletion, kz_completion_free)

G_END_DECLS
