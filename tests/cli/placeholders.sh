# Replacement strings mean what they mean in GNU parallel.
source "$(dirname "$0")/lib.sh"
inputs=(/a/b.c/d.e.f plain dir/ /top "sp ace/x y.tar.gz" .hidden)
cmd='echo {} {.} {/} {//} {/.} {#}'
expect_eq "$("$SHOAL" -k "$cmd" ::: "${inputs[@]}")" "$(gnu_parallel -k "$cmd" ::: "${inputs[@]}")" "placeholders"
expect_eq "$("$SHOAL" -k echo ::: a b)" "$(gnu_parallel -k echo ::: a b)" "appended argument"
expect_eq "$("$SHOAL" -j 1 -k 'echo {%}' ::: a b c)" $'1\n1\n1' "slot with one job"
expect_eq "$("$SHOAL" -k ::: 'echo a; echo b' 'echo c')" $'a\nb\nc' "input lines as commands"
expect_eq "$("$SHOAL" -k --dry-run 'echo {} | wc' ::: 'x y' "it's")" $'echo \'x y\' | wc\necho \'it\'\\\'\'s\' | wc' "dry run"
