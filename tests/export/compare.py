#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Compare what tshark reads in `pktpath export` files with the trace.

usage: compare.py TRACE.jsonl MAP.txt MERGED.tsv [PERNIC_DIR]

TRACE.jsonl  `pktpath trace --format jsonl` of the scene
MAP.txt      stdout of `pktpath export` (the "ifindex N = HOST:NIC" table)
MERGED.tsv   tshark -T fields of the merged (SLL2) file, columns FIELDS below
PERNIC_DIR   DIR/HOST-NIC.tsv, the same fields of each per-NIC (Ethernet) file

The expected records are derived from the trace on their own, by the rules of
`tcpdump -i any` on every host (src/out/pcap.h): nic-tx = outgoing on oif, nic-rx = incoming
on iif (broadcast or to us), a PACKET_OTHERHOST drop = incoming "other host", and a
bridge's wire event = incoming on the ingress port (once per decision, not when the
bridge device itself sent the frame) and outgoing on the egress port. Every record is
compared field by field; prints one line per difference and exits 1 if there is any.
"""
import json
import os
import re
import sys

FIELDS = [
    "frame.time_epoch", "sll.ifindex", "sll.pkttype", "sll.src.eth", "sll.etype",
    "eth.src", "eth.dst", "eth.type",
    "ip.src", "ip.dst", "ip.proto", "ip.id", "ip.len",
    "tcp.srcport", "tcp.dstport", "tcp.flags", "tcp.seq_raw", "tcp.ack_raw", "tcp.len",
    "tcp.options.mss_val", "tcp.hdr_len", "tcp.options.sack_perm",
    "tcp.options.timestamp.tsval", "tcp.options.wscale.shift", "tcp.options.sack_le",
    "tcp.payload", "udp.srcport", "udp.dstport", "udp.length", "udp.payload",
    "icmp.type", "icmp.code", "data.data",
    "arp.opcode", "arp.src.proto_ipv4", "arp.dst.proto_ipv4", "arp.src.hw_mac",
    "ip.frag_offset", "ip.flags.mf", "ip.flags.df",
]
FLAG_BITS = {"FIN": 1, "SYN": 2, "RST": 4, "PSH": 8, "ACK": 16, "NONE": 0}
PROTO = {"tcp": 6, "udp": 17, "icmp": 1}


def expected_records(events):
    recs = []
    for i, e in enumerate(events):
        if e.get("proto") is None:
            continue
        st = e["stage"]
        bcast = (e.get("dst_mac") or "") == "ff:ff:ff:ff:ff:ff"
        if st == "nic-tx" and e["oif"]:
            recs.append((e, e["oif"], 4))
        elif st == "nic-rx" and e["iif"]:
            recs.append((e, e["iif"], 1 if bcast else 0))
        elif st == "drop" and e["iif"] and not e["oif"] and "PACKET_OTHERHOST" in (e["why"] or ""):
            recs.append((e, e["iif"], 3))
        elif st == "wire":
            same = lambda c: (c["pkt"] == e["pkt"] and c["host"] == e["host"]
                              and c["time_us"] == e["time_us"])
            earlier = [c for c in events[:i] if same(c)]
            own_tx = any(c["stage"] == "nic-tx" and c["oif"] == e["iif"] for c in earlier)
            seen = any(c["stage"] == "wire" and c["iif"] == e["iif"] for c in earlier)
            if e["iif"] and not own_tx and not seen:
                recs.append((e, e["iif"], 1 if bcast else 3))
            if e["oif"]:
                recs.append((e, e["oif"], 4))
    return recs


def ns_of(epoch):
    sec, _, frac = epoch.partition(".")
    return int(sec) * 10**9 + int((frac + "000000000")[:9])


def hexbytes(s):
    return bytes.fromhex(s.replace(":", "")) if s else b""


def check(e, row, where, errs, merged):
    """Compares one record row (dict of FIELDS) with event e; appends differences."""
    def want(field, value):
        got = row.get(field, "")
        if str(value) != got:
            errs.append(f"{where}: {field}: tshark says {got!r}, trace says {value!r}")

    def want_int(field, value, base=10):
        got = row.get(field, "")
        try:
            g = int(got, base)
        except ValueError:
            g = None
        if g != value:
            errs.append(f"{where}: {field}: tshark says {got!r}, trace says {value!r}")

    if ns_of(row["frame.time_epoch"]) != e["time_us"] * 1000:
        errs.append(f"{where}: time {row['frame.time_epoch']} != {e['time_us']} us")
    # jsonl has MACs for L2 stages only: not for a PACKET_OTHERHOST drop
    if merged:
        if "src_mac" in e:
            want("sll.src.eth", e["src_mac"])
        want_int("sll.etype", 0x0806 if e["proto"] == "arp" else 0x0800, 16)
    else:
        if "src_mac" in e:
            want("eth.src", e["src_mac"])
            want("eth.dst", e["dst_mac"])
        want_int("eth.type", 0x0806 if e["proto"] == "arp" else 0x0800, 16)
    if e["proto"] == "arp":
        want_int("arp.opcode", 1 if e["arp"]["op"] == "request" else 2)
        want("arp.src.proto_ipv4", e["arp"]["sip"])
        want("arp.dst.proto_ipv4", e["arp"]["tip"])
        if "src_mac" in e:
            want("arp.src.hw_mac", e["src_mac"])
        return
    # the text, then the zeros of a `size N` (the trace's len counts both)
    payload = (e.get("payload") or "").encode()
    payload += bytes(e.get("len", len(payload)) - len(payload))
    want("ip.src", e["src"])
    want("ip.dst", e["dst"])
    want_int("ip.proto", PROTO[e["proto"]])
    want_int("ip.flags.df", 1 if e.get("df") else 0)
    if "frag" in e:
        # a fragment: the datagram's id, its own length and place; only the first has
        # the transport header, and tshark shows the reassembled datagram on the last
        f = e["frag"]
        want_int("ip.id", f["of"] & 0xFFFF, 16)
        want_int("ip.len", 20 + f["len"])
        want_int("ip.frag_offset", f["off"] // 8)  # tshark counts 8-byte units
        want_int("ip.flags.mf", 1 if f["mf"] else 0)
        return
    want_int("ip.id", e["pkt"] & 0xFFFF, 16)
    want_int("ip.frag_offset", 0)
    want_int("ip.flags.mf", 0)
    if e["proto"] == "tcp":
        # the options the trace names, laid out as Linux writes them (NOPs to 4 bytes)
        opts = (e.get("opts") or "").split(",") if e.get("opts") else []
        olen = (4 if "mss" in opts else 0) + (12 if "ts" in opts else 4 if "sackok" in opts else 0) \
            + (4 if "ws" in opts else 0) + (12 if "sack" in opts else 0)
        want_int("ip.len", 40 + olen + len(payload))
        want_int("tcp.hdr_len", 20 + olen)
        if row.get("tcp.options.mss_val", "") != (str(e["mss"]) if "mss" in e else ""):
            errs.append(f"{where}: tcp MSS option {row.get('tcp.options.mss_val')!r} != "
                        f"{e.get('mss')!r}")
        for kind, field in (("sackok", "tcp.options.sack_perm"), ("ts", "tcp.options.timestamp.tsval"),
                            ("ws", "tcp.options.wscale.shift"), ("sack", "tcp.options.sack_le")):
            if (row.get(field, "") != "") != (kind in opts):
                errs.append(f"{where}: tcp option {kind}: tshark {row.get(field, '')!r}, "
                            f"trace opts {e.get('opts')!r}")
        want_int("tcp.srcport", e["sport"])
        want_int("tcp.dstport", e["dport"])
        want_int("tcp.flags", sum(FLAG_BITS[f] for f in e["flags"].split(",")), 16)
        want_int("tcp.seq_raw", e["tcp_seq"])
        want_int("tcp.ack_raw", e["tcp_ack"])
        want_int("tcp.len", len(payload))
        if hexbytes(row.get("tcp.payload", "")) != payload:
            errs.append(f"{where}: tcp payload {row.get('tcp.payload')!r} != {payload!r}")
    elif e["proto"] == "udp":
        want_int("ip.len", 28 + len(payload))
        want_int("udp.srcport", e["sport"])
        want_int("udp.dstport", e["dport"])
        want_int("udp.length", 8 + len(payload))
        if hexbytes(row.get("udp.payload", "")) != payload:
            errs.append(f"{where}: udp payload {row.get('udp.payload')!r} != {payload!r}")
    else:
        want_int("icmp.type", e["sport"])
        want_int("icmp.code", e["dport"])
        if e["sport"] in (0, 8):
            want_int("ip.len", 28 + len(payload))
            got = hexbytes(row.get("data.data", ""))
            # tshark reads 8 leading zero bytes as ping's timestamp and leaves them out
            if got != payload and not (payload[:8] == bytes(8) and got == payload[8:]):
                errs.append(f"{where}: icmp data ({len(got)} bytes) {got[:40]!r}… != "
                            f"({len(payload)} bytes) {payload[:40]!r}…")


def read_tsv(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            cols = line.rstrip("\n").split("\t")
            cols += [""] * (len(FIELDS) - len(cols))
            rows.append(dict(zip(FIELDS, cols)))
    return rows


def main():
    if len(sys.argv) == 2 and sys.argv[1] == "--fields":
        print(" ".join("-e " + f for f in FIELDS))
        return 0
    events = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
    ifmap = {}
    for line in open(sys.argv[2], encoding="utf-8"):
        m = re.match(r"\s+ifindex (\d+) = (\S+):(\S+) \(", line)
        if m:
            ifmap[int(m.group(1))] = (m.group(2), m.group(3))
    recs = expected_records(events)
    rows = read_tsv(sys.argv[3])
    errs = []
    if len(rows) != len(recs):
        errs.append(f"merged file: {len(rows)} records, the trace makes {len(recs)}")
    # the interface table: numbered in order of first appearance
    order = []
    for e, nic, _ in recs:
        if (e["host"], nic) not in order:
            order.append((e["host"], nic))
    if [ifmap.get(i + 1) for i in range(len(order))] != order or len(ifmap) != len(order):
        errs.append(f"interface table {ifmap} != first appearance {order}")
    for n, ((e, nic, ptype), row) in enumerate(zip(recs, rows), 1):
        where = f"merged #{n} (seq {e['seq']} {e['host']}:{nic} {e['stage']})"
        idx = int(row["sll.ifindex"] or 0)
        if ifmap.get(idx) != (e["host"], nic):
            errs.append(f"{where}: ifindex {idx} is {ifmap.get(idx)}")
        if row["sll.pkttype"] != str(ptype):
            errs.append(f"{where}: packet type {row['sll.pkttype']} != {ptype}")
        check(e, row, where, errs, True)
    if len(sys.argv) > 4:
        d = sys.argv[4]
        files = sorted(f for f in os.listdir(d) if f.endswith(".tsv"))
        want_files = sorted(f"{h}-{n}.tsv" for h, n in order)
        if files != want_files:
            errs.append(f"per-NIC files {files} != {want_files}")
        for h, nic in order:
            path = os.path.join(d, f"{h}-{nic}.tsv")
            if not os.path.exists(path):
                continue
            mine = [(e, p) for e, n, p in recs if e["host"] == h and n == nic]
            prow = read_tsv(path)
            if len(prow) != len(mine):
                errs.append(f"{h}-{nic}.pcap: {len(prow)} records, the trace makes {len(mine)}")
            for n, ((e, _), row) in enumerate(zip(mine, prow), 1):
                check(e, row, f"{h}-{nic}.pcap #{n} (seq {e['seq']} {e['stage']})", errs, False)
    for line in errs[:20]:
        print(line)
    if len(errs) > 20:
        print(f"… and {len(errs) - 20} more")
    print(f"{len(recs)} records compared, {len(errs)} differences")
    return 1 if errs else 0


if __name__ == "__main__":
    sys.exit(main())
