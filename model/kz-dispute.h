/* kz-dispute.h — agents answer back: acknowledgements, disputes per
 * criterion, an evaluation's revisions and its audit trail
 *
 * Plain records the store fills and callers own, and the rules that need no
 * database: when a dispute window closes, whether two answers are the same.
 * The flow itself (kz-store.h):
 *
 *   submitted ──► revision 1 ──► acknowledged (optional, per revision)
 *        │
 *        └──► dispute raised by the agent, on one or more criteria, within
 *             the rubric's dispute-days of the submission, one open at a
 *             time and at most max-disputes in all
 *               └──► each criterion resolved by the reviewer or a manager
 *                    of the agent's team: upheld, or changed with a new
 *                    answer; a change re-scores the evaluation as a new
 *                    revision; the dispute closes when every criterion is
 *                    resolved
 *
 * Every step is an audit entry.  Revisions and audit entries are never
 * changed or deleted, on either backend.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "kz-answer.h"
#include "kz-rubric.h"

G_BEGIN_DECLS

/* An agent's "I have seen this", of one revision of an evaluation. */
typedef struct {
  gint64     evaluation_id;
  int        revision;      /* the revision acknowledged */
  gint64     agent_id;
  GDateTime *at;
  char      *comment;       /* may be NULL */
} KzAcknowledgement;

void kz_acknowledgement_free (KzAcknowledgement *self);

typedef enum {
  KZ_DISPUTE_OPEN,
  KZ_DISPUTE_CLOSED,
} KzDisputeState;

const char *kz_dispute_state_to_string (KzDisputeState state);

typedef enum {
  KZ_RESOLUTION_PENDING,
  KZ_RESOLUTION_UPHELD,     /* the answer stands */
  KZ_RESOLUTION_CHANGED,    /* a new answer, in a new revision */
} KzResolution;

const char *kz_resolution_to_string   (KzResolution  resolution);
gboolean    kz_resolution_from_string (const char   *text,
                                       KzResolution *resolution);

/* One disputed criterion. */
typedef struct {
  char        *criterion_id;
  char        *reason;         /* the agent's, for this criterion; may be NULL */
  KzResolution resolution;
  char        *note;           /* the resolver's, once resolved */
  gint64       resolved_by;    /* 0 while pending */
  GDateTime   *resolved_at;    /* NULL while pending */
  int          revision;       /* CHANGED: the revision holding the new answer; else 0 */
} KzDisputeItem;

KzDisputeItem *kz_dispute_item_new  (const char    *criterion_id,
                                     const char    *reason);
void           kz_dispute_item_free (KzDisputeItem *self);

typedef struct {
  gint64          id;              /* 0 until stored */
  gint64          evaluation_id;
  int             revision;        /* the revision disputed (set by the store) */
  gint64          raised_by;       /* the evaluation's agent */
  GDateTime      *raised_at;       /* NULL when raising: now */
  char           *reason;
  KzDisputeState  state;
  GDateTime      *closed_at;       /* NULL while open */
  int             row_version;     /* checked when resolving: a second resolver gets a conflict */
  GPtrArray      *items;           /* KzDisputeItem*, in the rubric's order */
} KzDispute;

KzDispute     *kz_dispute_new      (void);
void           kz_dispute_free     (KzDispute   *self);
/* The item of @criterion_id, or NULL. */
KzDisputeItem *kz_dispute_find_item (KzDispute  *self,
                                     const char *criterion_id);
guint          kz_dispute_n_pending (const KzDispute *self);

/* A resolver's decision on one disputed criterion. */
typedef struct {
  char         *criterion_id;
  KzResolution  resolution;    /* UPHELD or CHANGED */
  KzAnswer     *answer;        /* CHANGED: the new answer (a value or N/A); else NULL */
  char         *note;          /* required */
} KzDisputeResolution;

/* Takes ownership of @answer (may be NULL for UPHELD). */
KzDisputeResolution *kz_dispute_resolution_new  (const char          *criterion_id,
                                                 KzResolution         resolution,
                                                 KzAnswer            *answer,
                                                 const char          *note);
void                 kz_dispute_resolution_free (KzDisputeResolution *self);

/* Which disputes kz_store_list_disputes() gives. */
typedef struct {
  gboolean open_only;
  gint64   evaluation_id;   /* 0: any */
  gint64   agent_id;        /* 0: any: the evaluations of this agent */
} KzDisputeFilter;

/* One revision of an evaluation: its answers and stored score fields as
 * they were.  Revision 1 is the submission; every later change to a
 * submitted evaluation's answers is the next one. */
typedef struct {
  gint64       evaluation_id;
  int          revision;
  GDateTime   *created_at;
  gint64       created_by;     /* 0: not known (evaluations submitted before Kaizen kept revisions) */
  gint64       dispute_id;     /* the dispute whose resolution made it; 0: the reviewer's own change */
  int          rubric_version;
  gboolean     has_score;
  double       raw;
  double       final;
  gboolean     pass;
  gboolean     auto_failed;
  GStrv        failed_by;
  gboolean     has_critical;
  double       critical;
  KzAnswerSet *answers;
} KzRevision;

void kz_revision_free (KzRevision *self);

typedef enum {
  KZ_AUDIT_SUBMITTED,      /* revision 1 */
  KZ_AUDIT_ACKNOWLEDGED,
  KZ_AUDIT_DISPUTED,       /* one entry per disputed criterion */
  KZ_AUDIT_UPHELD,
  KZ_AUDIT_CHANGED,
  KZ_AUDIT_REVISION,       /* a revision after the first */
  KZ_AUDIT_CLOSED,         /* a dispute, once every criterion is resolved */
} KzAuditAction;

const char *kz_audit_action_to_string   (KzAuditAction  action);
gboolean    kz_audit_action_from_string (const char    *text,
                                         KzAuditAction *action);

/* Who did what, when, on which evaluation, revision, dispute and criterion. */
typedef struct {
  gint64         id;            /* increasing: the order things happened in */
  GDateTime     *at;
  gint64         actor_id;      /* 0: not known */
  KzAuditAction  action;
  gint64         evaluation_id;
  int            revision;      /* 0: none */
  gint64         dispute_id;    /* 0: none */
  char          *criterion_id;  /* NULL: none */
  char          *detail;        /* the reason, comment or note; may be NULL */
} KzAuditEntry;

void kz_audit_entry_free (KzAuditEntry *self);

/* The moment the dispute window of an evaluation submitted at @submitted_at
 * under @rubric closes (dispute-days later, to the second); NULL when the
 * rubric allows no disputes (dispute-days or max-disputes 0). */
GDateTime *kz_dispute_deadline   (KzRubric       *rubric,
                                  GDateTime      *submitted_at);
/* Equal answers: same kind, value, comment and moment. */
gboolean   kz_answer_equal       (const KzAnswer *a,
                                  const KzAnswer *b);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KzAcknowledgement, kz_acknowledgement_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KzDispute, kz_dispute_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KzDisputeItem, kz_dispute_item_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KzDisputeResolution, kz_dispute_resolution_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KzRevision, kz_revision_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KzAuditEntry, kz_audit_entry_free)

G_END_DECLS
