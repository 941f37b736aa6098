# Killed mid-print or mid-save: a job whose output did not wholly reach
# stdout, or whose --results files are not complete, has no joblog line, so
# --resume runs it again; a --results file is never left cut short under its
# own name.
source "$(dirname "$0")/lib.sh"
size=20000000

# A slow reader: shoal's write blocks once the fifo is full. Output is
# printed only once the job has ended, so when the first megabyte has come
# through, the job is over and its output half printed.
mkfifo "$T/fifo"
exec 4<>"$T/fifo"  # the read end stays open after head has gone
"$SHOAL" --joblog "$T/log" 'head -c {} /dev/zero' ::: $size > "$T/fifo" &
pid=$!
head -c 1000000 <&4 > /dev/null
kill -KILL "$pid"
wait "$pid" 2>/dev/null || true
exec 4<&-
expect_eq "$(tail -n +2 "$T/log")" "" "a joblog line for output not yet printed"
"$SHOAL" --resume --joblog "$T/log" 'head -c {} /dev/zero' ::: $size > "$T/out"
expect_eq "$(wc -c < "$T/out")" "$size" "--resume printed the job again"

# Killed while writing --results: RLIMIT_FSIZE stops shoal (SIGXFSZ, which
# kills it as SIGKILL would) exactly when the stdout file passes 500 KiB.
# The output itself (under 1 MiB) waits in memory, not in a file.
job='head -c {} /dev/zero'
(ulimit -c 0 -f 500 && exec "$SHOAL" --results "$T/res" --joblog "$T/rlog" "$job" ::: 1000000) || true
expect_eq "$(tail -n +2 "$T/rlog")" "" "a joblog line for --results files not complete"
[ ! -e "$T/res/1/1000000/stdout" ] || fail "a cut-short stdout file under its own name: $(wc -c < "$T/res/1/1000000/stdout") bytes"
"$SHOAL" --resume --results "$T/res" --joblog "$T/rlog" "$job" ::: 1000000
expect_eq "$(wc -c < "$T/res/1/1000000/stdout")" 1000000 "--resume saved the job again"
expect_eq "$(find "$T/res" -type f | sed "s|$T/res/||" | sort | tr '\n' ' ')" \
  "1/1000000/seq 1/1000000/stderr 1/1000000/stdout " "only GNU parallel's files are left"
expect_nothing_left
