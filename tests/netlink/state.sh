# SPDX-License-Identifier: GPL-2.0-only
# Sourced by tests/netlink/run.sh: build varied IPv4 state in namespace $NS (and $NS2
# for a veth whose peer lives elsewhere) with the real `ip`. Every command must succeed.
set -e
n() { ip -n "$NS" "$@"; }
n link add a0 type veth peer name a1
n link add b0 type veth peer name b1
n link add gap0 type veth peer name gap1   # deleted below: leaves an ifindex gap
n link add c0 type veth peer name c1
n link add d0 type veth peer name d1       # d1 stays down: d0 has no carrier (linkdown)
n link add x0 type veth peer name x1 netns "$NS2"
n link add e0 type veth peer name e1       # e0 down: its routes go, e1 up without carrier
n link del gap0
for l in lo a0 a1 b0 b1 c0 c1 d0 x0 e1; do n link set "$l" up; done
ip -n "$NS2" link set x1 up
n link set a0 mtu 1400
n addr add 10.1.0.1/24 dev a0
n addr add 10.1.0.2/24 dev a0
n addr add 172.16.10.14/24 dev a0 scope link noprefixroute
n addr add 10.1.5.1/24 dev a0 metric 50
n addr add 10.1.0.100/24 dev a1
n addr add 10.2.0.1/16 brd + dev b0
n addr add 10.2.7.7/16 dev b0 label b0:1
n addr add 10.2.0.2/16 dev b1
n addr add 192.168.50.1/30 dev c0
n addr add 192.168.50.2/30 dev c1
n addr add 10.4.0.1/24 dev d0
n addr add 10.9.0.1/24 dev x0
n addr add 10.255.0.1/32 dev lo
n addr add 10.5.0.1/24 dev e0
n addr add 10.6.0.1/24 dev e1
n route add default via 10.1.0.254 dev a0 metric 100
n route add default via 10.2.0.254 metric 200
n route add 10.20.0.0/16 via 10.2.0.2 proto static
n route add 10.20.1.0/24 tos 0x10 via 10.1.0.254
n route add 10.21.0.0/16 via 10.4.0.2 dev d0
n route add 10.22.0.0/16 dev c0 scope link src 192.168.50.1
n route add 10.23.0.0/24 via 10.99.0.1 dev c0 onlink
n route add 10.24.0.0/16 via 10.1.0.1
n route add 10.25.0.0/16 via 10.1.0.254 mtu 1300 advmss 1200
n route add 10.26.0.0/16 dev c0 mtu lock 1280
n route add blackhole 10.30.0.0/16
n route add unreachable 10.31.0.0/16
n route add prohibit 10.32.0.0/16
n route add throw 10.33.0.0/16
n route add 10.40.0.0/16 via 10.1.0.254 metric 5
n route append 10.40.0.0/16 via 10.2.0.254 metric 5
n route add 10.40.0.0/16 via 192.168.50.2 metric 7
# multipath: paths with weights, one through a gateway on another device, one on-link;
# the hash seed fixed so that the kernel's choices can be predicted
ip netns exec "$NS" sysctl -qw net.ipv4.fib_multipath_hash_seed=2718281828
n route add 10.95.0.0/16 nexthop via 10.1.0.254 weight 3 nexthop via 10.2.0.254 nexthop via 10.99.0.1 dev c0 onlink
n route add 10.96.0.0/16 proto static metric 20 nexthop via 10.1.0.254 nexthop dev c0 weight 7
n route add 10.97.0.0/24 table 100 nexthop via 10.2.0.254 nexthop via 192.168.50.2
# nexthop objects: two paths, a blackhole, a weighted group; routes through them
n nexthop add id 1 via 10.1.0.254 dev a0
n nexthop add id 2 via 10.2.0.254 dev b0 proto static
n nexthop add id 3 blackhole
n nexthop add id 4 via 10.99.0.1 dev c0 onlink
n nexthop add id 10 group 1/2,3/4
n route add 10.93.0.0/16 nhid 10
n route add 10.94.0.0/16 nhid 1 proto static
n route add 10.94.128.0/17 nhid 3
n route add 10.94.64.0/18 nhid 2 table 100
n route add 10.41.0.0/24 via 10.9.0.2 proto 42
n route add 10.41.0.0/25 dev b0 proto kernel
n route add default via 10.2.0.254 dev b0 table 100
n route add 10.50.0.0/16 via 192.168.50.2 table 100
n route add throw 10.51.0.0/16 table 100
n route add 10.52.0.0/16 dev a0 src 10.1.0.2 table 100
n route add default via 192.168.50.2 table 200
n route add 10.60.0.0/16 dev b0 table 510
n route add unreachable default table 510 metric 9
n route add local 10.70.0.0/16 dev lo table local
n route add 10.80.0.0/16 via 10.6.0.2 dev e1
n link set e0 down
n rule add pref 100 from 10.1.0.2 lookup 100
n rule add pref 110 to 10.50.0.0/16 lookup 100
n rule add pref 120 fwmark 0x5 lookup 200
n rule add pref 121 fwmark 0x6/0xff lookup 200
n rule add pref 130 iif b1 lookup 100
n rule add pref 140 oif c0 lookup 200
n rule add pref 150 tos 0x10 lookup 100
n rule add pref 160 not from 10.0.0.0/8 lookup main suppress_prefixlength 0
n rule add pref 170 from 10.2.7.7 goto 32000
n rule add pref 175 iif ghost0 lookup 100
n rule add pref 180 from 10.3.0.0/16 unreachable
n rule add pref 181 from 10.3.1.0/24 prohibit
n rule add pref 182 to 10.35.0.0/16 blackhole
n rule add pref 190 nop
n rule add pref 191 ipproto tcp dport 5000-5010 lookup 200
n rule add pref 192 sport 7000 to 10.20.0.0/16 lookup 100
n rule add pref 193 uidrange 1000-1999 lookup 200
n rule add pref 194 from 10.2.0.0/16 ipproto icmp lookup 100
n rule add from 10.2.0.2 lookup 200
n rule add pref 32000 lookup 510
set +e
