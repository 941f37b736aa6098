# -k and kill -9: a job's joblog line (and its --failed line, and with
# --json its JSON line) means its output was delivered. Job 2 ends at once,
# but -k holds its output behind job 1; shoal is killed then. --resume must
# run job 2 again, since its output was never printed -- GNU parallel writes
# the joblog line when it prints a job, not when the job ends.
source "$(dirname "$0")/lib.sh"
mkfifo "$T/started"
exec 3<>"$T/started"
# On the first run jobs 1 and 3 hang. Job 3 starts in job 2's slot (-j 2),
# so once it has started shoal has handled job 2's end.
cat > "$T/job" <<SCRIPT
#!/bin/sh
if [ "\$1" != 2 ] && [ ! -e "$T/again" ]; then echo started > "$T/started"; exec $SLEEP 1000; fi
echo "out \$1"
exit 1
SCRIPT
chmod +x "$T/job"

for mode in -k "-k --json"; do
  rm -f "$T/again" "$T/log" "$T/failed"
  # shellcheck disable=SC2086
  "$SHOAL" $mode -j 2 --joblog "$T/log" --failed "$T/failed" "$T/job" ::: 1 2 3 > "$T/first" &
  pid=$!
  for _ in 1 2; do read -r _ <&3; done  # jobs 1 and 3 run: job 2 has ended
  kill -KILL "$pid"
  wait "$pid" 2>/dev/null || true
  pkill -KILL -f "$MARK-sleep" || true  # its jobs: shoal was SIGKILLed
  expect_eq "$(tail -n +2 "$T/log")" "" "$mode: joblog lines of jobs whose output was not printed"
  expect_eq "$(cat "$T/failed")" "" "$mode: --failed lines of jobs whose output was not printed"
  touch "$T/again"
  "$SHOAL" $mode -j 2 --resume --joblog "$T/log" --failed "$T/failed" "$T/job" ::: 1 2 3 \
    > "$T/second" || true
  printed=$(cat "$T/first" "$T/second")
  [ "$mode" = -k ] || printed=$(jq -r .stdout <<< "$printed" | grep .)
  expect_eq "$printed" $'out 1\nout 2\nout 3' "$mode: every output, once, after --resume"
  expect_eq "$(awk -F'\t' 'NR > 1 {print $1}' "$T/log" | sort | tr '\n' ' ')" "1 2 3 " "$mode: joblog"
  expect_eq "$(sort "$T/failed" | tr '\n' ' ')" "1 2 3 " "$mode: --failed"
done
expect_nothing_left
