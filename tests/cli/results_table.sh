# --results FILE.csv/.tsv/.json and -.csv/-.tsv/-.json: the same table as
# GNU parallel's, byte for byte but the times (Starttime, JobRuntime); the
# Command column is each tool's own quoting, so the commands here need none.
# Before, shoal made a directory named FILE.csv.
source "$(dirname "$0")/lib.sh"
cd "$T"
# Both tables with the two time columns blanked: CSV/TSV parsed as such
# (fields hold newlines), JSON by its keys.
untimed() {  # file format
  python3 - "$1" "$2" <<'PY'
import csv, re, sys
path, fmt = sys.argv[1], sys.argv[2]
data = open(path, 'rb').read()
if fmt == 'json':
    sys.stdout.write(re.sub(rb'"Starttime": [0-9.]+, "JobRuntime": [0-9.]+', b'T', data).decode('latin-1'))
else:
    rows = list(csv.reader(data.decode('latin-1').splitlines(keepends=True), delimiter=',' if fmt == 'csv' else '\t'))
    for r in rows[1:]:
        r[2] = r[3] = 'T'
    print(repr(rows))
PY
}
values=(plain 'two words' 'comma,"quote' $'tab\there' 'back\slash')
job='printf "%s\n" {}; echo err >&2; exit {#}'

for fmt in csv tsv json; do
  set +e
  "$SHOAL" -k --results "ours.$fmt" "$job" ::: "${values[@]}" > ours.stdout; ours=$?
  gnu_parallel -k --results "theirs.$fmt" "$job" ::: "${values[@]}" > theirs.stdout; theirs=$?
  set -e
  expect_eq "$ours" "$theirs" "$fmt: exit status"
  expect_eq "$(untimed ours.$fmt $fmt)" "$(untimed theirs.$fmt $fmt)" "$fmt: the table"
  expect_eq "$(cat ours.stdout)" "" "$fmt: nothing else on stdout"
  expect_eq "$(cat theirs.stdout)" "" "$fmt: nothing on GNU parallel's stdout"

  "$SHOAL" -k --results "-.$fmt" 'echo {}' ::: a 'b c' > ours.out
  gnu_parallel -k --results "-.$fmt" 'echo {}' ::: a 'b c' > theirs.out
  expect_eq "$(untimed ours.out $fmt)" "$(untimed theirs.out $fmt)" "-.$fmt: the table on stdout"
done

# A resumed run adds its rows under the header the first run wrote.
"$SHOAL" --joblog log --results resumed.csv echo ::: 1 2 > /dev/null
"$SHOAL" --resume --joblog log --results resumed.csv echo ::: 1 2 3 4 > /dev/null
expect_eq "$(cut -d, -f1 resumed.csv | grep -v '^"$' | sort | tr '\n' ' ')" "1 2 3 4 Seq " "--resume adds rows"

# A file that cannot be written is a one-line error, exit 255.
set +e
"$SHOAL" --results /nonexistent-dir/x.csv echo ::: 1 2> err; status=$?
set -e
expect_eq "$status" 255 "unwritable results file: exit status"
expect_eq "$(cat err)" "shoal: cannot open results file /nonexistent-dir/x.csv: No such file or directory" "its message"
expect_nothing_left
