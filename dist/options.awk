# Reads `shoal --help` and keeps what the man page and the shell completions
# are made of: the description, the usage line, every option (its spellings,
# the kind of value it takes, its group and description) and the footer.
# The text that --help prints is the one source (cli/options.cpp defines it),
# so the man page and the completions cannot drift from it. Each output
# (man.awk, bash.awk, zsh.awk, fish.awk) is run after this file and defines
# emit(); `template` names the hand-written file it fills in: a line such as
# "@DATA@" is replaced by what emit() prints for that part (`section`), and
# @VERSION@ by `version` (shoal --version's words).
#
# In --help, an option line is "  -j,--jobs N   description" (at least two
# spaces before the description, or the description on the next line; see
# HelpFormatter in cli/options.cpp), under a "Group:" heading; the footer is
# what follows the last option group.

BEGIN { state = "description"; n = 0; ngroups = 0; nfooter = 0; ndesc = 0 }

state == "description" && /^Usage: / { usage = substr($0, 8); state = "options"; next }
state == "description" { if ($0 != "") desc[++ndesc] = $0; next }

state == "options" && /^$/ { next }
state == "options" && /^[^ ].*:$/ { pending = substr($0, 1, length($0) - 1); next }
state == "options" && /^  -/ { add_option(substr($0, 3)); next }
state == "options" && /^          / {  # a description on the line after its option
  sub(/^ +/, ""); odesc[n] = (odesc[n] == "" ? "" : odesc[n] " ") $0; next
}
state == "options" { state = "footer"; if (pending != "") footer[++nfooter] = pending ":" }
state == "footer" { footer[++nfooter] = $0; next }

function add_option(text,    head, i, words, rest) {
  if (pending != "") { group[++ngroups] = pending; pending = "" }
  n++
  ogroup[n] = ngroups
  i = index(text, "  ")
  if (i > 0) {
    head = substr(text, 1, i - 1)
    odesc[n] = substr(text, i); sub(/^ +/, "", odesc[n])
  } else {
    head = text; odesc[n] = ""
  }
  # "NAMES[ TYPE][ ...][ Excludes: ...]": the spellings, then what CLI11 adds.
  split(head, words, " ")
  onames[n] = words[1]
  ovalue[n] = ""
  if (words[2] != "" && words[2] != "..." && words[2] !~ /^(Excludes|Needs):/) {
    ovalue[n] = words[2]
    sub(/:[A-Z]+$/, "", ovalue[n])  # a validator's name: N:NONNEGATIVE
  }
  okind[n] = kind(ovalue[n])
}

# What an option's value is, as a completion offers it: by the name --help
# gives the value.
function kind(value) {
  if (value == "") return "flag"
  if (value ~ /FILE/) return "file"
  if (value ~ /DIR/) return "dir"
  if (value ~ /HOSTS/) return "hosts"
  if (value == "CMD") return "command"
  if (value ~ /^WHEN,WHY/) return "halt"
  return "value"
}

# --halt's values: when, why and a first threshold (completion offers these).
function halt_values() {
  return "never now,fail=1 soon,fail=1 now,fail=10% soon,fail=10% now,success=1 " \
         "soon,success=1 now,done=1 soon,done=1"
}

END {
  if (n == 0) { print "options.awk: no options found in --help" > "/dev/stderr"; exit 1 }
  while ((getline line < template) > 0) {
    if (line ~ /^@[A-Z]+@$/) {  # a part emit() writes: @DATA@, @OPTIONS@ ...
      section = tolower(substr(line, 2, length(line) - 2))
      emit()
    } else {
      gsub(/@VERSION@/, version, line)
      print line
    }
  }
}
