#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Real kernel mode (docs/architecture.md "Real kernel mode"): `pktpath run --netns NS` must
# start from exactly the namespace's state. Builds varied state with the real `ip` in a
# private namespace (tests/netlink/state.sh), then compares, byte for byte, as --echo
# transcripts (stdout, stderr lines, exit status):
#   1. `ip route show table all`, `ip rule show`, `ip -4 addr show`, `ip addr show`,
#      `ip link show` and per-table shows;
#   2. Q random `ip route get` queries (destinations inside the configured prefixes,
#      some with from/iif/oif/mark/tos and ipproto/sport/dport/uid);
#   3. console edits after the import (route/addr/rule/link changes, then the shows),
#      which checks that the imported model keeps behaving like the kernel;
#   4. W random `why` queries, each answered by the simulation and by the kernel
#      (RTM_GETROUTE): zero DISAGREEMENT lines allowed;
#   5. --follow: changes made with the real ip while pktpath runs are in the model
#      before its next line (route/addr/rule changes, a multipath route, link down
#      without RTM_DELROUTE).
# The root namespace is never touched. Needs root and `ip netns`; otherwise skipped.
# Environment: PKTPATH (default ./pktpath), SEED, NL_QUERIES (200), NL_WHY (100).
# Last line: `N passed, N failed[, N skipped]`.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 2

PKTPATH=${PKTPATH:-./pktpath}
SEED=${SEED:-$$}
Q=${NL_QUERIES:-200}
W=${NL_WHY:-100}
RANDOM=$SEED
pass=0 fail=0

. tests/lib/netns.sh # need_netns, need_pktpath, ns_scratch, ns_setup
. tests/lib/report.sh # ok, bad
. tests/netlink/lib.sh # sim, real_transcript, compare_blocks
need_netns ppnl "real kernel mode tests need root and 'ip netns add'" 5
need_pktpath netlink/run.sh

NS=ppnl-$$-a
NS2=ppnl-$$-b
ns_scratch nl

ns_setup "$NS" && ns_setup "$NS2" || { echo "cannot create namespaces"; echo "0 passed, 1 failed"; exit 1; }
if ! (export NS NS2; . tests/netlink/state.sh) >"$tmp/state.log" 2>&1; then
	bad "building the namespace state with ip" "$tmp/state.log"
	echo "$pass passed, $fail failed"
	exit 1
fi




# ---- 1. the imported state, shown ----
cat >"$tmp/shows" <<'EOF'
ip route show table all
ip rule show
ip -4 addr show
ip addr show
ip link show
ip -j link show
ip -j addr show
ip -j -4 addr show
ip -j -p link show
ip route show
ip route show table local
ip route show table 100
ip route show table 510
EOF
real_transcript "$NS" "$tmp/shows" >"$tmp/shows.real"
sim --echo --netns "$NS" "$tmp/shows" >"$tmp/shows.sim" 2>"$tmp/shows.err"
compare_blocks "show" "$tmp/shows.real" "$tmp/shows.sim"

# ---- 2. random ip route get ----
prefixes=(10.1.0.0/24 10.1.5.0/24 172.16.10.0/24 10.2.0.0/16 192.168.50.0/30 10.4.0.0/24
	10.9.0.0/24 10.20.0.0/16 10.20.1.0/24 10.21.0.0/16 10.22.0.0/16 10.23.0.0/24 10.24.0.0/16
	10.30.0.0/16 10.31.0.0/16 10.32.0.0/16 10.33.0.0/16 10.35.0.0/16 10.40.0.0/16
	10.41.0.0/24 10.50.0.0/16 10.51.0.0/16 10.52.0.0/16 10.60.0.0/16 10.70.0.0/16
	10.80.0.0/16 10.5.0.0/24 10.6.0.0/24 10.255.0.1/32 127.0.0.0/8 8.0.0.0/8 203.0.113.0/24
	10.95.0.0/16 10.95.0.0/16 10.96.0.0/16 10.96.0.0/16 10.97.0.0/24 10.93.0.0/16
	10.93.0.0/16 10.94.0.0/16 10.94.0.0/16)
locals=(10.1.0.1 10.1.0.2 10.1.5.1 10.2.7.7 10.2.0.1 10.2.0.2 192.168.50.1 10.9.0.1 10.255.0.1
	172.16.10.14 10.6.0.1)
remotes=(10.3.4.5 10.3.1.9 10.1.0.77 10.2.9.9 1.2.3.4 192.168.50.2 10.9.0.2 10.50.1.1 10.70.3.3)
iifs=(a1 b1 c1 b0 x0 d0 a0 e1)
oifs=(a0 b0 c0 d0 x0 a1)
marks=(5 6 0x106 7)
protos=(tcp udp icmp)
ports=(53 4999 5000 5010 5011 7000 80)
uids=(0 999 1000 1999 2000)

rand_in() { # PREFIX -> random address inside
	local p=${1%/*} l=${1#*/} a b c d n size
	IFS=. read -r a b c d <<<"$p"
	n=$(((a << 24) | (b << 16) | (c << 8) | d))
	size=$((1 << (32 - l)))
	n=$((n + (RANDOM * 32768 + RANDOM) % size))
	printf '%d.%d.%d.%d' $(((n >> 24) & 255)) $(((n >> 16) & 255)) $(((n >> 8) & 255)) $((n & 255))
}
pick() { local -n arr=$1; printf '%s' "${arr[RANDOM % ${#arr[@]}]}"; }

gen_query() { # VERB -> "DST [opts]" (VERB: get or why)
	local dst k q
	dst=$(rand_in "$(pick prefixes)")
	q="$dst"
	k=$((RANDOM % 10))
	if [ $k -le 3 ]; then
		:
	elif [ $k -le 5 ]; then
		q+=" from $(pick locals)"
	elif [ $k -le 7 ]; then
		q+=" from $(pick remotes) iif $(pick iifs)"
	elif [ $k -eq 8 ]; then
		q+=" oif $(pick oifs)"
	else
		q+=" mark $(pick marks)"
	fi
	if [ "$1" = get ] && [ $((RANDOM % 12)) -eq 0 ]; then
		q+=" tos 0x10"
	fi
	# what the port, protocol and uid rules of state.sh test
	k=$((RANDOM % 16))
	if [ $k -le 2 ]; then
		q+=" ipproto $(pick protos)"
	fi
	if [ $k -ge 2 ] && [ $k -le 4 ]; then
		q+=" dport $(pick ports)"
	fi
	if [ $k -eq 5 ] || [ $k -eq 1 ]; then
		q+=" sport $(pick ports)"
	fi
	if [ $k -eq 6 ] || [ $k -eq 0 ]; then
		q+=" uid $(pick uids)"
	fi
	printf '%s' "$q"
}

: >"$tmp/gets"
for ((i = 0; i < Q; i++)); do
	echo "ip route get $(gen_query get)" >>"$tmp/gets"
done
real_transcript "$NS" "$tmp/gets" >"$tmp/gets.real"
sim --echo --netns "$NS" "$tmp/gets" >"$tmp/gets.sim" 2>"$tmp/gets.err"
compare_blocks "route get" "$tmp/gets.real" "$tmp/gets.sim"

# ---- 3. console edits on the imported state ----
cat >"$tmp/edits" <<'EOF'
ip route add 10.90.0.0/16 via 10.1.0.254
ip route add 10.90.0.0/16 via 10.2.0.254
ip route append 10.90.0.0/16 via 10.2.0.254
ip route prepend 10.90.0.0/16 via 192.168.50.2
ip route replace 10.24.0.0/16 via 10.2.0.2
ip route del 10.40.0.0/16 via 10.2.0.254 metric 5
ip route add 10.88.0.0/16 via 10.1.0.254 mtu 1400 advmss lock 1300
ip route del 10.25.0.0/16 mtu 1200
ip route del 10.25.0.0/16 mtu 1300
ip route get 10.88.1.1
ip route get 10.26.1.1
ip addr add 10.91.0.1/24 dev c1
ip addr add 10.1.0.3/24 dev a0
ip addr del 10.1.0.1/24 dev a0
ip rule add from 10.91.0.0/24 lookup 100
ip rule del pref 150
ip route add 10.98.0.0/16 nexthop via 10.1.0.254 nexthop via 10.2.0.254 weight 4
ip route del 10.96.0.0/16 nexthop via 10.1.0.254
ip route del 10.96.0.0/16 metric 20 nexthop via 10.1.0.254 nexthop dev c0
ip nexthop add id 20 via 10.1.0.254 dev a0
ip nexthop replace id 10 group 1/20,2
ip route add 10.89.0.0/16 nhid 20
ip nexthop del id 2
ip nexthop show
ip route get 10.93.1.1
ip route get 10.93.1.2
ip link set b1 down
ip nexthop show
ip route get 10.95.1.1
ip route get 10.95.1.2
ip route get 10.98.7.7
ip route get 10.98.7.8 from 10.2.0.1
ip route get 10.2.3.4
ip route get 10.20.3.4
ip route get 10.1.0.9
ip route get 10.1.0.9 from 10.1.0.2
ip link set e0 up
ip link set d1 up
ip route show table all
ip rule show
ip -4 addr show
ip link show
EOF
# the simulation first: it imports the state before the real edits change it
sim --echo --netns "$NS" "$tmp/edits" >"$tmp/edits.sim" 2>"$tmp/edits.err"
real_transcript "$NS" "$tmp/edits" >"$tmp/edits.real"
compare_blocks "edit" "$tmp/edits.real" "$tmp/edits.sim"
# ---- 5. --follow: real changes appear in the model before the next line ----
mkfifo "$tmp/fifo"
"$PKTPATH" run --netns "$NS" --follow <"$tmp/fifo" >"$tmp/follow.out" 2>"$tmp/follow.err" &
fpid=$!
ns_pids=("$fpid")
exec 3>"$tmp/fifo"
echo "ip route show table 100" >&3
for ((i = 0; i < 100; i++)); do # wait until the import is done and the first line answered
	[ -s "$tmp/follow.out" ] && break
	sleep 0.05
done
first=$(wc -l <"$tmp/follow.out")
{
	ip -n "$NS" route add 10.77.0.0/16 via 10.2.0.254
	ip -n "$NS" route append 10.77.0.0/16 via 192.168.50.2
	ip -n "$NS" addr add 10.78.0.1/24 dev c1
	ip -n "$NS" rule add pref 105 to 10.77.0.0/16 lookup main
	ip -n "$NS" route add 10.79.0.0/16 nexthop via 10.2.0.254 nexthop via 192.168.50.2
	ip -n "$NS" nexthop add id 30 via 10.9.0.2 dev x0
	ip -n "$NS" route add 10.76.0.0/16 nhid 30
	ip -n "$NS" link set c0 down # no RTM_DELROUTE for the routes it takes away
	ip -n "$NS" link set d1 up   # d0 gets carrier: linkdown flags go
} >"$tmp/follow.ip" 2>&1
cat >"$tmp/follow.cmds" <<'EOF2'
ip route show table all
ip rule show
ip -4 addr show
ip link show
ip route get 10.77.1.1
ip route get 10.79.1.1
ip route get 10.79.1.2
ip nexthop show
ip route get 10.76.1.1
EOF2
cat "$tmp/follow.cmds" >&3
exec 3>&-
wait "$fpid"
[ $? -eq 99 ] && bad "pktpath run --follow: sanitizer report (exit 99)"
while IFS= read -r line; do
	# shellcheck disable=SC2086
	ip -n "$NS" ${line#ip } 2>&1
done <"$tmp/follow.cmds" >"$tmp/follow.real"
tail -n +$((first + 1)) "$tmp/follow.out" >"$tmp/follow.sim"
if [ "$first" -gt 0 ] && cmp -s "$tmp/follow.real" "$tmp/follow.sim"; then
	ok
	echo "follow: route/addr/rule/link changes made with ip appeared in the model"
else
	bad "--follow: the model after real changes differs (first=$first)" "$tmp/follow.err"
	diff "$tmp/follow.real" "$tmp/follow.sim" | head -30
fi

# the real namespace now has the edited state: rebuild it for the why queries
ip netns del "$NS"
ip netns del "$NS2"
if ! { ns_setup "$NS" && ns_setup "$NS2" && (export NS NS2; . tests/netlink/state.sh); } >"$tmp/state2.log" 2>&1; then
	bad "rebuilding the namespace state" "$tmp/state2.log"
	echo "$pass passed, $fail failed"
	exit 1
fi

# ---- 4. why: simulation vs the kernel's RTM_GETROUTE ----
: >"$tmp/whys"
for ((i = 0; i < W; i++)); do
	echo "why $(gen_query why)" >>"$tmp/whys"
done
sim --netns "$NS" "$tmp/whys" >"$tmp/whys.out" 2>"$tmp/whys.err"
nk=$(grep -c '^  kernel (RTM_GETROUTE)' "$tmp/whys.out")
nd=$(grep -c 'DISAGREEMENT' "$tmp/whys.out")
if [ "$nk" -eq "$W" ] && [ "$nd" -eq 0 ]; then
	ok
	echo "why: $W queries, $nk kernel answers, 0 disagreements"
else
	bad "why: $nk kernel answers of $W, $nd disagreements" "$tmp/whys.err"
	grep -B12 'DISAGREEMENT' "$tmp/whys.out" | head -60
fi

# the comparison must be able to fail: change the model only (no --apply), then ask
printf 'ip route add blackhole 198.18.0.0/15\nwhy 198.18.1.1\n' >"$tmp/why-neg"
sim --netns "$NS" "$tmp/why-neg" >"$tmp/why-neg.out" 2>&1
rc=$?
if [ $rc -eq 1 ] && grep -q 'DISAGREEMENT' "$tmp/why-neg.out"; then
	ok
	echo "why: a model that differs from the kernel is flagged (DISAGREEMENT, exit 1)"
else
	bad "why: a blackhole added to the model only was not flagged (exit $rc)" "$tmp/why-neg.out"
fi

echo "seed $SEED"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
