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
} KzCopyCounts;

/* Copies everything in @from into @to: units, people, rubrics,
 * interactions, their emails (with attachment lists) and calls (with
 * transcripts), evaluations with their answers, reviewers' queues and
 * customers' ratings.  @to must hold no people, units, interactions,
 * evaluations, messages, calls, ratings or assignments yet (rubrics may be
 * there if identical).  All or nothing: one transaction on @to, rolled back
 * on any error, and before it commits every kind is counted on both sides —
 * a difference fails the copy.  Ids are the target's own; times, states,
 * answers and comments are kept, and every evaluation is stored with the
 * score its answers give.
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
 * the owner or an administrator may write all of these. */
gboolean kz_store_copy (KzStore       *from,
                        KzStore       *to,
                        KzCopyCounts  *counts,
                        GError       **error);

G_END_DECLS
