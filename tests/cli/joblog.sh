# --joblog has GNU parallel's columns: the same jobs give the same Seq, Host,
# Send, Receive (the bytes of stdout), Exitval, Signal and Command columns;
# times are numbers.
source "$(dirname "$0")/lib.sh"
jobs=(0 1 7)
job='seq {}; echo err >&2; exit {}'
cols() { sort -n "$1" | awk -F'\t' 'NR>1 {print $1, $2, $5, $6, $7, $8, $9}'; }
for mode in "" -k --tag -u "--results $T/res"; do
  rm -f "$T/ours" "$T/theirs"
  # shellcheck disable=SC2086
  "$SHOAL" $mode --joblog "$T/ours" "$job" ::: "${jobs[@]}" > /dev/null 2>&1 || true
  # shellcheck disable=SC2086
  gnu_parallel $mode --joblog "$T/theirs" "$job" ::: "${jobs[@]}" > /dev/null 2>&1 || true
  expect_eq "$(head -1 "$T/ours")" "$(head -1 "$T/theirs")" "header"
  expect_eq "$(cols "$T/ours")" "$(cols "$T/theirs")" "columns with '$mode'"
done
awk -F'\t' 'NR>1 && !($3 ~ /^[0-9]+\.[0-9][0-9][0-9]$/ && $4 ~ /^ *[0-9]+\.[0-9][0-9][0-9]$/) {exit 1}' "$T/ours" ||
  fail "time columns are not GNU parallel's %.3f / %10.3f: $(cat "$T/ours")"
# --line-buffer: Receive is the bytes of stdout here too (GNU parallel also
# counts stderr there, and an unfinished last line twice).
"$SHOAL" --line-buffer --joblog "$T/ours" 'seq {}; echo err >&2; printf x' ::: 3 > /dev/null 2>&1
expect_eq "$(awk -F'\t' 'NR>1 {print $6}' "$T/ours")" 7 "--line-buffer Receive"
# A job killed by a signal: Exitval 0, Signal 9, as parallel writes it.
"$SHOAL" --joblog "$T/ours" 'kill -9 $$' ::: x || true
gnu_parallel --joblog "$T/theirs" 'kill -9 $$' ::: x || true
expect_eq "$(cols "$T/ours")" "$(cols "$T/theirs")" "signal columns"
