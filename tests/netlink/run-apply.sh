#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Real kernel mode, part 2 (docs/architecture.md "Real kernel mode"): --apply, real sockets
# and conntrack, `why socket`. In private namespaces only; the root namespace is never
# touched (the one test that names it checks that pktpath refuses and exits 2).
#   1. round trip: a list of edits (successes and kernel refusals) run by
#      `pktpath run --netns A --apply` and by the real `ip` in twin namespace B (same
#      state): the transcripts (stdout, stderr lines, exit status) are compared byte for
#      byte, block by block, and then both namespaces' final states;
#   2. without --apply nothing changes: A's `ip route show table all`, `ip rule show`,
#      `ip -4 addr show` before and after a session that runs the same edits (and the
#      session's model did change);
#   3. --apply refused for the root namespace (exit 2) and without --netns (exit 2);
#      --apply=host accepted (inside a namespace, via ip netns exec);
#   4. without CAP_NET_ADMIN (setpriv): explains, stays read-only, the kernel unchanged;
#   5. ss vs `ss -tuna`, conntrack -L vs `conntrack -L` (sorted, timeouts dropped) on a
#      namespace with TCP/UDP/ICMP traffic over a veth; `why socket` on a real TCP socket
#      bound to a device: source fixed by the socket, kernel agrees.
# Needs root and `ip netns`; otherwise skipped. Environment: PKTPATH (default
# ./pktpath), SOCKHELPER (default build/tests/sockhelper).
# Last line: `N passed, N failed[, N skipped]`.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 2

PKTPATH=${PKTPATH:-./pktpath}
SOCKHELPER=${SOCKHELPER:-build/tests/sockhelper}
pass=0 fail=0 skip=0

. tests/lib/netns.sh # need_netns, need_pktpath, ns_scratch, ns_setup
. tests/lib/report.sh # ok, bad
. tests/netlink/lib.sh # sim, real_transcript, compare_blocks
need_netns ppap "--apply tests need root and 'ip netns add'" 5
need_pktpath netlink/run-apply.sh

A=ppap-$$-a
B=ppap-$$-b
S=ppap-$$-s
C=ppap-$$-c
ns_scratch apply

# the same starting state in a namespace
build() {
	local n=$1
	set -e
	ip -n "$n" link add a0 address 02:00:00:00:00:a0 type veth peer name a1 address 02:00:00:00:00:a1
	ip -n "$n" link add b0 address 02:00:00:00:00:b0 type veth peer name b1 address 02:00:00:00:00:b1
	ip -n "$n" link add c0 address 02:00:00:00:00:c0 type veth peer name c1 address 02:00:00:00:00:c1
	for l in lo a0 a1 b0 b1 c0; do ip -n "$n" link set "$l" up; done
	ip -n "$n" addr add 10.1.0.1/24 dev a0
	ip -n "$n" addr add 10.1.0.100/24 dev a1
	ip -n "$n" addr add 10.2.0.1/16 brd + dev b0
	ip -n "$n" addr add 10.2.0.2/16 dev b1
	ip -n "$n" addr add 192.168.50.1/30 dev c0
	ip -n "$n" route add default via 10.1.0.254 metric 100
	ip -n "$n" route add 10.20.0.0/16 via 10.2.0.2 proto static
	ip -n "$n" route add blackhole 10.30.0.0/16
	ip -n "$n" route add 10.40.0.0/16 via 10.2.0.254 table 100
	ip -n "$n" rule add pref 100 from 10.1.0.0/24 lookup 100
	set +e
}

state() { # NS -> the state the round trip compares
	ip -n "$1" route show table all
	ip -n "$1" rule show
	ip -n "$1" -4 addr show
	ip -n "$1" link show
}

for n in "$A" "$B"; do
	if ! { ns_setup "$n" && build "$n"; } >"$tmp/build.log" 2>&1; then
		bad "building namespace $n with ip" "$tmp/build.log"
		echo "$pass passed, $fail failed"
		exit 1
	fi
done

cat >"$tmp/edits" <<'EOF2'
ip route add 10.90.0.0/16 via 10.1.0.254
ip route add 10.90.0.0/16 via 10.1.0.254
ip route add 10.90.0.0/16 via 10.2.0.254 metric 5
ip route append 10.90.0.0/16 via 10.2.0.2
ip route prepend 10.90.0.0/16 via 192.168.50.2
ip route replace 10.20.0.0/16 via 10.1.0.254 proto static
ip route change 10.55.0.0/16 via 10.1.0.254
ip route change 10.20.0.0/16 via 10.2.0.254 proto static
ip route add 10.91.0.0/16 via 10.99.0.1
ip route add 10.92.0.0/16 via 10.99.0.1 dev c0 onlink
ip route add 10.93.0.1/16 dev a0
ip route add 10.94.0.0/24 dev a0 src 10.1.0.1 table 200
ip route add 10.95.0.0/24 dev a0 src 10.9.9.9
ip route add unreachable 10.96.0.0/16 metric 7
ip route add local 10.97.0.1 dev lo
ip route add 10.98.0.0/16 dev c1
ip route add 10.80.0.0/16 via 10.1.0.254 mtu lock 1300 advmss 70000
ip route add 10.81.0.0/16 dev a0 mtu 1280
ip route append 10.81.0.0/16 dev a0 mtu 1200
ip route del 10.81.0.0/16 mtu 1300
ip route del 10.81.0.0/16 mtu 1200
ip route del 10.80.0.0/16 advmss 70000
ip route del 10.80.0.0/16 mtu lock 1300 advmss 65495
ip route del 10.30.0.0/16
ip route del 10.30.0.0/16
ip route del 10.40.0.0/16 table 100
ip route del 10.40.0.0/16 table 300
ip route del 10.90.0.0/16 via 10.2.0.2
ip route add 10.85.0.0/16 nexthop via 10.1.0.254 weight 2 nexthop via 10.2.0.254
ip route add 10.85.0.0/16 nexthop via 10.1.0.254 nexthop via 10.2.0.254
ip route append 10.85.0.0/16 metric 9 nexthop via 10.1.0.254 nexthop via 10.99.0.1 dev c0 onlink
ip route add 10.86.0.0/16 dev c0 nexthop via 10.1.0.254 nexthop via 10.2.0.254
ip route add 10.86.0.0/16 nexthop via 10.1.0.254 nexthop via 10.250.0.1
ip route add 10.86.0.0/16 nexthop via 10.1.0.254 weight 300
ip route add 10.87.0.0/16 nexthop via 10.2.0.254 weight 256
ip route replace 10.87.0.0/16 nexthop via 10.2.0.254 nexthop dev a0 weight 5
ip route del 10.85.0.0/16 metric 9 nexthop via 10.1.0.254
ip route del 10.85.0.0/16 nexthop via 10.2.0.254 nexthop via 10.1.0.254
ip route del 10.85.0.0/16 nexthop via 10.1.0.254 nexthop via 10.2.0.254
ip nexthop add id 61 via 10.1.0.254 dev a0
ip nexthop add id 62 via 10.2.0.254 dev b0 proto static
ip nexthop add id 61 dev a0
ip nexthop add id 63 group 61/62,4
ip nexthop add id 64 group 61/99
ip nexthop add id 65 blackhole dev a0
ip nexthop add via 10.1.0.7 dev a0
ip nexthop replace id 62 via 10.2.0.9 dev b0
ip nexthop replace id 63 dev a0
ip route add 10.88.0.0/16 nhid 63
ip route add 10.88.0.0/16 nhid 63 via 10.1.0.254
ip route add 10.89.0.0/16 nhid 404
ip nexthop del id 62
ip nexthop del id 62
ip nexthop del id 61 dev a0
ip nexthop show
ip route show
ip nexthop flush
ip nexthop show
ip route show table all
ip rule add from 10.3.0.0/24 lookup 200
ip rule add pref 100 from 10.1.0.0/24 lookup 100
ip rule add pref 150 not to 10.7.0.0/16 fwmark 0x5/0xff iif a1 lookup main suppress_prefixlength 0
ip rule add pref 160 from all goto 170
ip rule add pref 180 from all goto 175
ip rule add pref 190 to 10.8.0.0/16 blackhole
ip rule add pref 191 ipproto tcp dport 80-88 lookup 200
ip rule add pref 192 not sport 7000 uidrange 10-20 lookup 100
ip rule add pref 193 sport 0 lookup 100
ip rule add pref 194 dport 9 ipproto 200 lookup 100
ip rule add pref 195 uidrange 4294967295-4294967295 lookup 100
ip rule del pref 150
ip rule del dport 9
ip rule del sport 7000
ip rule del from 10.9.0.0/24
ip rule del pref 160
ip rule show
ip addr add 10.1.0.2/24 dev a0
ip addr add 10.1.0.2/24 dev a0
ip addr add 10.7.0.1/24 dev b1 label b1:x metric 40
ip addr add 172.16.1.1/24 dev c0 noprefixroute
ip addr add 10.8.0.1/24 dev c0 label wrong
ip addr del 10.1.0.1/24 dev a0
ip addr del 10.2.0.2 dev b1
ip addr del 10.66.0.1/24 dev a0
ip -4 addr show
ip link set a1 down
ip route show table all
ip link set a1 up
ip link set c0 down
ip route show
ip link set c0 up
ip route add 10.110.0.0/16 via 192.168.50.2
ip route get 10.110.1.1
ip route get 10.90.1.1
ip route show table all
ip rule show
ip -4 addr show
ip link show
EOF2

# ---- 2. without --apply nothing changes (runs first, on the pristine state) ----
state "$A" >"$tmp/before"
sim --echo --netns "$A" "$tmp/edits" >"$tmp/ro.out" 2>"$tmp/ro.err"
state "$A" >"$tmp/after"
if cmp -s "$tmp/before" "$tmp/after"; then
	ok
	echo "read-only: a session with $(grep -c '^\$ ip \(route\|rule\|addr\|link\) \(add\|del\|append\|prepend\|replace\|change\|set\)' "$tmp/ro.out") edit commands left namespace $A unchanged"
else
	bad "read-only session changed the namespace"
	diff "$tmp/before" "$tmp/after" | head -20
fi
if grep -q '^10.90.0.0/16 via 10.1.0.254 dev a0' "$tmp/ro.out"; then
	ok # the model did change
else
	bad "read-only session: the edits did not reach the model" "$tmp/ro.out"
fi

# ---- 1. round trip: pktpath --apply in A, ip in B ----
sim --echo --netns "$A" --apply "$tmp/edits" >"$tmp/apply.sim" 2>"$tmp/apply.err"
real_transcript "$B" "$tmp/edits" >"$tmp/apply.real"
compare_blocks "apply" "$tmp/apply.real" "$tmp/apply.sim"
state "$A" >"$tmp/finalA"
state "$B" >"$tmp/finalB"
if cmp -s "$tmp/finalA" "$tmp/finalB"; then
	ok
	echo "apply: $(wc -l <"$tmp/edits") lines, final states of $A and $B identical"
else
	bad "apply: the final states differ"
	diff "$tmp/finalB" "$tmp/finalA" | head -30
fi
if [ -s "$tmp/apply.err" ]; then
	bad "apply: unexpected stderr" "$tmp/apply.err"
else
	ok
fi
# edits pktpath cannot send are refused, not applied to the model alone
printf 'sysctl -w net.ipv4.ip_forward=1\nip link add d0 type veth peer name d1\nip route flush table main\n' >"$tmp/unsup"
state "$A" >"$tmp/u.before"
sim --echo --netns "$A" --apply "$tmp/unsup" >"$tmp/unsup.out" 2>&1
state "$A" >"$tmp/u.after"
if [ "$(grep -c 'nothing changed' "$tmp/unsup.out")" -eq 3 ] && cmp -s "$tmp/u.before" "$tmp/u.after"; then
	ok
else
	bad "apply: unsupported edits not refused" "$tmp/unsup.out"
fi

# ---- 3. refusals and --apply=host ----
echo "ip route show" >"$tmp/one"
"$PKTPATH" run --netns . --apply "$tmp/one" >"$tmp/root.out" 2>"$tmp/root.err"
rc=$?
if [ $rc -eq 2 ] && grep -q 'root) network namespace' "$tmp/root.err" && [ ! -s "$tmp/root.out" ]; then
	ok
	echo "root namespace: --apply refused (exit 2): $(cut -c1-70 "$tmp/root.err")…"
else
	bad "--apply in the root namespace: exit $rc" "$tmp/root.err"
fi
"$PKTPATH" run --apply "$tmp/one" >/dev/null 2>"$tmp/nons.err"
rc=$?
[ $rc -eq 2 ] && ok || bad "--apply without --netns: exit $rc" "$tmp/nons.err"
echo "ip route add 10.123.0.0/16 dev a0" >"$tmp/host"
ip netns exec "$A" "$PKTPATH" run --netns . --apply=host "$tmp/host" >"$tmp/host.out" 2>&1
rc=$?
if [ $rc -eq 0 ] && grep -q '^10.123.0.0/16 dev a0' <<<"$(ip -n "$A" route show)"; then
	ok
else
	bad "--apply=host (inside namespace $A): exit $rc" "$tmp/host.out"
	ip -n "$A" route show | head -5
fi

# ---- 4. no CAP_NET_ADMIN ----
if command -v setpriv >/dev/null; then
	printf 'ip route add 10.124.0.0/16 dev a0\nip route show\n' >"$tmp/nocap"
	ip netns exec "$A" setpriv --inh-caps=-all --bounding-set=-all -- \
		"$PKTPATH" run --netns . --apply "$tmp/nocap" >"$tmp/nocap.out" 2>"$tmp/nocap.err"
	rc=$?
	if [ $rc -eq 0 ] && grep -q 'needs CAP_NET_ADMIN' "$tmp/nocap.err" &&
		grep -q '^10.124.0.0/16 dev a0' "$tmp/nocap.out" &&
		! grep -q '^10.124.0.0/16' <<<"$(ip -n "$A" route show)"; then
		ok
		echo "no CAP_NET_ADMIN: $(head -c 90 "$tmp/nocap.err")…"
	else
		bad "without CAP_NET_ADMIN: exit $rc" "$tmp/nocap.err"
		cat "$tmp/nocap.out"
	fi
else
	echo "SKIPPED: setpriv not installed: no CAP_NET_ADMIN test" >&2
	skip=$((skip + 1))
fi

# ---- 5. real sockets, conntrack, why socket ----
have_ct=1
command -v conntrack >/dev/null && command -v iptables >/dev/null || have_ct=0
if [ ! -x "$SOCKHELPER" ]; then
	echo "SKIPPED: $SOCKHELPER not built: no ss/conntrack/why socket tests" >&2
	skip=$((skip + 3))
else
	ns_setup "$S" && ns_setup "$C" || { bad "namespaces for traffic"; }
	ip -n "$C" link add c0 type veth peer name s0 netns "$S"
	ip -n "$C" link set lo up
	ip -n "$C" link set c0 up
	ip -n "$S" link set s0 up
	ip -n "$S" link set lo up
	ip -n "$C" addr add 10.5.0.1/24 dev c0
	ip -n "$S" addr add 10.5.0.2/24 dev s0
	ip -n "$C" route add default via 10.5.0.2
	if [ $have_ct -eq 1 ]; then
		# conntrack hooks are registered when a rule needs them
		ip netns exec "$C" iptables -A OUTPUT -m conntrack --ctstate NEW,ESTABLISHED -j ACCEPT
	fi
	mkfifo "$tmp/sin" "$tmp/cin"
	ip netns exec "$S" "$SOCKHELPER" agent <"$tmp/sin" >"$tmp/s.log" 2>&1 &
	spid=$!
	ip netns exec "$C" "$SOCKHELPER" agent <"$tmp/cin" >"$tmp/c.log" 2>&1 &
	ns_pids=("$spid" "$!")
	exec 5>"$tmp/sin" 6>"$tmp/cin"
	# each agent answers "done" per command: wait on that, never on time
	wait_done() { # LOG N
		while [ "$(grep -c '^done' "$1")" -lt "$2" ]; do
			kill -0 "${ns_pids[@]}" 2>/dev/null || return 1
			sleep 0.05
		done
	}
	for c in "listen tcp 10.5.0.2:5000 as L" "udp bind 10.5.0.2:5300 as U"; do
		echo "$c" >&5
	done
	wait_done "$tmp/s.log" 2
	for c in "listen tcp 127.0.0.1:7000 as LL" "connect tcp 10.5.0.2:5000 dev c0 as K" \
		"udp bind 0.0.0.0:5301 as V" "sendto V 10.5.0.2:5300 hello" "ping 10.5.0.2"; do
		echo "$c" >&6
	done
	wait_done "$tmp/c.log" 5
	echo "accept L as A1" >&5
	wait_done "$tmp/s.log" 3
	ip netns exec "$C" ss -tuna >"$tmp/ss.real"
	echo "ss -tuna" >"$tmp/ss.cmd"
	sim --netns "$C" "$tmp/ss.cmd" >"$tmp/ss.sim" 2>"$tmp/ss.err"
	norm_ss() { awk 'NR > 1 { print $1, $2, $3, $4, $5, $6 }' "$1" | sort; }
	if norm_ss "$tmp/ss.real" >"$tmp/ss.r" && norm_ss "$tmp/ss.sim" >"$tmp/ss.s" &&
		[ "$(wc -l <"$tmp/ss.r")" -ge 3 ] && cmp -s "$tmp/ss.r" "$tmp/ss.s"; then
		ok
		echo "ss: $(wc -l <"$tmp/ss.r") sockets, same as ss -tuna"
	else
		bad "ss differs from ss -tuna ($(wc -l <"$tmp/ss.r") sockets)" "$tmp/ss.err"
		diff "$tmp/ss.r" "$tmp/ss.s"
	fi
	# why socket: the client's connected TCP socket (bound to c0)
	lport=$(awk '$1 == "tcp" && $2 == "ESTAB" && $6 == "10.5.0.2:5000" { sub(/.*:/, "", $5); print $5 }' "$tmp/ss.real" | head -1)
	[ -n "$lport" ] || cat "$tmp/ss.real" "$tmp/c.log"
	echo "why socket 10.5.0.1:$lport" >"$tmp/why.cmd"
	sim --netns "$C" "$tmp/why.cmd" >"$tmp/why.out" 2>"$tmp/why.err"
	if [ -n "$lport" ] && grep -q 'src 10.5.0.1: fixed by the socket' "$tmp/why.out" &&
		grep -q 'bound device c0' "$tmp/why.out" && grep -q 'kernel agrees' "$tmp/why.out" &&
		grep -q 'result: unicast dev c0 (directly connected' "$tmp/why.out"; then
		ok
		sed 's/^/    /' "$tmp/why.out"
	else
		bad "why socket 10.5.0.1:$lport" "$tmp/why.err"
		cat "$tmp/why.out"
	fi
	if [ $have_ct -eq 1 ]; then
		ip netns exec "$C" conntrack -L >"$tmp/ct.real" 2>"$tmp/ct.real.err"
		echo "conntrack -L" >"$tmp/ct.cmd"
		sim --netns "$C" "$tmp/ct.cmd" >"$tmp/ct.sim" 2>"$tmp/ct.sim.err"
		norm_ct() { awk '{ $3 = ""; print }' "$1" | sort; }
		if norm_ct "$tmp/ct.real" >"$tmp/ct.r" && norm_ct "$tmp/ct.sim" >"$tmp/ct.s" &&
			[ "$(wc -l <"$tmp/ct.r")" -ge 3 ] && cmp -s "$tmp/ct.r" "$tmp/ct.s" &&
			cmp -s "$tmp/ct.real.err" "$tmp/ct.sim.err"; then
			ok
			echo "conntrack -L: $(wc -l <"$tmp/ct.r") entries, same as conntrack -L (timeouts aside)"
		else
			bad "conntrack -L differs" "$tmp/ct.sim.err"
			diff "$tmp/ct.r" "$tmp/ct.s"
			diff "$tmp/ct.real.err" "$tmp/ct.sim.err"
		fi
	else
		echo "SKIPPED: conntrack or iptables not installed" >&2
		skip=$((skip + 1))
	fi
	echo quit >&5
	echo quit >&6
	exec 5>&- 6>&-
	wait 2>/dev/null
	ns_pids=()
fi

echo "$pass passed, $fail failed${skip:+, $skip skipped}" | sed 's/, 0 skipped$//'
[ "$fail" -eq 0 ]
