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
