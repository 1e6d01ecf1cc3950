#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Scene suite: for every scenes/*.scene
#   1. `pktpath check` plays it and verifies its expect lines (exit 0);
#   2. every step has narration in English and in Russian (`say en`, `say ru`),
#      read from `pktpath trace` (so included files count too);
#   3. `pktpath check` fails on a scene with a wrong expectation (the checker is alive),
#      reports errors in includes as file:line:col, passes the format doc's example,
#      and exits 2 on usage errors.
# Last line: `N passed, N failed`; exit non-zero if anything failed.
cd "$(dirname "$0")/../.." || exit 2
PKTPATH=${PKTPATH:-./pktpath}
pass=0 fail=0
if [ ! -x "$PKTPATH" ]; then
	echo "no pktpath binary at $PKTPATH" >&2
	echo "0 passed, 1 failed"
	exit 1
fi
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
for s in scenes/*.scene; do
	if "$PKTPATH" check "$s" > "$tmp/out" 2>&1; then
		pass=$((pass + 1))
	else
		echo "FAIL check $s"
		sed 's/^/    /' "$tmp/out" | head -20
		fail=$((fail + 1))
	fi
	# narration: every "# step" header must be followed by "# en:" and "# ru:"
	if "$PKTPATH" trace "$s" 2> /dev/null | awk -v f="$s" '
		function done_step() { if (step != "" && (!en || !ru)) { printf "    %s: step \"%s\" lacks %s%s\n", f, step, en ? "" : "en ", ru ? "" : "ru"; bad = 1 } }
		/^# step [0-9]+: / { done_step(); step = substr($0, index($0, ": ") + 2); en = ru = 0; next }
		/^# en: / { en = 1 } /^# ru: / { ru = 1 }
		END { done_step(); if (step == "") { print "    " f ": no steps"; bad = 1 } exit bad }'; then
		pass=$((pass + 1))
	else
		echo "FAIL narration $s"
		fail=$((fail + 1))
	fi
done
# the checker must catch a wrong expectation, with file:line:col
printf 'step one\nsay en x\nsay ru x\nh ip link add eth0 type veth peer name p0\nh ip link set eth0 up\nh ip addr add 10.0.0.1/24 dev eth0\nexpect h route get 10.0.0.7 dev eth1\n' > "$tmp/wrong.scene"
"$PKTPATH" check "$tmp/wrong.scene" > /dev/null 2> "$tmp/err"
rc=$?
if [ "$rc" = 1 ] && grep -q "wrong.scene:7:33: .*dev is eth0, not eth1" "$tmp/err"; then
	pass=$((pass + 1))
else
	echo "FAIL a wrong expectation was not reported as file:line:col (rc $rc):"
	sed 's/^/    /' "$tmp/err"
	fail=$((fail + 1))
fi
# errors inside an included file name that file and its own line
mkdir -p "$tmp/inc"
printf 'h ip link add eth0 type veth peer name p0\nh ip addr add 10.0.0.1/24 dev eth9\n' > "$tmp/inc/topo.topo"
printf 'step one\nsay en x\nsay ru x\ninclude inc/topo.topo\nexpect h frobs\n' > "$tmp/inc.scene"
"$PKTPATH" check "$tmp/inc.scene" > /dev/null 2> "$tmp/err"
rc=$?
if [ "$rc" = 1 ] && grep -q "inc/topo.topo:2:1: " "$tmp/err" && grep -q "inc.scene:5:10: expect: unknown verb" "$tmp/err"; then
	pass=$((pass + 1))
else
	echo "FAIL include/parse errors not reported as file:line:col (rc $rc):"
	sed 's/^/    /' "$tmp/err"
	fail=$((fail + 1))
fi
# the full example of assets/scene-format.md holds (played beside scenes/ for its include)
awk '/^## A full example/{f=1;next} f&&/^```$/{if(inb){exit} inb=1; next} f&&inb' assets/scene-format.md > scenes/.doc-example.scene
if "$PKTPATH" check scenes/.doc-example.scene > "$tmp/out" 2>&1; then
	pass=$((pass + 1))
else
	echo "FAIL the example in assets/scene-format.md:"
	sed 's/^/    /' "$tmp/out"
	fail=$((fail + 1))
fi
rm -f scenes/.doc-example.scene
# usage: exit 2
"$PKTPATH" check > /dev/null 2>&1
rc=$?
if [ "$rc" = 2 ]; then
	pass=$((pass + 1))
else
	echo "FAIL pktpath check without a scene exits $rc, not 2"
	fail=$((fail + 1))
fi
# the kernel-oracle traffic cases are scenes too: every line must be one pktpath takes
# (a line it refuses would be compared with the kernel without ever running here)
for f in tests/traffic/cases/*.scene; do
	if "$PKTPATH" check "$f" >/dev/null 2>"$tmp/out"; then
		pass=$((pass + 1))
	else
		echo "FAIL $f does not pass pktpath check:"
		sed 's/^/    /' "$tmp/out" | head -5
		fail=$((fail + 1))
	fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
