/* kz-plan-ical.c — coaching plans as calendar events
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kz-plan-ical"

#include "config.h"

#include <glib/gi18n.h>

#include "kz-error.h"
#include "kz-plan-ical.h"

G_STATIC_ASSERT ((int) KZ_FREQ_DAILY == (int) KZ_CAL_FREQ_DAILY && (int) KZ_FREQ_WEEKLY == (int) KZ_CAL_FREQ_WEEKLY &&
                 (int) KZ_FREQ_MONTHLY == (int) KZ_CAL_FREQ_MONTHLY && (int) KZ_FREQ_YEARLY == (int) KZ_CAL_FREQ_YEARLY);

static gboolean
wall_time (GDateTime  *t,
           const char *tzid,
           KzCalTime  *out,
           GError    **error)
{
  g_autoptr(GTimeZone) tz = tzid ? g_time_zone_new_identifier (tzid) : g_time_zone_new_utc ();
  g_autoptr(GDateTime) local = NULL;

  if (tz == NULL)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT, _("“%s” is not a known time zone"), tzid);
      return FALSE;
    }
  local = g_date_time_to_timezone (t, tz);
  *out = (KzCalTime) { g_date_time_get_year (local), g_date_time_get_month (local),
                       g_date_time_get_day_of_month (local), g_date_time_get_hour (local),
                       g_date_time_get_minute (local), g_date_time_get_second (local) };
  return TRUE;
}

static gboolean
add_person (KzStore    *store,
            gint64      id,
            KzCalEvent *ev,
            gboolean    organizer,
            GError    **error)
{
  g_autoptr(KzPerson) p = NULL;

  if (id <= 0)
    return TRUE;
  p = kz_store_get_person (store, id, error);
  if (p == NULL)
    return FALSE;
  if (p->emails == NULL || p->emails[0] == NULL)
    return TRUE;   /* nobody to write to */
  if (organizer)
    kz_cal_event_set_organizer (ev, p->name, p->emails[0]);
  else
    kz_cal_event_add_attendee (ev, p->name, p->emails[0], KZ_CAL_ROLE_REQUIRED);
  return TRUE;
}

KzCalEvent *
kz_plan_to_cal_event (KzStore       *store,
                      const KzPlan  *plan,
                      GError       **error)
{
  g_autoptr(KzCalEvent) ev = NULL;
  const char *tzid;

  g_return_val_if_fail (KZ_IS_STORE (store) && plan != NULL, NULL);

  if (plan->uid == NULL)
    return NULL;
  if (plan->kind == KZ_PLAN_ELEARNING || (plan->kind == KZ_PLAN_COACHING && plan->starts_at == NULL))
    if (!g_date_valid (&plan->due))
      return NULL;

  ev = kz_cal_event_new ();
  ev->uid = g_strdup (plan->uid);
  ev->sequence = plan->sequence;
  ev->summary = g_strdup (plan->title);
  ev->description = plan->agenda && *plan->agenda ? g_strdup (plan->agenda) : NULL;
  ev->location = plan->place && *plan->place ? g_strdup (plan->place) : NULL;
  ev->url = plan->link && *plan->link ? g_strdup (plan->link) : NULL;
  ev->status = plan->state == KZ_PLAN_CANCELLED ? KZ_CAL_STATUS_CANCELLED : KZ_CAL_STATUS_CONFIRMED;

  if (plan->starts_at == NULL)
    {
      ev->all_day = TRUE;
      ev->start = (KzCalTime) { g_date_get_year (&plan->due), g_date_get_month (&plan->due),
                                g_date_get_day (&plan->due), 0, 0, 0 };
      ev->duration_minutes = 1440;
    }
  else
    {
      tzid = plan->tzid && *plan->tzid ? plan->tzid : "UTC";
      ev->tzid = g_strdup (tzid);
      if (!wall_time (plan->starts_at, tzid, &ev->start, error))
        return NULL;
      ev->duration_minutes = MAX (plan->duration_minutes, 0);
      if (plan->recurrence.freq != KZ_FREQ_NONE)
        {
          const KzRecurrence *r = &plan->recurrence;

          /* KzFreq and KzCalFreq list the same frequencies in the same order. */
          ev->recurrence.freq = (KzCalFreq) r->freq;
          ev->recurrence.interval = MAX (r->interval, 1);
          ev->recurrence.count = r->count;
          if (r->until != NULL)
            {
              ev->recurrence.has_until = TRUE;
              if (!wall_time (r->until, tzid, &ev->recurrence.until, error))
                return NULL;
            }
          if (r->byday != NULL && *r->byday)
            ev->recurrence.byday = g_strsplit (r->byday, ",", -1);
          for (guint i = 0; r->exdates && i < r->exdates->len; i++)
            {
              KzCalTime x;
              if (!wall_time (g_ptr_array_index (r->exdates, i), tzid, &x, error))
                return NULL;
              kz_cal_event_add_exdate (ev, &x);
            }
        }
    }

  if (!add_person (store, plan->coach_id, ev, TRUE, error))
    return NULL;
  if (plan->kind != KZ_PLAN_TRAINING && !add_person (store, plan->agent_id, ev, FALSE, error))
    return NULL;
  for (guint i = 0; plan->attendees && i < plan->attendees->len; i++)
    if (!add_person (store, ((KzAttendee *) g_ptr_array_index (plan->attendees, i))->person_id, ev, FALSE, error))
      return NULL;
  return g_steal_pointer (&ev);
}

GPtrArray *
kz_plans_to_cal_events (KzStore    *store,
                        GPtrArray  *plans,
                        GError    **error)
{
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_cal_event_free);

  g_return_val_if_fail (plans != NULL, NULL);

  for (guint i = 0; i < plans->len; i++)
    {
      GError *local = NULL;
      KzCalEvent *ev = kz_plan_to_cal_event (store, g_ptr_array_index (plans, i), &local);

      if (local != NULL)
        {
          g_propagate_error (error, local);
          return NULL;
        }
      if (ev != NULL)
        g_ptr_array_add (events, ev);
    }
  return g_steal_pointer (&events);
}
