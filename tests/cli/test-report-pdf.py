#!/usr/bin/python3
"""Reports as documents: kaizenctl report … --format csv|pdf, and the same
for report principles/impact, calibration report/trends, survey results
(whose withheld cells stay withheld on paper), enps and disputes list.  The PDF
renders (pdftoppm), its text (pdftotext) holds every figure the report
gives as JSON, each page says "Page N of M", a table that runs onto a second
page repeats its header there; the CSV parses back to the same figures.
Prints TAP.

Usage: test-report-pdf.py KAIZENCTL
SPDX-License-Identifier: GPL-3.0-or-later
"""
import csv
import io
import json
import os
import re
import subprocess
import sys
import tempfile
import traceback

KAIZENCTL = os.path.abspath(sys.argv[1])
TMP = tempfile.mkdtemp(prefix="kaizen-report-")
ENV = dict(os.environ, XDG_DATA_HOME=os.path.join(TMP, "xdg-data"), LC_ALL="C.UTF-8")
DB = os.path.join(TMP, "demo.db")
PERIOD = ["--from", "2020-01-01", "--to", "2030-01-01"]

tests = []


def test(fn):
    tests.append(fn)
    return fn


def run(*args):
    p = subprocess.run([KAIZENCTL, *args], capture_output=True, text=True, env=ENV, timeout=300)
    return p.returncode, p.stdout, p.stderr


def pdf_pages(path):
    out = subprocess.run(["pdfinfo", path], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", out, re.M).group(1))


def pdf_text(path, page=None):
    args = ["pdftotext", "-layout"]
    if page:
        args += ["-f", str(page), "-l", str(page)]
    return subprocess.run(args + [path, "-"], capture_output=True, text=True, check=True).stdout


def pdf_raw_text(path):
    """The text in the order it was drawn: a wrapped cell's lines stay together."""
    return squash(subprocess.run(["pdftotext", "-raw", path, "-"], capture_output=True, text=True,
                                 check=True).stdout)


def rendered_pages_not_blank(path):
    """Each page rendered to grey pixels has ink on it (not all white)."""
    n = pdf_pages(path)
    for page in range(1, n + 1):
        raw = subprocess.run(["pdftoppm", "-gray", "-r", "30", "-f", str(page), "-l", str(page), path],
                             capture_output=True, check=True).stdout
        # PGM: "P5\nW H\n255\n" then W×H bytes.
        header, _, pixels = raw.partition(b"\n255\n")
        assert header.startswith(b"P5"), header[:10]
        dark = sum(1 for b in pixels if b < 128)
        assert dark > 60, (page, dark)       # at least a footer's and a row's worth
    return n


def setup():
    if not os.path.exists(DB):
        rc, out, err = run("demo", "--database", DB, "--seed", "3")
        assert rc == 0, err


def squash(text):
    return re.sub(r"\s+", " ", text)


@test
def coverage_pdf_holds_every_figure():
    setup()
    rc, out, err = run("report", "coverage", *PERIOD, "--json", "--database", DB)
    assert rc == 0, err
    rows = json.loads(out)
    assert len(rows) > 30, len(rows)       # enough agents to run onto a second page
    pdf = os.path.join(TMP, "coverage.pdf")
    rc, out, err = run("report", "coverage", *PERIOD, "--format", "pdf", "--output", pdf, "--database", DB)
    assert rc == 0, err
    n = rendered_pages_not_blank(pdf)
    assert f"{n} page" in out, out
    text = squash(pdf_text(pdf))
    assert "Review coverage" in text and "Period: 2020-01-01 to 2029-12-31" in text, text[:300]
    for r in rows:
        share = 100.0 * r["reviewed"] / r["interactions"]
        line = f'{r["agent"]} {r["interactions"]} {r["sampled"]} {r["reviewed"]} {share:.1f}%'
        assert line in text, line
    total_i = sum(r["interactions"] for r in rows)
    total_s = sum(r["sampled"] for r in rows)
    total_r = sum(r["reviewed"] for r in rows)
    assert f"{total_i} interactions, {total_s} sampled for review, {total_r} reviewed " \
           f"({100.0 * total_r / total_i:.1f}%)" in text
    for page in range(1, n + 1):
        assert f"Page {page} of {n}" in pdf_text(pdf, page), page
    # The table runs on: page 2 starts with the header again.
    assert n >= 2
    second = pdf_text(pdf, 2).strip().splitlines()[0]
    assert squash(second).strip() == "Agent Interactions Sampled Reviewed Reviewed share", second
    # The chart's description, as a screen reader would say it.
    best = max(rows, key=lambda r: r["reviewed"] / r["interactions"])
    assert "Bar chart of share reviewed by agent" in text and best["agent"] in text


@test
def coverage_csv_parses_back():
    setup()
    rows = json.loads(run("report", "coverage", *PERIOD, "--json", "--database", DB)[1])
    p = subprocess.run([KAIZENCTL, "report", "coverage", *PERIOD, "--format", "csv", "--database", DB],
                       capture_output=True, env=ENV, timeout=300)
    assert p.returncode == 0, p.stderr
    assert p.stdout.count(b"\r\n") == len(rows) + 1      # RFC 4180 line ends
    out = p.stdout.decode("utf-8")
    parsed = list(csv.reader(io.StringIO(out, newline="")))
    assert parsed[0] == ["Agent", "Interactions", "Sampled", "Reviewed", "Reviewed share"], parsed[0]
    assert [(p[0], int(p[1]), int(p[2]), int(p[3])) for p in parsed[1:]] == \
        [(r["agent"], r["interactions"], r["sampled"], r["reviewed"]) for r in rows]
    path = os.path.join(TMP, "coverage.csv")
    rc, out, err = run("report", "coverage", *PERIOD, "--format", "csv", "--output", path, "--database", DB)
    assert rc == 0 and out == "", (rc, out, err)
    with open(path, newline="") as f:
        assert list(csv.reader(f)) == parsed


@test
def leniency_pdf_holds_every_figure():
    setup()
    rows = json.loads(run("leniency", *PERIOD, "--json", "--database", DB)[1])
    assert rows
    pdf = os.path.join(TMP, "leniency.pdf")
    rc, out, err = run("leniency", *PERIOD, "--format", "pdf", "--output", pdf, "--database", DB)
    assert rc == 0, err
    rendered_pages_not_blank(pdf)
    text = squash(pdf_text(pdf))
    for r in rows:
        def signed(v):
            return "—" if v is None else f"{v:+.1f}"
        line = f'{r["reviewer"]} {signed(r["leniency"])} {signed(r["low"])} {signed(r["high"])} ' \
               f'{r["agents"]} {r["evaluations"]}'
        assert line in text, line


@test
def gaps_pdf_holds_every_cell():
    setup()
    rc, out, err = run("report", "gaps", "--json", "--database", DB)
    assert rc == 0, err
    report = json.loads(out)
    cells = report["cells"]
    assert len(cells) > 100, len(cells)      # a heatmap that runs over pages
    pdf = os.path.join(TMP, "gaps.pdf")
    rc, out, err = run("report", "gaps", "--format", "pdf", "--output", pdf, "--database", DB)
    assert rc == 0, err
    n = rendered_pages_not_blank(pdf)
    text = squash(pdf_text(pdf))
    assert "Gaps to target" in text and "Period: all time" in text and "By: agent" in text
    # Each cell's figures, as the table prints them (names may wrap, so the
    # figures are matched as one run; a run may repeat, so they are counted).
    from collections import Counter
    want = Counter()
    for c in cells:
        if c["mean"] is None:
            want[f'{c["n"]} {100 * c["na_rate"]:.1f}% — {c["target"]:.1f} — —'] += 1
        else:
            want[f'{c["n"]} {100 * c["na_rate"]:.1f}% {c["mean"]:.1f} {c["target"]:.1f} {c["gap"]:+.1f} '
                 f'{c["gap_x_weight"]:+.1f}'] += 1
    for run_, k in want.items():
        assert text.count(run_) >= k, (run_, k, text.count(run_))
    for page in range(1, n + 1):
        assert f"Page {page} of {n}" in pdf_text(pdf, page), (page, n, pdf_text(pdf, page)[-300:])
    # The heatmap is drawn (its description says what it shows) before the table.
    assert text.index("Heatmap of criterion mean by agent") < text.index("Every cell")
    # --csv and --format csv --output agree.
    rc, csv_out, err = run("report", "gaps", "--csv", "--database", DB)
    path = os.path.join(TMP, "gaps.csv")
    rc2, out, err = run("report", "gaps", "--format", "csv", "--output", path, "--database", DB)
    assert rc == rc2 == 0, err
    with open(path, newline="") as f:
        assert f.read().replace("\r\n", "\n") == csv_out


def every_page_numbered(pdf):
    n = rendered_pages_not_blank(pdf)
    for page in range(1, n + 1):
        assert f"Page {page} of {n}" in pdf_text(pdf, page), (page, n)
    return n


def write_pdf(name, *args):
    pdf = os.path.join(TMP, name)
    rc, out, err = run(*args, "--format", "pdf", "--output", pdf, "--database", DB)
    assert rc == 0, err
    assert re.search(r"\d+ pages?", out), out
    every_page_numbered(pdf)
    return squash(pdf_text(pdf))


def csv_of(*args):
    """--format csv on standard output and with --output: RFC 4180 rows, the same."""
    p = subprocess.run([KAIZENCTL, *args, "--format", "csv", "--database", DB], capture_output=True, env=ENV,
                       timeout=300)
    assert p.returncode == 0, p.stderr
    parsed = list(csv.reader(io.StringIO(p.stdout.decode("utf-8"), newline="")))
    path = os.path.join(TMP, "out.csv")
    rc, out, err = run(*args, "--format", "csv", "--output", path, "--database", DB)
    assert rc == 0 and out == "", (rc, out, err)
    with open(path, newline="") as f:
        assert list(csv.reader(f)) == parsed
    return p.stdout, parsed


def count_runs(text, runs):
    """Each figure run appears at least as often as the report has it."""
    from collections import Counter
    for run_, k in Counter(runs).items():
        assert text.count(run_) >= k, (run_, k, text.count(run_))


def signed1(v):
    return "—" if v is None else f"{v:+.1f}"


@test
def principles_pdf_and_csv():
    setup()
    rows = json.loads(run("report", "principles", "--json", "--database", DB)[1])
    assert rows
    text = write_pdf("principles.pdf", "report", "principles")
    assert "Scores per CX principle" in text and "Period: all time" in text
    count_runs(text, [f'{"—" if r["score"] is None else format(r["score"], ".1f")} {r["weight"]:g} '
                      f'{r["answers"]} {r["evaluations"]}' for r in rows])
    for r in rows:
        assert r["title"] in text, r["title"]
    assert "Bar chart of score by CX principle" in text
    raw, parsed = csv_of("report", "principles")
    assert parsed[0] == ["Principle", "Score", "Weight", "Answers", "Evaluations"], parsed[0]
    assert [(p[0], int(p[3]), int(p[4])) for p in parsed[1:]] == \
        [(r["title"], r["answers"], r["evaluations"]) for r in rows]


def impact_args():
    """Six agents with the most answers on correct-solution, said to be
    coached on 2026-10-01: enough both sides for an effect in the demo."""
    import sqlite3
    cells = json.loads(run("report", "gaps", "--json", "--database", DB)[1])["cells"]
    top = sorted((c for c in cells if c["criterion"] == "correct-solution"), key=lambda c: (-c["n"], c["agent_id"]))
    with sqlite3.connect(DB) as db:
        emails = [db.execute("SELECT email FROM person_emails WHERE person_id = ? AND position = 0",
                             (c["agent_id"],)).fetchone()[0] for c in top[:6]]
    return ["report", "impact", "--criterion", "correct-solution", "--date", "2026-10-01", "--window", "45",
            "--min", "1", "--coached", ",".join(emails)]


@test
def impact_pdf_holds_sentence_figures_method_chart():
    setup()
    args = impact_args()
    rc, out, err = run(*args, "--json", "--database", DB)
    assert rc == 0, err
    r = json.loads(out)
    assert r["kind"] == "effect", r
    text = write_pdf("impact.pdf", *args)
    assert "Did coaching work?" in text and "Criterion: correct-solution" in text and "Coaching date: 2026-10-01" in text
    assert squash(r["summary"]) in text, r["summary"]
    for label, value in (("Effect (points)", f'{r["effect"]:+.2f}'), ("95% low", f'{r["low"]:+.2f}'),
                         ("95% high", f'{r["high"]:+.2f}'), ("Degrees of freedom", f'{r["df"]:.1f}'),
                         ("Coached agents", str(r["n_coached"])), ("Compared agents", str(r["n_comparison"])),
                         ("Hedges' g", f'{r["hedges_g"]:.2f}'),
                         ("Coached, before", f'{r["pre_coached"]:.2f}'), ("Coached, after", f'{r["post_coached"]:.2f}'),
                         ("Compared, before", f'{r["pre_comparison"]:.2f}'),
                         ("Compared, after", f'{r["post_comparison"]:.2f}')):
        assert f"{label} {value}" in text, (label, value)
    if r["rtm_expected"] is not None:
        assert f'regression to the mean (points) {r["rtm_expected"]:+.2f}' in text
    assert "Method" in text and "difference in differences" in text
    # The before/after chart of both groups, as a screen reader says it.
    assert "Line chart of mean score on the criterion before and after" in text and "(Coached, Compared)" in text
    raw, parsed = csv_of(*args)
    assert parsed[0] == ["Figure", "Value"] and parsed[1] == ["Effect (points)", f'{r["effect"]:+.2f}'], parsed[:2]


@test
def calibration_report_pdf_and_csv():
    setup()
    rc, out, err = run("calibration", "report", "1", "--json", "--database", DB)
    assert rc == 0, err
    r = json.loads(out)
    text = write_pdf("calibration.pdf", "calibration", "report", "1")
    assert "Calibration session" in text and f'Lead: {r["lead"]}' in text and f'Evaluations: {r["evaluations"]}' in text
    t = r["total"]
    alpha = "—" if t["alpha"] is None else f'{t["alpha"]:.3f}'
    assert f"Krippendorff's α {alpha} (interval)" in text and f'over {t["units"]} units' in text
    def agreement(a):
        al = "—" if a["alpha"] is None else f'{a["alpha"]:.3f}'
        raw = "—" if a["raw_agreement"] is None else f'{100 * a["raw_agreement"]:.1f}%'
        return f'{a["metric"]} {al} {raw} {a["units"]}'
    count_runs(text, [agreement(c) for c in r["criteria"]])
    for v in r["reviewers"]:
        assert v["reviewer"] in text
        if v["alignment"] is not None:
            assert f'{100 * v["alignment"]:.1f}% {signed1(v["bias"])} {v["units"]}' in text, v
        else:
            assert f'{signed1(v["bias"])} {v["units"]}' in text, v
    assert "Bar chart of each reviewer's bias against the consensus" in text
    raw, parsed = csv_of("calibration", "report", "1")
    assert [p[0] for p in parsed[1:]] == [c["criterion"] for c in r["criteria"]]


@test
def calibration_trends_pdf_and_csv():
    setup()
    r = json.loads(run("calibration", "trends", "--json", "--database", DB)[1])
    assert r["reviewers"] and r["least_agreement"]
    text = write_pdf("trends.pdf", "calibration", "trends")
    assert "Calibration trends" in text and f'Closed sessions: {r["sessions"]}' in text
    for v in r["reviewers"]:
        assert f'{v["reviewer"]} {v["sessions"]} {signed1(v["mean_bias"])} {signed1(v["drift_per_30_days"])}' in text, v
        for p in v["bias_by_session"]:
            assert f'{v["reviewer"]} {p["session"]} {p["closed"][:10]} {signed1(p["bias"])}' in text, p
    count_runs(text, [f'{c["metric"]} {c["sessions"]} {c["alpha"]:.3f} {100 * c["raw_agreement"]:.1f}% {c["units"]}'
                      for c in r["least_agreement"]])
    assert "Bar chart of each reviewer's mean bias" in text
    raw, parsed = csv_of("calibration", "trends")
    assert [(p[0], int(p[1])) for p in parsed[1:]] == [(v["reviewer"], v["sessions"]) for v in r["reviewers"]]


@test
def disputes_pdf_and_csv():
    setup()
    rows = json.loads(run("disputes", "list", "--json", "--database", DB)[1])
    assert rows
    text = write_pdf("disputes.pdf", "disputes", "list")
    assert f"Count: {len(rows)}" in text
    for d in rows:
        assert f'{d["id"]} {d["raised"][:10]} {d["evaluation"]} {d["revision"]}' in text, d
        assert d["agent"] in pdf_raw_text(os.path.join(TMP, "disputes.pdf")), d["agent"]
        # A criterion and its resolution, in that order; the cell may wrap
        # between them (layout text then puts other columns in between).
        for c in d["criteria"]:
            flat = text.replace("- ", "-")
            at = flat.find(c["criterion"])
            assert at >= 0 and f'({c["resolution"]})' in flat[at:at + 200], c
    raw, parsed = csv_of("disputes", "list")
    assert [(int(p[0]), int(p[2]), p[4], p[5]) for p in parsed[1:]] == \
        [(d["id"], d["evaluation"], d["agent"], d["state"]) for d in rows]


def hidden_answers(round_id, question, team_id):
    """The answers behind a cell, straight from the database."""
    import sqlite3
    with sqlite3.connect(DB) as db:
        if team_id is None or team_id < 0:
            q = "SELECT value FROM survey_answers WHERE round_id = ? AND question_id = ? AND team_id IS NULL"
            args = (round_id, question)
        else:
            q = "SELECT value FROM survey_answers WHERE round_id = ? AND question_id = ? AND team_id = ?"
            args = (round_id, question, team_id)
        return [v for (v,) in db.execute(q + " AND value IS NOT NULL", args)]


@test
def survey_results_pdf_keeps_suppression():
    setup()
    rc, out, err = run("survey", "results", "1", "--by", "team", "--json", "--database", DB)
    assert rc == 0, err
    r = json.loads(out)
    shown = [c for c in r["cells"] if c["suppressed"] is None]
    hidden = [c for c in r["cells"] if c["suppressed"] is not None]
    assert shown and {c["suppressed"] for c in hidden} == {"few", "difference"}, {c["suppressed"] for c in hidden}
    text = write_pdf("survey.pdf", "survey", "results", "1", "--by", "team")
    assert "Survey results" in text and f'Smallest group shown (k): {r["k"]}' in text
    def fig(v):
        return "—" if v is None else f"{v:.2f}"
    count_runs(text, [f'{c["n"]} {fig(c.get("mean"))} {fig(c.get("mean_low"))} {fig(c.get("mean_high"))} yes'
                      for c in shown])
    assert text.count("— — — — suppressed:") == len(hidden)
    count_runs(pdf_raw_text(os.path.join(TMP, "survey.pdf")), ["— — — — suppressed: " + c["reason"] for c in hidden])
    # What a withheld cell would have said is nowhere on paper: its n with
    # its mean, computed here from the answers themselves.
    checked = 0
    for c in hidden:
        values = hidden_answers(r["round"], c["question"], c["team_id"])
        if values:
            n, mean = len(values), sum(values) / len(values)
            assert f"{n} {mean:.2f}" not in text, (c, n, mean)
            checked += 1
    assert checked >= len(hidden) // 2, (checked, len(hidden))
    # The whole round's scores as a chart.
    assert "Bar chart of whole-round score (0–100) by question" in text
    # Its description names the highest and lowest whole-round score (the
    # mean put on 0–100 by the question's scale, as the JSON gives it).
    whole = [c for c in shown if c["team_id"] is None and "score" in c]
    top = max(whole, key=lambda c: c["score"])
    low = min(whole, key=lambda c: c["score"])
    assert f'highest {top["question"]} {top["score"]:.1f}, lowest {low["question"]} {low["score"]:.1f}' in text, \
        (top, low)
    # --format csv is the CSV --csv prints (suppressed cells without numbers).
    p = subprocess.run([KAIZENCTL, "survey", "results", "1", "--by", "team", "--csv", "--database", DB],
                       capture_output=True, env=ENV, timeout=300)
    raw, parsed = csv_of("survey", "results", "1", "--by", "team")
    assert raw == p.stdout
    header = parsed[0]
    assert len(parsed) - 1 == len(r["cells"])
    for row, c in zip(parsed[1:], r["cells"]):
        rec = dict(zip(header, row))
        if c["suppressed"]:
            assert rec["suppressed"] == c["suppressed"] and rec["n"] == rec["mean"] == "", rec
        else:
            assert int(rec["n"]) == c["n"], rec
    rc, out, err = run("survey", "results", "1", "--csv", "--format", "pdf", "--output",
                       os.path.join(TMP, "x.pdf"), "--database", DB)
    assert rc == 2 and "disagree" in err, (rc, err)


@test
def enps_pdf_keeps_suppression():
    setup()
    r = json.loads(run("enps", "1", "--json", "--database", DB)[1])
    groups = [r["whole_round"], *r["teams"]]
    text = write_pdf("enps.pdf", "enps", "1")
    assert "Employee Net Promoter Score" in text
    runs, withheld = [], []
    for g in groups:
        if g["suppressed"] is None:
            runs.append(f'{g["enps"]:+.0f} {g["low"]:+.0f} to {g["high"]:+.0f} {g["n"]} {g["promoters"]} '
                        f'{g["passives"]} {g["detractors"]} yes')
        else:
            withheld.append(g)
    count_runs(text, runs)
    count_runs(pdf_raw_text(os.path.join(TMP, "enps.pdf")),
               ["— — — — — — suppressed: " + g["reason"] for g in withheld])
    assert withheld
    enps_q = [c["question"] for c in json.loads(run("survey", "results", "1", "--json", "--database", DB)[1])["cells"]
              if "enps" in c][0]
    assert all(hidden_answers(r["round"], enps_q, g.get("team_id")) for g in withheld)
    for g in withheld:
        values = hidden_answers(r["round"], enps_q, g.get("team_id"))
        if values:
            p = sum(v >= 9 for v in values)
            d = sum(v <= 6 for v in values)
            assert f"{len(values)} {p} {len(values) - p - d} {d}" not in text, g
    assert "Bar chart of eNPS by group" in text
    raw, parsed = csv_of("enps", "1")
    assert len(parsed) - 1 == len(groups)


@test
def format_usage_errors():
    setup()
    for args, why in ((["--format", "pdf"], "needs --output"), (["--format", "xml"], "text, json, csv or pdf"),
                      (["--format", "csv", "--json"], "disagree"),
                      (["--output", os.path.join(TMP, "x.txt")], "--output is for")):
        rc, out, err = run("report", "coverage", *PERIOD, *args, "--database", DB)
        assert rc == 2 and why in err, (args, rc, err)
    # A PDF that cannot be written is a clear error, and nothing is left behind.
    rc, out, err = run("report", "coverage", *PERIOD, "--format", "pdf", "--output", "/nonexistent/dir/x.pdf",
                       "--database", DB)
    assert rc == 1 and "/nonexistent/dir/x.pdf" in err, (rc, err)


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
