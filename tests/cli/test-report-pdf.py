#!/usr/bin/python3
"""Reports as documents: kaizenctl report … --format csv|pdf.  The PDF
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
        assert dark > 200, (page, dark)
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
