# -k behind a slow job: the outputs that wait for their turn are bounded in
# memory (past 64 MiB they wait in a file in $TMPDIR, docs/design.md) and
# in fds (an output spilled to a file of its own does not keep the file
# open while it waits), and each still comes out whole, in input order.
source "$(dirname "$0")/lib.sh"
mkfifo "$T/gate"
exec 5<>"$T/gate"  # job 1 waits on it until the others have all ended
# ASan keeps freed blocks in a quarantine (256 MB by default), which would
# count as shoal's memory here: a small one measures shoal's own.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=8"

cat > "$T/job" << SCRIPT
#!/bin/sh
[ "\$1" = 1 ] && read -r _ < "$T/gate"
printf 'start %s\n' "\$1"
head -c "\$2" /dev/zero
printf '\nend %s\n' "\$1"
[ "\$1" = 1 ] || echo >> "$T/done.\$2"
SCRIPT
chmod +x "$T/job"

# Runs jobs 1..N printing SIZE bytes each, job 1 last to end; checks the
# output and leaves shoal's peak RSS (KiB) in $T/rss.
run_behind_slow_job() {  # N SIZE, then shoal's own options
  local n=$1 size=$2 _
  shift 2
  /usr/bin/time -f %M -o "$T/rss" "$SHOAL" -k "$@" "$T/job" {} "$size" ::: $(seq "$n") \
    > "$T/out" 2> "$T/err" &
  local pid=$!
  for _ in $(seq 1200); do
    [ "$(cat "$T/done.$size" 2> /dev/null | wc -l)" -ge $((n - 1)) ] && break
    sleep 0.1
  done
  echo go >&5
  wait "$pid" || fail "shoal failed: $(cat "$T/err")"
  expect_eq "$(cat "$T/err")" "" "shoal's stderr"
  local expected=0 i
  for i in $(seq "$n"); do expected=$((expected + size + ${#i} * 2 + 13)); done
  expect_eq "$(wc -c < "$T/out")" "$expected" "bytes printed"
  for i in $(seq "$n"); do printf 'start %s\n\nend %s\n' "$i" "$i"; done > "$T/expected"
  tr -d '\0' < "$T/out" | cmp -s - "$T/expected" || fail "outputs not whole and in order"
}

# 500 outputs of 0.9 MB (each under the 1 MiB a job keeps in memory) wait
# behind job 1: 450 MB, which once all stayed in memory.
run_behind_slow_job 501 900000 -j 20
rss_mb=$(($(cat "$T/rss") / 1024))
echo "peak RSS: ${rss_mb} MB"
# shoal's own: 64 MiB of waiting output and its buffers (89 MB measured).
# An AddressSanitizer build adds its allocator's redzones and metadata and
# its shadow memory on top (205 MB measured): still well under the 450 MB
# that holding every output would take.
bound=200
# Not `ldd | grep -q`: grep leaving early gives ldd SIGPIPE, and under
# pipefail the ASan build then got the normal bound now and then.
case "$(ldd "$SHOAL" 2> /dev/null)" in *libasan*) bound=300 ;; esac
[ "$rss_mb" -le "$bound" ] || fail "peak RSS ${rss_mb} MB holding 450 MB of -k output (bound: $bound MB)"

# 120 outputs of 1.1 MB (each in a spill file of its own) wait behind job 1
# with 120 fds allowed: once they kept 120 spill files open, ran out of fds
# and held the rest in memory.
(ulimit -n 120 && run_behind_slow_job 121 1100000 -j 8)
expect_nothing_left
