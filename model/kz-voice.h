/* kz-voice.h — staff voice: pulse surveys, eNPS, ideas, and the anonymity
 * rules of ../shared/spec/voice.md
 *
 * The records the store keeps and gives, and the pure rules over them: which
 * figures may be shown (the reporting minimum k and the differencing rule),
 * what a figure says (mean, distribution, eNPS with its interval), which
 * questions a round asks, and the pseudonyms and follow-up tokens of
 * anonymous threads.  No person is ever linked to an answer here: a
 * KzSurveyCell is a count of answers by value for a group, nothing more.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "kz-stats.h"

G_BEGIN_DECLS

/* ---- the question bank ------------------------------------------------------ */

typedef enum {
  KZ_QUESTION_SCALE_0_10,   /* 0–10 (the eNPS question is one) */
  KZ_QUESTION_AGREE_1_5,    /* 1 strongly disagree … 5 strongly agree */
  KZ_QUESTION_FREE_TEXT,
} KzQuestionKind;

const char *kz_question_kind_to_string   (KzQuestionKind  kind);
gboolean    kz_question_kind_from_string (const char     *text,
                                          KzQuestionKind *kind);

typedef struct {
  char           *id;       /* stable: "tl-support", "enps" */
  char           *text;
  KzQuestionKind  kind;
  char           *driver;   /* "Team leader", "Workload" …; NULL for free text and eNPS */
  gboolean        enps;     /* the eNPS question: asked in every round */
  gboolean        active;   /* offered to new rounds */
} KzQuestion;

KzQuestion *kz_question_new  (const char     *id,
                              const char     *text,
                              KzQuestionKind  kind,
                              const char     *driver);
KzQuestion *kz_question_copy (const KzQuestion *self);
void        kz_question_free (KzQuestion     *self);

/* The bank Kaizen ships: contact-centre drivers (team-leader relationship,
 * workload, tools, recognition, growth, autonomy, monitoring, wellbeing),
 * two questions each, a free-text comment and the eNPS question.
 * KzQuestion*, owned by the caller. */
GPtrArray  *kz_question_bank_default (void);

/* The id of the eNPS question in the default bank. */
#define KZ_ENPS_QUESTION_ID "enps"
/* The id of the default bank's free-text comment. */
#define KZ_COMMENT_QUESTION_ID "comment"

/* ---- plans and rounds ------------------------------------------------------------ */

/* Reporting minimum: k defaults to 5 and may be 3–10; comments need
 * max (k, 5). */
#define KZ_VOICE_K_DEFAULT 5
#define KZ_VOICE_K_MIN     3
#define KZ_VOICE_K_MAX     10
guint       kz_voice_comment_minimum (guint k);

typedef struct {
  gint64  id;
  char   *name;
  guint   cadence_days;          /* a round every N days */
  guint   questions_per_round;   /* besides the eNPS question, and the comment */
  guint   k;
  GArray *team_ids;              /* gint64: the audience; empty = everyone */
} KzPulsePlan;

KzPulsePlan *kz_pulse_plan_new  (void);
void         kz_pulse_plan_free (KzPulsePlan *self);

typedef struct {
  gint64    id;
  gint64    plan_id;      /* 0: a one-off round */
  char     *title;
  GDate     opens_on;     /* takes answers from this day … */
  GDate     closes_on;    /* … to this day, inclusive */
  guint     k;            /* locked once the round has answers */
  gboolean  answered;     /* has answers (k is locked) */
  GStrv     question_ids; /* in the order asked */
} KzSurveyRound;

KzSurveyRound *kz_survey_round_new  (void);
KzSurveyRound *kz_survey_round_copy (const KzSurveyRound *self);
void           kz_survey_round_free (KzSurveyRound       *self);
/* Open on @today: opens_on ≤ today ≤ closes_on. */
gboolean       kz_survey_round_is_open   (const KzSurveyRound *self,
                                          const GDate         *today);
/* Results exist once the round has closed: watching them move while people
 * answer would tell who answered what. */
gboolean       kz_survey_round_is_closed (const KzSurveyRound *self,
                                          const GDate         *today);

/* The questions of the next round of a plan: the eNPS question, then
 * @per_round of the bank's other active scored questions in rotation — none
 * repeats until every one has been asked (@asked: question ids of the
 * plan's earlier rounds, oldest first) — then the free-text comment when the
 * bank has one.  Reproducible: the bank's order decides, never chance. */
GStrv       kz_pulse_rotation      (GPtrArray          *bank,
                                    const char * const *asked,
                                    guint               per_round);

/* ---- one person's answers ---------------------------------------------------------- */

typedef struct {
  char     *question_id;
  gboolean  has_value;
  int       value;        /* 0–10 or 1–5 */
  char     *text;         /* free text, or NULL */
} KzSurveyAnswer;

KzSurveyAnswer *kz_survey_answer_new_value (const char *question_id,
                                            int         value);
KzSurveyAnswer *kz_survey_answer_new_text  (const char *question_id,
                                            const char *text);
void            kz_survey_answer_free      (KzSurveyAnswer *self);
/* Checks @answers (KzSurveyAnswer*) against the round and its questions
 * (@questions: KzQuestion* of the bank): every question of the round at most
 * once, values in their kind's range, text only for free text, no empty
 * submission.  The message names the question. */
gboolean    kz_survey_answers_check (const KzSurveyRound *round,
                                     GPtrArray           *questions,
                                     GPtrArray           *answers,
                                     GError             **error);

/* ---- figures, and which may be shown --------------------------------------------- */

typedef enum {
  KZ_SHOWN,
  KZ_SUPPRESSED_FEW,         /* fewer than k answers in the group */
  KZ_SUPPRESSED_DIFFERENCE,  /* shown, it and its neighbours would give away a suppressed group */
} KzSuppression;

/* The answers of one group to one question of one round, counted by value:
 * everything a figure needs, and nothing that says who. */
typedef struct {
  gint64         round_id;
  gint64         team_id;       /* KZ_CELL_ALL: the whole round; KZ_CELL_NO_TEAM: answers with no team */
  char          *question_id;
  guint          n;
  guint          counts[11];    /* counts[v]: answers with value v (0–10) */
  KzSuppression  suppression;
} KzSurveyCell;

#define KZ_CELL_ALL      0
#define KZ_CELL_NO_TEAM  (-1)

KzSurveyCell *kz_survey_cell_new  (gint64      round_id,
                                   gint64      team_id,
                                   const char *question_id);
KzSurveyCell *kz_survey_cell_copy (const KzSurveyCell *self);
void          kz_survey_cell_free (KzSurveyCell       *self);
/* Adds one answer's value. */
void          kz_survey_cell_add  (KzSurveyCell       *self,
                                   int                 value);

/* Applies voice.md's rules to the cells of one round (KzSurveyCell*: for
 * each question the KZ_CELL_ALL cell and one per team), in place:
 *  - a group with fewer than @k answers is suppressed (FEW);
 *  - the whole round's figure and the shown teams' figures together give
 *    the suppressed teams' sum: while that holds between 1 and k − 1
 *    answers, the next-smallest shown team is suppressed too (DIFFERENCE).
 * A suppressed cell keeps no numbers: n and counts are zeroed, so nothing
 * downstream can show them by mistake.  Cells already suppressed stay so. */
void          kz_survey_suppress   (GPtrArray *cells,
                                    guint      k);

/* What a shown cell says, on its question's own scale: mean and its
 * interval, and for 0–10 questions the mean on 0–100.  FALSE for a
 * suppressed or empty cell. */
gboolean      kz_survey_cell_mean  (const KzSurveyCell *cell,
                                    KzMeanInterval     *out);
/* The eNPS of a shown cell of the eNPS question. */
gboolean      kz_survey_cell_enps  (const KzSurveyCell *cell,
                                    KzEnps             *out);
/* A mean moved between two rounds' shown cells by more than chance
 * (Welch's 95% interval excludes 0); FALSE when either is not shown. */
gboolean      kz_survey_cell_change (const KzSurveyCell *before,
                                     const KzSurveyCell *after,
                                     KzWelch            *out);
/* 0–100 whatever the scale: (mean − min) ÷ (max − min) × 100. */
double        kz_survey_normalise  (KzQuestionKind kind,
                                    double         mean);

/* Whether the free-text comments of a round may be listed for the whole
 * round, and team by team: the whole round needs max (k, 5) answers; team
 * lists only when every team with answers has that many (else a team's
 * list is the whole list minus the others'). */
void          kz_survey_comment_visibility (GPtrArray *cells,
                                            guint      k,
                                            gboolean  *whole_round,
                                            gboolean  *by_team);

/* ---- ideas ---------------------------------------------------------------------- */

typedef enum {
  KZ_IDEA_NEW,
  KZ_IDEA_UNDER_REVIEW,
  KZ_IDEA_PLANNED,
  KZ_IDEA_DONE,
  KZ_IDEA_DECLINED,      /* with a reason */
} KzIdeaStatus;

const char *kz_idea_status_to_string   (KzIdeaStatus  status);
gboolean    kz_idea_status_from_string (const char   *text,
                                        KzIdeaStatus *status);
/* new → under review → planned → done, declined from any but done; back
 * from declined to under review.  FALSE with a message otherwise. */
gboolean    kz_idea_status_check_move  (KzIdeaStatus  from,
                                        KzIdeaStatus  to,
                                        const char   *reason,
                                        GError      **error);

typedef struct {
  char         *id;           /* random, not sequential */
  char         *title;
  char         *body;
  char         *category;     /* may be NULL */
  gint64        author_id;    /* 0: anonymous */
  char         *author_name;  /* NULL when anonymous */
  char         *pseudonym;    /* "Anonymous 3f2a", fresh per thread; NULL when named */
  GDate         week;         /* the Monday of the week it came in: no finer time */
  KzIdeaStatus  status;
  char         *decline_reason;
  char         *outcome;      /* "you said, we did": what changed, once done */
  char         *merged_into;  /* the idea it was merged into, or NULL */
  guint         n_votes;
  guint         n_comments;
} KzIdea;

KzIdea *kz_idea_new  (void);
void    kz_idea_free (KzIdea *self);

typedef struct {
  char     *id;
  char     *idea_id;
  gint64    author_id;       /* 0: anonymous */
  char     *author_name;
  char     *pseudonym;       /* the idea's own when its anonymous author follows up */
  gboolean  from_manager;    /* a manager's reply */
  char     *body;
  GDate     week;
} KzIdeaComment;

KzIdeaComment *kz_idea_comment_new  (void);
void           kz_idea_comment_free (KzIdeaComment *self);

/* A fresh pseudonym for an anonymous thread: "Anonymous " and four hex
 * digits from a CSPRNG-seeded source (never derived from the author). */
char       *kz_voice_new_pseudonym  (void);
/* A random follow-up token (hex, 128 bits) — kept on the author's machine
 * only — and the hash the store keeps of it to recognise it. */
char       *kz_voice_new_token      (void);
char       *kz_voice_token_hash     (const char *token);
/* A random id for an anonymous row: 128 bits as 32 hex digits. */
char       *kz_voice_new_id         (void);
/* The Monday of @date's week. */
void        kz_voice_week_of        (const GDate *date,
                                     GDate       *monday);

/* ---- the voters' keyed hashes ------------------------------------------------------ */

/* What a vote keeps of its voter: HMAC-SHA256, under the database's
 * 32-byte voting secret, of "voter:" and the voter's key — a string kept
 * with the person (their voter key), never their row id, so the hash
 * means the same person in every database that holds the same secret and
 * key (kz_store_copy() copies both).  Random (32 hex digits) for everyone
 * added since schema 13; a person who was there before keeps, as key,
 * the decimal id they had then, so the hashes of the votes they cast
 * before stay theirs without anyone having to work out whose they are.
 * Lower-case hex, 64 digits; NULL when @secret is not 32 bytes. */
char       *kz_voice_voter_hash     (GBytes      *secret,
                                     const char  *voter_key);

/* ---- a whole database's staff voice, moved by kz_store_copy() ------------------------ */

/* Only kz_store_voice_export() and kz_store_voice_import() (kz-store.h)
 * make and take these: every row as stored, anonymous answers and the
 * voting secret included.  Nothing else in Kaizen may read one, and a
 * team server never gives one (it hands out no raw answers); a single
 * file does, since anyone with the file can read all of it anyway. */

/* One anonymous answer, all that its row holds: the random id, the round,
 * the team (0: none), the question and the answer.  No person, no time. */
typedef struct {
  char     *id;            /* 32 hex digits */
  gint64    round_id;
  gint64    team_id;
  char     *question_id;
  gboolean  has_value;
  int       value;
  char     *text;          /* free text, when !has_value */
} KzVoiceAnswerRow;

/* A person answered a round (holds no answer). */
typedef struct {
  gint64 round_id;
  gint64 person_id;
} KzVoiceParticipation;

/* A person's voter key (see kz_voice_voter_hash()). */
typedef struct {
  gint64  person_id;
  char   *key;
} KzVoterKey;

/* An idea or a comment with the hash of its follow-up token (NULL: none).
 * In the KzIdea, author_name, n_votes and n_comments are not used; in the
 * KzIdeaComment, author_name is not. */
typedef struct {
  KzIdea *idea;
  char   *follow_up_hash;
} KzVoiceIdeaRow;

typedef struct {
  KzIdeaComment *comment;
  char          *follow_up_hash;
} KzVoiceCommentRow;

/* A vote: the idea and the keyed hash of the voter, nothing more. */
typedef struct {
  char *idea_id;
  char *voter_hash;
} KzVoiceVoteRow;

typedef struct {
  GPtrArray *questions;      /* KzQuestion*, in bank order */
  GPtrArray *plans;          /* KzPulsePlan*, with their audience teams */
  GPtrArray *rounds;         /* KzSurveyRound*: questions in order, k, answered */
  GPtrArray *answers;        /* KzVoiceAnswerRow*, by id (random: says nothing of when) */
  GArray    *participation;  /* KzVoiceParticipation, by round then person */
  GPtrArray *voter_keys;     /* KzVoterKey*, by person */
  GPtrArray *ideas;          /* KzVoiceIdeaRow*, by id */
  GPtrArray *comments;       /* KzVoiceCommentRow*, by id */
  GPtrArray *votes;          /* KzVoiceVoteRow*, by idea then hash */
  GBytes    *secret;         /* the voting secret: 32 bytes */
} KzVoiceData;

KzVoiceData *kz_voice_data_new  (void);
void         kz_voice_data_free (KzVoiceData *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KzVoiceData, kz_voice_data_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KzQuestion, kz_question_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KzPulsePlan, kz_pulse_plan_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KzSurveyRound, kz_survey_round_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KzSurveyAnswer, kz_survey_answer_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KzSurveyCell, kz_survey_cell_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KzIdea, kz_idea_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KzIdeaComment, kz_idea_comment_free)

G_END_DECLS
