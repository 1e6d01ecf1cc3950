#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# The tree's shape (docs/architecture.md, "Layers"):
#   * no source file in src/ or ui/ is over 1,200 lines;
#   * no function is over 120 lines but the ones tests/tree/long-functions.txt names, a
#     list that only shrinks: a listed function that got shorter, or went, must leave it;
#   * src/ (the model and the tools) includes no curses or readline header, and only
#     src/netlink/ includes libnl or talks netlink.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 2
pass=0 fail=0
. tests/lib/report.sh
tmp=$(mktemp -d "${TMPDIR:-/tmp}/pktpath-tree.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT

big=$(wc -l src/*/*.[ch] ui/*.[ch] | awk '$2 != "total" && $1 > 1200 { print $2 " " $1 }')
if [ -z "$big" ]; then
	ok "no file in src/ or ui/ over 1,200 lines"
else
	echo "$big" >"$tmp/big"
	bad "files over 1,200 lines" "$tmp/big"
fi

# A function: a line `{` at column 0 after its signature, to the next `}` at column 0.
awk '
FNR == 1 { sig = "" }
/^[a-z].*\(/ { sig = $0; sigline = FNR }
/^\{$/ { start = sigline; name = sig; sub(/\(.*/, "", name); n = split(name, w, /[ *]+/); name = w[n] }
/^\}$/ && start { if (FNR - start + 1 > 120) print FILENAME " " name; start = 0 }
' src/*/*.c ui/*.c | sort >"$tmp/long"
sort tests/tree/long-functions.txt >"$tmp/allowed"
comm -23 "$tmp/long" "$tmp/allowed" >"$tmp/new"
comm -13 "$tmp/long" "$tmp/allowed" >"$tmp/gone"
if [ -s "$tmp/new" ]; then
	bad "functions over 120 lines that are not listed in tests/tree/long-functions.txt" "$tmp/new"
else
	ok "no new function over 120 lines ($(wc -l <"$tmp/long") listed ones left)"
fi
if [ -s "$tmp/gone" ]; then
	bad "listed long functions that are now short or gone: take them off the list" "$tmp/gone"
else
	ok "tests/tree/long-functions.txt lists only functions still over 120 lines"
fi

{
	grep -lE '#include *[<"](n?curses|ncursesw/|readline/)' src/*/*.[ch]
	grep -lE '#include *<netlink/' src/*/*.[ch] | grep -v '^src/netlink/'
	grep -lE '#include *["<]netlink/' ui/*.[ch] # the front ends reach it by tools/kernel-io.h
} >"$tmp/inc" 2>/dev/null
if [ -s "$tmp/inc" ]; then
	bad "src/ includes a terminal header, or libnl outside src/netlink/" "$tmp/inc"
else
	ok "src/ includes no curses or readline header, and libnl only in src/netlink/"
fi
grep -lE 'NETLINK_ROUTE|nl_socket_alloc|rtnl_' src/*/*.c ui/*.c | grep -v '^src/netlink/' >"$tmp/nl"
if [ -s "$tmp/nl" ]; then
	bad "netlink outside src/netlink/" "$tmp/nl"
else
	ok "netlink only in src/netlink/"
fi
echo "$pass passed, $fail failed"
