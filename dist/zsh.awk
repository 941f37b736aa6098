# emit() for options.awk: the option data of the zsh completion
# (dist/completions/_shoal.in holds the logic).

function quote(s) { gsub(/'/, "'\\''", s); return "'" s "'" }

function emit(    i, j, k, spellings, d) {
  print "_shoal_options=("
  for (i = 1; i <= n; i++) {
    d = odesc[i]; sub(/[;.(].*/, "", d); sub(/ +$/, "", d)  # the first clause is enough beside the name
    gsub(/:/, "\\:", d)
    k = split(onames[i], spellings, ",")
    for (j = 1; j <= k; j++) print "  " quote(spellings[j] ":" d)
  }
  print ")"
  print "_shoal_halt_values=(" halt_values() ")"
  print "typeset -gA _shoal_kinds"
  print "_shoal_kinds=("
  for (i = 1; i <= n; i++) {
    if (okind[i] == "flag") continue
    k = split(onames[i], spellings, ",")
    for (j = 1; j <= k; j++) print "  " quote(spellings[j]) " " okind[i]
  }
  print ")"
}
