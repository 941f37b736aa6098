# --bar, --eta and --progress leave their last state on stderr, ended by a
# newline, as GNU parallel 20221122 does -- also when every job has ended
# before the first redraw. --eta and --progress begin with GNU parallel's
# table of computers. Times differ from run to run: they are blanked.
source "$(dirname "$0")/lib.sh"
cd "$T"
# The last line's last state: what follows its last \r, escapes and the
# padding removed, times blanked.
final() {
  tail -n 1 "$1" | tr '\r' '\n' | grep -v '^$' | tail -n 1 |
    sed -e 's/\x1b\[[0-9;]*[mK]//g' -e 's/ *$//' -e 's/[0-9][0-9]*\.[0-9]*s/Ts/g' -e 's/ETA: [0-9]*s/ETA: Ns/'
}
# The table of computers (the CPU count blanked). GNU parallel's legend
# line below it shows only if a job still ran at its first redraw.
header() { grep -e '^Computers / CPU' -e '^1:local' "$1" | sed 's|^1:local / [0-9]* /|1:local / N /|'; }
for option in --bar --eta --progress; do
  "$SHOAL" -j2 "$option" true ::: a b c 2> ours
  gnu_parallel -j2 "$option" true ::: a b c 2> theirs
  expect_eq "$(final ours)" "$(final theirs)" "$option: the last state"
  expect_eq "$(tail -c 1 ours | od -An -c | tr -d ' ')" '\n' "$option: ends with a newline"
  expect_eq "$(header ours)" "$(header theirs)" "$option: the table of computers"
done
expect_eq "$(final ours)" "local:0/3/100%/Ts" "--progress: all three done"
# A failing job does not change that.
"$SHOAL" -j1 --bar 'exit {}' ::: 0 1 2> ours || true
expect_eq "$(final ours)" "100% 2:0=0s 1" "--bar after a failed job"
