# Exit status as GNU parallel's: 0 all ok, 1-100 the number of jobs not ok,
# 101 for more, 255 for shoal's own errors with a one-line message.
source "$(dirname "$0")/lib.sh"
status() { set +e; "$@" >/dev/null 2>"$T/err"; echo $?; set -e; }
expect_eq "$(status "$SHOAL" true ::: 1 2 3)" 0 "all ok"
expect_eq "$(status "$SHOAL" 'exit {}' ::: 0 1 2 3)" 3 "three failed"
expect_eq "$(status "$SHOAL" -j 8 false :::: <(seq 150))" 101 "more than 100"
expect_eq "$(status gnu_parallel -j 8 false :::: <(seq 150))" 101 "GNU parallel agrees"
for bad in "--bogus" "-j x" "--timeout abc" "--timeout -1"; do
  # shellcheck disable=SC2086
  expect_eq "$(status "$SHOAL" $bad echo ::: 1)" 255 "bad option $bad"
  expect_eq "$(wc -l < "$T/err")" 1 "one line for $bad"
  expect_contains "$(cat "$T/err")" "shoal: " "message for $bad"
done
expect_eq "$(status "$SHOAL" echo :::: "$T/no-such-file")" 255 "missing input file"
expect_contains "$(cat "$T/err")" "no-such-file" "the message names the file"
expect_eq "$(status "$SHOAL" --joblog /nonexistent/dir/log echo ::: 1)" 255 "unwritable joblog"
