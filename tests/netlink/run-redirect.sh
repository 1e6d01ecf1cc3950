#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Real kernel mode, route exceptions: a host that took an ICMP redirect sends to one
# destination via another gateway than its routes say. `pktpath run --netns` imports
# that exception (the kernel's RTM_F_CLONED dump), so `ip route get`, `ip route show
# cache` and `why` answer as the kernel does.
# Private namespaces h, r1, r2 and a bridge namespace; h's default gateway r1 forwards
# 10.9.0.0/16 to r2 on the same LAN and so redirects h. h keeps sending one datagram at
# a time until the kernel shows the exception (waiting on that state, with a 30 s bound
# for a failure). h's default route has mtu and advmss metrics, which the exception's
# cached route shows too.
# Needs root and `ip netns` (and python3, which `make deps` installs); otherwise skipped. Environment: PKTPATH (default
# ./pktpath). Last line: `N passed, N failed[, N skipped]`.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 2

PKTPATH=${PKTPATH:-./pktpath}
pass=0 fail=0

. tests/lib/netns.sh # need_netns, ns_scratch, ns_add
need_netns pprd "route exception tests need root and 'ip netns add'" 7

P="pprd$$"
NSS=("$P-sw" "$P-h" "$P-r1" "$P-r2")
ns_scratch redirect

. tests/lib/report.sh

ns_add "${NSS[@]}"
ip -n "$P-sw" link add br0 type bridge
ip -n "$P-sw" link set br0 up
for n in h r1 r2; do
	ip -n "$P-$n" link add eth0 type veth peer name "p$n" netns "$P-sw"
	ip -n "$P-sw" link set "p$n" master br0
	ip -n "$P-sw" link set "p$n" up
	ip -n "$P-$n" link set eth0 up
	ip -n "$P-$n" link set lo up
done
ip -n "$P-h" addr add 10.0.0.1/24 dev eth0
ip -n "$P-r1" addr add 10.0.0.254/24 dev eth0
ip -n "$P-r2" addr add 10.0.0.253/24 dev eth0
ip -n "$P-r2" addr add 10.9.0.1/32 dev lo
ip -n "$P-h" route add default via 10.0.0.254 mtu 1400 advmss 1300
ip -n "$P-r1" route add 10.9.0.0/16 via 10.0.0.253
ip -n "$P-r2" route add default via 10.0.0.254
ip netns exec "$P-r1" sysctl -qw net.ipv4.ip_forward=1

# one socket, one datagram per round, until h's kernel has the exception
ip netns exec "$P-h" python3 - <<'EOF' >"$tmp/send.out" 2>&1
import socket, subprocess, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
# a copy of every ICMP message h takes: the redirect's quoted header
raw = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
raw.settimeout(5)
end = time.monotonic() + 30
while time.monotonic() < end:
    s.sendto(b"x", ("10.9.0.1", 9))
    out = subprocess.run(["ip", "route", "get", "10.9.0.1"], capture_output=True,
                         text=True).stdout
    if "redirected" in out:
        print("redirected")
        break
    time.sleep(0.1)
try:
    while True:  # queued before the exception was made (raw_local_deliver)
        p = raw.recv(2048)
        ihl = (p[0] & 15) * 4
        if p[ihl] == 5:
            print("quoted ttl %d, sent %d" % (p[ihl + 8 + 8], s.getsockopt(
                socket.IPPROTO_IP, socket.IP_TTL)))
            break
except socket.timeout:
    print("no redirect on the raw socket")
EOF
if grep -qx redirected "$tmp/send.out"; then
	ok "the kernel took r1's redirect (setup)"
else
	bad "the kernel took r1's redirect (setup)" "$tmp/send.out"
fi

# what pktpath export writes in a redirect (tests/export/run.sh): the quoted header has
# the TTL after the router's ip_decrease_ttl()
if grep -qx "quoted ttl 63, sent 64" "$tmp/send.out"; then
	ok "the kernel's redirect quotes the datagram with the TTL less one"
else
	bad "the kernel's redirect quotes the datagram with the TTL less one" "$tmp/send.out"
fi

ip -n "$P-h" route get 10.9.0.1 >"$tmp/real.get"
ip -n "$P-h" route show cache >"$tmp/real.cache"
printf 'ip route get 10.9.0.1\nip route show cache\nwhy 10.9.0.1\n' >"$tmp/cmds"
"$PKTPATH" run --netns "$P-h" "$tmp/cmds" >"$tmp/sim.out" 2>&1
# the lines without the seconds left, which depend on when each side looked
strip() { sed 's/ expires [0-9]*sec//'; }
if [ "$(strip <"$tmp/real.get")" = "$(head -2 "$tmp/sim.out" | strip)" ]; then
	ok "ip route get shows the exception as the kernel does"
else
	{ echo "kernel:"; cat "$tmp/real.get"; echo "pktpath:"; cat "$tmp/sim.out"; } >"$tmp/d"
	bad "ip route get shows the exception as the kernel does" "$tmp/d"
fi
# the exception's cached route carries its route's metrics (h's default has some)
if [ "$(strip <"$tmp/real.cache")" = "$(sed -n 3,4p "$tmp/sim.out" | strip)" ] &&
	grep -q "mtu 1400 advmss 1300" "$tmp/real.cache"; then
	ok "ip route show cache lists it as the kernel does"
else
	{ echo "kernel:"; cat "$tmp/real.cache"; echo "pktpath:"; cat "$tmp/sim.out"; } >"$tmp/d"
	bad "ip route show cache lists it as the kernel does" "$tmp/d"
fi
# the same two in JSON (ip -j): the exception's "cache" flags, "expires" and metrics
ip -n "$P-h" -j route get 10.9.0.1 >"$tmp/real.jget"
ip -n "$P-h" -j route show cache >"$tmp/real.jcache"
printf 'ip -j route get 10.9.0.1\nip -j route show cache\n' >"$tmp/jcmds"
"$PKTPATH" run --netns "$P-h" "$tmp/jcmds" >"$tmp/sim.jout" 2>&1
jstrip() { sed 's/"expires":[0-9]*,//'; }
if [ "$(cat "$tmp/real.jget" "$tmp/real.jcache" | jstrip)" = "$(jstrip <"$tmp/sim.jout")" ] &&
	grep -q '"cache":\["redirected"\],"expires":' "$tmp/real.jcache"; then
	ok "ip -j route get and show cache show the exception as the kernel does"
else
	{ echo "kernel:"; cat "$tmp/real.jget" "$tmp/real.jcache"; echo "pktpath:"; cat "$tmp/sim.jout"; } >"$tmp/d"
	bad "ip -j route get and show cache show the exception as the kernel does" "$tmp/d"
fi
# the counters of a host read from a kernel are the kernel's: `ip -s` is refused there
printf 'ip -s link\n' >"$tmp/scmds"
"$PKTPATH" run --netns "$P-h" "$tmp/scmds" >"$tmp/sim.sout" 2>&1
if grep -qxF "Error: pktpath does not model ip's option \"-s\" on a host read from a kernel: the counters are the kernel's (ip -n $P-h -s link)." "$tmp/sim.sout"; then
	ok "ip -s on a host read from a kernel is refused as not modelled"
else
	bad "ip -s on a host read from a kernel is refused as not modelled" "$tmp/sim.sout"
fi
if grep -q "kernel agrees" "$tmp/sim.out" && grep -q "ICMP redirect's route exception" "$tmp/sim.out" &&
	! grep -q DISAGREEMENT "$tmp/sim.out"; then
	ok "why names the exception and agrees with the kernel"
else
	bad "why names the exception and agrees with the kernel" "$tmp/sim.out"
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
