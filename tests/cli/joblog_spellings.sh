# GNU parallel's two other ways to name a joblog, compared with GNU parallel
# on the same jobs: --joblog +FILE adds to FILE and never writes a header
# (not even to a new or empty file; --resume reads FILE as ever), and
# --joblog - writes the joblog to stdout, its header first and each job's
# line after that job's output.
source "$(dirname "$0")/lib.sh"
cd "$T"

# The joblog lines with their two time columns blanked; other lines as they are.
same_times() { awk -F'\t' -v OFS='\t' 'NF >= 9 && $1 ~ /^[0-9]+$/ { $3 = "T"; $4 = "R" } { print }'; }

# Runs the same arguments under shoal (into ours/) and GNU parallel (theirs/).
both() {
  (cd ours && "$SHOAL" "$@" > out 2> err) || true
  (cd theirs && gnu_parallel "$@" > out 2> err) || true
}
compare() {  # file what
  expect_eq "$(same_times < "ours/$1")" "$(same_times < "theirs/$1")" "$2"
}
mkdir ours theirs

# +FILE: a new file, then a second run adding to it, then --resume on it.
both -j1 --joblog +log 'echo {}; exit {}' ::: 0 1
compare log "+FILE, a new file: no header"
both -j1 --joblog +log 'echo {}' ::: 2 3
compare log "+FILE, a second run: appended, no header"
both -j1 --resume --joblog +log 'echo {}' ::: a b c d e
compare log "--resume with +FILE: the jobs not in it, appended"
compare out "--resume with +FILE: the jobs that ran"
grep -q '^Seq' ours/log && fail "+FILE wrote a header: $(cat ours/log)"

# +FILE after a joblog that has its header: still one header.
rm -f ours/log theirs/log
both -j1 --joblog log true ::: 1
both -j1 --joblog +log true ::: 2
compare log "+FILE after a plain --joblog"
expect_eq "$(grep -c '^Seq' ours/log)" 1 "headers in a joblog added to"

# An empty file: GNU parallel writes no header there either.
: > ours/empty
: > theirs/empty
both --joblog +empty true ::: 1
compare empty "+FILE, an empty file"

# -: on stdout, the header first, each job's line after its output. -j1 and
# -k give both the same order.
both -j1 --joblog - 'echo {}; echo err{} >&2; exit {}' ::: 0 3 0
compare out "--joblog - with -j1"
compare err "--joblog - with -j1: stderr"
both -k -j3 --joblog - "$SLEEP 0.{}; echo {}" ::: 3 1 2
compare out "--joblog - with -k"
[ ! -e ours/- ] || fail "--joblog - wrote a file named -"

# --dry-run writes no joblog: no file with +FILE, no header on stdout.
both --dry-run --joblog +dry echo ::: a
[ ! -e ours/dry ] || fail "--dry-run created the joblog"
[ ! -e theirs/dry ] || fail "GNU parallel's --dry-run created the joblog"
both --dry-run --joblog - echo ::: a
compare out "--dry-run --joblog -"

# stdout's reader goes away: shoal ends by SIGPIPE, quietly, as GNU parallel.
status=$( set +o pipefail; "$SHOAL" --joblog - true ::: $(seq 300) 2> err | head -1 > /dev/null; echo "${PIPESTATUS[0]}")
expect_eq "$status" 141 "--joblog - into head -1: exit status"
expect_eq "$(cat err)" "" "--joblog - into head -1: stderr"

# The live status line (on stderr, here the same file as stdout) is cleared
# before a joblog line is written: what a terminal shows after the line's
# last carriage return is the record, not the status text before it.
"$SHOAL" --live -j2 --joblog - "$SLEEP" 0.3 ::: 0 0 0 0 > live 2>&1
awk -F'\t' 'NF >= 9' live | tr '\r' '\n' | awk -F'\t' 'NF >= 9 && $1 != "Seq" { sub(/^\033\[K/, ""); if ($0 !~ /^[0-9]+\t/) bad = 1 } END { exit bad }' ||
  fail "a joblog line follows the status line's text: $(cat -v live)"

# Bad input: one line, exit 255.
for args in "--joblog +" "--resume --joblog -"; do
  # shellcheck disable=SC2086
  out=$("$SHOAL" $args echo ::: a 2>&1) && fail "$args was accepted"
  expect_eq "$("$SHOAL" $args echo ::: a > /dev/null 2>&1; echo $?)" 255 "$args: exit status"
  expect_eq "$(wc -l <<< "$out")" 1 "$args: one line"
done
expect_nothing_left
