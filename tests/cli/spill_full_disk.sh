# Output spilled to a $TMPDIR that fills, then frees: every byte comes out
# once and in order, in plain output, --json and --results. Once a short
# spill write moved the file offset while the bytes stayed buffered: 1.2 MB
# of B then 1.2 MB of b came out as 1,724,288 B and 675,712 b, exit 0.
source "$(dirname "$0")/lib.sh"
small_tmpfs 2m
head -c 1200k /dev/zero > "$T/disk/filler" 2> /dev/null || true
disk="$T/disk"
# The job prints 1.2 MB of B (past the 1 MiB kept in memory, so shoal
# spills to the nearly full disk), waits until the disk is full -- shoal's
# spill has met ENOSPC -- then frees it and prints 1.2 MB of b.
job=': {}; head -c 1200000 /dev/zero | tr "\0" B
     for i in $(seq 400); do [ "$(df --output=avail "$TMPDIR" | tail -1)" -eq 0 ] && break; sleep 0.05; done
     rm -f "$TMPDIR/filler"
     head -c 1200000 /dev/zero | tr "\0" b'
# B's, then b's, nothing else: "<runs> B=<n> b=<n>".
counts() { python3 -c 'import sys, itertools; d = sys.stdin.buffer.read()
print(*[f"{chr(k)}={len(list(g))}" for k, g in itertools.groupby(d)])'; }
refill() { head -c 1200k /dev/zero > "$T/disk/filler" 2> /dev/null || true; }

TMPDIR=$disk "$SHOAL" "$job" ::: 1 > "$T/out" 2> "$T/err"
expect_eq "$(counts < "$T/out")" "B=1200000 b=1200000" "plain output"
expect_contains "$(cat "$T/err")" "warning: cannot write spill file: No space left on device" "the failed spill is said"

refill
TMPDIR=$disk "$SHOAL" --json "$job" ::: 1 > "$T/json"
expect_eq "$(python3 -c 'import json,sys; print(json.load(sys.stdin)["stdout"].count("B"), end=" ")' < "$T/json"; \
             python3 -c 'import json,sys; print(json.load(sys.stdin)["stdout"].count("b"))' < "$T/json")" \
          "1200000 1200000" "--json"

refill
TMPDIR=$disk "$SHOAL" --results "$T/res" "$job" ::: 1 > /dev/null
expect_eq "$(counts < "$T/res/1/1/stdout")" "B=1200000 b=1200000" "--results"
expect_nothing_left
