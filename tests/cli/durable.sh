# Durable runs: after shoal itself is killed with SIGKILL mid-run, --resume
# runs exactly the jobs that have no joblog line; --resume-failed also re-runs
# the failed ones; --retry-failed re-runs only the failed ones, as GNU
# parallel does with the same joblog.
source "$(dirname "$0")/lib.sh"
mkfifo "$T/started"
exec 3<>"$T/started"
# Jobs 1-6 end at once (3 and 6 fail); later ones say they started, then hang.
cat > "$T/job" <<SCRIPT
#!/bin/sh
echo "\$1" >> "$T/ran"
[ "\$1" -le 6 ] && exit \$(( \$1 % 3 == 0 ))
echo started > "$T/started"
exec $SLEEP 1000
SCRIPT
chmod +x "$T/job"
"$SHOAL" -j 4 --joblog "$T/log" "$T/job" :::: <(seq 20) &
pid=$!
for _ in 1 2 3 4; do read -r _ <&3; done  # jobs 7-10 are running: 1-6 have their lines
kill -KILL "$pid"
wait "$pid" 2>/dev/null || true
pkill -KILL -f "$MARK" || true  # the hung jobs shoal could not end: it was SIGKILLed
seqs() { awk -F'\t' 'NR>1 {print $1}' "$T/log" | sort -n | tr '\n' ' '; }
expect_eq "$(seqs)" "1 2 3 4 5 6 " "joblog after SIGKILL"
cp "$T/log" "$T/log.after-kill"

# --resume: exactly 7-20, each once.
: > "$T/ran"
"$SHOAL" -j 4 --resume --joblog "$T/log" 'echo' :::: <(seq 20) > "$T/out"
expect_eq "$(sort -n "$T/out" | tr '\n' ' ')" "$(seq 7 20 | tr '\n' ' ')" "jobs --resume ran"
expect_eq "$(seqs)" "$(seq 20 | tr '\n' ' ')" "joblog after --resume"

# --resume-failed: the failed 3 and 6, and the never-run 7-20.
cp "$T/log.after-kill" "$T/log"
"$SHOAL" -j 4 --resume-failed --joblog "$T/log" 'echo' :::: <(seq 20) > "$T/out"
expect_eq "$(sort -n "$T/out" | tr '\n' ' ')" "3 6 $(seq 7 20 | tr '\n' ' ')" "jobs --resume-failed ran"

# --retry-failed: only 3 and 6, with the joblog's commands; GNU parallel agrees.
cp "$T/log.after-kill" "$T/log"
cp "$T/log.after-kill" "$T/plog"
"$SHOAL" --retry-failed --joblog "$T/log" > /dev/null || true
gnu_parallel --retry-failed --joblog "$T/plog" > /dev/null || true
new_lines() { tail -n +8 "$1" | awk -F'\t' '{print $1, $7}' | sort -n | tr '\n' ' '; }
expect_eq "$(new_lines "$T/log")" "3 1 6 1 " "jobs --retry-failed re-ran"
expect_eq "$(new_lines "$T/log")" "$(new_lines "$T/plog")" "same as GNU parallel"
expect_nothing_left
