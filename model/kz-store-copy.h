/* kz-store-copy.h — move a whole database from one store to another
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kz-store.h"

G_BEGIN_DECLS

/* What was copied, one count a kind (see KzRecordKind). */
typedef struct {
  guint n_units;
  guint n_people;
  guint n_rubrics;
  guint n_interactions;
  guint n_evaluations;
  guint n_answers;
  guint n_messages;      /* emails of email interactions */
  guint n_attachments;   /* listed on them */
  guint n_calls;         /* call details, with their recordings' paths */
  guint n_segments;      /* transcript turns */
  guint n_feedback;      /* customers' ratings */
  guint n_assignments;   /* interactions in reviewers' queues */
  guint n_questions;     /* the survey question bank */
  guint n_pulse_plans;
  guint n_survey_rounds;
  guint n_survey_answers;  /* anonymous answers */
  guint n_participation;   /* who answered which round */
  guint n_ideas;
  guint n_idea_comments;
  guint n_idea_votes;
  guint n_calibration_sessions;
  guint n_calibration_evaluations;
  guint n_revisions;         /* of evaluations */
  guint n_acknowledgements;
  guint n_disputes;
  guint n_dispute_items;     /* disputed criteria */
  guint n_audit_entries;
  guint n_principles;        /* CX principles */
  guint n_personas;
  guint n_catalog_items;     /* coaching (kz-coaching.h) */
  guint n_rules;
  guint n_proposals;
  guint n_plans;
  guint n_completions;
} KzCopyCounts;

/* Copies everything in @from into @to: units, people, rubrics,
 * interactions, their emails (with attachment lists) and calls (with
 * transcripts), evaluations with their answers, reviewers' queues and
 * customers' ratings, and staff voice whole — the question bank, pulse
 * plans with their audiences, rounds with their questions and k, the
 * anonymous answers, who answered, ideas, comments, votes and the voting
 * secret; and evaluations' history — every revision, acknowledgement,
 * dispute with its criteria and the audit trail, as they were — and
 * calibration sessions with their evaluations, open or closed.  @to must
 * hold none of these yet (rubrics may be there if
 * identical, and the question bank if it is the same).  All or nothing:
 * one transaction on @to, rolled back on any error, and before it commits
 * every kind is counted on both sides and the plans' audiences and the
 * rounds' questions, k and state are compared — a difference fails the
 * copy.  Ids are the target's own; times, states, answers and comments
 * are kept, and every evaluation is stored with the score its answers
 * give.
 *
 * Staff voice keeps its anonymity on the way (kz_store_voice_import()):
 * an answer keeps its random id, round, team, question and answer and
 * nothing else, and lands in a random place in the target's table; ideas
 * and comments keep their random ids, weeks, pseudonyms and follow-up
 * token hashes (an anonymous author's token finds the thread on @to);
 * votes keep their keyed hashes, which stay valid because the voting
 * secret and every person's voter key come along and no row id is in a
 * hash (kz_voice_voter_hash(); why that is safe: kz-store.h).  So a
 * person who voted is "already voted" on @to.  Only a single file gives
 * its staff voice: a team server never hands out raw answers, so @from
 * is a file.
 *
 * A call's recording is a file, not part of the database: its absolute
 * path (on the machine that imported the call) is copied as it is.  Every
 * client of @to must reach the recordings at that same path (a shared
 * folder mounted there, say), or the administrator must put the files
 * there on each machine that plays them.  Attachments are only listed,
 * never stored, so nothing else lives outside the database.
 *
 * On a team server, run it as the database's owner: row-level security
 * hides rows from other logins — from the emptiness check too — and only
 * the owner may write anonymous answers, votes, voter keys and the secret
 * (no Kaizen role may, administrators included). */
gboolean kz_store_copy (KzStore       *from,
                        KzStore       *to,
                        KzCopyCounts  *counts,
                        GError       **error);

G_END_DECLS
