/* kz-dispute.c — acknowledgements, disputes, revisions and the audit trail:
 * the records and the rules that need no database
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kz-dispute"

#include "config.h"

#include <math.h>
#include <string.h>

#include "kz-dispute.h"

void
kz_acknowledgement_free (KzAcknowledgement *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->at, g_date_time_unref);
  g_free (self->comment);
  g_free (self);
}

const char *
kz_dispute_state_to_string (KzDisputeState state)
{
  return state == KZ_DISPUTE_CLOSED ? "closed" : "open";
}

static const char * const resolution_names[] = {
  [KZ_RESOLUTION_PENDING] = "pending",
  [KZ_RESOLUTION_UPHELD] = "upheld",
  [KZ_RESOLUTION_CHANGED] = "changed",
};

const char *
kz_resolution_to_string (KzResolution resolution)
{
  g_return_val_if_fail ((guint) resolution < G_N_ELEMENTS (resolution_names), NULL);
  return resolution_names[resolution];
}

gboolean
kz_resolution_from_string (const char   *text,
                           KzResolution *resolution)
{
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (resolution_names); i++)
    if (g_str_equal (text, resolution_names[i]))
      {
        *resolution = (KzResolution) i;
        return TRUE;
      }
  return FALSE;
}

KzDisputeItem *
kz_dispute_item_new (const char *criterion_id,
                     const char *reason)
{
  KzDisputeItem *self = g_new0 (KzDisputeItem, 1);

  self->criterion_id = g_strdup (criterion_id);
  self->reason = g_strdup (reason);
  return self;
}

void
kz_dispute_item_free (KzDisputeItem *self)
{
  if (self == NULL)
    return;
  g_free (self->criterion_id);
  g_free (self->reason);
  g_free (self->note);
  g_clear_pointer (&self->resolved_at, g_date_time_unref);
  g_free (self);
}

KzDispute *
kz_dispute_new (void)
{
  KzDispute *self = g_new0 (KzDispute, 1);

  self->items = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_dispute_item_free);
  return self;
}

void
kz_dispute_free (KzDispute *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->raised_at, g_date_time_unref);
  g_clear_pointer (&self->closed_at, g_date_time_unref);
  g_free (self->reason);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_free (self);
}

KzDisputeItem *
kz_dispute_find_item (KzDispute  *self,
                      const char *criterion_id)
{
  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; i < self->items->len; i++)
    {
      KzDisputeItem *item = g_ptr_array_index (self->items, i);

      if (g_strcmp0 (item->criterion_id, criterion_id) == 0)
        return item;
    }
  return NULL;
}

guint
kz_dispute_n_pending (const KzDispute *self)
{
  guint n = 0;

  g_return_val_if_fail (self != NULL, 0);
  for (guint i = 0; i < self->items->len; i++)
    n += ((KzDisputeItem *) g_ptr_array_index (self->items, i))->resolution == KZ_RESOLUTION_PENDING;
  return n;
}

KzDisputeResolution *
kz_dispute_resolution_new (const char   *criterion_id,
                           KzResolution  resolution,
                           KzAnswer     *answer,
                           const char   *note)
{
  KzDisputeResolution *self = g_new0 (KzDisputeResolution, 1);

  self->criterion_id = g_strdup (criterion_id);
  self->resolution = resolution;
  self->answer = answer;
  self->note = g_strdup (note);
  return self;
}

void
kz_dispute_resolution_free (KzDisputeResolution *self)
{
  if (self == NULL)
    return;
  g_free (self->criterion_id);
  g_clear_pointer (&self->answer, kz_answer_free);
  g_free (self->note);
  g_free (self);
}

void
kz_revision_free (KzRevision *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->created_at, g_date_time_unref);
  g_strfreev (self->failed_by);
  g_clear_pointer (&self->answers, g_hash_table_unref);
  g_free (self);
}

static const char * const action_names[] = {
  [KZ_AUDIT_SUBMITTED] = "submitted",
  [KZ_AUDIT_ACKNOWLEDGED] = "acknowledged",
  [KZ_AUDIT_DISPUTED] = "disputed",
  [KZ_AUDIT_UPHELD] = "upheld",
  [KZ_AUDIT_CHANGED] = "changed",
  [KZ_AUDIT_REVISION] = "revision",
  [KZ_AUDIT_CLOSED] = "closed",
};

const char *
kz_audit_action_to_string (KzAuditAction action)
{
  g_return_val_if_fail ((guint) action < G_N_ELEMENTS (action_names), NULL);
  return action_names[action];
}

gboolean
kz_audit_action_from_string (const char    *text,
                             KzAuditAction *action)
{
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (action_names); i++)
    if (g_str_equal (text, action_names[i]))
      {
        *action = (KzAuditAction) i;
        return TRUE;
      }
  return FALSE;
}

void
kz_audit_entry_free (KzAuditEntry *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->at, g_date_time_unref);
  g_free (self->criterion_id);
  g_free (self->detail);
  g_free (self);
}

GDateTime *
kz_dispute_deadline (KzRubric  *rubric,
                     GDateTime *submitted_at)
{
  g_return_val_if_fail (rubric != NULL, NULL);

  if (submitted_at == NULL || kz_rubric_get_dispute_days (rubric) <= 0 || kz_rubric_get_max_disputes (rubric) <= 0)
    return NULL;
  /* Days of 86 400 seconds, as the team server counts them: a window does
   * not grow or shrink an hour when the clocks change. */
  return g_date_time_add_seconds (submitted_at, 86400.0 * kz_rubric_get_dispute_days (rubric));
}

gboolean
kz_answer_equal (const KzAnswer *a,
                 const KzAnswer *b)
{
  gboolean a_given = a != NULL && a->kind != KZ_ANSWER_UNANSWERED;
  gboolean b_given = b != NULL && b->kind != KZ_ANSWER_UNANSWERED;

  if (!a_given || !b_given)
    return a_given == b_given;
  return a->kind == b->kind && (a->kind != KZ_ANSWER_VALUE || fabs (a->value - b->value) < 1e-9) &&
         g_strcmp0 (a->comment, b->comment) == 0 && a->comment_at_ms == b->comment_at_ms;
}
