#!/usr/bin/python3
"""kaizenctl calendar import --dry-run: what it lists, how it refuses.
No database: the verb only reads the file (storage comes with coaching).

Usage: test-calendar-cli.py KAIZENCTL ICS_DATA_DIR
Prints TAP.
SPDX-License-Identifier: GPL-3.0-or-later
"""
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import traceback

KAIZENCTL = os.path.abspath(sys.argv[1])
DATA = os.path.abspath(sys.argv[2])
TMP = tempfile.mkdtemp(prefix="kaizen-cal-cli-")
ENV = dict(os.environ, XDG_DATA_HOME=os.path.join(TMP, "xdg-data"), LC_ALL="C.UTF-8")

tests = []


def test(fn):
    tests.append(fn)
    return fn


def run(*args):
    p = subprocess.run([KAIZENCTL, *args], capture_output=True, text=True, env=ENV, timeout=60)
    return p.returncode, p.stdout, p.stderr


def write(name, text):
    path = os.path.join(TMP, name)
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(text.replace("\n", "\r\n"))
    return path


# Written by hand, as another calendar would: a weekly training in Berlin
# with a dropped date, an all-day event, a cancelled UTC call, an unknown
# property and a changed occurrence (left out with a warning).
BOOKED = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Elsewhere//Booking 1.0//EN
BEGIN:VEVENT
UID:w1@elsewhere.test
DTSTAMP:20261201T080000Z
SUMMARY:De-escalation training
DTSTART;TZID=Europe/Berlin:20270114T180000
DTEND;TZID=Europe/Berlin:20270114T193000
RRULE:FREQ=WEEKLY;UNTIL=20270311T170000Z;BYDAY=TH
EXDATE;TZID=Europe/Berlin:20270204T180000
STRUCTURED-DATA;VALUE=TEXT:whatever
END:VEVENT
BEGIN:VEVENT
UID:d1@elsewhere.test
DTSTAMP:20261201T080000Z
SUMMARY:Offsite
DTSTART;VALUE=DATE:20270301
DTEND;VALUE=DATE:20270303
END:VEVENT
BEGIN:VEVENT
UID:u1@elsewhere.test
DTSTAMP:20261201T080000Z
SUMMARY:Vendor call
STATUS:CANCELLED
DTSTART:20270115T080000Z
DURATION:PT45M
END:VEVENT
BEGIN:VEVENT
UID:w1@elsewhere.test
RECURRENCE-ID;TZID=Europe/Berlin:20270121T180000
DTSTAMP:20261201T080000Z
SUMMARY:De-escalation training (moved)
DTSTART;TZID=Europe/Berlin:20270121T190000
DTEND;TZID=Europe/Berlin:20270121T203000
END:VEVENT
END:VCALENDAR
"""


@test
def dry_run_lists_events():
    path = write("booked.ics", BOOKED)
    rc, out, err = run("calendar", "import", path, "--dry-run")
    assert rc == 0, (rc, err)
    lines = out.splitlines()
    assert len(lines) == 4, out
    # UNTIL 17:00Z is 18:00 in Berlin in March (CET, UTC+1).
    assert lines[0].split() == ["2027-01-14", "18:00", "Europe/Berlin", "90", "min", "weekly", "on", "TH", "until",
                                "2027-03-11", "18:00,", "1", "date", "dropped", "De-escalation", "training"], lines[0]
    assert lines[1].split() == ["2027-03-01", "all", "day", "2880", "min", "once", "Offsite"], lines[1]
    assert lines[2].split() == ["2027-01-15", "08:00", "UTC", "45", "min", "once", "Vendor", "call", "(cancelled)"]
    assert lines[3] == "3 events would be brought in (dry run: nothing stored)"
    # Two warnings, with lines: the unknown property and the moved occurrence.
    warnings = [l for l in err.splitlines() if l.startswith("kaizenctl: warning:")]
    assert len(warnings) == 2, err
    assert f"{path}:12: in VEVENT, ignored" in warnings[0] and "STRUCTURED-DATA" in warnings[0], warnings[0]
    assert f"{path}:29: event “De-escalation training (moved)”" in warnings[1], warnings[1]
    assert "RECURRENCE-ID" in warnings[1]
    # Nothing was stored: no database was even created.
    assert not os.path.exists(os.path.join(TMP, "xdg-data", "kaizen")), os.listdir(os.path.join(TMP, "xdg-data"))


@test
def dry_run_json():
    path = write("booked.ics", BOOKED)
    rc, out, err = run("calendar", "import", path, "--dry-run", "--json")
    assert rc == 0, (rc, err)
    events = json.loads(out)
    assert [e["uid"] for e in events] == ["w1@elsewhere.test", "d1@elsewhere.test", "u1@elsewhere.test"]
    w = events[0]
    assert w["start"] == "2027-01-14T18:00:00" and w["tzid"] == "Europe/Berlin" and w["duration_minutes"] == 90
    assert w["recurrence"] == {"freq": "weekly", "interval": 1, "count": 0, "until": "2027-03-11T18:00:00",
                               "byday": ["TH"]}, w["recurrence"]
    assert w["exdates"] == ["2027-02-04T18:00:00"]
    assert events[1]["all_day"] is True and events[1]["start"] == "2027-03-01" and events[1]["tzid"] is None
    assert events[2]["status"] == "cancelled" and events[2]["tzid"] == "UTC"


@test
def broken_files_exit_1_with_line():
    cases = {
        "unclosed.ics": "unclosed.ics:9: END:VCALENDAR, but the open component is VEVENT (line 4)",
        "no-events.ics": "no-events.ics: the file has no events (VEVENT): nothing to import",
        "garbage-line.ics": "garbage-line.ics:9: “this line has no colon at all” is not a NAME:VALUE line",
        "unknown-tzid.ics": "unknown-tzid.ics:4: event “Nasty”: time zone “Mars/Olympus_Mons”",
        "nul-byte.ics": "nul-byte.ics:6: the file holds a NUL byte",
    }
    for name, says in cases.items():
        rc, out, err = run("calendar", "import", os.path.join(DATA, name), "--dry-run")
        assert rc == 1, (name, rc, err)
        assert out == "", (name, out)
        lines = err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("kaizenctl: ") and says in lines[0], (name, err)
    rc, out, err = run("calendar", "import", os.path.join(TMP, "missing.ics"), "--dry-run")
    assert rc == 1 and "missing.ics" in err, (rc, err)


@test
def usage():
    path = write("booked.ics", BOOKED)
    rc, out, err = run("calendar", "import", path)
    assert rc == 2 and "--dry-run" in err, (rc, err)
    rc, out, err = run("calendar", "import", "--dry-run")
    assert rc == 2, (rc, err)
    rc, out, err = run("calendar", "import", "--help")
    assert rc == 0 and "--dry-run" in out, (rc, out)
    rc, out, err = run("--help")
    assert "calendar import" in out


def people(db):
    rc, out, err = run("person", "list", "--json", "--database", db)
    assert rc == 0, err
    return json.loads(out)


@test
def export_plans_from_the_store():
    import datetime as dt
    import icalendar
    db = os.path.join(TMP, "plans.db")
    rc, out, err = run("demo", "--database", db)
    assert rc == 0, err
    everyone = people(db)
    # person list --json does not say the team: read it from the file.
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    teams = dict(con.execute("SELECT id, team_id FROM people"))
    con.close()
    for p in everyone:
        p["team_id"] = teams.get(p["id"])
    agents = [p for p in everyone if "agent" in p["roles"]]
    managers = [p for p in everyone if "manager" in p["roles"]]
    a = next(p for p in agents if p["team_id"])
    b = next(p for p in agents if p["team_id"] != a["team_id"])
    m = managers[0]
    rc, out, err = run("catalog", "add", "--database", db, "--kind", "course", "--title", "Warm openings",
                       "--capacity", "5", "--criterion", "phone-support:greeting")
    assert rc == 0, err
    course = str(json.loads(run("catalog", "list", "--json", "--database", db)[1])[0]["id"])
    rc, out, err = run("plan", "add-training", "--database", db, "--course", course, "--start", "2027-01-14T18:00",
                       "--tz", "Europe/Berlin", "--duration", "90", "--place", "Room 2.14", "--organiser",
                       m["emails"][0], "--freq", "weekly", "--byday", "TH", "--until", "2027-03-11",
                       "--exdate", "2027-02-04T18:00", "--attendee", a["emails"][0])
    assert rc == 0, err
    rc, out, err = run("plan", "add-coaching", "--database", db, "--agent", b["emails"][0], "--coach",
                       m["emails"][0], "--title", "Openings 1:1", "--agenda", "The greeting",
                       "--private-notes", "COACH ONLY SECRET", "--start", "2027-01-20T09:30",
                       "--tz", "America/New_York", "--duration", "45")
    assert rc == 0, err
    plans = json.loads(run("plan", "list", "--json", "--database", db)[1])
    training = next(p for p in plans if p["kind"] == "training")
    coaching = next(p for p in plans if p["kind"] == "coaching")

    out_all = os.path.join(TMP, "all.ics")
    rc, out, err = run("calendar", "export", "--database", db, "--output", out_all)
    assert rc == 0, err
    raw = open(out_all, "rb").read()
    assert b"COACH ONLY SECRET" not in raw, "private notes never leave"
    cal = icalendar.Calendar.from_ical(raw)
    assert "METHOD" not in cal
    ev = {str(e["UID"]): e for e in cal.walk("VEVENT")}
    assert set(ev) == {training["uid"], coaching["uid"]}, ev.keys()
    t = ev[training["uid"]]
    assert int(t["SEQUENCE"]) == training["sequence"] == 0
    assert t["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert t["DTSTART"].dt.replace(tzinfo=None) == dt.datetime(2027, 1, 14, 18, 0)
    assert t["DTEND"].dt.replace(tzinfo=None) == dt.datetime(2027, 1, 14, 19, 30)
    assert t["EXDATE"].dts[0].dt.replace(tzinfo=None) == dt.datetime(2027, 2, 4, 18, 0)
    # UNTIL in UTC, the same instant the store keeps.
    until = t["RRULE"]["UNTIL"][0]
    assert until.tzinfo is not None and until.utcoffset() == dt.timedelta(0), until
    assert until.strftime("%Y-%m-%dT%H:%M:%SZ") == training["recurrence"]["until"], (until, training["recurrence"])
    # A plain file invites nobody (invitations are METHOD:REQUEST).
    assert "ORGANIZER" not in t and "ATTENDEE" not in t
    c = ev[coaching["uid"]]
    assert str(c["DESCRIPTION"]) == "The greeting"
    assert c["DTSTART"].params["TZID"] == "America/New_York"
    assert len([z for z in cal.walk("VTIMEZONE")]) == 2

    # --person: only b's coaching session.
    out_b = os.path.join(TMP, "b.ics")
    rc, out, err = run("calendar", "export", "--database", db, "--person", b["emails"][0], "--output", out_b)
    assert rc == 0, err
    assert [str(e["UID"]) for e in icalendar.Calendar.from_ical(open(out_b, "rb").read()).walk("VEVENT")] == \
        [coaching["uid"]]
    # --team: a's team sees the training (a attends it).
    if True:
        out_t = os.path.join(TMP, "team.ics")
        rc, out, err = run("calendar", "export", "--database", db, "--team", str(a["team_id"]), "--output", out_t)
        assert rc == 0, err
        uids = [str(e["UID"]) for e in icalendar.Calendar.from_ical(open(out_t, "rb").read()).walk("VEVENT")]
        assert training["uid"] in uids, uids

    # Cancelled: the same UID, a higher SEQUENCE, STATUS:CANCELLED.
    rc, out, err = run("plan", "cancel", str(training["id"]), "--database", db)
    assert rc == 0, err
    rc, out, err = run("calendar", "export", "--database", db, "--output", out_all)
    assert rc == 0, err
    t2 = {str(e["UID"]): e for e in icalendar.Calendar.from_ical(open(out_all, "rb").read()).walk("VEVENT")}
    t2 = t2[training["uid"]]
    assert str(t2["STATUS"]) == "CANCELLED" and int(t2["SEQUENCE"]) > int(t["SEQUENCE"]), (t2["STATUS"], t2["SEQUENCE"])

    # The file reads back with Kaizen's own import.
    rc, out, err = run("calendar", "import", out_all, "--dry-run")
    assert rc == 0 and "2 events would be brought in" in out, (rc, out, err)
    # Usage errors.
    assert run("calendar", "export", "--database", db)[0] == 2
    assert run("calendar", "export", "--database", db, "--person", "x@y", "--team", "1", "--output", out_all)[0] == 2
    rc, out, err = run("calendar", "export", "--database", db, "--person", "nobody@nowhere.test", "--output", out_all)
    assert rc == 1, (rc, err)


def main():
    print(f"1..{len(tests)}")
    failed = 0
    for i, fn in enumerate(tests, 1):
        try:
            fn()
            print(f"ok {i} {fn.__name__}")
        except Exception:
            failed += 1
            print(f"not ok {i} {fn.__name__}")
            for line in traceback.format_exc().splitlines():
                print("# " + line)
        sys.stdout.flush()
    return 1 if failed else 0


if __name__ == "__main__":
    rc = main()
    shutil.rmtree(TMP, ignore_errors=True)
    sys.exit(rc)
