# Writing the output fails (stdout is /dev/full): every output mode ends with
# 255 and one line naming the cause, as grouped output always did -- none
# exits 0 with the output lost. The jobs whose output was lost get no
# joblog line, so --resume runs them again.
source "$(dirname "$0")/lib.sh"
[ -w /dev/full ] || { echo "SKIP: no /dev/full"; exit 0; }
for mode in "" -k --json --line-buffer "--line-buffer --tag" -u --dry-run; do
  set +e
  # shellcheck disable=SC2086
  "$SHOAL" $mode --joblog "$T/log" echo ::: a b > /dev/full 2> "$T/err"
  status=$?
  set -e
  if [ "$mode" = -u ]; then  # the jobs write to /dev/full themselves, and fail
    expect_eq "$status" 2 "-u: two jobs failed"
    continue
  fi
  expect_eq "$status" 255 "exit status with '$mode'"
  expect_eq "$(cat "$T/err")" "shoal: cannot write output: No space left on device" "message with '$mode'"
  [ "$mode" = --dry-run ] && continue
  expect_eq "$(tail -n +2 "$T/log")" "" "joblog lines for lost output with '$mode'"
done
