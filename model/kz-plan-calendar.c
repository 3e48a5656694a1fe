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

/* ---- import ------------------------------------------------------------------ */

const char *
kz_cal_import_action_to_string (KzCalImportAction action)
{
  static const char *const names[] = { "created", "updated", "cancelled", "skipped" };

  g_return_val_if_fail ((guint) action < G_N_ELEMENTS (names), NULL);
  return names[action];
}

void
kz_cal_import_result_free (KzCalImportResult *self)
{
  if (self == NULL)
    return;
  g_free (self->uid);
  g_free (self->summary);
  g_free (self->reason);
  g_clear_pointer (&self->unknown_people, g_ptr_array_unref);
  g_free (self);
}

static char *
fold (const char *text)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text != NULL ? text : ""));
  g_autofree char *norm = g_utf8_normalize (stripped, -1, G_NORMALIZE_ALL_COMPOSE);

  return g_utf8_casefold (norm != NULL ? norm : stripped, -1);
}

typedef struct {
  KzStore    *store;
  GPtrArray  *plans;      /* KzPlan*: the stored ones, and those made so far */
  GPtrArray  *courses;    /* KzCatalogItem* of kind course */
  GPtrArray  *people;     /* KzPerson* */
  GHashTable *by_email;   /* folded email → KzPerson* */
} ImportCtx;

static KzPlan *
plan_of_uid (ImportCtx  *ctx,
             const char *uid)
{
  for (guint i = 0; i < ctx->plans->len; i++)
    {
      KzPlan *p = ctx->plans->pdata[i];
      if (g_strcmp0 (p->uid, uid) == 0)
        return p;
    }
  return NULL;
}

static const KzCatalogItem *
course_of_summary (ImportCtx   *ctx,
                   const char  *summary,
                   char       **reason)
{
  g_autofree char *want = fold (summary);
  const KzCatalogItem *found = NULL;
  guint n = 0;

  for (guint i = 0; i < ctx->courses->len; i++)
    {
      const KzCatalogItem *c = ctx->courses->pdata[i];
      g_autofree char *title = fold (c->title);

      if (*want != '\0' && strcmp (title, want) == 0)
        {
          found = c;
          n++;
        }
    }
  if (n == 1)
    return found;
  if (n > 1)
    *reason = g_strdup_printf (_("no course: %u courses are called “%s”; choose one"), n, summary);
  else
    *reason = g_strdup_printf (_("no course: none in the catalog is called “%s”; choose one"),
                               summary != NULL ? summary : "");
  return NULL;
}

static KzPerson *
person_of_email (ImportCtx  *ctx,
                 const char *email)
{
  g_autofree char *key = fold (email);

  return g_hash_table_lookup (ctx->by_email, key);
}

static GDateTime *
wall_time (const KzCalTime *t,
           GTimeZone       *tz)
{
  return g_date_time_new (tz, t->year, t->month, t->day, t->hour, t->minute, t->second);
}

static void
add_unknown (GPtrArray  *unknown,
             const char *email)
{
  for (guint i = 0; i < unknown->len; i++)
    if (g_ascii_strcasecmp (unknown->pdata[i], email) == 0)
      return;
  g_ptr_array_add (unknown, g_strdup (email));
}

/* Copies what the event says into @plan (a group training).  FALSE with a
 * reason (a sentence) when the event cannot be one. */
static gboolean
fill_from_event (ImportCtx        *ctx,
                 KzPlan           *plan,
                 const KzCalEvent *ev,
                 GPtrArray        *unknown,
                 char            **reason)
{
  g_autoptr(GTimeZone) tz = NULL;
  g_autofree char *tzid = NULL;
  g_autoptr(GPtrArray) attendees = g_ptr_array_new_with_free_func (g_free);
  KzRecurrence *r = &plan->recurrence;

  if (ev->all_day)
    {
      *reason = g_strdup (_("an all-day event: a group training starts at a time"));
      return FALSE;
    }
  if (ev->tzid != NULL && *ev->tzid != '\0')
    tzid = g_strdup (ev->tzid);
  else
    {
      /* Floating: the same wall time everywhere; read in this computer's zone. */
      g_autoptr(GTimeZone) local = g_time_zone_new_local ();
      const char *id = g_time_zone_get_identifier (local);
      g_autoptr(GTimeZone) check = id != NULL ? g_time_zone_new_identifier (id) : NULL;

      tzid = g_strdup (check != NULL && strchr (id, '/') != NULL ? id : "UTC");
    }
  tz = g_time_zone_new_identifier (tzid);
  if (tz == NULL)
    {
      *reason = g_strdup_printf (_("“%s” is not a time zone this computer knows"), tzid);
      return FALSE;
    }

  if (ev->summary != NULL && strspn (ev->summary, " \t\r\n") < strlen (ev->summary))
    {
      g_free (plan->title);
      plan->title = g_strdup (ev->summary);
    }
  g_free (plan->agenda);
  plan->agenda = g_strdup (ev->description);
  g_free (plan->place);
  plan->place = g_strdup (ev->location);
  g_free (plan->link);
  plan->link = g_strdup (ev->url);
  g_free (plan->tzid);
  plan->tzid = g_steal_pointer (&tzid);
  g_clear_pointer (&plan->starts_at, g_date_time_unref);
  plan->starts_at = wall_time (&ev->start, tz);
  if (plan->starts_at == NULL)
    {
      *reason = g_strdup (_("its start is not a valid time"));
      return FALSE;
    }
  plan->duration_minutes = ev->duration_minutes > 0 ? ev->duration_minutes : 60;

  r->freq = (KzFreq) ev->recurrence.freq;   /* the same order */
  r->interval = MAX (ev->recurrence.interval, 1);
  r->count = ev->recurrence.freq != KZ_CAL_FREQ_NONE ? ev->recurrence.count : 0;
  g_clear_pointer (&r->until, g_date_time_unref);
  if (ev->recurrence.freq != KZ_CAL_FREQ_NONE && ev->recurrence.has_until)
    r->until = wall_time (&ev->recurrence.until, tz);
  g_clear_pointer (&r->byday, g_free);
  if (ev->recurrence.freq != KZ_CAL_FREQ_NONE && ev->recurrence.byday != NULL && ev->recurrence.byday[0] != NULL)
    r->byday = g_strjoinv (",", ev->recurrence.byday);
  g_ptr_array_set_size (r->exdates, 0);
  for (guint i = 0; ev->recurrence.freq != KZ_CAL_FREQ_NONE && ev->exdates != NULL && i < ev->exdates->len; i++)
    {
      GDateTime *x = wall_time (&g_array_index (ev->exdates, KzCalTime, i), tz);
      if (x != NULL)
        g_ptr_array_add (r->exdates, x);
    }

  if (ev->organizer != NULL && ev->organizer->email != NULL)
    {
      KzPerson *p = person_of_email (ctx, ev->organizer->email);
      if (p != NULL)
        plan->coach_id = p->id;
      else
        add_unknown (unknown, ev->organizer->email);
    }

  /* The attendees the event lists, in its order, each once; those already
   * there keep their attendance. */
  for (guint i = 0; ev->attendees != NULL && i < ev->attendees->len; i++)
    {
      const KzCalPerson *a = ev->attendees->pdata[i];
      KzPerson *p = a->email != NULL ? person_of_email (ctx, a->email) : NULL;
      KzAttendee *kept = NULL;
      gboolean twice = FALSE;

      if (p == NULL)
        {
          if (a->email != NULL && *a->email != '\0')
            add_unknown (unknown, a->email);
          continue;
        }
      for (guint j = 0; j < attendees->len && !twice; j++)
        twice = ((KzAttendee *) attendees->pdata[j])->person_id == p->id;
      if (twice)
        continue;
      for (guint j = 0; j < plan->attendees->len && kept == NULL; j++)
        if (((KzAttendee *) plan->attendees->pdata[j])->person_id == p->id)
          kept = plan->attendees->pdata[j];
      {
        KzAttendee *na = g_new0 (KzAttendee, 1);
        na->person_id = p->id;
        na->attendance = kept != NULL ? kept->attendance : KZ_ATTENDANCE_UNKNOWN;
        g_ptr_array_add (attendees, na);
      }
    }
  g_ptr_array_set_size (plan->attendees, 0);
  g_ptr_array_extend_and_steal (plan->attendees, g_steal_pointer (&attendees));
  return TRUE;
}

static const char *
kind_sentence (KzPlanKind kind)
{
  switch (kind)
    {
    case KZ_PLAN_COACHING:
      return _("its UID is a coaching session in Kaizen: change it there");
    case KZ_PLAN_ELEARNING:
      return _("its UID is an eLearning assignment in Kaizen: change it there");
    case KZ_PLAN_TRAINING:
    default:
      return "";
    }
}

/* Saves @plan as brought in; FALSE with a reason when the store refuses it
 * for what it is (the rest goes on), FALSE with @error when the store fails. */
static gboolean
save_or_reason (ImportCtx  *ctx,
                KzPlan     *plan,
                char      **reason,
                GError    **error)
{
  g_autoptr(GError) local = NULL;

  if (kz_store_save_imported_plan (ctx->store, plan, &local) > 0)
    return TRUE;
  if (g_error_matches (local, KZ_ERROR, KZ_ERROR_INVALID_INPUT) ||
      g_error_matches (local, KZ_ERROR, KZ_ERROR_CONFLICT) || g_error_matches (local, KZ_ERROR, KZ_ERROR_EXISTS))
    {
      *reason = g_strdup (local->message);
      return FALSE;
    }
  g_propagate_error (error, g_steal_pointer (&local));
  return FALSE;
}

static KzCalImportResult *
import_one (ImportCtx        *ctx,
            const KzCalEvent *ev,
            const KzCatalogItem *forced,
            GError          **error)
{
  g_autoptr(KzCalImportResult) res = g_new0 (KzCalImportResult, 1);
  KzPlan *stored = plan_of_uid (ctx, ev->uid);
  g_autoptr(KzPlan) plan = NULL;
  g_autoptr(GError) local = NULL;

  res->uid = g_strdup (ev->uid);
  res->summary = g_strdup (ev->summary);
  res->unknown_people = g_ptr_array_new_with_free_func (g_free);
  res->action = KZ_CAL_IMPORT_SKIPPED;

  if (stored != NULL)
    {
      res->plan_id = stored->id;
      res->course_id = stored->catalog_item_id;
      if (ev->sequence <= stored->sequence)
        res->reason = g_strdup_printf (_("already up to date (sequence %d, Kaizen has %d)"), ev->sequence,
                                       stored->sequence);
      else if (stored->kind != KZ_PLAN_TRAINING)
        res->reason = g_strdup (kind_sentence (stored->kind));
      else if (stored->state == KZ_PLAN_CANCELLED)
        res->reason = g_strdup (ev->status == KZ_CAL_STATUS_CANCELLED
                                    ? _("already cancelled")
                                    : _("cancelled in Kaizen: a cancelled training is not brought back"));
      else if (ev->status == KZ_CAL_STATUS_CANCELLED && stored->state != KZ_PLAN_PLANNED)
        res->reason = g_strdup_printf (_("it is %s in Kaizen: not cancelled"),
                                       kz_plan_state_to_string (stored->state));
      if (res->reason != NULL)
        return g_steal_pointer (&res);

      plan = kz_plan_copy (stored);
      if (ev->status == KZ_CAL_STATUS_CANCELLED)
        {
          plan->state = KZ_PLAN_CANCELLED;
          res->action = KZ_CAL_IMPORT_CANCELLED;
        }
      else
        {
          if (!fill_from_event (ctx, plan, ev, res->unknown_people, &res->reason))
            return g_steal_pointer (&res);
          res->action = KZ_CAL_IMPORT_UPDATED;
        }
      plan->sequence = ev->sequence;
    }
  else
    {
      const KzCatalogItem *course = forced;

      if (ev->status == KZ_CAL_STATUS_CANCELLED)
        {
          res->reason = g_strdup (_("cancelled, and not in Kaizen: nothing to bring in"));
          return g_steal_pointer (&res);
        }
      if (ev->all_day)
        {
          res->reason = g_strdup (_("an all-day event: a group training starts at a time"));
          return g_steal_pointer (&res);
        }
      if (course == NULL && (course = course_of_summary (ctx, ev->summary, &res->reason)) == NULL)
        return g_steal_pointer (&res);
      res->course_id = course->id;
      plan = kz_plan_new (KZ_PLAN_TRAINING, course->title);
      plan->catalog_item_id = course->id;
      for (guint i = 0; i < course->criteria->len; i++)
        g_ptr_array_add (plan->criteria, kz_criterion_ref_copy (course->criteria->pdata[i]));
      if (!fill_from_event (ctx, plan, ev, res->unknown_people, &res->reason))
        return g_steal_pointer (&res);
      plan->uid = g_strdup (ev->uid);
      plan->sequence = ev->sequence;
      res->action = KZ_CAL_IMPORT_CREATED;
    }

  if (!save_or_reason (ctx, plan, &res->reason, &local))
    {
      if (local != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return NULL;
        }
      res->action = KZ_CAL_IMPORT_SKIPPED;
      return g_steal_pointer (&res);
    }
  res->plan_id = plan->id;
  if (stored != NULL)
    g_ptr_array_remove (ctx->plans, stored);
  g_ptr_array_add (ctx->plans, g_steal_pointer (&plan));
  return g_steal_pointer (&res);
}

GPtrArray *
kz_plans_import_events (KzStore    *store,
                        GPtrArray  *events,
                        gint64      course_id,
                        gboolean    dry_run,
                        GError    **error)
{
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_cal_import_result_free);
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GHashTable) by_email = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) courses = g_ptr_array_new ();
  ImportCtx ctx = { store, NULL, courses, NULL, by_email };
  const KzCatalogItem *forced = NULL;

  g_return_val_if_fail (KZ_IS_STORE (store), NULL);
  g_return_val_if_fail (events != NULL, NULL);

  if (!kz_store_begin (store, error))
    return NULL;
  if ((ctx.plans = kz_store_list_plans (store, 0, error)) == NULL ||
      (items = kz_store_list_catalog_items (store, error)) == NULL ||
      (ctx.people = kz_store_list_people (store, KZ_ROLE_NONE, error)) == NULL)
    goto fail;
  for (guint i = 0; i < items->len; i++)
    {
      KzCatalogItem *c = items->pdata[i];

      if (c->kind == KZ_CATALOG_COURSE)
        g_ptr_array_add (courses, c);
      if (course_id > 0 && c->id == course_id)
        forced = c;
    }
  if (course_id > 0 && (forced == NULL || forced->kind != KZ_CATALOG_COURSE))
    {
      if (forced == NULL)
        g_set_error (error, KZ_ERROR, KZ_ERROR_NOT_FOUND, _("There is no catalog item %" G_GINT64_FORMAT),
                     course_id);
      else
        g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT,
                     _("Catalog item %" G_GINT64_FORMAT " (“%s”) is eLearning, not a course"), course_id,
                     forced->title);
      goto fail;
    }
  for (guint i = 0; i < ctx.people->len; i++)
    {
      KzPerson *p = ctx.people->pdata[i];

      for (guint j = 0; p->emails != NULL && p->emails[j] != NULL; j++)
        g_hash_table_insert (by_email, fold (p->emails[j]), p);
    }

  for (guint i = 0; i < events->len; i++)
    {
      KzCalImportResult *r = import_one (&ctx, events->pdata[i], forced, error);

      if (r == NULL)
        goto fail;
      g_ptr_array_add (results, r);
    }

  g_clear_pointer (&ctx.plans, g_ptr_array_unref);
  g_clear_pointer (&ctx.people, g_ptr_array_unref);
  if (dry_run)
    kz_store_rollback (store);
  else if (!kz_store_commit (store, error))   /* a failed commit has rolled back already */
    return NULL;
  return g_steal_pointer (&results);

fail:
  g_clear_pointer (&ctx.plans, g_ptr_array_unref);
  g_clear_pointer (&ctx.people, g_ptr_array_unref);
  kz_store_rollback (store);
  return NULL;
}
