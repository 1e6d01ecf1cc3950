#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Hostile scene input (issue 15): pktpath reads only regular files, within limits, and
# says so with file:line:col; nothing is cut silently; the text trace never carries a
# byte a terminal would act on; jsonl stays valid JSON for any payload.
# Last line: `N passed, N failed`.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 2
PKTPATH=${PKTPATH:-./pktpath}
pass=0 fail=0
. tests/lib/report.sh # ok, bad
tmp=$(mktemp -d "${TMPDIR:-/tmp}/pktpath-limits.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT

# expect_err NAME WANT_RC REGEX CMD…: exit status and a line of stderr
expect_err() {
	local name=$1 want=$2 re=$3 rc
	shift 3
	"$@" >"$tmp/out" 2>"$tmp/err" </dev/null
	rc=$?
	if [ "$rc" = "$want" ] && grep -Eq -- "$re" "$tmp/err"; then ok "$name"; else
		echo "rc $rc (want $want)" >>"$tmp/err"
		bad "$name" "$tmp/err"
	fi
}

expect_err "check DIR: refused, exit 2" 2 '^pktpath: /tmp: Is a directory$' "$PKTPATH" check /tmp
expect_err "check /proc/self/mem: read error, exit 2" 2 '^pktpath: /proc/self/mem: ' "$PKTPATH" check /proc/self/mem
mkfifo "$tmp/fifo"
expect_err "check FIFO: refused without reading" 2 'fifo: not a regular file$' "$PKTPATH" check "$tmp/fifo"
expect_err "trace FIFO: refused" 2 'fifo: not a regular file$' "$PKTPATH" trace "$tmp/fifo"
echo 'include /dev/zero' >"$tmp/zero.scene"
expect_err "include /dev/zero: file:line:col, not read" 1 'zero.scene:1:9: include: /dev/zero: not a regular file$' \
	"$PKTPATH" check "$tmp/zero.scene"
echo "include $tmp" >"$tmp/dir.scene"
expect_err "include DIR: refused" 1 'dir.scene:1:9: include: .*: Is a directory$' "$PKTPATH" check "$tmp/dir.scene"
echo 'include self.scene' >"$tmp/self.scene"
expect_err "a file that includes itself: one loop error" 1 'self.scene:1:9: include: loop: .*self.scene -> .*self.scene$' \
	"$PKTPATH" check "$tmp/self.scene"
[ "$(grep -c include "$tmp/err")" = 1 ] && ok "… exactly one error line" || bad "… exactly one error line" "$tmp/err"
# a wide tree without a loop: 4 includes per file, 5 levels = 1364 includes > the limit
for i in 1 2 3 4 5; do printf 'include t%d.scene\n' $((i + 1)) $((i + 1)) $((i + 1)) $((i + 1)) >"$tmp/t$i.scene"; done
echo 'h ip link set lo up' >"$tmp/t6.scene"
expect_err "include fan-out: stops at the total limit" 1 'include: more than 256 includes in all$' \
	"$PKTPATH" check "$tmp/t1.scene"
[ "$(wc -l <"$tmp/err")" -le 3 ] && ok "… with one error, not thousands" || bad "… with one error, not thousands" "$tmp/err"
for i in $(seq 1 10); do echo "include d$((i + 1)).scene" >"$tmp/d$i.scene"; done
echo 'h ip link set lo up' >"$tmp/d11.scene"
expect_err "include depth: more than 8 nested files" 1 'include: more than 8 nested files$' "$PKTPATH" check "$tmp/d1.scene"
python3 -c "print('h ip route add 10.0.0.0/8 dev lo ' + 'x' * 3000)" >"$tmp/long.scene"
expect_err "a 3 kB line: refused, never cut" 1 'long.scene:1:1: line too long \(3033 bytes, at most 2047\)$' \
	"$PKTPATH" check "$tmp/long.scene"
printf 'h ip link set lo up\nh udp bind 127.0.0.1:5000 as u1\nh sendto u1 127.0.0.1:5000 %0100d\n' 0 >"$tmp/payload.scene"
expect_err "a 100-byte payload: refused, never cut" 1 'payload.scene:3:1: pktpath: payload too long \(100 bytes, at most 95\)$' \
	"$PKTPATH" check "$tmp/payload.scene"
head -c 100 /dev/zero >"$tmp/nul.scene"
expect_err "a file with NUL bytes: refused" 2 'not a text file' "$PKTPATH" check "$tmp/nul.scene"

printf 'h ip link set lo up\nh ping 127.0.0.1\nh ping 127.0.0.1\n' >"$tmp/events.scene"
expect_err "events per scene: PKTPATH_MAX_EVENTS stops the scene with one error" 1 \
	'events.scene:2:1: more than 5 events: the scene stops here' env PKTPATH_MAX_EVENTS=5 "$PKTPATH" check "$tmp/events.scene"
if "$PKTPATH" check "$tmp/events.scene" >"$tmp/out" 2>&1; then ok "… and the default limit lets it run"; else
	bad "… and the default limit lets it run" "$tmp/out"
fi

# a verdict no event can have is an error where it is written, not an expectation that
# silently never matches; a real one matches in any case
printf 'h ip link set lo up\nh ping 127.0.0.1\nexpect h sends icmp verdict sent\nexpect h drops verdict DORP\n' >"$tmp/verdict.scene"
expect_err "expect … verdict: an unknown word is named at file:line:col" 1 \
	'verdict.scene:4:24: expect: verdict: no event says "DORP"$' "$PKTPATH" check "$tmp/verdict.scene"
printf 'h ip link set lo up\nh ping 127.0.0.1\nexpect h sends icmp verdict sent\n' >"$tmp/verdict2.scene"
if "$PKTPATH" check "$tmp/verdict2.scene" >"$tmp/out" 2>&1; then ok "… and a known one matches in any case"; else
	bad "… and a known one matches in any case" "$tmp/out"
fi

# control bytes and invalid UTF-8 in a payload
printf 'h ip link set lo up\nh udp bind 127.0.0.1:5000 as u1\nh udp bind 127.0.0.1:6000 as u2\nh sendto u2 127.0.0.1:5000 "a\x07b\xffc\x1b[2J"\n' >"$tmp/bel.scene"
"$PKTPATH" trace "$tmp/bel.scene" >"$tmp/bel.txt" 2>&1
if ! LC_ALL=C grep -q $'[\x01-\x08\x0b-\x1f\x7f]' "$tmp/bel.txt" && grep -q 'DATA="a\\x07b\\xffc\\x1b\[2J"' "$tmp/bel.txt"; then
	ok "text trace: BEL, ESC and a stray byte are written as \\xNN"
else
	bad "text trace: BEL, ESC and a stray byte are written as \\xNN" "$tmp/bel.txt"
fi
"$PKTPATH" trace "$tmp/bel.scene" --format jsonl >"$tmp/bel.jsonl" 2>&1
if python3 -c 'import json,sys
for l in open(sys.argv[1], encoding="utf-8"): json.loads(l)' "$tmp/bel.jsonl" 2>"$tmp/json.err"; then
	ok "jsonl: every line is valid UTF-8 JSON"
else
	bad "jsonl: every line is valid UTF-8 JSON" "$tmp/json.err"
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
