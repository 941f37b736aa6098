# emit() for options.awk: the OPTIONS section and the footer of shoal(1), in
# roff, from --help. dist/shoal.1.in holds what --help does not say.

function roff(s) {  # text as roff shows it literally
  gsub(/\\/, "\\e", s)
  gsub(/-/, "\\-", s)
  if (s ~ /^[.']/) s = "\\&" s
  return s
}

function emit(    g, i, names, k, line, spellings) {
  if (section == "name") {  # the NAME line's words: --help's first sentence
    line = desc[1]; sub(/^shoal runs /, "", line); sub(/:.*/, "", line)
    print "shoal \\- run " roff(line)
    return
  }
  if (section == "synopsis") { sub(/^shoal /, "", usage); print ".B shoal"; print roff(usage); return }
  if (section == "description") {
    for (i = 1; i <= ndesc; i++) print roff(desc[i])
    return
  }
  if (section == "version") { print version; return }
  # The options, by group, then the footer.
  g = 0
  for (i = 1; i <= n; i++) {
    if (ogroup[i] != g) { g = ogroup[i]; print ".SS \"" roff(group[g]) "\"" }
    print ".TP"
    k = split(onames[i], spellings, ",")
    line = ""
    for (j = 1; j <= k; j++) line = line (j > 1 ? ", " : "") "\\fB" roff(spellings[j]) "\\fR"
    if (ovalue[i] != "") line = line " \\fI" roff(ovalue[i]) "\\fR"
    print line
    print roff(odesc[i])
  }
  for (i = 1; i <= nfooter; i++) {
    line = footer[i]
    if (line ~ /^[^ ].*:$/ || line ~ /^Exit status: /) {  # a heading of its own
      if (in_nf) { print ".fi"; in_nf = 0 }
      if (line ~ /^Exit status: /) { print ".SH \"EXIT STATUS\"" }
      else { sub(/:$/, "", line); print ".SH \"" toupper(roff(line)) "\""; continue }
    }
    if (!in_nf) { print ".nf"; in_nf = 1 }
    print (line == "" ? "" : roff(line))
  }
  if (in_nf) print ".fi"
}
