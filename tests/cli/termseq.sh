# --termseq: how a job that must end (--timeout, --halt now) is ended --
# each signal to its process group, then that many ms for it to die -- and
# GNU parallel's default, TERM,200,TERM,100,TERM,50,KILL,25. The signals a
# job sees are compared with those GNU parallel 20221122 sends.
source "$(dirname "$0")/lib.sh"
cd "$T"
# Writes each signal it gets to sig-NAME and carries on; KILL ends it.
cat > stubborn <<SCRIPT
#!/bin/bash
for s in INT TERM HUP USR1 USR2; do trap "echo \$s >> $T/sig-\$1" \$s; done
echo started >> "$T/sig-\$1"
while :; do $SLEEP 0.01; done
SCRIPT
chmod +x stubborn
signals() {  # who, then the arguments (the job's argument names its file)
  local who=$1; shift
  rm -f sig-*
  if [ "$who" = ours ]; then "$SHOAL" "$@" 2> /dev/null || true
  else gnu_parallel "$@" 2> /dev/null || true; fi
  cat sig-* 2> /dev/null | tr '\n' ' ' || true
}
compare() {  # what, then the arguments
  local what=$1; shift
  local ours theirs
  ours=$(signals ours "$@")
  theirs=$(signals theirs "$@")
  expect_eq "$ours" "$theirs" "$what"
  expect_nothing_left
}
compare "--timeout: the default sequence" --timeout 1.5 ./stubborn {} ::: a
compare "--termseq INT,200,TERM,100,KILL,25" --timeout 1.5 --termseq INT,200,TERM,100,KILL,25 ./stubborn {} ::: a
compare "--term-seq with SIG names and numbers" --timeout 1.5 --term-seq SIGUSR1,100,12,100,9 ./stubborn {} ::: a
# Job x fails once job a has set its traps; --halt now then ends job a.
compare "--halt now: the sequence" -j2 --halt now,fail=1 --termseq USR2,150,KILL,25 \
  'if [ {} = x ]; then while [ ! -s sig-a ]; do sleep 0.01; done; exit 1; fi; ./stubborn {}' ::: a x
# The default gives a job that ignores TERM 350 ms (a loaded machine may
# add some), not the 1 s it once had; a --termseq's waits are waited.
elapsed_ms() {  # the arguments
  local start
  start=$(date +%s%N)
  "$SHOAL" "$@" 2> /dev/null || true
  echo $(( ($(date +%s%N) - start) / 1000000 ))
}
ms=$(elapsed_ms --timeout 0.3 ./stubborn {} ::: b)
[ "$ms" -lt 2000 ] || fail "the default sequence took $ms ms after a 300 ms timeout"
ms=$(elapsed_ms --timeout 0.3 --termseq TERM,2500,KILL,25 ./stubborn {} ::: b)
[ "$ms" -ge 2800 ] || fail "--termseq TERM,2500,KILL,25 took $ms ms after a 300 ms timeout"
# A job that obeys the first TERM ends at once, not after the sequence.
start=$(date +%s%N)
"$SHOAL" --timeout 0.2 --termseq TERM,5000,KILL,25 "$SLEEP 10 #" ::: c 2> /dev/null || true
ms=$(( ($(date +%s%N) - start) / 1000000 ))
[ "$ms" -lt 2500 ] || fail "a job that died of the first TERM waited out the sequence ($ms ms)"
# Bad input: one line naming it, exit 255.
for bad in 'TERM,x' 'NOSUCH,10' 'TERM,-5'; do
  set +e
  err=$("$SHOAL" --termseq "$bad" echo ::: 1 2>&1); rc=$?
  set -e
  expect_eq "$rc" 255 "--termseq '$bad': exit status"
  expect_eq "$(wc -l <<< "$err")" 1 "--termseq '$bad': one line"
  expect_contains "$err" "shoal: --termseq: '" "--termseq '$bad': the message"
done
expect_nothing_left
