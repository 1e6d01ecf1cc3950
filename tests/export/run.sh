#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# tests/export: `pktpath export` writes pcap files that tshark reads as the trace says.
#
# For the built-in default scene and a set of scenes (TCP, UDP, ARP flux, NAT, ICMP errors
# and a redirect, loopback, a bridge), with ALL=1 every scenes/*.scene and tests/golden/*.scene:
#   - export the merged (LINUX_SLL2) file and the per-NIC (Ethernet) files; exit status
#     the same as `pktpath trace` for the scene;
#   - tshark reads every file; its fields (ifindex, packet type, MACs, IPs, IP ID, ports,
#     TCP flags/seq/ack/len and MSS option, payload bytes, ICMP type/code, ARP op/addresses, time) match
#     `pktpath trace --format jsonl` record by record (compare.py);
#   - with checksum validation on, every IPv4/TCP/UDP/ICMP checksum (also those quoted in
#     ICMP errors) is "Good", no packet is malformed, and there is no expert info of
#     severity warning or above outside group Sequence (DNS/mDNS dissection off: the
#     scenes' payloads are text);
#   - exporting twice gives the same bytes.
# Then a negative control (a corrupted byte must be caught) and the error cases.
# Last line: `N passed, N failed[, N skipped]`.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 2

PKTPATH=${PKTPATH:-./pktpath}
pass=0 fail=0
. tests/lib/report.sh # ok, bad

if ! command -v tshark > /dev/null || ! command -v mergecap > /dev/null ||
	! command -v python3 > /dev/null; then
	echo "tests/export: SKIPPED: needs tshark, mergecap and python3 (make deps)" >&2
	echo "0 passed, 0 failed, 1 skipped"
	exit 0
fi
if [ ! -x "$PKTPATH" ]; then
	echo "tests/export: $PKTPATH not built" >&2
	echo "0 passed, 1 failed"
	exit 1
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/pktpath-export.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
cmp_py=tests/export/compare.py
read -r -a fields <<< "$(python3 "$cmp_py" --fields)"
# (ICMP checksums are always verified: tshark 4.0 has no icmp.check_checksum preference,
# and an unknown -o makes tshark print nothing at all)
checks=(-o ip.check_checksum:TRUE -o tcp.check_checksum:TRUE -o udp.check_checksum:TRUE)
# Scene payloads are text: sent to UDP port 53 or 5353, Wireshark would decode them as
# DNS messages and call them malformed. The frames are what the scene sends; we check
# them as plain UDP.
dissect=(--disable-protocol dns --disable-protocol mdns)


# tshark_fields FILE OUT: the compared fields (first occurrence: the outer packet)
tshark_fields() {
	tshark -n -r "$1" -T fields -E occurrence=f "${fields[@]}" > "$2" 2> "$2.err" &&
		! grep -qv '^Running as user' "$2.err"
}

# sanity FILE: prints what is wrong with the checksums or the dissection, nothing if all
# is well. Every checksum that tshark verified must be 1 (Good), none 0 (Bad) or 2
# (Unverified) where a header is present, except the TCP or UDP checksum of the datagram
# an ICMP redirect quotes, which tshark leaves unverified (it checks those of errors, type
# 3, 11 and 12), and the checksum of an ICMP message an error quotes in part (a
# "fragmentation needed" about a large echo: 548 of its bytes); tshark itself must run
# cleanly and see frames.
sanity() {
	local out
	if ! out=$(tshark -n -r "$1" "${checks[@]}" -T fields -E occurrence=a -E aggregator=, \
		-e frame.number -e ip.checksum.status -e tcp.checksum.status -e udp.checksum.status \
		-e icmp.checksum.status -e ip.proto -e icmp.type 2> "$tmp/sanity.err") || [ -z "$out" ] ||
		grep -qv '^Running as user' "$tmp/sanity.err"; then
		echo "tshark failed on $1: $(grep -v '^Running as user' "$tmp/sanity.err")"
		return
	fi
	awk -F'\t' '{
		for (i = 2; i <= 5; i++) {
			n = split($i, v, ",")
			for (k = 1; k <= n; k++)
				if (v[k] != "1" && !(v[k] == "2" && (i == 3 || i == 4) && $7 ~ /^5(,|$)/) &&
				    !(v[k] == "2" && i == 5 && k > 1 && $7 ~ /^(3|11|12),/)) {
					print "frame " $1 ": checksum status " $i " (field " i ")"; next
				}
		}
		if ($6 != "" && $2 == "") print "frame " $1 ": IPv4 without a verified checksum"
	}' <<< "$out"
	# expert infos of severity warning (0x00600000) or error (0x00800000), except those of
	# group Sequence (0x02000000): an RST, an IP address that ARP sees at two MACs (arp
	# flux) are what the scenes show, not flaws of the file. Malformed is group 0x07000000.
	tshark -n -r "$1" "${checks[@]}" "${dissect[@]}" -Y '_ws.expert' -T fields -E occurrence=a \
		-E aggregator='|' -e frame.number -e _ws.expert.group -e _ws.expert.severity \
		-e _ws.expert.message 2> /dev/null |
		awk -F'\t' '{
			ng = split($2, g, "|"); split($3, sv, "|"); split($4, m, "|")
			for (k = 1; k <= ng; k++)
				if (sv[k] + 0 >= 6291456 && g[k] + 0 != 33554432)
					print "expert: frame " $1 ": " m[k]
		}'
}

# export_scene NAME [SCENE]: every check of one scene
export_scene() {
	local name=$1 scene=${2:-} d="$tmp/$1" rc trc f problems
	mkdir -p "$d"
	"$PKTPATH" export $scene --pcap "$d/m.pcap" --per-nic "$d/nic" > "$d/map.txt" 2> "$d/export.err"
	rc=$?
	"$PKTPATH" trace $scene --format jsonl > "$d/trace.jsonl" 2> /dev/null
	trc=$?
	if [ "$rc" -eq "$trc" ] && [ "$rc" -le 1 ] && [ -s "$d/m.pcap" ]; then
		ok "$name: export exit status $rc, as trace's"
	else
		bad "$name: export exit status $rc (trace: $trc)"
		sed 's/^/    /' "$d/export.err"
		return
	fi
	if ! tshark_fields "$d/m.pcap" "$d/m.tsv"; then
		bad "$name: tshark cannot read the merged file"
		sed 's/^/    /' "$d/m.tsv.err"
		return
	fi
	if [ ! -s "$d/m.tsv" ]; then
		# a scene whose traffic never reaches a NIC (all errnos): an empty capture
		if [ "$(wc -c < "$d/m.pcap")" -eq 24 ] && [ -z "$(ls "$d/nic")" ] &&
			python3 "$cmp_py" "$d/trace.jsonl" "$d/map.txt" "$d/m.tsv" "$d/nic" > "$d/cmp.out"; then
			ok "$name: no frames in the trace: an empty capture, no per-NIC files"
		else
			bad "$name: no frames in the file, but the trace has some, or per-NIC files exist"
			sed 's/^/    /' "$d/cmp.out"
		fi
		return
	fi
	for f in "$d"/nic/*.pcap; do
		tshark_fields "$f" "${f%.pcap}.tsv" || bad "$name: tshark cannot read $f"
	done
	if python3 "$cmp_py" "$d/trace.jsonl" "$d/map.txt" "$d/m.tsv" "$d/nic" > "$d/cmp.out"; then
		ok "$name: $(tail -1 "$d/cmp.out") (merged + $(ls "$d"/nic/*.pcap | wc -l) per-NIC files)"
	else
		bad "$name: tshark and the trace differ"
		sed 's/^/    /' "$d/cmp.out"
	fi
	# the per-NIC files, one after the other in one file: one tshark run for all of them
	mergecap -a -w "$d/nics.pcap" "$d"/nic/*.pcap 2> /dev/null || bad "$name: mergecap failed"
	problems=$(for f in m.pcap nics.pcap; do sanity "$d/$f" | sed "s|^|$f: |"; done)
	if [ -z "$problems" ]; then
		ok "$name: checksums Good, nothing malformed, no expert warnings"
	else
		bad "$name: checksum or dissection problems"
		head -10 <<< "$problems" | sed 's/^/    /'
	fi
	"$PKTPATH" export $scene --pcap "$d/m2.pcap" --per-nic "$d/nic2" > /dev/null 2>&1
	if cmp -s "$d/m.pcap" "$d/m2.pcap" &&
		diff -r -x '*.tsv' -x '*.err' "$d/nic" "$d/nic2" > /dev/null; then
		ok "$name: deterministic (same bytes twice)"
	else
		bad "$name: two exports differ"
	fi
}

if [ "${ALL:-0}" = 1 ]; then
	scenes=(scenes/*.scene tests/golden/*.scene)
else
	scenes=(scenes/c7-nat-once-per-flow.scene scenes/arp-flux.scene scenes/c9-asymmetric.scene
		scenes/udp-multihomed-server.scene tests/golden/nat-dnat-portforward.scene
		tests/golden/nat-masq-two-clients.scene tests/golden/nf-reject-drop.scene
		tests/golden/c3-retransmit.scene tests/golden/p8d-masq-oif-change.scene
		scenes/icmp-redirect.scene scenes/mtu-path-discovery.scene
		tests/traffic/cases/frag-conntrack-nat.scene tests/traffic/cases/pmtu-lock.scene)
fi
export_scene default
for s in "${scenes[@]}"; do
	n=$(basename "$(dirname "$s")")-$(basename "$s" .scene)
	export_scene "$n" "$s"
done

# A redirect quotes the datagram with the TTL ip_forward() left it (one less than sent:
# ip_decrease_ttl() runs before ip_rt_send_redirect(); tests/netlink/run-redirect.sh
# sees the real kernel do so); other errors quote it as it came in
r=$tmp/scenes-icmp-redirect/m.pcap
ttls=$(tshark -n -r "$r" -Y 'icmp.type == 5' -T fields -E occurrence=a -E aggregator=, -e ip.ttl 2>/dev/null | sort -u)
if [ "$ttls" = "64,63" ]; then
	ok "icmp-redirect: the redirect quotes the datagram with TTL 63 (sent 64), as the kernel does"
else
	bad "icmp-redirect: the redirect quotes TTL \"$ttls\" (outer,inner), want 64,63"
fi

# Negative control: the checks above must see a broken checksum. Flip one bit of the
# last byte of the default scene's first TCP frame with payload (its data).
d=$tmp/default
frame=$(tshark -n -r "$d/m.pcap" -Y 'tcp.len > 0' -T fields -e frame.number 2> /dev/null | head -1)
if [ -n "$frame" ]; then
	python3 - "$d/m.pcap" "$frame" "$tmp/bad.pcap" << 'EOF'
import struct, sys
b = bytearray(open(sys.argv[1], "rb").read())
off, want = 24, int(sys.argv[2])
for n in range(1, want + 1):
    incl = struct.unpack_from("<I", b, off + 8)[0]
    if n == want:
        b[off + 16 + incl - 1] ^= 1
    off += 16 + incl
open(sys.argv[3], "wb").write(b)
EOF
	sanity "$tmp/bad.pcap" > "$tmp/bad.out"
	if grep -q "^frame $frame: checksum status 0" "$tmp/bad.out" &&
		grep -q "^expert: frame $frame: Bad checksum" "$tmp/bad.out"; then
		ok "negative control: a flipped payload bit is reported as a bad TCP checksum (status and expert info)"
	else
		bad "negative control: a flipped payload bit went unnoticed"
		head -5 "$tmp/bad.out" | sed 's/^/    /'
	fi
else
	bad "negative control: no TCP frame with data in the default scene"
fi

# Error cases: exit status and message.
"$PKTPATH" export --pcap /nonexistent-dir/x.pcap > /dev/null 2> "$tmp/e1"
rc=$?
if [ $rc -eq 1 ] && grep -q '^pktpath export: /nonexistent-dir/x.pcap: No such file or directory' "$tmp/e1"; then
	ok "unwritable file: exit 1, names the file"
else
	bad "unwritable file: exit $rc: $(cat "$tmp/e1")"
fi
"$PKTPATH" export > /dev/null 2> "$tmp/e2"
rc=$?
if [ $rc -eq 2 ] && grep -q 'usage: pktpath export' "$tmp/e2"; then
	ok "no --pcap: usage error, exit 2"
else
	bad "no --pcap: exit $rc: $(cat "$tmp/e2")"
fi
"$PKTPATH" export "$tmp/missing.scene" --pcap "$tmp/x.pcap" > /dev/null 2> "$tmp/e3"
rc=$?
if [ $rc -eq 2 ] && grep -q 'missing.scene: No such file' "$tmp/e3"; then
	ok "missing scene file: exit 2"
else
	bad "missing scene file: exit $rc: $(cat "$tmp/e3")"
fi
printf 'title broken\nip route add 10.0.0.0/33 dev nope\n' > "$tmp/bad.scene"
"$PKTPATH" export "$tmp/bad.scene" --pcap "$tmp/b.pcap" > /dev/null 2> "$tmp/e4"
rc=$?
if [ $rc -eq 1 ] && grep -q "^$tmp/bad.scene:2:[0-9]*: " "$tmp/e4"; then
	ok "bad scene: exit 1, file:line:col message"
else
	bad "bad scene: exit $rc: $(cat "$tmp/e4")"
fi
"$PKTPATH" export --pcap - > "$tmp/stdout.pcap" 2> /dev/null
rc=$?
if [ $rc -eq 0 ] && cmp -s "$tmp/stdout.pcap" "$tmp/default/m.pcap"; then
	ok "--pcap - writes the same bytes to stdout"
else
	bad "--pcap - differs from the file"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
