#!/usr/bin/env bash
# shoal(1) is made from --help (dist/options.awk): every spelling of every
# option that --help lists is in the man page, under the version that
# --version prints; groff renders it without a warning; and after
# cmake --install, `man shoal` finds it by MANPATH alone.
#
# Needs SHOAL (the built command) and SHOAL_BUILD (its build tree).
set -euo pipefail
: "${SHOAL:?}" "${SHOAL_BUILD:?}"
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
page=$SHOAL_BUILD/dist/shoal.1
[ -f "$page" ] || fail "no $page: the build makes it"

MANWIDTH=200 man --warnings -l "$page" >"$work/page.txt" 2>"$work/warnings" || fail "man -l failed"
[ ! -s "$work/warnings" ] || fail "groff warns: $(head -n 3 "$work/warnings")"
grep -q "^SHOAL(1)" "$work/page.txt" || fail "no SHOAL(1) header"
grep -qF "$("$SHOAL" --version)" "$work/page.txt" || fail "the page does not carry $("$SHOAL" --version)"

# Every option spelling of --help, as the page shows it (", "-separated).
"$SHOAL" --help | grep -oE '^  -[^ ]+' | tr ',' '\n' | sed 's/^ *//' | sort -u >"$work/spellings"
[ "$(wc -l <"$work/spellings")" -gt 100 ] || fail "too few options in --help: $(wc -l <"$work/spellings")"
missing=0
while read -r spelling; do
  grep -qE -- "(^|[ ,])$spelling([ ,]|$)" "$work/page.txt" || { echo "missing: $spelling" >&2; missing=1; }
done <"$work/spellings"
[ "$missing" = 0 ] || fail "options of --help missing from the man page"
# Each description too (the first 40 characters of each).
"$SHOAL" --help | awk '/^  -/ { if (match($0, /[^ ]  +[^ ]/)) print substr($0, RSTART + 1) }' |
  sed 's/^ *//' | cut -c1-40 | head -n 20 >"$work/descriptions"
while read -r d; do
  tr -s ' \n' ' ' <"$work/page.txt" | has -F -- "$d" || fail "description missing: $d"
done <"$work/descriptions"

cmake --install "$SHOAL_BUILD" --prefix "$work/prefix" --component shoal >/dev/null
MANPATH=$work/prefix/share/man man -w shoal | has "^$work/prefix/share/man/man1/shoal.1" ||
  fail "man does not find the installed page"
MANPATH=$work/prefix/share/man MANWIDTH=100 man shoal 2>/dev/null | has -- '--joblog' ||
  fail "man shoal does not show the options"
echo "man_page: ok"
