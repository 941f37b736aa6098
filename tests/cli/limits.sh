# When the fd limit cannot hold the jobs asked for, shoal says so in one line
# and runs as many as fit; every job still runs and gets its joblog line.
source "$(dirname "$0")/lib.sh"
(
  ulimit -n 120  # soft and hard: shoal cannot raise it
  "$SHOAL" -j 100 --joblog "$T/log" "$SLEEP 0.1 #{%}" :::: <(seq 30) 2>"$T/err"
) || fail "exit status $?: $(cat "$T/err")"
expect_eq "$(wc -l < "$T/err")" 1 "one warning line"
expect_contains "$(cat "$T/err")" "limited by open files (120)" "the warning names the limit"
expect_eq "$(tail -n +2 "$T/log" | wc -l)" 30 "every job ran"
max_slot=$(tail -n +2 "$T/log" | sed 's/.*#//' | sort -n | tail -1)
# 120 fds keep 30 for shoal itself: (120 - 30) / 5 fds a job.
[ "$max_slot" -le 18 ] || fail "ran $max_slot at once with room for 18"
# A small limit keeps a small reserve: under ulimit -n 40 three jobs that
# each wait for the other two all run at once (a fixed 64 fds kept ran one).
(
  ulimit -n 40
  "$SHOAL" -j 3 "touch $T/at-once-{}; for i in \$(seq 100); do [ \$(ls $T | grep -c at-once) -ge 3 ] && exit 0; sleep 0.05; done; exit 1" ::: 1 2 3 2>"$T/err40"
) || fail "ulimit -n 40: not three jobs at once (exit status $?): $(cat "$T/err40")"
expect_eq "$(cat "$T/err40")" "" "ulimit -n 40: no warning for -j 3"
# -j 0 says how many it will run and why.
"$SHOAL" -j 0 true ::: 1 2>"$T/err0"
expect_contains "$(cat "$T/err0")" "-j 0: running up to" "-j 0 message"
expect_nothing_left
# A -j past what fits is quoted as written (it once said 18446744073709551615).
(ulimit -n 1024; "$SHOAL" -j 4294967297 true ::: 1 2>"$T/errj") || fail "huge -j: exit status $?"
expect_eq "$(wc -l <"$T/errj")" 1 "huge -j: one warning line"
expect_contains "$(cat "$T/errj")" "warning: -j 4294967297 is more than this machine allows" "huge -j: quoted"
