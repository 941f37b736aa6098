# --halt as GNU parallel: which jobs run and the exit status, for now/soon
# and fail/success/done, counts and percentages.
source "$(dirname "$0")/lib.sh"
cd "$T"
# Job i fails when i is 2 or 4; one job at a time, so the order is certain.
job='sleep 0.{}; case {} in 2|4) exit 7;; esac'
both() {  # halt-spec: runs shoal and GNU parallel, compares statuses and lines
  set +e
  "$SHOAL" -j 1 --halt "$1" --joblog ours "$job" ::: 1 2 3 4 5 6 2>/dev/null; a=$?
  gnu_parallel -j 1 --halt "$1" --joblog theirs "$job" ::: 1 2 3 4 5 6 2>/dev/null; b=$?
  set -e
  expect_eq "$a" "$b" "exit status with --halt $1"
  # Seq and Exitval of the jobs that ran to the end (killed ones may differ in timing).
  finished() { awk -F'\t' 'NR>1 && $8==0 {print $1, $7}' "$1" | sort -n | tr '\n' ' '; }
  expect_eq "$(finished ours)" "$(finished theirs)" "finished jobs with --halt $1"
}
both now,fail=1
both soon,fail=1
both soon,fail=2
both now,success=1
both soon,done=3
both 2
both soon,fail=30%
# now,fail=1 kills the jobs still running: nothing is left behind.
set +e
"$SHOAL" -j 3 --halt now,fail=1 "$SLEEP {}; exit 1" ::: 0.1 100 100 2>/dev/null
rc=$?
set -e
expect_eq "$rc" 1 "exit status of the failing job"
expect_nothing_left
