#!/bin/sh
# run-e2e.sh SCRIPT KAIZEN MAKE_DEMO_DB — runs the AT-SPI end-to-end test in
# its own D-Bus session, with GTK's accessibility bridge on.
set -eu

if [ -z "${DISPLAY:-}" ]; then
  echo "no display: run under xvfb-run" >&2
  exit 77
fi

unset NO_AT_BRIDGE GTK_A11Y AT_SPI_BUS_ADDRESS || true
export GDK_BACKEND="${GDK_BACKEND:-x11}"
export GSK_RENDERER="${GSK_RENDERER:-cairo}"

if [ -z "${KAIZEN_E2E_INNER:-}" ]; then
  KAIZEN_E2E_INNER=1 exec dbus-run-session -- "$0" "$@"
fi

# Another session on this display (an earlier test's) may have left its
# accessibility bus address on the root window; pin this session's, so the
# test and kaizen meet on the same bus.
AT_SPI_BUS_ADDRESS=$(gdbus call --session --dest org.a11y.Bus --object-path /org/a11y/bus \
                       --method org.a11y.Bus.GetAddress | sed -e "s/^('//" -e "s/',)\$//")
export AT_SPI_BUS_ADDRESS

exec /usr/bin/python3 "$@"
