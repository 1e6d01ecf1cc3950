#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Golden frames: `pktpath render` of the built-in default scene at 80x24 and 160x48
# (and a few modes), and of every lesson's last step at 80x24, 120x40, 160x48 and in
# presenter mode (tests/frames/lessons/), compared byte for byte with the .frame files.
# Also checks, for every frame and for odd sizes, that the output has exactly H lines
# none wider than W.
# Regenerate after an intended change with:  PKTPATH_GOLDEN_UPDATE=1 tests/frames/run.sh
# and read the diff before committing it.
# Last line: `N passed, N failed`.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 2

PKTPATH=${PKTPATH:-./pktpath}
dir=tests/frames
pass=0 fail=0
export LC_ALL=C.UTF-8

if [ ! -x "$PKTPATH" ]; then
	echo "no binary at $PKTPATH" >&2
	echo "0 passed, 1 failed"
	exit 1
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/pktpath-frames.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT

# name | render arguments (the default scene; --step N = after scene step N)
cases=(
	"default-80x24-step1|--size 80x24 --step 1"
	"default-80x24-step2|--size 80x24 --step 2"
	"default-80x24-step3|--size 80x24 --step 3"
	"default-80x24-step5|--size 80x24 --step 5"
	"default-80x24-event1|--size 80x24 --event 1"
	"default-80x24-ascii|--size 80x24 --step 2 --ascii"
	"default-80x24-presenter|--size 80x24 --step 2 --presenter"
	"default-160x48-step1|--size 160x48 --step 1"
	"default-160x48-step5|--size 160x48 --step 5"
	"default-160x48-presenter|--size 160x48 --step 3 --presenter"
	"default-120x40-presenter-big|--size 120x40 --event 23 --presenter"
	"default-80x24-presenter-ru|--size 80x24 --step 2 --presenter --lang ru"
	"default-80x24-presenter-step|--size 80x24 --step 4 --presenter --beat step"
	"default-40x12-too-small|--size 40x12 --step 1"
	"two-routers-80x24-step3|two-routers --size 80x24 --step 3"
	"twelve-hosts-160x48|tests/frames/twelve-hosts.scene --size 160x48 --event 70"
	"twelve-hosts-80x24|tests/frames/twelve-hosts.scene --size 80x24 --event 70"
)

# every lesson's key step (its last: where the lesson makes its point) at the sizes a
# class meets: a laptop 80x24, a projector 120x40 and 160x48, presenter mode at 80x24
mkdir -p "$tmp/lessons" "$dir/lessons"
for f in scenes/*.scene; do
	l=$(basename "$f" .scene)
	last=$("$PKTPATH" trace "$l" 2>/dev/null | grep -c '^# step ')
	cases+=("lessons/$l-80x24|$l --size 80x24 --step $last"
		"lessons/$l-120x40|$l --size 120x40 --step $last"
		"lessons/$l-160x48|$l --size 160x48 --step $last"
		"lessons/$l-80x24-presenter|$l --size 80x24 --step $last --presenter")
done

# shape W H FILE: exactly H lines, none wider than W columns
shape() {
	local lines width
	lines=$(wc -l <"$3")
	width=$(wc -L <"$3")
	[ "$lines" -eq "$2" ] && [ "$width" -le "$1" ]
}

for c in "${cases[@]}"; do
	name=${c%%|*}
	args=${c#*|}
	# shellcheck disable=SC2086
	if ! "$PKTPATH" render $args >"$tmp/$name" 2>"$tmp/$name.err"; then
		fail=$((fail + 1))
		echo "FAIL $name: render failed: $(head -3 "$tmp/$name.err")"
		continue
	fi
	size=$(sed -n 's/.*--size \([0-9]*x[0-9]*\).*/\1/p' <<<"$args")
	if ! shape "${size%x*}" "${size#*x}" "$tmp/$name"; then
		fail=$((fail + 1))
		echo "FAIL $name: not a ${size} frame ($(wc -l <"$tmp/$name") lines, $(wc -L <"$tmp/$name") columns)"
		continue
	fi
	if [ "${PKTPATH_GOLDEN_UPDATE:-0}" = 1 ]; then
		cp "$tmp/$name" "$dir/$name.frame"
		echo "updated $dir/$name.frame"
		pass=$((pass + 1))
	elif [ ! -f "$dir/$name.frame" ]; then
		fail=$((fail + 1))
		echo "FAIL $name: no golden $dir/$name.frame (PKTPATH_GOLDEN_UPDATE=1 creates it)"
	elif diff -u "$dir/$name.frame" "$tmp/$name" >"$tmp/$name.diff"; then
		pass=$((pass + 1))
		echo "ok   $name"
	else
		fail=$((fail + 1))
		echo "FAIL $name: differs from $dir/$name.frame"
		sed 's/^/     | /' "$tmp/$name.diff" | head -40
	fi
done

# twelve hosts at 160x48: every one has its box
names=$(grep -o '\(─\|═\) \(▶ \)\?\(pc[0-9]*\|sw · switch\) \(─\|═\)' "$dir/twelve-hosts-160x48.frame" | wc -l)
if [ "$names" -eq 12 ]; then
	pass=$((pass + 1))
	echo "ok   twelve hosts at 160x48: 12 boxes"
else
	fail=$((fail + 1))
	echo "FAIL twelve hosts at 160x48: $names boxes, not 12"
fi

# wires between boxes that are not neighbours in a row run in channels under the rows:
# each one, followed through the frame, joins the NICs that are wired together (the
# golden frames at 160x48, and presenter mode's one row of boxes with its channel)
"$PKTPATH" render scenes/router-two-subnets.scene --step 5 --size 160x48 --presenter \
	>"$tmp/router-two-subnets-presenter" 2>&1
while IFS='|' read -r frame want; do
	name=$(basename "${frame%.frame}")
	if python3 tests/frames/wires.py "$frame" "$want" >"$tmp/wires" 2>&1; then
		pass=$((pass + 1))
		echo "ok   $name: wires across the channels join $want"
	else
		fail=$((fail + 1))
		echo "FAIL $name: wires across the channels"
		sed 's/^/     | /' "$tmp/wires"
	fi
done <<WIRES
$dir/lessons/two-routers-160x48.frame|lanA - r2:eth0, lanB - r1:eth1, lanB - r2:eth1
$dir/lessons/nat-gateway-lan-160x48.frame|gw:eth0 - lan, lan - pc3:eth0
$dir/lessons/router-two-subnets-160x48.frame|r:eth1 - srv:eth0
$dir/lessons/icmp-redirect-160x48.frame|r2:eth0 - sw
$tmp/router-two-subnets-presenter|r:eth1 - srv:eth0
WIRES

# ASCII mode is 7-bit clean
if LC_ALL=C grep -q '[^[:print:][:space:]]' <<<"$("$PKTPATH" render --size 80x24 --step 2 --ascii)"; then
	fail=$((fail + 1))
	echo "FAIL --ascii output has non-ASCII bytes"
else
	pass=$((pass + 1))
	echo "ok   --ascii output is 7-bit"
fi

# any size renders (no crash) and has the requested shape
for s in 1x1 2x2 79x24 80x23 81x25 120x36 300x100 1000x3; do
	if "$PKTPATH" render --size "$s" --step 2 >"$tmp/s" 2>"$tmp/s.err" && shape "${s%x*}" "${s#*x}" "$tmp/s"; then
		pass=$((pass + 1))
		echo "ok   renders at $s"
	else
		fail=$((fail + 1))
		echo "FAIL renders at $s: $(head -3 "$tmp/s.err")"
	fi
done

# every step of the default scene renders at 80x24 and 160x48
for n in $(seq 1 30); do
	for s in 80x24 160x48; do
		if ! "$PKTPATH" render --size $s --event "$n" >"$tmp/e" 2>"$tmp/e.err" || ! shape "${s%x*}" "${s#*x}" "$tmp/e"; then
			fail=$((fail + 1))
			echo "FAIL event $n at $s: $(head -3 "$tmp/e.err")"
			continue 2
		fi
	done
done
pass=$((pass + 1))
echo "ok   events 1..30 render at 80x24 and 160x48"

# an event without a packet (accept() on srv in the NAT lesson, third flow) draws the
# hosts of the packet that led to it: the client it accepted (pc3, 192.168.1.12) and the
# gateway, not the first hosts of the graph
"$PKTPATH" render nat-gateway-lan --event 223 --size 80x24 >"$tmp/nat" 2>&1
if sed -n 2p "$tmp/nat" | grep -q '─ pc3 .*─ gw · router .*─ ▶ srv ' &&
	grep -q '192.168.1.12:40000' "$tmp/nat"; then
	pass=$((pass + 1))
	echo "ok   80x24, an event without a packet: the hosts of the packet that led to it"
else
	fail=$((fail + 1))
	echo "FAIL 80x24, an event without a packet: the hosts of the packet that led to it"
	sed 's/^/     | /' "$tmp/nat" | head -10
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
