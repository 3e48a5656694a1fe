#!/usr/bin/python3
"""Cold start to first frame (scale.md): the app opened on a database of N
evaluations against the same app on 1,000, in the same run.

Each start is a new process.  The app, with KAIZEN_BENCH_FIRST_FRAME set,
prints the monotonic clock at its first painted frame (this script read the
same clock just before starting it) and its resident memory; three seconds
later, when the pages have loaded in the background, its resident and peak
memory again; then it quits.  One start warms the file cache, five are
measured; the median time and the highest peak count.

It draws as the tests do: X11 under Xvfb, GTK's cairo renderer and no GL
(GSK_RENDERER=cairo, GDK_DEBUG=gl-disable), so no software OpenGL stack is
loaded that a desktop with a GPU would not have.

Usage: bench-startup.py KAIZEN KAIZENCTL N [--check] [--keep FILE]
  --check   exit 1 unless N's start is under 0.5 s and its peak under 150 MB
  --keep    use (or make once) FILE as the N-evaluation database
SPDX-License-Identifier: GPL-3.0-or-later
"""
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

TARGET_SECONDS = 0.5
TARGET_MB = 150.0
RUNS = 5          # 3 without --check (the test command's small run)
CHECK = False


def main(argv):
    if "DISPLAY" not in os.environ:
        # Under `meson test --benchmark` without a display: Xvfb and a session bus around us.
        if not shutil.which("xvfb-run") or not shutil.which("dbus-run-session"):
            print("bench-startup: needs a display, or xvfb-run and dbus-run-session", file=sys.stderr)
            return 1
        os.execvp("dbus-run-session", ["dbus-run-session", "--", "xvfb-run", "-a", "-s", "-screen 0 1280x800x24",
                                       sys.executable, *argv])

    kaizen, kaizenctl, n = argv[1], argv[2], int(argv[3])
    global CHECK
    check = CHECK = "--check" in argv
    keep = argv[argv.index("--keep") + 1] if "--keep" in argv else None
    tmp = tempfile.mkdtemp(prefix="kaizen-bench-startup-")
    try:
        small = os.path.join(tmp, "small.db")
        big = keep or os.path.join(tmp, "big.db")
        make(kaizenctl, small, 1000)
        if not os.path.exists(big):
            t = time.monotonic()
            make(kaizenctl, big, n)
            print(f"made the {n}-evaluation database in {time.monotonic() - t:.1f} s")

        base = measure(kaizen, small, tmp)
        report("1,000 evaluations (baseline)", base)
        result = measure(kaizen, big, tmp)
        report(f"{n:,} evaluations", result)
        print(f"ratio: start {result['seconds'] / base['seconds']:.2f}× the baseline's, "
              f"peak memory {result['peak_mb'] / base['peak_mb']:.2f}×")
        ok = result["seconds"] < TARGET_SECONDS and result["peak_mb"] < TARGET_MB
        print(f"target: < {TARGET_SECONDS} s to first frame and < {TARGET_MB:.0f} MB resident: "
              f"{'met' if ok else 'NOT met'}")
        return 0 if ok or not check else 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def make(kaizenctl, path, n):
    p = subprocess.run([kaizenctl, "demo", "--evaluations", str(n), "--seed", "1", "--database", path],
                       capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"bench-startup: kaizenctl demo failed: {p.stderr}")


def start(kaizen, db, tmp):
    env = dict(os.environ)
    # Run from the build folder by hand: its compiled settings schema.
    env.setdefault("GSETTINGS_SCHEMA_DIR", os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(kaizen))),
                                                        "data"))
    env.update(KAIZEN_BENCH_FIRST_FRAME="1", KAIZEN_BENCH_SETTLE_MS="3000",
               GSETTINGS_BACKEND="memory", GDK_BACKEND="x11", GSK_RENDERER="cairo", GDK_DEBUG="gl-disable",
               GTK_A11Y="none", XDG_CONFIG_HOME=os.path.join(tmp, "config"),
               XDG_DATA_HOME=os.path.join(tmp, "data"), XDG_CACHE_HOME=os.path.join(tmp, "cache"))
    t0 = time.clock_gettime(time.CLOCK_MONOTONIC)
    p = subprocess.run([kaizen, "--database", db], env=env, capture_output=True, text=True, timeout=120)
    first = settled = None
    for line in p.stdout.splitlines():
        words = line.split()
        if words[:1] == ["first-frame"]:
            first = (int(words[2]) / 1e6 - t0, int(words[4]) / 1024)
        elif words[:1] == ["settled"]:
            settled = (int(words[2]) / 1024, int(words[4]) / 1024)
    if first is None or settled is None:
        sys.exit(f"bench-startup: the app printed no first frame (exit {p.returncode}): {p.stderr[-2000:]}")
    return first, settled


def measure(kaizen, db, tmp):
    start(kaizen, db, tmp)                       # warms the file cache
    runs = [start(kaizen, db, tmp) for _ in range(RUNS if CHECK else 3)]
    return {"seconds": statistics.median(r[0][0] for r in runs),
            "first_mb": max(r[0][1] for r in runs),
            "settled_mb": max(r[1][0] for r in runs),
            "peak_mb": max(r[1][1] for r in runs),
            "all": [round(r[0][0], 3) for r in runs]}


def report(what, r):
    print(f"cold start, {what}: {r['seconds']:.3f} s to first frame (median of {r['all']}), "
          f"resident {r['first_mb']:.0f} MB at first frame, {r['settled_mb']:.0f} MB loaded, "
          f"peak {r['peak_mb']:.0f} MB")


if __name__ == "__main__":
    sys.exit(main(sys.argv))
