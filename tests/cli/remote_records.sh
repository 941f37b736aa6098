# Every host's record survives and can be fed back: --results gives each
# host a directory of its own, the class lists name hosts (--nonall) or
# host and input (--onall), the joblog numbers --onall jobs as GNU parallel
# does (the item's seq on every host), a run killed with SIGKILL resumes
# each (host, input) it had not finished, and the summary names the hosts
# that failed and could not be reached.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/lib_sshd.sh"

# h3 and h7 are marked: the command OK fails there.
S="ssh -F $(config_failing_on h3 h7)"
OK='echo "out $SHOAL_TEST_FAIL"; echo err >&2; test -z "$SHOAL_TEST_FAIL"'

# --nonall --results: a directory per host, nothing overwritten.
set +e
"$SHOAL" --ssh "$S" --nonall -S 'h[1-8],dead' --results "$T/R" --failed "$T/failed" \
  --succeeded "$T/ok" --unreachable "$T/unreachable" --summary "$OK" 2> "$T/err"
rc=$?
set -e
expect_eq "$rc" 3 "h3, h7 and dead not ok"
for h in h1 h2 h4 h5 h6 h8; do
  expect_eq "$(cat "$T/R/$h/stdout")" "out " "$h's own stdout"
  expect_eq "$(cat "$T/R/$h/stderr")" "err" "$h's own stderr"
  expect_eq "$(cat "$T/R/$h/seq")" 1 "$h's seq"
done
expect_eq "$(cat "$T/R/h3/stdout")" "out 1" "h3's own stdout"
expect_eq "$(ls "$T/R" | sort -V | tr '\n' ' ')" "dead h1 h2 h3 h4 h5 h6 h7 h8 " "one directory per host"
# The lists hold sshlogins, ready for --slf.
expect_eq "$(sort "$T/failed" | tr '\n' ' ')" "dead h3 h7 " "--failed: the hosts"
expect_eq "$(sort -V "$T/ok" | tr '\n' ' ')" "h1 h2 h4 h5 h6 h8 " "--succeeded: the hosts"
expect_eq "$(cat "$T/unreachable")" "dead" "--unreachable: the host ssh could not reach"
expect_contains "$(cat "$T/err")" "shoal: hosts failed: h[3,7]; unreachable: dead" "the summary names them, folded"
# Fed back: exactly the hosts that failed run again.
set +e
"$SHOAL" --ssh "$S" --slf "$T/failed" --nonall --joblog "$T/again" "$OK" > /dev/null 2>&1
set -e
expect_eq "$(awk -F'\t' 'NR > 1 { print $2 }' "$T/again" | sort | tr '\n' ' ')" "dead h3 h7 " "--slf failed reruns those hosts"

# A resumed run lists an unreachable host once; this machine (`:`) is
# named with the hosts that failed.
set +e
"$SHOAL" --ssh "$S" --nonall -S dead --unreachable "$T/unreachable2" --joblog "$T/log1" true > /dev/null 2>&1
"$SHOAL" --ssh "$S" --nonall -S dead --unreachable "$T/unreachable2" --joblog "$T/log1" --resume-failed true > /dev/null 2>&1
"$SHOAL" --ssh "$S" --nonall -S :,h1 --summary false > /dev/null 2> "$T/err1"
set -e
expect_eq "$(cat "$T/unreachable2")" dead "--unreachable: each host once, across --resume"
expect_contains "$(cat "$T/err1")" "hosts failed: :,h1" "the summary names this machine too"

# --onall: host TAB input in the lists; results per host and input.
set +e
"$SHOAL" --ssh "$S" --onall -S h1,h3 --results "$T/R2" --failed "$T/failed2" --joblog "$T/log2" \
  'echo {}; test -z "$SHOAL_TEST_FAIL" || test {} = a' ::: a b > /dev/null 2>&1
set -e
expect_eq "$(sort "$T/failed2")" "$(printf 'h3\tb')" "--onall --failed: host TAB input"
expect_eq "$(cat "$T/R2/h1/1/a/stdout") $(cat "$T/R2/h1/1/b/stdout") $(cat "$T/R2/h3/1/b/stdout")" "a b b" \
  "--onall --results: DIR/host/1/input"

# The joblog numbers --onall jobs as GNU parallel does: Seq is the input's,
# the Host column tells the hosts apart.
columns() { awk -F'\t' 'NR > 1 { print $1, $2, $7 }' "$1" | sort; }
set +e
gnu_parallel --ssh "$S" --onall -S h1,h3 --joblog "$T/plog2" \
  'echo {}; test -z "$SHOAL_TEST_FAIL" || test {} = a' ::: a b > /dev/null 2>&1
set -e
expect_eq "$(columns "$T/log2")" "$(columns "$T/plog2")" "Seq, Host and Exitval as GNU parallel's"

# --resume-failed reruns just (h3, b); --retry-failed its command on h3.
set +e
"$SHOAL" --ssh "$S" --onall -S h1,h3 --joblog "$T/log2" --resume-failed \
  'echo {}; test -z "$SHOAL_TEST_FAIL" || test {} = a' ::: a b > "$T/out3" 2>/dev/null
set -e
expect_eq "$(cat "$T/out3")" b "--resume-failed: the failed (host, input) alone"
expect_eq "$(awk -F'\t' 'NR > 5 { print $1, $2 }' "$T/log2")" "2 h3" "its joblog line"
set +e
"$SHOAL" --ssh "$S" --onall -S h1,h3 --joblog "$T/log2" --retry-failed > "$T/out4" 2>/dev/null
set -e
expect_eq "$(cat "$T/out4")" b "--retry-failed: the failed command on its host"
expect_eq "$(awk -F'\t' 'NR > 6 { print $1, $2 }' "$T/log2")" "2 h3" "its joblog line"
expect_no_ssh_left

# SIGKILL mid-run, then --resume: every (host, input) ends done exactly
# once in the joblog, and no job that had finished runs again. Each job
# notes where it ran in a file here (the hosts are this machine; each
# alias tells its name through SetEnv).
CFG5=$(for h in 1 2 3 4; do printf 'Host h%s\n  SetEnv SHOAL_TEST_HOST=h%s\n' $h $h; done |
  ssh_config_variant named)
S5="ssh -F $CFG5"
job="echo {} \$SHOAL_TEST_HOST >> $T/ran; $SLEEP 0.2"
"$SHOAL" --ssh "$S5" --onall -S 'h[1-4]' -j 4 --joblog "$T/log5" "$job" ::: $(seq 8) > /dev/null 2>&1 &
pid=$!
# Killed once some jobs have finished and others have not.
for i in $(seq 400); do
  [ "$(awk 'NR > 1' "$T/log5" 2>/dev/null | wc -l)" -ge 10 ] && break
  sleep 0.025
done
kill -KILL "$pid"
wait "$pid" 2>/dev/null || true
before=$(awk -F'\t' 'NR > 1 { print $1, $2 }' "$T/log5" | sort)
[ "$(echo "$before" | wc -l)" -lt 32 ] || fail "the run ended before it was killed"
# A SIGKILLed shoal's masters close themselves after a minute idle
# (ControlPersist); the test does not wait for that.
pkill -KILL -f "$CFG5" 2>/dev/null || true
"$SHOAL" --ssh "$S5" --onall -S 'h[1-4]' -j 4 --joblog "$T/log5" --resume "$job" ::: $(seq 8) > /dev/null
after=$(awk -F'\t' 'NR > 1 { print $1, $2 }' "$T/log5" | sort)
expect_eq "$(echo "$after" | uniq -d)" "" "no (seq, host) twice in the joblog"
expect_eq "$(echo "$after" | wc -l)" 32 "every (seq, host) in the joblog"
expect_eq "$(awk -F'\t' 'NR > 1 && $7 != 0' "$T/log5")" "" "all ok"
expect_eq "$(sort -u "$T/ran" | wc -l)" 32 "every (input, host) ran"
ran_twice=$(sort "$T/ran" | uniq -d)
while read -r seq host; do
  [[ $'\n'"$ran_twice"$'\n' != *$'\n'"$seq $host"$'\n'* ]] || fail "$seq on $host had finished, and ran again"
done <<< "$before"
expect_no_ssh_left
expect_nothing_left
