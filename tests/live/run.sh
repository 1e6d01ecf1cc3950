#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# `pktpath --live` end to end under tmux (docs/architecture.md "Real kernel mode", "The TUI"):
#   1. start `--live --netns NS` on a private namespace: NICs, routes and rules on screen;
#   2. add a route with the real `ip`: on screen within 3 s (live notifications);
#   3. link down (the kernel sends no RTM_DELROUTE): its routes leave the screen;
#   4. `w` opens the why prompt: the narrated decision and the kernel's agreement;
#   5. resize to 80x24 and to 132x40: still drawn, within the new size;
#   6. q quits with exit status 0;
#   6b. with --apply, `:ip route add …` reaches the kernel and the screen;
#   7. LIVE_ROUTES (default 1000000) routes: the screen comes up, End/PgUp/Home each
#      answered within 2 s (only the visible window is formatted).
# A private tmux server (-L pktpath-live-$$) is killed on exit, and only it; namespaces
# are private and deleted on exit. Needs root, `ip netns` and tmux; otherwise skipped.
# Environment: PKTPATH (default ./pktpath), LIVE_ROUTES.
# Last line: `N passed, N failed[, N skipped]`.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 2

PKTPATH=${PKTPATH:-./pktpath}
N=${LIVE_ROUTES:-1000000}
pass=0 fail=0

if ! command -v tmux >/dev/null; then
	echo "SKIPPED: tmux not installed" >&2
	echo "0 passed, 0 failed, 2 skipped"
	exit 0
fi
. tests/lib/netns.sh # need_netns, need_pktpath
need_netns pplive "--live tests need root and 'ip netns add'" 2
need_pktpath live/run.sh
PKTPATH=$(cd "$(dirname "$PKTPATH")" && pwd)/$(basename "$PKTPATH")

NS=pplive-$$
BIG=pplive-$$-big
SOCK=pktpath-live-$$
tmp=$(mktemp -d "${TMPDIR:-/tmp}/pktpath-live.XXXXXX") || exit 2
cleanup() {
	tmux -L "$SOCK" kill-server 2>/dev/null
	ip netns del "$NS" 2>/dev/null
	ip netns del "$BIG" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

ok() { pass=$((pass + 1)); }
ko() {
	fail=$((fail + 1))
	echo "FAIL: $1"
	if [ -n "${2:-}" ]; then
		echo "--- screen:"
		tmux -L "$SOCK" capture-pane -p -t "$2" 2>/dev/null | head -45
		[ -s "$tmp/$2.err" ] && { echo "--- stderr:"; head -20 "$tmp/$2.err"; }
	fi
}
screen() { tmux -L "$SOCK" capture-pane -p -t "$1"; }
# shows SESSION REGEX: the screen matches (captured first: with pipefail, `screen | grep -q`
# fails when grep stops reading before tmux has written everything)
shows() {
	local s
	s=$(screen "$1") || return 1
	grep -qE -- "$2" <<<"$s"
}
# wait_for SESSION REGEX SECONDS: 0 when the screen matches. SECONDS is what an idle
# machine needs; the wait goes on up to LIVE_TIMEOUT (120 s) so that a loaded machine
# only makes the test slower, never red.
LIVE_TIMEOUT=${LIVE_TIMEOUT:-120}
wait_for() {
	local i n=$(($3 > LIVE_TIMEOUT ? $3 * 20 : LIVE_TIMEOUT * 20))
	for ((i = 0; i < n; i++)); do
		shows "$1" "$2" && return 0
		sleep 0.05
	done
	return 1
}
wait_gone() {
	local i n=$(($3 > LIVE_TIMEOUT ? $3 * 20 : LIVE_TIMEOUT * 20))
	for ((i = 0; i < n; i++)); do
		shows "$1" "$2" || return 0
		sleep 0.05
	done
	return 1
}
# start SESSION W H NETNS [OPTION]: pktpath --live in a detached tmux session; its exit
# status goes to $tmp/SESSION.rc
start() {
	tmux -L "$SOCK" -f /dev/null new-session -d -s "$1" -x "$2" -y "$3" \
		"env LANG=C.UTF-8 LC_ALL=C.UTF-8 '$PKTPATH' --live --netns '$4' ${5:-} 2>'$tmp/$1.err'; echo \$? >'$tmp/$1.rc'; sleep 30"
}
wait_exit() {
	local i
	for ((i = 0; i < LIVE_TIMEOUT * 20; i++)); do
		[ -s "$tmp/$1.rc" ] && return 0
		sleep 0.05
	done
	return 1
}

ip netns add "$NS"
ip -n "$NS" link add a0 type veth peer name a1
ip -n "$NS" link add b0 type veth peer name b1
for l in lo a0 a1 b0 b1; do ip -n "$NS" link set "$l" up; done
ip -n "$NS" addr add 10.1.0.1/24 dev a0
ip -n "$NS" addr add 10.2.0.1/24 dev b0
ip -n "$NS" route add default via 10.1.0.254
ip -n "$NS" route add 10.50.0.0/16 via 10.2.0.254
ip -n "$NS" rule add pref 100 from 10.9.0.0/24 lookup 100

# ---- 1. start ----
start s 100 40 "$NS"
if wait_for s 'routes 1-' 5 && shows s '10.1.0.1/24' &&
	shows s '10.50.0.0/16 via 10.2.0.254 dev b0' &&
	shows s '100: *from 10.9.0.0/24 lookup 100'; then
	ok
else
	ko "--live: initial screen (NICs, routes, rules)" s
fi

# ---- 2. a route added with ip appears ----
t0=$(date +%s.%N)
ip -n "$NS" route add 10.77.0.0/16 via 10.1.0.254
if wait_for s '10.77.0.0/16 via 10.1.0.254 dev a0' 3; then
	ok
	echo "live: route added with ip on screen after $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }') s"
else
	ko "--live: a route added with ip did not appear within 3 s" s
fi

# ---- 3. link down: no RTM_DELROUTE, the routes go anyway ----
ip -n "$NS" link set b0 down
if wait_gone s '10.50.0.0/16 via' 3 && wait_for s 'b0 +DOWN' 3; then
	ok
else
	ko "--live: b0 down: its routes still shown" s
fi

# ---- 4. why ----
tmux -L "$SOCK" send-keys -t s w
tmux -L "$SOCK" send-keys -t s -l '10.77.1.1'
tmux -L "$SOCK" send-keys -t s Enter
if wait_for s 'kernel agrees' 3 && shows s 'result: unicast dev a0 via 10.1.0.254'; then
	ok
else
	ko "--live: why 10.77.1.1" s
fi

# ---- 5. resize ----
resized=1
for size in "80 24" "132 40"; do
	set -- $size
	tmux -L "$SOCK" resize-window -t s -x "$1" -y "$2"
	sleep 0.3
	if ! wait_for s 'routes 1-' 3 || ! shows s ' q quit' ||
		[ "$(screen s | wc -l)" -ne "$2" ] ||
		[ "$(screen s | LC_ALL=C.UTF-8 wc -L)" -gt "$1" ]; then
		resized=0
		ko "--live: after resize to ${1}x$2" s
	fi
done
[ $resized -eq 1 ] && ok

# ---- 6. q quits, exit status 0 ----
tmux -L "$SOCK" send-keys -t s q
if wait_exit s && [ "$(cat "$tmp/s.rc")" = 0 ]; then
	ok
else
	ko "--live: q did not quit with status 0 (rc $(cat "$tmp/s.rc" 2>/dev/null))" s
fi

# ---- 6b. --apply: a console edit goes to the kernel ----
start ap 100 40 "$NS" --apply
if wait_for ap 'APPLY' 5; then
	tmux -L "$SOCK" send-keys -t ap :
	tmux -L "$SOCK" send-keys -t ap -l 'ip route add 10.88.0.0/16 via 10.1.0.254'
	tmux -L "$SOCK" send-keys -t ap Enter
fi
if wait_for ap '10.88.0.0/16 via 10.1.0.254 dev a0' 3 &&
	grep -q '^10.88.0.0/16 via 10.1.0.254 dev a0' <<<"$(ip -n "$NS" route show)"; then
	ok
else
	ko "--live --apply: ip route add from the console" ap
fi
tmux -L "$SOCK" send-keys -t ap :
tmux -L "$SOCK" send-keys -t ap -l 'ip route add 10.88.0.0/16 via 10.1.0.254'
tmux -L "$SOCK" send-keys -t ap Enter
if wait_for ap '! RTNETLINK answers: File exists' 3; then
	ok
else
	ko "--live --apply: the kernel's refusal not shown" ap
fi
tmux -L "$SOCK" send-keys -t ap q
wait_exit ap

# ---- 7. a full Internet table ----
ip netns add "$BIG"
ip -n "$BIG" link add v0 type veth peer name v1
for l in lo v0 v1; do ip -n "$BIG" link set "$l" up; done
ip -n "$BIG" addr add 10.0.0.1/24 dev v0
awk -v n="$N" 'BEGIN {
	for (i = 0; i < n; i++) {
		a = 11 + int(i / 65536); b = int(i / 256) % 256; c = i % 256
		if (i % 8 == 7) printf "route add blackhole %d.%d.%d.0/24\n", a, b, c
		else printf "route add %d.%d.%d.0/24 via 10.0.0.2\n", a, b, c
	}
}' >"$tmp/routes.batch"
ip -n "$BIG" -batch "$tmp/routes.batch"
total=$(($(ip -n "$BIG" -4 route show table all | wc -l)))
start big 100 30 "$BIG"
big_ok=1
if ! wait_for big "routes 1-[0-9]+ of $total " 30; then
	big_ok=0
	ko "--live with $total routes: no screen within 30 s" big
fi
# End: the window ends at the last route; PgUp: it no longer does; Home: the first
for step in "End:routes [0-9]+-$total of $total " "PPage:-$total of $total " \
	"Home:routes 1-[0-9]+ of $total "; do
	key=${step%%:*} want=${step#*:}
	[ $big_ok -eq 1 ] || break
	t0=$(date +%s%N)
	tmux -L "$SOCK" send-keys -t big "$key"
	if [ "$key" = PPage ]; then
		wait_gone big "$want" 2 && wait_for big "routes [0-9]+-[0-9]+ of $total " 2
	else
		wait_for big "$want" 2
	fi
	if [ $? -eq 0 ]; then
		echo "live: $total routes, $key answered in $((($(date +%s%N) - t0) / 1000000)) ms"
	else
		big_ok=0
		ko "--live with $total routes: $key not answered within 2 s" big
	fi
done
tmux -L "$SOCK" send-keys -t big q
if [ $big_ok -eq 1 ] && wait_exit big && [ "$(cat "$tmp/big.rc")" = 0 ]; then
	ok
else
	[ $big_ok -eq 1 ] && ko "--live with $total routes: q" big
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
