# Bad host lists and remote options get one line naming what is wrong, and
# exit status 255, before anything runs.
source "$(dirname "$0")/lib.sh"

check() {  # expected-fragment, shoal args...
  local want=$1; shift
  set +e
  "$SHOAL" "$@" > "$T/out" 2> "$T/err"
  local rc=$?
  set -e
  expect_eq "$rc" 255 "exit status for $*"
  expect_eq "$(wc -l < "$T/err")" 1 "one line for $*"
  expect_contains "$(cat "$T/err")" "$want" "message for $*"
}
check "1 is less than 3" --nonall -S 'web[3-1]' true
check "unmatched [" --nonall -S 'web[1-3' true
check "bad range" --nonall -S 'web[1-x]' true
check "port must be a number" -S 'web:ssh' true ::: a
check "slots must be at least 1" -S '0/web' true ::: a
check "needs hosts" --nonall true
check "takes no arguments" --nonall -S h1 true ::: a
check "do not go together" --nonall --onall -S h1 true
check "cannot read --sshloginfile" --slf "$T/missing" true ::: a
printf 'h1\n# comment\n\nweb[1-\n' > "$T/slf"
check "line 4" --slf "$T/slf" true ::: a
check "no hosts" -S '' true ::: a
check "no hosts" -S ',' true ::: a
check "expected [N/][user@]host" -S 'x,-oProxyCommand=touch' true ::: a
printf 'h1\r\n' > "$T/crlf"
"$SHOAL" --slf "$T/crlf" --dry-run echo ::: a > /dev/null || fail "a CRLF sshloginfile is read"
# --ssh is split as a shell would: a quote left open is refused.
check "--ssh: a ' is not closed: ssh -F '/p" --nonall -S h1 --ssh "ssh -F '/p" true
check "--ssh: a \" is not closed" --nonall -S h1 --ssh 'ssh -F "/p' true
check "--ssh needs a command" --nonall -S h1 --ssh "  " true
