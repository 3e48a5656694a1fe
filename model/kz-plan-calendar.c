/* kz-plan-calendar.c — stored plans as a calendar: occurrences and iCalendar events
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kz-plan-calendar"

#include "config.h"

#include <glib/gi18n.h>
#include <libical/ical.h>
#include <string.h>

#include "kz-error.h"
#include "kz-plan-calendar.h"

/* A series never yields more than this many occurrences (a daily one with
 * neither count nor end would go on for ever). */
#define MAX_OCCURRENCES 5000

void
kz_plan_occurrence_free (KzPlanOccurrence *self)
{
  if (self == NULL)
    return;
  g_free (self->title);
  g_clear_pointer (&self->start, g_date_time_unref);
  g_free (self);
}

static KzPlanOccurrence *
occurrence_new (const KzPlan *plan,
                GDateTime    *start,
                gboolean      all_day,
                guint         index)
{
  KzPlanOccurrence *o = g_new0 (KzPlanOccurrence, 1);

  o->plan_id = plan->id;
  o->kind = plan->kind;
  o->state = plan->state;
  o->title = g_strdup (plan->title);
  o->start = g_date_time_ref (start);
  o->duration_minutes = all_day ? 0 : plan->duration_minutes;
  o->all_day = all_day;
  o->index = index;
  return o;
}

static gboolean
in_range (GDateTime *t,
          GDateTime *from,
          GDateTime *to)
{
  return (from == NULL || g_date_time_compare (t, from) >= 0) && (to == NULL || g_date_time_compare (t, to) < 0);
}

static GTimeZone *
plan_zone (const KzPlan *plan)
{
  GTimeZone *tz = NULL;

  if (plan->tzid != NULL && *plan->tzid != '\0')
    tz = g_time_zone_new_identifier (plan->tzid);
  return tz != NULL ? tz : g_time_zone_new_local ();
}

static icaltimezone *
ical_zone (const char *tzid)
{
  if (tzid == NULL || *tzid == '\0' || g_strcmp0 (tzid, "UTC") == 0)
    return icaltimezone_get_utc_timezone ();
  if (strchr (tzid, '/') == NULL || strstr (tzid, "..") != NULL || strlen (tzid) > 64)
    return NULL;
  return icaltimezone_get_builtin_timezone (tzid);
}

static gboolean
is_exdate (const KzPlan *plan,
           gint64        t)
{
  GPtrArray *ex = plan->recurrence.exdates;

  for (guint i = 0; ex != NULL && i < ex->len; i++)
    if (g_date_time_to_unix (ex->pdata[i]) == t)
      return TRUE;
  return FALSE;
}

static GDateTime *
midnight_of (const GDate *d)
{
  return g_date_time_new_local (g_date_get_year (d), g_date_get_month (d), g_date_get_day (d), 0, 0, 0);
}

static gboolean
expand_series (const KzPlan *plan,
               GDateTime    *from,
               GDateTime    *to,
               GPtrArray    *out,
               GError      **error)
{
  static const char *const freqs[] = { NULL, "DAILY", "WEEKLY", "MONTHLY", "YEARLY" };
  const KzRecurrence *r = &plan->recurrence;
  icaltimezone *zone = ical_zone (plan->tzid);
  g_autoptr(GTimeZone) tz = plan_zone (plan);
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GString) rule = g_string_new (NULL);
  struct icalrecurrencetype rt;
  struct icaltimetype start = icaltime_null_time ();
  icalrecur_iterator *it;
  guint index = 0;

  if (zone == NULL)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT, _("Plan “%s”: “%s” is not a known time zone"),
                   plan->title, plan->tzid);
      return FALSE;
    }
  local = g_date_time_to_timezone (plan->starts_at, tz);
  start.year = g_date_time_get_year (local);
  start.month = g_date_time_get_month (local);
  start.day = g_date_time_get_day_of_month (local);
  start.hour = g_date_time_get_hour (local);
  start.minute = g_date_time_get_minute (local);
  start.second = g_date_time_get_second (local);
  start.zone = zone;

  /* The end is checked here as an instant rather than given to the
   * iterator: libical compares a UTC UNTIL with zoned starts unevenly. */
  g_string_append_printf (rule, "FREQ=%s", freqs[r->freq]);
  if (r->interval > 1)
    g_string_append_printf (rule, ";INTERVAL=%d", r->interval);
  if (r->count > 0)
    g_string_append_printf (rule, ";COUNT=%d", r->count);
  if (r->byday != NULL && *r->byday != '\0')
    g_string_append_printf (rule, ";BYDAY=%s", r->byday);
  icalerror_set_errors_are_fatal (0);
  rt = icalrecurrencetype_from_string (rule->str);
  if (rt.freq == ICAL_NO_RECURRENCE)
    {
      icalerror_clear_errno ();
      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT, _("Plan “%s”: “%s” is not a valid recurrence"),
                   plan->title, rule->str);
      return FALSE;
    }
  it = icalrecur_iterator_new (rt, start);
  if (it == NULL)
    {
      icalerror_clear_errno ();
      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT, _("Plan “%s”: its recurrence cannot be expanded"),
                   plan->title);
      return FALSE;
    }
  for (struct icaltimetype next = icalrecur_iterator_next (it);
       !icaltime_is_null_time (next) && index < MAX_OCCURRENCES;
       next = icalrecur_iterator_next (it), index++)
    {
      gint64 t = icaltime_as_timet_with_zone (next, zone);
      g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (t);
      g_autoptr(GDateTime) at = g_date_time_to_timezone (utc, tz);

      if (r->until != NULL && t > g_date_time_to_unix (r->until))
        break;
      if (to != NULL && g_date_time_compare (at, to) >= 0)
        break;
      if (is_exdate (plan, t) || !in_range (at, from, to))
        continue;
      g_ptr_array_add (out, occurrence_new (plan, at, FALSE, index));
    }
  icalrecur_iterator_free (it);
  return TRUE;
}

static gboolean
add_occurrences (const KzPlan *plan,
                 GDateTime    *from,
                 GDateTime    *to,
                 GPtrArray    *out,
                 GError      **error)
{
  if (plan->state == KZ_PLAN_CANCELLED)
    return TRUE;
  if (plan->starts_at != NULL)
    {
      if (plan->kind == KZ_PLAN_TRAINING && plan->recurrence.freq != KZ_FREQ_NONE)
        return expand_series (plan, from, to, out, error);
      else
        {
          g_autoptr(GTimeZone) tz = plan_zone (plan);
          g_autoptr(GDateTime) at = g_date_time_to_timezone (plan->starts_at, tz);

          if (in_range (at, from, to))
            g_ptr_array_add (out, occurrence_new (plan, at, FALSE, 0));
        }
    }
  else if (g_date_valid (&plan->due))
    {
      g_autoptr(GDateTime) at = midnight_of (&plan->due);

      if (in_range (at, from, to))
        g_ptr_array_add (out, occurrence_new (plan, at, TRUE, 0));
    }
  return TRUE;
}

static int
compare_occurrences (gconstpointer a,
                     gconstpointer b)
{
  const KzPlanOccurrence *x = *(KzPlanOccurrence *const *) a;
  const KzPlanOccurrence *y = *(KzPlanOccurrence *const *) b;
  int c = g_date_time_compare (x->start, y->start);

  if (c != 0)
    return c;
  return x->plan_id < y->plan_id ? -1 : x->plan_id > y->plan_id;
}

GPtrArray *
kz_plan_occurrences (const KzPlan *plan,
                     GDateTime    *from,
                     GDateTime    *to,
                     GError      **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_plan_occurrence_free);

  g_return_val_if_fail (plan != NULL, NULL);
  if (!add_occurrences (plan, from, to, out, error))
    return NULL;
  g_ptr_array_sort (out, compare_occurrences);
  return g_steal_pointer (&out);
}

GPtrArray *
kz_plans_occurrences (GPtrArray *plans,
                      GDateTime *from,
                      GDateTime *to,
                      GError   **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_plan_occurrence_free);

  for (guint i = 0; i < plans->len; i++)
    if (!add_occurrences (plans->pdata[i], from, to, out, error))
      return NULL;
  g_ptr_array_sort (out, compare_occurrences);
  return g_steal_pointer (&out);
}

/* ---- events ------------------------------------------------------------------ */

static KzCalTime
cal_time_of (GDateTime *t)
{
  KzCalTime c = { g_date_time_get_year (t), g_date_time_get_month (t), g_date_time_get_day_of_month (t),
                  g_date_time_get_hour (t), g_date_time_get_minute (t), g_date_time_get_second (t) };
  return c;
}

static const KzPerson *
person_of (GHashTable *people,
           gint64      id)
{
  const KzPerson *p;

  if (people == NULL || id <= 0)
    return NULL;
  p = g_hash_table_lookup (people, &id);
  if (p == NULL || p->emails == NULL || p->emails[0] == NULL)
    return NULL;
  return p;
}

KzCalEvent *
kz_plan_to_cal_event (const KzPlan *plan,
                      GHashTable   *people,
                      GError      **error)
{
  g_autoptr(KzCalEvent) ev = kz_cal_event_new ();
  const KzPerson *organizer = person_of (people, plan->coach_id);

  g_return_val_if_fail (plan != NULL, NULL);

  ev->uid = g_strdup (plan->uid);
  ev->sequence = plan->sequence;
  ev->summary = g_strdup (plan->title);
  if (plan->agenda != NULL && *plan->agenda != '\0')
    ev->description = g_strdup (plan->agenda);
  if (plan->place != NULL && *plan->place != '\0')
    ev->location = g_strdup (plan->place);
  if (plan->link != NULL && *plan->link != '\0')
    ev->url = g_strdup (plan->link);
  ev->status = plan->state == KZ_PLAN_CANCELLED ? KZ_CAL_STATUS_CANCELLED : KZ_CAL_STATUS_CONFIRMED;

  if (plan->starts_at != NULL)
    {
      g_autoptr(GTimeZone) tz = plan_zone (plan);
      g_autoptr(GDateTime) local = g_date_time_to_timezone (plan->starts_at, tz);

      ev->start = cal_time_of (local);
      ev->tzid = g_strdup (plan->tzid != NULL && *plan->tzid != '\0' ? plan->tzid : "UTC");
      ev->duration_minutes = plan->duration_minutes > 0 ? plan->duration_minutes : 60;
      if (plan->kind == KZ_PLAN_TRAINING && plan->recurrence.freq != KZ_FREQ_NONE)
        {
          const KzRecurrence *r = &plan->recurrence;

          ev->recurrence.freq = (KzCalFreq) r->freq;   /* the same order */
          ev->recurrence.interval = MAX (r->interval, 1);
          ev->recurrence.count = r->count;
          if (r->until != NULL)
            {
              g_autoptr(GDateTime) u = g_date_time_to_timezone (r->until, tz);

              ev->recurrence.has_until = TRUE;
              ev->recurrence.until = cal_time_of (u);
            }
          if (r->byday != NULL && *r->byday != '\0')
            ev->recurrence.byday = g_strsplit (r->byday, ",", -1);
          for (guint i = 0; r->exdates != NULL && i < r->exdates->len; i++)
            {
              g_autoptr(GDateTime) x = g_date_time_to_timezone (r->exdates->pdata[i], tz);
              KzCalTime c = cal_time_of (x);

              kz_cal_event_add_exdate (ev, &c);
            }
        }
    }
  else if (g_date_valid (&plan->due))
    {
      ev->all_day = TRUE;
      ev->start.year = g_date_get_year (&plan->due);
      ev->start.month = g_date_get_month (&plan->due);
      ev->start.day = g_date_get_day (&plan->due);
      ev->duration_minutes = 1440;
    }
  else
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT, _("Plan “%s” has no date yet"), plan->title);
      return NULL;
    }

  if (organizer != NULL)
    kz_cal_event_set_organizer (ev, organizer->name, organizer->emails[0]);
  if (plan->kind == KZ_PLAN_TRAINING)
    {
      for (guint i = 0; i < plan->attendees->len; i++)
        {
          const KzAttendee *a = plan->attendees->pdata[i];
          const KzPerson *p = person_of (people, a->person_id);

          if (p != NULL)
            kz_cal_event_add_attendee (ev, p->name, p->emails[0], KZ_CAL_ROLE_REQUIRED);
        }
    }
  else
    {
      const KzPerson *p = person_of (people, plan->agent_id);

      if (p != NULL && plan->agent_id != plan->coach_id)
        kz_cal_event_add_attendee (ev, p->name, p->emails[0], KZ_CAL_ROLE_REQUIRED);
    }
  return g_steal_pointer (&ev);
}

GPtrArray *
kz_plans_to_cal_events (KzStore   *store,
                        GPtrArray *plans,
                        GError   **error)
{
  g_autoptr(GPtrArray) people = kz_store_list_people (store, KZ_ROLE_NONE, error);
  g_autoptr(GHashTable) by_id = NULL;
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_cal_event_free);

  if (people == NULL)
    return NULL;
  by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  for (guint i = 0; i < people->len; i++)
    {
      KzPerson *p = people->pdata[i];
      g_hash_table_insert (by_id, &p->id, p);
    }
  for (guint i = 0; i < plans->len; i++)
    {
      KzCalEvent *ev = kz_plan_to_cal_event (plans->pdata[i], by_id, NULL);

      if (ev != NULL)
        g_ptr_array_add (events, ev);
    }
  return g_steal_pointer (&events);
}

gboolean
kz_plans_export_to_file (KzStore     *store,
                         GPtrArray   *plans,
                         KzCalMethod  method,
                         GDateTime   *now,
                         const char  *path,
                         GError     **error)
{
  g_autoptr(GPtrArray) events = kz_plans_to_cal_events (store, plans, error);

  if (events == NULL)
    return FALSE;
  if (events->len == 0)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT, _("Nothing scheduled to export"));
      return FALSE;
    }
  return kz_ical_export_to_file (events, method, now, path, error);
}

GPtrArray *
kz_plans_for_schedule (KzStore *store,
                       gint64   person_id,
                       gint64   team_id,
                       GError **error)
{
  g_autoptr(GPtrArray) all = kz_store_list_plans (store, team_id > 0 ? 0 : person_id, error);
  g_autoptr(GPtrArray) people = NULL;
  g_autoptr(GPtrArray) out = NULL;

  if (all == NULL)
    return NULL;
  if (team_id <= 0)
    return g_steal_pointer (&all);
  people = kz_store_list_people (store, KZ_ROLE_NONE, error);
  if (people == NULL)
    return NULL;
  out = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_plan_free);
  for (guint i = 0; i < all->len; i++)
    {
      KzPlan *plan = all->pdata[i];
      gboolean member = FALSE;

      for (guint j = 0; j < people->len && !member; j++)
        {
          KzPerson *p = people->pdata[j];
          member = p->team_id == team_id && kz_plan_involves (plan, p->id);
        }
      if (member)
        g_ptr_array_add (out, kz_plan_copy (plan));
    }
  return g_steal_pointer (&out);
}
