#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Real kernel mode at Internet-table scale (docs/architecture.md "Real kernel mode": a full
# Internet table must stay fast). Creates a private namespace with BENCH_ROUTES (1,000,000)
# routes loaded with `ip -batch`, then measures: pktpath's import time and peak RSS, how
# soon `pktpath --live` shows its first screen,
# route-lookup throughput in the engine (tests/bench/lookup.c: fib_route_output on random
# destinations; then a synthetic 1M-prefix table with the Internet's mix of lengths), `pktpath run` answering `ip route get` lines, and `ip route show table all`
# in pktpath vs the real `ip`; then churn on that namespace (netlink-live.c): BENCH_CHURN
# add/del pairs by `ip -batch` while tests/bench/follow.c follows it the way the TUI does
# (poll + nl_live_process), how long after the batch it is in sync, at which rate it
# absorbed the changes, and whether its table then equals the real one; and `pktpath run
# --follow` absorbing a backlog of BENCH_BACKLOG pairs queued while it waited for its next
# line. Prints a table of figures; not a pass/fail test. Needs root and `ip netns`; the
# namespace is deleted on exit. Never touches the root namespace.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 2

N=${BENCH_ROUTES:-1000000}
L=${BENCH_LOOKUPS:-1000000}
G=${BENCH_GETS:-400000}
K=${BENCH_CHURN:-100000}
KB=${BENCH_BACKLOG:-2000}
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
	tmux kill-session -t "ppbench-live-$$" 2>/dev/null
	ip netns del "$NS" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

# the lookup benchmark: engine + libnl adapter
cc -O2 -std=c11 -D_GNU_SOURCE -Isrc -o "$tmp/bench-lookup" tests/bench/lookup.c \
	"$B/libpktpath-nl.a" "$B/libpktpath.a" \
	$(pkg-config --libs libnl-route-3.0 libnl-3.0 2>/dev/null || echo -lnl-route-3 -lnl-3) || exit 1
# the churn follower: engine + adapter + command language (libpktpath.a has cmd.c)
cc -O2 -std=c11 -D_GNU_SOURCE -Isrc -o "$tmp/bench-follow" tests/bench/follow.c \
	"$B/libpktpath-nl.a" "$B/libpktpath.a" \
	$(pkg-config --libs libnl-nf-3.0 libnl-idiag-3.0 libnl-route-3.0 libnl-3.0 2>/dev/null ||
		echo -lnl-nf-3 -lnl-idiag-3 -lnl-route-3 -lnl-3) || exit 1

cpu() { # CMD… -> the least CPU seconds (user + system) of 3 runs (output discarded)
	local i best=
	for i in 1 2 3; do
		/usr/bin/time -f '%U %S' -o "$tmp/cpu" "$@" >/dev/null 2>&1
		# the last line: time puts "Command exited with non-zero status" before it
		best=$(tail -1 "$tmp/cpu" | awk -v b="$best" '{ t = $1 + $2; if (b == "" || t < b) b = t; printf "%.2f", b }')
	done
	echo "$best"
}
best_secs() { # CMD… -> the least wall seconds of 5 runs (a load's time varies run to run)
	local i t best=
	for i in 1 2 3 4 5; do
		t=$(secs "$@")
		best=$(awk -v b="$best" -v t="$t" 'BEGIN { printf "%.3f", (b == "" || t < b) ? t : b }')
	done
	echo "$best"
}
secs() { # CMD… -> wall seconds on stdout (the command's own output discarded)
	local t0 t1
	t0=$(date +%s.%N)
	"$@" >/dev/null 2>&1
	t1=$(date +%s.%N)
	awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }'
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
# several tables and rules, as on a router: a source-routed table and a marked one
{
	for i in $(seq 0 999); do
		echo "route add 172.$((16 + i / 256)).$((i % 256)).0/24 via 10.0.1.2 table 100"
	done
	echo "route add default via 10.0.1.2 table 100"
	echo "route add default via 10.0.0.2 table 200"
	echo "rule add from 10.0.9.0/24 lookup 100 pref 100"
	echo "rule add fwmark 7 lookup 200 pref 200"
} >"$tmp/extra.batch"
ip -n "$NS" -batch "$tmp/extra.batch" || echo "the extra tables and rules failed" >&2
nroutes=$(ip -n "$NS" -4 route show table all | wc -l)

t_ipshow=$(secs ip -n "$NS" -4 route show table all)

/usr/bin/time -v "$PKTPATH" run --netns "$NS" /dev/null 2>"$tmp/time-import" >/dev/null
rss_import=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$tmp/time-import")
t_import_wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { print $2 }' "$tmp/time-import")
PKTPATH_IMPORT_STATS=1 "$PKTPATH" run --netns "$NS" /dev/null 2>"$tmp/stats" >/dev/null
t_import=$(sed -n 's/.* in \([0-9.]*\) s:.*/\1/p' "$tmp/stats")
[ -n "$t_import" ] || { echo "import statistics missing:" >&2; cat "$tmp/stats" >&2; }

# live mode's first screen: from starting `pktpath --live` in a tmux pane until the pane
# shows the first loaded route (polled every 5 ms); the best of 3
live_first() {
	local s="ppbench-live-$$" t0 t i best=
	command -v tmux >/dev/null || { echo "no tmux"; return; }
	for i in 1 2 3; do
		t0=$(date +%s.%N)
		tmux new-session -d -s "$s" -x 160 -y 40 "$PKTPATH --live --netns $NS" || return
		for ((t = 0; t < 2000; t++)); do
			tmux capture-pane -p -t "$s" 2>/dev/null | grep -q '11\.0\.0\.0/24' && break
			sleep 0.005
		done
		t=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.3f", b - a }')
		tmux kill-session -t "$s" 2>/dev/null
		best=$(awk -v b="$best" -v t="$t" 'BEGIN { printf "%.3f", (b == "" || t < b) ? t : b }')
	done
	echo "$best s"
}
t_live=$(live_first)

echo "ip route show table all" >"$tmp/show"
t_ppshow_total=$(secs "$PKTPATH" run --netns "$NS" "$tmp/show")
"$PKTPATH" run --netns "$NS" "$tmp/show" | wc -l >"$tmp/ppshow-lines"

"$tmp/bench-lookup" "$NS" "$L" >"$tmp/lookup"

# G destinations spread over the N loaded /24s (1 in 8 on a blackhole route), each
# distinct; integer arithmetic that stays exact in awk's doubles
awk -v g="$G" -v n="$N" 'BEGIN { for (i = 0; i < g; i++) { x = (i * 7919 + 13) % n
	printf "route get %d.%d.%d.%d\n", 11 + int(x / 65536), int(x / 256) % 256, x % 256, (i * 37) % 254 + 1 } }' \
	>"$tmp/gets.batch"
ndistinct=$(sort -u "$tmp/gets.batch" | wc -l)
sed 's/^/ip /' "$tmp/gets.batch" >"$tmp/gets.pp"
# -force: a blackhole's "RTNETLINK answers: Invalid argument" must not end the batch
t_ipget=$(cpu ip -n "$NS" -force -batch "$tmp/gets.batch")
# pktpath answers the same queries GR times over, so that their cost stands well above
# the noise of the import it is measured against
GR=10
for ((i = 0; i < GR; i++)); do cat "$tmp/gets.pp"; done >"$tmp/gets-rep.pp"
t_ppget=$(cpu "$PKTPATH" run --netns "$NS" "$tmp/gets-rep.pp")
t_ppimport=$(cpu "$PKTPATH" run --netns "$NS" /dev/null)
# the answers must agree too
# (answers on stdout; errors compared by count: -force adds its own "Command failed" lines)
ip -n "$NS" -force -batch "$tmp/gets.batch" >"$tmp/gets.real" 2>"$tmp/gets.real-err"
"$PKTPATH" run --netns "$NS" "$tmp/gets.pp" >"$tmp/gets.sim" 2>"$tmp/gets.sim-err"
e_real=$(grep -c '^RTNETLINK answers' "$tmp/gets.real-err")
e_sim=$(grep -c '^RTNETLINK answers' "$tmp/gets.sim-err")
if cmp -s "$tmp/gets.real" "$tmp/gets.sim" && [ "$e_real" = "$e_sim" ]; then same=identical; else same=DIFFERENT; fi
same="$same, $(wc -l <"$tmp/gets.real") answers, $e_real refused" 

# ---- loading by `ip route add` lines in random order (no kernel involved) ----
routes_lines() { # COUNT -> scene lines: a veth, then COUNT /24 routes in a fixed random order
	printf 'ip link add v0 type veth peer name v1\nip link set v0 up\nip link set v1 up\n'
	printf 'ip addr add 10.0.0.1/24 dev v0\n'
	awk -v n="$1" 'BEGIN { for (i = 0; i < n; i++) { a = 11 + int(i / 65536); b = int(i / 256) % 256
		if (i % 8 == 7) printf "ip route add blackhole %d.%d.%d.0/24\n", a, b, i % 256
		else printf "ip route add %d.%d.%d.0/24 via 10.0.0.2\n", a, b, i % 256 } }' |
		shuf --random-source=<(yes)
}
routes_lines "$((N / 4))" >"$tmp/add-quarter"
routes_lines "$N" >"$tmp/add-full"
t_add_q=$(best_secs "$PKTPATH" run "$tmp/add-quarter")
t_add_f=$(best_secs "$PKTPATH" run "$tmp/add-full")

# ---- churn: K add/del pairs while bench-follow follows (TUI-style poll loop) ----
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'; }
# wait_for FILE PATTERN: until a line matches (60 s at most)
wait_for() {
	local i
	for ((i = 0; i < 6000; i++)); do
		grep -q "$2" "$1" 2>/dev/null && return 0
		sleep 0.01
	done
	return 1
}
# random /25s inside the loaded range (random table positions): add each, delete it 64
# adds later, then the last 64
awk -v k="$K" 'function p(i,  x) { x = (i * 7919 + 13) % 1000000
	return sprintf("%d.%d.%d.128/25", 11 + int(x / 65536), int(x / 256) % 256, x % 256) }
BEGIN { for (i = 0; i < k; i++) { printf "route add %s via 10.0.%d.2\n", p(i), i % 2
	if (i >= 64) printf "route del %s\n", p(i - 64) }
	for (i = (k > 64 ? k - 64 : 0); i < k; i++) printf "route del %s\n", p(i) }' >"$tmp/churn.batch"
mkfifo "$tmp/ffifo"
"$tmp/bench-follow" "$NS" <"$tmp/ffifo" >"$tmp/follow.out" 2>"$tmp/follow.err" &
ffpid=$!
exec 4>"$tmp/ffifo"
wait_for "$tmp/follow.out" '^ready' || echo "bench-follow did not start" >&2
t0=$(now)
ip -n "$NS" -batch "$tmp/churn.batch" >/dev/null 2>&1
t_churn=$(since "$t0")
t1=$(now)
echo sync >&4
wait_for "$tmp/follow.out" '^synced' || echo "bench-follow did not sync" >&2
t_lag=$(since "$t1")
read -r -a fs < <(grep '^synced' "$tmp/follow.out" | tail -1)
# fs: synced notifications N applied N resyncs N overruns N busy_s S apply_s S resync_s S bufsize N maxrss_kb N
echo show >&4
wait_for "$tmp/follow.out" '^END' || echo "bench-follow did not show" >&2
sed -n '/^synced/,/^END$/p' "$tmp/follow.out" | sed '1d;$d' >"$tmp/follow.show"
ip -n "$NS" route show table all >"$tmp/real.show"
if cmp -s "$tmp/real.show" "$tmp/follow.show"; then fsame=identical; else fsame=DIFFERENT; fi
exec 4>&-
wait "$ffpid"

# ---- pktpath run --follow: a backlog of KB pairs queued while it waits for a line ----
awk -v k="$KB" 'function p(i) { return sprintf("%d.%d.%d.0/24", 40 + int(i / 65536), int(i / 256) % 256, i % 256) }
BEGIN { for (i = 0; i < k; i++) printf "route add %s via 10.0.%d.2\n", p(i), i % 2
	for (i = 0; i < k; i += 2) printf "route del %s\n", p(i) }' >"$tmp/backlog.batch"
mkfifo "$tmp/rfifo"
PKTPATH_LIVE_STATS=1 "$PKTPATH" run --netns "$NS" --follow <"$tmp/rfifo" >"$tmp/run.out" 2>"$tmp/run.err" &
rpid=$!
exec 5>"$tmp/rfifo"
echo "first-line" >&5
wait_for "$tmp/run.err" '^first-line' || echo "pktpath run --follow did not start" >&2
ip -n "$NS" -batch "$tmp/backlog.batch" >/dev/null 2>&1
t2=$(now)
echo "ip route show table 7" >&5
echo "second-line" >&5
wait_for "$tmp/run.err" '^second-line' || echo "pktpath run --follow did not answer" >&2
t_backlog=$(since "$t2")
backlog_how=$(grep 'pktpath: live:' "$tmp/run.err" | tail -1 | sed 's/^pktpath: live: //')
exec 5>&-
wait "$rpid"

printf '%-52s %s\n' "figure" "value"
printf '%-52s %s\n' "routes in the namespace (ip route show table all)" "$nroutes"
printf '%-52s %s s\n' "load with ip -batch ($N route add)" "$t_load"
printf '%-52s %s s\n' "pktpath import (netlink dump + model)" "$t_import"
printf '%-52s %s (m:ss)\n' "pktpath run --netns, import only, wall" "$t_import_wall"
printf '%-52s %s MB\n' "pktpath peak RSS after import" "$((rss_import / 1024))"
printf '%-52s %s\n' "pktpath --live: first screen (tmux, to the first route)" "$t_live"
printf '%-52s %s s\n' "ip -4 route show table all (real ip)" "$t_ipshow"
printf '%-52s %s s; %s routes: %s s (%sx the time for 4x)\n' "pktpath run: $((N / 4)) ip route add, random order" \
	"$t_add_q" "$N" "$t_add_f" "$(awk -v a="$t_add_q" -v b="$t_add_f" 'BEGIN { printf "%.1f", (a > 0 ? b / a : 0) }')"
printf '%-52s %s s (%s lines)\n' "pktpath run: import + ip route show table all" "$t_ppshow_total" "$(cat "$tmp/ppshow-lines")"
sed -n 's/^lookup /engine lookup: /p; s/^checked/engine lookup: checked/p; s/^inet /engine, synthetic Internet table: /p' "$tmp/lookup"
printf '%-52s %s s CPU\n' "real ip -batch: $G route get" "$t_ipget"
printf '%-52s %s s CPU\n' "pktpath run: import + $GR x $G ip route get" "$t_ppget"
printf '%-52s %s (%s distinct queries)\n' "pktpath run vs ip -batch: $G ip route get" "output $same" "$ndistinct"
printf '%-52s %s s CPU\n' "pktpath run: import only" "$t_ppimport"
printf '%-52s %s\n' "per route get: kernel vs pktpath (CPU, minus import)" \
	"$(awk -v g="$G" -v r="$GR" -v k="$t_ipget" -v p="$t_ppget" -v i="$t_ppimport" 'BEGIN { pp = (p - i) / (g * r) * 1e6; kk = k / g * 1e6
	printf "%.2f us vs %.2f us (%.1fx)", kk, pp, (pp > 0 ? kk / pp : 0) }')"
printf '%-52s %s s (%s changes/s)\n' "kernel: ip -batch, $K add/del pairs" "$t_churn" \
	"$(awk -v k="$K" -v t="$t_churn" 'BEGIN { printf "%.0f", 2 * k / (t > 0 ? t : 1) }')"
printf '%-52s %s s after the batch ended\n' "bench-follow in sync (poll loop, like the TUI)" "$t_lag"
printf '%-52s %s notifications, %s applied in place, %s resyncs, %s overruns\n' \
	"bench-follow absorbed" "${fs[2]:-?}" "${fs[4]:-?}" "${fs[6]:-?}" "${fs[8]:-?}"
printf '%-52s %s changes/s (%s s busy)\n' "bench-follow absorption rate (busy time)" \
	"$(awk -v a="${fs[4]:-0}" -v t="${fs[10]:-0}" 'BEGIN { printf "%.0f", (t > 0 ? a / t : 0) }')" "${fs[10]:-?}"
printf '%-52s %s MB (socket buffer %s MB)\n' "bench-follow peak RSS" \
	"$(( ${fs[18]:-0} / 1024 ))" "$(( ${fs[16]:-0} / 1048576 ))"
printf '%-52s %s\n' "bench-follow table vs ip route show table all" "$fsame"
printf '%-52s %s s (%s)\n' "run --follow: $KB-pair backlog, next line answered" "$t_backlog" "$backlog_how"
printf '%-52s %s changes/s\n' "run --follow: backlog absorption rate" \
	"$(echo "$backlog_how" | awk '{ t = $(NF - 1); printf "%.0f", (t > 0 ? $3 / t : 0) }')"
printf '%-52s %s s\n' "full resync (what --follow did per batch before)" "$t_import"
