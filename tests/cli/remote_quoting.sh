# Arguments survive the remote shell: spaces, quotes, $, ;, backquotes and
# a newline arrive as one argument each, intact -- the same as a local run
# prints -- and nothing in them runs.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/lib_sshd.sh"

args=("two words" "it's" 'say "hi"' '$HOME' "x; touch $T/PWNED" '`touch '"$T"'/PWNED2`' $'line1\nline2' '*' '--x')
# NUL-separated, so the newline stays inside its argument (a `:::`
# argument is cut at newlines, as GNU parallel cuts it).
printf '%s\0' "${args[@]}" > "$T/args"
"$SHOAL" -0 -k "printf '<%s>\\n'" :::: "$T/args" > "$T/local"
"$SHOAL" -0 --ssh "$SSH" -S h1 -k "printf '<%s>\\n'" :::: "$T/args" > "$T/remote"
expect_eq "$(cat "$T/remote")" "$(cat "$T/local")" "remote output equals local"
expect_eq "$(grep -c '^<' "$T/remote")" 9 "one argument each"
[ ! -e "$T/PWNED" ] && [ ! -e "$T/PWNED2" ] || fail "an argument ran as a command"
# A shell command line runs as written.
expect_eq "$("$SHOAL" --ssh "$SSH" --nonall -S h1 'a=1; echo "$a" | tr 1 X')" X "shell syntax remotely"
expect_no_ssh_left
