# --verbose's lines (and shoal's own) arrive whole beside the jobs' output,
# which a thread of shoal's writes: each job writes a long line on stderr,
# many at once, and stderr is a pipe read slowly enough to fill, so that a
# write of the thread's is still going when the next job starts. Every line
# read must be a whole job line or a whole --verbose line, each once. (The
# --verbose lines were once written from the loop straight to fd 2, and
# landed in the middle of a job's line.)
source "$(dirname "$0")/lib.sh"

cat > "$T/long" <<'EOF2'
#!/bin/sh
# 100 kB of x, then the job's number: one line, on stderr.
head -c 100000 /dev/zero | tr '\0' x >&2
echo " $1" >&2
EOF2
chmod +x "$T/long"

# Reads in small pieces, a little at a time: the pipe stays full.
slow_reader() { python3 -c '
import sys, time
out = open(sys.argv[1], "wb")
while True:
    b = sys.stdin.buffer.read1(4096)
    if not b: break
    out.write(b)
    time.sleep(0.0005)
' "$1"; }

for mode in "" --line-buffer; do
  # shellcheck disable=SC2086
  "$SHOAL" -t -j8 $mode "$T/long" ::: $(seq 60) 2>&1 >/dev/null | slow_reader "$T/err"
  awk -v long="$T/long" '
    /^x+ [0-9]+$/ && length($1) == 100000 { job[$2]++; next }
    $0 ~ "^" long " [0-9]+$" { verbose[$2]++; next }
    { bad++; printf "a cut line (%d bytes): %.60s...%s\n", length($0), $0, substr($0, length($0) - 20) }
    END {
      for (i = 1; i <= 60; i++) if (job[i] != 1 || verbose[i] != 1) { printf "job %d: %d lines, %d verbose lines\n", i, job[i], verbose[i]; bad++ }
      exit bad > 0
    }' "$T/err" > "$T/bad" || fail "${mode:-grouped}: lines not whole: $(head -5 "$T/bad")"
done
expect_nothing_left
