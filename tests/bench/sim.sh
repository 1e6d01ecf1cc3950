#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Simulation and seeking on long scenes (no kernel involved): two hosts on a veth pair;
# TCP (one connection, N one-segment writes), UDP (N datagrams) and connections (N
# connects to one listener), N = 1,000 / 10,000 / 100,000 (connections: 1,000 and
# 10,000; the ephemeral range holds 21,000). For each: trace events, `pktpath check`
# time (the whole simulation; check keeps the current step's events, and these scenes
# are one step, so all of them), events per second (over what the scene adds to its
# setup), peak RSS and bytes per event, and the peak RSS of `pktpath trace` (streamed: events are printed, not kept). Then tests/bench/seek.c: the model at random events of the long scenes, as
# the TUI rebuilds it for PgUp/PgDn/G (ui/session.c checkpoints). Prints a table of
# figures; not a pass/fail test. BENCH_SIM_MAX (100000) caps N.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 2

PKTPATH=${PKTPATH:-./pktpath}
B=${BUILD:-build}
MAX=${BENCH_SIM_MAX:-100000}
export PKTPATH_MAX_EVENTS=100000000

tmp=$(mktemp -d "${TMPDIR:-/tmp}/pktpath-bench.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT

cc -O2 -std=c11 -D_GNU_SOURCE -Isrc -o "$tmp/bench-seek" tests/bench/seek.c "$B/ui/session.o" \
	"$B/libpktpath.a" || exit 1

scene() { # KIND N
	cat <<'S'
a ip link add e0 type veth peer name e0 netns b
a ip link set lo up
a ip link set e0 up
b ip link set lo up
b ip link set e0 up
a ip addr add 10.0.0.1/24 dev e0
b ip addr add 10.0.0.2/24 dev e0
S
	case $1 in
	tcp)
		printf 'b listen tcp 0.0.0.0:80 as s\na connect tcp 10.0.0.2:80 as c\nb accept s as x\n'
		awk -v n="$2" 'BEGIN { for (i = 0; i < n; i++) print "a send c \"x\"" }' ;;
	udp)
		printf 'b udp bind 0.0.0.0:53 as u2\na udp bind 0.0.0.0:0 as u1\n'
		awk -v n="$2" 'BEGIN { for (i = 0; i < n; i++) print "a sendto u1 10.0.0.2:53 \"x\"" }' ;;
	conn)
		printf 'b listen tcp 0.0.0.0:80 as s\n'
		awk -v n="$2" 'BEGIN { for (i = 0; i < n; i++) printf "a connect tcp 10.0.0.2:80 as c%d\n", i }' ;;
	esac
}

# check_secs FILE: the least wall seconds of `pktpath check FILE` over 3 runs (1 from
# 100,000 lines on), to the microsecond
check_secs() {
	local i best= t0 t1 runs=3
	[ "$(wc -l <"$1")" -gt 100000 ] && runs=1
	for ((i = 0; i < runs; i++)); do
		t0=$EPOCHREALTIME
		"$PKTPATH" check "$1" >/dev/null 2>&1
		t1=$EPOCHREALTIME
		best=$(awk -v b="$best" -v a="$t0" -v z="$t1" 'BEGIN { t = z - a; if (b == "" || t < b) b = t; printf "%.6f", b }')
	done
	echo "$best"
}

# events/s: the events a scene adds to its setup over the time it adds to the setup's
# (process start, the lessons' catalogue, the two hosts), so that 1,000 and 100,000
# compare the simulation itself
printf '%-34s %10s %9s %12s %9s %9s %14s\n' "scene" "events" "check s" "events/s" "RSS MB" "B/event" "trace RSS MB"
for kind in tcp udp conn; do
	scene "$kind" 0 >"$tmp/$kind-0.scene"
	ev0=$("$PKTPATH" trace "$tmp/$kind-0.scene" | grep -vc '^#')
	s0=$(check_secs "$tmp/$kind-0.scene")
	for n in 1000 10000 100000; do
		[ "$n" -gt "$MAX" ] && continue
		[ "$kind" = conn ] && [ "$n" -gt 10000 ] && continue
		f="$tmp/$kind-$n.scene"
		scene "$kind" "$n" >"$f"
		ev=$("$PKTPATH" trace "$f" | grep -vc '^#')
		secs=$(check_secs "$f")
		/usr/bin/time -f '%M' -o "$tmp/time" "$PKTPATH" check "$f" >/dev/null 2>&1
		read -r kb <"$tmp/time"
		/usr/bin/time -f '%M' -o "$tmp/time-trace" "$PKTPATH" trace "$f" >/dev/null 2>&1
		read -r tkb <"$tmp/time-trace"
		awk -v k="$kind" -v n="$n" -v e="$ev" -v e0="$ev0" -v s="$secs" -v s0="$s0" -v m="$kb" -v t="$tkb" 'BEGIN {
			printf "%-34s %10d %9.3f %12.0f %9.1f %9.0f %14.1f\n", k " x " n, e, s, (s > s0 ? (e - e0) / (s - s0) : 0), m / 1024, m * 1024 / e, t / 1024 }'
	done
done
echo
for f in "$tmp/tcp-10000.scene" "$tmp/udp-10000.scene" "$tmp/conn-1000.scene" "$tmp/conn-10000.scene" "$tmp/tcp-100000.scene"; do
	[ -f "$f" ] || continue
	printf '%-20s ' "$(basename "$f" .scene)"
	"$tmp/bench-seek" "$f" 100
done
