# --halt's words on stderr, as GNU parallel 20221122 says them with
# "shoal:" for "parallel:": "This job failed:" (succeeded, finished) and the
# job's command for each job that counts, "Starting no more jobs. Waiting
# for N jobs to finish." under soon; and the exit status, also for a
# percentage never reached and a job that timed out.
source "$(dirname "$0")/lib.sh"
cd "$T"
compare() {  # what, then the arguments for both; one job at a time, silent jobs
  local what=$1; shift
  set +e
  "$SHOAL" "$@" 2> ours; a=$?
  gnu_parallel "$@" 2> theirs; b=$?
  set -e
  sed -i 's/^parallel:/shoal:/' theirs
  expect_eq "$(cat ours)" "$(cat theirs)" "stderr with $what"
  expect_eq "$a" "$b" "exit status with $what"
}
for spec in now,fail=1 soon,fail=1 soon,fail=2 now,success=1 soon,success=1 now,done=2 \
            soon,fail=50% soon,success=90% now,done=90% 2 1 -1 -2 50%; do
  compare "--halt $spec" -j1 --halt "$spec" 'exit {}' ::: 0 2 0 1 3 0 0
done

# soon: each job that still counts says how many are left. The first job
# fails once the other two have started; they wait until the first word
# about it is out, then fail together (the same command, so their order
# does not show).
soon_run() {  # program, stderr file
  rm -f go started.*
  set +e
  "$1" -j3 --halt soon,fail=1 \
    'if [ {} = a ]; then while [ "$(ls | grep -c ^started)" -lt 2 ]; do sleep 0.01; done; exit 1; fi
     touch started.$$; while [ ! -e go ]; do sleep 0.01; done; exit 1' \
    ::: a b b 2> "$2" &
  local pid=$! i
  for i in $(seq 1000); do
    grep -q 'Starting no more jobs' "$2" && break
    sleep 0.01
  done
  touch go
  wait "$pid"
  echo "rc=$?" >> "$2"
  set -e
}
soon_run "$SHOAL" ours
soon_run gnu_parallel theirs
sed -i 's/^parallel:/shoal:/' theirs
expect_eq "$(cat ours)" "$(cat theirs)" "stderr with --halt soon and jobs still running"

# A job that timed out counts as failed; fail=1 then exits 255, as GNU
# parallel (its exit value for a timed-out job is -1).
set +e
"$SHOAL" -j1 --timeout 1 --halt now,fail=1 "$SLEEP {}" ::: 30 0 2> ours; a=$?
set -e
expect_eq "$a" 255 "exit status of a timed-out job under --halt now,fail=1"
expect_contains "$(cat ours)" "shoal: This job failed:
$SLEEP 30" "the timed-out job named"
expect_nothing_left
