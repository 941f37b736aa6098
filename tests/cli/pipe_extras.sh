# --pipe's extras, each beside GNU parallel 20221122: --cat and --fifo (the
# block in a temporary file / a named pipe, {} its name, appended when not
# given; with --pipe and --pipepart), --remove-rec-sep/--rrs, and
# --skip-first-line (stdin with --pipe, else the first input source). The
# temporary files are gone once shoal ends: normally, after a retry, after
# Ctrl-C and after SIGTERM (also with a --fifo job that never opens its fifo).
source "$(dirname "$0")/lib.sh"
cd "$T"
mkdir tmp
# stdin from a file for both; shoal keeps its temporary files in tmp/.
same_in() {  # input file, what, then the arguments for both
  local input=$1 what=$2; shift 2
  local ours theirs
  ours=$("$SHOAL" --tmpdir "$T/tmp" -k "$@" < "$input" 2>&1) || true
  theirs=$(gnu_parallel -k "$@" < "$input" 2>&1) || true
  expect_eq "$ours" "$theirs" "$what"
}
seq 10 > ten
printf 'a\nb\nc\nd\n' > four
printf 'h\nH\na\nb\nc\n' > headed
printf 'xAy\nxBy\nxCy\n' > xy
printf 'x,y\nA,B\n1,2\n' > table

same_in ten "--cat: the block in {}, stdin empty" --pipe --cat -N3 'echo {#}; wc -l < {}; cat | wc -c'
same_in ten "--cat alone means --pipe" --cat -N3 'wc -l < {}'
same_in ten "--cat: {} appended" --cat -N3 cat
same_in ten "--fifo: the block through {}" --pipe --fifo -N3 'wc -l < {}; cat | wc -c'
same_in ten "--fifo: the job's exit status" --fifo -N3 'wc -c < {}; exit 3'
set +e
"$SHOAL" --tmpdir "$T/tmp" --fifo -N3 'cat {} > /dev/null; exit {#}' < ten; ours=$?
gnu_parallel --fifo -N3 'cat {} > /dev/null; exit {#}' < ten; theirs=$?
set -e
expect_eq "$ours" "$theirs" "--fifo: exit status of the run"
same_in /dev/null "--pipepart --cat" --pipepart -a four --block 4 --cat 'wc -c < {}; cat {}'
same_in /dev/null "--pipepart --fifo" --pipepart -a four --block 4 --fifo 'cat {}'
same_in /dev/null "--pipepart --cat --header" --pipepart -a headed --header 1 --block 4 --cat 'cat {}'

same_in four "--rrs" --pipe -N2 --rrs 'od -c'
same_in four "--remove-rec-sep" --pipe -N2 --remove-rec-sep 'od -c'
same_in headed "--rrs keeps the header" --header 1 --pipe -N2 --removerecsep 'od -c'
same_in xy "--rrs --recstart --recend" --pipe -N2 --recstart x --recend 'y\n' --rrs 'od -c'
same_in xy "--rrs --regexp" --pipe -N2 --regexp --recstart 'x' --recend 'y\n' --rrs 'od -c'
same_in /dev/null "--rrs with --pipepart: ignored, as GNU parallel" --pipepart -a four --block 4 --rrs 'od -c'

same_in headed "--skip-first-line --pipe" --pipe -N2 --skip-first-line 'od -c'
same_in headed "--skip-first-line --pipe --header" --pipe -N2 --header 1 --skipfirstline 'od -c'
same_in headed "--skip-first-line: stdin's arguments" --skip-first-line echo
same_in /dev/null "--skip-first-line: the first source's" --skip-first-line echo :::: four ::: x y
same_in /dev/null "--skip-first-line: ::: too" --skip-first-line echo ::: 1 2 3
same_in table "--skip-first-line before --header" --skip-first-line --header : --colsep , echo {A}
set +e
err=$("$SHOAL" --cat --fifo true < /dev/null 2>&1); rc=$?
set -e
expect_eq "$rc" 255 "--cat with --fifo: exit status"
expect_eq "$err" "shoal: --fifo cannot be combined with --cat (see shoal --help)" "--cat with --fifo"
expect_eq "$(ls tmp)" "" "no temporary files left after the runs"

# --block-timeout: a block not whole after 1 s goes as it is. The second
# line is written only once the first block's job has run (it says so
# through a fifo): without the timeout that would never happen, and the
# run would stop at `timeout`.
mkfifo ran
for name in shoal gnu; do
  run=("$SHOAL"); [ $name = gnu ] && run=(parallel --will-cite)
  exec 5<>ran
  { echo a; read -r -t 20 _ <&5 || true; echo b; } |
    timeout 20 "${run[@]}" --pipe --bt 1 "echo job; cat; echo ran > $T/ran" > "bt-$name" 2>&1 || true
  exec 5>&-
done
expect_eq "$(cat bt-shoal)" "$(cat bt-gnu)" "--block-timeout"
expect_eq "$(cat bt-shoal)" "$(printf 'job\na\njob\nb')" "--block-timeout: two blocks"
for spelling in --block-timeout --blocktimeout --bt; do
  set +e
  err=$("$SHOAL" --pipe "$spelling" 0.5 true < /dev/null 2>&1); rc=$?
  set -e
  expect_eq "$rc" 255 "$spelling 0.5: exit status"
  expect_eq "$err" "shoal: --block-timeout must be at least 1 (see shoal --help)" "$spelling 0.5"
done

# A retry reads the same file again.
"$SHOAL" --tmpdir "$T/tmp" --cat --retries 3 'cat {} >> tries; false' < four || true
expect_eq "$(cat tries)" "$(cat four four four)" "--cat: every try gets the block"
expect_eq "$(ls tmp)" "" "no temporary files left after retries"

# Ctrl-C and SIGTERM: the jobs are stopped and their files removed. One
# job reads its fifo and sleeps, the other never opens its fifo.
mkfifo started
exec 3<>started
cat > job <<SCRIPT
#!/bin/sh
echo started > "$T/started"
[ "\$2" = 1 ] && cat "\$1" > /dev/null
exec $SLEEP 1000
SCRIPT
chmod +x job
for mode in --cat --fifo; do
  for sig in INT TERM; do
    seq 4 | "$SHOAL" --tmpdir "$T/tmp" -j2 -N2 "$mode" ./job {} {#} 2> /dev/null &
    pid=$!
    read -r _ <&3
    read -r _ <&3
    expect_eq "$(ls tmp/*/ | wc -l)" 2 "$mode: a file for each running job"
    kill -"$sig" "$pid"
    set +e; wait "$pid"; rc=$?; set -e
    [ "$rc" -ge 128 ] || fail "$mode SIG$sig: exit status $rc"
    expect_eq "$(ls tmp)" "" "$mode SIG$sig: temporary files left"
    expect_nothing_left
  done
done

# --termseq reaches a --fifo job through the wrapper that feeds its fifo, as
# it reaches --cat's and --pipe's (it once got the default TERMs instead).
handler='trap "echo got INT; exit 3" INT; trap "echo got TERM; exit 4" TERM; cat {} > /dev/null; while :; do sleep 0.05; done'
for mode in --cat --fifo; do
  out=$(seq 5 | "$SHOAL" --pipe -N5 "$mode" --timeout 0.5 --termseq INT,2000,KILL,25 "$handler" 2> /dev/null) || true
  expect_eq "$out" "got INT" "$mode --termseq: the first signal"
done
expect_nothing_left
