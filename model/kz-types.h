/* kz-types.h — plain domain records passed across the storage API
 *
 * These are value types: the store fills them, callers own them.  They carry
 * no behaviour and no GTK; the GUI wraps lists of them in GListModels.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include "kz-answer.h"

G_BEGIN_DECLS

typedef enum { /*< flags >*/
  KZ_ROLE_NONE     = 0,
  KZ_ROLE_AGENT    = 1 << 0,
  KZ_ROLE_REVIEWER = 1 << 1,
  KZ_ROLE_MANAGER  = 1 << 2,
  KZ_ROLE_STAFF    = 1 << 3,
  KZ_ROLE_ADMIN    = 1 << 4,
} KzRoles;

/* "agent,reviewer" ⇄ flags.  Parsing fails on an unknown role name. */
char    *kz_roles_to_string   (KzRoles      roles);
gboolean kz_roles_from_string (const char  *text,
                               KzRoles     *roles,
                               GError     **error);

typedef enum {
  KZ_UNIT_ORGANISATION,
  KZ_UNIT_SITE,
  KZ_UNIT_TEAM,
} KzUnitKind;

const char *kz_unit_kind_to_string (KzUnitKind kind);

typedef enum {
  KZ_CHANNEL_CALL,
  KZ_CHANNEL_EMAIL,
} KzChannel;

const char *kz_channel_to_string   (KzChannel    channel);
gboolean    kz_channel_from_string (const char  *text,
                                    KzChannel   *channel);

typedef enum {
  KZ_EVALUATION_DRAFT,
  KZ_EVALUATION_SUBMITTED,
} KzEvaluationState;

const char *kz_evaluation_state_to_string (KzEvaluationState state);

typedef struct {
  gint64   id;           /* 0 until stored */
  char    *name;
  GStrv    emails;       /* first one is the primary address */
  KzRoles  roles;
  gint64   team_id;      /* 0: no team */
} KzPerson;

KzPerson *kz_person_new  (const char *name, KzRoles roles);
void      kz_person_free (KzPerson *self);

typedef struct {
  gint64      id;
  KzUnitKind  kind;
  char       *name;
  gint64      parent_id;  /* 0 for the organisation */
} KzUnit;

void kz_unit_free (KzUnit *self);

typedef struct {
  gint64     id;
  KzChannel  channel;
  gint64     agent_id;
  GDateTime *started_at;
  char      *subject;
  char      *external_ref;  /* Message-ID, call id … unique per channel; may be NULL */
} KzInteraction;

void kz_interaction_free (KzInteraction *self);

/* What rubric lists show, without parsing every rubric. */
typedef struct {
  char   *id;
  int     version;
  char   *title;
  guint   n_sections;
  guint   n_criteria;
  guint   n_evaluations;
  GDateTime *imported_at;
} KzRubricInfo;

void kz_rubric_info_free (KzRubricInfo *self);

/* "2026-03-01" (spaces around allowed) as midnight that day in the local
 * time zone — what a person means by a day in a period; NULL when it is not
 * a real date written that way. */
GDateTime *kz_parse_day (const char *text);

/* The rubric a new review of a @channel interaction starts with, from
 * @infos (KzRubricInfo*): @preferred_id (the one last used for the channel)
 * when it is there, else one made for the channel (its id or title says
 * "email" or "mail" for emails, "phone" or "call" for calls), else the
 * first.  Always a rubric's latest version; NULL when @infos is empty. */
const KzRubricInfo *kz_rubric_infos_pick (GPtrArray  *infos,
                                          KzChannel   channel,
                                          const char *preferred_id);

typedef struct {
  gint64             id;
  gint64             interaction_id;  /* 0: none */
  char              *rubric_id;
  int                rubric_version;
  gint64             reviewer_id;
  gint64             agent_id;
  KzEvaluationState  state;
  GDateTime         *created_at;
  GDateTime         *updated_at;
  int                row_version;     /* 0 until stored; checked on update */
  KzAnswerSet       *answers;
  /* Stored score fields (written by the store from the scoring engine). */
  gboolean           has_score;
  double             raw;
  double             final;
  gboolean           auto_failed;
  GStrv              failed_by;
  gboolean           has_critical;
  double             critical;
  gboolean           pass;
  /* Calibration (kz-calibration-session.h): an evaluation made in a
   * calibration session, never counted in an agent's figures.  Both are set
   * on the first save and never change. */
  gboolean           is_calibration;
  gint64             calibration_session_id;  /* 0 unless is_calibration */
  /* Read back, written by the store: the current revision (0 until first
   * submitted; kz-dispute.h) and when it was first submitted (NULL: not
   * yet), from which the dispute window counts. */
  int                revision;
  GDateTime         *submitted_at;
} KzEvaluation;

KzEvaluation *kz_evaluation_new  (void);
void          kz_evaluation_free (KzEvaluation *self);

/* One line of the evaluations list: names already joined in. */
typedef struct {
  gint64             id;
  GDateTime         *date;
  char              *agent_name;
  char              *reviewer_name;
  char              *rubric_id;
  int                rubric_version;
  char              *rubric_title;
  KzEvaluationState  state;
  gboolean           has_score;
  double             final;
  gboolean           pass;
  KzChannel          channel;
  char              *subject;
  gint64             agent_id;
  gint64             reviewer_id;
  gint64             interaction_id;        /* 0: none */
  gboolean           is_calibration;
  int                revision;              /* current revision; 0: never submitted */
  /* The agent's acknowledgement: the newest revision they acknowledged (0:
   * none) and when; acknowledged_revision < revision means they have not
   * seen the newest one yet. */
  int                acknowledged_revision;
  GDateTime         *acknowledged_at;
  guint              n_disputes;            /* raised, open or closed */
  gboolean           dispute_open;
} KzEvaluationSummary;

void kz_evaluation_summary_free (KzEvaluationSummary *self);

/* Where an evaluation stands with its agent, as lists and reports show it. */
typedef enum {
  KZ_AGENT_STATUS_NONE,              /* a draft or a calibration scoring: nothing for the agent */
  KZ_AGENT_STATUS_TO_ACKNOWLEDGE,    /* submitted, not acknowledged, never disputed */
  KZ_AGENT_STATUS_ACKNOWLEDGED,      /* its newest revision acknowledged */
  KZ_AGENT_STATUS_CHANGED,           /* acknowledged, then changed (a dispute re-scored it) */
  KZ_AGENT_STATUS_DISPUTED,          /* disputed and resolved, not acknowledged since */
  KZ_AGENT_STATUS_DISPUTE_OPEN,      /* a dispute awaits the reviewer or a manager */
} KzAgentStatus;

KzAgentStatus kz_evaluation_agent_status       (const KzEvaluationSummary *summary);
/* "to-acknowledge", "acknowledged", …; "" for none (CLI, JSON). */
const char   *kz_agent_status_to_string        (KzAgentStatus              status);
/* "To acknowledge", "Acknowledged", … translated; "—" for none (lists). */
const char   *kz_agent_status_to_label         (KzAgentStatus              status);

/* One email of an email interaction (kz-email.c reads them). */
typedef struct {
  char   *filename;
  char   *mime_type;
  gint64  size;        /* decoded bytes; the content itself is never kept or opened */
} KzAttachment;

typedef struct {
  char       *message_id;   /* without <>; synthesised from the content when missing */
  char       *in_reply_to;
  GStrv       references;
  char       *from;         /* as written: "Ana Silva <ana@example.org>" */
  GStrv       addresses;    /* every From/To/Cc address, lower case */
  char       *from_address;
  char       *to;
  char       *cc;
  GDateTime  *date;         /* NULL when the message has none */
  char       *subject;
  char       *body;         /* plain text; an HTML-only part as safe text */
  GPtrArray  *attachments;  /* KzAttachment* */
  char       *source;       /* the file it came from */
  gint64      position;     /* byte offset in an mbox, else 0 */
} KzEmailMessage;

void kz_email_message_free (KzEmailMessage *self);
void kz_attachment_free    (KzAttachment   *self);

/* What the interaction list asks for: words and filters. */
typedef enum {
  KZ_REVIEWED_ANY,
  KZ_REVIEWED_YES,
  KZ_REVIEWED_NO,
} KzReviewedFilter;

typedef struct {
  const char       *text;        /* words to find in subjects, emails and transcripts; NULL: any */
  gboolean          any_channel;
  KzChannel         channel;     /* when !any_channel */
  gint64            agent_id;    /* 0: any */
  gint64            team_id;     /* 0: any (the agent's team) */
  GDateTime        *from;        /* NULL: no lower bound; inclusive */
  GDateTime        *to;          /* NULL: no upper bound; exclusive */
  KzReviewedFilter  reviewed;    /* reviewed: has a submitted evaluation (a draft is not a review) */
  gint64            assigned_to;      /* 0: any; else in this reviewer's queue */
  gboolean          unassigned_only;  /* assigned to nobody yet */
  /* Keyset paging: with @cursor_id set, only the rows that come after the
   * row (cursor_started_at, cursor_id) in the list's order (newest first),
   * so reading the next page seeks instead of counting past an offset. */
  gint64            cursor_started_at;  /* Unix time */
  gint64            cursor_id;          /* 0: from the top */
} KzInteractionQuery;

/* Per agent, over a period: how much of their work was sampled and reviewed. */
typedef struct {
  gint64  agent_id;
  char   *agent_name;
  guint   n_interactions;
  guint   n_sampled;    /* assigned to a reviewer */
  guint   n_reviewed;   /* with a submitted evaluation */
} KzCoverage;

void kz_coverage_free (KzCoverage *self);

/* How often one agent gave one answer to one criterion (the gap report's
 * input): answers of submitted, non-calibration evaluations at their
 * latest revision, grouped by agent, the agent's team, the revision's
 * rubric version, criterion and answer. */
typedef struct {
  gint64    agent_id;
  gint64    team_id;         /* the agent's team now; 0: none */
  int       rubric_version;
  char     *criterion_id;
  gboolean  is_na;
  double    value;           /* the answer's value on the criterion's scale, when !is_na */
  guint     count;           /* answers */
} KzAnswerTally;

void kz_answer_tally_free (KzAnswerTally *self);

/* One answer to one criterion, dated (the impact report's input, and the
 * evidence behind a gap): of a submitted, non-calibration evaluation at
 * its latest revision. */
typedef struct {
  gint64    evaluation_id;
  gint64    agent_id;
  gint64    created_at;      /* Unix time, the evaluation's */
  int       rubric_version;
  gboolean  is_na;
  double    value;           /* on the criterion's scale, when !is_na */
} KzCriterionAnswer;

/* One row of the interaction list. */
typedef struct {
  gint64     id;
  KzChannel  channel;
  GDateTime *started_at;
  gint64     agent_id;
  char      *agent_name;   /* NULL when no agent was found */
  char      *subject;
  guint      n_evaluations;  /* drafts included */
  guint      n_submitted;    /* reviewed: a submitted evaluation */
} KzInteractionSummary;

void kz_interaction_summary_free (KzInteractionSummary *self);

/* The customer's own verdict on an interaction. */
typedef enum {
  KZ_FEEDBACK_CSAT,   /* 1–5 */
  KZ_FEEDBACK_NPS,    /* 0–10 */
} KzFeedbackScale;

typedef struct {
  gint64           interaction_id;
  KzFeedbackScale  scale;
  gint             rating;
  char            *comment;     /* may be NULL */
  GDateTime       *given_at;    /* may be NULL */
} KzFeedback;

void     kz_feedback_free              (KzFeedback      *self);
gboolean kz_feedback_scale_from_string (const char      *text,
                                        KzFeedbackScale *scale);
const char *kz_feedback_scale_to_string (KzFeedbackScale scale);

/* One answer of an evaluation whose interaction the customer rated (the
 * customer-voice report's input): an answer with a value or N/A of a
 * submitted, non-calibration evaluation at its latest revision, with the
 * interaction's rating. */
typedef struct {
  gint64           evaluation_id;
  gint64           interaction_id;
  int              rubric_version;
  char            *criterion_id;
  gboolean         is_na;
  double           value;         /* on the criterion's scale, when !is_na */
  KzFeedbackScale  scale;
  gint             rating;
} KzRatedAnswer;

void     kz_rated_answer_free          (KzRatedAnswer   *self);

/* A call's details beyond the interaction row. */
typedef enum {
  KZ_DIRECTION_INBOUND,
  KZ_DIRECTION_OUTBOUND,
} KzDirection;

typedef struct {
  gint   start_ms;
  gint   end_ms;      /* -1 when the transcript gives no end */
  char  *speaker;     /* may be NULL */
  char  *text;
} KzTranscriptSegment;

void kz_transcript_segment_free (KzTranscriptSegment *self);

typedef struct {
  gint64       interaction_id;
  gint         duration_s;
  KzDirection  direction;
  char        *customer_ref;
  char        *audio_path;     /* absolute */
  char        *audio_type;     /* audio/x-wav, audio/ogg, audio/mpeg */
  GPtrArray   *transcript;     /* KzTranscriptSegment*, may be empty */
} KzCall;

void kz_call_free (KzCall *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KzCall, kz_call_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KzFeedback, kz_feedback_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KzRatedAnswer, kz_rated_answer_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KzInteractionSummary, kz_interaction_summary_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KzEmailMessage, kz_email_message_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KzPerson, kz_person_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KzUnit, kz_unit_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KzInteraction, kz_interaction_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KzRubricInfo, kz_rubric_info_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KzEvaluation, kz_evaluation_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KzEvaluationSummary, kz_evaluation_summary_free)

G_END_DECLS
