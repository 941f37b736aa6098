# --joblog has GNU parallel's columns: the same jobs give the same Seq, Host,
# Send, Receive, Exitval, Signal and Command columns; times are numbers.
source "$(dirname "$0")/lib.sh"
jobs=(0 1 7)
"$SHOAL" -k --joblog "$T/ours" 'exit {}' ::: "${jobs[@]}" || true
gnu_parallel -k --joblog "$T/theirs" 'exit {}' ::: "${jobs[@]}" || true
expect_eq "$(head -1 "$T/ours")" "$(head -1 "$T/theirs")" "header"
cols() { sort -n "$1" | awk -F'\t' 'NR>1 {print $1, $2, $5, $6, $7, $8, $9}'; }
expect_eq "$(cols "$T/ours")" "$(cols "$T/theirs")" "columns"
awk -F'\t' 'NR>1 && !($3 ~ /^[0-9]+\.[0-9][0-9][0-9]$/ && $4 ~ /^ *[0-9]+\.[0-9][0-9][0-9]$/) {exit 1}' "$T/ours" ||
  fail "time columns are not GNU parallel's %.3f / %10.3f: $(cat "$T/ours")"
# A job killed by a signal: Exitval 0, Signal 9, as parallel writes it.
"$SHOAL" --joblog "$T/ours" 'kill -9 $$' ::: x || true
gnu_parallel --joblog "$T/theirs" 'kill -9 $$' ::: x || true
expect_eq "$(cols "$T/ours")" "$(cols "$T/theirs")" "signal columns"
