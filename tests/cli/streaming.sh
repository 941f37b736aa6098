# Input is streamed: the first job starts before the input has ended. The
# producer below writes its second line only after the first job has run; a
# shoal that read all input first would wait for ever (and time out).
source "$(dirname "$0")/lib.sh"
mkfifo "$T/go"
printf '#!/bin/sh\n[ "$1" = first ] && echo go > %s\necho "$1"\n' "$T/go" > "$T/job"
chmod +x "$T/job"
out=$({ echo first; read -r _ < "$T/go"; echo second; } | timeout 30 "$SHOAL" -k "$T/job")
expect_eq "$out" $'first\nsecond' "both jobs ran"
