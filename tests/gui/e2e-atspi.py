#!/usr/bin/python3
# e2e-atspi.py KAIZEN MAKE_DEMO_DB — drives the real kaizen binary through
# AT-SPI, as a user would: open a demo database, go to Rubrics, open a rubric,
# see its criteria, close the window, and check that kaizen exits cleanly.
#
# Run by run-e2e.sh inside its own D-Bus session, under Xvfb with no window
# manager (so the window sits at 0,0).  Expected titles are read from the
# rubric files themselves, not from the program.
#
# GTK 4.8 quirks (../../../shared/guides/testing.md): text is read by
# characterCount, list rows have no actions (so they are clicked with the
# pointer at their extents), and "showing" is never reported.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pyatspi  # noqa: E402
from kzatspi import DEADLINE, click, find, find_app, has_size, inside, log, press, wait_for  # noqa: E402

NS = '{https://kaizen-qa.org/ns/rubric/1}'


def rubric_facts(path):
    root = ET.parse(path).getroot()
    title = root.find(NS + 'title').text.strip()
    criteria = [c.find(NS + 'title').text.strip()
                for c in root.iter(NS + 'criterion')]
    return title, criteria


def main():
    kaizen, make_demo_db = sys.argv[1], sys.argv[2]
    rubrics_dir = os.environ['KAIZEN_RUBRICS_DIR']
    rubric_files = sorted(f for f in os.listdir(rubrics_dir) if f.endswith('.xml'))
    assert rubric_files, 'no rubrics in ' + rubrics_dir
    title, criteria = rubric_facts(os.path.join(rubrics_dir, rubric_files[0]))
    log('rubric', repr(title), 'with', len(criteria), 'criteria')

    tmp = tempfile.mkdtemp(prefix='kaizen-e2e-')
    env = dict(os.environ)
    for d in ('XDG_CONFIG_HOME', 'XDG_DATA_HOME', 'XDG_CACHE_HOME'):
        env[d] = os.path.join(tmp, d.lower())
        os.makedirs(env[d])
    env['XDG_RUNTIME_DIR'] = os.path.join(tmp, 'runtime')
    os.makedirs(env['XDG_RUNTIME_DIR'], mode=0o700)
    env.pop('NO_AT_BRIDGE', None)
    env.pop('GTK_A11Y', None)

    db = os.path.join(tmp, 'demo.db')
    subprocess.run([make_demo_db, db], check=True, env=env)

    proc = subprocess.Popen([kaizen, '--database', db], env=env)
    try:
        app = wait_for('kaizen on the accessibility bus', lambda: find_app(proc.pid))
        frame = wait_for('the main window', lambda: find(app, role='frame', name='Kaizen'))
        log('found', frame.name)

        # The sidebar's "Rubrics" row.
        pages = wait_for('the page list', lambda: find(frame, role='list', name='Pages'))
        rubrics_label = wait_for('the Rubrics row', lambda: find(pages, role='label', name='Rubrics'))
        if not inside(rubrics_label, frame):
            # Below the fold of a long sidebar: as a person would, go to the
            # list's end with the keyboard, which scrolls it into view.
            click(wait_for('the Evaluations row', lambda: find(pages, role='label', name='Evaluations')))
            pyatspi.Registry.generateKeyboardEvent(0xff57, None, pyatspi.KEY_SYM)  # End
            wait_for('the Rubrics row in view', lambda: inside(rubrics_label, frame))
        click(rubrics_label)

        # The library's row for the rubric, then the rubric itself.
        # (Search inside the library's list: the same title is also in the
        # evaluations table, which stays in the tree while hidden.)
        library = wait_for('the rubric library', lambda: find(frame, role='list', name='Rubrics'))
        row_label = wait_for('the rubric in the library',
                             lambda: find(library, role='label', name=title))
        # Only the page on screen has a size, so this waits for the page switch.
        wait_for('the Rubrics page on screen', lambda: has_size(row_label))
        click(row_label)

        # Its criteria are shown (the rubric page builds them only when opened).
        for criterion in (criteria[0], criteria[-1]):
            wait_for('criterion %r' % criterion,
                     lambda: find(frame, role='label', name=criterion))
            log('shown:', criterion)

        # Close the window: the application ends with it.
        close = wait_for('the Close button', lambda: find(frame, role='push button', name='Close'))
        press(close)
        status = proc.wait(timeout=DEADLINE)
        assert status == 0, 'kaizen exited with %d' % status
        log('kaizen exited cleanly')
    except Exception:
        # What the screen showed when it went wrong, if asked for.
        shot = os.environ.get('KAIZEN_E2E_SCREENSHOT')
        if shot and shutil.which('import'):
            subprocess.run(['import', '-window', 'root', shot], check=False)
        raise
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
        shutil.rmtree(tmp, ignore_errors=True)

    return 0


if __name__ == '__main__':
    sys.exit(main())
