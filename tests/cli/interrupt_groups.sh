# What a job started in the background does not outlive a stopped shoal:
# after Ctrl-C, SIGTERM or --halt now, when shoal exits nothing of any
# job's process group is left, also when the job's own shell exited first
# (sh makes a background command ignore SIGINT) or the child ignores TERM.
# The second Ctrl-C (or SIGTERM) kills at once. A run that ends on its own
# leaves a deliberate daemon alone, as GNU parallel does.
#
# Each job writes its background child's pid and its own to files, so the
# check is about exactly those processes.
source "$(dirname "$0")/lib.sh"
mkfifo "$T/started" "$T/stderr"
exec 3<>"$T/started"  # held open: no line is lost between two reads
exec 4<>"$T/stderr"   # shoal's stderr: its messages tell when it has acted

start_shoal() {  # jobs-to-wait-for, then shoal's arguments
  local n=$1; shift
  rm -f "$T/log"
  "$SHOAL" --joblog "$T/log" "$@" 2>&4 &
  shoal_pid=$!
  for _ in $(seq "$n"); do read -r _ <&3; done
}

finish_shoal() {  # expected exit status, what
  set +e; wait "$shoal_pid"; rc=$?; set -e
  expect_eq "$rc" "$1" "exit status $2"
}

# A joblog line is written when a job has ended: waits (up to 10 s) until
# the joblog has N of them.
wait_logged() {
  local i
  for i in $(seq 200); do
    [ "$(tail -n +2 "$T/log" 2>/dev/null | wc -l)" -ge "$1" ] && return 0
    sleep 0.05
  done
  fail "$1 jobs did not end"
}

# sh catches SIGINT: one that comes before it has forked its foreground
# command is put off until that command ends, which here is never. So a
# SIGINT is sent only once the job's shell has its N children.
wait_children() {  # file holding the shell's pid, N
  local pid i
  pid=$(cat "$1")
  for i in $(seq 200); do
    [ "$(wc -w < "/proc/$pid/task/$pid/children")" -ge "$2" ] && return 0
    sleep 0.05
  done
  fail "the shell of $1 did not start its $2 children"
}

expect_gone() {  # file holding a pid, what
  local pid
  pid=$(cat "$1")
  wait_gone "$pid" || fail "$2 (pid $pid) still runs after shoal exited"
}

# shoal reaped the jobs' own shells: none is left a zombie.
expect_reaped() {  # file holding a pid
  local pid state
  pid=$(cat "$1")
  state=$(awk '{ sub(/.*\) /, ""); print $1 }' "/proc/$pid/stat" 2>/dev/null || true)
  [ "$state" != Z ] || fail "job leader $pid left a zombie"
}

# The issue's command, `sleep 30 & sleep 20; wait`, whose background part
# says each TERM it gets (and lives on): how it was ended shows. As sh does
# to any background command, SIGINT is ignored there. The background part
# says it has started once its trap is set: a signal before then would end
# it.
cat > "$T/k" <<SCRIPT
#!/bin/sh
echo \$\$ > "$T/leader.k"
"$T/$MARK-k_bg" &
$SLEEP 1000; wait
SCRIPT
cat > "$T/$MARK-k_bg" <<SCRIPT
#!/bin/sh
trap 'echo TERM >> "$T/termed.k"' TERM
echo \$\$ > "$T/bg.k"
echo started > "$T/started"
while :; do $SLEEP 1000 & wait; done
SCRIPT
# A job whose background child ignores TERM as well.
cat > "$T/b" <<SCRIPT
#!/bin/sh
echo \$\$ > "$T/leader.b"
"$T/$MARK-b_bg" &
exec $SLEEP 1000
SCRIPT
cat > "$T/$MARK-b_bg" <<SCRIPT
#!/bin/sh
trap '' TERM
echo \$\$ > "$T/bg.b"
echo started > "$T/started"
exec $SLEEP 1000
SCRIPT
# A job that ignores SIGINT and SIGTERM itself: it holds shoal until a
# second signal.
cat > "$T/deaf" <<SCRIPT
#!/bin/sh
trap '' INT TERM
echo \$\$ > "$T/leader.deaf"
echo started > "$T/started"
$SLEEP 1000
SCRIPT
# A job that fails once told to, leaving a background sleep.
mkfifo "$T/go"
cat > "$T/d" <<SCRIPT
#!/bin/sh
read -r _ < "$T/go"
$SLEEP 1000 & echo \$! > "$T/bg.d"
echo \$\$ > "$T/leader.d"
exit 1
SCRIPT
chmod +x "$T/k" "$T/$MARK-k_bg" "$T/b" "$T/$MARK-b_bg" "$T/deaf" "$T/d"

# One Ctrl-C, the issue's command as it is typed: the job's shell and its
# foreground sleep die of it; shoal ends the background sleep before it
# exits.
start_shoal 1 "$SLEEP 1000 & echo \$! > $T/bg.{}; echo \$\$ > $T/leader.{}; echo started > $T/started; $SLEEP 1000; wait" ::: i
wait_children "$T/leader.i" 2
kill -INT "$shoal_pid"
read -r said <&4
expect_contains "$said" "interrupted" "shoal's message after SIGINT"
finish_shoal 130 "after one SIGINT"
expect_gone "$T/bg.i" "the background sleep of the issue's command"
expect_reaped "$T/leader.i"
expect_nothing_left

# Two Ctrl-Cs: the first ends job k's shell (its background part lives on)
# while the deaf job keeps shoal running; the second kills both groups at
# once: KILL, no TERM first.
start_shoal 2 -j 2 "$T/{}" ::: k deaf
wait_children "$T/leader.k" 2
kill -INT "$shoal_pid"
read -r said <&4
expect_contains "$said" "interrupted" "shoal's message after the first SIGINT"
wait_logged 1  # job k has ended: only its background part is left of it
running "$(cat "$T/bg.k")" || fail "job k's background part died of the first SIGINT"
kill -INT "$shoal_pid"
finish_shoal 130 "after two SIGINTs"
expect_gone "$T/bg.k" "job k's background part after the second SIGINT"
expect_gone "$T/leader.deaf" "the deaf job after the second SIGINT"
[ ! -e "$T/termed.k" ] || fail "the second SIGINT sent TERM, not KILL, to what job k left"
expect_reaped "$T/leader.k"
expect_reaped "$T/leader.deaf"
expect_nothing_left

# SIGTERM once: the background child ignores it, and shoal's TERM at exit
# too, so it takes the KILL a grace later.
start_shoal 1 "$T/{}" ::: b
kill -TERM "$shoal_pid"
read -r said <&4
finish_shoal 143 "after SIGTERM"
expect_gone "$T/bg.b" "a background child that ignores TERM"
expect_reaped "$T/leader.b"
expect_nothing_left

# SIGTERM twice, as two Ctrl-Cs. Job k's background part says the first
# TERM and lives on; the second kills it without another TERM.
rm -f "$T/termed.k"
start_shoal 2 -j 2 "$T/{}" ::: k deaf
wait_children "$T/leader.k" 2
kill -TERM "$shoal_pid"
read -r said <&4
wait_logged 1
for _ in $(seq 200); do [ -s "$T/termed.k" ] && break; sleep 0.05; done
expect_eq "$(cat "$T/termed.k")" TERM "job k's background part after the first SIGTERM"
running "$(cat "$T/bg.k")" || fail "job k's background part died of the first SIGTERM"
kill -TERM "$shoal_pid"
finish_shoal 143 "after two SIGTERMs"
expect_gone "$T/bg.k" "job k's background part after the second SIGTERM"
expect_gone "$T/leader.deaf" "the deaf job after the second SIGTERM"
expect_eq "$(cat "$T/termed.k")" TERM "TERMs to job k's background part (the second SIGTERM kills)"
expect_nothing_left

# --halt now,fail=1: the failing job's own background sleep, and the
# TERM-deaf background child of the job the halt killed.
start_shoal 1 -j 2 --halt now,fail=1 "$T/{}" ::: b d
echo go > "$T/go"
finish_shoal 1 "with --halt now,fail=1"
expect_gone "$T/bg.b" "the killed job's background child"
expect_gone "$T/bg.d" "the failing job's background sleep"
expect_reaped "$T/leader.b"
expect_reaped "$T/leader.d"
expect_nothing_left

# stdout's reader goes away (`shoal ... | head -1`): shoal stops as if
# interrupted, and what its jobs left ends with it.
mkfifo "$T/out"
"$SHOAL" "$T/{}" ::: b > "$T/out" 2> /dev/null &
shoal_pid=$!
exec 5< "$T/out"
read -r _ <&3
exec 5<&-
finish_shoal 141 "once stdout's reader went away"
expect_gone "$T/bg.b" "a background child that ignores TERM, after stdout's reader went away"
expect_reaped "$T/leader.b"
expect_nothing_left

# A run that ends on its own leaves what a job put in the background.
"$SHOAL" "$SLEEP 1000 > /dev/null 2>&1 & echo \$! > $T/bg.{}" ::: e
running "$(cat "$T/bg.e")" || fail "a daemon left by a job of a normal run was ended"
kill "$(cat "$T/bg.e")"
wait_gone "$(cat "$T/bg.e")" || fail "the daemon did not end on TERM"
expect_nothing_left
