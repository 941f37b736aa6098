# Shared by the behaviour tests: one script per behaviour, each run by CTest
# against the real shoal binary ($SHOAL). Sourced, not run.
set -euo pipefail
: "${SHOAL:?set SHOAL to the shoal binary}"
: "${SHOAL_SOURCE:=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"

T=$(mktemp -d)
# A word that every process a test starts carries in its command line, so
# that anything left behind can be found.
MARK="shoaltest$$x$RANDOM"
trap 'pkill -KILL -f "$MARK" 2>/dev/null || true; rm -rf "$T"' EXIT
# `sleep` under a name carrying $MARK: a job's process keeps its name even
# after a script exec()s it, so a leftover shows up in pgrep -f.
SLEEP="$T/$MARK-sleep"
cp "$(command -v sleep)" "$SLEEP"

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

expect_eq() {  # actual expected what
  [ "$1" == "$2" ] || fail "$3: expected [$2], got [$1]"
}

expect_contains() {  # haystack needle what
  [[ "$1" == *"$2"* ]] || fail "$3: [$2] not found in [$1]"
}

# Every process carrying $MARK must be gone once shoal has returned.
expect_nothing_left() {
  local left
  left=$(pgrep -af "$MARK" | grep -v -e pgrep -e "$$" || true)
  [ -z "$left" ] || fail "processes left behind: $left"
}

# True while PID runs; a zombie (killed, not yet reaped by init) does not.
running() {
  local state
  state=$(awk '{ sub(/.*\) /, ""); print $1 }' "/proc/$1/stat" 2>/dev/null) || return 1
  [ -n "$state" ] && [ "$state" != Z ] && [ "$state" != X ]
}

# Waits up to 10 s for PID to end. A process that is not our child offers no
# event to wait on from a shell, so this polls, with a deadline.
wait_gone() {
  local i
  for i in $(seq 200); do
    running "$1" || return 0
    sleep 0.05
  done
  return 1
}

gnu_parallel() { parallel --will-cite "$@"; }

# The same arguments to shoal and GNU parallel, both with -k: the same
# output (stdout and stderr together), whatever the exit status. A test
# may define its own `same` over this one.
same() {  # what, then the arguments for both
  local what=$1; shift
  local ours theirs
  ours=$("$SHOAL" -k "$@" 2>&1) || true
  theirs=$(gnu_parallel -k "$@" 2>&1) || true
  expect_eq "$ours" "$theirs" "$what"
}

# As `same`, with stdout and stderr compared apart (files in the current
# directory: a test that uses it cd's to $T).
same_apart() {  # what, then the arguments for both
  local what=$1; shift
  "$SHOAL" -k "$@" > ours 2> ours.err || true
  gnu_parallel -k "$@" > theirs 2> theirs.err || true
  expect_eq "$(cat ours)" "$(cat theirs)" "$what: stdout"
  expect_eq "$(cat ours.err)" "$(cat theirs.err)" "$what: stderr"
}

# Full-disk tests: a tmpfs of SIZE (mount's size=) at $T/disk, unmounted at
# exit. Mounting needs root; otherwise the test ends here, skipped, saying so.
small_tmpfs() {
  if [ "$(id -u)" != 0 ] || ! command -v mount > /dev/null; then
    echo "SKIP: full-disk tests need root to mount a tmpfs"
    exit 0
  fi
  mkdir -p "$T/disk"
  mount -t tmpfs -o "size=$1" "$MARK" "$T/disk" || { echo "SKIP: cannot mount a tmpfs"; exit 0; }
  trap 'umount -l "$T/disk" 2>/dev/null; pkill -KILL -f "$MARK" 2>/dev/null || true; rm -rf "$T"' EXIT
}
