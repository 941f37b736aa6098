# No ssh is left behind when a run ends, or is ended, while shared
# connections are still logging in. `ssh -f` logs in, binds its socket,
# then forks the master into the background (setsid): from that moment no
# signal to the job's process group reaches it, and only its socket can end
# it. Run under CPU load, when the moments in between last longest.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/lib_sshd.sh"

# Busy loops on every core, named with $MARK: the EXIT trap ends them, and
# they end by themselves if this script is killed.
busy=()
for _ in $(seq "$(nproc)"); do
  sh -c 'while kill -0 "$1" 2>/dev/null; do i=0; while [ $i -lt 20000 ]; do i=$((i + 1)); done; done' \
    "$MARK-busy" $$ &
  busy+=($!)
done

# The run ends (its one job is done) while most masters are logging in.
for run in $(seq 3); do
  "$SHOAL" --ssh "$SSH" -S 'h[1-20]' -j1 echo ::: 1 > "$T/out"
  expect_eq "$(cat "$T/out")" 1 "run $run: the one job"
  expect_no_ssh_left
done

# The same, with the masters' last moments where shoal cannot see them.
# Only h1's master logs in at once; the others wait for $T/gate (their ssh
# is a script that waits first). The one job, on h1, prints more than a
# pipe holds, to a reader that does not read yet: shoal is held in that
# write. Then the gate opens and the reader waits until every master has
# logged in and its `ssh -f` has exited. None of those exits has been
# seen when shoal, let go, ends the run: the masters are up, in the
# background, and unseen.
cat > "$T/ssh_gated" <<SCRIPT
#!/bin/sh
for last; do :; done
case "\$*" in
  *ControlMaster=yes*) [ "\$last" = h1 ] || while [ ! -e "$T/gate" ]; do sleep 0.01; done ;;
esac
exec ssh "\$@"
SCRIPT
chmod +x "$T/ssh_gated"
writing_to_a_pipe() {  # pid: one of its threads (output is written off the loop)
  local wchan
  for wchan in /proc/"$1"/task/*/wchan; do
    [[ "$(cat "$wchan" 2>/dev/null)" == *pipe* ]] && return 0
  done
  return 1
}
masters_logging_in() {  # shoal's pid
  ps --ppid "$1" -o stat=,args= | grep -v '^Z' | grep -q 'ControlMaster=yes'
}
mkfifo "$T/slow_reader"
for run in $(seq 2); do
  rm -f "$T/gate"
  "$SHOAL" --ssh "$T/ssh_gated -F $SSH_CONFIG" -S 'h[1-10]' -j1 'head -c 300000 /dev/zero; echo' ::: 1 \
    > "$T/slow_reader" &
  pid=$!
  {
    for _ in $(seq 1000); do
      writing_to_a_pipe "$pid" && break
      sleep 0.01
    done
    touch "$T/gate"
    for _ in $(seq 1000); do
      masters_logging_in "$pid" || break
      sleep 0.01
    done
    wc -c > "$T/read"
  } < "$T/slow_reader"
  rc=0
  wait "$pid" || rc=$?
  expect_eq "$rc" 0 "run $run: exit status"
  expect_eq "$(cat "$T/read")" 300002 "run $run: the job's output"
  expect_no_ssh_left
done

# shoal is interrupted while masters log in and jobs run: as soon as the
# first ssh has started, or once shoal handles signals and a moment later.
# (Started in the background by a script, shoal finds SIGINT ignored until
# it handles it: an early SIGINT would be lost, not tested.)
handles_term() {  # pid: its caught signals include SIGTERM (15)
  local caught
  caught=$(awk '/^SigCgt/ { print $2 }' "/proc/$1/status" 2>/dev/null) || return 1
  [ -n "$caught" ] && (( (16#$caught >> 14) & 1 ))
}
signals=(TERM HUP TERM TERM INT HUP)
# Under nohup shoal leaves SIGHUP ignored, as it found it.
if (( 16#$(awk '/^SigIgn/ { print $2 }' /proc/$$/status) & 1 )); then
  signals=("${signals[@]/HUP/TERM}")
fi
for run in $(seq ${#signals[@]}); do
  sig=${signals[$((run - 1))]}
  "$SHOAL" --ssh "$SSH" -S 'h[1-10]' -j10 "$SLEEP 10" ::: 1 2 3 > /dev/null 2> "$T/err" &
  pid=$!
  if [ "$run" -le 3 ]; then
    for _ in $(seq 1000); do
      pgrep -f "$SSHD_DIR/ssh_config" > /dev/null && break
      sleep 0.002
    done
  else
    for _ in $(seq 1000); do
      handles_term "$pid" && break
      sleep 0.002
    done
    sleep "0.$((RANDOM % 8))"
  fi
  kill -"$sig" "$pid"
  rc=0
  wait "$pid" || rc=$?
  expect_eq "$rc" $((128 + $(kill -l "$sig"))) "run $run: ended by SIG$sig"
  expect_no_ssh_left
done

kill "${busy[@]}"
wait "${busy[@]}" 2> /dev/null || true

# A socket removed during the run (here by the job itself): its master
# cannot be reached through it any more, and is ended all the same.
mkdir "$T/tmp"
TMPDIR="$T/tmp" "$SHOAL" --ssh "$SSH" -S h1 "rm $T/tmp/shoal-*/*; echo removed" ::: 1 > "$T/out" 2> "$T/err"
expect_eq "$(cat "$T/out")" "removed 1" "the job that removed the socket"
expect_contains "$(cat "$T/err")" "h1: the shared connection's ssh (pid " "what was ended"
expect_contains "$(cat "$T/err")" "had lost its socket" "why"
expect_no_ssh_left
expect_eq "$(ls "$T/tmp")" "" "the run's directory removed"
expect_nothing_left
