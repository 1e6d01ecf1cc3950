#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Lessons by name: `pktpath lessons` lists every lesson with its title; `check`, `trace`,
# `render` and the TUI take a lesson's name; the lookup order is the current directory,
# $XDG_DATA_HOME/pktpath/scenes, then the lessons that come with pktpath (here the
# source tree's, next to the binary); an unknown name is a clear error, exit 2.
# Last line: `N passed, N failed`.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 2
PKTPATH=${PKTPATH:-./pktpath}
PKTPATH=$(cd "$(dirname "$PKTPATH")" && pwd)/$(basename "$PKTPATH")
pass=0 fail=0
tmp=$(mktemp -d "${TMPDIR:-/tmp}/pktpath-lessons.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
ok() { pass=$((pass + 1)); echo "ok   $1"; }
bad() {
	fail=$((fail + 1))
	echo "FAIL $1"
	[ -f "$tmp/err" ] && sed 's/^/     | /' "$tmp/err" | head -5
}
nscenes=$(ls scenes/*.scene | wc -l)

# from an empty directory, so only the lessons that come with pktpath count
mkdir -p "$tmp/empty" "$tmp/xdg/pktpath/scenes"
cd "$tmp/empty" || exit 2
export XDG_DATA_HOME=$tmp/xdg
"$PKTPATH" lessons >"$tmp/out" 2>"$tmp/err"
if [ $? -eq 0 ] && [ "$(wc -l <"$tmp/out")" -eq "$nscenes" ] &&
	grep -Eq '^c6-better-route +C6: a better route moves a live TCP flow' "$tmp/out"; then
	ok "lessons lists the $nscenes lessons with their titles"
else
	bad "lessons lists the $nscenes lessons with their titles"
fi
"$PKTPATH" lessons --paths >"$tmp/out" 2>"$tmp/err"
if grep -Eq '^arp-flux +/.*/scenes/arp-flux\.scene$' "$tmp/out"; then ok "lessons --paths"; else bad "lessons --paths"; fi
"$PKTPATH" lessons --bogus >/dev/null 2>"$tmp/err"
[ $? -eq 2 ] && grep -q 'usage: pktpath lessons' "$tmp/err" && ok "lessons: unknown option, exit 2" ||
	bad "lessons: unknown option, exit 2"

"$PKTPATH" check c6-better-route >"$tmp/out" 2>"$tmp/err"
[ $? -eq 0 ] && grep -Eq '^ok .*c6-better-route\.scene \([0-9]+ expectations\)' "$tmp/out" &&
	ok "check by name" || bad "check by name"
"$PKTPATH" check arp-flux.scene >"$tmp/out" 2>"$tmp/err"
[ $? -eq 0 ] && ok "check by name with .scene" || bad "check by name with .scene"
"$PKTPATH" trace c7-nat-once-per-flow >"$tmp/out" 2>"$tmp/err"
[ $? -eq 0 ] && grep -q '^# title: C7' "$tmp/out" && ok "trace by name" || bad "trace by name"
"$PKTPATH" render c8-route-src-once --step 2 --size 80x24 >"$tmp/out" 2>"$tmp/err"
[ $? -eq 0 ] && grep -q 'C8' "$tmp/out" && ok "render by name" || bad "render by name"
"$PKTPATH" check no-such-lesson >"$tmp/out" 2>"$tmp/err"
[ $? -eq 2 ] && grep -q '^pktpath: no-such-lesson: no such file, and no lesson of that name' "$tmp/err" &&
	ok "an unknown name: clear error, exit 2" || bad "an unknown name: clear error, exit 2"

# $XDG_DATA_HOME before the shipped lessons, the current directory before both
printf 'title mine from XDG\nh ip link set lo up\n' >"$tmp/xdg/pktpath/scenes/c6-better-route.scene"
"$PKTPATH" trace c6-better-route >"$tmp/out" 2>"$tmp/err"
grep -q '^# title: mine from XDG' "$tmp/out" && ok "XDG_DATA_HOME comes before the shipped lessons" ||
	bad "XDG_DATA_HOME comes before the shipped lessons"
"$PKTPATH" lessons >"$tmp/out"
[ "$(grep -c '^c6-better-route ' "$tmp/out")" = 1 ] && grep -Eq '^c6-better-route +mine from XDG' "$tmp/out" &&
	ok "… and lessons lists a name once, the one that is used" || bad "… and lessons lists a name once"
printf 'title mine from cwd\nh ip link set lo up\n' >"$tmp/empty/c6-better-route.scene"
"$PKTPATH" trace c6-better-route >"$tmp/out" 2>"$tmp/err"
grep -q '^# title: mine from cwd' "$tmp/out" && ok "the current directory comes first" || bad "the current directory comes first"
# a path is a path: never looked up as a name
"$PKTPATH" check ./missing.scene >"$tmp/out" 2>"$tmp/err"
[ $? -eq 2 ] && grep -q 'missing.scene: No such file or directory' "$tmp/err" && ok "a path with a slash is not a name" ||
	bad "a path with a slash is not a name"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
