# The joblog on a disk that fills, then frees: each line is in the file
# whole or not at all, the error names the real cause, and --resume never
# misreads a torn line -- once a line cut short after its first byte ("1")
# had the next one glued on and read as seq 13, a job that never ran.
source "$(dirname "$0")/lib.sh"
header=$'Seq\tHost\tStarttime\tJobRuntime\tSend\tReceive\tExitval\tSignal\tCommand\n'
ran() { grep -o 'ran [0-9]*' "$1" | cut -d' ' -f2 | sort -n | tr '\n' ' '; }

# A joblog whose last line was cut short by an earlier run: dropped (and
# said) before anything is appended; its job runs again.
printf '%s1\t:\t1.000\t     0.000\t0\t4\t0\t0\techo ran 1\n3\t:\t1.0' "$header" > "$T/torn"
"$SHOAL" --resume --joblog "$T/torn" 'echo ran {}' ::: 1 2 3 > "$T/out" 2> "$T/err"
expect_eq "$(ran "$T/out")" "2 3 " "jobs run after a torn last line"
expect_contains "$(cat "$T/err")" "dropped its last line, cut short" "the repair is said"
expect_eq "$(awk -F'\t' 'NR > 1 {print $1}' "$T/torn" | sort -n | tr '\n' ' ')" "1 2 3 " "joblog repaired"

# The disk: the joblog fills its page but one byte, the rest is taken.
small_tmpfs 64k
log="$T/disk/log"
prefix=$'101\t:\t1.000\t     0.000\t0\t0\t0\t0\t'
{ printf '%s' "$header$prefix"; head -c $((4095 - ${#header} - ${#prefix} - 1)) /dev/zero | tr '\0' x; echo; } > "$log"
expect_eq "$(stat -c %s "$log")" 4095 "joblog size"
head -c 1M /dev/zero > "$T/disk/filler" 2> /dev/null || true
# Job 1's line tears after one byte, job 2's finds no room, job 3 frees the
# disk first (-j 1: one at a time).
job="[ {} != 3 ] || rm $T/disk/filler; echo ran {}"
set +e
"$SHOAL" -j 1 --resume --joblog "$log" "$job" ::: 1 2 3 > "$T/out" 2> "$T/err"
status=$?
set -e
expect_eq "$status" 255 "exit status when the joblog could not be written"
expect_eq "$(cat "$T/err")" "shoal: cannot write joblog $log: No space left on device" "the real errno"
awk -F'\t' 'NF < 9 || $1 !~ /^[0-9]+$/ || $3 !~ /^[0-9]+\.[0-9]+$/ {exit 1}' <(tail -n +2 "$log") ||
  fail "a torn line in the joblog: $(tail -n +2 "$log" | cut -c1-40)"
expect_eq "$(tail -n +3 "$log" | cut -f1 | tr '\n' ' ')" "3 " "the lines written"
# --resume runs the jobs without a line -- 1 and 2 again, and 13, which never ran.
"$SHOAL" --resume --joblog "$log" 'echo ran {}' ::: $(seq 14) > "$T/out"
expect_eq "$(ran "$T/out")" "1 2 $(seq 4 14 | tr '\n' ' ')" "jobs run by --resume"
expect_nothing_left
