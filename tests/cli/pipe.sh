# --pipe and its kin, side by side with GNU parallel on the same input:
# blocks cut at the last record end before --block (k/K/M suffixes), -N
# records per block, --recstart/--recend (literal, and --regexp), --header
# repeated to every block, {#} numbering the blocks, --round-robin,
# --pipepart -a FILE, --tee; and one-line errors for what cannot be done.
source "$(dirname "$0")/lib.sh"
cd "$T"

same() {  # what, then the options and command given to both
  local what=$1
  shift
  local ours theirs
  ours=$("$SHOAL" "$@" < "$INPUT" 2>&1) || { echo "$ours" >&2; fail "$what: shoal failed"; }
  theirs=$(gnu_parallel "$@" < "$INPUT" 2>&1) || fail "$what: GNU parallel failed"
  expect_eq "$ours" "$theirs" "$what"
}

seq 100000 > numbers
INPUT=numbers
same "--block 10k" -k --pipe --block 10k 'wc -l'
same "--block 64K" -k --pipe --block 64K 'wc -c'
same "--block 1M (the default)" -k --pipe 'wc -c'
same "--block 0.5M" -k --pipe --block 0.5M 'wc -c'
same "{#} numbers blocks" -k --pipe --block 100k 'echo {#}; wc -l'
same "-N 1000" -k --pipe -N 1000 'wc -l'
seq 10 > ten
INPUT=ten
same "-N3" -k --pipe -N3 'echo J; cat'
same "--block 6" -k --pipe --block 6 'echo J; cat'

printf '>a\nx\n>b\ny\ny\n>c\nzz\n' > fasta
INPUT=fasta
same "--recstart -N1" -k --pipe --recstart '>' -N1 'echo J; cat'
same "--recstart --block" -k --pipe --recstart '>' --block 8 'echo J; cat'
same "--regexp --recstart ^> -N1" -k --pipe --regexp --recstart '^>' -N1 'echo J; cat'
same "--regexp -N2" -k --pipe --regexp --recstart '^>' -N2 'echo J; cat'
printf 'garbage\n>a\nx\n>b\ny\n' > garbage
INPUT=garbage
same "--regexp: input before the first record" -k --pipe --regexp --recstart '>' -N1 'echo J; cat'
printf '<r>1</r><r>2\n</r><r>3</r>' > xml
INPUT=xml
same "--recstart and --recend" -k --pipe --recstart '<r>' --recend '</r>' -N1 'echo J; cat; echo'
same "--recend alone" -k --pipe --recend '</r>' -N2 'echo J; cat; echo'
printf 'a,b\n1,2\n3,4\n5,6\n7,8\n' > csv
INPUT=csv
same "--header 1 -N2" -k --pipe --header 1 -N2 'echo J; cat'
same "--header : --block 8" -k --pipe --header : --block 8 'echo J; cat'
same "--header regexp" -k --pipe --header 'a.*\n' -N3 'echo J; cat'

# A record longer than --block: the block grows, with a warning.
printf 'aaaaaaaaaaaaaaaaaaaa\nb\n' > long
"$SHOAL" -k --pipe --block 5 cat < long > out 2> err
expect_eq "$(cat out)" "$(cat long)" "a record longer than --block"
expect_contains "$(cat err)" "a record was longer than 5 bytes" "a record longer than --block: said"

# Bounded memory: stdin is read only as jobs take blocks, so 100 MB through
# --block 1M at -j 2 never has much more than a few blocks in shoal: its
# peak RSS grows by less than 40 MB over a run of 1 MB. (Under ASan, freed
# blocks would wait in its quarantine: none, so that RSS counts what shoal
# holds.)
export ASAN_OPTIONS="${ASAN_OPTIONS:-}${ASAN_OPTIONS:+:}quarantine_size_mb=0"
head -c 100000000 /dev/zero | tr '\0' '\n' > big
head -c 1000000 big > small
/usr/bin/time -o rss.small -f %M "$SHOAL" --pipe --block 1M -j2 'wc -c' < small > out
/usr/bin/time -o rss -f %M "$SHOAL" --pipe --block 1M -j2 'wc -c' < big > out
expect_eq "$(paste -sd+ out | bc)" 100000000 "--pipe of 100 MB: every byte once"
[ $(($(cat rss) - $(cat rss.small))) -lt 40000 ] ||
  fail "--pipe of 100 MB: peak RSS $(cat rss) KB, against $(cat rss.small) KB for 1 MB"
cat big | /usr/bin/time -o rss -f %M "$SHOAL" --pipe --block 1M -j2 'wc -c' > out
expect_eq "$(paste -sd+ out | bc)" 100000000 "--pipe of 100 MB from a pipe: every byte once"
[ $(($(cat rss) - $(cat rss.small))) -lt 40000 ] ||
  fail "--pipe of 100 MB from a pipe: peak RSS $(cat rss) KB, against $(cat rss.small) KB for 1 MB"
rm big small

# --round-robin: at most -j jobs, each reading blocks until the input ends.
# Which job gets which block is not fixed (in GNU parallel either).
INPUT=numbers
ours=$("$SHOAL" --pipe --round-robin -j3 --block 10k 'wc -l' < numbers)
theirs=$(gnu_parallel --pipe --round-robin -j3 --block 10k 'wc -l' < numbers)
expect_eq "$(echo "$ours" | wc -l)" "$(echo "$theirs" | wc -l)" "--round-robin: -j jobs"
expect_eq "$(echo "$ours" | paste -sd+ | bc)" 100000 "--round-robin: every line once"
expect_eq "$("$SHOAL" --pipe --round-robin -j3 --block 10k cat < numbers | sort -n | cmp - numbers && echo same)" same \
  "--round-robin: the input, whole"
expect_eq "$("$SHOAL" --pipe --round-robin -j4 'wc -l' < ten)" 10 "--round-robin: one block, one job (as GNU parallel)"

# --pipepart: the file cut where it lies.
for args in "--block 10k" "--block 100k" "-j2" "-j3 --block -1" "-j2 --block -3"; do
  # shellcheck disable=SC2086
  expect_eq "$("$SHOAL" -k --pipepart -a numbers $args 'wc -l')" \
    "$(gnu_parallel -k --pipepart -a numbers $args 'wc -l')" "--pipepart $args"
done
expect_eq "$("$SHOAL" -k --pipepart -a csv --header 1 --block 5 'echo J; cat')" \
  "$(gnu_parallel -k --pipepart -a csv --header 1 --block 5 'echo J; cat')" "--pipepart --header 1"
expect_eq "$("$SHOAL" -k --pipepart -a fasta --recstart '>' --block 3 'echo J; cat')" \
  "$(gnu_parallel -k --pipepart -a fasta --recstart '>' --block 3 'echo J; cat')" "--pipepart --recstart"
: > empty
expect_eq "$("$SHOAL" --pipepart -a empty 'wc -l')" "" "--pipepart of an empty file: no job"

# --tee: every job gets all of stdin.
INPUT=numbers
same "--tee" -k --pipe --tee 'grep {} | wc -l' ::: 1 2 3 99
same "--tee --tag" -k --pipe --tee --tag 'wc {}' ::: -l -c

# Bad input: one line naming what is wrong, exit 255, no job.
bad() {  # what, expected text, options...
  local what=$1 text=$2
  shift 2
  "$SHOAL" "$@" < ten > out 2> err && rc=0 || rc=$?
  expect_eq "$rc" 255 "$what: exit status"
  expect_eq "$(wc -l < err)" 1 "$what: one line"
  expect_contains "$(cat err)" "$text" "$what"
  [ ! -s out ] || fail "$what: ran a job"
}
bad "--block x" "invalid --block size: 'x'" --pipe --block x cat
bad "--block -1 with --pipe" "--block must be more than 0" --pipe --block -1 cat
bad "--pipepart without -a" "--pipepart needs the file to cut: -a FILE" --pipepart cat
bad "--pipepart on a pipe" "--pipepart needs a seekable file" --pipepart -a <(seq 3) cat
bad "--pipepart, no such file" "cannot open nosuch" --pipepart -a nosuch cat
bad "--regexp that RE2 refuses" "--recstart/--recend" --pipe --regexp --recstart '(?=x)' cat
bad "--recstart without --pipe" "need --pipe or --pipepart" --recstart x cat ::: 1
bad "--pipe with :::" "--pipe reads its input from stdin" --pipe cat ::: 1
bad "--tee without arguments" "--tee gives all of stdin" --pipe --tee cat
bad "--pipepart --tee" "--tee with --pipepart is not done yet" --pipepart --tee -a ten cat ::: 1
bad "--tee with too few job slots" "--tee runs a job for every argument" --pipe --tee -j2 cat ::: 1 2 3
expect_nothing_left
