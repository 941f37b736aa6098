# An input line with shell syntax is one argument, never a second command:
# neither when the job runs directly nor when it runs in a shell.
source "$(dirname "$0")/lib.sh"
cd "$T"
line='x; touch PWNED'
out=$("$SHOAL" echo ::: "$line")
expect_eq "$out" "$line" "direct mode output"
out=$(printf '%s\n' "$line" '$(touch PWNED2)' '`touch PWNED3`' | "$SHOAL" -k 'echo {} | cat')
expect_eq "$out" "$line"$'\n''$(touch PWNED2)'$'\n''`touch PWNED3`' "shell mode output"
out=$("$SHOAL" printf '[%s]' ::: "a b 'c' \"d\"")
expect_eq "$out" "[a b 'c' \"d\"]" "one argument with spaces and quotes"
[ ! -e PWNED ] && [ ! -e PWNED2 ] && [ ! -e PWNED3 ] || fail "an input line ran a command"
