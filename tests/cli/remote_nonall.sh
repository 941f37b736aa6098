# --nonall on 50 aliases of a real sshd: the command once per host, each
# host's record in the joblog with its name in the Host column, --tag
# prefixing every line with its host; ranges expand and a host written twice
# runs once; every ssh shoal started has ended when it returns.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/lib_sshd.sh"

"$SHOAL" --ssh "$SSH" --nonall -S 'h[1-50]' -S h7,h1 --tag --joblog "$T/log" \
  'echo "on $(hostname)"' > "$T/out"
expect_eq "$(wc -l < "$T/out")" 50 "one output line per host"
expect_eq "$(cut -f1 "$T/out" | sort -V | tr '\n' ' ')" "$(printf 'h%s ' $(seq 50))" "tagged with each host once"
expect_eq "$(cut -f2 "$T/out" | sort -u)" "on $(hostname)" "the command's own output"
expect_eq "$(awk -F'\t' 'NR > 1 { print $2 }' "$T/log" | sort -V | tr '\n' ' ')" "$(printf 'h%s ' $(seq 50))" "joblog Host column"
expect_eq "$(awk -F'\t' 'NR > 1 && $7 != 0' "$T/log")" "" "every host exit 0"
expect_no_ssh_left
expect_nothing_left
