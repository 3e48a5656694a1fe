/* kz-types.c — domain records
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kz-types"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "kz-error.h"
#include "kz-types.h"

static const struct {
  KzRoles     role;
  const char *name;
} role_names[] = {
  { KZ_ROLE_AGENT, "agent" },
  { KZ_ROLE_REVIEWER, "reviewer" },
  { KZ_ROLE_MANAGER, "manager" },
  { KZ_ROLE_STAFF, "staff" },
  { KZ_ROLE_ADMIN, "admin" },
};

char *
kz_roles_to_string (KzRoles roles)
{
  g_autoptr(GString) s = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (role_names); i++)
    {
      if (!(roles & role_names[i].role))
        continue;
      if (s->len > 0)
        g_string_append_c (s, ',');
      g_string_append (s, role_names[i].name);
    }

  return g_string_free (g_steal_pointer (&s), FALSE);
}

gboolean
kz_roles_from_string (const char  *text,
                      KzRoles     *roles,
                      GError     **error)
{
  g_auto(GStrv) parts = NULL;
  KzRoles result = KZ_ROLE_NONE;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (roles != NULL, FALSE);

  parts = g_strsplit (text, ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *name = g_strstrip (parts[i]);
      gboolean found = FALSE;

      if (*name == '\0')
        continue;

      for (guint j = 0; j < G_N_ELEMENTS (role_names); j++)
        {
          if (g_ascii_strcasecmp (name, role_names[j].name) == 0)
            {
              result |= role_names[j].role;
              found = TRUE;
            }
        }

      if (!found)
        {
          g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT,
                       _("Unknown role “%s” (roles are agent, reviewer, manager, staff, admin)"),
                       name);
          return FALSE;
        }
    }

  *roles = result;
  return TRUE;
}

const char *
kz_unit_kind_to_string (KzUnitKind kind)
{
  switch (kind)
    {
    case KZ_UNIT_ORGANISATION: return "organisation";
    case KZ_UNIT_SITE: return "site";
    case KZ_UNIT_TEAM: return "team";
    default: g_return_val_if_reached (NULL);
    }
}

const char *
kz_channel_to_string (KzChannel channel)
{
  switch (channel)
    {
    case KZ_CHANNEL_CALL: return "call";
    case KZ_CHANNEL_EMAIL: return "email";
    default: g_return_val_if_reached (NULL);
    }
}

gboolean
kz_channel_from_string (const char *text,
                        KzChannel  *channel)
{
  if (g_strcmp0 (text, "call") == 0)
    *channel = KZ_CHANNEL_CALL;
  else if (g_strcmp0 (text, "email") == 0)
    *channel = KZ_CHANNEL_EMAIL;
  else
    return FALSE;
  return TRUE;
}

const char *
kz_evaluation_state_to_string (KzEvaluationState state)
{
  switch (state)
    {
    case KZ_EVALUATION_DRAFT: return "draft";
    case KZ_EVALUATION_SUBMITTED: return "submitted";
    default: g_return_val_if_reached (NULL);
    }
}

KzPerson *
kz_person_new (const char *name,
               KzRoles     roles)
{
  KzPerson *self = g_new0 (KzPerson, 1);

  self->name = g_strdup (name);
  self->roles = roles;
  self->emails = g_new0 (char *, 1);
  return self;
}

void
kz_person_free (KzPerson *self)
{
  if (self == NULL)
    return;
  g_free (self->name);
  g_strfreev (self->emails);
  g_free (self);
}

void
kz_unit_free (KzUnit *self)
{
  if (self == NULL)
    return;
  g_free (self->name);
  g_free (self);
}

void
kz_interaction_free (KzInteraction *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->started_at, g_date_time_unref);
  g_free (self->subject);
  g_free (self->external_ref);
  g_free (self);
}

void
kz_rubric_info_free (KzRubricInfo *self)
{
  if (self == NULL)
    return;
  g_free (self->id);
  g_free (self->title);
  g_clear_pointer (&self->imported_at, g_date_time_unref);
  g_free (self);
}

KzEvaluation *
kz_evaluation_new (void)
{
  KzEvaluation *self = g_new0 (KzEvaluation, 1);

  self->answers = kz_answer_set_new ();
  self->state = KZ_EVALUATION_DRAFT;
  return self;
}

void
kz_evaluation_free (KzEvaluation *self)
{
  if (self == NULL)
    return;
  g_free (self->rubric_id);
  g_clear_pointer (&self->created_at, g_date_time_unref);
  g_clear_pointer (&self->updated_at, g_date_time_unref);
  g_clear_pointer (&self->submitted_at, g_date_time_unref);
  g_clear_pointer (&self->answers, g_hash_table_unref);
  g_strfreev (self->failed_by);
  g_free (self);
}

void
kz_evaluation_summary_free (KzEvaluationSummary *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->date, g_date_time_unref);
  g_free (self->agent_name);
  g_free (self->reviewer_name);
  g_free (self->rubric_id);
  g_free (self->rubric_title);
  g_free (self->subject);
  g_clear_pointer (&self->acknowledged_at, g_date_time_unref);
  g_free (self);
}

void
kz_attachment_free (KzAttachment *self)
{
  if (self == NULL)
    return;
  g_free (self->filename);
  g_free (self->mime_type);
  g_free (self);
}

void
kz_email_message_free (KzEmailMessage *self)
{
  if (self == NULL)
    return;
  g_free (self->message_id);
  g_free (self->in_reply_to);
  g_strfreev (self->references);
  g_free (self->from);
  g_strfreev (self->addresses);
  g_free (self->from_address);
  g_free (self->to);
  g_free (self->cc);
  g_clear_pointer (&self->date, g_date_time_unref);
  g_free (self->subject);
  g_free (self->body);
  g_clear_pointer (&self->attachments, g_ptr_array_unref);
  g_free (self->source);
  g_free (self);
}

void
kz_transcript_segment_free (KzTranscriptSegment *self)
{
  if (self == NULL)
    return;
  g_free (self->speaker);
  g_free (self->text);
  g_free (self);
}

void
kz_call_free (KzCall *self)
{
  if (self == NULL)
    return;
  g_free (self->customer_ref);
  g_free (self->audio_path);
  g_free (self->audio_type);
  g_clear_pointer (&self->transcript, g_ptr_array_unref);
  g_free (self);
}

void
kz_interaction_summary_free (KzInteractionSummary *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->started_at, g_date_time_unref);
  g_free (self->agent_name);
  g_free (self->subject);
  g_free (self);
}

void
kz_coverage_free (KzCoverage *self)
{
  if (self == NULL)
    return;
  g_free (self->agent_name);
  g_free (self);
}

void
kz_answer_tally_free (KzAnswerTally *self)
{
  if (self == NULL)
    return;
  g_free (self->criterion_id);
  g_free (self);
}

void
kz_rated_answer_free (KzRatedAnswer *self)
{
  if (self == NULL)
    return;
  g_free (self->criterion_id);
  g_free (self);
}

void
kz_feedback_free (KzFeedback *self)
{
  if (self == NULL)
    return;
  g_free (self->comment);
  g_clear_pointer (&self->given_at, g_date_time_unref);
  g_free (self);
}

gboolean
kz_feedback_scale_from_string (const char      *text,
                               KzFeedbackScale *scale)
{
  if (g_strcmp0 (text, "csat") == 0)
    *scale = KZ_FEEDBACK_CSAT;
  else if (g_strcmp0 (text, "nps") == 0)
    *scale = KZ_FEEDBACK_NPS;
  else
    return FALSE;
  return TRUE;
}

const char *
kz_feedback_scale_to_string (KzFeedbackScale scale)
{
  return scale == KZ_FEEDBACK_CSAT ? "csat" : "nps";
}

static gboolean
made_for (const KzRubricInfo *info,
          KzChannel           channel)
{
  static const char * const email_words[] = { "email", "e-mail", "mail", NULL };
  static const char * const call_words[] = { "phone", "call", "voice", NULL };
  const char * const *words = channel == KZ_CHANNEL_EMAIL ? email_words : call_words;
  g_autofree char *id = g_utf8_strdown (info->id, -1);
  g_autofree char *title = g_utf8_strdown (info->title != NULL ? info->title : "", -1);

  for (guint i = 0; words[i] != NULL; i++)
    if (strstr (id, words[i]) != NULL || strstr (title, words[i]) != NULL)
      return TRUE;
  return FALSE;
}

/* The latest version of @id among @infos. */
static const KzRubricInfo *
latest (GPtrArray  *infos,
        const char *id)
{
  const KzRubricInfo *best = NULL;

  for (guint i = 0; i < infos->len; i++)
    {
      const KzRubricInfo *info = g_ptr_array_index (infos, i);

      if (g_str_equal (info->id, id) && (best == NULL || info->version > best->version))
        best = info;
    }
  return best;
}

const KzRubricInfo *
kz_rubric_infos_pick (GPtrArray  *infos,
                      KzChannel   channel,
                      const char *preferred_id)
{
  g_return_val_if_fail (infos != NULL, NULL);

  if (infos->len == 0)
    return NULL;
  if (preferred_id != NULL && latest (infos, preferred_id) != NULL)
    return latest (infos, preferred_id);
  for (guint i = 0; i < infos->len; i++)
    {
      const KzRubricInfo *info = g_ptr_array_index (infos, i);

      if (made_for (info, channel))
        return latest (infos, info->id);
    }
  return latest (infos, ((const KzRubricInfo *) g_ptr_array_index (infos, 0))->id);
}

GDateTime *
kz_parse_day (const char *text)
{
  g_autofree char *copy = NULL;
  int y, m, d;
  char tail;

  if (text == NULL)
    return NULL;
  copy = g_strstrip (g_strdup (text));
  if (sscanf (copy, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3)
    return NULL;
  if (y < 1 || m < 1 || m > 12 || d < 1 || d > 31 || !g_date_valid_dmy (d, m, y))
    return NULL;
  return g_date_time_new_local (y, m, d, 0, 0, 0);
}

KzAgentStatus
kz_evaluation_agent_status (const KzEvaluationSummary *summary)
{
  g_return_val_if_fail (summary != NULL, KZ_AGENT_STATUS_NONE);

  if (summary->state != KZ_EVALUATION_SUBMITTED || summary->is_calibration || summary->revision == 0)
    return KZ_AGENT_STATUS_NONE;
  if (summary->dispute_open)
    return KZ_AGENT_STATUS_DISPUTE_OPEN;
  if (summary->acknowledged_revision > 0 && summary->acknowledged_revision >= summary->revision)
    return KZ_AGENT_STATUS_ACKNOWLEDGED;
  if (summary->acknowledged_revision > 0)
    return KZ_AGENT_STATUS_CHANGED;
  if (summary->n_disputes > 0)
    return KZ_AGENT_STATUS_DISPUTED;
  return KZ_AGENT_STATUS_TO_ACKNOWLEDGE;
}

const char *
kz_agent_status_to_string (KzAgentStatus status)
{
  switch (status)
    {
    case KZ_AGENT_STATUS_TO_ACKNOWLEDGE: return "to-acknowledge";
    case KZ_AGENT_STATUS_ACKNOWLEDGED:   return "acknowledged";
    case KZ_AGENT_STATUS_CHANGED:        return "changed-since-acknowledged";
    case KZ_AGENT_STATUS_DISPUTED:       return "disputed";
    case KZ_AGENT_STATUS_DISPUTE_OPEN:   return "dispute-open";
    case KZ_AGENT_STATUS_NONE:
    default:                             return "";
    }
}

const char *
kz_agent_status_to_label (KzAgentStatus status)
{
  switch (status)
    {
    case KZ_AGENT_STATUS_TO_ACKNOWLEDGE: return _("To acknowledge");
    case KZ_AGENT_STATUS_ACKNOWLEDGED:   return _("Acknowledged");
    /* Translators: the agent acknowledged it, and it changed since (a dispute) */
    case KZ_AGENT_STATUS_CHANGED:        return _("Changed since acknowledged");
    case KZ_AGENT_STATUS_DISPUTED:       return _("Disputed");
    case KZ_AGENT_STATUS_DISPUTE_OPEN:   return _("Dispute open");
    case KZ_AGENT_STATUS_NONE:
    default:                             return "—";
    }
}
