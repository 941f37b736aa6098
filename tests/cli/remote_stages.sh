# --stages rolls a command across the hosts as Ansible's serial does: a
# canary, then a share, then the rest; each stage starts once the one
# before has ended, and a stage with a job not ok (or past --halt's
# threshold, counted on the stage) stops the rollout, naming the hosts that
# never ran. --resume-failed then continues it.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/lib_sshd.sh"

OK='test -z "$SHOAL_TEST_FAIL"'
hosts_of() { awk -F'\t' 'NR > 1 { print $2 }' "$1" | sort -V | tr '\n' ' '; }

# All pass: every host runs, stage after stage.
"$SHOAL" --ssh "$SSH" --nonall -S 'h[1-10]' --stages 1,20%,100% --joblog "$T/log" "$OK" 2> "$T/err"
expect_eq "$(hosts_of "$T/log")" "$(printf 'h%s ' $(seq 10))" "every host ran"
expect_contains "$(cat "$T/err")" "stage 2 of 3: h[2-3] (2 hosts)" "each stage announced"
# A stage starts only after every job of the one before has ended.
stage() { case $1 in h1) echo 1;; h2|h3) echo 2;; *) echo 3;; esac; }
while IFS=$'\t' read -r seq host start runtime rest; do
  echo "$(stage "$host") $start $runtime"
done < <(awk 'NR > 1' "$T/log") > "$T/times"
for s in 1 2; do
  end=$(awk -v s=$s '$1 == s { e = $2 + $3; if (e > m) m = e } END { printf "%.3f", m }' "$T/times")
  next=$(awk -v s=$((s + 1)) '$1 == s && (m == "" || $2 < m) { m = $2 } END { printf "%.3f", m }' "$T/times")
  awk -v e="$end" -v n="$next" 'BEGIN { exit !(n + 0.002 >= e) }' ||
    fail "stage $((s + 1)) started at $next, before stage $s ended at $end"
done

# The canary fails: nothing else runs, and the hosts that never ran are named.
CANARY_FAILS=$(config_failing_on h1)
set +e
"$SHOAL" --ssh "ssh -F $CANARY_FAILS" --nonall -S 'h[1-10]' --stages 1,20%,100% \
  --joblog "$T/log2" --summary "$OK" 2> "$T/err2"
rc=$?
set -e
expect_eq "$rc" 1 "one job not ok"
expect_eq "$(hosts_of "$T/log2")" "h1 " "only the canary ran"
expect_contains "$(cat "$T/err2")" "stage 1 of 3: 1 of 1 jobs not ok; not starting stage 2" "why it stopped"
expect_eq "$(grep -c "stage 1 of 3 stopped the rollout; never run: h\[2-10\] (9 hosts)" "$T/err2")" 2 \
  "the hosts never run, said when it stops and in the summary"
# Fixed, the rollout goes on from where it stopped: the canary again, then the rest.
"$SHOAL" --ssh "$SSH" --nonall -S 'h[1-10]' --stages 1,20%,100% --joblog "$T/log2" --resume-failed "$OK" 2>/dev/null
expect_eq "$(awk -F'\t' 'NR > 2 { print $2 }' "$T/log2" | sort -V | tr '\n' ' ')" "$(printf 'h%s ' $(seq 10))" \
  "--resume-failed continues the rollout"

# --halt's threshold counts the stage's own jobs: h5 and h7 fail, stages of
# 1 then 3 hosts; the third stage (h5-h7) has 2 of 3 not ok.
TWO_FAIL=$(config_failing_on h5 h7)
set +e
"$SHOAL" --ssh "ssh -F $TWO_FAIL" --nonall -S 'h[1-10]' --stages 1,3 --halt soon,fail=50% \
  --joblog "$T/log3" "$OK" 2> "$T/err3"
rc=$?
set -e
expect_eq "$rc" 2 "two jobs not ok"
expect_eq "$(hosts_of "$T/log3")" "h1 h2 h3 h4 h5 h6 h7 " "stopped after the third stage"
expect_contains "$(cat "$T/err3")" "never run: h[8-10]" "the hosts left"
# One of three is below 50%: the rollout goes on.
ONE_FAILS=$(config_failing_on h6)
set +e
"$SHOAL" --ssh "ssh -F $ONE_FAILS" --nonall -S 'h[1-10]' --stages 1,3 --halt soon,fail=50% \
  --joblog "$T/log4" "$OK" 2>/dev/null
rc=$?
set -e
expect_eq "$rc" 1 "one job not ok"
expect_eq "$(hosts_of "$T/log4")" "$(printf 'h%s ' $(seq 10))" "below the threshold every stage runs"
# --halt never: failures never stop it; --onall runs every input per stage.
set +e
"$SHOAL" --ssh "ssh -F $CANARY_FAILS" --onall -S 'h[1-4]' --stages 1 --halt never \
  --joblog "$T/log5" "$OK && echo {}" ::: a b > /dev/null 2>&1
rc=$?
set -e
expect_eq "$rc" 2 "the canary's two jobs not ok"
expect_eq "$(awk -F'\t' 'NR > 1 { print $2, $1 }' "$T/log5" | tr '\n' ' ')" \
  "h1 1 h1 2 h2 1 h2 2 h3 1 h3 2 h4 1 h4 2 " "host by host, every input"

# Resumed with --resume, the canary's failure in the joblog still stops
# the rollout (only --resume-failed runs it again).
set +e
"$SHOAL" --ssh "ssh -F $CANARY_FAILS" --nonall -S 'h[1-6]' --stages 1,100% --joblog "$T/log7" "$OK" 2>/dev/null
"$SHOAL" --ssh "$SSH" --nonall -S 'h[1-6]' --stages 1,100% --joblog "$T/log7" --resume "$OK" 2> "$T/err7"
rc=$?
set -e
expect_eq "$rc" 0 "nothing new failed"
expect_eq "$(hosts_of "$T/log7")" "h1 " "--resume: the failed canary still holds the rollout"
expect_contains "$(cat "$T/err7")" "never run: h[2-6] (5 hosts)" "and says so"

# --halt fail=1 stops the rollout inside the canary's stage, and names the rest.
set +e
"$SHOAL" --ssh "ssh -F $CANARY_FAILS" --nonall -S 'h[1-6]' --stages 1,100% --halt soon,fail=1 \
  --joblog "$T/log8" "$OK" 2> "$T/err8"
set -e
expect_contains "$(cat "$T/err8")" "stage 1 of 2 stopped the rollout; never run: h[2-6] (5 hosts)" "--halt in a stage"
# Paced starts (--rate, --delay) run every stage, the last one included.
"$SHOAL" --ssh "$SSH" --nonall -S 'h[1-6]' --stages 1,100% --rate 2 --joblog "$T/log9" "$OK" 2>/dev/null
expect_eq "$(hosts_of "$T/log9")" "h1 h2 h3 h4 h5 h6 " "--rate: every stage"
# Tens of thousands of stages with nothing left to run end quietly (they are
# walked in a loop, not one call deeper each).
awk 'BEGIN { print "Seq\tHost\tStarttime\tJobRuntime\tSend\tReceive\tExitval\tSignal\tCommand";
             for (i = 1; i <= 40000; i++) printf "1\th%d\t1.0\t0.1\t0\t0\t0\t0\ttrue\n", i }' > "$T/log10"
"$SHOAL" --ssh "$SSH" --nonall -S 'h[1-40000]' --stages 1 --joblog "$T/log10" --resume true > "$T/out10" 2>&1
expect_eq "$(cat "$T/out10")" "" "nothing to run, nothing said"

# Stages need hosts to roll over, and a gate on failures.
set +e
"$SHOAL" --stages 1 echo ::: a 2> "$T/err6"
rc=$?
set -e
expect_eq "$rc" 255 "--stages without --nonall/--onall"
expect_contains "$(cat "$T/err6")" "--stages needs --nonall or --onall" "the error"
set +e
"$SHOAL" --nonall -S h1 --stages 1 --halt soon,success=1 true 2> "$T/err11"
rc=$?
set -e
expect_eq "$rc" 255 "--stages with --halt success"
expect_contains "$(cat "$T/err11")" "--stages takes --halt fail=N" "the error"
expect_no_ssh_left
expect_nothing_left
