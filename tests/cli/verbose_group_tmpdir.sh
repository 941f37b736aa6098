# --verbose/-t (each job's command line on stderr as it starts), --group
# (the default, accepted) and --tmpdir/--tempdir (TMPDIR for shoal and the
# jobs), compared with GNU parallel 20221122.
source "$(dirname "$0")/lib.sh"
cd "$T"
# One job at a time: the command lines come in the order the jobs start.
# (A value with a quote in it is quoted differently: see compatibility.md.)
same_apart "--verbose" -j1 --verbose echo ::: a 'b c' 
same_apart "-t" -j1 -t 'echo {} >&2' ::: x y
same_apart "--group" --group 'echo {}; echo {} >&2' ::: 1 2 3
mkdir spill
same_apart "--tmpdir" --tmpdir "$T/spill" 'echo "$TMPDIR" {}' ::: 1 2
same_apart "--tempdir" --tempdir "$T/spill" 'echo "$TMPDIR"' ::: 1
# Output too big for memory goes to --tmpdir: a job whose output is still
# being written holds its spill file open there (unlinked).
"$SHOAL" --tmpdir "$T/spill" "head -c 3000000 /dev/zero; while [ ! -e $T/go ]; do $SLEEP 0.01; done; : {}" ::: 1 > big &
pid=$!
for i in $(seq 1000); do
  ls -l "/proc/$pid/fd" 2> /dev/null | grep -q "$T/spill/" && break
  sleep 0.01
done
held=$(ls -l "/proc/$pid/fd" 2> /dev/null | grep -c "$T/spill/" || true)
touch "$T/go"
wait "$pid"
[ "$held" -ge 1 ] || fail "--tmpdir: no spill file open in $T/spill"
expect_eq "$(wc -c < big)" 3000000 "--tmpdir: the spilled output whole"
# Bad input: one line, naming it.
set +e
err=$("$SHOAL" --tmpdir "$T/none" echo ::: 1 2>&1); rc=$?
set -e
expect_eq "$rc" 255 "--tmpdir that is not a directory: exit status"
expect_eq "$err" "shoal: --tmpdir: '$T/none' is not a directory (see shoal --help)" "--tmpdir error"
expect_nothing_left
