#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Live following under churn (docs/architecture.md "Real kernel mode"; netlink-live.c). In a
# private namespace, `pktpath run --netns NS --follow` runs while this script changes the
# kernel's state with the real ip: CHURN_CHUNKS chunks of CHURN_OPS random route
# add/append/prepend/replace/change/del commands (ip -batch -force: refused ones are part of
# the mix) over a small pool of prefixes, metrics, tos values, types and tables, so alias
# groups form and change; interleaved with an address add/delete, rule add/delete and a link
# down/up (the kernel deletes routes then without RTM_DELROUTE). After each chunk (a
# checkpoint) pktpath's `ip route show table all`, `ip rule show`, `ip -4 addr show` and a
# few `ip route get` must equal the real ip's, byte for byte (stdout; a refused `route get`
# prints nothing there on both sides). Then an ENOBUFS test: a 100,000-route burst (more
# than the socket buffer holds) while pktpath is not reading, then its flush; equal again
# after the resync. PKTPATH_LIVE_STATS=1 makes pktpath say how each batch was handled:
# route-only chunks must have been applied in place (not by re-reading the namespace). The
# root namespace is never touched. Needs root and `ip netns`; otherwise skipped.
# Environment: PKTPATH (default ./pktpath), SEED, CHURN_CHUNKS (10), CHURN_OPS (400),
# CHURN_BURST (100000). Last line: `N passed, N failed`.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 2

PKTPATH=${PKTPATH:-./pktpath}
SEED=${SEED:-$$}
CHUNKS=${CHURN_CHUNKS:-10}
OPS=${CHURN_OPS:-400}
BURST=${CHURN_BURST:-100000}
RANDOM=$SEED
pass=0 fail=0

. tests/lib/netns.sh # need_netns, need_pktpath, ns_scratch, ns_setup
. tests/lib/report.sh # ok, bad
need_netns ppch "live churn tests need root and 'ip netns add'" 1
need_pktpath netlink/run-churn.sh

NS=ppch-$$
ns_scratch churn
fpid=
on_exit() {
	exec 3>&- 2>/dev/null
	[ -n "$fpid" ] && kill "$fpid" 2>/dev/null
}
trap "" PIPE # pktpath gone: writes to the fifo fail, the checks report it

n() { ip -n "$NS" "$@"; }

if ! { ns_setup "$NS" &&
	n link add v0 type veth peer name v1 && n link add w0 type veth peer name w1 &&
	for l in lo v0 v1 w0 w1; do n link set "$l" up || exit 1; done &&
	n addr add 10.0.0.1/24 dev v0 && n addr add 10.0.1.1/24 dev v1 &&
	n addr add 10.0.2.1/24 dev w0 && n route add default via 10.0.0.254 &&
	n route add 10.50.0.0/16 via 10.0.2.2 table 100 && n rule add pref 100 from 10.0.2.0/24 lookup 100
} >"$tmp/setup.log" 2>&1; then
	bad "building the namespace" "$tmp/setup.log"
	echo "$pass passed, $fail failed"
	exit 1
fi

# ---- the churn: random route commands over a small pool ----
gen_chunk() { # N -> ip -batch lines
	local i k p dst gw
	local verbs=(add add add append append prepend replace replace change del del del)
	local gws=("via 10.0.0.2" "via 10.0.0.3" "via 10.0.1.2" "via 10.0.2.2" "via 10.0.2.3 dev w0"
		"dev v0" "dev w0 scope link" "via 10.0.0.2 dev v0 src 10.0.0.1")
	for ((i = 0; i < $1; i++)); do
		p=$((RANDOM % 40))
		case $((p % 4)) in
		0) dst="10.$((100 + p / 4)).0.0/16" ;;
		*) dst="10.$((100 + p / 4)).$((p % 4)).0/24" ;;
		esac
		[ $((RANDOM % 25)) -eq 0 ] && dst="10.$((100 + p / 4)).$((p % 4)).128/25"
		[ $((RANDOM % 40)) -eq 0 ] && dst=default
		k=$((RANDOM % 20))
		if [ $k -eq 0 ]; then
			gw=blackhole
		elif [ $k -eq 1 ]; then
			gw=unreachable
		else
			gw=${gws[RANDOM % ${#gws[@]}]}
		fi
		local verb=${verbs[RANDOM % ${#verbs[@]}]} extra=""
		case $((RANDOM % 4)) in 1) extra+=" metric 5" ;; 2) extra+=" metric 10" ;; esac
		[ $((RANDOM % 10)) -eq 0 ] && extra+=" tos 0x10"
		case $((RANDOM % 5)) in 1) extra+=" table 100" ;; 2) extra+=" table 200" ;; esac
		[ $((RANDOM % 15)) -eq 0 ] && extra+=" proto static"
		if [ "$verb" = del ]; then
			# deletes name all, some or none of the route's attributes
			case $((RANDOM % 3)) in
			0) echo "route del $dst$extra" ;;
			*) if [ "$gw" = blackhole ] || [ "$gw" = unreachable ]; then
				echo "route del $gw $dst$extra"
			else
				echo "route del $dst $gw$extra"
			fi ;;
			esac
		elif [ "$gw" = blackhole ] || [ "$gw" = unreachable ]; then
			echo "route $verb $gw $dst$extra"
		else
			echo "route $verb $dst $gw$extra"
		fi
	done
}

mkfifo "$tmp/fifo"
PKTPATH_LIVE_STATS=1 "$PKTPATH" run --netns "$NS" --follow <"$tmp/fifo" >"$tmp/out" 2>"$tmp/err" &
fpid=$!
exec 3>"$tmp/fifo"

gets=(10.100.0.9 10.101.1.9 10.102.2.200 10.103.3.1 10.104.0.77 10.105.1.130 10.106.2.3
	10.107.3.3 10.108.9.9 10.109.1.1 1.2.3.4 10.0.2.9 10.50.3.3)
ncp=0
# wait_marker WORD: pktpath has answered every line up to WORD (an unknown command, whose
# error it writes once it has flushed the answers before it), or is gone. Waits on state
# with no time limit: a slow (sanitizer, loaded) machine only makes this longer; a hang is
# CI's timeout, never a comparison of half-written output.
wait_marker() {
	while ! grep -q "^$1: command not found" "$tmp/err"; do
		kill -0 "$fpid" 2>/dev/null || break
		sleep 0.05
	done
}
# checkpoint NAME: pktpath's view must equal the kernel's, now
checkpoint() {
	local name=$1 off cmds=() c i
	ncp=$((ncp + 1))
	cmds=("ip route show table all" "ip rule show" "ip -4 addr show")
	for ((i = 0; i < 4; i++)); do
		cmds+=("ip route get ${gets[RANDOM % ${#gets[@]}]}")
	done
	cmds+=("ip route get 10.0.2.9 from 10.0.2.1")
	# pktpath may still be answering lines sent before (the concurrent phase feeds it
	# faster than a loaded machine answers): the checkpoint's answers start where the
	# answers to everything before a first marker end
	echo "synced-$ncp" >&3
	wait_marker "synced-$ncp"
	off=$(stat -c %s "$tmp/out")
	for c in "${cmds[@]}"; do echo "$c" >&3; done
	echo "checkpoint-$ncp" >&3
	wait_marker "checkpoint-$ncp"
	tail -c +$((off + 1)) "$tmp/out" >"$tmp/sim.$ncp"
	for c in "${cmds[@]}"; do
		# shellcheck disable=SC2086
		ip -n "$NS" ${c#ip } 2>/dev/null
	done >"$tmp/real.$ncp"
	if ! kill -0 "$fpid" 2>/dev/null; then
		bad "checkpoint $ncp ($name): pktpath run --follow is gone" "$tmp/err"
		echo "$pass passed, $fail failed"
		exit 1
	elif cmp -s "$tmp/real.$ncp" "$tmp/sim.$ncp"; then
		ok
	else
		bad "checkpoint $ncp ($name): pktpath's state differs from the kernel's"
		diff "$tmp/real.$ncp" "$tmp/sim.$ncp" | head -20
	fi
}

checkpoint "after the import"
nst=$(grep -c 'pktpath: live:' "$tmp/err")
changes=0
for ((c = 1; c <= CHUNKS; c++)); do
	gen_chunk "$OPS" >"$tmp/chunk.$c"
	ip -n "$NS" -force -batch "$tmp/chunk.$c" >/dev/null 2>"$tmp/chunk.$c.err"
	changes=$((changes + OPS - $(grep -c '^Command failed' "$tmp/chunk.$c.err")))
	case $c in
	3) n addr add 10.0.9.1/24 dev w1 ;;
	4) n addr del 10.0.9.1/24 dev w1 ;;
	5) n rule add pref 50 to 10.100.0.0/16 lookup 200 ;;
	6) n link set v0 down ;; # routes via v0 go, no RTM_DELROUTE
	7) n link set v0 up && n rule del pref 50 ;;
	esac
	checkpoint "chunk $c"
done
# route-only chunks (not 3-7) must have been absorbed in place
inplace=$(tail -n +$((nst + 1)) "$tmp/err" | grep -c 'applied in place')
applied=$(tail -n +$((nst + 1)) "$tmp/err" | grep 'applied in place' |
	awk '{ s += $5 } END { print s + 0 }')
if [ "$inplace" -ge $((CHUNKS > 5 ? CHUNKS - 5 : 1)) ]; then
	ok
	echo "churn: $changes accepted route changes in $CHUNKS chunks, $applied applied in place ($inplace batches), equal at every checkpoint"
else
	bad "churn: only $inplace batches were applied in place" "$tmp/err"
fi

# ---- concurrent: pktpath reads while the kernel changes (lines fed during the churn) ----
nst=$(grep -c 'pktpath: live:' "$tmp/err")
gen_chunk "$OPS" >"$tmp/chunk.conc"
{
	# one ip per command: slow enough for pktpath to read between changes
	while IFS= read -r line; do
		# shellcheck disable=SC2086
		ip -n "$NS" $line
	done <"$tmp/chunk.conc" >/dev/null 2>&1
	touch "$tmp/conc.done"
} &
cpid=$!
{
	sleep 0.2
	n link set w0 down
	sleep 0.1
	n link set w0 up
} >/dev/null 2>&1 &
lpid=$!
while [ ! -e "$tmp/conc.done" ]; do
	echo "ip rule show" >&3
	sleep 0.005
done
wait "$cpid" "$lpid"
checkpoint "concurrent churn and link flap"
nb=$(tail -n +$((nst + 1)) "$tmp/err" | grep -c 'pktpath: live:')
ni=$(tail -n +$((nst + 1)) "$tmp/err" | grep -c 'applied in place')
echo "concurrent: $nb batches while the kernel changed ($ni applied in place)"

# ---- a notification the model cannot tell apart (metrics): fall back to a resync ----
nst=$(grep -c 'pktpath: live:' "$tmp/err")
n route add 10.201.0.0/24 via 10.0.0.2
n route append 10.201.0.0/24 via 10.0.0.2 mtu 1400 # another fib_info for the kernel
n route del 10.201.0.0/24 via 10.0.0.2 mtu 1400
checkpoint "after routes that differ only in a metric"
if grep -q 'did not fit the model' <<<"$(tail -n +$((nst + 1)) "$tmp/err")"; then
	ok
else
	bad "a route equal to another but for its mtu was not resynchronised" "$tmp/err"
fi

# ---- ENOBUFS: a burst larger than the socket buffer while pktpath is not reading ----
awk -v n="$BURST" 'BEGIN { for (i = 0; i < n; i++)
	printf "route add %d.%d.%d.0/24 via 10.0.1.2 table 300\n", 20 + int(i / 65536), int(i / 256) % 256, i % 256 }' \
	>"$tmp/burst"
nst=$(grep -c 'pktpath: live:' "$tmp/err")
n -batch "$tmp/burst" >/dev/null 2>&1
checkpoint "after a $BURST-route burst"
if grep -q 'ENOBUFS' <<<"$(tail -n +$((nst + 1)) "$tmp/err")"; then
	ok
	echo "ENOBUFS: the $BURST-route burst overran the buffer; resynchronised, equal"
else
	bad "ENOBUFS: the burst did not overrun (or it was not reported)" "$tmp/err"
fi
n route flush table 300 >/dev/null 2>&1
checkpoint "after flushing the burst"
gen_chunk "$OPS" >"$tmp/chunk.last"
ip -n "$NS" -force -batch "$tmp/chunk.last" >/dev/null 2>&1
checkpoint "churn after the enlarged buffer"

exec 3>&-
wait "$fpid"
rc=$?
fpid=
[ $rc -eq 99 ] && bad "pktpath run --follow: sanitizer report (exit 99)" "$tmp/err"
grep 'pktpath: live:' "$tmp/err" | sed 's/^/  /' | tail -8

# ---- --follow with --apply: the follower must not replay what nl_resync read ----
cat >"$tmp/apply" <<'EOF2'
ip route add 10.200.0.0/24 via 10.0.0.2
ip route append 10.200.0.0/24 via 10.0.0.3
ip route prepend 10.200.0.0/24 via 10.0.1.2
ip route replace 10.200.0.0/24 via 10.0.0.4
ip route del 10.200.0.0/24 via 10.0.0.4
ip route replace 10.200.0.0/24 via 10.0.0.5 table 100
ip route del 10.200.0.0/24 via 10.0.0.5 table 100
ip route show table all
EOF2
"$PKTPATH" run --netns "$NS" --follow --apply "$tmp/apply" >"$tmp/apply.sim" 2>"$tmp/apply.err"
rc=$?
n route show table all >"$tmp/apply.real" 2>&1
if [ $rc -eq 0 ] && cmp -s "$tmp/apply.real" "$tmp/apply.sim"; then
	ok
else
	bad "--follow --apply: pktpath's table after its own edits differs (rc $rc)" "$tmp/apply.err"
	diff "$tmp/apply.real" "$tmp/apply.sim" | head -20
fi
echo "seed $SEED"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
