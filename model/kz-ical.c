/* kz-ical.c — calendar events to and from iCalendar, with libical
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kz-ical"

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <libical/ical.h>
#include <string.h>

#include "kz-error.h"
#include "kz-ical.h"
#include "kz-workers.h"

/* Bigger than any calendar a person exports; keeps a hostile file from
 * costing minutes. */
#define MAX_FILE_BYTES   (16 * 1024 * 1024)
#define MAX_LINE_BYTES   (256 * 1024)
#define MAX_DEPTH        8
#define MAX_DURATION_MIN (366 * 24 * 60)

/* ---- events -------------------------------------------------------------- */

KzCalPerson *
kz_cal_person_new (const char *name,
                   const char *email,
                   KzCalRole   role)
{
  KzCalPerson *p = g_new0 (KzCalPerson, 1);

  p->name = g_strdup (name);
  p->email = g_strdup (email);
  p->role = role;
  return p;
}

void
kz_cal_person_free (KzCalPerson *person)
{
  if (person == NULL)
    return;
  g_free (person->name);
  g_free (person->email);
  g_free (person);
}

static KzCalPerson *
person_copy (const KzCalPerson *p)
{
  return p ? kz_cal_person_new (p->name, p->email, p->role) : NULL;
}

KzCalEvent *
kz_cal_event_new (void)
{
  KzCalEvent *ev = g_new0 (KzCalEvent, 1);

  ev->recurrence.interval = 1;
  ev->status = KZ_CAL_STATUS_CONFIRMED;
  return ev;
}

void
kz_cal_event_free (KzCalEvent *ev)
{
  if (ev == NULL)
    return;
  g_free (ev->uid);
  g_free (ev->summary);
  g_free (ev->description);
  g_free (ev->location);
  g_free (ev->url);
  g_free (ev->tzid);
  g_strfreev (ev->recurrence.byday);
  g_clear_pointer (&ev->exdates, g_array_unref);
  kz_cal_person_free (ev->organizer);
  g_clear_pointer (&ev->attendees, g_ptr_array_unref);
  g_free (ev);
}

KzCalEvent *
kz_cal_event_copy (const KzCalEvent *ev)
{
  KzCalEvent *c;

  g_return_val_if_fail (ev != NULL, NULL);

  c = g_new0 (KzCalEvent, 1);
  *c = *ev;
  c->uid = g_strdup (ev->uid);
  c->summary = g_strdup (ev->summary);
  c->description = g_strdup (ev->description);
  c->location = g_strdup (ev->location);
  c->url = g_strdup (ev->url);
  c->tzid = g_strdup (ev->tzid);
  c->recurrence.byday = g_strdupv (ev->recurrence.byday);
  c->exdates = NULL;
  if (ev->exdates != NULL)
    {
      c->exdates = g_array_new (FALSE, FALSE, sizeof (KzCalTime));
      g_array_append_vals (c->exdates, ev->exdates->data, ev->exdates->len);
    }
  c->organizer = person_copy (ev->organizer);
  c->attendees = NULL;
  if (ev->attendees != NULL)
    for (guint i = 0; i < ev->attendees->len; i++)
      {
        const KzCalPerson *p = g_ptr_array_index (ev->attendees, i);
        kz_cal_event_add_attendee (c, p->name, p->email, p->role);
      }
  return c;
}

void
kz_cal_event_add_exdate (KzCalEvent      *ev,
                         const KzCalTime *when)
{
  g_return_if_fail (ev != NULL && when != NULL);

  if (ev->exdates == NULL)
    ev->exdates = g_array_new (FALSE, FALSE, sizeof (KzCalTime));
  g_array_append_val (ev->exdates, *when);
}

void
kz_cal_event_add_attendee (KzCalEvent *ev,
                           const char *name,
                           const char *email,
                           KzCalRole   role)
{
  g_return_if_fail (ev != NULL && email != NULL);

  if (ev->attendees == NULL)
    ev->attendees = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_cal_person_free);
  g_ptr_array_add (ev->attendees, kz_cal_person_new (name, email, role));
}

void
kz_cal_event_set_organizer (KzCalEvent *ev,
                            const char *name,
                            const char *email)
{
  g_return_if_fail (ev != NULL);

  kz_cal_person_free (ev->organizer);
  ev->organizer = email ? kz_cal_person_new (name, email, KZ_CAL_ROLE_CHAIR) : NULL;
}

void
kz_cal_event_cancel (KzCalEvent *ev)
{
  g_return_if_fail (ev != NULL);

  ev->status = KZ_CAL_STATUS_CANCELLED;
  ev->sequence++;
}

char *
kz_ical_new_uid (const char *domain)
{
  g_autofree char *uuid = g_uuid_string_random ();

  if (domain == NULL || *domain == '\0')
    domain = g_get_host_name ();
  return g_strdup_printf ("%s@%s", uuid, domain);
}

const char *
kz_cal_freq_to_string (KzCalFreq freq)
{
  switch (freq)
    {
    case KZ_CAL_FREQ_DAILY: return "daily";
    case KZ_CAL_FREQ_WEEKLY: return "weekly";
    case KZ_CAL_FREQ_MONTHLY: return "monthly";
    case KZ_CAL_FREQ_YEARLY: return "yearly";
    case KZ_CAL_FREQ_NONE:
    default: return "none";
    }
}

char *
kz_cal_time_format (const KzCalTime *t,
                    gboolean         date_only)
{
  g_return_val_if_fail (t != NULL, NULL);

  if (date_only)
    return g_strdup_printf ("%04d-%02d-%02d", t->year, t->month, t->day);
  if (t->second != 0)
    return g_strdup_printf ("%04d-%02d-%02d %02d:%02d:%02d", t->year, t->month, t->day, t->hour, t->minute,
                            t->second);
  return g_strdup_printf ("%04d-%02d-%02d %02d:%02d", t->year, t->month, t->day, t->hour, t->minute);
}

char *
kz_cal_recurrence_describe (const KzCalEvent *ev)
{
  const KzCalRecurrence *r;
  GString *s;

  g_return_val_if_fail (ev != NULL, NULL);

  r = &ev->recurrence;
  if (r->freq == KZ_CAL_FREQ_NONE)
    return g_strdup (_("once"));
  s = g_string_new (NULL);
  if (r->interval > 1)
    g_string_append_printf (s, _("every %d %s"), r->interval,
                            r->freq == KZ_CAL_FREQ_DAILY ? _("days") : r->freq == KZ_CAL_FREQ_WEEKLY ? _("weeks")
                            : r->freq == KZ_CAL_FREQ_MONTHLY ? _("months") : _("years"));
  else
    g_string_append (s, r->freq == KZ_CAL_FREQ_DAILY ? _("daily") : r->freq == KZ_CAL_FREQ_WEEKLY ? _("weekly")
                        : r->freq == KZ_CAL_FREQ_MONTHLY ? _("monthly") : _("yearly"));
  if (r->byday != NULL && r->byday[0] != NULL)
    {
      g_autofree char *days = g_strjoinv (",", r->byday);
      g_string_append_printf (s, _(" on %s"), days);
    }
  if (r->count > 0)
    g_string_append_printf (s, _(", %d times"), r->count);
  if (r->has_until)
    {
      g_autofree char *until = kz_cal_time_format (&r->until, ev->all_day);
      g_string_append_printf (s, _(" until %s"), until);
    }
  if (ev->exdates != NULL && ev->exdates->len > 0)
    g_string_append_printf (s, g_dngettext (GETTEXT_PACKAGE, ", %u date dropped", ", %u dates dropped",
                                            ev->exdates->len), ev->exdates->len);
  return g_string_free (s, FALSE);
}

/* ---- libical helpers ----------------------------------------------------- */

static void
ical_init (void)
{
  static gsize once = 0;

  if (g_once_init_enter (&once))
    {
      /* libical's default aborts the process on some errors in bad input. */
      icalerror_set_errors_are_fatal (0);
      g_once_init_leave (&once, 1);
    }
}

static gboolean
time_is_valid (const KzCalTime *t)
{
  if (t->year < 1900 || t->year > 2999 || t->month < 1 || t->month > 12 || t->day < 1 ||
      t->day > g_date_get_days_in_month (t->month, t->year))
    return FALSE;
  return t->hour >= 0 && t->hour < 24 && t->minute >= 0 && t->minute < 60 && t->second >= 0 && t->second < 61;
}

static struct icaltimetype
to_icaltime (const KzCalTime *t,
             gboolean         is_date,
             icaltimezone    *zone)
{
  struct icaltimetype it = icaltime_null_time ();

  it.year = t->year;
  it.month = t->month;
  it.day = t->day;
  it.is_date = is_date ? 1 : 0;
  if (!is_date)
    {
      it.hour = t->hour;
      it.minute = t->minute;
      it.second = t->second;
    }
  it.zone = zone;
  return it;
}

static KzCalTime
from_icaltime (struct icaltimetype it)
{
  KzCalTime t = { it.year, it.month, it.day, 0, 0, 0 };

  if (!it.is_date)
    {
      t.hour = it.hour;
      t.minute = it.minute;
      t.second = it.second;
    }
  return t;
}

/* Only names zones.tab could list: the lookup must never become a path. */
static gboolean
tzid_is_plausible (const char *tzid)
{
  if (tzid == NULL || *tzid == '\0' || strlen (tzid) > 64 || strstr (tzid, "..") != NULL)
    return FALSE;
  for (const char *p = tzid; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '/' && *p != '_' && *p != '-' && *p != '+')
      return FALSE;
  return TRUE;
}

static icaltimezone *
builtin_zone (const char *tzid)
{
  if (g_strcmp0 (tzid, "UTC") == 0)
    return icaltimezone_get_utc_timezone ();
  if (!tzid_is_plausible (tzid) || strchr (tzid, '/') == NULL)
    return NULL;
  return icaltimezone_get_builtin_timezone (tzid);
}

gboolean
kz_ical_time_to_unix (const KzCalTime *t,
                      const char      *tzid,
                      gint64          *out_unix,
                      GError         **error)
{
  icaltimezone *zone;

  g_return_val_if_fail (t != NULL && out_unix != NULL, FALSE);

  ical_init ();
  zone = tzid ? builtin_zone (tzid) : icaltimezone_get_utc_timezone ();
  if (zone == NULL)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT, _("“%s” is not a known time zone"), tzid);
      return FALSE;
    }
  *out_unix = icaltime_as_timet_with_zone (to_icaltime (t, FALSE, NULL), zone);
  return TRUE;
}

/* ---- export -------------------------------------------------------------- */

/* RFC 5545 parameter values cannot hold a DQUOTE, and no value holds a
 * control character. */
static char *
clean_param (const char *s)
{
  GString *out = g_string_new (NULL);

  for (const char *p = s; *p; p++)
    if (*p != '"' && (guchar) *p >= 0x20 && *p != 0x7f)
      g_string_append_c (out, *p);
  return g_string_free (out, FALSE);
}

/* TEXT values: libical escapes commas, semicolons and newlines, but writes
 * other control characters as they are, which no reader accepts.  A
 * textarea's CR LF becomes LF. */
static char *
clean_text (const char *s)
{
  GString *out = g_string_new (NULL);

  for (const char *p = s; *p; p++)
    if ((guchar) *p >= 0x20 || *p == '\n' || *p == '\t')
      g_string_append_c (out, *p == 0x7f ? ' ' : *p);
  return g_string_free (out, FALSE);
}

static void
add_text (icalcomponent *comp,
          icalproperty  *(*make) (const char *),
          const char    *text)
{
  g_autofree char *clean = clean_text (text);

  icalcomponent_add_property (comp, make (clean));
}

static gboolean
check_text (const char *what,
            const char *text,
            GError    **error)
{
  if (text != NULL && !g_utf8_validate (text, -1, NULL))
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT, _("The %s is not valid UTF-8"), what);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_email (const char *email,
             GError    **error)
{
  if (email == NULL || strchr (email, '@') == NULL || email[0] == '@')
    goto bad;
  for (const char *p = email; *p; p++)
    if ((guchar) *p <= 0x20 || *p == '"' || *p == '<' || *p == '>' || *p == 0x7f)
      goto bad;
  return TRUE;
bad:
  g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT, _("“%s” is not an email address"),
               email ? email : "");
  return FALSE;
}

static icalproperty *
person_property (const KzCalPerson *p,
                 gboolean           attendee,
                 KzCalMethod        method)
{
  g_autofree char *mailto = g_strconcat ("mailto:", p->email, NULL);
  icalproperty *prop = attendee ? icalproperty_new_attendee (mailto) : icalproperty_new_organizer (mailto);

  if (p->name != NULL && *p->name != '\0')
    {
      g_autofree char *cn = clean_param (p->name);
      icalproperty_add_parameter (prop, icalparameter_new_cn (cn));
    }
  if (attendee)
    {
      icalparameter_role role = p->role == KZ_CAL_ROLE_OPTIONAL ? ICAL_ROLE_OPTPARTICIPANT
                              : p->role == KZ_CAL_ROLE_CHAIR    ? ICAL_ROLE_CHAIR
                                                                : ICAL_ROLE_REQPARTICIPANT;
      icalproperty_add_parameter (prop, icalparameter_new_role (role));
      if (method == KZ_CAL_METHOD_REQUEST)
        {
          icalproperty_add_parameter (prop, icalparameter_new_partstat (ICAL_PARTSTAT_NEEDSACTION));
          icalproperty_add_parameter (prop, icalparameter_new_rsvp (ICAL_RSVP_TRUE));
        }
    }
  return prop;
}

static icalproperty *
with_tzid (icalproperty *prop,
           const char   *tzid)
{
  if (tzid != NULL && g_strcmp0 (tzid, "UTC") != 0)
    icalproperty_add_parameter (prop, icalparameter_new_tzid (tzid));
  return prop;
}

static gboolean
add_rrule (icalcomponent    *vevent,
           const KzCalEvent *ev,
           icaltimezone     *zone,
           GError          **error)
{
  const KzCalRecurrence *r = &ev->recurrence;
  static const char *const freqs[] = { NULL, "DAILY", "WEEKLY", "MONTHLY", "YEARLY" };
  g_autoptr(GString) s = g_string_new (NULL);
  struct icalrecurrencetype rt;

  if (r->freq <= KZ_CAL_FREQ_NONE || r->freq > KZ_CAL_FREQ_YEARLY)
    return TRUE;
  if (r->interval < 1 || r->interval > 1000 || r->count < 0 || (r->count > 0 && r->has_until))
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT,
                   _("Event “%s”: the recurrence needs an interval of 1 or more and either a count or an end, "
                     "not both"), ev->summary ? ev->summary : ev->uid);
      return FALSE;
    }
  g_string_append_printf (s, "FREQ=%s", freqs[r->freq]);
  if (r->interval > 1)
    g_string_append_printf (s, ";INTERVAL=%d", r->interval);
  if (r->count > 0)
    g_string_append_printf (s, ";COUNT=%d", r->count);
  if (r->has_until)
    {
      struct icaltimetype u;
      g_autofree char *text = NULL;

      if (!time_is_valid (&r->until))
        {
          g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT, _("Event “%s”: the recurrence's end is not a date"),
                       ev->summary ? ev->summary : ev->uid);
          return FALSE;
        }
      if (ev->all_day)
        u = to_icaltime (&r->until, TRUE, NULL);
      else if (zone != NULL)
        /* RFC 5545 3.3.10: with a DTSTART in a zone, UNTIL is in UTC. */
        u = icaltime_convert_to_zone (to_icaltime (&r->until, FALSE, zone), icaltimezone_get_utc_timezone ());
      else
        u = to_icaltime (&r->until, FALSE, NULL);   /* floating start, floating end */
      text = g_strdup (icaltime_as_ical_string (u));
      g_string_append_printf (s, ";UNTIL=%s", text);
    }
  if (r->byday != NULL && r->byday[0] != NULL)
    {
      g_autofree char *days = g_strjoinv (",", r->byday);

      for (const char *p = days; *p; p++)
        if (!g_ascii_isalnum (*p) && *p != ',' && *p != '-' && *p != '+')
          {
            g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT, _("Event “%s”: “%s” is not a list of week days"),
                         ev->summary ? ev->summary : ev->uid, days);
            return FALSE;
          }
      g_string_append_printf (s, ";BYDAY=%s", days);
    }

  rt = icalrecurrencetype_from_string (s->str);
  if (rt.freq == ICAL_NO_RECURRENCE || icalerrno != ICAL_NO_ERROR)
    {
      icalerror_clear_errno ();
      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT, _("Event “%s”: “%s” is not a valid recurrence"),
                   ev->summary ? ev->summary : ev->uid, s->str);
      return FALSE;
    }
  icalcomponent_add_property (vevent, icalproperty_new_rrule (rt));
  return TRUE;
}

static icalcomponent *
event_component (const KzCalEvent *ev,
                 KzCalMethod       method,
                 struct icaltimetype stamp,
                 GError          **error)
{
  icalcomponent *vevent;
  icaltimezone *zone = NULL;
  const char *label = ev->summary ? ev->summary : ev->uid;

  if (ev->uid == NULL || *ev->uid == '\0' || !g_utf8_validate (ev->uid, -1, NULL))
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT, _("Event “%s” has no UID"),
                   ev->summary ? ev->summary : "");
      return NULL;
    }
  if (!check_text ("title", ev->summary, error) || !check_text ("description", ev->description, error) ||
      !check_text ("place", ev->location, error) || !check_text ("link", ev->url, error))
    return NULL;
  if (!time_is_valid (&ev->start))
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT, _("Event “%s” has no valid start"), label);
      return NULL;
    }
  if (ev->duration_minutes < 0 || ev->duration_minutes > MAX_DURATION_MIN ||
      (ev->all_day && ev->duration_minutes % 1440 != 0))
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT,
                   _("Event “%s”: the duration must be 0 to 366 days (whole days for an all-day event)"), label);
      return NULL;
    }
  if (!ev->all_day && ev->tzid != NULL && (zone = builtin_zone (ev->tzid)) == NULL)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT, _("Event “%s”: “%s” is not a known time zone"), label,
                   ev->tzid);
      return NULL;
    }
  if (method != KZ_CAL_METHOD_NONE)
    {
      if (ev->organizer == NULL || !check_email (ev->organizer->email, error))
        {
          if (ev->organizer == NULL)
            g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT,
                         _("Event “%s”: an invitation or cancellation needs an organizer"), label);
          return NULL;
        }
      if (ev->attendees == NULL || ev->attendees->len == 0)
        {
          g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT,
                       _("Event “%s”: an invitation or cancellation needs at least one attendee"), label);
          return NULL;
        }
      for (guint i = 0; i < ev->attendees->len; i++)
        {
          const KzCalPerson *p = g_ptr_array_index (ev->attendees, i);
          if (!check_email (p->email, error) || !check_text ("attendee's name", p->name, error))
            return NULL;
        }
      if (!check_text ("organizer's name", ev->organizer->name, error))
        return NULL;
    }

  vevent = icalcomponent_new_vevent ();
  icalcomponent_add_property (vevent, icalproperty_new_uid (ev->uid));
  icalcomponent_add_property (vevent, icalproperty_new_dtstamp (stamp));
  icalcomponent_add_property (vevent, icalproperty_new_sequence (MAX (ev->sequence, 0)));
  add_text (vevent, icalproperty_new_summary, ev->summary ? ev->summary : "");
  if (ev->description != NULL && *ev->description)
    add_text (vevent, icalproperty_new_description, ev->description);
  if (ev->location != NULL && *ev->location)
    add_text (vevent, icalproperty_new_location, ev->location);
  else if (ev->url != NULL && *ev->url)
    /* Calendars show LOCATION; a link alone goes there too so people see it. */
    add_text (vevent, icalproperty_new_location, ev->url);
  if (ev->url != NULL && *ev->url)
    add_text (vevent, icalproperty_new_url, ev->url);

  if (ev->all_day)
    {
      struct icaltimetype s = to_icaltime (&ev->start, TRUE, NULL);
      struct icaltimetype e = s;

      icaltime_adjust (&e, MAX (ev->duration_minutes / 1440, 1), 0, 0, 0);
      icalcomponent_add_property (vevent, icalproperty_new_dtstart (s));
      icalcomponent_add_property (vevent, icalproperty_new_dtend (e));
    }
  else
    {
      gboolean utc = g_strcmp0 (ev->tzid, "UTC") == 0;
      struct icaltimetype s = to_icaltime (&ev->start, FALSE, utc ? icaltimezone_get_utc_timezone () : NULL);
      struct icaltimetype e = s;

      /* DTEND is the same wall-clock arithmetic a calendar does: a session
       * across a DST change keeps its wall-clock end. */
      icaltime_adjust (&e, 0, 0, ev->duration_minutes, 0);
      icalcomponent_add_property (vevent, with_tzid (icalproperty_new_dtstart (s), ev->tzid));
      icalcomponent_add_property (vevent, with_tzid (icalproperty_new_dtend (e), ev->tzid));
    }

  if (!add_rrule (vevent, ev, zone, error))
    {
      icalcomponent_free (vevent);
      return NULL;
    }
  if (ev->exdates != NULL)
    for (guint i = 0; i < ev->exdates->len; i++)
      {
        const KzCalTime *x = &g_array_index (ev->exdates, KzCalTime, i);
        gboolean utc = g_strcmp0 (ev->tzid, "UTC") == 0;

        if (!time_is_valid (x))
          {
            g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT, _("Event “%s”: a dropped occurrence has no valid date"),
                         label);
            icalcomponent_free (vevent);
            return NULL;
          }
        if (ev->all_day)
          icalcomponent_add_property (vevent, icalproperty_new_exdate (to_icaltime (x, TRUE, NULL)));
        else
          icalcomponent_add_property (vevent, with_tzid (icalproperty_new_exdate (
                                        to_icaltime (x, FALSE, utc ? icaltimezone_get_utc_timezone () : NULL)),
                                      ev->tzid));
      }

  if (method == KZ_CAL_METHOD_CANCEL || ev->status == KZ_CAL_STATUS_CANCELLED)
    icalcomponent_add_property (vevent, icalproperty_new_status (ICAL_STATUS_CANCELLED));
  else if (ev->status == KZ_CAL_STATUS_TENTATIVE)
    icalcomponent_add_property (vevent, icalproperty_new_status (ICAL_STATUS_TENTATIVE));
  else
    icalcomponent_add_property (vevent, icalproperty_new_status (ICAL_STATUS_CONFIRMED));

  if (method != KZ_CAL_METHOD_NONE)
    {
      icalcomponent_add_property (vevent, person_property (ev->organizer, FALSE, method));
      for (guint i = 0; i < ev->attendees->len; i++)
        icalcomponent_add_property (vevent, person_property (g_ptr_array_index (ev->attendees, i), TRUE, method));
    }
  return vevent;
}

/* The earliest year a time in TZID appears in EVENTS. */
static int
first_year (GPtrArray  *events,
            const char *tzid)
{
  int year = 2999;

  for (guint i = 0; i < events->len; i++)
    {
      const KzCalEvent *ev = g_ptr_array_index (events, i);

      if (ev->all_day || g_strcmp0 (ev->tzid, tzid) != 0)
        continue;
      year = MIN (year, ev->start.year);
      for (guint j = 0; ev->exdates && j < ev->exdates->len; j++)
        year = MIN (year, g_array_index (ev->exdates, KzCalTime, j).year);
    }
  return year;
}

char *
kz_ical_export (GPtrArray   *events,
                KzCalMethod  method,
                GDateTime   *now,
                GError     **error)
{
  g_autoptr(GDateTime) utc_now = NULL;
  g_autoptr(GPtrArray) zones = g_ptr_array_new ();   /* tzid strings, borrowed from events */
  g_autofree char *prodid = g_strdup_printf ("-//Kaizen//Kaizen %s//EN", VERSION);
  struct icaltimetype stamp = icaltime_null_time ();
  icalcomponent *cal;
  GList *vevents = NULL;
  char *text, *result;

  g_return_val_if_fail (events != NULL, NULL);

  ical_init ();
  if (events->len == 0)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT, _("There are no events to export"));
      return NULL;
    }
  if (method != KZ_CAL_METHOD_NONE)
    for (guint i = 1; i < events->len; i++)
      if (g_strcmp0 (((KzCalEvent *) g_ptr_array_index (events, i))->uid,
                     ((KzCalEvent *) g_ptr_array_index (events, 0))->uid) != 0)
        {
          /* RFC 5546: one iTIP message is about one event. */
          g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT,
                       _("An invitation or cancellation is about one event; write one file per event"));
          return NULL;
        }

  utc_now = now ? g_date_time_to_utc (now) : g_date_time_new_now_utc ();
  stamp.year = g_date_time_get_year (utc_now);
  stamp.month = g_date_time_get_month (utc_now);
  stamp.day = g_date_time_get_day_of_month (utc_now);
  stamp.hour = g_date_time_get_hour (utc_now);
  stamp.minute = g_date_time_get_minute (utc_now);
  stamp.second = g_date_time_get_second (utc_now);
  stamp.zone = icaltimezone_get_utc_timezone ();

  for (guint i = 0; i < events->len; i++)
    {
      const KzCalEvent *ev = g_ptr_array_index (events, i);
      icalcomponent *vevent = event_component (ev, method, stamp, error);

      if (vevent == NULL)
        {
          g_list_free_full (vevents, (GDestroyNotify) icalcomponent_free);
          return NULL;
        }
      vevents = g_list_append (vevents, vevent);
      if (!ev->all_day && ev->tzid != NULL && g_strcmp0 (ev->tzid, "UTC") != 0 &&
          !g_ptr_array_find_with_equal_func (zones, ev->tzid, g_str_equal, NULL))
        g_ptr_array_add (zones, ev->tzid);
    }

  cal = icalcomponent_new_vcalendar ();
  icalcomponent_add_property (cal, icalproperty_new_prodid (prodid));
  icalcomponent_add_property (cal, icalproperty_new_version ("2.0"));
  icalcomponent_add_property (cal, icalproperty_new_calscale ("GREGORIAN"));
  if (method == KZ_CAL_METHOD_REQUEST)
    icalcomponent_add_property (cal, icalproperty_new_method (ICAL_METHOD_REQUEST));
  else if (method == KZ_CAL_METHOD_CANCEL)
    icalcomponent_add_property (cal, icalproperty_new_method (ICAL_METHOD_CANCEL));

  for (guint i = 0; i < zones->len; i++)
    {
      const char *tzid = g_ptr_array_index (zones, i);
      icalcomponent *vtz = icalcomponent_new_clone (icaltimezone_get_component (builtin_zone (tzid)));
      icalproperty *p = icalcomponent_get_first_property (vtz, ICAL_TZID_PROPERTY);
      struct icaltimetype from = icaltime_null_time ();

      /* libical's zones carry every change since the 1890s; from the year
       * before the first event on is what calendars need, and older
       * readers (python3-icalendar 4.0) choke on the historical rules. */
      from.year = first_year (events, tzid) - 1;
      from.month = 1;
      from.day = 1;
      from.zone = icaltimezone_get_utc_timezone ();
      icaltimezone_truncate_vtimezone (vtz, from, icaltime_null_time (), 0);

      /* libical names its zones "/freeassociation.sourceforge.net/Europe/…";
       * the events say "Europe/…", as GNOME Calendar and Evolution expect. */
      if (p != NULL)
        icalproperty_set_tzid (p, tzid);
      else
        icalcomponent_add_property (vtz, icalproperty_new_tzid (tzid));
      icalcomponent_add_component (cal, vtz);
    }
  for (GList *l = vevents; l; l = l->next)
    icalcomponent_add_component (cal, l->data);
  g_list_free (vevents);

  text = icalcomponent_as_ical_string_r (cal);
  result = g_strdup (text);
  icalmemory_free_buffer (text);
  icalcomponent_free (cal);
  return result;
}

gboolean
kz_ical_export_to_file (GPtrArray   *events,
                        KzCalMethod  method,
                        GDateTime   *now,
                        const char  *path,
                        GError     **error)
{
  g_autofree char *text = kz_ical_export (events, method, now, error);

  g_return_val_if_fail (path != NULL, FALSE);

  return text != NULL && g_file_set_contents (path, text, -1, error);
}

/* ---- import -------------------------------------------------------------- */

typedef struct {
  const char *source;
  GPtrArray  *lines;        /* char*: logical (unfolded) lines */
  GArray     *line_no;      /* guint: the physical line each starts on */
  GArray     *vevent_line;  /* guint: BEGIN:VEVENT lines, in order */
  GArray     *vtz_line;     /* guint: BEGIN:VTIMEZONE lines, in order */
} Scan;

static void
scan_clear (Scan *scan)
{
  g_clear_pointer (&scan->lines, g_ptr_array_unref);
  g_clear_pointer (&scan->line_no, g_array_unref);
  g_clear_pointer (&scan->vevent_line, g_array_unref);
  g_clear_pointer (&scan->vtz_line, g_array_unref);
}

static gboolean G_GNUC_PRINTF (4, 5)
fail_at (GError    **error,
         const char *source,
         guint       line,
         const char *format,
         ...)
{
  g_autofree char *msg = NULL;
  va_list args;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  if (line > 0)
    g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_FILE, "%s:%u: %s", source, line, msg);
  else
    g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_FILE, "%s: %s", source, msg);
  return FALSE;
}

static char *
shorten (const char *s)
{
  g_autofree char *copy = g_utf8_make_valid (s, MIN (strlen (s), 60));

  return strlen (s) > 60 ? g_strconcat (copy, "…", NULL) : g_steal_pointer (&copy);
}

/* Where the property name ends, or NULL when the line is not
 * NAME *(;PARAM) : VALUE. */
static gboolean
line_is_content (const char *line)
{
  const char *p = line;
  gboolean quoted = FALSE;

  while (g_ascii_isalnum (*p) || *p == '-')
    p++;
  if (p == line || (*p != ';' && *p != ':'))
    return FALSE;
  for (; *p; p++)
    {
      if (*p == '"')
        quoted = !quoted;
      else if (*p == ':' && !quoted)
        return TRUE;
    }
  return FALSE;
}

/* Structure, with line numbers (libical's parser keeps none): encoding,
 * folding, NAME:VALUE shape, BEGIN/END pairs, and the VEVENTs' lines. */
static gboolean
scan_text (Scan       *scan,
           const char *data,
           gsize       length,
           GError    **error)
{
  g_autoptr(GPtrArray) stack = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) stack_line = g_array_new (FALSE, FALSE, sizeof (guint));
  const char *p = data, *end = data + length;
  guint physical = 0;
  g_autoptr(GString) cur = NULL;   /* the logical line being unfolded */
  guint cur_line = 0;

  scan->lines = g_ptr_array_new_with_free_func (g_free);
  scan->line_no = g_array_new (FALSE, FALSE, sizeof (guint));
  scan->vevent_line = g_array_new (FALSE, FALSE, sizeof (guint));
  scan->vtz_line = g_array_new (FALSE, FALSE, sizeof (guint));

  if (length >= 3 && memcmp (p, "\xEF\xBB\xBF", 3) == 0)
    p += 3;

  while (p < end)
    {
      const char *nl = memchr (p, '\n', end - p);
      const char *stop = nl ? nl : end;
      gsize len = stop - p;
      const char *bad;

      physical++;
      if (len > 0 && p[len - 1] == '\r')
        len--;
      if (memchr (p, '\0', len) != NULL)
        return fail_at (error, scan->source, physical, _("the file holds a NUL byte: it is not an iCalendar file"));
      if (!g_utf8_validate (p, len, &bad))
        return fail_at (error, scan->source, physical, _("the text is not valid UTF-8 (byte %d of the line)"),
                        (int) (bad - p) + 1);
      if (len > 0 && (p[0] == ' ' || p[0] == '\t'))
        {
          if (cur == NULL)
            return fail_at (error, scan->source, physical, _("a continuation line with nothing to continue"));
          if (cur->len + len > MAX_LINE_BYTES)
            return fail_at (error, scan->source, cur_line, _("the line is longer than %d KiB"), MAX_LINE_BYTES / 1024);
          g_string_append_len (cur, p + 1, len - 1);
        }
      else if (len > 0)
        {
          /* Blank lines are not iCalendar, but some writers put them
           * between a line and its continuation: skip them. */
          if (cur != NULL)
            {
              g_ptr_array_add (scan->lines, g_string_free (g_steal_pointer (&cur), FALSE));
              g_array_append_val (scan->line_no, cur_line);
            }
            {
              if (len > MAX_LINE_BYTES)
                return fail_at (error, scan->source, physical, _("the line is longer than %d KiB"),
                                MAX_LINE_BYTES / 1024);
              cur = g_string_new_len (p, len);
              cur_line = physical;
            }
        }
      p = nl ? nl + 1 : end;
    }
  if (cur != NULL)
    {
      g_ptr_array_add (scan->lines, g_string_free (g_steal_pointer (&cur), FALSE));
      g_array_append_val (scan->line_no, cur_line);
    }

  if (scan->lines->len == 0)
    return fail_at (error, scan->source, 0, _("the file is empty"));

  for (guint i = 0; i < scan->lines->len; i++)
    {
      const char *line = g_ptr_array_index (scan->lines, i);
      guint no = g_array_index (scan->line_no, guint, i);
      gboolean is_begin = g_ascii_strncasecmp (line, "BEGIN:", 6) == 0;
      gboolean is_end = g_ascii_strncasecmp (line, "END:", 4) == 0;

      if (i == 0 && !(is_begin && g_ascii_strcasecmp (line + 6, "VCALENDAR") == 0))
        {
          g_autofree char *s = shorten (line);
          return fail_at (error, scan->source, no,
                          _("an iCalendar file starts with BEGIN:VCALENDAR, this one with “%s”"), s);
        }
      if (!line_is_content (line))
        {
          g_autofree char *s = shorten (line);
          return fail_at (error, scan->source, no, _("“%s” is not a NAME:VALUE line"), s);
        }
      if (stack->len == 0 && !(is_begin && g_ascii_strcasecmp (line + 6, "VCALENDAR") == 0))
        {
          g_autofree char *s = shorten (line);
          return fail_at (error, scan->source, no, _("“%s” is outside the VCALENDAR"), s);
        }
      if (is_begin)
        {
          const char *name = line + 6;

          if (*name == '\0')
            return fail_at (error, scan->source, no, _("BEGIN without a component name"));
          if (stack->len >= MAX_DEPTH)
            return fail_at (error, scan->source, no, _("components nested more than %d deep"), MAX_DEPTH);
          if (g_ascii_strcasecmp (name, "VCALENDAR") == 0)
            {
              if (stack->len > 0)
                return fail_at (error, scan->source, no, _("a VCALENDAR inside another component"));
            }
          if (g_ascii_strcasecmp (name, "VEVENT") == 0)
            {
              if (stack->len != 1)
                return fail_at (error, scan->source, no, _("a VEVENT inside %s: events belong in the VCALENDAR"),
                                (char *) g_ptr_array_index (stack, stack->len - 1));
              g_array_append_val (scan->vevent_line, no);
            }
          if (g_ascii_strcasecmp (name, "VTIMEZONE") == 0)
            g_array_append_val (scan->vtz_line, no);
          g_ptr_array_add (stack, g_ascii_strup (name, -1));
          g_array_append_val (stack_line, no);
        }
      else if (is_end)
        {
          const char *open = stack->len ? g_ptr_array_index (stack, stack->len - 1) : NULL;

          if (open == NULL || g_ascii_strcasecmp (open, line + 4) != 0)
            {
              g_autofree char *s = shorten (line + 4);
              if (open == NULL)
                return fail_at (error, scan->source, no, _("END:%s without a BEGIN"), s);
              return fail_at (error, scan->source, no, _("END:%s, but the open component is %s (line %u)"), s, open,
                              g_array_index (stack_line, guint, stack_line->len - 1));
            }
          g_ptr_array_remove_index (stack, stack->len - 1);
          g_array_remove_index (stack_line, stack_line->len - 1);
        }
    }
  if (stack->len > 0)
    return fail_at (error, scan->source, g_array_index (stack_line, guint, stack_line->len - 1),
                    _("BEGIN:%s is never closed (the file ends first)"),
                    (char *) g_ptr_array_index (stack, stack->len - 1));
  if (scan->vevent_line->len == 0)
    return fail_at (error, scan->source, 0, _("the file has no events (VEVENT): nothing to import"));
  return TRUE;
}

/* The line a libical error is about: its text quotes the offending line. */
static guint
find_line (const Scan *scan,
           const char *needle)
{
  if (needle == NULL || strlen (needle) < 3)
    return 0;
  for (guint i = 0; i < scan->lines->len; i++)
    if (strstr (g_ptr_array_index (scan->lines, i), needle) != NULL)
      return g_array_index (scan->line_no, guint, i);
  return 0;
}

/* libical marks what it could not read with X-LIC-ERROR properties and
 * drops the property.  In an event or a time zone that changes what the
 * file means (a lost RRULE or EXDATE is a wrong calendar): refused.  In
 * parts Kaizen does not read (the calendar's own X- names, alarms, tasks),
 * for empty X- properties and unknown property names: a warning. */
static gboolean
check_parse_errors (const Scan    *scan,
                    icalcomponent *comp,
                    guint          comp_line,
                    guint         *n_vevents,
                    GPtrArray     *warnings,
                    GError       **error)
{
  icalcomponent_kind kind = icalcomponent_isa (comp);
  gboolean strict = kind == ICAL_VEVENT_COMPONENT || kind == ICAL_VTIMEZONE_COMPONENT ||
                    kind == ICAL_XSTANDARD_COMPONENT || kind == ICAL_XDAYLIGHT_COMPONENT;

  /* VEVENTs sit right in the VCALENDAR (the scan made sure), so the nth
   * one met here is the nth BEGIN:VEVENT of the file. */
  if (kind == ICAL_VEVENT_COMPONENT && *n_vevents < scan->vevent_line->len)
    comp_line = g_array_index (scan->vevent_line, guint, (*n_vevents)++);

  for (icalproperty *p = icalcomponent_get_first_property (comp, ICAL_XLICERROR_PROPERTY); p;
       p = icalcomponent_get_next_property (comp, ICAL_XLICERROR_PROPERTY))
    {
      const char *msg = icalproperty_get_xlicerror (p);
      const char *quote = msg ? strrchr (msg, ':') : NULL;
      g_autofree char *needle = quote ? g_strstrip (g_strdup (quote + 1)) : NULL;
      guint line = find_line (scan, needle);

      /* A property libical does not know (RFC 9073's STRUCTURED-DATA, a
       * vendor's name without X-) is one Kaizen does not read either. */
      if (!strict || (msg && (g_str_has_prefix (msg, "No value for X property") ||
                              g_str_has_prefix (msg, "Parse error in property name"))))
        {
          g_ptr_array_add (warnings, g_strdup_printf (_("%s:%u: in %s, ignored: %s"), scan->source,
                                                      line ? line : comp_line, icalcomponent_kind_to_string (kind),
                                                      msg ? msg : ""));
          continue;
        }
      return fail_at (error, scan->source, line ? line : comp_line, _("in %s: %s"),
                      icalcomponent_kind_to_string (kind), msg ? msg : _("unreadable"));
    }
  for (icalcomponent *c = icalcomponent_get_first_component (comp, ICAL_ANY_COMPONENT); c;
       c = icalcomponent_get_next_component (comp, ICAL_ANY_COMPONENT))
    if (!check_parse_errors (scan, c, comp_line, n_vevents, warnings, error))
      return FALSE;
  return TRUE;
}

/* A time zone's rules recur yearly; anything faster would make libical
 * expand millions of transitions. */
static gboolean
check_vtimezone (const Scan    *scan,
                 icalcomponent *vtz,
                 guint          line,
                 GError       **error)
{
  icalproperty *tp = icalcomponent_get_first_property (vtz, ICAL_TZID_PROPERTY);
  const char *tzid = tp ? icalproperty_get_tzid (tp) : NULL;

  if (tzid == NULL || *tzid == '\0')
    return fail_at (error, scan->source, line, _("a VTIMEZONE without a TZID"));
  for (icalcomponent *c = icalcomponent_get_first_component (vtz, ICAL_ANY_COMPONENT); c;
       c = icalcomponent_get_next_component (vtz, ICAL_ANY_COMPONENT))
    {
      icalproperty *dtstart = icalcomponent_get_first_property (c, ICAL_DTSTART_PROPERTY);

      if (dtstart == NULL || icaltime_is_null_time (icalproperty_get_dtstart (dtstart)) ||
          icalproperty_get_dtstart (dtstart).year < 1 || icalproperty_get_dtstart (dtstart).year > 2999)
        return fail_at (error, scan->source, line, _("time zone “%s”: a rule without a valid DTSTART"), tzid);
      for (icalproperty *r = icalcomponent_get_first_property (c, ICAL_RRULE_PROPERTY); r;
           r = icalcomponent_get_next_property (c, ICAL_RRULE_PROPERTY))
        {
          struct icalrecurrencetype rt = icalproperty_get_rrule (r);
          if (rt.freq != ICAL_YEARLY_RECURRENCE)
            return fail_at (error, scan->source, line, _("time zone “%s”: a rule that does not recur yearly"), tzid);
        }
      if (icalcomponent_count_properties (c, ICAL_RDATE_PROPERTY) > 2000)
        return fail_at (error, scan->source, line, _("time zone “%s”: too many transitions"), tzid);
    }
  return TRUE;
}

typedef struct {
  const Scan    *scan;
  icalcomponent *vcal;
  guint          line;       /* BEGIN:VEVENT */
  const char    *label;
} EventCtx;

/* A time as the event's wall time.  The event's zone is set from DTSTART:
 * an IANA zone Kaizen knows keeps its name; a zone only the file defines
 * ("W. Europe Standard Time") is resolved through its VTIMEZONE to UTC. */
static gboolean
resolve_zone (EventCtx      *ctx,
              icalproperty  *prop,
              struct icaltimetype *t,
              icaltimezone **out_zone,
              char         **out_iana,
              GError       **error)
{
  icalparameter *param = icalproperty_get_first_parameter (prop, ICAL_TZID_PARAMETER);
  const char *tzid = param ? icalparameter_get_tzid (param) : NULL;

  *out_zone = NULL;
  *out_iana = NULL;
  if (t->is_date)
    return TRUE;
  if (icaltime_is_utc (*t))
    {
      *out_zone = icaltimezone_get_utc_timezone ();
      *out_iana = g_strdup ("UTC");
      return TRUE;
    }
  if (tzid == NULL)
    return TRUE;   /* floating */

  /* "Europe/Berlin", or a prefixed form: "/mozilla.org/20050126_1/Europe/Berlin". */
  for (const char *s = tzid; s != NULL; s = strchr (s, '/') ? strchr (s, '/') + 1 : NULL)
    {
      icaltimezone *z = builtin_zone (s);
      if (z != NULL)
        {
          *out_zone = z;
          *out_iana = g_strdup (s);
          return TRUE;
        }
      if (*s == '\0')
        break;
    }
  *out_zone = icalcomponent_get_timezone (ctx->vcal, tzid);
  if (*out_zone == NULL)
    {
      g_autofree char *s = shorten (tzid);
      return fail_at (error, ctx->scan->source, ctx->line,
                      _("event “%s”: time zone “%s” is neither defined in the file (VTIMEZONE) nor known"),
                      ctx->label, s);
    }
  /* Only the file knows this zone: keep the instant, in UTC. */
  t->zone = *out_zone;
  *t = icaltime_convert_to_zone (*t, icaltimezone_get_utc_timezone ());
  *out_zone = icaltimezone_get_utc_timezone ();
  *out_iana = g_strdup ("UTC");
  return TRUE;
}

/* Another time of the event (EXDATE, UNTIL) as wall time in EV_ZONE. */
static gboolean
to_event_wall (EventCtx           *ctx,
               icalproperty       *prop,   /* for its TZID; NULL: none */
               struct icaltimetype t,
               icaltimezone       *ev_zone,
               KzCalTime          *out,
               GError            **error)
{
  if (!t.is_date && !icaltime_is_utc (t) && prop != NULL)
    {
      icaltimezone *z;
      g_autofree char *iana = NULL;

      if (!resolve_zone (ctx, prop, &t, &z, &iana, error))
        return FALSE;
      if (z != NULL)
        t.zone = z;
    }
  if (!t.is_date && t.zone != NULL && ev_zone != NULL && t.zone != ev_zone)
    t = icaltime_convert_to_zone (t, ev_zone);
  *out = from_icaltime (t);
  if (!time_is_valid (out))
    return fail_at (error, ctx->scan->source, ctx->line, _("event “%s”: a date out of range (%04d-%02d-%02d)"),
                    ctx->label, t.year, t.month, t.day);
  return TRUE;
}

static char *
strip_mailto (const char *v)
{
  if (v == NULL)
    return NULL;
  if (g_ascii_strncasecmp (v, "mailto:", 7) == 0)
    v += 7;
  return g_strdup (v);
}

static KzCalPerson *
read_person (icalproperty *prop,
             const char   *value)
{
  icalparameter *cn = icalproperty_get_first_parameter (prop, ICAL_CN_PARAMETER);
  icalparameter *role = icalproperty_get_first_parameter (prop, ICAL_ROLE_PARAMETER);
  g_autofree char *email = strip_mailto (value);
  KzCalRole r = KZ_CAL_ROLE_REQUIRED;

  if (role != NULL)
    {
      icalparameter_role v = icalparameter_get_role (role);
      r = v == ICAL_ROLE_OPTPARTICIPANT || v == ICAL_ROLE_NONPARTICIPANT ? KZ_CAL_ROLE_OPTIONAL
        : v == ICAL_ROLE_CHAIR ? KZ_CAL_ROLE_CHAIR : KZ_CAL_ROLE_REQUIRED;
    }
  return kz_cal_person_new (cn ? icalparameter_get_cn (cn) : NULL, email, r);
}

static const char *
day_name (int dow)
{
  static const char *const names[] = { "SU", "MO", "TU", "WE", "TH", "FR", "SA" };
  return dow >= 1 && dow <= 7 ? names[dow - 1] : NULL;
}

static gboolean
short_array_used (const short *a)
{
  return a[0] != ICAL_RECURRENCE_ARRAY_MAX;
}

/* Returns NULL with *error set (broken file) or with *skip set (an event
 * Kaizen cannot represent). */
static KzCalEvent *
read_event (EventCtx       *ctx,
            icalcomponent  *vevent,
            char          **skip,
            GError        **error)
{
  g_autoptr(KzCalEvent) ev = kz_cal_event_new ();
  icalproperty *p, *dtstart, *dtend, *duration;
  struct icaltimetype s;
  icaltimezone *zone = NULL;
  gint64 start_unix;

  p = icalcomponent_get_first_property (vevent, ICAL_SUMMARY_PROPERTY);
  ev->summary = g_strdup (p && icalproperty_get_summary (p) ? icalproperty_get_summary (p) : "");
  ctx->label = *ev->summary ? ev->summary : "VEVENT";

  p = icalcomponent_get_first_property (vevent, ICAL_UID_PROPERTY);
  if (p == NULL || icalproperty_get_uid (p) == NULL || *icalproperty_get_uid (p) == '\0')
    {
      fail_at (error, ctx->scan->source, ctx->line, _("event “%s” has no UID"), ctx->label);
      return NULL;
    }
  ev->uid = g_strdup (icalproperty_get_uid (p));

  if (icalcomponent_get_first_property (vevent, ICAL_RECURRENCEID_PROPERTY) != NULL)
    {
      *skip = g_strdup_printf (_("%s:%u: event “%s”: a changed occurrence of a series (RECURRENCE-ID) is not "
                                 "brought in"), ctx->scan->source, ctx->line, ctx->label);
      return NULL;
    }
  if (icalcomponent_get_first_property (vevent, ICAL_RDATE_PROPERTY) != NULL)
    {
      *skip = g_strdup_printf (_("%s:%u: event “%s”: extra dates (RDATE) are not supported; left out"),
                               ctx->scan->source, ctx->line, ctx->label);
      return NULL;
    }

  p = icalcomponent_get_first_property (vevent, ICAL_SEQUENCE_PROPERTY);
  ev->sequence = p ? MAX (icalproperty_get_sequence (p), 0) : 0;
  p = icalcomponent_get_first_property (vevent, ICAL_DESCRIPTION_PROPERTY);
  ev->description = p ? g_strdup (icalproperty_get_description (p)) : NULL;
  p = icalcomponent_get_first_property (vevent, ICAL_LOCATION_PROPERTY);
  ev->location = p ? g_strdup (icalproperty_get_location (p)) : NULL;
  p = icalcomponent_get_first_property (vevent, ICAL_URL_PROPERTY);
  ev->url = p ? g_strdup (icalproperty_get_url (p)) : NULL;
  p = icalcomponent_get_first_property (vevent, ICAL_STATUS_PROPERTY);
  if (p != NULL)
    {
      icalproperty_status st = icalproperty_get_status (p);
      ev->status = st == ICAL_STATUS_CANCELLED ? KZ_CAL_STATUS_CANCELLED
                 : st == ICAL_STATUS_TENTATIVE ? KZ_CAL_STATUS_TENTATIVE : KZ_CAL_STATUS_CONFIRMED;
    }

  dtstart = icalcomponent_get_first_property (vevent, ICAL_DTSTART_PROPERTY);
  if (dtstart == NULL || icaltime_is_null_time (s = icalproperty_get_dtstart (dtstart)))
    {
      fail_at (error, ctx->scan->source, ctx->line, _("event “%s” has no start (DTSTART)"), ctx->label);
      return NULL;
    }
  if (!resolve_zone (ctx, dtstart, &s, &zone, &ev->tzid, error))
    return NULL;
  ev->all_day = s.is_date;
  ev->start = from_icaltime (s);
  if (!time_is_valid (&ev->start))
    {
      fail_at (error, ctx->scan->source, ctx->line, _("event “%s”: the start %04d-%02d-%02d is out of range"),
               ctx->label, s.year, s.month, s.day);
      return NULL;
    }
  s.zone = zone;
  start_unix = icaltime_as_timet_with_zone (s, zone && !s.is_date ? zone : icaltimezone_get_utc_timezone ());

  dtend = icalcomponent_get_first_property (vevent, ICAL_DTEND_PROPERTY);
  duration = icalcomponent_get_first_property (vevent, ICAL_DURATION_PROPERTY);
  if (dtend != NULL)
    {
      struct icaltimetype e = icalproperty_get_dtend (dtend);
      icaltimezone *ez = NULL;
      g_autofree char *eiana = NULL;
      gint64 end_unix;

      if (icaltime_is_null_time (e) || e.is_date != s.is_date)
        {
          fail_at (error, ctx->scan->source, ctx->line, _("event “%s”: DTEND is not a %s like DTSTART"), ctx->label,
                   s.is_date ? _("date") : _("date and time"));
          return NULL;
        }
      if (!resolve_zone (ctx, dtend, &e, &ez, &eiana, error))
        return NULL;
      e.zone = ez;
      /* Dates count whole days, whatever the zone. */
      end_unix = icaltime_as_timet_with_zone (e, ez && !e.is_date ? ez : icaltimezone_get_utc_timezone ());
      if (end_unix < start_unix || end_unix - start_unix > (gint64) MAX_DURATION_MIN * 60)
        {
          fail_at (error, ctx->scan->source, ctx->line, _("event “%s”: it ends before it starts or lasts over a year"),
                   ctx->label);
          return NULL;
        }
      ev->duration_minutes = (int) ((end_unix - start_unix) / 60);
    }
  else if (duration != NULL)
    {
      struct icaldurationtype d = icalproperty_get_duration (duration);
      int secs = icaldurationtype_as_int (d);

      if (secs < 0 || secs > MAX_DURATION_MIN * 60)
        {
          fail_at (error, ctx->scan->source, ctx->line, _("event “%s”: a negative or over-a-year DURATION"),
                   ctx->label);
          return NULL;
        }
      ev->duration_minutes = secs / 60;
    }
  else
    ev->duration_minutes = s.is_date ? 1440 : 0;   /* RFC 5545 3.6.1 */
  if (ev->all_day)
    ev->duration_minutes = MAX (ev->duration_minutes / 1440, 1) * 1440;

  if (icalcomponent_count_properties (vevent, ICAL_RRULE_PROPERTY) > 1)
    {
      *skip = g_strdup_printf (_("%s:%u: event “%s”: more than one RRULE is not supported; left out"),
                               ctx->scan->source, ctx->line, ctx->label);
      return NULL;
    }
  p = icalcomponent_get_first_property (vevent, ICAL_RRULE_PROPERTY);
  if (p != NULL)
    {
      struct icalrecurrencetype rt = icalproperty_get_rrule (p);
      g_autoptr(GPtrArray) days = g_ptr_array_new_with_free_func (g_free);

      switch (rt.freq)
        {
        case ICAL_DAILY_RECURRENCE: ev->recurrence.freq = KZ_CAL_FREQ_DAILY; break;
        case ICAL_WEEKLY_RECURRENCE: ev->recurrence.freq = KZ_CAL_FREQ_WEEKLY; break;
        case ICAL_MONTHLY_RECURRENCE: ev->recurrence.freq = KZ_CAL_FREQ_MONTHLY; break;
        case ICAL_YEARLY_RECURRENCE: ev->recurrence.freq = KZ_CAL_FREQ_YEARLY; break;
        case ICAL_NO_RECURRENCE:
          fail_at (error, ctx->scan->source, ctx->line, _("event “%s”: the RRULE has no valid FREQ"), ctx->label);
          return NULL;
        default:
          *skip = g_strdup_printf (_("%s:%u: event “%s”: repeats more often than daily; left out"),
                                   ctx->scan->source, ctx->line, ctx->label);
          return NULL;
        }
      if (short_array_used (rt.by_second) || short_array_used (rt.by_minute) || short_array_used (rt.by_hour) ||
          short_array_used (rt.by_month_day) || short_array_used (rt.by_year_day) ||
          short_array_used (rt.by_week_no) || short_array_used (rt.by_month) || short_array_used (rt.by_set_pos))
        {
          *skip = g_strdup_printf (_("%s:%u: event “%s”: its RRULE uses parts beyond FREQ, INTERVAL, COUNT, UNTIL "
                                     "and BYDAY; left out"), ctx->scan->source, ctx->line, ctx->label);
          return NULL;
        }
      if (rt.interval > 1000)
        {
          /* Kaizen writes at most 1000 (add_rrule); reading more would make
           * an event it cannot write back. */
          *skip = g_strdup_printf (_("%s:%u: event “%s”: repeats only every %d periods; left out"),
                                   ctx->scan->source, ctx->line, ctx->label, rt.interval);
          return NULL;
        }
      ev->recurrence.interval = rt.interval >= 1 ? rt.interval : 1;
      ev->recurrence.count = MAX (rt.count, 0);
      if (!icaltime_is_null_time (rt.until))
        {
          struct icaltimetype u = rt.until;

          if (u.is_date && !s.is_date)
            {
              /* A date as the end of a timed series: through that day. */
              u.is_date = 0;
              u.hour = 23, u.minute = 59, u.second = 59;
              u.zone = zone;
            }
          if (!to_event_wall (ctx, NULL, u, zone, &ev->recurrence.until, error))
            return NULL;
          ev->recurrence.has_until = TRUE;
        }
      for (int i = 0; i < ICAL_BY_DAY_SIZE && rt.by_day[i] != ICAL_RECURRENCE_ARRAY_MAX; i++)
        {
          int pos = icalrecurrencetype_day_position (rt.by_day[i]);
          const char *name = day_name (icalrecurrencetype_day_day_of_week (rt.by_day[i]));

          if (name == NULL)
            continue;
          g_ptr_array_add (days, pos ? g_strdup_printf ("%d%s", pos, name) : g_strdup (name));
        }
      if (days->len > 0)
        {
          g_ptr_array_add (days, NULL);
          ev->recurrence.byday = (GStrv) g_ptr_array_steal (days, NULL);
        }
    }

  for (p = icalcomponent_get_first_property (vevent, ICAL_EXDATE_PROPERTY); p;
       p = icalcomponent_get_next_property (vevent, ICAL_EXDATE_PROPERTY))
    {
      struct icaltimetype x = icalproperty_get_exdate (p);
      KzCalTime w;

      if (icaltime_is_null_time (x))
        continue;
      if (x.is_date && !s.is_date)
        {
          /* A day dropped from a timed series: the occurrence on that day. */
          x.is_date = 0;
          x.hour = ev->start.hour, x.minute = ev->start.minute, x.second = ev->start.second;
          x.zone = zone;
          if (!to_event_wall (ctx, NULL, x, zone, &w, error))
            return NULL;
        }
      else if (!to_event_wall (ctx, p, x, zone, &w, error))
        return NULL;
      kz_cal_event_add_exdate (ev, &w);
    }

  p = icalcomponent_get_first_property (vevent, ICAL_ORGANIZER_PROPERTY);
  if (p != NULL && icalproperty_get_organizer (p) != NULL)
    ev->organizer = read_person (p, icalproperty_get_organizer (p));
  for (p = icalcomponent_get_first_property (vevent, ICAL_ATTENDEE_PROPERTY); p;
       p = icalcomponent_get_next_property (vevent, ICAL_ATTENDEE_PROPERTY))
    if (icalproperty_get_attendee (p) != NULL)
      {
        if (ev->attendees == NULL)
          ev->attendees = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_cal_person_free);
        g_ptr_array_add (ev->attendees, read_person (p, icalproperty_get_attendee (p)));
      }
  return g_steal_pointer (&ev);
}

static gboolean
import_calendar (Scan          *scan,
                 icalcomponent *vcal,
                 guint         *vevent_index,
                 guint         *vtz_index,
                 GPtrArray     *events,
                 GPtrArray     *warnings,
                 KzCalMethod   *method,
                 GError       **error)
{
  icalproperty *mp = icalcomponent_get_first_property (vcal, ICAL_METHOD_PROPERTY);

  if (mp != NULL)
    {
      icalproperty_method m = icalproperty_get_method (mp);
      *method = m == ICAL_METHOD_REQUEST ? KZ_CAL_METHOD_REQUEST
              : m == ICAL_METHOD_CANCEL ? KZ_CAL_METHOD_CANCEL : KZ_CAL_METHOD_NONE;
    }

  for (icalcomponent *c = icalcomponent_get_first_component (vcal, ICAL_VTIMEZONE_COMPONENT); c;
       c = icalcomponent_get_next_component (vcal, ICAL_VTIMEZONE_COMPONENT))
    {
      guint line = *vtz_index < scan->vtz_line->len ? g_array_index (scan->vtz_line, guint, *vtz_index) : 0;

      (*vtz_index)++;
      if (!check_vtimezone (scan, c, line, error))
        return FALSE;
    }

  for (icalcomponent *c = icalcomponent_get_first_component (vcal, ICAL_VEVENT_COMPONENT); c;
       c = icalcomponent_get_next_component (vcal, ICAL_VEVENT_COMPONENT))
    {
      EventCtx ctx = { scan, vcal, 0, "VEVENT" };
      g_autofree char *skip = NULL;
      KzCalEvent *ev;

      ctx.line = *vevent_index < scan->vevent_line->len ? g_array_index (scan->vevent_line, guint, *vevent_index) : 0;
      (*vevent_index)++;
      ev = read_event (&ctx, c, &skip, error);
      if (ev != NULL)
        g_ptr_array_add (events, ev);
      else if (skip != NULL)
        g_ptr_array_add (warnings, g_steal_pointer (&skip));
      else
        return FALSE;
    }
  return TRUE;
}

GPtrArray *
kz_ical_import (const char   *data,
                gsize         length,
                const char   *source,
                KzCalMethod  *out_method,
                GPtrArray   **out_warnings,
                GError      **error)
{
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_cal_event_free);
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *text = NULL;
  Scan scan = { source ? source : "calendar", NULL, NULL, NULL, NULL };
  KzCalMethod method = KZ_CAL_METHOD_NONE;
  icalcomponent *root;
  guint vevent_index = 0, vtz_index = 0;
  gboolean ok = TRUE;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  ical_init ();
  if (length > MAX_FILE_BYTES)
    {
      fail_at (error, scan.source, 0, _("the file is larger than %d MiB"), MAX_FILE_BYTES / (1024 * 1024));
      return NULL;
    }
  if (!scan_text (&scan, data, length, error))
    {
      scan_clear (&scan);
      return NULL;
    }

  /* libical reads the lines the scan unfolded, so both see the same file
   * (and libical never meets a NUL or a stray byte). */
  g_ptr_array_add (scan.lines, NULL);
  text = g_strjoinv ("\r\n", (char **) scan.lines->pdata);
  g_ptr_array_remove_index (scan.lines, scan.lines->len - 1);
  root = icalparser_parse_string (text);
  icalerror_clear_errno ();
  if (root == NULL)
    {
      fail_at (error, scan.source, 0, _("libical could not read the file"));
      scan_clear (&scan);
      return NULL;
    }

  ok = check_parse_errors (&scan, root, g_array_index (scan.line_no, guint, 0), &vevent_index, warnings, error);
  vevent_index = 0;
  if (ok && icalcomponent_isa (root) == ICAL_VCALENDAR_COMPONENT)
    ok = import_calendar (&scan, root, &vevent_index, &vtz_index, events, warnings, &method, error);
  else if (ok)
    /* Several VCALENDARs in one file come wrapped in an XROOT. */
    for (icalcomponent *c = icalcomponent_get_first_component (root, ICAL_VCALENDAR_COMPONENT); ok && c;
         c = icalcomponent_get_next_component (root, ICAL_VCALENDAR_COMPONENT))
      ok = import_calendar (&scan, c, &vevent_index, &vtz_index, events, warnings, &method, error);
  icalcomponent_free (root);
  icalerror_clear_errno ();

  if (ok && events->len == 0)
    ok = fail_at (error, scan.source, 0, _("none of the file's %u events can be brought in (%s)"),
                  scan.vevent_line->len, warnings->len ? (char *) g_ptr_array_index (warnings, 0) : "");
  scan_clear (&scan);
  if (!ok)
    return NULL;
  if (out_method != NULL)
    *out_method = method;
  if (out_warnings != NULL)
    *out_warnings = g_steal_pointer (&warnings);
  return g_steal_pointer (&events);
}

GPtrArray *
kz_ical_import_file (const char   *path,
                     KzCalMethod  *out_method,
                     GPtrArray   **out_warnings,
                     GError      **error)
{
  g_autofree char *data = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInfo) info = NULL;
  gsize length = 0;

  g_return_val_if_fail (path != NULL, NULL);

  file = g_file_new_for_path (path);
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
                            G_FILE_QUERY_INFO_NONE, NULL, error);
  if (info == NULL)
    return NULL;
  if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_FILE, _("%s is not a file"), path);
      return NULL;
    }
  if (g_file_info_get_size (info) > MAX_FILE_BYTES)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_FILE, _("%s: the file is larger than %d MiB"), path,
                   MAX_FILE_BYTES / (1024 * 1024));
      return NULL;
    }
  if (!g_file_get_contents (path, &data, &length, error))
    return NULL;
  return kz_ical_import (data, length, path, out_method, out_warnings, error);
}

typedef struct {
  char        *path;
  KzCalMethod  method;
  GPtrArray   *warnings;
} ImportJob;

static void
import_job_free (ImportJob *job)
{
  g_free (job->path);
  g_clear_pointer (&job->warnings, g_ptr_array_unref);
  g_free (job);
}

static void
import_thread (GTask        *task,
               gpointer      source,
               gpointer      data,
               GCancellable *cancellable)
{
  ImportJob *job = data;
  GError *error = NULL;
  GPtrArray *events;

  if (g_task_return_error_if_cancelled (task))
    return;
  events = kz_ical_import_file (job->path, &job->method, &job->warnings, &error);
  if (events == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, events, (GDestroyNotify) g_ptr_array_unref);
}

void
kz_ical_import_file_async (const char          *path,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ImportJob *job;

  g_return_if_fail (path != NULL);

  job = g_new0 (ImportJob, 1);
  job->path = g_strdup (path);
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, kz_ical_import_file_async);
  g_task_set_task_data (task, job, (GDestroyNotify) import_job_free);
  kz_workers_run_in_thread (task, import_thread);
}

GPtrArray *
kz_ical_import_file_finish (GAsyncResult *result,
                            KzCalMethod  *out_method,
                            GPtrArray   **out_warnings,
                            GError      **error)
{
  ImportJob *job;
  GPtrArray *events;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  events = g_task_propagate_pointer (G_TASK (result), error);
  if (events == NULL)
    return NULL;
  job = g_task_get_task_data (G_TASK (result));
  if (out_method != NULL)
    *out_method = job->method;
  if (out_warnings != NULL)
    *out_warnings = g_steal_pointer (&job->warnings);
  return events;
}
