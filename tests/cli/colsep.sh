# --colsep: columns as GNU parallel's Perl split gives them (empty fields,
# capture groups, patterns that match empty text, trimmed blanks), and no
# pattern or line that crashes shoal or makes it take exponential time.
source "$(dirname "$0")/lib.sh"
cd "$T"
printf '%s\n' 'abc' 'a  b' 'a,b,' ',a;b' 'xab' ' a , b ' '' > lines
for re in ',' '\s+' ' *' '(,)' '(,)|(;)' 'x*' '\b' '^' ',*' '' '\t' '[;,]'; do
  ours=$("$SHOAL" -k --colsep "$re" "printf '<%s>' {}; echo" :::: lines 2>&1) || true
  theirs=$(gnu_parallel -k --colsep "$re" "printf '<%s>' {}; echo" :::: lines 2>&1) || true
  expect_eq "$ours" "$theirs" "--colsep '$re'"
done
# std::regex overflowed its stack on a 30 KB run (SIGSEGV); and '(a+)+$'
# doubled its time with every character. Each of these takes milliseconds.
python3 -c "print('a' + ' ' * 30000 + 'b')" > spaces
python3 -c "print('a' + 'x' * 30000 + ',b')" > commas
python3 -c "print('a' * 30000 + 'b')" > as
for re in ' +' '\s+'; do
  expect_eq "$(timeout 10 "$SHOAL" --colsep "$re" echo '{1}:{2}' :::: spaces)" "a:b" "--colsep '$re' on a 30 KB run"
done
expect_eq "$(timeout 10 "$SHOAL" --colsep '[^,]*,' echo '{1}:{2}' :::: commas)" ":b" "--colsep '[^,]*,' on 30 KB"
expect_eq "$(timeout 10 "$SHOAL" --colsep '(a+)+$' echo '{-1}' :::: as | wc -c)" 30002 "--colsep '(a+)+\$' on 30 KB"
# What RE2 does not have is refused at start-up, in one line, before any job runs.
for re in '(?=b)' '(a)\1' '(a{1000}){1000}' '('; do
  "$SHOAL" --colsep "$re" echo ::: a >out 2>err && rc=0 || rc=$?
  expect_eq "$rc" 255 "--colsep '$re': exit status"
  expect_eq "$(wc -l <err)" 1 "--colsep '$re': one line"
  expect_contains "$(cat err)" "invalid --colsep regular expression '$re'" "--colsep '$re': says which"
  [ ! -s out ] || fail "--colsep '$re': ran a job"
done
