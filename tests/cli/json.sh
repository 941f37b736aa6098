# --json: one valid JSON object per job with every field; any bytes a job
# prints survive (invalid UTF-8 is carried exactly in *_base64).
source "$(dirname "$0")/lib.sh"
"$SHOAL" --json --timeout 0.5 -k 'printf "out {}"; echo err >&2; [ {} = sleep ] && sleep 5; exit {}' \
  ::: 0 3 sleep > "$T/out" 2>/dev/null || true
expect_eq "$(wc -l < "$T/out")" 3 "one line per job"
jq -e . "$T/out" > /dev/null || fail "not valid JSON: $(cat "$T/out")"
expect_eq "$(jq -r '[.seq, .status, .exit, .stdout, .stderr, .tries] | @tsv' "$T/out")" \
  "$(printf '1\tok\t0\tout 0\terr\\n\t1\n2\tfailed\t3\tout 3\terr\\n\t1\n3\ttimeout\t\tout sleep\terr\\n\t1')" \
  "fields"  # a timed-out job did not exit: exit is null, .signal says why
expect_eq "$(jq -r 'select(.seq==3) | .signal' "$T/out")" 15 "timeout signal"
for key in seq args host command status exit signal start end duration tries stdout stderr; do
  expect_eq "$(jq -c "has(\"$key\")" "$T/out" | sort -u)" true "every record has $key"
done
# Bytes that are not UTF-8.
printf 'a\377\376b\000c' > "$T/bin"
"$SHOAL" --json cat ::: "$T/bin" > "$T/bin.json"
jq -r .stdout_base64 "$T/bin.json" | base64 -d | cmp - "$T/bin" || fail "bytes not carried exactly"
# A command that does not exist is status error with its message.
"$SHOAL" --json shoal-no-such-cmd ::: x > "$T/err.json" 2>/dev/null || true
expect_eq "$(jq -r '.status + ": " + .error' "$T/err.json")" "error: command not found: shoal-no-such-cmd" "error record"
