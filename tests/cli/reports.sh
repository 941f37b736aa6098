# The status line and the summary: off when stderr is not a terminal, on when
# asked; the summary counts every class and names the slowest jobs.
source "$(dirname "$0")/lib.sh"
"$SHOAL" 'exit {}' ::: 0 1 2>"$T/quiet" || true
expect_eq "$(cat "$T/quiet")" "" "nothing on a non-terminal by default"
"$SHOAL" --summary --timeout 0.3 'sleep {}' ::: 0 0.1 5 2>"$T/summary" || true
expect_contains "$(cat "$T/summary")" "3 jobs in" "summary counts"
expect_contains "$(cat "$T/summary")" "2 ok, 0 failed, 1 timed out" "summary classes"
expect_contains "$(cat "$T/summary")" "#3  sleep 5" "slowest job named"
"$SHOAL" --live sleep ::: 0.5 2>"$T/live"
expect_contains "$(cat "$T/live")" "running" "status line"
# On a real terminal both appear unasked (script(1) gives shoal a pty).
if command -v script >/dev/null; then
  script -qec "$SHOAL sleep ::: 0.3 0.4 0.5" /dev/null > "$T/tty" </dev/null
  expect_contains "$(cat "$T/tty")" "/3 done, " "status line on a terminal"
  expect_contains "$(cat "$T/tty")" "3 jobs in" "summary on a terminal"
fi
# GNU parallel's --progress, --eta and --bar lines.
"$SHOAL" --progress sleep ::: 1.5 1.5 2>"$T/progress"
expect_contains "$(cat "$T/progress")" "local:2/0/100%/0.0s" "--progress"
"$SHOAL" --eta sleep ::: 1.5 1.5 2>"$T/eta"
expect_contains "$(cat "$T/eta")" "ETA: 0s Left: 2 AVG: 0.00s" "--eta"
"$SHOAL" --bar sleep ::: 1.5 1.5 2>"$T/bar"
expect_contains "$(cat "$T/bar")" "0% 0:2=0s 1.5" "--bar"
