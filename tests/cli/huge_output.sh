# 100 MB from one job arrive byte-exact, and two big jobs never interleave.
source "$(dirname "$0")/lib.sh"
gen='yes 0123456789abcdefghijklmnopqrstuvwxyz | head -c 100000000'
sh -c "$gen" > "$T/expected"
"$SHOAL" "sh -c '$gen'" ::: "" > "$T/got"
cmp "$T/expected" "$T/got" || fail "100 MB output differs"
# Two jobs of 5 MB each, each its own single letter: grouped output means
# the file is one run of a's then one run of b's (or the reverse).
"$SHOAL" -j 2 "sh -c 'yes {} | head -c 5000000'" ::: a b > "$T/two"
expect_eq "$(wc -c < "$T/two")" 10000000 "size of two jobs"
squeezed=$(tr -d '\n' < "$T/two" | tr -s ab)
[ "$squeezed" = ab ] || [ "$squeezed" = ba ] || fail "outputs interleaved: ${squeezed:0:40}"
# -k on many chatty jobs (their output waits in their pipes, then moves on
# with splice): every job whole and in input order, the same bytes GNU
# parallel prints, into a file, a file opened to append (which refuses
# splice) and a pipe.
seq 200000 > "$T/lines"
job="head -c {}0000 $T/lines; echo end {}"
gnu_parallel -k -j 8 "$job" ::: $(seq 40) > "$T/theirs"
"$SHOAL" -k -j 8 "$job" ::: $(seq 40) > "$T/ours"
cmp "$T/theirs" "$T/ours" || fail "-k into a file differs from GNU parallel"
echo first > "$T/appended"
"$SHOAL" -k -j 8 "$job" ::: $(seq 40) >> "$T/appended"
cmp <(echo first; cat "$T/theirs") "$T/appended" || fail "-k appended to a file differs"
"$SHOAL" -k -j 8 "$job" ::: $(seq 40) | cat > "$T/piped"
cmp "$T/theirs" "$T/piped" || fail "-k through a pipe differs"
"$SHOAL" -k -j 8 --tag "$job" ::: $(seq 40) > "$T/ours_tag"
gnu_parallel -k -j 8 --tag "$job" ::: $(seq 40) > "$T/theirs_tag"
cmp "$T/theirs_tag" "$T/ours_tag" || fail "-k --tag differs from GNU parallel"
