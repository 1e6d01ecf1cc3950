#!/usr/bin/env bash
# Real kernel mode at Internet-table scale (DESIGN: "Must scale to a full Internet table").
# Creates a private namespace with BENCH_ROUTES (1,000,000) routes loaded with
# `ip -batch`, then measures: pktpath's import time and peak RSS, route-lookup
# throughput in the engine (tests/bench/lookup.c: fib_route_output on random
# destinations), `pktpath run` answering `ip route get` lines, and `ip route show table
# all` in pktpath vs the real `ip`. Prints a table of figures; not a pass/fail test.
# Needs root and `ip netns`; the namespace is deleted on exit. Never touches the root
# namespace.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 2

N=${BENCH_ROUTES:-1000000}
L=${BENCH_LOOKUPS:-1000000}
G=${BENCH_GETS:-100000}
PKTPATH=${PKTPATH:-./pktpath}
B=${BUILD:-build}

if [ "$(id -u)" -ne 0 ] || ! ip netns add "ppbench-probe-$$" 2>/dev/null; then
	echo "SKIPPED: the import benchmark needs root and 'ip netns add'" >&2
	exit 0
fi
ip netns del "ppbench-probe-$$"

NS=ppbench-$$
tmp=$(mktemp -d "${TMPDIR:-/tmp}/pktpath-bench.XXXXXX") || exit 2
cleanup() {
	ip netns del "$NS" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

# the lookup benchmark: engine + libnl adapter
cc -O2 -std=c11 -D_GNU_SOURCE -Isrc -o "$tmp/bench-lookup" tests/bench/lookup.c \
	"$B/libpktpath-nl.a" "$B/libpktpath.a" \
	$(pkg-config --libs libnl-route-3.0 libnl-3.0 2>/dev/null || echo -lnl-route-3 -lnl-3) || exit 1

secs() { # CMD… -> wall seconds on stdout (the command's own output discarded)
	local t0 t1
	t0=$(date +%s.%N)
	"$@" >/dev/null 2>&1
	t1=$(date +%s.%N)
	awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }'
}

ip netns add "$NS"
ip netns exec "$NS" sysctl -q -w net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
ip -n "$NS" link add v0 type veth peer name v1
ip -n "$NS" link set lo up
ip -n "$NS" link set v0 up
ip -n "$NS" link set v1 up
ip -n "$NS" addr add 10.0.0.1/24 dev v0
ip -n "$NS" addr add 10.0.1.1/24 dev v1

# N /24s from 11.0.0.0 up: 7 of 8 via gateways, 1 of 8 blackhole (Internet-table shapes)
awk -v n="$N" 'BEGIN {
	for (i = 0; i < n; i++) {
		a = 11 + int(i / 65536); b = int(i / 256) % 256; c = i % 256
		if (i % 8 == 7) printf "route add blackhole %d.%d.%d.0/24\n", a, b, c
		else printf "route add %d.%d.%d.0/24 via 10.0.%d.2\n", a, b, c, i % 2
	}
}' >"$tmp/routes.batch"
t_load=$(secs ip -n "$NS" -batch "$tmp/routes.batch")
nroutes=$(ip -n "$NS" -4 route show table all | wc -l)

t_ipshow=$(secs ip -n "$NS" -4 route show table all)

/usr/bin/time -v "$PKTPATH" run --netns "$NS" /dev/null 2>"$tmp/time-import" >/dev/null
rss_import=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$tmp/time-import")
t_import_wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { print $2 }' "$tmp/time-import")
PKTPATH_IMPORT_STATS=1 "$PKTPATH" run --netns "$NS" /dev/null 2>"$tmp/stats" >/dev/null
t_import=$(sed -n 's/.* in \([0-9.]*\) s:.*/\1/p' "$tmp/stats")
[ -n "$t_import" ] || { echo "import statistics missing:" >&2; cat "$tmp/stats" >&2; }

echo "ip route show table all" >"$tmp/show"
t_ppshow_total=$(secs "$PKTPATH" run --netns "$NS" "$tmp/show")
"$PKTPATH" run --netns "$NS" "$tmp/show" | wc -l >"$tmp/ppshow-lines"

"$tmp/bench-lookup" "$NS" "$L" >"$tmp/lookup"
lookups_per_s=$(awk '/^lookups/ { print $8 }' "$tmp/lookup")

awk -v g="$G" 'BEGIN { s = 7; for (i = 0; i < g; i++) { s = (s * 1103515245 + 12345) % 2147483648;
	x = s % 1000000; printf "route get %d.%d.%d.%d\n", 11 + int(x / 65536), int(x / 256) % 256, x % 256, s % 254 + 1 } }' \
	>"$tmp/gets.batch"
sed 's/^/ip /' "$tmp/gets.batch" >"$tmp/gets.pp"
t_ipget=$(secs ip -n "$NS" -batch "$tmp/gets.batch")
t_ppget=$(secs "$PKTPATH" run --netns "$NS" "$tmp/gets.pp")
# the answers must agree too
ip -n "$NS" -batch "$tmp/gets.batch" >"$tmp/gets.real" 2>&1
"$PKTPATH" run --netns "$NS" "$tmp/gets.pp" >"$tmp/gets.sim" 2>&1
if cmp -s "$tmp/gets.real" "$tmp/gets.sim"; then same=identical; else same=DIFFERENT; fi

printf '%-52s %s\n' "figure" "value"
printf '%-52s %s\n' "routes in the namespace (ip route show table all)" "$nroutes"
printf '%-52s %s s\n' "load with ip -batch ($N route add)" "$t_load"
printf '%-52s %s s\n' "pktpath import (netlink dump + model)" "$t_import"
printf '%-52s %s (m:ss)\n' "pktpath run --netns, import only, wall" "$t_import_wall"
printf '%-52s %s MB\n' "pktpath peak RSS after import" "$((rss_import / 1024))"
printf '%-52s %s s\n' "ip -4 route show table all (real ip)" "$t_ipshow"
printf '%-52s %s s (%s lines)\n' "pktpath run: import + ip route show table all" "$t_ppshow_total" "$(cat "$tmp/ppshow-lines")"
printf '%-52s %s /s\n' "engine lookups (fib_route_output, random dst)" "$lookups_per_s"
printf '%-52s %s s\n' "real ip -batch: $G route get" "$t_ipget"
printf '%-52s %s s (output %s)\n' "pktpath run: import + $G ip route get" "$t_ppget" "$same"
