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
