/* kz-store-copy.c — move a whole database from one store to another
 *
 * Written against the typed KzStore API only, so it writes to either
 * backend; it reads from a single file (`kaizenctl migrate --to` copies
 * one to a team server), since only a file hands out its staff voice
 * whole (kz_store_voice_export(): a team server never gives raw answers).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kz-store-copy"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kz-error.h"
#include "kz-store-copy.h"
#include "kz-store-private.h"

static gint64
map_id (GHashTable *map,
        gint64      old_id)
{
  gint64 *new_id;

  if (old_id == 0)
    return 0;
  new_id = g_hash_table_lookup (map, &old_id);
  g_assert (new_id != NULL);
  return *new_id;
}

static void
remember (GHashTable *map,
          gint64      old_id,
          gint64      new_id)
{
  g_hash_table_insert (map, g_memdup2 (&old_id, sizeof old_id), g_memdup2 (&new_id, sizeof new_id));
}

static GHashTable *
id_map_new (void)
{
  return g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
}

/* Rubrics may be there already (identical ones are shared), and the same
 * question bank (kz_store_voice_import() checks that); anything else would
 * mix two databases' people and work — and a Message-ID can be stored only
 * once. */
static gboolean
check_empty (KzStore  *to,
             GError  **error)
{
  static const KzRecordKind kinds[] = {
    KZ_RECORD_UNITS, KZ_RECORD_PEOPLE, KZ_RECORD_INTERACTIONS, KZ_RECORD_EVALUATIONS,
    KZ_RECORD_MESSAGES, KZ_RECORD_CALLS, KZ_RECORD_FEEDBACK, KZ_RECORD_ASSIGNMENTS,
    KZ_RECORD_PULSE_PLANS, KZ_RECORD_SURVEY_ROUNDS, KZ_RECORD_SURVEY_ANSWERS, KZ_RECORD_SURVEY_PARTICIPATION,
    KZ_RECORD_IDEAS, KZ_RECORD_IDEA_COMMENTS, KZ_RECORD_IDEA_VOTES,
    KZ_RECORD_CALIBRATION_SESSIONS, KZ_RECORD_CALIBRATION_EVALUATIONS, KZ_RECORD_REVISIONS,
    KZ_RECORD_ACKNOWLEDGEMENTS, KZ_RECORD_DISPUTES, KZ_RECORD_DISPUTE_ITEMS, KZ_RECORD_AUDIT_ENTRIES,
    KZ_RECORD_PRINCIPLES, KZ_RECORD_PERSONAS,
  };

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      gint64 n = kz_store_count (to, kinds[i], error);

      if (n < 0)
        return FALSE;
      if (n > 0)
        {
          g_set_error (error, KZ_ERROR, KZ_ERROR_EXISTS,
                       _("%s already holds data; copy only into an empty database"),
                       kz_store_describe (to));
          return FALSE;
        }
    }
  return TRUE;
}

/* How an error names the interaction it was copying. */
static char *
interaction_label (const KzInteraction *it)
{
  if (it->external_ref != NULL && *it->external_ref != '\0')
    return g_strdup_printf ("%s %s", kz_channel_to_string (it->channel), it->external_ref);
  return g_strdup_printf ("%s %" G_GINT64_FORMAT, kz_channel_to_string (it->channel), it->id);
}

/* An interaction's emails, oldest first as listed, in one call (one
 * savepoint); the target gives them its own ids. */
static gboolean
copy_messages (KzStore              *from,
               KzStore              *to,
               const KzInteraction  *it,
               gint64                new_id,
               KzCopyCounts         *counts,
               GError              **error)
{
  g_autoptr(GPtrArray) messages = kz_store_list_messages (from, it->id, error);

  if (messages == NULL)
    return FALSE;
  if (messages->len == 0)
    return TRUE;
  if (!kz_store_add_messages (to, new_id, (KzEmailMessage * const *) messages->pdata, messages->len, error))
    return FALSE;
  counts->n_messages += messages->len;
  for (guint i = 0; i < messages->len; i++)
    {
      KzEmailMessage *m = g_ptr_array_index (messages, i);

      counts->n_attachments += m->attachments != NULL ? m->attachments->len : 0;
    }
  return TRUE;
}

/* A call's details and transcript.  The audio path is kept as it is: the
 * recording is a file, not in the database. */
static gboolean
copy_call (KzStore              *from,
           KzStore              *to,
           const KzInteraction  *it,
           gint64                new_id,
           KzCopyCounts         *counts,
           GError              **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(KzCall) call = kz_store_get_call (from, it->id, &local_error);

  if (call == NULL)
    {
      /* An interaction without call details (an email, or a call known
       * only from an imported evaluation): nothing more to copy. */
      if (g_error_matches (local_error, KZ_ERROR, KZ_ERROR_NOT_FOUND))
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  call->interaction_id = new_id;
  if (!kz_store_add_call (to, call, error))
    return FALSE;
  counts->n_calls++;
  counts->n_segments += call->transcript != NULL ? call->transcript->len : 0;
  return TRUE;
}

static gboolean
copy_feedback (KzStore              *from,
               KzStore              *to,
               const KzInteraction  *it,
               gint64                new_id,
               KzCopyCounts         *counts,
               GError              **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(KzFeedback) fb = kz_store_get_feedback (from, it->id, &local_error);

  if (fb == NULL)
    {
      if (local_error == NULL)
        return TRUE;   /* no rating */
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  fb->interaction_id = new_id;
  if (!kz_store_set_feedback (to, fb, error))
    return FALSE;
  counts->n_feedback++;
  return TRUE;
}

/* There is no list of all assignments: each person's queue is read the way
 * the queue view reads it, a page at a time. */
#define QUEUE_PAGE 200

static gboolean
copy_queue (KzStore         *from,
            KzStore         *to,
            const KzPerson  *person,
            GHashTable      *people,
            GHashTable      *interactions,
            KzCopyCounts    *counts,
            GError         **error)
{
  KzInteractionQuery q = { .any_channel = TRUE, .reviewed = KZ_REVIEWED_ANY, .assigned_to = person->id };
  gint64 reviewer_id = map_id (people, person->id);

  for (guint offset = 0;; offset += QUEUE_PAGE)
    {
      g_autoptr(GPtrArray) page = kz_store_search_interactions (from, &q, offset, QUEUE_PAGE, error);

      if (page == NULL)
        return FALSE;
      for (guint i = 0; i < page->len; i++)
        {
          KzInteractionSummary *s = g_ptr_array_index (page, i);

          if (!kz_store_assign (to, map_id (interactions, s->id), reviewer_id, error))
            return FALSE;
          counts->n_assignments++;
        }
      if (page->len < QUEUE_PAGE)
        return TRUE;
    }
}

static int
compare_unit_ids (gconstpointer a,
                  gconstpointer b)
{
  gint64 x = (*(KzUnit * const *) a)->id, y = (*(KzUnit * const *) b)->id;

  return x < y ? -1 : x > y;
}

/* Units parents first and otherwise in the order of their ids, so that
 * @to numbers them in the same order.  That order matters: a round's
 * figures list teams by id, and when two teams are equally small, the
 * differencing rule hides the first (kz_survey_suppress()) — teams in
 * another order would show other figures after the move. */
static gboolean
copy_units (KzStore       *to,
            GPtrArray     *unit_list,
            GHashTable    *units,
            KzCopyCounts  *counts,
            GError       **error)
{
  g_autoptr(GPtrArray) left = g_ptr_array_sized_new (unit_list->len);   /* @unit_list's units, borrowed */

  g_ptr_array_extend (left, unit_list, NULL, NULL);
  g_ptr_array_sort (left, compare_unit_ids);
  while (left->len > 0)
    {
      guint before = left->len;

      for (guint i = 0; i < left->len;)
        {
          KzUnit *u = g_ptr_array_index (left, i);
          gint64 id;

          if (u->parent_id != 0 && !g_hash_table_contains (units, &u->parent_id))
            {
              i++;
              continue;
            }
          if ((id = kz_store_add_unit (to, u->kind, u->name, map_id (units, u->parent_id), error)) == 0)
            return FALSE;
          remember (units, u->id, id);
          counts->n_units++;
          g_ptr_array_remove_index (left, i);
        }
      if (left->len == before)
        {
          g_set_error (error, KZ_ERROR, KZ_ERROR_FAILED, _("“%s” belongs to a unit that is not there"),
                       ((KzUnit *) g_ptr_array_index (left, 0))->name);
          return FALSE;
        }
    }
  return TRUE;
}

static const char * const kind_names[] = {
  [KZ_RECORD_PEOPLE] = N_("people"),
  [KZ_RECORD_UNITS] = N_("units"),
  [KZ_RECORD_RUBRICS] = N_("rubrics"),
  [KZ_RECORD_INTERACTIONS] = N_("interactions"),
  [KZ_RECORD_EVALUATIONS] = N_("evaluations"),
  [KZ_RECORD_ANSWERS] = N_("answers"),
  [KZ_RECORD_MESSAGES] = N_("messages"),
  [KZ_RECORD_ATTACHMENTS] = N_("attachments"),
  [KZ_RECORD_CALLS] = N_("calls"),
  [KZ_RECORD_TRANSCRIPT_SEGMENTS] = N_("transcript segments"),
  [KZ_RECORD_FEEDBACK] = N_("customer ratings"),
  [KZ_RECORD_ASSIGNMENTS] = N_("assignments"),
  [KZ_RECORD_SURVEY_QUESTIONS] = N_("survey questions"),
  [KZ_RECORD_PULSE_PLANS] = N_("pulse plans"),
  [KZ_RECORD_SURVEY_ROUNDS] = N_("survey rounds"),
  [KZ_RECORD_SURVEY_ANSWERS] = N_("survey answers"),
  [KZ_RECORD_SURVEY_PARTICIPATION] = N_("participation records"),
  [KZ_RECORD_IDEAS] = N_("ideas"),
  [KZ_RECORD_IDEA_COMMENTS] = N_("idea comments"),
  [KZ_RECORD_IDEA_VOTES] = N_("idea votes"),
  [KZ_RECORD_CALIBRATION_SESSIONS] = N_("calibration sessions"),
  [KZ_RECORD_CALIBRATION_EVALUATIONS] = N_("calibration evaluations"),
  [KZ_RECORD_REVISIONS] = N_("revisions"),
  [KZ_RECORD_ACKNOWLEDGEMENTS] = N_("acknowledgements"),
  [KZ_RECORD_DISPUTES] = N_("disputes"),
  [KZ_RECORD_DISPUTE_ITEMS] = N_("disputed criteria"),
  [KZ_RECORD_AUDIT_ENTRIES] = N_("audit entries"),
  [KZ_RECORD_PRINCIPLES] = N_("CX principles"),
  [KZ_RECORD_PERSONAS] = N_("personas"),
};
G_STATIC_ASSERT (G_N_ELEMENTS (kind_names) == KZ_RECORD_N_KINDS);

/* Staff voice, read whole from the file and written whole to @to, with
 * its people and teams in @to's ids.  Rounds and plans get @to's ids on
 * the way: *@out is the data as written, in @to's ids, for
 * check_voice_shape(). */
static gboolean
copy_voice (KzStore       *from,
            KzStore       *to,
            GHashTable    *units,
            GHashTable    *people,
            KzVoiceData  **out,
            KzCopyCounts  *counts,
            GError       **error)
{
  g_autoptr(KzVoiceData) data = kz_store_voice_export (from, error);

  if (data == NULL)
    return FALSE;
  for (guint i = 0; i < data->plans->len; i++)
    {
      KzPulsePlan *plan = g_ptr_array_index (data->plans, i);

      for (guint t = 0; t < plan->team_ids->len; t++)
        g_array_index (plan->team_ids, gint64, t) = map_id (units, g_array_index (plan->team_ids, gint64, t));
    }
  for (guint i = 0; i < data->answers->len; i++)
    {
      KzVoiceAnswerRow *a = g_ptr_array_index (data->answers, i);

      a->team_id = map_id (units, a->team_id);
    }
  for (guint i = 0; i < data->participation->len; i++)
    {
      KzVoiceParticipation *p = &g_array_index (data->participation, KzVoiceParticipation, i);

      p->person_id = map_id (people, p->person_id);
    }
  /* The voter keys follow their people: that, with the secret, is what
   * keeps every vote its voter's. */
  for (guint i = 0; i < data->voter_keys->len; i++)
    {
      KzVoterKey *key = g_ptr_array_index (data->voter_keys, i);

      key->person_id = map_id (people, key->person_id);
    }
  for (guint i = 0; i < data->ideas->len; i++)
    {
      KzIdea *idea = ((KzVoiceIdeaRow *) g_ptr_array_index (data->ideas, i))->idea;

      idea->author_id = map_id (people, idea->author_id);
    }
  for (guint i = 0; i < data->comments->len; i++)
    {
      KzIdeaComment *c = ((KzVoiceCommentRow *) g_ptr_array_index (data->comments, i))->comment;

      c->author_id = map_id (people, c->author_id);
    }

  if (!kz_store_voice_import (to, data, error))
    {
      g_prefix_error (error, _("Copying pulse surveys and ideas: "));
      return FALSE;
    }
  counts->n_questions = data->questions->len;
  counts->n_pulse_plans = data->plans->len;
  counts->n_survey_rounds = data->rounds->len;
  counts->n_survey_answers = data->answers->len;
  counts->n_participation = data->participation->len;
  counts->n_ideas = data->ideas->len;
  counts->n_idea_comments = data->comments->len;
  counts->n_idea_votes = data->votes->len;
  *out = g_steal_pointer (&data);
  return TRUE;
}

static int
compare_i64 (gconstpointer a,
             gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static gboolean
same_teams (GArray *a,
            GArray *b)
{
  g_autoptr(GArray) x = g_array_copy (a);
  g_autoptr(GArray) y = g_array_copy (b);

  if (x->len != y->len)
    return FALSE;
  g_array_sort (x, compare_i64);
  g_array_sort (y, compare_i64);
  return memcmp (x->data, y->data, x->len * sizeof (gint64)) == 0;
}

static gboolean
same_round (const KzSurveyRound *a,
            const KzSurveyRound *b)
{
  return a->plan_id == b->plan_id && g_strcmp0 (a->title, b->title) == 0 &&
         g_date_compare (&a->opens_on, &b->opens_on) == 0 && g_date_compare (&a->closes_on, &b->closes_on) == 0 &&
         a->k == b->k && !a->answered == !b->answered &&
         g_strv_equal ((const char * const *) a->question_ids, (const char * const *) b->question_ids);
}

/* What the counts cannot see: each plan's audience, each round's questions
 * in their order, its dates, its k and whether it has answers (which locks
 * k), read back from @to as the app reads them. */
static gboolean
check_voice_shape (KzStore            *to,
                   const KzVoiceData  *data,
                   GError            **error)
{
  g_autoptr(GPtrArray) plans = kz_store_list_pulse_plans (to, error);
  g_autoptr(GPtrArray) rounds = NULL;
  const char *what = NULL;

  if (plans == NULL || (rounds = kz_store_list_rounds (to, 0, error)) == NULL)
    return FALSE;
  for (guint i = 0; what == NULL && i < data->plans->len; i++)
    {
      const KzPulsePlan *want = g_ptr_array_index (data->plans, i);
      const KzPulsePlan *got = NULL;

      for (guint j = 0; got == NULL && j < plans->len; j++)
        if (((KzPulsePlan *) g_ptr_array_index (plans, j))->id == want->id)
          got = g_ptr_array_index (plans, j);
      if (got == NULL || g_strcmp0 (got->name, want->name) != 0 || got->cadence_days != want->cadence_days ||
          got->questions_per_round != want->questions_per_round || got->k != want->k ||
          !same_teams (got->team_ids, want->team_ids))
        what = want->name;
    }
  for (guint i = 0; what == NULL && i < data->rounds->len; i++)
    {
      const KzSurveyRound *want = g_ptr_array_index (data->rounds, i);
      const KzSurveyRound *got = NULL;

      for (guint j = 0; got == NULL && j < rounds->len; j++)
        if (((KzSurveyRound *) g_ptr_array_index (rounds, j))->id == want->id)
          got = g_ptr_array_index (rounds, j);
      if (got == NULL || !same_round (got, want))
        what = want->title;
    }
  if (what != NULL)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_FAILED,
                   _("The copy would be incomplete (“%s” reads differently in %s); nothing was copied"),
                   what, kz_store_describe (to));
      return FALSE;
    }
  return TRUE;
}

/* Before the commit, every kind is counted on both sides: anything the copy
 * did not reach fails it, rather than being left behind unnoticed.
 * (Rubrics are left out: @to may have held identical ones before.) */
static gboolean
check_complete (KzStore  *from,
                KzStore  *to,
                GError  **error)
{
  for (guint k = 0; k < KZ_RECORD_N_KINDS; k++)
    {
      gint64 in_from, in_to;

      if (k == KZ_RECORD_RUBRICS)
        continue;
      if ((in_from = kz_store_count (from, k, error)) < 0 || (in_to = kz_store_count (to, k, error)) < 0)
        return FALSE;
      if (in_from != in_to)
        {
          g_set_error (error, KZ_ERROR, KZ_ERROR_FAILED,
                       _("The copy would be incomplete (%s: %lld in %s, %lld copied); nothing was copied"),
                       _(kind_names[k]), (long long) in_from, kz_store_describe (from), (long long) in_to);
          return FALSE;
        }
    }
  return TRUE;
}

/* Calibration sessions as they are: created open with their people and
 * interactions, their evaluations saved (each reviewer's, found the way the
 * reviewer finds it), then closed when they were.  @sessions gets what to
 * close afterwards. */
static gboolean
copy_calibrations (KzStore       *from,
                   KzStore       *to,
                   GHashTable    *people,
                   GHashTable    *interactions,
                   GHashTable    *evaluations,
                   KzCopyCounts  *counts,
                   GError       **error)
{
  g_autoptr(GPtrArray) sessions = kz_store_list_calibrations (from, error);

  if (sessions == NULL)
    return FALSE;
  /* Oldest first, so that the target numbers them in the same order. */
  for (guint i = sessions->len; i-- > 0;)
    {
      KzCalibrationSession *s = g_ptr_array_index (sessions, i);
      g_autoptr(KzCalibrationSession) copy = kz_calibration_session_new ();
      gint64 id;

      copy->title = g_strdup (s->title);
      copy->rubric_id = g_strdup (s->rubric_id);
      copy->rubric_version = s->rubric_version;
      copy->lead_id = map_id (people, s->lead_id);
      copy->created_at = g_date_time_ref (s->created_at);
      for (guint k = 0; k < s->reviewer_ids->len; k++)
        {
          gint64 r = map_id (people, g_array_index (s->reviewer_ids, gint64, k));

          g_array_append_val (copy->reviewer_ids, r);
        }
      for (guint k = 0; k < s->interaction_ids->len; k++)
        {
          gint64 it = map_id (interactions, g_array_index (s->interaction_ids, gint64, k));

          g_array_append_val (copy->interaction_ids, it);
        }
      if ((id = kz_store_copy_calibration (to, copy, error)) == 0)
        {
          g_prefix_error (error, _("Copying the calibration session “%s”: "), s->title);
          return FALSE;
        }
      counts->n_calibration_sessions++;

      for (guint k = 0; k < s->interaction_ids->len; k++)
        for (guint r = 0; r < s->reviewer_ids->len; r++)
          {
            g_autoptr(GError) local_error = NULL;
            gint64 reviewer = g_array_index (s->reviewer_ids, gint64, r);
            g_autoptr(KzEvaluation) ev = kz_store_get_calibration_evaluation (from, s->id,
                                                                              g_array_index (s->interaction_ids, gint64, k),
                                                                              reviewer, reviewer, &local_error);
            gint64 old_id;

            if (ev == NULL)
              {
                if (g_error_matches (local_error, KZ_ERROR, KZ_ERROR_NOT_FOUND))
                  continue;   /* not scored */
                g_propagate_error (error, g_steal_pointer (&local_error));
                return FALSE;
              }
            old_id = ev->id;
            ev->id = 0;
            ev->row_version = 0;
            ev->interaction_id = map_id (interactions, ev->interaction_id);
            ev->agent_id = map_id (people, ev->agent_id);
            ev->reviewer_id = map_id (people, ev->reviewer_id);
            ev->calibration_session_id = id;
            if (kz_store_save_evaluation_without_history (to, ev, error) == 0)
              return FALSE;
            remember (evaluations, old_id, ev->id);
            counts->n_calibration_evaluations++;
            counts->n_answers += g_hash_table_size (ev->answers);
          }
      if (s->closed_at != NULL && !kz_store_close_calibration (to, id, copy->lead_id, s->closed_at, error))
        return FALSE;
    }
  return TRUE;
}

/* Every revision, acknowledgement, dispute and audit entry, as stored, in
 * @to's ids. */
static gboolean
copy_history (KzStore       *from,
              KzStore       *to,
              GHashTable    *people,
              GHashTable    *evaluations,
              KzCopyCounts  *counts,
              GError       **error)
{
  g_autoptr(KzHistoryData) data = kz_store_history_export (from, error);

  if (data == NULL)
    return FALSE;
  for (guint i = 0; i < data->evaluations->len; i++)
    {
      KzHistoryEvaluation *e = g_ptr_array_index (data->evaluations, i);

      e->evaluation_id = map_id (evaluations, e->evaluation_id);
    }
  for (guint i = 0; i < data->revisions->len; i++)
    {
      KzRevision *r = g_ptr_array_index (data->revisions, i);

      r->evaluation_id = map_id (evaluations, r->evaluation_id);
      r->created_by = map_id (people, r->created_by);
    }
  for (guint i = 0; i < data->acknowledgements->len; i++)
    {
      KzAcknowledgement *a = g_ptr_array_index (data->acknowledgements, i);

      a->evaluation_id = map_id (evaluations, a->evaluation_id);
      a->agent_id = map_id (people, a->agent_id);
    }
  for (guint i = 0; i < data->disputes->len; i++)
    {
      KzDispute *d = g_ptr_array_index (data->disputes, i);

      d->evaluation_id = map_id (evaluations, d->evaluation_id);
      d->raised_by = map_id (people, d->raised_by);
      for (guint k = 0; k < d->items->len; k++)
        {
          KzDisputeItem *item = g_ptr_array_index (d->items, k);

          item->resolved_by = map_id (people, item->resolved_by);
        }
      counts->n_dispute_items += d->items->len;
    }
  for (guint i = 0; i < data->audit->len; i++)
    {
      KzAuditEntry *e = g_ptr_array_index (data->audit, i);

      e->evaluation_id = map_id (evaluations, e->evaluation_id);
      e->actor_id = map_id (people, e->actor_id);
    }
  if (!kz_store_history_import (to, data, error))
    {
      g_prefix_error (error, _("Copying the evaluations' history: "));
      return FALSE;
    }
  counts->n_revisions = data->revisions->len;
  counts->n_acknowledgements = data->acknowledgements->len;
  counts->n_disputes = data->disputes->len;
  counts->n_audit_entries = data->audit->len;
  return TRUE;
}

/* The training catalog, rules, proposals, plans (uid, sequence, state and
 * private notes as they are) and LMS completions, in @to's ids. */
static gboolean
copy_coaching (KzStore       *from,
               KzStore       *to,
               GHashTable    *people,
               GHashTable    *evaluations,
               KzCopyCounts  *counts,
               GError       **error)
{
  g_autoptr(GHashTable) items_map = id_map_new ();
  g_autoptr(GHashTable) rules_map = id_map_new ();
  g_autoptr(GHashTable) plans_map = id_map_new ();
  g_autoptr(GPtrArray) items = NULL, rules = NULL, proposals = NULL, plans = NULL, completions = NULL;
  g_autoptr(GArray) proposal_plan = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GHashTable) proposals_map = id_map_new ();

  if ((items = kz_store_list_catalog_items (from, error)) == NULL ||
      (rules = kz_store_list_rules (from, error)) == NULL ||
      (proposals = kz_store_list_proposals (from, FALSE, error)) == NULL ||
      (plans = kz_store_list_plans (from, 0, error)) == NULL ||
      (completions = kz_store_list_completions (from, error)) == NULL)
    return FALSE;

  /* A target that holds coaching records is not empty either. */
  {
    g_autoptr(GPtrArray) there = kz_store_list_catalog_items (to, error);
    if (there == NULL)
      return FALSE;
    if (there->len > 0)
      {
        g_set_error (error, KZ_ERROR, KZ_ERROR_EXISTS, _("%s already holds data; copy only into an empty database"),
                     kz_store_describe (to));
        return FALSE;
      }
  }

  for (guint i = 0; i < items->len; i++)
    {
      KzCatalogItem *item = items->pdata[i];
      gint64 old = item->id;

      item->id = 0;
      if (kz_store_save_catalog_item (to, item, error) <= 0)
        return FALSE;
      remember (items_map, old, item->id);
      counts->n_catalog_items++;
    }
  for (guint i = 0; i < rules->len; i++)
    {
      KzCoachingRule *rule = rules->pdata[i];
      gint64 old = rule->id;

      rule->id = 0;
      rule->catalog_item_id = map_id (items_map, rule->catalog_item_id);
      if (kz_store_save_rule (to, rule, error) <= 0)
        return FALSE;
      remember (rules_map, old, rule->id);
      counts->n_rules++;
    }
  /* Oldest first; their plans are linked once those are there. */
  for (guint i = proposals->len; i-- > 0;)
    {
      KzProposal *p = proposals->pdata[i];
      gint64 old = p->id;

      g_array_append_val (proposal_plan, p->plan_id);
      p->id = 0;
      p->plan_id = 0;
      p->rule_id = map_id (rules_map, p->rule_id);
      p->agent_id = map_id (people, p->agent_id);
      p->decided_by = map_id (people, p->decided_by);
      for (guint k = 0; k < p->evidence->len; k++)
        g_array_index (p->evidence, gint64, k) = map_id (evaluations, g_array_index (p->evidence, gint64, k));
      if (kz_store_copy_proposal (to, p, error) <= 0)
        return FALSE;
      remember (proposals_map, old, p->id);
      counts->n_proposals++;
    }
  for (guint i = 0; i < plans->len; i++)
    {
      KzPlan *plan = plans->pdata[i];
      gint64 old = plan->id;

      plan->agent_id = map_id (people, plan->agent_id);
      plan->coach_id = map_id (people, plan->coach_id);
      plan->catalog_item_id = map_id (items_map, plan->catalog_item_id);
      plan->proposal_id = map_id (proposals_map, plan->proposal_id);
      for (guint k = 0; k < plan->evidence->len; k++)
        g_array_index (plan->evidence, gint64, k) = map_id (evaluations, g_array_index (plan->evidence, gint64, k));
      for (guint k = 0; k < plan->action_items->len; k++)
        ((KzActionItem *) plan->action_items->pdata[k])->owner_id =
          map_id (people, ((KzActionItem *) plan->action_items->pdata[k])->owner_id);
      for (guint k = 0; k < plan->attendees->len; k++)
        ((KzAttendee *) plan->attendees->pdata[k])->person_id =
          map_id (people, ((KzAttendee *) plan->attendees->pdata[k])->person_id);
      if (kz_store_copy_plan (to, plan, error) <= 0)
        {
          g_prefix_error (error, _("Copying the plan “%s”: "), plan->title);
          return FALSE;
        }
      remember (plans_map, old, plan->id);
      counts->n_plans++;
    }
  for (guint i = proposals->len, k = 0; i-- > 0; k++)
    {
      KzProposal *p = proposals->pdata[i];
      gint64 plan = g_array_index (proposal_plan, gint64, k);

      if (plan <= 0)
        continue;
      p->plan_id = map_id (plans_map, plan);
      if (kz_store_copy_proposal (to, p, error) <= 0)
        return FALSE;
    }
  for (guint i = 0; i < completions->len; i++)
    {
      KzCompletion *c = completions->pdata[i];

      c->id = 0;
      c->person_id = map_id (people, c->person_id);
      c->catalog_item_id = map_id (items_map, c->catalog_item_id);
    }
  if (completions->len > 0 && !kz_store_copy_completions (to, completions, error))
    return FALSE;
  counts->n_completions = completions->len;
  return TRUE;
}

static gboolean
copy_all (KzStore       *from,
          KzStore       *to,
          KzCopyCounts  *counts,
          GError       **error)
{
  g_autoptr(GHashTable) units = id_map_new ();
  g_autoptr(GHashTable) people = id_map_new ();
  g_autoptr(GHashTable) interactions = id_map_new ();
  g_autoptr(GHashTable) evaluations = id_map_new ();
  g_autoptr(GPtrArray) unit_list = NULL;
  g_autoptr(GPtrArray) person_list = NULL;
  g_autoptr(GPtrArray) rubric_list = NULL;
  g_autoptr(GPtrArray) interaction_list = NULL;
  g_autoptr(GPtrArray) evaluation_list = NULL;
  g_autoptr(KzVoiceData) voice = NULL;

  if ((unit_list = kz_store_list_units (from, error)) == NULL || !copy_units (to, unit_list, units, counts, error))
    return FALSE;

  if ((person_list = kz_store_list_people (from, KZ_ROLE_NONE, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < person_list->len; i++)
    {
      KzPerson *p = g_ptr_array_index (person_list, i);
      KzPerson copy = *p;
      gint64 id;

      copy.id = 0;
      copy.team_id = map_id (units, p->team_id);
      if ((id = kz_store_add_person (to, &copy, error)) == 0)
        return FALSE;
      remember (people, p->id, id);
      counts->n_people++;
    }

  if ((rubric_list = kz_store_list_rubrics (from, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < rubric_list->len; i++)
    {
      KzRubricInfo *info = g_ptr_array_index (rubric_list, i);
      g_autoptr(KzRubric) rubric = kz_store_get_rubric (from, info->id, info->version, error);
      gboolean added;

      if (rubric == NULL || !kz_store_add_rubric (to, rubric, &added, error))
        return FALSE;
      counts->n_rubrics++;
    }

  /* CX principles and personas, in their order (the rubrics link them by
   * id, in their own XML). */
  {
    g_autoptr(GPtrArray) principles = kz_store_list_principles (from, error);
    g_autoptr(GPtrArray) personas = NULL;

    if (principles == NULL || !kz_store_save_principles (to, principles, FALSE, error) ||
        (personas = kz_store_list_personas (from, error)) == NULL ||
        !kz_store_save_personas (to, personas, FALSE, error))
      return FALSE;
    counts->n_principles = principles->len;
    counts->n_personas = personas->len;
  }

  if ((interaction_list = kz_store_list_interactions (from, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < interaction_list->len; i++)
    {
      KzInteraction *it = g_ptr_array_index (interaction_list, i);
      KzInteraction copy = *it;
      gint64 id;

      copy.id = 0;
      copy.agent_id = map_id (people, it->agent_id);
      if ((id = kz_store_add_interaction (to, &copy, error)) == 0)
        return FALSE;
      remember (interactions, it->id, id);
      counts->n_interactions++;
    }

  /* Emails and calls wherever they are, whatever the channel says, so
   * nothing is left behind. */
  for (guint i = 0; i < interaction_list->len; i++)
    {
      KzInteraction *it = g_ptr_array_index (interaction_list, i);
      gint64 id = map_id (interactions, it->id);

      if (!copy_messages (from, to, it, id, counts, error) || !copy_call (from, to, it, id, counts, error))
        {
          g_autofree char *label = interaction_label (it);

          g_prefix_error (error, _("Copying the content of %s: "), label);
          return FALSE;
        }
    }

  if ((evaluation_list = kz_store_list_evaluations (from, NULL, error)) == NULL)
    return FALSE;
  /* Oldest first, so the target's ids follow the same order.  Saved as
   * they are now: their history comes whole afterwards. */
  for (guint i = evaluation_list->len; i-- > 0;)
    {
      KzEvaluationSummary *s = g_ptr_array_index (evaluation_list, i);
      g_autoptr(KzEvaluation) ev = kz_store_get_evaluation (from, s->id, error);

      if (ev == NULL)
        return FALSE;
      ev->id = 0;
      ev->row_version = 0;
      ev->interaction_id = map_id (interactions, ev->interaction_id);
      ev->agent_id = map_id (people, ev->agent_id);
      ev->reviewer_id = map_id (people, ev->reviewer_id);
      if (kz_store_save_evaluation_without_history (to, ev, error) == 0)
        return FALSE;
      remember (evaluations, s->id, ev->id);
      counts->n_evaluations++;
      counts->n_answers += g_hash_table_size (ev->answers);
    }

  if (!copy_calibrations (from, to, people, interactions, evaluations, counts, error) ||
      !copy_history (from, to, people, evaluations, counts, error) ||
      !copy_coaching (from, to, people, evaluations, counts, error))
    return FALSE;

  for (guint i = 0; i < person_list->len; i++)
    {
      KzPerson *p = g_ptr_array_index (person_list, i);

      if (!copy_queue (from, to, p, people, interactions, counts, error))
        {
          g_prefix_error (error, _("Copying the queue of %s: "), p->name);
          return FALSE;
        }
    }

  for (guint i = 0; i < interaction_list->len; i++)
    {
      KzInteraction *it = g_ptr_array_index (interaction_list, i);

      if (!copy_feedback (from, to, it, map_id (interactions, it->id), counts, error))
        {
          g_autofree char *label = interaction_label (it);

          g_prefix_error (error, _("Copying the customer's rating of %s: "), label);
          return FALSE;
        }
    }

  return copy_voice (from, to, units, people, &voice, counts, error) &&
         check_complete (from, to, error) &&
         check_voice_shape (to, voice, error);
}

gboolean
kz_store_copy (KzStore       *from,
               KzStore       *to,
               KzCopyCounts  *counts,
               GError       **error)
{
  KzCopyCounts local = { 0 };

  g_return_val_if_fail (KZ_IS_STORE (from), FALSE);
  g_return_val_if_fail (KZ_IS_STORE (to), FALSE);

  if (!kz_store_begin (to, error))
    return FALSE;
  if (!check_empty (to, error) || !copy_all (from, to, &local, error))
    {
      kz_store_rollback (to);
      return FALSE;
    }
  if (!kz_store_commit (to, error))
    return FALSE;

  if (counts != NULL)
    *counts = local;
  return TRUE;
}
