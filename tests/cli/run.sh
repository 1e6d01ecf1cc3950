#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# pktpath's own command line: a missing value, an unknown option or a second file is a
# clear error with exit status 2 and changes nothing; --help and --version exit 0.
# Last line: `N passed, N failed`.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 2
PKTPATH=${PKTPATH:-./pktpath}
pass=0 fail=0
tmp=$(mktemp -d "${TMPDIR:-/tmp}/pktpath-cli.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
# t NAME WANT_RC STDERR_REGEX ARGS…
t() {
	local name=$1 want=$2 re=$3 rc
	shift 3
	"$PKTPATH" "$@" </dev/null >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ "$rc" = "$want" ] && grep -Eq -- "$re" "$tmp/err" "$tmp/out"; then
		pass=$((pass + 1))
		echo "ok   $name"
	else
		fail=$((fail + 1))
		echo "FAIL $name (rc $rc, want $want)"
		sed 's/^/     | /' "$tmp/err"
	fi
}
t "run --netns without a value" 2 "^pktpath run: option '--netns' requires a value \\(NAME\\)$" run --netns
t "run --netns= (empty)" 2 "needs a NAME" run --netns=
t "run: unknown option" 2 "^pktpath run: unknown option '--bogus'$" run --bogus
t "run: a second file" 2 "one FILE at most \\('b' is a second\\)" run a b
t "run --apply=x" 2 "--apply takes no value or =host, not 'x'" run --apply=x --netns x
t "run --apply without --netns" 2 "--apply needs --netns NAME" run --apply
t "run: a missing file" 2 "^pktpath: $tmp/none: No such file or directory$" run "$tmp/none"
t "run --help" 0 "usage: pktpath" run --help
t "--help" 0 "usage: pktpath" --help
t "--version" 0 "^pktpath [0-9]" --version
printf 'ip link set lo up\nip route show table local\n' >"$tmp/in"
t "run --echo FILE still works" 0 '^\$ ip route show table local$' run --echo "$tmp/in"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
