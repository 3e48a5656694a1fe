#!/usr/bin/python3
"""Kaizen's .ics files, read by another implementation: python3-icalendar.

Usage: check-ics.py ICAL_SAMPLES
Runs ICAL_SAMPLES DIR (it writes plain.ics, invite.ics, update.ics and
cancel.ics from tests/model/kz-ical-samples.c) and checks every field that
coaching.md's Calendar bullet names.  The expected instants are worked out by
hand here: Berlin is UTC+1 in winter (CET) and UTC+2 from the last Sunday of
March (CEST); New York is UTC-5 in January; London is UTC+0 in January.
Prints TAP.

SPDX-License-Identifier: GPL-3.0-or-later
"""
import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
import traceback

import icalendar
from dateutil import rrule

UTC = dt.timezone.utc
SAMPLES = os.path.abspath(sys.argv[1])
TMP = tempfile.mkdtemp(prefix="kaizen-ics-")
subprocess.run([SAMPLES, TMP], check=True)

tests = []


def test(fn):
    tests.append(fn)
    return fn


def load(name):
    with open(os.path.join(TMP, name), "rb") as f:
        raw = f.read()
    assert raw.endswith(b"END:VCALENDAR\r\n"), "CRLF line ends"
    cal = icalendar.Calendar.from_ical(raw)
    for comp in cal.walk():
        assert not comp.errors, f"{name}: {comp.name}: {comp.errors}"
    return cal


def events(cal):
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


def as_list(v):
    if v is None:
        return []
    return v if isinstance(v, list) else [v]


def zones(cal):
    return {str(z["TZID"]): z for z in cal.walk("VTIMEZONE")}


def zone_offset(zone_comp, naive):
    """The UTC offset a VTIMEZONE gives a local time: the latest onset of its
    STANDARD/DAYLIGHT observances at or before it (RFC 5545 3.6.5), expanded
    here with dateutil.  (icalendar 4.0.3's own to_tz() rejects a UTC UNTIL
    in a VTIMEZONE rule, which RFC 5545 requires.)"""
    best = None
    for obs in zone_comp.subcomponents:
        start = obs["DTSTART"].dt
        frm, to = obs["TZOFFSETFROM"].td, obs["TZOFFSETTO"].td
        onsets = [start]
        if "RRULE" in obs:
            r = obs["RRULE"]
            kw = {}
            if "UNTIL" in r:
                u = r["UNTIL"][0]
                # UNTIL is UTC; onsets are local times before the change.
                kw["until"] = u.replace(tzinfo=None) + frm if isinstance(u, dt.datetime) and u.tzinfo else u
            if "COUNT" in r:
                kw["count"] = r["COUNT"][0]
            if "UNTIL" not in r and "COUNT" not in r:
                kw["until"] = naive
            byday = [getattr(rrule, d[-2:])(int(d[:-2])) if d[:-2] else getattr(rrule, d[-2:]) for d in r.get("BYDAY", [])]
            onsets = list(rrule.rrule(rrule.YEARLY, dtstart=start, bymonth=r.get("BYMONTH"),
                                      byweekday=byday or None, **kw))
        for o in onsets:
            if o <= naive and (best is None or o > best[0]):
                best = (o, to)
    assert best is not None, f"no observance before {naive}"
    return best[1]


def offset_hours(zone_comp, naive):
    return zone_offset(zone_comp, naive).total_seconds() / 3600


def exdates(ev):
    out = []
    for prop in as_list(ev.get("EXDATE")):
        out.extend(d.dt for d in prop.dts)
    return out


def utc_instant(prop, zone_comp):
    """An instant from a DTSTART-like property, through the file's own
    VTIMEZONE (not the system's zone data)."""
    naive = prop.dt.replace(tzinfo=None)
    return (naive - zone_offset(zone_comp, naive)).replace(tzinfo=UTC)


@test
def plain_file_header_and_zones():
    cal = load("plain.ics")
    assert str(cal["VERSION"]) == "2.0"
    assert str(cal["PRODID"]).startswith("-//Kaizen//")
    assert "METHOD" not in cal, "a plain add-to-calendar file has no METHOD"
    z = zones(cal)
    assert sorted(z) == ["America/New_York", "Europe/Berlin", "Europe/London"], sorted(z)
    # The VTIMEZONEs themselves carry the right offsets.
    assert offset_hours(z["Europe/Berlin"], dt.datetime(2027, 1, 14, 18, 0)) == 1
    assert offset_hours(z["Europe/Berlin"], dt.datetime(2027, 7, 1, 18, 0)) == 2
    assert offset_hours(z["America/New_York"], dt.datetime(2027, 1, 20, 9, 30)) == -5
    assert offset_hours(z["Europe/London"], dt.datetime(2027, 1, 29, 14, 0)) == 0
    for ev in cal.walk("VEVENT"):
        assert ev["DTSTAMP"].dt == dt.datetime(2026, 12, 2, 10, 0, tzinfo=UTC)
        assert "ATTENDEE" not in ev and "ORGANIZER" not in ev


@test
def plain_file_weekly_training():
    cal = load("plain.ics")
    a = events(cal)["training-1@kaizen.test"]
    berlin = zones(cal)["Europe/Berlin"]
    assert str(a["SUMMARY"]) == "Empathy in difficult calls, part 1; weekly"
    assert str(a["DESCRIPTION"]) == "Bring two calls you found hard.\nWe listen together."
    assert str(a["LOCATION"]) == "Room 2.14, Berlin"
    assert int(a["SEQUENCE"]) == 0
    assert str(a["STATUS"]) == "CONFIRMED"
    assert a["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert a["DTSTART"].dt.replace(tzinfo=None) == dt.datetime(2027, 1, 14, 18, 0)
    assert a["DTEND"].dt.replace(tzinfo=None) == dt.datetime(2027, 1, 14, 19, 30)
    assert utc_instant(a["DTSTART"], berlin) == dt.datetime(2027, 1, 14, 17, 0, tzinfo=UTC)
    r = a["RRULE"]
    assert r["FREQ"] == ["WEEKLY"] and r["BYDAY"] == ["TH"]
    # 18:00 CET on 11 March is 17:00 UTC; UNTIL must be UTC (RFC 5545 3.3.10).
    assert r["UNTIL"] == [dt.datetime(2027, 3, 11, 17, 0, tzinfo=UTC)], r["UNTIL"]
    ex = exdates(a)
    assert len(ex) == 1 and ex[0].replace(tzinfo=None) == dt.datetime(2027, 2, 4, 18, 0)
    assert a["EXDATE"].params["TZID"] == "Europe/Berlin"

    # The series as a calendar expands it (dateutil, in UTC): Thursdays
    # 14 Jan – 11 Mar 2027 are 14, 21, 28 Jan, 4, 11, 18, 25 Feb, 4, 11 Mar;
    # 4 Feb is dropped: 8 sessions, the last at 17:00 UTC on 11 March.
    start = utc_instant(a["DTSTART"], berlin)
    until = r["UNTIL"][0]
    dropped = utc_instant(a["EXDATE"].dts[0], berlin)
    occ = [o for o in rrule.rrule(rrule.WEEKLY, dtstart=start, until=until, byweekday=rrule.TH) if o != dropped]
    assert len(occ) == 8, occ
    assert occ[-1] == dt.datetime(2027, 3, 11, 17, 0, tzinfo=UTC)


@test
def plain_file_other_events():
    cal = load("plain.ics")
    ev = events(cal)
    b = ev["coaching-7@kaizen.test"]
    assert int(b["SEQUENCE"]) == 3
    assert b["DTSTART"].params["TZID"] == "America/New_York"
    assert utc_instant(b["DTSTART"], zones(cal)["America/New_York"]) == dt.datetime(2027, 1, 20, 14, 30, tzinfo=UTC)
    assert b["DTEND"].dt.replace(tzinfo=None) == dt.datetime(2027, 1, 20, 10, 15)
    assert str(b["URL"]) == "https://meet.example.com/abc-defg"
    assert "RRULE" not in b

    c = ev["elearn-3@kaizen.test"]
    assert c["DTSTART"].dt == dt.date(2027, 2, 1) and not isinstance(c["DTSTART"].dt, dt.datetime)
    assert c["DTEND"].dt == dt.date(2027, 2, 2)

    # 18:00 CEST on 1 July is 16:00 UTC.
    d = ev["summer-2@kaizen.test"]
    assert d["RRULE"]["UNTIL"] == [dt.datetime(2027, 7, 1, 16, 0, tzinfo=UTC)]
    assert d["RRULE"]["INTERVAL"] == [2]

    e = ev["monthly-5@kaizen.test"]
    assert e["RRULE"]["FREQ"] == ["MONTHLY"] and e["RRULE"]["COUNT"] == [6] and e["RRULE"]["BYDAY"] == ["-1FR"]
    assert "UNTIL" not in e["RRULE"]
    assert str(e["STATUS"]) == "TENTATIVE"


@test
def invitation():
    cal = load("invite.ics")
    assert str(cal["METHOD"]) == "REQUEST"
    assert list(zones(cal)) == ["Europe/Berlin"]
    (a,) = cal.walk("VEVENT")
    assert str(a["UID"]) == "training-1@kaizen.test"
    assert int(a["SEQUENCE"]) == 0
    org = a["ORGANIZER"]
    assert str(org) == "mailto:mia@example.com" and org.params["CN"] == "Mia Manager"
    att = {str(x): x.params for x in as_list(a.get("ATTENDEE"))}
    assert sorted(att) == ["mailto:al@example.com", "mailto:bea@example.com"], att
    for p in att.values():
        assert p["PARTSTAT"] == "NEEDS-ACTION" and p["RSVP"] == "TRUE", p
    assert att["mailto:al@example.com"]["ROLE"] == "REQ-PARTICIPANT"
    assert att["mailto:al@example.com"]["CN"] == "Al Agent"
    assert att["mailto:bea@example.com"]["ROLE"] == "OPT-PARTICIPANT"


@test
def update_keeps_uid_raises_sequence():
    inv = load("invite.ics").walk("VEVENT")[0]
    cal = load("update.ics")
    assert str(cal["METHOD"]) == "REQUEST"
    (u,) = cal.walk("VEVENT")
    assert str(u["UID"]) == str(inv["UID"])
    assert int(u["SEQUENCE"]) > int(inv["SEQUENCE"])
    assert u["DTSTART"].dt.replace(tzinfo=None) == dt.datetime(2027, 1, 14, 17, 30)
    assert u["DTEND"].dt.replace(tzinfo=None) == dt.datetime(2027, 1, 14, 19, 0)
    # 17:30 CET is 16:30 UTC.
    assert u["RRULE"]["UNTIL"] == [dt.datetime(2027, 3, 11, 16, 30, tzinfo=UTC)]
    assert exdates(u)[0].replace(tzinfo=None) == dt.datetime(2027, 2, 4, 17, 30)
    for p in (x.params for x in as_list(u.get("ATTENDEE"))):
        assert p["PARTSTAT"] == "NEEDS-ACTION" and p["RSVP"] == "TRUE"


@test
def cancellation():
    upd = load("update.ics").walk("VEVENT")[0]
    cal = load("cancel.ics")
    assert str(cal["METHOD"]) == "CANCEL"
    (c,) = cal.walk("VEVENT")
    assert str(c["UID"]) == "training-1@kaizen.test" == str(upd["UID"])
    assert str(c["STATUS"]) == "CANCELLED"
    assert int(c["SEQUENCE"]) > int(upd["SEQUENCE"]), (c["SEQUENCE"], upd["SEQUENCE"])
    assert str(c["ORGANIZER"]) == "mailto:mia@example.com"
    assert len(as_list(c.get("ATTENDEE"))) == 2


@test
def vtimezones_agree_with_the_system_zone_data():
    # The VTIMEZONEs libical wrote, against Python's zoneinfo (the system's
    # tzdata, read by other code): the offset at noon on the 1st and 15th of
    # every month 2027–2031, and just after each side of a change.
    from zoneinfo import ZoneInfo
    cal = load("zones.ics")
    z = zones(cal)
    assert len(z) == 7, sorted(z)
    checked = 0
    for tzid, comp in z.items():
        sysz = ZoneInfo(tzid)
        for year in range(2027, 2032):
            for month in range(1, 13):
                for day in (1, 15):
                    local = dt.datetime(year, month, day, 12, 0)
                    want = sysz.utcoffset(local)
                    got = zone_offset(comp, local)
                    assert got == want, (tzid, local, got, want)
                    checked += 1
    assert checked == 7 * 5 * 24
    # By hand, for the record: Sydney is +11 in March (summer), Tokyo +9,
    # Kolkata +5:30, Chatham +13:45 in March, St John's -3:30 on 1 March.
    noon = dt.datetime(2027, 3, 1, 12, 0)
    assert zone_offset(z["Australia/Sydney"], noon) == dt.timedelta(hours=11)
    assert zone_offset(z["Asia/Tokyo"], noon) == dt.timedelta(hours=9)
    assert zone_offset(z["Asia/Kolkata"], noon) == dt.timedelta(hours=5, minutes=30)
    assert zone_offset(z["Pacific/Chatham"], noon) == dt.timedelta(hours=13, minutes=45)
    assert zone_offset(z["America/St_Johns"], noon) == -dt.timedelta(hours=3, minutes=30)


def main():
    print(f"1..{len(tests)}")
    failed = 0
    for i, fn in enumerate(tests, 1):
        try:
            fn()
            print(f"ok {i} - {fn.__name__}")
        except Exception:
            failed += 1
            print(f"not ok {i} - {fn.__name__}")
            for line in traceback.format_exc().splitlines():
                print(f"# {line}")
    return 1 if failed else 0


if __name__ == "__main__":
    rc = main()
    shutil.rmtree(TMP, ignore_errors=True)
    sys.exit(rc)
