"""kzatspi — what the AT-SPI end-to-end tests share: waiting with a
deadline, walking the accessible tree, clicking and pressing as a user.

GTK 4.8 quirks (../../../shared/guides/testing.md): text is read by
characterCount, list rows have no actions (so they are clicked with the
pointer at their extents), and "showing" is never reported.

SPDX-License-Identifier: GPL-3.0-or-later
"""

import time

import pyatspi
from gi.repository import GLib

DEADLINE = 30.0


def log(*args):
    print('#', *args, flush=True)


def wait_for(what, probe, deadline=DEADLINE):
    """Polls probe() until it returns something truthy, or fails."""
    end = time.monotonic() + deadline
    while True:
        result = probe()
        if result:
            return result
        if time.monotonic() > end:
            raise AssertionError('timed out waiting for ' + what)
        # libatspi learns of new applications and children from signals:
        # let it read them between polls.
        context = GLib.MainContext.default()
        wake = time.monotonic() + 0.1
        while time.monotonic() < wake:
            if not context.iteration(False):
                time.sleep(0.01)


def text_of(acc):
    try:
        t = acc.queryText()
        return t.getText(0, t.characterCount)
    except Exception:
        return None


def walk(acc, depth=0, max_depth=80):
    yield acc
    if depth >= max_depth:
        return
    try:
        n = acc.childCount
    except Exception:
        return
    for i in range(n):
        try:
            child = acc.getChildAtIndex(i)
        except Exception:
            continue
        if child is not None:
            yield from walk(child, depth + 1, max_depth)


def find(root, role=None, name=None):
    for acc in walk(root):
        try:
            if role is not None and acc.getRoleName() != role:
                continue
            if name is not None and acc.name != name and text_of(acc) != name:
                continue
            return acc
        except Exception:
            continue
    return None


def find_app(pid):
    desktop = pyatspi.Registry.getDesktop(0)
    for i in range(desktop.childCount):
        app = desktop.getChildAtIndex(i)
        try:
            if app is not None and app.get_process_id() == pid:
                return app
        except Exception:
            continue
    return None


def has_size(acc):
    try:
        _, _, w, h = acc.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
        return w > 0 and h > 0
    except Exception:
        return False


def inside(acc, outer):
    """TRUE when the middle of @acc lies within @outer on screen."""
    try:
        x, y, w, h = acc.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
        ox, oy, ow, oh = outer.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
    except Exception:
        return False
    cx, cy = x + w // 2, y + h // 2
    return w > 0 and h > 0 and ox <= cx < ox + ow and oy <= cy < oy + oh


def click(acc):
    """A pointer click at the middle of @acc."""
    x, y, w, h = acc.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
    assert w > 0 and h > 0, 'nothing to click: %r has no size' % acc.name
    log('click %r at %d,%d' % (acc.name, x + w // 2, y + h // 2))
    pyatspi.Registry.generateMouseEvent(x + w // 2, y + h // 2, 'b1c')


def press(acc):
    """The accessible action of a button."""
    action = acc.queryAction()
    for i in range(action.nActions):
        if action.getName(i) in ('click', 'activate', 'press'):
            action.doAction(i)
            return
    raise AssertionError('%r has no click action' % acc.name)
