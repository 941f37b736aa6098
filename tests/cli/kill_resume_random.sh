# Fault injection: shoal is SIGKILLed at 100 random moments -- 25 each with
# -k, -k --results, -k with the class lists, and --line-buffer -- and each
# series of runs is finished with --resume. Whatever the moment:
#  - a job with a joblog line had its output delivered in that run (printed
#    whole, or its --results files complete) and its class list line written;
#  - --resume never runs a job that has a line;
#  - so every input's output is delivered, and once delivered and logged it
#    is never run again. A job in flight at the kill (its output maybe
#    printed, its line not yet written) runs again: at least once, as GNU
#    parallel.
# The moments are random (SHOAL_KILL_SEED repeats a run); what is asserted
# holds for every moment.
source "$(dirname "$0")/lib.sh"
seed=${SHOAL_KILL_SEED:-$$}
RANDOM=$seed
n=16           # inputs per series
per_mode=25    # kills per mode
job="$T/$MARK-job"  # $MARK in its name: pkill finds what a killed shoal left
cat > "$job" <<SCRIPT
#!/bin/sh
echo "\$RUN \$1" >> "$T/ran"
echo "\$1 a"
$SLEEP 0.0\$(( \$1 * 7 % 6 ))
echo "\$1 b"
[ \$(( \$1 % 3 )) != 0 ]
SCRIPT
chmod +x "$job"
oops() { fail "$* (mode '$mode', run $RUN, SHOAL_KILL_SEED=$seed)"; }
logged() { awk -F'\t' 'NR > 1 {print $1}' "$T/log" | sort; }
# A run's checks, in one awk (this runs 150-200 times): prints what is wrong.
cat > "$T/check.awk" <<'AWK'
function seqs(file, set,   line, n, f) {
  while ((getline line < file) > 0) {
    if (++n == 1) continue
    split(line, f, "\t")
    if (f[1] in set) print "job " f[1] " logged twice"
    set[f[1]] = 1
  }
  close(file)
}
BEGIN {
  seqs(T "/before", old)
  seqs(T "/log", now)
  while ((getline line < (T "/ran")) > 0) {
    split(line, f, " ")
    if (f[1] == run && (f[2] in old)) print "job " f[2] " ran again after its joblog line"
  }
  while ((getline line < (T "/out." run)) > 0) {
    split(line, f, " ")
    if (f[2] == "b") {
      if (f[1] in printed) print "job " f[1] " printed twice in one run"
      printed[f[1]] = 1
    }
    if (ordered && f[2] == "a") {
      if (f[1] + 0 < last) print "output out of input order at job " f[1]
      last = f[1] + 0
    }
  }
  while ((getline line < (T "/ok")) > 0) good[line] = 1
  while ((getline line < (T "/bad")) > 0) failed[line] = 1
  for (x in now) {
    if (x in old) continue
    if (results) {
      file = T "/res/1/" x "/stdout"
      got = ""
      while ((getline line < file) > 0) got = got line "|"
      close(file)
      if (got != x " a|" x " b|") print "job " x " logged, its --results stdout not complete: " got
    } else if (!(x in printed)) {
      print "job " x " logged, its output not printed"
    }
    if (lists && x % 3 && !(x in good)) print "job " x " logged, not in --succeeded"
    if (lists && !(x % 3) && !(x in failed)) print "job " x " logged, not in --failed"
  }
}
AWK
check_run() {
  local problems
  problems=$(awk -v T="$T" -v run="$RUN" -v ordered=$([ "$mode" = --line-buffer ] || echo 1) \
    -v results=$([[ $mode == *--results* ]] && echo 1) -v lists=$([[ $mode == *--failed* ]] && echo 1) \
    -f "$T/check.awk")
  [ -z "$problems" ] || oops "$problems"
}

check_series() {
  expect_eq "$(logged | sort -n | tr '\n' ' ')" "$(seq $n | tr '\n' ' ')" "every input logged once ($mode, SHOAL_KILL_SEED=$seed)"
  if [[ $mode == *--results* ]]; then
    [ -z "$(find "$T/res" -name '*.shoal-tmp')" ] || oops "temporary --results files left"
  else
    missing=$(comm -23 <(seq $n | sort) <(cat "$T"/out.* | awk '$2 == "b" {print $1}' | sort -u))
    [ -z "$missing" ] || oops "outputs never delivered: $missing"
  fi
}

modes=(-k "-k --results $T/res" "-k --succeeded $T/ok --failed $T/bad" --line-buffer)
for mode in "${modes[@]}"; do
  kills=0
  while [ "$kills" -lt "$per_mode" ]; do
    rm -rf "$T/res" "$T"/out.*
    for f in log ok bad ran; do : > "$T/$f"; done
    RUN=0
    while :; do
      RUN=$((RUN + 1))
      export RUN
      cp "$T/log" "$T/before"
      # shellcheck disable=SC2086
      "$SHOAL" $mode -j 4 --resume --joblog "$T/log" "$job" ::: $(seq $n) > "$T/out.$RUN" 2> /dev/null &
      pid=$!
      # The random moment (not a wait for an event: any moment must do).
      if [ "$kills" -lt "$per_mode" ]; then
        sleep "0.$(printf %03d $((RANDOM % 250)))"
        kill -KILL "$pid" 2> /dev/null || true  # it may have ended already
      fi
      set +e
      wait "$pid" 2> /dev/null
      status=$?
      set -e
      check_run
      [ "$status" -le 100 ] && break  # it ended by itself: the series is done
      [ "$status" = 137 ] || oops "shoal ended with status $status"
      pkill -KILL -f "$MARK" || true  # the jobs a killed shoal could not end
      kills=$((kills + 1))
    done
    check_series
  done
done
expect_nothing_left
