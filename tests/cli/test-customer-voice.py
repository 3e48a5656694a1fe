#!/usr/bin/python3
"""kaizenctl report customer-voice, checked against SciPy.  Prints TAP.

Calls are imported with a manifest, their reviews with `import evaluations`
(interaction column) and the customers' ratings with `import feedback`;
the ratings are built so that the empathy criterion really matters and the
greeting does not.  This script works out, from the very rows it wrote,
which evaluations passed each criterion, the ratings on 0–100 (CSAT
25 × (r − 1), NPS 10 × r), and the Welch difference with SciPy
(scipy.stats.ttest_ind(equal_var=False) for the t statistic, t.ppf for the
interval on the Welch df it computes itself); the report must agree.  The
CSV and the PDF hold the same figures; on the demo database empathy matters
to customers and the greeting does not.

Usage: test-customer-voice.py KAIZENCTL
SPDX-License-Identifier: GPL-3.0-or-later
"""
import csv
import io
import json
import math
import os
import random
import re
import subprocess
import sys
import tempfile
import traceback
import wave
from datetime import datetime, timedelta, timezone

from scipy import stats

KAIZENCTL = os.path.abspath(sys.argv[1])
TMP = tempfile.mkdtemp(prefix="kaizen-cvoice-")
ENV = dict(os.environ, XDG_DATA_HOME=os.path.join(TMP, "xdg-data"), LC_ALL="C.UTF-8", TZ="UTC")
NS = "https://kaizen-qa.org/ns/rubric/1"

# greet: binary (passed: Yes); empathy 1–5 target 75 (passed: 4 or 5);
# notes 1–3, N/A allowed, no target (pass mark 80: passed only at 3);
# solved: binary, nearly always Yes (too few fails for a figure).
RUBRIC = f"""<?xml version="1.0" encoding="UTF-8"?>
<rubric xmlns="{NS}" id="cv" version="1" pass-mark="80">
  <title>Customer voice test</title>
  <section id="s"><title>Call</title>
    <criterion id="greet"><title>Greets</title><guidance>g</guidance>
      <scale kind="binary"><point value="0" label="No"/><point value="1" label="Yes"/></scale></criterion>
    <criterion id="empathy" target="75"><title>Empathy</title><guidance>g</guidance>
      <scale kind="ordinal"><point value="1"/><point value="2"/><point value="3"/><point value="4"/>
        <point value="5"/></scale></criterion>
    <criterion id="notes" na="exclude" required="false"><title>Notes</title><guidance>g</guidance>
      <scale kind="ordinal"><point value="1"/><point value="2"/><point value="3"/></scale></criterion>
    <criterion id="solved"><title>Solved</title><guidance>g</guidance>
      <scale kind="binary"><point value="0" label="No"/><point value="1" label="Yes"/></scale></criterion>
  </section>
</rubric>
"""
START = datetime(2031, 5, 1, 9, 0, tzinfo=timezone.utc)
N_CALLS = 60

tests = []


def test(fn):
    tests.append(fn)
    return fn


def run(*args):
    p = subprocess.run([KAIZENCTL, *args], capture_output=True, text=True, env=ENV, timeout=300)
    return p.returncode, p.stdout, p.stderr


def write(name, text):
    path = os.path.join(TMP, name)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


def norm(scale, rating):
    return 25.0 * (rating - 1) if scale == "csat" else 10.0 * rating


def welch(a, b):
    """Difference, interval and n by this script's own arithmetic, the t
    statistic cross-checked with SciPy's Welch test."""
    na, nb = len(a), len(b)
    if na < 2 or nb < 2:
        return None
    ma, mb = sum(a) / na, sum(b) / nb
    va = sum((x - ma) ** 2 for x in a) / (na - 1)
    vb = sum((x - mb) ** 2 for x in b) / (nb - 1)
    qa, qb = va / na, vb / nb
    se = math.sqrt(qa + qb)
    df = (qa + qb) ** 2 / (qa ** 2 / (na - 1) + qb ** 2 / (nb - 1))
    diff = ma - mb
    t = stats.t.ppf(0.975, df)
    res = stats.ttest_ind(a, b, equal_var=False)
    assert abs(res.statistic - diff / se) < 1e-9, (res.statistic, diff / se)
    return {"difference": diff, "low": diff - t * se, "high": diff + t * se, "se": se, "df": df,
            "mean_passed": ma, "mean_failed": mb}


DB = os.path.join(TMP, "cv.db")
DATA = {}


def build():
    """A demo database (for its people), the test rubric, N_CALLS calls of
    four agents reviewed and rated.  Returns the rows this script wrote."""
    if DATA:
        return DATA
    rc, out, err = run("demo", "--database", DB)
    assert rc == 0, err
    assert run("rubric", "import", "--database", DB, write("cv.xml", RUBRIC))[0] == 0
    people = json.loads(run("person", "list", "--json", "--database", DB)[1])
    reviewer = next(p for p in people if "reviewer" in p["roles"])["emails"][0]
    agents = [p["emails"][0] for p in people if "agent" in p["roles"] and p["emails"][0] != reviewer][:4]
    assert len(agents) == 4

    audio = os.path.join(TMP, "call.wav")
    with wave.open(audio, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(8000)
        w.writeframes(b"\0\0" * 8000)

    rnd = random.Random(9)
    manifest = ["id,agent_email,start,duration,direction,customer_ref,audio"]
    evaluations = ["agent_email,date,rubric_id,rubric_version,reviewer_email,interaction,greet,empathy,notes,solved"]
    feedback = ["interaction,rating,scale"]
    rows = []
    for i in range(N_CALLS):
        call_id = f"cv-call-{i:03d}"
        agent = agents[i % 4]
        at = START + timedelta(days=i // 3, hours=i % 3)
        manifest.append(f"{call_id},{agent},{at.isoformat()},60,inbound,cust-{i},call.wav")
        greet = rnd.randint(0, 1)
        empathy = rnd.randint(1, 5)
        notes = "na" if i % 7 == 0 else str(rnd.randint(1, 3))
        solved = 0 if i == 5 else 1
        # The customer notices empathy (+ about 30 points when 4 or 5), not
        # the greeting; half the calls ask CSAT, half NPS.
        x = min(1.0, max(0.0, 0.35 + (0.3 if empathy >= 4 else 0) + rnd.gauss(0, 0.15)))
        scale = "csat" if i % 2 == 0 else "nps"
        rating = 1 + round(4 * x) if scale == "csat" else round(10 * x)
        evaluations.append(f"{agent},{at.date().isoformat()},cv,1,{reviewer},{call_id},{greet},{empathy},{notes},{solved}")
        feedback.append(f"{call_id},{rating},{scale}")
        rows.append({"day": at.date(), "greet": greet, "empathy": empathy, "notes": notes, "solved": solved,
                     "rating": norm(scale, rating), "scale": scale})
    # Reviews that must not count: one with no interaction named (no rating),
    # and a call reviewed with another rubric.
    evaluations.append(f"{agents[0]},2031-05-02,cv,1,{reviewer},,0,1,1,1")
    write("manifest.csv", "\n".join(manifest) + "\n")
    rc, out, err = run("import", "calls", "--database", DB, "--strict", os.path.join(TMP, "manifest.csv"))
    assert rc == 0, err
    rc, out, err = run("import", "evaluations", "--database", DB, "--strict",
                       write("evaluations.csv", "\n".join(evaluations) + "\n"))
    assert rc == 0, err
    rc, out, err = run("import", "feedback", "--database", DB, "--strict",
                       write("feedback.csv", "\n".join(feedback) + "\n"))
    assert rc == 0, err
    DATA["rows"] = rows
    DATA["agents"] = agents
    DATA["reviewer"] = reviewer
    return DATA


def expected(rows):
    rules = {
        "greet": lambda r: r["greet"] == 1,
        "empathy": lambda r: r["empathy"] >= 4,                    # 100 × (v − 1) ÷ 4 ≥ 75
        "notes": lambda r: r["notes"] == "3",                      # 100 × (v − 1) ÷ 2 ≥ 80
        "solved": lambda r: r["solved"] == 1,
    }
    out = {}
    for cid, passes in rules.items():
        scored = [r for r in rows if not (cid == "notes" and r["notes"] == "na")]
        a = [r["rating"] for r in scored if passes(r)]
        b = [r["rating"] for r in scored if not passes(r)]
        out[cid] = {"n_passed": len(a), "n_failed": len(b), "n_na": len(rows) - len(scored),
                    "n_csat": sum(1 for r in scored if r["scale"] == "csat"),
                    "n_nps": sum(1 for r in scored if r["scale"] == "nps"),
                    "welch": welch(a, b)}
    return out


def check_against(report, rows):
    exp = expected(rows)
    assert report["rubric"] == "cv", report
    assert report["n_evaluations"] == len(rows), report["n_evaluations"]
    assert report["n_csat"] == sum(1 for r in rows if r["scale"] == "csat")
    assert [c["criterion"] for c in report["criteria"]] == ["greet", "empathy", "notes", "solved"]
    for c in report["criteria"]:
        e = exp[c["criterion"]]
        for k in ("n_passed", "n_failed", "n_na", "n_csat", "n_nps"):
            assert c[k] == e[k], (c["criterion"], k, c[k], e[k])
        if e["welch"] is None:
            assert c["difference"] is None and c["low"] is None and c["high"] is None, c
            assert "Not enough data" in c["note"], c
        else:
            for k in ("difference", "low", "high", "se", "df", "mean_passed", "mean_failed"):
                assert abs(c[k] - e["welch"][k]) < 1e-6, (c["criterion"], k, c[k], e["welch"][k])
            assert c["note"] is None, c
    return exp


@test
def figures_match_scipy_welch():
    data = build()
    rc, out, err = run("report", "customer-voice", "--database", DB, "--rubric", "cv", "--json")
    assert rc == 0, err
    report = json.loads(out)
    exp = check_against(report, data["rows"])
    # The data were built so: empathy matters (interval above zero), the
    # greeting does not (interval across zero), solved has one fail.
    emp = next(c for c in report["criteria"] if c["criterion"] == "empathy")
    greet = next(c for c in report["criteria"] if c["criterion"] == "greet")
    assert emp["low"] > 0, emp
    assert greet["low"] < 0 < greet["high"], greet
    assert exp["solved"]["n_failed"] == 1


@test
def period_filters_by_evaluation_day():
    data = build()
    first, last = START.date() + timedelta(days=3), START.date() + timedelta(days=12)
    rc, out, err = run("report", "customer-voice", "--database", DB, "--rubric", "cv", "--json",
                       "--period", f"{first.isoformat()}..{last.isoformat()}")
    assert rc == 0, err
    report = json.loads(out)
    rows = [r for r in data["rows"] if first <= r["day"] <= last]
    assert 0 < len(rows) < len(data["rows"])
    check_against(report, rows)
    assert report["from"] == first.isoformat() and report["to"] == last.isoformat(), report


def fmt(v, signed):
    return "—" if v is None else (f"{v:+.1f}" if signed else f"{v:.1f}")


@test
def csv_and_pdf_hold_the_figures():
    build()
    report = json.loads(run("report", "customer-voice", "--database", DB, "--rubric", "cv", "--json")[1])
    for args in (["--csv"], ["--format", "csv"]):
        p = subprocess.run([KAIZENCTL, "report", "customer-voice", "--database", DB, "--rubric", "cv", *args],
                           capture_output=True, env=ENV, timeout=300)
        assert p.returncode == 0, p.stderr
        parsed = list(csv.reader(io.StringIO(p.stdout.decode("utf-8"), newline="")))
        assert parsed[0][:4] == ["Criterion", "Passed when", "n pass", "n fail"], parsed[0]
        assert len(parsed) == 1 + len(report["criteria"])
        for row, c in zip(parsed[1:], report["criteria"]):
            assert row[0] == c["criterion"] and int(row[2]) == c["n_passed"] and int(row[3]) == c["n_failed"]
            assert row[4] == fmt(c["mean_passed"], False) and row[5] == fmt(c["mean_failed"], False), (row, c)
            assert row[6] == fmt(c["difference"], True), (row, c)
            interval = "—" if c["low"] is None else f'{fmt(c["low"], True)} to {fmt(c["high"], True)}'
            assert row[7] == interval, (row, c)
            assert row[8] == ("Not enough data" if c["difference"] is None else
                              "Passes rated higher" if c["low"] > 0 else
                              "Passes rated lower" if c["high"] < 0 else "No clear difference"), (row, c)
    pdf = os.path.join(TMP, "voice.pdf")
    rc, out, err = run("report", "customer-voice", "--database", DB, "--rubric", "cv", "--format", "pdf",
                       "--output", pdf)
    assert rc == 0, err
    text = re.sub(r"\s+", " ", subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True,
                                               text=True, check=True).stdout)
    assert "Quality against the customer's voice" in text, text[:300]
    assert "Bar chart of difference in customer rating" in text, text
    for c in report["criteria"]:
        line = f'{c["criterion"]} '
        assert line in text
        if c["difference"] is not None:
            assert f'{fmt(c["difference"], True)} {fmt(c["low"], True)} to {fmt(c["high"], True)}' in text, c
        else:
            assert "Not enough" in text


@test
def demo_shows_empathy_matters_and_greeting_does_not():
    build()
    rc, out, err = run("report", "customer-voice", "--database", DB, "--rubric", "phone-support", "--json")
    assert rc == 0, err
    report = json.loads(out)
    by = {c["criterion"]: c for c in report["criteria"]}
    assert report["n_evaluations"] >= 30, report["n_evaluations"]
    assert by["empathy"]["low"] > 0, by["empathy"]
    assert by["ownership"]["low"] > 0, by["ownership"]
    assert by["greeting"]["low"] < 0 < by["greeting"]["high"], by["greeting"]
    rc, out, err = run("report", "customer-voice", "--database", DB, "--rubric", "phone-support")
    assert rc == 0 and "empathy" in out and "rated evaluations" in out, (rc, out, err)


@test
def usage_and_input_errors():
    build()
    for args, why in ((["--json", "--csv"], "not both"), (["--period", "2031-05-09..2031-05-01"], "ends before"),
                      (["--period", "May"], "not a period"), (["extra"], "takes no arguments"),
                      (["--csv", "--format", "pdf", "--output", "x.pdf"], "disagree")):
        rc, out, err = run("report", "customer-voice", "--database", DB, *args)
        assert rc == 2 and why in err, (args, rc, err)
    rc, out, err = run("report", "customer-voice", "--database", DB, "--rubric", "nope")
    assert rc == 1 and "nope" in err, (rc, err)
    rc, out, err = run("report", "customer-voice", "--database", os.path.join(TMP, "missing.db"))
    assert rc == 1 and "no database" in err.lower(), (rc, err)
    # An evaluation row naming an interaction that is not there, or another
    # agent's, is refused by line; with --strict nothing is stored.
    data = build()
    bad = write("bad.csv", "agent_email,date,rubric_id,rubric_version,reviewer_email,interaction,greet,empathy,solved\n"
                f"{data['agents'][0]},2031-05-02,cv,1,{data['reviewer']},no-such-call,1,3,1\n"
                f"{data['agents'][0]},2031-05-02,cv,1,{data['reviewer']},cv-call-001,1,3,1\n")
    before = json.loads(run("report", "customer-voice", "--database", DB, "--rubric", "cv", "--json")[1])
    rc, out, err = run("import", "evaluations", "--database", DB, "--strict", bad)
    assert rc == 1 and "bad.csv:2:" in err and "no-such-call" in err, (rc, err)
    rc, out, err = run("import", "evaluations", "--database", DB, bad)
    assert "bad.csv:3:" in out + err and "another agent" in out + err, (rc, out, err)
    after = json.loads(run("report", "customer-voice", "--database", DB, "--rubric", "cv", "--json")[1])
    assert after == before


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
    sys.exit(main())
