#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Golden traces: every tests/golden/*.scene is played with `pktpath trace` and its text
# trace compared with the .trace beside it (diff -u); every scenes/*.scene likewise with
# tests/golden/scenes/NAME.trace (written, and reported, when missing). UPDATE=1 (or
# PKTPATH_GOLDEN_UPDATE=1, which `make golden-update` sets) rewrites the goldens.
# Also checks that the built-in default scene (src/scene/scene-builtin.c) is the text of
# scenes/c6-better-route.scene, and that `pktpath trace` without a file plays it.
# Last line: `N passed, N failed`.
cd "$(dirname "$0")/../.." || exit 2
PKTPATH=${PKTPATH:-./pktpath}
pass=0 fail=0
if [ ! -x "$PKTPATH" ]; then
	echo "no pktpath binary at $PKTPATH" >&2
	echo "0 passed, 1 failed"
	exit 1
fi
for s in tests/golden/*.scene; do
	g=${s%.scene}.trace
	out=$("$PKTPATH" trace "$s" 2>&1)
	if [ "${UPDATE:-${PKTPATH_GOLDEN_UPDATE:-0}}" = 1 ]; then
		printf '%s\n' "$out" > "$g"
	fi
	if diff -u "$g" <(printf '%s\n' "$out") > /tmp/golden-diff.$$; then
		pass=$((pass + 1))
	else
		echo "FAIL $s"
		head -40 /tmp/golden-diff.$$
		fail=$((fail + 1))
	fi
done
# every shipped scene (scenes/*.scene) has its golden trace in tests/golden/scenes/
mkdir -p tests/golden/scenes
for s in scenes/*.scene; do
	g=tests/golden/scenes/$(basename "${s%.scene}").trace
	out=$("$PKTPATH" trace "$s" 2>&1)
	if [ "${UPDATE:-${PKTPATH_GOLDEN_UPDATE:-0}}" = 1 ] || [ ! -e "$g" ]; then
		[ -e "$g" ] || echo "NEW golden $g (review it)"
		printf '%s\n' "$out" > "$g"
	fi
	if diff -u "$g" <(printf '%s\n' "$out") > /tmp/golden-diff.$$; then
		pass=$((pass + 1))
	else
		echo "FAIL $s (golden $g)"
		head -40 /tmp/golden-diff.$$
		fail=$((fail + 1))
	fi
done
rm -f /tmp/golden-diff.$$
# the compiled-in scene is the scene file
if diff <(tests/golden/gen-builtin.sh scenes/c6-better-route.scene) src/scene/scene-builtin.c > /dev/null; then
	pass=$((pass + 1))
else
	echo "FAIL src/scene/scene-builtin.c is out of date: tests/golden/gen-builtin.sh scenes/c6-better-route.scene > src/scene/scene-builtin.c"
	fail=$((fail + 1))
fi
if diff <("$PKTPATH" trace 2>&1) <("$PKTPATH" trace scenes/c6-better-route.scene 2>&1 | sed 's/^scenes\/c6-better-route.scene:/builtin:c6-better-route.scene:/') > /dev/null; then
	pass=$((pass + 1))
else
	echo "FAIL pktpath trace (built-in scene) differs from scenes/c6-better-route.scene"
	fail=$((fail + 1))
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
