# A command that does not exist is a job with status error (joblog Exitval
# 127, a one-line message), not a crash; the other jobs still run.
source "$(dirname "$0")/lib.sh"
set +e
out=$("$SHOAL" -k --joblog "$T/log" '{}' ::: true shoal-no-such-cmd-1 "echo ok" 2>"$T/err")
rc=$?
set -e
expect_eq "$rc" 1 "exit status (one job not ok)"
expect_eq "$out" "ok" "the other jobs ran"
expect_contains "$(cat "$T/err")" "shoal: job 2: command not found: shoal-no-such-cmd-1" "message"
expect_eq "$(wc -l < "$T/err")" 1 "one line of error"
expect_eq "$(awk -F'\t' '$1==2 {print $7}' "$T/log")" 127 "joblog Exitval"
