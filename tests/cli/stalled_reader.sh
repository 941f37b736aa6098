# A reader of shoal's stdout that stops reading (a pager nobody scrolls)
# never freezes shoal: a timeout fires on time, Ctrl-C is heard at once,
# and a second Ctrl-C ends shoal without waiting for the reader. A job
# whose output never reached stdout has no joblog line, so --resume runs it
# again. Every wait below is for an event, with a deadline; none is a
# wall-clock threshold.
source "$(dirname "$0")/lib.sh"
mkfifo "$T/out" "$T/started"
exec 3<>"$T/started"  # held open: no line is lost between two reads
exec 4<>"$T/out"      # the stalled reader: holds the fifo open, never reads

# Up to 60 s for the joblog FILE to hold COUNT job lines (a file gives no
# event a shell can wait on).
wait_for_records() {
  local _
  for _ in $(seq 600); do
    [ "$(tail -n +2 "$1" 2> /dev/null | wc -l)" -ge "$2" ] && return 0
    sleep 0.1
  done
  return 1
}
seqs() { awk -F'\t' 'NR > 1 { print $1 }' "$1" | sort -n | tr '\n' ' '; }
# A second Ctrl-C ends shoal at once, with the status of a SIGINT.
second_interrupt_ends() {  # pid, what was stalled
  local rc
  kill -INT "$1"
  wait_gone "$1" || fail "$2: a second Ctrl-C did not end shoal"
  set +e; wait "$1"; rc=$?; set -e
  expect_eq "$rc" 130 "$2: exit status after two SIGINTs"
}

# 1. --timeout while stdout is stalled: the big job's 2 MB fill the fifo
# (64 KiB) and wait; the slow job is still timed out, and its record (it
# printed nothing) is written before anyone reads.
job='if [ {} = big ]; then head -c 2000000 /dev/zero; else exec '"$SLEEP"' 60; fi'
"$SHOAL" --joblog "$T/log" --timeout 2 "$job" ::: big slow > "$T/out" 2> "$T/err" &
pid=$!
wait_for_records "$T/log" 1 || fail "the timeout did not fire while stdout was stalled"
expect_eq "$(seqs "$T/log")" "2 " "the timed-out job is recorded, the undelivered one is not"
runtime=$(awk -F'\t' 'NR > 1 { print int($4) }' "$T/log")
[ "$runtime" -lt 30 ] || fail "the timed-out job ran ${runtime}s"
expect_eq "$(head -c 2000000 <&4 | wc -c)" 2000000 "the big output, once the reader reads"
set +e; wait "$pid"; rc=$?; set -e
expect_eq "$rc" 1 "exit status with one job timed out"
expect_eq "$(seqs "$T/log")" "1 2 " "both jobs recorded once the output was delivered"
expect_nothing_left

# The same with --line-buffer, whose lines are printed as the job prints.
lines='if [ {} = big ]; then yes | head -c 2000000; else exec '"$SLEEP"' 60; fi'
"$SHOAL" --line-buffer --joblog "$T/log3" --timeout 2 "$lines" ::: big slow > "$T/out" 2> "$T/err" &
pid=$!
wait_for_records "$T/log3" 1 || fail "--line-buffer: the timeout did not fire while stdout was stalled"
expect_eq "$(seqs "$T/log3")" "2 " "--line-buffer: the timed-out job is recorded, the undelivered one is not"
expect_eq "$(head -c 2000000 <&4 | tr -d 'y\n' | wc -c)" 0 "--line-buffer: the big output, once read"
set +e; wait "$pid"; rc=$?; set -e
expect_eq "$rc" 1 "--line-buffer: exit status with one job timed out"
expect_eq "$(seqs "$T/log3")" "1 2 " "--line-buffer: both jobs recorded once the output was delivered"
expect_nothing_left

# 2. Ctrl-C while stdout is stalled. Job 1's output waits for the reader;
# jobs 2 and 3 run. The first SIGINT stops new starts and reaches the jobs
# (their records come at once: they printed nothing); shoal then waits for
# job 1's output; the second SIGINT ends it without waiting.
cat > "$T/job" << SCRIPT
#!/bin/sh
[ "\$1" = 1 ] && exec head -c 2000000 /dev/zero
if [ ! -e "$T/fast" ]; then
  echo started > "$T/started"
  exec $SLEEP 1000
fi
echo "\$1"
SCRIPT
chmod +x "$T/job"
"$SHOAL" -j2 --joblog "$T/log2" "$T/job" ::: 1 2 3 4 5 6 > "$T/out" 2> "$T/err2" &
pid=$!
# Job 3 starts only once job 1 has ended: its output is waiting by then.
read -r -t 60 _ <&3 || fail "job 2 did not start"
read -r -t 60 _ <&3 || fail "job 3 did not start while job 1's output was stalled"
kill -INT "$pid"
wait_for_records "$T/log2" 2 || fail "Ctrl-C was not acted on while stdout was stalled"
# Once the jobs (and what they left behind) have ended, shoal says it waits
# for the reader.
for _ in $(seq 600); do
  grep -q "waiting for the output to be read" "$T/err2" && break
  sleep 0.1
done
expect_contains "$(cat "$T/err2")" "waiting for the output to be read" "shoal's word after the jobs ended"
running "$pid" || fail "shoal did not wait for job 1's output after one Ctrl-C"
second_interrupt_ends "$pid" "stdout stalled"
expect_eq "$(seqs "$T/log2")" "2 3 " "no job started after Ctrl-C; none recorded undelivered"
exec 4<&-
touch "$T/fast"
"$SHOAL" -j2 --resume --joblog "$T/log2" "$T/job" ::: 1 2 3 4 5 6 > "$T/resumed"
expect_eq "$(wc -c < "$T/resumed")" 2000006 "--resume printed job 1 and the jobs never started"
expect_eq "$(tr -d '\0' < "$T/resumed" | sort | tr '\n' ' ')" "4 5 6 " "the jobs never started"
expect_eq "$(seqs "$T/log2")" "1 2 3 4 5 6 " "every job recorded once"
expect_nothing_left

# 3. stderr into the same stalled reader (`2>&1 | pager`): shoal's own word
# after a Ctrl-C must not hold up the loop either, or the second Ctrl-C is
# never heard (it was not: shoal hung in write() until the reader read).
mkfifo "$T/both"
exec 5<>"$T/both"  # a reader of stdout and stderr that never reads
big_then_sleep='if [ {} = 1 ]; then head -c 2000000 /dev/zero; else echo started > '"$T/started"'; exec '"$SLEEP"' 1000; fi'
# -j1: job 2 starts only once job 1 has ended, its output waiting for the
# reader (a SIGINT before then could cut job 1 short enough to fit the fifo,
# and shoal would rightly end at the first one).
"$SHOAL" -j1 --joblog "$T/log4" "$big_then_sleep" ::: 1 2 > "$T/both" 2>&1 &
pid=$!
read -r -t 60 _ <&3 || fail "job 2 did not start"
kill -INT "$pid"
wait_for_records "$T/log4" 1 || fail "2>&1 stalled: Ctrl-C was not acted on"
second_interrupt_ends "$pid" "2>&1 stalled"
expect_eq "$(seqs "$T/log4")" "2 " "2>&1 stalled: the undelivered job has no record"
exec 5<&-
expect_nothing_left
