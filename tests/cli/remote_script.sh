# --script FILE: a local script runs on the hosts with the interpreter its
# #! line names, its text inline in the ssh command (no copy, nothing left
# on the host), the command words its arguments one each -- hostile ones
# and hostile script paths included. A timeout or Ctrl-C still ends it.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/lib_sshd.sh"

# bash (an array), its arguments one a line, and its stdin: /dev/null.
mkdir "$T/a dir"
script="$T/a dir/it's \"odd\".sh"
cat > "$script" <<'SCRIPT'
#!/usr/bin/env bash
words=("$@")
for w in "${words[@]}"; do printf '<%s>\n' "$w"; done
echo "stdin: $(cat | wc -c)"
SCRIPT
args=("two words" "it's" 'say "hi"' '$HOME' '`id`' '-x' '..' '*')
out=$("$SHOAL" --ssh "$SSH" --nonall -S h1,h2 -k --script "$script" "${args[@]}")
expected=$(printf '<%s>\n' "${args[@]}"; echo "stdin: 0")
expect_eq "$out" "$(printf '%s\n%s' "$expected" "$expected")" "each argument one, on each host"

# --onall: {} is each input, one argument however it is written.
out=$("$SHOAL" --ssh "$SSH" --onall -S h1 -k --script "$script" first {} ::: 'a b' "c'd")
expect_eq "$out" "$(printf '<first>\n<a b>\nstdin: 0\n<first>\n<c'"'"'d>\nstdin: 0')" "--onall inputs"

# A lone {}, or none (appended, as to any command): still one argument.
for words in "{}" ""; do
  # shellcheck disable=SC2086
  out=$("$SHOAL" --ssh "$SSH" --onall -S h1 --script "$script" $words ::: 'a b')
  expect_eq "$out" "$(printf '<a b>\nstdin: 0')" "--onall, words [$words]"
done

# A leading dash in the path, a #! line with its one argument (perl -l
# ends each print with a newline), and one without a #! line (sh).
cd "$T"
printf '#!/usr/bin/perl -l\nprint "perl: @ARGV";\n' > ./-perl.pl
expect_eq "$("$SHOAL" --ssh "$SSH" --nonall -S h1 --script=-perl.pl x y)" "perl: x y" "#! with an argument"
printf 'echo "sh: $1"; exit 3\n' > "$T/plain"
set +e
out=$("$SHOAL" --ssh "$SSH" --nonall -S h1 --joblog "$T/log" --script "$T/plain" z)
rc=$?
set -e
expect_eq "$out" "sh: z" "no #! line: sh"
expect_eq "$rc" 1 "one job failed"
expect_eq "$(awk -F'\t' 'NR == 2 { print $7 }' "$T/log")" 3 "the script's exit status"
expect_eq "$(awk -F'\t' 'NR == 2 { print $9 }' "$T/log")" "$T/plain z" "the joblog names the script"

# The script's name is no template: with -I XX, a name holding XX (and
# {}) is itself, in the record too; only the arguments are replaced.
cp "$T/plain" "$T/XX{}.sh"
set +e
out=$("$SHOAL" --ssh "$SSH" --onall -S h1 -I XX --joblog "$T/log2" --script "$T/XX{}.sh" XX ::: v)
set -e
expect_eq "$out" "sh: v" "the arguments alone are the script's"
expect_eq "$(awk -F'\t' 'NR == 2 { print $9 }' "$T/log2")" "'$T/XX{}.sh' v" "the record shows NAME ARGS"
# --retry-failed runs the script again with the record's arguments.
set +e
out=$("$SHOAL" --ssh "$SSH" --onall -S h1 --joblog "$T/log2" --retry-failed --script "$T/XX{}.sh")
set -e
expect_eq "$out" "sh: v" "--retry-failed: the recorded arguments, the name not among them"

# Big, and every byte kept: a 60 KB script that prints its own checksum
# line count (the text is a here-document of itself, quotes and all).
{
  echo '#!/bin/sh'
  echo 'cat <<'"'"'END'"'"' | cksum'
  for i in $(seq 1500); do printf "line %d with 'quotes' \"and\" \\\\ and \$x\n" "$i"; done
  echo END
} > "$T/big.sh"
body=$(sed -n '3,1502p' "$T/big.sh" | cksum)
expect_eq "$("$SHOAL" --ssh "$SSH" --nonall -S h1 --script "$T/big.sh")" "$body" "a 60 KB script, byte for byte"

# Too big for one argument on the host: said at once, nothing runs.
head -c 200000 /dev/zero | tr '\0' x > "$T/huge.sh"
set +e
"$SHOAL" --ssh "$SSH" --nonall -S h1 --script "$T/huge.sh" 2> "$T/err"
rc=$?
set -e
expect_eq "$rc" 255 "too big: bad input"
expect_contains "$(cat "$T/err")" "too big to go inline" "too big: why"
expect_eq "$(wc -l < "$T/err")" 1 "too big: one line"

# Bad input: no such file, no hosts, this machine among them.
for bad in "--nonall -S h1 --script $T/none" "--script $T/plain ::: 1" "--nonall -S h1,: --script $T/plain"; do
  set +e
  # shellcheck disable=SC2086
  "$SHOAL" --ssh "$SSH" $bad 2> "$T/err"
  rc=$?
  set -e
  expect_eq "$rc" 255 "bad: $bad"
  expect_eq "$(wc -l < "$T/err")" 1 "bad, one line: $bad"
  expect_contains "$(cat "$T/err")" "shoal: --script" "bad, named: $bad"
done

# A timeout ends the script on the host, and so does Ctrl-C.
printf '#!/bin/bash\necho $$ > %q\nexec %q 1000\n' "$T/rpid" "$SLEEP" > "$T/wait.sh"
set +e
"$SHOAL" --ssh "$SSH" --timeout 8 --nonall -S h1 --script "$T/wait.sh" 2> /dev/null
rc=$?
set -e
expect_eq "$rc" 1 "timeout: exit status"
[ -s "$T/rpid" ] || fail "timeout: the script did not start"
wait_gone "$(cat "$T/rpid")" || fail "timeout: the script survived on the host"
ctrl_c_ends_remote "the script" --ssh "$SSH" --nonall -S h2 --script "$T/wait.sh"
expect_no_ssh_left
expect_nothing_left
