# --report FILE.html and `shoal report LOG`: the run's page, rendered in a
# real browser (Debian's headless chromium), its DOM checked (bars, counts,
# the jobs not ok with their stderr), and a screenshot at 1280x800 where the
# failed and timed-out jobs are seen without scrolling.
source "$(dirname "$0")/lib.sh"
command -v chromium > /dev/null || fail "chromium is not installed (scripts/install-deps installs it)"

# Headless chromium: the page rendered and its scripts run, then the DOM
# (--dump-dom) or a screenshot of the window. Its profile under $T, so that
# nothing of it is left behind; --no-sandbox since CI runs as root, and
# --disable-dev-shm-usage for containers with a small /dev/shm.
browser() {  # html file, then --dump-dom or --screenshot=FILE
  local page=$1; shift
  timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run --hide-scrollbars \
    --user-data-dir="$T/chrome-$MARK" --window-size=1280,800 "$@" "file://$page" 2> "$T/chrome.err"
}
# How many pixels of the PNG have the colour #RRGGBB, in rows [y0, y1).
pixels() {  # png, rrggbb, y0, y1
  python3 - "$@" <<'PY'
import struct, sys, zlib
path, colour, y0, y1 = sys.argv[1], bytes.fromhex(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
data = open(path, "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
pos, idat = 8, b""
while pos < len(data):
    n, kind = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + n]
    if kind == b"IHDR":
        width, height, depth, ctype = struct.unpack(">IIBB", body[:10])
    elif kind == b"IDAT":
        idat += body
    pos += 12 + n
assert depth == 8 and ctype in (2, 6), "RGB(A) 8-bit expected"
bpp = 3 if ctype == 2 else 4
raw, stride, prev, count, at = zlib.decompress(idat), width * bpp, bytearray(width * bpp), 0, 0
for y in range(height):
    f, line = raw[at], bytearray(raw[at + 1:at + 1 + stride])
    at += 1 + stride
    for i in range(stride):
        a = line[i - bpp] if i >= bpp else 0
        b, c = prev[i], prev[i - bpp] if i >= bpp else 0
        if f == 1: line[i] = (line[i] + a) & 255
        elif f == 2: line[i] = (line[i] + b) & 255
        elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    if y0 <= y < y1:
        count += sum(1 for x in range(width) if line[x * bpp:x * bpp + 3] == colour)
    prev = line
print(count)
PY
}

# A known run: 10 jobs on 3 slots, job 4 fails with two lines on stderr,
# job 8 times out.
cd "$T"
rc=0
"$SHOAL" -j3 --timeout 1.5 --joblog "$T/log.tsv" --report "$T/run.html" \
  "$SLEEP {}; case {} in 0.4) echo boom >&2; echo second line >&2; exit 3;; esac" \
  ::: 0.1 0.2 0.3 0.4 0.5 0.6 0.7 3 0.8 0.9 > /dev/null 2> "$T/err" || rc=$?
expect_eq "$rc" 2 "exit status (one failed, one timed out)"
expect_nothing_left
[ -s "$T/run.html" ] || fail "--report wrote nothing"
grep -q -e 'src="http' -e "href=\"http" -e '@import' -e 'url(http' "$T/run.html" && fail "the page fetches from the network"

browser "$T/run.html" --dump-dom > "$T/dom.html"
dom=$(cat "$T/dom.html")
grep -q 'Uncaught' "$T/chrome.err" && fail "the page's script failed: $(grep Uncaught "$T/chrome.err")"
expect_contains "$dom" ' data-ready="1"' "the page's script ran to its end"
expect_contains "$dom" 'id="count-jobs" data-count="10"' "jobs counted"
expect_contains "$dom" 'id="count-ok" data-count="8"' "succeeded counted"
expect_contains "$dom" 'id="count-failed" data-count="1"' "failed counted"
expect_contains "$dom" 'id="count-timeout" data-count="1"' "timed out counted"
expect_contains "$dom" 'id="count-peak" data-count="3"' "three at once"
expect_contains "$dom" 'data-bars="10"' "a bar per job in the timeline"
expect_contains "$dom" 'data-rows="3"' "a row per slot"
expect_contains "$dom" 'Jobs not ok (2)' "the jobs not ok are listed"
[[ "$dom" =~ class=\"failure\ failed\"\ data-seq=\"4\".*boom.*second\ line ]] || fail "job 4 listed with its stderr"
[[ "$dom" =~ class=\"failure\ timeout[^\"]*\"\ data-seq=\"8\".*timed\ out\ after ]] || fail "job 8 listed as timed out"
expect_contains "$dom" "--report $T/run.html" "the command line is in the page"
expect_contains "$dom" 'Started 20' "when it ran"

# Seen without scrolling, in a 1280x800 window: the failed job (red) and the
# timed-out one (orange), in the list and in the timeline.
browser "$T/run.html" --screenshot="$T/run.png" > /dev/null
red=$(pixels "$T/run.png" d93025 0 800)
orange=$(pixels "$T/run.png" f29900 0 800)
[ "$red" -gt 500 ] || fail "the failed job is not seen in the window ($red red pixels)"
[ "$orange" -gt 500 ] || fail "the timed-out job is not seen in the window ($orange orange pixels)"
# The timeline's bars too, below the list: most of its red is a bar.
[ "$(pixels "$T/run.png" 2e9e5b 300 800)" -gt 2000 ] || fail "no bars of succeeded jobs in the window"
if [ -n "${SHOAL_REPORT_SCREENSHOT:-}" ]; then cp "$T/run.png" "$SHOAL_REPORT_SCREENSHOT"; fi

# Hover and zoom, with the pointer's events dispatched by a script added to a
# copy of the page: sweeping the timeline finds the failed job's tip, with
# its stderr, and the timed-out one's; a drag across part of it zooms in.
sweep=$(cat <<'JS'
<script>
const c = document.getElementById("timeline"), r = c.getBoundingClientRect(), tips = new Set();
const at = (type, x, y) => c.dispatchEvent(new MouseEvent(type, {clientX: r.left + x, clientY: r.top + y, bubbles: true}));
for (let y = 11; y < 66; y += 22) for (let x = 60; x < r.width; x += 4) { at("mousemove", x, y); tips.add(document.getElementById("tip").textContent); }
document.body.dataset.tips = [...tips].join("~");
at("mousedown", 60, 11); at("mousemove", 300, 11); window.dispatchEvent(new MouseEvent("mouseup"));
document.body.dataset.zoomedBars = c.dataset.bars;
</script>
JS
)
page=$(cat "$T/run.html")
printf '%s\n' "${page/<\/body>/$sweep<\/body>}" > "$T/hover.html"
dom=$(browser "$T/hover.html" --dump-dom | tr '\n' ' ')
[[ "$dom" =~ data-tips=\"[^\"]*\#4\ failed[^~]*exit\ 3[^~]*boom ]] || fail "hovering job 4 shows how it failed and its stderr"
[[ "$dom" =~ data-tips=\"[^\"]*\#8\ timed\ out ]] || fail "hovering job 8 shows it timed out"
[[ "$dom" =~ data-zoomed-bars=\"([0-9]+)\" ]] && [ "${BASH_REMATCH[1]}" -lt 10 ] && [ "${BASH_REMATCH[1]}" -gt 0 ] ||
  fail "a drag across the timeline zooms in"

# The same run from its joblog: the same jobs, and the page says that a
# joblog has no stderr.
"$SHOAL" report "$T/log.tsv" > "$T/fromlog.html"
dom=$(browser "$T/fromlog.html" --dump-dom)
expect_contains "$dom" 'id="count-failed" data-count="1"' "joblog: failed counted"
expect_contains "$dom" 'id="count-timeout" data-count="1"' "joblog: timed out counted"
expect_contains "$dom" 'data-bars="10"' "joblog: a bar per job"
expect_contains "$dom" 'data-rows="3"' "joblog: the slots found again from the times"
expect_contains "$dom" 'a joblog keeps no stderr' "joblog: says there is no stderr"

# From --json lines of a remote run (written here: the hosts need not
# exist): a row per host, the unreachable host named, the slowest host first.
cat > "$T/fleet.jsonl" <<'JSON'
{"seq":1,"args":["a"],"host":"web1","command":"uptime","status":"ok","exit":0,"signal":0,"start":1700000000.0,"end":1700000001.0,"duration":1.0,"tries":1,"stdout":"","stderr":""}
{"seq":2,"args":["a"],"host":"web2","command":"uptime","status":"failed","exit":2,"signal":0,"start":1700000000.1,"end":1700000004.1,"duration":4.0,"tries":1,"stdout":"","stderr":"disk full\n"}
{"seq":3,"args":["a"],"host":"db1","command":"uptime","status":"error","exit":255,"signal":0,"start":1700000000.2,"end":1700000000.3,"duration":0.1,"tries":1,"error":"ssh: connect to host db1 port 22: Connection refused","stdout":"","stderr":""}
{"seq":4,"args":["b"],"host":"web1","command":"uptime <b>","status":"ok","exit":0,"signal":0,"start":1700000001.0,"end":1700000002.0,"duration":1.0,"tries":1,"stdout":"","stderr":""}
JSON
"$SHOAL" report -o "$T/fleet.html" "$T/fleet.jsonl"
dom=$(browser "$T/fleet.html" --dump-dom)
expect_contains "$dom" 'data-rows="3"' "a row per host"
expect_contains "$dom" 'id="count-unreachable" data-count="1"' "unreachable counted"
expect_contains "$dom" 'Connection refused' "the unreachable host's error"
expect_contains "$dom" 'disk full' "the failed job's stderr"
expect_contains "$dom" '<td>web2</td><td class="num">1</td>' "slowest host first"
expect_contains "$dom" 'uptime &lt;b&gt;' "a command is text, never markup"

# Bad input: one line, exit 255.
printf 'not a log\n' > "$T/junk"
rc=0; out=$("$SHOAL" report "$T/junk" 2>&1 > /dev/null) || rc=$?
expect_eq "$rc" 255 "a file that is not a log"
expect_eq "$out" "shoal: report: $T/junk line 1: not a joblog line (Seq Host Starttime JobRuntime Send Receive Exitval Signal Command, TAB-separated) nor a --json record" "its message"
rc=0; out=$("$SHOAL" report "$T/missing" 2>&1 > /dev/null) || rc=$?
expect_eq "$rc$out" "255shoal: report: cannot open $T/missing: No such file or directory" "a missing log"
rc=0; out=$("$SHOAL" --report "$T/no/such/dir/r.html" true ::: 1 2>&1) || rc=$?
expect_eq "$rc$out" "255shoal: cannot write the report $T/no/such/dir/r.html: No such file or directory" \
  "--report where it cannot be written, said before any job runs"

# 100,000 jobs: a few MB. A joblog of a fleet run (500 hosts, a command with
# a UUID each, 3% failed) made up here, as running them takes minutes.
awk 'BEGIN { srand(7); print "Seq\tHost\tStarttime\tJobRuntime\tSend\tReceive\tExitval\tSignal\tCommand"
  for (i = 1; i <= 100000; i++)
    printf "%d\tweb%03d\t%.3f\t%10.3f\t0\t0\t%d\t0\tnova delete %08x-%04x-%04x-%04x-%08x%04x\n", i, i % 500,
      1700000000 + i * 0.02, 0.5 + rand() * 3, rand() < 0.03, rand() * 2^32, rand() * 2^16, rand() * 2^16,
      rand() * 2^16, rand() * 2^32, rand() * 2^16 }' > "$T/big.tsv"
"$SHOAL" report "$T/big.tsv" > "$T/big.html"
size=$(stat -c %s "$T/big.html")
echo "100,000 jobs: $(stat -c %s "$T/big.tsv") bytes of joblog, a page of $size bytes"
[ "$size" -lt 5000000 ] || fail "the page of 100,000 jobs is $size bytes"
dom=$(browser "$T/big.html" --dump-dom)
echo "100,000 jobs: the page built and drawn in $(grep -o 'data-render-ms="[0-9]*"' <<< "$dom" | tr -dc 0-9) ms"
expect_contains "$dom" 'id="count-jobs" data-count="100000"' "100,000 jobs in the page"
expect_contains "$dom" 'data-bars="100000"' "100,000 bars drawn"
expect_nothing_left
[ -z "$(pgrep -f "chrome-$MARK" || true)" ] || fail "chromium left behind"
echo ok
