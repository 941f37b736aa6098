# A host that cannot be reached is a record with status error and ssh's own
# message; the others carry on. Spread jobs go to the hosts that are up.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/lib_sshd.sh"

set +e
"$SHOAL" --ssh "$SSH" --nonall -S h1,dead,h2 --json 'echo up' > "$T/out" 2> "$T/err"
rc=$?
set -e
expect_eq "$rc" 1 "exit status counts the dead host"
expect_eq "$(jq -r 'select(.host == "dead") | .status' "$T/out")" error "dead host's status"
expect_contains "$(jq -r 'select(.host == "dead") | .error' "$T/out")" "Connection refused" "ssh's message"
expect_eq "$(jq -r 'select(.status == "ok") | .host' "$T/out" | sort | tr '\n' ' ')" "h1 h2 " "live hosts"
expect_contains "$(cat "$T/err")" "Connection refused" "message on stderr"

# Without multiplexing the job's own ssh fails: the same status and message.
set +e
"$SHOAL" --ssh "$SSH" --no-multiplex --nonall -S dead,h1 --json true > "$T/out2" 2>/dev/null
set -e
expect_eq "$(jq -r 'select(.host == "dead") | .status' "$T/out2")" error "dead host, no multiplexing"
expect_contains "$(jq -r 'select(.host == "dead") | .error' "$T/out2")" "Connection refused" "its message"

# Spread: the dead host's share goes to h1.
"$SHOAL" --ssh "$SSH" -S dead,h1 --joblog "$T/log" echo ::: 1 2 3 4 > "$T/out3" 2> "$T/err3"
expect_eq "$(sort "$T/out3" | tr '\n' ' ')" "1 2 3 4 " "all jobs ran"
expect_eq "$(awk -F'\t' 'NR > 1 { print $2 }' "$T/log" | sort -u)" h1 "on the live host"
expect_contains "$(cat "$T/err3")" "dead: ssh: connect to host" "the dead host is named"

# Every host dead: each job still gets its one record.
set +e
"$SHOAL" --ssh "$SSH" -S dead --joblog "$T/log4" echo ::: 1 2 3 > /dev/null 2>&1
rc=$?
set -e
expect_eq "$rc" 3 "three jobs not ok"
expect_eq "$(awk -F'\t' 'NR > 1 { print $7 }' "$T/log4" | tr '\n' ' ')" "255 255 255 " "Exitval 255, as ssh's"
expect_no_ssh_left
expect_nothing_left

# GNU parallel logs an unreachable host the same way: Exitval 255.
set +e
"$SHOAL" --ssh "$SSH" --nonall -S h1,dead --joblog "$T/slog" 'echo hi' > /dev/null 2>&1
gnu_parallel --ssh "$SSH" --nonall -S h1,dead --joblog "$T/plog" 'echo hi' > /dev/null 2>&1
set -e
columns() { awk -F'\t' 'NR > 1 { print $2, $7 }' "$1" | sort; }
expect_eq "$(columns "$T/slog")" "$(columns "$T/plog")" "Host and Exitval columns, as GNU parallel's"
expect_no_ssh_left

# A host that never finishes logging in is given up on (ConnectTimeout
# covers only the TCP connect): three connect timeouts for its shared
# connection, then error.
set +e
"$SHOAL" --ssh "$SSH" --connect-timeout 1 --onall -S h1,stall --json 'echo {}' ::: up > "$T/out5" 2>/dev/null
rc=$?
set -e
expect_eq "$rc" 1 "the stalled host counts as not ok"
expect_contains "$(jq -r 'select(.host == "stall") | .error' "$T/out5")" "could not log in within 3 s" "why"
expect_eq "$(jq -r 'select(.host == "h1") | .stdout' "$T/out5")" "up" "the other host ran"
expect_no_ssh_left
expect_nothing_left
