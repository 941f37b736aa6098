# Several arguments per job and the input-side options of issue 14, against
# GNU parallel: -X -m --xargs -N -n 0 -L -s -r -E --link --shuf --arg-sep
# --arg-file-sep. -j is given wherever it matters: -m and -X spread the last
# arguments over the job slots.
source "$(dirname "$0")/lib.sh"
cd "$T"
same_in() {  # what, stdin file, then the arguments for both
  local what=$1 input=$2; shift 2
  local ours theirs
  ours=$("$SHOAL" -k "$@" < "$input" 2>&1) || true
  theirs=$(gnu_parallel -k "$@" < "$input" 2>&1) || true
  expect_eq "$ours" "$theirs" "$what"
}
seq 1 30 > thirty
# -X repeats the words around {}; -m puts all arguments in {}'s place.
same "-X -j1" -j1 -X echo pre-{}-post ::: a b c
same "-m -j1" -j1 -m echo pre-{}-post ::: a b c
same "-X spreads over the slots" -j2 -X echo pre-{}-post ::: a b c d e
same "-m spreads over the slots" -j3 -m echo x{}y ::: a b c d e f g
same "-X with two replacement strings" -j1 -X echo {} {}x ::: a b c
same "-X positional strings are written once" -j1 -X --colsep , echo {} x{2}y ::: a,b c,d
same "-X with a shell command" -j2 -X 'echo pre-{}-post | cat' ::: a 'b c' d
same "-m with a shell command" -j2 -m 'echo pre-{}-post | cat' ::: a 'b c' d
same "-X --dry-run" -j2 -X --dry-run 'echo pre-{}-post | cat' ::: a 'b c' d
same "-X from stdin" -j1 -X echo :::: thirty
same_in "-m from stdin" thirty -j4 -m echo
same "--xargs does not spread" -j4 --xargs echo ::: a b c d e
same "-X with -n" -j2 -X -n3 echo ::: a b c d e
same "-X with -n, more than the slots" -j2 -X -n3 echo :::: thirty
# -s: the command line stays shorter than N characters.
for s in 8 9 10 11 12; do
  same "-X -s $s" -j1 -X -s $s echo ::: a b c d e
done
same "-m -s" -j1 -m -s 14 echo x{}y ::: a b c d e
same "-X -s" -j1 -X -s 14 echo x{}y ::: a b c d e
same "--xargs -s" -j1 --xargs -s 20 echo ::: aaaa bbbb cccc dddd eeee
same "-X -s over many lines" -j1 -X -s 40 echo :::: thirty
# -N: {} is all of a job's arguments, {1}..{N} one each.
same "-N2 {}" -N2 echo {} ::: a b c d e
same "-N2 {1}-{2}" -N2 echo {1}-{2} ::: a b c d e
same "-N2 repeats the context" -N2 echo x{}y ::: a b c
same "-n2 does not" -n2 echo x{}y ::: a b c
# Run directly, a word with {} makes the words the shell would make of GNU
# parallel's line (shoal passed "xa b" as one argument).
same "-n2 x{} is two words" -n2 printf %s, x{} ::: a b c
same "-m x{}y is two words" -j1 -m printf %s, x{}y ::: a b c
same "-N0" -N0 echo foo ::: a b c
same "-n0" -n0 echo foo ::: a b
same "-n with two sources" -n2 echo ::: a b ::: 1 2
# -L: N lines a job; a line ending in a blank goes on with the next.
same "-L2" -L2 echo ::: a 'b ' c d e
printf 'a b\nc \nd\ne\nf\n' > lines
same_in "-L2 from stdin" lines -L2 echo
same_in "--max-lines 3" lines --max-lines 3 echo
same_in "-L1 -m" lines -L1 -m echo x{}y
# -r skips empty and blank lines; -E stops at the end-of-file string.
printf 'a\n \n\nb\n\t\nc\n' > blanks
same_in "-r" blanks -r echo [{}]
same_in "-r -X" blanks -j1 -r -X echo [{}]
same "-r on ::: arguments" -r echo [{}] ::: a '' ' ' b
same "-E" -E b echo ::: a b c
same_in "-E on stdin" thirty -E 5 echo
same "-E on each source" -E x echo ::: a x b ::: 1 2 x 3
same "-E ''" -E '' echo ::: a '' b
# --link recycles the shorter sources until the longest ends.
same "--link" --link echo ::: a b c ::: 1 2
same "--link three" --link echo {1} {2} {3} ::: 1 2 ::: I II III ::: a b c d e f g
same "--link with files" --link echo :::: thirty lines
# --arg-sep / --arg-file-sep change ::: and ::::.
same "--arg-sep" --arg-sep ,, echo ,, a b
same "--arg-sep keeps ::: for the command" --arg-sep ,, echo ::: ,, a b
same "--arg-file-sep" --arg-file-sep // echo // lines
same "--arg-file-sep with --arg-sep" --arg-sep ,, --arg-file-sep // echo ,, a b // lines
# --shuf runs every job once, in some order.
expect_eq "$("$SHOAL" --shuf echo ::: 1 2 3 ::: a b | sort)" \
          "$(gnu_parallel --shuf echo ::: 1 2 3 ::: a b | sort)" "--shuf runs every job"
# --csv: quoted fields hold separators, quotes and newlines.
echo '"1 big, 2 small","2""x4"" plank",12.34' > sizes.csv
same_in "--csv" sizes.csv --csv echo {1} of {2} at {3}
(echo '"Start of field 1 with newline'; echo 'Line 2 in field 1";value 2'; echo 'x;y') > semi.csv
same_in "--csv --colsep ';'" semi.csv --csv --colsep ';' echo Field 1: {1} Field 2: {2}
same "--csv from ::::" --csv echo {2}/{1} :::: sizes.csv
for bad in 'a,"b' 'a,b"c' '"a"b,c'; do
  printf '%s\n' "$bad" > bad.csv
  set +e
  "$SHOAL" --csv echo :::: bad.csv > /dev/null 2> err; rc=$?
  set -e
  expect_eq "$rc" 255 "--csv with [$bad]: exit status"
  expect_eq "$(wc -l < err)" 1 "--csv with [$bad]: one line"
done
# --header: the first line names the columns.
printf 'a\tb\n1\t2\n3\t4\n' > header.tsv
printf 'name,size\n"x, y",3\nz,4\n' > header.csv
same "--header :" --header : echo {b}-{a} :::: header.tsv
same "--header with modifiers" --header : echo {a.} {a/} ::: a x.y /p/q
same "--header on two ::: sources" --header : echo {f}-{g} ::: f 1 2 ::: g x y
same "--header with --csv" --csv --header : echo {size}:{name} :::: header.csv
same "--header with --colsep" --colsep , --header : echo {size}:{name} :::: header.csv
same "--header N" --header 1 echo {b}-{a} :::: header.tsv
same "--header 0" --header 0 echo {header.tsv} :::: header.tsv
# The system's limit: 100,000 arguments never make a line too long to run,
# and every argument is passed once.
seq 1 100000 > many
"$SHOAL" -X -j2 echo :::: many | tr ' ' '\n' | sort -n > got
cmp -s got many || fail "-X lost or repeated arguments"
"$SHOAL" -m -j2 'echo {} | wc -w' :::: many > counts
expect_eq "$(awk '{ n += $1 } END { print n }' counts)" 100000 "-m through a shell: every argument"
# An argument longer than -s allows is one line and 255, as in GNU parallel.
set +e
"$SHOAL" -X -s 10 echo ::: a abcdefghijk 2> err > out; rc=$?
set -e
expect_eq "$rc" 255 "too long: exit status"
expect_eq "$(wc -l < err)" 1 "too long: one line"
expect_contains "$(cat err)" "command line too long" "too long: said"
set +e
"$SHOAL" -s 0 echo ::: a 2> err; rc=$?
set -e
expect_eq "$rc" 255 "-s 0"
expect_eq "$(wc -l < err)" 1 "-s 0: one line"
expect_nothing_left
