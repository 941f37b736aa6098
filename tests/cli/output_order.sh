# Grouped output, -k and --tag print what GNU parallel prints.
source "$(dirname "$0")/lib.sh"
args=(9 3 6 0)
job='sleep 0.{}; echo out {}; echo err {} >&2; echo more {}'
ours=$("$SHOAL" -j 5 -k "$job" ::: "${args[@]}" 2>&1)
theirs=$(gnu_parallel -j 5 -k "$job" ::: "${args[@]}" 2>&1)
expect_eq "$ours" "$theirs" "-k output"
ours=$("$SHOAL" -j 5 -k --tag "$job" ::: "${args[@]}" 2>/dev/null)
theirs=$(gnu_parallel -j 5 -k --tag "$job" ::: "${args[@]}" 2>/dev/null)
expect_eq "$ours" "$theirs" "--tag output"
# Without -k: finishing order, each job's lines together.
ours=$("$SHOAL" -j 5 "$job" ::: "${args[@]}" 2>/dev/null)
expect_eq "$ours" $'out 0\nmore 0\nout 3\nmore 3\nout 6\nmore 6\nout 9\nmore 9' "grouped, finishing order"
