#!/usr/bin/python3
# e2e-draft-crash.py KAIZEN MAKE_DEMO_DB KAIZENCTL — kills the real kaizen
# while a review is half done, and finds the draft there on restart.
#
# As a reviewer would: open the queue, open the first interaction, answer
# the first criterion from the keyboard (the digit keys) and the second
# with the mouse, and — before the draft has had its second to save itself
# — the program is killed with SIGKILL.  Started again on the same
# database, the same interaction shows both answers, and they reach the
# database.  Which rubric, criteria and points to expect is read from the
# rubric files; the queue and the people from kaizenctl, not from the app.
#
# Run by run-e2e.sh inside its own D-Bus session, under Xvfb.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

import pyatspi

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kzatspi import DEADLINE, click, find, find_app, has_size, log, press, text_of, wait_for, walk  # noqa: E402

NS = '{https://kaizen-qa.org/ns/rubric/1}'
APP_ID = 'io.github.KaizenQA.Kaizen'


def rubric_criteria(path):
    """[(id, title, [(point label, value)])] of the rubric's criteria, in order."""
    root = ET.parse(path).getroot()

    def points(scale):
        return [(p.get('label'), float(p.get('value'))) for p in scale.iter(NS + 'point')]
    scales = {s.get('id'): points(s) for s in root.iter(NS + 'scale') if s.get('id')}
    out = []
    for c in root.iter(NS + 'criterion'):
        scale = c.find(NS + 'scale')
        out.append((c.get('id'), c.find(NS + 'title').text.strip(),
                    scales[scale.get('ref')] if scale.get('ref') else points(scale)))
    return out


def on_screen(root, name):
    """An accessible named (or reading) @name that has a size on screen."""
    for acc in walk(root):
        try:
            if (acc.name == name or text_of(acc) == name) and has_size(acc):
                return acc
        except Exception:
            continue
    return None


def answered_label(root):
    """The score header's "N of M answered", as (N, M)."""
    for acc in walk(root):
        try:
            m = re.fullmatch(r'(\d+) of (\d+) answered', text_of(acc) or '')
            if m and has_size(acc):
                return int(m.group(1)), int(m.group(2))
        except Exception:
            continue
    return None


def ctl(kaizenctl, env, *args):
    out = subprocess.run([kaizenctl] + list(args), env=env, check=True, capture_output=True, text=True).stdout
    return out


def drafts_of(kaizenctl, env, db, reviewer_name, interaction):
    """Answers of the reviewer's draft of @interaction in the database."""
    listed = json.loads(ctl(kaizenctl, env, 'evaluation', 'list', '--database', db, '--json'))
    for ev in listed:
        if ev['state'] != 'draft' or ev['reviewer'] != reviewer_name:
            continue
        shown = json.loads(ctl(kaizenctl, env, 'evaluation', 'show', str(ev['id']), '--database', db, '--json'))
        if shown['interaction'] == interaction:
            return {a['criterion']: a['answer'] for a in shown['answers']}
    return None


def open_review(kaizen, db, env, subject):
    """Starts kaizen, opens @subject from the queue; the process and window."""
    proc = subprocess.Popen([kaizen, '--database', db], env=env)
    app = wait_for('kaizen on the accessibility bus', lambda: find_app(proc.pid))
    frame = wait_for('the main window', lambda: find(app, role='frame', name='Kaizen'))
    # The window opens on the queue (the page it showed last): a click on
    # a page still crossfading in would land on the one going out.
    table = wait_for('the queue on screen', lambda: on_screen(frame, 'Review queue'))
    row = wait_for('the interaction in the queue', lambda: on_screen(table, subject))
    x, y, w, h = row.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
    log('double click %r' % subject)
    pyatspi.Registry.generateMouseEvent(x + w // 2, y + h // 2, 'b1d')
    wait_for('the review form', lambda: answered_label(frame))
    return proc, frame


def main():
    kaizen, make_demo_db, kaizenctl = sys.argv[1], sys.argv[2], sys.argv[3]
    rubrics_dir = os.environ['KAIZEN_RUBRICS_DIR']

    tmp = tempfile.mkdtemp(prefix='kaizen-e2e-crash-')
    env = dict(os.environ)
    for d in ('XDG_CONFIG_HOME', 'XDG_DATA_HOME', 'XDG_CACHE_HOME', 'XDG_STATE_HOME'):
        env[d] = os.path.join(tmp, d.lower())
        os.makedirs(env[d])
    env['XDG_RUNTIME_DIR'] = os.path.join(tmp, 'runtime')
    os.makedirs(env['XDG_RUNTIME_DIR'], mode=0o700)
    # Settings that last from one run of kaizen to the next: who you are.
    env['GSETTINGS_BACKEND'] = 'keyfile'
    # Drafts save themselves a minute after the last change here, not a
    # second: what the kill interrupts is certainly not in the database.
    env['KAIZEN_AUTOSAVE_DELAY_MS'] = '60000'
    env.pop('NO_AT_BRIDGE', None)
    env.pop('GTK_A11Y', None)
    procs = []

    try:
        db = os.path.join(tmp, 'demo.db')
        subprocess.run([make_demo_db, db], check=True, env=env)
        reviewer = json.loads(ctl(kaizenctl, env, 'person', 'list', '--role', 'reviewer', '--database', db,
                                  '--json'))[0]
        email = reviewer['emails'][0]
        ctl(kaizenctl, env, 'sample', '--database', db, '--from', '2000-01-01', '--to', '2100-01-01',
            '--per-agent', '1', '--seed', '5', '--reviewer', email)
        queue = json.loads(ctl(kaizenctl, env, 'queue', '--database', db, '--reviewer', email, '--json'))
        # One nobody has started on: the form opens empty, the focus on the
        # first criterion.
        found = {row['id']: row for row in json.loads(ctl(kaizenctl, env, 'search', '--database', db,
                                                          '--limit', '100000', '--json'))['results']}
        fresh = [row for row in queue if found[row['id']]['evaluations'] == 0]
        assert fresh, 'nothing untouched in the queue'
        target = fresh[0]
        rubric = 'email-support.xml' if target['channel'] == 'email' else 'phone-support.xml'
        (first_id, first_title, first_points), (second_id, second_title, second_points) = \
            rubric_criteria(os.path.join(rubrics_dir, rubric))[:2]
        log('reviewing %r (%s) as %s: %r then %r' % (target['subject'], target['channel'], reviewer['name'],
                                                     first_title, second_title))
        subprocess.run(['gsettings', 'set', APP_ID, 'current-person', str(reviewer['id'])], env=env, check=True)
        subprocess.run(['gsettings', 'set', APP_ID, 'last-page', 'queue'], env=env, check=True)

        # --- the first run: half a review, then SIGKILL ---------------------
        proc, frame = open_review(kaizen, db, env, target['subject'])
        procs.append(proc)
        done, total = answered_label(frame)
        assert done == 0, 'a fresh review starts with nothing answered'
        # The workspace puts the focus on the first criterion: key "2" is
        # its second point.
        pyatspi.Registry.generateKeyboardEvent(ord('2'), None, pyatspi.KEY_SYM)
        wait_for('1 of %d answered' % total, lambda: answered_label(frame) == (1, total))
        second = wait_for('the second criterion', lambda: on_screen(frame, second_title))
        click(wait_for('its first point, %r' % second_points[0][0], lambda: on_screen(second, second_points[0][0])))
        wait_for('2 of %d answered' % total, lambda: answered_label(frame) == (2, total))
        # Before the draft's second to save itself is up.
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=DEADLINE)
        log('killed kaizen with SIGKILL')

        stored = drafts_of(kaizenctl, env, db, reviewer['name'], target['id'])
        assert stored is None, 'the database had the draft already: %r' % stored
        log('the database has no draft of it; the journal has the answers')
        journals = os.listdir(os.path.join(env['XDG_STATE_HOME'], 'kaizen', 'drafts'))
        assert len(journals) == 1, 'one journal expected, found %r' % journals

        # --- the second run: the draft is there -----------------------------
        # (Saving as usual: a restored draft goes to the database at once.)
        env['KAIZEN_AUTOSAVE_DELAY_MS'] = '1000'
        proc, frame = open_review(kaizen, db, env, target['subject'])
        procs.append(proc)
        wait_for('2 of %d answered again' % total, lambda: answered_label(frame) == (2, total))

        # … and in the database, with the very points chosen; the journal gone.
        want = {first_id: first_points[1][1], second_id: second_points[0][1]}

        def both_stored():
            return drafts_of(kaizenctl, env, db, reviewer['name'], target['id']) == want
        wait_for('the draft in the database: %r' % want, both_stored)
        log('the database has now: %r' % want)
        wait_for('the journal removed',
                 lambda: not os.listdir(os.path.join(env['XDG_STATE_HOME'], 'kaizen', 'drafts')))

        close = wait_for('the Close button', lambda: find(frame, role='push button', name='Close'))
        press(close)
        status = proc.wait(timeout=DEADLINE)
        assert status == 0, 'kaizen exited with %d' % status
        log('kaizen exited cleanly')
    except Exception:
        shot = os.environ.get('KAIZEN_E2E_SCREENSHOT')
        if shot and shutil.which('import'):
            subprocess.run(['import', '-window', 'root', shot], check=False)
        raise
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait(timeout=10)
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == '__main__':
    sys.exit(main())
