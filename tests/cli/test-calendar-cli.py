#!/usr/bin/python3
"""kaizenctl calendar import: --dry-run lists (no database), without it the
events are stored as group training; calendar export; round trips.

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
    rc, out, err = run("calendar", "import", path, "--course", "-1")
    assert rc == 2, (rc, err)
    rc, out, err = run("calendar", "import", "--dry-run")
    assert rc == 2, (rc, err)
    rc, out, err = run("calendar", "import", "--help")
    assert rc == 0 and "--dry-run" in out and "--course" in out, (rc, out)
    rc, out, err = run("--help")
    assert "calendar import" in out


def people(db):
    rc, out, err = run("person", "list", "--json", "--database", db)
    assert rc == 0, err
    return json.loads(out)


def demo_without_coaching(db):
    """The demo centre without its own coaching story (catalog, rules,
    proposals, plans): these tests count what they add themselves."""
    rc, out, err = run("demo", "--database", db)
    assert rc == 0, err
    con = sqlite3.connect(db)
    con.execute("PRAGMA foreign_keys = ON")
    with con:
        for table in ("plans", "proposals", "coaching_rules", "catalog_items"):
            con.execute(f"DELETE FROM {table}")
    con.close()


@test
def export_plans_from_the_store():
    import datetime as dt
    import icalendar
    db = os.path.join(TMP, "plans.db")
    demo_without_coaching(db)
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


def fresh_db(name):
    db = os.path.join(TMP, name)
    if os.path.exists(db):
        os.remove(db)
    demo_without_coaching(db)
    rc, out, err = run("catalog", "add", "--database", db, "--kind", "course", "--title", "De-escalation training",
                       "--capacity", "5", "--criterion", "phone-support:greeting")
    assert rc == 0, err
    rc, out, err = run("catalog", "add", "--database", db, "--kind", "course", "--title", "Warm openings",
                       "--capacity", "5", "--criterion", "phone-support:greeting")
    assert rc == 0, err
    items = json.loads(run("catalog", "list", "--json", "--database", db)[1])
    return db, {i["title"]: i["id"] for i in items}


def db_plans(db):
    """The plans as the test's own SQL reads them (times as Unix seconds)."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    con.row_factory = sqlite3.Row
    out = {}
    for r in con.execute("SELECT * FROM plans"):
        d = dict(r)
        d["attendees"] = sorted(e for (e,) in con.execute(
            "SELECT p.email FROM plan_attendees a JOIN people x ON x.id = a.person_id "
            "JOIN person_emails p ON p.person_id = x.id AND p.position = 0 WHERE a.plan_id = ?", (r["id"],)))
        d["exdates"] = sorted(t for (t,) in con.execute("SELECT at FROM plan_exdates WHERE plan_id = ?",
                                                        (r["id"],)))
        out[r["uid"]] = d
    con.close()
    return out


def utc(y, mo, d, h, mi):
    import datetime as dt
    return int(dt.datetime(y, mo, d, h, mi, tzinfo=dt.timezone.utc).timestamp())


def booked_weekly(db, seq=0, extra="", status=""):
    everyone = people(db)
    agents = [p for p in everyone if "agent" in p["roles"]]
    org = next(p for p in everyone if "manager" in p["roles"])
    a1, a2 = agents[0], agents[1]
    # An attendee by a second address, upper-cased: matched all the same.
    a2_mail = a2["emails"][-1].upper()
    text = f"""BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Elsewhere//Booking 1.0//EN
BEGIN:VEVENT
UID:weekly-1@elsewhere.test
DTSTAMP:20261201T080000Z
SEQUENCE:{seq}
SUMMARY:  de-escalation TRAINING 
DTSTART;TZID=Europe/Berlin:20270114T180000
DTEND;TZID=Europe/Berlin:20270114T193000
RRULE:FREQ=WEEKLY;UNTIL=20270311T170000Z;BYDAY=TH
EXDATE;TZID=Europe/Berlin:20270204T180000
LOCATION:Room 2.14
{status}ORGANIZER;CN=Org:mailto:{org["emails"][0]}
ATTENDEE;CN=A1:mailto:{a1["emails"][0]}
ATTENDEE;CN=A2:mailto:{a2_mail}
ATTENDEE;CN=Stranger:mailto:stranger@elsewhere.test
{extra}END:VEVENT
BEGIN:VEVENT
UID:allday-1@elsewhere.test
DTSTAMP:20261201T080000Z
SUMMARY:De-escalation training
DTSTART;VALUE=DATE:20270301
DTEND;VALUE=DATE:20270303
END:VEVENT
BEGIN:VEVENT
UID:other-1@elsewhere.test
DTSTAMP:20261201T080000Z
SUMMARY:Knitting circle
DTSTART:20270115T080000Z
DURATION:PT45M
END:VEVENT
END:VCALENDAR
"""
    return text, org, a1, a2


@test
def import_stores_group_training():
    db, courses = fresh_db("import.db")
    text, org, a1, a2 = booked_weekly(db)
    path = write("weekly.ics", text)
    rc, out, err = run("calendar", "import", path, "--database", db, "--json")
    assert rc == 0, (rc, err)
    res = {r["uid"]: r for r in json.loads(out)}
    w = res["weekly-1@elsewhere.test"]
    assert w["action"] == "created" and w["course"] == courses["De-escalation training"], w
    assert w["unknown_people"] == ["stranger@elsewhere.test"], w
    assert res["allday-1@elsewhere.test"]["action"] == "skipped" and "all-day" in res["allday-1@elsewhere.test"]["reason"]
    assert res["other-1@elsewhere.test"]["action"] == "skipped"
    assert res["other-1@elsewhere.test"]["reason"].startswith("no course")
    plans = db_plans(db)
    assert set(plans) == {"weekly-1@elsewhere.test"}, plans.keys()
    p = plans["weekly-1@elsewhere.test"]
    assert p["kind"] == "training" and p["state"] == "planned" and p["sequence"] == 0
    assert p["catalog_item_id"] == courses["De-escalation training"]
    # 18:00 in Berlin in January is 17:00 UTC (CET, UTC+1); the zone is kept.
    assert p["starts_at"] == utc(2027, 1, 14, 17, 0) and p["tzid"] == "Europe/Berlin"
    assert p["duration_minutes"] == 90 and p["place"] == "Room 2.14"
    assert p["freq"] == "weekly" and p["interval"] == 1 and p["byday"] == "TH" and p["count"] == 0
    assert p["until"] == utc(2027, 3, 11, 17, 0)
    assert p["exdates"] == [utc(2027, 2, 4, 17, 0)]
    assert p["attendees"] == sorted([a1["emails"][0], a2["emails"][0]]), p["attendees"]
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    (coach,) = con.execute("SELECT coach_id FROM plans WHERE uid = 'weekly-1@elsewhere.test'").fetchone()
    con.close()
    assert coach == org["id"]
    # plan list --json says the same.
    listed = [x for x in json.loads(run("plan", "list", "--json", "--database", db)[1])
              if x["uid"] == "weekly-1@elsewhere.test"][0]
    assert listed["recurrence"]["exdates"] == ["2027-02-04T17:00:00Z"], listed

    # Re-importing the same file changes nothing.
    before = db_plans(db)
    rc, out, err = run("calendar", "import", path, "--database", db)
    assert rc == 0, err
    assert "already up to date" in out and "0 created, 0 updated, 0 cancelled, 3 skipped" in out, out
    assert db_plans(db) == before

    # Same UID, higher SEQUENCE: updated (one date more dropped, 19:00 now).
    text2, *_ = booked_weekly(db, seq=1, extra="EXDATE;TZID=Europe/Berlin:20270218T180000\n")
    text2 = text2.replace("20270114T180000", "20270114T190000").replace("20270114T193000", "20270114T203000")
    rc, out, err = run("calendar", "import", write("weekly2.ics", text2), "--database", db, "--json")
    assert rc == 0, err
    assert json.loads(out)[0]["action"] == "updated", out
    p2 = db_plans(db)["weekly-1@elsewhere.test"]
    assert p2["id"] == p["id"] and p2["sequence"] == 1
    assert p2["starts_at"] == utc(2027, 1, 14, 18, 0)
    # The EXDATE lines say 18:00, which the 19:00 series no longer has: stored as they are.
    assert p2["exdates"] == [utc(2027, 2, 4, 17, 0), utc(2027, 2, 18, 17, 0)], p2["exdates"]

    # STATUS:CANCELLED with a higher SEQUENCE cancels it.
    text3, *_ = booked_weekly(db, seq=2, status="STATUS:CANCELLED\n")
    rc, out, err = run("calendar", "import", write("weekly3.ics", text3), "--database", db)
    assert rc == 0, err
    assert "cancelled  weekly-1@elsewhere.test" in out, out
    p3 = db_plans(db)["weekly-1@elsewhere.test"]
    assert p3["state"] == "cancelled" and p3["sequence"] == 2


@test
def import_course_option_and_broken_file():
    db, courses = fresh_db("course.db")
    text, *_ = booked_weekly(db)
    path = write("weekly.ics", text)
    rc, out, err = run("calendar", "import", path, "--database", db, "--course", str(courses["Warm openings"]),
                       "--json")
    assert rc == 0, err
    res = {r["uid"]: r for r in json.loads(out)}
    # --course: the knitting circle comes in too, as Warm openings.
    assert res["other-1@elsewhere.test"]["action"] == "created", res
    plans = db_plans(db)
    assert {u: p["catalog_item_id"] for u, p in plans.items()} == \
        {"weekly-1@elsewhere.test": courses["Warm openings"], "other-1@elsewhere.test": courses["Warm openings"]}
    assert plans["other-1@elsewhere.test"]["tzid"] == "UTC" and plans["other-1@elsewhere.test"]["duration_minutes"] == 45
    # No such course: exit 1, nothing stored.
    db2, _ = fresh_db("course2.db")
    rc, out, err = run("calendar", "import", path, "--database", db2, "--course", "999")
    assert rc == 1 and "999" in err, (rc, err)
    assert db_plans(db2) == {}
    # A broken file: exit 1 with its line, nothing stored.
    rc, out, err = run("calendar", "import", os.path.join(DATA, "unclosed.ics"), "--database", db2)
    assert rc == 1 and "unclosed.ics:9:" in err and out == "", (rc, out, err)
    assert db_plans(db2) == {}


@test
def export_import_round_trip():
    db, courses = fresh_db("rt-a.db")
    everyone = people(db)
    agents = [p for p in everyone if "agent" in p["roles"]]
    m = next(p for p in everyone if "manager" in p["roles"])
    rc, out, err = run("plan", "add-training", "--database", db, "--course", str(courses["Warm openings"]),
                       "--start", "2027-01-14T18:00", "--tz", "Europe/Berlin", "--duration", "90",
                       "--place", "Room 2.14", "--organiser", m["emails"][0], "--freq", "weekly", "--byday", "TH",
                       "--until", "2027-03-11", "--exdate", "2027-02-04T18:00",
                       "--attendee", agents[0]["emails"][0], "--attendee", agents[1]["emails"][0])
    assert rc == 0, err
    rc, out, err = run("plan", "add-training", "--database", db, "--course", str(courses["De-escalation training"]),
                       "--start", "2027-03-02T09:30", "--tz", "America/New_York", "--duration", "60",
                       "--freq", "daily", "--count", "3", "--attendee", agents[2]["emails"][0])
    assert rc == 0, err
    ics = os.path.join(TMP, "rt.ics")
    rc, out, err = run("calendar", "export", "--database", db, "--output", ics)
    assert rc == 0, err
    db2, courses2 = fresh_db("rt-b.db")
    assert courses2 == courses
    rc, out, err = run("calendar", "import", ics, "--database", db2)
    assert rc == 0, err
    # The export's titles are the course titles: matched without --course.
    assert "2 created, 0 updated, 0 cancelled, 0 skipped" in out, out
    # The same schedule.  A plain "add to my calendar" file invites nobody
    # (no ORGANIZER, no ATTENDEE: invitations are METHOD:REQUEST), so the
    # people stay behind.
    keys = ["uid", "sequence", "kind", "state", "title", "catalog_item_id", "starts_at", "tzid",
            "duration_minutes", "place", "freq", "interval", "until", "count", "byday", "exdates"]
    a = {u: {k: p[k] for k in keys} for u, p in db_plans(db).items()}
    b = {u: {k: p[k] for k in keys} for u, p in db_plans(db2).items()}
    assert a == b, (a, b)
    assert all(p["attendees"] == [] and p["coach_id"] is None for p in db_plans(db2).values())
    # The weekly one: 18:00 Berlin = 17:00 UTC on 2027-01-14; UNTIL the end of 2027-03-11 in Berlin
    # (23:59:59 CET = 22:59:59 UTC); one date dropped.
    weekly = next(p for p in db_plans(db2).values() if p["freq"] == "weekly")
    assert weekly["starts_at"] == utc(2027, 1, 14, 17, 0) and weekly["until"] == utc(2027, 3, 11, 22, 59) + 59
    assert weekly["exdates"] == [utc(2027, 2, 4, 17, 0)]
    # Importing it again into either changes nothing.
    rc, out, err = run("calendar", "import", ics, "--database", db)
    assert rc == 0 and "0 created, 0 updated, 0 cancelled, 2 skipped" in out, out


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
