# Every name GNU parallel accepts for an option shoal implements is accepted
# by shoal, and means the same there. The names come from GNU parallel's own
# option table, read from /usr/bin/parallel now (its options_completion_hash,
# evaluated by perl as parallel itself does), so a name shoal lacks fails
# here however the table changes. An option counts as implemented when
# shoal's --help lists any one of its names; then --help lists them all, as
# one option, and each is accepted and does what the others do.
source "$(dirname "$0")/lib.sh"
PARALLEL=$(command -v parallel) || fail "GNU parallel is not installed"
cd "$T"

# One line per option: its names, '|'-separated, then a TAB and "value" when
# it takes one (GNU's =s, =i, =f; :s is optional, and no option shoal has
# takes that form).
perl -ne 'print if /^sub options_completion_hash\(\)/ .. /^}/' "$PARALLEL" > table.pl
[ -s table.pl ] || fail "no options_completion_hash in $PARALLEL"
perl -e 'do "./table.pl"; die "table.pl: $@" if $@;
         my %h = options_completion_hash();
         for (sort keys %h) {
           s/\[.*//s;
           my ($names, $type) = /^([^=:!+]+)(.*)$/ or die "odd spec $_";
           print $names, ($type =~ /^=/ ? "\tvalue" : "\t"), "\n";
         }' > table.txt
[ "$(wc -l < table.txt)" -gt 100 ] || fail "GNU parallel's option table looks too small: $(cat table.txt)"
grep -q '^joblog|jl	value$' table.txt || fail "the table was not read as expected: $(head table.txt)"

flag() { if [ ${#1} -eq 1 ]; then printf '%s\n' "-$1"; else printf '%s\n' "--$1"; fi; }

# What shoal makes of one name: under --dry-run nothing runs. Prints the
# exit code and stdout; "unknown" when shoal does not know the name.
try() {  # name takes_value
  local opt out rc=0
  opt=$(flag "$1")
  local args=("$opt")
  [ "$2" = value ] && args+=(1)
  out=$("$SHOAL" --dry-run "${args[@]}" true ::: x 2> err < /dev/null) || rc=$?
  if grep -q "unknown option: $opt" err; then
    echo unknown
  else
    echo "$rc $out"
  fi
}

# shoal's -x is --exclude (hosts to leave out, as pdsh's and clush's -x);
# GNU parallel's -x is --exit, which shoal takes only as --exit
# (docs/compatibility.md, "Different on purpose").
different_on_purpose='exit|x'

# The names shoal's --help lists, each with the option (its line) it names:
# the one place where every name is spelled out, and quick to read (one run
# of shoal, where trying each of GNU parallel's 230-odd names takes minutes
# under ASan).
declare -A option_of
while read -r line; do
  for name in ${line//,/ }; do option_of[$name]=$line; done
done < <("$SHOAL" --help | sed -n 's/^  \(-[^ ]*\).*/\1/p')
[ -n "${option_of[--joblog]:-}" ] || fail "shoal --help was not read as expected"

checked=0 problems=()
while IFS=$'\t' read -r names takes; do
  [ "$names" = "$different_on_purpose" ] && continue
  IFS='|' read -r -a list <<< "$names"
  known=() missing=() first=""
  for name in "${list[@]}"; do
    opt=$(flag "$name")
    if [ -z "${option_of[$opt]:-}" ]; then
      missing+=("$opt")
      continue
    fi
    known+=("$opt")
    [ "${option_of[$opt]}" = "${option_of[${known[0]}]}" ] ||
      problems+=("$opt and ${known[0]} are different options in shoal's --help")
    # Accepted, and doing what the first name does.
    got=$(try "$name" "$takes")
    if [ -z "$first" ]; then
      first=$got
    elif [ "$got" != "$first" ]; then
      problems+=("$opt gives [$got], ${known[0]} [$first]")
    fi
    [ "$got" != unknown ] || problems+=("$opt is in shoal's --help but refused")
  done
  [ ${#known[@]} -eq 0 ] && continue
  checked=$((checked + 1))
  [ ${#missing[@]} -eq 0 ] ||
    problems+=("shoal's --help has ${known[*]} but not ${missing[*]} (GNU parallel's $names)")
done < table.txt
[ ${#problems[@]} -eq 0 ] || fail "$(printf '\n  %s' "${problems[@]}")"
# Today's subset, at least: -j, --halt, -k, --joblog, --colsep, ... (a sanity
# check that the loop ran and recognized them).
[ "$checked" -ge 25 ] || fail "only $checked of GNU parallel's options were recognized by shoal"
echo "ok: $checked options, every GNU parallel name"

# --will-cite and its other names: accepted, nothing printed, as GNU
# parallel does.
for name in --will-cite --willcite --nn --nonotice --no-notice; do
  expect_eq "$("$SHOAL" "$name" echo ::: a 2>&1)" "$(parallel "$name" echo ::: a 2>&1)" "$name"
done
# --citation, --bibtex: GNU parallel prints its citation notice, asks for
# "will cite" on stdin (once silenced, it does not ask), and exits without
# running anything; Debian's build refuses both. shoal has no notice: it
# exits at once with 0, running, printing and reading nothing, so that a
# setup script's `parallel --citation <<< 'will cite'` passes.
for name in --citation --bibtex; do
  out=$("$SHOAL" "$name" touch ran ::: x 2>&1 <<< 'will cite') || fail "$name: exit $?: $out"
  expect_eq "$out" "" "$name prints"
  [ ! -e ran ] || fail "$name ran a job"
  out=$("$SHOAL" "$name" 2>&1 <<< 'will cite') || fail "$name alone: exit $?: $out"
  expect_eq "$out" "" "$name alone prints"
done
