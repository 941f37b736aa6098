# Ctrl-C (SIGINT) once: nothing new starts, the running jobs get the signal,
# shoal waits for them, writes their joblog lines and ends by SIGINT.
# Twice: jobs that ignore the first are killed. Nothing is left behind.
source "$(dirname "$0")/lib.sh"
mkfifo "$T/started" "$T/stderr"
exec 3<>"$T/started"  # held open: no line is lost between two reads
exec 4<>"$T/stderr"   # shoal's stderr: its messages tell when it has acted

run_until_started() {  # jobs-to-start, then the command to run
  local n=$1; shift
  "$SHOAL" -j "$n" --joblog "$T/log" "$@" 2>&4 &
  shoal_pid=$!
  # Each job says it started through the fifo; wait for all of them.
  for _ in $(seq "$n"); do read -r _ <&3; done
}

cat > "$T/job" <<SCRIPT
#!/bin/sh
echo started > "$T/started"
exec $SLEEP 1000
SCRIPT
chmod +x "$T/job"
run_until_started 3 "$T/job" ::: 1 2 3 4 5 6
kill -INT "$shoal_pid"
read -r said <&4
expect_contains "$said" "waiting for 3 running" "shoal's message"
set +e; wait "$shoal_pid"; rc=$?; set -e
expect_eq "$rc" 130 "exit status after SIGINT"
expect_eq "$(tail -n +2 "$T/log" | wc -l)" 3 "a joblog line for each started job, none for the rest"
expect_eq "$(awk -F'\t' 'NR>1 {print $8}' "$T/log" | sort -u)" 2 "jobs ended by SIGINT"
expect_nothing_left

# Jobs that ignore SIGINT: the second Ctrl-C kills them.
cat > "$T/deaf" <<SCRIPT
#!/bin/sh
trap '' INT
echo started > "$T/started"
$SLEEP 1000
SCRIPT
chmod +x "$T/deaf"
run_until_started 2 "$T/deaf" ::: 1 2
kill -INT "$shoal_pid"
# Two signals sent back to back may arrive as one: send the second only once
# shoal has said it handled the first.
read -r said <&4
expect_contains "$said" "interrupted" "shoal's message after the first SIGINT"
kill -INT "$shoal_pid"
set +e; wait "$shoal_pid"; rc=$?; set -e
expect_eq "$rc" 130 "exit status after two SIGINTs"
expect_eq "$(awk -F'\t' 'NR>1 {print $8}' "$T/log" | sort -u)" 9 "jobs killed"
expect_nothing_left

# SIGTERM: the same as a first Ctrl-C, ending by SIGTERM.
run_until_started 2 "$T/job" ::: 1 2 3
kill -TERM "$shoal_pid"
read -r said <&4
set +e; wait "$shoal_pid"; rc=$?; set -e
expect_eq "$rc" 143 "exit status after SIGTERM"
expect_eq "$(tail -n +2 "$T/log" | wc -l)" 2 "joblog lines after SIGTERM"
expect_nothing_left
