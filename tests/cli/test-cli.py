#!/usr/bin/python3
"""kaizenctl end to end: exit codes, --help, score, rubric import/validate,
hostile files, demo.  Prints TAP.

Usage: test-cli.py KAIZENCTL RUBRICS_DIR
SPDX-License-Identifier: GPL-3.0-or-later
"""
import csv
import io
import json
import math
import os
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import traceback

KAIZENCTL = os.path.abspath(sys.argv[1])
RUBRICS = os.path.abspath(sys.argv[2])
SHIPPED = sorted(os.path.join(RUBRICS, f) for f in os.listdir(RUBRICS) if f.endswith(".xml"))
NS = "https://kaizen-qa.org/ns/rubric/1"
TMP = tempfile.mkdtemp(prefix="kaizen-cli-")
ENV = dict(os.environ, XDG_DATA_HOME=os.path.join(TMP, "xdg-data"), LC_ALL="C.UTF-8")

tests = []


def test(fn):
    tests.append(fn)
    return fn


def run(*args, env=ENV):
    p = subprocess.run([KAIZENCTL, *args], capture_output=True, text=True, env=env, timeout=120)
    return p.returncode, p.stdout, p.stderr


def write(name, text):
    path = os.path.join(TMP, name)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


def db_count(path, table, where="1"):
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    n = db.execute(f'SELECT count(*) FROM "{table}" WHERE {where}').fetchone()[0]
    db.close()
    return n


# Left out of dumps: the rubric import time, and what staff voice makes
# random by design (ids, pseudonyms, token and vote hashes, the voting
# secret and the voters' keys: voice.md wants nothing to tell the order
# rows came in).
RANDOM_BY_DESIGN = {("rubrics", "imported_at"), ("survey_answers", "id"), ("voice_secret", "secret"),
                    ("ideas", "id"), ("ideas", "pseudonym"), ("ideas", "follow_up_hash"), ("ideas", "merged_into"),
                    ("idea_comments", "id"), ("idea_comments", "idea_id"), ("idea_comments", "pseudonym"),
                    ("idea_comments", "follow_up_hash"), ("idea_votes", "idea_id"), ("idea_votes", "voter_hash"),
                    ("voter_keys", "voter_key")}


def dump(path):
    """Every row of every table, in a stable order (RANDOM_BY_DESIGN left out)."""
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    out = []
    for (name, sql) in db.execute("SELECT name, sql FROM sqlite_schema ORDER BY name"):
        out.append(f"schema {name} {sql}")
    for (table,) in db.execute("SELECT name FROM sqlite_schema WHERE type='table' ORDER BY name"):
        cur = db.execute(f'SELECT * FROM "{table}"')
        cols = [d[0] for d in cur.description]
        rows = sorted(repr([v for c, v in zip(cols, r) if (table, c) not in RANDOM_BY_DESIGN])
                      for r in cur)
        out.append(f"table {table} {len(rows)}")
        out.extend(rows)
    db.close()
    return "\n".join(out)


SPEC_RUBRIC = f"""<?xml version="1.0"?>
<rubric xmlns="{NS}" id="spec" version="1" pass-mark="80">
  <title>Spec example</title>
  <scales>
    <scale id="yn" kind="binary"><point value="0" label="No"/><point value="1" label="Yes"/></scale>
  </scales>
  <section id="greeting" weight="20"><title>Greeting</title>
    <criterion id="G1"><title>G1</title><guidance>g</guidance><scale ref="yn"/></criterion>
    <criterion id="G2"><title>G2</title><guidance>g</guidance>
      <scale kind="ordinal"><point value="1"/><point value="2"/><point value="3"/><point value="4"/><point value="5"/></scale>
    </criterion>
  </section>
  <section id="resolution" weight="80"><title>Resolution</title>
    <criterion id="R1" weight="2"><title>R1</title><guidance>g</guidance><scale ref="yn"/></criterion>
    <criterion id="R2" na="exclude"><title>R2</title><guidance>g</guidance>
      <scale kind="ordinal"><point value="1"/><point value="2"/><point value="3"/></scale>
    </criterion>
  </section>
</rubric>
"""


@test
def help_for_every_verb():
    rc, out, err = run("--help")
    assert rc == 0, (rc, err)
    verbs = ["rubric validate", "rubric import", "rubric list", "rubric show", "score", "demo",
             "person list", "evaluation list", "evaluation show", "survey questions", "survey rounds",
             "survey round create", "survey results", "enps", "ideas list", "import pulse", "agreement",
             "acknowledge", "dispute raise", "dispute resolve", "disputes list", "evaluation history",
             "calibration create", "calibration close", "calibration list", "calibration report",
             "calibration trends", "leniency", "report gaps", "report impact", "catalog list", "catalog add",
             "rules list", "rules add", "rules run", "proposals list", "proposals accept", "proposals dismiss",
             "plan list", "plan add-coaching", "plan add-training", "plan done", "plan missed", "plan cancel",
             "plan acknowledge", "principles list", "personas list", "report principles", "backup create",
             "backup verify", "backup restore", "calendar import", "rollups rebuild", "import completions"]
    for verb in verbs:
        assert verb in out, f"{verb} not in --help"
        rc, vout, verr = run(*verb.split(), "--help")
        assert rc == 0, (verb, rc, verr)
        assert "Usage:" in vout and verb in vout, (verb, vout)


@test
def usage_errors_exit_2():
    assert run()[0] == 2
    rc, _, err = run("frobnicate")
    assert rc == 2 and "unknown verb" in err, err
    rc, _, err = run("score", "--rubric", "x.xml")
    assert rc == 2, (rc, err)
    rc, _, err = run("rubric", "import")
    assert rc == 2, (rc, err)
    rc, _, err = run("rubric", "list", "--no-such-option")
    assert rc == 2, (rc, err)


@test
def score_spec_example_json():
    # scoring.md's worked example: F = 100 × (20 × 0.875 + 80 × 1) ÷ 100 = 97.5
    rubric = write("spec.xml", SPEC_RUBRIC)
    answers = write("spec.csv", "criterion_id,answer\nG1,1\nG2,4\nR1,1\nR2,na\n")
    rc, out, err = run("score", "--rubric", rubric, "--answers", answers, "--json")
    assert rc == 0, err
    data = json.loads(out)
    assert list(data.keys()) == ["raw", "final", "auto_failed", "failed_by", "critical", "pass",
                                 "sections"], list(data.keys())
    assert data["raw"] == 97.5 and data["final"] == 97.5, data
    assert data["auto_failed"] is False and data["failed_by"] == []
    assert data["critical"] is None and data["pass"] is True
    sections = {s["id"]: s["score"] for s in data["sections"]}
    assert sections == {"greeting": 87.5, "resolution": 100.0}, sections

    rc, out, err = run("score", "--rubric", rubric, "--answers", answers)
    assert rc == 0 and "final: 97.5" in out and "section greeting: 87.5" in out, out


@test
def score_bad_answers_exit_1_with_line():
    rubric = write("spec2.xml", SPEC_RUBRIC)
    cases = {
        "G1,1\nG2,7\n": ":2:",          # 7 is not a point of 1–5
        "G1,1\nG9,1\n": ":2:",          # no such criterion
        "G1,1\nG1,0\n": ":2:",          # answered twice
        "G1,yes\n": ":1:",              # not a number
        "G1,1,extra\n": ":1:",
    }
    for i, (csv, where) in enumerate(cases.items()):
        answers = write(f"bad{i}.csv", csv)
        rc, out, err = run("score", "--rubric", rubric, "--answers", answers)
        assert rc == 1, (csv, rc, err)
        assert err.count("\n") == 1, err
        assert f"bad{i}.csv{where}" in err, (csv, err)


@test
def validate_shipped_rubrics():
    assert len(SHIPPED) >= 3, SHIPPED
    rc, out, err = run("rubric", "validate", *SHIPPED)
    assert rc == 0, err
    assert out.count(": ok") == len(SHIPPED), out


def hostile_files(secret_path, port):
    return {
        "xxe-file.xml": f"""<?xml version="1.0"?>
<!DOCTYPE rubric [ <!ENTITY leak SYSTEM "file://{secret_path}"> ]>
<rubric xmlns="{NS}" id="x" version="1"><title>&leak;</title>
<section id="s"><title>S</title><criterion id="c"><title>C</title><guidance>g</guidance>
<scale kind="binary"><point value="0" label="No"/><point value="1" label="Yes"/></scale></criterion></section></rubric>
""",
        "xxe-passwd.xml": f"""<?xml version="1.0"?>
<!DOCTYPE rubric [ <!ENTITY pw SYSTEM "file:///etc/passwd"> ]>
<rubric xmlns="{NS}" id="x" version="1"><title>&pw;</title></rubric>
""",
        "billion-laughs.xml": """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rubric xmlns="https://kaizen-qa.org/ns/rubric/1" id="x" version="1"><title>&lol9;</title></rubric>
""",
        "dtd-http.xml": f"""<?xml version="1.0"?>
<!DOCTYPE rubric SYSTEM "http://127.0.0.1:{port}/evil.dtd">
<rubric xmlns="{NS}" id="x" version="1"><title>T</title></rubric>
""",
        "dtd-local.xml": f"""<?xml version="1.0"?>
<!DOCTYPE rubric SYSTEM "file://{secret_path}">
<rubric xmlns="{NS}" id="x" version="1"><title>T</title></rubric>
""",
        "xinclude.xml": f"""<?xml version="1.0"?>
<rubric xmlns="{NS}" xmlns:xi="http://www.w3.org/2001/XInclude" id="x" version="1">
<title><xi:include href="http://127.0.0.1:{port}/x" parse="text"/></title></rubric>
""",
        "malformed.xml": f"""<?xml version="1.0"?>
<rubric xmlns="{NS}" id="x" version="1">
  <title>Broken</title>
  <section id="s">
    <title>S</title>
  </sectoin>
</rubric>
""",
    }


@test
def hostile_rubrics_refused_database_unchanged():
    db = os.path.join(TMP, "hostile.db")
    rc, out, err = run("demo", "--database", db, "--seed", "2")
    assert rc == 0, err
    before = dump(db)

    secret_path = write("secret.txt", "KAIZEN-SECRET-MARKER-42\n")
    # A listener on loopback: any fetch of a DTD or XInclude would connect here.
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(5)
    server.settimeout(0.2)
    port = server.getsockname()[1]
    connections = []
    stop = threading.Event()

    def accept():
        while not stop.is_set():
            try:
                conn, _ = server.accept()
                connections.append(conn)
            except OSError:
                pass
    t = threading.Thread(target=accept)
    t.start()

    try:
        files = hostile_files(secret_path, port)
        for name, text in files.items():
            path = write(name, text)
            trace = os.path.join(TMP, name + ".strace")
            p = subprocess.run(["strace", "-f", "-qq", "-e", "trace=open,openat,connect", "-o", trace,
                                KAIZENCTL, "rubric", "import", "--database", db, path],
                               capture_output=True, text=True, env=ENV, timeout=60)
            assert p.returncode == 1, (name, p.returncode, p.stderr)
            assert p.stderr.startswith("kaizenctl: " + path + ":"), (name, p.stderr)
            assert p.stderr.count("\n") == 1, (name, p.stderr)
            assert "KAIZEN-SECRET" not in p.stderr + p.stdout
            assert "root:" not in p.stderr + p.stdout
            with open(trace) as f:
                syscalls = f.read()
            assert path in syscalls, (name, "strace did not record the file's own open")
            assert secret_path not in syscalls, (name, "read the secret file")
            assert "/etc/passwd" not in syscalls, (name, "opened /etc/passwd")
            assert "connect(" not in syscalls or "AF_INET" not in syscalls, (name, "network connect")
            assert dump(db) == before, f"{name} changed the database"
        # The malformed file's message has its line: </sectoin> is on line 6.
        rc, out, err = run("rubric", "validate", os.path.join(TMP, "malformed.xml"))
        assert ":6:" in err, err
    finally:
        stop.set()
        t.join()
        server.close()
    assert connections == [], "a hostile file made Kaizen connect to the network"


@test
def broken_rubric_files_each_refused_unchanged():
    """Every broken file of the rubric suite is refused by import, naming the
    file and a line, and leaves the database exactly as it was."""
    data = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "rubric", "data")
    db = os.path.join(TMP, "broken.db")
    rc, _, err = run("demo", "--database", db, "--seed", "5")
    assert rc == 0, err
    before = dump(db)
    refused = 0
    for name in sorted(os.listdir(data)):
        if not name.endswith(".xml"):
            continue
        path = os.path.join(data, name)
        rc, _, _ = run("rubric", "validate", path)
        if rc == 0:
            continue  # a valid sample in the suite
        rc, out, err = run("rubric", "import", "--database", db, path)
        assert rc == 1, (name, rc, err)
        assert err.startswith("kaizenctl: " + path + ":"), (name, err)
        line = err[len("kaizenctl: " + path + ":"):].split(":", 1)[0]
        assert line.isdigit() and int(line) >= 1, (name, err)
        assert dump(db) == before, f"{name} changed the database"
        refused += 1
    assert refused >= 25, refused


@test
def import_list_show():
    db = os.path.join(TMP, "import.db")
    rc, out, err = run("rubric", "import", "--database", db, SHIPPED[0])
    assert rc == 0 and "Imported" in out, err
    rc, out, err = run("rubric", "import", "--database", db, SHIPPED[0])
    assert rc == 0 and "already" in out, out
    rc, out, err = run("rubric", "list", "--database", db, "--json")
    assert rc == 0, err
    listed = json.loads(out)
    assert len(listed) == 1 and listed[0]["version"] == 1, listed
    # the criterion titles in the file appear in `rubric show`
    import xml.etree.ElementTree as ET
    root = ET.parse(SHIPPED[0]).getroot()
    titles = [c.find(f"{{{NS}}}title").text for c in root.iter(f"{{{NS}}}criterion")]
    assert len(titles) == listed[0]["criteria"], (titles, listed)
    rc, out, err = run("rubric", "show", "--database", db, listed[0]["id"])
    assert rc == 0, err
    for title in titles:
        assert title.strip() in out, title
    rc, out, err = run("rubric", "show", "--database", db, "no-such-rubric")
    assert rc == 1 and "no-such-rubric" in err, err


@test
def default_database_location():
    default = os.path.join(ENV["XDG_DATA_HOME"], "kaizen", "kaizen.db")
    # reading verbs never create a database, there or anywhere
    rc, out, err = run("rubric", "list")
    assert rc == 1 and "no database" in err.lower() and not os.path.exists(default), err
    typo = os.path.join(TMP, "no-such-dir", "kaizen.db")
    for verb in (["rubric", "list"], ["rubric", "show", "x"], ["person", "list"],
                 ["evaluation", "list"], ["evaluation", "show", "1"]):
        rc, out, err = run(*verb, "--database", typo)
        assert rc == 1 and typo in err, (verb, err)
    assert not os.path.exists(os.path.dirname(typo))
    rc, out, err = run("rubric", "import", SHIPPED[0])
    assert rc == 0, err
    assert os.path.exists(default)
    rc, out, err = run("rubric", "list")
    assert rc == 0 and json.loads(run("rubric", "list", "--json")[1])[0]["version"] == 1, err


@test
def verb_group_help():
    rc, out, err = run("rubric", "--help")
    assert rc == 0, err
    for verb in ("validate", "import", "list", "show"):
        assert f"kaizenctl rubric {verb}" in out, out
    rc, out, err = run("rubric")
    assert rc == 2 and "kaizenctl rubric import" in err, err


@test
def demo_at_scale_and_rollups():
    """demo --evaluations N: a centre of that size, the same for the same
    seed, with believable structure; its roll-ups equal a GROUP BY worked
    out here over the raw answers, and `rollups rebuild` gives them again."""
    a, b, c = (os.path.join(TMP, n) for n in ("s1.db", "s2.db", "s3.db"))
    for path, seed in ((a, "5"), (b, "5"), (c, "6")):
        rc, out, err = run("demo", "--database", path, "--evaluations", "6000", "--seed", seed)
        assert rc == 0, err
        assert "6000 evaluations" in out, out
    assert dump(a) == dump(b)
    assert dump(a) != dump(c)
    rc, _, err = run("demo", "--database", a, "--evaluations", "10")
    assert rc == 1 and "empty" in err, err
    rc, _, err = run("demo", "--database", os.path.join(TMP, "s4.db"), "--evaluations", "0")
    assert rc == 2, (rc, err)

    db = sqlite3.connect(a)
    assert db.execute("SELECT count(*) FROM evaluations WHERE state = 'submitted'").fetchone()[0] == 6000
    # 6000 / 500 = 12 agents in one team of 20, 2 reviewers, a manager.
    assert db.execute("SELECT count(*) FROM people WHERE roles = 1").fetchone()[0] == 12
    # Every answer of every evaluation, normalised by the rubric's scale as
    # parsed here from the stored rubric XML.
    import xml.etree.ElementTree as ET
    ns = {"r": "https://kaizen-qa.org/ns/rubric/1"}
    scales = {}
    for rid, version, source in db.execute("SELECT id, version, source FROM rubrics"):
        root = ET.fromstring(source)
        for crit in root.iter("{https://kaizen-qa.org/ns/rubric/1}criterion"):
            scale = crit.find("r:scale", ns)
            if scale.get("ref"):
                # A scale of the rubric's <scales>, by reference.
                scale = [s for s in root.iter("{https://kaizen-qa.org/ns/rubric/1}scale")
                         if s.get("id") == scale.get("ref")][0]
            values = [float(p.get("value")) for p in scale.findall("r:point", ns)]
            scales[(rid, version, crit.get("id"))] = (min(values), max(values), crit.get("na", "exclude"),
                                                        crit.get("na-value"), crit.get("fail-below"))
    naive = {}
    per_agent = {}
    for agent, team, ts, rid, version, cid, kind, value in db.execute(
            "SELECT e.agent_id, coalesce(p.team_id, 0), e.created_at, e.rubric_id, e.rubric_version, "
            "a.criterion_id, a.kind, a.value FROM evaluations e JOIN answers a ON a.evaluation_id = e.id "
            "JOIN people p ON p.id = e.agent_id WHERE e.state = 'submitted' AND e.is_calibration = 0"):
        lo, hi, na, na_value, fail_below = scales[(rid, version, cid)]
        x = value if kind == "value" else (hi if na == "pass" else float(na_value) if na == "fixed" else None)
        cell = naive.setdefault((team, cid), [0.0, 0, 0, 0])
        cell[2] += kind == "na"
        if x is not None:
            v = min(1.0, max(0.0, (x - lo) / (hi - lo)))
            cell[0] += v
            cell[1] += 1
            cell[3] += x <= lo + 1e-9 or (fail_below is not None and x < float(fail_below) - 1e-9)
            per_agent.setdefault((agent, cid), []).append(v)

    def rollups(path):
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        rows = {(t, cid): (s, n, na, f) for t, cid, s, n, na, f in con.execute(
            "SELECT team_id, criterion_id, sum(sum_v), sum(n_applicable), sum(n_na), sum(n_failed) "
            "FROM rollup_team_criteria GROUP BY team_id, criterion_id")}
        con.close()
        return rows

    def same(got):
        assert set(got) == set(naive), (set(got) ^ set(naive))
        for key, (s, n, na, f) in got.items():
            want = naive[key]
            assert abs(s - want[0]) < 1e-6 and (n, na, f) == tuple(want[1:]), (key, (s, n, na, f), want)

    same(rollups(a))
    db.close()
    rc, out, err = run("rollups", "rebuild", "--database", a)
    assert rc == 0 and "rebuilt" in out, (rc, out, err)
    same(rollups(a))
    rc, _, err = run("rollups", "rebuild", "--database", os.path.join(TMP, "nothing-here.db"))
    assert rc == 1, (rc, err)

    # Stable strengths and weaknesses: agents differ on a criterion far more
    # than chance would make them (the spread of agents' means against the
    # spread one agent's mean would have by chance alone).
    import statistics
    spreads = []
    for cid in {c for (_, c) in per_agent}:
        means = [statistics.mean(v) for (ag, c), v in per_agent.items() if c == cid and len(v) >= 50]
        if len(means) >= 5:
            pooled = statistics.mean(statistics.pvariance(v) for (ag, c), v in per_agent.items()
                                     if c == cid and len(v) >= 50)
            n_each = statistics.mean(len(v) for (ag, c), v in per_agent.items() if c == cid and len(v) >= 50)
            if pooled > 0:
                spreads.append(statistics.pvariance(means) / (pooled / n_each))
    assert spreads and statistics.median(spreads) > 5, spreads


@test
def demo_same_seed_same_data():
    a, b, c = (os.path.join(TMP, n) for n in ("a.db", "b.db", "c.db"))
    for path, seed in ((a, "11"), (b, "11"), (c, "12")):
        rc, out, err = run("demo", "--database", path, "--seed", seed)
        assert rc == 0, err
    assert dump(a) == dump(b)
    assert dump(a) != dump(c)
    rc, out, err = run("demo", "--database", a)
    assert rc == 1 and "empty" in err, err

    db = sqlite3.connect(a)
    # Agents' evaluations: calibration evaluations are reviewers' work.
    n_eval = db.execute("SELECT count(*) FROM evaluations WHERE is_calibration = 0").fetchone()[0]
    n_agents = db.execute("SELECT count(*) FROM people WHERE roles & 1").fetchone()[0]
    n_sites = db.execute("SELECT count(*) FROM units WHERE kind = 'site'").fetchone()[0]
    n_teams = db.execute("SELECT count(*) FROM units WHERE kind = 'team'").fetchone()[0]
    n_rubrics = db.execute("SELECT count(*) FROM rubrics").fetchone()[0]
    db.close()
    assert (n_agents, n_sites, n_teams) == (40, 2, 5)
    n_interactions = db_count(a, "interactions")
    n_people = db_count(a, "people")
    n_units = db_count(a, "units")
    rc, out, err = run("demo", "--database", os.path.join(TMP, "d.db"), "--seed", "11")
    assert (f"{n_units} units, {n_people} people, {n_rubrics} rubrics, {n_interactions} interactions, "
            f"{n_eval} evaluations") in out, out
    assert n_rubrics == len(SHIPPED)
    assert 200 <= n_eval <= 600, n_eval

    rc, out, err = run("evaluation", "list", "--database", a, "--json")
    assert rc == 0
    assert len(json.loads(out)) == n_eval
    first = json.loads(out)[0]
    rc, out, err = run("evaluation", "show", "--database", a, str(first["id"]), "--json")
    assert rc == 0 and err == "", err
    shown = json.loads(out)
    assert shown["id"] == first["id"] and shown["agent"] == first["agent"]
    # the score stored at save time and the answers scored now agree
    assert shown["final"] == first["final"] and shown["score"]["final"] == shown["final"], shown


def ogg_vorbis_seconds(path):
    """An Ogg Vorbis file's length from the stream: the last page's granule
    position (samples) over the rate in the identification header."""
    with open(path, "rb") as f:
        data = f.read()
    n_segments = data[26]
    head = 27 + n_segments
    assert data[:4] == b"OggS" and data[head:head + 7] == b"\x01vorbis", path
    rate = int.from_bytes(data[head + 12:head + 16], "little")
    last = data.rfind(b"OggS")
    return int.from_bytes(data[last + 6:last + 14], "little") / rate


@test
def demo_content_shown():
    """interaction show and queue on a demo database: threads, recorded
    calls with transcripts, customers' ratings, reviewers' queues."""
    db = os.path.join(TMP, "content.db")
    assert run("demo", "--database", db, "--seed", "4")[0] == 0
    con = sqlite3.connect(db)
    thread = con.execute("SELECT interaction_id, count(*) FROM messages GROUP BY interaction_id "
                         "HAVING count(*) >= 3 ORDER BY interaction_id LIMIT 1").fetchone()
    call = con.execute("SELECT interaction_id FROM calls ORDER BY interaction_id LIMIT 1").fetchone()[0]
    rated = con.execute("SELECT interaction_id, scale, rating FROM customer_feedback "
                        "ORDER BY interaction_id LIMIT 1").fetchone()
    queued = {}
    for iid, email in con.execute("SELECT a.interaction_id, pe.email FROM assignments a "
                                  "JOIN person_emails pe ON pe.person_id = a.reviewer_id AND pe.position = 0 "
                                  "WHERE NOT EXISTS (SELECT 1 FROM evaluations e "
                                  "WHERE e.interaction_id = a.interaction_id AND e.state = 'submitted')"):
        queued.setdefault(email, set()).add(iid)
    con.close()

    rc, out, err = run("interaction", "show", str(thread[0]), "--database", db, "--json")
    assert rc == 0, err
    shown = json.loads(out)
    assert shown["channel"] == "email" and len(shown["messages"]) == thread[1], shown
    first, reply = shown["messages"][0], shown["messages"][1]
    assert "northwind-energy.example" not in first["from"], first
    assert "northwind-energy.example" in reply["from"], reply
    assert reply["subject"] == "Re: " + first["subject"] == "Re: " + shown["subject"]
    assert " wrote:\n> " in reply["body"] and "\n-- \n" in reply["body"], reply["body"]

    rc, out, err = run("interaction", "show", str(call), "--database", db, "--json")
    assert rc == 0, err
    shown = json.loads(out)
    assert shown["channel"] == "call" and shown["audio"].endswith(".ogg") and os.path.isfile(shown["audio"])
    assert abs(shown["duration_s"] - ogg_vorbis_seconds(shown["audio"])) <= 1, shown["duration_s"]
    assert len(shown["transcript"]) > 3
    assert [t["at_ms"] for t in shown["transcript"]] == sorted(t["at_ms"] for t in shown["transcript"])
    assert {t["speaker"] for t in shown["transcript"]} == {"Agent", "Customer"}

    rc, out, err = run("interaction", "show", str(rated[0]), "--database", db)
    assert rc == 0, err
    assert f"Customer: {rated[1].upper()} {rated[2]}" in out, out

    reviewers = json.loads(run("person", "list", "--role", "reviewer", "--json", "--database", db)[1])
    assert reviewers
    for r in reviewers:
        email = r["emails"][0]
        rc, out, err = run("queue", "--database", db, "--reviewer", email, "--json")
        assert rc == 0, err
        ids = {row["id"] for row in json.loads(out)}
        assert 5 <= len(ids) <= 15 and ids == queued.get(email), (email, ids, queued.get(email))
        rc, out, err = run("queue", "--database", db, "--reviewer", email)
        assert rc == 0 and len(out.splitlines()) == len(ids), out


@test
def kaizenctl_does_not_link_gtk():
    out = subprocess.run(["ldd", KAIZENCTL], capture_output=True, text=True).stdout
    assert "libglib-2.0" in out, out   # ldd really listed the dependencies
    # cairo and Pango are not GTK: PDF reports (kz-report.c) are drawn with them.
    for lib in ("libgtk-4", "libadwaita", "libgdk", "libgraphene"):
        assert lib not in out, f"kaizenctl links {lib}"


@test
def sample_queue_coverage():
    db = os.path.join(TMP, "sampling.db")
    assert run("demo", "--database", db, "--seed", "21")[0] == 0
    reviewers = json.loads(run("person", "list", "--role", "reviewer", "--json", "--database", db)[1])
    emails = [r["emails"][0] for r in reviewers[:2]]
    args = ["--from", "2026-09-01", "--to", "2026-12-01"]

    # Independently, before sampling: per agent, the interactions in the
    # period nobody has reviewed (a submitted evaluation) nor queued yet —
    # the demo gives every reviewer a queue already.  The sample takes
    # min(2, that) of each.
    con = sqlite3.connect(db)
    lo, hi = 1788220800, 1796083200   # 2026-09-01, 2026-12-01 UTC
    in_period = ("FROM interactions i JOIN people p ON p.id = i.agent_id "
                 "WHERE i.started_at >= ? AND i.started_at < ? ")
    per_agent = dict(con.execute(
        "SELECT p.name, count(*) " + in_period +
        "AND NOT EXISTS (SELECT 1 FROM evaluations e WHERE e.interaction_id = i.id AND e.state = 'submitted') "
        "AND NOT EXISTS (SELECT 1 FROM assignments a WHERE a.interaction_id = i.id) GROUP BY p.name", (lo, hi)))
    demo_sampled = dict(con.execute(
        "SELECT p.name, count(*) " + in_period +
        "AND EXISTS (SELECT 1 FROM assignments a WHERE a.interaction_id = i.id) GROUP BY p.name", (lo, hi)))
    con.close()
    queued_before = [json.loads(run("queue", "--database", db, "--reviewer", e, "--json")[1]) for e in emails]
    assert all(len(q) > 0 for q in queued_before), queued_before

    rc, out, err = run("sample", "--database", db, *args, "--per-agent", "2", "--seed", "5",
                       "--reviewer", emails[0], "--reviewer", emails[1])
    assert rc == 0, err
    n_sampled = int(out.split()[0])
    assert n_sampled == sum(min(2, n) for n in per_agent.values()), (n_sampled, per_agent)

    # The sample joins the queues there were, and evens them out.
    queues = [json.loads(run("queue", "--database", db, "--reviewer", e, "--json")[1]) for e in emails]
    assert sum(len(q) for q in queues) == n_sampled + sum(len(q) for q in queued_before)
    assert abs(len(queues[0]) - len(queues[1])) <= 1, [len(q) for q in queues]

    coverage = json.loads(run("report", "coverage", "--database", db, *args, "--json")[1])
    for row in coverage:
        assert row["sampled"] == min(2, per_agent.get(row["agent"], 0)) + demo_sampled.get(row["agent"], 0), row
    assert run("sample", "--database", db, *args, "--per-agent", "0", "--reviewer", emails[0])[0] == 2
    rc, out, err = run("sample", "--database", db, *args, "--per-agent", "1", "--reviewer", "nobody@x.org")
    assert rc == 1 and "nobody@x.org" in err, err


@test
def search_interactions():
    import re
    db = os.path.join(TMP, "search.db")
    assert run("demo", "--database", db, "--seed", "8")[0] == 0
    con = sqlite3.connect(db)
    subjects = con.execute("SELECT channel, subject FROM interactions").fetchall()
    subjects_by_id = dict(con.execute("SELECT id, channel FROM interactions"))
    con.close()

    out = json.loads(run("search", "--database", db, "--json", "--limit", "1000")[1])
    assert out["total"] == len(subjects) == len(out["results"])
    out = json.loads(run("search", "--database", db, "--json", "--channel", "email")[1])
    assert out["total"] == sum(1 for c, _ in subjects if c == "email")

    # What search reads: the interaction's subject, its emails' subjects and
    # bodies, its transcript.  Words are runs of letters and digits; every
    # word must be there, the last one also as a prefix.
    con = sqlite3.connect(db)
    words = {}
    for table, sql in (("interactions", "SELECT id, coalesce(subject, '') FROM interactions"),
                       ("messages", "SELECT interaction_id, coalesce(subject, '') || ' ' || body FROM messages"),
                       ("segments", "SELECT interaction_id, text FROM transcript_segments")):
        for iid, text in con.execute(sql):
            words.setdefault(iid, set()).update(re.findall(r"[^\W_]+", text.lower()))
    con.close()
    assert any(len(w) > 30 for w in words.values()), "demo interactions have content beyond the subject"

    def found(*terms):
        return sorted(r["id"] for r in json.loads(run("search", "--database", db, "--json", "--limit", "1000",
                                                         *terms)[1])["results"])
    expected = sorted(i for i, w in words.items() if any(x.startswith("meter") for x in w))
    assert found("Meter") == expected and expected, (len(found("Meter")), len(expected))
    expected = sorted(i for i, w in words.items() if "smart" in w and any(x.startswith("meter") for x in w))
    assert found("smart", "meter") == expected and expected
    # A word from a transcript and an email body, and one of every reply's quote line.
    expected = sorted(i for i, w in words.items() if "harrogate" in w)
    assert found("Harrogate") == expected and expected
    expected = sorted(i for i, w in words.items() if "wrote" in w)
    assert found("wrote") == expected and len(expected) == len({i for i, c in subjects_by_id.items() if c == "email"})

    rc, out, err = run("search", "--database", db, "--channel", "fax")
    assert rc == 2, err


@test
def import_evaluations_scored_by_kaizen():
    db = os.path.join(TMP, "history.db")
    assert run("demo", "--database", db, "--seed", "3")[0] == 0
    rubric = write("spec-hist.xml", SPEC_RUBRIC)
    assert run("rubric", "import", "--database", db, rubric)[0] == 0
    agents = json.loads(run("person", "list", "--role", "agent", "--json", "--database", db)[1])
    reviewers = json.loads(run("person", "list", "--role", "reviewer", "--json", "--database", db)[1])
    a, r = agents[0]["emails"][0], reviewers[0]["emails"][0]
    csv = write("history.csv",
                "agent_email,date,rubric_id,rubric_version,reviewer_email,G1,G2,R1,R2\n"
                f"{a},2026-01-15,spec,1,{r},1,4,1,na\n"        # scoring.md's example: 97.5
                f"{a},2026-01-16,spec,1,{r},0,1,0,1\n"         # every answer lowest: 0
                f"{a},2026-01-17,spec,1,{r},1,7,1,1\n"         # line 4: 7 is not on 1-5
                f"nobody@x.org,2026-01-17,spec,1,{r},1,1,1,1\n"  # line 5
                f"{a},2026-01-18,spec,1,{r},,4,1,1\n")         # line 6: G1 required, empty
    fresh = os.path.join(TMP, "history-strict.db")
    assert run("demo", "--database", fresh, "--seed", "3")[0] == 0
    assert run("rubric", "import", "--database", fresh, rubric)[0] == 0
    before = db_count(fresh, "evaluations")
    rc, out, err = run("import", "evaluations", "--database", fresh, "--strict", csv)
    assert rc == 1 and "history.csv:4:" in err and db_count(fresh, "evaluations") == before, err

    rc, out, err = run("import", "evaluations", "--database", db, "--json", csv)
    assert rc == 0, err
    report = json.loads(out)
    assert (report["rows"], report["stored"]) == (5, 2), report
    assert [p["line"] for p in report["problems"]] == [4, 5, 6], report
    assert "7" in report["problems"][0]["reason"] and "G1" in report["problems"][2]["reason"]
    history = [e for e in json.loads(run("evaluation", "list", "--json", "--database", db)[1])
               if e["rubric"] == "spec"]
    assert sorted((e["date"][:10], e["final"]) for e in history) == [("2026-01-15", 97.5), ("2026-01-16", 0.0)]
    assert all(e["state"] == "submitted" for e in history)


# ---- team server (runs under tests/pg/with-pg-server) ----------------------

PG = os.environ.get("KAIZEN_TEST_PG")


def pg_new_database():
    import random
    name = f"kz_cli_{os.getpid()}_{random.randrange(1 << 30)}"
    subprocess.run(["psql", PG, "-qc", f"CREATE DATABASE {name}"], check=True, capture_output=True)
    password = dict(kv.split("=", 1) for kv in PG.split())["password"]
    from urllib.parse import quote
    return (f"postgresql://postgres:{quote(password, safe='')}@/{name}"
            f"?host={quote(os.environ['KAIZEN_TEST_PG_DIR'], safe='')}")


def without_ids(rows):
    return sorted(json.dumps({k: v for k, v in r.items() if k != "id"}, sort_keys=True) for r in rows)


# What migrate prints, the file's table it counts, and its --json key.
MIGRATED = [("units", "units", "units"), ("people", "people", "people"), ("rubrics", "rubrics", "rubrics"),
            ("interactions", "interactions", "interactions"), ("messages", "messages", "messages"),
            ("attachments", "attachments", "attachments"), ("calls", "calls", "calls"),
            ("transcript segments", "transcript_segments", "transcript_segments"),
            ("evaluations", "evaluations", "evaluations"), ("answers", "answers", "answers"),
            ("assignments", "assignments", "assignments"),
            ("customer ratings", "customer_feedback", "feedback"),
            ("survey questions", "survey_questions", "survey_questions"),
            ("pulse plans", "pulse_plans", "pulse_plans"), ("survey rounds", "survey_rounds", "survey_rounds"),
            ("survey answers", "survey_answers", "survey_answers"),
            ("participation records", "survey_participation", "survey_participation"),
            ("ideas", "ideas", "ideas"), ("idea comments", "idea_comments", "idea_comments"),
            ("idea votes", "idea_votes", "idea_votes"),
            ("calibration sessions", "calibration_sessions", "calibration_sessions"),
            ("calibration evaluations", "evaluations WHERE is_calibration = 1", "calibration_evaluations"),
            ("revisions", "evaluation_revisions", "revisions"), ("acknowledgements", "acknowledgements",
                                                                 "acknowledgements"),
            ("disputes", "disputes", "disputes"), ("disputed criteria", "dispute_items", "dispute_items"),
            ("audit entries", "audit_trail", "audit_entries"),
            ("CX principles", "principles", "principles"), ("personas", "personas", "personas")]
# "evaluations" above are the agents' (calibration evaluations are counted apart).


def migrated_count(path, table):
    name, _, where = table.partition(" WHERE ")
    if name == "evaluations" and not where:
        where = "is_calibration = 0"
    return db_count(path, name, where or "1")


@test
def server_init_migrate_and_add_user():
    assert PG, "run under tests/pg/with-pg-server: the team-server verbs need a real server"
    uri = pg_new_database()
    rc, out, err = run("server", "init", "/tmp/not-a-uri.db")
    assert rc == 2, err
    rc, out, err = run("server", "init", uri)
    assert rc == 0 and "schema" in out, err
    rc, out, err = run("server", "init", uri)          # again: nothing to do, still fine
    assert rc == 0, err

    file = os.path.join(TMP, "to-migrate.db")
    rc, out, err = run("demo", "--database", file, "--seed", "9")
    assert rc == 0, err
    rc, out, err = run("migrate", "--database", file, "--to", uri)
    assert rc == 0, err
    # What the file holds, counted in the file itself; the demo has some of each.
    counts = {label: migrated_count(file, table) for label, table, _ in MIGRATED}
    assert all(n > 0 for n in counts.values()), counts
    expected = ", ".join(f"{counts[label]} {label}" for label, _, _ in MIGRATED)
    assert expected in out, (expected, out)

    for verb in (["evaluation", "list", "--json"], ["person", "list", "--json"], ["rubric", "list", "--json"],
                 ["search", "--json", "--limit", "1000"]):
        a = json.loads(run(*verb, "--database", file)[1])
        b = json.loads(run(*verb, "--database", uri)[1])
        if verb[0] == "search":
            assert a["total"] == b["total"] == counts["interactions"], (a["total"], b["total"])
            a, b = a["results"], b["results"]
        assert without_ids(a) == without_ids(b), verb

    # Every reviewer's queue, and emails, calls and ratings as shown.
    for r in json.loads(run("person", "list", "--role", "reviewer", "--json", "--database", file)[1]):
        queue = ["queue", "--reviewer", r["emails"][0], "--json"]
        a = json.loads(run(*queue, "--database", file)[1])
        b = json.loads(run(*queue, "--database", uri)[1])
        assert a and without_ids(a) == without_ids(b), r["emails"][0]
    con = sqlite3.connect(f"file:{file}?mode=ro", uri=True)
    sample = [q for sql in (
        "SELECT DISTINCT m.interaction_id FROM messages m JOIN attachments a ON a.message_id = m.id",
        "SELECT interaction_id FROM customer_feedback",
        "SELECT interaction_id FROM calls") for q in sorted(r[0] for r in con.execute(sql))[::25]]
    con.close()
    on_server = dict(line.split("|") for line in subprocess.run(
        ["psql", uri, "-Atc", "SELECT external_ref, id FROM interactions"], check=True, capture_output=True,
        text=True).stdout.splitlines())
    assert len(sample) >= 6, sample
    for i in sample:
        a = json.loads(run("interaction", "show", str(i), "--json", "--database", file)[1])
        b = json.loads(run("interaction", "show", on_server[a["ref"]], "--json", "--database", uri)[1])
        assert a.pop("id") == i and b.pop("id") == int(on_server[a["ref"]])
        assert a == b, (a, b)

    # Staff voice reads the same: the rounds, every closed round's figures
    # team by team (suppressed where they were), and the ideas board with
    # its random ids and pseudonyms (a uuid on the server: the same 128 bits).
    def strip(d, *keys):
        return {k: v for k, v in d.items() if k not in keys}

    def plain(i):
        return (i or "").replace("-", "")

    def voice(db):
        rounds = json.loads(run("survey", "rounds", "--json", "--database", db)[1])
        results = [json.loads(run("survey", "results", str(r["id"]), "--by", "team", "--json", "--database", db)[1])
                   for r in rounds if r["state"] == "closed"]
        ideas = json.loads(run("ideas", "list", "--merged", "--json", "--database", db)[1])
        return ([strip(r, "id", "plan") for r in rounds],
                [dict(strip(x, "round"), cells=[strip(c, "team_id") for c in x["cells"]]) for x in results],
                sorted((dict(i, id=plain(i["id"]), merged_into=plain(i["merged_into"])) for i in ideas),
                       key=lambda i: i["id"]))
    in_file, there = voice(file), voice(uri)
    assert len(in_file[1]) == 3 and any(c["suppressed"] for x in in_file[1] for c in x["cells"]), in_file[1]
    assert in_file == there

    # --json gives the same counts, by name.
    uri2 = pg_new_database()
    assert run("server", "init", uri2)[0] == 0
    rc, out, err = run("migrate", "--database", file, "--to", uri2, "--json")
    assert rc == 0, err
    copied = json.loads(out)
    assert "kz_cli_" in copied.pop("to"), copied
    assert copied == {key: counts[label] for label, _, key in MIGRATED}, copied

    # a login for one agent, with the password on standard input
    agents = json.loads(run("person", "list", "--role", "agent", "--json", "--database", uri)[1])
    email = agents[0]["emails"][0]
    p = subprocess.run([KAIZENCTL, "server", "add-user", uri, "--person", email, "--login", "agent_one",
                        "--password-file", "-"], input="s3cret-Pass\n", capture_output=True, text=True,
                       env=ENV, timeout=60)
    assert p.returncode == 0 and "agent_one" in p.stdout, p.stderr
    login_uri = "postgresql://agent_one:s3cret-Pass@" + uri.split("@", 1)[1]
    rc, out, err = run("evaluation", "list", "--json", "--database", login_uri)
    assert rc == 0, err
    mine = json.loads(out)
    everyone = json.loads(run("evaluation", "list", "--json", "--database", uri)[1])
    assert {e["id"] for e in mine} == {e["id"] for e in everyone if e["agent"] == agents[0]["name"]}, mine
    wrong = "postgresql://agent_one:wrong@" + uri.split("@", 1)[1]
    rc, out, err = run("evaluation", "list", "--database", wrong)
    assert rc == 1 and "password" in err, err


@test
def migrate_failure_leaves_server_empty():
    assert PG, "run under tests/pg/with-pg-server"
    uri = pg_new_database()
    assert run("server", "init", uri)[0] == 0
    file = os.path.join(TMP, "to-migrate-2.db")
    assert run("demo", "--database", file, "--seed", "4")[0] == 0
    # The server already has phone-support v1, worded differently.
    with open(os.path.join(RUBRICS, "phone-support.xml"), encoding="utf-8") as f:
        text = f.read().replace("<title>Phone support</title>", "<title>Phone support (ours)</title>", 1)
    local = write("phone-ours.xml", text)
    assert run("rubric", "import", "--database", uri, local)[0] == 0
    rc, out, err = run("migrate", "--database", file, "--to", uri)
    assert rc == 1 and "phone-support" in err, err
    for verb in (["person", "list", "--json"], ["evaluation", "list", "--json"]):
        rc, out, err = run(*verb, "--database", uri)
        assert rc == 0 and json.loads(out) == [], (verb, out)
    rc, out, err = run("search", "--json", "--database", uri)
    assert rc == 0 and json.loads(out)["total"] == 0, out


def enps_by_formula(counts):
    """statistics.md: eNPS = 100 (P − D) / n; adjusted Wald: n' = n + 3,
    p' = (P + .75)/n', d' = (D + .75)/n', e' = p' − d',
    SE = sqrt((p' + d' − e'^2)/n'), 100 (e' ± 1.96 SE) clipped to ±100."""
    n = sum(counts)
    p, d = counts[9] + counts[10], sum(counts[:7])
    n2 = n + 3
    pp, dd = (p + 0.75) / n2, (d + 0.75) / n2
    e = pp - dd
    se = math.sqrt((pp + dd - e * e) / n2)
    return {"enps": 100 * (p - d) / n, "low": max(-100, 100 * (e - 1.96 * se)),
            "high": min(100, 100 * (e + 1.96 * se)), "n": n, "promoters": p,
            "passives": counts[7] + counts[8], "detractors": d}


@test
def survey_results_and_enps_on_demo():
    """The demo's closed rounds through survey results (text, --json, --csv)
    and enps: suppressed cells print as suppressed with a reason and no
    number; what is shown obeys the rules (each group ≥ k, and the whole
    round minus the teams shown is 0 or ≥ k answers); eNPS matches the
    formula on the counts shown."""
    db = os.path.join(TMP, "voice.db")
    assert run("demo", "--database", db, "--seed", "5")[0] == 0
    rc, out, err = run("survey", "rounds", "--json", "--database", db)
    assert rc == 0, err
    rounds = json.loads(out)
    assert [r["state"] for r in rounds] == ["closed", "closed", "closed", "open"], rounds
    assert all(r["k"] == 5 and r["answered"] and r["questions"][0] == "enps" for r in rounds)
    rc, out, err = run("survey", "results", str(rounds[3]["id"]), "--database", db)
    assert rc == 1 and "closes on" in err and len(err.splitlines()) == 1, err

    reasons = set()
    for r in rounds[:3]:
        rid = str(r["id"])
        rc, out, err = run("survey", "results", rid, "--by", "team", "--json", "--database", db)
        assert rc == 0, err
        data = json.loads(out)
        k = data["k"]
        rc, text_csv, err = run("survey", "results", rid, "--by", "team", "--csv", "--database", db)
        assert rc == 0, err
        rows = list(csv.DictReader(io.StringIO(text_csv)))
        rc, text, err = run("survey", "results", rid, "--by", "team", "--database", db)
        assert rc == 0, err
        assert len(rows) == len(data["cells"]) and len(text.splitlines()) == len(rows) + 1
        for cell, row, line in zip(data["cells"], rows, text.splitlines()[1:]):
            assert row["question"] == cell["question"] and row["suppressed"] == (cell["suppressed"] or "")
            assert cell["question"] in line
            if cell["suppressed"]:
                reasons.add(cell["suppressed"])
                assert cell["n"] is None and cell["counts"] is None and "mean" not in cell and cell["reason"]
                assert row["n"] == row["mean"] == row["mean_low"] == "" and row["reason"] == cell["reason"]
                assert all(row[f"count_{v}"] == "" for v in range(11))
                assert "suppressed (" in line and "n =" not in line and "mean" not in line, line
            else:
                assert cell["n"] >= k and sum(cell["counts"]) == cell["n"], cell
                mean = sum(v * c for v, c in enumerate(cell["counts"])) / cell["n"]
                assert abs(cell["mean"] - mean) < 1e-9 and abs(float(row["mean"]) - mean) < 1e-4
                assert [int(row[f"count_{v}"]) for v in range(11)] == cell["counts"]
                assert f"n = {cell['n']}" in line
        # The rules, checked on what was shown: the whole round minus the
        # teams shown is what is hidden, 0 or at least k answers.
        for q in {c["question"] for c in data["cells"]}:
            whole = [c for c in data["cells"] if c["question"] == q and c["team_id"] is None]
            teams = [c for c in data["cells"] if c["question"] == q and c["team_id"] is not None]
            assert len(whole) == 1
            if whole[0]["suppressed"]:
                continue
            hidden = whole[0]["n"] - sum(c["n"] for c in teams if not c["suppressed"])
            assert hidden == 0 or hidden >= k, (rid, q, hidden)
        # Without --by team: the whole round only, the same figures.
        rc, out, err = run("survey", "results", rid, "--json", "--database", db)
        assert json.loads(out)["cells"] == [c for c in data["cells"] if c["team_id"] is None]

        rc, out, err = run("enps", rid, "--json", "--database", db)
        assert rc == 0, err
        e = json.loads(out)
        whole = next(c for c in data["cells"] if c["question"] == "enps" and c["team_id"] is None)
        expected = enps_by_formula(whole["counts"])
        for key, value in expected.items():
            assert abs(e["whole_round"][key] - value) < 1e-9, (key, e["whole_round"], expected)
        assert e["whole_round"]["suppressed"] is None
        teams = [c for c in data["cells"] if c["question"] == "enps" and c["team_id"] is not None]
        assert [t["team_id"] for t in e["teams"]] == [c["team_id"] for c in teams]
        for t, c in zip(e["teams"], teams):
            assert t["suppressed"] == c["suppressed"]
            if c["suppressed"]:
                assert all(t[key] is None for key in expected), t
            else:
                assert abs(t["enps"] - enps_by_formula(c["counts"])["enps"]) < 1e-9
        rc, text, err = run("enps", rid, "--database", db)
        assert rc == 0 and "eNPS" in text and text.count("suppressed") == sum(1 for c in teams if c["suppressed"])
    # The demo's small team is under k, and differencing hides a neighbour.
    assert reasons == {"few", "difference"}, reasons
    # Suppressed exactly as the screen: no export is ever less strict.
    rc, out, err = run("survey", "results", "x", "--database", db)
    assert rc == 2, err


@test
def ideas_board_on_demo():
    db = os.path.join(TMP, "voice.db")
    rc, out, err = run("ideas", "list", "--json", "--database", db)
    assert rc == 0, err
    board = json.loads(out)
    rc, out, err = run("ideas", "list", "--merged", "--json", "--database", db)
    everything = json.loads(out)
    assert 8 <= len(everything) <= 12, len(everything)
    merged = [i for i in everything if i["merged_into"]]
    assert len(merged) == 1 and merged[0]["id"] not in {i["id"] for i in board}
    assert merged[0]["merged_into"] in {i["id"] for i in board}
    assert {i["status"] for i in board} == {"new", "under_review", "planned", "done", "declined"}
    assert [i["votes"] for i in board] == sorted((i["votes"] for i in board), reverse=True)
    anonymous = [i for i in board if i["author"] is None]
    assert anonymous and all(i["pseudonym"].startswith("Anonymous ") for i in anonymous)
    assert all(i["pseudonym"] is None for i in board if i["author"] is not None)
    assert all(i["decline_reason"] for i in board if i["status"] == "declined")
    assert any(i["outcome"] for i in board if i["status"] == "done")
    assert sum(i["comments"] for i in board) > 0
    for i in everything:
        y, m, d = map(int, i["week"].split("-"))
        import datetime
        assert datetime.date(y, m, d).weekday() == 0, i["week"]      # Mondays only
    rc, out, err = run("ideas", "list", "--status", "done", "--json", "--database", db)
    assert rc == 0 and {i["status"] for i in json.loads(out)} == {"done"}
    rc, out, err = run("ideas", "list", "--status", "maybe", "--database", db)
    assert rc == 2, err


@test
def import_pulse_reports_bad_lines():
    db = os.path.join(TMP, "voice.db")
    rounds = json.loads(run("survey", "rounds", "--json", "--database", db)[1])
    open_id = next(r["id"] for r in rounds if r["state"] == "open")
    closed_id = next(r["id"] for r in rounds if r["state"] == "closed")
    teams = json.loads(run("survey", "results", str(closed_id), "--by", "team", "--json", "--database", db)[1])
    team = next(c["team"] for c in teams["cells"] if c["team_id"] and c["team_id"] > 0)

    def counts():
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        n = (con.execute("SELECT count(*) FROM survey_answers").fetchone()[0],
             con.execute("SELECT count(*) FROM survey_participation").fetchone()[0])
        con.close()
        return n

    lines = ["team,round,question,answer",
             f"{team},{open_id},enps,9",
             f"{team},{open_id},enps,11",               # 3: out of 0–10
             f"Nowhere,{open_id},enps,5",               # 4: no such team
             f'"{team}",{open_id},comment,"Kiosk, by the lifts"',
             f",{open_id},enps,7",                      # no team: allowed
             f"{team},{closed_id},enps,5",              # 7: closed round
             f"{team},{open_id},no-such-question,3",    # 8
             f"{team},{open_id},wellbeing-stress,4"]
    path = write("kiosk.csv", "\n".join(lines) + "\n")
    before = counts()
    rc, out, err = run("import", "pulse", path, "--strict", "--database", db)
    assert rc == 1 and f"{path}:3:" in err and "nothing was imported" in err, err
    assert counts() == before
    rc, out, err = run("import", "pulse", path, "--database", db)
    assert rc == 0, err
    assert [l.split(": skipped")[0] for l in err.splitlines()] == [f"{path}:{n}" for n in (3, 4, 7, 8)], err
    assert "8 answers in the file: 4 stored, 4 skipped" in out, out
    after = counts()
    assert after == (before[0] + 4, before[1]), (before, after)    # anonymous rows, no participation
    rc, out, err = run("import", "pulse", write("noheader.csv", "a,b\n1,2\n"), "--database", db)
    assert rc == 1 and ":1:" in err and len(err.splitlines()) == 1, err


# ---- agents answer back, reviewers agree -----------------------------------

def alpha_by_definition(units, metric):
    """Krippendorff's alpha by its pairwise definition (statistics.md),
    written apart from the C code's coincidence matrix: D_o, the mean
    within-unit disagreement, over D_e, the mean disagreement of all pairs
    of pairable values.  @units: lists of the values of each unit (missing
    left out).  Returns (alpha or None, n units, n values, agreeing pairs,
    pairs)."""
    from collections import Counter
    units = [u for u in units if len(u) >= 2]
    values = [v for u in units for v in u]
    n = len(values)
    counts = Counter(values)
    distinct = sorted(counts)

    def d2(a, b):
        if a == b:
            return 0.0
        if metric == "nominal":
            return 1.0
        if metric == "interval":
            return (a - b) ** 2
        lo, hi = min(a, b), max(a, b)
        s = sum(counts[g] for g in distinct if lo <= g <= hi) - (counts[lo] + counts[hi]) / 2
        return s * s

    pairs = sum(len(u) * (len(u) - 1) // 2 for u in units)
    agreeing = sum(1 for u in units for i in range(len(u)) for j in range(i + 1, len(u)) if u[i] == u[j])
    if n < 2:
        return None, len(units), n, agreeing, pairs
    d_o = sum(sum(d2(a, b) for i, a in enumerate(u) for j, b in enumerate(u) if i != j) / (len(u) - 1)
              for u in units) / n
    d_e = sum(d2(a, b) for i, a in enumerate(values) for j, b in enumerate(values) if i != j) / (n * (n - 1))
    return (None if d_e == 0 else 1 - d_o / d_e), len(units), n, agreeing, pairs


def ratings_csv(name, rows, header=True):
    """rows: (unit, reviewer, value or None)."""
    lines = ["unit,reviewer,value"] if header else []
    lines += [f"{u},{r},{'' if v is None else v}" for u, r, v in rows]
    return write(name, "\n".join(lines) + "\n")


def table_rows(table):
    """A units × reviewers table (None missing) as CSV rows."""
    return [(f"u{i}", f"r{j}", v) for i, row in enumerate(table) for j, v in enumerate(row)]


def units_of(table):
    return [[v for v in row if v is not None] for row in table]


def agreement(path, metric):
    rc, out, err = run("agreement", "--ratings", path, "--metric", metric, "--json")
    assert rc == 0, err
    return json.loads(out)


@test
def agreement_vectors():
    """kaizenctl agreement: statistics.md's vector, vectors worked by hand,
    Krippendorff's published example, and more checked against the pairwise
    definition computed here."""
    # statistics.md: α = 1 − 13 × 4 ÷ (2 × 8 × 6) = 0.458333, 9 of 13 pairs.
    spec = [[1, 1, 1], [1, 0, 1], [0, 0, 0], [1, 1, None], [0, 1, 0]]
    path = ratings_csv("spec.csv", table_rows(spec))
    got = agreement(path, "nominal")
    assert abs(got["alpha"] - (1 - 52 / 96)) < 1e-9, got
    assert (got["units"], got["pairable_values"], got["agreeing_pairs"], got["pairs"]) == (5, 14, 9, 13), got
    assert abs(got["raw_agreement"] - 9 / 13) < 1e-12, got
    rc, out, err = run("agreement", "--ratings", path, "--metric", "nominal")
    assert rc == 0 and "alpha: 0.458 (nominal)" in out and "units: 5" in out, out
    assert "pairable values: 14" in out and "raw agreement: 69.2% (9 of 13 pairs)" in out, out

    # By hand, nominal: test-calibration.c's c1 — o_11 = 4, o_00 = 3,
    # o_01 = o_10 = 1, n_1 = 5, n_0 = 4: α = 1 − 8 × 2 ÷ (2 × 5 × 4) = 0.6.
    got = agreement(ratings_csv("c1.csv", table_rows([[1, 1, 0], [0, 0, 0], [1, 1, 1]])), "nominal")
    assert abs(got["alpha"] - 0.6) < 1e-12 and (got["agreeing_pairs"], got["pairs"]) == (7, 9), got

    # By hand, interval, and a unit with one value: (1, 2), (3, 3), (5, –).
    # n = 4; Σ δ² within = 2 over ordered pairs ÷ 1 → D_o = 2/4; all pairs
    # 2 × (1 + 4 + 4 + 1 + 0 + 1)... = 22/12 → α = 1 − 6/22.  The third unit
    # is left out.
    got = agreement(ratings_csv("interval.csv", table_rows([[1, 2], [3, 3], [5, None]])), "interval")
    assert abs(got["alpha"] - (1 - 6 / 22)) < 1e-12, got
    assert (got["units"], got["pairable_values"]) == (2, 4), got

    # Published: Krippendorff (2011), four observers, twelve units.
    M = None
    kripp = [[1, 1, M, 1], [2, 2, 3, 2], [3, 3, 3, 3], [3, 3, 3, 3], [2, 2, 2, 2], [1, 2, 3, 4],
             [4, 4, 4, 4], [1, 1, 2, 1], [2, 2, 2, 2], [M, 5, 5, 5], [M, M, 1, 1], [M, 3, M, M]]
    path = ratings_csv("kripp.csv", table_rows(kripp))
    for metric, published in (("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849)):
        got = agreement(path, metric)
        assert round(got["alpha"], 3) == published, (metric, got)
        mine = alpha_by_definition(units_of(kripp), metric)
        assert abs(got["alpha"] - mine[0]) < 1e-9, (metric, got, mine)
        assert (got["units"], got["pairable_values"]) == (11, 40), got

    # Ordinal 1–5, three reviewers, missing values, units and reviewers by
    # name and in any order: the pairwise definition here.
    import random
    rng = random.Random(6)
    table = [[rng.choice([1, 2, 3, 4, 5, None]) if rng.random() < 0.9 else None for _ in range(4)]
             for _ in range(15)]
    rows = [(f"call-{i:02d}", name, v) for i, row in enumerate(table)
            for name, v in zip(("Ana", "Bo", "Cy", "Dee"), row)]
    rng.shuffle(rows)
    path = ratings_csv("mixed.csv", rows, header=False)
    for metric in ("nominal", "ordinal", "interval"):
        got = agreement(path, metric)
        mine = alpha_by_definition(units_of(table), metric)
        assert mine[0] is not None and abs(got["alpha"] - mine[0]) < 1e-9, (metric, got, mine)
        assert (got["units"], got["pairable_values"], got["agreeing_pairs"], got["pairs"]) == mine[1:], (got, mine)

    # Decimal values, interval: the script again.
    scores = [[80.5, 70.0, 60.25], [40.0, 40.0, None], [100.0, 90.0, 100.0], [55.5, None, None]]
    got = agreement(ratings_csv("scores.csv", table_rows(scores)), "interval")
    mine = alpha_by_definition(units_of(scores), "interval")
    assert abs(got["alpha"] - mine[0]) < 1e-9 and got["units"] == 3, (got, mine)

    # No variation at all: no alpha, said so.
    same = ratings_csv("same.csv", table_rows([[1, 1], [1, 1]]))
    assert agreement(same, "nominal")["alpha"] is None
    rc, out, err = run("agreement", "--ratings", same, "--metric", "nominal")
    assert rc == 0 and "not defined" in out, out

    # Bad lines: each one named by its line, nothing computed.
    bad = write("bad-ratings.csv", "unit,reviewer,value\n1,a,1\n1,b,yes\n2,a\n\n2,a,1\n1,a,0\n,c,1\n")
    rc, out, err = run("agreement", "--ratings", bad, "--metric", "nominal")
    assert rc == 1 and out == "", (rc, out)
    for line in (3, 4, 7, 8):
        assert f"{bad}:{line}:" in err, err
    assert f"{bad}:6:" not in err and "4 bad lines" in err, err
    assert "the first is on line 2" in err, err
    assert run("agreement", "--ratings", spec_path := path, "--metric", "ratio")[0] == 2
    assert run("agreement", "--ratings", spec_path)[0] == 2
    rc, out, err = run("agreement", "--ratings", os.path.join(TMP, "missing.csv"), "--metric", "nominal")
    assert rc == 1 and "missing.csv" in err, err


def spec_history_db(name):
    db = os.path.join(TMP, name)
    assert run("demo", "--database", db, "--seed", "3")[0] == 0
    assert run("rubric", "import", "--database", db, write(name + "-spec.xml", SPEC_RUBRIC))[0] == 0
    agents = json.loads(run("person", "list", "--role", "agent", "--json", "--database", db)[1])
    reviewers = json.loads(run("person", "list", "--role", "reviewer", "--json", "--database", db)[1])
    return db, agents, reviewers


@test
def dispute_flow_cli():
    """Acknowledge, dispute, resolve (one criterion changed, one upheld)
    through kaizenctl: the score is re-computed as a second revision, the
    first still there, the audit trail complete; a late dispute is refused
    naming its deadline."""
    import datetime
    db, agents, reviewers = spec_history_db("disputes.db")
    a, b, r = agents[0]["emails"][0], agents[1]["emails"][0], reviewers[0]["emails"][0]
    today = datetime.datetime.now(datetime.timezone.utc)
    old_day = (today - datetime.timedelta(days=10)).strftime("%Y-%m-%d")
    now_iso = today.replace(microsecond=0).isoformat()
    # G1 No, G2 4, R1 Yes, R2 2: (20 × 0.375 + 80 × 5/6) = 74.1667; with G1
    # Yes, 84.1667 (scoring.md's rules, by hand).
    history = write("dispute-history.csv",
                    "agent_email,date,rubric_id,rubric_version,reviewer_email,G1,G2,R1,R2\n"
                    f"{a},{now_iso},spec,1,{r},0,4,1,2\n"
                    f"{a},{old_day},spec,1,{r},0,4,1,2\n")
    assert run("import", "evaluations", "--database", db, history)[0] == 0
    mine = [e for e in json.loads(run("evaluation", "list", "--json", "--database", db)[1]) if e["rubric"] == "spec"]
    fresh = next(e for e in mine if e["date"][:10] != old_day)
    old = next(e for e in mine if e["date"][:10] == old_day)
    assert abs(fresh["final"] - (7.5 + 80 * 5 / 6)) < 1e-9 and not fresh["pass"], fresh
    assert (fresh["revision"], fresh["acknowledged_revision"], fresh["disputes"]) == (1, 0, 0), fresh
    assert fresh["agent_status"] == "to-acknowledge", fresh
    ev = str(fresh["id"])

    def agent_status():
        rows = json.loads(run("evaluation", "list", "--json", "--database", db)[1])
        return next(e["agent_status"] for e in rows if e["id"] == fresh["id"])

    rc, out, err = run("acknowledge", ev, "--database", db)
    assert rc == 1 and "--as" in err, err
    rc, out, err = run("acknowledge", ev, "--as", b, "--database", db)
    assert rc == 1 and "Only the agent" in err, err
    rc, out, err = run("acknowledge", ev, "--as", a, "--comment", "Seen it", "--database", db)
    assert rc == 0, err
    assert agent_status() == "acknowledged"

    rc, out, err = run("dispute", "raise", ev, "--criterion", "G1", "--criterion", "R2", "--reason",
                       "The greeting is at 00:04", "--as", a, "--database", db)
    assert rc == 0 and "raised" in out, err
    dispute = out.split()[1]
    assert agent_status() == "dispute-open"
    rc, out, err = run("dispute", "raise", ev, "--criterion", "G2", "--reason", "Again", "--as", a, "--database", db)
    assert rc == 1 and "open dispute already" in err, err
    listed = json.loads(run("disputes", "list", "--open", "--json", "--database", db)[1])
    assert [d["id"] for d in listed] == [int(dispute)], listed
    assert [(c["criterion"], c["resolution"]) for c in listed[0]["criteria"]] == [("G1", "pending"), ("R2", "pending")]

    rc, out, err = run("dispute", "resolve", dispute, "--uphold", "G1", "--note", "x", "--as", a, "--database", db)
    assert rc == 1 and "own dispute" in err, err
    rc, out, err = run("dispute", "resolve", dispute, "--change", "G1=1", "--uphold", "R2", "--note",
                       "Heard it on the second listen", "--as", r, "--database", db)
    assert rc == 0 and "closed" in out, (out, err)
    assert json.loads(run("disputes", "list", "--open", "--json", "--database", db)[1]) == []

    after = next(e for e in json.loads(run("evaluation", "list", "--json", "--database", db)[1]) if e["id"] == fresh["id"])
    assert abs(after["final"] - (17.5 + 80 * 5 / 6)) < 1e-9 and after["pass"], after
    assert (after["revision"], after["acknowledged_revision"], after["disputes"], after["dispute_open"]) == \
        (2, 1, 1, False), after
    # Acknowledged revision 1; the dispute made revision 2.
    assert after["agent_status"] == "changed-since-acknowledged", after
    hist = json.loads(run("evaluation", "history", ev, "--json", "--database", db)[1])
    assert [(x["revision"], round(x["final"], 4)) for x in hist["revisions"]] == [(1, 74.1667), (2, 84.1667)], hist
    assert {x["criterion"]: x["answer"] for x in hist["revisions"][0]["answers"]}["G1"] == 0
    assert {x["criterion"]: x["answer"] for x in hist["revisions"][1]["answers"]}["G1"] == 1
    assert hist["revisions"][1]["dispute"] == int(dispute)
    assert [(x["action"], x["criterion"]) for x in hist["audit"]] == [
        ("submitted", None), ("acknowledged", None), ("disputed", "G1"), ("disputed", "R2"), ("revision", None),
        ("changed", "G1"), ("upheld", "R2"), ("closed", None)], hist["audit"]
    assert [x["by"] for x in hist["audit"]] == [reviewers[0]["name"], agents[0]["name"], agents[0]["name"],
                                                agents[0]["name"]] + [reviewers[0]["name"]] * 4, hist["audit"]
    assert hist["audit"][6]["detail"] == "Heard it on the second listen"

    # Ten days after it was submitted (noon UTC, as imported): too late.
    submitted = datetime.datetime.strptime(old_day, "%Y-%m-%d").replace(hour=12, tzinfo=datetime.timezone.utc)
    deadline = (submitted + datetime.timedelta(days=7)).astimezone().strftime("%Y-%m-%d %H:%M")
    rc, out, err = run("dispute", "raise", str(old["id"]), "--criterion", "G1", "--reason", "Late", "--as", a,
                       "--database", db)
    assert rc == 1 and "Too late" in err and deadline in err and "7 days" in err, (deadline, err)
    assert run("disputes", "list", "--database", db)[1].count("evaluation") == 3   # the demo's two and this one


def session_rows(db, session):
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    rows = con.execute("SELECT e.id, e.interaction_id, e.reviewer_id, e.final FROM evaluations e "
                       "WHERE e.calibration_session_id = ? AND e.state = 'submitted'", (session,)).fetchall()
    answers = {}
    for ev, crit, kind, value in con.execute("SELECT a.evaluation_id, a.criterion_id, a.kind, a.value FROM answers a "
                                             "JOIN evaluations e ON e.id = a.evaluation_id "
                                             "WHERE e.calibration_session_id = ?", (session,)):
        answers.setdefault(ev, {})[crit] = value if kind == "value" else None
    lead, rubric, version = con.execute("SELECT lead_id, rubric_id, rubric_version FROM calibration_sessions "
                                        "WHERE id = ?", (session,)).fetchone()
    source = con.execute("SELECT source FROM rubrics WHERE id = ? AND version = ?", (rubric, version)).fetchone()[0]
    names = dict(con.execute("SELECT id, name FROM people"))
    con.close()
    return rows, answers, lead, source, names


def rubric_criteria(source):
    """(id, weight, metric, min, max) in document order, from the XML."""
    import xml.etree.ElementTree as ET
    root = ET.fromstring(source.encode())
    ns = {"r": NS}
    shared = {s.get("id"): s for s in root.findall("r:scales/r:scale", ns)}
    out = []
    for c in root.iter(f"{{{NS}}}criterion"):
        scale = c.find("r:scale", ns)
        if scale.get("ref"):
            scale = shared[scale.get("ref")]
        points = [float(p.get("value")) for p in scale.findall("r:point", ns)]
        out.append((c.get("id"), float(c.get("weight", "1")),
                    "ordinal" if scale.get("kind") == "ordinal" else "nominal", min(points), max(points)))
    return out


@test
def calibration_report_matches_independent():
    """The demo's closed session through calibration report: α per
    criterion (nominal for binary and labelled scales, ordinal for ordered
    ones, N/A missing), α of the final score (interval), raw agreement, each
    reviewer's alignment with the lead and bias — all worked out here again
    from the file's rows; an open session has no results yet."""
    db = os.path.join(TMP, "calibration.db")
    assert run("demo", "--database", db, "--seed", "5")[0] == 0
    sessions = json.loads(run("calibration", "list", "--json", "--database", db)[1])
    closed = next(s for s in sessions if s["closed"])
    opened = next(s for s in sessions if not s["closed"])
    assert (closed["reviewers"], closed["interactions"], closed["submitted"]) == (3, 3, 9), closed
    rc, out, err = run("calibration", "report", str(opened["id"]), "--database", db)
    assert rc == 1 and "once its lead closes it" in err, err

    report = json.loads(run("calibration", "report", str(closed["id"]), "--json", "--database", db)[1])
    rows, answers, lead, source, names = session_rows(db, closed["id"])
    units = sorted({u for _, u, _, _ in rows})
    reviewers = sorted({r for _, _, r, _ in rows})
    by = {(u, r): ev for ev, u, r, _ in rows}
    finals = {(u, r): f for _, u, r, f in rows}
    criteria = rubric_criteria(source)
    assert report["evaluations"] == len(rows) == 9
    assert [c["criterion"] for c in report["criteria"]] == [c[0] for c in criteria]
    for got, (cid, _, metric, _, _) in zip(report["criteria"], criteria):
        table = [[answers[by[(u, r)]].get(cid) if (u, r) in by else None for r in reviewers] for u in units]
        mine = alpha_by_definition(units_of(table), metric)
        assert got["metric"] == metric, got
        assert got["units"] == mine[1] and got["pairable_values"] == mine[2], (got, mine)
        if mine[0] is None:
            assert got["alpha"] is None, (got, mine)
        else:
            assert abs(got["alpha"] - mine[0]) < 1e-9, (cid, got, mine)
        if mine[4]:
            assert abs(got["raw_agreement"] - mine[3] / mine[4]) < 1e-12, (got, mine)
    table = [[finals.get((u, r)) for r in reviewers] for u in units]
    mine = alpha_by_definition(units_of(table), "interval")
    assert report["total"]["metric"] == "interval" and abs(report["total"]["alpha"] - mine[0]) < 1e-9, (report, mine)

    consensus = {u: sum(finals[(u, r)] for r in reviewers) / len(reviewers) for u in units}
    for got in report["reviewers"]:
        r = next(k for k, v in names.items() if v == got["reviewer"])
        bias = sum(finals[(u, r)] - consensus[u] for u in units) / len(units)
        assert abs(got["bias"] - bias) < 1e-9, (got, bias)
        assert got["lead"] == (r == lead)
        if r == lead:
            assert got["alignment"] is None
            continue
        num = den = 0.0
        for u in units:
            for cid, w, _, lo, hi in criteria:
                x, y = answers[by[(u, r)]].get(cid), answers[by[(u, lead)]].get(cid)
                if x is None or y is None:
                    continue
                num += w * (1 - abs(x - y) / (hi - lo))
                den += w
        assert abs(got["alignment"] - num / den) < 1e-9, (got, num / den)
    alphas = [c for c in report["criteria"] if c["alpha"] is not None]
    assert report["least_agreement"] == [c["criterion"] for c in sorted(alphas, key=lambda c: c["alpha"])]
    rc, out, err = run("calibration", "report", str(closed["id"]), "--database", db)
    assert rc == 0 and "Final score (interval)" in out and "(the reference)" in out, out

    # A lead opens one, only the lead closes it; its results are then there.
    people = json.loads(run("person", "list", "--role", "reviewer", "--json", "--database", db)[1])
    its = sorted(json.loads(run("search", "--json", "--limit", "2", "--database", db)[1])["results"],
                 key=lambda i: i["id"])
    rc, out, err = run("calibration", "create", "--title", "From the CLI", "--rubric", "phone-support",
                       "--interaction", str(its[0]["id"]), "--interaction", str(its[1]["id"]),
                       "--reviewer", people[1]["emails"][0], "--as", people[0]["emails"][0], "--database", db)
    assert rc == 0 and "2 reviewers, 2 interactions" in out, (out, err)
    new = out.split()[2]
    rc, out, err = run("calibration", "close", new, "--as", people[1]["emails"][0], "--database", db)
    assert rc == 1 and "Only the lead" in err, err
    assert run("calibration", "close", new, "--as", people[0]["emails"][0], "--database", db)[0] == 0
    empty = json.loads(run("calibration", "report", new, "--json", "--database", db)[1])
    assert empty["evaluations"] == 0 and empty["total"]["alpha"] is None, empty
    trends = json.loads(run("calibration", "trends", "--json", "--database", db)[1])
    assert trends["sessions"] == 2 and trends["least_agreement"], trends


@test
def leniency_matches_independent():
    """kaizenctl leniency over the demo: per reviewer, the mean over agents
    others also reviewed of (own mean F − the others' mean), worked out here
    from the file's rows — calibration evaluations left out."""
    import time
    db = os.path.join(TMP, "leniency.db")
    assert run("demo", "--database", db, "--seed", "5")[0] == 0
    rc, out, err = run("leniency", "--from", "2026-08-01", "--to", "2026-11-01", "--json", "--database", db)
    assert rc == 0, err
    got = {r["reviewer"]: r for r in json.loads(out)}
    lo = int(time.mktime(time.strptime("2026-08-01", "%Y-%m-%d")))
    hi = int(time.mktime(time.strptime("2026-11-01", "%Y-%m-%d")))
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    rows = con.execute("SELECT r.name, e.agent_id, e.final FROM evaluations e JOIN people r ON r.id = e.reviewer_id "
                       "WHERE e.state = 'submitted' AND e.is_calibration = 0 AND e.final IS NOT NULL "
                       "AND e.created_at >= ? AND e.created_at < ?", (lo, hi)).fetchall()
    con.close()
    expected = {}
    for reviewer in {r for r, _, _ in rows}:
        diffs, n = [], 0
        for agent in {a for _, a, _ in rows}:
            own = [f for r, a, f in rows if r == reviewer and a == agent]
            peers = [f for r, a, f in rows if r != reviewer and a == agent]
            if own and peers:
                diffs.append(sum(own) / len(own) - sum(peers) / len(peers))
                n += len(own)
        if diffs:
            expected[reviewer] = (sum(diffs) / len(diffs), len(diffs), n)
    assert set(got) == set(expected), (got, expected)
    for name, (mean, agents, n) in expected.items():
        assert abs(got[name]["leniency"] - mean) < 1e-9 and got[name]["agents"] == agents, (got[name], mean)
        assert got[name]["evaluations"] == n
    rc, out, err = run("leniency", "--from", "2026-08-01", "--database", db)
    assert rc == 2, err


def coaching_db(name):
    """A demo database with the spec rubric and, for two agents, spec
    evaluations by hand: agent a failed G1 (0) in both of the last two, b
    failed it and then passed (1).  Returns (db, a, b, manager, reviewer,
    now, ids of a's two evaluations newest first)."""
    import datetime
    db, agents, reviewers = spec_history_db(name)
    # These tests count catalog items, rules, proposals and plans from
    # nothing: leave out the demo's own coaching story (demo_coaching_story
    # checks it).
    con = sqlite3.connect(db)
    con.execute("PRAGMA foreign_keys = ON")
    with con:
        for table in ("plans", "proposals", "coaching_rules", "catalog_items"):
            con.execute(f"DELETE FROM {table}")
    con.close()
    managers = json.loads(run("person", "list", "--role", "manager", "--json", "--database", db)[1])
    a, b, r = agents[0]["emails"][0], agents[1]["emails"][0], reviewers[0]["emails"][0]
    m = next(p["emails"][0] for p in managers if "admin" not in p["roles"])
    now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    d2, d1 = (now - datetime.timedelta(days=2)).isoformat(), (now - datetime.timedelta(days=1)).isoformat()
    history = write(name + "-history.csv",
                    "agent_email,date,rubric_id,rubric_version,reviewer_email,G1,G2,R1,R2\n"
                    f"{a},{d2},spec,1,{r},0,2,1,2\n{a},{d1},spec,1,{r},0,3,1,2\n"
                    f"{b},{d2},spec,1,{r},0,2,1,2\n{b},{d1},spec,1,{r},1,5,1,2\n")
    assert run("import", "evaluations", "--database", db, history)[0] == 0
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    mine = [row[0] for row in con.execute(
        "SELECT e.id FROM evaluations e JOIN person_emails pe ON pe.person_id = e.agent_id "
        "WHERE e.rubric_id = 'spec' AND pe.email = ? ORDER BY e.created_at DESC", (a,))]
    con.close()
    assert len(mine) == 2, mine
    return db, a, b, m, r, now, mine


@test
def coaching_catalog_rules_proposals_plans():
    """catalog → rules → run → accept (an eLearning assignment, due the SLA's
    days later) / dismiss; cooldown; overdue after the due day; done."""
    import datetime
    db, a, b, m, r, now, a_evals = coaching_db("coaching.db")

    rc, out, err = run("catalog", "add", "--database", db, "--kind", "elearning", "--title", "Greeting basics",
                       "--link", "https://lms.example.org/g", "--minutes", "15", "--criterion", "spec:G1",
                       "--external-id", "LMS-101")
    assert rc == 0, err
    # A link and a file: refused, nothing written.
    rc, out, err = run("catalog", "add", "--database", db, "--kind", "elearning", "--title", "Both", "--link", "x",
                       "--file", "/y", "--minutes", "5", "--criterion", "spec:G1")
    assert rc == 1 and "exactly one" in err, err
    rc, out, err = run("catalog", "add", "--database", db, "--kind", "course", "--title", "Nope", "--capacity", "4",
                       "--criterion", "spec:Z9")
    assert rc == 1 and "Z9" in err, err
    assert db_count(db, "catalog_items") == 1
    rc, out, err = run("catalog", "add", "--database", db, "--kind", "course", "--title", "Warm openings",
                       "--capacity", "2", "--criterion", "spec:G1", "--criterion", "spec:G2")
    assert rc == 0, err
    items = json.loads(run("catalog", "list", "--json", "--database", db)[1])
    assert [(i["title"], i["kind"], i["criteria"]) for i in items] == [
        ("Greeting basics", "elearning", ["spec:G1"]), ("Warm openings", "course", ["spec:G1", "spec:G2"])], items
    assert [i["external_id"] for i in items] == ["LMS-101", None], items
    elearning = str(items[0]["id"])

    assert run("rules", "add", "--database", db, "--criterion", "spec:G1", "--item", elearning)[0] == 2
    rc, out, err = run("rules", "add", "--database", db, "--criterion", "spec:G1", "--last-failed", "2",
                       "--item", elearning, "--cooldown-weeks", "1", "--sla-days", "7")
    assert rc == 0, err
    rules = json.loads(run("rules", "list", "--json", "--database", db)[1])
    assert [(x["criterion"], x["condition"], x["n"], x["cooldown_weeks"], x["sla_days"]) for x in rules] == \
        [("spec:G1", "last-n-failed", 2, 1, 7)], rules

    # Only a: b's newest G1 passed.
    rc, out, err = run("rules", "run", "--json", "--database", db)
    assert rc == 0, err
    made = json.loads(out)
    assert [(p["agent"], p["state"], p["evidence"]) for p in made] == [(a, "pending", a_evals)], made
    assert json.loads(run("rules", "run", "--json", "--database", db)[1]) == []   # not twice
    proposal = str(made[0]["id"])

    # An agent accepts nothing; a manager does.
    rc, out, err = run("proposals", "accept", proposal, "--as", a, "--database", db)
    assert rc == 1 and "manager" in err, err
    rc, out, err = run("proposals", "accept", proposal, "--as", m, "--database", db)
    assert rc == 0 and "plan" in out, err
    assert json.loads(run("proposals", "list", "--json", "--database", db)[1]) == []
    plans = json.loads(run("plan", "list", "--person", a, "--json", "--database", db)[1])
    assert len(plans) == 1, plans
    plan = plans[0]
    due = (datetime.datetime.now().date() + datetime.timedelta(days=7)).isoformat()   # local today + SLA
    assert (plan["kind"], plan["state"], plan["agent"], plan["criteria"], plan["due"], plan["overdue"]) == \
        ("elearning", "planned", a, ["spec:G1"], due, False), plan
    assert json.loads(run("plan", "list", "--person", b, "--json", "--database", db)[1]) == []
    # Overdue after its due day, not on it.
    on_due = json.loads(run("plan", "list", "--now", due + "T23:00:00", "--json", "--database", db)[1])
    after = (datetime.date.fromisoformat(due) + datetime.timedelta(days=1)).isoformat() + "T00:30:00"
    late = json.loads(run("plan", "list", "--now", after, "--json", "--database", db)[1])
    assert (on_due[0]["overdue"], late[0]["overdue"]) == (False, True)

    # Cooldown of a week from the decision: nothing 6 days on, a new one 8 days on (the fails still stand).
    six = (now + datetime.timedelta(days=6)).isoformat()
    eight = (now + datetime.timedelta(days=8)).isoformat()
    assert json.loads(run("rules", "run", "--now", six, "--json", "--database", db)[1]) == []
    again = json.loads(run("rules", "run", "--now", eight, "--json", "--database", db)[1])
    assert [p["agent"] for p in again] == [a], again
    rc, out, err = run("proposals", "dismiss", str(again[0]["id"]), "--as", m, "--database", db)
    assert rc == 0, err
    rc, out, err = run("proposals", "dismiss", str(again[0]["id"]), "--as", m, "--database", db)
    assert rc == 1 and "already" in err, err
    states = sorted(p["state"] for p in json.loads(run("proposals", "list", "--all", "--json", "--database", db)[1]))
    assert states == ["accepted", "dismissed"], states

    # Done, once; the time kept.
    rc, out, err = run("plan", "done", str(plan["id"]), "--at", "2026-03-02T10:00:00Z", "--database", db)
    assert rc == 0, err
    rc, out, err = run("plan", "missed", str(plan["id"]), "--database", db)
    assert rc == 1 and "planned" in err, err
    done = json.loads(run("plan", "list", "--json", "--database", db)[1])[0]
    assert (done["state"], done["completed_at"], done["sequence"], done["uid"]) == \
        ("done", "2026-03-02T10:00:00Z", 1, plan["uid"]), done


@test
def coaching_sessions_and_group_training():
    """A coaching session and a recurring group training through kaizenctl:
    times on the event's own clock (zoneinfo says what they are in UTC),
    capacity, recurrence and dropped dates kept, cancellation raises the
    sequence and keeps the uid."""
    import datetime
    import zoneinfo
    db, a, b, m, r, now, a_evals = coaching_db("sessions.db")
    assert run("catalog", "add", "--database", db, "--kind", "course", "--title", "Warm openings",
               "--capacity", "2", "--criterion", "spec:G2")[0] == 0
    course = str(json.loads(run("catalog", "list", "--json", "--database", db)[1])[0]["id"])

    # 29 March 2026 is the day the UK moves to summer time (at 01:00 UTC).
    rc, out, err = run("plan", "add-coaching", "--database", db, "--agent", a, "--coach", r, "--title", "Openings 1:1",
                       "--criterion", "spec:G1", "--evidence", str(a_evals[0]), "--evidence", str(a_evals[1]),
                       "--agenda", "The greeting", "--notes", "Shared", "--private-notes", "Coach only",
                       "--action", f"Listen to two calls|{a}|2026-04-03", "--start", "2026-03-29T09:30",
                       "--tz", "Europe/London", "--duration", "45", "--follow-up", "2026-04-20")
    assert rc == 0 and "uid" in out, err
    london = datetime.datetime(2026, 3, 29, 9, 30, tzinfo=zoneinfo.ZoneInfo("Europe/London"))
    session = json.loads(run("plan", "list", "--person", r, "--json", "--database", db)[1])
    assert len(session) == 1, session
    s = session[0]
    assert s["starts_at"] == london.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ") \
        == "2026-03-29T08:30:00Z", s
    assert (s["kind"], s["coach"], s["agent"], s["evidence"], s["tzid"], s["duration_minutes"], s["follow_up"]) == \
        ("coaching", r, a, a_evals, "Europe/London", 45, "2026-04-20"), s
    assert (s["agenda"], s["shared_notes"], s["private_notes"], s["sequence"]) == \
        ("The greeting", "Shared", "Coach only", 0), s
    assert s["action_items"] == [{"text": "Listen to two calls", "owner": a, "due": "2026-04-03", "done": False}], s
    # The agent acknowledges it, once; the commitment kept, the sequence raised.
    rc, out, err = run("plan", "acknowledge", str(s["id"]), "--as", b, "--database", db)
    assert rc == 1 and "Only the agent" in err, err
    rc, out, err = run("plan", "acknowledge", str(s["id"]), "--as", a, "--comment", "Name first", "--database", db)
    assert rc == 0, err
    assert run("plan", "acknowledge", str(s["id"]), "--as", a, "--database", db)[0] == 1
    acked = json.loads(run("plan", "list", "--person", r, "--json", "--database", db)[1])[0]
    assert (acked["commitment"], acked["sequence"], acked["uid"]) == ("Name first", 1, s["uid"]), acked
    assert acked["acknowledged_at"] is not None
    # A coach coaching themselves, or an unknown time zone: refused, nothing written.
    n = db_count(db, "plans")
    assert run("plan", "add-coaching", "--database", db, "--agent", a, "--coach", a, "--title", "x")[0] == 1
    rc, out, err = run("plan", "add-coaching", "--database", db, "--agent", a, "--coach", r, "--title", "x",
                       "--start", "2026-03-29T09:30", "--tz", "Mars/Olympus")
    assert rc == 1 and "time zone" in err, err
    assert db_count(db, "plans") == n

    # Three attendees, two places: refused.
    args = ["plan", "add-training", "--database", db, "--course", course, "--start", "2026-03-23T14:00",
            "--tz", "Europe/Paris", "--duration", "90", "--link", "https://meet.example.org/w", "--organiser", m,
            "--freq", "weekly", "--interval", "2", "--byday", "mo,we", "--count", "4",
            "--exdate", "2026-04-06T14:00", "--attendee", a, "--attendee", b]
    rc, out, err = run(*args, "--attendee", r)
    assert rc == 1 and "places" in err, err
    assert db_count(db, "plans") == n
    rc, out, err = run(*args)
    assert rc == 0, err
    t = next(p for p in json.loads(run("plan", "list", "--person", b, "--json", "--database", db)[1])
             if p["kind"] == "training")
    paris = zoneinfo.ZoneInfo("Europe/Paris")
    utc = lambda d: d.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    # 23 March is still winter time in Paris (UTC+1); 6 April summer (UTC+2).
    assert t["starts_at"] == utc(datetime.datetime(2026, 3, 23, 14, 0, tzinfo=paris)) == "2026-03-23T13:00:00Z", t
    assert t["recurrence"] == {"freq": "weekly", "interval": 2, "until": None, "count": 4, "byday": "MO,WE",
                               "exdates": [utc(datetime.datetime(2026, 4, 6, 14, 0, tzinfo=paris))]}, t
    assert t["recurrence"]["exdates"] == ["2026-04-06T12:00:00Z"]
    assert [x["person"] for x in t["attendees"]] == [a, b] and t["coach"] == m and t["criteria"] == ["spec:G2"], t
    assert (t["sequence"], t["title"]) == (0, "Warm openings"), t

    # Cancelled: same uid, one higher sequence; then it stays cancelled.
    rc, out, err = run("plan", "cancel", str(t["id"]), "--database", db)
    assert rc == 0, err
    c = next(p for p in json.loads(run("plan", "list", "--json", "--database", db)[1]) if p["id"] == t["id"])
    assert (c["state"], c["uid"], c["sequence"], c["completed_at"]) == ("cancelled", t["uid"], 1, None), c
    assert run("plan", "done", str(t["id"]), "--database", db)[0] == 1
    # Each plan has its own uid.
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    uids = [row[0] for row in con.execute("SELECT uid FROM plans")]
    con.close()
    assert len(set(uids)) == len(uids) == 2, uids


def principle_links(source):
    """criterion id → (weight, policy, na value, min, max, [principle ids]) from
    a rubric's XML: the criterion's principles="…", then its section's."""
    import xml.etree.ElementTree as ET
    root = ET.fromstring(source.encode())
    ns = {"r": NS}
    shared = {s.get("id"): s for s in root.findall("r:scales/r:scale", ns)}
    out = {}
    for section in root.findall("r:section", ns):
        own_section = section.get("principles", "").split()
        for c in section.findall("r:criterion", ns):
            scale = c.find("r:scale", ns)
            if scale.get("ref"):
                scale = shared[scale.get("ref")]
            points = [float(p.get("value")) for p in scale.findall("r:point", ns)]
            linked = c.get("principles", "").split()
            linked += [p for p in own_section if p not in linked]
            out[c.get("id")] = (float(c.get("weight", "1")), c.get("na", "exclude"),
                                float(c.get("na-value", "nan")), min(points), max(points), linked)
    return out


def principle_scores_by_hand(db, agent=None, team=None, lo=None, hi=None):
    """{principle: (score or None, answers, evaluations)} worked out from the
    file's rows: 100 Σ w·v ÷ Σ w over applicable answers (N/A under exclude
    or forbidden left out, pass = top, fixed = its value) of linked criteria,
    in submitted, non-calibration evaluations created in [lo, hi)."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    rubrics = {(i, v): principle_links(src) for i, v, src in con.execute("SELECT id, version, source FROM rubrics")}
    where, args = ["e.state = 'submitted'", "e.is_calibration = 0"], []
    if agent is not None:
        where.append("e.agent_id = (SELECT person_id FROM person_emails WHERE email = ?)")
        args.append(agent)
    if team is not None:
        where.append("e.agent_id IN (SELECT id FROM people WHERE team_id = ?)")
        args.append(team)
    if lo is not None:
        where.append("e.created_at >= ? AND e.created_at < ?")
        args += [lo, hi]
    evaluations = con.execute("SELECT e.id, e.rubric_id, e.rubric_version FROM evaluations e WHERE "
                              + " AND ".join(where), args).fetchall()
    sums = {}
    for ev, rubric, version in evaluations:
        criteria = rubrics[(rubric, version)]
        seen = set()
        for crit, kind, value in con.execute("SELECT criterion_id, kind, value FROM answers WHERE evaluation_id = ?",
                                             (ev,)):
            if crit not in criteria:
                continue
            w, policy, na_value, lo_v, hi_v, linked = criteria[crit]
            if kind == "na":
                if policy in ("exclude", "forbidden"):
                    continue
                value = hi_v if policy == "pass" else na_value
            elif kind != "value":
                continue
            v = (value - lo_v) / (hi_v - lo_v)
            for p in linked:
                t = sums.setdefault(p, [0.0, 0.0, 0, set()])
                t[0] += w * v
                t[1] += w
                t[2] += 1
                t[3].add(ev)
    con.close()
    return {p: (100 * t[0] / t[1] if t[1] else None, t[2], len(t[3])) for p, t in sums.items()}


@test
def principles_and_personas_cli():
    """principles add/list/import and personas add/list on a new file: a
    duplicate, a bad CSV line and a bad persona are refused and change
    nothing."""
    db = os.path.join(TMP, "cx.db")
    rc, out, err = run("principles", "add", "own-it", "--title", "Own the problem", "--database", db)
    assert rc == 0, err
    rc, out, err = run("principles", "add", "own-it", "--title", "Again", "--database", db)
    assert rc == 1 and "own-it" in err, err
    good = write("principles.csv", "id,title,description\n"
                                   "easy,Make it effortless,\"No chasing, no jargon\"\n"
                                   "own-it,Own it,\n")
    rc, out, err = run("principles", "import", good, "--database", db)
    assert rc == 0 and "2 principles" in out, (out, err)
    rc, out, err = run("principles", "list", "--json", "--database", db)
    assert rc == 0, err
    assert json.loads(out) == [{"id": "own-it", "title": "Own it", "description": None},
                               {"id": "easy", "title": "Make it effortless",
                                "description": "No chasing, no jargon"}], out
    before = dump(db)
    bad = write("principles-bad.csv", "id,title\nsafe,Keep me safe\n2fast,Starts with a digit\n")
    rc, out, err = run("principles", "import", bad, "--database", db)
    assert rc == 1 and "principles-bad.csv:3:" in err and "2fast" in err, err
    assert dump(db) == before
    rc, out, err = run("principles", "import", write("no-title.csv", "id\nx\n"), "--database", db)
    assert rc == 1 and "no-title.csv:1:" in err and "title" in err, err
    assert dump(db) == before

    rc, out, err = run("personas", "add", "sam", "--name", "Sam, the busy parent", "--channel", "call",
                       "--comfort", "2", "--goals", "One call", "--database", db)
    assert rc == 0, err
    for bad_args in (["--channel", "pigeon"], ["--comfort", "0"], ["--comfort", "6"]):
        rc, out, err = run("personas", "add", "ivy", "--name", "Ivy", *bad_args, "--database", db)
        assert rc == 1, (bad_args, err)
    rc, out, err = run("personas", "add", "sam", "--name", "Sam", "--database", db)
    assert rc == 1 and "sam" in err, err
    rc, out, err = run("personas", "list", "--json", "--database", db)
    assert rc == 0, err
    assert json.loads(out) == [{"id": "sam", "name": "Sam, the busy parent", "situation": None,
                                "goals": "One call", "channel": "call", "tech_comfort": 2}], out
    # A rubric linking ids the library lacks is imported, with a note naming them.
    rc, out, err = run("rubric", "import", "--database", db, os.path.join(RUBRICS, "phone-support.xml"))
    assert rc == 0, err
    assert "get-it-right" in err and "treat-me-as-a-person" in err and "own-it" not in err, err
    assert "ivy-new-to-online" in err and "sam," not in err, err
    assert run("principles", "add", "--database", db)[0] == 2
    assert run("report", "principles", "--agent", "a@b", "--team", "1", "--database", db)[0] == 2


@test
def report_principles_matches_independent():
    """report principles on the demo, whole, per agent, per team and per
    month, against the sums worked out here from the file's rows and the
    rubrics' XML."""
    import time
    from collections import Counter
    db = os.path.join(TMP, "principles-demo.db")
    assert run("demo", "--database", db, "--seed", "3")[0] == 0
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    agent = con.execute("SELECT pe.email FROM evaluations e JOIN person_emails pe ON pe.person_id = e.agent_id "
                        "WHERE e.state = 'submitted' GROUP BY e.agent_id ORDER BY count(*) DESC, pe.email "
                        "LIMIT 1").fetchone()[0]
    team = con.execute("SELECT p.team_id FROM evaluations e JOIN people p ON p.id = e.agent_id "
                       "WHERE e.state = 'submitted' AND p.team_id IS NOT NULL GROUP BY p.team_id "
                       "ORDER BY p.team_id LIMIT 1").fetchone()[0]
    months = Counter(time.strftime("%Y-%m", time.localtime(t)) for (t,) in
                     con.execute("SELECT created_at FROM evaluations WHERE state = 'submitted'"))
    library = [r[0] for r in con.execute("SELECT id FROM principles ORDER BY position")]
    con.close()
    month = months.most_common(1)[0][0]
    lo = int(time.mktime(time.strptime(month + "-01", "%Y-%m-%d")))
    y, m = map(int, month.split("-"))
    hi = int(time.mktime(time.strptime(f"{y + m // 12}-{m % 12 + 1:02d}-01", "%Y-%m-%d")))
    assert len(library) >= 4

    cases = [([], {}), (["--agent", agent], {"agent": agent}), (["--team", str(team)], {"team": team}),
             (["--period", month], {"lo": lo, "hi": hi})]
    for args, kw in cases:
        rc, out, err = run("report", "principles", "--json", *args, "--database", db)
        assert rc == 0, err
        got = json.loads(out)
        expected = principle_scores_by_hand(db, **kw)
        # The library's principles first, in its order, each even without answers.
        assert [g["principle"] for g in got][:len(library)] == library, got
        assert {g["principle"] for g in got} == set(library) | set(expected), (got, expected)
        for g in got:
            score, n, n_ev = expected.get(g["principle"], (None, 0, 0))
            assert g["answers"] == n and g["evaluations"] == n_ev, (args, g, n, n_ev)
            if score is None:
                assert g["score"] is None, g
            else:
                assert abs(g["score"] - score) < 1e-9, (args, g, score)
        assert any(g["answers"] > 0 for g in got), (args, got)
    rc, out, err = run("report", "principles", "--database", db)
    assert rc == 0 and "Own the problem" in out, out
    rc, out, err = run("report", "principles", "--agent", "nobody@example.org", "--database", db)
    assert rc == 1 and "nobody@example.org" in err, err
    rc, out, err = run("report", "principles", "--team", "99999", "--database", db)
    assert rc == 1 and "99999" in err, err
    rc, out, err = run("report", "principles", "--period", "March", "--database", db)
    assert rc == 2, err


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
