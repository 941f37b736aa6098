# -q/--quote: each command word is one word for the shell, whatever it
# holds (blanks, $, *, ;, quotes), with its replacement strings still
# replaced -- compared with GNU parallel 20221122.
source "$(dirname "$0")/lib.sh"
cd "$T"
touch a-file-the-glob-would-find
same "-q: shell syntax literal" -q printf '<%s>\n' 'a  b' '$HOME' '*' ';' '{}' 'x{}y' '{.}' ::: '1  2.c' "it's" '$(touch PWNED)'
same "--quote: a script for sh -c stays one word" --quote sh -c 'echo "$0|$1"' {} x ::: 'a b' 'c;d'
same "-q: an empty word stays a word" -q printf '[%s]' '' {} ::: a
same "-q: positional and several sources" -q printf '%s|%s\n' '{2} {1}' '{1.}' ::: a.x b ::: '>' '&'
same "-q with -I" -q -I @@ printf '%s\n' 'a @@ b' ::: 'x  y'
same "-q: a redirection is an argument" -q echo '>' {} ::: out
[ ! -e out ] || fail "-q: '>' redirected"
[ ! -e PWNED ] || fail "-q: a value ran as a command"
# The whole line, quoted: a command of two words in one is not found
# (127), as in GNU parallel (whose shell words the message its own way).
"$SHOAL" -q --joblog ours.log 'echo a' ::: 1 2>/dev/null && fail "-q 'echo a' ran"
gnu_parallel -q --joblog theirs.log 'echo a' ::: 1 2>/dev/null && fail "GNU: -q 'echo a' ran"
expect_eq "$(cut -f7 ours.log)" "$(cut -f7 theirs.log)" "-q 'echo a': the exit value"
expect_nothing_left
