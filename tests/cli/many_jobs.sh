# 1,100 jobs at once (past select()'s 1,024 fds): all run together and end ok.
# Each sleeps 5 s, far longer than starting 1,100 takes, even under ASan.
source "$(dirname "$0")/lib.sh"
"$SHOAL" -j 1100 --joblog "$T/log" "$SLEEP 5 #{%}" :::: <(seq 1100) 2>"$T/err" ||
  fail "exit status $?: $(cat "$T/err")"
expect_eq "$(tail -n +2 "$T/log" | wc -l)" 1100 "joblog lines"
expect_eq "$(awk -F'\t' 'NR>1 && $7==0' "$T/log" | wc -l)" 1100 "jobs ok"
# Slot {%} 1100 exists only if 1,100 jobs ran at the same time.
grep -q "#1100"$'$' "$T/log" || fail "never 1100 jobs at once"
expect_nothing_left
