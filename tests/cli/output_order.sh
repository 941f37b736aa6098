# Grouped output, -k and --tag print what GNU parallel prints. The jobs end
# in the order 0 3 6 9, not the input's: each waits at its own fifo for the
# word to go, and the test gives it to the next only once the one before
# has said it is done (as interrupt.sh waits for its jobs: events, not sleeps).
source "$(dirname "$0")/lib.sh"
args=(9 3 6 0)
for a in "${args[@]}"; do mkfifo "$T/go.$a"; done
mkfifo "$T/done" "$T/shown"
exec 3<>"$T/done"  # held open: no job blocks on it, no line is lost
job="$T/$MARK-job"
cat > "$job" <<SCRIPT
#!/bin/sh
read -r _ < "$T/go.\$1"
echo out \$1; echo err \$1 >&2; echo more \$1
echo \$1 > "$T/done"
SCRIPT
chmod +x "$job"

release() {  # in the order of ending, each after the one before is done
  local a
  for a in 0 3 6 9; do
    echo go > "$T/go.$a"
    read -r _ <&3
  done
}
gated() {  # the command (shoal or GNU parallel), its arguments; output of both streams
  release &
  local releaser=$! out
  out=$("$@" 2>&1)
  wait "$releaser"
  printf '%s' "$out"
}
ours=$(gated "$SHOAL" -j 5 -k "$job {}" ::: "${args[@]}")
theirs=$(gated gnu_parallel -j 5 -k "$job {}" ::: "${args[@]}")
expect_eq "$ours" "$theirs" "-k output"
ours=$(gated "$SHOAL" -j 5 -k --tag "$job {}" ::: "${args[@]}")
theirs=$(gated gnu_parallel -j 5 -k --tag "$job {}" ::: "${args[@]}")
expect_eq "$ours" "$theirs" "--tag output"

# Without -k: finishing order, each job's lines together. A job's lines
# show once it has ended, so the next is let go only when they have shown.
exec 5<>"$T/shown"
"$SHOAL" -j 5 "$job {}" ::: "${args[@]}" > "$T/shown" 2> /dev/null &
shoal_pid=$!
ours=
for a in 0 3 6 9; do
  echo go > "$T/go.$a"
  while [ "${line:-}" != "more $a" ]; do
    read -r -t 20 line <&5 || fail "job $a ended, its lines never showed (so far: [$ours])"
    ours+="$line"$'\n'
  done
done
wait "$shoal_pid"
expect_eq "$ours" $'out 0\nmore 0\nout 3\nmore 3\nout 6\nmore 6\nout 9\nmore 9\n' "grouped, finishing order"
expect_nothing_left
