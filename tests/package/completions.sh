#!/usr/bin/env bash
# The shell completions (made from --help by the build, dist/*.awk), loaded
# in the real shells: bash through its `complete` machinery, fish through its
# own engine (complete -C), zsh by compinit from where the install puts it
# and its logic run with zsh's completion builtins stubbed (they work only
# inside an interactive completion). Each offers: every option of --help;
# --halt's values; hosts from ~/.ssh/config for -S (after a comma too);
# files after :::: and for file options; the command's name after the
# options.
#
# Needs SHOAL and SHOAL_BUILD. zsh and fish: scripts/install-deps.
set -euo pipefail
: "${SHOAL:?}" "${SHOAL_BUILD:?}"
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
gen=$SHOAL_BUILD/dist
export HOME=$work/home
mkdir -p "$HOME/.ssh" "$work/files/logs"
printf 'Host web1 web2 *.example\n  User admin\nHost db1\nhost !bad dbx?\n' >"$HOME/.ssh/config"
touch "$work/files/ids.txt" "$work/files/idx.csv"
cd "$work/files"
"$SHOAL" --help | grep -oE '^  -[^ ]+' | tr ',' '\n' | sed 's/^ *//' | sort -u >"$work/spellings"

# expect NAME "OUTPUT" WORD...: each WORD is a line of OUTPUT.
expect() {
  local name=$1 out=$2; shift 2
  for word in "$@"; do
    grep -qxF -- "$word" <<<"$out" || fail "$name: no '$word' in: $(echo $out)"
  done
}
refuse() {
  local name=$1 out=$2; shift 2
  for word in "$@"; do
    ! grep -qxF -- "$word" <<<"$out" || fail "$name: '$word' should not be offered"
  done
}

# ---- bash
bash_complete() {  # the words of the line, the last one being completed
  bash --norc --noprofile -c '
    source "$1"; shift
    COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMPREPLY=()
    _shoal
    printf "%s\n" "${COMPREPLY[@]}"' bash "$gen/shoal.bash" "$@"
}
[ "$(bash --norc -c "source $gen/shoal.bash; complete -p shoal")" = "complete -F _shoal shoal" ] ||
  fail "bash: complete -p shoal"
out=$(bash_complete shoal -)
while read -r s; do expect "bash options" "$out" "$s"; done <"$work/spellings"
expect "bash --jo" "$(bash_complete shoal --jo)" --jobs --joblog
expect "bash --halt" "$(bash_complete shoal --halt '')" never now,fail=1 soon,fail=1
out=$(bash_complete shoal -S '')
expect "bash -S" "$out" web1 web2 db1
refuse "bash -S" "$out" '*.example' '!bad' 'dbx?'
expect "bash -S web1,d" "$(bash_complete shoal -S web1,d)" web1,db1
expect "bash --sshlogin=w" "$(bash_complete shoal --sshlogin=w)" web1 web2
expect "bash --joblog" "$(bash_complete shoal --joblog i)" ids.txt idx.csv
expect "bash --tmpdir" "$(bash_complete shoal --tmpdir '')" logs
refuse "bash --tmpdir" "$(bash_complete shoal --tmpdir '')" ids.txt
expect "bash ::::" "$(bash_complete shoal -j 4 gzip :::: id)" ids.txt idx.csv
expect "bash command" "$(bash_complete shoal -j 4 ech)" echo
expect "bash after command" "$(bash_complete shoal echo ::)" ::: :::: :::+ ::::+
[ -z "$(bash_complete shoal echo --jo)" ] || fail "bash: shoal's options offered after the command"
[ -z "$(bash_complete shoal --timeout '')" ] || fail "bash: something offered for --timeout's value"
# Installed where bash-completion looks: loaded on first use.
cmake --install "$SHOAL_BUILD" --prefix "$work/prefix" --component shoal >/dev/null
if [ -f /usr/share/bash-completion/bash_completion ]; then
  XDG_DATA_DIRS=$work/prefix/share bash --norc -c '
    source /usr/share/bash-completion/bash_completion
    __load_completion shoal && complete -p shoal' | has '_shoal shoal$' ||
    fail "bash-completion does not load the installed completion"
fi

# ---- fish: its own completion engine, from where the install puts it
if command -v fish >/dev/null; then
  fish_complete() {
    # fish completes only commands on PATH; HOME is $work's, so no user config.
    PATH=$work/prefix/bin:$PATH XDG_DATA_DIRS=$work/prefix/share fish -c "complete -C '$1'" | cut -f1
  }
  fish_complete 'shoal --jo' | has -- '^--jobs$' || fail "fish does not load the installed completion"
  out=$(fish_complete 'shoal -')
  while read -r s; do expect "fish options" "$out" "$s"; done <"$work/spellings"
  expect "fish --halt" "$(fish_complete 'shoal --halt ')" never now,fail=1
  out=$(fish_complete 'shoal -S ')
  expect "fish -S" "$out" web1 web2 db1
  refuse "fish -S" "$out" '*.example'
  expect "fish -S web1," "$(fish_complete 'shoal -S web1,')" web1,db1
  expect "fish --joblog" "$(fish_complete 'shoal --joblog i')" ids.txt idx.csv
  expect "fish ::::" "$(fish_complete 'shoal -j 4 gzip :::: id')" ids.txt idx.csv
  expect "fish command" "$(fish_complete 'shoal -j 4 ech')" echo
  refuse "fish after command" "$(fish_complete 'shoal echo --jo')" --jobs
else
  echo "fish not installed: skipped (scripts/install-deps installs it)"
fi

# ---- zsh: compinit finds it; its logic with compadd & co. stubbed
if command -v zsh >/dev/null; then
  zdir=$(dirname "$(find "$work/prefix/share/zsh" -name _shoal)")
  [ "$(zsh -f -c "fpath=($zdir \$fpath); autoload -U compinit; compinit -u -D; print \$_comps[shoal]")" = _shoal ] ||
    fail "zsh: compinit does not find the installed _shoal"
  zsh_complete() {
    zsh -f -c '
      fpath=($1 $fpath); shift
      compadd() { local a; for a in "$@"; do [[ $a == -* ]] || print -r -- $a; done
                  [[ $1 == -a ]] && print -rl -- ${(P)2} }
      compset() { [[ $2 == "*," && $PREFIX == *,* ]] && IPREFIX=${PREFIX%,*}, }
      _describe() { print -rl -- ${${(P)4}%%:*} }
      _files() { print -r -- "_files $*" }
      _command_names() { print -r -- _command_names }
      words=("$@"); CURRENT=$#; PREFIX=${words[CURRENT]}
      autoload -U _shoal; _shoal' zsh "$zdir" "$@"
  }
  out=$(zsh_complete shoal -)
  while read -r s; do expect "zsh options" "$out" "$s"; done <"$work/spellings"
  expect "zsh --halt" "$(zsh_complete shoal --halt '')" never now,fail=1
  out=$(zsh_complete shoal -S '')
  expect "zsh -S" "$out" web1 web2 db1
  refuse "zsh -S" "$out" '*.example'
  expect "zsh --joblog" "$(zsh_complete shoal --joblog '')" "_files "
  expect "zsh --tmpdir" "$(zsh_complete shoal --tmpdir '')" "_files -/"
  expect "zsh ::::" "$(zsh_complete shoal gzip :::: '')" "_files "
  expect "zsh command" "$(zsh_complete shoal -j 4 '')" _command_names
  refuse "zsh after command" "$(zsh_complete shoal echo --jo)" --jobs
else
  echo "zsh not installed: skipped (scripts/install-deps installs it)"
fi
echo "completions: ok"
