# --delay and --rate space out the starts; --timeout N% is a share of the
# median runtime of the jobs that succeeded.
source "$(dirname "$0")/lib.sh"
cd "$T"
starts() { awk -F'\t' 'NR>1 {print $3}' "$1" | sort -n; }
least_gap() { starts "$1" | awk 'NR>1 { d = $1 - prev; if (min == "" || d < min) min = d } { prev = $1 } END { print min }'; }
"$SHOAL" -j 8 --delay 0.2 --joblog d true ::: 1 2 3 4
awk -v g="$(least_gap d)" 'BEGIN { exit !(g >= 0.19) }' || fail "--delay 0.2: starts $(least_gap d) s apart"
"$SHOAL" -j 8 --rate 10/s --joblog r true ::: 1 2 3 4 5
awk -v g="$(least_gap r)" 'BEGIN { exit !(g >= 0.09) }' || fail "--rate 10/s: starts $(least_gap r) s apart"
gnu_parallel -j 8 --delay 0.2 --joblog pd true ::: 1 2 3 4
awk -v g="$(least_gap pd)" 'BEGIN { exit !(g >= 0.19) }' || fail "GNU parallel's --delay differs"
# Five jobs of 0.2 s succeed; the sixth would take 30 s but 300% of the
# median (0.6 s) ends it.
set +e
"$SHOAL" -j 1 --timeout 300% --joblog t sleep ::: 0.2 0.2 0.2 0.2 0.2 30 2>/dev/null
rc=$?
set -e
expect_eq "$rc" 1 "one job timed out"
expect_eq "$(awk -F'\t' 'NR==7 {print $7, $8}' t)" "-1 15" "the long job timed out"
awk -F'\t' 'NR==7 { exit !($4 < 5) }' t || fail "the long job ran too long"
# Bad values are one-line errors.
set +e
"$SHOAL" --rate fast true ::: 1 2>err; rc=$?
set -e
expect_eq "$rc" 255 "bad --rate"
expect_contains "$(cat err)" "invalid rate" "message"
