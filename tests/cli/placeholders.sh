# Replacement strings mean what they mean in GNU parallel.
source "$(dirname "$0")/lib.sh"
inputs=(/a/b.c/d.e.f plain dir/ /top "sp ace/x y.tar.gz" .hidden)
cmd='echo {} {.} {/} {//} {/.} {#}'
expect_eq "$("$SHOAL" -k "$cmd" ::: "${inputs[@]}")" "$(gnu_parallel -k "$cmd" ::: "${inputs[@]}")" "placeholders"
expect_eq "$("$SHOAL" -k echo ::: a b)" "$(gnu_parallel -k echo ::: a b)" "appended argument"
expect_eq "$("$SHOAL" -j 1 -k 'echo {%}' ::: a b c)" $'1\n1\n1' "slot with one job"
expect_eq "$("$SHOAL" -k ::: 'echo a; echo b' 'echo c')" $'a\nb\nc' "input lines as commands"
expect_eq "$("$SHOAL" -k --dry-run 'echo {} | wc' ::: 'x y' "it's")" $'echo \'x y\' | wc\necho \'it\'\\\'\'s\' | wc' "dry run"
# {-1}, {-2.}, ...: positions counted from the last argument, as GNU parallel.
cmd='echo {-1} {-2.} {-1/} {-2//}'
expect_eq "$("$SHOAL" -k "$cmd" ::: a.b x/y.z ::: c/d.e)" "$(gnu_parallel -k "$cmd" ::: a.b x/y.z ::: c/d.e)" "negative positions"
expect_eq "$("$SHOAL" --colsep , echo '{-1}' ::: a,b,c)" "c" "negative position of a column"
expect_eq "$("$SHOAL" --tagstring '{-1}' echo x ::: a b 2>&1 | sort)" $'a\tx a\nb\tx b' "negative position in a tag"
# A position too large to be one: a one-line error, not a crash.
for args in "echo {99999999999999999999}" "--tagstring {99999999999999999999} echo" \
            "-I XX echo XX{-99999999999999999999.}"; do
  # shellcheck disable=SC2086
  "$SHOAL" $args ::: a >"$T/out" 2>"$T/err" && rc=0 || rc=$?
  expect_eq "$rc" 255 "$args: exit status"
  expect_eq "$(wc -l <"$T/err")" 1 "$args: one line"
  expect_contains "$(cat "$T/err")" "the position is more than" "$args: says why"
  [ ! -s "$T/out" ] || fail "$args: ran something: $(cat "$T/out")"
done
