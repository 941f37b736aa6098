# --collapse prints identical outputs once, under the folded list of the
# hosts that gave them, as clush -b does.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/lib_sshd.sh"

"$SHOAL" --ssh "$SSH" --nonall -S 'h[1-9]' --collapse 'echo same' > "$T/out"
expect_eq "$(cat "$T/out")" "$(printf -- '---------------\nh[1-9] (9)\n---------------\nsame')" "one group"

# Two outputs: whichever two hosts come first print A, the other four B.
"$SHOAL" --ssh "$SSH" --nonall -S h1,h2,h3,h4,h5,h7 --collapse \
  "if mkdir $T/first 2>/dev/null || mkdir $T/second 2>/dev/null; then echo A; else echo B; fi" > "$T/out2"
expect_eq "$(grep -c -- '^---------------$' "$T/out2")" 4 "two groups, two rules each"
expect_contains "$(grep -A2 '(2)$' "$T/out2")" "A" "two hosts said A"
expect_contains "$(grep -A2 '(4)$' "$T/out2")" "B" "four hosts said B"
expect_no_ssh_left
