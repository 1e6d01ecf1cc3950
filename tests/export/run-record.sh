#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# tests/export/run-record.sh: `pktpath record` writes an asciicast v2 recording of the TUI
# stepping through a lesson, and `pktpath render --format ansi` one coloured frame.
#   - the cast's format (cast.py): header, events, whole frames of the asked size;
#   - one frame per beat: the opening event, then every hop (or step end), as
#     tests/lib/beats.awk computes them from `pktpath trace --format jsonl`; each frame's
#     text equals `pktpath render --event E` with the same beat, size and language;
#   - one marker per scene step, in order, named after the step;
#   - asciinema (Debian's) reads the file;
#   - errors: no --cast, a bad size, a directory that does not exist (no file left); a
#     device at FILE is refused and stays, a symbolic link's target is written, a
#     read-only file is refused.
# Last line: `N passed, N failed[, N skipped]`.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 2

PKTPATH=${PKTPATH:-./pktpath}
pass=0 fail=0
if ! command -v python3 >/dev/null; then
	echo "tests/export/run-record.sh: SKIPPED: needs python3 (make deps)" >&2
	echo "0 passed, 0 failed, 1 skipped"
	exit 0
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/pktpath-record.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
. tests/lib/report.sh

# record NAME SCENE W H BEAT LANG: records, checks the format and every frame
record() {
	local name=$1 scene=$2 w=$3 h=$4 beat=$5 lang=$6 d="$tmp/$1" k=0 e diffs=0 nsteps
	mkdir -p "$d"
	if ! "$PKTPATH" record $scene --cast "$d/cast" --size "${w}x$h" --beat "$beat" --lang "$lang" 2>"$d/err"; then
		bad "$name: record exits 0" "$d/err"
		return
	fi
	ok "$name: record exits 0 ($(sed 's/.*: //' "$d/err"))"
	if python3 tests/export/cast.py "$d/cast" "$w" "$h" "$d" >"$d/check"; then
		ok "$name: asciicast v2, whole ${w}x$h frames ($(cat "$d/check"))"
	else
		bad "$name: asciicast v2, whole ${w}x$h frames" "$d/check"
		return
	fi
	# the beats, from the trace and the documented rules
	"$PKTPATH" trace --format jsonl $scene >"$d/jsonl"
	{
		awk -f tests/lib/beats.awk -v mode=opening "$d/jsonl"
		awk -f tests/lib/beats.awk -v mode="$beat" "$d/jsonl"
	} >"$d/beats"
	if [ "$(wc -l <"$d/beats")" = "$(ls "$d"/frame-* | wc -l)" ]; then
		ok "$name: one frame per beat ($(wc -l <"$d/beats"): the opening event, then each $beat)"
	else
		echo "beats: $(tr '\n' ' ' <"$d/beats"); frames: $(ls "$d"/frame-* | wc -l)" >"$d/why"
		bad "$name: one frame per beat" "$d/why"
	fi
	: >"$d/diffs"
	while read -r e; do
		k=$((k + 1))
		[ -f "$d/frame-$k" ] || break
		"$PKTPATH" render $scene --event "$e" --size "${w}x$h" --beat "$beat" --lang "$lang" >"$d/render"
		if ! diff -u "$d/render" "$d/frame-$k" >>"$d/diffs"; then
			diffs=$((diffs + 1))
			echo "(frame $k, event $e)" >>"$d/diffs"
		fi
	done <"$d/beats"
	if [ "$diffs" = 0 ] && [ "$k" -gt 1 ]; then
		ok "$name: every frame equals pktpath render at its event ($k frames)"
	else
		bad "$name: every frame equals pktpath render at its event ($diffs differ)" "$d/diffs"
	fi
	nsteps=$(sed -n 's/.*"step":\([0-9]*\).*/\1/p' "$d/jsonl" | sort -un | wc -l)
	if [ "$(wc -l <"$d/markers")" = "$nsteps" ] &&
		awk -v word="$([ "$lang" = ru ] && echo шаг || echo step)" \
			'{ if ($1 != word || $2 != NR ":") exit 1 }' "$d/markers"; then
		ok "$name: a marker per step, in order ($nsteps), in the recording's language"
	else
		bad "$name: a marker per step, in order ($nsteps), in the recording's language" "$d/markers"
	fi
	if command -v asciinema >/dev/null && command -v script >/dev/null; then
		# asciinema cat wants a terminal: script(1) gives it one
		if script -qec "asciinema cat '$d/cast'" /dev/null </dev/null >"$d/cat" 2>&1 &&
			grep -q 'pktpath' "$d/cat"; then
			ok "$name: asciinema cat reads it"
		else
			bad "$name: asciinema cat reads it" "$d/cat"
		fi
	fi
}

record default "" 80 24 hop en
record c7-step-ru c7-nat-once-per-flow 120 40 step ru

# render --format ansi: the same text once the SGR sequences are out, in the theme's colours
"$PKTPATH" render --event 30 --theme colorblind --format ansi >"$tmp/ansi"
"$PKTPATH" render --event 30 --theme colorblind >"$tmp/text"
if sed 's/\x1b\[[0-9;]*m//g; s/ *$//' "$tmp/ansi" | diff - "$tmp/text" >"$tmp/d"; then
	ok "render --format ansi: the text of render"
else
	bad "render --format ansi: the text of render" "$tmp/d"
fi
if grep -q $'\x1b\\[0;1;38;2;86;180;233;48;2;0;0;0m' "$tmp/ansi"; then
	ok "render --format ansi: the theme's 24-bit colours (colorblind's sky blue)"
else
	bad "render --format ansi: the theme's 24-bit colours (colorblind's sky blue)"
fi

# errors
t() {
	local name=$1 want=$2 re=$3 rc
	shift 3
	"$PKTPATH" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ "$rc" = "$want" ] && grep -Eq -- "$re" "$tmp/err"; then ok "$name"; else
		echo "rc $rc" >>"$tmp/err"
		bad "$name" "$tmp/err"
	fi
}
t "record without --cast" 2 'record: --cast FILE is required' record
t "record: a bad size" 2 'bad size "0x5"' record --cast "$tmp/x" --size 0x5
t "record: a directory that does not exist" 1 "record: $tmp/no/such: No such file or directory" record --cast "$tmp/no/such"
if [ -z "$(ls "$tmp/no" 2>/dev/null)" ]; then ok "… and no file is left"; else bad "… and no file is left"; fi
# what is at FILE decides (as for the console's save): a device is never replaced, a
# symbolic link's target is written, a read-only file is refused
t "record --cast /dev/null: refused" 1 'record: /dev/null: not a regular file: not replaced' record --cast /dev/null
if [ -c /dev/null ]; then ok "… /dev/null is still a device"; else bad "… /dev/null is still a device"; fi
echo old >"$tmp/target"
ln -s "$tmp/target" "$tmp/link"
"$PKTPATH" record --cast "$tmp/link" 2>/dev/null
if [ -L "$tmp/link" ] && head -c 13 "$tmp/target" | grep -q '{"version": 2'; then
	ok "record through a symbolic link writes its target, the link stays"
else
	bad "record through a symbolic link writes its target, the link stays"
fi
echo ro >"$tmp/ro" && chmod 444 "$tmp/ro"
t "record over a read-only file: refused" 1 'file is read-only: not replaced' record --cast "$tmp/ro"
t "render --format svg is not there" 2 '--format takes text or ansi' render --format svg

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
