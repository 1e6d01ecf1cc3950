#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Path MTU exceptions, kernel against pktpath, both ways:
#  - the simulation: the same network and datagrams played by `pktpath run`, whose
#    `ip route get` and `ip route show cache` must print what the kernel prints;
#  - real kernel mode: `pktpath run --netns` imports the kernel's exceptions (the
#    RTM_F_CLONED dump), so it prints them as the kernel does and `why` agrees.
# Private namespaces h, r, d: r's link to d has MTU 1300 toward 10.0.2.1 and 500 toward
# 10.0.3.1 (below min_pmtu 552: the kernel locks the path MTU at 552). h sends one
# datagram with DF at a time on a connected UDP socket until its kernel shows the
# exception (waiting on that state, with a 30 s bound for a failure).
# Needs root and `ip netns` (and python3, which `make deps` installs); otherwise skipped.
# Environment: PKTPATH (default ./pktpath). Last line: `N passed, N failed[, N skipped]`.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 2

PKTPATH=${PKTPATH:-./pktpath}
pass=0 fail=0

. tests/lib/netns.sh # need_netns, ns_scratch, ns_add
need_netns pprp "path MTU tests need root and 'ip netns add'" 8

P="pprp$$"
NSS=("$P-h" "$P-r" "$P-d")
ns_scratch pmtu

. tests/lib/report.sh

# the network, as pktpath lines (HOST COMMAND) and run on the real side too
cat >"$tmp/net" <<'EOF'
h ip link add eth0 type veth peer name eth0 netns r
r ip link add eth1 type veth peer name eth0 netns d
r ip link add eth2 type veth peer name eth1 netns d
h ip link set lo up
h ip link set eth0 up
r ip link set lo up
r ip link set eth0 up
r ip link set eth1 up
r ip link set eth2 up
d ip link set lo up
d ip link set eth0 up
d ip link set eth1 up
r ip link set eth1 mtu 1300
d ip link set eth0 mtu 1300
r ip link set eth2 mtu 500
d ip link set eth1 mtu 500
h ip addr add 10.0.1.1/24 dev eth0
r ip addr add 10.0.1.254/24 dev eth0
r ip addr add 10.0.2.254/24 dev eth1
r ip addr add 10.0.3.254/24 dev eth2
d ip addr add 10.0.2.1/24 dev eth0
d ip addr add 10.0.3.1/24 dev eth1
h ip route add default via 10.0.1.254
d ip route add default via 10.0.2.254
r sysctl -w net.ipv4.ip_forward=1
EOF
ns_add "${NSS[@]}"
setup_ok=1
while read -r host cmd; do
	if [ "${cmd#ip link add}" != "$cmd" ]; then
		# netns NAME -> this run's namespace
		cmd=$(printf '%s' "$cmd" | sed "s/ netns \([a-z]*\)\$/ netns $P-\1/")
	fi
	if [ "${cmd#sysctl}" != "$cmd" ]; then
		ip netns exec "$P-$host" sysctl -qw "${cmd#sysctl -w }" || setup_ok=0
	else
		# shellcheck disable=SC2086
		ip -n "$P-$host" ${cmd#ip } || setup_ok=0
	fi
done <"$tmp/net"

# one datagram per round, DF set (it fits h's own MTU), until h's kernel has the
# exception; then ip route get binds it (as pktpath's does), so show cache lists it
ip netns exec "$P-h" python3 - <<'EOF' >"$tmp/send.out" 2>&1
import socket, subprocess, time
for dst, size, want in (("10.0.2.1", 1372, "mtu 1300"), ("10.0.3.1", 972, "mtu lock 552")):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.connect((dst, 9))
    end = time.monotonic() + 30
    got = False
    while time.monotonic() < end and not got:
        try:
            s.send(b"x" * size)
        except OSError as e:
            print("send:", e.strerror)
        out = subprocess.run(["ip", "route", "get", dst], capture_output=True,
                             text=True).stdout
        got = want in out
        if not got:
            time.sleep(0.1)
    print(dst, "learnt" if got else "not learnt")
EOF
if [ "$setup_ok" = 1 ] && grep -qx "10.0.2.1 learnt" "$tmp/send.out" &&
	grep -qx "10.0.3.1 learnt" "$tmp/send.out"; then
	ok "the kernel learnt both path MTUs (setup)"
else
	bad "the kernel learnt both path MTUs (setup)" "$tmp/send.out"
fi

queries='ip route get 10.0.2.1
ip route get 10.0.3.1
ip route show cache
ip -j route get 10.0.2.1
ip -j route show cache'
while read -r q; do
	# shellcheck disable=SC2086
	ip -n "$P-h" ${q#ip }
done <<<"$queries" >"$tmp/real.out"
# the seconds left depend on when each side looked
strip() { sed 's/ expires [0-9]*sec//; s/"expires":[0-9]*,//g'; }

# the simulation: the same network, the same datagrams (pktpath's connected socket gets
# the first fragmentation needed, as the kernel's did, and sends no more)
{
	cat "$tmp/net"
	printf 'd udp bind 0.0.0.0:9 as s\nh connect udp 10.0.2.1:9 as c2\n'
	printf 'h send c2 "x" size 1372\nh connect udp 10.0.3.1:9 as c3\nh send c3 "x" size 972\n'
	sed 's/^/h /' <<<"$queries"
} >"$tmp/sim.cmds"
"$PKTPATH" run "$tmp/sim.cmds" 2>&1 | grep -v '^net.ipv4\|^[a-z0-9]*: ' >"$tmp/sim.out"
if [ "$(strip <"$tmp/real.out")" = "$(strip <"$tmp/sim.out")" ] &&
	grep -q "mtu lock 552" "$tmp/real.out" && grep -q '"metrics":\[{"mtu":1300}\]' "$tmp/real.out"; then
	ok "the simulation's ip route get and show cache print the exceptions as the kernel does"
else
	{ echo "kernel:"; cat "$tmp/real.out"; echo "pktpath:"; cat "$tmp/sim.out"; } >"$tmp/d"
	bad "the simulation's ip route get and show cache print the exceptions as the kernel does" "$tmp/d"
fi

# real kernel mode: the exceptions imported
{
	cat <<<"$queries"
	echo "why 10.0.2.1"
} >"$tmp/live.cmds"
"$PKTPATH" run --netns "$P-h" "$tmp/live.cmds" >"$tmp/live.out" 2>&1
if [ "$(strip <"$tmp/real.out")" = "$(head -n "$(wc -l <"$tmp/real.out")" "$tmp/live.out" | strip)" ]; then
	ok "pktpath run --netns imports the path MTUs: ip route get and show cache as the kernel"
else
	{ echo "kernel:"; cat "$tmp/real.out"; echo "pktpath:"; cat "$tmp/live.out"; } >"$tmp/d"
	bad "pktpath run --netns imports the path MTUs: ip route get and show cache as the kernel" "$tmp/d"
fi
if grep -q "kernel agrees" "$tmp/live.out" && ! grep -q DISAGREEMENT "$tmp/live.out"; then
	ok "why agrees with the kernel on a host with a path MTU"
else
	bad "why agrees with the kernel on a host with a path MTU" "$tmp/live.out"
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
