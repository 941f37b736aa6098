# --retries N: a failing job is tried N times in all, with one joblog line
# (as GNU parallel); a job that succeeds on its third try is one record, ok,
# with its tries counted; --retry-delay waits between tries.
source "$(dirname "$0")/lib.sh"
cd "$T"
"$SHOAL" --retries 3 --joblog log 'echo x >> tries-{}; false' ::: a || true
gnu_parallel --retries 3 --joblog plog 'echo x >> ptries-{}; false' ::: a || true
expect_eq "$(wc -l < tries-a)" "$(wc -l < ptries-a)" "tries of an always-failing job"
expect_eq "$(wc -l < tries-a)" 3 "three tries"
expect_eq "$(tail -n +2 log | wc -l)" "$(tail -n +2 plog | wc -l)" "joblog lines"
# Succeeds on the third try: one JSON record, ok, tries 3; earlier output dropped.
cat > flaky <<'SCRIPT'
#!/bin/sh
echo x >> count
n=$(wc -l < count)
echo "try $n"
[ "$n" -ge 3 ]
SCRIPT
chmod +x flaky
t0=$(date +%s.%N)
"$SHOAL" --retries 5 --retry-delay 0.2 --json ./flaky ::: once > rec
t1=$(date +%s.%N)
expect_eq "$(jq -r '[.status, .tries, .stdout] | @tsv' rec)" "$(printf 'ok\t3\ttry 3\\n')" "record"
# Two waits of 0.2 s came before the third try (a lower bound: never flaky).
awk -v a="$t0" -v b="$t1" 'BEGIN { exit !(b - a >= 0.4) }' || fail "retry delay not waited"
# With back-off the second wait is 0.2-0.4 s: at least 0.1 + 0.2 in all.
rm -f count
t0=$(date +%s.%N)
"$SHOAL" --retries 3 --retry-delay 0.2 --retry-backoff --json ./flaky ::: b > rec2
t1=$(date +%s.%N)
expect_eq "$(jq -r .tries rec2)" 3 "tries with back-off"
awk -v a="$t0" -v b="$t1" 'BEGIN { exit !(b - a >= 0.3) }' || fail "back-off delays not waited"
