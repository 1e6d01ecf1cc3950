#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# tests/export/run-slides.sh: `pktpath export --slides DIR` writes one SVG per beat and a
# self-contained index.html that steps through them; checked in a real headless browser
# (Debian's chromium):
#   - one slide-NNN.svg per beat (the opening event, then each hop, as tests/lib/beats.awk
#     computes them from the trace), each well-formed XML, in the theme's colours;
#   - index.html holds every slide itself (no other file is fetched);
#   - in chromium: the page loads without a script error, the first slide is shown and
#     has every host of the scene on it, ArrowRight shows the second, ArrowLeft the
#     first again, End the last;
#   - errors: --slides without a directory, a path under a file, a FIFO where index.html
#     goes (never replaced).
# Last line: `N passed, N failed[, N skipped]`.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 2

PKTPATH=${PKTPATH:-./pktpath}
pass=0 fail=0
if ! command -v python3 >/dev/null; then
	echo "tests/export/run-slides.sh: SKIPPED: needs python3 (make deps)" >&2
	echo "0 passed, 0 failed, 1 skipped"
	exit 0
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/pktpath-slides.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
. tests/lib/report.sh

d=$tmp/slides
if "$PKTPATH" export --slides "$d" --theme light 2>"$tmp/err"; then
	ok "export --slides exits 0 ($(sed 's/.*: //' "$tmp/err"))"
else
	bad "export --slides exits 0" "$tmp/err"
fi
"$PKTPATH" trace --format jsonl >"$tmp/jsonl"
nbeats=$({
	awk -f tests/lib/beats.awk -v mode=opening "$tmp/jsonl"
	awk -f tests/lib/beats.awk -v mode=hop "$tmp/jsonl"
} | wc -l)
nsvg=$(ls "$d"/slide-*.svg 2>/dev/null | wc -l)
if [ "$nsvg" = "$nbeats" ] && [ -f "$d/index.html" ]; then
	ok "one SVG per beat ($nsvg) and index.html"
else
	echo "slides $nsvg, beats $nbeats" >"$tmp/why"
	bad "one SVG per beat and index.html" "$tmp/why"
fi
if python3 - "$d" >"$tmp/xml" 2>&1 <<'PY'
import glob, sys, xml.etree.ElementTree as ET
n = 0
for f in sorted(glob.glob(sys.argv[1] + "/slide-*.svg")):
    root = ET.parse(f).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg", f
    # the light theme's page: white, its blue titles
    fills = {e.get("fill") for e in root.iter()}
    assert "#ffffff" in fills and "#0000af" in fills, (f, sorted(fills)[:8])
    n += 1
print(n, "SVG files parse")
PY
then
	ok "every SVG is well-formed, in the theme's colours ($(cat "$tmp/xml"))"
else
	bad "every SVG is well-formed, in the theme's colours" "$tmp/xml"
fi
if ! grep -Eq '(src|href)=' "$d/index.html" && [ "$(grep -c '<svg ' "$d/index.html")" = "$nsvg" ]; then
	ok "index.html is self-contained (every slide inline, nothing fetched)"
else
	bad "index.html is self-contained (every slide inline, nothing fetched)"
fi

browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
	echo "tests/export/run-slides.sh: the browser part is SKIPPED: no chromium (make deps)" >&2
	skip=1
else
	skip=0
	# the page as shipped, with a probe around it: a script error catcher first, then the
	# keys a viewer presses and what the page shows after each, written into the DOM
	hosts=$(sed -n 's/.*"host":"\([^"]*\)".*/\1/p' "$tmp/jsonl" | sort -u | tr '\n' ' ')
	python3 - "$d/index.html" "$tmp/probe.html" "$hosts" <<'PY'
import sys
page = open(sys.argv[1], encoding="utf-8").read()
hosts = sys.argv[3].split()
catch = "<script>window.__errors = []; window.addEventListener('error', function (e) { __errors.push(String(e.message)); });</script>"
probe = """<script>
(function () {
	function on() { var s = document.querySelector('.slide.on'); return s ? s.id : 'none'; }
	function key(k) { document.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true })); }
	var r = [], first = document.querySelector('.slide.on'), txt = first ? first.textContent : '';
	r.push('first=' + on());
	r.push('hosts=' + %s.filter(function (h) { return txt.indexOf(h) < 0; }).length + '-missing');
	r.push('visible=' + (first && first.getBoundingClientRect().height > 100));
	key('ArrowRight'); r.push('right=' + on());
	key('ArrowLeft'); r.push('left=' + on());
	key('End'); r.push('end=' + on());
	r.push('footer=' + document.getElementById('where').textContent.split(' ')[0]);
	r.push('errors=' + window.__errors.length + ':' + window.__errors.join('|'));
	var pre = document.createElement('pre'); pre.id = 'probe'; pre.textContent = r.join(' ');
	document.body.appendChild(pre);
})();
</script>""" % repr(hosts).replace("'", '"')
page = page.replace("<head>", "<head>\n" + catch, 1).replace("</body>", probe + "\n</body>", 1)
open(sys.argv[2], "w", encoding="utf-8").write(page)
PY
	timeout 120 "$browser" --headless --no-sandbox --disable-gpu --user-data-dir="$tmp/profile" \
		--window-size=1200,800 --dump-dom "file://$tmp/probe.html" >"$tmp/dom" 2>"$tmp/browser-err"
	result=$(sed -n 's/.*<pre id="probe">\([^<]*\)<\/pre>.*/\1/p' "$tmp/dom")
	echo "$result" >"$tmp/result"
	check() {
		if grep -q -- "$2" "$tmp/result"; then ok "chromium: $1"; else
			cat "$tmp/browser-err" >>"$tmp/result"
			bad "chromium: $1 ($2)" "$tmp/result"
		fi
	}
	check "the page loads without a script error" 'errors=0:'
	check "the first slide is shown" 'first=s1 '
	check "it has every host of the scene ($hosts)" 'hosts=0-missing'
	check "it is drawn (over 100 px high)" 'visible=true'
	check "ArrowRight shows the next slide" 'right=s2 '
	check "ArrowLeft goes back" 'left=s1 '
	check "End shows the last" "end=s$nsvg "
	check "the footer counts them" "footer=$nsvg"
fi

# errors
"$PKTPATH" export --slides >"$tmp/out" 2>"$tmp/err"
rc=$?
if [ "$rc" = 2 ] && grep -q 'usage: pktpath export' "$tmp/err"; then ok "--slides without a directory: usage, exit 2"; else
	bad "--slides without a directory: usage, exit 2" "$tmp/err"
fi
: >"$tmp/file"
"$PKTPATH" export --slides "$tmp/file/sub" >"$tmp/out" 2>"$tmp/err"
rc=$?
if [ "$rc" = 1 ] && grep -q "$tmp/file/sub: Not a directory" "$tmp/err"; then ok "--slides under a file: the error, exit 1"; else
	bad "--slides under a file: the error, exit 1" "$tmp/err"
fi

mkdir "$tmp/d2" && mkfifo "$tmp/d2/index.html"
"$PKTPATH" export --slides "$tmp/d2" >"$tmp/out" 2>"$tmp/err"
rc=$?
if [ "$rc" = 1 ] && grep -q "index.html: not a regular file: not replaced" "$tmp/err" && [ -p "$tmp/d2/index.html" ]; then
	ok "a FIFO where index.html goes: refused, exit 1, the FIFO stays"
else
	bad "a FIFO where index.html goes: refused, exit 1, the FIFO stays" "$tmp/err"
fi

if [ "$skip" = 1 ]; then echo "$pass passed, $fail failed, 1 skipped"; else echo "$pass passed, $fail failed"; fi
[ "$fail" -eq 0 ]
