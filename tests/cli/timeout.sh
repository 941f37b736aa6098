# --timeout ends the job's whole process group, grandchildren that ignore
# TERM included (KILL after the grace period); the joblog says -1 / 15 as
# GNU parallel's does, and the exit status counts the job.
source "$(dirname "$0")/lib.sh"
cat > "$T/stubborn" <<SCRIPT
#!/bin/sh
trap '' TERM
$SLEEP 1000 &
echo \$! > "$T/grandchild"
wait
SCRIPT
chmod +x "$T/stubborn"
set +e
"$SHOAL" --timeout 0.5 --joblog "$T/log" "$T/stubborn" ::: x 2>"$T/err"
rc=$?
set -e
expect_eq "$rc" 1 "exit status"
expect_eq "$(awk -F'\t' 'NR==2 {print $7, $8}' "$T/log")" "-1 15" "joblog Exitval/Signal"
expect_contains "$(cat "$T/err")" "timed out" "message"
[ -s "$T/grandchild" ] || fail "the job did not start its grandchild"
# SIGKILL is delivered asynchronously: give the kernel a moment to finish it.
wait_gone "$(cat "$T/grandchild")" || fail "grandchild survived the timeout"
expect_nothing_left
# Same columns as GNU parallel for the same job.
gnu_parallel --timeout 0.5 --joblog "$T/plog" "sleep {}" ::: 3 2>/dev/null || true
expect_eq "$(awk -F'\t' 'NR==2 {print $7, $8}' "$T/plog")" "-1 15" "GNU parallel's columns"
# The warning for a timed-out job, in GNU parallel's words, on stderr
# before the job's own stderr.
"$SHOAL" --timeout 0.3 'echo e{} >&2; sleep {}' ::: 2 2> "$T/ours.err" || true
gnu_parallel --timeout 0.3 'echo e{} >&2; sleep {}' ::: 2 2> "$T/theirs.err" || true
expect_eq "$(sed 's/^shoal:/parallel:/' "$T/ours.err")" "$(cat "$T/theirs.err")" "the timeout warning"
expect_nothing_left
