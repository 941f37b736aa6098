# Long options abbreviated and in any case, as GNU parallel's Getopt::Long
# (bundling, auto_abbrev, ignore_case) takes them: a prefix that names one
# option is that option, an exact name wins over longer ones, aliases of
# one option are not ambiguous; one-letter options keep their case.
# Compared with GNU parallel 20221122 where both have the options.
source "$(dirname "$0")/lib.sh"
cd "$T"
same "--keep-ord" --keep-ord -j2 'sleep 0.{}; echo {}' ::: 3 1
same "--KEEP-ORDER" --KEEP-ORDER -j2 'sleep 0.{}; echo {}' ::: 3 1
same "--dry" --dry echo ::: a
same "--Dry-Run" --Dry-Run echo ::: a
same "--tag-str=X (with =)" --tag-str=X echo ::: a
same "--tag-str X" --tag-str X echo ::: a
same "--tag (exact, though --tagstring starts so too)" --tag echo ::: a
same "--linebuf (two aliases of one option)" --linebuf echo ::: a
same "--cols ," --cols , echo {2} ::: a,b
same "--timeo 5" --timeo 5 echo ::: a
same "-q then an abbreviated option" -q --dry echo '$x' ::: a
# A one-letter option by its letter as a long name (Getopt::Long's way):
# exact, never an ambiguous prefix of --jobs, --joblog, ...
same "--j 2 (-j by its letter)" --j 2 -k echo ::: a b
same "--k (-k by its letter)" --k -j2 'sleep 0.{}; echo {}' ::: 3 1
# The command's own options are its own, abbreviated or not.
same "the command's --dry" echo --dry ::: a
same "after --" -- echo --KEEP ::: a
same "an option's value that looks like one" --tagstring --dry echo ::: a
# Ambiguous: one line naming the candidates, exit 255.
set +e
err=$("$SHOAL" --ta echo ::: a 2>&1); rc=$?
set -e
expect_eq "$rc" 255 "--ta: exit status"
expect_eq "$err" "shoal: option --ta is ambiguous (--tag, --tag-string, --tagstring) (see shoal --help)" "--ta: the message"
gnu_parallel --ta echo ::: a > /dev/null 2>&1 && fail "GNU parallel took --ta"
# One-letter options keep their case: -K is not -k.
set +e
err=$("$SHOAL" -K echo ::: a 2>&1); rc=$?
set -e
expect_eq "$rc" 255 "-K: exit status"
expect_eq "$(wc -l <<< "$err")" 1 "-K: one line"
expect_nothing_left
