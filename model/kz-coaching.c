/* kz-coaching.c — coaching, training and completions: the records and the
 * rules that need no database (coaching.md)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kz-coaching"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "kz-coaching.h"
#include "kz-error.h"

/* ---- names ----------------------------------------------------------------- */

static gboolean
name_lookup (const char * const *names, guint n, const char *text, int *out)
{
  for (guint i = 0; text != NULL && i < n; i++)
    if (names[i] != NULL && g_str_equal (names[i], text))
      {
        *out = (int) i;
        return TRUE;
      }
  return FALSE;
}

#define NAMES(type, prefix, ...) \
  static const char * const prefix##_names[] = { __VA_ARGS__ }; \
  const char *prefix##_to_string (type v) \
  { \
    g_return_val_if_fail ((guint) v < G_N_ELEMENTS (prefix##_names), NULL); \
    return prefix##_names[v]; \
  } \
  gboolean prefix##_from_string (const char *text, type *out) \
  { \
    int v; \
    if (!name_lookup (prefix##_names, G_N_ELEMENTS (prefix##_names), text, &v)) \
      return FALSE; \
    *out = (type) v; \
    return TRUE; \
  }

NAMES (KzCatalogKind, kz_catalog_kind, "elearning", "course")
NAMES (KzRuleCondition, kz_rule_condition, "last-n-failed", "mean-below")
NAMES (KzProposalState, kz_proposal_state, "pending", "accepted", "dismissed")
NAMES (KzPlanKind, kz_plan_kind, "coaching", "elearning", "training")
NAMES (KzPlanState, kz_plan_state, "planned", "done", "missed", "cancelled")
NAMES (KzAttendance, kz_attendance, "unknown", "attended", "absent")
NAMES (KzFreq, kz_freq, NULL, "daily", "weekly", "monthly", "yearly")
NAMES (KzCompletionStatus, kz_completion_status, "completed", "passed", "failed", "attended", "incomplete")

/* ---- criterion references ------------------------------------------------ */

KzCriterionRef *
kz_criterion_ref_new (const char *rubric_id, const char *criterion_id)
{
  KzCriterionRef *self = g_new0 (KzCriterionRef, 1);

  self->rubric_id = g_strdup (rubric_id);
  self->criterion_id = g_strdup (criterion_id);
  return self;
}

KzCriterionRef *
kz_criterion_ref_copy (const KzCriterionRef *self)
{
  return kz_criterion_ref_new (self->rubric_id, self->criterion_id);
}

void
kz_criterion_ref_free (KzCriterionRef *self)
{
  if (self == NULL)
    return;
  g_free (self->rubric_id);
  g_free (self->criterion_id);
  g_free (self);
}

GPtrArray *
kz_criterion_refs_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) kz_criterion_ref_free);
}

KzCriterionRef *
kz_criterion_ref_parse (const char  *text,
                        GError     **error)
{
  const char *colon = text != NULL ? strchr (text, ':') : NULL;

  if (colon == NULL || colon == text || colon[1] == '\0' || strchr (colon + 1, ':') != NULL)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT,
                   _("“%s” does not name a criterion: write RUBRIC-ID:CRITERION-ID"), text ? text : "");
      return NULL;
    }
  {
    g_autofree char *rubric = g_strndup (text, colon - text);
    return kz_criterion_ref_new (g_strstrip (rubric), colon + 1);
  }
}

char *
kz_criterion_ref_to_string (const KzCriterionRef *self)
{
  return g_strconcat (self->rubric_id, ":", self->criterion_id, NULL);
}

static gboolean
refs_equal (GPtrArray *a, GPtrArray *b)
{
  if (a->len != b->len)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    {
      const KzCriterionRef *x = a->pdata[i], *y = b->pdata[i];
      if (g_strcmp0 (x->rubric_id, y->rubric_id) != 0 || g_strcmp0 (x->criterion_id, y->criterion_id) != 0)
        return FALSE;
    }
  return TRUE;
}

static gboolean
refs_check (GPtrArray *refs, gboolean required, GError **error)
{
  if (required && refs->len == 0)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT, _("Name at least one criterion it addresses"));
      return FALSE;
    }
  for (guint i = 0; i < refs->len; i++)
    {
      const KzCriterionRef *r = refs->pdata[i];
      if (r->rubric_id == NULL || *r->rubric_id == '\0' || r->criterion_id == NULL || *r->criterion_id == '\0')
        {
          g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT, _("A criterion needs a rubric id and a criterion id"));
          return FALSE;
        }
      for (guint j = 0; j < i; j++)
        {
          const KzCriterionRef *q = refs->pdata[j];
          if (g_str_equal (q->rubric_id, r->rubric_id) && g_str_equal (q->criterion_id, r->criterion_id))
            {
              g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT, _("Criterion %s:%s is named twice"),
                           r->rubric_id, r->criterion_id);
              return FALSE;
            }
        }
    }
  return TRUE;
}

static gboolean
blank (const char *text)
{
  if (text == NULL)
    return TRUE;
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isspace (*p))
      return FALSE;
  return TRUE;
}

/* ---- catalog ------------------------------------------------------------ */

KzCatalogItem *
kz_catalog_item_new (KzCatalogKind kind, const char *title)
{
  KzCatalogItem *self = g_new0 (KzCatalogItem, 1);

  self->kind = kind;
  self->title = g_strdup (title);
  self->criteria = kz_criterion_refs_new ();
  return self;
}

void
kz_catalog_item_free (KzCatalogItem *self)
{
  if (self == NULL)
    return;
  g_free (self->title);
  g_free (self->link);
  g_free (self->file);
  g_free (self->external_id);
  g_clear_pointer (&self->criteria, g_ptr_array_unref);
  g_free (self);
}

gboolean
kz_catalog_item_check (const KzCatalogItem  *self,
                       GError              **error)
{
  if (blank (self->title))
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT, _("A training item needs a title"));
      return FALSE;
    }
  if (self->external_id != NULL && blank (self->external_id))
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT, _("A training item's LMS id cannot be blank"));
      return FALSE;
    }
  if (self->kind == KZ_CATALOG_ELEARNING)
    {
      if (blank (self->link) == blank (self->file))
        {
          g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT,
                       _("An eLearning item is a link or a file: give exactly one of them"));
          return FALSE;
        }
      if (self->minutes <= 0)
        {
          g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT,
                       _("An eLearning item needs its estimated length in minutes (more than 0)"));
          return FALSE;
        }
    }
  else if (self->capacity <= 0)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT, _("A course needs a capacity (more than 0 places)"));
      return FALSE;
    }
  return refs_check (self->criteria, TRUE, error);
}

/* ---- rules and proposals -------------------------------------------------- */

KzCoachingRule *
kz_coaching_rule_new (void)
{
  KzCoachingRule *self = g_new0 (KzCoachingRule, 1);

  self->active = TRUE;
  self->sla_days = 14;
  return self;
}

void
kz_coaching_rule_free (KzCoachingRule *self)
{
  if (self == NULL)
    return;
  g_free (self->rubric_id);
  g_free (self->criterion_id);
  g_free (self);
}

gboolean
kz_coaching_rule_check (const KzCoachingRule  *self,
                        GError               **error)
{
  const char *what = NULL;

  if (blank (self->rubric_id) || blank (self->criterion_id))
    what = _("A rule needs the criterion it watches (RUBRIC-ID:CRITERION-ID)");
  else if (self->condition == KZ_RULE_LAST_N_FAILED && self->n < 1)
    what = _("“Last N evaluations failed” needs N of 1 or more");
  else if (self->condition == KZ_RULE_MEAN_BELOW &&
           (!isfinite (self->threshold) || self->threshold < 0 || self->threshold > 100))
    what = _("“Mean below X” needs X between 0 and 100");
  else if (self->condition == KZ_RULE_MEAN_BELOW && self->days < 1)
    what = _("“Mean below X over the last D days” needs D of 1 or more");
  else if (self->catalog_item_id <= 0)
    what = _("A rule needs the training item it proposes");
  else if (self->cooldown_weeks < 0)
    what = _("The cooldown cannot be negative");
  else if (self->sla_days < 1)
    what = _("The completion deadline (SLA) must be 1 day or more");
  if (what != NULL)
    {
      g_set_error_literal (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT, what);
      return FALSE;
    }
  return TRUE;
}

gboolean
kz_coaching_rule_holds (const KzCoachingRule  *rule,
                        GPtrArray             *observations,
                        GDateTime             *now,
                        GArray                *evidence,
                        char                 **reason)
{
  g_return_val_if_fail (rule != NULL && observations != NULL && now != NULL, FALSE);

  if (evidence != NULL)
    g_array_set_size (evidence, 0);

  if (rule->condition == KZ_RULE_LAST_N_FAILED)
    {
      if (rule->n < 1 || observations->len < (guint) rule->n)
        return FALSE;
      for (int i = 0; i < rule->n; i++)
        if (!((KzCriterionObservation *) observations->pdata[i])->failed)
          return FALSE;
      for (int i = 0; evidence != NULL && i < rule->n; i++)
        g_array_append_val (evidence, ((KzCriterionObservation *) observations->pdata[i])->evaluation_id);
      if (reason != NULL)
        *reason = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Failed %s:%s in the last evaluation",
                                                "Failed %s:%s in each of the last %d evaluations", rule->n),
                                   rule->rubric_id, rule->criterion_id, rule->n);
      return TRUE;
    }
  else
    {
      g_autoptr(GDateTime) since = g_date_time_add_days (now, -rule->days);
      double sum = 0;
      guint n = 0;

      for (guint i = 0; i < observations->len; i++)
        {
          KzCriterionObservation *o = observations->pdata[i];

          if (g_date_time_compare (o->at, since) < 0 || g_date_time_compare (o->at, now) > 0)
            continue;
          sum += o->score;
          n++;
          if (evidence != NULL)
            g_array_append_val (evidence, o->evaluation_id);
        }
      if (n == 0 || !(sum / n < rule->threshold))
        {
          if (evidence != NULL)
            g_array_set_size (evidence, 0);
          return FALSE;
        }
      if (reason != NULL)
        *reason = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                "Mean %.1f on %s:%s over the last %d days (%u evaluation), below %g",
                                                "Mean %.1f on %s:%s over the last %d days (%u evaluations), below %g",
                                                n),
                                   sum / n, rule->rubric_id, rule->criterion_id, rule->days, n, rule->threshold);
      return TRUE;
    }
}

KzProposal *
kz_proposal_new (void)
{
  KzProposal *self = g_new0 (KzProposal, 1);

  self->evidence = g_array_new (FALSE, FALSE, sizeof (gint64));
  return self;
}

void
kz_proposal_free (KzProposal *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->created_at, g_date_time_unref);
  g_clear_pointer (&self->decided_at, g_date_time_unref);
  g_clear_pointer (&self->evidence, g_array_unref);
  g_free (self->reason);
  g_free (self);
}

gboolean
kz_proposal_allows_new (const KzProposal *last,
                        int               cooldown_weeks,
                        GDateTime        *now)
{
  g_autoptr(GDateTime) until = NULL;

  if (last == NULL)
    return TRUE;
  if (last->state == KZ_PROPOSAL_PENDING || last->decided_at == NULL)
    return FALSE;
  until = g_date_time_add_weeks (last->decided_at, MAX (cooldown_weeks, 0));
  return g_date_time_compare (now, until) >= 0;
}

/* ---- plans ------------------------------------------------------------------ */

gboolean
kz_plan_state_check_move (KzPlanState   from,
                          KzPlanState   to,
                          GError      **error)
{
  if (from == KZ_PLAN_PLANNED && to != KZ_PLAN_PLANNED)
    return TRUE;
  g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT,
               _("A plan that is %s cannot become %s: only a planned one is marked done, missed or cancelled"),
               kz_plan_state_to_string (from), kz_plan_state_to_string (to));
  return FALSE;
}

KzActionItem *
kz_action_item_new (const char *text, gint64 owner_id)
{
  KzActionItem *self = g_new0 (KzActionItem, 1);

  self->text = g_strdup (text);
  self->owner_id = owner_id;
  g_date_clear (&self->due, 1);
  return self;
}

void
kz_action_item_free (KzActionItem *self)
{
  if (self == NULL)
    return;
  g_free (self->text);
  g_free (self);
}

static void
time_unref0 (gpointer p)
{
  if (p != NULL)
    g_date_time_unref (p);
}

KzPlan *
kz_plan_new (KzPlanKind kind, const char *title)
{
  KzPlan *self = g_new0 (KzPlan, 1);

  self->kind = kind;
  self->state = KZ_PLAN_PLANNED;
  self->title = g_strdup (title);
  self->criteria = kz_criterion_refs_new ();
  self->evidence = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->action_items = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_action_item_free);
  self->attendees = g_ptr_array_new_with_free_func (g_free);
  self->recurrence.interval = 1;
  self->recurrence.exdates = g_ptr_array_new_with_free_func (time_unref0);
  g_date_clear (&self->follow_up, 1);
  g_date_clear (&self->due, 1);
  return self;
}

void
kz_plan_free (KzPlan *self)
{
  if (self == NULL)
    return;
  g_free (self->title);
  g_clear_pointer (&self->criteria, g_ptr_array_unref);
  g_clear_pointer (&self->evidence, g_array_unref);
  g_free (self->agenda);
  g_free (self->shared_notes);
  g_free (self->private_notes);
  g_clear_pointer (&self->action_items, g_ptr_array_unref);
  g_clear_pointer (&self->acknowledged_at, g_date_time_unref);
  g_free (self->commitment);
  g_clear_pointer (&self->starts_at, g_date_time_unref);
  g_free (self->tzid);
  g_free (self->place);
  g_free (self->link);
  g_clear_pointer (&self->attendees, g_ptr_array_unref);
  g_clear_pointer (&self->recurrence.until, g_date_time_unref);
  g_free (self->recurrence.byday);
  g_clear_pointer (&self->recurrence.exdates, g_ptr_array_unref);
  g_free (self->uid);
  g_clear_pointer (&self->created_at, g_date_time_unref);
  g_clear_pointer (&self->updated_at, g_date_time_unref);
  g_clear_pointer (&self->completed_at, g_date_time_unref);
  g_free (self);
}

static GDateTime *
time_ref0 (GDateTime *t)
{
  return t != NULL ? g_date_time_ref (t) : NULL;
}

KzPlan *
kz_plan_copy (const KzPlan *src)
{
  KzPlan *self = kz_plan_new (src->kind, src->title);

  self->id = src->id;
  self->state = src->state;
  self->agent_id = src->agent_id;
  self->coach_id = src->coach_id;
  self->catalog_item_id = src->catalog_item_id;
  self->proposal_id = src->proposal_id;
  for (guint i = 0; i < src->criteria->len; i++)
    g_ptr_array_add (self->criteria, kz_criterion_ref_copy (src->criteria->pdata[i]));
  g_array_append_vals (self->evidence, src->evidence->data, src->evidence->len);
  self->agenda = g_strdup (src->agenda);
  self->shared_notes = g_strdup (src->shared_notes);
  self->private_notes = g_strdup (src->private_notes);
  self->private_notes_hidden = src->private_notes_hidden;
  for (guint i = 0; i < src->action_items->len; i++)
    {
      const KzActionItem *a = src->action_items->pdata[i];
      KzActionItem *b = kz_action_item_new (a->text, a->owner_id);
      b->due = a->due;
      b->done = a->done;
      g_ptr_array_add (self->action_items, b);
    }
  self->acknowledged_at = time_ref0 (src->acknowledged_at);
  self->commitment = g_strdup (src->commitment);
  self->starts_at = time_ref0 (src->starts_at);
  self->tzid = g_strdup (src->tzid);
  self->duration_minutes = src->duration_minutes;
  self->follow_up = src->follow_up;
  self->due = src->due;
  self->place = g_strdup (src->place);
  self->link = g_strdup (src->link);
  self->capacity = src->capacity;
  for (guint i = 0; i < src->attendees->len; i++)
    g_ptr_array_add (self->attendees, g_memdup2 (src->attendees->pdata[i], sizeof (KzAttendee)));
  self->recurrence.freq = src->recurrence.freq;
  self->recurrence.interval = src->recurrence.interval;
  self->recurrence.until = time_ref0 (src->recurrence.until);
  self->recurrence.count = src->recurrence.count;
  self->recurrence.byday = g_strdup (src->recurrence.byday);
  for (guint i = 0; i < src->recurrence.exdates->len; i++)
    g_ptr_array_add (self->recurrence.exdates, time_ref0 (src->recurrence.exdates->pdata[i]));
  self->uid = g_strdup (src->uid);
  self->sequence = src->sequence;
  self->created_at = time_ref0 (src->created_at);
  self->updated_at = time_ref0 (src->updated_at);
  self->completed_at = time_ref0 (src->completed_at);
  return self;
}

static gboolean
byday_valid (const char *byday)
{
  static const char * const days[] = { "MO", "TU", "WE", "TH", "FR", "SA", "SU" };
  g_auto(GStrv) parts = NULL;

  if (byday == NULL)
    return TRUE;
  parts = g_strsplit (byday, ",", -1);
  if (parts[0] == NULL)
    return FALSE;
  for (guint i = 0; parts[i] != NULL; i++)
    {
      gboolean ok = FALSE;
      for (guint d = 0; d < G_N_ELEMENTS (days); d++)
        ok = ok || g_str_equal (parts[i], days[d]);
      if (!ok)
        return FALSE;
    }
  return TRUE;
}

gboolean
kz_plan_check (const KzPlan  *self,
               GError       **error)
{
  const char *what = NULL;

  if (blank (self->title))
    what = _("A plan needs a title");
  else if ((self->kind == KZ_PLAN_COACHING || self->kind == KZ_PLAN_ELEARNING) && self->agent_id <= 0)
    what = _("Name the agent the plan is for");
  else if (self->kind == KZ_PLAN_COACHING && self->coach_id <= 0)
    what = _("A coaching session needs a coach");
  else if (self->kind == KZ_PLAN_COACHING && self->coach_id == self->agent_id)
    what = _("The coach and the agent of a coaching session are two people");
  else if (self->kind != KZ_PLAN_COACHING && self->catalog_item_id <= 0)
    what = _("Name the training item it assigns");
  else if (self->kind == KZ_PLAN_ELEARNING && !g_date_valid (&self->due))
    what = _("An eLearning assignment needs a due date");
  else if (self->kind == KZ_PLAN_TRAINING && self->starts_at == NULL)
    what = _("A group training needs its start");
  else if (self->starts_at != NULL && blank (self->tzid))
    what = _("A scheduled start needs its time zone (such as Europe/London)");
  else if (self->starts_at != NULL && self->duration_minutes <= 0)
    what = _("A scheduled plan needs a duration of more than 0 minutes");
  else if (self->duration_minutes < 0 || self->capacity < 0)
    what = _("Durations and capacities cannot be negative");
  else if (self->kind != KZ_PLAN_TRAINING && (self->recurrence.freq != KZ_FREQ_NONE || self->attendees->len > 0))
    what = _("Only group training has attendees and recurs");
  else if (self->kind == KZ_PLAN_TRAINING && self->capacity > 0 && self->attendees->len > (guint) self->capacity)
    what = _("More attendees than places");
  else if (self->recurrence.interval < 1)
    what = _("A recurrence's interval is 1 or more");
  else if (self->recurrence.until != NULL && self->recurrence.count > 0)
    what = _("A recurrence ends on a date or after a number of times, not both");
  else if (self->recurrence.count < 0)
    what = _("A recurrence's count cannot be negative");
  else if (!byday_valid (self->recurrence.byday))
    what = _("Days of the week are written MO,TU,WE,TH,FR,SA,SU");
  else if (self->recurrence.freq == KZ_FREQ_NONE &&
           (self->recurrence.until != NULL || self->recurrence.count > 0 || self->recurrence.byday != NULL ||
            self->recurrence.exdates->len > 0))
    what = _("Recurrence details need a frequency");
  else if ((self->state == KZ_PLAN_DONE || self->state == KZ_PLAN_MISSED) != (self->completed_at != NULL))
    what = _("Done and missed plans, and only they, have the time they were marked");
  if (what != NULL)
    {
      g_set_error_literal (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT, what);
      return FALSE;
    }
  if (self->tzid != NULL)
    {
      g_autoptr(GTimeZone) tz = g_time_zone_new_identifier (self->tzid);
      if (tz == NULL)
        {
          g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT, _("“%s” is not a time zone this computer knows"),
                       self->tzid);
          return FALSE;
        }
    }
  for (guint i = 0; i < self->action_items->len; i++)
    {
      const KzActionItem *a = self->action_items->pdata[i];
      if (blank (a->text))
        {
          g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT, _("Action item %u has no text"), i + 1);
          return FALSE;
        }
    }
  for (guint i = 0; i < self->attendees->len; i++)
    for (guint j = 0; j < i; j++)
      if (((KzAttendee *) self->attendees->pdata[i])->person_id == ((KzAttendee *) self->attendees->pdata[j])->person_id)
        {
          g_set_error_literal (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT, _("An attendee is listed twice"));
          return FALSE;
        }
  return refs_check (self->criteria, FALSE, error);
}

gboolean
kz_plan_is_overdue (const KzPlan *self,
                    GDateTime    *now)
{
  GDate today;

  g_return_val_if_fail (self != NULL && now != NULL, FALSE);
  if (self->state != KZ_PLAN_PLANNED || !g_date_valid (&self->due))
    return FALSE;
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
  return g_date_compare (&today, &self->due) > 0;
}

gboolean
kz_plan_involves (const KzPlan *self,
                  gint64        person_id)
{
  if (person_id <= 0)
    return FALSE;
  if (self->agent_id == person_id || self->coach_id == person_id)
    return TRUE;
  for (guint i = 0; i < self->attendees->len; i++)
    if (((KzAttendee *) self->attendees->pdata[i])->person_id == person_id)
      return TRUE;
  return FALSE;
}

static gboolean
times_equal (GDateTime *a, GDateTime *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return g_date_time_to_unix (a) == g_date_time_to_unix (b);
}

static gboolean
dates_equal (const GDate *a, const GDate *b)
{
  if (!g_date_valid (a) || !g_date_valid (b))
    return g_date_valid (a) == g_date_valid (b);
  return g_date_compare (a, b) == 0;
}

gboolean
kz_plan_equal (const KzPlan *a,
               const KzPlan *b)
{
  if (a->kind != b->kind || a->state != b->state || g_strcmp0 (a->title, b->title) != 0 ||
      a->agent_id != b->agent_id || a->coach_id != b->coach_id || a->catalog_item_id != b->catalog_item_id ||
      a->proposal_id != b->proposal_id || !refs_equal (a->criteria, b->criteria) ||
      a->evidence->len != b->evidence->len ||
      memcmp (a->evidence->data, b->evidence->data, a->evidence->len * sizeof (gint64)) != 0 ||
      g_strcmp0 (a->agenda, b->agenda) != 0 || g_strcmp0 (a->shared_notes, b->shared_notes) != 0 ||
      (!a->private_notes_hidden && !b->private_notes_hidden && g_strcmp0 (a->private_notes, b->private_notes) != 0) ||
      !times_equal (a->acknowledged_at, b->acknowledged_at) || g_strcmp0 (a->commitment, b->commitment) != 0 ||
      !times_equal (a->starts_at, b->starts_at) || g_strcmp0 (a->tzid, b->tzid) != 0 ||
      a->duration_minutes != b->duration_minutes || !dates_equal (&a->follow_up, &b->follow_up) ||
      !dates_equal (&a->due, &b->due) || g_strcmp0 (a->place, b->place) != 0 || g_strcmp0 (a->link, b->link) != 0 ||
      a->capacity != b->capacity || a->attendees->len != b->attendees->len ||
      a->action_items->len != b->action_items->len ||
      a->recurrence.freq != b->recurrence.freq || a->recurrence.interval != b->recurrence.interval ||
      !times_equal (a->recurrence.until, b->recurrence.until) || a->recurrence.count != b->recurrence.count ||
      g_strcmp0 (a->recurrence.byday, b->recurrence.byday) != 0 ||
      a->recurrence.exdates->len != b->recurrence.exdates->len || !times_equal (a->completed_at, b->completed_at))
    return FALSE;
  for (guint i = 0; i < a->attendees->len; i++)
    if (memcmp (a->attendees->pdata[i], b->attendees->pdata[i], sizeof (KzAttendee)) != 0)
      return FALSE;
  for (guint i = 0; i < a->action_items->len; i++)
    {
      const KzActionItem *x = a->action_items->pdata[i], *y = b->action_items->pdata[i];
      if (g_strcmp0 (x->text, y->text) != 0 || x->owner_id != y->owner_id || !dates_equal (&x->due, &y->due) ||
          x->done != y->done)
        return FALSE;
    }
  for (guint i = 0; i < a->recurrence.exdates->len; i++)
    if (!times_equal (a->recurrence.exdates->pdata[i], b->recurrence.exdates->pdata[i]))
      return FALSE;
  return TRUE;
}

/* ---- completions ------------------------------------------------------------ */

KzCompletion *
kz_completion_new (void)
{
  return g_new0 (KzCompletion, 1);
}

void
kz_completion_free (KzCompletion *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->completed_at, g_date_time_unref);
  g_free (self->statement_id);
  g_free (self);
}
