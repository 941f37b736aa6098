# Input sources and positional replacement strings, against GNU parallel:
# every combination of several sources, :::+ / ::::+ pairing, -a, -0, -d,
# --colsep, {1} {2} and their modifiers, -I, -n.
source "$(dirname "$0")/lib.sh"
cd "$T"
printf '%s\n' x y > xy
printf '%s\n' 1 2 3 > nums
printf 'a,b c\nd,e\n' > csv
same "combinations" echo ::: a b ::: 1 2
same "three sources" echo {3}{2}{1} ::: a b ::: 1 2 ::: p q
same ":::+ pairs" echo ::: a b c :::+ 1 2 3
same ":::+ stops at the shorter" echo ::: a b c :::+ 1 2
same "::::+ pairs files" echo :::: xy ::::+ nums
same ":::: with two files" echo :::: xy nums
same "::::+ first" echo ::::+ xy
same ":::+ first" echo :::+ a b
same "::::+ pairs every file after it" echo ::::+ nums xy
same "::::+ with two files after :::" echo ::: a b c ::::+ nums xy
same "-a twice" -a xy -a nums echo
same "positional with modifiers" echo '{1.} {2/} {2//} {1/.}' ::: a.b/c.d ::: /x/y.z
same "--colsep" --colsep , echo '{2}-{1}' :::: csv
same "--colsep appends every column" --colsep , echo :::: csv
same "-I" -I @@ echo '@@.bak' ::: f g
same "-n 2" -n 2 echo '{2}+{1}' ::: a b c d e
same "a position past the arguments" echo {1} {2} ::: a
same "--tag with two sources" --tag echo ::: a b ::: 1
expect_eq "$(printf 'a b\0c\nd\0' | "$SHOAL" -k -0 echo '[{}]')" "$(printf '[a b]\n[c\nd]')" "-0"
expect_eq "$(printf 'a:b:c' | "$SHOAL" -k -d : echo)" "$(printf 'a:b:c' | gnu_parallel -k -d : echo)" "-d"
# -d as GNU parallel reads it: escapes, several bytes, and applied to :::
# arguments too (each cut at it, every piece counted).
printf 'x\r\ny\r\n' > crlf
printf 'x\n\ny\nz\n\n' > paragraphs
same "-d '\\r\\n'" -d '\r\n' echo '{#}:{}' :::: crlf
same "-d '\\n\\n'" -d '\n\n' echo '{#}:{}' :::: paragraphs
same "-d of two letters" -d ab echo '{#}:{}' ::: xabyab
same "-d in octal" -d '\054' echo '{#}:{}' ::: a,b
same "::: cut at newlines" echo '{#}:{}' ::: $'a\nb' c $'d\n' $'\n'
same "::: cut at -d" -d , echo '{#}:{}' ::: 'a,b,' c
same "::: with -0 is not cut at newlines" -0 echo '{#}:{}' ::: $'a\nb'
# A NUL in newline-separated input becomes the two characters \0, as in GNU
# parallel (shoal failed the job), and is said once.
printf 'a\0b\nc\0\n' > nul
expect_eq "$("$SHOAL" -k echo '{#}:{}' :::: nul 2>/dev/null)" "$(gnu_parallel -k echo '{#}:{}' :::: nul 2>/dev/null)" "a NUL in a line"
"$SHOAL" true :::: nul 2> err
expect_eq "$(cat err)" 'shoal: warning: a NUL in the input was replaced with \0 (an argument cannot hold NUL; -0 reads NUL-separated input)' "the NUL is said once"
# Values from several sources stay quoted: no injection through any of them.
"$SHOAL" 'echo {1} {2} > /dev/null' ::: '$(touch PWNED1)' ::: '; touch PWNED2'
[ ! -e PWNED1 ] && [ ! -e PWNED2 ] || fail "an argument ran a command"
# Bad input is one line and 255.
set +e
"$SHOAL" --colsep '(' echo ::: a 2>err; rc=$?
set -e
expect_eq "$rc" 255 "bad --colsep"
expect_eq "$(wc -l < err)" 1 "one line"
