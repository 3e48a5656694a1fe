#!/bin/sh
# Check that po/POTFILES.in lists exactly the files that hold translatable
# strings: every source file under model/, cli/ and gui/ that marks a string
# (_(), N_(), C_(), NC_(), Q_(), ngettext or translatable="yes"), plus the data
# files that always carry strings.  Also fail on listed files that do not exist.
#
# Usage: check-potfiles.sh SOURCE_ROOT

set -u

srcdir=${1:-.}
cd "$srcdir" || exit 2

potfiles=po/POTFILES.in
if [ ! -f "$potfiles" ]; then
  echo "missing $potfiles" >&2
  exit 1
fi

tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM

# Listed files: drop comments, blank lines and surrounding spaces.
sed -e 's/#.*//' -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//' "$potfiles" \
  | grep -v '^$' | LC_ALL=C sort -u > "$tmp/listed"

# Files that need to be listed.
{
  find model cli gui -type f \( -name '*.c' -o -name '*.h' \) 2>/dev/null \
    | LC_ALL=C sort \
    | while IFS= read -r f; do
        if grep -Eq '(^|[^A-Za-z0-9_])((N|C|NC|Q)?_|g_d?n?gettext|g_dpgettext2?|ngettext)[[:space:]]*\(' "$f"; then
          echo "$f"
        fi
      done
  find model cli gui -type f -name '*.ui' 2>/dev/null \
    | LC_ALL=C sort \
    | while IFS= read -r f; do
        if grep -Eq "translatable=[\"'](yes|true|1)[\"']" "$f"; then
          echo "$f"
        fi
      done
  find data -maxdepth 1 -type f \
       \( -name '*.desktop.in' -o -name '*.metainfo.xml.in' -o -name '*.gschema.xml' \) \
       2>/dev/null
} | LC_ALL=C sort -u > "$tmp/needed"

status=0

missing=$(LC_ALL=C comm -13 "$tmp/listed" "$tmp/needed")
if [ -n "$missing" ]; then
  echo "Files with translatable strings missing from $potfiles:"
  printf '  %s\n' $missing
  status=1
fi

while IFS= read -r f; do
  if [ ! -f "$f" ]; then
    echo "Listed in $potfiles but does not exist: $f"
    status=1
  fi
done < "$tmp/listed"

if [ "$status" -eq 0 ]; then
  echo "$potfiles lists all $(wc -l < "$tmp/needed") files with translatable strings"
fi
exit $status
