#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
# Writes the seed corpus of fuzz-netlink (tests/fuzz/corpus-netlink/): netlink receive
# buffers as a 6.x kernel sends them for an IPv4 dump or change notifications. The
# first byte of each seed selects the mode (bit 0 set: notifications), the rest is the
# buffer. Run from the repository root; the output is committed.
import os
import socket
import struct

RTM_NEWADDR, RTM_NEWROUTE, RTM_DELROUTE, RTM_NEWRULE = 20, 24, 25, 32
F_REPLACE, F_EXCL, F_CREATE, F_APPEND = 0x100, 0x200, 0x400, 0x800


def attr(t, data):
    n = 4 + len(data)
    return struct.pack("=HH", n, t) + data + b"\0" * ((4 - n % 4) % 4)


def ip(s):
    return socket.inet_aton(s)


def u32(v):
    return struct.pack("=I", v)


def msg(t, flags, body):
    return struct.pack("=IHHII", 16 + len(body), t, flags, 0, 0) + body


def route(t, dst, plen, table=254, typ=1, scope=0, proto=3, flags=0, gw=None, oif=None, prio=None,
          src=None, nl=0, tos=0, metrics=None):
    body = struct.pack("=BBBBBBBBI", socket.AF_INET, plen, 0, tos, table if table < 256 else 252, proto,
                       scope, typ, flags)
    body += attr(15, u32(table))
    if plen:
        body += attr(1, ip(dst))
    if prio is not None:
        body += attr(6, u32(prio))
    if src:
        body += attr(7, ip(src))
    if gw:
        body += attr(5, ip(gw))
    if oif:
        body += attr(4, u32(oif))
    if metrics:  # RTA_METRICS: nested RTAX_* u32 attributes (2 mtu, 8 advmss, 1 lock)
        body += attr(8, b"".join(attr(k, u32(v)) for k, v in metrics))
    return msg(t, nl, body)


def addr(ifindex, local, plen, brd=None, label="v0"):
    body = struct.pack("=BBBBI", socket.AF_INET, plen, 0x80, 0, ifindex)
    body += attr(1, ip(local)) + attr(2, ip(local))
    if brd:
        body += attr(4, ip(brd))
    body += attr(3, label.encode() + b"\0") + attr(8, u32(0x80))
    return msg(RTM_NEWADDR, 2, body)


def rule(pref, table, src=None, src_len=0, mark=None, iif=None):
    body = struct.pack("=BBBBBBBBI", socket.AF_INET, 0, src_len, 0, table if table < 256 else 252, 0, 0, 1, 0)
    body += attr(6, u32(pref)) + attr(15, u32(table))
    if src:
        body += attr(2, ip(src))
    if mark is not None:
        body += attr(10, u32(mark)) + attr(16, u32(0xffffffff))
    if iif:
        body += attr(3, iif.encode() + b"\0")
    return msg(RTM_NEWRULE, 2, body)


def multipath(dst, plen, hops):
    body = struct.pack("=BBBBBBBBI", socket.AF_INET, plen, 0, 0, 254, 3, 0, 1, 0)
    body += attr(15, u32(254)) + attr(1, ip(dst))
    nh = b""
    for gw, oif in hops:
        a = attr(5, ip(gw))
        nh += struct.pack("=HBBI", 8 + len(a), 0, 0, oif) + a
    body += attr(9, nh)
    return msg(RTM_NEWROUTE, F_CREATE | F_EXCL, body)


RTM_NEWNEXTHOP = 104


def nexthop(nid, gw=None, oif=None, blackhole=False, group=None, scope=253):
    body = struct.pack("=BBBBI", socket.AF_UNSPEC if group else socket.AF_INET,
                       0 if group or blackhole else scope, 0, 0, 0)
    body += attr(1, u32(nid))
    if group:
        body += attr(2, b"".join(struct.pack("=IBBH", i, w - 1, 0, 0) for i, w in group))
    if blackhole:
        body += attr(4, b"")
    if oif:
        body += attr(5, u32(oif))
    if gw:
        body += attr(6, ip(gw))
    return msg(RTM_NEWNEXTHOP, 2, body)


def nhid_route(t, dst, plen, nid, nl=0):
    body = struct.pack("=BBBBBBBBI", socket.AF_INET, plen, 0, 0, 254, 3, 0, 1, 0)
    body += attr(15, u32(254)) + attr(1, ip(dst)) + attr(30, u32(nid))
    return msg(t, nl, body)


seeds = {
    "dump-nexthops": b"\0" + addr(2, "10.0.0.1", 24) + nexthop(1, gw="10.0.0.2", oif=2)
    + nexthop(2, oif=2, scope=254) + nexthop(3, blackhole=True)
    + nexthop(10, group=[(1, 1), (2, 3)]) + nhid_route(RTM_NEWROUTE, "10.8.0.0", 16, 10)
    + nhid_route(RTM_NEWROUTE, "10.9.0.0", 16, 3),
    "notify-nexthop": b"\1" + nexthop(4, gw="10.0.0.3", oif=2)
    + nhid_route(RTM_NEWROUTE, "10.10.0.0", 16, 4, nl=F_CREATE | F_EXCL),
    "dump-basic": b"\0" + addr(2, "10.0.0.1", 24, "10.0.0.255") + addr(3, "10.1.0.1", 16)
    + route(RTM_NEWROUTE, "10.0.0.0", 24, scope=253, proto=2, oif=2, src="10.0.0.1")
    + route(RTM_NEWROUTE, "0.0.0.0", 0, gw="10.0.0.254", oif=2, prio=100)
    + route(RTM_NEWROUTE, "10.0.0.1", 32, table=255, typ=2, scope=254, proto=2, oif=2, src="10.0.0.1")
    + route(RTM_NEWROUTE, "192.168.0.0", 16, typ=6)
    + rule(0, 255) + rule(100, 100, src="10.0.0.0", src_len=24) + rule(32766, 254) + rule(32767, 253),
    "dump-tables": b"\0" + route(RTM_NEWROUTE, "10.9.0.0", 16, table=100, gw="10.0.0.2", oif=2)
    + route(RTM_NEWROUTE, "10.9.0.0", 16, table=100, gw="10.0.0.3", oif=2, prio=5)
    + route(RTM_NEWROUTE, "10.9.0.0", 16, table=1000, typ=7) + rule(10, 1000, mark=7, iif="v0")
    + multipath("172.16.0.0", 12, [("10.0.0.2", 2), ("10.1.0.2", 3)]),
    "notify-add-del": b"\1" + route(RTM_NEWROUTE, "10.5.0.0", 16, gw="10.0.0.2", oif=2, nl=F_CREATE | F_EXCL)
    + route(RTM_NEWROUTE, "10.5.0.0", 16, gw="10.0.0.3", oif=2, nl=F_CREATE | F_APPEND)
    + route(RTM_NEWROUTE, "10.5.0.0", 16, gw="10.0.0.4", oif=2, nl=F_CREATE)
    + route(RTM_DELROUTE, "10.5.0.0", 16, gw="10.0.0.3", oif=2)
    + route(RTM_NEWROUTE, "10.5.0.0", 16, gw="10.0.0.5", oif=2, nl=F_REPLACE),
    "notify-resync": b"\1" + route(RTM_NEWROUTE, "10.6.0.0", 24, typ=6, nl=F_CREATE | F_EXCL)
    + addr(2, "10.0.0.9", 24),
    "notify-metrics": b"\1" + route(RTM_NEWROUTE, "10.11.0.0", 16, gw="10.0.0.2", oif=2,
                                    metrics=[(1, 1 << 2), (2, 1400), (8, 1300)], nl=F_CREATE | F_EXCL)
    + route(RTM_NEWROUTE, "10.12.0.0", 16, gw="10.0.0.2", oif=2, metrics=[(2, 1280), (4, 10)],
            nl=F_CREATE | F_EXCL)
    + route(RTM_DELROUTE, "10.11.0.0", 16, gw="10.0.0.2", oif=2),
    "notify-tos": b"\1" + route(RTM_NEWROUTE, "10.7.0.0", 24, tos=8, gw="10.0.0.2", oif=2, nl=F_CREATE | F_EXCL)
    + route(RTM_NEWROUTE, "10.7.0.0", 24, gw="10.0.0.2", oif=2, prio=9, nl=F_CREATE | F_EXCL),
}
d = "tests/fuzz/corpus-netlink"
os.makedirs(d, exist_ok=True)
for name, data in seeds.items():
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)
