# The class lists and --json give back every input exactly: with -0 the
# lists are NUL-separated, so an input holding a newline stays one input and
# `-0 :::: list` runs exactly the listed jobs again; an argument that is not
# UTF-8 is in --json's args_base64, byte for byte.
source "$(dirname "$0")/lib.sh"
cd "$T"
printf 'two\nlines\0plain\0ok\0' > in
"$SHOAL" -0 --failed bad --succeeded good 'test {} = ok' :::: in || true
expect_eq "$(tr '\0' '|' < bad | tr '\n' '^' | tr '|' '\n' | sort | tr '\n' '|')" "plain|two^lines|" \
  "failed list, NUL-separated"
expect_eq "$(od -An -c good | tr -s ' ')" " o k \0" "succeeded list"
"$SHOAL" -0 --failed bad2 'test {} = ok' :::: bad || true
cmp <(tr '\0' '\n' < bad | sort) <(tr '\0' '\n' < bad2 | sort) || fail "-0 :::: failed list: not the same inputs"
expect_eq "$(tr -cd '\0' < bad2 | wc -c)" 2 "two failed jobs, two entries"
# Two sources are TAB-separated in a list: a value holding a TAB cannot be
# given back as it was, which is said once. (A newline cannot be in a value
# without -0: `:::` arguments are cut at it, as GNU parallel cuts them.)
"$SHOAL" --failed tabs false ::: $'a\tb' c ::: d 2> err || true
expect_contains "$(cat err)" "input holds the lists' separator (a TAB)" "warning"
expect_eq "$(wc -l < err)" 1 "said once"
# --json: invalid UTF-8 in an argument, exactly in args_base64.
printf 'x\377y\n\303\251\n' | "$SHOAL" -k --json true > out.json
expect_eq "$(jq -r '.args_base64[0]' out.json | head -1 | base64 -d | od -An -tx1 | tr -d ' ')" "78ff79" \
  "args_base64 holds the bytes"
expect_eq "$(jq -c 'has("args_base64")' out.json | tr '\n' ' ')" "true false " "only where needed"
