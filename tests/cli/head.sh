# `shoal ... | head -1` ends quietly once head is gone: no error message, the
# still-running jobs are ended, and shoal exits the way a filter does (SIGPIPE).
source "$(dirname "$0")/lib.sh"
set +e
# Jobs 1 and 2 print at once; 3 and 4 would run for ever.
printf '#!/bin/sh\necho $1\n[ $1 -le 2 ] || exec %s 1000\n' "$SLEEP" > "$T/job"
chmod +x "$T/job"
first=$("$SHOAL" -j 4 -k "$T/job" ::: 1 2 3 4 2>"$T/err" | head -1)
status=("${PIPESTATUS[@]}")
set -e
expect_eq "$first" 1 "first line"
expect_eq "$(cat "$T/err")" "" "stderr"
expect_eq "${status[0]}" 141 "shoal's exit status (SIGPIPE)"
expect_nothing_left
# Lots of output, lots of jobs: still quiet.
set +e
seq 100000 | "$SHOAL" -j 8 echo 2>"$T/err2" | head -1 >/dev/null
set -e
expect_eq "$(cat "$T/err2")" "" "stderr with many jobs"
