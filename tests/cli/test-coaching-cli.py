#!/usr/bin/python3
"""kaizenctl import completions and report impact from the stored plans,
checked against this script's own expectations.  Prints TAP.

import completions: CSV (SCORM 1.2 lesson statuses, SCORM 2004 completion
and success statuses) and xAPI files this script writes; what lands in
lms_completions is read back with this script's own SQL; statements seen
twice count once, also across imports; bad rows are reported by line (CSV)
or index (JSON); a file with only bad rows, or a --strict refusal, leaves
the database's dump byte for byte as it was; the learner's eLearning
assignment is marked done.

report impact without --coached: the coached agents are read from the
plans (plan add-coaching + plan done), and the figures equal SciPy's Welch
test on the change scores this script computes.  The data, the windows and
the evaluation helpers are test-gaps-impact.py's, imported from it.

Usage: test-coaching-cli.py KAIZENCTL RUBRICS_DIR
SPDX-License-Identifier: GPL-3.0-or-later
"""
import hashlib
import importlib.util
import json
import math
import os
import shutil
import sqlite3
import sys
import traceback
from datetime import datetime, timedelta, timezone

from scipy import stats

HERE = os.path.dirname(os.path.abspath(__file__))
# test-gaps-impact.py reads the same two arguments when it is loaded.
_spec = importlib.util.spec_from_file_location("gaps_impact", os.path.join(HERE, "test-gaps-impact.py"))
gaps = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(gaps)

run, write, TMP = gaps.run, gaps.write, gaps.TMP
README = os.path.join(HERE, "..", "..", "README.md")

tests = []


def test(fn):
    tests.append(fn)
    return fn


def fresh_demo(name):
    db = os.path.join(TMP, name)
    rc, out, err = run("demo", "--database", db)
    assert rc == 0, err
    return db


def people(db, role):
    rc, out, err = run("person", "list", "--role", role, "--json", "--database", db)
    assert rc == 0, err
    return json.loads(out)


def dump_sha256(db):
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    text = "\n".join(con.iterdump())
    con.close()
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def rows(db, sql, args=()):
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    out = con.execute(sql, args).fetchall()
    con.close()
    return out


def unix(text):
    return int(datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp())


def catalog(db):
    """Two eLearning items with LMS ids: one a CSV course id, one an xAPI activity IRI."""
    for title, ext in (("Greeting basics", "GREET-101"), ("Empathy online", "https://lms.example.org/xapi/empathy")):
        rc, out, err = run("catalog", "add", "--database", db, "--kind", "elearning", "--title", title,
                           "--link", "https://lms.example.org/" + title.split()[0].lower(), "--minutes", "20",
                           "--criterion", "phone-support:greeting", "--external-id", ext)
        assert rc == 0, err
    items = {i["external_id"]: i["id"] for i in json.loads(run("catalog", "list", "--json", "--database", db)[1])}
    return items["GREET-101"], items["https://lms.example.org/xapi/empathy"]


def assignment(db, item):
    """An eLearning assignment of @item, as a manager makes one: a rule,
    its proposal, accepted.  Returns (agent email, plan)."""
    rc, out, err = run("rules", "add", "--database", db, "--criterion", "phone-support:greeting",
                       "--mean-below", "100", "--days", "3650", "--item", str(item), "--sla-days", "7")
    assert rc == 0, err
    rules = json.loads(run("rules", "list", "--json", "--database", db)[1])
    rule = max(r["id"] for r in rules)
    rc, out, err = run("rules", "run", "--json", "--database", db)
    assert rc == 0, err
    # The demo's own rules may propose too: this rule's proposal.
    proposal = next(p for p in json.loads(out) if p["rule"] == rule)
    manager = people(db, "manager")[0]["emails"][0]
    rc, out, err = run("proposals", "accept", str(proposal["id"]), "--plan", "elearning", "--as", manager,
                       "--database", db)
    assert rc == 0, err
    plans = json.loads(run("plan", "list", "--person", proposal["agent"], "--json", "--database", db)[1])
    plans = [p for p in plans if p["kind"] == "elearning" and p["item"] == item]
    assert len(plans) == 1 and plans[0]["state"] == "planned", plans
    return proposal["agent"], plans[0]


CSV_HEADER = ("learner_id,email,course_id,status,completion_status,success_status,completed_at,"
              "score_raw,score_max,score_scaled,passed\n")
NOW = "2026-03-10T12:00:00Z"   # the time of in-progress rows that give none


@test
def completions_csv_and_xapi_counted_once_and_assignment_done():
    db = fresh_demo("completions.db")
    greet, empathy = catalog(db)
    a, plan = assignment(db, greet)
    agents = [p for p in people(db, "agent") if p["emails"][0] != a]
    ids = {p["emails"][0]: p["id"] for p in people(db, "agent")}
    b, c = agents[0]["emails"][0], agents[1]["emails"][0]
    b_id, c_id = str(ids[b]), str(ids[c])

    # plan list shows the state, and overdue once the due day is past.
    due = plan["due"]
    late = (datetime.fromisoformat(due) + timedelta(days=1)).date().isoformat() + "T09:00:00"
    rc, out, err = run("plan", "list", "--person", a, "--now", late, "--database", db)
    assert rc == 0 and "elearning" in out and "planned" in out and "overdue" in out, (out, err)
    rc, out, err = run("plan", "list", "--person", a, "--now", due + "T09:00:00", "--database", db)
    assert rc == 0 and "planned" in out and "overdue" not in out, (out, err)

    csv_path = write("lms.csv", CSV_HEADER +
                     f",{a},GREET-101,passed,,,2026-03-02,8,10,,\n"                 # 2: SCORM 1.2 passed
                     f"{b_id},,GREET-101,incomplete,,,,,,,\n"                        # 3: SCORM 1.2, no date
                     f",{c},GREET-101,,completed,failed,2026-03-03,,,,\n"            # 4: SCORM 2004 failed
                     f",{c},GREET-101,,completed,passed,2026-03-04T15:30:00Z,,,0.75,\n"  # 5: SCORM 2004 passed
                     ",nobody@nowhere.example,GREET-101,passed,,,2026-03-02,,,,\n"    # 6: bad: nobody
                     f",{b},GREET-101,finished,,,2026-03-02,,,,\n"                   # 7: bad: status
                     f",{b},NOPE-1,passed,,,2026-03-02,,,,\n"                        # 8: bad: course
                     f",{a},GREET-101,passed,,,2026-03-02,8,10,,\n"                 # 9: line 2 again
                     f"{b_id},{b},GREET-101,completed,,,2026-03-05,,,0.5,no\n"      # 10: completed, not passed
                     f",{b},GREET-101,browsed,,,2026-03-06,,,,\n")                   # 11: SCORM 1.2 browsed
    rc, out, err = run("import", "completions", "--database", db, "--now", NOW, csv_path, "--json")
    assert rc == 0, err
    got = json.loads(out)
    # 10 rows: 6 stored (2, 3, 4, 5, 10, 11), line 9 a duplicate of line 2, 3 bad.
    assert (got["read"], got["stored"], got["duplicates"], got["bad"], got["plans_done"]) == (10, 6, 1, 3, 1), got
    assert [(p["line"], p["file"]) for p in got["problems"]] == [(6, csv_path), (7, csv_path), (8, csv_path)], got
    assert "nobody@nowhere.example" in got["problems"][0]["reason"]
    assert "finished" in got["problems"][1]["reason"] and "NOPE-1" in got["problems"][2]["reason"]

    person = {a: ids[a], b: ids[b], c: ids[c]}
    expected = {
        (person[a], greet, "passed", unix("2026-03-02T00:00:00Z"), 0.8, 1),
        (person[b], greet, "incomplete", unix(NOW), None, None),
        (person[c], greet, "failed", unix("2026-03-03T00:00:00Z"), None, 0),
        (person[c], greet, "passed", unix("2026-03-04T15:30:00Z"), 0.75, 1),
        # "completed" with passed = no: SCORM 2004's rule, a completion that did not pass is a miss.
        (person[b], greet, "failed", unix("2026-03-05T00:00:00Z"), 0.5, 0),
        (person[b], greet, "incomplete", unix("2026-03-06T00:00:00Z"), None, None),
    }
    sql = "SELECT person_id, catalog_item_id, status, completed_at, score, passed FROM lms_completions"
    assert set(rows(db, sql)) == expected, rows(db, sql)
    assert len(rows(db, sql)) == 6

    # The learner's eLearning assignment of that course: done at the completion's time.
    done = [p for p in json.loads(run("plan", "list", "--person", a, "--json", "--database", db)[1])
            if p["id"] == plan["id"]][0]
    assert (done["state"], done["completed_at"], done["overdue"]) == ("done", "2026-03-02T00:00:00Z", False), done
    rc, out, err = run("plan", "list", "--person", a, "--now", late, "--database", db)
    assert rc == 0 and "done" in out and "overdue" not in out, out

    # The same export again: every good row was seen before.
    rc, out, err = run("import", "completions", "--database", db, "--now", NOW, csv_path, "--json")
    assert rc == 0, err
    again = json.loads(out)
    assert (again["read"], again["stored"], again["duplicates"], again["bad"]) == (10, 0, 7, 3), again
    assert len(rows(db, sql)) == 6

    statement = "6f1c2a3e-0b7d-4c59-9a51-2f7e6c1d0a11"
    xapi = [
        {"id": statement, "actor": {"mbox": f"mailto:{a}"},
         "verb": {"id": "http://adlnet.gov/expapi/verbs/completed"},
         "object": {"id": "https://lms.example.org/xapi/empathy"},
         "result": {"score": {"scaled": 0.9}, "success": True, "completion": True},
         "timestamp": "2026-03-06T10:00:00Z"},
        {"id": statement.upper(), "actor": {"mbox": f"mailto:{a}"},          # 1: the same statement again
         "verb": {"id": "http://adlnet.gov/expapi/verbs/completed"},
         "object": {"id": "https://lms.example.org/xapi/empathy"},
         "result": {"score": {"scaled": 0.9}, "success": True}, "timestamp": "2026-03-06T10:00:00Z"},
        {"id": "0c9e8d7f-1111-4222-8333-944455566677",
         "actor": {"account": {"homePage": "https://lms.example.org", "name": b}},
         "verb": {"id": "http://adlnet.gov/expapi/verbs/attended"},
         "object": {"id": "https://lms.example.org/xapi/empathy"}, "timestamp": "2026-03-07T09:00:00+01:00"},
        {"id": "a1b2c3d4-2222-4333-8444-555566667777",
         "actor": {"account": {"homePage": "https://lms.example.org", "name": c_id}},
         "verb": {"id": "http://adlnet.gov/expapi/verbs/failed"},
         "object": {"id": "https://lms.example.org/xapi/empathy"},
         "result": {"score": {"raw": 3, "max": 10}}, "timestamp": "2026-03-07T11:00:00Z"},
        {"id": "b1b2c3d4-3333-4333-8444-555566667777", "actor": {"mbox": f"mailto:{a}"},   # 4: bad verb
         "verb": {"id": "http://adlnet.gov/expapi/verbs/experienced"},
         "object": {"id": "https://lms.example.org/xapi/empathy"}, "timestamp": "2026-03-07T11:00:00Z"},
        {"id": "c1b2c3d4-4444-4333-8444-555566667777",                                    # 5: bad learner
         "actor": {"mbox": "mailto:ghost@nowhere.example"},
         "verb": {"id": "http://adlnet.gov/expapi/verbs/passed"},
         "object": {"id": "https://lms.example.org/xapi/empathy"}, "timestamp": "2026-03-07T11:00:00Z"},
        {"actor": {"mbox": f"mailto:{b}"}, "verb": {"id": "http://adlnet.gov/expapi/verbs/passed"},  # 6: no id
         "object": {"id": "https://lms.example.org/xapi/empathy"}, "timestamp": "2026-03-08T08:00:00Z"},
    ]
    json_path = write("statements.json", json.dumps({"statements": xapi, "more": ""}))
    rc, out, err = run("import", "completions", "--database", db, json_path, "--json")
    assert rc == 0, err
    got = json.loads(out)
    assert (got["read"], got["stored"], got["duplicates"], got["bad"]) == (7, 4, 1, 2), got
    assert [p["index"] for p in got["problems"]] == [4, 5], got
    assert "experienced" in got["problems"][0]["reason"] and "ghost@nowhere.example" in got["problems"][1]["reason"]
    x_sql = sql + " WHERE catalog_item_id = ?"
    assert set(rows(db, x_sql, (empathy,))) == {
        (person[a], empathy, "passed", unix("2026-03-06T10:00:00Z"), 0.9, 1),
        (person[b], empathy, "attended", unix("2026-03-07T08:00:00Z"), None, None),
        (person[c], empathy, "failed", unix("2026-03-07T11:00:00Z"), 0.3, 0),
        (person[b], empathy, "passed", unix("2026-03-08T08:00:00Z"), None, 1),
    }, rows(db, x_sql, (empathy,))

    # A second import with the statement once more (other case) and a new one: counted once.
    json2 = write("statements-2.json", json.dumps([
        dict(xapi[0], id=statement.upper()),
        dict(xapi[0], id="d1b2c3d4-5555-4333-8444-555566667777", timestamp="2026-03-09T10:00:00Z")]))
    rc, out, err = run("import", "completions", "--database", db, json2, "--json")
    assert rc == 0, err
    got = json.loads(out)
    assert (got["read"], got["stored"], got["duplicates"], got["bad"]) == (2, 1, 1, 0), got
    assert rows(db, "SELECT count(*) FROM lms_completions WHERE lower(statement_id) = ?", (statement,)) == [(1,)]
    assert len(rows(db, x_sql, (empathy,))) == 5

    # Text output: the counts, and bad rows by line on stderr.
    rc, out, err = run("import", "completions", "--database", db, "--now", NOW, csv_path)
    assert rc == 0, err
    assert "10 read: 0 stored, 7 duplicates, 3 bad" in out, out
    for line in (6, 7, 8):
        assert f"{csv_path}:{line}: skipped:" in err, err
    rc, out, err = run("import", "completions", "--database", db, json_path)
    assert rc == 0 and f"{json_path}: statement 4: skipped:" in err, err


@test
def bad_files_change_nothing():
    db = fresh_demo("bad.db")
    catalog(db)
    a = people(db, "agent")[0]["emails"][0]
    before = dump_sha256(db)

    only_bad = write("only-bad.csv", CSV_HEADER +
                     ",nobody@nowhere.example,GREET-101,passed,,,2026-03-02,,,,\n"   # 2
                     f",{a},GREET-101,passed,,,2026-02-30,,,,\n"                     # 3: no such day
                     f",{a},GREET-101,passed,,,2026-03-02,11,10,,\n"                 # 4: raw above max
                     f",{a},NOPE-1,completed,,,2026-03-02,,,,\n"                     # 5: no such course
                     f"abc,,GREET-101,passed,,,2026-03-02,,,,\n")                    # 6: an id that is neither
    rc, out, err = run("import", "completions", "--database", db, only_bad)
    assert rc == 1, (rc, out, err)
    for line in (2, 3, 4, 5, 6):
        assert f"{only_bad}:{line}: skipped:" in err, err
    assert "nothing was imported" in err
    assert dump_sha256(db) == before

    bad_json = write("only-bad.json", json.dumps([
        {"id": "e1b2c3d4-6666-4333-8444-555566667777", "actor": {"mbox": f"mailto:{a}"},
         "verb": {"id": "http://adlnet.gov/expapi/verbs/completed"}, "object": {"id": "NOPE-1"},
         "timestamp": "2026-03-07T11:00:00Z"},
        {"actor": {"openid": "https://id.example.org/x"}, "verb": {"id": "http://adlnet.gov/expapi/verbs/passed"},
         "object": {"id": "GREET-101"}, "timestamp": "2026-03-07T11:00:00Z"},
        "not a statement"]))
    rc, out, err = run("import", "completions", "--database", db, bad_json, "--json")
    assert rc == 1, (rc, out, err)
    got = json.loads(out)
    assert (got["read"], got["stored"], got["bad"]) == (3, 0, 3) and [p["index"] for p in got["problems"]] == \
        [0, 1, 2], got
    assert dump_sha256(db) == before

    # --strict: one bad row refuses the good ones too.
    mixed = write("mixed.csv", CSV_HEADER +
                  f",{a},GREET-101,passed,,,2026-03-02,,,,\n"
                  f",{a},GREET-101,weird,,,2026-03-02,,,,\n")
    rc, out, err = run("import", "completions", "--database", db, "--strict", mixed)
    assert rc == 1 and f"{mixed}:3" in err and "nothing was imported" in err, (rc, err)
    assert dump_sha256(db) == before

    # Not JSON at all; no header; a missing file.
    for name, text in (("broken.json", "[{"), ("noheader.csv", "a,b\n1,2\n")):
        rc, out, err = run("import", "completions", "--database", db, write(name, text))
        assert rc == 1 and name in err, (name, rc, err)
    rc, out, err = run("import", "completions", "--database", db, os.path.join(TMP, "missing.csv"))
    assert rc == 1, (rc, err)
    assert dump_sha256(db) == before
    assert rows(db, "SELECT count(*) FROM lms_completions") == [(0,)]

    # Usage.
    assert run("import", "completions", "--database", db)[0] == 2
    assert run("import", "completions", "--database", db, only_bad, mixed)[0] == 2


def welch(t, c):
    """Effect, interval and df of two groups' change scores, by this
    script's arithmetic, checked against SciPy's Welch test."""
    mt, mc = sum(t) / len(t), sum(c) / len(c)
    vt = sum((x - mt) ** 2 for x in t) / (len(t) - 1)
    vc = sum((x - mc) ** 2 for x in c) / (len(c) - 1)
    se = math.sqrt(vt / len(t) + vc / len(c))
    df = (vt / len(t) + vc / len(c)) ** 2 / ((vt / len(t)) ** 2 / (len(t) - 1) + (vc / len(c)) ** 2 / (len(c) - 1))
    w = stats.ttest_ind(t, c, equal_var=False)
    assert abs(w.statistic - (mt - mc) / se) < 1e-9
    q = stats.t.ppf(0.975, df)
    return mt - mc, mt - mc - q * se, mt - mc + q * se, df


def add_coaching(db, agent, coach, criterion, done_at=None):
    rc, out, err = run("plan", "add-coaching", "--database", db, "--agent", agent, "--coach", coach,
                       "--title", "Empathy 1:1", "--criterion", criterion)
    assert rc == 0, err
    plans = json.loads(run("plan", "list", "--person", agent, "--json", "--database", db)[1])
    plan = max(plans, key=lambda p: p["id"])
    if done_at is not None:
        rc, out, err = run("plan", "done", str(plan["id"]), "--at", done_at, "--database", db)
        assert rc == 0, err
    return plan["id"]


@test
def impact_from_plans_matches_scipy_welch():
    db, coached, values = gaps.impact_db("impact-plans.db", 6, 7, 1)
    others = [e for e in values if e not in coached]
    coach = people(db, "reviewer")[0]["emails"][0]
    day = gaps.COACHING_DAY
    # Five coached on the day, one three days after (still in the 7-day gap).
    for i, agent in enumerate(coached):
        when = day + timedelta(days=3 if i == 5 else 0)
        add_coaching(db, agent, coach, "impact:empathy-x", when.isoformat() + "T10:00:00Z")
    # Not coached on the day: others[0] was coached on the criterion 10 days
    # before (inside the pre window: left out of both groups); others[1] has
    # a session still planned, others[2] one done on the day on another
    # criterion — both compared as usual.
    add_coaching(db, others[0], coach, "impact:empathy-x", (day - timedelta(days=10)).isoformat() + "T10:00:00Z")
    add_coaching(db, others[1], coach, "impact:empathy-x")
    add_coaching(db, others[2], coach, "phone-support:greeting", day.isoformat() + "T10:00:00Z")

    def delta(email):
        pre, post = values[email]
        return 10 * sum(post) / len(post) - 10 * sum(pre) / len(pre)   # 0–10 scale → 0–100

    rc, out, err = run("report", "impact", "--database", db, "--criterion", "empathy-x",
                       "--date", day.isoformat(), "--json")
    assert rc == 0, err
    got = json.loads(out)
    compared = others[1:]
    effect, low, high, df = welch([delta(e) for e in coached], [delta(e) for e in compared])
    assert (got["kind"], got["coached_from"], got["n_coached"], got["n_comparison"], got["n_left_out"]) == \
        ("effect", "plans", 6, 6, 1), got
    assert sorted(got["coached"]) == sorted(coached), got
    assert abs(got["effect"] - effect) < 1e-9 and abs(got["df"] - df) < 1e-6, (got, effect, df)
    assert abs(got["low"] - low) < 1e-6 and abs(got["high"] - high) < 1e-6, (got, low, high)
    assert 5 < got["effect"] < 15, got                      # the +1 point (10 on 0–100) built in

    # Named by hand instead: everyone else is compared, others[0] too.
    rc, out, err = run("report", "impact", "--database", db, "--criterion", "empathy-x",
                       "--date", day.isoformat(), "--coached", ",".join(coached), "--json")
    assert rc == 0, err
    given = json.loads(out)
    effect, low, high, df = welch([delta(e) for e in coached], [delta(e) for e in others])
    assert (given["coached_from"], given["n_comparison"]) == ("given", 7), given
    assert abs(given["effect"] - effect) < 1e-9 and abs(given["low"] - low) < 1e-6, (given, effect)

    # --gap 2: the coached are those done on the day or the day after; the
    # session three days on now falls in the post window's span and is left
    # out.  The post window +2 … +31 holds the +10, +20, +30 evaluations and
    # also impact_rows()'s 10 on day +3.
    def delta_gap2(email):
        pre, post = values[email]
        return 10 * sum(post + [10]) / (len(post) + 1) - 10 * sum(pre) / len(pre)

    rc, out, err = run("report", "impact", "--database", db, "--criterion", "empathy-x",
                       "--date", day.isoformat(), "--gap", "2", "--json")
    assert rc == 0, err
    narrow = json.loads(out)
    effect, low, high, df = welch([delta_gap2(e) for e in coached[:5]], [delta_gap2(e) for e in compared])
    assert (narrow["n_coached"], narrow["n_comparison"], narrow["n_left_out"]) == (5, 6, 2), narrow
    assert abs(narrow["effect"] - effect) < 1e-9 and abs(narrow["high"] - high) < 1e-6, (narrow, effect)

    # Text: the sentence and who the plans say was coached.
    rc, out, err = run("report", "impact", "--database", db, "--criterion", "empathy-x", "--date", day.isoformat())
    assert rc == 0 and "95% interval" in out and "from the plans: 6 agents" in out, (out, err)

    # A day nobody was coached: not enough data, no number.
    rc, out, err = run("report", "impact", "--database", db, "--criterion", "empathy-x",
                       "--date", (day + timedelta(days=40)).isoformat(), "--json")
    assert rc == 0, err
    none = json.loads(out)
    assert none["kind"] == "not-enough-data" and none["effect"] is None and none["n_coached"] == 0, none


@test
def readme_documents_the_coaching_verbs():
    with open(README, encoding="utf-8") as f:
        text = f.read()
    for verb in ("report gaps", "plan list", "import completions", "report impact", "catalog add --kind",
                 "plan done"):
        assert verb in text, verb
    rc, out, err = run("report", "impact", "--help")
    assert rc == 0 and "from the plans" in out and "G days after" in out, out
    rc, out, err = run("import", "completions", "--help")
    assert rc == 0 and "--strict" in out and "external-id" in out, out


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
    if not failed:
        shutil.rmtree(TMP, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
